/* rumble-locator.h — from whatever a user pastes to the decimal chat id
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define RUMBLE_LOCATOR_DEFAULT_SITE_URL "https://rumble.com"

/**
 * RumbleLocatorKind:
 * @RUMBLE_LOCATOR_KIND_INVALID: not something we can resolve
 * @RUMBLE_LOCATOR_KIND_ID: a chat id, decimal or base 36 (has a letter)
 * @RUMBLE_LOCATOR_KIND_POPUP: a chat popup URL, `/chat/popup/ID`
 * @RUMBLE_LOCATOR_KIND_EMBED: an embed URL, `/embed/vXXXX/`: needs embedJS
 * @RUMBLE_LOCATOR_KIND_VIDEO: a video page, `/vXXXX-title.html`: needs the page, then embedJS
 * @RUMBLE_LOCATOR_KIND_CHANNEL: a channel, `/c/NAME` or `/user/NAME`: needs its live page,
 *   then embedJS
 *
 * What rumble_locator_classify() recognised.
 */
typedef enum {
  RUMBLE_LOCATOR_KIND_INVALID,
  RUMBLE_LOCATOR_KIND_ID,
  RUMBLE_LOCATOR_KIND_POPUP,
  RUMBLE_LOCATOR_KIND_EMBED,
  RUMBLE_LOCATOR_KIND_VIDEO,
  RUMBLE_LOCATOR_KIND_CHANNEL,
} RumbleLocatorKind;

/* Pure. Recognises @input (surrounding whitespace allowed; a URL may omit "https://")
 * and returns what it needs:
 *   ID, POPUP  → the decimal chat id
 *   EMBED      → the embed id, "v5abcde"
 *   VIDEO      → the page path below the site, "v6xyz12-some-title.html"
 *   CHANNEL    → "c/NAME" or "user/NAME" (as pasted, still percent-encoded)
 * INVALID sets @error (RUMBLE_ERROR_INVALID_INPUT) with a sentence saying what to paste. */
RumbleLocatorKind rumble_locator_classify       (const char           *input,
                                                 char                **out_value,
                                                 GError              **error);

/* Pure: TRUE and the decimal chat id for the inputs that need no network (ids and popup
 * URLs). FALSE with RUMBLE_ERROR_INVALID_INPUT otherwise; for a link that only the site
 * can resolve, the message says so. */
gboolean          rumble_locator_parse_local    (const char           *input,
                                                 char                **out_stream_id_b10,
                                                 GError              **error);

/* Whether @input is well-formed but must be resolved with rumble_locator_resolve_async(). */
gboolean          rumble_locator_needs_network  (const char           *input);

/* Resolves any locator to the decimal chat id. @site_url is the rumble.com to ask (NULL
 * for RUMBLE_LOCATOR_DEFAULT_SITE_URL; tests pass the fake server); pasted rumble.com
 * links are resolved against it. Each request has a 20 s deadline and a bounded body.
 * Errors: RUMBLE_ERROR_INVALID_INPUT, _NOT_FOUND (unknown video or channel, or a channel
 * that is not live), _NETWORK, _HTTP, _PROTOCOL, _TOO_LARGE, or G_IO_ERROR_CANCELLED. */
void              rumble_locator_resolve_async  (SoupSession          *session,
                                                 const char           *site_url,
                                                 const char           *input,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
char             *rumble_locator_resolve_finish (GAsyncResult         *result,
                                                 GError              **error)
  G_GNUC_WARN_UNUSED_RESULT;

/* Longest title and channel name kept (bytes). */
#define RUMBLE_STREAM_TITLE_MAX 300

/* What a resolution learnt about the stream, beside its id. Title and channel name are
 * plain text (valid UTF-8, no control or reordering characters, at most
 * RUMBLE_STREAM_TITLE_MAX bytes) or NULL when the site did not say: an id or popup link
 * never has them; embedJS gives `title` and `author.name`, a video page its `og:title`. */
typedef struct {
  char *stream_id_b10;
  char *title;
  char *channel_name;
} RumbleStreamInfo;

void              rumble_stream_info_free       (RumbleStreamInfo     *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RumbleStreamInfo, rumble_stream_info_free)

/* Like rumble_locator_resolve_finish(), with the title and channel when known. */
RumbleStreamInfo *rumble_locator_resolve_info_finish (GAsyncResult   *result,
                                                      GError        **error)
  G_GNUC_WARN_UNUSED_RESULT;

/* Pure helpers, exposed for tests and fuzzing. */

/* The first embed id ("v…") referenced in @page (plain, JSON-escaped or
 * percent-encoded `/embed/v…`), or NULL. */
char             *rumble_locator_find_embed_id  (const char           *page,
                                                 gsize                 len)
  G_GNUC_WARN_UNUSED_RESULT;
/* The positive integer `vid` of an embedJS reply, as a decimal string; NULL with
 * RUMBLE_ERROR_NOT_FOUND when it has none, RUMBLE_ERROR_PROTOCOL when it is not JSON. */
char             *rumble_locator_parse_embed_js (const char           *json,
                                                 gsize                 len,
                                                 GError              **error)
  G_GNUC_WARN_UNUSED_RESULT;
/* The same reply's id, `title` and `author.name`; errors as above. */
RumbleStreamInfo *rumble_locator_parse_embed_js_info (const char      *json,
                                                      gsize            len,
                                                      GError         **error)
  G_GNUC_WARN_UNUSED_RESULT;
/* The `content` of the page's first `<meta property="og:title" …>` (either attribute
 * order, either quote), its character references decoded and cleaned as above; NULL if
 * none. Only the first 1 MiB of @page is searched. */
char             *rumble_locator_find_og_title  (const char           *page,
                                                 gsize                 len)
  G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
