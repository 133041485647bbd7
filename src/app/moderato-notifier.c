/* moderato-notifier.c — desktop notifications for what needs a moderator
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GNotification through the application: in a Flatpak GIO sends it through the portal by
 * itself. Only while the window is not the active one (the lane shows the rest), a few per
 * period, and the ones beyond that period summed up in one "N more items" notification.
 * Text from the network goes in as plain, cleaned text; buttons carry the stream id and
 * the message id or name, never a position.
 */
#define G_LOG_DOMAIN "moderato-notifier"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-notifier.h"
#include "rumble-text.h"

/* Bytes of message text in a notification's body. */
#define BODY_MAX_BYTES 200
#define MORE_ID        "moderato-more"

struct _ModeratoNotifier
{
  GObject       parent_instance;

  GApplication *application;   /* weak */
  GtkWindow    *window;        /* weak */
  int           active_override;
  guint         max_per_period;
  gint64        period_us;

  GQueue        sent_times;    /* gint64 monotonic µs of the notifications sent, oldest first */
  guint         pending;       /* over the rate, not sent */
  char         *pending_stream;
  guint         flush_id;
  GHashTable   *shown;         /* ids sent and not withdrawn */
};

enum {
  SENT,
  WITHDRAWN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ModeratoNotifier, moderato_notifier, G_TYPE_OBJECT)

static gboolean
window_active (ModeratoNotifier *self)
{
  if (self->active_override >= 0)
    return self->active_override > 0;
  return self->window != NULL && gtk_window_is_active (self->window);
}

/* Forgets the sends older than a period; TRUE when one more fits. */
static gboolean
within_rate (ModeratoNotifier *self,
             gint64            now)
{
  while (!g_queue_is_empty (&self->sent_times))
    {
      gint64 oldest = *(gint64 *) g_queue_peek_head (&self->sent_times);

      if (now - oldest < self->period_us)
        break;
      g_free (g_queue_pop_head (&self->sent_times));
    }
  return g_queue_get_length (&self->sent_times) < self->max_per_period;
}

static void
deliver (ModeratoNotifier *self,
         const char       *id,
         GNotification    *notification)
{
  gint64 *when = g_new (gint64, 1);

  *when = g_get_monotonic_time ();
  g_queue_push_tail (&self->sent_times, when);
  g_hash_table_add (self->shown, g_strdup (id));

  if (self->application != NULL && g_application_get_is_registered (self->application) &&
      !g_application_get_is_remote (self->application))
    g_application_send_notification (self->application, id, notification);
  g_signal_emit (self, signals[SENT], 0, id, notification);
}

static void schedule_flush (ModeratoNotifier *self);

static gboolean
flush_cb (gpointer data)
{
  ModeratoNotifier *self = data;
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;

  self->flush_id = 0;
  /* The moderator is looking: the lane has them all. */
  if (window_active (self))
    self->pending = 0;
  if (self->pending == 0)
    return G_SOURCE_REMOVE;
  if (!within_rate (self, g_get_monotonic_time ()))
    {
      schedule_flush (self);
      return G_SOURCE_REMOVE;
    }

  title = g_strdup_printf (ngettext ("%u more item needs attention",
                                     "%u more items need attention", self->pending),
                           self->pending);
  notification = g_notification_new (title);
  g_notification_set_default_action_and_target (notification, "app.notification-open", "(ss)",
                                                self->pending_stream, "");
  self->pending = 0;
  deliver (self, MORE_ID, notification);
  return G_SOURCE_REMOVE;
}

static void
schedule_flush (ModeratoNotifier *self)
{
  gint64 oldest, delay_us;

  if (self->flush_id != 0)
    return;
  oldest = g_queue_is_empty (&self->sent_times) ?
           g_get_monotonic_time () : *(gint64 *) g_queue_peek_head (&self->sent_times);
  delay_us = oldest + self->period_us - g_get_monotonic_time ();
  self->flush_id = g_timeout_add (MAX (delay_us / 1000, 1) + 1, flush_cb, self);
}

/* Sends @notification unless the window is active or the rate is spent (then counted). */
static void
send (ModeratoNotifier *self,
      const char       *stream_id,
      gpointer          item,
      GNotification    *notification)
{
  g_autofree char *id = NULL;

  if (window_active (self))
    return;

  if (!within_rate (self, g_get_monotonic_time ()) || self->pending > 0)
    {
      self->pending++;
      g_free (self->pending_stream);
      self->pending_stream = g_strdup (stream_id);
      schedule_flush (self);
      return;
    }

  id = moderato_notifier_item_id (stream_id, item);
  deliver (self, id, notification);
}

static char *
clean_body (const char *text)
{
  g_autofree char *clean = rumble_text_clean (text, BODY_MAX_BYTES);

  return clean != NULL ? g_steal_pointer (&clean) : g_strdup ("");
}

static void
moderato_notifier_dispose (GObject *object)
{
  ModeratoNotifier *self = MODERATO_NOTIFIER (object);

  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_clear_weak_pointer (&self->application);
  g_clear_weak_pointer (&self->window);

  G_OBJECT_CLASS (moderato_notifier_parent_class)->dispose (object);
}

static void
moderato_notifier_finalize (GObject *object)
{
  ModeratoNotifier *self = MODERATO_NOTIFIER (object);

  g_queue_clear_full (&self->sent_times, g_free);
  g_hash_table_unref (self->shown);
  g_free (self->pending_stream);

  G_OBJECT_CLASS (moderato_notifier_parent_class)->finalize (object);
}

static void
moderato_notifier_class_init (ModeratoNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = moderato_notifier_dispose;
  object_class->finalize = moderato_notifier_finalize;

  signals[SENT] =
    g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_NOTIFICATION);
  signals[WITHDRAWN] =
    g_signal_new ("withdrawn", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
moderato_notifier_init (ModeratoNotifier *self)
{
  self->active_override = -1;
  self->max_per_period = MODERATO_NOTIFIER_DEFAULT_MAX_PER_PERIOD;
  self->period_us = MODERATO_NOTIFIER_DEFAULT_PERIOD_MS * (gint64) 1000;
  g_queue_init (&self->sent_times);
  self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

ModeratoNotifier *
moderato_notifier_new (GApplication *application,
                       GtkWindow    *window)
{
  ModeratoNotifier *self;

  g_return_val_if_fail (application == NULL || G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (window == NULL || GTK_IS_WINDOW (window), NULL);

  self = g_object_new (MODERATO_TYPE_NOTIFIER, NULL);
  g_set_weak_pointer (&self->application, application);
  g_set_weak_pointer (&self->window, window);
  return self;
}

char *
moderato_notifier_item_id (const char *stream_id,
                           gpointer    item)
{
  g_return_val_if_fail (stream_id != NULL, NULL);

  if (MODERATO_IS_HIGHLIGHT (item))
    return g_strdup_printf ("moderato-%s-hl-%s", stream_id,
                            moderato_highlight_get_message_id (item));
  if (MODERATO_IS_SPAM_WAVE (item))
    return g_strdup_printf ("moderato-%s-wave-%s", stream_id, moderato_spam_wave_get_id (item));
  if (MODERATO_IS_DETECT_RANT (item))
    return g_strdup_printf ("moderato-%s-rant-%s", stream_id,
                            moderato_detect_rant_get_message_id (item));
  g_return_val_if_reached (NULL);
}

static const char *
kind_label (ModeratoHighlight *highlight)
{
  switch (moderato_highlight_get_kind (highlight))
    {
    case MODERATO_HIGHLIGHT_WATCHED:
      return _("Watched user");
    case MODERATO_HIGHLIGHT_NEW_ACCOUNT_LINK:
      return _("Link from a new account");
    case MODERATO_HIGHLIGHT_FIRST_TIME:
      return _("First message");
    case MODERATO_HIGHLIGHT_MENTION:
    case MODERATO_HIGHLIGHT_KEYWORD:
    case MODERATO_HIGHLIGHT_REGEX:
    default:
      return moderato_highlight_get_rule_name (highlight);
    }
}

void
moderato_notifier_highlight (ModeratoNotifier  *self,
                             const char        *stream_id,
                             ModeratoHighlight *highlight,
                             gboolean           can_moderate)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *rule = NULL;
  const char *message_id;
  const char *username;

  g_return_if_fail (MODERATO_IS_NOTIFIER (self));
  g_return_if_fail (stream_id != NULL);
  g_return_if_fail (MODERATO_IS_HIGHLIGHT (highlight));

  if (!moderato_highlight_get_notify (highlight))
    return;

  message_id = moderato_highlight_get_message_id (highlight);
  username = moderato_highlight_get_username (highlight);
  name = clean_body (username);
  if (moderato_highlight_get_kind (highlight) == MODERATO_HIGHLIGHT_MENTION)
    /* Translators: %s is a user name. */
    title = g_strdup_printf (_("%s mentioned you"), name);
  else
    {
      rule = clean_body (kind_label (highlight));
      /* Translators: a rule's name (or what was found), then a user name. */
      title = g_strdup_printf (_("%s: %s"), rule, name);
    }
  body = clean_body (moderato_highlight_get_text (highlight));

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_default_action_and_target (notification, "app.notification-open", "(ss)",
                                                stream_id, message_id);
  if (can_moderate)
    {
      g_notification_add_button_with_target (notification, _("Delete"),
                                             "app.notification-delete", "(ss)",
                                             stream_id, message_id);
      if (username != NULL && *username != '\0')
        g_notification_add_button_with_target (notification, _("Mute 5 Minutes"),
                                               "app.notification-mute", "(ss)",
                                               stream_id, username);
    }
  g_notification_add_button_with_target (notification, _("Open"), "app.notification-open",
                                         "(ss)", stream_id, message_id);
  send (self, stream_id, highlight, notification);
}

void
moderato_notifier_wave (ModeratoNotifier *self,
                        const char       *stream_id,
                        ModeratoSpamWave *wave)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  guint size;

  g_return_if_fail (MODERATO_IS_NOTIFIER (self));
  g_return_if_fail (stream_id != NULL);
  g_return_if_fail (MODERATO_IS_SPAM_WAVE (wave));

  size = moderato_spam_wave_get_size (wave);
  title = g_strdup_printf (ngettext ("Spam wave: %u account posts the same",
                                     "Spam wave: %u accounts post the same", size), size);
  body = clean_body (moderato_spam_wave_get_sample (wave));
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_default_action_and_target (notification, "app.notification-open", "(ss)",
                                                stream_id, "");
  g_notification_add_button_with_target (notification, _("Open"), "app.notification-open",
                                         "(ss)", stream_id, "");
  send (self, stream_id, wave, notification);
}

void
moderato_notifier_rant (ModeratoNotifier   *self,
                        const char         *stream_id,
                        ModeratoDetectRant *rant)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  guint cents;

  g_return_if_fail (MODERATO_IS_NOTIFIER (self));
  g_return_if_fail (stream_id != NULL);
  g_return_if_fail (MODERATO_IS_DETECT_RANT (rant));

  if (!moderato_detect_rant_get_notify (rant))
    return;

  cents = moderato_detect_rant_get_amount_cents (rant);
  name = clean_body (moderato_detect_rant_get_username (rant));
  /* Translators: "$5.00 rant from Name". */
  title = g_strdup_printf (_("$%u.%02u rant from %s"), cents / 100, cents % 100, name);
  body = clean_body (moderato_detect_rant_get_text (rant));
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_default_action_and_target (notification, "app.notification-open", "(ss)",
                                                stream_id,
                                                moderato_detect_rant_get_message_id (rant));
  send (self, stream_id, rant, notification);
}

void
moderato_notifier_withdraw (ModeratoNotifier *self,
                            const char       *stream_id,
                            gpointer          item)
{
  g_autofree char *id = NULL;

  g_return_if_fail (MODERATO_IS_NOTIFIER (self));
  g_return_if_fail (stream_id != NULL);

  id = moderato_notifier_item_id (stream_id, item);
  if (id == NULL || !g_hash_table_remove (self->shown, id))
    return;

  if (self->application != NULL && g_application_get_is_registered (self->application) &&
      !g_application_get_is_remote (self->application))
    g_application_withdraw_notification (self->application, id);
  g_signal_emit (self, signals[WITHDRAWN], 0, id);
}

void
moderato_notifier_set_rate (ModeratoNotifier *self,
                            guint             max_per_period,
                            guint             period_ms)
{
  g_return_if_fail (MODERATO_IS_NOTIFIER (self));
  g_return_if_fail (max_per_period > 0 && period_ms > 0);

  self->max_per_period = max_per_period;
  self->period_us = period_ms * (gint64) 1000;
}

void
moderato_notifier_set_active_override (ModeratoNotifier *self,
                                       int               active)
{
  g_return_if_fail (MODERATO_IS_NOTIFIER (self));

  self->active_override = active < 0 ? -1 : active > 0;
}
