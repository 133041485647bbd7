/* moderato-preferences-window.c — the user-facing settings
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "moderato-preferences"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "moderato-highlight-prefs.h"
#include "moderato-moderation-button.h"
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
  GtkSwitch            *confirm_forever_switch;
  AdwPreferencesGroup  *buttons_group;
  AdwComboRow          *style_row;
  GtkSpinButton        *text_size_spin;
  GtkSwitch            *compact_rows_switch;
  GtkSwitch            *ledger_record_switch;
  GtkSpinButton        *ledger_days_spin;
  GtkSpinButton        *ledger_size_spin;

  GPtrArray            *button_rows;     /* the rows in buttons_group */
  guint                 rebuild_id;
  const char           *focus_button;    /* static id: give its row's control the focus back */
  const char           *focus_control;   /* "switch", "up" or "down" */
};

/* The pause-modifier choices, in the order of the combo row. */
static const char *const pause_modifiers[] = { "control", "alt", "shift", "none", NULL };
/* The style-variant choices, in the order of the combo row. */
static const char *const style_variants[] = { "default", "light", "dark", NULL };

G_DEFINE_FINAL_TYPE (ModeratoPreferencesWindow, moderato_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A string setting with choices and a combo row of them: @user_data is the choices, in
 * the row's order, NULL-terminated. */
static gboolean
choice_to_selected (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char *const *choices = user_data;
  const char *name = g_variant_get_string (variant, NULL);

  for (guint i = 0; choices[i] != NULL; i++)
    if (g_str_equal (name, choices[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
selected_to_choice (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  const char *const *choices = user_data;
  guint selected = g_value_get_uint (value);

  if (selected >= g_strv_length ((char **) choices))
    return NULL;
  return g_variant_new_string (choices[selected]);
}

/* text-scale (1.0 = the system size) as a percentage in the spin button. */
static gboolean
scale_to_percent (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  g_value_set_double (value, round (g_variant_get_double (variant) * 100));
  return TRUE;
}

static GVariant *
percent_to_scale (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  return g_variant_new_double (g_value_get_double (value) / 100);
}

/* Moderation buttons: one row per button a message can have, the chosen ones first in
 * their order, each with a switch and up/down buttons; any change writes the setting, the
 * rows follow the setting. */

static const char *
static_button_id (const char *id)
{
  const char * const *known = moderato_moderation_button_ids ();

  for (guint i = 0; known[i] != NULL; i++)
    if (g_str_equal (known[i], id))
      return known[i];

  return NULL;
}

/* The known ids of the setting, each once, in order. */
static GPtrArray *
chosen_buttons (ModeratoPreferencesWindow *self)
{
  g_auto(GStrv) ids = g_settings_get_strv (self->settings, "moderation-buttons");
  GPtrArray *chosen = g_ptr_array_new ();

  for (guint i = 0; ids[i] != NULL; i++)
    {
      const char *id = static_button_id (ids[i]);

      if (id != NULL && !g_ptr_array_find (chosen, id, NULL))
        g_ptr_array_add (chosen, (gpointer) id);
    }

  return chosen;
}

static void
store_buttons (ModeratoPreferencesWindow *self,
               GPtrArray                 *chosen)
{
  g_ptr_array_add (chosen, NULL);
  g_settings_set_strv (self->settings, "moderation-buttons", (const char * const *) chosen->pdata);
  g_ptr_array_remove_index (chosen, chosen->len - 1);
}

static void
button_switch_cb (GtkSwitch                 *toggle,
                  GParamSpec                *pspec,
                  ModeratoPreferencesWindow *self)
{
  const char *id = g_object_get_data (G_OBJECT (toggle), "moderato-button");
  g_autoptr(GPtrArray) chosen = chosen_buttons (self);
  gboolean was = g_ptr_array_remove (chosen, (gpointer) id);

  if (gtk_switch_get_active (toggle) == was)
    return;
  if (gtk_switch_get_active (toggle))
    g_ptr_array_add (chosen, (gpointer) id);

  self->focus_button = id;
  self->focus_control = "switch";
  store_buttons (self, chosen);
}

static void
button_move_cb (GtkButton                 *button,
                ModeratoPreferencesWindow *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "moderato-button");
  int step = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "moderato-step"));
  g_autoptr(GPtrArray) chosen = chosen_buttons (self);
  guint index;

  if (!g_ptr_array_find (chosen, id, &index) || (int) index + step < 0 ||
      index + step >= chosen->len)
    return;

  chosen->pdata[index] = chosen->pdata[index + step];
  chosen->pdata[index + step] = (gpointer) id;
  self->focus_button = id;
  self->focus_control = step < 0 ? "up" : "down";
  store_buttons (self, chosen);
}

static GtkWidget *
add_move_button (ModeratoPreferencesWindow *self,
                 AdwActionRow              *row,
                 const char                *id,
                 int                        step,
                 gboolean                   sensitive)
{
  const char *title = moderato_moderation_button_title (id);
  GtkWidget *button = gtk_button_new_from_icon_name (step < 0 ? "go-up-symbolic"
                                                              : "go-down-symbolic");
  g_autofree char *label = NULL;

  /* Translators: %s is a button's title, e.g. "Move “Delete Message” up". */
  label = g_strdup_printf (step < 0 ? _("Move “%s” up") : _("Move “%s” down"), title);
  gtk_widget_set_tooltip_text (button, step < 0 ? _("Move Up") : _("Move Down"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_sensitive (button, sensitive);
  g_object_set_data (G_OBJECT (button), "moderato-button", (gpointer) id);
  g_object_set_data (G_OBJECT (button), "moderato-step", GINT_TO_POINTER (step));
  g_signal_connect_object (button, "clicked", G_CALLBACK (button_move_cb), self, 0);
  adw_action_row_add_suffix (row, button);
  return button;
}

static void
build_button_rows (ModeratoPreferencesWindow *self)
{
  g_autoptr(GPtrArray) chosen = chosen_buttons (self);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  const char * const *known = moderato_moderation_button_ids ();
  GtkWidget *focus = NULL;

  for (guint i = 0; i < self->button_rows->len; i++)
    adw_preferences_group_remove (self->buttons_group, self->button_rows->pdata[i]);
  g_ptr_array_set_size (self->button_rows, 0);

  g_ptr_array_extend (order, chosen, NULL, NULL);
  for (guint i = 0; known[i] != NULL; i++)
    if (!g_ptr_array_find (chosen, known[i], NULL))
      g_ptr_array_add (order, (gpointer) known[i]);

  for (guint i = 0; i < order->len; i++)
    {
      const char *id = order->pdata[i];
      gboolean on = i < chosen->len;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *toggle = gtk_switch_new ();
      GtkWidget *up, *down, *icon;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     moderato_moderation_button_title (id));
      icon = gtk_image_new_from_icon_name (moderato_moderation_button_icon (id));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      up = add_move_button (self, ADW_ACTION_ROW (row), id, -1, on && i > 0);
      down = add_move_button (self, ADW_ACTION_ROW (row), id, 1, on && i + 1 < chosen->len);

      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (toggle), on);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (toggle),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL,
                                      -1);
      g_object_set_data (G_OBJECT (toggle), "moderato-button", (gpointer) id);
      g_signal_connect_object (toggle, "notify::active", G_CALLBACK (button_switch_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);

      adw_preferences_group_add (self->buttons_group, row);
      g_ptr_array_add (self->button_rows, row);

      if (self->focus_button == id)
        focus = g_str_equal (self->focus_control, "up") ? up :
                g_str_equal (self->focus_control, "down") ? down : toggle;
    }

  /* After a move, the keyboard stays on the moved button (or its row when it cannot move
   * further). */
  if (focus != NULL && !gtk_widget_grab_focus (focus))
    gtk_widget_grab_focus (gtk_widget_get_ancestor (focus, ADW_TYPE_ACTION_ROW));
  self->focus_button = NULL;
}

static gboolean
rebuild_button_rows_cb (gpointer data)
{
  ModeratoPreferencesWindow *self = data;

  self->rebuild_id = 0;
  build_button_rows (self);
  return G_SOURCE_REMOVE;
}

/* Not while the switch or button that changed the setting is still handling its click. */
static void
buttons_changed_cb (ModeratoPreferencesWindow *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_button_rows_cb, self);
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
                                choice_to_selected, selected_to_choice,
                                (gpointer) pause_modifiers, NULL);
  g_settings_bind (self->settings, "confirm-mute-forever", self->confirm_forever_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::moderation-buttons",
                           G_CALLBACK (buttons_changed_cb), self, G_CONNECT_SWAPPED);
  build_button_rows (self);
  g_settings_bind_with_mapping (self->settings, "style-variant", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, choice_to_selected, selected_to_choice,
                                (gpointer) style_variants, NULL);
  g_settings_bind_with_mapping (self->settings, "text-scale", self->text_size_spin, "value",
                                G_SETTINGS_BIND_DEFAULT, scale_to_percent, percent_to_scale,
                                NULL, NULL);
  g_settings_bind (self->settings, "compact-rows", self->compact_rows_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "ledger-record", self->ledger_record_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "ledger-keep-days", self->ledger_days_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "ledger-max-mb", self->ledger_size_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (moderato_highlight_prefs_new (self->settings)));
}

static void
moderato_preferences_window_dispose (GObject *object)
{
  ModeratoPreferencesWindow *self = MODERATO_PREFERENCES_WINDOW (object);

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), MODERATO_TYPE_PREFERENCES_WINDOW);
  g_clear_pointer (&self->button_rows, g_ptr_array_unref);
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
  gtk_widget_class_bind_template_child (widget_class, ModeratoPreferencesWindow,
                                        confirm_forever_switch);
  gtk_widget_class_bind_template_child (widget_class, ModeratoPreferencesWindow, buttons_group);
  gtk_widget_class_bind_template_child (widget_class, ModeratoPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, ModeratoPreferencesWindow, text_size_spin);
  gtk_widget_class_bind_template_child (widget_class, ModeratoPreferencesWindow,
                                        compact_rows_switch);
  gtk_widget_class_bind_template_child (widget_class, ModeratoPreferencesWindow,
                                        ledger_record_switch);
  gtk_widget_class_bind_template_child (widget_class, ModeratoPreferencesWindow, ledger_days_spin);
  gtk_widget_class_bind_template_child (widget_class, ModeratoPreferencesWindow, ledger_size_spin);
}

static void
moderato_preferences_window_init (ModeratoPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->button_rows = g_ptr_array_new ();
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
