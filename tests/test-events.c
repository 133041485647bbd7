/* test-events.c — applying each SSE event type and quirk to RumbleChatApi's models
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rumble.h"
#include "test-util.h"

typedef struct {
  RumbleChatApi *api;
  TestChanges   *messages;
  TestChanges   *users;
  TestChanges   *channels;
  TestChanges   *badges;
  GPtrArray     *received;   /* message ids from message-received */
} Fixture;

static void
on_message_received (RumbleChatApi *api,
                     RumbleMessage *message,
                     Fixture       *f)
{
  g_ptr_array_add (f->received, g_strdup (rumble_message_get_id (message)));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->api = rumble_chat_api_new ("298765432");
  f->messages = test_changes_new (rumble_chat_api_get_messages (f->api));
  f->users = test_changes_new (rumble_chat_api_get_users (f->api));
  f->channels = test_changes_new (rumble_chat_api_get_channels (f->api));
  f->badges = test_changes_new (rumble_chat_api_get_badges (f->api));
  f->received = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->api, "message-received", G_CALLBACK (on_message_received), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->messages, test_changes_free);
  g_clear_pointer (&f->users, test_changes_free);
  g_clear_pointer (&f->channels, test_changes_free);
  g_clear_pointer (&f->badges, test_changes_free);
  g_clear_pointer (&f->received, g_ptr_array_unref);
  g_assert_finalize_object (f->api);
}

static void
dispatch_fixture (Fixture    *f,
                  const char *name)
{
  g_autofree char *json = test_load_fixture_compact (name);

  g_assert_true (rumble_chat_api_dispatch_event (f->api, json, -1));
}

static void
assert_changes (TestChanges *changes,
                const char  *expected)
{
  g_autofree char *record = test_changes_take (changes);

  g_assert_cmpstr (record, ==, expected);
}

static RumbleMessage *
message_at (Fixture *f,
            guint    i)
{
  g_autoptr(RumbleMessage) m = g_list_model_get_item (rumble_chat_api_get_messages (f->api), i);

  return m; /* owned by the store */
}

static void
test_init (Fixture       *f,
           gconstpointer  data)
{
  RumbleMessage *m;
  RumbleUser *user;
  RumbleBadge *badge;
  RumbleMessage *pinned;

  dispatch_fixture (f, "sse_init.json");

  assert_changes (f->messages, "0-0+2");
  assert_changes (f->users, "0-0+2");
  assert_changes (f->channels, "0-0+1");
  assert_changes (f->badges, "0-0+6");

  g_assert_cmpuint (rumble_chat_api_get_message_length_max (f->api), ==, 200);
  g_assert_true (rumble_chat_api_get_rants_enabled (f->api));
  g_assert_true (rumble_chat_api_get_can_moderate (f->api));
  g_assert_cmpuint (f->received->len, ==, 2);

  m = message_at (f, 0);
  g_assert_cmpstr (rumble_message_get_id (m), ==, "1402937465012345601");
  g_assert_cmpstr (rumble_message_get_text (m), ==, "Evening everyone!");
  g_assert_cmpint (rumble_message_get_time (m), ==, 1776708115); /* 2026-04-20T18:01:55Z */
  g_assert_cmpstr (rumble_message_get_display_name (m), ==, "MarigoldFinch");

  /* Posted as a channel: channel_id is a JSON number, and the channel's name shows. */
  m = message_at (f, 1);
  g_assert_cmpstr (rumble_message_get_channel_id (m), ==, "5512345");
  g_assert_nonnull (rumble_message_get_channel (m));
  g_assert_cmpstr (rumble_message_get_display_name (m), ==, "CedarHollow");
  g_assert_cmpstr (rumble_channel_get_user_id (rumble_message_get_channel (m)), ==, "90011223");
  /* A user's badges and colour come from the user even when posting as a channel. */
  g_assert_true (rumble_user_get_is_staff (rumble_message_get_user (m)));

  user = rumble_chat_api_lookup_user (f->api, "87654321");
  g_assert_nonnull (user);
  g_assert_cmpstr (rumble_user_get_color (user), ==, "#c38b1b");
  g_assert_true (rumble_user_get_is_follower (user));
  g_assert_true (rumble_user_has_badge (user, "premium"));
  g_assert_cmpuint (rumble_user_get_message_count (user), ==, 1);
  g_assert_cmpstr (rumble_user_get_avatar_url (user), ==,
                   "https://ak2.rmbl.ws/z0/M/f/7/k/Mf7kQ.asF-MarigoldFinch-r1a2b3.jpeg");

  badge = rumble_chat_api_lookup_badge (f->api, "premium");
  g_assert_nonnull (badge);
  g_assert_cmpstr (rumble_badge_get_label (badge), ==, "Rumble Premium");
  g_assert_cmpstr (rumble_badge_get_icon_url (badge), ==, "https://rumble.com/i/badges/premium_48.png");

  /* The rant ladder: $1 / $5 / $20, a price finds the dearest level not above it. */
  g_assert_cmpuint (rumble_chat_api_get_rant_level (f->api, 50)->price_cents, ==, 100);
  g_assert_cmpuint (rumble_chat_api_get_rant_level (f->api, 500)->price_cents, ==, 500);
  g_assert_cmpuint (rumble_chat_api_get_rant_level (f->api, 1999)->price_cents, ==, 500);
  g_assert_cmpuint (rumble_chat_api_get_rant_level (f->api, 100000)->duration, ==, 1200);
  g_assert_cmpstr (rumble_chat_api_get_rant_level (f->api, 500)->fg, ==, "black");
  g_assert_cmpstr (rumble_chat_api_get_rant_level (f->api, 500)->main, ==, "#f8e71c");
  g_assert_cmpstr (rumble_chat_api_get_rant_level (f->api, 500)->bg2, ==, "#dfd019");

  pinned = rumble_chat_api_get_pinned_message (f->api);
  g_assert_nonnull (pinned);
  g_assert_cmpstr (rumble_message_get_id (pinned), ==, "1402937465012345590");
}

static void
test_messages_plain (Fixture       *f,
                     gconstpointer  data)
{
  RumbleMessage *m;

  dispatch_fixture (f, "sse_init.json");
  test_changes_clear (f->messages);
  test_changes_clear (f->users);
  test_changes_clear (f->channels);

  /* `channels: [[]]` quirk */
  dispatch_fixture (f, "sse_messages_plain.json");
  assert_changes (f->messages, "2-0+1");
  assert_changes (f->users, "2-0+1");
  assert_changes (f->channels, "");

  m = message_at (f, 2);
  g_assert_cmpint (rumble_message_get_kind (m), ==, RUMBLE_MESSAGE_REGULAR);
  g_assert_cmpstr (rumble_message_get_request_id (m), ==, "q3ZL0c8m2H1nR4tV6yB9eA7sD5fG2hJ4kL6zX8cV0bN");
  g_assert_cmpstr (rumble_message_get_display_name (m), ==, "Quillback_Tom");
  g_assert_null (rumble_message_get_channel (m));
  g_assert_false (rumble_message_get_deleted (m));
}

static void
test_messages_rant (Fixture       *f,
                    gconstpointer  data)
{
  RumbleMessage *m;

  /* No ladder before an init. */
  g_assert_null (rumble_chat_api_get_rant_level (f->api, 500));
  dispatch_fixture (f, "sse_messages_rant.json");
  assert_changes (f->messages, "0-0+1");
  m = message_at (f, 0);
  g_assert_true (rumble_message_get_is_rant (m));
  g_assert_cmpint (rumble_message_get_kind (m), ==, RUMBLE_MESSAGE_RANT);
  g_assert_cmpuint (rumble_message_get_rant_price_cents (m), ==, 500);
  /* Seconds: expires_on is exactly duration after time. */
  g_assert_cmpuint (rumble_message_get_rant_duration (m), ==, 300);
  g_assert_cmpint (rumble_message_get_rant_expires_on (m) - rumble_message_get_time (m), ==, 300);
}

static void
test_messages_notices (Fixture       *f,
                       gconstpointer  data)
{
  RumbleMessage *m;

  dispatch_fixture (f, "sse_messages_raid_notice.json");
  dispatch_fixture (f, "sse_messages_subscription_notice.json");
  dispatch_fixture (f, "sse_messages_gift_notice.json");
  assert_changes (f->messages, "0-0+1,1-0+1,2-0+1");

  m = message_at (f, 0);
  g_assert_cmpint (rumble_message_get_kind (m), ==, RUMBLE_MESSAGE_RAID);
  g_assert_true (rumble_message_get_is_raid (m));
  g_assert_cmpint (rumble_message_get_raid_start (m), ==, 1776708360);
  g_assert_cmpstr (rumble_message_get_display_name (m), ==, "Northwind");

  m = message_at (f, 1);
  g_assert_cmpint (rumble_message_get_kind (m), ==, RUMBLE_MESSAGE_SUBSCRIPTION);
  g_assert_cmpstr (rumble_message_get_notification_badge (m), ==, "recurring_subscription");
  g_assert_cmpstr (rumble_message_get_notification_text (m), ==, "subscribed");

  m = message_at (f, 2);
  g_assert_cmpint (rumble_message_get_kind (m), ==, RUMBLE_MESSAGE_GIFT);
  g_assert_true (rumble_message_get_is_gift (m));
  g_assert_cmpstr (rumble_message_get_gift_type (m), ==, "rumble");
  g_assert_cmpuint (rumble_message_get_gift_total (m), ==, 5);
  g_assert_cmpstr (rumble_message_get_gift_creator_user_id (m), ==, "90011223");
  g_assert_cmpstr (rumble_message_get_gift_creator_channel_id (m), ==, "5512345");
}

static void
on_deleted (RumbleChatApi *api,
            GStrv          ids,
            gboolean       non_rant_only,
            char         **out)
{
  g_autofree char *joined = g_strjoinv (",", ids);

  g_free (*out);
  *out = g_strdup_printf ("%s:%s", non_rant_only ? "non-rant" : "all", joined);
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *deleted = NULL;
  RumbleMessage *plain;

  g_signal_connect (f->api, "messages-deleted", G_CALLBACK (on_deleted), &deleted);
  dispatch_fixture (f, "sse_init.json");
  dispatch_fixture (f, "sse_messages_plain.json");
  test_changes_clear (f->messages);

  plain = rumble_chat_api_lookup_message (f->api, "1402937465012345610");
  g_assert_nonnull (plain);
  dispatch_fixture (f, "sse_delete_messages.json");
  /* The row stays, flagged: no model change. */
  assert_changes (f->messages, "");
  g_assert_true (rumble_message_get_deleted (plain));
  g_assert_false (rumble_message_get_deleted (message_at (f, 0)));
  g_assert_nonnull (deleted);
  g_assert_true (g_str_has_prefix (deleted, "all:1402937465012345610"));
}

static void
test_delete_non_rant (Fixture       *f,
                      gconstpointer  data)
{
  RumbleMessage *rant;
  const char *json =
    "{\"type\":\"delete_non_rant_messages\",\"data\":{\"message_ids\":"
    "[\"1402937465012345611\",1402937465012345601]}}";

  dispatch_fixture (f, "sse_init.json");
  dispatch_fixture (f, "sse_messages_rant.json");
  rant = rumble_chat_api_lookup_message (f->api, "1402937465012345611");
  g_assert_nonnull (rant);

  /* Ids as strings and as numbers; rants are spared. */
  g_assert_true (rumble_chat_api_dispatch_event (f->api, json, -1));
  g_assert_false (rumble_message_get_deleted (rant));
  g_assert_true (rumble_message_get_deleted (rumble_chat_api_lookup_message (f->api, "1402937465012345601")));
}

static void
test_mute (Fixture       *f,
           gconstpointer  data)
{
  RumbleUser *tom;

  dispatch_fixture (f, "sse_messages_plain.json");
  tom = rumble_chat_api_lookup_user (f->api, "61234567");
  g_assert_false (rumble_user_get_muted (tom));
  test_changes_clear (f->users);
  dispatch_fixture (f, "sse_mute_users.json");
  g_assert_true (rumble_user_get_muted (tom));
  assert_changes (f->users, "");
  /* The messages stay in the model. */
  g_assert_cmpuint (g_list_model_get_n_items (rumble_chat_api_get_messages (f->api)), ==, 1);
}

static void
test_pin_unpin (Fixture       *f,
                gconstpointer  data)
{
  dispatch_fixture (f, "sse_init.json");
  dispatch_fixture (f, "sse_pin_message.json");
  /* The pinned message is the very object in the list. */
  g_assert_true (rumble_chat_api_get_pinned_message (f->api) == message_at (f, 1));

  /* Unpinning another message changes nothing. */
  g_assert_true (rumble_chat_api_dispatch_event (f->api,
    "{\"type\":\"unpin_message\",\"data\":{\"message\":{\"id\":\"1\",\"user_id\":\"2\",\"text\":\"x\"}}}", -1));
  g_assert_nonnull (rumble_chat_api_get_pinned_message (f->api));

  dispatch_fixture (f, "sse_unpin_message.json");
  g_assert_null (rumble_chat_api_get_pinned_message (f->api));
}

static void
test_can_moderate (Fixture       *f,
                   gconstpointer  data)
{
  const char *revoke = "{\"type\":\"can_moderate\",\"data\":{\"user_ids\":[\"77001234\"],\"can_moderate\":false}}";

  dispatch_fixture (f, "sse_init.json");
  g_assert_true (rumble_chat_api_get_can_moderate (f->api));

  /* Not our id: ignored. */
  rumble_chat_api_set_user_id (f->api, "87654321");
  g_assert_true (rumble_chat_api_dispatch_event (f->api, revoke, -1));
  g_assert_true (rumble_chat_api_get_can_moderate (f->api));

  rumble_chat_api_set_user_id (f->api, "77001234");
  g_assert_true (rumble_chat_api_dispatch_event (f->api, revoke, -1));
  g_assert_false (rumble_chat_api_get_can_moderate (f->api));
  dispatch_fixture (f, "sse_can_moderate.json");
  g_assert_true (rumble_chat_api_get_can_moderate (f->api));
}

static void
on_raid (RumbleChatApi *api,
         const char    *name,
         const char    *url,
         char         **out)
{
  *out = g_strdup_printf ("%s %s", name, url);
}

static void
on_gift (RumbleChatApi *api,
         RumbleUser    *buyer,
         guint          total,
         char         **out)
{
  *out = g_strdup_printf ("%s %u", buyer ? rumble_user_get_username (buyer) : "?", total);
}

static void
on_live_gate (RumbleChatApi *api,
              int            countdown,
              int           *out)
{
  *out = countdown;
}

static void
test_other_events (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *raid = NULL;
  g_autofree char *gift = NULL;
  int countdown = -1;

  g_signal_connect (f->api, "raid-confirmed", G_CALLBACK (on_raid), &raid);
  g_signal_connect (f->api, "gift-purchased", G_CALLBACK (on_gift), &gift);
  g_signal_connect (f->api, "live-gate", G_CALLBACK (on_live_gate), &countdown);

  dispatch_fixture (f, "sse_raid_confirmed.json");
  g_assert_cmpstr (raid, ==, "Northwind https://rumble.com/v4abcde-friday-night-build.html");
  dispatch_fixture (f, "sse_gift_purchased.json");
  g_assert_cmpstr (gift, ==, "MarigoldFinch 5");
  assert_changes (f->users, "0-0+1");
  dispatch_fixture (f, "sse_live_gate.json");
  g_assert_cmpint (countdown, ==, 45);
}

static void
test_quirks (Fixture       *f,
             gconstpointer  data)
{
  RumbleUser *user;
  RumbleMessage *m;

  /* ids as numbers, colour without '#', blocks instead of text, missing channels,
   * an opaque non-decimal user id, and a user seen only later. */
  g_assert_true (rumble_chat_api_dispatch_event (f->api,
    "{\"type\":\"messages\",\"data\":{\"messages\":[{\"id\":1402937465012345999,"
    "\"time\":\"2026-04-20T18:10:00+00:00\",\"user_id\":61234567,"
    "\"blocks\":[{\"type\":\"text.1\",\"data\":{\"text\":\"from \"}},{\"type\":\"text.1\",\"data\":{\"text\":\"blocks\"}}]},"
    "{\"id\":\"1402937465012346000\",\"time\":\"2026-04-20T18:10:01+00:00\",\"user_id\":\"u-abc\",\"text\":\"opaque\"}],"
    "\"users\":[{\"id\":61234567,\"username\":\"Quillback_Tom\",\"color\":\"6A5ACD\"}]}}", -1));
  assert_changes (f->messages, "0-0+2");
  /* users: Tom from the event, then the unknown author as a placeholder */
  assert_changes (f->users, "0-0+1,1-0+1");

  m = message_at (f, 0);
  g_assert_cmpstr (rumble_message_get_id (m), ==, "1402937465012345999");
  g_assert_cmpstr (rumble_message_get_text (m), ==, "from blocks");
  user = rumble_message_get_user (m);
  g_assert_cmpstr (rumble_user_get_color (user), ==, "#6a5acd");

  m = message_at (f, 1);
  g_assert_cmpstr (rumble_message_get_user_id (m), ==, "u-abc");
  g_assert_cmpstr (rumble_message_get_display_name (m), ==, "u-abc");

  /* The placeholder is completed when the user object arrives. */
  g_assert_true (rumble_chat_api_dispatch_event (f->api,
    "{\"type\":\"messages\",\"data\":{\"users\":[{\"id\":\"u-abc\",\"username\":\"Later\"}]}}", -1));
  g_assert_cmpstr (rumble_message_get_display_name (m), ==, "Later");
  assert_changes (f->users, "");
}

/* A tiny message_length_max is the limit for what we send, not for what others sent: their
 * text keeps at least the default cap (fuzzing found "still here" cut to 8 bytes). */
static void
test_small_length_limit (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *long_text = g_strnfill (RUMBLE_DEFAULT_MESSAGE_LENGTH_MAX, 'x');
  g_autofree char *event = NULL;

  g_assert_true (rumble_chat_api_dispatch_event (f->api,
    "{\"type\":\"init\",\"data\":{\"config\":{\"message_length_max\":1},"
    "\"messages\":[],\"users\":[]}}", -1));
  g_assert_cmpuint (rumble_chat_api_get_message_length_max (f->api), ==, 1);

  event = g_strdup_printf ("{\"type\":\"messages\",\"data\":{\"messages\":[{\"id\":\"77\","
                           "\"time\":\"2026-04-20T18:10:00+00:00\",\"user_id\":\"5\","
                           "\"text\":\"%s\"}],\"users\":[]}}", long_text);
  g_assert_true (rumble_chat_api_dispatch_event (f->api, event, -1));
  g_assert_cmpstr (rumble_message_get_text (rumble_chat_api_lookup_message (f->api, "77")), ==,
                   long_text);
}

static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  static const char *cases[] = {
    "", "{", "[]", "null", "42", "\"init\"",
    "{\"data\":{}}",
    "{\"type\":\"messages\"}",
    "{\"type\":\"messages\",\"data\":[]}",
    "{\"type\":7,\"data\":{}}",
    "{\"type\":\"no_such_event\",\"data\":{}}",
    "{\"type\":\"delete_messages\",\"data\":{\"message_ids\":\"1\"}}",
    "{\"type\":\"mute_users\",\"data\":{}}",
    "{\"type\":\"pin_message\",\"data\":{\"message\":null}}",
  };
  static const char *partial[] = {
    /* Accepted events whose bad parts are skipped */
    "{\"type\":\"messages\",\"data\":{\"messages\":[null,1,{\"text\":\"no id\"},{\"id\":1.5e300}]}}",
    "{\"type\":\"messages\",\"data\":{\"messages\":{},\"users\":\"x\",\"channels\":[[],null,{\"id\":null}]}}",
    "{\"type\":\"messages\",\"data\":{\"messages\":[{\"id\":\"1\",\"time\":\"garbage\",\"text\":7,\"rant\":{\"price_cents\":-5,\"duration\":\"x\"}}]}}",
    "{\"type\":\"init\",\"data\":{\"config\":null,\"messages\":null}}",
    "{\"type\":\"messages\",\"data\":{\"messages\":[{\"id\":\"1\"}]}}", /* duplicate id */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_false (rumble_chat_api_dispatch_event (f->api, cases[i], -1));
  for (guint i = 0; i < G_N_ELEMENTS (partial); i++)
    g_assert_true (rumble_chat_api_dispatch_event (f->api, partial[i], -1));

  /* Exactly one message survived: id "1", with safe defaults. */
  g_assert_cmpuint (g_list_model_get_n_items (rumble_chat_api_get_messages (f->api)), ==, 1);
  g_assert_cmpuint (rumble_message_get_rant_price_cents (message_at (f, 0)), ==, 0);
  g_assert_cmpstr (rumble_message_get_text (message_at (f, 0)), ==, "");
}

static char *
make_message_event (guint first,
                    guint count,
                    guint minute)
{
  g_autoptr(GString) s = g_string_new ("{\"type\":\"messages\",\"data\":{\"messages\":[");

  for (guint i = 0; i < count; i++)
    g_string_append_printf (s, "%s{\"id\":\"%u\",\"time\":\"2026-04-20T18:%02u:%02u+00:00\","
                            "\"user_id\":\"1\",\"text\":\"m%u\"}",
                            i ? "," : "", first + i, minute, (first + i) % 60, first + i);
  g_string_append (s, "],\"users\":[{\"id\":\"1\",\"username\":\"a\"}]}}");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
test_history_trim (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *first = make_message_event (100, 4, 1);
  g_autofree char *second = make_message_event (200, 3, 2);

  rumble_chat_api_set_history_len (f->api, 5);
  g_assert_true (rumble_chat_api_dispatch_event (f->api, first, -1));
  assert_changes (f->messages, "0-0+4");
  g_assert_true (rumble_chat_api_dispatch_event (f->api, second, -1));
  /* Appended in one splice, then trimmed at the front in one splice. */
  assert_changes (f->messages, "4-0+3,0-2+0");
  g_assert_cmpstr (rumble_message_get_id (message_at (f, 0)), ==, "102");
  g_assert_null (rumble_chat_api_lookup_message (f->api, "100"));
  g_assert_nonnull (rumble_chat_api_lookup_message (f->api, "202"));
  g_assert_cmpuint (rumble_user_get_message_count (rumble_chat_api_lookup_user (f->api, "1")), ==, 7);

  /* Lowering the limit trims at once. */
  rumble_chat_api_set_history_len (f->api, 2);
  assert_changes (f->messages, "0-3+0");
}

static void
test_history_trim_slack (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *first = make_message_event (100, 4, 1);
  g_autofree char *second = make_message_event (200, 3, 2);
  g_autofree char *third = make_message_event (300, 1, 3);

  /* Up to history + slack messages, then back to history in one splice. */
  rumble_chat_api_set_history_len (f->api, 4);
  rumble_chat_api_set_trim_slack (f->api, 3);
  g_assert_true (rumble_chat_api_dispatch_event (f->api, first, -1));
  g_assert_true (rumble_chat_api_dispatch_event (f->api, second, -1));
  assert_changes (f->messages, "0-0+4,4-0+3");
  g_assert_true (rumble_chat_api_dispatch_event (f->api, third, -1));
  assert_changes (f->messages, "7-0+1,0-4+0");
  g_assert_cmpstr (rumble_message_get_id (message_at (f, 0)), ==, "200");
  g_assert_null (rumble_chat_api_lookup_message (f->api, "103"));
}

static void
test_history_hold (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *first = make_message_event (100, 4, 1);
  g_autofree char *second = make_message_event (200, 3, 2);
  g_autofree char *third = make_message_event (300, 3, 3);
  g_autoptr(RumbleMessage) held = NULL;

  rumble_chat_api_set_history_len (f->api, 5);
  g_assert_true (rumble_chat_api_dispatch_event (f->api, first, -1));
  held = g_object_ref (message_at (f, 1));
  /* Held twice (a count): no trim at all while held, the model grows. */
  rumble_chat_api_hold_message (f->api, held);
  rumble_chat_api_hold_message (f->api, held);
  g_assert_true (rumble_chat_api_is_message_held (f->api, held));
  g_assert_true (rumble_chat_api_dispatch_event (f->api, second, -1));
  assert_changes (f->messages, "0-0+4,4-0+3");
  rumble_chat_api_release_message (f->api, held);
  g_assert_true (rumble_chat_api_dispatch_event (f->api, third, -1));
  assert_changes (f->messages, "7-0+3");
  /* Lowering the limit does not trim a held message either. */
  rumble_chat_api_set_history_len (f->api, 3);
  assert_changes (f->messages, "");
  g_assert_nonnull (rumble_chat_api_lookup_message (f->api, "101"));

  /* The last release catches up in one splice. */
  rumble_chat_api_release_message (f->api, held);
  g_assert_false (rumble_chat_api_is_message_held (f->api, held));
  assert_changes (f->messages, "0-7+0");
  g_assert_null (rumble_chat_api_lookup_message (f->api, "101"));
  g_assert_cmpstr (rumble_message_get_id (message_at (f, 0)), ==, "300");

  /* Releasing what is not held is a programming error. */
  g_test_expect_message ("rumble", G_LOG_LEVEL_CRITICAL, "*count > 0*");
  rumble_chat_api_release_message (f->api, held);
  g_test_assert_expected_messages ();
}

static void
test_history_hold_ceiling (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *first = make_message_event (100, 4, 1);
  g_autofree char *flood = make_message_event (1000, RUMBLE_HOLD_HEADROOM, 2);
  g_autofree char *fill = make_message_event (19000, 2, 39);
  g_autofree char *more = make_message_event (20000, 2, 40);
  g_autofree char *again = make_message_event (20100, 2, 41);
  g_autofree char *changes = NULL;
  g_autoptr(RumbleMessage) held = NULL;
  GListModel *messages = rumble_chat_api_get_messages (f->api);

  rumble_chat_api_set_history_len (f->api, 5);
  rumble_chat_api_set_trim_slack (f->api, 1);
  g_assert_true (rumble_chat_api_dispatch_event (f->api, first, -1));
  held = g_object_ref (message_at (f, 2));
  rumble_chat_api_hold_message (f->api, held);

  /* Up to history-len + slack + the headroom: nothing is trimmed. */
  g_assert_true (rumble_chat_api_dispatch_event (f->api, flood, -1));
  g_assert_true (rumble_chat_api_dispatch_event (f->api, fill, -1));
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 5 + 1 + RUMBLE_HOLD_HEADROOM);
  changes = test_changes_take (f->messages);
  g_assert_cmpstr (changes, ==, "0-0+4,4-0+10000,10004-0+2");

  /* Past it: only what is older than the held message goes, in one splice. */
  g_assert_true (rumble_chat_api_dispatch_event (f->api, more, -1));
  assert_changes (f->messages, "10006-0+2,0-2+0");
  g_assert_true (message_at (f, 0) == held);
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 4 + 2 + RUMBLE_HOLD_HEADROOM);

  /* Past it again with nothing older left: around the held message, which stays. */
  g_assert_true (rumble_chat_api_dispatch_event (f->api, again, -1));
  assert_changes (f->messages, "10006-0+2,1-10003+0");
  g_assert_true (message_at (f, 0) == held);
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 5);
  g_assert_cmpstr (rumble_message_get_id (message_at (f, 1)), ==, "20000");
  g_assert_nonnull (rumble_chat_api_lookup_message (f->api, rumble_message_get_id (held)));
  g_assert_null (rumble_chat_api_lookup_message (f->api, "1000"));

  rumble_chat_api_release_message (f->api, held);
  assert_changes (f->messages, "");
}

static void
test_init_merge (Fixture       *f,
                 gconstpointer  data)
{
  /* The first init's backlog arrives out of order: it is sorted by time. */
  const char *init1 =
    "{\"type\":\"init\",\"data\":{\"messages\":["
    "{\"id\":\"3\",\"time\":\"2026-04-20T18:00:03+00:00\",\"user_id\":\"1\",\"text\":\"c\"},"
    "{\"id\":\"1\",\"time\":\"2026-04-20T18:00:01+00:00\",\"user_id\":\"1\",\"text\":\"a\"},"
    "{\"id\":\"2\",\"time\":\"2026-04-20T18:00:02+00:00\",\"user_id\":\"1\",\"text\":\"b\"}],"
    "\"users\":[{\"id\":\"1\",\"username\":\"a\"}],\"channels\":[[]],\"config\":{}}}";
  /* After a reconnect: 2 and 3 again, 4 and 5 new, and 2b missed in between. */
  const char *init2 =
    "{\"type\":\"init\",\"data\":{\"messages\":["
    "{\"id\":\"2\",\"time\":\"2026-04-20T18:00:02+00:00\",\"user_id\":\"1\",\"text\":\"b\"},"
    "{\"id\":\"5\",\"time\":\"2026-04-20T18:00:05+00:00\",\"user_id\":\"1\",\"text\":\"e\"},"
    "{\"id\":\"3\",\"time\":\"2026-04-20T18:00:03+00:00\",\"user_id\":\"1\",\"text\":\"c\"},"
    "{\"id\":\"4\",\"time\":\"2026-04-20T18:00:04+00:00\",\"user_id\":\"1\",\"text\":\"d\"},"
    "{\"id\":\"25\",\"time\":\"2026-04-20T18:00:02+00:00\",\"user_id\":\"1\",\"text\":\"b2\"}],"
    "\"users\":[{\"id\":\"1\",\"username\":\"a\"}],\"config\":{}}}";
  const char *expected[] = { "1", "2", "25", "3", "4", "5" };
  GListModel *model = rumble_chat_api_get_messages (f->api);

  g_assert_true (rumble_chat_api_dispatch_event (f->api, init1, -1));
  assert_changes (f->messages, "0-0+3");
  g_assert_true (rumble_chat_api_dispatch_event (f->api, init2, -1));
  /* One change: the tail from the first out-of-place message is replaced by the merge. */
  assert_changes (f->messages, "2-1+4");

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (rumble_message_get_id (message_at (f, i)), ==, expected[i]);
  g_assert_cmpuint (f->received->len, ==, 6);
}

static void
test_skip_backlog (Fixture       *f,
                   gconstpointer  data)
{
  rumble_chat_api_set_skip_backlog (f->api, TRUE);
  dispatch_fixture (f, "sse_init.json");
  assert_changes (f->messages, "");
  g_assert_cmpuint (f->received->len, ==, 0);
  /* Users and badges still load, and live messages arrive. */
  g_assert_nonnull (rumble_chat_api_lookup_user (f->api, "87654321"));
  dispatch_fixture (f, "sse_messages_plain.json");
  assert_changes (f->messages, "0-0+1");
  /* A re-sent init does not bring the skipped backlog back. */
  dispatch_fixture (f, "sse_init.json");
  assert_changes (f->messages, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/rumble/events/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("init", test_init);
  ADD ("messages-plain", test_messages_plain);
  ADD ("messages-rant", test_messages_rant);
  ADD ("messages-notices", test_messages_notices);
  ADD ("delete", test_delete);
  ADD ("delete-non-rant", test_delete_non_rant);
  ADD ("mute", test_mute);
  ADD ("pin-unpin", test_pin_unpin);
  ADD ("can-moderate", test_can_moderate);
  ADD ("other-events", test_other_events);
  ADD ("quirks", test_quirks);
  ADD ("malformed", test_malformed);
  ADD ("history-trim", test_history_trim);
  ADD ("history-trim-slack", test_history_trim_slack);
  ADD ("history-hold", test_history_hold);
  ADD ("history-hold-ceiling", test_history_hold_ceiling);
  ADD ("init-merge", test_init_merge);
  ADD ("skip-backlog", test_skip_backlog);
  ADD ("small-length-limit", test_small_length_limit);
#undef ADD

  return g_test_run ();
}
