/* moderato-measure.c — start-up and frame measurements for the benchmarks
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "moderato-measure"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "moderato-measure.h"

static gint64 start_time_us;

void
moderato_measure_set_start_time (gint64 start_us)
{
  start_time_us = start_us;
}

static long
read_vm_hwm_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;

  line = strstr (status, "VmHWM:");
  return line != NULL ? strtol (line + 6, NULL, 10) : -1;
}

/* User and system CPU time of this process, in seconds. */
static double
cpu_seconds (void)
{
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *close_paren;
  long ticks = sysconf (_SC_CLK_TCK);

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL))
    return 0;
  close_paren = strrchr (stat, ')');
  if (close_paren == NULL)
    return 0;
  fields = g_strsplit (close_paren + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return 0;
  /* utime and stime: fields 14 and 15 of the line, 12 and 13 after the name. */
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
         (ticks > 0 ? ticks : 100);
}

static void
quit_application (GtkWindow *window)
{
  g_application_quit (G_APPLICATION (gtk_window_get_application (window)));
}

/* Mapping */

typedef struct {
  GCallback paint_cb;
  gpointer  data;
} PaintHook;

static void
window_mapped_cb (GtkWidget *window,
                  PaintHook *hook)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_handlers_disconnect_by_func (window, window_mapped_cb, hook);
  if (clock != NULL)
    g_signal_connect (clock, "after-paint", hook->paint_cb, hook->data);
  g_free (hook);
}

/* Calls @paint_cb (clock, @data) on every painted frame from @window's mapping on. */
static void
on_mapped_connect_paint (GtkWindow *window,
                         GCallback  paint_cb,
                         gpointer   data)
{
  PaintHook *hook = g_new (PaintHook, 1);

  hook->paint_cb = paint_cb;
  hook->data = data;
  g_signal_connect (window, "map", G_CALLBACK (window_mapped_cb), hook);
}

/* First frame */

static void
first_frame_paint_cb (GdkFrameClock *clock,
                      GtkWindow     *window)
{
  gint64 now = g_get_monotonic_time ();

  g_signal_handlers_disconnect_by_func (clock, first_frame_paint_cb, window);
  g_print ("first-frame-ms: %.1f\n", (now - start_time_us) / 1000.0);
  g_print ("vm-hwm-kb: %ld\n", read_vm_hwm_kb ());
  quit_application (window);
}

void
moderato_measure_first_frame (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

  on_mapped_connect_paint (window, G_CALLBACK (first_frame_paint_cb), window);
}

/* Frame statistics: intervals between painted frames. */

typedef struct {
  GtkWindow *window;
  GArray    *intervals;   /* of double, ms */
  gint64     last_paint;
  gint64     end_time;
  gint64     duration_us;
  double     cpu_start;
} FrameStats;

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static void
frame_stats_report (FrameStats *stats)
{
  GArray *sorted = stats->intervals;
  double worst = 0, p95 = 0;

  if (sorted->len > 0)
    {
      g_array_sort (sorted, compare_double);
      worst = g_array_index (sorted, double, sorted->len - 1);
      p95 = g_array_index (sorted, double, (guint) (sorted->len * 0.95));
    }
  g_print ("frames: %u\n", sorted->len);
  g_print ("frame-worst-ms: %.1f\n", worst);
  g_print ("frame-p95-ms: %.1f\n", p95);
  g_print ("cpu-seconds: %.2f\n", cpu_seconds () - stats->cpu_start);
  g_print ("vm-hwm-kb: %ld\n", read_vm_hwm_kb ());
}

static void
frame_stats_paint_cb (GdkFrameClock *clock,
                      FrameStats    *stats)
{
  gint64 now = g_get_monotonic_time ();

  if (stats->last_paint == 0)
    {
      /* The first frame starts the clock. */
      stats->end_time = now + stats->duration_us;
      stats->cpu_start = cpu_seconds ();
    }
  else
    {
      double interval = (now - stats->last_paint) / 1000.0;

      g_array_append_val (stats->intervals, interval);
    }
  stats->last_paint = now;

  if (now >= stats->end_time)
    {
      GtkWindow *window = stats->window;

      g_signal_handlers_disconnect_by_func (clock, frame_stats_paint_cb, stats);
      frame_stats_report (stats);
      g_array_unref (stats->intervals);
      g_free (stats);
      quit_application (window);
    }
}

void
moderato_measure_frames (GtkWindow *window,
                         double     seconds)
{
  FrameStats *stats;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (seconds > 0);

  stats = g_new0 (FrameStats, 1);
  stats->window = window;
  stats->intervals = g_array_new (FALSE, FALSE, sizeof (double));
  stats->duration_us = (gint64) (seconds * G_USEC_PER_SEC);
  on_mapped_connect_paint (window, G_CALLBACK (frame_stats_paint_cb), stats);
}
