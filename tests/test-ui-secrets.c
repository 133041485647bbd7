/* test-ui-secrets.c — ModeratoAccount keeps no password or token in GSettings, files or logs
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 6, "Secrets", for the app's side (tests/test-secrets.c covers the library and shows
 * that the scanner finds planted secrets). Before anything else, main() points every XDG
 * directory at a fresh scratch tree and selects GSettings' keyfile backend, so the settings
 * the account writes ("last-username") land in a file this test reads. ModeratoAccount then
 * fails a login, logs in, is restored from the keyring by a second account, logs in with a
 * second factor and logs out, all with every log message captured. Neither a password, its
 * hashes, the 2FA user key nor any token may appear in the settings keyfile, any file of the
 * scratch tree or of a throw-away $HOME (the keyring's own files excepted), the logs,
 * /proc/self/cmdline, /proc/self/environ or the live environment. No display is needed.
 */
#define G_LOG_DOMAIN "test-ui-secrets"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "moderato-account.h"
#include "rumble-fake-private.h"
#include "test-util.h"

#define TIMEOUT_MS 30000

static GString   *captured;
static GPtrArray *secrets;
static char      *scratch;

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

  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (log_level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

static void
add_secret (const char *secret)
{
  if (secret == NULL || secret[0] == '\0')
    return;
  for (guint i = 0; i < secrets->len; i++)
    if (g_str_equal (g_ptr_array_index (secrets, i), secret))
      return;
  g_ptr_array_add (secrets, g_strdup (secret));
}

static void
scan_data (const char *where,
           const char *data,
           gsize       len,
           GString    *report)
{
  for (guint i = 0; i < secrets->len; i++)
    {
      if (test_contains (data, len, g_ptr_array_index (secrets, i)))
        g_string_append_printf (report, "%s: secret #%u; ", where, i);
    }
}

static void
scan_file (const char *path,
           GString    *report)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (g_file_get_contents (path, &contents, &len, NULL))
    scan_data (path, contents, len, report);
}

static void
scan_tree_file (const char *path,
                gpointer    report)
{
  scan_file (path, report);
}

static void
scan_tree (const char *dir,
           const char *skip,
           GString    *report,
           guint      *n_files)
{
  *n_files += test_for_each_file (dir, skip, scan_tree_file, report);
}

/* ---- The account's run ----------------------------------------------------------------- */

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static gboolean
have_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  test_wait_until (have_result, slot, TIMEOUT_MS);
  return g_steal_pointer (slot);
}

static void
on_session_changed (ModeratoAccount *account,
                    GParamSpec      *pspec,
                    gpointer         user_data)
{
  add_secret (moderato_account_get_session (account));
}

static void
add_fake_secrets (RumbleFakeServer *fake)
{
  GPtrArray *requests = rumble_fake_server_get_requests (fake);
  g_autofree char *token = rumble_fake_service_dup_latest_token (fake);

  add_secret (token);
  for (guint i = 0; i < requests->len; i++)
    {
      g_autofree char *user_key = rumble_fake_request_get_form_field (g_ptr_array_index (requests, i),
                                                                      "user_key");

      add_secret (user_key);
    }
}

static gboolean
login (ModeratoAccount  *account,
       const char       *username,
       const char       *password,
       RumbleLoginStep  *out_step,
       GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  moderato_account_login_async (account, username, password, NULL, on_done, &slot);
  result = wait_result (&slot);
  return moderato_account_login_finish (account, result, out_step, error);
}

static ModeratoAccount *
new_account (RumbleFakeServer *fake,
             GSettings        *settings)
{
  ModeratoAccount *account = moderato_account_new (rumble_fake_server_get_url (fake), settings);

  g_signal_connect (account, "notify::session", G_CALLBACK (on_session_changed), NULL);
  return account;
}

static void
test_account (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleFakeServer) fake = rumble_fake_server_new (0, &error);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(ModeratoAccount) account = NULL;
  g_autoptr(ModeratoAccount) second = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autofree char *keyfile_path = g_build_filename (g_get_user_config_dir (), "glib-2.0", "settings",
                                                    "keyfile", NULL);
  g_autofree char *keyfile = NULL;
  g_autofree char *sent_to = NULL;
  const char *home = g_get_home_dir ();
  GAsyncResult *slot = NULL;
  RumbleLoginStep step = RUMBLE_LOGIN_DONE;
  gsize keyfile_len = 0;
  gsize log_start = captured->len;
  guint n_files = 0;

  g_assert_no_error (error);
  /* The keyfile backend is the one in use. */
  {
    g_autoptr(GObject) backend = NULL;

    g_object_get (settings, "backend", &backend, NULL);
    g_assert_cmpstr (G_OBJECT_TYPE_NAME (backend), ==, "GKeyfileSettingsBackend");
  }
  account = new_account (fake, settings);

  /* A wrong password, then the right one. */
  g_assert_false (login (account, "MarigoldFinch", "hunter3", &step, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (login (account, "MarigoldFinch", "hunter2", &step, &error));
  g_assert_no_error (error);
  g_assert_cmpint (step, ==, RUMBLE_LOGIN_DONE);
  g_assert_true (moderato_account_get_logged_in (account));
  add_fake_secrets (fake);
  if (moderato_account_get_warning (account) != NULL)
    g_test_message ("no keyring: %s", moderato_account_get_warning (account));

  /* A second start restores it from the keyring (when there is one), with a renewal. */
  rumble_fake_service_renew_next (fake);
  second = new_account (fake, settings);
  moderato_account_restore_async (second, NULL, on_done, &slot);
  result = wait_result (&slot);
  moderato_account_restore_finish (second, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  add_fake_secrets (fake);
  g_assert_finalize_object (g_steal_pointer (&second));

  /* A second factor by e-mail. */
  g_assert_true (login (account, "OakModerator", "correct horse", &step, &error));
  g_assert_no_error (error);
  g_assert_cmpint (step, ==, RUMBLE_LOGIN_NEEDS_SECOND_FACTOR);
  moderato_account_request_code_async (account, RUMBLE_SECOND_FACTOR_EMAIL, NULL, on_done, &slot);
  result = wait_result (&slot);
  sent_to = moderato_account_request_code_finish (account, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  moderato_account_verify_code_async (account, "123456", NULL, on_done, &slot);
  result = wait_result (&slot);
  g_assert_true (moderato_account_verify_code_finish (account, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpstr (moderato_account_get_username (account), ==, "OakModerator");
  add_fake_secrets (fake);

  moderato_account_logout_async (account, NULL, on_done, &slot);
  result = wait_result (&slot);
  g_assert_true (moderato_account_logout_finish (account, result, &error));
  g_clear_object (&result);

  g_assert_finalize_object (g_steal_pointer (&account));
  g_settings_sync ();
  g_assert_finalize_object (g_steal_pointer (&settings));
  g_assert_finalize_object (g_steal_pointer (&fake));

  /* The account did write its settings to the file scanned below… */
  g_assert_true (g_file_get_contents (keyfile_path, &keyfile, &keyfile_len, NULL));
  g_assert_true (test_contains (keyfile, keyfile_len, "last-username"));
  g_assert_true (test_contains (keyfile, keyfile_len, "OakModerator"));
  /* …and a real run with real secrets happened. */
  g_assert_cmpuint (secrets->len, >=, 10);
  g_assert_nonnull (strstr (captured->str + log_start, "user.2fa.verify_totp"));

  scan_data ("the log", captured->str + log_start, captured->len - log_start, report);
  scan_tree (scratch, NULL, report, &n_files);
  if (g_str_has_prefix (home, g_get_tmp_dir ()) || g_getenv ("MODERATO_TEST_SCAN_HOME") != NULL)
    {
      g_autofree char *keyrings = g_build_filename (home, ".local", "share", "keyrings", NULL);

      scan_tree (home, keyrings, report, &n_files);
    }
  scan_file ("/proc/self/cmdline", report);
  scan_file ("/proc/self/environ", report);
  {
    g_auto(GStrv) env = g_get_environ ();

    for (guint i = 0; env[i] != NULL; i++)
      scan_data ("the environment", env[i], strlen (env[i]), report);
  }

  g_test_message ("scanned %u files and %" G_GSIZE_FORMAT " bytes of log for %u secrets",
                  n_files, captured->len - log_start, secrets->len);
  g_assert_cmpstr (report->str, ==, "");
}

/* ---- main ------------------------------------------------------------------------------- */

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

  /* Before GLib reads any of them. */
  scratch = g_dir_make_tmp ("moderato-ui-secrets-XXXXXX", &error);
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
  add_secret ("hunter2");
  add_secret ("hunter3");
  add_secret ("correct horse");
  add_secret ("correct+horse");
  add_secret ("correct%20horse");
  add_secret ("69e43d6252a5ac8b87fb6c0c9fee862d");   /* hunter2's H1 and H2 (PROTOCOL.md §2.3) */
  add_secret ("02fe747aa22aaf14fcfe35f1cfb5d0fa");
  g_log_set_writer_func (capture_writer, NULL, NULL);

  g_test_add_func ("/ui-secrets/account", test_account);

  ret = g_test_run ();

  remove_tree (scratch);
  g_free (scratch);
  g_ptr_array_unref (secrets);
  g_string_free (captured, TRUE);
  return ret;
}
