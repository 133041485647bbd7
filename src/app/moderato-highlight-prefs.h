/* moderato-highlight-prefs.h — the preferences of highlights, spam waves and rants
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MODERATO_TYPE_HIGHLIGHT_PREFS (moderato_highlight_prefs_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoHighlightPrefs, moderato_highlight_prefs, MODERATO,
                      HIGHLIGHT_PREFS, AdwPreferencesPage)

/* A "Highlights" page over @settings: the rules (highlight-rules: add, edit, remove, turn
 * on and off), wave-size, wave-window, notify-rant-min-cents, highlight-first-time. */
GtkWidget  *moderato_highlight_prefs_new       (GSettings              *settings)
                                                G_GNUC_WARN_UNUSED_RESULT;

/* The rule editor, for tests: fills it in, then presses its Add (or Save) button. FALSE
 * when the rule is refused; the reason then shows under the pattern. */
gboolean    moderato_highlight_prefs_submit    (ModeratoHighlightPrefs *self,
                                                gboolean                regex,
                                                const char             *pattern,
                                                const char             *color);
/* The refusal shown under the pattern, or NULL. */
const char *moderato_highlight_prefs_get_error (ModeratoHighlightPrefs *self);

G_END_DECLS
