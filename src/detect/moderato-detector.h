/* moderato-detector.h — what in a chat needs a moderator: highlights, spam waves, rants
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rumble-chat-api.h"

#include "moderato-detect-rant.h"
#include "moderato-detect-rule.h"
#include "moderato-highlight.h"
#include "moderato-known-users.h"
#include "moderato-spam-wave.h"

G_BEGIN_DECLS

/* Defaults of the wave-size and wave-window properties (and settings). */
#define MODERATO_DETECTOR_DEFAULT_WAVE_SIZE     4
#define MODERATO_DETECTOR_DEFAULT_WAVE_WINDOW   30
/* Open highlights kept in the highlights model; older ones are dropped. */
#define MODERATO_DETECTOR_MAX_HIGHLIGHTS        200
/* A link is flagged among an account's first messages in the stream, when it is new. */
#define MODERATO_DETECTOR_NEW_ACCOUNT_MESSAGES  5

/* One message, as fed by hand (tests, benchmarks) or taken from a RumbleMessage. */
typedef struct {
  const char *message_id;
  const char *user_id;
  const char *username;       /* the account's name (may be NULL) */
  const char *display_name;   /* the channel's name when posted as one, or NULL */
  const char *text;
  gint64      time_us;        /* µs since the epoch */
  guint       rant_cents;     /* 0: not a rant */
  guint       rant_duration;  /* seconds on top; 0: from the chat's levels or none */
} ModeratoDetectInput;

/* Whether @user_id never chatted before this stream (e.g. from a ledger). */
typedef gboolean (*ModeratoFirstTimeFunc) (const char *user_id,
                                           const char *username,
                                           gpointer    user_data);

#define MODERATO_TYPE_DETECTOR (moderato_detector_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoDetector, moderato_detector, MODERATO, DETECTOR, GObject)

/* Signals:
 *   highlight    (ModeratoHighlight *)   a message to look at (also added to `highlights`)
 *   wave-created (ModeratoSpamWave *)    size reached wave-size (also added to `waves`)
 *   wave-grown   (ModeratoSpamWave *)    one more member message (size may be the same)
 *   wave-closed  (ModeratoSpamWave *)    no member for wave-window (removed from `waves`)
 *   rant         (ModeratoDetectRant *)  a rant arrived (added to `rants` while on top)
 *   rule-failed  (ModeratoDetectRule *)  a rule was turned off: see its error
 *   own-name-learned (char *name)        the account (own-user-id) posted as the channel
 *                                        @name, now one of the own names
 */

ModeratoDetector *moderato_detector_new                (void) G_GNUC_WARN_UNUSED_RESULT;

/* Follows @chat's message-received and messages-deleted (NULL: none). Rant durations then
 * come from its rant levels (rumble_chat_api_get_rant_level()). */
void              moderato_detector_set_chat           (ModeratoDetector     *self,
                                                        RumbleChatApi        *chat);
RumbleChatApi    *moderato_detector_get_chat           (ModeratoDetector     *self);

/* Feeds one message by hand. Messages fed should come in time order. */
void              moderato_detector_feed               (ModeratoDetector          *self,
                                                        const ModeratoDetectInput *input);
void              moderato_detector_feed_message       (ModeratoDetector     *self,
                                                        RumbleMessage        *message);
/* Closes the waves and ends the rants due at @now_us (µs since the epoch). A timer does
 * it on its own in a running main loop; tests feeding by hand call it. */
void              moderato_detector_advance            (ModeratoDetector     *self,
                                                        gint64                now_us);

/* The rules, in order: a message gets the first that matches. Replaces the old ones. */
void              moderato_detector_set_rules          (ModeratoDetector     *self,
                                                        GPtrArray            *rules);
void              moderato_detector_add_rule           (ModeratoDetector     *self,
                                                        ModeratoDetectRule   *rule);
/* ModeratoDetectRule */
GPtrArray        *moderato_detector_get_rules          (ModeratoDetector     *self);

/* The logged-in account's name and its channels' names: mentions of any of them, with or
 * without "@", at word boundaries and in any case. Messages from these names are not
 * mentions. NULL or empty: no mention highlights. */
void              moderato_detector_set_own_names      (ModeratoDetector     *self,
                                                        const char * const   *names);
/* Adds to the own names (those already there are left alone). */
void              moderato_detector_add_own_names      (ModeratoDetector     *self,
                                                        const char * const   *names);
/* The logged-in account's user id (NULL: none). Its messages are never highlighted, and a
 * message of it posted as a channel makes that channel one of the own names (Rumble lists
 * an account's channels nowhere: the stream tells them), signalled as own-name-learned. */
void              moderato_detector_set_own_user_id    (ModeratoDetector     *self,
                                                        const char           *user_id);
/* Watched accounts, by user id or name (any case). Replaces the old set. */
void              moderato_detector_set_watched        (ModeratoDetector     *self,
                                                        const char * const   *ids_or_names);
/* Watches one account more, or one less. */
void              moderato_detector_watch_user         (ModeratoDetector     *self,
                                                        const char           *id_or_name,
                                                        gboolean              watched);
/* Who is new: without a function (the default), an account is new when this detector first
 * sees it. The function is asked once per account (again only when the detector's own set
 * of accounts, at most 100,000, starts over); moderato_known_users_first_time() is one, over
 * the accounts of a ledger. */
void              moderato_detector_set_first_time_func (ModeratoDetector    *self,
                                                        ModeratoFirstTimeFunc func,
                                                        gpointer              user_data,
                                                        GDestroyNotify        destroy);

/* Properties: wave-size (accounts, ≥ 2), wave-window (seconds, ≥ 1), window-max-messages,
 * wave-min-length (characters of normalised text), first-time (highlight first messages,
 * default FALSE), new-account-links (default TRUE), notify-rant-min-cents,
 * rant-total-cents (read-only). */
guint             moderato_detector_get_wave_size      (ModeratoDetector     *self);
void              moderato_detector_set_wave_size      (ModeratoDetector     *self,
                                                        guint                 size);
guint             moderato_detector_get_wave_window    (ModeratoDetector     *self);
void              moderato_detector_set_wave_window    (ModeratoDetector     *self,
                                                        guint                 seconds);
void              moderato_detector_set_window_max_messages (ModeratoDetector *self,
                                                        guint                 max_messages);
void              moderato_detector_set_wave_min_length (ModeratoDetector    *self,
                                                        guint                 length);
void              moderato_detector_set_first_time     (ModeratoDetector     *self,
                                                        gboolean              enabled);
void              moderato_detector_set_new_account_links (ModeratoDetector  *self,
                                                        gboolean              enabled);
void              moderato_detector_set_notify_rant_min_cents (ModeratoDetector *self,
                                                        guint                 cents);
/* Every rant seen in this stream, the backlog included. */
guint64           moderato_detector_get_rant_total_cents (ModeratoDetector   *self);

/* Open items. highlights: ModeratoHighlight, oldest first, at most
 * MODERATO_DETECTOR_MAX_HIGHLIGHTS; waves: open ModeratoSpamWave; rants: ModeratoDetectRant
 * still on top. Deleted messages leave highlights and rants. */
GListModel       *moderato_detector_get_highlights     (ModeratoDetector     *self);
GListModel       *moderato_detector_get_waves          (ModeratoDetector     *self);
GListModel       *moderato_detector_get_rants          (ModeratoDetector     *self);
/* Removes @item (a highlight, wave or rant) from its model: the moderator handled it. A
 * dismissed wave still grows and closes, signalled as usual. */
void              moderato_detector_dismiss            (ModeratoDetector     *self,
                                                        gpointer              item);
ModeratoSpamWave *moderato_detector_lookup_wave        (ModeratoDetector     *self,
                                                        const char           *wave_id);

/* ---- Settings ---- */

/* The app's settings when the schema is installed (or found through GSETTINGS_SCHEMA_DIR),
 * else NULL: callers then go without. */
GSettings        *moderato_detect_settings_new         (void) G_GNUC_WARN_UNUSED_RESULT;
/* Takes highlight-rules, wave-size, wave-window, notify-rant-min-cents and
 * highlight-first-time from @settings. Rules that are refused are left out and returned
 * in *@out_refused ("NAME: why", may be NULL). */
void              moderato_detector_apply_settings     (ModeratoDetector     *self,
                                                        GSettings            *settings,
                                                        GStrv                *out_refused);

G_END_DECLS
