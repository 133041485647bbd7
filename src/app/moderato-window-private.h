/* moderato-window-private.h — what moderato-window.c, -actions.c and -state.c share
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "moderato-account.h"
#include "moderato-attention-lane.h"
#include "moderato-composer.h"
#include "moderato-message-row.h"
#include "moderato-notifier.h"
#include "moderato-user-sidebar.h"
#include "moderato-window.h"
#include "rumble-emotes.h"

G_BEGIN_DECLS

struct _ModeratoWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template */
  AdwToastOverlay      *toast_overlay;
  GtkEntry             *stream_entry;
  GtkWidget            *state_dot;
  AdwWindowTitle       *window_title;
  GtkWidget            *retry_button;
  GtkMenuButton        *account_button;
  GtkRevealer          *pinned_revealer;
  ModeratoMessageRow   *pinned_row;
  GtkWidget            *unpin_button;
  GtkWidget            *pinned_popover;
  GtkStack             *stack;
  AdwStatusPage        *connecting_page;
  GtkSpinner           *connecting_spinner;
  AdwStatusPage        *error_page;
  GtkWidget            *demo_button;
  AdwFlap              *flap;
  ModeratoChatView     *chat_view;
  GtkRevealer          *composer_revealer;
  ModeratoComposer     *composer;
  GtkRevealer          *login_revealer;
  GtkWidget            *demo_hint;
  GtkBox               *sidebar_slot;
  GtkWidget            *moderation_button;
  ModeratoAttentionLane *attention_lane;

  /* State */
  GSettings            *settings;
  ModeratoAccount      *account;
  GSignalGroup         *account_signals;
  SoupSession          *soup_session;
  char                 *site_url;
  char                 *chat_url;
  gboolean              demo;
  gboolean              remember_stream;

  RumbleChatApi        *chat;
  GSignalGroup         *chat_signals;
  GSignalGroup         *messages_signals;
  RumbleConnectionState last_state;
  RumbleEmotes         *emotes;
  ModeratoUserSidebar  *sidebar;
  GMenu                *account_menu;

  GCancellable         *resolve_cancellable;
  GCancellable         *chat_cancellable;
  char                 *last_input;
  char                 *open_error;      /* why the last open failed, plain text */
  char                 *state_text;
  guint                 countdown_id;
  gboolean              resolving;
  gboolean              show_sidebar;
  gboolean              moderation_mode;  /* asked for on this stream (shown if allowed) */
  gboolean              card_holds_chat;  /* the chat view is held while a user card shows */

  /* What needs a moderator (moderato-window-attention.c): one detector per open chat. */
  ModeratoDetector     *detector;
  ModeratoNotifier     *notifier;
};

/* moderato-window-actions.c: installs the win.* actions (listed there). */
void     _moderato_window_class_actions_init (ModeratoWindowClass *klass);

/* moderato-window-state.c: the header's state and the visible page, from the chat's state. */
void     _moderato_window_update_state       (ModeratoWindow      *self);
void     _moderato_window_update_page        (ModeratoWindow      *self);

/* moderato-window-attention.c: the detector of the open chat, the attention lane, the
 * highlighted rows and the desktop notifications. */
void     _moderato_window_attention_init     (ModeratoWindow      *self);
void     _moderato_window_attention_setup    (ModeratoWindow      *self,
                                              GApplication        *application);
void     _moderato_window_attention_start    (ModeratoWindow      *self);
void     _moderato_window_attention_stop     (ModeratoWindow      *self);
void     _moderato_window_attention_update_own_names (ModeratoWindow *self);
void     _moderato_window_attention_dispose  (ModeratoWindow      *self);

/* @plain_text is escaped: toast titles are markup. */
void     _moderato_window_add_toast          (ModeratoWindow      *self,
                                              const char          *plain_text);
gboolean _moderato_window_logged_in          (ModeratoWindow      *self);

G_END_DECLS
