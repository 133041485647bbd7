/* bench-ledger.c — what the ledger costs: CPU per message recorded, bytes per stored
 * message, search latency over a million rows
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   ingest   N `messages` events through rumble_chat_api_dispatch_event(), with and without
 *            a ledger attached; CPU of the whole process (the worker thread included) per
 *            message, the ledger's writes flushed before the clock stops; with --rate, fed
 *            at that many messages a second, as a chat is (the worker then idles between
 *            messages, and its wake-ups show)
 *   rows     --rows (default 1,000,000) messages written in one transaction straight into a
 *            ledger file (schema, indexes and full-text index as the ledger keeps them)
 *   search   the median and worst of several runs of each query over those rows
 * Prints "RESULT name value" lines for build-aux/bench-report.
 */
#define G_LOG_DOMAIN "bench-ledger"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib/gstdio.h>

#include "moderato-ledger-private.h"

#define STREAM      "100000001"
#define N_USERS     400
#define SEARCH_RUNS 7

static const char * const words[] = {
  "the", "stream", "is", "great", "today", "lol", "what", "game", "this", "audio",
  "quiet", "nice", "save", "GG", "hello", "from", "Berlin", "café", "can", "you",
  "show", "settings", "again", "first", "time", "here", "love", "it", "how", "long",
  "have", "been", "streaming", "huge", "play", "that", "song", "no", "spoilers", "please",
  "giveaway", "when", "next", "week", "yes", "https://example.com/clip", "zebra", "quokka",
};

/* CPU time of the whole process, every thread (the ledger's worker too). */
static double
cpu_seconds (void)
{
  struct timespec now;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec + now.tv_nsec / 1e9;
}

/* CPU time of the calling thread alone (the chat's, where the ledger builds its jobs). */
static double
thread_cpu_seconds (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec + now.tv_nsec / 1e9;
}

/* A stable pseudo-random number for @i (Knuth's multiplicative hash, folded). */
static guint32
mix (guint32 i)
{
  guint64 h = (guint64) (i + 1) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);

  return (guint32) (h >> 32) ^ (guint32) h;
}

static char *
message_text (guint i)
{
  GString *out = g_string_new (NULL);
  guint n = 2 + mix (i) % 14;

  for (guint w = 0; w < n; w++)
    g_string_append_printf (out, "%s%s", w ? " " : "", words[mix (i * 31 + w) % G_N_ELEMENTS (words)]);
  return g_string_free (out, FALSE);
}

static GPtrArray *
make_events (guint n)
{
  GPtrArray *events = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = message_text (i);
      guint u = mix (i * 2654435761u) % N_USERS;

      g_ptr_array_add (events, g_strdup_printf (
        "{\"type\":\"messages\",\"data\":{\"messages\":[{\"id\":\"%u\",\"time\":"
        "\"2026-04-20T18:%02u:%02u+00:00\",\"user_id\":\"%u\",\"text\":\"%s\",\"blocks\":[],"
        "\"type\":\"regular\"}],\"users\":[{\"id\":\"%u\",\"username\":\"User%u\"}],"
        "\"channels\":[[]]}}", 1000000 + i, (i / 60) % 60, i % 60, 70000000 + u, text,
        70000000 + u, u));
    }
  return events;
}

static void
on_flushed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  moderato_ledger_flush_finish (MODERATO_LEDGER (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static void
flush (ModeratoLedger *ledger)
{
  gboolean done = FALSE;

  moderato_ledger_flush_async (ledger, NULL, on_flushed, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* CPU µs per message fed into a chat, @rate a second (0: at once), with @ledger attached
 * when not NULL; the main thread's share in @out_main. */
static double
ingest (GPtrArray      *events,
        guint           rate,
        ModeratoLedger *ledger,
        double         *out_main)
{
  g_autoptr(RumbleChatApi) chat = rumble_chat_api_new (STREAM);
  double cpu0, main0;
  gint64 start;

  rumble_chat_api_dispatch_event (chat, "{\"type\":\"init\",\"data\":{\"chat\":{\"id\":\"" STREAM
                                  "\"},\"messages\":[],\"users\":[],\"channels\":[[]],"
                                  "\"config\":{}}}", -1);
  if (ledger != NULL)
    moderato_ledger_attach (ledger, chat);
  cpu0 = cpu_seconds ();
  main0 = thread_cpu_seconds ();
  start = g_get_monotonic_time ();
  for (guint i = 0; i < events->len; i++)
    {
      gint64 due = rate > 0 ? start + (gint64) i * G_USEC_PER_SEC / rate : 0;
      gint64 now = g_get_monotonic_time ();

      if (due > now)
        g_usleep (due - now);
      rumble_chat_api_dispatch_event (chat, g_ptr_array_index (events, i), -1);
    }
  if (ledger != NULL)
    {
      flush (ledger);
      moderato_ledger_detach (ledger, chat);
    }
  *out_main = (thread_cpu_seconds () - main0) * 1e6 / events->len;
  return (cpu_seconds () - cpu0) * 1e6 / events->len;
}

/* Writes @n messages straight into the ledger file, in one transaction. */
static void
fill (const char *path,
      guint       n)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *msg = NULL, *user = NULL;

  g_assert (sqlite3_open (path, &db) == SQLITE_OK);
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO messages (id, stream_id, time, user_id, text, rant_cents,"
                      " has_link, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", -1, &msg, NULL);
  sqlite3_prepare_v2 (db, "INSERT OR IGNORE INTO users (id, name, first_seen) VALUES (?, ?, 0)",
                      -1, &user, NULL);
  for (guint u = 0; u < 5000; u++)
    {
      g_autofree char *name = g_strdup_printf ("User%u", u);

      sqlite3_bind_int64 (user, 1, 70000000 + u);
      sqlite3_bind_text (user, 2, name, -1, SQLITE_TRANSIENT);
      sqlite3_step (user);
      sqlite3_reset (user);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = message_text (i);

      sqlite3_bind_int64 (msg, 1, 1000000 + i);
      sqlite3_bind_int64 (msg, 2, 100 + i / 50000);
      sqlite3_bind_int64 (msg, 3, 1700000000 + i / 5);
      sqlite3_bind_int64 (msg, 4, 70000000 + mix (i) % 5000);
      sqlite3_bind_text (msg, 5, text, -1, SQLITE_STATIC);
      sqlite3_bind_int (msg, 6, i % 97 == 0 ? 500 : 0);
      sqlite3_bind_int (msg, 7, strstr (text, "https://") != NULL);
      if (i % 50 == 0)
        sqlite3_bind_int64 (msg, 8, 1700000000 + i / 5);
      else
        sqlite3_bind_null (msg, 8);
      sqlite3_step (msg);
      sqlite3_reset (msg);
    }
  sqlite3_finalize (msg);
  sqlite3_finalize (user);
  /* The writer indexes each new message itself; here the index is filled at once. */
  sqlite3_exec (db, "INSERT INTO messages_fts (rowid, text) SELECT id, text FROM messages",
                NULL, NULL, NULL);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  sqlite3_close (db);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
on_searched (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GPtrArray) found = moderato_ledger_search_finish (MODERATO_LEDGER (source), result, NULL);

  *(guint *) user_data = found != NULL ? found->len + 1 : 1;
}

/* Median wall ms of @query (100 results at most, as the app asks). */
static double
search_ms (ModeratoLedger *ledger,
           const char     *query,
           double         *out_worst)
{
  double runs[SEARCH_RUNS];

  for (guint r = 0; r < SEARCH_RUNS; r++)
    {
      guint found = 0;
      gint64 t0 = g_get_monotonic_time ();

      moderato_ledger_search_async (ledger, query, NULL, 100, NULL, on_searched, &found);
      while (found == 0)
        g_main_context_iteration (NULL, TRUE);
      runs[r] = (g_get_monotonic_time () - t0) / 1000.0;
    }
  qsort (runs, SEARCH_RUNS, sizeof runs[0], compare_double);
  *out_worst = runs[SEARCH_RUNS - 1];
  return runs[SEARCH_RUNS / 2];
}

int
main (int    argc,
      char **argv)
{
  int messages = 50000;
  int rows = 1000000;
  int rate = 0;
  guint wakeups;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "messages", 'n', 0, G_OPTION_ARG_INT, &messages, "Messages for the ingest runs (50000)", "N" },
    { "rows", 0, 0, G_OPTION_ARG_INT, &rows, "Rows for the search runs (1000000)", "N" },
    { "rate", 0, 0, G_OPTION_ARG_INT, &rate, "Ingest at N messages a second (0: at once)", "N" },
    { NULL }
  };
  static const char * const queries[] = {
    "quokka", "hello zebra", "\"great stream\"", "from:User42", "is:rant", "has:link", "gam*",
    "in:105 spoilers",
  };
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) events = NULL;
  ModeratoLedger *ledger;
  double off, on, off_main, on_main, worst_all = 0;
  GStatBuf st;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || messages < 1 || rows < 1 ||
      rate < 0)
    {
      g_printerr ("%s\n", error ? error->message : "--messages and --rows must be positive");
      return 2;
    }
  dir = g_dir_make_tmp ("bench-ledger-XXXXXX", &error);
  g_assert_no_error (error);

  /* Ingest, recording off then on. */
  path = g_build_filename (dir, "ingest.sqlite3", NULL);
  events = make_events ((guint) messages);
  ingest (events, 0, NULL, &off_main);   /* warms the allocator and the parser */
  off = ingest (events, (guint) rate, NULL, &off_main);
  ledger = moderato_ledger_open (path, MODERATO_LEDGER_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  moderato_ledger_set_retention (ledger, 0, 0);
  flush (ledger);
  wakeups = ledger_store_get_wakeups (moderato_ledger_get_store (ledger));
  on = ingest (events, (guint) rate, ledger, &on_main);
  wakeups = ledger_store_get_wakeups (moderato_ledger_get_store (ledger)) - wakeups;
  g_object_unref (ledger);
  printf ("\nLedger benchmark\n\n");
  printf ("  ingest, %d messages in-process", messages);
  if (rate > 0)
    printf (" at %d a second", rate);
  printf (": recording off %.1f µs/msg, on %.1f µs/msg (+%.0f %%)\n",
          off, on, 100 * (on - off) / off);
  printf ("  of which the chat's thread: off %.1f µs/msg, on %.1f µs/msg\n", off_main, on_main);
  printf ("  the ledger's worker woke %u times (%.3f a message)\n", wakeups,
          (double) wakeups / messages);
  if (rate == 0)
    printf ("RESULT ledger.ingest_off_us %.2f\nRESULT ledger.ingest_on_us %.2f\n", off, on);
  g_unlink (path);
  g_free (path);

  /* A million rows, then the searches. */
  path = g_build_filename (dir, "search.sqlite3", NULL);
  ledger = moderato_ledger_open (path, MODERATO_LEDGER_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_object_unref (ledger);
  {
    gint64 t0 = g_get_monotonic_time ();

    fill (path, (guint) rows);
    printf ("  %d rows written in %.1f s\n", rows, (g_get_monotonic_time () - t0) / 1e6);
  }
  g_stat (path, &st);
  printf ("  file: %.1f MB, %.0f bytes per stored message\n", st.st_size / 1e6,
          (double) st.st_size / rows);
  printf ("RESULT ledger.bytes_per_message %.1f\n", (double) st.st_size / rows);

  /* Read-only: retention would drop these old rows at open. */
  ledger = moderato_ledger_open (path, MODERATO_LEDGER_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      double worst, median = search_ms (ledger, queries[i], &worst);

      printf ("  search %-20s median %7.2f ms, worst %7.2f ms\n", queries[i], median, worst);
      worst_all = MAX (worst_all, median);
    }
  printf ("RESULT ledger.search_worst_median_ms %.2f\n", worst_all);
  g_object_unref (ledger);
  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
  return 0;
}
