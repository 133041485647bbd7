/* moderato-name-color.h — user name colours kept readable on light and dark backgrounds
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk/gdk.h>

G_BEGIN_DECLS

/* WCAG 2.x AA for normal text. */
#define MODERATO_NAME_COLOR_MIN_CONTRAST 4.5

/* WCAG relative luminance of an opaque colour (alpha ignored). */
double   moderato_name_color_luminance       (const GdkRGBA *color);
/* WCAG contrast ratio, 1.0 … 21.0. */
double   moderato_name_color_contrast        (const GdkRGBA *a,
                                              const GdkRGBA *b);
/* Parses exactly "#rrggbb" (network input); FALSE for anything else. */
gboolean moderato_name_color_parse           (const char    *hex,
                                              GdkRGBA       *out);
/* @color moved in lightness (hue and saturation kept) until its contrast against
 * @background reaches @min_contrast; unchanged when it already does. */
void     moderato_name_color_adjust          (const GdkRGBA *color,
                                              const GdkRGBA *background,
                                              double         min_contrast,
                                              GdkRGBA       *out);
/* A stable colour for a name without one (hashes @name onto a palette). */
void     moderato_name_color_fallback        (const char    *name,
                                              GdkRGBA       *out);
/* Convenience for rows: @hex (nullable) or the fallback for @name, adjusted for
 * @background to MODERATO_NAME_COLOR_MIN_CONTRAST. */
void     moderato_name_color_for_background  (const char    *hex,
                                              const char    *name,
                                              const GdkRGBA *background,
                                              GdkRGBA       *out);

G_END_DECLS
