/* test-ui-composer.c — the message entry on its own: counter, send, commands, emotes
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A ModeratoComposer in a plain window, given a chat on its own fake server with a session
 * for the demo account (no application, no ModeratoWindow).
 */
#include "config.h"

#include <adwaita.h>

#include "moderato-composer.h"
#include "rumble-fake-private.h"
#include "rumble-fake-server.h"
#include "test-ui-util.h"
#include "test-util.h"

#define STREAM RUMBLE_FAKE_DEFAULT_STREAM
#define MESSAGE_PATH "/chat/api/chat/" STREAM "/message"

typedef struct {
  RumbleFakeServer *fake;
  SoupSession      *session;
  RumbleChatApi    *chat;
  RumbleEmotes     *emotes;
  GtkWindow        *window;
  ModeratoComposer *composer;
  GtkEditable      *entry;
  GtkLabel         *char_count;
  GtkWidget        *send_button;
  GPtrArray        *failures;   /* the send-failed texts */
} ComposerTest;

static void
set_flag_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
record_failure_cb (ModeratoComposer *composer,
                   const char       *plain_text,
                   GPtrArray        *failures)
{
  g_ptr_array_add (failures, g_strdup (plain_text));
}

static GObject *
template_child (ComposerTest *t,
                const char   *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (t->composer), MODERATO_TYPE_COMPOSER, name);
}

static void
composer_setup (ComposerTest  *t,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  gboolean done = FALSE;

  if (!test_ui_have_display ())
    return;

  t->fake = rumble_fake_server_new (0, &error);
  g_assert_no_error (error);
  t->session = soup_session_new_with_options ("timeout", 0, NULL);

  t->chat = rumble_chat_api_new (STREAM);
  rumble_chat_api_set_soup_session (t->chat, t->session);
  rumble_chat_api_set_site_url (t->chat, rumble_fake_server_get_url (t->fake));
  rumble_chat_api_set_chat_url (t->chat, rumble_fake_server_get_chat_url (t->fake));
  token = rumble_fake_service_login (t->fake, "demo");
  rumble_chat_api_set_session (t->chat, token);
  rumble_chat_api_connect_async (t->chat, NULL, set_flag_cb, &done);
  test_wait_for_flag (&done, 10000);
  g_assert_cmpint (rumble_chat_api_get_state (t->chat), ==, RUMBLE_CONNECTION_CONNECTED);
  g_assert_cmpuint (rumble_chat_api_get_message_length_max (t->chat), ==, 200);

  /* The fake's catalogue: r+rumble, r+heart, r+laugh, r+fire, cedarwave, cedarhype. */
  t->emotes = rumble_emotes_new ();
  done = FALSE;
  rumble_emotes_fetch_async (t->emotes, t->session, rumble_fake_server_get_url (t->fake), STREAM,
                             NULL, set_flag_cb, &done);
  test_wait_for_flag (&done, 10000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (t->emotes)), ==, 6);

  t->composer = MODERATO_COMPOSER (moderato_composer_new ());
  t->entry = GTK_EDITABLE (template_child (t, "entry"));
  t->char_count = GTK_LABEL (template_child (t, "char_count"));
  t->send_button = GTK_WIDGET (template_child (t, "send_button"));
  g_assert_true (GTK_IS_ENTRY (t->entry));
  g_assert_true (GTK_IS_LABEL (t->char_count));
  g_assert_true (GTK_IS_BUTTON (t->send_button));

  t->failures = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (t->composer, "send-failed", G_CALLBACK (record_failure_cb), t->failures);

  moderato_composer_set_chat (t->composer, t->chat);
  moderato_composer_set_emotes (t->composer, t->emotes);
  moderato_composer_set_logged_in (t->composer, TRUE);

  t->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (t->window, 600, 60);
  gtk_window_set_child (t->window, GTK_WIDGET (t->composer));
  gtk_window_present (t->window);
  rumble_fake_server_clear_requests (t->fake);
}

static gboolean
composer_finalized (gpointer data)
{
  ComposerTest *t = data;

  return t->composer == NULL;
}

static void
composer_teardown (ComposerTest  *t,
                   gconstpointer  data)
{
  if (!test_ui_have_display ())
    return;

  /* A send still on its way holds the composer until its cancellation comes back. */
  g_object_add_weak_pointer (G_OBJECT (t->composer), (gpointer *) &t->composer);
  gtk_window_destroy (t->window);
  test_wait_until (composer_finalized, t, 5000);

  rumble_chat_api_disconnect (t->chat);
  test_iterate_for (50);
  g_assert_finalize_object (t->chat);
  g_assert_finalize_object (t->emotes);
  g_object_unref (t->session);
  g_object_unref (t->fake);
  g_ptr_array_unref (t->failures);
}

static gboolean
can_send (ComposerTest *t)
{
  /* The send button follows composer.send's enabled state. */
  return gtk_widget_get_sensitive (t->send_button);
}

static gboolean
has_error_style (ComposerTest *t)
{
  return gtk_widget_has_css_class (GTK_WIDGET (t->char_count), "error");
}

/* The counter says length/limit in characters (not bytes), turns red past the limit, and
 * sending needs a chat, an account and a text of 1 to message-length-max characters. */
static void
test_composer_counter (ComposerTest  *t,
                       gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (NULL);

  SKIP_WITHOUT_DISPLAY ();

  g_assert_cmpstr (gtk_label_get_label (t->char_count), ==, "0/200");
  g_assert_false (can_send (t));

  gtk_editable_set_text (t->entry, "héllo ✓");
  g_assert_cmpstr (gtk_label_get_label (t->char_count), ==, "7/200");
  g_assert_false (has_error_style (t));
  g_assert_true (can_send (t));

  for (guint i = 0; i < 199; i++)
    g_string_append (text, "é");
  g_string_append_c (text, '!');
  gtk_editable_set_text (t->entry, text->str);
  g_assert_cmpstr (gtk_label_get_label (t->char_count), ==, "200/200");
  g_assert_false (has_error_style (t));
  g_assert_true (can_send (t));

  g_string_append_c (text, '?');
  gtk_editable_set_text (t->entry, text->str);
  g_assert_cmpstr (gtk_label_get_label (t->char_count), ==, "201/200");
  g_assert_true (has_error_style (t));
  g_assert_false (can_send (t));
  /* Disabled: nothing goes out. */
  gtk_widget_activate_action (GTK_WIDGET (t->composer), "composer.send", NULL);
  test_iterate_for (100);
  g_assert_null (rumble_fake_server_find_request (t->fake, "POST", MESSAGE_PATH));

  gtk_editable_set_text (t->entry, "hi");
  g_assert_false (has_error_style (t));
  g_assert_true (can_send (t));

  moderato_composer_set_logged_in (t->composer, FALSE);
  g_assert_false (can_send (t));
  moderato_composer_set_logged_in (t->composer, TRUE);
  g_assert_true (can_send (t));

  /* Without a chat there is no limit to show and nowhere to send. */
  moderato_composer_set_chat (t->composer, NULL);
  g_assert_cmpstr (gtk_label_get_label (t->char_count), ==, "");
  g_assert_false (can_send (t));
  moderato_composer_set_chat (t->composer, t->chat);
  g_assert_cmpstr (gtk_label_get_label (t->char_count), ==, "2/200");
  g_assert_true (can_send (t));
}

static gboolean
entry_empty (gpointer data)
{
  ComposerTest *t = data;

  return *gtk_editable_get_text (t->entry) == '\0';
}

static gboolean
entry_editable (gpointer data)
{
  ComposerTest *t = data;

  return gtk_editable_get_editable (t->entry);
}

/* Enter sends the text to the chat; the entry is locked meanwhile and cleared after. */
static void
test_composer_send (ComposerTest  *t,
                    gconstpointer  data)
{
  const RumbleFakeRequest *request;

  SKIP_WITHOUT_DISPLAY ();

  gtk_editable_set_text (t->entry, "hello from the composer");
  g_signal_emit_by_name (t->entry, "activate");
  g_assert_false (gtk_editable_get_editable (t->entry));
  g_assert_false (can_send (t));

  test_wait_until (entry_empty, t, 10000);
  g_assert_true (gtk_editable_get_editable (t->entry));
  g_assert_cmpuint (t->failures->len, ==, 0);

  request = rumble_fake_server_find_request (t->fake, "POST", MESSAGE_PATH);
  g_assert_nonnull (request);
  g_assert_true (test_contains (g_bytes_get_data (request->body, NULL),
                                g_bytes_get_size (request->body), "hello from the composer"));
  g_assert_null (rumble_fake_server_find_request (t->fake, "POST", "/chat/command"));
  g_assert_false (can_send (t));
}

/* Sends @text and waits until the composer unlocks again: it must have said why it failed,
 * in a sentence starting with @prefix, and kept the draft. */
static void
send_expecting_failure (ComposerTest *t,
                        const char   *text,
                        const char   *prefix)
{
  guint before = t->failures->len;

  gtk_editable_set_text (t->entry, text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (t->composer), "composer.send", NULL));
  g_assert_false (gtk_editable_get_editable (t->entry));
  test_wait_until (entry_editable, t, 10000);

  g_assert_cmpuint (t->failures->len, ==, before + 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (t->failures, before), prefix));
  g_assert_cmpstr (gtk_editable_get_text (t->entry), ==, text);
  g_assert_true (can_send (t));
}

/* A refused send keeps the draft and says why through send-failed. */
static void
test_composer_send_failed (ComposerTest  *t,
                           gconstpointer  data)
{
  SKIP_WITHOUT_DISPLAY ();

  /* The window thinks it is logged in, but the chat lost its session. */
  rumble_chat_api_set_session (t->chat, NULL);
  send_expecting_failure (t, "lost words", "Could not send the message: ");
}

/* A text starting with "/" is a command for rumble.com/chat/command, not a message. */
static void
test_composer_command (ComposerTest  *t,
                       gconstpointer  data)
{
  const char *raid = "/raid http://127.0.0.1:9/c/cedarwave/live";
  const RumbleFakeRequest *request;
  g_autofree char *message = NULL;
  g_autofree char *video_id = NULL;

  SKIP_WITHOUT_DISPLAY ();

  gtk_editable_set_text (t->entry, raid);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (t->composer), "composer.send", NULL));
  test_wait_until (entry_empty, t, 10000);
  g_assert_cmpuint (t->failures->len, ==, 0);

  request = rumble_fake_server_find_request (t->fake, "POST", "/chat/command");
  g_assert_nonnull (request);
  message = rumble_fake_request_get_form_field (request, "message");
  video_id = rumble_fake_request_get_form_field (request, "video_id");
  g_assert_cmpstr (message, ==, raid);
  g_assert_cmpstr (video_id, ==, STREAM);
  g_assert_null (rumble_fake_server_find_request (t->fake, "POST", MESSAGE_PATH));

  /* A command the server refuses is reported as a command, and kept. */
  send_expecting_failure (t, "/raid", "Could not run the command: ");
}

/* Changing the chat while a send is on its way unlocks the entry at once and keeps the
 * draft; the dropped send's late answer neither reports a failure nor unlocks the entry
 * while the next send is on its way. */
static void
test_composer_chat_change (ComposerTest  *t,
                           gconstpointer  data)
{
  SKIP_WITHOUT_DISPLAY ();

  gtk_editable_set_text (t->entry, "too late");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (t->composer), "composer.send", NULL));
  g_assert_false (gtk_editable_get_editable (t->entry));

  moderato_composer_set_chat (t->composer, NULL);
  g_assert_true (gtk_editable_get_editable (t->entry));
  g_assert_cmpstr (gtk_editable_get_text (t->entry), ==, "too late");

  /* The next send never gets an answer: it stays on its way. */
  moderato_composer_set_chat (t->composer, t->chat);
  rumble_fake_server_add_fault (t->fake, &(RumbleFakeFault) {
    .route = "send", .kind = RUMBLE_FAKE_FAULT_STALL, .count = 1 });
  gtk_editable_set_text (t->entry, "in time");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (t->composer), "composer.send", NULL));
  test_iterate_for (500);
  g_assert_false (gtk_editable_get_editable (t->entry));
  g_assert_false (can_send (t));
  g_assert_cmpuint (t->failures->len, ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (t->entry), ==, "in time");
}

/* The completion's popup list, once it shows matches. */
static gboolean
completion_shown (gpointer data)
{
  GtkWidget *popover = test_ui_find_widget (data, GTK_TYPE_POPOVER);
  GtkWidget *tree = popover != NULL ? test_ui_find_widget (popover, GTK_TYPE_TREE_VIEW) : NULL;

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  return tree != NULL && gtk_widget_get_visible (popover) &&
         gtk_tree_view_get_model (GTK_TREE_VIEW (tree)) != NULL &&
         gtk_tree_model_iter_n_children (gtk_tree_view_get_model (GTK_TREE_VIEW (tree)), NULL) > 0;
G_GNUC_END_IGNORE_DEPRECATIONS
}

static GtkTreeView *
completion_list (ComposerTest *t)
{
  GtkWidget *popover = test_ui_find_widget (GTK_WIDGET (t->entry), GTK_TYPE_POPOVER);

  return GTK_TREE_VIEW (test_ui_find_widget (popover, GTK_TYPE_TREE_VIEW));
}

/* Typing ":r+he" offers ":r+heart:" from the catalogue, and picking it replaces the word
 * with the token and a space. */
static void
test_composer_emote_completion (ComposerTest  *t,
                                gconstpointer  data)
{
  GtkTreeView *tree;
  GtkTreeModel *matches;
  GtkTreeIter iter;
  g_autofree char *token = NULL;
  g_autoptr(GtkTreePath) path = NULL;

  SKIP_WITHOUT_DISPLAY ();

  test_iterate_for (300);
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (t->entry)));

  gtk_widget_grab_focus (GTK_WIDGET (t->entry));
  gtk_editable_set_text (t->entry, "so nice :r+he");
  gtk_editable_set_position (t->entry, -1);
  test_wait_until (completion_shown, t->entry, 5000);

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  tree = completion_list (t);
  matches = gtk_tree_view_get_model (tree);
  g_assert_cmpint (gtk_tree_model_iter_n_children (matches, NULL), ==, 1);
  g_assert_true (gtk_tree_model_get_iter_first (matches, &iter));
  gtk_tree_model_get (matches, &iter, 0, &token, -1);
  g_assert_cmpstr (token, ==, ":r+heart:");

  /* Picking it (a click or Enter on the row activates it). */
  path = gtk_tree_path_new_first ();
  gtk_tree_view_row_activated (tree, path, gtk_tree_view_get_column (tree, 0));
G_GNUC_END_IGNORE_DEPRECATIONS
  test_iterate_for (50);
  g_assert_cmpstr (gtk_editable_get_text (t->entry), ==, "so nice :r+heart: ");
  g_assert_cmpint (gtk_editable_get_position (t->entry), ==,
                   g_utf8_strlen ("so nice :r+heart: ", -1));

  /* ":cedar" offers both channel emotes; a word not starting with ':' offers none. */
  gtk_editable_set_text (t->entry, ":cedar");
  gtk_editable_set_position (t->entry, -1);
  test_wait_until (completion_shown, t->entry, 5000);
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  matches = gtk_tree_view_get_model (completion_list (t));
  g_assert_cmpint (gtk_tree_model_iter_n_children (matches, NULL), ==, 2);
G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_editable_set_text (t->entry, "r+he");
  gtk_editable_set_position (t->entry, -1);
  test_iterate_for (300);
  g_assert_false (completion_shown (t->entry));

  /* Without a catalogue, nothing is offered. */
  moderato_composer_set_emotes (t->composer, NULL);
  gtk_editable_set_text (t->entry, ":r+he");
  gtk_editable_set_position (t->entry, -1);
  test_iterate_for (300);
  g_assert_false (completion_shown (t->entry));
  gtk_editable_set_text (t->entry, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  test_ui_init ();

  g_test_add ("/moderato/composer/counter", ComposerTest, NULL,
              composer_setup, test_composer_counter, composer_teardown);
  g_test_add ("/moderato/composer/send", ComposerTest, NULL,
              composer_setup, test_composer_send, composer_teardown);
  g_test_add ("/moderato/composer/send-failed", ComposerTest, NULL,
              composer_setup, test_composer_send_failed, composer_teardown);
  g_test_add ("/moderato/composer/command", ComposerTest, NULL,
              composer_setup, test_composer_command, composer_teardown);
  g_test_add ("/moderato/composer/chat-change", ComposerTest, NULL,
              composer_setup, test_composer_chat_change, composer_teardown);
  g_test_add ("/moderato/composer/emote-completion", ComposerTest, NULL,
              composer_setup, test_composer_emote_completion, composer_teardown);

  return g_test_run ();
}
