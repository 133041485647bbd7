/* moderato-cli-actions.c — moderato-cli's account and moderation commands
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each command parses its own options, finds the session in the keyring (keyed by the
 * site), opens the stream (its `init` says whether the account may moderate and how long
 * a message may be), runs one librumble action and reports it. Nothing is retried.
 * Errors are one sentence on stderr; exit status 0 success, 1 failure, 2 usage error.
 * The password is read without echo and never kept; the token lives only in the keyring.
 */
#define G_LOG_DOMAIN "moderato-cli"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gi18n.h>

#include "moderato-cli-actions.h"
#include "moderato-cli-ledger.h"
#include "moderato-cli-output.h"
#include "rumble-chat-api.h"
#include "rumble-error.h"
#include "rumble-fake-server.h"
#include "rumble-locator.h"
#include "rumble-mute-choice.h"
#include "rumble-service-php.h"
#include "rumble-session-store.h"

#define EXIT_OK      0
#define EXIT_FAIL    1

/* Longest password or code line read. */
#define LINE_MAX_BYTES 1024

#define DEMO_USERNAME  "demo"
#define DEMO_PASSWORD  "demo"

/* ---- Small helpers ------------------------------------------------------------------ */

typedef struct {
  GAsyncResult *result;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static GAsyncResult *
wait_for (Wait *wait)
{
  GAsyncResult *result;

  while (wait->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  result = wait->result;
  wait->result = NULL;
  return result;
}

static int
fail (const char *sentence)
{
  moderato_cli_print_error (sentence);
  return EXIT_FAIL;
}

static int
fail_error (const GError *error)
{
  return fail (error->message);
}

static GOptionContext *
option_context_new (const char         *parameters,
                    const char         *summary,
                    const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

/* ---- Reading the password and the code --------------------------------------------- */

static struct termios saved_termios;
static volatile sig_atomic_t termios_changed;

static void
restore_terminal_and_die (int signum)
{
  if (termios_changed)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
  signal (signum, SIG_DFL);
  raise (signum);
}

/* One line from stdin without its line break; NULL at end of input or when too long.
 * With @hidden, the terminal does not echo it. The caller wipes and frees it. */
static char *
read_line (const char *prompt,
           gboolean    hidden)
{
  char buffer[LINE_MAX_BYTES + 2];
  struct sigaction action = { 0 };
  struct sigaction old_int, old_term, old_hup, old_quit;
  gboolean echo_off = FALSE;
  char *ret = NULL;
  gsize len;

  if (prompt != NULL)
    {
      fputs (prompt, stderr);
      fflush (stderr);
    }

  if (hidden && isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved_termios) == 0)
    {
      struct termios quiet = saved_termios;

      /* Put the terminal back if the user interrupts. */
      action.sa_handler = restore_terminal_and_die;
      sigemptyset (&action.sa_mask);
      sigaction (SIGINT, &action, &old_int);
      sigaction (SIGTERM, &action, &old_term);
      sigaction (SIGHUP, &action, &old_hup);
      sigaction (SIGQUIT, &action, &old_quit);

      quiet.c_lflag &= ~(tcflag_t) (ECHO | ECHONL);
      termios_changed = 1;
      echo_off = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }

  if (fgets (buffer, sizeof buffer, stdin) != NULL)
    {
      len = strlen (buffer);
      if (len > 0 && buffer[len - 1] == '\n')
        {
          buffer[--len] = '\0';
          if (len > 0 && buffer[len - 1] == '\r')
            buffer[--len] = '\0';
          ret = g_strndup (buffer, len);
        }
      else if (len <= LINE_MAX_BYTES)
        ret = g_strndup (buffer, len);   /* the last line, without a line break */
    }
  rumble_secret_wipe (buffer, sizeof buffer);

  if (termios_changed)
    {
      if (echo_off)
        tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
      termios_changed = 0;
      sigaction (SIGINT, &old_int, NULL);
      sigaction (SIGTERM, &old_term, NULL);
      sigaction (SIGHUP, &old_hup, NULL);
      sigaction (SIGQUIT, &old_quit, NULL);
      fputc ('\n', stderr);
    }

  return ret;
}

/* ---- The run of one command ---------------------------------------------------------- */

typedef struct {
  const char         *command;
  gboolean            demo;
  const char         *site_url;
  const char         *chat_url;
  RumbleFakeServer   *fake;
  SoupSession        *soup;
  RumbleSessionStore *store;
  char               *username;
  char               *token;
  RumbleChatApi      *chat;
  RumbleServicePhp   *php;       /* for commands that talk to service.php directly */
  ModeratoLedger     *ledger;    /* --record */
  Wait                wait;
} Run;

static int
run_init (Run          *run,
          MoCliContext *ctx,
          const char   *command)
{
  memset (run, 0, sizeof *run);
  run->command = command;
  run->demo = ctx->demo;

  if (ctx->demo)
    {
      g_autoptr(GError) error = NULL;

      run->fake = rumble_fake_server_new (0, &error);
      if (run->fake == NULL)
        {
          g_autofree char *sentence = g_strdup_printf (_("Cannot start the demo server: %s."),
                                                       error->message);

          return fail (sentence);
        }
      run->site_url = rumble_fake_server_get_url (run->fake);
      run->chat_url = rumble_fake_server_get_chat_url (run->fake);
    }
  else
    {
      run->site_url = ctx->site_url != NULL ? ctx->site_url : RUMBLE_DEFAULT_SITE_URL;
      run->chat_url = ctx->chat_url != NULL ? ctx->chat_url : RUMBLE_DEFAULT_CHAT_URL;
    }

  /* No session-wide timeout: the chat stream stays open; finite requests have their own. */
  run->soup = soup_session_new_with_options ("timeout", 0, "idle-timeout", 0, NULL);
  run->store = rumble_session_store_new ();
  return EXIT_OK;
}

static int
run_close (Run *run,
           int  status)
{
  if (run->chat != NULL || run->php != NULL)
    {
      const char *session = run->chat != NULL ? rumble_chat_api_get_session (run->chat)
                                              : rumble_service_php_get_session (run->php);

      /* Rumble renewed the cookie during the action: remember the new one. */
      if (!run->demo && session != NULL && run->username != NULL &&
          g_strcmp0 (session, run->token) != 0)
        {
          g_autoptr(GAsyncResult) result = NULL;
          g_autoptr(GError) error = NULL;

          rumble_session_store_store_async (run->store, run->site_url, run->username, session,
                                            NULL, on_done, &run->wait);
          result = wait_for (&run->wait);
          if (!rumble_session_store_store_finish (run->store, result, &error))
            g_debug ("Could not store the renewed session: %s", error->message);
        }

      if (run->chat != NULL)
        rumble_chat_api_disconnect (run->chat);
    }

  if (run->ledger != NULL &&
      !moderato_cli_ledger_close (g_steal_pointer (&run->ledger)))
    moderato_cli_print_error (_("The ledger could not be written: the action is not recorded."));

  moderato_cli_drain_main_context ();
  g_clear_object (&run->chat);
  g_clear_object (&run->php);
  g_clear_object (&run->store);
  g_clear_object (&run->soup);
  g_clear_object (&run->fake);
  rumble_secret_clear (&run->token);
  g_clear_pointer (&run->username, g_free);
  return status;
}

static int
no_session (Run *run)
{
  g_autofree char *sentence = NULL;

  sentence = g_strdup_printf (_("Not logged in to %s: run “moderato-cli login USERNAME” first."),
                              run->site_url);

  return fail (sentence);
}

/* The session: the demo account on the demo server, else the keyring's for the site. */
static int
run_get_session (Run *run)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (run->demo)
    {
      g_autoptr(RumbleServicePhp) php = rumble_service_php_new (run->site_url, run->soup);

      rumble_service_php_login_async (php, DEMO_USERNAME, DEMO_PASSWORD, NULL, on_done, &run->wait);
      result = wait_for (&run->wait);
      rumble_service_php_login_finish (php, result, &error);
      if (error != NULL)
        return fail_error (error);
      run->username = g_strdup (DEMO_USERNAME);
      run->token = g_strdup (rumble_service_php_get_session (php));
      return EXIT_OK;
    }

  rumble_session_store_lookup_async (run->store, run->site_url, NULL, NULL, on_done, &run->wait);
  result = wait_for (&run->wait);
  run->token = rumble_session_store_lookup_finish (run->store, result, &run->username, &error);
  if (rumble_session_store_error_is_unavailable (error))
    return fail (_("No login can be found because no keyring is available: "
                   "moderato-cli keeps sessions only in the keyring (Secret Service)."));
  if (error != NULL)
    return fail_error (error);
  if (run->token == NULL)
    return no_session (run);
  return EXIT_OK;
}

/* How long a command waits for the chat's `init` once the stream answered: the 20 s of
 * any finite request (PROTOCOL.md §14.2). The suite shortens it through the environment. */
static guint
init_timeout_ms (void)
{
  const char *value = g_getenv ("MODERATO_CLI_INIT_TIMEOUT_MS");
  guint64 ms;

  if (value != NULL && g_ascii_string_to_unsigned (value, 10, 1, 600000, &ms, NULL))
    return (guint) ms;
  return 20000;
}

/* Session, stream id and an open chat (its `init` carries can_moderate and the limits). */
static int
run_open_stream (Run        *run,
                 const char *input)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stream_id = NULL;
  int status;

  status = run_get_session (run);
  if (status != EXIT_OK)
    return status;

  if (!rumble_locator_parse_local (input, &stream_id, &error))
    {
      g_autoptr(GAsyncResult) result = NULL;

      if (!rumble_locator_needs_network (input))
        return fail_error (error);
      g_clear_error (&error);

      rumble_locator_resolve_async (run->soup, run->site_url, input, NULL, on_done, &run->wait);
      result = wait_for (&run->wait);
      stream_id = rumble_locator_resolve_finish (result, &error);
      if (stream_id == NULL)
        return fail_error (error);
    }

  run->chat = rumble_chat_api_new (stream_id);
  if (run->chat == NULL)
    {
      g_autofree char *sentence = g_strdup_printf (_("“%s” is not a stream id."), stream_id);

      return fail (sentence);
    }
  rumble_chat_api_set_site_url (run->chat, run->site_url);
  rumble_chat_api_set_chat_url (run->chat, run->chat_url);
  rumble_chat_api_set_soup_session (run->chat, run->soup);
  rumble_chat_api_set_session (run->chat, run->token);

  {
    g_autoptr(GAsyncResult) result = NULL;

    /* A command must end: a chat that answers but never sends `init` is an error. */
    rumble_chat_api_set_init_timeout (run->chat, init_timeout_ms ());
    rumble_chat_api_connect_async (run->chat, NULL, on_done, &run->wait);
    result = wait_for (&run->wait);
    if (!rumble_chat_api_connect_finish (run->chat, result, &error))
      return fail_error (error);
  }

  return EXIT_OK;
}

/* ---- Recording into the ledger (--record) -------------------------------------------- */

typedef struct {
  gboolean  record;
  char     *path;
} RecordOptions;

static void
record_options_clear (RecordOptions *options)
{
  g_clear_pointer (&options->path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RecordOptions, record_options_clear)

/* The stream actions take --record [--ledger PATH], as `tail` does. */
static void
add_record_options (GOptionContext *context,
                    RecordOptions  *options)
{
  const GOptionEntry entries[] = {
    { "record", 0, 0, G_OPTION_ARG_NONE, &options->record,
      N_("Record the action and its outcome in the ledger"), NULL },
    { "ledger", 0, 0, G_OPTION_ARG_FILENAME, &options->path,
      N_("The ledger file (default: $XDG_DATA_HOME/moderato/ledger.sqlite3)"), N_("PATH") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

/* With --record, the ledger is open before anything is sent: an action that should be
 * recorded and cannot be (a ledger from a newer Moderato) is not performed. */
static int
run_open_ledger (Run                 *run,
                 const RecordOptions *options)
{
  if (!options->record)
    return EXIT_OK;

  run->ledger = moderato_cli_ledger_open (options->path, FALSE);
  if (run->ledger == NULL)
    return EXIT_FAIL;
  if (moderato_ledger_get_read_only (run->ledger))
    {
      g_clear_object (&run->ledger);
      return EXIT_FAIL;
    }
  if (moderato_ledger_get_state (run->ledger) != MODERATO_LEDGER_RECORDING)
    moderato_cli_print_error (_("The ledger cannot be written now: the action is not "
                                "recorded."));
  return EXIT_OK;
}

/* Records the action about to be sent on the open chat; the handle for run_record_end(). */
static gint64
run_record_begin (Run                  *run,
                  ModeratoLedgerAction  action,
                  const char           *message_id,
                  const char           *user_name,
                  guint                 duration_s,
                  const char           *scope,
                  const char           *text)
{
  if (run->ledger == NULL)
    return 0;
  return moderato_ledger_record_chat_action (run->ledger, run->chat,
                                             &(ModeratoLedgerActionInfo) {
                                               .account = run->username,
                                               .action = action,
                                               .message_id = message_id,
                                               .user_name = user_name,
                                               .duration_s = duration_s,
                                               .scope = scope,
                                               .text = text,
                                             });
}

/* The outcome: done, ambiguous, or refused with Rumble's reason. */
static void
run_record_end (Run          *run,
                gint64        handle,
                const GError *error)
{
  if (run->ledger != NULL && handle != 0)
    moderato_ledger_action_finish (run->ledger, handle, error);
}

static int
report_action (Run          *run,
               GError       *error,
               const char   *done)
{
  if (error != NULL)
    {
      if (g_error_matches (error, RUMBLE_ERROR, RUMBLE_ERROR_AUTH))
        {
          g_autofree char *sentence = NULL;

          sentence = g_strdup_printf (_("%s Log in again with “moderato-cli login %s”."),
                                      error->message,
                                      run->username ? run->username : "USERNAME");

          return fail (sentence);
        }
      return fail_error (error);
    }

  moderato_cli_print_line (stdout, "%s", done);
  return EXIT_OK;
}

/* ---- login, logout, whoami ----------------------------------------------------------- */

static RumbleSecondFactor
parse_method (const char *name)
{
  if (name == NULL)
    return RUMBLE_SECOND_FACTOR_NONE;
  if (g_ascii_strcasecmp (name, "authenticator") == 0 || g_ascii_strcasecmp (name, "app") == 0)
    return RUMBLE_SECOND_FACTOR_AUTHENTICATOR;
  if (g_ascii_strcasecmp (name, "email") == 0 || g_ascii_strcasecmp (name, "e-mail") == 0)
    return RUMBLE_SECOND_FACTOR_EMAIL;
  if (g_ascii_strcasecmp (name, "sms") == 0 || g_ascii_strcasecmp (name, "phone") == 0)
    return RUMBLE_SECOND_FACTOR_PHONE;
  return (RumbleSecondFactor) -1;
}

/* Picks the second factor: the one asked for, the only one offered, or the user's choice. */
static RumbleSecondFactor
choose_method (RumbleSecondFactor offered,
               RumbleSecondFactor wanted,
               gboolean           interactive)
{
  static const RumbleSecondFactor order[] = {
    RUMBLE_SECOND_FACTOR_AUTHENTICATOR, RUMBLE_SECOND_FACTOR_EMAIL, RUMBLE_SECOND_FACTOR_PHONE,
  };
  guint n_offered = 0;

  if (wanted != RUMBLE_SECOND_FACTOR_NONE)
    return (offered & wanted) || offered == RUMBLE_SECOND_FACTOR_NONE ?
           wanted : RUMBLE_SECOND_FACTOR_NONE;

  /* Rumble did not say: an authenticator code needs no request. */
  if (offered == RUMBLE_SECOND_FACTOR_NONE)
    return RUMBLE_SECOND_FACTOR_AUTHENTICATOR;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    n_offered += (offered & order[i]) != 0;

  if (n_offered > 1 && interactive)
    {
      while (TRUE)
        {
          g_autoptr(GString) prompt = g_string_new (_("Second factor:"));
          g_autofree char *answer = NULL;
          RumbleSecondFactor chosen;

          if (offered & RUMBLE_SECOND_FACTOR_AUTHENTICATOR)
            g_string_append (prompt, _(" [a]uthenticator app"));
          if (offered & RUMBLE_SECOND_FACTOR_EMAIL)
            g_string_append (prompt, _(" [e]-mail code"));
          if (offered & RUMBLE_SECOND_FACTOR_PHONE)
            g_string_append (prompt, _(" [s]ms code"));
          g_string_append (prompt, "? ");

          answer = read_line (prompt->str, FALSE);
          if (answer == NULL)
            return RUMBLE_SECOND_FACTOR_NONE;
          g_strstrip (answer);
          if (answer[0] == 'a' || answer[0] == 'A')
            chosen = RUMBLE_SECOND_FACTOR_AUTHENTICATOR;
          else if (answer[0] == 'e' || answer[0] == 'E')
            chosen = RUMBLE_SECOND_FACTOR_EMAIL;
          else if (answer[0] == 's' || answer[0] == 'S')
            chosen = RUMBLE_SECOND_FACTOR_PHONE;
          else
            chosen = parse_method (answer);
          if (chosen != (RumbleSecondFactor) -1 && (offered & chosen))
            return chosen;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      if (offered & order[i])
        return order[i];
    }
  return RUMBLE_SECOND_FACTOR_NONE;
}

static int
second_factor (Run              *run,
               RumbleServicePhp *php,
               const char       *method_name,
               gboolean          interactive)
{
  RumbleSecondFactor wanted = parse_method (method_name);
  RumbleSecondFactor method;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  if (wanted == (RumbleSecondFactor) -1)
    return moderato_cli_usage_error ("login",
                                     _("The --method option takes authenticator, email or sms."));

  method = choose_method (rumble_service_php_get_second_factors (php), wanted, interactive);
  if (method == RUMBLE_SECOND_FACTOR_NONE)
    return fail (_("Rumble does not offer that second factor for this account."));

  if (method == RUMBLE_SECOND_FACTOR_EMAIL || method == RUMBLE_SECOND_FACTOR_PHONE)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autofree char *sent_to = NULL;

      rumble_service_php_request_code_async (php, method, NULL, on_done, &run->wait);
      result = wait_for (&run->wait);
      sent_to = rumble_service_php_request_code_finish (php, result, &error);
      if (error != NULL)
        return fail_error (error);
      if (sent_to != NULL)
        moderato_cli_print_line (stderr, _("Rumble sent a code to %s.\n"), sent_to);
      else
        moderato_cli_print_line (stderr, _("Rumble sent a code.\n"));
    }

  code = read_line (interactive ? (method == RUMBLE_SECOND_FACTOR_AUTHENTICATOR
                                     ? _("Code from your authenticator app: ")
                                     : _("Code: "))
                                : NULL,
                    FALSE);
  if (code == NULL || g_strstrip (code)[0] == '\0')
    return fail (_("No code was given."));

  {
    g_autoptr(GAsyncResult) result = NULL;

    rumble_service_php_verify_code_async (php, code, NULL, on_done, &run->wait);
    result = wait_for (&run->wait);
    if (!rumble_service_php_verify_code_finish (php, result, &error))
      {
        if (g_error_matches (error, RUMBLE_ERROR, RUMBLE_ERROR_AUTH))
          {
            g_autofree char *sentence = NULL;

            sentence = g_strdup_printf (_("%s Run “moderato-cli login” again."), error->message);

            return fail (sentence);
          }
        return fail_error (error);
      }
  }

  return EXIT_OK;
}

int
moderato_cli_login (MoCliContext  *ctx,
                    int            argc,
                    char         **argv)
{
  gboolean password_stdin = FALSE;
  g_autofree char *method = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleServicePhp) php = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  char *password = NULL;
  gboolean interactive;
  RumbleLoginStep step;
  Run run;
  int status;
  const GOptionEntry entries[] = {
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("Read the password (and then a second-factor code) from standard input"), NULL },
    { "method", 0, 0, G_OPTION_ARG_STRING, &method,
      N_("Second factor to use: authenticator, email or sms"), N_("METHOD") },
    { NULL }
  };

  context = option_context_new (_("USERNAME"),
                                _("Log in to Rumble and keep the session in the keyring.\n\n"
                                  "The password is asked for without echo (or read with\n"
                                  "--password-stdin) and never stored. When the account uses\n"
                                  "two-factor authentication, a code is asked for as well."),
                                entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return moderato_cli_usage_error ("login", error->message);
  if (argc != 2)
    return moderato_cli_usage_error ("login",
                                     _("Give your Rumble username (not your e-mail address)."));
  if (parse_method (method) == (RumbleSecondFactor) -1)
    return moderato_cli_usage_error ("login",
                                     _("The --method option takes authenticator, email or sms."));

  interactive = !password_stdin && isatty (STDIN_FILENO);
  if (!password_stdin && !interactive)
    return moderato_cli_usage_error ("login",
                                     _("There is no terminal to ask for the password: pipe it "
                                       "in with --password-stdin."));

  status = run_init (&run, ctx, "login");
  if (status != EXIT_OK)
    return run_close (&run, status);

  {
    g_autofree char *prompt = g_strdup_printf (_("Password for %s: "), argv[1]);

    password = read_line (interactive ? prompt : NULL, TRUE);
  }
  if (password == NULL || password[0] == '\0')
    {
      rumble_secret_clear (&password);
      return run_close (&run, fail (_("No password was given.")));
    }

  php = rumble_service_php_new (run.site_url, run.soup);
  rumble_service_php_login_async (php, argv[1], password, NULL, on_done, &run.wait);
  rumble_secret_clear (&password);
  result = wait_for (&run.wait);
  step = rumble_service_php_login_finish (php, result, &error);
  if (error != NULL)
    return run_close (&run, fail_error (error));

  if (step == RUMBLE_LOGIN_NEEDS_SECOND_FACTOR)
    {
      status = second_factor (&run, php, method, interactive);
      if (status != EXIT_OK)
        return run_close (&run, status);
    }

  if (run.demo)
    {
      moderato_cli_print_line (stdout, _("Logged in as %s on the demo server (this session ends "
                                         "with moderato-cli)."),
                               rumble_service_php_get_username (php));
      return run_close (&run, EXIT_OK);
    }

  /* One account per site for moderato-cli: a new login replaces the previous one. */
  g_clear_object (&result);
  rumble_session_store_clear_async (run.store, run.site_url, NULL, NULL, on_done, &run.wait);
  result = wait_for (&run.wait);
  if (!rumble_session_store_clear_finish (run.store, result, &error))
    {
      if (rumble_session_store_error_is_unavailable (error))
        return run_close (&run, fail (_("Logged in, but the session cannot be remembered because "
                                        "no keyring is available.")));
      return run_close (&run, fail_error (error));
    }

  g_clear_object (&result);
  rumble_session_store_store_async (run.store, run.site_url, rumble_service_php_get_username (php),
                                    rumble_service_php_get_session (php), NULL, on_done, &run.wait);
  result = wait_for (&run.wait);
  if (!rumble_session_store_store_finish (run.store, result, &error))
    {
      if (rumble_session_store_error_is_unavailable (error))
        return run_close (&run, fail (_("Logged in, but the session cannot be remembered because "
                                        "no keyring is available.")));
      return run_close (&run, fail_error (error));
    }

  moderato_cli_print_line (stdout, _("Logged in as %s."), rumble_service_php_get_username (php));
  return run_close (&run, EXIT_OK);
}

int
moderato_cli_logout (MoCliContext  *ctx,
                     int            argc,
                     char         **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) logout_error = NULL;
  g_autoptr(RumbleServicePhp) php = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  Run run;
  int status;

  context = option_context_new (NULL, _("Log out of Rumble and forget the stored session."), NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return moderato_cli_usage_error ("logout", error->message);
  if (argc != 1)
    return moderato_cli_usage_error ("logout", _("The logout command takes no arguments."));
  if (ctx->demo)
    return moderato_cli_usage_error ("logout",
                                     _("The demo server keeps no session to log out of."));

  status = run_init (&run, ctx, "logout");
  if (status != EXIT_OK)
    return run_close (&run, status);

  rumble_session_store_lookup_async (run.store, run.site_url, NULL, NULL, on_done, &run.wait);
  result = wait_for (&run.wait);
  run.token = rumble_session_store_lookup_finish (run.store, result, &run.username, &error);
  if (error != NULL)
    return run_close (&run, fail_error (error));
  if (run.token == NULL)
    {
      moderato_cli_print_line (stdout, _("Not logged in to %s."), run.site_url);
      return run_close (&run, EXIT_OK);
    }

  php = rumble_service_php_new (run.site_url, run.soup);
  rumble_service_php_set_session (php, run.token);
  g_clear_object (&result);
  rumble_service_php_logout_async (php, NULL, on_done, &run.wait);
  result = wait_for (&run.wait);
  rumble_service_php_logout_finish (php, result, &logout_error);

  /* Forgotten here whatever Rumble answered. */
  g_clear_object (&result);
  rumble_session_store_clear_async (run.store, run.site_url, run.username, NULL, on_done,
                                    &run.wait);
  result = wait_for (&run.wait);
  if (!rumble_session_store_clear_finish (run.store, result, &error))
    return run_close (&run, fail_error (error));

  if (logout_error != NULL)
    {
      g_autofree char *sentence = NULL;

      sentence = g_strdup_printf (_("The session was forgotten here, but Rumble did not "
                                    "confirm the logout: %s"),
                                  logout_error->message);

      return run_close (&run, fail (sentence));
    }

  moderato_cli_print_line (stdout, _("Logged out %s."), run.username);
  return run_close (&run, EXIT_OK);
}

int
moderato_cli_whoami (MoCliContext  *ctx,
                     int            argc,
                     char         **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *user_id = NULL;
  Run run;
  int status;

  context = option_context_new (NULL, _("Show which account the stored session belongs to."), NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return moderato_cli_usage_error ("whoami", error->message);
  if (argc != 1)
    return moderato_cli_usage_error ("whoami", _("The whoami command takes no arguments."));

  status = run_init (&run, ctx, "whoami");
  if (status == EXIT_OK)
    status = run_get_session (&run);
  if (status != EXIT_OK)
    return run_close (&run, status);

  /* Asking Rumble also proves that the session still works. */
  run.php = rumble_service_php_new (run.site_url, run.soup);
  rumble_service_php_set_session (run.php, run.token);
  rumble_service_php_get_user_id_async (run.php, NULL, on_done, &run.wait);
  result = wait_for (&run.wait);
  user_id = rumble_service_php_get_user_id_finish (run.php, result, &error);
  if (user_id == NULL)
    return run_close (&run, report_action (&run, error, NULL));

  moderato_cli_print_line (stdout, _("%s (user id %s) on %s"), run.username ? run.username : "?",
                           user_id, run.site_url);
  return run_close (&run, EXIT_OK);
}

/* ---- Stream actions ------------------------------------------------------------------ */

int
moderato_cli_send (MoCliContext  *ctx,
                   int            argc,
                   char         **argv)
{
  g_autofree char *channel_id = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *id = NULL;
  g_autofree char *done = NULL;
  g_auto(RecordOptions) record = { 0 };
  gint64 handle;
  Run run;
  int status;
  const GOptionEntry entries[] = {
    { "as-channel", 0, 0, G_OPTION_ARG_STRING, &channel_id,
      N_("Post as one of your channels (its numeric id)"), N_("ID") },
    { NULL }
  };

  context = option_context_new (_("STREAM TEXT"),
                                _("Send a chat message; prints the new message id."), entries);
  add_record_options (context, &record);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return moderato_cli_usage_error ("send", error->message);
  if (argc != 3)
    return moderato_cli_usage_error ("send", _("Give the stream and the text (quote it)."));
  if (record.path != NULL && !record.record)
    return moderato_cli_usage_error ("send", _("The --ledger option goes with --record."));

  status = run_init (&run, ctx, "send");
  if (status == EXIT_OK)
    status = run_open_ledger (&run, &record);
  if (status == EXIT_OK)
    status = run_open_stream (&run, argv[1]);
  if (status != EXIT_OK)
    return run_close (&run, status);

  handle = run_record_begin (&run, MODERATO_LEDGER_ACTION_SEND, NULL, NULL, 0, NULL, argv[2]);
  rumble_chat_api_send_message_async (run.chat, argv[2], channel_id, NULL, on_done, &run.wait);
  result = wait_for (&run.wait);
  id = rumble_chat_api_send_message_finish (run.chat, result, NULL, &error);
  run_record_end (&run, handle, error);
  done = g_strdup (id);
  return run_close (&run, report_action (&run, error, done));
}

typedef enum {
  SIMPLE_DELETE,
  SIMPLE_PIN,
  SIMPLE_UNPIN,
  SIMPLE_UNMUTE,
  SIMPLE_COMMAND,
  SIMPLE_RAID_CONFIRM,
} SimpleAction;

static const ModeratoLedgerAction simple_ledger_actions[] = {
  [SIMPLE_DELETE]       = MODERATO_LEDGER_ACTION_DELETE,
  [SIMPLE_PIN]          = MODERATO_LEDGER_ACTION_PIN,
  [SIMPLE_UNPIN]        = MODERATO_LEDGER_ACTION_UNPIN,
  [SIMPLE_UNMUTE]       = MODERATO_LEDGER_ACTION_UNMUTE,
  [SIMPLE_COMMAND]      = MODERATO_LEDGER_ACTION_COMMAND,
  [SIMPLE_RAID_CONFIRM] = MODERATO_LEDGER_ACTION_RAID_CONFIRM,
};

/* The actions that take a stream and at most one argument. */
static int
simple_action (MoCliContext  *ctx,
               SimpleAction   action,
               const char    *command,
               const char    *parameters,
               const char    *summary,
               guint          min_args,
               guint          max_args,
               const char    *missing,
               int            argc,
               char         **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *done = NULL;
  g_auto(RecordOptions) record = { 0 };
  const char *argument;
  RumbleChatApi *chat;
  gboolean ok = FALSE;
  gint64 handle;
  Run run;
  int status;

  context = option_context_new (parameters, summary, NULL);
  add_record_options (context, &record);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return moderato_cli_usage_error (command, error->message);
  if (argc < 2 || (guint) argc - 2 < min_args || (guint) argc - 2 > max_args)
    return moderato_cli_usage_error (command, missing);
  if (record.path != NULL && !record.record)
    return moderato_cli_usage_error (command, _("The --ledger option goes with --record."));

  argument = argc > 2 ? argv[2] : NULL;
  if (action == SIMPLE_COMMAND && argument[0] != '/')
    return moderato_cli_usage_error (command,
                                     _("A chat command starts with “/”, "
                                       "like “/raid URL”."));

  status = run_init (&run, ctx, command);
  if (status == EXIT_OK)
    status = run_open_ledger (&run, &record);
  if (status == EXIT_OK)
    status = run_open_stream (&run, argv[1]);
  if (status != EXIT_OK)
    return run_close (&run, status);

  chat = run.chat;
  handle = run_record_begin (&run, simple_ledger_actions[action],
                             action == SIMPLE_DELETE || action == SIMPLE_PIN ||
                             action == SIMPLE_UNPIN ? argument : NULL,
                             action == SIMPLE_UNMUTE ? argument : NULL, 0, NULL,
                             action == SIMPLE_COMMAND ? argument : NULL);
  switch (action)
    {
    case SIMPLE_DELETE:
      rumble_chat_api_delete_message_async (chat, argument, NULL, on_done, &run.wait);
      result = wait_for (&run.wait);
      ok = rumble_chat_api_delete_message_finish (chat, result, &error);
      done = g_strdup_printf (_("Deleted message %s."), argument);
      break;
    case SIMPLE_PIN:
      rumble_chat_api_pin_message_async (chat, argument, NULL, on_done, &run.wait);
      result = wait_for (&run.wait);
      ok = rumble_chat_api_pin_message_finish (chat, result, &error);
      done = g_strdup_printf (_("Pinned message %s."), argument);
      break;
    case SIMPLE_UNPIN:
      {
        RumbleMessage *pinned = rumble_chat_api_get_pinned_message (chat);
        const char *which = argument != NULL ? argument
                            : pinned != NULL ? rumble_message_get_id (pinned) : NULL;

        rumble_chat_api_unpin_message_async (chat, argument, NULL, on_done, &run.wait);
        result = wait_for (&run.wait);
        ok = rumble_chat_api_unpin_message_finish (chat, result, &error);
        done = g_strdup_printf (_("Unpinned message %s."), which ? which : "?");
      }
      break;
    case SIMPLE_UNMUTE:
      rumble_chat_api_unmute_async (chat, argument, NULL, on_done, &run.wait);
      result = wait_for (&run.wait);
      ok = rumble_chat_api_unmute_finish (chat, result, &error);
      done = g_strdup_printf (_("Unmuted %s."), argument);
      break;
    case SIMPLE_COMMAND:
      rumble_chat_api_command_async (chat, argument, NULL, on_done, &run.wait);
      result = wait_for (&run.wait);
      ok = rumble_chat_api_command_finish (chat, result, &error);
      done = g_strdup (_("Rumble accepted the command."));
      break;
    case SIMPLE_RAID_CONFIRM:
      rumble_chat_api_raid_confirm_async (chat, NULL, on_done, &run.wait);
      result = wait_for (&run.wait);
      ok = rumble_chat_api_raid_confirm_finish (chat, result, &error);
      done = g_strdup (_("Raid confirmed."));
      break;
    default:
      g_assert_not_reached ();
    }

  g_assert (ok == (error == NULL));
  run_record_end (&run, handle, error);
  return run_close (&run, report_action (&run, error, done));
}

int
moderato_cli_delete (MoCliContext  *ctx,
                     int            argc,
                     char         **argv)
{
  return simple_action (ctx, SIMPLE_DELETE, "delete", _("STREAM MESSAGE_ID"),
                        _("Delete a chat message (moderators)."), 1, 1,
                        _("Give the stream and the id of the message to delete."), argc, argv);
}

int
moderato_cli_pin (MoCliContext  *ctx,
                  int            argc,
                  char         **argv)
{
  return simple_action (ctx, SIMPLE_PIN, "pin", _("STREAM MESSAGE_ID"),
                        _("Pin a chat message (moderators)."), 1, 1,
                        _("Give the stream and the id of the message to pin."), argc, argv);
}

int
moderato_cli_unpin (MoCliContext  *ctx,
                    int            argc,
                    char         **argv)
{
  return simple_action (ctx, SIMPLE_UNPIN, "unpin", _("STREAM [MESSAGE_ID]"),
                        _("Unpin a chat message, by default the pinned one (moderators)."), 0, 1,
                        _("Give the stream and, optionally, the id of the pinned message."),
                        argc, argv);
}

int
moderato_cli_unmute (MoCliContext  *ctx,
                     int            argc,
                     char         **argv)
{
  return simple_action (ctx, SIMPLE_UNMUTE, "unmute", _("STREAM NAME"),
                        _("Unmute a user or channel name (moderators)."), 1, 1,
                        _("Give the stream and the name to unmute."), argc, argv);
}

int
moderato_cli_command (MoCliContext  *ctx,
                      int            argc,
                      char         **argv)
{
  return simple_action (ctx, SIMPLE_COMMAND, "command", _("STREAM \"/COMMAND …\""),
                        _("Run one of Rumble's chat commands, such as “/raid URL”."), 1, 1,
                        _("Give the stream and the command (quote it)."), argc, argv);
}

int
moderato_cli_raid_confirm (MoCliContext  *ctx,
                           int            argc,
                           char         **argv)
{
  return simple_action (ctx, SIMPLE_RAID_CONFIRM, "raid-confirm", _("STREAM"),
                        _("Confirm the raid started with “/raid URL”."), 0, 0,
                        _("Give the stream that raids."), argc, argv);
}

int
moderato_cli_mute (MoCliContext  *ctx,
                   int            argc,
                   char         **argv)
{
  const RumbleMuteChoice *stream_choice = rumble_mute_choice_lookup ("stream");
  const RumbleMuteChoice *forever_choice = rumble_mute_choice_lookup ("forever");
  const RumbleMuteChoice *choice = rumble_mute_choice_lookup ("5m");
  gboolean channel = FALSE;
  gboolean stream = FALSE;
  gboolean forever = FALSE;
  gint64 duration = G_MININT64;   /* = not given */
  gboolean has_duration;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *done = NULL;
  g_auto(RecordOptions) record = { 0 };
  guint seconds;
  gint64 handle;
  Run run;
  int status;
  /* --stream and --forever are two of librumble's mute choices; 5 minutes is the default. */
  const GOptionEntry entries[] = {
    { "channel", 0, 0, G_OPTION_ARG_NONE, &channel,
      N_("NAME is a channel identity, not a user"), NULL },
    { "duration", 0, 0, G_OPTION_ARG_INT64, &duration,
      N_("Mute on this stream for SECONDS (default 300)"), N_("SECONDS") },
    { stream_choice->id, 0, 0, G_OPTION_ARG_NONE, &stream, stream_choice->description, NULL },
    { forever_choice->id, 0, 0, G_OPTION_ARG_NONE, &forever, forever_choice->description, NULL },
    { NULL }
  };

  context = option_context_new (_("STREAM NAME"),
                                _("Mute a user or channel (moderators); 5 minutes by default."),
                                entries);
  add_record_options (context, &record);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return moderato_cli_usage_error ("mute", error->message);
  if (argc != 3)
    return moderato_cli_usage_error ("mute", _("Give the stream and the name to mute."));
  if (record.path != NULL && !record.record)
    return moderato_cli_usage_error ("mute", _("The --ledger option goes with --record."));
  has_duration = duration != G_MININT64;
  if (has_duration + stream + forever > 1)
    return moderato_cli_usage_error ("mute",
                                     _("Choose one of --duration, --stream and --forever."));
  if (has_duration && (duration <= 0 || duration > G_MAXINT32))
    return moderato_cli_usage_error ("mute",
                                     _("The --duration option needs a number of seconds above 0."));

  if (stream)
    choice = stream_choice;
  else if (forever)
    choice = forever_choice;
  seconds = has_duration ? (guint) duration : choice->duration_s;

  status = run_init (&run, ctx, "mute");
  if (status == EXIT_OK)
    status = run_open_ledger (&run, &record);
  if (status == EXIT_OK)
    status = run_open_stream (&run, argv[1]);
  if (status != EXIT_OK)
    return run_close (&run, status);

  handle = run_record_begin (&run, MODERATO_LEDGER_ACTION_MUTE, NULL, argv[2], seconds,
                             rumble_mute_scope_to_string (choice->scope), NULL);
  rumble_chat_api_mute_async (run.chat, argv[2],
                              channel ? RUMBLE_MUTE_ENTITY_CHANNEL : RUMBLE_MUTE_ENTITY_USER,
                              seconds, choice->scope, NULL, on_done, &run.wait);
  result = wait_for (&run.wait);
  rumble_chat_api_mute_finish (run.chat, result, &error);
  run_record_end (&run, handle, error);

  if (choice->scope == RUMBLE_MUTE_SCOPE_TOTAL)
    done = g_strdup_printf (_("Muted %s everywhere, with no end."), argv[2]);
  else if (seconds == 0)
    done = g_strdup_printf (_("Muted %s for the rest of this stream."), argv[2]);
  else
    done = g_strdup_printf (_("Muted %s on this stream for %u seconds."), argv[2], seconds);
  return run_close (&run, report_action (&run, error, done));
}

/* ---- Dispatch ------------------------------------------------------------------------ */

const MoCliAction moderato_cli_actions[] = {
  { "login",        moderato_cli_login,
    N_("Log in to Rumble and keep the session in the keyring") },
  { "logout",       moderato_cli_logout,       N_("Log out and forget the stored session") },
  { "whoami",       moderato_cli_whoami,       N_("Show the account of the stored session") },
  { "send",         moderato_cli_send,         N_("Send a chat message") },
  { "delete",       moderato_cli_delete,       N_("Delete a chat message") },
  { "pin",          moderato_cli_pin,          N_("Pin a chat message") },
  { "unpin",        moderato_cli_unpin,        N_("Unpin the pinned message") },
  { "mute",         moderato_cli_mute,         N_("Mute a user or channel") },
  { "unmute",       moderato_cli_unmute,       N_("Unmute a user or channel") },
  { "command",      moderato_cli_command,      N_("Run a chat command such as /raid") },
  { "raid-confirm", moderato_cli_raid_confirm, N_("Confirm a raid") },
  { NULL, NULL, NULL }
};

void
moderato_cli_actions_describe (GString *out)
{
  for (guint i = 0; moderato_cli_actions[i].name != NULL; i++)
    g_string_append_printf (out, "  %-14s %s\n", moderato_cli_actions[i].name,
                            _(moderato_cli_actions[i].summary));
}

gboolean
moderato_cli_actions_run (const char  *command,
                          const char  *site_url,
                          const char  *chat_url,
                          gboolean     demo,
                          int          argc,
                          char       **argv,
                          int         *out_status)
{
  MoCliContext ctx = { site_url, chat_url, demo };

  g_return_val_if_fail (command != NULL, FALSE);
  g_return_val_if_fail (out_status != NULL, FALSE);

  for (guint i = 0; moderato_cli_actions[i].name != NULL; i++)
    {
      if (g_str_equal (command, moderato_cli_actions[i].name))
        {
          *out_status = moderato_cli_actions[i].func (&ctx, argc, argv);
          return TRUE;
        }
    }

  return FALSE;
}
