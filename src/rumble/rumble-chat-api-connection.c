/* rumble-chat-api-connection.c — RumbleChatApi's connection: the SSE stream, its
 * deadlines, reconnection with back-off, and dispatching what it reads
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The connection follows PROTOCOL.md §14.2: a 20 s deadline for the response head and no
 * idle timeout after it; transport errors, 408, 429 and 5xx are retried with full-jitter
 * exponential back-off (Retry-After honoured, reset only after a valid `init`); 204 means
 * the chat is not live and is polled again; after a reconnect the new `init` is merged by
 * message id (rumble-chat-api-events.c).
 */
#define G_LOG_DOMAIN "rumble"

#include "config.h"

#include <string.h>

#include "rumble-chat-api-private.h"
#include "rumble-error.h"
#include "rumble-http-private.h"
#include "rumble-text.h"

#define READ_BUFFER_SIZE     (64 * 1024)
#define HEAD_TIMEOUT_S       20
#define FIRST_FAILURES_ERROR 3
#define MAX_RETRY_AFTER_S    600
/* After an HTTP error not worth a quick retry (not 408, 429 or 5xx), the backoff starts as
 * if this many attempts had failed: at its cap. */
#define SLOW_RETRY_ATTEMPT   8

static void start_request (RumbleChatApi *self);
static void stop_stream   (RumbleChatApi *self);

/* ---- Dispatching what the stream reads ------------------------------------------------ */

static void
set_state (RumbleChatApi         *self,
           RumbleConnectionState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_debug ("Chat %s: state %d", self->stream_id_b10, state);
  rumble_chat_api_notify_connection (self, RUMBLE_CHAT_API_PROP_STATE);
}

static void
set_last_error (RumbleChatApi *self,
                const GError  *error)
{
  if (error == NULL && self->last_error == NULL)
    return;
  g_clear_error (&self->last_error);
  if (error != NULL)
    self->last_error = g_error_copy (error);
  rumble_chat_api_notify_connection (self, RUMBLE_CHAT_API_PROP_LAST_ERROR);
}

static void
complete_connect_tasks (RumbleChatApi *self,
                        const GError  *error)
{
  g_autoptr(GPtrArray) tasks = NULL;

  if (self->connect_tasks->len == 0)
    return;

  tasks = g_steal_pointer (&self->connect_tasks);
  self->connect_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

/* A stream that had reached init is gone: remember where, for the reconnect's report. */
static void
open_gap (RumbleChatApi *self)
{
  GListModel *messages = G_LIST_MODEL (self->messages);
  guint n = g_list_model_get_n_items (messages);
  g_autoptr(RumbleMessage) newest = n > 0 ? g_list_model_get_item (messages, n - 1) : NULL;

  if (self->state != RUMBLE_CONNECTION_CONNECTED || self->gap_lost_at != 0)
    return;

  self->gap_lost_at = g_get_real_time ();
  g_free (self->gap_anchor_id);
  self->gap_anchor_id = newest != NULL ? g_strdup (rumble_message_get_id (newest)) : NULL;
  self->gap_anchor_seen = FALSE;
  self->gap_recovered = 0;
  g_signal_emit (self, rumble_chat_api_signals[RUMBLE_CHAT_API_SIGNAL_CONNECTION_LOST], 0,
                 self->gap_lost_at, self->gap_anchor_id);
}

static void
forget_gap (RumbleChatApi *self)
{
  self->gap_lost_at = 0;
  g_clear_pointer (&self->gap_anchor_id, g_free);
  self->gap_anchor_seen = FALSE;
  self->gap_recovered = 0;
}

static void
close_gap (RumbleChatApi *self)
{
  gint64 lost_at = self->gap_lost_at;
  guint n_recovered = self->gap_recovered;
  gboolean complete = self->gap_anchor_id == NULL || self->gap_anchor_seen;

  if (lost_at == 0)
    return;

  forget_gap (self);
  g_message ("Chat %s: reconnected; %u messages recovered from the backlog%s",
             self->stream_id_b10, n_recovered,
             complete ? "" : ", which did not reach back to the last message seen");
  g_signal_emit (self, rumble_chat_api_signals[RUMBLE_CHAT_API_SIGNAL_RECONNECTED], 0,
                 lost_at, n_recovered, complete);
}

static void
on_init_received (RumbleChatApi *self)
{
  /* Back-off resets only after a valid init (§14.2). */
  g_clear_handle_id (&self->init_timeout_id, g_source_remove);
  self->attempt = 0;
  self->first_failures = 0;
  set_last_error (self, NULL);
  set_state (self, RUMBLE_CONNECTION_CONNECTED);
  complete_connect_tasks (self, NULL);
  close_gap (self);
}

static gboolean
dispatch_text (RumbleChatApi *self,
               const char    *json,
               gssize         length,
               gboolean      *out_was_init)
{
  g_autoptr(GError) error = NULL;
  /* One per event: a parser keeps its tree until the next load, and the tree of a big
   * init is hundreds of bytes per item. */
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *without_nul = NULL;

  *out_was_init = FALSE;
  if (length < 0)
    length = strlen (json);
  if (!rumble_json_check_text (json, length, &error))
    {
      g_message ("Skipping a chat event: %s", error->message);
      return FALSE;
    }
  /* The fast reader takes what Rumble sends; anything unusual goes to json-glib. */
  root = rumble_json_parse (json, length);
  if (root != NULL)
    return rumble_chat_api_apply_event (self, root, out_was_init);

  without_nul = rumble_json_replace_nul_escapes (json, length);
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, without_nul != NULL ? without_nul : json, length,
                                   &error))
    {
      g_message ("Skipping a chat event that is not valid JSON: %s", error->message);
      return FALSE;
    }

  return rumble_chat_api_apply_event (self, json_parser_get_root (parser), out_was_init);
}

gboolean
rumble_chat_api_dispatch_event (RumbleChatApi *self,
                                const char    *json,
                                gssize         length)
{
  gboolean was_init;

  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);

  return dispatch_text (self, json, length, &was_init);
}

static void
on_sse_event (const char *event_type,
              const char *data,
              gsize       data_len,
              const char *last_event_id,
              gpointer    user_data)
{
  RumbleChatApi *self = user_data;
  gboolean was_init;

  /* A handler may have disconnected us in the middle of a chunk. */
  if (self->stream == NULL)
    return;

  /* Rumble sends everything as the default event type; the kind is the JSON `type`. */
  dispatch_text (self, data, data_len, &was_init);
  /* …and a handler of this very event may have disconnected us. */
  if (was_init && self->stream != NULL)
    on_init_received (self);
}

/* ---- Connection --------------------------------------------------------------------- */

static guint
backoff_delay_ms (RumbleChatApi *self)
{
  guint64 cap = self->backoff_initial_ms;

  for (guint i = 0; i < self->attempt && cap < self->backoff_max_ms; i++)
    cap *= 2;
  cap = MIN (cap, self->backoff_max_ms);

  /* Full jitter above the floor: anywhere between the initial delay and the cap. */
  if (cap <= self->backoff_initial_ms)
    return self->backoff_initial_ms;
  return self->backoff_initial_ms +
         (guint) g_random_int_range (0, (gint32) MIN (cap - self->backoff_initial_ms,
                                                      G_MAXINT32 - 1) + 1);
}

static void
on_retry_timeout (gpointer user_data)
{
  RumbleChatApi *self = user_data;

  self->retry_id = 0;
  self->next_retry = 0;
  rumble_chat_api_notify_connection (self, RUMBLE_CHAT_API_PROP_NEXT_RETRY);
  start_request (self);
}

static void
schedule_retry (RumbleChatApi *self,
                guint          delay_ms)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add_once (delay_ms, on_retry_timeout, self);
  self->next_retry = g_get_monotonic_time () + (gint64) delay_ms * G_TIME_SPAN_MILLISECOND;
  rumble_chat_api_notify_connection (self, RUMBLE_CHAT_API_PROP_NEXT_RETRY);
}

/* A failed attempt or a lost stream: decide the state and when to try again. */
static void
connection_failed (RumbleChatApi *self,
                   const GError  *error,
                   guint          retry_after_s)
{
  guint delay;

  open_gap (self);
  stop_stream (self);
  set_last_error (self, error);

  if (!self->have_init)
    self->first_failures++;

  delay = backoff_delay_ms (self);
  if (retry_after_s > 0)
    delay = MAX (delay, MIN (retry_after_s, MAX_RETRY_AFTER_S) * 1000);
  self->attempt++;

  if (!self->have_init && self->first_failures >= FIRST_FAILURES_ERROR)
    {
      set_state (self, RUMBLE_CONNECTION_ERROR);
      complete_connect_tasks (self, error);
    }
  else if (self->state == RUMBLE_CONNECTION_ERROR && !self->have_init)
    ; /* stays in error while the slow retries go on */
  else
    set_state (self, RUMBLE_CONNECTION_RECONNECTING);

  g_message ("Chat %s: %s; retrying in %u ms", self->stream_id_b10,
             error != NULL ? error->message : "connection lost", delay);
  schedule_retry (self, delay);
}

/* No retry: the chat waits in the error state until retry_now() or disconnect(). */
static void
give_up (RumbleChatApi *self,
         const GError  *error)
{
  open_gap (self);
  stop_stream (self);
  set_last_error (self, error);
  set_state (self, RUMBLE_CONNECTION_ERROR);
  complete_connect_tasks (self, error);
}

static void
went_offline (RumbleChatApi *self)
{
  g_autoptr(GError) error = g_error_new_literal (RUMBLE_ERROR, RUMBLE_ERROR_CHAT_CLOSED,
                                                 "The stream is not live");

  open_gap (self);
  stop_stream (self);
  /* Not an error: the chat connects by itself when the stream goes live. */
  set_last_error (self, NULL);
  set_state (self, RUMBLE_CONNECTION_OFFLINE);
  complete_connect_tasks (self, error);
  schedule_retry (self, self->offline_poll_ms);
}

static void
stop_stream (RumbleChatApi *self)
{
  g_clear_handle_id (&self->head_timeout_id, g_source_remove);
  g_clear_handle_id (&self->init_timeout_id, g_source_remove);
  if (self->idle_source != NULL)
    {
      g_source_destroy (self->idle_source);
      g_clear_pointer (&self->idle_source, g_source_unref);
    }
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  g_clear_object (&self->stream);
  g_clear_object (&self->stream_msg);
  g_clear_pointer (&self->stream_first_uri, g_uri_unref);
}

static void read_next (RumbleChatApi *self);

static gboolean
idle_source_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs idle_source_funcs = {
  .dispatch = idle_source_dispatch,
};

static gboolean
on_idle_timeout (gpointer user_data)
{
  RumbleChatApi *self = user_data;
  g_autoptr(GError) error = g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_NETWORK,
                                         "The chat stream was silent for %u seconds",
                                         self->idle_timeout_ms / 1000);

  connection_failed (self, error, 0);
  return G_SOURCE_REMOVE;
}

/* One source whose ready time moves on with every read: no timer churn per chunk. */
static void
touch_idle_timer (RumbleChatApi *self)
{
  if (self->idle_timeout_ms == 0)
    return;
  if (self->idle_source == NULL)
    {
      self->idle_source = g_source_new (&idle_source_funcs, sizeof (GSource));
      g_source_set_callback (self->idle_source, on_idle_timeout, self, NULL);
      g_source_set_static_name (self->idle_source, "[rumble] stream idle timeout");
      g_source_attach (self->idle_source, NULL);
    }
  g_source_set_ready_time (self->idle_source,
                           g_get_monotonic_time () +
                           (gint64) self->idle_timeout_ms * G_TIME_SPAN_MILLISECOND);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  RumbleChatApi *self = user_data;
  g_autoptr(GError) error = NULL;
  gssize n;

  /* Pending operations hold no reference: dispose cancels them, and a cancelled
   * callback must not touch @self. */
  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if ((GInputStream *) source != self->stream)
    return;

  if (n < 0)
    {
      g_autoptr(GError) wrapped = g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_NETWORK,
                                               "The chat connection broke: %s", error->message);

      connection_failed (self, wrapped, 0);
      return;
    }
  if (n == 0)
    {
      g_autoptr(GError) closed = g_error_new_literal (RUMBLE_ERROR, RUMBLE_ERROR_NETWORK,
                                                      "The chat server closed the connection");

      /* A clean EOF is not proof that the chat ended (§14.2): reconnect; a 204 will tell. */
      connection_failed (self, closed, 0);
      return;
    }

  touch_idle_timer (self);
  /* Handlers run inside feed(): keep ourselves alive even if one drops the last ref. */
  g_object_ref (self);
  rumble_sse_parser_feed (self->sse, (const char *) self->read_buffer, n);
  if ((GInputStream *) source == self->stream)
    read_next (self);
  g_object_unref (self);
}

static void
read_next (RumbleChatApi *self)
{
  g_input_stream_read_async (self->stream, self->read_buffer, READ_BUFFER_SIZE,
                             G_PRIORITY_DEFAULT, self->cancellable, on_read, self);
}

static guint
parse_retry_after (SoupMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                     "Retry-After");
  g_autofree char *trimmed = NULL;
  guint64 seconds;

  if (header == NULL)
    return 0;
  trimmed = g_strstrip (g_strdup (header));
  if (g_ascii_string_to_unsigned (trimmed, 10, 0, G_MAXUINT, &seconds, NULL))
    return (guint) seconds;
  {
    g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (header);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    if (when != NULL)
      return (guint) CLAMP (g_date_time_difference (when, now) / G_USEC_PER_SEC, 0, G_MAXUINT);
  }
  return 0;
}

static void
on_head_timeout (gpointer user_data)
{
  RumbleChatApi *self = user_data;

  self->head_timeout_id = 0;
  /* Cancelling is how libsoup is told; on_send sees this flag instead of "cancelled". */
  if (self->cancellable != NULL)
    {
      g_autoptr(GError) error = g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_NETWORK,
                                             "The chat server did not answer within %d seconds",
                                             HEAD_TIMEOUT_S);

      connection_failed (self, error, 0);
    }
}

static void
on_init_timeout (gpointer user_data)
{
  RumbleChatApi *self = user_data;
  guint seconds = (self->init_timeout_ms + 999) / 1000;
  g_autoptr(GError) error = NULL;

  self->init_timeout_id = 0;
  error = g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_NETWORK,
                       "The chat at %s answered but sent no chat data within %u %s",
                       g_uri_get_host (soup_message_get_uri (self->stream_msg)), seconds,
                       seconds == 1 ? "second" : "seconds");
  /* A caller with a deadline wants an answer, not retries (it tells its user). */
  g_debug ("Chat %s: %s", self->stream_id_b10, error->message);
  give_up (self, error);
}

static void send_stream_message (RumbleChatApi *self,
                                 GUri          *uri);

static void
on_send (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  RumbleChatApi *self = user_data;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) next = NULL;
  SoupMessage *msg;
  const char *content_type;
  guint status;

  stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  if (msg != self->stream_msg)
    return;

  if (stream == NULL)
    {
      /* libsoup's message may quote the server's Location. */
      g_autofree char *reason = rumble_text_clean (error->message, RUMBLE_HTTP_MESSAGE_MAX);
      g_autoptr(GError) wrapped = g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_NETWORK,
                                               "Cannot reach the chat server: %s",
                                               reason ? reason : "no reason given");

      connection_failed (self, wrapped, 0);
      return;
    }

  /* Redirects are ours to follow (the cookie must not leave its origin); the head
   * deadline covers the whole chain. */
  next = rumble_http_hop_next (msg, &self->stream_redirects, &error);
  if (error != NULL)
    {
      g_autoptr(GError) refused = g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL,
                                               "The chat server's redirect was not followed: %s",
                                               error->message);

      /* It will not go away by itself: fail a waiting connect now, retry only slowly. */
      self->attempt = MAX (self->attempt, SLOW_RETRY_ATTEMPT);
      self->first_failures = MAX (self->first_failures, FIRST_FAILURES_ERROR - 1);
      connection_failed (self, refused, 0);
      return;
    }
  if (next != NULL)
    {
      g_clear_object (&stream);
      send_stream_message (self, next);
      return;
    }
  g_clear_handle_id (&self->head_timeout_id, g_source_remove);

  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_NO_CONTENT)
    {
      went_offline (self);
      return;
    }

  if (status != SOUP_STATUS_OK)
    {
      g_autoptr(GError) http = NULL;
      g_autofree char *reason = rumble_text_clean (soup_message_get_reason_phrase (msg),
                                                     RUMBLE_HTTP_MESSAGE_MAX);

      if (status == SOUP_STATUS_NOT_FOUND)
        http = g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_NOT_FOUND,
                            "The chat server does not know stream %s (HTTP 404)",
                            self->stream_id_b10);
      else if (status == RUMBLE_HTTP_STATUS_TOO_MANY_REQUESTS)
        http = g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_RATE_LIMIT,
                            "The chat server asks us to slow down (HTTP 429)");
      else
        http = g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_HTTP, "The chat server answered HTTP %u %s",
                            status, reason ? reason : "");

      if (status == RUMBLE_HTTP_STATUS_TOO_MANY_REQUESTS)
        rumble_error_set_retry_after (http, parse_retry_after (msg));
      /* 408, 429 and 5xx are worth retrying soon; anything else only slowly. */
      if (status != SOUP_STATUS_REQUEST_TIMEOUT && status != RUMBLE_HTTP_STATUS_TOO_MANY_REQUESTS &&
          status < SOUP_STATUS_INTERNAL_SERVER_ERROR)
        self->attempt = MAX (self->attempt, SLOW_RETRY_ATTEMPT);
      connection_failed (self, http, parse_retry_after (msg));
      return;
    }

  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                        NULL);
  if (g_strcmp0 (content_type, "text/event-stream") != 0)
    {
      g_autofree char *shown = rumble_text_clean (content_type, RUMBLE_HTTP_MESSAGE_MAX);
      g_autoptr(GError) type = NULL;

      type = g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL,
                          "The chat server sent “%s” instead of an event stream",
                          shown ? shown : "no content type");

      connection_failed (self, type, 0);
      return;
    }

  self->stream = g_steal_pointer (&stream);
  if (self->sse == NULL)
    self->sse = rumble_sse_parser_new (on_sse_event, self);
  rumble_sse_parser_reset (self->sse);
  if (self->read_buffer == NULL)
    self->read_buffer = g_malloc (READ_BUFFER_SIZE);
  touch_idle_timer (self);
  /* Only a caller that waits for the connection, and opted in, gets a deadline. */
  if (self->init_timeout_ms > 0 && self->connect_tasks->len > 0)
    self->init_timeout_id = g_timeout_add_once (self->init_timeout_ms, on_init_timeout, self);
  read_next (self);
}

/* One hop of the stream request: the first URL or a redirect's target. */
static void
send_stream_message (RumbleChatApi *self,
                     GUri          *uri)
{
  SoupMessageHeaders *headers;

  g_clear_object (&self->stream_msg);
  /* The cookie lets Rumble tell us whether we may moderate (`can_moderate`). */
  self->stream_msg = rumble_http_hop_new (SOUP_METHOD_GET, uri, self->stream_first_uri,
                                          self->session, NULL);
  headers = soup_message_get_request_headers (self->stream_msg);
  soup_message_headers_replace (headers, "Accept", "text/event-stream");
  soup_message_headers_replace (headers, "Cache-Control", "no-cache");
  soup_message_headers_replace (headers, "Origin", RUMBLE_HTTP_ORIGIN);
  soup_message_headers_replace (headers, "Referer", RUMBLE_HTTP_REFERER);
  if (self->sse != NULL && rumble_sse_parser_get_last_event_id (self->sse) != NULL)
    soup_message_headers_replace (headers, "Last-Event-ID",
                                  rumble_sse_parser_get_last_event_id (self->sse));

  soup_session_send_async (rumble_chat_api_get_soup_session (self), self->stream_msg,
                           G_PRIORITY_DEFAULT, self->cancellable, on_send, self);
}

static void
start_request (RumbleChatApi *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  stop_stream (self);
  g_clear_handle_id (&self->retry_id, g_source_remove);

  url = g_strdup_printf ("%s/chat/%s/stream", self->chat_url, self->stream_id_b10);
  /* TLS for every host but loopback; a bad URL is not worth retrying. */
  if (!rumble_http_check_url (url, &error) ||
      (self->stream_first_uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL)) == NULL)
    {
      if (error == NULL)
        error = g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT,
                             "The chat URL “%s” is not valid", self->chat_url);
      g_message ("Chat %s: %s", self->stream_id_b10, error->message);
      give_up (self, error);
      return;
    }

  if (self->state != RUMBLE_CONNECTION_ERROR && self->state != RUMBLE_CONNECTION_OFFLINE)
    set_state (self,
               self->have_init ? RUMBLE_CONNECTION_RECONNECTING : RUMBLE_CONNECTION_CONNECTING);

  self->cancellable = g_cancellable_new ();
  self->stream_redirects = 0;
  self->head_timeout_id = g_timeout_add_once (HEAD_TIMEOUT_S * 1000, on_head_timeout, self);
  send_stream_message (self, self->stream_first_uri);
}

void
rumble_chat_api_connect_async (RumbleChatApi       *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RUMBLE_IS_CHAT_API (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rumble_chat_api_connect_async);

  if (self->state == RUMBLE_CONNECTION_CONNECTED)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_ptr_array_add (self->connect_tasks, g_steal_pointer (&task));
  if (!self->connecting_wanted)
    {
      self->connecting_wanted = TRUE;
      self->attempt = 0;
      self->first_failures = 0;
      start_request (self);
    }
}

gboolean
rumble_chat_api_connect_finish (RumbleChatApi  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
rumble_chat_api_retry_now (RumbleChatApi *self)
{
  g_return_if_fail (RUMBLE_IS_CHAT_API (self));

  if (!self->connecting_wanted)
    return;
  if (self->next_retry != 0)
    {
      self->next_retry = 0;
      rumble_chat_api_notify_connection (self, RUMBLE_CHAT_API_PROP_NEXT_RETRY);
    }
  start_request (self);
}

void
rumble_chat_api_disconnect (RumbleChatApi *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RUMBLE_IS_CHAT_API (self));

  self->connecting_wanted = FALSE;
  forget_gap (self);
  stop_stream (self);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->next_retry != 0)
    {
      self->next_retry = 0;
      rumble_chat_api_notify_connection (self, RUMBLE_CHAT_API_PROP_NEXT_RETRY);
    }

  if (self->connect_tasks != NULL && self->connect_tasks->len > 0)
    {
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Disconnected");
      complete_connect_tasks (self, error);
    }
  set_state (self, RUMBLE_CONNECTION_DISCONNECTED);
}
