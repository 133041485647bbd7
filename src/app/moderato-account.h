/* moderato-account.h — the logged-in Rumble account: login steps, keyring, logout
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "rumble-service-php.h"

G_BEGIN_DECLS

#define MODERATO_TYPE_ACCOUNT (moderato_account_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoAccount, moderato_account, MODERATO, ACCOUNT, GObject)

/* @site_url: e.g. "https://rumble.com" or the fake server's URL. @settings (nullable): the
 * app's GSettings, for "last-username" only. */
ModeratoAccount     *moderato_account_new                   (const char       *site_url,
                                                             GSettings        *settings)
                                                             G_GNUC_WARN_UNUSED_RESULT;

const char          *moderato_account_get_site_url          (ModeratoAccount  *self);
/* Share the app's SoupSession (by default the service makes its own). Call it before any
 * login or restore is under way. */
void                 moderato_account_set_soup_session      (ModeratoAccount  *self,
                                                             SoupSession      *soup);

/* Properties (all notify). */
gboolean             moderato_account_get_logged_in         (ModeratoAccount  *self);
const char          *moderato_account_get_username          (ModeratoAccount  *self);
/* Decimal user id, or NULL until known. */
const char          *moderato_account_get_user_id           (ModeratoAccount  *self);
/* The `u_s` token, or NULL. Never logged; hand it to RumbleChatApi:session. */
const char          *moderato_account_get_session           (ModeratoAccount  *self);
gboolean             moderato_account_get_busy              (ModeratoAccount  *self);
/* One sentence for a toast when the session cannot be remembered (no keyring), else NULL. */
const char          *moderato_account_get_warning           (ModeratoAccount  *self);
/* The username last used to log in (GSettings "last-username"), or "". */
const char          *moderato_account_get_last_username     (ModeratoAccount  *self);

/* Restores the session stored in the keyring for the last username: session test, then the
 * user id. TRUE when logged in; FALSE (no error) when nothing is stored or it expired. */
void                 moderato_account_restore_async         (ModeratoAccount     *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean             moderato_account_restore_finish        (ModeratoAccount     *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

/* Step 1: username + password. *out_step: RUMBLE_LOGIN_DONE (logged in) or
 * RUMBLE_LOGIN_NEEDS_SECOND_FACTOR (then request_code for e-mail/SMS, and verify_code). */
void                 moderato_account_login_async           (ModeratoAccount     *self,
                                                             const char          *username,
                                                             const char          *password,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean             moderato_account_login_finish          (ModeratoAccount     *self,
                                                             GAsyncResult        *result,
                                                             RumbleLoginStep     *out_step,
                                                             GError             **error);
/* After RUMBLE_LOGIN_NEEDS_SECOND_FACTOR: the methods offered. */
RumbleSecondFactor   moderato_account_get_second_factors    (ModeratoAccount  *self);
/* E-mail or SMS: asks Rumble to send a code; finish returns where it went (masked). */
void                 moderato_account_request_code_async    (ModeratoAccount     *self,
                                                             RumbleSecondFactor   method,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
char                *moderato_account_request_code_finish   (ModeratoAccount     *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void                 moderato_account_verify_code_async     (ModeratoAccount     *self,
                                                             const char          *code,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean             moderato_account_verify_code_finish    (ModeratoAccount     *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
/* Forgets a half-finished 2FA login. */
void                 moderato_account_cancel_login          (ModeratoAccount  *self);

/* Service logout (best effort) and keyring clear; logged-in becomes FALSE at once. */
void                 moderato_account_logout_async          (ModeratoAccount     *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean             moderato_account_logout_finish         (ModeratoAccount     *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

void                moderato_account_renew_session        (ModeratoAccount     *self,
                                                           const char          *session);

G_END_DECLS
