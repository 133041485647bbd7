/* rumble-text.h — what text from the network may carry into a message or a terminal
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

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

G_END_DECLS
