/* test-ui-login.c — the login dialog and ModeratoAccount against the fake server
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "rumble-fake-private.h"
#include "rumble-fake-server.h"
#include "rumble-session-store.h"
#include "moderato-account.h"
#include "moderato-login-dialog.h"
#include "moderato-preferences-window.h"
#include "test-util.h"

static gboolean have_display;

typedef struct {
  RumbleFakeServer    *fake;
  GSettings           *settings;
  ModeratoAccount     *account;
  ModeratoLoginDialog *dialog;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (!have_display)
    return;

  f->fake = rumble_fake_server_new (0, &error);
  g_assert_no_error (error);
  f->settings = g_settings_new (APP_ID);
  g_settings_reset (f->settings, "last-username");
  f->account = moderato_account_new (rumble_fake_server_get_url (f->fake), f->settings);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (!have_display)
    return;

  if (f->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (f->dialog));
  test_iterate_for (20);
  g_assert_null (f->dialog);
  g_assert_finalize_object (f->account);
  g_assert_finalize_object (f->fake);
  g_clear_object (&f->settings);
}

static void
open_dialog (Fixture *f)
{
  f->dialog = moderato_login_dialog_new (NULL, f->account);
  g_object_add_weak_pointer (G_OBJECT (f->dialog), (gpointer *) &f->dialog);
  gtk_window_present (GTK_WINDOW (f->dialog));
  test_iterate_for (50);
}

static GtkWidget *
find_widget (GtkWidget  *widget,
             GType       type,
             const char *text)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    {
      const char *t = NULL;

      if (GTK_IS_BUTTON (widget))
        t = gtk_button_get_label (GTK_BUTTON (widget));
      else if (ADW_IS_PREFERENCES_ROW (widget))
        t = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
      else if (GTK_IS_LABEL (widget))
        t = gtk_label_get_text (GTK_LABEL (widget));
      if (text == NULL || g_strcmp0 (t, text) == 0)
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
set_row_text (Fixture    *f,
              const char *title,
              const char *text)
{
  GtkWidget *row = find_widget (GTK_WIDGET (f->dialog), ADW_TYPE_ENTRY_ROW, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
click (Fixture    *f,
       const char *label)
{
  GtkWidget *button = find_widget (GTK_WIDGET (f->dialog), GTK_TYPE_BUTTON, label);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
logged_in (gpointer data)
{
  return moderato_account_get_logged_in (data);
}

static gboolean
dialog_gone (gpointer data)
{
  Fixture *f = data;

  return f->dialog == NULL;
}

static gboolean
find_error_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "error") &&
      gtk_widget_get_visible (widget) && gtk_label_get_text (GTK_LABEL (widget))[0] != '\0')
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (find_error_label (c))
      return TRUE;
  return FALSE;
}

/* The dialog shows an inline error. */
static gboolean
error_shown (gpointer data)
{
  Fixture *f = data;

  return f->dialog != NULL && find_error_label (GTK_WIDGET (f->dialog));
}

static gboolean
busy_done (gpointer data)
{
  return !moderato_account_get_busy (data);
}

static gboolean
has_request (Fixture    *f,
             const char *query_needle)
{
  GPtrArray *requests = rumble_fake_server_get_requests (f->fake);

  for (guint i = 0; i < requests->len; i++)
    {
      const RumbleFakeRequest *r = g_ptr_array_index (requests, i);

      if (r->query != NULL && strstr (r->query, query_needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
on_bool_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Whether a Secret Service is reachable here; the keyring tests skip otherwise. */
static gboolean
keyring_available (void)
{
  static int available = -1;

  if (available < 0)
    {
      g_autoptr(RumbleSessionStore) store = rumble_session_store_new ();
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *token = NULL;

      rumble_session_store_lookup_async (store, "http://127.0.0.1:1", "nobody", NULL,
                                         on_bool_done, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      token = rumble_session_store_lookup_finish (store, result, NULL, &error);
      available = error == NULL;
      if (error != NULL)
        g_test_message ("keyring unavailable: %s", error->message);
    }
  return available;
}

static void
test_plain (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *last = NULL;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  open_dialog (f);
  g_assert_false (gtk_widget_is_sensitive (find_widget (GTK_WIDGET (f->dialog), GTK_TYPE_BUTTON, "Log In")));
  set_row_text (f, "Username", "MarigoldFinch");
  set_row_text (f, "Password", "hunter2");
  click (f, "Log In");
  g_assert_true (moderato_account_get_busy (f->account));

  test_wait_until (logged_in, f->account, 10000);
  test_wait_until (dialog_gone, f, 10000);

  g_assert_cmpstr (moderato_account_get_username (f->account), ==, "MarigoldFinch");
  g_assert_cmpstr (moderato_account_get_user_id (f->account), ==, "87654321");
  token = rumble_fake_service_dup_latest_token (f->fake);
  g_assert_cmpstr (moderato_account_get_session (f->account), ==, token);
  g_assert_true (has_request (f, "name=user.login"));
  test_wait_until (busy_done, f->account, 10000);

  /* The name is remembered for next time, never the password or the token. */
  last = g_settings_get_string (f->settings, "last-username");
  g_assert_cmpstr (last, ==, "MarigoldFinch");
  g_assert_cmpstr (moderato_account_get_last_username (f->account), ==, "MarigoldFinch");
}

static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  open_dialog (f);
  set_row_text (f, "Username", "MarigoldFinch");
  set_row_text (f, "Password", "not-the-password");
  click (f, "Log In");
  test_wait_until (error_shown, f, 10000);
  test_wait_until (busy_done, f->account, 10000);

  g_assert_false (moderato_account_get_logged_in (f->account));
  g_assert_nonnull (f->dialog);
  /* The button comes back for another try. */
  test_iterate_for (20);
  g_assert_true (gtk_widget_is_sensitive (find_widget (GTK_WIDGET (f->dialog), GTK_TYPE_BUTTON, "Log In")));
}

static void
test_two_factor (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *stack;
  GtkWidget *email_row;
  GtkWidget *sms_row;
  GtkWidget *check;
  GtkWidget *sent_to;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  open_dialog (f);
  set_row_text (f, "Username", "OakModerator");
  set_row_text (f, "Password", "correct horse");
  click (f, "Log In");

  stack = find_widget (GTK_WIDGET (f->dialog), GTK_TYPE_STACK, NULL);
  while (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "second-factor") != 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (moderato_account_get_logged_in (f->account));

  /* The fake offers the authenticator and e-mail, no SMS. */
  email_row = find_widget (GTK_WIDGET (f->dialog), ADW_TYPE_ACTION_ROW, "E-mail");
  sms_row = find_widget (GTK_WIDGET (f->dialog), ADW_TYPE_ACTION_ROW, "Text Message (SMS)");
  g_assert_true (gtk_widget_get_visible (find_widget (GTK_WIDGET (f->dialog), ADW_TYPE_ACTION_ROW,
                                                      "Authenticator App")));
  g_assert_true (gtk_widget_get_visible (email_row));
  g_assert_false (gtk_widget_get_visible (sms_row));

  /* E-mail: send the code and show where it went. */
  check = find_widget (email_row, GTK_TYPE_CHECK_BUTTON, NULL);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  click (f, "Send Code");
  test_wait_until (busy_done, f->account, 10000);
  g_assert_true (has_request (f, "name=user.2fa.request_email_code"));
  sent_to = find_widget (GTK_WIDGET (f->dialog), GTK_TYPE_LABEL, "Code sent to oa*****@ex*****.com");
  g_assert_nonnull (sent_to);

  /* A wrong code: an inline error, still on this step. */
  set_row_text (f, "Code", "000000");
  click (f, "Verify");
  test_wait_until (error_shown, f, 10000);
  test_wait_until (busy_done, f->account, 10000);
  g_assert_false (moderato_account_get_logged_in (f->account));

  set_row_text (f, "Code", "123456");
  click (f, "Verify");
  test_wait_until (logged_in, f->account, 10000);
  test_wait_until (dialog_gone, f, 10000);
  g_assert_true (has_request (f, "name=user.2fa.verify_totp"));
  g_assert_cmpstr (moderato_account_get_username (f->account), ==, "OakModerator");
  g_assert_cmpstr (moderato_account_get_user_id (f->account), ==, "77001234");
  test_wait_until (busy_done, f->account, 10000);
}

static gboolean
restore (ModeratoAccount *account)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  moderato_account_restore_async (account, NULL, on_bool_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  ok = moderato_account_restore_finish (account, result, &error);
  g_assert_no_error (error);
  return ok;
}

static void
login (ModeratoAccount *account,
       const char      *username,
       const char      *password)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RumbleLoginStep step = RUMBLE_LOGIN_NEEDS_SECOND_FACTOR;

  moderato_account_login_async (account, username, password, NULL, on_bool_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (moderato_account_login_finish (account, result, &step, &error));
  g_assert_no_error (error);
  g_assert_cmpint (step, ==, RUMBLE_LOGIN_DONE);
}

static void
logout (ModeratoAccount *account)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  moderato_account_logout_async (account, NULL, on_bool_done, &result);
  g_assert_false (moderato_account_get_logged_in (account));
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (moderato_account_logout_finish (account, result, &error));
  g_assert_no_error (error);
}

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(ModeratoAccount) second = NULL;
  g_autoptr(ModeratoAccount) third = NULL;
  g_autofree char *token = NULL;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }
  if (!keyring_available ())
    {
      g_test_skip ("no Secret Service");
      return;
    }

  /* Nothing stored for this site yet. */
  g_assert_false (restore (f->account));
  g_assert_false (moderato_account_get_logged_in (f->account));

  login (f->account, "MarigoldFinch", "hunter2");
  g_assert_null (moderato_account_get_warning (f->account));
  token = g_strdup (moderato_account_get_session (f->account));

  /* A new start: the session comes back from the keyring, checked with the server. */
  rumble_fake_server_clear_requests (f->fake);
  second = moderato_account_new (rumble_fake_server_get_url (f->fake), f->settings);
  g_assert_true (restore (second));
  g_assert_true (moderato_account_get_logged_in (second));
  g_assert_cmpstr (moderato_account_get_username (second), ==, "MarigoldFinch");
  g_assert_cmpstr (moderato_account_get_user_id (second), ==, "87654321");
  g_assert_cmpstr (moderato_account_get_session (second), ==, token);
  g_assert_nonnull (rumble_fake_server_find_request (f->fake, "GET", "/login.php"));
  g_assert_false (has_request (f, "name=user.login"));

  /* Log out: the server forgets the session and the keyring no longer has it. */
  logout (second);
  g_assert_null (moderato_account_get_session (second));
  g_assert_false (rumble_fake_service_token_is_valid (f->fake, token));
  third = moderato_account_new (rumble_fake_server_get_url (f->fake), f->settings);
  g_assert_false (restore (third));
  g_assert_false (moderato_account_get_logged_in (third));
  g_assert_finalize_object (g_steal_pointer (&second));
  g_assert_finalize_object (g_steal_pointer (&third));
}

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rumble_session_store_store_finish (RUMBLE_SESSION_STORE (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
on_looked_up (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  token = rumble_session_store_lookup_finish (RUMBLE_SESSION_STORE (source), result, NULL, &error);
  g_assert_no_error (error);
  *(char **) user_data = token != NULL ? g_steal_pointer (&token) : g_strdup ("");
}

static void
test_restore_expired (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RumbleSessionStore) store = rumble_session_store_new ();
  g_autofree char *left = NULL;
  gboolean stored = FALSE;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }
  if (!keyring_available ())
    {
      g_test_skip ("no Secret Service");
      return;
    }

  rumble_session_store_store_async (store, rumble_fake_server_get_url (f->fake), "MarigoldFinch",
                                    "expired-token-0123456789", NULL, on_stored, &stored);
  test_wait_for_flag (&stored, 10000);

  g_assert_false (restore (f->account));
  g_assert_false (moderato_account_get_logged_in (f->account));

  /* The dead session is removed from the keyring. */
  test_iterate_for (200);
  rumble_session_store_lookup_async (store, rumble_fake_server_get_url (f->fake), "MarigoldFinch",
                                     NULL, on_looked_up, &left);
  while (left == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (left, ==, "");
  g_assert_finalize_object (g_steal_pointer (&store));
}

/* Escape (the dialog's class shortcut) closes it, abandoning a pending second factor. */
static void
test_escape_cancels (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GListModel) controllers = NULL;
  gboolean activated = FALSE;
  GtkWidget *stack;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  open_dialog (f);
  set_row_text (f, "Username", "OakModerator");
  set_row_text (f, "Password", "correct horse");
  click (f, "Log In");
  stack = find_widget (GTK_WIDGET (f->dialog), GTK_TYPE_STACK, NULL);
  while (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "second-factor") != 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (moderato_account_get_second_factors (f->account), !=, RUMBLE_SECOND_FACTOR_NONE);

  controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->dialog));
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !activated; i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (c))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (c)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (c), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (g_str_equal (trigger, "Escape"))
            {
              activated = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                        GTK_WIDGET (f->dialog), NULL);
              break;
            }
        }
    }
  g_assert_true (activated);
  test_wait_until (dialog_gone, f, 10000);
  g_assert_false (moderato_account_get_logged_in (f->account));
  g_assert_cmpint (moderato_account_get_second_factors (f->account), ==, RUMBLE_SECOND_FACTOR_NONE);
}

static void
test_demo_hint (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *hint;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  g_settings_set_string (f->settings, "last-username", "demo");
  g_clear_object (&f->account);
  f->account = moderato_account_new (rumble_fake_server_get_url (f->fake), f->settings);

  open_dialog (f);
  hint = find_widget (GTK_WIDGET (f->dialog), GTK_TYPE_LABEL, "Demo account: demo / demo");
  g_assert_nonnull (hint);
  g_assert_false (gtk_widget_get_visible (hint));
  moderato_login_dialog_set_demo_hint (f->dialog, TRUE);
  g_assert_true (gtk_widget_get_visible (hint));
  g_assert_true (moderato_login_dialog_get_demo_hint (f->dialog));

  /* The last username is filled in. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget (GTK_WIDGET (f->dialog),
                                                                     ADW_TYPE_ENTRY_ROW, "Username"))),
                   ==, "demo");
  set_row_text (f, "Password", "demo");
  click (f, "Log In");
  test_wait_until (logged_in, f->account, 10000);
  test_wait_until (busy_done, f->account, 10000);
}

/* Without a Secret Service, a login still works, with a warning to show. */
static void
test_no_keyring (Fixture       *f,
                 gconstpointer  data)
{
  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  if (g_test_subprocess ())
    {
      login (f->account, "MarigoldFinch", "hunter2");
      g_assert_true (moderato_account_get_logged_in (f->account));
      g_assert_nonnull (moderato_account_get_warning (f->account));
      g_assert_cmpstr (moderato_account_get_warning (f->account), ==,
                       "No keyring is available, so you will have to log in again next time.");
      /* Nothing to restore, and no error for it. */
      {
        g_autoptr(ModeratoAccount) second =
          moderato_account_new (rumble_fake_server_get_url (f->fake), f->settings);

        g_assert_false (restore (second));
        g_assert_finalize_object (g_steal_pointer (&second));
      }
      test_wait_until (busy_done, f->account, 10000);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  ModeratoPreferencesWindow *prefs;
  GtkWidget *spin;
  GtkWidget *timestamps;
  GtkWidget *sidebar;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  g_settings_set_uint (f->settings, "history-len", 700);
  g_settings_set_boolean (f->settings, "show-timestamps", TRUE);
  g_settings_set_boolean (f->settings, "show-sidebar", FALSE);

  prefs = moderato_preferences_window_new (NULL, f->settings);
  gtk_window_present (GTK_WINDOW (prefs));
  test_iterate_for (50);

  spin = find_widget (GTK_WIDGET (prefs), GTK_TYPE_SPIN_BUTTON, NULL);
  g_assert_nonnull (spin);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 700);
  timestamps = find_widget (find_widget (GTK_WIDGET (prefs), ADW_TYPE_ACTION_ROW, "Show Timestamps"),
                            GTK_TYPE_SWITCH, NULL);
  sidebar = find_widget (find_widget (GTK_WIDGET (prefs), ADW_TYPE_ACTION_ROW, "Show User List"),
                         GTK_TYPE_SWITCH, NULL);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (timestamps)));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (sidebar)));

  /* Both ways. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 2500);
  gtk_switch_set_active (GTK_SWITCH (timestamps), FALSE);
  gtk_switch_set_active (GTK_SWITCH (sidebar), TRUE);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "history-len"), ==, 2500);
  g_assert_false (g_settings_get_boolean (f->settings, "show-timestamps"));
  g_assert_true (g_settings_get_boolean (f->settings, "show-sidebar"));

  g_settings_set_uint (f->settings, "history-len", 300);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 300);

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_settings_reset (f->settings, "history-len");
  g_settings_reset (f->settings, "show-timestamps");
  g_settings_reset (f->settings, "show-sidebar");
}

int
main (int   argc,
      char *argv[])
{
  /* The no-keyring case runs in a child whose session bus leads nowhere. */
  if (argc > 1)
    {
      for (int i = 1; i < argc; i++)
        if (g_str_equal (argv[i], "--GTestSubprocess"))
          {
            g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/moderato-test-bus", TRUE);
            g_setenv ("GTK_A11Y", "none", TRUE);
          }
    }

  g_test_init (&argc, &argv, NULL);

  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();

#define ADD(path, func) \
  g_test_add ("/ui/login/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("plain", test_plain);
  ADD ("wrong-password", test_wrong_password);
  ADD ("two-factor", test_two_factor);
  ADD ("restore", test_restore);
  ADD ("restore-expired", test_restore_expired);
  ADD ("escape-cancels", test_escape_cancels);
  ADD ("demo-hint", test_demo_hint);
  ADD ("no-keyring", test_no_keyring);
  ADD ("preferences", test_preferences);
#undef ADD

  return g_test_run ();
}
