/* moderato-user-card.h — a user's card: badges, follower, first and last seen, their messages
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

#define MODERATO_TYPE_USER_CARD (moderato_user_card_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoUserCard, moderato_user_card, MODERATO, USER_CARD, GtkPopover)

GtkWidget     *moderato_user_card_new                (void) G_GNUC_WARN_UNUSED_RESULT;

/* Property "chat": the messages, badges and whether moderation is offered. */
RumbleChatApi *moderato_user_card_get_chat           (ModeratoUserCard *self);
void           moderato_user_card_set_chat           (ModeratoUserCard *self,
                                                      RumbleChatApi    *chat);
/* Property "user". */
RumbleUser    *moderato_user_card_get_user           (ModeratoUserCard *self);
void           moderato_user_card_set_user           (ModeratoUserCard *self,
                                                      RumbleUser       *user);

/* The user's messages in the history (filtered live from the chat's messages while the
 * card is shown; empty while hidden). */
GListModel    *moderato_user_card_get_messages       (ModeratoUserCard *self);
/* Whether the card offers moderation: a user, and moderato_moderation_allowed() on the chat.
 * Then it offers Mute or Unmute as what is known says: a mute this session made or saw
 * (with its term: "Muted until 21:40"), else Rumble's muted-users records, read when the
 * card opens (both while unknown); and "Delete Their Messages". */
gboolean       moderato_user_card_get_can_moderate   (ModeratoUserCard *self);

/* What the message list draws with (both nullable): the chat's own message rows. */
void           moderato_user_card_set_emotes         (ModeratoUserCard   *self,
                                                      RumbleEmotes       *emotes);
void           moderato_user_card_set_image_cache    (ModeratoUserCard   *self,
                                                      ModeratoImageCache *cache);
/* The card scrolls inside this height (the window's), less its frame. */
void           moderato_user_card_set_max_height     (ModeratoUserCard   *self,
                                                      int                 height);

G_END_DECLS
