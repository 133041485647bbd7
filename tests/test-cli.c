/* test-cli.c — moderato-cli run as a program against the fake server
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake server runs in this process (its main context is iterated while the CLI runs),
 * so the test can push events at the moment it chooses and check what the CLI printed.
 */
#define G_LOG_DOMAIN "test-cli"

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "rumble-fake-server.h"
#include "test-util.h"

#define TIMEOUT_MS 30000

static const char *
cli_path (void)
{
  const char *path = g_getenv ("MODERATO_CLI");

  return path && *path ? path : MODERATO_CLI_PATH;
}

/* ---- One run of the CLI ------------------------------------------------------------- */

typedef struct {
  GSubprocess      *process;
  GDataInputStream *out;
  GOutputStream    *err;
  GCancellable     *cancellable;
  GPtrArray        *lines;       /* of char*, stdout without line ends */
  gboolean          out_done;
  gboolean          err_done;
  gboolean          exited;
} CliRun;

static void read_next_line (CliRun *run);

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  CliRun *run = user_data;
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);

  if (line == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_assert_no_error (error);
      run->out_done = TRUE;
      return;
    }
  g_test_message ("cli: %s", line);
  g_ptr_array_add (run->lines, line);
  read_next_line (run);
}

static void
read_next_line (CliRun *run)
{
  g_data_input_stream_read_line_async (run->out, G_PRIORITY_DEFAULT, run->cancellable, on_line, run);
}

static void
on_err_spliced (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  CliRun *run = user_data;
  g_autoptr(GError) error = NULL;

  g_output_stream_splice_finish (G_OUTPUT_STREAM (source), result, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_assert_no_error (error);
  run->err_done = TRUE;
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  CliRun *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_assert_no_error (error);
  run->exited = TRUE;
}

static CliRun *
cli_run_start (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  CliRun *run = g_new0 (CliRun, 1);
  g_autofree char *joined = NULL;

  g_ptr_array_add (argv, (gpointer) cli_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  joined = g_strjoinv (" ", (char **) argv->pdata);
  g_test_message ("running %s", joined);

  run->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                    G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                    G_SUBPROCESS_FLAGS_STDIN_INHERIT, &error);
  g_assert_no_error (error);
  run->cancellable = g_cancellable_new ();
  run->lines = g_ptr_array_new_with_free_func (g_free);
  run->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (run->process));
  g_data_input_stream_set_newline_type (run->out, G_DATA_STREAM_NEWLINE_TYPE_LF);
  run->err = g_memory_output_stream_new_resizable ();
  read_next_line (run);
  g_output_stream_splice_async (run->err, g_subprocess_get_stderr_pipe (run->process),
                                G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, G_PRIORITY_DEFAULT,
                                run->cancellable, on_err_spliced, run);
  g_subprocess_wait_async (run->process, run->cancellable, on_exited, run);
  return run;
}

static gboolean
cli_run_finished (gpointer data)
{
  CliRun *run = data;

  return run->exited && run->out_done && run->err_done;
}

/* Waits for the exit and returns the exit status (a signal death fails the test). */
static int
cli_run_wait (CliRun *run)
{
  test_wait_until (cli_run_finished, run, TIMEOUT_MS);
  g_assert_true (g_subprocess_get_if_exited (run->process));
  return g_subprocess_get_exit_status (run->process);
}

/* What the CLI wrote to stderr so far (it may still run). */
static char *
cli_run_peek_stderr (CliRun *run)
{
  GMemoryOutputStream *mem = G_MEMORY_OUTPUT_STREAM (run->err);

  if (g_memory_output_stream_get_data_size (mem) == 0)
    return g_strdup ("");
  return g_strndup (g_memory_output_stream_get_data (mem), g_memory_output_stream_get_data_size (mem));
}

static char *
cli_run_stderr (CliRun *run)
{
  g_assert_true (run->err_done);
  return cli_run_peek_stderr (run);
}

static void
cli_run_free (CliRun *run)
{
  if (!run->exited)
    {
      g_subprocess_force_exit (run->process);
      test_wait_until (cli_run_finished, run, TIMEOUT_MS);
    }
  g_cancellable_cancel (run->cancellable);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->out);
  g_clear_object (&run->err);
  g_clear_object (&run->process);
  g_ptr_array_unref (run->lines);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliRun, cli_run_free)

typedef struct {
  CliRun     *run;
  guint       n;
} LinesWanted;

static gboolean
has_lines (gpointer data)
{
  LinesWanted *wanted = data;

  return wanted->run->lines->len >= wanted->n || wanted->run->out_done;
}

static void
wait_for_lines (CliRun *run,
                guint   n)
{
  LinesWanted wanted = { run, n };

  test_wait_until (has_lines, &wanted, TIMEOUT_MS);
  g_assert_cmpuint (run->lines->len, >=, n);
}

/* Runs the CLI to its end; returns the exit status, stdout lines and stderr. */
static int
cli_run_sync (const char * const  *args,
              GPtrArray          **out_lines,
              char               **out_stderr)
{
  g_autoptr(CliRun) run = cli_run_start (args);
  int status = cli_run_wait (run);

  if (out_lines != NULL)
    *out_lines = g_ptr_array_ref (run->lines);
  if (out_stderr != NULL)
    *out_stderr = cli_run_stderr (run);
  return status;
}

/* ---- JSON lines --------------------------------------------------------------------- */

static JsonObject *
parse_line (const char *line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

/* The string member @name, asserting it is a string (ids must be strings, not numbers). */
static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
  return json_node_get_string (node);
}

static gboolean
member_is_null (JsonObject *object,
                const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  return JSON_NODE_HOLDS_NULL (node);
}

/* Comma-joined strings of the array member @name (every element must be a string). */
static char *
member_strings (JsonObject *object,
                const char *name)
{
  JsonArray *array = json_object_get_array_member (object, name);
  GString *out = g_string_new (NULL);

  g_assert_nonnull (array);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, json_node_get_string (node));
    }
  return g_string_free (out, FALSE);
}

/* Every JSON line, as objects; state lines are kept apart. */
static GPtrArray *
parse_lines (GPtrArray  *lines,
             GPtrArray **out_states)
{
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  GPtrArray *states = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < lines->len; i++)
    {
      JsonObject *object = parse_line (g_ptr_array_index (lines, i));
      const char *event = member_string (object, "event");

      if (g_str_equal (event, "state"))
        {
          g_ptr_array_add (states, g_strdup (member_string (object, "state")));
          json_object_unref (object);
        }
      else
        g_ptr_array_add (events, object);
    }
  *out_states = states;
  return events;
}

static void
assert_message (JsonObject *object,
                const char *id,
                gint64      time,
                const char *user_id,
                const char *user,
                const char *channel_id,
                const char *channel,
                const char *text,
                gint64      rant_cents,
                gboolean    raid,
                const char *badges)
{
  g_autofree char *got_badges = member_strings (object, "badges");

  g_assert_cmpstr (member_string (object, "event"), ==, "message");
  g_assert_cmpstr (member_string (object, "id"), ==, id);
  g_assert_cmpint (json_object_get_int_member (object, "time"), ==, time);
  g_assert_cmpstr (member_string (object, "user_id"), ==, user_id);
  g_assert_cmpstr (member_string (object, "user"), ==, user);
  if (channel_id == NULL)
    {
      g_assert_true (member_is_null (object, "channel_id"));
      g_assert_true (member_is_null (object, "channel"));
    }
  else
    {
      g_assert_cmpstr (member_string (object, "channel_id"), ==, channel_id);
      g_assert_cmpstr (member_string (object, "channel"), ==, channel);
    }
  g_assert_cmpstr (member_string (object, "text"), ==, text);
  g_assert_cmpint (json_object_get_int_member (object, "rant_cents"), ==, rant_cents);
  g_assert_cmpint (json_object_get_boolean_member (object, "raid"), ==, raid);
  g_assert_cmpstr (got_badges, ==, badges);
}

static void
assert_ids_event (JsonObject *object,
                  const char *event,
                  const char *member,
                  const char *ids)
{
  g_autofree char *got = member_strings (object, member);

  g_assert_cmpstr (member_string (object, "event"), ==, event);
  g_assert_cmpstr (got, ==, ids);
}

static void
assert_id_event (JsonObject *object,
                 const char *event,
                 const char *id)
{
  g_assert_cmpstr (member_string (object, "event"), ==, event);
  g_assert_cmpstr (member_string (object, "id"), ==, id);
}

static void
push_fixture (RumbleFakeServer *fake,
              const char       *name)
{
  g_autofree char *json = test_load_fixture_compact (name);

  rumble_fake_server_push_event (fake, RUMBLE_FAKE_DEFAULT_STREAM, json);
}

/* Waits until the CLI printed the message line with @id (the backlog has arrived, say). */
static void
wait_for_message_line (CliRun     *run,
                       const char *needle)
{
  for (guint seen = 0;; seen++)
    {
      wait_for_lines (run, seen + 1);
      g_assert_false (run->lines->len <= seen);
      if (strstr (g_ptr_array_index (run->lines, seen), needle) != NULL)
        return;
    }
}

/* A message whose text needs escaping in JSON and taming on a terminal. */
static const char hostile_event[] =
  "{\"type\":\"messages\",\"data\":{\"messages\":[{\"id\":\"1402937465012345620\","
  "\"time\":\"2026-04-20T18:07:00+00:00\",\"user_id\":\"61234567\","
  "\"text\":\"bell\\u0007 esc\\u001b[2J \\\"quoted\\\" back\\\\slash line\\nbreak \\u00e9\"}],"
  "\"users\":[{\"id\":\"61234567\",\"username\":\"Quillback_Tom\",\"badges\":[\"premium\"]}],\"channels\":[[]]}}";
static const char hostile_text[] = "bell\a esc\033[2J \"quoted\" back\\slash line\nbreak \u00e9";
static const char hostile_plain[] = "Quillback_Tom: bell\ufffd esc\ufffd[2J \"quoted\" back\\slash line break \u00e9";

/* An id as the library keeps it (ASCII controls and spaces make it drop one, but not CSI
 * U+009B, RLO, RLM or RLI), and in JSON with \u escapes. */
#define HOSTILE_ID      "14029\302\23331m\342\200\256\342\200\217\342\201\247X"
#define HOSTILE_ID_JSON "14029\\u009b31m\\u202e\\u200f\\u2067X"

static void
assert_run_terminal_safe (CliRun     *run,
                          const char *err)
{
  test_assert_terminal_safe ("stderr", err);
  for (guint i = 0; i < run->lines->len; i++)
    test_assert_terminal_safe ("stdout", g_ptr_array_index (run->lines, i));
}

/* ---- Tests -------------------------------------------------------------------------- */

static void
assert_usage_error (const char * const *args,
                    const char         *expected_in_stderr)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *err = NULL;
  int status = cli_run_sync (args, &lines, &err);

  g_assert_cmpint (status, ==, 2);
  g_assert_cmpuint (lines->len, ==, 0);
  g_assert_true (g_str_has_prefix (err, "moderato-cli: "));
  if (expected_in_stderr != NULL)
    g_assert_nonnull (strstr (err, expected_in_stderr));
}

static void
test_usage (void)
{
  const char *no_command[] = { NULL };
  const char *unknown_command[] = { "frobnicate", NULL };
  const char *unknown_option[] = { "--frobnicate", "tail", "1", NULL };
  const char *no_stream[] = { "tail", NULL };
  const char *two_streams[] = { "tail", "1", "2", NULL };
  const char *bad_count[] = { "tail", "--count", "many", "1", NULL };
  const char *bad_history[] = { "tail", "--history", "0", "1", NULL };
  const char *bad_server[] = { "--server", "ftp://example.org", "tail", "1", NULL };
  const char *bad_port[] = { "fake-server", "--port", "70000", NULL };
  const char *demo_and_server[] = { "--demo", "--server", "http://127.0.0.1:1", "tail", NULL };

  assert_usage_error (no_command, "command");
  assert_usage_error (unknown_command, "frobnicate");
  assert_usage_error (unknown_option, "--frobnicate");
  assert_usage_error (no_stream, "stream");
  assert_usage_error (two_streams, NULL);
  assert_usage_error (bad_count, NULL);
  assert_usage_error (bad_history, "--history");
  assert_usage_error (bad_server, "--server");
  assert_usage_error (bad_port, "--port");
  assert_usage_error (demo_and_server, "--demo");
}

static void
test_help (void)
{
  const char *args[] = { "--help", NULL };
  const char *tail_args[] = { "tail", "--help", NULL };
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) tail_lines = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tail_text = NULL;

  g_assert_cmpint (cli_run_sync (args, &lines, NULL), ==, 0);
  g_ptr_array_add (lines, NULL);
  text = g_strjoinv ("\n", (char **) lines->pdata);
  g_assert_nonnull (strstr (text, "tail "));
  g_assert_nonnull (strstr (text, "fake-server "));
  g_assert_nonnull (strstr (text, "--server"));
  g_assert_nonnull (strstr (text, "--demo"));

  g_assert_cmpint (cli_run_sync (tail_args, &tail_lines, NULL), ==, 0);
  g_ptr_array_add (tail_lines, NULL);
  tail_text = g_strjoinv ("\n", (char **) tail_lines->pdata);
  g_assert_nonnull (strstr (tail_text, "moderato-cli tail"));
  g_assert_nonnull (strstr (tail_text, "--json"));
  g_assert_nonnull (strstr (tail_text, "--count"));
  g_assert_nonnull (strstr (tail_text, "--skip-backlog"));
  g_assert_nonnull (strstr (tail_text, "--history"));
}

static void
assert_unresolvable (const char *server_url,
                     const char *stream,
                     const char *expected_in_stderr)
{
  const char *args[] = { "--server", server_url, "tail", "--json", stream, NULL };
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *err = NULL;
  int status = cli_run_sync (args, &lines, &err);

  g_assert_cmpint (status, ==, 1);
  g_assert_true (g_str_has_prefix (err, "moderato-cli: "));
  g_assert_nonnull (strstr (err, stream));
  g_assert_nonnull (strstr (err, expected_in_stderr));
  /* One sentence, one line. */
  g_assert_cmpint (strchr (err, '\n') - err, ==, (gssize) strlen (err) - 1);
  g_assert_cmpuint (lines->len, ==, 0);
}

static void
test_tail_unresolvable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleFakeServer) fake = rumble_fake_server_new (0, &error);

  g_assert_no_error (error);
  assert_unresolvable (rumble_fake_server_get_url (fake), "not a stream!", "Paste");
  /* Resolving these asks the (fake) site, which knows neither. */
  assert_unresolvable (rumble_fake_server_get_url (fake), "https://rumble.com/c/NoSuchChannel", "channel");
  assert_unresolvable (rumble_fake_server_get_url (fake), "https://rumble.com/v6nosuch-video.html", "video");
  g_assert_finalize_object (g_steal_pointer (&fake));
}

/* Nothing listens: after the library's three failed first attempts, exit 1 with a sentence. */
static void
test_tail_unreachable (void)
{
  g_autoptr(GError) error = NULL;
  RumbleFakeServer *fake = rumble_fake_server_new (0, &error);
  g_autofree char *url = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *err = NULL;

  g_assert_no_error (error);
  /* A port that was just free and is closed again. */
  url = g_strdup (rumble_fake_server_get_url (fake));
  g_assert_finalize_object (fake);

  {
    const char *args[] = { "--server", url, "tail", "--json", "123", NULL };

    g_assert_cmpint (cli_run_sync (args, &lines, &err), ==, 1);
  }
  g_assert_nonnull (strstr (err, "moderato-cli: Cannot open the chat of stream 123: "));
  g_assert_cmpuint (lines->len, >=, 2);
  g_assert_cmpstr (g_ptr_array_index (lines, lines->len - 1), ==, "{\"event\":\"state\",\"state\":\"error\"}");
}

static void
test_tail_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleFakeServer) fake = rumble_fake_server_new (0, &error);
  g_autoptr(CliRun) run = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) states = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "--server", NULL, "tail", "--json", "--count", "7",
                         RUMBLE_FAKE_DEFAULT_STREAM, NULL };
  guint i = 0;

  g_assert_no_error (error);
  args[1] = rumble_fake_server_get_url (fake);
  run = cli_run_start (args);

  /* The backlog of the fixture chat (§8.2) arrives with `init`; then the rest is pushed. */
  wait_for_message_line (run, "\"1402937465012345602\"");
  push_fixture (fake, "sse_messages_rant.json");
  push_fixture (fake, "sse_delete_messages.json");        /* 610: not in this chat, still reported */
  rumble_fake_server_push_event (fake, RUMBLE_FAKE_DEFAULT_STREAM,
                                 "{\"type\":\"delete_messages\",\"data\":{\"message_ids\":[1402937465012345601]}}");
  rumble_fake_server_push_event (fake, RUMBLE_FAKE_DEFAULT_STREAM,
                                 "{\"type\":\"delete_non_rant_messages\",\"data\":{\"message_ids\":"
                                 "[\"1402937465012345611\",\"1402937465012345602\"]}}");
  push_fixture (fake, "sse_mute_users.json");
  push_fixture (fake, "sse_pin_message.json");
  push_fixture (fake, "sse_unpin_message.json");
  push_fixture (fake, "sse_messages_raid_notice.json");
  push_fixture (fake, "sse_messages_as_channel.json");
  push_fixture (fake, "sse_messages_subscription_notice.json");
  rumble_fake_server_push_event (fake, RUMBLE_FAKE_DEFAULT_STREAM, hostile_event);
  /* After the seventh message: must not be printed. */
  push_fixture (fake, "sse_messages_plain.json");

  g_assert_cmpint (cli_run_wait (run), ==, 0);
  err = cli_run_stderr (run);
  g_assert_cmpstr (err, ==, "");

  events = parse_lines (run->lines, &states);
  g_assert_cmpuint (states->len, >=, 2);
  g_assert_cmpstr (g_ptr_array_index (states, 0), ==, "connecting");
  g_assert_cmpstr (g_ptr_array_index (states, 1), ==, "connected");

  assert_message (g_ptr_array_index (events, i++), "1402937465012345601", 1776708115, "87654321",
                  "MarigoldFinch", NULL, NULL, "Evening everyone!", 0, FALSE,
                  "premium,recurring_subscription");
  assert_message (g_ptr_array_index (events, i++), "1402937465012345602", 1776708130, "90011223",
                  "CedarHollowLive", "5512345", "CedarHollow", "Welcome in, we start in a minute.", 0, FALSE,
                  "admin,verified");
  assert_id_event (g_ptr_array_index (events, i++), "pin", "1402937465012345590");
  assert_message (g_ptr_array_index (events, i++), "1402937465012345611", 1776708240, "87654321",
                  "MarigoldFinch", NULL, NULL, "Great stream, keep it up!", 500, FALSE,
                  "premium,recurring_subscription");
  assert_ids_event (g_ptr_array_index (events, i++), "delete", "ids", "1402937465012345610");
  assert_ids_event (g_ptr_array_index (events, i++), "delete", "ids", "1402937465012345601");
  /* The rant is spared by delete_non_rant_messages. */
  assert_ids_event (g_ptr_array_index (events, i++), "delete", "ids", "1402937465012345602");
  assert_ids_event (g_ptr_array_index (events, i++), "mute", "user_ids", "61234567");
  assert_id_event (g_ptr_array_index (events, i++), "pin", "1402937465012345602");
  assert_id_event (g_ptr_array_index (events, i++), "unpin", "1402937465012345602");
  assert_message (g_ptr_array_index (events, i++), "1402937465012345615", 1776708360, "55500777",
                  "NorthwindGames", "6600111", "Northwind", "Northwind is raiding with 143 viewers!", 0, TRUE,
                  "verified");
  assert_message (g_ptr_array_index (events, i++), "1402937465012345612", 1776708270, "90011223",
                  "CedarHollowLive", "5512345", "CedarHollow", "Thanks Marigold!", 0, FALSE,
                  "admin,verified");
  assert_message (g_ptr_array_index (events, i++), "1402937465012345613", 1776708302, "61234567",
                  "Quillback_Tom", NULL, NULL, "", 0, FALSE, "recurring_subscription");
  g_assert_cmpstr (member_string (g_ptr_array_index (events, i - 1), "kind"), ==, "subscription");
  assert_message (g_ptr_array_index (events, i++), "1402937465012345620", 1776708420, "61234567",
                  "Quillback_Tom", NULL, NULL, hostile_text, 0, FALSE, "premium");
  /* --count 7: nothing after the seventh message. */
  g_assert_cmpuint (events->len, ==, i);

  g_assert_finalize_object (g_steal_pointer (&fake));
}

/* A cut in the stream: where it happened, then what the reconnect's backlog recovered. */
static void
test_tail_gap_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleFakeServer) fake = rumble_fake_server_new (0, &error);
  g_autoptr(CliRun) run = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) states = NULL;
  const char *args[] = { "--server", NULL, "tail", "--json", "--count", "5",
                         RUMBLE_FAKE_DEFAULT_STREAM, NULL };
  JsonObject *lost = NULL, *back = NULL;
  guint n_messages = 0;

  g_assert_no_error (error);
  args[1] = rumble_fake_server_get_url (fake);
  run = cli_run_start (args);
  /* The fixture chat's backlog carries two messages. */
  wait_for_message_line (run, "\"1402937465012345602\"");
  rumble_fake_server_close_streams (fake, RUMBLE_FAKE_DEFAULT_STREAM);
  g_free (rumble_fake_server_push_message (fake, RUMBLE_FAKE_DEFAULT_STREAM, "MarigoldFinch",
                                           "sent during the gap"));
  g_free (rumble_fake_server_push_message (fake, RUMBLE_FAKE_DEFAULT_STREAM, "MarigoldFinch",
                                           "also during the gap"));
  /* The report follows the messages it recovered. */
  wait_for_message_line (run, "\"reconnected\"");
  g_free (rumble_fake_server_push_message (fake, RUMBLE_FAKE_DEFAULT_STREAM, "MarigoldFinch",
                                           "after the gap"));
  g_assert_cmpint (cli_run_wait (run), ==, 0);

  events = parse_lines (run->lines, &states);
  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *object = g_ptr_array_index (events, i);
      const char *event = member_string (object, "event");

      if (g_str_equal (event, "connection_lost"))
        {
          g_assert_null (lost);
          g_assert_cmpuint (n_messages, ==, 2);
          lost = object;
        }
      else if (g_str_equal (event, "reconnected"))
        {
          g_assert_nonnull (lost);
          g_assert_cmpuint (n_messages, ==, 4);
          back = object;
        }
      else if (g_str_equal (event, "message"))
        n_messages++;
    }
  g_assert_nonnull (lost);
  g_assert_nonnull (back);
  g_assert_cmpstr (member_string (lost, "last_message_id"), ==, "1402937465012345602");
  g_assert_true (g_str_has_suffix (member_string (lost, "time"), "Z"));
  g_assert_cmpstr (member_string (back, "lost_at"), ==, member_string (lost, "time"));
  g_assert_cmpint (json_object_get_int_member (back, "recovered"), ==, 2);
  g_assert_true (json_object_get_boolean_member (back, "complete"));
  g_assert_cmpint (json_object_get_int_member (back, "gap_seconds"), >=, 0);
  g_assert_cmpuint (n_messages, ==, 5);

  g_assert_finalize_object (g_steal_pointer (&fake));
}

static char *
local_clock (gint64 unix_seconds)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_seconds);

  return g_date_time_format (when, "%H:%M:%S");
}

static void
assert_plain_line (CliRun     *run,
                   guint       index,
                   gint64      time,
                   const char *rest)
{
  g_autofree char *clock = local_clock (time);
  g_autofree char *expected = g_strdup_printf ("%s %s", clock, rest);

  g_assert_cmpuint (run->lines->len, >, index);
  g_assert_cmpstr (g_ptr_array_index (run->lines, index), ==, expected);
}

static void
test_tail_plain (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleFakeServer) fake = rumble_fake_server_new (0, &error);
  g_autoptr(CliRun) run = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "--server", NULL, "tail", "--count", "7", RUMBLE_FAKE_DEFAULT_STREAM, NULL };
  guint i = 0;

  g_assert_no_error (error);
  args[1] = rumble_fake_server_get_url (fake);
  run = cli_run_start (args);

  wait_for_message_line (run, "Welcome in");
  push_fixture (fake, "sse_messages_rant.json");
  rumble_fake_server_push_event (fake, RUMBLE_FAKE_DEFAULT_STREAM,
                                 "{\"type\":\"delete_messages\",\"data\":{\"message_ids\":[\"1402937465012345601\"]}}");
  push_fixture (fake, "sse_messages_raid_notice.json");
  push_fixture (fake, "sse_messages_subscription_notice.json");
  push_fixture (fake, "sse_messages_gift_notice.json");
  rumble_fake_server_push_event (fake, RUMBLE_FAKE_DEFAULT_STREAM, hostile_event);

  g_assert_cmpint (cli_run_wait (run), ==, 0);
  err = cli_run_stderr (run);
  g_assert_nonnull (strstr (err, "Connected."));

  assert_plain_line (run, i++, 1776708115, "MarigoldFinch: Evening everyone!");
  assert_plain_line (run, i++, 1776708130, "CedarHollow: Welcome in, we start in a minute.");
  assert_plain_line (run, i++, 1776707880, "[pinned] CedarHollow: Be kind. Rules: rumble.com/c/CedarHollow/about");
  assert_plain_line (run, i++, 1776708240, "[$5.00 RANT] MarigoldFinch: Great stream, keep it up!");
  assert_plain_line (run, i++, 1776708115, "[deleted] MarigoldFinch: Evening everyone!");
  assert_plain_line (run, i++, 1776708360, "[RAID] Northwind: Northwind is raiding with 143 viewers!");
  assert_plain_line (run, i++, 1776708302, "[NOTICE] Quillback_Tom subscribed");
  assert_plain_line (run, i++, 1776708340, "[GIFT] MarigoldFinch gifted 5 subscriptions (rumble)");
  /* Control characters never reach the terminal; line breaks become spaces. */
  assert_plain_line (run, i++, 1776708420, hostile_plain);
  g_assert_cmpuint (run->lines->len, ==, i);

  g_assert_finalize_object (g_steal_pointer (&fake));
}

static void
test_tail_demo (gconstpointer data)
{
  /* Global options work before or after the command: the README and the issue use both. */
  const char *before[] = { "--demo", "tail", "--count", "20", NULL };
  const char *after[] = { "tail", "--demo", "--count", "20", NULL };
  const char **args = GPOINTER_TO_INT (data) ? after : before;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("^[0-2][0-9]:[0-5][0-9]:[0-5][0-9] .+", 0, 0, NULL);

  guint n_messages = 0;

  g_assert_cmpint (cli_run_sync (args, &lines, NULL), ==, 0);
  /* 20 messages, plus a line for each delete, mute and pin the demo chat had meanwhile. */
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      g_assert_true (g_regex_match (regex, line, 0, NULL));
      if (strstr (line, " [deleted] ") == NULL && strstr (line, " [muted] ") == NULL &&
          strstr (line, " [pinned] ") == NULL && strstr (line, " [unpinned] ") == NULL)
        n_messages++;
    }
  g_assert_cmpuint (n_messages, ==, 20);
}

static void
test_tail_demo_json (void)
{
  const char *args[] = { "--demo", "tail", "--json", "--count", "3", NULL };
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) states = NULL;
  guint n_messages = 0;

  g_assert_cmpint (cli_run_sync (args, &lines, NULL), ==, 0);
  events = parse_lines (lines, &states);
  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (member_string (g_ptr_array_index (events, i), "event"), "message"))
      n_messages++;
  g_assert_cmpuint (n_messages, ==, 3);
}

#define FLOOD_LINES 3000

static gboolean
has_last_flood_line (gpointer data)
{
  CliRun *run = data;
  g_autofree char *needle = g_strdup_printf ("\"flood %u\"", FLOOD_LINES - 1);

  return run->lines->len > 0 &&
         strstr (g_ptr_array_index (run->lines, run->lines->len - 1), needle) != NULL;
}

/* stdout is a pipe, so the CLI writes it in blocks; still a reader gets every line as soon
 * as the chat goes quiet, without waiting for a buffer to fill or for the CLI to exit, and
 * nothing is lost when it is stopped. */
static void
test_tail_json_pipe_flush (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleFakeServer) fake = rumble_fake_server_new (0, &error);
  g_autoptr(CliRun) run = NULL;
  g_autoptr(GString) flood = g_string_new (NULL);
  g_autofree char *err = NULL;
  const char *args[] = { "--server", NULL, "tail", "--json", RUMBLE_FAKE_DEFAULT_STREAM, NULL };
  guint n_flood = 0;

  g_assert_no_error (error);
  args[1] = rumble_fake_server_get_url (fake);
  run = cli_run_start (args);
  wait_for_message_line (run, "\"1402937465012345602\"");

  /* One message goes out at once: far less than a buffer. */
  rumble_fake_server_push_event (fake, RUMBLE_FAKE_DEFAULT_STREAM,
                                 "{\"type\":\"messages\",\"data\":{\"messages\":[{\"id\":\"1900\","
                                 "\"time\":\"2026-04-20T18:10:00+00:00\",\"user_id\":\"87654321\","
                                 "\"text\":\"just one\"}],\"users\":[],\"channels\":[[]]}}");
  wait_for_message_line (run, "\"just one\"");
  g_assert_false (run->exited);

  /* A burst of several buffers' worth, then silence: the last line arrives too. */
  for (guint i = 0; i < FLOOD_LINES; i++)
    g_string_append_printf (flood, "data: {\"type\":\"messages\",\"data\":{\"messages\":[{\"id\":"
                            "\"%u\",\"time\":\"2026-04-20T18:10:01+00:00\",\"user_id\":"
                            "\"87654321\",\"text\":\"flood %u\"}],\"users\":[],"
                            "\"channels\":[[]]}}\n\n", 2000 + i, i);
  rumble_fake_server_push_raw (fake, RUMBLE_FAKE_DEFAULT_STREAM, flood->str, (gssize) flood->len);
  test_wait_until (has_last_flood_line, run, TIMEOUT_MS);
  g_assert_false (run->exited);

  g_subprocess_send_signal (run->process, SIGTERM);
  g_assert_cmpint (cli_run_wait (run), ==, 0);
  err = cli_run_stderr (run);
  g_assert_cmpstr (err, ==, "");
  for (guint i = 0; i < run->lines->len; i++)
    if (strstr (g_ptr_array_index (run->lines, i), "\"flood ") != NULL)
      n_flood++;
  g_assert_cmpuint (n_flood, ==, FLOOD_LINES);

  g_assert_finalize_object (g_steal_pointer (&fake));
}

static gboolean
has_state_line (gpointer data)
{
  CliRun *run = data;

  for (guint i = 0; i < run->lines->len; i++)
    if (strstr (g_ptr_array_index (run->lines, i), "\"offline\"") != NULL)
      return TRUE;
  return run->out_done;
}

/* Not live: a state line, then it keeps waiting; SIGINT ends it cleanly. */
static void
test_tail_offline (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleFakeServer) fake = rumble_fake_server_new (0, &error);
  g_autoptr(CliRun) run = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "--server", NULL, "tail", "--json", "123456", NULL };

  g_assert_no_error (error);
  args[1] = rumble_fake_server_get_url (fake);
  rumble_fake_server_add_stream (fake, "123456", FALSE);
  run = cli_run_start (args);

  test_wait_until (has_state_line, run, TIMEOUT_MS);
  test_iterate_for (300);
  g_assert_false (run->exited);

  g_subprocess_send_signal (run->process, SIGINT);
  g_assert_cmpint (cli_run_wait (run), ==, 0);
  err = cli_run_stderr (run);
  g_assert_nonnull (strstr (err, "not live"));
  g_assert_cmpuint (run->lines->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (run->lines, 0), ==, "{\"event\":\"state\",\"state\":\"connecting\"}");
  g_assert_cmpstr (g_ptr_array_index (run->lines, 1), ==, "{\"event\":\"state\",\"state\":\"offline\"}");

  g_assert_finalize_object (g_steal_pointer (&fake));
}

/* `fake-server` as a child; another child tails it through the URL it printed. */
static void
test_fake_server_command (void)
{
  const char *server_args[] = { "fake-server", "--rate", "40", "--stream", "777", NULL };
  g_autoptr(CliRun) server = cli_run_start (server_args);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) states = NULL;
  g_autofree char *url = NULL;
  g_autofree char *text = NULL;
  guint n_messages = 0;

  wait_for_lines (server, 6);
  url = g_strdup (g_ptr_array_index (server->lines, 0));
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  g_ptr_array_add (server->lines, NULL);
  text = g_strjoinv ("\n", (char **) server->lines->pdata);
  g_ptr_array_remove_index (server->lines, server->lines->len - 1);
  g_assert_nonnull (strstr (text, "/chat/api"));
  g_assert_nonnull (strstr (text, "moderato-cli --server http://127.0.0.1:"));
  g_assert_nonnull (strstr (text, " tail 777"));

  {
    const char *tail_args[] = { "--server", url, "tail", "--json", "--count", "10", "777", NULL };

    g_assert_cmpint (cli_run_sync (tail_args, &lines, NULL), ==, 0);
  }
  events = parse_lines (lines, &states);
  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *object = g_ptr_array_index (events, i);

      if (!g_str_equal (member_string (object, "event"), "message"))
        continue;
      n_messages++;
      g_assert_true (g_ascii_isdigit (member_string (object, "id")[0]));
      g_assert_true (g_ascii_isdigit (member_string (object, "user_id")[0]));
    }
  g_assert_cmpuint (n_messages, ==, 10);

  g_subprocess_send_signal (server->process, SIGTERM);
  g_assert_cmpint (cli_run_wait (server), ==, 0);
}

static void
push_hostile_ids (RumbleFakeServer *fake)
{
  /* Only logged ("Skipping a … event without a data object"), its type quoted. */
  rumble_fake_server_push_event (fake, RUMBLE_FAKE_DEFAULT_STREAM,
                                 "{\"type\":\"evil\\u001b[2J\\u009b31m\\u202etype\"}");
  rumble_fake_server_push_event (fake, RUMBLE_FAKE_DEFAULT_STREAM,
                                 "{\"type\":\"delete_messages\",\"data\":{\"message_ids\":"
                                 "[\"" HOSTILE_ID_JSON "\"]}}");
  rumble_fake_server_push_event (fake, RUMBLE_FAKE_DEFAULT_STREAM,
                                 "{\"type\":\"mute_users\",\"data\":{\"user_ids\":"
                                 "[\"" HOSTILE_ID_JSON "\"]}}");
  /* The third message ends the run (--count 3). */
  push_fixture (fake, "sse_messages_plain.json");
}

/* Ids the server made up to drive the terminal: the [deleted] and [muted] lines show them
 * tamed; JSON lines stay valid JSON that carries them exactly, with every control escaped. */
static void
test_tail_hostile_ids (gconstpointer data)
{
  gboolean json = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleFakeServer) fake = rumble_fake_server_new (0, &error);
  g_autoptr(CliRun) run = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "--server", NULL, "tail", "--count", "3", RUMBLE_FAKE_DEFAULT_STREAM,
                         NULL, NULL };

  g_assert_no_error (error);
  args[1] = rumble_fake_server_get_url (fake);
  if (json)
    args[6] = "--json";
  run = cli_run_start (args);
  wait_for_message_line (run, "Welcome in");
  push_hostile_ids (fake);

  g_assert_cmpint (cli_run_wait (run), ==, 0);
  err = cli_run_stderr (run);
  assert_run_terminal_safe (run, err);
  /* GLib's log formatter escapes C0 and C1 itself, but not the bidi controls. */
  g_assert_nonnull (strstr (err, "Skipping a “evil\\u001b[2J\\u009b31m\ufffdtype” event"));

  if (json)
    {
      g_autoptr(GPtrArray) states = NULL;
      g_autoptr(GPtrArray) events = parse_lines (run->lines, &states);

      g_assert_cmpuint (events->len, ==, 6);
      assert_ids_event (g_ptr_array_index (events, 3), "delete", "ids", HOSTILE_ID);
      assert_ids_event (g_ptr_array_index (events, 4), "mute", "user_ids", HOSTILE_ID);
    }
  else
    {
      g_autofree char *text = NULL;

      g_ptr_array_add (run->lines, NULL);
      text = g_strjoinv ("\n", (char **) run->lines->pdata);

      g_assert_nonnull (strstr (text, " [deleted] message 14029\ufffd31m\ufffd\ufffd\ufffdX\n"));
      g_assert_nonnull (strstr (text, " [muted] user 14029\ufffd31m\ufffd\ufffd\ufffdX\n"));
      g_assert_nonnull (strstr (text, "Quillback_Tom: first time here"));
    }

  g_assert_finalize_object (g_steal_pointer (&fake));
}

static gboolean
stderr_has_retry (gpointer data)
{
  CliRun *run = data;
  g_autofree char *err = cli_run_peek_stderr (run);

  return strstr (err, "retrying in") != NULL || run->exited;
}

typedef enum {
  HOSTILE_REASON,
  HOSTILE_CONTENT_TYPE,
  HOSTILE_LOCATION,
} HostileHttp;

/* The chat server answers with a reason phrase, a Content-Type or a Location that tries to
 * drive the terminal: the CLI's state lines, its log and its errors show them tamed. */
static void
test_tail_hostile_http (gconstpointer data)
{
  HostileHttp what = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleFakeServer) fake = rumble_fake_server_new (0, &error);
  g_autoptr(CliRun) run = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "--server", NULL, "tail", RUMBLE_FAKE_DEFAULT_STREAM, NULL };

  g_assert_no_error (error);
  args[1] = rumble_fake_server_get_url (fake);
  switch (what)
    {
    case HOSTILE_REASON:
      rumble_fake_server_add_fault (fake, &(RumbleFakeFault) {
        .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 500,
        .reason = TEST_HOSTILE_TEXT });
      break;
    case HOSTILE_CONTENT_TYPE:
      rumble_fake_server_add_fault (fake, &(RumbleFakeFault) {
        .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_WRONG_TYPE,
        .headers = (const char *[]) { "Content-Type", "text/" TEST_HOSTILE_TEXT, NULL } });
      break;
    case HOSTILE_LOCATION:
      rumble_fake_server_add_fault (fake, &(RumbleFakeFault) {
        .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 302,
        .location = "gopher://127.0.0.1/" TEST_HOSTILE_TEXT });
      break;
    default:
      g_assert_not_reached ();
    }
  run = cli_run_start (args);

  if (what == HOSTILE_LOCATION)
    {
      /* A redirect the URL policy refuses ends the first connect at once. */
      g_assert_cmpint (cli_run_wait (run), ==, 1);
      err = cli_run_stderr (run);
      g_test_message ("stderr: %s", err);
      assert_run_terminal_safe (run, err);
      g_assert_nonnull (strstr (err, "redirect was not followed"));
      g_assert_finalize_object (g_steal_pointer (&fake));
      return;
    }

  /* The first failure: a state line and the library's log line; then stop it. */
  test_wait_until (stderr_has_retry, run, TIMEOUT_MS);
  g_subprocess_send_signal (run->process, SIGINT);
  cli_run_wait (run);
  err = cli_run_stderr (run);
  g_test_message ("stderr: %s", err);
  assert_run_terminal_safe (run, err);

  g_assert_nonnull (strstr (err, "The connection was lost ("));
  g_assert_nonnull (strstr (err, "; reconnecting…"));
  /* The words between the controls are all still there. */
  if (what == HOSTILE_REASON)
    g_assert_nonnull (strstr (err, "(The chat server answered HTTP 500 " TEST_HOSTILE_SHOWN ")"));
  if (what == HOSTILE_CONTENT_TYPE)
    g_assert_nonnull (strstr (err, "(The chat server sent “text/" TEST_HOSTILE_SHOWN "” instead"));

  g_assert_finalize_object (g_steal_pointer (&fake));
}

/* ---- watch ------------------------------------------------------------------------- */

static gboolean
has_listener (gpointer data)
{
  return rumble_fake_server_get_n_listeners (data, RUMBLE_FAKE_DEFAULT_STREAM) > 0;
}

static void
assert_wave_line (JsonObject *object,
                  const char *state,
                  const char *id,
                  gint64      size,
                  const char *message_ids,
                  const char *user_ids)
{
  g_autofree char *got_messages = member_strings (object, "message_ids");
  g_autofree char *got_users = member_strings (object, "user_ids");

  g_assert_cmpstr (member_string (object, "event"), ==, "wave");
  g_assert_cmpstr (member_string (object, "state"), ==, state);
  g_assert_cmpstr (member_string (object, "id"), ==, id);
  g_assert_cmpint (json_object_get_int_member (object, "size"), ==, size);
  g_assert_cmpstr (got_messages, ==, message_ids);
  g_assert_cmpstr (got_users, ==, user_ids);
  g_assert_cmpstr (member_string (object, "sample"), ==, "Free crypto at scam.example");
}

static void
assert_highlight_line (JsonObject *object,
                       const char *kind,
                       const char *rule,
                       const char *id,
                       const char *user,
                       const char *text)
{
  g_assert_cmpstr (member_string (object, "event"), ==, "highlight");
  g_assert_cmpstr (member_string (object, "kind"), ==, kind);
  g_assert_cmpstr (member_string (object, "rule"), ==, rule);
  g_assert_cmpstr (member_string (object, "id"), ==, id);
  g_assert_cmpstr (member_string (object, "user"), ==, user);
  g_assert_cmpstr (member_string (object, "text"), ==, text);
}

/* A wave created, grown and closed, highlights between, then a second wave of the same
 * accounts after the window; every line with the right ids. */
static void
test_watch_json (void)
{
  static const char * const spam[] = {
    "Free crypto at scam.example", "FREE CRYPTO at scam.example!!!",
    "freeee crypto at scam.example :r+fire:", "Free Crypto At Scam.Example?",
    "free crypto at  scam.example",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleFakeServer) fake = rumble_fake_server_new (0, &error);
  g_autoptr(CliRun) run = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) states = NULL;
  g_autoptr(GString) first_ids = g_string_new (NULL);
  g_autoptr(GString) second_ids = g_string_new (NULL);
  g_autofree char *four_ids = NULL;
  g_autofree char *mention = NULL;
  g_autofree char *keyword = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "--server", NULL, "watch", "--json", "--wave-size", "4",
                         "--wave-window", "2", "--keyword", "giveaway", "--me", "ModBot",
                         RUMBLE_FAKE_DEFAULT_STREAM, NULL };

  g_assert_no_error (error);
  args[1] = rumble_fake_server_get_url (fake);
  run = cli_run_start (args);
  test_wait_until (has_listener, fake, TIMEOUT_MS);

  for (guint i = 0; i < G_N_ELEMENTS (spam); i++)
    {
      g_autofree char *user = g_strdup_printf ("Spammer%u", i);
      g_autofree char *id = rumble_fake_server_push_message (fake, RUMBLE_FAKE_DEFAULT_STREAM,
                                                             user, spam[i]);

      g_string_append_printf (first_ids, "%s%s", i > 0 ? "," : "", id);
      if (i == 3)
        four_ids = g_strdup (first_ids->str);
    }
  mention = rumble_fake_server_push_message (fake, RUMBLE_FAKE_DEFAULT_STREAM, "Alice",
                                             "hey @modbot, a question");
  keyword = rumble_fake_server_push_message (fake, RUMBLE_FAKE_DEFAULT_STREAM, "Alice",
                                             "is the Giveaway still on?");
  wait_for_lines (run, 4);
  /* Closed once no member came for the window; then the same text starts a new wave. */
  wait_for_lines (run, 5);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *user = g_strdup_printf ("Spammer%u", i);
      g_autofree char *id = rumble_fake_server_push_message (fake, RUMBLE_FAKE_DEFAULT_STREAM,
                                                             user, spam[0]);

      g_string_append_printf (second_ids, "%s%s", i > 0 ? "," : "", id);
    }
  wait_for_lines (run, 6);
  g_subprocess_send_signal (run->process, SIGTERM);
  g_assert_cmpint (cli_run_wait (run), ==, 0);
  err = cli_run_stderr (run);
  g_assert_cmpstr (err, ==, "");

  events = parse_lines (run->lines, &states);
  g_assert_cmpuint (events->len, ==, 6);
  {
    g_autofree char *users = member_strings (g_ptr_array_index (events, 0), "user_ids");
    g_autofree char *grown_users = member_strings (g_ptr_array_index (events, 1), "user_ids");
    g_auto(GStrv) split = g_strsplit (users, ",", -1);
    g_auto(GStrv) grown_split = g_strsplit (grown_users, ",", -1);

    /* The fake invents a user id per name: four accounts, then a fifth. */
    g_assert_cmpuint (g_strv_length (split), ==, 4);
    g_assert_cmpuint (g_strv_length (grown_split), ==, 5);
    g_assert_true (g_str_has_prefix (grown_users, users));
    assert_wave_line (g_ptr_array_index (events, 0), "created", "w1", 4, four_ids, users);
    g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (events, 0), "messages"), ==, 4);
    assert_wave_line (g_ptr_array_index (events, 1), "grown", "w1", 5, first_ids->str, grown_users);
    assert_highlight_line (g_ptr_array_index (events, 2), "mention", "mention", mention,
                           "Alice", "hey @modbot, a question");
    assert_highlight_line (g_ptr_array_index (events, 3), "keyword", "giveaway", keyword,
                           "Alice", "is the Giveaway still on?");
    assert_wave_line (g_ptr_array_index (events, 4), "closed", "w1", 5, first_ids->str,
                      grown_users);
    assert_wave_line (g_ptr_array_index (events, 5), "created", "w2", 4, second_ids->str, users);
  }
}

/* A mention of a channel given with --mention, and a user watched in the ledger (written
 * by `note --watch`), each one highlight line. */
static void
test_watch_mention_and_watched (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleFakeServer) fake = rumble_fake_server_new (0, &error);
  g_autoptr(CliRun) run = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) states = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-cli-watch-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ledger.sqlite3", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *mention = NULL;
  g_autofree char *watched = NULL;
  g_autofree char *other = NULL;
  g_autofree char *err = NULL;
  const char *note_args[] = { "note", "--ledger", path, "--watch", "TrollKing", NULL };
  const char *args[] = { "--server", NULL, "watch", "--json", "--ledger", path,
                         "--mention", "ModChan", RUMBLE_FAKE_DEFAULT_STREAM, NULL };

  g_assert_no_error (error);
  g_assert_nonnull (dir);
  g_assert_cmpint (cli_run_sync (note_args, NULL, NULL), ==, 0);

  args[1] = rumble_fake_server_get_url (fake);
  run = cli_run_start (args);
  test_wait_until (has_listener, fake, TIMEOUT_MS);
  other = rumble_fake_server_push_message (fake, RUMBLE_FAKE_DEFAULT_STREAM, "Alice",
                                           "modchannel is not ModChan's name");
  mention = rumble_fake_server_push_message (fake, RUMBLE_FAKE_DEFAULT_STREAM, "Alice",
                                             "is @modchan live tonight?");
  watched = rumble_fake_server_push_message (fake, RUMBLE_FAKE_DEFAULT_STREAM, "trollking",
                                             "hello again");
  wait_for_lines (run, 3);
  g_subprocess_send_signal (run->process, SIGTERM);
  g_assert_cmpint (cli_run_wait (run), ==, 0);
  err = cli_run_stderr (run);
  g_assert_cmpstr (err, ==, "");

  events = parse_lines (run->lines, &states);
  g_assert_cmpuint (events->len, ==, 3);
  assert_highlight_line (g_ptr_array_index (events, 0), "mention", "mention", other, "Alice",
                         "modchannel is not ModChan's name");
  assert_highlight_line (g_ptr_array_index (events, 1), "mention", "mention", mention, "Alice",
                         "is @modchan live tonight?");
  assert_highlight_line (g_ptr_array_index (events, 2), "watched", "watched", watched,
                         "trollking", "hello again");

  g_unlink (wal);
  g_unlink (shm);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/usage", test_usage);
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/tail/unresolvable", test_tail_unresolvable);
  g_test_add_func ("/cli/tail/unreachable", test_tail_unreachable);
  g_test_add_func ("/cli/tail/json", test_tail_json);
  g_test_add_func ("/cli/tail/json-pipe-flush", test_tail_json_pipe_flush);
  g_test_add_func ("/cli/tail/plain", test_tail_plain);
  g_test_add_func ("/cli/tail/gap-json", test_tail_gap_json);
  g_test_add_func ("/cli/tail/offline", test_tail_offline);
  g_test_add_data_func ("/cli/tail/demo", GINT_TO_POINTER (0), test_tail_demo);
  g_test_add_data_func ("/cli/tail/demo-option-after", GINT_TO_POINTER (1), test_tail_demo);
  g_test_add_func ("/cli/tail/demo-json", test_tail_demo_json);
  g_test_add_func ("/cli/fake-server", test_fake_server_command);
  g_test_add_func ("/cli/watch/json", test_watch_json);
  g_test_add_func ("/cli/watch/mention-channel-watched", test_watch_mention_and_watched);
  g_test_add_data_func ("/cli/tail/hostile-ids", GINT_TO_POINTER (FALSE),
                        test_tail_hostile_ids);
  g_test_add_data_func ("/cli/tail/hostile-ids-json", GINT_TO_POINTER (TRUE),
                        test_tail_hostile_ids);
  g_test_add_data_func ("/cli/tail/hostile-reason", GINT_TO_POINTER (HOSTILE_REASON),
                        test_tail_hostile_http);
  g_test_add_data_func ("/cli/tail/hostile-content-type", GINT_TO_POINTER (HOSTILE_CONTENT_TYPE),
                        test_tail_hostile_http);
  g_test_add_data_func ("/cli/tail/hostile-location", GINT_TO_POINTER (HOSTILE_LOCATION),
                        test_tail_hostile_http);

  return g_test_run ();
}
