/* moderato-beat.c — one clock for the window's coalesced updates
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Under a flood several parts of the window hold their updates back: the chat list's
 * appends, the attention lane's chips and wave cards, the sidebar's order and counts, the
 * rants strip. Each with its own timer, their updates land in different main-loop
 * iterations, and GTK lays out and paints a frame for each: 45 frames a second at
 * 300 messages a second, most of them for one label. On this one clock they land together.
 *
 * An update runs at the first multiple of its interval on the monotonic clock that is an
 * interval after its last run: at once if that has passed (a quiet chat shows each change
 * as it comes), else it waits for it. Updates with the same interval (or multiples of it)
 * then wait for the same instants, and run together. One may come up to TOLERANCE_US (or a
 * quarter interval) less than an interval after the last: a beat's own lateness must not
 * push the next one a whole interval further. Main thread only.
 */
#define G_LOG_DOMAIN "moderato-beat"

#include "config.h"

#include "moderato-beat.h"

/* How much earlier than an interval after the last run an update may come. */
#define TOLERANCE_US (30 * 1000)

typedef struct
{
  ModeratoBeatFunc func;
  gpointer         data;
  gint64          *last_run;   /* the caller's: monotonic µs */
  gint64           due;        /* monotonic µs */
  guint64          seq;
} Waiting;

static GArray *waiting;    /* of Waiting */
static guint64 next_seq;
static guint timer_id;

static void rearm (void);

static GArray *
get_waiting (void)
{
  if (waiting == NULL)
    waiting = g_array_new (FALSE, FALSE, sizeof (Waiting));
  return waiting;
}

static gint
find (ModeratoBeatFunc func,
      gpointer         data)
{
  for (guint i = 0; waiting != NULL && i < waiting->len; i++)
    {
      Waiting *w = &g_array_index (waiting, Waiting, i);

      if (w->func == func && w->data == data)
        return (gint) i;
    }
  return -1;
}

/* Runs what is due, one at a time (an update may cancel another, or schedule itself again:
 * that waits for the next beat). */
static void
run_due (gint64 now)
{
  guint64 seq_limit = next_seq;

  for (;;)
    {
      Waiting w = { NULL, };
      gboolean found = FALSE;

      for (guint i = 0; i < waiting->len; i++)
        {
          Waiting *candidate = &g_array_index (waiting, Waiting, i);

          if (candidate->seq < seq_limit && candidate->due <= now)
            {
              w = *candidate;
              g_array_remove_index (waiting, i);
              found = TRUE;
              break;
            }
        }
      if (!found)
        break;
      *w.last_run = now;
      w.func (w.data);
    }
  rearm ();
}

static void
beat_cb (gpointer data)
{
  timer_id = 0;
  run_due (g_get_monotonic_time ());
}

static void
rearm (void)
{
  gint64 first = G_MAXINT64;

  g_clear_handle_id (&timer_id, g_source_remove);
  for (guint i = 0; i < waiting->len; i++)
    first = MIN (first, g_array_index (waiting, Waiting, i).due);
  if (first != G_MAXINT64)
    {
      gint64 wait_us = first - g_get_monotonic_time ();

      /* Rounded up: GLib's timers come on the millisecond, never before it. */
      timer_id = g_timeout_add_once ((guint) ((MAX (wait_us, 0) + 999) / 1000), beat_cb, NULL);
    }
}

/**
 * moderato_beat_schedule:
 * @last_run: the caller's record of its last run (monotonic µs; 0 at first), updated here
 * @interval_ms: at most one run per this (0: run at once)
 *
 * Runs @func (@data) at once when its last run is @interval_ms old, else on the next beat
 * of that interval (see above). Asking again while it waits changes nothing.
 */
void
moderato_beat_schedule (gint64           *last_run,
                        guint             interval_ms,
                        ModeratoBeatFunc  func,
                        gpointer          data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 interval = (gint64) interval_ms * 1000;
  Waiting w = { func, data, last_run, 0, 0 };

  g_return_if_fail (func != NULL && last_run != NULL);

  if (interval_ms == 0)
    moderato_beat_cancel (func, data);
  else if (find (func, data) >= 0)
    return;

  /* On the grid of the interval: the next multiple, an interval after the last run. */
  if (interval > 0)
    w.due = (*last_run + interval - MIN (TOLERANCE_US, interval / 4) + interval - 1) /
            interval * interval;
  if (w.due <= now)
    {
      *last_run = now;
      func (data);
      return;
    }
  w.seq = next_seq++;
  g_array_append_val (get_waiting (), w);
  rearm ();
}

/* Returns whether @func (@data) was waiting. */
gboolean
moderato_beat_cancel (ModeratoBeatFunc func,
                      gpointer         data)
{
  gint i = find (func, data);

  if (i < 0)
    return FALSE;
  g_array_remove_index (waiting, (guint) i);
  if (waiting->len == 0)
    g_clear_handle_id (&timer_id, g_source_remove);
  return TRUE;
}

gboolean
moderato_beat_is_waiting (ModeratoBeatFunc func,
                          gpointer         data)
{
  return find (func, data) >= 0;
}
