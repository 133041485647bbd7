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

G_BEGIN_DECLS

typedef struct {
  RumbleFakeServer    *fake;
  ModeratoApplication *app;
  ModeratoWindow      *window;
} Fixture;

/* gtk_init_check + adw_init, and, with a display, the one application and fake server the
 * whole program shares (a registered GtkApplication is never finalized). FALSE without a
 * display: tests then skip. */
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

/* Waits (up to @timeout_ms) until the window's chat has the message @id. */
void       test_ui_wait_message    (Fixture       *f,
                                    const char    *id,
                                    guint          timeout_ms);

/* For test_wait_until(): @data's (a Fixture) window has a connected chat with messages. */
gboolean   test_ui_chat_live       (gpointer       data);

#define SKIP_WITHOUT_DISPLAY() \
  G_STMT_START { if (!test_ui_have_display ()) { g_test_skip ("no display"); return; } } G_STMT_END

G_END_DECLS
