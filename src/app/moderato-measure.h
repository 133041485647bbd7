/* moderato-measure.h — start-up and frame measurements for the benchmarks
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hidden options --exit-after-first-frame and --measure-frames (tests/bench-window.c
 * reads what these print): nothing here runs unless one of them was given.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The process's start, taken as early as main() can. */
void moderato_measure_set_start_time  (gint64     start_us);
/* After @window's first frame: print first-frame-ms and vm-hwm-kb, quit the application. */
void moderato_measure_first_frame     (GtkWindow *window);
/* From @window's first frame on, for @seconds: record the intervals between painted frames, then
 * print frames, frame-worst-ms, frame-p95-ms, cpu-seconds and vm-hwm-kb, quit the application. */
void moderato_measure_frames          (GtkWindow *window,
                                       double     seconds);

G_END_DECLS
