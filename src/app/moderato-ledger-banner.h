/* moderato-ledger-banner.h — a non-modal bar that says what is wrong with the ledger
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "moderato-ledger.h"

G_BEGIN_DECLS

#define MODERATO_TYPE_LEDGER_BANNER (moderato_ledger_banner_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoLedgerBanner, moderato_ledger_banner, MODERATO, LEDGER_BANNER,
                      GtkWidget)

GtkWidget  *moderato_ledger_banner_new        (void) G_GNUC_WARN_UNUSED_RESULT;

/* Watches @ledger (nullable): a file moved aside, a newer schema (read-only), recording
 * paused (full disk, read-only folder…) show a sentence with Retry (when paused) and
 * Dismiss; each new condition is also logged. The chat is never blocked. */
void        moderato_ledger_banner_set_ledger (ModeratoLedgerBanner *self,
                                               ModeratoLedger       *ledger);
/* What it shows, or NULL when hidden (tests). */
const char *moderato_ledger_banner_get_text   (ModeratoLedgerBanner *self);

G_END_DECLS
