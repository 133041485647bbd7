/* moderato-wave-finder.h — groups near-identical messages of many accounts into spam waves
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "moderato-spam-wave.h"

G_BEGIN_DECLS

typedef struct _ModeratoWaveFinder ModeratoWaveFinder;

typedef void (*ModeratoWaveFunc) (ModeratoSpamWave *wave,
                                  gpointer          user_data);

ModeratoWaveFinder *moderato_wave_finder_new             (void);
void                moderato_wave_finder_free            (ModeratoWaveFinder *self);

/* Accounts that make a wave (≥ 2), the window (µs), the most messages the window keeps,
 * the shortest normalised text considered (shorter ones never make a wave). */
void                moderato_wave_finder_set_size        (ModeratoWaveFinder *self,
                                                          guint               size);
void                moderato_wave_finder_set_window      (ModeratoWaveFinder *self,
                                                          gint64              window_us);
void                moderato_wave_finder_set_max_messages (ModeratoWaveFinder *self,
                                                          guint               max_messages);
void                moderato_wave_finder_set_min_length  (ModeratoWaveFinder *self,
                                                          guint               min_length);

/* Forgets messages older than @now_us − window and closes the waves with no member since
 * then, calling @closed for each (then the finder drops its reference). */
void                moderato_wave_finder_expire          (ModeratoWaveFinder *self,
                                                          gint64              now_us,
                                                          ModeratoWaveFunc    closed,
                                                          gpointer            user_data);
/* Takes one message. Returns the wave it made (*@out_created TRUE) or grew (FALSE), owned
 * by the finder, or NULL. Call expire() with @time_us first. */
ModeratoSpamWave   *moderato_wave_finder_add             (ModeratoWaveFinder *self,
                                                          gint64              time_us,
                                                          const char         *message_id,
                                                          const char         *user_id,
                                                          const char         *username,
                                                          const char         *text,
                                                          gboolean           *out_created);
/* When the next open wave may close (µs; never later than it does), or G_MAXINT64. */
gint64              moderato_wave_finder_next_close      (ModeratoWaveFinder *self);
/* The open waves, oldest first (owned by the finder). */
GPtrArray          *moderato_wave_finder_get_open        (ModeratoWaveFinder *self);
/* Messages in the window, and groups of similar ones (for tests and benchmarks). */
guint               moderato_wave_finder_get_n_window    (ModeratoWaveFinder *self);
guint               moderato_wave_finder_get_n_groups    (ModeratoWaveFinder *self);

G_END_DECLS
