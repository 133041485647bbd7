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
/* The most values (strings, numbers, literals, arrays, objects) the pre-scan lets through in
 * one JSON text from the network. json-glib builds a tree of some 60 to 200 bytes per
 * value, which GLib 2.74's slice allocator keeps for reuse after it is freed: a million
 * `{}` would hold 200 MB. A chat event of 10 000 messages has some 50 000 to 150 000. */
#define RUMBLE_JSON_MAX_VALUES (256 * 1024)

/* Longest strings kept from the network, in bytes. Longer ones are cut on a character
 * boundary; a URL is dropped instead (RUMBLE_URL_POLICY_MAX_LENGTH), since a cut one
 * would be wrong, and so is an id (RUMBLE_ID_MAX_LEN). */
#define RUMBLE_NAME_MAX_BYTES       256  /* user and channel names, badge labels, gift types */
/* Message and notice text: this many bytes per character of the chat's
 * message_length_max (four per UTF-8 character, twice over for what Rumble adds). */
#define RUMBLE_TEXT_BYTES_PER_CHAR  8

/* Sane bounds of the numbers in chat items; outside them an item is malformed. */
#define RUMBLE_TIME_MAX             G_GINT64_CONSTANT (4102444800)  /* 2100-01-01 */
#define RUMBLE_PRICE_CENTS_MAX      100000000                       /* $1 000 000 */
#define RUMBLE_DURATION_MAX         (7 * 86400)                     /* a week */
#define RUMBLE_GIFT_TOTAL_MAX       1000000

/* What the items of one event lost, logged as one line when the event is done. */
typedef struct {
  guint n_truncated;       /* strings cut to their maximum */
  guint n_dropped;         /* URLs dropped as too long */
  guint n_bad_messages;    /* items skipped as malformed */
  guint n_bad_users;
  guint n_bad_channels;
  guint n_bad_levels;
} RumbleEventTally;

/* To be called on network JSON before json-glib 1.6 parses it, which recurses once per
 * nesting level (100 000 '[' overflow the stack), silently wraps integers beyond 64 bits
 * (18446744073709551617 reads as 1), and turns the escapes "\345" and a lone "\ud800"
 * into invalid UTF-8 (the latter swallowing the next character). FALSE with
 * RUMBLE_ERROR_PROTOCOL for text
 * nested deeper than RUMBLE_JSON_MAX_DEPTH, with more than RUMBLE_JSON_MAX_VALUES values,
 * such an integer or escape, or anything but
 * standard JSON outside strings (json-glib's extras could hide structure from the scan).
 * One pass, no allocation. */
gboolean       rumble_json_check_text     (const char  *json,
                                           gsize        length,
                                           GError     **error);

/* A copy of @json (checked by rumble_json_check_text) in which every \u0000 escape reads
 * \ufffd, or NULL when it has none: json-glib hands strings out as C strings, so a NUL
 * would cut "admin\u0000xyz" to "admin". */
char          *rumble_json_replace_nul_escapes (const char *json,
                                                gsize       length);

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
/* A string member for a model: at most @max_bytes (cut on a character boundary, counted
 * in @tally, which may be NULL) and bidi-balanced (rumble_text_balance_bidi). NULL when
 * missing or not a string. */
char          *rumble_json_dup_text       (JsonObject       *object,
                                           const char       *member,
                                           gsize             max_bytes,
                                           RumbleEventTally *tally);
/* A URL member: NULL when missing, not a string, or longer than
 * RUMBLE_URL_POLICY_MAX_LENGTH (then counted in @tally). */
char          *rumble_json_dup_url        (JsonObject       *object,
                                           const char       *member,
                                           RumbleEventTally *tally);
/* A whole number member within [@min, @max], as an integer, an integral double or a
 * decimal string. TRUE and *out_value set when it is one; TRUE with *out_value untouched
 * when the member is missing or null; FALSE for anything else (a fraction, infinity,
 * out of range, another type): the item is malformed. */
gboolean       rumble_json_get_bounded_int (JsonObject *object,
                                            const char *member,
                                            gint64      min,
                                            gint64      max,
                                            gint64     *out_value);
/* "2026-04-20T18:03:12+00:00" -> Unix seconds; FALSE when it does not parse. */
gboolean       rumble_parse_timestamp     (const char  *text,
                                           gint64      *out_unix);

/* RumbleUser */
RumbleUser    *rumble_user_new            (const char  *id);
/* A user from a chat user object (`users[]`, or `data.user` of a send reply). NULL if no id. */
RumbleUser    *rumble_user_new_from_json  (JsonObject  *object);
/* Applies an appearance of the user object; notifies what changed. @tally may be NULL. */
void           rumble_user_update_from_json (RumbleUser       *self,
                                             JsonObject       *object,
                                             RumbleEventTally *tally);
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
RumbleChannel *rumble_channel_new_from_json    (JsonObject       *object,
                                                RumbleEventTally *tally);
void           rumble_channel_update_from_json (RumbleChannel    *self,
                                                JsonObject       *object,
                                                RumbleEventTally *tally);
void           rumble_channel_set_owner        (RumbleChannel *self,
                                                const char    *user_id,
                                                gboolean       is_appearing);
void           rumble_channel_set_touched      (RumbleChannel *self,
                                                guint64        stamp);
guint64        rumble_channel_get_touched      (RumbleChannel *self);

/* RumbleBadge; @site_url resolves relative icon paths. */
RumbleBadge   *rumble_badge_new_from_json (const char       *slug,
                                           JsonObject       *object,
                                           const char       *site_url,
                                           RumbleEventTally *tally);

/* RumbleMessage; NULL when the object is malformed: no usable id, or a time, price,
 * duration or count that is not a sane number. Text longer than @text_max bytes is cut.
 * User and channel are resolved by the caller. */
RumbleMessage *rumble_message_new_from_json (JsonObject       *object,
                                             const char       *request_id,
                                             gsize             text_max,
                                             RumbleEventTally *tally);
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
  gboolean               have_init;
  RumbleEventTally       tally;           /* of the event being applied */

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
