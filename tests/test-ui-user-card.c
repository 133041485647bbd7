/* test-ui-user-card.c — the user card in the window, on the fake server: mute state, height,
 * "delete their messages", and the people order setting
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "moderato-application.h"
#include "moderato-bulk-delete.h"
#include "moderato-message-row.h"
#include "moderato-user-card.h"
#include "moderato-user-sidebar.h"
#include "moderato-window.h"
#include "rumble-chat-api.h"
#include "rumble-fake-private.h"
#include "rumble-fake-server.h"
#include "test-ui-util.h"
#include "test-util.h"

#define STREAM RUMBLE_FAKE_DEFAULT_STREAM
#define MODERATOR "demo:demo"

/* A `messages` event: one message of @username (id @user_id) with @n_badges badges. */
static void
post (RumbleChatApi *chat,
      const char    *message_id,
      const char    *user_id,
      const char    *username,
      guint          n_badges)
{
  g_autoptr(GString) badges = g_string_new (NULL);
  g_autofree char *json = NULL;

  for (guint i = 0; i < n_badges; i++)
    g_string_append_printf (badges, "%s\"badge-%u\"", i > 0 ? "," : "", i);
  json = g_strdup_printf ("{\"type\":\"messages\",\"data\":{\"messages\":[{\"id\":\"%s\","
                          "\"time\":\"2026-04-20T18:05:00+00:00\",\"user_id\":\"%s\","
                          "\"text\":\"hello from the card test\",\"type\":\"regular\"}],"
                          "\"users\":[{\"id\":\"%s\",\"username\":\"%s\",\"badges\":[%s]}]}}",
                          message_id, user_id, user_id, username, badges->str);
  g_assert_true (rumble_chat_api_dispatch_event (chat, json, -1));
}

static ModeratoUserSidebar *
sidebar_of (Fixture *f)
{
  return MODERATO_USER_SIDEBAR (test_ui_find_widget (GTK_WIDGET (f->window),
                                                     MODERATO_TYPE_USER_SIDEBAR));
}

static ModeratoUserCard *
show_card (Fixture    *f,
           const char *user_id)
{
  ModeratoUserSidebar *sidebar = sidebar_of (f);
  RumbleUser *user = rumble_chat_api_lookup_user (moderato_window_get_chat (f->window), user_id);
  GtkWidget *card;

  g_assert_nonnull (user);
  moderato_user_sidebar_show_user (sidebar, user);
  test_iterate_for (100);
  card = test_ui_find_widget (GTK_WIDGET (sidebar), MODERATO_TYPE_USER_CARD);
  g_assert_nonnull (card);
  g_assert_true (gtk_widget_get_visible (card));
  return MODERATO_USER_CARD (card);
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first visible label under @widget whose text contains @needle. */
static GtkLabel *
find_label_containing (GtkWidget  *widget,
                       const char *needle)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), needle) != NULL)
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label_containing (child, needle);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct {
  GtkWidget  *widget;
  const char *needle;
} LabelWait;

static gboolean
label_shown (gpointer data)
{
  LabelWait *w = data;

  return find_label_containing (w->widget, w->needle) != NULL;
}

static gboolean
button_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

/* Rumble's muted-users records say the user is muted: the card offers Unmute only. */
static void
test_mute_state_from_records (Fixture       *f,
                              gconstpointer  data)
{
  RumbleChatApi *chat;
  ModeratoUserCard *card;
  LabelWait wait;

  SKIP_WITHOUT_DISPLAY ();

  chat = test_ui_open_moderated_stream (f);
  rumble_fake_service_add_mute_record (f->fake, "RecordedMute", NULL, STREAM, "video");
  post (chat, "1402937465012341001", "81000001", "RecordedMute", 0);
  post (chat, "1402937465012341002", "81000002", "NeverMuted", 0);

  card = show_card (f, "81000001");
  test_wait_until (button_hidden, find_button (GTK_WIDGET (card), "Mute for 5 Minutes"), 10000);
  wait = (LabelWait) { GTK_WIDGET (card), "On Rumble’s list of muted users" };
  test_wait_until (label_shown, &wait, 10000);
  g_assert_true (gtk_widget_get_visible (find_button (GTK_WIDGET (card), "Unmute")));
  g_assert_false (gtk_widget_get_visible (find_button (GTK_WIDGET (card), "Mute Forever")));

  /* Not on the list: Mute only. */
  card = show_card (f, "81000002");
  test_wait_until (button_hidden, find_button (GTK_WIDGET (card), "Unmute"), 10000);
  g_assert_true (gtk_widget_get_visible (find_button (GTK_WIDGET (card), "Mute for 5 Minutes")));
  g_assert_null (find_label_containing (GTK_WIDGET (card), "list of muted users"));

  /* The card draws its messages with the chat's rows. */
  g_assert_nonnull (test_ui_find_widget (GTK_WIDGET (card), MODERATO_TYPE_MESSAGE_ROW));
}

/* After a mute from the card, it says for how long. */
static void
test_muted_for_stream (Fixture       *f,
                       gconstpointer  data)
{
  RumbleChatApi *chat;
  ModeratoUserCard *card;
  GtkWidget *button;
  LabelWait wait;

  SKIP_WITHOUT_DISPLAY ();

  chat = test_ui_open_moderated_stream (f);
  post (chat, "1402937465012342001", "82000001", "CardMuteTarget", 0);
  card = show_card (f, "82000001");
  button = find_button (GTK_WIDGET (card), "Mute for This Stream");
  test_wait_until (button_hidden, find_button (GTK_WIDGET (card), "Unmute"), 10000);
  g_assert_true (gtk_widget_get_visible (button));

  g_signal_emit_by_name (button, "clicked");
  wait = (LabelWait) { GTK_WIDGET (card), "Muted for this stream" };
  test_wait_until (label_shown, &wait, 10000);
  g_assert_true (gtk_widget_get_visible (find_button (GTK_WIDGET (card), "Unmute")));
  g_assert_false (gtk_widget_get_visible (button));
}

/* A card with a lot to show scrolls inside the window's height. */
static void
test_height_capped (Fixture       *f,
                    gconstpointer  data)
{
  RumbleChatApi *chat;
  ModeratoUserCard *card;
  int window_height;

  SKIP_WITHOUT_DISPLAY ();

  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 420);
  chat = test_ui_open_moderated_stream (f);
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *id = g_strdup_printf ("14029374650123430%02u", i);

      post (chat, id, "83000001", "Decorated", 12);
    }
  card = show_card (f, "83000001");
  test_iterate_for (300);

  window_height = gtk_widget_get_height (GTK_WIDGET (f->window));
  g_assert_cmpint (window_height, >, 0);
  g_assert_cmpint (window_height, <=, 420);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (card)), >, 100);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (card)), <=, window_height);
  /* Each badge with its label. */
  g_assert_nonnull (find_label_containing (GTK_WIDGET (card), "badge-11"));
}

static gboolean
toast_shown (gpointer data)
{
  return find_label_containing (data, "Messages of") != NULL;
}

/* Every message of the user, one request each; one fails: the toast says so, nothing is
 * sent twice. */
static void
test_delete_their_messages (Fixture       *f,
                            gconstpointer  data)
{
  RumbleChatApi *chat;
  RumbleUser *tom;
  ModeratoUserCard *card;
  GListModel *messages;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *expected = NULL;
  GPtrArray *requests;
  GtkLabel *toast;
  guint n_deletes = 0;

  SKIP_WITHOUT_DISPLAY ();

  chat = test_ui_open_moderated_stream (f);
  for (guint i = 0; i < 4; i++)
    g_free (rumble_fake_server_push_message (f->fake, STREAM, "Quillback_Tom", "spam"));
  tom = rumble_chat_api_lookup_user_by_name (chat, "Quillback_Tom");
  while (tom == NULL || rumble_user_get_message_count (tom) < 4)
    {
      test_iterate_for (20);
      tom = rumble_chat_api_lookup_user_by_name (chat, "Quillback_Tom");
    }
  test_iterate_for (100);

  messages = rumble_chat_api_get_messages (chat);
  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr(RumbleMessage) message = g_list_model_get_item (messages, i);

      if (!rumble_message_get_deleted (message) &&
          g_strcmp0 (rumble_message_get_user_id (message), rumble_user_get_id (tom)) == 0)
        g_ptr_array_add (ids, g_strdup (rumble_message_get_id (message)));
    }
  g_assert_cmpuint (ids->len, >=, 4);

  card = show_card (f, rumble_user_get_id (tom));
  rumble_fake_server_clear_requests (f->fake);
  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = "delete", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 403, .count = 1,
  });
  g_signal_emit_by_name (find_button (GTK_WIDGET (card), "Delete Their Messages"), "clicked");
  test_wait_until (toast_shown, moderato_window_get_toast_overlay (f->window), 15000);

  toast = find_label_containing (GTK_WIDGET (moderato_window_get_toast_overlay (f->window)),
                                 "Messages of");
  expected = g_strdup_printf ("Messages of “Quillback_Tom”: %u deleted, 1 failed", ids->len - 1);
  g_assert_cmpstr (gtk_label_get_text (toast), ==, expected);

  /* Each message asked once, the failed one never again. */
  test_iterate_for (300);
  requests = rumble_fake_server_get_requests (f->fake);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/chat/api/chat/%s/message/%s", STREAM,
                                               (char *) g_ptr_array_index (ids, i));
      guint seen = 0;

      for (guint j = 0; j < requests->len; j++)
        {
          const RumbleFakeRequest *r = g_ptr_array_index (requests, j);

          seen += g_str_equal (r->method, "DELETE") && g_strcmp0 (r->path, path) == 0;
        }
      g_assert_cmpuint (seen, ==, 1);
    }
  for (guint j = 0; j < requests->len; j++)
    n_deletes += g_str_equal (((RumbleFakeRequest *) g_ptr_array_index (requests, j))->method,
                              "DELETE");
  g_assert_cmpuint (n_deletes, ==, ids->len);
  rumble_fake_server_clear_faults (f->fake, NULL);
}

/* The people order is remembered in the settings, both ways. */
static void
test_people_sort_setting (Fixture       *f,
                          gconstpointer  data)
{
  GSettings *settings;
  ModeratoUserSidebar *sidebar;

  SKIP_WITHOUT_DISPLAY ();

  settings = moderato_application_get_settings (f->app);
  sidebar = sidebar_of (f);
  g_assert_cmpstr (moderato_user_sidebar_get_sort (sidebar), ==, "activity");

  gtk_widget_activate_action (GTK_WIDGET (sidebar), "sidebar.sort", "s", "name");
  {
    g_autofree char *stored = g_settings_get_string (settings, "people-sort");

    g_assert_cmpstr (stored, ==, "name");
  }
  g_settings_set_string (settings, "people-sort", "count");
  g_assert_cmpstr (moderato_user_sidebar_get_sort (sidebar), ==, "count");
  g_settings_reset (settings, "people-sort");
  g_assert_cmpstr (moderato_user_sidebar_get_sort (sidebar), ==, "activity");
}

/* The summary counts each outcome; no display needed. */
static void
test_summary (void)
{
  struct {
    ModeratoBulkDeleteTally tally;
    const char *expected;
  } cases[] = {
    { { 12, 1, 0 }, "12 deleted, 1 failed" },
    { { 3, 0, 2 }, "3 deleted, 2 may have happened" },
    { { 0, 2, 1 }, "2 failed, 1 may have happened" },
    { { 0, 0, 0 }, "No messages to delete" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *summary = moderato_bulk_delete_summary (&cases[i].tally);

      g_assert_cmpstr (summary, ==, cases[i].expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  test_ui_init ();

  g_test_add_func ("/ui/user-card/summary", test_summary);
#define ADD(path, login, func) \
  g_test_add ("/ui/user-card/" path, Fixture, login, test_ui_fixture_setup, func, \
              test_ui_fixture_teardown)
  ADD ("mute-state-from-records", MODERATOR, test_mute_state_from_records);
  ADD ("muted-for-stream", MODERATOR, test_muted_for_stream);
  ADD ("height-capped", MODERATOR, test_height_capped);
  ADD ("delete-their-messages", MODERATOR, test_delete_their_messages);
  ADD ("people-sort-setting", NULL, test_people_sort_setting);
#undef ADD

  return g_test_run ();
}
