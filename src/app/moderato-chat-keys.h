/* moderato-chat-keys.h — the chat list by keyboard: row focus and moderation keys
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "moderato-chat-view.h"
#include "moderato-message-row.h"

G_BEGIN_DECLS

/* A key pressed while the keyboard focus is in @view's list (from the list's capture-phase
 * key controller). TRUE when the key was used. */
gboolean            moderato_chat_keys_key_pressed  (ModeratoChatView  *view,
                                                     guint              keyval,
                                                     GdkModifierType    state);

/* @view's focus vfunc: the list is one tab stop (Tab leaves it instead of walking its rows),
 * and tabbing into a following chat lands on the newest row. @chain_up: the parent class's
 * focus vfunc. */
typedef gboolean (*ModeratoChatKeysFocusFunc) (GtkWidget        *widget,
                                               GtkDirectionType  direction);

gboolean            moderato_chat_keys_focus        (ModeratoChatView          *view,
                                                     GtkDirectionType           direction,
                                                     ModeratoChatKeysFocusFunc  chain_up);

/* The message row that has the keyboard focus in @view's list, or NULL (also when the list
 * itself has it, as after Escape). */
ModeratoMessageRow *moderato_chat_keys_get_focus_row (ModeratoChatView *view);

/* Scrolls @view's list to the item at @position and gives its row the keyboard focus. */
void                moderato_chat_keys_focus_position (ModeratoChatView *view,
                                                       guint             position);

G_END_DECLS
