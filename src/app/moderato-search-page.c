/* moderato-search-page.c — search the ledger: this stream or all history
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A page in place of the chat (win.search, Ctrl+F). The query (words, "phrases", prefix*,
 * from:NAME in:STREAM is:deleted is:rant has:link before:DATE after:DATE) runs as it is
 * typed, after the search entry's short delay, off the main loop; a query the ledger cannot
 * use shows its error in place. A result opens its user's card (the chat's, or the
 * history alone for someone not in it); results of the live stream can be deleted, one at a
 * time or all shown at once (one request each, the tally in a toast).
 */
#define G_LOG_DOMAIN "moderato-search"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "moderato-bulk-delete.h"
#include "moderato-ledger-record.h"
#include "moderato-moderation.h"
#include "moderato-search-page.h"
#include "moderato-user-history.h"

#define MAX_RESULTS 200

struct _ModeratoSearchPage
{
  GtkWidget       parent_instance;

  RumbleChatApi  *chat;
  GPtrArray      *results;        /* ModeratoLedgerMessage */
  char           *error;
  GCancellable   *cancellable;    /* the search running */
  GCancellable   *delete_cancellable;

  GtkWidget      *box;
  GtkSearchEntry *entry;
  GtkToggleButton *all_button;
  GtkLabel       *error_label;
  GtkLabel       *status_label;
  GtkWidget      *delete_all_button;
  GtkListBox     *list;
  GtkWidget      *history_popover;
  GtkWidget      *history;
};

G_DEFINE_FINAL_TYPE (ModeratoSearchPage, moderato_search_page, GTK_TYPE_WIDGET)

static gboolean
is_live (ModeratoSearchPage          *self,
         const ModeratoLedgerMessage *message)
{
  return self->chat != NULL && message->deleted_at == 0 &&
         g_strcmp0 (message->stream_id, rumble_chat_api_get_stream_id_b10 (self->chat)) == 0;
}

static gboolean
can_delete (ModeratoSearchPage          *self,
            const ModeratoLedgerMessage *message)
{
  RumbleMessage *live;

  if (!is_live (self, message) || !moderato_moderation_allowed (self->chat))
    return FALSE;
  live = rumble_chat_api_lookup_message (self->chat, message->id);
  return live == NULL || !rumble_message_get_deleted (live);
}

static void
on_delete_clicked (GtkButton          *button,
                   ModeratoSearchPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "moderato-message-id");

  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.delete-message", "s", id);
}

static GtkWidget *
result_row (ModeratoSearchPage          *self,
            const ModeratoLedgerMessage *message)
{
  g_autofree char *when = moderato_user_history_format_time (message->time);
  g_autofree char *meta = NULL;
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label;

  /* TRANSLATORS: a search result's line: "FernGuard · 12/04/26 21:40 · stream 298765432" */
  meta = g_strdup_printf (_("%s · %s · stream %s%s"),
                          message->channel_name != NULL ? message->channel_name :
                          message->user_name != NULL ? message->user_name : "",
                          when, message->stream_id,
                          message->deleted_at > 0 ? _(" · deleted") : "");
  label = gtk_label_new (meta);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (column), label);

  label = gtk_label_new (message->text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (column), label);
  gtk_widget_set_hexpand (column, TRUE);
  gtk_box_append (GTK_BOX (row), column);

  if (can_delete (self, message))
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Delete This Message"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Delete this message"), -1);
      gtk_widget_add_css_class (button, "flat");
      g_object_set_data_full (G_OBJECT (button), "moderato-message-id", g_strdup (message->id),
                              g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_delete_clicked), self);
      gtk_box_append (GTK_BOX (row), button);
    }
  return row;
}

static void
show_results (ModeratoSearchPage *self)
{
  GtkWidget *child;
  guint n_deletable = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  for (guint i = 0; self->results != NULL && i < self->results->len; i++)
    {
      const ModeratoLedgerMessage *message = g_ptr_array_index (self->results, i);

      gtk_list_box_append (self->list, result_row (self, message));
      if (can_delete (self, message))
        n_deletable++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), self->error != NULL);
  if (self->error != NULL)
    gtk_label_set_text (self->error_label, self->error);

  if (self->results == NULL)
    gtk_label_set_text (self->status_label, "");
  else if (self->results->len == 0)
    gtk_label_set_text (self->status_label, _("No messages found"));
  else
    {
      g_autofree char *status = g_strdup_printf (ngettext ("%u message", "%u messages",
                                                           self->results->len),
                                                 self->results->len);

      gtk_label_set_text (self->status_label, status);
    }
  gtk_widget_set_visible (self->delete_all_button, n_deletable > 0);
  gtk_widget_set_sensitive (self->delete_all_button, self->delete_cancellable == NULL);
}

static void
on_searched (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ModeratoSearchPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = moderato_ledger_search_finish (MODERATO_LEDGER (source), result,
                                                                &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);

  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->error, g_free);
  if (results != NULL)
    self->results = g_steal_pointer (&results);
  else
    self->error = g_strdup (error->message);
  show_results (self);
}

static void
run_search (ModeratoSearchPage *self)
{
  ModeratoLedger *ledger = moderato_ledger_record_get_default ();
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *query = g_strstrip (g_strdup (text));
  gboolean all = gtk_toggle_button_get_active (self->all_button) || self->chat == NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->error, g_free);

  if (ledger == NULL || *query == '\0')
    {
      show_results (self);
      return;
    }

  self->cancellable = g_cancellable_new ();
  moderato_ledger_search_async (ledger, query,
                                all ? NULL : rumble_chat_api_get_stream_id_b10 (self->chat),
                                MAX_RESULTS, self->cancellable, on_searched, g_object_ref (self));
}

/* "Delete all shown": one request per message of the live stream shown, a toast with the
 * tally at the end. */
static void
on_bulk_deleted (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ModeratoSearchPage) self = user_data;
  g_autoptr(GError) error = NULL;
  ModeratoBulkDeleteTally tally;
  g_autofree char *summary = NULL;
  g_autofree char *title = NULL;
  GtkWidget *overlay;
  AdwToast *toast;

  if (!moderato_bulk_delete_finish (RUMBLE_CHAT_API (source), result, &tally, &error))
    return;   /* cancelled: the chat changed */

  g_clear_object (&self->delete_cancellable);
  summary = moderato_bulk_delete_summary (&tally);
  g_debug ("Deleted the messages found: %s", summary);
  /* TRANSLATORS: "Messages found: 12 deleted, 1 failed" */
  title = g_strdup_printf (_("Messages found: %s"), summary);
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    {
      toast = adw_toast_new (title);   /* numbers only: no markup to escape */
      adw_toast_set_timeout (toast, 8);
      if (tally.failed > 0 || tally.maybe > 0)
        adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
    }
  run_search (self);
}

static void
on_delete_all_clicked (ModeratoSearchPage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;

  if (self->results == NULL || self->delete_cancellable != NULL || self->chat == NULL)
    return;

  for (guint i = 0; i < self->results->len; i++)
    {
      const ModeratoLedgerMessage *message = g_ptr_array_index (self->results, i);

      if (can_delete (self, message))
        g_strv_builder_add (builder, message->id);
    }
  ids = g_strv_builder_end (builder);
  if (ids[0] == NULL)
    return;

  self->delete_cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (self->delete_all_button, FALSE);
  moderato_bulk_delete_async (self->chat, (const char * const *) ids, self->delete_cancellable,
                              on_bulk_deleted, g_object_ref (self));
}

/* A result opens its user's card: the chat's when the user is in it, else the history. */
static void
on_row_activated (GtkListBox         *list,
                  GtkListBoxRow      *row,
                  ModeratoSearchPage *self)
{
  int index = gtk_list_box_row_get_index (row);
  const ModeratoLedgerMessage *message;
  graphene_rect_t bounds;

  if (self->results == NULL || index < 0 || (guint) index >= self->results->len)
    return;
  message = g_ptr_array_index (self->results, index);

  if (self->chat != NULL && message->user_id != NULL &&
      rumble_chat_api_lookup_user (self->chat, message->user_id) != NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.close-ledger-page", NULL);
      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-user", "s", message->user_id);
      return;
    }

  moderato_user_history_set_user (MODERATO_USER_HISTORY (self->history), message->user_id,
                                  message->user_name);
  if (gtk_widget_compute_bounds (GTK_WIDGET (row), GTK_WIDGET (self), &bounds))
    gtk_popover_set_pointing_to (GTK_POPOVER (self->history_popover),
                                 &(GdkRectangle) { (int) bounds.origin.x, (int) bounds.origin.y,
                                                   (int) bounds.size.width,
                                                   (int) bounds.size.height });
  gtk_popover_popup (GTK_POPOVER (self->history_popover));
}

static void
close_page (ModeratoSearchPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.close-ledger-page", NULL);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                ModeratoSearchPage    *self)
{
  if (keyval != GDK_KEY_Escape)
    return FALSE;
  close_page (self);
  return TRUE;
}

static void
moderato_search_page_dispose (GObject *object)
{
  ModeratoSearchPage *self = MODERATO_SEARCH_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->delete_cancellable);
  g_clear_object (&self->delete_cancellable);
  g_clear_object (&self->chat);
  g_clear_pointer (&self->history_popover, gtk_widget_unparent);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (moderato_search_page_parent_class)->dispose (object);
}

static void
moderato_search_page_finalize (GObject *object)
{
  ModeratoSearchPage *self = MODERATO_SEARCH_PAGE (object);

  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_free (self->error);

  G_OBJECT_CLASS (moderato_search_page_parent_class)->finalize (object);
}

static void
moderato_search_page_class_init (ModeratoSearchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moderato_search_page_dispose;
  object_class->finalize = moderato_search_page_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
moderato_search_page_init (ModeratoSearchPage *self)
{
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->entry), TRUE);
  g_object_set (self->entry,
                "placeholder-text", _("Search messages: words, from:name, is:deleted…"),
                NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->entry),
                               _("Words, \"phrases\", prefix*, and from:NAME in:STREAM "
                                 "is:deleted is:rant has:link before:DATE after:DATE"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search messages"), -1);
  g_signal_connect_swapped (self->entry, "search-changed", G_CALLBACK (run_search), self);
  g_signal_connect_swapped (self->entry, "stop-search", G_CALLBACK (close_page), self);
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->entry));

  self->all_button = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_mnemonic (_("_All Streams")));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->all_button),
                               _("Search all history, not only this stream"));
  g_signal_connect_swapped (self->all_button, "toggled", G_CALLBACK (run_search), self);
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->all_button));

  /* Always shown on this page: a toolbar, not a GtkSearchBar (whose hidden close button
   * would have no label). */
  gtk_widget_add_css_class (line, "toolbar");
  gtk_box_append (GTK_BOX (self->box), line);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_set_margin_start (GTK_WIDGET (self->error_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->error_label), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->error_label));

  gtk_widget_set_margin_start (actions, 12);
  gtk_widget_set_margin_end (actions, 12);
  gtk_widget_set_margin_top (actions, 6);
  gtk_widget_set_margin_bottom (actions, 6);
  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status_label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->status_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
  gtk_box_append (GTK_BOX (actions), GTK_WIDGET (self->status_label));
  self->delete_all_button = gtk_button_new_with_mnemonic (_("_Delete All Shown"));
  gtk_widget_add_css_class (self->delete_all_button, "destructive-action");
  gtk_widget_set_visible (self->delete_all_button, FALSE);
  g_signal_connect_swapped (self->delete_all_button, "clicked",
                            G_CALLBACK (on_delete_all_clicked), self);
  gtk_box_append (GTK_BOX (actions), self->delete_all_button);
  {
    GtkWidget *close = gtk_button_new_from_icon_name ("window-close-symbolic");

    gtk_widget_set_tooltip_text (close, _("Back to the Chat"));
    gtk_accessible_update_property (GTK_ACCESSIBLE (close), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Back to the chat"), -1);
    gtk_widget_add_css_class (close, "flat");
    gtk_actionable_set_action_name (GTK_ACTIONABLE (close), "win.close-ledger-page");
    gtk_box_append (GTK_BOX (actions), close);
  }
  gtk_box_append (GTK_BOX (self->box), actions);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_list_box_set_activate_on_single_click (self->list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "ledger-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Messages found"), -1);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (on_row_activated), self);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (self->box), scroller);

  self->history = moderato_user_history_new ();
  gtk_widget_set_size_request (self->history, 260, -1);
  moderato_user_history_expand (MODERATO_USER_HISTORY (self->history));
  self->history_popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->history_popover), self->history);
  gtk_widget_set_parent (self->history_popover, GTK_WIDGET (self));

  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

GtkWidget *
moderato_search_page_new (void)
{
  return g_object_new (MODERATO_TYPE_SEARCH_PAGE, NULL);
}

void
moderato_search_page_set_chat (ModeratoSearchPage *self,
                               RumbleChatApi      *chat)
{
  g_return_if_fail (MODERATO_IS_SEARCH_PAGE (self));

  if (self->chat == chat)
    return;
  g_cancellable_cancel (self->delete_cancellable);
  g_clear_object (&self->delete_cancellable);
  g_set_object (&self->chat, chat);
  run_search (self);
}

void
moderato_search_page_focus (ModeratoSearchPage *self)
{
  g_return_if_fail (MODERATO_IS_SEARCH_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  run_search (self);
}

GPtrArray *
moderato_search_page_get_results (ModeratoSearchPage *self)
{
  g_return_val_if_fail (MODERATO_IS_SEARCH_PAGE (self), NULL);

  return self->results;
}

const char *
moderato_search_page_get_error (ModeratoSearchPage *self)
{
  g_return_val_if_fail (MODERATO_IS_SEARCH_PAGE (self), NULL);

  return self->error;
}

gboolean
moderato_search_page_get_busy (ModeratoSearchPage *self)
{
  g_return_val_if_fail (MODERATO_IS_SEARCH_PAGE (self), FALSE);

  return self->cancellable != NULL;
}
