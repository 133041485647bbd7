/* test-link-finder.c — http(s) links in chat text (no display needed)
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "moderato-link-finder.h"

static void
test_find_link (void)
{
  static const struct { const char *text; const char *link; } cases[] = {
    { "see https://rumble.com/c/CedarHollow/about.", "https://rumble.com/c/CedarHollow/about" },
    { "(http://127.0.0.1:8080/x)", "http://127.0.0.1:8080/x" },
    { "HTTPS://EXAMPLE.COM, ok", "HTTPS://EXAMPLE.COM" },
    { "no link here", NULL },
    { "javascript:alert(1) ftp://x.org", NULL },
    { "https:// alone", NULL },
    { "nothttps://example.com", NULL },
    { "<a href=\"https://evil.example/\">", "https://evil.example/" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *link = moderato_link_finder_first (cases[i].text);

      g_assert_cmpstr (link, ==, cases[i].link);
    }
}

/* Every link of a text, in order, as the message row underlines them. */
static void
test_find_all (void)
{
  const char *text = "a https://x.org/1, b http://y.org/(2) and xhttp://no.pe https://z.org";
  static const char *expected[] = { "https://x.org/1", "http://y.org/(2", "https://z.org" };
  gsize len = strlen (text), from = 0, start, end;
  guint n = 0;

  while (moderato_link_finder_next (text, len, from, &start, &end))
    {
      g_autofree char *link = g_strndup (text + start, end - start);

      g_assert_cmpuint (n, <, G_N_ELEMENTS (expected));
      g_assert_cmpstr (link, ==, expected[n]);
      g_assert_cmpuint (start, >=, from);
      n++;
      from = end;
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));

  /* Only within [from, len): a link cut by @len is shorter, one before @from is skipped. */
  g_assert_true (moderato_link_finder_next (text, 16, 0, &start, &end));
  g_assert_cmpuint (end - start, ==, strlen ("https://x.org/"));
  g_assert_false (moderato_link_finder_next (text, 10, 0, &start, &end));
  g_assert_false (moderato_link_finder_next ("", 0, 0, &start, &end));
  g_assert_null (moderato_link_finder_first (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/moderato/link-finder/first", test_find_link);
  g_test_add_func ("/moderato/link-finder/all", test_find_all);

  return g_test_run ();
}
