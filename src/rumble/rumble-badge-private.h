/* rumble-badge-private.h — a chat badge: construction from the init event, for librumble only
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rumble-badge.h"
#include "rumble-json-private.h"

G_BEGIN_DECLS

/* Longest badge slug kept, in bytes (`init.config.badges` keys, `users[].badges[]`). */
#define RUMBLE_BADGE_SLUG_MAX_LEN 64

/* RumbleBadge; @site_url resolves relative icon paths. */
RumbleBadge   *rumble_badge_new_from_json (const char       *slug,
                                           JsonObject       *object,
                                           const char       *site_url,
                                           RumbleEventTally *tally);

G_END_DECLS
