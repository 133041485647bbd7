/* test-ui-util.c — a Moderato window on the fake server, shared by the UI tests
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gdk/x11/gdkx.h>

#include "moderato-account.h"
#include "moderato-message-row.h"
#include "test-ui-util.h"
#include "test-util.h"

static gboolean have_display;
static RumbleFakeServer *shared_fake;
static ModeratoApplication *shared_app;

/* Xvfb starts with the pointer in the middle of the screen, where windows and popovers
 * map. Real crossing events then start GTK 4.8's tooltip timer, which may fire after a
 * popover that opened under the pointer is gone and asks that dead surface for the pointer
 * position (a toolkit critical, fatal in tests). Tests drive input through the widgets'
 * controllers, so the real pointer is parked in the screen's far corner, outside every
 * window a test opens. */
static void
park_pointer (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  Display *xdisplay;

  if (!GDK_IS_X11_DISPLAY (display))
    return;
  xdisplay = gdk_x11_display_get_xdisplay (display);
  XWarpPointer (xdisplay, None, DefaultRootWindow (xdisplay), 0, 0, 0, 0,
                DisplayWidth (xdisplay, DefaultScreen (xdisplay)) - 1,
                DisplayHeight (xdisplay, DefaultScreen (xdisplay)) - 1);
  XSync (xdisplay, False);
}

gboolean
test_ui_init (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ledger_dir = NULL;
  g_autofree char *ledger_path = NULL;

  have_display = gtk_init_check ();
  if (!have_display)
    return FALSE;
  park_pointer ();

  adw_init ();
  shared_fake = rumble_fake_server_new (0, &error);
  g_assert_no_error (error);
  shared_app = moderato_application_new ();
  g_application_set_flags (G_APPLICATION (shared_app), G_APPLICATION_NON_UNIQUE);
  moderato_application_set_server (shared_app, rumble_fake_server_get_url (shared_fake));
  /* The ledger in a temporary folder of its own: a test never writes to the real one. */
  ledger_dir = g_dir_make_tmp ("moderato-ui-ledger-XXXXXX", &error);
  g_assert_no_error (error);
  ledger_path = g_build_filename (ledger_dir, "ledger.sqlite3", NULL);
  moderato_application_set_ledger_path (shared_app, ledger_path);
  g_application_register (G_APPLICATION (shared_app), NULL, &error);
  g_assert_no_error (error);
  return TRUE;
}

gboolean
test_ui_have_display (void)
{
  return have_display;
}

static void
on_login (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (moderato_account_login_finish (MODERATO_ACCOUNT (object), result, NULL, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
on_logout (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  moderato_account_logout_finish (MODERATO_ACCOUNT (object), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static gboolean
account_idle (gpointer data)
{
  return !moderato_account_get_busy (data);
}

void
test_ui_fixture_setup (Fixture       *f,
                       gconstpointer  data)
{
  const char *login = data;
  ModeratoAccount *account;

  if (!have_display)
    return;

  f->fake = shared_fake;
  f->app = shared_app;
  account = moderato_application_get_account (f->app);

  if (moderato_account_get_logged_in (account))
    {
      gboolean done = FALSE;

      moderato_account_logout_async (account, NULL, on_logout, &done);
      test_wait_for_flag (&done, 10000);
      test_wait_until (account_idle, account, 10000);
    }

  if (login != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (login, ":", 2);
      gboolean done = FALSE;

      moderato_account_login_async (account, parts[0], parts[1], NULL, on_login, &done);
      test_wait_for_flag (&done, 10000);
      test_wait_until (account_idle, account, 10000);
    }

  f->window = moderato_window_new (f->app);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 600);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
close_popovers (GtkWidget *widget)
{
  if (GTK_IS_POPOVER (widget) && gtk_widget_get_visible (widget))
    gtk_popover_popdown (GTK_POPOVER (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    close_popovers (child);
}

void
test_ui_fixture_teardown (Fixture       *f,
                          gconstpointer  data)
{
  if (!have_display)
    return;

  /* Popovers (a user card, a menu) close first and the main loop runs, so that what their
   * closing queues (GTK 4.8's tooltip query among it) runs while their surfaces exist. */
  close_popovers (GTK_WIDGET (f->window));
  test_iterate_for (100);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  test_iterate_for (50);
  g_assert_null (f->window);
}

GtkWidget *
test_ui_find_matching (GtkWidget     *widget,
                       gboolean     (*match) (GtkWidget     *widget,
                                              gconstpointer  data),
                       gconstpointer  data)
{
  if (match (widget, data))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = test_ui_find_matching (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Keys. GTK 4.8 has no public way to make a key event, so this offers the key to the
 * controllers the way GTK propagates one. */

static gboolean
trigger_matches (GtkShortcutTrigger *trigger,
                 guint               keyval,
                 GdkModifierType     mods)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_matches (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)),
                            keyval, mods) ||
           trigger_matches (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)),
                            keyval, mods);

  if (GTK_IS_KEYVAL_TRIGGER (trigger))
    return gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
           gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == mods;

  return FALSE;
}

static gboolean
shortcut_handles (GtkShortcutController *controller,
                  GtkWidget             *widget,
                  guint                  keyval,
                  GdkModifierType        mods)
{
  if (gtk_shortcut_controller_get_scope (controller) != GTK_SHORTCUT_SCOPE_LOCAL)
    return FALSE;

  for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
    {
      g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

      if (trigger_matches (gtk_shortcut_get_trigger (shortcut), keyval, mods) &&
          gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                        GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                        gtk_shortcut_get_arguments (shortcut)))
        return TRUE;
    }

  return FALSE;
}

static gboolean
offer_key (GtkWidget           *widget,
           GtkPropagationPhase  phase,
           guint                keyval,
           GdkModifierType      mods)
{
  g_autoptr(GListModel) controllers = NULL;

  if (!gtk_widget_is_sensitive (widget))
    return FALSE;

  controllers = gtk_widget_observe_controllers (widget);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (gtk_event_controller_get_propagation_phase (controller) != phase)
        continue;

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, mods, &handled);
      else if (GTK_IS_SHORTCUT_CONTROLLER (controller))
        handled = shortcut_handles (GTK_SHORTCUT_CONTROLLER (controller), widget, keyval, mods);

      if (handled)
        return TRUE;
    }

  return FALSE;
}

gboolean
test_ui_press_key (Fixture         *f,
                   guint            keyval,
                   GdkModifierType  mods)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();
  gboolean handled = FALSE;

  for (GtkWidget *w = focus != NULL ? focus : GTK_WIDGET (f->window); w != NULL;
       w = gtk_widget_get_parent (w))
    g_ptr_array_add (chain, w);

  for (guint i = chain->len; i > 0 && !handled; i--)
    handled = offer_key (chain->pdata[i - 1], GTK_PHASE_CAPTURE, keyval, mods);
  for (guint i = 0; i < chain->len && !handled; i++)
    handled = (i == 0 && offer_key (chain->pdata[i], GTK_PHASE_TARGET, keyval, mods)) ||
              offer_key (chain->pdata[i], GTK_PHASE_BUBBLE, keyval, mods);

  test_iterate_for (30);
  return handled;
}

/* Chat */

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

/* In the chat and in the chat view's list (which takes a burst of messages a little
 * later, moderato-paced-model.c). */
gboolean
test_ui_message_shown (Fixture    *f,
                       const char *id)
{
  RumbleChatApi *chat = moderato_window_get_chat (f->window);
  GListModel *list;
  guint n;

  if (chat == NULL || rumble_chat_api_lookup_message (chat, id) == NULL)
    return FALSE;
  list = G_LIST_MODEL (gtk_list_view_get_model (
    moderato_chat_view_get_list_view (moderato_window_get_chat_view (f->window))));
  n = list != NULL ? g_list_model_get_n_items (list) : 0;
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(RumbleMessage) message = g_list_model_get_item (list, i - 1);

      if (g_strcmp0 (rumble_message_get_id (message), id) == 0)
        return TRUE;
    }
  return FALSE;
}

void
test_ui_wait_message (Fixture    *f,
                      const char *id,
                      guint       timeout_ms)
{
  WaitMessage w = { f, id };

  test_wait_until (has_message, &w, timeout_ms);
}

char *
test_ui_post_and_wait (Fixture    *f,
                       const char *user,
                       const char *text)
{
  char *id = rumble_fake_server_push_message (f->fake, RUMBLE_FAKE_DEFAULT_STREAM, user, text);

  test_ui_wait_message (f, id, 10000);
  return id;
}

static char *
without_mnemonic (const char *label)
{
  GString *plain = g_string_new (label);

  g_string_replace (plain, "_", "", 0);
  return g_string_free (plain, FALSE);
}

GtkWidget *
test_ui_find_menu_entry (GtkWidget  *widget,
                         const char *label)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkModelButton") &&
      gtk_widget_is_drawable (widget))
    {
      g_autofree char *text = NULL;
      g_autofree char *plain = NULL;
      g_autofree char *wanted = without_mnemonic (label);

      g_object_get (widget, "text", &text, NULL);
      plain = without_mnemonic (text != NULL ? text : "");
      if (g_str_equal (plain, wanted))
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = test_ui_find_menu_entry (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

char *
test_ui_clipboard_text (Fixture *f)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (f->window));
  GdkContentProvider *content = gdk_clipboard_get_content (clipboard);
  g_auto(GValue) value = G_VALUE_INIT;

  if (content == NULL)
    return NULL;

  g_value_init (&value, G_TYPE_STRING);
  if (!gdk_content_provider_get_value (content, &value, NULL))
    return NULL;

  return g_value_dup_string (&value);
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  data)
{
  return g_type_is_a (G_OBJECT_TYPE (widget), GPOINTER_TO_SIZE (data));
}

GtkWidget *
test_ui_find_widget (GtkWidget *widget,
                     GType      type)
{
  return test_ui_find_matching (widget, is_of_type, GSIZE_TO_POINTER (type));
}

const RumbleFakeRequest *
test_ui_find_request (RumbleFakeServer *fake,
                      const char       *method,
                      const char       *path,
                      const char       *needle)
{
  GPtrArray *requests = rumble_fake_server_get_requests (fake);

  for (guint i = requests->len; i > 0; i--)
    {
      const RumbleFakeRequest *r = g_ptr_array_index (requests, i - 1);

      if (g_strcmp0 (r->method, method) != 0 || (path != NULL && g_strcmp0 (r->path, path) != 0))
        continue;
      if (needle == NULL || (r->query != NULL && strstr (r->query, needle) != NULL))
        return r;
    }
  return NULL;
}

typedef struct {
  RumbleFakeServer *fake;
  const char       *method;
  const char       *path;
  const char       *needle;
} RequestWait;

static gboolean
request_arrived (gpointer data)
{
  RequestWait *w = data;

  return test_ui_find_request (w->fake, w->method, w->path, w->needle) != NULL;
}

const RumbleFakeRequest *
test_ui_wait_request (RumbleFakeServer *fake,
                      const char       *method,
                      const char       *path,
                      const char       *needle)
{
  RequestWait w = { fake, method, path, needle };

  test_wait_until (request_arrived, &w, 10000);
  return test_ui_find_request (fake, method, path, needle);
}

gboolean
test_ui_chat_live (gpointer data)
{
  Fixture *f = data;
  RumbleChatApi *chat = moderato_window_get_chat (f->window);

  return chat != NULL && rumble_chat_api_get_state (chat) == RUMBLE_CONNECTION_CONNECTED &&
         g_list_model_get_n_items (rumble_chat_api_get_messages (chat)) > 0;
}

/* Chat rows and connection */

static gboolean
is_row_of (GtkWidget     *widget,
           gconstpointer  message_id)
{
  RumbleMessage *message;

  if (!MODERATO_IS_MESSAGE_ROW (widget))
    return FALSE;

  message = moderato_message_row_get_message (MODERATO_MESSAGE_ROW (widget));
  return message != NULL && g_strcmp0 (rumble_message_get_id (message), message_id) == 0;
}

GtkWidget *
test_ui_find_message_row (GtkWidget  *widget,
                          const char *message_id)
{
  return test_ui_find_matching (widget, is_row_of, message_id);
}

static gboolean
chat_connected (gpointer data)
{
  RumbleChatApi *chat = moderato_window_get_chat (((Fixture *) data)->window);

  return chat != NULL && rumble_chat_api_get_state (chat) == RUMBLE_CONNECTION_CONNECTED;
}

void
test_ui_open_stream (Fixture    *f,
                     const char *stream)
{
  moderato_window_open_stream (f->window, stream);
  test_wait_until (chat_connected, f, 10000);
}

static gboolean
chat_moderates (gpointer data)
{
  Fixture *f = data;
  RumbleChatApi *chat = moderato_window_get_chat (f->window);

  return chat != NULL && rumble_chat_api_get_state (chat) == RUMBLE_CONNECTION_CONNECTED &&
         rumble_chat_api_get_can_moderate (chat);
}

RumbleChatApi *
test_ui_open_moderated_stream (Fixture *f)
{
  moderato_window_open_stream (f->window, RUMBLE_FAKE_DEFAULT_STREAM);
  test_wait_until (chat_moderates, f, 10000);
  test_iterate_for (100);
  return moderato_window_get_chat (f->window);
}
