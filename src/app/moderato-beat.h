/* moderato-beat.h — one clock for the window's coalesced updates
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*ModeratoBeatFunc) (gpointer data);

void     moderato_beat_schedule   (gint64          *last_run,
                                   guint            interval_ms,
                                   ModeratoBeatFunc func,
                                   gpointer         data);
gboolean moderato_beat_cancel     (ModeratoBeatFunc func,
                                   gpointer         data);
gboolean moderato_beat_is_waiting (ModeratoBeatFunc func,
                                   gpointer         data);

G_END_DECLS
