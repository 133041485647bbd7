/* moderato-window.h — the main window: stream field, connection state, chat, users, composer
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "moderato-application.h"
#include "moderato-attention-lane.h"
#include "moderato-chat-view.h"
#include "moderato-notifier.h"
#include "rumble-chat-api.h"

G_BEGIN_DECLS

#define MODERATO_TYPE_WINDOW (moderato_window_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoWindow, moderato_window, MODERATO, WINDOW, AdwApplicationWindow)

ModeratoWindow   *moderato_window_new               (ModeratoApplication *application)
                                                    G_GNUC_WARN_UNUSED_RESULT;

/* Opens whatever the user pasted (id, popup, video, embed or channel URL); resolves it
 * first when it needs the site. Replaces the open chat. */
void              moderato_window_open_stream       (ModeratoWindow      *self,
                                                     const char          *input);
/* Property "chat": the open chat, or NULL. */
RumbleChatApi    *moderato_window_get_chat          (ModeratoWindow      *self);

ModeratoChatView *moderato_window_get_chat_view     (ModeratoWindow      *self);
AdwToastOverlay  *moderato_window_get_toast_overlay (ModeratoWindow      *self);
/* The connection state as shown in the header, and the visible page ("empty", "resolving",
 * "connecting", "offline", "error", "chat"); for tests. */
const char       *moderato_window_get_state_text    (ModeratoWindow      *self);
const char       *moderato_window_get_page          (ModeratoWindow      *self);
/* Whether the window uses its narrow layout (stream field in a popover, sidebar over the
 * chat): below MODERATO_WINDOW_NARROW_WIDTH px of content. */
gboolean          moderato_window_get_narrow        (ModeratoWindow      *self);

/* What needs a moderator in the open chat (moderato-window-attention.c). */
ModeratoAttentionLane *moderato_window_get_attention_lane (ModeratoWindow *self);
ModeratoNotifier      *moderato_window_get_notifier       (ModeratoWindow *self);
/* The application's notification actions: "delete" (@arg: message id), "mute" (@arg: user
 * name, 5 minutes) or "open" (@arg: message id or ""), on the chat of @stream_id. FALSE
 * when this window does not show that chat (any more). */
gboolean               moderato_window_handle_notification (ModeratoWindow *self,
                                                            const char     *action,
                                                            const char     *stream_id,
                                                            const char     *arg);

G_END_DECLS
