/* rumble-message-private.h — a chat message from chat events, and its changes, for librumble only
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rumble-message.h"
#include "rumble-json-private.h"

G_BEGIN_DECLS

/* RumbleMessage; NULL when the object is malformed: no usable id, or a time, price,
 * duration or count that is not a sane number. Text longer than @text_max bytes is cut.
 * User and channel are resolved by the caller. */
RumbleMessage *rumble_message_new_from_json (JsonObject       *object,
                                             const char       *request_id,
                                             gsize             text_max,
                                             RumbleEventTally *tally);
void           rumble_message_set_user      (RumbleMessage *self,
                                             RumbleUser    *user);
void           rumble_message_set_channel   (RumbleMessage *self,
                                             RumbleChannel *channel);
void           rumble_message_set_deleted   (RumbleMessage *self,
                                             gboolean       deleted);
void           rumble_message_set_deleted_here (RumbleMessage *self);

G_END_DECLS
