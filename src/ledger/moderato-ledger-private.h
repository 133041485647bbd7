/* moderato-ledger-private.h — the ledger's worker, store and test hooks
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "moderato-ledger.h"

G_BEGIN_DECLS

/* PRAGMA application_id of a ledger file: "MoLg". */
#define LEDGER_APPLICATION_ID 0x4d6f4c67

/* The schema version this build writes (PRAGMA user_version): one migration step each. */
guint        ledger_schema_version      (void);
/* Runs the migration steps from the file's version up to @target, each in a transaction. */
gboolean     ledger_schema_migrate      (sqlite3     *db,
                                         guint        target,
                                         GError     **error);

typedef struct _LedgerStore LedgerStore;
typedef struct _LedgerJob   LedgerJob;

/* A query, run on the worker; it completes @task. */
typedef void (*LedgerQueryFunc) (LedgerStore *store,
                                 GTask       *task,
                                 gpointer     data);

typedef enum {
  JOB_MESSAGE,
  JOB_DELETED,
  JOB_MUTED,
  JOB_STREAM,
  JOB_ACTION,
  JOB_OUTCOME,
  JOB_NOTE,
  JOB_WATCH,        /* sub: 1 watched, 0 not */
  JOB_N_WRITES,     /* the kinds above are rows: batched, counted, dropped while paused */
  JOB_QUERY,
  JOB_FLUSH,
  JOB_RETENTION,
  JOB_RESUME,
  JOB_CALL,
  JOB_QUIT,
} LedgerJobKind;

struct _LedgerJob {
  LedgerJobKind    kind;
  gint64           handle;        /* actions */
  gint64           time;
  char            *message_id;
  char            *stream_id;
  char            *user_id;
  char            *user_name;
  char            *channel_id;
  char            *channel_name;
  char            *account;
  char            *text;          /* message text, title, reason, note, action text */
  char            *badges;        /* comma-joined */
  char            *scope;
  char           **ids;           /* deleted messages, muted users */
  guint            rant_cents;
  guint            duration;
  int              sub;           /* message kind, action or outcome */
  guint64          max_bytes;     /* retention */
  LedgerQueryFunc  func;          /* query, call */
  GTask           *task;          /* query, flush */
  gpointer         data;
  GDestroyNotify   data_free;
};

LedgerJob   *ledger_job_new             (LedgerJobKind kind);
void         ledger_job_free            (LedgerJob   *job);

/* The store: the connection and the worker thread that owns it. */
LedgerStore *ledger_store_open          (const char              *path,
                                         ModeratoLedgerOpenFlags  flags,
                                         GError                 **notice,
                                         GError                 **error);
LedgerStore *ledger_store_ref           (LedgerStore *store);
void         ledger_store_unref         (LedgerStore *store);
/* Starts the worker; notifications go to @owner on @context. */
void         ledger_store_start         (LedgerStore    *store,
                                         ModeratoLedger *owner,
                                         GMainContext   *context);
/* Quits and joins the worker (committing what is pending). */
void         ledger_store_stop          (LedgerStore *store);
void         ledger_store_push          (LedgerStore *store,
                                         LedgerJob   *job);
gboolean     ledger_store_get_read_only (LedgerStore *store);
const char  *ledger_store_get_path      (LedgerStore *store);
const char  *ledger_store_get_moved_aside (LedgerStore *store);
/* What the worker says (RECORDING, PAUSED_FULL, PAUSED_READ_ONLY, PAUSED_ERROR or
 * NOT_RECORDING); atomic. */
ModeratoLedgerState ledger_store_get_state (LedgerStore *store);
void         ledger_store_add_dropped   (LedgerStore *store,
                                         guint64      n);
guint64      ledger_store_get_dropped   (LedgerStore *store);
/* Write rows queued and not yet handled; atomic. */
gint         ledger_store_get_pending   (LedgerStore *store);

/* Batch window (ms) and rows per batch (tests). */
void         ledger_store_set_limits    (LedgerStore *store,
                                         guint        batch_ms,
                                         guint        batch_rows);
/* How many times the worker woke from waiting for jobs (tests). */
guint        ledger_store_get_wakeups   (LedgerStore *store);

/* For queries, on the worker. */
sqlite3     *ledger_store_get_db        (LedgerStore *store);
/* A cached prepared statement (@sql a static string), reset and unbound; NULL with @error. */
sqlite3_stmt *ledger_store_statement    (LedgerStore *store,
                                         const char  *sql,
                                         GError     **error);
/* A statement for SQL built at run time (finalize it). */
sqlite3_stmt *ledger_store_prepare      (LedgerStore *store,
                                         const char  *sql,
                                         GError     **error);
void         ledger_set_sqlite_error    (GError     **error,
                                         sqlite3     *db,
                                         int          rc,
                                         const char  *what);

LedgerStore *moderato_ledger_get_store (ModeratoLedger *self);

/* Called by the store on the owner's context. */
void         moderato_ledger_worker_state_changed (ModeratoLedger *self);
void         moderato_ledger_emit_committed      (ModeratoLedger *self,
                                                  guint64         n_messages);

/* Query helpers shared by the query and export code. */
char        *ledger_id_to_string        (sqlite3_stmt *stmt,
                                         int           column);
gboolean     ledger_parse_id            (const char   *text,
                                         gint64       *out_id);

/* ---- Test hooks -------------------------------------------------------------------- */

/* Runs @sql on the worker's connection and waits (e.g. "PRAGMA max_page_count=…",
 * "PRAGMA query_only=1"). */
gboolean     moderato_ledger_exec_for_test     (ModeratoLedger *self,
                                                const char     *sql,
                                                GError        **error);
/* Batch window (ms), batch rows, pending rows before PAUSED_BACKLOG, retry interval (s). */
void         moderato_ledger_set_limits_for_test (ModeratoLedger *self,
                                                guint           batch_ms,
                                                guint           batch_rows,
                                                guint           max_pending,
                                                guint           retry_s);
/* Holds the worker until moderato_ledger_release_worker_for_test(). */
void         moderato_ledger_hold_worker_for_test    (ModeratoLedger *self);
void         moderato_ledger_release_worker_for_test (ModeratoLedger *self);

G_END_DECLS
