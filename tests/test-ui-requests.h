/* test-ui-requests.h — what the fake server was asked, for the UI tests (in test-ui-util.c)
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rumble-fake-server.h"

G_BEGIN_DECLS

/* The last request the fake logged with @method on @path (NULL: any) whose query contains
 * @needle (NULL: any); the _wait_ variant iterates until there is one (10 s at most). */
const RumbleFakeRequest *test_ui_find_request (RumbleFakeServer *fake,
                                               const char       *method,
                                               const char       *path,
                                               const char       *needle);
const RumbleFakeRequest *test_ui_wait_request (RumbleFakeServer *fake,
                                               const char       *method,
                                               const char       *path,
                                               const char       *needle);

G_END_DECLS
