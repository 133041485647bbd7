/* moderato-window-ledger.h — the window's side of the ledger
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "moderato-window.h"

G_BEGIN_DECLS

/* The title of the open stream, once the window learns it (from the locator's info):
 * remembered in the ledger for the log, search and reports. */
void moderato_window_ledger_set_stream_title (ModeratoWindow *self,
                                              const char     *title);

G_END_DECLS
