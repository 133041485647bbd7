/* moderato-bulk-delete.c — delete every message of a user still in the history
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No display needed: the user card starts it and shows the summary as a toast.
 */
#define G_LOG_DOMAIN "moderato-bulk-delete"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-bulk-delete.h"
#include "moderato-ledger-record.h"
#include "rumble-mute-choice.h"
#include "rumble-error.h"

typedef struct {
  GStrv                   ids;         /* message ids, or names to mute */
  gboolean                mute;
  guint                   duration_s;  /* mutes: as rumble_chat_api_mute_async() */
  RumbleMuteScope         scope;
  guint                   next;        /* the next id to send */
  guint                   in_flight;
  ModeratoBulkDeleteTally tally;
} BulkDelete;

static void
bulk_delete_free (BulkDelete *bulk)
{
  g_strfreev (bulk->ids);
  g_free (bulk);
}

GStrv
moderato_bulk_delete_collect (GListModel *messages,
                              const char *user_id)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (messages), NULL);
  g_return_val_if_fail (user_id != NULL, NULL);

  n = g_list_model_get_n_items (messages);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RumbleMessage) message = g_list_model_get_item (messages, i);

      if (!rumble_message_get_deleted (message) &&
          g_strcmp0 (rumble_message_get_user_id (message), user_id) == 0)
        g_strv_builder_add (ids, rumble_message_get_id (message));
    }
  return g_strv_builder_end (ids);
}

/* @done: the successes said ("12 deleted"), NULL when there were none. */
static char *
summarize (const ModeratoBulkDeleteTally *tally,
           char                          *done,
           const char                    *nothing)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (done != NULL)
    g_ptr_array_add (parts, done);
  if (tally->failed > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u failed", "%u failed",
                                                       tally->failed),
                                             tally->failed));
  if (tally->maybe > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u may have happened",
                                                       "%u may have happened",
                                                       tally->maybe),
                                             tally->maybe));
  if (parts->len == 0)
    return g_strdup (nothing);

  g_ptr_array_add (parts, NULL);
  /* TRANSLATORS: the separator of "12 deleted, 1 failed" */
  return g_strjoinv (C_("list", ", "), (char **) parts->pdata);
}

char *
moderato_bulk_delete_summary (const ModeratoBulkDeleteTally *tally)
{
  g_return_val_if_fail (tally != NULL, NULL);

  return summarize (tally,
                    tally->deleted == 0 ? NULL :
                    g_strdup_printf (ngettext ("%u deleted", "%u deleted", tally->deleted),
                                     tally->deleted),
                    _("No messages to delete"));
}

char *
moderato_bulk_mute_summary (const ModeratoBulkDeleteTally *tally)
{
  g_return_val_if_fail (tally != NULL, NULL);

  return summarize (tally,
                    tally->deleted == 0 ? NULL :
                    g_strdup_printf (ngettext ("%u muted", "%u muted", tally->deleted),
                                     tally->deleted),
                    _("No one to mute"));
}

static void send_next (GTask *task);

/* One request of the run: its entry in the ledger. */
typedef struct {
  GTask  *task;
  gint64  ledger_handle;
} Request;

static void
on_deleted (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(GTask) task = request->task;
  BulkDelete *bulk = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean deleted;

  bulk->in_flight--;
  if (bulk->mute)
    deleted = rumble_chat_api_mute_finish (RUMBLE_CHAT_API (source), result, &error);
  else
    deleted = rumble_chat_api_delete_message_finish (RUMBLE_CHAT_API (source), result, &error);
  moderato_ledger_record_end (request->ledger_handle, error);
  g_free (request);
  if (deleted)
    bulk->tally.deleted++;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ;   /* counted by no one: the whole run reports the cancellation */
  else if (g_error_matches (error, RUMBLE_ERROR, RUMBLE_ERROR_AMBIGUOUS))
    bulk->tally.maybe++;
  else
    {
      g_debug ("A request of the run failed: %s", error->message);
      bulk->tally.failed++;
    }

  send_next (task);
}

/* Keeps up to MODERATO_BULK_DELETE_CONCURRENCY requests in flight; returns once every
 * request has come back. */
static void
send_next (GTask *task)
{
  BulkDelete *bulk = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  gboolean cancelled = g_cancellable_is_cancelled (cancellable);

  while (!cancelled && bulk->ids[bulk->next] != NULL &&
         bulk->in_flight < MODERATO_BULK_DELETE_CONCURRENCY)
    {
      RumbleChatApi *chat = g_task_get_source_object (task);
      const char *id = bulk->ids[bulk->next++];
      Request *request = g_new0 (Request, 1);

      request->task = g_object_ref (task);
      if (bulk->mute)
        request->ledger_handle =
          moderato_ledger_record_begin (chat, MODERATO_LEDGER_ACTION_MUTE, NULL, id,
                                        bulk->duration_s, rumble_mute_scope_to_string (bulk->scope));
      else
        request->ledger_handle = moderato_ledger_record_begin (chat, MODERATO_LEDGER_ACTION_DELETE,
                                                               id, NULL, 0, NULL);
      bulk->in_flight++;
      if (bulk->mute)
        rumble_chat_api_mute_async (chat, id, RUMBLE_MUTE_ENTITY_USER, bulk->duration_s,
                                    bulk->scope, cancellable, on_deleted, request);
      else
        rumble_chat_api_delete_message_async (chat, id, cancellable, on_deleted, request);
    }

  if (bulk->in_flight > 0)
    return;
  if (cancelled)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
  else if (bulk->ids[bulk->next] == NULL)
    g_task_return_boolean (task, TRUE);
}

static void
bulk_start (RumbleChatApi       *chat,
            BulkDelete          *bulk,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (chat, cancellable, callback, user_data);

  /* One tag for both: the finish is the same. */
  g_task_set_source_tag (task, moderato_bulk_delete_async);
  g_task_set_task_data (task, bulk, (GDestroyNotify) bulk_delete_free);
  send_next (task);
}

void
moderato_bulk_delete_async (RumbleChatApi       *chat,
                            const char * const  *message_ids,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  BulkDelete *bulk;

  g_return_if_fail (RUMBLE_IS_CHAT_API (chat));
  g_return_if_fail (message_ids != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  bulk = g_new0 (BulkDelete, 1);
  bulk->ids = g_strdupv ((char **) message_ids);
  bulk_start (chat, bulk, cancellable, callback, user_data);
}

void
moderato_bulk_mute_async (RumbleChatApi       *chat,
                          const char * const  *usernames,
                          guint                duration_s,
                          RumbleMuteScope      scope,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  BulkDelete *bulk;

  g_return_if_fail (RUMBLE_IS_CHAT_API (chat));
  g_return_if_fail (usernames != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  bulk = g_new0 (BulkDelete, 1);
  bulk->ids = g_strdupv ((char **) usernames);
  bulk->mute = TRUE;
  bulk->duration_s = duration_s;
  bulk->scope = scope;
  bulk_start (chat, bulk, cancellable, callback, user_data);
}

gboolean
moderato_bulk_delete_finish (RumbleChatApi            *chat,
                             GAsyncResult             *result,
                             ModeratoBulkDeleteTally  *out_tally,
                             GError                  **error)
{
  BulkDelete *bulk;

  g_return_val_if_fail (g_task_is_valid (result, chat), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == moderato_bulk_delete_async,
                        FALSE);

  bulk = g_task_get_task_data (G_TASK (result));
  if (out_tally != NULL)
    *out_tally = bulk->tally;
  return g_task_propagate_boolean (G_TASK (result), error);
}
