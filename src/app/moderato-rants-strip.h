/* moderato-rants-strip.h — the rants on top of the chat, their time left, the stream's total
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "moderato-detector.h"

G_BEGIN_DECLS

#define MODERATO_TYPE_RANTS_STRIP (moderato_rants_strip_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoRantsStrip, moderato_rants_strip, MODERATO, RANTS_STRIP, GtkWidget)

GtkWidget *moderato_rants_strip_new          (void) G_GNUC_WARN_UNUSED_RESULT;
/* Follows @detector's rants and rant-total-cents (NULL: none). */
void       moderato_rants_strip_set_detector (ModeratoRantsStrip *self,
                                              ModeratoDetector   *detector);
/* Whether the countdown timer runs (only while a rant is on top); for tests. */
gboolean   moderato_rants_strip_get_ticking  (ModeratoRantsStrip *self);
/* "Rants: $12.50", as shown; for tests. */
const char *moderato_rants_strip_get_total_text (ModeratoRantsStrip *self);

G_END_DECLS
