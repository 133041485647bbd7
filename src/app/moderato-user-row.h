/* moderato-user-row.h — one user in the sidebar: name, badges, markers, message count
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rumble-chat-api.h"

G_BEGIN_DECLS

#define MODERATO_TYPE_USER_ROW (moderato_user_row_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoUserRow, moderato_user_row, MODERATO, USER_ROW, GtkWidget)

GtkWidget     *moderato_user_row_new             (void) G_GNUC_WARN_UNUSED_RESULT;

/* Property "user"; NULL while the row is not bound. */
RumbleUser    *moderato_user_row_get_user        (ModeratoUserRow *self);
void           moderato_user_row_set_user        (ModeratoUserRow *self,
                                                  RumbleUser      *user);
/* Property "chat": badge labels and icons, and whether moderation is offered. */
RumbleChatApi *moderato_user_row_get_chat        (ModeratoUserRow *self);
void           moderato_user_row_set_chat        (ModeratoUserRow *self,
                                                  RumbleChatApi   *chat);

/* Opens the context menu (copy name, open profile; mute ▸ and unmute when the chat has a
 * session and can-moderate). Right click, long press, Menu and Shift+F10 call this. */
void           moderato_user_row_popup_menu      (ModeratoUserRow *self);
/* The menu model the context menu would show now (for tests). */
GMenuModel    *moderato_user_row_build_menu      (ModeratoUserRow *self) G_GNUC_WARN_UNUSED_RESULT;

/* A badge: its icon from the image cache when loaded, else its label. *@out_loading (optional)
 * is TRUE while the icon is being fetched ("image-changed" follows). */
GtkWidget     *moderato_badge_widget_new         (RumbleChatApi   *chat,
                                                  const char      *slug,
                                                  gboolean        *out_loading)
                                                  G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
