/* rumble-fake-server.c — an imitation of Rumble's chat and site servers on loopback
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The core object: the SoupServer, its lifetime and the core routes' dispatch. The
 * parts: streams (rumble-fake-stream.c, rumble-fake-post.c, rumble-fake-sse.c), the
 * locator pages (rumble-fake-site.c), images (rumble-fake-images.c), the request log
 * (rumble-fake-requests.c), faults (rumble-fake-faults.c), the fixture chat
 * (rumble-fake-fixture.c), the demo chat (rumble-fake-demo.c) and the service.php part
 * (rumble-fake-service.c and its units).
 *
 * Every core route is answered from the SoupServer "request-read" signal, which
 * also logs the request: that leaves the handler path map entirely to the
 * service part, so the two never replace each other's handlers.
 */
#define G_LOG_DOMAIN "rumble-fake"

#include "config.h"

#include <string.h>

#include "rumble-fake-server-private.h"

#define FIRST_MESSAGE_ID   G_GUINT64_CONSTANT (1402937465012345700)
#define DEFAULT_BACKLOG    50
#define STREAM_PREFIX      "/chat/api/chat/"
#define STREAM_SUFFIX      "/stream"

G_DEFINE_FINAL_TYPE (RumbleFakeServer, rumble_fake_server, G_TYPE_OBJECT)

static void
on_request_read (SoupServer        *soup,
                 SoupServerMessage *msg,
                 RumbleFakeServer  *self)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *path = g_uri_get_path (uri);
  const char *method = soup_server_message_get_method (msg);

  rumble_fake_server_log_request (self, msg);

  if (soup_server_message_get_status (msg) != 0 || path == NULL)
    return;

  if (g_str_has_prefix (path, STREAM_PREFIX) && g_str_has_suffix (path, STREAM_SUFFIX))
    {
      gsize len = strlen (path) - strlen (STREAM_PREFIX) - strlen (STREAM_SUFFIX);

      if (strlen (path) > strlen (STREAM_PREFIX) + strlen (STREAM_SUFFIX))
        {
          g_autofree char *id = g_strndup (path + strlen (STREAM_PREFIX), len);

          if (strchr (id, '/') == NULL)
            {
              rumble_fake_server_handle_stream (self, msg, id);
              return;
            }
        }
    }

  if (g_strcmp0 (method, "GET") == 0 || g_strcmp0 (method, "HEAD") == 0)
    rumble_fake_server_handle_site_route (self, msg, path, g_uri_get_query (uri));
}

static void
rumble_fake_server_dispose (GObject *object)
{
  RumbleFakeServer *self = (RumbleFakeServer *) object;

  g_clear_pointer (&self->demo, rumble_fake_demo_free);
  if (self->service_installed)
    {
      self->service_installed = FALSE;
      rumble_fake_service_uninstall (self);
    }
  if (self->soup)
    {
      g_signal_handlers_disconnect_by_data (self->soup, self);
      g_hash_table_remove_all (self->streams);   /* closes every open stream */
      g_clear_pointer (&self->images, rumble_fake_images_free);
      soup_server_disconnect (self->soup);
      g_clear_object (&self->soup);
    }
  if (self->service_destroy && self->service_data)
    self->service_destroy (self->service_data);
  self->service_data = NULL;
  self->service_destroy = NULL;

  G_OBJECT_CLASS (rumble_fake_server_parent_class)->dispose (object);
}

static void
rumble_fake_server_finalize (GObject *object)
{
  RumbleFakeServer *self = (RumbleFakeServer *) object;

  g_hash_table_unref (self->streams);
  g_hash_table_unref (self->videos);
  g_hash_table_unref (self->embeds);
  g_hash_table_unref (self->site_channels);
  json_node_unref (self->config);
  g_rand_free (self->rand);
  g_ptr_array_unref (self->requests);
  g_queue_clear_full (&self->faults, (GDestroyNotify) rumble_fake_fault_free);
  g_free (self->url);
  g_free (self->chat_url);

  G_OBJECT_CLASS (rumble_fake_server_parent_class)->finalize (object);
}

static void
rumble_fake_server_class_init (RumbleFakeServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rumble_fake_server_dispose;
  object_class->finalize = rumble_fake_server_finalize;
}

static void
rumble_fake_server_init (RumbleFakeServer *self)
{
  FakeStream *stream;

  self->streams = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, rumble_fake_stream_free);
  self->videos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, rumble_fake_video_free);
  self->embeds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->site_channels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) rumble_fake_request_free);
  self->config = rumble_fake_fixture_new_config ();
  self->backlog_len = DEFAULT_BACKLOG;
  self->next_id = FIRST_MESSAGE_ID;
  self->last_time = RUMBLE_FAKE_FIXTURE_LAST_TIME;
  self->rand = g_rand_new ();

  stream = rumble_fake_stream_new (RUMBLE_FAKE_DEFAULT_STREAM, TRUE);
  g_hash_table_insert (self->streams, stream->id, stream);
  rumble_fake_fixture_seed (self, stream);
}

static gboolean
rumble_fake_server_listen (RumbleFakeServer  *self,
                           const char        *address,
                           guint              port,
                           GError           **error)
{
  g_autoptr(GSocketAddress) socket_address = NULL;
  GSList *uris;

  socket_address = g_inet_socket_address_new_from_string (address, port);
  if (socket_address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address", address);
      return FALSE;
    }

  self->soup = soup_server_new ("server-header", "rumble-fake ", NULL);
  if (!soup_server_listen (self->soup, socket_address, 0, error))
    return FALSE;

  uris = soup_server_get_uris (self->soup);
  g_assert (uris != NULL);
  self->port = (guint) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  /* A second loopback host for the redirect routes (same port), unless this is it. */
  if (g_strcmp0 (address, RUMBLE_FAKE_OTHER_HOST) != 0)
    {
      g_autoptr(GSocketAddress) other = NULL;
      g_autoptr(GError) other_error = NULL;

      other = g_inet_socket_address_new_from_string (RUMBLE_FAKE_OTHER_HOST, self->port);
      if (!soup_server_listen (self->soup, other, 0, &other_error))
        g_debug ("Not listening on %s: %s", RUMBLE_FAKE_OTHER_HOST, other_error->message);
    }

  self->url = g_strdup_printf ("http://%s:%u", address, self->port);
  self->chat_url = g_strconcat (self->url, "/chat/api", NULL);

  self->images = rumble_fake_images_new (self);
  g_signal_connect (self->soup, "request-read", G_CALLBACK (on_request_read), self);
  rumble_fake_service_install (self, self->soup);
  self->service_installed = TRUE;
  return TRUE;
}

RumbleFakeServer *
rumble_fake_server_new (guint    port,
                        GError **error)
{
  g_autoptr(RumbleFakeServer) self = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (RUMBLE_TYPE_FAKE_SERVER, NULL);
  if (!rumble_fake_server_listen (self, "127.0.0.1", port, error))
    return NULL;
  return g_steal_pointer (&self);
}

RumbleFakeServer *
rumble_fake_server_new_on_address (const char  *address,
                                   guint        port,
                                   GError     **error)
{
  g_autoptr(RumbleFakeServer) self = NULL;
  g_autoptr(GInetAddress) inet = NULL;

  g_return_val_if_fail (address != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Loopback only: nothing of the fake may be reachable from the network. */
  inet = g_inet_address_new_from_string (address);
  g_return_val_if_fail (inet != NULL && g_inet_address_get_is_loopback (inet), NULL);

  self = g_object_new (RUMBLE_TYPE_FAKE_SERVER, NULL);
  if (!rumble_fake_server_listen (self, address, port, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
rumble_fake_server_get_url (RumbleFakeServer *self)
{
  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);
  return self->url;
}

const char *
rumble_fake_server_get_chat_url (RumbleFakeServer *self)
{
  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);
  return self->chat_url;
}

guint
rumble_fake_server_get_port (RumbleFakeServer *self)
{
  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), 0);
  return self->port;
}

void
rumble_fake_server_start_demo (RumbleFakeServer *self,
                               const char       *stream_id_b10,
                               double            rate)
{
  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  g_return_if_fail (rate > 0);

  if (!rumble_fake_server_has_stream (self, stream_id_b10))
    rumble_fake_server_add_stream (self, stream_id_b10, TRUE);

  g_clear_pointer (&self->demo, rumble_fake_demo_free);
  self->demo = rumble_fake_demo_new (self, stream_id_b10, rate,
                                     self->demo_seed ? self->demo_seed : g_random_int ());
}

void
rumble_fake_server_stop_demo (RumbleFakeServer *self)
{
  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  g_clear_pointer (&self->demo, rumble_fake_demo_free);
}

void
rumble_fake_server_set_demo_seed (RumbleFakeServer *self,
                                  guint32           seed)
{
  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  self->demo_seed = seed;
}

gpointer
rumble_fake_server_get_service_data (RumbleFakeServer *self)
{
  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);
  return self->service_data;
}

void
rumble_fake_server_set_service_data (RumbleFakeServer *self,
                                     gpointer          data,
                                     GDestroyNotify    destroy)
{
  gpointer old_data;
  GDestroyNotify old_destroy;

  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));

  old_data = self->service_data;
  old_destroy = self->service_destroy;
  self->service_data = data;
  self->service_destroy = destroy;
  if (old_destroy && old_data && old_data != data)
    old_destroy (old_data);
}
