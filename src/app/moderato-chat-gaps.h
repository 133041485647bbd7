/* moderato-chat-gaps.h — where the chat's connection was cut, as the chat view marks it
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rumble-chat-api.h"

G_BEGIN_DECLS

typedef struct _ModeratoChatGaps ModeratoChatGaps;

ModeratoChatGaps *moderato_chat_gaps_new            (void) G_GNUC_WARN_UNUSED_RESULT;
void              moderato_chat_gaps_free           (ModeratoChatGaps *self);

/* RumbleChatApi::connection-lost: a gap under @last_message_id's row, or (NULL: the chat was
 * empty) above the first message that arrives next. Returns where it shows now (NULL:
 * waiting for that message). A second gap under the same message replaces the first. */
const char       *moderato_chat_gaps_lost           (ModeratoChatGaps *self,
                                                     gint64            lost_at,
                                                     const char       *last_message_id);
/* RumbleChatApi::reconnected, at @now (real time, µs): the open gap says how it went.
 * Returns the message whose divider changed, or NULL. */
const char       *moderato_chat_gaps_reconnected    (ModeratoChatGaps *self,
                                                     gint64            lost_at,
                                                     guint             n_recovered,
                                                     gboolean          complete,
                                                     gint64            now);
/* The first message after a gap that had none before it: the gap goes above it. TRUE if a
 * gap was waiting for it. */
gboolean          moderato_chat_gaps_place_waiting  (ModeratoChatGaps *self,
                                                     const char       *message_id);
gboolean          moderato_chat_gaps_has_waiting    (ModeratoChatGaps *self);
/* Forgets the gaps of messages no longer in @chat (trimmed): the divider goes with them. */
void              moderato_chat_gaps_prune          (ModeratoChatGaps *self,
                                                     RumbleChatApi    *chat);
void              moderato_chat_gaps_clear          (ModeratoChatGaps *self);
/* Gaps placed under or above a message. */
guint             moderato_chat_gaps_get_n_placed   (ModeratoChatGaps *self);
/* The divider of @message_id's row, or NULL; @out_above: over the message, not under. */
const char       *moderato_chat_gaps_lookup         (ModeratoChatGaps *self,
                                                     const char       *message_id,
                                                     gboolean         *out_above);

/* The divider's text: "Connection lost at 21:04:11" (local time), and once @back_at (real
 * time, µs; 0: not yet) a second line on how the reconnect went. */
char             *moderato_chat_gap_describe        (gint64            lost_at,
                                                     gint64            back_at,
                                                     guint             n_recovered,
                                                     gboolean          complete)
                                                     G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ModeratoChatGaps, moderato_chat_gaps_free)

G_END_DECLS
