/* moderato-rant-palette.c — the colours a rant is drawn in
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "moderato-rant-palette"

#include "config.h"

#include "moderato-name-color.h"
#include "moderato-rant-palette.h"

typedef struct {
  guint       price_dollars;
  const char *main;
  const char *body;
  const char *fg;
} RantLevel;

/* Rumble's ladder of rant prices; colours chosen for contrast with their text. */
static const RantLevel rant_levels[] = {
  {   1, "#1a5fb4", "#1c71d8", "#ffffff" },
  {   2, "#0b6a7a", "#0e7f91", "#ffffff" },
  {   5, "#1d7a36", "#26a269", "#ffffff" },
  {  10, "#c88800", "#f5c211", "#241f31" },
  {  20, "#c64600", "#e66100", "#ffffff" },
  {  50, "#a51d2d", "#c01c28", "#ffffff" },
  { 100, "#9c1f6e", "#c0288a", "#ffffff" },
  { 200, "#613583", "#813d9c", "#ffffff" },
  { 300, "#1e1e1e", "#3d3846", "#f6d32d" },
};

static const RantLevel *
rant_level_for (guint price_cents)
{
  const RantLevel *level = &rant_levels[0];

  for (guint i = 0; i < G_N_ELEMENTS (rant_levels); i++)
    if (price_cents >= rant_levels[i].price_dollars * 100)
      level = &rant_levels[i];

  return level;
}

static void
parse_color (const char *hex,
             GdkRGBA    *out)
{
  if (!moderato_name_color_parse (hex, out))
    *out = (GdkRGBA) { 0, 0, 0, 1 };
}

/* The chat's own ladder comes from its `init` (Rumble picks fg/main/bg2 to go together). */
void
moderato_rant_palette_lookup (const RumbleRantLevel *chat_level,
                              guint                  price_cents,
                              ModeratoRantColors    *out)
{
  const RantLevel *level = rant_level_for (price_cents);

  g_return_if_fail (out != NULL);

  parse_color (level->main, &out->main);
  parse_color (level->body, &out->body);
  parse_color (level->fg, &out->fg);

  if (chat_level != NULL && chat_level->main != NULL && chat_level->bg2 != NULL &&
      chat_level->fg != NULL)
    {
      GdkRGBA main_color, body_color, fg;

      /* All three or none: a half-applied palette could lose contrast. */
      if (gdk_rgba_parse (&main_color, chat_level->main) &&
          gdk_rgba_parse (&body_color, chat_level->bg2) &&
          gdk_rgba_parse (&fg, chat_level->fg))
        {
          out->main = main_color;
          out->body = body_color;
          out->fg = fg;
        }
    }
}
