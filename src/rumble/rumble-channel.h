/* rumble-channel.h — a channel identity a user can post as
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RUMBLE_TYPE_CHANNEL (rumble_channel_get_type ())
G_DECLARE_FINAL_TYPE (RumbleChannel, rumble_channel, RUMBLE, CHANNEL, GObject)

const char *rumble_channel_get_id           (RumbleChannel *self);
const char *rumble_channel_get_name         (RumbleChannel *self);
const char *rumble_channel_get_link         (RumbleChannel *self);
const char *rumble_channel_get_avatar_url   (RumbleChannel *self);
/* The owning user's id, learnt from messages posted as this channel; NULL if unknown. */
const char *rumble_channel_get_user_id      (RumbleChannel *self);
/* Whether the owner's latest message was posted as this channel. */
gboolean    rumble_channel_get_is_appearing (RumbleChannel *self);

G_END_DECLS
