/* rumble-fake-emotes.c — the fake service's emote catalogue
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * emote.list and the emote images it names.
 */
#define G_LOG_DOMAIN "rumble-fake"

#include "config.h"

#include <string.h>

#include "rumble-fake-service-private.h"

typedef struct {
  const char *name;
  const char *file;      /* under /i/emotes/ */
  gboolean    is_subs_only;
} FakeEmote;

static const FakeEmote global_emotes[] = {
  { "r+rumble", "r_rumble.png", FALSE },
  { "r+heart",  "r_heart.png",  FALSE },
  { "r+laugh",  "r_laugh.png",  FALSE },
  { "r+fire",   "r_fire.png",   FALSE },
};

static const FakeEmote channel_emotes[] = {
  { "cedarwave", "cedarwave.png", FALSE },
  { "cedarhype", "cedarhype.png", TRUE },
};

static void
add_emote_group (JsonBuilder     *b,
                 FakeService     *svc,
                 gint64           id,
                 const char      *channel_id,
                 const FakeEmote *emotes,
                 guint            n_emotes)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, id);
  json_builder_set_member_name (b, "channel_id");
  if (channel_id != NULL)
    json_builder_add_int_value (b, g_ascii_strtoll (channel_id, NULL, 10));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "emotes");
  json_builder_begin_array (b);
  for (guint i = 0; i < n_emotes; i++)
    {
      g_autofree char *file = g_strconcat (rumble_fake_server_get_url (svc->server),
                                           "/i/emotes/", emotes[i].file, NULL);

      json_builder_begin_object (b);
      rumble_fake_json_member_string (b, "name", emotes[i].name);
      rumble_fake_json_member_bool (b, "is_subs_only", emotes[i].is_subs_only);
      json_builder_set_member_name (b, "position");
      json_builder_add_int_value (b, i);
      rumble_fake_json_member_string (b, "file", file);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

void
rumble_fake_handle_emote_list (FakeCall *call)
{
  FakeService *svc = call->svc;
  const char *chat_id = rumble_fake_call_query (call, "chat_id");
  g_autoptr(JsonBuilder) b = NULL;

  if (!rumble_fake_is_decimal (chat_id))
    {
      rumble_fake_service_error (call, SOUP_STATUS_BAD_REQUEST, FALSE, "missing_field",
                                 "A decimal chat_id is required.");
      return;
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  rumble_fake_add_user_state (b, svc, rumble_fake_call_account (call));
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  add_emote_group (b, svc, 1, NULL, global_emotes, G_N_ELEMENTS (global_emotes));
  if (g_str_equal (chat_id, RUMBLE_FAKE_DEFAULT_STREAM))
    add_emote_group (b, svc, 2, DEFAULT_OWNER_CHANNEL_ID, channel_emotes,
                     G_N_ELEMENTS (channel_emotes));
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  rumble_fake_respond_builder (call->msg, SOUP_STATUS_OK, b);
}

void
rumble_fake_handle_emote_image (FakeCall *call)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (call->msg));
  const char *file = path + strlen ("/i/emotes/");

  /* Faces: gold for Rumble's global emotes, a colour of its own for each channel emote. */
  static const guint32 channel_colors[] = { 0x33d17a, 0xe66100 };
  guint32 color = 0;

  for (guint i = 0; i < G_N_ELEMENTS (global_emotes); i++)
    if (g_str_equal (file, global_emotes[i].file))
      color = 0xf6d32d;
  for (guint i = 0; i < G_N_ELEMENTS (channel_emotes); i++)
    if (g_str_equal (file, channel_emotes[i].file))
      color = channel_colors[i % G_N_ELEMENTS (channel_colors)];

  if (color != 0)
    {
      g_autoptr(GBytes) png = rumble_fake_png_new_emote (color);
      gsize len;
      const char *data = g_bytes_get_data (png, &len);

      rumble_fake_respond_text (call->msg, SOUP_STATUS_OK, "image/png", data, len);
      return;
    }

  rumble_fake_respond_text (call->msg, SOUP_STATUS_NOT_FOUND, "text/plain", "not found", 9);
}
