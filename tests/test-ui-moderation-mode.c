/* test-ui-moderation-mode.c — the header's moderation mode, the row buttons and their order,
 * and the question before muting forever
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "moderato-chat-view.h"
#include "moderato-message-row.h"
#include "moderato-preferences-window.h"
#include "rumble-text.h"
#include "test-ui-util.h"
#include "test-util.h"

#define STREAM       RUMBLE_FAKE_DEFAULT_STREAM
#define OTHER_STREAM "298765499"
#define MODERATOR    "MarigoldFinch:hunter2"

static GSettings *
settings (Fixture *f)
{
  return moderato_application_get_settings (f->app);
}

/* The shared application keeps its settings from test to test. */
static void
setup (Fixture       *f,
       gconstpointer  data)
{
  test_ui_fixture_setup (f, data);
  if (!test_ui_have_display ())
    return;

  /* Before any stream is opened: the window reads them then. */
  g_settings_reset (settings (f), "moderation-mode-streams");
  g_settings_reset (settings (f), "moderation-buttons");
  g_settings_reset (settings (f), "confirm-mute-forever");
}

static gboolean
chat_moderates (gpointer data)
{
  Fixture *f = data;
  RumbleChatApi *chat = moderato_window_get_chat (f->window);

  return chat != NULL && rumble_chat_api_get_state (chat) == RUMBLE_CONNECTION_CONNECTED &&
         rumble_chat_api_get_can_moderate (chat) && rumble_chat_api_get_session (chat) != NULL;
}

static gboolean
chat_connected (gpointer data)
{
  Fixture *f = data;
  RumbleChatApi *chat = moderato_window_get_chat (f->window);

  return chat != NULL && rumble_chat_api_get_state (chat) == RUMBLE_CONNECTION_CONNECTED;
}

static gboolean
is_mode_toggle (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_TOGGLE_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)),
                    "win.moderation-mode") == 0;
}

static GtkWidget *
find_toggle (GtkWidget *widget)
{
  return test_ui_find_matching (widget, is_mode_toggle, NULL);
}

static ModeratoMessageRow *
find_row (GtkWidget  *widget,
          const char *message_id)
{
  return (ModeratoMessageRow *) test_ui_find_message_row (widget, message_id);
}

typedef struct {
  Fixture    *f;
  const char *id;
} RowWait;

static gboolean
row_shown (gpointer data)
{
  RowWait *w = data;
  ModeratoMessageRow *row = find_row (GTK_WIDGET (moderato_window_get_chat_view (w->f->window)),
                                      w->id);

  return row != NULL && gtk_widget_get_mapped (GTK_WIDGET (row)) &&
         gtk_widget_get_height (GTK_WIDGET (row)) > 0;
}

/* Posts @text as @username and returns its id once its row is on screen. */
static char *
post (Fixture    *f,
      const char *username,
      const char *text)
{
  char *id = rumble_fake_server_push_message (f->fake, STREAM, username, text);
  RowWait w = { f, id };

  test_wait_until (row_shown, &w, 10000);
  return id;
}

static ModeratoMessageRow *
row_of (Fixture    *f,
        const char *message_id)
{
  ModeratoMessageRow *row = find_row (GTK_WIDGET (moderato_window_get_chat_view (f->window)),
                                      message_id);

  g_assert_nonnull (row);
  return row;
}

/* The pointer enters @row: its real motion controller's "enter". */
static void
hover (ModeratoMessageRow *row)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (row));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_MOTION (controller))
        {
          g_signal_emit_by_name (controller, "enter", 10.0, 5.0);
          return;
        }
    }
  g_assert_not_reached ();
}

static void
open_moderating (Fixture *f)
{
  moderato_window_open_stream (f->window, STREAM);
  test_wait_until (chat_moderates, f, 10000);
  test_iterate_for (50);
}

static void
turn_on (Fixture *f)
{
  GtkWidget *toggle = find_toggle (GTK_WIDGET (f->window));

  g_assert_nonnull (toggle);
  g_assert_true (gtk_widget_get_mapped (toggle));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
  g_signal_emit_by_name (toggle, "clicked");
  test_iterate_for (50);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
}

static const RumbleFakeRequest *
wait_mute (Fixture *f)
{
  return test_ui_wait_request (f->fake, "POST", "/service.php", "name=moderation.mute");
}

static void
assert_field (const RumbleFakeRequest *r,
              const char              *name,
              const char              *expected)
{
  g_autofree char *value = rumble_fake_request_get_form_field (r, name);

  g_assert_cmpstr (value, ==, expected);
}

/* The sentence a button names itself with: @before, the isolated @name, @after. */
static char *
describe (const char *before,
          const char *name,
          const char *after)
{
  g_autofree char *isolated = rumble_text_isolate (name);

  return g_strconcat (before, isolated, after, NULL);
}

/* Clicks @row's button @id (shown on hover), after checking it names its target. */
static void
click (ModeratoMessageRow *row,
       const char         *id,
       const char         *expected_label)
{
  GtkWidget *button;

  hover (row);
  button = moderato_message_row_get_moderation_button (row, id);
  g_assert_nonnull (button);
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, expected_label);
  gtk_widget_activate (button);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* borrowed */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

/* A button's "activate" clicks it after a short press, like a key press does. */
static AdwMessageDialog *
wait_dialog (void)
{
  test_wait_until (dialog_shown, NULL, 10000);
  return find_dialog ();
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static GtkWidget *
find_button_labelled (GtkWidget  *widget,
                      const char *label)
{
  return test_ui_find_matching (widget, is_button_labelled, label);
}

/* The toggle is there for a moderator only; its state is remembered per stream. */
static void
test_toggle_remembered (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(GStrv) streams = NULL;
  g_autofree char *id = NULL;
  GtkWidget *toggle;

  SKIP_WITHOUT_DISPLAY ();

  toggle = find_toggle (GTK_WIDGET (f->window));
  g_assert_nonnull (toggle);
  g_assert_false (gtk_widget_get_visible (toggle));

  open_moderating (f);
  id = post (f, "ModeWatcher", "hello");
  g_assert_null (moderato_message_row_get_moderation_button (row_of (f, id), "delete"));

  turn_on (f);
  streams = g_settings_get_strv (settings (f), "moderation-mode-streams");
  g_assert_true (g_strv_contains ((const char * const *) streams, STREAM));
  g_assert_nonnull (moderato_message_row_get_moderation_button (row_of (f, id), "delete"));

  /* Another stream starts off; the first one is on again when it comes back. */
  moderato_window_open_stream (f->window, OTHER_STREAM);
  test_iterate_for (50);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
  moderato_window_open_stream (f->window, STREAM);
  test_wait_until (chat_moderates, f, 10000);
  test_iterate_for (50);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));

  /* Off: forgotten, and the rows lose their buttons. */
  g_signal_emit_by_name (toggle, "clicked");
  test_iterate_for (50);
  g_clear_pointer (&streams, g_strfreev);
  streams = g_settings_get_strv (settings (f), "moderation-mode-streams");
  g_assert_false (g_strv_contains ((const char * const *) streams, STREAM));
  g_assert_null (moderato_message_row_get_moderation_button (row_of (f, id), "delete"));
}

/* The list keeps the last 100 streams, the newest last. */
static void
test_toggle_bounded (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) many = NULL;
  g_auto(GStrv) streams = NULL;

  SKIP_WITHOUT_DISPLAY ();

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *stream = g_strdup_printf ("1%08u", i);

      g_strv_builder_add (builder, stream);
    }
  many = g_strv_builder_end (builder);
  g_settings_set_strv (settings (f), "moderation-mode-streams", (const char * const *) many);

  open_moderating (f);
  turn_on (f);
  streams = g_settings_get_strv (settings (f), "moderation-mode-streams");
  g_assert_cmpuint (g_strv_length (streams), ==, 100);
  g_assert_cmpstr (streams[99], ==, STREAM);
  g_assert_cmpstr (streams[0], ==, many[1]);
}

/* Not for an account that cannot moderate. */
static void
test_toggle_hidden (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) streams = NULL;
  g_autofree char *id = NULL;

  SKIP_WITHOUT_DISPLAY ();

  /* Even where it was on before. */
  g_strv_builder_add (builder, STREAM);
  streams = g_strv_builder_end (builder);
  g_settings_set_strv (settings (f), "moderation-mode-streams", (const char * const *) streams);

  moderato_window_open_stream (f->window, STREAM);
  test_wait_until (chat_connected, f, 10000);
  id = post (f, "ModeWatcher", "hi");
  test_iterate_for (200);
  g_assert_false (gtk_widget_get_visible (find_toggle (GTK_WIDGET (f->window))));
  g_assert_null (moderato_message_row_get_moderation_button (row_of (f, id), "delete"));
}

/* Posts a message as @username, then clicks its button @id after checking that the button
 * names its target ("@before NAME @after"); returns the message id. */
static char *
post_and_click (Fixture    *f,
                const char *username,
                const char *id,
                const char *before,
                const char *after)
{
  char *message_id = post (f, username, "a message to moderate");
  g_autofree char *label = describe (before, username, after);

  rumble_fake_server_clear_requests (f->fake);
  click (row_of (f, message_id), id, label);
  return message_id;
}

static void
assert_mute (Fixture    *f,
             const char *username,
             const char *duration,
             const char *type)
{
  const RumbleFakeRequest *r = wait_mute (f);

  g_assert_nonnull (r);
  assert_field (r, "user_to_mute", username);
  assert_field (r, "duration", duration);
  assert_field (r, "type", type);
}

/* The default buttons send what the message menu sends, named after their target. */
static void
test_buttons_send (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *deleted = NULL;
  g_autofree char *five = NULL;
  g_autofree char *stream = NULL;
  g_autofree char *path = NULL;

  SKIP_WITHOUT_DISPLAY ();

  open_moderating (f);
  turn_on (f);

  deleted = post_and_click (f, "ModeSpammer", "delete", "Delete message from ", "");
  path = g_strdup_printf ("/chat/api/chat/%s/message/%s", STREAM, deleted);
  g_assert_nonnull (test_ui_wait_request (f->fake, "DELETE", path, NULL));

  five = post_and_click (f, "ModeShouter", "5m", "Mute ", " for 5 minutes");
  assert_mute (f, "ModeShouter", "300", "video");

  stream = post_and_click (f, "ModeTroll", "stream", "Mute ", " for this stream");
  assert_mute (f, "ModeTroll", NULL, "video");

  /* Nothing asked: no dialog came up. */
  g_assert_null (find_dialog ());
}

/* The question names @username; no request before an answer. */
static AdwMessageDialog *
wait_question (Fixture    *f,
               const char *username)
{
  AdwMessageDialog *dialog = wait_dialog ();

  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), username));
  g_assert_true (g_str_has_suffix (adw_message_dialog_get_heading (dialog), "forever?"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "mute"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  g_assert_null (test_ui_find_request (f->fake, "POST", "/service.php", "name=moderation.mute"));
  return dialog;
}

/* Mute forever asks once, naming the user; with the preference off it does not. */
static void
test_forever_asks (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const forever[] = { "forever", NULL };
  g_autofree char *cancelled = NULL;
  g_autofree char *confirmed = NULL;
  g_autofree char *unasked = NULL;
  AdwMessageDialog *dialog;

  SKIP_WITHOUT_DISPLAY ();

  g_settings_set_strv (settings (f), "moderation-buttons", forever);
  open_moderating (f);
  turn_on (f);

  /* Cancel: nothing sent. */
  cancelled = post_and_click (f, "ModeMaybe", "forever", "Mute ", " forever");
  dialog = wait_question (f, "ModeMaybe");
  gtk_widget_activate (find_button_labelled (GTK_WIDGET (dialog), "_Cancel"));
  test_iterate_for (500);
  g_assert_null (test_ui_find_request (f->fake, "POST", "/service.php", "name=moderation.mute"));
  g_assert_null (find_dialog ());

  /* Mute Forever: sent, for the whole channel. */
  confirmed = post_and_click (f, "ModeGone", "forever", "Mute ", " forever");
  dialog = wait_question (f, "ModeGone");
  gtk_widget_activate (find_button_labelled (GTK_WIDGET (dialog), "_Mute Forever"));
  assert_mute (f, "ModeGone", NULL, "total");
  test_iterate_for (100);
  g_assert_null (find_dialog ());

  /* Don't ask again (the preference): at once. */
  g_settings_set_boolean (settings (f), "confirm-mute-forever", FALSE);
  unasked = post_and_click (f, "ModeNoQuestions", "forever", "Mute ", " forever");
  assert_mute (f, "ModeNoQuestions", NULL, "total");
  g_assert_null (find_dialog ());
}

static char *
button_order (ModeratoMessageRow *row)
{
  GtkWidget *first = moderato_message_row_get_moderation_button (row, "delete");
  GString *order = g_string_new (NULL);

  g_assert_nonnull (first);
  for (GtkWidget *button = gtk_widget_get_first_child (gtk_widget_get_parent (first));
       button != NULL;
       button = gtk_widget_get_next_sibling (button))
    {
      const char * const *ids = (const char * const[]) { "delete", "pin", "card", "5m", "stream",
                                                         "forever", NULL };

      for (guint i = 0; ids[i] != NULL; i++)
        if (moderato_message_row_get_moderation_button (row, ids[i]) == button)
          g_string_append_printf (order, "%s%s", order->len > 0 ? " " : "", ids[i]);
    }

  return g_string_free (order, FALSE);
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static AdwActionRow *
preferences_row (GtkWidget  *widget,
                 const char *title)
{
  return (AdwActionRow *) test_ui_find_matching (widget, is_row_titled, title);
}

/* The preference sets which buttons and in what order; the preferences window edits it
 * with a switch and up/down per button. */
static gboolean
forever_third (gpointer data)
{
  g_auto(GStrv) buttons = g_settings_get_strv (data, "moderation-buttons");

  return g_strv_length (buttons) == 4 && g_str_equal (buttons[2], "forever");
}

static gboolean
delete_first (gpointer data)
{
  g_auto(GStrv) buttons = g_settings_get_strv (data, "moderation-buttons");

  return buttons[0] != NULL && g_str_equal (buttons[0], "delete");
}

static void
test_preference_order (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const custom[] = { "card", "delete", "pin", NULL };
  ModeratoPreferencesWindow *prefs;
  AdwActionRow *forever_row;
  AdwActionRow *delete_row;
  g_autofree char *id = NULL;
  g_autofree char *order = NULL;
  g_auto(GStrv) buttons = NULL;

  SKIP_WITHOUT_DISPLAY ();

  open_moderating (f);
  turn_on (f);
  id = post (f, "ModeOrder", "in order");
  order = button_order (row_of (f, id));
  g_assert_cmpstr (order, ==, "delete 5m stream");

  g_settings_set_strv (settings (f), "moderation-buttons", custom);
  test_iterate_for (50);
  g_clear_pointer (&order, g_free);
  order = button_order (row_of (f, id));
  g_assert_cmpstr (order, ==, "card delete pin");
  g_assert_null (moderato_message_row_get_moderation_button (row_of (f, id), "5m"));

  /* The editor: turn "Mute Forever" on (it goes last), then move it up once; move
   * "Delete Message" up to the top. */
  prefs = moderato_preferences_window_new (GTK_WINDOW (f->window), settings (f));
  gtk_window_present (GTK_WINDOW (prefs));
  test_iterate_for (400);
  forever_row = preferences_row (GTK_WIDGET (prefs), "Mute Forever");
  g_assert_nonnull (forever_row);
  gtk_widget_activate (GTK_WIDGET (forever_row));
  test_iterate_for (400);
  buttons = g_settings_get_strv (settings (f), "moderation-buttons");
  g_assert_cmpuint (g_strv_length (buttons), ==, 4);
  g_assert_cmpstr (buttons[3], ==, "forever");

  forever_row = preferences_row (GTK_WIDGET (prefs), "Mute Forever");
  gtk_widget_activate (test_ui_find_widget (GTK_WIDGET (forever_row), GTK_TYPE_BUTTON));   /* up */
  /* The rows are rebuilt from the setting on idle: wait for it (slow under ASan). */
  test_wait_until (forever_third, settings (f), 10000);
  /* Up on "Delete Message", its row found afresh: under ASan the rows may still be being
   * rebuilt, and a click on a row on its way out does nothing (the top row's up is a no-op,
   * so trying again is safe). */
  for (guint tries = 0; tries < 20 && !delete_first (settings (f)); tries++)
    {
      test_iterate_for (400);
      delete_row = preferences_row (GTK_WIDGET (prefs), "Delete Message");
      gtk_widget_activate (test_ui_find_widget (GTK_WIDGET (delete_row), GTK_TYPE_BUTTON));  /* up */
    }
  test_wait_until (delete_first, settings (f), 10000);
  g_clear_pointer (&buttons, g_strfreev);
  buttons = g_settings_get_strv (settings (f), "moderation-buttons");
  g_clear_pointer (&order, g_free);
  order = g_strjoinv (" ", buttons);
  g_assert_cmpstr (order, ==, "delete card forever pin");

  /* The rows follow. */
  g_clear_pointer (&order, g_free);
  order = button_order (row_of (f, id));
  g_assert_cmpstr (order, ==, "delete card forever pin");

  /* Turning one off takes it out. */
  delete_row = preferences_row (GTK_WIDGET (prefs), "Pin Message");
  gtk_widget_activate (GTK_WIDGET (delete_row));
  test_iterate_for (400);
  g_clear_pointer (&order, g_free);
  order = button_order (row_of (f, id));
  g_assert_cmpstr (order, ==, "delete card forever");

  /* And the question's preference is there. */
  g_assert_nonnull (preferences_row (GTK_WIDGET (prefs), "Ask Before Muting Forever"));
  gtk_window_destroy (GTK_WINDOW (prefs));
  test_iterate_for (400);
}

/* Turning the mode on and showing the buttons never moves a line break or a row. */
static void
test_no_reflow (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *id = NULL;
  ModeratoMessageRow *row;
  int width, height, text_width;
  g_autofree char *text = NULL;

  SKIP_WITHOUT_DISPLAY ();

  open_moderating (f);
  id = post (f, "ModeLong",
             "a long message that wraps over several lines of the chat, so that any width "
             "taken from its text for buttons would move where its lines break; it goes on "
             "and on for a while longer still, until it surely fills three lines or more");
  row = row_of (f, id);
  width = gtk_widget_get_width (GTK_WIDGET (row));
  height = gtk_widget_get_height (GTK_WIDGET (row));
  text_width = moderato_message_row_get_text_width (row);
  g_assert_cmpint (text_width, >, 0);
  text = g_strdup (moderato_message_row_get_layout_text (row));

  turn_on (f);
  hover (row);
  test_iterate_for (100);
  g_assert_true (gtk_widget_get_mapped (moderato_message_row_get_moderation_button (row,
                                                                                  "delete")));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (row)), ==, width);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (row)), ==, height);
  g_assert_cmpint (moderato_message_row_get_text_width (row), ==, text_width);
  g_assert_cmpstr (moderato_message_row_get_layout_text (row), ==, text);

  /* The buttons sit inside the row's end. */
  {
    graphene_rect_t bounds;
    GtkWidget *box = gtk_widget_get_parent (moderato_message_row_get_moderation_button (row,
                                                                                       "delete"));

    g_assert_true (gtk_widget_compute_bounds (box, GTK_WIDGET (row), &bounds));
    g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, width + 0.5);
    g_assert_cmpfloat (bounds.origin.x, >, width / 2.0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  test_ui_init ();

#define ADD(path, login, func) \
  g_test_add ("/moderato/moderation-mode/" path, Fixture, login, setup, func, \
              test_ui_fixture_teardown)
  ADD ("toggle-remembered", MODERATOR, test_toggle_remembered);
  ADD ("toggle-bounded", MODERATOR, test_toggle_bounded);
  ADD ("toggle-hidden-logged-out", NULL, test_toggle_hidden);
  ADD ("toggle-hidden-not-moderator", "Quillback_Tom:tomtom", test_toggle_hidden);
  ADD ("buttons-send", MODERATOR, test_buttons_send);
  ADD ("forever-asks", MODERATOR, test_forever_asks);
  ADD ("preference-order", MODERATOR, test_preference_order);
  ADD ("no-reflow", MODERATOR, test_no_reflow);
#undef ADD

  return g_test_run ();
}
