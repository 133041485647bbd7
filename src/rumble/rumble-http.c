/* rumble-http.c — the HTTP rules shared by every finite request librumble makes
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rumble-http"

#include "config.h"

#include <string.h>

#include "rumble-http-private.h"
#include "rumble-json-private.h"
#include "rumble-session-store.h"
#include "rumble-text.h"
#include "rumble-url-policy.h"

/* Longest u_s cookie value taken as a session. */
#define SESSION_MAX_LEN   4096
/* A day is the most a Retry-After makes us wait. */
#define RETRY_AFTER_MAX_S 86400
/* Most bytes of service.php's method name that a request's debug line shows. */
#define LOGGED_METHOD_MAX 64
/* Bytes asked of the body stream per read. */
#define READ_CHUNK_SIZE   (64 * 1024)

static guint timeout_ms_for_testing;

void
rumble_http_set_timeout_for_testing (guint timeout_ms)
{
  timeout_ms_for_testing = timeout_ms;
}

static guint
get_timeout_ms (void)
{
  return timeout_ms_for_testing > 0 ? timeout_ms_for_testing : RUMBLE_HTTP_TIMEOUT_MS;
}

void
rumble_http_reply_free (RumbleHttpReply *reply)
{
  if (reply == NULL)
    return;

  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->uri, g_uri_unref);
  g_clear_pointer (&reply->content_type, g_free);
  g_clear_pointer (&reply->location, g_free);
  rumble_secret_clear (&reply->session);
  g_free (reply);
}

/* URL policy: rumble-url-policy.c; loopback http is for the fake server. */

static gboolean
check_uri (GUri    *uri,
           GError **error)
{
  return rumble_url_policy_check_uri (uri, RUMBLE_URL_POLICY_ALLOW_LOOPBACK_HTTP, error);
}

gboolean
rumble_http_check_url (const char  *url,
                       GError     **error)
{
  return rumble_url_policy_check (url, RUMBLE_URL_POLICY_ALLOW_LOOPBACK_HTTP, error);
}

char *
rumble_http_build_url (const char *base,
                       const char *path,
                       ...)
{
  g_autofree char *formatted = NULL;
  gsize base_len;
  va_list args;

  g_return_val_if_fail (base != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  va_start (args, path);
  formatted = g_strdup_vprintf (path, args);
  va_end (args);

  base_len = strlen (base);
  while (base_len > 0 && base[base_len - 1] == '/')
    base_len--;

  return g_strdup_printf ("%.*s%s", (int) base_len, base, formatted);
}

/* Form bodies */

static void
append_form_escaped (GString    *out,
                     const char *text)
{
  static const char hex[] = "0123456789ABCDEF";

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.' || *p == '*')
        g_string_append_c (out, (char) *p);
      else if (*p == ' ')
        g_string_append_c (out, '+');
      else
        {
          g_string_append_c (out, '%');
          g_string_append_c (out, hex[*p >> 4]);
          g_string_append_c (out, hex[*p & 0xf]);
        }
    }
}

char *
rumble_http_encode_form (const RumbleHttpField *fields,
                         gsize                  n_fields)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].value == NULL)
        continue;

      if (out->len > 0)
        g_string_append_c (out, '&');
      append_form_escaped (out, fields[i].name);
      g_string_append_c (out, '=');
      append_form_escaped (out, fields[i].value);
    }

  return g_string_free (out, FALSE);
}

char *
rumble_http_service_url (const char *site,
                         const char *method,
                         const char *extra_query)
{
  RumbleHttpField field = { "name", method };
  g_autofree char *query = rumble_http_encode_form (&field, 1);

  if (extra_query != NULL && extra_query[0] != '\0')
    return rumble_http_build_url (site, "/service.php?%s&%s", query, extra_query);
  return rumble_http_build_url (site, "/service.php?%s", query);
}

/* Cookies */

gboolean
rumble_http_session_is_valid (const char *session)
{
  if (session == NULL || session[0] == '\0' || strlen (session) > SESSION_MAX_LEN)
    return FALSE;

  /* RFC 6265 cookie-octets: printable US-ASCII except space, '"', ',', ';' and '\'. */
  for (const char *p = session; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c <= 0x20 || c >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\')
        return FALSE;
    }

  return TRUE;
}

char *
rumble_http_session_from_headers (SoupMessageHeaders *headers,
                                  GUri               *origin)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;
  char *found = NULL;

  g_return_val_if_fail (headers != NULL, NULL);

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      SoupCookie *cookie;
      GDateTime *expires;

      if (g_ascii_strcasecmp (name, "Set-Cookie") != 0)
        continue;

      cookie = soup_cookie_parse (value, origin);
      if (cookie == NULL)
        continue;

      expires = soup_cookie_get_expires (cookie);
      if (g_strcmp0 (soup_cookie_get_name (cookie), RUMBLE_HTTP_SESSION_COOKIE) == 0 &&
          rumble_http_session_is_valid (soup_cookie_get_value (cookie)) &&
          g_strcmp0 (soup_cookie_get_value (cookie), "deleted") != 0 &&
          (expires == NULL || g_date_time_compare (expires, now) > 0))
        {
          g_free (found);
          found = g_strdup (soup_cookie_get_value (cookie));
        }

      soup_cookie_free (cookie);
    }

  return found;
}

guint
rumble_http_parse_retry_after (const char *value)
{
  g_autoptr(GDateTime) date = NULL;
  guint64 seconds;

  if (value == NULL)
    return 0;

  while (g_ascii_isspace (*value))
    value++;

  if (g_ascii_isdigit (*value))
    {
      char *end = NULL;

      seconds = g_ascii_strtoull (value, &end, 10);
      while (end != NULL && g_ascii_isspace (*end))
        end++;
      if (end == NULL || *end != '\0')
        return 0;
      return (guint) MIN (seconds, RETRY_AFTER_MAX_S);
    }

  date = soup_date_time_new_from_http_string (value);
  if (date != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      GTimeSpan delta = g_date_time_difference (date, now);

      if (delta <= 0)
        return 0;
      return (guint) MIN ((delta + G_TIME_SPAN_SECOND - 1) / G_TIME_SPAN_SECOND,
                           RETRY_AFTER_MAX_S);
    }

  return 0;
}

/* RUMBLE_ERROR_RATE_LIMIT errors carry the server's Retry-After (seconds, 0 = unknown)
 * inside the error (an extended domain). */
static GError *
error_new_rate_limit (guint       retry_after,
                      const char *message)
{
  GError *error;

  if (message != NULL)
    error = g_error_new_literal (RUMBLE_ERROR, RUMBLE_ERROR_RATE_LIMIT, message);
  else if (retry_after > 0)
    error = g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_RATE_LIMIT,
                         "Too many requests: wait %u seconds before trying again.", retry_after);
  else
    error = g_error_new_literal (RUMBLE_ERROR, RUMBLE_ERROR_RATE_LIMIT,
                                 "Too many requests: wait a moment before trying again.");
  rumble_error_set_retry_after (error, retry_after);
  return error;
}

/* The request */

typedef struct {
  SoupSession     *soup;
  SoupMessage     *msg;
  GInputStream    *stream;
  char            *method;
  GUri            *first_uri;
  char            *session;
  char            *content_type;
  GBytes          *body;
  RumbleHttpFlags  flags;
  GCancellable    *cancellable;      /* ours: the caller's or the deadline cancels it */
  GCancellable    *user_cancellable;
  gulong           user_cancel_id;
  guint            deadline_id;
  guint            redirects;
  gboolean         timed_out;
  gboolean         went_out;         /* the request body was written at least once */
  gboolean         sent_cookie;
  gsize            cap;
  GByteArray      *buffer;
  char            *renewed;          /* u_s from a same-origin response of the chain */
} RequestData;

static void
request_data_free (RequestData *data)
{
  g_clear_handle_id (&data->deadline_id, g_source_remove);
  if (data->user_cancel_id != 0)
    g_cancellable_disconnect (data->user_cancellable, data->user_cancel_id);
  g_clear_object (&data->user_cancellable);
  g_clear_object (&data->cancellable);
  if (data->msg != NULL)
    g_signal_handlers_disconnect_by_data (data->msg, data);
  g_clear_object (&data->msg);
  g_clear_object (&data->stream);
  g_clear_object (&data->soup);
  g_clear_pointer (&data->method, g_free);
  g_clear_pointer (&data->first_uri, g_uri_unref);
  rumble_secret_clear (&data->session);
  rumble_secret_clear (&data->renewed);
  g_clear_pointer (&data->content_type, g_free);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_clear_pointer (&data->buffer, g_byte_array_unref);
  g_free (data);
}

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         g_uri_get_port (a) == g_uri_get_port (b);
}

/* Redirect hops */

SoupMessage *
rumble_http_hop_new (const char *method,
                     GUri       *uri,
                     GUri       *first_uri,
                     const char *session,
                     gboolean   *out_sent_cookie)
{
  SoupMessage *msg;
  gboolean sent_cookie = FALSE;

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (first_uri != NULL, NULL);

  msg = soup_message_new_from_uri (method, uri);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);

  /* The cookie belongs to the origin of the first URL: never to another host, port or
   * scheme, and never over plain http but on loopback. */
  if (session != NULL && rumble_http_session_is_valid (session) && same_origin (uri, first_uri))
    {
      g_autofree char *text = g_uri_to_string (uri);

      if (rumble_http_check_url (text, NULL))
        {
          g_autofree char *cookie = g_strconcat (RUMBLE_HTTP_SESSION_COOKIE "=", session, NULL);

          soup_message_headers_replace (soup_message_get_request_headers (msg), "Cookie", cookie);
          rumble_secret_clear (&cookie);
          sent_cookie = TRUE;
        }
    }

  if (out_sent_cookie != NULL)
    *out_sent_cookie = sent_cookie;
  return msg;
}

GUri *
rumble_http_hop_next (SoupMessage  *msg,
                      guint        *n_redirects,
                      GError      **error)
{
  GUri *uri;
  const char *location;
  g_autoptr(GUri) next = NULL;

  g_return_val_if_fail (SOUP_IS_MESSAGE (msg), NULL);
  g_return_val_if_fail (n_redirects != NULL, NULL);

  uri = soup_message_get_uri (msg);
  location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
  if (!SOUP_STATUS_IS_REDIRECTION (soup_message_get_status (msg)) || location == NULL)
    return NULL;

  next = g_uri_parse_relative (uri, location, G_URI_FLAGS_NONE, NULL);
  if (next == NULL)
    {
      g_set_error (error, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL,
                   "%s redirected to an invalid address.", g_uri_get_host (uri));
      return NULL;
    }
  if (!rumble_url_policy_check_redirect (uri, next, RUMBLE_URL_POLICY_ALLOW_LOOPBACK_HTTP, error))
    return NULL;
  if (++*n_redirects > RUMBLE_HTTP_MAX_REDIRECTS)
    {
      g_set_error (error, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL,
                   "%s redirected more than %u times.",
                   g_uri_get_host (uri), RUMBLE_HTTP_MAX_REDIRECTS);
      return NULL;
    }

  return g_steal_pointer (&next);
}

static void
on_deadline (gpointer user_data)
{
  RequestData *data = user_data;

  data->deadline_id = 0;
  data->timed_out = TRUE;
  g_debug ("No answer within %u ms, giving up", get_timeout_ms ());
  g_cancellable_cancel (data->cancellable);
}

static void
on_user_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  RequestData *data = user_data;

  g_cancellable_cancel (data->cancellable);
}

static void
on_wrote_body (SoupMessage *msg,
               gpointer     user_data)
{
  RequestData *data = user_data;

  data->went_out = TRUE;
}

/* SoupSession:user-agent replaces the header just before sending; put ours back. */
static void
on_starting (SoupMessage *msg,
             gpointer     user_data)
{
  soup_message_headers_replace (soup_message_get_request_headers (msg), "User-Agent",
                                RUMBLE_HTTP_USER_AGENT);
}

static const char *
describe_host (RequestData *data)
{
  GUri *uri = data->msg != NULL ? soup_message_get_uri (data->msg) : data->first_uri;

  return g_uri_get_host (uri);
}

/* Turns a transport failure into the caller's error. */
static void
return_transport_error (GTask  *task,
                        GError *error)
{
  RequestData *data = g_task_get_task_data (task);
  gboolean mutation = (data->flags & RUMBLE_HTTP_MUTATION) != 0;
  guint seconds = get_timeout_ms () / 1000;

  if (data->timed_out)
    {
      g_clear_error (&error);
      if (mutation && data->went_out)
        g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_AMBIGUOUS,
                                 "%s did not answer within %u seconds: "
                                 "the action may have happened.",
                                 describe_host (data), seconds);
      else
        g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_NETWORK,
                                 "%s did not answer within %u seconds.",
                                 describe_host (data), seconds);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      error->domain == RUMBLE_ERROR)
    {
      g_task_return_error (task, error);
      return;
    }

  g_debug ("Request to %s failed: %s", describe_host (data), error->message);
  if (mutation && data->went_out)
    g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_AMBIGUOUS,
                             "The connection to %s failed after the request was sent: "
                             "the action may have happened (%s).",
                             describe_host (data), error->message);
  else
    g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_NETWORK,
                             "Could not reach %s: %s", describe_host (data), error->message);
  g_clear_error (&error);
}

static void start_message (GTask *task,
                           GUri  *uri);

static void
finish_reply (GTask *task)
{
  RequestData *data = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (data->msg);
  RumbleHttpReply *reply = g_new0 (RumbleHttpReply, 1);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);

  reply->status = soup_message_get_status (data->msg);
  reply->body = g_byte_array_free_to_bytes (g_steal_pointer (&data->buffer));
  reply->uri = g_uri_ref (soup_message_get_uri (data->msg));
  reply->content_type = g_strdup (content_type);
  reply->retry_after =
    rumble_http_parse_retry_after (soup_message_headers_get_one (headers, "Retry-After"));
  reply->sent_cookie = data->sent_cookie;
  reply->flags = data->flags;
  reply->session = g_steal_pointer (&data->renewed);
  if (SOUP_STATUS_IS_REDIRECTION (reply->status))
    reply->location = g_strdup (soup_message_headers_get_one (headers, "Location"));

  {
    /* Only service.php's method name from the query: nothing else is worth logging. */
    const char *query = g_uri_get_query (reply->uri);
    int name_len = 0;

    if (query != NULL && g_str_has_prefix (query, "name="))
      name_len = (int) MIN (strcspn (query, "&"), LOGGED_METHOD_MAX);
    g_debug ("%s %s%s%s%.*s -> %u (%zu bytes)%s",
             data->method, g_uri_get_host (reply->uri), g_uri_get_path (reply->uri),
             query != NULL ? "?" : "", name_len, query != NULL ? query : "",
             reply->status, g_bytes_get_size (reply->body),
             reply->session != NULL ? ", with a u_s cookie" : "");
  }

  g_task_return_pointer (task, reply, (GDestroyNotify) rumble_http_reply_free);
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;
  gsize want;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      return_transport_error (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      finish_reply (task);
      return;
    }

  if (data->buffer->len + g_bytes_get_size (chunk) > data->cap)
    {
      if (data->flags & RUMBLE_HTTP_MUTATION)
        g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_AMBIGUOUS,
                                 "The reply of %s is larger than %zu bytes: "
                                 "the action may have happened.",
                                 describe_host (data), data->cap);
      else
        g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_TOO_LARGE,
                                 "The reply of %s is larger than %zu bytes.",
                                 describe_host (data), data->cap);
      return;
    }

  g_byte_array_append (data->buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));

  /* Ask for one byte beyond the cap so that an oversized body is noticed. */
  want = MIN (READ_CHUNK_SIZE, data->cap + 1 - data->buffer->len);
  g_input_stream_read_bytes_async (data->stream, want, G_PRIORITY_DEFAULT, data->cancellable,
                                   on_read, g_steal_pointer (&task));
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GUri) next = NULL;
  SoupMessageHeaders *headers;
  GUri *uri;
  GError *error = NULL;

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (stream == NULL)
    {
      return_transport_error (task, error);
      return;
    }

  /* A reply arrived, so the request went out even if "wrote-body" was missed. */
  data->went_out = TRUE;
  uri = soup_message_get_uri (data->msg);
  headers = soup_message_get_response_headers (data->msg);

  if (same_origin (uri, data->first_uri))
    {
      g_autofree char *renewed = rumble_http_session_from_headers (headers, uri);

      if (renewed != NULL)
        {
          g_free (data->renewed);
          data->renewed = g_steal_pointer (&renewed);
        }
    }

  if (data->flags & RUMBLE_HTTP_FOLLOW_REDIRECTS)
    next = rumble_http_hop_next (data->msg, &data->redirects, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (next != NULL)
    {
      /* Redirects are always followed with GET and no body, like a browser does for a
       * login page; the remainder of the redirect's body is not read. */
      g_clear_pointer (&data->method, g_free);
      data->method = g_strdup (SOUP_METHOD_GET);
      g_clear_pointer (&data->body, g_bytes_unref);
      g_clear_pointer (&data->content_type, g_free);
      start_message (g_steal_pointer (&task), next);
      return;
    }

  data->stream = g_steal_pointer (&stream);
  data->buffer = g_byte_array_new ();
  g_input_stream_read_bytes_async (data->stream, MIN (READ_CHUNK_SIZE, data->cap + 1),
                                   G_PRIORITY_DEFAULT, data->cancellable,
                                   on_read, g_steal_pointer (&task));
}

static void
start_message (GTask *task,
               GUri  *uri)
{
  RequestData *data = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  if (data->msg != NULL)
    g_signal_handlers_disconnect_by_data (data->msg, data);
  g_clear_object (&data->msg);

  data->msg = rumble_http_hop_new (data->method, uri, data->first_uri, data->session,
                                   &data->sent_cookie);
  headers = soup_message_get_request_headers (data->msg);

  if (data->flags & RUMBLE_HTTP_BROWSER_UA)
    soup_message_headers_replace (headers, "User-Agent", RUMBLE_HTTP_USER_AGENT);
  if (data->flags & RUMBLE_HTTP_CHAT_ORIGIN)
    {
      soup_message_headers_replace (headers, "Origin", RUMBLE_HTTP_ORIGIN);
      soup_message_headers_replace (headers, "Referer", RUMBLE_HTTP_REFERER);
    }
  if (data->flags & RUMBLE_HTTP_HTML)
    soup_message_headers_replace (headers, "Accept", "text/html");
  else
    soup_message_headers_replace (headers, "Accept", "application/json");

  if (data->body != NULL)
    soup_message_set_request_body_from_bytes (data->msg, data->content_type, data->body);

  g_signal_connect (data->msg, "wrote-body", G_CALLBACK (on_wrote_body), data);
  if (data->flags & RUMBLE_HTTP_BROWSER_UA)
    g_signal_connect (data->msg, "starting", G_CALLBACK (on_starting), data);

  soup_session_send_async (data->soup, data->msg, G_PRIORITY_DEFAULT, data->cancellable,
                           on_sent, task);
}

void
rumble_http_request_async (SoupSession         *soup,
                           const char          *method,
                           const char          *url,
                           const char          *session,
                           const char          *content_type,
                           GBytes              *body,
                           RumbleHttpFlags      flags,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  RequestData *data;
  GError *error = NULL;

  g_return_if_fail (SOUP_IS_SESSION (soup));
  g_return_if_fail (method != NULL);
  g_return_if_fail (url != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rumble_http_request_async);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT,
                               "“%s” is not a valid address.", url);
      return;
    }
  if (!check_uri (uri, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (session != NULL && !rumble_http_session_is_valid (session))
    {
      g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_AUTH,
                               "The saved session is not usable; log in again.");
      return;
    }

  data = g_new0 (RequestData, 1);
  data->soup = g_object_ref (soup);
  data->method = g_strdup (method);
  data->first_uri = g_uri_ref (uri);
  data->session = g_strdup (session);
  data->content_type = g_strdup (content_type);
  data->body = body != NULL ? g_bytes_ref (body) : NULL;
  data->flags = flags;
  data->cap = (flags & RUMBLE_HTTP_HTML) ? RUMBLE_HTTP_HTML_MAX : RUMBLE_HTTP_JSON_MAX;
  data->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) request_data_free);

  if (cancellable != NULL)
    {
      data->user_cancellable = g_object_ref (cancellable);
      data->user_cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_user_cancelled),
                                                    data, NULL);
    }

  /* SoupSession:timeout is 0 for the SSE stream, so the deadline is ours. */
  data->deadline_id = g_timeout_add_once (get_timeout_ms (), on_deadline, data);

  start_message (g_steal_pointer (&task), uri);
}

RumbleHttpReply *
rumble_http_request_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rumble_http_request_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Replies → errors */

static JsonObject *
first_error (JsonObject *root)
{
  JsonNode *node;
  JsonArray *errors;

  if (root == NULL || !json_object_has_member (root, "errors"))
    return NULL;
  node = json_object_get_member (root, "errors");
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  errors = json_node_get_array (node);
  if (json_array_get_length (errors) == 0)
    return NULL;
  node = json_array_get_element (errors, 0);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
has_errors (JsonObject *root)
{
  JsonNode *node;

  if (root == NULL || !json_object_has_member (root, "errors"))
    return FALSE;
  node = json_object_get_member (root, "errors");
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_array_get_length (json_node_get_array (node)) > 0;
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_get_size (json_node_get_object (node)) > 0;
  return FALSE;
}

char *
rumble_http_server_message (JsonObject *root)
{
  JsonObject *error = first_error (root);
  JsonObject *data = rumble_json_get_object (root, "data");
  const char *text = NULL;

  if (error != NULL)
    {
      text = rumble_json_get_string (error, "message");
      if (text == NULL || text[0] == '\0')
        text = rumble_json_get_string (error, "msg");
    }
  if (text == NULL || text[0] == '\0')
    text = rumble_json_get_string (data, "reason");
  if (text == NULL || text[0] == '\0')
    text = rumble_json_get_string (root, "msg");

  return rumble_text_clean (text, RUMBLE_HTTP_MESSAGE_MAX);
}

/* What an `errors[0].code` says, or -1. */
static int
classify_error_code (JsonObject *root)
{
  JsonObject *error = first_error (root);
  const char *code = rumble_json_get_string (error, "code");
  g_autofree char *lower = NULL;

  if (code == NULL)
    return -1;

  lower = g_ascii_strdown (code, -1);
  if (strstr (lower, "rate") || strstr (lower, "too_many") || strstr (lower, "throttl") ||
      strstr (lower, "slow"))
    return RUMBLE_ERROR_RATE_LIMIT;
  if (strstr (lower, "long") || strstr (lower, "length"))
    return RUMBLE_ERROR_TOO_LONG;
  if (strstr (lower, "not_found") || strstr (lower, "notfound") || strstr (lower, "unknown"))
    return RUMBLE_ERROR_NOT_FOUND;
  if (strstr (lower, "permission") || strstr (lower, "forbidden") || strstr (lower, "moderat") ||
      strstr (lower, "mute") || strstr (lower, "ban"))
    return RUMBLE_ERROR_PERMISSION;
  if (strstr (lower, "auth") || strstr (lower, "login") || strstr (lower, "session") ||
      strstr (lower, "password") || strstr (lower, "user_key") || strstr (lower, "totp") ||
      strstr (lower, "2fa"))
    return RUMBLE_ERROR_AUTH;
  return -1;
}

static JsonObject *
parse_object (GBytes *body)
{
  g_autoptr(JsonParser) parser = NULL;
  gsize len = 0;
  const char *text = g_bytes_get_data (body, &len);
  JsonNode *root;

  if (len == 0)
    return NULL;

  parser = json_parser_new_immutable ();
  if (!rumble_json_check_text (text, len, NULL) ||
      !json_parser_load_from_data (parser, text, (gssize) len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static GError *
status_error (RumbleHttpReply *reply,
              JsonObject      *root)
{
  gboolean mutation = (reply->flags & RUMBLE_HTTP_MUTATION) != 0;
  g_autofree char *server = rumble_http_server_message (root);
  const char *host = g_uri_get_host (reply->uri);
  guint status = reply->status;
  int code;

  if (status == SOUP_STATUS_UNAUTHORIZED)
    return g_error_new_literal (RUMBLE_ERROR, RUMBLE_ERROR_AUTH,
                                server ? server : "The session is no longer valid; log in again.");
  if (status == SOUP_STATUS_FORBIDDEN)
    return g_error_new_literal (RUMBLE_ERROR, RUMBLE_ERROR_PERMISSION,
                                server ? server :
                                "This account is not allowed to do that in this chat.");
  if (status == SOUP_STATUS_NOT_FOUND)
    return g_error_new_literal (RUMBLE_ERROR, RUMBLE_ERROR_NOT_FOUND,
                                server ? server :
                                "Rumble does not know that stream, message or user.");
  if (status == RUMBLE_HTTP_STATUS_TOO_MANY_REQUESTS)
    return error_new_rate_limit (reply->retry_after, server);

  if (status == SOUP_STATUS_REQUEST_TIMEOUT || status >= SOUP_STATUS_INTERNAL_SERVER_ERROR)
    {
      if (mutation)
        {
          if (server != NULL)
            return g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_AMBIGUOUS,
                                "%s answered HTTP %u (“%s”): the action may have happened.",
                                host, status, server);
          return g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_AMBIGUOUS,
                              "%s answered HTTP %u: the action may have happened.", host, status);
        }
      if (server != NULL)
        return g_error_new_literal (RUMBLE_ERROR, RUMBLE_ERROR_HTTP, server);
      return g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_HTTP,
                          "%s answered HTTP %u; try again later.", host, status);
    }

  /* A redirect of an authenticated request leads to the login page. */
  if (SOUP_STATUS_IS_REDIRECTION (status) && reply->sent_cookie)
    return g_error_new_literal (RUMBLE_ERROR, RUMBLE_ERROR_AUTH,
                                "The session is no longer valid; log in again.");

  code = classify_error_code (root);
  if (code >= 0 && code != RUMBLE_ERROR_RATE_LIMIT)
    return g_error_new_literal (RUMBLE_ERROR, code,
                                server ? server : "Rumble refused the request.");
  if (code == RUMBLE_ERROR_RATE_LIMIT)
    return error_new_rate_limit (reply->retry_after, server);

  if (server != NULL)
    return g_error_new_literal (RUMBLE_ERROR, RUMBLE_ERROR_HTTP, server);
  return g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_HTTP,
                      "%s answered with the unexpected HTTP status %u.", host, status);
}

gboolean
rumble_http_reply_check_status (RumbleHttpReply  *reply,
                                GError          **error)
{
  g_autoptr(JsonObject) root = NULL;

  g_return_val_if_fail (reply != NULL, FALSE);

  if (SOUP_STATUS_IS_SUCCESSFUL (reply->status))
    return TRUE;

  /* Error bodies of pages may still be JSON. */
  if (reply->content_type != NULL && strstr (reply->content_type, "json") != NULL)
    root = parse_object (reply->body);
  g_propagate_error (error, status_error (reply, root));
  return FALSE;
}

JsonObject *
rumble_http_reply_get_object (RumbleHttpReply  *reply,
                              RumbleError       refusal_code,
                              GError          **error)
{
  g_autoptr(JsonObject) root = NULL;
  g_autofree char *server = NULL;
  gboolean mutation;
  JsonObject *user;
  JsonObject *data;
  int code;

  g_return_val_if_fail (reply != NULL, NULL);

  mutation = (reply->flags & RUMBLE_HTTP_MUTATION) != 0;
  root = parse_object (reply->body);

  if (!SOUP_STATUS_IS_SUCCESSFUL (reply->status))
    {
      g_propagate_error (error, status_error (reply, root));
      return NULL;
    }

  if (root == NULL)
    {
      if (mutation)
        g_set_error (error, RUMBLE_ERROR, RUMBLE_ERROR_AMBIGUOUS,
                     "%s sent a reply that is not JSON: the action may have happened.",
                     g_uri_get_host (reply->uri));
      else
        g_set_error (error, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL,
                     "%s sent a reply that is not the expected JSON.",
                     g_uri_get_host (reply->uri));
      return NULL;
    }

  /* A cookie was sent but the server says nobody is logged in: the session is dead. */
  user = rumble_json_get_object (root, "user");
  if (reply->sent_cookie && !(reply->flags & RUMBLE_HTTP_NO_LOGIN_CHECK) && user != NULL &&
      json_object_has_member (user, "logged_in") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (user, "logged_in")) &&
      json_node_get_value_type (json_object_get_member (user, "logged_in")) == G_TYPE_BOOLEAN &&
      !json_node_get_boolean (json_object_get_member (user, "logged_in")))
    {
      g_set_error_literal (error, RUMBLE_ERROR, RUMBLE_ERROR_AUTH,
                           "The session has expired; log in again.");
      return NULL;
    }

  server = rumble_http_server_message (root);
  if (has_errors (root))
    {
      code = classify_error_code (root);
      if (code == RUMBLE_ERROR_RATE_LIMIT)
        g_propagate_error (error, error_new_rate_limit (reply->retry_after, server));
      else
        g_set_error_literal (error, RUMBLE_ERROR, code >= 0 ? code : (int) refusal_code,
                             server ? server : "Rumble refused the request.");
      return NULL;
    }

  data = rumble_json_get_object (root, "data");
  if (data != NULL && json_object_has_member (data, "success"))
    {
      JsonNode *node = json_object_get_member (data, "success");
      gboolean success = FALSE;

      if (JSON_NODE_HOLDS_VALUE (node))
        {
          GType type = json_node_get_value_type (node);

          if (type == G_TYPE_BOOLEAN)
            success = json_node_get_boolean (node);
          else if (type == G_TYPE_INT64)
            success = json_node_get_int (node) != 0;
          else if (type == G_TYPE_STRING)
            success = json_node_get_string (node)[0] != '\0';
          else if (type == G_TYPE_DOUBLE)
            success = json_node_get_double (node) != 0.0;
        }

      if (!success)
        {
          g_set_error_literal (error, RUMBLE_ERROR, refusal_code,
                               server ? server : "Rumble refused the request.");
          return NULL;
        }
    }

  return g_steal_pointer (&root);
}
