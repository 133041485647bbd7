/* moderato-detect-rant.h — a paid message while it is on top of the chat
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MODERATO_TYPE_DETECT_RANT (moderato_detect_rant_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoDetectRant, moderato_detect_rant, MODERATO, DETECT_RANT, GObject)

const char *moderato_detect_rant_get_message_id   (ModeratoDetectRant *self);
const char *moderato_detect_rant_get_user_id      (ModeratoDetectRant *self);
const char *moderato_detect_rant_get_username     (ModeratoDetectRant *self);
const char *moderato_detect_rant_get_text         (ModeratoDetectRant *self);
guint       moderato_detect_rant_get_amount_cents (ModeratoDetectRant *self);
/* The message's time and when the rant leaves the top (µs since the epoch). */
gint64      moderato_detect_rant_get_time         (ModeratoDetectRant *self);
gint64      moderato_detect_rant_get_expires      (ModeratoDetectRant *self);
/* µs left at @now_us (µs since the epoch), 0 once expired. */
gint64      moderato_detect_rant_get_time_left    (ModeratoDetectRant *self,
                                                   gint64              now_us);
/* At least the detector's notify-rant-min-cents. */
gboolean    moderato_detect_rant_get_notify       (ModeratoDetectRant *self);

G_END_DECLS
