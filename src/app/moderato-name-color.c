/* moderato-name-color.c — user name colours kept readable on light and dark backgrounds
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "moderato-name-color"

#include "config.h"

#include <math.h>
#include <string.h>

#include "moderato-name-color.h"

static double
channel_to_linear (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

double
moderato_name_color_luminance (const GdkRGBA *color)
{
  g_return_val_if_fail (color != NULL, 0.0);

  return 0.2126 * channel_to_linear (CLAMP (color->red, 0.0, 1.0)) +
         0.7152 * channel_to_linear (CLAMP (color->green, 0.0, 1.0)) +
         0.0722 * channel_to_linear (CLAMP (color->blue, 0.0, 1.0));
}

double
moderato_name_color_contrast (const GdkRGBA *a,
                              const GdkRGBA *b)
{
  double la, lb;

  g_return_val_if_fail (a != NULL, 1.0);
  g_return_val_if_fail (b != NULL, 1.0);

  la = moderato_name_color_luminance (a);
  lb = moderato_name_color_luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

gboolean
moderato_name_color_parse (const char *hex,
                           GdkRGBA    *out)
{
  int v[6];

  g_return_val_if_fail (out != NULL, FALSE);

  if (hex == NULL || hex[0] != '#' || strlen (hex) != 7)
    return FALSE;

  for (guint i = 0; i < 6; i++)
    if ((v[i] = hex_digit (hex[i + 1])) < 0)
      return FALSE;

  out->red = (v[0] * 16 + v[1]) / 255.0f;
  out->green = (v[2] * 16 + v[3]) / 255.0f;
  out->blue = (v[4] * 16 + v[5]) / 255.0f;
  out->alpha = 1.0f;

  return TRUE;
}

typedef struct {
  double h, s, l;
} Hsl;

static void
rgb_to_hsl (const GdkRGBA *rgb,
            Hsl           *hsl)
{
  double r = CLAMP (rgb->red, 0.0, 1.0);
  double g = CLAMP (rgb->green, 0.0, 1.0);
  double b = CLAMP (rgb->blue, 0.0, 1.0);
  double max = MAX (r, MAX (g, b));
  double min = MIN (r, MIN (g, b));
  double d = max - min;

  hsl->l = (max + min) / 2.0;
  hsl->h = 0.0;
  hsl->s = 0.0;

  if (d <= 1e-9)
    return;

  hsl->s = hsl->l > 0.5 ? d / (2.0 - max - min) : d / (max + min);

  if (max == r)
    hsl->h = (g - b) / d + (g < b ? 6.0 : 0.0);
  else if (max == g)
    hsl->h = (b - r) / d + 2.0;
  else
    hsl->h = (r - g) / d + 4.0;
  hsl->h /= 6.0;
}

static double
hue_to_channel (double p,
                double q,
                double t)
{
  if (t < 0.0)
    t += 1.0;
  if (t > 1.0)
    t -= 1.0;
  if (t < 1.0 / 6.0)
    return p + (q - p) * 6.0 * t;
  if (t < 1.0 / 2.0)
    return q;
  if (t < 2.0 / 3.0)
    return p + (q - p) * (2.0 / 3.0 - t) * 6.0;
  return p;
}

static void
hsl_to_rgb (const Hsl *hsl,
            GdkRGBA   *rgb)
{
  double l = CLAMP (hsl->l, 0.0, 1.0);
  double s = CLAMP (hsl->s, 0.0, 1.0);

  if (s <= 1e-9)
    {
      rgb->red = rgb->green = rgb->blue = l;
    }
  else
    {
      double q = l < 0.5 ? l * (1.0 + s) : l + s - l * s;
      double p = 2.0 * l - q;

      rgb->red = hue_to_channel (p, q, hsl->h + 1.0 / 3.0);
      rgb->green = hue_to_channel (p, q, hsl->h);
      rgb->blue = hue_to_channel (p, q, hsl->h - 1.0 / 3.0);
    }
  rgb->alpha = 1.0f;
}

void
moderato_name_color_adjust (const GdkRGBA *color,
                            const GdkRGBA *background,
                            double         min_contrast,
                            GdkRGBA       *out)
{
  Hsl hsl, probe;
  GdkRGBA end_color;
  double lo, hi, target_l;

  g_return_if_fail (color != NULL);
  g_return_if_fail (background != NULL);
  g_return_if_fail (out != NULL);

  *out = *color;
  out->alpha = 1.0f;

  if (moderato_name_color_contrast (out, background) >= min_contrast)
    return;

  rgb_to_hsl (out, &hsl);

  /* Move towards whichever end (black or white) contrasts more with the background;
   * luminance grows monotonically with HSL lightness, so bisect on it. */
  probe = hsl;
  probe.l = 1.0;
  hsl_to_rgb (&probe, &end_color);
  if (moderato_name_color_contrast (&end_color, background) >=
      moderato_name_color_contrast (&(GdkRGBA) { 0, 0, 0, 1 }, background))
    target_l = 1.0;
  else
    target_l = 0.0;

  lo = hsl.l;       /* fails */
  hi = target_l;    /* best possible */
  for (guint i = 0; i < 24; i++)
    {
      GdkRGBA mid_color;

      probe.l = (lo + hi) / 2.0;
      hsl_to_rgb (&probe, &mid_color);
      if (moderato_name_color_contrast (&mid_color, background) >= min_contrast)
        hi = probe.l;
      else
        lo = probe.l;
    }

  probe.l = hi;
  hsl_to_rgb (&probe, out);
}

/* GNOME palette, mid tones: readable after adjustment on both styles. */
static const char * const fallback_palette[] = {
  "#3584e4", "#2190a4", "#3a944a", "#c88800", "#ed5b00",
  "#e62d42", "#d56199", "#9141ac", "#986a44", "#6f8396",
};

void
moderato_name_color_fallback (const char *name,
                              GdkRGBA    *out)
{
  guint hash;

  g_return_if_fail (out != NULL);

  hash = name != NULL ? g_str_hash (name) : 0;
  moderato_name_color_parse (fallback_palette[hash % G_N_ELEMENTS (fallback_palette)], out);
}

void
moderato_name_color_for_background (const char    *hex,
                                    const char    *name,
                                    const GdkRGBA *background,
                                    GdkRGBA       *out)
{
  GdkRGBA base;

  g_return_if_fail (background != NULL);
  g_return_if_fail (out != NULL);

  if (!moderato_name_color_parse (hex, &base))
    moderato_name_color_fallback (name, &base);

  moderato_name_color_adjust (&base, background, MODERATO_NAME_COLOR_MIN_CONTRAST, out);
}
