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
};

G_DEFINE_FINAL_TYPE (ModeratoPreferencesWindow, moderato_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
