/* moderato-window-appearance.c — the window's side of the appearance settings
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text size itself is applied to the whole application (moderato-appearance.c); here
 * the window shows it in the main menu as GNOME apps do ("−  100%  +"), disables the zoom
 * actions at the bounds, and follows the compact-rows setting with the "compact-rows" class
 * (style.css draws the rows smaller under it).
 */
#define G_LOG_DOMAIN "moderato-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "moderato-appearance.h"
#include "moderato-window-private.h"

static void
text_scale_changed_cb (ModeratoWindow *self)
{
  double scale = g_settings_get_double (self->settings, "text-scale");
  g_autofree char *percent = NULL;

  /* Translators: the chat text size in the main menu, e.g. "120%". */
  percent = g_strdup_printf (_("%d%%"), (int) round (scale * 100));
  gtk_button_set_label (GTK_BUTTON (self->zoom_reset_button), percent);

  /* Compared a little inside the bounds: the setting is a double. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-in",
                                 scale < MODERATO_TEXT_SCALE_MAX - 0.001);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-out",
                                 scale > MODERATO_TEXT_SCALE_MIN + 0.001);
}

static void
compact_rows_changed_cb (ModeratoWindow *self)
{
  if (g_settings_get_boolean (self->settings, "compact-rows"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "compact-rows");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "compact-rows");
}

static GtkWidget *
zoom_button (const char *icon_name,
             const char *action_name,
             const char *tooltip,
             const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  return button;
}

/* The zoom row of the main menu: the "zoom" custom item of main_menu. */
static void
add_zoom_control (ModeratoWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_add_css_class (box, "zoom-control");
  gtk_box_append (GTK_BOX (box), zoom_button ("zoom-out-symbolic", "win.zoom-out",
                                              _("Smaller Text"), _("Smaller text")));
  self->zoom_reset_button = gtk_button_new_with_label ("100%");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->zoom_reset_button), "win.zoom-reset");
  gtk_widget_set_tooltip_text (self->zoom_reset_button, _("Reset Text Size"));
  gtk_widget_set_hexpand (self->zoom_reset_button, TRUE);
  gtk_widget_add_css_class (self->zoom_reset_button, "flat");
  gtk_widget_add_css_class (self->zoom_reset_button, "numeric");
  gtk_box_append (GTK_BOX (box), self->zoom_reset_button);
  gtk_box_append (GTK_BOX (box), zoom_button ("zoom-in-symbolic", "win.zoom-in",
                                              _("Larger Text"), _("Larger text")));

  self->zoom_control = g_object_ref_sink (box);
  _moderato_window_appearance_place_zoom (self);
}

void
_moderato_window_appearance_place_zoom (ModeratoWindow *self)
{
  GtkPopover *popover = gtk_menu_button_get_popover (self->main_menu_button);
  GtkWidget *parent;

  if (self->zoom_control == NULL || popover == NULL)
    return;
  parent = gtk_widget_get_parent (self->zoom_control);
  if (parent != NULL && gtk_widget_is_ancestor (self->zoom_control, GTK_WIDGET (popover)))
    return;
  if (parent != NULL)
    gtk_widget_unparent (self->zoom_control);
  if (!gtk_popover_menu_add_child (GTK_POPOVER_MENU (popover), self->zoom_control, "zoom"))
    g_warning ("The main menu has no “zoom” item");
}

void
_moderato_window_appearance_init (ModeratoWindow *self)
{
  if (self->settings == NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-in", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-out", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-reset", FALSE);
      return;
    }

  add_zoom_control (self);
  g_signal_connect_object (self->settings, "changed::text-scale",
                           G_CALLBACK (text_scale_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::compact-rows",
                           G_CALLBACK (compact_rows_changed_cb), self, G_CONNECT_SWAPPED);
  text_scale_changed_cb (self);
  compact_rows_changed_cb (self);
}
