/* moderato-detect-text.h — chat text reduced to what spam waves share
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* MinHash functions per signature; the signature is cut into bands of two. */
#define MODERATO_DETECT_SIG_LEN   32
#define MODERATO_DETECT_SIG_BANDS (MODERATO_DETECT_SIG_LEN / 2)

/* @text as a spam wave sees it: compatibility-normalised (NFKC) and case-folded, `:name:`
 * emote codes, "@name" mentions and invisible format characters dropped, runs of whitespace as one space,
 * runs of one character as one, no leading space nor trailing space or punctuation.
 * "FREEEE  crypto :r+smile: at x.io!!!" and "free crypto at x.io" give the same text. */
char    *moderato_detect_text_normalize   (const char *text) G_GNUC_WARN_UNUSED_RESULT;

/* The MinHash signature of @norm's character 3-grams (bytes), into @sig. */
void     moderato_detect_text_signature   (const char *norm,
                                           gsize       len,
                                           guint32     sig[MODERATO_DETECT_SIG_LEN]);

/* How many of the signatures' values agree (0 … MODERATO_DETECT_SIG_LEN): an estimate of
 * the texts' Jaccard similarity times MODERATO_DETECT_SIG_LEN. */
guint    moderato_detect_text_agreement   (const guint32 *a,
                                           const guint32 *b);

/* The key of band @band of @sig, never 0. */
guint64  moderato_detect_text_band_key    (const guint32 *sig,
                                           guint          band);

G_END_DECLS
