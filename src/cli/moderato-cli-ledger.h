/* moderato-cli-ledger.h — moderato-cli's ledger commands: log, search, report, note
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "moderato-ledger.h"

G_BEGIN_DECLS

/* Appends "  NAME  summary\n" lines for the --help text. */
void            moderato_cli_ledger_describe (GString     *out);

/* Runs @command if it is a ledger command; FALSE (and *@out_status untouched) otherwise. */
gboolean        moderato_cli_ledger_run      (const char  *command,
                                              int          argc,
                                              char       **argv,
                                              int         *out_status);

/* Opens the ledger at @path (NULL: the default) for `tail --record`; prints the notice or
 * the error on stderr. NULL when it cannot be opened. */
ModeratoLedger *moderato_cli_ledger_open     (const char  *path,
                                              gboolean     read_only);

/* Waits until everything queued in @ledger is written, then drops it. FALSE when rows were
 * dropped (the ledger could not be written). */
gboolean        moderato_cli_ledger_close    (ModeratoLedger *ledger);

/* From the ledger at @path (NULL: the default), opened read-only: the watched users' names
 * and, when @out_known is not NULL, every user id it knows (sorted guint64). FALSE after
 * printing why it cannot be read. */
gboolean        moderato_cli_ledger_load_watch (const char  *path,
                                              char      ***out_watched,
                                              GArray     **out_known);

G_END_DECLS
