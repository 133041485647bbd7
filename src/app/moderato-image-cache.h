/* moderato-image-cache.h — badge and emote images: fetched once, bounded, cached on disk
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk/gdk.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A downloaded image may not be larger than this. */
#define MODERATO_IMAGE_CACHE_MAX_IMAGE_BYTES (512 * 1024)
/* Nor wider or taller than this (checked before decoding). */
#define MODERATO_IMAGE_CACHE_MAX_DIMENSION   1024

typedef enum {
  MODERATO_IMAGE_NONE,       /* not allowed or never asked for */
  MODERATO_IMAGE_LOADING,
  MODERATO_IMAGE_READY,
  MODERATO_IMAGE_FAILED,     /* the caller shows its text fallback */
} ModeratoImageState;

#define MODERATO_TYPE_IMAGE_CACHE (moderato_image_cache_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoImageCache, moderato_image_cache, MODERATO, IMAGE_CACHE, GObject)

/* @session (nullable): shared with the chat api. @disk_dir (nullable): no disk cache when NULL. */
ModeratoImageCache *moderato_image_cache_new              (SoupSession        *session,
                                                           const char         *disk_dir) G_GNUC_WARN_UNUSED_RESULT;
/* The process-wide cache, with its disk part in g_get_user_cache_dir()/moderato/images;
 * the application gives it its shared SoupSession. */
ModeratoImageCache *moderato_image_cache_get_default      (void);

void                moderato_image_cache_set_soup_session (ModeratoImageCache *self,
                                                           SoupSession        *session);
/* Memory budget (decoded bytes) and entry count; disk budget in bytes. */
void                moderato_image_cache_set_limits       (ModeratoImageCache *self,
                                                           gsize               max_memory_bytes,
                                                           guint               max_entries,
                                                           goffset             max_disk_bytes);

/* Whether @url may be fetched: https, or http on a loopback host; no user info. */
gboolean            moderato_image_cache_url_allowed      (const char         *url);

/* Returns the texture (borrowed; ref it to keep it) when ready. Otherwise starts loading
 * it (once) and returns NULL; "image-changed" is emitted with the URL when it is ready or
 * has failed. @out_state (optional) tells which. */
GdkTexture         *moderato_image_cache_lookup           (ModeratoImageCache *self,
                                                           const char         *url,
                                                           ModeratoImageState *out_state);

/* For tests. */
guint               moderato_image_cache_get_n_entries    (ModeratoImageCache *self);
gsize               moderato_image_cache_get_memory_size  (ModeratoImageCache *self);
guint               moderato_image_cache_get_n_fetches    (ModeratoImageCache *self);

/* Width and height from the header of a PNG, GIF, JPEG or WebP, without decoding. */
gboolean            moderato_image_sniff_size             (const guint8       *data,
                                                           gsize               len,
                                                           guint              *width,
                                                           guint              *height);

G_END_DECLS
