/* rumble-session-store.h — the `u_s` session token in the keyring (libsecret)
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One item per (site, username); the token is the secret. Passwords are never stored.
 * When no Secret Service is reachable (no D-Bus session, no keyring daemon, no default
 * collection), every operation fails with G_IO_ERROR_NOT_SUPPORTED and a message that says
 * the session cannot be remembered; see rumble_session_store_error_is_unavailable().
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RUMBLE_SESSION_STORE_SCHEMA "io.github.moderato.Moderato.Session"

#define RUMBLE_TYPE_SESSION_STORE (rumble_session_store_get_type ())
G_DECLARE_FINAL_TYPE (RumbleSessionStore, rumble_session_store, RUMBLE, SESSION_STORE, GObject)

RumbleSessionStore *rumble_session_store_new            (void) G_GNUC_WARN_UNUSED_RESULT;

/* Stores (or replaces) the token of @username on @site_url. */
void                rumble_session_store_store_async    (RumbleSessionStore  *self,
                                                         const char          *site_url,
                                                         const char          *username,
                                                         const char          *token,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean            rumble_session_store_store_finish   (RumbleSessionStore  *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/* Looks up the token of @username on @site_url; @username NULL = the most recently stored
 * session of the site, whoever it belongs to. Returns NULL without an error when there is
 * none; @out_username (optional) receives the account name. */
void                rumble_session_store_lookup_async   (RumbleSessionStore  *self,
                                                         const char          *site_url,
                                                         const char          *username,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
char               *rumble_session_store_lookup_finish  (RumbleSessionStore  *self,
                                                         GAsyncResult        *result,
                                                         char               **out_username,
                                                         GError             **error);

/* Removes the token of @username on @site_url (@username NULL = every account of the
 * site). TRUE also when there was nothing to remove. */
void                rumble_session_store_clear_async    (RumbleSessionStore  *self,
                                                         const char          *site_url,
                                                         const char          *username,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean            rumble_session_store_clear_finish   (RumbleSessionStore  *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/* Whether @error means "no keyring here": the session cannot be remembered, but a login
 * still works for the running process. */
gboolean            rumble_session_store_error_is_unavailable (const GError *error);

/* Secrets (passwords, `u_s` tokens, password hashes) in memory are overwritten before
 * they are freed, with a store the compiler cannot drop as dead. */

/* Overwrites @size bytes at @data (a buffer that is not freed, or not by the caller). */
void                rumble_secret_wipe                  (gpointer             data,
                                                         gsize                size);
/* Overwrites the string at *@secret, frees it and sets *@secret to NULL; NULL is fine. */
void                rumble_secret_clear                 (char               **secret);

G_END_DECLS
