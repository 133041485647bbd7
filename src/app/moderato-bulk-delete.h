/* moderato-bulk-delete.h — delete every message of a user still in the history, mute many
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rumble-chat-api.h"

G_BEGIN_DECLS

/* Requests in flight at once. */
#define MODERATO_BULK_DELETE_CONCURRENCY 3

/* The outcome of each request, counted. */
typedef struct {
  guint deleted;    /* done: deleted, or muted by moderato_bulk_mute_async() */
  guint failed;
  guint maybe;      /* ambiguous answers: the delete may have happened */
} ModeratoBulkDeleteTally;

/* The ids of the messages of @user_id in @messages (RumbleMessage) not deleted yet, oldest
 * first; never NULL. */
GStrv     moderato_bulk_delete_collect (GListModel                    *messages,
                                        const char                    *user_id)
                                        G_GNUC_WARN_UNUSED_RESULT;

/* "12 deleted, 1 failed, 2 may have happened" (the parts that are not zero), or a sentence
 * saying there was nothing to delete. */
char     *moderato_bulk_delete_summary (const ModeratoBulkDeleteTally *tally)
                                        G_GNUC_WARN_UNUSED_RESULT;

/* Deletes each of @message_ids with one request, MODERATO_BULK_DELETE_CONCURRENCY at a
 * time, never retrying one. Cancelling @cancellable stops it: the requests in flight are
 * cancelled, the rest never sent, and the finish fails with G_IO_ERROR_CANCELLED. */
void      moderato_bulk_delete_async   (RumbleChatApi                 *chat,
                                        const char * const            *message_ids,
                                        GCancellable                  *cancellable,
                                        GAsyncReadyCallback            callback,
                                        gpointer                       user_data);
gboolean  moderato_bulk_delete_finish  (RumbleChatApi                 *chat,
                                        GAsyncResult                  *result,
                                        ModeratoBulkDeleteTally       *out_tally,
                                        GError                       **error);

/* The same for a run of mutes: one request per user name (RUMBLE_MUTE_ENTITY_USER), as
 * rumble_chat_api_mute_async() takes @duration_s and @scope; finished with
 * moderato_bulk_delete_finish(), whose tally counts the mutes done in `deleted`. */
void      moderato_bulk_mute_async     (RumbleChatApi                 *chat,
                                        const char * const            *usernames,
                                        guint                          duration_s,
                                        RumbleMuteScope                scope,
                                        GCancellable                  *cancellable,
                                        GAsyncReadyCallback            callback,
                                        gpointer                       user_data);
/* "13 muted, 1 failed", or a sentence saying there was no one to mute. */
char     *moderato_bulk_mute_summary   (const ModeratoBulkDeleteTally *tally)
                                        G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
