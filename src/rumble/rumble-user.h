/* rumble-user.h — a chatter, as seen in the chat's `users[]`
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* How long a mute lasts, as far as this client knows: only a mute it made itself says
 * (the stream's `mute_users` does not). */
typedef enum {
  RUMBLE_MUTE_TERM_UNKNOWN,   /* not muted, or muted by someone else */
  RUMBLE_MUTE_TERM_UNTIL,     /* until rumble_user_get_muted_until() */
  RUMBLE_MUTE_TERM_STREAM,    /* for this stream */
  RUMBLE_MUTE_TERM_FOREVER,   /* everywhere, for good */
} RumbleMuteTerm;

#define RUMBLE_TYPE_USER (rumble_user_get_type ())
G_DECLARE_FINAL_TYPE (RumbleUser, rumble_user, RUMBLE, USER, GObject)

const char         *rumble_user_get_id            (RumbleUser *self);
const char         *rumble_user_get_username      (RumbleUser *self);
/* Relative profile path ("/user/NAME"), or NULL. */
const char         *rumble_user_get_link          (RumbleUser *self);
gboolean            rumble_user_get_is_follower   (RumbleUser *self);
/* Normalised "#rrggbb" (lowercase), or NULL when none/invalid. */
const char         *rumble_user_get_color         (RumbleUser *self);
/* Badge slugs, never NULL (may be empty). */
const char * const *rumble_user_get_badges        (RumbleUser *self);
gboolean            rumble_user_has_badge         (RumbleUser *self,
                                                   const char *slug);
/* Staff = admin or moderator badge. */
gboolean            rumble_user_get_is_staff      (RumbleUser *self);
const char         *rumble_user_get_avatar_url    (RumbleUser *self);
/* Channel id of the user's latest message posted as a channel, or NULL. */
const char         *rumble_user_get_channel_id    (RumbleUser *self);
gboolean            rumble_user_get_muted         (RumbleUser *self);
/* Property "mute-term"; RUMBLE_MUTE_TERM_UNKNOWN while not muted. */
RumbleMuteTerm      rumble_user_get_mute_term     (RumbleUser *self);
/* Unix seconds when a RUMBLE_MUTE_TERM_UNTIL mute ends (property "muted-until"), else 0. */
gint64              rumble_user_get_muted_until   (RumbleUser *self);
guint               rumble_user_get_message_count (RumbleUser *self);
/* Unix seconds (message time) of the first and latest message seen, 0 if none. */
gint64              rumble_user_get_first_seen    (RumbleUser *self);
gint64              rumble_user_get_last_seen     (RumbleUser *self);

G_END_DECLS
