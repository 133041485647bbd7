/* test-actions.c — every chat and moderation action against the fake server
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each action must send exactly the method, URL, cookie and fields of PROTOCOL.md §3–§4,
 * and the stream event the fake answers with must reach the model.
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "rumble-chat-api.h"
#include "rumble-error.h"
#include "rumble-fake-private.h"
#include "rumble-http-private.h"
#include "rumble-mute-records.h"
#include "test-util.h"

#define STREAM RUMBLE_FAKE_DEFAULT_STREAM

typedef struct {
  RumbleFakeServer *fake;
  RumbleChatApi    *chat;
  char             *token;
  GAsyncResult     *result;
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

  test_wait_until (have_result, fixture, 15000);
  result = fixture->result;
  fixture->result = NULL;
  return result;
}

static RumbleChatApi *
new_chat (Fixture    *fixture,
          const char *token)
{
  RumbleChatApi *chat = rumble_chat_api_new (STREAM);

  rumble_chat_api_set_chat_url (chat, rumble_fake_server_get_chat_url (fixture->fake));
  rumble_chat_api_set_site_url (chat, rumble_fake_server_get_url (fixture->fake));
  rumble_chat_api_set_backoff (chat, 20, 100, 200);
  rumble_chat_api_set_session (chat, token);
  return chat;
}

static void
connect_chat (Fixture       *fixture,
              RumbleChatApi *chat)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rumble_chat_api_connect_async (chat, NULL, on_done, fixture);
  result = wait_result (fixture);
  g_assert_true (rumble_chat_api_connect_finish (chat, result, &error));
  g_assert_no_error (error);
}

static void
setup_as (Fixture    *fixture,
          const char *username,
          gboolean    connect)
{
  g_autoptr(GError) error = NULL;

  fixture->fake = rumble_fake_server_new (0, &error);
  g_assert_no_error (error);
  fixture->token = username != NULL ? rumble_fake_service_login (fixture->fake, username) : NULL;
  fixture->chat = new_chat (fixture, fixture->token);
  if (connect)
    connect_chat (fixture, fixture->chat);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  setup_as (fixture, "MarigoldFinch", TRUE);
  g_assert_true (rumble_chat_api_get_can_moderate (fixture->chat));
  rumble_fake_server_clear_requests (fixture->fake);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  rumble_http_set_timeout_for_testing (0);
  rumble_chat_api_disconnect (fixture->chat);
  g_clear_object (&fixture->result);
  g_assert_finalize_object (fixture->chat);
  g_clear_pointer (&fixture->token, g_free);
  g_assert_finalize_object (fixture->fake);
}

/* Request log helpers */

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

/* The urlencoded body holds exactly these fields, in this order. */
static void
assert_form (const RumbleFakeRequest *request,
             const char              *expected)
{
  gsize len = 0;
  const char *body = g_bytes_get_data (request->body, &len);
  g_autofree char *text = g_strndup (body, len);

  g_assert_cmpstr (soup_message_headers_get_content_type (request->headers, NULL), ==,
                   "application/x-www-form-urlencoded");
  g_assert_cmpstr (text, ==, expected);
}

static void
assert_cookie (Fixture                 *fixture,
               const RumbleFakeRequest *request)
{
  g_autofree char *cookie = rumble_fake_request_get_cookie (request, "u_s");

  g_assert_cmpstr (cookie, ==, rumble_chat_api_get_session (fixture->chat));
}

static void
assert_browser_ua (const RumbleFakeRequest *request)
{
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "User-Agent"), ==,
                   RUMBLE_HTTP_USER_AGENT);
}

static void
assert_chat_origin (const RumbleFakeRequest *request)
{
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Origin"), ==,
                   "https://rumble.com");
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Referer"), ==,
                   "https://rumble.com/");
}

static guint
n_requests (Fixture *fixture)
{
  return rumble_fake_server_get_requests (fixture->fake)->len;
}

/* Action runners */

static char *
send_message (Fixture      *fixture,
              const char   *text,
              const char   *channel_id,
              RumbleUser  **out_user,
              GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rumble_chat_api_send_message_async (fixture->chat, text, channel_id, NULL, on_done, fixture);
  result = wait_result (fixture);
  return rumble_chat_api_send_message_finish (fixture->chat, result, out_user, error);
}

typedef enum {
  ACTION_DELETE,
  ACTION_PIN,
  ACTION_UNPIN,
  ACTION_COMMAND,
  ACTION_UNMUTE,
  ACTION_RAID_CONFIRM,
} Action;

static gboolean
run_action (Fixture     *fixture,
            Action       action,
            const char  *argument,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  RumbleChatApi *chat = fixture->chat;

  switch (action)
    {
    case ACTION_DELETE:
      rumble_chat_api_delete_message_async (chat, argument, NULL, on_done, fixture);
      result = wait_result (fixture);
      return rumble_chat_api_delete_message_finish (chat, result, error);
    case ACTION_PIN:
      rumble_chat_api_pin_message_async (chat, argument, NULL, on_done, fixture);
      result = wait_result (fixture);
      return rumble_chat_api_pin_message_finish (chat, result, error);
    case ACTION_UNPIN:
      rumble_chat_api_unpin_message_async (chat, argument, NULL, on_done, fixture);
      result = wait_result (fixture);
      return rumble_chat_api_unpin_message_finish (chat, result, error);
    case ACTION_COMMAND:
      rumble_chat_api_command_async (chat, argument, NULL, on_done, fixture);
      result = wait_result (fixture);
      return rumble_chat_api_command_finish (chat, result, error);
    case ACTION_UNMUTE:
      rumble_chat_api_unmute_async (chat, argument, NULL, on_done, fixture);
      result = wait_result (fixture);
      return rumble_chat_api_unmute_finish (chat, result, error);
    case ACTION_RAID_CONFIRM:
      rumble_chat_api_raid_confirm_async (chat, NULL, on_done, fixture);
      result = wait_result (fixture);
      return rumble_chat_api_raid_confirm_finish (chat, result, error);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
mute (Fixture           *fixture,
      const char        *name,
      RumbleMuteEntity   entity,
      guint              duration,
      RumbleMuteScope    scope,
      GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rumble_chat_api_mute_async (fixture->chat, name, entity, duration, scope, NULL, on_done, fixture);
  result = wait_result (fixture);
  return rumble_chat_api_mute_finish (fixture->chat, result, error);
}

/* Waiting for the model */

typedef struct {
  RumbleChatApi *chat;
  const char    *id;
} Lookup;

static gboolean
message_present (gpointer data)
{
  Lookup *lookup = data;

  return rumble_chat_api_lookup_message (lookup->chat, lookup->id) != NULL;
}

static RumbleMessage *
wait_message (RumbleChatApi *chat,
              const char    *id)
{
  Lookup lookup = { chat, id };

  test_wait_until (message_present, &lookup, 5000);
  return rumble_chat_api_lookup_message (chat, id);
}

static gboolean
message_deleted (gpointer data)
{
  Lookup *lookup = data;
  RumbleMessage *message = rumble_chat_api_lookup_message (lookup->chat, lookup->id);

  return message != NULL && rumble_message_get_deleted (message);
}

static gboolean
pinned_is (gpointer data)
{
  Lookup *lookup = data;
  RumbleMessage *pinned = rumble_chat_api_get_pinned_message (lookup->chat);

  if (lookup->id == NULL)
    return pinned == NULL;
  return pinned != NULL && g_strcmp0 (rumble_message_get_id (pinned), lookup->id) == 0;
}

static gboolean
user_muted (gpointer data)
{
  Lookup *lookup = data;
  RumbleUser *user = rumble_chat_api_lookup_user (lookup->chat, lookup->id);

  return user != NULL && rumble_user_get_muted (user);
}

/* A message from another account, seen by the fixture's chat. */
static char *
post_from (Fixture    *fixture,
           const char *username,
           const char *text)
{
  g_autofree char *token = rumble_fake_service_login (fixture->fake, username);
  g_autoptr(RumbleChatApi) other = new_chat (fixture, token);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *id;

  rumble_chat_api_send_message_async (other, text, NULL, NULL, on_done, fixture);
  result = wait_result (fixture);
  id = rumble_chat_api_send_message_finish (other, result, NULL, &error);
  g_assert_no_error (error);
  wait_message (fixture->chat, id);
  return id;
}

/* Send */

static void
test_send (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleUser) user = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *id = NULL;
  const RumbleFakeRequest *request;
  JsonObject *body;
  JsonObject *d;
  RumbleMessage *message;
  const char *request_id;
  g_autofree char *path = NULL;

  id = send_message (fixture, "Welcome to the stream!", NULL, &user, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  g_assert_nonnull (user);
  g_assert_cmpstr (rumble_user_get_username (user), ==, "MarigoldFinch");
  g_assert_cmpstr (rumble_user_get_id (user), ==, "87654321");

  path = g_strdup_printf ("/chat/api/chat/%s/message", STREAM);
  request = rumble_fake_server_find_request (fixture->fake, "POST", path);
  g_assert_nonnull (request);
  g_assert_cmpstr (request->path, ==, path);
  g_assert_cmpstr (soup_message_headers_get_content_type (request->headers, NULL), ==,
                   "application/json");
  assert_cookie (fixture, request);
  assert_chat_origin (request);
  /* No preflight and no browser UA on the chat host. */
  g_assert_null (rumble_fake_server_find_request (fixture->fake, "OPTIONS", "/chat/"));
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "User-Agent"), !=,
                   RUMBLE_HTTP_USER_AGENT);

  /* The body has exactly the shape of §3.2. */
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (request->body, NULL),
                                             g_bytes_get_size (request->body), NULL));
  body = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (body), ==, 1);
  d = json_object_get_object_member (body, "data");
  g_assert_cmpuint (json_object_get_size (d), ==, 4);
  request_id = json_object_get_string_member (d, "request_id");
  g_assert_cmpuint (strlen (request_id), ==, 43);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (d, "message"), "text"),
                   ==, "Welcome to the stream!");
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (d, "message")), ==, 1);
  g_assert_true (json_object_get_null_member (d, "rant"));
  g_assert_true (json_object_get_null_member (d, "channel_id"));

  /* The stream echoes it, with our request id. */
  message = wait_message (fixture->chat, id);
  g_assert_cmpstr (rumble_message_get_text (message), ==, "Welcome to the stream!");
  g_assert_cmpstr (rumble_message_get_request_id (message), ==, request_id);
  g_assert_cmpstr (rumble_message_get_user_id (message), ==, "87654321");
  g_assert_null (rumble_message_get_channel_id (message));
}

static void
test_send_as_channel (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *id = NULL;
  g_autofree char *path = g_strdup_printf ("/chat/api/chat/%s/message", STREAM);
  const RumbleFakeRequest *request;
  JsonNode *channel;
  RumbleMessage *message;

  id = send_message (fixture, "Speaking as the channel", "5587001", NULL, &error);
  g_assert_no_error (error);

  request = rumble_fake_server_find_request (fixture->fake, "POST", path);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (request->body, NULL),
                                             g_bytes_get_size (request->body), NULL));
  channel = json_object_get_member (json_object_get_object_member (
                                      json_node_get_object (json_parser_get_root (parser)), "data"),
                                    "channel_id");
  /* An integer, not a string. */
  g_assert_cmpint (json_node_get_value_type (channel), ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_int (channel), ==, 5587001);

  message = wait_message (fixture->chat, id);
  g_assert_cmpstr (rumble_message_get_channel_id (message), ==, "5587001");

  /* A channel of someone else is refused by the server (403 → permission). */
  g_clear_pointer (&id, g_free);
  id = send_message (fixture, "Not my channel", "5577001", NULL, &error);
  g_assert_null (id);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_PERMISSION);
  g_assert_cmpstr (error->message, ==, "You cannot post as this channel.");
  g_clear_error (&error);

  /* Not a number at all never leaves. */
  rumble_fake_server_clear_requests (fixture->fake);
  id = send_message (fixture, "hi", "channel-5", NULL, &error);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);
  g_assert_cmpuint (n_requests (fixture), ==, 0);
}

static void
test_send_refused_locally (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *id = NULL;
  guint max = rumble_chat_api_get_message_length_max (fixture->chat);

  g_assert_cmpuint (max, ==, 200);

  /* Counted in characters: 200 two-byte characters are fine… */
  for (guint i = 0; i < max; i++)
    g_string_append (text, "é");
  id = send_message (fixture, text->str, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  g_clear_pointer (&id, g_free);

  /* …201 are refused before anything is sent. */
  rumble_fake_server_clear_requests (fixture->fake);
  g_string_append (text, "x");
  id = send_message (fixture, text->str, NULL, NULL, &error);
  g_assert_null (id);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_TOO_LONG);
  g_clear_error (&error);

  id = send_message (fixture, "  \t ", NULL, NULL, &error);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  id = send_message (fixture, "bad \xff utf-8", NULL, NULL, &error);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_cmpuint (n_requests (fixture), ==, 0);
}

typedef struct {
  const char  *name;
  guint        status;
  const char  *body;
  const char  *header_name;
  const char  *header_value;
  RumbleError  code;
  const char  *message;
} SendError;

static const SendError send_errors[] = {
  { "muted", 400, "{\"errors\":[{\"code\":\"muted\",\"message\":\"You are muted in this chat.\",\"type\":\"error\"}]}",
    NULL, NULL, RUMBLE_ERROR_PERMISSION, "You are muted in this chat." },
  { "too-long", 400, "{\"errors\":[{\"code\":\"too_long\",\"message\":\"Too long.\"}]}",
    NULL, NULL, RUMBLE_ERROR_TOO_LONG, "Too long." },
  { "401", 401, "{\"errors\":[{\"code\":\"unauthorized\",\"message\":\"You must be logged in to chat.\"}]}",
    NULL, NULL, RUMBLE_ERROR_AUTH, "You must be logged in to chat." },
  { "403", 403, "{\"errors\":[{\"code\":\"forbidden\",\"msg\":\"Slow mode is on.\"}]}",
    NULL, NULL, RUMBLE_ERROR_PERMISSION, "Slow mode is on." },
  { "429", 429, "", "Retry-After", "12", RUMBLE_ERROR_RATE_LIMIT, NULL },
  { "500", 500, "{\"errors\":[{\"code\":\"internal\",\"message\":\"Oops\"}]}",
    NULL, NULL, RUMBLE_ERROR_AMBIGUOUS, NULL },
  { "200-errors", 200, "{\"errors\":[{\"code\":\"closed\",\"message\":\"The chat is closed.\"}]}",
    NULL, NULL, RUMBLE_ERROR_PERMISSION, "The chat is closed." },
  { "200-no-id", 200, "{\"data\":{\"user\":{\"id\":\"1\",\"username\":\"x\"}}}",
    NULL, NULL, RUMBLE_ERROR_AMBIGUOUS, NULL },
  { "200-garbage", 200, "{\"data\":", NULL, NULL, RUMBLE_ERROR_AMBIGUOUS, NULL },
};

static void
test_send_errors (Fixture       *fixture,
                  gconstpointer  data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (send_errors); i++)
    {
      const SendError *c = &send_errors[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *id = NULL;
      guint before = n_requests (fixture);

      g_test_message ("case %s", c->name);
      rumble_fake_server_add_fault (fixture->fake, &(RumbleFakeFault) {
        .route = "send", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = c->status, .body = c->body,
        .headers = (const char *[]) { c->header_name, c->header_value, NULL }, .count = 1 });
      id = send_message (fixture, "hello", NULL, NULL, &error);
      g_assert_null (id);
      g_assert_error (error, RUMBLE_ERROR, (gint) c->code);
      if (c->message != NULL)
        g_assert_cmpstr (error->message, ==, c->message);
      if (c->code == RUMBLE_ERROR_RATE_LIMIT)
        g_assert_cmpuint (rumble_error_get_retry_after (error), ==, 12);
      /* Exactly one request: never retried. */
      g_assert_cmpuint (n_requests (fixture), ==, before + 1);
    }
}

/* The send happened but its reply was lost: ambiguous, and the stream shows it anyway. */
static void
test_send_ambiguous (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  GListModel *messages = rumble_chat_api_get_messages (fixture->chat);
  guint before = g_list_model_get_n_items (messages);
  g_autoptr(RumbleMessage) last = NULL;

  rumble_fake_server_add_fault (fixture->fake, &(RumbleFakeFault) {
    .route = "send", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 502, .after_action = TRUE,
    .count = 1 });
  id = send_message (fixture, "Did this go through?", NULL, NULL, &error);
  g_assert_null (id);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_AMBIGUOUS);
  g_assert_nonnull (strstr (error->message, "may have happened"));

  while (g_list_model_get_n_items (messages) == before)
    g_main_context_iteration (NULL, TRUE);
  last = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);
  g_assert_cmpstr (rumble_message_get_text (last), ==, "Did this go through?");
}

static void
test_send_timeout (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  rumble_http_set_timeout_for_testing (300);
  rumble_fake_server_add_fault (fixture->fake, &(RumbleFakeFault) {
    .route = "send", .kind = RUMBLE_FAKE_FAULT_STALL, .count = 1 });
  id = send_message (fixture, "anyone there?", NULL, NULL, &error);
  g_assert_null (id);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_AMBIGUOUS);
}

/* Delete */

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = post_from (fixture, "Quillback_Tom", "spam spam spam");
  g_autofree char *path = g_strdup_printf ("/chat/api/chat/%s/message/%s", STREAM, id);
  const RumbleFakeRequest *request;
  Lookup lookup = { fixture->chat, id };

  rumble_fake_server_clear_requests (fixture->fake);
  g_assert_true (run_action (fixture, ACTION_DELETE, id, &error));
  g_assert_no_error (error);

  request = rumble_fake_server_find_request (fixture->fake, "DELETE", path);
  g_assert_nonnull (request);
  g_assert_cmpstr (request->path, ==, path);
  g_assert_cmpuint (g_bytes_get_size (request->body), ==, 0);
  assert_cookie (fixture, request);
  assert_chat_origin (request);
  g_assert_cmpuint (n_requests (fixture), ==, 1);

  test_wait_until (message_deleted, &lookup, 5000);
  /* This account's request did it: known, unlike a delete seen only in the stream. */
  g_assert_true (rumble_message_get_deleted_here (rumble_chat_api_lookup_message (fixture->chat,
                                                                                  id)));

  /* Deleting it again: the server no longer knows it. */
  g_assert_false (run_action (fixture, ACTION_DELETE, id, &error));
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Message not found.");
}

/* Pin and unpin */

static void
test_pin_unpin (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = post_from (fixture, "Quillback_Tom", "pin me");
  g_autofree char *expected = NULL;
  g_autofree char *pinned_on_server = NULL;
  const RumbleFakeRequest *request;
  Lookup lookup = { fixture->chat, id };

  rumble_fake_server_clear_requests (fixture->fake);
  g_assert_true (run_action (fixture, ACTION_PIN, id, &error));
  g_assert_no_error (error);

  request = find_service_request (fixture->fake, "chat.message.pin");
  g_assert_nonnull (request);
  g_assert_cmpstr (request->method, ==, "POST");
  expected = g_strdup_printf ("video_id=%s&message_id=%s", STREAM, id);
  assert_form (request, expected);
  assert_cookie (fixture, request);
  assert_browser_ua (request);
  pinned_on_server = rumble_fake_service_dup_pinned (fixture->fake, STREAM);
  g_assert_cmpstr (pinned_on_server, ==, id);

  test_wait_until (pinned_is, &lookup, 5000);

  /* Unpin without an id: the pinned message. */
  g_assert_true (run_action (fixture, ACTION_UNPIN, NULL, &error));
  g_assert_no_error (error);
  request = find_service_request (fixture->fake, "chat.message.unpin");
  g_assert_nonnull (request);
  assert_form (request, expected);
  assert_cookie (fixture, request);

  lookup.id = NULL;
  test_wait_until (pinned_is, &lookup, 5000);

  /* Nothing pinned any more: refused before sending. */
  rumble_fake_server_clear_requests (fixture->fake);
  g_assert_false (run_action (fixture, ACTION_UNPIN, NULL, &error));
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_NOT_FOUND);
  g_assert_cmpuint (n_requests (fixture), ==, 0);
}

/* Commands and raids */

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
on_raid_confirmed (RumbleChatApi *chat,
                   const char    *target_channel_name,
                   const char    *target_url,
                   gboolean      *seen)
{
  g_assert_cmpstr (target_url, ==, "https://rumble.com/v4abcde-friday-night-build.html");
  *seen = TRUE;
}

static void
test_command_and_raid (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *command = "/raid https://rumble.com/v4abcde-friday-night-build.html";
  g_autofree char *expected = NULL;
  const RumbleFakeRequest *request;
  gboolean raid_seen = FALSE;

  g_assert_true (run_action (fixture, ACTION_COMMAND, command, &error));
  g_assert_no_error (error);

  request = rumble_fake_server_find_request (fixture->fake, "POST", "/chat/command");
  g_assert_nonnull (request);
  g_assert_cmpstr (request->path, ==, "/chat/command");
  assert_form (request,
               "video_id=" STREAM
               "&message=%2Fraid+https%3A%2F%2Frumble.com%2Fv4abcde-friday-night-build.html");
  assert_cookie (fixture, request);
  assert_browser_ua (request);

  g_signal_connect (fixture->chat, "raid-confirmed", G_CALLBACK (on_raid_confirmed), &raid_seen);
  g_assert_true (run_action (fixture, ACTION_RAID_CONFIRM, NULL, &error));
  g_assert_no_error (error);
  request = find_service_request (fixture->fake, "raid.confirm");
  g_assert_nonnull (request);
  expected = g_strdup_printf ("video_id=%s", STREAM);
  assert_form (request, expected);
  assert_cookie (fixture, request);
  test_wait_until (flag_set, &raid_seen, 5000);

  /* Not a command. */
  rumble_fake_server_clear_requests (fixture->fake);
  g_assert_false (run_action (fixture, ACTION_COMMAND, "raid now", &error));
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (run_action (fixture, ACTION_COMMAND, "/", &error));
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);
  g_assert_cmpuint (n_requests (fixture), ==, 0);
}

/* Mute */

static void
test_mute_five_minutes (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = post_from (fixture, "Quillback_Tom", "something rude");
  const RumbleFakeRequest *request;
  Lookup user = { fixture->chat, "61234567" };
  Lookup message = { fixture->chat, id };
  g_autoptr(GPtrArray) records = NULL;
  RumbleFakeMuteRecord *record;

  rumble_fake_server_clear_requests (fixture->fake);
  g_assert_true (mute (fixture, "Quillback_Tom", RUMBLE_MUTE_ENTITY_USER,
                       RUMBLE_MUTE_FIVE_MINUTES, RUMBLE_MUTE_SCOPE_VIDEO, &error));
  g_assert_no_error (error);

  request = find_service_request (fixture->fake, "moderation.mute");
  g_assert_nonnull (request);
  g_assert_cmpstr (request->method, ==, "POST");
  assert_form (request,
               "user_to_mute=Quillback_Tom&entity_type=user&video=" STREAM "&duration=300&type=video");
  assert_cookie (fixture, request);
  assert_browser_ua (request);

  records = rumble_fake_service_get_mute_records (fixture->fake);
  g_assert_cmpuint (records->len, ==, 1);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpint (record->duration, ==, 300);

  /* mute_users, then delete_non_rant_messages. */
  test_wait_until (user_muted, &user, 5000);
  test_wait_until (message_deleted, &message, 5000);
}

static void
test_mute_scopes (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const RumbleFakeRequest *request;

  /* Forever, everywhere, the channel identity: no duration. */
  g_assert_true (mute (fixture, "Northwind", RUMBLE_MUTE_ENTITY_CHANNEL, 0,
                       RUMBLE_MUTE_SCOPE_TOTAL, &error));
  g_assert_no_error (error);
  request = find_service_request (fixture->fake, "moderation.mute");
  assert_form (request, "user_to_mute=Northwind&entity_type=channel&video=" STREAM "&type=total");
  g_assert_null (rumble_fake_request_get_form_field (request, "duration"));

  /* This stream, no fixed duration. */
  g_assert_true (mute (fixture, "Quillback_Tom", RUMBLE_MUTE_ENTITY_USER, 0,
                       RUMBLE_MUTE_SCOPE_VIDEO, &error));
  g_assert_no_error (error);
  request = find_service_request (fixture->fake, "moderation.mute");
  assert_form (request, "user_to_mute=Quillback_Tom&entity_type=user&video=" STREAM "&type=video");

  /* A custom duration. */
  g_assert_true (mute (fixture, "Quillback_Tom", RUMBLE_MUTE_ENTITY_USER, 3600,
                       RUMBLE_MUTE_SCOPE_VIDEO, &error));
  request = find_service_request (fixture->fake, "moderation.mute");
  assert_field (request, "duration", "3600");
}

/* Unmute */

static void
test_unmute (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *expected = NULL;
  GPtrArray *requests;
  const RumbleFakeRequest *request;
  gint64 target;
  guint pages = 0;

  /* Two records per page: the target is on page 3. */
  rumble_fake_service_add_mute_record (fixture->fake, "Northwind", "channel", NULL, "total");
  rumble_fake_service_add_mute_record (fixture->fake, "spammer1", NULL, STREAM, "video");
  rumble_fake_service_add_mute_record (fixture->fake, "spammer2", NULL, STREAM, "video");
  rumble_fake_service_add_mute_record (fixture->fake, "spammer3", NULL, STREAM, "video");
  target = rumble_fake_service_add_mute_record (fixture->fake, "Quillback_Tom", NULL, STREAM, "video");

  /* The chat knows Tom as muted; there is no stream event for an unmute, so the
   * successful reply clears the flag. */
  g_assert_true (rumble_chat_api_dispatch_event (fixture->chat,
    "{\"type\":\"messages\",\"data\":{\"users\":[{\"id\":\"61234567\",\"username\":\"Quillback_Tom\"}]}}", -1));
  g_assert_true (rumble_chat_api_dispatch_event (fixture->chat,
    "{\"type\":\"mute_users\",\"data\":{\"user_ids\":[\"61234567\"]}}", -1));
  g_assert_true (rumble_user_get_muted (rumble_chat_api_lookup_user (fixture->chat, "61234567")));

  g_assert_true (run_action (fixture, ACTION_UNMUTE, "Quillback_Tom", &error));
  g_assert_no_error (error);
  g_assert_false (rumble_user_get_muted (rumble_chat_api_lookup_user (fixture->chat, "61234567")));

  requests = rumble_fake_server_get_requests (fixture->fake);
  for (guint i = 0; i < requests->len; i++)
    {
      const RumbleFakeRequest *r = g_ptr_array_index (requests, i);
      g_autofree char *pg = NULL;
      g_autofree char *want = NULL;
      g_autofree char *cookie = NULL;

      if (g_strcmp0 (r->path, "/account/moderation/muting") != 0)
        continue;
      pages++;
      g_assert_cmpstr (r->method, ==, "GET");
      pg = rumble_fake_request_get_form_field (r, "pg");
      want = g_strdup_printf ("%u", pages);
      g_assert_cmpstr (pg, ==, want);
      cookie = rumble_fake_request_get_cookie (r, "u_s");
      g_assert_cmpstr (cookie, ==, rumble_chat_api_get_session (fixture->chat));
      assert_browser_ua (r);
    }
  g_assert_cmpuint (pages, ==, 3);

  request = find_service_request (fixture->fake, "moderation.unmute");
  g_assert_nonnull (request);
  expected = g_strdup_printf ("record_id=%" G_GINT64_FORMAT, target);
  assert_form (request, expected);
  assert_cookie (fixture, request);

  records = rumble_fake_service_get_mute_records (fixture->fake);
  g_assert_cmpuint (records->len, ==, 4);
  for (guint i = 0; i < records->len; i++)
    g_assert_cmpstr (((RumbleFakeMuteRecord *) g_ptr_array_index (records, i))->username, !=,
                     "Quillback_Tom");

  /* Someone who is not muted: every page is read until an empty one, nothing unmuted. */
  rumble_fake_server_clear_requests (fixture->fake);
  g_assert_false (run_action (fixture, ACTION_UNMUTE, "NotMutedAtAll", &error));
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_NOT_FOUND);
  g_assert_null (find_service_request (fixture->fake, "moderation.unmute"));
  g_assert_cmpuint (n_requests (fixture), ==, 3);   /* pages 1, 2 and the empty 3 */
}

/* Mute lookup: the unmute's page walk, answered without unmuting, cached briefly. */

static RumbleMuteLookup
lookup_mute (Fixture     *fixture,
             const char  *name,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rumble_chat_api_lookup_mute_async (fixture->chat, name, NULL, on_done, fixture);
  result = wait_result (fixture);
  return rumble_chat_api_lookup_mute_finish (fixture->chat, result, error);
}

static guint
n_muting_pages (Fixture *fixture)
{
  GPtrArray *requests = rumble_fake_server_get_requests (fixture->fake);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      const RumbleFakeRequest *r = g_ptr_array_index (requests, i);

      n += g_strcmp0 (r->path, "/account/moderation/muting") == 0;
    }
  return n;
}

static void
test_lookup_mute (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  RumbleUser *fern;
  gint64 now;

  /* Two records per page: Tom is on page 2. */
  rumble_fake_service_add_mute_record (fixture->fake, "spammer1", NULL, STREAM, "video");
  rumble_fake_service_add_mute_record (fixture->fake, "spammer2", NULL, STREAM, "video");
  rumble_fake_service_add_mute_record (fixture->fake, "spammer3", NULL, STREAM, "video");
  rumble_fake_service_add_mute_record (fixture->fake, "Quillback_Tom", NULL, STREAM, "video");

  g_assert_cmpint (lookup_mute (fixture, "Quillback_Tom", &error), ==, RUMBLE_MUTE_LOOKUP_MUTED);
  g_assert_no_error (error);
  g_assert_cmpuint (n_muting_pages (fixture), ==, 2);
  g_assert_null (find_service_request (fixture->fake, "moderation.unmute"));
  records = rumble_fake_service_get_mute_records (fixture->fake);
  g_assert_cmpuint (records->len, ==, 4);

  /* Asked again (in any ASCII case): the cached answer, no request. */
  rumble_fake_server_clear_requests (fixture->fake);
  g_assert_cmpint (lookup_mute (fixture, "quillback_tom", &error), ==, RUMBLE_MUTE_LOOKUP_MUTED);
  g_assert_cmpuint (n_requests (fixture), ==, 0);

  /* Not there: every page until the empty one. */
  g_assert_cmpint (lookup_mute (fixture, "FernGuard", &error), ==,
                   RUMBLE_MUTE_LOOKUP_NOT_MUTED);
  g_assert_no_error (error);
  g_assert_cmpuint (n_muting_pages (fixture), ==, 3);

  /* A failure is an unknown answer, and is not cached. */
  rumble_fake_server_clear_requests (fixture->fake);
  rumble_fake_server_add_fault (fixture->fake, &(RumbleFakeFault) {
    .route = "muting", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 500, .count = 1,
  });
  g_assert_cmpint (lookup_mute (fixture, "Someone", &error), ==, RUMBLE_MUTE_LOOKUP_UNKNOWN);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (lookup_mute (fixture, "Someone", &error), ==, RUMBLE_MUTE_LOOKUP_NOT_MUTED);
  g_assert_no_error (error);

  /* This chat's mute forgets the cached "not muted" and says how long it lasts. */
  g_assert_true (rumble_chat_api_dispatch_event (fixture->chat,
    "{\"type\":\"messages\",\"data\":{\"users\":[{\"id\":\"70000001\",\"username\":\"FernGuard\"}]}}", -1));
  fern = rumble_chat_api_lookup_user (fixture->chat, "70000001");
  g_assert_cmpint (rumble_user_get_mute_term (fern), ==, RUMBLE_MUTE_TERM_UNKNOWN);
  now = g_get_real_time () / G_USEC_PER_SEC;
  g_assert_true (mute (fixture, "FernGuard", RUMBLE_MUTE_ENTITY_USER, RUMBLE_MUTE_FIVE_MINUTES,
                       RUMBLE_MUTE_SCOPE_VIDEO, &error));
  g_assert_no_error (error);
  g_assert_true (rumble_user_get_muted (fern));
  g_assert_cmpint (rumble_user_get_mute_term (fern), ==, RUMBLE_MUTE_TERM_UNTIL);
  g_assert_cmpint (rumble_user_get_muted_until (fern), >=, now + RUMBLE_MUTE_FIVE_MINUTES);
  g_assert_cmpint (rumble_user_get_muted_until (fern), <=, now + RUMBLE_MUTE_FIVE_MINUTES + 5);
  rumble_fake_server_clear_requests (fixture->fake);
  g_assert_cmpint (lookup_mute (fixture, "FernGuard", &error), ==, RUMBLE_MUTE_LOOKUP_MUTED);
  g_assert_cmpuint (n_muting_pages (fixture), >, 0);

  g_assert_true (mute (fixture, "FernGuard", RUMBLE_MUTE_ENTITY_USER, 0,
                       RUMBLE_MUTE_SCOPE_VIDEO, &error));
  g_assert_cmpint (rumble_user_get_mute_term (fern), ==, RUMBLE_MUTE_TERM_STREAM);
  g_assert_cmpint (rumble_user_get_muted_until (fern), ==, 0);
  g_assert_true (mute (fixture, "FernGuard", RUMBLE_MUTE_ENTITY_USER, 0,
                       RUMBLE_MUTE_SCOPE_TOTAL, &error));
  g_assert_cmpint (rumble_user_get_mute_term (fern), ==, RUMBLE_MUTE_TERM_FOREVER);

  /* Unmuted by this chat: the term goes, and the next lookup reads the pages again. */
  g_assert_true (run_action (fixture, ACTION_UNMUTE, "FernGuard", &error));
  g_assert_no_error (error);
  g_assert_false (rumble_user_get_muted (fern));
  g_assert_cmpint (rumble_user_get_mute_term (fern), ==, RUMBLE_MUTE_TERM_UNKNOWN);
  g_assert_cmpint (lookup_mute (fixture, "FernGuard", &error), ==,
                   RUMBLE_MUTE_LOOKUP_NOT_MUTED);
}

/* Preconditions: no session, not a moderator. */

static void
test_requires_session (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  static const Action actions[] = {
    ACTION_DELETE, ACTION_PIN, ACTION_UNPIN, ACTION_COMMAND, ACTION_UNMUTE, ACTION_RAID_CONFIRM,
  };

  setup_as (&fixture, NULL, TRUE);
  rumble_fake_server_clear_requests (fixture.fake);

  id = send_message (&fixture, "hello", NULL, NULL, &error);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_NO_SESSION);
  g_clear_error (&error);

  for (gsize i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_assert_false (run_action (&fixture, actions[i], "/x", &error));
      g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_NO_SESSION);
      g_clear_error (&error);
    }
  g_assert_false (mute (&fixture, "x", RUMBLE_MUTE_ENTITY_USER, 0, RUMBLE_MUTE_SCOPE_VIDEO, &error));
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_NO_SESSION);

  g_assert_cmpuint (n_requests (&fixture), ==, 0);
  fixture_teardown (&fixture, NULL);
}

static void
test_requires_moderator (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  static const Action actions[] = {
    ACTION_DELETE, ACTION_PIN, ACTION_UNPIN, ACTION_UNMUTE, ACTION_RAID_CONFIRM,
  };

  setup_as (&fixture, "Quillback_Tom", TRUE);
  g_assert_false (rumble_chat_api_get_can_moderate (fixture.chat));
  rumble_fake_server_clear_requests (fixture.fake);

  for (gsize i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_assert_false (run_action (&fixture, actions[i], "1402937465012345602", &error));
      g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_PERMISSION);
      g_clear_error (&error);
    }
  g_assert_false (mute (&fixture, "MarigoldFinch", RUMBLE_MUTE_ENTITY_USER, 0,
                        RUMBLE_MUTE_SCOPE_VIDEO, &error));
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpuint (n_requests (&fixture), ==, 0);

  /* A non-moderator may still chat. */
  id = send_message (&fixture, "just chatting", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);

  fixture_teardown (&fixture, NULL);
}

/* The server says no even though the stream said yes (rights changed meanwhile). */
static void
test_server_permission (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  rumble_fake_service_set_moderator (fixture->fake, "MarigoldFinch", STREAM, FALSE);
  g_assert_false (run_action (fixture, ACTION_RAID_CONFIRM, NULL, &error));
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_PERMISSION);
  g_assert_cmpstr (error->message, ==, "You do not have permission to moderate this chat.");
}

/* A dead session on service.php: `user.logged_in` is false although a cookie was sent. */
static void
test_expired_session (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  rumble_chat_api_set_session (fixture->chat, "00000000000000000000000000000000");
  g_assert_false (run_action (fixture, ACTION_RAID_CONFIRM, NULL, &error));
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_AUTH);
  g_clear_error (&error);

  /* The muting page redirects a dead session to the login page. */
  g_assert_false (run_action (fixture, ACTION_UNMUTE, "Quillback_Tom", &error));
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_AUTH);
}

static void
test_renewed_session (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *latest = NULL;
  g_autofree char *id = post_from (fixture, "Quillback_Tom", "pin me");
  const char *before = rumble_chat_api_get_session (fixture->chat);
  g_autofree char *old = g_strdup (before);

  rumble_fake_service_renew_next (fixture->fake);
  g_assert_true (run_action (fixture, ACTION_PIN, id, &error));
  g_assert_no_error (error);

  latest = rumble_fake_service_dup_latest_token (fixture->fake);
  g_assert_cmpstr (latest, !=, old);
  g_assert_cmpstr (rumble_chat_api_get_session (fixture->chat), ==, latest);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/rumble/actions/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("send/plain", test_send);
  ADD ("send/as-channel", test_send_as_channel);
  ADD ("send/refused-locally", test_send_refused_locally);
  ADD ("send/errors", test_send_errors);
  ADD ("send/ambiguous", test_send_ambiguous);
  ADD ("send/timeout", test_send_timeout);
  ADD ("delete", test_delete);
  ADD ("pin-unpin", test_pin_unpin);
  ADD ("command-and-raid", test_command_and_raid);
  ADD ("mute/five-minutes", test_mute_five_minutes);
  ADD ("mute/scopes", test_mute_scopes);
  ADD ("unmute", test_unmute);
  ADD ("lookup-mute", test_lookup_mute);
  ADD ("server-permission", test_server_permission);
  ADD ("expired-session", test_expired_session);
  ADD ("renewed-session", test_renewed_session);
  g_test_add_func ("/rumble/actions/requires-session", test_requires_session);
  g_test_add_func ("/rumble/actions/requires-moderator", test_requires_moderator);

#undef ADD

  return g_test_run ();
}
