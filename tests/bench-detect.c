/* bench-detect.c — what detection costs per chat message, and what it keeps
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Feeds a ModeratoDetector by hand with a stream like a busy chat at 300 messages/s: chatter
 * from 5,000 regulars, 5 % members of spam waves (20 new accounts each, varied case,
 * punctuation, repeated letters and emotes), 1 % rants, with three keyword rules, two
 * regular expressions and mentions on. The window holds the last 1,000 messages (30 s of
 * wave window, bounded in count). The texts are made between the timed calls.
 *
 * Prints the mean and 99th percentile cost of moderato_detector_feed() per message, and the
 * heap in use (mallinfo2) and RSS after 100,000 and 1,000,000 messages: it must stay flat.
 * Target: ≤ 20 µs per message. Run: _build/tests/bench-detect [--messages N].
 */
#define G_LOG_DOMAIN "bench-detect"

#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "moderato-detector.h"

#define RATE            300
#define WINDOW_MESSAGES 1000
#define N_REGULARS      5000
#define WAVE_SIZE       20
#define TARGET_US       20.0
#define WARMUP          20000

static const char * const words[] = {
  "the", "stream", "is", "great", "today", "lol", "what", "game", "this", "audio",
  "quiet", "nice", "save", "GG", "hello", "from", "Berlin", "café", "🔥", "👀",
  "can", "you", "show", "settings", "again", "first", "time", "here", "love", "it",
  "how", "long", "have", "been", "streaming", "W", "huge", "play", "that", "song",
  "no", "spoilers", "please", "@CedarHollowLive", "boss", "when", "next", "week", "yes", "😂",
};
static const char * const spam[] = {
  "Free crypto at scam.example, code", "Join my discord for free followers, ref",
  "buy cheap views at views.example, use", "I made $5000 this week, ask me how, id",
};
static const char * const decorations[] = { "", "!!!", " :r+fire:", "?", " 🔥🔥", "..." };

/* Spam, with the case, letters and decorations a bot varies. */
static void
make_spam (GString *out,
           guint    wave,
           guint32  h)
{
  g_autofree char *base = g_strdup_printf ("%s %u", spam[wave % G_N_ELEMENTS (spam)], wave);

  g_string_truncate (out, 0);
  for (const char *p = base; *p != '\0'; p++)
    {
      char c = (h >> (p - base) % 29) & 1 ? g_ascii_toupper (*p) : *p;

      g_string_append_c (out, c);
      if (c == 'e' && (h & 0x100))
        g_string_append (out, "ee");
    }
  g_string_append (out, decorations[h % G_N_ELEMENTS (decorations)]);
}

static void
make_chatter (GString *out,
              GRand   *rand,
              guint32  h)
{
  guint n = 3 + h % 10;

  g_string_truncate (out, 0);
  for (guint i = 0; i < n; i++)
    {
      h = g_rand_int (rand);
      g_string_append_printf (out, "%s%s", i > 0 ? " " : "", words[h % G_N_ELEMENTS (words)]);
    }
}

static gsize
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

static double
status_mb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, field);
  return line != NULL ? g_ascii_strtod (line + strlen (field), NULL) / 1024.0 : 0;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

int
main (int    argc,
      char **argv)
{
  gint64 n_messages = 1000000;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ModeratoDetector) detector = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260420);
  static const char * const keywords[] = { "giveaway", "discord", "scam" };
  static const char * const regexes[] = {
    "\\b(bc1|0x)[0-9a-f]{8,}", "(?i)free\\s+(crypto|followers)",
  };
  static const char * const own[] = { "CedarHollowLive", "CedarHollow", NULL };
  const GOptionEntry entries[] = {
    { "messages", 'n', 0, G_OPTION_ARG_INT64, &n_messages, "Messages to feed (default 1000000)",
      "N" },
    { NULL }
  };
  gint64 *samples;
  guint n_samples = 0;
  gint64 total_us = 0;
  gsize heap_start, heap_100k = 0;
  double rss_100k = 0;
  guint n_waves = 0, n_highlights = 0;
  guint wave = 0, wave_left = 0;
  guint next_account = 0;
  const gint64 t0 = G_GINT64_CONSTANT (1776708000) * G_USEC_PER_SEC;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  n_messages = MAX (n_messages, WARMUP + 1000);

  detector = moderato_detector_new ();
  moderato_detector_set_window_max_messages (detector, WINDOW_MESSAGES);
  moderato_detector_set_own_names (detector, own);
  for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
    {
      g_autoptr(ModeratoDetectRule) rule = moderato_detect_rule_new (NULL, NULL,
                                                                     MODERATO_DETECT_RULE_KEYWORD,
                                                                     keywords[i], TRUE, NULL,
                                                                     FALSE, NULL);
      moderato_detector_add_rule (detector, rule);
    }
  for (guint i = 0; i < G_N_ELEMENTS (regexes); i++)
    {
      g_autoptr(ModeratoDetectRule) rule = moderato_detect_rule_new (NULL, NULL,
                                                                     MODERATO_DETECT_RULE_REGEX,
                                                                     regexes[i], FALSE, NULL,
                                                                     FALSE, NULL);
      moderato_detector_add_rule (detector, rule);
    }
  samples = g_new (gint64, n_messages);
  heap_start = heap_in_use ();

  for (gint64 i = 0; i < n_messages; i++)
    {
      guint32 h = g_rand_int (rand);
      char message_id[24], user_id[16];
      ModeratoDetectInput input = { 0 };
      gint64 start, took;

      g_snprintf (message_id, sizeof message_id, "%" G_GINT64_FORMAT, 1402937465012345601 + i);
      /* A wave of WAVE_SIZE members in every WAVE_SIZE × 20 messages: 5 %. */
      if (wave_left == 0 && i % (WAVE_SIZE * 20) == 0)
        {
          wave++;
          wave_left = WAVE_SIZE;
        }
      if (wave_left > 0 && h % 4 == 0)
        {
          wave_left--;
          g_snprintf (user_id, sizeof user_id, "%u", 90000000 + next_account++);
          make_spam (text, wave, h);
        }
      else
        {
          g_snprintf (user_id, sizeof user_id, "%u", 70000000 + (h >> 8) % N_REGULARS);
          make_chatter (text, rand, h);
        }
      input.message_id = message_id;
      input.user_id = user_id;
      input.username = user_id;
      input.text = text->str;
      input.time_us = t0 + i * G_USEC_PER_SEC / RATE;
      if (h % 100 == 7)
        {
          input.rant_cents = 100 * (1 + h % 50);
          input.rant_duration = 120;
        }

      start = g_get_monotonic_time ();
      moderato_detector_feed (detector, &input);
      took = g_get_monotonic_time () - start;

      if (i >= WARMUP)
        {
          samples[n_samples++] = took;
          total_us += took;
        }
      if (i + 1 == 100000)
        {
          heap_100k = heap_in_use ();
          rss_100k = status_mb ("VmRSS:");
        }
    }

  n_highlights = g_list_model_get_n_items (moderato_detector_get_highlights (detector));
  n_waves = g_list_model_get_n_items (moderato_detector_get_waves (detector));
  qsort (samples, n_samples, sizeof (gint64), compare_gint64);

  {
    double mean = (double) total_us / n_samples;
    double p99 = samples[(gsize) (n_samples * 0.99)];
    double heap_end = (heap_in_use () - heap_start) / 1048576.0;
    double heap_mid = heap_100k ? (heap_100k - heap_start) / 1048576.0 : 0;
    double rss_end = status_mb ("VmRSS:");

    printf ("detection, %" G_GINT64_FORMAT " messages at %u/s, window %u messages, "
            "5 %% wave members\n", n_messages, RATE, WINDOW_MESSAGES);
    printf ("  mean cost per message        %8.2f µs   (target <= %.0f µs: %s)\n", mean,
            TARGET_US, mean <= TARGET_US ? "PASS" : "MISS");
    printf ("  99th percentile              %8.2f µs\n", p99);
    printf ("  heap in use after 100,000    %8.2f MB\n", heap_mid);
    printf ("  heap in use at the end       %8.2f MB\n", heap_end);
    printf ("  RSS after 100,000 / at end   %8.1f / %.1f MB (peak %.1f MB)\n", rss_100k, rss_end,
            status_mb ("VmHWM:"));
    printf ("  open highlights, open waves  %u, %u\n", n_highlights, n_waves);
    printf ("RESULT detect.us_per_msg %.3f\n", mean);
    printf ("RESULT detect.p99_us %.3f\n", p99);
    printf ("RESULT detect.heap_mb %.3f\n", heap_end);
    printf ("RESULT detect.heap_growth_mb %.3f\n", heap_end - heap_mid);
    printf ("RESULT detect.vmhwm_mb %.1f\n", status_mb ("VmHWM:"));
    printf ("RESULT detect.messages %" G_GINT64_FORMAT "\n", n_messages);
  }

  if (g_getenv ("BENCH_DETECT_SHOW_WAVES") != NULL)
    for (guint i = 0; i < n_waves; i++)
      {
        g_autoptr(ModeratoSpamWave) open = g_list_model_get_item (
          moderato_detector_get_waves (detector), i);

        printf ("  open wave %s: %u accounts, “%s”\n", moderato_spam_wave_get_id (open),
                moderato_spam_wave_get_size (open), moderato_spam_wave_get_sample (open));
      }

  g_free (samples);
  return 0;
}
