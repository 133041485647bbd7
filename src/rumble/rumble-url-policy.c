/* rumble-url-policy.c — which addresses Moderato may fetch: one rule for every request
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both the library's requests and the application's image downloads ask here, so an
 * address from chat data (a badge or emote URL) meets the same rule as the chat itself,
 * and so does every hop of a redirect.
 */
#define G_LOG_DOMAIN "rumble-url-policy"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "rumble-error.h"
#include "rumble-text.h"
#include "rumble-url-policy.h"

/* Most characters of a refused address quoted back in the error. */
#define SHOWN_URL_MAX 200

gboolean
rumble_url_policy_host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
scheme_is (GUri       *uri,
           const char *scheme)
{
  const char *actual = g_uri_get_scheme (uri);

  return actual != NULL && g_ascii_strcasecmp (actual, scheme) == 0;
}

gboolean
rumble_url_policy_check_uri (GUri                 *uri,
                             RumbleUrlPolicyFlags  flags,
                             GError              **error)
{
  g_autofree char *text = NULL;
  const char *host;

  g_return_val_if_fail (uri != NULL, FALSE);

  /* First: GLib cannot write out an address without a host whose path starts with "//"
   * ("https:/..//x"), and says so with a critical. */
  host = g_uri_get_host (uri);
  if (host == NULL || host[0] == '\0')
    {
      g_set_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT,
                   "The address has no host name.");
      return FALSE;
    }

  text = g_uri_to_string (uri);
  if (strlen (text) > RUMBLE_URL_POLICY_MAX_LENGTH)
    {
      g_set_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT,
                   "The address is longer than %u characters.", RUMBLE_URL_POLICY_MAX_LENGTH);
      return FALSE;
    }
  /* The host is quoted in error messages: it may not carry controls. */
  if (!rumble_text_is_safe (host))
    {
      g_set_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT,
                   "The address has an invalid host name.");
      return FALSE;
    }

  /* Never repeated in the message: it may hold a password. */
  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT,
                   "The address for %s carries a user name or password.", host);
      return FALSE;
    }

  if (scheme_is (uri, "https"))
    return TRUE;
  if (scheme_is (uri, "http") && (flags & RUMBLE_URL_POLICY_ALLOW_LOOPBACK_HTTP) != 0 &&
      rumble_url_policy_host_is_loopback (host))
    return TRUE;

  if (flags & RUMBLE_URL_POLICY_ALLOW_LOOPBACK_HTTP)
    g_set_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT,
                 "Only https addresses may be used (plain http only on this computer), "
                 "not “%s://%s”.",
                 g_uri_get_scheme (uri), host);
  else
    g_set_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT,
                 "Only https addresses may be used, not “%s://%s”.",
                 g_uri_get_scheme (uri), host);
  return FALSE;
}

gboolean
rumble_url_policy_check (const char           *url,
                         RumbleUrlPolicyFlags  flags,
                         GError              **error)
{
  g_autoptr(GUri) uri = NULL;

  if (url == NULL)
    {
      g_set_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT, "No address was given.");
      return FALSE;
    }

  /* Before parsing: a huge string from the network costs nothing to refuse. */
  if (strlen (url) > RUMBLE_URL_POLICY_MAX_LENGTH)
    {
      g_set_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT,
                   "The address is longer than %u characters.", RUMBLE_URL_POLICY_MAX_LENGTH);
      return FALSE;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      g_autofree char *shown = rumble_text_clean (url, SHOWN_URL_MAX);

      g_set_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT,
                   "“%s” is not a valid address.", shown != NULL ? shown : "");
      return FALSE;
    }

  return rumble_url_policy_check_uri (uri, flags, error);
}

gboolean
rumble_url_policy_check_redirect (GUri                 *from,
                                  GUri                 *to,
                                  RumbleUrlPolicyFlags  flags,
                                  GError              **error)
{
  const char *from_host;

  g_return_val_if_fail (from != NULL, FALSE);
  g_return_val_if_fail (to != NULL, FALSE);

  if (!rumble_url_policy_check_uri (to, flags, error))
    return FALSE;

  /* Loopback http is for the one test or demo server the program was pointed at; a
   * redirect must not turn it into a way to reach other local services. */
  from_host = g_uri_get_host (from);
  if (!scheme_is (to, "https") &&
      (from_host == NULL || g_ascii_strcasecmp (g_uri_get_host (to), from_host) != 0))
    {
      g_set_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT,
                   "A redirect from %s to plain http on %s is not followed.",
                   from_host != NULL ? from_host : "an address without a host",
                   g_uri_get_host (to));
      return FALSE;
    }

  return TRUE;
}
