/* moderato-appearance.c — the appearance settings applied to the whole application
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text size is CSS: one provider on the display sets font-size on the chat list, the
 * pinned message, the user card's messages and the user list. The rows lay their text out
 * with their widget's Pango context, which follows the CSS font, so a change reaches every
 * row at once without rebuilding anything, and sizes derived from the font metrics follow.
 * The style (light, dark, follow the system) is AdwStyleManager's colour scheme.
 */
#define G_LOG_DOMAIN "moderato-appearance"

#include "config.h"

#include <math.h>

#include "moderato-appearance.h"

struct _ModeratoAppearance
{
  GObject         parent_instance;

  GSettings      *settings;
  GdkDisplay     *display;
  GtkCssProvider *text_provider;
};

G_DEFINE_FINAL_TYPE (ModeratoAppearance, moderato_appearance, G_TYPE_OBJECT)

/* Above style.css (APPLICATION) so that nothing there overrides the user's size. */
#define TEXT_PROVIDER_PRIORITY (GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1)

double
moderato_appearance_step_scale (double scale,
                                int    steps)
{
  double stepped = round (scale / MODERATO_TEXT_SCALE_STEP + steps) * MODERATO_TEXT_SCALE_STEP;

  return CLAMP (stepped, MODERATO_TEXT_SCALE_MIN, MODERATO_TEXT_SCALE_MAX);
}

static void
text_scale_changed_cb (ModeratoAppearance *self)
{
  double scale = CLAMP (g_settings_get_double (self->settings, "text-scale"),
                        MODERATO_TEXT_SCALE_MIN, MODERATO_TEXT_SCALE_MAX);
  g_autofree char *css = NULL;

  /* A whole percentage: the C locale's printf would be needed for a decimal point. */
  css = g_strdup_printf (".chat-list, .pinned-bar, .user-card-messages, .user-list "
                         "{ font-size: %d%%; }", (int) round (scale * 100));
  gtk_css_provider_load_from_data (self->text_provider, css, -1);
}

static void
style_variant_changed_cb (ModeratoAppearance *self)
{
  g_autofree char *variant = g_settings_get_string (self->settings, "style-variant");
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (variant, "light"))
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (variant, "dark"))
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

static void
moderato_appearance_finalize (GObject *object)
{
  ModeratoAppearance *self = MODERATO_APPEARANCE (object);

  gtk_style_context_remove_provider_for_display (self->display,
                                                 GTK_STYLE_PROVIDER (self->text_provider));
  g_clear_object (&self->text_provider);
  g_clear_object (&self->display);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (moderato_appearance_parent_class)->finalize (object);
}

static void
moderato_appearance_class_init (ModeratoAppearanceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = moderato_appearance_finalize;
}

static void
moderato_appearance_init (ModeratoAppearance *self)
{
  self->text_provider = gtk_css_provider_new ();
}

ModeratoAppearance *
moderato_appearance_new (GSettings  *settings,
                         GdkDisplay *display)
{
  ModeratoAppearance *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (GDK_IS_DISPLAY (display), NULL);

  self = g_object_new (MODERATO_TYPE_APPEARANCE, NULL);
  self->settings = g_object_ref (settings);
  self->display = g_object_ref (display);

  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (self->text_provider),
                                              TEXT_PROVIDER_PRIORITY);
  g_signal_connect_object (settings, "changed::text-scale",
                           G_CALLBACK (text_scale_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::style-variant",
                           G_CALLBACK (style_variant_changed_cb), self, G_CONNECT_SWAPPED);
  text_scale_changed_cb (self);
  style_variant_changed_cb (self);

  return self;
}
