/* rumble-fake-moderation.c — the fake service's pins, raids and chat commands
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * chat.message.pin and unpin, raid.confirm and /chat/command (PROTOCOL.md §4), with the
 * events they send to the stream.
 */
#define G_LOG_DOMAIN "rumble-fake"

#include "config.h"

#include <string.h>

#include "rumble-fake-service-private.h"

static const RumbleFakeMessage *
find_message (FakeService *svc,
              const char  *stream,
              const char  *message_id)
{
  GPtrArray *messages = rumble_fake_server_get_messages (svc->server, stream);

  if (messages == NULL || message_id == NULL)
    return NULL;

  for (guint i = messages->len; i > 0; i--)
    {
      const RumbleFakeMessage *m = g_ptr_array_index (messages, i - 1);

      if (g_strcmp0 (m->id, message_id) == 0)
        return m;
    }

  return NULL;
}

const RumbleFakeMessage *
rumble_fake_service_find_live_message (FakeService *svc,
                                       const char  *stream,
                                       const char  *message_id)
{
  const RumbleFakeMessage *m = find_message (svc, stream, message_id);

  if (m == NULL || m->deleted)
    return NULL;
  return m;
}

/* The message object (PROTOCOL.md §5.6.1) as the stream carried it, for pin/unpin events. */
static void
add_message_object (JsonBuilder             *b,
                    FakeService             *svc,
                    const char              *stream,
                    const RumbleFakeMessage *m)
{
  g_autofree char *json = rumble_fake_server_get_message_json (svc->server, stream, m->id);
  g_autoptr(JsonNode) node = json != NULL ? json_from_string (json, NULL) : NULL;

  if (node != NULL)
    {
      json_builder_add_value (b, g_steal_pointer (&node));
      return;
    }

  json_builder_begin_object (b);
  rumble_fake_json_member_string (b, "id", m->id);
  rumble_fake_json_member_string (b, "user_id", m->user_id);
  rumble_fake_json_member_string (b, "text", m->text);
  rumble_fake_json_member_string (b, "type", m->is_rant ? "rant" : "regular");
  if (m->channel_id != NULL)
    {
      json_builder_set_member_name (b, "channel_id");
      json_builder_add_int_value (b, g_ascii_strtoll (m->channel_id, NULL, 10));
    }
  json_builder_end_object (b);
}

/* Common checks of pin/unpin/raid: a known stream the account moderates. */
static gboolean
check_moderated_stream (FakeCall   *call,
                        const char *stream)
{
  if (!rumble_fake_is_decimal (stream))
    {
      rumble_fake_service_error (call, SOUP_STATUS_BAD_REQUEST, FALSE, "missing_field",
                                 "A decimal video_id is required.");
      return FALSE;
    }
  if (!rumble_fake_call_require_login (call))
    return FALSE;
  if (!rumble_fake_server_has_stream (call->svc->server, stream))
    {
      rumble_fake_service_error (call, SOUP_STATUS_NOT_FOUND, FALSE, "not_found",
                                 "Video not found.");
      return FALSE;
    }
  if (!rumble_fake_account_moderates (call->svc, call->token->account, stream))
    {
      rumble_fake_call_permission_error (call);
      return FALSE;
    }
  return TRUE;
}

static void
rumble_fake_handle_pin (FakeCall *call,
                        gboolean  pin)
{
  FakeService *svc = call->svc;
  const char *stream = rumble_fake_call_form (call, "video_id");
  const char *message_id = rumble_fake_call_form (call, "message_id");
  const RumbleFakeMessage *m;
  g_autoptr(JsonBuilder) event = NULL;

  if (!rumble_fake_is_decimal (message_id))
    {
      rumble_fake_service_error (call, SOUP_STATUS_BAD_REQUEST, FALSE, "missing_field",
                                 "A decimal message_id is required.");
      return;
    }
  if (!check_moderated_stream (call, stream))
    return;

  m = rumble_fake_service_find_live_message (svc, stream, message_id);
  if (m == NULL)
    {
      rumble_fake_service_error (call, SOUP_STATUS_NOT_FOUND, FALSE, "not_found",
                                 "Message not found.");
      return;
    }

  if (pin)
    g_hash_table_replace (svc->pinned, g_strdup (stream), g_strdup (message_id));
  else if (g_strcmp0 (g_hash_table_lookup (svc->pinned, stream), message_id) == 0)
    g_hash_table_remove (svc->pinned, stream);

  rumble_fake_service_success (call);

  event = json_builder_new ();
  json_builder_begin_object (event);
  rumble_fake_json_member_string (event, "type", pin ? "pin_message" : "unpin_message");
  json_builder_set_member_name (event, "data");
  json_builder_begin_object (event);
  json_builder_set_member_name (event, "message");
  add_message_object (event, svc, stream, m);
  json_builder_end_object (event);
  json_builder_end_object (event);
  rumble_fake_service_push_event (svc, stream, event);
}

void rumble_fake_handle_pin_message (FakeCall *call) { rumble_fake_handle_pin (call, TRUE); }
void rumble_fake_handle_unpin_message (FakeCall *call) { rumble_fake_handle_pin (call, FALSE); }

void
rumble_fake_handle_raid_confirm (FakeCall *call)
{
  FakeService *svc = call->svc;
  const char *stream = rumble_fake_call_form (call, "video_id");
  g_autoptr(JsonBuilder) event = NULL;
  const char *target;
  gboolean own_stream;

  if (!check_moderated_stream (call, stream))
    return;

  rumble_fake_service_success (call);

  target = g_hash_table_lookup (svc->raids, stream);
  own_stream = g_str_equal (stream, RUMBLE_FAKE_DEFAULT_STREAM);

  event = json_builder_new ();
  json_builder_begin_object (event);
  rumble_fake_json_member_string (event, "type", "raid_confirmed");
  json_builder_set_member_name (event, "data");
  json_builder_begin_object (event);
  rumble_fake_json_member_string (event, "current_channel_name",
                                  own_stream ? DEFAULT_OWNER_CHANNEL_NAME
                                : rumble_fake_accounts[call->token->account].username);
  rumble_fake_json_member_string (event, "current_channel_avatar_url",
                                  own_stream ? DEFAULT_OWNER_AVATAR : NULL);
  rumble_fake_json_member_string (event, "target_url",
                                  target != NULL ? target : DEFAULT_RAID_TARGET);
  rumble_fake_json_member_string (event, "target_channel_name", "Northwind");
  rumble_fake_json_member_string (event, "target_channel_avatar_url", NULL);
  rumble_fake_json_member_string (event, "target_video_title", "Friday night build");
  json_builder_set_member_name (event, "start_ts");
  json_builder_add_int_value (event, g_get_real_time () / G_USEC_PER_SEC + 30);
  json_builder_set_member_name (event, "redirection_steps");
  json_builder_begin_object (event);
  json_builder_set_member_name (event, "0.5");
  json_builder_begin_array (event);
  json_builder_add_int_value (event, 10);
  json_builder_add_int_value (event, 30);
  json_builder_end_array (event);
  json_builder_set_member_name (event, "1");
  json_builder_begin_array (event);
  json_builder_add_int_value (event, 20);
  json_builder_add_int_value (event, 60);
  json_builder_end_array (event);
  json_builder_end_object (event);
  json_builder_end_object (event);
  json_builder_end_object (event);

  g_hash_table_remove (svc->raids, stream);
  rumble_fake_service_push_event (svc, stream, event);
}

void
rumble_fake_handle_command (FakeCall *call)
{
  FakeService *svc = call->svc;
  const char *stream = rumble_fake_call_form (call, "video_id");
  const char *text = rumble_fake_call_form (call, "message");

  if (!g_str_equal (call->method, "POST"))
    {
      rumble_fake_chat_error (call, SOUP_STATUS_METHOD_NOT_ALLOWED, "method", "Use POST.");
      return;
    }
  if (!rumble_fake_is_decimal (stream) || text == NULL)
    {
      rumble_fake_chat_error (call, SOUP_STATUS_BAD_REQUEST, "missing_field",
                              "The fields video_id (decimal) and message are required.");
      return;
    }
  if (call->token == NULL)
    {
      rumble_fake_chat_error (call, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                              "You must be logged in.");
      return;
    }
  if (!rumble_fake_server_has_stream (svc->server, stream))
    {
      rumble_fake_chat_error (call, SOUP_STATUS_NOT_FOUND, "not_found", "Chat not found.");
      return;
    }
  if (text[0] != '/' || text[1] == '\0' || g_ascii_isspace (text[1]))
    {
      rumble_fake_chat_error (call, SOUP_STATUS_BAD_REQUEST, "invalid_command",
                              "Commands start with \"/\".");
      return;
    }

  if (g_str_has_prefix (text, "/raid") && (text[5] == '\0' || g_ascii_isspace (text[5])))
    {
      g_autofree char *target = g_strstrip (g_strdup (text + 5));

      if (*target == '\0' || strlen (target) > 2048)
        {
          rumble_fake_chat_error (call, SOUP_STATUS_BAD_REQUEST, "invalid_command",
                                  "Usage: /raid URL");
          return;
        }
      if (!rumble_fake_account_moderates (svc, call->token->account, stream))
        {
          rumble_fake_chat_error (call, SOUP_STATUS_FORBIDDEN, "permission",
                                  "You do not have permission to moderate this chat.");
          return;
        }
      g_hash_table_replace (svc->raids, g_strdup (stream), g_steal_pointer (&target));
    }

  rumble_fake_chat_success (call);
}

char *
rumble_fake_service_dup_pinned (RumbleFakeServer *self,
                                const char       *stream_id_b10)
{
  FakeService *svc = rumble_fake_service_get (self);

  g_return_val_if_fail (stream_id_b10 != NULL, NULL);

  return svc != NULL ? g_strdup (g_hash_table_lookup (svc->pinned, stream_id_b10)) : NULL;
}
