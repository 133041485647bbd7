/* moderato-window.c — the main window: stream field, connection state, chat, users, composer
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Its actions are in moderato-window-actions.c, what it shows of the connection state in
 * moderato-window-state.c; the message entry is a ModeratoComposer.
 */
#define G_LOG_DOMAIN "moderato-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "moderato-moderation.h"
#include "moderato-window-private.h"
#include "rumble-locator.h"

enum {
  PROP_0,
  PROP_CHAT,
  PROP_SHOW_SIDEBAR,
  PROP_MODERATION_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ModeratoWindow, moderato_window, ADW_TYPE_APPLICATION_WINDOW)

void
_moderato_window_add_toast (ModeratoWindow *self,
                            const char     *plain_text)
{
  /* Toast titles are markup in libadwaita 1.2: escape whatever came from outside. */
  g_autofree char *escaped = g_markup_escape_text (plain_text, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_moderato_window_show_error (ModeratoWindow *self,
                             const char     *plain_text)
{
  if (plain_text != NULL && *plain_text != '\0')
    {
      /* Plain text: a server's reason may hold anything. */
      gtk_label_set_text (self->error_label, plain_text);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
    }
  else
    {
      gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
    }
}

gboolean
_moderato_window_logged_in (ModeratoWindow *self)
{
  return self->account != NULL && moderato_account_get_logged_in (self->account);
}

/* Moderation availability */

static const char * const moderation_actions[] = {
  "win.delete-message", "win.pin-message", "win.unpin-message", "win.mute", "win.unmute",
};

/* Moderation mode: buttons on every row where the account moderates, asked for per
 * stream and remembered for the last MAX_MODERATION_STREAMS streams. */
#define MAX_MODERATION_STREAMS 100

static const char * const default_moderation_buttons[] = { "delete", "5m", "stream", NULL };

static void
apply_moderation_mode (ModeratoWindow *self)
{
  g_auto(GStrv) buttons = NULL;

  if (self->moderation_mode && moderato_moderation_allowed (self->chat))
    buttons = self->settings != NULL ?
              g_settings_get_strv (self->settings, "moderation-buttons") :
              g_strdupv ((char **) default_moderation_buttons);

  moderato_chat_view_set_moderation_buttons (self->chat_view, (const char * const *) buttons);
}

static gboolean
stream_in_moderation_mode (ModeratoWindow *self)
{
  g_auto(GStrv) streams = NULL;

  if (self->settings == NULL || self->chat == NULL)
    return FALSE;

  streams = g_settings_get_strv (self->settings, "moderation-mode-streams");
  return g_strv_contains ((const char * const *) streams,
                          rumble_chat_api_get_stream_id_b10 (self->chat));
}

/* The user's choice for this stream: last in the list when on, out of it when off. */
static void
remember_moderation_mode (ModeratoWindow *self)
{
  g_auto(GStrv) streams = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) kept = NULL;
  const char *stream;
  guint n = 0, skip;

  if (self->settings == NULL || self->chat == NULL)
    return;

  stream = rumble_chat_api_get_stream_id_b10 (self->chat);
  streams = g_settings_get_strv (self->settings, "moderation-mode-streams");
  for (guint i = 0; streams[i] != NULL; i++)
    if (!g_str_equal (streams[i], stream))
      streams[n++] = streams[i];
    else
      g_free (streams[i]);
  streams[n] = NULL;

  /* The oldest go first when the list is full. */
  skip = n + (self->moderation_mode ? 1 : 0) > MAX_MODERATION_STREAMS ?
         n + (self->moderation_mode ? 1 : 0) - MAX_MODERATION_STREAMS : 0;
  for (guint i = skip; i < n; i++)
    g_strv_builder_add (builder, streams[i]);
  if (self->moderation_mode)
    g_strv_builder_add (builder, stream);
  kept = g_strv_builder_end (builder);

  g_settings_set_strv (self->settings, "moderation-mode-streams", (const char * const *) kept);
}

static void
set_moderation_mode (ModeratoWindow *self,
                     gboolean        moderation_mode,
                     gboolean        remember)
{
  moderation_mode = !!moderation_mode;
  if (self->moderation_mode == moderation_mode)
    return;

  self->moderation_mode = moderation_mode;
  if (remember)
    remember_moderation_mode (self);
  apply_moderation_mode (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODERATION_MODE]);
}

static void
update_moderation (ModeratoWindow *self)
{
  gboolean moderate = moderato_moderation_allowed (self->chat);

  for (guint i = 0; i < G_N_ELEMENTS (moderation_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), moderation_actions[i], moderate);

  moderato_chat_view_set_can_moderate (self->chat_view, moderate);
  gtk_widget_set_visible (self->unpin_button, moderate);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.moderation-mode", moderate);
  gtk_widget_set_visible (self->moderation_button, moderate);
  apply_moderation_mode (self);
}

static void
update_pinned (ModeratoWindow *self)
{
  RumbleMessage *pinned = self->chat != NULL ?
                          rumble_chat_api_get_pinned_message (self->chat) : NULL;

  moderato_message_row_set_chat (self->pinned_row, self->chat);
  if (pinned != NULL)
    moderato_message_row_set_message (self->pinned_row, pinned);
  gtk_revealer_set_reveal_child (self->pinned_revealer, pinned != NULL);
}

/* The pinned bar's context menu (right click, long press, Menu key on the pinned message):
 * the same win.* actions as the message menu, unpin hidden unless the account moderates. */
static void
pinned_context_menu_cb (ModeratoWindow *self,
                        double          x,
                        double          y)
{
  RumbleMessage *message = moderato_message_row_get_message (self->pinned_row);
  GtkWidget *row = GTK_WIDGET (self->pinned_row);
  g_autoptr(GMenu) menu = NULL;
  g_autoptr(GMenu) section = NULL;
  g_autoptr(GMenuItem) copy = NULL;
  g_autoptr(GMenuItem) unpin = NULL;
  const char *id;

  if (message == NULL || !gtk_revealer_get_reveal_child (self->pinned_revealer))
    return;

  id = rumble_message_get_id (message);
  copy = g_menu_item_new (_("_Copy Text"), NULL);
  g_menu_item_set_action_and_target (copy, "win.copy-message-text", "s", id);
  unpin = g_menu_item_new (_("_Unpin Message"), NULL);
  g_menu_item_set_action_and_target (unpin, "win.unpin-message", "s", id);
  g_menu_item_set_attribute (unpin, "hidden-when", "s", "action-disabled");

  menu = g_menu_new ();
  g_menu_append_item (menu, copy);
  section = g_menu_new ();
  g_menu_append_item (section, unpin);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));

  /* Made on first use, like the message menu: not while the template is built. */
  if (self->pinned_popover == NULL)
    {
      self->pinned_popover = gtk_popover_menu_new_from_model (NULL);
      gtk_widget_set_halign (self->pinned_popover, GTK_ALIGN_START);
      gtk_widget_set_parent (self->pinned_popover, row);
    }
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->pinned_popover), G_MENU_MODEL (menu));

  /* From the keyboard: at the start of the row. */
  if (x < 0 || y < 0)
    {
      x = MIN (48, gtk_widget_get_width (row) / 2);
      y = gtk_widget_get_height (row) / 2.0;
    }
  gtk_popover_set_pointing_to (GTK_POPOVER (self->pinned_popover),
                               &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->pinned_popover));
}

/* Account */

/* Rumble may renew the session cookie on the chat's own requests (send, delete…). */
static void
chat_session_cb (ModeratoWindow *self)
{
  if (self->account != NULL && self->chat != NULL)
    moderato_account_renew_session (self->account, rumble_chat_api_get_session (self->chat));
  update_moderation (self);
}

static void
update_account (ModeratoWindow *self)
{
  gboolean in = _moderato_window_logged_in (self);
  const char *username = in ? moderato_account_get_username (self->account) : NULL;
  const char *user_id = in ? moderato_account_get_user_id (self->account) : NULL;

  if (self->chat != NULL)
    {
      rumble_chat_api_set_user_id (self->chat, user_id);
      rumble_chat_api_set_session (self->chat,
                                   in ? moderato_account_get_session (self->account) : NULL);
    }

  g_menu_remove_all (self->account_menu);
  if (in)
    {
      g_autofree char *who = g_strdup_printf (_("Logged in as %s"),
                                              username != NULL ? username : "");
      g_autoptr(GMenu) section = g_menu_new ();

      g_menu_append (section, who, NULL);
      g_menu_append_section (self->account_menu, NULL, G_MENU_MODEL (section));
      g_menu_append (self->account_menu, _("Log _Out"), "win.logout");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->account_button), who);
    }
  else
    {
      g_menu_append (self->account_menu, _("_Log In…"), "win.show-login");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->account_button), _("Account"));
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.logout", in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-login", !in);
  gtk_revealer_set_reveal_child (self->composer_revealer, in && self->chat != NULL);
  gtk_revealer_set_reveal_child (self->login_revealer, !in && self->chat != NULL);
  moderato_chat_view_set_own_user (self->chat_view, user_id, username);
  moderato_composer_set_logged_in (self->composer, in);
  _moderato_window_attention_update_own_names (self);

  update_moderation (self);
}

static void
account_warning_cb (ModeratoWindow *self)
{
  const char *warning = moderato_account_get_warning (self->account);

  if (warning != NULL)
    _moderato_window_show_error (self, warning);
}

/* What is streaming */

void
_moderato_window_update_titles (ModeratoWindow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *window_title = NULL;
  g_autofree char *tooltip = NULL;
  const char *state = self->state_text != NULL ? self->state_text : "";

  if (self->chat == NULL)
    {
      title = g_strdup (_("Moderato"));
      window_title = g_strdup (_("Moderato"));
    }
  else
    {
      if (self->stream_title != NULL)
        title = g_strdup (self->stream_title);
      else
        /* Translators: the header without a known title, with the chat id as Rumble's popup
         * chat link spells it, e.g. "Stream 298765432". */
        title = g_strdup_printf (_("Stream %s"), rumble_chat_api_get_stream_id_b10 (self->chat));

      if (self->channel_name != NULL)
        /* Translators: the window title for window lists and screen recorders:
         * "stream title — channel — Moderato". */
        window_title = g_strdup_printf (_("%s — %s — Moderato"), title, self->channel_name);
      else
        /* Translators: the window title: "stream title — Moderato". */
        window_title = g_strdup_printf (_("%s — Moderato"), title);
    }

  /* The state first, so that a narrow header cuts the channel, not the state. */
  if (self->chat != NULL && self->channel_name != NULL && *state != '\0')
    /* Translators: the header's subtitle: "connection state · channel". */
    subtitle = g_strdup_printf (_("%s · %s"), state, self->channel_name);
  else if (self->chat != NULL && self->channel_name != NULL)
    subtitle = g_strdup (self->channel_name);
  else
    subtitle = g_strdup (state);

  /* AdwWindowTitle's labels are plain text in libadwaita 1.2 (tests check it stays so). */
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), window_title);

  /* Whole, for when the header has to cut it. */
  if (self->chat != NULL)
    tooltip = *subtitle != '\0' ? g_strdup_printf ("%s\n%s", title, subtitle) : g_strdup (title);
  else if (*subtitle != '\0')
    tooltip = g_strdup (subtitle);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), tooltip);
}

/* Chat lifecycle */

static void
emotes_fetched_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!rumble_emotes_fetch_finish (RUMBLE_EMOTES (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("No emote catalogue: %s", error->message);
}

static void
fetch_emotes (ModeratoWindow *self)
{
  if (self->chat == NULL)
    return;

  rumble_emotes_fetch_async (self->emotes, self->soup_session, self->site_url,
                             rumble_chat_api_get_stream_id_b10 (self->chat),
                             self->chat_cancellable, emotes_fetched_cb, NULL);
}

static void
chat_state_cb (ModeratoWindow *self)
{
  RumbleConnectionState state = rumble_chat_api_get_state (self->chat);

  /* A reconnect may come with a new catalogue. */
  if (state == RUMBLE_CONNECTION_CONNECTED &&
      (self->last_state == RUMBLE_CONNECTION_RECONNECTING ||
       self->last_state == RUMBLE_CONNECTION_ERROR ||
       self->last_state == RUMBLE_CONNECTION_OFFLINE))
    fetch_emotes (self);
  self->last_state = state;

  _moderato_window_update_state (self);
}

static void
messages_changed_cb (ModeratoWindow *self)
{
  /* Cheap: only the first message changes the page. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "chat") != 0)
    _moderato_window_update_page (self);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The state notifications tell the rest; retries go on by themselves. */
  if (!rumble_chat_api_connect_finish (RUMBLE_CHAT_API (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("First connection failed: %s", error->message);
}

static void
close_chat (ModeratoWindow *self)
{
  _moderato_window_attention_stop (self);
  g_cancellable_cancel (self->chat_cancellable);
  g_clear_object (&self->chat_cancellable);

  if (self->chat != NULL)
    rumble_chat_api_disconnect (self->chat);

  g_signal_group_set_target (self->chat_signals, NULL);
  g_signal_group_set_target (self->messages_signals, NULL);
  moderato_chat_view_set_chat (self->chat_view, NULL);
  if (self->sidebar != NULL)
    moderato_user_sidebar_set_chat (self->sidebar, NULL);
  moderato_message_row_set_message (self->pinned_row, NULL);
  rumble_emotes_clear (self->emotes);
  moderato_composer_set_chat (self->composer, NULL);
  g_clear_object (&self->chat);
}

/* GTK 4.8's list view rebinds every visible row after a trim at the front: trimming a
 * tenth at a time instead of one message per message saves a third of the CPU in floods. */
static void
apply_history_len (ModeratoWindow *self)
{
  guint len = g_settings_get_uint (self->settings, "history-len");

  rumble_chat_api_set_history_len (self->chat, len);
  rumble_chat_api_set_trim_slack (self->chat, len / 10);
}

/* @title and @channel_name: what the link said about the stream (plain text, nullable). */
static void
set_stream (ModeratoWindow *self,
            const char     *stream_id_b10,
            const char     *input,
            const char     *title,
            const char     *channel_name)
{
  g_autoptr(RumbleChatApi) chat = rumble_chat_api_new (stream_id_b10);
  GtkWidget *focus;

  if (chat == NULL)
    {
      g_free (self->open_error);
      self->open_error = g_strdup (_("This is not a stream ID."));
      _moderato_window_update_state (self);
      return;
    }

  close_chat (self);
  g_clear_pointer (&self->open_error, g_free);
  _moderato_window_show_error (self, NULL);
  g_free (self->stream_title);
  self->stream_title = g_strdup (title);
  g_free (self->channel_name);
  self->channel_name = g_strdup (channel_name);

  self->chat = g_steal_pointer (&chat);
  self->chat_cancellable = g_cancellable_new ();
  set_moderation_mode (self, stream_in_moderation_mode (self), FALSE);
  self->last_state = RUMBLE_CONNECTION_DISCONNECTED;

  rumble_chat_api_set_soup_session (self->chat, self->soup_session);
  rumble_chat_api_set_site_url (self->chat, self->site_url);
  rumble_chat_api_set_chat_url (self->chat, self->chat_url);
  if (self->settings != NULL)
    apply_history_len (self);

  g_signal_group_set_target (self->chat_signals, self->chat);
  g_signal_group_set_target (self->messages_signals, rumble_chat_api_get_messages (self->chat));
  moderato_chat_view_set_chat (self->chat_view, self->chat);
  if (self->sidebar != NULL)
    moderato_user_sidebar_set_chat (self->sidebar, self->chat);
  moderato_composer_set_chat (self->composer, self->chat);

  /* Session before connecting: the stream only says can_moderate with the cookie. */
  update_account (self);
  _moderato_window_attention_start (self);

  if (input != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->stream_entry), input);

  if (self->settings != NULL && self->remember_stream && input != NULL)
    g_settings_set_string (self->settings, "last-stream", input);

  rumble_chat_api_connect_async (self->chat, self->chat_cancellable, connect_cb, NULL);
  fetch_emotes (self);

  /* From the stream field on to the chat. The focus is the entry's text, inside it: left
   * there (a stream opened at start-up), the keys would not reach the chat, and the field's
   * blinking cursor would have GTK paint 15 frames a second. */
  gtk_popover_popdown (self->stream_popover);
  focus = gtk_window_get_focus (GTK_WINDOW (self));
  if (focus == NULL || focus == GTK_WIDGET (self->stream_entry) ||
      gtk_widget_is_ancestor (focus, GTK_WIDGET (self->stream_entry)))
    gtk_widget_grab_focus (GTK_WIDGET (self->chat_view));

  update_pinned (self);
  _moderato_window_update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHAT]);
}

/* Why the input cannot be opened: the error banner over the open chat, else the error page. */
static void
show_open_error (ModeratoWindow *self,
                 const char     *reason)
{
  if (self->chat != NULL)
    {
      _moderato_window_show_error (self, reason);
    }
  else
    {
      g_free (self->open_error);
      self->open_error = g_strdup (reason);
    }
  _moderato_window_update_state (self);
}

typedef struct {
  ModeratoWindow *window;
  char           *input;
} ResolveData;

static void
resolve_data_free (ResolveData *data)
{
  g_clear_object (&data->window);
  g_free (data->input);
  g_free (data);
}

static void
resolved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ResolveData *data = user_data;
  ModeratoWindow *self = data->window;
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleStreamInfo) info = rumble_locator_resolve_info_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      resolve_data_free (data);
      return;
    }

  self->resolving = FALSE;
  g_clear_object (&self->resolve_cancellable);

  if (info != NULL)
    {
      set_stream (self, info->stream_id_b10, data->input, info->title, info->channel_name);
    }
  else
    {
      show_open_error (self, error->message);
    }

  resolve_data_free (data);
}

/* The field in the header and the one in its folded popover share one buffer. */
static void
stream_entry_activate_cb (ModeratoWindow *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->stream_entry)));

  moderato_window_open_stream (self, text);
}

static void
stream_popover_show_cb (ModeratoWindow *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->stream_popover_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->stream_popover_entry), 0, -1);
}

/* Narrow layout */

/* show-sidebar is what the sidebar shows now; only the wide layout's choice is saved. */
static void
show_sidebar_setting_cb (ModeratoWindow *self)
{
  self->wide_show_sidebar = g_settings_get_boolean (self->settings, "show-sidebar");
  if (!self->narrow)
    g_object_set (self, "show-sidebar", self->wide_show_sidebar, NULL);
}

/* The user's window buttons without minimize and maximize, which the window menu (right
 * click on the header), double-click and the window manager's keys still offer. */
static char *
narrow_decoration_layout (ModeratoWindow *self)
{
  g_autofree char *layout = NULL;
  g_auto(GStrv) sides = NULL;
  GString *out = g_string_new (NULL);

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-decoration-layout", &layout,
                NULL);
  sides = g_strsplit (layout != NULL ? layout : "", ":", 2);
  for (guint i = 0; sides[i] != NULL; i++)
    {
      g_auto(GStrv) buttons = g_strsplit (sides[i], ",", -1);
      gboolean first = TRUE;

      if (i > 0)
        g_string_append_c (out, ':');
      for (guint j = 0; buttons[j] != NULL; j++)
        {
          if (g_str_equal (buttons[j], "minimize") || g_str_equal (buttons[j], "maximize"))
            continue;
          g_string_append_printf (out, "%s%s", first ? "" : ",", buttons[j]);
          first = FALSE;
        }
    }

  return g_string_free (out, FALSE);
}

static void
set_narrow (ModeratoWindow *self,
            gboolean        narrow)
{
  g_autofree char *decoration_layout = NULL;
  gboolean focus_in_field;

  if (self->narrow == narrow)
    return;

  focus_in_field = gtk_widget_has_focus (GTK_WIDGET (self->stream_entry)) ||
                   gtk_widget_has_focus (GTK_WIDGET (self->stream_popover_entry));
  self->narrow = narrow;

  /* Too narrow for the chat and a 280 px list side by side: the list overlays the chat,
   * closed until asked for, and closing it there is not a preference to save. */
  adw_flap_set_fold_policy (self->flap, narrow ? ADW_FLAP_FOLD_POLICY_ALWAYS
                                               : ADW_FLAP_FOLD_POLICY_NEVER);
  g_object_set (self, "show-sidebar", narrow ? FALSE : self->wide_show_sidebar, NULL);

  if (!narrow)
    gtk_popover_popdown (self->stream_popover);
  gtk_widget_set_visible (GTK_WIDGET (self->stream_entry), !narrow);
  gtk_widget_set_visible (GTK_WIDGET (self->stream_button), narrow);

  /* Room for the title at 320 px: the account's menu joins the main menu, and the window
   * buttons keep only close (and the menu, where the user has one). */
  gtk_popover_popdown (gtk_menu_button_get_popover (self->account_button));
  gtk_widget_set_visible (GTK_WIDGET (self->account_button), !narrow);
  gtk_menu_button_set_menu_model (self->main_menu_button,
                                  narrow ? G_MENU_MODEL (self->narrow_menu)
                                         : G_MENU_MODEL (self->main_menu));
  _moderato_window_appearance_place_zoom (self);
  if (narrow)
    decoration_layout = narrow_decoration_layout (self);
  adw_header_bar_set_decoration_layout (self->header_bar, decoration_layout);
  if (focus_in_field)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.focus-stream", NULL);
}

/* The layout follows the width the content gets, never the other way round: the wide
 * layout needs less than MODERATO_WINDOW_NARROW_WIDTH and the content's width is the
 * window's, so a switch cannot resize the window and switch back. After a switch the
 * content is allocated again at once, so that no frame shows the other layout half done. */
static void
moderato_window_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  ModeratoWindow *self = MODERATO_WINDOW (widget);
  gboolean narrow;

  GTK_WIDGET_CLASS (moderato_window_parent_class)->size_allocate (widget, width, height, baseline);

  narrow = gtk_widget_get_width (GTK_WIDGET (self->toast_overlay)) < MODERATO_WINDOW_NARROW_WIDTH;
  if (narrow != self->narrow)
    {
      set_narrow (self, narrow);
      GTK_WIDGET_CLASS (moderato_window_parent_class)->size_allocate (widget, width, height,
                                                                      baseline);
    }
}

/* Before the window is shown, its size is the default size: start in the layout that fits
 * it, or the wide layout's minimum would widen a window meant to be narrow. */
static void
default_width_cb (ModeratoWindow *self)
{
  int width, height;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  /* Both pointers: GTK 4.8 does not take NULL here. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (width > 0)
    set_narrow (self, width < MODERATO_WINDOW_NARROW_WIDTH);
}

gboolean
moderato_window_get_narrow (ModeratoWindow *self)
{
  g_return_val_if_fail (MODERATO_IS_WINDOW (self), FALSE);

  return self->narrow;
}

/* Settings */

static void
show_timestamps_changed_cb (ModeratoWindow *self)
{
  gboolean show = g_settings_get_boolean (self->settings, "show-timestamps");

  moderato_chat_view_set_show_timestamps (self->chat_view, show);
  moderato_message_row_set_show_timestamps (self->pinned_row, show);
}

static void
pause_settings_changed_cb (ModeratoWindow *self)
{
  static const struct { const char *name; GdkModifierType mask; } modifiers[] = {
    { "control", GDK_CONTROL_MASK }, { "alt", GDK_ALT_MASK }, { "shift", GDK_SHIFT_MASK },
  };
  g_autofree char *modifier = g_settings_get_string (self->settings, "pause-modifier");
  GdkModifierType mask = 0;

  for (guint i = 0; i < G_N_ELEMENTS (modifiers); i++)
    if (g_str_equal (modifier, modifiers[i].name))
      mask = modifiers[i].mask;

  moderato_chat_view_set_pause_on_hover (self->chat_view,
                                         g_settings_get_boolean (self->settings, "pause-on-hover"));
  moderato_chat_view_set_resume_delay (self->chat_view,
                                       g_settings_get_uint (self->settings,
                                                            "pause-resume-delay-ms"));
  moderato_chat_view_set_pause_modifier (self->chat_view, mask);
}

static void
history_len_changed_cb (ModeratoWindow *self)
{
  if (self->chat != NULL)
    apply_history_len (self);
}

static gboolean
moderato_window_close_request (GtkWindow *window)
{
  ModeratoWindow *self = MODERATO_WINDOW (window);

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (self->settings);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
      g_settings_apply (self->settings);
    }

  return GTK_WINDOW_CLASS (moderato_window_parent_class)->close_request (window);
}

/* GObject */

/* GtkWindow:application is not a construct property, so this runs after g_object_new(). */
static void
setup_with_application (ModeratoWindow      *self,
                        ModeratoApplication *app)
{
  if (app != NULL)
    {
      self->settings = moderato_application_get_settings (app);
      if (self->settings != NULL)
        g_object_ref (self->settings);
      self->soup_session = g_object_ref (moderato_application_get_soup_session (app));
      self->account = g_object_ref (moderato_application_get_account (app));
      self->site_url = g_strdup (moderato_application_get_site_url (app));
      self->chat_url = g_strdup (moderato_application_get_chat_url (app));
      self->demo = moderato_application_get_demo (app);
      self->remember_stream = moderato_application_get_remember_stream (app);
      moderato_chat_view_set_image_cache (self->chat_view,
                                          moderato_application_get_image_cache (app));
      moderato_message_row_set_image_cache (self->pinned_row,
                                            moderato_application_get_image_cache (app));
      moderato_user_sidebar_set_image_cache (self->sidebar,
                                             moderato_application_get_image_cache (app));
    }
  else
    {
      self->soup_session = soup_session_new_with_options ("timeout", 0, NULL);
      self->site_url = g_strdup (RUMBLE_DEFAULT_SITE_URL);
      self->chat_url = g_strdup (RUMBLE_DEFAULT_CHAT_URL);
    }

  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));

      g_signal_connect_object (self->settings, "changed::show-sidebar",
                               G_CALLBACK (show_sidebar_setting_cb), self, G_CONNECT_SWAPPED);
      show_sidebar_setting_cb (self);
      g_settings_bind (self->settings, "people-sort", self->sidebar, "sort",
                       G_SETTINGS_BIND_DEFAULT);
      g_signal_connect_object (self->settings, "changed::show-timestamps",
                               G_CALLBACK (show_timestamps_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed::history-len",
                               G_CALLBACK (history_len_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed::moderation-buttons",
                               G_CALLBACK (apply_moderation_mode), self, G_CONNECT_SWAPPED);
      show_timestamps_changed_cb (self);
      g_signal_connect_object (self->settings, "changed::pause-on-hover",
                               G_CALLBACK (pause_settings_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed::pause-resume-delay-ms",
                               G_CALLBACK (pause_settings_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed::pause-modifier",
                               G_CALLBACK (pause_settings_changed_cb), self, G_CONNECT_SWAPPED);
      pause_settings_changed_cb (self);
    }

  _moderato_window_appearance_init (self);
  _moderato_window_attention_setup (self, app != NULL ? G_APPLICATION (app) : NULL);
  g_signal_group_set_target (self->account_signals, self->account);
  gtk_widget_set_visible (self->demo_button, self->demo);
  gtk_widget_set_visible (self->demo_hint, self->demo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-demo-stream", self->demo);

  update_account (self);
  _moderato_window_ledger_setup (self, app);
  _moderato_window_update_state (self);
}

static void
moderato_window_dispose (GObject *object)
{
  ModeratoWindow *self = MODERATO_WINDOW (object);

  _moderato_window_ledger_dispose (self);
  g_cancellable_cancel (self->resolve_cancellable);
  g_clear_object (&self->resolve_cancellable);
  g_clear_handle_id (&self->countdown_id, g_source_remove);
  if (self->chat_signals != NULL)
    close_chat (self);
  if (self->account_signals != NULL)
    g_signal_group_set_target (self->account_signals, NULL);
  _moderato_window_attention_dispose (self);

  g_clear_pointer (&self->pinned_popover, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), MODERATO_TYPE_WINDOW);

  g_clear_object (&self->chat_signals);
  g_clear_object (&self->messages_signals);
  g_clear_object (&self->account_signals);
  g_clear_object (&self->account);
  g_clear_object (&self->settings);
  g_clear_object (&self->soup_session);
  g_clear_object (&self->emotes);
  g_clear_object (&self->account_menu);
  g_clear_object (&self->narrow_menu);
  g_clear_object (&self->zoom_control);

  G_OBJECT_CLASS (moderato_window_parent_class)->dispose (object);
}

static void
moderato_window_finalize (GObject *object)
{
  ModeratoWindow *self = MODERATO_WINDOW (object);

  g_free (self->site_url);
  g_free (self->chat_url);
  g_free (self->last_input);
  g_free (self->open_error);
  g_free (self->state_text);
  g_free (self->stream_title);
  g_free (self->channel_name);

  G_OBJECT_CLASS (moderato_window_parent_class)->finalize (object);
}

static void
moderato_window_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ModeratoWindow *self = MODERATO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CHAT:
      g_value_set_object (value, self->chat);
      break;
    case PROP_SHOW_SIDEBAR:
      g_value_set_boolean (value, self->show_sidebar);
      break;
    case PROP_MODERATION_MODE:
      g_value_set_boolean (value, self->moderation_mode);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_window_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ModeratoWindow *self = MODERATO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_SIDEBAR:
      if (!self->narrow)
        {
          self->wide_show_sidebar = g_value_get_boolean (value);
          if (self->settings != NULL &&
              g_settings_get_boolean (self->settings, "show-sidebar") != self->wide_show_sidebar)
            g_settings_set_boolean (self->settings, "show-sidebar", self->wide_show_sidebar);
        }
      if (self->show_sidebar != g_value_get_boolean (value))
        {
          self->show_sidebar = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_MODERATION_MODE:
      set_moderation_mode (self, g_value_get_boolean (value), TRUE);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_window_class_init (ModeratoWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = moderato_window_dispose;
  object_class->finalize = moderato_window_finalize;
  object_class->get_property = moderato_window_get_property;
  object_class->set_property = moderato_window_set_property;
  window_class->close_request = moderato_window_close_request;
  widget_class->size_allocate = moderato_window_size_allocate;

  properties[PROP_CHAT] =
    g_param_spec_object ("chat", NULL, NULL,
                         RUMBLE_TYPE_CHAT_API,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_SIDEBAR] =
    g_param_spec_boolean ("show-sidebar", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Set by the user (the header toggle, win.moderation-mode): remembered for the stream. */
  properties[PROP_MODERATION_MODE] =
    g_param_spec_boolean ("moderation-mode", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MODERATO_TYPE_MESSAGE_ROW);
  g_type_ensure (MODERATO_TYPE_CHAT_VIEW);
  g_type_ensure (MODERATO_TYPE_COMPOSER);
  g_type_ensure (MODERATO_TYPE_ATTENTION_LANE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/moderato-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, stream_entry);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, stream_button);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, stream_popover);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, stream_popover_entry);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, state_dot);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, account_button);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, main_menu_button);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, main_menu);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, pinned_revealer);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, pinned_row);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, unpin_button);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, connecting_page);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, connecting_spinner);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, demo_button);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, chat_view);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, composer_revealer);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, composer);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, login_revealer);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, demo_hint);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, sidebar_slot);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, moderation_button);
  gtk_widget_class_bind_template_child (widget_class, ModeratoWindow, attention_lane);
  gtk_widget_class_bind_template_callback (widget_class, stream_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, stream_popover_show_cb);

  _moderato_window_class_actions_init (klass);
  _moderato_window_class_ledger_init (klass);
}

/* The target never moves: while a user card shows (from the chat or the list), the chat
 * holds still like under an open menu. */
static void
card_open_cb (ModeratoWindow *self)
{
  gboolean open = moderato_user_sidebar_get_card_open (self->sidebar);

  if (open == self->card_holds_chat || self->chat_view == NULL)
    return;
  self->card_holds_chat = open;
  moderato_chat_view_hold (self->chat_view, open);
}

static void
moderato_window_init (ModeratoWindow *self)
{
  self->show_sidebar = TRUE;
  self->wide_show_sidebar = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));
  _moderato_window_attention_init (self);

  moderato_message_row_set_compact (self->pinned_row, TRUE);
  g_signal_connect_object (self->pinned_row, "context-menu",
                           G_CALLBACK (pinned_context_menu_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect (self, "notify::default-width", G_CALLBACK (default_width_cb), NULL);

  self->sidebar = MODERATO_USER_SIDEBAR (moderato_user_sidebar_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->sidebar), TRUE);
  gtk_box_append (self->sidebar_slot, GTK_WIDGET (self->sidebar));
  g_signal_connect_object (self->sidebar, "notify::card-open", G_CALLBACK (card_open_cb), self,
                           G_CONNECT_SWAPPED);

  self->account_menu = g_menu_new ();
  gtk_menu_button_set_menu_model (self->account_button, G_MENU_MODEL (self->account_menu));
  self->narrow_menu = g_menu_new ();
  g_menu_append_section (self->narrow_menu, NULL, G_MENU_MODEL (self->account_menu));
  g_menu_append_section (self->narrow_menu, NULL, self->main_menu);

  self->emotes = rumble_emotes_new ();
  moderato_chat_view_set_emotes (self->chat_view, self->emotes);
  moderato_message_row_set_emotes (self->pinned_row, self->emotes);
  moderato_composer_set_emotes (self->composer, self->emotes);
  moderato_user_sidebar_set_emotes (self->sidebar, self->emotes);
  g_signal_connect_object (self->composer, "send-failed", G_CALLBACK (_moderato_window_show_error),
                           self, G_CONNECT_SWAPPED);

  self->chat_signals = g_signal_group_new (RUMBLE_TYPE_CHAT_API);
  g_signal_group_connect_swapped (self->chat_signals, "notify::state",
                                  G_CALLBACK (chat_state_cb), self);
  g_signal_group_connect_swapped (self->chat_signals, "notify::last-error",
                                  G_CALLBACK (_moderato_window_update_state), self);
  g_signal_group_connect_swapped (self->chat_signals, "notify::can-moderate",
                                  G_CALLBACK (update_moderation), self);
  g_signal_group_connect_swapped (self->chat_signals, "notify::session",
                                  G_CALLBACK (chat_session_cb), self);
  g_signal_group_connect_swapped (self->chat_signals, "notify::pinned-message",
                                  G_CALLBACK (update_pinned), self);

  self->messages_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->messages_signals, "items-changed",
                                  G_CALLBACK (messages_changed_cb), self);

  self->account_signals = g_signal_group_new (MODERATO_TYPE_ACCOUNT);
  g_signal_group_connect_swapped (self->account_signals, "notify::logged-in",
                                  G_CALLBACK (update_account), self);
  g_signal_group_connect_swapped (self->account_signals, "notify::username",
                                  G_CALLBACK (update_account), self);
  g_signal_group_connect_swapped (self->account_signals, "notify::user-id",
                                  G_CALLBACK (update_account), self);
  g_signal_group_connect_swapped (self->account_signals, "notify::session",
                                  G_CALLBACK (update_account), self);
  g_signal_group_connect_swapped (self->account_signals, "notify::warning",
                                  G_CALLBACK (account_warning_cb), self);

  _moderato_window_ledger_init (self);
}

ModeratoWindow *
moderato_window_new (ModeratoApplication *application)
{
  ModeratoWindow *self;

  g_return_val_if_fail (application == NULL || MODERATO_IS_APPLICATION (application), NULL);

  self = g_object_new (MODERATO_TYPE_WINDOW,
                       "application", application,
                       NULL);
  setup_with_application (self, application);

  return self;
}

void
moderato_window_open_stream (ModeratoWindow *self,
                             const char     *input)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *stream_id = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (MODERATO_IS_WINDOW (self));

  if (input == NULL)
    return;

  trimmed = g_strstrip (g_strdup (input));
  if (*trimmed == '\0' || strlen (trimmed) > 2048)
    return;

  g_cancellable_cancel (self->resolve_cancellable);
  g_clear_object (&self->resolve_cancellable);
  self->resolving = FALSE;
  g_free (self->last_input);
  self->last_input = g_strdup (trimmed);

  if (rumble_locator_needs_network (trimmed))
    {
      ResolveData *data = g_new0 (ResolveData, 1);

      data->window = g_object_ref (self);
      data->input = g_strdup (trimmed);
      self->resolving = TRUE;
      self->resolve_cancellable = g_cancellable_new ();
      if (self->chat == NULL)
        g_clear_pointer (&self->open_error, g_free);
      rumble_locator_resolve_async (self->soup_session, self->site_url, trimmed,
                                    self->resolve_cancellable, resolved_cb, data);
      _moderato_window_update_state (self);
      return;
    }

  if (!rumble_locator_parse_local (trimmed, &stream_id, &error))
    {
      show_open_error (self, error->message);
      return;
    }

  set_stream (self, stream_id, trimmed, NULL, NULL);
}

RumbleChatApi *
moderato_window_get_chat (ModeratoWindow *self)
{
  g_return_val_if_fail (MODERATO_IS_WINDOW (self), NULL);

  return self->chat;
}

ModeratoChatView *
moderato_window_get_chat_view (ModeratoWindow *self)
{
  g_return_val_if_fail (MODERATO_IS_WINDOW (self), NULL);

  return self->chat_view;
}

AdwToastOverlay *
moderato_window_get_toast_overlay (ModeratoWindow *self)
{
  g_return_val_if_fail (MODERATO_IS_WINDOW (self), NULL);

  return self->toast_overlay;
}

const char *
moderato_window_get_state_text (ModeratoWindow *self)
{
  g_return_val_if_fail (MODERATO_IS_WINDOW (self), NULL);

  return self->state_text != NULL ? self->state_text : "";
}

const char *
moderato_window_get_page (ModeratoWindow *self)
{
  g_return_val_if_fail (MODERATO_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}
