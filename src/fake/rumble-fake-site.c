/* rumble-fake-site.c — the fake server's locator pages
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A video page, embedJS and a channel's live page: what a client reads to find a
 * stream id from a URL.
 */
#define G_LOG_DOMAIN "rumble-fake"

#include "config.h"

#include <string.h>

#include "rumble-fake-server-private.h"

#define PAGE_FILLER        (256 * 1024)

void
rumble_fake_video_free (gpointer data)
{
  FakeVideo *video = data;

  g_free (video->embed_id);
  g_free (video->stream_id);
  g_free (video);
}

static void
append_filler (GString    *page,
               gsize       bytes,
               const char *tag)
{
  gsize target = page->len + bytes;

  for (guint i = 0; page->len < target; i++)
    g_string_append_printf (page,
                            "<%s class=\"pad\" data-n=\"%u\">Related clip %u: a long evening of bui"
                            "lding, "
                            "talking and answering questions from the chat.</%s>\n",
                            tag, i, i, tag);
}

static void
serve_video_page (RumbleFakeServer  *self,
                  SoupServerMessage *msg,
                  const char        *video_id,
                  FakeVideo         *video)
{
  GString *page = g_string_new (NULL);
  gsize len;

  g_string_append (page,
                   "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                   "<title>Friday night build</title>\n<script>var __layout = [\n");
  append_filler (page, PAGE_FILLER, "i");
  g_string_append (page, "];</script>\n");
  g_string_append_printf (page,
                          "<link rel=\"alternate\" href=\"https://rumble.com/api/Media/oembed.json?"
                          "url="
                          "https%%3A%%2F%%2Frumble.com%%2Fembed%%2F%s%%2F\" type=\"application/json"
                          "+oembed\" "
                          "title=\"Friday night build\">\n"
                          "<meta property=\"og:title\" content=\"Friday night build &amp; "
                          "Q&amp;A\">\n"
                          "<meta property=\"og:video:url\" content=\"%s/embed/%s/\">\n"
                          "<script type=application/ld+json>[{\"@context\":\"http://schema.org\","
                          "\"@type\":\"VideoObject\",\"name\":\"Friday night build\","
                          "\"url\":\"https://rumble.com/%s-friday-night-build.html\","
                          "\"embedUrl\":\"https://rumble.com/embed/%s/\","
                          "\"isLiveBroadcast\":true}]</script>\n"
                          "</head><body>\n",
                          video->embed_id, self->url, video->embed_id, video_id, video->embed_id);
  append_filler (page, PAGE_FILLER, "p");
  g_string_append (page, "</body></html>\n");

  len = page->len;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_string_free (page, FALSE), len);
}

static void
serve_embedjs (RumbleFakeServer  *self,
               SoupServerMessage *msg,
               const char        *query)
{
  g_autoptr(GHashTable) form = query ? soup_form_decode (query) : NULL;
  const char *request = form ? g_hash_table_lookup (form, "request") : NULL;
  const char *v = form ? g_hash_table_lookup (form, "v") : NULL;
  const char *stream_id = v ? g_hash_table_lookup (self->embeds, v) : NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  char *body;
  guint64 vid = 0;

  if (g_strcmp0 (request, "video") != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  if (stream_id == NULL)
    {
      /* What Rumble answers for an embed id it does not know. */
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "false", 5);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  rumble_fake_json_member_int (builder, "fps", 30);
  rumble_fake_json_member_int (builder, "w", 1920);
  rumble_fake_json_member_int (builder, "h", 1080);
  rumble_fake_json_member_string (builder, "title", "Friday night build");
  json_builder_set_member_name (builder, "author");
  json_builder_begin_object (builder);
  rumble_fake_json_member_string (builder, "name", "CedarHollow");
  rumble_fake_json_member_string (builder, "url", "https://rumble.com/c/CedarHollow");
  json_builder_end_object (builder);
  rumble_fake_json_member_int (builder, "live", 2);
  json_builder_set_member_name (builder, "vid");
  if (g_ascii_string_to_unsigned (stream_id, 10, 1, G_MAXINT64, &vid, NULL))
    json_builder_add_int_value (builder, (gint64) vid);
  else
    json_builder_add_string_value (builder, stream_id);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, strlen (body));
}

static void
serve_channel_page (RumbleFakeServer  *self,
                    SoupServerMessage *msg,
                    const char        *name,
                    const char        *embed_id)
{
  GString *page = g_string_new (NULL);
  gsize len;

  g_string_append_printf (page,
                          "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                          "<title>%s - Livestreams</title></head><body>\n<h1 class=\"channel-header"
                          "--title\">%s</h1>\n"
                          "<section class=\"channel-listing__container\">\n",
                          name, name);
  if (embed_id && *embed_id)
    g_string_append_printf (page,
                            "<div class=\"videostream thumbnail__grid--item\" data-live=\"true\">"
                            "<a class=\"videostream__link link\" href=\"https://rumble.com/embed/%s"
                            "/\" "
                            "data-embed-url=\"%s/embed/%s/\"><img class=\"thumbnail__image\" alt=\""
                            "\"></a>"
                            "<div class=\"videostream__status videostream__status--live\">LIVE</div"
                            ">"
                            "<h3 class=\"thumbnail__title\">Live now</h3></div>\n",
                            embed_id, self->url, embed_id);
  g_string_append (page,
                   "<div class=\"videostream thumbnail__grid--item\">"
                   "<a class=\"videostream__link link\" href=\"/v1past0-last-weeks-stream.html\">"
                   "<img class=\"thumbnail__image\" alt=\"\"></a>"
                   "<h3 class=\"thumbnail__title\">Last week's stream</h3></div>\n"
                   "</section></body></html>\n");

  len = page->len;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_string_free (page, FALSE), len);
}

/* /c/NAME/live or /c/NAME/live/ → NAME, or NULL. */
static char *
parse_channel_live_path (const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path + 1, "/", -1);
  guint n = g_strv_length (parts);

  if (n == 4 && *parts[3] == '\0')
    n = 3;
  if (n == 3 && g_str_equal (parts[0], "c") && *parts[1] && g_str_equal (parts[2], "live"))
    return g_strdup (parts[1]);
  return NULL;
}

gboolean
rumble_fake_server_handle_site_route (RumbleFakeServer  *self,
                                      SoupServerMessage *msg,
                                      const char        *path,
                                      const char        *query)
{
  GHashTableIter iter;
  gpointer key, value;

  if (g_str_has_prefix (path, "/embedJS/u3"))
    {
      serve_embedjs (self, msg, query);
      return TRUE;
    }

  if (rumble_fake_images_handle (self->images, msg, path))
    return TRUE;

  if (g_str_has_prefix (path, "/c/"))
    {
      g_autofree char *name = parse_channel_live_path (path);
      const char *embed = name ? g_hash_table_lookup (self->site_channels, name) : NULL;

      if (embed)
        serve_channel_page (self, msg, name, embed);
      else
        soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return TRUE;
    }

  if (g_str_has_prefix (path, "/user/"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return TRUE;
    }

  if (g_str_has_suffix (path, ".html"))
    {
      g_hash_table_iter_init (&iter, self->videos);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          gsize klen = strlen (key);

          if (strncmp (path + 1, key, klen) == 0 &&
              (path[1 + klen] == '-' || path[1 + klen] == '.'))
            {
              serve_video_page (self, msg, key, value);
              return TRUE;
            }
        }
    }

  return FALSE;
}

void
rumble_fake_server_add_video (RumbleFakeServer *self,
                              const char       *video_id,
                              const char       *embed_id,
                              const char       *stream_id_b10)
{
  FakeVideo *video;

  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  g_return_if_fail (video_id != NULL && *video_id != '\0');
  g_return_if_fail (embed_id != NULL && *embed_id != '\0');
  g_return_if_fail (stream_id_b10 != NULL);

  video = g_new0 (FakeVideo, 1);
  video->embed_id = g_strdup (embed_id);
  video->stream_id = g_strdup (stream_id_b10);
  g_hash_table_replace (self->videos, g_strdup (video_id), video);
  g_hash_table_replace (self->embeds, g_strdup (embed_id), g_strdup (stream_id_b10));
}

void
rumble_fake_server_add_channel (RumbleFakeServer *self,
                                const char       *name,
                                const char       *live_embed_id)
{
  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  g_return_if_fail (name != NULL && *name != '\0');

  g_hash_table_replace (self->site_channels, g_strdup (name),
                        g_strdup (live_embed_id ? live_embed_id : ""));
}
