/* moderato-detect-rant.c — a paid message while it is on top of the chat
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Immutable once made: read it with the getters.
 */
#define G_LOG_DOMAIN "moderato-detect"

#include "config.h"

#include "moderato-detect-private.h"

struct _ModeratoDetectRant
{
  GObject   parent_instance;

  char     *message_id;
  char     *user_id;
  char     *username;
  char     *text;
  guint     amount_cents;
  gint64    time_us;
  gint64    expires_us;
  gboolean  notify;
};

G_DEFINE_FINAL_TYPE (ModeratoDetectRant, moderato_detect_rant, G_TYPE_OBJECT)

static void
moderato_detect_rant_finalize (GObject *object)
{
  ModeratoDetectRant *self = MODERATO_DETECT_RANT (object);

  g_free (self->message_id);
  g_free (self->user_id);
  g_free (self->username);
  g_free (self->text);

  G_OBJECT_CLASS (moderato_detect_rant_parent_class)->finalize (object);
}

static void
moderato_detect_rant_class_init (ModeratoDetectRantClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = moderato_detect_rant_finalize;
}

static void
moderato_detect_rant_init (ModeratoDetectRant *self)
{
}

ModeratoDetectRant *
moderato_detect_rant_new (const char *message_id,
                          const char *user_id,
                          const char *username,
                          const char *text,
                          guint       amount_cents,
                          gint64      time_us,
                          gint64      expires_us,
                          gboolean    notify)
{
  ModeratoDetectRant *self = g_object_new (MODERATO_TYPE_DETECT_RANT, NULL);

  self->message_id = g_strdup (message_id);
  self->user_id = g_strdup (user_id);
  self->username = g_strdup (username);
  self->text = g_strdup (text);
  self->amount_cents = amount_cents;
  self->time_us = time_us;
  self->expires_us = MAX (expires_us, time_us);
  self->notify = notify;
  return self;
}

const char *
moderato_detect_rant_get_message_id (ModeratoDetectRant *self)
{
  g_return_val_if_fail (MODERATO_IS_DETECT_RANT (self), NULL);
  return self->message_id;
}

const char *
moderato_detect_rant_get_user_id (ModeratoDetectRant *self)
{
  g_return_val_if_fail (MODERATO_IS_DETECT_RANT (self), NULL);
  return self->user_id;
}

const char *
moderato_detect_rant_get_username (ModeratoDetectRant *self)
{
  g_return_val_if_fail (MODERATO_IS_DETECT_RANT (self), NULL);
  return self->username;
}

const char *
moderato_detect_rant_get_text (ModeratoDetectRant *self)
{
  g_return_val_if_fail (MODERATO_IS_DETECT_RANT (self), NULL);
  return self->text;
}

guint
moderato_detect_rant_get_amount_cents (ModeratoDetectRant *self)
{
  g_return_val_if_fail (MODERATO_IS_DETECT_RANT (self), 0);
  return self->amount_cents;
}

gint64
moderato_detect_rant_get_time (ModeratoDetectRant *self)
{
  g_return_val_if_fail (MODERATO_IS_DETECT_RANT (self), 0);
  return self->time_us;
}

gint64
moderato_detect_rant_get_expires (ModeratoDetectRant *self)
{
  g_return_val_if_fail (MODERATO_IS_DETECT_RANT (self), 0);
  return self->expires_us;
}

gint64
moderato_detect_rant_get_time_left (ModeratoDetectRant *self,
                                    gint64              now_us)
{
  g_return_val_if_fail (MODERATO_IS_DETECT_RANT (self), 0);
  return MAX (0, self->expires_us - now_us);
}

gboolean
moderato_detect_rant_get_notify (ModeratoDetectRant *self)
{
  g_return_val_if_fail (MODERATO_IS_DETECT_RANT (self), FALSE);
  return self->notify;
}
