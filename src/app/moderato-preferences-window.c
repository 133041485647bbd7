/* moderato-preferences-window.c — the user-facing settings
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "moderato-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-preferences-window.h"

struct _ModeratoPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  GtkSpinButton        *history_spin;
  GtkSwitch            *timestamps_switch;
  GtkSwitch            *sidebar_switch;
  GtkSwitch            *pause_hover_switch;
  GtkSpinButton        *pause_delay_spin;
  AdwComboRow          *pause_modifier_row;
};

/* The pause-modifier choices, in the order of the combo row. */
static const char *const pause_modifiers[] = { "control", "alt", "shift", "none" };

G_DEFINE_FINAL_TYPE (ModeratoPreferencesWindow, moderato_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
modifier_to_selected (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  const char *name = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (pause_modifiers); i++)
    if (g_str_equal (name, pause_modifiers[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
selected_to_modifier (const GValue       *value,
                      const GVariantType *expected_type,
                      gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (pause_modifiers))
    return NULL;
  return g_variant_new_string (pause_modifiers[selected]);
}

static void
moderato_preferences_window_constructed (GObject *object)
{
  ModeratoPreferencesWindow *self = MODERATO_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (moderato_preferences_window_parent_class)->constructed (object);

  if (self->settings == NULL)
    return;

  g_settings_bind (self->settings, "history-len", self->history_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-timestamps", self->timestamps_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-sidebar", self->sidebar_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "pause-on-hover", self->pause_hover_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "pause-resume-delay-ms", self->pause_delay_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "pause-modifier", self->pause_modifier_row,
                                "selected", G_SETTINGS_BIND_DEFAULT,
                                modifier_to_selected, selected_to_modifier, NULL, NULL);
}

static void
moderato_preferences_window_dispose (GObject *object)
{
  ModeratoPreferencesWindow *self = MODERATO_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MODERATO_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (moderato_preferences_window_parent_class)->dispose (object);
}

static void
moderato_preferences_window_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  ModeratoPreferencesWindow *self = MODERATO_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_preferences_window_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  ModeratoPreferencesWindow *self = MODERATO_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_set_object (&self->settings, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_preferences_window_class_init (ModeratoPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = moderato_preferences_window_constructed;
  object_class->dispose = moderato_preferences_window_dispose;
  object_class->get_property = moderato_preferences_window_get_property;
  object_class->set_property = moderato_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/moderato-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ModeratoPreferencesWindow, history_spin);
  gtk_widget_class_bind_template_child (widget_class, ModeratoPreferencesWindow, timestamps_switch);
  gtk_widget_class_bind_template_child (widget_class, ModeratoPreferencesWindow, sidebar_switch);
  gtk_widget_class_bind_template_child (widget_class, ModeratoPreferencesWindow,
                                        pause_hover_switch);
  gtk_widget_class_bind_template_child (widget_class, ModeratoPreferencesWindow, pause_delay_spin);
  gtk_widget_class_bind_template_child (widget_class, ModeratoPreferencesWindow,
                                        pause_modifier_row);
}

static void
moderato_preferences_window_init (ModeratoPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

ModeratoPreferencesWindow *
moderato_preferences_window_new (GtkWindow *parent,
                                 GSettings *settings)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (MODERATO_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "settings", settings,
                       NULL);
}
