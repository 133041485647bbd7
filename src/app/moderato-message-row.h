/* moderato-message-row.h — one chat message, drawn as one layout with inline images
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

#define MODERATO_TYPE_MESSAGE_ROW (moderato_message_row_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoMessageRow, moderato_message_row, MODERATO, MESSAGE_ROW, GtkWidget)

GtkWidget     *moderato_message_row_new                 (void) G_GNUC_WARN_UNUSED_RESULT;

/* Property "message". */
RumbleMessage *moderato_message_row_get_message         (ModeratoMessageRow *self);
void           moderato_message_row_set_message         (ModeratoMessageRow *self,
                                                         RumbleMessage      *message);

/* Context shared by every row of a view; the view sets them at setup and on change. */
/* The chat (nullable): badge definitions. */
void           moderato_message_row_set_chat            (ModeratoMessageRow *self,
                                                         RumbleChatApi      *chat);
void           moderato_message_row_set_image_cache     (ModeratoMessageRow *self,
                                                         ModeratoImageCache *cache);
/* The chat's emote catalogue (nullable). */
void           moderato_message_row_set_emotes          (ModeratoMessageRow *self,
                                                         RumbleEmotes       *emotes);
/* Lay out again (the catalogue or badges changed). */
void           moderato_message_row_invalidate          (ModeratoMessageRow *self);
void           moderato_message_row_set_show_timestamps (ModeratoMessageRow *self,
                                                         gboolean            show_timestamps);
/* The logged-in account (both nullable): marks own messages and mentions. */
void           moderato_message_row_set_own_user        (ModeratoMessageRow *self,
                                                         const char         *user_id,
                                                         const char         *username);
/* A single line, ellipsized (for the pinned-message bar). */
void           moderato_message_row_set_compact         (ModeratoMessageRow *self,
                                                         gboolean            compact);

/* What needs a moderator (the window's attention lane sets them on bind, from the message
 * id): @color ("#rrggbb", anything else clears it) draws a bar, a marker and a tint in the
 * row's start padding; a @stub (plain text, NULL: none) replaces the message with one line,
 * for the members of a spam wave whose card is open. The row keeps its message, its focus
 * and its menu. */
void           moderato_message_row_set_highlight       (ModeratoMessageRow *self,
                                                         const char         *color);
const char    *moderato_message_row_get_highlight       (ModeratoMessageRow *self);
void           moderato_message_row_set_collapsed       (ModeratoMessageRow *self,
                                                         const char         *stub);
const char    *moderato_message_row_get_collapsed       (ModeratoMessageRow *self);

/* Moderation mode: the buttons each row offers, by id (moderato-moderation-button.h), in
 * order; NULL or empty: none (the mode is off). They are made when set, and show over the
 * end of the first line while the pointer is on the row or it has the focus. */
void           moderato_message_row_set_moderation_buttons (ModeratoMessageRow *self,
                                                            const char * const *button_ids);
/* The button @button_id of this row, or NULL; for tests. */
GtkWidget     *moderato_message_row_get_moderation_button  (ModeratoMessageRow *self,
                                                            const char         *button_id);

/* The label of the badge (or marker) drawn at @x, @y, and its area; NULL if none. What
 * the row's query-tooltip shows. */
const char    *moderato_message_row_get_tooltip_at      (ModeratoMessageRow *self,
                                                         double              x,
                                                         double              y,
                                                         GdkRectangle       *out_area);
/* The emote preview the last tooltip over an emote showed (the image at its own size and
 * its `:name:`), or NULL; for tests. */
GtkWidget     *moderato_message_row_get_emote_preview   (ModeratoMessageRow *self);

/* A divider (plain text, one or more lines) drawn centred between thin rules, under the
 * message or, when @above, over it; NULL: none. It is the row's accessible description. */
void           moderato_message_row_set_divider         (ModeratoMessageRow *self,
                                                         const char         *text,
                                                         gboolean            above);
const char    *moderato_message_row_get_divider         (ModeratoMessageRow *self,
                                                         gboolean           *out_above);

/* The width the text is wrapped to, px (-1 before the first layout); for tests. */
int            moderato_message_row_get_text_width      (ModeratoMessageRow *self);

/* Whether a rant's countdown is running; moderato_message_row_tick() redraws it. */
gboolean       moderato_message_row_has_running_clock   (ModeratoMessageRow *self);
void           moderato_message_row_tick                (ModeratoMessageRow *self);

/* The text of the layout as drawn (objects replaced by U+FFFC) and the accessible label;
 * for tests. */
const char    *moderato_message_row_get_layout_text     (ModeratoMessageRow *self);
const char    *moderato_message_row_get_accessible_text (ModeratoMessageRow *self);
/* Live instances, for tests that prove rows are recycled. */
guint          moderato_message_row_get_n_instances     (void);

G_END_DECLS
