/* rumble-chat-api.c — one Rumble live chat: the object, its properties and models
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The connection is in rumble-chat-api-connection.c, applying events to the models in
 * rumble-chat-api-events.c, moderation in rumble-chat-api-actions.c.
 */
#define G_LOG_DOMAIN "rumble"

#include "config.h"

#include <string.h>

#include "rumble-chat-api-private.h"
#include "rumble-enums.h"
#include "rumble-error.h"
#include "rumble-id.h"

/* Reconnection: the first delay, the cap the jittered delays grow to, and how often a chat
 * that is not live (HTTP 204) is asked again. rumble_chat_api_set_backoff() changes them. */
#define BACKOFF_INITIAL_MS   1000
#define BACKOFF_MAX_MS       30000
#define OFFLINE_POLL_MS      30000

G_DEFINE_FINAL_TYPE (RumbleChatApi, rumble_chat_api, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STREAM_ID,
  PROP_STREAM_ID_B10,
  PROP_STREAM_ID_B36,
  PROP_CHAT_URL,
  PROP_SITE_URL,
  PROP_SOUP_SESSION,
  PROP_SESSION,
  PROP_USER_ID,
  PROP_HISTORY_LEN,
  PROP_MAX_USERS,
  PROP_SKIP_BACKLOG,
  PROP_STATE,
  PROP_LAST_ERROR,
  PROP_NEXT_RETRY,
  PROP_CAN_MODERATE,
  PROP_PINNED_MESSAGE,
  PROP_MESSAGE_LENGTH_MAX,
  PROP_RANTS_ENABLED,
  PROP_MESSAGES,
  PROP_USERS,
  PROP_CHANNELS,
  PROP_BADGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
guint rumble_chat_api_signals[RUMBLE_CHAT_API_N_SIGNALS];

/* ---- Object ------------------------------------------------------------------------- */

static gboolean
set_stream_id (RumbleChatApi *self,
               const char    *stream_id)
{
  guint64 value;
  gboolean has_letter = FALSE;

  if (stream_id == NULL)
    return FALSE;
  for (const char *p = stream_id; *p; p++)
    has_letter |= g_ascii_isalpha (*p);

  /* All digits = decimal (what popup URLs and users paste); letters = base 36. */
  if (has_letter ? !rumble_id_parse_b36 (stream_id, &value) : !rumble_id_parse_b10 (stream_id,
                                                                                    &value))
    return FALSE;
  if (value == 0)
    return FALSE;

  g_free (self->stream_id_b10);
  g_free (self->stream_id_b36);
  self->stream_id_b10 = rumble_id_to_b10 (value);
  self->stream_id_b36 = rumble_id_to_b36 (value);
  return TRUE;
}

static void
rumble_chat_api_dispose (GObject *object)
{
  RumbleChatApi *self = (RumbleChatApi *) object;

  rumble_chat_api_disconnect (self);

  G_OBJECT_CLASS (rumble_chat_api_parent_class)->dispose (object);
}

static void
rumble_chat_api_finalize (GObject *object)
{
  RumbleChatApi *self = (RumbleChatApi *) object;

  rumble_chat_api_events_clear (self);
  g_clear_pointer (&self->connect_tasks, g_ptr_array_unref);
  g_clear_pointer (&self->mute_lookups, g_hash_table_unref);
  g_clear_pointer (&self->sse, rumble_sse_parser_free);
  g_clear_pointer (&self->read_buffer, g_free);
  g_clear_error (&self->last_error);
  g_clear_object (&self->soup_session);
  g_free (self->stream_id_b10);
  g_free (self->stream_id_b36);
  g_free (self->chat_url);
  g_free (self->site_url);
  g_free (self->session);
  g_free (self->user_id);
  g_free (self->gap_anchor_id);

  G_OBJECT_CLASS (rumble_chat_api_parent_class)->finalize (object);
}

static void
rumble_chat_api_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RumbleChatApi *self = RUMBLE_CHAT_API (object);

  switch (prop_id)
    {
    case PROP_STREAM_ID_B10: g_value_set_string (value, self->stream_id_b10); break;
    case PROP_STREAM_ID_B36: g_value_set_string (value, self->stream_id_b36); break;
    case PROP_CHAT_URL: g_value_set_string (value, self->chat_url); break;
    case PROP_SITE_URL: g_value_set_string (value, self->site_url); break;
    case PROP_SOUP_SESSION:
      g_value_set_object (value, rumble_chat_api_get_soup_session (self));
      break;
    case PROP_SESSION: g_value_set_string (value, self->session); break;
    case PROP_USER_ID: g_value_set_string (value, self->user_id); break;
    case PROP_HISTORY_LEN: g_value_set_uint (value, self->history_len); break;
    case PROP_MAX_USERS: g_value_set_uint (value, self->max_users); break;
    case PROP_SKIP_BACKLOG: g_value_set_boolean (value, self->skip_backlog); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_LAST_ERROR: g_value_set_boxed (value, self->last_error); break;
    case PROP_NEXT_RETRY: g_value_set_int64 (value, self->next_retry); break;
    case PROP_CAN_MODERATE: g_value_set_boolean (value, self->can_moderate); break;
    case PROP_PINNED_MESSAGE: g_value_set_object (value, self->pinned_message); break;
    case PROP_MESSAGE_LENGTH_MAX: g_value_set_uint (value, self->message_length_max); break;
    case PROP_RANTS_ENABLED: g_value_set_boolean (value, self->rants_enabled); break;
    case PROP_MESSAGES: g_value_set_object (value, self->messages); break;
    case PROP_USERS: g_value_set_object (value, self->users); break;
    case PROP_CHANNELS: g_value_set_object (value, self->channels); break;
    case PROP_BADGES: g_value_set_object (value, self->badges); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rumble_chat_api_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RumbleChatApi *self = RUMBLE_CHAT_API (object);

  switch (prop_id)
    {
    case PROP_STREAM_ID:
      /* Construct-only; validated by rumble_chat_api_new(). */
      if (g_value_get_string (value) != NULL && !set_stream_id (self, g_value_get_string (value)))
        g_critical ("Invalid stream id");
      break;
    case PROP_CHAT_URL: rumble_chat_api_set_chat_url (self, g_value_get_string (value)); break;
    case PROP_SITE_URL: rumble_chat_api_set_site_url (self, g_value_get_string (value)); break;
    case PROP_SOUP_SESSION:
      rumble_chat_api_set_soup_session (self, g_value_get_object (value));
      break;
    case PROP_SESSION: rumble_chat_api_set_session (self, g_value_get_string (value)); break;
    case PROP_USER_ID: rumble_chat_api_set_user_id (self, g_value_get_string (value)); break;
    case PROP_HISTORY_LEN: rumble_chat_api_set_history_len (self, g_value_get_uint (value)); break;
    case PROP_MAX_USERS: rumble_chat_api_set_max_users (self, g_value_get_uint (value)); break;
    case PROP_SKIP_BACKLOG:
      rumble_chat_api_set_skip_backlog (self, g_value_get_boolean (value));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rumble_chat_api_class_init (RumbleChatApiClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = rumble_chat_api_dispose;
  object_class->finalize = rumble_chat_api_finalize;
  object_class->get_property = rumble_chat_api_get_property;
  object_class->set_property = rumble_chat_api_set_property;

  properties[PROP_STREAM_ID] =
    g_param_spec_string ("stream-id", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STREAM_ID_B10] = g_param_spec_string ("stream-id-b10", NULL, NULL, NULL, ro);
  properties[PROP_STREAM_ID_B36] = g_param_spec_string ("stream-id-b36", NULL, NULL, NULL, ro);
  properties[PROP_CHAT_URL] = g_param_spec_string ("chat-url", NULL, NULL, RUMBLE_DEFAULT_CHAT_URL,
                                                   rw);
  properties[PROP_SITE_URL] = g_param_spec_string ("site-url", NULL, NULL, RUMBLE_DEFAULT_SITE_URL,
                                                   rw);
  properties[PROP_SOUP_SESSION] = g_param_spec_object ("soup-session", NULL, NULL,
                                                       SOUP_TYPE_SESSION, rw);
  properties[PROP_SESSION] = g_param_spec_string ("session", NULL, NULL, NULL, rw);
  properties[PROP_USER_ID] = g_param_spec_string ("user-id", NULL, NULL, NULL, rw);
  properties[PROP_HISTORY_LEN] = g_param_spec_uint ("history-len", NULL, NULL, 1,
                                                    RUMBLE_HISTORY_LEN_MAX,
                                                    RUMBLE_DEFAULT_HISTORY_LEN, rw);
  properties[PROP_MAX_USERS] = g_param_spec_uint ("max-users", NULL, NULL, 1, G_MAXINT,
                                                  RUMBLE_DEFAULT_MAX_USERS, rw);
  properties[PROP_SKIP_BACKLOG] = g_param_spec_boolean ("skip-backlog", NULL, NULL, FALSE, rw);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, RUMBLE_TYPE_CONNECTION_STATE,
                                              RUMBLE_CONNECTION_DISCONNECTED, ro);
  properties[PROP_LAST_ERROR] = g_param_spec_boxed ("last-error", NULL, NULL, G_TYPE_ERROR, ro);
  properties[PROP_NEXT_RETRY] = g_param_spec_int64 ("next-retry", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_CAN_MODERATE] = g_param_spec_boolean ("can-moderate", NULL, NULL, FALSE, ro);
  properties[PROP_PINNED_MESSAGE] = g_param_spec_object ("pinned-message", NULL, NULL,
                                                         RUMBLE_TYPE_MESSAGE, ro);
  properties[PROP_MESSAGE_LENGTH_MAX] = g_param_spec_uint ("message-length-max", NULL, NULL,
                                                           0, G_MAXUINT,
                                                           RUMBLE_DEFAULT_MESSAGE_LENGTH_MAX, ro);
  properties[PROP_RANTS_ENABLED] = g_param_spec_boolean ("rants-enabled", NULL, NULL, FALSE, ro);
  properties[PROP_MESSAGES] = g_param_spec_object ("messages", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_USERS] = g_param_spec_object ("users", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_CHANNELS] = g_param_spec_object ("channels", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_BADGES] = g_param_spec_object ("badges", NULL, NULL, G_TYPE_LIST_MODEL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  rumble_chat_api_signals[RUMBLE_CHAT_API_SIGNAL_MESSAGE_RECEIVED] =
    g_signal_new ("message-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, RUMBLE_TYPE_MESSAGE);
  rumble_chat_api_signals[RUMBLE_CHAT_API_SIGNAL_MESSAGES_DELETED] =
    g_signal_new ("messages-deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRV, G_TYPE_BOOLEAN);
  rumble_chat_api_signals[RUMBLE_CHAT_API_SIGNAL_USERS_MUTED] =
    g_signal_new ("users-muted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRV);
  rumble_chat_api_signals[RUMBLE_CHAT_API_SIGNAL_RAID_CONFIRMED] =
    g_signal_new ("raid-confirmed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  rumble_chat_api_signals[RUMBLE_CHAT_API_SIGNAL_GIFT_PURCHASED] =
    g_signal_new ("gift-purchased", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, RUMBLE_TYPE_USER, G_TYPE_UINT);
  rumble_chat_api_signals[RUMBLE_CHAT_API_SIGNAL_LIVE_GATE] =
    g_signal_new ("live-gate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  rumble_chat_api_signals[RUMBLE_CHAT_API_SIGNAL_CONNECTION_LOST] =
    g_signal_new ("connection-lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
  rumble_chat_api_signals[RUMBLE_CHAT_API_SIGNAL_RECONNECTED] =
    g_signal_new ("reconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_UINT,
                  G_TYPE_BOOLEAN);
}

static void
rumble_chat_api_init (RumbleChatApi *self)
{
  self->chat_url = g_strdup (RUMBLE_DEFAULT_CHAT_URL);
  self->site_url = g_strdup (RUMBLE_DEFAULT_SITE_URL);
  self->history_len = RUMBLE_DEFAULT_HISTORY_LEN;
  self->backoff_initial_ms = BACKOFF_INITIAL_MS;
  self->backoff_max_ms = BACKOFF_MAX_MS;
  self->offline_poll_ms = OFFLINE_POLL_MS;
  self->connect_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  self->mute_lookups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  rumble_chat_api_events_init (self);
}

RumbleChatApi *
rumble_chat_api_new (const char *stream_id)
{
  g_autoptr(RumbleChatApi) probe = NULL;

  g_return_val_if_fail (stream_id != NULL, NULL);

  probe = g_object_new (RUMBLE_TYPE_CHAT_API, NULL);
  if (!set_stream_id (probe, stream_id))
    return NULL;
  return g_steal_pointer (&probe);
}

/* ---- Accessors ---------------------------------------------------------------------- */

const char *
rumble_chat_api_get_stream_id_b10 (RumbleChatApi *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), NULL);
  return self->stream_id_b10;
}

const char *
rumble_chat_api_get_stream_id_b36 (RumbleChatApi *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), NULL);
  return self->stream_id_b36;
}

static char *
strip_trailing_slash (const char *url)
{
  gsize len = strlen (url);

  while (len > 0 && url[len - 1] == '/')
    len--;
  return g_strndup (url, len);
}

const char *
rumble_chat_api_get_chat_url (RumbleChatApi *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), NULL);
  return self->chat_url;
}

void
rumble_chat_api_set_chat_url (RumbleChatApi *self,
                              const char    *chat_url)
{
  g_autofree char *url = NULL;

  g_return_if_fail (RUMBLE_IS_CHAT_API (self));

  url = strip_trailing_slash (chat_url != NULL ? chat_url : RUMBLE_DEFAULT_CHAT_URL);
  if (g_strcmp0 (url, self->chat_url) == 0)
    return;
  g_free (self->chat_url);
  self->chat_url = g_steal_pointer (&url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHAT_URL]);
}

const char *
rumble_chat_api_get_site_url (RumbleChatApi *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), NULL);
  return self->site_url;
}

void
rumble_chat_api_set_site_url (RumbleChatApi *self,
                              const char    *site_url)
{
  g_autofree char *url = NULL;

  g_return_if_fail (RUMBLE_IS_CHAT_API (self));

  url = strip_trailing_slash (site_url != NULL ? site_url : RUMBLE_DEFAULT_SITE_URL);
  if (g_strcmp0 (url, self->site_url) == 0)
    return;
  g_free (self->site_url);
  self->site_url = g_steal_pointer (&url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SITE_URL]);
}

SoupSession *
rumble_chat_api_get_soup_session (RumbleChatApi *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), NULL);

  /* No session timeout: the stream has none after its head, and finite requests
   * enforce their own 20 s deadline. */
  if (self->soup_session == NULL)
    self->soup_session =
      soup_session_new_with_options ("timeout", 0,
                                     "user-agent", "Moderato/" PACKAGE_VERSION " ",
                                     NULL);
  return self->soup_session;
}

void
rumble_chat_api_set_soup_session (RumbleChatApi *self,
                                  SoupSession   *session)
{
  g_return_if_fail (RUMBLE_IS_CHAT_API (self));
  g_return_if_fail (!session || SOUP_IS_SESSION (session));

  if (g_set_object (&self->soup_session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOUP_SESSION]);
}

const char *
rumble_chat_api_get_session (RumbleChatApi *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), NULL);
  return self->session;
}

void
rumble_chat_api_set_session (RumbleChatApi *self,
                             const char    *session)
{
  gboolean was_logged_in;

  g_return_if_fail (RUMBLE_IS_CHAT_API (self));

  if (session != NULL && session[0] == '\0')
    session = NULL;
  if (g_strcmp0 (session, self->session) == 0)
    return;

  was_logged_in = self->session != NULL;
  g_free (self->session);
  self->session = g_strdup (session);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);

  /* Mute records are the account's: another login (or none) does not see the same. */
  if (was_logged_in != (self->session != NULL))
    rumble_chat_api_mute_cache_forget (self, NULL);

  /* Logging in or out changes what the stream tells us (can_moderate): reopen it. A mere
   * renewal of the same login keeps the connection. */
  if (was_logged_in != (self->session != NULL) && self->connecting_wanted)
    {
      if (self->session == NULL)
        rumble_chat_api_set_can_moderate_internal (self, FALSE);
      rumble_chat_api_retry_now (self);
    }
}

const char *
rumble_chat_api_get_user_id (RumbleChatApi *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), NULL);
  return self->user_id;
}

void
rumble_chat_api_set_user_id (RumbleChatApi *self,
                             const char    *user_id)
{
  g_return_if_fail (RUMBLE_IS_CHAT_API (self));

  if (g_strcmp0 (user_id, self->user_id) == 0)
    return;
  g_free (self->user_id);
  self->user_id = g_strdup (user_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_ID]);
}

guint
rumble_chat_api_get_history_len (RumbleChatApi *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), 0);
  return self->history_len;
}

void
rumble_chat_api_set_history_len (RumbleChatApi *self,
                                 guint          history_len)
{
  g_return_if_fail (RUMBLE_IS_CHAT_API (self));
  g_return_if_fail (history_len > 0);

  if (history_len == self->history_len)
    return;
  self->history_len = history_len;

  rumble_chat_api_trim_history (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY_LEN]);
}

guint
rumble_chat_api_get_max_users (RumbleChatApi *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), 0);
  return self->max_users;
}

void
rumble_chat_api_set_max_users (RumbleChatApi *self,
                               guint          max_users)
{
  g_return_if_fail (RUMBLE_IS_CHAT_API (self));
  g_return_if_fail (max_users > 0 && max_users <= G_MAXINT);

  if (max_users == self->max_users)
    return;
  self->max_users = max_users;
  self->users_limit = self->channels_limit = max_users;
  rumble_chat_api_bound_users (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_USERS]);
}

/* A hold count per object in @holds (the table owns one ref per key). Returns the count
 * before the change; releasing an object not held changes nothing. */
static guint
change_hold (GHashTable *holds,
             gpointer    object,
             gboolean    hold)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (holds, object));

  if (!hold && count == 0)
    return 0;

  /* Inserting over a key unrefs the one passed. */
  if (hold)
    g_hash_table_insert (holds, g_object_ref (object), GUINT_TO_POINTER (count + 1));
  else if (count == 1)
    g_hash_table_remove (holds, object);
  else
    g_hash_table_insert (holds, g_object_ref (object), GUINT_TO_POINTER (count - 1));
  return count;
}

/* ---- Mute lookups ------------------------------------------------------------------- */

typedef struct {
  RumbleMuteLookup answer;
  gint64           at;      /* monotonic µs */
} MuteLookupEntry;

static gboolean
mute_lookup_expired (gpointer key,
                     gpointer value,
                     gpointer user_data)
{
  const MuteLookupEntry *entry = value;

  return entry->at + RUMBLE_MUTE_LOOKUP_CACHE_SECONDS * G_USEC_PER_SEC <= *(gint64 *) user_data;
}

RumbleMuteLookup
rumble_chat_api_mute_cache_get (RumbleChatApi *self,
                                const char    *name)
{
  g_autofree char *key = g_ascii_strdown (name, -1);
  const MuteLookupEntry *entry = g_hash_table_lookup (self->mute_lookups, key);
  gint64 now = g_get_monotonic_time ();

  if (entry == NULL || mute_lookup_expired (key, (gpointer) entry, &now))
    return RUMBLE_MUTE_LOOKUP_UNKNOWN;
  return entry->answer;
}

void
rumble_chat_api_mute_cache_put (RumbleChatApi    *self,
                                const char       *name,
                                RumbleMuteLookup  answer)
{
  MuteLookupEntry *entry;
  gint64 now = g_get_monotonic_time ();

  if (answer == RUMBLE_MUTE_LOOKUP_UNKNOWN)
    return;
  /* Bounded: drop the stale answers first, then everything (a full cache is rare). */
  if (g_hash_table_size (self->mute_lookups) >= RUMBLE_MUTE_LOOKUP_CACHE_MAX)
    g_hash_table_foreach_remove (self->mute_lookups, mute_lookup_expired, &now);
  if (g_hash_table_size (self->mute_lookups) >= RUMBLE_MUTE_LOOKUP_CACHE_MAX)
    g_hash_table_remove_all (self->mute_lookups);

  entry = g_new (MuteLookupEntry, 1);
  entry->answer = answer;
  entry->at = now;
  g_hash_table_insert (self->mute_lookups, g_ascii_strdown (name, -1), entry);
}

void
rumble_chat_api_mute_cache_forget (RumbleChatApi *self,
                                   const char    *name)
{
  g_autofree char *key = NULL;

  if (name == NULL)
    {
      g_hash_table_remove_all (self->mute_lookups);
      return;
    }
  key = g_ascii_strdown (name, -1);
  g_hash_table_remove (self->mute_lookups, key);
}

void
rumble_chat_api_hold_user (RumbleChatApi *self,
                           RumbleUser    *user)
{
  g_return_if_fail (RUMBLE_IS_CHAT_API (self));
  g_return_if_fail (RUMBLE_IS_USER (user));

  change_hold (self->user_holds, user, TRUE);
}

void
rumble_chat_api_release_user (RumbleChatApi *self,
                              RumbleUser    *user)
{
  guint count;

  g_return_if_fail (RUMBLE_IS_CHAT_API (self));
  g_return_if_fail (RUMBLE_IS_USER (user));

  count = change_hold (self->user_holds, user, FALSE);
  g_return_if_fail (count > 0);
}

void
rumble_chat_api_hold_message (RumbleChatApi *self,
                              RumbleMessage *message)
{
  g_return_if_fail (RUMBLE_IS_CHAT_API (self));
  g_return_if_fail (RUMBLE_IS_MESSAGE (message));

  change_hold (self->message_holds, message, TRUE);
}

void
rumble_chat_api_release_message (RumbleChatApi *self,
                                 RumbleMessage *message)
{
  guint count;

  g_return_if_fail (RUMBLE_IS_CHAT_API (self));
  g_return_if_fail (RUMBLE_IS_MESSAGE (message));

  count = change_hold (self->message_holds, message, FALSE);
  g_return_if_fail (count > 0);
  /* The last hold gone: catch up in one splice. */
  if (g_hash_table_size (self->message_holds) == 0)
    rumble_chat_api_trim_history (self, TRUE);
}

gboolean
rumble_chat_api_is_message_held (RumbleChatApi *self,
                                 RumbleMessage *message)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), FALSE);
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (message), FALSE);

  return g_hash_table_contains (self->message_holds, message);
}

void
rumble_chat_api_set_trim_slack (RumbleChatApi *self,
                                guint          slack)
{
  g_return_if_fail (RUMBLE_IS_CHAT_API (self));

  self->trim_slack = slack;
}

gboolean
rumble_chat_api_get_skip_backlog (RumbleChatApi *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), FALSE);
  return self->skip_backlog;
}

void
rumble_chat_api_set_skip_backlog (RumbleChatApi *self,
                                  gboolean       skip_backlog)
{
  g_return_if_fail (RUMBLE_IS_CHAT_API (self));

  skip_backlog = !!skip_backlog;
  if (self->skip_backlog == (guint) skip_backlog)
    return;
  self->skip_backlog = skip_backlog;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKIP_BACKLOG]);
}

void
rumble_chat_api_set_backoff (RumbleChatApi *self,
                             guint          initial_ms,
                             guint          max_ms,
                             guint          offline_poll_ms)
{
  g_return_if_fail (RUMBLE_IS_CHAT_API (self));
  g_return_if_fail (initial_ms > 0 && max_ms >= initial_ms);

  self->backoff_initial_ms = initial_ms;
  self->backoff_max_ms = max_ms;
  self->offline_poll_ms = MAX (offline_poll_ms, 1);
}

void
rumble_chat_api_set_idle_timeout (RumbleChatApi *self,
                                  guint          timeout_ms)
{
  g_return_if_fail (RUMBLE_IS_CHAT_API (self));

  self->idle_timeout_ms = timeout_ms;
}

void
rumble_chat_api_set_init_timeout (RumbleChatApi *self,
                                  guint          timeout_ms)
{
  g_return_if_fail (RUMBLE_IS_CHAT_API (self));

  self->init_timeout_ms = timeout_ms;
}

RumbleConnectionState
rumble_chat_api_get_state (RumbleChatApi *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), RUMBLE_CONNECTION_DISCONNECTED);
  return self->state;
}

const GError *
rumble_chat_api_get_last_error (RumbleChatApi *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), NULL);
  return self->last_error;
}

gint64
rumble_chat_api_get_next_retry (RumbleChatApi *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), 0);
  return self->next_retry;
}

gboolean
rumble_chat_api_get_can_moderate (RumbleChatApi *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), FALSE);
  return self->can_moderate;
}

void
rumble_chat_api_set_can_moderate_internal (RumbleChatApi *self,
                                           gboolean       can_moderate)
{
  can_moderate = !!can_moderate;
  if (self->can_moderate == (guint) can_moderate)
    return;
  self->can_moderate = can_moderate;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_MODERATE]);
}

RumbleMessage *
rumble_chat_api_get_pinned_message (RumbleChatApi *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), NULL);
  return self->pinned_message;
}

void
rumble_chat_api_set_pinned_internal (RumbleChatApi *self,
                                     RumbleMessage *message)
{
  if (g_set_object (&self->pinned_message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PINNED_MESSAGE]);
}

void
rumble_chat_api_notify_config (RumbleChatApi *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE_LENGTH_MAX]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RANTS_ENABLED]);
}

guint
rumble_chat_api_get_message_length_max (RumbleChatApi *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), 0);
  return self->message_length_max;
}

const RumbleRantLevel *
rumble_chat_api_get_rant_level (RumbleChatApi *self,
                                guint          price_cents)
{
  const RumbleRantLevel *found = NULL;

  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), NULL);

  if (self->rant_levels->len == 0)
    return NULL;
  found = &g_array_index (self->rant_levels, RumbleRantLevel, 0);
  for (guint i = 0; i < self->rant_levels->len; i++)
    {
      const RumbleRantLevel *level = &g_array_index (self->rant_levels, RumbleRantLevel, i);

      if (level->price_cents <= price_cents)
        found = level;
    }
  return found;
}

gboolean
rumble_chat_api_get_rants_enabled (RumbleChatApi *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), FALSE);
  return self->rants_enabled;
}

GListModel *
rumble_chat_api_get_messages (RumbleChatApi *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), NULL);
  return G_LIST_MODEL (self->messages);
}

GListModel *
rumble_chat_api_get_users (RumbleChatApi *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), NULL);
  return G_LIST_MODEL (self->users);
}

GListModel *
rumble_chat_api_get_channels (RumbleChatApi *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), NULL);
  return G_LIST_MODEL (self->channels);
}

GListModel *
rumble_chat_api_get_badges (RumbleChatApi *self)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), NULL);
  return G_LIST_MODEL (self->badges);
}

RumbleMessage *
rumble_chat_api_lookup_message (RumbleChatApi *self,
                                const char    *message_id)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), NULL);
  return message_id != NULL ? g_hash_table_lookup (self->message_by_id, message_id) : NULL;
}

RumbleUser *
rumble_chat_api_lookup_user (RumbleChatApi *self,
                             const char    *user_id)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), NULL);
  return user_id != NULL ? g_hash_table_lookup (self->user_by_id, user_id) : NULL;
}

RumbleUser *
rumble_chat_api_lookup_user_by_name (RumbleChatApi *self,
                                     const char    *username)
{
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), NULL);

  if (username == NULL)
    return NULL;
  /* Rare (CLI and user card): a scan is cheaper than keeping a second index current. */
  g_hash_table_iter_init (&iter, self->user_by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_strcmp0 (rumble_user_get_username (value), username) == 0)
      return value;
  return NULL;
}

RumbleChannel *
rumble_chat_api_lookup_channel (RumbleChatApi *self,
                                const char    *channel_id)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), NULL);
  return channel_id != NULL ? g_hash_table_lookup (self->channel_by_id, channel_id) : NULL;
}

RumbleBadge *
rumble_chat_api_lookup_badge (RumbleChatApi *self,
                              const char    *slug)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), NULL);
  return slug != NULL ? g_hash_table_lookup (self->badge_by_slug, slug) : NULL;
}

void
rumble_chat_api_notify_connection (RumbleChatApi               *self,
                                   RumbleChatApiConnectionProp  prop)
{
  static const guint prop_ids[] = {
    [RUMBLE_CHAT_API_PROP_STATE] = PROP_STATE,
    [RUMBLE_CHAT_API_PROP_LAST_ERROR] = PROP_LAST_ERROR,
    [RUMBLE_CHAT_API_PROP_NEXT_RETRY] = PROP_NEXT_RETRY,
  };

  g_assert (prop < G_N_ELEMENTS (prop_ids));
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_ids[prop]]);
}
