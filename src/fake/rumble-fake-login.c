/* rumble-fake-login.c — the fake service's login, two-factor and sessions
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * service.php's user.* methods (PROTOCOL.md §2), the login pages, and the session
 * tokens with their cookies.
 */
#define G_LOG_DOMAIN "rumble-fake"

#include "config.h"

#include <string.h>

#include "rumble-fake-service-private.h"

#define COOKIE_MAX_AGE       (30 * 24 * 3600)
#define VALID_2FA_CODE       "123456"

static char *
random_hex (guint n_chars)
{
  GString *s = g_string_sized_new (n_chars);

  while (s->len < n_chars)
    g_string_append_printf (s, "%08x", g_random_int ());
  g_string_truncate (s, n_chars);

  return g_string_free (s, FALSE);
}

const char *
rumble_fake_service_issue_token (FakeService *svc,
                                 guint        account,
                                 guint64      session)
{
  FakeToken *token = g_new0 (FakeToken, 1);
  char *str = random_hex (32);

  token->account = account;
  token->session = session;
  token->issued_us = g_get_monotonic_time ();
  g_hash_table_insert (svc->tokens, str, token);

  g_free (svc->latest_token);
  svc->latest_token = g_strdup (str);

  return str;
}

static const char *
new_session (FakeService *svc,
             guint        account)
{
  return rumble_fake_service_issue_token (svc, account, ++svc->next_session);
}

static void
end_session (FakeService *svc,
             guint64      session)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, svc->tokens);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((FakeToken *) value)->session == session)
      g_hash_table_iter_remove (&iter);
}

void
rumble_fake_set_session_cookie (SoupServerMessage *msg,
                                const char        *token)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expires = g_date_time_add_seconds (now, COOKIE_MAX_AGE);
  g_autofree char *date = soup_date_time_to_string (expires, SOUP_DATE_COOKIE);
  g_autofree char *value = NULL;

  value = g_strdup_printf ("u_s=%s; expires=%s; Max-Age=%d; path=/; HttpOnly",
                           token, date, COOKIE_MAX_AGE);
  soup_message_headers_append (headers, "Set-Cookie", value);
}

static void
clear_session_cookie (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_append (headers, "Set-Cookie",
                               "u_s=deleted; expires=Thu, 01-Jan-1970 00:00:01 GMT; "
                               "Max-Age=0; path=/; HttpOnly");
}

void
rumble_fake_pending_free (FakePending *pending)
{
  g_free (pending->totp_id);
  g_free (pending);
}

void
rumble_fake_handle_get_salts (FakeCall *call)
{
  const FakeAccount *account = rumble_fake_account_find (rumble_fake_call_form (call, "username"),
                                                         NULL);
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  rumble_fake_add_user_state (b, call->svc, rumble_fake_call_account (call));
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "salts");
  json_builder_begin_array (b);
  /* An unknown username gets no salts (fewer than three = wrong username). */
  if (account != NULL)
    for (guint i = 0; i < 3; i++)
      json_builder_add_string_value (b, account->salts[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  rumble_fake_respond_builder (call->msg, SOUP_STATUS_OK, b);
}

static void
credentials_error (FakeCall *call)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  rumble_fake_add_user_state (b, call->svc, NULL);
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  rumble_fake_json_member_bool (b, "success", FALSE);
  rumble_fake_json_member_string (b, "reason", "Invalid username or password");
  json_builder_end_object (b);
  rumble_fake_add_errors (b, "credentials", "Invalid username or password", FALSE);
  json_builder_end_object (b);
  rumble_fake_respond_builder (call->msg, SOUP_STATUS_OK, b);
}

void
rumble_fake_handle_first_step (FakeCall *call)
{
  FakeService *svc = call->svc;
  const char *legacy = rumble_fake_call_form (call, "legacy_password");
  const char *login = rumble_fake_call_form (call, "login");
  const char *password = rumble_fake_call_form (call, "password");
  const char *redirect_url = rumble_fake_call_form (call, "redirect_url");
  const FakeAccount *account;
  g_autoptr(JsonBuilder) b = NULL;
  guint index = 0;

  if (g_strcmp0 (legacy, "1") != 0 || !rumble_fake_nonempty (login) ||
      !rumble_fake_nonempty (password) || !rumble_fake_nonempty (redirect_url))
    {
      rumble_fake_service_error (call, SOUP_STATUS_BAD_REQUEST, TRUE, "missing_field",
                                 "The fields legacy_password=1, login, password and redirect_url "
                                 "are required.");
      return;
    }

  account = rumble_fake_account_find (login, &index);
  if (account == NULL || !rumble_fake_account_password_matches (account, password))
    {
      credentials_error (call);
      return;
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  rumble_fake_add_user_state (b, svc, NULL);
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  if (!account->two_factor)
    {
      rumble_fake_json_member_string (b, "totp_id", NULL);
    }
  else
    {
      FakePending *pending = g_new0 (FakePending, 1);
      g_autofree char *totp_hex = random_hex (8);
      g_autofree char *key_hex = random_hex (16);
      char *user_key = g_strconcat ("uk_", key_hex, NULL);

      pending->account = index;
      pending->totp_id = g_strconcat ("tp_", totp_hex, NULL);
      g_hash_table_insert (svc->pending, user_key, pending);

      rumble_fake_json_member_string (b, "totp_id", pending->totp_id);
      rumble_fake_json_member_string (b, "user_key", user_key);
      json_builder_set_member_name (b, "options");
      json_builder_begin_object (b);
      rumble_fake_json_member_bool (b, "authenticator", TRUE);
      rumble_fake_json_member_bool (b, "email", account->email_masked != NULL);
      rumble_fake_json_member_bool (b, "phone", account->has_phone);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  rumble_fake_respond_builder (call->msg, SOUP_STATUS_OK, b);
}

void
rumble_fake_handle_login (FakeCall *call)
{
  FakeService *svc = call->svc;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const FakeAccount *me = rumble_fake_call_account (call);
  const FakeAccount *account;
  const char *hashes;
  const char *token;
  guint index = 0;

  if (g_str_equal (call->method, "GET"))
    {
      /* "Who am I" probe (PROTOCOL.md §2.5). */
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "data");
      json_builder_begin_object (b);
      rumble_fake_json_member_string (b, "username", me ? me->username : NULL);
      json_builder_end_object (b);
      rumble_fake_add_user_state (b, svc, me);
      json_builder_end_object (b);
      rumble_fake_respond_builder (call->msg, SOUP_STATUS_OK, b);
      return;
    }

  account = rumble_fake_account_find (rumble_fake_call_form (call, "username"), &index);
  hashes = rumble_fake_call_form (call, "password_hashes");
  if (account == NULL || !rumble_fake_account_password_matches (account, hashes))
    {
      json_builder_begin_object (b);
      rumble_fake_add_user_state (b, svc, NULL);
      json_builder_set_member_name (b, "data");
      json_builder_begin_object (b);
      rumble_fake_json_member_bool (b, "session", FALSE);
      rumble_fake_json_member_string (b, "reason", "Invalid username or password");
      json_builder_end_object (b);
      json_builder_end_object (b);
      rumble_fake_respond_builder (call->msg, SOUP_STATUS_OK, b);
      return;
    }

  if (account->two_factor)
    {
      json_builder_begin_object (b);
      rumble_fake_add_user_state (b, svc, NULL);
      json_builder_set_member_name (b, "data");
      json_builder_begin_object (b);
      rumble_fake_json_member_bool (b, "session", FALSE);
      rumble_fake_json_member_string (b, "reason",
                                      "Two-factor authentication is required for this account");
      json_builder_end_object (b);
      json_builder_end_object (b);
      rumble_fake_respond_builder (call->msg, SOUP_STATUS_OK, b);
      return;
    }

  token = new_session (svc, index);
  json_builder_begin_object (b);
  rumble_fake_add_user_state (b, svc, account);
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  rumble_fake_json_member_string (b, "session", token);
  json_builder_end_object (b);
  json_builder_end_object (b);
  rumble_fake_respond_builder (call->msg, SOUP_STATUS_OK, b);
  rumble_fake_set_session_cookie (call->msg, token);
}

static void
expired_key_error (FakeCall *call)
{
  rumble_fake_service_error (call, SOUP_STATUS_OK, TRUE, "user_key", "Invalid or expired user key");
}

static FakePending *
lookup_pending (FakeCall *call)
{
  const char *user_key = rumble_fake_call_form (call, "user_key");
  const char *totp_id = rumble_fake_call_form (call, "totp_id");
  FakePending *pending;

  if (user_key == NULL || totp_id == NULL)
    return NULL;
  pending = g_hash_table_lookup (call->svc->pending, user_key);
  if (pending == NULL || pending->expired || !g_str_equal (pending->totp_id, totp_id))
    return NULL;
  return pending;
}

static void
rumble_fake_handle_request_code (FakeCall *call,
                                 gboolean  sms)
{
  g_autoptr(JsonBuilder) b = NULL;
  const FakeAccount *account;
  FakePending *pending;

  if (call->token_str != NULL)
    {
      /* Rumble rejects code requests that carry a (stale) session cookie (PROTOCOL.md §2.6). */
      rumble_fake_service_error (call, SOUP_STATUS_BAD_REQUEST, TRUE, "cookie",
                                 "This request must be sent without a session cookie.");
      return;
    }

  if (!rumble_fake_nonempty (rumble_fake_call_form (call, "totp_id")) ||
      !rumble_fake_nonempty (rumble_fake_call_form (call, "user_key")))
    {
      rumble_fake_service_error (call, SOUP_STATUS_BAD_REQUEST, TRUE, "missing_field",
                                 "The fields totp_id and user_key are required.");
      return;
    }

  pending = lookup_pending (call);
  if (pending == NULL)
    {
      expired_key_error (call);
      return;
    }

  account = &rumble_fake_accounts[pending->account];
  if ((sms && !account->has_phone) || (!sms && account->email_masked == NULL))
    {
      rumble_fake_service_error (call, SOUP_STATUS_BAD_REQUEST, TRUE, "option",
                                 "This verification method is not available for this account.");
      return;
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  rumble_fake_add_user_state (b, call->svc, NULL);
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  rumble_fake_json_member_bool (b, "success", TRUE);
  rumble_fake_json_member_string (b, "sent_to",
                                  sms ? account->phone_masked : account->email_masked);
  json_builder_end_object (b);
  json_builder_end_object (b);
  rumble_fake_respond_builder (call->msg, SOUP_STATUS_OK, b);
}

void
rumble_fake_handle_request_email (FakeCall *call)
{
  rumble_fake_handle_request_code (call, FALSE);
}

void
rumble_fake_handle_request_sms (FakeCall *call)
{
  rumble_fake_handle_request_code (call, TRUE);
}

void
rumble_fake_handle_verify_totp (FakeCall *call)
{
  FakeService *svc = call->svc;
  const char *code = rumble_fake_call_form (call, "code");
  const char *redirect_url = rumble_fake_call_form (call, "redirect_url");
  g_autoptr(JsonBuilder) b = NULL;
  FakePending *pending;
  const char *token;
  guint account;

  if (!rumble_fake_nonempty (code) || !rumble_fake_nonempty (redirect_url) ||
      !rumble_fake_nonempty (rumble_fake_call_form (call, "totp_id")) ||
      !rumble_fake_nonempty (rumble_fake_call_form (call, "user_key")))
    {
      rumble_fake_service_error (call, SOUP_STATUS_BAD_REQUEST, TRUE, "missing_field",
                                 "The fields code, redirect_url, totp_id and user_key are "
                                 "required.");
      return;
    }

  pending = lookup_pending (call);
  if (pending == NULL)
    {
      expired_key_error (call);
      return;
    }

  if (!g_str_equal (code, VALID_2FA_CODE))
    {
      rumble_fake_service_error (call, SOUP_STATUS_OK, TRUE, "code", "Invalid verification code");
      return;
    }

  account = pending->account;
  g_hash_table_remove (svc->pending, rumble_fake_call_form (call, "user_key"));

  /* The token travels only in Set-Cookie (PROTOCOL.md §2.6, H5a). */
  token = new_session (svc, account);
  b = json_builder_new ();
  json_builder_begin_object (b);
  rumble_fake_add_user_state (b, svc, &rumble_fake_accounts[account]);
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  rumble_fake_json_member_bool (b, "success", TRUE);
  rumble_fake_json_member_string (b, "redirect_url", redirect_url);
  json_builder_end_object (b);
  json_builder_end_object (b);
  rumble_fake_respond_builder (call->msg, SOUP_STATUS_OK, b);
  rumble_fake_set_session_cookie (call->msg, token);
}

void
rumble_fake_handle_logout (FakeCall *call)
{
  if (call->token != NULL)
    {
      end_session (call->svc, call->token->session);
      call->token = NULL;
      call->logged_out = TRUE;
    }

  rumble_fake_service_success (call);
  clear_session_cookie (call->msg);
}

void
rumble_fake_handle_has_unread (FakeCall *call)
{
  rumble_fake_service_answer_flag (call, "has_unread", FALSE);
}

void
rumble_fake_handle_login_php (FakeCall *call)
{
  if (!g_str_equal (call->method, "GET"))
    {
      rumble_fake_respond_text (call->msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "text/plain", "", 0);
      return;
    }

  rumble_fake_call_redirect (call, call->token != NULL ? "/" : "/auth.rumble.com/login");
}

void
rumble_fake_handle_front (FakeCall *call)
{
  rumble_fake_respond_html (call->msg,
                            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                            "<title>Rumble</title></head>\n"
                            "<body><h1>Rumble</h1><p>Welcome back.</p></body></html>\n");
}

void
rumble_fake_handle_auth_page (FakeCall *call)
{
  rumble_fake_respond_html (call->msg,
                            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                            "<title>Login - Rumble</title></head>\n"
                            "<body><h1>Login</h1><form method=\"post\" action=\"/login.php\">"
                            "<input name=\"username\"><input name=\"password\" type=\"password\">"
                            "<button type=\"submit\">Sign in</button></form></body></html>\n");
}

void
rumble_fake_service_expire_user_keys (RumbleFakeServer *self)
{
  FakeService *svc = rumble_fake_service_get (self);
  GHashTableIter iter;
  gpointer value;

  if (svc == NULL)
    return;

  g_hash_table_iter_init (&iter, svc->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((FakePending *) value)->expired = TRUE;
}

void
rumble_fake_service_renew_next (RumbleFakeServer *self)
{
  FakeService *svc = rumble_fake_service_get (self);

  if (svc != NULL)
    svc->renew_next = TRUE;
}

char *
rumble_fake_service_dup_latest_token (RumbleFakeServer *self)
{
  FakeService *svc = rumble_fake_service_get (self);

  return svc != NULL ? g_strdup (svc->latest_token) : NULL;
}

guint
rumble_fake_service_get_n_tokens (RumbleFakeServer *self)
{
  FakeService *svc = rumble_fake_service_get (self);

  return svc != NULL ? g_hash_table_size (svc->tokens) : 0;
}

gboolean
rumble_fake_service_token_is_valid (RumbleFakeServer *self,
                                    const char       *token)
{
  FakeService *svc = rumble_fake_service_get (self);

  return svc != NULL && token != NULL && g_hash_table_contains (svc->tokens, token);
}

char *
rumble_fake_service_login (RumbleFakeServer *self,
                           const char       *username)
{
  FakeService *svc = rumble_fake_service_get (self);
  guint index = 0;

  if (svc == NULL || rumble_fake_account_find (username, &index) == NULL)
    return NULL;

  return g_strdup (new_session (svc, index));
}
