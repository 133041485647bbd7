/* test-hostile.c — a catalogue of malformed chat events and what each must do
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every case starts from a chat that applied tests/data/sse_init.json (2 messages, 2 users,
 * 1 channel, 6 badges, a pinned message), dispatches its payload (several events when it
 * holds several lines) and checks: what rumble_chat_api_dispatch_event() returned for the
 * last one, that a skip said so in a log line of the "rumble" domain, how many messages the
 * model gained, and the case's own expectations. Then a valid `messages` event must still
 * apply, and the object must be finalised on unref.
 *
 * The same payloads then go through a live connection to the fake server, as raw SSE.
 * Cases that could crash the process (nesting, the live run) run in a subprocess.
 * The regression inputs of tests/fuzz/ live here too.
 */
#include "config.h"

#include <malloc.h>
#include <string.h>

#include "rumble.h"
#include "rumble-fake-server.h"
#include "test-util.h"

#define STREAM    RUMBLE_FAKE_DEFAULT_STREAM
#define NEW_ID    "9100000000000000001"
#define NEW_ID_2  "9100000000000000002"
#define TIME      "\"time\":\"2026-04-20T18:05:00+00:00\""
/* A messages event with one message of the given members. */
#define MSG(fields) \
  "{\"type\":\"messages\",\"data\":{\"messages\":[{" fields "}],\"users\":[],\"channels\":[]}}"
/* The usual members of that message, before the case's own. */
#define OK_FIELDS "\"id\":\"" NEW_ID "\"," TIME ",\"user_id\":\"87654321\""
/* A messages event with one message and one user object. */
#define MSG_USER(msg_fields, user_fields) \
  "{\"type\":\"messages\",\"data\":{\"messages\":[{" msg_fields "}],\"users\":[{" user_fields "}]}}"

#define ANY_COUNT G_MININT
/* A case whose one message is skipped as malformed, with a log line that says so. */
#define MALFORMED(name, json) { name, json, NULL, TRUE, "malformed message", 0, check_nothing_new }

/* ---- Log capture ------------------------------------------------------------------- */

static GPtrArray *rumble_log;   /* messages of domain "rumble", message level and below */

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  if (g_strcmp0 (domain, "rumble") == 0 && message != NULL &&
      (log_level & (G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG)))
    {
      g_ptr_array_add (rumble_log, g_strdup (message));
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
log_clear (void)
{
  g_ptr_array_set_size (rumble_log, 0);
}

static gboolean
log_contains (const char *fragment)
{
  for (guint i = 0; i < rumble_log->len; i++)
    if (strstr (g_ptr_array_index (rumble_log, i), fragment) != NULL)
      return TRUE;
  return FALSE;
}

static void
assert_logged (const char *fragment)
{
  if (!log_contains (fragment))
    {
      for (guint i = 0; i < rumble_log->len; i++)
        g_test_message ("logged: %s", (const char *) g_ptr_array_index (rumble_log, i));
      g_error ("no log line contains “%s”", fragment);
    }
}

/* ---- The chat under test ----------------------------------------------------------- */

static RumbleChatApi *
new_chat (void)
{
  RumbleChatApi *api = rumble_chat_api_new (STREAM);
  g_autofree char *init = test_load_fixture_compact ("sse_init.json");

  rumble_chat_api_set_user_id (api, "87654321");
  g_assert_true (rumble_chat_api_dispatch_event (api, init, -1));
  g_assert_cmpuint (g_list_model_get_n_items (rumble_chat_api_get_messages (api)), ==, 2);
  return api;
}

static guint
n_messages (RumbleChatApi *api)
{
  return g_list_model_get_n_items (rumble_chat_api_get_messages (api));
}

static guint
n_users (RumbleChatApi *api)
{
  return g_list_model_get_n_items (rumble_chat_api_get_users (api));
}

static RumbleMessage *
new_message (RumbleChatApi *api)
{
  RumbleMessage *m = rumble_chat_api_lookup_message (api, NEW_ID);

  g_assert_nonnull (m);
  return m;
}

/* Every string the models expose is valid UTF-8: what a widget may be given. */
static void
assert_strings_valid (gpointer object)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n = 0;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n);
  for (guint i = 0; i < n; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      if (!(pspecs[i]->flags & G_PARAM_READABLE))
        continue;
      if (pspecs[i]->value_type == G_TYPE_STRING)
        {
          g_value_init (&value, G_TYPE_STRING);
          g_object_get_property (object, pspecs[i]->name, &value);
          if (g_value_get_string (&value) != NULL &&
              !g_utf8_validate (g_value_get_string (&value), -1, NULL))
            g_error ("%s:%s is not valid UTF-8", G_OBJECT_TYPE_NAME (object), pspecs[i]->name);
        }
      else if (pspecs[i]->value_type == G_TYPE_STRV)
        {
          const char * const *strv;

          g_value_init (&value, G_TYPE_STRV);
          g_object_get_property (object, pspecs[i]->name, &value);
          strv = g_value_get_boxed (&value);
          for (guint j = 0; strv != NULL && strv[j] != NULL; j++)
            if (!g_utf8_validate (strv[j], -1, NULL))
              g_error ("%s:%s[%u] is not valid UTF-8", G_OBJECT_TYPE_NAME (object), pspecs[i]->name, j);
        }
    }
}

static void
assert_model_valid (GListModel *model)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      assert_strings_valid (item);
    }
}

/* The chat still works: a following valid event applies, and each id is shown once. */
static void
assert_intact (RumbleChatApi *api)
{
  g_autofree char *plain = test_load_fixture_compact ("sse_messages_plain.json");
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  GListModel *messages = rumble_chat_api_get_messages (api);
  guint before = n_messages (api);
  RumbleMessage *m;

  g_assert_true (rumble_chat_api_dispatch_event (api, plain, -1));
  g_assert_cmpuint (n_messages (api), ==, MIN (before + 1, rumble_chat_api_get_history_len (api)));
  m = rumble_chat_api_lookup_message (api, "1402937465012345610");
  g_assert_nonnull (m);
  g_assert_cmpstr (rumble_message_get_display_name (m), ==, "Quillback_Tom");

  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr(RumbleMessage) item = g_list_model_get_item (messages, i);

      g_assert_true (g_hash_table_add (ids, (gpointer) rumble_message_get_id (item)));
      g_assert_true (rumble_chat_api_lookup_message (api, rumble_message_get_id (item)) == item);
    }

  assert_model_valid (messages);
  assert_model_valid (rumble_chat_api_get_users (api));
  assert_model_valid (rumble_chat_api_get_channels (api));
  assert_model_valid (rumble_chat_api_get_badges (api));
}

/* ---- Payload builders -------------------------------------------------------------- */

static char *
build_huge_text (void)
{
  g_autoptr(GString) s = g_string_new ("{\"type\":\"messages\",\"data\":{\"messages\":[{" OK_FIELDS ",\"text\":\"");

  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append_c (s, 'a' + i % 26);
  g_string_append (s, "\"}]}}");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* A user whose name is 4 MiB of euro signs. */
static char *
build_huge_username (void)
{
  g_autoptr(GString) s = g_string_new ("{\"type\":\"messages\",\"data\":{\"messages\":[{\"id\":\"" NEW_ID "\","
                                       TIME ",\"user_id\":\"61234567\",\"text\":\"x\"}],\"users\":[{"
                                       "\"id\":\"61234567\",\"username\":\"");

  for (guint i = 0; i < 4 * 1024 * 1024 / 3; i++)
    g_string_append (s, "\u20ac");
  g_string_append (s, "\"}]}}");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
build_long_links (void)
{
  g_autoptr(GString) url = g_string_new ("https://rumble.com/user/");
  g_autoptr(GString) s = NULL;

  while (url->len <= 2048)
    g_string_append (url, "Tom");
  s = g_string_new ("{\"type\":\"messages\",\"data\":{\"messages\":[{\"id\":\"" NEW_ID "\"," TIME
                    ",\"user_id\":\"61234567\",\"text\":\"x\"}],\"users\":[{\"id\":\"61234567\","
                    "\"username\":\"Tom\"");
  g_string_append_printf (s, ",\"link\":\"%s\",\"image.1\":\"%s\"}]}}", url->str, url->str);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* An init of @n empty objects as messages. */
static char *
build_empty_messages (guint n)
{
  g_autoptr(GString) s = g_string_new ("{\"type\":\"init\",\"data\":{\"messages\":[{}");

  for (guint i = 1; i < n; i++)
    g_string_append (s, ",{}");
  g_string_append (s, "],\"users\":[]}}");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* More values than the pre-scan lets json-glib build: refused before parsing. */
static char *
build_million_empty (void)
{
  return build_empty_messages (1000000);
}

/* Fewer: parsed, and each malformed item counted into one log line. */
static char *
build_100k_empty (void)
{
  return build_empty_messages (100000);
}

static char *
build_digits (guint n)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_c (s, '1' + i % 9);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
build_long_id_string (void)
{
  g_autofree char *digits = build_digits (10000);

  return g_strdup_printf (MSG ("\"id\":\"%s\"," TIME ",\"user_id\":\"87654321\",\"text\":\"x\""), digits);
}

static char *
build_long_id_number (void)
{
  g_autofree char *digits = build_digits (10000);

  return g_strdup_printf (MSG ("\"id\":%s," TIME ",\"user_id\":\"87654321\",\"text\":\"x\""), digits);
}

static char *
build_nested (guint n)
{
  g_autoptr(GString) s = g_string_new ("{\"type\":\"messages\",\"data\":{\"messages\":[{" OK_FIELDS
                                       ",\"text\":\"x\",\"blocks\":");

  for (guint i = 0; i < n; i++)
    g_string_append_c (s, '[');
  for (guint i = 0; i < n; i++)
    g_string_append_c (s, ']');
  g_string_append (s, "}]}}");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
build_nested_100k (void)
{
  return build_nested (100000);
}

static char *
build_bare_nesting (void)
{
  char *s = g_malloc (100000 + 1);

  memset (s, '[', 100000);
  s[100000] = '\0';
  return s;
}

/* Standard JSON around what json-glib reads in its own way, then nesting that a scan
 * believing the standard would take for text. */
static char *
build_hidden_nesting (const char *prefix)
{
  g_autoptr(GString) s = g_string_new (prefix);

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (s, '[');
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
build_nesting_after_surrogate (void)
{
  /* json-glib swallows the quote after the lone surrogate and ends the string one quote
   * later, so it reads "k" as a key and the brackets as arrays. */
  return build_hidden_nesting ("{\"type\":\"messages\",\"data\":{\"a\":\"\\ud800\"\",\"k\":");
}

static char *
build_nesting_after_single_quote (void)
{
  return build_hidden_nesting ("{\"type\":\"messages\",\"data\":{\"a\":'\"',\"k\":");
}

static char *
build_nesting_after_comment (void)
{
  return build_hidden_nesting ("{\"type\":\"messages\",\"data\":{/* \" */\"k\":");
}

static char *
build_brackets_in_text (void)
{
  g_autoptr(GString) s = g_string_new ("{\"type\":\"messages\",\"data\":{\"messages\":[{" OK_FIELDS ",\"text\":\"");

  for (guint i = 0; i < 100000; i++)
    g_string_append (s, i % 2 ? "[" : "{");
  g_string_append (s, "\\\"]}\"}]}}");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
build_many_messages (void)
{
  g_autoptr(GString) s = g_string_new ("{\"type\":\"messages\",\"data\":{\"messages\":[");

  for (guint i = 0; i < 10001; i++)
    g_string_append_printf (s, "%s{\"id\":\"%u\"," TIME ",\"user_id\":\"87654321\",\"text\":\"n%u\"}",
                            i > 0 ? "," : "", 8000000 + i, i);
  g_string_append (s, "]}}");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* A message far in the future at the end of the list, then a reconnect backlog of 5000
 * older messages merged before it: more ids than the bounded seen-set keeps, so the first
 * message's id leaves it while the message is still shown. Then that id again. */
static char *
build_seen_eviction (void)
{
  g_autoptr(GString) s = g_string_new (NULL);

  g_string_append (s, MSG ("\"id\":\"" NEW_ID "\",\"time\":\"2099-01-01T00:00:00+00:00\","
                           "\"user_id\":\"87654321\",\"text\":\"first\""));
  g_string_append (s, "\n{\"type\":\"init\",\"data\":{\"messages\":[");
  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (s, "%s{\"id\":\"%u\",\"time\":\"2026-04-20T17:00:00+00:00\","
                            "\"user_id\":\"87654321\",\"text\":\"old\"}", i > 0 ? "," : "", 7000000 + i);
  g_string_append (s, "],\"users\":[],\"channels\":[]}}\n");
  g_string_append (s, MSG ("\"id\":\"" NEW_ID "\",\"time\":\"2099-01-01T00:00:01+00:00\","
                           "\"user_id\":\"87654321\",\"text\":\"again\""));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* ---- Per-case expectations ------------------------------------------------------------ */

static void
check_nothing_new (RumbleChatApi *api)
{
  g_assert_null (rumble_chat_api_lookup_message (api, NEW_ID));
  g_assert_cmpuint (n_users (api), ==, 2);
}

static void
check_time_missing (RumbleChatApi *api)
{
  g_assert_cmpint (rumble_message_get_time (new_message (api)), ==, 0);
  g_assert_cmpstr (rumble_message_get_text (new_message (api)), ==, "hi");
}

static void
check_text_empty (RumbleChatApi *api)
{
  g_assert_cmpstr (rumble_message_get_text (new_message (api)), ==, "");
}

static void
check_text_from_blocks (RumbleChatApi *api)
{
  g_assert_cmpstr (rumble_message_get_text (new_message (api)), ==, "from blocks");
}

static void
check_username_nul (RumbleChatApi *api)
{
  RumbleUser *user = rumble_chat_api_lookup_user (api, "61234567");

  g_assert_cmpstr (rumble_user_get_username (user), ==, "admin\uFFFDxyz");
  g_assert_cmpstr (rumble_message_get_display_name (new_message (api)), ==, "admin\uFFFDxyz");
}

static void
check_username_bidi_stripped (RumbleChatApi *api)
{
  g_assert_cmpstr (rumble_user_get_username (rumble_chat_api_lookup_user (api, "61234567")), ==,
                   "nimdatxt.exe");
}

static void
check_username_bidi_kept (RumbleChatApi *api)
{
  g_assert_cmpstr (rumble_user_get_username (rumble_chat_api_lookup_user (api, "61234567")), ==,
                   "\u2067\u05e9\u05dc\u05d5\u05dd\u2069 Tom");
}

static void
check_channel_bidi_stripped (RumbleChatApi *api)
{
  g_assert_cmpstr (rumble_message_get_display_name (new_message (api)), ==, "Chan");
}

static void
check_text_escapes (RumbleChatApi *api)
{
  g_assert_cmpstr (rumble_message_get_text (new_message (api)), ==, "\U0001F600 caf\u00e9 \"q\" \\ /");
}

static void
check_no_author (RumbleChatApi *api)
{
  RumbleMessage *m = new_message (api);

  g_assert_null (rumble_message_get_user (m));
  g_assert_null (rumble_message_get_user_id (m));
  g_assert_cmpstr (rumble_message_get_display_name (m), ==, "");
  g_assert_cmpuint (n_users (api), ==, 2);
}

static void
check_no_channel (RumbleChatApi *api)
{
  RumbleMessage *m = new_message (api);

  g_assert_null (rumble_message_get_channel (m));
  g_assert_cmpstr (rumble_message_get_display_name (m), ==, "MarigoldFinch");
}

static void
check_numeric_id (RumbleChatApi *api)
{
  g_assert_cmpstr (rumble_message_get_text (new_message (api)), ==, "numeric");
  g_assert_cmpstr (rumble_message_get_user_id (new_message (api)), ==, "87654321");
}

static void
check_wrapped_ids_absent (RumbleChatApi *api)
{
  /* json-glib would read 2^64 + 1 as 1, and 2^64 + 87654321 as MarigoldFinch's id. */
  g_assert_null (rumble_chat_api_lookup_message (api, "1"));
  g_assert_null (rumble_chat_api_lookup_message (api, NEW_ID));
  g_assert_cmpuint (rumble_user_get_message_count (rumble_chat_api_lookup_user (api, "87654321")), ==, 1);
}

static void
check_rant_price (RumbleChatApi *api,
                  guint          price)
{
  RumbleMessage *m = new_message (api);

  g_assert_cmpint (rumble_message_get_kind (m), ==, RUMBLE_MESSAGE_RANT);
  g_assert_cmpuint (rumble_message_get_rant_price_cents (m), ==, price);
}

static void
check_rant_max (RumbleChatApi *api)
{
  check_rant_price (api, 100000000);
}

static void
check_rant_500 (RumbleChatApi *api)
{
  check_rant_price (api, 500);
}

static void
check_rant_expires (RumbleChatApi *api)
{
  RumbleMessage *m = new_message (api);

  g_assert_cmpuint (rumble_message_get_rant_duration (m), ==, 120);
  g_assert_cmpint (rumble_message_get_rant_expires_on (m), ==, rumble_message_get_time (m) + 120);
}

static void
check_regular (RumbleChatApi *api)
{
  g_assert_cmpint (rumble_message_get_kind (new_message (api)), ==, RUMBLE_MESSAGE_REGULAR);
}

static void
check_notice_garbage (RumbleChatApi *api)
{
  RumbleMessage *m = new_message (api);

  g_assert_cmpint (rumble_message_get_kind (m), ==, RUMBLE_MESSAGE_SUBSCRIPTION);
  g_assert_null (rumble_message_get_notification_badge (m));
  g_assert_null (rumble_message_get_notification_text (m));
}

static void
check_gift_garbage (RumbleChatApi *api)
{
  RumbleMessage *m = new_message (api);

  g_assert_cmpint (rumble_message_get_kind (m), ==, RUMBLE_MESSAGE_GIFT);
  g_assert_cmpuint (rumble_message_get_gift_total (m), ==, 0);
  g_assert_null (rumble_message_get_gift_type (m));
  g_assert_null (rumble_message_get_gift_creator_user_id (m));
}

static void
check_raid_garbage (RumbleChatApi *api)
{
  g_assert_cmpint (rumble_message_get_kind (new_message (api)), ==, RUMBLE_MESSAGE_RAID);
  g_assert_cmpint (rumble_message_get_raid_start (new_message (api)), ==, 0);
}

static void
check_placeholder_author (RumbleChatApi *api)
{
  RumbleMessage *m = new_message (api);
  RumbleUser *user = rumble_message_get_user (m);

  g_assert_nonnull (user);
  g_assert_cmpstr (rumble_user_get_id (user), ==, "61234567");
  g_assert_null (rumble_user_get_username (user));
  g_assert_cmpstr (rumble_message_get_display_name (m), ==, "61234567");
  g_assert_cmpuint (n_users (api), ==, 3);
}

static void
check_user_garbage (RumbleChatApi *api)
{
  RumbleUser *user = rumble_chat_api_lookup_user (api, "61234567");

  g_assert_nonnull (user);
  g_assert_cmpstr (rumble_user_get_username (user), ==, "Tom");
  g_assert_null (rumble_user_get_color (user));
  g_assert_false (rumble_user_get_is_follower (user));
  g_assert_false (rumble_user_has_badge (user, "premium"));
  g_assert_false (rumble_user_get_is_staff (user));
  g_assert_null (rumble_user_get_link (user));
  g_assert_null (rumble_user_get_avatar_url (user));
}

static void
check_short_color (RumbleChatApi *api)
{
  g_assert_cmpstr (rumble_user_get_color (rumble_chat_api_lookup_user (api, "61234567")), ==, "#aabbcc");
}

static void
check_channels_unchanged (RumbleChatApi *api)
{
  g_assert_cmpuint (g_list_model_get_n_items (rumble_chat_api_get_channels (api)), ==, 1);
}

static void
check_channel_nameless (RumbleChatApi *api)
{
  RumbleChannel *channel = rumble_chat_api_lookup_channel (api, "777");

  g_assert_nonnull (channel);
  g_assert_null (rumble_channel_get_name (channel));
  g_assert_cmpuint (g_list_model_get_n_items (rumble_chat_api_get_channels (api)), ==, 2);
  /* A channel without a name does not hide the author's. */
  g_assert_cmpstr (rumble_message_get_display_name (new_message (api)), ==, "MarigoldFinch");
}

static void
check_none_deleted (RumbleChatApi *api)
{
  g_assert_false (rumble_message_get_deleted (rumble_chat_api_lookup_message (api, "1402937465012345601")));
  g_assert_false (rumble_message_get_deleted (rumble_chat_api_lookup_message (api, "1402937465012345602")));
}

static void
check_both_deleted (RumbleChatApi *api)
{
  g_assert_true (rumble_message_get_deleted (rumble_chat_api_lookup_message (api, "1402937465012345601")));
  g_assert_true (rumble_message_get_deleted (rumble_chat_api_lookup_message (api, "1402937465012345602")));
}

static void
check_nobody_muted (RumbleChatApi *api)
{
  g_assert_false (rumble_user_get_muted (rumble_chat_api_lookup_user (api, "87654321")));
  g_assert_false (rumble_user_get_muted (rumble_chat_api_lookup_user (api, "90011223")));
}

static void
check_pin_kept (RumbleChatApi *api)
{
  RumbleMessage *pinned = rumble_chat_api_get_pinned_message (api);

  g_assert_nonnull (pinned);
  g_assert_cmpstr (rumble_message_get_id (pinned), ==, "1402937465012345590");
}

static void
check_config_defaults (RumbleChatApi *api)
{
  g_assert_cmpuint (rumble_chat_api_get_message_length_max (api), ==, 200);
  g_assert_false (rumble_chat_api_get_rants_enabled (api));
  /* `badges` that is not an object leaves the known badges alone. */
  g_assert_cmpuint (g_list_model_get_n_items (rumble_chat_api_get_badges (api)), ==, 6);
  g_assert_null (rumble_chat_api_get_pinned_message (api));
  g_assert_false (rumble_chat_api_get_can_moderate (api));
}

static void
check_length_min (RumbleChatApi *api)
{
  g_assert_cmpuint (rumble_chat_api_get_message_length_max (api), ==, 1);
}

static void
check_length_max (RumbleChatApi *api)
{
  g_assert_cmpuint (rumble_chat_api_get_message_length_max (api), ==, 100000);
}

static void
check_badges_markup (RumbleChatApi *api)
{
  RumbleBadge *badge = rumble_chat_api_lookup_badge (api, "<b>x</b>");

  g_assert_cmpuint (g_list_model_get_n_items (rumble_chat_api_get_badges (api)), ==, 2);
  g_assert_nonnull (badge);
  g_assert_cmpstr (rumble_badge_get_label (badge), ==, "<i>Bold & brave</i>");
  g_assert_nonnull (rumble_chat_api_lookup_badge (api, "plain"));
  /* A badge with a label that is not an object falls back to its slug. */
  g_assert_cmpstr (rumble_badge_get_label (rumble_chat_api_lookup_badge (api, "plain")), ==, "plain");
}

static void
check_first_kept (RumbleChatApi *api)
{
  g_assert_cmpstr (rumble_message_get_text (new_message (api)), ==, "first");
}

static void
check_last_key_wins (RumbleChatApi *api)
{
  g_assert_null (rumble_chat_api_lookup_message (api, NEW_ID));
  g_assert_nonnull (rumble_chat_api_lookup_message (api, NEW_ID_2));
}

static void
check_markup_verbatim (RumbleChatApi *api)
{
  RumbleMessage *m = new_message (api);
  RumbleUser *user = rumble_chat_api_lookup_user (api, "61234567");

  g_assert_cmpstr (rumble_message_get_text (m), ==,
                   "<script>alert(1)</script> &lt; <span foreground=\"red\">x</span> </b>");
  g_assert_cmpstr (rumble_user_get_username (user), ==, "<b>Bold</b>&amp;");
  g_assert_cmpstr (rumble_message_get_display_name (m), ==, "<b>Bold</b>&amp;");
  g_assert_cmpstr (rumble_user_get_link (user), ==, "javascript:alert(1)");
}

static void
check_channel_markup (RumbleChatApi *api)
{
  RumbleMessage *m = new_message (api);

  g_assert_cmpstr (rumble_message_get_display_name (m), ==, "<big>Chan</big>");
}

/* Message text is cut at 8 bytes per character of message_length_max (200 here). */
#define TEXT_MAX (200 * 8)

static void
check_huge_text (RumbleChatApi *api)
{
  const char *text = rumble_message_get_text (new_message (api));

  g_assert_cmpuint (strlen (text), ==, TEXT_MAX);
  g_assert_cmpint (text[0], ==, 'a');
  g_assert_cmpint (text[TEXT_MAX - 1], ==, 'a' + (TEXT_MAX - 1) % 26);
}

static void
check_brackets_text (RumbleChatApi *api)
{
  const char *text = rumble_message_get_text (new_message (api));

  g_assert_cmpuint (strlen (text), ==, TEXT_MAX);
  g_assert_true (g_str_has_prefix (text, "{[{["));
}

static void
check_huge_username (RumbleChatApi *api)
{
  const char *name = rumble_user_get_username (rumble_chat_api_lookup_user (api, "61234567"));

  /* 256 bytes, less the euro sign (3 bytes) that would straddle the cut. */
  g_assert_cmpuint (strlen (name), ==, 255);
  g_assert_true (g_utf8_validate (name, -1, NULL));
  g_assert_true (g_str_has_prefix (name, "\u20ac\u20ac"));
}

static void
check_link_dropped (RumbleChatApi *api)
{
  RumbleUser *user = rumble_chat_api_lookup_user (api, "61234567");

  g_assert_cmpstr (rumble_user_get_username (user), ==, "Tom");
  g_assert_null (rumble_user_get_link (user));
  g_assert_null (rumble_user_get_avatar_url (user));
}

/* However many items were malformed, one line says so. */
static void
check_one_log_line (RumbleChatApi *api)
{
  g_assert_cmpuint (rumble_log->len, ==, 1);
}

static void
check_levels_sane (RumbleChatApi *api)
{
  const RumbleRantLevel *level = rumble_chat_api_get_rant_level (api, 0);

  /* Only the sane level is left: the cheapest is the one of $5. */
  g_assert_nonnull (level);
  g_assert_cmpuint (level->price_cents, ==, 500);
  g_assert_true (rumble_chat_api_get_rant_level (api, G_MAXUINT) == level);
  check_one_log_line (api);
}

static void
check_many_messages (RumbleChatApi *api)
{
  GListModel *messages = rumble_chat_api_get_messages (api);
  g_autoptr(RumbleMessage) last = NULL;

  /* At most 10 000 items of one event are read; the history keeps the last 1000. */
  g_assert_cmpuint (n_messages (api), ==, 1000);
  last = g_list_model_get_item (messages, 999);
  g_assert_cmpstr (rumble_message_get_id (last), ==, "8009999");
  g_assert_null (rumble_chat_api_lookup_message (api, "8010000"));
}

static void
check_request_id_dropped (RumbleChatApi *api)
{
  g_assert_null (rumble_message_get_request_id (new_message (api)));
}

static void
check_user_counted_once (RumbleChatApi *api)
{
  g_assert_cmpuint (rumble_user_get_message_count (rumble_chat_api_lookup_user (api, "87654321")), ==, 2);
}

static void
check_user_counted_init (RumbleChatApi *api)
{
  g_assert_cmpuint (rumble_user_get_message_count (rumble_chat_api_lookup_user (api, "87654321")), ==, 1);
}

static void
check_seen_eviction (RumbleChatApi *api)
{
  GListModel *messages = rumble_chat_api_get_messages (api);
  g_autoptr(RumbleMessage) last = g_list_model_get_item (messages, n_messages (api) - 1);
  g_autoptr(RumbleMessage) before_last = g_list_model_get_item (messages, n_messages (api) - 2);

  g_assert_cmpuint (n_messages (api), ==, 1000);
  g_assert_cmpstr (rumble_message_get_id (last), ==, NEW_ID);
  g_assert_cmpstr (rumble_message_get_text (last), ==, "first");
  g_assert_cmpstr (rumble_message_get_id (before_last), !=, NEW_ID);
}

static void
check_can_moderate_kept (RumbleChatApi *api)
{
  g_assert_true (rumble_chat_api_get_can_moderate (api));
}

/* ---- The catalogue -------------------------------------------------------------------- */

typedef struct {
  const char *name;
  const char *json;               /* one event per line; or NULL when @build makes it */
  char      *(*build) (void);
  gboolean    applied;            /* what dispatching the last event returns */
  const char *log;                /* part of a "rumble" log line it must cause, or NULL */
  int         n_new;              /* messages the model gains (ANY_COUNT: the check says) */
  void      (*check) (RumbleChatApi *api);
  const char *text;               /* the text of message NEW_ID, or NULL */
} HostileCase;

static const HostileCase cases[] = {
  /* Not JSON, or not an event */
  { "truncated-in-string", "{\"type\":\"messages\",\"data\":{\"messages\":[{\"id\":\"9100", NULL,
    FALSE, "not valid JSON", 0, check_nothing_new },
  { "truncated-after-key", "{\"type\":\"messages\",", NULL, FALSE, "not valid JSON", 0, NULL },
  { "truncated-mid-array", MSG (OK_FIELDS ",\"text\":\"hi\"") "\n{\"type\":\"messages\",\"data\":{\"messages\":[",
    NULL, FALSE, "not valid JSON", 1, NULL },
  { "empty", "", NULL, FALSE, "Skipping a chat event", 0, NULL },
  { "garbage", "\x01\x02 hello <html>", NULL, FALSE, "not plain JSON", 0, NULL },
  { "invalid-utf8", MSG (OK_FIELDS ",\"text\":\"caf\xc3\"") , NULL, FALSE, "not valid JSON", 0, check_nothing_new },
  { "invalid-utf8-overlong", MSG (OK_FIELDS ",\"text\":\"\xc0\xaf\""), NULL, FALSE, "not valid JSON", 0, NULL },
  { "top-level-array", "[{\"type\":\"messages\",\"data\":{}}]", NULL, FALSE, "not a JSON object", 0, NULL },
  { "top-level-string", "\"messages\"", NULL, FALSE, "not a JSON object", 0, NULL },
  { "top-level-null", "null", NULL, FALSE, "not a JSON object", 0, NULL },
  { "type-missing", "{\"data\":{\"messages\":[]}}", NULL, FALSE, "without a type", 0, NULL },
  { "type-number", "{\"type\":7,\"data\":{}}", NULL, FALSE, "without a type", 0, NULL },
  { "type-null", "{\"type\":null,\"data\":null}", NULL, FALSE, "without a type", 0, NULL },
  { "data-missing", "{\"type\":\"messages\"}", NULL, FALSE, "without a data object", 0, NULL },
  { "data-null", "{\"type\":\"messages\",\"data\":null}", NULL, FALSE, "without a data object", 0, NULL },
  { "data-array", "{\"type\":\"init\",\"data\":[]}", NULL, FALSE, "without a data object", 0, check_pin_kept },
  { "unknown-type", "{\"type\":\"host_ad_read\",\"data\":{\"messages\":[{\"id\":\"" NEW_ID "\"}]}}", NULL,
    FALSE, "unknown type", 0, check_nothing_new },
  { "deep-nesting-in-text", NULL, build_brackets_in_text, TRUE, NULL, 1, check_brackets_text },

  /* Ids */
  { "id-object", MSG ("\"id\":{}," TIME ",\"user_id\":\"87654321\",\"text\":\"x\""), NULL,
    TRUE, "malformed message", 0, check_nothing_new },
  { "id-array", MSG ("\"id\":[\"" NEW_ID "\"],\"text\":\"x\""), NULL, TRUE, "malformed message", 0, NULL },
  { "id-bool", MSG ("\"id\":true,\"text\":\"x\""), NULL, TRUE, "malformed message", 0, NULL },
  { "id-float", MSG ("\"id\":9.100000000000000001e18,\"text\":\"x\""), NULL, TRUE, "malformed message", 0, NULL },
  { "id-negative", MSG ("\"id\":-5,\"text\":\"x\""), NULL, TRUE, "malformed message", 0, NULL },
  { "id-null", MSG ("\"id\":null,\"text\":\"x\""), NULL, TRUE, "malformed message", 0, NULL },
  { "id-empty", MSG ("\"id\":\"\",\"text\":\"x\""), NULL, TRUE, "malformed message", 0, NULL },
  { "id-with-space", MSG ("\"id\":\"91 00\",\"text\":\"x\""), NULL, TRUE, "malformed message", 0, NULL },
  { "id-with-newline", MSG ("\"id\":\"91\\n00\",\"text\":\"x\""), NULL, TRUE, "malformed message", 0, NULL },
  { "id-number", MSG ("\"id\":9100000000000000001," TIME ",\"user_id\":87654321,\"text\":\"numeric\""), NULL,
    TRUE, NULL, 1, check_numeric_id },
  { "id-beyond-2^64", MSG ("\"id\":18446744073709551617," TIME ",\"user_id\":\"87654321\",\"text\":\"x\""),
    NULL, FALSE, "beyond 64 bits", 0, check_wrapped_ids_absent },
  { "user-id-beyond-2^64", MSG (OK_FIELDS ",\"text\":\"x\"") "\n"
    MSG ("\"id\":\"" NEW_ID_2 "\"," TIME ",\"user_id\":18446744073796206937,\"text\":\"x\""),
    NULL, FALSE, "beyond 64 bits", 1, check_user_counted_once },
  { "id-10000-digits-string", NULL, build_long_id_string, TRUE, "malformed message", 0, NULL },
  { "id-10000-digits-number", NULL, build_long_id_number, FALSE, "beyond 64 bits", 0, NULL },
  { "id-lone-surrogate", MSG ("\"id\":\"\\ud800x\",\"text\":\"x\""), NULL, FALSE, "bad escape", 0, NULL },
  { "duplicate-id-in-event",
    "{\"type\":\"messages\",\"data\":{\"messages\":[{" OK_FIELDS ",\"text\":\"first\"},{" OK_FIELDS
    ",\"text\":\"second\"}]}}", NULL, TRUE, NULL, 1, check_first_kept },
  { "duplicate-id-across-events", MSG (OK_FIELDS ",\"text\":\"first\"") "\n" MSG (OK_FIELDS ",\"text\":\"second\""),
    NULL, TRUE, NULL, 1, check_first_kept },
  { "duplicate-id-of-backlog", MSG ("\"id\":\"1402937465012345601\"," TIME ",\"user_id\":\"87654321\",\"text\":\"x\""),
    NULL, TRUE, NULL, 0, check_user_counted_init },
  { "duplicate-id-after-seen-eviction", NULL, build_seen_eviction, TRUE, NULL, ANY_COUNT, check_seen_eviction },
  { "duplicate-key", MSG ("\"id\":\"" NEW_ID "\",\"id\":\"" NEW_ID_2 "\",\"text\":\"x\""), NULL,
    TRUE, NULL, 1, check_last_key_wins },

  /* Wrong types in a message */
  { "time-number", MSG ("\"id\":\"" NEW_ID "\",\"time\":1776708300,\"user_id\":\"87654321\",\"text\":\"hi\""),
    NULL, TRUE, "skipped 1 malformed message", 0, check_nothing_new },
  { "time-1e400", MSG ("\"id\":\"" NEW_ID "\",\"time\":1e400,\"user_id\":\"87654321\",\"text\":\"hi\""),
    NULL, TRUE, "skipped 1 malformed message", 0, check_nothing_new },
  MALFORMED ("time-garbage",
             MSG ("\"id\":\"" NEW_ID "\",\"time\":\"yesterday\",\"user_id\":\"87654321\",\"text\":\"hi\"")),
  MALFORMED ("time-out-of-range",
             MSG ("\"id\":\"" NEW_ID "\",\"time\":\"2026-13-45T99:99:99+00:00\",\"user_id\":\"87654321\","
                  "\"text\":\"hi\"")),
  MALFORMED ("time-bad-offset",
             MSG ("\"id\":\"" NEW_ID "\",\"time\":\"2026-04-20T18:05:00+99:00\",\"user_id\":\"87654321\","
                  "\"text\":\"hi\"")),
  MALFORMED ("time-negative",
             MSG ("\"id\":\"" NEW_ID "\",\"time\":\"1969-12-31T23:59:59+00:00\",\"user_id\":\"87654321\","
                  "\"text\":\"hi\"")),
  MALFORMED ("time-huge",
             MSG ("\"id\":\"" NEW_ID "\",\"time\":\"9999-12-31T23:59:59+00:00\",\"user_id\":\"87654321\","
                  "\"text\":\"hi\"")),
  { "time-missing", MSG ("\"id\":\"" NEW_ID "\",\"user_id\":\"87654321\",\"text\":\"hi\""),
    NULL, TRUE, NULL, 1, check_time_missing },
  { "text-number", MSG (OK_FIELDS ",\"text\":42"), NULL, TRUE, NULL, 1, check_text_empty },
  { "text-null-blocks", MSG (OK_FIELDS ",\"text\":null,\"blocks\":[null,7,{\"type\":\"text.1\",\"data\":"
                             "{\"text\":\"from \"}},{\"data\":[]},{\"data\":{\"text\":\"blocks\"}}]"),
    NULL, TRUE, NULL, 1, check_text_from_blocks },
  { "text-blocks-string", MSG (OK_FIELDS ",\"blocks\":\"text\""), NULL, TRUE, NULL, 1, check_text_empty },
  { "text-nul-escape", MSG (OK_FIELDS ",\"text\":\"a\\u0000b\""), NULL, TRUE, NULL, 1, NULL,
    /* Not cut at the NUL: "a" alone would hide what follows. */
    "a\uFFFDb" },
  { "text-escaped-backslash-u0000", MSG (OK_FIELDS ",\"text\":\"a\\\\u0000b\""), NULL, TRUE, NULL, 1, NULL,
    "a\\u0000b" },
  { "username-nul-escape", MSG_USER ("\"id\":\"" NEW_ID "\"," TIME ",\"user_id\":\"61234567\",\"text\":\"x\"",
                                     "\"id\":\"61234567\",\"username\":\"admin\\u0000xyz\""),
    NULL, TRUE, NULL, 1, check_username_nul },
  /* Each embedding, override and isolate without its closer, then a stray PDF and PDI. */
  { "text-bidi-unbalanced", MSG (OK_FIELDS ",\"text\":\"\\u202c\\u2069a\\u202ab\\u202bc\\u202dd\\u202ee"
                                 "\\u2066f\\u2067g\\u2068h\""), NULL, TRUE, NULL, 1, NULL, "abcdefgh" },
  { "text-bidi-balanced", MSG (OK_FIELDS ",\"text\":\"\\u202aa\\u202c\\u202bb\\u202c\\u202dc\\u202c\\u202ed"
                               "\\u202c\\u2066e\\u2069\\u2067f\\u2069\\u2068g\\u2069\""), NULL, TRUE, NULL, 1, NULL,
    "\u202aa\u202c\u202bb\u202c\u202dc\u202c\u202ed\u202c\u2066e\u2069\u2067f\u2069\u2068g\u2069" },
  { "username-bidi-override", MSG_USER ("\"id\":\"" NEW_ID "\"," TIME ",\"user_id\":\"61234567\",\"text\":\"x\"",
                                        "\"id\":\"61234567\",\"username\":\"nimda\\u202etxt.exe\""),
    NULL, TRUE, NULL, 1, check_username_bidi_stripped },
  { "username-bidi-isolate-balanced", MSG_USER ("\"id\":\"" NEW_ID "\"," TIME ",\"user_id\":\"61234567\","
                                                "\"text\":\"x\"", "\"id\":\"61234567\",\"username\":"
                                                "\"\\u2067\\u05e9\\u05dc\\u05d5\\u05dd\\u2069 Tom\""),
    NULL, TRUE, NULL, 1, check_username_bidi_kept },
  { "channel-name-bidi-stray", "{\"type\":\"messages\",\"data\":{\"channels\":[{\"id\":\"779\",\"username\":"
    "\"\\u2069Chan\\u2067\"}],\"messages\":[{" OK_FIELDS ",\"text\":\"x\",\"channel_id\":779}]}}",
    NULL, TRUE, NULL, 1, check_channel_bidi_stripped },
  /* json-glib 1.6 lets a lone surrogate through as invalid UTF-8 and swallows the next
   * character, even a closing quote: such an event is not read at all. */
  { "text-lone-surrogate", MSG (OK_FIELDS ",\"text\":\"\\ud800x\""), NULL, FALSE, "bad escape", 0,
    check_nothing_new },
  { "text-lone-surrogate-at-end", MSG (OK_FIELDS ",\"text\":\"\\ud800\",\"x\":\"y\""), NULL, FALSE,
    "bad escape", 0, check_nothing_new },
  { "text-reversed-surrogates", MSG (OK_FIELDS ",\"text\":\"\\udc00\\ud800x\""), NULL, FALSE,
    "bad escape", 0, check_nothing_new },
  { "text-short-unicode-escape", MSG (OK_FIELDS ",\"text\":\"\\u12G4\""), NULL, FALSE,
    "bad escape", 0, check_nothing_new },
  /* …and takes \351 as the byte 0xE9: an octal escape would smuggle invalid UTF-8 in. */
  { "text-octal-escape", MSG (OK_FIELDS ",\"text\":\"caf\\351\""), NULL, FALSE, "bad escape", 0,
    check_nothing_new },
  { "id-octal-escape", "{\"type\":\"delete_messages\",\"data\":{\"message_ids\":[\"1402937465012\\345601\"]}}",
    NULL, FALSE, "bad escape", 0, check_none_deleted },
  { "text-unknown-escape", MSG (OK_FIELDS ",\"text\":\"\\q\""), NULL, FALSE, "bad escape", 0, check_nothing_new },
  { "text-escapes-valid", MSG (OK_FIELDS ",\"text\":\"\\ud83d\\ude00 caf\\u00e9 \\\"q\\\" \\\\ \\/\""),
    NULL, TRUE, NULL, 1, check_text_escapes },
  /* json-glib also reads these, which are not JSON. */
  { "single-quotes", "{'type':'messages','data':{'messages':[{'id':'" NEW_ID "','text':'x'}]}}", NULL, FALSE,
    "not plain JSON", 0, check_nothing_new },
  { "comment", "{\"type\":\"messages\",/* hi */\"data\":{\"messages\":[{" OK_FIELDS ",\"text\":\"x\"}]}}",
    NULL, FALSE, "not plain JSON", 0, check_nothing_new },
  { "hex-number", MSG ("\"id\":0x7e2d1f0000000001," TIME ",\"user_id\":\"87654321\",\"text\":\"x\""), NULL,
    FALSE, "not plain JSON", 0, check_nothing_new },
  { "user-id-object", MSG ("\"id\":\"" NEW_ID "\"," TIME ",\"user_id\":{\"id\":\"87654321\"},\"text\":\"x\""),
    NULL, TRUE, NULL, 1, check_no_author },
  { "user-id-negative", MSG ("\"id\":\"" NEW_ID "\"," TIME ",\"user_id\":-87654321,\"text\":\"x\""),
    NULL, TRUE, NULL, 1, check_no_author },
  { "channel-id-unknown", MSG (OK_FIELDS ",\"text\":\"x\",\"channel_id\":\"nope\""), NULL, TRUE, NULL, 1,
    check_no_channel },
  { "channel-id-object", MSG (OK_FIELDS ",\"text\":\"x\",\"channel_id\":{\"id\":5512345}"), NULL, TRUE, NULL, 1,
    check_no_channel },
  { "rant-price-negative", MSG (OK_FIELDS ",\"text\":\"x\",\"rant\":{\"price_cents\":-500,\"duration\":120}"),
    NULL, TRUE, "skipped 1 malformed message", 0, check_nothing_new },
  MALFORMED ("rant-price-huge",
             MSG (OK_FIELDS ",\"text\":\"x\",\"rant\":{\"price_cents\":9223372036854775807}")),
  { "rant-price-largest", MSG (OK_FIELDS ",\"text\":\"x\",\"rant\":{\"price_cents\":100000000}"),
    NULL, TRUE, NULL, 1, check_rant_max },
  MALFORMED ("rant-price-float-huge",
             MSG (OK_FIELDS ",\"text\":\"x\",\"rant\":{\"price_cents\":1e300}")),
  MALFORMED ("rant-price-float-2^63",
             MSG (OK_FIELDS ",\"text\":\"x\",\"rant\":{\"price_cents\":9223372036854775808.0}")),
  MALFORMED ("rant-price-1e400",
             MSG (OK_FIELDS ",\"text\":\"x\",\"rant\":{\"price_cents\":1e400}")),
  MALFORMED ("rant-price-float-inf",
             MSG (OK_FIELDS ",\"text\":\"x\",\"rant\":{\"price_cents\":-1e400}")),
  MALFORMED ("rant-price-fraction",
             MSG (OK_FIELDS ",\"text\":\"x\",\"rant\":{\"price_cents\":4.5}")),
  MALFORMED ("rant-price-missing", MSG (OK_FIELDS ",\"text\":\"x\",\"rant\":{\"duration\":120}")),
  { "rant-price-string", MSG (OK_FIELDS ",\"text\":\"x\",\"rant\":{\"price_cents\":\"500\"}"),
    NULL, TRUE, NULL, 1, check_rant_500 },
  { "rant-price-whole-float", MSG (OK_FIELDS ",\"text\":\"x\",\"rant\":{\"price_cents\":500.0}"),
    NULL, TRUE, NULL, 1, check_rant_500 },
  MALFORMED ("rant-price-garbage-string",
             MSG (OK_FIELDS ",\"text\":\"x\",\"rant\":{\"price_cents\":\"5 dollars\"}")),
  MALFORMED ("rant-duration-negative",
             MSG (OK_FIELDS ",\"text\":\"x\",\"rant\":{\"price_cents\":100,\"duration\":-120,"
                  "\"expires_on\":17}")),
  MALFORMED ("rant-duration-1e400",
             MSG (OK_FIELDS ",\"text\":\"x\",\"rant\":{\"price_cents\":100,\"duration\":1e400}")),
  { "rant-expires-garbage", MSG (OK_FIELDS ",\"text\":\"x\",\"rant\":{\"price_cents\":100,\"duration\":120,"
                                 "\"expires_on\":17}"), NULL, TRUE, NULL, 1, check_rant_expires },
  { "rant-not-object", MSG (OK_FIELDS ",\"text\":\"x\",\"rant\":5"), NULL, TRUE, NULL, 1, check_regular },
  { "notification-wrong-types", MSG (OK_FIELDS ",\"text\":\"x\",\"notification\":{\"badge\":5,\"text\":[]}"),
    NULL, TRUE, NULL, 1, check_notice_garbage },
  { "gift-wrong-types", MSG (OK_FIELDS ",\"text\":\"\",\"gift_purchase_notification\":{\"gift_type\":{},"
                             "\"total_gifts\":null,\"creator_user_id\":[],\"creator_channel_id\":true}"),
    NULL, TRUE, NULL, 1, check_gift_garbage },
  MALFORMED ("gift-total-negative",
             MSG (OK_FIELDS ",\"text\":\"\",\"gift_purchase_notification\":{\"total_gifts\":-3}")),
  { "raid-start-null", MSG (OK_FIELDS ",\"text\":\"x\",\"raid_notification\":{\"start_ts\":null}"),
    NULL, TRUE, NULL, 1, check_raid_garbage },
  MALFORMED ("raid-start-garbage",
             MSG (OK_FIELDS ",\"text\":\"x\",\"raid_notification\":{\"start_ts\":\"soon\"}")),
  MALFORMED ("raid-start-negative",
             MSG (OK_FIELDS ",\"text\":\"x\",\"raid_notification\":{\"start_ts\":-5}")),
  MALFORMED ("raid-start-1e400",
             MSG (OK_FIELDS ",\"text\":\"x\",\"raid_notification\":{\"start_ts\":1e400}")),
  { "request-id-huge", "{\"type\":\"messages\",\"request_id\":\""
    "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"
    "0123456789012345678901234567890123456789\",\"data\":{\"messages\":[{" OK_FIELDS ",\"text\":\"x\"}]}}",
    NULL, TRUE, NULL, 1, check_request_id_dropped },
  { "request-id-number", "{\"type\":\"messages\",\"request_id\":5,\"data\":{\"messages\":[{" OK_FIELDS
    ",\"text\":\"x\"}]}}", NULL, TRUE, NULL, 1, check_request_id_dropped },
  { "null-everywhere", MSG ("\"id\":\"" NEW_ID "\",\"time\":null,\"user_id\":null,\"text\":null,\"blocks\":null,"
                            "\"channel_id\":null,\"type\":null,\"rant\":null,\"notification\":null,"
                            "\"raid_notification\":null,\"gift_purchase_notification\":null"),
    NULL, TRUE, NULL, 1, check_no_author },

  /* Users and channels */
  { "users-object", MSG ("\"id\":\"" NEW_ID "\"," TIME ",\"user_id\":\"61234567\",\"text\":\"x\"")
    "\n{\"type\":\"messages\",\"data\":{\"users\":{\"id\":\"61234567\",\"username\":\"Tom\"}}}",
    NULL, TRUE, NULL, 1, check_placeholder_author },
  { "users-bad-elements", "{\"type\":\"messages\",\"data\":{\"messages\":[{\"id\":\"" NEW_ID "\"," TIME
    ",\"user_id\":\"61234567\",\"text\":\"x\"}],\"users\":[null,1,\"61234567\",[],{},{\"id\":{}},"
    "{\"username\":\"Tom\"}]}}", NULL, TRUE, NULL, 1, check_placeholder_author },
  { "user-fields-wrong-types", MSG_USER ("\"id\":\"" NEW_ID "\"," TIME ",\"user_id\":\"61234567\",\"text\":\"x\"",
                                         "\"id\":\"61234567\",\"username\":\"Tom\",\"badges\":\"premium\","
                                         "\"color\":\"javascript:alert(1)\",\"is_follower\":\"yes\","
                                         "\"link\":7,\"image.1\":{}"),
    NULL, TRUE, NULL, 1, check_user_garbage },
  { "user-color-short", MSG_USER ("\"id\":\"" NEW_ID "\"," TIME ",\"user_id\":\"61234567\",\"text\":\"x\"",
                                  "\"id\":\"61234567\",\"username\":\"Tom\",\"color\":\"#ABC\""),
    NULL, TRUE, NULL, 1, check_short_color },
  { "user-badges-garbage", MSG_USER ("\"id\":\"" NEW_ID "\"," TIME ",\"user_id\":\"61234567\",\"text\":\"x\"",
                                     "\"id\":\"61234567\",\"username\":\"Tom\",\"badges\":[null,5,[],\"\","
                                     "{}],\"color\":5"),
    NULL, TRUE, NULL, 1, check_user_garbage },
  { "username-lone-surrogate", MSG_USER ("\"id\":\"" NEW_ID "\"," TIME ",\"user_id\":\"61234567\",\"text\":\"x\"",
                                         "\"id\":\"61234567\",\"username\":\"\\udc00Tom\""),
    NULL, FALSE, "bad escape", 0, check_nothing_new },
  { "channels-nested-empty", "{\"type\":\"messages\",\"data\":{\"messages\":[],\"users\":[],\"channels\":[[]]}}",
    NULL, TRUE, NULL, 0, check_channels_unchanged },
  { "channels-garbage", "{\"type\":\"messages\",\"data\":{\"channels\":[[[]],null,\"5512345\",{\"id\":null},"
    "{\"id\":[]},{\"username\":\"NoId\"}]}}\n{\"type\":\"messages\",\"data\":{\"channels\":{\"id\":\"1\"}}}",
    NULL, TRUE, NULL, 0, check_channels_unchanged },
  { "channel-name-number", "{\"type\":\"messages\",\"data\":{\"channels\":[{\"id\":777,\"username\":5}],"
    "\"messages\":[{" OK_FIELDS ",\"text\":\"x\",\"channel_id\":777}]}}", NULL, TRUE, NULL, 1,
    check_channel_nameless },

  /* Markup is text */
  { "markup-in-text-and-name", MSG_USER ("\"id\":\"" NEW_ID "\"," TIME ",\"user_id\":\"61234567\","
                                         "\"text\":\"<script>alert(1)</script> &lt; <span foreground=\\\"red\\\">x"
                                         "</span> </b>\"",
                                         "\"id\":\"61234567\",\"username\":\"<b>Bold</b>&amp;\","
                                         "\"link\":\"javascript:alert(1)\""),
    NULL, TRUE, NULL, 1, check_markup_verbatim },
  { "markup-in-channel-name", "{\"type\":\"messages\",\"data\":{\"channels\":[{\"id\":\"778\",\"username\":"
    "\"<big>Chan</big>\"}],\"messages\":[{" OK_FIELDS ",\"text\":\"x\",\"channel_id\":778}]}}",
    NULL, TRUE, NULL, 1, check_channel_markup },
  { "markup-in-badges", "{\"type\":\"init\",\"data\":{\"config\":{\"badges\":{\"<b>x</b>\":{\"label\":"
    "{\"en\":\"<i>Bold & brave</i>\"},\"icons\":{\"48\":\"javascript:alert(1)\"}},\"plain\":{\"label\":5},"
    "\"\":{}}},\"messages\":[],\"users\":[]}}", NULL, TRUE, NULL, 0, check_badges_markup },

  /* Other event types */
  { "delete-ids-not-array", "{\"type\":\"delete_messages\",\"data\":{\"message_ids\":\"1402937465012345601\"}}",
    NULL, FALSE, "without message_ids", 0, check_none_deleted },
  { "delete-ids-mixed", "{\"type\":\"delete_messages\",\"data\":{\"message_ids\":[null,{},true,1.5,[],"
    "\"1402937465012345601\",1402937465012345602,\"\"]}}", NULL, TRUE, NULL, 0, check_both_deleted },
  { "delete-non-rant-unknown", "{\"type\":\"delete_non_rant_messages\",\"data\":{\"message_ids\":[\"1\",2,"
    "\"<b>\"]}}", NULL, TRUE, NULL, 0, check_none_deleted },
  { "mute-ids-not-array", "{\"type\":\"mute_users\",\"data\":{\"user_ids\":87654321}}", NULL, FALSE,
    "without user_ids", 0, check_nobody_muted },
  { "mute-ids-beyond-2^64", "{\"type\":\"mute_users\",\"data\":{\"user_ids\":[18446744073796206937]}}", NULL,
    FALSE, "beyond 64 bits", 0, check_nobody_muted },
  { "pin-null", "{\"type\":\"pin_message\",\"data\":{\"message\":null}}", NULL, FALSE, "without a message", 0,
    check_pin_kept },
  { "pin-without-id", "{\"type\":\"pin_message\",\"data\":{\"message\":{\"text\":\"x\"}}}", NULL, FALSE,
    "without a message", 0, check_pin_kept },
  { "unpin-other", "{\"type\":\"unpin_message\",\"data\":{\"message\":{\"id\":\"42\"}}}", NULL, TRUE, NULL, 0,
    check_pin_kept },
  { "can-moderate-others", "{\"type\":\"can_moderate\",\"data\":{\"user_ids\":[\"1\",{},null],"
    "\"can_moderate\":false}}", NULL, TRUE, NULL, 0, check_can_moderate_kept },
  { "live-gate-garbage", "{\"type\":\"live_gate\",\"data\":{\"countdown_seconds\":1e300,\"chat_mode\":\"x\"}}",
    NULL, TRUE, NULL, 0, NULL },
  { "gift-purchased-garbage", "{\"type\":\"gift_purchased\",\"data\":{\"user_id\":{},\"total_gifts\":-7,"
    "\"users\":\"x\",\"channels\":[[]]}}", NULL, TRUE, NULL, 0, NULL },
  { "raid-confirmed-garbage", "{\"type\":\"raid_confirmed\",\"data\":{\"target_url\":5,"
    "\"target_channel_name\":null}}", NULL, TRUE, NULL, 0, NULL },
  { "init-config-wrong-types", "{\"type\":\"init\",\"data\":{\"config\":{\"message_length_max\":\"abc\","
    "\"rants\":5,\"badges\":[]},\"messages\":{},\"users\":\"x\",\"channels\":null,\"pinned_message\":\"x\","
    "\"can_moderate\":\"yes\"}}", NULL, TRUE, NULL, 0, check_config_defaults },
  { "init-length-negative", "{\"type\":\"init\",\"data\":{\"config\":{\"message_length_max\":-5}}}", NULL,
    TRUE, NULL, 0, check_length_min },
  { "init-length-huge", "{\"type\":\"init\",\"data\":{\"config\":{\"message_length_max\":1e18}}}", NULL,
    TRUE, NULL, 0, check_length_max },

  { "init-rant-levels-insane", "{\"type\":\"init\",\"data\":{\"config\":{\"rants\":{\"enable\":true,"
    "\"levels\":[{\"price_dollars\":1e400},{\"price_dollars\":-5},{\"price_dollars\":1e300},"
    "{\"price_dollars\":5,\"duration\":-1},{\"price_dollars\":5,\"duration\":300}]}}}}", NULL,
    TRUE, "init: skipped 4 malformed rant levels", 0, check_levels_sane },

  /* Sizes */
  { "text-1MiB", NULL, build_huge_text, TRUE, "cut 1 overlong string", 1, check_huge_text },
  { "username-4MiB", NULL, build_huge_username, TRUE, "messages: cut 1 overlong string", 1, check_huge_username },
  { "links-overlong", NULL, build_long_links, TRUE, "dropped 2 overlong URLs", 1, check_link_dropped },
  { "init-million-empty-messages", NULL, build_million_empty, FALSE,
    "JSON with more than 262144 values", 0, check_one_log_line },
  { "init-100k-empty-messages", NULL, build_100k_empty, TRUE,
    "init: skipped 10000 malformed messages", 0, check_one_log_line },
  { "10001-messages", NULL, build_many_messages, TRUE, NULL, ANY_COUNT, check_many_messages },
};

static void
dispatch_lines (RumbleChatApi *api,
                const char    *payload,
                gboolean      *out_last)
{
  const char *p = payload;

  do
    {
      const char *eol = strchr (p, '\n');
      gsize len = eol != NULL ? (gsize) (eol - p) : strlen (p);

      *out_last = rumble_chat_api_dispatch_event (api, p, (gssize) len);
      p = eol != NULL ? eol + 1 : NULL;
    }
  while (p != NULL);
}

static void
test_case (gconstpointer data)
{
  const HostileCase *c = data;
  RumbleChatApi *api = new_chat ();
  g_autofree char *built = c->build != NULL ? c->build () : NULL;
  const char *payload = built != NULL ? built : c->json;
  guint before = n_messages (api);
  gboolean applied;

  log_clear ();
  dispatch_lines (api, payload, &applied);

  g_assert_cmpint (applied, ==, c->applied);
  if (c->log != NULL)
    assert_logged (c->log);
  if (!c->applied)
    g_assert_cmpuint (rumble_log->len, >, 0);
  if (c->n_new != ANY_COUNT)
    g_assert_cmpuint (n_messages (api), ==, before + c->n_new);
  if (c->check != NULL)
    c->check (api);
  if (c->text != NULL)
    g_assert_cmpstr (rumble_message_get_text (new_message (api)), ==, c->text);

  assert_intact (api);
  g_assert_finalize_object (api);
}

/* ---- Nesting: a stack overflow would take the whole process, so in a child ------------ */

typedef struct {
  char       *(*build) (void);
  const char *log;
} NestingCase;

static const NestingCase nesting_cases[] = {
  { build_nested_100k, "nested deeper than" },
  { build_bare_nesting, "nested deeper than" },
  { build_nesting_after_surrogate, "bad escape" },
  { build_nesting_after_single_quote, "not plain JSON" },
  { build_nesting_after_comment, "not plain JSON" },
};

static void
test_deep_nesting (gconstpointer data)
{
  const NestingCase *nesting = data;

  if (g_test_subprocess ())
    {
      RumbleChatApi *api = new_chat ();
      g_autofree char *payload = nesting->build ();

      log_clear ();
      g_assert_false (rumble_chat_api_dispatch_event (api, payload, -1));
      assert_logged (nesting->log);
      g_assert_cmpuint (n_messages (api), ==, 2);
      assert_intact (api);
      g_assert_finalize_object (api);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* The other JSON readers of network replies share the guard. */
static void
test_deep_nesting_replies (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *nested = build_bare_nesting ();
      g_autoptr(RumbleEmotes) emotes = rumble_emotes_new ();
      g_autoptr(GError) error = NULL;

      g_assert_false (rumble_emotes_load_from_data (emotes, STREAM, nested, -1, &error));
      g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL);
      g_assert_finalize_object (g_steal_pointer (&emotes));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* ---- The SSE parser: an event of 8 MiB + 1 --------------------------------------------- */

static void
on_sse_event (const char *event_type,
              const char *data,
              gsize       data_len,
              const char *last_event_id,
              gpointer    user_data)
{
  g_ptr_array_add (user_data, g_strndup (data, data_len));
}

static void
test_sse_oversized (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RumbleSseParser) parser = rumble_sse_parser_new (on_sse_event, events);
  gsize n = RUMBLE_SSE_MAX_EVENT_SIZE_DEFAULT + 1;
  g_autofree char *big = g_malloc (n);

  memset (big, 'x', n);
  g_test_expect_message ("rumble", G_LOG_LEVEL_WARNING, "Dropped a server-sent event larger than*");
  rumble_sse_parser_feed (parser, "data: ", 6);
  /* In pieces, as a socket delivers it. */
  for (gsize off = 0; off < n; off += 65536)
    rumble_sse_parser_feed (parser, big + off, MIN (65536, n - off));
  rumble_sse_parser_feed (parser, "\n\ndata: after\n\n", 15);
  g_test_assert_expected_messages ();

  g_assert_cmpuint (rumble_sse_parser_get_n_dropped (parser), ==, 1);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (events, 0), ==, "after");
}

/* ---- Memory is given back after a huge event ---------------------------------------------- */

/* Bytes in use on the heap, big blocks (mmapped) included; 0 under a sanitizer, whose
 * allocator glibc does not see. */
static gsize
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

/* Runs the test in a child whose GSlice is plain malloc: GLib 2.74's slice allocator keeps
 * freed JSON nodes cached for reuse, which would hide what we hold among what it caches. */
static gboolean
in_child_with_plain_malloc (void)
{
  if (g_test_subprocess ())
    return TRUE;

  g_setenv ("G_SLICE", "always-malloc", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("G_SLICE");
  g_test_trap_assert_passed ();
  return FALSE;
}

/* A million items are refused before json-glib builds a tree of them: no memory is taken. */
static void
test_memory_after_init (void)
{
  g_autoptr(RumbleChatApi) api = new_chat ();
  g_autofree char *payload = build_million_empty ();
  gsize before, after;

  log_clear ();
  before = heap_in_use ();
  g_assert_false (rumble_chat_api_dispatch_event (api, payload, -1));
  after = heap_in_use ();

  g_assert_cmpuint (rumble_log->len, ==, 1);
  g_assert_cmpuint (after, <, before + 1024 * 1024);
  assert_intact (api);
  g_assert_finalize_object (g_steal_pointer (&api));
}

/* The parsed tree of 100 000 items is tens of MB: nothing of it may stay with us (GLib
 * 2.74's slice allocator keeps freed nodes for reuse, hence plain malloc in a child). */
static void
test_memory_after_parsed_init (void)
{
  g_autoptr(RumbleChatApi) api = NULL;
  g_autofree char *payload = NULL;
  gsize before, after;

  if (!in_child_with_plain_malloc ())
    return;

  api = new_chat ();
  payload = build_100k_empty ();
  log_clear ();
  before = heap_in_use ();
  g_assert_true (rumble_chat_api_dispatch_event (api, payload, -1));
  after = heap_in_use ();

  g_assert_cmpuint (rumble_log->len, ==, 1);
  g_assert_cmpuint (after, <, before + 1024 * 1024);
  assert_intact (api);
  g_assert_finalize_object (g_steal_pointer (&api));
}

/* A 4 MiB event arriving in socket-sized pieces: the parser keeps no 4 MiB buffer. */
static void
test_memory_after_sse (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RumbleSseParser) parser = rumble_sse_parser_new (on_sse_event, events);
  gsize n = 4 * 1024 * 1024;
  g_autofree char *big = g_malloc (n);
  gsize before, after;

  memset (big, 'x', n);
  rumble_sse_parser_feed (parser, "data: x\n\n", 9);
  g_ptr_array_set_size (events, 0);
  before = heap_in_use ();
  rumble_sse_parser_feed (parser, "data: ", 6);
  for (gsize off = 0; off < n; off += 65536)
    rumble_sse_parser_feed (parser, big + off, MIN (65536, n - off));
  rumble_sse_parser_feed (parser, "\n\n", 2);
  g_assert_cmpuint (events->len, ==, 1);
  g_ptr_array_set_size (events, 0);
  after = heap_in_use ();

  g_assert_cmpuint (after, <, before + 1024 * 1024);
}

/* ---- The whole catalogue through a live connection ------------------------------------ */

typedef struct {
  gboolean left_connected;
} LiveState;

static void
on_state (RumbleChatApi *api,
          GParamSpec    *pspec,
          LiveState     *state)
{
  if (rumble_chat_api_get_state (api) != RUMBLE_CONNECTION_CONNECTED)
    state->left_connected = TRUE;
}

static void
on_connected (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rumble_chat_api_connect_finish (RUMBLE_CHAT_API (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

typedef struct {
  RumbleChatApi *api;
  const char    *id;
} WaitMessage;

static gboolean
message_arrived (gpointer data)
{
  WaitMessage *w = data;

  return rumble_chat_api_lookup_message (w->api, w->id) != NULL;
}

static void
push_payload (RumbleFakeServer *fake,
              const char       *payload)
{
  g_autoptr(GString) raw = g_string_new (NULL);
  const char *p = payload;

  /* Each line of the payload is one event; an empty payload is an empty event. */
  do
    {
      const char *eol = strchr (p, '\n');
      gsize len = eol != NULL ? (gsize) (eol - p) : strlen (p);

      g_string_append (raw, "data: ");
      g_string_append_len (raw, p, len);
      g_string_append (raw, "\n\n");
      p = eol != NULL ? eol + 1 : NULL;
    }
  while (p != NULL);

  rumble_fake_server_push_raw (fake, STREAM, raw->str, (gssize) raw->len);
}

static void
test_live (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleFakeServer) fake = NULL;
  RumbleChatApi *api;
  LiveState state = { FALSE };
  gboolean connected = FALSE;
  g_autofree char *final_id = NULL;
  WaitMessage wait;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  fake = rumble_fake_server_new (0, &error);
  g_assert_no_error (error);

  api = rumble_chat_api_new (STREAM);
  rumble_chat_api_set_chat_url (api, rumble_fake_server_get_chat_url (fake));
  rumble_chat_api_set_site_url (api, rumble_fake_server_get_url (fake));
  rumble_chat_api_set_backoff (api, 10, 80, 150);
  rumble_chat_api_connect_async (api, NULL, on_connected, &connected);
  test_wait_for_flag (&connected, 10000);
  g_assert_cmpint (rumble_chat_api_get_state (api), ==, RUMBLE_CONNECTION_CONNECTED);
  g_signal_connect (api, "notify::state", G_CALLBACK (on_state), &state);
  log_clear ();

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *built = cases[i].build != NULL ? cases[i].build () : NULL;

      push_payload (fake, built != NULL ? built : cases[i].json);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (nesting_cases); i++)
    {
      g_autofree char *nested = nesting_cases[i].build ();

      push_payload (fake, nested);
    }

  final_id = rumble_fake_server_push_message (fake, STREAM, "Quillback_Tom", "still here");
  wait = (WaitMessage) { api, final_id };
  test_wait_until (message_arrived, &wait, 30000);

  g_assert_false (state.left_connected);
  g_assert_cmpint (rumble_chat_api_get_state (api), ==, RUMBLE_CONNECTION_CONNECTED);
  g_assert_cmpstr (rumble_message_get_text (rumble_chat_api_lookup_message (api, final_id)), ==, "still here");
  /* The cases did reach the models: the last table case's messages are there, and the
   * skipped ones said so. */
  g_assert_nonnull (rumble_chat_api_lookup_message (api, "8009999"));
  assert_logged ("nested deeper than");
  assert_logged ("beyond 64 bits");
  assert_logged ("malformed message");
  assert_model_valid (rumble_chat_api_get_messages (api));
  assert_model_valid (rumble_chat_api_get_users (api));

  rumble_chat_api_disconnect (api);
  g_signal_handlers_disconnect_by_data (api, &state);
  g_assert_finalize_object (api);
  g_assert_finalize_object (g_steal_pointer (&fake));
}

/* An 8 MiB + 1 event on a live stream is dropped; the stream goes on. */
static void
test_live_oversized (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleFakeServer) fake = NULL;
  g_autoptr(GString) raw = g_string_new ("data: ");
  RumbleChatApi *api;
  LiveState state = { FALSE };
  gboolean connected = FALSE;
  g_autofree char *final_id = NULL;
  WaitMessage wait;

  fake = rumble_fake_server_new (0, &error);
  g_assert_no_error (error);

  api = rumble_chat_api_new (STREAM);
  rumble_chat_api_set_chat_url (api, rumble_fake_server_get_chat_url (fake));
  rumble_chat_api_set_site_url (api, rumble_fake_server_get_url (fake));
  rumble_chat_api_set_backoff (api, 10, 80, 150);
  rumble_chat_api_connect_async (api, NULL, on_connected, &connected);
  test_wait_for_flag (&connected, 10000);
  g_signal_connect (api, "notify::state", G_CALLBACK (on_state), &state);

  g_string_append (raw, "{\"type\":\"messages\",\"data\":{\"messages\":[{\"id\":\"" NEW_ID "\",\"text\":\"");
  while (raw->len <= RUMBLE_SSE_MAX_EVENT_SIZE_DEFAULT + 6)
    g_string_append (raw, "xxxxxxxxxxxxxxxx");
  g_string_append (raw, "\"}]}}\n\n");

  g_test_expect_message ("rumble", G_LOG_LEVEL_WARNING, "Dropped a server-sent event larger than*");
  rumble_fake_server_push_raw (fake, STREAM, raw->str, (gssize) raw->len);
  final_id = rumble_fake_server_push_message (fake, STREAM, "Quillback_Tom", "after the flood");
  wait = (WaitMessage) { api, final_id };
  test_wait_until (message_arrived, &wait, 30000);
  g_test_assert_expected_messages ();

  g_assert_false (state.left_connected);
  g_assert_null (rumble_chat_api_lookup_message (api, NEW_ID));

  rumble_chat_api_disconnect (api);
  g_signal_handlers_disconnect_by_data (api, &state);
  g_assert_finalize_object (api);
  g_assert_finalize_object (g_steal_pointer (&fake));
}

int
main (int   argc,
      char *argv[])
{
  /* Loopback only: no proxy lookup (libproxy's C++ exceptions also trip clang's ASan
   * in a C program). */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  rumble_log = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rumble/hostile/catalogue/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_data_func ("/rumble/hostile/nesting/100k-in-event", &nesting_cases[0], test_deep_nesting);
  g_test_add_data_func ("/rumble/hostile/nesting/100k-bare", &nesting_cases[1], test_deep_nesting);
  g_test_add_data_func ("/rumble/hostile/nesting/after-lone-surrogate", &nesting_cases[2], test_deep_nesting);
  g_test_add_data_func ("/rumble/hostile/nesting/after-single-quote", &nesting_cases[3], test_deep_nesting);
  g_test_add_data_func ("/rumble/hostile/nesting/after-comment", &nesting_cases[4], test_deep_nesting);
  g_test_add_func ("/rumble/hostile/nesting/replies", test_deep_nesting_replies);
  g_test_add_func ("/rumble/hostile/sse/oversized-event", test_sse_oversized);
  g_test_add_func ("/rumble/hostile/memory/after-init-of-a-million", test_memory_after_init);
  g_test_add_func ("/rumble/hostile/memory/after-parsed-init-of-100k",
                   test_memory_after_parsed_init);
  g_test_add_func ("/rumble/hostile/memory/after-4MiB-sse-event", test_memory_after_sse);
  g_test_add_func ("/rumble/hostile/live/catalogue", test_live);
  g_test_add_func ("/rumble/hostile/live/oversized-event", test_live_oversized);

  return g_test_run ();
}
