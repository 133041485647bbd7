/* rumble-fake-fixture.c — the fixture chat of PROTOCOL.md §8
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cast, the backlog and pinned message the default stream starts with, and the
 * `config` object every `init` carries (rant levels, badges).
 */
#define G_LOG_DOMAIN "rumble-fake"

#include "config.h"

#include <string.h>

#include "rumble-fake-server-private.h"

/* The cast of PROTOCOL.md §8, used by push_message. */
static const char * const default_cast[] = {
  "{\"id\":\"87654321\",\"username\":\"MarigoldFinch\",\"link\":\"/user/MarigoldFinch\","
  "\"is_follower\":true,"
  "\"image.1\":\"https://ak2.rmbl.ws/z0/M/f/7/k/Mf7kQ.asF-MarigoldFinch-r1a2b3.jpeg\","
  "\"color\":\"#c38b1b\","
  "\"badges\":[\"premium\",\"recurring_subscription\"]}",
  "{\"id\":\"61234567\",\"username\":\"Quillback_Tom\",\"link\":\"/user/Quillback_Tom\","
  "\"is_follower\":false,"
  "\"color\":\"#6a5acd\"}",
  "{\"id\":\"77001234\",\"username\":\"OakModerator\",\"link\":\"/user/OakModerator\","
  "\"is_follower\":true,"
  "\"color\":\"#d2691e\",\"badges\":[\"moderator\"]}",
  "{\"id\":\"90011223\",\"username\":\"CedarHollowLive\",\"link\":\"/user/CedarHollowLive\","
  "\"is_follower\":false,"
  "\"image.1\":\"https://ak2.rmbl.ws/z0/Q/x/1/a/Qx1aB.asF-CedarHollowLive-s0m3id.jpeg\","
  "\"color\":\"#2e8b57\","
  "\"badges\":[\"admin\",\"verified\"]}",
  "{\"id\":\"55500777\",\"username\":\"NorthwindGames\",\"link\":\"/user/NorthwindGames\","
  "\"is_follower\":false,"
  "\"color\":\"#4682b4\",\"badges\":[\"verified\"]}",
};

/* The fixture chat of PROTOCOL.md §8.2, carried by the default stream. */
static const char default_backlog[] =
  "{\"type\":\"messages\",\"data\":{\"messages\":["
  "{\"id\":\"1402937465012345601\",\"time\":\"2026-04-20T18:01:55+00:00\",\"user_id\":\"87654321\","
  "\"text\":\"Evening everyone!\",\"blocks\":[{\"type\":\"text.1\",\"data\":{\"text\":\"Evening eve"
  "ryone!\"}}],"
  "\"type\":\"regular\"},"
  "{\"id\":\"1402937465012345602\",\"time\":\"2026-04-20T18:02:10+00:00\",\"user_id\":\"90011223\","
  "\"text\":\"Welcome in, we start in a minute.\",\"blocks\":[{\"type\":\"text.1\","
  "\"data\":{\"text\":"
  "\"Welcome in, we start in a minute.\"}}],\"type\":\"regular\",\"channel_id\":5512345}],"
  "\"users\":["
  "{\"id\":\"87654321\",\"username\":\"MarigoldFinch\",\"link\":\"/user/MarigoldFinch\","
  "\"is_follower\":true,"
  "\"image.1\":\"https://ak2.rmbl.ws/z0/M/f/7/k/Mf7kQ.asF-MarigoldFinch-r1a2b3.jpeg\","
  "\"color\":\"#c38b1b\","
  "\"badges\":[\"premium\",\"recurring_subscription\"]},"
  "{\"id\":\"90011223\",\"username\":\"CedarHollowLive\",\"link\":\"/user/CedarHollowLive\","
  "\"is_follower\":false,"
  "\"image.1\":\"https://ak2.rmbl.ws/z0/Q/x/1/a/Qx1aB.asF-CedarHollowLive-s0m3id.jpeg\","
  "\"color\":\"#2e8b57\","
  "\"badges\":[\"admin\",\"verified\"]}],"
  "\"channels\":[{\"id\":\"5512345\",\"username\":\"CedarHollow\",\"link\":\"/c/CedarHollow\","
  "\"image.1\":\"https://ak2.rmbl.ws/z0/C/h/9/z/Ch9zT.baa-CedarHollow-t9u8v7.png\"}]}}";

static const char default_pinned[] =
  "{\"type\":\"pin_message\",\"data\":{\"message\":"
  "{\"id\":\"1402937465012345590\",\"time\":\"2026-04-20T17:58:00+00:00\",\"user_id\":\"90011223\","
  "\"text\":\"Be kind. Rules: rumble.com/c/CedarHollow/about\",\"blocks\":[{\"type\":\"text.1\","
  "\"data\":"
  "{\"text\":\"Be kind. Rules: rumble.com/c/CedarHollow/about\"}}],\"type\":\"regular\","
  "\"channel_id\":5512345}}}";

static const struct {
  int         dollars;
  int         duration;
  const char *fg;
  const char *main;
  const char *bg2;
} rant_levels[] = {
  {   1,  120, "white", "#4a90e2", "#4382cb" },
  {   2,  180, "white", "#50a060", "#478f56" },
  {   5,  300, "black", "#f8e71c", "#dfd019" },
  {  10,  600, "black", "#f5a623", "#dc951f" },
  {  20, 1200, "white", "#bd10e0", "#aa0eca" },
  {  50, 2400, "white", "#d0021b", "#bb0218" },
  { 100, 3600, "white", "#e91e63", "#d11b59" },
};

static const struct {
  const char *slug;
  const char *file;     /* /i/badges/FILE_48.png */
  const char *label;
  gboolean    has_96;
  guint32     rgb;
} badges[] = {
  { "admin",                  "admin",            "Admin",            TRUE,  0xd0342c },
  { "moderator",              "moderator",        "Moderator",        TRUE,  0x2e9e44 },
  { "verified",               "verified",         "Verified",         FALSE, 0x1d8fe1 },
  { "premium",                "premium",          "Rumble Premium",   FALSE, 0x85c742 },
  { "recurring_subscription", "sub",              "Subscriber",       FALSE, 0x8e44ad },
  { "locals",                 "locals",           "Locals",           FALSE, 0xf39c12 },
  { "locals_supporter",       "locals_supporter", "Locals Supporter", FALSE, 0xe67e22 },
  { "whale-grey",             "whale_grey",       "Whale",            FALSE, 0x95a5a6 },
  { "whale-yellow",           "whale_yellow",     "Whale",            FALSE, 0xf1c40f },
  { "whale-blue",             "whale_blue",       "Whale",            FALSE, 0x3498db },
};

JsonNode *
rumble_fake_fixture_new_config (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  rumble_fake_json_member_int (builder, "message_length_max", 200);

  json_builder_set_member_name (builder, "rants");
  json_builder_begin_object (builder);
  rumble_fake_json_member_bool (builder, "enable", TRUE);
  json_builder_set_member_name (builder, "levels");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (rant_levels); i++)
    {
      g_autofree char *id = g_strdup_printf ("rant%d", rant_levels[i].dollars);
      const char *suffixes[] = { "", "qa", "dev" };

      json_builder_begin_object (builder);
      rumble_fake_json_member_int (builder, "price_dollars", rant_levels[i].dollars);
      rumble_fake_json_member_int (builder, "duration", rant_levels[i].duration);
      json_builder_set_member_name (builder, "colors");
      json_builder_begin_object (builder);
      rumble_fake_json_member_string (builder, "fg", rant_levels[i].fg);
      rumble_fake_json_member_string (builder, "main", rant_levels[i].main);
      rumble_fake_json_member_string (builder, "bg2", rant_levels[i].bg2);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "ids");
      json_builder_begin_array (builder);
      for (guint k = 0; k < G_N_ELEMENTS (suffixes); k++)
        {
          g_autofree char *full = g_strconcat (id, suffixes[k], NULL);
          json_builder_add_string_value (builder, full);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  rumble_fake_json_member_bool (builder, "wallet_enabled", FALSE);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "badges");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (badges); i++)
    {
      g_autofree char *icon48 = g_strdup_printf ("/i/badges/%s_48.png", badges[i].file);

      json_builder_set_member_name (builder, badges[i].slug);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "icons");
      json_builder_begin_object (builder);
      rumble_fake_json_member_string (builder, "48", icon48);
      if (badges[i].has_96)
        {
          g_autofree char *icon96 = g_strdup_printf ("/i/badges/%s_96.png", badges[i].file);

          rumble_fake_json_member_string (builder, "96", icon96);
        }
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "label");
      json_builder_begin_object (builder);
      rumble_fake_json_member_string (builder, "en", badges[i].label);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "subscription");
  json_builder_begin_object (builder);
  rumble_fake_json_member_bool (builder, "enable", TRUE);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "gifts");
  json_builder_begin_object (builder);
  rumble_fake_json_member_string (builder, "type", "rumble");
  json_builder_set_member_name (builder, "products");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  rumble_fake_json_member_string (builder, "id", "gift5");
  rumble_fake_json_member_int (builder, "amount_cents", 2500);
  rumble_fake_json_member_int (builder, "total_gifts", 5);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

void
rumble_fake_fixture_seed (RumbleFakeServer *self,
                          FakeStream       *stream)
{
  g_autoptr(JsonNode) backlog = rumble_fake_json_parse (default_backlog, -1);
  g_autoptr(JsonNode) pinned = rumble_fake_json_parse (default_pinned, -1);

  g_assert (backlog != NULL && pinned != NULL);
  rumble_fake_stream_remember_event (self, stream, backlog);
  rumble_fake_stream_remember_event (self, stream, pinned);
}

JsonNode *
rumble_fake_fixture_find_cast_user (const char *username)
{
  for (guint i = 0; i < G_N_ELEMENTS (default_cast); i++)
    {
      g_autoptr(JsonNode) user = rumble_fake_json_parse (default_cast[i], -1);
      const char *name = rumble_fake_json_get_string (json_node_get_object (user), "username");

      if (g_strcmp0 (name, username) == 0)
        return g_steal_pointer (&user);
    }
  return NULL;
}

gboolean
rumble_fake_fixture_find_badge (const char *path,
                                guint      *size,
                                guint32    *rgb)
{
  for (guint i = 0; i < G_N_ELEMENTS (badges); i++)
    for (guint px = 48; px <= 96; px += 48)
      {
        g_autofree char *candidate = g_strdup_printf ("/i/badges/%s_%u.png", badges[i].file, px);

        if (px == 96 && !badges[i].has_96)
          continue;
        if (g_str_equal (candidate, path))
          {
            *size = px;
            *rgb = badges[i].rgb;
            return TRUE;
          }
      }
  return FALSE;
}
