/* moderato-image-cache.c — badge and emote images: fetched once, bounded, cached on disk
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One entry per URL, in an LRU list bounded by decoded bytes and by count. A load reads the
 * disk copy first, else fetches over the shared SoupSession with a byte cap, checks the
 * image's size in its header before decoding, and writes the disk copy (the disk directory
 * is pruned, oldest first, to its budget). Failures are remembered so a missing icon is not
 * fetched again and again.
 */
#define G_LOG_DOMAIN "moderato-image-cache"

#include "config.h"

#include <string.h>

#include "moderato-image-cache.h"

#define DEFAULT_MAX_MEMORY   (24 * 1024 * 1024)
#define DEFAULT_MAX_ENTRIES  1024
#define DEFAULT_MAX_DISK     (64 * 1024 * 1024)
#define MAX_PARALLEL_FETCHES 4
#define READ_CHUNK           (64 * 1024)
/* Animated GIFs: every frame gets decoded, so bound frames × area as well. */
#define MAX_DECODED_BYTES    (48 * 1024 * 1024)

typedef struct {
  char               *url;
  ModeratoImageState  state;
  GdkTexture         *texture;
  gsize               size;    /* decoded bytes, counted in the memory budget */
  GList               link;    /* in lru; data = this entry */
} Entry;

struct _ModeratoImageCache
{
  GObject       parent_instance;

  SoupSession  *session;
  char         *disk_dir;
  GCancellable *cancellable;

  GHashTable   *entries;       /* url -> Entry, owns */
  GQueue        lru;           /* most recent at head */
  gsize         memory_size;
  gsize         max_memory;
  guint         max_entries;
  goffset       max_disk;

  GQueue        pending;       /* owned url strings waiting for a fetch slot */
  guint         n_running;
  guint         n_fetches;
  gboolean      disk_pruned;
};

enum {
  IMAGE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ModeratoImageCache, moderato_image_cache, G_TYPE_OBJECT)

static void start_fetch (ModeratoImageCache *self,
                         const char         *url);

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_clear_object (&entry->texture);
  g_free (entry->url);
  g_free (entry);
}

static void
moderato_image_cache_dispose (GObject *object)
{
  ModeratoImageCache *self = MODERATO_IMAGE_CACHE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (moderato_image_cache_parent_class)->dispose (object);
}

static void
moderato_image_cache_finalize (GObject *object)
{
  ModeratoImageCache *self = MODERATO_IMAGE_CACHE (object);

  g_queue_clear_full (&self->pending, g_free);
  /* The lru links live inside the entries: nothing to free there. */
  g_queue_init (&self->lru);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_free (self->disk_dir);

  G_OBJECT_CLASS (moderato_image_cache_parent_class)->finalize (object);
}

static void
moderato_image_cache_class_init (ModeratoImageCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = moderato_image_cache_dispose;
  object_class->finalize = moderato_image_cache_finalize;

  /**
   * ModeratoImageCache::image-changed:
   * @url: the image that became ready or failed
   */
  signals[IMAGE_CHANGED] =
    g_signal_new ("image-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
moderato_image_cache_init (ModeratoImageCache *self)
{
  self->cancellable = g_cancellable_new ();
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entry_free);
  self->max_memory = DEFAULT_MAX_MEMORY;
  self->max_entries = DEFAULT_MAX_ENTRIES;
  self->max_disk = DEFAULT_MAX_DISK;
}

ModeratoImageCache *
moderato_image_cache_new (SoupSession *session,
                          const char  *disk_dir)
{
  ModeratoImageCache *self = g_object_new (MODERATO_TYPE_IMAGE_CACHE, NULL);

  moderato_image_cache_set_soup_session (self, session);
  self->disk_dir = g_strdup (disk_dir);

  return self;
}

ModeratoImageCache *
moderato_image_cache_get_default (void)
{
  static ModeratoImageCache *default_cache;

  if (default_cache == NULL)
    {
      g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "moderato", "images", NULL);
      g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);

      /* The application replaces the session with its shared one. */
      default_cache = moderato_image_cache_new (session, dir);
    }

  return default_cache;
}

void
moderato_image_cache_set_soup_session (ModeratoImageCache *self,
                                       SoupSession        *session)
{
  g_return_if_fail (MODERATO_IS_IMAGE_CACHE (self));
  g_return_if_fail (session == NULL || SOUP_IS_SESSION (session));

  g_set_object (&self->session, session);
}

static void
evict (ModeratoImageCache *self)
{
  GList *link = self->lru.tail;

  while (link != NULL &&
         (self->memory_size > self->max_memory ||
          g_hash_table_size (self->entries) > self->max_entries))
    {
      Entry *entry = link->data;
      GList *prev = link->prev;

      /* A running load owns its entry until it completes. */
      if (entry->state != MODERATO_IMAGE_LOADING)
        {
          g_queue_unlink (&self->lru, link);
          self->memory_size -= entry->size;
          g_hash_table_remove (self->entries, entry->url);
        }
      link = prev;
    }
}

void
moderato_image_cache_set_limits (ModeratoImageCache *self,
                                 gsize               max_memory_bytes,
                                 guint               max_entries,
                                 goffset             max_disk_bytes)
{
  g_return_if_fail (MODERATO_IS_IMAGE_CACHE (self));

  self->max_memory = max_memory_bytes;
  self->max_entries = MAX (max_entries, 1);
  self->max_disk = max_disk_bytes;
  evict (self);
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
moderato_image_cache_url_allowed (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url == NULL || strlen (url) > 2048)
    return FALSE;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return FALSE;
  if (g_uri_get_userinfo (uri) != NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") == 0)
    return host_is_loopback (g_uri_get_host (uri));

  return FALSE;
}

static Entry *
lookup_entry (ModeratoImageCache *self,
              const char         *url)
{
  return g_hash_table_lookup (self->entries, url);
}

GdkTexture *
moderato_image_cache_lookup (ModeratoImageCache *self,
                             const char         *url,
                             ModeratoImageState *out_state)
{
  Entry *entry;

  g_return_val_if_fail (MODERATO_IS_IMAGE_CACHE (self), NULL);

  if (out_state != NULL)
    *out_state = MODERATO_IMAGE_NONE;

  if (url == NULL)
    return NULL;

  entry = lookup_entry (self, url);
  if (entry == NULL)
    {
      if (!moderato_image_cache_url_allowed (url))
        return NULL;

      entry = g_new0 (Entry, 1);
      entry->url = g_strdup (url);
      entry->state = MODERATO_IMAGE_LOADING;
      entry->link.data = entry;
      g_hash_table_insert (self->entries, entry->url, entry);
      g_queue_push_head_link (&self->lru, &entry->link);
      evict (self);

      start_fetch (self, url);
    }
  else if (self->lru.head != &entry->link)
    {
      g_queue_unlink (&self->lru, &entry->link);
      g_queue_push_head_link (&self->lru, &entry->link);
    }

  if (out_state != NULL)
    *out_state = entry->state;

  return entry->texture;
}

guint
moderato_image_cache_get_n_entries (ModeratoImageCache *self)
{
  g_return_val_if_fail (MODERATO_IS_IMAGE_CACHE (self), 0);

  return g_hash_table_size (self->entries);
}

gsize
moderato_image_cache_get_memory_size (ModeratoImageCache *self)
{
  g_return_val_if_fail (MODERATO_IS_IMAGE_CACHE (self), 0);

  return self->memory_size;
}

guint
moderato_image_cache_get_n_fetches (ModeratoImageCache *self)
{
  g_return_val_if_fail (MODERATO_IS_IMAGE_CACHE (self), 0);

  return self->n_fetches;
}

/* Header sniffing */

static guint
be16 (const guint8 *p)
{
  return (p[0] << 8) | p[1];
}

static guint
le16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint32
le24 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | ((guint32) p[2] << 16);
}

static gboolean
sniff_jpeg (const guint8 *data,
            gsize         len,
            guint        *width,
            guint        *height)
{
  gsize pos = 2;

  while (pos + 4 <= len)
    {
      guint marker, seg_len;

      if (data[pos] != 0xFF)
        return FALSE;
      marker = data[pos + 1];
      if (marker == 0xFF)
        {
          pos++;
          continue;
        }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
        {
          pos += 2;
          continue;
        }
      seg_len = be16 (data + pos + 2);
      if (seg_len < 2)
        return FALSE;
      if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC)
        {
          if (pos + 9 > len)
            return FALSE;
          *height = be16 (data + pos + 5);
          *width = be16 (data + pos + 7);
          return TRUE;
        }
      pos += 2 + seg_len;
    }

  return FALSE;
}

/* Number of image descriptors in a GIF, or 0 when it is malformed. */
static guint
count_gif_frames (const guint8 *data,
                  gsize         len)
{
  gsize pos = 13;
  guint frames = 0;

  if (data[10] & 0x80)
    pos += 3u * (1u << ((data[10] & 0x07) + 1));

  while (pos < len)
    {
      guint8 block = data[pos];

      if (block == 0x3B)
        return frames;

      if (block == 0x21)
        {
          pos += 2;
        }
      else if (block == 0x2C)
        {
          if (pos + 10 > len)
            return frames;
          frames++;
          if (data[pos + 9] & 0x80)
            pos += 3u * (1u << ((data[pos + 9] & 0x07) + 1));
          pos += 10 + 1;  /* descriptor + LZW minimum code size */
        }
      else
        {
          return frames;
        }

      /* Data sub-blocks up to the zero-length terminator. */
      while (pos < len && data[pos] != 0)
        pos += 1 + data[pos];
      pos++;
    }

  return frames;
}

gboolean
moderato_image_sniff_size (const guint8 *data,
                           gsize         len,
                           guint        *width,
                           guint        *height)
{
  g_return_val_if_fail (width != NULL && height != NULL, FALSE);

  *width = *height = 0;
  if (data == NULL)
    return FALSE;

  if (len >= 24 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0 && memcmp (data + 12, "IHDR", 4) == 0)
    {
      guint32 w = be32 (data + 16), h = be32 (data + 20);

      if (w > G_MAXUINT16 || h > G_MAXUINT16)
        return FALSE;
      *width = w;
      *height = h;
      return TRUE;
    }

  if (len >= 13 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0))
    {
      *width = le16 (data + 6);
      *height = le16 (data + 8);
      return TRUE;
    }

  if (len >= 4 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    return sniff_jpeg (data, len, width, height);

  if (len >= 30 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    {
      if (memcmp (data + 12, "VP8 ", 4) == 0)
        {
          *width = le16 (data + 26) & 0x3FFF;
          *height = le16 (data + 28) & 0x3FFF;
          return TRUE;
        }
      if (memcmp (data + 12, "VP8L", 4) == 0 && data[20] == 0x2F)
        {
          *width = 1 + (data[21] | ((data[22] & 0x3F) << 8));
          *height = 1 + ((data[22] >> 6) | (data[23] << 2) | ((data[24] & 0x0F) << 10));
          return TRUE;
        }
      if (memcmp (data + 12, "VP8X", 4) == 0)
        {
          *width = 1 + le24 (data + 24);
          *height = 1 + le24 (data + 27);
          return TRUE;
        }
    }

  return FALSE;
}

static GdkTexture *
decode (GBytes  *bytes,
        GError **error)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  guint width, height;
  guint64 decoded;

  if (len == 0 || len > MODERATO_IMAGE_CACHE_MAX_IMAGE_BYTES)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "empty or too large");
      return NULL;
    }

  if (!moderato_image_sniff_size (data, len, &width, &height) ||
      width == 0 || height == 0 ||
      width > MODERATO_IMAGE_CACHE_MAX_DIMENSION || height > MODERATO_IMAGE_CACHE_MAX_DIMENSION)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "unknown image format or image too large");
      return NULL;
    }

  decoded = (guint64) width * height * 4;
  if (len >= 6 && memcmp (data, "GIF", 3) == 0)
    decoded *= MAX (count_gif_frames (data, len), 1);
  if (decoded > MAX_DECODED_BYTES)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "too many frames");
      return NULL;
    }

  return gdk_texture_new_from_bytes (bytes, error);
}

/* Loading */

typedef struct {
  ModeratoImageCache *cache;
  char               *url;
  GByteArray         *buffer;
  GInputStream       *stream;
} Load;

static void
load_free (Load *load)
{
  g_clear_object (&load->cache);
  g_free (load->url);
  g_clear_pointer (&load->buffer, g_byte_array_unref);
  g_clear_object (&load->stream);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Load, load_free)

static char *
disk_path (ModeratoImageCache *self,
           const char         *url)
{
  g_autofree char *name = NULL;

  if (self->disk_dir == NULL)
    return NULL;

  name = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url, -1);
  return g_build_filename (self->disk_dir, name, NULL);
}

static int
compare_mtime (gconstpointer a,
               gconstpointer b)
{
  guint64 ta = g_file_info_get_attribute_uint64 (*(GFileInfo **) a, G_FILE_ATTRIBUTE_TIME_MODIFIED);
  guint64 tb = g_file_info_get_attribute_uint64 (*(GFileInfo **) b, G_FILE_ATTRIBUTE_TIME_MODIFIED);

  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

static void
prune_disk_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  const char *dir_path = g_object_get_data (G_OBJECT (task), "dir");
  goffset budget = *(goffset *) task_data;
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func (g_object_unref);
  goffset total = 0;
  GFileInfo *info;

  enumerator = g_file_enumerate_children (dir,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                          G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                          cancellable, NULL);
  if (enumerator == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  while ((info = g_file_enumerator_next_file (enumerator, cancellable, NULL)) != NULL)
    {
      total += g_file_info_get_size (info);
      g_ptr_array_add (infos, info);
    }

  /* Oldest first. */
  g_ptr_array_sort (infos, compare_mtime);
  for (guint i = 0; i < infos->len && total > budget; i++)
    {
      GFileInfo *oldest = g_ptr_array_index (infos, i);
      g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (oldest));

      total -= g_file_info_get_size (oldest);
      g_file_delete (child, cancellable, NULL);
    }

  g_task_return_boolean (task, TRUE);
}

static void
prune_disk (ModeratoImageCache *self)
{
  g_autoptr(GTask) task = NULL;
  goffset *budget;

  if (self->disk_dir == NULL || self->disk_pruned)
    return;
  self->disk_pruned = TRUE;

  task = g_task_new (self, self->cancellable, NULL, NULL);
  g_task_set_source_tag (task, prune_disk);
  budget = g_new (goffset, 1);
  *budget = self->max_disk;
  g_task_set_task_data (task, budget, g_free);
  g_object_set_data_full (G_OBJECT (task), "dir", g_strdup (self->disk_dir), g_free);
  g_task_run_in_thread (task, prune_disk_thread);
}

static void
finish_entry (ModeratoImageCache *self,
              const char         *url,
              GdkTexture         *texture)
{
  Entry *entry = lookup_entry (self, url);

  if (entry == NULL)
    return;

  if (texture != NULL)
    {
      entry->state = MODERATO_IMAGE_READY;
      entry->texture = g_object_ref (texture);
      entry->size = (gsize) gdk_texture_get_width (texture) * gdk_texture_get_height (texture) * 4;
      self->memory_size += entry->size;
    }
  else
    {
      entry->state = MODERATO_IMAGE_FAILED;
    }

  g_signal_emit (self, signals[IMAGE_CHANGED], 0, url);
  evict (self);
}

static void
run_next_pending (ModeratoImageCache *self)
{
  while (self->n_running < MAX_PARALLEL_FETCHES && !g_queue_is_empty (&self->pending))
    {
      g_autofree char *url = g_queue_pop_head (&self->pending);

      start_fetch (self, url);
    }
}

static void
disk_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not write the image cache: %s", error->message);
}

static void
store_on_disk (ModeratoImageCache *self,
               const char         *url,
               GBytes             *bytes)
{
  g_autofree char *path = disk_path (self, url);
  g_autoptr(GFile) file = NULL;

  if (path == NULL)
    return;

  if (g_mkdir_with_parents (self->disk_dir, 0700) != 0)
    return;

  file = g_file_new_for_path (path);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable, disk_written_cb, NULL);
  prune_disk (self);
}

static void
network_done (Load       *load,
              GBytes     *bytes,
              const char *failure)
{
  ModeratoImageCache *self = load->cache;
  g_autoptr(GdkTexture) texture = NULL;

  self->n_running--;

  if (bytes != NULL)
    {
      g_autoptr(GError) error = NULL;

      texture = decode (bytes, &error);
      if (texture == NULL)
        g_debug ("Image %s could not be decoded: %s", load->url, error->message);
      else
        store_on_disk (self, load->url, bytes);
    }
  else if (failure != NULL)
    {
      g_debug ("Image %s could not be loaded: %s", load->url, failure);
    }

  finish_entry (self, load->url, texture);
  run_next_pending (self);
}

static void read_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data);

static void
read_more (Load *load)
{
  GInputStream *stream = load->stream;
  GCancellable *cancellable = load->cache->cancellable;

  g_input_stream_read_bytes_async (stream, READ_CHUNK, G_PRIORITY_LOW, cancellable, read_cb, load);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        load->cache->n_running--;
      else
        network_done (load, NULL, error->message);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_autoptr(GBytes) bytes = g_byte_array_free_to_bytes (g_steal_pointer (&load->buffer));

      network_done (load, bytes, NULL);
      return;
    }

  if (load->buffer->len + g_bytes_get_size (chunk) > MODERATO_IMAGE_CACHE_MAX_IMAGE_BYTES)
    {
      network_done (load, NULL, "larger than the limit");
      return;
    }

  g_byte_array_append (load->buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_more (g_steal_pointer (&load));
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  g_autoptr(GError) error = NULL;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  goffset length;

  load->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (load->stream == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        load->cache->n_running--;
      else
        network_done (load, NULL, error->message);
      return;
    }

  if (soup_message_get_status (message) != SOUP_STATUS_OK)
    {
      network_done (load, NULL, "unexpected HTTP status");
      return;
    }

  length = soup_message_headers_get_content_length (soup_message_get_response_headers (message));
  if (length > MODERATO_IMAGE_CACHE_MAX_IMAGE_BYTES)
    {
      network_done (load, NULL, "larger than the limit");
      return;
    }

  load->buffer = g_byte_array_new ();
  read_more (g_steal_pointer (&load));
}

static void
fetch_from_network (Load *load_in)
{
  g_autoptr(Load) load = load_in;
  ModeratoImageCache *self = load->cache;
  g_autoptr(SoupMessage) message = NULL;

  if (self->session == NULL)
    {
      network_done (load, NULL, "no session");
      return;
    }

  message = soup_message_new (SOUP_METHOD_GET, load->url);
  if (message == NULL)
    {
      network_done (load, NULL, "invalid URL");
      return;
    }

  self->n_fetches++;
  soup_session_send_async (self->session, message, G_PRIORITY_LOW, self->cancellable,
                           send_cb, g_steal_pointer (&load));
}

static void
disk_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          load->cache->n_running--;
          return;
        }
      fetch_from_network (g_steal_pointer (&load));
      return;
    }

  if (length > 0 && length <= MODERATO_IMAGE_CACHE_MAX_IMAGE_BYTES)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
      g_autoptr(GdkTexture) texture = decode (bytes, NULL);

      if (texture != NULL)
        {
          ModeratoImageCache *self = load->cache;

          self->n_running--;
          finish_entry (self, load->url, texture);
          run_next_pending (self);
          return;
        }
    }

  /* A bad disk copy: fetch it again (the write replaces it). */
  fetch_from_network (g_steal_pointer (&load));
}

static void
start_fetch (ModeratoImageCache *self,
             const char         *url)
{
  g_autofree char *path = NULL;
  Load *load;

  if (self->n_running >= MAX_PARALLEL_FETCHES)
    {
      g_queue_push_tail (&self->pending, g_strdup (url));
      return;
    }

  self->n_running++;

  load = g_new0 (Load, 1);
  load->cache = g_object_ref (self);
  load->url = g_strdup (url);

  path = disk_path (self, url);
  if (path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);

      g_file_load_contents_async (file, self->cancellable, disk_read_cb, load);
    }
  else
    {
      fetch_from_network (load);
    }
}
