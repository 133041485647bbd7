/* test-ui-markup.c — network text is shown literally, never parsed as Pango markup
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "moderato-application.h"
#include "moderato-chat-view.h"
#include "moderato-message-row.h"
#include "moderato-window.h"
#include "rumble-chat-api.h"
#include "rumble-fake-server.h"
#include "test-util.h"

#define STREAM RUMBLE_FAKE_DEFAULT_STREAM

#define EVIL_NAME  "<b>Bold</b>&Co<span foreground=\"red\">"
#define EVIL_TEXT  "<b>is this bold?</b> &amp; &lt; & <span size=\"xx-large\">big</span> <i>"
#define EVIL_BADGE "<i>Mod</i> & <u>co</u>"
#define EVIL_CHAN  "<big>Chan</big>&"

static gboolean have_display;

#define SKIP_WITHOUT_DISPLAY() \
  G_STMT_START { if (!have_display) { g_test_skip ("no display"); return; } } G_STMT_END

/* sse_init.json with one more badge, whose label is markup-like and has no icon. */
static char *
init_with_evil_badge (void)
{
  g_autofree char *text = test_load_fixture ("sse_init.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *config, *badges, *badge, *label;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  config = json_object_get_object_member (json_object_get_object_member (
    json_node_get_object (json_parser_get_root (parser)), "data"), "config");
  badges = json_object_get_object_member (config, "badges");

  badge = json_object_new ();
  label = json_object_new ();
  json_object_set_string_member (label, "en", EVIL_BADGE);
  json_object_set_object_member (badge, "label", label);
  json_object_set_object_member (badge, "icons", json_object_new ());
  json_object_set_object_member (badges, "evil", badge);

  json_generator_set_root (generator, json_parser_get_root (parser));
  return json_generator_to_data (generator, NULL);
}

static char *
evil_message_event (void)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "messages");
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);

  json_builder_set_member_name (b, "messages");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, "9001");
  json_builder_set_member_name (b, "time");
  json_builder_add_string_value (b, "2026-04-20T18:04:00+00:00");
  json_builder_set_member_name (b, "user_id");
  json_builder_add_string_value (b, "666");
  json_builder_set_member_name (b, "channel_id");
  json_builder_add_string_value (b, "667");
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, EVIL_TEXT);
  json_builder_end_object (b);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "users");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, "666");
  json_builder_set_member_name (b, "username");
  json_builder_add_string_value (b, EVIL_NAME);
  json_builder_set_member_name (b, "color");
  json_builder_add_string_value (b, "#ff0000");
  json_builder_set_member_name (b, "badges");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, "evil");
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "channels");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, "667");
  json_builder_set_member_name (b, "username");
  json_builder_add_string_value (b, EVIL_CHAN);
  json_builder_end_object (b);
  json_builder_end_array (b);

  json_builder_end_object (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
assert_literal (const char *shown)
{
  g_assert_nonnull (shown);
  g_assert_nonnull (strstr (shown, EVIL_NAME));
  g_assert_nonnull (strstr (shown, EVIL_TEXT));
}

static void
test_markup_row (void)
{
  g_autoptr(RumbleChatApi) chat = rumble_chat_api_new (STREAM);
  g_autofree char *init = init_with_evil_badge ();
  g_autofree char *event = evil_message_event ();
  RumbleMessage *message;
  GtkWidget *row;
  ModeratoMessageRow *r;
  const char *text;

  SKIP_WITHOUT_DISPLAY ();

  g_assert_true (rumble_chat_api_dispatch_event (chat, init, -1));
  g_assert_true (rumble_chat_api_dispatch_event (chat, event, -1));
  message = rumble_chat_api_lookup_message (chat, "9001");
  g_assert_nonnull (message);
  /* The library keeps the text as sent. */
  g_assert_cmpstr (rumble_message_get_text (message), ==, EVIL_TEXT);

  row = g_object_ref_sink (moderato_message_row_new ());
  r = MODERATO_MESSAGE_ROW (row);
  moderato_message_row_set_chat (r, chat);
  moderato_message_row_set_message (r, message);

  /* What is drawn: name, channel, badge label and text, each exactly as sent. */
  text = moderato_message_row_get_layout_text (r);
  assert_literal (text);
  g_assert_nonnull (strstr (text, EVIL_CHAN));
  g_assert_nonnull (strstr (text, EVIL_BADGE));

  /* What screen readers get. */
  assert_literal (moderato_message_row_get_accessible_text (r));

  /* Compact (pinned bar) mode uses the same path. */
  moderato_message_row_set_compact (r, TRUE);
  assert_literal (moderato_message_row_get_layout_text (r));

  /* And drawing it does not warn (a markup parse error would). */
  {
    GtkWidget *window = gtk_window_new ();

    gtk_window_set_child (GTK_WINDOW (window), row);
    gtk_window_present (GTK_WINDOW (window));
    test_iterate_for (100);
    gtk_window_set_child (GTK_WINDOW (window), NULL);
    gtk_window_destroy (GTK_WINDOW (window));
  }

  g_assert_finalize_object (row);
  g_assert_finalize_object (g_steal_pointer (&chat));
}

static RumbleFakeServer    *shared_fake;
static ModeratoApplication *shared_app;

static gboolean
chat_live (gpointer data)
{
  RumbleChatApi *chat = moderato_window_get_chat (data);

  return chat != NULL && rumble_chat_api_get_state (chat) == RUMBLE_CONNECTION_CONNECTED;
}

typedef struct {
  GtkWidget  *root;
  const char *id;
} FindRow;

static ModeratoMessageRow *
find_row (GtkWidget  *widget,
          const char *id)
{
  if (MODERATO_IS_MESSAGE_ROW (widget))
    {
      RumbleMessage *message = moderato_message_row_get_message (MODERATO_MESSAGE_ROW (widget));

      if (message != NULL && g_strcmp0 (rumble_message_get_id (message), id) == 0)
        return MODERATO_MESSAGE_ROW (widget);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      ModeratoMessageRow *row = find_row (child, id);

      if (row != NULL)
        return row;
    }

  return NULL;
}

/* The pinned-message bar's row. */
static ModeratoMessageRow *
find_compact_row (GtkWidget *widget)
{
  if (MODERATO_IS_MESSAGE_ROW (widget) && gtk_widget_has_css_class (widget, "compact"))
    return MODERATO_MESSAGE_ROW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      ModeratoMessageRow *row = find_compact_row (child);

      if (row != NULL)
        return row;
    }

  return NULL;
}

static gboolean
row_shown (gpointer data)
{
  FindRow *w = data;

  return find_row (w->root, w->id) != NULL;
}

static void
test_markup_window (void)
{
  ModeratoWindow *window;
  RumbleChatApi *chat;
  g_autofree char *id = NULL;
  g_autofree char *pin = NULL;
  ModeratoMessageRow *row;
  FindRow w;

  SKIP_WITHOUT_DISPLAY ();

  window = moderato_window_new (shared_app);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  gtk_window_present (GTK_WINDOW (window));

  /* An error page shows the input's reason in markup: it must arrive escaped. */
  moderato_window_open_stream (window, "<b>not a stream</b>");
  g_assert_cmpstr (moderato_window_get_page (window), ==, "error");

  moderato_window_open_stream (window, STREAM);
  test_wait_until (chat_live, window, 10000);
  chat = moderato_window_get_chat (window);

  /* The fake server sends the username and text as JSON strings. */
  id = rumble_fake_server_push_message (shared_fake, STREAM, EVIL_NAME, EVIL_TEXT);
  w = (FindRow) { GTK_WIDGET (moderato_window_get_chat_view (window)), id };
  test_wait_until (row_shown, &w, 10000);
  row = find_row (w.root, id);
  assert_literal (moderato_message_row_get_layout_text (row));
  assert_literal (moderato_message_row_get_accessible_text (row));

  /* Pinned: the bar above the list shows it literally too. */
  pin = g_strdup_printf ("{\"type\":\"pin_message\",\"data\":{\"message\":{\"id\":\"%s\","
                         "\"time\":\"2026-04-20T18:04:00+00:00\",\"user_id\":\"%s\",\"text\":%s}}}",
                         id, rumble_message_get_user_id (rumble_chat_api_lookup_message (chat, id)),
                         "\"" "<b>is this bold?</b> &amp; &lt; & <span size=\\\"xx-large\\\">big</span> <i>" "\"");
  g_assert_true (rumble_chat_api_dispatch_event (chat, pin, -1));
  test_iterate_for (100);
  g_assert_nonnull (rumble_chat_api_get_pinned_message (chat));
  {
    ModeratoMessageRow *pinned = find_compact_row (GTK_WIDGET (window));

    g_assert_nonnull (pinned);
    g_assert_true (moderato_message_row_get_message (pinned) == rumble_chat_api_get_pinned_message (chat));
    g_assert_nonnull (strstr (moderato_message_row_get_layout_text (pinned), EVIL_TEXT));
    g_assert_nonnull (strstr (moderato_message_row_get_layout_text (pinned), EVIL_NAME));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  test_iterate_for (50);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();
  if (have_display)
    {
      g_autoptr(GError) error = NULL;

      adw_init ();
      shared_fake = rumble_fake_server_new (0, &error);
      g_assert_no_error (error);
      shared_app = moderato_application_new ();
      g_application_set_flags (G_APPLICATION (shared_app), G_APPLICATION_NON_UNIQUE);
      moderato_application_set_server (shared_app, rumble_fake_server_get_url (shared_fake));
      g_application_register (G_APPLICATION (shared_app), NULL, &error);
      g_assert_no_error (error);
    }

  g_test_add_func ("/moderato/markup/row", test_markup_row);
  g_test_add_func ("/moderato/markup/window", test_markup_window);

  return g_test_run ();
}
