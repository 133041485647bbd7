/* moderato-attention-lane.h — what needs a moderator, above the chat
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "moderato-detector.h"
#include "moderato-message-row.h"
#include "moderato-wave-card.h"

G_BEGIN_DECLS

#define MODERATO_TYPE_ATTENTION_LANE (moderato_attention_lane_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoAttentionLane, moderato_attention_lane, MODERATO, ATTENTION_LANE,
                      GtkWidget)

/* Wave cards kept: past this, a new wave's card takes the place of the oldest closed one
 * (else of the oldest), which leaves as if dismissed. */
#define MODERATO_ATTENTION_LANE_MAX_WAVE_CARDS 20

/* Signals:
 *   marks-changed ()              highlight colours or collapsed rows changed: decorate the
 *                                 rows on screen again
 *   item-handled  (GObject *item) a highlight or a wave left the lane (acted on, dismissed,
 *                                 message deleted, user muted) */

GtkWidget        *moderato_attention_lane_new               (void) G_GNUC_WARN_UNUSED_RESULT;

/* The detector whose highlights, waves and rants are shown; its chat is the one acted on. */
void              moderato_attention_lane_set_detector      (ModeratoAttentionLane *self,
                                                             ModeratoDetector      *detector);
/* Where the summaries of Delete All and Mute All go. */
void              moderato_attention_lane_set_toast_overlay (ModeratoAttentionLane *self,
                                                             AdwToastOverlay       *toasts);
/* "confirm-mute-forever" (NULL: always ask). */
void              moderato_attention_lane_set_settings      (ModeratoAttentionLane *self,
                                                             GSettings             *settings);

/* Gives @row its message's highlight colour and, when the message is in a wave whose card
 * is open, the collapsed stub. O(1): a chat view calls it on every bind. */
void              moderato_attention_lane_decorate_row      (ModeratoAttentionLane *self,
                                                             ModeratoMessageRow    *row);

/* Items open in the lane (highlights and waves). */
guint             moderato_attention_lane_get_n_items       (ModeratoAttentionLane *self);
/* The card of wave @wave_id, or NULL. */
ModeratoWaveCard *moderato_attention_lane_lookup_wave_card  (ModeratoAttentionLane *self,
                                                             const char            *wave_id);
/* The chip of the highlight of @message_id, or NULL; for tests. */
GtkWidget        *moderato_attention_lane_lookup_chip       (ModeratoAttentionLane *self,
                                                             const char            *message_id);

G_END_DECLS
