/* moderato-ledger-schema.c — the ledger's tables and their migrations
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One step per schema version: step k takes a file from user_version k to k + 1. A step is
 * never edited once released; a change is a new step. Ids (messages, users, channels,
 * streams) are Rumble's decimal ids stored as integers: the message id is the rowid, which
 * deduplicates by itself and keeps rows small.
 */
#define G_LOG_DOMAIN "moderato-ledger"

#include "config.h"

#include "moderato-ledger-private.h"

static const char * const migrations[] = {
  /* 0 → 1 */
  "CREATE TABLE streams ("
  "  id INTEGER PRIMARY KEY,"
  "  title TEXT,"
  "  first_seen INTEGER NOT NULL,"
  "  last_seen INTEGER NOT NULL,"
  "  n_messages INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE users ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  first_seen INTEGER NOT NULL,"
  "  first_stream INTEGER);"
  "CREATE INDEX users_name ON users (name COLLATE NOCASE);"
  "CREATE TABLE channels ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  user_id INTEGER);"
  "CREATE INDEX channels_name ON channels (name COLLATE NOCASE);"
  "CREATE TABLE messages ("
  "  id INTEGER PRIMARY KEY,"
  "  stream_id INTEGER NOT NULL,"
  "  time INTEGER NOT NULL,"
  "  user_id INTEGER,"
  "  channel_id INTEGER,"
  "  kind INTEGER NOT NULL DEFAULT 0,"
  "  text TEXT NOT NULL,"
  "  rant_cents INTEGER NOT NULL DEFAULT 0,"
  "  badges TEXT,"
  "  has_link INTEGER NOT NULL DEFAULT 0,"
  "  deleted_at INTEGER,"
  "  deleted_by TEXT);"
  "CREATE INDEX messages_stream ON messages (stream_id);"
  "CREATE INDEX messages_user ON messages (user_id);"
  /* Partial indexes: small, and they answer is:rant, is:deleted, has:link at once. */
  "CREATE INDEX messages_rants ON messages (id) WHERE rant_cents > 0;"
  "CREATE INDEX messages_deleted ON messages (id) WHERE deleted_at IS NOT NULL;"
  "CREATE INDEX messages_links ON messages (id) WHERE has_link;"
  "CREATE VIRTUAL TABLE messages_fts USING fts5 ("
  "  text, content='messages', content_rowid='id',"
  "  tokenize='unicode61 remove_diacritics 2');"
  "CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN"
  "  INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);"
  "END;"
  "CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN"
  "  INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);"
  "END;"
  "CREATE TABLE actions ("
  "  id INTEGER PRIMARY KEY,"
  "  time INTEGER NOT NULL,"
  "  account TEXT,"
  "  stream_id INTEGER,"
  "  action TEXT NOT NULL,"
  "  message_id INTEGER,"
  "  user_id INTEGER,"
  "  user_name TEXT,"
  "  duration INTEGER,"
  "  scope TEXT,"
  "  text TEXT,"
  "  outcome TEXT NOT NULL,"
  "  reason TEXT,"
  "  outcome_time INTEGER);"
  "CREATE INDEX actions_user ON actions (user_id);"
  "CREATE TABLE notes ("
  "  name TEXT PRIMARY KEY COLLATE NOCASE,"
  "  text TEXT NOT NULL,"
  "  updated INTEGER NOT NULL);",
  /* 1 → 2: a note row also says whether the user is watched (its text may then be ""). */
  ("ALTER TABLE notes ADD COLUMN watched INTEGER NOT NULL DEFAULT 0;"
   "CREATE INDEX notes_watched ON notes (name) WHERE watched;"),
  /* 2 → 3: the writer puts new messages into the full-text index itself, in their batch's
   * transaction (the insert trigger made every message insert a statement that FTS5 answers
   * by writing its pending index out: a segment per message). */
  "DROP TRIGGER messages_fts_insert;",
};

guint
ledger_schema_version (void)
{
  return G_N_ELEMENTS (migrations);
}

static gboolean
exec (sqlite3     *db,
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

static gint64
pragma_int (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

gboolean
ledger_schema_migrate (sqlite3  *db,
                       guint     target,
                       GError  **error)
{
  gint64 version = pragma_int (db, "PRAGMA user_version");

  g_return_val_if_fail (target <= G_N_ELEMENTS (migrations), FALSE);

  if (version < 0)
    {
      ledger_set_sqlite_error (error, db, sqlite3_errcode (db), "PRAGMA user_version");
      return FALSE;
    }

  for (guint v = (guint) version; v < target; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %u;"
                                               "PRAGMA application_id = %d;",
                                               v + 1, LEDGER_APPLICATION_ID);

      if (!exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec (db, migrations[v], error) || !exec (db, bump, error) ||
          !exec (db, "COMMIT", error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
      g_debug ("Ledger schema migrated to version %u", v + 1);
    }
  return TRUE;
}
