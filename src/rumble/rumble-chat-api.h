/* rumble-chat-api.h — one Rumble live chat: its SSE stream, models and moderation actions
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "rumble-badge.h"
#include "rumble-channel.h"
#include "rumble-message.h"
#include "rumble-user.h"

G_BEGIN_DECLS

#define RUMBLE_DEFAULT_CHAT_URL "https://web7.rumble.com/chat/api"
#define RUMBLE_DEFAULT_SITE_URL "https://rumble.com"

typedef enum {
  RUMBLE_CONNECTION_DISCONNECTED,
  RUMBLE_CONNECTION_CONNECTING,
  RUMBLE_CONNECTION_CONNECTED,
  RUMBLE_CONNECTION_RECONNECTING,
  RUMBLE_CONNECTION_OFFLINE,      /* HTTP 204: the chat is not live; polled again */
  RUMBLE_CONNECTION_ERROR,        /* repeated failures; slow retries go on */
} RumbleConnectionState;

typedef enum {
  RUMBLE_MUTE_ENTITY_USER,
  RUMBLE_MUTE_ENTITY_CHANNEL,
} RumbleMuteEntity;

typedef enum {
  RUMBLE_MUTE_SCOPE_VIDEO,        /* this stream only (`type=video`) */
  RUMBLE_MUTE_SCOPE_TOTAL,        /* everywhere, forever (`type=total`) */
} RumbleMuteScope;

#define RUMBLE_MUTE_FIVE_MINUTES 300

/* What the moderator's muted-users records say of a name (PROTOCOL.md §4.4). */
typedef enum {
  RUMBLE_MUTE_LOOKUP_UNKNOWN,     /* not found in the pages walked before giving up */
  RUMBLE_MUTE_LOOKUP_NOT_MUTED,
  RUMBLE_MUTE_LOOKUP_MUTED,
} RumbleMuteLookup;

/* Seconds a lookup's answer is reused, and how many names are remembered. */
#define RUMBLE_MUTE_LOOKUP_CACHE_SECONDS 60
#define RUMBLE_MUTE_LOOKUP_CACHE_MAX     256

/* Default of max-users: users (and channels) kept beyond those in use. */
#define RUMBLE_DEFAULT_MAX_USERS 5000

/* Default and largest history-len: messages kept in the messages model. */
#define RUMBLE_DEFAULT_HISTORY_LEN 1000
#define RUMBLE_HISTORY_LEN_MAX     1000000
/* How many messages beyond history-len (+ trim slack) held messages may defer trimming for.
 * A fixed number, not a multiple of history-len: it bounds the extra memory (a few MB) the
 * same way for every history length, and still covers half a minute of a 300 msg/s flood. */
#define RUMBLE_HOLD_HEADROOM       10000

/* message-length-max until the chat's init says otherwise (PROTOCOL.md §5.6.1). */
#define RUMBLE_DEFAULT_MESSAGE_LENGTH_MAX 200

/* One step of the chat's rant ladder (`init.config.rants.levels[]`). Colours are as Rumble
 * sends them: "#rrggbb" or a plain colour name ("white"); NULL when missing or unusable. */
typedef struct {
  guint  price_cents;   /* the level's price */
  guint  duration;      /* seconds a rant of this level stays on top */
  char  *fg;            /* text */
  char  *main;          /* header band */
  char  *bg2;           /* body */
} RumbleRantLevel;

#define RUMBLE_TYPE_CHAT_API (rumble_chat_api_get_type ())
G_DECLARE_FINAL_TYPE (RumbleChatApi, rumble_chat_api, RUMBLE, CHAT_API, GObject)

/* Signals:
 *   message-received (RumbleMessage *message)       once per new message added to `messages`
 *   messages-deleted (GStrv message_ids, gboolean non_rant_only)
 *   users-muted      (GStrv user_ids)
 *   raid-confirmed   (const char *target_channel_name, const char *target_url)
 *   gift-purchased   (RumbleUser *buyer, guint total_gifts)
 *   live-gate        (gint countdown_seconds)
 *   connection-lost  (gint64 lost_at, const char *last_message_id)
 *       a stream that had reached `init` ended or failed (it is retried or polled as usual).
 *       @lost_at: real time, µs (g_get_real_time); @last_message_id: the newest message in
 *       `messages` then, where a view marks the gap (NULL when there was none).
 *   reconnected      (gint64 lost_at, guint n_recovered, gboolean complete)
 *       the next valid `init` after connection-lost (PROTOCOL.md §14.2): @n_recovered
 *       messages of its backlog were new (sent during the gap, or before it but never
 *       seen); @complete is TRUE when that backlog reached back to @last_message_id (or
 *       there was none), so nothing sent during the gap can be missing. Not emitted after
 *       rumble_chat_api_disconnect(), which forgets an open gap.
 * State changes are property notifications (state, last-error, pinned-message, can-moderate…). */

/* @stream_id: decimal, or base 36 when it contains a letter. NULL if it parses as neither;
 * use rumble_locator_resolve_async() for URLs. */
RumbleChatApi        *rumble_chat_api_new                  (const char *stream_id)
  G_GNUC_WARN_UNUSED_RESULT;

const char           *rumble_chat_api_get_stream_id_b10    (RumbleChatApi *self);
const char           *rumble_chat_api_get_stream_id_b36    (RumbleChatApi *self);

const char           *rumble_chat_api_get_chat_url         (RumbleChatApi *self);
void                  rumble_chat_api_set_chat_url         (RumbleChatApi *self,
                                                            const char    *chat_url);
const char           *rumble_chat_api_get_site_url         (RumbleChatApi *self);
void                  rumble_chat_api_set_site_url         (RumbleChatApi *self,
                                                            const char    *site_url);
SoupSession          *rumble_chat_api_get_soup_session     (RumbleChatApi *self);
void                  rumble_chat_api_set_soup_session     (RumbleChatApi *self,
                                                            SoupSession   *session);

/* The `u_s` token, or NULL. Never logged. Renewed tokens update this property. */
const char           *rumble_chat_api_get_session          (RumbleChatApi *self);
void                  rumble_chat_api_set_session          (RumbleChatApi *self,
                                                            const char    *session);

/* The logged-in account's decimal user id (applies `can_moderate` events), or NULL. */
const char           *rumble_chat_api_get_user_id          (RumbleChatApi *self);
void                  rumble_chat_api_set_user_id          (RumbleChatApi *self,
                                                            const char    *user_id);

guint                 rumble_chat_api_get_history_len      (RumbleChatApi *self);
void                  rumble_chat_api_set_history_len      (RumbleChatApi *self,
                                                            guint          history_len);
/* Let `messages` grow up to history-len + @slack before trimming it back to history-len in
 * one splice (default 0: trimmed on every overflow). A list view redoes work for every
 * trim, so a UI showing a fast chat trims less often with a slack of about a tenth. */
void                  rumble_chat_api_set_trim_slack       (RumbleChatApi *self,
                                                            guint          slack);
gboolean              rumble_chat_api_get_skip_backlog     (RumbleChatApi *self);
void                  rumble_chat_api_set_skip_backlog     (RumbleChatApi *self,
                                                            gboolean       skip_backlog);

/* Back-off tuning (milliseconds); tests shorten them. */
void                  rumble_chat_api_set_backoff          (RumbleChatApi *self,
                                                            guint          initial_ms,
                                                            guint          max_ms,
                                                            guint          offline_poll_ms);

/* Reconnect when the stream stays silent this long after its head (milliseconds).
 * 0 (the default) = never: Rumble defines no heartbeat and quiet chats are normal. */
void                  rumble_chat_api_set_idle_timeout     (RumbleChatApi *self,
                                                            guint          timeout_ms);
/* For finite callers (a command that opens the chat, acts and exits): a pending connect
 * fails with RUMBLE_ERROR_NETWORK when the stream's head arrives but no `init` follows
 * within @timeout_ms (milliseconds), and the chat then waits in the error state without
 * retrying (rumble_chat_api_retry_now() tries again). 0 (the default) = no deadline: a
 * long-running client just keeps waiting. */
void                  rumble_chat_api_set_init_timeout     (RumbleChatApi *self,
                                                            guint          timeout_ms);

RumbleConnectionState rumble_chat_api_get_state            (RumbleChatApi *self);
/* Last connection error, or NULL. */
const GError         *rumble_chat_api_get_last_error       (RumbleChatApi *self);
/* Monotonic time (µs, g_get_monotonic_time) of the next reconnect attempt, 0 if none planned. */
gint64                rumble_chat_api_get_next_retry       (RumbleChatApi *self);
/* Reconnect now (user asked for it), skipping the back-off wait. */
void                  rumble_chat_api_retry_now            (RumbleChatApi *self);

/* From `init`. */
gboolean              rumble_chat_api_get_can_moderate     (RumbleChatApi *self);
RumbleMessage        *rumble_chat_api_get_pinned_message   (RumbleChatApi *self);
guint                 rumble_chat_api_get_message_length_max (RumbleChatApi *self);
/* The level a rant of @price_cents belongs to (the dearest level not above it, else the
 * cheapest), or NULL when the chat sent no ladder. Valid until the next `init`. */
const RumbleRantLevel *rumble_chat_api_get_rant_level     (RumbleChatApi *self,
                                                            guint          price_cents);
gboolean              rumble_chat_api_get_rants_enabled    (RumbleChatApi *self);

/* Users and channels are kept while in use: held (below), author or channel of a message in
 * `messages` or of the pinned message, or (channels) owned by a user in use. Of the others,
 * the most recently seen are kept up to max-users per model; going over it evicts the least
 * recently seen down to 7/8 of it, with one splice per run of neighbours in the model. A user
 * seen again after eviction is a new RumbleUser (its message count starts again). */
guint                 rumble_chat_api_get_max_users        (RumbleChatApi *self);
void                  rumble_chat_api_set_max_users        (RumbleChatApi *self,
                                                            guint          max_users);
/* Keeps @user in `users` until as many rumble_chat_api_release_user() calls (a count), as
 * while a card shows it. A user already evicted is not brought back. */
void                  rumble_chat_api_hold_user            (RumbleChatApi *self,
                                                            RumbleUser    *user);
void                  rumble_chat_api_release_user         (RumbleChatApi *self,
                                                            RumbleUser    *user);

/* Keeps @message in `messages` until as many rumble_chat_api_release_message() calls (a
 * count), as while it is under the pointer or the target of a menu. While any message is held
 * the history is not trimmed at all (the model grows), up to history-len + trim slack +
 * RUMBLE_HOLD_HEADROOM messages; beyond that, the messages older than the oldest held one are
 * trimmed (one splice), and if that is not enough, the oldest messages that are not held,
 * around the held ones (one splice per run). A held message is never trimmed. Releasing the
 * last hold trims back to history-len in one splice. A message already trimmed is not brought
 * back. */
void                  rumble_chat_api_hold_message         (RumbleChatApi *self,
                                                            RumbleMessage *message);
void                  rumble_chat_api_release_message      (RumbleChatApi *self,
                                                            RumbleMessage *message);
gboolean              rumble_chat_api_is_message_held      (RumbleChatApi *self,
                                                            RumbleMessage *message);

/* Models. messages: RumbleMessage, oldest first, at most history-len (more while messages
 * are held, see above).
 * users: RumbleUser, in order of first appearance. channels: RumbleChannel. badges: RumbleBadge. */
GListModel           *rumble_chat_api_get_messages         (RumbleChatApi *self);
GListModel           *rumble_chat_api_get_users            (RumbleChatApi *self);
GListModel           *rumble_chat_api_get_channels         (RumbleChatApi *self);
GListModel           *rumble_chat_api_get_badges           (RumbleChatApi *self);

RumbleMessage        *rumble_chat_api_lookup_message       (RumbleChatApi *self,
                                                            const char    *message_id);
RumbleUser           *rumble_chat_api_lookup_user          (RumbleChatApi *self,
                                                            const char    *user_id);
RumbleUser           *rumble_chat_api_lookup_user_by_name  (RumbleChatApi *self,
                                                            const char    *username);
RumbleChannel        *rumble_chat_api_lookup_channel       (RumbleChatApi *self,
                                                            const char    *channel_id);
RumbleBadge          *rumble_chat_api_lookup_badge         (RumbleChatApi *self,
                                                            const char    *slug);

/* Feed one SSE `data` payload (JSON text) as if it came from the stream. Returns FALSE
 * (and logs) when it was skipped as malformed. Used by tests, fuzzers and benchmarks. */
gboolean              rumble_chat_api_dispatch_event       (RumbleChatApi *self,
                                                            const char    *json,
                                                            gssize         length);

/* Open the stream. Completes TRUE on the first valid `init`; FALSE with an error when the
 * stream is offline (RUMBLE_ERROR_CHAT_CLOSED), unknown (RUMBLE_ERROR_NOT_FOUND) or after
 * three failed first attempts. The connection (and its retries) continue either way until
 * rumble_chat_api_disconnect(). */
void                  rumble_chat_api_connect_async        (RumbleChatApi       *self,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean              rumble_chat_api_connect_finish       (RumbleChatApi       *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
void                  rumble_chat_api_disconnect           (RumbleChatApi       *self);

/* Moderation and chat actions. None is retried automatically. */
void                  rumble_chat_api_send_message_async   (RumbleChatApi       *self,
                                                            const char          *text,
                                                            const char          *channel_id,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
/* Returns the new message id; @out_user (optional) receives the sender. */
char                 *rumble_chat_api_send_message_finish  (RumbleChatApi       *self,
                                                            GAsyncResult        *result,
                                                            RumbleUser         **out_user,
                                                            GError             **error);
void                  rumble_chat_api_delete_message_async (RumbleChatApi       *self,
                                                            const char          *message_id,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean              rumble_chat_api_delete_message_finish (RumbleChatApi      *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
void                  rumble_chat_api_pin_message_async    (RumbleChatApi       *self,
                                                            const char          *message_id,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean              rumble_chat_api_pin_message_finish   (RumbleChatApi       *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
/* @message_id NULL = the currently pinned message. */
void                  rumble_chat_api_unpin_message_async  (RumbleChatApi       *self,
                                                            const char          *message_id,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean              rumble_chat_api_unpin_message_finish (RumbleChatApi       *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
/* @command must start with "/". */
void                  rumble_chat_api_command_async        (RumbleChatApi       *self,
                                                            const char          *command,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean              rumble_chat_api_command_finish       (RumbleChatApi       *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
/* @duration_s: 0 = no fixed duration (this stream with VIDEO, forever with TOTAL). On
 * success a user (not channel) mute marks the user muted with its term (RumbleMuteTerm). */
void                  rumble_chat_api_mute_async           (RumbleChatApi       *self,
                                                            const char          *name,
                                                            RumbleMuteEntity     entity,
                                                            guint                duration_s,
                                                            RumbleMuteScope      scope,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean              rumble_chat_api_mute_finish          (RumbleChatApi       *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
void                  rumble_chat_api_unmute_async         (RumbleChatApi       *self,
                                                            const char          *name,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean              rumble_chat_api_unmute_finish        (RumbleChatApi       *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
/* Whether @name has a mute record, by the unmute's walk of the muting pages. Needs a
 * moderator. Answers are cached for RUMBLE_MUTE_LOOKUP_CACHE_SECONDS (a mute or unmute
 * by this chat forgets the name's); failures are not cached. */
void                  rumble_chat_api_lookup_mute_async    (RumbleChatApi       *self,
                                                            const char          *name,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
/* RUMBLE_MUTE_LOOKUP_UNKNOWN with @error set when the lookup failed. */
RumbleMuteLookup      rumble_chat_api_lookup_mute_finish   (RumbleChatApi       *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
void                  rumble_chat_api_raid_confirm_async   (RumbleChatApi       *self,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean              rumble_chat_api_raid_confirm_finish  (RumbleChatApi       *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

G_END_DECLS
