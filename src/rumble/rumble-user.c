/* rumble-user.c — a chatter, as seen in the chat's `users[]`
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rumble"

#include "config.h"

#include <string.h>

#include "rumble-badge-private.h"
#include "rumble-user-private.h"
#include "rumble-user.h"

/* Most badges kept per user. */
#define BADGES_PER_USER_MAX 32

struct _RumbleUser
{
  GObject   parent_instance;

  char     *id;
  char     *username;
  char     *link;
  char     *color;
  char    **badges;
  char     *avatar_url;
  char     *channel_id;
  gint64    first_seen;
  gint64    last_seen;
  guint     message_count;
  guint64   touched;       /* the chat's activity clock when last seen in an event */
  gint64    muted_until;   /* with RUMBLE_MUTE_TERM_UNTIL */
  guint     mute_term;     /* RumbleMuteTerm */
  guint     is_follower : 1;
  guint     muted : 1;
};

G_DEFINE_FINAL_TYPE (RumbleUser, rumble_user, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_USERNAME,
  PROP_LINK,
  PROP_IS_FOLLOWER,
  PROP_COLOR,
  PROP_BADGES,
  PROP_IS_STAFF,
  PROP_AVATAR_URL,
  PROP_CHANNEL_ID,
  PROP_MUTED,
  PROP_MESSAGE_COUNT,
  PROP_FIRST_SEEN,
  PROP_LAST_SEEN,
  PROP_MUTE_TERM,
  PROP_MUTED_UNTIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static const char * const empty_strv[] = { NULL };

static void
rumble_user_finalize (GObject *object)
{
  RumbleUser *self = (RumbleUser *) object;

  g_free (self->id);
  g_free (self->username);
  g_free (self->link);
  g_free (self->color);
  g_strfreev (self->badges);
  g_free (self->avatar_url);
  g_free (self->channel_id);

  G_OBJECT_CLASS (rumble_user_parent_class)->finalize (object);
}

static void
rumble_user_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RumbleUser *self = RUMBLE_USER (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_USERNAME: g_value_set_string (value, self->username); break;
    case PROP_LINK: g_value_set_string (value, self->link); break;
    case PROP_IS_FOLLOWER: g_value_set_boolean (value, self->is_follower); break;
    case PROP_COLOR: g_value_set_string (value, self->color); break;
    case PROP_BADGES: g_value_set_boxed (value, rumble_user_get_badges (self)); break;
    case PROP_IS_STAFF: g_value_set_boolean (value, rumble_user_get_is_staff (self)); break;
    case PROP_AVATAR_URL: g_value_set_string (value, self->avatar_url); break;
    case PROP_CHANNEL_ID: g_value_set_string (value, self->channel_id); break;
    case PROP_MUTED: g_value_set_boolean (value, self->muted); break;
    case PROP_MESSAGE_COUNT: g_value_set_uint (value, self->message_count); break;
    case PROP_FIRST_SEEN: g_value_set_int64 (value, self->first_seen); break;
    case PROP_LAST_SEEN: g_value_set_int64 (value, self->last_seen); break;
    case PROP_MUTE_TERM: g_value_set_uint (value, self->mute_term); break;
    case PROP_MUTED_UNTIL: g_value_set_int64 (value, self->muted_until); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rumble_user_class_init (RumbleUserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = rumble_user_finalize;
  object_class->get_property = rumble_user_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, NULL, flags);
  properties[PROP_LINK] = g_param_spec_string ("link", NULL, NULL, NULL, flags);
  properties[PROP_IS_FOLLOWER] = g_param_spec_boolean ("is-follower", NULL, NULL, FALSE, flags);
  properties[PROP_COLOR] = g_param_spec_string ("color", NULL, NULL, NULL, flags);
  properties[PROP_BADGES] = g_param_spec_boxed ("badges", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_IS_STAFF] = g_param_spec_boolean ("is-staff", NULL, NULL, FALSE, flags);
  properties[PROP_AVATAR_URL] = g_param_spec_string ("avatar-url", NULL, NULL, NULL, flags);
  properties[PROP_CHANNEL_ID] = g_param_spec_string ("channel-id", NULL, NULL, NULL, flags);
  properties[PROP_MUTED] = g_param_spec_boolean ("muted", NULL, NULL, FALSE, flags);
  properties[PROP_MESSAGE_COUNT] = g_param_spec_uint ("message-count", NULL, NULL,
                                                      0, G_MAXUINT, 0, flags);
  properties[PROP_FIRST_SEEN] = g_param_spec_int64 ("first-seen", NULL, NULL,
                                                    0, G_MAXINT64, 0, flags);
  properties[PROP_LAST_SEEN] = g_param_spec_int64 ("last-seen", NULL, NULL,
                                                   0, G_MAXINT64, 0, flags);
  properties[PROP_MUTE_TERM] = g_param_spec_uint ("mute-term", NULL, NULL,
                                                  RUMBLE_MUTE_TERM_UNKNOWN,
                                                  RUMBLE_MUTE_TERM_FOREVER,
                                                  RUMBLE_MUTE_TERM_UNKNOWN, flags);
  properties[PROP_MUTED_UNTIL] = g_param_spec_int64 ("muted-until", NULL, NULL,
                                                     0, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rumble_user_init (RumbleUser *self)
{
}

RumbleUser *
rumble_user_new (const char *id)
{
  RumbleUser *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (RUMBLE_TYPE_USER, NULL);
  self->id = g_strdup (id);
  return self;
}

/* Accepts "#rrggbb", "rrggbb", "#rgb" and "rgb"; returns "#rrggbb" in lowercase or NULL. */
static char *
normalize_color (const char *text)
{
  gsize len;
  char out[8];

  if (text == NULL)
    return NULL;
  if (text[0] == '#')
    text++;
  len = strlen (text);
  if (len != 6 && len != 3)
    return NULL;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (text[i]))
      return NULL;

  out[0] = '#';
  for (gsize i = 0; i < 6; i++)
    out[i + 1] = g_ascii_tolower (len == 6 ? text[i] : text[i / 2]);
  out[7] = '\0';
  return g_strdup (out);
}

static char **
dup_badges (JsonObject *object)
{
  JsonArray *array = rumble_json_get_array (object, "badges");
  g_autoptr(GStrvBuilder) builder = NULL;
  guint n;

  if (array == NULL)
    return NULL;

  builder = g_strv_builder_new ();
  n = MIN (json_array_get_length (array), BADGES_PER_USER_MAX);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *slug;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;
      slug = json_node_get_string (node);
      if (slug != NULL && slug[0] != '\0' && strlen (slug) <= RUMBLE_BADGE_SLUG_MAX_LEN)
        g_strv_builder_add (builder, slug);
    }
  return g_strv_builder_end (builder);
}

/* Takes @value; TRUE when it differs from what @field held. */
static gboolean
replace_string (char **field,
                char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    {
      g_free (value);
      return FALSE;
    }
  g_free (*field);
  *field = value;
  return TRUE;
}

static gboolean
strv_equal0 (char * const *a,
             char * const *b)
{
  if (a == NULL || b == NULL)
    return (a == NULL || a[0] == NULL) && (b == NULL || b[0] == NULL);
  return g_strv_equal ((const char * const *) a, (const char * const *) b);
}

RumbleUser *
rumble_user_new_from_json (JsonObject *object)
{
  g_autofree char *id = rumble_json_dup_id (object, "id");
  RumbleUser *self;

  if (id == NULL)
    return NULL;

  self = rumble_user_new (id);
  rumble_user_update_from_json (self, object, NULL);
  return self;
}

static void
set_channel_id (RumbleUser *self,
                const char *channel_id)
{
  if (replace_string (&self->channel_id, g_strdup (channel_id)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL_ID]);
}

void
rumble_user_update_from_json (RumbleUser       *self,
                              JsonObject       *object,
                              RumbleEventTally *tally)
{
  gboolean staff_before;

  g_return_if_fail (RUMBLE_IS_USER (self));

  staff_before = rumble_user_get_is_staff (self);
  g_object_freeze_notify (G_OBJECT (self));

  /* A field missing from a later appearance keeps its known value; Rumble's event
   * payloads are not all equally complete (gift events omit `link`, for example). */
  if (json_object_has_member (object, "username") &&
      replace_string (&self->username,
                      rumble_json_dup_text (object, "username", RUMBLE_NAME_MAX_BYTES, tally)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);

  if (json_object_has_member (object, "link") &&
      replace_string (&self->link, rumble_json_dup_url (object, "link", tally)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINK]);

  if (json_object_has_member (object, "is_follower"))
    {
      gboolean follower = rumble_json_get_bool (object, "is_follower", FALSE);

      if (follower != self->is_follower)
        {
          self->is_follower = follower;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_FOLLOWER]);
        }
    }

  if (json_object_has_member (object, "color") &&
      replace_string (&self->color, normalize_color (rumble_json_get_string (object, "color"))))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR]);

  if (json_object_has_member (object, "image.1") &&
      replace_string (&self->avatar_url, rumble_json_dup_url (object, "image.1", tally)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVATAR_URL]);

  if (json_object_has_member (object, "badges"))
    {
      char **badges = dup_badges (object);

      if (!strv_equal0 (badges, self->badges))
        {
          g_strfreev (self->badges);
          self->badges = g_steal_pointer (&badges);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BADGES]);
          if (staff_before != rumble_user_get_is_staff (self))
            g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_STAFF]);
        }
      g_strfreev (badges);
    }

  if (json_object_has_member (object, "channel_id"))
    {
      g_autofree char *channel_id = rumble_json_dup_id (object, "channel_id");

      set_channel_id (self, channel_id);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

void
rumble_user_set_muted (RumbleUser *self,
                       gboolean    muted)
{
  g_return_if_fail (RUMBLE_IS_USER (self));

  muted = !!muted;
  if (self->muted == (guint) muted)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  self->muted = muted;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
  if (!muted)
    rumble_user_set_mute_term (self, RUMBLE_MUTE_TERM_UNKNOWN, 0);
  g_object_thaw_notify (G_OBJECT (self));
}

void
rumble_user_set_mute_term (RumbleUser     *self,
                           RumbleMuteTerm  term,
                           gint64          until)
{
  g_return_if_fail (RUMBLE_IS_USER (self));
  g_return_if_fail (term <= RUMBLE_MUTE_TERM_FOREVER);

  if (term != RUMBLE_MUTE_TERM_UNTIL)
    until = 0;
  g_object_freeze_notify (G_OBJECT (self));
  if (self->mute_term != term)
    {
      self->mute_term = term;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTE_TERM]);
    }
  if (self->muted_until != until)
    {
      self->muted_until = until;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED_UNTIL]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}


void
rumble_user_record_message (RumbleUser *self,
                            gint64      time)
{
  g_return_if_fail (RUMBLE_IS_USER (self));

  g_object_freeze_notify (G_OBJECT (self));
  self->message_count++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE_COUNT]);
  if (self->first_seen == 0 || time < self->first_seen)
    {
      self->first_seen = time;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_SEEN]);
    }
  if (time > self->last_seen)
    {
      self->last_seen = time;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SEEN]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
rumble_user_get_id (RumbleUser *self)
{
  g_return_val_if_fail (RUMBLE_IS_USER (self), NULL);
  return self->id;
}

const char *
rumble_user_get_username (RumbleUser *self)
{
  g_return_val_if_fail (RUMBLE_IS_USER (self), NULL);
  return self->username;
}

const char *
rumble_user_get_link (RumbleUser *self)
{
  g_return_val_if_fail (RUMBLE_IS_USER (self), NULL);
  return self->link;
}

gboolean
rumble_user_get_is_follower (RumbleUser *self)
{
  g_return_val_if_fail (RUMBLE_IS_USER (self), FALSE);
  return self->is_follower;
}

const char *
rumble_user_get_color (RumbleUser *self)
{
  g_return_val_if_fail (RUMBLE_IS_USER (self), NULL);
  return self->color;
}

const char * const *
rumble_user_get_badges (RumbleUser *self)
{
  g_return_val_if_fail (RUMBLE_IS_USER (self), empty_strv);
  return self->badges != NULL ? (const char * const *) self->badges : empty_strv;
}

gboolean
rumble_user_has_badge (RumbleUser *self,
                       const char *slug)
{
  g_return_val_if_fail (RUMBLE_IS_USER (self), FALSE);
  return self->badges != NULL && g_strv_contains ((const char * const *) self->badges, slug);
}

gboolean
rumble_user_get_is_staff (RumbleUser *self)
{
  return rumble_user_has_badge (self, "admin") || rumble_user_has_badge (self, "moderator");
}

const char *
rumble_user_get_avatar_url (RumbleUser *self)
{
  g_return_val_if_fail (RUMBLE_IS_USER (self), NULL);
  return self->avatar_url;
}

const char *
rumble_user_get_channel_id (RumbleUser *self)
{
  g_return_val_if_fail (RUMBLE_IS_USER (self), NULL);
  return self->channel_id;
}

RumbleMuteTerm
rumble_user_get_mute_term (RumbleUser *self)
{
  g_return_val_if_fail (RUMBLE_IS_USER (self), RUMBLE_MUTE_TERM_UNKNOWN);

  return self->mute_term;
}

gint64
rumble_user_get_muted_until (RumbleUser *self)
{
  g_return_val_if_fail (RUMBLE_IS_USER (self), 0);

  return self->muted_until;
}

gboolean
rumble_user_get_muted (RumbleUser *self)
{
  g_return_val_if_fail (RUMBLE_IS_USER (self), FALSE);
  return self->muted;
}

guint
rumble_user_get_message_count (RumbleUser *self)
{
  g_return_val_if_fail (RUMBLE_IS_USER (self), 0);
  return self->message_count;
}

gint64
rumble_user_get_first_seen (RumbleUser *self)
{
  g_return_val_if_fail (RUMBLE_IS_USER (self), 0);
  return self->first_seen;
}

gint64
rumble_user_get_last_seen (RumbleUser *self)
{
  g_return_val_if_fail (RUMBLE_IS_USER (self), 0);
  return self->last_seen;
}

void
rumble_user_set_touched (RumbleUser *self,
                         guint64     stamp)
{
  self->touched = stamp;
}

guint64
rumble_user_get_touched (RumbleUser *self)
{
  return self->touched;
}
