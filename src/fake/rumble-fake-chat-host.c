/* rumble-fake-chat-host.c — the fake chat host's message routes
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sending and deleting chat messages on the chat host (PROTOCOL.md §3), with its CORS
 * answers.
 */
#define G_LOG_DOMAIN "rumble-fake"

#include "config.h"

#include <string.h>

#include "rumble-fake-service-private.h"

#define MAX_TEXT_CHARS       200
#define MAX_REQUEST_ID_LEN   128

static void
add_cors_headers (FakeCall *call)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (call->msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (call->msg);
  const char *origin = soup_message_headers_get_one (request, "Origin");

  if (origin == NULL || strlen (origin) > 256)
    origin = "https://rumble.com";
  soup_message_headers_replace (response, "Access-Control-Allow-Origin", origin);
  soup_message_headers_replace (response, "Access-Control-Allow-Credentials", "true");
  soup_message_headers_replace (response, "Vary", "Origin");
}

void
rumble_fake_handle_options (FakeCall *call)
{
  SoupMessageHeaders *response = soup_server_message_get_response_headers (call->msg);

  add_cors_headers (call);
  soup_message_headers_replace (response, "Access-Control-Allow-Methods",
                                "GET, POST, DELETE, OPTIONS");
  soup_message_headers_replace (response, "Access-Control-Allow-Headers", "content-type");
  soup_message_headers_replace (response, "Access-Control-Max-Age", "600");
  rumble_fake_respond_text (call->msg, SOUP_STATUS_OK, "text/plain", "", 0);
}

/* The checks every message route starts with: a known chat and a live session. Returns
 * the session's account, or NULL once the error is answered. */
static const FakeAccount *
check_chat_call (FakeCall   *call,
                 const char *login_message)
{
  add_cors_headers (call);

  if (!rumble_fake_server_has_stream (call->svc->server, call->stream))
    {
      rumble_fake_chat_error (call, SOUP_STATUS_NOT_FOUND, "not_found", "Chat not found.");
      return NULL;
    }
  if (call->token == NULL)
    {
      rumble_fake_chat_error (call, SOUP_STATUS_UNAUTHORIZED, "unauthorized", login_message);
      return NULL;
    }
  return &rumble_fake_accounts[call->token->account];
}

static gboolean
json_object_has_exactly (JsonObject         *object,
                         const char * const *members)
{
  guint n = 0;

  for (; members[n] != NULL; n++)
    if (!json_object_has_member (object, members[n]))
      return FALSE;

  return json_object_get_size (object) == n;
}

static gboolean
node_is_null (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_NULL (node);
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_int (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_INT64;
}

void
rumble_fake_handle_send (FakeCall *call)
{
  static const char * const root_members[] = { "data", NULL };
  static const char * const data_members[] = {
    "request_id", "message", "rant", "channel_id", NULL
  };
  static const char * const message_members[] = { "text", NULL };
  FakeService *svc = call->svc;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (call->msg);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autofree char *user_json = NULL;
  g_autofree char *channel_json = NULL;
  g_autofree char *channel_id = NULL;
  g_autofree char *new_id = NULL;
  const FakeAccount *account;
  const char *content_type;
  const char *request_id;
  const char *text;
  JsonNode *root;
  JsonObject *data;
  JsonObject *message;
  JsonNode *channel_node;

  account = check_chat_call (call, "You must be logged in to chat.");
  if (account == NULL)
    return;

  content_type = soup_message_headers_get_content_type (request, NULL);
  if (g_strcmp0 (content_type, "application/json") != 0)
    {
      rumble_fake_chat_error (call, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                              "The request body must be JSON (Content-Type: application/json).");
      return;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (call->msg));
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                   g_bytes_get_size (body), NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_exactly (json_node_get_object (root), root_members) ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (root), "data")))
    {
      rumble_fake_chat_error (call, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                              "The body must be "
                              "{\"data\": {request_id, message, rant, channel_id}}.");
      return;
    }

  data = json_object_get_object_member (json_node_get_object (root), "data");
  if (!json_object_has_exactly (data, data_members) ||
      !node_is_string (json_object_get_member (data, "request_id")) ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (data, "message")) ||
      !node_is_null (json_object_get_member (data, "rant")) ||
      !(node_is_null (json_object_get_member (data, "channel_id")) ||
        node_is_int (json_object_get_member (data, "channel_id"))))
    {
      rumble_fake_chat_error (call, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                              "data must hold exactly request_id (string), message (object), "
                              "rant (null) and channel_id (null or integer).");
      return;
    }

  message = json_object_get_object_member (data, "message");
  if (!json_object_has_exactly (message, message_members) ||
      !node_is_string (json_object_get_member (message, "text")))
    {
      rumble_fake_chat_error (call, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                              "message must hold exactly a text string.");
      return;
    }

  request_id = json_object_get_string_member (data, "request_id");
  if (*request_id == '\0' || strlen (request_id) > MAX_REQUEST_ID_LEN)
    {
      rumble_fake_chat_error (call, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                              "Invalid request_id.");
      return;
    }

  text = json_object_get_string_member (message, "text");
  if (!g_utf8_validate (text, -1, NULL))
    {
      rumble_fake_chat_error (call, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                              "The text is not valid UTF-8.");
      return;
    }
  {
    g_autofree char *stripped = g_strstrip (g_strdup (text));

    if (*stripped == '\0')
      {
        rumble_fake_chat_error (call, SOUP_STATUS_BAD_REQUEST, "empty", "The message is empty.");
        return;
      }
  }
  if (g_utf8_strlen (text, -1) > MAX_TEXT_CHARS)
    {
      rumble_fake_chat_error (call, SOUP_STATUS_BAD_REQUEST, "too_long",
                              "The message is longer than 200 characters.");
      return;
    }

  channel_node = json_object_get_member (data, "channel_id");
  if (node_is_int (channel_node))
    {
      channel_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (channel_node));
      if (account->channel_id == NULL || !g_str_equal (channel_id, account->channel_id))
        {
          rumble_fake_chat_error (call, SOUP_STATUS_FORBIDDEN, "channel",
                                  "You cannot post as this channel.");
          return;
        }
    }

  if (rumble_fake_account_is_muted (svc, account, channel_id != NULL, call->stream))
    {
      rumble_fake_chat_error (call, SOUP_STATUS_BAD_REQUEST, "muted",
                              "You are muted in this chat.");
      return;
    }

  user_json = rumble_fake_account_user_json (account);
  if (channel_id != NULL)
    channel_json = rumble_fake_account_channel_json (account);

  new_id = rumble_fake_server_post_as (svc->server, call->stream, user_json, channel_id,
                                       channel_json, text, request_id);
  if (new_id == NULL)
    {
      rumble_fake_chat_error (call, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                              "The message was not posted.");
      return;
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  rumble_fake_json_member_string (b, "id", new_id);
  json_builder_set_member_name (b, "user");
  {
    g_autoptr(JsonNode) user = json_from_string (user_json, NULL);

    json_builder_add_value (b, g_steal_pointer (&user));
  }
  json_builder_end_object (b);
  json_builder_end_object (b);
  rumble_fake_respond_builder (call->msg, SOUP_STATUS_OK, b);
}

void
rumble_fake_handle_delete (FakeCall *call)
{
  FakeService *svc = call->svc;
  const RumbleFakeMessage *m;
  g_autoptr(JsonBuilder) event = NULL;
  const FakeAccount *account;

  account = check_chat_call (call, "You must be logged in.");
  if (account == NULL)
    return;

  m = NULL;
  if (rumble_fake_is_decimal (call->message_id))
    m = rumble_fake_service_find_live_message (svc, call->stream, call->message_id);
  if (m == NULL)
    {
      rumble_fake_chat_error (call, SOUP_STATUS_NOT_FOUND, "not_found", "Message not found.");
      return;
    }

  if (!rumble_fake_account_moderates (svc, call->token->account, call->stream) &&
      g_strcmp0 (m->user_id, account->user_id) != 0)
    {
      rumble_fake_chat_error (call, SOUP_STATUS_FORBIDDEN, "permission",
                              "You do not have permission to moderate this chat.");
      return;
    }

  event = json_builder_new ();
  json_builder_begin_object (event);
  rumble_fake_json_member_string (event, "type", "delete_messages");
  json_builder_set_member_name (event, "data");
  json_builder_begin_object (event);
  json_builder_set_member_name (event, "message_ids");
  json_builder_begin_array (event);
  json_builder_add_string_value (event, m->id);
  json_builder_end_array (event);
  json_builder_end_object (event);
  json_builder_end_object (event);

  rumble_fake_chat_success (call);

  rumble_fake_service_push_event (svc, call->stream, event);
}

void
rumble_fake_handle_chat_bad_method (FakeCall *call)
{
  add_cors_headers (call);
  rumble_fake_chat_error (call, SOUP_STATUS_METHOD_NOT_ALLOWED, "method", "Method not allowed.");
}
