/* test-detect.c — highlights, spam waves and rants (src/detect/)
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Waves and rules are fed by hand with chosen times; the highlights, a wave and a rant also
 * come through a RumbleChatApi from the fake server, as in the app.
 */
#define G_LOG_DOMAIN "test-detect"

#include "config.h"

#include <malloc.h>
#include <string.h>

#include "moderato-detect-text.h"
#include "moderato-detector.h"
#include "moderato-wave-finder.h"
#include "rumble-fake-server.h"
#include "test-util.h"

#define T0 (G_GINT64_CONSTANT (1776708000) * G_USEC_PER_SEC)
#define S  G_USEC_PER_SEC

/* ---- What the detector said --------------------------------------------------------- */

typedef struct {
  GPtrArray *events;      /* "created w1 4", "grown w1 5", "closed w1 12", "highlight mention 17" */
  GPtrArray *highlights;  /* ModeratoHighlight */
  GPtrArray *rants;       /* ModeratoDetectRant */
  guint      rule_failed;
} Log;

static void
log_wave (Log              *log,
          const char       *what,
          ModeratoSpamWave *wave)
{
  g_ptr_array_add (log->events, g_strdup_printf ("%s %s %u", what, moderato_spam_wave_get_id (wave),
                                                 moderato_spam_wave_get_size (wave)));
}

static void
on_wave_created (ModeratoDetector *detector,
                 ModeratoSpamWave *wave,
                 Log              *log)
{
  log_wave (log, "created", wave);
}

static void
on_wave_grown (ModeratoDetector *detector,
               ModeratoSpamWave *wave,
               Log              *log)
{
  log_wave (log, "grown", wave);
}

static void
on_wave_closed (ModeratoDetector *detector,
                ModeratoSpamWave *wave,
                Log              *log)
{
  g_assert_cmpint (moderato_spam_wave_get_state (wave), ==, MODERATO_SPAM_WAVE_CLOSED);
  log_wave (log, "closed", wave);
}

static void
on_highlight (ModeratoDetector  *detector,
              ModeratoHighlight *highlight,
              Log               *log)
{
  g_ptr_array_add (log->highlights, g_object_ref (highlight));
  g_ptr_array_add (log->events, g_strdup_printf ("highlight %s %s",
                                                 moderato_highlight_get_kind_nick (highlight),
                                                 moderato_highlight_get_message_id (highlight)));
}

static void
on_rant (ModeratoDetector   *detector,
         ModeratoDetectRant *rant,
         Log                *log)
{
  g_ptr_array_add (log->rants, g_object_ref (rant));
}

static void
on_rule_failed (ModeratoDetector   *detector,
                ModeratoDetectRule *rule,
                Log                *log)
{
  log->rule_failed++;
}

static void
log_init (Log              *log,
          ModeratoDetector *detector)
{
  log->events = g_ptr_array_new_with_free_func (g_free);
  log->highlights = g_ptr_array_new_with_free_func (g_object_unref);
  log->rants = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (detector, "wave-created", G_CALLBACK (on_wave_created), log);
  g_signal_connect (detector, "wave-grown", G_CALLBACK (on_wave_grown), log);
  g_signal_connect (detector, "wave-closed", G_CALLBACK (on_wave_closed), log);
  g_signal_connect (detector, "highlight", G_CALLBACK (on_highlight), log);
  g_signal_connect (detector, "rant", G_CALLBACK (on_rant), log);
  g_signal_connect (detector, "rule-failed", G_CALLBACK (on_rule_failed), log);
}

static void
log_clear (Log *log)
{
  g_ptr_array_unref (log->events);
  g_ptr_array_unref (log->highlights);
  g_ptr_array_unref (log->rants);
}

/* The events so far, comma-joined, then forgotten. */
static char *
log_take (Log *log)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < log->events->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? "," : "",
                            (char *) g_ptr_array_index (log->events, i));
  g_ptr_array_set_size (log->events, 0);
  return g_string_free (out, FALSE);
}

static void
feed_as (ModeratoDetector *detector,
         gint64            time_us,
         const char       *message_id,
         const char       *user_id,
         const char       *username,
         const char       *channel,
         const char       *text)
{
  ModeratoDetectInput input = {
    .message_id = message_id,
    .user_id = user_id,
    .username = username,
    .display_name = channel,
    .text = text,
    .time_us = time_us,
  };

  moderato_detector_feed (detector, &input);
}

static void
feed (ModeratoDetector *detector,
      gint64            time_us,
      const char       *message_id,
      const char       *user,
      const char       *text)
{
  feed_as (detector, time_us, message_id, user, user, NULL, text);
}

/* ---- Text --------------------------------------------------------------------------- */

static void
test_normalize (void)
{
  static const char * const same[] = {
    "free crypto at scam.example",
    "FREE CRYPTO AT SCAM.EXAMPLE!!!",
    "Freeeee   crypto\tat scam.example :r+smile:",
    ":cedarWave: free crypto at scam.example ?!",
    "@CedarHollowLive free crypto at scam.example @someone",
    "free\u200b crypto at scam.example 🔥🔥",
    "ｆｒｅｅ crypto at scam.example.",
  };

  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autofree char *norm = moderato_detect_text_normalize (same[i]);

      g_assert_cmpstr (norm, ==, "fre crypto at scam.example");
    }

  {
    g_autofree char *time = moderato_detect_text_normalize ("at 12:30 sharp");
    g_autofree char *empty = moderato_detect_text_normalize (":r+smile: :cedarWave:");
    g_autofree char *invalid = moderato_detect_text_normalize ("bad \xff byte");

    g_assert_cmpstr (time, ==, "at 12:30 sharp");
    g_assert_cmpstr (empty, ==, "");
    g_assert_true (g_utf8_validate (invalid, -1, NULL));
  }
}

static void
test_signature (void)
{
  guint32 a[MODERATO_DETECT_SIG_LEN], b[MODERATO_DETECT_SIG_LEN], c[MODERATO_DETECT_SIG_LEN];
  const char *x = "fre crypto at scam.example code 1234";
  const char *y = "fre crypto at scam.example code 9876";
  const char *z = "what a great stream today, thanks";

  moderato_detect_text_signature (x, strlen (x), a);
  moderato_detect_text_signature (y, strlen (y), b);
  moderato_detect_text_signature (z, strlen (z), c);
  g_assert_cmpuint (moderato_detect_text_agreement (a, a), ==, MODERATO_DETECT_SIG_LEN);
  g_assert_cmpuint (moderato_detect_text_agreement (a, b), >=, MODERATO_DETECT_SIG_LEN / 2);
  g_assert_cmpuint (moderato_detect_text_agreement (a, c), <, MODERATO_DETECT_SIG_LEN / 4);
}

/* ---- Rules -------------------------------------------------------------------------- */

static void
test_rule_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ModeratoDetectRule) rule = NULL;

  rule = moderato_detect_rule_new ("r1", "Broken", MODERATO_DETECT_RULE_REGEX, "free (crypto",
                                   TRUE, "#ff0000", TRUE, &error);
  g_assert_null (rule);
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_REGEX_ERROR);
  g_assert_nonnull (strstr (error->message, "free (crypto"));
  g_test_message ("refused: %s", error->message);
  g_clear_error (&error);

  rule = moderato_detect_rule_new ("r2", "Colour", MODERATO_DETECT_RULE_KEYWORD, "crypto",
                                   TRUE, "red", TRUE, &error);
  g_assert_null (rule);
  g_assert_error (error, MODERATO_DETECT_ERROR, MODERATO_DETECT_ERROR_INVALID);
  g_clear_error (&error);

  rule = moderato_detect_rule_new ("r3", "Empty", MODERATO_DETECT_RULE_KEYWORD, "",
                                   TRUE, NULL, FALSE, &error);
  g_assert_null (rule);
  g_assert_error (error, MODERATO_DETECT_ERROR, MODERATO_DETECT_ERROR_INVALID);
}

static void
test_rule_match (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ModeratoDetectRule) keyword = NULL;
  g_autoptr(ModeratoDetectRule) exact = NULL;
  g_autoptr(ModeratoDetectRule) regex = NULL;

  keyword = moderato_detect_rule_new (NULL, NULL, MODERATO_DETECT_RULE_KEYWORD, "giveaway",
                                      TRUE, "#AABBCC", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (moderato_detect_rule_get_color (keyword), ==, "#aabbcc");
  g_assert_true (moderato_detect_rule_match (keyword, "big GIVEAWAY tonight", NULL));
  g_assert_true (moderato_detect_rule_match (keyword, "giveaway!", NULL));
  g_assert_false (moderato_detect_rule_match (keyword, "giveaways", NULL));
  g_assert_false (moderato_detect_rule_match (keyword, "thegiveaway", NULL));

  exact = moderato_detect_rule_new (NULL, NULL, MODERATO_DETECT_RULE_KEYWORD, "a.b", FALSE,
                                    NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (moderato_detect_rule_match (exact, "see a.b now", NULL));
  g_assert_false (moderato_detect_rule_match (exact, "see axb now", NULL));
  g_assert_false (moderato_detect_rule_match (exact, "see A.B now", NULL));

  regex = moderato_detect_rule_new ("id", "Wallets", MODERATO_DETECT_RULE_REGEX,
                                    "\\b(bc1|0x)[0-9a-f]{8,}", FALSE, NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (moderato_detect_rule_match (regex, "send to 0xdeadbeef01", NULL));
  g_assert_false (moderato_detect_rule_match (regex, "send to 0XDEADBEEF01", NULL));
}

/* A catastrophic pattern on a long input: PCRE2's match limit ends it, the rule is turned
 * off with GRegex's error, and the next messages cost nothing. */
static void
test_rule_pathological (void)
{
  g_autoptr(ModeratoDetector) detector = moderato_detector_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ModeratoDetectRule) rule = NULL;
  g_autofree char *text = NULL;
  Log log = { 0 };
  gint64 start, took;

  rule = moderato_detect_rule_new ("bad", "Nested", MODERATO_DETECT_RULE_REGEX, "(a+)+$", TRUE,
                                   NULL, TRUE, &error);
  g_assert_no_error (error);
  moderato_detector_add_rule (detector, rule);
  log_init (&log, detector);

  text = g_strnfill (180, 'a');
  text[179] = '!';

  g_test_expect_message ("moderato-detect", G_LOG_LEVEL_MESSAGE, "*Nested*turned off*");
  start = g_get_monotonic_time ();
  feed (detector, T0, "1", "u1", text);
  took = g_get_monotonic_time () - start;
  g_test_assert_expected_messages ();
  g_test_message ("the catastrophic match took %" G_GINT64_FORMAT " µs", took);
  g_assert_cmpint (took, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (log.rule_failed, ==, 1);
  g_assert_false (moderato_detect_rule_get_enabled (rule));
  g_assert_error ((GError *) moderato_detect_rule_get_error (rule), G_REGEX_ERROR,
                  G_REGEX_ERROR_MATCH);
  g_assert_cmpuint (log.highlights->len, ==, 0);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", 2 + i);

      feed (detector, T0 + i, id, "u1", text);
    }
  took = g_get_monotonic_time () - start;
  g_assert_cmpint (took, <, 50000);
  g_assert_cmpuint (log.rule_failed, ==, 1);

  log_clear (&log);
  g_assert_finalize_object (g_steal_pointer (&detector));
}

/* ---- Waves -------------------------------------------------------------------------- */

static const char * const wave_texts[] = {
  "Free crypto at scam.example",
  "FREE CRYPTO AT SCAM.EXAMPLE!!!",
  "free crypto at scam.example",
  "Freeeee crypto at   scam.example :r+smile:",
  "free crypto at scam.example?!",
  "free CRYPTO at scam.example 🔥",
  "FrEe CrYpTo At ScAm.ExAmPlE.",
  ":cedarWave: free crypto at scam.example",
  "free  crypto  at  scam.example",
  "freee cryptooo at scam.example !!",
  "Free crypto at scam.example...",
  "free crypto at scam.example :r+money: :r+money:",
};

static void
test_wave_one (void)
{
  g_autoptr(ModeratoDetector) detector = moderato_detector_new ();
  g_autofree char *events = NULL;
  GListModel *waves = moderato_detector_get_waves (detector);
  g_autoptr(ModeratoSpamWave) wave = NULL;
  g_autofree char *ids = NULL;
  Log log = { 0 };

  log_init (&log, detector);
  /* Chatter between the members, and the same account twice. */
  feed (detector, T0, "100", "regular1", "what a great stream today");
  for (guint i = 0; i < G_N_ELEMENTS (wave_texts); i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", 1 + i);
      g_autofree char *user = g_strdup_printf ("bot%u", 1 + i);

      feed (detector, T0 + (gint64) i * S, id, user, wave_texts[i]);
      if (i == 5)
        feed (detector, T0 + (gint64) i * S, "101", "regular2", "anyone know the song?");
    }
  feed (detector, T0 + 12 * S, "13", "bot3", "free crypto at scam.example");

  events = log_take (&log);
  g_assert_cmpstr (events, ==,
                   "created w1 4,grown w1 5,grown w1 6,grown w1 7,grown w1 8,grown w1 9,"
                   "grown w1 10,grown w1 11,grown w1 12,grown w1 12");
  g_assert_cmpuint (g_list_model_get_n_items (waves), ==, 1);
  wave = g_list_model_get_item (waves, 0);
  g_assert_cmpuint (moderato_spam_wave_get_size (wave), ==, 12);
  g_assert_cmpuint (moderato_spam_wave_get_n_messages (wave), ==, 13);
  g_assert_cmpstr (moderato_spam_wave_get_sample (wave), ==, "Free crypto at scam.example");
  ids = g_strjoinv (",", (char **) moderato_spam_wave_get_message_ids (wave));
  g_assert_cmpstr (ids, ==, "1,2,3,4,5,6,7,8,9,10,11,12,13");
  g_assert_cmpuint (g_strv_length ((char **) moderato_spam_wave_get_user_ids (wave)), ==, 12);
  g_assert_cmpstr (moderato_spam_wave_get_user_ids (wave)[11], ==, "bot12");
  g_assert_cmpint (moderato_spam_wave_get_first_time (wave), ==, T0);
  g_assert_cmpint (moderato_spam_wave_get_last_time (wave), ==, T0 + 12 * S);
  g_assert_true (moderato_detector_lookup_wave (detector, "w1") == wave);

  /* Dismissing a wave (not a highlight's type) takes it from the waves only; it still
   * grows and closes as before. */
  moderato_detector_dismiss (detector, wave);
  g_assert_cmpuint (g_list_model_get_n_items (waves), ==, 0);
  g_assert_true (moderato_detector_lookup_wave (detector, "w1") == wave);

  /* Closes a window after its last member. */
  moderato_detector_advance (detector, T0 + 42 * S);
  g_clear_pointer (&events, g_free);
  events = log_take (&log);
  g_assert_cmpstr (events, ==, "");
  moderato_detector_advance (detector, T0 + 42 * S + 1);
  events = (g_free (events), log_take (&log));
  g_assert_cmpstr (events, ==, "closed w1 12");
  g_assert_cmpuint (g_list_model_get_n_items (waves), ==, 0);
  g_assert_cmpint (moderato_spam_wave_get_state (wave), ==, MODERATO_SPAM_WAVE_CLOSED);

  log_clear (&log);
  g_assert_finalize_object (g_steal_pointer (&detector));
  g_assert_finalize_object (g_steal_pointer (&wave));
}

static void
test_wave_none (void)
{
  static const char * const texts[] = {
    "what a great stream today", "anyone know the song?", "hello from Berlin",
    "can you show the settings again", "first time here, love it", "GG that was huge",
    "how long have you been streaming", "no spoilers please", "when is the next giveaway",
    "the audio is a bit quiet", "save the game first!", "this map is beautiful",
  };
  g_autoptr(ModeratoDetector) detector = moderato_detector_new ();
  g_autofree char *events = NULL;
  Log log = { 0 };

  log_init (&log, detector);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", 1 + i);
      g_autofree char *user = g_strdup_printf ("user%u", 1 + i);

      feed (detector, T0 + (gint64) i * S, id, user, texts[i]);
    }
  /* One account saying the same thing again and again is not a wave either. */
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", 100 + i);

      feed (detector, T0 + 12 * S, id, "repeater", "follow my channel please");
    }
  events = log_take (&log);
  g_assert_cmpstr (events, ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (moderato_detector_get_waves (detector)), ==, 0);

  log_clear (&log);
  g_assert_finalize_object (g_steal_pointer (&detector));
}

/* Near-duplicates: a varying code at the end, a word changed. */
static void
test_wave_similar (void)
{
  g_autoptr(ModeratoDetector) detector = moderato_detector_new ();
  g_autofree char *events = NULL;
  Log log = { 0 };

  log_init (&log, detector);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", 1 + i);
      g_autofree char *user = g_strdup_printf ("bot%u", 1 + i);
      g_autofree char *text = g_strdup_printf ("claim your free crypto now at scam.example "
                                               "code %u%u%u", i * 7919 % 10, i * 31 % 10, i);

      feed (detector, T0 + (gint64) i * S, id, user, text);
    }
  events = log_take (&log);
  g_assert_cmpstr (events, ==, "created w1 4,grown w1 5,grown w1 6");

  log_clear (&log);
  g_assert_finalize_object (g_steal_pointer (&detector));
}

/* Members a window apart are two waves; too few within one window is none. */
static void
test_wave_after_window (void)
{
  g_autoptr(ModeratoDetector) detector = moderato_detector_new ();
  g_autofree char *events = NULL;
  Log log = { 0 };

  moderato_detector_set_wave_size (detector, 4);
  moderato_detector_set_wave_window (detector, 10);
  log_init (&log, detector);

  /* Three, then the fourth after the window: not a wave. */
  feed (detector, T0, "1", "a", "join my discord server now");
  feed (detector, T0 + 1 * S, "2", "b", "join my discord server now");
  feed (detector, T0 + 2 * S, "3", "c", "join my discord server now");
  feed (detector, T0 + 13 * S, "4", "d", "join my discord server now");
  events = log_take (&log);
  g_assert_cmpstr (events, ==, "");

  feed (detector, T0 + 14 * S, "5", "e", "join my discord server now");
  feed (detector, T0 + 15 * S, "6", "f", "join my discord server now");
  feed (detector, T0 + 16 * S, "7", "g", "join my discord server now");
  events = (g_free (events), log_take (&log));
  g_assert_cmpstr (events, ==, "created w1 4");

  /* After the window, the next members start another wave; the first closes first. */
  feed (detector, T0 + 30 * S, "8", "h", "join my discord server now");
  feed (detector, T0 + 31 * S, "9", "i", "join my discord server now");
  feed (detector, T0 + 32 * S, "10", "j", "JOIN MY DISCORD SERVER NOW!");
  feed (detector, T0 + 33 * S, "11", "k", "join my discord server now");
  events = (g_free (events), log_take (&log));
  g_assert_cmpstr (events, ==, "closed w1 4,created w2 4");
  {
    ModeratoSpamWave *wave = moderato_detector_lookup_wave (detector, "w2");
    g_autofree char *ids = g_strjoinv (",", (char **) moderato_spam_wave_get_message_ids (wave));

    g_assert_cmpstr (ids, ==, "8,9,10,11");
    g_assert_null (moderato_detector_lookup_wave (detector, "w1"));
  }

  log_clear (&log);
  g_assert_finalize_object (g_steal_pointer (&detector));
}

/* The window is bounded in count as well as in time. */
static void
test_wave_bounded (void)
{
  ModeratoWaveFinder *finder = moderato_wave_finder_new ();
  gboolean created;

  moderato_wave_finder_set_max_messages (finder, 1000);
  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);
      guint32 h = i * 2654435761u;
      g_autofree char *text = g_strdup_printf ("%08x %08x", h, h * 2246822519u);

      moderato_wave_finder_expire (finder, T0 + i, NULL, NULL);
      moderato_wave_finder_add (finder, T0 + i, id, id, id, text, &created);
      g_assert_cmpuint (moderato_wave_finder_get_n_window (finder), <=, 1000);
    }
  g_assert_cmpuint (moderato_wave_finder_get_n_window (finder), ==, 1000);
  /* A group lives while a message of the window or an open wave needs it. */
  g_assert_cmpuint (moderato_wave_finder_get_n_groups (finder), <=,
                    1000 + moderato_wave_finder_get_open (finder)->len);
  g_assert_cmpuint (moderato_wave_finder_get_open (finder)->len, ==, 0);
  moderato_wave_finder_free (finder);
}

/* A full window of texts said once: each a group of one member, which must cost what one
 * member does, not the room of a group that could become a wave (64 members: 2 KB). Under
 * ASan mallinfo2() sees nothing, and the test nothing to check. */
static void
test_wave_lean_groups (void)
{
  ModeratoWaveFinder *finder = moderato_wave_finder_new ();
  struct mallinfo2 before, after;
  gboolean created;
  gssize per_message;

  moderato_wave_finder_set_max_messages (finder, 5000);
  before = mallinfo2 ();
  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", 1600000000 + i);
      guint32 h = i * 2654435761u;
      g_autofree char *text = g_strdup_printf ("%08x %08x %08x", h, h * 2246822519u,
                                               h * 3266489917u);

      moderato_wave_finder_add (finder, T0 + i, id, id, id, text, &created);
    }
  after = mallinfo2 ();
  /* (A few texts land in another's group by chance.) */
  g_assert_cmpuint (moderato_wave_finder_get_n_groups (finder), >, 4900);
  per_message = ((gssize) after.uordblks - (gssize) before.uordblks) / 5000;
  g_test_message ("%" G_GSSIZE_FORMAT " bytes per message in the window", per_message);
  g_assert_cmpint (per_message, <, 1536);
  moderato_wave_finder_free (finder);
}

/* A wave's member list is bounded, its size still counted. */
static void
test_wave_big (void)
{
  g_autoptr(ModeratoDetector) detector = moderato_detector_new ();
  g_autoptr(ModeratoSpamWave) wave = NULL;

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);

      feed (detector, T0 + i * 1000, id, id, "buy followers at fake.example");
    }
  wave = g_list_model_get_item (moderato_detector_get_waves (detector), 0);
  g_assert_nonnull (wave);
  g_assert_cmpuint (moderato_spam_wave_get_size (wave), ==, 1000);
  g_assert_cmpuint (g_strv_length ((char **) moderato_spam_wave_get_message_ids (wave)), ==,
                    MODERATO_SPAM_WAVE_MAX_LISTED);
  g_assert_cmpuint (g_strv_length ((char **) moderato_spam_wave_get_user_ids (wave)), ==,
                    MODERATO_SPAM_WAVE_MAX_LISTED);
  g_assert_finalize_object (g_steal_pointer (&detector));
  g_assert_finalize_object (g_steal_pointer (&wave));
}

/* ---- Through the fake server -------------------------------------------------------- */

typedef struct {
  RumbleFakeServer *fake;
  RumbleChatApi    *chat;
  ModeratoDetector *detector;
  Log               log;
  guint             received;
} Fixture;

static void
on_received (RumbleChatApi *chat,
             RumbleMessage *message,
             Fixture       *f)
{
  f->received++;
}

static gboolean
connected (gpointer data)
{
  return rumble_chat_api_get_state (data) == RUMBLE_CONNECTION_CONNECTED;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->fake = rumble_fake_server_new (0, &error);
  g_assert_no_error (error);
  f->chat = rumble_chat_api_new (RUMBLE_FAKE_DEFAULT_STREAM);
  rumble_chat_api_set_chat_url (f->chat, rumble_fake_server_get_chat_url (f->fake));
  rumble_chat_api_set_site_url (f->chat, rumble_fake_server_get_url (f->fake));
  f->detector = moderato_detector_new ();
  moderato_detector_set_chat (f->detector, f->chat);
  g_signal_connect (f->chat, "message-received", G_CALLBACK (on_received), f);
  log_init (&f->log, f->detector);

  rumble_chat_api_connect_async (f->chat, NULL, NULL, NULL);
  test_wait_until (connected, f->chat, 5000);
  /* What the backlog brought is not what these tests push. */
  g_ptr_array_set_size (f->log.events, 0);
  g_ptr_array_set_size (f->log.highlights, 0);
  g_ptr_array_set_size (f->log.rants, 0);
  f->received = 0;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  log_clear (&f->log);
  rumble_chat_api_disconnect (f->chat);
  g_assert_finalize_object (f->detector);
  g_assert_finalize_object (f->chat);
  g_assert_finalize_object (f->fake);
}

static gboolean
received_enough (gpointer data)
{
  Fixture *f = data;

  return f->received >= GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (f->chat), "test-n"));
}

static char *
push (Fixture    *f,
      const char *user,
      const char *text)
{
  char *id = rumble_fake_server_push_message (f->fake, RUMBLE_FAKE_DEFAULT_STREAM, user, text);

  g_object_set_data (G_OBJECT (f->chat), "test-n", GUINT_TO_POINTER (f->received + 1));
  test_wait_until (received_enough, f, 5000);
  return id;
}

static gboolean
first_time_from_list (const char *user_id,
                      const char *username,
                      gpointer    user_data)
{
  return g_strv_contains (user_data, username);
}

static void
test_highlight_kinds (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const own[] = { "ModBot", "ModBotChannel", NULL };
  static const char * const watched[] = { "TrollKing", NULL };
  static const char * const newcomers[] = { "Newbie", "Linker", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(ModeratoDetectRule) keyword = NULL;
  g_autoptr(ModeratoDetectRule) regex = NULL;
  g_autofree char *id_mention = NULL, *id_at = NULL, *id_channel = NULL, *id_own = NULL;
  g_autofree char *id_not = NULL, *id_watched = NULL, *id_keyword = NULL, *id_regex = NULL;
  g_autofree char *id_link = NULL, *id_old_link = NULL, *id_first = NULL, *id_again = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *events = NULL;
  ModeratoHighlight *highlight;

  keyword = moderato_detect_rule_new ("k1", "Giveaway", MODERATO_DETECT_RULE_KEYWORD,
                                      "giveaway", TRUE, "#00ff00", FALSE, &error);
  g_assert_no_error (error);
  regex = moderato_detect_rule_new ("r1", "Wallet", MODERATO_DETECT_RULE_REGEX,
                                    "0x[0-9a-f]{8,}", TRUE, "#ff0000", TRUE, &error);
  g_assert_no_error (error);
  moderato_detector_add_rule (f->detector, keyword);
  moderato_detector_add_rule (f->detector, regex);
  moderato_detector_set_own_names (f->detector, own);
  moderato_detector_set_watched (f->detector, watched);
  moderato_detector_set_first_time (f->detector, TRUE);
  moderato_detector_set_first_time_func (f->detector, first_time_from_list,
                                         g_strdupv ((char **) newcomers),
                                         (GDestroyNotify) g_strfreev);

  id_mention = push (f, "Alice", "hey modbot, can you pin this?");
  id_at = push (f, "Alice", "thanks @ModBot!");
  id_channel = push (f, "Alice", "is MODBOTCHANNEL live tomorrow");
  id_own = push (f, "ModBot", "ModBot here, and a giveaway later");
  id_not = push (f, "Alice", "modbots everywhere, modbotchannels too");
  id_watched = push (f, "trollking", "hello again");
  id_keyword = push (f, "Alice", "is the GIVEAWAY still on?");
  id_regex = push (f, "Alice", "send it to 0xDEADBEEF1234");
  id_link = push (f, "Linker", "look https://scam.example/win now");
  id_old_link = push (f, "Alice", "the vod is at https://rumble.example/v1");
  id_first = push (f, "Newbie", "hi all");
  id_again = push (f, "Newbie", "still here");

  expected = g_strdup_printf ("highlight mention %s,highlight mention %s,highlight mention %s,"
                              "highlight watched %s,highlight keyword %s,highlight regex %s,"
                              "highlight new-account-link %s,highlight first-time %s",
                              id_mention, id_at, id_channel, id_watched, id_keyword, id_regex,
                              id_link, id_first);
  events = log_take (&f->log);
  g_assert_cmpstr (events, ==, expected);

  highlight = g_ptr_array_index (f->log.highlights, 4);
  g_assert_true (moderato_highlight_get_rule (highlight) == keyword);
  g_assert_cmpstr (moderato_highlight_get_rule_name (highlight), ==, "Giveaway");
  g_assert_cmpstr (moderato_highlight_get_color (highlight), ==, "#00ff00");
  g_assert_false (moderato_highlight_get_notify (highlight));
  g_assert_cmpstr (moderato_highlight_get_username (highlight), ==, "Alice");
  g_assert_cmpstr (moderato_highlight_get_text (highlight), ==, "is the GIVEAWAY still on?");
  highlight = g_ptr_array_index (f->log.highlights, 5);
  g_assert_true (moderato_highlight_get_notify (highlight));
  highlight = g_ptr_array_index (f->log.highlights, 6);
  g_assert_cmpstr (moderato_highlight_get_link (highlight), ==, "https://scam.example/win");
  highlight = g_ptr_array_index (f->log.highlights, 0);
  g_assert_cmpstr (moderato_highlight_get_rule_name (highlight), ==, "mention");
  g_assert_null (moderato_highlight_get_color (highlight));

  /* The open items, and a deleted message leaving them. */
  g_assert_cmpuint (g_list_model_get_n_items (moderato_detector_get_highlights (f->detector)),
                    ==, 8);
  {
    g_autofree char *event = g_strdup_printf ("{\"type\":\"delete_messages\",\"data\":"
                                              "{\"message_ids\":[\"%s\"]}}", id_keyword);
    GListModel *highlights = moderato_detector_get_highlights (f->detector);
    g_autoptr(ModeratoHighlight) first = g_list_model_get_item (highlights, 0);

    rumble_fake_server_push_event (f->fake, RUMBLE_FAKE_DEFAULT_STREAM, event);
    test_wait_until ((gboolean (*) (gpointer)) rumble_message_get_deleted,
                     rumble_chat_api_lookup_message (f->chat, id_keyword), 5000);
    g_assert_cmpuint (g_list_model_get_n_items (highlights), ==, 7);
    moderato_detector_dismiss (f->detector, first);
    g_assert_cmpuint (g_list_model_get_n_items (highlights), ==, 6);
  }
  (void) id_own;
  (void) id_not;
  (void) id_old_link;
  (void) id_again;
}

/* Without a function, an account is new when first seen here: links from accounts of the
 * backlog are old news only when they posted enough. */
static void
test_highlight_session_first_seen (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *events = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *first = NULL;
  char *ids[7] = { NULL };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    ids[i] = push (f, "Stranger", "my site https://spam.example");
  first = push (f, "Stranger2", "hello");

  expected = g_strdup_printf ("highlight new-account-link %s,highlight new-account-link %s,"
                              "highlight new-account-link %s,highlight new-account-link %s,"
                              "highlight new-account-link %s",
                              ids[0], ids[1], ids[2], ids[3], ids[4]);
  events = log_take (&f->log);
  g_assert_cmpstr (events, ==, expected);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_free (ids[i]);
}

static void
test_wave_from_chat (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GString) expected_ids = g_string_new (NULL);
  g_autofree char *events = NULL;
  g_autofree char *ids = NULL;
  ModeratoSpamWave *wave;

  moderato_detector_set_wave_window (f->detector, 2);
  for (guint i = 0; i < G_N_ELEMENTS (wave_texts); i++)
    {
      g_autofree char *user = g_strdup_printf ("Spammer%u", i);
      g_autofree char *id = push (f, user, wave_texts[i]);

      g_string_append_printf (expected_ids, "%s%s", i > 0 ? "," : "", id);
    }
  events = log_take (&f->log);
  g_assert_true (g_str_has_prefix (events, "created w1 4,grown w1 5,"));
  g_assert_true (g_str_has_suffix (events, ",grown w1 12"));
  wave = moderato_detector_lookup_wave (f->detector, "w1");
  g_assert_nonnull (wave);
  ids = g_strjoinv (",", (char **) moderato_spam_wave_get_message_ids (wave));
  g_assert_cmpstr (ids, ==, expected_ids->str);
  g_assert_cmpstr (moderato_spam_wave_get_usernames (wave)[0], ==, "Spammer0");

  /* No member for the window: the detector's timer closes it. */
  g_assert_cmpuint (g_list_model_get_n_items (moderato_detector_get_waves (f->detector)), ==, 1);
  {
    gint64 start = g_get_monotonic_time ();

    while (g_list_model_get_n_items (moderato_detector_get_waves (f->detector)) > 0)
      {
        g_assert_cmpint (g_get_monotonic_time () - start, <, 8 * G_USEC_PER_SEC);
        g_main_context_iteration (NULL, TRUE);
      }
  }
  events = (g_free (events), log_take (&f->log));
  g_assert_cmpstr (events, ==, "closed w1 12");
}

static void
test_rant_from_chat (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *json = test_load_fixture_compact ("sse_messages_rant.json");
  ModeratoDetectRant *rant;

  moderato_detector_set_notify_rant_min_cents (f->detector, 500);
  rumble_fake_server_push_event (f->fake, RUMBLE_FAKE_DEFAULT_STREAM, json);
  g_object_set_data (G_OBJECT (f->chat), "test-n", GUINT_TO_POINTER (1));
  test_wait_until (received_enough, f, 5000);

  g_assert_cmpuint (f->log.rants->len, ==, 1);
  rant = g_ptr_array_index (f->log.rants, 0);
  g_assert_cmpstr (moderato_detect_rant_get_message_id (rant), ==, "1402937465012345611");
  g_assert_cmpstr (moderato_detect_rant_get_username (rant), ==, "MarigoldFinch");
  g_assert_cmpuint (moderato_detect_rant_get_amount_cents (rant), ==, 500);
  g_assert_true (moderato_detect_rant_get_notify (rant));
  /* The fixture chat's $5 level lasts 300 s. */
  g_assert_cmpint (moderato_detect_rant_get_expires (rant) - moderato_detect_rant_get_time (rant),
                   ==, 300 * G_USEC_PER_SEC);
  g_assert_cmpint (moderato_detect_rant_get_time_left (rant, moderato_detect_rant_get_time (rant) +
                                                       100 * G_USEC_PER_SEC),
                   ==, 200 * G_USEC_PER_SEC);
  g_assert_cmpuint (moderato_detector_get_rant_total_cents (f->detector), >=, 500);
  g_assert_cmpuint (g_list_model_get_n_items (moderato_detector_get_rants (f->detector)), ==, 1);

  /* Ends when its time is up. */
  moderato_detector_advance (f->detector, moderato_detect_rant_get_expires (rant));
  g_assert_cmpuint (g_list_model_get_n_items (moderato_detector_get_rants (f->detector)), ==, 0);
}

/* ---- Own channels, watched users, first-time chatters -------------------------------- */

static void
on_own_name_learned (ModeratoDetector *detector,
                     const char       *name,
                     GPtrArray        *learned)
{
  g_ptr_array_add (learned, g_strdup (name));
}

/* The account's channels are learned from its own messages posted as them: from then on
 * they are mentions like its name, with or without "@", in any case, at word boundaries. */
static void
test_own_channels (void)
{
  static const char * const own[] = { "ModBot", NULL };
  g_autoptr(ModeratoDetector) detector = moderato_detector_new ();
  g_autoptr(GPtrArray) learned = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *events = NULL;
  Log log = { 0 };

  log_init (&log, detector);
  g_signal_connect (detector, "own-name-learned", G_CALLBACK (on_own_name_learned), learned);
  moderato_detector_set_own_names (detector, own);
  moderato_detector_set_own_user_id (detector, "100");

  feed_as (detector, T0, "1", "200", "Alice", NULL, "is ModChan live tonight?");
  /* Someone else posting as a channel of that name teaches nothing. */
  feed_as (detector, T0 + S, "2", "300", "Mallory", "ModChan", "hello from ModChan");
  feed_as (detector, T0 + 2 * S, "3", "200", "Alice", NULL, "hey modchan");
  g_assert_cmpuint (learned->len, ==, 0);

  /* The account posts as its channel: learned, and the message itself is not a mention. */
  feed_as (detector, T0 + 3 * S, "4", "100", "ModBot", "ModChan", "ModChan is live!");
  g_assert_cmpuint (learned->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (learned, 0), ==, "ModChan");
  feed_as (detector, T0 + 4 * S, "5", "100", "ModBot", "ModChan", "again as ModChan");
  g_assert_cmpuint (learned->len, ==, 1);

  feed_as (detector, T0 + 5 * S, "6", "200", "Alice", NULL, "hey @MODCHAN, pin this");
  feed_as (detector, T0 + 6 * S, "7", "200", "Alice", NULL, "modchannel and xmodchan are not");
  feed_as (detector, T0 + 7 * S, "8", "200", "Alice", NULL, "modchan!");
  feed_as (detector, T0 + 8 * S, "9", "200", "Alice", NULL, "and the account, @modbot");
  events = log_take (&log);
  g_assert_cmpstr (events, ==, "highlight mention 6,highlight mention 8,highlight mention 9");

  /* Names added by hand (the ledger's, the settings') join the learned ones. */
  {
    static const char * const more[] = { "@SecondChan", "modchan", NULL };
    g_autofree char *more_events = NULL;

    moderato_detector_add_own_names (detector, more);
    feed_as (detector, T0 + 9 * S, "10", "200", "Alice", NULL, "secondchan or ModChan?");
    more_events = log_take (&log);
    g_assert_cmpstr (more_events, ==, "highlight mention 10");
  }
  log_clear (&log);
  g_assert_finalize_object (g_steal_pointer (&detector));
}

/* A watched account's every message is a highlight "watched", by name or id, until
 * unwatched. */
static void
test_watched_users (void)
{
  g_autoptr(ModeratoDetector) detector = moderato_detector_new ();
  g_autofree char *events = NULL;
  ModeratoHighlight *highlight;
  Log log = { 0 };

  log_init (&log, detector);
  feed_as (detector, T0, "1", "200", "TrollKing", NULL, "hi");
  moderato_detector_watch_user (detector, "trollking", TRUE);
  moderato_detector_watch_user (detector, "300", TRUE);
  feed_as (detector, T0 + S, "2", "200", "TrollKing", NULL, "hello again");
  feed_as (detector, T0 + 2 * S, "3", "300", "Renamed", NULL, "new name, same id");
  feed_as (detector, T0 + 3 * S, "4", "400", "Alice", NULL, "not watched");
  moderato_detector_watch_user (detector, "TROLLKING", FALSE);
  feed_as (detector, T0 + 4 * S, "5", "200", "TrollKing", NULL, "unwatched now");
  events = log_take (&log);
  g_assert_cmpstr (events, ==, "highlight watched 2,highlight watched 3");

  highlight = g_ptr_array_index (log.highlights, 0);
  g_assert_cmpint (moderato_highlight_get_kind (highlight), ==, MODERATO_HIGHLIGHT_WATCHED);
  g_assert_cmpstr (moderato_highlight_get_rule_name (highlight), ==, "watched");
  g_assert_true (moderato_highlight_get_notify (highlight));
  log_clear (&log);
  g_assert_finalize_object (g_steal_pointer (&detector));
}

static GArray *
id_array (guint64 first,
          guint   n,
          guint64 step)
{
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (guint64), n);

  for (guint i = 0; i < n; i++)
    {
      guint64 id = first + i * step;

      g_array_append_val (ids, id);
    }
  return ids;
}

/* First-time chatters from a set of known accounts (the ledger's): known ones are not new,
 * an unknown one is, once, and is known from then on. */
static void
test_first_time_known (void)
{
  g_autoptr(ModeratoDetector) detector = moderato_detector_new ();
  g_autofree char *events = NULL;
  ModeratoKnownUsers *known;
  Log log = { 0 };

  log_init (&log, detector);
  moderato_detector_set_new_account_links (detector, FALSE);
  known = moderato_known_users_new_take (id_array (1000, 3, 1));
  moderato_detector_set_first_time_func (detector, moderato_known_users_first_time, known,
                                         (GDestroyNotify) moderato_known_users_free);
  moderato_detector_set_first_time (detector, TRUE);

  feed_as (detector, T0, "1", "1001", "Regular", NULL, "back again");
  feed_as (detector, T0 + S, "2", "5000", "Newbie", NULL, "first time here");
  feed_as (detector, T0 + 2 * S, "3", "5000", "Newbie", NULL, "second message");
  feed_as (detector, T0 + 3 * S, "4", "1002", "Other", NULL, "hello");
  events = log_take (&log);
  g_assert_cmpstr (events, ==, "highlight first-time 2");
  g_assert_true (moderato_known_users_contains (known, "5000"));
  g_assert_cmpuint (moderato_known_users_get_size (known), ==, 4);
  g_assert_false (moderato_highlight_get_notify (g_ptr_array_index (log.highlights, 0)));

  /* Off: nobody. */
  moderato_detector_set_first_time (detector, FALSE);
  feed_as (detector, T0 + 4 * S, "5", "6000", "Quiet", NULL, "hi");
  g_assert_cmpuint (log.events->len, ==, 0);
  log_clear (&log);
  g_assert_finalize_object (g_steal_pointer (&detector));
}

/* 100,000 accounts cost 8 bytes each; accounts met later are merged in as they come. */
static void
test_known_users_set (void)
{
  g_autoptr(ModeratoKnownUsers) known = NULL;
  GArray *ids = id_array (1000000, 100000, 7);
  guint64 dup = 1000000 + 7 * 5;

  g_array_append_val (ids, dup);
  known = moderato_known_users_new_take (ids);
  g_assert_cmpuint (moderato_known_users_get_size (known), ==, 100000);
  g_assert_cmpuint (moderato_known_users_get_memory (known), <, 100000 * 8 + 64 * 1024);
  g_assert_true (moderato_known_users_contains (known, "1000000"));
  g_assert_true (moderato_known_users_contains (known, "1000700"));
  g_assert_false (moderato_known_users_contains (known, "1000701"));
  g_assert_false (moderato_known_users_contains (known, "not-a-number"));
  g_assert_false (moderato_known_users_add (known, "not-a-number"));
  g_assert_false (moderato_known_users_add (known, "1000007"));

  /* 10,000 new ones (past a merge), in descending order, some between the known ones. */
  for (guint i = 10000; i-- > 0;)
    {
      char id[32];

      g_snprintf (id, sizeof id, "%u", 1000001 + i * 7);
      g_assert_true (moderato_known_users_add (known, id));
      g_assert_false (moderato_known_users_add (known, id));
    }
  g_assert_cmpuint (moderato_known_users_get_size (known), ==, 110000);
  for (guint i = 0; i < 10000; i++)
    {
      char a[32], b[32], c[32];

      g_snprintf (a, sizeof a, "%u", 1000001 + i * 7);
      g_snprintf (b, sizeof b, "%u", 1000000 + i * 7);
      g_snprintf (c, sizeof c, "%u", 1000002 + i * 7);
      g_assert_true (moderato_known_users_contains (known, a));
      g_assert_true (moderato_known_users_contains (known, b));
      g_assert_false (moderato_known_users_contains (known, c));
    }
  g_assert_cmpuint (moderato_known_users_get_memory (known), <, 110000 * 8 + 64 * 1024);
}

/* ---- Settings ----------------------------------------------------------------------- */

static void
test_settings (void)
{
  g_autoptr(GSettings) settings = moderato_detect_settings_new ();
  g_autoptr(ModeratoDetector) detector = moderato_detector_new ();
  g_auto(GStrv) refused = NULL;
  g_autoptr(GVariant) saved = NULL;
  GPtrArray *rules;
  GVariant *value;

  g_assert_nonnull (settings);
  g_assert_cmpuint (g_settings_get_uint (settings, "wave-size"), ==, 4);
  g_assert_cmpuint (g_settings_get_uint (settings, "wave-window"), ==, 30);

  value = g_variant_new_parsed ("[('a', 'Giveaway', 'keyword', 'giveaway', true, '#00ff00', "
                                "false, true), ('b', 'Broken', 'regex', 'free (crypto', true, "
                                "'', true, true), ('c', 'Off', 'regex', 'x+', false, '', false, "
                                "false), ('d', 'Odd', 'glob', '*', true, '', false, true)]");
  g_assert_true (g_settings_set_value (settings, "highlight-rules", value));
  g_settings_set_uint (settings, "wave-size", 6);
  g_settings_set_uint (settings, "wave-window", 12);
  g_settings_set_boolean (settings, "highlight-first-time", TRUE);

  moderato_detector_apply_settings (detector, settings, &refused);
  g_assert_cmpuint (g_strv_length (refused), ==, 2);
  g_assert_true (g_str_has_prefix (refused[0], "Broken: "));
  g_assert_true (g_str_has_prefix (refused[1], "Odd: "));
  rules = moderato_detector_get_rules (detector);
  g_assert_cmpuint (rules->len, ==, 2);
  g_assert_cmpstr (moderato_detect_rule_get_name (g_ptr_array_index (rules, 0)), ==, "Giveaway");
  g_assert_false (moderato_detect_rule_get_enabled (g_ptr_array_index (rules, 1)));
  g_assert_cmpuint (moderato_detector_get_wave_size (detector), ==, 6);
  g_assert_cmpuint (moderato_detector_get_wave_window (detector), ==, 12);

  saved = g_variant_ref_sink (moderato_detect_rules_to_variant (rules));
  {
    g_autofree char *text = g_variant_print (saved, FALSE);

    g_assert_cmpstr (text, ==, "[('a', 'Giveaway', 'keyword', 'giveaway', true, '#00ff00', "
                               "false, true), ('c', 'Off', 'regex', 'x+', false, '', false, "
                               "false)]");
  }
  g_assert_finalize_object (g_steal_pointer (&detector));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/detect/text/normalize", test_normalize);
  g_test_add_func ("/detect/text/signature", test_signature);
  g_test_add_func ("/detect/rule/refused", test_rule_refused);
  g_test_add_func ("/detect/rule/match", test_rule_match);
  g_test_add_func ("/detect/rule/pathological", test_rule_pathological);
  g_test_add_func ("/detect/wave/one", test_wave_one);
  g_test_add_func ("/detect/wave/none", test_wave_none);
  g_test_add_func ("/detect/wave/similar", test_wave_similar);
  g_test_add_func ("/detect/wave/after-window", test_wave_after_window);
  g_test_add_func ("/detect/wave/bounded", test_wave_bounded);
  g_test_add_func ("/detect/wave/lean-groups", test_wave_lean_groups);
  g_test_add_func ("/detect/wave/big", test_wave_big);
  g_test_add ("/detect/chat/highlights", Fixture, NULL, fixture_setup, test_highlight_kinds,
              fixture_teardown);
  g_test_add ("/detect/chat/session-first-seen", Fixture, NULL, fixture_setup,
              test_highlight_session_first_seen, fixture_teardown);
  g_test_add ("/detect/chat/wave", Fixture, NULL, fixture_setup, test_wave_from_chat,
              fixture_teardown);
  g_test_add ("/detect/chat/rant", Fixture, NULL, fixture_setup, test_rant_from_chat,
              fixture_teardown);
  g_test_add_func ("/detect/settings", test_settings);
  g_test_add_func ("/detect/highlight/own-channels", test_own_channels);
  g_test_add_func ("/detect/highlight/watched", test_watched_users);
  g_test_add_func ("/detect/highlight/first-time-known", test_first_time_known);
  g_test_add_func ("/detect/known-users", test_known_users_set);

  return g_test_run ();
}
