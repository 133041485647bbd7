/* rumble-message.c — one chat message
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rumble"

#include "config.h"

#include <string.h>

#include "rumble-enums.h"
#include "rumble-message-private.h"
#include "rumble-message.h"
#include "rumble-text.h"

/* Longest request id (our own echo of a sent message) kept. */
#define REQUEST_ID_MAX_LEN 128

struct _RumbleMessage
{
  GObject            parent_instance;

  char              *id;
  char              *user_id;
  char              *text;
  char              *channel_id;
  char              *request_id;
  RumbleUser        *user;
  RumbleChannel     *channel;
  gint64             time;
  gint64             rant_expires_on;
  gint64             raid_start;
  /* Rare parts live in one optional block to keep the common message small. */
  struct {
    char            *badge;
    char            *text;
    char            *gift_type;
    char            *gift_creator_user_id;
    char            *gift_creator_channel_id;
    guint            gift_total;
  }                 *notice;
  guint              rant_price_cents;
  guint              rant_duration;
  RumbleMessageKind  kind : 4;
  guint              deleted : 1;
  guint              deleted_here : 1;
};

G_DEFINE_FINAL_TYPE (RumbleMessage, rumble_message, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_TIME,
  PROP_USER_ID,
  PROP_TEXT,
  PROP_USER,
  PROP_CHANNEL_ID,
  PROP_CHANNEL,
  PROP_DISPLAY_NAME,
  PROP_IS_RANT,
  PROP_RANT_PRICE_CENTS,
  PROP_RANT_DURATION,
  PROP_RANT_EXPIRES_ON,
  PROP_IS_RAID,
  PROP_REQUEST_ID,
  PROP_DELETED,
  PROP_DELETED_HERE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rumble_message_finalize (GObject *object)
{
  RumbleMessage *self = (RumbleMessage *) object;

  g_free (self->id);
  g_free (self->user_id);
  g_free (self->text);
  g_free (self->channel_id);
  g_free (self->request_id);
  g_clear_object (&self->user);
  g_clear_object (&self->channel);
  if (self->notice != NULL)
    {
      g_free (self->notice->badge);
      g_free (self->notice->text);
      g_free (self->notice->gift_type);
      g_free (self->notice->gift_creator_user_id);
      g_free (self->notice->gift_creator_channel_id);
      g_free (self->notice);
    }

  G_OBJECT_CLASS (rumble_message_parent_class)->finalize (object);
}

static void
rumble_message_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RumbleMessage *self = RUMBLE_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_KIND: g_value_set_enum (value, self->kind); break;
    case PROP_TIME: g_value_set_int64 (value, self->time); break;
    case PROP_USER_ID: g_value_set_string (value, self->user_id); break;
    case PROP_TEXT: g_value_set_string (value, self->text); break;
    case PROP_USER: g_value_set_object (value, self->user); break;
    case PROP_CHANNEL_ID: g_value_set_string (value, self->channel_id); break;
    case PROP_CHANNEL: g_value_set_object (value, self->channel); break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, rumble_message_get_display_name (self));
      break;
    case PROP_IS_RANT: g_value_set_boolean (value, rumble_message_get_is_rant (self)); break;
    case PROP_RANT_PRICE_CENTS: g_value_set_uint (value, self->rant_price_cents); break;
    case PROP_RANT_DURATION: g_value_set_uint (value, self->rant_duration); break;
    case PROP_RANT_EXPIRES_ON:
      g_value_set_int64 (value, rumble_message_get_rant_expires_on (self));
      break;
    case PROP_IS_RAID: g_value_set_boolean (value, self->kind == RUMBLE_MESSAGE_RAID); break;
    case PROP_REQUEST_ID: g_value_set_string (value, self->request_id); break;
    case PROP_DELETED: g_value_set_boolean (value, self->deleted); break;
    case PROP_DELETED_HERE: g_value_set_boolean (value, self->deleted_here); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rumble_message_class_init (RumbleMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = rumble_message_finalize;
  object_class->get_property = rumble_message_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, RUMBLE_TYPE_MESSAGE_KIND,
                                             RUMBLE_MESSAGE_REGULAR, flags);
  properties[PROP_TIME] = g_param_spec_int64 ("time", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_USER_ID] = g_param_spec_string ("user-id", NULL, NULL, NULL, flags);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, flags);
  properties[PROP_USER] = g_param_spec_object ("user", NULL, NULL, RUMBLE_TYPE_USER, flags);
  properties[PROP_CHANNEL_ID] = g_param_spec_string ("channel-id", NULL, NULL, NULL, flags);
  properties[PROP_CHANNEL] = g_param_spec_object ("channel", NULL, NULL, RUMBLE_TYPE_CHANNEL,
                                                  flags);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  properties[PROP_IS_RANT] = g_param_spec_boolean ("is-rant", NULL, NULL, FALSE, flags);
  properties[PROP_RANT_PRICE_CENTS] = g_param_spec_uint ("rant-price-cents", NULL, NULL,
                                                         0, G_MAXUINT, 0, flags);
  properties[PROP_RANT_DURATION] = g_param_spec_uint ("rant-duration", NULL, NULL,
                                                      0, G_MAXUINT, 0, flags);
  properties[PROP_RANT_EXPIRES_ON] = g_param_spec_int64 ("rant-expires-on", NULL, NULL,
                                                         G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_IS_RAID] = g_param_spec_boolean ("is-raid", NULL, NULL, FALSE, flags);
  properties[PROP_REQUEST_ID] = g_param_spec_string ("request-id", NULL, NULL, NULL, flags);
  properties[PROP_DELETED] = g_param_spec_boolean ("deleted", NULL, NULL, FALSE, flags);
  properties[PROP_DELETED_HERE] = g_param_spec_boolean ("deleted-here", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rumble_message_init (RumbleMessage *self)
{
}

/* The text of the `blocks`, gathered only while it fits in @max_bytes (and a character). */
static char *
text_from_blocks (JsonArray *blocks,
                  gsize      max_bytes)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = json_array_get_length (blocks);

  for (guint i = 0; i < n && text->len <= max_bytes; i++)
    {
      JsonNode *node = json_array_get_element (blocks, i);
      JsonObject *block, *data;
      const char *piece;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      block = json_node_get_object (node);
      /* Other block types are undocumented; their `text` is still the best fallback. */
      data = rumble_json_get_object (block, "data");
      piece = data != NULL ? rumble_json_get_string (data, "text") : NULL;
      if (piece != NULL)
        g_string_append_len (text, piece, MIN (strlen (piece), max_bytes + 4 - text->len));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
ensure_notice (RumbleMessage *self)
{
  if (self->notice == NULL)
    self->notice = g_malloc0 (sizeof *self->notice);
}

/* A timestamp member: TRUE when missing or null (*out_time untouched) or a time within
 * RUMBLE_TIME_MAX; FALSE for anything else. */
static gboolean
get_time (JsonObject *object,
          const char *member,
          gint64     *out_time)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *text = rumble_json_get_string (object, member);
  gint64 time;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (text == NULL || !rumble_parse_timestamp (text, &time) || time < 0 || time >= RUMBLE_TIME_MAX)
    return FALSE;
  *out_time = time;
  return TRUE;
}

/* Reads the numbers and kind of a message; FALSE when one is not a sane number. */
static gboolean
read_kind (RumbleMessage    *self,
           JsonObject       *object,
           gsize             text_max,
           RumbleEventTally *tally)
{
  JsonObject *rant, *notification, *raid, *gift;
  gint64 v;

  self->rant_expires_on = self->time;
  if ((rant = rumble_json_get_object (object, "rant")) != NULL)
    {
      const char *expires = rumble_json_get_string (rant, "expires_on");

      self->kind = RUMBLE_MESSAGE_RANT;
      /* A rant without its price would read as a $0.00 one. */
      v = -1;
      if (!rumble_json_get_bounded_int (rant, "price_cents", 0, RUMBLE_PRICE_CENTS_MAX, &v) ||
          v < 0)
        return FALSE;
      self->rant_price_cents = (guint) v;
      /* Seconds, as the data shows (PROTOCOL.md §5.6.1), whatever one type comment says. */
      v = 0;
      if (!rumble_json_get_bounded_int (rant, "duration", 0, RUMBLE_DURATION_MAX, &v))
        return FALSE;
      self->rant_duration = (guint) v;
      if (expires == NULL || !rumble_parse_timestamp (expires, &self->rant_expires_on))
        self->rant_expires_on = self->time + self->rant_duration;
    }

  if ((notification = rumble_json_get_object (object, "notification")) != NULL)
    {
      ensure_notice (self);
      self->notice->badge = rumble_json_dup_text (notification, "badge", RUMBLE_NAME_MAX_BYTES,
                                                  tally);
      self->notice->text = rumble_json_dup_text (notification, "text", text_max, tally);
      self->kind = RUMBLE_MESSAGE_SUBSCRIPTION;
    }

  if ((gift = rumble_json_get_object (object, "gift_purchase_notification")) != NULL)
    {
      ensure_notice (self);
      v = 0;
      if (!rumble_json_get_bounded_int (gift, "total_gifts", 0, RUMBLE_GIFT_TOTAL_MAX, &v))
        return FALSE;
      self->notice->gift_total = (guint) v;
      self->notice->gift_type = rumble_json_dup_text (gift, "gift_type", RUMBLE_NAME_MAX_BYTES,
                                                      tally);
      self->notice->gift_creator_user_id = rumble_json_dup_id (gift, "creator_user_id");
      self->notice->gift_creator_channel_id = rumble_json_dup_id (gift, "creator_channel_id");
      self->kind = RUMBLE_MESSAGE_GIFT;
    }

  if ((raid = rumble_json_get_object (object, "raid_notification")) != NULL)
    {
      if (!rumble_json_get_bounded_int (raid, "start_ts", 0, RUMBLE_TIME_MAX - 1,
                                        &self->raid_start))
        return FALSE;
      self->kind = RUMBLE_MESSAGE_RAID;
    }

  return TRUE;
}

RumbleMessage *
rumble_message_new_from_json (JsonObject       *object,
                              const char       *request_id,
                              gsize             text_max,
                              RumbleEventTally *tally)
{
  g_autofree char *id = rumble_json_dup_id (object, "id");
  g_autoptr(RumbleMessage) self = NULL;
  JsonArray *blocks;

  if (id == NULL)
    return NULL;

  self = g_object_new (RUMBLE_TYPE_MESSAGE, NULL);
  self->id = g_steal_pointer (&id);
  if (!get_time (object, "time", &self->time) || !read_kind (self, object, text_max, tally))
    return NULL;

  self->user_id = rumble_json_dup_id (object, "user_id");
  self->channel_id = rumble_json_dup_id (object, "channel_id");
  if (request_id != NULL && request_id[0] != '\0' && strlen (request_id) <= REQUEST_ID_MAX_LEN)
    self->request_id = g_strdup (request_id);

  if (rumble_json_get_string (object, "text") != NULL)
    self->text = rumble_json_dup_text (object, "text", text_max, tally);
  else if ((blocks = rumble_json_get_array (object, "blocks")) != NULL)
    {
      g_autofree char *joined = text_from_blocks (blocks, text_max);
      gboolean truncated;

      self->text = rumble_text_dup_bounded (joined, text_max, &truncated);
      if (truncated && tally != NULL)
        tally->n_truncated++;
    }
  else
    self->text = g_strdup ("");

  return g_steal_pointer (&self);
}

void
rumble_message_set_user (RumbleMessage *self,
                         RumbleUser    *user)
{
  g_return_if_fail (RUMBLE_IS_MESSAGE (self));

  if (g_set_object (&self->user, user))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
    }
}

void
rumble_message_set_channel (RumbleMessage *self,
                            RumbleChannel *channel)
{
  g_return_if_fail (RUMBLE_IS_MESSAGE (self));

  if (g_set_object (&self->channel, channel))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
    }
}

void
rumble_message_set_deleted (RumbleMessage *self,
                            gboolean       deleted)
{
  g_return_if_fail (RUMBLE_IS_MESSAGE (self));

  deleted = !!deleted;
  if (self->deleted == (guint) deleted)
    return;
  self->deleted = deleted;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETED]);
}

void
rumble_message_set_deleted_here (RumbleMessage *self)
{
  g_return_if_fail (RUMBLE_IS_MESSAGE (self));

  if (self->deleted_here)
    return;
  self->deleted_here = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETED_HERE]);
}

gboolean
rumble_message_get_deleted_here (RumbleMessage *self)
{
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (self), FALSE);

  return self->deleted_here;
}

RumbleMessageKind
rumble_message_get_kind (RumbleMessage *self)
{
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (self), RUMBLE_MESSAGE_REGULAR);
  return self->kind;
}

const char *
rumble_message_get_id (RumbleMessage *self)
{
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (self), NULL);
  return self->id;
}

gint64
rumble_message_get_time (RumbleMessage *self)
{
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (self), 0);
  return self->time;
}

const char *
rumble_message_get_user_id (RumbleMessage *self)
{
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (self), NULL);
  return self->user_id;
}

const char *
rumble_message_get_text (RumbleMessage *self)
{
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (self), "");
  return self->text;
}

RumbleUser *
rumble_message_get_user (RumbleMessage *self)
{
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (self), NULL);
  return self->user;
}

const char *
rumble_message_get_channel_id (RumbleMessage *self)
{
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (self), NULL);
  return self->channel_id;
}

RumbleChannel *
rumble_message_get_channel (RumbleMessage *self)
{
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (self), NULL);
  return self->channel;
}

const char *
rumble_message_get_display_name (RumbleMessage *self)
{
  const char *name = NULL;

  g_return_val_if_fail (RUMBLE_IS_MESSAGE (self), NULL);

  if (self->channel != NULL)
    name = rumble_channel_get_name (self->channel);
  if (name == NULL && self->user != NULL)
    name = rumble_user_get_username (self->user);
  if (name == NULL)
    name = self->user_id;
  return name != NULL ? name : "";
}

gboolean
rumble_message_get_is_rant (RumbleMessage *self)
{
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (self), FALSE);
  return self->kind == RUMBLE_MESSAGE_RANT;
}

guint
rumble_message_get_rant_price_cents (RumbleMessage *self)
{
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (self), 0);
  return self->rant_price_cents;
}

guint
rumble_message_get_rant_duration (RumbleMessage *self)
{
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (self), 0);
  return self->rant_duration;
}

gint64
rumble_message_get_rant_expires_on (RumbleMessage *self)
{
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (self), 0);
  return self->rant_expires_on;
}

gboolean
rumble_message_get_is_raid (RumbleMessage *self)
{
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (self), FALSE);
  return self->kind == RUMBLE_MESSAGE_RAID;
}

gint64
rumble_message_get_raid_start (RumbleMessage *self)
{
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (self), 0);
  return self->raid_start;
}

const char *
rumble_message_get_notification_badge (RumbleMessage *self)
{
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (self), NULL);
  return self->notice != NULL ? self->notice->badge : NULL;
}

const char *
rumble_message_get_notification_text (RumbleMessage *self)
{
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (self), NULL);
  return self->notice != NULL ? self->notice->text : NULL;
}

gboolean
rumble_message_get_is_gift (RumbleMessage *self)
{
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (self), FALSE);
  return self->notice != NULL && self->notice->gift_type != NULL;
}

const char *
rumble_message_get_gift_type (RumbleMessage *self)
{
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (self), NULL);
  return self->notice != NULL ? self->notice->gift_type : NULL;
}

guint
rumble_message_get_gift_total (RumbleMessage *self)
{
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (self), 0);
  return self->notice != NULL ? self->notice->gift_total : 0;
}

const char *
rumble_message_get_gift_creator_user_id (RumbleMessage *self)
{
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (self), NULL);
  return self->notice != NULL ? self->notice->gift_creator_user_id : NULL;
}

const char *
rumble_message_get_gift_creator_channel_id (RumbleMessage *self)
{
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (self), NULL);
  return self->notice != NULL ? self->notice->gift_creator_channel_id : NULL;
}

const char *
rumble_message_get_request_id (RumbleMessage *self)
{
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (self), NULL);
  return self->request_id;
}

gboolean
rumble_message_get_deleted (RumbleMessage *self)
{
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (self), FALSE);
  return self->deleted;
}
