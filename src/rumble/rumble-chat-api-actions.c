/* rumble-chat-api-actions.c — send, delete, pin, mute… the chat actions of RumbleChatApi
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every action is one request (unmute: the muting pages, then one request), checked
 * before it goes out (a session; can_moderate for moderation; the length of a message),
 * never retried, and mapped to RUMBLE_ERROR by rumble-http. The stream event that
 * follows a success is what changes the models. Only public getters of RumbleChatApi
 * are used here.
 */
#define G_LOG_DOMAIN "rumble-actions"

#include "config.h"

#include <string.h>

#include "rumble-chat-api-private.h"
#include "rumble-error.h"
#include "rumble-http-private.h"
#include "rumble-id.h"
#include "rumble-mute-records.h"
#include "rumble-password.h"

#define FORM_CONTENT_TYPE "application/x-www-form-urlencoded"
/* Longest id or name accepted from the caller. */
#define ARGUMENT_MAX 256
/* Longest command accepted (a /raid carries a URL). */
#define COMMAND_MAX 4096

typedef struct {
  char       *name;       /* mute, unmute, lookup: the name */
  guint       page;       /* unmute, lookup: the muting page being read */
  guint       duration_s; /* mute */
  RumbleMuteScope  scope; /* mute */
  RumbleMuteEntity entity; /* mute */
  char       *id;         /* send: the new message id; delete: the message */
  RumbleUser *user;       /* send: the sender */
} ActionData;

static void
action_data_free (ActionData *data)
{
  g_free (data->name);
  g_free (data->id);
  g_clear_object (&data->user);
  g_free (data);
}

static ActionData *
get_data (GTask *task)
{
  ActionData *data = g_task_get_task_data (task);

  if (data == NULL)
    {
      data = g_new0 (ActionData, 1);
      g_task_set_task_data (task, data, (GDestroyNotify) action_data_free);
    }
  return data;
}

static GTask *
action_task_new (RumbleChatApi       *self,
                 gpointer             source_tag,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  return task;
}

static gboolean
require_session (RumbleChatApi *self,
                 GTask         *task)
{
  if (rumble_chat_api_get_session (self) != NULL)
    return TRUE;

  g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_NO_SESSION,
                           "Log in to Rumble first.");
  return FALSE;
}

static gboolean
require_moderator (RumbleChatApi *self,
                   GTask         *task)
{
  if (!require_session (self, task))
    return FALSE;
  if (rumble_chat_api_get_can_moderate (self))
    return TRUE;

  g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_PERMISSION,
                           "This account may not moderate this chat.");
  return FALSE;
}

/* An id or name given by the caller: non-empty, bounded, UTF-8, no control characters. */
static gboolean
check_argument (GTask      *task,
                const char *value,
                const char *what)
{
  gboolean ok = value != NULL && value[0] != '\0' && strlen (value) <= ARGUMENT_MAX &&
                g_utf8_validate (value, -1, NULL);

  for (const char *p = value; ok && *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        ok = FALSE;
    }

  if (!ok)
    g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT,
                             "That is not a valid %s.", what);
  return ok;
}

static void
start_request (RumbleChatApi         *self,
               GTask                 *task,
               const char            *method,
               const char            *url,
               const char            *content_type,
               GBytes                *body,
               RumbleHttpFlags        flags,
               GAsyncReadyCallback    callback)
{
  rumble_http_request_async (rumble_chat_api_get_soup_session (self), method, url,
                             rumble_chat_api_get_session (self), content_type, body, flags,
                             g_task_get_cancellable (task), callback, task);
}

static void
service_post (RumbleChatApi         *self,
              GTask                 *task,
              const char            *name,
              const RumbleHttpField *fields,
              gsize                  n_fields,
              GAsyncReadyCallback    callback)
{
  g_autofree char *url = rumble_http_service_url (rumble_chat_api_get_site_url (self), name, NULL);
  g_autofree char *form = rumble_http_encode_form (fields, n_fields);
  gsize len = strlen (form);
  g_autoptr(GBytes) body = g_bytes_new_take (g_steal_pointer (&form), len);

  start_request (self, task, SOUP_METHOD_POST, url, FORM_CONTENT_TYPE, body,
                 RUMBLE_HTTP_BROWSER_UA | RUMBLE_HTTP_MUTATION, callback);
}

/* Finishes a request and applies a renewed session cookie to the chat. */
static RumbleHttpReply *
finish_request (GTask         *task,
                GAsyncResult  *result,
                GError       **error)
{
  RumbleChatApi *self = g_task_get_source_object (task);
  RumbleHttpReply *reply = rumble_http_request_finish (result, error);
  const char *current;

  if (reply == NULL)
    return NULL;

  current = rumble_chat_api_get_session (self);
  /* Not after a logout that happened meanwhile. */
  if (reply->session != NULL && reply->sent_cookie && current != NULL &&
      g_strcmp0 (reply->session, current) != 0)
    {
      g_debug ("Rumble renewed the session cookie");
      rumble_chat_api_set_session (self, reply->session);
    }

  return reply;
}

/* A reply whose body is optional (delete, command): any 2xx is a success unless it
 * carries JSON that says otherwise. */
static gboolean
check_optional_json (RumbleHttpReply  *reply,
                     GError          **error)
{
  g_autoptr(JsonObject) root = NULL;

  if (!SOUP_STATUS_IS_SUCCESSFUL (reply->status) || g_bytes_get_size (reply->body) == 0 ||
      reply->content_type == NULL || strstr (reply->content_type, "json") == NULL)
    return rumble_http_reply_check_status (reply, error);

  root = rumble_http_reply_get_object (reply, RUMBLE_ERROR_PERMISSION, error);
  return root != NULL;
}

/* A request answered by nothing or an accepting JSON: FALSE after returning the error. */
static gboolean
optional_json_ok (GTask        *task,
                  GAsyncResult *result)
{
  g_autoptr(RumbleHttpReply) reply = NULL;
  GError *error = NULL;

  reply = finish_request (task, result, &error);
  if (reply == NULL || !check_optional_json (reply, &error))
    {
      g_task_return_error (task, error);
      return FALSE;
    }
  return TRUE;
}

/* Completion of the command requests. */
static void
on_optional_json_done (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  if (optional_json_ok (task, result))
    g_task_return_boolean (task, TRUE);
}

/* A delete went through: this account deleted the message (the stream's event follows). */
static void
on_delete_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RumbleChatApi *self = g_task_get_source_object (task);
  RumbleMessage *message;

  if (!optional_json_ok (task, result))
    return;

  message = rumble_chat_api_lookup_message (self, get_data (task)->id);
  if (message != NULL)
    rumble_message_set_deleted_here (message);
  g_task_return_boolean (task, TRUE);
}

/* A mute went through: the user is muted, for the term asked. */
static void
apply_mute_done (RumbleChatApi *self,
                 ActionData    *data)
{
  RumbleUser *user;
  RumbleMuteTerm term;

  rumble_chat_api_mute_cache_forget (self, data->name);
  if (data->entity != RUMBLE_MUTE_ENTITY_USER)
    return;
  user = rumble_chat_api_lookup_user_by_name (self, data->name);
  if (user == NULL)
    return;

  if (data->scope == RUMBLE_MUTE_SCOPE_TOTAL)
    term = RUMBLE_MUTE_TERM_FOREVER;
  else if (data->duration_s > 0)
    term = RUMBLE_MUTE_TERM_UNTIL;
  else
    term = RUMBLE_MUTE_TERM_STREAM;
  g_object_freeze_notify (G_OBJECT (user));
  rumble_user_set_muted (user, TRUE);
  rumble_user_set_mute_term (user, term,
                             g_get_real_time () / G_USEC_PER_SEC + data->duration_s);
  g_object_thaw_notify (G_OBJECT (user));
}

/* Completion of the service.php mutations (pin, unpin, mute, unmute, raid confirm). */
static void
on_service_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(RumbleHttpReply) reply = NULL;
  g_autoptr(JsonObject) root = NULL;
  GError *error = NULL;

  reply = finish_request (task, result, &error);
  if (reply == NULL ||
      !(root = rumble_http_reply_get_object (reply, RUMBLE_ERROR_PERMISSION, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Rumble announces mutes on the stream but has no event for an unmute, nor says how long
   * a mute lasts: apply what this client did here. */
  if (g_task_get_source_tag (task) == rumble_chat_api_unmute_async)
    {
      RumbleChatApi *self = g_task_get_source_object (task);
      RumbleUser *user = rumble_chat_api_lookup_user_by_name (self, get_data (task)->name);

      rumble_chat_api_mute_cache_forget (self, get_data (task)->name);
      if (user != NULL)
        rumble_user_set_muted (user, FALSE);
    }
  else if (g_task_get_source_tag (task) == rumble_chat_api_mute_async)
    apply_mute_done (g_task_get_source_object (task), get_data (task));

  g_task_return_boolean (task, TRUE);
}

static gboolean
finish_boolean (RumbleChatApi  *self,
                GAsyncResult   *result,
                gpointer        source_tag,
                GError        **error)
{
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Send (PROTOCOL.md §3.2) */

static void
on_send_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ActionData *data = get_data (task);
  g_autoptr(RumbleHttpReply) reply = NULL;
  g_autoptr(JsonObject) root = NULL;
  JsonObject *response;
  JsonObject *user;
  GError *error = NULL;

  reply = finish_request (task, result, &error);
  if (reply == NULL ||
      !(root = rumble_http_reply_get_object (reply, RUMBLE_ERROR_PERMISSION, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Only a non-empty data.id confirms a send (PROTOCOL.md §14.4). */
  response = rumble_json_get_object (root, "data");
  data->id = response != NULL ? rumble_json_dup_id (response, "id") : NULL;
  if (data->id == NULL)
    {
      g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_AMBIGUOUS,
                               "Rumble did not confirm the message: it may have been sent.");
      return;
    }

  user = rumble_json_get_object (response, "user");
  if (user != NULL)
    data->user = rumble_user_new_from_json (user);

  g_debug ("Sent message %s", data->id);
  g_task_return_boolean (task, TRUE);
}

void
rumble_chat_api_send_message_async (RumbleChatApi       *self,
                                    const char          *text,
                                    const char          *channel_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *request_id = NULL;
  g_autofree char *url = NULL;
  g_autofree char *json = NULL;
  g_autofree char *stripped = NULL;
  g_autoptr(GBytes) body = NULL;
  guint64 channel = 0;
  guint max_len;
  glong n_chars;
  gsize json_len = 0;

  g_return_if_fail (RUMBLE_IS_CHAT_API (self));
  g_return_if_fail (text != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = action_task_new (self, rumble_chat_api_send_message_async, cancellable, callback,
                          user_data);

  if (!require_session (self, task))
    return;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT,
                               "The message is not valid text.");
      return;
    }
  stripped = g_strstrip (g_strdup (text));
  if (stripped[0] == '\0')
    {
      g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT,
                               "The message is empty.");
      return;
    }

  max_len = rumble_chat_api_get_message_length_max (self);
  n_chars = g_utf8_strlen (text, -1);
  if (max_len > 0 && n_chars > (glong) max_len)
    {
      g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_TOO_LONG,
                               "The message is %ld characters long; this chat allows %u.",
                               n_chars, max_len);
      return;
    }

  if (channel_id != NULL &&
      (!rumble_id_parse_b10 (channel_id, &channel) || channel > (guint64) G_MAXINT64))
    {
      g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT,
                               "“%s” is not a channel id.", channel_id);
      return;
    }

  /* {"data": {"request_id": …, "message": {"text": …}, "rant": null, "channel_id": N|null}} */
  request_id = rumble_request_id_new ();
  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "request_id");
  json_builder_add_string_value (builder, request_id);
  json_builder_set_member_name (builder, "message");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "rant");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "channel_id");
  if (channel_id != NULL)
    json_builder_add_int_value (builder, (gint64) channel);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, &json_len);
  body = g_bytes_new_take (g_steal_pointer (&json), json_len);

  url = rumble_http_build_url (rumble_chat_api_get_chat_url (self), "/chat/%s/message",
                               rumble_chat_api_get_stream_id_b10 (self));
  start_request (self, task, SOUP_METHOD_POST, url, "application/json", body,
                 RUMBLE_HTTP_CHAT_ORIGIN | RUMBLE_HTTP_MUTATION, on_send_done);
  g_steal_pointer (&task);
}

char *
rumble_chat_api_send_message_finish (RumbleChatApi  *self,
                                     GAsyncResult   *result,
                                     RumbleUser    **out_user,
                                     GError        **error)
{
  ActionData *data;

  if (out_user != NULL)
    *out_user = NULL;
  if (!finish_boolean (self, result, rumble_chat_api_send_message_async, error))
    return NULL;

  data = g_task_get_task_data (G_TASK (result));
  if (out_user != NULL)
    *out_user = data->user != NULL ? g_object_ref (data->user) : NULL;
  return g_strdup (data->id);
}

/* Delete (PROTOCOL.md §3.3) */

void
rumble_chat_api_delete_message_async (RumbleChatApi       *self,
                                      const char          *message_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *url = NULL;

  g_return_if_fail (RUMBLE_IS_CHAT_API (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = action_task_new (self, rumble_chat_api_delete_message_async, cancellable, callback,
                          user_data);

  if (!require_moderator (self, task) || !check_argument (task, message_id, "message id"))
    return;

  get_data (task)->id = g_strdup (message_id);
  escaped = g_uri_escape_string (message_id, NULL, FALSE);
  url = rumble_http_build_url (rumble_chat_api_get_chat_url (self), "/chat/%s/message/%s",
                               rumble_chat_api_get_stream_id_b10 (self), escaped);
  start_request (self, task, SOUP_METHOD_DELETE, url, NULL, NULL,
                 RUMBLE_HTTP_CHAT_ORIGIN | RUMBLE_HTTP_MUTATION, on_delete_done);
  g_steal_pointer (&task);
}

gboolean
rumble_chat_api_delete_message_finish (RumbleChatApi  *self,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  return finish_boolean (self, result, rumble_chat_api_delete_message_async, error);
}

/* Pin and unpin (PROTOCOL.md §4.2) */

static void
pin_or_unpin (RumbleChatApi *self,
              GTask         *task,
              const char    *name,
              const char    *message_id)
{
  const RumbleHttpField fields[] = {
    { "video_id", rumble_chat_api_get_stream_id_b10 (self) },
    { "message_id", message_id },
  };

  service_post (self, task, name, fields, G_N_ELEMENTS (fields), on_service_done);
}

void
rumble_chat_api_pin_message_async (RumbleChatApi       *self,
                                   const char          *message_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RUMBLE_IS_CHAT_API (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = action_task_new (self, rumble_chat_api_pin_message_async, cancellable, callback,
                          user_data);

  if (!require_moderator (self, task) || !check_argument (task, message_id, "message id"))
    return;

  pin_or_unpin (self, task, "chat.message.pin", message_id);
  g_steal_pointer (&task);
}

gboolean
rumble_chat_api_pin_message_finish (RumbleChatApi  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  return finish_boolean (self, result, rumble_chat_api_pin_message_async, error);
}

void
rumble_chat_api_unpin_message_async (RumbleChatApi       *self,
                                     const char          *message_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RumbleMessage *pinned;

  g_return_if_fail (RUMBLE_IS_CHAT_API (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = action_task_new (self, rumble_chat_api_unpin_message_async, cancellable, callback,
                          user_data);

  if (!require_moderator (self, task))
    return;

  if (message_id == NULL)
    {
      pinned = rumble_chat_api_get_pinned_message (self);
      if (pinned == NULL)
        {
          g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_NOT_FOUND,
                                   "No message is pinned in this chat.");
          return;
        }
      message_id = rumble_message_get_id (pinned);
    }

  if (!check_argument (task, message_id, "message id"))
    return;

  pin_or_unpin (self, task, "chat.message.unpin", message_id);
  g_steal_pointer (&task);
}

gboolean
rumble_chat_api_unpin_message_finish (RumbleChatApi  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  return finish_boolean (self, result, rumble_chat_api_unpin_message_async, error);
}

/* Native commands (PROTOCOL.md §3.4) */

void
rumble_chat_api_command_async (RumbleChatApi       *self,
                               const char          *command,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  g_autofree char *form = NULL;
  g_autoptr(GBytes) body = NULL;
  gsize len;

  g_return_if_fail (RUMBLE_IS_CHAT_API (self));
  g_return_if_fail (command != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = action_task_new (self, rumble_chat_api_command_async, cancellable, callback, user_data);

  if (!require_session (self, task))
    return;

  if (command[0] != '/' || command[1] == '\0' || g_ascii_isspace (command[1]) ||
      strlen (command) > COMMAND_MAX || !g_utf8_validate (command, -1, NULL))
    {
      g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT,
                               "A chat command starts with “/”, like “/raid URL”.");
      return;
    }

  {
    const RumbleHttpField fields[] = {
      { "video_id", rumble_chat_api_get_stream_id_b10 (self) },
      { "message", command },
    };

    form = rumble_http_encode_form (fields, G_N_ELEMENTS (fields));
  }
  len = strlen (form);
  body = g_bytes_new_take (g_steal_pointer (&form), len);
  url = rumble_http_build_url (rumble_chat_api_get_site_url (self), "/chat/command");
  start_request (self, task, SOUP_METHOD_POST, url, FORM_CONTENT_TYPE, body,
                 RUMBLE_HTTP_BROWSER_UA | RUMBLE_HTTP_MUTATION, on_optional_json_done);
  g_steal_pointer (&task);
}

gboolean
rumble_chat_api_command_finish (RumbleChatApi  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  return finish_boolean (self, result, rumble_chat_api_command_async, error);
}

/* Mute (PROTOCOL.md §4.3) */

void
rumble_chat_api_mute_async (RumbleChatApi       *self,
                            const char          *name,
                            RumbleMuteEntity     entity,
                            guint                duration_s,
                            RumbleMuteScope      scope,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *duration = NULL;

  g_return_if_fail (RUMBLE_IS_CHAT_API (self));
  g_return_if_fail (entity == RUMBLE_MUTE_ENTITY_USER || entity == RUMBLE_MUTE_ENTITY_CHANNEL);
  g_return_if_fail (scope == RUMBLE_MUTE_SCOPE_VIDEO || scope == RUMBLE_MUTE_SCOPE_TOTAL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = action_task_new (self, rumble_chat_api_mute_async, cancellable, callback, user_data);

  if (!require_moderator (self, task) || !check_argument (task, name, "user or channel name"))
    return;

  if (duration_s > 0)
    duration = g_strdup_printf ("%u", duration_s);
  get_data (task)->name = g_strdup (name);
  get_data (task)->duration_s = duration_s;
  get_data (task)->scope = scope;
  get_data (task)->entity = entity;

  {
    const RumbleHttpField fields[] = {
      { "user_to_mute", name },
      { "entity_type", entity == RUMBLE_MUTE_ENTITY_CHANNEL ? "channel" : "user" },
      { "video", rumble_chat_api_get_stream_id_b10 (self) },
      { "duration", duration },   /* omitted when NULL */
      { "type", scope == RUMBLE_MUTE_SCOPE_TOTAL ? "total" : "video" },
    };

    service_post (self, task, "moderation.mute", fields, G_N_ELEMENTS (fields), on_service_done);
  }
  g_steal_pointer (&task);
}

gboolean
rumble_chat_api_mute_finish (RumbleChatApi  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  return finish_boolean (self, result, rumble_chat_api_mute_async, error);
}

/* Unmute (PROTOCOL.md §4.4): find the record id on the muting pages, then unmute it. The
 * mute lookup walks the same pages and answers whether the record is there. */

static void read_muting_page (RumbleChatApi *self,
                              GTask         *task);

/* The walk ended: @record is the name's, or NULL when the list ended (@gave_up: when the
 * page limit stopped it first). Takes @task. */
static void
muting_walk_done (RumbleChatApi          *self,
                  GTask                  *task_in,
                  const RumbleMuteRecord *record,
                  gboolean                gave_up)
{
  g_autoptr(GTask) task = task_in;
  ActionData *data = get_data (task);

  if (g_task_get_source_tag (task) == rumble_chat_api_lookup_mute_async)
    {
      RumbleMuteLookup answer = record != NULL ? RUMBLE_MUTE_LOOKUP_MUTED :
                                gave_up ? RUMBLE_MUTE_LOOKUP_UNKNOWN :
                                RUMBLE_MUTE_LOOKUP_NOT_MUTED;

      rumble_chat_api_mute_cache_put (self, data->name, answer);
      g_task_return_int (task, answer);
      return;
    }

  if (record != NULL)
    {
      const RumbleHttpField fields[] = {
        { "record_id", record->record_id },
      };

      g_debug ("Found the mute record on page %u", data->page);
      service_post (self, task, "moderation.unmute", fields, G_N_ELEMENTS (fields),
                    on_service_done);
      g_steal_pointer (&task);
      return;
    }

  if (gave_up)
    g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_NOT_FOUND,
                             "“%s” is not in the first %u pages of muted users.",
                             data->name, RUMBLE_MUTE_RECORDS_MAX_PAGES);
  else
    g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_NOT_FOUND,
                             "“%s” is not muted.", data->name);
}

static void
on_muting_page (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RumbleChatApi *self = g_task_get_source_object (task);
  ActionData *data = get_data (task);
  g_autoptr(RumbleHttpReply) reply = NULL;
  g_autoptr(GPtrArray) records = NULL;
  const RumbleMuteRecord *record;
  GError *error = NULL;
  gsize len = 0;
  const char *html;

  reply = finish_request (task, result, &error);
  if (reply == NULL || !rumble_http_reply_check_status (reply, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  html = g_bytes_get_data (reply->body, &len);
  records = rumble_mute_records_parse (html, len, &error);
  if (records == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  record = rumble_mute_records_find (records, data->name);
  if (record == NULL && records->len > 0 && data->page < RUMBLE_MUTE_RECORDS_MAX_PAGES)
    {
      data->page++;
      read_muting_page (self, g_steal_pointer (&task));
      return;
    }

  muting_walk_done (self, g_steal_pointer (&task), record, record == NULL && records->len > 0);
}

static void
read_muting_page (RumbleChatApi *self,
                  GTask         *task)
{
  ActionData *data = get_data (task);
  g_autofree char *url = rumble_http_build_url (rumble_chat_api_get_site_url (self),
                                                "/account/moderation/muting?pg=%u", data->page);

  start_request (self, task, SOUP_METHOD_GET, url, NULL, NULL,
                 RUMBLE_HTTP_BROWSER_UA | RUMBLE_HTTP_HTML, on_muting_page);
}

/* Starts the walk for @name on page 1; takes @task. */
static void
start_muting_walk (RumbleChatApi *self,
                   GTask         *task,
                   const char    *name)
{
  ActionData *data = get_data (task);

  data->name = g_strdup (name);
  data->page = 1;
  read_muting_page (self, task);
}

void
rumble_chat_api_unmute_async (RumbleChatApi       *self,
                              const char          *name,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RUMBLE_IS_CHAT_API (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = action_task_new (self, rumble_chat_api_unmute_async, cancellable, callback, user_data);

  if (!require_moderator (self, task) || !check_argument (task, name, "user or channel name"))
    return;

  start_muting_walk (self, g_steal_pointer (&task), name);
}

gboolean
rumble_chat_api_unmute_finish (RumbleChatApi  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  return finish_boolean (self, result, rumble_chat_api_unmute_async, error);
}

void
rumble_chat_api_lookup_mute_async (RumbleChatApi       *self,
                                   const char          *name,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RumbleMuteLookup cached;

  g_return_if_fail (RUMBLE_IS_CHAT_API (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = action_task_new (self, rumble_chat_api_lookup_mute_async, cancellable, callback,
                          user_data);

  if (!require_moderator (self, task) || !check_argument (task, name, "user or channel name"))
    return;

  cached = rumble_chat_api_mute_cache_get (self, name);
  if (cached != RUMBLE_MUTE_LOOKUP_UNKNOWN)
    {
      g_task_return_int (task, cached);
      return;
    }

  start_muting_walk (self, g_steal_pointer (&task), name);
}

RumbleMuteLookup
rumble_chat_api_lookup_mute_finish (RumbleChatApi  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  gssize answer;

  g_return_val_if_fail (RUMBLE_IS_CHAT_API (self), RUMBLE_MUTE_LOOKUP_UNKNOWN);
  g_return_val_if_fail (g_task_is_valid (result, self), RUMBLE_MUTE_LOOKUP_UNKNOWN);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        rumble_chat_api_lookup_mute_async, RUMBLE_MUTE_LOOKUP_UNKNOWN);

  answer = g_task_propagate_int (G_TASK (result), error);
  return answer < 0 ? RUMBLE_MUTE_LOOKUP_UNKNOWN : (RumbleMuteLookup) answer;
}

/* Raid confirm (PROTOCOL.md §4.5) */

void
rumble_chat_api_raid_confirm_async (RumbleChatApi       *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RUMBLE_IS_CHAT_API (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = action_task_new (self, rumble_chat_api_raid_confirm_async, cancellable, callback,
                          user_data);

  if (!require_moderator (self, task))
    return;

  {
    const RumbleHttpField fields[] = {
      { "video_id", rumble_chat_api_get_stream_id_b10 (self) },
    };

    service_post (self, task, "raid.confirm", fields, G_N_ELEMENTS (fields), on_service_done);
  }
  g_steal_pointer (&task);
}

gboolean
rumble_chat_api_raid_confirm_finish (RumbleChatApi  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  return finish_boolean (self, result, rumble_chat_api_raid_confirm_async, error);
}
