/* moderato-link-finder.h — http(s) links in chat text
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The first http(s) link in @text[@from, @len): TRUE with its byte range [*@out_start,
 * *@out_end). A link starts at a word boundary and stops at a space, `<`, `>` or `"`;
 * trailing sentence punctuation is not part of it and a bare scheme is no link. */
gboolean moderato_link_finder_next  (const char *text,
                                     gsize       len,
                                     gsize       from,
                                     gsize      *out_start,
                                     gsize      *out_end);

/* The first http(s) link in @text (nullable), or NULL. */
char    *moderato_link_finder_first (const char *text) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
