/* rumble-message.h — one chat message
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "rumble-user.h"
#include "rumble-channel.h"

G_BEGIN_DECLS

typedef enum {
  RUMBLE_MESSAGE_REGULAR,
  RUMBLE_MESSAGE_RANT,
  RUMBLE_MESSAGE_RAID,          /* raid_notification: a raid into this chat */
  RUMBLE_MESSAGE_SUBSCRIPTION,  /* notification (e.g. recurring_subscription) */
  RUMBLE_MESSAGE_GIFT,          /* gift_purchase_notification */
} RumbleMessageKind;

#define RUMBLE_TYPE_MESSAGE (rumble_message_get_type ())
G_DECLARE_FINAL_TYPE (RumbleMessage, rumble_message, RUMBLE, MESSAGE, GObject)

RumbleMessageKind rumble_message_get_kind             (RumbleMessage *self);
/* Decimal id string. */
const char       *rumble_message_get_id               (RumbleMessage *self);
/* Unix seconds, UTC. */
gint64            rumble_message_get_time             (RumbleMessage *self);
const char       *rumble_message_get_user_id          (RumbleMessage *self);
/* Text from `text`, or joined `text.1` blocks when `text` is missing. Never NULL. */
const char       *rumble_message_get_text             (RumbleMessage *self);
RumbleUser       *rumble_message_get_user             (RumbleMessage *self);
/* Channel identity the message was posted as, or NULL. */
const char       *rumble_message_get_channel_id       (RumbleMessage *self);
RumbleChannel    *rumble_message_get_channel          (RumbleMessage *self);
/* The channel's name when posted as a channel, else the user's name. */
const char       *rumble_message_get_display_name     (RumbleMessage *self);
gboolean          rumble_message_get_is_rant          (RumbleMessage *self);
guint             rumble_message_get_rant_price_cents (RumbleMessage *self);
/* Seconds. */
guint             rumble_message_get_rant_duration    (RumbleMessage *self);
/* Unix seconds; the message time when not a rant. */
gint64            rumble_message_get_rant_expires_on  (RumbleMessage *self);
gboolean          rumble_message_get_is_raid          (RumbleMessage *self);
gint64            rumble_message_get_raid_start       (RumbleMessage *self);
/* Subscription / system notice: badge slug and text, or NULL. */
const char       *rumble_message_get_notification_badge (RumbleMessage *self);
const char       *rumble_message_get_notification_text  (RumbleMessage *self);
/* Gift purchase notice. */
gboolean          rumble_message_get_is_gift          (RumbleMessage *self);
const char       *rumble_message_get_gift_type        (RumbleMessage *self);
guint             rumble_message_get_gift_total       (RumbleMessage *self);
const char       *rumble_message_get_gift_creator_user_id    (RumbleMessage *self);
const char       *rumble_message_get_gift_creator_channel_id (RumbleMessage *self);
/* `request_id` of the event that carried this message (matches a send), or NULL. */
const char       *rumble_message_get_request_id       (RumbleMessage *self);
gboolean          rumble_message_get_deleted          (RumbleMessage *self);
/* Property "deleted-here": this chat's own delete request for it succeeded (so this account
 * deleted it). The stream's delete event, which sets "deleted", never says who did
 * (PROTOCOL.md §5.5). */
gboolean          rumble_message_get_deleted_here     (RumbleMessage *self);

G_END_DECLS
