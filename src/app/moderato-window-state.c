/* moderato-window-state.c — what the main window shows of the connection: header, pages
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The header's subtitle and dot say the state of the open chat (with a countdown while
 * reconnecting); the stack shows the chat once there is any, else a page for the state.
 */
#define G_LOG_DOMAIN "moderato-window"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-window-private.h"

static void
set_page (ModeratoWindow *self,
          const char     *page)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), page) != 0)
    gtk_stack_set_visible_child_name (self->stack, page);
  gtk_spinner_set_spinning (self->connecting_spinner, g_str_equal (page, "connecting"));
}

static void
set_error_page (ModeratoWindow *self,
                const char     *title,
                const char     *reason)
{
  /* The description is markup: the reason is not. */
  g_autofree char *escaped = reason != NULL ? g_markup_escape_text (reason, -1) : NULL;

  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, escaped);
}

void
_moderato_window_update_page (ModeratoWindow *self)
{
  RumbleConnectionState state;
  guint n_messages;

  if (_moderato_window_ledger_page (self) != NULL)
    {
      set_page (self, _moderato_window_ledger_page (self));
      return;
    }

  if (self->resolving)
    {
      adw_status_page_set_title (self->connecting_page, _("Looking Up the Stream…"));
      set_page (self, "connecting");
      return;
    }

  if (self->chat == NULL)
    {
      if (self->open_error != NULL)
        {
          set_error_page (self, _("Cannot Open This Stream"), self->open_error);
          set_page (self, "error");
        }
      else
        {
          set_page (self, "empty");
        }
      return;
    }

  state = rumble_chat_api_get_state (self->chat);
  n_messages = g_list_model_get_n_items (rumble_chat_api_get_messages (self->chat));

  /* Once there is chat to show, keep showing it; the header tells the state. */
  if (n_messages > 0 || state == RUMBLE_CONNECTION_CONNECTED)
    {
      set_page (self, "chat");
      return;
    }

  switch (state)
    {
    case RUMBLE_CONNECTION_OFFLINE:
      set_page (self, "offline");
      break;

    case RUMBLE_CONNECTION_ERROR:
      {
        const GError *error = rumble_chat_api_get_last_error (self->chat);

        set_error_page (self, _("Cannot Connect"), error != NULL ? error->message : NULL);
        set_page (self, "error");
      }
      break;

    case RUMBLE_CONNECTION_DISCONNECTED:
    case RUMBLE_CONNECTION_CONNECTING:
    case RUMBLE_CONNECTION_RECONNECTING:
    case RUMBLE_CONNECTION_CONNECTED:
    default:
      adw_status_page_set_title (self->connecting_page, _("Connecting…"));
      set_page (self, "connecting");
      break;
    }
}

static gboolean
countdown_cb (gpointer user_data)
{
  ModeratoWindow *self = user_data;

  _moderato_window_update_state (self);
  return self->countdown_id != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
set_state_class (ModeratoWindow *self,
                 const char     *css_class)
{
  const char *classes[] = { "state-dot", css_class, NULL };

  gtk_widget_set_css_classes (self->state_dot, classes);
}

void
_moderato_window_update_state (ModeratoWindow *self)
{
  g_autofree char *text = NULL;
  gboolean countdown = FALSE;
  gboolean retry = FALSE;
  const char *css = "none";

  if (self->chat == NULL)
    {
      text = g_strdup (self->resolving ? _("Looking up the stream…") : "");
    }
  else
    {
      switch (rumble_chat_api_get_state (self->chat))
        {
        case RUMBLE_CONNECTION_CONNECTING:
          text = g_strdup (_("Connecting…"));
          css = "connecting";
          break;

        case RUMBLE_CONNECTION_CONNECTED:
          text = g_strdup (_("Live"));
          css = "live";
          break;

        case RUMBLE_CONNECTION_RECONNECTING:
          {
            gint64 next = rumble_chat_api_get_next_retry (self->chat);
            gint64 left = 0;

            if (next > 0)
              left = (next - g_get_monotonic_time () + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;

            if (left > 0)
              text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Reconnecting in %d second",
                                                   "Reconnecting in %d seconds", (int) left),
                                      (int) left);
            else
              text = g_strdup (_("Reconnecting…"));
            countdown = TRUE;
            retry = TRUE;
            css = "connecting";
          }
          break;

        case RUMBLE_CONNECTION_OFFLINE:
          text = g_strdup (_("Waiting for the stream to go live"));
          css = "offline";
          break;

        case RUMBLE_CONNECTION_ERROR:
          {
            const GError *error = rumble_chat_api_get_last_error (self->chat);

            text = g_strdup_printf (_("Error: %s"), error != NULL ? error->message : _("unknown"));
            retry = TRUE;
            css = "error";
          }
          break;

        case RUMBLE_CONNECTION_DISCONNECTED:
        default:
          text = g_strdup (_("Disconnected"));
          break;
        }
    }

  if (g_strcmp0 (text, self->state_text) != 0)
    {
      g_free (self->state_text);
      self->state_text = g_steal_pointer (&text);
    }
  _moderato_window_update_titles (self);
  set_state_class (self, css);
  gtk_widget_set_visible (self->retry_button, retry);

  /* One wake-up per second, and only while a countdown is shown. */
  if (countdown && self->countdown_id == 0)
    self->countdown_id = g_timeout_add_seconds (1, countdown_cb, self);
  else if (!countdown)
    g_clear_handle_id (&self->countdown_id, g_source_remove);

  _moderato_window_update_page (self);
}
