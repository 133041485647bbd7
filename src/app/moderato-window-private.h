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

typedef struct _ModeratoWindowLedger ModeratoWindowLedger;

struct _ModeratoWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template */
  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  GtkEntry             *stream_entry;
  GtkMenuButton        *stream_button;
  GtkPopover           *stream_popover;
  GtkEntry             *stream_popover_entry;
  GtkWidget            *state_dot;
  AdwWindowTitle       *window_title;
  GtkWidget            *retry_button;
  GtkMenuButton        *account_button;
  GtkMenuButton        *main_menu_button;
  GMenuModel           *main_menu;
  GtkRevealer          *error_revealer;
  GtkLabel             *error_label;
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
  GMenu                *narrow_menu;     /* the account's section, then the main menu */

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

  /* Narrow layout (below MODERATO_WINDOW_NARROW_WIDTH): the stream field is a button with a
   * popover, the sidebar overlays the chat and show-sidebar is not saved. */
  gboolean              narrow;
  gboolean              wide_show_sidebar;  /* show-sidebar to restore when wide again */

  /* What is streaming, from the link that opened it (plain text, NULL when unknown). */
  char                 *stream_title;
  char                 *channel_name;

  /* Appearance (moderato-window-appearance.c) */
  GtkWidget            *zoom_control;      /* the main menu's "zoom" item (owned) */
  GtkWidget            *zoom_reset_button; /* in it, shows the text size */

  ModeratoWindowLedger *ledger_ui;        /* moderato-window-ledger.c */
  /* What needs a moderator (moderato-window-attention.c): one detector per open chat. */
  ModeratoDetector     *detector;
  ModeratoNotifier     *notifier;
  /* What the app's ledger tells the detector: watched users, the account's channels, the
   * accounts known before (first-time chatters). Asked again for each detector. */
  ModeratoLedger       *attention_ledger;
  gulong                watch_changed_id;
  GCancellable         *attention_cancellable;
  char                **ledger_channels;
  char                 *ledger_channels_for;  /* the user id they were asked for */
  gboolean              known_users_asked;
  gboolean              known_users_loaded;
};

/* Content width (px) below which the window uses its narrow layout. */
#define MODERATO_WINDOW_NARROW_WIDTH 600

/* moderato-window-actions.c: installs the win.* actions (listed there). */
void     _moderato_window_class_actions_init (ModeratoWindowClass *klass);

/* moderato-window-appearance.c: the zoom row of the main menu and the compact-rows class,
 * following the settings (the zoom actions are disabled without settings). */
void     _moderato_window_appearance_init    (ModeratoWindow      *self);
/* Puts the zoom row back into the main menu after its model changed (the narrow layout
 * swaps models, and a GtkPopoverMenu drops custom children with its model). */
void     _moderato_window_appearance_place_zoom (ModeratoWindow   *self);

/* moderato-window-state.c: the header's state and the visible page, from the chat's state. */
void     _moderato_window_update_state       (ModeratoWindow      *self);
void     _moderato_window_update_page        (ModeratoWindow      *self);

/* The header's title and subtitle and the window title, from the chat, what the link said
 * about it and the state text. */
void     _moderato_window_update_titles      (ModeratoWindow      *self);

/* Shows @plain_text (never markup) whole in the error banner under the header, until
 * dismissed or a stream opens; NULL hides it. Failures go here, not into toasts, so they can
 * be read whole and do not vanish while the streamer looks elsewhere. */
void     _moderato_window_show_error         (ModeratoWindow      *self,
                                              const char          *plain_text);
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

/* moderato-window-ledger.c: the open chat recorded in the app's ledger, the ledger's
 * banner, and its pages over the chat (search, moderation log) and the stream report. */
void        _moderato_window_class_ledger_init (ModeratoWindowClass *klass);
void        _moderato_window_ledger_init       (ModeratoWindow      *self);
void        _moderato_window_ledger_setup      (ModeratoWindow      *self,
                                                ModeratoApplication *app);
void        _moderato_window_ledger_dispose    (ModeratoWindow      *self);
/* The ledger page shown instead of the chat's ("search", "log"), or NULL. */
const char *_moderato_window_ledger_page       (ModeratoWindow      *self);

G_END_DECLS
