/* moderato-image-cache.c — badge and emote images: fetched once, bounded, cached on disk
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One entry per URL, in an LRU list bounded by decoded bytes and by count. A load reads the
 * disk copy first, else fetches with a byte cap, checks the image's size in its header
 * before decoding, and writes the disk copy (the disk directory is pruned, oldest first, to
 * its budget). Failures are remembered so a missing icon is not fetched again and again.
 *
 * Image servers are named by chat data, so they are untrusted: downloads use a SoupSession
 * of their own (a stalled image server never holds a connection the chat needs), at most
 * MODERATO_IMAGE_CACHE_MAX_DOWNLOADS at a time, each with one deadline for its redirects,
 * headers and body, and every redirect is followed by hand after the URL policy allowed it.
 */
#define G_LOG_DOMAIN "moderato-image-cache"

#include "config.h"

#include <string.h>

#include "moderato-image-cache.h"
#include "rumble-url-policy.h"

#define DEFAULT_MAX_MEMORY   (24 * 1024 * 1024)
#define DEFAULT_MAX_ENTRIES  1024
#define DEFAULT_MAX_DISK     (64 * 1024 * 1024)
#define READ_CHUNK           (64 * 1024)
/* Animated GIFs: every frame gets decoded, so bound frames × area as well. */
#define MAX_DECODED_BYTES    (48 * 1024 * 1024)

typedef struct {
  char               *url;
  ModeratoImageState  state;
  GdkTexture         *texture;
  gsize               size;    /* decoded bytes, counted in the memory budget */
  gboolean            queued;  /* LOADING, waiting for a download slot */
  GList               link;    /* in lru; data = this entry */
} Entry;

struct _ModeratoImageCache
{
  GObject       parent_instance;

  SoupSession  *session;       /* ours alone */
  char         *disk_dir;
  GCancellable *cancellable;

  GHashTable   *entries;       /* url -> Entry, owns */
  GQueue        lru;           /* most recent at head */
  gsize         memory_size;
  gsize         max_memory;
  guint         max_entries;
  goffset       max_disk;

  guint         n_queued;      /* entries waiting for a slot */
  guint         n_running;
  guint         n_fetches;
  guint         deadline_ms;
  gboolean      allow_loopback_http;
  gboolean      disk_pruned;
};

enum {
  PROP_0,
  PROP_ALLOW_LOOPBACK_HTTP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  IMAGE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ModeratoImageCache, moderato_image_cache, G_TYPE_OBJECT)

static void start_load (ModeratoImageCache *self,
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

  /* The lru links live inside the entries: nothing to free there. */
  g_queue_init (&self->lru);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_free (self->disk_dir);

  G_OBJECT_CLASS (moderato_image_cache_parent_class)->finalize (object);
}

static void
moderato_image_cache_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ModeratoImageCache *self = MODERATO_IMAGE_CACHE (object);

  switch (prop_id)
    {
    case PROP_ALLOW_LOOPBACK_HTTP:
      g_value_set_boolean (value, self->allow_loopback_http);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_image_cache_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  ModeratoImageCache *self = MODERATO_IMAGE_CACHE (object);

  switch (prop_id)
    {
    case PROP_ALLOW_LOOPBACK_HTTP:
      moderato_image_cache_set_allow_loopback_http (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_image_cache_class_init (ModeratoImageCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = moderato_image_cache_dispose;
  object_class->finalize = moderato_image_cache_finalize;
  object_class->get_property = moderato_image_cache_get_property;
  object_class->set_property = moderato_image_cache_set_property;

  /**
   * ModeratoImageCache:allow-loopback-http:
   *
   * Whether plain http to a loopback host may be fetched (the demo, the fake server).
   */
  properties[PROP_ALLOW_LOOPBACK_HTTP] =
    g_param_spec_boolean ("allow-loopback-http", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

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
  self->deadline_ms = MODERATO_IMAGE_CACHE_DEADLINE_MS;
  /* As many connections as downloads, so libsoup never queues one behind a stalled one;
   * the deadline is ours (the session's I/O timeout would not bound a slow drip). */
  self->session = soup_session_new_with_options ("max-conns",
                                                 MODERATO_IMAGE_CACHE_MAX_DOWNLOADS,
                                                 "max-conns-per-host",
                                                 MODERATO_IMAGE_CACHE_MAX_DOWNLOADS,
                                                 "user-agent", "Moderato/" PACKAGE_VERSION " ",
                                                 NULL);
}

ModeratoImageCache *
moderato_image_cache_new (const char *disk_dir)
{
  ModeratoImageCache *self = g_object_new (MODERATO_TYPE_IMAGE_CACHE, NULL);

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

      default_cache = moderato_image_cache_new (dir);
    }

  return default_cache;
}

gboolean
moderato_image_cache_get_allow_loopback_http (ModeratoImageCache *self)
{
  g_return_val_if_fail (MODERATO_IS_IMAGE_CACHE (self), FALSE);

  return self->allow_loopback_http;
}

void
moderato_image_cache_set_allow_loopback_http (ModeratoImageCache *self,
                                              gboolean            allow)
{
  g_return_if_fail (MODERATO_IS_IMAGE_CACHE (self));

  allow = !!allow;
  if (self->allow_loopback_http == allow)
    return;

  self->allow_loopback_http = allow;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOW_LOOPBACK_HTTP]);
}

void
moderato_image_cache_set_deadline_for_testing (ModeratoImageCache *self,
                                               guint               deadline_ms)
{
  g_return_if_fail (MODERATO_IS_IMAGE_CACHE (self));

  self->deadline_ms = deadline_ms > 0 ? deadline_ms : MODERATO_IMAGE_CACHE_DEADLINE_MS;
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

static RumbleUrlPolicyFlags
policy_flags (ModeratoImageCache *self)
{
  return self->allow_loopback_http ? RUMBLE_URL_POLICY_ALLOW_LOOPBACK_HTTP : RUMBLE_URL_POLICY_NONE;
}

gboolean
moderato_image_cache_url_allowed (ModeratoImageCache *self,
                                  const char         *url)
{
  g_return_val_if_fail (MODERATO_IS_IMAGE_CACHE (self), FALSE);

  return rumble_url_policy_check (url, policy_flags (self), NULL);
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
      if (!moderato_image_cache_url_allowed (self, url))
        return NULL;

      entry = g_new0 (Entry, 1);
      entry->url = g_strdup (url);
      entry->state = MODERATO_IMAGE_LOADING;
      entry->link.data = entry;
      g_hash_table_insert (self->entries, entry->url, entry);
      g_queue_push_head_link (&self->lru, &entry->link);
      evict (self);

      if (self->n_running < MODERATO_IMAGE_CACHE_MAX_DOWNLOADS)
        {
          start_load (self, url);
        }
      else
        {
          entry->queued = TRUE;
          self->n_queued++;
        }
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
  char               *url;           /* the entry's key */
  GUri               *uri;           /* the address of the current hop */
  guint               redirects;
  GCancellable       *cancellable;   /* cancelled by the cache's dispose or the deadline */
  gulong              cancel_id;
  guint               deadline_id;
  gboolean            timed_out;
  GByteArray         *buffer;
  GInputStream       *stream;
} Load;

static void
load_free (Load *load)
{
  g_clear_handle_id (&load->deadline_id, g_source_remove);
  g_cancellable_disconnect (load->cache->cancellable, load->cancel_id);
  g_clear_object (&load->cancellable);
  g_clear_object (&load->cache);
  g_free (load->url);
  g_clear_pointer (&load->uri, g_uri_unref);
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

/* Queued entries start most recently asked for first: what is on screen now. */
static void
run_next_pending (ModeratoImageCache *self)
{
  while (self->n_queued > 0 && self->n_running < MODERATO_IMAGE_CACHE_MAX_DOWNLOADS)
    {
      Entry *next = NULL;

      for (GList *link = self->lru.head; link != NULL && next == NULL; link = link->next)
        if (((Entry *) link->data)->queued)
          next = link->data;

      g_assert (next != NULL);
      next->queued = FALSE;
      self->n_queued--;
      start_load (self, next->url);
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
  g_clear_handle_id (&load->deadline_id, g_source_remove);

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

/* A failed read or send: the deadline's cancellation is a failure like any other; the
 * cache's own (dispose) ends the load quietly. */
static void
network_failed (Load   *load,
                GError *error)
{
  if (load->timed_out)
    network_done (load, NULL, "no complete answer before the deadline");
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    load->cache->n_running--;
  else
    network_done (load, NULL, error->message);
}

static void read_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data);

static void
read_more (Load *load)
{
  g_input_stream_read_bytes_async (load->stream, READ_CHUNK, G_PRIORITY_LOW, load->cancellable,
                                   read_cb, load);
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
      network_failed (load, error);
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

static void send_hop (Load *load);

/* Follows a redirect by hand, so that the policy sees every hop. */
static void
follow_redirect (Load        *load_in,
                 SoupMessage *message)
{
  g_autoptr(Load) load = load_in;
  const char *location;
  g_autoptr(GUri) next = NULL;
  g_autoptr(GError) error = NULL;

  location = soup_message_headers_get_one (soup_message_get_response_headers (message), "Location");
  if (location != NULL)
    next = g_uri_parse_relative (load->uri, location, G_URI_FLAGS_NONE, NULL);
  if (next == NULL)
    {
      network_done (load, NULL, "a redirect without a valid address");
      return;
    }
  if (++load->redirects > MODERATO_IMAGE_CACHE_MAX_REDIRECTS)
    {
      network_done (load, NULL, "too many redirects");
      return;
    }
  if (!rumble_url_policy_check_redirect (load->uri, next, policy_flags (load->cache), &error))
    {
      network_done (load, NULL, error->message);
      return;
    }

  /* The redirect's own body is not read: dropping the stream closes its connection. */
  g_clear_object (&load->stream);
  g_clear_pointer (&load->uri, g_uri_unref);
  load->uri = g_steal_pointer (&next);
  send_hop (g_steal_pointer (&load));
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  g_autoptr(GError) error = NULL;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  guint status;
  goffset length;

  load->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (load->stream == NULL)
    {
      network_failed (load, error);
      return;
    }

  status = soup_message_get_status (message);
  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      follow_redirect (g_steal_pointer (&load), message);
      return;
    }

  if (status != SOUP_STATUS_OK)
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
send_hop (Load *load)
{
  g_autoptr(SoupMessage) message = soup_message_new_from_uri (SOUP_METHOD_GET, load->uri);

  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_async (load->cache->session, message, G_PRIORITY_LOW, load->cancellable,
                           send_cb, load);
}

static void
on_deadline (gpointer user_data)
{
  Load *load = user_data;

  load->deadline_id = 0;
  load->timed_out = TRUE;
  g_cancellable_cancel (load->cancellable);
}

static void
fetch_from_network (Load *load_in)
{
  g_autoptr(Load) load = load_in;
  ModeratoImageCache *self = load->cache;

  /* The cache was disposed (its session is gone). */
  if (g_cancellable_is_cancelled (load->cancellable))
    {
      self->n_running--;
      return;
    }

  /* The entry was allowed when it was made; the flags may have changed since. */
  load->uri = g_uri_parse (load->url, G_URI_FLAGS_NONE, NULL);
  if (load->uri == NULL || !rumble_url_policy_check_uri (load->uri, policy_flags (self), NULL))
    {
      network_done (load, NULL, "address not allowed");
      return;
    }

  /* One deadline for every hop, the headers and the whole body. */
  load->deadline_id = g_timeout_add_once (self->deadline_ms, on_deadline, load);
  self->n_fetches++;
  send_hop (g_steal_pointer (&load));
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
fetch_from_network_idle (gpointer load)
{
  fetch_from_network (load);
}

static void
cancel_load (GCancellable *cache_cancellable,
             gpointer      load_cancellable)
{
  g_cancellable_cancel (load_cancellable);
}

/* Takes a download slot; the result always arrives from the main loop. */
static void
start_load (ModeratoImageCache *self,
            const char         *url)
{
  g_autofree char *path = disk_path (self, url);
  Load *load;

  self->n_running++;

  load = g_new0 (Load, 1);
  load->cache = g_object_ref (self);
  load->url = g_strdup (url);
  load->cancellable = g_cancellable_new ();
  load->cancel_id = g_cancellable_connect (self->cancellable, G_CALLBACK (cancel_load),
                                           load->cancellable, NULL);

  if (path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);

      g_file_load_contents_async (file, load->cancellable, disk_read_cb, load);
    }
  else
    {
      /* Through an idle, so that the caller's entry cannot change under it. */
      g_idle_add_once (fetch_from_network_idle, load);
    }
}
