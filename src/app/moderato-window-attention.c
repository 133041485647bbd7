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
 *
 * The app's ledger, when it records, tells the detector more: the watched users (and each
 * change to them), the channels the account posted as, and the accounts seen before, for
 * first-time chatters. Each comes back from the ledger's worker; until the known accounts
 * are in, first-time highlights stay off rather than call every chatter new. Channels the
 * account is seen posting as are also kept in the settings, for when the ledger is off.
 */
#define G_LOG_DOMAIN "moderato-window"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-application.h"
#include "moderato-ledger-record.h"
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

static void load_known_users (ModeratoWindow *self);
static void app_ledger_cb    (ModeratoWindow *self);

static gboolean
first_time_wanted (ModeratoWindow *self)
{
  return self->settings != NULL &&
         g_settings_get_boolean (self->settings, "highlight-first-time");
}

static void
apply_settings (ModeratoWindow *self)
{
  g_auto(GStrv) refused = NULL;

  if (self->detector == NULL || self->settings == NULL)
    return;

  moderato_detector_apply_settings (self->detector, self->settings, &refused);
  /* With a ledger, first-time highlights wait for its accounts. */
  if (self->attention_ledger != NULL && !self->known_users_loaded && first_time_wanted (self))
    {
      moderato_detector_set_first_time (self->detector, FALSE);
      load_known_users (self);
    }
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
  if (MODERATO_IS_APPLICATION (application))
    g_signal_connect_object (application, "notify::ledger", G_CALLBACK (app_ledger_cb), self,
                             G_CONNECT_SWAPPED);

  if (self->settings == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (detect_keys); i++)
    {
      g_autofree char *signal = g_strconcat ("changed::", detect_keys[i], NULL);

      g_signal_connect_object (self->settings, signal, G_CALLBACK (apply_settings), self,
                               G_CONNECT_SWAPPED);
    }
}

/* ---- What the ledger knows ----------------------------------------------------------- */

static void request_ledger_channels (ModeratoWindow *self);

static const char *
own_user_id (ModeratoWindow *self)
{
  return _moderato_window_logged_in (self) ? moderato_account_get_user_id (self->account) : NULL;
}

static void
on_watched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ModeratoWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = moderato_ledger_watched_finish (MODERATO_LEDGER (source), result, &error);

  if (names == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Watched users not loaded: %s", error->message);
      return;
    }
  for (guint i = 0; self->detector != NULL && names[i] != NULL; i++)
    moderato_detector_watch_user (self->detector, names[i], TRUE);
}

static void
watch_changed_cb (ModeratoWindow *self,
                  const char     *name,
                  gboolean        watched)
{
  if (self->detector != NULL)
    moderato_detector_watch_user (self->detector, name, watched);
}

static void
on_ledger_channels (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ModeratoWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = moderato_ledger_channel_names_finish (MODERATO_LEDGER (source), result,
                                                              &error);

  if (names == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The account's channels not loaded: %s", error->message);
      return;
    }
  g_strfreev (self->ledger_channels);
  self->ledger_channels = g_steal_pointer (&names);
  if (self->detector != NULL)
    moderato_detector_add_own_names (self->detector,
                                     (const char * const *) self->ledger_channels);
}

static void
on_known_user_ids (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ModeratoWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = moderato_ledger_known_user_ids_finish (MODERATO_LEDGER (source), result,
                                                                 &error);

  if (ids == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Known users not loaded: %s", error->message);
      return;
    }
  if (self->detector == NULL)
    return;
  moderato_detector_set_first_time_func (self->detector, moderato_known_users_first_time,
                                         moderato_known_users_new_take (g_steal_pointer (&ids)),
                                         (GDestroyNotify) moderato_known_users_free);
  self->known_users_loaded = TRUE;
  moderato_detector_set_first_time (self->detector, first_time_wanted (self));
}

/* Loaded only while first-time highlights are wanted: 8 bytes an account. */
static void
load_known_users (ModeratoWindow *self)
{
  if (self->known_users_asked || self->attention_ledger == NULL)
    return;
  self->known_users_asked = TRUE;
  moderato_ledger_known_user_ids_async (self->attention_ledger, self->attention_cancellable,
                                        on_known_user_ids, g_object_ref (self));
}

static void
request_ledger_channels (ModeratoWindow *self)
{
  const char *user_id = own_user_id (self);

  if (self->attention_ledger == NULL || user_id == NULL ||
      g_strcmp0 (user_id, self->ledger_channels_for) == 0)
    return;
  g_free (self->ledger_channels_for);
  self->ledger_channels_for = g_strdup (user_id);
  moderato_ledger_channel_names_async (self->attention_ledger, user_id,
                                       self->attention_cancellable, on_ledger_channels,
                                       g_object_ref (self));
}

static void
forget_ledger (ModeratoWindow *self)
{
  g_cancellable_cancel (self->attention_cancellable);
  g_clear_object (&self->attention_cancellable);
  /* By id: the window has other handlers on the ledger (moderato-window-ledger.c). */
  if (self->attention_ledger != NULL)
    g_clear_signal_handler (&self->watch_changed_id, self->attention_ledger);
  g_clear_object (&self->attention_ledger);
  g_clear_pointer (&self->ledger_channels, g_strfreev);
  g_clear_pointer (&self->ledger_channels_for, g_free);
  self->known_users_asked = FALSE;
  self->known_users_loaded = FALSE;
}

/* Asks the app's ledger (when there is one) for what the detector should know. */
static void
load_from_ledger (ModeratoWindow *self)
{
  ModeratoLedger *ledger = moderato_ledger_record_get_default ();

  forget_ledger (self);
  if (self->detector == NULL)
    return;
  /* Without a ledger, an account is new when first seen in this stream. */
  moderato_detector_set_first_time_func (self->detector, NULL, NULL, NULL);
  moderato_detector_set_first_time (self->detector, first_time_wanted (self));
  if (ledger == NULL)
    return;

  self->attention_ledger = g_object_ref (ledger);
  self->attention_cancellable = g_cancellable_new ();
  self->watch_changed_id = g_signal_connect_object (ledger, "watch-changed",
                                                    G_CALLBACK (watch_changed_cb), self,
                                                    G_CONNECT_SWAPPED);
  moderato_ledger_watched_async (ledger, self->attention_cancellable, on_watched,
                                 g_object_ref (self));
  request_ledger_channels (self);
  if (first_time_wanted (self))
    {
      moderato_detector_set_first_time (self->detector, FALSE);
      load_known_users (self);
    }
}

static void
app_ledger_cb (ModeratoWindow *self)
{
  if (self->detector != NULL)
    {
      load_from_ledger (self);
      _moderato_window_attention_update_own_names (self);
    }
}

/* The account posted as one of its channels: remembered for it, by its user id. */
static void
own_name_learned_cb (ModeratoWindow *self,
                     const char     *name)
{
  const char *user_id = own_user_id (self);
  g_autoptr(GVariant) old = NULL;
  g_autoptr(GVariantDict) dict = NULL;
  g_autofree const char **names = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;

  if (user_id == NULL || self->settings == NULL)
    return;
  old = g_settings_get_value (self->settings, "account-channel-names");
  dict = g_variant_dict_new (old);
  if (g_variant_dict_lookup (dict, user_id, "^a&s", &names))
    {
      if (g_strv_contains (names, name))
        return;
      g_strv_builder_addv (builder, names);
    }
  g_strv_builder_add (builder, name);
  updated = g_strv_builder_end (builder);
  g_variant_dict_insert (dict, user_id, "^as", updated);
  g_settings_set_value (self->settings, "account-channel-names", g_variant_dict_end (dict));
}

void
_moderato_window_attention_update_own_names (ModeratoWindow *self)
{
  const char *user_id = own_user_id (self);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  if (self->detector == NULL)
    return;

  /* The account's name and its channels': those seen before (settings, ledger) and those
   * the detector learns from the stream (Rumble lists them nowhere). */
  if (user_id != NULL)
    {
      g_autoptr(GVariant) channels = NULL;

      g_strv_builder_add (builder, moderato_account_get_username (self->account));
      if (self->settings != NULL)
        {
          g_autoptr(GVariant) all = g_settings_get_value (self->settings,
                                                          "account-channel-names");

          channels = g_variant_lookup_value (all, user_id, G_VARIANT_TYPE_STRING_ARRAY);
        }
      if (channels != NULL)
        {
          g_autofree const char **strv = g_variant_get_strv (channels, NULL);

          g_strv_builder_addv (builder, strv);
        }
      if (g_strcmp0 (self->ledger_channels_for, user_id) == 0 && self->ledger_channels != NULL)
        g_strv_builder_addv (builder, (const char **) self->ledger_channels);
    }
  names = g_strv_builder_end (builder);
  moderato_detector_set_own_names (self->detector, (const char * const *) names);
  moderato_detector_set_own_user_id (self->detector, user_id);
  request_ledger_channels (self);
}

void
_moderato_window_attention_start (ModeratoWindow *self)
{
  _moderato_window_attention_stop (self);
  if (self->chat == NULL)
    return;

  self->detector = moderato_detector_new ();
  apply_settings (self);
  load_from_ledger (self);
  _moderato_window_attention_update_own_names (self);
  moderato_detector_set_chat (self->detector, self->chat);

  g_signal_connect_object (self->detector, "highlight", G_CALLBACK (highlight_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->detector, "wave-created", G_CALLBACK (wave_created_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->detector, "rant", G_CALLBACK (rant_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->detector, "rule-failed", G_CALLBACK (rule_failed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->detector, "own-name-learned", G_CALLBACK (own_name_learned_cb),
                           self, G_CONNECT_SWAPPED);
  moderato_attention_lane_set_detector (self->attention_lane, self->detector);
}

void
_moderato_window_attention_stop (ModeratoWindow *self)
{
  forget_ledger (self);
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
