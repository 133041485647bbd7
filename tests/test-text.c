/* test-text.c — the text helpers of rumble-text.h
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rumble-text.h"

#define LRE "\u202a"
#define RLE "\u202b"
#define PDF "\u202c"
#define LRO "\u202d"
#define RLO "\u202e"
#define LRI "\u2066"
#define RLI "\u2067"
#define FSI "\u2068"
#define PDI "\u2069"

static void
test_utf8_cut (void)
{
  const char *text = "ab\u00e9\U0001F600";  /* 1 + 1 + 2 + 4 bytes */

  g_assert_cmpuint (rumble_text_utf8_cut (text, 8, 100), ==, 8);
  g_assert_cmpuint (rumble_text_utf8_cut (text, 8, 8), ==, 8);
  g_assert_cmpuint (rumble_text_utf8_cut (text, 8, 7), ==, 4);
  g_assert_cmpuint (rumble_text_utf8_cut (text, 8, 5), ==, 4);
  g_assert_cmpuint (rumble_text_utf8_cut (text, 8, 4), ==, 4);
  g_assert_cmpuint (rumble_text_utf8_cut (text, 8, 3), ==, 2);
  g_assert_cmpuint (rumble_text_utf8_cut (text, 8, 0), ==, 0);
}

typedef struct {
  const char *name;
  const char *in;
  const char *out;
} BidiCase;

static const BidiCase bidi_cases[] = {
  { "plain", "admin", "admin" },
  { "lre-unbalanced", "a" LRE "b", "ab" },
  { "rle-unbalanced", "a" RLE "b", "ab" },
  { "lro-unbalanced", "a" LRO "b", "ab" },
  { "rlo-unbalanced", "nimda" RLO "txt.exe", "nimdatxt.exe" },
  { "lri-unbalanced", "a" LRI "b", "ab" },
  { "rli-unbalanced", "a" RLI "b", "ab" },
  { "fsi-unbalanced", "a" FSI "b", "ab" },
  { "pdf-stray", "a" PDF "b", "ab" },
  { "pdi-stray", "a" PDI "b", "ab" },
  { "lre-balanced", "a" LRE "b" PDF "c", "a" LRE "b" PDF "c" },
  { "rle-balanced", "a" RLE "b" PDF "c", "a" RLE "b" PDF "c" },
  { "lro-balanced", "a" LRO "b" PDF "c", "a" LRO "b" PDF "c" },
  { "rlo-balanced", "a" RLO "b" PDF "c", "a" RLO "b" PDF "c" },
  { "lri-balanced", "a" LRI "b" PDI "c", "a" LRI "b" PDI "c" },
  { "rli-balanced", "a" RLI "b" PDI "c", "a" RLI "b" PDI "c" },
  { "fsi-balanced", "a" FSI "b" PDI "c", "a" FSI "b" PDI "c" },
  { "nested-balanced", RLI "a" RLO "b" PDF PDI, RLI "a" RLO "b" PDF PDI },
  /* A PDI ends the embeddings opened inside its isolate: those are the unbalanced ones. */
  { "embedding-open-in-isolate", RLI "a" RLO "b" PDI "c", RLI "ab" PDI "c" },
  /* A PDF cannot close an embedding from outside the isolate it is in. */
  { "pdf-inside-isolate", RLO "a" RLI "b" PDF PDI "c", "a" RLI "b" PDI "c" },
  { "closers-first", PDI PDF RLO "x" PDF, RLO "x" PDF },
  { "two-open-one-closed", RLO RLO "x" PDF, RLO "x" PDF },
  { "other-controls-kept", "\u200f\u061c\u200e", "\u200f\u061c\u200e" },
  { "other-e2-characters", "\u2014\u2026\u20ac", "\u2014\u2026\u20ac" },
};

static void
test_balance_bidi (gconstpointer data)
{
  const BidiCase *c = data;
  g_autofree char *out = rumble_text_balance_bidi (c->in, -1);

  g_assert_cmpstr (out, ==, c->out);
}

static void
test_balance_bidi_length (void)
{
  /* Only the first @length bytes count: the PDF after them does not close the RLO. */
  g_autofree char *out = rumble_text_balance_bidi ("a" RLO "b" PDF, 5);

  g_assert_cmpstr (out, ==, "ab");
}

static void
test_dup_bounded (void)
{
  gboolean truncated = TRUE;
  g_autofree char *whole = rumble_text_dup_bounded ("caf\u00e9", 5, &truncated);
  g_autofree char *cut = NULL;
  g_autofree char *cut_closer = NULL;

  g_assert_cmpstr (whole, ==, "caf\u00e9");
  g_assert_false (truncated);

  /* Never half a character. */
  cut = rumble_text_dup_bounded ("caf\u00e9", 4, &truncated);
  g_assert_cmpstr (cut, ==, "caf");
  g_assert_true (truncated);

  /* A cut that leaves an isolate open drops its initiator. */
  cut_closer = rumble_text_dup_bounded ("a" RLI "bc" PDI, 6, &truncated);
  g_assert_cmpstr (cut_closer, ==, "abc");
  g_assert_true (truncated);

  g_assert_null (rumble_text_dup_bounded (NULL, 5, &truncated));
  g_assert_false (truncated);
}

static void
test_isolate (void)
{
  g_autofree char *isolated = rumble_text_isolate ("nimda" RLO "exe");
  g_autofree char *empty = rumble_text_isolate ("");
  g_autofree char *none = rumble_text_isolate (NULL);

  g_assert_cmpstr (RUMBLE_TEXT_FSI, ==, FSI);
  g_assert_cmpstr (RUMBLE_TEXT_PDI, ==, PDI);
  g_assert_cmpstr (isolated, ==, FSI "nimda" RLO "exe" PDI);
  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (none, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rumble/text/utf8-cut", test_utf8_cut);
  for (gsize i = 0; i < G_N_ELEMENTS (bidi_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rumble/text/balance-bidi/%s", bidi_cases[i].name);

      g_test_add_data_func (path, &bidi_cases[i], test_balance_bidi);
    }
  g_test_add_func ("/rumble/text/balance-bidi/length", test_balance_bidi_length);
  g_test_add_func ("/rumble/text/dup-bounded", test_dup_bounded);
  g_test_add_func ("/rumble/text/isolate", test_isolate);

  return g_test_run ();
}
