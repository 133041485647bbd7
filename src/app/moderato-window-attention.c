/* moderato-window-attention.c — what needs a moderator in the open chat
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One ModeratoDetector per open chat (a new chat starts from nothing: no waves or
 * highlights of the last one), configured from the settings and the logged-in account.
 * Its highlights and waves go to the attention lane, which also tells the chat view's rows
 * their colour and whether they are folded into a wave's card; the ones that ask for it go
 * to the desktop as notifications while the window is not the active one.
 */
#define G_LOG_DOMAIN "moderato-window"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-moderation.h"
#include "moderato-window-private.h"

static const char * const detect_keys[] = {
  "highlight-rules", "wave-size", "wave-window", "notify-rant-min-cents",
  "highlight-first-time",
};

static void
decorate_row (ModeratoMessageRow *row,
              gpointer            lane)
{
  moderato_attention_lane_decorate_row (lane, row);
}

static void
marks_changed_cb (ModeratoWindow *self)
{
  moderato_chat_view_redecorate (self->chat_view);
}

static void
item_handled_cb (ModeratoWindow *self,
                 GObject        *item)
{
  if (self->chat != NULL && self->notifier != NULL)
    moderato_notifier_withdraw (self->notifier, rumble_chat_api_get_stream_id_b10 (self->chat),
                                item);
}

static void
apply_settings (ModeratoWindow *self)
{
  g_auto(GStrv) refused = NULL;

  if (self->detector == NULL || self->settings == NULL)
    return;

  moderato_detector_apply_settings (self->detector, self->settings, &refused);
  for (guint i = 0; refused != NULL && refused[i] != NULL; i++)
    {
      /* Translators: %s is a rule's name and why it cannot be used. */
      g_autofree char *text = g_strdup_printf (_("Highlight rule ignored: %s"), refused[i]);

      _moderato_window_add_toast (self, text);
    }
}

static void
rule_failed_cb (ModeratoWindow     *self,
                ModeratoDetectRule *rule)
{
  const GError *error = moderato_detect_rule_get_error (rule);
  /* Translators: a rule's name, then why it was turned off. */
  g_autofree char *text = g_strdup_printf (_("Highlight rule “%s” turned off: %s"),
                                           moderato_detect_rule_get_name (rule),
                                           error != NULL ? error->message : "");

  _moderato_window_add_toast (self, text);
}

static void
highlight_cb (ModeratoWindow    *self,
              ModeratoHighlight *highlight)
{
  if (self->chat != NULL)
    moderato_notifier_highlight (self->notifier, rumble_chat_api_get_stream_id_b10 (self->chat),
                                 highlight, moderato_moderation_allowed (self->chat));
}

static void
wave_created_cb (ModeratoWindow   *self,
                 ModeratoSpamWave *wave)
{
  if (self->chat != NULL)
    moderato_notifier_wave (self->notifier, rumble_chat_api_get_stream_id_b10 (self->chat),
                            wave);
}

static void
rant_cb (ModeratoWindow     *self,
         ModeratoDetectRant *rant)
{
  if (self->chat != NULL)
    moderato_notifier_rant (self->notifier, rumble_chat_api_get_stream_id_b10 (self->chat),
                            rant);
}

void
_moderato_window_attention_init (ModeratoWindow *self)
{
  moderato_chat_view_set_decorate_func (self->chat_view, decorate_row, self->attention_lane,
                                        NULL);
  moderato_attention_lane_set_toast_overlay (self->attention_lane, self->toast_overlay);
  g_signal_connect_object (self->attention_lane, "marks-changed",
                           G_CALLBACK (marks_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->attention_lane, "item-handled",
                           G_CALLBACK (item_handled_cb), self, G_CONNECT_SWAPPED);
}

void
_moderato_window_attention_setup (ModeratoWindow *self,
                                  GApplication   *application)
{
  self->notifier = moderato_notifier_new (application, GTK_WINDOW (self));
  moderato_attention_lane_set_settings (self->attention_lane, self->settings);

  if (self->settings == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (detect_keys); i++)
    {
      g_autofree char *signal = g_strconcat ("changed::", detect_keys[i], NULL);

      g_signal_connect_object (self->settings, signal, G_CALLBACK (apply_settings), self,
                               G_CONNECT_SWAPPED);
    }
}

void
_moderato_window_attention_update_own_names (ModeratoWindow *self)
{
  const char *names[2] = { NULL, NULL };

  if (self->detector == NULL)
    return;

  /* The account's name. Its channels' names would go here too, once the account knows
   * them (ModeratoAccount has only the user name and id today). */
  if (_moderato_window_logged_in (self))
    names[0] = moderato_account_get_username (self->account);
  moderato_detector_set_own_names (self->detector, names);
}

void
_moderato_window_attention_start (ModeratoWindow *self)
{
  _moderato_window_attention_stop (self);
  if (self->chat == NULL)
    return;

  self->detector = moderato_detector_new ();
  apply_settings (self);
  _moderato_window_attention_update_own_names (self);
  /* Watched users: none yet. The ledger's notes can flag accounts to watch; passing their
   * ids to moderato_detector_set_watched() here is all it takes. First-time chatters: the
   * detector's own notion (new to this session) until the ledger offers a synchronous
   * lookup for moderato_detector_set_first_time_func(). */
  moderato_detector_set_chat (self->detector, self->chat);

  g_signal_connect_object (self->detector, "highlight", G_CALLBACK (highlight_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->detector, "wave-created", G_CALLBACK (wave_created_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->detector, "rant", G_CALLBACK (rant_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->detector, "rule-failed", G_CALLBACK (rule_failed_cb), self,
                           G_CONNECT_SWAPPED);
  moderato_attention_lane_set_detector (self->attention_lane, self->detector);
}

void
_moderato_window_attention_stop (ModeratoWindow *self)
{
  if (self->detector == NULL)
    return;

  if (self->attention_lane != NULL)
    moderato_attention_lane_set_detector (self->attention_lane, NULL);
  g_signal_handlers_disconnect_by_data (self->detector, self);
  moderato_detector_set_chat (self->detector, NULL);
  g_clear_object (&self->detector);
}

void
_moderato_window_attention_dispose (ModeratoWindow *self)
{
  _moderato_window_attention_stop (self);
  if (self->chat_view != NULL)
    moderato_chat_view_set_decorate_func (self->chat_view, NULL, NULL, NULL);
  g_clear_object (&self->notifier);
}

ModeratoAttentionLane *
moderato_window_get_attention_lane (ModeratoWindow *self)
{
  g_return_val_if_fail (MODERATO_IS_WINDOW (self), NULL);

  return self->attention_lane;
}

ModeratoNotifier *
moderato_window_get_notifier (ModeratoWindow *self)
{
  g_return_val_if_fail (MODERATO_IS_WINDOW (self), NULL);

  return self->notifier;
}

gboolean
moderato_window_handle_notification (ModeratoWindow *self,
                                     const char     *action,
                                     const char     *stream_id,
                                     const char     *arg)
{
  g_return_val_if_fail (MODERATO_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (action != NULL && stream_id != NULL && arg != NULL, FALSE);

  if (self->chat == NULL ||
      !g_str_equal (rumble_chat_api_get_stream_id_b10 (self->chat), stream_id))
    return FALSE;

  if (g_str_equal (action, "delete") && *arg != '\0')
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.delete-message", "s", arg);
    }
  else if (g_str_equal (action, "mute") && *arg != '\0')
    {
      g_autoptr(GVariant) target =
        g_variant_ref_sink (moderato_moderation_mute_target (arg, "user",
                                                             rumble_mute_choice_lookup ("5m")));

      gtk_widget_activate_action_variant (GTK_WIDGET (self), "win.mute", target);
    }
  else if (g_str_equal (action, "open"))
    {
      RumbleMessage *message = *arg != '\0' ? rumble_chat_api_lookup_message (self->chat, arg) :
                                              NULL;
      const char *user_id = message != NULL ? rumble_message_get_user_id (message) : NULL;

      gtk_window_present (GTK_WINDOW (self));
      if (user_id != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), "win.show-user", "s", user_id);
    }
  return TRUE;
}
