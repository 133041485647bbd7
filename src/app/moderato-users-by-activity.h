/* moderato-users-by-activity.h — a chat's users, staff first, then by activity, name or count
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rumble-chat-api.h"

G_BEGIN_DECLS

/* The orders offered; staff (admins, moderators) come first in each. */
typedef enum {
  MODERATO_USERS_SORT_ACTIVITY,   /* the latest active first */
  MODERATO_USERS_SORT_NAME,       /* by name, ignoring case */
  MODERATO_USERS_SORT_COUNT,      /* the most messages first */
} ModeratoUsersSort;

/* "activity", "name", "count" (the people-sort setting). */
const char *moderato_users_sort_to_string   (ModeratoUsersSort  sort);
gboolean    moderato_users_sort_from_string (const char        *text,
                                             ModeratoUsersSort *out_sort);

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
/* Moves the users who spoke since the last move now, without waiting for the interval
 * (nothing while frozen). */
void                     moderato_users_by_activity_flush    (ModeratoUsersByActivity *self);

/* A new order re-sorts the list once (when thawed). */
ModeratoUsersSort        moderato_users_by_activity_get_sort (ModeratoUsersByActivity *self);
void                     moderato_users_by_activity_set_sort (ModeratoUsersByActivity *self,
                                                              ModeratoUsersSort        sort);

/* While frozen (a count), no row changes place: users who arrive are appended at the end,
 * users who leave stay until the thaw (unless very many pile up), moves wait. The last
 * thaw applies everything in one items-changed. */
void                     moderato_users_by_activity_freeze   (ModeratoUsersByActivity *self);
void                     moderato_users_by_activity_thaw     (ModeratoUsersByActivity *self);
gboolean                 moderato_users_by_activity_get_frozen (ModeratoUsersByActivity *self);

G_END_DECLS
