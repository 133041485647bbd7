/* test-connection.c — RumbleChatApi's stream connection against the fake server:
 * headers, reconnects after cuts and faults, back-off, offline polling, de-duplication
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rumble.h"
#include "rumble-fake-server.h"
#include "test-util.h"

#define STREAM RUMBLE_FAKE_DEFAULT_STREAM

typedef struct {
  RumbleFakeServer *fake;
  RumbleChatApi    *api;
  GPtrArray        *states;   /* state nicks, in order of change */
} Fixture;

static const char *
state_nick (RumbleConnectionState state)
{
  GEnumClass *klass = g_type_class_peek (RUMBLE_TYPE_CONNECTION_STATE);

  return g_enum_get_value (klass, state)->value_nick;
}

static void
on_state (RumbleChatApi *api,
          GParamSpec    *pspec,
          Fixture       *f)
{
  g_ptr_array_add (f->states, g_strdup (state_nick (rumble_chat_api_get_state (api))));
}

static RumbleChatApi *
new_api (Fixture    *f,
         const char *stream)
{
  RumbleChatApi *api = rumble_chat_api_new (stream);

  rumble_chat_api_set_chat_url (api, rumble_fake_server_get_chat_url (f->fake));
  rumble_chat_api_set_site_url (api, rumble_fake_server_get_url (f->fake));
  /* Short back-off so the tests run quickly; the logic is the same. */
  rumble_chat_api_set_backoff (api, 10, 80, 150);
  g_signal_connect (api, "notify::state", G_CALLBACK (on_state), f);
  return api;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_type_ensure (RUMBLE_TYPE_CONNECTION_STATE);
  f->fake = rumble_fake_server_new (0, &error);
  g_assert_no_error (error);
  f->states = g_ptr_array_new_with_free_func (g_free);
  f->api = new_api (f, STREAM);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  rumble_chat_api_disconnect (f->api);
  g_assert_finalize_object (f->api);
  g_assert_finalize_object (f->fake);
  g_ptr_array_unref (f->states);
}

typedef struct {
  gboolean done;
  gboolean ok;
  GError  *error;
} ConnectResult;

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ConnectResult *r = user_data;

  r->ok = rumble_chat_api_connect_finish (RUMBLE_CHAT_API (source), result, &r->error);
  r->done = TRUE;
}

static gboolean
is_connected (gpointer data)
{
  return rumble_chat_api_get_state (data) == RUMBLE_CONNECTION_CONNECTED;
}

/* Connects and waits for the outcome: NULL on success, else the error. */
static GError *
connect_outcome (Fixture *f)
{
  ConnectResult r = { 0 };

  rumble_chat_api_connect_async (f->api, NULL, on_connected, &r);
  test_wait_for_flag (&r.done, 5000);
  g_assert_true (r.ok == (r.error == NULL));
  return r.error;
}

static void
connect_and_wait (Fixture *f)
{
  g_autoptr(GError) error = connect_outcome (f);

  g_assert_no_error (error);
}

static guint
n_messages (Fixture *f)
{
  return g_list_model_get_n_items (rumble_chat_api_get_messages (f->api));
}

typedef struct {
  Fixture *f;
  guint    n;
} CountWait;

static gboolean
has_n_messages (gpointer data)
{
  CountWait *w = data;

  return n_messages (w->f) >= w->n;
}

static void
wait_for_messages (Fixture *f,
                   guint    n)
{
  CountWait w = { f, n };

  test_wait_until (has_n_messages, &w, 10000);
}

static guint
count_stream_requests (Fixture *f)
{
  GPtrArray *requests = rumble_fake_server_get_requests (f->fake);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      const RumbleFakeRequest *r = g_ptr_array_index (requests, i);

      if (g_str_has_suffix (r->path, "/stream"))
        n++;
    }
  return n;
}

static void
test_headers (Fixture       *f,
              gconstpointer  data)
{
  const RumbleFakeRequest *request;
  g_autofree char *path = g_strdup_printf ("/chat/api/chat/%s/stream", STREAM);
  g_autofree char *cookie = NULL;

  rumble_chat_api_set_session (f->api, "token-for-test");
  connect_and_wait (f);

  request = rumble_fake_server_find_request (f->fake, "GET", path);
  g_assert_nonnull (request);
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Accept"), ==, "text/event-stream");
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Cache-Control"), ==, "no-cache");
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Origin"), ==, "https://rumble.com");
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Referer"), ==, "https://rumble.com/");
  cookie = rumble_fake_request_get_cookie (request, "u_s");
  g_assert_cmpstr (cookie, ==, "token-for-test");

  g_assert_cmpstr (g_ptr_array_index (f->states, 0), ==, "connecting");
  g_assert_cmpstr (g_ptr_array_index (f->states, 1), ==, "connected");
}

static void
test_live_messages (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = NULL;
  RumbleMessage *m;
  guint before;

  connect_and_wait (f);
  before = n_messages (f);
  id = rumble_fake_server_push_message (f->fake, STREAM, "Quillback_Tom", "hello <b>there</b> & all");
  wait_for_messages (f, before + 1);

  m = rumble_chat_api_lookup_message (f->api, id);
  g_assert_nonnull (m);
  g_assert_cmpstr (rumble_message_get_text (m), ==, "hello <b>there</b> & all");
  g_assert_cmpstr (rumble_message_get_display_name (m), ==, "Quillback_Tom");
}

/* Every message the fake carried is in the model exactly once, in time order. */
static void
assert_all_once (Fixture   *f,
                 GPtrArray *ids)
{
  GListModel *model = rumble_chat_api_get_messages (f->api);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (model);
  gint64 last_time = G_MININT64;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RumbleMessage) m = g_list_model_get_item (model, i);

      g_assert_false (g_hash_table_contains (seen, rumble_message_get_id (m)));
      g_hash_table_add (seen, (gpointer) rumble_message_get_id (m));
      g_assert_cmpint (rumble_message_get_time (m), >=, last_time);
      last_time = rumble_message_get_time (m);
    }
  for (guint i = 0; i < ids->len; i++)
    g_assert_true (g_hash_table_contains (seen, g_ptr_array_index (ids, i)));
}

static void
test_cut_at_offsets (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  /* Offsets inside the init, at event boundaries, inside later events. */
  static const gint64 offsets[] = { 1, 7, 100, 1000, 2500, 4000, 5500, 6100, 6600, 7200, 8000,
                                    9000, 10500, 12000 };

  rumble_chat_api_set_history_len (f->api, 5000);
  for (guint round = 0; round < G_N_ELEMENTS (offsets); round++)
    {
      /* Cut the next connection after N bytes, then let it reconnect. */
      rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
        .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_CUT, .param = offsets[round],
        .count = 1 });
      if (round == 0)
        rumble_chat_api_connect_async (f->api, NULL, NULL, NULL);
      else
        rumble_fake_server_close_streams (f->fake, STREAM);

      for (guint i = 0; i < 3; i++)
        g_ptr_array_add (ids, rumble_fake_server_push_message (f->fake, STREAM, "MarigoldFinch",
                                                               "a message during the cuts"));
      test_wait_until (is_connected, f->api, 10000);
      /* The messages pushed while we were away come back with the next init. */
      wait_for_messages (f, ids->len + 2);
    }

  assert_all_once (f, ids);
  g_assert_cmpuint (count_stream_requests (f), >=, G_N_ELEMENTS (offsets) + 1);
}

static void
test_offline_then_live (Fixture       *f,
                        gconstpointer  data)
{
  ConnectResult r = { 0 };
  g_autoptr(RumbleChatApi) api = NULL;

  rumble_fake_server_add_stream (f->fake, "123456", FALSE);
  api = new_api (f, "123456");
  rumble_chat_api_connect_async (api, NULL, on_connected, &r);
  test_wait_for_flag (&r.done, 5000);
  g_assert_error (r.error, RUMBLE_ERROR, RUMBLE_ERROR_CHAT_CLOSED);
  g_clear_error (&r.error);
  g_assert_cmpint (rumble_chat_api_get_state (api), ==, RUMBLE_CONNECTION_OFFLINE);
  g_assert_null (rumble_chat_api_get_last_error (api));
  g_assert_cmpint (rumble_chat_api_get_next_retry (api), >, 0);

  /* It connects by itself when the stream goes live. */
  rumble_fake_server_set_live (f->fake, "123456", TRUE);
  test_wait_until (is_connected, api, 5000);
  rumble_chat_api_disconnect (api);
  g_assert_finalize_object (g_steal_pointer (&api));
}

static void
test_server_errors (Fixture       *f,
                    gconstpointer  data)
{
  static const gint64 statuses[] = { 500, 502, 503, 408 };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(RumbleChatApi) api = new_api (f, STREAM);

      rumble_fake_server_clear_requests (f->fake);
      rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
        .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_STATUS, .status = statuses[i],
        .count = 2 });
      rumble_chat_api_connect_async (api, NULL, NULL, NULL);
      test_wait_until (is_connected, api, 5000);
      /* two failures, then success */
      g_assert_cmpuint (count_stream_requests (f), ==, 3);
      rumble_chat_api_disconnect (api);
      g_assert_finalize_object (g_steal_pointer (&api));
    }
}

static void
test_error_after_three (Fixture       *f,
                        gconstpointer  data)
{
  ConnectResult r = { 0 };

  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 502 });
  rumble_chat_api_connect_async (f->api, NULL, on_connected, &r);
  test_wait_for_flag (&r.done, 5000);
  g_assert_error (r.error, RUMBLE_ERROR, RUMBLE_ERROR_HTTP);
  g_clear_error (&r.error);
  g_assert_cmpint (rumble_chat_api_get_state (f->api), ==, RUMBLE_CONNECTION_ERROR);
  g_assert_nonnull (rumble_chat_api_get_last_error (f->api));
  g_assert_cmpuint (count_stream_requests (f), ==, 3);

  /* Slow retries go on; when the server recovers, we are connected again. */
  rumble_fake_server_clear_faults (f->fake, RUMBLE_FAKE_ROUTE_STREAM);
  test_wait_until (is_connected, f->api, 5000);
  g_assert_null (rumble_chat_api_get_last_error (f->api));
}

static gboolean
has_next_retry (gpointer data)
{
  return rumble_chat_api_get_next_retry (data) != 0;
}

static void
test_retry_after (Fixture       *f,
                  gconstpointer  data)
{
  gint64 wait;

  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 429, .count = 1,
    .headers = (const char *[]) { "Retry-After", "2", NULL } });
  rumble_chat_api_connect_async (f->api, NULL, NULL, NULL);
  test_wait_until (has_next_retry, f->api, 5000);

  /* The back-off would be 10 ms; the server asked for 2 s. */
  wait = rumble_chat_api_get_next_retry (f->api) - g_get_monotonic_time ();
  g_assert_cmpint (wait, >, 1500 * 1000);
  g_assert_cmpint (wait, <=, 2000 * 1000);
  g_assert_error ((GError *) rumble_chat_api_get_last_error (f->api), RUMBLE_ERROR, RUMBLE_ERROR_RATE_LIMIT);
  g_assert_cmpuint (rumble_error_get_retry_after (rumble_chat_api_get_last_error (f->api)), ==, 2);

  /* The user may skip the wait. */
  rumble_chat_api_retry_now (f->api);
  test_wait_until (is_connected, f->api, 5000);
}

static void
test_backoff_capped (Fixture       *f,
                     gconstpointer  data)
{
  gint64 longest = 0;

  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 500 });
  rumble_chat_api_connect_async (f->api, NULL, NULL, NULL);
  for (guint i = 0; i < 8; i++)
    {
      guint before = count_stream_requests (f);
      gint64 wait;

      while (count_stream_requests (f) == before || rumble_chat_api_get_next_retry (f->api) == 0)
        g_main_context_iteration (NULL, TRUE);
      wait = rumble_chat_api_get_next_retry (f->api) - g_get_monotonic_time ();
      longest = MAX (longest, wait);
      /* initial 10 ms … cap 80 ms */
      g_assert_cmpint (wait, <=, 80 * 1000);
    }
  g_assert_cmpint (longest, >, 10 * 1000);
}

static void
test_bad_responses (Fixture       *f,
                    gconstpointer  data)
{
  /* Wrong content type, garbage and a 404: nothing crashes, the state tells, and the
   * chat connects once the server behaves. */
  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_WRONG_TYPE, .count = 1 });
  rumble_chat_api_connect_async (f->api, NULL, NULL, NULL);
  test_wait_until (is_connected, f->api, 5000);
  g_assert_true (g_strv_contains ((const char * const *) f->states->pdata, "reconnecting") ||
                 f->states->len >= 2);

  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_GARBAGE, .count = 1 });
  rumble_fake_server_close_streams (f->fake, STREAM);
  test_iterate_for (100);
  test_wait_until (is_connected, f->api, 5000);

  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 404,
    .count = 1 });
  rumble_fake_server_close_streams (f->fake, STREAM);
  test_iterate_for (50);
  /* A 404 after a good init is not taken as "offline". */
  g_assert_cmpint (rumble_chat_api_get_state (f->api), !=, RUMBLE_CONNECTION_OFFLINE);
}

static void
test_drip (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *id = NULL;
  guint before;

  /* One byte every millisecond: the init alone takes a few seconds; trim it to the
   * first events by pushing afterwards. */
  rumble_fake_server_set_backlog_len (f->fake, 0);
  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_DRIP, .param = 1, .count = 1 });
  rumble_chat_api_connect_async (f->api, NULL, NULL, NULL);
  test_wait_until (is_connected, f->api, 30000);
  before = n_messages (f);
  id = rumble_fake_server_push_message (f->fake, STREAM, "MarigoldFinch", "drip drip");
  wait_for_messages (f, before + 1);
  g_assert_nonnull (rumble_chat_api_lookup_message (f->api, id));
}

static void
test_stall_idle_timeout (Fixture       *f,
                         gconstpointer  data)
{
  guint requests;

  /* Headers, then nothing: with an idle timeout set, the client gives up and reconnects. */
  rumble_chat_api_set_idle_timeout (f->api, 200);
  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_STALL, .count = 1 });
  rumble_chat_api_connect_async (f->api, NULL, NULL, NULL);
  test_wait_until (is_connected, f->api, 5000);
  requests = count_stream_requests (f);
  g_assert_cmpuint (requests, ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) f->states->pdata, "connecting"));

  /* A connected but quiet chat is not dropped while events keep coming. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id = rumble_fake_server_push_message (f->fake, STREAM, "MarigoldFinch", "still here");

      g_assert_nonnull (id);

      test_iterate_for (100);
    }
  g_assert_cmpuint (count_stream_requests (f), ==, requests);
}

static void
test_server_moved (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  guint before;

  connect_and_wait (f);
  before = n_messages (f);

  /* The server goes away (connection refused), then comes back on another port. */
  g_clear_object (&f->fake);
  f->fake = rumble_fake_server_new (0, &error);
  g_assert_no_error (error);
  test_iterate_for (100);
  g_assert_cmpint (rumble_chat_api_get_state (f->api), ==, RUMBLE_CONNECTION_RECONNECTING);
  g_assert_nonnull (rumble_chat_api_get_last_error (f->api));

  rumble_chat_api_set_chat_url (f->api, rumble_fake_server_get_chat_url (f->fake));
  id = rumble_fake_server_push_message (f->fake, STREAM, "MarigoldFinch", "on the new port");
  test_wait_until (is_connected, f->api, 5000);
  wait_for_messages (f, before + 1);
  /* The fixture backlog came again with the new init: still exactly once. */
  g_assert_cmpuint (n_messages (f), ==, before + 1);
  g_assert_nonnull (rumble_chat_api_lookup_message (f->api, id));
}

static void
test_plain_http_refused (Fixture       *f,
                         gconstpointer  data)
{
  ConnectResult r = { 0 };

  rumble_chat_api_set_chat_url (f->api, "http://chat.example.com/chat/api");
  rumble_chat_api_connect_async (f->api, NULL, on_connected, &r);
  test_wait_for_flag (&r.done, 5000);
  g_assert_error (r.error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);
  g_clear_error (&r.error);
  g_assert_cmpint (rumble_chat_api_get_state (f->api), ==, RUMBLE_CONNECTION_ERROR);
  g_assert_cmpuint (count_stream_requests (f), ==, 0);
}

static char *
stream_url_of (RumbleFakeServer *fake,
               const char       *query)
{
  return g_strdup_printf ("%s/chat/%s/stream%s%s", rumble_fake_server_get_chat_url (fake), STREAM,
                          query != NULL ? "?" : "", query != NULL ? query : "");
}

/* The chat host redirects the stream to plain http on another host (127.0.0.2 is another
 * host on lo): the redirect is refused, so the session cookie never reaches that host. */
static void
test_redirect_other_host (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(RumbleFakeServer) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  g_autofree char *cookie = NULL;
  const RumbleFakeRequest *request;
  GPtrArray *requests;

  other = rumble_fake_server_new_on_address ("127.0.0.2", 0, &error);
  if (other == NULL)
    {
      g_test_skip_printf ("Cannot listen on 127.0.0.2: %s", error->message);
      return;
    }

  location = stream_url_of (other, NULL);
  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 302,
    .location = location, .count = 1 });
  rumble_chat_api_set_session (f->api, "token-for-test");
  error = connect_outcome (f);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL);

  /* The first host got the cookie… */
  request = rumble_fake_server_find_request (f->fake, "GET", "/chat/api/chat/");
  g_assert_nonnull (request);
  cookie = rumble_fake_request_get_cookie (request, "u_s");
  g_assert_cmpstr (cookie, ==, "token-for-test");

  /* …the other host nothing: plain http never crosses hosts (the cookie rule of each hop is
   * /rumble/http/hop-cookie), and the waiting connect failed with the policy's reason. */
  requests = rumble_fake_server_get_requests (other);
  g_assert_cmpuint (requests->len, ==, 0);
  g_assert_cmpint (rumble_chat_api_get_state (f->api), ==, RUMBLE_CONNECTION_ERROR);
  g_assert_false (rumble_chat_api_get_can_moderate (f->api));

  rumble_chat_api_disconnect (f->api);
  test_iterate_for (50);
  g_assert_finalize_object (g_steal_pointer (&other));
}

/* A redirect within the chat host's origin keeps the cookie. */
static void
test_redirect_same_origin (Fixture       *f,
                           gconstpointer  data)
{
  GPtrArray *requests = rumble_fake_server_get_requests (f->fake);
  g_autofree char *location = stream_url_of (f->fake, "moved=1");

  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 302,
    .location = location, .count = 1 });
  rumble_chat_api_set_session (f->api, "token-for-test");
  connect_and_wait (f);

  g_assert_cmpuint (count_stream_requests (f), ==, 2);
  for (guint i = 0; i < requests->len; i++)
    {
      const RumbleFakeRequest *request = g_ptr_array_index (requests, i);
      g_autofree char *cookie = rumble_fake_request_get_cookie (request, "u_s");

      g_assert_cmpstr (request->query, ==, i == 0 ? NULL : "moved=1");
      g_assert_cmpstr (cookie, ==, "token-for-test");
    }
}

/* Every hop passes the URL policy: plain http to another machine is not even tried, and
 * a waiting connect fails at once. */
static void
test_redirect_plain_http_refused (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 302,
    .location = "http://chat.example.invalid/chat/api/chat/" STREAM "/stream" });
  rumble_chat_api_set_session (f->api, "token-for-test");
  error = connect_outcome (f);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "http://chat.example.invalid"));
  g_assert_cmpint (rumble_chat_api_get_state (f->api), ==, RUMBLE_CONNECTION_ERROR);
  g_assert_cmpuint (count_stream_requests (f), ==, 1);
}

/* A redirect loop ends after RUMBLE_HTTP_MAX_REDIRECTS (5) hops. */
static void
test_redirect_loop (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 302,
    .location = "/chat/api/chat/" STREAM "/stream" });
  error = connect_outcome (f);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL);
  g_assert_cmpuint (count_stream_requests (f), ==, 1 + 5);
}

/* Headers, then silence: a caller that opted into the init deadline hears about it in
 * time, with a sentence that says what happened, and nothing is retried behind its back. */
static void
test_no_init_deadline (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  rumble_chat_api_set_init_timeout (f->api, 300);
  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_STALL });
  error = connect_outcome (f);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_NETWORK);
  g_assert_cmpstr (error->message, ==,
                   "The chat at 127.0.0.1 answered but sent no chat data within 1 second");
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  g_assert_cmpint (rumble_chat_api_get_state (f->api), ==, RUMBLE_CONNECTION_ERROR);
  g_assert_error ((GError *) rumble_chat_api_get_last_error (f->api), RUMBLE_ERROR,
                  RUMBLE_ERROR_NETWORK);
  g_assert_cmpint (rumble_chat_api_get_next_retry (f->api), ==, 0);
  test_iterate_for (200);
  g_assert_cmpuint (count_stream_requests (f), ==, 1);

  /* The user may still try again, and a chat that talks connects. */
  rumble_fake_server_clear_faults (f->fake, RUMBLE_FAKE_ROUTE_STREAM);
  rumble_chat_api_retry_now (f->api);
  test_wait_until (is_connected, f->api, 5000);
}

/* Without the deadline (the app), a silent chat is simply waited for. */
static void
test_no_init_waits (Fixture       *f,
                    gconstpointer  data)
{
  ConnectResult r = { 0 };

  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_STALL });
  rumble_chat_api_connect_async (f->api, NULL, on_connected, &r);
  test_iterate_for (600);
  g_assert_false (r.done);
  g_assert_cmpint (rumble_chat_api_get_state (f->api), ==, RUMBLE_CONNECTION_CONNECTING);
  rumble_chat_api_disconnect (f->api);
  test_wait_for_flag (&r.done, 5000);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
}

static void
test_disconnect_in_handler_cb (RumbleChatApi *api,
                               RumbleMessage *message,
                               gboolean      *hit)
{
  *hit = TRUE;
  rumble_chat_api_disconnect (api);
}

static void
test_disconnect_in_handler (Fixture       *f,
                            gconstpointer  data)
{
  gboolean hit = FALSE;

  g_signal_connect (f->api, "message-received", G_CALLBACK (test_disconnect_in_handler_cb), &hit);
  rumble_chat_api_connect_async (f->api, NULL, NULL, NULL);
  test_wait_for_flag (&hit, 5000);
  test_iterate_for (50);
  g_assert_cmpint (rumble_chat_api_get_state (f->api), ==, RUMBLE_CONNECTION_DISCONNECTED);
}

/* Gaps: what connection-lost and reconnected report. */
typedef struct {
  guint   n_lost;
  gint64  lost_at;
  char   *last_id;
  guint   n_reconnected;
  gint64  reconnected_lost_at;
  guint   n_recovered;
  gboolean complete;
} GapLog;

static void
on_connection_lost (RumbleChatApi *api,
                    gint64         lost_at,
                    const char    *last_message_id,
                    GapLog        *log)
{
  log->n_lost++;
  log->lost_at = lost_at;
  g_free (log->last_id);
  log->last_id = g_strdup (last_message_id);
}

static void
on_reconnected (RumbleChatApi *api,
                gint64         lost_at,
                guint          n_recovered,
                gboolean       complete,
                GapLog        *log)
{
  log->n_reconnected++;
  log->reconnected_lost_at = lost_at;
  log->n_recovered = n_recovered;
  log->complete = complete;
}

static gboolean
has_reconnected (gpointer data)
{
  return ((GapLog *) data)->n_reconnected > 0;
}

/* Cuts the connected stream and pushes @n_during messages while it is down. Returns the id
 * of the newest message shown before the cut. */
static char *
cut_with_messages (Fixture *f,
                   GapLog  *log,
                   guint    n_during)
{
  g_autofree char *before = NULL;
  gint64 start;

  g_signal_connect (f->api, "connection-lost", G_CALLBACK (on_connection_lost), log);
  g_signal_connect (f->api, "reconnected", G_CALLBACK (on_reconnected), log);
  connect_and_wait (f);
  before = rumble_fake_server_push_message (f->fake, STREAM, "Quillback_Tom", "before the cut");
  wait_for_messages (f, n_messages (f) + 1);
  g_assert_nonnull (rumble_chat_api_lookup_message (f->api, before));

  start = g_get_real_time ();
  rumble_fake_server_close_streams (f->fake, STREAM);
  /* The fake runs on this thread: these are sent before the client can come back. */
  for (guint i = 0; i < n_during; i++)
    g_free (rumble_fake_server_push_message (f->fake, STREAM, "MarigoldFinch", "during the cut"));
  test_wait_until (has_reconnected, log, 10000);

  g_assert_cmpuint (log->n_lost, ==, 1);
  g_assert_cmpint (log->lost_at, >=, start);
  g_assert_cmpint (log->reconnected_lost_at, ==, log->lost_at);
  return g_steal_pointer (&before);
}

static void
test_gap_recovered (Fixture       *f,
                    gconstpointer  data)
{
  GapLog log = { 0 };
  g_autofree char *before = cut_with_messages (f, &log, 4);

  g_assert_cmpstr (log.last_id, ==, before);
  g_assert_cmpuint (log.n_reconnected, ==, 1);
  g_assert_cmpuint (log.n_recovered, ==, 4);
  g_assert_true (log.complete);
  g_free (log.last_id);
}

static void
test_gap_backlog_short (Fixture       *f,
                        gconstpointer  data)
{
  GapLog log = { 0 };
  g_autofree char *before = NULL;

  /* Six messages during the cut, three in the backlog: it cannot reach back. */
  rumble_fake_server_set_backlog_len (f->fake, 3);
  before = cut_with_messages (f, &log, 6);
  g_assert_cmpstr (log.last_id, ==, before);
  g_assert_cmpuint (log.n_recovered, ==, 3);
  g_assert_false (log.complete);
  g_free (log.last_id);
}

static void
test_gap_forgotten_on_disconnect (Fixture       *f,
                                  gconstpointer  data)
{
  GapLog log = { 0 };

  g_signal_connect (f->api, "connection-lost", G_CALLBACK (on_connection_lost), &log);
  g_signal_connect (f->api, "reconnected", G_CALLBACK (on_reconnected), &log);
  connect_and_wait (f);
  /* Every attempt after the cut fails for a while: the gap stays open. */
  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 503,
    .count = 1000 });
  rumble_fake_server_close_streams (f->fake, STREAM);
  test_iterate_for (100);
  g_assert_cmpuint (log.n_lost, ==, 1);
  g_assert_cmpuint (log.n_reconnected, ==, 0);

  /* A deliberate disconnect and a fresh connect is no reconnect. */
  rumble_chat_api_disconnect (f->api);
  rumble_fake_server_clear_faults (f->fake, NULL);
  connect_and_wait (f);
  test_iterate_for (50);
  g_assert_cmpuint (log.n_lost, ==, 1);
  g_assert_cmpuint (log.n_reconnected, ==, 0);
  g_free (log.last_id);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/rumble/connection/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("headers", test_headers);
  ADD ("live-messages", test_live_messages);
  ADD ("cut-at-offsets", test_cut_at_offsets);
  ADD ("offline-then-live", test_offline_then_live);
  ADD ("server-errors", test_server_errors);
  ADD ("error-after-three", test_error_after_three);
  ADD ("retry-after", test_retry_after);
  ADD ("backoff-capped", test_backoff_capped);
  ADD ("bad-responses", test_bad_responses);
  ADD ("drip", test_drip);
  ADD ("disconnect-in-handler", test_disconnect_in_handler);
  ADD ("stall-idle-timeout", test_stall_idle_timeout);
  ADD ("server-moved", test_server_moved);
  ADD ("plain-http-refused", test_plain_http_refused);
  ADD ("redirect-other-host", test_redirect_other_host);
  ADD ("redirect-same-origin", test_redirect_same_origin);
  ADD ("redirect-plain-http-refused", test_redirect_plain_http_refused);
  ADD ("redirect-loop", test_redirect_loop);
  ADD ("no-init-deadline", test_no_init_deadline);
  ADD ("no-init-waits", test_no_init_waits);
  ADD ("gap-recovered", test_gap_recovered);
  ADD ("gap-backlog-short", test_gap_backlog_short);
  ADD ("gap-forgotten-on-disconnect", test_gap_forgotten_on_disconnect);
#undef ADD

  return g_test_run ();
}
