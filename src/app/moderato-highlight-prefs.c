/* moderato-highlight-prefs.c — the preferences of highlights, spam waves and rants
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One page of the preferences window: the rules, one row each (a switch to turn it on or
 * off, Edit, Remove), an editor below them for a new rule or the one being edited, then
 * the wave and rant settings. A rule is checked by the detection library's own constructor
 * before it is stored: a regular expression that does not compile is refused there, with
 * GRegex's message under the pattern.
 */
#define G_LOG_DOMAIN "moderato-highlight-prefs"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-detect-rule.h"
#include "moderato-highlight-prefs.h"

struct _ModeratoHighlightPrefs
{
  AdwPreferencesPage  parent_instance;

  GSettings          *settings;
  AdwPreferencesGroup *rules_group;
  GPtrArray          *rule_rows;      /* rows in rules_group */
  AdwComboRow        *kind_row;
  AdwEntryRow        *pattern_row;
  GtkLabel           *error_label;
  GtkSwitch          *case_switch;
  GtkColorButton     *color_button;
  GtkSwitch          *notify_switch;
  GtkButton          *submit_button;
  char               *editing_id;     /* the rule in the editor, NULL: a new one */
};

G_DEFINE_FINAL_TYPE (ModeratoHighlightPrefs, moderato_highlight_prefs, ADW_TYPE_PREFERENCES_PAGE)

static GPtrArray *
load_rules (ModeratoHighlightPrefs *self)
{
  g_autoptr(GVariant) value = g_settings_get_value (self->settings, "highlight-rules");

  return moderato_detect_rules_from_variant (value, NULL);
}

static void
store_rules (ModeratoHighlightPrefs *self,
             GPtrArray              *rules)
{
  g_settings_set_value (self->settings, "highlight-rules",
                        moderato_detect_rules_to_variant (rules));
}

static guint
find_rule (GPtrArray  *rules,
           const char *id)
{
  for (guint i = 0; i < rules->len; i++)
    if (g_strcmp0 (moderato_detect_rule_get_id (g_ptr_array_index (rules, i)), id) == 0)
      return i;
  return G_MAXUINT;
}

static void
reset_editor (ModeratoHighlightPrefs *self)
{
  g_clear_pointer (&self->editing_id, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->pattern_row), "");
  adw_combo_row_set_selected (self->kind_row, 0);
  gtk_switch_set_active (self->case_switch, TRUE);
  gtk_switch_set_active (self->notify_switch, FALSE);
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->color_button),
                              &(GdkRGBA) { 0.898f, 0.647f, 0.039f, 1 });
  gtk_button_set_label (self->submit_button, _("_Add Rule"));
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->pattern_row), "error");
}

static void
rule_enabled_cb (GtkSwitch              *toggle,
                 GParamSpec             *pspec,
                 ModeratoHighlightPrefs *self)
{
  g_autoptr(GPtrArray) rules = load_rules (self);
  guint i = find_rule (rules, g_object_get_data (G_OBJECT (toggle), "moderato-rule-id"));

  if (i == G_MAXUINT)
    return;
  moderato_detect_rule_set_enabled (g_ptr_array_index (rules, i),
                                    gtk_switch_get_active (toggle));
  store_rules (self, rules);
}

static void
rule_remove_cb (GtkButton              *button,
                ModeratoHighlightPrefs *self)
{
  g_autoptr(GPtrArray) rules = load_rules (self);
  guint i = find_rule (rules, g_object_get_data (G_OBJECT (button), "moderato-rule-id"));

  if (i == G_MAXUINT)
    return;
  g_ptr_array_remove_index (rules, i);
  store_rules (self, rules);
}

static void
rule_edit_cb (GtkButton              *button,
              ModeratoHighlightPrefs *self)
{
  g_autoptr(GPtrArray) rules = load_rules (self);
  guint i = find_rule (rules, g_object_get_data (G_OBJECT (button), "moderato-rule-id"));
  ModeratoDetectRule *rule;
  GdkRGBA rgba;

  if (i == G_MAXUINT)
    return;
  rule = g_ptr_array_index (rules, i);
  reset_editor (self);
  self->editing_id = g_strdup (moderato_detect_rule_get_id (rule));
  adw_combo_row_set_selected (self->kind_row,
                              moderato_detect_rule_get_kind (rule) == MODERATO_DETECT_RULE_REGEX);
  gtk_editable_set_text (GTK_EDITABLE (self->pattern_row), moderato_detect_rule_get_pattern (rule));
  gtk_switch_set_active (self->case_switch, moderato_detect_rule_get_case_insensitive (rule));
  gtk_switch_set_active (self->notify_switch, moderato_detect_rule_get_notify (rule));
  if (moderato_detect_rule_get_color (rule) != NULL &&
      gdk_rgba_parse (&rgba, moderato_detect_rule_get_color (rule)))
    gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->color_button), &rgba);
  gtk_button_set_label (self->submit_button, _("_Save Rule"));
  gtk_widget_grab_focus (GTK_WIDGET (self->pattern_row));
}

static GtkWidget *
rule_row_new (ModeratoHighlightPrefs *self,
              ModeratoDetectRule     *rule)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  const char *id = moderato_detect_rule_get_id (rule);
  const GError *error = moderato_detect_rule_get_error (rule);
  GtkWidget *suffixes[] = { toggle, edit, remove };
  g_autofree char *subtitle = NULL;

  /* Rule patterns are the user's own text: shown plain. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 moderato_detect_rule_get_pattern (rule));
  subtitle = g_strdup_printf ("%s%s%s",
                              moderato_detect_rule_get_kind (rule) == MODERATO_DETECT_RULE_REGEX ?
                              _("Regular expression") : _("Keyword"),
                              moderato_detect_rule_get_notify (rule) ? _(", notifies") : "",
                              error != NULL ? _(", failed") : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      gtk_widget_set_valign (suffixes[i], GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (suffixes[i]), "moderato-rule-id", g_strdup (id), g_free);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffixes[i]);
    }
  gtk_switch_set_active (GTK_SWITCH (toggle), moderato_detect_rule_get_enabled (rule));
  gtk_widget_set_tooltip_text (toggle, _("Use This Rule"));
  gtk_widget_set_tooltip_text (edit, _("Edit"));
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  gtk_widget_add_css_class (edit, "flat");
  gtk_widget_add_css_class (remove, "flat");
  g_signal_connect (toggle, "notify::active", G_CALLBACK (rule_enabled_cb), self);
  g_signal_connect (edit, "clicked", G_CALLBACK (rule_edit_cb), self);
  g_signal_connect (remove, "clicked", G_CALLBACK (rule_remove_cb), self);
  return row;
}

static void
rebuild_rules (ModeratoHighlightPrefs *self)
{
  g_autoptr(GPtrArray) rules = load_rules (self);

  for (guint i = 0; i < self->rule_rows->len; i++)
    adw_preferences_group_remove (self->rules_group, g_ptr_array_index (self->rule_rows, i));
  g_ptr_array_set_size (self->rule_rows, 0);
  for (guint i = 0; i < rules->len; i++)
    {
      GtkWidget *row = rule_row_new (self, g_ptr_array_index (rules, i));

      adw_preferences_group_add (self->rules_group, row);
      g_ptr_array_add (self->rule_rows, row);
    }
}

static void
submit_cb (ModeratoHighlightPrefs *self)
{
  g_autoptr(GPtrArray) rules = load_rules (self);
  g_autoptr(ModeratoDetectRule) rule = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *color = NULL;
  GdkRGBA rgba;
  guint i;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->color_button), &rgba);
  color = g_strdup_printf ("#%02x%02x%02x", (guint) (rgba.red * 255 + 0.5),
                           (guint) (rgba.green * 255 + 0.5), (guint) (rgba.blue * 255 + 0.5));
  rule = moderato_detect_rule_new (self->editing_id, NULL,
                                   adw_combo_row_get_selected (self->kind_row) == 1 ?
                                   MODERATO_DETECT_RULE_REGEX : MODERATO_DETECT_RULE_KEYWORD,
                                   gtk_editable_get_text (GTK_EDITABLE (self->pattern_row)),
                                   gtk_switch_get_active (self->case_switch), color,
                                   gtk_switch_get_active (self->notify_switch), &error);
  if (rule == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->pattern_row), "error");
      return;
    }

  i = self->editing_id != NULL ? find_rule (rules, self->editing_id) : G_MAXUINT;
  if (i != G_MAXUINT)
    {
      g_ptr_array_remove_index (rules, i);
      g_ptr_array_insert (rules, i, g_steal_pointer (&rule));
    }
  else
    g_ptr_array_add (rules, g_steal_pointer (&rule));
  store_rules (self, rules);
  reset_editor (self);
}

static GtkWidget *
switch_row (AdwPreferencesGroup *group,
            const char          *title,
            GtkSwitch          **out_switch)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  adw_preferences_group_add (group, row);
  *out_switch = GTK_SWITCH (toggle);
  return row;
}

static void
spin_row (AdwPreferencesGroup *group,
          GSettings           *settings,
          const char          *key,
          const char          *title,
          const char          *subtitle,
          double               min,
          double               max)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (min, max, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  row, NULL, -1);
  g_settings_bind (settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT);
  adw_preferences_group_add (group, row);
}

static void
build (ModeratoHighlightPrefs *self)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (self);
  AdwPreferencesGroup *editor = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *waves = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkStringList *kinds = gtk_string_list_new ((const char *[]) {
    _("Keyword"), _("Regular Expression"), NULL
  });
  GtkWidget *row;
  GtkSwitch *first_time;

  self->rules_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->rules_group, _("Highlights"));
  adw_preferences_group_set_description (self->rules_group,
                                         _("Messages that match a rule get its colour and a "
                                           "place in the list above the chat; the first rule "
                                           "that matches wins"));
  adw_preferences_page_add (page, self->rules_group);

  adw_preferences_group_set_title (editor, _("Rule"));
  self->kind_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kind_row), _("Kind"));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  adw_preferences_group_add (editor, GTK_WIDGET (self->kind_row));

  self->pattern_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->pattern_row), _("Pattern"));
  adw_preferences_group_add (editor, GTK_WIDGET (self->pattern_row));
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_margin_top (GTK_WIDGET (self->error_label), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->error_label), 6);
  gtk_widget_set_margin_start (GTK_WIDGET (self->error_label), 12);
  adw_preferences_group_add (editor, GTK_WIDGET (self->error_label));

  switch_row (editor, _("Ignore Case"), &self->case_switch);
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Colour"));
  self->color_button = GTK_COLOR_BUTTON (gtk_color_button_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->color_button), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->color_button));
  adw_preferences_group_add (editor, row);
  switch_row (editor, _("Desktop Notification"), &self->notify_switch);

  self->submit_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Add Rule")));
  gtk_button_set_use_underline (self->submit_button, TRUE);
  gtk_widget_set_halign (GTK_WIDGET (self->submit_button), GTK_ALIGN_END);
  gtk_widget_set_margin_top (GTK_WIDGET (self->submit_button), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->submit_button), "suggested-action");
  g_signal_connect_swapped (self->submit_button, "clicked", G_CALLBACK (submit_cb), self);
  g_signal_connect_swapped (self->pattern_row, "entry-activated", G_CALLBACK (submit_cb), self);
  adw_preferences_group_add (editor, GTK_WIDGET (self->submit_button));
  adw_preferences_page_add (page, editor);

  adw_preferences_group_set_title (waves, _("Spam Waves and Rants"));
  spin_row (waves, self->settings, "wave-size", _("Accounts in a Wave"),
            _("How many accounts must post the same text"), 2, 1000);
  spin_row (waves, self->settings, "wave-window", _("Wave Window"),
            _("Seconds within which they post it"), 1, 3600);
  spin_row (waves, self->settings, "notify-rant-min-cents", _("Smallest Rant to Notify"),
            _("In cents"), 0, 1000000);
  /* Off by default: on a busy stream most chatters are new, and the lane would fill up. */
  row = switch_row (waves, _("Highlight First-Time Chatters"), &first_time);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Accounts the remembered chats never saw; best on small "
                                 "streams"));
  g_settings_bind (self->settings, "highlight-first-time", first_time, "active",
                   G_SETTINGS_BIND_DEFAULT);
  adw_preferences_page_add (page, waves);

  reset_editor (self);
  rebuild_rules (self);
  g_signal_connect_object (self->settings, "changed::highlight-rules",
                           G_CALLBACK (rebuild_rules), self, G_CONNECT_SWAPPED);
}

static void
moderato_highlight_prefs_dispose (GObject *object)
{
  ModeratoHighlightPrefs *self = MODERATO_HIGHLIGHT_PREFS (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->rule_rows, g_ptr_array_unref);
  g_clear_pointer (&self->editing_id, g_free);

  G_OBJECT_CLASS (moderato_highlight_prefs_parent_class)->dispose (object);
}

static void
moderato_highlight_prefs_class_init (ModeratoHighlightPrefsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = moderato_highlight_prefs_dispose;
}

static void
moderato_highlight_prefs_init (ModeratoHighlightPrefs *self)
{
  self->rule_rows = g_ptr_array_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Highlights"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "starred-symbolic");
}

GtkWidget *
moderato_highlight_prefs_new (GSettings *settings)
{
  ModeratoHighlightPrefs *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (MODERATO_TYPE_HIGHLIGHT_PREFS, NULL);
  self->settings = g_object_ref (settings);
  build (self);
  return GTK_WIDGET (self);
}

gboolean
moderato_highlight_prefs_submit (ModeratoHighlightPrefs *self,
                                 gboolean                regex,
                                 const char             *pattern,
                                 const char             *color)
{
  GdkRGBA rgba;

  g_return_val_if_fail (MODERATO_IS_HIGHLIGHT_PREFS (self), FALSE);

  adw_combo_row_set_selected (self->kind_row, regex ? 1 : 0);
  gtk_editable_set_text (GTK_EDITABLE (self->pattern_row), pattern);
  if (color != NULL && gdk_rgba_parse (&rgba, color))
    gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->color_button), &rgba);
  g_signal_emit_by_name (self->submit_button, "clicked");
  return !gtk_widget_get_visible (GTK_WIDGET (self->error_label));
}

const char *
moderato_highlight_prefs_get_error (ModeratoHighlightPrefs *self)
{
  g_return_val_if_fail (MODERATO_IS_HIGHLIGHT_PREFS (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ?
         gtk_label_get_text (self->error_label) : NULL;
}
