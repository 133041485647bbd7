/* rumble-service-php.h — Rumble's service.php: login with 2FA, session test, logout, calls
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The second factors Rumble offers (`options` of user.2fa.first_step). */
typedef enum /*< flags >*/ {
  RUMBLE_SECOND_FACTOR_NONE          = 0,
  RUMBLE_SECOND_FACTOR_AUTHENTICATOR = 1 << 0,  /* an authenticator app; no code to request */
  RUMBLE_SECOND_FACTOR_EMAIL         = 1 << 1,  /* a code sent by e-mail */
  RUMBLE_SECOND_FACTOR_PHONE         = 1 << 2,  /* a code sent by SMS */
} RumbleSecondFactor;

typedef enum {
  RUMBLE_LOGIN_DONE,                 /* logged in: the session property holds the token */
  RUMBLE_LOGIN_NEEDS_SECOND_FACTOR,  /* call request_code (e-mail/phone) and verify_code */
} RumbleLoginStep;

typedef enum {
  RUMBLE_SERVICE_CALL_POST     = 0,
  RUMBLE_SERVICE_CALL_GET      = 1 << 0,  /* GET instead of POST (fields go in the query) */
  RUMBLE_SERVICE_CALL_MUTATION = 1 << 1,  /* changes state: timeouts/5xx are AMBIGUOUS */
  RUMBLE_SERVICE_CALL_ANONYMOUS = 1 << 2, /* send no cookie even when logged in */
} RumbleServiceCallFlags;

#define RUMBLE_TYPE_SERVICE_PHP (rumble_service_php_get_type ())
G_DECLARE_FINAL_TYPE (RumbleServicePhp, rumble_service_php, RUMBLE, SERVICE_PHP, GObject)

/* @site_url: NULL = https://rumble.com. @soup: NULL = a session of its own. */
RumbleServicePhp   *rumble_service_php_new             (const char       *site_url,
                                                        SoupSession      *soup)
  G_GNUC_WARN_UNUSED_RESULT;

const char         *rumble_service_php_get_site_url    (RumbleServicePhp *self);
void                rumble_service_php_set_site_url    (RumbleServicePhp *self,
                                                        const char       *site_url);
SoupSession        *rumble_service_php_get_soup_session (RumbleServicePhp *self);
/* The `u_s` token, or NULL. Never logged. Updated by login and by any renewed Set-Cookie. */
const char         *rumble_service_php_get_session     (RumbleServicePhp *self);
void                rumble_service_php_set_session     (RumbleServicePhp *self,
                                                        const char       *session);
const char         *rumble_service_php_get_username    (RumbleServicePhp *self);
void                rumble_service_php_set_username    (RumbleServicePhp *self,
                                                        const char       *username);
/* Decimal account id once known (login reply or get_user_id), else NULL. */
const char         *rumble_service_php_get_user_id     (RumbleServicePhp *self);

/* Login, PROTOCOL.md §2: salts → hash → user.2fa.first_step → user.login, or a second
 * factor. The password is never kept. Errors: RUMBLE_ERROR_AUTH for a wrong username or
 * password, the usual network/HTTP codes otherwise. */
void                rumble_service_php_login_async     (RumbleServicePhp *self,
                                                        const char       *username,
                                                        const char       *password,
                                                        GCancellable     *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer          user_data);
RumbleLoginStep     rumble_service_php_login_finish    (RumbleServicePhp *self,
                                                        GAsyncResult     *result,
                                                        GError          **error);
/* While a second factor is pending: the methods offered (only those marked true). */
RumbleSecondFactor  rumble_service_php_get_second_factors (RumbleServicePhp *self);
gboolean            rumble_service_php_get_needs_second_factor (RumbleServicePhp *self);

/* Ask Rumble to send a code by e-mail or SMS (not needed for the authenticator).
 * Returns the masked destination (`data.sent_to`), possibly NULL. */
void                rumble_service_php_request_code_async  (RumbleServicePhp  *self,
                                                            RumbleSecondFactor method,
                                                            GCancellable      *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer           user_data);
char               *rumble_service_php_request_code_finish (RumbleServicePhp  *self,
                                                            GAsyncResult      *result,
                                                            GError           **error);
/* user.2fa.verify_totp; the token comes from Set-Cookie. An expired user key is
 * RUMBLE_ERROR_AUTH: start again with login. */
void                rumble_service_php_verify_code_async   (RumbleServicePhp  *self,
                                                            const char        *code,
                                                            GCancellable      *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer           user_data);
gboolean            rumble_service_php_verify_code_finish  (RumbleServicePhp  *self,
                                                            GAsyncResult      *result,
                                                            GError           **error);

/* §2.7: GET login.php following redirects. TRUE when the session is valid; FALSE with
 * RUMBLE_ERROR_AUTH when it is not (or RUMBLE_ERROR_NO_SESSION when there is none). */
void                rumble_service_php_test_session_async  (RumbleServicePhp  *self,
                                                            GCancellable      *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer           user_data);
gboolean            rumble_service_php_test_session_finish (RumbleServicePhp  *self,
                                                            GAsyncResult      *result,
                                                            GError           **error);

/* §2.8: the decimal id of the logged-in account (also sets the user-id property). */
void                rumble_service_php_get_user_id_async   (RumbleServicePhp  *self,
                                                            GCancellable      *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer           user_data);
char               *rumble_service_php_get_user_id_finish  (RumbleServicePhp  *self,
                                                            GAsyncResult      *result,
                                                            GError           **error);

/* §2.9: GET user.logout. The session is forgotten locally whatever the server answers. */
void                rumble_service_php_logout_async        (RumbleServicePhp  *self,
                                                            GCancellable      *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer           user_data);
gboolean            rumble_service_php_logout_finish       (RumbleServicePhp  *self,
                                                            GAsyncResult      *result,
                                                            GError           **error);

/* A generic service.php call: `?name=@method` with @n_fields form fields (@names[i] =
 * @values[i]; a NULL value omits the field; with GET they go into the query). Needs a
 * session unless ANONYMOUS. Returns the reply's whole JSON object after the checks of
 * PROTOCOL.md §4.1/§14.4 (errors, `data.success`, `user.logged_in`). */
void                rumble_service_php_callv_async         (RumbleServicePhp  *self,
                                                            const char        *method,
                                                            const char * const *names,
                                                            const char * const *values,
                                                            gsize              n_fields,
                                                            RumbleServiceCallFlags flags,
                                                            GCancellable      *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer           user_data);
JsonObject         *rumble_service_php_call_finish         (RumbleServicePhp  *self,
                                                            GAsyncResult      *result,
                                                            GError           **error);

G_END_DECLS
