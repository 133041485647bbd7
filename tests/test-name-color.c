/* test-name-color.c — user name colours kept readable (no display needed)
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "moderato-name-color.h"

static void
assert_readable (const char *hex,
                 const char *background_hex)
{
  GdkRGBA color, background, out;
  double before;

  g_assert_true (moderato_name_color_parse (hex, &color));
  g_assert_true (moderato_name_color_parse (background_hex, &background));
  before = moderato_name_color_contrast (&color, &background);

  moderato_name_color_for_background (hex, "someone", &background, &out);
  g_assert_cmpfloat (moderato_name_color_contrast (&out, &background), >=,
                     MODERATO_NAME_COLOR_MIN_CONTRAST);

  /* A colour that is already readable is left alone. */
  if (before >= MODERATO_NAME_COLOR_MIN_CONTRAST)
    {
      g_assert_cmpfloat_with_epsilon (out.red, color.red, 1e-6);
      g_assert_cmpfloat_with_epsilon (out.green, color.green, 1e-6);
      g_assert_cmpfloat_with_epsilon (out.blue, color.blue, 1e-6);
    }
}

static void
test_name_color_contrast (void)
{
  static const char *colors[] = {
    "#ffffff", "#000000", "#c38b1b", "#ffff00", "#0000ff", "#808080", "#4682b4",
    "#6a5acd", "#d2691e", "#3584e4", "#00ff00", "#ff00ff", "#1e1e1e", "#fafafa",
  };
  static const char *backgrounds[] = { "#ffffff", "#1e1e1e", "#fafafa", "#242424" };

  for (guint b = 0; b < G_N_ELEMENTS (backgrounds); b++)
    for (guint c = 0; c < G_N_ELEMENTS (colors); c++)
      assert_readable (colors[c], backgrounds[b]);
}

static void
test_name_color_keeps_hue (void)
{
  GdkRGBA yellow, white, out;

  /* Yellow on white must get darker, and stay yellowish (red ≈ green > blue). */
  moderato_name_color_parse ("#ffff00", &yellow);
  moderato_name_color_parse ("#ffffff", &white);
  moderato_name_color_adjust (&yellow, &white, 4.5, &out);
  g_assert_cmpfloat (out.red, <, 0.7);
  g_assert_cmpfloat_with_epsilon (out.red, out.green, 0.02);
  g_assert_cmpfloat (out.blue, <, out.red);
}

static void
test_name_color_parse (void)
{
  GdkRGBA color;

  g_assert_true (moderato_name_color_parse ("#C38b1B", &color));
  g_assert_cmpfloat_with_epsilon (color.red, 0xc3 / 255.0, 1e-6);
  g_assert_false (moderato_name_color_parse (NULL, &color));
  g_assert_false (moderato_name_color_parse ("", &color));
  g_assert_false (moderato_name_color_parse ("c38b1b", &color));
  g_assert_false (moderato_name_color_parse ("#c38b1", &color));
  g_assert_false (moderato_name_color_parse ("#c38b1bb", &color));
  g_assert_false (moderato_name_color_parse ("#g38b1b", &color));
  g_assert_false (moderato_name_color_parse ("red", &color));

  /* No colour: a stable fallback, readable too. */
  {
    GdkRGBA a, b, white = { 1, 1, 1, 1 };

    moderato_name_color_for_background (NULL, "Juniper_Jo", &white, &a);
    moderato_name_color_for_background ("nonsense", "Juniper_Jo", &white, &b);
    g_assert_true (gdk_rgba_equal (&a, &b));
    g_assert_cmpfloat (moderato_name_color_contrast (&a, &white), >=, 4.5);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/moderato/name-color/contrast", test_name_color_contrast);
  g_test_add_func ("/moderato/name-color/keeps-hue", test_name_color_keeps_hue);
  g_test_add_func ("/moderato/name-color/parse", test_name_color_parse);

  return g_test_run ();
}
