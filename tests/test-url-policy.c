/* test-url-policy.c — the one URL policy: library requests, images and every redirect
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rumble-error.h"
#include "rumble-fake-server.h"
#include "rumble-http-private.h"
#include "rumble-url-policy.h"
#include "test-util.h"

typedef struct {
  const char *name;
  const char *url;
  gboolean    ok;            /* https only */
  gboolean    ok_loopback;   /* with RUMBLE_URL_POLICY_ALLOW_LOOPBACK_HTTP */
} UrlCase;

static const UrlCase url_cases[] = {
  { "https",                 "https://rumble.com/i/badges/admin_48.png", TRUE,  TRUE },
  { "https-port-query",      "https://web7.rumble.com:443/chat/api?x=1", TRUE,  TRUE },
  { "https-upper-scheme",    "HTTPS://rumble.com/",                      TRUE,  TRUE },
  { "https-loopback",        "https://127.0.0.1:8443/a.png",             TRUE,  TRUE },
  { "http-ipv4-loopback",    "http://127.0.0.1:8080/a.png",              FALSE, TRUE },
  { "http-other-loopback",   "http://127.4.5.6/",                        FALSE, TRUE },
  { "http-ipv6-loopback",    "http://[::1]:9000/x",                      FALSE, TRUE },
  { "http-localhost",        "http://localhost:1234",                    FALSE, TRUE },
  { "no-host-double-slash",  "https:/..//x",                            FALSE, FALSE },
  { "http-localhost-upper",  "http://LOCALHOST",                         FALSE, TRUE },
  { "http-remote",           "http://rumble.com/a.png",                  FALSE, FALSE },
  { "http-private-network",  "http://10.0.0.1/a.png",                    FALSE, FALSE },
  { "http-any-address",      "http://0.0.0.0/a.png",                     FALSE, FALSE },
  { "http-loopback-lookalike", "http://127.0.0.1.evil.example/a.png",    FALSE, FALSE },
  { "http-localhost-suffix", "http://localhost.evil.example/a.png",      FALSE, FALSE },
  { "userinfo-https",        "https://user:pw@rumble.com/a.png",         FALSE, FALSE },
  { "userinfo-loopback",     "http://user@127.0.0.1/a.png",              FALSE, FALSE },
  { "ftp",                   "ftp://127.0.0.1/a.png",                    FALSE, FALSE },
  { "file",                  "file:///etc/passwd",                       FALSE, FALSE },
  { "data",                  "data:image/png;base64,AAAA",               FALSE, FALSE },
  { "javascript",            "javascript:alert(1)",                      FALSE, FALSE },
  { "no-host",               "https://",                                 FALSE, FALSE },
  { "no-host-path",          "https:///a.png",                           FALSE, FALSE },
  { "relative",              "/i/badges/admin_48.png",                   FALSE, FALSE },
  { "not-a-url",             "not a url",                                FALSE, FALSE },
  { "empty",                 "",                                         FALSE, FALSE },
  { "bad-ipv6",              "https://[::1",                             FALSE, FALSE },
};

static void
test_check (gconstpointer data)
{
  const UrlCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) loopback_error = NULL;
  gboolean ok = rumble_url_policy_check (c->url, RUMBLE_URL_POLICY_NONE, &error);
  gboolean ok_loopback = rumble_url_policy_check (c->url, RUMBLE_URL_POLICY_ALLOW_LOOPBACK_HTTP,
                                                  &loopback_error);

  g_test_message ("%s", c->url);
  g_assert_cmpint (ok, ==, c->ok);
  g_assert_cmpint (ok_loopback, ==, c->ok_loopback);
  if (ok)
    g_assert_no_error (error);
  else
    g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);
  if (ok_loopback)
    g_assert_no_error (loopback_error);
  else
    g_assert_error (loopback_error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);

  /* The parsed form gets the same answer. */
  {
    g_autoptr(GUri) uri = g_uri_parse (c->url, G_URI_FLAGS_NONE, NULL);

    if (uri != NULL)
      {
        g_assert_cmpint (rumble_url_policy_check_uri (uri, RUMBLE_URL_POLICY_NONE, NULL), ==,
                         c->ok);
        g_assert_cmpint (rumble_url_policy_check_uri (uri, RUMBLE_URL_POLICY_ALLOW_LOOPBACK_HTTP,
                                                      NULL), ==, c->ok_loopback);
      }
  }
}

static void
test_null (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (rumble_url_policy_check (NULL, RUMBLE_URL_POLICY_ALLOW_LOOPBACK_HTTP, &error));
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);
}

static void
test_length_cap (void)
{
  const char *prefix = "https://rumble.com/";
  g_autofree char *at_cap = g_strnfill (RUMBLE_URL_POLICY_MAX_LENGTH, 'a');
  g_autofree char *over = NULL;
  g_autoptr(GError) error = NULL;

  memcpy (at_cap, prefix, strlen (prefix));
  g_assert_true (rumble_url_policy_check (at_cap, RUMBLE_URL_POLICY_NONE, NULL));

  over = g_strconcat (at_cap, "a", NULL);
  g_assert_false (rumble_url_policy_check (over, RUMBLE_URL_POLICY_NONE, &error));
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);
  /* The refused address is not repeated in the message. */
  g_assert_null (strstr (error->message, "aaaa"));
}

/* A password in a refused address never reaches the message (it may be logged). */
static void
test_userinfo_not_echoed (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (rumble_url_policy_check ("https://user:hunter2@rumble.com/a.png",
                                           RUMBLE_URL_POLICY_NONE, &error));
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);
  g_assert_null (strstr (error->message, "hunter2"));
}

typedef struct {
  const char *name;
  const char *from;
  const char *to;
  gboolean    ok;            /* with RUMBLE_URL_POLICY_ALLOW_LOOPBACK_HTTP */
} RedirectCase;

static const RedirectCase redirect_cases[] = {
  { "https-to-https-other-host",
    "https://rumble.com/a.png", "https://cdn.example/a.png", TRUE },
  { "http-to-https-other-host",
    "http://127.0.0.1:80/a.png", "https://cdn.example/a.png", TRUE },
  { "http-same-host",
    "http://127.0.0.1:80/a.png", "http://127.0.0.1:80/b.png", TRUE },
  { "http-same-host-other-port",
    "http://127.0.0.1:80/a.png", "http://127.0.0.1:81/b.png", TRUE },
  { "http-other-loopback-host",
    "http://127.0.0.1:80/a.png", "http://127.0.0.2:80/b.png", FALSE },
  { "http-localhost-to-ip",
    "http://localhost:80/a.png", "http://127.0.0.1:80/b.png", FALSE },
  { "https-to-loopback-http",
    "https://rumble.com/a.png", "http://127.0.0.1/b.png", FALSE },
  { "https-downgrade-remote",
    "https://rumble.com/a.png", "http://rumble.com/b.png", FALSE },
  { "to-userinfo",
    "https://rumble.com/a.png", "https://u:p@rumble.com/b.png", FALSE },
  { "to-file",
    "https://rumble.com/a.png", "file:///etc/passwd", FALSE },
};

static void
test_redirect (gconstpointer data)
{
  const RedirectCase *c = data;
  g_autoptr(GUri) from = g_uri_parse (c->from, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GUri) to = g_uri_parse (c->to, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_assert_nonnull (from);
  g_assert_nonnull (to);
  ok = rumble_url_policy_check_redirect (from, to, RUMBLE_URL_POLICY_ALLOW_LOOPBACK_HTTP, &error);
  g_assert_cmpint (ok, ==, c->ok);
  if (ok)
    g_assert_no_error (error);
  else
    g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);

  /* Without loopback http, only https targets can pass. */
  if (g_str_has_prefix (c->to, "http:"))
    g_assert_false (rumble_url_policy_check_redirect (from, to, RUMBLE_URL_POLICY_NONE, NULL));
}

/* The library's own requests follow redirects under the same rule: the fake's badge route
 * that redirects to plain http on another loopback host is not followed. */
typedef struct {
  gboolean  done;
  GError   *error;
  guint     status;
} RequestResult;

static void
on_request (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  RequestResult *r = user_data;
  g_autoptr(RumbleHttpReply) reply = rumble_http_request_finish (result, &r->error);

  r->status = reply != NULL ? reply->status : 0;
  r->done = TRUE;
}

static void
request (RumbleFakeServer *fake,
         const char       *path,
         RequestResult    *r)
{
  g_autoptr(SoupSession) soup = soup_session_new ();
  g_autofree char *url = g_strconcat (rumble_fake_server_get_url (fake), path, NULL);

  rumble_http_request_async (soup, SOUP_METHOD_GET, url, NULL, NULL, NULL,
                             RUMBLE_HTTP_FOLLOW_REDIRECTS, NULL, on_request, r);
  test_wait_for_flag (&r->done, 5000);
}

static void
test_http_redirect (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleFakeServer) fake = rumble_fake_server_new (0, &error);
  RequestResult other = { 0 };
  RequestResult same = { 0 };

  g_assert_no_error (error);

  request (fake, "/i/hostile/redirect-http.png", &other);
  g_assert_error (other.error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);
  g_assert_null (rumble_fake_server_find_request (fake, "GET", "/i/hostile/redirected.png"));

  /* The same host is fine. */
  request (fake, "/i/hostile/redirect-same.png", &same);
  g_assert_no_error (same.error);
  g_assert_cmpuint (same.status, ==, 200);
  g_assert_nonnull (rumble_fake_server_find_request (fake, "GET", "/i/hostile/redirected.png"));

  g_clear_error (&other.error);
  g_assert_finalize_object (g_steal_pointer (&fake));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (url_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/rumble/url-policy/check/", url_cases[i].name, NULL);

      g_test_add_data_func (path, &url_cases[i], test_check);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (redirect_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/rumble/url-policy/redirect/", redirect_cases[i].name,
                                           NULL);

      g_test_add_data_func (path, &redirect_cases[i], test_redirect);
    }
  g_test_add_func ("/rumble/url-policy/null", test_null);
  g_test_add_func ("/rumble/url-policy/length-cap", test_length_cap);
  g_test_add_func ("/rumble/url-policy/userinfo-not-echoed", test_userinfo_not_echoed);
  g_test_add_func ("/rumble/url-policy/http-redirect", test_http_redirect);

  return g_test_run ();
}
