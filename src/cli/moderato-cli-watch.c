/* moderato-cli-watch.c — `moderato-cli watch`: the detection running headless
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Follows a chat with a ModeratoDetector and prints one line per highlight, spam wave
 * change (created, grown, closed) and rant: plain text, or JSON lines with --json, for bots
 * and overlays. Rules come from the app's settings when its schema is installed, and from
 * --rule and --keyword.
 */
#define G_LOG_DOMAIN "moderato-cli"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "moderato-cli-ledger.h"
#include "moderato-cli-output.h"
#include "moderato-cli-watch.h"
#include "moderato-detector.h"
#include "rumble-locator.h"
#include "rumble.h"

#define EXIT_OK      0
#define EXIT_FAILURE 1
#define DEMO_RATE    3.0

typedef struct {
  GMainLoop        *loop;
  GCancellable     *cancellable;
  SoupSession      *session;
  RumbleChatApi    *chat;
  ModeratoDetector *detector;
  const char       *site_url;
  const char       *chat_url;
  char             *input;
  char             *stream_id;
  gboolean          json;
  gboolean          done;
  int               exit_code;
} Watch;

static void
watch_finish (Watch *watch,
              int    exit_code)
{
  if (watch->done)
    return;
  watch->done = TRUE;
  watch->exit_code = exit_code;
  g_main_loop_quit (watch->loop);
}

static void
watch_fail (Watch      *watch,
            const char *sentence)
{
  if (watch->done)
    return;
  moderato_cli_print_error (sentence);
  watch_finish (watch, EXIT_FAILURE);
}

/* ---- Output ------------------------------------------------------------------------- */

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_strings (JsonBuilder        *builder,
             const char         *name,
             const char * const *values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

/* "12:01:33 " + @text, for a time in µs since the epoch. */
static void
print_plain (gint64      time_us,
             const char *text)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);
  g_autofree char *clock = when ? g_date_time_format (when, "%H:%M:%S") : g_strdup ("--:--:--");

  moderato_cli_print_line (stdout, "%s %s", clock, text);
}

static void
on_highlight (ModeratoDetector  *detector,
              ModeratoHighlight *highlight,
              Watch             *watch)
{
  const char *user = moderato_highlight_get_username (highlight);

  if (watch->done)
    return;
  if (watch->json)
    {
      g_autoptr(JsonBuilder) builder = moderato_cli_event_begin ("highlight");

      moderato_cli_add_string_or_null (builder, "kind",
                                       moderato_highlight_get_kind_nick (highlight));
      moderato_cli_add_string_or_null (builder, "rule",
                                       moderato_highlight_get_rule_name (highlight));
      moderato_cli_add_string_or_null (builder, "id",
                                       moderato_highlight_get_message_id (highlight));
      moderato_cli_add_string_or_null (builder, "user_id",
                                       moderato_highlight_get_user_id (highlight));
      moderato_cli_add_string_or_null (builder, "user", user);
      moderato_cli_add_string_or_null (builder, "text", moderato_highlight_get_text (highlight));
      moderato_cli_add_string_or_null (builder, "link", moderato_highlight_get_link (highlight));
      json_builder_set_member_name (builder, "notify");
      json_builder_add_boolean_value (builder, moderato_highlight_get_notify (highlight));
      moderato_cli_print_event (builder);
    }
  else
    {
      /* TRANSLATORS: a highlighted chat message: "[highlight: RULE] Name: text" */
      g_autofree char *line = g_strdup_printf (_("[highlight: %s] %s: %s"),
                                               moderato_highlight_get_rule_name (highlight),
                                               user ? user : "",
                                               moderato_highlight_get_text (highlight));

      print_plain (moderato_highlight_get_time (highlight), line);
    }
}

static void
print_wave (Watch            *watch,
            ModeratoSpamWave *wave,
            const char       *state)
{
  guint size = moderato_spam_wave_get_size (wave);
  gint64 seconds = (moderato_spam_wave_get_last_time (wave) -
                    moderato_spam_wave_get_first_time (wave)) / G_USEC_PER_SEC;

  if (watch->done)
    return;
  if (watch->json)
    {
      g_autoptr(JsonBuilder) builder = moderato_cli_event_begin ("wave");

      moderato_cli_add_string_or_null (builder, "state", state);
      moderato_cli_add_string_or_null (builder, "id", moderato_spam_wave_get_id (wave));
      add_int (builder, "size", size);
      add_int (builder, "messages", moderato_spam_wave_get_n_messages (wave));
      add_strings (builder, "user_ids", moderato_spam_wave_get_user_ids (wave));
      add_strings (builder, "message_ids", moderato_spam_wave_get_message_ids (wave));
      moderato_cli_add_string_or_null (builder, "sample", moderato_spam_wave_get_sample (wave));
      add_int (builder, "first_time", moderato_spam_wave_get_first_time (wave) / G_USEC_PER_SEC);
      add_int (builder, "last_time", moderato_spam_wave_get_last_time (wave) / G_USEC_PER_SEC);
      moderato_cli_print_event (builder);
    }
  else
    {
      g_autofree char *line = NULL;

      /* TRANSLATORS: "[wave w1 created] 14 accounts posted “free crypto…” in 20 s" */
      line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "[wave %s %s] %u account posted “%s” in %u s",
                                           "[wave %s %s] %u accounts posted “%s” in %u s",
                                           size),
                              moderato_spam_wave_get_id (wave), state, size,
                              moderato_spam_wave_get_sample (wave), (guint) MIN (seconds, 86400));
      print_plain (moderato_spam_wave_get_last_time (wave), line);
    }
}

static void
on_wave_created (ModeratoDetector *detector,
                 ModeratoSpamWave *wave,
                 Watch            *watch)
{
  print_wave (watch, wave, "created");
}

static void
on_wave_grown (ModeratoDetector *detector,
               ModeratoSpamWave *wave,
               Watch            *watch)
{
  print_wave (watch, wave, "grown");
}

static void
on_wave_closed (ModeratoDetector *detector,
                ModeratoSpamWave *wave,
                Watch            *watch)
{
  print_wave (watch, wave, "closed");
}

static void
on_rant (ModeratoDetector   *detector,
         ModeratoDetectRant *rant,
         Watch              *watch)
{
  guint cents = moderato_detect_rant_get_amount_cents (rant);
  guint64 total = moderato_detector_get_rant_total_cents (detector);
  gint64 on_top = (moderato_detect_rant_get_expires (rant) -
                   moderato_detect_rant_get_time (rant)) / G_USEC_PER_SEC;
  const char *user = moderato_detect_rant_get_username (rant);

  if (watch->done)
    return;
  if (watch->json)
    {
      g_autoptr(JsonBuilder) builder = moderato_cli_event_begin ("rant");

      moderato_cli_add_string_or_null (builder, "id", moderato_detect_rant_get_message_id (rant));
      moderato_cli_add_string_or_null (builder, "user_id", moderato_detect_rant_get_user_id (rant));
      moderato_cli_add_string_or_null (builder, "user", user);
      moderato_cli_add_string_or_null (builder, "text", moderato_detect_rant_get_text (rant));
      add_int (builder, "amount_cents", cents);
      add_int (builder, "expires", moderato_detect_rant_get_expires (rant) / G_USEC_PER_SEC);
      add_int (builder, "total_cents", (gint64) MIN (total, (guint64) G_MAXINT64));
      moderato_cli_print_event (builder);
    }
  else
    {
      /* TRANSLATORS: a rant: amount, seconds it stays on top, who, what; then the stream's
       * total of rants so far, in US dollars and cents */
      g_autofree char *line = g_strdup_printf (_("[$%u.%02u rant, %u s] %s: %s (total $%"
                                                 G_GUINT64_FORMAT ".%02u)"),
                                               cents / 100, cents % 100, (guint) on_top,
                                               user ? user : "",
                                               moderato_detect_rant_get_text (rant),
                                               total / 100, (guint) (total % 100));

      print_plain (moderato_detect_rant_get_time (rant), line);
    }
}

static void
on_rule_failed (ModeratoDetector   *detector,
                ModeratoDetectRule *rule,
                Watch              *watch)
{
  const GError *error = moderato_detect_rule_get_error (rule);

  if (watch->json)
    {
      g_autoptr(JsonBuilder) builder = moderato_cli_event_begin ("rule_failed");

      moderato_cli_add_string_or_null (builder, "rule", moderato_detect_rule_get_name (rule));
      moderato_cli_add_string_or_null (builder, "error", error ? error->message : NULL);
      moderato_cli_print_event (builder);
    }
}

/* ---- The chat ----------------------------------------------------------------------- */

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Watch *watch = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *sentence = NULL;

  if (rumble_chat_api_connect_finish (RUMBLE_CHAT_API (source), result, &error))
    {
      if (!watch->json)
        moderato_cli_print_line (stderr, _("Watching the chat of stream %s.\n"),
                                 watch->stream_id);
      return;
    }
  /* Offline: the chat polls and connects by itself when the stream goes live. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, RUMBLE_ERROR, RUMBLE_ERROR_CHAT_CLOSED))
    return;

  sentence = g_strdup_printf (_("Cannot open the chat of stream %s: %s."), watch->stream_id,
                              error->message);
  watch_fail (watch, sentence);
}

static void
watch_open (Watch *watch)
{
  watch->chat = rumble_chat_api_new (watch->stream_id);
  if (watch->chat == NULL)
    {
      g_autofree char *sentence = g_strdup_printf (_("“%s” is not a stream id."),
                                                   watch->stream_id);

      watch_fail (watch, sentence);
      return;
    }
  rumble_chat_api_set_soup_session (watch->chat, watch->session);
  rumble_chat_api_set_site_url (watch->chat, watch->site_url);
  rumble_chat_api_set_chat_url (watch->chat, watch->chat_url);
  moderato_detector_set_chat (watch->detector, watch->chat);
  rumble_chat_api_connect_async (watch->chat, watch->cancellable, on_connected, watch);
}

static void
on_resolved (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Watch *watch = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *sentence = NULL;

  watch->stream_id = rumble_locator_resolve_finish (result, &error);
  if (watch->stream_id != NULL)
    {
      watch_open (watch);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  sentence = g_strdup_printf (_("Cannot find the stream “%s”: %s"), watch->input,
                              error->message);
  watch_fail (watch, sentence);
}

static gboolean
on_quit_signal (gpointer user_data)
{
  watch_finish (user_data, EXIT_OK);
  return G_SOURCE_CONTINUE;
}

/* ---- The command -------------------------------------------------------------------- */

/* Adds a rule per pattern; FALSE with @error (GRegex's message for a bad expression). */
static gboolean
add_rules (ModeratoDetector        *detector,
           ModeratoDetectRuleKind   kind,
           char                   **patterns,
           GError                 **error)
{
  for (guint i = 0; patterns != NULL && patterns[i] != NULL; i++)
    {
      g_autoptr(ModeratoDetectRule) rule = moderato_detect_rule_new (NULL, NULL, kind, patterns[i],
                                                                     TRUE, NULL, FALSE, error);

      if (rule == NULL)
        return FALSE;
      moderato_detector_add_rule (detector, rule);
    }
  return TRUE;
}

int
moderato_cli_watch (const char        *site_url,
                    const char        *chat_url,
                    RumbleFakeServer  *demo_fake,
                    int                argc,
                    char             **argv)
{
  gboolean json = FALSE;
  gboolean first_time = FALSE;
  int wave_size = 0;
  int wave_window = 0;
  g_auto(GStrv) rules = NULL;
  g_auto(GStrv) keywords = NULL;
  g_auto(GStrv) own_names = NULL;
  g_auto(GStrv) mentions = NULL;
  g_auto(GStrv) watched = NULL;
  g_auto(GStrv) ledger_watched = NULL;
  g_autofree char *ledger_path = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) local_error = NULL;
  Watch watch = { 0 };
  guint sigint_id, sigterm_id;
  const GOptionEntry entries[] = {
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json,
      N_("One JSON object per line for every event"), NULL },
    { "rule", 'r', 0, G_OPTION_ARG_STRING_ARRAY, &rules,
      N_("Highlight messages matching this regular expression (any case; repeatable)"),
      N_("REGEX") },
    { "keyword", 'k', 0, G_OPTION_ARG_STRING_ARRAY, &keywords,
      N_("Highlight messages with this word or phrase (any case; repeatable)"), N_("WORD") },
    { "me", 0, 0, G_OPTION_ARG_STRING_ARRAY, &own_names,
      N_("Highlight mentions of this name: your account or channel (repeatable)"), N_("NAME") },
    { "mention", 0, 0, G_OPTION_ARG_STRING_ARRAY, &mentions,
      N_("The same as --me"), N_("NAME") },
    { "watch-user", 0, 0, G_OPTION_ARG_STRING_ARRAY, &watched,
      N_("Highlight every message of this account, by name or id (repeatable)"), N_("NAME") },
    { "first-time", 0, 0, G_OPTION_ARG_NONE, &first_time,
      N_("Highlight the first message of every account seen (with --ledger: ever)"), NULL },
    { "ledger", 0, 0, G_OPTION_ARG_FILENAME, &ledger_path,
      N_("Watch the users watched in this ledger; with --first-time, accounts it knows are "
         "not new"), N_("PATH") },
    { "wave-size", 0, 0, G_OPTION_ARG_INT, &wave_size,
      N_("Accounts posting the same text that make a spam wave (default 4)"), N_("K") },
    { "wave-window", 0, 0, G_OPTION_ARG_INT, &wave_window,
      N_("Seconds within which they post (default 30)"), N_("S") },
    { NULL }
  };

  context = g_option_context_new (_("[STREAM]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Point at what needs a moderator in a live chat: highlights "
                                  "(mentions,\n"
                                  "rules, watched and new accounts), spam waves and rants. "
                                  "Rules also come\n"
                                  "from Moderato's settings when it is installed.\n\n"
                                  "STREAM is a stream id or a rumble.com link. "
                                  "With --demo it may be omitted."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return moderato_cli_usage_error ("watch", error->message);
  if (argc > 2)
    return moderato_cli_usage_error ("watch", _("Give exactly one stream."));
  if (argc < 2 && demo_fake == NULL)
    return moderato_cli_usage_error ("watch",
                                     _("Give the stream to watch: an id or a rumble.com link."));
  if (wave_size < 0 || wave_size == 1 || wave_size > 1000)
    return moderato_cli_usage_error ("watch", _("The --wave-size option needs a number of "
                                                "accounts from 2 to 1000."));
  if (wave_window < 0 || wave_window > 3600)
    return moderato_cli_usage_error ("watch", _("The --wave-window option needs a number of "
                                                "seconds from 1 to 3600."));

  watch.detector = moderato_detector_new ();
  settings = moderato_detect_settings_new ();
  if (settings != NULL)
    {
      g_auto(GStrv) refused = NULL;

      moderato_detector_apply_settings (watch.detector, settings, &refused);
      for (guint i = 0; refused[i] != NULL; i++)
        moderato_cli_print_line (stderr, _("A highlight rule from the settings is left out: "
                                           "%s\n"), refused[i]);
    }
  if (!add_rules (watch.detector, MODERATO_DETECT_RULE_REGEX, rules, &local_error) ||
      !add_rules (watch.detector, MODERATO_DETECT_RULE_KEYWORD, keywords, &local_error))
    {
      g_clear_object (&watch.detector);
      return moderato_cli_usage_error ("watch", local_error->message);
    }
  moderato_detector_set_own_names (watch.detector, (const char * const *) own_names);
  moderato_detector_add_own_names (watch.detector, (const char * const *) mentions);
  moderato_detector_set_watched (watch.detector, (const char * const *) watched);
  if (ledger_path != NULL)
    {
      g_autoptr(GArray) known = NULL;

      if (!moderato_cli_ledger_load_watch (ledger_path, &ledger_watched,
                                           first_time ? &known : NULL))
        {
          g_clear_object (&watch.detector);
          return EXIT_FAILURE;
        }
      for (guint i = 0; ledger_watched[i] != NULL; i++)
        moderato_detector_watch_user (watch.detector, ledger_watched[i], TRUE);
      if (known != NULL)
        moderato_detector_set_first_time_func (watch.detector, moderato_known_users_first_time,
                                               moderato_known_users_new_take (
                                                 g_steal_pointer (&known)),
                                               (GDestroyNotify) moderato_known_users_free);
    }
  if (first_time)
    moderato_detector_set_first_time (watch.detector, TRUE);
  if (wave_size > 0)
    moderato_detector_set_wave_size (watch.detector, (guint) wave_size);
  if (wave_window > 0)
    moderato_detector_set_wave_window (watch.detector, (guint) wave_window);
  g_signal_connect (watch.detector, "highlight", G_CALLBACK (on_highlight), &watch);
  g_signal_connect (watch.detector, "wave-created", G_CALLBACK (on_wave_created), &watch);
  g_signal_connect (watch.detector, "wave-grown", G_CALLBACK (on_wave_grown), &watch);
  g_signal_connect (watch.detector, "wave-closed", G_CALLBACK (on_wave_closed), &watch);
  g_signal_connect (watch.detector, "rant", G_CALLBACK (on_rant), &watch);
  g_signal_connect (watch.detector, "rule-failed", G_CALLBACK (on_rule_failed), &watch);

  watch.json = json;
  watch.site_url = site_url;
  watch.chat_url = chat_url;
  watch.input = g_strdup (argc == 2 ? argv[1] : RUMBLE_FAKE_DEFAULT_STREAM);
  watch.loop = g_main_loop_new (NULL, FALSE);
  watch.cancellable = g_cancellable_new ();
  watch.session = soup_session_new ();
  sigint_id = g_unix_signal_add (SIGINT, on_quit_signal, &watch);
  sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal, &watch);

  if (rumble_locator_parse_local (watch.input, &watch.stream_id, &local_error))
    {
      if (demo_fake != NULL)
        rumble_fake_server_start_demo (demo_fake, watch.stream_id, DEMO_RATE);
      watch_open (&watch);
    }
  else if (rumble_locator_needs_network (watch.input))
    {
      if (demo_fake != NULL)
        rumble_fake_server_start_demo (demo_fake, RUMBLE_FAKE_DEFAULT_STREAM, DEMO_RATE);
      rumble_locator_resolve_async (watch.session, site_url, watch.input, watch.cancellable,
                                    on_resolved, &watch);
    }
  else
    {
      g_autofree char *sentence = g_strdup_printf (_("Cannot watch “%s”: %s"), watch.input,
                                                   local_error->message);

      watch_fail (&watch, sentence);
    }

  if (!watch.done)
    g_main_loop_run (watch.loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_cancellable_cancel (watch.cancellable);
  g_signal_handlers_disconnect_by_data (watch.detector, &watch);
  if (watch.chat != NULL)
    rumble_chat_api_disconnect (watch.chat);
  g_clear_object (&watch.detector);
  g_clear_object (&watch.chat);
  if (demo_fake != NULL)
    rumble_fake_server_stop_demo (demo_fake);
  moderato_cli_drain_main_context ();

  g_clear_object (&watch.session);
  g_clear_object (&watch.cancellable);
  g_clear_pointer (&watch.loop, g_main_loop_unref);
  g_clear_pointer (&watch.input, g_free);
  g_clear_pointer (&watch.stream_id, g_free);
  return watch.exit_code;
}
