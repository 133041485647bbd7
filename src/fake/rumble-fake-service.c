/* rumble-fake-service.c — the fake's service.php and rumble.com routes: state and dispatch
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Imitates the rumble.com side of PROTOCOL.md §2–§4 and the chat host's send/delete routes
 * (§3), with state: fixed accounts, session tokens, pending two-factor logins, moderators,
 * the pinned message, mute records. Every route is answered from the server's
 * "request-read" signal, so the core's own handlers never see these requests and the
 * order in which handlers are registered does not matter. The handlers live in
 * rumble-fake-login.c, rumble-fake-moderation.c, rumble-fake-mutes.c,
 * rumble-fake-chat-host.c and rumble-fake-emotes.c.
 *
 * It shares no code with the client library: its hashing, cookie handling and JSON are
 * written independently.
 */
#define G_LOG_DOMAIN "rumble-fake"

#include "config.h"

#include <string.h>

#include "rumble-fake-service-private.h"

#define MAX_REQUEST_BODY     (64 * 1024)
#define FIRST_MUTE_RECORD_ID 4410021
#define RENEW_AFTER_US       (10 * G_TIME_SPAN_MINUTE)

typedef enum {
  ROUTE_NONE,
  ROUTE_SERVICE,
  ROUTE_LOGIN_PHP,
  ROUTE_FRONT,
  ROUTE_AUTH_PAGE,
  ROUTE_COMMAND,
  ROUTE_MUTING,
  ROUTE_EMOTE_IMAGE,
  ROUTE_CHAT_OPTIONS,
  ROUTE_CHAT_SEND,
  ROUTE_CHAT_DELETE,
  ROUTE_CHAT_BAD_METHOD,
} FakeRoute;

/* /chat/api/chat/{id}/message[/{mid}] */
static FakeRoute
route_chat (const char  *path,
            const char  *method,
            char       **stream,
            char       **message_id)
{
  g_auto(GStrv) parts = NULL;
  guint n;

  if (!g_str_has_prefix (path, "/chat/api/chat/"))
    return ROUTE_NONE;

  parts = g_strsplit (path + strlen ("/chat/api/chat/"), "/", 4);
  n = g_strv_length (parts);
  if (n < 2 || n > 3 || !g_str_equal (parts[1], "message") || !rumble_fake_is_decimal (parts[0]))
    return ROUTE_NONE;
  if (n == 3 && parts[2][0] == '\0')
    return ROUTE_NONE;

  *stream = g_strdup (parts[0]);
  if (n == 3)
    *message_id = g_strdup (parts[2]);

  if (g_str_equal (method, "OPTIONS"))
    return ROUTE_CHAT_OPTIONS;
  if (n == 2 && g_str_equal (method, "POST"))
    return ROUTE_CHAT_SEND;
  if (n == 3 && g_str_equal (method, "DELETE"))
    return ROUTE_CHAT_DELETE;
  return ROUTE_CHAT_BAD_METHOD;
}

static FakeRoute
route_request (const char  *path,
               const char  *method,
               char       **stream,
               char       **message_id)
{
  FakeRoute route;

  if (g_str_equal (path, "/service.php"))
    return ROUTE_SERVICE;
  if (g_str_equal (path, "/login.php"))
    return ROUTE_LOGIN_PHP;
  if (g_str_equal (path, "/") && g_str_equal (method, "GET"))
    return ROUTE_FRONT;
  if (g_str_has_prefix (path, "/auth.rumble.com/") && g_str_equal (method, "GET"))
    return ROUTE_AUTH_PAGE;
  if (g_str_equal (path, "/chat/command"))
    return ROUTE_COMMAND;
  if (g_str_equal (path, "/account/moderation/muting") ||
      g_str_equal (path, "/account/moderation/muting/"))
    return ROUTE_MUTING;
  if (g_str_has_prefix (path, "/i/emotes/") && g_str_equal (method, "GET"))
    return ROUTE_EMOTE_IMAGE;

  route = route_chat (path, method, stream, message_id);
  return route;
}

static const char *
route_endpoint (FakeRoute   route,
                GHashTable *query)
{
  const char *name;

  switch (route)
    {
    case ROUTE_SERVICE:
      name = query != NULL ? g_hash_table_lookup (query, "name") : NULL;
      return name != NULL ? name : "";
    case ROUTE_LOGIN_PHP:       return "login.php";
    case ROUTE_FRONT:           return "front";
    case ROUTE_AUTH_PAGE:       return "auth";
    case ROUTE_COMMAND:         return "command";
    case ROUTE_MUTING:          return "muting";
    case ROUTE_EMOTE_IMAGE:     return "emote.image";
    case ROUTE_CHAT_OPTIONS:    return "options";
    case ROUTE_CHAT_SEND:       return "send";
    case ROUTE_CHAT_DELETE:     return "delete";
    case ROUTE_CHAT_BAD_METHOD: return "chat";
    case ROUTE_NONE:
    default:
      return NULL;
    }
}

typedef struct {
  const char *name;
  const char *method;
  void      (*handler) (FakeCall *call);
} FakeMethod;

static const FakeMethod service_methods[] = {
  { "user.get_salts",                "POST", rumble_fake_handle_get_salts },
  { "user.2fa.first_step",           "POST", rumble_fake_handle_first_step },
  { "user.login",                    NULL,   rumble_fake_handle_login },
  { "user.2fa.request_email_code",   "POST", rumble_fake_handle_request_email },
  { "user.2fa.request_sms_code",     "POST", rumble_fake_handle_request_sms },
  { "user.2fa.verify_totp",          "POST", rumble_fake_handle_verify_totp },
  { "user.logout",                   "GET",  rumble_fake_handle_logout },
  { "user.has_unread_notifications", "GET",  rumble_fake_handle_has_unread },
  { "chat.message.pin",              "POST", rumble_fake_handle_pin_message },
  { "chat.message.unpin",            "POST", rumble_fake_handle_unpin_message },
  { "moderation.mute",               "POST", rumble_fake_handle_mute },
  { "moderation.unmute",             "POST", rumble_fake_handle_unmute },
  { "raid.confirm",                  "POST", rumble_fake_handle_raid_confirm },
  { "emote.list",                    "GET",  rumble_fake_handle_emote_list },
};

static void
rumble_fake_handle_service (FakeCall *call)
{
  const FakeMethod *method = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (service_methods); i++)
    if (g_strcmp0 (service_methods[i].name, call->endpoint) == 0)
      method = &service_methods[i];

  if (method == NULL)
    {
      rumble_fake_service_error (call, SOUP_STATUS_BAD_REQUEST, FALSE, "unknown_method",
                                 "Unknown method.");
      return;
    }

  if (method->method != NULL && !g_str_equal (method->method, call->method))
    {
      rumble_fake_service_error (call, SOUP_STATUS_METHOD_NOT_ALLOWED, FALSE, "method",
                                 "This method is not allowed here.");
      return;
    }

  method->handler (call);

  /* Rumble extends sessions by re-sending the cookie now and then (PROTOCOL.md §1.6). */
  if (call->token != NULL && !call->logged_out &&
      g_str_equal (call->endpoint, "user.has_unread_notifications") &&
      g_get_monotonic_time () - call->token->issued_us > RENEW_AFTER_US)
    call->svc->renew_next = TRUE;
}

static char *
request_session_cookie (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *cookie = soup_message_headers_get_list (headers, "Cookie");
  g_auto(GStrv) parts = NULL;

  if (cookie == NULL || strlen (cookie) > 8192)
    return NULL;

  parts = g_strsplit (cookie, ";", 64);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = g_strstrip (parts[i]);

      if (g_str_has_prefix (part, "u_s="))
        return g_strdup (part + strlen ("u_s="));
    }

  return NULL;
}

/* Decodes an urlencoded body into call->form; FALSE when a POST body is not a form. */
static gboolean
parse_form_body (FakeCall *call)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (call->msg);
  SoupMessageBody *body = soup_server_message_get_request_body (call->msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;

  /* The chat host's send route takes JSON, checked by its handler. */
  if (body->length == 0 || g_str_equal (call->endpoint, "send"))
    return TRUE;
  if (g_strcmp0 (content_type, "application/x-www-form-urlencoded") != 0)
    return FALSE;

  bytes = soup_message_body_flatten (body);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  call->form = soup_form_decode (text);
  return TRUE;
}

static void
dispatch (FakeCall  *call,
          FakeRoute  route)
{
  switch (route)
    {
    case ROUTE_SERVICE:         rumble_fake_handle_service (call); break;
    case ROUTE_LOGIN_PHP:       rumble_fake_handle_login_php (call); break;
    case ROUTE_FRONT:           rumble_fake_handle_front (call); break;
    case ROUTE_AUTH_PAGE:       rumble_fake_handle_auth_page (call); break;
    case ROUTE_COMMAND:         rumble_fake_handle_command (call); break;
    case ROUTE_MUTING:          rumble_fake_handle_muting (call); break;
    case ROUTE_EMOTE_IMAGE:     rumble_fake_handle_emote_image (call); break;
    case ROUTE_CHAT_OPTIONS:    rumble_fake_handle_options (call); break;
    case ROUTE_CHAT_SEND:       rumble_fake_handle_send (call); break;
    case ROUTE_CHAT_DELETE:     rumble_fake_handle_delete (call); break;
    case ROUTE_CHAT_BAD_METHOD: rumble_fake_handle_chat_bad_method (call); break;
    case ROUTE_NONE:
    default:
      g_assert_not_reached ();
    }
}

static void
on_stalled_finished (SoupServerMessage *msg,
                     FakeService       *svc)
{
  g_signal_handlers_disconnect_by_data (msg, svc);
  g_ptr_array_remove_fast (svc->stalled, msg);
}

static void
release_stalled (FakeService *svc)
{
  /* A stalled request never gets an answer; the connection goes away with the server. */
  while (svc->stalled->len > 0)
    {
      SoupServerMessage *msg = g_ptr_array_index (svc->stalled, svc->stalled->len - 1);

      g_signal_handlers_disconnect_by_data (msg, svc);
      g_ptr_array_remove_index (svc->stalled, svc->stalled->len - 1);
    }
}

static void
on_request_read (SoupServer        *soup,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  FakeService *svc = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  const char *path = g_uri_get_path (uri);
  const char *query = g_uri_get_query (uri);
  g_autofree char *stream = NULL;
  g_autofree char *message_id = NULL;
  FakeCall call = { 0 };
  g_autoptr(RumbleFakeFault) fault = NULL;
  FakeRoute route;

  if (soup_server_message_get_status (msg) != 0 || path == NULL)
    return;

  route = route_request (path, soup_server_message_get_method (msg), &stream, &message_id);
  if (route == ROUTE_NONE)
    return;

  call.svc = svc;
  call.msg = msg;
  call.method = soup_server_message_get_method (msg);
  call.stream = stream;
  call.message_id = message_id;
  call.query = query != NULL ? soup_form_decode (query) : NULL;
  call.endpoint = route_endpoint (route, call.query);
  call.token_str = request_session_cookie (msg);
  call.token = call.token_str != NULL ? g_hash_table_lookup (svc->tokens, call.token_str) : NULL;

  fault = rumble_fake_server_take_fault (svc->server, call.endpoint);
  if (fault != NULL && fault->kind == RUMBLE_FAKE_FAULT_STALL)
    {
      /* Never answer: the client's own deadline has to fire. */
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_pause (msg);
      g_ptr_array_add (svc->stalled, g_object_ref (msg));
      g_signal_connect (msg, "finished", G_CALLBACK (on_stalled_finished), svc);
    }
  else if (fault != NULL && !fault->after_action)
    {
      rumble_fake_fault_respond (fault, msg, "");
    }
  else if (soup_server_message_get_request_body (msg)->length > MAX_REQUEST_BODY)
    {
      rumble_fake_respond_text (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "text/plain", "", 0);
    }
  else if (!parse_form_body (&call))
    {
      if (route == ROUTE_SERVICE)
        rumble_fake_service_error (&call, SOUP_STATUS_BAD_REQUEST, FALSE, "content_type",
                                   "Form fields must be sent as "
                                   "application/x-www-form-urlencoded.");
      else
        rumble_fake_chat_error (&call, SOUP_STATUS_BAD_REQUEST, "content_type",
                                "Form fields must be sent as application/x-www-form-urlencoded.");
    }
  else
    {
      dispatch (&call, route);

      if (fault != NULL)
        rumble_fake_fault_respond (fault, msg, "");

      if (call.token != NULL && !call.logged_out && svc->renew_next)
        {
          const char *fresh = rumble_fake_service_issue_token (svc, call.token->account,
                                                               call.token->session);

          svc->renew_next = FALSE;
          rumble_fake_set_session_cookie (msg, fresh);
        }
    }

  g_clear_pointer (&call.query, g_hash_table_unref);
  g_clear_pointer (&call.form, g_hash_table_unref);
  g_free (call.token_str);
}

static void
fake_service_disconnect (FakeService *svc)
{
  if (svc->soup != NULL)
    {
      g_clear_signal_handler (&svc->request_read_id, svc->soup);
      g_clear_object (&svc->soup);
    }
  release_stalled (svc);
}

static void
fake_service_free (gpointer data)
{
  FakeService *svc = data;

  fake_service_disconnect (svc);
  g_hash_table_unref (svc->tokens);
  g_hash_table_unref (svc->pending);
  g_hash_table_unref (svc->moderation);
  g_hash_table_unref (svc->pinned);
  g_hash_table_unref (svc->raids);
  g_ptr_array_unref (svc->mutes);
  g_ptr_array_unref (svc->stalled);
  g_free (svc->latest_token);
  g_free (svc);
}

FakeService *
rumble_fake_service_get (RumbleFakeServer *self)
{
  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);

  return rumble_fake_server_get_service_data (self);
}

void
rumble_fake_service_install (RumbleFakeServer *self,
                             SoupServer       *soup)
{
  FakeService *svc;

  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  g_return_if_fail (SOUP_IS_SERVER (soup));

  svc = rumble_fake_server_get_service_data (self);
  if (svc == NULL)
    {
      svc = g_new0 (FakeService, 1);
      svc->server = self;
      svc->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      svc->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) rumble_fake_pending_free);
      svc->moderation = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      svc->pinned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      svc->raids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      svc->mutes = g_ptr_array_new_with_free_func ((GDestroyNotify) rumble_fake_mute_free);
      svc->next_record_id = FIRST_MUTE_RECORD_ID;
      svc->stalled = g_ptr_array_new_with_free_func (g_object_unref);
      rumble_fake_server_set_service_data (self, svc, fake_service_free);
    }

  fake_service_disconnect (svc);
  svc->soup = g_object_ref (soup);
  svc->request_read_id = g_signal_connect (soup, "request-read", G_CALLBACK (on_request_read), svc);
}

void
rumble_fake_service_uninstall (RumbleFakeServer *self)
{
  FakeService *svc = rumble_fake_service_get (self);

  if (svc != NULL)
    fake_service_disconnect (svc);
}

gboolean
rumble_fake_service_can_moderate (RumbleFakeServer *self,
                                  const char       *token,
                                  const char       *stream_id_b10)
{
  FakeService *svc = rumble_fake_service_get (self);
  FakeToken *t;

  if (svc == NULL || token == NULL || stream_id_b10 == NULL)
    return FALSE;

  t = g_hash_table_lookup (svc->tokens, token);
  return t != NULL && rumble_fake_account_moderates (svc, t->account, stream_id_b10);
}
