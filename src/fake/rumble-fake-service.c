/* rumble-fake-service.c — STUB until the service.php part lands
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rumble-fake"

#include "config.h"

#include "rumble-fake-private.h"

void
rumble_fake_service_install (RumbleFakeServer *self,
                             SoupServer       *soup)
{
}

void
rumble_fake_service_uninstall (RumbleFakeServer *self)
{
}

gboolean
rumble_fake_service_can_moderate (RumbleFakeServer *self,
                                  const char       *token,
                                  const char       *stream_id_b10)
{
  return FALSE;
}
