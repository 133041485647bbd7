/* rumble-error.c — the RUMBLE_ERROR GError domain
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rumble"

#include "config.h"

#include "rumble-error.h"

G_DEFINE_QUARK (rumble-error-quark, rumble_error)
