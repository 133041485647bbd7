/* moderato-ledger.h — the moderation ledger: every message and action remembered, searchable
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A local SQLite database ($XDG_DATA_HOME/moderato/ledger.sqlite3) of what the chats said and
 * what this client's moderators did. One worker thread owns the connection: every write and
 * query runs there. Recording on the caller's thread is a copy of the fields into a queue;
 * the worker writes them in batches (one transaction per 250 ms or 500 rows). Queries return
 * through GTask to the caller's main context.
 *
 * What "acknowledged" means: a row is acknowledged once its transaction committed, which the
 * ledger announces with the ::committed signal. A `kill -9` of the process loses nothing
 * acknowledged (see moderato-ledger-store.c for why synchronous=NORMAL suffices).
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rumble-chat-api.h"

G_BEGIN_DECLS

#define MODERATO_LEDGER_ERROR (moderato_ledger_error_quark ())

/**
 * ModeratoLedgerError:
 * @MODERATO_LEDGER_ERROR_CANNOT_OPEN: the file or its directory cannot be opened or created
 * @MODERATO_LEDGER_ERROR_CORRUPT: (a notice) the file was damaged or not a ledger; it was
 *   moved aside and a new one started
 * @MODERATO_LEDGER_ERROR_NEWER_SCHEMA: (a notice) the file comes from a newer Moderato; it is
 *   open read-only
 * @MODERATO_LEDGER_ERROR_READ_ONLY: a write to a ledger open read-only
 * @MODERATO_LEDGER_ERROR_QUERY: a search query that cannot be used (a bad date…)
 * @MODERATO_LEDGER_ERROR_NOT_FOUND: no such user or stream in the ledger
 * @MODERATO_LEDGER_ERROR_FAILED: SQLite failed (the message says how)
 */
typedef enum {
  MODERATO_LEDGER_ERROR_CANNOT_OPEN,
  MODERATO_LEDGER_ERROR_CORRUPT,
  MODERATO_LEDGER_ERROR_NEWER_SCHEMA,
  MODERATO_LEDGER_ERROR_READ_ONLY,
  MODERATO_LEDGER_ERROR_QUERY,
  MODERATO_LEDGER_ERROR_NOT_FOUND,
  MODERATO_LEDGER_ERROR_FAILED,
} ModeratoLedgerError;

typedef enum {
  MODERATO_LEDGER_OPEN_DEFAULT   = 0,
  MODERATO_LEDGER_OPEN_READ_ONLY = 1 << 0,   /* queries only; never creates or moves files */
} ModeratoLedgerOpenFlags;

/* Whether rows are being written. Anything but RECORDING drops new rows (counted in
 * n-dropped) while the chat goes on; the app shows a banner. */
typedef enum {
  MODERATO_LEDGER_RECORDING,
  MODERATO_LEDGER_PAUSED_BACKLOG,     /* the worker fell far behind (max-pending rows) */
  MODERATO_LEDGER_PAUSED_FULL,        /* the disk (or the size limit) is full */
  MODERATO_LEDGER_PAUSED_READ_ONLY,   /* the file or its directory is not writable */
  MODERATO_LEDGER_PAUSED_ERROR,       /* another I/O error */
  MODERATO_LEDGER_NOT_RECORDING,      /* open read-only (flag or a newer schema) */
} ModeratoLedgerState;

typedef enum {
  MODERATO_LEDGER_ACTION_DELETE,
  MODERATO_LEDGER_ACTION_PIN,
  MODERATO_LEDGER_ACTION_UNPIN,
  MODERATO_LEDGER_ACTION_MUTE,
  MODERATO_LEDGER_ACTION_UNMUTE,
  MODERATO_LEDGER_ACTION_SEND,
  MODERATO_LEDGER_ACTION_COMMAND,
  MODERATO_LEDGER_ACTION_RAID_CONFIRM,
} ModeratoLedgerAction;

typedef enum {
  MODERATO_LEDGER_OUTCOME_PENDING,
  MODERATO_LEDGER_OUTCOME_DONE,
  MODERATO_LEDGER_OUTCOME_REFUSED,    /* Rumble said no; the reason is kept */
  MODERATO_LEDGER_OUTCOME_AMBIGUOUS,  /* the request went out, its outcome is unknown */
  MODERATO_LEDGER_OUTCOME_SEEN,       /* not ours: seen in the stream (a mute) */
} ModeratoLedgerOutcome;

typedef enum {
  MODERATO_LEDGER_FORMAT_MARKDOWN,
  MODERATO_LEDGER_FORMAT_CSV,
  MODERATO_LEDGER_FORMAT_JSON,
} ModeratoLedgerFormat;

/* An action this client is about to perform (moderato_ledger_record_action()). Strings are
 * copied; NULL when not applicable. */
typedef struct {
  const char           *account;      /* the moderator's account name */
  const char           *stream_id;    /* decimal */
  ModeratoLedgerAction  action;
  const char           *message_id;   /* target message */
  const char           *user_id;      /* target user */
  const char           *user_name;    /* target user or channel name */
  guint                 duration_s;   /* mutes: 0 = no fixed duration */
  const char           *scope;        /* mutes: "video" or "total" */
  const char           *text;         /* send, command: what was sent */
} ModeratoLedgerActionInfo;

/* A stored message. Ids are decimal strings. */
typedef struct {
  char    *id;
  char    *stream_id;
  gint64   time;           /* unix seconds */
  char    *user_id;
  char    *user_name;
  char    *channel_id;     /* posted as this channel, or NULL */
  char    *channel_name;
  char    *text;
  guint    rant_cents;
  char   **badges;         /* never NULL */
  gint64   deleted_at;     /* unix seconds; 0 = not deleted */
  char    *deleted_by;     /* the account, when this client deleted it */
} ModeratoLedgerMessage;

/* An action: ours (account set) or seen in the stream (outcome SEEN, account NULL). */
typedef struct {
  gint64                 id;
  gint64                 time;
  char                  *account;
  char                  *stream_id;
  ModeratoLedgerAction   action;
  char                  *message_id;
  char                  *user_id;
  char                  *user_name;
  guint                  duration_s;
  char                  *scope;
  char                  *text;
  ModeratoLedgerOutcome  outcome;
  char                  *reason;
  gint64                 outcome_time;
} ModeratoLedgerEntry;

typedef struct {
  char       *user_id;
  char       *name;
  gint64      first_seen;      /* unix seconds; 0 when unknown */
  char      **streams;         /* stream ids seen in, newest first */
  guint64     n_messages;
  guint64     n_deleted;
  GPtrArray  *mutes;           /* ModeratoLedgerEntry, newest first */
  char       *note;            /* or NULL */
  gboolean    watched;         /* its every message is highlighted */
  GPtrArray  *last_messages;   /* ModeratoLedgerMessage, newest first */
} ModeratoLedgerUserSummary;

typedef struct {
  char    *stream_id;
  char    *title;              /* or NULL */
  gint64   first_seen;
  gint64   last_seen;
  guint64  n_messages;
  guint64  n_chatters;
  guint64  n_first_time;       /* chatters whose first message in the ledger is here */
  guint64  n_rants;
  guint64  rant_cents;
  guint64  n_deleted;
  guint64  n_mutes;            /* distinct users muted (ours and seen) */
  gint64   busiest_minute;     /* unix seconds of its start; 0 when no messages */
  guint64  busiest_minute_messages;
} ModeratoLedgerReport;

void     moderato_ledger_message_free       (ModeratoLedgerMessage     *message);
void     moderato_ledger_entry_free         (ModeratoLedgerEntry       *entry);
void     moderato_ledger_user_summary_free  (ModeratoLedgerUserSummary *summary);
void     moderato_ledger_report_free        (ModeratoLedgerReport      *report);

const char *moderato_ledger_action_to_string  (ModeratoLedgerAction  action);
gboolean    moderato_ledger_action_from_string (const char           *nick,
                                               ModeratoLedgerAction *out_action);
const char *moderato_ledger_outcome_to_string (ModeratoLedgerOutcome outcome);

/* JSON objects, as the CLI prints them (ids as strings, times as unix seconds). */
JsonNode *moderato_ledger_message_to_json       (const ModeratoLedgerMessage     *message);
JsonNode *moderato_ledger_entry_to_json         (const ModeratoLedgerEntry       *entry);
JsonNode *moderato_ledger_user_summary_to_json  (const ModeratoLedgerUserSummary *summary);
/* The report as Markdown, CSV (metric,value lines) or JSON (one object, no line break). */
char     *moderato_ledger_report_format         (const ModeratoLedgerReport      *report,
                                                 ModeratoLedgerFormat             format)
  G_GNUC_WARN_UNUSED_RESULT;

GQuark   moderato_ledger_error_quark        (void);

#define MODERATO_TYPE_LEDGER (moderato_ledger_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoLedger, moderato_ledger, MODERATO, LEDGER, GObject)

/* Signals:
 *   committed (guint64 n_messages)   a transaction committed; @n_messages message rows
 *                                    (new or already known) have been handled in total
 *   watch-changed (char *name, gboolean watched)
 *                                    moderato_ledger_set_watched() was called (at once,
 *                                    on the caller's thread)
 * Properties: state (ModeratoLedgerState), n-dropped (guint64), path, read-only. */

/* $XDG_DATA_HOME/moderato/ledger.sqlite3 (newly allocated). */
char           *moderato_ledger_default_path      (void) G_GNUC_WARN_UNUSED_RESULT;

/* Opens (creating when missing, mode 0600, and migrating) the ledger at @path (NULL: the
 * default). A damaged or foreign file is moved to "PATH.corrupt-<time>" and a new one
 * started; a newer schema opens read-only; an unwritable directory or file gives a ledger
 * in PAUSED_READ_ONLY. Each of these leaves a notice (moderato_ledger_get_notice()). Fails
 * only when nothing can be read: a read-only open of a missing or damaged file. Runs the
 * integrity check on the calling thread: the app uses moderato_ledger_open_async(). */
ModeratoLedger *moderato_ledger_open              (const char               *path,
                                                   ModeratoLedgerOpenFlags   flags,
                                                   GError                  **error)
  G_GNUC_WARN_UNUSED_RESULT;
void            moderato_ledger_open_async        (const char               *path,
                                                   ModeratoLedgerOpenFlags   flags,
                                                   GCancellable             *cancellable,
                                                   GAsyncReadyCallback       callback,
                                                   gpointer                  user_data);
ModeratoLedger *moderato_ledger_open_finish       (GAsyncResult             *result,
                                                   GError                  **error)
  G_GNUC_WARN_UNUSED_RESULT;

const char     *moderato_ledger_get_path          (ModeratoLedger *self);
gboolean        moderato_ledger_get_read_only     (ModeratoLedger *self);
/* What the user should be told about opening (CORRUPT, NEWER_SCHEMA, CANNOT_OPEN), or NULL. */
const GError   *moderato_ledger_get_notice        (ModeratoLedger *self);
/* Where a damaged file was moved, or NULL. */
const char     *moderato_ledger_get_moved_aside   (ModeratoLedger *self);
ModeratoLedgerState moderato_ledger_get_state     (ModeratoLedger *self);
/* Rows dropped while not recording. */
guint64         moderato_ledger_get_n_dropped     (ModeratoLedger *self);
/* Try to record again now (after a full disk or a read-only directory); also tried every
 * 30 s by itself while paused. */
void            moderato_ledger_resume            (ModeratoLedger *self);

/* Retention, applied in the background at open and then hourly: messages older than @days
 * (default 180; 0 = forever) go, then the oldest until the data fits @max_bytes (default
 * 2 GB; 0 = no cap). Deleted pages are reused by SQLite; the file does not shrink. */
void            moderato_ledger_set_retention     (ModeratoLedger *self,
                                                   guint           days,
                                                   guint64         max_bytes);

/* Records @chat: its messages (those already in its model too), deletes and mutes, and its
 * stream. One ledger records any number of chats; detach before dropping the chat. */
void            moderato_ledger_attach            (ModeratoLedger *self,
                                                   RumbleChatApi  *chat);
void            moderato_ledger_detach            (ModeratoLedger *self,
                                                   RumbleChatApi  *chat);
/* The stream's title, when the caller learns it. */
void            moderato_ledger_set_stream_title  (ModeratoLedger *self,
                                                   const char     *stream_id,
                                                   const char     *title);

/* An action this client is about to perform; returns its handle for the outcome. */
gint64          moderato_ledger_record_action     (ModeratoLedger                 *self,
                                                   const ModeratoLedgerActionInfo *info);
void            moderato_ledger_action_done       (ModeratoLedger *self,
                                                   gint64          handle);
void            moderato_ledger_action_refused    (ModeratoLedger *self,
                                                   gint64          handle,
                                                   const char     *reason);
void            moderato_ledger_action_ambiguous  (ModeratoLedger *self,
                                                   gint64          handle,
                                                   const char     *reason);
/* done when @error is NULL, ambiguous for RUMBLE_ERROR_AMBIGUOUS, refused otherwise. */
void            moderato_ledger_action_finish     (ModeratoLedger *self,
                                                   gint64          handle,
                                                   const GError   *error);
/* moderato_ledger_record_action() for an action about to be sent on @chat, with what the
 * chat knows filled in: the stream, the message (unpin without one: the pinned message), and
 * the target user's id and name (from the message, else by @info's user_name). The app and
 * the CLI record their actions through this. */
gint64          moderato_ledger_record_chat_action (ModeratoLedger                 *self,
                                                   RumbleChatApi                  *chat,
                                                   const ModeratoLedgerActionInfo *info);

/* A moderator's note on a user (by name, case-insensitive); NULL or "" removes it. */
void            moderato_ledger_set_note          (ModeratoLedger *self,
                                                   const char     *user_name,
                                                   const char     *text);

/* Whether the moderators watch @user_name (by name, case-insensitive): each of its messages
 * is then highlighted. Kept with the note (a note row may have no text). */
void            moderato_ledger_set_watched       (ModeratoLedger *self,
                                                   const char     *user_name,
                                                   gboolean        watched);

/* Completes once everything queued before it is committed. */
void            moderato_ledger_flush_async       (ModeratoLedger      *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean        moderato_ledger_flush_finish      (ModeratoLedger      *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Search. @query: free text (words, "phrases", prefix*) and filters from:NAME, in:STREAM,
 * is:deleted, is:rant, has:link, before:DATE, after:DATE (YYYY-MM-DD local, or ISO 8601).
 * @stream_id: only this stream (NULL: all history). Newest first, at most @limit (0: 100).
 * Completes with a GPtrArray of ModeratoLedgerMessage. */
void            moderato_ledger_search_async      (ModeratoLedger      *self,
                                                   const char          *query,
                                                   const char          *stream_id,
                                                   guint                limit,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GPtrArray      *moderato_ledger_search_finish     (ModeratoLedger      *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* @user: a name (case-insensitive) or a decimal user id. @n_last: messages to include. */
void            moderato_ledger_user_summary_async (ModeratoLedger      *self,
                                                   const char          *user,
                                                   guint                n_last,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
ModeratoLedgerUserSummary *moderato_ledger_user_summary_finish (ModeratoLedger *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* The moderation log, newest first: filtered by @action (NULL: any nick of
 * moderato_ledger_action_to_string()), @user (name or id) and @stream_id, each NULL for
 * any. Completes with a GPtrArray of ModeratoLedgerEntry. */
void            moderato_ledger_log_async         (ModeratoLedger      *self,
                                                   const char          *action,
                                                   const char          *user,
                                                   const char          *stream_id,
                                                   guint                limit,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GPtrArray      *moderato_ledger_log_finish        (ModeratoLedger      *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

void            moderato_ledger_report_async      (ModeratoLedger      *self,
                                                   const char          *stream_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
ModeratoLedgerReport *moderato_ledger_report_finish (ModeratoLedger    *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* The note on @user_name, or NULL (completes with a string or NULL). */
void            moderato_ledger_get_note_async    (ModeratoLedger      *self,
                                                   const char          *user_name,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
char           *moderato_ledger_get_note_finish   (ModeratoLedger      *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* The names of the watched users (completes with a GStrv, never NULL on success). */
void            moderato_ledger_watched_async     (ModeratoLedger      *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
char          **moderato_ledger_watched_finish    (ModeratoLedger      *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* The names of the channels @user_id posted as (completes with a GStrv). */
void            moderato_ledger_channel_names_async (ModeratoLedger    *self,
                                                   const char          *user_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
char          **moderato_ledger_channel_names_finish (ModeratoLedger   *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Every user id the ledger knows, as a sorted GArray of guint64 (8 bytes a user). */
void            moderato_ledger_known_user_ids_async (ModeratoLedger   *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GArray         *moderato_ledger_known_user_ids_finish (ModeratoLedger  *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ModeratoLedgerMessage, moderato_ledger_message_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ModeratoLedgerEntry, moderato_ledger_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ModeratoLedgerUserSummary, moderato_ledger_user_summary_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ModeratoLedgerReport, moderato_ledger_report_free)

G_END_DECLS
