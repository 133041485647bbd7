/* test-fake-server.c — the fake Rumble server, seen from a plain SoupSession
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No client library here: the fake must be right on its own, byte for byte.
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rumble-fake-private.h"
#include "rumble-fake-server.h"
#include "test-util.h"

#define STREAM RUMBLE_FAKE_DEFAULT_STREAM
#define WAIT_MS 5000

typedef struct {
  RumbleFakeServer *server;
  SoupSession      *session;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = rumble_fake_server_new (0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->server);
  f->session = soup_session_new_with_options ("timeout", 0, "idle-timeout", 0, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->session);
  g_assert_finalize_object (f->server);
  test_iterate_for (10);
}

/* ---- small synchronous-looking helpers over the async API ------------------ */

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gboolean
result_ready (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static char *
url_for (Fixture    *f,
         const char *path)
{
  return g_strconcat (rumble_fake_server_get_url (f->server), path, NULL);
}

static char *
stream_url (Fixture    *f,
            const char *id)
{
  return g_strdup_printf ("%s/chat/%s/stream", rumble_fake_server_get_chat_url (f->server), id);
}

static GInputStream *
send_message (Fixture     *f,
              SoupMessage *msg)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GInputStream *in;

  soup_session_send_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, on_done, &result);
  test_wait_until (result_ready, &result, WAIT_MS);
  in = soup_session_send_finish (f->session, result, &error);
  g_assert_no_error (error);
  return in;
}

static GDataInputStream *
open_stream (Fixture      *f,
             const char   *id,
             SoupMessage **out_msg)
{
  g_autofree char *url = stream_url (f, id);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GInputStream) in = NULL;
  GDataInputStream *data;

  soup_message_headers_append (soup_message_get_request_headers (msg),
                               "Accept", "text/event-stream");
  in = send_message (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  data = g_data_input_stream_new (in);
  g_data_input_stream_set_newline_type (data, G_DATA_STREAM_NEWLINE_TYPE_LF);
  if (out_msg)
    *out_msg = g_steal_pointer (&msg);
  return data;
}

/* Reads until EOF; the whole body. */
static GBytes *
read_all (GInputStream *in)
{
  GByteArray *all = g_byte_array_new ();

  for (;;)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GBytes) chunk = NULL;
      g_autoptr(GError) error = NULL;

      g_input_stream_read_bytes_async (in, 65536, G_PRIORITY_DEFAULT, NULL, on_done, &result);
      test_wait_until (result_ready, &result, WAIT_MS);
      chunk = g_input_stream_read_bytes_finish (in, result, &error);
      g_assert_no_error (error);
      if (g_bytes_get_size (chunk) == 0)
        break;
      g_byte_array_append (all, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
    }
  return g_byte_array_free_to_bytes (all);
}

static const char *
content_type_of (SoupMessage *msg)
{
  return soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
}

static GBytes *
get (Fixture     *f,
     const char  *path,
     guint       *status,
     char       **content_type)
{
  g_autofree char *url = url_for (f, path);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GInputStream) in = send_message (f, msg);
  GBytes *body = read_all (in);

  *status = soup_message_get_status (msg);
  if (content_type)
    *content_type = g_strdup (content_type_of (msg));
  return body;
}

/* The next line, without its newline; NULL at EOF. */
static char *
read_line (GDataInputStream *in)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *line;

  g_data_input_stream_read_line_async (in, G_PRIORITY_DEFAULT, NULL, on_done, &result);
  test_wait_until (result_ready, &result, WAIT_MS);
  line = g_data_input_stream_read_line_finish (in, result, NULL, &error);
  g_assert_no_error (error);
  return line;
}

/* The data payload of the next SSE event; NULL at EOF. */
static char *
read_event (GDataInputStream *in)
{
  GString *data = NULL;

  for (;;)
    {
      g_autofree char *line = read_line (in);

      if (line == NULL)
        {
          g_assert_null (data);
          return NULL;
        }
      if (*line == '\0')
        {
          if (data)
            return g_string_free (data, FALSE);
          continue;
        }
      g_assert_true (g_str_has_prefix (line, "data: "));
      g_assert_null (data);   /* one data line per event */
      data = g_string_new (line + strlen ("data: "));
    }
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* Walks "a.b.0.c" through objects (members) and arrays (indices). */
static JsonNode *
jnode (JsonObject *obj,
       const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = NULL;

  for (guint i = 0; parts[i]; i++)
    {
      if (node && JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          guint64 index = 0;

          g_assert_true (g_ascii_string_to_unsigned (parts[i], 10, 0, G_MAXUINT, &index, NULL));
          g_assert_cmpuint (index, <, json_array_get_length (array));
          node = json_array_get_element (array, (guint) index);
        }
      else
        {
          if (node)
            obj = json_node_get_object (node);
          g_assert_nonnull (obj);
          node = json_object_get_member (obj, parts[i]);
        }
      if (node == NULL)
        g_error ("no %s in %s", parts[i], path);
    }
  return node;
}

static const char *
jstr (JsonObject *obj,
      const char *path)
{
  return json_node_get_string (jnode (obj, path));
}

static gint64
jint (JsonObject *obj,
      const char *path)
{
  JsonNode *node = jnode (obj, path);

  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
  return json_node_get_int (node);
}

static JsonObject *
jobj (JsonObject *obj,
      const char *path)
{
  return json_node_get_object (jnode (obj, path));
}

static JsonArray *
jarr (JsonObject *obj,
      const char *path)
{
  return json_node_get_array (jnode (obj, path));
}

static JsonObject *
event_data (JsonNode   *event,
            const char *type)
{
  JsonObject *root = json_node_get_object (event);

  g_assert_cmpstr (json_object_get_string_member (root, "type"), ==, type);
  return json_object_get_object_member (root, "data");
}

static JsonNode *
read_init (GDataInputStream *in)
{
  g_autofree char *text = read_event (in);

  g_assert_nonnull (text);
  g_assert_true (g_str_has_prefix (text, "{\"type\":\"init\""));
  return parse (text);
}

static GStrv
message_ids (JsonObject *data)
{
  JsonArray *messages = json_object_get_array_member (data, "messages");
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv ids;

  for (guint i = 0; i < json_array_get_length (messages); i++)
    g_strv_builder_add (builder, jstr (json_array_get_object_element (messages, i), "id"));
  ids = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return ids;
}

static void
close_input (GDataInputStream *in)
{
  g_input_stream_close (G_INPUT_STREAM (in), NULL, NULL);
  g_object_unref (in);
}

typedef struct {
  RumbleFakeServer *server;
  guint             n;
} ListenerWait;

/* The server notices a client leaving even while the stream is quiet. */
static gboolean
listeners_are (gpointer data)
{
  ListenerWait *w = data;

  return rumble_fake_server_get_n_listeners (w->server, STREAM) == w->n;
}

/* ---- the stream ------------------------------------------------------------ */

static void
test_stream_init (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SoupMessage) msg = NULL;
  GDataInputStream *in = open_stream (f, STREAM, &msg);
  g_autoptr(JsonNode) init = read_init (in);
  JsonObject *d = event_data (init, "init");
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  JsonObject *config = json_object_get_object_member (d, "config");
  JsonObject *admin = jobj (config, "badges.admin");
  JsonArray *levels = jarr (config, "rants.levels");
  JsonArray *users = json_object_get_array_member (d, "users");
  JsonArray *channels = json_object_get_array_member (d, "channels");
  g_auto(GStrv) ids = message_ids (d);
  const char * const expected_ids[] = { "1402937465012345601", "1402937465012345602", NULL };
  JsonObject *subs = json_object_get_object_member (d, "subscribers_only_chat");
  gboolean seen_5 = FALSE, seen_50 = FALSE;

  g_assert_cmpstr (soup_message_headers_get_one (headers, "Content-Type"),
                   ==, "text/event-stream; charset=UTF-8");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Cache-Control"), ==, "no-cache");
  g_assert_cmpint (soup_message_headers_get_encoding (headers), ==, SOUP_ENCODING_CHUNKED);

  g_assert_cmpstr (jstr (d, "chat.id"), ==, STREAM);
  g_assert_cmpstrv (ids, expected_ids);
  g_assert_cmpuint (json_array_get_length (users), ==, 2);
  g_assert_cmpstr (jstr (d, "users.0.username"), ==, "MarigoldFinch");
  g_assert_cmpstr (jstr (d, "users.1.username"), ==, "CedarHollowLive");
  g_assert_cmpuint (json_array_get_length (channels), ==, 1);
  g_assert_cmpstr (jstr (d, "channels.0.id"), ==, "5512345");
  /* channel_id is a JSON number on the wire */
  g_assert_cmpint (jint (d, "messages.1.channel_id"), ==, 5512345);

  g_assert_cmpint (json_object_get_int_member (config, "message_length_max"), ==, 200);
  g_assert_true (json_node_get_boolean (jnode (config, "rants.enable")));
  for (guint i = 0; i < json_array_get_length (levels); i++)
    {
      JsonObject *level = json_array_get_object_element (levels, i);
      gint64 dollars = json_object_get_int_member (level, "price_dollars");

      seen_5 |= dollars == 5 && json_object_get_int_member (level, "duration") == 300;
      seen_50 |= dollars == 50;
      g_assert_true (g_str_has_prefix (jstr (level, "colors.main"), "#"));
    }
  g_assert_true (seen_5 && seen_50);
  g_assert_cmpstr (jstr (admin, "icons.48"), ==, "/i/badges/admin_48.png");
  g_assert_cmpstr (jstr (admin, "label.en"), ==, "Admin");

  g_assert_cmpstr (jstr (d, "pinned_message.id"), ==, "1402937465012345590");
  g_assert_false (json_object_get_boolean_member (d, "can_moderate"));
  g_assert_true (json_object_get_null_member (d, "raid"));
  g_assert_true (json_object_get_null_member (d, "live_gate"));
  g_assert_false (json_object_get_boolean_member (subs, "on"));

  g_assert_cmpuint (rumble_fake_server_get_n_listeners (f->server, STREAM), ==, 1);
  close_input (in);
}

static void
test_stream_push (Fixture       *f,
                  gconstpointer  data)
{
  GDataInputStream *in = open_stream (f, STREAM, NULL);
  g_autoptr(JsonNode) init G_GNUC_UNUSED = read_init (in);
  g_autofree char *plain = test_load_fixture_compact ("sse_messages_plain.json");
  g_autofree char *pretty = test_load_fixture ("sse_messages_rant.json", NULL);
  g_autofree char *got = NULL;
  g_autofree char *id1 = NULL;
  g_autofree char *id2 = NULL;
  g_autoptr(JsonNode) event = NULL;
  g_autoptr(JsonNode) init2 = NULL;
  g_autoptr(JsonNode) init3 = NULL;
  g_autoptr(JsonNode) init4 = NULL;
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) ids3 = NULL;
  g_autofree char *delete = NULL;
  g_autofree char *pin = NULL;
  JsonObject *d;
  JsonObject *m;
  guint64 n1, n2;
  GDataInputStream *in2;

  /* A pushed event arrives byte for byte. */
  rumble_fake_server_push_event (f->server, STREAM, plain);
  got = read_event (in);
  g_assert_cmpstr (got, ==, plain);
  g_clear_pointer (&got, g_free);

  /* A pretty-printed payload goes out on one line. */
  rumble_fake_server_push_event (f->server, STREAM, pretty);
  got = read_event (in);
  g_assert_null (strchr (got, '\n'));
  event = parse (got);
  g_assert_cmpint (jint (event_data (event, "messages"), "messages.0.rant.price_cents"), ==, 500);
  g_clear_pointer (&got, g_free);
  g_clear_pointer (&event, json_node_unref);

  /* Scripted users post with fresh 19-digit ids above 2^53. */
  id1 = rumble_fake_server_push_message (f->server, STREAM, "Quillback_Tom", "hello there");
  id2 = rumble_fake_server_push_message (f->server, STREAM, "SomeoneNew", "me too");
  g_assert_cmpuint (strlen (id1), ==, 19);
  n1 = g_ascii_strtoull (id1, NULL, 10);
  n2 = g_ascii_strtoull (id2, NULL, 10);
  g_assert_cmpuint (n1, >, G_GUINT64_CONSTANT (9007199254740992));
  g_assert_cmpuint (n2, >, n1);

  got = read_event (in);
  event = parse (got);
  d = event_data (event, "messages");
  g_assert_cmpuint (strlen (jstr (json_node_get_object (event), "request_id")), ==, 43);
  m = jobj (d, "messages.0");
  g_assert_cmpstr (json_object_get_string_member (m, "id"), ==, id1);
  g_assert_cmpstr (json_object_get_string_member (m, "text"), ==, "hello there");
  g_assert_cmpstr (json_object_get_string_member (m, "user_id"), ==, "61234567");
  g_assert_cmpstr (jstr (d, "users.0.username"), ==, "Quillback_Tom");
  g_clear_pointer (&got, g_free);
  g_clear_pointer (&event, json_node_unref);

  got = read_event (in);
  event = parse (got);
  d = event_data (event, "messages");
  g_assert_cmpstr (jstr (d, "users.0.username"), ==, "SomeoneNew");
  g_clear_pointer (&event, json_node_unref);

  /* The next init carries everything, in order, with its users. */
  in2 = open_stream (f, STREAM, NULL);
  init2 = read_init (in2);
  ids = message_ids (event_data (init2, "init"));
  {
    const char * const expected[] = { "1402937465012345601", "1402937465012345602",
                                      "1402937465012345610", "1402937465012345611",
                                      id1, id2, NULL };
    g_assert_cmpstrv (ids, expected);
  }
  g_assert_cmpuint (json_array_get_length (jarr (event_data (init2, "init"), "users")), ==, 4);
  g_assert_cmpuint (rumble_fake_server_get_n_listeners (f->server, STREAM), ==, 2);
  close_input (in2);

  /* Deleted messages leave the backlog; a pin changes pinned_message; N bounds it. */
  delete = g_strdup_printf ("{\"type\":\"delete_messages\",\"data\":{\"message_ids\":[%s]}}", id1);
  rumble_fake_server_push_event (f->server, STREAM, delete);
  pin = test_load_fixture_compact ("sse_pin_message.json");
  rumble_fake_server_push_event (f->server, STREAM, pin);
  rumble_fake_server_set_backlog_len (f->server, 2);
  in2 = open_stream (f, STREAM, NULL);
  init3 = read_init (in2);
  ids3 = message_ids (event_data (init3, "init"));
  {
    const char * const expected[] = { "1402937465012345611", id2, NULL };
    g_assert_cmpstrv (ids3, expected);
  }
  g_assert_cmpstr (jstr (event_data (init3, "init"), "pinned_message.id"),
                   ==, "1402937465012345602");
  close_input (in2);

  /* The remembered messages are visible through the seam, deletions flagged. */
  {
    GPtrArray *messages = rumble_fake_server_get_messages (f->server, STREAM);
    RumbleFakeMessage *first = g_ptr_array_index (messages, 4);
    RumbleFakeMessage *rant = g_ptr_array_index (messages, 3);

    g_assert_cmpuint (messages->len, ==, 6);
    g_assert_cmpstr (first->id, ==, id1);
    g_assert_true (first->deleted);
    g_assert_cmpstr (first->username, ==, "Quillback_Tom");
    g_assert_cmpstr (first->text, ==, "hello there");
    g_assert_true (rant->is_rant);
    RumbleFakeMessage *as_channel = g_ptr_array_index (messages, 1);

    g_assert_cmpstr (as_channel->channel_name, ==, "CedarHollow");
  }

  /* A stream without messages: `channels` is Rumble's [[]]. */
  rumble_fake_server_add_stream (f->server, "1234", TRUE);
  in2 = open_stream (f, "1234", NULL);
  init4 = read_init (in2);
  {
    JsonArray *channels = json_object_get_array_member (event_data (init4, "init"), "channels");

    g_assert_cmpuint (json_array_get_length (channels), ==, 1);
    g_assert_cmpuint (json_array_get_length (json_array_get_array_element (channels, 0)), ==, 0);
    g_assert_true (json_object_get_null_member (event_data (init4, "init"), "pinned_message"));
  }
  close_input (in2);
  close_input (in);
}

/* The backlog is bounded in memory, and `init` carries the last N, in order. */
static void
test_stream_backlog (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *last = NULL;
  GDataInputStream *in;
  g_autoptr(JsonNode) init = NULL;
  JsonArray *messages;
  GPtrArray *kept;

  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *text = g_strdup_printf ("message %u", i);

      g_free (last);
      last = rumble_fake_server_push_message (f->server, STREAM, "MarigoldFinch", text);
    }
  kept = rumble_fake_server_get_messages (f->server, STREAM);
  g_assert_cmpuint (kept->len, >=, 2000);
  g_assert_cmpuint (kept->len, <=, 2500);
  g_assert_cmpstr (((RumbleFakeMessage *) g_ptr_array_index (kept, kept->len - 1))->id, ==, last);

  in = open_stream (f, STREAM, NULL);
  init = read_init (in);
  messages = jarr (event_data (init, "init"), "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 50);
  g_assert_cmpstr (jstr (event_data (init, "init"), "messages.0.text"), ==, "message 2950");
  g_assert_cmpstr (jstr (event_data (init, "init"), "messages.49.id"), ==, last);
  /* monotonic times, even if the clock were behind the fixture's */
  for (guint i = 1; i < 50; i++)
    g_assert_cmpstr (jstr (json_array_get_object_element (messages, i - 1), "time"), <=,
                     jstr (json_array_get_object_element (messages, i), "time"));
  close_input (in);
}

static void
test_stream_offline (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *unknown = stream_url (f, "111");
  g_autofree char *later = stream_url (f, "222");
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", unknown);
  g_autoptr(GInputStream) body = send_message (f, msg);
  GDataInputStream *in;
  g_autoptr(JsonNode) init = NULL;
  g_autofree char *eof = NULL;

  g_assert_cmpuint (soup_message_get_status (msg), ==, 204);
  g_clear_object (&msg);
  g_clear_object (&body);

  rumble_fake_server_add_stream (f->server, "222", FALSE);
  msg = soup_message_new ("GET", later);
  body = send_message (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 204);
  g_clear_object (&msg);
  g_clear_object (&body);

  /* Live now: the next poll connects. */
  rumble_fake_server_set_live (f->server, "222", TRUE);
  in = open_stream (f, "222", NULL);
  init = read_init (in);
  g_assert_cmpstr (jstr (event_data (init, "init"), "chat.id"), ==, "222");

  /* The stream ends: the connection closes cleanly and the next poll gets 204. */
  rumble_fake_server_set_live (f->server, "222", FALSE);
  eof = read_event (in);
  g_assert_null (eof);
  g_assert_cmpuint (rumble_fake_server_get_n_listeners (f->server, "222"), ==, 0);
  close_input (in);

  msg = soup_message_new ("GET", later);
  body = send_message (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 204);

  /* Only GET streams. */
  g_clear_object (&msg);
  g_clear_object (&body);
  msg = soup_message_new ("POST", unknown);
  body = send_message (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 405);
}

static void
test_stream_listeners (Fixture       *f,
                       gconstpointer  data)
{
  GDataInputStream *a = open_stream (f, STREAM, NULL);
  GDataInputStream *b = open_stream (f, STREAM, NULL);
  g_autoptr(JsonNode) init_a G_GNUC_UNUSED = read_init (a);
  g_autoptr(JsonNode) init_b G_GNUC_UNUSED = read_init (b);
  g_autofree char *got_a = NULL;
  g_autofree char *got_b = NULL;
  g_autofree char *eof = NULL;
  ListenerWait wait = { f->server, 1 };

  g_assert_cmpuint (rumble_fake_server_get_n_listeners (f->server, STREAM), ==, 2);
  rumble_fake_server_push_event (f->server, STREAM,
                                 "{\"type\":\"mute_users\","
                                 "\"data\":{\"user_ids\":[\"61234567\"]}}");
  got_a = read_event (a);
  got_b = read_event (b);
  g_assert_cmpstr (got_a, ==, got_b);
  g_assert_true (g_str_has_prefix (got_a, "{\"type\":\"mute_users\""));

  /* One client goes away; the server forgets it without harm. */
  close_input (a);
  test_wait_until (listeners_are, &wait, WAIT_MS);

  /* Raw bytes, malformed on purpose, go out as they are. */
  rumble_fake_server_push_raw (f->server, STREAM, "data: {not json\n\n", -1);
  g_clear_pointer (&got_b, g_free);
  for (;;)
    {
      g_free (got_b);
      got_b = read_line (b);
      if (g_str_has_prefix (got_b, "data:"))
        break;
    }
  g_assert_cmpstr (got_b, ==, "data: {not json");

  rumble_fake_server_close_streams (f->server, STREAM);
  g_assert_cmpuint (rumble_fake_server_get_n_listeners (f->server, STREAM), ==, 0);
  do
    {
      g_free (eof);
      eof = read_line (b);
    }
  while (eof != NULL);
  close_input (b);
}

/* ---- faults ------------------------------------------------------------------ */

static void
test_fault_cut (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SoupMessage) msg = NULL;
  GDataInputStream *in;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) init = NULL;
  g_autofree char *first = NULL;
  gsize init_len;
  g_autofree char *rest = NULL;

  rumble_fake_server_add_fault (f->server, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_CUT, .param = 100, .count = 1 });
  in = open_stream (f, STREAM, NULL);
  body = read_all (G_INPUT_STREAM (in));
  g_assert_cmpuint (g_bytes_get_size (body), ==, 100);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), 20, "data: {\"type\":\"init\"", 20);
  close_input (in);
  test_wait_until (listeners_are, &(ListenerWait) { f->server, 0 }, WAIT_MS);

  /* The fault was for one request; the next one is whole. The count includes the
   * init, so a cut just after it lands inside the next event. */
  in = open_stream (f, STREAM, NULL);
  first = read_event (in);
  init_len = strlen ("data: ") + strlen (first) + 2;
  close_input (in);

  rumble_fake_server_add_fault (f->server, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_CUT,
    .param = (gint64) init_len + 10, .count = 1 });
  in = open_stream (f, STREAM, NULL);
  init = read_init (in);
  rumble_fake_server_push_event (f->server, STREAM,
                                 "{\"type\":\"delete_messages\","
                                 "\"data\":{\"message_ids\":[\"1\"]}}");
  g_clear_pointer (&body, g_bytes_unref);
  body = read_all (G_INPUT_STREAM (in));
  rest = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_assert_cmpstr (rest, ==, "data: {\"ty");
  g_assert_cmpuint (rumble_fake_server_get_n_listeners (f->server, STREAM), ==, 0);
  close_input (in);

  /* A cut is only spent on a live stream. */
  rumble_fake_server_add_fault (f->server, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_CUT, .param = 10, .count = 1 });
  {
    g_autofree char *url = stream_url (f, "999");
    g_autoptr(GInputStream) none = NULL;

    msg = soup_message_new ("GET", url);
    none = send_message (f, msg);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 204);
  }
  in = open_stream (f, STREAM, NULL);
  g_clear_pointer (&body, g_bytes_unref);
  body = read_all (G_INPUT_STREAM (in));
  g_assert_cmpuint (g_bytes_get_size (body), ==, 10);
  close_input (in);
}

static void
test_fault_status (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *url = stream_url (f, STREAM);
  g_autofree char *unknown = stream_url (f, "4242");
  const guint codes[] = { 500, 502, 204, 404, 408 };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GInputStream) in = NULL;

      rumble_fake_server_add_fault (f->server, &(RumbleFakeFault) {
        .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_STATUS, .status = codes[i],
        .count = 1 });
      in = send_message (f, msg);
      g_assert_cmpuint (soup_message_get_status (msg), ==, codes[i]);
    }

  /* 429 with Retry-After, for two requests (any stream id), then normal again. */
  rumble_fake_server_add_fault (f->server, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 429, .count = 2,
    .headers = (const char *[]) { "Retry-After", "7", NULL } });
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", i == 1 ? unknown : url);
      g_autoptr(GInputStream) in = send_message (f, msg);
      const char *retry = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                        "Retry-After");

      if (i < 2)
        {
          g_assert_cmpuint (soup_message_get_status (msg), ==, 429);
          g_assert_cmpstr (retry, ==, "7");
        }
      else
        {
          g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
          g_assert_null (retry);
        }
      g_input_stream_close (in, NULL, NULL);
    }

  /* count 0: until cleared. */
  rumble_fake_server_add_fault (f->server, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 503 });
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GInputStream) in G_GNUC_UNUSED = send_message (f, msg);

      g_assert_cmpuint (soup_message_get_status (msg), ==, 503);
    }
  rumble_fake_server_clear_faults (f->server, RUMBLE_FAKE_ROUTE_STREAM);
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autoptr(GInputStream) in = send_message (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    g_input_stream_close (in, NULL, NULL);
  }
}

static guint
stream_status (Fixture    *f,
               const char *url)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GInputStream) in = send_message (f, msg);

  g_input_stream_close (in, NULL, NULL);
  return soup_message_get_status (msg);
}

/* Faults of one route queue up, each for its count; a fault of another route and a
 * clear of another route leave the stream alone. */
static void
test_fault_queue (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *url = stream_url (f, STREAM);

  rumble_fake_server_add_fault (f->server, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 500,
    .count = 1 });
  rumble_fake_server_add_fault (f->server, &(RumbleFakeFault) {
    .route = "user.login", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 418 });
  rumble_fake_server_add_fault (f->server, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 502,
    .count = 2 });
  g_assert_cmpuint (stream_status (f, url), ==, 500);
  g_assert_cmpuint (stream_status (f, url), ==, 502);
  g_assert_cmpuint (stream_status (f, url), ==, 502);
  g_assert_cmpuint (stream_status (f, url), ==, 200);

  rumble_fake_server_add_fault (f->server, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 503 });
  rumble_fake_server_clear_faults (f->server, "user.login");
  g_assert_cmpuint (stream_status (f, url), ==, 503);
  rumble_fake_server_clear_faults (f->server, NULL);
  g_assert_cmpuint (stream_status (f, url), ==, 200);
}

static void
test_fault_content (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *url = stream_url (f, STREAM);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GBytes) body = NULL;
  const guint8 *bytes;
  gsize len;

  rumble_fake_server_add_fault (f->server, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_WRONG_TYPE, .count = 1 });
  in = send_message (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpstr (content_type_of (msg), ==, "text/html");
  g_clear_object (&in);
  g_clear_object (&msg);

  rumble_fake_server_add_fault (f->server, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_GARBAGE, .param = 3000,
    .count = 1 });
  msg = soup_message_new ("GET", url);
  in = send_message (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpstr (content_type_of (msg), ==, "text/event-stream");
  body = read_all (in);
  bytes = g_bytes_get_data (body, &len);
  g_assert_cmpuint (len, ==, 3000);
  g_assert_null (memchr (bytes, '\n', len));
  g_assert_null (memchr (bytes, '\r', len));
  g_assert_false (g_utf8_validate ((const char *) bytes, len, NULL));
}

static void
test_fault_drip (Fixture       *f,
                 gconstpointer  data)
{
  GDataInputStream *in;
  GInputStream *base;
  gint64 start;
  gsize total = 0;
  gsize biggest = 0;
  g_autofree char *first = NULL;

  rumble_fake_server_add_fault (f->server, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_DRIP, .param = 10, .count = 1 });
  start = g_get_monotonic_time ();
  in = open_stream (f, STREAM, NULL);
  base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (in));
  while (total < 20)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GBytes) chunk = NULL;

      g_input_stream_read_bytes_async (base, 4096, G_PRIORITY_DEFAULT, NULL, on_done, &result);
      test_wait_until (result_ready, &result, WAIT_MS);
      chunk = g_input_stream_read_bytes_finish (base, result, NULL);
      g_assert_nonnull (chunk);
      g_assert_cmpuint (g_bytes_get_size (chunk), >, 0);
      total += g_bytes_get_size (chunk);
      biggest = MAX (biggest, g_bytes_get_size (chunk));
    }
  /* about one byte per 10 ms: 20 bytes take well over 100 ms */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 100 * 1000);
  g_assert_cmpuint (biggest, <=, 4);
  close_input (in);

  /* The fault was spent; the next stream is fast. */
  start = g_get_monotonic_time ();
  in = open_stream (f, STREAM, NULL);
  first = read_event (in);
  g_assert_true (g_str_has_prefix (first, "{\"type\":\"init\""));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  close_input (in);
}

static gboolean
stall_timeout (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_fault_stall (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SoupMessage) msg = NULL;
  GDataInputStream *in;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  rumble_fake_server_add_fault (f->server, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_STALL, .count = 1 });
  /* Headers arrive … */
  in = open_stream (f, STREAM, &msg);
  g_assert_cmpstr (content_type_of (msg), ==, "text/event-stream");
  g_assert_cmpuint (rumble_fake_server_get_n_listeners (f->server, STREAM), ==, 1);

  /* … then nothing, not even pushed events. */
  rumble_fake_server_push_event (f->server, STREAM,
                                 "{\"type\":\"mute_users\",\"data\":{\"user_ids\":[\"1\"]}}");
  g_timeout_add (300, stall_timeout, cancellable);
  g_data_input_stream_read_line_async (in, G_PRIORITY_DEFAULT, cancellable, on_done, &result);
  test_wait_until (result_ready, &result, WAIT_MS);
  line = g_data_input_stream_read_line_finish (in, result, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (line);
  close_input (in);

  /* The stalled client leaves; the server forgets it although it never wrote. */
  test_wait_until (listeners_are, &(ListenerWait) { f->server, 0 }, WAIT_MS);
}

/* ---- the request log ----------------------------------------------------------- */

static void
test_requests (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *url = url_for (f, "/log-test/form?name=from.query&b=query-b");
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) form = g_bytes_new_static ("a=1&b=two+words", 15);
  g_autoptr(GInputStream) in = NULL;
  const RumbleFakeRequest *request;
  g_autoptr(RumbleFakeRequest) copy = NULL;
  g_autofree char *a = NULL, *b = NULL, *name = NULL, *missing = NULL;
  g_autofree char *token = NULL, *foo = NULL, *none = NULL;
  GDataInputStream *stream;

  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", form);
  soup_message_headers_append (soup_message_get_request_headers (msg),
                               "Cookie", "foo=bar; u_s=tok123");
  soup_message_headers_append (soup_message_get_request_headers (msg), "X-Test", "yes");
  in = send_message (f, msg);

  request = rumble_fake_server_find_request (f->server, "POST", "/log-test");
  g_assert_nonnull (request);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/log-test/form");
  g_assert_cmpstr (request->query, ==, "name=from.query&b=query-b");
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "X-Test"), ==, "yes");
  g_assert_cmpmem (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body),
                   "a=1&b=two+words", 15);

  a = rumble_fake_request_get_form_field (request, "a");
  b = rumble_fake_request_get_form_field (request, "b");
  name = rumble_fake_request_get_form_field (request, "name");
  missing = rumble_fake_request_get_form_field (request, "zzz");
  g_assert_cmpstr (a, ==, "1");
  g_assert_cmpstr (b, ==, "two words");    /* the body wins over the query */
  g_assert_cmpstr (name, ==, "from.query");
  g_assert_null (missing);

  token = rumble_fake_request_get_cookie (request, "u_s");
  foo = rumble_fake_request_get_cookie (request, "foo");
  none = rumble_fake_request_get_cookie (request, "u");
  g_assert_cmpstr (token, ==, "tok123");
  g_assert_cmpstr (foo, ==, "bar");
  g_assert_null (none);

  copy = rumble_fake_request_copy (request);
  g_assert_cmpstr (copy->path, ==, "/log-test/form");

  /* The stream request is logged too, with its headers. */
  stream = open_stream (f, STREAM, NULL);
  request = rumble_fake_server_find_request (f->server, "GET", "/chat/api/chat/");
  g_assert_nonnull (request);
  g_assert_cmpstr (request->path, ==, "/chat/api/chat/" STREAM "/stream");
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Accept"),
                   ==, "text/event-stream");
  g_assert_cmpuint (g_bytes_get_size (request->body), ==, 0);
  g_assert_null (rumble_fake_server_find_request (f->server, "DELETE", NULL));
  g_assert_cmpuint (rumble_fake_server_get_requests (f->server)->len, ==, 2);
  g_assert_nonnull (rumble_fake_server_find_request (f->server, NULL, NULL));
  close_input (stream);

  rumble_fake_server_clear_requests (f->server);
  g_assert_cmpuint (rumble_fake_server_get_requests (f->server)->len, ==, 0);
  g_assert_null (rumble_fake_server_find_request (f->server, NULL, NULL));
}

/* ---- locator pages, embedJS, badges ------------------------------------------------ */

static void
test_locator (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *fake_embed = g_strconcat (rumble_fake_server_get_url (f->server),
                                             "/embed/v5abcde/", NULL);
  g_autoptr(GBytes) page = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autofree char *type = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *found;
  guint status = 0;

  rumble_fake_server_add_video (f->server, "v6xyz12", "v5abcde", STREAM);

  page = get (f, "/v6xyz12-friday-night-build.html", &status, &type);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (type, ==, "text/html");
  g_assert_cmpuint (g_bytes_get_size (page), >, 400 * 1024);
  text = g_strndup (g_bytes_get_data (page, NULL), g_bytes_get_size (page));
  found = strstr (text, "\"embedUrl\":\"https://rumble.com/embed/v5abcde/\"");
  g_assert_nonnull (found);
  g_assert_cmpint (found - text, >, 200 * 1024);    /* a bounded reader must read on */
  g_assert_nonnull (strstr (text, fake_embed));
  g_assert_nonnull (strstr (text, "application/json+oembed"));
  g_clear_pointer (&page, g_bytes_unref);
  g_clear_pointer (&text, g_free);

  page = get (f, "/v6xyz12.html", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&page, g_bytes_unref);
  page = get (f, "/v6xyz99-other.html", &status, NULL);
  g_assert_cmpuint (status, ==, 404);
  g_clear_pointer (&page, g_bytes_unref);

  g_clear_pointer (&type, g_free);
  json = get (f, "/embedJS/u3/?request=video&ver=2&v=v5abcde", &status, &type);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (type, ==, "application/json");
  text = g_strndup (g_bytes_get_data (json, NULL), g_bytes_get_size (json));
  root = parse (text);
  g_assert_cmpint (jint (json_node_get_object (root), "vid"), ==, 298765432);
  g_clear_pointer (&json, g_bytes_unref);
  g_clear_pointer (&text, g_free);

  json = get (f, "/embedJS/u3/?request=video&ver=2&v=v5zzzzz", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpmem (g_bytes_get_data (json, NULL), g_bytes_get_size (json), "false", 5);
  g_clear_pointer (&json, g_bytes_unref);

  /* Channel live pages: an embed reference only while live. */
  rumble_fake_server_add_channel (f->server, "CedarHollow", "v5abcde");
  rumble_fake_server_add_channel (f->server, "QuietOne", NULL);
  page = get (f, "/c/CedarHollow/live/", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  text = g_strndup (g_bytes_get_data (page, NULL), g_bytes_get_size (page));
  g_assert_nonnull (strstr (text, "https://rumble.com/embed/v5abcde/"));
  g_clear_pointer (&page, g_bytes_unref);
  g_clear_pointer (&text, g_free);

  page = get (f, "/c/QuietOne/live", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  text = g_strndup (g_bytes_get_data (page, NULL), g_bytes_get_size (page));
  g_assert_null (strstr (text, "/embed/"));
  g_clear_pointer (&page, g_bytes_unref);

  page = get (f, "/c/Nobody/live/", &status, NULL);
  g_assert_cmpuint (status, ==, 404);
  g_clear_pointer (&page, g_bytes_unref);
  page = get (f, "/user/CedarHollow/live/", &status, NULL);
  g_assert_cmpuint (status, ==, 404);
}

static guint32
test_crc32 (const guint8 *data,
            gsize         len,
            guint32       crc)
{
  crc = ~crc;
  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (guint k = 0; k < 8; k++)
        crc = (crc & 1) ? (crc >> 1) ^ 0xedb88320u : crc >> 1;
    }
  return ~crc;
}

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

/* Checks the PNG structure, every CRC, and that IDAT inflates to the pixel rows. */
static void
assert_valid_png (GBytes *png,
                  guint   size)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (png, &len);
  gsize off = 8;
  g_autoptr(GByteArray) idat = g_byte_array_new ();
  g_autoptr(GZlibDecompressor) inflate = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
  gsize raw_len = size * (1 + 4 * size);
  g_autofree guint8 *raw = g_malloc (raw_len + 16);
  gsize read = 0, written = 0;
  g_autoptr(GError) error = NULL;
  gboolean seen_end = FALSE;

  g_assert_cmpuint (len, >, 8);
  g_assert_cmpmem (p, 8, "\x89PNG\r\n\x1a\n", 8);
  while (off + 12 <= len)
    {
      guint32 clen = be32 (p + off);
      const guint8 *type = p + off + 4;

      g_assert_cmpuint (off + 12 + clen, <=, len);
      g_assert_cmpuint (test_crc32 (type, 4 + clen, 0), ==, be32 (p + off + 8 + clen));
      if (memcmp (type, "IHDR", 4) == 0)
        {
          g_assert_cmpuint (be32 (type + 4), ==, size);
          g_assert_cmpuint (be32 (type + 8), ==, size);
        }
      else if (memcmp (type, "IDAT", 4) == 0)
        g_byte_array_append (idat, type + 4, clen);
      else if (memcmp (type, "IEND", 4) == 0)
        seen_end = TRUE;
      off += 12 + clen;
    }
  g_assert_true (seen_end);
  g_assert_cmpuint (off, ==, len);

  g_assert_cmpint (g_converter_convert (G_CONVERTER (inflate), idat->data, idat->len,
                                        raw, raw_len + 16, G_CONVERTER_INPUT_AT_END,
                                        &read, &written, &error),
                   ==, G_CONVERTER_FINISHED);
  g_assert_no_error (error);
  g_assert_cmpuint (written, ==, raw_len);
}

static void
test_badges (Fixture       *f,
             gconstpointer  data)
{
  GDataInputStream *in = open_stream (f, STREAM, NULL);
  g_autoptr(JsonNode) init = read_init (in);
  JsonObject *badges = jobj (event_data (init, "init"), "config.badges");
  g_autoptr(GList) slugs = json_object_get_members (badges);
  guint checked = 0;
  g_autoptr(GBytes) missing = NULL;
  guint status = 0;

  close_input (in);
  g_assert_true (json_object_has_member (badges, "moderator"));
  g_assert_true (json_object_has_member (badges, "recurring_subscription"));
  g_assert_true (json_object_has_member (badges, "whale-blue"));

  for (GList *l = slugs; l; l = l->next)
    {
      JsonObject *icons = jobj (json_object_get_object_member (badges, l->data), "icons");
      g_autoptr(GList) sizes = json_object_get_members (icons);

      for (GList *s = sizes; s; s = s->next)
        {
          g_autoptr(GBytes) png = NULL;
          g_autofree char *type = NULL;

          png = get (f, json_object_get_string_member (icons, s->data), &status, &type);
          g_assert_cmpuint (status, ==, 200);
          g_assert_cmpstr (type, ==, "image/png");
          assert_valid_png (png, (guint) g_ascii_strtoull (s->data, NULL, 10));
          checked++;
        }
    }
  g_assert_cmpuint (checked, >=, 8);

  missing = get (f, "/i/badges/nope_48.png", &status, NULL);
  g_assert_cmpuint (status, ==, 404);
}

/* ---- the seam and the demo -------------------------------------------------------- */

static void
test_post_as (Fixture       *f,
              gconstpointer  data)
{
  GDataInputStream *in = open_stream (f, STREAM, NULL);
  g_autoptr(JsonNode) init G_GNUC_UNUSED = read_init (in);
  const char *user = "{\"id\":\"90011223\",\"username\":\"CedarHollowLive\","
                     "\"link\":\"/user/CedarHollowLive\",\"is_follower\":false,"
                     "\"color\":\"#2e8b57\",\"badges\":[\"admin\"]}";
  g_autofree char *id = rumble_fake_server_post_as (f->server, STREAM, user, "5512345", NULL,
                                                    "hi all", "REQ-1");
  g_autofree char *got = read_event (in);
  g_autoptr(JsonNode) event = parse (got);
  JsonObject *d = event_data (event, "messages");
  JsonObject *m = jobj (d, "messages.0");
  GPtrArray *messages = rumble_fake_server_get_messages (f->server, STREAM);
  RumbleFakeMessage *last = g_ptr_array_index (messages, messages->len - 1);
  g_autofree char *json = rumble_fake_server_get_message_json (f->server, STREAM, id);
  g_autofree char *next = rumble_fake_server_next_message_id (f->server);

  g_assert_cmpstr (jstr (json_node_get_object (event), "request_id"), ==, "REQ-1");
  g_assert_cmpstr (json_object_get_string_member (m, "id"), ==, id);
  g_assert_cmpint (jint (m, "channel_id"), ==, 5512345);
  g_assert_cmpstr (jstr (d, "channels.0.username"), ==, "CedarHollow");
  g_assert_cmpstr (last->id, ==, id);
  g_assert_cmpstr (last->username, ==, "CedarHollowLive");
  g_assert_cmpstr (last->channel_id, ==, "5512345");
  g_assert_cmpstr (last->channel_name, ==, "CedarHollow");
  g_assert_false (last->is_rant);
  g_assert_nonnull (strstr (json, "\"text\":\"hi all\""));
  g_assert_cmpuint (g_ascii_strtoull (next, NULL, 10), >, g_ascii_strtoull (id, NULL, 10));
  g_assert_null (rumble_fake_server_get_messages (f->server, "nope"));
  g_assert_false (rumble_fake_server_has_stream (f->server, "nope"));
  g_assert_true (rumble_fake_server_has_stream (f->server, STREAM));
  close_input (in);
}

typedef struct {
  guint regular, rant, as_channel, subscription, gift, raid, deleted, muted, non_rant;
  GHashTable *rant_cents;
} DemoSeen;

static void
check_demo_event (const char *text,
                  DemoSeen   *seen)
{
  g_autoptr(JsonNode) event = parse (text);
  JsonObject *root = json_node_get_object (event);
  const char *type = json_object_get_string_member (root, "type");
  JsonObject *d = json_object_get_object_member (root, "data");

  if (g_str_equal (type, "messages"))
    {
      JsonArray *messages = json_object_get_array_member (d, "messages");
      JsonArray *users = json_object_get_array_member (d, "users");
      JsonObject *m = json_array_get_object_element (messages, 0);
      const char *id = json_object_get_string_member (m, "id");

      g_assert_cmpuint (strlen (id), ==, 19);
      g_assert_cmpuint (strlen (json_object_get_string_member (m, "time")), ==, 25);
      g_assert_cmpuint (json_array_get_length (users), ==, 1);
      g_assert_cmpstr (jstr (m, "user_id"), ==, jstr (d, "users.0.id"));
      g_assert_true (g_str_has_prefix (jstr (d, "users.0.color"), "#"));
      g_assert_true (json_object_has_member (d, "channels"));
      if (json_object_has_member (m, "channel_id"))
        {
          g_assert_cmpint (jint (m, "channel_id"), >, 0);
          g_assert_cmpstr (jstr (d, "channels.0.username"), !=, NULL);
          seen->as_channel++;
        }
      if (json_object_has_member (m, "rant"))
        {
          JsonObject *rant = json_object_get_object_member (m, "rant");

          g_assert_cmpstr (json_object_get_string_member (m, "type"), ==, "rant");
          g_assert_cmpint (json_object_get_int_member (rant, "duration"), >=, 120);
          g_hash_table_add (seen->rant_cents, GINT_TO_POINTER ((int) jint (rant, "price_cents")));
          seen->rant++;
        }
      else if (json_object_has_member (m, "notification"))
        seen->subscription++;
      else if (json_object_has_member (m, "gift_purchase_notification"))
        seen->gift++;
      else if (json_object_has_member (m, "raid_notification"))
        seen->raid++;
      else
        {
          g_assert_cmpstr (json_object_get_string_member (m, "type"), ==, "regular");
          g_assert_cmpuint (strlen (json_object_get_string_member (m, "text")), >, 0);
          seen->regular++;
        }
    }
  else if (g_str_equal (type, "delete_messages"))
    seen->deleted++;
  else if (g_str_equal (type, "mute_users"))
    seen->muted++;
  else if (g_str_equal (type, "delete_non_rant_messages"))
    seen->non_rant++;
  else
    g_assert_not_reached ();
}

static void
test_demo (Fixture       *f,
           gconstpointer  data)
{
  GDataInputStream *in = open_stream (f, STREAM, NULL);
  g_autoptr(JsonNode) init G_GNUC_UNUSED = read_init (in);
  DemoSeen seen = { 0 };

  seen.rant_cents = g_hash_table_new (NULL, NULL);
  rumble_fake_server_set_demo_seed (f->server, 42);
  rumble_fake_server_start_demo (f->server, STREAM, 2000);
  for (guint i = 0; i < 1500; i++)
    {
      g_autofree char *text = read_event (in);

      g_assert_nonnull (text);
      check_demo_event (text, &seen);
    }
  rumble_fake_server_stop_demo (f->server);

  g_test_message ("regular %u, rants %u, as channel %u, subs %u, gifts %u, raids %u, "
                  "deletes %u, mutes %u",
                  seen.regular, seen.rant, seen.as_channel, seen.subscription, seen.gift, seen.raid,
                  seen.deleted, seen.muted);
  g_assert_cmpuint (seen.regular, >, 1000);
  g_assert_cmpuint (seen.rant, >, 0);
  g_assert_cmpuint (g_hash_table_size (seen.rant_cents), ==, 4);   /* $1 $5 $20 $50 */
  g_assert_cmpuint (seen.as_channel, >, 0);
  g_assert_cmpuint (seen.subscription, >, 0);
  g_assert_cmpuint (seen.gift, >, 0);
  g_assert_cmpuint (seen.raid, >, 0);
  g_assert_cmpuint (seen.deleted, >, 0);
  g_assert_cmpuint (seen.muted, >, 0);
  g_assert_cmpuint (seen.non_rant, ==, seen.muted);
  g_hash_table_unref (seen.rant_cents);
  close_input (in);
}

static GStrv
demo_script (guint32 seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleFakeServer) server = rumble_fake_server_new (0, &error);
  RumbleFakeDemo *demo;
  GPtrArray *messages;
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv script;

  g_assert_no_error (error);
  rumble_fake_server_add_stream (server, "77", TRUE);
  demo = rumble_fake_demo_new (server, "77", 1, seed);
  for (guint i = 0; i < 200; i++)
    rumble_fake_demo_step (demo);
  rumble_fake_demo_free (demo);

  messages = rumble_fake_server_get_messages (server, "77");
  for (guint i = 0; i < messages->len; i++)
    {
      RumbleFakeMessage *m = g_ptr_array_index (messages, i);
      g_autofree char *line = g_strdup_printf ("%s %s %d %s", m->username, m->text, m->deleted,
                                               m->channel_name ? m->channel_name : "-");

      g_strv_builder_add (builder, line);
    }
  script = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  g_assert_finalize_object (g_steal_pointer (&server));
  return script;
}

static void
test_demo_seed (void)
{
  g_auto(GStrv) a = demo_script (7);
  g_auto(GStrv) b = demo_script (7);
  g_auto(GStrv) c = demo_script (8);

  g_assert_cmpuint (g_strv_length (a), >, 150);
  g_assert_cmpstrv (a, b);
  g_assert_false (g_strv_equal ((const char * const *) a, (const char * const *) c));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/rumble/fake-server/stream/init", test_stream_init);
  ADD ("/rumble/fake-server/stream/push", test_stream_push);
  ADD ("/rumble/fake-server/stream/backlog", test_stream_backlog);
  ADD ("/rumble/fake-server/stream/offline", test_stream_offline);
  ADD ("/rumble/fake-server/stream/listeners", test_stream_listeners);
  ADD ("/rumble/fake-server/fault/cut", test_fault_cut);
  ADD ("/rumble/fake-server/fault/status", test_fault_status);
  ADD ("/rumble/fake-server/fault/queue", test_fault_queue);
  ADD ("/rumble/fake-server/fault/content", test_fault_content);
  ADD ("/rumble/fake-server/fault/drip", test_fault_drip);
  ADD ("/rumble/fake-server/fault/stall", test_fault_stall);
  ADD ("/rumble/fake-server/requests", test_requests);
  ADD ("/rumble/fake-server/locator", test_locator);
  ADD ("/rumble/fake-server/badges", test_badges);
  ADD ("/rumble/fake-server/post-as", test_post_as);
  ADD ("/rumble/fake-server/demo", test_demo);
#undef ADD
  g_test_add_func ("/rumble/fake-server/demo-seed", test_demo_seed);

  return g_test_run ();
}
