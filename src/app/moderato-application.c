/* moderato-application.c — the Moderato application: options, shared services, demo mode
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "moderato-application"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "moderato-appearance.h"
#include "moderato-application.h"
#include "moderato-ledger.h"
#include "moderato-measure.h"
#include "moderato-preferences-window.h"
#include "moderato-window.h"
#include "rumble-chat-api.h"
#include "rumble-fake-server.h"
#include "rumble-url-policy.h"

#define DEMO_RATE 3.0

struct _ModeratoApplication
{
  AdwApplication      parent_instance;

  GSettings          *settings;
  SoupSession        *soup_session;
  ModeratoImageCache *image_cache;
  ModeratoAccount    *account;
  ModeratoAppearance *appearance;
  GCancellable       *cancellable;

  char               *site_url;
  char               *chat_url;
  RumbleFakeServer   *fake_server;
  gboolean            remember_stream;
  gboolean            restored;

  /* The moderation ledger: open while recording is on (moderato-application's "ledger"). */
  ModeratoLedger     *ledger;
  char               *ledger_path;      /* --ledger, or NULL for the default */
  GCancellable       *ledger_cancellable;
};

G_DEFINE_FINAL_TYPE (ModeratoApplication, moderato_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_LEDGER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GOptionEntry option_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open a demo chat served on this computer; log in with demo / demo"), NULL },
  { "server", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Use the Rumble-compatible server at URL (chat at URL/chat/api)"), N_("URL") },
  { "demo-rate", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_DOUBLE, NULL,
    "Demo chat messages per second", "RATE" },
  { "exit-after-first-frame", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, NULL,
    "Print start-up timing after the first frame and quit", NULL },
  { "demo-login", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, NULL,
    "With --demo: log in as the demo moderator at once (screenshots)", NULL },
  { "measure-frames", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_DOUBLE, NULL,
    "Record frame intervals for SECONDS after the first frame, print statistics, quit", "SECONDS" },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { "ledger", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Record chats and actions in the ledger at PATH instead of the usual place"), N_("PATH") },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, NULL },
  { NULL }
};

static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_message ("Settings schema %s is not installed; using defaults", APP_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

/* Actions */

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Close windows first so that they save their size. */
  for (GList *l = windows; l != NULL;)
    {
      GList *next = l->next;

      gtk_window_close (GTK_WINDOW (l->data));
      l = next;
    }

  g_application_quit (app);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Moderato authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Moderato"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Moderato authors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Moderate Rumble live chat from your desktop"),
                        "website", "https://github.com/moderato-app/moderato",
                        "issue-url", "https://github.com/moderato-app/moderato/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Moderato authors",
                        "developers", developers,
                        /* Translators: replace with your names, one per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  ModeratoApplication *self = MODERATO_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWindow *preferences;

  if (self->settings == NULL)
    return;

  preferences = GTK_WINDOW (moderato_preferences_window_new (parent, self->settings));
  gtk_window_present (preferences);
}

/* The buttons of desktop notifications (moderato-notifier.c): (stream id, message id or
 * user name). The chat may have changed since: only the window showing that stream acts;
 * with none, the moderator is told so instead of acting on another chat. */
static void
notification_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  ModeratoApplication *self = MODERATO_APPLICATION (user_data);
  const char *name = g_action_get_name (G_ACTION (action));
  const char *verb = name + strlen ("notification-");
  const char *stream_id, *arg;
  ModeratoWindow *any = NULL;

  g_variant_get (parameter, "(&s&s)", &stream_id, &arg);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (!MODERATO_IS_WINDOW (l->data))
        continue;
      if (moderato_window_handle_notification (l->data, verb, stream_id, arg))
        return;
      if (any == NULL)
        any = l->data;
    }

  if (any != NULL)
    {
      /* Translators: %s is a stream id. */
      g_autofree char *text = g_strdup_printf (_("The chat of stream %s is no longer open"),
                                               stream_id);
      g_autofree char *escaped = g_markup_escape_text (text, -1);

      adw_toast_overlay_add_toast (moderato_window_get_toast_overlay (any),
                                   adw_toast_new (escaped));
      gtk_window_present (GTK_WINDOW (any));
    }
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "notification-delete", notification_action, "(ss)" },
  { "notification-mute", notification_action, "(ss)" },
  { "notification-open", notification_action, "(ss)" },
};

/* Account */

static void
demo_login_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!moderato_account_login_finish (MODERATO_ACCOUNT (object), result, NULL, &error))
    g_message ("Demo login failed: %s", error->message);
}

static void
restore_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!moderato_account_restore_finish (MODERATO_ACCOUNT (object), result, &error) &&
      error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Could not restore the session: %s", error->message);
}

/* Ledger */

static void
apply_retention (ModeratoApplication *self)
{
  if (self->ledger == NULL || self->settings == NULL)
    return;

  moderato_ledger_set_retention (self->ledger,
                                 g_settings_get_uint (self->settings, "ledger-keep-days"),
                                 (guint64) g_settings_get_uint (self->settings, "ledger-max-mb") *
                                 1024 * 1024);
}

static void
set_ledger (ModeratoApplication *self,
            ModeratoLedger      *ledger)
{
  if (!g_set_object (&self->ledger, ledger))
    return;
  apply_retention (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEDGER]);
}

static void
ledger_opened_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ModeratoApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ModeratoLedger) ledger = moderato_ledger_open_finish (result, &error);
  const GError *notice;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->ledger_cancellable);
  if (ledger == NULL)
    {
      g_message ("The moderation ledger cannot be opened: %s", error->message);
      return;
    }

  notice = moderato_ledger_get_notice (ledger);
  if (notice != NULL)
    g_message ("Moderation ledger %s: %s", moderato_ledger_get_path (ledger), notice->message);
  set_ledger (self, ledger);
}

/* Opens the ledger off the main loop while "Remember Chats" is on; drops it when off. */
static void
update_ledger (ModeratoApplication *self)
{
  gboolean record = self->settings == NULL ||
                    g_settings_get_boolean (self->settings, "ledger-record");

  if (!record)
    {
      g_cancellable_cancel (self->ledger_cancellable);
      g_clear_object (&self->ledger_cancellable);
      set_ledger (self, NULL);
      return;
    }
  if (self->ledger != NULL || self->ledger_cancellable != NULL)
    return;

  self->ledger_cancellable = g_cancellable_new ();
  moderato_ledger_open_async (self->ledger_path, MODERATO_LEDGER_OPEN_DEFAULT,
                              self->ledger_cancellable, ledger_opened_cb, g_object_ref (self));
}

/* GApplication */

static int
moderato_application_handle_local_options (GApplication *app,
                                           GVariantDict *options)
{
  const char *ledger_path = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("moderato %s\n", PACKAGE_VERSION);
      return 0;
    }

  /* Before startup, which opens the ledger. */
  if (g_variant_dict_lookup (options, "ledger", "^&ay", &ledger_path) && *ledger_path != '\0')
    moderato_application_set_ledger_path (MODERATO_APPLICATION (app), ledger_path);

  return -1;
}

static int
moderato_application_command_line (GApplication            *app,
                                   GApplicationCommandLine *command_line)
{
  ModeratoApplication *self = MODERATO_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree const char **remaining = NULL;
  const char *server = NULL;
  const char *stream = NULL;
  double rate = DEMO_RATE;
  double measure_seconds = 0;
  GtkWindow *window;
  gboolean first = gtk_application_get_active_window (GTK_APPLICATION (app)) == NULL;

  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &remaining);
  g_variant_dict_lookup (options, "server", "&s", &server);
  g_variant_dict_lookup (options, "demo-rate", "d", &rate);
  if (remaining != NULL && remaining[0] != NULL)
    stream = remaining[0];

  if (first && g_variant_dict_contains (options, "demo"))
    {
      g_autoptr(GError) error = NULL;

      if (!moderato_application_start_demo (self, rate, &error))
        {
          g_application_command_line_printerr (command_line, _("Cannot start the demo: %s\n"),
                                               error->message);
          return 1;
        }
      if (stream == NULL)
        stream = RUMBLE_FAKE_DEFAULT_STREAM;
    }
  else if (first && server != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (server, G_URI_FLAGS_NONE, NULL);

      if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
                          g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
        {
          g_application_command_line_printerr (command_line, _("Not an http(s) URL: %s\n"), server);
          return 1;
        }
      moderato_application_set_server (self, server);
    }

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (moderato_window_new (self));

  if (stream == NULL && first && self->settings != NULL && self->remember_stream)
    {
      g_autofree char *last = g_settings_get_string (self->settings, "last-stream");

      if (last != NULL && *last != '\0')
        moderato_window_open_stream (MODERATO_WINDOW (window), last);
    }
  else if (stream != NULL)
    {
      moderato_window_open_stream (MODERATO_WINDOW (window), stream);
    }

  if (g_variant_dict_contains (options, "exit-after-first-frame"))
    moderato_measure_first_frame (window);
  if (g_variant_dict_lookup (options, "measure-frames", "d", &measure_seconds) &&
      measure_seconds > 0)
    moderato_measure_frames (window, measure_seconds);

  gtk_window_present (window);

  if (!self->restored)
    {
      self->restored = TRUE;
      if (self->fake_server != NULL && g_variant_dict_contains (options, "demo-login"))
        moderato_account_login_async (moderato_application_get_account (self), "demo", "demo",
                                      self->cancellable, demo_login_cb, NULL);
      else
        moderato_account_restore_async (moderato_application_get_account (self), self->cancellable,
                                        restore_cb, NULL);
    }

  return 0;
}

static void
moderato_application_startup (GApplication *app)
{
  ModeratoApplication *self = MODERATO_APPLICATION (app);
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *close_accels[] = { "<Control>w", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };
  const char *stream_accels[] = { "<Control>l", NULL };
  const char *filter_accels[] = { "<Control><Shift>f", NULL };
  const char *search_accels[] = { "<Control>f", NULL };
  const char *log_accels[] = { "<Control><Shift>l", NULL };
  const char *sidebar_accels[] = { "F9", NULL };
  const char *zoom_in_accels[] = { "<Control>plus", "<Control>equal", "<Control>KP_Add", NULL };
  const char *zoom_out_accels[] = { "<Control>minus", "<Control>KP_Subtract", NULL };
  const char *zoom_reset_accels[] = { "<Control>0", "<Control>KP_0", NULL };

  G_APPLICATION_CLASS (moderato_application_parent_class)->startup (app);

  /* For window managers that read the icon from the window (X11). */
  gtk_window_set_default_icon_name (APP_ID);
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.focus-stream", stream_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.focus-user-filter",
                                         filter_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.toggle-sidebar",
                                         sidebar_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.zoom-in", zoom_in_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.zoom-out", zoom_out_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.zoom-reset",
                                         zoom_reset_accels);

  /* Text size and style, applied before the first window shows. */
  if (self->settings != NULL)
    self->appearance = moderato_appearance_new (self->settings, gdk_display_get_default ());
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.search", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.moderation-log",
                                         log_accels);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (app),
                                                                            "preferences")),
                               self->settings != NULL);

  if (self->settings != NULL)
    {
      g_signal_connect_object (self->settings, "changed::ledger-record",
                               G_CALLBACK (update_ledger), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed::ledger-keep-days",
                               G_CALLBACK (apply_retention), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed::ledger-max-mb",
                               G_CALLBACK (apply_retention), self, G_CONNECT_SWAPPED);
    }
  update_ledger (self);
}

static void
moderato_application_dispose (GObject *object)
{
  ModeratoApplication *self = MODERATO_APPLICATION (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->ledger_cancellable);
  g_clear_object (&self->ledger_cancellable);
  g_clear_object (&self->ledger);
  g_clear_object (&self->account);
  g_clear_object (&self->appearance);
  g_clear_object (&self->image_cache);
  if (self->fake_server != NULL)
    rumble_fake_server_stop_demo (self->fake_server);
  g_clear_object (&self->fake_server);
  g_clear_object (&self->soup_session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (moderato_application_parent_class)->dispose (object);
}

static void
moderato_application_finalize (GObject *object)
{
  ModeratoApplication *self = MODERATO_APPLICATION (object);

  g_clear_object (&self->cancellable);
  g_free (self->site_url);
  g_free (self->chat_url);
  g_free (self->ledger_path);

  G_OBJECT_CLASS (moderato_application_parent_class)->finalize (object);
}

static void
moderato_application_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ModeratoApplication *self = MODERATO_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_LEDGER:
      g_value_set_object (value, self->ledger);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_application_class_init (ModeratoApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = moderato_application_dispose;
  object_class->finalize = moderato_application_finalize;
  object_class->get_property = moderato_application_get_property;

  /* The open ledger, or NULL (still opening, or recording off). */
  properties[PROP_LEDGER] =
    g_param_spec_object ("ledger", NULL, NULL,
                         MODERATO_TYPE_LEDGER,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  app_class->startup = moderato_application_startup;
  app_class->command_line = moderato_application_command_line;
  app_class->handle_local_options = moderato_application_handle_local_options;
}

static void
moderato_application_init (ModeratoApplication *self)
{
  self->cancellable = g_cancellable_new ();
  self->settings = create_settings ();
  self->site_url = g_strdup (RUMBLE_DEFAULT_SITE_URL);
  self->chat_url = g_strdup (RUMBLE_DEFAULT_CHAT_URL);
  self->remember_stream = TRUE;

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[STREAM-OR-URL]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Open the live chat of a Rumble stream: its id, or "
                                              "a chat, video, embed or channel link."));
}

ModeratoApplication *
moderato_application_new (void)
{
  return g_object_new (MODERATO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

GSettings *
moderato_application_get_settings (ModeratoApplication *self)
{
  g_return_val_if_fail (MODERATO_IS_APPLICATION (self), NULL);

  return self->settings;
}

SoupSession *
moderato_application_get_soup_session (ModeratoApplication *self)
{
  g_return_val_if_fail (MODERATO_IS_APPLICATION (self), NULL);

  /* No session timeout: the chat stream has none after its head; the library puts its own
   * deadline on every finite request. */
  if (self->soup_session == NULL)
    self->soup_session = soup_session_new_with_options ("timeout", 0,
                                                        "user-agent",
                                                        "Moderato/" PACKAGE_VERSION " ",
                                                        NULL);
  return self->soup_session;
}

/* Plain http image URLs only from the demo or a fake server on this computer (--server),
 * never from a real chat. */
static void
update_image_policy (ModeratoApplication *self)
{
  g_autoptr(GUri) site = NULL;
  gboolean allow = self->fake_server != NULL;

  if (self->image_cache == NULL)
    return;

  if (!allow && self->site_url != NULL)
    {
      site = g_uri_parse (self->site_url, G_URI_FLAGS_NONE, NULL);
      allow = site != NULL && g_ascii_strcasecmp (g_uri_get_scheme (site), "http") == 0 &&
              rumble_url_policy_host_is_loopback (g_uri_get_host (site));
    }
  moderato_image_cache_set_allow_loopback_http (self->image_cache, allow);
}

ModeratoImageCache *
moderato_application_get_image_cache (ModeratoApplication *self)
{
  g_return_val_if_fail (MODERATO_IS_APPLICATION (self), NULL);

  /* One cache for the whole process, so widgets that use the default share it. It has
   * its own SoupSession: the chat never waits behind an image. */
  if (self->image_cache == NULL)
    {
      self->image_cache = g_object_ref (moderato_image_cache_get_default ());
      update_image_policy (self);
    }
  return self->image_cache;
}

ModeratoAccount *
moderato_application_get_account (ModeratoApplication *self)
{
  g_return_val_if_fail (MODERATO_IS_APPLICATION (self), NULL);

  if (self->account == NULL)
    {
      self->account = moderato_account_new (self->site_url, self->settings);
      moderato_account_set_soup_session (self->account,
                                         moderato_application_get_soup_session (self));
    }
  return self->account;
}

ModeratoLedger *
moderato_application_get_ledger (ModeratoApplication *self)
{
  g_return_val_if_fail (MODERATO_IS_APPLICATION (self), NULL);

  return self->ledger;
}

void
moderato_application_set_ledger_path (ModeratoApplication *self,
                                      const char          *path)
{
  g_return_if_fail (MODERATO_IS_APPLICATION (self));
  g_return_if_fail (self->ledger == NULL && self->ledger_cancellable == NULL);

  g_free (self->ledger_path);
  self->ledger_path = g_strdup (path);
}

const char *
moderato_application_get_site_url (ModeratoApplication *self)
{
  g_return_val_if_fail (MODERATO_IS_APPLICATION (self), NULL);

  return self->site_url;
}

const char *
moderato_application_get_chat_url (ModeratoApplication *self)
{
  g_return_val_if_fail (MODERATO_IS_APPLICATION (self), NULL);

  return self->chat_url;
}

gboolean
moderato_application_get_demo (ModeratoApplication *self)
{
  g_return_val_if_fail (MODERATO_IS_APPLICATION (self), FALSE);

  return self->fake_server != NULL;
}

gboolean
moderato_application_get_remember_stream (ModeratoApplication *self)
{
  g_return_val_if_fail (MODERATO_IS_APPLICATION (self), FALSE);

  return self->remember_stream;
}

void
moderato_application_set_server (ModeratoApplication *self,
                                 const char          *url)
{
  g_autofree char *base = NULL;

  g_return_if_fail (MODERATO_IS_APPLICATION (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (self->account == NULL);

  base = g_strdup (url);
  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';

  g_free (self->site_url);
  self->site_url = g_strdup (base);
  g_free (self->chat_url);
  self->chat_url = g_strconcat (base, "/chat/api", NULL);
  self->remember_stream = FALSE;
  update_image_policy (self);
}

gboolean
moderato_application_start_demo (ModeratoApplication  *self,
                                 double                rate,
                                 GError              **error)
{
  g_return_val_if_fail (MODERATO_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (self->fake_server == NULL, FALSE);

  self->fake_server = rumble_fake_server_new (0, error);
  if (self->fake_server == NULL)
    return FALSE;

  rumble_fake_server_start_demo (self->fake_server, RUMBLE_FAKE_DEFAULT_STREAM,
                                 rate > 0 ? rate : DEMO_RATE);
  /* Its video page, for opening the demo from a link (the screenshots do). */
  rumble_fake_server_add_video (self->fake_server, "v6xyz12", "v5abcde",
                                RUMBLE_FAKE_DEFAULT_STREAM);
  moderato_application_set_server (self, rumble_fake_server_get_url (self->fake_server));
  g_free (self->chat_url);
  self->chat_url = g_strdup (rumble_fake_server_get_chat_url (self->fake_server));

  return TRUE;
}
