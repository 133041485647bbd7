/* moderato-preferences-window.h — the user-facing settings
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MODERATO_TYPE_PREFERENCES_WINDOW (moderato_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoPreferencesWindow, moderato_preferences_window, MODERATO,
                      PREFERENCES_WINDOW, AdwPreferencesWindow)

/* @settings: the app's GSettings (io.github.moderato.Moderato); keys history-len,
 * show-timestamps, show-sidebar are bound both ways. */
ModeratoPreferencesWindow *moderato_preferences_window_new (GtkWindow *parent,
                                                            GSettings *settings)
                                                            G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
