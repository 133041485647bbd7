/* moderato-cli-watch.h — `moderato-cli watch`: the detection running headless
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "rumble-fake-server.h"

G_BEGIN_DECLS

/* @argv[0] is "watch". @site_url and @chat_url are the servers the global options chose;
 * @demo_fake the in-process fake of --demo, or NULL. Returns the exit status. */
int moderato_cli_watch (const char        *site_url,
                        const char        *chat_url,
                        RumbleFakeServer  *demo_fake,
                        int                argc,
                        char             **argv);

G_END_DECLS
