/* rumble-fake-sse.c — the fake server's chat stream route (SSE)
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One connection per stream request: the `init` snapshot first, then every event pushed
 * to the stream, shaped by a stream fault (cut, drip, stall) when one applies.
 */
#define G_LOG_DOMAIN "rumble-fake"

#include "config.h"

#include <string.h>

#include "rumble-fake-server-private.h"

#define ERROR_PAGE         "<html><body>error</body></html>\n"
#define WRONG_TYPE_PAGE    "<!DOCTYPE html><html><body>Just a moment...</body></html>\n"

struct _FakeConn {
  FakeStream         *stream;
  SoupServerMessage  *msg;
  RumbleFakeFaultKind fault;  /* NONE, CUT, DRIP or STALL */
  gint64              param;
  guint64             sent;   /* body bytes handed to libsoup */
  GByteArray         *drip;   /* bytes waiting for the drip timer */
  guint               drip_id;
  GSource            *peer;   /* notices the client closing while we are quiet */
};

static void conn_drop  (FakeConn *conn);
static void conn_close (FakeConn *conn);

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

void
rumble_fake_stream_broadcast (FakeStream *stream,
                              const char *data,
                              gsize       len)
{
  /* conn_write may drop a connection (CUT), so walk a copy. */
  g_autoptr(GPtrArray) conns = g_ptr_array_copy (stream->conns, NULL, NULL);

  for (guint i = 0; i < conns->len; i++)
    if (g_ptr_array_find (stream->conns, g_ptr_array_index (conns, i), NULL))
      conn_write (g_ptr_array_index (conns, i), data, len);
}

void
rumble_fake_stream_broadcast_event (FakeStream *stream,
                                    const char *json)
{
  g_autofree char *line = g_strconcat ("data: ", json, "\n\n", NULL);

  rumble_fake_stream_broadcast (stream, line, strlen (line));
}

void
rumble_fake_stream_close_all (FakeStream *stream)
{
  while (stream->conns->len > 0)
    conn_close (g_ptr_array_index (stream->conns, stream->conns->len - 1));
}

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
      pinned_user = rumble_fake_json_get_id (json_node_get_object (stream->pinned), "user_id");
      pinned_channel = rumble_fake_json_get_id (json_node_get_object (stream->pinned),
                                                "channel_id");
    }

  json_builder_begin_object (builder);
  rumble_fake_json_member_string (builder, "type", "init");
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "chat");
  json_builder_begin_object (builder);
  rumble_fake_json_member_string (builder, "id", stream->id);
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

  rumble_fake_json_member_bool (builder, "can_moderate", can_moderate);
  rumble_fake_json_member_null (builder, "raid");
  rumble_fake_json_member_null (builder, "live_gate");
  rumble_fake_json_member_null (builder, "ad_read");

  json_builder_set_member_name (builder, "subscribers_only_chat");
  json_builder_begin_object (builder);
  rumble_fake_json_member_bool (builder, "on", FALSE);
  rumble_fake_json_member_bool (builder, "can_enable", can_moderate);
  rumble_fake_json_member_bool (builder, "can_write", TRUE);
  json_builder_end_object (builder);

  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* The stream's fault for this request, or NULL: CUT, DRIP and STALL shape a normal
 * stream response, so only a live stream spends them. */
static RumbleFakeFault *
take_fault (RumbleFakeServer *self,
            gboolean          live)
{
  const RumbleFakeFault *fault = rumble_fake_server_peek_fault (self, RUMBLE_FAKE_ROUTE_STREAM);
  gboolean shapes_stream;

  if (fault == NULL)
    return NULL;
  shapes_stream = fault->kind == RUMBLE_FAKE_FAULT_CUT ||
                  fault->kind == RUMBLE_FAKE_FAULT_DRIP ||
                  fault->kind == RUMBLE_FAKE_FAULT_STALL;
  if (shapes_stream && !live)
    return NULL;
  return rumble_fake_server_take_fault (self, RUMBLE_FAKE_ROUTE_STREAM);
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

void
rumble_fake_server_handle_stream (RumbleFakeServer  *self,
                                  SoupServerMessage *msg,
                                  const char        *stream_id)
{
  FakeStream *stream = rumble_fake_server_lookup_stream (self, stream_id);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  g_autofree char *token = NULL;
  g_autofree char *init = NULL;
  g_autofree char *line = NULL;
  g_autoptr(RumbleFakeFault) fault = NULL;
  RumbleFakeFaultKind kind;
  FakeConn *conn;

  if (g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      soup_message_headers_replace (response_headers, "Allow", "GET");
      return;
    }

  fault = take_fault (self, stream && stream->live);
  kind = fault != NULL ? fault->kind : RUMBLE_FAKE_FAULT_NONE;
  switch (kind)
    {
    case RUMBLE_FAKE_FAULT_STATUS:
      rumble_fake_fault_respond (fault, msg,
                                 fault->status >= 200 && fault->status != 204 &&
                                 fault->status != 304 ? ERROR_PAGE : NULL);
      return;

    case RUMBLE_FAKE_FAULT_WRONG_TYPE:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC,
                                        WRONG_TYPE_PAGE, strlen (WRONG_TYPE_PAGE));
      /* After the body: a fault header may name another Content-Type. */
      rumble_fake_fault_add_headers (fault, msg);
      return;

    case RUMBLE_FAKE_FAULT_GARBAGE:
      serve_garbage (self, msg, fault->param);
      rumble_fake_fault_add_headers (fault, msg);
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

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (response_headers, "Content-Type",
                                "text/event-stream; charset=UTF-8");
  soup_message_headers_replace (response_headers, "Cache-Control", "no-cache");
  if (fault != NULL)
    rumble_fake_fault_add_headers (fault, msg);
  soup_message_headers_set_encoding (response_headers, SOUP_ENCODING_CHUNKED);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);

  conn = g_new0 (FakeConn, 1);
  conn->stream = stream;
  conn->msg = g_object_ref (msg);
  conn->fault = kind;
  conn->param = fault != NULL ? fault->param : 0;
  if (conn->fault == RUMBLE_FAKE_FAULT_DRIP)
    conn->drip = g_byte_array_new ();
  g_ptr_array_add (stream->conns, conn);
  g_signal_connect (msg, "finished", G_CALLBACK (on_conn_gone), conn);
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_conn_gone), conn);
  conn_watch_peer (conn);

  token = rumble_fake_cookie_from_headers (soup_server_message_get_request_headers (msg), "u_s");
  init = build_init (self, stream,
                     token != NULL && rumble_fake_service_can_moderate (self, token, stream->id));
  line = g_strconcat ("data: ", init, "\n\n", NULL);
  /* The first chunk goes out with the headers (PLATFORM.md §5). */
  conn_write (conn, line, strlen (line));
}
