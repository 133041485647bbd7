/* moderato-user-sidebar.h — every user seen in the chat, filterable, with their card
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "moderato-image-cache.h"
#include "rumble-chat-api.h"
#include "rumble-emotes.h"

G_BEGIN_DECLS

#define MODERATO_TYPE_USER_SIDEBAR (moderato_user_sidebar_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoUserSidebar, moderato_user_sidebar, MODERATO, USER_SIDEBAR, GtkWidget)

GtkWidget     *moderato_user_sidebar_new          (void) G_GNUC_WARN_UNUSED_RESULT;

/* Property "chat". NULL empties the list. */
RumbleChatApi *moderato_user_sidebar_get_chat     (ModeratoUserSidebar *self);
void           moderato_user_sidebar_set_chat     (ModeratoUserSidebar *self,
                                                   RumbleChatApi       *chat);

/* Ctrl+F: focus the name filter. */
void           moderato_user_sidebar_focus_filter (ModeratoUserSidebar *self);

/* Opens the card of @user (e.g. from win.show-user). The card's moderation actions activate
 * the window's win.mute / win.unmute; they are shown only with a session and can-moderate. */
void           moderato_user_sidebar_show_user    (ModeratoUserSidebar *self,
                                                   RumbleUser          *user);

/* Property "card-open": a user card from the list (or win.show-user) is showing. The window
 * holds the chat still meanwhile, so the message the card was opened from stays put. */
gboolean       moderato_user_sidebar_get_card_open (ModeratoUserSidebar *self);

/* The sorted, filtered model shown (for tests and the window). */
GListModel    *moderato_user_sidebar_get_model    (ModeratoUserSidebar *self);

/* Property "sort" (the people-sort setting; the action sidebar.sort): "activity" (the
 * default), "name" or "count". Unknown values are ignored. */
const char    *moderato_user_sidebar_get_sort     (ModeratoUserSidebar *self);
void           moderato_user_sidebar_set_sort     (ModeratoUserSidebar *self,
                                                   const char          *sort);
/* Whether the order is held still now (the pointer is over the list, or its card is open). */
gboolean       moderato_user_sidebar_get_frozen   (ModeratoUserSidebar *self);

/* What the user card draws messages with (both nullable). */
void           moderato_user_sidebar_set_emotes   (ModeratoUserSidebar *self,
                                                   RumbleEmotes        *emotes);
void           moderato_user_sidebar_set_image_cache (ModeratoUserSidebar *self,
                                                   ModeratoImageCache  *cache);

G_END_DECLS
