/* test-ui-window.c — the main window on the fake server: rows, floods, follow mode, states
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "moderato-account.h"
#include "moderato-application.h"
#include "moderato-chat-view.h"
#include "moderato-composer.h"
#include "moderato-message-row.h"
#include "moderato-window.h"
#include "rumble-chat-api.h"
#include "rumble-fake-server.h"
#include "test-ui-util.h"
#include "test-util.h"

#define STREAM RUMBLE_FAKE_DEFAULT_STREAM


static gboolean
chat_live (gpointer data)
{
  Fixture *f = data;
  RumbleChatApi *chat = moderato_window_get_chat (f->window);

  return chat != NULL && rumble_chat_api_get_state (chat) == RUMBLE_CONNECTION_CONNECTED &&
         g_list_model_get_n_items (rumble_chat_api_get_messages (chat)) > 0;
}

/* Row widgets that show a message right now. */
static guint
count_bound_rows (GtkWidget *widget)
{
  guint n = 0;

  if (MODERATO_IS_MESSAGE_ROW (widget) && moderato_message_row_get_message (MODERATO_MESSAGE_ROW (widget)) != NULL)
    n++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_bound_rows (child);

  return n;
}

static GtkAdjustment *
vadjustment (Fixture *f)
{
  GtkListView *list = moderato_chat_view_get_list_view (moderato_window_get_chat_view (f->window));

  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
}

static gboolean
at_bottom (gpointer data)
{
  GtkAdjustment *adj = vadjustment (data);

  return gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) >=
         gtk_adjustment_get_upper (adj) - 2;
}

typedef struct {
  Fixture    *f;
  const char *id;
} WaitMessage;

static gboolean
has_message (gpointer data)
{
  WaitMessage *w = data;

  return test_ui_message_shown (w->f, w->id);
}

static void
test_window_shows_rows (Fixture       *f,
                        gconstpointer  data)
{
  ModeratoChatView *view;
  GtkWidget *focus;

  SKIP_WITHOUT_DISPLAY ();

  g_assert_cmpstr (moderato_window_get_page (f->window), ==, "empty");

  moderato_window_open_stream (f->window, STREAM);
  test_wait_until (chat_live, f, 10000);
  test_iterate_for (200);

  view = moderato_window_get_chat_view (f->window);
  g_assert_cmpstr (moderato_window_get_page (f->window), ==, "chat");
  g_assert_cmpstr (moderato_window_get_state_text (f->window), ==, "Live");
  g_assert_cmpuint (count_bound_rows (GTK_WIDGET (view)), >, 0);
  g_assert_true (moderato_chat_view_get_following (view));
  /* Opened with the stream field focused (the window's first field): the keys go to the chat. */
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_true (focus == GTK_WIDGET (view) || gtk_widget_is_ancestor (focus, GTK_WIDGET (view)));

  /* A new message shows up as a row. */
  {
    g_autofree char *id = rumble_fake_server_push_message (f->fake, STREAM, "Juniper_Jo", "hello window");
    WaitMessage w = { f, id };

    test_wait_until (has_message, &w, 5000);
  }
  test_wait_until (at_bottom, f, 5000);
}

static void
test_window_flood_bounded (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *last = NULL;
  ModeratoChatView *view;
  guint rows;
  WaitMessage w;

  SKIP_WITHOUT_DISPLAY ();

  moderato_window_open_stream (f->window, STREAM);
  test_wait_until (chat_live, f, 10000);
  view = moderato_window_get_chat_view (f->window);

  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *text = g_strdup_printf ("flood message %u with some words to wrap", i);

      g_free (last);
      last = rumble_fake_server_push_message (f->fake, STREAM, i % 2 ? "Juniper_Jo" : "mossy_otter", text);
      if (i % 100 == 0)
        g_main_context_iteration (NULL, FALSE);
    }

  w = (WaitMessage) { f, last };
  test_wait_until (has_message, &w, 30000);
  test_iterate_for (300);

  /* History is bounded by history-len (plus the tenth the window lets it grow before one
   * trim), row widgets by what is on screen. */
  g_assert_cmpuint (g_list_model_get_n_items (rumble_chat_api_get_messages (moderato_window_get_chat (f->window))),
                    <=, 1100);
  rows = moderato_message_row_get_n_instances ();
  g_test_message ("%u row widgets for %u messages", rows,
                  g_list_model_get_n_items (rumble_chat_api_get_messages (moderato_window_get_chat (f->window))));
  g_assert_cmpuint (rows, <=, 260);
  g_assert_cmpuint (moderato_chat_view_get_n_rows (view), <=, 260);

  /* And it still follows the newest message. */
  g_assert_true (moderato_chat_view_get_following (view));
  test_wait_until (at_bottom, f, 5000);
}

/* The "jump to latest" button. */
static GtkWidget *
find_jump_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "jump-to-latest"))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_jump_button (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_window_follow (Fixture       *f,
                    gconstpointer  data)
{
  ModeratoChatView *view;
  g_autofree char *last = NULL;
  GtkAdjustment *adj;
  GtkWidget *jump;
  GtkWidget *revealer;
  WaitMessage w;

  SKIP_WITHOUT_DISPLAY ();

  moderato_window_open_stream (f->window, STREAM);
  test_wait_until (chat_live, f, 10000);
  view = moderato_window_get_chat_view (f->window);

  /* Enough messages to scroll. */
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *text = g_strdup_printf ("filler %u", i);

      g_free (last);
      last = rumble_fake_server_push_message (f->fake, STREAM, "Juniper_Jo", text);
    }
  w = (WaitMessage) { f, last };
  test_wait_until (has_message, &w, 10000);
  test_wait_until (at_bottom, f, 5000);
  g_assert_cmpuint (moderato_chat_view_get_n_unseen (view), ==, 0);

  /* The user scrolls up: the view stays there and counts what arrives. */
  adj = vadjustment (f);
  moderato_chat_view_stop_following (view);
  /* A jump from the bottom to the top lands on rows measured only then (a burst came in
   * one batch): the list settles its estimates a few pixels, as a user scrolling would
   * see; then it is at the top. */
  gtk_adjustment_set_value (adj, 0);
  test_iterate_for (300);
  gtk_adjustment_set_value (adj, 0);
  test_iterate_for (50);
  g_assert_false (moderato_chat_view_get_following (view));

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *text = g_strdup_printf ("while away %u", i);

      g_free (last);
      last = rumble_fake_server_push_message (f->fake, STREAM, "mossy_otter", text);
    }
  w = (WaitMessage) { f, last };
  test_wait_until (has_message, &w, 5000);
  test_iterate_for (200);

  g_assert_cmpuint (moderato_chat_view_get_n_unseen (view), ==, 5);
  g_assert_false (moderato_chat_view_get_following (view));
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), <, 1.0);

  /* The button shows, with the count. */
  jump = find_jump_button (GTK_WIDGET (view));
  g_assert_nonnull (jump);
  revealer = gtk_widget_get_ancestor (jump, GTK_TYPE_REVEALER);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (test_ui_find_widget (jump, GTK_TYPE_LABEL))), ==, "5 New Messages");
  g_free (last);
  last = rumble_fake_server_push_message (f->fake, STREAM, "mossy_otter", "one more");
  w = (WaitMessage) { f, last };
  test_wait_until (has_message, &w, 5000);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (test_ui_find_widget (jump, GTK_TYPE_LABEL))), ==, "6 New Messages");

  /* Jump to latest (the window's action): follows again, counter cleared, at the bottom,
   * the button gone. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.jump-to-latest", NULL));
  g_assert_true (moderato_chat_view_get_following (view));
  g_assert_cmpuint (moderato_chat_view_get_n_unseen (view), ==, 0);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  test_wait_until (at_bottom, f, 5000);

  /* The button's own action does the same. */
  moderato_chat_view_stop_following (view);
  gtk_adjustment_set_value (adj, 0);
  test_iterate_for (50);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (test_ui_find_widget (jump, GTK_TYPE_LABEL))), ==, "Jump to Latest");
  gtk_widget_activate_action (GTK_WIDGET (view), "chat.jump-to-latest", NULL);
  g_assert_true (moderato_chat_view_get_following (view));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  test_wait_until (at_bottom, f, 5000);
}

typedef struct {
  Fixture    *f;
  const char *page;
} WaitPage;

static gboolean
on_page (gpointer data)
{
  WaitPage *w = data;

  return g_strcmp0 (moderato_window_get_page (w->f->window), w->page) == 0;
}

static void
test_window_states (Fixture       *f,
                    gconstpointer  data)
{
  WaitPage w = { f, NULL };

  SKIP_WITHOUT_DISPLAY ();

  g_assert_cmpstr (moderato_window_get_page (f->window), ==, "empty");

  /* Something that is no stream at all. */
  moderato_window_open_stream (f->window, "this is not a stream!");
  g_assert_cmpstr (moderato_window_get_page (f->window), ==, "error");

  /* A stream that is not live: the fake answers 204 like Rumble. */
  rumble_fake_server_add_stream (f->fake, "123456789", FALSE);
  moderato_window_open_stream (f->window, "123456789");
  w.page = "offline";
  test_wait_until (on_page, &w, 10000);
  g_assert_cmpstr (moderato_window_get_state_text (f->window), ==, "Waiting for the stream to go live");

  /* It goes live. */
  rumble_fake_server_set_live (f->fake, "123456789", TRUE);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.retry-connect", NULL);
  w.page = "chat";
  test_wait_until (on_page, &w, 10000);
  g_assert_cmpstr (moderato_window_get_state_text (f->window), ==, "Live");
}

/* Labels of the menu entries that are shown. */
static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkModelButton") && gtk_widget_get_visible (widget) &&
      gtk_widget_get_visible (gtk_widget_get_parent (widget)))
    {
      g_autofree char *text = NULL;

      g_object_get (widget, "text", &text, NULL);
      g_string_append_printf (out, "[%s]", text);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

static char *
menu_labels (Fixture *f)
{
  ModeratoChatView *view = moderato_window_get_chat_view (f->window);
  RumbleChatApi *chat = moderato_window_get_chat (f->window);
  g_autoptr(RumbleMessage) message = NULL;
  GListModel *messages = rumble_chat_api_get_messages (chat);
  GtkPopover *popover;
  GString *labels = g_string_new (NULL);

  message = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);
  moderato_chat_view_popup_menu (view, message, NULL);
  test_iterate_for (100);
  popover = moderato_chat_view_get_menu_popover (view);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  collect_labels (GTK_WIDGET (popover), labels);
  gtk_popover_popdown (popover);
  test_iterate_for (50);

  return g_string_free (labels, FALSE);
}

static void
test_window_menu_logged_out (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *labels = NULL;

  SKIP_WITHOUT_DISPLAY ();

  moderato_window_open_stream (f->window, STREAM);
  test_wait_until (chat_live, f, 10000);

  labels = menu_labels (f);
  g_test_message ("menu: %s", labels);
  g_assert_nonnull (strstr (labels, "[Copy Text]"));
  g_assert_nonnull (strstr (labels, "[Copy User Name]"));
  g_assert_null (strstr (labels, "Delete"));
  g_assert_null (strstr (labels, "Mute"));
  g_assert_null (strstr (labels, "Pin"));
}

static gboolean
chat_moderates (gpointer data)
{
  Fixture *f = data;
  RumbleChatApi *chat = moderato_window_get_chat (f->window);

  return chat_live (f) && rumble_chat_api_get_can_moderate (chat);
}

static void
test_window_menu_moderator (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *labels = NULL;

  SKIP_WITHOUT_DISPLAY ();

  moderato_window_open_stream (f->window, STREAM);
  test_wait_until (chat_moderates, f, 10000);

  labels = menu_labels (f);
  g_test_message ("menu: %s", labels);
  g_assert_nonnull (strstr (labels, "[Copy Text]"));
  g_assert_nonnull (strstr (labels, "[Delete Message]"));
  g_assert_nonnull (strstr (labels, "[Mute User]"));
  g_assert_nonnull (strstr (labels, "[Unmute User]"));
  g_assert_nonnull (strstr (labels, "[Pin Message]"));
}

static void
test_window_menu_not_moderator (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *labels = NULL;

  SKIP_WITHOUT_DISPLAY ();

  moderato_window_open_stream (f->window, STREAM);
  test_wait_until (chat_live, f, 10000);
  test_iterate_for (300);
  g_assert_false (rumble_chat_api_get_can_moderate (moderato_window_get_chat (f->window)));

  labels = menu_labels (f);
  g_assert_nonnull (strstr (labels, "[Copy Text]"));
  g_assert_null (strstr (labels, "Delete"));
  g_assert_null (strstr (labels, "Mute"));
}

static void
test_window_size_saved (Fixture       *f,
                        gconstpointer  data)
{
  GSettings *settings;
  ModeratoWindow *window;
  int width, height;

  SKIP_WITHOUT_DISPLAY ();

  settings = moderato_application_get_settings (f->app);
  g_assert_nonnull (settings);
  g_settings_set_int (settings, "window-width", 640);
  g_settings_set_int (settings, "window-height", 480);

  /* Restored from the settings… */
  window = moderato_window_new (f->app);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 640);
  g_assert_cmpint (height, ==, 480);

  /* …and saved when closed. */
  gtk_window_present (GTK_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 700, 520);
  test_iterate_for (50);
  gtk_window_close (GTK_WINDOW (window));
  test_iterate_for (50);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 700);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 520);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

static void
test_window_settings_apply (Fixture       *f,
                            gconstpointer  data)
{
  GSettings *settings;
  RumbleChatApi *chat;

  SKIP_WITHOUT_DISPLAY ();

  settings = moderato_application_get_settings (f->app);
  g_settings_set_uint (settings, "history-len", 100);

  moderato_window_open_stream (f->window, STREAM);
  test_wait_until (chat_live, f, 10000);
  chat = moderato_window_get_chat (f->window);
  g_assert_cmpuint (rumble_chat_api_get_history_len (chat), ==, 100);

  /* Changed while open: applied at once. */
  g_settings_set_uint (settings, "history-len", 200);
  g_assert_cmpuint (rumble_chat_api_get_history_len (chat), ==, 200);

  /* The sidebar follows show-sidebar both ways. */
  g_settings_set_boolean (settings, "show-sidebar", FALSE);
  {
    gboolean shown = TRUE;

    g_object_get (f->window, "show-sidebar", &shown, NULL);
    g_assert_false (shown);
  }
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.toggle-sidebar", NULL);
  g_assert_true (g_settings_get_boolean (settings, "show-sidebar"));

  g_settings_reset (settings, "history-len");
}

static gboolean
catalogue_loaded (gpointer data)
{
  return g_list_model_get_n_items (data) == 6;
}

/* A label starting with @prefix somewhere under @widget, e.g. in a toast. */
static GtkWidget *
find_label_with_prefix (GtkWidget  *widget,
                        const char *prefix)
{
  if (GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_with_prefix (child, prefix);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
command_failure_shown (gpointer data)
{
  return find_label_with_prefix (data, "Could not run the command: ") != NULL;
}

/* The composer under the chat gets the open chat, the account's state and the chat's emote
 * catalogue from the window; what it could not send becomes a toast. */
static void
test_window_composer (Fixture       *f,
                      gconstpointer  data)
{
  ModeratoComposer *composer;
  RumbleEmotes *emotes;
  GtkEditable *entry;

  SKIP_WITHOUT_DISPLAY ();

  composer = MODERATO_COMPOSER (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                               MODERATO_TYPE_WINDOW, "composer"));
  entry = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (composer),
                                                       MODERATO_TYPE_COMPOSER, "entry"));
  g_assert_null (moderato_composer_get_chat (composer));
  g_assert_true (moderato_composer_get_logged_in (composer));

  moderato_window_open_stream (f->window, STREAM);
  test_wait_until (chat_live, f, 10000);
  g_assert_true (moderato_composer_get_chat (composer) == moderato_window_get_chat (f->window));

  /* The fake's catalogue: r+rumble, r+heart, r+laugh, r+fire, cedarwave, cedarhype. */
  emotes = moderato_composer_get_emotes (composer);
  g_assert_nonnull (emotes);
  test_wait_until (catalogue_loaded, emotes, 10000);
  g_assert_cmpstr (rumble_emotes_get_stream_id (emotes), ==, STREAM);

  gtk_editable_set_text (entry, "/raid");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  test_wait_until (command_failure_shown, f->window, 10000);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "/raid");
  gtk_editable_set_text (entry, "");

  /* Opening another stream hands the composer the new chat. */
  moderato_window_open_stream (f->window, "1234567");
  g_assert_true (moderato_composer_get_chat (composer) == moderato_window_get_chat (f->window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  test_ui_init ();

  g_test_add ("/moderato/window/shows-rows", Fixture, NULL,
              test_ui_fixture_setup, test_window_shows_rows, test_ui_fixture_teardown);
  g_test_add ("/moderato/window/flood-bounded", Fixture, NULL,
              test_ui_fixture_setup, test_window_flood_bounded, test_ui_fixture_teardown);
  g_test_add ("/moderato/window/follow", Fixture, NULL,
              test_ui_fixture_setup, test_window_follow, test_ui_fixture_teardown);
  g_test_add ("/moderato/window/states", Fixture, NULL,
              test_ui_fixture_setup, test_window_states, test_ui_fixture_teardown);
  g_test_add ("/moderato/window/menu-logged-out", Fixture, NULL,
              test_ui_fixture_setup, test_window_menu_logged_out, test_ui_fixture_teardown);
  g_test_add ("/moderato/window/menu-moderator", Fixture, "demo:demo",
              test_ui_fixture_setup, test_window_menu_moderator, test_ui_fixture_teardown);
  g_test_add ("/moderato/window/menu-not-moderator", Fixture, "Quillback_Tom:tomtom",
              test_ui_fixture_setup, test_window_menu_not_moderator, test_ui_fixture_teardown);

  g_test_add ("/moderato/window/composer", Fixture, "demo:demo",
              test_ui_fixture_setup, test_window_composer, test_ui_fixture_teardown);

  g_test_add ("/moderato/window/size-saved", Fixture, NULL,
              test_ui_fixture_setup, test_window_size_saved, test_ui_fixture_teardown);
  g_test_add ("/moderato/window/settings-apply", Fixture, NULL,
              test_ui_fixture_setup, test_window_settings_apply, test_ui_fixture_teardown);

  return g_test_run ();
}
