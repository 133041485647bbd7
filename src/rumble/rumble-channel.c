/* rumble-channel.c — a channel identity a user can post as
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rumble"

#include "config.h"

#include "rumble-channel-private.h"
#include "rumble-channel.h"

struct _RumbleChannel
{
  GObject  parent_instance;

  char    *id;
  char    *name;
  char    *link;
  char    *avatar_url;
  char    *user_id;
  gboolean is_appearing;
  guint64  touched;       /* the chat's activity clock when last seen in an event */
};

G_DEFINE_FINAL_TYPE (RumbleChannel, rumble_channel, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_LINK,
  PROP_AVATAR_URL,
  PROP_USER_ID,
  PROP_IS_APPEARING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rumble_channel_finalize (GObject *object)
{
  RumbleChannel *self = (RumbleChannel *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->link);
  g_free (self->avatar_url);
  g_free (self->user_id);

  G_OBJECT_CLASS (rumble_channel_parent_class)->finalize (object);
}

static void
rumble_channel_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RumbleChannel *self = RUMBLE_CHANNEL (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_LINK: g_value_set_string (value, self->link); break;
    case PROP_AVATAR_URL: g_value_set_string (value, self->avatar_url); break;
    case PROP_USER_ID: g_value_set_string (value, self->user_id); break;
    case PROP_IS_APPEARING: g_value_set_boolean (value, self->is_appearing); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rumble_channel_class_init (RumbleChannelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = rumble_channel_finalize;
  object_class->get_property = rumble_channel_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_LINK] = g_param_spec_string ("link", NULL, NULL, NULL, flags);
  properties[PROP_AVATAR_URL] = g_param_spec_string ("avatar-url", NULL, NULL, NULL, flags);
  properties[PROP_USER_ID] = g_param_spec_string ("user-id", NULL, NULL, NULL, flags);
  properties[PROP_IS_APPEARING] = g_param_spec_boolean ("is-appearing", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rumble_channel_init (RumbleChannel *self)
{
}

static void
set_string (RumbleChannel *self,
            char         **field,
            const char    *value,
            guint          prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

RumbleChannel *
rumble_channel_new_from_json (JsonObject       *object,
                              RumbleEventTally *tally)
{
  g_autofree char *id = rumble_json_dup_id (object, "id");
  RumbleChannel *self;

  if (id == NULL)
    return NULL;

  self = g_object_new (RUMBLE_TYPE_CHANNEL, NULL);
  self->id = g_steal_pointer (&id);
  rumble_channel_update_from_json (self, object, tally);
  return self;
}

void
rumble_channel_update_from_json (RumbleChannel    *self,
                                 JsonObject       *object,
                                 RumbleEventTally *tally)
{
  g_return_if_fail (RUMBLE_IS_CHANNEL (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (json_object_has_member (object, "username"))
    {
      g_autofree char *name = rumble_json_dup_text (object, "username", RUMBLE_NAME_MAX_BYTES,
                                                    tally);

      set_string (self, &self->name, name, PROP_NAME);
    }
  if (json_object_has_member (object, "link"))
    {
      g_autofree char *link = rumble_json_dup_url (object, "link", tally);

      set_string (self, &self->link, link, PROP_LINK);
    }
  if (json_object_has_member (object, "image.1"))
    {
      g_autofree char *avatar_url = rumble_json_dup_url (object, "image.1", tally);

      set_string (self, &self->avatar_url, avatar_url, PROP_AVATAR_URL);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
rumble_channel_set_owner (RumbleChannel *self,
                          const char    *user_id,
                          gboolean       is_appearing)
{
  g_return_if_fail (RUMBLE_IS_CHANNEL (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->user_id, user_id, PROP_USER_ID);
  if (self->is_appearing != !!is_appearing)
    {
      self->is_appearing = !!is_appearing;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_APPEARING]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
rumble_channel_get_id (RumbleChannel *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHANNEL (self), NULL);
  return self->id;
}

const char *
rumble_channel_get_name (RumbleChannel *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHANNEL (self), NULL);
  return self->name;
}

const char *
rumble_channel_get_link (RumbleChannel *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHANNEL (self), NULL);
  return self->link;
}

const char *
rumble_channel_get_avatar_url (RumbleChannel *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHANNEL (self), NULL);
  return self->avatar_url;
}

const char *
rumble_channel_get_user_id (RumbleChannel *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHANNEL (self), NULL);
  return self->user_id;
}

gboolean
rumble_channel_get_is_appearing (RumbleChannel *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHANNEL (self), FALSE);
  return self->is_appearing;
}

void
rumble_channel_set_touched (RumbleChannel *self,
                            guint64        stamp)
{
  self->touched = stamp;
}

guint64
rumble_channel_get_touched (RumbleChannel *self)
{
  return self->touched;
}
