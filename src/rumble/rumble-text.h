/* rumble-text.h — what text from the network may carry into a message or a terminal
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* First Strong Isolate and Pop Directional Isolate (U+2068, U+2069): text between them is
 * laid out on its own, and no bidi control inside can reorder what is around it. */
#define RUMBLE_TEXT_FSI "\xe2\x81\xa8"
#define RUMBLE_TEXT_PDI "\xe2\x81\xa9"

/* Whether @c must not reach an error message or a terminal as it is: C0 and C1 controls
 * (ESC, CSI), DEL, line and paragraph separators, and the bidi controls that reorder the
 * text around them (U+061C, U+200E/F, U+202A–E, U+2066–9). */
gboolean rumble_text_char_is_unsafe (gunichar    c);
/* Whether all of @text (UTF-8 or not) is valid UTF-8 without an unsafe character. */
gboolean rumble_text_is_safe        (const char *text);
/* Server text (a reason phrase, a header, a libsoup message quoting one) fit for an error
 * message: valid UTF-8, unsafe characters as spaces, about @max_bytes at most (then "…"),
 * trimmed; NULL for NULL or when nothing is left. */
G_GNUC_WARN_UNUSED_RESULT
char    *rumble_text_clean          (const char *text,
                                     gsize       max_bytes);

/* The length of the longest prefix of @text (valid UTF-8, @length bytes) that is at most
 * @max_bytes long and ends on a character boundary. */
gsize    rumble_text_utf8_cut       (const char *text,
                                     gsize       length,
                                     gsize       max_bytes);
/* A copy of the first @length bytes of @text (-1: all) without the bidirectional
 * controls that are not balanced: an embedding or override (U+202A/B/D/E) without its
 * PDF (U+202C), an isolate (U+2066–8) without its PDI (U+2069), and a stray PDF or PDI.
 * What is left cannot reorder text placed after it. */
G_GNUC_WARN_UNUSED_RESULT
char    *rumble_text_balance_bidi   (const char *text,
                                     gssize      length);
/* Network text (valid UTF-8) for a model: cut to at most @max_bytes on a character
 * boundary (*out_truncated then TRUE), then bidi-balanced. NULL for NULL. */
G_GNUC_WARN_UNUSED_RESULT
char    *rumble_text_dup_bounded    (const char *text,
                                     gsize       max_bytes,
                                     gboolean   *out_truncated);
/* @text between FSI and PDI, for a widget that shows network text; "" for NULL or "". */
G_GNUC_WARN_UNUSED_RESULT
char    *rumble_text_isolate        (const char *text);

G_END_DECLS
