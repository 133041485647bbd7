/* rumble-http-private.h — the HTTP rules shared by every finite request librumble makes
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One place for: the fake browser User-Agent (PROTOCOL.md §1.5), form bodies, the `u_s`
 * cookie, Origin/Referer on the chat host (§14.4), bounded body reads with a 20 s deadline,
 * renewed sessions from `Set-Cookie`, the URL policy, and the mapping of a reply to a
 * RUMBLE_ERROR (§14.4). Nothing here retries, and nothing here logs a token or a body.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rumble-error.h"

G_BEGIN_DECLS

#define RUMBLE_HTTP_USER_AGENT \
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) " \
  "Chrome/51.0.2704.103 Safari/537.36"
#define RUMBLE_HTTP_ORIGIN         "https://rumble.com"
#define RUMBLE_HTTP_REFERER        "https://rumble.com/"
#define RUMBLE_HTTP_SESSION_COOKIE "u_s"

#define RUMBLE_HTTP_JSON_MAX       (1024 * 1024)
#define RUMBLE_HTTP_HTML_MAX       (4 * 1024 * 1024)
#define RUMBLE_HTTP_TIMEOUT_MS     20000
#define RUMBLE_HTTP_MAX_REDIRECTS  5
/* Longest server-provided text that becomes an error message (bytes). */
#define RUMBLE_HTTP_MESSAGE_MAX    400
/* libsoup 3.2 has no name for HTTP 429. */
#define RUMBLE_HTTP_STATUS_TOO_MANY_REQUESTS 429

typedef enum {
  RUMBLE_HTTP_NONE             = 0,
  RUMBLE_HTTP_BROWSER_UA       = 1 << 0, /* the fake browser User-Agent (service.php, pages) */
  RUMBLE_HTTP_CHAT_ORIGIN      = 1 << 1, /* Origin/Referer https://rumble.com (chat host) */
  RUMBLE_HTTP_MUTATION         = 1 << 2, /* after it went out, failures are AMBIGUOUS */
  RUMBLE_HTTP_HTML             = 1 << 3, /* a page: 4 MiB cap instead of 1 MiB */
  RUMBLE_HTTP_FOLLOW_REDIRECTS = 1 << 4, /* follow up to 5 redirects (cookie same-origin only) */
  RUMBLE_HTTP_NO_LOGIN_CHECK   = 1 << 5, /* `user.logged_in: false` is expected (logout) */
} RumbleHttpFlags;

typedef struct {
  const char *name;
  const char *value;   /* NULL = the field is omitted */
} RumbleHttpField;

typedef struct {
  guint            status;
  GBytes          *body;          /* never NULL */
  GUri            *uri;           /* the final URI, after redirects */
  char            *content_type;  /* or NULL */
  char            *location;      /* Location of a redirect that was not followed, or NULL */
  char            *session;       /* a `u_s` from Set-Cookie, or NULL; never log it */
  guint            retry_after;   /* seconds, 0 when absent */
  gboolean         sent_cookie;
  RumbleHttpFlags  flags;
} RumbleHttpReply;

void             rumble_http_reply_free          (RumbleHttpReply *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RumbleHttpReply, rumble_http_reply_free)

/* rumble_url_policy_check () with loopback http allowed (the fake server). */
gboolean         rumble_http_check_url           (const char      *url,
                                                  GError         **error);
/* @base without its trailing '/' + @path (which starts with '/'). */
char            *rumble_http_build_url           (const char      *base,
                                                  const char      *path,
                                                  ...) G_GNUC_PRINTF (2, 3)
  G_GNUC_WARN_UNUSED_RESULT;
/* {site}/service.php?name=@method, then "&" and @extra_query (already encoded) if given. */
char            *rumble_http_service_url         (const char      *site,
                                                  const char      *method,
                                                  const char      *extra_query)
  G_GNUC_WARN_UNUSED_RESULT;
/* application/x-www-form-urlencoded, in the given order, NULL values omitted. */
char            *rumble_http_encode_form         (const RumbleHttpField *fields,
                                                  gsize            n_fields)
  G_GNUC_WARN_UNUSED_RESULT;
/* The last unexpired `u_s` set by any Set-Cookie header of @headers, or NULL. */
char            *rumble_http_session_from_headers (SoupMessageHeaders *headers,
                                                  GUri            *origin)
  G_GNUC_WARN_UNUSED_RESULT;
/* Seconds from a Retry-After value (delta-seconds or an HTTP date); 0 if unusable. */
guint            rumble_http_parse_retry_after   (const char      *value);
/* Whether @session can be put into a Cookie header as is. */
gboolean         rumble_http_session_is_valid    (const char      *session);

/* Redirect hops, the one rule for every request that may carry the session (the finite
 * ones below and the chat stream): libsoup never follows a redirect, the caller does, hop
 * by hop, with these two. */

/* A message for one hop of a chain that began at @first_uri, with libsoup's redirect
 * handling off (SOUP_MESSAGE_NO_REDIRECT). `Cookie: u_s=@session` is set only when @uri
 * has @first_uri's origin (scheme, host and port) and passes the URL policy; the caller
 * adds no Cookie header of its own. *@out_sent_cookie (optional) says whether it was. */
SoupMessage     *rumble_http_hop_new             (const char      *method,
                                                  GUri            *uri,
                                                  GUri            *first_uri,
                                                  const char      *session,
                                                  gboolean        *out_sent_cookie)
  G_GNUC_WARN_UNUSED_RESULT;
/* The URI of the next hop when @msg was answered with a redirect (3xx with a Location);
 * NULL without an error when it was not. NULL with RUMBLE_ERROR when the redirect must not
 * be followed: an invalid Location (PROTOCOL), an address the URL policy refuses
 * (INVALID_INPUT), or more than RUMBLE_HTTP_MAX_REDIRECTS hops, counted in *@n_redirects
 * (PROTOCOL). */
GUri            *rumble_http_hop_next            (SoupMessage     *msg,
                                                  guint           *n_redirects,
                                                  GError         **error) G_GNUC_WARN_UNUSED_RESULT;

/* One request. @session (nullable) is sent as `Cookie: u_s=…`; @body (nullable) with
 * @content_type. Fails only when no usable reply arrived: NETWORK (could not send, timed
 * out), TOO_LARGE, or AMBIGUOUS for a mutation that went out; G_IO_ERROR_CANCELLED when
 * @cancellable was cancelled. Any HTTP status is a successful reply. */
void             rumble_http_request_async       (SoupSession     *soup,
                                                  const char      *method,
                                                  const char      *url,
                                                  const char      *session,
                                                  const char      *content_type,
                                                  GBytes          *body,
                                                  RumbleHttpFlags  flags,
                                                  GCancellable    *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer         user_data);
RumbleHttpReply *rumble_http_request_finish      (GAsyncResult    *result,
                                                  GError         **error);

/* Maps a reply to RUMBLE_ERROR per PROTOCOL.md §14.4 and returns its JSON object (new
 * reference). @refusal_code is the code for a 2xx that carries `errors` or a false
 * `data.success` whose error code says nothing more precise. */
JsonObject      *rumble_http_reply_get_object    (RumbleHttpReply *reply,
                                                  RumbleError      refusal_code,
                                                  GError         **error);
/* The same status rules for a non-JSON reply (pages): TRUE for 2xx. */
gboolean         rumble_http_reply_check_status  (RumbleHttpReply *reply,
                                                  GError         **error);
/* The server's own words: errors[0].message (or msg), data.reason, or msg; bounded and
 * valid UTF-8 without control characters; NULL when none. */
char            *rumble_http_server_message      (JsonObject      *root) G_GNUC_WARN_UNUSED_RESULT;

/* Tests shorten the 20 s deadline; 0 restores it. */
void             rumble_http_set_timeout_for_testing (guint        timeout_ms);

G_END_DECLS
