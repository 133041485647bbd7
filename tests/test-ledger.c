/* test-ledger.c — the moderation ledger: schema, recording, bad conditions, queries
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Chats are fed with rumble_chat_api_dispatch_event() (fixtures) or the fake server
 * (reconnects); each test has its own temporary folder.
 */
#define G_LOG_DOMAIN "test-ledger"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "moderato-ledger-private.h"
#include "rumble-error.h"
#include "rumble-fake-server.h"
#include "test-util.h"

#define TIMEOUT_MS 20000

typedef struct {
  char           *dir;
  char           *path;
  ModeratoLedger *ledger;
} Fixture;

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (dir);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("test-ledger-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "moderato", "ledger.sqlite3", NULL);
}

static gboolean
only_ours (gpointer data)
{
  return G_OBJECT (data)->ref_count == 1;
}

/* Queries hand their task (which holds the ledger) back to the main context to drop. */
static void
finalize_ledger (ModeratoLedger *ledger)
{
  test_wait_until (only_ours, ledger, TIMEOUT_MS);
  g_assert_finalize_object (ledger);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->ledger != NULL)
    finalize_ledger (g_steal_pointer (&f->ledger));
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static ModeratoLedger *
open_ok (const char *path)
{
  g_autoptr(GError) error = NULL;
  ModeratoLedger *ledger = moderato_ledger_open (path, MODERATO_LEDGER_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ledger);
  return ledger;
}

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

  while (*slot == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
  return g_steal_pointer (slot);
}

static void
flush (ModeratoLedger *ledger)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  moderato_ledger_flush_async (ledger, NULL, on_result, &slot);
  result = wait_result (&slot);
  g_assert_true (moderato_ledger_flush_finish (ledger, result, &error));
  g_assert_no_error (error);
}

/* The ids found by @query (newest first), comma-joined. */
static char *
search_ids (ModeratoLedger *ledger,
            const char     *query,
            const char     *stream_id)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  GString *ids = g_string_new (NULL);

  moderato_ledger_search_async (ledger, query, stream_id, 0, NULL, on_result, &slot);
  result = wait_result (&slot);
  found = moderato_ledger_search_finish (ledger, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    {
      ModeratoLedgerMessage *message = g_ptr_array_index (found, i);

      g_string_append_printf (ids, "%s%s", i > 0 ? "," : "", message->id);
    }
  return g_string_free (ids, FALSE);
}

static gint64
count_rows (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static char *
query_text (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

/* ---- Chat fixtures ------------------------------------------------------------------ */

static RumbleChatApi *
chat_new (const char *stream_id)
{
  RumbleChatApi *chat = rumble_chat_api_new (stream_id);
  g_autofree char *init = g_strdup_printf ("{\"type\":\"init\",\"data\":{\"chat\":{\"id\":\"%s\"},"
                                           "\"messages\":[],\"users\":[],\"channels\":[[]],"
                                           "\"config\":{\"message_length_max\":200,"
                                           "\"rants\":{\"enable\":true}}}}", stream_id);

  g_assert_true (rumble_chat_api_dispatch_event (chat, init, -1));
  return chat;
}

static void
say (RumbleChatApi *chat,
     const char    *id,
     const char    *iso_time,
     const char    *user_id,
     const char    *name,
     const char    *text,
     guint          rant_cents,
     const char    *channel_id,
     const char    *channel_name)
{
  g_autoptr(GString) json = g_string_new (NULL);

  g_string_append_printf (json, "{\"type\":\"messages\",\"data\":{\"messages\":[{\"id\":\"%s\","
                          "\"time\":\"%s\",\"user_id\":\"%s\",\"text\":\"%s\",\"blocks\":[],"
                          "\"type\":\"%s\"", id, iso_time, user_id, text,
                          rant_cents > 0 ? "rant" : "regular");
  if (rant_cents > 0)
    g_string_append_printf (json, ",\"rant\":{\"price_cents\":%u,\"duration\":120,"
                            "\"expires_on\":\"%s\"}", rant_cents, iso_time);
  if (channel_id != NULL)
    g_string_append_printf (json, ",\"channel_id\":%s", channel_id);
  g_string_append_printf (json, "}],\"users\":[{\"id\":\"%s\",\"username\":\"%s\","
                          "\"badges\":[\"premium\"]}],\"channels\":[", user_id, name);
  if (channel_id != NULL)
    g_string_append_printf (json, "{\"id\":\"%s\",\"username\":\"%s\"}", channel_id, channel_name);
  else
    g_string_append (json, "[]");
  g_string_append (json, "]}}");
  g_assert_true (rumble_chat_api_dispatch_event (chat, json->str, -1));
}

/* Two streams, five messages: see the search test for what each proves. */
static void
record_fixture (ModeratoLedger *ledger)
{
  g_autoptr(RumbleChatApi) a = chat_new ("100");
  g_autoptr(RumbleChatApi) b = chat_new ("200");

  moderato_ledger_attach (ledger, a);
  moderato_ledger_attach (ledger, b);
  say (a, "1001", "2024-01-10T12:00:00+00:00", "11", "Alice", "hello world from alice", 0,
       NULL, NULL);
  say (a, "1002", "2024-01-11T12:00:00+00:00", "12", "Bob", "check https://example.com now", 0,
       NULL, NULL);
  say (a, "1003", "2024-01-12T12:00:00+00:00", "12", "Bob", "great stream", 500, NULL, NULL);
  say (b, "1004", "2024-02-01T12:00:00+00:00", "11", "Alice", "hello again in another stream",
       0, NULL, NULL);
  say (b, "1005", "2024-02-02T12:00:00+00:00", "13", "Carol", "spam spam", 0, "77",
       "CarolChannel");
  g_assert_true (rumble_chat_api_dispatch_event (b, "{\"type\":\"delete_messages\",\"data\":"
                                                 "{\"message_ids\":[\"1005\"]}}", -1));
  g_assert_true (rumble_chat_api_dispatch_event (a, "{\"type\":\"mute_users\",\"data\":"
                                                 "{\"user_ids\":[\"12\"]}}", -1));
  moderato_ledger_set_stream_title (ledger, "100", "Sunday stream");
  moderato_ledger_detach (ledger, a);
  moderato_ledger_detach (ledger, b);
  flush (ledger);
}

/* ---- Schema ------------------------------------------------------------------------- */

static void
test_schema_empty (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *mode = NULL;
  struct stat st;

  f->ledger = open_ok (f->path);
  g_assert_null (moderato_ledger_get_notice (f->ledger));
  g_assert_cmpint (moderato_ledger_get_state (f->ledger), ==, MODERATO_LEDGER_RECORDING);
  flush (f->ledger);

  g_assert_cmpint (count_rows (f->path, "PRAGMA user_version"), ==, ledger_schema_version ());
  g_assert_cmpint (count_rows (f->path, "PRAGMA application_id"), ==, LEDGER_APPLICATION_ID);
  mode = query_text (f->path, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

/* The full-text index agrees with the messages (FTS5's own check against its content). */
static void
assert_index_consistent (const char *path)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, "INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')",
                    NULL, NULL, &message) != SQLITE_OK)
    g_error ("full-text index: %s", message);
  sqlite3_close (db);
}

/* Every earlier schema (0 = an empty file) migrates to the current one and then records. */
static void
test_schema_every_earlier (Fixture       *f,
                           gconstpointer  data)
{
  for (guint v = 0; v < ledger_schema_version (); v++)
    {
      g_autofree char *path = g_strdup_printf ("%s/v%u.sqlite3", f->dir, v);
      g_autofree char *ids = NULL;
      g_autofree char *check = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(RumbleChatApi) chat = chat_new ("300");
      ModeratoLedger *ledger;
      sqlite3 *db = NULL;

      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      g_assert_true (ledger_schema_migrate (db, v, &error));
      g_assert_no_error (error);
      sqlite3_close (db);
      g_assert_cmpint (count_rows (path, "PRAGMA user_version"), ==, v);

      ledger = open_ok (path);
      g_assert_null (moderato_ledger_get_notice (ledger));
      moderato_ledger_attach (ledger, chat);
      say (chat, "5", "2024-03-01T10:00:00+00:00", "1", "Dora", "migrated fine", 0, NULL, NULL);
      flush (ledger);
      ids = search_ids (ledger, "migrated", NULL);
      g_assert_cmpstr (ids, ==, "5");
      moderato_ledger_detach (ledger, chat);
      finalize_ledger (ledger);
      g_assert_cmpint (count_rows (path, "PRAGMA user_version"), ==, ledger_schema_version ());
      check = query_text (path, "PRAGMA integrity_check");
      g_assert_cmpstr (check, ==, "ok");
      g_clear_pointer (&check, g_free);
      assert_index_consistent (path);
    }
}

static char *
joined (char **strv)
{
  return g_strjoinv (",", strv);
}

static char *
watched_names (ModeratoLedger *ledger)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  moderato_ledger_watched_async (ledger, NULL, on_result, &slot);
  result = wait_result (&slot);
  names = moderato_ledger_watched_finish (ledger, result, &error);
  g_assert_no_error (error);
  return joined (names);
}

static void
on_watch_changed (ModeratoLedger *ledger,
                  const char     *name,
                  gboolean        watched,
                  GString        *log)
{
  g_string_append_printf (log, "%s%s %s", log->len > 0 ? "," : "", watched ? "+" : "-", name);
}

/* Schema 2 → 3: what a version 2 file indexed by trigger stays found; new messages are
 * indexed by the writer (the trigger is gone), a message seen twice once, and deletions
 * still leave the index. */
static void
test_schema_index_from_v2 (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleChatApi) chat = chat_new ("300");
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autofree char *ids = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_true (ledger_schema_migrate (db, 2, &error));
  g_assert_no_error (error);
  /* An hour ago (retention, 180 days, runs at open), and one to be dropped at open. */
  sql = g_strdup_printf ("INSERT INTO messages (id, stream_id, time, text)"
                         " VALUES (1, 300, %" G_GINT64_FORMAT ", 'an old heron'),"
                         " (2, 300, 1000, 'an ancient heron')",
                         g_get_real_time () / G_USEC_PER_SEC - 3600);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (count_rows (f->path, "SELECT count (*) FROM messages_fts"
                                        " WHERE messages_fts MATCH 'heron'"), ==, 2);

  f->ledger = open_ok (f->path);
  flush (f->ledger);
  g_assert_cmpint (count_rows (f->path, "PRAGMA user_version"), ==, ledger_schema_version ());
  g_assert_cmpint (count_rows (f->path, "SELECT count (*) FROM sqlite_master"
                                        " WHERE name = 'messages_fts_insert'"), ==, 0);
  moderato_ledger_attach (f->ledger, chat);
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", 10 + i % 30);
      g_autofree char *text = g_strdup_printf ("a new heron number %u", i % 30);

      say (chat, id, "2024-03-01T10:00:00+00:00", "1", "Dora", text, 0, NULL, NULL);
    }
  flush (f->ledger);
  g_assert_cmpint (count_rows (f->path, "SELECT count (*) FROM messages"), ==, 31);
  g_assert_cmpint (count_rows (f->path, "SELECT count (*) FROM messages_fts"
                                        " WHERE messages_fts MATCH 'heron'"), ==, 31);
  g_assert_cmpint (count_rows (f->path, "SELECT count (*) FROM messages_fts"
                                        " WHERE messages_fts MATCH 'ancient'"), ==, 0);
  ids = search_ids (f->ledger, "old heron", NULL);
  g_assert_cmpstr (ids, ==, "1");
  g_clear_pointer (&ids, g_free);
  ids = search_ids (f->ledger, "number 29", NULL);
  g_assert_cmpstr (ids, ==, "39");
  moderato_ledger_detach (f->ledger, chat);
  flush (f->ledger);
  assert_index_consistent (f->path);
}

/* Schema 1 → 2: the notes of a version 1 file stay, and gain the watch flag (off); a
 * watched user needs no note, and a note row without either goes. */
static void
test_schema_watch_from_v1 (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ModeratoLedgerUserSummary) alice = NULL;
  g_autoptr(GString) log = g_string_new (NULL);
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autofree char *names = NULL;
  g_autofree char *note = NULL;
  GAsyncResult *slot = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_true (ledger_schema_migrate (db, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO notes (name, text, updated)"
                                 " VALUES ('Alice', 'warned twice', 1700000000)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  f->ledger = open_ok (f->path);
  g_assert_null (moderato_ledger_get_notice (f->ledger));
  g_assert_cmpint (count_rows (f->path, "PRAGMA user_version"), ==, ledger_schema_version ());
  g_assert_cmpint (ledger_schema_version (), >=, 2);
  names = watched_names (f->ledger);
  g_assert_cmpstr (names, ==, "");
  g_clear_pointer (&names, g_free);

  record_fixture (f->ledger);
  g_signal_connect (f->ledger, "watch-changed", G_CALLBACK (on_watch_changed), log);
  moderato_ledger_set_watched (f->ledger, "alice", TRUE);
  moderato_ledger_set_watched (f->ledger, "Bob", TRUE);
  moderato_ledger_set_watched (f->ledger, "Carol", TRUE);
  moderato_ledger_set_watched (f->ledger, "Carol", FALSE);
  g_assert_cmpstr (log->str, ==, "+ alice,+ Bob,+ Carol,- Carol");
  flush (f->ledger);
  names = watched_names (f->ledger);
  g_assert_cmpstr (names, ==, "Alice,Bob");
  g_clear_pointer (&names, g_free);
  /* Carol had no note: her row went with the flag. */
  g_assert_cmpint (count_rows (f->path, "SELECT count (*) FROM notes"), ==, 2);

  moderato_ledger_user_summary_async (f->ledger, "11", 5, NULL, on_result, &slot);
  result = wait_result (&slot);
  alice = moderato_ledger_user_summary_finish (f->ledger, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpstr (alice->note, ==, "warned twice");
  g_assert_true (alice->watched);

  /* Bob is watched without a note: no note to show; clearing his note keeps him watched. */
  moderato_ledger_set_note (f->ledger, "bob", NULL);
  moderato_ledger_get_note_async (f->ledger, "Bob", NULL, on_result, &slot);
  result = wait_result (&slot);
  note = moderato_ledger_get_note_finish (f->ledger, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_null (note);
  names = watched_names (f->ledger);
  g_assert_cmpstr (names, ==, "Alice,Bob");
  g_clear_pointer (&names, g_free);
  moderato_ledger_set_watched (f->ledger, "bob", FALSE);
  flush (f->ledger);
  g_assert_cmpint (count_rows (f->path, "SELECT count (*) FROM notes"), ==, 1);
}

/* The channels a user posted as, and every user id, for the detector. */
static void
test_channels_and_known_users (Fixture       *f,
                               gconstpointer  data)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) carol = NULL;
  g_auto(GStrv) alice = NULL;
  g_autoptr(GArray) ids = NULL;

  f->ledger = open_ok (f->path);
  record_fixture (f->ledger);

  moderato_ledger_channel_names_async (f->ledger, "13", NULL, on_result, &slot);
  result = wait_result (&slot);
  carol = moderato_ledger_channel_names_finish (f->ledger, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (g_strv_length (carol), ==, 1);
  g_assert_cmpstr (carol[0], ==, "CarolChannel");

  moderato_ledger_channel_names_async (f->ledger, "11", NULL, on_result, &slot);
  result = wait_result (&slot);
  alice = moderato_ledger_channel_names_finish (f->ledger, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (g_strv_length (alice), ==, 0);

  moderato_ledger_known_user_ids_async (f->ledger, NULL, on_result, &slot);
  result = wait_result (&slot);
  ids = moderato_ledger_known_user_ids_finish (f->ledger, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 3);
  g_assert_cmpuint (g_array_index (ids, guint64, 0), ==, 11);
  g_assert_cmpuint (g_array_index (ids, guint64, 2), ==, 13);
}

/* ---- Search ------------------------------------------------------------------------- */

static void
assert_search (ModeratoLedger *ledger,
               const char     *query,
               const char     *stream_id,
               const char     *expected)
{
  g_autofree char *ids = search_ids (ledger, query, stream_id);

  if (g_strcmp0 (ids, expected) != 0)
    g_error ("search “%s” (stream %s) found [%s], expected [%s]", query,
             stream_id ? stream_id : "all", ids, expected);
}

static void
test_search_filters (Fixture       *f,
                     gconstpointer  data)
{
  f->ledger = open_ok (f->path);
  record_fixture (f->ledger);

  assert_search (f->ledger, "hello", NULL, "1004,1001");
  assert_search (f->ledger, "\"hello world\"", NULL, "1001");
  assert_search (f->ledger, "hel*", NULL, "1004,1001");
  assert_search (f->ledger, "hello -again", NULL, "1001");
  assert_search (f->ledger, "hello", "200", "1004");
  assert_search (f->ledger, "from:alice", NULL, "1004,1001");
  assert_search (f->ledger, "from:ALICE hello in:100", NULL, "1001");
  assert_search (f->ledger, "from:CarolChannel", NULL, "1005");
  assert_search (f->ledger, "in:100", NULL, "1003,1002,1001");
  assert_search (f->ledger, "is:deleted", NULL, "1005");
  assert_search (f->ledger, "is:rant", NULL, "1003");
  assert_search (f->ledger, "from:bob is:rant", NULL, "1003");
  assert_search (f->ledger, "has:link", NULL, "1002");
  assert_search (f->ledger, "before:2024-01-11", NULL, "1001");
  assert_search (f->ledger, "after:2024-02-01", NULL, "1005,1004");
  assert_search (f->ledger, "after:2024-01-11 before:2024-02-01", NULL, "1003,1002");
  assert_search (f->ledger, "", NULL, "1005,1004,1003,1002,1001");
  /* FTS5 syntax in the text is only text. */
  assert_search (f->ledger, "AND OR NOT ( ) ^ text: NEAR(a b) \"", NULL, "");
  assert_search (f->ledger, "\"\"\"", NULL, "");
}

static void
test_search_bad_filters (Fixture       *f,
                         gconstpointer  data)
{
  static const char * const bad[] = { "is:nonsense", "before:tuesday", "in:not-a-stream" };

  f->ledger = open_ok (f->path);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      GAsyncResult *slot = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) found = NULL;

      moderato_ledger_search_async (f->ledger, bad[i], NULL, 0, NULL, on_result, &slot);
      result = wait_result (&slot);
      found = moderato_ledger_search_finish (f->ledger, result, &error);
      g_assert_error (error, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_QUERY);
      g_assert_null (found);
    }
}

/* ---- Summary, log, report, notes ----------------------------------------------------- */

static void
test_summary_and_report (Fixture       *f,
                         gconstpointer  data)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ModeratoLedgerUserSummary) alice = NULL;
  g_autoptr(ModeratoLedgerUserSummary) bob = NULL;
  g_autoptr(ModeratoLedgerReport) report = NULL;
  g_autofree char *json = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *md = NULL;
  g_autofree char *note = NULL;
  ModeratoLedgerMessage *last;

  f->ledger = open_ok (f->path);
  record_fixture (f->ledger);
  moderato_ledger_set_note (f->ledger, "alice", "warned twice about links");

  moderato_ledger_user_summary_async (f->ledger, "ALICE", 5, NULL, on_result, &slot);
  result = wait_result (&slot);
  alice = moderato_ledger_user_summary_finish (f->ledger, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpstr (alice->user_id, ==, "11");
  g_assert_cmpstr (alice->name, ==, "Alice");
  g_assert_cmpint (alice->first_seen, ==, 1704888000);
  g_assert_cmpuint (g_strv_length (alice->streams), ==, 2);
  g_assert_cmpstr (alice->streams[0], ==, "200");
  g_assert_cmpuint (alice->n_messages, ==, 2);
  g_assert_cmpuint (alice->n_deleted, ==, 0);
  g_assert_cmpuint (alice->mutes->len, ==, 0);
  g_assert_cmpstr (alice->note, ==, "warned twice about links");
  g_assert_cmpuint (alice->last_messages->len, ==, 2);
  last = g_ptr_array_index (alice->last_messages, 0);
  g_assert_cmpstr (last->text, ==, "hello again in another stream");
  g_assert_cmpstr (last->badges[0], ==, "premium");

  moderato_ledger_user_summary_async (f->ledger, "12", 5, NULL, on_result, &slot);
  result = wait_result (&slot);
  bob = moderato_ledger_user_summary_finish (f->ledger, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (bob->mutes->len, ==, 1);
  g_assert_cmpint (((ModeratoLedgerEntry *) g_ptr_array_index (bob->mutes, 0))->outcome, ==,
                   MODERATO_LEDGER_OUTCOME_SEEN);

  moderato_ledger_user_summary_async (f->ledger, "nobody", 5, NULL, on_result, &slot);
  result = wait_result (&slot);
  g_assert_null (moderato_ledger_user_summary_finish (f->ledger, result, &error));
  g_assert_error (error, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&result);

  moderato_ledger_get_note_async (f->ledger, "Alice", NULL, on_result, &slot);
  result = wait_result (&slot);
  note = moderato_ledger_get_note_finish (f->ledger, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpstr (note, ==, "warned twice about links");

  moderato_ledger_report_async (f->ledger, "100", NULL, on_result, &slot);
  result = wait_result (&slot);
  report = moderato_ledger_report_finish (f->ledger, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->title, ==, "Sunday stream");
  g_assert_cmpuint (report->n_messages, ==, 3);
  g_assert_cmpuint (report->n_chatters, ==, 2);
  g_assert_cmpuint (report->n_first_time, ==, 2);
  g_assert_cmpuint (report->n_rants, ==, 1);
  g_assert_cmpuint (report->rant_cents, ==, 500);
  g_assert_cmpuint (report->n_deleted, ==, 0);
  g_assert_cmpuint (report->n_mutes, ==, 1);
  g_assert_cmpuint (report->busiest_minute_messages, ==, 1);
  g_assert_cmpint (report->busiest_minute, ==, 1704888000);

  json = moderato_ledger_report_format (report, MODERATO_LEDGER_FORMAT_JSON);
  g_assert_nonnull (strstr (json, "\"first_time_chatters\":2"));
  g_assert_nonnull (strstr (json, "\"title\":\"Sunday stream\""));
  csv = moderato_ledger_report_format (report, MODERATO_LEDGER_FORMAT_CSV);
  g_assert_true (g_str_has_prefix (csv, "metric,value\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nrant_cents,500\r\n"));
  md = moderato_ledger_report_format (report, MODERATO_LEDGER_FORMAT_MARKDOWN);
  g_assert_nonnull (strstr (md, "| $5.00 |"));
}

/* Splits RFC 4180 CSV (CRLF records, quoted fields with doubled quotes) into records of
 * fields; fails the test on anything malformed. */
static GPtrArray *
parse_csv (const char *csv)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *record = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = csv;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          for (p++; !(p[0] == '"' && p[1] != '"'); p++)
            {
              g_assert_cmpint (*p, !=, '\0');
              if (p[0] == '"')
                p++;
              g_string_append_c (field, *p);
            }
          p++;
        }
      else
        for (; *p != ',' && *p != '\r' && *p != '\0'; p++)
          {
            g_assert_cmpint (*p, !=, '"');
            g_assert_cmpint (*p, !=, '\n');
            g_string_append_c (field, *p);
          }
      g_ptr_array_add (record, g_strdup (field->str));
      g_string_truncate (field, 0);
      if (*p == ',')
        p++;
      else
        {
          g_assert_cmpint (p[0], ==, '\r');
          g_assert_cmpint (p[1], ==, '\n');
          p += 2;
          g_ptr_array_add (records, record);
          record = g_ptr_array_new_with_free_func (g_free);
        }
    }
  g_assert_cmpuint (record->len, ==, 0);
  g_ptr_array_unref (record);
  return records;
}

/* The cells of a Markdown table row: split at the pipes no backslash escapes. */
static guint
count_cells (const char *row)
{
  guint pipes = 0;

  for (const char *p = row; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        p++;
      else if (*p == '|')
        pipes++;
    }
  return pipes > 0 ? pipes - 1 : 0;
}

/* A stream title is anyone's text: every export keeps it as one value. */
static void
test_report_hostile_title (void)
{
  static const struct {
    const char *title;
    const char *markdown;   /* the heading */
    const char *csv;        /* the title field */
  } cases[] = {
    { "  Friday | night\n|---|---|\n| fake | row |\\  ",
      "# Stream report: Friday \\| night \\|---\\|---\\| \\| fake \\| row \\|\\\\",
      "  Friday | night\n|---|---|\n| fake | row |\\  " },
    { "=HYPERLINK(\"http://x\",\"y\")", "# Stream report: =HYPERLINK(\"http://x\",\"y\")",
      "'=HYPERLINK(\"http://x\",\"y\")" },
    { "+1", "# Stream report: +1", "'+1" },
    { "-2+3", "# Stream report: -2+3", "'-2+3" },
    { "@SUM(A1)", "# Stream report: @SUM(A1)", "'@SUM(A1)" },
    { "\tTab", "# Stream report: Tab", "'\tTab" },
    { "<img src=x> *bold* _it_ [l](u) `c` # ~s~ $m$ &amp; !",
      "# Stream report: \\<img src=x\\> \\*bold\\* \\_it\\_ \\[l\\](u) \\`c\\` \\# \\~s\\~ "
      "\\$m\\$ \\&amp; \\!",
      "<img src=x> *bold* _it_ [l](u) `c` # ~s~ $m$ &amp; !" },
    { "say \"hi\", all\r\n\342\200\250bye\033[2J", "# Stream report: say \"hi\", all   bye \\[2J",
      "say \"hi\", all\r\n\342\200\250bye\033[2J" },
    { "   ", "# Stream report: 100", "   " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      ModeratoLedgerReport report = {
        .stream_id = (char *) "100", .title = (char *) cases[i].title,
        .first_seen = 1704888000, .last_seen = 1704891600, .n_messages = 3,
      };
      g_autofree char *md = moderato_ledger_report_format (&report,
                                                           MODERATO_LEDGER_FORMAT_MARKDOWN);
      g_autofree char *csv = moderato_ledger_report_format (&report, MODERATO_LEDGER_FORMAT_CSV);
      g_autofree char *json = moderato_ledger_report_format (&report,
                                                             MODERATO_LEDGER_FORMAT_JSON);
      g_auto(GStrv) lines = g_strsplit (md, "\n", -1);
      g_autoptr(GPtrArray) records = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;
      GPtrArray *title_record;
      guint rows = 0;

      g_test_message ("case %u:\n%s\n%s\n%s", i, md, csv, json);

      /* Markdown: the heading is one line, the table keeps its two columns. */
      g_assert_cmpstr (lines[0], ==, cases[i].markdown);
      g_assert_cmpstr (lines[1], ==, "");
      g_assert_true (g_str_has_prefix (lines[2], "Stream 100, "));
      for (guint j = 3; lines[j] != NULL; j++)
        {
          if (lines[j][0] == '\0')
            continue;
          g_assert_true (lines[j][0] == '|');
          g_assert_cmpuint (count_cells (lines[j]), ==, 2);
          rows++;
        }
      g_assert_cmpuint (rows, ==, 11);

      /* CSV: two fields a record, the title whole (with its formula guard). */
      records = parse_csv (csv);
      g_assert_cmpuint (records->len, ==, 14);
      for (guint j = 0; j < records->len; j++)
        g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (records, j))->len, ==, 2);
      title_record = g_ptr_array_index (records, 2);
      g_assert_cmpstr (g_ptr_array_index (title_record, 0), ==, "title");
      g_assert_cmpstr (g_ptr_array_index (title_record, 1), ==, cases[i].csv);

      /* JSON: valid, the title as it was. */
      node = json_from_string (json, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "title"), ==,
                       cases[i].title);
    }

  /* Not UTF-8: still valid JSON and CSV. */
  {
    ModeratoLedgerReport report = { .stream_id = (char *) "100", .title = (char *) "bad\377\300" };
    g_autofree char *json = moderato_ledger_report_format (&report, MODERATO_LEDGER_FORMAT_JSON);
    g_autofree char *csv = moderato_ledger_report_format (&report, MODERATO_LEDGER_FORMAT_CSV);
    g_autofree char *md = moderato_ledger_report_format (&report,
                                                         MODERATO_LEDGER_FORMAT_MARKDOWN);
    g_autoptr(JsonNode) node = NULL;
    g_autoptr(GError) error = NULL;

    node = json_from_string (json, &error);
    g_assert_no_error (error);
    g_assert_true (g_utf8_validate (json, -1, NULL));
    g_assert_true (g_utf8_validate (csv, -1, NULL));
    g_assert_true (g_utf8_validate (md, -1, NULL));
  }
}

/* Each outcome of an action this client performs, and what a done delete does to the
 * message's fate. */
static void
test_action_outcomes (Fixture       *f,
                      gconstpointer  data)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) refused = g_error_new_literal (RUMBLE_ERROR, RUMBLE_ERROR_PERMISSION,
                                                   "not a moderator here");
  g_autoptr(GError) ambiguous = g_error_new_literal (RUMBLE_ERROR, RUMBLE_ERROR_AMBIGUOUS,
                                                     "HTTP 502: it may have happened");
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GPtrArray) deletes = NULL;
  g_autoptr(GPtrArray) found = NULL;
  gint64 h_delete, h_mute, h_pin, h_unmute, h_pending;
  ModeratoLedgerEntry *entry;
  ModeratoLedgerMessage *message;

  f->ledger = open_ok (f->path);
  record_fixture (f->ledger);

  h_delete = moderato_ledger_record_action (f->ledger, &(ModeratoLedgerActionInfo) {
    .account = "modmin", .stream_id = "100", .action = MODERATO_LEDGER_ACTION_DELETE,
    .message_id = "1002", .user_id = "12", .user_name = "Bob" });
  h_mute = moderato_ledger_record_action (f->ledger, &(ModeratoLedgerActionInfo) {
    .account = "modmin", .stream_id = "100", .action = MODERATO_LEDGER_ACTION_MUTE,
    .user_name = "Alice", .duration_s = 300, .scope = "video" });
  h_pin = moderato_ledger_record_action (f->ledger, &(ModeratoLedgerActionInfo) {
    .account = "modmin", .stream_id = "100", .action = MODERATO_LEDGER_ACTION_PIN,
    .message_id = "1001" });
  h_unmute = moderato_ledger_record_action (f->ledger, &(ModeratoLedgerActionInfo) {
    .account = "modmin", .stream_id = "200", .action = MODERATO_LEDGER_ACTION_UNMUTE,
    .user_name = "Carol" });
  h_pending = moderato_ledger_record_action (f->ledger, &(ModeratoLedgerActionInfo) {
    .account = "modmin", .stream_id = "200", .action = MODERATO_LEDGER_ACTION_PIN,
    .message_id = "1004" });
  g_assert_cmpint (h_delete, <, h_mute);
  moderato_ledger_action_finish (f->ledger, h_delete, NULL);
  moderato_ledger_action_finish (f->ledger, h_mute, refused);
  moderato_ledger_action_finish (f->ledger, h_pin, ambiguous);
  moderato_ledger_action_ambiguous (f->ledger, h_unmute, "timed out");

  moderato_ledger_log_async (f->ledger, NULL, NULL, NULL, 0, NULL, on_result, &slot);
  result = wait_result (&slot);
  log = moderato_ledger_log_finish (f->ledger, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  /* Newest first: the five actions, then the mute seen in stream 100. */
  g_assert_cmpuint (log->len, ==, 6);
  entry = g_ptr_array_index (log, 0);
  g_assert_cmpint (entry->id, ==, h_pending);
  g_assert_cmpint (entry->outcome, ==, MODERATO_LEDGER_OUTCOME_PENDING);
  entry = g_ptr_array_index (log, 1);
  g_assert_cmpint (entry->outcome, ==, MODERATO_LEDGER_OUTCOME_AMBIGUOUS);
  g_assert_cmpstr (entry->reason, ==, "timed out");
  entry = g_ptr_array_index (log, 2);
  g_assert_cmpint (entry->action, ==, MODERATO_LEDGER_ACTION_PIN);
  g_assert_cmpint (entry->outcome, ==, MODERATO_LEDGER_OUTCOME_AMBIGUOUS);
  g_assert_cmpstr (entry->reason, ==, "HTTP 502: it may have happened");
  entry = g_ptr_array_index (log, 3);
  g_assert_cmpint (entry->action, ==, MODERATO_LEDGER_ACTION_MUTE);
  g_assert_cmpint (entry->outcome, ==, MODERATO_LEDGER_OUTCOME_REFUSED);
  g_assert_cmpstr (entry->reason, ==, "not a moderator here");
  g_assert_cmpuint (entry->duration_s, ==, 300);
  g_assert_cmpstr (entry->scope, ==, "video");
  entry = g_ptr_array_index (log, 4);
  g_assert_cmpint (entry->action, ==, MODERATO_LEDGER_ACTION_DELETE);
  g_assert_cmpint (entry->outcome, ==, MODERATO_LEDGER_OUTCOME_DONE);
  g_assert_cmpstr (entry->account, ==, "modmin");
  entry = g_ptr_array_index (log, 5);
  g_assert_null (entry->account);
  g_assert_cmpint (entry->outcome, ==, MODERATO_LEDGER_OUTCOME_SEEN);
  g_assert_cmpstr (entry->user_name, ==, "Bob");

  /* Filters: by action, by user, by stream. */
  moderato_ledger_log_async (f->ledger, "delete", NULL, NULL, 0, NULL, on_result, &slot);
  result = wait_result (&slot);
  deletes = moderato_ledger_log_finish (f->ledger, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (deletes->len, ==, 1);
  g_clear_pointer (&deletes, g_ptr_array_unref);
  moderato_ledger_log_async (f->ledger, NULL, "bob", "100", 0, NULL, on_result, &slot);
  result = wait_result (&slot);
  deletes = moderato_ledger_log_finish (f->ledger, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (deletes->len, ==, 2);

  /* The done delete is the message's fate, naming the account. */
  moderato_ledger_search_async (f->ledger, "is:deleted in:100", NULL, 0, NULL, on_result, &slot);
  result = wait_result (&slot);
  found = moderato_ledger_search_finish (f->ledger, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  message = g_ptr_array_index (found, 0);
  g_assert_cmpstr (message->id, ==, "1002");
  g_assert_cmpstr (message->deleted_by, ==, "modmin");
  g_assert_cmpint (message->deleted_at, >, 0);
}

/* ---- Dedup across reconnects and restarts ------------------------------------------ */

static gboolean
has_n_messages (gpointer data)
{
  RumbleChatApi *chat = data;

  return g_list_model_get_n_items (rumble_chat_api_get_messages (chat)) >= 2 &&
         rumble_chat_api_get_state (chat) == RUMBLE_CONNECTION_CONNECTED;
}

typedef struct {
  RumbleFakeServer *fake;
  RumbleChatApi    *chat;
  guint             reconnects;
} Watch;

static gboolean
reconnected (gpointer data)
{
  Watch *watch = data;

  return watch->reconnects >= 2 &&
         rumble_chat_api_get_state (watch->chat) == RUMBLE_CONNECTION_CONNECTED;
}

static void
on_chat_state (RumbleChatApi *chat,
               GParamSpec    *pspec,
               Watch         *watch)
{
  if (rumble_chat_api_get_state (chat) == RUMBLE_CONNECTION_CONNECTED)
    watch->reconnects++;
}

static RumbleChatApi *
connected_chat (RumbleFakeServer *fake)
{
  RumbleChatApi *chat = rumble_chat_api_new (RUMBLE_FAKE_DEFAULT_STREAM);

  rumble_chat_api_set_chat_url (chat, rumble_fake_server_get_chat_url (fake));
  rumble_chat_api_set_site_url (chat, rumble_fake_server_get_url (fake));
  rumble_chat_api_set_backoff (chat, 10, 50, 50);
  return chat;
}

static void
on_committed_thread (ModeratoLedger *ledger,
                     guint64         n_messages,
                     gpointer        data)
{
  g_atomic_pointer_set ((GThread **) data, g_thread_self ());
}

/* The worker tells its owner on the owner's thread, also when nobody iterates the owner's
 * context as it commits (it could take the context and run the handler itself: signals on
 * the worker, and a task's last reference dropped there, which freed the ledger under it). */
static void
test_notify_on_owner_thread (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(RumbleChatApi) chat = chat_new ("400");
  GThread *thread = NULL;

  f->ledger = open_ok (f->path);
  flush (f->ledger);
  moderato_ledger_set_limits_for_test (f->ledger, 60000, 1, 100000, 3600);
  g_signal_connect (f->ledger, "committed", G_CALLBACK (on_committed_thread), &thread);
  moderato_ledger_attach (f->ledger, chat);
  say (chat, "1", "2024-03-01T10:00:00+00:00", "1", "Dora", "one row, one commit", 0, NULL,
       NULL);
  /* Written and committed (the commit's notice posted) before the row counts as handled. */
  while (ledger_store_get_pending (moderato_ledger_get_store (f->ledger)) > 0)
    g_usleep (1000);
  g_assert_null (g_atomic_pointer_get (&thread));
  while (g_atomic_pointer_get (&thread) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (thread == g_thread_self ());
  moderato_ledger_detach (f->ledger, chat);
  g_signal_handlers_disconnect_by_data (f->ledger, &thread);
}

static void
test_dedup (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleFakeServer) fake = rumble_fake_server_new (0, &error);
  g_autoptr(RumbleChatApi) chat = NULL;
  g_autoptr(RumbleChatApi) again = NULL;
  Watch watch = { 0 };
  gint64 after_first;
  g_autofree char *id1 = NULL;
  g_autofree char *id2 = NULL;

  g_assert_no_error (error);
  f->ledger = open_ok (f->path);
  chat = connected_chat (fake);
  watch.chat = chat;
  g_signal_connect (chat, "notify::state", G_CALLBACK (on_chat_state), &watch);
  moderato_ledger_attach (f->ledger, chat);
  rumble_chat_api_connect_async (chat, NULL, NULL, NULL);
  test_wait_until (has_n_messages, chat, TIMEOUT_MS);
  id1 = rumble_fake_server_push_message (fake, RUMBLE_FAKE_DEFAULT_STREAM, "Dedupa", "one");
  id2 = rumble_fake_server_push_message (fake, RUMBLE_FAKE_DEFAULT_STREAM, "Dedupa", "two");
  test_iterate_for (200);

  /* The fake cuts the stream; the next init replays the backlog, the new ones included. */
  rumble_fake_server_close_streams (fake, RUMBLE_FAKE_DEFAULT_STREAM);
  test_wait_until (reconnected, &watch, TIMEOUT_MS);
  flush (f->ledger);
  after_first = count_rows (f->path, "SELECT count (*) FROM messages");
  g_assert_cmpint (after_first, >=, 3);
  g_assert_cmpint (count_rows (f->path, "SELECT n_messages FROM streams"), ==, after_first);
  g_assert_cmpint (count_rows (f->path, "SELECT count (*) FROM messages WHERE text = 'two'"), ==, 1);

  /* A restart: a new ledger and a new chat see the same backlog again. (The fixture's
   * backlog is older than 180 days: retention at open drops it, and it is recorded again.) */
  moderato_ledger_detach (f->ledger, chat);
  rumble_chat_api_disconnect (chat);
  finalize_ledger (g_steal_pointer (&f->ledger));
  f->ledger = open_ok (f->path);
  again = connected_chat (fake);
  moderato_ledger_attach (f->ledger, again);
  rumble_chat_api_connect_async (again, NULL, NULL, NULL);
  test_wait_until (has_n_messages, again, TIMEOUT_MS);
  flush (f->ledger);
  g_assert_cmpint (count_rows (f->path, "SELECT count (*) FROM messages"), ==, after_first);
  moderato_ledger_detach (f->ledger, again);
  rumble_chat_api_disconnect (again);
  test_iterate_for (50);
}

/* ---- Bad conditions ----------------------------------------------------------------- */

static void
assert_moved_aside (Fixture *f)
{
  const GError *notice;
  const char *aside;
  g_autofree char *ids = NULL;
  g_autoptr(RumbleChatApi) chat = chat_new ("400");

  notice = moderato_ledger_get_notice (f->ledger);
  g_assert_error (notice, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_CORRUPT);
  aside = moderato_ledger_get_moved_aside (f->ledger);
  g_assert_nonnull (aside);
  g_assert_true (g_str_has_prefix (aside, f->path));
  g_assert_nonnull (strstr (aside, ".corrupt-"));
  g_assert_true (g_file_test (aside, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (strstr (notice->message, aside));

  /* A new ledger works. */
  g_assert_cmpint (moderato_ledger_get_state (f->ledger), ==, MODERATO_LEDGER_RECORDING);
  moderato_ledger_attach (f->ledger, chat);
  say (chat, "9", "2024-03-01T10:00:00+00:00", "1", "Eve", "fresh start", 0, NULL, NULL);
  flush (f->ledger);
  ids = search_ids (f->ledger, "fresh", NULL);
  g_assert_cmpstr (ids, ==, "9");
  moderato_ledger_detach (f->ledger, chat);
}

static void
test_corrupt_garbage (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autoptr(GError) error = NULL;
  char garbage[8192];

  for (guint i = 0; i < sizeof garbage; i++)
    garbage[i] = (char) g_random_int ();
  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (f->path, garbage, sizeof garbage, &error);
  g_assert_no_error (error);

  /* Read-only: an error, the file left alone. */
  g_assert_null (moderato_ledger_open (f->path, MODERATO_LEDGER_OPEN_READ_ONLY, &error));
  g_assert_error (error, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_CORRUPT);

  f->ledger = open_ok (f->path);
  assert_moved_aside (f);
}

/* A real SQLite file with a damaged page: the integrity check at open catches it. */
static void
test_corrupt_page (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  f->ledger = open_ok (f->path);
  record_fixture (f->ledger);
  finalize_ledger (g_steal_pointer (&f->ledger));

  g_file_get_contents (f->path, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 4 * 4096);
  /* Scribble over the second page onwards, keeping the header. */
  memset (contents + 4096 + 16, 0x5a, len - 4096 - 16);
  g_file_set_contents (f->path, contents, len, &error);
  g_assert_no_error (error);

  f->ledger = open_ok (f->path);
  assert_moved_aside (f);
}

/* Another program's SQLite file: another application_id, or none and its own tables. */
static void
test_foreign (Fixture       *f,
              gconstpointer  data)
{
  static const char * const setups[] = {
    "PRAGMA application_id = 1234; CREATE TABLE t (x);",
    "CREATE TABLE notes_of_another_app (x);",
  };

  for (guint i = 0; i < G_N_ELEMENTS (setups); i++)
    {
      g_autofree char *dir = g_path_get_dirname (f->path);
      sqlite3 *db = NULL;

      g_mkdir_with_parents (dir, 0700);
      g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db, setups[i], NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);

      f->ledger = open_ok (f->path);
      assert_moved_aside (f);
      finalize_ledger (g_steal_pointer (&f->ledger));
      g_unlink (f->path);
    }
}

static void
test_newer_schema (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *ids = NULL;
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %u", ledger_schema_version () + 1);
  sqlite3 *db = NULL;
  const GError *notice;

  f->ledger = open_ok (f->path);
  record_fixture (f->ledger);
  finalize_ledger (g_steal_pointer (&f->ledger));
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  f->ledger = open_ok (f->path);
  notice = moderato_ledger_get_notice (f->ledger);
  g_assert_error (notice, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (notice->message, "newer version"));
  g_assert_true (moderato_ledger_get_read_only (f->ledger));
  g_assert_cmpint (moderato_ledger_get_state (f->ledger), ==, MODERATO_LEDGER_NOT_RECORDING);
  g_assert_null (moderato_ledger_get_moved_aside (f->ledger));

  /* It reads; it does not write (the note is dropped, counted). */
  ids = search_ids (f->ledger, "hello", NULL);
  g_assert_cmpstr (ids, ==, "1004,1001");
  moderato_ledger_set_note (f->ledger, "Alice", "never written");
  g_assert_cmpuint (moderato_ledger_get_n_dropped (f->ledger), ==, 1);
  finalize_ledger (g_steal_pointer (&f->ledger));
  g_assert_cmpint (count_rows (f->path, "PRAGMA user_version"), ==, ledger_schema_version () + 1);
  g_assert_cmpint (count_rows (f->path, "SELECT count (*) FROM notes"), ==, 0);
}

static gboolean
state_is (gpointer data)
{
  gpointer *pair = data;

  return (int) moderato_ledger_get_state (pair[0]) == GPOINTER_TO_INT (pair[1]);
}

static void
wait_state (ModeratoLedger      *ledger,
            ModeratoLedgerState  state)
{
  gpointer pair[] = { ledger, GINT_TO_POINTER (state) };

  test_wait_until (state_is, pair, TIMEOUT_MS);
}

static void
say_many (RumbleChatApi *chat,
          guint          first,
          guint          n,
          const char    *text)
{
  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);

      say (chat, id, "2024-03-01T10:00:00+00:00", "1", "Flood", text, 0, NULL, NULL);
    }
}

/* A full disk (a page limit): recording pauses, the chat goes on, resume records again. */
static void
test_full_disk (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleChatApi) chat = chat_new ("500");
  g_autofree char *pages = NULL;
  gint64 stored;

  f->ledger = open_ok (f->path);
  moderato_ledger_set_limits_for_test (f->ledger, 20, 50, 100000, 3600);
  moderato_ledger_attach (f->ledger, chat);
  say_many (chat, 1, 10, "before the disk filled up");
  flush (f->ledger);

  pages = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT,
                           count_rows (f->path, "PRAGMA page_count") + 2);
  g_assert_true (moderato_ledger_exec_for_test (f->ledger, pages, &error));
  g_assert_no_error (error);

  for (guint round = 0; round < 100 &&
       moderato_ledger_get_state (f->ledger) == MODERATO_LEDGER_RECORDING; round++)
    {
      say_many (chat, 1000 + round * 100, 100, "a long line to fill the pages of the ledger up");
      test_iterate_for (30);
    }
  wait_state (f->ledger, MODERATO_LEDGER_PAUSED_FULL);
  g_assert_cmpuint (moderato_ledger_get_n_dropped (f->ledger), >, 0);

  /* The chat goes on. */
  say_many (chat, 900000, 5, "still chatting");
  g_assert_nonnull (rumble_chat_api_lookup_message (chat, "900004"));

  /* Space again: resume, and new rows are stored. */
  g_assert_true (moderato_ledger_exec_for_test (f->ledger, "PRAGMA max_page_count = 1000000",
                                                &error));
  moderato_ledger_resume (f->ledger);
  wait_state (f->ledger, MODERATO_LEDGER_RECORDING);
  say_many (chat, 950000, 5, "after resuming");
  flush (f->ledger);
  stored = count_rows (f->path, "SELECT count (*) FROM messages WHERE text = 'after resuming'");
  g_assert_cmpint (stored, ==, 5);
  {
    g_autofree char *check = query_text (f->path, "PRAGMA integrity_check");

    g_assert_cmpstr (check, ==, "ok");
  }
  moderato_ledger_detach (f->ledger, chat);
}

/* A folder that cannot be created (here its parent is a file: the tests run as root, which
 * ignores permissions): recording pauses, the chat goes on; once fixed, resume records. */
static void
test_read_only_dir (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *blocker = g_build_filename (f->dir, "moderato", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleChatApi) chat = chat_new ("600");
  const GError *notice;

  g_file_set_contents (blocker, "not a folder", -1, &error);
  g_assert_no_error (error);

  f->ledger = open_ok (f->path);
  notice = moderato_ledger_get_notice (f->ledger);
  g_assert_error (notice, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_CANNOT_OPEN);
  g_assert_cmpint (moderato_ledger_get_state (f->ledger), ==, MODERATO_LEDGER_PAUSED_READ_ONLY);
  moderato_ledger_attach (f->ledger, chat);
  say_many (chat, 1, 3, "nowhere to go");
  g_assert_cmpuint (g_list_model_get_n_items (rumble_chat_api_get_messages (chat)), ==, 3);
  g_assert_cmpuint (moderato_ledger_get_n_dropped (f->ledger), >=, 3);

  g_unlink (blocker);
  moderato_ledger_resume (f->ledger);
  wait_state (f->ledger, MODERATO_LEDGER_RECORDING);
  say_many (chat, 10, 2, "a folder again");
  flush (f->ledger);
  g_assert_cmpint (count_rows (f->path, "SELECT count (*) FROM messages"), ==, 2);
  moderato_ledger_detach (f->ledger, chat);
}

/* A read-only file (query_only stands in for the permission root ignores). */
static void
test_read_only_file (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleChatApi) chat = chat_new ("700");

  f->ledger = open_ok (f->path);
  moderato_ledger_set_limits_for_test (f->ledger, 10, 500, 100000, 3600);
  g_assert_true (moderato_ledger_exec_for_test (f->ledger, "PRAGMA query_only = 1", &error));
  moderato_ledger_attach (f->ledger, chat);
  say_many (chat, 1, 3, "read only");
  wait_state (f->ledger, MODERATO_LEDGER_PAUSED_READ_ONLY);
  g_assert_cmpuint (g_list_model_get_n_items (rumble_chat_api_get_messages (chat)), ==, 3);

  moderato_ledger_resume (f->ledger);
  wait_state (f->ledger, MODERATO_LEDGER_RECORDING);
  say_many (chat, 10, 2, "writable");
  flush (f->ledger);
  g_assert_cmpint (count_rows (f->path, "SELECT count (*) FROM messages"), ==, 2);
  moderato_ledger_detach (f->ledger, chat);
}

/* The worker far behind: new rows are dropped (counted) until it catches up. */
static void
test_backlog_pause (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(RumbleChatApi) chat = chat_new ("800");

  f->ledger = open_ok (f->path);
  flush (f->ledger);
  moderato_ledger_set_limits_for_test (f->ledger, 250, 500, 20, 3600);
  moderato_ledger_attach (f->ledger, chat);
  flush (f->ledger);
  moderato_ledger_hold_worker_for_test (f->ledger);
  say_many (chat, 1, 30, "flood");
  g_assert_cmpint (moderato_ledger_get_state (f->ledger), ==, MODERATO_LEDGER_PAUSED_BACKLOG);
  g_assert_cmpuint (moderato_ledger_get_n_dropped (f->ledger), ==, 10);
  g_assert_cmpuint (g_list_model_get_n_items (rumble_chat_api_get_messages (chat)), ==, 30);

  moderato_ledger_release_worker_for_test (f->ledger);
  flush (f->ledger);
  say_many (chat, 100, 1, "caught up");
  g_assert_cmpint (moderato_ledger_get_state (f->ledger), ==, MODERATO_LEDGER_RECORDING);
  flush (f->ledger);
  g_assert_cmpint (count_rows (f->path, "SELECT count (*) FROM messages"), ==, 21);
  moderato_ledger_detach (f->ledger, chat);
}

/* ---- Batches and wake-ups ---------------------------------------------------------- */

/* A ledger whose batches last @batch_ms or @batch_rows rows, attached to @chat, settled. */
static void
open_batching (Fixture       *f,
               RumbleChatApi *chat,
               guint          batch_ms,
               guint          batch_rows)
{
  f->ledger = open_ok (f->path);
  moderato_ledger_set_limits_for_test (f->ledger, batch_ms, batch_rows, 100000, 3600);
  moderato_ledger_attach (f->ledger, chat);
  flush (f->ledger);
}

static guint
wakeups (ModeratoLedger *ledger)
{
  return ledger_store_get_wakeups (moderato_ledger_get_store (ledger));
}

/* @n messages 1 ms apart, as in a chat: the worker could drain its queue between two. */
static void
say_spaced (RumbleChatApi *chat,
            guint          n,
            const char    *text)
{
  for (guint i = 1; i <= n; i++)
    {
      say_many (chat, i, 1, text);
      g_usleep (1000);
    }
}

/* The first message opens a batch, the others join it without waking the worker, the
 * flush wakes it. */
static void
test_batch_wakeups (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(RumbleChatApi) chat = chat_new ("410");
  const guint n = 40;
  guint before;

  open_batching (f, chat, 60000, 500);
  before = wakeups (f->ledger);
  say_spaced (chat, n, "one of a burst");
  g_assert_cmpint (count_rows (f->path, "SELECT count (*) FROM messages"), ==, 0);
  flush (f->ledger);
  g_test_message ("%u messages, %u wake-ups", n, wakeups (f->ledger) - before);
  g_assert_cmpuint (wakeups (f->ledger) - before, <=, 3);
  g_assert_cmpint (count_rows (f->path, "SELECT count (*) FROM messages"), ==, n);
  moderato_ledger_detach (f->ledger, chat);
}

/* A query runs after the rows pushed before it: it sees them in the open batch. */
static void
test_batch_query_order (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(RumbleChatApi) chat = chat_new ("420");
  g_autofree char *ids = NULL;

  open_batching (f, chat, 60000, 500);
  say_many (chat, 1, 3, "ordered");
  g_usleep (20000);
  say_many (chat, 4, 1, "ordered");
  ids = search_ids (f->ledger, "ordered", NULL);
  g_assert_cmpstr (ids, ==, "4,3,2,1");
  g_assert_cmpint (count_rows (f->path, "SELECT count (*) FROM messages"), ==, 0);
  moderato_ledger_detach (f->ledger, chat);
}

typedef struct {
  const char *path;
  gint64      n;
} RowsWait;

static gboolean
has_rows (gpointer data)
{
  RowsWait *wait = data;

  return count_rows (wait->path, "SELECT count (*) FROM messages") >= wait->n;
}

/* A full batch commits at once, long before its deadline; the rest waits for it. */
static void
test_batch_cap (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(RumbleChatApi) chat = chat_new ("430");
  RowsWait wait = { f->path, 10 };

  open_batching (f, chat, 60000, 5);
  say_spaced (chat, 12, "capped");
  test_wait_until (has_rows, &wait, TIMEOUT_MS);
  test_iterate_for (50);
  g_assert_cmpint (count_rows (f->path, "SELECT count (*) FROM messages"), ==, 10);
  flush (f->ledger);
  g_assert_cmpint (count_rows (f->path, "SELECT count (*) FROM messages"), ==, 12);
  moderato_ledger_detach (f->ledger, chat);
}

/* A lone message is committed at its batch's deadline, with nothing else to wake the
 * worker. */
static void
test_batch_deadline (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(RumbleChatApi) chat = chat_new ("440");
  RowsWait wait = { f->path, 2 };
  gint64 start;

  open_batching (f, chat, 100, 500);
  start = g_get_monotonic_time ();
  say_many (chat, 1, 1, "alone");
  g_usleep (20000);
  say_many (chat, 2, 1, "in the same window");
  test_wait_until (has_rows, &wait, TIMEOUT_MS);
  g_test_message ("committed after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  moderato_ledger_detach (f->ledger, chat);
}

/* Retention: messages older than the limit go, in the background. */
static void
test_retention (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(RumbleChatApi) chat = chat_new ("900");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) recent = g_date_time_add_days (now, -2);
  g_autofree char *recent_iso = g_date_time_format_iso8601 (recent);

  f->ledger = open_ok (f->path);
  moderato_ledger_attach (f->ledger, chat);
  say (chat, "1", "2020-01-01T00:00:00+00:00", "1", "Old", "ancient history", 0, NULL, NULL);
  say (chat, "2", recent_iso, "1", "Old", "recent news", 0, NULL, NULL);
  flush (f->ledger);
  moderato_ledger_set_retention (f->ledger, 30, 0);
  flush (f->ledger);
  g_assert_cmpint (count_rows (f->path, "SELECT count (*) FROM messages"), ==, 1);
  g_assert_cmpint (count_rows (f->path, "SELECT id FROM messages"), ==, 2);
  /* The full-text index forgot it too. */
  g_assert_cmpint (count_rows (f->path, "SELECT count (*) FROM messages_fts WHERE messages_fts"
                               " MATCH 'ancient'"), ==, 0);
  moderato_ledger_detach (f->ledger, chat);
}

/* The bytes the ledger's data takes (its pages in use), as retention measures them. */
static gint64
data_bytes (const char *path)
{
  return count_rows (path, "SELECT ((SELECT page_count FROM pragma_page_count)"
                           " - (SELECT freelist_count FROM pragma_freelist_count))"
                           " * (SELECT page_size FROM pragma_page_size)");
}

/* The size cap removes the oldest messages until the data fits, and no more than that,
 * whatever the write batches (@data: rows per batch) made of the full-text index. */
static void
test_retention_size (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(RumbleChatApi) chat = chat_new ("901");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_iso = g_date_time_format_iso8601 (now);
  const guint n = 3000;
  gint64 before, cap, after, kept, oldest;

  f->ledger = open_ok (f->path);
  moderato_ledger_set_limits_for_test (f->ledger, 60000, GPOINTER_TO_UINT (data), 100000, 3600);
  moderato_ledger_attach (f->ledger, chat);
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);
      g_autofree char *text = g_strdup_printf ("message %u about topic%u with word%u and the "
                                               "usual chatter of a long evening, number %u",
                                               i, i % 97, (i * 7919) % 10007, i * 31);

      say (chat, id, now_iso, "1", "Talker", text, 0, NULL, NULL);
    }
  flush (f->ledger);
  before = data_bytes (f->path);
  g_assert_cmpint (count_rows (f->path, "SELECT count (*) FROM messages"), ==, n);

  cap = before * 6 / 10;
  moderato_ledger_set_retention (f->ledger, 0, (guint64) cap);
  flush (f->ledger);
  after = data_bytes (f->path);
  kept = count_rows (f->path, "SELECT count (*) FROM messages");
  oldest = count_rows (f->path, "SELECT min (id) FROM messages");
  g_test_message ("%" G_GINT64_FORMAT " bytes, cap %" G_GINT64_FORMAT ": %" G_GINT64_FORMAT
                  " bytes, %" G_GINT64_FORMAT " of %u messages kept", before, cap, after, kept, n);
  /* The oldest went, the newest stayed: the data shrank, and most of what fits is kept (the
   * full-text index gives its space back later: the cap is neared, not overshot). */
  g_assert_cmpint (after, <, before);
  g_assert_cmpint (after, <=, cap + cap / 10);
  g_assert_cmpint (kept, <, n);
  g_assert_cmpint (kept, >, n * 4 / 10);
  g_assert_cmpint (oldest, ==, n - kept + 1);
  g_assert_cmpint (count_rows (f->path, "SELECT count (*) FROM messages_fts WHERE messages_fts"
                               " MATCH 'message'"), ==, kept);

  /* Run again and again (as hourly, the cap nudged so that each setting is new): it
   * settles near the cap instead of eating the rest. */
  for (guint i = 1; i <= 10; i++)
    {
      moderato_ledger_set_retention (f->ledger, 0, (guint64) cap + i);
      flush (f->ledger);
    }
  g_test_message ("then %" G_GINT64_FORMAT " bytes, %" G_GINT64_FORMAT " messages",
                  data_bytes (f->path), count_rows (f->path, "SELECT count (*) FROM messages"));
  g_assert_cmpint (count_rows (f->path, "SELECT count (*) FROM messages"), >, n / 3);
  g_assert_cmpint (data_bytes (f->path), <=, cap + cap / 10);
  moderato_ledger_detach (f->ledger, chat);
}

int
main (int    argc,
      char **argv)
{
  /* Dates in filters are local: make local UTC. */
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/ledger/schema/from-empty", test_schema_empty);
  ADD ("/ledger/schema/from-every-earlier", test_schema_every_earlier);
  ADD ("/ledger/schema/watch-from-v1", test_schema_watch_from_v1);
  ADD ("/ledger/schema/index-from-v2", test_schema_index_from_v2);
  ADD ("/ledger/query/channels-known-users", test_channels_and_known_users);
  ADD ("/ledger/search/filters", test_search_filters);
  ADD ("/ledger/search/bad-filters", test_search_bad_filters);
  ADD ("/ledger/query/summary-report-notes", test_summary_and_report);
  ADD ("/ledger/actions/outcomes", test_action_outcomes);
  g_test_add_func ("/ledger/report/hostile-title", test_report_hostile_title);
  ADD ("/ledger/record/dedup-reconnect-restart", test_dedup);
  ADD ("/ledger/record/notify-on-owner-thread", test_notify_on_owner_thread);
  ADD ("/ledger/bad/corrupt-garbage", test_corrupt_garbage);
  ADD ("/ledger/bad/corrupt-page", test_corrupt_page);
  ADD ("/ledger/bad/foreign", test_foreign);
  ADD ("/ledger/bad/newer-schema", test_newer_schema);
  ADD ("/ledger/bad/full-disk", test_full_disk);
  ADD ("/ledger/bad/read-only-dir", test_read_only_dir);
  ADD ("/ledger/bad/read-only-file", test_read_only_file);
  ADD ("/ledger/bad/backlog", test_backlog_pause);
  ADD ("/ledger/batch/wakeups", test_batch_wakeups);
  ADD ("/ledger/batch/query-order", test_batch_query_order);
  ADD ("/ledger/batch/cap", test_batch_cap);
  ADD ("/ledger/batch/deadline", test_batch_deadline);
  ADD ("/ledger/retention/days", test_retention);
#undef ADD
  g_test_add ("/ledger/retention/size/batch-7", Fixture, GUINT_TO_POINTER (7), fixture_setup,
              test_retention_size, fixture_teardown);
  g_test_add ("/ledger/retention/size/batch-137", Fixture, GUINT_TO_POINTER (137),
              fixture_setup, test_retention_size, fixture_teardown);
  g_test_add ("/ledger/retention/size/batch-500", Fixture, GUINT_TO_POINTER (500),
              fixture_setup, test_retention_size, fixture_teardown);

  return g_test_run ();
}
