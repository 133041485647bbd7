/* rumble-fake-post.c — messages the fake server posts itself
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Scripted users posting, floods of new accounts, and the messages the service part
 * posts for a logged-in account; with the ids, times and request ids they carry.
 */
#define G_LOG_DOMAIN "rumble-fake"

#include "config.h"

#include <string.h>

#include "rumble-fake-server-private.h"

char *
rumble_fake_server_next_message_id (RumbleFakeServer *self)
{
  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);
  return g_strdup_printf ("%" G_GUINT64_FORMAT, self->next_id++);
}

char *
rumble_fake_server_next_time (RumbleFakeServer *self)
{
  g_autoptr(GDateTime) when = NULL;

  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);

  self->last_time = MAX (self->last_time, g_get_real_time () / G_USEC_PER_SEC);
  when = g_date_time_new_from_unix_utc (self->last_time);
  return g_date_time_format (when, "%Y-%m-%dT%H:%M:%S+00:00");
}

char *
rumble_fake_server_new_request_id (RumbleFakeServer *self)
{
  guint8 raw[32];
  char *id;

  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);

  for (guint i = 0; i < sizeof raw; i++)
    raw[i] = (guint8) g_rand_int_range (self->rand, 0, 256);
  id = g_base64_encode (raw, sizeof raw);
  id[43] = '\0';
  return id;
}

/* Builds, remembers and sends a `messages` event with one regular message. */
static char *
post_message (RumbleFakeServer *self,
              const char       *stream_id_b10,
              JsonNode         *user,
              JsonNode         *channel,
              const char       *text,
              const char       *request_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) event = NULL;
  g_autofree char *id = rumble_fake_server_next_message_id (self);
  g_autofree char *time = rumble_fake_server_next_time (self);
  g_autofree char *generated = NULL;
  g_autofree char *user_id = rumble_fake_json_get_id (json_node_get_object (user), "id");
  g_autofree char *channel_id = NULL;
  gint64 channel_num = 0;

  if (channel)
    channel_id = rumble_fake_json_get_id (json_node_get_object (channel), "id");
  if (request_id == NULL)
    request_id = generated = rumble_fake_server_new_request_id (self);

  rumble_fake_json_begin_message_event (builder, request_id, id, time, user_id ? user_id : "0");
  rumble_fake_json_member_text (builder, text);
  rumble_fake_json_member_string (builder, "type", "regular");
  if (channel_id)
    {
      /* channel_id is a JSON number on the wire (PROTOCOL.md §1.2). */
      json_builder_set_member_name (builder, "channel_id");
      if (g_ascii_string_to_signed (channel_id, 10, 0, G_MAXINT64, &channel_num, NULL))
        json_builder_add_int_value (builder, channel_num);
      else
        json_builder_add_string_value (builder, channel_id);
    }
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "users");
  json_builder_begin_array (builder);
  json_builder_add_value (builder, json_node_copy (user));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "channels");
  json_builder_begin_array (builder);
  if (channel)
    json_builder_add_value (builder, json_node_copy (channel));
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  json_builder_end_object (builder);

  event = json_builder_get_root (builder);
  rumble_fake_server_push_node (self, stream_id_b10, event);
  return g_steal_pointer (&id);
}

static JsonNode *
find_user_by_name (RumbleFakeServer *self,
                   FakeStream       *stream,
                   const char       *username)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, stream->users);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_strcmp0 (rumble_fake_json_get_string (json_node_get_object (value), "username"),
                   username) == 0)
      return json_node_copy (value);

  return rumble_fake_fixture_find_cast_user (username);
}

static JsonNode *
invent_user (const char *username)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint hash = g_str_hash (username);
  g_autofree char *id = g_strdup_printf ("%u", 60000000u + hash % 9000000u);
  g_autofree char *link = g_strconcat ("/user/", username, NULL);
  g_autofree char *color = g_strdup_printf ("#%06x", (hash * 2654435761u) & 0x7f7f7fu);

  json_builder_begin_object (builder);
  rumble_fake_json_member_string (builder, "id", id);
  rumble_fake_json_member_string (builder, "username", username);
  rumble_fake_json_member_string (builder, "link", link);
  rumble_fake_json_member_bool (builder, "is_follower", FALSE);
  rumble_fake_json_member_string (builder, "color", color);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

char *
rumble_fake_server_push_message (RumbleFakeServer *self,
                                 const char       *stream_id_b10,
                                 const char       *username,
                                 const char       *text)
{
  FakeStream *stream;
  g_autoptr(JsonNode) user = NULL;

  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);
  g_return_val_if_fail (username != NULL && text != NULL, NULL);

  stream = rumble_fake_server_lookup_stream (self, stream_id_b10);
  g_return_val_if_fail (stream != NULL, NULL);

  user = find_user_by_name (self, stream, username);
  if (user == NULL)
    user = invent_user (username);
  return post_message (self, stream_id_b10, user, NULL, text, NULL);
}

/* First user id of the accounts push_new_accounts invents, far from the fixture's. */
#define NEW_ACCOUNT_FIRST_ID   910000000u
#define NEW_ACCOUNT_FIRST_CHANNEL 8800000u
#define NEW_ACCOUNT_CHANNEL_EVERY 10

void
rumble_fake_server_push_new_accounts (RumbleFakeServer *self,
                                      const char       *stream_id_b10,
                                      guint             n)
{
  FakeStream *stream;
  g_autoptr(GString) out = NULL;
  g_autofree char *time = NULL;

  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));

  stream = rumble_fake_server_lookup_stream (self, stream_id_b10);
  g_return_if_fail (stream != NULL);

  time = rumble_fake_server_next_time (self);
  out = g_string_sized_new ((gsize) n * 400);
  for (guint i = 0; i < n; i++)
    {
      guint account = self->next_account++;
      guint user_id = NEW_ACCOUNT_FIRST_ID + account;
      gboolean as_channel = account % NEW_ACCOUNT_CHANNEL_EVERY == 0;
      guint channel_id = NEW_ACCOUNT_FIRST_CHANNEL + account / NEW_ACCOUNT_CHANNEL_EVERY;

      /* Written as text: a flood of a hundred thousand must stay cheap, and is not kept
       * for the next init (push_event would keep every one of them). */
      g_string_append_printf (out, "data: {\"type\":\"messages\",\"data\":{\"messages\":[{"
                              "\"id\":\"%" G_GUINT64_FORMAT "\",\"time\":\"%s\",\"user_id\":\"%u\","
                              "\"text\":\"hello from account %u\",\"blocks\":[],"
                              "\"type\":\"regular\"",
                              self->next_id++, time, user_id, account);
      if (as_channel)
        g_string_append_printf (out, ",\"channel_id\":%u", channel_id);
      g_string_append_printf (out, "}],\"users\":[{\"id\":\"%u\",\"username\":\"Newcomer%u\","
                              "\"link\":\"/user/Newcomer%u\",\"is_follower\":false}],"
                              "\"channels\":[",
                              user_id, account, account);
      if (as_channel)
        g_string_append_printf (out, "{\"id\":\"%u\",\"username\":\"NewcomerChannel%u\","
                                "\"link\":\"/c/NewcomerChannel%u\"}", channel_id, account, account);
      else
        g_string_append (out, "[]");
      g_string_append (out, "]}}\n\n");
    }
  rumble_fake_stream_broadcast (stream, out->str, out->len);
}

char *
rumble_fake_server_post_as (RumbleFakeServer *self,
                            const char       *stream_id_b10,
                            const char       *user_json,
                            const char       *channel_id,
                            const char       *channel_json,
                            const char       *text,
                            const char       *request_id)
{
  FakeStream *stream;
  g_autoptr(JsonNode) user = NULL;
  g_autoptr(JsonNode) channel = NULL;

  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);
  g_return_val_if_fail (user_json != NULL && text != NULL, NULL);

  stream = rumble_fake_server_lookup_stream (self, stream_id_b10);
  g_return_val_if_fail (stream != NULL, NULL);

  user = rumble_fake_json_parse (user_json, -1);
  g_return_val_if_fail (user != NULL && JSON_NODE_HOLDS_OBJECT (user), NULL);

  if (channel_json)
    {
      channel = rumble_fake_json_parse (channel_json, -1);
      g_return_val_if_fail (channel != NULL && JSON_NODE_HOLDS_OBJECT (channel), NULL);
    }
  else if (channel_id)
    {
      JsonNode *known = g_hash_table_lookup (stream->channels, channel_id);

      if (known)
        channel = json_node_copy (known);
      else
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          rumble_fake_json_member_string (builder, "id", channel_id);
          json_builder_end_object (builder);
          channel = json_builder_get_root (builder);
        }
    }

  return post_message (self, stream_id_b10, user, channel, text, request_id);
}
