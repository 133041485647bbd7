/* test-no-secrets.c — passwords and session tokens never reach the logs or files
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A log writer captures every message at debug level while the library logs in (with and
 * without a second factor), fails a login, runs every action, has its session renewed,
 * stores the session in the keyring and logs out. Neither a password, its hashes, a 2FA
 * key nor any token may appear in what was logged, nor in a file under $HOME (outside
 * the keyring's own encrypted files).
 */
#include "config.h"

#include <string.h>

#include "rumble-chat-api.h"
#include "rumble-error.h"
#include "rumble-fake-private.h"
#include "rumble-service-php.h"
#include "rumble-session-store.h"
#include "test-util.h"

#define STREAM RUMBLE_FAKE_DEFAULT_STREAM

static GString *captured;
static GPtrArray *secrets;

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

  /* Still show warnings (and let fatal-warnings do its job); keep debug noise quiet. */
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (log_level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

static void
add_secret (const char *secret)
{
  if (secret != NULL && secret[0] != '\0')
    g_ptr_array_add (secrets, g_strdup (secret));
}

static void
add_latest_token (RumbleFakeServer *fake)
{
  g_autofree char *token = rumble_fake_service_dup_latest_token (fake);

  add_secret (token);
}

typedef struct {
  GAsyncResult *result;
} Waiter;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Waiter *waiter = user_data;

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

  test_wait_until (have_result, waiter, 30000);
  result = waiter->result;
  waiter->result = NULL;
  return result;
}

static void
on_session_changed (GObject    *object,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  g_autofree char *session = NULL;

  g_object_get (object, "session", &session, NULL);
  add_secret (session);
}

static void
login_everyone (RumbleFakeServer *fake)
{
  g_autoptr(RumbleServicePhp) php = rumble_service_php_new (rumble_fake_server_get_url (fake), NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *sent_to = NULL;
  GAsyncResult *result;
  Waiter waiter = { 0 };
  const RumbleFakeRequest *request;

  g_signal_connect (php, "notify::session", G_CALLBACK (on_session_changed), NULL);

  /* A failed login. */
  rumble_service_php_login_async (php, "MarigoldFinch", "hunter3", NULL, on_done, &waiter);
  result = wait_result (&waiter);
  rumble_service_php_login_finish (php, result, &error);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_AUTH);
  g_clear_error (&error);
  g_object_unref (result);

  /* A plain one. */
  rumble_service_php_login_async (php, "MarigoldFinch", "hunter2", NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_cmpint (rumble_service_php_login_finish (php, result, &error), ==, RUMBLE_LOGIN_DONE);
  g_assert_no_error (error);
  g_object_unref (result);
  add_latest_token (fake);

  /* The session test, the user id and a renewal. */
  rumble_fake_service_renew_next (fake);
  rumble_service_php_test_session_async (php, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_true (rumble_service_php_test_session_finish (php, result, &error));
  g_object_unref (result);
  add_latest_token (fake);

  rumble_service_php_logout_async (php, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_true (rumble_service_php_logout_finish (php, result, &error));
  g_assert_no_error (error);
  g_object_unref (result);

  /* With a second factor, including an expired user key. */
  rumble_service_php_login_async (php, "OakModerator", "correct horse", NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_cmpint (rumble_service_php_login_finish (php, result, &error), ==,
                   RUMBLE_LOGIN_NEEDS_SECOND_FACTOR);
  g_object_unref (result);

  rumble_service_php_request_code_async (php, RUMBLE_SECOND_FACTOR_EMAIL, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  sent_to = rumble_service_php_request_code_finish (php, result, &error);
  g_assert_no_error (error);
  g_object_unref (result);

  request = rumble_fake_server_find_request (fake, "POST", "/service.php");
  {
    g_autofree char *totp_id = rumble_fake_request_get_form_field (request, "totp_id");
    g_autofree char *user_key = rumble_fake_request_get_form_field (request, "user_key");

    add_secret (totp_id);
    add_secret (user_key);
  }

  rumble_service_php_verify_code_async (php, "654321", NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_false (rumble_service_php_verify_code_finish (php, result, &error));
  g_clear_error (&error);
  g_object_unref (result);

  rumble_service_php_verify_code_async (php, "123456", NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_true (rumble_service_php_verify_code_finish (php, result, &error));
  g_assert_no_error (error);
  g_object_unref (result);
  add_latest_token (fake);
  g_assert_finalize_object (g_steal_pointer (&php));
}

static void
run_actions (RumbleFakeServer *fake)
{
  g_autoptr(RumbleChatApi) chat = rumble_chat_api_new (STREAM);
  g_autofree char *token = rumble_fake_service_login (fake, "MarigoldFinch");
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  GAsyncResult *result;
  Waiter waiter = { 0 };

  add_secret (token);
  rumble_chat_api_set_chat_url (chat, rumble_fake_server_get_chat_url (fake));
  rumble_chat_api_set_site_url (chat, rumble_fake_server_get_url (fake));
  rumble_chat_api_set_session (chat, token);
  g_signal_connect (chat, "notify::session", G_CALLBACK (on_session_changed), NULL);

  rumble_chat_api_connect_async (chat, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_true (rumble_chat_api_connect_finish (chat, result, &error));
  g_object_unref (result);

  rumble_fake_service_renew_next (fake);
  rumble_chat_api_send_message_async (chat, "hello there", NULL, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  id = rumble_chat_api_send_message_finish (chat, result, NULL, &error);
  g_assert_no_error (error);
  g_object_unref (result);

  rumble_chat_api_pin_message_async (chat, id, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_true (rumble_chat_api_pin_message_finish (chat, result, &error));
  g_object_unref (result);

  rumble_chat_api_unpin_message_async (chat, id, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_true (rumble_chat_api_unpin_message_finish (chat, result, &error));
  g_object_unref (result);

  rumble_chat_api_mute_async (chat, "Quillback_Tom", RUMBLE_MUTE_ENTITY_USER, 300,
                              RUMBLE_MUTE_SCOPE_VIDEO, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_true (rumble_chat_api_mute_finish (chat, result, &error));
  g_object_unref (result);

  rumble_chat_api_unmute_async (chat, "Quillback_Tom", NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_true (rumble_chat_api_unmute_finish (chat, result, &error));
  g_object_unref (result);

  rumble_chat_api_command_async (chat, "/raid https://rumble.com/v4abcde-x.html", NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_true (rumble_chat_api_command_finish (chat, result, &error));
  g_object_unref (result);

  rumble_chat_api_raid_confirm_async (chat, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_true (rumble_chat_api_raid_confirm_finish (chat, result, &error));
  g_object_unref (result);

  rumble_chat_api_delete_message_async (chat, id, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_true (rumble_chat_api_delete_message_finish (chat, result, &error));
  g_assert_no_error (error);
  g_object_unref (result);

  /* An error path that carries the token's request. */
  rumble_fake_server_add_fault (fake, &(RumbleFakeFault) {
    .route = "chat.message.pin", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 401,
    .body = "{\"errors\":[]}", .count = 1 });
  rumble_chat_api_pin_message_async (chat, id, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_false (rumble_chat_api_pin_message_finish (chat, result, &error));
  g_clear_error (&error);
  g_object_unref (result);

  add_latest_token (fake);
  rumble_chat_api_disconnect (chat);
  g_assert_finalize_object (g_steal_pointer (&chat));
}

static void
use_keyring (void)
{
  g_autoptr(RumbleSessionStore) store = rumble_session_store_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  GAsyncResult *result;
  Waiter waiter = { 0 };
  const char *secret = g_ptr_array_index (secrets, secrets->len - 1);

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    return;

  rumble_session_store_store_async (store, "http://127.0.0.1:9/no-secrets", "MarigoldFinch",
                                    secret, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  if (!rumble_session_store_store_finish (store, result, &error))
    {
      g_assert_true (rumble_session_store_error_is_unavailable (error));
      g_test_message ("no keyring: %s", error->message);
      g_object_unref (result);
      return;
    }
  g_object_unref (result);

  rumble_session_store_lookup_async (store, "http://127.0.0.1:9/no-secrets", NULL, NULL,
                                     on_done, &waiter);
  result = wait_result (&waiter);
  token = rumble_session_store_lookup_finish (store, result, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, secret);
  g_object_unref (result);

  rumble_session_store_clear_async (store, "http://127.0.0.1:9/no-secrets", NULL, NULL,
                                    on_done, &waiter);
  result = wait_result (&waiter);
  g_assert_true (rumble_session_store_clear_finish (store, result, &error));
  g_object_unref (result);
  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
test_logs (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleFakeServer) fake = rumble_fake_server_new (0, &error);

  g_assert_no_error (error);

  login_everyone (fake);
  run_actions (fake);
  use_keyring ();

  /* The test saw real traffic and real logs. */
  g_assert_cmpuint (secrets->len, >=, 6);
  g_assert_nonnull (strstr (captured->str, "user.login"));
  g_assert_nonnull (strstr (captured->str, "moderation.mute"));

  for (guint i = 0; i < secrets->len; i++)
    {
      const char *secret = g_ptr_array_index (secrets, i);

      if (strstr (captured->str, secret) != NULL)
        g_error ("Secret #%u appeared in the log", i);
    }
  g_assert_finalize_object (g_steal_pointer (&fake));
}

/* Scans @dir for any secret; the keyring's own directory is skipped. */
static void
scan_file (const char *path,
           gpointer    data)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return;
  for (guint i = 0; i < secrets->len; i++)
    if (test_contains (contents, len, g_ptr_array_index (secrets, i)))
      g_error ("Secret #%u found in %s", i, path);
}

static void
test_home (void)
{
  const char *home = g_get_home_dir ();
  g_autofree char *keyrings = g_build_filename (home, ".local", "share", "keyrings", NULL);
  guint n_files = 0;

  /* Only a throw-away HOME (the suite's recipe) is scanned, never a developer's. */
  if (!g_str_has_prefix (home, g_get_tmp_dir ()) && g_getenv ("MODERATO_TEST_SCAN_HOME") == NULL)
    {
      g_test_skip ("HOME is not a temporary directory");
      return;
    }
  g_assert_cmpuint (secrets->len, >, 0);

  n_files = test_for_each_file (home, keyrings, scan_file, NULL);
  g_test_message ("scanned %u files under %s", n_files, home);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* Everything at debug level goes to the writer. */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_test_init (&argc, &argv, NULL);

  captured = g_string_new (NULL);
  secrets = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (secrets, g_strdup ("hunter2"));
  g_ptr_array_add (secrets, g_strdup ("hunter3"));
  g_ptr_array_add (secrets, g_strdup ("correct horse"));
  g_ptr_array_add (secrets, g_strdup ("correct+horse"));
  g_ptr_array_add (secrets, g_strdup ("69e43d6252a5ac8b87fb6c0c9fee862d"));  /* hunter2's H1 */
  g_ptr_array_add (secrets, g_strdup ("02fe747aa22aaf14fcfe35f1cfb5d0fa"));  /* hunter2's H2 */
  g_log_set_writer_func (capture_writer, NULL, NULL);

  g_test_add_func ("/rumble/no-secrets/logs", test_logs);
  g_test_add_func ("/rumble/no-secrets/home", test_home);

  ret = g_test_run ();

  g_ptr_array_unref (secrets);
  g_string_free (captured, TRUE);
  return ret;
}
