/* test-rant-palette.c — the colours a rant is drawn in (no display needed)
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "moderato-rant-palette.h"

static void
assert_color (const GdkRGBA *color,
              const char    *expected)
{
  g_autofree char *shown = gdk_rgba_to_string (color);
  GdkRGBA parsed;

  g_assert_true (gdk_rgba_parse (&parsed, expected));
  if (!gdk_rgba_equal (color, &parsed))
    g_error ("colour %s, expected %s", shown, expected);
}

/* Without the chat's ladder: the dearest built-in level not above the price. */
static void
test_builtin_ladder (void)
{
  static const struct {
    guint       cents;
    const char *main;
    const char *body;
    const char *fg;
  } cases[] = {
    {       0, "#1a5fb4", "#1c71d8", "#ffffff" },
    {     199, "#1a5fb4", "#1c71d8", "#ffffff" },
    {     200, "#0b6a7a", "#0e7f91", "#ffffff" },
    {     999, "#1d7a36", "#26a269", "#ffffff" },
    {    1000, "#c88800", "#f5c211", "#241f31" },
    {   29999, "#613583", "#813d9c", "#ffffff" },
    { 1000000, "#1e1e1e", "#3d3846", "#f6d32d" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      ModeratoRantColors colors;

      moderato_rant_palette_lookup (NULL, cases[i].cents, &colors);
      assert_color (&colors.main, cases[i].main);
      assert_color (&colors.body, cases[i].body);
      assert_color (&colors.fg, cases[i].fg);
    }
}

/* The chat's own level wins when all three colours parse (names too), else none of it. */
static void
test_chat_ladder (void)
{
  RumbleRantLevel level = { 500, 120, "white", "#102030", "#405060" };
  ModeratoRantColors colors;

  moderato_rant_palette_lookup (&level, 500, &colors);
  assert_color (&colors.main, "#102030");
  assert_color (&colors.body, "#405060");
  assert_color (&colors.fg, "#ffffff");

  level.fg = "no such colour";
  moderato_rant_palette_lookup (&level, 500, &colors);
  assert_color (&colors.main, "#1d7a36");
  assert_color (&colors.body, "#26a269");
  assert_color (&colors.fg, "#ffffff");

  level.fg = "white";
  level.bg2 = NULL;
  moderato_rant_palette_lookup (&level, 500, &colors);
  assert_color (&colors.main, "#1d7a36");
  assert_color (&colors.body, "#26a269");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/moderato/rant-palette/builtin-ladder", test_builtin_ladder);
  g_test_add_func ("/moderato/rant-palette/chat-ladder", test_chat_ladder);

  return g_test_run ();
}
