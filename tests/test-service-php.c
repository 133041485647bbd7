/* test-service-php.c — login, 2FA, session test, logout, generic calls and the HTTP rules
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rumble-error.h"
#include "rumble-fake-private.h"
#include "rumble-http-private.h"
#include "rumble-service-php.h"
#include "test-util.h"

#define HUNTER2_HASHES "69e43d6252a5ac8b87fb6c0c9fee862d,02fe747aa22aaf14fcfe35f1cfb5d0fa,e5f6g7h8"

typedef struct {
  RumbleFakeServer *fake;
  RumbleServicePhp *php;
  GAsyncResult     *result;
  guint             session_notifies;
} Fixture;

static void
on_session_notify (GObject    *object,
                   GParamSpec *pspec,
                   Fixture    *fixture)
{
  fixture->session_notifies++;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->fake = rumble_fake_server_new (0, &error);
  g_assert_no_error (error);
  fixture->php = rumble_service_php_new (rumble_fake_server_get_url (fixture->fake), NULL);
  g_signal_connect (fixture->php, "notify::session", G_CALLBACK (on_session_notify), fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  rumble_http_set_timeout_for_testing (0);
  g_clear_object (&fixture->result);
  g_assert_finalize_object (fixture->php);
  g_assert_finalize_object (fixture->fake);
}

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

/* Waits for the pending operation and hands its result over. */
static GAsyncResult *
wait_result (Fixture *fixture)
{
  GAsyncResult *result;

  test_wait_until (have_result, fixture, 15000);
  result = fixture->result;
  fixture->result = NULL;
  return result;
}

/* The last service.php request whose `name` is @name. */
static const RumbleFakeRequest *
find_service_request (RumbleFakeServer *fake,
                      const char       *name)
{
  GPtrArray *requests = rumble_fake_server_get_requests (fake);

  for (guint i = requests->len; i > 0; i--)
    {
      const RumbleFakeRequest *request = g_ptr_array_index (requests, i - 1);
      g_autoptr(GHashTable) query = NULL;

      if (g_strcmp0 (request->path, "/service.php") != 0 || request->query == NULL)
        continue;
      query = soup_form_decode (request->query);
      if (g_strcmp0 (g_hash_table_lookup (query, "name"), name) == 0)
        return request;
    }

  return NULL;
}

static void
assert_field (const RumbleFakeRequest *request,
              const char              *name,
              const char              *expected)
{
  g_autofree char *value = rumble_fake_request_get_form_field (request, name);

  g_assert_cmpstr (value, ==, expected);
}

static void
assert_no_cookie (const RumbleFakeRequest *request)
{
  g_autofree char *cookie = rumble_fake_request_get_cookie (request, "u_s");

  g_assert_null (cookie);
  g_assert_null (soup_message_headers_get_one (request->headers, "Cookie"));
}

static void
assert_browser_ua (const RumbleFakeRequest *request)
{
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "User-Agent"), ==,
                   "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                   "Chrome/51.0.2704.103 Safari/537.36");
}

static RumbleLoginStep
login (Fixture     *fixture,
       const char  *username,
       const char  *password,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rumble_service_php_login_async (fixture->php, username, password, NULL, on_done, fixture);
  result = wait_result (fixture);
  return rumble_service_php_login_finish (fixture->php, result, error);
}

static gboolean
verify (Fixture     *fixture,
        const char  *code,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rumble_service_php_verify_code_async (fixture->php, code, NULL, on_done, fixture);
  result = wait_result (fixture);
  return rumble_service_php_verify_code_finish (fixture->php, result, error);
}

/* Login paths */

static void
test_login_plain (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *latest = NULL;
  const RumbleFakeRequest *request;
  RumbleLoginStep step;

  step = login (fixture, "MarigoldFinch", "hunter2", &error);
  g_assert_no_error (error);
  g_assert_cmpint (step, ==, RUMBLE_LOGIN_DONE);

  latest = rumble_fake_service_dup_latest_token (fixture->fake);
  g_assert_nonnull (latest);
  g_assert_cmpstr (rumble_service_php_get_session (fixture->php), ==, latest);
  g_assert_cmpuint (fixture->session_notifies, ==, 1);
  g_assert_cmpstr (rumble_service_php_get_username (fixture->php), ==, "MarigoldFinch");
  g_assert_cmpstr (rumble_service_php_get_user_id (fixture->php), ==, "87654321");
  g_assert_false (rumble_service_php_get_needs_second_factor (fixture->php));

  /* Salts: POST with response_type=session, the username, browser UA, no cookie. */
  request = find_service_request (fixture->fake, "user.get_salts");
  g_assert_nonnull (request);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_nonnull (strstr (request->query, "response_type=session"));
  assert_field (request, "username", "MarigoldFinch");
  assert_browser_ua (request);
  assert_no_cookie (request);

  request = find_service_request (fixture->fake, "user.2fa.first_step");
  g_assert_nonnull (request);
  g_assert_cmpstr (request->method, ==, "POST");
  assert_field (request, "legacy_password", "1");
  assert_field (request, "login", "MarigoldFinch");
  assert_field (request, "password", HUNTER2_HASHES);
  assert_field (request, "redirect_url", "https://rumble.com");
  assert_browser_ua (request);
  assert_no_cookie (request);

  request = find_service_request (fixture->fake, "user.login");
  g_assert_nonnull (request);
  g_assert_cmpstr (request->method, ==, "POST");
  assert_field (request, "username", "MarigoldFinch");
  assert_field (request, "password_hashes", HUNTER2_HASHES);
  assert_browser_ua (request);
  assert_no_cookie (request);
}

static void
test_login_2fa_email (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *sent_to = NULL;
  g_autofree char *latest = NULL;
  g_autofree char *totp_id = NULL;
  g_autofree char *user_key = NULL;
  const RumbleFakeRequest *request;
  RumbleLoginStep step;

  step = login (fixture, "OakModerator", "correct horse", &error);
  g_assert_no_error (error);
  g_assert_cmpint (step, ==, RUMBLE_LOGIN_NEEDS_SECOND_FACTOR);
  g_assert_true (rumble_service_php_get_needs_second_factor (fixture->php));
  g_assert_cmpint (rumble_service_php_get_second_factors (fixture->php), ==,
                   RUMBLE_SECOND_FACTOR_AUTHENTICATOR | RUMBLE_SECOND_FACTOR_EMAIL);
  g_assert_null (rumble_service_php_get_session (fixture->php));
  g_assert_null (find_service_request (fixture->fake, "user.login"));

  rumble_service_php_request_code_async (fixture->php, RUMBLE_SECOND_FACTOR_EMAIL, NULL,
                                         on_done, fixture);
  result = wait_result (fixture);
  sent_to = rumble_service_php_request_code_finish (fixture->php, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sent_to, ==, "oa*****@ex*****.com");

  request = find_service_request (fixture->fake, "user.2fa.request_email_code");
  g_assert_nonnull (request);
  g_assert_cmpstr (request->method, ==, "POST");
  totp_id = rumble_fake_request_get_form_field (request, "totp_id");
  user_key = rumble_fake_request_get_form_field (request, "user_key");
  g_assert_true (g_str_has_prefix (totp_id, "tp_"));
  g_assert_true (g_str_has_prefix (user_key, "uk_"));
  assert_no_cookie (request);

  g_assert_true (verify (fixture, "123456", &error));
  g_assert_no_error (error);

  latest = rumble_fake_service_dup_latest_token (fixture->fake);
  g_assert_cmpstr (rumble_service_php_get_session (fixture->php), ==, latest);
  g_assert_cmpstr (rumble_service_php_get_user_id (fixture->php), ==, "77001234");
  g_assert_false (rumble_service_php_get_needs_second_factor (fixture->php));

  request = find_service_request (fixture->fake, "user.2fa.verify_totp");
  g_assert_nonnull (request);
  assert_field (request, "code", "123456");
  assert_field (request, "redirect_url", "https://rumble.com");
  assert_field (request, "totp_id", totp_id);
  assert_field (request, "user_key", user_key);
  assert_no_cookie (request);
}

static void
test_login_2fa_authenticator (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (login (fixture, "OakModerator", "correct horse", &error), ==,
                   RUMBLE_LOGIN_NEEDS_SECOND_FACTOR);
  g_assert_no_error (error);

  /* A wrong code is an auth error with the server's words; the pending login stays. */
  g_assert_false (verify (fixture, "000000", &error));
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_AUTH);
  g_assert_cmpstr (error->message, ==, "Invalid verification code");
  g_assert_null (rumble_service_php_get_session (fixture->php));
  g_clear_error (&error);

  g_assert_true (verify (fixture, " 123456 ", &error));
  g_assert_no_error (error);
  g_assert_nonnull (rumble_service_php_get_session (fixture->php));
  g_assert_null (find_service_request (fixture->fake, "user.2fa.request_email_code"));
}

static void
test_login_wrong_password (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  login (fixture, "MarigoldFinch", "hunter3", &error);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_AUTH);
  g_assert_cmpstr (error->message, ==, "Invalid username or password");
  g_assert_null (rumble_service_php_get_session (fixture->php));
  g_assert_cmpuint (fixture->session_notifies, ==, 0);
  g_clear_error (&error);

  /* An unknown username gets fewer than three salts: the password is never sent. */
  rumble_fake_server_clear_requests (fixture->fake);
  login (fixture, "NobodyAtAll", "hunter2", &error);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_AUTH);
  g_assert_nonnull (find_service_request (fixture->fake, "user.get_salts"));
  g_assert_null (find_service_request (fixture->fake, "user.2fa.first_step"));
  g_clear_error (&error);

  /* Empty input never reaches the network. */
  rumble_fake_server_clear_requests (fixture->fake);
  login (fixture, "  ", "hunter2", &error);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  login (fixture, "MarigoldFinch", "", &error);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);
  g_assert_cmpuint (rumble_fake_server_get_requests (fixture->fake)->len, ==, 0);
}

static void
test_login_expired_key (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *sent_to = NULL;

  g_assert_cmpint (login (fixture, "OakModerator", "correct horse", &error), ==,
                   RUMBLE_LOGIN_NEEDS_SECOND_FACTOR);
  g_assert_no_error (error);

  rumble_fake_service_expire_user_keys (fixture->fake);

  rumble_service_php_request_code_async (fixture->php, RUMBLE_SECOND_FACTOR_EMAIL, NULL,
                                         on_done, fixture);
  result = wait_result (fixture);
  sent_to = rumble_service_php_request_code_finish (fixture->php, result, &error);
  g_assert_null (sent_to);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_AUTH);
  g_assert_cmpstr (error->message, ==, "Invalid or expired user key");
  g_clear_error (&error);

  g_assert_false (verify (fixture, "123456", &error));
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_AUTH);
  g_assert_cmpstr (error->message, ==, "Invalid or expired user key");
  g_assert_null (rumble_service_php_get_session (fixture->php));
  g_clear_error (&error);

  /* Starting again from the first step works. */
  g_assert_cmpint (login (fixture, "OakModerator", "correct horse", &error), ==,
                   RUMBLE_LOGIN_NEEDS_SECOND_FACTOR);
  g_assert_true (verify (fixture, "123456", &error));
  g_assert_no_error (error);
}

static void
test_second_factor_without_login (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (verify (fixture, "123456", &error));
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_AUTH);
  g_assert_cmpuint (rumble_fake_server_get_requests (fixture->fake)->len, ==, 0);
}

static gboolean
test_session (Fixture  *fixture,
              GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rumble_service_php_test_session_async (fixture->php, NULL, on_done, fixture);
  result = wait_result (fixture);
  return rumble_service_php_test_session_finish (fixture->php, result, error);
}

static void
test_session_valid_invalid (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = rumble_fake_service_login (fixture->fake, "MarigoldFinch");
  g_autofree char *cookie = NULL;
  const RumbleFakeRequest *request;

  g_assert_false (test_session (fixture, &error));
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_NO_SESSION);
  g_clear_error (&error);

  rumble_service_php_set_session (fixture->php, token);
  g_assert_true (test_session (fixture, &error));
  g_assert_no_error (error);

  request = rumble_fake_server_find_request (fixture->fake, "GET", "/login.php");
  g_assert_nonnull (request);
  cookie = rumble_fake_request_get_cookie (request, "u_s");
  g_assert_cmpstr (cookie, ==, token);
  assert_browser_ua (request);
  /* It followed the redirect to the front page. */
  g_assert_nonnull (rumble_fake_server_find_request (fixture->fake, "GET", "/"));

  rumble_service_php_set_session (fixture->php, "0123456789abcdef0123456789abcdef");
  g_assert_false (test_session (fixture, &error));
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_AUTH);
  /* The cookie never follows a redirect elsewhere; here it stays on the same origin. */
  request = rumble_fake_server_find_request (fixture->fake, "GET", "/auth.rumble.com/");
  g_assert_nonnull (request);
}

static void
test_user_id (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *token = rumble_fake_service_login (fixture->fake, "Quillback_Tom");
  g_autofree char *user_id = NULL;
  g_autofree char *cookie = NULL;
  const RumbleFakeRequest *request;

  rumble_service_php_set_session (fixture->php, token);
  rumble_service_php_get_user_id_async (fixture->php, NULL, on_done, fixture);
  result = wait_result (fixture);
  user_id = rumble_service_php_get_user_id_finish (fixture->php, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user_id, ==, "61234567");
  g_assert_cmpstr (rumble_service_php_get_user_id (fixture->php), ==, "61234567");

  request = find_service_request (fixture->fake, "user.has_unread_notifications");
  g_assert_nonnull (request);
  g_assert_cmpstr (request->method, ==, "GET");
  cookie = rumble_fake_request_get_cookie (request, "u_s");
  g_assert_cmpstr (cookie, ==, token);
}

static void
test_logout (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *token = NULL;
  g_autofree char *cookie = NULL;
  const RumbleFakeRequest *request;

  login (fixture, "MarigoldFinch", "hunter2", &error);
  g_assert_no_error (error);
  token = g_strdup (rumble_service_php_get_session (fixture->php));
  g_assert_true (rumble_fake_service_token_is_valid (fixture->fake, token));

  rumble_service_php_logout_async (fixture->php, NULL, on_done, fixture);
  /* Forgotten at once, whatever the server answers. */
  g_assert_null (rumble_service_php_get_session (fixture->php));
  g_assert_null (rumble_service_php_get_user_id (fixture->php));
  result = wait_result (fixture);
  g_assert_true (rumble_service_php_logout_finish (fixture->php, result, &error));
  g_assert_no_error (error);

  request = find_service_request (fixture->fake, "user.logout");
  g_assert_nonnull (request);
  g_assert_cmpstr (request->method, ==, "GET");
  cookie = rumble_fake_request_get_cookie (request, "u_s");
  g_assert_cmpstr (cookie, ==, token);
  g_assert_false (rumble_fake_service_token_is_valid (fixture->fake, token));
  /* The "u_s=deleted" cookie of the reply is not taken as a session. */
  g_assert_null (rumble_service_php_get_session (fixture->php));
  g_assert_cmpuint (fixture->session_notifies, ==, 2);
}

static void
test_renewed_session (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *token = rumble_fake_service_login (fixture->fake, "MarigoldFinch");
  g_autofree char *user_id = NULL;
  g_autofree char *renewed = NULL;

  rumble_service_php_set_session (fixture->php, token);
  fixture->session_notifies = 0;
  rumble_fake_service_renew_next (fixture->fake);

  rumble_service_php_get_user_id_async (fixture->php, NULL, on_done, fixture);
  result = wait_result (fixture);
  user_id = rumble_service_php_get_user_id_finish (fixture->php, result, &error);
  g_assert_no_error (error);

  renewed = rumble_fake_service_dup_latest_token (fixture->fake);
  g_assert_cmpstr (renewed, !=, token);
  g_assert_cmpstr (rumble_service_php_get_session (fixture->php), ==, renewed);
  g_assert_cmpuint (fixture->session_notifies, ==, 1);
}

/* Generic calls and error shapes */

static JsonObject *
call (Fixture                *fixture,
      const char             *method,
      RumbleServiceCallFlags  flags,
      GError                **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  const char *names[] = { "video_id" };
  const char *values[] = { RUMBLE_FAKE_DEFAULT_STREAM };

  rumble_service_php_callv_async (fixture->php, method, names, values,
                                  (flags & RUMBLE_SERVICE_CALL_GET) ? 0 : 1,
                                  flags, NULL, on_done, fixture);
  result = wait_result (fixture);
  return rumble_service_php_call_finish (fixture->php, result, error);
}

static void
log_in_quietly (Fixture    *fixture,
                const char *username)
{
  g_autofree char *token = rumble_fake_service_login (fixture->fake, username);

  rumble_service_php_set_session (fixture->php, token);
}

static void
test_call_success (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) root = NULL;
  const RumbleFakeRequest *request;

  root = call (fixture, "raid.confirm", RUMBLE_SERVICE_CALL_MUTATION, &error);
  g_assert_null (root);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_NO_SESSION);
  g_assert_cmpuint (rumble_fake_server_get_requests (fixture->fake)->len, ==, 0);
  g_clear_error (&error);

  log_in_quietly (fixture, "MarigoldFinch");
  root = call (fixture, "raid.confirm", RUMBLE_SERVICE_CALL_MUTATION, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (root, "data"),
                                                 "success"));

  request = find_service_request (fixture->fake, "raid.confirm");
  g_assert_cmpstr (soup_message_headers_get_content_type (request->headers, NULL), ==,
                   "application/x-www-form-urlencoded");
  assert_field (request, "video_id", RUMBLE_FAKE_DEFAULT_STREAM);
  assert_browser_ua (request);
}

typedef struct {
  const char  *name;
  guint        status;
  const char  *body;
  const char  *header_name;
  const char  *header_value;
  gboolean     mutation;
  RumbleError  code;
  const char  *message;        /* NULL: only the code is checked */
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "403", 403,
    "{\"errors\":[{\"code\":\"permission\",\"message\":\"You do not have permission to moderate this chat.\"}]}",
    NULL, NULL, TRUE, RUMBLE_ERROR_PERMISSION, "You do not have permission to moderate this chat." },
  { "403-empty", 403, NULL, NULL, NULL, TRUE, RUMBLE_ERROR_PERMISSION, NULL },
  { "401", 401, "{\"errors\":[{\"code\":\"unauthorized\",\"msg\":\"Log in first.\"}]}",
    NULL, NULL, TRUE, RUMBLE_ERROR_AUTH, "Log in first." },
  { "404", 404, "{\"errors\":[{\"code\":\"not_found\",\"message\":\"Video not found.\"}]}",
    NULL, NULL, TRUE, RUMBLE_ERROR_NOT_FOUND, "Video not found." },
  { "429", 429, "{\"errors\":[{\"code\":\"rate\",\"message\":\"Slow down.\"}]}",
    "Retry-After", "7", TRUE, RUMBLE_ERROR_RATE_LIMIT, "Slow down." },
  { "500-mutation", 500, "oops", NULL, NULL, TRUE, RUMBLE_ERROR_AMBIGUOUS, NULL },
  { "502-read", 502, NULL, NULL, NULL, FALSE, RUMBLE_ERROR_HTTP, NULL },
  { "408-mutation", 408, NULL, NULL, NULL, TRUE, RUMBLE_ERROR_AMBIGUOUS, NULL },
  { "400", 400, "{\"errors\":[{\"code\":\"invalid_field\",\"message\":\"type must be video or total.\"}]}",
    NULL, NULL, TRUE, RUMBLE_ERROR_HTTP, "type must be video or total." },
  { "malformed-mutation", 200, "{\"data\": {\"success\": tr", NULL, NULL, TRUE,
    RUMBLE_ERROR_AMBIGUOUS, NULL },
  { "malformed-read", 200, "<html>not json</html>", NULL, NULL, FALSE, RUMBLE_ERROR_PROTOCOL, NULL },
  { "not-object-read", 200, "[1,2,3]", NULL, NULL, FALSE, RUMBLE_ERROR_PROTOCOL, NULL },
  { "200-errors", 200,
    "{\"user\":{\"id\":\"_1g6qi9\",\"logged_in\":true},\"errors\":[{\"code\":\"x\",\"message\":\"Nope.\"}]}",
    NULL, NULL, TRUE, RUMBLE_ERROR_PERMISSION, "Nope." },
  { "success-false", 200,
    "{\"user\":{\"id\":\"_1g6qi9\",\"logged_in\":true},\"data\":{\"success\":false,\"reason\":\"Not today.\"}}",
    NULL, NULL, TRUE, RUMBLE_ERROR_PERMISSION, "Not today." },
  { "logged-out", 200,
    "{\"user\":{\"id\":null,\"logged_in\":false},\"data\":{\"success\":true}}",
    NULL, NULL, TRUE, RUMBLE_ERROR_AUTH, NULL },
  { "control-chars", 403,
    "{\"errors\":[{\"code\":\"permission\",\"message\":\"line one\\nline\\u0007 two\"}]}",
    NULL, NULL, TRUE, RUMBLE_ERROR_PERMISSION, "line one line  two" },
};

static void
test_error_shapes (Fixture       *fixture,
                   gconstpointer  data)
{
  log_in_quietly (fixture, "MarigoldFinch");

  for (gsize i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      const ErrorCase *c = &error_cases[i];
      const char *method = c->mutation ? "raid.confirm" : "user.has_unread_notifications";
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) root = NULL;

      g_test_message ("case %s", c->name);
      rumble_fake_server_add_fault (fixture->fake, &(RumbleFakeFault) {
        .route = method, .kind = RUMBLE_FAKE_FAULT_STATUS, .status = c->status, .body = c->body,
        .headers = (const char *[]) { c->header_name, c->header_value, NULL }, .count = 1 });
      root = call (fixture, method,
                   c->mutation ? RUMBLE_SERVICE_CALL_MUTATION : RUMBLE_SERVICE_CALL_GET, &error);
      g_assert_null (root);
      g_assert_error (error, RUMBLE_ERROR, (gint) c->code);
      if (c->message != NULL)
        g_assert_cmpstr (error->message, ==, c->message);
      if (c->code == RUMBLE_ERROR_RATE_LIMIT)
        g_assert_cmpuint (rumble_error_get_retry_after (error), ==, 7);
      else
        g_assert_cmpuint (rumble_error_get_retry_after (error), ==, 0);
      if (c->code == RUMBLE_ERROR_AMBIGUOUS)
        g_assert_nonnull (strstr (error->message, "may have happened"));
    }
}

/* The action happened, then the reply failed: the caller must hear "it may have happened". */
static void
test_ambiguous_after_action (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) root = NULL;
  guint n_requests;

  log_in_quietly (fixture, "MarigoldFinch");
  rumble_fake_server_add_fault (fixture->fake, &(RumbleFakeFault) {
    .route = "raid.confirm", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 503, .after_action = TRUE,
    .count = 1 });

  n_requests = rumble_fake_server_get_requests (fixture->fake)->len;
  root = call (fixture, "raid.confirm", RUMBLE_SERVICE_CALL_MUTATION, &error);
  g_assert_null (root);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_AMBIGUOUS);
  /* Never retried. */
  test_iterate_for (100);
  g_assert_cmpuint (rumble_fake_server_get_requests (fixture->fake)->len, ==, n_requests + 1);
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) root = NULL;
  gint64 start;

  log_in_quietly (fixture, "MarigoldFinch");
  rumble_http_set_timeout_for_testing (300);

  start = g_get_monotonic_time ();
  rumble_fake_server_add_fault (fixture->fake, &(RumbleFakeFault) {
    .route = "raid.confirm", .kind = RUMBLE_FAKE_FAULT_STALL, .count = 1 });
  root = call (fixture, "raid.confirm", RUMBLE_SERVICE_CALL_MUTATION, &error);
  g_assert_null (root);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_AMBIGUOUS);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 250 * G_TIME_SPAN_MILLISECOND);
  g_clear_error (&error);

  rumble_fake_server_add_fault (fixture->fake, &(RumbleFakeFault) {
    .route = "user.has_unread_notifications", .kind = RUMBLE_FAKE_FAULT_STALL, .count = 1 });
  root = call (fixture, "user.has_unread_notifications", RUMBLE_SERVICE_CALL_GET, &error);
  g_assert_null (root);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_NETWORK);
}

static void
test_too_large (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autofree char *big = NULL;
  gsize len = RUMBLE_HTTP_JSON_MAX + 10;

  log_in_quietly (fixture, "MarigoldFinch");
  big = g_malloc (len + 1);
  memset (big, ' ', len);
  big[0] = '{';
  big[len - 1] = '}';
  big[len] = '\0';

  rumble_fake_server_add_fault (fixture->fake, &(RumbleFakeFault) {
    .route = "user.has_unread_notifications", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 200,
    .body = big, .count = 1 });
  root = call (fixture, "user.has_unread_notifications", RUMBLE_SERVICE_CALL_GET, &error);
  g_assert_null (root);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_TOO_LARGE);
  g_clear_error (&error);

  rumble_fake_server_add_fault (fixture->fake, &(RumbleFakeFault) {
    .route = "raid.confirm", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 200, .body = big,
    .count = 1 });
  root = call (fixture, "raid.confirm", RUMBLE_SERVICE_CALL_MUTATION, &error);
  g_assert_null (root);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_AMBIGUOUS);
}

static void
test_connection_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleFakeServer) fake = rumble_fake_server_new (0, &error);
  g_autofree char *url = NULL;
  g_autoptr(RumbleServicePhp) php = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  Fixture fixture = { 0 };

  g_assert_no_error (error);
  url = g_strdup (rumble_fake_server_get_url (fake));
  g_assert_finalize_object (g_steal_pointer (&fake));   /* nothing listens on that port any more */

  php = rumble_service_php_new (url, NULL);
  fixture.php = php;
  rumble_service_php_login_async (php, "MarigoldFinch", "hunter2", NULL, on_done, &fixture);
  result = wait_result (&fixture);
  rumble_service_php_login_finish (php, result, &error);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_NETWORK);
  g_assert_null (rumble_service_php_get_session (php));
  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&php));
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rumble_fake_server_add_fault (fixture->fake, &(RumbleFakeFault) {
    .route = "user.get_salts", .kind = RUMBLE_FAKE_FAULT_STALL, .count = 1 });
  rumble_service_php_login_async (fixture->php, "MarigoldFinch", "hunter2", cancellable,
                                  on_done, fixture);
  test_iterate_for (50);
  g_cancellable_cancel (cancellable);
  result = wait_result (fixture);
  rumble_service_php_login_finish (fixture->php, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_plain_http_refused (void)
{
  g_autoptr(RumbleServicePhp) php = rumble_service_php_new ("http://rumble.example", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Fixture fixture = { 0 };

  fixture.php = php;
  rumble_service_php_login_async (php, "MarigoldFinch", "hunter2", NULL, on_done, &fixture);
  result = wait_result (&fixture);
  rumble_service_php_login_finish (php, result, &error);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);
  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&php));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/rumble/service-php/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("login/plain", test_login_plain);
  ADD ("login/2fa-email", test_login_2fa_email);
  ADD ("login/2fa-authenticator", test_login_2fa_authenticator);
  ADD ("login/wrong-password", test_login_wrong_password);
  ADD ("login/expired-user-key", test_login_expired_key);
  ADD ("login/second-factor-without-login", test_second_factor_without_login);
  ADD ("login/cancelled", test_cancelled);
  ADD ("session/test", test_session_valid_invalid);
  ADD ("session/user-id", test_user_id);
  ADD ("session/logout", test_logout);
  ADD ("session/renewed", test_renewed_session);
  ADD ("call/success", test_call_success);
  ADD ("call/error-shapes", test_error_shapes);
  ADD ("call/ambiguous-after-action", test_ambiguous_after_action);
  ADD ("call/timeout", test_timeout);
  ADD ("call/too-large", test_too_large);
  g_test_add_func ("/rumble/service-php/call/connection-refused", test_connection_refused);
  g_test_add_func ("/rumble/service-php/call/plain-http-refused", test_plain_http_refused);

#undef ADD

  return g_test_run ();
}
