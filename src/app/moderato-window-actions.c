/* moderato-window-actions.c — the actions of the main window
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Window actions (the contract with the message menu, the user sidebar and the user card;
 * also listed in HACKING notes). Moderation actions are disabled unless logged in on a chat
 * that says can-moderate; menus hide them with hidden-when="action-disabled". Success is
 * never guessed: the stream's event (delete_messages, mute_users, pin_message…) updates the
 * view. Failures go to the error banner (win.show-error, from moderato-moderation.c).
 *
 *   win.delete-message     s       message id
 *   win.pin-message        s       message id
 *   win.unpin-message      s       message id, "" = the pinned message
 *   win.mute               (ssus)  name, entity "user"/"channel", seconds (0 = none),
 *                                  scope "video"/"total"
 *   win.unmute             s       user or channel name
 *   win.copy-message-text  s       message id
 *   win.copy-username      s       user name
 *   win.open-profile       s       user id
 *   win.show-user          s       user id: opens the user card in the sidebar
 *   win.moderation-mode    b state buttons on every message (property "moderation-mode")
 *   win.show-login, win.logout, win.retry-connect, win.jump-to-latest,
 *   win.focus-stream (Ctrl+L), win.focus-user-filter (Ctrl+F), win.toggle-sidebar (F9),
 *   win.open-demo-stream, win.show-help-overlay (Ctrl+?, from GtkApplicationWindow)
 *   win.show-error         s       a failure, plain text: shown whole in the error banner
 *   win.dismiss-error               hides the error banner
 *   win.zoom-in (Ctrl+plus), win.zoom-out (Ctrl+minus), win.zoom-reset (Ctrl+0): the
 *                          text-scale setting, one step; disabled at the bounds
 *
 * Sending is the composer's own composer.send (moderato-composer.c).
 */
#define G_LOG_DOMAIN "moderato-window"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-appearance.h"
#include "moderato-login-dialog.h"
#include "moderato-moderation.h"
#include "moderato-window-private.h"
#include "rumble-fake-server.h"
#include "rumble-text.h"

static RumbleMessage *
lookup_message (ModeratoWindow *self,
                const char     *message_id)
{
  RumbleMessage *pinned;

  if (self->chat == NULL)
    return NULL;

  /* The pinned message may be older than the history the chat keeps. */
  pinned = rumble_chat_api_get_pinned_message (self->chat);
  if (pinned != NULL && g_strcmp0 (rumble_message_get_id (pinned), message_id) == 0)
    return pinned;

  return rumble_chat_api_lookup_message (self->chat, message_id);
}

/* win.delete-message, win.pin-message and win.unpin-message: the same parameter, the same
 * checks, one moderation call each. */
static RumbleUser *
lookup_user (ModeratoWindow *self,
             GVariant       *user_id)
{
  if (self->chat == NULL)
    return NULL;

  return rumble_chat_api_lookup_user (self->chat, g_variant_get_string (user_id, NULL));
}

static void
message_moderation_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  ModeratoWindow *self = MODERATO_WINDOW (widget);
  void (*moderate) (RumbleChatApi *, const char *, AdwToastOverlay *, GCancellable *);

  if (!moderato_moderation_allowed (self->chat))
    return;

  if (g_str_equal (action_name, "win.delete-message"))
    moderate = moderato_moderation_delete_message;
  else if (g_str_equal (action_name, "win.pin-message"))
    moderate = moderato_moderation_pin_message;
  else
    moderate = moderato_moderation_unpin_message;

  moderate (self->chat, g_variant_get_string (parameter, NULL), self->toast_overlay,
            self->chat_cancellable);
}

/* Muting forever (every stream of the channel, no end) is the one action that asks first,
 * whoever starts it (message menu, row button, user card): the question is asked here. */
typedef struct {
  RumbleChatApi *chat;       /* the chat it was asked on: another one is not the target */
  GVariant      *parameter;  /* win.mute's */
} MuteConfirmation;

static void
mute_confirmation_free (gpointer data)
{
  MuteConfirmation *confirmation = data;

  g_clear_object (&confirmation->chat);
  g_clear_pointer (&confirmation->parameter, g_variant_unref);
  g_free (confirmation);
}

static void
mute (ModeratoWindow *self,
      GVariant       *parameter,
      gboolean        confirmed);

static void
mute_confirmation_response_cb (AdwMessageDialog *dialog,
                               const char       *response,
                               ModeratoWindow   *self)
{
  MuteConfirmation *confirmation = g_object_get_data (G_OBJECT (dialog), "moderato-mute");

  if (g_str_equal (response, "mute") && confirmation->chat == self->chat)
    mute (self, confirmation->parameter, TRUE);
}

static void
confirm_mute_forever (ModeratoWindow *self,
                      const char     *name,
                      GVariant       *parameter)
{
  MuteConfirmation *confirmation = g_new0 (MuteConfirmation, 1);
  g_autofree char *isolated = rumble_text_isolate (name);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* Translators: %s is a user or channel name. */
  heading = g_strdup_printf (_("Mute %s forever?"), isolated);
  /* Translators: %s is a user or channel name. */
  body = g_strdup_printf (_("%s will not be able to chat in any of this channel’s streams, "
                            "now or later, until unmuted."), isolated);

  /* Plain text: names come from the network. */
  dialog = moderato_moderation_confirm_forever_new (GTK_WINDOW (self), heading, body);

  confirmation->chat = g_object_ref (self->chat);
  confirmation->parameter = g_variant_ref (parameter);
  g_object_set_data_full (G_OBJECT (dialog), "moderato-mute", confirmation,
                          mute_confirmation_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (mute_confirmation_response_cb),
                           self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
mute (ModeratoWindow *self,
      GVariant       *parameter,
      gboolean        confirmed)
{
  const char *name, *entity_name, *scope_name;
  RumbleMuteEntity entity;
  RumbleMuteScope scope;
  guint32 duration;

  if (!moderato_moderation_allowed (self->chat))
    return;

  g_variant_get (parameter, "(&s&su&s)", &name, &entity_name, &duration, &scope_name);
  if (*name == '\0' || !moderato_moderation_parse_mute (entity_name, scope_name, &entity, &scope))
    {
      g_warning ("win.mute: bad parameter (%s, %s)", entity_name, scope_name);
      return;
    }

  if (scope == RUMBLE_MUTE_SCOPE_TOTAL && !confirmed &&
      (self->settings == NULL || g_settings_get_boolean (self->settings, "confirm-mute-forever")))
    {
      confirm_mute_forever (self, name, parameter);
      return;
    }

  moderato_moderation_mute (self->chat, name, entity, duration, scope,
                            self->toast_overlay, self->chat_cancellable);
}

static void
mute_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  mute (MODERATO_WINDOW (widget), parameter, FALSE);
}

static void
unmute_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ModeratoWindow *self = MODERATO_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (!moderato_moderation_allowed (self->chat) || *name == '\0')
    return;
  moderato_moderation_unmute (self->chat, name, self->toast_overlay, self->chat_cancellable);
}

static void
copy_text (ModeratoWindow *self,
           const char     *text)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
copy_message_text_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  ModeratoWindow *self = MODERATO_WINDOW (widget);
  RumbleMessage *message = lookup_message (self, g_variant_get_string (parameter, NULL));

  if (message != NULL)
    copy_text (self, rumble_message_get_text (message));
}

static void
copy_username_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  const char *name = g_variant_get_string (parameter, NULL);

  if (*name != '\0')
    copy_text (MODERATO_WINDOW (widget), name);
}

static void
open_profile_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ModeratoWindow *self = MODERATO_WINDOW (widget);
  RumbleUser *user = lookup_user (self, parameter);
  const char *link;
  g_autofree char *uri = NULL;

  if (user == NULL)
    return;

  link = rumble_user_get_link (user);
  if (link != NULL && link[0] == '/' && link[1] != '/')
    {
      uri = g_strconcat (self->site_url, link, NULL);
    }
  else
    {
      g_autofree char *escaped = g_uri_escape_string (rumble_user_get_username (user), NULL, FALSE);

      uri = g_strconcat (self->site_url, "/user/", escaped, NULL);
    }

  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
show_user_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ModeratoWindow *self = MODERATO_WINDOW (widget);
  RumbleUser *user = lookup_user (self, parameter);

  if (user == NULL || self->sidebar == NULL)
    return;

  g_object_set (self, "show-sidebar", TRUE, NULL);
  moderato_user_sidebar_show_user (self->sidebar, user);
}

static void
show_login_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ModeratoWindow *self = MODERATO_WINDOW (widget);
  ModeratoLoginDialog *dialog;

  if (self->account == NULL)
    return;

  dialog = moderato_login_dialog_new (GTK_WINDOW (self), self->account);
  moderato_login_dialog_set_demo_hint (dialog, self->demo);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
logout_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ModeratoWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!moderato_account_logout_finish (MODERATO_ACCOUNT (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Logout: %s", error->message);
}

static void
logout_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ModeratoWindow *self = MODERATO_WINDOW (widget);

  if (_moderato_window_logged_in (self))
    moderato_account_logout_async (self->account, NULL, logout_cb, g_object_ref (self));
}

static void
focus_stream_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ModeratoWindow *self = MODERATO_WINDOW (widget);

  /* Folded into its button in the narrow layout: the popover focuses its field on show. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->stream_button)))
    {
      gtk_menu_button_popup (self->stream_button);
      return;
    }

  gtk_widget_grab_focus (GTK_WIDGET (self->stream_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->stream_entry), 0, -1);
}

static void
show_error_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  _moderato_window_show_error (MODERATO_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
dismiss_error_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  _moderato_window_show_error (MODERATO_WINDOW (widget), NULL);
}

static void
focus_user_filter_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  ModeratoWindow *self = MODERATO_WINDOW (widget);

  if (self->sidebar == NULL)
    return;

  g_object_set (self, "show-sidebar", TRUE, NULL);
  moderato_user_sidebar_focus_filter (self->sidebar);
}

static void
retry_connect_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ModeratoWindow *self = MODERATO_WINDOW (widget);

  if (self->chat != NULL)
    rumble_chat_api_retry_now (self->chat);
  else if (self->last_input != NULL)
    {
      g_autofree char *input = g_strdup (self->last_input);

      moderato_window_open_stream (self, input);
    }
}

static void
jump_to_latest_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  moderato_chat_view_jump_to_latest (MODERATO_WINDOW (widget)->chat_view);
}

static void
open_demo_stream_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  moderato_window_open_stream (MODERATO_WINDOW (widget), RUMBLE_FAKE_DEFAULT_STREAM);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ModeratoWindow *self = MODERATO_WINDOW (widget);
  double scale;

  if (self->settings == NULL)
    return;

  if (g_str_equal (action_name, "win.zoom-reset"))
    {
      g_settings_reset (self->settings, "text-scale");
      return;
    }

  scale = g_settings_get_double (self->settings, "text-scale");
  g_settings_set_double (self->settings, "text-scale",
                         moderato_appearance_step_scale (scale,
                                                         g_str_equal (action_name, "win.zoom-in")
                                                         ? 1 : -1));
}

void
_moderato_window_class_actions_init (ModeratoWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.delete-message", "s",
                                   message_moderation_action);
  gtk_widget_class_install_action (widget_class, "win.pin-message", "s", message_moderation_action);
  gtk_widget_class_install_action (widget_class, "win.unpin-message", "s",
                                   message_moderation_action);
  gtk_widget_class_install_action (widget_class, "win.mute", "(ssus)", mute_action);
  gtk_widget_class_install_action (widget_class, "win.unmute", "s", unmute_action);
  gtk_widget_class_install_action (widget_class, "win.copy-message-text", "s",
                                   copy_message_text_action);
  gtk_widget_class_install_action (widget_class, "win.copy-username", "s", copy_username_action);
  gtk_widget_class_install_action (widget_class, "win.open-profile", "s", open_profile_action);
  gtk_widget_class_install_action (widget_class, "win.show-user", "s", show_user_action);
  gtk_widget_class_install_action (widget_class, "win.show-login", NULL, show_login_action);
  gtk_widget_class_install_action (widget_class, "win.logout", NULL, logout_action);
  gtk_widget_class_install_action (widget_class, "win.focus-stream", NULL, focus_stream_action);
  gtk_widget_class_install_action (widget_class, "win.focus-user-filter", NULL,
                                   focus_user_filter_action);
  gtk_widget_class_install_action (widget_class, "win.retry-connect", NULL, retry_connect_action);
  gtk_widget_class_install_action (widget_class, "win.jump-to-latest", NULL, jump_to_latest_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo-stream", NULL,
                                   open_demo_stream_action);
  gtk_widget_class_install_property_action (widget_class, "win.toggle-sidebar", "show-sidebar");
  gtk_widget_class_install_property_action (widget_class, "win.moderation-mode", "moderation-mode");
  gtk_widget_class_install_action (widget_class, "win.show-error", "s", show_error_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-error", NULL, dismiss_error_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);
}
