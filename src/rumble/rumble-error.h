/* rumble-error.h
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RUMBLE_ERROR (rumble_error_quark ())

/**
 * RumbleError:
 * @RUMBLE_ERROR_NETWORK: the request could not be sent (DNS, connection refused, TLS…)
 * @RUMBLE_ERROR_HTTP: the server answered an unexpected HTTP status
 * @RUMBLE_ERROR_PROTOCOL: the reply was not the JSON / SSE / HTML we expected
 * @RUMBLE_ERROR_AUTH: wrong password, expired session or 2FA key, not logged in
 * @RUMBLE_ERROR_PERMISSION: the account may not do this (403, not a moderator)
 * @RUMBLE_ERROR_RATE_LIMIT: 429; see rumble_error_get_retry_after()
 * @RUMBLE_ERROR_TOO_LONG: a message is longer than the chat allows
 * @RUMBLE_ERROR_NOT_FOUND: unknown stream, user, message or mute record
 * @RUMBLE_ERROR_AMBIGUOUS: the request went out but its outcome is unknown
 *   (timeout, 408, 5xx or a malformed reply): it may have happened
 * @RUMBLE_ERROR_CHAT_CLOSED: the chat is not live (HTTP 204)
 * @RUMBLE_ERROR_INVALID_INPUT: the caller's input cannot be used (bad locator, empty text…)
 * @RUMBLE_ERROR_NO_SESSION: the action needs a logged-in session
 * @RUMBLE_ERROR_TOO_LARGE: a body or event exceeded its size cap
 */
typedef enum {
  RUMBLE_ERROR_NETWORK,
  RUMBLE_ERROR_HTTP,
  RUMBLE_ERROR_PROTOCOL,
  RUMBLE_ERROR_AUTH,
  RUMBLE_ERROR_PERMISSION,
  RUMBLE_ERROR_RATE_LIMIT,
  RUMBLE_ERROR_TOO_LONG,
  RUMBLE_ERROR_NOT_FOUND,
  RUMBLE_ERROR_AMBIGUOUS,
  RUMBLE_ERROR_CHAT_CLOSED,
  RUMBLE_ERROR_INVALID_INPUT,
  RUMBLE_ERROR_NO_SESSION,
  RUMBLE_ERROR_TOO_LARGE,
} RumbleError;

GQuark rumble_error_quark           (void);
/* For RUMBLE_ERROR_RATE_LIMIT (and a stream's 429): the server's Retry-After delay in
 * seconds, 0 when it gave none. Survives g_error_copy(). */
guint  rumble_error_get_retry_after (const GError *error);
void   rumble_error_set_retry_after (GError       *error,
                                     guint         seconds);

G_END_DECLS
