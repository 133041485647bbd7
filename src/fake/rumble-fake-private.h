/* rumble-fake-private.h — the seam between the fake server's core and its other parts
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the service part, the demo, the images and the tests may use of the core; the
 * core's own units share more through rumble-fake-server-private.h.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rumble-fake-server.h"

G_BEGIN_DECLS

typedef struct {
  char     *id;           /* decimal */
  char     *user_id;
  char     *username;
  char     *channel_id;   /* NULL unless posted as a channel */
  char     *channel_name;
  gboolean  is_rant;
  char     *text;         /* may be empty, never NULL */
  gboolean  deleted;      /* by a delete_messages / delete_non_rant_messages event */
} RumbleFakeMessage;

/* Implemented by the service part (rumble-fake-service.c): registers service.php,
 * login.php, /chat/command, the muting pages and the chat host's message routes (send,
 * delete, OPTIONS) on @soup. */
void        rumble_fake_service_install        (RumbleFakeServer *self,
                                                SoupServer       *soup);
void        rumble_fake_service_uninstall      (RumbleFakeServer *self);
/* Whether the session token belongs to an account that moderates the stream (for `init`). */
gboolean    rumble_fake_service_can_moderate   (RumbleFakeServer *self,
                                                const char       *token,
                                                const char       *stream_id_b10);

/* Implemented by the core: the messages the stream has carried, oldest first
 * (array of RumbleFakeMessage, owned by the server), or NULL for an unknown stream. */
GPtrArray  *rumble_fake_server_get_messages    (RumbleFakeServer *self,
                                                const char       *stream_id_b10);
/* Builds and pushes a `messages` event from an account (@user_json is the full chat
 * user object as JSON text), echoing @request_id; returns the new message id. */
char       *rumble_fake_server_post_as         (RumbleFakeServer *self,
                                                const char       *stream_id_b10,
                                                const char       *user_json,
                                                const char       *channel_id,
                                                const char       *channel_json,
                                                const char       *text,
                                                const char       *request_id);
/* A fresh, monotonically increasing 19-digit message id. */
char       *rumble_fake_server_next_message_id (RumbleFakeServer *self);
/* Whether the stream id is known to the server. */
gboolean    rumble_fake_server_has_stream      (RumbleFakeServer *self,
                                                const char       *stream_id_b10);
/* The message object (one line of JSON) as the stream carried it, or NULL. */
char       *rumble_fake_server_get_message_json (RumbleFakeServer *self,
                                                const char       *stream_id_b10,
                                                const char       *message_id);
/* Like push_event, for an event already built as a JSON tree (not consumed). */
void        rumble_fake_server_push_node       (RumbleFakeServer *self,
                                                const char       *stream_id_b10,
                                                JsonNode         *event);
/* "YYYY-MM-DDTHH:MM:SS+00:00", now, never earlier than a previous call. */
char       *rumble_fake_server_next_time       (RumbleFakeServer *self);
/* A fresh 43-character request id (PROTOCOL.md §1.4). */
char       *rumble_fake_server_new_request_id  (RumbleFakeServer *self);

/* The demo generator (rumble-fake-demo.c). */
typedef struct _RumbleFakeDemo RumbleFakeDemo;
RumbleFakeDemo *rumble_fake_demo_new           (RumbleFakeServer *server,
                                                const char       *stream_id_b10,
                                                double            rate,
                                                guint32           seed);
void        rumble_fake_demo_free              (RumbleFakeDemo   *demo);
/* Emits the next demo event at once (used by the timer and by tests). */
void        rumble_fake_demo_step              (RumbleFakeDemo   *demo);

/* Data slot for the service part. */
gpointer    rumble_fake_server_get_service_data (RumbleFakeServer *self);
void        rumble_fake_server_set_service_data (RumbleFakeServer *self,
                                                gpointer          data,
                                                GDestroyNotify    destroy);

/* ---- Test hooks of the service part (rumble-fake-service.c and its units) ----
 *
 * Accounts: MarigoldFinch/hunter2 (87654321, channel 5587001 "MarigoldFinchTV", moderates
 * 298765432), OakModerator/"correct horse" (77001234, 2FA code "123456", channel 5577001
 * "OakModeration", moderates 298765432), Quillback_Tom/tomtom (61234567, no channel, no
 * moderation), demo/demo (70000001, channel 5570001 "DemoChannel", moderates every stream).
 */

typedef struct {
  gint64  record_id;
  char   *username;      /* the muted name, verbatim */
  char   *entity_type;   /* "user" or "channel" */
  char   *stream_id;     /* b10, NULL when muted without `video` */
  char   *type;          /* "video" or "total" */
  gint64  duration;      /* seconds, 0 = no fixed duration */
} RumbleFakeMuteRecord;

void        rumble_fake_mute_record_free       (RumbleFakeMuteRecord *record);

/* Every outstanding 2FA user key becomes invalid ("Invalid or expired user key"). */
void        rumble_fake_service_expire_user_keys (RumbleFakeServer *self);
/* The next answer to a request with a live `u_s` cookie carries a fresh
 * `Set-Cookie: u_s=…` for the same session; the old token keeps working until logout. */
void        rumble_fake_service_renew_next     (RumbleFakeServer *self);
/* The most recently issued token (login, 2FA, renewal, or _login), or NULL. */
char       *rumble_fake_service_dup_latest_token (RumbleFakeServer *self);
/* Number of live tokens (a logout ends its session's tokens, renewed ones included). */
guint       rumble_fake_service_get_n_tokens   (RumbleFakeServer *self);
gboolean    rumble_fake_service_token_is_valid (RumbleFakeServer *self,
                                                const char       *token);
/* A live session for @username without the login dance; returns its token (NULL for an
 * unknown account). */
char       *rumble_fake_service_login          (RumbleFakeServer *self,
                                                const char       *username);
/* Adds (or updates) a mute record; @entity_type NULL = "user", @type NULL = "total",
 * @stream_id_b10 may be NULL. Returns the record id (4410021, 4410022, …). */
gint64      rumble_fake_service_add_mute_record (RumbleFakeServer *self,
                                                const char       *username,
                                                const char       *entity_type,
                                                const char       *stream_id_b10,
                                                const char       *type);
/* Current mute records by record id (a copy; free with g_ptr_array_unref). */
GPtrArray  *rumble_fake_service_get_mute_records (RumbleFakeServer *self);
void        rumble_fake_service_set_moderator  (RumbleFakeServer *self,
                                                const char       *username,
                                                const char       *stream_id_b10,
                                                gboolean          moderator);
/* The message id pinned through chat.message.pin on the stream, or NULL. */
char       *rumble_fake_service_dup_pinned     (RumbleFakeServer *self,
                                                const char       *stream_id_b10);
/* The fake's own §2.3 hash: "H1,H2,S1" for @password and the three salts. */
char       *rumble_fake_service_compute_hashes (const char       *password,
                                                const char       *salt0,
                                                const char       *salt1,
                                                const char       *salt2);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RumbleFakeMuteRecord, rumble_fake_mute_record_free)

/* The image routes: badges under /i/badges/, hostile servers under /i/hostile/
 * (rumble-fake-images.c). */
typedef struct _RumbleFakeImages RumbleFakeImages;
RumbleFakeImages *rumble_fake_images_new      (RumbleFakeServer  *server);
/* Ends every stalled reply: call it while the SoupServer is still up. */
void        rumble_fake_images_free            (RumbleFakeImages  *images);
/* Answers @msg when @path is one of the routes; FALSE otherwise. */
gboolean    rumble_fake_images_handle          (RumbleFakeImages  *images,
                                                SoupServerMessage *msg,
                                                const char        *path);

/* Badge icons: the size and colour of the fixture's badge at @path ("/i/badges/…"). */
gboolean    rumble_fake_fixture_find_badge     (const char        *path,
                                                guint             *size,
                                                guint32           *rgb);

/* The PNG encoder (rumble-fake-png.c): a filled circle of @size px in @rgb (0xRRGGBB) with a
 * darker rim, and with @face two eyes and a smile. */
GBytes     *rumble_fake_png_new                (guint              size,
                                                guint32            rgb,
                                                gboolean           face);
/* A 48 px face, for the emote catalogue's images. */
GBytes     *rumble_fake_png_new_emote          (guint32            rgb);

/* Faults (rumble-fake-faults.c): the oldest fault of @route, or NULL; take_fault uses it
 * once and returns a copy (free with rumble_fake_fault_free). */
const RumbleFakeFault *rumble_fake_server_peek_fault (RumbleFakeServer *self,
                                                const char        *route);
RumbleFakeFault *rumble_fake_server_take_fault (RumbleFakeServer  *self,
                                                const char        *route);
void        rumble_fake_fault_free             (RumbleFakeFault   *fault);
/* Sets the fault's headers (and Location) on the response. */
void        rumble_fake_fault_add_headers      (const RumbleFakeFault *fault,
                                                SoupServerMessage *msg);
/* Answers a STATUS fault: its status and reason, its body (else @default_body, may be
 * NULL), then its headers. */
void        rumble_fake_fault_respond          (const RumbleFakeFault *fault,
                                                SoupServerMessage *msg,
                                                const char        *default_body);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RumbleFakeFault, rumble_fake_fault_free)

/* JSON shorthands (rumble-fake-json.c). The member_ functions add one member; a NULL
 * string is written as null. The readers are tolerant: a missing member or one of
 * another type gives NULL. */
void        rumble_fake_json_member_string     (JsonBuilder       *builder,
                                                const char        *name,
                                                const char        *value);
void        rumble_fake_json_member_int        (JsonBuilder       *builder,
                                                const char        *name,
                                                gint64             value);
void        rumble_fake_json_member_bool       (JsonBuilder       *builder,
                                                const char        *name,
                                                gboolean           value);
void        rumble_fake_json_member_null       (JsonBuilder       *builder,
                                                const char        *name);
JsonObject *rumble_fake_json_get_object        (JsonObject        *obj,
                                                const char        *name);
JsonArray  *rumble_fake_json_get_array         (JsonObject        *obj,
                                                const char        *name);
const char *rumble_fake_json_get_string        (JsonObject        *obj,
                                                const char        *name);
/* An id given as a JSON string or number, as a decimal string (NULL otherwise). */
char       *rumble_fake_json_node_to_id        (JsonNode          *node);
char       *rumble_fake_json_get_id            (JsonObject        *obj,
                                                const char        *name);
JsonNode   *rumble_fake_json_parse             (const char        *text,
                                                gssize             len);
char       *rumble_fake_json_builder_to_string (JsonBuilder       *builder);
/* A message's `text` and its `blocks`: one text.1 block, none for an empty text. */
void        rumble_fake_json_member_text       (JsonBuilder       *builder,
                                                const char        *text);
/* Opens a `messages` event around one message and writes its first members:
 * {"request_id", "type": "messages", "data": {"messages": [{"id", "time", "user_id", …
 * The caller ends the message and the array, adds `users` and `channels`, and ends the
 * data and the event. */
void        rumble_fake_json_begin_message_event (JsonBuilder     *builder,
                                                const char        *request_id,
                                                const char        *id,
                                                const char        *time,
                                                const char        *user_id);

G_END_DECLS
