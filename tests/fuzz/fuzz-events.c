/* fuzz-events.c — libFuzzer harness for the chat event dispatcher (JSON text → models)
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: one SSE `data` payload per line, dispatched in order to a fresh RumbleChatApi, so
 * that state carried from one event to the next (dedup, pins, trimming, merges) is fuzzed
 * too while every crash still reproduces from its one input. The input length picks the
 * history length (1, 5, 50 or 1000) and whether the first backlog is skipped.
 *
 * After each event the models must agree with their indexes; after the last one, every
 * string the models expose must be valid UTF-8 (set FUZZ_NO_UTF8_CHECK to skip that), a
 * valid `messages` event must still apply, and the object must be finalised on unref.
 *
 * With the pre-parse guard (rumble_json_check_text), each line it lets through is also
 * parsed here: json-glib's tree must then be no deeper than the guard allows, and hold
 * only valid UTF-8, or json-glib reads something the guard did not see.
 */
#define G_LOG_DOMAIN "fuzz"

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "rumble-chat-api-private.h"
#include "rumble.h"

#define FINAL_ID    "fuzz-final-message"
#define FINAL_EVENT "{\"type\":\"messages\",\"data\":{\"messages\":[{\"id\":\"" FINAL_ID "\"," \
                    "\"time\":\"2099-01-01T00:00:00+00:00\",\"user_id\":\"fuzz-user\"," \
                    "\"text\":\"still here\"}],\"users\":[{\"id\":\"fuzz-user\"," \
                    "\"username\":\"FuzzUser\"}],\"channels\":[]}}"

static gboolean check_utf8;

#ifdef RUMBLE_JSON_MAX_DEPTH
static JsonParser *guard_parser;

/* Depth of @node (a scalar is 0, [] is 1), checking the strings on the way. */
static guint
tree_depth (JsonNode *node)
{
  guint depth = 0;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        {
          g_assert_true (g_utf8_validate (name, -1, NULL));
          depth = MAX (depth, tree_depth (member));
        }
      return depth + 1;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        depth = MAX (depth, tree_depth (json_array_get_element (array, i)));
      return depth + 1;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    g_assert_true (g_utf8_validate (json_node_get_string (node), -1, NULL));
  return 0;
}

static void
check_guard (const char *line,
             gsize       len)
{
  if (!rumble_json_check_text (line, len, NULL))
    return;
  if (json_parser_load_from_data (guard_parser, line, (gssize) len, NULL) &&
      json_parser_get_root (guard_parser) != NULL)
    g_assert_cmpuint (tree_depth (json_parser_get_root (guard_parser)), <=, RUMBLE_JSON_MAX_DEPTH);
}
#endif

/* Models and hash tables say the same thing, each id once. */
static void
check_consistency (RumbleChatApi *api)
{
  GListModel *messages = rumble_chat_api_get_messages (api);
  GListModel *users = rumble_chat_api_get_users (api);
  GListModel *channels = rumble_chat_api_get_channels (api);
  GListModel *badges = rumble_chat_api_get_badges (api);
  guint n;

  n = g_list_model_get_n_items (messages);
  g_assert_cmpuint (n, <=, rumble_chat_api_get_history_len (api));
  g_assert_cmpuint (n, ==, g_hash_table_size (api->message_by_id));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RumbleMessage) m = g_list_model_get_item (messages, i);
      const char *id = rumble_message_get_id (m);
      RumbleUser *user = rumble_message_get_user (m);

      g_assert_nonnull (id);
      g_assert_true (rumble_chat_api_lookup_message (api, id) == m);
      g_assert_nonnull (rumble_message_get_text (m));
      if (user != NULL)
        g_assert_true (rumble_chat_api_lookup_user (api, rumble_user_get_id (user)) == user);
    }

  n = g_list_model_get_n_items (users);
  g_assert_cmpuint (n, ==, g_hash_table_size (api->user_by_id));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RumbleUser) u = g_list_model_get_item (users, i);

      g_assert_true (rumble_chat_api_lookup_user (api, rumble_user_get_id (u)) == u);
    }

  n = g_list_model_get_n_items (channels);
  g_assert_cmpuint (n, ==, g_hash_table_size (api->channel_by_id));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RumbleChannel) c = g_list_model_get_item (channels, i);

      g_assert_true (rumble_chat_api_lookup_channel (api, rumble_channel_get_id (c)) == c);
    }

  n = g_list_model_get_n_items (badges);
  g_assert_cmpuint (n, ==, g_hash_table_size (api->badge_by_slug));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RumbleBadge) b = g_list_model_get_item (badges, i);

      g_assert_true (rumble_chat_api_lookup_badge (api, rumble_badge_get_slug (b)) == b);
    }
}

static void
check_strings (GListModel *model)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      g_assert_true (fuzz_object_strings_valid (item));
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  check_utf8 = g_getenv ("FUZZ_NO_UTF8_CHECK") == NULL;
#ifdef RUMBLE_JSON_MAX_DEPTH
  guard_parser = json_parser_new_immutable ();
#endif
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const guint history_lens[] = { 1000, 1, 5, 50 };
  RumbleChatApi *api = rumble_chat_api_new ("298765432");
  const char *p = (const char *) data;
  const char *end = p + size;
  gboolean final_known;
  guint n_before;

  g_assert_nonnull (api);
  g_object_add_weak_pointer (G_OBJECT (api), (gpointer *) &api);
  rumble_chat_api_set_user_id (api, "87654321");
  rumble_chat_api_set_history_len (api, history_lens[size % 4]);
  rumble_chat_api_set_skip_backlog (api, (size / 4) % 2);

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      gsize len = (eol != NULL ? eol : end) - p;

#ifdef RUMBLE_JSON_MAX_DEPTH
      check_guard (p, len);
#endif
      rumble_chat_api_dispatch_event (api, p, (gssize) len);
      check_consistency (api);
      p += len + 1;
    }

  if (check_utf8)
    {
      check_strings (rumble_chat_api_get_messages (api));
      check_strings (rumble_chat_api_get_users (api));
      check_strings (rumble_chat_api_get_channels (api));
      check_strings (rumble_chat_api_get_badges (api));
      if (rumble_chat_api_get_pinned_message (api) != NULL)
        g_assert_true (fuzz_object_strings_valid (rumble_chat_api_get_pinned_message (api)));
    }

  /* Whatever came before, the connection object still takes a valid event. */
  final_known = g_hash_table_contains (api->seen_ids, FINAL_ID);
  n_before = g_list_model_get_n_items (rumble_chat_api_get_messages (api));
  g_assert_true (rumble_chat_api_dispatch_event (api, FINAL_EVENT, -1));
  check_consistency (api);
  if (!final_known)
    {
      RumbleMessage *final = rumble_chat_api_lookup_message (api, FINAL_ID);
      guint n_after = g_list_model_get_n_items (rumble_chat_api_get_messages (api));

      g_assert_nonnull (final);
      g_assert_cmpstr (rumble_message_get_text (final), ==, "still here");
      g_assert_cmpuint (n_after, ==, MIN (n_before + 1, rumble_chat_api_get_history_len (api)));
    }

  g_object_unref (api);
  /* Nothing else (a signal closure, a model item) kept it alive. */
  g_assert_null (api);
  return 0;
}
