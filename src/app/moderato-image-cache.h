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
/* Downloads at the same time; the others wait, most recently asked for first. */
#define MODERATO_IMAGE_CACHE_MAX_DOWNLOADS   4
/* A download (every redirect, the headers and the whole body) gets this long. */
#define MODERATO_IMAGE_CACHE_DEADLINE_MS     15000
/* Redirects followed per download, each checked against the URL policy. */
#define MODERATO_IMAGE_CACHE_MAX_REDIRECTS   3

typedef enum {
  MODERATO_IMAGE_NONE,       /* not allowed or never asked for */
  MODERATO_IMAGE_LOADING,
  MODERATO_IMAGE_READY,
  MODERATO_IMAGE_FAILED,     /* the caller shows its text fallback */
} ModeratoImageState;

#define MODERATO_TYPE_IMAGE_CACHE (moderato_image_cache_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoImageCache, moderato_image_cache, MODERATO, IMAGE_CACHE, GObject)

/* @disk_dir (nullable): no disk cache when NULL. The cache downloads over its own
 * SoupSession, so the chat and moderation requests never wait behind an image. */
ModeratoImageCache *moderato_image_cache_new              (const char         *disk_dir)
                                                          G_GNUC_WARN_UNUSED_RESULT;
/* The process-wide cache, with its disk part in g_get_user_cache_dir()/moderato/images. */
ModeratoImageCache *moderato_image_cache_get_default      (void);

/* Plain http to a loopback host: only for the demo and the fake server, never for
 * addresses from real chat data. FALSE by default. */
gboolean            moderato_image_cache_get_allow_loopback_http (ModeratoImageCache *self);
void                moderato_image_cache_set_allow_loopback_http (ModeratoImageCache *self,
                                                                  gboolean            allow);
/* Memory budget (decoded bytes) and entry count; disk budget in bytes. */
void                moderato_image_cache_set_limits       (ModeratoImageCache *self,
                                                           gsize               max_memory_bytes,
                                                           guint               max_entries,
                                                           goffset             max_disk_bytes);

/* Whether @url may be fetched: rumble_url_policy_check () with this cache's flags. */
gboolean            moderato_image_cache_url_allowed      (ModeratoImageCache *self,
                                                           const char         *url);

/* Returns the texture (borrowed; ref it to keep it) when ready. Otherwise starts loading
 * it (once) and returns NULL; "image-changed" is emitted with the URL when it is ready or
 * has failed. @out_state (optional) tells which. */
GdkTexture         *moderato_image_cache_lookup           (ModeratoImageCache *self,
                                                           const char         *url,
                                                           ModeratoImageState *out_state);

/* For tests. */
guint               moderato_image_cache_get_n_entries    (ModeratoImageCache *self);
guint               moderato_image_cache_get_n_fetches    (ModeratoImageCache *self);
/* Shortens MODERATO_IMAGE_CACHE_DEADLINE_MS for downloads started afterwards; 0 restores it. */
void                moderato_image_cache_set_deadline_for_testing (ModeratoImageCache *self,
                                                                   guint               deadline_ms);

/* Width and height from the header of a PNG, GIF, JPEG or WebP, without decoding. */
gboolean            moderato_image_sniff_size             (const guint8       *data,
                                                           gsize               len,
                                                           guint              *width,
                                                           guint              *height);

G_END_DECLS
