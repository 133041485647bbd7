/* test-ui-chat-hold.c — the chat holds still: menu, hover, modifier, trimming, the indicator
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "moderato-application.h"
#include "moderato-chat-view.h"
#include "moderato-user-card.h"
#include "moderato-message-row.h"
#include "moderato-window.h"
#include "rumble-chat-api.h"
#include "rumble-fake-server.h"
#include "test-ui-util.h"
#include "test-util.h"

#define STREAM RUMBLE_FAKE_DEFAULT_STREAM
#define MODERATOR "MarigoldFinch:hunter2"

static ModeratoChatView *
view_of (Fixture *f)
{
  return moderato_window_get_chat_view (f->window);
}

static RumbleChatApi *
chat_of (Fixture *f)
{
  return moderato_window_get_chat (f->window);
}

static gboolean
chat_live (gpointer data)
{
  Fixture *f = data;
  RumbleChatApi *chat = chat_of (f);

  return chat != NULL && rumble_chat_api_get_state (chat) == RUMBLE_CONNECTION_CONNECTED &&
         g_list_model_get_n_items (rumble_chat_api_get_messages (chat)) > 0;
}

static gboolean
at_bottom (gpointer data)
{
  GtkListView *list = moderato_chat_view_get_list_view (view_of (data));
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));

  return gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) >=
         gtk_adjustment_get_upper (adj) - 2;
}

/* @n messages from the fake, then waits until the last one is in the chat. */
static void
push_messages (Fixture    *f,
               guint       n,
               const char *prefix)
{
  g_autofree char *last = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("%s %u", prefix, i);

      g_free (last);
      last = rumble_fake_server_push_message (f->fake, STREAM, i % 2 ? "Juniper_Jo" : "mossy_otter",
                                              text);
    }
  test_ui_wait_message (f, last, 20000);
  test_iterate_for (200);
}

/* Opens the stream, fills the view and waits until it sits at the newest message. */
static void
open_filled (Fixture *f,
             guint    resume_delay_ms)
{
  GSettings *settings = moderato_application_get_settings (f->app);

  g_settings_set_boolean (settings, "pause-on-hover", TRUE);
  g_settings_set_uint (settings, "pause-resume-delay-ms", resume_delay_ms);
  g_settings_set_string (settings, "pause-modifier", "control");
  moderato_window_open_stream (f->window, STREAM);
  test_wait_until (chat_live, f, 10000);
  push_messages (f, 60, "filler");
  test_wait_until (at_bottom, f, 5000);
  g_assert_true (moderato_chat_view_get_following (view_of (f)));
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (MODERATO_IS_MESSAGE_ROW (widget) && gtk_widget_get_mapped (widget) &&
      moderato_message_row_get_message (MODERATO_MESSAGE_ROW (widget)) != NULL)
    g_ptr_array_add (rows, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

/* The row showing @message now, or NULL. */
static GtkWidget *
row_of (Fixture       *f,
        RumbleMessage *message)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (view_of (f)), rows);
  for (guint i = 0; i < rows->len; i++)
    if (moderato_message_row_get_message (g_ptr_array_index (rows, i)) == message)
      return g_ptr_array_index (rows, i);
  return NULL;
}

/* Where the row of @message is, in the view's coordinates. */
static graphene_rect_t
bounds_of (Fixture       *f,
           RumbleMessage *message)
{
  GtkWidget *row = row_of (f, message);
  graphene_rect_t bounds;

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_compute_bounds (row, GTK_WIDGET (view_of (f)), &bounds));
  return bounds;
}

static void
assert_same_bounds (const graphene_rect_t *a,
                    const graphene_rect_t *b)
{
  g_assert_cmpfloat_with_epsilon (a->origin.y, b->origin.y, 0.5);
  g_assert_cmpfloat_with_epsilon (a->origin.x, b->origin.x, 0.5);
  g_assert_cmpfloat_with_epsilon (a->size.height, b->size.height, 0.5);
}

/* The row fully on screen nearest to @fraction of the view's height (0 top, 1 bottom). */
static GtkWidget *
row_on_screen (Fixture *f,
               double   fraction)
{
  GtkWidget *view = GTK_WIDGET (view_of (f));
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  double target = fraction * gtk_widget_get_height (view);
  GtkWidget *best = NULL;
  double best_distance = G_MAXDOUBLE;

  collect_rows (view, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      graphene_rect_t b;

      if (!gtk_widget_compute_bounds (g_ptr_array_index (rows, i), view, &b) || b.origin.y < 0 ||
          b.origin.y + b.size.height > gtk_widget_get_height (view))
        continue;
      if (fabs (b.origin.y - target) < best_distance)
        {
          best = g_ptr_array_index (rows, i);
          best_distance = fabs (b.origin.y - target);
        }
    }
  g_assert_nonnull (best);
  return best;
}

static GtkEventController *
find_controller (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (c), name) == 0)
        return c; /* owned by the widget */
    }
  g_assert_not_reached ();
}

/* The pointer enters the chat at the middle of @row (the view's real motion controller). */
static void
pointer_enter (Fixture   *f,
               GtkWidget *row)
{
  GtkEventController *motion = find_controller (GTK_WIDGET (view_of (f)), "moderato-chat-hover");
  graphene_point_t middle = GRAPHENE_POINT_INIT (40, gtk_widget_get_height (row) / 2.0);
  graphene_point_t p;

  g_assert_true (gtk_widget_compute_point (row, GTK_WIDGET (view_of (f)), &middle, &p));
  g_signal_emit_by_name (motion, "enter", (double) p.x, (double) p.y);
}

static void
pointer_leave (Fixture *f)
{
  g_signal_emit_by_name (find_controller (GTK_WIDGET (view_of (f)), "moderato-chat-hover"),
                         "leave");
}

static const char *
indicator_text (Fixture *f)
{
  GtkWidget *revealer = test_ui_find_widget (GTK_WIDGET (view_of (f)), GTK_TYPE_REVEALER);

  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  return gtk_label_get_label (GTK_LABEL (test_ui_find_widget (revealer, GTK_TYPE_LABEL)));
}

static gboolean
following (gpointer data)
{
  return moderato_chat_view_get_following (view_of (data));
}

typedef struct {
  Fixture    *f;
  const char *id;
} WaitDelete;

static gboolean
request_deleted (gpointer data)
{
  WaitDelete *w = data;
  g_autofree char *path = g_strdup_printf ("/chat/api/chat/%s/message/%s", STREAM, w->id);

  return rumble_fake_server_find_request (w->f->fake, "DELETE", path) != NULL;
}

static gboolean
chat_can_moderate (gpointer data)
{
  return chat_live (data) && rumble_chat_api_get_can_moderate (chat_of (data));
}

/* A flood while the message menu is open: the target row stays where it is, is never
 * trimmed, the menu names it, and Delete acts on its id. */
static void
test_menu_flood (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(RumbleMessage) target = NULL;
  GtkWidget *row;
  GtkPopover *popover;
  graphene_rect_t before, after;
  GtkWidget *header_label;
  WaitDelete w;

  SKIP_WITHOUT_DISPLAY ();

  open_filled (f, 0);
  test_wait_until (chat_can_moderate, f, 10000);
  /* A short history: without the hold, the flood trims the target away. */
  rumble_chat_api_set_history_len (chat_of (f), 30);
  rumble_chat_api_set_trim_slack (chat_of (f), 3);
  test_iterate_for (200);

  row = row_on_screen (f, 0.1);
  target = g_object_ref (moderato_message_row_get_message (MODERATO_MESSAGE_ROW (row)));
  /* What the row's right-click gesture emits. */
  g_signal_emit_by_name (row, "context-menu", 30.0, 10.0);
  test_iterate_for (100);
  popover = moderato_chat_view_get_menu_popover (view_of (f));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_false (moderato_chat_view_get_following (view_of (f)));
  before = bounds_of (f, target);

  /* The menu names its target, as plain text. */
  header_label = test_ui_find_widget (GTK_WIDGET (popover), GTK_TYPE_LABEL);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (header_label)),
                            rumble_message_get_display_name (target)));

  push_messages (f, 300, "flood while the menu is open");

  g_assert_true (rumble_chat_api_lookup_message (chat_of (f), rumble_message_get_id (target)) ==
                 target);
  after = bounds_of (f, target);
  assert_same_bounds (&before, &after);
  g_assert_cmpuint (moderato_chat_view_get_n_unseen (view_of (f)), ==, 300);
  g_assert_cmpstr (indicator_text (f), ==, "Paused · 300 new");

  /* Delete (what the menu item activates) acts on the chosen id. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view_of (f)), "msg.delete", NULL));
  w = (WaitDelete) { f, rumble_message_get_id (target) };
  test_wait_until (request_deleted, &w, 10000);

  /* Closing the menu resumes, and the deferred trim catches up. */
  gtk_popover_popdown (popover);
  test_wait_until (following, f, 2000);
  test_wait_until (at_bottom, f, 5000);
  g_assert_null (rumble_chat_api_lookup_message (chat_of (f), rumble_message_get_id (target)));
  g_assert_cmpuint (g_list_model_get_n_items (rumble_chat_api_get_messages (chat_of (f))), <=, 33);
}

/* The pointer over the chat pauses it and counts; leaving resumes after the delay. */
static void
test_hover (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(RumbleMessage) hovered = NULL;
  graphene_rect_t before, after;
  GtkWidget *row;

  SKIP_WITHOUT_DISPLAY ();

  open_filled (f, 400);
  row = row_on_screen (f, 0.5);
  hovered = g_object_ref (moderato_message_row_get_message (MODERATO_MESSAGE_ROW (row)));
  pointer_enter (f, row);
  g_assert_false (moderato_chat_view_get_following (view_of (f)));
  g_assert_true (moderato_chat_view_get_paused (view_of (f)));
  g_assert_true (rumble_chat_api_is_message_held (chat_of (f), hovered));
  test_iterate_for (100);
  g_assert_cmpstr (indicator_text (f), ==, "Paused · 0 new");
  before = bounds_of (f, hovered);

  push_messages (f, 7, "while hovering");
  after = bounds_of (f, hovered);
  assert_same_bounds (&before, &after);
  g_assert_false (at_bottom (f));
  g_assert_cmpuint (moderato_chat_view_get_n_unseen (view_of (f)), ==, 7);
  g_assert_cmpstr (indicator_text (f), ==, "Paused · 7 new");

  /* Leaving: still paused for the delay, then it follows again. */
  pointer_leave (f);
  g_assert_false (rumble_chat_api_is_message_held (chat_of (f), hovered));
  test_iterate_for (150);
  g_assert_false (moderato_chat_view_get_following (view_of (f)));
  test_wait_until (following, f, 2000);
  g_assert_cmpuint (moderato_chat_view_get_n_unseen (view_of (f)), ==, 0);
  test_wait_until (at_bottom, f, 5000);

  /* Turned off in the preferences: the pointer does nothing. */
  g_settings_set_boolean (moderato_application_get_settings (f->app), "pause-on-hover", FALSE);
  pointer_enter (f, row_on_screen (f, 0.5));
  g_assert_true (moderato_chat_view_get_following (view_of (f)));
  pointer_leave (f);
}

/* Holding Ctrl pauses wherever the focus is; its release resumes even after focus moved. */
static void
test_modifier (Fixture       *f,
               gconstpointer  data)
{
  GtkEventController *keys;
  GtkWidget *row;
  g_autoptr(RumbleMessage) top = NULL;
  graphene_rect_t before, after;
  gboolean handled = FALSE;

  SKIP_WITHOUT_DISPLAY ();

  open_filled (f, 0);
  keys = find_controller (GTK_WIDGET (f->window), "moderato-chat-pause-keys");
  row = row_on_screen (f, 0.2);
  top = g_object_ref (moderato_message_row_get_message (MODERATO_MESSAGE_ROW (row)));
  before = bounds_of (f, top);

  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Control_L, 37, 0, &handled);
  g_assert_false (handled);
  g_assert_false (moderato_chat_view_get_following (view_of (f)));
  push_messages (f, 5, "while ctrl is held");
  after = bounds_of (f, top);
  assert_same_bounds (&before, &after);
  g_assert_cmpstr (indicator_text (f), ==, "Paused · 5 new");

  /* Another key with Ctrl still down keeps it paused. */
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_f, 41, GDK_CONTROL_MASK, &handled);
  g_assert_false (moderato_chat_view_get_following (view_of (f)));

  gtk_window_set_focus (GTK_WINDOW (f->window), NULL);
  g_signal_emit_by_name (keys, "key-released", GDK_KEY_Control_L, 37, GDK_CONTROL_MASK);
  g_assert_true (moderato_chat_view_get_following (view_of (f)));
  test_wait_until (at_bottom, f, 5000);

  /* Another modifier chosen: Ctrl does nothing. */
  g_settings_set_string (moderato_application_get_settings (f->app), "pause-modifier", "shift");
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Control_L, 37, 0, &handled);
  g_assert_true (moderato_chat_view_get_following (view_of (f)));
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Shift_R, 62, 0, &handled);
  g_assert_false (moderato_chat_view_get_following (view_of (f)));
  g_signal_emit_by_name (keys, "key-released", GDK_KEY_Shift_R, 62, GDK_SHIFT_MASK);
  g_assert_true (moderato_chat_view_get_following (view_of (f)));
}

/* With a tiny history, a flood never drops the row under the pointer, nor moves it. */
static void
test_trim_under_pointer (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(RumbleMessage) hovered = NULL;
  graphene_rect_t before, after;
  GtkWidget *row;

  SKIP_WITHOUT_DISPLAY ();

  open_filled (f, 0);
  rumble_chat_api_set_history_len (chat_of (f), 20);
  rumble_chat_api_set_trim_slack (chat_of (f), 2);
  test_wait_until (at_bottom, f, 5000);
  test_iterate_for (200);

  /* The oldest row on screen: the first a trim would take. */
  row = row_on_screen (f, 0.0);
  hovered = g_object_ref (moderato_message_row_get_message (MODERATO_MESSAGE_ROW (row)));
  pointer_enter (f, row);
  before = bounds_of (f, hovered);

  push_messages (f, 200, "flood under the pointer");
  g_assert_true (rumble_chat_api_lookup_message (chat_of (f), rumble_message_get_id (hovered)) ==
                 hovered);
  after = bounds_of (f, hovered);
  assert_same_bounds (&before, &after);
  g_assert_cmpuint (moderato_chat_view_get_n_unseen (view_of (f)), ==, 200);

  /* Once the pointer is gone, one trim catches up. */
  pointer_leave (f);
  g_assert_true (moderato_chat_view_get_following (view_of (f)));
  g_assert_cmpuint (g_list_model_get_n_items (rumble_chat_api_get_messages (chat_of (f))), ==, 20);
  g_assert_null (rumble_chat_api_lookup_message (chat_of (f), rumble_message_get_id (hovered)));
  test_wait_until (at_bottom, f, 5000);
}

/* Clicking "Paused · N new" resumes, and the pointer still over the chat does not pause it
 * again until it leaves and comes back. */
static void
test_indicator_resumes (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *revealer;
  GtkWidget *button;
  GtkWidget *row;

  SKIP_WITHOUT_DISPLAY ();

  open_filled (f, 1000);
  row = row_on_screen (f, 0.5);
  pointer_enter (f, row);
  push_messages (f, 4, "before the click");
  g_assert_cmpstr (indicator_text (f), ==, "Paused · 4 new");

  revealer = test_ui_find_widget (GTK_WIDGET (view_of (f)), GTK_TYPE_REVEALER);
  button = test_ui_find_widget (revealer, GTK_TYPE_BUTTON);
  g_assert_nonnull (button);
  /* A button's activation clicks it after a short press. */
  gtk_widget_activate (button);
  test_wait_until (following, f, 2000);
  g_assert_cmpuint (moderato_chat_view_get_n_unseen (view_of (f)), ==, 0);
  test_wait_until (at_bottom, f, 5000);

  /* Moving over the chat does not pause again… */
  g_signal_emit_by_name (find_controller (GTK_WIDGET (view_of (f)), "moderato-chat-hover"),
                         "motion", 50.0, 50.0);
  g_assert_true (moderato_chat_view_get_following (view_of (f)));
  push_messages (f, 3, "after the click");
  test_wait_until (at_bottom, f, 5000);

  /* … until the pointer leaves and comes back. */
  pointer_leave (f);
  pointer_enter (f, row_on_screen (f, 0.5));
  g_assert_false (moderato_chat_view_get_following (view_of (f)));

  /* Scrolled up instead: the old words. */
  pointer_leave (f);
  test_wait_until (following, f, 3000);
  moderato_chat_view_stop_following (view_of (f));
  push_messages (f, 2, "scrolled up");
  g_assert_cmpstr (indicator_text (f), ==, "2 New Messages");
  moderato_chat_view_jump_to_latest (view_of (f));
}

/* The window holds the view (a card opened from the chat): it pauses until released. */
static void
test_window_hold (Fixture       *f,
                  gconstpointer  data)
{
  SKIP_WITHOUT_DISPLAY ();

  open_filled (f, 0);
  moderato_chat_view_hold (view_of (f), TRUE);
  moderato_chat_view_hold (view_of (f), TRUE);
  push_messages (f, 3, "held");
  g_assert_cmpstr (indicator_text (f), ==, "Paused · 3 new");
  moderato_chat_view_hold (view_of (f), FALSE);
  g_assert_false (moderato_chat_view_get_following (view_of (f)));
  moderato_chat_view_hold (view_of (f), FALSE);
  g_assert_true (moderato_chat_view_get_following (view_of (f)));
  test_wait_until (at_bottom, f, 5000);
}

/* A user card opened from the chat (win.show-user, as a row's name click does) holds the
 * chat still until it closes. */
static void
test_card_holds (Fixture       *f,
                 gconstpointer  data)
{
  RumbleChatApi *chat;
  RumbleUser *user;
  GtkWidget *card;

  SKIP_WITHOUT_DISPLAY ();

  open_filled (f, 0);
  chat = moderato_window_get_chat (f->window);
  user = rumble_chat_api_lookup_user_by_name (chat, "mossy_otter");
  g_assert_nonnull (user);
  gtk_widget_activate_action (GTK_WIDGET (view_of (f)), "win.show-user", "s",
                              rumble_user_get_id (user));
  test_iterate_for (100);
  card = test_ui_find_widget (GTK_WIDGET (f->window), MODERATO_TYPE_USER_CARD);
  g_assert_nonnull (card);
  g_assert_true (gtk_widget_get_visible (card));

  push_messages (f, 4, "while the card shows");
  g_assert_false (moderato_chat_view_get_following (view_of (f)));
  g_assert_cmpstr (indicator_text (f), ==, "Paused · 4 new");

  gtk_popover_popdown (GTK_POPOVER (card));
  test_iterate_for (100);
  g_assert_true (moderato_chat_view_get_following (view_of (f)));
  test_wait_until (at_bottom, f, 5000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  test_ui_init ();

#define ADD(path, login, func) \
  g_test_add ("/moderato/chat-hold/" path, Fixture, login, test_ui_fixture_setup, func, \
              test_ui_fixture_teardown)
  ADD ("menu-flood", MODERATOR, test_menu_flood);
  ADD ("hover", NULL, test_hover);
  ADD ("modifier", NULL, test_modifier);
  ADD ("trim-under-pointer", NULL, test_trim_under_pointer);
  ADD ("indicator-resumes", NULL, test_indicator_resumes);
  ADD ("window-hold", NULL, test_window_hold);
  ADD ("card-holds", NULL, test_card_holds);
#undef ADD

  return g_test_run ();
}
