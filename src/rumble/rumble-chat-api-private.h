/* rumble-chat-api-private.h — RumbleChatApi internals shared by its parts, for librumble only
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rumble-chat-api.h"
#include "rumble-error.h"
#include "rumble-sse-parser.h"

#include "rumble-badge-private.h"
#include "rumble-channel-private.h"
#include "rumble-json-private.h"
#include "rumble-message-private.h"
#include "rumble-user-private.h"

G_BEGIN_DECLS

/* RumbleChatApi internals shared by rumble-chat-api.c (object, accessors),
 * rumble-chat-api-connection.c (the stream), rumble-chat-api-events.c (event dispatch into
 * the models) and rumble-chat-api-actions.c (moderation). */
struct _RumbleChatApi
{
  GObject                parent_instance;

  char                  *stream_id_b10;
  char                  *stream_id_b36;
  char                  *chat_url;
  char                  *site_url;
  char                  *session;
  char                  *user_id;
  SoupSession           *soup_session;
  guint                  history_len;
  guint                  trim_slack;
  guint                  skip_backlog : 1;
  guint                  can_moderate : 1;
  guint                  rants_enabled : 1;
  guint                  message_length_max;
  GArray                *rant_levels;     /* of RumbleRantLevel, by price */

  /* Models and indexes */
  GListStore            *messages;
  GListStore            *users;
  GListStore            *channels;
  GListStore            *badges;
  GHashTable            *message_by_id;   /* id -> RumbleMessage (retained ones) */
  GHashTable            *user_by_id;      /* id -> RumbleUser */
  GHashTable            *channel_by_id;   /* id -> RumbleChannel */
  GHashTable            *badge_by_slug;   /* slug -> RumbleBadge */
  GHashTable            *user_holds;      /* RumbleUser (ref) -> hold count */
  GHashTable            *message_holds;   /* RumbleMessage (ref) -> hold count */
  guint64                touch_clock;     /* counts user and channel appearances */
  guint                  max_users;
  guint                  users_limit;     /* evict when users exceed this */
  guint                  channels_limit;  /* … or channels this */
  GHashTable            *seen_ids;        /* bounded set of message ids ever added */
  GQueue                 seen_order;      /* FIFO of the keys of seen_ids */
  RumbleMessage         *pinned_message;
  gboolean               have_init;
  RumbleEventTally       tally;           /* of the event being applied */
  GHashTable            *mute_lookups;    /* ASCII-lowercased name -> MuteLookupEntry */

  /* Connection */
  RumbleConnectionState  state;
  GError                *last_error;
  GCancellable          *cancellable;     /* the current request + read */
  GCancellable          *head_cancellable;
  SoupMessage           *stream_msg;
  GUri                  *stream_first_uri; /* the cookie's origin, for redirect hops */
  guint                  stream_redirects;
  GInputStream          *stream;
  RumbleSseParser       *sse;
  guint8                *read_buffer;
  guint                  head_timeout_id;
  guint                  retry_id;
  gint64                 next_retry;
  guint                  attempt;         /* failures since the last valid init */
  guint                  first_failures;  /* failures before any valid init */
  guint                  backoff_initial_ms;
  guint                  backoff_max_ms;
  guint                  offline_poll_ms;
  guint                  idle_timeout_ms;
  GSource               *idle_source;     /* armed while reading, when idle_timeout_ms > 0 */
  guint                  init_timeout_ms;
  guint                  init_timeout_id; /* from the head to `init`, while a connect waits */
  gboolean               connecting_wanted;
  GPtrArray             *connect_tasks;   /* pending connect_async GTasks */

  /* The open gap: from losing a connected stream to the next valid init. */
  gint64                 gap_lost_at;     /* real time (µs) it was lost; 0: no gap open */
  char                  *gap_anchor_id;   /* newest message shown before it, or NULL */
  gboolean               gap_anchor_seen; /* the reconnect's backlog reached back to it */
  guint                  gap_recovered;   /* backlog messages new to us since */
};

void           rumble_chat_api_events_init     (RumbleChatApi *self);
void           rumble_chat_api_events_clear    (RumbleChatApi *self);
/* Evicts users and channels out of use when there are more than allowed (@force: now,
 * whatever the count, as after lowering max-users). */
void           rumble_chat_api_bound_users     (RumbleChatApi *self,
                                                gboolean       force);
/* Dispatch one parsed event; FALSE when skipped. Sets *out_was_init for a valid init. */
gboolean       rumble_chat_api_apply_event     (RumbleChatApi *self,
                                                JsonNode      *root,
                                                gboolean      *out_was_init);
/* Trims `messages` back to history-len when it is over history-len + trim slack (@force: over
 * history-len at all), in one splice at the front, unless messages are held (see
 * rumble_chat_api_hold_message()). */
void           rumble_chat_api_trim_history    (RumbleChatApi *self,
                                                gboolean       force);
/* The cache of rumble_chat_api_lookup_mute_async(): a fresh answer for @name, else UNKNOWN. */
RumbleMuteLookup rumble_chat_api_mute_cache_get    (RumbleChatApi    *self,
                                                    const char       *name);
void           rumble_chat_api_mute_cache_put      (RumbleChatApi    *self,
                                                    const char       *name,
                                                    RumbleMuteLookup  answer);
/* @name NULL: every name. */
void           rumble_chat_api_mute_cache_forget   (RumbleChatApi    *self,
                                                    const char       *name);
void           rumble_chat_api_set_can_moderate_internal (RumbleChatApi *self,
                                                          gboolean       can_moderate);
void           rumble_chat_api_set_pinned_internal       (RumbleChatApi *self,
                                                          RumbleMessage *message);

/* Signals and properties owned by rumble-chat-api.c, used by the other parts. */
enum {
  RUMBLE_CHAT_API_SIGNAL_MESSAGE_RECEIVED,
  RUMBLE_CHAT_API_SIGNAL_MESSAGES_DELETED,
  RUMBLE_CHAT_API_SIGNAL_USERS_MUTED,
  RUMBLE_CHAT_API_SIGNAL_RAID_CONFIRMED,
  RUMBLE_CHAT_API_SIGNAL_GIFT_PURCHASED,
  RUMBLE_CHAT_API_SIGNAL_LIVE_GATE,
  RUMBLE_CHAT_API_SIGNAL_CONNECTION_LOST,
  RUMBLE_CHAT_API_SIGNAL_RECONNECTED,
  RUMBLE_CHAT_API_N_SIGNALS
};
extern guint rumble_chat_api_signals[RUMBLE_CHAT_API_N_SIGNALS];
void           rumble_chat_api_notify_config   (RumbleChatApi *self);

/* Properties of the connection, notified by rumble-chat-api-connection.c. */
typedef enum {
  RUMBLE_CHAT_API_PROP_STATE,
  RUMBLE_CHAT_API_PROP_LAST_ERROR,
  RUMBLE_CHAT_API_PROP_NEXT_RETRY,
} RumbleChatApiConnectionProp;

void           rumble_chat_api_notify_connection (RumbleChatApi               *self,
                                                  RumbleChatApiConnectionProp  prop);

G_END_DECLS
