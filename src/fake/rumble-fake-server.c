/* rumble-fake-server.c — an imitation of Rumble's chat and site servers on loopback
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The core: the SSE stream with its `init` snapshot, scripted traffic, fault
 * injection, the request log, the locator pages (video page, embedJS, channel
 * live page) and the badge icons. The service.php part lives in
 * rumble-fake-service.c, the demo chat in rumble-fake-demo.c.
 *
 * Every core route is answered from the SoupServer "request-read" signal, which
 * also logs the request: that leaves the handler path map entirely to the
 * service part, so the two never replace each other's handlers.
 */
#define G_LOG_DOMAIN "rumble-fake"

#include "config.h"

#include <string.h>

#include "rumble-fake-private.h"

#define FIRST_MESSAGE_ID   G_GUINT64_CONSTANT (1402937465012345700)
#define DEFAULT_BACKLOG    50
#define MIN_RETAINED       2000      /* messages remembered per stream, at least */
#define MAX_REQUESTS       10000     /* request log bound; the oldest half goes */
#define PAGE_FILLER        (256 * 1024)
#define STREAM_PREFIX      "/chat/api/chat/"
#define STREAM_SUFFIX      "/stream"
#define WRONG_TYPE_PAGE    "<!DOCTYPE html><html><body>Just a moment...</body></html>\n"

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

struct _FakeConn {
  FakeStream        *stream;
  SoupServerMessage *msg;
  RumbleFakeFault    fault;   /* NONE, CUT, DRIP or STALL */
  gint64             param;
  guint64            sent;    /* body bytes handed to libsoup */
  GByteArray        *drip;    /* bytes waiting for the drip timer */
  guint              drip_id;
  GSource           *peer;    /* notices the client closing while we are quiet */
};

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
  GHashTable      *pngs;           /* request path -> GBytes */
  JsonNode        *config;
  guint            backlog_len;
  guint64          next_id;
  gint64           last_time;
  guint            next_account;   /* rumble_fake_server_push_new_accounts() */
  GRand           *rand;

  RumbleFakeFault  fault;
  gint64           fault_param;
  guint            fault_left;     /* 0 = until cleared */
  char            *fault_header_name;
  char            *fault_header_value;
  char            *fault_reason;   /* reason phrase of STATUS faults, or NULL */

  GPtrArray       *requests;       /* of RumbleFakeRequest */

  RumbleFakeDemo  *demo;
  guint32          demo_seed;
  gboolean         service_installed;

  gpointer         service_data;
  GDestroyNotify   service_destroy;

  RumbleFakeImages *images;
};

G_DEFINE_FINAL_TYPE (RumbleFakeServer, rumble_fake_server, G_TYPE_OBJECT)

/* The cast of PROTOCOL.md §8, used by push_message. */
static const char * const default_cast[] = {
  "{\"id\":\"87654321\",\"username\":\"MarigoldFinch\",\"link\":\"/user/MarigoldFinch\","
  "\"is_follower\":true,"
  "\"image.1\":\"https://ak2.rmbl.ws/z0/M/f/7/k/Mf7kQ.asF-MarigoldFinch-r1a2b3.jpeg\","
  "\"color\":\"#c38b1b\","
  "\"badges\":[\"premium\",\"recurring_subscription\"]}",
  "{\"id\":\"61234567\",\"username\":\"Quillback_Tom\",\"link\":\"/user/Quillback_Tom\","
  "\"is_follower\":false,"
  "\"color\":\"#6a5acd\"}",
  "{\"id\":\"77001234\",\"username\":\"OakModerator\",\"link\":\"/user/OakModerator\","
  "\"is_follower\":true,"
  "\"color\":\"#d2691e\",\"badges\":[\"moderator\"]}",
  "{\"id\":\"90011223\",\"username\":\"CedarHollowLive\",\"link\":\"/user/CedarHollowLive\","
  "\"is_follower\":false,"
  "\"image.1\":\"https://ak2.rmbl.ws/z0/Q/x/1/a/Qx1aB.asF-CedarHollowLive-s0m3id.jpeg\","
  "\"color\":\"#2e8b57\","
  "\"badges\":[\"admin\",\"verified\"]}",
  "{\"id\":\"55500777\",\"username\":\"NorthwindGames\",\"link\":\"/user/NorthwindGames\","
  "\"is_follower\":false,"
  "\"color\":\"#4682b4\",\"badges\":[\"verified\"]}",
};

/* The fixture chat of PROTOCOL.md §8.2, carried by the default stream. */
static const char default_backlog[] =
  "{\"type\":\"messages\",\"data\":{\"messages\":["
  "{\"id\":\"1402937465012345601\",\"time\":\"2026-04-20T18:01:55+00:00\",\"user_id\":\"87654321\","
  "\"text\":\"Evening everyone!\",\"blocks\":[{\"type\":\"text.1\",\"data\":{\"text\":\"Evening eve"
  "ryone!\"}}],"
  "\"type\":\"regular\"},"
  "{\"id\":\"1402937465012345602\",\"time\":\"2026-04-20T18:02:10+00:00\",\"user_id\":\"90011223\","
  "\"text\":\"Welcome in, we start in a minute.\",\"blocks\":[{\"type\":\"text.1\","
  "\"data\":{\"text\":"
  "\"Welcome in, we start in a minute.\"}}],\"type\":\"regular\",\"channel_id\":5512345}],"
  "\"users\":["
  "{\"id\":\"87654321\",\"username\":\"MarigoldFinch\",\"link\":\"/user/MarigoldFinch\","
  "\"is_follower\":true,"
  "\"image.1\":\"https://ak2.rmbl.ws/z0/M/f/7/k/Mf7kQ.asF-MarigoldFinch-r1a2b3.jpeg\","
  "\"color\":\"#c38b1b\","
  "\"badges\":[\"premium\",\"recurring_subscription\"]},"
  "{\"id\":\"90011223\",\"username\":\"CedarHollowLive\",\"link\":\"/user/CedarHollowLive\","
  "\"is_follower\":false,"
  "\"image.1\":\"https://ak2.rmbl.ws/z0/Q/x/1/a/Qx1aB.asF-CedarHollowLive-s0m3id.jpeg\","
  "\"color\":\"#2e8b57\","
  "\"badges\":[\"admin\",\"verified\"]}],"
  "\"channels\":[{\"id\":\"5512345\",\"username\":\"CedarHollow\",\"link\":\"/c/CedarHollow\","
  "\"image.1\":\"https://ak2.rmbl.ws/z0/C/h/9/z/Ch9zT.baa-CedarHollow-t9u8v7.png\"}]}}";

static const char default_pinned[] =
  "{\"type\":\"pin_message\",\"data\":{\"message\":"
  "{\"id\":\"1402937465012345590\",\"time\":\"2026-04-20T17:58:00+00:00\",\"user_id\":\"90011223\","
  "\"text\":\"Be kind. Rules: rumble.com/c/CedarHollow/about\",\"blocks\":[{\"type\":\"text.1\","
  "\"data\":"
  "{\"text\":\"Be kind. Rules: rumble.com/c/CedarHollow/about\"}}],\"type\":\"regular\","
  "\"channel_id\":5512345}}}";

#define DEFAULT_LAST_TIME G_GINT64_CONSTANT (1776708130)   /* 2026-04-20T18:02:10Z */

static const struct {
  int         dollars;
  int         duration;
  const char *fg;
  const char *main;
  const char *bg2;
} rant_levels[] = {
  {   1,  120, "white", "#4a90e2", "#4382cb" },
  {   2,  180, "white", "#50a060", "#478f56" },
  {   5,  300, "black", "#f8e71c", "#dfd019" },
  {  10,  600, "black", "#f5a623", "#dc951f" },
  {  20, 1200, "white", "#bd10e0", "#aa0eca" },
  {  50, 2400, "white", "#d0021b", "#bb0218" },
  { 100, 3600, "white", "#e91e63", "#d11b59" },
};

static const struct {
  const char *slug;
  const char *file;     /* /i/badges/FILE_48.png */
  const char *label;
  gboolean    has_96;
  guint32     rgb;
} badges[] = {
  { "admin",                  "admin",            "Admin",            TRUE,  0xd0342c },
  { "moderator",              "moderator",        "Moderator",        TRUE,  0x2e9e44 },
  { "verified",               "verified",         "Verified",         FALSE, 0x1d8fe1 },
  { "premium",                "premium",          "Rumble Premium",   FALSE, 0x85c742 },
  { "recurring_subscription", "sub",              "Subscriber",       FALSE, 0x8e44ad },
  { "locals",                 "locals",           "Locals",           FALSE, 0xf39c12 },
  { "locals_supporter",       "locals_supporter", "Locals Supporter", FALSE, 0xe67e22 },
  { "whale-grey",             "whale_grey",       "Whale",            FALSE, 0x95a5a6 },
  { "whale-yellow",           "whale_yellow",     "Whale",            FALSE, 0xf1c40f },
  { "whale-blue",             "whale_blue",       "Whale",            FALSE, 0x3498db },
};

/* JsonBuilder shorthands: one member per line. */
static void
member_str (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
member_int (JsonBuilder *builder,
            const char  *name,
            gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
member_bool (JsonBuilder *builder,
             const char  *name,
             gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

static void
member_null (JsonBuilder *builder,
             const char  *name)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_null_value (builder);
}

/* ---- small JSON helpers (tolerant readers of what tests push) ---------- */

static JsonObject *
obj_member_object (JsonObject *obj,
                   const char *name)
{
  JsonNode *node = obj ? json_object_get_member (obj, name) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
obj_member_array (JsonObject *obj,
                  const char *name)
{
  JsonNode *node = obj ? json_object_get_member (obj, name) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static const char *
obj_member_string (JsonObject *obj,
                   const char *name)
{
  JsonNode *node = obj ? json_object_get_member (obj, name) : NULL;

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

/* An id given as a JSON string or number, as a decimal string (NULL otherwise). */
static char *
node_to_id (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      return s && *s ? g_strdup (s) : NULL;
    }
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

static char *
obj_member_id (JsonObject *obj,
               const char *name)
{
  return obj ? node_to_id (json_object_get_member (obj, name)) : NULL;
}

static JsonNode *
parse_json (const char *text,
            gssize      len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, text, len, NULL) ||
      json_parser_get_root (parser) == NULL)
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

/* ---- streams and messages --------------------------------------------- */

static void
fake_message_free (gpointer data)
{
  FakeMessage *m = data;

  g_free (m->pub.id);
  g_free (m->pub.user_id);
  g_free (m->pub.username);
  g_free (m->pub.channel_id);
  g_free (m->pub.channel_name);
  g_free (m->pub.text);
  json_node_unref (m->node);
  g_free (m);
}

static void conn_drop  (FakeConn *conn);
static void conn_close (FakeConn *conn);

static FakeStream *
fake_stream_new (const char *id,
                 gboolean    live)
{
  FakeStream *stream = g_new0 (FakeStream, 1);

  stream->id = g_strdup (id);
  stream->live = live;
  stream->messages = g_ptr_array_new_with_free_func (fake_message_free);
  stream->users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) json_node_unref);
  stream->channels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) json_node_unref);
  stream->conns = g_ptr_array_new ();
  return stream;
}

static void
fake_stream_close_all (FakeStream *stream)
{
  while (stream->conns->len > 0)
    conn_close (g_ptr_array_index (stream->conns, stream->conns->len - 1));
}

static void
fake_stream_free (gpointer data)
{
  FakeStream *stream = data;

  fake_stream_close_all (stream);
  g_ptr_array_unref (stream->conns);
  g_ptr_array_unref (stream->messages);
  g_hash_table_unref (stream->users);
  g_hash_table_unref (stream->channels);
  g_clear_pointer (&stream->pinned, json_node_unref);
  g_free (stream->id);
  g_free (stream);
}

static void
fake_video_free (gpointer data)
{
  FakeVideo *video = data;

  g_free (video->embed_id);
  g_free (video->stream_id);
  g_free (video);
}

static FakeStream *
lookup_stream (RumbleFakeServer *self,
               const char       *id)
{
  return id ? g_hash_table_lookup (self->streams, id) : NULL;
}

static guint
retained_max (RumbleFakeServer *self)
{
  return MAX (self->backlog_len, MIN_RETAINED);
}

static void
remember_message (RumbleFakeServer *self,
                  FakeStream       *stream,
                  JsonNode         *node)
{
  JsonObject *obj = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  g_autofree char *id = obj_member_id (obj, "id");
  FakeMessage *m;
  JsonNode *user;
  JsonNode *channel;
  const char *text;
  JsonNode *rant;

  if (id == NULL)
    return;

  m = g_new0 (FakeMessage, 1);
  m->node = json_node_copy (node);
  m->pub.id = g_steal_pointer (&id);
  m->pub.user_id = obj_member_id (obj, "user_id");
  m->pub.channel_id = obj_member_id (obj, "channel_id");
  text = obj_member_string (obj, "text");
  m->pub.text = g_strdup (text ? text : "");
  rant = json_object_get_member (obj, "rant");
  m->pub.is_rant = rant != NULL && !JSON_NODE_HOLDS_NULL (rant);

  user = m->pub.user_id ? g_hash_table_lookup (stream->users, m->pub.user_id) : NULL;
  if (user)
    m->pub.username = g_strdup (obj_member_string (json_node_get_object (user), "username"));
  channel = m->pub.channel_id ? g_hash_table_lookup (stream->channels, m->pub.channel_id) : NULL;
  if (channel)
    m->pub.channel_name = g_strdup (obj_member_string (json_node_get_object (channel), "username"));

  g_ptr_array_add (stream->messages, m);

  /* Trim in batches so that a long demo costs one move per many messages. */
  if (stream->messages->len > retained_max (self) + retained_max (self) / 4)
    g_ptr_array_remove_range (stream->messages, 0, stream->messages->len - retained_max (self));
}

static void
remember_objects (GHashTable *table,
                  JsonArray  *array)
{
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *id = NULL;

      /* `[[]]` (an array in place of the objects) is Rumble's "no channels". */
      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      id = obj_member_id (json_node_get_object (node), "id");
      if (id)
        g_hash_table_replace (table, g_steal_pointer (&id), json_node_copy (node));
    }
}

static void
mark_deleted (FakeStream *stream,
              JsonArray  *ids)
{
  for (guint i = 0; ids && i < json_array_get_length (ids); i++)
    {
      g_autofree char *id = node_to_id (json_array_get_element (ids, i));

      for (guint j = stream->messages->len; id && j > 0; j--)
        {
          FakeMessage *m = g_ptr_array_index (stream->messages, j - 1);

          if (g_str_equal (m->pub.id, id))
            {
              m->pub.deleted = TRUE;
              break;
            }
        }
    }
}

/* Keeps what the next `init` needs from an event the stream carried. */
static void
remember_event (RumbleFakeServer *self,
                FakeStream       *stream,
                JsonNode         *event)
{
  JsonObject *root = JSON_NODE_HOLDS_OBJECT (event) ? json_node_get_object (event) : NULL;
  JsonObject *data = obj_member_object (root, "data");
  const char *type = obj_member_string (root, "type");

  if (type == NULL || data == NULL)
    return;

  if (g_str_equal (type, "messages"))
    {
      JsonArray *messages = obj_member_array (data, "messages");

      remember_objects (stream->users, obj_member_array (data, "users"));
      remember_objects (stream->channels, obj_member_array (data, "channels"));
      for (guint i = 0; messages && i < json_array_get_length (messages); i++)
        remember_message (self, stream, json_array_get_element (messages, i));
    }
  else if (g_str_equal (type, "delete_messages") || g_str_equal (type, "delete_non_rant_messages"))
    {
      mark_deleted (stream, obj_member_array (data, "message_ids"));
    }
  else if (g_str_equal (type, "pin_message"))
    {
      JsonNode *message = json_object_get_member (data, "message");

      g_clear_pointer (&stream->pinned, json_node_unref);
      if (message && JSON_NODE_HOLDS_OBJECT (message))
        stream->pinned = json_node_copy (message);
    }
  else if (g_str_equal (type, "unpin_message"))
    {
      g_clear_pointer (&stream->pinned, json_node_unref);
    }
}

/* ---- connections ------------------------------------------------------ */

static void
on_conn_gone (SoupServerMessage *msg,
              FakeConn          *conn)
{
  conn_drop (conn);
}

static void
conn_drop (FakeConn *conn)
{
  g_signal_handlers_disconnect_by_data (conn->msg, conn);
  g_ptr_array_remove (conn->stream->conns, conn);
  g_clear_handle_id (&conn->drip_id, g_source_remove);
  g_clear_pointer (&conn->drip, g_byte_array_unref);
  if (conn->peer)
    {
      g_source_destroy (conn->peer);
      g_clear_pointer (&conn->peer, g_source_unref);
    }
  g_object_unref (conn->msg);
  g_free (conn);
}

/* A clean end of the body (the terminating chunk), then forget the connection. */
static void
conn_close (FakeConn *conn)
{
  soup_message_body_complete (soup_server_message_get_response_body (conn->msg));
  soup_server_message_unpause (conn->msg);
  conn_drop (conn);
}

/* libsoup only sees a closed client when it next writes; a quiet stream would keep
 * counting it as a listener. So peek at the socket: EOF means the client left. */
static gboolean
conn_peer_cb (GSocket      *socket,
              GIOCondition  condition,
              gpointer      data)
{
  FakeConn *conn = data;
  char byte;
  GInputVector vector = { &byte, 1 };
  int flags = G_SOCKET_MSG_PEEK;
  g_autoptr(GError) error = NULL;
  gssize n = g_socket_receive_message (socket, NULL, &vector, 1, NULL, NULL, &flags, NULL, &error);

  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    return G_SOURCE_CONTINUE;
  if (n > 0)
    {
      /* The client sent something (a pipelined request): that is libsoup's business. */
      g_clear_pointer (&conn->peer, g_source_unref);
      return G_SOURCE_REMOVE;
    }
  conn_close (conn);
  return G_SOURCE_REMOVE;
}

static void
conn_watch_peer (FakeConn *conn)
{
  GSocket *socket = soup_server_message_get_socket (conn->msg);

  if (socket == NULL)
    return;
  conn->peer = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (conn->peer, G_SOURCE_FUNC (conn_peer_cb), conn, NULL);
  g_source_attach (conn->peer, g_main_context_get_thread_default ());
}

static void
conn_append (FakeConn   *conn,
             const char *data,
             gsize       len)
{
  if (len == 0)
    return;
  soup_message_body_append (soup_server_message_get_response_body (conn->msg),
                            SOUP_MEMORY_COPY, data, len);
  conn->sent += len;
  soup_server_message_unpause (conn->msg);
}

static gboolean
conn_drip_cb (gpointer data)
{
  FakeConn *conn = data;

  conn_append (conn, (const char *) conn->drip->data, 1);
  g_byte_array_remove_index (conn->drip, 0);
  if (conn->drip->len > 0)
    return G_SOURCE_CONTINUE;
  conn->drip_id = 0;
  return G_SOURCE_REMOVE;
}

/* Sends bytes the way this connection's fault allows; may free @conn. */
static void
conn_write (FakeConn   *conn,
            const char *data,
            gsize       len)
{
  switch (conn->fault)
    {
    case RUMBLE_FAKE_FAULT_STALL:
      break;

    case RUMBLE_FAKE_FAULT_CUT:
      {
        guint64 limit = (guint64) MAX (conn->param, 0);
        guint64 room = limit > conn->sent ? limit - conn->sent : 0;

        conn_append (conn, data, (gsize) MIN ((guint64) len, room));
        if (conn->sent >= limit)
          conn_close (conn);
      }
      break;

    case RUMBLE_FAKE_FAULT_DRIP:
      g_byte_array_append (conn->drip, (const guint8 *) data, len);
      if (conn->drip_id == 0 && conn->drip->len > 0)
        conn->drip_id = g_timeout_add ((guint) CLAMP (conn->param, 1, G_MAXUINT),
                                       conn_drip_cb, conn);
      break;

    case RUMBLE_FAKE_FAULT_NONE:
    case RUMBLE_FAKE_FAULT_STATUS:
    case RUMBLE_FAKE_FAULT_GARBAGE:
    case RUMBLE_FAKE_FAULT_WRONG_TYPE:
    default:
      conn_append (conn, data, len);
      break;
    }
}

static void
broadcast (FakeStream *stream,
           const char *data,
           gsize       len)
{
  /* conn_write may drop a connection (CUT), so walk a copy. */
  g_autoptr(GPtrArray) conns = g_ptr_array_copy (stream->conns, NULL, NULL);

  for (guint i = 0; i < conns->len; i++)
    if (g_ptr_array_find (stream->conns, g_ptr_array_index (conns, i), NULL))
      conn_write (g_ptr_array_index (conns, i), data, len);
}

static void
broadcast_event (FakeStream *stream,
                 const char *json)
{
  g_autofree char *line = g_strconcat ("data: ", json, "\n\n", NULL);

  broadcast (stream, line, strlen (line));
}

/* ---- init ---------------------------------------------------------------- */

static void
add_once (JsonBuilder *builder,
          GHashTable  *seen,
          GHashTable  *table,
          const char  *id)
{
  JsonNode *node;

  if (id == NULL || g_hash_table_contains (seen, id))
    return;
  node = g_hash_table_lookup (table, id);
  if (node == NULL)
    return;
  g_hash_table_add (seen, (gpointer) id);
  json_builder_add_value (builder, json_node_copy (node));
}

static FakeMessage *
backlog_at (GPtrArray *backlog,
            guint      i)
{
  return g_ptr_array_index (backlog, i);
}

static char *
build_init (RumbleFakeServer *self,
            FakeStream       *stream,
            gboolean          can_moderate)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) backlog = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *pinned_user = NULL;
  g_autofree char *pinned_channel = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint n_channels = 0;

  for (guint i = stream->messages->len; i > 0 && backlog->len < self->backlog_len; i--)
    {
      FakeMessage *m = g_ptr_array_index (stream->messages, i - 1);

      if (!m->pub.deleted)
        g_ptr_array_insert (backlog, 0, m);
    }
  if (stream->pinned)
    {
      pinned_user = obj_member_id (json_node_get_object (stream->pinned), "user_id");
      pinned_channel = obj_member_id (json_node_get_object (stream->pinned), "channel_id");
    }

  json_builder_begin_object (builder);
  member_str (builder, "type", "init");
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "chat");
  json_builder_begin_object (builder);
  member_str (builder, "id", stream->id);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < backlog->len; i++)
    json_builder_add_value (builder, json_node_copy (backlog_at (backlog, i)->node));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "users");
  json_builder_begin_array (builder);
  for (guint i = 0; i < backlog->len; i++)
    add_once (builder, seen, stream->users, backlog_at (backlog, i)->pub.user_id);
  add_once (builder, seen, stream->users, pinned_user);
  json_builder_end_array (builder);

  g_hash_table_remove_all (seen);
  json_builder_set_member_name (builder, "channels");
  json_builder_begin_array (builder);
  for (guint i = 0; i < backlog->len; i++)
    add_once (builder, seen, stream->channels, backlog_at (backlog, i)->pub.channel_id);
  add_once (builder, seen, stream->channels, pinned_channel);
  n_channels = g_hash_table_size (seen);
  if (n_channels == 0)
    {
      /* Rumble's way of saying "no channels". */
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "config");
  json_builder_add_value (builder, json_node_copy (self->config));

  json_builder_set_member_name (builder, "pinned_message");
  if (stream->pinned)
    json_builder_add_value (builder, json_node_copy (stream->pinned));
  else
    json_builder_add_null_value (builder);

  member_bool (builder, "can_moderate", can_moderate);
  member_null (builder, "raid");
  member_null (builder, "live_gate");
  member_null (builder, "ad_read");

  json_builder_set_member_name (builder, "subscribers_only_chat");
  json_builder_begin_object (builder);
  member_bool (builder, "on", FALSE);
  member_bool (builder, "can_enable", can_moderate);
  member_bool (builder, "can_write", TRUE);
  json_builder_end_object (builder);

  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static JsonNode *
build_config (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  member_int (builder, "message_length_max", 200);

  json_builder_set_member_name (builder, "rants");
  json_builder_begin_object (builder);
  member_bool (builder, "enable", TRUE);
  json_builder_set_member_name (builder, "levels");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (rant_levels); i++)
    {
      g_autofree char *id = g_strdup_printf ("rant%d", rant_levels[i].dollars);
      const char *suffixes[] = { "", "qa", "dev" };

      json_builder_begin_object (builder);
      member_int (builder, "price_dollars", rant_levels[i].dollars);
      member_int (builder, "duration", rant_levels[i].duration);
      json_builder_set_member_name (builder, "colors");
      json_builder_begin_object (builder);
      member_str (builder, "fg", rant_levels[i].fg);
      member_str (builder, "main", rant_levels[i].main);
      member_str (builder, "bg2", rant_levels[i].bg2);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "ids");
      json_builder_begin_array (builder);
      for (guint k = 0; k < G_N_ELEMENTS (suffixes); k++)
        {
          g_autofree char *full = g_strconcat (id, suffixes[k], NULL);
          json_builder_add_string_value (builder, full);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  member_bool (builder, "wallet_enabled", FALSE);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "badges");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (badges); i++)
    {
      g_autofree char *icon48 = g_strdup_printf ("/i/badges/%s_48.png", badges[i].file);

      json_builder_set_member_name (builder, badges[i].slug);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "icons");
      json_builder_begin_object (builder);
      member_str (builder, "48", icon48);
      if (badges[i].has_96)
        {
          g_autofree char *icon96 = g_strdup_printf ("/i/badges/%s_96.png", badges[i].file);

          member_str (builder, "96", icon96);
        }
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "label");
      json_builder_begin_object (builder);
      member_str (builder, "en", badges[i].label);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "subscription");
  json_builder_begin_object (builder);
  member_bool (builder, "enable", TRUE);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "gifts");
  json_builder_begin_object (builder);
  member_str (builder, "type", "rumble");
  json_builder_set_member_name (builder, "products");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  member_str (builder, "id", "gift5");
  member_int (builder, "amount_cents", 2500);
  member_int (builder, "total_gifts", 5);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* ---- the request log ------------------------------------------------------ */

static char *
cookie_from_headers (SoupMessageHeaders *headers,
                     const char         *name)
{
  SoupMessageHeadersIter iter;
  const char *hname;
  const char *value;

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &hname, &value))
    {
      g_auto(GStrv) pairs = NULL;

      if (g_ascii_strcasecmp (hname, "Cookie") != 0)
        continue;
      pairs = g_strsplit (value, ";", -1);
      for (guint i = 0; pairs[i]; i++)
        {
          char *pair = g_strstrip (pairs[i]);
          const char *eq = strchr (pair, '=');

          if (eq && (gsize) (eq - pair) == strlen (name) && strncmp (pair, name, eq - pair) == 0)
            return g_strdup (eq + 1);
        }
    }
  return NULL;
}

static SoupMessageHeaders *
copy_headers (SoupMessageHeaders *headers)
{
  SoupMessageHeaders *copy = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    soup_message_headers_append (copy, name, value);
  return copy;
}

RumbleFakeRequest *
rumble_fake_request_copy (const RumbleFakeRequest *request)
{
  RumbleFakeRequest *copy;

  g_return_val_if_fail (request != NULL, NULL);

  copy = g_new0 (RumbleFakeRequest, 1);
  copy->method = g_strdup (request->method);
  copy->path = g_strdup (request->path);
  copy->query = g_strdup (request->query);
  copy->headers = copy_headers (request->headers);
  copy->body = g_bytes_ref (request->body);
  return copy;
}

void
rumble_fake_request_free (RumbleFakeRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_clear_pointer (&request->headers, soup_message_headers_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

static void
log_request (RumbleFakeServer  *self,
             SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  RumbleFakeRequest *request = g_new0 (RumbleFakeRequest, 1);

  request->method = g_strdup (soup_server_message_get_method (msg));
  request->path = g_strdup (g_uri_get_path (uri));
  request->query = g_strdup (g_uri_get_query (uri));
  request->headers = copy_headers (soup_server_message_get_request_headers (msg));
  request->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  if (self->requests->len >= MAX_REQUESTS)
    g_ptr_array_remove_range (self->requests, 0, MAX_REQUESTS / 2);
  g_ptr_array_add (self->requests, request);
}

/* ---- PNG badges: a tiny encoder with stored (uncompressed) deflate blocks -- */

static guint32
crc32_update (guint32       crc,
              const guint8 *data,
              gsize         len)
{
  crc = ~crc;
  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
  return ~crc;
}

static void
put_be32 (GByteArray *out,
          guint32     v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };

  g_byte_array_append (out, b, 4);
}

static void
png_chunk (GByteArray   *out,
           const char   *type,
           const guint8 *data,
           guint32       len)
{
  guint32 crc;

  put_be32 (out, len);
  g_byte_array_append (out, (const guint8 *) type, 4);
  g_byte_array_append (out, data, len);
  crc = crc32_update (0, (const guint8 *) type, 4);
  crc = crc32_update (crc, data, len);
  put_be32 (out, crc);
}

/* A filled circle with a darker rim on transparent ground. */
static GBytes *
make_png (guint    size,
          guint32  rgb,
          gboolean face)
{
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  g_autoptr(GByteArray) z = g_byte_array_new ();
  GByteArray *out = g_byte_array_new ();
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint8 ihdr[13] = { 0 };
  double c = (size - 1) / 2.0;
  double r = size / 2.0 - 1;
  guint32 s1 = 1, s2 = 0;

  for (guint y = 0; y < size; y++)
    {
      guint8 filter = 0;

      g_byte_array_append (raw, &filter, 1);
      for (guint x = 0; x < size; x++)
        {
          double d2 = (x - c) * (x - c) + (y - c) * (y - c);
          gboolean rim = d2 > (r - size / 12.0) * (r - size / 12.0);
          guint8 px[4] = { rgb >> 16, rgb >> 8, rgb, 255 };

          double dx = x - c, dy = y - c;
          /* A face for emotes: two eyes and a smile, in a darker shade. */
          gboolean feature = face &&
            (((dx + r / 2.8) * (dx + r / 2.8) + (dy + r / 4) * (dy + r / 4) < r * r / 40) ||
             ((dx - r / 2.8) * (dx - r / 2.8) + (dy + r / 4) * (dy + r / 4) < r * r / 40) ||
             (dy > r / 8 && d2 > r * r * 0.2 && d2 < r * r * 0.36));

          if (d2 > r * r)
            memset (px, 0, sizeof px);
          else if (feature)
            for (int k = 0; k < 3; k++)
              px[k] = px[k] / 4;
          else if (rim)
            for (int k = 0; k < 3; k++)
              px[k] = px[k] * 3 / 4;
          g_byte_array_append (raw, px, 4);
        }
    }

  /* zlib stream: header, stored blocks of at most 65535 bytes, Adler-32. */
  g_byte_array_append (z, (const guint8 *) "\x78\x01", 2);
  for (guint off = 0; off < raw->len || off == 0;)
    {
      guint len = MIN (raw->len - off, 65535u);
      guint8 hdr[5] = { off + len >= raw->len, len, len >> 8, ~len, (~len) >> 8 };

      g_byte_array_append (z, hdr, 5);
      g_byte_array_append (z, raw->data + off, len);
      off += len;
      if (len == 0)
        break;
    }
  for (guint i = 0; i < raw->len; i++)
    {
      s1 = (s1 + raw->data[i]) % 65521;
      s2 = (s2 + s1) % 65521;
    }
  put_be32 (z, (s2 << 16) | s1);

  ihdr[0] = size >> 24; ihdr[1] = size >> 16; ihdr[2] = size >> 8; ihdr[3] = size;
  ihdr[4] = size >> 24; ihdr[5] = size >> 16; ihdr[6] = size >> 8; ihdr[7] = size;
  ihdr[8] = 8;   /* bit depth */
  ihdr[9] = 6;   /* RGBA */

  g_byte_array_append (out, signature, sizeof signature);
  png_chunk (out, "IHDR", ihdr, sizeof ihdr);
  png_chunk (out, "IDAT", z->data, z->len);
  png_chunk (out, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (out);
}

GBytes *
rumble_fake_server_make_emote_png (guint32 rgb)
{
  return make_png (48, rgb, TRUE);
}

static GBytes *
lookup_badge_png (RumbleFakeServer *self,
                  const char       *path)
{
  GBytes *png = g_hash_table_lookup (self->pngs, path);

  if (png)
    return png;

  for (guint i = 0; i < G_N_ELEMENTS (badges); i++)
    for (guint size = 48; size <= 96; size += 48)
      {
        g_autofree char *candidate = g_strdup_printf ("/i/badges/%s_%u.png", badges[i].file, size);

        if (size == 96 && !badges[i].has_96)
          continue;
        if (g_str_equal (candidate, path))
          {
            png = make_png (size, badges[i].rgb, FALSE);
            g_hash_table_insert (self->pngs, g_strdup (path), png);
            return png;
          }
      }
  return NULL;
}

/* ---- site routes -------------------------------------------------------- */

static void
append_filler (GString    *page,
               gsize       bytes,
               const char *tag)
{
  gsize target = page->len + bytes;

  for (guint i = 0; page->len < target; i++)
    g_string_append_printf (page,
                            "<%s class=\"pad\" data-n=\"%u\">Related clip %u: a long evening of bui"
                            "lding, "
                            "talking and answering questions from the chat.</%s>\n",
                            tag, i, i, tag);
}

static void
serve_video_page (RumbleFakeServer  *self,
                  SoupServerMessage *msg,
                  const char        *video_id,
                  FakeVideo         *video)
{
  GString *page = g_string_new (NULL);
  gsize len;

  g_string_append (page,
                   "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                   "<title>Friday night build</title>\n<script>var __layout = [\n");
  append_filler (page, PAGE_FILLER, "i");
  g_string_append (page, "];</script>\n");
  g_string_append_printf (page,
                          "<link rel=\"alternate\" href=\"https://rumble.com/api/Media/oembed.json?"
                          "url="
                          "https%%3A%%2F%%2Frumble.com%%2Fembed%%2F%s%%2F\" type=\"application/json"
                          "+oembed\" "
                          "title=\"Friday night build\">\n"
                          "<meta property=\"og:video:url\" content=\"%s/embed/%s/\">\n"
                          "<script type=application/ld+json>[{\"@context\":\"http://schema.org\","
                          "\"@type\":\"VideoObject\",\"name\":\"Friday night build\","
                          "\"url\":\"https://rumble.com/%s-friday-night-build.html\","
                          "\"embedUrl\":\"https://rumble.com/embed/%s/\","
                          "\"isLiveBroadcast\":true}]</script>\n"
                          "</head><body>\n",
                          video->embed_id, self->url, video->embed_id, video_id, video->embed_id);
  append_filler (page, PAGE_FILLER, "p");
  g_string_append (page, "</body></html>\n");

  len = page->len;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_string_free (page, FALSE), len);
}

static void
serve_embedjs (RumbleFakeServer  *self,
               SoupServerMessage *msg,
               const char        *query)
{
  g_autoptr(GHashTable) form = query ? soup_form_decode (query) : NULL;
  const char *request = form ? g_hash_table_lookup (form, "request") : NULL;
  const char *v = form ? g_hash_table_lookup (form, "v") : NULL;
  const char *stream_id = v ? g_hash_table_lookup (self->embeds, v) : NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  char *body;
  guint64 vid = 0;

  if (g_strcmp0 (request, "video") != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  if (stream_id == NULL)
    {
      /* What Rumble answers for an embed id it does not know. */
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "false", 5);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  member_int (builder, "fps", 30);
  member_int (builder, "w", 1920);
  member_int (builder, "h", 1080);
  member_str (builder, "title", "Friday night build");
  json_builder_set_member_name (builder, "author");
  json_builder_begin_object (builder);
  member_str (builder, "name", "CedarHollow");
  member_str (builder, "url", "https://rumble.com/c/CedarHollow");
  json_builder_end_object (builder);
  member_int (builder, "live", 2);
  json_builder_set_member_name (builder, "vid");
  if (g_ascii_string_to_unsigned (stream_id, 10, 1, G_MAXINT64, &vid, NULL))
    json_builder_add_int_value (builder, (gint64) vid);
  else
    json_builder_add_string_value (builder, stream_id);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, strlen (body));
}

static void
serve_channel_page (RumbleFakeServer  *self,
                    SoupServerMessage *msg,
                    const char        *name,
                    const char        *embed_id)
{
  GString *page = g_string_new (NULL);
  gsize len;

  g_string_append_printf (page,
                          "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                          "<title>%s - Livestreams</title></head><body>\n<h1 class=\"channel-header"
                          "--title\">%s</h1>\n"
                          "<section class=\"channel-listing__container\">\n",
                          name, name);
  if (embed_id && *embed_id)
    g_string_append_printf (page,
                            "<div class=\"videostream thumbnail__grid--item\" data-live=\"true\">"
                            "<a class=\"videostream__link link\" href=\"https://rumble.com/embed/%s"
                            "/\" "
                            "data-embed-url=\"%s/embed/%s/\"><img class=\"thumbnail__image\" alt=\""
                            "\"></a>"
                            "<div class=\"videostream__status videostream__status--live\">LIVE</div"
                            ">"
                            "<h3 class=\"thumbnail__title\">Live now</h3></div>\n",
                            embed_id, self->url, embed_id);
  g_string_append (page,
                   "<div class=\"videostream thumbnail__grid--item\">"
                   "<a class=\"videostream__link link\" href=\"/v1past0-last-weeks-stream.html\">"
                   "<img class=\"thumbnail__image\" alt=\"\"></a>"
                   "<h3 class=\"thumbnail__title\">Last week's stream</h3></div>\n"
                   "</section></body></html>\n");

  len = page->len;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_string_free (page, FALSE), len);
}

/* /c/NAME/live or /c/NAME/live/ → NAME, or NULL. */
static char *
parse_channel_live_path (const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path + 1, "/", -1);
  guint n = g_strv_length (parts);

  if (n == 4 && *parts[3] == '\0')
    n = 3;
  if (n == 3 && g_str_equal (parts[0], "c") && *parts[1] && g_str_equal (parts[2], "live"))
    return g_strdup (parts[1]);
  return NULL;
}

static gboolean
handle_site_route (RumbleFakeServer  *self,
                   SoupServerMessage *msg,
                   const char        *path,
                   const char        *query)
{
  GHashTableIter iter;
  gpointer key, value;

  if (g_str_has_prefix (path, "/embedJS/u3"))
    {
      serve_embedjs (self, msg, query);
      return TRUE;
    }

  if (rumble_fake_images_handle (self->images, msg, path))
    return TRUE;

  if (g_str_has_prefix (path, "/i/badges/"))
    {
      GBytes *png = lookup_badge_png (self, path);

      if (png == NULL)
        {
          soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
          return TRUE;
        }
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Cache-Control", "public, max-age=86400");
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (png, NULL), g_bytes_get_size (png));
      return TRUE;
    }

  if (g_str_has_prefix (path, "/c/"))
    {
      g_autofree char *name = parse_channel_live_path (path);
      const char *embed = name ? g_hash_table_lookup (self->site_channels, name) : NULL;

      if (embed)
        serve_channel_page (self, msg, name, embed);
      else
        soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return TRUE;
    }

  if (g_str_has_prefix (path, "/user/"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return TRUE;
    }

  if (g_str_has_suffix (path, ".html"))
    {
      g_hash_table_iter_init (&iter, self->videos);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          gsize klen = strlen (key);

          if (strncmp (path + 1, key, klen) == 0 &&
              (path[1 + klen] == '-' || path[1 + klen] == '.'))
            {
              serve_video_page (self, msg, key, value);
              return TRUE;
            }
        }
    }

  return FALSE;
}

/* ---- the stream route --------------------------------------------------- */

typedef struct {
  RumbleFakeFault fault;
  gint64          param;
} FaultTicket;

static FaultTicket
take_fault (RumbleFakeServer *self,
            gboolean          live)
{
  FaultTicket ticket = { self->fault, self->fault_param };
  gboolean shapes_stream = self->fault == RUMBLE_FAKE_FAULT_CUT ||
                           self->fault == RUMBLE_FAKE_FAULT_DRIP ||
                           self->fault == RUMBLE_FAKE_FAULT_STALL;

  if (self->fault == RUMBLE_FAKE_FAULT_NONE || (shapes_stream && !live))
    {
      ticket.fault = RUMBLE_FAKE_FAULT_NONE;
      return ticket;
    }
  if (self->fault_left > 0 && --self->fault_left == 0)
    self->fault = RUMBLE_FAKE_FAULT_NONE;
  return ticket;
}

static void
add_fault_header (RumbleFakeServer  *self,
                  SoupServerMessage *msg)
{
  if (self->fault_header_name && self->fault_header_value)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  self->fault_header_name, self->fault_header_value);
}

static void
serve_garbage (RumbleFakeServer  *self,
               SoupServerMessage *msg,
               gint64             param)
{
  gsize len = param > 0 ? (gsize) MIN (param, 16 * 1024 * 1024) : 4096;
  guint8 *bytes = g_malloc (len);

  /* Random bytes, but never a newline: no line can ever look like a field. */
  for (gsize i = 0; i < len; i++)
    {
      bytes[i] = (guint8) g_rand_int_range (self->rand, 0, 256);
      if (bytes[i] == '\n' || bytes[i] == '\r')
        bytes[i] = 0xff;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/event-stream; charset=UTF-8", SOUP_MEMORY_TAKE,
                                    (char *) bytes, len);
}

static void
handle_stream (RumbleFakeServer  *self,
               SoupServerMessage *msg,
               const char        *stream_id)
{
  FakeStream *stream = lookup_stream (self, stream_id);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  g_autofree char *token = NULL;
  g_autofree char *init = NULL;
  g_autofree char *line = NULL;
  FaultTicket ticket;
  FakeConn *conn;

  if (g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      soup_message_headers_replace (response_headers, "Allow", "GET");
      return;
    }

  ticket = take_fault (self, stream && stream->live);
  switch (ticket.fault)
    {
    case RUMBLE_FAKE_FAULT_STATUS:
      add_fault_header (self, msg);
      soup_server_message_set_status (msg, (guint) CLAMP (ticket.param, 100, 599),
                                      self->fault_reason);
      if (ticket.param >= 200 && ticket.param != 204 && ticket.param != 304)
        soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC,
                                          "<html><body>error</body></html>\n", 32);
      return;

    case RUMBLE_FAKE_FAULT_WRONG_TYPE:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC,
                                        WRONG_TYPE_PAGE, strlen (WRONG_TYPE_PAGE));
      /* After the body: a fault header may name another Content-Type. */
      add_fault_header (self, msg);
      return;

    case RUMBLE_FAKE_FAULT_GARBAGE:
      add_fault_header (self, msg);
      serve_garbage (self, msg, ticket.param);
      return;

    case RUMBLE_FAKE_FAULT_NONE:
    case RUMBLE_FAKE_FAULT_CUT:
    case RUMBLE_FAKE_FAULT_DRIP:
    case RUMBLE_FAKE_FAULT_STALL:
    default:
      break;
    }

  if (stream == NULL || !stream->live)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
      return;
    }

  if (ticket.fault != RUMBLE_FAKE_FAULT_NONE)
    add_fault_header (self, msg);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (response_headers, "Content-Type",
                                "text/event-stream; charset=UTF-8");
  soup_message_headers_replace (response_headers, "Cache-Control", "no-cache");
  soup_message_headers_set_encoding (response_headers, SOUP_ENCODING_CHUNKED);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);

  conn = g_new0 (FakeConn, 1);
  conn->stream = stream;
  conn->msg = g_object_ref (msg);
  conn->fault = ticket.fault;
  conn->param = ticket.param;
  if (conn->fault == RUMBLE_FAKE_FAULT_DRIP)
    conn->drip = g_byte_array_new ();
  g_ptr_array_add (stream->conns, conn);
  g_signal_connect (msg, "finished", G_CALLBACK (on_conn_gone), conn);
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_conn_gone), conn);
  conn_watch_peer (conn);

  token = cookie_from_headers (soup_server_message_get_request_headers (msg), "u_s");
  init = build_init (self, stream,
                     token != NULL && rumble_fake_service_can_moderate (self, token, stream->id));
  line = g_strconcat ("data: ", init, "\n\n", NULL);
  /* The first chunk goes out with the headers (PLATFORM.md §5). */
  conn_write (conn, line, strlen (line));
}

static void
on_request_read (SoupServer        *soup,
                 SoupServerMessage *msg,
                 RumbleFakeServer  *self)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *path = g_uri_get_path (uri);
  const char *method = soup_server_message_get_method (msg);

  log_request (self, msg);

  if (soup_server_message_get_status (msg) != 0 || path == NULL)
    return;

  if (g_str_has_prefix (path, STREAM_PREFIX) && g_str_has_suffix (path, STREAM_SUFFIX))
    {
      gsize len = strlen (path) - strlen (STREAM_PREFIX) - strlen (STREAM_SUFFIX);

      if (strlen (path) > strlen (STREAM_PREFIX) + strlen (STREAM_SUFFIX))
        {
          g_autofree char *id = g_strndup (path + strlen (STREAM_PREFIX), len);

          if (strchr (id, '/') == NULL)
            {
              handle_stream (self, msg, id);
              return;
            }
        }
    }

  if (g_strcmp0 (method, "GET") == 0 || g_strcmp0 (method, "HEAD") == 0)
    handle_site_route (self, msg, path, g_uri_get_query (uri));
}

/* ---- GObject ------------------------------------------------------------ */

static void
rumble_fake_server_dispose (GObject *object)
{
  RumbleFakeServer *self = (RumbleFakeServer *) object;

  g_clear_pointer (&self->demo, rumble_fake_demo_free);
  if (self->service_installed)
    {
      self->service_installed = FALSE;
      rumble_fake_service_uninstall (self);
    }
  if (self->soup)
    {
      g_signal_handlers_disconnect_by_data (self->soup, self);
      g_hash_table_remove_all (self->streams);   /* closes every open stream */
      g_clear_pointer (&self->images, rumble_fake_images_free);
      soup_server_disconnect (self->soup);
      g_clear_object (&self->soup);
    }
  if (self->service_destroy && self->service_data)
    self->service_destroy (self->service_data);
  self->service_data = NULL;
  self->service_destroy = NULL;

  G_OBJECT_CLASS (rumble_fake_server_parent_class)->dispose (object);
}

static void
rumble_fake_server_finalize (GObject *object)
{
  RumbleFakeServer *self = (RumbleFakeServer *) object;

  g_hash_table_unref (self->streams);
  g_hash_table_unref (self->videos);
  g_hash_table_unref (self->embeds);
  g_hash_table_unref (self->site_channels);
  g_hash_table_unref (self->pngs);
  json_node_unref (self->config);
  g_rand_free (self->rand);
  g_ptr_array_unref (self->requests);
  g_free (self->fault_header_name);
  g_free (self->fault_header_value);
  g_free (self->fault_reason);
  g_free (self->url);
  g_free (self->chat_url);

  G_OBJECT_CLASS (rumble_fake_server_parent_class)->finalize (object);
}

static void
rumble_fake_server_class_init (RumbleFakeServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rumble_fake_server_dispose;
  object_class->finalize = rumble_fake_server_finalize;
}

static void
rumble_fake_server_init (RumbleFakeServer *self)
{
  FakeStream *stream;
  g_autoptr(JsonNode) backlog = parse_json (default_backlog, -1);
  g_autoptr(JsonNode) pinned = parse_json (default_pinned, -1);

  self->streams = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, fake_stream_free);
  self->videos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, fake_video_free);
  self->embeds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->site_channels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pngs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) g_bytes_unref);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) rumble_fake_request_free);
  self->config = build_config ();
  self->backlog_len = DEFAULT_BACKLOG;
  self->next_id = FIRST_MESSAGE_ID;
  self->last_time = DEFAULT_LAST_TIME;
  self->rand = g_rand_new ();

  stream = fake_stream_new (RUMBLE_FAKE_DEFAULT_STREAM, TRUE);
  g_hash_table_insert (self->streams, stream->id, stream);
  g_assert (backlog != NULL && pinned != NULL);
  remember_event (self, stream, backlog);
  remember_event (self, stream, pinned);
}

static gboolean
rumble_fake_server_listen (RumbleFakeServer  *self,
                           const char        *address,
                           guint              port,
                           GError           **error)
{
  g_autoptr(GSocketAddress) socket_address = NULL;
  GSList *uris;

  socket_address = g_inet_socket_address_new_from_string (address, port);
  if (socket_address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address", address);
      return FALSE;
    }

  self->soup = soup_server_new ("server-header", "rumble-fake ", NULL);
  if (!soup_server_listen (self->soup, socket_address, 0, error))
    return FALSE;

  uris = soup_server_get_uris (self->soup);
  g_assert (uris != NULL);
  self->port = (guint) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  /* A second loopback host for the redirect routes (same port), unless this is it. */
  if (g_strcmp0 (address, RUMBLE_FAKE_OTHER_HOST) != 0)
    {
      g_autoptr(GSocketAddress) other = NULL;
      g_autoptr(GError) other_error = NULL;

      other = g_inet_socket_address_new_from_string (RUMBLE_FAKE_OTHER_HOST, self->port);
      if (!soup_server_listen (self->soup, other, 0, &other_error))
        g_debug ("Not listening on %s: %s", RUMBLE_FAKE_OTHER_HOST, other_error->message);
    }

  self->url = g_strdup_printf ("http://%s:%u", address, self->port);
  self->chat_url = g_strconcat (self->url, "/chat/api", NULL);

  self->images = rumble_fake_images_new (self);
  g_signal_connect (self->soup, "request-read", G_CALLBACK (on_request_read), self);
  rumble_fake_service_install (self, self->soup);
  self->service_installed = TRUE;
  return TRUE;
}

/* ---- public API --------------------------------------------------------- */

RumbleFakeServer *
rumble_fake_server_new (guint    port,
                        GError **error)
{
  g_autoptr(RumbleFakeServer) self = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (RUMBLE_TYPE_FAKE_SERVER, NULL);
  if (!rumble_fake_server_listen (self, "127.0.0.1", port, error))
    return NULL;
  return g_steal_pointer (&self);
}

RumbleFakeServer *
rumble_fake_server_new_on_address (const char  *address,
                                   guint        port,
                                   GError     **error)
{
  g_autoptr(RumbleFakeServer) self = NULL;
  g_autoptr(GInetAddress) inet = NULL;

  g_return_val_if_fail (address != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Loopback only: nothing of the fake may be reachable from the network. */
  inet = g_inet_address_new_from_string (address);
  g_return_val_if_fail (inet != NULL && g_inet_address_get_is_loopback (inet), NULL);

  self = g_object_new (RUMBLE_TYPE_FAKE_SERVER, NULL);
  if (!rumble_fake_server_listen (self, address, port, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
rumble_fake_server_get_url (RumbleFakeServer *self)
{
  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);
  return self->url;
}

const char *
rumble_fake_server_get_chat_url (RumbleFakeServer *self)
{
  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);
  return self->chat_url;
}

guint
rumble_fake_server_get_port (RumbleFakeServer *self)
{
  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), 0);
  return self->port;
}

void
rumble_fake_server_add_stream (RumbleFakeServer *self,
                               const char       *stream_id_b10,
                               gboolean          live)
{
  FakeStream *stream;

  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  g_return_if_fail (stream_id_b10 != NULL && *stream_id_b10 != '\0');

  if (lookup_stream (self, stream_id_b10))
    {
      rumble_fake_server_set_live (self, stream_id_b10, live);
      return;
    }
  stream = fake_stream_new (stream_id_b10, live);
  g_hash_table_insert (self->streams, stream->id, stream);
}

void
rumble_fake_server_set_live (RumbleFakeServer *self,
                             const char       *stream_id_b10,
                             gboolean          live)
{
  FakeStream *stream;

  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  g_return_if_fail (stream_id_b10 != NULL);

  stream = lookup_stream (self, stream_id_b10);
  if (stream == NULL)
    {
      rumble_fake_server_add_stream (self, stream_id_b10, live);
      return;
    }
  stream->live = !!live;
  /* A stream that ends closes its connections; their next attempt gets 204. */
  if (!live)
    fake_stream_close_all (stream);
}

guint
rumble_fake_server_get_n_listeners (RumbleFakeServer *self,
                                    const char       *stream_id_b10)
{
  FakeStream *stream;

  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), 0);

  stream = lookup_stream (self, stream_id_b10);
  return stream ? stream->conns->len : 0;
}

void
rumble_fake_server_close_streams (RumbleFakeServer *self,
                                  const char       *stream_id_b10)
{
  FakeStream *stream;

  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));

  stream = lookup_stream (self, stream_id_b10);
  if (stream)
    fake_stream_close_all (stream);
}

void
rumble_fake_server_push_raw (RumbleFakeServer *self,
                             const char       *stream_id_b10,
                             const char       *bytes,
                             gssize            len)
{
  FakeStream *stream;

  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  g_return_if_fail (bytes != NULL || len == 0);

  stream = lookup_stream (self, stream_id_b10);
  g_return_if_fail (stream != NULL);

  broadcast (stream, bytes, len < 0 ? strlen (bytes) : (gsize) len);
}

void
rumble_fake_server_push_node (RumbleFakeServer *self,
                              const char       *stream_id_b10,
                              JsonNode         *event)
{
  FakeStream *stream;
  g_autofree char *json = NULL;

  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  g_return_if_fail (event != NULL);

  stream = lookup_stream (self, stream_id_b10);
  g_return_if_fail (stream != NULL);

  remember_event (self, stream, event);
  if (stream->conns->len == 0)
    return;
  json = json_to_string (event, FALSE);
  broadcast_event (stream, json);
}

void
rumble_fake_server_push_event (RumbleFakeServer *self,
                               const char       *stream_id_b10,
                               const char       *json)
{
  FakeStream *stream;
  g_autoptr(JsonNode) event = NULL;
  g_autofree char *one_line = NULL;

  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  g_return_if_fail (json != NULL);

  stream = lookup_stream (self, stream_id_b10);
  g_return_if_fail (stream != NULL);

  /* Malformed payloads are sent as they are: tests push them on purpose. */
  event = parse_json (json, -1);
  if (event)
    {
      remember_event (self, stream, event);
      if (strchr (json, '\n') || strchr (json, '\r'))
        one_line = json_to_string (event, FALSE);
    }
  broadcast_event (stream, one_line ? one_line : json);
}

char *
rumble_fake_server_next_message_id (RumbleFakeServer *self)
{
  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);
  return g_strdup_printf ("%" G_GUINT64_FORMAT, self->next_id++);
}

char *
rumble_fake_server_next_time (RumbleFakeServer *self)
{
  g_autoptr(GDateTime) when = NULL;

  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);

  self->last_time = MAX (self->last_time, g_get_real_time () / G_USEC_PER_SEC);
  when = g_date_time_new_from_unix_utc (self->last_time);
  return g_date_time_format (when, "%Y-%m-%dT%H:%M:%S+00:00");
}

char *
rumble_fake_server_new_request_id (RumbleFakeServer *self)
{
  guint8 raw[32];
  char *id;

  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);

  for (guint i = 0; i < sizeof raw; i++)
    raw[i] = (guint8) g_rand_int_range (self->rand, 0, 256);
  id = g_base64_encode (raw, sizeof raw);
  id[43] = '\0';
  return id;
}

JsonObject *
rumble_fake_server_get_config (RumbleFakeServer *self)
{
  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);
  return json_node_get_object (self->config);
}

/* Builds, remembers and sends a `messages` event with one regular message. */
static char *
post_message (RumbleFakeServer *self,
              const char       *stream_id_b10,
              JsonNode         *user,
              JsonNode         *channel,
              const char       *text,
              const char       *request_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) event = NULL;
  g_autofree char *id = rumble_fake_server_next_message_id (self);
  g_autofree char *time = rumble_fake_server_next_time (self);
  g_autofree char *generated = NULL;
  g_autofree char *user_id = obj_member_id (json_node_get_object (user), "id");
  g_autofree char *channel_id = NULL;
  gint64 channel_num = 0;

  if (channel)
    channel_id = obj_member_id (json_node_get_object (channel), "id");
  if (request_id == NULL)
    request_id = generated = rumble_fake_server_new_request_id (self);

  json_builder_begin_object (builder);
  member_str (builder, "request_id", request_id);
  member_str (builder, "type", "messages");
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  member_str (builder, "id", id);
  member_str (builder, "time", time);
  member_str (builder, "user_id", user_id ? user_id : "0");
  member_str (builder, "text", text);
  json_builder_set_member_name (builder, "blocks");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  member_str (builder, "type", "text.1");
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  member_str (builder, "text", text);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  member_str (builder, "type", "regular");
  if (channel_id)
    {
      /* channel_id is a JSON number on the wire (PROTOCOL.md §1.2). */
      json_builder_set_member_name (builder, "channel_id");
      if (g_ascii_string_to_signed (channel_id, 10, 0, G_MAXINT64, &channel_num, NULL))
        json_builder_add_int_value (builder, channel_num);
      else
        json_builder_add_string_value (builder, channel_id);
    }
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "users");
  json_builder_begin_array (builder);
  json_builder_add_value (builder, json_node_copy (user));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "channels");
  json_builder_begin_array (builder);
  if (channel)
    json_builder_add_value (builder, json_node_copy (channel));
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  json_builder_end_object (builder);

  event = json_builder_get_root (builder);
  rumble_fake_server_push_node (self, stream_id_b10, event);
  return g_steal_pointer (&id);
}

static JsonNode *
find_user_by_name (RumbleFakeServer *self,
                   FakeStream       *stream,
                   const char       *username)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, stream->users);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_strcmp0 (obj_member_string (json_node_get_object (value), "username"), username) == 0)
      return json_node_copy (value);

  for (guint i = 0; i < G_N_ELEMENTS (default_cast); i++)
    {
      g_autoptr(JsonNode) user = parse_json (default_cast[i], -1);

      if (g_strcmp0 (obj_member_string (json_node_get_object (user), "username"), username) == 0)
        return g_steal_pointer (&user);
    }
  return NULL;
}

static JsonNode *
invent_user (const char *username)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint hash = g_str_hash (username);
  g_autofree char *id = g_strdup_printf ("%u", 60000000u + hash % 9000000u);
  g_autofree char *link = g_strconcat ("/user/", username, NULL);
  g_autofree char *color = g_strdup_printf ("#%06x", (hash * 2654435761u) & 0x7f7f7fu);

  json_builder_begin_object (builder);
  member_str (builder, "id", id);
  member_str (builder, "username", username);
  member_str (builder, "link", link);
  member_bool (builder, "is_follower", FALSE);
  member_str (builder, "color", color);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

char *
rumble_fake_server_push_message (RumbleFakeServer *self,
                                 const char       *stream_id_b10,
                                 const char       *username,
                                 const char       *text)
{
  FakeStream *stream;
  g_autoptr(JsonNode) user = NULL;

  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);
  g_return_val_if_fail (username != NULL && text != NULL, NULL);

  stream = lookup_stream (self, stream_id_b10);
  g_return_val_if_fail (stream != NULL, NULL);

  user = find_user_by_name (self, stream, username);
  if (user == NULL)
    user = invent_user (username);
  return post_message (self, stream_id_b10, user, NULL, text, NULL);
}

/* First user id of the accounts push_new_accounts invents, far from the fixture's. */
#define NEW_ACCOUNT_FIRST_ID   910000000u
#define NEW_ACCOUNT_FIRST_CHANNEL 8800000u
#define NEW_ACCOUNT_CHANNEL_EVERY 10

void
rumble_fake_server_push_new_accounts (RumbleFakeServer *self,
                                      const char       *stream_id_b10,
                                      guint             n)
{
  FakeStream *stream;
  g_autoptr(GString) out = NULL;
  g_autofree char *time = NULL;

  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));

  stream = lookup_stream (self, stream_id_b10);
  g_return_if_fail (stream != NULL);

  time = rumble_fake_server_next_time (self);
  out = g_string_sized_new ((gsize) n * 400);
  for (guint i = 0; i < n; i++)
    {
      guint account = self->next_account++;
      guint user_id = NEW_ACCOUNT_FIRST_ID + account;
      gboolean as_channel = account % NEW_ACCOUNT_CHANNEL_EVERY == 0;
      guint channel_id = NEW_ACCOUNT_FIRST_CHANNEL + account / NEW_ACCOUNT_CHANNEL_EVERY;

      /* Written as text: a flood of a hundred thousand must stay cheap, and is not kept
       * for the next init (push_event would keep every one of them). */
      g_string_append_printf (out, "data: {\"type\":\"messages\",\"data\":{\"messages\":[{"
                              "\"id\":\"%" G_GUINT64_FORMAT "\",\"time\":\"%s\",\"user_id\":\"%u\","
                              "\"text\":\"hello from account %u\",\"blocks\":[],"
                              "\"type\":\"regular\"",
                              self->next_id++, time, user_id, account);
      if (as_channel)
        g_string_append_printf (out, ",\"channel_id\":%u", channel_id);
      g_string_append_printf (out, "}],\"users\":[{\"id\":\"%u\",\"username\":\"Newcomer%u\","
                              "\"link\":\"/user/Newcomer%u\",\"is_follower\":false}],"
                              "\"channels\":[",
                              user_id, account, account);
      if (as_channel)
        g_string_append_printf (out, "{\"id\":\"%u\",\"username\":\"NewcomerChannel%u\","
                                "\"link\":\"/c/NewcomerChannel%u\"}", channel_id, account, account);
      else
        g_string_append (out, "[]");
      g_string_append (out, "]}}\n\n");
    }
  broadcast (stream, out->str, out->len);
}

char *
rumble_fake_server_post_as (RumbleFakeServer *self,
                            const char       *stream_id_b10,
                            const char       *user_json,
                            const char       *channel_id,
                            const char       *channel_json,
                            const char       *text,
                            const char       *request_id)
{
  FakeStream *stream;
  g_autoptr(JsonNode) user = NULL;
  g_autoptr(JsonNode) channel = NULL;

  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);
  g_return_val_if_fail (user_json != NULL && text != NULL, NULL);

  stream = lookup_stream (self, stream_id_b10);
  g_return_val_if_fail (stream != NULL, NULL);

  user = parse_json (user_json, -1);
  g_return_val_if_fail (user != NULL && JSON_NODE_HOLDS_OBJECT (user), NULL);

  if (channel_json)
    {
      channel = parse_json (channel_json, -1);
      g_return_val_if_fail (channel != NULL && JSON_NODE_HOLDS_OBJECT (channel), NULL);
    }
  else if (channel_id)
    {
      JsonNode *known = g_hash_table_lookup (stream->channels, channel_id);

      if (known)
        channel = json_node_copy (known);
      else
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          member_str (builder, "id", channel_id);
          json_builder_end_object (builder);
          channel = json_builder_get_root (builder);
        }
    }

  return post_message (self, stream_id_b10, user, channel, text, request_id);
}

GPtrArray *
rumble_fake_server_get_messages (RumbleFakeServer *self,
                                 const char       *stream_id_b10)
{
  FakeStream *stream;

  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);

  stream = lookup_stream (self, stream_id_b10);
  return stream ? stream->messages : NULL;
}

char *
rumble_fake_server_get_message_json (RumbleFakeServer *self,
                                     const char       *stream_id_b10,
                                     const char       *message_id)
{
  FakeStream *stream;

  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);
  g_return_val_if_fail (message_id != NULL, NULL);

  stream = lookup_stream (self, stream_id_b10);
  for (guint i = stream ? stream->messages->len : 0; i > 0; i--)
    {
      FakeMessage *m = g_ptr_array_index (stream->messages, i - 1);

      if (g_str_equal (m->pub.id, message_id))
        return json_to_string (m->node, FALSE);
    }
  return NULL;
}

gboolean
rumble_fake_server_has_stream (RumbleFakeServer *self,
                               const char       *stream_id_b10)
{
  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), FALSE);
  return lookup_stream (self, stream_id_b10) != NULL;
}

void
rumble_fake_server_set_backlog_len (RumbleFakeServer *self,
                                    guint             n)
{
  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  self->backlog_len = n;
}

void
rumble_fake_server_set_fault (RumbleFakeServer *self,
                              RumbleFakeFault   fault,
                              gint64            param,
                              guint             count)
{
  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));

  self->fault = fault;
  self->fault_param = param;
  self->fault_left = fault == RUMBLE_FAKE_FAULT_NONE ? 0 : count;
}

void
rumble_fake_server_set_redirect_fault (RumbleFakeServer *self,
                                       const char       *location,
                                       guint             count)
{
  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  g_return_if_fail (location != NULL);

  rumble_fake_server_set_fault (self, RUMBLE_FAKE_FAULT_STATUS, SOUP_STATUS_FOUND, count);
  rumble_fake_server_set_fault_header (self, "Location", location);
}

void
rumble_fake_server_set_fault_header (RumbleFakeServer *self,
                                     const char       *name,
                                     const char       *value)
{
  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));

  g_free (self->fault_header_name);
  g_free (self->fault_header_value);
  self->fault_header_name = g_strdup (name);
  self->fault_header_value = g_strdup (value);
}

void
rumble_fake_server_set_fault_reason (RumbleFakeServer *self,
                                     const char       *reason)
{
  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));

  g_free (self->fault_reason);
  self->fault_reason = g_strdup (reason);
}

void
rumble_fake_server_add_video (RumbleFakeServer *self,
                              const char       *video_id,
                              const char       *embed_id,
                              const char       *stream_id_b10)
{
  FakeVideo *video;

  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  g_return_if_fail (video_id != NULL && *video_id != '\0');
  g_return_if_fail (embed_id != NULL && *embed_id != '\0');
  g_return_if_fail (stream_id_b10 != NULL);

  video = g_new0 (FakeVideo, 1);
  video->embed_id = g_strdup (embed_id);
  video->stream_id = g_strdup (stream_id_b10);
  g_hash_table_replace (self->videos, g_strdup (video_id), video);
  g_hash_table_replace (self->embeds, g_strdup (embed_id), g_strdup (stream_id_b10));
}

void
rumble_fake_server_add_channel (RumbleFakeServer *self,
                                const char       *name,
                                const char       *live_embed_id)
{
  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  g_return_if_fail (name != NULL && *name != '\0');

  g_hash_table_replace (self->site_channels, g_strdup (name),
                        g_strdup (live_embed_id ? live_embed_id : ""));
}

void
rumble_fake_server_start_demo (RumbleFakeServer *self,
                               const char       *stream_id_b10,
                               double            rate)
{
  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  g_return_if_fail (rate > 0);

  if (!rumble_fake_server_has_stream (self, stream_id_b10))
    rumble_fake_server_add_stream (self, stream_id_b10, TRUE);

  g_clear_pointer (&self->demo, rumble_fake_demo_free);
  self->demo = rumble_fake_demo_new (self, stream_id_b10, rate,
                                     self->demo_seed ? self->demo_seed : g_random_int ());
}

void
rumble_fake_server_stop_demo (RumbleFakeServer *self)
{
  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  g_clear_pointer (&self->demo, rumble_fake_demo_free);
}

void
rumble_fake_server_set_demo_seed (RumbleFakeServer *self,
                                  guint32           seed)
{
  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  self->demo_seed = seed;
}

GPtrArray *
rumble_fake_server_get_requests (RumbleFakeServer *self)
{
  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);
  return self->requests;
}

void
rumble_fake_server_clear_requests (RumbleFakeServer *self)
{
  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  g_ptr_array_set_size (self->requests, 0);
}

const RumbleFakeRequest *
rumble_fake_server_find_request (RumbleFakeServer *self,
                                 const char       *method,
                                 const char       *path_prefix)
{
  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);

  for (guint i = self->requests->len; i > 0; i--)
    {
      const RumbleFakeRequest *request = g_ptr_array_index (self->requests, i - 1);

      if ((method == NULL || g_strcmp0 (request->method, method) == 0) &&
          (path_prefix == NULL || g_str_has_prefix (request->path, path_prefix)))
        return request;
    }
  return NULL;
}

char *
rumble_fake_request_get_form_field (const RumbleFakeRequest *request,
                                    const char              *name)
{
  const char *content_type;
  gsize size = 0;
  const char *data;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  content_type = soup_message_headers_get_content_type (request->headers, NULL);
  data = request->body ? g_bytes_get_data (request->body, &size) : NULL;
  if (size > 0 && (content_type == NULL ||
                   g_ascii_strcasecmp (content_type, "application/x-www-form-urlencoded") == 0))
    {
      g_autofree char *text = g_strndup (data, size);
      g_autoptr(GHashTable) form = soup_form_decode (text);
      const char *value = g_hash_table_lookup (form, name);

      if (value)
        return g_strdup (value);
    }

  if (request->query)
    {
      g_autoptr(GHashTable) form = soup_form_decode (request->query);
      const char *value = g_hash_table_lookup (form, name);

      if (value)
        return g_strdup (value);
    }
  return NULL;
}

char *
rumble_fake_request_get_cookie (const RumbleFakeRequest *request,
                                const char              *name)
{
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return cookie_from_headers (request->headers, name);
}

gpointer
rumble_fake_server_get_service_data (RumbleFakeServer *self)
{
  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);
  return self->service_data;
}

void
rumble_fake_server_set_service_data (RumbleFakeServer *self,
                                     gpointer          data,
                                     GDestroyNotify    destroy)
{
  gpointer old_data;
  GDestroyNotify old_destroy;

  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));

  old_data = self->service_data;
  old_destroy = self->service_destroy;
  self->service_data = data;
  self->service_destroy = destroy;
  if (old_destroy && old_data && old_data != data)
    old_destroy (old_data);
}
