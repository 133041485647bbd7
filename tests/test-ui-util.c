/* test-ui-util.c — a Moderato window on the fake server, shared by the UI tests
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "moderato-account.h"
#include "test-ui-util.h"
#include "test-util.h"

static gboolean have_display;
static RumbleFakeServer *shared_fake;
static ModeratoApplication *shared_app;

gboolean
test_ui_init (void)
{
  g_autoptr(GError) error = NULL;

  have_display = gtk_init_check ();
  if (!have_display)
    return FALSE;

  adw_init ();
  shared_fake = rumble_fake_server_new (0, &error);
  g_assert_no_error (error);
  shared_app = moderato_application_new ();
  g_application_set_flags (G_APPLICATION (shared_app), G_APPLICATION_NON_UNIQUE);
  moderato_application_set_server (shared_app, rumble_fake_server_get_url (shared_fake));
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

void
test_ui_fixture_teardown (Fixture       *f,
                          gconstpointer  data)
{
  if (!have_display)
    return;

  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  test_iterate_for (50);
  g_assert_null (f->window);
}

GtkWidget *
test_ui_find_widget (GtkWidget *widget,
                     GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = test_ui_find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct {
  Fixture    *f;
  const char *id;
} WaitMessage;

static gboolean
has_message (gpointer data)
{
  WaitMessage *w = data;
  RumbleChatApi *chat = moderato_window_get_chat (w->f->window);

  return chat != NULL && rumble_chat_api_lookup_message (chat, w->id) != NULL;
}

void
test_ui_wait_message (Fixture    *f,
                      const char *id,
                      guint       timeout_ms)
{
  WaitMessage w = { f, id };

  test_wait_until (has_message, &w, timeout_ms);
}

gboolean
test_ui_chat_live (gpointer data)
{
  Fixture *f = data;
  RumbleChatApi *chat = moderato_window_get_chat (f->window);

  return chat != NULL && rumble_chat_api_get_state (chat) == RUMBLE_CONNECTION_CONNECTED &&
         g_list_model_get_n_items (rumble_chat_api_get_messages (chat)) > 0;
}
