/* bench-window.c — the Moderato window under a chat flood, at start-up and idle
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Modes (each a separate process; `--mode all`, the default, runs flood, startup, idle and
 * baseline in fresh child processes of this program, one after the other):
 *
 *   flood    The real ModeratoWindow (history-len 1000, sidebar shown, following the newest
 *            message) on a fake server fed RATE messages/s (default 300) for SECONDS (20).
 *            The fake runs in a CHILD process (this program with --serve) so getrusage()
 *            counts the window alone. Its messages vary: 500 users with badge sets, ~3 %
 *            rants (running countdowns), ~8 % posted as a channel, native emotes, links,
 *            emoji, markup-like text, long wrapped texts, and a deletion every ~150 messages.
 *            A GdkFrameClock "after-paint" handler timestamps every painted frame:
 *            worst and 95th-percentile interval; CPU time (getrusage) per message; VmHWM;
 *            VmRSS and heap in use (mallinfo2) at SECONDS/2 and at the end.
 *            A 16 px spinner in the header bar keeps the frame clock ticking, as in the
 *            baseline: the chat list is paced (it takes a flood's messages a screenful at a
 *            time, not every frame), so without it the intervals would measure the pacing;
 *            with it they say whether the window painted every frame it was asked for.
 *   startup  The real `moderato --demo --exit-after-first-frame`, RUNS times (7): from just
 *            before spawning the process to the moment its first-frame line arrives on
 *            the pipe (the app prints it in its first after-paint); the median.
 *   idle     The window connected to a quiet chat (a fake sending nothing) for SECONDS (60)
 *            after a 12 s settle (GTK's caret blinks for 10 s first): CPU time; main-loop
 *            wake-ups counted by a wrapper around the default main context's poll function
 *            (timer expiries vs ready fds, each fd named); frames painted; voluntary
 *            context switches per thread.
 *   baseline A 16 px spinner for SECONDS (10): what the frame clock alone gives here, to
 *            read the flood's frame intervals against.
 *   soak     `--soak SECONDS`: the flood at 50 messages/s (or --rate) for SECONDS, printing
 *            RSS, heap, rows and frame figures every minute. Not run by default.
 *            `--moderation-mode`: every row carries the moderation buttons (the default set
 *            of the `moderation-buttons` setting), as in the header's moderation mode; the
 *            bench is not logged in, so they are set on the chat view directly.
 *   users    The flood's window (sidebar shown) taking 100,000 messages (--messages), each
 *            from a new account (every 12th posted as a new channel), sent as fast as the
 *            window takes them: CPU time per message over the whole run and per tenth of it
 *            (a cost that grows with the users seen shows as a falling rate), VmHWM, and
 *            how many users and channels the chat still keeps. Not part of `all`.
 *
 * Every figure is also printed as a "RESULT key value" line for build-aux/bench-report.
 * Run under Xvfb with GDK_DEBUG=gl-disable (build-aux/bench-report does), with
 * GSETTINGS_SCHEMA_DIR pointing at the build's data directory.
 */
#define G_LOG_DOMAIN "bench-window"
#define _GNU_SOURCE   /* RUSAGE_THREAD */

#include "config.h"

#include <adwaita.h>
#include <glib-unix.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "moderato-application.h"
#include "moderato-chat-view.h"
#include "moderato-message-row.h"
#include "moderato-window.h"
#include "rumble-chat-api.h"
#include "rumble-fake-server.h"

#define STREAM          RUMBLE_FAKE_DEFAULT_STREAM
#define N_USERS         500
#define N_CHANNELS      40
#define HISTORY_LEN     1000
#define PACE_MS         10
#define CONNECT_TIMEOUT_S 30
#define IDLE_SETTLE_S   12

static gboolean verbose;
static gboolean hide_sidebar;
static gboolean no_ledger;
static gboolean no_spinner;
static gboolean moderation_mode;
static int      users_messages = 100000;

/* ---- Small helpers ------------------------------------------------------------------ */

static double
cpu_seconds (int who)
{
  struct rusage usage;

  getrusage (who, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

/* A "Name:   123 kB" field of /proc/self/status, in kB, or -1. */
static long
status_kb (const char *field)
{
  g_autofree char *status = NULL;
  g_autofree char *key = g_strconcat ("\n", field, ":", NULL);
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, key);
  return line != NULL ? strtol (line + strlen (key), NULL, 10) : -1;
}

static double
heap_mb (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return (info.uordblks + info.hblkhd) / (1024.0 * 1024.0);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* The @q quantile (0..1, nearest rank) of @values; sorts them. */
static double
quantile (GArray *values,
          double  q)
{
  guint rank;

  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_double);
  rank = (guint) (q * values->len + 0.999999);
  rank = CLAMP (rank, 1, values->len);
  return g_array_index (values, double, rank - 1);
}

static void
result (const char *key,
        double      value)
{
  printf ("RESULT %s %.3f\n", key, value);
}

/* ---- The fake server child ---------------------------------------------------------- */

static const char * const first_names[] = {
  "Amber", "Birch", "Cedar", "Dune", "Ember", "Fern", "Gale", "Hazel", "Iris", "Juniper",
  "Kettle", "Linden", "Maple", "Nettle", "Oak", "Pine", "Quill", "Rowan", "Sage", "Thorn",
  "Umber", "Vesper", "Willow", "Yarrow", "Zinnia",
};
static const char * const second_names[] = {
  "Fox", "Otter", "Wren", "Badger", "Heron", "Lynx", "Moth", "Newt", "Owl", "Pike",
  "Raven", "Stoat", "Toad", "Vole", "Wolf", "Yak", "Bison", "Crane", "Drake", "Egret",
};
static const char * const words[] = {
  "the", "stream", "is", "great", "today", "lol", "what", "game", "this", "audio",
  "quiet", "nice", "save", "GG", "hello", "from", "Berlin", "café", "🔥", "👀",
  "can", "you", "show", "settings", "again", "first", "time", "here", "love", "it",
  "how", "long", "have", "been", "streaming", "W", "huge", "play", "that", "song",
  "no", "spoilers", "please", "@CedarHollowLive", "giveaway", "when", "next", "week", "yes", "😂",
  ":r+fire:", ":r+heart:", ":r+laugh:", ":r+rumble:", ":cedarwave:", "https://example.org/clip",
  "<b>bold?</b>", "&amp;", "¡olé!", "日本語",
};
static const char * const badge_sets[] = {
  NULL, NULL, NULL, NULL,
  "\"moderator\"",
  "\"premium\",\"recurring_subscription\"",
  "\"verified\"",
  "\"whale-blue\",\"recurring_subscription\"",
  "\"premium\"",
  "\"locals_supporter\"",
  "\"whale-yellow\"",
  "\"whale-grey\",\"premium\"",
};
static const guint rant_cents[] = { 100, 200, 500, 1000, 2000, 5000, 10000 };

static guint32
mix (guint32 x)
{
  x ^= x >> 16;
  x *= 0x7feb352d;
  x ^= x >> 15;
  x *= 0x846ca68b;
  x ^= x >> 16;
  return x;
}

typedef struct {
  RumbleFakeServer *fake;
  GMainLoop        *loop;
  GString          *buffer;
  double            rate;
  gboolean          distinct;    /* every message from a new account ("distinct N") */
  guint64           limit;       /* stop after this many messages (0: never) */
  gint64            start;       /* monotonic µs when the current rate began */
  guint64           sent_at_start;
  guint64           sent;
  guint             pace_id;
} Server;

static char *
iso_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (when, "%Y-%m-%dT%H:%M:%S+00:00");
}

/* One `messages` SSE event carrying message @i; the time is now, so rants count down. */
static void
append_message (GString  *out,
                guint64   i,
                gboolean  distinct)
{
  guint32 h = mix ((guint32) i);
  guint u = distinct ? N_USERS + (guint) i : mix ((guint32) i * 2654435761u) % N_USERS;
  guint channel = distinct ? N_CHANNELS + u : u % N_CHANNELS;
  guint n_words = 1 + h % 12;
  gboolean rant = h % 100 < 3;
  gboolean as_channel = !rant && u % 12 == 0;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *time = iso_time (now);
  const char *badges = badge_sets[mix (u + 7) % G_N_ELEMENTS (badge_sets)];
  GString *text = g_string_new (NULL);

  if (h % 50 == 1)
    n_words = 30 + h % 20;   /* a long text that wraps over several lines */
  for (guint w = 0; w < n_words; w++)
    {
      if (w > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, words[mix ((guint32) i * 31 + w) % G_N_ELEMENTS (words)]);
    }

  g_string_append_printf (out, "data: {\"request_id\":\"bench%" G_GUINT64_FORMAT "\",\"type\":\"messages\","
                          "\"data\":{\"messages\":[{\"id\":\"%" G_GUINT64_FORMAT "\",\"time\":\"%s\","
                          "\"user_id\":\"%u\",\"text\":\"%s\",\"blocks\":[{\"type\":\"text.1\","
                          "\"data\":{\"text\":\"%s\"}}],\"type\":\"%s\"",
                          i, G_GUINT64_CONSTANT (1600000000000000000) + i, time, 80000000 + u,
                          text->str, text->str, rant ? "rant" : "regular");
  if (rant)
    {
      guint level = h / 100 % G_N_ELEMENTS (rant_cents);
      guint duration = 120 * (level + 1);
      g_autofree char *expires = iso_time (now + duration);

      g_string_append_printf (out, ",\"rant\":{\"price_cents\":%u,\"duration\":%u,\"expires_on\":\"%s\"}",
                              rant_cents[level], duration, expires);
    }
  if (as_channel)
    g_string_append_printf (out, ",\"channel_id\":%u", 6600000 + channel);

  g_string_append_printf (out, "}],\"users\":[{\"id\":\"%u\",\"username\":\"%s%s%u\","
                          "\"link\":\"/user/%s%s%u\",\"is_follower\":%s,\"color\":\"#%06x\"",
                          80000000 + u,
                          first_names[u % G_N_ELEMENTS (first_names)],
                          second_names[u / G_N_ELEMENTS (first_names) % G_N_ELEMENTS (second_names)], u,
                          first_names[u % G_N_ELEMENTS (first_names)],
                          second_names[u / G_N_ELEMENTS (first_names) % G_N_ELEMENTS (second_names)], u,
                          u % 3 == 0 ? "true" : "false", mix (u) & 0xffffff);
  if (badges != NULL)
    g_string_append_printf (out, ",\"badges\":[%s]", badges);
  g_string_append (out, "}],\"channels\":[");
  if (as_channel)
    g_string_append_printf (out, "{\"id\":\"%u\",\"username\":\"BenchChannel%u\",\"link\":\"/c/BenchChannel%u\"}",
                            6600000 + channel, channel, channel);
  else
    g_string_append (out, "[]");
  g_string_append (out, "]}}\n\n");

  /* Now and then a moderator deletes a recent message. */
  if (i % 150 == 149)
    g_string_append_printf (out, "data: {\"type\":\"delete_messages\",\"data\":{\"message_ids\":[\"%"
                            G_GUINT64_FORMAT "\"]}}\n\n", G_GUINT64_CONSTANT (1600000000000000000) + i - 20);

  g_string_free (text, TRUE);
}

static gboolean
pace_cb (gpointer data)
{
  Server *server = data;
  double elapsed = (g_get_monotonic_time () - server->start) / 1e6;
  guint64 due = server->sent_at_start + (guint64) (elapsed * server->rate);

  if (server->limit > 0)
    due = MIN (due, server->limit);
  if (due <= server->sent)
    return G_SOURCE_CONTINUE;
  g_string_truncate (server->buffer, 0);
  for (; server->sent < due; server->sent++)
    append_message (server->buffer, server->sent, server->distinct);
  rumble_fake_server_push_raw (server->fake, STREAM, server->buffer->str, (gssize) server->buffer->len);
  return G_SOURCE_CONTINUE;
}

/* Commands on stdin, one per line: "rate R" (messages per second from now on), "distinct N"
 * (the next N messages, and no more, each from a new account). EOF quits. */
static gboolean
serve_stdin_cb (int          fd,
                GIOCondition condition,
                gpointer     data)
{
  Server *server = data;
  char line[128];
  ssize_t n = read (fd, line, sizeof line - 1);

  if (n <= 0)
    {
      g_main_loop_quit (server->loop);
      return G_SOURCE_REMOVE;
    }
  line[n] = '\0';
  if (g_str_has_prefix (line, "distinct "))
    {
      guint64 count = g_ascii_strtoull (line + 9, NULL, 10);

      server->distinct = count > 0;
      server->limit = count > 0 ? server->sent + count : 0;
    }
  else if (g_str_has_prefix (line, "rate "))
    {
      server->rate = g_ascii_strtod (line + 5, NULL);
      server->start = g_get_monotonic_time ();
      server->sent_at_start = server->sent;
      if (server->rate > 0 && server->pace_id == 0)
        server->pace_id = g_timeout_add (PACE_MS, pace_cb, server);
      else if (server->rate <= 0)
        g_clear_handle_id (&server->pace_id, g_source_remove);
    }
  return G_SOURCE_CONTINUE;
}

static int
run_server (void)
{
  g_autoptr(GError) error = NULL;
  Server server = { 0 };

  server.fake = rumble_fake_server_new (0, &error);
  if (server.fake == NULL)
    {
      g_printerr ("fake server: %s\n", error->message);
      return 1;
    }
  server.buffer = g_string_sized_new (64 * 1024);
  server.loop = g_main_loop_new (NULL, FALSE);

  printf ("%s\n", rumble_fake_server_get_url (server.fake));
  fflush (stdout);

  g_unix_fd_add (STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, serve_stdin_cb, &server);
  g_main_loop_run (server.loop);

  g_clear_handle_id (&server.pace_id, g_source_remove);
  g_string_free (server.buffer, TRUE);
  g_main_loop_unref (server.loop);
  g_object_unref (server.fake);
  return 0;
}

/* ---- The window on the child fake ---------------------------------------------------- */

typedef struct {
  GSubprocess         *child;
  GOutputStream       *child_in;
  char                *url;
  guint                port;
  ModeratoApplication *app;
  ModeratoWindow      *window;
  RumbleChatApi       *chat;
  GdkFrameClock       *clock;
} Bench;

static gboolean
iterate_until (gboolean (*predicate) (Bench *bench),
               Bench     *bench,
               guint      timeout_s)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;

  while (!predicate (bench))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }
  return TRUE;
}

static gboolean
wake_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
iterate_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, wake_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
chat_ready (Bench *bench)
{
  return bench->chat != NULL && rumble_chat_api_get_state (bench->chat) == RUMBLE_CONNECTION_CONNECTED &&
         g_list_model_get_n_items (rumble_chat_api_get_messages (bench->chat)) > 0 &&
         gtk_widget_get_mapped (GTK_WIDGET (bench->window));
}

static void
send_child (Bench      *bench,
            const char *line)
{
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all (bench->child_in, line, strlen (line), NULL, NULL, &error) ||
      !g_output_stream_flush (bench->child_in, NULL, &error))
    g_error ("cannot talk to the fake server child: %s", error->message);
}

static void
bench_start (Bench *bench)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", &error);
  const char *argv[] = { NULL, "--serve", NULL };
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GUri) uri = NULL;
  GSettings *settings;

  g_assert_no_error (error);
  argv[0] = self_path;
  bench->child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDIN_PIPE,
                                    &error);
  g_assert_no_error (error);
  bench->child_in = g_subprocess_get_stdin_pipe (bench->child);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bench->child));
  bench->url = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  if (bench->url == NULL)
    g_error ("the fake server child printed no URL");
  uri = g_uri_parse (bench->url, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  bench->port = (guint) g_uri_get_port (uri);

  bench->app = moderato_application_new ();
  g_application_set_flags (G_APPLICATION (bench->app), G_APPLICATION_NON_UNIQUE);
  moderato_application_set_server (bench->app, bench->url);
  g_application_register (G_APPLICATION (bench->app), NULL, &error);
  g_assert_no_error (error);

  settings = moderato_application_get_settings (bench->app);
  if (settings != NULL)
    {
      g_settings_set_uint (settings, "history-len", HISTORY_LEN);
      g_settings_set_boolean (settings, "show-sidebar", !hide_sidebar);
      /* The app records into its ledger by default (under the run's private HOME). */
      g_settings_set_boolean (settings, "ledger-record", !no_ledger);
    }
  else
    g_printerr ("warning: no GSettings schema (set GSETTINGS_SCHEMA_DIR); defaults apply\n");

  bench->window = moderato_window_new (bench->app);
  gtk_window_present (GTK_WINDOW (bench->window));
  moderato_window_open_stream (bench->window, STREAM);
  bench->chat = moderato_window_get_chat (bench->window);
  g_assert_nonnull (bench->chat);
  rumble_chat_api_set_history_len (bench->chat, HISTORY_LEN);

  if (!iterate_until (chat_ready, bench, CONNECT_TIMEOUT_S))
    g_error ("the window did not connect to the fake server within %d s", CONNECT_TIMEOUT_S);
  bench->clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench->window));
  g_assert_nonnull (bench->clock);
}

static void
bench_stop (Bench *bench)
{
  g_output_stream_close (bench->child_in, NULL, NULL);   /* EOF: the child quits */
  g_subprocess_wait (bench->child, NULL, NULL);
  g_clear_object (&bench->child);
  gtk_window_destroy (GTK_WINDOW (bench->window));
  for (guint k = 0; k < 200 && g_main_context_iteration (NULL, FALSE); k++)
    ;
  g_clear_object (&bench->app);
  g_free (bench->url);
}

/* ---- Flood and soak ----------------------------------------------------------------- */

typedef struct {
  Bench    *bench;
  GArray   *intervals;       /* ms between consecutive after-paints, whole run */
  GArray   *minute;          /* the same, since the last soak report */
  GArray   *clock_intervals; /* between the frame clock's own frame times */
  gint64    last_paint;
  gint64    last_frame_time;
  guint64   messages;
  guint64   messages_minute;
  gint64    start;
  double    cpu_start;
  double    cpu_minute;
  guint     seconds;
  guint     elapsed;
  gboolean  soak;
  gboolean  done;
  double    rss_half, heap_half, rss_end, heap_end;
  double    rss_first_full, rss_min_full, rss_max_full;
} Flood;

static void
flood_message_cb (RumbleChatApi *chat,
                  RumbleMessage *message,
                  Flood         *flood)
{
  flood->messages++;
  flood->messages_minute++;
}

static void
flood_paint_cb (GdkFrameClock *clock,
                Flood         *flood)
{
  gint64 now = g_get_monotonic_time ();

  gint64 frame_time = gdk_frame_clock_get_frame_time (clock);

  if (flood->last_paint != 0)
    {
      double interval = (now - flood->last_paint) / 1000.0;
      double clock_interval = (frame_time - flood->last_frame_time) / 1000.0;

      g_array_append_val (flood->intervals, interval);
      g_array_append_val (flood->minute, interval);
      g_array_append_val (flood->clock_intervals, clock_interval);
      if (verbose && interval > 34.0)
        printf ("  slow frame at %.3f s: %.1f ms (%" G_GUINT64_FORMAT " messages so far)\n",
                (now - flood->start) / 1e6, interval, flood->messages);
    }
  flood->last_paint = now;
  flood->last_frame_time = frame_time;
}

static gboolean
flood_second_cb (gpointer data)
{
  Flood *flood = data;
  double rss = status_kb ("VmRSS") / 1024.0;

  flood->elapsed++;

  /* "Full": history-len messages arrived (plus a margin); the RSS range from then on. */
  if (flood->messages >= HISTORY_LEN + HISTORY_LEN / 2)
    {
      if (flood->rss_first_full == 0)
        flood->rss_first_full = flood->rss_min_full = flood->rss_max_full = rss;
      flood->rss_min_full = MIN (flood->rss_min_full, rss);
      flood->rss_max_full = MAX (flood->rss_max_full, rss);
    }

  if (!flood->soak && flood->elapsed == flood->seconds / 2)
    {
      flood->rss_half = rss;
      flood->heap_half = heap_mb ();
    }

  if (flood->soak && flood->elapsed % 60 == 0)
    {
      double cpu = cpu_seconds (RUSAGE_SELF);
      double worst = flood->minute->len > 0 ? quantile (flood->minute, 1.0) : 0;
      double p95 = quantile (flood->minute, 0.95);

      printf ("  %5u s  %9" G_GUINT64_FORMAT " msgs  RSS %6.1f MB  heap %6.1f MB  HWM %6.1f MB  rows %3u  "
              "frames %5u  worst %5.1f ms  p95 %5.1f ms  CPU %4.1f %%\n",
              flood->elapsed, flood->messages, rss, heap_mb (), status_kb ("VmHWM") / 1024.0,
              moderato_message_row_get_n_instances (), flood->minute->len, worst, p95,
              100.0 * (cpu - flood->cpu_minute) / 60.0);
      fflush (stdout);
      g_array_set_size (flood->minute, 0);
      flood->cpu_minute = cpu;
      flood->messages_minute = 0;
    }

  if (flood->elapsed >= flood->seconds)
    {
      flood->rss_end = rss;
      flood->heap_end = heap_mb ();
      flood->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
at_bottom (ModeratoWindow *window)
{
  GtkListView *list = moderato_chat_view_get_list_view (moderato_window_get_chat_view (window));
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));

  return gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) >=
         gtk_adjustment_get_upper (adj) - 2;
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The baseline's animation, in the window's header bar. */
static void
add_spinner (GtkWidget *window)
{
  GtkWidget *header = find_descendant (window, ADW_TYPE_HEADER_BAR);
  GtkWidget *spinner = gtk_spinner_new ();

  g_assert (header != NULL);
  gtk_spinner_start (GTK_SPINNER (spinner));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), spinner);
}

static int
run_flood (double   rate,
           guint    seconds,
           gboolean soak)
{
  Bench bench = { 0 };
  Flood flood = { 0 };
  g_autofree char *command = g_strdup_printf ("rate %g\n", rate);
  gulong message_handler, paint_handler;
  double cpu, worst, p95, p50, wall, over50 = 0, late = 0;
  guint frames;
  ModeratoChatView *view;

  bench_start (&bench);
  if (moderation_mode)
    {
      GSettings *settings = moderato_application_get_settings (bench.app);
      g_auto(GStrv) buttons = settings != NULL ?
                              g_settings_get_strv (settings, "moderation-buttons") : NULL;
      static const char * const fallback[] = { "delete", "5m", "stream", NULL };

      moderato_chat_view_set_moderation_buttons (moderato_window_get_chat_view (bench.window),
                                                 buttons != NULL ?
                                                 (const char * const *) buttons : fallback);
      printf ("Moderation mode: buttons on every row\n");
    }
  if (!no_spinner)
    add_spinner (GTK_WIDGET (bench.window));
  iterate_for (1000);   /* the backlog drawn, images fetched */

  flood.bench = &bench;
  flood.seconds = seconds;
  flood.soak = soak;
  flood.intervals = g_array_new (FALSE, FALSE, sizeof (double));
  flood.minute = g_array_new (FALSE, FALSE, sizeof (double));
  flood.clock_intervals = g_array_new (FALSE, FALSE, sizeof (double));
  message_handler = g_signal_connect (bench.chat, "message-received", G_CALLBACK (flood_message_cb), &flood);
  paint_handler = g_signal_connect (bench.clock, "after-paint", G_CALLBACK (flood_paint_cb), &flood);

  if (soak)
    printf ("Soak: %g messages/s for %u s, history-len %d (RSS every minute)\n", rate, seconds, HISTORY_LEN);
  fflush (stdout);

  flood.cpu_start = flood.cpu_minute = cpu_seconds (RUSAGE_SELF);
  flood.start = g_get_monotonic_time ();
  send_child (&bench, command);
  g_timeout_add (1000, flood_second_cb, &flood);
  while (!flood.done)
    g_main_context_iteration (NULL, TRUE);

  cpu = cpu_seconds (RUSAGE_SELF) - flood.cpu_start;
  wall = (g_get_monotonic_time () - flood.start) / 1e6;
  g_signal_handler_disconnect (bench.chat, message_handler);
  g_signal_handler_disconnect (bench.clock, paint_handler);
  send_child (&bench, "rate 0\n");

  /* Following is applied once per frame: give the last messages' frame a chance before
   * asking whether the view is at the bottom. */
  {
    gint64 until = g_get_monotonic_time () + 300 * G_TIME_SPAN_MILLISECOND;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }

  frames = flood.intervals->len;
  for (guint k = 0; k < frames; k++)
    {
      double interval = g_array_index (flood.intervals, double, k);

      over50 += interval > 50.0;
      late += interval > 25.0;   /* 1.5 refresh periods: a frame missed */
    }
  worst = quantile (flood.intervals, 1.0);
  p95 = quantile (flood.intervals, 0.95);
  p50 = quantile (flood.intervals, 0.50);
  view = moderato_window_get_chat_view (bench.window);

  printf ("\n%s: %.0f messages/s requested, %.1f received (%" G_GUINT64_FORMAT " in %.1f s), history-len %d\n",
          soak ? "Soak" : "Window flood", rate, flood.messages / wall, flood.messages, wall, HISTORY_LEN);
  printf ("  frames painted        %u (%.1f/s)\n", frames, frames / wall);
  printf ("  frame interval        worst %.1f ms, p95 %.1f ms, median %.1f ms, %.0f over 25 ms, %.0f over 50 ms\n",
          worst, p95, p50, late, over50);
  printf ("  frame-clock times     worst %.1f ms, p95 %.1f ms (gdk_frame_clock_get_frame_time deltas)\n",
          quantile (flood.clock_intervals, 1.0), quantile (flood.clock_intervals, 0.95));
  printf ("  CPU (this process)    %.2f s = %.0f %% of a core, %.1f µs per message\n",
          cpu, 100 * cpu / wall, flood.messages > 0 ? 1e6 * cpu / flood.messages : 0);
  printf ("  peak RSS (VmHWM)      %.1f MB\n", status_kb ("VmHWM") / 1024.0);
  if (!soak)
    printf ("  RSS at %u s / %u s     %.1f / %.1f MB (heap in use %.1f / %.1f MB)\n",
            seconds / 2, seconds, flood.rss_half, flood.rss_end, flood.heap_half, flood.heap_end);
  printf ("  RSS once full         first %.1f, min %.1f, max %.1f MB\n",
          flood.rss_first_full, flood.rss_min_full, flood.rss_max_full);
  printf ("  messages kept         %u; row widgets %u (bound %u); following %s, at bottom %s\n",
          g_list_model_get_n_items (rumble_chat_api_get_messages (bench.chat)),
          moderato_message_row_get_n_instances (), moderato_chat_view_get_n_rows (view),
          moderato_chat_view_get_following (view) ? "yes" : "no",
          at_bottom (bench.window) ? "yes" : "no");
  printf ("  attention lane        %u items\n",
          moderato_attention_lane_get_n_items (moderato_window_get_attention_lane (bench.window)));

  if (!soak)
    {
      result ("flood.rate", flood.messages / wall);
      result ("flood.messages", flood.messages);
      result ("flood.seconds", wall);
      result ("flood.frames", frames);
      result ("flood.frame_worst_ms", worst);
      result ("flood.frame_p95_ms", p95);
      result ("flood.frame_median_ms", p50);
      result ("flood.frames_over_50ms", over50);
      result ("flood.frames_over_25ms", late);
      result ("flood.clock_p95_ms", quantile (flood.clock_intervals, 0.95));
      result ("flood.cpu_s", cpu);
      result ("flood.cpu_us_per_msg", flood.messages > 0 ? 1e6 * cpu / flood.messages : 0);
      result ("flood.vmhwm_mb", status_kb ("VmHWM") / 1024.0);
      result ("flood.rss_half_mb", flood.rss_half);
      result ("flood.rss_end_mb", flood.rss_end);
      result ("flood.heap_half_mb", flood.heap_half);
      result ("flood.heap_end_mb", flood.heap_end);
      result ("flood.rows", moderato_message_row_get_n_instances ());
      result ("flood.kept", g_list_model_get_n_items (rumble_chat_api_get_messages (bench.chat)));
      result ("flood.following", moderato_chat_view_get_following (view) && at_bottom (bench.window));
    }
  else
    {
      result ("soak.rss_first_full_mb", flood.rss_first_full);
      result ("soak.rss_end_mb", flood.rss_end);
      result ("soak.rss_max_full_mb", flood.rss_max_full);
      result ("soak.vmhwm_mb", status_kb ("VmHWM") / 1024.0);
    }
  fflush (stdout);

  g_array_unref (flood.intervals);
  g_array_unref (flood.minute);
  g_array_unref (flood.clock_intervals);
  bench_stop (&bench);
  return 0;
}

/* ---- A flood of new accounts -------------------------------------------------------- */

#define USERS_TENTHS 10

typedef struct {
  guint    n;
  guint    received;
  double   cpu_at[USERS_TENTHS + 1];
  double   wall_at[USERS_TENTHS + 1];
} Users;

static void
users_message_cb (RumbleChatApi *chat,
                  RumbleMessage *message,
                  Users         *users)
{
  guint tenth = users->n / USERS_TENTHS;

  users->received++;
  if (tenth > 0 && users->received % tenth == 0 && users->received / tenth <= USERS_TENTHS)
    {
      users->cpu_at[users->received / tenth] = cpu_seconds (RUSAGE_SELF);
      users->wall_at[users->received / tenth] = g_get_monotonic_time () / 1e6;
    }
}

static int
run_users (guint  n,
           double rate,
           guint  timeout_s)
{
  Bench bench = { 0 };
  Users users = { .n = n };
  g_autofree char *distinct = g_strdup_printf ("distinct %u\n", n);
  g_autofree char *command = g_strdup_printf ("rate %g\n", rate);
  gint64 end;
  gulong handler;
  double cpu, wall, first = 0, last = 0;
  guint tenths;

  bench_start (&bench);
  iterate_for (1000);

  handler = g_signal_connect (bench.chat, "message-received",
                              G_CALLBACK (users_message_cb), &users);
  users.cpu_at[0] = cpu_seconds (RUSAGE_SELF);
  users.wall_at[0] = g_get_monotonic_time () / 1e6;
  send_child (&bench, distinct);
  iterate_for (50);   /* one command per read on the child's side */
  send_child (&bench, command);

  end = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;
  while (users.received < n && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  cpu = cpu_seconds (RUSAGE_SELF) - users.cpu_at[0];
  wall = g_get_monotonic_time () / 1e6 - users.wall_at[0];
  g_signal_handler_disconnect (bench.chat, handler);
  send_child (&bench, "rate 0\n");

  tenths = MIN (USERS_TENTHS, users.received / MAX (n / USERS_TENTHS, 1));
  printf ("\nNew accounts: %u messages asked, each from a new account, at up to %.0f/s; "
          "history-len %d, sidebar %s, ledger %s\n", n, rate, HISTORY_LEN,
          hide_sidebar ? "hidden" : "shown", no_ledger ? "off" : "recording");
  printf ("  received              %u in %.1f s%s\n", users.received, wall,
          users.received < n ? " (timed out)" : "");
  printf ("  CPU (this process)    %.2f s = %.0f messages/s of CPU\n", cpu,
          cpu > 0 ? users.received / cpu : 0);
  printf ("  messages/s of CPU, by tenth of the run:");
  for (guint t = 1; t <= tenths; t++)
    {
      double rate_t = (n / USERS_TENTHS) / MAX (users.cpu_at[t] - users.cpu_at[t - 1], 1e-6);

      printf (" %.0f", rate_t);
      if (t == 1)
        first = rate_t;
      last = rate_t;
    }
  printf ("\n  peak RSS (VmHWM)      %.1f MB\n", status_kb ("VmHWM") / 1024.0);
  printf ("  kept                  %u users, %u channels, %u messages\n",
          g_list_model_get_n_items (rumble_chat_api_get_users (bench.chat)),
          g_list_model_get_n_items (rumble_chat_api_get_channels (bench.chat)),
          g_list_model_get_n_items (rumble_chat_api_get_messages (bench.chat)));

  result ("users.messages", users.received);
  result ("users.cpu_rate", cpu > 0 ? users.received / cpu : 0);
  result ("users.first_tenth_rate", first);
  result ("users.last_tenth_rate", last);
  result ("users.vmhwm_mb", status_kb ("VmHWM") / 1024.0);
  result ("users.kept_users",
          g_list_model_get_n_items (rumble_chat_api_get_users (bench.chat)));
  result ("users.kept_channels",
          g_list_model_get_n_items (rumble_chat_api_get_channels (bench.chat)));
  fflush (stdout);

  bench_stop (&bench);
  return users.received == n ? 0 : 1;
}

/* ---- Idle --------------------------------------------------------------------------- */

typedef struct {
  gboolean    active;
  guint       polls;
  guint       sleeps;            /* polls that could block (timeout != 0) */
  guint       timer_wakeups;     /* … and ended because the timeout expired */
  guint       fd_wakeups;        /* … and ended because an fd was ready */
  GHashTable *per_fd;            /* fd → wake-ups */
  GArray     *timer_times;       /* monotonic s of each timer wake-up */
  guint       frames;
} IdleStats;

static IdleStats idle_stats;
static GPollFunc original_poll;

static gint
counting_poll (GPollFD *fds,
               guint    nfds,
               gint     timeout)
{
  gint ret = original_poll (fds, nfds, timeout);

  if (!idle_stats.active)
    return ret;
  idle_stats.polls++;
  if (timeout == 0)
    return ret;
  idle_stats.sleeps++;
  if (ret == 0)
    {
      double now = g_get_monotonic_time () / 1e6;

      idle_stats.timer_wakeups++;
      g_array_append_val (idle_stats.timer_times, now);
    }
  else if (ret > 0)
    {
      idle_stats.fd_wakeups++;
      for (guint k = 0; k < nfds; k++)
        if (fds[k].revents != 0)
          {
            gpointer key = GINT_TO_POINTER (fds[k].fd);

            g_hash_table_insert (idle_stats.per_fd, key,
                                 GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (idle_stats.per_fd, key)) + 1));
          }
    }
  return ret;
}

static void
idle_paint_cb (GdkFrameClock *clock,
               gpointer       data)
{
  if (idle_stats.active)
    idle_stats.frames++;
}

/* The remote port of the TCP socket with @inode, or 0. */
static guint
tcp_remote_port (const char *inode)
{
  const char *files[] = { "/proc/self/net/tcp", "/proc/self/net/tcp6" };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;

      if (!g_file_get_contents (files[f], &text, NULL, NULL))
        continue;
      lines = g_strsplit (text, "\n", -1);
      for (guint k = 1; lines[k] != NULL; k++)
        {
          g_auto(GStrv) cols = g_strsplit_set (g_strstrip (lines[k]), " ", -1);
          GPtrArray *fields = g_ptr_array_new ();
          const char *remote;
          const char *colon;
          guint port = 0;

          for (guint c = 0; cols[c] != NULL; c++)
            if (*cols[c] != '\0')
              g_ptr_array_add (fields, cols[c]);
          /* sl local rem st tx:rx tr:when retrnsmt uid timeout inode */
          if (fields->len > 9 && g_str_equal (g_ptr_array_index (fields, 9), inode))
            {
              remote = g_ptr_array_index (fields, 2);
              colon = strchr (remote, ':');
              if (colon != NULL)
                port = (guint) g_ascii_strtoull (colon + 1, NULL, 16);
            }
          g_ptr_array_unref (fields);
          if (port != 0)
            return port;
        }
    }
  return 0;
}

static char *
describe_fd (int   fd,
             guint fake_port)
{
  g_autofree char *link_path = g_strdup_printf ("/proc/self/fd/%d", fd);
  g_autofree char *target = g_file_read_link (link_path, NULL);

  if (target == NULL)
    return g_strdup ("(closed)");
  if (g_str_has_prefix (target, "socket:["))
    {
      g_autofree char *inode = g_strndup (target + 8, strlen (target) - 9);
      guint port = tcp_remote_port (inode);

      if (port != 0 && port == fake_port)
        return g_strdup ("TCP to the chat server (the socket)");
      if (port != 0)
        return g_strdup_printf ("TCP to port %u", port);
      return g_strdup ("unix socket (the X server)");
    }
  if (strstr (target, "eventfd") != NULL)
    return g_strdup ("eventfd (main-context wake-up from another thread)");
  return g_steal_pointer (&target);
}

/* name → voluntary context switches, for every thread of this process */
static GHashTable *
thread_switches (void)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;

  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/status", tid);
      g_autofree char *status = NULL;
      g_autofree char *name = NULL;
      const char *line;
      const char *end;

      if (!g_file_get_contents (path, &status, NULL, NULL))
        continue;
      line = strstr (status, "Name:\t");
      end = line != NULL ? strchr (line, '\n') : NULL;
      name = line != NULL && end != NULL ? g_strndup (line + 6, end - line - 6) : g_strdup ("?");
      if (atoi (tid) == getpid ())
        {
          g_free (name);
          name = g_strdup ("main");
        }
      else
        {
          char *unique = g_strdup_printf ("%s[%s]", name, tid);

          g_free (name);
          name = unique;
        }
      line = strstr (status, "\nvoluntary_ctxt_switches:");
      if (line != NULL)
        g_hash_table_insert (table, g_steal_pointer (&name),
                             GSIZE_TO_POINTER (strtoul (line + 25, NULL, 10)));
    }
  return table;
}

static int
run_idle (guint seconds)
{
  Bench bench = { 0 };
  g_autoptr(GHashTable) switches_before = NULL;
  g_autoptr(GHashTable) switches_after = NULL;
  GHashTableIter iter;
  gpointer key, value;
  double cpu0, cpu, cpu_main0, cpu_main, wall;
  gint64 start;
  gulong paint_handler;
  double periodic = 0;

  bench_start (&bench);
  /* Backlog drawn, emotes and badges fetched, and GTK's text cursor done blinking: it blinks
   * for 10 s (gtk-cursor-blink-timeout) in the focused entry, then stops. */
  iterate_for (IDLE_SETTLE_S * 1000);

  idle_stats.per_fd = g_hash_table_new (NULL, NULL);
  idle_stats.timer_times = g_array_new (FALSE, FALSE, sizeof (double));
  original_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, counting_poll);
  paint_handler = g_signal_connect (bench.clock, "after-paint", G_CALLBACK (idle_paint_cb), NULL);

  switches_before = thread_switches ();
  cpu0 = cpu_seconds (RUSAGE_SELF);
  cpu_main0 = cpu_seconds (RUSAGE_THREAD);
  start = g_get_monotonic_time ();
  idle_stats.active = TRUE;
  iterate_for (seconds * 1000);
  idle_stats.active = FALSE;
  wall = (g_get_monotonic_time () - start) / 1e6;
  cpu = cpu_seconds (RUSAGE_SELF) - cpu0;
  cpu_main = cpu_seconds (RUSAGE_THREAD) - cpu_main0;
  switches_after = thread_switches ();

  g_signal_handler_disconnect (bench.clock, paint_handler);
  g_main_context_set_poll_func (NULL, original_poll);

  /* Timer wake-ups that come back at a steady period: the median gap. */
  if (idle_stats.timer_times->len >= 3)
    {
      GArray *gaps = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint k = 1; k < idle_stats.timer_times->len; k++)
        {
          double gap = g_array_index (idle_stats.timer_times, double, k) -
                       g_array_index (idle_stats.timer_times, double, k - 1);

          g_array_append_val (gaps, gap);
        }
      periodic = quantile (gaps, 0.5);
      g_array_unref (gaps);
    }

  printf ("\nIdle: the window connected to a quiet chat for %.1f s (the fake sends nothing)\n", wall);
  printf ("  CPU (this process)    %.1f ms (%.3f %% of a core); main thread %.1f ms\n",
          cpu * 1000, 100 * cpu / wall, cpu_main * 1000);
  printf ("  main-loop wake-ups    %u (%.2f/s): %u timer expiries, %u ready fds; %u polls in all\n",
          idle_stats.sleeps, idle_stats.sleeps / wall, idle_stats.timer_wakeups, idle_stats.fd_wakeups,
          idle_stats.polls);
  if (idle_stats.timer_wakeups >= 3)
    printf ("  timer wake-ups        median gap %.3f s\n", periodic);
  g_hash_table_iter_init (&iter, idle_stats.per_fd);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *what = describe_fd (GPOINTER_TO_INT (key), bench.port);

      printf ("  fd %-3d ready          %u× — %s\n", GPOINTER_TO_INT (key), GPOINTER_TO_UINT (value), what);
    }
  if (verbose)
    {
      printf ("  timer wake-ups at (s):");
      for (guint k = 0; k < idle_stats.timer_times->len && k < 200; k++)
        printf (" %.3f", g_array_index (idle_stats.timer_times, double, k) - start / 1e6);
      printf ("\n");
    }
  printf ("  frames painted        %u\n", idle_stats.frames);
  printf ("  voluntary context switches per thread:");
  g_hash_table_iter_init (&iter, switches_after);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gpointer before = NULL;

      if (g_hash_table_lookup_extended (switches_before, key, NULL, &before))
        printf (" %s %zu", (const char *) key, GPOINTER_TO_SIZE (value) - GPOINTER_TO_SIZE (before));
      else
        printf (" %s (new) %zu", (const char *) key, GPOINTER_TO_SIZE (value));
    }
  printf ("\n");

  result ("idle.seconds", wall);
  result ("idle.cpu_ms", cpu * 1000);
  result ("idle.cpu_percent", 100 * cpu / wall);
  result ("idle.wakeups", idle_stats.sleeps);
  result ("idle.wakeups_per_s", idle_stats.sleeps / wall);
  result ("idle.timer_wakeups", idle_stats.timer_wakeups);
  result ("idle.fd_wakeups", idle_stats.fd_wakeups);
  result ("idle.frames", idle_stats.frames);
  fflush (stdout);

  g_hash_table_unref (idle_stats.per_fd);
  g_array_unref (idle_stats.timer_times);
  bench_stop (&bench);
  return 0;
}

/* ---- Baseline: what the frame clock gives a trivial animation here ---------------- */

static void
baseline_paint_cb (GdkFrameClock *clock,
                   Flood         *flood)
{
  gint64 now = g_get_monotonic_time ();

  if (flood->last_paint != 0)
    {
      double interval = (now - flood->last_paint) / 1000.0;

      g_array_append_val (flood->intervals, interval);
    }
  flood->last_paint = now;
}

static int
run_baseline (guint seconds)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *spinner = gtk_spinner_new ();
  Flood flood = { 0 };
  double cpu0, cpu;
  gulong handler;

  gtk_window_set_default_size (GTK_WINDOW (window), 960, 720);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_window_set_child (GTK_WINDOW (window), spinner);
  gtk_window_present (GTK_WINDOW (window));
  iterate_for (1000);

  flood.intervals = g_array_new (FALSE, FALSE, sizeof (double));
  handler = g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                              G_CALLBACK (baseline_paint_cb), &flood);
  cpu0 = cpu_seconds (RUSAGE_SELF);
  iterate_for (seconds * 1000);
  cpu = cpu_seconds (RUSAGE_SELF) - cpu0;
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (window), handler);

  printf ("\nBaseline: a 16 px spinner in a %dx%d window for %u s (the frame clock alone)\n", 960, 720, seconds);
  printf ("  frames painted        %u\n", flood.intervals->len);
  printf ("  frame interval        worst %.1f ms, p95 %.1f ms, median %.1f ms; CPU %.0f %% of a core\n",
          quantile (flood.intervals, 1.0), quantile (flood.intervals, 0.95),
          quantile (flood.intervals, 0.5), 100 * cpu / seconds);
  result ("baseline.frame_worst_ms", quantile (flood.intervals, 1.0));
  result ("baseline.frame_p95_ms", quantile (flood.intervals, 0.95));
  fflush (stdout);
  g_array_unref (flood.intervals);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

/* ---- Start-up ------------------------------------------------------------------------ */

static int
run_startup (const char *moderato,
             guint       runs)
{
  g_autoptr(GArray) totals = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) mains = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) hwms = g_array_new (FALSE, FALSE, sizeof (double));
  double median, worst;

  printf ("\nStart-up: `%s --demo --exit-after-first-frame`, %u runs\n", moderato, runs);
  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(GError) error = NULL;
      const char *argv[] = { moderato, "--demo", "--exit-after-first-frame", NULL };
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GDataInputStream) out = NULL;
      double total = -1, main_ms = -1, hwm = -1;
      char *line;
      gint64 t0;

      t0 = g_get_monotonic_time ();
      child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
      if (child == NULL)
        g_error ("cannot start %s: %s", moderato, error->message);
      out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
      while ((line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, NULL)) != NULL)
        {
          if (g_str_has_prefix (line, "first-frame-ms: "))
            {
              total = (g_get_monotonic_time () - t0) / 1000.0;
              main_ms = g_ascii_strtod (line + 16, NULL);
            }
          else if (g_str_has_prefix (line, "vm-hwm-kb: "))
            hwm = g_ascii_strtod (line + 11, NULL) / 1024.0;
          g_free (line);
        }
      g_subprocess_wait (child, NULL, NULL);
      if (total < 0)
        g_error ("run %u: %s printed no first-frame time (exit status %d)", r + 1, moderato,
                 g_subprocess_get_exit_status (child));
      printf ("  run %u: process start → first frame %.1f ms (main() → first frame %.1f ms), VmHWM %.1f MB\n",
              r + 1, total, main_ms, hwm);
      g_array_append_val (totals, total);
      g_array_append_val (mains, main_ms);
      g_array_append_val (hwms, hwm);
    }

  median = quantile (totals, 0.5);
  worst = quantile (totals, 1.0);
  printf ("  median %.1f ms (main() → first frame %.1f ms), slowest %.1f ms, VmHWM %.1f MB\n",
          median, quantile (mains, 0.5), worst, quantile (hwms, 0.5));
  result ("startup.median_ms", median);
  result ("startup.main_median_ms", quantile (mains, 0.5));
  result ("startup.worst_ms", worst);
  result ("startup.vmhwm_mb", quantile (hwms, 0.5));
  result ("startup.runs", runs);
  fflush (stdout);
  return 0;
}

/* ---- main ---------------------------------------------------------------------------- */

static int
run_all (const char *moderato)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", &error);
  const char *modes[] = { "flood", "startup", "idle", "baseline" };
  int rc = 0;

  g_assert_no_error (error);
  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      const char *argv[] = { self_path, "--mode", modes[m], "--moderato", moderato, NULL };
      g_autoptr(GSubprocess) child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);

      g_assert_no_error (error);
      g_subprocess_wait (child, NULL, NULL);
      if (!g_subprocess_get_successful (child))
        {
          g_printerr ("bench-window --mode %s failed\n", modes[m]);
          rc = 1;
        }
    }
  return rc;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *mode = NULL;
  g_autofree char *moderato = NULL;
  double rate = -1;
  int seconds = -1, runs = 7, soak = 0;
  gboolean serve = FALSE;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "mode", 0, 0, G_OPTION_ARG_STRING, &mode,
      "all (default), flood, startup, idle, baseline or users", "MODE" },
    { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &rate, "Flood messages/s (default 300; soak 50)", "R" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds,
      "Flood (20) or idle (60) duration; users: time limit (300)", "S" },
    { "messages", 0, 0, G_OPTION_ARG_INT, &users_messages,
      "Users: messages, one new account each (100000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Start-up runs (default 7)", "N" },
    { "soak", 0, 0, G_OPTION_ARG_INT, &soak, "Soak: the flood at 50 msg/s for S seconds, RSS each minute", "S" },
    { "moderato", 0, 0, G_OPTION_ARG_FILENAME, &moderato, "The moderato executable (start-up)", "PATH" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Flood: print every frame slower than 34 ms", NULL },
    { "hide-sidebar", 0, 0, G_OPTION_ARG_NONE, &hide_sidebar, "Flood/idle: without the user list (shown by default)", NULL },
    { "no-ledger", 0, 0, G_OPTION_ARG_NONE, &no_ledger, "Flood: without recording into the ledger (on by default, as in the app)", NULL },
    { "moderation-mode", 0, 0, G_OPTION_ARG_NONE, &moderation_mode, "Flood/soak: every row with the moderation buttons", NULL },
    { "no-spinner", 0, 0, G_OPTION_ARG_NONE, &no_spinner, "Flood: without the header's spinner (frames only when the window changes)", NULL },
    { "serve", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &serve, "Internal: be the fake server child", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (serve)
    return run_server ();

  /* Never the user's settings; the schema comes from GSETTINGS_SCHEMA_DIR. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  if (moderato == NULL)
    moderato = g_strdup (MODERATO_PATH);

  if (soak > 0)
    {
      if (!gtk_init_check ())
        {
          g_printerr ("bench-window: no display (run under Xvfb)\n");
          return 1;
        }
      adw_init ();
      return run_flood (rate > 0 ? rate : 50, (guint) soak, TRUE);
    }
  if (mode == NULL || g_str_equal (mode, "all"))
    return run_all (moderato);
  if (g_str_equal (mode, "startup"))
    return run_startup (moderato, (guint) MAX (runs, 1));
  if (!g_str_equal (mode, "flood") && !g_str_equal (mode, "idle") &&
      !g_str_equal (mode, "baseline") && !g_str_equal (mode, "users"))
    {
      g_printerr ("unknown mode %s\n", mode);
      return 2;
    }
  if (!gtk_init_check ())
    {
      g_printerr ("bench-window: no display (run under Xvfb)\n");
      return 1;
    }
  adw_init ();
  if (g_str_equal (mode, "baseline"))
    return run_baseline (seconds > 0 ? (guint) seconds : 10);
  if (g_str_equal (mode, "flood"))
    return run_flood (rate > 0 ? rate : 300, seconds > 0 ? (guint) seconds : 20, FALSE);
  if (g_str_equal (mode, "users"))
    return run_users ((guint) MAX (users_messages, USERS_TENTHS), rate > 0 ? rate : 20000,
                      seconds > 0 ? (guint) seconds : 300);
  return run_idle (seconds > 0 ? (guint) seconds : 60);
}
