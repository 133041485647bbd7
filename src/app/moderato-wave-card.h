/* moderato-wave-card.h — one spam wave in the attention lane
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "moderato-spam-wave.h"

G_BEGIN_DECLS

#define MODERATO_TYPE_WAVE_CARD (moderato_wave_card_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoWaveCard, moderato_wave_card, MODERATO, WAVE_CARD, GtkWidget)

/* Signals (the card shows; the lane acts):
 *   delete-all  ()                   the "Delete All" button (action wave.delete-all)
 *   mute-all    (const char *choice) a mute choice's id (action wave.mute-all s)
 *   dismiss     ()                   the close button (action wave.dismiss) */

GtkWidget        *moderato_wave_card_new       (ModeratoSpamWave *wave) G_GNUC_WARN_UNUSED_RESULT;
ModeratoSpamWave *moderato_wave_card_get_wave  (ModeratoWaveCard *self);
gboolean          moderato_wave_card_get_in_use (ModeratoWaveCard *self);
/* Shows the wave as it is now (it grew or closed). */
void              moderato_wave_card_update    (ModeratoWaveCard *self);
/* While a run of deletes or mutes is in flight, the buttons are off. */
void              moderato_wave_card_set_busy  (ModeratoWaveCard *self,
                                                gboolean          busy);
/* "14 accounts posted ‘free crypto at …’ in 20 s", as shown; for tests. */
const char       *moderato_wave_card_get_title (ModeratoWaveCard *self);

G_END_DECLS
