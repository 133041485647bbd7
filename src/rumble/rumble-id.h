/* rumble-id.h — Rumble's two spellings of the same 64-bit id: base 10 and base 36
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Strict parsers: the whole string (surrounding ASCII whitespace allowed) must be a
 * non-negative number that fits in 64 bits. Base 36 is case-insensitive. */
gboolean rumble_id_parse_b10 (const char *text,
                              guint64    *out_value);
gboolean rumble_id_parse_b36 (const char *text,
                              guint64    *out_value);

/* Encoders. Unlike cocorum, 0 encodes to "0", never to the empty string. */
char    *rumble_id_to_b10    (guint64     value) G_GNUC_WARN_UNUSED_RESULT;
char    *rumble_id_to_b36    (guint64     value) G_GNUC_WARN_UNUSED_RESULT;

/* Conversions between spellings; NULL when @text does not parse. */
char    *rumble_id_b36_to_b10 (const char *text) G_GNUC_WARN_UNUSED_RESULT;
char    *rumble_id_b10_to_b36 (const char *text) G_GNUC_WARN_UNUSED_RESULT;

/* Whether @text is a canonical decimal id (digits only, no leading zero unless "0"). */
gboolean rumble_id_is_b10    (const char *text);

/* An id as a user types it: base 36 when it contains a letter, else base 10
 * (unlike cocorum, which assumes base 36 for every string). */
gboolean rumble_id_parse_any (const char *text,
                              guint64    *out_value);

G_END_DECLS
