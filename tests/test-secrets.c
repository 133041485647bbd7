/* test-secrets.c — no password or token in logs, files, settings or the process's environment
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 6, "Secrets". Before anything else, main() points every XDG directory at a fresh
 * scratch tree and selects GSettings' keyfile backend, so whatever this process writes to
 * disk or to settings lands where the test can read it. A log writer captures everything
 * (G_MESSAGES_DEBUG=all). The library then logs in (plainly and with a second factor), runs
 * actions, has its session renewed, uses the keyring and logs out. Afterwards the scanner
 * looks for the passwords, their hashes, the 2FA user key and every token in: the captured
 * logs, every file of the scratch tree and of a throw-away $HOME (the keyring's own
 * encrypted files excepted), /proc/self/cmdline, /proc/self/environ and the live
 * environment. The scanner is first shown to find a secret planted in each of those places,
 * so that a blind scanner cannot pass.
 */
#define G_LOG_DOMAIN "test-secrets"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "rumble-chat-api.h"
#include "rumble-error.h"
#include "rumble-fake-private.h"
#include "rumble-service-php.h"
#include "rumble-session-store.h"
#include "test-util.h"

#define STREAM     RUMBLE_FAKE_DEFAULT_STREAM
#define APP_ID     "io.github.moderato.Moderato"
#define TIMEOUT_MS 30000
/* Files larger than this are not read whole (nothing the app writes is that big). */

static GString   *captured;   /* every log field of every message */
static GPtrArray *secrets;    /* what must never appear */
static char      *scratch;    /* the XDG directories of this process live under it */

/* ---- Capturing logs ------------------------------------------------------------------ */

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].length < 0)
        g_string_append (captured, fields[i].value);
      else
        g_string_append_len (captured, fields[i].value, fields[i].length);
      g_string_append_c (captured, '\n');
    }

  /* Warnings still show (and fatal-warnings still applies); debug noise stays quiet. */
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (log_level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

/* ---- The scanner --------------------------------------------------------------------- */

static void
add_secret (GPtrArray  *list,
            const char *secret)
{
  if (secret == NULL || secret[0] == '\0')
    return;
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (g_ptr_array_index (list, i), secret))
      return;
  g_ptr_array_add (list, g_strdup (secret));
}

/* Index of the first secret of @list inside @data, or -1. */
static int
find_secret (GPtrArray  *list,
             const char *data,
             gsize       len)
{
  for (guint i = 0; i < list->len; i++)
    {
      if (test_contains (data, len, g_ptr_array_index (list, i)))
        return (int) i;
    }
  return -1;
}

/* Appends "WHERE: secret #N" to @found when @data holds a secret. */
static void
scan_data (GPtrArray  *list,
           const char *where,
           const char *data,
           gsize       len,
           GPtrArray  *found)
{
  int i = find_secret (list, data, len);

  if (i >= 0)
    g_ptr_array_add (found, g_strdup_printf ("%s: secret #%d", where, i));
}

static void
scan_file (GPtrArray  *list,
           const char *path,
           GPtrArray  *found)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      /* /proc files always exist; a file that vanished while scanning is fine. */
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_assert_no_error (error);
      return;
    }
  scan_data (list, path, contents, len, found);
}

typedef struct {
  GPtrArray *list;
  GPtrArray *found;
} TreeScan;

static void
scan_tree_file (const char *path,
                gpointer    data)
{
  TreeScan *scan = data;

  scan_file (scan->list, path, scan->found);
}

/* Every regular file under @dir (symbolic links not followed; @skip and below left out). */
static void
scan_tree (GPtrArray  *list,
           const char *dir,
           const char *skip,
           GPtrArray  *found,
           guint      *n_files)
{
  TreeScan scan = { list, found };

  *n_files += test_for_each_file (dir, skip, scan_tree_file, &scan);
}

/* The live environment of this process (g_setenv changes it; /proc/self/environ is only the
 * environment the process started with). */
static void
scan_environment (GPtrArray *list,
                  GPtrArray *found)
{
  g_auto(GStrv) env = g_get_environ ();

  for (guint i = 0; env[i] != NULL; i++)
    scan_data (list, "the environment", env[i], strlen (env[i]), found);
}

static char *
describe (GPtrArray *found)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < found->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "; " : "", (char *) g_ptr_array_index (found, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
found_in (GPtrArray  *found,
          const char *where)
{
  for (guint i = 0; i < found->len; i++)
    if (strstr (g_ptr_array_index (found, i), where) != NULL)
      return TRUE;
  return FALSE;
}

/* $HOME when it is a throw-away directory (the suite's recipe), else NULL: a developer's
 * own home is never read. */
static const char *
scannable_home (void)
{
  const char *home = g_get_home_dir ();

  if (g_str_has_prefix (home, g_get_tmp_dir ()) || g_getenv ("MODERATO_TEST_SCAN_HOME") != NULL)
    return home;
  return NULL;
}

static char *
keyrings_dir (const char *home)
{
  return g_build_filename (home, ".local", "share", "keyrings", NULL);
}

/* ---- Waiting for results --------------------------------------------------------------- */

typedef struct {
  GAsyncResult *result;
} Waiter;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Waiter *waiter = user_data;

  g_assert_null (waiter->result);
  waiter->result = g_object_ref (result);
}

static gboolean
have_result (gpointer data)
{
  return ((Waiter *) data)->result != NULL;
}

static GAsyncResult *
wait_result (Waiter *waiter)
{
  GAsyncResult *result;

  test_wait_until (have_result, waiter, TIMEOUT_MS);
  result = waiter->result;
  waiter->result = NULL;
  return result;
}

/* ---- The scanner finds what is planted ------------------------------------------------- */

static void
on_planted_exit (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static void
test_scanner (void)
{
  g_autoptr(GPtrArray) planted = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *secret = g_strdup_printf ("planted-%s", uuid);
  g_autofree char *cache_dir = g_build_filename (g_get_user_cache_dir (), "moderato", NULL);
  g_autofree char *binary_path = g_build_filename (cache_dir, "planted.bin", NULL);
  g_autofree char *skipped_dir = g_build_filename (scratch, "skipped", NULL);
  g_autofree char *skipped_path = g_build_filename (skipped_dir, "planted", NULL);
  g_autofree char *keyfile_path = g_build_filename (g_get_user_config_dir (), "glib-2.0", "settings",
                                                    "keyfile", NULL);
  g_autofree char *environ_path = NULL;
  g_autofree char *cmdline_path = NULL;
  g_autofree char *env_entry = NULL;
  g_autofree char *report = NULL;
  g_autoptr(GString) binary = g_string_new (NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  gboolean exited = FALSE;
  guint n_files = 0;

  add_secret (planted, secret);

  /* Nothing planted yet: nothing found, here or in what the scratch tree holds. */
  scan_tree (planted, scratch, NULL, found, &n_files);
  g_assert_cmpuint (found->len, ==, 0);

  /* In a log message. */
  g_debug ("a log line that should never be written: %s", secret);
  scan_data (planted, "the log", captured->str, captured->len, found);
  g_assert_true (found_in (found, "the log"));

  /* In a binary file, after NUL bytes, under the user cache directory. */
  g_assert_cmpint (g_mkdir_with_parents (cache_dir, 0700), ==, 0);
  g_string_append_len (binary, "\0\0\x01\xff binary prefix \0", 19);
  g_string_append (binary, secret);
  g_string_append_len (binary, "\0tail", 5);
  g_file_set_contents (binary_path, binary->str, binary->len, &error);
  g_assert_no_error (error);

  /* In a directory the scanner is told to skip (as the keyring's): not reported. */
  g_assert_cmpint (g_mkdir_with_parents (skipped_dir, 0700), ==, 0);
  g_file_set_contents (skipped_path, secret, -1, &error);
  g_assert_no_error (error);

  /* In GSettings through the keyfile backend this process uses (GSETTINGS_BACKEND=keyfile). */
  g_assert_nonnull (source);
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    {
      settings = g_settings_new (APP_ID);
      g_settings_set_string (settings, "last-username", secret);
      g_settings_sync ();
      g_assert_true (g_file_test (keyfile_path, G_FILE_TEST_IS_REGULAR));
    }
  else
    g_test_message ("No %s schema (GSETTINGS_SCHEMA_DIR): nothing planted in settings", APP_ID);

  g_ptr_array_set_size (found, 0);
  n_files = 0;
  scan_tree (planted, scratch, skipped_dir, found, &n_files);
  report = describe (found);
  g_test_message ("planted: %s", report);
  g_assert_true (found_in (found, binary_path));
  if (settings != NULL)
    g_assert_true (found_in (found, keyfile_path));
  g_assert_false (found_in (found, skipped_path));
  g_assert_cmpuint (n_files, >=, 1);

  g_assert_cmpint (g_remove (binary_path), ==, 0);
  g_assert_cmpint (g_remove (skipped_path), ==, 0);
  if (settings != NULL)
    {
      g_settings_reset (settings, "last-username");
      g_settings_sync ();
      g_assert_finalize_object (g_steal_pointer (&settings));
    }

  /* In a process's command line and initial environment, read through /proc as for this
   * process: a shell started with the secret as an argument and in its environment, which
   * waits on its (never written) stdin. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_subprocess_launcher_setenv (launcher, "MODERATO_PLANTED", secret, TRUE);
  child = g_subprocess_launcher_spawn (launcher, &error, "/bin/sh", "-c", "read line", secret, NULL);
  g_assert_no_error (error);
  cmdline_path = g_strdup_printf ("/proc/%s/cmdline", g_subprocess_get_identifier (child));
  environ_path = g_strdup_printf ("/proc/%s/environ", g_subprocess_get_identifier (child));
  /* Until the child has run exec, /proc shows this process's copy. */
  for (gint64 deadline = g_get_monotonic_time () + TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;;)
    {
      g_autofree char *cmdline = NULL;
      gsize len = 0;

      if (g_file_get_contents (cmdline_path, &cmdline, &len, NULL) && len >= 10 &&
          memcmp (cmdline, "/bin/sh\0-c", 10) == 0)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (1000);
    }
  g_ptr_array_set_size (found, 0);
  scan_file (planted, cmdline_path, found);
  scan_file (planted, environ_path, found);
  g_subprocess_wait_async (child, NULL, on_planted_exit, &exited);
  g_subprocess_force_exit (child);
  test_wait_for_flag (&exited, TIMEOUT_MS);
  g_assert_true (found_in (found, cmdline_path));
  g_assert_true (found_in (found, environ_path));

  /* In this process's live environment. */
  g_ptr_array_set_size (found, 0);
  env_entry = g_strdup_printf ("x-%s-x", secret);
  g_setenv ("MODERATO_PLANTED", env_entry, TRUE);
  scan_environment (planted, found);
  g_unsetenv ("MODERATO_PLANTED");
  g_assert_true (found_in (found, "the environment"));
  g_ptr_array_set_size (found, 0);
  scan_environment (planted, found);
  g_assert_cmpuint (found->len, ==, 0);

  /* The planted secret is gone from disk again; the log keeps it, so the real log scan
   * below looks only for the real secrets. */
  g_ptr_array_set_size (found, 0);
  scan_tree (planted, scratch, NULL, found, &n_files);
  g_clear_pointer (&report, g_free);
  report = describe (found);
  g_assert_cmpstr (report, ==, "");
}

/* ---- A library run ----------------------------------------------------------------------- */

static void
on_session_changed (GObject    *object,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  g_autofree char *session = NULL;

  g_object_get (object, "session", &session, NULL);
  add_secret (secrets, session);
}

static void
add_latest_token (RumbleFakeServer *fake)
{
  g_autofree char *token = rumble_fake_service_dup_latest_token (fake);

  add_secret (secrets, token);
}

/* The user key and totp id of the last 2FA request the fake received. */
static void
add_second_factor_secrets (RumbleFakeServer *fake)
{
  GPtrArray *requests = rumble_fake_server_get_requests (fake);

  for (guint i = 0; i < requests->len; i++)
    {
      const RumbleFakeRequest *request = g_ptr_array_index (requests, i);
      g_autofree char *user_key = rumble_fake_request_get_form_field (request, "user_key");

      add_secret (secrets, user_key);
    }
}

static void
log_in (RumbleFakeServer *fake)
{
  g_autoptr(RumbleServicePhp) php = rumble_service_php_new (rumble_fake_server_get_url (fake), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *sent_to = NULL;
  g_autofree char *user_id = NULL;
  Waiter waiter = { 0 };

  g_signal_connect (php, "notify::session", G_CALLBACK (on_session_changed), NULL);

  /* A wrong password first. */
  rumble_service_php_login_async (php, "MarigoldFinch", "hunter3", NULL, on_done, &waiter);
  result = wait_result (&waiter);
  rumble_service_php_login_finish (php, result, &error);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_AUTH);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Plain, then the user id with a renewed session on the way. */
  rumble_service_php_login_async (php, "MarigoldFinch", "hunter2", NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_cmpint (rumble_service_php_login_finish (php, result, &error), ==, RUMBLE_LOGIN_DONE);
  g_assert_no_error (error);
  g_clear_object (&result);
  add_latest_token (fake);

  rumble_fake_service_renew_next (fake);
  rumble_service_php_get_user_id_async (php, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  user_id = rumble_service_php_get_user_id_finish (php, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user_id, ==, "87654321");
  g_clear_object (&result);
  add_latest_token (fake);

  rumble_service_php_logout_async (php, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_true (rumble_service_php_logout_finish (php, result, &error));
  g_clear_object (&result);

  /* With a second factor by e-mail, a wrong code first. */
  rumble_service_php_login_async (php, "OakModerator", "correct horse", NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_cmpint (rumble_service_php_login_finish (php, result, &error), ==, RUMBLE_LOGIN_NEEDS_SECOND_FACTOR);
  g_assert_no_error (error);
  g_clear_object (&result);

  rumble_service_php_request_code_async (php, RUMBLE_SECOND_FACTOR_EMAIL, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  sent_to = rumble_service_php_request_code_finish (php, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  add_second_factor_secrets (fake);

  rumble_service_php_verify_code_async (php, "654321", NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_false (rumble_service_php_verify_code_finish (php, result, &error));
  g_clear_error (&error);
  g_clear_object (&result);

  rumble_service_php_verify_code_async (php, "123456", NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_true (rumble_service_php_verify_code_finish (php, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  add_latest_token (fake);
  add_second_factor_secrets (fake);

  g_assert_finalize_object (g_steal_pointer (&php));
}

static void
run_actions (RumbleFakeServer *fake)
{
  g_autoptr(RumbleChatApi) chat = rumble_chat_api_new (STREAM);
  g_autofree char *token = rumble_fake_service_login (fake, "MarigoldFinch");
  g_autofree char *victim = rumble_fake_server_push_message (fake, STREAM, "Quillback_Tom", "spam");
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *id = NULL;
  Waiter waiter = { 0 };

  add_secret (secrets, token);
  rumble_chat_api_set_chat_url (chat, rumble_fake_server_get_chat_url (fake));
  rumble_chat_api_set_site_url (chat, rumble_fake_server_get_url (fake));
  rumble_chat_api_set_session (chat, token);
  g_signal_connect (chat, "notify::session", G_CALLBACK (on_session_changed), NULL);

  rumble_chat_api_connect_async (chat, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_true (rumble_chat_api_connect_finish (chat, result, &error));
  g_clear_object (&result);

  rumble_fake_service_renew_next (fake);
  rumble_chat_api_send_message_async (chat, "hello", NULL, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  id = rumble_chat_api_send_message_finish (chat, result, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  add_latest_token (fake);

  rumble_chat_api_pin_message_async (chat, victim, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_true (rumble_chat_api_pin_message_finish (chat, result, &error));
  g_clear_object (&result);

  rumble_chat_api_mute_async (chat, "Quillback_Tom", RUMBLE_MUTE_ENTITY_USER, 300,
                              RUMBLE_MUTE_SCOPE_VIDEO, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_true (rumble_chat_api_mute_finish (chat, result, &error));
  g_clear_object (&result);

  rumble_chat_api_unmute_async (chat, "Quillback_Tom", NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_true (rumble_chat_api_unmute_finish (chat, result, &error));
  g_clear_object (&result);

  rumble_chat_api_delete_message_async (chat, id, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_true (rumble_chat_api_delete_message_finish (chat, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* An expired session, as Rumble says it. */
  rumble_fake_server_add_fault (fake, &(RumbleFakeFault) {
    .route = "raid.confirm", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 401,
    .body = "{\"errors\":[{\"code\":\"unauthorized\",\"message\":\"Not logged in.\"}]}",
    .count = 1 });
  rumble_chat_api_raid_confirm_async (chat, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_false (rumble_chat_api_raid_confirm_finish (chat, result, &error));
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_AUTH);
  g_clear_error (&error);
  g_clear_object (&result);

  rumble_chat_api_disconnect (chat);
  g_assert_finalize_object (g_steal_pointer (&chat));
}

/* Store, look up and clear the last token, as the app does. */
static void
use_keyring (RumbleFakeServer *fake)
{
  g_autoptr(RumbleSessionStore) store = rumble_session_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *token = rumble_fake_service_dup_latest_token (fake);
  g_autofree char *found = NULL;
  const char *site = rumble_fake_server_get_url (fake);
  Waiter waiter = { 0 };

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_message ("No D-Bus session: the keyring is not used");
      return;
    }

  rumble_session_store_store_async (store, site, "OakModerator", token, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  if (!rumble_session_store_store_finish (store, result, &error))
    {
      g_assert_true (rumble_session_store_error_is_unavailable (error));
      g_test_message ("No keyring: %s", error->message);
      return;
    }
  g_clear_object (&result);

  rumble_session_store_lookup_async (store, site, NULL, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  found = rumble_session_store_lookup_finish (store, result, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, token);
  g_clear_object (&result);

  rumble_session_store_clear_async (store, site, NULL, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_true (rumble_session_store_clear_finish (store, result, &error));
  g_clear_object (&result);

  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
test_library_run (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleFakeServer) fake = rumble_fake_server_new (0, &error);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *report = NULL;
  const char *home = scannable_home ();
  guint n_files = 0;
  gsize log_start = captured->len;

  g_assert_no_error (error);

  log_in (fake);
  run_actions (fake);
  use_keyring (fake);
  g_assert_finalize_object (g_steal_pointer (&fake));

  /* The run was real: several tokens were handed out, and the library logged its requests. */
  g_assert_cmpuint (secrets->len, >=, 12);
  g_assert_nonnull (strstr (captured->str + log_start, "user.login"));
  g_assert_nonnull (strstr (captured->str + log_start, "user.2fa.verify_totp"));
  g_assert_nonnull (strstr (captured->str + log_start, "moderation.mute"));

  scan_data (secrets, "the log", captured->str + log_start, captured->len - log_start, found);
  scan_tree (secrets, scratch, NULL, found, &n_files);
  if (home != NULL)
    {
      g_autofree char *keyrings = keyrings_dir (home);

      scan_tree (secrets, home, keyrings, found, &n_files);
    }
  else
    g_test_message ("HOME is not a temporary directory: not scanned");
  scan_file (secrets, "/proc/self/cmdline", found);
  scan_file (secrets, "/proc/self/environ", found);
  scan_environment (secrets, found);

  report = describe (found);
  g_test_message ("scanned %u files, %" G_GSIZE_FORMAT " bytes of log, %u secrets",
                  n_files, captured->len - log_start, secrets->len);
  g_assert_cmpstr (report, ==, "");
}

/* ---- main ---------------------------------------------------------------------------------- */

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  static const char *const xdg[][2] = {
    { "XDG_CONFIG_HOME", "config" },
    { "XDG_CACHE_HOME",  "cache" },
    { "XDG_DATA_HOME",   "data" },
    { "XDG_STATE_HOME",  "state" },
  };
  g_autoptr(GError) error = NULL;
  int ret;

  /* Before GLib reads any of them: every file this process writes goes under @scratch. */
  scratch = g_dir_make_tmp ("moderato-secrets-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (xdg); i++)
    {
      g_autofree char *dir = g_build_filename (scratch, xdg[i][1], NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_setenv (xdg[i][0], dir, TRUE);
    }
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);

  g_test_init (&argc, &argv, NULL);

  captured = g_string_new (NULL);
  secrets = g_ptr_array_new_with_free_func (g_free);
  add_secret (secrets, "hunter2");
  add_secret (secrets, "hunter3");
  add_secret (secrets, "correct horse");
  add_secret (secrets, "correct+horse");
  add_secret (secrets, "correct%20horse");
  /* hunter2's H1 and H2 with MarigoldFinch's salts (PROTOCOL.md §2.3): as good as the password. */
  add_secret (secrets, "69e43d6252a5ac8b87fb6c0c9fee862d");
  add_secret (secrets, "02fe747aa22aaf14fcfe35f1cfb5d0fa");
  g_log_set_writer_func (capture_writer, NULL, NULL);

  g_test_add_func ("/rumble/secrets/scanner", test_scanner);
  g_test_add_func ("/rumble/secrets/library-run", test_library_run);

  ret = g_test_run ();

  remove_tree (scratch);
  g_free (scratch);
  g_ptr_array_unref (secrets);
  g_string_free (captured, TRUE);
  return ret;
}
