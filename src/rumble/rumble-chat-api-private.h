/* rumble-chat-api-private.h — constructors and mutators of the item objects, for librumble only
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rumble-chat-api.h"
#include "rumble-error.h"
#include "rumble-sse-parser.h"

G_BEGIN_DECLS

/* Longest id string accepted from the network. */
#define RUMBLE_ID_MAX_LEN 64
/* Deepest nesting of arrays and objects accepted in JSON from the network. */
#define RUMBLE_JSON_MAX_DEPTH 64

/* To be called on network JSON before json-glib 1.6 parses it, which recurses once per
 * nesting level (100 000 '[' overflow the stack), silently wraps integers beyond 64 bits
 * (18446744073709551617 reads as 1), and turns the escapes "\345" and a lone "\ud800"
 * into invalid UTF-8 (the latter swallowing the next character). FALSE with
 * RUMBLE_ERROR_PROTOCOL for text
 * nested deeper than RUMBLE_JSON_MAX_DEPTH, such an integer or escape, or anything but
 * standard JSON outside strings (json-glib's extras could hide structure from the scan).
 * One pass, no allocation. */
gboolean       rumble_json_check_text     (const char  *json,
                                           gsize        length,
                                           GError     **error);

/* An id field as Rumble sends it (decimal string, number, or an opaque string): a newly
 * allocated string, or NULL when missing / unusable. */
char          *rumble_json_dup_id         (JsonObject  *object,
                                           const char  *member);
/* Member accessors that never warn on a wrong type. */
const char    *rumble_json_get_string     (JsonObject  *object,
                                           const char  *member);
gint64         rumble_json_get_int        (JsonObject  *object,
                                           const char  *member,
                                           gint64       fallback);
gboolean       rumble_json_get_bool       (JsonObject  *object,
                                           const char  *member,
                                           gboolean     fallback);
JsonObject    *rumble_json_get_object     (JsonObject  *object,
                                           const char  *member);
JsonArray     *rumble_json_get_array      (JsonObject  *object,
                                           const char  *member);
/* "2026-04-20T18:03:12+00:00" -> Unix seconds; FALSE when it does not parse. */
gboolean       rumble_parse_timestamp     (const char  *text,
                                           gint64      *out_unix);

/* RumbleUser */
RumbleUser    *rumble_user_new            (const char  *id);
/* A user from a chat user object (`users[]`, or `data.user` of a send reply). NULL if no id. */
RumbleUser    *rumble_user_new_from_json  (JsonObject  *object);
/* Applies a re-appearance of the user object; notifies what changed. */
void           rumble_user_update_from_json (RumbleUser *self,
                                           JsonObject  *object);
void           rumble_user_set_muted      (RumbleUser  *self,
                                           gboolean     muted);
void           rumble_user_set_channel_id (RumbleUser  *self,
                                           const char  *channel_id);
/* Counts a message at @time (Unix seconds). */
void           rumble_user_record_message (RumbleUser  *self,
                                           gint64       time);
/* The chat's activity clock (RumbleChatApi.touch_clock) when the user was last in an
 * event: what evicting the least recently active compares. */
void           rumble_user_set_touched    (RumbleUser  *self,
                                           guint64      stamp);
guint64        rumble_user_get_touched    (RumbleUser  *self);

/* RumbleChannel */
RumbleChannel *rumble_channel_new_from_json    (JsonObject    *object);
void           rumble_channel_update_from_json (RumbleChannel *self,
                                                JsonObject    *object);
void           rumble_channel_set_owner        (RumbleChannel *self,
                                                const char    *user_id,
                                                gboolean       is_appearing);
void           rumble_channel_set_touched      (RumbleChannel *self,
                                                guint64        stamp);
guint64        rumble_channel_get_touched      (RumbleChannel *self);

/* RumbleBadge; @site_url resolves relative icon paths. */
RumbleBadge   *rumble_badge_new_from_json (const char  *slug,
                                           JsonObject  *object,
                                           const char  *site_url);

/* RumbleMessage; NULL when the object has no usable id. User and channel are resolved
 * by the caller. */
RumbleMessage *rumble_message_new_from_json (JsonObject    *object,
                                             const char    *request_id);
void           rumble_message_set_user      (RumbleMessage *self,
                                             RumbleUser    *user);
void           rumble_message_set_channel   (RumbleMessage *self,
                                             RumbleChannel *channel);
void           rumble_message_set_deleted   (RumbleMessage *self,
                                             gboolean       deleted);

/* RumbleChatApi internals shared by rumble-chat-api.c (object, connection) and
 * rumble-chat-api-events.c (event dispatch into the models). */
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
  guint64                touch_clock;     /* counts user and channel appearances */
  guint                  max_users;
  guint                  users_limit;     /* evict when users exceed this */
  guint                  channels_limit;  /* … or channels this */
  GHashTable            *seen_ids;        /* bounded set of message ids ever added */
  GQueue                 seen_order;      /* FIFO of the keys of seen_ids */
  RumbleMessage         *pinned_message;
  JsonParser            *parser;
  gboolean               have_init;

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
void           rumble_chat_api_set_can_moderate_internal (RumbleChatApi *self,
                                                          gboolean       can_moderate);
void           rumble_chat_api_set_pinned_internal       (RumbleChatApi *self,
                                                          RumbleMessage *message);

/* Signals and properties owned by rumble-chat-api.c, used by the events part. */
enum {
  RUMBLE_CHAT_API_SIGNAL_MESSAGE_RECEIVED,
  RUMBLE_CHAT_API_SIGNAL_MESSAGES_DELETED,
  RUMBLE_CHAT_API_SIGNAL_USERS_MUTED,
  RUMBLE_CHAT_API_SIGNAL_RAID_CONFIRMED,
  RUMBLE_CHAT_API_SIGNAL_GIFT_PURCHASED,
  RUMBLE_CHAT_API_SIGNAL_LIVE_GATE,
  RUMBLE_CHAT_API_N_SIGNALS
};
extern guint rumble_chat_api_signals[RUMBLE_CHAT_API_N_SIGNALS];
void           rumble_chat_api_notify_config   (RumbleChatApi *self);

G_END_DECLS
