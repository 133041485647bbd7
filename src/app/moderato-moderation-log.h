/* moderato-moderation-log.h — the moderation log: what was done, by whom, and how it went
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MODERATO_TYPE_MODERATION_LOG (moderato_moderation_log_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoModerationLog, moderato_moderation_log, MODERATO, MODERATION_LOG,
                      GtkWidget)

GtkWidget *moderato_moderation_log_new         (void) G_GNUC_WARN_UNUSED_RESULT;

/* Reads the log again from the app's ledger (off the main loop), now or within a second. */
void       moderato_moderation_log_reload      (ModeratoModerationLog *self);
void       moderato_moderation_log_reload_soon (ModeratoModerationLog *self);

/* The entries shown (ModeratoLedgerEntry, newest first), or NULL before the first load. */
GPtrArray *moderato_moderation_log_get_entries (ModeratoModerationLog *self);

/* "Done", "Refused: REASON", "May have happened", …: an entry's outcome in words. */
char      *moderato_moderation_log_describe_outcome (int         outcome,
                                                     const char *reason)
                                                     G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
