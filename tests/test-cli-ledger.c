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
  gboolean          killed;       /* SIGKILL sent: the last line may be cut short */
  gboolean          torn;         /* that line came: nothing may follow it */
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
  g_assert_false (run->torn);
  node = json_from_string (line, &error);
  /* Output to a pipe is written in blocks: a SIGKILL may cut the last line in two. */
  if (error != NULL && run->killed)
    {
      g_test_message ("the line the kill cut: %s", line);
      run->torn = TRUE;
      read_next (run);
      return;
    }
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

typedef struct {
  char     *out;
  char     *err;
  gboolean  done;
} Communicated;

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Communicated *c = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &c->out, &c->err, &error);
  g_assert_no_error (error);
  c->done = TRUE;
}

static gboolean
communicated (gpointer data)
{
  return ((Communicated *) data)->done;
}

/* Runs the CLI to its end with @input on stdin while this process's main context (and so
 * a fake server in it) runs; returns the exit status, stdout and stderr. */
static int
run_cli (const char          *input,
         const char * const  *args,
         char               **out_stdout,
         char               **out_stderr)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Communicated c = { NULL, NULL, FALSE };

  g_ptr_array_add (argv, (gpointer) cli_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, input != NULL ? input : "", NULL,
                                       on_communicated, &c);
  test_wait_until (communicated, &c, TIMEOUT_MS);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s: stdout %s stderr %s", args[0], c.out, c.err);
  *out_stdout = c.out;
  if (out_stderr != NULL)
    *out_stderr = c.err;
  else
    g_free (c.err);
  return g_subprocess_get_exit_status (process);
}

/* Runs the CLI to its end; returns stdout, checks the exit status. */
static char *
run_sync (const char * const *args,
          int                 expected_status)
{
  char *out = NULL;

  g_assert_cmpint (run_cli (NULL, args, &out, NULL), ==, expected_status);
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
      flood.run->killed = TRUE;
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

/* ---- The action commands with --record ---------------------------------------------- */

/* The JSON lines of `log --json`, newest first. */
static GPtrArray *
log_entries (const char *path)
{
  const char *args[] = { "log", "--ledger", path, "--json", NULL };
  g_autofree char *out = run_sync (args, 0);
  g_auto(GStrv) lines = g_strsplit (g_strchomp (out), "\n", -1);
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  test_assert_terminal_safe ("log --json", out);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    g_ptr_array_add (entries, parse_object (lines[i]));
  return entries;
}

static const char ANY_REASON[] = "*";

static void
assert_entry (JsonObject *entry,
              const char *action,
              const char *message_id,
              const char *user,
              const char *outcome,
              const char *reason)
{
  g_assert_cmpstr (json_object_get_string_member (entry, "account"), ==, "MarigoldFinch");
  g_assert_cmpstr (json_object_get_string_member (entry, "stream_id"), ==,
                   RUMBLE_FAKE_DEFAULT_STREAM);
  g_assert_cmpstr (json_object_get_string_member (entry, "action"), ==, action);
  g_assert_cmpstr (json_object_get_string_member (entry, "message_id"), ==, message_id);
  g_assert_cmpstr (json_object_get_string_member (entry, "user"), ==, user);
  g_assert_cmpstr (json_object_get_string_member (entry, "outcome"), ==, outcome);
  /* ANY_REASON: one is given, librumble's sentence. */
  if (reason == ANY_REASON)
    g_assert_nonnull (json_object_get_string_member (entry, "reason"));
  else
    g_assert_cmpstr (json_object_get_string_member (entry, "reason"), ==, reason);
  g_assert_cmpint (json_object_get_int_member (entry, "time"), >, 0);
}

/* delete, mute, pin, unmute, send… with --record: each action and its outcome (done,
 * refused with the fake's reason, ambiguous) lands in the ledger, as the app records them;
 * without --record nothing does. The session lives in the keyring, as for every action. */
static void
test_actions_recorded (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleFakeServer) fake = rumble_fake_server_new (0, &error);
  g_autofree char *dir = g_dir_make_tmp ("test-cli-ledger-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "ledger.sqlite3", NULL);
  const char *url = rumble_fake_server_get_url (fake);
  const char *stream = RUMBLE_FAKE_DEFAULT_STREAM;
  g_autofree char *spam = NULL;
  g_autofree char *pin_me = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *tom_id = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  JsonObject *entry;

  g_assert_no_error (error);
  {
    const char *args[] = { "--server", url, "login", "MarigoldFinch", "--password-stdin", NULL };

    if (run_cli ("hunter2\n", args, &out, &err) != 0 && strstr (err, "keyring") != NULL)
      {
        g_test_skip ("No Secret Service (run the suite under dbus-run-session with "
                     "gnome-keyring)");
        remove_ledger (dir, path);
        return;
      }
    g_assert_cmpstr (out, ==, "Logged in as MarigoldFinch.\n");
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  spam = rumble_fake_server_push_message (fake, stream, "Quillback_Tom", "spam spam spam");
  g_free (rumble_fake_server_push_message (fake, stream, "Quillback_Tom", "still here"));
  /* (Not Tom's: the fake takes a muted user's messages away.) */
  pin_me = rumble_fake_server_push_message (fake, stream, "Wren_Pinner", "pin me");

  /* Done; then refused with the fake's reason (it no longer knows the message). */
  {
    const char *args[] = { "--server", url, "delete", "--record", "--ledger", path, stream, spam,
                           NULL };

    g_assert_cmpint (run_cli (NULL, args, &out, NULL), ==, 0);
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (run_cli (NULL, args, &out, &err), ==, 1);
    g_assert_cmpstr (err, ==, "moderato-cli: Message not found.\n");
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  /* Done, with its parameters. */
  {
    const char *args[] = { "--server", url, "mute", "--record", "--ledger", path, stream,
                           "Quillback_Tom", "--duration", "45", NULL };

    g_assert_cmpint (run_cli (NULL, args, &out, NULL), ==, 0);
    g_clear_pointer (&out, g_free);
  }
  /* Ambiguous: the fake pins it, then answers 502. */
  rumble_fake_server_add_fault (fake, &(RumbleFakeFault) {
    .route = "chat.message.pin", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 502,
    .after_action = TRUE, .count = 1 });
  {
    const char *args[] = { "--server", url, "pin", "--record", "--ledger", path, stream, pin_me,
                           NULL };

    g_assert_cmpint (run_cli (NULL, args, &out, NULL), ==, 1);
    g_clear_pointer (&out, g_free);
  }
  /* Refused with a name from elsewhere that must not drive the terminal. */
  {
    const char *args[] = { "--server", url, "unmute", "--record", "--ledger", path, stream,
                           TEST_HOSTILE_TEXT, NULL };

    g_assert_cmpint (run_cli (NULL, args, &out, NULL), ==, 1);
    g_clear_pointer (&out, g_free);
  }
  /* A chat command and a message: what was sent is kept. */
  {
    const char *command[] = { "--server", url, "command", "--record", "--ledger", path, stream,
                              "/raid https://rumble.com/v4abcde-x.html", NULL };
    const char *send[] = { "--server", url, "send", "--record", "--ledger", path, stream,
                           "Be kind, everyone", NULL };

    g_assert_cmpint (run_cli (NULL, command, &out, NULL), ==, 0);
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (run_cli (NULL, send, &out, NULL), ==, 0);
    g_clear_pointer (&out, g_free);
  }
  /* Without --record: not in the ledger. --ledger alone is a usage error. */
  {
    const char *unpin[] = { "--server", url, "unpin", stream, NULL };
    const char *lone[] = { "--server", url, "unpin", "--ledger", path, stream, NULL };

    g_assert_cmpint (run_cli (NULL, unpin, &out, NULL), ==, 0);
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (run_cli (NULL, lone, &out, NULL), ==, 2);
    g_clear_pointer (&out, g_free);
  }

  entries = log_entries (path);
  g_assert_cmpuint (entries->len, ==, 7);
  entry = g_ptr_array_index (entries, 0);
  assert_entry (entry, "send", NULL, NULL, "done", NULL);
  g_assert_cmpstr (json_object_get_string_member (entry, "text"), ==, "Be kind, everyone");
  entry = g_ptr_array_index (entries, 1);
  assert_entry (entry, "command", NULL, NULL, "done", NULL);
  g_assert_cmpstr (json_object_get_string_member (entry, "text"), ==,
                   "/raid https://rumble.com/v4abcde-x.html");
  entry = g_ptr_array_index (entries, 2);
  assert_entry (entry, "unmute", NULL, TEST_HOSTILE_TEXT, "refused", ANY_REASON);
  entry = g_ptr_array_index (entries, 3);
  assert_entry (entry, "pin", pin_me, "Wren_Pinner", "ambiguous", ANY_REASON);
  entry = g_ptr_array_index (entries, 4);
  assert_entry (entry, "mute", NULL, "Quillback_Tom", "done", NULL);
  g_assert_cmpint (json_object_get_int_member (entry, "duration"), ==, 45);
  g_assert_cmpstr (json_object_get_string_member (entry, "scope"), ==, "video");
  tom_id = g_strdup (json_object_get_string_member (entry, "user_id"));
  g_assert_nonnull (tom_id);
  entry = g_ptr_array_index (entries, 5);
  /* (Gone from the chat by then: whose it was is not known.) */
  assert_entry (entry, "delete", spam, NULL, "refused", "Message not found.");
  entry = g_ptr_array_index (entries, 6);
  assert_entry (entry, "delete", spam, "Quillback_Tom", "done", NULL);
  g_assert_cmpstr (json_object_get_string_member (entry, "user_id"), ==, tom_id);

  /* The filters of `log`, and its text: one line each, nothing raw from the network. */
  {
    const char *by_user[] = { "log", "--ledger", path, "--json", "--user", "quillback_tom", NULL };
    const char *by_action[] = { "log", "--ledger", path, "--json", "--action", "delete", NULL };
    const char *text[] = { "log", "--ledger", path, NULL };
    g_auto(GStrv) lines = NULL;

    out = run_sync (by_user, 0);
    lines = g_strsplit (g_strchomp (out), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 2);
    g_clear_pointer (&lines, g_strfreev);
    g_clear_pointer (&out, g_free);
    out = run_sync (by_action, 0);
    lines = g_strsplit (g_strchomp (out), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 2);
    g_clear_pointer (&lines, g_strfreev);
    g_clear_pointer (&out, g_free);
    out = run_sync (text, 0);
    test_assert_terminal_safe ("log", out);
    lines = g_strsplit (g_strchomp (out), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 7);
    g_assert_nonnull (strstr (lines[3], "ambiguous"));
    g_assert_nonnull (strstr (lines[5], "refused (Message not found.)"));
    g_clear_pointer (&out, g_free);
  }

  {
    const char *args[] = { "--server", url, "logout", NULL };

    run_cli (NULL, args, &out, NULL);
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
  g_test_add_func ("/cli/ledger/actions-recorded", test_actions_recorded);

  return g_test_run ();
}
