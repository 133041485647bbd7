/* rumble-fake-demo.c — a lively invented chat for the fake server
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One timer; each tick posts one event (or a small burst at very high rates):
 * mostly regular messages, now and then a rant, a subscription or gift notice,
 * a raid, a deletion or a mute. All choices come from one seeded GRand, so a
 * seed gives the same sequence of users, kinds and texts every time.
 */
#define G_LOG_DOMAIN "rumble-fake"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rumble-fake-private.h"

#define N_RECENT      32
#define RAID_FIRST    12
#define RAID_EVERY    400
#define MUTE_TICKS    150

typedef struct {
  const char *name;
  const char *id;
  const char *color;
  gboolean    follower;
  const char *badges;        /* comma-separated slugs of the init's badge table */
  const char *channel_id;    /* a channel the user may post as */
  const char *channel_name;
  guint       weight;        /* how chatty */
} DemoUser;

static const DemoUser users[] = {
  { "CedarHollowLive", "90011223", "#2e8b57", FALSE, "admin,verified",
    "5512345", "CedarHollow", 2 },
  { "OakModerator",    "77001234", "#d2691e", TRUE,  "moderator", NULL, NULL, 2 },
  { "FernGuard",       "77004321", "#228b22", TRUE,  "moderator,premium", NULL, NULL, 1 },
  { "MarigoldFinch",   "87654321", "#c38b1b", TRUE,  "premium,recurring_subscription",
    NULL, NULL, 4 },
  { "Quillback_Tom",   "61234567", "#6a5acd", FALSE, NULL, NULL, NULL, 4 },
  { "NorthwindGames",  "55500777", "#4682b4", FALSE, "verified", "6600111", "Northwind", 1 },
  { "BirchAndByte",    "70112233", "#b22222", TRUE,  "whale-blue,recurring_subscription",
    NULL, NULL, 3 },
  { "lumen_lark",      "70223344", "#ff8c00", TRUE,  "premium", NULL, NULL, 3 },
  { "SaltmarshSam",    "70334455", "#708090", FALSE, NULL, NULL, NULL, 2 },
  { "PixelPantry",     "70445566", "#db7093", TRUE,  "verified", "7700221", "PixelPantryTV", 2 },
  { "ZephyrQuill",     "70556677", "#20b2aa", TRUE,  "whale-yellow", NULL, NULL, 2 },
  { "mossy_otter",     "70667788", "#556b2f", FALSE, NULL, NULL, NULL, 3 },
  { "KettleDrum42",    "70778899", "#9932cc", TRUE,  "whale-grey", NULL, NULL, 2 },
  { "TinCanTuba",      "70889900", "#cd853f", FALSE, NULL, NULL, NULL, 2 },
  { "AmberVale",       "70990011", "#daa520", TRUE,  "premium,recurring_subscription",
    NULL, NULL, 2 },
  { "ghostpepper_gus", "71001122", "#dc143c", FALSE, NULL, NULL, NULL, 3 },
  { "Juniper_Jo",      "71112233", "#3cb371", TRUE,  "locals_supporter", NULL, NULL, 2 },
  { "Hollowbrook",     "71223344", "#8b4513", TRUE,  NULL, "7701337", "HollowbrookPodcast", 1 },
  { "QuietQuasar",     "71334455", "#483d8b", FALSE, NULL, NULL, NULL, 1 },
  { "dune_buggy_dan",  "71445566", "#b8860b", FALSE, NULL, NULL, NULL, 2 },
};

#define STREAMER   0
#define RAIDER     5

static const char * const phrases[] = {
  "Evening everyone!",
  "first time here, what game is this?",
  "LET'S GO :r+fire:",
  "that was so clean :r+laugh: :r+laugh:",
  "lol",
  "LMAO no way",
  "gg",
  "what keyboard is that?",
  "how long have you been streaming today?",
  "can you show the settings again?",
  "is there a VOD of yesterday?",
  "hello from Norway :r+heart:",
  "¡Hola desde España! 🌵",
  "good morning from Australia ☕",
  "the audio is a bit quiet",
  "audio is fine for me",
  "W",
  "huge W",
  "that's what I said last time :r+rumble:",
  "build log is here: https://example.org/build-log",
  "rules are at rumble.com/c/CedarHollow/about",
  "<b>is this bold?</b> & what about &amp; <i>this</i>",
  ":cedarwave: :cedarwave:",
  "who else is watching at work 👀",
  "brb, getting snacks",
  "back!",
  "chat is moving fast tonight",
  "@CedarHollowLive will you do a giveaway?",
  "did you try turning it off and on again",
  "this song slaps",
  "what's the song name?",
  "10/10 would watch again",
  ("I have been waiting all week for this stream and honestly it did not disappoint, the new "
   "layout looks great and the pacing is much better than last time. Keep it up!"),
  "🔥🔥🔥",
  "F",
  "no spoilers please",
  "is the giveaway still on?",
  "nice save :r+rumble:",
  "how do I get the sub badge?",
  "clip it!",
};

static const char * const rant_texts[] = {
  "Great stream, keep it up!",
  "Here's for the coffee ☕",
  "Happy birthday to the mod team!",
  "Been watching since day one, thank you",
  "Play the one with the dragons next!",
};

/* Rant levels used by the demo: dollars and seconds, from the init's ladder. */
static const struct { int dollars; int duration; } rant_levels[] = {
  { 1, 120 }, { 5, 300 }, { 20, 1200 }, { 50, 2400 },
};

typedef struct {
  char     *id;
  guint     user;
  gboolean  rant;
} Recent;

struct _RumbleFakeDemo
{
  RumbleFakeServer *server;        /* owns the demo */
  char             *stream_id;
  GRand            *rand;
  double            interval_ms;
  guint             burst;
  guint             timer_id;
  guint64           tick;
  gboolean          subscribed[G_N_ELEMENTS (users)];
  guint64           muted_until[G_N_ELEMENTS (users)];
  Recent            recent[N_RECENT];
  guint             recent_next;
};

static gboolean
is_staff (guint user)
{
  return users[user].badges &&
         (strstr (users[user].badges, "admin") || strstr (users[user].badges, "moderator"));
}

static guint
pick_user (RumbleFakeDemo *demo,
           gboolean        exclude_staff)
{
  guint total = 0;
  guint roll;

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    if (demo->muted_until[i] <= demo->tick && !(exclude_staff && is_staff (i)))
      total += users[i].weight;
  if (total == 0)
    return STREAMER;

  roll = (guint) g_rand_int_range (demo->rand, 0, (gint32) total);
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      if (demo->muted_until[i] > demo->tick || (exclude_staff && is_staff (i)))
        continue;
      if (roll < users[i].weight)
        return i;
      roll -= users[i].weight;
    }
  return STREAMER;
}

static void
add_user (RumbleFakeDemo *demo,
          JsonBuilder    *builder,
          guint           user)
{
  g_autofree char *link = g_strconcat ("/user/", users[user].name, NULL);
  g_auto(GStrv) slugs = g_strsplit (users[user].badges ? users[user].badges : "", ",", -1);
  gboolean has_sub = FALSE;

  json_builder_begin_object (builder);
  rumble_fake_json_member_string (builder, "id", users[user].id);
  rumble_fake_json_member_string (builder, "username", users[user].name);
  rumble_fake_json_member_string (builder, "link", link);
  rumble_fake_json_member_bool (builder, "is_follower", users[user].follower);
  rumble_fake_json_member_string (builder, "color", users[user].color);
  json_builder_set_member_name (builder, "badges");
  json_builder_begin_array (builder);
  for (guint i = 0; slugs[i]; i++)
    if (*slugs[i])
      {
        has_sub |= g_str_equal (slugs[i], "recurring_subscription");
        json_builder_add_string_value (builder, slugs[i]);
      }
  if (demo->subscribed[user] && !has_sub)
    json_builder_add_string_value (builder, "recurring_subscription");
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_channel (JsonBuilder *builder,
             guint        user)
{
  g_autofree char *link = g_strconcat ("/c/", users[user].channel_name, NULL);

  json_builder_begin_object (builder);
  rumble_fake_json_member_string (builder, "id", users[user].channel_id);
  rumble_fake_json_member_string (builder, "username", users[user].channel_name);
  rumble_fake_json_member_string (builder, "link", link);
  json_builder_end_object (builder);
}

static void
remember_recent (RumbleFakeDemo *demo,
                 const char     *id,
                 guint           user,
                 gboolean        rant)
{
  Recent *slot = &demo->recent[demo->recent_next];

  g_free (slot->id);
  slot->id = g_strdup (id);
  slot->user = user;
  slot->rant = rant;
  demo->recent_next = (demo->recent_next + 1) % N_RECENT;
}

typedef enum {
  KIND_REGULAR,
  KIND_RANT,
  KIND_SUBSCRIPTION,
  KIND_GIFT,
  KIND_RAID,
} Kind;

static void
post (RumbleFakeDemo *demo,
      Kind            kind,
      guint           user,
      gboolean        as_channel)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) event = NULL;
  g_autofree char *id = rumble_fake_server_next_message_id (demo->server);
  g_autofree char *time = rumble_fake_server_next_time (demo->server);
  g_autofree char *request_id = rumble_fake_server_new_request_id (demo->server);
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (time, NULL);
  const char *text = phrases[g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (phrases))];
  g_autofree char *raid_text = NULL;

  rumble_fake_json_begin_message_event (builder, request_id, id, time, users[user].id);

  switch (kind)
    {
    case KIND_REGULAR:
      rumble_fake_json_member_text (builder, text);
      rumble_fake_json_member_string (builder, "type", "regular");
      break;

    case KIND_RANT:
      {
        guint level = (guint) g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (rant_levels));
        g_autoptr(GDateTime) expires = g_date_time_add_seconds (when, rant_levels[level].duration);
        g_autofree char *expires_on = g_date_time_format (expires, "%Y-%m-%dT%H:%M:%S+00:00");

        rumble_fake_json_member_text (builder,
                                      rant_texts[g_rand_int_range (demo->rand, 0,
                                                                   G_N_ELEMENTS (rant_texts))]);
        rumble_fake_json_member_string (builder, "type", "rant");
        json_builder_set_member_name (builder, "rant");
        json_builder_begin_object (builder);
        rumble_fake_json_member_int (builder, "price_cents", rant_levels[level].dollars * 100);
        rumble_fake_json_member_int (builder, "duration", rant_levels[level].duration);
        rumble_fake_json_member_string (builder, "expires_on", expires_on);
        json_builder_end_object (builder);
      }
      break;

    case KIND_SUBSCRIPTION:
      rumble_fake_json_member_text (builder, "");
      json_builder_set_member_name (builder, "notification");
      json_builder_begin_object (builder);
      rumble_fake_json_member_string (builder, "badge", "recurring_subscription");
      rumble_fake_json_member_string (builder, "text",
                  demo->subscribed[user] ? "renewed their subscription" : "subscribed");
      json_builder_end_object (builder);
      demo->subscribed[user] = TRUE;
      break;

    case KIND_GIFT:
      {
        static const int amounts[] = { 1, 5, 10 };

        rumble_fake_json_member_text (builder, "");
        json_builder_set_member_name (builder, "gift_purchase_notification");
        json_builder_begin_object (builder);
        rumble_fake_json_member_string (builder, "gift_type", "rumble");
        rumble_fake_json_member_int (builder, "total_gifts",
                                     amounts[g_rand_int_range (demo->rand, 0,
                                                               G_N_ELEMENTS (amounts))]);
        rumble_fake_json_member_int (builder, "creator_user_id",
                                     g_ascii_strtoll (users[STREAMER].id, NULL, 10));
        rumble_fake_json_member_int (builder, "creator_channel_id",
                                     g_ascii_strtoll (users[STREAMER].channel_id, NULL, 10));
        json_builder_end_object (builder);
      }
      break;

    case KIND_RAID:
      raid_text = g_strdup_printf ("%s is raiding with %d viewers!", users[user].channel_name,
                                   g_rand_int_range (demo->rand, 20, 400));
      rumble_fake_json_member_text (builder, raid_text);
      json_builder_set_member_name (builder, "raid_notification");
      json_builder_begin_object (builder);
      rumble_fake_json_member_int (builder, "start_ts", when ? g_date_time_to_unix (when) : 0);
      json_builder_end_object (builder);
      break;

    default:
      g_assert_not_reached ();
    }

  if (as_channel)
    {
      rumble_fake_json_member_int (builder, "channel_id",
                                   g_ascii_strtoll (users[user].channel_id, NULL, 10));
    }
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "users");
  json_builder_begin_array (builder);
  add_user (demo, builder, user);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "channels");
  json_builder_begin_array (builder);
  if (as_channel)
    add_channel (builder, user);
  else if (g_rand_boolean (demo->rand))
    {
      /* Rumble sometimes says "no channels" as [[]]. */
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  json_builder_end_object (builder);

  event = json_builder_get_root (builder);
  rumble_fake_server_push_node (demo->server, demo->stream_id, event);

  if (kind == KIND_REGULAR || kind == KIND_RANT)
    remember_recent (demo, id, user, kind == KIND_RANT);
}

/* {"type": TYPE, "data": {MEMBER: [ids…]}}; ids as strings or as numbers. */
static void
push_id_list (RumbleFakeDemo *demo,
              const char     *type,
              const char     *member,
              GPtrArray      *ids,
              gboolean        as_numbers)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) event = NULL;

  json_builder_begin_object (builder);
  rumble_fake_json_member_string (builder, "type", type);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);

      if (as_numbers)
        json_builder_add_int_value (builder, g_ascii_strtoll (id, NULL, 10));
      else
        json_builder_add_string_value (builder, id);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  event = json_builder_get_root (builder);
  rumble_fake_server_push_node (demo->server, demo->stream_id, event);
}

static gboolean
delete_one (RumbleFakeDemo *demo)
{
  guint start = (guint) g_rand_int_range (demo->rand, 0, N_RECENT);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  for (guint k = 0; k < N_RECENT; k++)
    {
      Recent *r = &demo->recent[(start + k) % N_RECENT];

      if (r->id && !r->rant && !is_staff (r->user))
        {
          g_ptr_array_add (ids, g_steal_pointer (&r->id));
          push_id_list (demo, "delete_messages", "message_ids", ids, FALSE);
          return TRUE;
        }
    }
  return FALSE;
}

static void
mute_one (RumbleFakeDemo *demo)
{
  guint user = pick_user (demo, TRUE);
  g_autoptr(GPtrArray) users_ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  if (is_staff (user))
    return;

  g_ptr_array_add (users_ids, (gpointer) users[user].id);
  push_id_list (demo, "mute_users", "user_ids", users_ids, FALSE);

  for (guint k = 0; k < N_RECENT; k++)
    if (demo->recent[k].id && demo->recent[k].user == user && !demo->recent[k].rant)
      g_ptr_array_add (ids, g_steal_pointer (&demo->recent[k].id));
  push_id_list (demo, "delete_non_rant_messages", "message_ids", ids, TRUE);

  demo->muted_until[user] = demo->tick + MUTE_TICKS;
}

void
rumble_fake_demo_step (RumbleFakeDemo *demo)
{
  double roll;
  guint user;

  g_return_if_fail (demo != NULL);

  demo->tick++;
  if (demo->tick == RAID_FIRST ||
      (demo->tick > RAID_FIRST && demo->tick % RAID_EVERY == RAID_FIRST))
    {
      post (demo, KIND_RAID, RAIDER, TRUE);
      return;
    }

  roll = g_rand_double (demo->rand);
  if (roll < 0.05)
    post (demo, KIND_RANT, pick_user (demo, FALSE), FALSE);
  else if (roll < 0.07)
    post (demo, KIND_SUBSCRIPTION, pick_user (demo, TRUE), FALSE);
  else if (roll < 0.085)
    {
      user = pick_user (demo, TRUE);
      post (demo, KIND_GIFT, user == STREAMER ? 3 : user, FALSE);
    }
  else if (roll < 0.105 && delete_one (demo))
    return;
  else if (roll >= 0.105 && roll < 0.11)
    mute_one (demo);
  else
    {
      user = pick_user (demo, FALSE);
      post (demo, KIND_REGULAR, user,
            users[user].channel_id != NULL && g_rand_double (demo->rand) < 0.35);
    }
}

static void demo_schedule (RumbleFakeDemo *demo);

static gboolean
demo_timeout (gpointer data)
{
  RumbleFakeDemo *demo = data;

  demo->timer_id = 0;
  for (guint i = 0; i < demo->burst; i++)
    rumble_fake_demo_step (demo);
  demo_schedule (demo);
  return G_SOURCE_REMOVE;
}

static void
demo_schedule (RumbleFakeDemo *demo)
{
  double delay = demo->interval_ms;

  /* Uneven gaps look like people typing; keep the mean at the requested rate. */
  if (delay >= 20)
    delay *= 0.3 + 1.4 * g_rand_double (demo->rand);
  demo->timer_id = g_timeout_add ((guint) MAX (1, lround (delay)), demo_timeout, demo);
}

RumbleFakeDemo *
rumble_fake_demo_new (RumbleFakeServer *server,
                      const char       *stream_id_b10,
                      double            rate,
                      guint32           seed)
{
  RumbleFakeDemo *demo;

  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (server), NULL);
  g_return_val_if_fail (stream_id_b10 != NULL, NULL);
  g_return_val_if_fail (rate > 0, NULL);

  demo = g_new0 (RumbleFakeDemo, 1);
  demo->server = server;
  demo->stream_id = g_strdup (stream_id_b10);
  demo->rand = g_rand_new_with_seed (seed);
  demo->burst = rate > 1000 ? (guint) ceil (rate / 1000) : 1;
  demo->interval_ms = rate > 1000 ? 1 : 1000.0 / rate;
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    demo->subscribed[i] = users[i].badges && strstr (users[i].badges, "recurring_subscription");
  demo_schedule (demo);
  return demo;
}

void
rumble_fake_demo_free (RumbleFakeDemo *demo)
{
  if (demo == NULL)
    return;
  g_clear_handle_id (&demo->timer_id, g_source_remove);
  for (guint i = 0; i < N_RECENT; i++)
    g_free (demo->recent[i].id);
  g_rand_free (demo->rand);
  g_free (demo->stream_id);
  g_free (demo);
}
