/* moderato-user-history.c — what the ledger remembers of a user, with the moderator's note
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "History" section of the user card (and of a search result's user outside the chat).
 */
#define G_LOG_DOMAIN "moderato-user-history"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-ledger-record.h"
#include "moderato-user-history.h"

#define N_LAST_MESSAGES 10
#define MAX_MUTES_SHOWN 5

struct _ModeratoUserHistory
{
  GtkWidget       parent_instance;

  ModeratoLedger *ledger;       /* of the last load */
  char           *user_id;
  char           *name;
  char           *saved_note;   /* the note as loaded or last saved */
  gboolean        saved_watched;
  GCancellable   *cancellable;

  GtkWidget      *expander;
  GtkStack       *stack;
  GtkLabel       *first_seen_label;
  GtkLabel       *streams_label;
  GtkLabel       *messages_label;
  GtkLabel       *deleted_label;
  GtkWidget      *mutes_box;
  GtkEntry       *note_entry;
  GtkCheckButton *watch_check;
  GtkWidget      *last_box;
};

G_DEFINE_FINAL_TYPE (ModeratoUserHistory, moderato_user_history, GTK_TYPE_WIDGET)

/* Whether the History section is unfolded, for every card of this run. */
static gboolean expanded = TRUE;

static void
on_expanded (GtkExpander *expander)
{
  expanded = gtk_expander_get_expanded (expander);
}

char *
moderato_user_history_format_time (gint64 unix_s)
{
  g_autoptr(GDateTime) when = unix_s > 0 ? g_date_time_new_from_unix_local (unix_s) : NULL;

  if (when == NULL)
    return g_strdup (C_("time", "Unknown"));
  return g_date_time_format (when, "%x %H:%M");
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);
}

static GtkWidget *
plain_label (const char *text,
             gboolean    dim)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static void
set_number (GtkLabel *label,
            guint64   n)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT, n);
  gtk_label_set_text (label, text);
}

/* "5 minutes by demo, 12/04/26 21:40"; a mute seen in the stream has no "by". */
static char *
describe_mute (const ModeratoLedgerEntry *mute)
{
  g_autofree char *when = moderato_user_history_format_time (mute->time);
  g_autofree char *term = NULL;

  if (g_strcmp0 (mute->scope, "total") == 0)
    term = g_strdup (_("Forever"));
  else if (mute->duration_s == 0)
    term = g_strdup (_("For the stream"));
  else
    term = g_strdup_printf (ngettext ("%u minute", "%u minutes", MAX (1, mute->duration_s / 60)),
                            MAX (1, mute->duration_s / 60));

  if (mute->account != NULL)
    /* TRANSLATORS: "5 minutes, by demo, 12/04/26 21:40" */
    return g_strdup_printf (_("%s, by %s, %s"), term, mute->account, when);
  /* TRANSLATORS: "Forever, seen in the stream, 12/04/26 21:40" */
  return g_strdup_printf (_("%s, seen in the stream, %s"), term, when);
}

static void
show_summary (ModeratoUserHistory             *self,
              const ModeratoLedgerUserSummary *summary)
{
  g_autofree char *first = moderato_user_history_format_time (summary->first_seen);

  gtk_label_set_text (self->first_seen_label, first);
  set_number (self->streams_label, g_strv_length (summary->streams));
  set_number (self->messages_label, summary->n_messages);
  set_number (self->deleted_label, summary->n_deleted);

  clear_box (self->mutes_box);
  for (guint i = 0; i < summary->mutes->len && i < MAX_MUTES_SHOWN; i++)
    {
      g_autofree char *line = describe_mute (g_ptr_array_index (summary->mutes, i));

      gtk_box_append (GTK_BOX (self->mutes_box), plain_label (line, FALSE));
    }
  if (summary->mutes->len == 0)
    gtk_box_append (GTK_BOX (self->mutes_box), plain_label (_("Never muted"), TRUE));

  g_free (self->saved_note);
  self->saved_note = g_strdup (summary->note != NULL ? summary->note : "");
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), self->saved_note);
  self->saved_watched = summary->watched;
  gtk_check_button_set_active (self->watch_check, summary->watched);

  clear_box (self->last_box);
  for (guint i = 0; i < summary->last_messages->len; i++)
    {
      const ModeratoLedgerMessage *message = g_ptr_array_index (summary->last_messages, i);
      g_autofree char *when = moderato_user_history_format_time (message->time);
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

      gtk_box_append (GTK_BOX (line), plain_label (when, TRUE));
      gtk_widget_add_css_class (gtk_widget_get_last_child (line), "caption");
      gtk_box_append (GTK_BOX (line), plain_label (message->text, FALSE));
      if (message->deleted_at > 0)
        gtk_widget_add_css_class (gtk_widget_get_last_child (line), "dim-label");
      gtk_box_append (GTK_BOX (self->last_box), line);
    }
  if (summary->last_messages->len == 0)
    gtk_box_append (GTK_BOX (self->last_box), plain_label (_("None"), TRUE));

  gtk_stack_set_visible_child_name (self->stack, "history");
}

static void
on_summary (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ModeratoUserHistory) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ModeratoLedgerUserSummary) summary =
    moderato_ledger_user_summary_finish (MODERATO_LEDGER (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);

  if (summary == NULL)
    {
      if (!g_error_matches (error, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_NOT_FOUND))
        g_debug ("No history of a user: %s", error->message);
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }
  show_summary (self, summary);
}

/* The note as typed, when it differs from the one stored. */
static void
save_note (ModeratoUserHistory *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->note_entry));
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  if (self->ledger == NULL || self->name == NULL || self->saved_note == NULL ||
      g_str_equal (trimmed, self->saved_note))
    return;

  moderato_ledger_set_note (self->ledger, self->name, trimmed);
  g_free (self->saved_note);
  self->saved_note = g_steal_pointer (&trimmed);
}

/* The watch flag as ticked, when it differs from the one stored. */
static void
save_watched (ModeratoUserHistory *self)
{
  gboolean active = gtk_check_button_get_active (self->watch_check);

  if (self->ledger == NULL || self->name == NULL || active == self->saved_watched ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "history") != 0)
    return;

  moderato_ledger_set_watched (self->ledger, self->name, active);
  self->saved_watched = active;
}

void
moderato_user_history_set_user (ModeratoUserHistory *self,
                                const char          *user_id,
                                const char          *name)
{
  g_return_if_fail (MODERATO_IS_USER_HISTORY (self));

  save_note (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->saved_note, g_free);
  g_free (self->user_id);
  self->user_id = g_strdup (user_id);
  g_free (self->name);
  self->name = g_strdup (name);
  g_set_object (&self->ledger, moderato_ledger_record_get_default ());

  if (self->ledger == NULL || (user_id == NULL && name == NULL))
    {
      gtk_stack_set_visible_child_name (self->stack, "off");
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_widget_set_sensitive (GTK_WIDGET (self->note_entry),
                            name != NULL && !moderato_ledger_get_read_only (self->ledger));
  gtk_widget_set_sensitive (GTK_WIDGET (self->watch_check),
                            name != NULL && !moderato_ledger_get_read_only (self->ledger));
  self->cancellable = g_cancellable_new ();
  moderato_ledger_user_summary_async (self->ledger, user_id != NULL ? user_id : name,
                                      N_LAST_MESSAGES, self->cancellable, on_summary,
                                      g_object_ref (self));
}

void
moderato_user_history_expand (ModeratoUserHistory *self)
{
  g_return_if_fail (MODERATO_IS_USER_HISTORY (self));

  /* Not remembered for the cards: only the user's own unfolding is. */
  g_signal_handlers_block_by_func (self->expander, on_expanded, NULL);
  gtk_expander_set_expanded (GTK_EXPANDER (self->expander), TRUE);
  g_signal_handlers_unblock_by_func (self->expander, on_expanded, NULL);
}

const char *
moderato_user_history_get_state (ModeratoUserHistory *self)
{
  g_return_val_if_fail (MODERATO_IS_USER_HISTORY (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

static void
moderato_user_history_dispose (GObject *object)
{
  ModeratoUserHistory *self = MODERATO_USER_HISTORY (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->ledger);
  g_clear_pointer (&self->expander, gtk_widget_unparent);

  G_OBJECT_CLASS (moderato_user_history_parent_class)->dispose (object);
}

static void
moderato_user_history_finalize (GObject *object)
{
  ModeratoUserHistory *self = MODERATO_USER_HISTORY (object);

  g_free (self->user_id);
  g_free (self->name);
  g_free (self->saved_note);

  G_OBJECT_CLASS (moderato_user_history_parent_class)->finalize (object);
}

static void
moderato_user_history_class_init (ModeratoUserHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moderato_user_history_dispose;
  object_class->finalize = moderato_user_history_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

/* A dim name and its value in the facts grid; the value label is returned. */
static GtkLabel *
add_fact (GtkGrid    *grid,
          int         row,
          const char *title,
          const char *name)
{
  GtkWidget *value = plain_label (NULL, FALSE);

  gtk_grid_attach (grid, plain_label (title, TRUE), 0, row, 1, 1);
  gtk_widget_set_name (value, name);
  gtk_widget_set_hexpand (value, TRUE);
  gtk_grid_attach (grid, value, 1, row, 1, 1);
  return GTK_LABEL (value);
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = plain_label (text, FALSE);

  gtk_widget_add_css_class (label, "heading");
  return label;
}

static void
add_page (GtkStack   *stack,
          const char *name,
          GtkWidget  *child)
{
  gtk_stack_add_named (stack, child, name);
}

static void
moderato_user_history_init (ModeratoUserHistory *self)
{
  GtkWidget *loading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  GtkEventController *focus = gtk_event_controller_focus_new ();

  /* Open by default ("has this account been trouble before?" at a glance); folding it is
   * remembered while the app runs. */
  self->expander = gtk_expander_new (NULL);
  gtk_expander_set_label_widget (GTK_EXPANDER (self->expander), heading (_("History")));
  gtk_expander_set_expanded (GTK_EXPANDER (self->expander), expanded);
  g_signal_connect (self->expander, "notify::expanded", G_CALLBACK (on_expanded), NULL);
  gtk_widget_set_hexpand (self->expander, TRUE);
  gtk_widget_set_parent (self->expander, GTK_WIDGET (self));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_vhomogeneous (self->stack, FALSE);
  gtk_stack_set_hhomogeneous (self->stack, FALSE);
  gtk_widget_set_margin_top (GTK_WIDGET (self->stack), 6);
  gtk_expander_set_child (GTK_EXPANDER (self->expander), GTK_WIDGET (self->stack));

  add_page (self->stack, "off", plain_label (_("Chats are not being remembered"), TRUE));
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_box_append (GTK_BOX (loading), spinner);
  gtk_box_append (GTK_BOX (loading), plain_label (_("Loading history…"), TRUE));
  add_page (self->stack, "loading", loading);
  add_page (self->stack, "none", plain_label (_("No history"), TRUE));

  gtk_grid_set_row_spacing (grid, 4);
  gtk_grid_set_column_spacing (grid, 12);
  self->first_seen_label = add_fact (grid, 0, _("First seen ever"), "history-first-seen");
  self->streams_label = add_fact (grid, 1, _("Streams"), "history-streams");
  self->messages_label = add_fact (grid, 2, _("Messages in total"), "history-messages");
  self->deleted_label = add_fact (grid, 3, _("Messages deleted"), "history-deleted");
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (grid));

  gtk_box_append (GTK_BOX (page), plain_label (_("Mutes"), TRUE));
  self->mutes_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_box_append (GTK_BOX (page), self->mutes_box);

  self->note_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->note_entry, _("Add a note about this user"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->note_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note"), -1);
  g_signal_connect_swapped (self->note_entry, "activate", G_CALLBACK (save_note), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (save_note), self);
  gtk_widget_add_controller (GTK_WIDGET (self->note_entry), focus);
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->note_entry));

  /* Watched: every message of theirs is highlighted in the chat (and notified). */
  self->watch_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("_Watch this user")));
  gtk_widget_set_name (GTK_WIDGET (self->watch_check), "history-watch");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->watch_check),
                               _("Highlight every message of this user"));
  g_signal_connect_swapped (self->watch_check, "toggled", G_CALLBACK (save_watched), self);
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->watch_check));

  gtk_box_append (GTK_BOX (page), plain_label (_("Last messages, all streams"), TRUE));
  self->last_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_box_append (GTK_BOX (page), self->last_box);
  add_page (self->stack, "history", page);

  gtk_stack_set_visible_child_name (self->stack, "off");
}

GtkWidget *
moderato_user_history_new (void)
{
  return g_object_new (MODERATO_TYPE_USER_HISTORY, NULL);
}
