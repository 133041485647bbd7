/* test-ui-a11y.c — the window by keyboard: rows, context menus, pinned bar, labelled buttons
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

static gboolean
chat_moderates (gpointer data)
{
  Fixture *f = data;

  return chat_live (f) && rumble_chat_api_get_can_moderate (moderato_window_get_chat (f->window));
}

static GtkWidget *
find_widget_of_type (GtkWidget *widget,
                     GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_of_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The message row that has the keyboard focus: the row itself, or the list item holding it. */
static ModeratoMessageRow *
focused_row (Fixture *f)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));
  GtkWidget *row;

  if (focus == NULL)
    return NULL;
  if (MODERATO_IS_MESSAGE_ROW (focus))
    return MODERATO_MESSAGE_ROW (focus);
  if (MODERATO_IS_MESSAGE_ROW (gtk_widget_get_first_child (focus)))
    return MODERATO_MESSAGE_ROW (gtk_widget_get_first_child (focus));

  row = gtk_widget_get_ancestor (focus, MODERATO_TYPE_MESSAGE_ROW);
  return row != NULL ? MODERATO_MESSAGE_ROW (row) : NULL;
}

static const char *
describe_focus (Fixture *f)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  return focus != NULL ? G_OBJECT_TYPE_NAME (focus) : "(none)";
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

/* The newest message but @back; the chat keeps it. */
static RumbleMessage *
newest_message (Fixture *f,
                guint    back)
{
  GListModel *messages = rumble_chat_api_get_messages (moderato_window_get_chat (f->window));
  g_autoptr(RumbleMessage) message = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1 - back);

  return message;
}

/* Whether @widget is (at least partly) inside the chat's viewport. */
static gboolean
on_screen (Fixture   *f,
           GtkWidget *widget)
{
  GtkWidget *list = GTK_WIDGET (moderato_chat_view_get_list_view (moderato_window_get_chat_view (f->window)));
  GtkWidget *viewport = gtk_widget_get_parent (list);
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, viewport, &bounds));
  return bounds.origin.y + bounds.size.height > 0 && bounds.origin.y < gtk_widget_get_height (viewport);
}

/* Menu entries shown, as "[label]" strings. */
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
menu_labels (GtkWidget *popover)
{
  GString *labels = g_string_new (NULL);

  collect_labels (popover, labels);
  return g_string_free (labels, FALSE);
}

/* Picks "Copy Text" in the open @popover and returns what landed on the clipboard. */
static char *
copy_text_from_menu (Fixture   *f,
                     GtkWidget *popover)
{
  GtkWidget *entry = test_ui_find_menu_entry (popover, "Copy Text");

  g_assert_nonnull (entry);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (f->window)), "(nothing copied)");
  g_signal_emit_by_name (entry, "clicked");
  test_iterate_for (50);

  return test_ui_clipboard_text (f);
}

/* @popover points into @row. */
static void
assert_points_at (GtkWidget          *popover,
                  ModeratoMessageRow *row)
{
  GtkWidget *parent = gtk_widget_get_parent (popover);
  GdkRectangle rect;
  graphene_rect_t bounds;

  g_assert_true (gtk_popover_get_pointing_to (GTK_POPOVER (popover), &rect));
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (row), parent, &bounds));
  g_assert_cmpfloat (rect.y, >=, bounds.origin.y - 1);
  g_assert_cmpfloat (rect.y, <=, bounds.origin.y + bounds.size.height + 1);
}

/* Presses Tab until the focus is inside @widget. */
static void
tab_into (Fixture   *f,
          GtkWidget *widget)
{
  for (guint tabs = 0; tabs < 20; tabs++)
    {
      GtkWidget *focus;

      g_assert_true (test_ui_press_key (f, GDK_KEY_Tab, 0));
      focus = gtk_root_get_focus (GTK_ROOT (f->window));
      if (focus != NULL && gtk_widget_is_ancestor (focus, widget))
        return;
    }

  g_error ("Tab never reached a %s", G_OBJECT_TYPE_NAME (widget));
}

/* Rows reachable by keyboard: Tab moves into the list onto the newest row on screen, arrows
 * go between rows, and the Menu key or Shift+F10 open the menu of the focused row's message. */
static void
test_row_keyboard (Fixture       *f,
                   gconstpointer  data)
{
  ModeratoChatView *view;
  GtkWidget *list;
  GtkWidget *popover;
  ModeratoMessageRow *row;
  RumbleMessage *message;

  SKIP_WITHOUT_DISPLAY ();

  moderato_window_open_stream (f->window, STREAM);
  test_wait_until (chat_live, f, 10000);
  /* More than a screen: the first messages are far above. */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *text = g_strdup_printf ("keyboard %u", i);
      g_autofree char *id = test_ui_post_and_wait (f, i % 2 ? "Juniper_Jo" : "mossy_otter", text);
    }
  test_wait_until (at_bottom, f, 5000);
  test_iterate_for (100);

  view = moderato_window_get_chat_view (f->window);
  list = GTK_WIDGET (moderato_chat_view_get_list_view (view));

  /* From the stream field, Tab until the focus is in the chat. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.focus-stream", NULL);
  g_assert_false (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), list));
  tab_into (f, list);

  /* On a row, the newest one: the one on screen. */
  row = focused_row (f);
  g_assert_nonnull (row);
  g_test_message ("Tab: focus on a %s showing \"%s\"", describe_focus (f),
                  rumble_message_get_text (moderato_message_row_get_message (row)));
  g_assert_true (moderato_message_row_get_message (row) == newest_message (f, 0));
  g_assert_true (on_screen (f, GTK_WIDGET (row)));

  /* Up and Down go between rows. */
  g_assert_true (test_ui_press_key (f, GDK_KEY_Up, 0));
  g_assert_true (test_ui_press_key (f, GDK_KEY_Up, 0));
  row = focused_row (f);
  g_assert_nonnull (row);
  g_assert_true (moderato_message_row_get_message (row) == newest_message (f, 2));
  g_assert_true (test_ui_press_key (f, GDK_KEY_Down, 0));
  row = focused_row (f);
  g_assert_nonnull (row);
  message = moderato_message_row_get_message (row);
  g_assert_true (message == newest_message (f, 1));
  g_assert_true (on_screen (f, GTK_WIDGET (row)));

  /* The Menu key opens that message's menu, at the row. */
  popover = GTK_WIDGET (moderato_chat_view_get_menu_popover (view));
  g_assert_false (gtk_widget_get_visible (popover));
  g_assert_true (test_ui_press_key (f, GDK_KEY_Menu, 0));
  g_assert_true (GTK_IS_POPOVER_MENU (popover));
  g_assert_true (gtk_widget_get_visible (popover));
  assert_points_at (popover, row);
  {
    g_autofree char *labels = menu_labels (popover);
    g_autofree char *copied = NULL;

    g_test_message ("menu: %s", labels);
    g_assert_nonnull (strstr (labels, "[Copy Text]"));
    g_assert_nonnull (strstr (labels, "[Copy User Name]"));
    copied = copy_text_from_menu (f, popover);
    g_assert_cmpstr (copied, ==, rumble_message_get_text (message));
  }
  g_assert_false (gtk_widget_get_visible (popover));

  /* Back into the chat: the row focused last, it is on screen. Shift+F10 on the next one. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.focus-stream", NULL);
  gtk_widget_grab_focus (GTK_WIDGET (view));
  row = focused_row (f);
  g_assert_nonnull (row);
  g_assert_true (moderato_message_row_get_message (row) == message);
  g_assert_true (test_ui_press_key (f, GDK_KEY_Down, 0));
  row = focused_row (f);
  g_assert_nonnull (row);
  message = moderato_message_row_get_message (row);
  g_assert_true (message == newest_message (f, 0));
  g_assert_true (test_ui_press_key (f, GDK_KEY_F10, GDK_SHIFT_MASK));
  g_assert_true (gtk_widget_get_visible (popover));
  assert_points_at (popover, row);
  {
    g_autofree char *copied = copy_text_from_menu (f, popover);

    g_assert_cmpstr (copied, ==, rumble_message_get_text (message));
  }

  /* The chat moves on while the focus is elsewhere: the row focused last scrolls out of
   * sight, so coming back lands on the newest row again. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.focus-stream", NULL);
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *text = g_strdup_printf ("meanwhile %u", i);
      g_autofree char *id = test_ui_post_and_wait (f, "mossy_otter", text);
    }
  test_wait_until (at_bottom, f, 5000);
  test_iterate_for (100);
  tab_into (f, list);
  row = focused_row (f);
  g_assert_nonnull (row);
  g_test_message ("Tab again: focus on a %s showing \"%s\"", describe_focus (f),
                  rumble_message_get_text (moderato_message_row_get_message (row)));
  g_assert_true (moderato_message_row_get_message (row) == newest_message (f, 0));
  g_assert_true (on_screen (f, GTK_WIDGET (row)));
}

/* The pinned bar's message: the message row outside the chat list. */
static ModeratoMessageRow *
find_pinned_row (GtkWidget *widget)
{
  if (MODERATO_IS_MESSAGE_ROW (widget) && gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_VIEW) == NULL)
    return MODERATO_MESSAGE_ROW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      ModeratoMessageRow *found = find_pinned_row (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct {
  Fixture       *f;
  RumbleMessage *message;
} WaitPinned;

static gboolean
pinned_is (gpointer data)
{
  WaitPinned *w = data;

  return rumble_chat_api_get_pinned_message (moderato_window_get_chat (w->f->window)) == w->message;
}

static gboolean
has_pinned (gpointer data)
{
  Fixture *f = data;

  return chat_live (f) && rumble_chat_api_get_pinned_message (moderato_window_get_chat (f->window)) != NULL;
}

static gboolean
drawable (gpointer data)
{
  return gtk_widget_is_drawable (data);
}

/* The menu popover of the pinned bar, if one was opened. */
static GtkWidget *
pinned_menu (ModeratoMessageRow *row)
{
  return find_widget_of_type (GTK_WIDGET (row), GTK_TYPE_POPOVER_MENU);
}

/* The last logged request with @method on @path whose query contains @needle. */
static const RumbleFakeRequest *
find_request (Fixture    *f,
              const char *method,
              const char *path,
              const char *needle)
{
  GPtrArray *requests = rumble_fake_server_get_requests (f->fake);

  for (guint i = requests->len; i > 0; i--)
    {
      const RumbleFakeRequest *r = g_ptr_array_index (requests, i - 1);

      if (g_strcmp0 (r->method, method) == 0 && g_strcmp0 (r->path, path) == 0 &&
          r->query != NULL && strstr (r->query, needle) != NULL)
        return r;
    }

  return NULL;
}

/* Logged out: the pinned bar's menu (Menu key) copies the text and offers no unpin. */
static void
test_pinned_menu_logged_out (Fixture       *f,
                             gconstpointer  data)
{
  ModeratoMessageRow *row;
  RumbleMessage *pinned;
  GtkWidget *popover;
  g_autofree char *labels = NULL;
  g_autofree char *copied = NULL;

  SKIP_WITHOUT_DISPLAY ();

  /* The fake's chat starts with a pinned message. */
  moderato_window_open_stream (f->window, STREAM);
  test_wait_until (has_pinned, f, 10000);
  pinned = rumble_chat_api_get_pinned_message (moderato_window_get_chat (f->window));

  row = find_pinned_row (GTK_WIDGET (f->window));
  g_assert_nonnull (row);
  g_assert_true (moderato_message_row_get_message (row) == pinned);
  test_wait_until (drawable, row, 10000);
  g_assert_null (pinned_menu (row));

  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (row)));
  g_assert_true (test_ui_press_key (f, GDK_KEY_Menu, 0));
  popover = pinned_menu (row);
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (popover));

  labels = menu_labels (popover);
  g_test_message ("pinned menu: %s", labels);
  g_assert_cmpstr (labels, ==, "[Copy Text]");
  copied = copy_text_from_menu (f, popover);
  g_assert_cmpstr (copied, ==, rumble_message_get_text (pinned));
  g_assert_false (gtk_widget_get_visible (popover));
}

/* A moderator: right click, the Menu key and Shift+F10 on the pinned bar open its menu,
 * with copy text and unpin, and unpin unpins that message. */
static void
test_pinned_menu_moderator (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *id = NULL;
  RumbleMessage *message;
  ModeratoMessageRow *row;
  GtkWidget *popover;
  GtkWidget *entry;
  const RumbleFakeRequest *r;
  WaitPinned w = { f, NULL };

  SKIP_WITHOUT_DISPLAY ();

  moderato_window_open_stream (f->window, STREAM);
  test_wait_until (chat_moderates, f, 10000);
  id = test_ui_post_and_wait (f, "Quillback_Tom", "pin me for the keyboard");
  message = rumble_chat_api_lookup_message (moderato_window_get_chat (f->window), id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.pin-message", "s", id));
  w.message = message;
  test_wait_until (pinned_is, &w, 10000);

  row = find_pinned_row (GTK_WIDGET (f->window));
  g_assert_nonnull (row);
  g_assert_true (moderato_message_row_get_message (row) == message);
  test_wait_until (drawable, row, 10000);

  /* Right click (what the row's click gesture emits). */
  g_signal_emit_by_name (row, "context-menu", 20.0, 5.0);
  popover = pinned_menu (row);
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (popover));
  {
    g_autofree char *labels = menu_labels (popover);
    g_autofree char *copied = NULL;

    g_test_message ("pinned menu: %s", labels);
    g_assert_cmpstr (labels, ==, "[Copy Text][Unpin Message]");
    copied = copy_text_from_menu (f, popover);
    g_assert_cmpstr (copied, ==, "pin me for the keyboard");
  }

  /* The Menu key. */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (row)));
  g_assert_true (test_ui_press_key (f, GDK_KEY_Menu, 0));
  g_assert_true (gtk_widget_get_visible (popover));
  gtk_popover_popdown (GTK_POPOVER (popover));
  test_iterate_for (50);

  /* Shift+F10, then unpin: the request names this message, the bar goes when the event comes. */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (row)));
  g_assert_true (test_ui_press_key (f, GDK_KEY_F10, GDK_SHIFT_MASK));
  g_assert_true (gtk_widget_get_visible (popover));
  entry = test_ui_find_menu_entry (popover, "Unpin Message");
  g_assert_nonnull (entry);
  rumble_fake_server_clear_requests (f->fake);
  g_signal_emit_by_name (entry, "clicked");
  w.message = NULL;
  test_wait_until (pinned_is, &w, 10000);
  r = find_request (f, "POST", "/service.php", "name=chat.message.unpin");
  g_assert_nonnull (r);
  {
    g_autofree char *field = rumble_fake_request_get_form_field (r, "message_id");

    g_assert_cmpstr (field, ==, id);
  }
}

/* Icon-only buttons. */

/* Whether @widget shows text of its own: a visible label with text inside it. */
static gboolean
has_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_widget_get_visible (widget) && *gtk_label_get_label (GTK_LABEL (widget)) != '\0';

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!GTK_IS_NATIVE (child) && has_text (child))
        return TRUE;
    }

  return FALSE;
}

/* The accessible label, or NULL. GTK 4.8 has no getter; its test API compares with an
 * expected value and returns the actual one when they differ, "undefined" when unset.
 * (An icon button is also "labelled by" its image, which has no name: that does not count.) */
static char *
accessible_label (GtkWidget *widget)
{
  g_autofree char *label = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                               GTK_ACCESSIBLE_PROPERTY_LABEL, "");

  if (label == NULL || g_str_equal (label, "undefined"))
    return NULL;

  return g_steal_pointer (&label);
}

/* Walks everything under @widget, popovers included, hidden widgets included; appends the
 * icon-only buttons without a tooltip or an accessible name to @missing, counts the rest. */
static void
check_buttons (GtkWidget *widget,
               GString   *missing,
               guint     *n_checked)
{
  /* The toolkit's own: the window's close button, the (hidden) column headers of the
   * emote completion's list; and a menu button's inner toggle button is the menu button's. */
  if (GTK_IS_WINDOW_CONTROLS (widget) || GTK_IS_TREE_VIEW (widget))
    return;

  if ((GTK_IS_BUTTON (widget) && !GTK_IS_MENU_BUTTON (gtk_widget_get_parent (widget))) ||
      GTK_IS_MENU_BUTTON (widget))
    {
      if (!has_text (widget))
        {
          const char *tooltip = gtk_widget_get_tooltip_text (widget);
          g_autofree char *label = accessible_label (widget);
          g_autofree char *name = g_strdup_printf ("%s \"%s\" \"%s\"", G_OBJECT_TYPE_NAME (widget),
                                                   tooltip != NULL ? tooltip : "",
                                                   label != NULL ? label : "");

          (*n_checked)++;
          g_test_message ("icon-only button: %s", name);
          if (tooltip == NULL || *tooltip == '\0')
            g_string_append_printf (missing, "[%s: no tooltip]", name);
          if (label == NULL)
            g_string_append_printf (missing, "[%s: no accessible label]", name);
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_buttons (child, missing, n_checked);
}

static GtkWidget *
find_with_css_class (GtkWidget  *widget,
                     const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_with_css_class (child, css_class);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Every icon-only button of a moderator's window (header, pinned bar, chat, composer,
 * sidebar and its user card) has a tooltip and an accessible label. */
static void
test_icon_buttons_labelled (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autofree char *id = NULL;
  RumbleMessage *message;
  guint n_checked = 0;

  SKIP_WITHOUT_DISPLAY ();

  moderato_window_open_stream (f->window, STREAM);
  test_wait_until (chat_moderates, f, 10000);
  id = test_ui_post_and_wait (f, "Quillback_Tom", "look at my buttons");
  test_iterate_for (300);

  /* Everything made on demand: the message menu, the user card, the jump button shown. */
  message = rumble_chat_api_lookup_message (moderato_window_get_chat (f->window), id);
  moderato_chat_view_popup_menu (moderato_window_get_chat_view (f->window), message, NULL);
  test_iterate_for (50);
  gtk_popover_popdown (moderato_chat_view_get_menu_popover (moderato_window_get_chat_view (f->window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-user", "s",
                                             rumble_message_get_user_id (message)));
  moderato_chat_view_stop_following (moderato_window_get_chat_view (f->window));
  test_iterate_for (100);
  g_assert_nonnull (find_with_css_class (GTK_WIDGET (f->window), "user-card"));
  g_assert_nonnull (find_with_css_class (GTK_WIDGET (f->window), "jump-to-latest"));

  check_buttons (GTK_WIDGET (f->window), missing, &n_checked);
  g_test_message ("%u icon-only buttons checked", n_checked);
  g_assert_cmpuint (n_checked, >=, 4);
  g_assert_cmpstr (missing->str, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  test_ui_init ();

  g_test_add ("/moderato/a11y/row-keyboard", Fixture, NULL,
              test_ui_fixture_setup, test_row_keyboard, test_ui_fixture_teardown);
  g_test_add ("/moderato/a11y/pinned-menu-logged-out", Fixture, NULL,
              test_ui_fixture_setup, test_pinned_menu_logged_out, test_ui_fixture_teardown);
  g_test_add ("/moderato/a11y/pinned-menu-moderator", Fixture, "demo:demo",
              test_ui_fixture_setup, test_pinned_menu_moderator, test_ui_fixture_teardown);
  g_test_add ("/moderato/a11y/icon-buttons-labelled", Fixture, "demo:demo",
              test_ui_fixture_setup, test_icon_buttons_labelled, test_ui_fixture_teardown);

  return g_test_run ();
}
