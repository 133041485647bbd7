/* moderato-chat-view.h — the scrolling list of chat messages, its context menu and follow mode
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "moderato-image-cache.h"
#include "moderato-message-row.h"
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
/* Follow again and go to the newest message (the "jump to latest" button, Escape/End): ends
 * every pause but an open menu and moderato_chat_view_hold(). */
void           moderato_chat_view_jump_to_latest      (ModeratoChatView   *self);
/* What scrolling up by the user does: stop following ("scrolled up"). */
void           moderato_chat_view_stop_following      (ModeratoChatView   *self);

/* Pausing: besides scrolling up, the view stops following while the pointer is over it
 * (when pause-on-hover; it resumes @delay_ms after the pointer left), while the pause
 * modifier is held anywhere in the window (0: none), while its menu is open, while keyboard
 * focus is on a row, and while held by moderato_chat_view_hold() (a count: the window holds
 * it while a card or dialog opened from the chat is open). While paused nothing on screen
 * moves or is trimmed, and the indicator says "Paused · N new". */
#define MODERATO_CHAT_VIEW_DEFAULT_RESUME_DELAY_MS 1000
void           moderato_chat_view_hold                (ModeratoChatView   *self,
                                                       gboolean            hold);
/* Paused for another reason than scrolling up. */
gboolean       moderato_chat_view_get_paused          (ModeratoChatView   *self);
void           moderato_chat_view_set_pause_on_hover  (ModeratoChatView   *self,
                                                       gboolean            pause_on_hover);
void           moderato_chat_view_set_resume_delay    (ModeratoChatView   *self,
                                                       guint               delay_ms);
/* GDK_CONTROL_MASK, GDK_ALT_MASK, GDK_SHIFT_MASK or 0. */
void           moderato_chat_view_set_pause_modifier  (ModeratoChatView   *self,
                                                       GdkModifierType     modifier);

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

/* Called on every bind, after the row got its message: marks the row from elsewhere (the
 * window's highlights and collapsed wave members) without the view knowing what they are.
 * Must be O(1). redecorate() calls it again on every live row, once before the next frame
 * however often it is asked. */
typedef void (*ModeratoChatViewDecorateFunc) (ModeratoMessageRow *row,
                                              gpointer            user_data);
void           moderato_chat_view_set_decorate_func   (ModeratoChatView             *self,
                                                       ModeratoChatViewDecorateFunc  func,
                                                       gpointer                      user_data,
                                                       GDestroyNotify                destroy);
void           moderato_chat_view_redecorate          (ModeratoChatView   *self);

G_END_DECLS
