/* rumble-user-private.h — a chat user from chat events, and its changes, for librumble only
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rumble-user.h"
#include "rumble-json-private.h"

G_BEGIN_DECLS

RumbleUser    *rumble_user_new            (const char  *id);
/* A user from a chat user object (`users[]`, or `data.user` of a send reply). NULL if no id. */
RumbleUser    *rumble_user_new_from_json  (JsonObject  *object);
/* Applies an appearance of the user object; notifies what changed. @tally may be NULL. */
void           rumble_user_update_from_json (RumbleUser       *self,
                                             JsonObject       *object,
                                             RumbleEventTally *tally);
/* Unmuting also forgets the mute's term. */
void           rumble_user_set_muted      (RumbleUser  *self,
                                           gboolean     muted);
/* What this client's own mute said; @until: Unix seconds for RUMBLE_MUTE_TERM_UNTIL. */
void           rumble_user_set_mute_term  (RumbleUser     *self,
                                           RumbleMuteTerm  term,
                                           gint64          until);
/* Counts a message at @time (Unix seconds). */
void           rumble_user_record_message (RumbleUser  *self,
                                           gint64       time);
/* The chat's activity clock (RumbleChatApi.touch_clock) when the user was last in an
 * event: what evicting the least recently active compares. */
void           rumble_user_set_touched    (RumbleUser  *self,
                                           guint64      stamp);
guint64        rumble_user_get_touched    (RumbleUser  *self);

G_END_DECLS
