/* rumble-chat-api.c — one Rumble live chat: properties, models and the SSE connection
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The connection follows PROTOCOL.md §14.2: a 20 s deadline for the response head and no
 * idle timeout after it; transport errors, 408, 429 and 5xx are retried with full-jitter
 * exponential back-off (Retry-After honoured, reset only after a valid `init`); 204 means
 * the chat is not live and is polled again; after a reconnect the new `init` is merged by
 * message id (rumble-chat-api-events.c).
 */
#define G_LOG_DOMAIN "rumble"

#include "config.h"

#include <string.h>

#include "rumble-chat-api-private.h"
#include "rumble-enums.h"
#include "rumble-error.h"
#include "rumble-http-private.h"
#include "rumble-id.h"
#include "rumble-text.h"

#define READ_BUFFER_SIZE     (64 * 1024)
#define HEAD_TIMEOUT_S       20
#define FIRST_FAILURES_ERROR 3
#define MAX_RETRY_AFTER_S    600

/* Reconnection: the first delay, the cap the jittered delays grow to, and how often a chat
 * that is not live (HTTP 204) is asked again. rumble_chat_api_set_backoff() changes them. */
#define BACKOFF_INITIAL_MS   1000
#define BACKOFF_MAX_MS       30000
#define OFFLINE_POLL_MS      30000
/* After an HTTP error not worth a quick retry (not 408, 429 or 5xx), the backoff starts as
 * if this many attempts had failed: at its cap. */
#define SLOW_RETRY_ATTEMPT   8

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

static void start_request (RumbleChatApi *self);
static void stop_stream   (RumbleChatApi *self);

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
  if (has_letter ? !rumble_id_parse_b36 (stream_id, &value) : !rumble_id_parse_b10 (stream_id, &value))
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
    case PROP_SOUP_SESSION: g_value_set_object (value, rumble_chat_api_get_soup_session (self)); break;
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
    case PROP_SOUP_SESSION: rumble_chat_api_set_soup_session (self, g_value_get_object (value)); break;
    case PROP_SESSION: rumble_chat_api_set_session (self, g_value_get_string (value)); break;
    case PROP_USER_ID: rumble_chat_api_set_user_id (self, g_value_get_string (value)); break;
    case PROP_HISTORY_LEN: rumble_chat_api_set_history_len (self, g_value_get_uint (value)); break;
    case PROP_MAX_USERS: rumble_chat_api_set_max_users (self, g_value_get_uint (value)); break;
    case PROP_SKIP_BACKLOG: rumble_chat_api_set_skip_backlog (self, g_value_get_boolean (value)); break;
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
  properties[PROP_CHAT_URL] = g_param_spec_string ("chat-url", NULL, NULL, RUMBLE_DEFAULT_CHAT_URL, rw);
  properties[PROP_SITE_URL] = g_param_spec_string ("site-url", NULL, NULL, RUMBLE_DEFAULT_SITE_URL, rw);
  properties[PROP_SOUP_SESSION] = g_param_spec_object ("soup-session", NULL, NULL, SOUP_TYPE_SESSION, rw);
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
  properties[PROP_PINNED_MESSAGE] = g_param_spec_object ("pinned-message", NULL, NULL, RUMBLE_TYPE_MESSAGE, ro);
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
    self->soup_session = soup_session_new_with_options ("timeout", 0,
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
  guint n;

  g_return_if_fail (RUMBLE_IS_CHAT_API (self));
  g_return_if_fail (history_len > 0);

  if (history_len == self->history_len)
    return;
  self->history_len = history_len;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  if (n > history_len)
    {
      for (guint i = 0; i < n - history_len; i++)
        {
          g_autoptr(RumbleMessage) m = g_list_model_get_item (G_LIST_MODEL (self->messages), i);

          g_hash_table_remove (self->message_by_id, rumble_message_get_id (m));
        }
      g_list_store_splice (self->messages, 0, n - history_len, NULL, 0);
    }
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

void
rumble_chat_api_hold_user (RumbleChatApi *self,
                           RumbleUser    *user)
{
  guint count;

  g_return_if_fail (RUMBLE_IS_CHAT_API (self));
  g_return_if_fail (RUMBLE_IS_USER (user));

  /* The table owns one ref per key; inserting over a key unrefs the one passed. */
  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->user_holds, user));
  g_hash_table_insert (self->user_holds, g_object_ref (user), GUINT_TO_POINTER (count + 1));
}

void
rumble_chat_api_release_user (RumbleChatApi *self,
                              RumbleUser    *user)
{
  guint count;

  g_return_if_fail (RUMBLE_IS_CHAT_API (self));
  g_return_if_fail (RUMBLE_IS_USER (user));

  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->user_holds, user));
  g_return_if_fail (count > 0);

  if (count == 1)
    g_hash_table_remove (self->user_holds, user);
  else
    g_hash_table_insert (self->user_holds, g_object_ref (user), GUINT_TO_POINTER (count - 1));
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

/* ---- Events ------------------------------------------------------------------------- */

static void
set_state (RumbleChatApi         *self,
           RumbleConnectionState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_debug ("Chat %s: state %d", self->stream_id_b10, state);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_last_error (RumbleChatApi *self,
                const GError  *error)
{
  if (error == NULL && self->last_error == NULL)
    return;
  g_clear_error (&self->last_error);
  if (error != NULL)
    self->last_error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
complete_connect_tasks (RumbleChatApi *self,
                        const GError  *error)
{
  g_autoptr(GPtrArray) tasks = NULL;

  if (self->connect_tasks->len == 0)
    return;

  tasks = g_steal_pointer (&self->connect_tasks);
  self->connect_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

static void
on_init_received (RumbleChatApi *self)
{
  /* Back-off resets only after a valid init (§14.2). */
  g_clear_handle_id (&self->init_timeout_id, g_source_remove);
  self->attempt = 0;
  self->first_failures = 0;
  set_last_error (self, NULL);
  set_state (self, RUMBLE_CONNECTION_CONNECTED);
  complete_connect_tasks (self, NULL);
}

static gboolean
dispatch_text (RumbleChatApi *self,
               const char    *json,
               gssize         length,
               gboolean      *out_was_init)
{
  g_autoptr(GError) error = NULL;
  /* One per event: a parser keeps its tree until the next load, and the tree of a big
   * init is hundreds of bytes per item. */
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *without_nul = NULL;

  *out_was_init = FALSE;
  if (length < 0)
    length = strlen (json);
  if (!rumble_json_check_text (json, length, &error))
    {
      g_message ("Skipping a chat event: %s", error->message);
      return FALSE;
    }
  without_nul = rumble_json_replace_nul_escapes (json, length);
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, without_nul != NULL ? without_nul : json, length,
                                   &error))
    {
      g_message ("Skipping a chat event that is not valid JSON: %s", error->message);
      return FALSE;
    }

  return rumble_chat_api_apply_event (self, json_parser_get_root (parser), out_was_init);
}

gboolean
rumble_chat_api_dispatch_event (RumbleChatApi *self,
                                const char    *json,
                                gssize         length)
{
  gboolean was_init;

  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);

  return dispatch_text (self, json, length, &was_init);
}

static void
on_sse_event (const char *event_type,
              const char *data,
              gsize       data_len,
              const char *last_event_id,
              gpointer    user_data)
{
  RumbleChatApi *self = user_data;
  gboolean was_init;

  /* A handler may have disconnected us in the middle of a chunk. */
  if (self->stream == NULL)
    return;

  /* Rumble sends everything as the default event type; the kind is the JSON `type`. */
  dispatch_text (self, data, data_len, &was_init);
  /* …and a handler of this very event may have disconnected us. */
  if (was_init && self->stream != NULL)
    on_init_received (self);
}

/* ---- Connection --------------------------------------------------------------------- */

static guint
backoff_delay_ms (RumbleChatApi *self)
{
  guint64 cap = self->backoff_initial_ms;

  for (guint i = 0; i < self->attempt && cap < self->backoff_max_ms; i++)
    cap *= 2;
  cap = MIN (cap, self->backoff_max_ms);

  /* Full jitter above the floor: anywhere between the initial delay and the cap. */
  if (cap <= self->backoff_initial_ms)
    return self->backoff_initial_ms;
  return self->backoff_initial_ms +
         (guint) g_random_int_range (0, (gint32) MIN (cap - self->backoff_initial_ms, G_MAXINT32 - 1) + 1);
}

static void
on_retry_timeout (gpointer user_data)
{
  RumbleChatApi *self = user_data;

  self->retry_id = 0;
  self->next_retry = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_RETRY]);
  start_request (self);
}

static void
schedule_retry (RumbleChatApi *self,
                guint          delay_ms)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add_once (delay_ms, on_retry_timeout, self);
  self->next_retry = g_get_monotonic_time () + (gint64) delay_ms * G_TIME_SPAN_MILLISECOND;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_RETRY]);
}

/* A failed attempt or a lost stream: decide the state and when to try again. */
static void
connection_failed (RumbleChatApi *self,
                   const GError  *error,
                   guint          retry_after_s)
{
  guint delay;

  stop_stream (self);
  set_last_error (self, error);

  if (!self->have_init)
    self->first_failures++;

  delay = backoff_delay_ms (self);
  if (retry_after_s > 0)
    delay = MAX (delay, MIN (retry_after_s, MAX_RETRY_AFTER_S) * 1000);
  self->attempt++;

  if (!self->have_init && self->first_failures >= FIRST_FAILURES_ERROR)
    {
      set_state (self, RUMBLE_CONNECTION_ERROR);
      complete_connect_tasks (self, error);
    }
  else if (self->state == RUMBLE_CONNECTION_ERROR && !self->have_init)
    ; /* stays in error while the slow retries go on */
  else
    set_state (self, RUMBLE_CONNECTION_RECONNECTING);

  g_message ("Chat %s: %s; retrying in %u ms", self->stream_id_b10,
             error != NULL ? error->message : "connection lost", delay);
  schedule_retry (self, delay);
}

/* No retry: the chat waits in the error state until retry_now() or disconnect(). */
static void
give_up (RumbleChatApi *self,
         const GError  *error)
{
  stop_stream (self);
  set_last_error (self, error);
  set_state (self, RUMBLE_CONNECTION_ERROR);
  complete_connect_tasks (self, error);
}

static void
went_offline (RumbleChatApi *self)
{
  g_autoptr(GError) error = g_error_new_literal (RUMBLE_ERROR, RUMBLE_ERROR_CHAT_CLOSED,
                                                 "The stream is not live");

  stop_stream (self);
  /* Not an error: the chat connects by itself when the stream goes live. */
  set_last_error (self, NULL);
  set_state (self, RUMBLE_CONNECTION_OFFLINE);
  complete_connect_tasks (self, error);
  schedule_retry (self, self->offline_poll_ms);
}

static void
stop_stream (RumbleChatApi *self)
{
  g_clear_handle_id (&self->head_timeout_id, g_source_remove);
  g_clear_handle_id (&self->init_timeout_id, g_source_remove);
  if (self->idle_source != NULL)
    {
      g_source_destroy (self->idle_source);
      g_clear_pointer (&self->idle_source, g_source_unref);
    }
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  g_clear_object (&self->stream);
  g_clear_object (&self->stream_msg);
  g_clear_pointer (&self->stream_first_uri, g_uri_unref);
}

static void read_next (RumbleChatApi *self);

static gboolean
idle_source_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs idle_source_funcs = {
  .dispatch = idle_source_dispatch,
};

static gboolean
on_idle_timeout (gpointer user_data)
{
  RumbleChatApi *self = user_data;
  g_autoptr(GError) error = g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_NETWORK,
                                         "The chat stream was silent for %u seconds",
                                         self->idle_timeout_ms / 1000);

  connection_failed (self, error, 0);
  return G_SOURCE_REMOVE;
}

/* One source whose ready time moves on with every read: no timer churn per chunk. */
static void
touch_idle_timer (RumbleChatApi *self)
{
  if (self->idle_timeout_ms == 0)
    return;
  if (self->idle_source == NULL)
    {
      self->idle_source = g_source_new (&idle_source_funcs, sizeof (GSource));
      g_source_set_callback (self->idle_source, on_idle_timeout, self, NULL);
      g_source_set_static_name (self->idle_source, "[rumble] stream idle timeout");
      g_source_attach (self->idle_source, NULL);
    }
  g_source_set_ready_time (self->idle_source,
                           g_get_monotonic_time () + (gint64) self->idle_timeout_ms * G_TIME_SPAN_MILLISECOND);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  RumbleChatApi *self = user_data;
  g_autoptr(GError) error = NULL;
  gssize n;

  /* Pending operations hold no reference: dispose cancels them, and a cancelled
   * callback must not touch @self. */
  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if ((GInputStream *) source != self->stream)
    return;

  if (n < 0)
    {
      g_autoptr(GError) wrapped = g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_NETWORK,
                                               "The chat connection broke: %s", error->message);

      connection_failed (self, wrapped, 0);
      return;
    }
  if (n == 0)
    {
      g_autoptr(GError) closed = g_error_new_literal (RUMBLE_ERROR, RUMBLE_ERROR_NETWORK,
                                                      "The chat server closed the connection");

      /* A clean EOF is not proof that the chat ended (§14.2): reconnect; a 204 will tell. */
      connection_failed (self, closed, 0);
      return;
    }

  touch_idle_timer (self);
  /* Handlers run inside feed(): keep ourselves alive even if one drops the last ref. */
  g_object_ref (self);
  rumble_sse_parser_feed (self->sse, (const char *) self->read_buffer, n);
  if ((GInputStream *) source == self->stream)
    read_next (self);
  g_object_unref (self);
}

static void
read_next (RumbleChatApi *self)
{
  g_input_stream_read_async (self->stream, self->read_buffer, READ_BUFFER_SIZE,
                             G_PRIORITY_DEFAULT, self->cancellable, on_read, self);
}

static guint
parse_retry_after (SoupMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                     "Retry-After");
  g_autofree char *trimmed = NULL;
  guint64 seconds;

  if (header == NULL)
    return 0;
  trimmed = g_strstrip (g_strdup (header));
  if (g_ascii_string_to_unsigned (trimmed, 10, 0, G_MAXUINT, &seconds, NULL))
    return (guint) seconds;
  {
    g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (header);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    if (when != NULL)
      return (guint) CLAMP (g_date_time_difference (when, now) / G_USEC_PER_SEC, 0, G_MAXUINT);
  }
  return 0;
}

static void
on_head_timeout (gpointer user_data)
{
  RumbleChatApi *self = user_data;

  self->head_timeout_id = 0;
  /* Cancelling is how libsoup is told; on_send sees this flag instead of "cancelled". */
  if (self->cancellable != NULL)
    {
      g_autoptr(GError) error = g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_NETWORK,
                                             "The chat server did not answer within %d seconds",
                                             HEAD_TIMEOUT_S);

      connection_failed (self, error, 0);
    }
}

static void
on_init_timeout (gpointer user_data)
{
  RumbleChatApi *self = user_data;
  guint seconds = (self->init_timeout_ms + 999) / 1000;
  g_autoptr(GError) error = NULL;

  self->init_timeout_id = 0;
  error = g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_NETWORK,
                       "The chat at %s answered but sent no chat data within %u %s",
                       g_uri_get_host (soup_message_get_uri (self->stream_msg)), seconds,
                       seconds == 1 ? "second" : "seconds");
  /* A caller with a deadline wants an answer, not retries (it tells its user). */
  g_debug ("Chat %s: %s", self->stream_id_b10, error->message);
  give_up (self, error);
}

static void send_stream_message (RumbleChatApi *self,
                                 GUri          *uri);

static void
on_send (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  RumbleChatApi *self = user_data;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) next = NULL;
  SoupMessage *msg;
  const char *content_type;
  guint status;

  stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  if (msg != self->stream_msg)
    return;

  if (stream == NULL)
    {
      /* libsoup's message may quote the server's Location. */
      g_autofree char *reason = rumble_text_clean (error->message, RUMBLE_HTTP_MESSAGE_MAX);
      g_autoptr(GError) wrapped = g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_NETWORK,
                                               "Cannot reach the chat server: %s",
                                               reason ? reason : "no reason given");

      connection_failed (self, wrapped, 0);
      return;
    }

  /* Redirects are ours to follow (the cookie must not leave its origin); the head
   * deadline covers the whole chain. */
  next = rumble_http_hop_next (msg, &self->stream_redirects, &error);
  if (error != NULL)
    {
      g_autoptr(GError) refused = g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL,
                                               "The chat server's redirect was not followed: %s",
                                               error->message);

      /* It will not go away by itself: fail a waiting connect now, retry only slowly. */
      self->attempt = MAX (self->attempt, SLOW_RETRY_ATTEMPT);
      self->first_failures = MAX (self->first_failures, FIRST_FAILURES_ERROR - 1);
      connection_failed (self, refused, 0);
      return;
    }
  if (next != NULL)
    {
      g_clear_object (&stream);
      send_stream_message (self, next);
      return;
    }
  g_clear_handle_id (&self->head_timeout_id, g_source_remove);

  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_NO_CONTENT)
    {
      went_offline (self);
      return;
    }

  if (status != SOUP_STATUS_OK)
    {
      g_autoptr(GError) http = NULL;
      g_autofree char *reason = rumble_text_clean (soup_message_get_reason_phrase (msg),
                                                     RUMBLE_HTTP_MESSAGE_MAX);

      if (status == SOUP_STATUS_NOT_FOUND)
        http = g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_NOT_FOUND,
                            "The chat server does not know stream %s (HTTP 404)", self->stream_id_b10);
      else if (status == RUMBLE_HTTP_STATUS_TOO_MANY_REQUESTS)
        http = g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_RATE_LIMIT,
                            "The chat server asks us to slow down (HTTP 429)");
      else
        http = g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_HTTP, "The chat server answered HTTP %u %s",
                            status, reason ? reason : "");

      if (status == RUMBLE_HTTP_STATUS_TOO_MANY_REQUESTS)
        rumble_error_set_retry_after (http, parse_retry_after (msg));
      /* 408, 429 and 5xx are worth retrying soon; anything else only slowly. */
      if (status != SOUP_STATUS_REQUEST_TIMEOUT && status != RUMBLE_HTTP_STATUS_TOO_MANY_REQUESTS &&
          status < SOUP_STATUS_INTERNAL_SERVER_ERROR)
        self->attempt = MAX (self->attempt, SLOW_RETRY_ATTEMPT);
      connection_failed (self, http, parse_retry_after (msg));
      return;
    }

  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
  if (g_strcmp0 (content_type, "text/event-stream") != 0)
    {
      g_autofree char *shown = rumble_text_clean (content_type, RUMBLE_HTTP_MESSAGE_MAX);
      g_autoptr(GError) type = g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL,
                                            "The chat server sent “%s” instead of an event stream",
                                            shown ? shown : "no content type");

      connection_failed (self, type, 0);
      return;
    }

  self->stream = g_steal_pointer (&stream);
  if (self->sse == NULL)
    self->sse = rumble_sse_parser_new (on_sse_event, self);
  rumble_sse_parser_reset (self->sse);
  if (self->read_buffer == NULL)
    self->read_buffer = g_malloc (READ_BUFFER_SIZE);
  touch_idle_timer (self);
  /* Only a caller that waits for the connection, and opted in, gets a deadline. */
  if (self->init_timeout_ms > 0 && self->connect_tasks->len > 0)
    self->init_timeout_id = g_timeout_add_once (self->init_timeout_ms, on_init_timeout, self);
  read_next (self);
}

/* One hop of the stream request: the first URL or a redirect's target. */
static void
send_stream_message (RumbleChatApi *self,
                     GUri          *uri)
{
  SoupMessageHeaders *headers;

  g_clear_object (&self->stream_msg);
  /* The cookie lets Rumble tell us whether we may moderate (`can_moderate`). */
  self->stream_msg = rumble_http_hop_new (SOUP_METHOD_GET, uri, self->stream_first_uri,
                                          self->session, NULL);
  headers = soup_message_get_request_headers (self->stream_msg);
  soup_message_headers_replace (headers, "Accept", "text/event-stream");
  soup_message_headers_replace (headers, "Cache-Control", "no-cache");
  soup_message_headers_replace (headers, "Origin", RUMBLE_HTTP_ORIGIN);
  soup_message_headers_replace (headers, "Referer", RUMBLE_HTTP_REFERER);
  if (self->sse != NULL && rumble_sse_parser_get_last_event_id (self->sse) != NULL)
    soup_message_headers_replace (headers, "Last-Event-ID", rumble_sse_parser_get_last_event_id (self->sse));

  soup_session_send_async (rumble_chat_api_get_soup_session (self), self->stream_msg,
                           G_PRIORITY_DEFAULT, self->cancellable, on_send, self);
}

static void
start_request (RumbleChatApi *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  stop_stream (self);
  g_clear_handle_id (&self->retry_id, g_source_remove);

  url = g_strdup_printf ("%s/chat/%s/stream", self->chat_url, self->stream_id_b10);
  /* TLS for every host but loopback; a bad URL is not worth retrying. */
  if (!rumble_http_check_url (url, &error) ||
      (self->stream_first_uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL)) == NULL)
    {
      if (error == NULL)
        error = g_error_new (RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT,
                             "The chat URL “%s” is not valid", self->chat_url);
      g_message ("Chat %s: %s", self->stream_id_b10, error->message);
      give_up (self, error);
      return;
    }

  if (self->state != RUMBLE_CONNECTION_ERROR && self->state != RUMBLE_CONNECTION_OFFLINE)
    set_state (self, self->have_init ? RUMBLE_CONNECTION_RECONNECTING : RUMBLE_CONNECTION_CONNECTING);

  self->cancellable = g_cancellable_new ();
  self->stream_redirects = 0;
  self->head_timeout_id = g_timeout_add_once (HEAD_TIMEOUT_S * 1000, on_head_timeout, self);
  send_stream_message (self, self->stream_first_uri);
}

void
rumble_chat_api_connect_async (RumbleChatApi       *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RUMBLE_IS_CHAT_API (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rumble_chat_api_connect_async);

  if (self->state == RUMBLE_CONNECTION_CONNECTED)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_ptr_array_add (self->connect_tasks, g_steal_pointer (&task));
  if (!self->connecting_wanted)
    {
      self->connecting_wanted = TRUE;
      self->attempt = 0;
      self->first_failures = 0;
      start_request (self);
    }
}

gboolean
rumble_chat_api_connect_finish (RumbleChatApi  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
rumble_chat_api_retry_now (RumbleChatApi *self)
{
  g_return_if_fail (RUMBLE_IS_CHAT_API (self));

  if (!self->connecting_wanted)
    return;
  if (self->next_retry != 0)
    {
      self->next_retry = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_RETRY]);
    }
  start_request (self);
}

void
rumble_chat_api_disconnect (RumbleChatApi *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RUMBLE_IS_CHAT_API (self));

  self->connecting_wanted = FALSE;
  stop_stream (self);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->next_retry != 0)
    {
      self->next_retry = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_RETRY]);
    }

  if (self->connect_tasks != NULL && self->connect_tasks->len > 0)
    {
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Disconnected");
      complete_connect_tasks (self, error);
    }
  set_state (self, RUMBLE_CONNECTION_DISCONNECTED);
}
