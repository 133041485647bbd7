/* moderato-cli.c — the headless tool over librumble: tail a chat, run the fake server
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * moderato-cli [GLOBAL OPTIONS] COMMAND [OPTIONS] [ARGS]
 *
 * Global options come before the command and choose the servers: --server URL (one host for
 * both, as the fake server is), --site URL, --chat-api URL, or --demo (an in-process fake with
 * demo traffic). Each command parses its own options with a GOptionContext.
 * Exit status: 0 success, 1 failure, 2 usage error. Errors are one sentence on stderr; stdout
 * carries only the output (chat lines, JSON lines), flushed line by line.
 */
#define G_LOG_DOMAIN "moderato-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "moderato-cli-output.h"
#include "rumble-fake-server.h"
#include "rumble.h"
#include "rumble-enums.h"
#include "rumble-id.h"
#include "rumble-locator.h"

#include "moderato-cli-actions.h"
#include "moderato-cli-ledger.h"
#include "moderato-cli-watch.h"

#define CLI_EXIT_OK      0
#define CLI_EXIT_FAILURE 1
#define CLI_EXIT_USAGE   MODERATO_CLI_EXIT_USAGE

#define DEMO_RATE            3.0
#define FAKE_SERVER_RATE     3.0

/* ---- Global state ------------------------------------------------------------------- */

typedef struct {
  char             *server_url;
  char             *site_url;
  char             *chat_url;
  gboolean          demo;
  RumbleFakeServer *fake;    /* --demo */
} CliGlobal;

typedef int (*CliCommandFunc) (CliGlobal *global,
                               int        argc,
                               char     **argv);

static void
cli_global_clear (CliGlobal *global)
{
  g_clear_object (&global->fake);
  g_clear_pointer (&global->server_url, g_free);
  g_clear_pointer (&global->site_url, g_free);
  g_clear_pointer (&global->chat_url, g_free);
}

/* The chat and site URLs the global options chose. */
static void
resolve_urls (CliGlobal   *global,
              const char **out_site,
              const char **out_chat)
{
  if (global->fake != NULL)
    {
      *out_site = rumble_fake_server_get_url (global->fake);
      *out_chat = rumble_fake_server_get_chat_url (global->fake);
      return;
    }
  *out_site = global->site_url ? global->site_url : RUMBLE_DEFAULT_SITE_URL;
  *out_chat = global->chat_url ? global->chat_url : RUMBLE_DEFAULT_CHAT_URL;
}

static gboolean
check_url (const char  *option,
           const char  *url,
           GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The %s option needs an http or https URL, not “%s”."), option, url);
      return FALSE;
    }
  return TRUE;
}

/* ---- Output ------------------------------------------------------------------------- */

static char *
format_clock (gint64 unix_seconds)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_seconds);

  if (when == NULL)
    return g_strdup ("--:--:--");
  return g_date_time_format (when, "%H:%M:%S");
}

/* Chat lines on stdout; the output path makes the network's text safe for the terminal. */
static void
write_line (const char *line)
{
  moderato_cli_print_line (stdout, "%s", line);
}

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

/* ---- tail --------------------------------------------------------------------------- */

typedef struct {
  CliGlobal        *global;
  GMainLoop        *loop;
  GCancellable     *cancellable;
  SoupSession      *session;
  RumbleChatApi    *chat;
  RumbleMessage    *pinned;        /* last pinned message we reported */
  char             *input;         /* STREAM as given */
  char             *stream_id;     /* decimal */
  gboolean          json;
  gboolean          skip_backlog;
  guint             history;       /* 0 = the library's default */
  gint64            count;         /* 0 = no limit */
  gint64            n_messages;
  ModeratoLedger   *ledger;        /* --record */
  GString          *line;          /* the JSON line being built */
  gboolean          done;
  int               exit_code;
} Tail;

static void
tail_finish (Tail *tail,
             int   exit_code)
{
  if (tail->done)
    return;
  tail->done = TRUE;
  tail->exit_code = exit_code;
  g_main_loop_quit (tail->loop);
}

static void
tail_fail (Tail       *tail,
           const char *sentence)
{
  if (tail->done)
    return;
  moderato_cli_print_error (sentence);
  tail_finish (tail, CLI_EXIT_FAILURE);
}

static const char *
message_kind_nick (RumbleMessage *message)
{
  switch (rumble_message_get_kind (message))
    {
    case RUMBLE_MESSAGE_RANT:
      return "rant";
    case RUMBLE_MESSAGE_RAID:
      return "raid";
    case RUMBLE_MESSAGE_SUBSCRIPTION:
      return "subscription";
    case RUMBLE_MESSAGE_GIFT:
      return "gift";
    case RUMBLE_MESSAGE_REGULAR:
    default:
      return "regular";
    }
}

/* One message as a JSON line, built directly: a flood prints thousands a second. */
static void
tail_write_message_json (Tail          *tail,
                         RumbleMessage *message)
{
  RumbleUser *user = rumble_message_get_user (message);
  RumbleChannel *channel = rumble_message_get_channel (message);
  GString *line = tail->line;

  moderato_cli_json_begin (line, "message");
  moderato_cli_json_add_string (line, "id", rumble_message_get_id (message));
  moderato_cli_json_add_int (line, "time", rumble_message_get_time (message));
  moderato_cli_json_add_string (line, "user_id", rumble_message_get_user_id (message));
  moderato_cli_json_add_string (line, "user", user ? rumble_user_get_username (user) : NULL);
  moderato_cli_json_add_string (line, "channel_id", rumble_message_get_channel_id (message));
  moderato_cli_json_add_string (line, "channel", channel ? rumble_channel_get_name (channel) : NULL);
  moderato_cli_json_add_string (line, "text", rumble_message_get_text (message));
  moderato_cli_json_add_int (line, "rant_cents", rumble_message_get_rant_price_cents (message));
  moderato_cli_json_add_boolean (line, "raid", rumble_message_get_is_raid (message));
  moderato_cli_json_add_strv (line, "badges", user != NULL ? rumble_user_get_badges (user) : NULL);
  /* Beyond the documented fields: what kind of line this is (notices have no text). */
  moderato_cli_json_add_string (line, "kind", message_kind_nick (message));
  moderato_cli_json_end (line);
}

static void
tail_write_id_event (Tail               *tail,
                     const char         *event,
                     const char         *member,
                     const char * const *ids,
                     const char         *single_id)
{
  g_autoptr(JsonBuilder) builder = moderato_cli_event_begin (event);

  json_builder_set_member_name (builder, member);
  if (ids != NULL)
    {
      json_builder_begin_array (builder);
      for (guint i = 0; ids[i] != NULL; i++)
        json_builder_add_string_value (builder, ids[i]);
      json_builder_end_array (builder);
    }
  else
    json_builder_add_string_value (builder, single_id);
  moderato_cli_print_event (builder);
}

/* "12:01:33 [$5.00 RANT] Name: text" and friends. @marker overrides the kind's own marker. */
static void
tail_print_message (Tail          *tail,
                    RumbleMessage *message,
                    const char    *marker)
{
  g_autofree char *clock = format_clock (rumble_message_get_time (message));
  const char *name = or_empty (rumble_message_get_display_name (message));
  const char *text = or_empty (rumble_message_get_text (message));
  g_autofree char *kind_marker = NULL;
  g_autofree char *body = NULL;
  g_autofree char *line = NULL;

  switch (rumble_message_get_kind (message))
    {
    case RUMBLE_MESSAGE_RANT:
      {
        guint cents = rumble_message_get_rant_price_cents (message);

        /* TRANSLATORS: a paid message; the amount in US dollars and cents */
        kind_marker = g_strdup_printf (_("[$%u.%02u RANT]"), cents / 100, cents % 100);
      }
      break;
    case RUMBLE_MESSAGE_RAID:
      kind_marker = g_strdup (_("[RAID]"));
      break;
    case RUMBLE_MESSAGE_SUBSCRIPTION:
      {
        const char *notice = or_empty (rumble_message_get_notification_text (message));

        kind_marker = g_strdup (_("[NOTICE]"));
        if (*text == '\0')
          /* TRANSLATORS: a subscription notice: "Name subscribed" (the text comes from Rumble) */
          body = g_strdup_printf (_("%s %s"), name, *notice ? notice : _("subscribed"));
      }
      break;
    case RUMBLE_MESSAGE_GIFT:
      {
        const char *type = or_empty (rumble_message_get_gift_type (message));
        guint total = rumble_message_get_gift_total (message);

        kind_marker = g_strdup (_("[GIFT]"));
        if (*text == '\0')
          body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s gifted %u subscription (%s)",
                                               "%s gifted %u subscriptions (%s)", total),
                                  name, total, type);
      }
      break;
    case RUMBLE_MESSAGE_REGULAR:
    default:
      break;
    }

  if (body == NULL)
    body = g_strdup_printf ("%s: %s", name, text);

  if (marker != NULL && kind_marker != NULL)
    line = g_strdup_printf ("%s %s %s %s", clock, marker, kind_marker, body);
  else if (marker != NULL || kind_marker != NULL)
    line = g_strdup_printf ("%s %s %s", clock, marker ? marker : kind_marker, body);
  else
    line = g_strdup_printf ("%s %s", clock, body);
  write_line (line);
}

static void
on_message_received (RumbleChatApi *chat,
                     RumbleMessage *message,
                     Tail          *tail)
{
  if (tail->done)
    return;

  if (tail->json)
    tail_write_message_json (tail, message);
  else
    tail_print_message (tail, message, NULL);

  tail->n_messages++;
  if (tail->count > 0 && tail->n_messages >= tail->count)
    tail_finish (tail, CLI_EXIT_OK);
}

static void
on_messages_deleted (RumbleChatApi  *chat,
                     char          **ids,
                     gboolean        non_rant_only,
                     Tail           *tail)
{
  g_autoptr(GPtrArray) applied = g_ptr_array_new ();

  if (tail->done || ids == NULL)
    return;

  /* Only what the model applied: "delete non-rant messages" spares the rants it lists. */
  for (guint i = 0; ids[i] != NULL; i++)
    {
      RumbleMessage *message = rumble_chat_api_lookup_message (chat, ids[i]);

      if (message != NULL && !rumble_message_get_deleted (message))
        continue;
      g_ptr_array_add (applied, ids[i]);
    }
  if (applied->len == 0)
    return;
  g_ptr_array_add (applied, NULL);

  if (tail->json)
    {
      tail_write_id_event (tail, "delete", "ids", (const char * const *) applied->pdata, NULL);
      return;
    }

  for (guint i = 0; i < applied->len - 1; i++)
    {
      const char *id = g_ptr_array_index (applied, i);
      RumbleMessage *message = rumble_chat_api_lookup_message (chat, id);

      if (message != NULL)
        tail_print_message (tail, message, _("[deleted]"));
      else
        {
          g_autofree char *clock = format_clock (g_get_real_time () / G_USEC_PER_SEC);
          g_autofree char *line = g_strdup_printf (_("%s [deleted] message %s"), clock, id);

          write_line (line);
        }
    }
}

static void
on_users_muted (RumbleChatApi  *chat,
                char          **ids,
                Tail           *tail)
{
  g_autofree char *clock = NULL;

  if (tail->done || ids == NULL)
    return;

  if (tail->json)
    {
      tail_write_id_event (tail, "mute", "user_ids", (const char * const *) ids, NULL);
      return;
    }

  clock = format_clock (g_get_real_time () / G_USEC_PER_SEC);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      RumbleUser *user = rumble_chat_api_lookup_user (chat, ids[i]);
      const char *name = or_empty (user ? rumble_user_get_username (user) : NULL);
      g_autofree char *line = NULL;

      if (*name != '\0')
        line = g_strdup_printf (_("%s [muted] %s"), clock, name);
      else
        line = g_strdup_printf (_("%s [muted] user %s"), clock, ids[i]);
      write_line (line);
    }
}

static void
on_pinned_message (RumbleChatApi *chat,
                   GParamSpec    *pspec,
                   Tail          *tail)
{
  RumbleMessage *pinned = rumble_chat_api_get_pinned_message (chat);
  g_autoptr(RumbleMessage) previous = NULL;

  if (tail->done)
    return;
  if (pinned == tail->pinned ||
      (pinned != NULL && tail->pinned != NULL &&
       g_strcmp0 (rumble_message_get_id (pinned), rumble_message_get_id (tail->pinned)) == 0))
    return;

  previous = g_steal_pointer (&tail->pinned);
  if (pinned != NULL)
    tail->pinned = g_object_ref (pinned);

  /* A new pin replaces the old one: report it as a pin only. */
  if (pinned != NULL)
    {
      if (tail->json)
        tail_write_id_event (tail, "pin", "id", NULL, rumble_message_get_id (pinned));
      else
        tail_print_message (tail, pinned, _("[pinned]"));
    }
  else if (previous != NULL)
    {
      if (tail->json)
        tail_write_id_event (tail, "unpin", "id", NULL, rumble_message_get_id (previous));
      else
        tail_print_message (tail, previous, _("[unpinned]"));
    }
}

static const char *
state_nick (RumbleConnectionState state)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (RUMBLE_TYPE_CONNECTION_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);

  /* Nicks live as long as the type, which is static. */
  return value ? value->value_nick : "unknown";
}

static void
on_state (RumbleChatApi *chat,
          GParamSpec    *pspec,
          Tail          *tail)
{
  RumbleConnectionState state = rumble_chat_api_get_state (chat);
  const GError *error = rumble_chat_api_get_last_error (chat);

  if (tail->done)
    return;

  if (tail->json)
    {
      g_autoptr(JsonBuilder) builder = moderato_cli_event_begin ("state");

      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, state_nick (state));
      moderato_cli_print_event (builder);
    }

  /* Plain output keeps stdout for the chat; the connection's story goes to stderr. */
  switch (state)
    {
    case RUMBLE_CONNECTION_CONNECTING:
      if (!tail->json)
        moderato_cli_print_line (stderr, _("Connecting to the chat of stream %s…\n"),
                                 tail->stream_id);
      break;
    case RUMBLE_CONNECTION_CONNECTED:
      if (!tail->json)
        moderato_cli_print_line (stderr, _("Connected.\n"));
      break;
    case RUMBLE_CONNECTION_RECONNECTING:
      if (!tail->json)
        moderato_cli_print_line (stderr, _("The connection was lost (%s); reconnecting…\n"),
                                 error ? error->message : _("no reason given"));
      break;
    case RUMBLE_CONNECTION_OFFLINE:
      moderato_cli_print_line (stderr, _("Stream %s is not live; waiting for it to go live…\n"),
                               tail->stream_id);
      break;
    case RUMBLE_CONNECTION_ERROR:
      if (!tail->json)
        moderato_cli_print_line (stderr, _("Cannot connect to the chat (%s); still trying…\n"),
                                 error ? error->message : _("no reason given"));
      break;
    case RUMBLE_CONNECTION_DISCONNECTED:
    default:
      break;
    }
}

/* "2026-12-03T21:04:11Z" for a real time in µs. */
static char *
format_utc (gint64 time_us)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("?");
}

/* Gaps in the chat: where the stream was lost and what the reconnect recovered. */
static void
on_connection_lost (RumbleChatApi *chat,
                    gint64         lost_at,
                    const char    *last_message_id,
                    Tail          *tail)
{
  g_autofree char *when = format_utc (lost_at);

  if (tail->done)
    return;
  if (tail->json)
    {
      g_autoptr(JsonBuilder) builder = moderato_cli_event_begin ("connection_lost");

      json_builder_set_member_name (builder, "time");
      json_builder_add_string_value (builder, when);
      moderato_cli_add_string_or_null (builder, "last_message_id", last_message_id);
      moderato_cli_print_event (builder);
    }
}

static void
on_reconnected (RumbleChatApi *chat,
                gint64         lost_at,
                guint          n_recovered,
                gboolean       complete,
                Tail          *tail)
{
  gint64 seconds = MAX (0, (g_get_real_time () - lost_at) / G_USEC_PER_SEC);

  if (tail->done)
    return;
  if (tail->json)
    {
      g_autoptr(JsonBuilder) builder = moderato_cli_event_begin ("reconnected");
      g_autofree char *when = format_utc (lost_at);

      json_builder_set_member_name (builder, "lost_at");
      json_builder_add_string_value (builder, when);
      json_builder_set_member_name (builder, "gap_seconds");
      json_builder_add_int_value (builder, seconds);
      json_builder_set_member_name (builder, "recovered");
      json_builder_add_int_value (builder, n_recovered);
      json_builder_set_member_name (builder, "complete");
      json_builder_add_boolean_value (builder, complete);
      moderato_cli_print_event (builder);
    }
  else if (complete)
    moderato_cli_print_line (stderr, g_dngettext (GETTEXT_PACKAGE,
                                                  "Reconnected after %u s; "
                                                  "%u message recovered from the backlog.\n",
                                                  "Reconnected after %u s; "
                                                  "%u messages recovered from the backlog.\n",
                                                  n_recovered),
                             (guint) MIN (seconds, G_MAXUINT), n_recovered);
  else
    moderato_cli_print_line (stderr, _("Reconnected after %u s; messages sent during the gap "
                                       "may be missing.\n"), (guint) MIN (seconds, G_MAXUINT));
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Tail *tail = user_data;
  g_autoptr(GError) error = NULL;

  if (rumble_chat_api_connect_finish (RUMBLE_CHAT_API (source), result, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Offline: the chat polls and connects by itself when the stream goes live. */
  if (g_error_matches (error, RUMBLE_ERROR, RUMBLE_ERROR_CHAT_CLOSED))
    return;

  {
    g_autofree char *sentence = g_strdup_printf (_("Cannot open the chat of stream %s: %s."),
                                                 tail->stream_id, error->message);

    tail_fail (tail, sentence);
  }
}

static void
tail_start_chat (Tail *tail)
{
  const char *site_url, *chat_url;

  resolve_urls (tail->global, &site_url, &chat_url);

  tail->chat = rumble_chat_api_new (tail->stream_id);
  if (tail->chat == NULL)
    {
      g_autofree char *sentence = g_strdup_printf (_("“%s” is not a stream id."),
                                                   tail->stream_id);

      tail_fail (tail, sentence);
      return;
    }
  rumble_chat_api_set_soup_session (tail->chat, tail->session);
  rumble_chat_api_set_site_url (tail->chat, site_url);
  rumble_chat_api_set_chat_url (tail->chat, chat_url);
  if (tail->history > 0)
    rumble_chat_api_set_history_len (tail->chat, tail->history);
  /* Trimmed a tenth at a time, as the app does: one splice per message over the limit was
   * a tenth of the CLI's ingest. */
  rumble_chat_api_set_trim_slack (tail->chat, rumble_chat_api_get_history_len (tail->chat) / 10);
  rumble_chat_api_set_skip_backlog (tail->chat, tail->skip_backlog);

  g_signal_connect (tail->chat, "message-received", G_CALLBACK (on_message_received), tail);
  g_signal_connect (tail->chat, "messages-deleted", G_CALLBACK (on_messages_deleted), tail);
  g_signal_connect (tail->chat, "users-muted", G_CALLBACK (on_users_muted), tail);
  g_signal_connect (tail->chat, "notify::pinned-message", G_CALLBACK (on_pinned_message), tail);
  g_signal_connect (tail->chat, "notify::state", G_CALLBACK (on_state), tail);
  g_signal_connect (tail->chat, "connection-lost", G_CALLBACK (on_connection_lost), tail);
  g_signal_connect (tail->chat, "reconnected", G_CALLBACK (on_reconnected), tail);
  if (tail->ledger != NULL)
    moderato_ledger_attach (tail->ledger, tail->chat);

  rumble_chat_api_connect_async (tail->chat, tail->cancellable, on_connected, tail);
}

static void
on_resolved (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Tail *tail = user_data;
  g_autoptr(GError) error = NULL;

  tail->stream_id = rumble_locator_resolve_finish (result, &error);
  if (tail->stream_id == NULL)
    {
      g_autofree char *sentence = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      sentence = g_strdup_printf (_("Cannot find the stream “%s”: %s"), tail->input,
                                  error->message);
      tail_fail (tail, sentence);
      return;
    }
  tail_start_chat (tail);
}

/* With --json, what the ledger has committed: the first @n_messages messages printed are
 * safe in the file (or counted as dropped while recording was paused). */
static void
on_ledger_committed (ModeratoLedger *ledger,
                     guint64         n_messages,
                     Tail           *tail)
{
  g_autoptr(JsonBuilder) builder = NULL;

  if (tail->done || !tail->json)
    return;
  builder = moderato_cli_event_begin ("recorded");
  json_builder_set_member_name (builder, "messages");
  json_builder_add_int_value (builder, (gint64) n_messages);
  moderato_cli_print_event (builder);
}

static void
on_ledger_state (ModeratoLedger *ledger,
                 GParamSpec     *pspec,
                 Tail           *tail)
{
  switch (moderato_ledger_get_state (ledger))
    {
    case MODERATO_LEDGER_RECORDING:
      moderato_cli_print_line (stderr, _("Recording into the ledger again.\n"));
      break;
    case MODERATO_LEDGER_PAUSED_BACKLOG:
      moderato_cli_print_line (stderr, _("Recording paused: the ledger cannot keep up.\n"));
      break;
    case MODERATO_LEDGER_PAUSED_FULL:
      moderato_cli_print_line (stderr, _("Recording paused: the disk is full.\n"));
      break;
    case MODERATO_LEDGER_PAUSED_READ_ONLY:
      moderato_cli_print_line (stderr, _("Recording paused: the ledger cannot be written.\n"));
      break;
    case MODERATO_LEDGER_PAUSED_ERROR:
      moderato_cli_print_line (stderr, _("Recording paused: the ledger failed to write.\n"));
      break;
    case MODERATO_LEDGER_NOT_RECORDING:
    default:
      break;
    }
}

static gboolean
on_quit_signal (gpointer user_data)
{
  Tail *tail = user_data;

  tail_finish (tail, CLI_EXIT_OK);
  return G_SOURCE_CONTINUE;
}

static int
cmd_tail (CliGlobal *global,
          int        argc,
          char     **argv)
{
  gboolean json = FALSE;
  gboolean skip_backlog = FALSE;
  gboolean record = FALSE;
  g_autofree char *ledger_path = NULL;
  gint64 count = 0;
  int history = -1;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *site_url, *chat_url;
  Tail tail = { 0 };
  guint sigint_id, sigterm_id;
  const GOptionEntry entries[] = {
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json,
      N_("One JSON object per line for every event"), NULL },
    { "count", 'n', 0, G_OPTION_ARG_INT64, &count,
      N_("Exit after N messages"), N_("N") },
    { "skip-backlog", 0, 0, G_OPTION_ARG_NONE, &skip_backlog,
      N_("Do not print the messages from before connecting"), NULL },
    { "history", 0, 0, G_OPTION_ARG_INT, &history,
      N_("Keep at most N messages in memory (default 1000)"), N_("N") },
    { "record", 0, 0, G_OPTION_ARG_NONE, &record,
      N_("Write what it reads into the ledger"), NULL },
    { "ledger", 0, 0, G_OPTION_ARG_FILENAME, &ledger_path,
      N_("The ledger file (default: $XDG_DATA_HOME/moderato/ledger.sqlite3)"), N_("PATH") },
    { NULL }
  };

  context = g_option_context_new (_("[STREAM]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Print the chat of a live stream as it happens.\n\n"
                                  "STREAM is a stream id (decimal or base 36), "
                                  "or a rumble.com video,\n"
                                  "embed, chat popup or channel link. "
                                  "With --demo it may be omitted."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return moderato_cli_usage_error ("tail", error->message);
  if (count < 0)
    return moderato_cli_usage_error ("tail",
                                     _("The --count option needs a number of messages of 0 "
                                       "or more."));
  if (history == 0 || history < -1)
    return moderato_cli_usage_error ("tail",
                                     _("The --history option needs a number of messages of 1 "
                                       "or more."));
  if (argc > 2)
    return moderato_cli_usage_error ("tail", _("Give exactly one stream."));
  if (argc < 2 && !global->demo)
    return moderato_cli_usage_error ("tail",
                                     _("Give the stream to follow: an id or a rumble.com link."));

  if (ledger_path != NULL && !record)
    return moderato_cli_usage_error ("tail", _("The --ledger option goes with --record."));
  if (record)
    {
      tail.ledger = moderato_cli_ledger_open (ledger_path, FALSE);
      if (tail.ledger == NULL)
        return CLI_EXIT_FAILURE;
      if (moderato_ledger_get_read_only (tail.ledger))
        {
          g_clear_object (&tail.ledger);
          return CLI_EXIT_FAILURE;
        }
      g_signal_connect (tail.ledger, "committed", G_CALLBACK (on_ledger_committed), &tail);
      g_signal_connect (tail.ledger, "notify::state", G_CALLBACK (on_ledger_state), &tail);
    }

  tail.global = global;
  tail.json = json;
  tail.count = count;
  tail.history = history > 0 ? (guint) history : 0;
  tail.skip_backlog = skip_backlog;
  tail.input = g_strdup (argc == 2 ? argv[1] : RUMBLE_FAKE_DEFAULT_STREAM);
  tail.loop = g_main_loop_new (NULL, FALSE);
  tail.line = g_string_sized_new (1024);
  tail.cancellable = g_cancellable_new ();
  tail.session = soup_session_new ();

  sigint_id = g_unix_signal_add (SIGINT, on_quit_signal, &tail);
  sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal, &tail);

  resolve_urls (global, &site_url, &chat_url);

  {
    g_autoptr(GError) local_error = NULL;
    char *stream_id = NULL;

    if (rumble_locator_parse_local (tail.input, &stream_id, &local_error))
      {
        tail.stream_id = stream_id;
        if (global->fake != NULL)
          rumble_fake_server_start_demo (global->fake, tail.stream_id, DEMO_RATE);
        tail_start_chat (&tail);
      }
    else if (rumble_locator_needs_network (tail.input))
      {
        if (global->fake != NULL)
          rumble_fake_server_start_demo (global->fake, RUMBLE_FAKE_DEFAULT_STREAM, DEMO_RATE);
        rumble_locator_resolve_async (tail.session, site_url, tail.input, tail.cancellable,
                                      on_resolved, &tail);
      }
    else
      {
        g_autofree char *sentence = g_strdup_printf (_("Cannot follow “%s”: %s"), tail.input,
                                                     local_error->message);

        tail_fail (&tail, sentence);
      }
  }

  if (!tail.done)
    g_main_loop_run (tail.loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  g_cancellable_cancel (tail.cancellable);
  if (tail.chat != NULL)
    {
      g_signal_handlers_disconnect_by_data (tail.chat, &tail);
      if (tail.ledger != NULL)
        moderato_ledger_detach (tail.ledger, tail.chat);
      rumble_chat_api_disconnect (tail.chat);
    }
  if (tail.ledger != NULL)
    {
      /* Disposing joins the worker, which commits what is queued. */
      g_signal_handlers_disconnect_by_data (tail.ledger, &tail);
      g_clear_object (&tail.ledger);
    }
  g_clear_object (&tail.chat);
  if (global->fake != NULL)
    rumble_fake_server_stop_demo (global->fake);
  moderato_cli_drain_main_context ();

  g_clear_object (&tail.pinned);
  g_clear_object (&tail.session);
  g_clear_object (&tail.cancellable);
  g_clear_pointer (&tail.loop, g_main_loop_unref);
  g_clear_pointer (&tail.input, g_free);
  g_clear_pointer (&tail.stream_id, g_free);
  g_string_free (tail.line, TRUE);
  moderato_cli_output_flush ();

  return tail.exit_code;
}

/* ---- fake-server -------------------------------------------------------------------- */

static gboolean
on_fake_quit_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static int
cmd_fake_server (CliGlobal *global,
                 int        argc,
                 char     **argv)
{
  int port = 0;
  double rate = FAKE_SERVER_RATE;
  g_autofree char *stream = NULL;
  g_autofree char *stream_b10 = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleFakeServer) fake = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  const char *url;
  guint sigint_id, sigterm_id;
  guint64 id;
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      N_("Listen on this port of 127.0.0.1 (default: any free port)"), N_("PORT") },
    { "rate", 'r', 0, G_OPTION_ARG_DOUBLE, &rate,
      N_("Demo messages per second (default 3; 0 for none)"), N_("MSGS_PER_S") },
    { "stream", 's', 0, G_OPTION_ARG_STRING, &stream,
      N_("The live stream's id (default 298765432)"), N_("ID") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Run an imitation of Rumble's chat and site servers on "
                                  "loopback, with a\n"
                                  "live stream and demo chat traffic, until interrupted. "
                                  "Point clients,\n"
                                  "bots and moderato-cli at the URL it prints; "
                                  "nothing reaches rumble.com."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return moderato_cli_usage_error ("fake-server", error->message);
  if (argc > 1)
    return moderato_cli_usage_error ("fake-server",
                                     _("The fake-server command takes no arguments."));
  if (port < 0 || port > 65535)
    return moderato_cli_usage_error ("fake-server",
                                     _("The --port option needs a port number from 0 to 65535."));
  if (!(rate >= 0 && rate <= 1e6))
    return moderato_cli_usage_error ("fake-server",
                                     _("The --rate option needs a number of messages per second "
                                       "from 0 to 1000000."));
  if (stream != NULL && !rumble_id_parse_any (stream, &id))
    return moderato_cli_usage_error ("fake-server",
                                     _("The --stream option needs a stream id, decimal or "
                                       "base 36."));
  if (global->demo || global->server_url || global->site_url || global->chat_url)
    return moderato_cli_usage_error ("fake-server",
                                     _("The fake-server command is the server: give it no server "
                                       "options."));

  stream_b10 = stream ? rumble_id_to_b10 (id) : g_strdup (RUMBLE_FAKE_DEFAULT_STREAM);

  fake = rumble_fake_server_new ((guint) port, &error);
  if (fake == NULL)
    {
      g_autofree char *sentence = g_strdup_printf (_("Cannot start the fake server: %s."),
                                                   error->message);

      moderato_cli_print_error (sentence);
      return CLI_EXIT_FAILURE;
    }
  rumble_fake_server_add_stream (fake, stream_b10, TRUE);
  if (rate > 0)
    rumble_fake_server_start_demo (fake, stream_b10, rate);

  url = rumble_fake_server_get_url (fake);
  /* The first line is the bare URL, for scripts; the rest is for people. */
  g_print ("%s\n", url);
  g_print (_("Fake Rumble server running on loopback (Ctrl+C stops it).\n"));
  g_print (_("  Site URL:  %s\n"), url);
  g_print (_("  Chat API:  %s\n"), rumble_fake_server_get_chat_url (fake));
  if (rate > 0)
    g_print (_("  Stream:    %s (live, about %g demo messages per second)\n"), stream_b10, rate);
  else
    g_print (_("  Stream:    %s (live, no demo traffic)\n"), stream_b10);
  g_print (_("  Try:       moderato-cli --server %s tail %s\n"), url, stream_b10);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, on_fake_quit_signal, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, on_fake_quit_signal, loop);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  rumble_fake_server_stop_demo (fake);
  g_clear_object (&fake);
  moderato_cli_drain_main_context ();
  return CLI_EXIT_OK;
}

/* ---- watch (moderato-cli-watch.c) --------------------------------------------------- */

static int
cmd_watch (CliGlobal *global,
           int        argc,
           char     **argv)
{
  const char *site_url, *chat_url;

  resolve_urls (global, &site_url, &chat_url);
  return moderato_cli_watch (site_url, chat_url, global->fake, argc, argv);
}

/* ---- main --------------------------------------------------------------------------- */

typedef struct {
  const char     *name;
  CliCommandFunc  func;
  const char     *summary;
} CliCommand;

static const CliCommand commands[] = {
  { "tail",        cmd_tail,
    N_("Print a stream's chat as it happens (text or JSON lines)") },
  { "fake-server", cmd_fake_server, N_("Run an imitation Rumble chat server on loopback") },
  { "watch",       cmd_watch,
    N_("Point at highlights, spam waves and rants in a stream's chat") },
};

static char *
commands_description (void)
{
  GString *out = g_string_new (_("Commands:"));

  g_string_append_c (out, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (out, "  %-14s %s\n", commands[i].name, _(commands[i].summary));
  moderato_cli_actions_describe (out);
  moderato_cli_ledger_describe (out);
  g_string_append_c (out, '\n');
  g_string_append (out, _("Run “moderato-cli COMMAND --help” for a command's options.\n"
                          "Exit status: 0 success, 1 failure, 2 usage error."));
  return g_string_free (out, FALSE);
}

/* Global options may also follow the command (`moderato-cli tail --demo`): move them in
 * front of it, so the strict parse below sees them. Stops at "--". Returns a new vector
 * of borrowed strings. */
static char **
hoist_global_options (int    *argc,
                      char  **argv)
{
  static const char * const with_value[] = { "--server", "--site", "--chat-api" };
  g_autoptr(GPtrArray) globals = g_ptr_array_new ();
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  gboolean done = FALSE;

  for (int i = 1; i < *argc; i++)
    {
      const char *arg = argv[i];
      gboolean global = FALSE;

      if (g_str_equal (arg, "--"))
        done = TRUE;
      if (!done && g_str_equal (arg, "--demo"))
        global = TRUE;
      for (guint k = 0; !done && !global && k < G_N_ELEMENTS (with_value); k++)
        {
          gsize len = strlen (with_value[k]);

          if (g_str_equal (arg, with_value[k]) && i + 1 < *argc)
            {
              g_ptr_array_add (globals, (gpointer) arg);
              arg = argv[++i];
              global = TRUE;
            }
          else if (strncmp (arg, with_value[k], len) == 0 && arg[len] == '=')
            global = TRUE;
        }
      g_ptr_array_add (global ? globals : rest, (gpointer) arg);
    }

  {
    char **out = g_new0 (char *, *argc + 1);
    int n = 0;

    out[n++] = argv[0];
    for (guint i = 0; i < globals->len; i++)
      out[n++] = g_ptr_array_index (globals, i);
    for (guint i = 0; i < rest->len; i++)
      out[n++] = g_ptr_array_index (rest, i);
    *argc = n;
    return out;
  }
}

int
main (int    argc,
      char **argv)
{
  const char *localedir = g_getenv ("MODERATO_LOCALEDIR");
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  g_autofree char *sub_prgname = NULL;
  g_autofree char **hoisted = NULL;
  CliGlobal global = { 0 };
  const char *command;
  int status = CLI_EXIT_USAGE;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &global.server_url,
      N_("One host for both the site and the chat API (a fake or test server)"), N_("URL") },
    { "site", 0, 0, G_OPTION_ARG_STRING, &global.site_url,
      N_("The rumble.com site to use (default https://rumble.com)"), N_("URL") },
    { "chat-api", 0, 0, G_OPTION_ARG_STRING, &global.chat_url,
      N_("The chat API to use (default https://web7.rumble.com/chat/api)"), N_("URL") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &global.demo,
      N_("Run a fake server with demo traffic in-process and use it"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("moderato-cli");
  g_log_set_writer_func (moderato_cli_log_writer, NULL, NULL);
  moderato_cli_output_init ();

  description = commands_description ();
  context = g_option_context_new (_("COMMAND [OPTION…] [ARGUMENT…]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Read and moderate Rumble live chats from the command line."));
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Stop at the command: what follows belongs to it. */
  g_option_context_set_strict_posix (context, TRUE);

  hoisted = hoist_global_options (&argc, argv);
  argv = hoisted;
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      status = moderato_cli_usage_error (NULL, error->message);
      goto out;
    }

  if (global.server_url != NULL)
    {
      g_autofree char *base = NULL;

      if (!check_url ("--server", global.server_url, &error))
        {
          status = moderato_cli_usage_error (NULL, error->message);
          goto out;
        }
      base = g_strdup (global.server_url);
      while (g_str_has_suffix (base, "/"))
        base[strlen (base) - 1] = '\0';
      if (global.site_url == NULL)
        global.site_url = g_strdup (base);
      if (global.chat_url == NULL)
        global.chat_url = g_strconcat (base, "/chat/api", NULL);
    }
  if ((global.site_url != NULL && !check_url ("--site", global.site_url, &error)) ||
      (global.chat_url != NULL && !check_url ("--chat-api", global.chat_url, &error)))
    {
      status = moderato_cli_usage_error (NULL, error->message);
      goto out;
    }
  if (global.demo && (global.server_url || global.site_url || global.chat_url))
    {
      status = moderato_cli_usage_error (NULL,
                                         _("The --demo option runs its own server: do not combine "
                                           "it with --server, --site or --chat-api."));
      goto out;
    }

  if (argc < 2)
    {
      status = moderato_cli_usage_error (NULL, _("Give a command, for example “tail”."));
      goto out;
    }
  command = argv[1];
  if (g_str_equal (command, "help"))
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_print ("%s", help);
      status = CLI_EXIT_OK;
      goto out;
    }

  /* The command's own parser sees "moderato-cli COMMAND" as the program. */
  sub_prgname = g_strdup_printf ("moderato-cli %s", command);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (!g_str_equal (command, commands[i].name))
        continue;

      if (global.demo && commands[i].func != cmd_fake_server)
        {
          global.fake = rumble_fake_server_new (0, &error);
          if (global.fake == NULL)
            {
              g_autofree char *sentence = g_strdup_printf (_("Cannot start the demo server: %s."),
                                                           error->message);

              moderato_cli_print_error (sentence);
              status = CLI_EXIT_FAILURE;
              goto out;
            }
        }
      g_set_prgname (sub_prgname);
      status = commands[i].func (&global, argc - 1, argv + 1);
      g_set_prgname ("moderato-cli");
      goto out;
    }

  {
    int ledger_status;

    g_set_prgname (sub_prgname);
    if (moderato_cli_ledger_run (command, argc - 1, argv + 1, &ledger_status))
      {
        g_set_prgname ("moderato-cli");
        status = ledger_status;
        goto out;
      }
    g_set_prgname ("moderato-cli");
  }

  {
    int action_status;

    g_set_prgname (sub_prgname);
    if (moderato_cli_actions_run (command, global.site_url, global.chat_url, global.demo,
                                  argc - 1, argv + 1, &action_status))
      {
        g_set_prgname ("moderato-cli");
        status = action_status;
        goto out;
      }
    g_set_prgname ("moderato-cli");
  }

  {
    g_autofree char *sentence = g_strdup_printf (_("“%s” is not a command."), command);

    status = moderato_cli_usage_error (NULL, sentence);
  }

out:
  cli_global_clear (&global);
  moderato_cli_output_flush ();
  return status;
}
