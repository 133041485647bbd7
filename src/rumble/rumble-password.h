/* rumble-password.h — Rumble's login password hashing and the chat request id
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RUMBLE_PASSWORD_ROUNDS    128
#define RUMBLE_REQUEST_ID_LENGTH  43

/* The `password_hashes` value of PROTOCOL.md §2.3: "H1,H2,S1" from the password and the
 * three salts of `user.get_salts`, in the order they were returned. All text is UTF-8. */
char *rumble_password_hash    (const char        *password,
                               const char * const salts[3]) G_GNUC_WARN_UNUSED_RESULT;

/* The stretch step alone (MD5 hex of salt + password, then @rounds times MD5 hex of the
 * previous hex digest + password). Exposed for tests. */
char *rumble_password_stretch (const char        *password,
                               const char        *salt,
                               guint              rounds) G_GNUC_WARN_UNUSED_RESULT;

/* A fresh 43-character `request_id` (PROTOCOL.md §1.4): the standard base64 of the bytes of
 * two random version 4 UUIDs, without its padding. */
char *rumble_request_id_new   (void) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
