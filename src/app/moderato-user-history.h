/* moderato-user-history.h — what the ledger remembers of a user, with the moderator's note
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "moderato-ledger.h"

G_BEGIN_DECLS

#define MODERATO_TYPE_USER_HISTORY (moderato_user_history_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoUserHistory, moderato_user_history, MODERATO, USER_HISTORY,
                      GtkWidget)

GtkWidget  *moderato_user_history_new        (void) G_GNUC_WARN_UNUSED_RESULT;

/* Loads (off the main loop) the history of the user @user_id (nullable: then by @name)
 * from the app's ledger: first seen ever, streams, messages, deletes, mutes, the note
 * (editable: saved on Enter and when the entry loses the focus), whether the user is
 * watched (a check button, saved when toggled) and the last messages
 * across streams. Both NULL: nothing. A note being edited is saved first. */
void        moderato_user_history_set_user   (ModeratoUserHistory *self,
                                              const char          *user_id,
                                              const char          *name);
/* Unfolds the section (it starts folded unless unfolded before in this run). */
void        moderato_user_history_expand     (ModeratoUserHistory *self);
/* "off" (no ledger), "loading", "none" (no history) or "history" (tests). */
const char *moderato_user_history_get_state  (ModeratoUserHistory *self);

/* Local date and time of @unix_s for the ledger's lists. */
char       *moderato_user_history_format_time (gint64 unix_s) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
