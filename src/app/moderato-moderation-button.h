/* moderato-moderation-button.h — the one-click buttons of moderation mode, said once
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rumble-chat-api.h"

G_BEGIN_DECLS

/* The buttons a row can offer, in the order the preferences list them: "delete", "pin",
 * "card", then every mute choice's id (rumble-mute-choice.h). NULL-terminated, static. */
const char * const *moderato_moderation_button_ids      (void);
/* Whether @id is one of them. */
gboolean            moderato_moderation_button_is_known (const char    *id);
/* Its icon (static) and its title for the preferences (translated, static). */
const char         *moderato_moderation_button_icon     (const char    *id);
const char         *moderato_moderation_button_title    (const char    *id);
/* What it does to @user_name, for a tooltip and an accessible label: "Delete message from
 * NAME". */
char               *moderato_moderation_button_describe (const char    *id,
                                                         const char    *user_name)
                                                         G_GNUC_WARN_UNUSED_RESULT;
/* Whether it applies to @message now (delete and pin: not once deleted). */
gboolean            moderato_moderation_button_applies  (const char    *id,
                                                         RumbleMessage *message);
/* Activates the win.* action that the message menu uses for the same thing, from @widget
 * (inside the window), on @message and its author. */
void                moderato_moderation_button_activate (const char    *id,
                                                         GtkWidget     *widget,
                                                         RumbleMessage *message);

G_END_DECLS
