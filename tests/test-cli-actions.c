/* test-cli-actions.c — moderato-cli's login and moderation commands against the fake server
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake server runs in this process (its main context is iterated while the CLI runs);
 * the CLI keeps its session in the keyring of the suite's private D-Bus session, which this
 * process reads back with RumbleSessionStore. Each command must exit with the right status
 * and send exactly the requests of PROTOCOL.md §2–§4. Every run is checked for secrets: no
 * password in the arguments (it comes on stdin), and neither a password nor a token on
 * stdout or stderr. Without a reachable Secret Service the keyring tests skip.
 */
#define G_LOG_DOMAIN "test-cli-actions"

#include "config.h"

#include <signal.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "rumble-fake-private.h"
#include "rumble-session-store.h"
#include "test-util.h"

#define STREAM      RUMBLE_FAKE_DEFAULT_STREAM
#define TIMEOUT_MS  30000

/* hunter2 with MarigoldFinch's salts: the test vector of PROTOCOL.md §2.3. */
/* …as a urlencoded form value (the commas escaped). */
#define HUNTER2_HASHES "69e43d6252a5ac8b87fb6c0c9fee862d%2C02fe747aa22aaf14fcfe35f1cfb5d0fa%2Ce5f6g7h8"
#define HUNTER2_H1     "69e43d6252a5ac8b87fb6c0c9fee862d"
#define HUNTER2_H2     "02fe747aa22aaf14fcfe35f1cfb5d0fa"

#define NOT_MODERATOR  "moderato-cli: This account may not moderate this chat.\n"

static const char *
cli_path (void)
{
  const char *path = g_getenv ("MODERATO_CLI");

  return path && *path ? path : MODERATO_CLI_PATH;
}

/* ---- Fixture ------------------------------------------------------------------------ */

typedef struct {
  RumbleFakeServer   *fake;
  RumbleSessionStore *store;
  gboolean            have_keyring;
  GPtrArray          *secrets;    /* passwords, their hashes, every token seen */
  GAsyncResult       *result;
} Fixture;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *fixture = user_data;

  g_assert_null (fixture->result);
  fixture->result = g_object_ref (result);
}

static gboolean
have_result (gpointer data)
{
  return ((Fixture *) data)->result != NULL;
}

static GAsyncResult *
wait_result (Fixture *fixture)
{
  GAsyncResult *result;

  test_wait_until (have_result, fixture, TIMEOUT_MS);
  result = fixture->result;
  fixture->result = NULL;
  return result;
}

static void
add_secret (Fixture    *fixture,
            const char *secret)
{
  if (secret == NULL || secret[0] == '\0')
    return;
  for (guint i = 0; i < fixture->secrets->len; i++)
    if (g_str_equal (g_ptr_array_index (fixture->secrets, i), secret))
      return;
  g_ptr_array_add (fixture->secrets, g_strdup (secret));
}

static void
add_latest_token (Fixture *fixture)
{
  g_autofree char *token = rumble_fake_service_dup_latest_token (fixture->fake);

  add_secret (fixture, token);
}

/* The token the keyring holds for the fake's site (and its account name), or NULL. */
static char *
keyring_lookup (Fixture  *fixture,
                char    **out_username)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  rumble_session_store_lookup_async (fixture->store, rumble_fake_server_get_url (fixture->fake),
                                     NULL, NULL, on_done, fixture);
  result = wait_result (fixture);
  token = rumble_session_store_lookup_finish (fixture->store, result, out_username, &error);
  g_assert_no_error (error);
  add_secret (fixture, token);
  return token;
}

static void
keyring_clear (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rumble_session_store_clear_async (fixture->store, rumble_fake_server_get_url (fixture->fake),
                                    NULL, NULL, on_done, fixture);
  result = wait_result (fixture);
  g_assert_true (rumble_session_store_clear_finish (fixture->store, result, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->fake = rumble_fake_server_new (0, &error);
  g_assert_no_error (error);
  fixture->store = rumble_session_store_new ();
  fixture->secrets = g_ptr_array_new_with_free_func (g_free);
  add_secret (fixture, "hunter2");
  add_secret (fixture, HUNTER2_H1);
  add_secret (fixture, HUNTER2_H2);
  add_secret (fixture, "tomtom");
  add_secret (fixture, "correct horse");
  add_secret (fixture, "correct+horse");

  /* The fake's port is new, so its site has nothing in the keyring yet. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autofree char *token = NULL;

      rumble_session_store_lookup_async (fixture->store, rumble_fake_server_get_url (fixture->fake),
                                         NULL, NULL, on_done, fixture);
      result = wait_result (fixture);
      token = rumble_session_store_lookup_finish (fixture->store, result, NULL, &error);
      if (error == NULL)
        {
          g_assert_null (token);
          fixture->have_keyring = TRUE;
        }
      else
        {
          g_assert_true (rumble_session_store_error_is_unavailable (error));
          g_test_message ("No Secret Service: %s", error->message);
        }
    }
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->have_keyring)
    keyring_clear (fixture);
  g_clear_object (&fixture->result);
  g_assert_finalize_object (fixture->store);
  g_assert_finalize_object (fixture->fake);
  g_ptr_array_unref (fixture->secrets);
}

static gboolean
skip_without_keyring (Fixture *fixture)
{
  if (fixture->have_keyring)
    return FALSE;
  g_test_skip ("No Secret Service (run the suite under dbus-run-session with gnome-keyring)");
  return TRUE;
}

/* ---- Running the CLI ---------------------------------------------------------------- */

static void
assert_no_secret_in (Fixture    *fixture,
                     const char *what,
                     const char *text,
                     gsize       len)
{
  for (guint i = 0; i < fixture->secrets->len; i++)
    {
      const char *secret = g_ptr_array_index (fixture->secrets, i);

      if (g_strstr_len (text, len, secret) != NULL)
        g_error ("Secret #%u appeared in %s", i, what);
    }
}

typedef struct {
  guint pending;     /* stdout, stderr and the exit */
} RunWait;

static void
on_spliced (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_splice_finish (G_OUTPUT_STREAM (source), result, &error);
  g_assert_no_error (error);
  ((RunWait *) user_data)->pending--;
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error);
  g_assert_no_error (error);
  ((RunWait *) user_data)->pending--;
}

static gboolean
run_finished (gpointer data)
{
  return ((RunWait *) data)->pending == 0;
}

static char *
take_output (GOutputStream *stream)
{
  GMemoryOutputStream *mem = G_MEMORY_OUTPUT_STREAM (stream);
  gsize len = g_memory_output_stream_get_data_size (mem);
  const char *data = g_memory_output_stream_get_data (mem);

  /* Text only. */
  g_assert_null (len > 0 ? memchr (data, '\0', len) : NULL);
  return g_strndup (len > 0 ? data : "", len);
}

/* Runs `moderato-cli --server FAKE @args…` with @input on stdin and the extra environment
 * @env (NAME, VALUE pairs, NULL-terminated; may be NULL). Returns the exit status. */
static int
run_cliv (Fixture            *fixture,
          const char * const *env,
          const char         *input,
          char              **out_stdout,
          char              **out_stderr,
          const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GOutputStream) stdout_mem = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) stderr_mem = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  GOutputStream *stdin_pipe;
  RunWait wait = { 3 };
  int status;

  /* (Catches a leak in the caller.) */
  g_assert_true (out_stdout == NULL || *out_stdout == NULL);
  g_assert_true (out_stderr == NULL || *out_stderr == NULL);

  g_ptr_array_add (argv, (gpointer) cli_path ());
  g_ptr_array_add (argv, (gpointer) "--server");
  g_ptr_array_add (argv, (gpointer) rumble_fake_server_get_url (fixture->fake));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  /* The password is read from stdin, never passed as an argument. */
  joined = g_strjoinv (" ", (char **) argv->pdata);
  assert_no_secret_in (fixture, "the command line", joined, strlen (joined));
  g_test_message ("running %s", joined);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_output_stream_splice_async (stdout_mem, g_subprocess_get_stdout_pipe (process),
                                G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, G_PRIORITY_DEFAULT, NULL,
                                on_spliced, &wait);
  g_output_stream_splice_async (stderr_mem, g_subprocess_get_stderr_pipe (process),
                                G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, G_PRIORITY_DEFAULT, NULL,
                                on_spliced, &wait);
  g_subprocess_wait_async (process, NULL, on_exited, &wait);

  /* A few bytes fit in the pipe at once. A command that exits without reading them (a usage
   * error) breaks the pipe: that is not the test's concern. */
  stdin_pipe = g_subprocess_get_stdin_pipe (process);
  if (input != NULL && input[0] != '\0')
    g_output_stream_write_all (stdin_pipe, input, strlen (input), NULL, NULL, NULL);
  g_output_stream_close (stdin_pipe, NULL, NULL);

  test_wait_until (run_finished, &wait, TIMEOUT_MS);
  g_assert_true (g_subprocess_get_if_exited (process));
  status = g_subprocess_get_exit_status (process);

  out = take_output (stdout_mem);
  err = take_output (stderr_mem);
  g_test_message ("exit %d\nstdout: %s\nstderr: %s", status, out, err);

  /* Whatever the run did, no secret reached its output. */
  add_latest_token (fixture);
  assert_no_secret_in (fixture, "stdout", out, strlen (out));
  assert_no_secret_in (fixture, "stderr", err, strlen (err));

  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&out);
  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&err);
  return status;
}

static int run_cli (Fixture     *fixture,
                    const char  *input,
                    char       **out_stdout,
                    char       **out_stderr,
                    ...) G_GNUC_NULL_TERMINATED;

static int
run_cli (Fixture     *fixture,
         const char  *input,
         char       **out_stdout,
         char       **out_stderr,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, out_stderr);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return run_cliv (fixture, NULL, input, out_stdout, out_stderr, (const char * const *) args->pdata);
}

/* An error is one sentence on one line, prefixed with the program name. (The server's own
 * message is passed on as it is, so it may lack a final full stop.) */
static void
assert_one_sentence (const char *err)
{
  g_assert_true (g_str_has_prefix (err, "moderato-cli: "));
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_cmpuint (strlen (err), >, strlen ("moderato-cli: X\n"));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
}

/* ---- The request log ------------------------------------------------------------------ */

static gboolean
is_stream_request (const RumbleFakeRequest *request)
{
  return g_str_equal (request->method, "GET") && g_str_has_prefix (request->path, "/chat/api/chat/") &&
         g_str_has_suffix (request->path, "/stream");
}

static gboolean
is_json (const RumbleFakeRequest *request)
{
  return g_strcmp0 (soup_message_headers_get_content_type (request->headers, NULL), "application/json") == 0;
}

/* One line per request but the chat stream: "METHOD PATH[?QUERY][ BODY]"; a JSON body
 * shows as "(json)" (it holds a random request id; see assert_send_body). Every one of
 * them must carry exactly the cookie @token (NULL: no cookie at all), and the stream must
 * have been opened @n_streams times. The log is cleared afterwards. */
static void
assert_requests (Fixture    *fixture,
                 const char *token,
                 guint       n_streams,
                 const char *expected)
{
  GPtrArray *requests = rumble_fake_server_get_requests (fixture->fake);
  g_autoptr(GString) got = g_string_new (NULL);
  guint streams = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      const RumbleFakeRequest *request = g_ptr_array_index (requests, i);
      g_autofree char *cookie = NULL;
      gsize len = 0;
      const char *body = request->body != NULL ? g_bytes_get_data (request->body, &len) : NULL;

      if (is_stream_request (request))
        {
          streams++;
          continue;
        }

      cookie = rumble_fake_request_get_cookie (request, "u_s");
      g_assert_cmpstr (cookie, ==, token);
      if (token == NULL)
        g_assert_null (soup_message_headers_get_one (request->headers, "Cookie"));

      if (got->len > 0)
        g_string_append_c (got, '\n');
      g_string_append_printf (got, "%s %s", request->method, request->path);
      if (request->query != NULL)
        g_string_append_printf (got, "?%s", request->query);
      if (len > 0 && is_json (request))
        g_string_append (got, " (json)");
      else if (len > 0)
        {
          g_assert_cmpstr (soup_message_headers_get_content_type (request->headers, NULL), ==,
                           "application/x-www-form-urlencoded");
          g_string_append_c (got, ' ');
          g_string_append_len (got, body, len);
        }
    }

  g_assert_cmpstr (got->str, ==, expected);
  g_assert_cmpuint (streams, ==, n_streams);
  rumble_fake_server_clear_requests (fixture->fake);
}

/* The send request's JSON body has exactly the shape of PROTOCOL.md §3.2. */
static void
assert_send_body (Fixture    *fixture,
                  const char *text,
                  gint64      channel_id)
{
  g_autofree char *path = g_strdup_printf ("/chat/api/chat/%s/message", STREAM);
  const RumbleFakeRequest *request = rumble_fake_server_find_request (fixture->fake, "POST", path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *body;
  JsonObject *data;
  JsonNode *channel;
  const char *request_id;

  g_assert_nonnull (request);
  g_assert_cmpstr (request->path, ==, path);
  g_assert_true (is_json (request));
  json_parser_load_from_data (parser, g_bytes_get_data (request->body, NULL),
                              g_bytes_get_size (request->body), &error);
  g_assert_no_error (error);
  body = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (body), ==, 1);
  data = json_object_get_object_member (body, "data");
  g_assert_nonnull (data);
  g_assert_cmpuint (json_object_get_size (data), ==, 4);

  request_id = json_object_get_string_member (data, "request_id");
  g_assert_cmpuint (strlen (request_id), ==, 43);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (data, "message")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (data, "message"), "text"),
                   ==, text);
  g_assert_true (json_object_get_null_member (data, "rant"));

  channel = json_object_get_member (data, "channel_id");
  if (channel_id == 0)
    g_assert_true (JSON_NODE_HOLDS_NULL (channel));
  else
    {
      /* An integer, not a string. */
      g_assert_cmpint (json_node_get_value_type (channel), ==, G_TYPE_INT64);
      g_assert_cmpint (json_node_get_int (channel), ==, channel_id);
    }
}

/* ---- Logging in ------------------------------------------------------------------------ */

/* `login USERNAME --password-stdin` with @input; returns the token the keyring then holds. */
static char *
login (Fixture    *fixture,
       const char *username,
       const char *input)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = g_strdup_printf ("Logged in as %s.\n", username);
  g_autofree char *stored_username = NULL;
  g_autofree char *latest = NULL;
  char *token;

  g_assert_cmpint (run_cli (fixture, input, &out, &err, "login", username, "--password-stdin", NULL), ==, 0);
  g_assert_cmpstr (out, ==, expected);

  /* The keyring holds the session the server handed out, under the account's name. */
  token = keyring_lookup (fixture, &stored_username);
  latest = rumble_fake_service_dup_latest_token (fixture->fake);
  g_assert_nonnull (token);
  g_assert_cmpstr (token, ==, latest);
  g_assert_cmpstr (stored_username, ==, username);
  g_assert_true (rumble_fake_service_token_is_valid (fixture->fake, token));

  rumble_fake_server_clear_requests (fixture->fake);
  return token;
}

/* ---- Tests: usage ---------------------------------------------------------------------- */

typedef struct {
  const char *args[8];
  const char *in_stderr;
} UsageCase;

static const UsageCase usage_cases[] = {
  { { "mute", STREAM, "Quillback_Tom", "--duration", "-5", NULL }, "--duration" },
  { { "mute", STREAM, "Quillback_Tom", "--duration", "-1", "--forever", NULL }, "--duration" },
  { { "login", "MarigoldFinch", "--password-stdin", "--method", "pigeon", NULL }, "--method" },
  { { "login", NULL }, "username" },
  { { "login", "MarigoldFinch", "extra", "--password-stdin", NULL }, "username" },
  /* No terminal and no --password-stdin: nothing to read the password from. */
  { { "login", "MarigoldFinch", NULL }, "--password-stdin" },
  { { "login", "--frobnicate", "MarigoldFinch", NULL }, "--frobnicate" },
  { { "logout", "MarigoldFinch", NULL }, "logout" },
  { { "whoami", "extra", NULL }, "whoami" },
  { { "send", STREAM, NULL }, "text" },
  { { "send", STREAM, "one", "two", NULL }, "text" },
  { { "send", "--as-channel", NULL }, "as-channel" },
  { { "delete", STREAM, NULL }, "delete" },
  { { "pin", STREAM, NULL }, "pin" },
  { { "pin", STREAM, "1", "2", NULL }, "pin" },
  { { "unpin", NULL }, "unpin" },
  { { "unpin", STREAM, "1", "2", NULL }, "unpin" },
  { { "mute", STREAM, NULL }, "mute" },
  { { "mute", STREAM, "Quillback_Tom", "--stream", "--forever", NULL }, "--forever" },
  { { "mute", STREAM, "Quillback_Tom", "--duration", "300", "--stream", NULL }, "--duration" },
  { { "mute", STREAM, "Quillback_Tom", "--duration", "0", NULL }, "--duration" },
  { { "mute", STREAM, "Quillback_Tom", "--duration", "soon", NULL }, "--duration" },
  { { "mute", STREAM, "Quillback_Tom", "--duration", "99999999999", NULL }, "--duration" },
  { { "unmute", STREAM, NULL }, "unmute" },
  { { "command", STREAM, NULL }, "command" },
  { { "command", STREAM, "raid now", NULL }, "/" },
  { { "raid-confirm", NULL }, "raid" },
  { { "raid-confirm", STREAM, "extra", NULL }, "raid" },
};

/* Usage errors: exit 2, a sentence and a hint on stderr, nothing on stdout, no request. */
static void
test_usage (Fixture       *fixture,
            gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (usage_cases); i++)
    {
      const UsageCase *c = &usage_cases[i];
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *lower = NULL;
      g_autofree char *want = g_ascii_strdown (c->in_stderr, -1);

      g_assert_cmpint (run_cliv (fixture, NULL, "hunter2\n", &out, &err, c->args), ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, "moderato-cli: "));
      g_assert_nonnull (strstr (err, "--help"));
      lower = g_ascii_strdown (err, -1);
      if (strstr (lower, want) == NULL)
        g_error ("case %u: “%s” not in “%s”", i, c->in_stderr, err);
      g_assert_cmpuint (rumble_fake_server_get_requests (fixture->fake)->len, ==, 0);
    }
}

/* ---- Tests: no session ----------------------------------------------------------------- */

static void
test_no_session (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *commands[][5] = {
    { "whoami", NULL },
    { "send", STREAM, "hello", NULL },
    { "delete", STREAM, "1402937465012345601", NULL },
    { "pin", STREAM, "1402937465012345601", NULL },
    { "unpin", STREAM, NULL },
    { "mute", STREAM, "Quillback_Tom", NULL },
    { "unmute", STREAM, "Quillback_Tom", NULL },
    { "command", STREAM, "/raid https://rumble.com/v4abcde-x.html", NULL },
    { "raid-confirm", STREAM, NULL },
  };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;

  if (skip_without_keyring (fixture))
    return;

  expected = g_strdup_printf ("moderato-cli: Not logged in to %s: run “moderato-cli login USERNAME” first.\n",
                              rumble_fake_server_get_url (fixture->fake));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (run_cliv (fixture, NULL, NULL, &out, &err, commands[i]), ==, 1);
      g_assert_cmpstr (out, ==, "");
      g_assert_cmpstr (err, ==, expected);
      /* Nothing was asked of the server, not even the stream. */
      g_assert_cmpuint (rumble_fake_server_get_requests (fixture->fake)->len, ==, 0);
    }

  /* Logging out without a session is not an error. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (fixture, NULL, &out, NULL, "logout", NULL), ==, 0);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("Not logged in to %s.\n", rumble_fake_server_get_url (fixture->fake));
  g_assert_cmpstr (out, ==, expected);
  g_assert_cmpuint (rumble_fake_server_get_requests (fixture->fake)->len, ==, 0);
}

/* ---- Tests: login, whoami, logout ------------------------------------------------------ */

static void
test_login (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *again = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;

  if (skip_without_keyring (fixture))
    return;

  /* The password is read without its line break (CRLF too). */
  g_assert_cmpint (run_cli (fixture, "hunter2\r\n", &out, &err, "login", "MarigoldFinch",
                            "--password-stdin", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Logged in as MarigoldFinch.\n");
  g_assert_cmpstr (err, ==, "");
  /* §2.1: salts, the 2FA probe, the plain login; no cookie, the password only hashed. */
  assert_requests (fixture, NULL, 0,
                   "POST /service.php?name=user.get_salts&response_type=session username=MarigoldFinch\n"
                   "POST /service.php?name=user.2fa.first_step legacy_password=1&login=MarigoldFinch"
                   "&password=" HUNTER2_HASHES "&redirect_url=https%3A%2F%2Frumble.com\n"
                   "POST /service.php?name=user.login username=MarigoldFinch&password_hashes=" HUNTER2_HASHES);
  token = keyring_lookup (fixture, NULL);
  {
    g_autofree char *latest = rumble_fake_service_dup_latest_token (fixture->fake);

    g_assert_cmpstr (token, ==, latest);
  }

  /* whoami asks Rumble with the stored cookie (§2.8). */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "whoami", NULL), ==, 0);
  expected = g_strdup_printf ("MarigoldFinch (user id 87654321) on %s\n",
                              rumble_fake_server_get_url (fixture->fake));
  g_assert_cmpstr (out, ==, expected);
  g_assert_cmpstr (err, ==, "");
  assert_requests (fixture, token, 0, "GET /service.php?name=user.has_unread_notifications");

  /* A wrong password: one sentence, and the stored session is untouched. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  add_secret (fixture, "hunter3");
  g_assert_cmpint (run_cli (fixture, "hunter3\n", &out, &err, "login", "MarigoldFinch",
                            "--password-stdin", NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  assert_one_sentence (err);
  again = keyring_lookup (fixture, NULL);
  g_assert_cmpstr (again, ==, token);
  g_clear_pointer (&again, g_free);

  /* No password at all. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  rumble_fake_server_clear_requests (fixture->fake);
  g_assert_cmpint (run_cli (fixture, "", &out, &err, "login", "MarigoldFinch", "--password-stdin", NULL), ==, 1);
  g_assert_cmpstr (err, ==, "moderato-cli: No password was given.\n");
  g_assert_cmpuint (rumble_fake_server_get_requests (fixture->fake)->len, ==, 0);

  /* Another account replaces the first one for this site. */
  again = login (fixture, "Quillback_Tom", "tomtom\n");
  g_assert_cmpstr (again, !=, token);
}

static void
test_logout (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;

  if (skip_without_keyring (fixture))
    return;

  token = login (fixture, "MarigoldFinch", "hunter2\n");
  g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "logout", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Logged out MarigoldFinch.\n");
  g_assert_cmpstr (err, ==, "");
  assert_requests (fixture, token, 0, "GET /service.php?name=user.logout");

  /* Gone from the keyring and from the server. */
  stored = keyring_lookup (fixture, NULL);
  g_assert_null (stored);
  g_assert_false (rumble_fake_service_token_is_valid (fixture->fake, token));

  /* Further actions say how to log in. */
  expected = g_strdup_printf ("moderato-cli: Not logged in to %s: run “moderato-cli login USERNAME” first.\n",
                              rumble_fake_server_get_url (fixture->fake));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "pin", STREAM, "1402937465012345601", NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, expected);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (fixture, NULL, NULL, &err, "whoami", NULL), ==, 1);
  g_assert_cmpstr (err, ==, expected);
  g_assert_cmpuint (rumble_fake_server_get_requests (fixture->fake)->len, ==, 0);
}

/* The second factor: the code on the line after the password. */
static void
test_two_factor (Fixture       *fixture,
                 gconstpointer  data)
{
  const RumbleFakeRequest *request;
  g_autofree char *totp_id = NULL;
  g_autofree char *user_key = NULL;
  g_autofree char *token = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *hashes = NULL;
  g_autofree char *hashes_form = NULL;
  g_auto(GStrv) parts = NULL;
  GPtrArray *requests;

  if (skip_without_keyring (fixture))
    return;

  /* Authenticator and e-mail are offered; without --method the authenticator needs no request. */
  g_assert_cmpint (run_cli (fixture, "correct horse\n123456\n", &out, &err, "login", "OakModerator",
                            "--password-stdin", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Logged in as OakModerator.\n");
  g_assert_cmpstr (err, ==, "");

  requests = rumble_fake_server_get_requests (fixture->fake);
  g_assert_cmpuint (requests->len, ==, 3);
  request = g_ptr_array_index (requests, 1);
  hashes = rumble_fake_request_get_form_field (request, "password");
  /* The hash string is the §2.3 shape ("H1,H2,S1"); its value is the fake's to check. */
  parts = g_strsplit (hashes, ",", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  g_assert_cmpuint (strlen (parts[0]), ==, 32);
  g_assert_cmpuint (strlen (parts[1]), ==, 32);
  add_secret (fixture, parts[0]);
  add_secret (fixture, parts[1]);
  request = g_ptr_array_index (requests, 2);
  totp_id = rumble_fake_request_get_form_field (request, "totp_id");
  user_key = rumble_fake_request_get_form_field (request, "user_key");
  g_assert_nonnull (totp_id);
  g_assert_nonnull (user_key);
  add_secret (fixture, user_key);
  hashes_form = g_strjoinv ("%2C", parts);
  expected = g_strdup_printf ("POST /service.php?name=user.get_salts&response_type=session username=OakModerator\n"
                              "POST /service.php?name=user.2fa.first_step legacy_password=1&login=OakModerator"
                              "&password=%s&redirect_url=https%%3A%%2F%%2Frumble.com\n"
                              "POST /service.php?name=user.2fa.verify_totp code=123456"
                              "&redirect_url=https%%3A%%2F%%2Frumble.com&totp_id=%s&user_key=%s",
                              hashes_form, totp_id, user_key);
  assert_requests (fixture, NULL, 0, expected);

  token = keyring_lookup (fixture, NULL);
  g_assert_true (rumble_fake_service_token_is_valid (fixture->fake, token));

  /* --method email: the code is requested first, with the same totp_id and user_key. */
  keyring_clear (fixture);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (fixture, "correct horse\n123456\n", &out, &err, "login", "OakModerator",
                            "--password-stdin", "--method", "email", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Logged in as OakModerator.\n");
  g_assert_true (g_str_has_prefix (err, "Rumble sent a code to "));
  requests = rumble_fake_server_get_requests (fixture->fake);
  g_assert_cmpuint (requests->len, ==, 4);
  request = g_ptr_array_index (requests, 2);
  g_assert_cmpstr (request->query, ==, "name=user.2fa.request_email_code");
  {
    g_autofree char *sent_totp = rumble_fake_request_get_form_field (request, "totp_id");
    g_autofree char *sent_key = rumble_fake_request_get_form_field (request, "user_key");
    g_autofree char *verify_key = rumble_fake_request_get_form_field (g_ptr_array_index (requests, 3), "user_key");
    g_autofree char *code = rumble_fake_request_get_form_field (g_ptr_array_index (requests, 3), "code");
    gsize len = 0;
    const char *body = g_bytes_get_data (request->body, &len);
    g_autofree char *form = g_strndup (body, len);
    g_autofree char *want = g_strdup_printf ("totp_id=%s&user_key=%s", sent_totp, sent_key);

    add_secret (fixture, sent_key);
    g_assert_cmpstr (form, ==, want);
    g_assert_cmpstr (verify_key, ==, sent_key);
    g_assert_cmpstr (code, ==, "123456");
    g_assert_null (rumble_fake_request_get_cookie (request, "u_s"));
  }
  g_clear_pointer (&token, g_free);
  token = keyring_lookup (fixture, NULL);
  g_assert_nonnull (token);
  rumble_fake_server_clear_requests (fixture->fake);

  /* A wrong code: nothing stored, one sentence saying to start again. */
  keyring_clear (fixture);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (fixture, "correct horse\n654321\n", &out, &err, "login", "OakModerator",
                            "--password-stdin", NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  assert_one_sentence (err);
  g_assert_nonnull (strstr (err, "moderato-cli login"));
  g_clear_pointer (&token, g_free);
  token = keyring_lookup (fixture, NULL);
  g_assert_null (token);

  /* No code line at all. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (fixture, "correct horse\n", &out, &err, "login", "OakModerator",
                            "--password-stdin", NULL), ==, 1);
  g_assert_cmpstr (err, ==, "moderato-cli: No code was given.\n");
  token = keyring_lookup (fixture, NULL);
  g_assert_null (token);

  /* A method the account does not offer, and one that does not exist. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (fixture, "correct horse\n123456\n", NULL, &err, "login", "OakModerator",
                            "--password-stdin", "--method", "sms", NULL), ==, 1);
  assert_one_sentence (err);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (fixture, "correct horse\n123456\n", NULL, &err, "login", "OakModerator",
                            "--password-stdin", "--method", "pigeon", NULL), ==, 2);
  g_assert_true (g_str_has_prefix (err, "moderato-cli: "));
  g_assert_nonnull (strstr (err, "--method"));
}

/* ---- Tests: the actions ---------------------------------------------------------------- */

static void
test_send (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GString) long_text = g_string_new (NULL);
  GPtrArray *messages;
  RumbleFakeMessage *last;

  if (skip_without_keyring (fixture))
    return;
  token = login (fixture, "MarigoldFinch", "hunter2\n");

  g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "send", STREAM, "Hello from the terminal", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  expected = g_strdup_printf ("POST /chat/api/chat/%s/message (json)", STREAM);
  assert_send_body (fixture, "Hello from the terminal", 0);
  assert_requests (fixture, token, 1, expected);

  /* stdout is the new message id, which the stream carried. */
  messages = rumble_fake_server_get_messages (fixture->fake, STREAM);
  last = g_ptr_array_index (messages, messages->len - 1);
  g_assert_true (g_str_has_suffix (out, "\n"));
  out[strlen (out) - 1] = '\0';
  g_assert_cmpstr (out, ==, last->id);
  g_assert_cmpstr (last->text, ==, "Hello from the terminal");
  g_assert_cmpstr (last->username, ==, "MarigoldFinch");
  g_assert_null (last->channel_id);

  /* As one of the account's channels: an integer channel_id. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (fixture, NULL, &out, NULL, "send", STREAM, "Speaking as the channel",
                            "--as-channel", "5587001", NULL), ==, 0);
  assert_send_body (fixture, "Speaking as the channel", 5587001);
  assert_requests (fixture, token, 1, expected);
  messages = rumble_fake_server_get_messages (fixture->fake, STREAM);
  last = g_ptr_array_index (messages, messages->len - 1);
  g_assert_cmpstr (last->channel_id, ==, "5587001");
  g_assert_true (g_str_has_prefix (out, last->id));

  /* Someone else's channel: the server's sentence. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "send", STREAM, "Not mine",
                            "--as-channel", "5577001", NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, "moderato-cli: You cannot post as this channel.\n");
  rumble_fake_server_clear_requests (fixture->fake);

  /* Longer than the init's message_length_max: refused before it is sent. */
  for (guint i = 0; i < 201; i++)
    g_string_append_c (long_text, 'x');
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (fixture, NULL, NULL, &err, "send", STREAM, long_text->str, NULL), ==, 1);
  assert_one_sentence (err);
  assert_requests (fixture, token, 1, "");

  /* The stream given as a URL of the fake's site works as well as its id. */
  rumble_fake_server_add_video (fixture->fake, "v6xyz12", "v5abcde", STREAM);
  json = g_strdup_printf ("%s/v6xyz12-friday-night.html", rumble_fake_server_get_url (fixture->fake));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (fixture, NULL, &out, NULL, "send", json, "By URL", NULL), ==, 0);
  assert_send_body (fixture, "By URL", 0);
}

/* A chat that answers the stream's head, then says nothing: `send` ends with one sentence
 * within the (here shortened) deadline instead of waiting forever, and sends nothing. */
static void
test_send_no_init (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *env[] = { "MODERATO_CLI_INIT_TIMEOUT_MS", "500", NULL };
  const char *args[] = { "send", STREAM, "Anyone there?", NULL };
  g_autofree char *token = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gint64 start;

  if (skip_without_keyring (fixture))
    return;
  token = login (fixture, "MarigoldFinch", "hunter2\n");

  rumble_fake_server_add_fault (fixture->fake, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_STALL });
  start = g_get_monotonic_time ();
  g_assert_cmpint (run_cliv (fixture, env, NULL, &out, &err, args), ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, "moderato-cli: The chat at 127.0.0.1 answered but sent no chat data "
                            "within 1 second\n");
  assert_requests (fixture, token, 1, "");
}

/* A message from Quillback_Tom, for the moderator to act on. */
static char *
post_from_tom (Fixture    *fixture,
               const char *text)
{
  return rumble_fake_server_push_message (fixture->fake, STREAM, "Quillback_Tom", text);
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *id = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *done = NULL;

  if (skip_without_keyring (fixture))
    return;
  token = login (fixture, "MarigoldFinch", "hunter2\n");
  id = post_from_tom (fixture, "spam spam spam");
  rumble_fake_server_clear_requests (fixture->fake);

  g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "delete", STREAM, id, NULL), ==, 0);
  done = g_strdup_printf ("Deleted message %s.\n", id);
  g_assert_cmpstr (out, ==, done);
  g_assert_cmpstr (err, ==, "");
  /* §3.3: DELETE, no body. */
  expected = g_strdup_printf ("DELETE /chat/api/chat/%s/message/%s", STREAM, id);
  assert_requests (fixture, token, 1, expected);

  /* Again: the server no longer knows it. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "delete", STREAM, id, NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, "moderato-cli: Message not found.\n");
}

static void
test_pin_unpin (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *id = NULL;
  g_autofree char *other = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *pinned = NULL;
  g_autofree char *done = NULL;

  if (skip_without_keyring (fixture))
    return;
  token = login (fixture, "MarigoldFinch", "hunter2\n");
  id = post_from_tom (fixture, "pin me");
  other = post_from_tom (fixture, "and then me");
  rumble_fake_server_clear_requests (fixture->fake);

  /* §4.2 */
  g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "pin", STREAM, id, NULL), ==, 0);
  done = g_strdup_printf ("Pinned message %s.\n", id);
  g_assert_cmpstr (out, ==, done);
  g_assert_cmpstr (err, ==, "");
  expected = g_strdup_printf ("POST /service.php?name=chat.message.pin video_id=%s&message_id=%s", STREAM, id);
  assert_requests (fixture, token, 1, expected);
  pinned = rumble_fake_service_dup_pinned (fixture->fake, STREAM);
  g_assert_cmpstr (pinned, ==, id);

  /* Unpin without an id: the pinned message, as the stream's init says. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&done, g_free);
  g_clear_pointer (&expected, g_free);
  g_clear_pointer (&pinned, g_free);
  g_assert_cmpint (run_cli (fixture, NULL, &out, NULL, "unpin", STREAM, NULL), ==, 0);
  done = g_strdup_printf ("Unpinned message %s.\n", id);
  g_assert_cmpstr (out, ==, done);
  expected = g_strdup_printf ("POST /service.php?name=chat.message.unpin video_id=%s&message_id=%s", STREAM, id);
  assert_requests (fixture, token, 1, expected);
  pinned = rumble_fake_service_dup_pinned (fixture->fake, STREAM);
  g_assert_null (pinned);

  /* Nothing pinned now: refused before anything is sent. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "unpin", STREAM, NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  assert_one_sentence (err);
  assert_requests (fixture, token, 1, "");

  /* Unpin with an id. */
  g_assert_cmpint (run_cli (fixture, NULL, NULL, NULL, "pin", STREAM, other, NULL), ==, 0);
  rumble_fake_server_clear_requests (fixture->fake);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&done, g_free);
  g_clear_pointer (&expected, g_free);
  g_assert_cmpint (run_cli (fixture, NULL, &out, NULL, "unpin", STREAM, other, NULL), ==, 0);
  done = g_strdup_printf ("Unpinned message %s.\n", other);
  g_assert_cmpstr (out, ==, done);
  expected = g_strdup_printf ("POST /service.php?name=chat.message.unpin video_id=%s&message_id=%s",
                              STREAM, other);
  assert_requests (fixture, token, 1, expected);
  pinned = rumble_fake_service_dup_pinned (fixture->fake, STREAM);
  g_assert_null (pinned);
}

typedef struct {
  const char *args[6];
  const char *form;      /* after "user_to_mute=" */
  const char *said;
  const char *entity;
  const char *type;
  gint64      duration;
  gboolean    has_stream;
} MuteCase;

static const MuteCase mute_cases[] = {
  { { "Quillback_Tom", NULL },
    "Quillback_Tom&entity_type=user&video=" STREAM "&duration=300&type=video",
    "Muted Quillback_Tom on this stream for 300 seconds.\n", "user", "video", 300, TRUE },
  { { "Quillback_Tom", "--duration", "300", NULL },
    "Quillback_Tom&entity_type=user&video=" STREAM "&duration=300&type=video",
    "Muted Quillback_Tom on this stream for 300 seconds.\n", "user", "video", 300, TRUE },
  { { "Quillback_Tom", "--duration", "45", NULL },
    "Quillback_Tom&entity_type=user&video=" STREAM "&duration=45&type=video",
    "Muted Quillback_Tom on this stream for 45 seconds.\n", "user", "video", 45, TRUE },
  { { "Quillback_Tom", "--stream", NULL },
    "Quillback_Tom&entity_type=user&video=" STREAM "&type=video",
    "Muted Quillback_Tom for the rest of this stream.\n", "user", "video", 0, TRUE },
  { { "Quillback_Tom", "--forever", NULL },
    "Quillback_Tom&entity_type=user&video=" STREAM "&type=total",
    "Muted Quillback_Tom everywhere, with no end.\n", "user", "total", 0, TRUE },
  { { "Northwind", "--channel", NULL },
    "Northwind&entity_type=channel&video=" STREAM "&duration=300&type=video",
    "Muted Northwind on this stream for 300 seconds.\n", "channel", "video", 300, TRUE },
  { { "Northwind", "--channel", "--forever", NULL },
    "Northwind&entity_type=channel&video=" STREAM "&type=total",
    "Muted Northwind everywhere, with no end.\n", "channel", "total", 0, TRUE },
};

static void
test_mute (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *token = NULL;

  if (skip_without_keyring (fixture))
    return;
  token = login (fixture, "MarigoldFinch", "hunter2\n");

  for (guint i = 0; i < G_N_ELEMENTS (mute_cases); i++)
    {
      const MuteCase *c = &mute_cases[i];
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autoptr(GPtrArray) records = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *expected = g_strdup_printf ("POST /service.php?name=moderation.mute user_to_mute=%s",
                                                   c->form);
      RumbleFakeMuteRecord *record = NULL;

      g_ptr_array_add (args, (gpointer) "mute");
      g_ptr_array_add (args, (gpointer) STREAM);
      for (guint j = 0; c->args[j] != NULL; j++)
        g_ptr_array_add (args, (gpointer) c->args[j]);
      g_ptr_array_add (args, NULL);

      g_assert_cmpint (run_cliv (fixture, NULL, NULL, &out, &err, (const char * const *) args->pdata), ==, 0);
      g_assert_cmpstr (out, ==, c->said);
      g_assert_cmpstr (err, ==, "");
      assert_requests (fixture, token, 1, expected);

      /* The fake recorded exactly that mute. */
      records = rumble_fake_service_get_mute_records (fixture->fake);
      for (guint j = 0; j < records->len; j++)
        {
          RumbleFakeMuteRecord *r = g_ptr_array_index (records, j);

          if (g_str_equal (r->username, c->args[0]))
            record = r;
        }
      g_assert_nonnull (record);
      g_assert_cmpstr (record->entity_type, ==, c->entity);
      g_assert_cmpstr (record->type, ==, c->type);
      g_assert_cmpint (record->duration, ==, c->duration);
      g_assert_cmpstr (record->stream_id, ==, STREAM);
    }
}

static void
test_unmute (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GPtrArray) records = NULL;
  gint64 target;

  if (skip_without_keyring (fixture))
    return;
  token = login (fixture, "MarigoldFinch", "hunter2\n");

  /* Two records per page: the target is on page 2. */
  rumble_fake_service_add_mute_record (fixture->fake, "Northwind", "channel", NULL, "total");
  rumble_fake_service_add_mute_record (fixture->fake, "spammer1", NULL, STREAM, "video");
  target = rumble_fake_service_add_mute_record (fixture->fake, "Quillback_Tom", NULL, STREAM, "video");
  rumble_fake_service_add_mute_record (fixture->fake, "spammer2", NULL, STREAM, "video");

  /* §4.4: the muting pages until the name, then moderation.unmute with its record id. */
  g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "unmute", STREAM, "Quillback_Tom", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Unmuted Quillback_Tom.\n");
  g_assert_cmpstr (err, ==, "");
  expected = g_strdup_printf ("GET /account/moderation/muting?pg=1\n"
                              "GET /account/moderation/muting?pg=2\n"
                              "POST /service.php?name=moderation.unmute record_id=%" G_GINT64_FORMAT, target);
  assert_requests (fixture, token, 1, expected);

  records = rumble_fake_service_get_mute_records (fixture->fake);
  g_assert_cmpuint (records->len, ==, 3);
  for (guint i = 0; i < records->len; i++)
    g_assert_cmpstr (((RumbleFakeMuteRecord *) g_ptr_array_index (records, i))->username, !=, "Quillback_Tom");

  /* Not muted: every page is read, nothing is unmuted. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "unmute", STREAM, "Quillback_Tom", NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  assert_one_sentence (err);
  assert_requests (fixture, token, 1,
                   "GET /account/moderation/muting?pg=1\n"
                   "GET /account/moderation/muting?pg=2\n"
                   "GET /account/moderation/muting?pg=3");
}

static void
test_command_and_raid (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (skip_without_keyring (fixture))
    return;
  token = login (fixture, "MarigoldFinch", "hunter2\n");

  /* §3.4: on the site, not the chat host; the command text verbatim. */
  g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "command", STREAM,
                            "/raid https://rumble.com/v4abcde-friday-night-build.html", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Rumble accepted the command.\n");
  g_assert_cmpstr (err, ==, "");
  assert_requests (fixture, token, 1,
                   "POST /chat/command video_id=" STREAM
                   "&message=%2Fraid+https%3A%2F%2Frumble.com%2Fv4abcde-friday-night-build.html");

  /* §4.5 */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "raid-confirm", STREAM, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Raid confirmed.\n");
  g_assert_cmpstr (err, ==, "");
  assert_requests (fixture, token, 1, "POST /service.php?name=raid.confirm video_id=" STREAM);
}

/* Quillback_Tom may chat but not moderate: one sentence, exit 1, no request. */
static void
test_not_moderator (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *commands[][5] = {
    { "delete", STREAM, NULL, NULL },
    { "pin", STREAM, NULL, NULL },
    { "unpin", STREAM, NULL, NULL },
    { "mute", STREAM, "MarigoldFinch", NULL },
    { "mute", STREAM, "MarigoldFinch", "--forever", NULL },
    { "unmute", STREAM, "MarigoldFinch", NULL },
    { "raid-confirm", STREAM, NULL },
  };
  g_autofree char *token = NULL;
  g_autofree char *id = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (skip_without_keyring (fixture))
    return;
  token = login (fixture, "Quillback_Tom", "tomtom\n");
  id = rumble_fake_server_push_message (fixture->fake, STREAM, "MarigoldFinch", "hi Tom");
  rumble_fake_server_clear_requests (fixture->fake);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const char *args[6] = { 0 };
      g_autofree char *stdout_text = NULL;
      g_autofree char *stderr_text = NULL;

      memcpy (args, commands[i], sizeof commands[i]);
      /* delete and pin take the message id. */
      if (args[2] == NULL && (g_str_equal (args[0], "delete") || g_str_equal (args[0], "pin")))
        args[2] = id;

      g_assert_cmpint (run_cliv (fixture, NULL, NULL, &stdout_text, &stderr_text, args), ==, 1);
      g_assert_cmpstr (stdout_text, ==, "");
      g_assert_cmpstr (stderr_text, ==, NOT_MODERATOR);
      assert_requests (fixture, token, 1, "");
    }

  /* A chat command is not refused here (which commands an account may use is Rumble's
   * business): Rumble's refusal is the sentence. */
  g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "command", STREAM,
                            "/raid https://rumble.com/v4abcde-x.html", NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  assert_one_sentence (err);
  assert_requests (fixture, token, 1,
                   "POST /chat/command video_id=" STREAM "&message=%2Fraid+https%3A%2F%2Frumble.com%2Fv4abcde-x.html");
  g_clear_pointer (&out, g_free);

  /* Chatting is allowed. */
  g_assert_cmpint (run_cli (fixture, NULL, &out, NULL, "send", STREAM, "hello", NULL), ==, 0);
  g_assert_true (g_ascii_isdigit (out[0]));
  g_assert_null (rumble_fake_service_dup_pinned (fixture->fake, STREAM));
}

/* The server says the session is over: one sentence that says to log in again. A session
 * Rumble renews on the way is remembered. */
static void
test_session_expired_and_renewed (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *renewed = NULL;
  g_autofree char *id = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (skip_without_keyring (fixture))
    return;
  token = login (fixture, "MarigoldFinch", "hunter2\n");
  id = post_from_tom (fixture, "pin me");

  rumble_fake_server_add_fault (fixture->fake, &(RumbleFakeFault) {
    .route = "chat.message.pin", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 401,
    .body = "{\"errors\":[{\"code\":\"unauthorized\",\"message\":\"You are not logged in.\"}]}",
    .count = 1 });
  g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "pin", STREAM, id, NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  assert_one_sentence (err);
  g_assert_nonnull (strstr (err, "moderato-cli login MarigoldFinch"));
  rumble_fake_server_clear_requests (fixture->fake);

  /* The answer to the action carries a fresh u_s: the keyring gets it. */
  rumble_fake_service_renew_next (fixture->fake);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (fixture, NULL, &out, NULL, "raid-confirm", STREAM, NULL), ==, 0);
  renewed = keyring_lookup (fixture, NULL);
  g_assert_cmpstr (renewed, !=, token);
  {
    g_autofree char *latest = rumble_fake_service_dup_latest_token (fixture->fake);

    g_assert_cmpstr (renewed, ==, latest);
  }

  /* And the next run uses it. */
  rumble_fake_server_clear_requests (fixture->fake);
  g_assert_cmpint (run_cli (fixture, NULL, NULL, NULL, "whoami", NULL), ==, 0);
  assert_requests (fixture, renewed, 0, "GET /service.php?name=user.has_unread_notifications");
}

static void
assert_terminal_safe (const char *out,
                      const char *err)
{
  test_assert_terminal_safe ("stdout", out);
  test_assert_terminal_safe ("stderr", err);
}

/* A hostile server: its refusal, its chat stream's reason phrase and a redirect's Location
 * reach the terminal tamed, with the words between the controls still shown. */
static void
test_hostile_server (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *id = NULL;

  if (skip_without_keyring (fixture))
    return;
  token = login (fixture, "MarigoldFinch", "hunter2\n");
  id = post_from_tom (fixture, "pin me");

  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    rumble_fake_server_add_fault (fixture->fake, &(RumbleFakeFault) {
      .route = "chat.message.pin", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 403,
      .body = "{\"errors\":[{\"code\":\"forbidden\","
              "\"message\":\"No " TEST_HOSTILE_JSON "\"}]}",
      .count = 1 });
    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "pin", STREAM, id, NULL), ==, 1);
    assert_terminal_safe (out, err);
    g_assert_cmpstr (err, ==, "moderato-cli: No " TEST_HOSTILE_SHOWN "\n");
  }

  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    rumble_fake_server_add_fault (fixture->fake, &(RumbleFakeFault) {
      .route = "chat.message.pin", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 302,
      .location = "gopher://127.0.0.1/" TEST_HOSTILE_TEXT, .count = 1 });
    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "pin", STREAM, id, NULL), ==, 1);
    assert_terminal_safe (out, err);
    assert_one_sentence (err);
  }

  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    /* The chat stream fails three times (the library's log says so each time), then the
     * command gives up with the reason. */
    rumble_fake_server_add_fault (fixture->fake, &(RumbleFakeFault) {
      .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 500,
      .reason = TEST_HOSTILE_TEXT });
    g_assert_cmpint (run_cli (fixture, NULL, &out, &err, "pin", STREAM, id, NULL), ==, 1);
    rumble_fake_server_clear_faults (fixture->fake, RUMBLE_FAKE_ROUTE_STREAM);
    assert_terminal_safe (out, err);
    g_assert_nonnull (strstr (err, "moderato-cli: The chat server answered HTTP 500 "
                                   TEST_HOSTILE_SHOWN "\n"));
  }

  g_assert_null (rumble_fake_service_dup_pinned (fixture->fake, STREAM));
}

/* No Secret Service at all: the login works, but the user is told in one sentence that the
 * session cannot be remembered; actions say why there is no session. */
static void
test_no_keyring (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *env[] = { "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/moderato-test-bus", NULL };
  const char *login_args[] = { "login", "MarigoldFinch", "--password-stdin", NULL };
  const char *pin_args[] = { "pin", STREAM, "1402937465012345601", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cliv (fixture, env, "hunter2\n", &out, &err, login_args), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, "moderato-cli: Logged in, but the session cannot be remembered because "
                            "no keyring is available.\n");
  /* It did log in. */
  g_assert_nonnull (rumble_fake_server_find_request (fixture->fake, "POST", "/service.php"));
  rumble_fake_server_clear_requests (fixture->fake);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cliv (fixture, env, NULL, &out, &err, pin_args), ==, 1);
  g_assert_cmpstr (out, ==, "");
  assert_one_sentence (err);
  g_assert_nonnull (strstr (err, "keyring"));
  g_assert_cmpuint (rumble_fake_server_get_requests (fixture->fake)->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* Writing a password to a command that already quit must not kill the test. */
  signal (SIGPIPE, SIG_IGN);

#define ADD(path, func) \
  g_test_add ("/cli-actions/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("usage", test_usage);
  ADD ("no-session", test_no_session);
  ADD ("no-keyring", test_no_keyring);
  ADD ("login", test_login);
  ADD ("logout", test_logout);
  ADD ("two-factor", test_two_factor);
  ADD ("send", test_send);
  ADD ("send-no-init", test_send_no_init);
  ADD ("delete", test_delete);
  ADD ("pin-unpin", test_pin_unpin);
  ADD ("mute", test_mute);
  ADD ("unmute", test_unmute);
  ADD ("command-and-raid", test_command_and_raid);
  ADD ("not-moderator", test_not_moderator);
  ADD ("session-expired-and-renewed", test_session_expired_and_renewed);
  ADD ("hostile-server", test_hostile_server);

#undef ADD

  return g_test_run ();
}
