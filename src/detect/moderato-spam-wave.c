/* moderato-spam-wave.c — the same text from many accounts in a short time
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Made and grown by the detector's wave finder; read-only for everyone else. Properties
 * notify as members arrive and when it closes.
 */
#define G_LOG_DOMAIN "moderato-detect"

#include "config.h"

#include "moderato-detect-enums.h"
#include "moderato-detect-private.h"

/* Accounts remembered to count the size exactly; past this, counted per message. */
#define MAX_ACCOUNTS_COUNTED 10000

struct _ModeratoSpamWave
{
  GObject                parent_instance;

  char                  *id;
  char                  *sample;
  ModeratoSpamWaveState  state;
  guint                  size;
  guint                  n_messages;
  gint64                 first_time;
  gint64                 last_time;
  GPtrArray             *user_ids;       /* NULL-terminated, listed accounts */
  GPtrArray             *usernames;      /* the same order */
  GPtrArray             *message_ids;    /* NULL-terminated, listed messages */
  GHashTable            *accounts;       /* user id (owned) */

  guint                  notified_size;
  guint                  notified_n_messages;
};

G_DEFINE_FINAL_TYPE (ModeratoSpamWave, moderato_spam_wave, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_STATE,
  PROP_SIZE,
  PROP_N_MESSAGES,
  PROP_SAMPLE,
  PROP_FIRST_TIME,
  PROP_LAST_TIME,
  PROP_USER_IDS,
  PROP_USERNAMES,
  PROP_MESSAGE_IDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
moderato_spam_wave_finalize (GObject *object)
{
  ModeratoSpamWave *self = MODERATO_SPAM_WAVE (object);

  g_free (self->id);
  g_free (self->sample);
  g_ptr_array_unref (self->user_ids);
  g_ptr_array_unref (self->usernames);
  g_ptr_array_unref (self->message_ids);
  g_hash_table_unref (self->accounts);

  G_OBJECT_CLASS (moderato_spam_wave_parent_class)->finalize (object);
}

static void
moderato_spam_wave_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ModeratoSpamWave *self = MODERATO_SPAM_WAVE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_SIZE:
      g_value_set_uint (value, self->size);
      break;
    case PROP_N_MESSAGES:
      g_value_set_uint (value, self->n_messages);
      break;
    case PROP_SAMPLE:
      g_value_set_string (value, self->sample);
      break;
    case PROP_FIRST_TIME:
      g_value_set_int64 (value, self->first_time);
      break;
    case PROP_LAST_TIME:
      g_value_set_int64 (value, self->last_time);
      break;
    case PROP_USER_IDS:
      g_value_set_boxed (value, self->user_ids->pdata);
      break;
    case PROP_USERNAMES:
      g_value_set_boxed (value, self->usernames->pdata);
      break;
    case PROP_MESSAGE_IDS:
      g_value_set_boxed (value, self->message_ids->pdata);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_spam_wave_class_init (ModeratoSpamWaveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = moderato_spam_wave_finalize;
  object_class->get_property = moderato_spam_wave_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL,
                                              MODERATO_TYPE_SPAM_WAVE_STATE,
                                              MODERATO_SPAM_WAVE_OPEN, ro);
  properties[PROP_SIZE] = g_param_spec_uint ("size", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_MESSAGES] = g_param_spec_uint ("n-messages", NULL, NULL,
                                                   0, G_MAXUINT, 0, ro);
  properties[PROP_SAMPLE] = g_param_spec_string ("sample", NULL, NULL, NULL, ro);
  properties[PROP_FIRST_TIME] = g_param_spec_int64 ("first-time", NULL, NULL,
                                                    0, G_MAXINT64, 0, ro);
  properties[PROP_LAST_TIME] = g_param_spec_int64 ("last-time", NULL, NULL,
                                                   0, G_MAXINT64, 0, ro);
  properties[PROP_USER_IDS] = g_param_spec_boxed ("user-ids", NULL, NULL, G_TYPE_STRV, ro);
  properties[PROP_USERNAMES] = g_param_spec_boxed ("usernames", NULL, NULL, G_TYPE_STRV, ro);
  properties[PROP_MESSAGE_IDS] = g_param_spec_boxed ("message-ids", NULL, NULL,
                                                     G_TYPE_STRV, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static GPtrArray *
strv_array_new (void)
{
  GPtrArray *array = g_ptr_array_new_null_terminated (8, g_free, TRUE);

  return array;
}

static void
moderato_spam_wave_init (ModeratoSpamWave *self)
{
  self->user_ids = strv_array_new ();
  self->usernames = strv_array_new ();
  self->message_ids = strv_array_new ();
  self->accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

ModeratoSpamWave *
moderato_spam_wave_new (const char *id,
                        const char *sample)
{
  ModeratoSpamWave *self = g_object_new (MODERATO_TYPE_SPAM_WAVE, NULL);

  self->id = g_strdup (id);
  self->sample = g_strdup (sample);
  return self;
}

gboolean
moderato_spam_wave_add_member (ModeratoSpamWave *self,
                               const char       *message_id,
                               const char       *user_id,
                               const char       *username,
                               gint64            time_us)
{
  gboolean new_account;

  g_return_val_if_fail (MODERATO_IS_SPAM_WAVE (self), FALSE);

  if (self->n_messages == 0)
    self->first_time = time_us;
  self->last_time = MAX (self->last_time, time_us);
  if (self->n_messages < G_MAXUINT)
    self->n_messages++;
  if (self->message_ids->len < MODERATO_SPAM_WAVE_MAX_LISTED)
    g_ptr_array_add (self->message_ids, g_strdup (message_id));

  new_account = !g_hash_table_contains (self->accounts, user_id);
  if (new_account)
    {
      if (g_hash_table_size (self->accounts) < MAX_ACCOUNTS_COUNTED)
        g_hash_table_add (self->accounts, g_strdup (user_id));
      if (self->user_ids->len < MODERATO_SPAM_WAVE_MAX_LISTED)
        {
          g_ptr_array_add (self->user_ids, g_strdup (user_id));
          g_ptr_array_add (self->usernames, g_strdup (username ? username : ""));
        }
      if (self->size < G_MAXUINT)
        self->size++;
    }
  return new_account;
}

void
moderato_spam_wave_notify_changes (ModeratoSpamWave *self)
{
  GObject *object = G_OBJECT (self);

  g_return_if_fail (MODERATO_IS_SPAM_WAVE (self));

  if (self->notified_n_messages == self->n_messages)
    return;

  g_object_freeze_notify (object);
  if (self->notified_size != self->size)
    {
      g_object_notify_by_pspec (object, properties[PROP_SIZE]);
      g_object_notify_by_pspec (object, properties[PROP_USER_IDS]);
      g_object_notify_by_pspec (object, properties[PROP_USERNAMES]);
    }
  g_object_notify_by_pspec (object, properties[PROP_N_MESSAGES]);
  g_object_notify_by_pspec (object, properties[PROP_MESSAGE_IDS]);
  g_object_notify_by_pspec (object, properties[PROP_LAST_TIME]);
  self->notified_size = self->size;
  self->notified_n_messages = self->n_messages;
  g_object_thaw_notify (object);
}

void
moderato_spam_wave_close (ModeratoSpamWave *self)
{
  g_return_if_fail (MODERATO_IS_SPAM_WAVE (self));

  if (self->state == MODERATO_SPAM_WAVE_CLOSED)
    return;
  self->state = MODERATO_SPAM_WAVE_CLOSED;
  /* The account set only served the counting. */
  g_hash_table_remove_all (self->accounts);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const char *
moderato_spam_wave_get_id (ModeratoSpamWave *self)
{
  g_return_val_if_fail (MODERATO_IS_SPAM_WAVE (self), NULL);
  return self->id;
}

ModeratoSpamWaveState
moderato_spam_wave_get_state (ModeratoSpamWave *self)
{
  g_return_val_if_fail (MODERATO_IS_SPAM_WAVE (self), MODERATO_SPAM_WAVE_CLOSED);
  return self->state;
}

guint
moderato_spam_wave_get_size (ModeratoSpamWave *self)
{
  g_return_val_if_fail (MODERATO_IS_SPAM_WAVE (self), 0);
  return self->size;
}

guint
moderato_spam_wave_get_n_messages (ModeratoSpamWave *self)
{
  g_return_val_if_fail (MODERATO_IS_SPAM_WAVE (self), 0);
  return self->n_messages;
}

const char *
moderato_spam_wave_get_sample (ModeratoSpamWave *self)
{
  g_return_val_if_fail (MODERATO_IS_SPAM_WAVE (self), NULL);
  return self->sample;
}

gint64
moderato_spam_wave_get_first_time (ModeratoSpamWave *self)
{
  g_return_val_if_fail (MODERATO_IS_SPAM_WAVE (self), 0);
  return self->first_time;
}

gint64
moderato_spam_wave_get_last_time (ModeratoSpamWave *self)
{
  g_return_val_if_fail (MODERATO_IS_SPAM_WAVE (self), 0);
  return self->last_time;
}

const char * const *
moderato_spam_wave_get_user_ids (ModeratoSpamWave *self)
{
  g_return_val_if_fail (MODERATO_IS_SPAM_WAVE (self), NULL);
  return (const char * const *) self->user_ids->pdata;
}

const char * const *
moderato_spam_wave_get_usernames (ModeratoSpamWave *self)
{
  g_return_val_if_fail (MODERATO_IS_SPAM_WAVE (self), NULL);
  return (const char * const *) self->usernames->pdata;
}

const char * const *
moderato_spam_wave_get_message_ids (ModeratoSpamWave *self)
{
  g_return_val_if_fail (MODERATO_IS_SPAM_WAVE (self), NULL);
  return (const char * const *) self->message_ids->pdata;
}
