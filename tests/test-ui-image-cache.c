/* test-ui-image-cache.c — the image cache: loading, limits, and hostile image servers
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Badge and emote URLs come from chat data. A server that stalls, redirects elsewhere or
 * is reached over plain http must never hold up the chat, and the URL policy holds for
 * every hop. The hostile servers are the fake's /i/hostile/ routes.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "moderato-image-cache.h"
#include "rumble-chat-api.h"
#include "rumble-fake-server.h"
#include "test-util.h"

/* Image cache against a local HTTP server */

typedef struct {
  SoupServer *server;
  char       *base;
  GBytes     *png;
  guint       hits;
  char       *dir;
} ImageServer;

static GBytes *
make_png (int size)
{
  g_autofree guchar *pixels = g_malloc0 (size * size * 4);
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  for (int i = 0; i < size * size; i++)
    {
      pixels[i * 4 + 0] = 0xe0;
      pixels[i * 4 + 1] = 0x1b;
      pixels[i * 4 + 2] = 0x24;
      pixels[i * 4 + 3] = 0xff;
    }
  data = g_bytes_new (pixels, size * size * 4);
  texture = gdk_memory_texture_new (size, size, GDK_MEMORY_R8G8B8A8, data, size * 4);
  return gdk_texture_save_to_png_bytes (texture);
}

static void
image_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  ImageServer *s = user_data;

  s->hits++;
  if (g_str_equal (path, "/badge.png") || g_str_has_prefix (path, "/emote"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (s->png, NULL), g_bytes_get_size (s->png));
    }
  else if (g_str_equal (path, "/huge.png"))
    {
      g_autofree char *junk = g_malloc0 (600 * 1024);

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY, junk, 600 * 1024);
    }
  else if (g_str_equal (path, "/notimage.png"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_STATIC, "<html>", 6);
    }
  else
    {
      soup_server_message_set_status (msg, 404, NULL);
    }
}

static void
image_server_start (ImageServer *s)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  g_autofree char *uri = NULL;

  s->png = make_png (16);
  s->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (s->server, NULL, image_handler, s, NULL);
  soup_server_listen_local (s->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (s->server);
  uri = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (g_str_has_suffix (uri, "/"))
    uri[strlen (uri) - 1] = '\0';
  s->base = g_steal_pointer (&uri);
  s->dir = g_dir_make_tmp ("moderato-images-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

static void
image_server_stop (ImageServer *s)
{
  g_clear_object (&s->server);
  g_clear_pointer (&s->png, g_bytes_unref);
  g_clear_pointer (&s->base, g_free);
  if (s->dir != NULL)
    remove_dir (s->dir);
  g_clear_pointer (&s->dir, g_free);
}

typedef struct {
  ModeratoImageCache *cache;
  const char         *url;
} WaitImage;

static gboolean
image_settled (gpointer data)
{
  WaitImage *w = data;
  ModeratoImageState state;

  moderato_image_cache_lookup (w->cache, w->url, &state);
  return state == MODERATO_IMAGE_READY || state == MODERATO_IMAGE_FAILED;
}

static ModeratoImageState
wait_image (ModeratoImageCache *cache,
            const char         *url)
{
  WaitImage w = { cache, url };
  ModeratoImageState state;

  test_wait_until (image_settled, &w, 5000);
  moderato_image_cache_lookup (cache, url, &state);
  return state;
}

static void
test_image_cache_load (void)
{
  ImageServer s = { 0, };
  g_autoptr(ModeratoImageCache) cache = NULL;
  g_autofree char *url = NULL;
  g_autofree char *huge = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *missing = NULL;
  ModeratoImageState state;
  GdkTexture *texture;

  image_server_start (&s);
  cache = moderato_image_cache_new (s.dir);
  moderato_image_cache_set_allow_loopback_http (cache, TRUE);
  url = g_strconcat (s.base, "/badge.png", NULL);
  huge = g_strconcat (s.base, "/huge.png", NULL);
  bad = g_strconcat (s.base, "/notimage.png", NULL);
  missing = g_strconcat (s.base, "/missing.png", NULL);

  texture = moderato_image_cache_lookup (cache, url, &state);
  g_assert_null (texture);
  g_assert_cmpint (state, ==, MODERATO_IMAGE_LOADING);
  g_assert_cmpint (wait_image (cache, url), ==, MODERATO_IMAGE_READY);
  texture = moderato_image_cache_lookup (cache, url, NULL);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 16);
  g_assert_cmpuint (s.hits, ==, 1);

  /* Asked again: no second fetch. */
  moderato_image_cache_lookup (cache, url, NULL);
  test_iterate_for (50);
  g_assert_cmpuint (s.hits, ==, 1);

  /* Bounded and validated: failures are remembered, not refetched. */
  g_assert_cmpint (wait_image (cache, huge), ==, MODERATO_IMAGE_FAILED);
  g_assert_cmpint (wait_image (cache, bad), ==, MODERATO_IMAGE_FAILED);
  g_assert_cmpint (wait_image (cache, missing), ==, MODERATO_IMAGE_FAILED);
  g_assert_cmpuint (s.hits, ==, 4);
  moderato_image_cache_lookup (cache, missing, NULL);
  test_iterate_for (50);
  g_assert_cmpuint (s.hits, ==, 4);

  /* A second cache (next start) reads the disk copy without fetching. */
  test_iterate_for (200);
  {
    g_autoptr(ModeratoImageCache) second = moderato_image_cache_new (s.dir);

    moderato_image_cache_set_allow_loopback_http (second, TRUE);
    moderato_image_cache_lookup (second, url, NULL);
    g_assert_cmpint (wait_image (second, url), ==, MODERATO_IMAGE_READY);
    g_assert_cmpuint (moderato_image_cache_get_n_fetches (second), ==, 0);
    g_assert_cmpuint (s.hits, ==, 4);
    g_assert_finalize_object (g_steal_pointer (&second));
  }

  /* The memory budget evicts the least recently used. */
  moderato_image_cache_set_limits (cache, 0, 1, 1024 * 1024);
  g_assert_cmpuint (moderato_image_cache_get_n_entries (cache), <=, 1);

  g_assert_finalize_object (g_steal_pointer (&cache));
  image_server_stop (&s);
}

static void
test_image_cache_urls (void)
{
  g_autoptr(ModeratoImageCache) cache = moderato_image_cache_new (NULL);
  g_autofree char *long_url = g_strdup_printf ("https://rumble.com/%0*d.png", 2100, 0);

  g_assert_false (moderato_image_cache_get_allow_loopback_http (cache));
  g_assert_true (moderato_image_cache_url_allowed (cache, "https://rumble.com/i/badges/a.png"));
  g_assert_false (moderato_image_cache_url_allowed (cache, "http://127.0.0.1:8080/a.png"));
  g_assert_false (moderato_image_cache_url_allowed (cache, "http://localhost/a.png"));
  g_assert_false (moderato_image_cache_url_allowed (cache, "http://rumble.com/a.png"));
  g_assert_false (moderato_image_cache_url_allowed (cache, "ftp://rumble.com/a.png"));
  g_assert_false (moderato_image_cache_url_allowed (cache, "file:///etc/passwd"));
  g_assert_false (moderato_image_cache_url_allowed (cache, "https://user:pw@rumble.com/a.png"));
  g_assert_false (moderato_image_cache_url_allowed (cache, "not a url"));
  g_assert_false (moderato_image_cache_url_allowed (cache, long_url));
  g_assert_false (moderato_image_cache_url_allowed (cache, NULL));

  /* The demo and the tests turn loopback http on; nothing else changes. */
  g_object_set (cache, "allow-loopback-http", TRUE, NULL);
  g_assert_true (moderato_image_cache_get_allow_loopback_http (cache));
  g_assert_true (moderato_image_cache_url_allowed (cache, "http://127.0.0.1:8080/a.png"));
  g_assert_true (moderato_image_cache_url_allowed (cache, "http://localhost/a.png"));
  g_assert_true (moderato_image_cache_url_allowed (cache, "http://[::1]:9/a.png"));
  g_assert_false (moderato_image_cache_url_allowed (cache, "http://rumble.com/a.png"));
  g_assert_false (moderato_image_cache_url_allowed (cache, "http://user@127.0.0.1/a.png"));

  g_assert_finalize_object (g_steal_pointer (&cache));
}

static void
test_image_sniff (void)
{
  g_autoptr(GBytes) png = make_png (7);
  static const guint8 gif[] = "GIF89a\x0a\x00\x0b\x00\x00\x00\x00;";
  static const guint8 jpeg[] = {
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x0b, 0x08,
    0x00, 0x21, 0x00, 0x2c, 0x01, 0x01, 0x11, 0x00
  };
  guint w, h;

  g_assert_true (moderato_image_sniff_size (g_bytes_get_data (png, NULL), g_bytes_get_size (png), &w, &h));
  g_assert_cmpuint (w, ==, 7);
  g_assert_cmpuint (h, ==, 7);
  g_assert_true (moderato_image_sniff_size (gif, sizeof gif - 1, &w, &h));
  g_assert_cmpuint (w, ==, 10);
  g_assert_cmpuint (h, ==, 11);
  g_assert_true (moderato_image_sniff_size (jpeg, sizeof jpeg, &w, &h));
  g_assert_cmpuint (w, ==, 44);
  g_assert_cmpuint (h, ==, 33);
  g_assert_false (moderato_image_sniff_size ((const guint8 *) "<svg>", 5, &w, &h));
  g_assert_false (moderato_image_sniff_size (NULL, 0, &w, &h));
}

/* Hostile image servers: the fake's /i/hostile/ routes */

static RumbleFakeServer *
fake_new (void)
{
  g_autoptr(GError) error = NULL;
  RumbleFakeServer *fake = rumble_fake_server_new (0, &error);

  g_assert_no_error (error);
  return fake;
}

static char *
fake_image_url (RumbleFakeServer *fake,
                const char       *path)
{
  return g_strconcat (rumble_fake_server_get_url (fake), path, NULL);
}

static guint
count_requests (RumbleFakeServer *fake,
                const char       *path_prefix)
{
  GPtrArray *requests = rumble_fake_server_get_requests (fake);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      const RumbleFakeRequest *request = g_ptr_array_index (requests, i);

      if (g_str_has_prefix (request->path, path_prefix))
        n++;
    }
  return n;
}

/* The image paths the fake was asked for, in order, joined with spaces. */
static char *
image_requests (RumbleFakeServer *fake)
{
  GPtrArray *requests = rumble_fake_server_get_requests (fake);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < requests->len; i++)
    {
      const RumbleFakeRequest *request = g_ptr_array_index (requests, i);

      if (g_str_has_prefix (request->path, "/i/"))
        g_string_append_printf (out, "%s%s", out->len > 0 ? " " : "", request->path);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A cache as the demo configures it: loopback http allowed. 0 keeps the real deadline. */
static ModeratoImageCache *
cache_for_fake (guint deadline_ms)
{
  ModeratoImageCache *cache = moderato_image_cache_new (NULL);

  moderato_image_cache_set_allow_loopback_http (cache, TRUE);
  if (deadline_ms > 0)
    moderato_image_cache_set_deadline_for_testing (cache, deadline_ms);
  return cache;
}

/* Note: a lookup makes the entry the most recently used. */
static ModeratoImageState
image_state (ModeratoImageCache *cache,
             const char         *url)
{
  ModeratoImageState state;

  moderato_image_cache_lookup (cache, url, &state);
  return state;
}

static void
test_loopback_refused (void)
{
  g_autoptr(RumbleFakeServer) fake = fake_new ();
  g_autoptr(ModeratoImageCache) cache = moderato_image_cache_new (NULL);
  g_autofree char *url = fake_image_url (fake, "/i/badges/admin_48.png");
  ModeratoImageState state = MODERATO_IMAGE_READY;

  /* Chat data naming a plain http server on this computer: never asked. */
  g_assert_null (moderato_image_cache_lookup (cache, url, &state));
  g_assert_cmpint (state, ==, MODERATO_IMAGE_NONE);
  test_iterate_for (200);
  g_assert_cmpint (image_state (cache, url), ==, MODERATO_IMAGE_NONE);
  g_assert_cmpuint (moderato_image_cache_get_n_entries (cache), ==, 0);
  g_assert_cmpuint (count_requests (fake, "/i/"), ==, 0);

  /* The demo and fake server configuration turns it on. */
  moderato_image_cache_set_allow_loopback_http (cache, TRUE);
  g_assert_cmpint (wait_image (cache, url), ==, MODERATO_IMAGE_READY);
  g_assert_cmpuint (count_requests (fake, "/i/badges/admin_48.png"), ==, 1);

  g_assert_finalize_object (g_steal_pointer (&cache));
  g_assert_finalize_object (g_steal_pointer (&fake));
}

static void
test_deadline (void)
{
  g_autoptr(RumbleFakeServer) fake = fake_new ();
  g_autoptr(ModeratoImageCache) cache = cache_for_fake (400);
  g_autofree char *stall = fake_image_url (fake, "/i/hostile/stall.png");
  gint64 start = g_get_monotonic_time ();

  moderato_image_cache_lookup (cache, stall, NULL);
  test_iterate_for (200);
  g_assert_cmpuint (count_requests (fake, "/i/hostile/stall"), ==, 1);
  g_assert_cmpint (image_state (cache, stall), ==, MODERATO_IMAGE_LOADING);

  /* The headers and 8 bytes came, the rest never does: the deadline covers the body. */
  g_assert_cmpint (wait_image (cache, stall), ==, MODERATO_IMAGE_FAILED);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 400 * 1000);

  /* The failure is remembered: no second request, let alone a loop. */
  test_iterate_for (500);
  g_assert_cmpint (image_state (cache, stall), ==, MODERATO_IMAGE_FAILED);
  g_assert_cmpuint (count_requests (fake, "/i/hostile/stall"), ==, 1);

  g_assert_finalize_object (g_steal_pointer (&cache));
  g_assert_finalize_object (g_steal_pointer (&fake));
}

typedef struct {
  RumbleFakeServer *fake;
  const char       *prefix;
  guint             n;
} WaitRequests;

static gboolean
has_requests (gpointer data)
{
  WaitRequests *w = data;

  return count_requests (w->fake, w->prefix) >= w->n;
}

static void
test_concurrency (void)
{
  g_autoptr(RumbleFakeServer) fake = fake_new ();
  g_autoptr(ModeratoImageCache) cache = cache_for_fake (800);
  g_autofree char *badge = fake_image_url (fake, "/i/badges/moderator_48.png");
  g_autofree char *order = NULL;
  WaitRequests w = { fake, "/i/hostile/stall", 6 };
  char *stalls[6];

  G_STATIC_ASSERT (MODERATO_IMAGE_CACHE_MAX_DOWNLOADS == 4);
  for (guint i = 0; i < G_N_ELEMENTS (stalls); i++)
    stalls[i] = g_strdup_printf ("%s/i/hostile/stall-%u.png", rumble_fake_server_get_url (fake), i);

  /* stall-0 gives up first (each download takes the deadline current when it starts);
   * stall-1 to 3 hold their slots for longer. */
  moderato_image_cache_lookup (cache, stalls[0], NULL);
  test_iterate_for (50);
  moderato_image_cache_set_deadline_for_testing (cache, 3000);
  for (guint i = 1; i < 4; i++)
    moderato_image_cache_lookup (cache, stalls[i], NULL);
  test_iterate_for (50);
  moderato_image_cache_set_deadline_for_testing (cache, 300);
  /* Queued: the badge, asked for last, is the one on screen now. */
  moderato_image_cache_lookup (cache, stalls[4], NULL);
  moderato_image_cache_lookup (cache, stalls[5], NULL);
  moderato_image_cache_lookup (cache, badge, NULL);

  test_iterate_for (200);
  g_assert_cmpuint (count_requests (fake, "/i/hostile/stall"), ==,
                    MODERATO_IMAGE_CACHE_MAX_DOWNLOADS);
  g_assert_cmpuint (count_requests (fake, "/i/badges/"), ==, 0);

  /* Each freed slot goes to the most recently asked for: the badge, stall-5, stall-4. */
  test_wait_until (has_requests, &w, 5000);
  order = image_requests (fake);
  g_test_message ("requests: %s", order);
  g_assert_true (g_str_has_prefix (order, "/i/hostile/stall-0.png "));
  g_assert_true (g_str_has_suffix (order, " /i/badges/moderator_48.png /i/hostile/stall-5.png "
                                         "/i/hostile/stall-4.png"));

  g_assert_cmpint (wait_image (cache, badge), ==, MODERATO_IMAGE_READY);
  for (guint i = 0; i < G_N_ELEMENTS (stalls); i++)
    {
      g_assert_cmpint (wait_image (cache, stalls[i]), ==, MODERATO_IMAGE_FAILED);
      g_free (stalls[i]);
    }
  g_assert_cmpuint (count_requests (fake, "/i/hostile/stall"), ==, 6);

  g_assert_finalize_object (g_steal_pointer (&cache));
  g_assert_finalize_object (g_steal_pointer (&fake));
}

typedef struct {
  RumbleFakeServer *fake;
  RumbleChatApi    *chat;
  const char       *stream_path;
  guint             before;
} WaitReconnect;

static gboolean
is_connected (gpointer data)
{
  return rumble_chat_api_get_state (data) == RUMBLE_CONNECTION_CONNECTED;
}

static gboolean
has_reconnected (gpointer data)
{
  WaitReconnect *w = data;

  return count_requests (w->fake, w->stream_path) > w->before &&
         is_connected (w->chat) &&
         rumble_fake_server_get_n_listeners (w->fake, RUMBLE_FAKE_DEFAULT_STREAM) == 1;
}

static void
test_stalled_chat_reconnects (void)
{
  g_autoptr(RumbleFakeServer) fake = fake_new ();
  /* The chat's session, as the application has one (libsoup's default per-host limit). */
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(RumbleChatApi) chat = rumble_chat_api_new (RUMBLE_FAKE_DEFAULT_STREAM);
  g_autoptr(ModeratoImageCache) cache = cache_for_fake (4000);
  g_autofree char *stall_a = fake_image_url (fake, "/i/hostile/stall-a.png");
  g_autofree char *stall_b = fake_image_url (fake, "/i/hostile/stall-b.png");
  g_autofree char *badge = fake_image_url (fake, "/i/badges/verified_48.png");
  g_autofree char *stream_path = g_strdup_printf ("/chat/api/chat/%s/stream",
                                                  RUMBLE_FAKE_DEFAULT_STREAM);
  WaitReconnect w = { fake, chat, stream_path, 0 };

  rumble_chat_api_set_chat_url (chat, rumble_fake_server_get_chat_url (fake));
  rumble_chat_api_set_site_url (chat, rumble_fake_server_get_url (fake));
  rumble_chat_api_set_soup_session (chat, session);
  rumble_chat_api_set_backoff (chat, 10, 80, 150);
  rumble_chat_api_connect_async (chat, NULL, NULL, NULL);
  test_wait_until (is_connected, chat, 5000);

  /* Badge servers that send the headers and then nothing (two: as many as libsoup's
   * default connections per host); other images still come. */
  moderato_image_cache_lookup (cache, stall_a, NULL);
  moderato_image_cache_lookup (cache, stall_b, NULL);
  moderato_image_cache_lookup (cache, badge, NULL);
  g_assert_cmpint (wait_image (cache, badge), ==, MODERATO_IMAGE_READY);
  g_assert_cmpint (image_state (cache, stall_a), ==, MODERATO_IMAGE_LOADING);
  g_assert_cmpint (image_state (cache, stall_b), ==, MODERATO_IMAGE_LOADING);

  /* The chat connection closes: its reconnect does not wait behind the images. */
  w.before = count_requests (fake, stream_path);
  rumble_fake_server_close_streams (fake, RUMBLE_FAKE_DEFAULT_STREAM);
  test_wait_until (has_reconnected, &w, 3000);
  g_assert_cmpint (image_state (cache, stall_a), ==, MODERATO_IMAGE_LOADING);
  g_assert_cmpint (image_state (cache, stall_b), ==, MODERATO_IMAGE_LOADING);

  /* The images meet their own deadline in their time. */
  g_assert_cmpint (wait_image (cache, stall_a), ==, MODERATO_IMAGE_FAILED);
  g_assert_cmpint (wait_image (cache, stall_b), ==, MODERATO_IMAGE_FAILED);

  rumble_chat_api_disconnect (chat);
  g_assert_finalize_object (g_steal_pointer (&chat));
  g_assert_finalize_object (g_steal_pointer (&cache));
  g_assert_finalize_object (g_steal_pointer (&fake));
}

static void
test_redirects (void)
{
  g_autoptr(RumbleFakeServer) fake = fake_new ();
  g_autoptr(ModeratoImageCache) cache = cache_for_fake (0);
  g_autofree char *other_host = fake_image_url (fake, "/i/hostile/redirect-http.png");
  g_autofree char *same_host = fake_image_url (fake, "/i/hostile/redirect-same.png");
  g_autofree char *loop = fake_image_url (fake, "/i/hostile/redirect-loop.png");
  g_autofree char *target = g_strdup_printf ("http://" RUMBLE_FAKE_OTHER_HOST
                                             ":%u/i/hostile/redirected.png",
                                             rumble_fake_server_get_port (fake));

  /* To plain http on another host (another loopback address, but another host): the
   * policy refuses the hop, so nothing is asked there. */
  g_assert_cmpint (wait_image (cache, other_host), ==, MODERATO_IMAGE_FAILED);
  g_assert_cmpuint (count_requests (fake, "/i/hostile/redirect-http.png"), ==, 1);
  g_assert_cmpuint (count_requests (fake, "/i/hostile/redirected.png"), ==, 0);

  /* The target itself works: following the redirect would have loaded it. */
  g_assert_cmpint (wait_image (cache, target), ==, MODERATO_IMAGE_READY);
  g_assert_cmpuint (count_requests (fake, "/i/hostile/redirected.png"), ==, 1);

  /* On the same host the redirect is followed (by hand). */
  g_assert_cmpint (wait_image (cache, same_host), ==, MODERATO_IMAGE_READY);
  g_assert_cmpuint (count_requests (fake, "/i/hostile/redirected.png"), ==, 2);

  /* A loop ends after a bounded number of hops. */
  g_assert_cmpint (wait_image (cache, loop), ==, MODERATO_IMAGE_FAILED);
  g_assert_cmpuint (count_requests (fake, "/i/hostile/redirect-loop.png"), ==,
                    MODERATO_IMAGE_CACHE_MAX_REDIRECTS + 1);

  g_assert_finalize_object (g_steal_pointer (&cache));
  g_assert_finalize_object (g_steal_pointer (&fake));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/moderato/image-cache/load", test_image_cache_load);
  g_test_add_func ("/moderato/image-cache/urls", test_image_cache_urls);
  g_test_add_func ("/moderato/image-cache/sniff", test_image_sniff);
  g_test_add_func ("/moderato/image-cache/loopback-refused", test_loopback_refused);
  g_test_add_func ("/moderato/image-cache/deadline", test_deadline);
  g_test_add_func ("/moderato/image-cache/concurrency", test_concurrency);
  g_test_add_func ("/moderato/image-cache/stalled-image-chat-reconnects",
                   test_stalled_chat_reconnects);
  g_test_add_func ("/moderato/image-cache/redirects", test_redirects);

  return g_test_run ();
}
