/* rumble-badge.h — a badge from the chat's `config.badges`
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RUMBLE_TYPE_BADGE (rumble_badge_get_type ())
G_DECLARE_FINAL_TYPE (RumbleBadge, rumble_badge, RUMBLE, BADGE, GObject)

const char *rumble_badge_get_slug        (RumbleBadge *self);
/* English label (or `title`), the slug when none. */
const char *rumble_badge_get_label       (RumbleBadge *self);
/* Absolute https URL of the 48 px icon (96 px for _2x), or NULL when none / not allowed. */
const char *rumble_badge_get_icon_url    (RumbleBadge *self);
const char *rumble_badge_get_icon_url_2x (RumbleBadge *self);

G_END_DECLS
