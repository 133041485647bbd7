/* moderato-cli-ledger.c — moderato-cli's ledger commands: log, search, report, note
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * They read the ledger `tail --record` and the app write ($XDG_DATA_HOME/moderato/
 * ledger.sqlite3, or --ledger PATH). Every line goes through the CLI's output path: chat
 * text in the ledger came from the network.
 */
#define G_LOG_DOMAIN "moderato-cli"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "moderato-cli-ledger.h"
#include "moderato-cli-output.h"

#define EXIT_OK     0
#define EXIT_FAIL   1

typedef int (*LedgerCommandFunc) (int argc, char **argv);

/* ---- Helpers ------------------------------------------------------------------------ */

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/* Iterates the main context until @slot holds the result; returns it (owned). */
static GAsyncResult *
await (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return g_steal_pointer (slot);
}

static int
fail_error (const GError *error)
{
  moderato_cli_print_error (error->message);
  return EXIT_FAIL;
}

ModeratoLedger *
moderato_cli_ledger_open (const char *path,
                          gboolean    read_only)
{
  g_autoptr(GError) error = NULL;
  ModeratoLedger *ledger = moderato_ledger_open (path, read_only ? MODERATO_LEDGER_OPEN_READ_ONLY
                                                                 : MODERATO_LEDGER_OPEN_DEFAULT,
                                                 &error);
  const GError *notice;

  if (ledger == NULL)
    {
      fail_error (error);
      return NULL;
    }
  notice = moderato_ledger_get_notice (ledger);
  if (notice != NULL)
    moderato_cli_print_error (notice->message);
  return ledger;
}

static GOptionContext *
context_new (const char         *parameters,
             const char         *summary,
             const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

static char *
format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_seconds);

  return when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M:%S") : g_strdup ("-");
}

static const char *
or_dash (const char *text)
{
  return text != NULL && *text != '\0' ? text : "-";
}

gboolean
moderato_cli_ledger_close (ModeratoLedger *ledger)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gboolean kept;

  moderato_ledger_flush_async (ledger, NULL, store_result, &slot);
  result = await (&slot);
  moderato_ledger_flush_finish (ledger, result, NULL);
  kept = moderato_ledger_get_n_dropped (ledger) == 0;
  g_object_unref (ledger);
  moderato_cli_drain_main_context ();
  return kept;
}

#define LEDGER_OPTION(var) \
  { "ledger", 0, 0, G_OPTION_ARG_FILENAME, &var, \
    N_("The ledger file (default: $XDG_DATA_HOME/moderato/ledger.sqlite3)"), N_("PATH") }

/* ---- log ---------------------------------------------------------------------------- */

static void
print_entry (const ModeratoLedgerEntry *entry,
             gboolean                   json)
{
  g_autofree char *when = NULL;
  g_autofree char *target = NULL;

  if (json)
    {
      g_autoptr(JsonNode) node = moderato_ledger_entry_to_json (entry);

      moderato_cli_print_json (node);
      return;
    }

  when = format_time (entry->time);
  if (entry->user_name != NULL || entry->user_id != NULL)
    target = g_strdup (entry->user_name != NULL ? entry->user_name : entry->user_id);
  else if (entry->message_id != NULL)
    target = g_strdup_printf (_("message %s"), entry->message_id);
  moderato_cli_print_line (stdout, "%s  %s  %s  %s  %s%s%s%s", when,
                           entry->account != NULL ? entry->account : _("(seen in the stream)"),
                           moderato_ledger_action_to_string (entry->action), or_dash (target),
                           moderato_ledger_outcome_to_string (entry->outcome),
                           entry->reason != NULL ? " (" : "", entry->reason ? entry->reason : "",
                           entry->reason != NULL ? ")" : "");
}

static int
cmd_log (int    argc,
         char **argv)
{
  g_autofree char *path = NULL;
  g_autofree char *stream = NULL;
  g_autofree char *user = NULL;
  g_autofree char *action = NULL;
  gboolean json = FALSE;
  int limit = 100;
  const GOptionEntry entries[] = {
    { "stream", 's', 0, G_OPTION_ARG_STRING, &stream, N_("Only this stream"), N_("ID") },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user, N_("Only actions on this user"), N_("NAME") },
    { "action", 'a', 0, G_OPTION_ARG_STRING, &action,
      N_("Only this action (delete, pin, unpin, mute, unmute, send, command, raid-confirm)"),
      N_("ACTION") },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("At most N entries (default 100)"), N_("N") },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json, N_("One JSON object per line"), NULL },
    LEDGER_OPTION (path),
    { NULL }
  };
  g_autoptr(GOptionContext) context = context_new (NULL, _("Show the moderation log: what "
                                                           "this client did, and mutes seen "
                                                           "in the streams, newest first."),
                                                   entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) entries_found = NULL;
  GAsyncResult *slot = NULL;
  ModeratoLedger *ledger;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return moderato_cli_usage_error ("log", error->message);
  if (argc > 1)
    return moderato_cli_usage_error ("log", _("The log command takes no arguments."));
  if (limit < 1)
    return moderato_cli_usage_error ("log", _("The --limit option needs a number of 1 or more."));

  ledger = moderato_cli_ledger_open (path, TRUE);
  if (ledger == NULL)
    return EXIT_FAIL;
  moderato_ledger_log_async (ledger, action, user, stream, (guint) limit, NULL, store_result,
                             &slot);
  result = await (&slot);
  entries_found = moderato_ledger_log_finish (ledger, result, &error);
  moderato_cli_ledger_close (ledger);
  if (entries_found == NULL)
    return fail_error (error);

  for (guint i = 0; i < entries_found->len; i++)
    print_entry (g_ptr_array_index (entries_found, i), json);
  return EXIT_OK;
}

/* ---- search ------------------------------------------------------------------------- */

static void
print_message (const ModeratoLedgerMessage *message,
               gboolean                     json)
{
  g_autofree char *when = NULL;
  const char *name;

  if (json)
    {
      g_autoptr(JsonNode) node = moderato_ledger_message_to_json (message);

      moderato_cli_print_json (node);
      return;
    }
  when = format_time (message->time);
  name = message->channel_name != NULL ? message->channel_name : or_dash (message->user_name);
  moderato_cli_print_line (stdout, "%s  [%s]  %s: %s%s", when, message->stream_id, name,
                           message->text, message->deleted_at != 0 ? _("  [deleted]") : "");
}

static int
cmd_search (int    argc,
            char **argv)
{
  g_autofree char *path = NULL;
  g_autofree char *stream = NULL;
  g_autofree char *query = NULL;
  gboolean json = FALSE;
  int limit = 100;
  const GOptionEntry entries[] = {
    { "stream", 's', 0, G_OPTION_ARG_STRING, &stream, N_("Only this stream"), N_("ID") },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("At most N messages (default 100)"), N_("N") },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json, N_("One JSON object per line"), NULL },
    LEDGER_OPTION (path),
    { NULL }
  };
  g_autoptr(GOptionContext) context = context_new (_("QUERY…"),
                                                   _("Search the recorded chat, newest first.\n\n"
                                                     "QUERY is words, \"phrases\" and prefix* "
                                                     "with the filters from:NAME,\n"
                                                     "in:STREAM, is:deleted, is:rant, has:link, "
                                                     "before:DATE and after:DATE\n"
                                                     "(DATE as YYYY-MM-DD)."),
                                                   entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) found = NULL;
  GAsyncResult *slot = NULL;
  ModeratoLedger *ledger;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return moderato_cli_usage_error ("search", error->message);
  if (argc < 2)
    return moderato_cli_usage_error ("search", _("Give what to search for."));
  if (limit < 1)
    return moderato_cli_usage_error ("search",
                                     _("The --limit option needs a number of 1 or more."));
  query = g_strjoinv (" ", argv + 1);

  ledger = moderato_cli_ledger_open (path, TRUE);
  if (ledger == NULL)
    return EXIT_FAIL;
  moderato_ledger_search_async (ledger, query, stream, (guint) limit, NULL, store_result, &slot);
  result = await (&slot);
  found = moderato_ledger_search_finish (ledger, result, &error);
  moderato_cli_ledger_close (ledger);
  if (found == NULL)
    {
      if (g_error_matches (error, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_QUERY))
        return moderato_cli_usage_error ("search", error->message);
      return fail_error (error);
    }

  for (guint i = 0; i < found->len; i++)
    print_message (g_ptr_array_index (found, i), json);
  return EXIT_OK;
}

/* ---- report ------------------------------------------------------------------------- */

static int
cmd_report (int    argc,
            char **argv)
{
  g_autofree char *path = NULL;
  g_autofree char *format = NULL;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      N_("md (Markdown, the default), csv or json"), N_("FORMAT") },
    LEDGER_OPTION (path),
    { NULL }
  };
  g_autoptr(GOptionContext) context = context_new (_("STREAM"),
                                                   _("Summarise a recorded stream: messages, "
                                                     "chatters, first-time chatters,\n"
                                                     "rants, deletes, mutes and the busiest "
                                                     "minute."), entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ModeratoLedgerReport) report = NULL;
  g_autofree char *text = NULL;
  ModeratoLedgerFormat fmt;
  GAsyncResult *slot = NULL;
  ModeratoLedger *ledger;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return moderato_cli_usage_error ("report", error->message);
  if (argc != 2)
    return moderato_cli_usage_error ("report", _("Give exactly one stream id."));
  if (format == NULL || g_str_equal (format, "md") || g_str_equal (format, "markdown"))
    fmt = MODERATO_LEDGER_FORMAT_MARKDOWN;
  else if (g_str_equal (format, "csv"))
    fmt = MODERATO_LEDGER_FORMAT_CSV;
  else if (g_str_equal (format, "json"))
    fmt = MODERATO_LEDGER_FORMAT_JSON;
  else
    return moderato_cli_usage_error ("report", _("The --format option takes md, csv or json."));

  ledger = moderato_cli_ledger_open (path, TRUE);
  if (ledger == NULL)
    return EXIT_FAIL;
  moderato_ledger_report_async (ledger, argv[1], NULL, store_result, &slot);
  result = await (&slot);
  report = moderato_ledger_report_finish (ledger, result, &error);
  moderato_cli_ledger_close (ledger);
  if (report == NULL)
    return fail_error (error);

  text = moderato_ledger_report_format (report, fmt);
  if (fmt == MODERATO_LEDGER_FORMAT_JSON)
    {
      g_autoptr(JsonNode) node = json_from_string (text, &error);

      g_assert_no_error (error);
      moderato_cli_print_json (node);
      return EXIT_OK;
    }
  {
    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      {
        gsize len = strlen (lines[i]);

        if (lines[i + 1] == NULL && len == 0)
          break;
        if (len > 0 && lines[i][len - 1] == '\r')
          lines[i][len - 1] = '\0';
        moderato_cli_print_line (stdout, "%s", lines[i]);
      }
  }
  return EXIT_OK;
}

/* ---- note --------------------------------------------------------------------------- */

static int
cmd_note (int    argc,
          char **argv)
{
  g_autofree char *path = NULL;
  gboolean json = FALSE;
  gboolean clear = FALSE;
  gboolean watch = FALSE;
  gboolean unwatch = FALSE;
  const GOptionEntry entries[] = {
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json, N_("Print the note as a JSON object"), NULL },
    { "clear", 0, 0, G_OPTION_ARG_NONE, &clear, N_("Remove the note"), NULL },
    { "watch", 0, 0, G_OPTION_ARG_NONE, &watch,
      N_("Watch the user: highlight every message of theirs"), NULL },
    { "unwatch", 0, 0, G_OPTION_ARG_NONE, &unwatch, N_("Stop watching the user"), NULL },
    LEDGER_OPTION (path),
    { NULL }
  };
  g_autoptr(GOptionContext) context = context_new (_("NAME [TEXT…]"),
                                                   _("Show the moderators' note on a user, or "
                                                     "write it (TEXT replaces it)."), entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *note = NULL;
  g_auto(GStrv) watched = NULL;
  gboolean is_watched = FALSE;
  GAsyncResult *slot = NULL;
  ModeratoLedger *ledger;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return moderato_cli_usage_error ("note", error->message);
  if (argc < 2)
    return moderato_cli_usage_error ("note", _("Give the user's name."));
  if (clear && argc > 2)
    return moderato_cli_usage_error ("note", _("Give either TEXT or --clear."));
  if (watch && unwatch)
    return moderato_cli_usage_error ("note", _("Give either --watch or --unwatch."));

  if (argc > 2 || clear || watch || unwatch)
    {
      g_autofree char *text = clear ? NULL : g_strjoinv (" ", argv + 2);

      ledger = moderato_cli_ledger_open (path, FALSE);
      if (ledger == NULL)
        return EXIT_FAIL;
      if (moderato_ledger_get_state (ledger) != MODERATO_LEDGER_RECORDING)
        {
          g_object_unref (ledger);
          moderato_cli_print_error (_("The ledger cannot be written now; the note was not "
                                      "saved."));
          return EXIT_FAIL;
        }
      if (argc > 2 || clear)
        moderato_ledger_set_note (ledger, argv[1], text);
      if (watch || unwatch)
        moderato_ledger_set_watched (ledger, argv[1], watch);
      if (!moderato_cli_ledger_close (ledger))
        {
          moderato_cli_print_error (_("The ledger could not be written; the note was not "
                                      "saved."));
          return EXIT_FAIL;
        }
      return EXIT_OK;
    }

  ledger = moderato_cli_ledger_open (path, TRUE);
  if (ledger == NULL)
    return EXIT_FAIL;
  moderato_ledger_get_note_async (ledger, argv[1], NULL, store_result, &slot);
  result = await (&slot);
  note = moderato_ledger_get_note_finish (ledger, result, &error);
  g_clear_object (&result);
  if (error == NULL)
    {
      moderato_ledger_watched_async (ledger, NULL, store_result, &slot);
      result = await (&slot);
      watched = moderato_ledger_watched_finish (ledger, result, &error);
    }
  moderato_cli_ledger_close (ledger);
  if (error != NULL)
    return fail_error (error);
  /* The notes' names compare as SQLite's NOCASE does: ASCII letters only. */
  for (guint i = 0; watched[i] != NULL && !is_watched; i++)
    is_watched = g_ascii_strcasecmp (watched[i], argv[1]) == 0;

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "user");
      json_builder_add_string_value (builder, argv[1]);
      json_builder_set_member_name (builder, "note");
      if (note != NULL)
        json_builder_add_string_value (builder, note);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "watched");
      json_builder_add_boolean_value (builder, is_watched);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      moderato_cli_print_json (root);
    }
  else
    {
      if (note != NULL)
        moderato_cli_print_line (stdout, "%s", note);
      if (is_watched)
        moderato_cli_print_line (stdout, "%s", _("(watched)"));
    }
  return EXIT_OK;
}

gboolean
moderato_cli_ledger_load_watch (const char  *path,
                                char      ***out_watched,
                                GArray     **out_known)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  ModeratoLedger *ledger = moderato_cli_ledger_open (path, TRUE);

  if (ledger == NULL)
    return FALSE;
  moderato_ledger_watched_async (ledger, NULL, store_result, &slot);
  result = await (&slot);
  *out_watched = moderato_ledger_watched_finish (ledger, result, &error);
  if (error == NULL && out_known != NULL)
    {
      g_clear_object (&result);
      moderato_ledger_known_user_ids_async (ledger, NULL, store_result, &slot);
      result = await (&slot);
      *out_known = moderato_ledger_known_user_ids_finish (ledger, result, &error);
    }
  g_clear_object (&result);
  moderato_cli_ledger_close (ledger);
  if (error != NULL)
    {
      g_clear_pointer (out_watched, g_strfreev);
      fail_error (error);
      return FALSE;
    }
  return TRUE;
}

/* ---- Table -------------------------------------------------------------------------- */

static const struct {
  const char        *name;
  LedgerCommandFunc  func;
  const char        *summary;
} commands[] = {
  { "log", cmd_log, N_("Show the moderation log from the ledger") },
  { "search", cmd_search, N_("Search the recorded chat (from:, in:, is:, has:, dates)") },
  { "report", cmd_report, N_("A recorded stream's report (Markdown, CSV or JSON)") },
  { "note", cmd_note, N_("Show or write the note on a user") },
};

void
moderato_cli_ledger_describe (GString *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (out, "  %-14s %s\n", commands[i].name, _(commands[i].summary));
}

gboolean
moderato_cli_ledger_run (const char  *command,
                         int          argc,
                         char       **argv,
                         int         *out_status)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (command, commands[i].name))
      {
        *out_status = commands[i].func (argc, argv);
        return TRUE;
      }
  return FALSE;
}
