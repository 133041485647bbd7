/* moderato-users-by-activity.h — a chat's users, staff first, then the latest active first
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rumble-chat-api.h"

G_BEGIN_DECLS

#define MODERATO_TYPE_USERS_BY_ACTIVITY (moderato_users_by_activity_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoUsersByActivity, moderato_users_by_activity,
                      MODERATO, USERS_BY_ACTIVITY, GObject)

/* A GListModel of RumbleUser kept in order as users come, speak and go: each change costs
 * O(log n) and is one precise items-changed (a move is a removal and an insertion), never a
 * re-sort of the whole list. Users who spoke move to their new place together, at most once
 * per @interval_ms (0: at once), so that a busy chat does not shuffle the list at every
 * message. Equal users keep their order of first appearance. */
ModeratoUsersByActivity *moderato_users_by_activity_new      (guint                    interval_ms)
                                                              G_GNUC_WARN_UNUSED_RESULT;

RumbleChatApi           *moderato_users_by_activity_get_chat (ModeratoUsersByActivity *self);
/* NULL empties the model. */
void                     moderato_users_by_activity_set_chat (ModeratoUsersByActivity *self,
                                                              RumbleChatApi           *chat);
/* Moves the users who spoke since the last move now, without waiting for the interval. */
void                     moderato_users_by_activity_flush    (ModeratoUsersByActivity *self);

G_END_DECLS
