/* moderato-moderation-log.c — the moderation log: what was done, by whom, and how it went
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A page in place of the chat (win.moderation-log, Ctrl+Shift+L): each action of this
 * client (time, account, action, target, outcome with Rumble's reason) and the mutes seen
 * in the streams, filtered by action and user. A mute offers Unmute and a pin Unpin,
 * through the window's win.unmute and win.unpin-message.
 */
#define G_LOG_DOMAIN "moderato-moderation-log"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-ledger-record.h"
#include "moderato-moderation-log.h"
#include "moderato-user-history.h"

#define MAX_ENTRIES 500
#define RELOAD_DELAY_MS 1000

/* The action filter's choices: NULL is any. */
static const char * const action_nicks[] = { NULL, "delete", "pin", "unpin", "mute", "unmute" };

struct _ModeratoModerationLog
{
  GtkWidget       parent_instance;

  GPtrArray      *entries;
  GCancellable   *cancellable;
  guint           reload_id;

  GtkWidget      *box;
  GtkDropDown    *action_dropdown;
  GtkSearchEntry *user_entry;
  GtkLabel       *status_label;
  GtkListBox     *list;
};

G_DEFINE_FINAL_TYPE (ModeratoModerationLog, moderato_moderation_log, GTK_TYPE_WIDGET)

char *
moderato_moderation_log_describe_outcome (int         outcome,
                                          const char *reason)
{
  gboolean has_reason = reason != NULL && *reason != '\0';

  switch ((ModeratoLedgerOutcome) outcome)
    {
    case MODERATO_LEDGER_OUTCOME_DONE:
      return g_strdup (_("Done"));
    case MODERATO_LEDGER_OUTCOME_REFUSED:
      return has_reason ? g_strdup_printf (_("Refused: %s"), reason) : g_strdup (_("Refused"));
    case MODERATO_LEDGER_OUTCOME_AMBIGUOUS:
      return has_reason ? g_strdup_printf (_("May have happened (%s)"), reason)
                        : g_strdup (_("May have happened"));
    case MODERATO_LEDGER_OUTCOME_SEEN:
      return g_strdup (_("Seen in the stream"));
    case MODERATO_LEDGER_OUTCOME_PENDING:
    default:
      return g_strdup (_("No answer yet"));
    }
}

static const char *
action_label (ModeratoLedgerAction action)
{
  switch (action)
    {
    case MODERATO_LEDGER_ACTION_DELETE: return _("Deleted a message");
    case MODERATO_LEDGER_ACTION_PIN: return _("Pinned a message");
    case MODERATO_LEDGER_ACTION_UNPIN: return _("Unpinned a message");
    case MODERATO_LEDGER_ACTION_MUTE: return _("Muted");
    case MODERATO_LEDGER_ACTION_UNMUTE: return _("Unmuted");
    case MODERATO_LEDGER_ACTION_SEND: return _("Sent a message");
    case MODERATO_LEDGER_ACTION_COMMAND: return _("Sent a command");
    case MODERATO_LEDGER_ACTION_RAID_CONFIRM: return _("Confirmed a raid");
    default: return "";
    }
}

static GtkWidget *
line_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
entry_button (const char *label,
              const char *action,
              const char *target)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

static GtkWidget *
entry_row (const ModeratoLedgerEntry *entry)
{
  g_autofree char *when = moderato_user_history_format_time (entry->time);
  g_autofree char *who = NULL;
  g_autofree char *what = NULL;
  g_autofree char *outcome = moderato_moderation_log_describe_outcome (entry->outcome,
                                                                        entry->reason);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  /* TRANSLATORS: "12/04/26 21:40 · demo" (time and moderator account) */
  who = g_strdup_printf (_("%s · %s"), when,
                         entry->account != NULL ? entry->account : _("someone in the stream"));
  if (entry->user_name != NULL)
    /* TRANSLATORS: "Muted FernGuard"; "Deleted a message · FernGuard" */
    what = g_strdup_printf (entry->action == MODERATO_LEDGER_ACTION_MUTE ||
                            entry->action == MODERATO_LEDGER_ACTION_UNMUTE ? _("%s %s")
                                                                           : _("%s · %s"),
                            action_label (entry->action), entry->user_name);
  else
    what = g_strdup (action_label (entry->action));

  gtk_box_append (GTK_BOX (column), line_label (who, "caption"));
  gtk_widget_add_css_class (gtk_widget_get_last_child (column), "dim-label");
  gtk_box_append (GTK_BOX (column), line_label (what, NULL));
  gtk_box_append (GTK_BOX (column),
                  line_label (outcome, entry->outcome == MODERATO_LEDGER_OUTCOME_DONE ||
                                       entry->outcome == MODERATO_LEDGER_OUTCOME_SEEN ?
                                       "dim-label" : "warning"));
  gtk_widget_set_hexpand (column, TRUE);
  gtk_box_append (GTK_BOX (row), column);

  if (entry->action == MODERATO_LEDGER_ACTION_MUTE && entry->user_name != NULL)
    gtk_box_append (GTK_BOX (row), entry_button (_("_Unmute"), "win.unmute", entry->user_name));
  else if (entry->action == MODERATO_LEDGER_ACTION_PIN && entry->message_id != NULL)
    gtk_box_append (GTK_BOX (row), entry_button (_("U_npin"), "win.unpin-message",
                                                 entry->message_id));
  return row;
}

static void
show_entries (ModeratoModerationLog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  for (guint i = 0; i < self->entries->len; i++)
    gtk_list_box_append (self->list, entry_row (g_ptr_array_index (self->entries, i)));
  gtk_label_set_text (self->status_label,
                      self->entries->len == 0 ? _("Nothing in the log") : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), self->entries->len == 0);
}

static void
on_log (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(ModeratoModerationLog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = moderato_ledger_log_finish (MODERATO_LEDGER (source), result,
                                                             &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (entries == NULL)
    {
      g_debug ("Cannot read the moderation log: %s", error->message);
      gtk_label_set_text (self->status_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
      return;
    }
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  self->entries = g_steal_pointer (&entries);
  show_entries (self);
}

void
moderato_moderation_log_reload (ModeratoModerationLog *self)
{
  ModeratoLedger *ledger = moderato_ledger_record_get_default ();
  guint selected = gtk_drop_down_get_selected (self->action_dropdown);
  const char *user = gtk_editable_get_text (GTK_EDITABLE (self->user_entry));

  g_return_if_fail (MODERATO_IS_MODERATION_LOG (self));

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (ledger == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  moderato_ledger_log_async (ledger,
                             selected < G_N_ELEMENTS (action_nicks) ? action_nicks[selected]
                                                                    : NULL,
                             *user != '\0' ? user : NULL, NULL, MAX_ENTRIES, self->cancellable,
                             on_log, g_object_ref (self));
}

static gboolean
reload_timeout (gpointer data)
{
  ModeratoModerationLog *self = data;

  self->reload_id = 0;
  moderato_moderation_log_reload (self);
  return G_SOURCE_REMOVE;
}

void
moderato_moderation_log_reload_soon (ModeratoModerationLog *self)
{
  g_return_if_fail (MODERATO_IS_MODERATION_LOG (self));

  if (self->reload_id == 0)
    self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_timeout, self);
}

GPtrArray *
moderato_moderation_log_get_entries (ModeratoModerationLog *self)
{
  g_return_val_if_fail (MODERATO_IS_MODERATION_LOG (self), NULL);

  return self->entries;
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                ModeratoModerationLog *self)
{
  if (keyval != GDK_KEY_Escape)
    return FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.close-ledger-page", NULL);
  return TRUE;
}

static void
moderato_moderation_log_dispose (GObject *object)
{
  ModeratoModerationLog *self = MODERATO_MODERATION_LOG (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (moderato_moderation_log_parent_class)->dispose (object);
}

static void
moderato_moderation_log_class_init (ModeratoModerationLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moderato_moderation_log_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
moderato_moderation_log_init (ModeratoModerationLog *self)
{
  const char * const actions[] = {
    _("All Actions"), _("Deletes"), _("Pins"), _("Unpins"), _("Mutes"), _("Unmutes"), NULL
  };
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *filters = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (_("Moderation Log"));
  GtkWidget *close = gtk_button_new_from_icon_name ("window-close-symbolic");
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  G_STATIC_ASSERT (G_N_ELEMENTS (actions) == G_N_ELEMENTS (action_nicks) + 1);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 6);
  gtk_widget_set_margin_top (header, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (header), title);
  gtk_widget_set_tooltip_text (close, _("Back to the Chat"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (close), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Back to the chat"), -1);
  gtk_widget_add_css_class (close, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (close), "win.close-ledger-page");
  gtk_box_append (GTK_BOX (header), close);
  gtk_box_append (GTK_BOX (self->box), header);

  /* Narrow windows: the two filters share one line and shrink. */
  gtk_widget_set_margin_start (filters, 12);
  gtk_widget_set_margin_end (filters, 12);
  self->action_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (actions));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->action_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Filter by action"), -1);
  g_signal_connect_swapped (self->action_dropdown, "notify::selected",
                            G_CALLBACK (moderato_moderation_log_reload), self);
  gtk_box_append (GTK_BOX (filters), GTK_WIDGET (self->action_dropdown));
  self->user_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->user_entry, "placeholder-text", _("User"), NULL);
  gtk_widget_set_name (GTK_WIDGET (self->user_entry), "log-user-filter");
  gtk_widget_set_hexpand (GTK_WIDGET (self->user_entry), TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->user_entry), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->user_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Filter by user"), -1);
  g_signal_connect_swapped (self->user_entry, "search-changed",
                            G_CALLBACK (moderato_moderation_log_reload), self);
  gtk_box_append (GTK_BOX (filters), GTK_WIDGET (self->user_entry));
  gtk_box_append (GTK_BOX (self->box), filters);

  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->status_label));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "ledger-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Moderation log"), -1);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (self->box), scroller);

  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

GtkWidget *
moderato_moderation_log_new (void)
{
  return g_object_new (MODERATO_TYPE_MODERATION_LOG, NULL);
}
