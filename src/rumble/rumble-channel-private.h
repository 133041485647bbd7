/* rumble-channel-private.h — a channel identity from chat events, for librumble only
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rumble-channel.h"
#include "rumble-json-private.h"

G_BEGIN_DECLS

RumbleChannel *rumble_channel_new_from_json    (JsonObject       *object,
                                                RumbleEventTally *tally);
void           rumble_channel_update_from_json (RumbleChannel    *self,
                                                JsonObject       *object,
                                                RumbleEventTally *tally);
void           rumble_channel_set_owner        (RumbleChannel *self,
                                                const char    *user_id,
                                                gboolean       is_appearing);
void           rumble_channel_set_touched      (RumbleChannel *self,
                                                guint64        stamp);
guint64        rumble_channel_get_touched      (RumbleChannel *self);

G_END_DECLS
