/* test-ui-util.h — a Moderato window on the fake server, shared by the UI tests
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "moderato-application.h"
#include "moderato-window.h"
#include "rumble-fake-server.h"
#include "test-ui-requests.h"

G_BEGIN_DECLS

typedef struct {
  RumbleFakeServer    *fake;
  ModeratoApplication *app;
  ModeratoWindow      *window;
} Fixture;

/* gtk_init_check + adw_init, and, with a display, the one application and fake server the
 * whole program shares (a registered GtkApplication is never finalized), recording into a
 * ledger in a new temporary folder. FALSE without a display: tests then skip. */
gboolean test_ui_init             (void);
gboolean test_ui_have_display     (void);

/* @data: "user:password" to be logged in with (logging out first), or NULL for logged out.
 * Then a new 900×600 window, presented. */
void     test_ui_fixture_setup    (Fixture       *f,
                                   gconstpointer  data);
/* Destroys the window and checks it was finalized. */
void     test_ui_fixture_teardown (Fixture       *f,
                                   gconstpointer  data);

/* The first widget of @type (or a subtype) at or under @widget, depth first; NULL if none. */
GtkWidget *test_ui_find_widget     (GtkWidget     *widget,
                                    GType          type);

/* Whether the window's chat has the message @id and its chat view's list shows it. */
gboolean   test_ui_message_shown   (Fixture       *f,
                                    const char    *id);
/* Waits (up to @timeout_ms) until test_ui_message_shown(). */
void       test_ui_wait_message    (Fixture       *f,
                                    const char    *id,
                                    guint          timeout_ms);

/* Presses @keyval with @mods as GTK 4.8 delivers a key press to the focus widget: the
 * capture phase from the window down, then the target and bubble phases back up, through
 * each widget's key controllers ("key-pressed") and local shortcut controllers, stopping at
 * the first that handles it. Then lets the main loop run a little. TRUE when handled. */
gboolean   test_ui_press_key       (Fixture         *f,
                                    guint            keyval,
                                    GdkModifierType  mods);

/* Pushes a message by @user on the fake's default stream and waits until the window's chat
 * has it. Returns its id. */
char      *test_ui_post_and_wait   (Fixture         *f,
                                    const char      *user,
                                    const char      *text);

/* The shown menu entry (a GtkModelButton under @widget) whose text is @label, mnemonic
 * underscores left out; NULL if none. */
GtkWidget *test_ui_find_menu_entry (GtkWidget       *widget,
                                    const char      *label);

/* Plain text this program put on the clipboard of @f's window, or NULL. */
char      *test_ui_clipboard_text  (Fixture         *f);
/* The first widget at or under @widget, depth first, that @match says TRUE of; NULL if none. */
GtkWidget *test_ui_find_matching   (GtkWidget     *widget,
                                    gboolean     (*match) (GtkWidget     *widget,
                                                           gconstpointer  data),
                                    gconstpointer  data);
/* For test_wait_until(): @data's (a Fixture) window has a connected chat with messages. */
gboolean   test_ui_chat_live       (gpointer       data);

/* The ModeratoMessageRow at or under @widget showing the message @message_id; NULL if none. */
GtkWidget *test_ui_find_message_row (GtkWidget   *widget,
                                     const char  *message_id);
/* Opens @stream in @f's window and waits (up to 10 s) until its chat is connected. */
void       test_ui_open_stream      (Fixture     *f,
                                     const char  *stream);

/* Opens the fake's default stream in @f's window and waits until it is connected and the
 * account may moderate there. */
RumbleChatApi *test_ui_open_moderated_stream (Fixture *f);

#define SKIP_WITHOUT_DISPLAY() \
  G_STMT_START { if (!test_ui_have_display ()) { g_test_skip ("no display"); return; } } G_STMT_END

G_END_DECLS
