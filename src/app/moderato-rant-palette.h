/* moderato-rant-palette.h — the colours a rant is drawn in
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk/gdk.h>

#include "rumble-chat-api.h"

G_BEGIN_DECLS

typedef struct {
  GdkRGBA main;   /* header band */
  GdkRGBA body;
  GdkRGBA fg;     /* text on both */
} ModeratoRantColors;

/* The colours of a rant of @price_cents: @chat_level's (the chat's own ladder, nullable)
 * when all three of its colours parse, else the built-in ladder's level for the price. */
void moderato_rant_palette_lookup (const RumbleRantLevel *chat_level,
                                   guint                  price_cents,
                                   ModeratoRantColors    *out);

G_END_DECLS
