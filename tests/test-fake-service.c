/* test-fake-service.c — the fake server's service.php, login and chat mutation routes
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Talks to the fake with a bare SoupSession (no librumble), so the fake's own
 * behaviour is checked independently of the client.
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rumble-fake-private.h"
#include "test-util.h"

#define STREAM        RUMBLE_FAKE_DEFAULT_STREAM
#define MARIGOLD_HASH "69e43d6252a5ac8b87fb6c0c9fee862d,02fe747aa22aaf14fcfe35f1cfb5d0fa,e5f6g7h8"
#define FIRST_MESSAGE "1402937465012345601"
#define PIN_FORM      "video_id=" STREAM "&message_id=" FIRST_MESSAGE
#define MESSAGE_PATH  "/chat/api/chat/" STREAM "/message/" FIRST_MESSAGE
#define MUTE_X_FORM   "user_to_mute=X&entity_type=user&type=total"
#define REDIRECT      "redirect_url=https%3A%2F%2Frumble.com"

typedef struct {
  RumbleFakeServer *fake;
  SoupSession      *session;
  /* stream listener */
  SoupSession      *stream_session;
  GCancellable     *cancellable;
  GDataInputStream *lines;
  GPtrArray        *events;      /* of JsonNode (whole events) */
} Fixture;

typedef struct {
  guint               status;
  char               *body;
  SoupMessageHeaders *headers;
  JsonNode           *json;
} Reply;

static void
reply_free (Reply *reply)
{
  g_free (reply->body);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_pointer (&reply->json, json_node_unref);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->fake = rumble_fake_server_new (0, &error);
  g_assert_no_error (error);
  f->session = soup_session_new_with_options ("timeout", 10, NULL);
  f->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->cancellable != NULL)
    {
      g_cancellable_cancel (f->cancellable);
      test_iterate_for (50);
    }
  g_clear_object (&f->lines);
  g_clear_object (&f->cancellable);
  g_clear_object (&f->stream_session);
  g_clear_object (&f->session);
  g_assert_finalize_object (g_steal_pointer (&f->fake));
  g_ptr_array_unref (f->events);
}

/* ---- HTTP ---- */

typedef struct {
  gboolean  done;
  GBytes   *bytes;
  GError   *error;
} Pending;

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Pending *pending = user_data;

  pending->bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                      &pending->error);
  pending->done = TRUE;
}

static Reply *
request_full (Fixture    *f,
              const char *method,
              const char *path,
              const char *content_type,
              const char *body,
              const char *token,
              GError    **error)
{
  g_autofree char *url = g_strconcat (rumble_fake_server_get_url (f->fake), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  Pending pending = { 0 };
  Reply *reply;

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }
  if (token != NULL)
    {
      g_autofree char *cookie = g_strconcat ("u_s=", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Cookie", cookie);
    }

  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, on_read, &pending);
  test_wait_for_flag (&pending.done, 15000);
  if (pending.error != NULL)
    {
      g_propagate_error (error, pending.error);
      return NULL;
    }

  reply = g_new0 (Reply, 1);
  reply->status = soup_message_get_status (msg);
  reply->body = g_strndup (g_bytes_get_data (pending.bytes, NULL),
                           g_bytes_get_size (pending.bytes));
  if (reply->body == NULL)
    reply->body = g_strdup ("");
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (reply->body[0] != '\0')
    reply->json = json_from_string (reply->body, NULL);
  g_bytes_unref (pending.bytes);
  return reply;
}

static Reply *
request (Fixture    *f,
         const char *method,
         const char *path,
         const char *form,
         const char *token)
{
  g_autoptr(GError) error = NULL;
  Reply *reply = request_full (f, method, path,
                               form != NULL ? "application/x-www-form-urlencoded" : NULL,
                               form, token, &error);

  g_assert_no_error (error);
  return reply;
}

static Reply *
service (Fixture    *f,
         const char *method,
         const char *name,
         const char *form,
         const char *token)
{
  g_autofree char *path = g_strconcat ("/service.php?name=", name, NULL);

  return request (f, method, path, form, token);
}

/* The value of a JSON path like "$.data.session" as text ("null" for null). */
static char *
jget (Reply      *reply,
      const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  JsonArray *array;
  JsonNode *node;

  g_assert_nonnull (reply->json);
  result = json_path_query (path, reply->json, &error);
  g_assert_no_error (error);
  array = json_node_get_array (result);
  if (json_array_get_length (array) == 0)
    return NULL;
  node = json_array_get_element (array, 0);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

#define assert_json(reply, path, expected) G_STMT_START {  \
  g_autofree char *_v = jget ((reply), (path));            \
  g_assert_cmpstr (_v, ==, (expected));                    \
} G_STMT_END

/* The u_s value of the reply's Set-Cookie, or NULL. */
static char *
reply_cookie (Reply *reply)
{
  const char *header = soup_message_headers_get_list (reply->headers, "Set-Cookie");
  const char *end;

  if (header == NULL || !g_str_has_prefix (header, "u_s="))
    return NULL;
  header += 4;
  end = strchr (header, ';');
  return end != NULL ? g_strndup (header, end - header) : g_strdup (header);
}

static char *
login_marigold (Fixture *f)
{
  g_autoptr(Reply) reply = service (f, "POST", "user.login",
                                    "username=MarigoldFinch&password_hashes=" MARIGOLD_HASH, NULL);
  char *token = jget (reply, "$.data.session");

  g_assert_nonnull (token);
  return token;
}

/* ---- Stream listener ---- */

static void read_next_line (Fixture *f);

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                                      result, NULL, &error);

  if (line == NULL)
    return;
  if (g_str_has_prefix (line, "data:"))
    {
      JsonNode *node = json_from_string (g_strchug (line + 5), NULL);

      if (node != NULL)
        g_ptr_array_add (f->events, node);
    }
  read_next_line (f);
}

static void
read_next_line (Fixture *f)
{
  g_data_input_stream_read_line_async (f->lines, G_PRIORITY_DEFAULT, f->cancellable, on_line, f);
}

static void
on_stream_sent (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GInputStream) stream = soup_session_send_finish (SOUP_SESSION (source), result, NULL);

  g_assert_nonnull (stream);
  f->lines = g_data_input_stream_new (stream);
  g_data_input_stream_set_newline_type (f->lines, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  read_next_line (f);
}

static const char *
event_type (JsonNode *event)
{
  return json_object_get_string_member_with_default (json_node_get_object (event), "type", "");
}

static gboolean
has_init (gpointer data)
{
  Fixture *f = data;

  return f->events->len > 0 && g_str_equal (event_type (g_ptr_array_index (f->events, 0)), "init");
}

static void
listen_stream (Fixture *f)
{
  g_autofree char *url = g_strdup_printf ("%s/chat/%s/stream",
                                          rumble_fake_server_get_chat_url (f->fake), STREAM);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  f->stream_session = soup_session_new_with_options ("timeout", 0, "idle-timeout", 0, NULL);
  f->cancellable = g_cancellable_new ();
  soup_session_send_async (f->stream_session, msg, G_PRIORITY_DEFAULT, f->cancellable,
                           on_stream_sent, f);
  test_wait_until (has_init, f, 5000);
}

typedef struct {
  Fixture    *f;
  const char *type;
} WaitEvent;

static JsonNode *
find_event (Fixture    *f,
            const char *type)
{
  for (guint i = 0; i < f->events->len; i++)
    if (g_str_equal (event_type (g_ptr_array_index (f->events, i)), type))
      return g_ptr_array_index (f->events, i);
  return NULL;
}

static gboolean
has_event (gpointer data)
{
  WaitEvent *w = data;

  return find_event (w->f, w->type) != NULL;
}

/* Waits for the first event of @type and returns it as one line of JSON. */
static char *
wait_event (Fixture    *f,
            const char *type)
{
  WaitEvent w = { f, type };

  test_wait_until (has_event, &w, 5000);
  return json_to_string (find_event (f, type), FALSE);
}

/* ---- Tests ---- */

static void
test_hash_vectors (void)
{
  g_autofree char *a = rumble_fake_service_compute_hashes ("hunter2", "a1b2c3d4", "e5f6g7h8",
                                                           "i9j0k1l2");
  g_autofree char *b = rumble_fake_service_compute_hashes ("p\xc3\xa4ssw\xc3\xb6rd\xe2\x9c\x93",
                                                           "a1b2c3d4", "e5f6g7h8", "i9j0k1l2");

  g_assert_cmpstr (a, ==, MARIGOLD_HASH);
  g_assert_cmpstr (b, ==,
                   "10592e0e1ed3793477d88cc77a18955b,f728da391230cfbf35547fe51b0b64e9,e5f6g7h8");
}

static void
test_login_plain (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(Reply) salts = service (f, "POST", "user.get_salts&response_type=session",
                                    "username=MarigoldFinch", NULL);
  g_autoptr(Reply) unknown = service (f, "POST", "user.get_salts", "username=Nobody", NULL);
  g_autoptr(Reply) probe = NULL;
  g_autoptr(Reply) login = NULL;
  g_autoptr(Reply) whoami = NULL;
  g_autoptr(Reply) valid = NULL;
  g_autoptr(Reply) logout = NULL;
  g_autoptr(Reply) home = NULL;
  g_autoptr(Reply) auth = NULL;
  g_autoptr(Reply) invalid = NULL;
  g_autoptr(Reply) after = NULL;
  g_autofree char *token = NULL;
  g_autofree char *cookie = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *front = NULL;

  g_assert_cmpuint (salts->status, ==, 200);
  g_assert_cmpstr (salts->body, ==,
                   "{\"user\":{\"id\":null,\"logged_in\":false},"
                   "\"data\":{\"salts\":[\"a1b2c3d4\",\"e5f6g7h8\",\"i9j0k1l2\"]}}");
  assert_json (unknown, "$.data.salts", "[]");

  probe = service (f, "POST", "user.2fa.first_step",
                   "legacy_password=1&login=MarigoldFinch&password=" MARIGOLD_HASH
                   "&redirect_url=https%3A%2F%2Frumble.com", NULL);
  g_assert_cmpuint (probe->status, ==, 200);
  assert_json (probe, "$.data.totp_id", "null");

  login = service (f, "POST", "user.login",
                   "username=MarigoldFinch&password_hashes=" MARIGOLD_HASH, NULL);
  g_assert_cmpuint (login->status, ==, 200);
  token = jget (login, "$.data.session");
  cookie = reply_cookie (login);
  g_assert_nonnull (token);
  g_assert_cmpstr (token, ==, cookie);
  assert_json (login, "$.user.id", "_1g6qi9");
  g_assert_cmpuint (rumble_fake_service_get_n_tokens (f->fake), ==, 1);

  whoami = service (f, "GET", "user.has_unread_notifications", NULL, token);
  assert_json (whoami, "$.user.id", "_1g6qi9");
  assert_json (whoami, "$.user.logged_in", "true");
  endpoint = jget (whoami, "$.user.chat.endpoint");
  g_assert_cmpstr (endpoint, ==, rumble_fake_server_get_chat_url (f->fake));

  valid = request (f, "GET", "/login.php", NULL, token);
  g_assert_cmpuint (valid->status, ==, 302);
  front = g_strconcat (rumble_fake_server_get_url (f->fake), "/", NULL);
  g_assert_cmpstr (soup_message_headers_get_one (valid->headers, "Location"), ==, front);

  home = request (f, "GET", "/", NULL, token);
  g_assert_cmpuint (home->status, ==, 200);
  auth = request (f, "GET", "/auth.rumble.com/login", NULL, NULL);
  g_assert_cmpuint (auth->status, ==, 200);
  g_assert_nonnull (strstr (auth->body, "<title>Login"));

  logout = service (f, "GET", "user.logout", NULL, token);
  assert_json (logout, "$.user.logged_in", "false");
  g_assert_cmpuint (rumble_fake_service_get_n_tokens (f->fake), ==, 0);

  invalid = request (f, "GET", "/login.php", NULL, token);
  g_assert_cmpuint (invalid->status, ==, 302);
  g_assert_nonnull (strstr (soup_message_headers_get_one (invalid->headers, "Location"),
                            "auth.rumble.com"));

  after = service (f, "GET", "user.has_unread_notifications", NULL, token);
  assert_json (after, "$.user.logged_in", "false");
  assert_json (after, "$.user.id", "null");
}

static void
test_login_failures (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Reply) wrong = service (f, "POST", "user.login",
                                    "username=MarigoldFinch&password_hashes=00,11,e5f6g7h8", NULL);
  g_autoptr(Reply) missing = service (f, "POST", "user.2fa.first_step",
                                      "login=MarigoldFinch&password=" MARIGOLD_HASH, NULL);
  g_autoptr(Reply) get = service (f, "GET", "user.get_salts", NULL, NULL);

  g_assert_cmpstr (wrong->body, ==,
                   "{\"user\":{\"id\":null,\"logged_in\":false},"
                   "\"data\":{\"session\":false,\"reason\":\"Invalid username or password\"}}");
  g_assert_null (reply_cookie (wrong));
  g_assert_cmpuint (missing->status, ==, 400);
  g_assert_cmpuint (get->status, ==, 405);
}

static void
test_login_2fa (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *hashes = rumble_fake_service_compute_hashes ("correct horse", "0a4c5e71",
                                                                "b2d9f0a3", "c7e1d5b9");
  g_autofree char *escaped = g_uri_escape_string (hashes, NULL, FALSE);
  g_autofree char *form = g_strconcat ("legacy_password=1&login=OakModerator&password=", escaped,
                                       "&redirect_url=https%3A%2F%2Frumble.com", NULL);
  g_autoptr(Reply) salts = service (f, "POST", "user.get_salts", "username=OakModerator", NULL);
  g_autoptr(Reply) probe = service (f, "POST", "user.2fa.first_step", form, NULL);
  g_autoptr(Reply) plain = NULL;
  g_autoptr(Reply) with_cookie = NULL;
  g_autoptr(Reply) email = NULL;
  g_autoptr(Reply) sms = NULL;
  g_autoptr(Reply) bad_code = NULL;
  g_autoptr(Reply) good = NULL;
  g_autoptr(Reply) whoami = NULL;
  g_autoptr(Reply) expired = NULL;
  g_autoptr(Reply) probe2 = NULL;
  g_autofree char *totp_id = jget (probe, "$.data.totp_id");
  g_autofree char *user_key = jget (probe, "$.data.user_key");
  g_autofree char *keys = NULL;
  g_autofree char *verify = NULL;
  g_autofree char *verify_ok = NULL;
  g_autofree char *token = NULL;
  g_autofree char *totp2 = NULL;
  g_autofree char *key2 = NULL;
  g_autofree char *verify2 = NULL;

  assert_json (salts, "$.data.salts[2]", "c7e1d5b9");
  g_assert_true (g_str_has_prefix (totp_id, "tp_"));
  g_assert_true (g_str_has_prefix (user_key, "uk_"));
  assert_json (probe, "$.data.options", "{\"authenticator\":true,\"email\":true,\"phone\":false}");

  plain = service (f, "POST", "user.login", form, NULL);
  assert_json (plain, "$.data.session", "false");

  keys = g_strdup_printf ("totp_id=%s&user_key=%s", totp_id, user_key);
  with_cookie = service (f, "POST", "user.2fa.request_email_code", keys, "stale");
  g_assert_cmpuint (with_cookie->status, ==, 400);
  email = service (f, "POST", "user.2fa.request_email_code", keys, NULL);
  assert_json (email, "$.data.sent_to", "oa*****@ex*****.com");
  sms = service (f, "POST", "user.2fa.request_sms_code", keys, NULL);
  g_assert_cmpuint (sms->status, ==, 400);

  verify = g_strconcat ("code=654321&" REDIRECT "&", keys, NULL);
  bad_code = service (f, "POST", "user.2fa.verify_totp", verify, NULL);
  assert_json (bad_code, "$.data.success", "false");
  assert_json (bad_code, "$.errors[0].message", "Invalid verification code");
  g_assert_null (reply_cookie (bad_code));

  verify_ok = g_strconcat ("code=123456&" REDIRECT "&", keys, NULL);
  good = service (f, "POST", "user.2fa.verify_totp", verify_ok, NULL);
  assert_json (good, "$.data.success", "true");
  g_assert_null (strstr (good->body, "session"));
  token = reply_cookie (good);
  g_assert_nonnull (token);
  g_assert_null (strstr (good->body, token));
  whoami = service (f, "GET", "user.has_unread_notifications", NULL, token);
  assert_json (whoami, "$.user.id", "_19uej6");

  /* A used key is gone; an expired one gives the H5b shape. */
  probe2 = service (f, "POST", "user.2fa.first_step", form, NULL);
  totp2 = jget (probe2, "$.data.totp_id");
  key2 = jget (probe2, "$.data.user_key");
  rumble_fake_service_expire_user_keys (f->fake);
  verify2 = g_strconcat ("code=123456&" REDIRECT "&totp_id=", totp2, "&user_key=", key2, NULL);
  expired = service (f, "POST", "user.2fa.verify_totp", verify2, NULL);
  g_assert_cmpstr (expired->body, ==,
                   "{\"user\":{\"id\":null,\"logged_in\":false},\"data\":{\"success\":false},"
                   "\"errors\":[{\"code\":\"user_key\","
                   "\"message\":\"Invalid or expired user key\"}]}");
}

static char *
send_body (const char *text,
           const char *channel)
{
  return g_strdup_printf ("{\"data\":{\"request_id\":\"abcDEF123+/xyz\","
                          "\"message\":{\"text\":\"%s\"},"
                          "\"rant\":null,\"channel_id\":%s}}", text, channel);
}

static Reply *
chat_send (Fixture    *f,
           const char *body,
           const char *token)
{
  g_autoptr(GError) error = NULL;
  Reply *reply = request_full (f, "POST", "/chat/api/chat/" STREAM "/message",
                               "application/json", body, token, &error);

  g_assert_no_error (error);
  return reply;
}

static void
test_send (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *token = login_marigold (f);
  g_autofree char *body = send_body ("Hello chat", "null");
  g_autofree char *as_channel = send_body ("From the channel", "5587001");
  g_autofree char *foreign = send_body ("Not mine", "5512345");
  g_autofree char *long_text = g_strnfill (201, 'x');
  g_autofree char *too_long = send_body (long_text, "null");
  g_autofree char *id = NULL;
  g_autofree char *event = NULL;
  g_autofree char *message = NULL;
  g_autoptr(Reply) ok = NULL;
  g_autoptr(Reply) channel = NULL;
  g_autoptr(Reply) anonymous = NULL;
  g_autoptr(Reply) shape = NULL;
  g_autoptr(Reply) extra = NULL;
  g_autoptr(Reply) string_channel = NULL;
  g_autoptr(Reply) length = NULL;
  g_autoptr(Reply) not_mine = NULL;
  g_autoptr(Reply) preflight = NULL;

  listen_stream (f);

  preflight = request (f, "OPTIONS", "/chat/api/chat/" STREAM "/message", NULL, NULL);
  g_assert_cmpuint (preflight->status, ==, 200);
  g_assert_nonnull (soup_message_headers_get_one (preflight->headers,
                                                  "Access-Control-Allow-Origin"));

  ok = chat_send (f, body, token);
  g_assert_cmpuint (ok->status, ==, 200);
  id = jget (ok, "$.data.id");
  g_assert_cmpuint (strlen (id), ==, 19);
  assert_json (ok, "$.data.user.username", "MarigoldFinch");
  event = wait_event (f, "messages");
  g_assert_nonnull (strstr (event, "\"request_id\":\"abcDEF123+/xyz\""));
  g_assert_nonnull (strstr (event, id));
  message = rumble_fake_server_get_message_json (f->fake, STREAM, id);
  g_assert_nonnull (strstr (message, "Hello chat"));

  channel = chat_send (f, as_channel, token);
  g_assert_cmpuint (channel->status, ==, 200);

  anonymous = chat_send (f, body, NULL);
  g_assert_cmpuint (anonymous->status, ==, 401);
  assert_json (anonymous, "$.errors[0].type", "error");

  shape = chat_send (f, "{\"data\":{\"message\":{\"text\":\"hi\"}}}", token);
  g_assert_cmpuint (shape->status, ==, 400);
  extra = chat_send (f, "{\"data\":{\"request_id\":\"r\",\"message\":{\"text\":\"hi\"},"
                        "\"rant\":null,"
                        "\"channel_id\":null,\"more\":1}}", token);
  g_assert_cmpuint (extra->status, ==, 400);
  string_channel = chat_send (f, "{\"data\":{\"request_id\":\"r\",\"message\":{\"text\":\"hi\"},"
                                 "\"rant\":null,"
                                 "\"channel_id\":\"5587001\"}}", token);
  g_assert_cmpuint (string_channel->status, ==, 400);
  length = chat_send (f, too_long, token);
  g_assert_cmpuint (length->status, ==, 400);
  assert_json (length, "$.errors[0].code", "too_long");
  not_mine = chat_send (f, foreign, token);
  g_assert_cmpuint (not_mine->status, ==, 403);
}

static void
test_delete_pin (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *token = login_marigold (f);
  g_autofree char *tom = rumble_fake_service_login (f->fake, "Quillback_Tom");
  g_autofree char *pinned = NULL;
  g_autofree char *pin_event = NULL;
  g_autofree char *unpin_event = NULL;
  g_autofree char *delete_event = NULL;
  g_autoptr(Reply) pin = NULL;
  g_autoptr(Reply) unpin = NULL;
  g_autoptr(Reply) forbidden = NULL;
  g_autoptr(Reply) logged_out = NULL;
  g_autoptr(Reply) del = NULL;
  g_autoptr(Reply) again = NULL;
  g_autoptr(Reply) not_yours = NULL;

  listen_stream (f);

  pin = service (f, "POST", "chat.message.pin", PIN_FORM, token);
  g_assert_cmpuint (pin->status, ==, 200);
  assert_json (pin, "$.data.success", "true");
  pinned = rumble_fake_service_dup_pinned (f->fake, STREAM);
  g_assert_cmpstr (pinned, ==, "1402937465012345601");
  pin_event = wait_event (f, "pin_message");
  g_assert_nonnull (strstr (pin_event, "Evening everyone!"));

  unpin = service (f, "POST", "chat.message.unpin", PIN_FORM, token);
  g_assert_cmpuint (unpin->status, ==, 200);
  unpin_event = wait_event (f, "unpin_message");
  g_assert_nonnull (strstr (unpin_event, "1402937465012345601"));
  g_assert_null (rumble_fake_service_dup_pinned (f->fake, STREAM));

  forbidden = service (f, "POST", "chat.message.pin", PIN_FORM, tom);
  g_assert_cmpuint (forbidden->status, ==, 403);
  assert_json (forbidden, "$.errors[0].code", "permission");
  assert_json (forbidden, "$.errors[0].message",
               "You do not have permission to moderate this chat.");

  logged_out = service (f, "POST", "chat.message.pin", PIN_FORM, "nope");
  assert_json (logged_out, "$.user.logged_in", "false");

  not_yours = request (f, "DELETE", MESSAGE_PATH, NULL, tom);
  g_assert_cmpuint (not_yours->status, ==, 403);

  del = request (f, "DELETE", MESSAGE_PATH, NULL, token);
  g_assert_cmpuint (del->status, ==, 200);
  g_assert_cmpstr (del->body, ==, "{\"data\":{\"success\":true}}");
  delete_event = wait_event (f, "delete_messages");
  g_assert_cmpstr (delete_event, ==,
                   "{\"type\":\"delete_messages\","
                   "\"data\":{\"message_ids\":[\"" FIRST_MESSAGE "\"]}}");
  again = request (f, "DELETE", MESSAGE_PATH, NULL, token);
  g_assert_cmpuint (again->status, ==, 404);
}

static gboolean
page_has (Reply      *reply,
          const char *needle)
{
  return strstr (reply->body, needle) != NULL;
}

static void
test_mute (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *token = login_marigold (f);
  g_autofree char *tom = rumble_fake_service_login (f->fake, "Quillback_Tom");
  g_autofree char *body = send_body ("spam spam", "null");
  g_autofree char *tom_id = NULL;
  g_autofree char *mute_event = NULL;
  g_autofree char *delete_event = NULL;
  g_autoptr(Reply) tom_send = NULL;
  g_autoptr(Reply) mute = NULL;
  g_autoptr(Reply) muted_send = NULL;
  g_autoptr(Reply) page1 = NULL;
  g_autoptr(Reply) page2 = NULL;
  g_autoptr(Reply) page3 = NULL;
  g_autoptr(Reply) anonymous_page = NULL;
  g_autoptr(Reply) unmute = NULL;
  g_autoptr(Reply) unmute_again = NULL;
  g_autoptr(Reply) tom_mutes = NULL;
  g_autoptr(GPtrArray) records = NULL;
  gint64 record;

  listen_stream (f);

  tom_send = chat_send (f, body, tom);
  g_assert_cmpuint (tom_send->status, ==, 200);
  tom_id = jget (tom_send, "$.data.id");

  tom_mutes = service (f, "POST", "moderation.mute",
                       "user_to_mute=MarigoldFinch&entity_type=user&video=" STREAM "&type=video",
                       tom);
  g_assert_cmpuint (tom_mutes->status, ==, 403);

  mute = service (f, "POST", "moderation.mute",
                  "user_to_mute=Quillback_Tom&entity_type=user&video=" STREAM
                  "&duration=300&type=video",
                  token);
  g_assert_cmpuint (mute->status, ==, 200);
  assert_json (mute, "$.data.success", "true");
  mute_event = wait_event (f, "mute_users");
  g_assert_cmpstr (mute_event, ==,
                   "{\"type\":\"mute_users\",\"data\":{\"user_ids\":[\"61234567\"]}}");
  delete_event = wait_event (f, "delete_non_rant_messages");
  g_assert_nonnull (strstr (delete_event, tom_id));

  muted_send = chat_send (f, body, tom);
  g_assert_cmpuint (muted_send->status, ==, 400);
  assert_json (muted_send, "$.errors[0].code", "muted");

  rumble_fake_service_add_mute_record (f->fake, "Northwind", "channel", NULL, "total");
  rumble_fake_service_add_mute_record (f->fake, "<b>&Co\"", NULL, NULL, NULL);
  records = rumble_fake_service_get_mute_records (f->fake);
  g_assert_cmpuint (records->len, ==, 3);
  record = ((RumbleFakeMuteRecord *) g_ptr_array_index (records, 0))->record_id;
  g_assert_cmpint (record, ==, 4410021);

  page1 = request (f, "GET", "/account/moderation/muting?pg=1", NULL, token);
  page2 = request (f, "GET", "/account/moderation/muting?pg=2", NULL, token);
  page3 = request (f, "GET", "/account/moderation/muting?pg=3", NULL, token);
  g_assert_true (page_has (page1, "<button class=\"unmute_action button-small\" "
                                  "data-username=\"Quillback_Tom\" "
                                  "data-record-id=\"4410021\">"));
  g_assert_true (page_has (page1, "data-record-id=\"4410022\""));
  g_assert_true (page_has (page2, "data-username=\"&lt;b&gt;&amp;Co&quot;\" "
                                  "data-record-id=\"4410023\""));
  g_assert_false (page_has (page3, "unmute_action"));
  anonymous_page = request (f, "GET", "/account/moderation/muting?pg=1", NULL, NULL);
  g_assert_cmpuint (anonymous_page->status, ==, 302);

  unmute = service (f, "POST", "moderation.unmute", "record_id=4410021", token);
  g_assert_cmpuint (unmute->status, ==, 200);
  unmute_again = service (f, "POST", "moderation.unmute", "record_id=4410021", token);
  g_assert_cmpuint (unmute_again->status, ==, 404);
  g_ptr_array_unref (g_steal_pointer (&records));
  records = rumble_fake_service_get_mute_records (f->fake);
  g_assert_cmpuint (records->len, ==, 2);
}

static void
test_command_raid (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *token = login_marigold (f);
  g_autofree char *event = NULL;
  g_autoptr(Reply) command = NULL;
  g_autoptr(Reply) not_command = NULL;
  g_autoptr(Reply) confirm = NULL;

  listen_stream (f);

  not_command = request (f, "POST", "/chat/command", "video_id=" STREAM "&message=hello", token);
  g_assert_cmpuint (not_command->status, ==, 400);
  command = request (f, "POST", "/chat/command",
                     "video_id=" STREAM "&message=%2Fraid+https%3A%2F%2Frumble.com%2Fv9zzz-x.html",
                     token);
  g_assert_cmpuint (command->status, ==, 200);
  g_assert_cmpstr (command->body, ==, "{\"data\":{\"success\":true}}");
  confirm = service (f, "POST", "raid.confirm", "video_id=" STREAM, token);
  g_assert_cmpuint (confirm->status, ==, 200);
  event = wait_event (f, "raid_confirmed");
  g_assert_nonnull (strstr (event, "\"target_url\":\"https://rumble.com/v9zzz-x.html\""));
}

static void
test_emotes (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(Reply) list = service (f, "GET", "emote.list&chat_id=" STREAM, NULL, NULL);
  g_autofree char *file = NULL;
  g_autoptr(Reply) image = NULL;

  g_assert_cmpuint (list->status, ==, 200);
  assert_json (list, "$.data.items[0].channel_id", "null");
  assert_json (list, "$.data.items[0].emotes[0].name", "r+rumble");
  assert_json (list, "$.data.items[1].channel_id", "5512345");
  file = jget (list, "$.data.items[1].emotes[0].file");
  g_assert_true (g_str_has_prefix (file, rumble_fake_server_get_url (f->fake)));

  image = request (f, "GET", file + strlen (rumble_fake_server_get_url (f->fake)), NULL, NULL);
  g_assert_cmpuint (image->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (image->headers, NULL), ==, "image/png");
  g_assert_true (g_str_has_prefix (image->body, "\x89PNG"));
}

static void
test_faults (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *token = login_marigold (f);
  g_autoptr(Reply) limited = NULL;
  g_autoptr(Reply) malformed = NULL;
  g_autoptr(Reply) ambiguous = NULL;
  g_autoptr(Reply) normal = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  Reply *stalled;

  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = "moderation.mute", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 429,
    .body = "{\"errors\":[]}", .headers = (const char *[]) { "Retry-After", "7", NULL },
    .count = 1 });
  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = "moderation.mute", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 200, .body = "{",
    .count = 1 });
  limited = service (f, "POST", "moderation.mute", MUTE_X_FORM, token);
  g_assert_cmpuint (limited->status, ==, 429);
  g_assert_cmpstr (soup_message_headers_get_one (limited->headers, "Retry-After"), ==, "7");
  malformed = service (f, "POST", "moderation.mute", MUTE_X_FORM, token);
  g_assert_cmpuint (malformed->status, ==, 200);
  g_assert_cmpstr (malformed->body, ==, "{");
  records = rumble_fake_service_get_mute_records (f->fake);
  g_assert_cmpuint (records->len, ==, 0);

  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = "moderation.mute", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 502,
    .body = "<html>bad gateway</html>", .after_action = TRUE, .count = 1 });
  ambiguous = service (f, "POST", "moderation.mute", MUTE_X_FORM, token);
  g_assert_cmpuint (ambiguous->status, ==, 502);
  g_ptr_array_unref (g_steal_pointer (&records));
  records = rumble_fake_service_get_mute_records (f->fake);
  g_assert_cmpuint (records->len, ==, 1);

  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = "send", .kind = RUMBLE_FAKE_FAULT_STALL, .count = 1 });
  g_object_set (f->session, "timeout", 1, NULL);
  stalled = request_full (f, "POST", "/chat/api/chat/" STREAM "/message", "application/json",
                          "{}", token, &error);
  g_assert_null (stalled);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);

  normal = service (f, "GET", "user.has_unread_notifications", NULL, token);
  g_assert_cmpuint (normal->status, ==, 200);
}

static void
test_renewal (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *token = login_marigold (f);
  g_autofree char *fresh = NULL;
  g_autofree char *latest = NULL;
  g_autoptr(Reply) renewed = NULL;
  g_autoptr(Reply) old = NULL;
  g_autoptr(Reply) quiet = NULL;
  g_autoptr(Reply) logout = NULL;

  rumble_fake_service_renew_next (f->fake);
  renewed = service (f, "GET", "user.has_unread_notifications", NULL, token);
  fresh = reply_cookie (renewed);
  g_assert_nonnull (fresh);
  g_assert_cmpstr (fresh, !=, token);
  latest = rumble_fake_service_dup_latest_token (f->fake);
  g_assert_cmpstr (latest, ==, fresh);
  g_assert_cmpuint (rumble_fake_service_get_n_tokens (f->fake), ==, 2);

  old = service (f, "GET", "user.has_unread_notifications", NULL, token);
  assert_json (old, "$.user.logged_in", "true");
  g_assert_null (reply_cookie (old));

  quiet = service (f, "GET", "user.has_unread_notifications", NULL, fresh);
  assert_json (quiet, "$.user.logged_in", "true");

  logout = service (f, "GET", "user.logout", NULL, fresh);
  g_assert_cmpuint (rumble_fake_service_get_n_tokens (f->fake), ==, 0);
  g_assert_false (rumble_fake_service_token_is_valid (f->fake, token));
}

static void
test_can_moderate (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *marigold = login_marigold (f);
  g_autofree char *tom = rumble_fake_service_login (f->fake, "Quillback_Tom");
  g_autofree char *demo = rumble_fake_service_login (f->fake, "demo");

  g_assert_true (rumble_fake_service_can_moderate (f->fake, marigold, STREAM));
  g_assert_false (rumble_fake_service_can_moderate (f->fake, marigold, "111"));
  g_assert_false (rumble_fake_service_can_moderate (f->fake, tom, STREAM));
  g_assert_true (rumble_fake_service_can_moderate (f->fake, demo, "111"));
  g_assert_false (rumble_fake_service_can_moderate (f->fake, "bogus", STREAM));

  rumble_fake_service_set_moderator (f->fake, "Quillback_Tom", STREAM, TRUE);
  rumble_fake_service_set_moderator (f->fake, "MarigoldFinch", STREAM, FALSE);
  g_assert_true (rumble_fake_service_can_moderate (f->fake, tom, STREAM));
  g_assert_false (rumble_fake_service_can_moderate (f->fake, marigold, STREAM));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/rumble/fake-service/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/rumble/fake-service/hash-vectors", test_hash_vectors);
  ADD ("login-plain", test_login_plain);
  ADD ("login-failures", test_login_failures);
  ADD ("login-2fa", test_login_2fa);
  ADD ("send", test_send);
  ADD ("delete-pin", test_delete_pin);
  ADD ("mute", test_mute);
  ADD ("command-raid", test_command_raid);
  ADD ("emotes", test_emotes);
  ADD ("faults", test_faults);
  ADD ("renewal", test_renewal);
  ADD ("can-moderate", test_can_moderate);

  return g_test_run ();
}
