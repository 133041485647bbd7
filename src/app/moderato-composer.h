/* moderato-composer.h — the message entry under the chat: counter, emote completion, send
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rumble-chat-api.h"
#include "rumble-emotes.h"

G_BEGIN_DECLS

#define MODERATO_TYPE_COMPOSER (moderato_composer_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoComposer, moderato_composer, MODERATO, COMPOSER, GtkWidget)

/* Action composer.send: sends the text, or runs it as a command when it starts with "/".
 * Enabled with a chat, logged in, not already sending, and a text of 1 to the chat's
 * message-length-max characters.
 *
 * Signal send-failed (const char *plain_text): a message or command was not sent, and
 * why, as a sentence for the user (not markup). The draft is kept. */

GtkWidget        *moderato_composer_new            (void) G_GNUC_WARN_UNUSED_RESULT;

/* Property "chat": where messages go; NULL disables sending. Changing it cancels a send
 * in progress. */
RumbleChatApi    *moderato_composer_get_chat       (ModeratoComposer *self);
void              moderato_composer_set_chat       (ModeratoComposer *self,
                                                    RumbleChatApi    *chat);
/* Property "emotes": the catalogue whose ":name:" tokens are offered while typing. */
RumbleEmotes     *moderato_composer_get_emotes     (ModeratoComposer *self);
void              moderato_composer_set_emotes     (ModeratoComposer *self,
                                                    RumbleEmotes     *emotes);
/* Property "logged-in": sending needs an account (default FALSE). */
gboolean          moderato_composer_get_logged_in  (ModeratoComposer *self);
void              moderato_composer_set_logged_in  (ModeratoComposer *self,
                                                    gboolean          logged_in);

G_END_DECLS
