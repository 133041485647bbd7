/* rumble-error.c — the RUMBLE_ERROR GError domain
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An extended error domain: a rate-limit error carries the server's Retry-After delay,
 * and keeps it through g_error_copy().
 */
#define G_LOG_DOMAIN "rumble"

#include "config.h"

#include "rumble-error.h"

typedef struct {
  guint retry_after;
} RumbleErrorPrivate;

static void
rumble_error_private_init (RumbleErrorPrivate *priv)
{
  if (priv != NULL)
    priv->retry_after = 0;
}

static void
rumble_error_private_copy (const RumbleErrorPrivate *src,
                           RumbleErrorPrivate       *dest)
{
  if (src != NULL && dest != NULL)
    dest->retry_after = src->retry_after;
}

static void
rumble_error_private_clear (RumbleErrorPrivate *priv)
{
}

G_DEFINE_EXTENDED_ERROR (RumbleError, rumble_error)

guint
rumble_error_get_retry_after (const GError *error)
{
  RumbleErrorPrivate *priv;

  if (error == NULL || error->domain != RUMBLE_ERROR)
    return 0;
  priv = rumble_error_get_private (error);
  return priv != NULL ? priv->retry_after : 0;
}

void
rumble_error_set_retry_after (GError *error,
                              guint   seconds)
{
  RumbleErrorPrivate *priv;

  g_return_if_fail (error != NULL && error->domain == RUMBLE_ERROR);

  priv = rumble_error_get_private (error);
  if (priv != NULL)
    priv->retry_after = seconds;
}
