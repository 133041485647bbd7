/* moderato-detect-private.h — how the detector makes and changes its items
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "moderato-detect-rant.h"
#include "moderato-highlight.h"
#include "moderato-spam-wave.h"

G_BEGIN_DECLS

ModeratoHighlight  *moderato_highlight_new           (ModeratoHighlightKind  kind,
                                                      ModeratoDetectRule    *rule,
                                                      gboolean               notify,
                                                      const char            *message_id,
                                                      const char            *user_id,
                                                      const char            *username,
                                                      const char            *text,
                                                      gint64                 time_us,
                                                      const char            *link);

ModeratoDetectRant *moderato_detect_rant_new         (const char            *message_id,
                                                      const char            *user_id,
                                                      const char            *username,
                                                      const char            *text,
                                                      guint                  amount_cents,
                                                      gint64                 time_us,
                                                      gint64                 expires_us,
                                                      gboolean               notify);

ModeratoSpamWave   *moderato_spam_wave_new           (const char            *id,
                                                      const char            *sample);
/* Adds a member message (no notification: the finder notifies once per change). Returns
 * TRUE when its account is new to the wave. */
gboolean            moderato_spam_wave_add_member    (ModeratoSpamWave      *self,
                                                      const char            *message_id,
                                                      const char            *user_id,
                                                      const char            *username,
                                                      gint64                 time_us);
/* Notifies what changed since the last call (size, n-messages, last-time, lists). */
void                moderato_spam_wave_notify_changes (ModeratoSpamWave     *self);
void                moderato_spam_wave_close         (ModeratoSpamWave      *self);

G_END_DECLS
