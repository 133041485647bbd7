/* moderato-appearance.h — the appearance settings applied to the whole application
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The bounds and step of the text-scale setting (the schema's range). */
#define MODERATO_TEXT_SCALE_MIN  0.8
#define MODERATO_TEXT_SCALE_MAX  2.0
#define MODERATO_TEXT_SCALE_STEP 0.1

#define MODERATO_TYPE_APPEARANCE (moderato_appearance_get_type ())

G_DECLARE_FINAL_TYPE (ModeratoAppearance, moderato_appearance, MODERATO, APPEARANCE, GObject)

/* Follows @settings (text-scale, style-variant) on @display and AdwStyleManager's default
 * until it is finalized. */
ModeratoAppearance *moderato_appearance_new        (GSettings  *settings,
                                                    GdkDisplay *display) G_GNUC_WARN_UNUSED_RESULT;

/* @scale one @steps of MODERATO_TEXT_SCALE_STEP further (negative: smaller), rounded to a
 * step and kept within the bounds. */
double              moderato_appearance_step_scale (double      scale,
                                                    int         steps);

G_END_DECLS
