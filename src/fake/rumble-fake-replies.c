/* rumble-fake-replies.c — how the fake service answers
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The JSON shapes of service.php and chat host answers (PROTOCOL.md §3.2, §4.1), and the
 * small readers of a request's fields.
 */
#define G_LOG_DOMAIN "rumble-fake"

#include "config.h"

#include <string.h>

#include "rumble-fake-service-private.h"

void
rumble_fake_respond_text (SoupServerMessage *msg,
                          guint              status,
                          const char        *content_type,
                          const char        *body,
                          gsize              len)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, len);
}

void
rumble_fake_respond_builder (SoupServerMessage *msg,
                             guint              status,
                             JsonBuilder       *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  gsize len = 0;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);
  rumble_fake_respond_text (msg, status, "application/json", text, len);
}

void
rumble_fake_respond_html (SoupServerMessage *msg,
                          const char        *html)
{
  rumble_fake_respond_text (msg, SOUP_STATUS_OK, "text/html; charset=UTF-8", html, strlen (html));
}

void
rumble_fake_call_redirect (FakeCall   *call,
                           const char *path)
{
  g_autofree char *url = g_strconcat (rumble_fake_server_get_url (call->svc->server), path, NULL);

  soup_server_message_set_redirect (call->msg, SOUP_STATUS_FOUND, url);
}

/* The top-level `user` object of every service.php answer (PROTOCOL.md §4.1). */
void
rumble_fake_add_user_state (JsonBuilder       *b,
                            FakeService       *svc,
                            const FakeAccount *account)
{
  json_builder_set_member_name (b, "user");
  json_builder_begin_object (b);
  if (account != NULL)
    {
      g_autofree char *id = rumble_fake_account_public_id (account);

      rumble_fake_json_member_string (b, "id", id);
      rumble_fake_json_member_bool (b, "logged_in", TRUE);
      json_builder_set_member_name (b, "chat");
      json_builder_begin_object (b);
      rumble_fake_json_member_string (b, "endpoint", rumble_fake_server_get_chat_url (svc->server));
      json_builder_end_object (b);
    }
  else
    {
      rumble_fake_json_member_string (b, "id", NULL);
      rumble_fake_json_member_bool (b, "logged_in", FALSE);
    }
  json_builder_end_object (b);
}

const FakeAccount *
rumble_fake_call_account (FakeCall *call)
{
  if (call->token == NULL || call->logged_out)
    return NULL;
  return &rumble_fake_accounts[call->token->account];
}

void
rumble_fake_add_errors (JsonBuilder *b,
                        const char  *code,
                        const char  *message,
                        gboolean     with_type)
{
  json_builder_set_member_name (b, "errors");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  rumble_fake_json_member_string (b, "code", code);
  rumble_fake_json_member_string (b, "message", message);
  if (with_type)
    rumble_fake_json_member_string (b, "type", "error");
  json_builder_end_object (b);
  json_builder_end_array (b);
}

/* A service.php failure: `user`, optional `data.success: false`, `errors[]`. */
void
rumble_fake_service_error (FakeCall   *call,
                           guint       status,
                           gboolean    with_data,
                           const char *code,
                           const char *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  rumble_fake_add_user_state (b, call->svc, rumble_fake_call_account (call));
  if (with_data)
    {
      json_builder_set_member_name (b, "data");
      json_builder_begin_object (b);
      rumble_fake_json_member_bool (b, "success", FALSE);
      json_builder_end_object (b);
    }
  rumble_fake_add_errors (b, code, message, FALSE);
  json_builder_end_object (b);
  rumble_fake_respond_builder (call->msg, status, b);
}

void
rumble_fake_service_answer_flag (FakeCall   *call,
                                 const char *name,
                                 gboolean    value)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  rumble_fake_add_user_state (b, call->svc, rumble_fake_call_account (call));
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  rumble_fake_json_member_bool (b, name, value);
  json_builder_end_object (b);
  json_builder_end_object (b);
  rumble_fake_respond_builder (call->msg, SOUP_STATUS_OK, b);
}

void
rumble_fake_service_success (FakeCall *call)
{
  rumble_fake_service_answer_flag (call, "success", TRUE);
}

/* The chat host's and /chat/command's success: `{"data":{"success":true}}`. */
void
rumble_fake_chat_success (FakeCall *call)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  rumble_fake_json_member_bool (b, "success", TRUE);
  json_builder_end_object (b);
  json_builder_end_object (b);
  rumble_fake_respond_builder (call->msg, SOUP_STATUS_OK, b);
}

/* A chat host failure (PROTOCOL.md §3.2): `{"errors":[{code, message, type}]}`. */
void
rumble_fake_chat_error (FakeCall   *call,
                        guint       status,
                        const char *code,
                        const char *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  rumble_fake_add_errors (b, code, message, TRUE);
  json_builder_end_object (b);
  rumble_fake_respond_builder (call->msg, status, b);
}

void
rumble_fake_service_push_event (FakeService *svc,
                                const char  *stream,
                                JsonBuilder *b)
{
  g_autofree char *json = rumble_fake_json_builder_to_string (b);

  rumble_fake_server_push_event (svc->server, stream, json);
}

const char *
rumble_fake_call_form (FakeCall   *call,
                       const char *name)
{
  return call->form != NULL ? g_hash_table_lookup (call->form, name) : NULL;
}

const char *
rumble_fake_call_query (FakeCall   *call,
                        const char *name)
{
  return call->query != NULL ? g_hash_table_lookup (call->query, name) : NULL;
}

gboolean
rumble_fake_is_decimal (const char *s)
{
  if (s == NULL || *s == '\0' || strlen (s) > 19)
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

gboolean
rumble_fake_nonempty (const char *s)
{
  return s != NULL && *s != '\0';
}

gboolean
rumble_fake_call_require_login (FakeCall *call)
{
  if (call->token != NULL)
    return TRUE;

  rumble_fake_service_error (call, SOUP_STATUS_OK, TRUE, "login",
                             "You must be logged in to do that.");
  return FALSE;
}

void
rumble_fake_call_permission_error (FakeCall *call)
{
  rumble_fake_service_error (call, SOUP_STATUS_FORBIDDEN, FALSE, "permission",
                             "You do not have permission to moderate this chat.");
}
