/* rumble-fake-server.h — an imitation of Rumble's chat and site servers on loopback
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SoupServer on 127.0.0.1 serves both route sets: the chat host under
 * "{url}/chat/api" and the rumble.com routes (service.php, login.php, embedJS, pages)
 * at "{url}". It shares no code with the client: its JSON is written independently.
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define RUMBLE_FAKE_DEFAULT_STREAM "298765432"

typedef enum {
  RUMBLE_FAKE_FAULT_NONE,
  RUMBLE_FAKE_FAULT_CUT,            /* close the stream after @param bytes of body */
  RUMBLE_FAKE_FAULT_STATUS,         /* answer HTTP @status (500, 502, 204, 404, 408, 429…) */
  RUMBLE_FAKE_FAULT_GARBAGE,        /* 200 text/event-stream, @param random bytes (0: 4096), EOF */
  RUMBLE_FAKE_FAULT_WRONG_TYPE,     /* 200 text/html */
  RUMBLE_FAKE_FAULT_DRIP,           /* send the body one byte every @param ms */
  RUMBLE_FAKE_FAULT_STALL,          /* send headers, then nothing (other routes: no answer) */
} RumbleFakeFaultKind;

/* The route name of the chat stream (/chat/api/chat/ID/stream, any ID) for faults. */
#define RUMBLE_FAKE_ROUTE_STREAM "stream"

/* A fault to inject: what goes wrong, on which route, for how many requests.
 *
 * @route is RUMBLE_FAKE_ROUTE_STREAM or an endpoint of the service part: a service.php
 * `name` ("user.login", "moderation.mute", "emote.list", …), or "send", "delete",
 * "options" (chat host message routes), "chat" (them with a wrong method), "command"
 * (/chat/command), "login.php", "muting" (/account/moderation/muting), "emote.image",
 * "front" (/), "auth" (the auth.rumble.com login page).
 *
 * The stream takes every kind. CUT, DRIP and STALL shape a normal stream response, so
 * only a request for a live stream uses them up; the others answer any stream request.
 * CUT counts every body byte the connection would have sent, the `init` included, and
 * ends the body cleanly (terminating chunk) at that point. The other routes take
 * STATUS (answered without doing the action, unless @after_action) and STALL (never
 * answered: the client's deadline must fire). */
typedef struct {
  const char          *route;
  RumbleFakeFaultKind  kind;
  guint                status;        /* STATUS: the HTTP status (100–599) */
  gint64               param;         /* CUT, GARBAGE, DRIP: see RumbleFakeFaultKind */
  guint                count;         /* requests it applies to; 0 = until cleared */
  const char          *body;          /* STATUS: raw body, may be malformed; sent as
                                       * application/json unless it starts with '<'
                                       * (NULL: empty, or an HTML page on the stream) */
  const char          *reason;        /* STATUS: reason phrase, sent as given, controls
                                       * included (NULL = the usual) */
  const char * const  *headers;       /* extra response headers: name, value, …, NULL;
                                       * they replace the fault's own (Content-Type too) */
  const char          *location;      /* a Location header, e.g. for a 302 */
  gboolean             after_action;  /* STATUS on a service route: the action happens
                                       * first (events pushed, state changed): an
                                       * ambiguous outcome for the client */
} RumbleFakeFault;

typedef struct {
  char               *method;
  char               *path;
  char               *query;     /* raw query string or NULL */
  SoupMessageHeaders *headers;   /* a copy */
  GBytes             *body;      /* may be empty */
} RumbleFakeRequest;

#define RUMBLE_TYPE_FAKE_SERVER (rumble_fake_server_get_type ())
G_DECLARE_FINAL_TYPE (RumbleFakeServer, rumble_fake_server, RUMBLE, FAKE_SERVER, GObject)

/* Creates and starts listening on 127.0.0.1:@port (0 = random). A live stream
 * RUMBLE_FAKE_DEFAULT_STREAM exists with the fixture chat's init. */
RumbleFakeServer *rumble_fake_server_new            (guint             port,
                                                     GError          **error)
                                                     G_GNUC_WARN_UNUSED_RESULT;
/* The same on another loopback address (e.g. "127.0.0.2", which Linux routes to lo): a
 * second host for tests of what crosses from one host to another. */
RumbleFakeServer *rumble_fake_server_new_on_address (const char       *address,
                                                     guint             port,
                                                     GError          **error)
                                                     G_GNUC_WARN_UNUSED_RESULT;
/* "http://127.0.0.1:PORT" — the site base; chat base is this + "/chat/api". */
const char       *rumble_fake_server_get_url        (RumbleFakeServer *self);
const char       *rumble_fake_server_get_chat_url   (RumbleFakeServer *self);
guint             rumble_fake_server_get_port       (RumbleFakeServer *self);

/* Streams. An unknown id answers 204 like Rumble does. Setting a stream not live
 * closes its open connections (their next request gets 204). The push functions
 * below expect a known stream id. */
void              rumble_fake_server_add_stream     (RumbleFakeServer *self,
                                                     const char       *stream_id_b10,
                                                     gboolean          live);
void              rumble_fake_server_set_live       (RumbleFakeServer *self,
                                                     const char       *stream_id_b10,
                                                     gboolean          live);
/* Number of open SSE connections for the stream. */
guint             rumble_fake_server_get_n_listeners (RumbleFakeServer *self,
                                                     const char       *stream_id_b10);
/* Close every open SSE connection of the stream (a clean EOF). */
void              rumble_fake_server_close_streams  (RumbleFakeServer *self,
                                                     const char       *stream_id_b10);
/* Send raw bytes to every open connection of the stream (may be malformed on purpose). */
void              rumble_fake_server_push_raw       (RumbleFakeServer *self,
                                                     const char       *stream_id_b10,
                                                     const char       *bytes,
                                                     gssize            len);
/* Send one event (@json is the `data` payload, one line) to every open connection.
 * `messages` events are also remembered so that the next `init` carries them. */
void              rumble_fake_server_push_event     (RumbleFakeServer *self,
                                                     const char       *stream_id_b10,
                                                     const char       *json);
/* Post a regular chat message from a scripted user; returns the new message id. */
char             *rumble_fake_server_push_message   (RumbleFakeServer *self,
                                                     const char       *stream_id_b10,
                                                     const char       *username,
                                                     const char       *text)
                                                     G_GNUC_WARN_UNUSED_RESULT;
/* A flood of new accounts: @n `messages` events, each one message from an account never
 * seen before ("Newcomer<k>", user ids from 910000000 up), every tenth posted as a channel
 * of its own. Sent as one write, and not kept for the next `init`. */
void              rumble_fake_server_push_new_accounts (RumbleFakeServer *self,
                                                     const char       *stream_id_b10,
                                                     guint             n);
/* How many backlog messages an `init` carries (default 50). */
void              rumble_fake_server_set_backlog_len (RumbleFakeServer *self,
                                                     guint             n);

/* Faults of one route queue up: the oldest applies until its @count is spent. The
 * description is copied. */
void              rumble_fake_server_add_fault      (RumbleFakeServer      *self,
                                                     const RumbleFakeFault *fault);
/* Forgets the faults of @route (NULL: of every route). */
void              rumble_fake_server_clear_faults   (RumbleFakeServer      *self,
                                                     const char            *route);

/* Hostile image servers (a badge or emote URL comes from chat data), on the site base:
 *   /i/hostile/stall…          200 image/png, the headers and 8 bytes, then nothing ever
 *                              (any name starting with "stall", so each URL is distinct)
 *   /i/hostile/redirect-http.png  302 to plain http on RUMBLE_FAKE_OTHER_HOST (same port),
 *                              another host, where /i/hostile/redirected.png is served
 *   /i/hostile/redirect-same.png  302 to /i/hostile/redirected.png on the same host
 *   /i/hostile/redirect-loop.png  302 to itself
 *   /i/hostile/redirected.png  200, a 48 px PNG
 * The server also listens on RUMBLE_FAKE_OTHER_HOST when it can (the same port). */
#define RUMBLE_FAKE_OTHER_HOST "127.0.0.2"

/* Locator pages: a video page /VIDEO-slug.html and embed id, a channel live page
 * (@live_embed_id NULL: not live). */
void              rumble_fake_server_add_video      (RumbleFakeServer *self,
                                                     const char       *video_id,   /* "v6xyz12" */
                                                     const char       *embed_id,   /* "v5abcde" */
                                                     const char       *stream_id_b10);
void              rumble_fake_server_add_channel    (RumbleFakeServer *self,
                                                     const char       *name,
                                                     const char       *live_embed_id);

/* Demo traffic: a lively invented chat on @stream_id_b10 at @rate messages per second. */
void              rumble_fake_server_start_demo     (RumbleFakeServer *self,
                                                     const char       *stream_id_b10,
                                                     double            rate);
void              rumble_fake_server_stop_demo      (RumbleFakeServer *self);
/* Seed for the next start_demo: the same seed gives the same sequence of events
 * (0 = a random seed, the default). */
void              rumble_fake_server_set_demo_seed  (RumbleFakeServer *self,
                                                     guint32           seed);

/* Request log (every request received, in order): an array of RumbleFakeRequest. */
GPtrArray        *rumble_fake_server_get_requests   (RumbleFakeServer *self);
void              rumble_fake_server_clear_requests (RumbleFakeServer *self);
/* Last request whose method matches and whose path starts with @path_prefix, or NULL. */
const RumbleFakeRequest *rumble_fake_server_find_request (RumbleFakeServer *self,
                                                     const char       *method,
                                                     const char       *path_prefix);
/* Form field of a logged urlencoded request body (or query), newly allocated or NULL. */
char             *rumble_fake_request_get_form_field (const RumbleFakeRequest *request,
                                                     const char       *name);
/* Value of the cookie @name (e.g. `u_s`) the request carried, or NULL. */
char             *rumble_fake_request_get_cookie    (const RumbleFakeRequest *request,
                                                     const char       *name);
RumbleFakeRequest *rumble_fake_request_copy         (const RumbleFakeRequest *request);
void              rumble_fake_request_free          (RumbleFakeRequest *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RumbleFakeRequest, rumble_fake_request_free)

G_END_DECLS
