/* moderato-stream-report.h — a stream's report from the ledger, exported or copied
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "moderato-ledger.h"

G_BEGIN_DECLS

#define MODERATO_TYPE_STREAM_REPORT (moderato_stream_report_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoStreamReport, moderato_stream_report, MODERATO, STREAM_REPORT,
                      AdwWindow)

/* A window over @parent with the report of @stream_id (read off the main loop): messages,
 * chatters, first-time chatters, rants and their total, deletes, mutes, the busiest
 * minute; Export as Markdown, CSV or JSON (a file chooser), and Copy (Markdown). */
GtkWidget                  *moderato_stream_report_new        (GtkWindow      *parent,
                                                               ModeratoLedger *ledger,
                                                               const char     *stream_id)
                                                               G_GNUC_WARN_UNUSED_RESULT;
/* The report, or NULL while it loads or when it cannot be read. */
const ModeratoLedgerReport *moderato_stream_report_get_report (ModeratoStreamReport *self);

/* Writes @report as @format to @file (replacing it), asynchronously. */
void                        moderato_stream_report_write_async  (const ModeratoLedgerReport *report,
                                                                 ModeratoLedgerFormat        format,
                                                                 GFile                      *file,
                                                                 GCancellable               *cancellable,
                                                                 GAsyncReadyCallback         callback,
                                                                 gpointer                    user_data);
gboolean                    moderato_stream_report_write_finish (GAsyncResult               *result,
                                                                 GError                    **error);

G_END_DECLS
