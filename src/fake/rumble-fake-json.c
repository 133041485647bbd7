/* rumble-fake-json.c — JSON shorthands of the fake server
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builder shorthands (one member per line) and tolerant readers of what tests push.
 * The fake writes and reads its JSON here, independently of librumble.
 */
#define G_LOG_DOMAIN "rumble-fake"

#include "config.h"

#include "rumble-fake-private.h"

/* JsonBuilder shorthands: one member per line. */
void
rumble_fake_json_member_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
rumble_fake_json_member_int (JsonBuilder *builder,
                             const char  *name,
                             gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
rumble_fake_json_member_bool (JsonBuilder *builder,
             const char  *name,
             gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

void
rumble_fake_json_member_null (JsonBuilder *builder,
                              const char  *name)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_null_value (builder);
}

JsonObject *
rumble_fake_json_get_object (JsonObject *obj,
                             const char *name)
{
  JsonNode *node = obj ? json_object_get_member (obj, name) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
rumble_fake_json_get_array (JsonObject *obj,
                            const char *name)
{
  JsonNode *node = obj ? json_object_get_member (obj, name) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

const char *
rumble_fake_json_get_string (JsonObject *obj,
                             const char *name)
{
  JsonNode *node = obj ? json_object_get_member (obj, name) : NULL;

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

/* An id given as a JSON string or number, as a decimal string (NULL otherwise). */
char *
rumble_fake_json_node_to_id (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      return s && *s ? g_strdup (s) : NULL;
    }
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

char *
rumble_fake_json_get_id (JsonObject *obj,
                         const char *name)
{
  return obj ? rumble_fake_json_node_to_id (json_object_get_member (obj, name)) : NULL;
}

JsonNode *
rumble_fake_json_parse (const char *text,
                        gssize      len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, text, len, NULL) ||
      json_parser_get_root (parser) == NULL)
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

char *
rumble_fake_json_builder_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

void
rumble_fake_json_begin_message_event (JsonBuilder *builder,
                                      const char  *request_id,
                                      const char  *id,
                                      const char  *time,
                                      const char  *user_id)
{
  json_builder_begin_object (builder);
  rumble_fake_json_member_string (builder, "request_id", request_id);
  rumble_fake_json_member_string (builder, "type", "messages");
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  rumble_fake_json_member_string (builder, "id", id);
  rumble_fake_json_member_string (builder, "time", time);
  rumble_fake_json_member_string (builder, "user_id", user_id);
}

void
rumble_fake_json_member_text (JsonBuilder *builder,
                              const char  *text)
{
  rumble_fake_json_member_string (builder, "text", text);
  json_builder_set_member_name (builder, "blocks");
  json_builder_begin_array (builder);
  if (*text)
    {
      json_builder_begin_object (builder);
      rumble_fake_json_member_string (builder, "type", "text.1");
      json_builder_set_member_name (builder, "data");
      json_builder_begin_object (builder);
      rumble_fake_json_member_string (builder, "text", text);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}
