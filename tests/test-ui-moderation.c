/* test-ui-moderation.c — moderation actions against the fake server, and their toasts
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "rumble-chat-api.h"
#include "rumble-error.h"
#include "rumble-fake-private.h"
#include "rumble-fake-server.h"
#include "moderato-application.h"
#include "moderato-moderation.h"
#include "moderato-user-card.h"
#include "moderato-user-row.h"
#include "moderato-user-sidebar.h"
#include "moderato-window.h"
#include "test-ui-requests.h"
#include "test-util.h"

#define STREAM RUMBLE_FAKE_DEFAULT_STREAM

static gboolean have_display;

typedef struct {
  RumbleFakeServer *fake;
  RumbleChatApi    *chat;
  char             *token;
  GtkWindow        *window;
  AdwToastOverlay  *overlay;
} Fixture;

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rumble_chat_api_connect_finish (RUMBLE_CHAT_API (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const char *account = data != NULL ? data : "MarigoldFinch";
  g_autoptr(GError) error = NULL;
  gboolean connected = FALSE;

  if (!have_display)
    return;

  f->fake = rumble_fake_server_new (0, &error);
  g_assert_no_error (error);
  f->token = rumble_fake_service_login (f->fake, account);
  g_assert_nonnull (f->token);

  f->chat = rumble_chat_api_new (STREAM);
  rumble_chat_api_set_chat_url (f->chat, rumble_fake_server_get_chat_url (f->fake));
  rumble_chat_api_set_site_url (f->chat, rumble_fake_server_get_url (f->fake));
  rumble_chat_api_set_backoff (f->chat, 50, 200, 200);
  rumble_chat_api_set_session (f->chat, f->token);
  rumble_chat_api_connect_async (f->chat, NULL, on_connected, &connected);
  test_wait_for_flag (&connected, 10000);

  f->window = GTK_WINDOW (gtk_window_new ());
  f->overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (f->overlay, gtk_label_new ("chat"));
  gtk_window_set_child (f->window, GTK_WIDGET (f->overlay));
  gtk_window_set_default_size (f->window, 600, 400);
  gtk_window_present (f->window);
  test_iterate_for (50);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (!have_display)
    return;

  gtk_window_destroy (f->window);
  rumble_chat_api_disconnect (f->chat);
  test_iterate_for (20);
  g_assert_finalize_object (f->chat);
  g_assert_finalize_object (f->fake);
  g_free (f->token);
}

/* The last logged request with @method on @path whose query (or path) contains @needle. */
static const RumbleFakeRequest *
find_request (Fixture    *f,
              const char *method,
              const char *path,
              const char *needle)
{
  return test_ui_find_request (f->fake, method, path, needle);
}

static const RumbleFakeRequest *
wait_request (Fixture    *f,
              const char *method,
              const char *path,
              const char *needle)
{
  return test_ui_wait_request (f->fake, method, path, needle);
}

static void
assert_field (const RumbleFakeRequest *r,
              const char              *name,
              const char              *expected)
{
  g_autofree char *value = rumble_fake_request_get_form_field (r, name);

  g_assert_cmpstr (value, ==, expected);
}

static void
assert_cookie (Fixture                 *f,
               const RumbleFakeRequest *r)
{
  g_autofree char *cookie = rumble_fake_request_get_cookie (r, "u_s");

  g_assert_cmpstr (cookie, ==, f->token);
}

static void
collect_label_text (GtkWidget *widget,
                    GString   *out)
{
  if (GTK_IS_LABEL (widget))
    {
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (out, '\n');
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_label_text (child, out);
}

/* Everything the overlay shows as text (the toasts and the "chat" child). */
static char *
overlay_text (Fixture *f)
{
  GString *out = g_string_new (NULL);

  collect_label_text (GTK_WIDGET (f->overlay), out);
  return g_string_free (out, FALSE);
}

typedef struct {
  Fixture    *f;
  const char *needle;
} ToastWait;

static gboolean
toast_shown (gpointer data)
{
  ToastWait *w = data;
  g_autofree char *text = overlay_text (w->f);

  return strstr (text, w->needle) != NULL;
}

static void
wait_toast (Fixture    *f,
            const char *needle)
{
  ToastWait w = { f, needle };
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!toast_shown (&w) && g_get_monotonic_time () < end)
    test_iterate_for (20);
  if (!toast_shown (&w))
    {
      g_autofree char *text = overlay_text (f);

      g_test_message ("overlay shows: %s", text);
    }
  g_assert_true (toast_shown (&w));
}

static void
assert_no_toast (Fixture *f)
{
  g_autofree char *text = overlay_text (f);

  g_assert_cmpstr (text, ==, "chat\n");
}

static char *
post_and_wait (Fixture    *f,
               const char *username,
               const char *text)
{
  char *id = rumble_fake_server_push_message (f->fake, STREAM, username, text);
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (rumble_chat_api_lookup_message (f->chat, id) == NULL && g_get_monotonic_time () < end)
    test_iterate_for (10);
  g_assert_nonnull (rumble_chat_api_lookup_message (f->chat, id));
  return id;
}

static gboolean
message_deleted (gpointer data)
{
  return rumble_message_get_deleted (data);
}

static gboolean
user_muted (gpointer data)
{
  return rumble_user_get_muted (data);
}

static gboolean
pinned_is (gpointer data)
{
  gpointer *args = data;

  return rumble_chat_api_get_pinned_message (args[0]) == args[1];
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  RumbleMessage *message;
  const RumbleFakeRequest *r;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  g_assert_true (rumble_chat_api_get_can_moderate (f->chat));
  id = post_and_wait (f, "Quillback_Tom", "delete me");
  message = rumble_chat_api_lookup_message (f->chat, id);
  g_assert_false (rumble_message_get_deleted (message));

  moderato_moderation_delete_message (f->chat, id, f->overlay, NULL);
  test_wait_until (message_deleted, message, 10000);

  path = g_strdup_printf ("/chat/api/chat/%s/message/%s", STREAM, id);
  r = find_request (f, "DELETE", path, NULL);
  g_assert_nonnull (r);
  assert_cookie (f, r);
  test_iterate_for (100);
  assert_no_toast (f);
}

static void
test_pin_unpin (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *id = NULL;
  RumbleMessage *message;
  const RumbleFakeRequest *r;
  gpointer args[2];

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  id = post_and_wait (f, "Quillback_Tom", "pin me");
  message = rumble_chat_api_lookup_message (f->chat, id);

  moderato_moderation_pin_message (f->chat, id, f->overlay, NULL);
  args[0] = f->chat;
  args[1] = message;
  test_wait_until (pinned_is, args, 10000);
  r = find_request (f, "POST", "/service.php", "name=chat.message.pin");
  g_assert_nonnull (r);
  assert_cookie (f, r);
  assert_field (r, "video_id", STREAM);
  assert_field (r, "message_id", id);

  /* "" = the pinned message. */
  moderato_moderation_unpin_message (f->chat, "", f->overlay, NULL);
  args[1] = NULL;
  test_wait_until (pinned_is, args, 10000);
  r = find_request (f, "POST", "/service.php", "name=chat.message.unpin");
  g_assert_nonnull (r);
  assert_field (r, "video_id", STREAM);
  assert_field (r, "message_id", id);

  test_iterate_for (100);
  assert_no_toast (f);
}

static void
test_mute_choices (Fixture       *f,
                   gconstpointer  data)
{
  static const struct {
    const char      *name;
    guint            duration;
    RumbleMuteScope  scope;
    const char      *duration_field;
    const char      *type_field;
  } choices[] = {
    { "ShortTimeout", RUMBLE_MUTE_FIVE_MINUTES, RUMBLE_MUTE_SCOPE_VIDEO, "300", "video" },
    { "StreamOnly", 0, RUMBLE_MUTE_SCOPE_VIDEO, NULL, "video" },
    { "GoneForGood", 0, RUMBLE_MUTE_SCOPE_TOTAL, NULL, "total" },
  };

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    {
      g_autofree char *id = post_and_wait (f, choices[i].name, "spam spam spam");
      RumbleMessage *message = rumble_chat_api_lookup_message (f->chat, id);
      RumbleUser *user = rumble_message_get_user (message);
      const RumbleFakeRequest *r;

      g_assert_nonnull (user);
      g_assert_false (rumble_user_get_muted (user));
      rumble_fake_server_clear_requests (f->fake);

      moderato_moderation_mute (f->chat, choices[i].name, RUMBLE_MUTE_ENTITY_USER,
                                choices[i].duration, choices[i].scope, f->overlay, NULL);
      /* The stream's mute_users event flags the user. */
      test_wait_until (user_muted, user, 10000);

      r = find_request (f, "POST", "/service.php", "name=moderation.mute");
      g_assert_nonnull (r);
      assert_cookie (f, r);
      assert_field (r, "user_to_mute", choices[i].name);
      assert_field (r, "entity_type", "user");
      assert_field (r, "video", STREAM);
      assert_field (r, "duration", choices[i].duration_field);
      assert_field (r, "type", choices[i].type_field);
    }

  test_iterate_for (100);
  assert_no_toast (f);
}

static void
test_unmute (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *id = NULL;
  RumbleUser *user;
  const RumbleFakeRequest *r;
  g_autofree char *record = NULL;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  id = post_and_wait (f, "Quillback_Tom", "noise");
  user = rumble_message_get_user (rumble_chat_api_lookup_message (f->chat, id));
  moderato_moderation_mute (f->chat, "Quillback_Tom", RUMBLE_MUTE_ENTITY_USER, 0,
                            RUMBLE_MUTE_SCOPE_VIDEO, f->overlay, NULL);
  test_wait_until (user_muted, user, 10000);

  rumble_fake_server_clear_requests (f->fake);
  moderato_moderation_unmute (f->chat, "Quillback_Tom", f->overlay, NULL);
  r = wait_request (f, "POST", "/service.php", "name=moderation.unmute");
  assert_cookie (f, r);
  record = rumble_fake_request_get_form_field (r, "record_id");
  g_assert_nonnull (record);
  g_assert_true (g_ascii_isdigit (record[0]));
  /* The record id came from the muting pages. */
  g_assert_nonnull (find_request (f, "GET", "/account/moderation/muting", NULL));

  test_iterate_for (200);
  assert_no_toast (f);
}

static void
test_failure_toast (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = NULL;
  RumbleUser *user;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  id = post_and_wait (f, "Quillback_Tom", "hello");
  user = rumble_message_get_user (rumble_chat_api_lookup_message (f->chat, id));

  /* A 403 with the server's reason; markup in it must show literally. */
  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = "moderation.mute", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 403,
    .body = "{\"errors\":[{\"code\":\"forbidden\",\"message\":\"Not allowed <b>here</b> & now\"}]}",
    .count = 1 });
  moderato_moderation_mute (f->chat, "Quillback_Tom", RUMBLE_MUTE_ENTITY_USER,
                            RUMBLE_MUTE_FIVE_MINUTES, RUMBLE_MUTE_SCOPE_VIDEO, f->overlay, NULL);
  wait_toast (f, "Could not mute “Quillback_Tom” for 5 minutes: Not allowed <b>here</b> & now.");
  g_assert_false (rumble_user_get_muted (user));
}

static void
test_ambiguous_toast (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *id = NULL;
  RumbleMessage *message;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  id = post_and_wait (f, "Quillback_Tom", "maybe delete me");
  message = rumble_chat_api_lookup_message (f->chat, id);

  /* The delete happens, but the answer is a 500: it may have happened. */
  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = "delete", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 500, .after_action = TRUE,
    .count = 1 });
  moderato_moderation_delete_message (f->chat, id, f->overlay, NULL);
  wait_toast (f, "The message may have been deleted");
  wait_toast (f, "Check the chat before trying again.");
  test_wait_until (message_deleted, message, 10000);
}

static void
test_rate_limit_toast (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *id = NULL;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  id = post_and_wait (f, "Quillback_Tom", "pin me later");
  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = "chat.message.pin", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 429,
    .headers = (const char *[]) { "Retry-After", "7", NULL }, .count = 1 });
  moderato_moderation_pin_message (f->chat, id, f->overlay, NULL);
  wait_toast (f, "Could not pin the message: Rumble is limiting actions. Try again in 7 seconds.");
}

static void
test_cancelled_is_silent (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *id = NULL;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  id = post_and_wait (f, "Quillback_Tom", "stay");
  g_cancellable_cancel (cancellable);
  moderato_moderation_delete_message (f->chat, id, f->overlay, cancellable);
  test_iterate_for (300);
  assert_no_toast (f);
  g_assert_false (rumble_message_get_deleted (rumble_chat_api_lookup_message (f->chat, id)));
}

static void
test_not_moderator (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = NULL;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  /* Quillback_Tom moderates nothing: the library refuses before sending. */
  g_assert_false (rumble_chat_api_get_can_moderate (f->chat));
  id = post_and_wait (f, "MarigoldFinch", "hi");
  rumble_fake_server_clear_requests (f->fake);
  moderato_moderation_delete_message (f->chat, id, f->overlay, NULL);
  wait_toast (f, "Could not delete the message");
  g_assert_null (find_request (f, "DELETE", NULL, NULL));
}

/* The sentences, without a server. */
static void
test_describe (void)
{
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x");
  g_autoptr(GError) denied = g_error_new_literal (RUMBLE_ERROR, RUMBLE_ERROR_PERMISSION,
                                                  "You are not a moderator here.");
  g_autoptr(GError) unclear = g_error_new_literal (RUMBLE_ERROR, RUMBLE_ERROR_AMBIGUOUS,
                                                   "timed out");
  g_autoptr(GError) empty = g_error_new_literal (RUMBLE_ERROR, RUMBLE_ERROR_HTTP, "");
  g_autofree char *s1 = NULL;
  g_autofree char *s2 = NULL;
  g_autofree char *s3 = NULL;
  g_autofree char *s4 = NULL;
  g_autofree char *s5 = NULL;
  g_autofree char *s6 = NULL;
  RumbleMuteEntity entity;
  RumbleMuteScope scope;

  g_assert_null (moderato_moderation_describe_failure (MODERATO_MODERATION_DELETE, NULL, 0,
                                                       RUMBLE_MUTE_SCOPE_VIDEO, cancelled));

  s1 = moderato_moderation_describe_failure (MODERATO_MODERATION_MUTE, "Tom", 0,
                                             RUMBLE_MUTE_SCOPE_TOTAL, denied);
  g_assert_cmpstr (s1, ==, "Could not mute “Tom” forever: You are not a moderator here.");
  s2 = moderato_moderation_describe_failure (MODERATO_MODERATION_MUTE, "Tom", 0,
                                             RUMBLE_MUTE_SCOPE_VIDEO, denied);
  g_assert_cmpstr (s2, ==, "Could not mute “Tom” for this stream: You are not a moderator here.");
  s3 = moderato_moderation_describe_failure (MODERATO_MODERATION_UNMUTE, "Tom", 0,
                                             RUMBLE_MUTE_SCOPE_VIDEO, unclear);
  g_assert_cmpstr (s3, ==, "“Tom” may have been unmuted: the answer was unclear (timed out). "
                           "Check the chat before trying again.");
  s4 = moderato_moderation_describe_failure (MODERATO_MODERATION_UNPIN, NULL, 0,
                                             RUMBLE_MUTE_SCOPE_VIDEO, empty);
  g_assert_cmpstr (s4, ==, "Could not unpin the message.");
  s5 = moderato_moderation_describe_failure (MODERATO_MODERATION_MUTE, "Tom", 600,
                                             RUMBLE_MUTE_SCOPE_VIDEO, denied);
  g_assert_cmpstr (s5, ==, "Could not mute “Tom” for 10 minutes: You are not a moderator here.");
  s6 = moderato_moderation_describe_failure (MODERATO_MODERATION_PIN, NULL, 0,
                                             RUMBLE_MUTE_SCOPE_VIDEO, unclear);
  g_assert_cmpstr (s6, ==, "The message may have been pinned: the answer was unclear (timed out). "
                           "Check the chat before trying again.");

  g_assert_true (moderato_moderation_parse_mute ("channel", "total", &entity, &scope));
  g_assert_cmpint (entity, ==, RUMBLE_MUTE_ENTITY_CHANNEL);
  g_assert_cmpint (scope, ==, RUMBLE_MUTE_SCOPE_TOTAL);
  g_assert_true (moderato_moderation_parse_mute ("user", "video", &entity, &scope));
  g_assert_cmpint (entity, ==, RUMBLE_MUTE_ENTITY_USER);
  g_assert_cmpint (scope, ==, RUMBLE_MUTE_SCOPE_VIDEO);
  g_assert_false (moderato_moderation_parse_mute ("group", "video", &entity, &scope));
  g_assert_false (moderato_moderation_parse_mute ("user", "week", &entity, &scope));
}


/* ---- The same through the window's actions, the user card and its toasts ---- */

typedef struct {
  RumbleFakeServer    *fake;
  ModeratoApplication *app;
  ModeratoWindow      *window;
} WinFixture;

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
account_login (ModeratoAccount *account,
               const char      *username,
               const char      *password)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  moderato_account_login_async (account, username, password, NULL, on_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (moderato_account_login_finish (account, result, NULL, &error));
  g_assert_no_error (error);
  /* Let the keyring store finish. */
  while (moderato_account_get_busy (account))
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
chat_ready (gpointer data)
{
  WinFixture *f = data;
  RumbleChatApi *chat = moderato_window_get_chat (f->window);

  return chat != NULL && rumble_chat_api_get_state (chat) == RUMBLE_CONNECTION_CONNECTED;
}

static gboolean
chat_can_moderate (gpointer data)
{
  WinFixture *f = data;
  RumbleChatApi *chat = moderato_window_get_chat (f->window);

  return chat_ready (f) && rumble_chat_api_get_can_moderate (chat) &&
         rumble_chat_api_get_session (chat) != NULL;
}

/* @data: "user:password" to log in with, or NULL. */
static void
win_setup (WinFixture    *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (!have_display)
    return;

  f->fake = rumble_fake_server_new (0, &error);
  g_assert_no_error (error);

  f->app = moderato_application_new ();
  g_application_set_flags (G_APPLICATION (f->app),
                           g_application_get_flags (G_APPLICATION (f->app)) | G_APPLICATION_NON_UNIQUE);
  moderato_application_set_server (f->app, rumble_fake_server_get_url (f->fake));
  g_application_register (G_APPLICATION (f->app), NULL, &error);
  g_assert_no_error (error);

  if (data != NULL)
    {
      g_auto(GStrv) login = g_strsplit (data, ":", 2);

      account_login (moderato_application_get_account (f->app), login[0], login[1]);
    }

  f->window = moderato_window_new (f->app);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 700);
  gtk_window_present (GTK_WINDOW (f->window));
  moderato_window_open_stream (f->window, STREAM);
  test_wait_until (chat_ready, f, 10000);
}

static void
win_teardown (WinFixture    *f,
              gconstpointer  data)
{
  if (!have_display)
    return;

  gtk_window_destroy (GTK_WINDOW (f->window));
  test_iterate_for (50);
  g_clear_object (&f->app);
  g_assert_finalize_object (g_steal_pointer (&f->fake));
}

static const RumbleFakeRequest *
win_find_request (WinFixture *f,
                  const char *method,
                  const char *path,
                  const char *needle)
{
  Fixture plain = { .fake = f->fake };

  return find_request (&plain, method, path, needle);
}

static char *
win_post (WinFixture *f,
          const char *username,
          const char *text)
{
  RumbleChatApi *chat = moderato_window_get_chat (f->window);
  char *id = rumble_fake_server_push_message (f->fake, STREAM, username, text);
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (rumble_chat_api_lookup_message (chat, id) == NULL && g_get_monotonic_time () < end)
    test_iterate_for (10);
  g_assert_nonnull (rumble_chat_api_lookup_message (chat, id));
  return id;
}

static GtkWidget *
find_descendant (GtkWidget  *widget,
                 GType       type,
                 const char *button_label)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type) &&
      (button_label == NULL ||
       (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), button_label) == 0)))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type, button_label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static ModeratoUserCard *
open_card (WinFixture *f,
           const char *user_id)
{
  ModeratoUserSidebar *sidebar;
  GtkWidget *card;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-user", "s", user_id));
  test_iterate_for (100);
  sidebar = MODERATO_USER_SIDEBAR (find_descendant (GTK_WIDGET (f->window), MODERATO_TYPE_USER_SIDEBAR, NULL));
  g_assert_nonnull (sidebar);
  card = find_descendant (GTK_WIDGET (sidebar), MODERATO_TYPE_USER_CARD, NULL);
  g_assert_nonnull (card);
  g_assert_true (gtk_widget_get_visible (card));
  g_assert_cmpstr (rumble_user_get_id (moderato_user_card_get_user (MODERATO_USER_CARD (card))), ==, user_id);
  return MODERATO_USER_CARD (card);
}

static void
test_window_actions (WinFixture    *f,
                     gconstpointer  data)
{
  RumbleChatApi *chat;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  RumbleMessage *message;
  RumbleUser *tom;
  ModeratoUserCard *card;
  GtkWidget *button;
  const RumbleFakeRequest *r;
  gpointer args[2];

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  test_wait_until (chat_can_moderate, f, 10000);
  chat = moderato_window_get_chat (f->window);

  /* Pin, unpin, delete through win.* (what the message menu activates). */
  id = win_post (f, "Quillback_Tom", "a message to moderate");
  message = rumble_chat_api_lookup_message (chat, id);
  args[0] = chat;
  args[1] = message;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.pin-message", "s", id));
  test_wait_until (pinned_is, args, 10000);
  r = win_find_request (f, "POST", "/service.php", "name=chat.message.pin");
  g_assert_nonnull (r);
  assert_field (r, "message_id", id);

  args[1] = NULL;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.unpin-message", "s", ""));
  test_wait_until (pinned_is, args, 10000);
  g_assert_nonnull (win_find_request (f, "POST", "/service.php", "name=chat.message.unpin"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-message", "s", id));
  test_wait_until (message_deleted, message, 10000);
  path = g_strdup_printf ("/chat/api/chat/%s/message/%s", STREAM, id);
  g_assert_nonnull (win_find_request (f, "DELETE", path, NULL));

  /* The user card: mute for 5 minutes, then unmute. */
  tom = rumble_message_get_user (message);
  card = open_card (f, rumble_user_get_id (tom));
  g_assert_true (moderato_user_card_get_can_moderate (card));
  button = find_descendant (GTK_WIDGET (card), GTK_TYPE_BUTTON, "Mute for 5 Minutes");
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  rumble_fake_server_clear_requests (f->fake);
  g_signal_emit_by_name (button, "clicked");
  test_wait_until (user_muted, tom, 10000);
  r = win_find_request (f, "POST", "/service.php", "name=moderation.mute");
  g_assert_nonnull (r);
  assert_field (r, "user_to_mute", "Quillback_Tom");
  assert_field (r, "duration", "300");
  assert_field (r, "type", "video");

  g_signal_emit_by_name (find_descendant (GTK_WIDGET (card), GTK_TYPE_BUTTON, "Unmute"), "clicked");
  r = NULL;
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while ((r = win_find_request (f, "POST", "/service.php", "name=moderation.unmute")) == NULL &&
           g_get_monotonic_time () < end)
      test_iterate_for (10);
  }
  g_assert_nonnull (r);

  /* This stream and forever through win.mute (the row menu's items); forever without its
   * question (test-ui-moderation-mode.c asks it). */
  g_settings_set_boolean (moderato_application_get_settings (f->app), "confirm-mute-forever",
                          FALSE);
  {
    static const struct { const char *name; const char *scope; const char *type; } more[] = {
      { "StreamOnly", "video", "video" },
      { "GoneForGood", "total", "total" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (more); i++)
      {
        g_autofree char *mid = win_post (f, more[i].name, "spam");
        RumbleUser *user = rumble_message_get_user (rumble_chat_api_lookup_message (chat, mid));

        rumble_fake_server_clear_requests (f->fake);
        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.mute", "(ssus)",
                                                   more[i].name, "user", 0, more[i].scope));
        test_wait_until (user_muted, user, 10000);
        r = win_find_request (f, "POST", "/service.php", "name=moderation.mute");
        g_assert_nonnull (r);
        assert_field (r, "user_to_mute", more[i].name);
        assert_field (r, "duration", NULL);
        assert_field (r, "type", more[i].type);
      }
  }
}

typedef struct {
  AdwToastOverlay *overlay;
  const char      *needle;
} WinToastWait;

static gboolean
win_toast_shown (gpointer data)
{
  WinToastWait *w = data;
  GString *out = g_string_new (NULL);
  gboolean found;

  collect_label_text (GTK_WIDGET (w->overlay), out);
  found = strstr (out->str, w->needle) != NULL;
  g_string_free (out, TRUE);
  return found;
}

static void
test_window_failure_toast (WinFixture    *f,
                           gconstpointer  data)
{
  g_autofree char *id = NULL;
  WinToastWait w;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  test_wait_until (chat_can_moderate, f, 10000);
  id = win_post (f, "Quillback_Tom", "fine");

  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = "chat.message.pin", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 403,
    .body = "{\"errors\":[{\"code\":\"403\",\"message\":\"Pinning is <i>off</i> in this chat\"}]}",
    .count = 1 });
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.pin-message", "s", id));
  w.overlay = moderato_window_get_toast_overlay (f->window);
  w.needle = "Could not pin the message: Pinning is <i>off</i> in this chat.";
  test_wait_until (win_toast_shown, &w, 10000);
  g_assert_true (rumble_chat_api_get_pinned_message (moderato_window_get_chat (f->window)) !=
                 rumble_chat_api_lookup_message (moderato_window_get_chat (f->window), id));
}

typedef struct {
  WinFixture *f;
  const char *before;
} RenewWait;

static gboolean
account_has_new_session (gpointer data)
{
  RenewWait *w = data;
  ModeratoAccount *account = moderato_application_get_account (w->f->app);
  g_autofree char *latest = rumble_fake_service_dup_latest_token (w->f->fake);

  return g_strcmp0 (moderato_account_get_session (account), w->before) != 0 &&
         g_strcmp0 (moderato_account_get_session (account), latest) == 0;
}

/* Rumble renews the cookie on a chat request: the account (and keyring) follow. */
static void
test_window_renewed_session (WinFixture    *f,
                             gconstpointer  data)
{
  ModeratoAccount *account = moderato_application_get_account (f->app);
  g_autofree char *before = NULL;
  g_autofree char *id = NULL;
  RenewWait w;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  test_wait_until (chat_can_moderate, f, 10000);
  before = g_strdup (moderato_account_get_session (account));
  id = win_post (f, "Quillback_Tom", "delete me");

  rumble_fake_service_renew_next (f->fake);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.pin-message", "s", id));
  w.f = f;
  w.before = before;
  test_wait_until (account_has_new_session, &w, 10000);
  g_assert_cmpstr (rumble_chat_api_get_session (moderato_window_get_chat (f->window)), ==,
                   moderato_account_get_session (account));
}

static gboolean
menu_offers (GMenuModel *menu,
             const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *a = NULL;
      g_autoptr(GMenuModel) link = NULL;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &a) &&
          g_str_equal (a, action))
        return TRUE;
      link = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      if (link != NULL && menu_offers (link, action))
        return TRUE;
      g_clear_object (&link);
      link = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SUBMENU);
      if (link != NULL && menu_offers (link, action))
        return TRUE;
    }
  return FALSE;
}

static void
collect_user_rows (GtkWidget *widget,
                   GPtrArray *rows)
{
  if (MODERATO_IS_USER_ROW (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_user_rows (child, rows);
}

/* Logged out, or logged in without moderator rights: no moderation anywhere. */
static void
test_window_hidden (WinFixture    *f,
                    gconstpointer  data)
{
  RumbleChatApi *chat;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *id = NULL;
  ModeratoUserCard *card;
  GtkWidget *button;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  chat = moderato_window_get_chat (f->window);
  id = win_post (f, "MarigoldFinch", "hello");
  test_iterate_for (100);
  g_assert_false (rumble_chat_api_get_can_moderate (chat) && rumble_chat_api_get_session (chat) != NULL);

  card = open_card (f, "87654321");
  g_assert_false (moderato_user_card_get_can_moderate (card));
  button = find_descendant (GTK_WIDGET (card), GTK_TYPE_BUTTON, "Mute Forever");
  g_assert_false (gtk_widget_get_mapped (button));
  /* The window's action is disabled, too. */
  g_assert_false (gtk_widget_is_sensitive (button));

  collect_user_rows (GTK_WIDGET (f->window), rows);
  g_assert_cmpuint (rows->len, >, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GMenuModel) menu = moderato_user_row_build_menu (rows->pdata[i]);

      g_assert_true (menu_offers (menu, "win.copy-username"));
      g_assert_false (menu_offers (menu, "win.mute"));
      g_assert_false (menu_offers (menu, "win.unmute"));
    }

  /* Activating anyway does nothing. */
  rumble_fake_server_clear_requests (f->fake);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-message", "s", id);
  test_iterate_for (200);
  g_assert_null (win_find_request (f, "DELETE", NULL, NULL));
  g_assert_false (rumble_message_get_deleted (rumble_chat_api_lookup_message (chat, id)));
}

/* A registered GtkApplication cannot be released before its process ends (GTK keeps a
 * reference until g_application_run () returns), and only one can be exported per id: each
 * window test runs in a child process of its own. */
typedef struct {
  const char *login;
  void      (*func) (WinFixture *f, gconstpointer data);
} WindowTest;

static void
run_window_test (gconstpointer data)
{
  const WindowTest *test = data;
  WinFixture f = { 0 };

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  win_setup (&f, test->login);
  test->func (&f, test->login);
  win_teardown (&f, test->login);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();

  g_test_add_func ("/ui/moderation/describe", test_describe);
#define ADD(path, account, func) \
  g_test_add ("/ui/moderation/" path, Fixture, account, fixture_setup, func, fixture_teardown)
  ADD ("delete", NULL, test_delete);
  ADD ("pin-unpin", NULL, test_pin_unpin);
  ADD ("mute-choices", NULL, test_mute_choices);
  ADD ("unmute", NULL, test_unmute);
  ADD ("failure-toast", NULL, test_failure_toast);
  ADD ("ambiguous-toast", NULL, test_ambiguous_toast);
  ADD ("rate-limit-toast", NULL, test_rate_limit_toast);
  ADD ("cancelled-is-silent", NULL, test_cancelled_is_silent);
  ADD ("not-moderator", "Quillback_Tom", test_not_moderator);
#undef ADD

  {
    static const WindowTest actions = { "MarigoldFinch:hunter2", test_window_actions };
    static const WindowTest failure = { "MarigoldFinch:hunter2", test_window_failure_toast };
    static const WindowTest renewed = { "MarigoldFinch:hunter2", test_window_renewed_session };
    static const WindowTest logged_out = { NULL, test_window_hidden };
    static const WindowTest not_moderator = { "Quillback_Tom:tomtom", test_window_hidden };

    g_test_add_data_func ("/ui/moderation/window/actions", &actions, run_window_test);
    g_test_add_data_func ("/ui/moderation/window/failure-toast", &failure, run_window_test);
    g_test_add_data_func ("/ui/moderation/window/renewed-session", &renewed, run_window_test);
    g_test_add_data_func ("/ui/moderation/window/hidden-logged-out", &logged_out, run_window_test);
    g_test_add_data_func ("/ui/moderation/window/hidden-not-moderator", &not_moderator, run_window_test);
  }

  return g_test_run ();
}
