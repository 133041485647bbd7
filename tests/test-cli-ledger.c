/* test-cli-ledger.c — moderato-cli's ledger: tail --record (and kill -9 during a flood), and
 * the log, search, report and note commands' JSON
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Acknowledged", precisely: `tail --json --record` prints {"event":"recorded","messages":N}
 * after each commit of the ledger; the first N messages it printed are then acknowledged.
 * After a SIGKILL at any moment, every acknowledged message must be in the file, the file
 * must pass PRAGMA integrity_check, and what is missing must be young: every message the
 * CLI printed more than a second before the kill (four batch windows of 250 ms, for a
 * loaded machine) must be there too.
 */
#define G_LOG_DOMAIN "test-cli-ledger"

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "rumble-fake-server.h"
#include "test-util.h"

#define TIMEOUT_MS      30000
#define KILL_ROUNDS     3
#define OLD_ENOUGH_US   (1000 * G_TIME_SPAN_MILLISECOND)

static const char *
cli_path (void)
{
  const char *path = g_getenv ("MODERATO_CLI");

  return path && *path ? path : MODERATO_CLI_PATH;
}

/* ---- A CLI run whose lines are read as they come ------------------------------------ */

typedef struct {
  GSubprocess      *process;
  GDataInputStream *out;
  GCancellable     *cancellable;
  GPtrArray        *ids;          /* message ids in the order printed */
  GArray           *seen_at;      /* gint64 monotonic time each was read */
  guint64           acked;        /* last "recorded" count */
  gboolean          out_done;
  gboolean          exited;
} Run;

static void read_next (Run *run);

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                                     result, NULL, &error);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  const char *event;

  if (line == NULL)
    {
      run->out_done = TRUE;
      return;
    }
  node = json_from_string (line, &error);
  g_assert_no_error (error);
  object = json_node_get_object (node);
  event = json_object_get_string_member (object, "event");
  if (g_str_equal (event, "message"))
    {
      gint64 now = g_get_monotonic_time ();

      g_ptr_array_add (run->ids, g_strdup (json_object_get_string_member (object, "id")));
      g_array_append_val (run->seen_at, now);
    }
  else if (g_str_equal (event, "recorded"))
    {
      guint64 n = json_object_get_int_member (object, "messages");

      g_assert_cmpuint (n, >=, run->acked);
      g_assert_cmpuint (n, <=, run->ids->len);
      run->acked = n;
    }
  read_next (run);
}

static void
read_next (Run *run)
{
  g_data_input_stream_read_line_async (run->out, G_PRIORITY_DEFAULT, run->cancellable, on_line,
                                       run);
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Run *run = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  run->exited = TRUE;
}

static Run *
run_start (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  Run *run = g_new0 (Run, 1);

  run->process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                    G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  run->cancellable = g_cancellable_new ();
  run->ids = g_ptr_array_new_with_free_func (g_free);
  run->seen_at = g_array_new (FALSE, FALSE, sizeof (gint64));
  run->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (run->process));
  read_next (run);
  g_subprocess_wait_async (run->process, run->cancellable, on_exited, run);
  return run;
}

static gboolean
run_finished (gpointer data)
{
  Run *run = data;

  return run->exited && run->out_done;
}

static void
run_free (Run *run)
{
  if (!run->exited)
    g_subprocess_force_exit (run->process);
  test_wait_until (run_finished, run, TIMEOUT_MS);
  g_cancellable_cancel (run->cancellable);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->out);
  g_clear_object (&run->process);
  g_ptr_array_unref (run->ids);
  g_array_unref (run->seen_at);
  g_free (run);
}

/* Runs the CLI to its end; returns stdout, checks the exit status. */
static char *
run_sync (const char * const *args,
          int                 expected_status)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;

  g_ptr_array_add (argv, (gpointer) cli_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("%s: stdout %s stderr %s", args[0], out, err);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, expected_status);
  return out;
}

/* ---- The file, read directly -------------------------------------------------------- */

static int
keep_first (void  *data,
            int    n_columns,
            char **values,
            char **names)
{
  char **out = data;

  if (*out == NULL && n_columns > 0)
    *out = g_strdup (values[0]);
  return 0;
}

/* The first value @sql gives. Opened read-write: that replays what the WAL holds, as the
 * next run would. */
static char *
sql_text (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, keep_first, &text, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  return text;
}

static void
remove_ledger (const char *dir,
               const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

static GHashTable *
stored_ids (const char *path)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM messages", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ids;
}

/* ---- kill -9 during a flood --------------------------------------------------------- */

typedef struct {
  RumbleFakeServer *fake;
  Run              *run;
} Flood;

static gboolean
push_flood (gpointer data)
{
  Flood *flood = data;

  rumble_fake_server_push_new_accounts (flood->fake, RUMBLE_FAKE_DEFAULT_STREAM, 3);
  return G_SOURCE_CONTINUE;
}

static gboolean
has_messages (gpointer data)
{
  Run *run = data;

  return run->ids->len >= 20 || run->exited;
}

static void
test_kill_during_flood (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleFakeServer) fake = rumble_fake_server_new (0, &error);
  g_autofree char *dir = g_dir_make_tmp ("test-cli-ledger-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "ledger.sqlite3", NULL);
  guint64 total_acked = 0;

  g_assert_no_error (error);
  for (guint round = 0; round < KILL_ROUNDS; round++)
    {
      const char *argv[] = { cli_path (), "--server", rumble_fake_server_get_url (fake), "tail",
                             "--json", "--record", "--ledger", path,
                             RUMBLE_FAKE_DEFAULT_STREAM, NULL };
      Flood flood = { fake, NULL };
      g_autoptr(GHashTable) stored = NULL;
      g_autofree char *check = NULL;
      guint flood_id;
      gint64 killed_at;
      guint old = 0;

      flood.run = run_start (argv);
      flood_id = g_timeout_add (5, push_flood, &flood);
      test_wait_until (has_messages, flood.run, TIMEOUT_MS);
      g_assert_false (flood.run->exited);
      /* Somewhere in the middle of a batch, or of a commit. */
      test_iterate_for (g_test_rand_int_range (300, 1200));
      g_subprocess_send_signal (flood.run->process, SIGKILL);
      killed_at = g_get_monotonic_time ();
      g_source_remove (flood_id);
      test_wait_until (run_finished, flood.run, TIMEOUT_MS);
      g_assert_true (g_subprocess_get_if_signaled (flood.run->process));
      g_assert_cmpint (g_subprocess_get_term_sig (flood.run->process), ==, SIGKILL);

      check = sql_text (path, "PRAGMA integrity_check");
      g_assert_cmpstr (check, ==, "ok");
      stored = stored_ids (path);

      g_test_message ("round %u: %u printed, %" G_GUINT64_FORMAT " acknowledged, %u stored",
                      round, flood.run->ids->len, flood.run->acked, g_hash_table_size (stored));
      g_assert_cmpuint (flood.run->acked, >, 0);
      for (guint i = 0; i < flood.run->ids->len; i++)
        {
          const char *id = g_ptr_array_index (flood.run->ids, i);
          gint64 seen = g_array_index (flood.run->seen_at, gint64, i);

          if (i < flood.run->acked)
            g_assert_true (g_hash_table_contains (stored, id));
          if (killed_at - seen > OLD_ENOUGH_US)
            {
              old++;
              if (!g_hash_table_contains (stored, id))
                g_error ("message %s, printed %" G_GINT64_FORMAT " ms before the kill, is lost",
                         id, (killed_at - seen) / 1000);
            }
        }
      total_acked += flood.run->acked;
      g_test_message ("round %u: the %u messages older than 1 s are all stored", round, old);
      run_free (flood.run);
    }
  g_assert_cmpuint (total_acked, >, 0);

  remove_ledger (dir, path);
}

/* ---- The commands' JSON ------------------------------------------------------------- */

static gboolean
has_n (gpointer data)
{
  Run *run = data;

  return run->exited;
}

static JsonObject *
parse_object (const char *line)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (line, &error);
  JsonObject *object;

  g_assert_no_error (error);
  object = json_object_ref (json_node_get_object (node));
  json_node_unref (node);
  return object;
}

static void
test_commands_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleFakeServer) fake = rumble_fake_server_new (0, &error);
  g_autofree char *dir = g_dir_make_tmp ("test-cli-ledger-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "ledger.sqlite3", NULL);
  g_autofree char *id1 = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonObject) object = NULL;
  const char *tail_argv[] = { cli_path (), "--server", rumble_fake_server_get_url (fake), "tail",
                              "--json", "--record", "--ledger", path, "--count", "4",
                              RUMBLE_FAKE_DEFAULT_STREAM, NULL };
  Run *run;

  g_assert_no_error (error);
  rumble_fake_server_set_backlog_len (fake, 0);
  run = run_start (tail_argv);
  while (rumble_fake_server_get_n_listeners (fake, RUMBLE_FAKE_DEFAULT_STREAM) == 0)
    g_main_context_iteration (NULL, TRUE);
  test_iterate_for (100);
  id1 = rumble_fake_server_push_message (fake, RUMBLE_FAKE_DEFAULT_STREAM, "Quill",
                                         "see https://example.org " TEST_HOSTILE_TEXT);
  g_free (rumble_fake_server_push_message (fake, RUMBLE_FAKE_DEFAULT_STREAM, "Quill", "second"));
  g_free (rumble_fake_server_push_message (fake, RUMBLE_FAKE_DEFAULT_STREAM, "Sage", "third"));
  rumble_fake_server_push_event (fake, RUMBLE_FAKE_DEFAULT_STREAM,
                                 "{\"type\":\"mute_users\",\"data\":{\"user_ids\":[\"61234567\"]}}");
  g_free (rumble_fake_server_push_message (fake, RUMBLE_FAKE_DEFAULT_STREAM, "Sage", "fourth"));
  test_wait_until (has_n, run, TIMEOUT_MS);
  g_assert_cmpint (g_subprocess_get_exit_status (run->process), ==, 0);
  run_free (run);

  /* search: JSON lines, the filters, the hostile text escaped. */
  {
    const char *args[] = { "search", "--ledger", path, "--json", "has:link", "from:quill", NULL };

    out = run_sync (args, 0);
    test_assert_terminal_safe ("search --json", out);
    lines = g_strsplit (g_strchomp (out), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 1);
    object = parse_object (lines[0]);
    g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, id1);
    g_assert_cmpstr (json_object_get_string_member (object, "user"), ==, "Quill");
    g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "text"),
                                     "see https://example.org red"));
    g_clear_pointer (&object, json_object_unref);
    g_clear_pointer (&lines, g_strfreev);
    g_clear_pointer (&out, g_free);
  }
  {
    const char *args[] = { "search", "--ledger", path, "--json", "third", "OR", "fourth", NULL };

    out = run_sync (args, 0);
    g_assert_cmpstr (out, ==, "");
    g_clear_pointer (&out, g_free);
  }
  {
    const char *args[] = { "search", "--ledger", path, "is:bogus", NULL };

    out = run_sync (args, 2);
    g_clear_pointer (&out, g_free);
  }

  /* note: written, read back as JSON. */
  {
    const char *write[] = { "note", "--ledger", path, "quill", "warned", "twice", NULL };
    const char *read[] = { "note", "--ledger", path, "--json", "QUILL", NULL };

    out = run_sync (write, 0);
    g_clear_pointer (&out, g_free);
    out = run_sync (read, 0);
    object = parse_object (out);
    g_assert_cmpstr (json_object_get_string_member (object, "note"), ==, "warned twice");
    g_assert_false (json_object_get_boolean_member (object, "watched"));
    g_clear_pointer (&object, json_object_unref);
    g_clear_pointer (&out, g_free);
  }

  /* note --watch, --unwatch: the flag beside the note, which stays. */
  {
    const char *watch[] = { "note", "--ledger", path, "--watch", "Quill", NULL };
    const char *unwatch[] = { "note", "--ledger", path, "--unwatch", "quill", NULL };
    const char *both[] = { "note", "--ledger", path, "--watch", "--unwatch", "quill", NULL };
    const char *read[] = { "note", "--ledger", path, "--json", "quill", NULL };
    const char *plain[] = { "note", "--ledger", path, "quill", NULL };

    out = run_sync (watch, 0);
    g_clear_pointer (&out, g_free);
    out = run_sync (read, 0);
    object = parse_object (out);
    g_assert_cmpstr (json_object_get_string_member (object, "note"), ==, "warned twice");
    g_assert_true (json_object_get_boolean_member (object, "watched"));
    g_clear_pointer (&object, json_object_unref);
    g_clear_pointer (&out, g_free);
    out = run_sync (plain, 0);
    g_assert_cmpstr (out, ==, "warned twice\n(watched)\n");
    g_clear_pointer (&out, g_free);
    out = run_sync (both, 2);
    g_clear_pointer (&out, g_free);
    out = run_sync (unwatch, 0);
    g_clear_pointer (&out, g_free);
    out = run_sync (read, 0);
    object = parse_object (out);
    g_assert_false (json_object_get_boolean_member (object, "watched"));
    g_clear_pointer (&object, json_object_unref);
    g_clear_pointer (&out, g_free);
  }

  /* report: one JSON object. */
  {
    const char *args[] = { "report", "--ledger", path, "--format", "json",
                           RUMBLE_FAKE_DEFAULT_STREAM, NULL };

    out = run_sync (args, 0);
    object = parse_object (out);
    g_assert_cmpint (json_object_get_int_member (object, "messages"), ==, 4);
    g_assert_cmpint (json_object_get_int_member (object, "chatters"), ==, 2);
    g_clear_pointer (&object, json_object_unref);
    g_clear_pointer (&out, g_free);
  }
  {
    const char *args[] = { "report", "--ledger", path, "--format", "csv",
                           RUMBLE_FAKE_DEFAULT_STREAM, NULL };

    out = run_sync (args, 0);
    g_assert_true (g_str_has_prefix (out, "metric,value\n"));
    g_assert_nonnull (strstr (out, "\nmessages,4\n"));
    g_clear_pointer (&out, g_free);
  }

  /* log: the mute seen in the stream, as a JSON line; filtered away by --action. */
  {
    const char *args[] = { "log", "--ledger", path, "--json", NULL };
    const char *deletes[] = { "log", "--ledger", path, "--json", "--action", "delete", NULL };

    out = run_sync (args, 0);
    object = parse_object (out);
    g_assert_cmpstr (json_object_get_string_member (object, "action"), ==, "mute");
    g_assert_cmpstr (json_object_get_string_member (object, "outcome"), ==, "seen");
    g_assert_cmpstr (json_object_get_string_member (object, "user_id"), ==, "61234567");
    g_assert_true (json_object_get_null_member (object, "account"));
    g_clear_pointer (&object, json_object_unref);
    g_clear_pointer (&out, g_free);
    out = run_sync (deletes, 0);
    g_assert_cmpstr (out, ==, "");
    g_clear_pointer (&out, g_free);
  }

  /* A missing ledger is an error, not a new file. */
  {
    g_autofree char *missing = g_build_filename (dir, "none.sqlite3", NULL);
    const char *args[] = { "log", "--ledger", missing, NULL };

    out = run_sync (args, 1);
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
    g_clear_pointer (&out, g_free);
  }

  remove_ledger (dir, path);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/ledger/kill-9-during-flood", test_kill_during_flood);
  g_test_add_func ("/cli/ledger/commands-json", test_commands_json);

  return g_test_run ();
}
