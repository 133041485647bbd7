/* moderato-application.h — the Moderato application: options, shared services, demo mode
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <libsoup/soup.h>

#include "moderato-account.h"
#include "moderato-image-cache.h"
#include "moderato-ledger.h"

G_BEGIN_DECLS

#define MODERATO_TYPE_APPLICATION (moderato_application_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoApplication, moderato_application, MODERATO, APPLICATION,
                      AdwApplication)

ModeratoApplication *moderato_application_new              (void) G_GNUC_WARN_UNUSED_RESULT;

/* The app's settings, or NULL when the schema is not installed (then defaults apply). */
GSettings           *moderato_application_get_settings     (ModeratoApplication *self);
/* One HTTP session for the chat, images, emotes and the account. */
SoupSession         *moderato_application_get_soup_session (ModeratoApplication *self);
ModeratoImageCache  *moderato_application_get_image_cache  (ModeratoApplication *self);
ModeratoAccount     *moderato_application_get_account      (ModeratoApplication *self);

/* Where the chat lives: Rumble's, --server's, or the demo's fake server. */
const char          *moderato_application_get_site_url     (ModeratoApplication *self);
const char          *moderato_application_get_chat_url     (ModeratoApplication *self);
/* --demo (or --server): a local server; the last stream is then not remembered. */
gboolean            moderato_application_get_demo          (ModeratoApplication *self);
gboolean            moderato_application_get_remember_stream (ModeratoApplication *self);

/* Switches to the demo (an in-process fake server with generated chat at @rate messages
 * per second) before any window opens. FALSE with @error when the server cannot start. */
gboolean            moderato_application_start_demo        (ModeratoApplication *self,
                                                            double               rate,
                                                            GError             **error);
/* Points the app at another server ("--server URL"): site URL, chat at URL/chat/api. */
void                moderato_application_set_server        (ModeratoApplication *self,
                                                            const char          *url);

/* The moderation ledger (property "ledger", notified): opened off the main loop at start-up
 * while the "ledger-record" setting is on, at --ledger PATH or the default path; NULL while
 * opening or when recording is off. */
ModeratoLedger     *moderato_application_get_ledger        (ModeratoApplication *self);
/* Where the ledger lives (NULL: the default); before the application is registered. */
void                moderato_application_set_ledger_path   (ModeratoApplication *self,
                                                            const char          *path);

/* Monotonic µs when main() started, for --exit-after-first-frame. */

G_END_DECLS
