/* rumble-emotes.h — a chat's native emote catalogue, and finding `:name:` tokens in text
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Bounds on what a catalogue may hold (PROTOCOL.md §14.5). */
#define RUMBLE_EMOTES_MAX_GROUPS     64
#define RUMBLE_EMOTES_MAX_EMOTES     4096
#define RUMBLE_EMOTES_MAX_NAME_LEN   64
#define RUMBLE_EMOTES_MAX_URL_LEN    2048
/* At most this many emotes are recognised in one text; the rest stays text. */
#define RUMBLE_EMOTES_MAX_SPANS      256

/* One emote: immutable once made. */
#define RUMBLE_TYPE_EMOTE (rumble_emote_get_type ())
G_DECLARE_FINAL_TYPE (RumbleEmote, rumble_emote, RUMBLE, EMOTE, GObject)

/* The name without colons: "r+smile" (global) or "cedarWave" (channel). */
const char   *rumble_emote_get_name         (RumbleEmote  *self);
/* The image URL: https (or http on loopback), never anything else. */
const char   *rumble_emote_get_url          (RumbleEmote  *self);
/* The group's id as a string. */
const char   *rumble_emote_get_group_id     (RumbleEmote  *self);
/* The channel the group belongs to, or NULL for Rumble's global emotes. */
const char   *rumble_emote_get_channel_id   (RumbleEmote  *self);
gboolean      rumble_emote_get_subs_only    (RumbleEmote  *self);
guint         rumble_emote_get_position     (RumbleEmote  *self);
/* ":name:", what a message carries and what to send. */
char         *rumble_emote_dup_token        (RumbleEmote  *self) G_GNUC_WARN_UNUSED_RESULT;

/* The catalogue: a GListModel of RumbleEmote, in the catalogue's order (groups as
 * served, each group's emotes by position). Each load replaces the whole list with
 * one items-changed. */
#define RUMBLE_TYPE_EMOTES (rumble_emotes_get_type ())
G_DECLARE_FINAL_TYPE (RumbleEmotes, rumble_emotes, RUMBLE, EMOTES, GObject)

RumbleEmotes *rumble_emotes_new             (void) G_GNUC_WARN_UNUSED_RESULT;

/* The chat whose catalogue this is (decimal), or NULL when none is loaded. */
const char   *rumble_emotes_get_stream_id   (RumbleEmotes *self);

/* Replaces the catalogue with the one in @json, the body of an `emote.list` reply.
 * Entries that break the rules (bad name, URL or type) are skipped; past the bounds
 * the rest is ignored. On error (not JSON, no data.items) the old catalogue stays. */
gboolean      rumble_emotes_load_from_data  (RumbleEmotes *self,
                                             const char   *stream_id_b10,
                                             const char   *json,
                                             gssize        len,
                                             GError      **error);
void          rumble_emotes_clear           (RumbleEmotes *self);

/* GET {site}/service.php?name=emote.list&chat_id=@stream_id_b10 and load it. Fetching
 * for another stream empties the catalogue at once; a failed fetch for the same stream
 * keeps what was there. A newer fetch supersedes an older one (which then fails with
 * G_IO_ERROR_CANCELLED). */
void          rumble_emotes_fetch_async     (RumbleEmotes        *self,
                                             SoupSession         *session,
                                             const char          *site_url,
                                             const char          *stream_id_b10,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean      rumble_emotes_fetch_finish    (RumbleEmotes        *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* The emote called exactly (case-sensitively) @name, without colons; NULL if none. */
RumbleEmote  *rumble_emotes_lookup          (RumbleEmotes *self,
                                             const char   *name);
/* The same for a name that is not NUL-terminated. */
RumbleEmote  *rumble_emotes_lookup_len      (RumbleEmotes *self,
                                             const char   *name,
                                             gsize         len);
/* Every name, in catalogue order (for completion). Free with g_strfreev(). */
char        **rumble_emotes_dup_names       (RumbleEmotes *self) G_GNUC_WARN_UNUSED_RESULT;

/**
 * RumbleEmoteSpan:
 * @start: byte offset of the opening ':'
 * @end: byte offset just past the closing ':'
 * @url: the emote's image URL
 * @emote: the emote
 *
 * One `:name:` token of a text. @url and @emote belong to the catalogue: they stay
 * valid until it next changes (take a reference on @emote to keep it longer).
 */
typedef struct {
  gsize        start;
  gsize        end;
  const char  *url;
  RumbleEmote *emote;
} RumbleEmoteSpan;

/* The emote tokens of @text (@len -1: NUL-terminated), in order, as an array of
 * RumbleEmoteSpan; whatever lies between them is plain text. Only exact `:name:` of a
 * catalogue name counts; at most RUMBLE_EMOTES_MAX_SPANS. Never NULL. */
GArray       *rumble_emotes_find_spans      (RumbleEmotes *self,
                                             const char   *text,
                                             gssize        len) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
