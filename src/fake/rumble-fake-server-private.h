/* rumble-fake-server-private.h — the fake server's core, shared by its units
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only the core's own units include this (rumble-fake-server.c, -stream.c, -post.c,
 * -sse.c, -site.c, -requests.c, -faults.c, -fixture.c); the service part and the
 * demo go through rumble-fake-private.h.
 */
#pragma once

#include "rumble-fake-private.h"

G_BEGIN_DECLS

/* The time of the fixture's last message: 2026-04-20T18:02:10Z. */
#define RUMBLE_FAKE_FIXTURE_LAST_TIME G_GINT64_CONSTANT (1776708130)

typedef struct {
  RumbleFakeMessage  pub;     /* first member: the seam hands out &pub */
  JsonNode          *node;    /* the message object as carried */
} FakeMessage;

typedef struct _FakeConn FakeConn;

typedef struct {
  char       *id;
  gboolean    live;
  GPtrArray  *messages;       /* of FakeMessage, oldest first */
  GHashTable *users;          /* id -> JsonNode (user object) */
  GHashTable *channels;       /* id -> JsonNode (channel object) */
  JsonNode   *pinned;         /* message object or NULL */
  GPtrArray  *conns;          /* of FakeConn, each freed by conn_drop () */
} FakeStream;

typedef struct {
  char *embed_id;
  char *stream_id;
} FakeVideo;

struct _RumbleFakeServer
{
  GObject          parent_instance;

  SoupServer      *soup;
  char            *url;
  char            *chat_url;
  guint            port;

  GHashTable      *streams;        /* id -> FakeStream */
  GHashTable      *videos;         /* video id -> FakeVideo */
  GHashTable      *embeds;         /* embed id -> stream id */
  GHashTable      *site_channels;  /* name -> live embed id, or "" when not live */
  JsonNode        *config;
  guint            backlog_len;
  guint64          next_id;
  gint64           last_time;
  guint            next_account;   /* rumble_fake_server_push_new_accounts() */
  GRand           *rand;

  GQueue           faults;         /* of RumbleFakeFault (owned copies), oldest first */

  GPtrArray       *requests;       /* of RumbleFakeRequest */

  RumbleFakeDemo  *demo;
  guint32          demo_seed;
  gboolean         service_installed;

  gpointer         service_data;
  GDestroyNotify   service_destroy;

  RumbleFakeImages *images;
};

/* Streams (rumble-fake-stream.c). */
FakeStream *rumble_fake_stream_new             (const char        *id,
                                                gboolean           live);
void        rumble_fake_stream_free            (gpointer           data);
FakeStream *rumble_fake_server_lookup_stream   (RumbleFakeServer  *self,
                                                const char        *id);
/* Keeps what the next `init` needs from an event the stream carried. */
void        rumble_fake_stream_remember_event  (RumbleFakeServer  *self,
                                                FakeStream        *stream,
                                                JsonNode          *event);

/* The SSE route (rumble-fake-sse.c). */
void        rumble_fake_server_handle_stream   (RumbleFakeServer  *self,
                                                SoupServerMessage *msg,
                                                const char        *stream_id);
/* Sends raw bytes / one `data:` event to every open connection of the stream. */
void        rumble_fake_stream_broadcast       (FakeStream        *stream,
                                                const char        *data,
                                                gsize              len);
void        rumble_fake_stream_broadcast_event (FakeStream        *stream,
                                                const char        *json);
/* Ends every open connection of the stream cleanly. */
void        rumble_fake_stream_close_all       (FakeStream        *stream);

/* The fixture chat (rumble-fake-fixture.c). */
JsonNode   *rumble_fake_fixture_new_config     (void);
/* Gives the default stream the fixture's backlog and pinned message. */
void        rumble_fake_fixture_seed           (RumbleFakeServer  *self,
                                                FakeStream        *stream);
/* A copy of the cast member's user object, or NULL. */
JsonNode   *rumble_fake_fixture_find_cast_user (const char        *username);

/* The locator pages (rumble-fake-site.c). */
void        rumble_fake_video_free             (gpointer           data);
gboolean    rumble_fake_server_handle_site_route (RumbleFakeServer  *self,
                                                SoupServerMessage *msg,
                                                const char        *path,
                                                const char        *query);

/* The request log (rumble-fake-requests.c). */
void        rumble_fake_server_log_request     (RumbleFakeServer  *self,
                                                SoupServerMessage *msg);
char       *rumble_fake_cookie_from_headers    (SoupMessageHeaders *headers,
                                                const char        *name);

G_END_DECLS
