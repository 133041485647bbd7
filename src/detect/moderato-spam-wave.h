/* moderato-spam-wave.h — the same text from many accounts in a short time
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  MODERATO_SPAM_WAVE_OPEN,     /* members may still arrive */
  MODERATO_SPAM_WAVE_CLOSED,   /* none for the wave window: a later one starts a new wave */
} ModeratoSpamWaveState;

/* Members listed (ids of accounts and of messages); beyond, they are only counted. */
#define MODERATO_SPAM_WAVE_MAX_LISTED 200

#define MODERATO_TYPE_SPAM_WAVE (moderato_spam_wave_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoSpamWave, moderato_spam_wave, MODERATO, SPAM_WAVE, GObject)

/* "w1", "w2"…: unique within its detector. */
const char           *moderato_spam_wave_get_id           (ModeratoSpamWave *self);
ModeratoSpamWaveState moderato_spam_wave_get_state        (ModeratoSpamWave *self);
/* Distinct accounts (exact up to 10,000, then every message of an unlisted one counts). */
guint                 moderato_spam_wave_get_size         (ModeratoSpamWave *self);
/* Messages in the wave. */
guint                 moderato_spam_wave_get_n_messages   (ModeratoSpamWave *self);
/* The first member's text as posted. */
const char           *moderato_spam_wave_get_sample       (ModeratoSpamWave *self);
/* Message times (µs since the epoch) of the first and the latest member. */
gint64                moderato_spam_wave_get_first_time   (ModeratoSpamWave *self);
gint64                moderato_spam_wave_get_last_time    (ModeratoSpamWave *self);
/* The first MODERATO_SPAM_WAVE_MAX_LISTED accounts (ids and names, in the same order) and
 * messages, in order of arrival; NULL-terminated, never NULL. */
const char * const   *moderato_spam_wave_get_user_ids     (ModeratoSpamWave *self);
const char * const   *moderato_spam_wave_get_usernames    (ModeratoSpamWave *self);
const char * const   *moderato_spam_wave_get_message_ids  (ModeratoSpamWave *self);

G_END_DECLS
