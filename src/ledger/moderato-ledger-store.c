/* moderato-ledger-store.c — the ledger's connection, its worker thread and the writes
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One thread owns the connection. Jobs arrive on a queue: rows to write, queries,
 * flushes. Rows are written in batches: a transaction opens with the first row and commits
 * after BATCH_MS or BATCH_ROWS rows, whichever comes first.
 *
 * Wake-ups: a row does not wake the worker, except the first of a batch (which opens it) and
 * the one that fills it; the others wait for the batch's deadline, when the worker takes them
 * all at once. Any other job wakes it at once, and runs after the rows pushed before it. In a
 * flood a wake-up per row (a futex wake and a context switch) was a fifth of the worker's
 * time.
 *
 * Durability: the file is in WAL mode with synchronous=NORMAL. A commit appends its pages
 * to the -wal file with write(2) and returns without fsync; the fsync happens at
 * checkpoints. A `kill -9` of the process loses nothing committed, since the written pages
 * are in the kernel's page cache, which outlives the process, and the next open replays the
 * WAL. Only a crash of the whole machine (or a power cut) could lose the last commits, never
 * corrupt the file.
 *
 * Bad conditions: SQLITE_FULL pauses recording (PAUSED_FULL), SQLITE_READONLY, _CANTOPEN
 * and _PERM pause it as PAUSED_READ_ONLY, other I/O errors as PAUSED_ERROR. The rows of the
 * failed batch and those that arrive while paused are dropped and counted; the owner retries
 * (JOB_RESUME) every 30 s or on demand.
 */
#define G_LOG_DOMAIN "moderato-ledger"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rumble-id.h"

#include "moderato-ledger-private.h"

#define BATCH_MS         250
#define BATCH_ROWS       500
#define BUSY_TIMEOUT_MS  5000
#define RETENTION_CHUNK  5000
#define FOLD_PAGES       1000   /* full-text index pages merged per step */
#define SQLITE_MAGIC     "SQLite format 3"

typedef enum {
  WORKER_BUSY,      /* running jobs: it takes what was pushed when done */
  WORKER_IDLE,      /* no batch open: anything wakes it */
  WORKER_BATCH,     /* until the batch's deadline: rows wake it only when they fill it */
} WorkerWait;

struct _LedgerStore {
  gint             ref_count;
  char            *path;
  char            *moved_aside;
  gboolean         read_only;       /* opened read-only: by flag or a newer schema */
  sqlite3         *db;              /* the worker's once started */
  GMutex           queue_lock;
  GCond            queue_cond;
  GQueue           incoming;        /* jobs pushed, not yet taken by the worker */
  guint            incoming_rows;   /* the write jobs among them */
  WorkerWait       waiting;         /* how the worker waits, if it does */
  guint            room;            /* rows the open batch takes, as it waits */
  gint             n_wakeups;       /* atomic: test hook */
  GThread         *thread;
  GMainContext    *owner_context;
  ModeratoLedger  *owner;           /* used on owner_context's thread only */

  gint             state;           /* atomic: ModeratoLedgerState */
  gint             pending;         /* atomic */
  GMutex           stats_lock;
  guint64          n_dropped;

  /* The worker's own. */
  GHashTable      *statements;      /* static SQL → sqlite3_stmt */
  GHashTable      *known_users;     /* user id → name written */
  GHashTable      *known_channels;  /* channel id → name written */
  GHashTable      *batch_streams;   /* stream id → new messages in this batch */
  GQueue           taken;           /* jobs taken from incoming, to run in order */
  gboolean         in_txn;
  gint64           batch_deadline;
  guint            batch_rows;
  guint            batch_messages;
  guint64          n_messages;      /* message rows handled, for ::committed */
  guint            retention_days;
  guint64          retention_bytes;
  gint             batch_ms;        /* atomic: test hook */
  gint             batch_max;       /* atomic: test hook */
};

/* ---- Errors ------------------------------------------------------------------------- */

void
ledger_set_sqlite_error (GError     **error,
                         sqlite3     *db,
                         int          rc,
                         const char  *what)
{
  int code;

  switch (rc & 0xff)
    {
    case SQLITE_READONLY:
      code = MODERATO_LEDGER_ERROR_READ_ONLY;
      break;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      code = MODERATO_LEDGER_ERROR_CANNOT_OPEN;
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = MODERATO_LEDGER_ERROR_CORRUPT;
      break;
    default:
      code = MODERATO_LEDGER_ERROR_FAILED;
      break;
    }
  g_set_error (error, MODERATO_LEDGER_ERROR, code, "%s (%s)",
               db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc), what);
}

static ModeratoLedgerState
state_for_rc (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      return MODERATO_LEDGER_PAUSED_FULL;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return MODERATO_LEDGER_PAUSED_READ_ONLY;
    default:
      return MODERATO_LEDGER_PAUSED_ERROR;
    }
}

/* ---- Jobs --------------------------------------------------------------------------- */

LedgerJob *
ledger_job_new (LedgerJobKind kind)
{
  LedgerJob *job = g_new0 (LedgerJob, 1);

  job->kind = kind;
  return job;
}

void
ledger_job_free (LedgerJob *job)
{
  g_free (job->message_id);
  g_free (job->stream_id);
  g_free (job->user_id);
  g_free (job->user_name);
  g_free (job->channel_id);
  g_free (job->channel_name);
  g_free (job->account);
  g_free (job->text);
  g_free (job->badges);
  g_free (job->scope);
  g_strfreev (job->ids);
  if (job->data_free != NULL)
    job->data_free (job->data);
  g_assert (job->task == NULL);
  g_free (job);
}

/* The worker must not drop a task's last reference: the task holds the ledger, whose
 * disposal joins the worker. Its context drops it, after the task's own callback. */
static gboolean
unref_on_context (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

/* Runs @func on @context's thread, from its loop: never on the worker, which
 * g_main_context_invoke() does when the worker can acquire @context (a context not being
 * iterated at that moment). */
static void
invoke_on_context (GMainContext   *context,
                   GSourceFunc     func,
                   gpointer        data,
                   GDestroyNotify  notify)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[moderato-ledger] owner");
  g_source_attach (source, context);
  g_source_unref (source);
}

static void
release_task (LedgerJob *job)
{
  GTask *task = g_steal_pointer (&job->task);

  if (task != NULL)
    invoke_on_context (g_task_get_context (task), unref_on_context, task, NULL);
}

/* ---- Notifications to the owner ----------------------------------------------------- */

typedef struct {
  LedgerStore *store;
  gboolean     committed;
  guint64      n_messages;
} Notify;

static gboolean
notify_owner (gpointer data)
{
  Notify *notify = data;

  if (notify->store->owner == NULL)
    return G_SOURCE_REMOVE;
  if (notify->committed)
    moderato_ledger_emit_committed (notify->store->owner, notify->n_messages);
  else
    moderato_ledger_worker_state_changed (notify->store->owner);
  return G_SOURCE_REMOVE;
}

static void
notify_free (gpointer data)
{
  Notify *notify = data;

  ledger_store_unref (notify->store);
  g_free (notify);
}

static void
post_notify (LedgerStore *store,
             gboolean     committed,
             guint64      n_messages)
{
  Notify *notify = g_new0 (Notify, 1);

  if (store->owner_context == NULL)
    {
      g_free (notify);
      return;
    }
  notify->store = ledger_store_ref (store);
  notify->committed = committed;
  notify->n_messages = n_messages;
  invoke_on_context (store->owner_context, notify_owner, notify, notify_free);
}

static void
set_state (LedgerStore         *store,
           ModeratoLedgerState  state)
{
  if (g_atomic_int_get (&store->state) == (gint) state)
    return;
  g_atomic_int_set (&store->state, state);
  post_notify (store, FALSE, 0);
}

/* ---- Opening ------------------------------------------------------------------------ */

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      ledger_set_sqlite_error (error, db, rc, sql);
      return FALSE;
    }
  return TRUE;
}

/* One value of a one-row statement, as text; NULL with @error when it fails. */
static char *
query_text (sqlite3     *db,
            const char  *sql,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else
    ledger_set_sqlite_error (error, db, rc, sql);
  sqlite3_finalize (stmt);
  if (rc == SQLITE_ROW && value == NULL)
    value = g_strdup ("");
  return value;
}

/* Whether the file at @path starts like an SQLite database (an empty file does too). */
static gboolean
looks_like_sqlite (const char *path)
{
  char header[16] = { 0 };
  gssize n;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    return TRUE;   /* missing or unreadable: SQLite's open tells */
  n = read (fd, header, sizeof header);
  close (fd);
  return n == 0 || (n == sizeof header && memcmp (header, SQLITE_MAGIC, sizeof header) == 0);
}

typedef enum {
  CHECK_OK,
  CHECK_NEW,          /* an empty file: to be created */
  CHECK_CORRUPT,
  CHECK_FOREIGN,
  CHECK_NEWER,
  CHECK_FAILED,       /* cannot tell (I/O, locked): @error set */
} CheckResult;

static CheckResult
check_file (sqlite3  *db,
            GError  **error)
{
  g_autofree char *quick = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 app_id = -1, version = -1, n_tables = -1;
  sqlite3_stmt *stmt = NULL;

  quick = query_text (db, "PRAGMA quick_check", &local_error);
  if (quick == NULL)
    {
      if (g_error_matches (local_error, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_CORRUPT))
        return CHECK_CORRUPT;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return CHECK_FAILED;
    }
  if (!g_str_equal (quick, "ok"))
    {
      g_message ("Ledger integrity check failed: %.*s", (int) strcspn (quick, "\n"), quick);
      return CHECK_CORRUPT;
    }

  if (sqlite3_prepare_v2 (db, "SELECT (SELECT application_id FROM pragma_application_id),"
                          " (SELECT user_version FROM pragma_user_version),"
                          " (SELECT count(*) FROM sqlite_schema)", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    {
      app_id = sqlite3_column_int64 (stmt, 0);
      version = sqlite3_column_int64 (stmt, 1);
      n_tables = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_finalize (stmt);
  if (app_id < 0)
    {
      ledger_set_sqlite_error (error, db, sqlite3_errcode (db), "application_id");
      return CHECK_FAILED;
    }

  if (app_id == 0 && version == 0 && n_tables == 0)
    return CHECK_NEW;
  if (app_id != LEDGER_APPLICATION_ID)
    return CHECK_FOREIGN;
  if (version > ledger_schema_version ())
    return CHECK_NEWER;
  return CHECK_OK;
}

static void
close_db (sqlite3 **db)
{
  if (*db != NULL)
    sqlite3_close_v2 (*db);
  *db = NULL;
}

/* Renames @path (and its -wal and -shm) to PATH.corrupt-<time>; returns the new name. */
static char *
move_aside (const char  *path,
            GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *target = g_strdup_printf ("%s.corrupt-%s", path, stamp);
  static const char * const suffixes[] = { "-wal", "-shm" };

  for (guint k = 2; g_file_test (target, G_FILE_TEST_EXISTS); k++)
    {
      g_free (target);
      target = g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, k);
    }
  if (g_rename (path, target) != 0)
    {
      int saved = errno;

      g_set_error (error, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_CANNOT_OPEN,
                   _("Cannot move the damaged ledger %s aside: %s"), path, g_strerror (saved));
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (target, suffixes[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS))
        g_rename (from, to);
    }
  return g_steal_pointer (&target);
}

/* Creates @path with mode 0600 when missing (SQLite would use the umask). */
static gboolean
create_private (const char  *path,
                GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_CANNOT_OPEN,
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  fd = g_open (path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_CANNOT_OPEN,
                   _("Cannot create the ledger %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

static sqlite3 *
open_connection (const char  *path,
                 gboolean     read_only,
                 GError     **error)
{
  sqlite3 *db = NULL;
  int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
              SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  int rc = sqlite3_open_v2 (path, &db, flags, NULL);

  if (rc != SQLITE_OK)
    {
      ledger_set_sqlite_error (error, db, rc, path);
      close_db (&db);
      return NULL;
    }
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  return db;
}

/* The writable setup: WAL, synchronous=NORMAL, migrations. */
static gboolean
prepare_writable (sqlite3  *db,
                  GError  **error)
{
  g_autofree char *mode = query_text (db, "PRAGMA journal_mode=WAL", error);

  if (mode == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (mode, "wal") != 0)
    {
      g_set_error (error, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_CANNOT_OPEN,
                   _("The ledger cannot use write-ahead logging (journal mode %s)"), mode);
      return FALSE;
    }
  return exec_sql (db, "PRAGMA synchronous=NORMAL", error) &&
         ledger_schema_migrate (db, ledger_schema_version (), error);
}

static gboolean
is_read_only_error (const GError *error)
{
  return g_error_matches (error, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_READ_ONLY) ||
         g_error_matches (error, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_CANNOT_OPEN);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static LedgerStore *
store_new (const char *path)
{
  LedgerStore *store = g_new0 (LedgerStore, 1);

  store->ref_count = 1;
  store->path = g_strdup (path);
  g_mutex_init (&store->queue_lock);
  g_cond_init (&store->queue_cond);
  g_mutex_init (&store->stats_lock);
  store->statements = g_hash_table_new_full (NULL, NULL, NULL, finalize_statement);
  store->known_users = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  store->known_channels = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  store->batch_streams = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  store->retention_days = 180;
  store->retention_bytes = G_GUINT64_CONSTANT (2000000000);
  store->batch_ms = BATCH_MS;
  store->batch_max = BATCH_ROWS;
  return store;
}

/* Tries the writable open of a checked or new file. FALSE with @error when it cannot. */
static gboolean
open_writable (LedgerStore  *store,
               GError      **notice,
               GError      **error)
{
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      CheckResult check;

      if (!looks_like_sqlite (store->path))
        check = CHECK_CORRUPT;
      else
        {
          if (!create_private (store->path, error))
            return FALSE;
          store->db = open_connection (store->path, FALSE, error);
          if (store->db == NULL)
            return FALSE;
          check = check_file (store->db, &local_error);
        }

      switch (check)
        {
        case CHECK_OK:
        case CHECK_NEW:
          if (!prepare_writable (store->db, error))
            {
              close_db (&store->db);
              return FALSE;
            }
          return TRUE;

        case CHECK_NEWER:
          close_db (&store->db);
          store->db = open_connection (store->path, TRUE, error);
          if (store->db == NULL)
            return FALSE;
          store->read_only = TRUE;
          g_set_error (notice, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_NEWER_SCHEMA,
                       _("The ledger %s was written by a newer version of Moderato: it is "
                         "open read-only and nothing new is recorded."), store->path);
          return TRUE;

        case CHECK_CORRUPT:
        case CHECK_FOREIGN:
          close_db (&store->db);
          if (attempt > 0)
            break;
          store->moved_aside = move_aside (store->path, error);
          if (store->moved_aside == NULL)
            return FALSE;
          g_message ("Ledger %s was %s; moved to %s", store->path,
                     check == CHECK_CORRUPT ? "damaged" : "not a ledger", store->moved_aside);
          g_set_error (notice, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_CORRUPT,
                       _("The ledger was damaged or not Moderato's. It was moved to %s and a "
                         "new one started."), store->moved_aside);
          continue;

        case CHECK_FAILED:
        default:
          close_db (&store->db);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  g_set_error (error, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_CORRUPT,
               _("A new ledger at %s is damaged at once"), store->path);
  return FALSE;
}

LedgerStore *
ledger_store_open (const char               *path,
                   ModeratoLedgerOpenFlags   flags,
                   GError                  **notice,
                   GError                  **error)
{
  LedgerStore *store = store_new (path);
  g_autoptr(GError) local_error = NULL;

  if (flags & MODERATO_LEDGER_OPEN_READ_ONLY)
    {
      CheckResult check;

      store->read_only = TRUE;
      store->state = MODERATO_LEDGER_NOT_RECORDING;
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_CANNOT_OPEN,
                       _("There is no ledger at %s"), path);
          ledger_store_unref (store);
          return NULL;
        }
      store->db = open_connection (path, TRUE, error);
      if (store->db == NULL)
        {
          ledger_store_unref (store);
          return NULL;
        }
      check = looks_like_sqlite (path) ? check_file (store->db, &local_error) : CHECK_CORRUPT;
      if (check == CHECK_CORRUPT || check == CHECK_FOREIGN || check == CHECK_FAILED)
        {
          if (local_error != NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_CORRUPT,
                         _("The file %s is damaged or not a Moderato ledger"), path);
          ledger_store_unref (store);
          return NULL;
        }
      if (check == CHECK_NEW)
        {
          g_set_error (error, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_CANNOT_OPEN,
                       _("The ledger at %s is empty"), path);
          ledger_store_unref (store);
          return NULL;
        }
      return store;
    }

  if (open_writable (store, notice, &local_error))
    {
      if (store->read_only)
        store->state = MODERATO_LEDGER_NOT_RECORDING;
      return store;
    }

  if (!is_read_only_error (local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      ledger_store_unref (store);
      return NULL;
    }

  /* The file or its folder is not writable: recording waits, reading may still work. */
  g_message ("Ledger %s is not writable (%s); recording paused", path, local_error->message);
  store->state = MODERATO_LEDGER_PAUSED_READ_ONLY;
  if (notice != NULL && *notice == NULL)
    g_set_error (notice, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_CANNOT_OPEN,
                 _("The ledger cannot be written (%s): recording is paused."),
                 local_error->message);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR) && looks_like_sqlite (path))
    store->db = open_connection (path, TRUE, NULL);
  return store;
}

LedgerStore *
ledger_store_ref (LedgerStore *store)
{
  g_atomic_int_inc (&store->ref_count);
  return store;
}

void
ledger_store_unref (LedgerStore *store)
{
  if (!g_atomic_int_dec_and_test (&store->ref_count))
    return;

  g_assert (store->thread == NULL);
  g_hash_table_unref (store->statements);
  close_db (&store->db);
  g_hash_table_unref (store->known_users);
  g_hash_table_unref (store->known_channels);
  g_hash_table_unref (store->batch_streams);
  g_queue_clear (&store->incoming);
  g_queue_clear (&store->taken);
  g_mutex_clear (&store->queue_lock);
  g_cond_clear (&store->queue_cond);
  g_clear_pointer (&store->owner_context, g_main_context_unref);
  g_mutex_clear (&store->stats_lock);
  g_free (store->path);
  g_free (store->moved_aside);
  g_free (store);
}

gboolean
ledger_store_get_read_only (LedgerStore *store)
{
  return store->read_only;
}

const char *
ledger_store_get_path (LedgerStore *store)
{
  return store->path;
}

const char *
ledger_store_get_moved_aside (LedgerStore *store)
{
  return store->moved_aside;
}

ModeratoLedgerState
ledger_store_get_state (LedgerStore *store)
{
  return g_atomic_int_get (&store->state);
}

void
ledger_store_add_dropped (LedgerStore *store,
                          guint64      n)
{
  g_mutex_lock (&store->stats_lock);
  store->n_dropped += n;
  g_mutex_unlock (&store->stats_lock);
}

guint64
ledger_store_get_dropped (LedgerStore *store)
{
  guint64 n;

  g_mutex_lock (&store->stats_lock);
  n = store->n_dropped;
  g_mutex_unlock (&store->stats_lock);
  return n;
}

gint
ledger_store_get_pending (LedgerStore *store)
{
  return g_atomic_int_get (&store->pending);
}

sqlite3 *
ledger_store_get_db (LedgerStore *store)
{
  return store->db;
}

/* ---- Statements --------------------------------------------------------------------- */

sqlite3_stmt *
ledger_store_statement (LedgerStore  *store,
                        const char   *sql,
                        GError      **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (store->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (store->db == NULL)
    {
      g_set_error (error, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_CANNOT_OPEN,
                   _("The ledger is not open"));
      return NULL;
    }
  {
    int rc = sqlite3_prepare_v3 (store->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);

    if (rc != SQLITE_OK)
      {
        ledger_set_sqlite_error (error, store->db, rc, "prepare");
        return NULL;
      }
  }
  g_hash_table_insert (store->statements, (gpointer) sql, stmt);
  return stmt;
}

sqlite3_stmt *
ledger_store_prepare (LedgerStore  *store,
                      const char   *sql,
                      GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (store->db == NULL)
    {
      g_set_error (error, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_CANNOT_OPEN,
                   _("The ledger is not open"));
      return NULL;
    }
  rc = sqlite3_prepare_v2 (store->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      ledger_set_sqlite_error (error, store->db, rc, "prepare");
      return NULL;
    }
  return stmt;
}

/* ---- Ids ---------------------------------------------------------------------------- */

gboolean
ledger_parse_id (const char *text,
                 gint64     *out_id)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;
  *out_id = (gint64) value;
  return TRUE;
}

char *
ledger_id_to_string (sqlite3_stmt *stmt,
                     int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, column));
}

static void
bind_id (sqlite3_stmt *stmt,
         int           index,
         const char   *text)
{
  gint64 id;

  if (ledger_parse_id (text, &id))
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

/* ---- Writes ------------------------------------------------------------------------- */

static gboolean
has_link (const char *text)
{
  g_autofree char *lower = g_ascii_strdown (text, -1);

  return strstr (lower, "://") != NULL || strstr (lower, "www.") != NULL;
}

/* Runs a write statement; returns the SQLite result (SQLITE_DONE on success). */
static int
step_write (sqlite3_stmt *stmt)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  return rc == SQLITE_ROW ? SQLITE_DONE : rc;
}

/* Names change rarely: a user or channel row is written when new or renamed. @sql takes
 * the id, the name, then (when it has them) @number and @text_id. */
static int
write_known (LedgerStore *store,
             GHashTable  *known,
             const char  *sql,
             gint64       id,
             const char  *name,
             gint64       number,
             const char  *text_id)
{
  const char *written = g_hash_table_lookup (known, &id);
  sqlite3_stmt *stmt;
  int rc;

  if (name == NULL || g_strcmp0 (written, name) == 0)
    return SQLITE_DONE;
  stmt = ledger_store_statement (store, sql, NULL);
  if (stmt == NULL)
    return sqlite3_errcode (store->db);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_int64 (stmt, 3, number);
  if (sqlite3_bind_parameter_count (stmt) >= 4)
    bind_id (stmt, 4, text_id);
  rc = step_write (stmt);
  if (rc == SQLITE_DONE)
    g_hash_table_insert (known, g_memdup2 (&id, sizeof id), g_strdup (name));
  return rc;
}

static int
write_message (LedgerStore *store,
               LedgerJob   *job)
{
  const char *text = job->text != NULL ? job->text : "";
  sqlite3_stmt *stmt;
  gint64 id, stream_id, user_id = 0, channel_id = 0;
  int rc;

  if (!ledger_parse_id (job->message_id, &id) || !ledger_parse_id (job->stream_id, &stream_id))
    {
      g_debug ("Ledger: message id %s is not a number; not recorded", job->message_id);
      return SQLITE_DONE;
    }

  if (ledger_parse_id (job->user_id, &user_id))
    {
      rc = write_known (store, store->known_users,
                        "INSERT INTO users (id, name, first_seen, first_stream)"
                        " VALUES (?1, ?2, ?3, ?4)"
                        " ON CONFLICT (id) DO UPDATE SET name = excluded.name",
                        user_id, job->user_name, job->time, job->stream_id);
      if (rc != SQLITE_DONE)
        return rc;
    }
  if (ledger_parse_id (job->channel_id, &channel_id))
    {
      rc = write_known (store, store->known_channels,
                        "INSERT INTO channels (id, name, user_id) VALUES (?1, ?2, nullif (?3, 0))"
                        " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                        " user_id = coalesce (excluded.user_id, user_id)",
                        channel_id, job->channel_name, user_id, NULL);
      if (rc != SQLITE_DONE)
        return rc;
    }

  /* No RETURNING and no trigger: either would make this a statement with its own journal,
   * and FTS5 writes its pending index out at each (a segment per message). */
  stmt = ledger_store_statement (store,
                                 "INSERT INTO messages (id, stream_id, time, user_id, channel_id,"
                                 " kind, text, rant_cents, badges, has_link)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                                 " ON CONFLICT (id) DO NOTHING", NULL);
  if (stmt == NULL)
    return sqlite3_errcode (store->db);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, stream_id);
  sqlite3_bind_int64 (stmt, 3, job->time);
  if (user_id != 0)
    sqlite3_bind_int64 (stmt, 4, user_id);
  if (channel_id != 0)
    sqlite3_bind_int64 (stmt, 5, channel_id);
  sqlite3_bind_int (stmt, 6, job->sub);
  sqlite3_bind_text (stmt, 7, text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, job->rant_cents);
  bind_text (stmt, 9, job->badges);
  sqlite3_bind_int (stmt, 10, job->text != NULL && has_link (job->text));
  rc = step_write (stmt);
  /* A row is written only when the message is new; it goes into the search index too. */
  if (rc == SQLITE_DONE && sqlite3_changes (store->db) == 1)
    {
      gint64 *key;
      guint n;

      stmt = ledger_store_statement (store, "INSERT INTO messages_fts (rowid, text)"
                                            " VALUES (?1, ?2)", NULL);
      if (stmt == NULL)
        return sqlite3_errcode (store->db);
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
      rc = step_write (stmt);
      if (rc != SQLITE_DONE)
        return rc;
      key = g_memdup2 (&stream_id, sizeof stream_id);
      n = GPOINTER_TO_UINT (g_hash_table_lookup (store->batch_streams, key));
      g_hash_table_insert (store->batch_streams, key, GUINT_TO_POINTER (n + 1));
    }
  store->batch_messages++;
  return rc;
}

static int
write_stream (LedgerStore *store,
              const char  *stream_id,
              const char  *title,
              gint64       time)
{
  sqlite3_stmt *stmt = ledger_store_statement (store,
                                               "INSERT INTO streams (id, title, first_seen, last_seen)"
                                               " VALUES (?1, ?2, ?3, ?3)"
                                               " ON CONFLICT (id) DO UPDATE SET"
                                               " title = coalesce (excluded.title, title),"
                                               " last_seen = max (last_seen, excluded.last_seen)",
                                               NULL);
  gint64 id;

  if (stmt == NULL)
    return sqlite3_errcode (store->db);
  if (!ledger_parse_id (stream_id, &id))
    return SQLITE_DONE;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_text (stmt, 2, title);
  sqlite3_bind_int64 (stmt, 3, time);
  return step_write (stmt);
}

static int
write_deleted (LedgerStore *store,
               LedgerJob   *job)
{
  for (guint i = 0; job->ids != NULL && job->ids[i] != NULL; i++)
    {
      sqlite3_stmt *stmt = ledger_store_statement (store,
                                                   "UPDATE messages SET"
                                                   " deleted_at = coalesce (deleted_at, ?2),"
                                                   " deleted_by = coalesce (deleted_by, ?3)"
                                                   " WHERE id = ?1", NULL);
      int rc;

      if (stmt == NULL)
        return sqlite3_errcode (store->db);
      bind_id (stmt, 1, job->ids[i]);
      sqlite3_bind_int64 (stmt, 2, job->time);
      bind_text (stmt, 3, job->account);
      rc = step_write (stmt);
      if (rc != SQLITE_DONE)
        return rc;
    }
  return SQLITE_DONE;
}

static int
insert_action (LedgerStore *store,
               gint64       handle,
               gint64       time,
               const char  *account,
               const char  *stream_id,
               int          action,
               const char  *message_id,
               const char  *user_id,
               const char  *user_name,
               guint        duration,
               const char  *scope,
               const char  *text,
               int          outcome)
{
  sqlite3_stmt *stmt = ledger_store_statement (store,
                                               "INSERT INTO actions (id, time, account, stream_id,"
                                               " action, message_id, user_id, user_name, duration,"
                                               " scope, text, outcome)"
                                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
                                               " ?11, ?12) ON CONFLICT (id) DO NOTHING", NULL);

  if (stmt == NULL)
    return sqlite3_errcode (store->db);
  sqlite3_bind_int64 (stmt, 1, handle);
  sqlite3_bind_int64 (stmt, 2, time);
  bind_text (stmt, 3, account);
  bind_id (stmt, 4, stream_id);
  sqlite3_bind_text (stmt, 5, moderato_ledger_action_to_string (action), -1, SQLITE_STATIC);
  bind_id (stmt, 6, message_id);
  bind_id (stmt, 7, user_id);
  bind_text (stmt, 8, user_name);
  if (duration > 0)
    sqlite3_bind_int64 (stmt, 9, duration);
  bind_text (stmt, 10, scope);
  bind_text (stmt, 11, text);
  sqlite3_bind_text (stmt, 12, moderato_ledger_outcome_to_string (outcome), -1, SQLITE_STATIC);
  return step_write (stmt);
}

static int
write_muted (LedgerStore *store,
             LedgerJob   *job)
{
  for (guint i = 0; job->ids != NULL && job->ids[i] != NULL; i++)
    {
      int rc = insert_action (store, job->handle + i, job->time, NULL, job->stream_id,
                              MODERATO_LEDGER_ACTION_MUTE, NULL, job->ids[i], NULL, 0, NULL,
                              NULL, MODERATO_LEDGER_OUTCOME_SEEN);

      if (rc != SQLITE_DONE)
        return rc;
    }
  return SQLITE_DONE;
}

static int
write_outcome (LedgerStore *store,
               LedgerJob   *job)
{
  sqlite3_stmt *stmt;
  gboolean deleted = FALSE;
  gint64 message_id = 0;
  g_autofree char *account = NULL;
  int rc;

  /* Read, then update: an UPDATE … RETURNING has a statement journal, and FTS5 writes its
   * pending index out for each. */
  stmt = ledger_store_statement (store, "SELECT action, message_id, account FROM actions"
                                        " WHERE id = ?1", NULL);
  if (stmt == NULL)
    return sqlite3_errcode (store->db);
  sqlite3_bind_int64 (stmt, 1, job->handle);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      deleted = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0),
                           moderato_ledger_action_to_string (MODERATO_LEDGER_ACTION_DELETE)) == 0;
      message_id = sqlite3_column_int64 (stmt, 1);
      account = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      rc = SQLITE_DONE;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return rc;

  stmt = ledger_store_statement (store, "UPDATE actions SET outcome = ?2, reason = ?3,"
                                        " outcome_time = ?4 WHERE id = ?1", NULL);
  if (stmt == NULL)
    return sqlite3_errcode (store->db);
  sqlite3_bind_int64 (stmt, 1, job->handle);
  sqlite3_bind_text (stmt, 2, moderato_ledger_outcome_to_string (job->sub), -1, SQLITE_STATIC);
  bind_text (stmt, 3, job->text);
  sqlite3_bind_int64 (stmt, 4, job->time);
  rc = step_write (stmt);
  if (rc != SQLITE_DONE)
    return rc;

  /* A delete this client did: the message's fate names the account. */
  if (deleted && job->sub == MODERATO_LEDGER_OUTCOME_DONE && message_id != 0)
    {
      stmt = ledger_store_statement (store,
                                     "UPDATE messages SET deleted_at = coalesce (deleted_at, ?2),"
                                     " deleted_by = ?3 WHERE id = ?1", NULL);
      if (stmt == NULL)
        return sqlite3_errcode (store->db);
      sqlite3_bind_int64 (stmt, 1, message_id);
      sqlite3_bind_int64 (stmt, 2, job->time);
      bind_text (stmt, 3, account);
      return step_write (stmt);
    }
  return SQLITE_DONE;
}

/* A note row with neither text nor the watch flag is dropped. */
static int
drop_empty_note (LedgerStore *store,
                 const char  *name)
{
  sqlite3_stmt *stmt = ledger_store_statement (store,
                                               "DELETE FROM notes WHERE name = ?1"
                                               " AND text = '' AND NOT watched", NULL);

  if (stmt == NULL)
    return sqlite3_errcode (store->db);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  return step_write (stmt);
}

static int
write_note (LedgerStore *store,
            LedgerJob   *job)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = ledger_store_statement (store,
                                 "INSERT INTO notes (name, text, updated) VALUES (?1, ?2, ?3)"
                                 " ON CONFLICT (name) DO UPDATE SET text = excluded.text,"
                                 " updated = excluded.updated", NULL);
  if (stmt == NULL)
    return sqlite3_errcode (store->db);
  sqlite3_bind_text (stmt, 1, job->user_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, job->text != NULL ? job->text : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, job->time);
  rc = step_write (stmt);
  if (rc != SQLITE_DONE)
    return rc;
  return drop_empty_note (store, job->user_name);
}

static int
write_watch (LedgerStore *store,
             LedgerJob   *job)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = ledger_store_statement (store,
                                 "INSERT INTO notes (name, text, updated, watched)"
                                 " VALUES (?1, '', ?2, ?3)"
                                 " ON CONFLICT (name) DO UPDATE SET watched = excluded.watched,"
                                 " updated = excluded.updated", NULL);
  if (stmt == NULL)
    return sqlite3_errcode (store->db);
  sqlite3_bind_text (stmt, 1, job->user_name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, job->time);
  sqlite3_bind_int (stmt, 3, job->sub != 0);
  rc = step_write (stmt);
  if (rc != SQLITE_DONE)
    return rc;
  return drop_empty_note (store, job->user_name);
}

static int
write_row (LedgerStore *store,
           LedgerJob   *job)
{
  switch (job->kind)
    {
    case JOB_MESSAGE:
      return write_message (store, job);
    case JOB_DELETED:
      return write_deleted (store, job);
    case JOB_MUTED:
      return write_muted (store, job);
    case JOB_STREAM:
      return write_stream (store, job->stream_id, job->text, job->time);
    case JOB_ACTION:
      return insert_action (store, job->handle, job->time, job->account, job->stream_id,
                            job->sub, job->message_id, job->user_id, job->user_name,
                            job->duration, job->scope, job->text,
                            MODERATO_LEDGER_OUTCOME_PENDING);
    case JOB_OUTCOME:
      return write_outcome (store, job);
    case JOB_NOTE:
      return write_note (store, job);
    case JOB_WATCH:
      return write_watch (store, job);
    case JOB_N_WRITES:
    case JOB_QUERY:
    case JOB_FLUSH:
    case JOB_RETENTION:
    case JOB_RESUME:
    case JOB_CALL:
    case JOB_QUIT:
    default:
      g_assert_not_reached ();
    }
}

/* ---- Batches ------------------------------------------------------------------------ */

/* The batch failed: SQLite undoes it; its rows count as dropped; recording pauses. */
static void
fail_batch (LedgerStore *store,
            int          rc,
            const char  *what)
{
  ModeratoLedgerState state = state_for_rc (rc);

  g_message ("Ledger: %s failed (%s); recording paused, %u rows dropped", what,
             sqlite3_errstr (rc), store->batch_rows);
  if (!sqlite3_get_autocommit (store->db))
    sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
  ledger_store_add_dropped (store, store->batch_rows);
  /* Cached names may belong to rows that were rolled back. */
  g_hash_table_remove_all (store->known_users);
  g_hash_table_remove_all (store->known_channels);
  g_hash_table_remove_all (store->batch_streams);
  store->n_messages += store->batch_messages;
  store->in_txn = FALSE;
  store->batch_rows = 0;
  store->batch_messages = 0;
  set_state (store, state);
}

static void
commit_batch (LedgerStore *store)
{
  GHashTableIter iter;
  gpointer key, value;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  int rc;

  if (!store->in_txn)
    return;

  g_hash_table_iter_init (&iter, store->batch_streams);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      sqlite3_stmt *stmt = ledger_store_statement (store,
                                                   "UPDATE streams SET n_messages = n_messages + ?2,"
                                                   " last_seen = max (last_seen, ?3) WHERE id = ?1",
                                                   NULL);

      if (stmt == NULL)
        {
          fail_batch (store, sqlite3_errcode (store->db), "counting");
          return;
        }
      sqlite3_bind_int64 (stmt, 1, *(gint64 *) key);
      sqlite3_bind_int64 (stmt, 2, GPOINTER_TO_UINT (value));
      sqlite3_bind_int64 (stmt, 3, now);
      rc = step_write (stmt);
      if (rc != SQLITE_DONE)
        {
          fail_batch (store, rc, "counting");
          return;
        }
    }
  g_hash_table_remove_all (store->batch_streams);

  rc = sqlite3_exec (store->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      fail_batch (store, rc, "commit");
      return;
    }
  store->in_txn = FALSE;
  store->n_messages += store->batch_messages;
  store->batch_rows = 0;
  store->batch_messages = 0;
  post_notify (store, TRUE, store->n_messages);
}

static void
handle_write (LedgerStore *store,
              LedgerJob   *job)
{
  int rc;

  if (store->db == NULL || store->read_only ||
      g_atomic_int_get (&store->state) != MODERATO_LEDGER_RECORDING)
    {
      ledger_store_add_dropped (store, 1);
      if (job->kind == JOB_MESSAGE)
        store->n_messages++;
      return;
    }

  if (!store->in_txn)
    {
      rc = sqlite3_exec (store->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          store->batch_rows = 1;
          store->batch_messages = job->kind == JOB_MESSAGE;
          fail_batch (store, rc, "begin");
          return;
        }
      store->in_txn = TRUE;
      store->batch_deadline = g_get_monotonic_time () +
                              g_atomic_int_get (&store->batch_ms) * G_TIME_SPAN_MILLISECOND;
    }

  store->batch_rows++;
  rc = write_row (store, job);
  if (rc != SQLITE_DONE)
    {
      fail_batch (store, rc, "write");
      return;
    }
  if (store->batch_rows >= (guint) g_atomic_int_get (&store->batch_max))
    commit_batch (store);
}

/* ---- Retention ---------------------------------------------------------------------- */

static gint64
data_bytes (LedgerStore *store)
{
  sqlite3_stmt *stmt = ledger_store_statement (store,
                                               "SELECT (SELECT page_count FROM pragma_page_count)"
                                               " - (SELECT freelist_count FROM pragma_freelist_count),"
                                               " (SELECT page_size FROM pragma_page_size)", NULL);
  gint64 bytes = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    bytes = sqlite3_column_int64 (stmt, 0) * sqlite3_column_int64 (stmt, 1);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return bytes;
}

static gint64
count_messages (LedgerStore *store)
{
  sqlite3_stmt *stmt = ledger_store_statement (store, "SELECT count (*) FROM messages", NULL);
  gint64 n = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return n;
}

/* Deletes up to @limit of the oldest messages older than @cutoff (any age when @cutoff is
 * G_MAXINT64); returns how many. */
static int
delete_oldest (LedgerStore *store,
               int          limit,
               gint64       cutoff,
               int         *out_rc)
{
  sqlite3_stmt *stmt = ledger_store_statement (store,
                                               "DELETE FROM messages WHERE id IN"
                                               " (SELECT id FROM messages ORDER BY id LIMIT ?1)"
                                               " AND time < ?2", NULL);

  if (stmt == NULL)
    {
      *out_rc = sqlite3_errcode (store->db);
      return 0;
    }
  sqlite3_bind_int (stmt, 1, limit);
  sqlite3_bind_int64 (stmt, 2, cutoff);
  *out_rc = step_write (stmt);
  return *out_rc == SQLITE_DONE ? sqlite3_changes (store->db) : 0;
}

static void run_job (LedgerStore *store,
                     LedgerJob   *job);

/* Moves the jobs pushed so far behind those taken, in one splice (a flood can have queued
 * thousands, and the pushers wait for the lock); with queue_lock held. */
static void
take_incoming_locked (LedgerStore *store)
{
  GQueue *incoming = &store->incoming;
  GQueue *taken = &store->taken;

  if (incoming->head == NULL)
    return;
  if (taken->tail != NULL)
    {
      taken->tail->next = incoming->head;
      incoming->head->prev = taken->tail;
    }
  else
    taken->head = incoming->head;
  taken->tail = incoming->tail;
  taken->length += incoming->length;
  g_queue_init (incoming);
  store->incoming_rows = 0;
}

/* Between two steps of long work: the rows queued so far are written (recording goes on),
 * up to the first other job, which waits for the work to end (a flush, a query: they
 * come after it). FALSE when the work should stop: the worker is to quit, or retention to
 * run anew. */
static gboolean
run_queued (LedgerStore *store)
{
  gboolean go_on = TRUE;
  LedgerJob *job;

  g_mutex_lock (&store->queue_lock);
  take_incoming_locked (store);
  g_mutex_unlock (&store->queue_lock);
  while ((job = g_queue_pop_head (&store->taken)) != NULL)
    {
      if (job->kind >= JOB_N_WRITES)
        {
          go_on = job->kind != JOB_QUIT && job->kind != JOB_RETENTION;
          g_queue_push_head (&store->taken, job);
          break;
        }
      run_job (store, job);
      ledger_job_free (job);
    }
  commit_batch (store);
  return go_on;
}

/* A deleted row leaves a delete entry in the full-text index; the space of both comes back
 * only when they meet in a merge into the oldest segment. This merges the whole index
 * (FTS5's 'merge' with a negative budget) FOLD_PAGES pages a step, each step its own
 * transaction, with the queued jobs run between steps. SQLITE_INTERRUPT when it stopped
 * short (see run_queued(), or recording paused). */
static int
fold_index (LedgerStore *store)
{
  for (;;)
    {
      sqlite3_stmt *stmt = ledger_store_statement (store,
                                                   "INSERT INTO messages_fts (messages_fts, rank)"
                                                   " VALUES ('merge', ?1)", NULL);
      int before, rc;

      if (stmt == NULL)
        return sqlite3_errcode (store->db);
      sqlite3_bind_int (stmt, 1, -FOLD_PAGES);
      before = sqlite3_total_changes (store->db);
      rc = step_write (stmt);
      /* FTS5 says it found nothing to merge by changing fewer than two rows. */
      if (rc != SQLITE_DONE || sqlite3_total_changes (store->db) - before < 2)
        return rc;
      if (!run_queued (store) ||
          g_atomic_int_get (&store->state) != MODERATO_LEDGER_RECORDING)
        return SQLITE_INTERRUPT;
    }
}

/* Old rows go in chunks, each its own transaction, so recording is never held long. The
 * freed pages are reused by new rows (no VACUUM: the file keeps its size, and stops
 * growing). Ids grow with time, so the oldest come first in id order. */
static void
apply_retention (LedgerStore *store)
{
  gint64 cutoff = store->retention_days > 0
                  ? g_get_real_time () / G_USEC_PER_SEC - (gint64) store->retention_days * 86400
                  : G_MININT64;
  guint64 removed = 0;
  gint64 last_bytes = 0;
  gboolean folded;
  int rc = SQLITE_DONE;
  int n;

  if (store->db == NULL || store->read_only ||
      g_atomic_int_get (&store->state) != MODERATO_LEDGER_RECORDING)
    return;
  commit_batch (store);

  do
    n = delete_oldest (store, RETENTION_CHUNK, cutoff, &rc), removed += n;
  while (n == RETENTION_CHUNK && rc == SQLITE_DONE);

  /* The size cap: each round removes the oldest messages in the share of the data the
   * excess is, then folds the full-text index (see fold_index()) so that the next
   * measure sees the space given back; a round that freed nothing ends it, and the next
   * run goes on from there. The index is only folded when the cap is exceeded. */
  folded = removed == 0;
  while (rc == SQLITE_DONE && store->retention_bytes > 0)
    {
      gint64 bytes = data_bytes (store);
      gint64 rows, excess;

      if ((guint64) bytes <= store->retention_bytes)
        break;
      if (!folded)
        {
          rc = fold_index (store);
          folded = TRUE;
          continue;
        }
      if (last_bytes > 0 && bytes >= last_bytes)
        break;
      last_bytes = bytes;
      rows = count_messages (store);
      excess = (gint64) ((double) rows * (double) ((guint64) bytes - store->retention_bytes) /
                         (double) bytes) + 1;
      while (excess > 0 && rc == SQLITE_DONE)
        {
          n = delete_oldest (store, (int) MIN (excess, RETENTION_CHUNK), G_MAXINT64, &rc);
          if (n == 0)
            break;
          excess -= n;
          removed += n;
          folded = FALSE;
        }
      if (rows == 0)
        break;
    }
  if (rc == SQLITE_INTERRUPT)
    g_debug ("Ledger retention stopped short; the next run goes on");
  else if (rc != SQLITE_DONE)
    g_message ("Ledger retention failed: %s", sqlite3_errstr (rc));
  else if (removed > 0)
    g_debug ("Ledger retention removed %" G_GUINT64_FORMAT " messages", removed);
}

/* ---- The worker --------------------------------------------------------------------- */

static void
resume (LedgerStore *store)
{
  ModeratoLedgerState state = g_atomic_int_get (&store->state);

  if (store->read_only || state == MODERATO_LEDGER_RECORDING)
    return;

  if (state == MODERATO_LEDGER_PAUSED_READ_ONLY)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) notice = NULL;
      LedgerStore *fresh = store_new (store->path);

      /* Open the file again, writable this time; the statements belong to the old one. */
      if (!open_writable (fresh, &notice, &error) || fresh->read_only)
        {
          g_debug ("Ledger still not writable: %s", error ? error->message : "newer schema");
          ledger_store_unref (fresh);
          return;
        }
      g_hash_table_remove_all (store->statements);
      close_db (&store->db);
      store->db = g_steal_pointer (&fresh->db);
      ledger_store_unref (fresh);
    }
  g_message ("Ledger recording resumed");
  set_state (store, MODERATO_LEDGER_RECORDING);
}

static void
run_job (LedgerStore *store,
         LedgerJob   *job)
{
  switch (job->kind)
    {
    case JOB_QUERY:
      if (!g_task_return_error_if_cancelled (job->task))
        job->func (store, job->task, job->data);
      release_task (job);
      break;
    case JOB_FLUSH:
      commit_batch (store);
      g_task_return_boolean (job->task, TRUE);
      release_task (job);
      break;
    case JOB_RETENTION:
      store->retention_days = job->duration;
      store->retention_bytes = job->max_bytes;
      apply_retention (store);
      break;
    case JOB_RESUME:
      resume (store);
      break;
    case JOB_CALL:
      commit_batch (store);
      job->func (store, NULL, job->data);
      break;
    case JOB_MESSAGE:
    case JOB_DELETED:
    case JOB_MUTED:
    case JOB_STREAM:
    case JOB_ACTION:
    case JOB_OUTCOME:
    case JOB_NOTE:
    case JOB_WATCH:
      handle_write (store, job);
      g_atomic_int_add (&store->pending, -1);
      break;
    case JOB_N_WRITES:
    case JOB_QUIT:
    default:
      g_assert_not_reached ();
    }
}

/* Waits until a job is pushed (see ledger_store_push() for those that wake it) or the open
 * batch's deadline passes, then takes all the jobs pushed. */
static void
take_jobs (LedgerStore *store)
{
  g_mutex_lock (&store->queue_lock);
  while (g_queue_is_empty (&store->incoming))
    {
      gboolean woken = TRUE;

      if (store->in_txn)
        {
          guint max = (guint) g_atomic_int_get (&store->batch_max);

          store->waiting = WORKER_BATCH;
          store->room = max > store->batch_rows ? max - store->batch_rows : 1;
          woken = g_cond_wait_until (&store->queue_cond, &store->queue_lock,
                                     store->batch_deadline);
        }
      else
        {
          store->waiting = WORKER_IDLE;
          g_cond_wait (&store->queue_cond, &store->queue_lock);
        }
      g_atomic_int_inc (&store->n_wakeups);
      if (!woken)
        break;
    }
  store->waiting = WORKER_BUSY;
  take_incoming_locked (store);
  g_mutex_unlock (&store->queue_lock);
}

static gpointer
worker_main (gpointer data)
{
  LedgerStore *store = data;

  for (;;)
    {
      LedgerJob *job;

      take_jobs (store);
      while ((job = g_queue_pop_head (&store->taken)) != NULL && job->kind != JOB_QUIT)
        {
          run_job (store, job);
          ledger_job_free (job);
        }
      if (job != NULL)
        {
          ledger_job_free (job);
          break;
        }
      if (store->in_txn && g_get_monotonic_time () >= store->batch_deadline)
        commit_batch (store);
    }

  commit_batch (store);
  /* Closing the last connection checkpoints the WAL into the file. */
  g_hash_table_remove_all (store->statements);
  close_db (&store->db);
  return NULL;
}

void
ledger_store_start (LedgerStore    *store,
                    ModeratoLedger *owner,
                    GMainContext   *context)
{
  g_return_if_fail (store->thread == NULL);

  store->owner = owner;
  store->owner_context = g_main_context_ref (context);
  store->thread = g_thread_new ("moderato-ledger", worker_main, store);
}

void
ledger_store_stop (LedgerStore *store)
{
  store->owner = NULL;
  if (store->thread == NULL)
    return;
  ledger_store_push (store, ledger_job_new (JOB_QUIT));
  if (g_thread_self () == store->thread)
    {
      /* Dropped from the worker itself: it ends after this job. */
      g_thread_unref (g_steal_pointer (&store->thread));
      return;
    }
  g_thread_join (g_steal_pointer (&store->thread));
}

void
ledger_store_push (LedgerStore *store,
                   LedgerJob   *job)
{
  gboolean row = job->kind < JOB_N_WRITES;

  if (row)
    g_atomic_int_inc (&store->pending);
  g_mutex_lock (&store->queue_lock);
  g_queue_push_tail (&store->incoming, job);
  store->incoming_rows += row;
  /* Woken only when it would not come for the job in time by itself: a row joins the open
   * batch at its deadline, unless it fills the batch (see the top of the file). */
  if (store->waiting == WORKER_IDLE ||
      (store->waiting == WORKER_BATCH && (!row || store->incoming_rows >= store->room)))
    {
      store->waiting = WORKER_BUSY;
      g_cond_signal (&store->queue_cond);
    }
  g_mutex_unlock (&store->queue_lock);
}

/* ---- Test hooks ------------------------------------------------------------------- */

void
ledger_store_set_limits (LedgerStore *store,
                         guint        batch_ms,
                         guint        batch_rows)
{
  g_atomic_int_set (&store->batch_ms, (gint) batch_ms);
  g_atomic_int_set (&store->batch_max, (gint) MAX (batch_rows, 1));
}

guint
ledger_store_get_wakeups (LedgerStore *store)
{
  return (guint) g_atomic_int_get (&store->n_wakeups);
}
