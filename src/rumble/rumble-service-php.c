/* rumble-service-php.c — Rumble's service.php: login with 2FA, session test, logout, calls
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rumble-service"

#include "config.h"

#include <string.h>

#include "rumble-chat-api.h"
#include "rumble-error.h"
#include "rumble-http-private.h"
#include "rumble-id.h"
#include "rumble-json-private.h"
#include "rumble-password.h"
#include "rumble-service-php.h"
#include "rumble-session-store.h"

/* Longest second-factor code accepted from the user. */
#define CODE_MAX 32
/* Longest username accepted (Rumble's are far shorter). */
#define USERNAME_MAX 256

struct _RumbleServicePhp
{
  GObject             parent_instance;

  char               *site_url;
  SoupSession        *soup;
  char               *session;
  char               *username;
  char               *user_id;

  /* Pending second factor of the last login. */
  char               *totp_id;
  char               *user_key;
  RumbleSecondFactor  second_factors;
};

G_DEFINE_FINAL_TYPE (RumbleServicePhp, rumble_service_php, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SITE_URL,
  PROP_SOUP_SESSION,
  PROP_SESSION,
  PROP_USERNAME,
  PROP_USER_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_second_factor (RumbleServicePhp *self)
{
  rumble_secret_clear (&self->totp_id);
  rumble_secret_clear (&self->user_key);
  self->second_factors = RUMBLE_SECOND_FACTOR_NONE;
}

static void
set_user_id (RumbleServicePhp *self,
             const char       *user_id)
{
  if (g_strcmp0 (self->user_id, user_id) == 0)
    return;

  g_free (self->user_id);
  self->user_id = g_strdup (user_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_ID]);
}

/* The top-level `user.id` ("_" + base 36) of a reply as a decimal string, or NULL. */
static char *
user_id_from_reply (JsonObject *root)
{
  JsonObject *user = rumble_json_get_object (root, "user");
  const char *id = rumble_json_get_string (user, "id");

  if (id == NULL)
    return NULL;
  if (id[0] == '_')
    id++;
  return rumble_id_b36_to_b10 (id);
}

/* Applies a renewed `u_s` from a reply to a request that carried our cookie. */
static void
take_renewed_session (RumbleServicePhp *self,
                      RumbleHttpReply  *reply)
{
  if (reply->session == NULL || !reply->sent_cookie || self->session == NULL)
    return;
  if (g_strcmp0 (reply->session, self->session) == 0)
    return;

  g_debug ("Rumble renewed the session cookie");
  rumble_service_php_set_session (self, reply->session);
}

static void
rumble_service_php_dispose (GObject *object)
{
  RumbleServicePhp *self = (RumbleServicePhp *) object;

  g_clear_object (&self->soup);

  G_OBJECT_CLASS (rumble_service_php_parent_class)->dispose (object);
}

static void
rumble_service_php_finalize (GObject *object)
{
  RumbleServicePhp *self = (RumbleServicePhp *) object;

  clear_second_factor (self);
  rumble_secret_clear (&self->session);
  g_clear_pointer (&self->site_url, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->user_id, g_free);

  G_OBJECT_CLASS (rumble_service_php_parent_class)->finalize (object);
}

static void
rumble_service_php_constructed (GObject *object)
{
  RumbleServicePhp *self = (RumbleServicePhp *) object;

  G_OBJECT_CLASS (rumble_service_php_parent_class)->constructed (object);

  if (self->soup == NULL)
    self->soup = soup_session_new ();
  if (self->site_url == NULL)
    self->site_url = g_strdup (RUMBLE_DEFAULT_SITE_URL);
}

static void
rumble_service_php_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RumbleServicePhp *self = RUMBLE_SERVICE_PHP (object);

  switch (prop_id)
    {
    case PROP_SITE_URL:
      g_value_set_string (value, self->site_url);
      break;
    case PROP_SOUP_SESSION:
      g_value_set_object (value, self->soup);
      break;
    case PROP_SESSION:
      g_value_set_string (value, self->session);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_USER_ID:
      g_value_set_string (value, self->user_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rumble_service_php_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RumbleServicePhp *self = RUMBLE_SERVICE_PHP (object);

  switch (prop_id)
    {
    case PROP_SITE_URL:
      rumble_service_php_set_site_url (self, g_value_get_string (value));
      break;
    case PROP_SOUP_SESSION:
      g_set_object (&self->soup, g_value_get_object (value));
      break;
    case PROP_SESSION:
      rumble_service_php_set_session (self, g_value_get_string (value));
      break;
    case PROP_USERNAME:
      rumble_service_php_set_username (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rumble_service_php_class_init (RumbleServicePhpClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = rumble_service_php_constructed;
  object_class->dispose = rumble_service_php_dispose;
  object_class->finalize = rumble_service_php_finalize;
  object_class->get_property = rumble_service_php_get_property;
  object_class->set_property = rumble_service_php_set_property;

  properties[PROP_SITE_URL] =
    g_param_spec_string ("site-url", NULL, NULL,
                         RUMBLE_DEFAULT_SITE_URL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOUP_SESSION] =
    g_param_spec_object ("soup-session", NULL, NULL,
                         SOUP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_string ("session", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER_ID] =
    g_param_spec_string ("user-id", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rumble_service_php_init (RumbleServicePhp *self)
{
}

RumbleServicePhp *
rumble_service_php_new (const char  *site_url,
                        SoupSession *soup)
{
  g_return_val_if_fail (!soup || SOUP_IS_SESSION (soup), NULL);

  return g_object_new (RUMBLE_TYPE_SERVICE_PHP,
                       "site-url", site_url != NULL ? site_url : RUMBLE_DEFAULT_SITE_URL,
                       "soup-session", soup,
                       NULL);
}

const char *
rumble_service_php_get_site_url (RumbleServicePhp *self)
{
  g_return_val_if_fail (RUMBLE_IS_SERVICE_PHP (self), NULL);

  return self->site_url;
}

void
rumble_service_php_set_site_url (RumbleServicePhp *self,
                                 const char       *site_url)
{
  g_return_if_fail (RUMBLE_IS_SERVICE_PHP (self));

  if (site_url == NULL)
    site_url = RUMBLE_DEFAULT_SITE_URL;
  if (g_strcmp0 (self->site_url, site_url) == 0)
    return;

  g_free (self->site_url);
  self->site_url = g_strdup (site_url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SITE_URL]);
}

SoupSession *
rumble_service_php_get_soup_session (RumbleServicePhp *self)
{
  g_return_val_if_fail (RUMBLE_IS_SERVICE_PHP (self), NULL);

  return self->soup;
}

const char *
rumble_service_php_get_session (RumbleServicePhp *self)
{
  g_return_val_if_fail (RUMBLE_IS_SERVICE_PHP (self), NULL);

  return self->session;
}

void
rumble_service_php_set_session (RumbleServicePhp *self,
                                const char       *session)
{
  g_return_if_fail (RUMBLE_IS_SERVICE_PHP (self));

  if (session != NULL && session[0] == '\0')
    session = NULL;
  if (g_strcmp0 (self->session, session) == 0)
    return;

  rumble_secret_clear (&self->session);
  self->session = g_strdup (session);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

const char *
rumble_service_php_get_username (RumbleServicePhp *self)
{
  g_return_val_if_fail (RUMBLE_IS_SERVICE_PHP (self), NULL);

  return self->username;
}

void
rumble_service_php_set_username (RumbleServicePhp *self,
                                 const char       *username)
{
  g_return_if_fail (RUMBLE_IS_SERVICE_PHP (self));

  if (g_strcmp0 (self->username, username) == 0)
    return;

  g_free (self->username);
  self->username = g_strdup (username);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
}

const char *
rumble_service_php_get_user_id (RumbleServicePhp *self)
{
  g_return_val_if_fail (RUMBLE_IS_SERVICE_PHP (self), NULL);

  return self->user_id;
}

RumbleSecondFactor
rumble_service_php_get_second_factors (RumbleServicePhp *self)
{
  g_return_val_if_fail (RUMBLE_IS_SERVICE_PHP (self), RUMBLE_SECOND_FACTOR_NONE);

  return self->second_factors;
}

gboolean
rumble_service_php_get_needs_second_factor (RumbleServicePhp *self)
{
  g_return_val_if_fail (RUMBLE_IS_SERVICE_PHP (self), FALSE);

  return self->totp_id != NULL;
}

/* One service.php request with the fake browser UA. */
static void
service_request (RumbleServicePhp      *self,
                 const char            *method,
                 const RumbleHttpField *fields,
                 gsize                  n_fields,
                 RumbleServiceCallFlags flags,
                 const char            *session,
                 GCancellable          *cancellable,
                 GAsyncReadyCallback    callback,
                 gpointer               user_data)
{
  RumbleHttpFlags http_flags = RUMBLE_HTTP_BROWSER_UA;
  g_autofree char *form = rumble_http_encode_form (fields, n_fields);
  g_autofree char *url = NULL;

  if (flags & RUMBLE_SERVICE_CALL_MUTATION)
    http_flags |= RUMBLE_HTTP_MUTATION;

  if (flags & RUMBLE_SERVICE_CALL_GET)
    {
      url = rumble_http_service_url (self->site_url, method, form);
      rumble_http_request_async (self->soup, SOUP_METHOD_GET, url, session, NULL, NULL,
                                 http_flags, cancellable, callback, user_data);
    }
  else
    {
      gsize len = strlen (form);
      g_autoptr(GBytes) body = g_bytes_new_take (g_steal_pointer (&form), len);

      url = rumble_http_service_url (self->site_url, method, NULL);
      rumble_http_request_async (self->soup, SOUP_METHOD_POST, url, session,
                                 "application/x-www-form-urlencoded", body,
                                 http_flags, cancellable, callback, user_data);
    }
}

/* Login */

typedef struct {
  char *username;
  char *password;
  char *hashes;
} LoginData;

static void
login_data_free (LoginData *data)
{
  g_free (data->username);
  rumble_secret_clear (&data->password);
  rumble_secret_clear (&data->hashes);
  g_free (data);
}

static void
on_login_reply (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RumbleServicePhp *self = g_task_get_source_object (task);
  LoginData *data = g_task_get_task_data (task);
  g_autoptr(RumbleHttpReply) reply = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autofree char *user_id = NULL;
  JsonObject *response;
  const char *token = NULL;
  GError *error = NULL;

  reply = rumble_http_request_finish (result, &error);
  if (reply == NULL ||
      !(root = rumble_http_reply_get_object (reply, RUMBLE_ERROR_AUTH, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  response = rumble_json_get_object (root, "data");
  token = rumble_json_get_string (response, "session");
  if (token == NULL || token[0] == '\0')
    token = reply->session;   /* the same token may only come as a cookie */

  if (token == NULL || !rumble_http_session_is_valid (token))
    {
      g_autofree char *server = rumble_http_server_message (root);

      g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_AUTH, "%s",
                               server != NULL ? server : "Wrong username or password.");
      return;
    }

  g_debug ("Logged in without a second factor");
  clear_second_factor (self);
  user_id = user_id_from_reply (root);
  g_object_freeze_notify (G_OBJECT (self));
  rumble_service_php_set_username (self, data->username);
  rumble_service_php_set_session (self, token);
  set_user_id (self, user_id);
  g_object_thaw_notify (G_OBJECT (self));

  g_task_return_int (task, RUMBLE_LOGIN_DONE);
}

static RumbleSecondFactor
parse_second_factors (JsonObject *options)
{
  static const struct {
    const char         *name;
    RumbleSecondFactor  factor;
  } known[] = {
    { "authenticator", RUMBLE_SECOND_FACTOR_AUTHENTICATOR },
    { "email", RUMBLE_SECOND_FACTOR_EMAIL },
    { "phone", RUMBLE_SECOND_FACTOR_PHONE },
  };
  RumbleSecondFactor factors = RUMBLE_SECOND_FACTOR_NONE;

  if (options == NULL)
    return factors;

  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    {
      JsonNode *node;

      if (!json_object_has_member (options, known[i].name))
        continue;
      node = json_object_get_member (options, known[i].name);
      if (JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
          json_node_get_boolean (node))
        factors |= known[i].factor;
    }

  return factors;
}

static void
on_first_step_reply (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RumbleServicePhp *self = g_task_get_source_object (task);
  LoginData *data = g_task_get_task_data (task);
  g_autoptr(RumbleHttpReply) reply = NULL;
  g_autoptr(JsonObject) root = NULL;
  JsonObject *response;
  const char *totp_id;
  const char *user_key;
  GError *error = NULL;

  reply = rumble_http_request_finish (result, &error);
  if (reply == NULL ||
      !(root = rumble_http_reply_get_object (reply, RUMBLE_ERROR_AUTH, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  response = rumble_json_get_object (root, "data");
  totp_id = rumble_json_get_string (response, "totp_id");

  if (totp_id != NULL && totp_id[0] != '\0')
    {
      user_key = rumble_json_get_string (response, "user_key");
      if (user_key == NULL || user_key[0] == '\0')
        {
          g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL,
                                   "Rumble asked for a second factor without a user key.");
          return;
        }

      clear_second_factor (self);
      self->totp_id = g_strdup (totp_id);
      self->user_key = g_strdup (user_key);
      self->second_factors = parse_second_factors (rumble_json_get_object (response, "options"));
      rumble_service_php_set_username (self, data->username);
      g_debug ("Login needs a second factor (options 0x%x)", self->second_factors);

      g_task_return_int (task, RUMBLE_LOGIN_NEEDS_SECOND_FACTOR);
      return;
    }

  {
    const RumbleHttpField fields[] = {
      { "username", data->username },
      { "password_hashes", data->hashes },
    };

    GCancellable *cancellable = g_task_get_cancellable (task);

    service_request (self, "user.login", fields, G_N_ELEMENTS (fields),
                     RUMBLE_SERVICE_CALL_POST, NULL,
                     cancellable, on_login_reply, g_steal_pointer (&task));
  }
}

static void
on_salts_reply (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RumbleServicePhp *self = g_task_get_source_object (task);
  LoginData *data = g_task_get_task_data (task);
  g_autoptr(RumbleHttpReply) reply = NULL;
  g_autoptr(JsonObject) root = NULL;
  JsonObject *response;
  JsonNode *node;
  JsonArray *array;
  const char *salts[3];
  GError *error = NULL;

  reply = rumble_http_request_finish (result, &error);
  if (reply == NULL ||
      !(root = rumble_http_reply_get_object (reply, RUMBLE_ERROR_AUTH, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  response = rumble_json_get_object (root, "data");
  node = response != NULL && json_object_has_member (response, "salts")
           ? json_object_get_member (response, "salts") : NULL;
  array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  /* Fewer than three salts is how an unknown username shows. */
  if (array == NULL || json_array_get_length (array) < 3)
    {
      g_autofree char *server = rumble_http_server_message (root);

      g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_AUTH, "%s",
                               server != NULL ? server : "Wrong username or password.");
      return;
    }

  for (guint i = 0; i < 3; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL,
                                   "Rumble sent login salts that are not text.");
          return;
        }
      salts[i] = json_node_get_string (element);
    }

  data->hashes = rumble_password_hash (data->password, salts);
  rumble_secret_clear (&data->password);

  {
    const RumbleHttpField fields[] = {
      { "legacy_password", "1" },
      { "login", data->username },
      { "password", data->hashes },
      { "redirect_url", RUMBLE_HTTP_ORIGIN },
    };

    GCancellable *cancellable = g_task_get_cancellable (task);

    service_request (self, "user.2fa.first_step", fields, G_N_ELEMENTS (fields),
                     RUMBLE_SERVICE_CALL_POST, NULL,
                     cancellable, on_first_step_reply, g_steal_pointer (&task));
  }
}

void
rumble_service_php_login_async (RumbleServicePhp    *self,
                                const char          *username,
                                const char          *password,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoginData *data;
  g_autofree char *name = NULL;

  g_return_if_fail (RUMBLE_IS_SERVICE_PHP (self));
  g_return_if_fail (username != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rumble_service_php_login_async);

  name = g_strstrip (g_strdup (username));
  if (name[0] == '\0' || strlen (name) > USERNAME_MAX || !g_utf8_validate (name, -1, NULL))
    {
      g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT,
                               "Enter your Rumble username (not your e-mail address).");
      return;
    }
  if (password[0] == '\0' || !g_utf8_validate (password, -1, NULL))
    {
      g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT,
                               "Enter your password.");
      return;
    }

  /* A new login abandons any pending second factor. */
  clear_second_factor (self);

  data = g_new0 (LoginData, 1);
  data->username = g_steal_pointer (&name);
  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify) login_data_free);

  {
    const RumbleHttpField fields[] = {
      { "username", data->username },
    };
    g_autofree char *url = rumble_http_service_url (self->site_url, "user.get_salts",
                                                    "response_type=session");
    g_autofree char *form = rumble_http_encode_form (fields, G_N_ELEMENTS (fields));
    gsize len = strlen (form);
    g_autoptr(GBytes) body = g_bytes_new_take (g_steal_pointer (&form), len);

    rumble_http_request_async (self->soup, SOUP_METHOD_POST, url, NULL,
                               "application/x-www-form-urlencoded", body,
                               RUMBLE_HTTP_BROWSER_UA, cancellable,
                               on_salts_reply, g_steal_pointer (&task));
  }
}

RumbleLoginStep
rumble_service_php_login_finish (RumbleServicePhp  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  GError *local_error = NULL;
  gssize ret;

  g_return_val_if_fail (RUMBLE_IS_SERVICE_PHP (self), RUMBLE_LOGIN_DONE);
  g_return_val_if_fail (g_task_is_valid (result, self), RUMBLE_LOGIN_DONE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rumble_service_php_login_async,
                        RUMBLE_LOGIN_DONE);

  ret = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return RUMBLE_LOGIN_DONE;
    }
  return (RumbleLoginStep) ret;
}

/* Second factor */

static void
on_request_code_reply (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(RumbleHttpReply) reply = NULL;
  g_autoptr(JsonObject) root = NULL;
  const char *sent_to;
  GError *error = NULL;

  reply = rumble_http_request_finish (result, &error);
  if (reply == NULL ||
      !(root = rumble_http_reply_get_object (reply, RUMBLE_ERROR_AUTH, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  sent_to = rumble_json_get_string (rumble_json_get_object (root, "data"), "sent_to");
  g_task_return_pointer (task, g_strdup (sent_to), g_free);
}

void
rumble_service_php_request_code_async (RumbleServicePhp    *self,
                                       RumbleSecondFactor   method,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *name;

  g_return_if_fail (RUMBLE_IS_SERVICE_PHP (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rumble_service_php_request_code_async);

  if (self->totp_id == NULL)
    {
      g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_AUTH,
                               "No second factor is pending; log in first.");
      return;
    }

  if (method == RUMBLE_SECOND_FACTOR_EMAIL)
    name = "user.2fa.request_email_code";
  else if (method == RUMBLE_SECOND_FACTOR_PHONE)
    name = "user.2fa.request_sms_code";
  else
    {
      g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT,
                               "Only an e-mail or SMS code can be requested.");
      return;
    }

  {
    const RumbleHttpField fields[] = {
      { "totp_id", self->totp_id },
      { "user_key", self->user_key },
    };

    /* Sent without a cookie, as Rumble requires (PROTOCOL.md §2.6). */
    service_request (self, name, fields, G_N_ELEMENTS (fields),
                     RUMBLE_SERVICE_CALL_POST, NULL, cancellable,
                     on_request_code_reply, g_steal_pointer (&task));
  }
}

char *
rumble_service_php_request_code_finish (RumbleServicePhp  *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  g_return_val_if_fail (RUMBLE_IS_SERVICE_PHP (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_verify_reply (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RumbleServicePhp *self = g_task_get_source_object (task);
  g_autoptr(RumbleHttpReply) reply = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autofree char *user_id = NULL;
  GError *error = NULL;

  reply = rumble_http_request_finish (result, &error);
  if (reply == NULL ||
      !(root = rumble_http_reply_get_object (reply, RUMBLE_ERROR_AUTH, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The token is only in Set-Cookie here. */
  if (reply->session == NULL)
    {
      g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL,
                               "Rumble accepted the code but sent no session.");
      return;
    }

  g_debug ("Logged in with a second factor");
  clear_second_factor (self);
  user_id = user_id_from_reply (root);
  g_object_freeze_notify (G_OBJECT (self));
  rumble_service_php_set_session (self, reply->session);
  set_user_id (self, user_id);
  g_object_thaw_notify (G_OBJECT (self));

  g_task_return_boolean (task, TRUE);
}

void
rumble_service_php_verify_code_async (RumbleServicePhp    *self,
                                      const char          *code,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *clean = NULL;

  g_return_if_fail (RUMBLE_IS_SERVICE_PHP (self));
  g_return_if_fail (code != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rumble_service_php_verify_code_async);

  if (self->totp_id == NULL)
    {
      g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_AUTH,
                               "No second factor is pending; log in first.");
      return;
    }

  clean = g_strstrip (g_strdup (code));
  if (clean[0] == '\0' || strlen (clean) > CODE_MAX || !g_utf8_validate (clean, -1, NULL))
    {
      g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT,
                               "Enter the code from your authenticator, e-mail or SMS.");
      return;
    }

  {
    const RumbleHttpField fields[] = {
      { "code", clean },
      { "redirect_url", RUMBLE_HTTP_ORIGIN },
      { "totp_id", self->totp_id },
      { "user_key", self->user_key },
    };

    service_request (self, "user.2fa.verify_totp", fields, G_N_ELEMENTS (fields),
                     RUMBLE_SERVICE_CALL_POST, NULL, cancellable,
                     on_verify_reply, g_steal_pointer (&task));
  }
}

gboolean
rumble_service_php_verify_code_finish (RumbleServicePhp  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  g_return_val_if_fail (RUMBLE_IS_SERVICE_PHP (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Session test */

static void
on_test_session_reply (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RumbleServicePhp *self = g_task_get_source_object (task);
  g_autoptr(RumbleHttpReply) reply = NULL;
  g_autofree char *final_url = NULL;
  GError *error = NULL;

  reply = rumble_http_request_finish (result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  final_url = g_uri_to_string_partial (reply->uri, G_URI_HIDE_PASSWORD);
  if (strstr (final_url, "auth.rumble.com") != NULL)
    {
      g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_AUTH,
                               "The session has expired; log in again.");
      return;
    }

  if (reply->status != SOUP_STATUS_OK)
    {
      if (!rumble_http_reply_check_status (reply, &error))
        g_task_return_error (task, error);
      else
        g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_HTTP,
                                 "The session test answered HTTP %u.", reply->status);
      return;
    }

  take_renewed_session (self, reply);
  g_task_return_boolean (task, TRUE);
}

void
rumble_service_php_test_session_async (RumbleServicePhp    *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;

  g_return_if_fail (RUMBLE_IS_SERVICE_PHP (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rumble_service_php_test_session_async);

  if (self->session == NULL)
    {
      g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_NO_SESSION,
                               "Not logged in.");
      return;
    }

  url = rumble_http_build_url (self->site_url, "/login.php");
  rumble_http_request_async (self->soup, SOUP_METHOD_GET, url, self->session, NULL, NULL,
                             RUMBLE_HTTP_BROWSER_UA | RUMBLE_HTTP_HTML |
                             RUMBLE_HTTP_FOLLOW_REDIRECTS,
                             cancellable, on_test_session_reply, g_steal_pointer (&task));
}

gboolean
rumble_service_php_test_session_finish (RumbleServicePhp  *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  g_return_val_if_fail (RUMBLE_IS_SERVICE_PHP (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Generic calls */

static void
on_call_reply (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RumbleServicePhp *self = g_task_get_source_object (task);
  RumbleServiceCallFlags flags = GPOINTER_TO_UINT (g_task_get_task_data (task));
  g_autoptr(RumbleHttpReply) reply = NULL;
  JsonObject *root;
  GError *error = NULL;

  reply = rumble_http_request_finish (result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  take_renewed_session (self, reply);
  root = rumble_http_reply_get_object (reply,
                                       (flags & RUMBLE_SERVICE_CALL_MUTATION)
                                         ? RUMBLE_ERROR_PERMISSION : RUMBLE_ERROR_HTTP,
                                       &error);
  if (root == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, root, (GDestroyNotify) json_object_unref);
}

void
rumble_service_php_callv_async (RumbleServicePhp       *self,
                                const char             *method,
                                const char * const     *names,
                                const char * const     *values,
                                gsize                   n_fields,
                                RumbleServiceCallFlags  flags,
                                GCancellable           *cancellable,
                                GAsyncReadyCallback     callback,
                                gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree RumbleHttpField *fields = NULL;
  const char *session = NULL;

  g_return_if_fail (RUMBLE_IS_SERVICE_PHP (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (n_fields == 0 || (names != NULL && values != NULL));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rumble_service_php_callv_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (flags), NULL);

  if (!(flags & RUMBLE_SERVICE_CALL_ANONYMOUS))
    {
      if (self->session == NULL)
        {
          g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_NO_SESSION,
                                   "Log in to Rumble first.");
          return;
        }
      session = self->session;
    }

  fields = g_new0 (RumbleHttpField, MAX (n_fields, 1));
  for (gsize i = 0; i < n_fields; i++)
    {
      fields[i].name = names[i];
      fields[i].value = values[i];
    }

  service_request (self, method, fields, n_fields, flags, session, cancellable,
                   on_call_reply, g_steal_pointer (&task));
}

JsonObject *
rumble_service_php_call_finish (RumbleServicePhp  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (RUMBLE_IS_SERVICE_PHP (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* User id */

static void
on_user_id_reply (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RumbleServicePhp *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) root = NULL;
  g_autofree char *user_id = NULL;
  GError *error = NULL;

  root = rumble_service_php_call_finish (self, result, &error);
  if (root == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  user_id = user_id_from_reply (root);
  if (user_id == NULL)
    {
      g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL,
                               "Rumble did not say which account is logged in.");
      return;
    }

  set_user_id (self, user_id);
  g_task_return_pointer (task, g_steal_pointer (&user_id), g_free);
}

void
rumble_service_php_get_user_id_async (RumbleServicePhp    *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (RUMBLE_IS_SERVICE_PHP (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rumble_service_php_get_user_id_async);

  rumble_service_php_callv_async (self, "user.has_unread_notifications", NULL, NULL, 0,
                                  RUMBLE_SERVICE_CALL_GET, cancellable,
                                  on_user_id_reply, task);
}

char *
rumble_service_php_get_user_id_finish (RumbleServicePhp  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  g_return_val_if_fail (RUMBLE_IS_SERVICE_PHP (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Logout */

static void
on_logout_reply (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(RumbleHttpReply) reply = NULL;
  GError *error = NULL;

  reply = rumble_http_request_finish (result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The body is unknown (PROTOCOL.md §2.9); only the status matters. */
  if (!rumble_http_reply_check_status (reply, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
rumble_service_php_logout_async (RumbleServicePhp    *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *session = NULL;
  g_autofree char *url = NULL;

  g_return_if_fail (RUMBLE_IS_SERVICE_PHP (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rumble_service_php_logout_async);

  clear_second_factor (self);
  if (self->session == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Forget the session first: whatever Rumble answers, this client is logged out. */
  session = g_strdup (self->session);
  g_object_freeze_notify (G_OBJECT (self));
  rumble_service_php_set_session (self, NULL);
  set_user_id (self, NULL);
  g_object_thaw_notify (G_OBJECT (self));

  url = rumble_http_service_url (self->site_url, "user.logout", NULL);
  rumble_http_request_async (self->soup, SOUP_METHOD_GET, url, session, NULL, NULL,
                             RUMBLE_HTTP_BROWSER_UA | RUMBLE_HTTP_NO_LOGIN_CHECK,
                             cancellable, on_logout_reply, g_steal_pointer (&task));
  rumble_secret_clear (&session);
}

gboolean
rumble_service_php_logout_finish (RumbleServicePhp  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (RUMBLE_IS_SERVICE_PHP (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
