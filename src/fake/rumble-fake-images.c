/* rumble-fake-images.c — image routes of the fake server: badges and hostile servers
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The badge icons the fixture's `config` names, under /i/badges/.
 *
 * Badge and emote URLs come from chat data, so their servers are untrusted: the routes
 * under /i/hostile/ play a server that answers the headers and then never the rest of
 * the body, and redirects that lead elsewhere. They are listed in rumble-fake-server.h.
 */
#define G_LOG_DOMAIN "rumble-fake"

#include "config.h"

#include <string.h>

#include "rumble-fake-private.h"

#define HOSTILE_PREFIX "/i/hostile/"
#define PNG_SIGNATURE  "\x89PNG\r\n\x1a\n"

struct _RumbleFakeImages
{
  RumbleFakeServer *server;   /* not owned: it owns us */
  GPtrArray        *stalled;  /* of SoupServerMessage, owned */
  GBytes           *png;
  GHashTable       *badges;   /* request path -> GBytes */
};

RumbleFakeImages *
rumble_fake_images_new (RumbleFakeServer *server)
{
  RumbleFakeImages *self = g_new0 (RumbleFakeImages, 1);

  self->server = server;
  self->stalled = g_ptr_array_new ();
  self->badges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_bytes_unref);
  return self;
}

static void
on_stalled_gone (SoupServerMessage *msg,
                 RumbleFakeImages  *self)
{
  g_signal_handlers_disconnect_by_data (msg, self);
  g_ptr_array_remove (self->stalled, msg);
  g_object_unref (msg);
}

void
rumble_fake_images_free (RumbleFakeImages *self)
{
  if (self == NULL)
    return;

  /* End every stalled body (the client sees a short, broken image) so that no reply
   * outlives the server. */
  while (self->stalled->len > 0)
    {
      SoupServerMessage *msg = g_ptr_array_steal_index (self->stalled, self->stalled->len - 1);

      g_signal_handlers_disconnect_by_data (msg, self);
      soup_message_body_complete (soup_server_message_get_response_body (msg));
      soup_server_message_unpause (msg);
      g_object_unref (msg);
    }
  g_ptr_array_unref (self->stalled);
  g_clear_pointer (&self->png, g_bytes_unref);
  g_hash_table_unref (self->badges);
  g_free (self);
}

static void
serve_stalled (RumbleFakeImages  *self,
               SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (headers, "Content-Type", "image/png");
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);
  /* The headers go out with a first chunk; then libsoup waits for more, forever. */
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                            PNG_SIGNATURE, strlen (PNG_SIGNATURE));

  g_ptr_array_add (self->stalled, g_object_ref (msg));
  g_signal_connect (msg, "finished", G_CALLBACK (on_stalled_gone), self);
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_stalled_gone), self);
}

static void
serve_redirect (SoupServerMessage *msg,
                const char        *location)
{
  soup_server_message_set_status (msg, SOUP_STATUS_FOUND, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Location", location);
}

static GBytes *
lookup_badge_png (RumbleFakeImages *self,
                  const char       *path)
{
  GBytes *png = g_hash_table_lookup (self->badges, path);
  guint size;
  guint32 rgb;

  if (png == NULL && rumble_fake_fixture_find_badge (path, &size, &rgb))
    {
      png = rumble_fake_png_new (size, rgb, FALSE);
      g_hash_table_insert (self->badges, g_strdup (path), png);
    }
  return png;
}

gboolean
rumble_fake_images_handle (RumbleFakeImages  *self,
                           SoupServerMessage *msg,
                           const char        *path)
{
  const char *name;

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

  if (!g_str_has_prefix (path, HOSTILE_PREFIX))
    return FALSE;
  name = path + strlen (HOSTILE_PREFIX);

  if (g_str_has_prefix (name, "stall"))
    {
      serve_stalled (self, msg);
    }
  else if (g_str_equal (name, "redirect-http.png"))
    {
      g_autofree char *location =
        g_strdup_printf ("http://" RUMBLE_FAKE_OTHER_HOST ":%u" HOSTILE_PREFIX "redirected.png",
                         rumble_fake_server_get_port (self->server));

      serve_redirect (msg, location);
    }
  else if (g_str_equal (name, "redirect-same.png"))
    {
      serve_redirect (msg, HOSTILE_PREFIX "redirected.png");
    }
  else if (g_str_equal (name, "redirect-loop.png"))
    {
      serve_redirect (msg, HOSTILE_PREFIX "redirect-loop.png");
    }
  else if (g_str_equal (name, "redirected.png"))
    {
      if (self->png == NULL)
        self->png = rumble_fake_png_new_emote (0x3498db);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (self->png, NULL),
                                        g_bytes_get_size (self->png));
    }
  else
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
    }

  return TRUE;
}
