/* moderato-chat-view.h — the scrolling list of chat messages, its context menu and follow mode
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

#define MODERATO_TYPE_CHAT_VIEW (moderato_chat_view_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoChatView, moderato_chat_view, MODERATO, CHAT_VIEW, GtkWidget)

/* Property "chat": its messages model is shown. */
RumbleChatApi *moderato_chat_view_get_chat            (ModeratoChatView   *self);
void           moderato_chat_view_set_chat            (ModeratoChatView   *self,
                                                       RumbleChatApi      *chat);

void           moderato_chat_view_set_image_cache     (ModeratoChatView   *self,
                                                       ModeratoImageCache *cache);
/* The chat's emote catalogue (nullable). */
void           moderato_chat_view_set_emotes          (ModeratoChatView   *self,
                                                       RumbleEmotes       *emotes);
void           moderato_chat_view_set_show_timestamps (ModeratoChatView   *self,
                                                       gboolean            show_timestamps);
void           moderato_chat_view_set_own_user        (ModeratoChatView   *self,
                                                       const char         *user_id,
                                                       const char         *username);
/* Whether the moderation entries of the context menu are offered. */
void           moderato_chat_view_set_can_moderate    (ModeratoChatView   *self,
                                                       gboolean            can_moderate);

/* Properties "following" (the view sticks to the newest message) and "n-unseen" (messages
 * that arrived since the user scrolled up). */
gboolean       moderato_chat_view_get_following       (ModeratoChatView   *self);
guint          moderato_chat_view_get_n_unseen        (ModeratoChatView   *self);
/* Follow again and go to the newest message (the "jump to latest" button). */
void           moderato_chat_view_jump_to_latest      (ModeratoChatView   *self);
/* What scrolling up by the user does: stop following. */
void           moderato_chat_view_stop_following      (ModeratoChatView   *self);

/* Opens the context menu of @message at @row (NULL: at the view's centre). */
void           moderato_chat_view_popup_menu          (ModeratoChatView   *self,
                                                       RumbleMessage      *message,
                                                       GtkWidget          *row);
GtkPopover    *moderato_chat_view_get_menu_popover    (ModeratoChatView   *self);

GtkListView   *moderato_chat_view_get_list_view       (ModeratoChatView   *self);
/* Row widgets alive now (set up by the list view). */
guint          moderato_chat_view_get_n_rows          (ModeratoChatView   *self);

/* Moderation mode: the buttons of every row (moderato_message_row_set_moderation_buttons());
 * NULL or empty: the mode is off. */
void           moderato_chat_view_set_moderation_buttons (ModeratoChatView   *self,
                                                          const char * const *button_ids);

G_END_DECLS
