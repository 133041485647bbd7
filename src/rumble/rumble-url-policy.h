/* rumble-url-policy.h — which addresses Moderato may fetch: one rule for every request
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Longer addresses are refused before they are parsed. */
#define RUMBLE_URL_POLICY_MAX_LENGTH 2048

/**
 * RumbleUrlPolicyFlags:
 * @RUMBLE_URL_POLICY_NONE: https only
 * @RUMBLE_URL_POLICY_ALLOW_LOOPBACK_HTTP: plain http as well, to a loopback host
 *   (127.0.0.0/8, ::1, localhost): the fake server of the tests and of `--demo`
 */
typedef enum {
  RUMBLE_URL_POLICY_NONE                = 0,
  RUMBLE_URL_POLICY_ALLOW_LOOPBACK_HTTP = 1 << 0,
} RumbleUrlPolicyFlags;

/* Whether @url may be fetched: at most RUMBLE_URL_POLICY_MAX_LENGTH bytes, a host, no user
 * name or password, https (or http to loopback when @flags allow it). Fails with
 * RUMBLE_ERROR_INVALID_INPUT; @url may be NULL (refused). */
gboolean rumble_url_policy_check            (const char           *url,
                                             RumbleUrlPolicyFlags  flags,
                                             GError              **error);
/* The same for an address already parsed. */
gboolean rumble_url_policy_check_uri        (GUri                 *uri,
                                             RumbleUrlPolicyFlags  flags,
                                             GError              **error);
/* Whether a redirect from @from to @to may be followed: @to passes the policy, and plain
 * http never leads to another host than @from's (another loopback address is another
 * host). */
gboolean rumble_url_policy_check_redirect   (GUri                 *from,
                                             GUri                 *to,
                                             RumbleUrlPolicyFlags  flags,
                                             GError              **error);
/* "localhost" or a loopback IP address (no name resolution). */
gboolean rumble_url_policy_host_is_loopback (const char           *host);

G_END_DECLS
