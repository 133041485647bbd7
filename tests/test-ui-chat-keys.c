/* test-ui-chat-keys.c — the chat list by keyboard: focus movement, moderation keys, shortcuts
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every key goes through test_ui_press_key(): the controllers the widgets really have, in
 * the order GTK offers a key press to them.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "moderato-chat-keys.h"
#include "moderato-chat-view.h"
#include "moderato-composer.h"
#include "moderato-message-row.h"
#include "moderato-user-card.h"
#include "moderato-window.h"
#include "rumble-chat-api.h"
#include "rumble-fake-server.h"
#include "rumble-mute-choice.h"
#include "test-ui-util.h"
#include "test-util.h"

#define STREAM RUMBLE_FAKE_DEFAULT_STREAM

static ModeratoChatView *
chat_view (Fixture *f)
{
  return moderato_window_get_chat_view (f->window);
}

static GtkWidget *
list_widget (Fixture *f)
{
  return GTK_WIDGET (moderato_chat_view_get_list_view (chat_view (f)));
}

static GListModel *
messages (Fixture *f)
{
  return rumble_chat_api_get_messages (moderato_window_get_chat (f->window));
}

static gboolean
chat_ready (gpointer data)
{
  Fixture *f = data;
  RumbleChatApi *chat = moderato_window_get_chat (f->window);

  return chat != NULL && rumble_chat_api_get_state (chat) == RUMBLE_CONNECTION_CONNECTED;
}

static RumbleMessage *
post (Fixture    *f,
      const char *user,
      const char *text)
{
  g_autofree char *id = test_ui_post_and_wait (f, user, text);

  return rumble_chat_api_lookup_message (moderato_window_get_chat (f->window), id);
}

static gboolean
at_bottom (gpointer data)
{
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list_widget (data)));

  return gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) >=
         gtk_adjustment_get_upper (adj) - 2;
}

/* The live chat with @n more messages, the view at the bottom. */
static void
open_chat (Fixture *f,
           guint    n)
{
  moderato_window_open_stream (f->window, STREAM);
  test_wait_until (chat_ready, f, 10000);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("line %u", i);

      post (f, i % 2 ? "Juniper_Jo" : "Quillback_Tom", text);
    }
  test_wait_until (at_bottom, f, 5000);
  test_iterate_for (100);
}

/* The message @back from the newest. */
static RumbleMessage *
newest (Fixture *f,
        guint    back)
{
  guint n = g_list_model_get_n_items (messages (f));
  g_autoptr(RumbleMessage) message = g_list_model_get_item (messages (f), n - 1 - back);

  return message;
}

static guint
position_of (Fixture       *f,
             RumbleMessage *message)
{
  for (guint i = 0; i < g_list_model_get_n_items (messages (f)); i++)
    {
      g_autoptr(RumbleMessage) item = g_list_model_get_item (messages (f), i);

      if (item == message)
        return i;
    }

  g_assert_not_reached ();
}

/* The message of the row that has the keyboard focus (the widget GTK says is focused). */
static RumbleMessage *
focused_message (Fixture *f)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  g_assert_nonnull (focus);
  g_assert_true (MODERATO_IS_MESSAGE_ROW (focus));
  g_assert_true (gtk_widget_is_ancestor (focus, list_widget (f)));
  g_assert_true (MODERATO_MESSAGE_ROW (focus) == moderato_chat_keys_get_focus_row (chat_view (f)));
  return moderato_message_row_get_message (MODERATO_MESSAGE_ROW (focus));
}

static gboolean
focus_in_list (Fixture *f)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  return focus != NULL &&
         (focus == list_widget (f) || gtk_widget_is_ancestor (focus, list_widget (f)));
}

static gboolean
on_screen (Fixture   *f,
           GtkWidget *widget)
{
  GtkWidget *viewport = gtk_widget_get_parent (list_widget (f));
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, viewport, &bounds));
  return bounds.origin.y + bounds.size.height > 0 &&
         bounds.origin.y < gtk_widget_get_height (viewport);
}

static void
press (Fixture         *f,
       guint            keyval,
       GdkModifierType  mods)
{
  g_test_message ("press %s%s",
                  mods & GDK_CONTROL_MASK ? "Ctrl+" : mods & GDK_SHIFT_MASK ? "Shift+" : "",
                  gdk_keyval_name (keyval));
  g_assert_true (test_ui_press_key (f, keyval, mods));
}

/* From the stream field, Tab until the focus is in the chat list. */
static void
tab_into_list (Fixture *f)
{
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.focus-stream", NULL);
  g_assert_false (focus_in_list (f));
  for (guint tabs = 0; tabs < 20; tabs++)
    {
      press (f, GDK_KEY_Tab, 0);
      if (focus_in_list (f))
        return;
    }

  g_error ("Tab never reached the chat list");
}

/* Focus: Tab in and End land on the newest row, Up and Down go by message (also after a
 * trim), Page Up and Home go far, Tab leaves the list, Escape follows again. */
static void
test_focus_moves (Fixture       *f,
                  gconstpointer  data)
{
  ModeratoChatView *view;
  RumbleMessage *message;
  RumbleMessage *held;
  guint position;

  SKIP_WITHOUT_DISPLAY ();

  open_chat (f, 40);
  view = chat_view (f);
  g_assert_true (moderato_chat_view_get_following (view));

  tab_into_list (f);
  g_assert_true (focused_message (f) == newest (f, 0));

  /* Escape: out of the rows, onto the list itself, and following. */
  press (f, GDK_KEY_Escape, 0);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) == list_widget (f));
  g_assert_null (moderato_chat_keys_get_focus_row (view));
  g_assert_true (moderato_chat_view_get_following (view));

  press (f, GDK_KEY_End, 0);
  g_assert_true (focused_message (f) == newest (f, 0));

  press (f, GDK_KEY_Up, 0);
  press (f, GDK_KEY_Up, 0);
  g_assert_true (focused_message (f) == newest (f, 2));
  g_assert_false (moderato_chat_view_get_following (view));
  press (f, GDK_KEY_Down, 0);
  message = focused_message (f);
  g_assert_true (message == newest (f, 1));
  g_assert_true (on_screen (f, GTK_WIDGET (moderato_chat_keys_get_focus_row (view))));

  /* A page up: several rows, and the row is brought on screen. */
  position = position_of (f, message);
  press (f, GDK_KEY_Page_Up, 0);
  test_iterate_for (100);
  g_assert_cmpuint (position_of (f, focused_message (f)), <=, position - 3);
  g_assert_true (on_screen (f, GTK_WIDGET (moderato_chat_keys_get_focus_row (view))));
  press (f, GDK_KEY_Page_Down, 0);
  g_assert_cmpuint (position_of (f, focused_message (f)), >, position - 3);

  /* Home: the oldest message, far above (its row is made on the way). */
  press (f, GDK_KEY_Home, 0);
  test_iterate_for (200);
  g_assert_true (focused_message (f) == newest (f, g_list_model_get_n_items (messages (f)) - 1));
  g_assert_true (on_screen (f, GTK_WIDGET (moderato_chat_keys_get_focus_row (view))));

  /* End: the newest again, at the bottom. */
  press (f, GDK_KEY_End, 0);
  test_wait_until (at_bottom, f, 5000);
  g_assert_true (focused_message (f) == newest (f, 0));
  g_assert_true (on_screen (f, GTK_WIDGET (moderato_chat_keys_get_focus_row (view))));

  /* Up after the history was trimmed under the focus and more arrived: the message before
   * the focused one, wherever both are now. */
  press (f, GDK_KEY_Up, 0);
  press (f, GDK_KEY_Up, 0);
  press (f, GDK_KEY_Up, 0);
  held = focused_message (f);
  g_assert_true (held == newest (f, 3));
  rumble_chat_api_set_history_len (moderato_window_get_chat (f->window),
                                   g_list_model_get_n_items (messages (f)) - 10);
  for (guint i = 0; i < 3; i++)
    post (f, "Juniper_Jo", "after the trim");
  test_iterate_for (100);
  position = position_of (f, held);
  g_assert_cmpuint (position, ==, g_list_model_get_n_items (messages (f)) - 7);
  press (f, GDK_KEY_Up, 0);
  {
    g_autoptr(RumbleMessage) before = g_list_model_get_item (messages (f), position - 1);

    g_assert_true (focused_message (f) == before);
  }
  press (f, GDK_KEY_Down, 0);
  g_assert_true (focused_message (f) == held);

  /* Tab and Shift+Tab leave the list at once instead of walking its rows. */
  press (f, GDK_KEY_Tab, 0);
  g_assert_false (focus_in_list (f));
  g_test_message ("Tab: focus on a %s",
                  G_OBJECT_TYPE_NAME (gtk_root_get_focus (GTK_ROOT (f->window))));
  test_ui_press_key (f, GDK_KEY_End, 0);   /* not in the list: not the list's End */
  g_assert_false (focus_in_list (f));
  gtk_widget_grab_focus (GTK_WIDGET (view));
  g_assert_true (focus_in_list (f));
  g_assert_nonnull (moderato_chat_keys_get_focus_row (view));
  press (f, GDK_KEY_Tab, GDK_SHIFT_MASK);
  g_assert_false (focus_in_list (f));
}

/* What @widget draws, as text. */
static GBytes *
drawing_of (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  return gsk_render_node_serialize (node);
}

/* Whether @widget looks different with the focus shown (keyboard use) than without. */
static gboolean
shows_focus (Fixture   *f,
             GtkWidget *widget)
{
  g_autoptr(GBytes) shown = NULL;
  g_autoptr(GBytes) hidden = NULL;

  gtk_window_set_focus_visible (GTK_WINDOW (f->window), TRUE);
  test_iterate_for (50);
  shown = drawing_of (widget);
  gtk_window_set_focus_visible (GTK_WINDOW (f->window), FALSE);
  test_iterate_for (50);
  hidden = drawing_of (widget);

  return !g_bytes_equal (shown, hidden);
}

/* A focused row, and the list itself after Escape, draw a focus ring. */
static void
test_focus_ring (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *row;

  SKIP_WITHOUT_DISPLAY ();

  open_chat (f, 10);
  gtk_widget_grab_focus (GTK_WIDGET (chat_view (f)));
  press (f, GDK_KEY_End, 0);
  press (f, GDK_KEY_Up, 0);
  row = GTK_WIDGET (moderato_chat_keys_get_focus_row (chat_view (f)));
  g_assert_nonnull (row);
  g_assert_true (shows_focus (f, row));

  press (f, GDK_KEY_Escape, 0);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) == list_widget (f));
  g_assert_false (shows_focus (f, row));
  g_assert_true (shows_focus (f, list_widget (f)));
}

static gboolean
request_logged (gpointer data)
{
  gpointer *args = data;
  Fixture *f = args[0];

  return rumble_fake_server_find_request (f->fake, args[1], args[2]) != NULL;
}

/* The last request with @method on a path starting with @path, waited for. */
static const RumbleFakeRequest *
wait_request (Fixture    *f,
              const char *method,
              const char *path)
{
  gpointer args[] = { f, (gpointer) method, (gpointer) path };

  test_wait_until (request_logged, args, 10000);
  return rumble_fake_server_find_request (f->fake, method, path);
}

/* Waits for the POST /service.php a key caused: the call @name with @field = @value. */
static void
assert_service_call (Fixture    *f,
                     const char *name,
                     const char *field,
                     const char *value)
{
  const RumbleFakeRequest *r = wait_request (f, "POST", "/service.php");
  g_autofree char *got_name = rumble_fake_request_get_form_field (r, "name");
  g_autofree char *got_value = rumble_fake_request_get_form_field (r, field);

  g_assert_cmpstr (got_name, ==, name);
  g_assert_cmpstr (got_value, ==, value);
}

static gboolean
pinned_is (gpointer data)
{
  gpointer *args = data;
  Fixture *f = args[0];

  return rumble_chat_api_get_pinned_message (moderato_window_get_chat (f->window)) == args[1];
}

static gboolean
message_deleted (gpointer data)
{
  return rumble_message_get_deleted (data);
}

static void
assert_copies (Fixture         *f,
               guint            keyval,
               GdkModifierType  mods,
               RumbleMessage   *message)
{
  g_autofree char *copied = NULL;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (f->window)), "(nothing copied)");
  press (f, keyval, mods);
  copied = test_ui_clipboard_text (f);
  g_assert_cmpstr (copied, ==, rumble_message_get_text (message));
}

/* The user whose card the window shows, or NULL. */
static RumbleUser *
card_user (Fixture *f)
{
  GtkWidget *card = test_ui_find_widget (GTK_WIDGET (f->window), MODERATO_TYPE_USER_CARD);

  if (card == NULL || !gtk_widget_is_drawable (card))
    return NULL;
  return moderato_user_card_get_user (MODERATO_USER_CARD (card));
}

/* Focuses the row of @message by keyboard: End, then Up. */
static void
focus_message (Fixture       *f,
               RumbleMessage *message)
{
  guint back = g_list_model_get_n_items (messages (f)) - 1 - position_of (f, message);

  gtk_widget_grab_focus (GTK_WIDGET (chat_view (f)));
  press (f, GDK_KEY_End, 0);
  for (guint i = 0; i < back; i++)
    press (f, GDK_KEY_Up, 0);
  g_assert_true (focused_message (f) == message);
}

/* Each command key on a focused row, as a moderator: the fake server gets the request with
 * the row's message id or user name. */
static void
test_commands (Fixture       *f,
               gconstpointer  data)
{
  RumbleMessage *target;
  RumbleMessage *other;
  g_autofree char *path = NULL;
  GtkWidget *popover;
  GtkWidget *entry;
  gpointer args[2] = { f, NULL };

  SKIP_WITHOUT_DISPLAY ();

  open_chat (f, 20);
  g_assert_true (rumble_chat_api_get_can_moderate (moderato_window_get_chat (f->window)));
  target = post (f, "Quillback_Tom", "moderate me by keyboard");
  other = post (f, "Juniper_Jo", "the newest one");
  test_iterate_for (100);
  focus_message (f, target);

  /* C and Ctrl+C copy the text. */
  assert_copies (f, GDK_KEY_c, 0, target);
  assert_copies (f, GDK_KEY_c, GDK_CONTROL_MASK, target);

  /* P pins, P again unpins. */
  rumble_fake_server_clear_requests (f->fake);
  press (f, GDK_KEY_p, 0);
  assert_service_call (f, "chat.message.pin", "message_id", rumble_message_get_id (target));
  args[1] = target;
  test_wait_until (pinned_is, args, 10000);
  g_assert_true (focused_message (f) == target);
  rumble_fake_server_clear_requests (f->fake);
  press (f, GDK_KEY_p, 0);
  assert_service_call (f, "chat.message.unpin", "message_id", rumble_message_get_id (target));
  args[1] = NULL;
  test_wait_until (pinned_is, args, 10000);

  /* M opens the mute choices of the message's user; one of them mutes that user. */
  popover = GTK_WIDGET (moderato_chat_view_get_menu_popover (chat_view (f)));
  g_assert_false (gtk_widget_get_visible (popover));
  focus_message (f, target);
  press (f, GDK_KEY_m, 0);
  test_iterate_for (500);   /* the menu slides to the submenu */
  g_assert_true (gtk_widget_get_visible (popover));
  g_assert_null (test_ui_find_menu_entry (popover, "Copy Text"));   /* the submenu, not the menu */
  entry = test_ui_find_menu_entry (popover, rumble_mute_choices ()[0].label);
  g_assert_nonnull (entry);
  rumble_fake_server_clear_requests (f->fake);
  g_signal_emit_by_name (entry, "clicked");
  assert_service_call (f, "moderation.mute", "user_to_mute", "Quillback_Tom");
  test_iterate_for (50);
  g_assert_false (gtk_widget_get_visible (popover));

  /* U and Enter open the card of the row's user. */
  focus_message (f, target);
  press (f, GDK_KEY_u, 0);
  test_iterate_for (100);
  g_assert_true (card_user (f) == rumble_message_get_user (target));
  focus_message (f, other);
  press (f, GDK_KEY_Return, 0);
  test_iterate_for (100);
  g_assert_true (card_user (f) == rumble_message_get_user (other));

  /* Typing in the composer is not a command. */
  {
    GtkWidget *composer = test_ui_find_widget (GTK_WIDGET (f->window), MODERATO_TYPE_COMPOSER);
    GtkWidget *text = test_ui_find_widget (composer, GTK_TYPE_TEXT);

    g_assert_true (gtk_widget_grab_focus (text));
    rumble_fake_server_clear_requests (f->fake);
    test_ui_press_key (f, GDK_KEY_p, 0);
    test_ui_press_key (f, GDK_KEY_Delete, 0);
    test_iterate_for (200);
    g_assert_null (rumble_fake_server_find_request (f->fake, "POST", "/service.php"));
    g_assert_null (rumble_fake_server_find_request (f->fake, "DELETE", "/"));
  }

  /* Delete removes the message. */
  target = post (f, "Juniper_Jo", "delete me by keyboard");
  test_iterate_for (100);
  focus_message (f, target);
  press (f, GDK_KEY_Delete, 0);
  path = g_strdup_printf ("/chat/api/chat/%s/message/%s", STREAM, rumble_message_get_id (target));
  wait_request (f, "DELETE", path);
  test_wait_until (message_deleted, target, 10000);
}

/* Without the right to moderate, the moderation keys do nothing; copying still works. */
static void
test_no_rights (Fixture       *f,
                gconstpointer  data)
{
  RumbleMessage *target;

  SKIP_WITHOUT_DISPLAY ();

  open_chat (f, 5);
  g_assert_false (rumble_chat_api_get_can_moderate (moderato_window_get_chat (f->window)));
  target = post (f, "Juniper_Jo", "not yours to moderate");
  test_iterate_for (100);
  focus_message (f, target);

  rumble_fake_server_clear_requests (f->fake);
  g_assert_false (test_ui_press_key (f, GDK_KEY_Delete, 0));
  g_assert_false (test_ui_press_key (f, GDK_KEY_p, 0));
  g_assert_false (test_ui_press_key (f, GDK_KEY_m, 0));
  test_iterate_for (200);
  g_assert_null (rumble_fake_server_find_request (f->fake, "POST", "/service.php"));
  g_assert_null (rumble_fake_server_find_request (f->fake, "DELETE", "/"));
  g_assert_false (gtk_widget_get_visible (
    GTK_WIDGET (moderato_chat_view_get_menu_popover (chat_view (f)))));
  g_assert_true (focused_message (f) == target);

  assert_copies (f, GDK_KEY_c, 0, target);
}

/* The shortcuts window lists the chat keys. */
static void
test_shortcuts_window (void)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GString) listed = g_string_new (NULL);
  g_autoptr(GSList) objects = NULL;
  static const char * const keys[] = {
    "Up", "Down", "Page_Up", "End", "Escape", "Delete", "m", "p", "u", "Return", "c", "<Control>c",
  };

  if (!test_ui_have_display ())
    {
      g_test_skip ("no display");
      return;
    }

  builder = gtk_builder_new_from_resource ("/io/github/moderato/Moderato/gtk/help-overlay.ui");
  objects = gtk_builder_get_objects (builder);
  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *accelerator = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "accelerator", &accelerator, NULL);
      g_string_append_printf (listed, " %s ", accelerator != NULL ? accelerator : "");
    }
  g_test_message ("listed:%s", listed->str);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *word = g_strdup_printf (" %s ", keys[i]);

      if (strstr (listed->str, word) == NULL)
        g_error ("the shortcuts window does not list %s", keys[i]);
    }

  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  test_ui_init ();

  g_test_add ("/moderato/chat-keys/focus-moves", Fixture, "demo:demo",
              test_ui_fixture_setup, test_focus_moves, test_ui_fixture_teardown);
  g_test_add ("/moderato/chat-keys/focus-ring", Fixture, NULL,
              test_ui_fixture_setup, test_focus_ring, test_ui_fixture_teardown);
  g_test_add ("/moderato/chat-keys/commands", Fixture, "demo:demo",
              test_ui_fixture_setup, test_commands, test_ui_fixture_teardown);
  g_test_add ("/moderato/chat-keys/no-rights", Fixture, "Quillback_Tom:tomtom",
              test_ui_fixture_setup, test_no_rights, test_ui_fixture_teardown);
  g_test_add_func ("/moderato/chat-keys/shortcuts-window", test_shortcuts_window);

  return g_test_run ();
}
