/* test-http.c — the HTTP rules shared by every finite request (rumble-http.c)
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rumble-error.h"
#include "rumble-http-private.h"

/* The URL policy: https anywhere, plain http only on loopback. */
static void
test_url_policy (void)
{
  static const struct {
    const char *url;
    gboolean    ok;
  } cases[] = {
    { "https://rumble.com", TRUE },
    { "https://web7.rumble.com/chat/api", TRUE },
    { "http://127.0.0.1:8080", TRUE },
    { "http://127.4.5.6/", TRUE },
    { "http://[::1]:9000/x", TRUE },
    { "http://localhost:1234", TRUE },
    { "http://LOCALHOST", TRUE },
    { "http://rumble.com", FALSE },
    { "http://10.0.0.1", FALSE },
    { "http://127.0.0.1.evil.example", FALSE },
    { "ftp://127.0.0.1", FALSE },
    { "file:///etc/passwd", FALSE },
    { "not a url", FALSE },
    { "https://", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = rumble_http_check_url (cases[i].url, &error);

      g_test_message ("%s", cases[i].url);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (!ok)
        g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);
    }
}

/* The cookie of a redirect hop: only to the first URL's origin, never over plain http
 * (but on loopback), and the hop is never left to libsoup. */
static void
test_hop_cookie (void)
{
  static const struct {
    const char *first;
    const char *url;
    gboolean    cookie;
  } cases[] = {
    { "https://web7.rumble.com/chat/1/stream", "https://web7.rumble.com/chat/1/stream", TRUE },
    { "https://web7.rumble.com/chat/1/stream", "https://WEB7.rumble.com/elsewhere?x=1", TRUE },
    { "https://web7.rumble.com/chat/1/stream", "http://web7.rumble.com/chat/1/stream", FALSE },
    { "https://web7.rumble.com/chat/1/stream", "https://web8.rumble.com/chat/1/stream", FALSE },
    { "https://web7.rumble.com/chat/1/stream", "https://web7.rumble.com:8443/chat", FALSE },
    { "https://web7.rumble.com/chat/1/stream", "https://rumble.com/", FALSE },
    { "https://web7.rumble.com/chat/1/stream", "https://web7.rumble.com.evil.example/", FALSE },
    { "http://127.0.0.1:4321/chat/api", "http://127.0.0.1:4321/other", TRUE },
    { "http://127.0.0.1:4321/chat/api", "http://127.0.0.2:4321/chat/api", FALSE },
    { "http://127.0.0.1:4321/chat/api", "http://127.0.0.1:4322/chat/api", FALSE },
    /* A first URL the policy refuses never lends its cookie to anything. */
    { "http://rumble.com/", "http://rumble.com/", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GUri) first = g_uri_parse (cases[i].first, G_URI_FLAGS_NONE, NULL);
      g_autoptr(GUri) uri = g_uri_parse (cases[i].url, G_URI_FLAGS_NONE, NULL);
      g_autoptr(SoupMessage) msg = NULL;
      SoupMessageHeaders *headers;
      gboolean sent = !cases[i].cookie;

      g_test_message ("%s -> %s", cases[i].first, cases[i].url);
      msg = rumble_http_hop_new (SOUP_METHOD_GET, uri, first, "tok3n", &sent);
      g_assert_cmpint (sent, ==, cases[i].cookie);
      headers = soup_message_get_request_headers (msg);
      g_assert_cmpstr (soup_message_headers_get_one (headers, "Cookie"), ==,
                       cases[i].cookie ? "u_s=tok3n" : NULL);
      g_assert_true (soup_message_query_flags (msg, SOUP_MESSAGE_NO_REDIRECT));
    }

  /* A session that cannot be a cookie value is never put into the header. */
  {
    g_autoptr(GUri) first = g_uri_parse ("https://rumble.com/", G_URI_FLAGS_NONE, NULL);
    g_autoptr(SoupMessage) msg = NULL;

    msg = rumble_http_hop_new (SOUP_METHOD_GET, first, first, "a; b=c", NULL);
    g_assert_null (soup_message_headers_get_one (soup_message_get_request_headers (msg), "Cookie"));
  }
}

static void
test_form_encoding (void)
{
  const RumbleHttpField fields[] = {
    { "video_id", "298765432" },
    { "duration", NULL },
    { "message", "/raid https://rumble.com/v4abcde-friday-night-build.html" },
    { "text", "ä & = + ✓" },
  };
  g_autofree char *form = rumble_http_encode_form (fields, G_N_ELEMENTS (fields));
  g_autoptr(GHashTable) decoded = soup_form_decode (form);

  g_assert_cmpstr (form, ==,
                   "video_id=298765432"
                   "&message=%2Fraid+https%3A%2F%2Frumble.com%2Fv4abcde-friday-night-build.html"
                   "&text=%C3%A4+%26+%3D+%2B+%E2%9C%93");
  g_assert_cmpstr (g_hash_table_lookup (decoded, "text"), ==, "ä & = + ✓");
  g_assert_false (g_hash_table_contains (decoded, "duration"));
}

static void
test_set_cookie_parsing (void)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autoptr(GUri) origin = g_uri_parse ("http://127.0.0.1:8080/service.php", G_URI_FLAGS_NONE,
                                        NULL);
  g_autofree char *none = NULL;
  g_autofree char *found = NULL;
  g_autofree char *deleted = NULL;

  none = rumble_http_session_from_headers (headers, origin);
  g_assert_null (none);

  soup_message_headers_append (headers, "Set-Cookie", "other=1; path=/");
  soup_message_headers_append (headers, "Set-Cookie",
                               "u_s=6f0c1a9e2b7d4c3f8a5e0d1b2c3a4f5e; Max-Age=3600; path=/; "
                               "HttpOnly");
  soup_message_headers_append (headers, "Set-Cookie", "u_s_extra=nope; path=/");
  found = rumble_http_session_from_headers (headers, origin);
  g_assert_cmpstr (found, ==, "6f0c1a9e2b7d4c3f8a5e0d1b2c3a4f5e");

  /* A deletion is not a new session. */
  soup_message_headers_clear (headers);
  soup_message_headers_append (headers, "Set-Cookie",
                               "u_s=deleted; expires=Thu, 01-Jan-1970 00:00:01 GMT; "
                               "Max-Age=0; path=/");
  deleted = rumble_http_session_from_headers (headers, origin);
  g_assert_null (deleted);

  /* A cookie for another domain is not ours. */
  soup_message_headers_clear (headers);
  soup_message_headers_append (headers, "Set-Cookie", "u_s=abc; domain=.example.org; path=/");
  g_assert_null (rumble_http_session_from_headers (headers, origin));
}

static void
test_retry_after_parsing (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 120);
  g_autofree char *date = soup_date_time_to_string (later, SOUP_DATE_HTTP);
  guint from_date;

  g_assert_cmpuint (rumble_http_parse_retry_after (NULL), ==, 0);
  g_assert_cmpuint (rumble_http_parse_retry_after ("7"), ==, 7);
  g_assert_cmpuint (rumble_http_parse_retry_after (" 30 "), ==, 30);
  g_assert_cmpuint (rumble_http_parse_retry_after ("99999999999"), ==, 86400);
  g_assert_cmpuint (rumble_http_parse_retry_after ("-5"), ==, 0);
  g_assert_cmpuint (rumble_http_parse_retry_after ("7s"), ==, 0);
  from_date = rumble_http_parse_retry_after (date);
  g_assert_cmpuint (from_date, >=, 110);
  g_assert_cmpuint (from_date, <=, 121);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rumble/http/url-policy", test_url_policy);
  g_test_add_func ("/rumble/http/hop-cookie", test_hop_cookie);
  g_test_add_func ("/rumble/http/form-encoding", test_form_encoding);
  g_test_add_func ("/rumble/http/set-cookie", test_set_cookie_parsing);
  g_test_add_func ("/rumble/http/retry-after", test_retry_after_parsing);

  return g_test_run ();
}
