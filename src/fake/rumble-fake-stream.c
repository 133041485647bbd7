/* rumble-fake-stream.c — the fake server's streams and what they remember
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each stream keeps its recent messages, the users and channels they named and the
 * pinned message, so that the next `init` carries them; and the public calls that
 * create streams and push events to them.
 */
#define G_LOG_DOMAIN "rumble-fake"

#include "config.h"

#include <string.h>

#include "rumble-fake-server-private.h"

#define MIN_RETAINED       2000      /* messages remembered per stream, at least */

static void
fake_message_free (gpointer data)
{
  FakeMessage *m = data;

  g_free (m->pub.id);
  g_free (m->pub.user_id);
  g_free (m->pub.username);
  g_free (m->pub.channel_id);
  g_free (m->pub.channel_name);
  g_free (m->pub.text);
  json_node_unref (m->node);
  g_free (m);
}

FakeStream *
rumble_fake_stream_new (const char *id,
                        gboolean    live)
{
  FakeStream *stream = g_new0 (FakeStream, 1);

  stream->id = g_strdup (id);
  stream->live = live;
  stream->messages = g_ptr_array_new_with_free_func (fake_message_free);
  stream->users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) json_node_unref);
  stream->channels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) json_node_unref);
  stream->conns = g_ptr_array_new ();
  return stream;
}

void
rumble_fake_stream_free (gpointer data)
{
  FakeStream *stream = data;

  rumble_fake_stream_close_all (stream);
  g_ptr_array_unref (stream->conns);
  g_ptr_array_unref (stream->messages);
  g_hash_table_unref (stream->users);
  g_hash_table_unref (stream->channels);
  g_clear_pointer (&stream->pinned, json_node_unref);
  g_free (stream->id);
  g_free (stream);
}

FakeStream *
rumble_fake_server_lookup_stream (RumbleFakeServer *self,
                                  const char       *id)
{
  return id ? g_hash_table_lookup (self->streams, id) : NULL;
}

static guint
retained_max (RumbleFakeServer *self)
{
  return MAX (self->backlog_len, MIN_RETAINED);
}

static void
remember_message (RumbleFakeServer *self,
                  FakeStream       *stream,
                  JsonNode         *node)
{
  JsonObject *obj = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  g_autofree char *id = rumble_fake_json_get_id (obj, "id");
  FakeMessage *m;
  JsonNode *user;
  JsonNode *channel;
  const char *text;
  JsonNode *rant;

  if (id == NULL)
    return;

  m = g_new0 (FakeMessage, 1);
  m->node = json_node_copy (node);
  m->pub.id = g_steal_pointer (&id);
  m->pub.user_id = rumble_fake_json_get_id (obj, "user_id");
  m->pub.channel_id = rumble_fake_json_get_id (obj, "channel_id");
  text = rumble_fake_json_get_string (obj, "text");
  m->pub.text = g_strdup (text ? text : "");
  rant = json_object_get_member (obj, "rant");
  m->pub.is_rant = rant != NULL && !JSON_NODE_HOLDS_NULL (rant);

  user = m->pub.user_id ? g_hash_table_lookup (stream->users, m->pub.user_id) : NULL;
  if (user)
    m->pub.username = g_strdup (rumble_fake_json_get_string (json_node_get_object (user),
                                                             "username"));
  channel = m->pub.channel_id ? g_hash_table_lookup (stream->channels, m->pub.channel_id) : NULL;
  if (channel)
    m->pub.channel_name = g_strdup (rumble_fake_json_get_string (json_node_get_object (channel),
                                                                 "username"));

  g_ptr_array_add (stream->messages, m);

  /* Trim in batches so that a long demo costs one move per many messages. */
  if (stream->messages->len > retained_max (self) + retained_max (self) / 4)
    g_ptr_array_remove_range (stream->messages, 0, stream->messages->len - retained_max (self));
}

static void
remember_objects (GHashTable *table,
                  JsonArray  *array)
{
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *id = NULL;

      /* `[[]]` (an array in place of the objects) is Rumble's "no channels". */
      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      id = rumble_fake_json_get_id (json_node_get_object (node), "id");
      if (id)
        g_hash_table_replace (table, g_steal_pointer (&id), json_node_copy (node));
    }
}

static void
mark_deleted (FakeStream *stream,
              JsonArray  *ids)
{
  for (guint i = 0; ids && i < json_array_get_length (ids); i++)
    {
      g_autofree char *id = rumble_fake_json_node_to_id (json_array_get_element (ids, i));

      for (guint j = stream->messages->len; id && j > 0; j--)
        {
          FakeMessage *m = g_ptr_array_index (stream->messages, j - 1);

          if (g_str_equal (m->pub.id, id))
            {
              m->pub.deleted = TRUE;
              break;
            }
        }
    }
}

/* Keeps what the next `init` needs from an event the stream carried. */
void
rumble_fake_stream_remember_event (RumbleFakeServer *self,
                                   FakeStream       *stream,
                                   JsonNode         *event)
{
  JsonObject *root = JSON_NODE_HOLDS_OBJECT (event) ? json_node_get_object (event) : NULL;
  JsonObject *data = rumble_fake_json_get_object (root, "data");
  const char *type = rumble_fake_json_get_string (root, "type");

  if (type == NULL || data == NULL)
    return;

  if (g_str_equal (type, "messages"))
    {
      JsonArray *messages = rumble_fake_json_get_array (data, "messages");

      remember_objects (stream->users, rumble_fake_json_get_array (data, "users"));
      remember_objects (stream->channels, rumble_fake_json_get_array (data, "channels"));
      for (guint i = 0; messages && i < json_array_get_length (messages); i++)
        remember_message (self, stream, json_array_get_element (messages, i));
    }
  else if (g_str_equal (type, "delete_messages") || g_str_equal (type, "delete_non_rant_messages"))
    {
      mark_deleted (stream, rumble_fake_json_get_array (data, "message_ids"));
    }
  else if (g_str_equal (type, "pin_message"))
    {
      JsonNode *message = json_object_get_member (data, "message");

      g_clear_pointer (&stream->pinned, json_node_unref);
      if (message && JSON_NODE_HOLDS_OBJECT (message))
        stream->pinned = json_node_copy (message);
    }
  else if (g_str_equal (type, "unpin_message"))
    {
      g_clear_pointer (&stream->pinned, json_node_unref);
    }
}

void
rumble_fake_server_add_stream (RumbleFakeServer *self,
                               const char       *stream_id_b10,
                               gboolean          live)
{
  FakeStream *stream;

  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  g_return_if_fail (stream_id_b10 != NULL && *stream_id_b10 != '\0');

  if (rumble_fake_server_lookup_stream (self, stream_id_b10))
    {
      rumble_fake_server_set_live (self, stream_id_b10, live);
      return;
    }
  stream = rumble_fake_stream_new (stream_id_b10, live);
  g_hash_table_insert (self->streams, stream->id, stream);
}

void
rumble_fake_server_set_live (RumbleFakeServer *self,
                             const char       *stream_id_b10,
                             gboolean          live)
{
  FakeStream *stream;

  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  g_return_if_fail (stream_id_b10 != NULL);

  stream = rumble_fake_server_lookup_stream (self, stream_id_b10);
  if (stream == NULL)
    {
      rumble_fake_server_add_stream (self, stream_id_b10, live);
      return;
    }
  stream->live = !!live;
  /* A stream that ends closes its connections; their next attempt gets 204. */
  if (!live)
    rumble_fake_stream_close_all (stream);
}

guint
rumble_fake_server_get_n_listeners (RumbleFakeServer *self,
                                    const char       *stream_id_b10)
{
  FakeStream *stream;

  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), 0);

  stream = rumble_fake_server_lookup_stream (self, stream_id_b10);
  return stream ? stream->conns->len : 0;
}

void
rumble_fake_server_close_streams (RumbleFakeServer *self,
                                  const char       *stream_id_b10)
{
  FakeStream *stream;

  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));

  stream = rumble_fake_server_lookup_stream (self, stream_id_b10);
  if (stream)
    rumble_fake_stream_close_all (stream);
}

void
rumble_fake_server_push_raw (RumbleFakeServer *self,
                             const char       *stream_id_b10,
                             const char       *bytes,
                             gssize            len)
{
  FakeStream *stream;

  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  g_return_if_fail (bytes != NULL || len == 0);

  stream = rumble_fake_server_lookup_stream (self, stream_id_b10);
  g_return_if_fail (stream != NULL);

  rumble_fake_stream_broadcast (stream, bytes, len < 0 ? strlen (bytes) : (gsize) len);
}

void
rumble_fake_server_push_node (RumbleFakeServer *self,
                              const char       *stream_id_b10,
                              JsonNode         *event)
{
  FakeStream *stream;
  g_autofree char *json = NULL;

  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  g_return_if_fail (event != NULL);

  stream = rumble_fake_server_lookup_stream (self, stream_id_b10);
  g_return_if_fail (stream != NULL);

  rumble_fake_stream_remember_event (self, stream, event);
  if (stream->conns->len == 0)
    return;
  json = json_to_string (event, FALSE);
  rumble_fake_stream_broadcast_event (stream, json);
}

void
rumble_fake_server_push_event (RumbleFakeServer *self,
                               const char       *stream_id_b10,
                               const char       *json)
{
  FakeStream *stream;
  g_autoptr(JsonNode) event = NULL;
  g_autofree char *one_line = NULL;

  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  g_return_if_fail (json != NULL);

  stream = rumble_fake_server_lookup_stream (self, stream_id_b10);
  g_return_if_fail (stream != NULL);

  /* Malformed payloads are sent as they are: tests push them on purpose. */
  event = rumble_fake_json_parse (json, -1);
  if (event)
    {
      rumble_fake_stream_remember_event (self, stream, event);
      if (strchr (json, '\n') || strchr (json, '\r'))
        one_line = json_to_string (event, FALSE);
    }
  rumble_fake_stream_broadcast_event (stream, one_line ? one_line : json);
}

GPtrArray *
rumble_fake_server_get_messages (RumbleFakeServer *self,
                                 const char       *stream_id_b10)
{
  FakeStream *stream;

  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);

  stream = rumble_fake_server_lookup_stream (self, stream_id_b10);
  return stream ? stream->messages : NULL;
}

char *
rumble_fake_server_get_message_json (RumbleFakeServer *self,
                                     const char       *stream_id_b10,
                                     const char       *message_id)
{
  FakeStream *stream;

  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);
  g_return_val_if_fail (message_id != NULL, NULL);

  stream = rumble_fake_server_lookup_stream (self, stream_id_b10);
  for (guint i = stream ? stream->messages->len : 0; i > 0; i--)
    {
      FakeMessage *m = g_ptr_array_index (stream->messages, i - 1);

      if (g_str_equal (m->pub.id, message_id))
        return json_to_string (m->node, FALSE);
    }
  return NULL;
}

gboolean
rumble_fake_server_has_stream (RumbleFakeServer *self,
                               const char       *stream_id_b10)
{
  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), FALSE);
  return rumble_fake_server_lookup_stream (self, stream_id_b10) != NULL;
}

void
rumble_fake_server_set_backlog_len (RumbleFakeServer *self,
                                    guint             n)
{
  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  self->backlog_len = n;
}
