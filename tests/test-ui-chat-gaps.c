/* test-ui-chat-gaps.c — the chat marks where its connection dropped, and says when it is down
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "moderato-chat-gaps.h"
#include "moderato-chat-view.h"
#include "moderato-message-row.h"
#include "moderato-window.h"
#include "rumble-chat-api.h"
#include "rumble-fake-server.h"
#include "test-ui-util.h"
#include "test-util.h"

#define STREAM RUMBLE_FAKE_DEFAULT_STREAM

#define view_of(f) moderato_window_get_chat_view ((f)->window)
#define chat_of(f) moderato_window_get_chat (((Fixture *) (f))->window)

static gboolean
chat_live (gpointer data)
{
  RumbleChatApi *chat = chat_of (data);

  return chat != NULL && rumble_chat_api_get_state (chat) == RUMBLE_CONNECTION_CONNECTED &&
         g_list_model_get_n_items (rumble_chat_api_get_messages (chat)) > 0;
}

/* Opens the stream and posts one message; returns its id. */
static char *
open_with_message (Fixture *f)
{
  moderato_window_open_stream (f->window, STREAM);
  test_wait_until (chat_live, f, 10000);
  return test_ui_post_and_wait (f, "Quillback_Tom", "before the cut");
}

static gboolean
is_row_of (GtkWidget     *widget,
           gconstpointer  data)
{
  RumbleMessage *message;

  if (!MODERATO_IS_MESSAGE_ROW (widget) || !gtk_widget_get_mapped (widget))
    return FALSE;
  message = moderato_message_row_get_message (MODERATO_MESSAGE_ROW (widget));
  return message != NULL && g_strcmp0 (rumble_message_get_id (message), data) == 0;
}

/* The mapped row of message @id, or NULL. */
static ModeratoMessageRow *
row_of (Fixture    *f,
        const char *id)
{
  GtkWidget *row = test_ui_find_matching (GTK_WIDGET (view_of (f)), is_row_of, id);

  return row != NULL ? MODERATO_MESSAGE_ROW (row) : NULL;
}

static gboolean
has_other_divider (GtkWidget     *widget,
                   gconstpointer  data)
{
  return MODERATO_IS_MESSAGE_ROW (widget) && widget != data &&
         moderato_message_row_get_divider (MODERATO_MESSAGE_ROW (widget), NULL) != NULL;
}

typedef struct {
  Fixture    *f;
  const char *id;
  const char *needle;
} DividerWait;

static gboolean
divider_says (gpointer data)
{
  DividerWait *wait = data;
  ModeratoMessageRow *row = row_of (wait->f, wait->id);
  const char *text = row != NULL ? moderato_message_row_get_divider (row, NULL) : NULL;

  return text != NULL && strstr (text, wait->needle) != NULL;
}

/* Cuts the stream, pushes @n_during messages while it is down, and waits until the divider
 * under @before says how the reconnect went. Returns the divider's text. */
static const char *
cut_and_reconnect (Fixture    *f,
                   const char *before,
                   guint       n_during)
{
  DividerWait wait = { f, before, "Connection lost at " };
  ModeratoMessageRow *row;
  const char *text;
  gboolean above = TRUE;

  rumble_fake_server_close_streams (f->fake, STREAM);
  for (guint i = 0; i < n_during; i++)
    g_free (rumble_fake_server_push_message (f->fake, STREAM, "MarigoldFinch", "during the cut"));

  /* At once: where the cut is, before any reconnect (the first retry waits a second). */
  test_wait_until (divider_says, &wait, 5000);
  row = row_of (f, before);
  text = moderato_message_row_get_divider (row, &above);
  g_assert_false (above);
  g_assert_null (strchr (text, '\n'));
  g_assert_true (g_regex_match_simple ("^Connection lost at \\d\\d:\\d\\d:\\d\\d$", text, 0, 0));

  wait.needle = "Reconnected after ";
  test_wait_until (divider_says, &wait, 10000);
  test_iterate_for (200);
  row = row_of (f, before);
  g_assert_nonnull (row);
  /* Only this row marks the gap. */
  g_assert_null (test_ui_find_matching (GTK_WIDGET (view_of (f)), has_other_divider, row));
  return moderato_message_row_get_divider (row, NULL);
}

/* The divider sits between the last message before the cut and the first one after. */
static void
assert_between (Fixture    *f,
                const char *before)
{
  GListModel *messages = rumble_chat_api_get_messages (chat_of (f));
  ModeratoMessageRow *row = row_of (f, before);
  g_autoptr(RumbleMessage) next = NULL;
  ModeratoMessageRow *next_row;
  graphene_rect_t a, b;
  guint position = 0;

  for (; position < g_list_model_get_n_items (messages); position++)
    {
      g_autoptr(RumbleMessage) m = g_list_model_get_item (messages, position);

      if (g_strcmp0 (rumble_message_get_id (m), before) == 0)
        break;
    }
  g_assert_cmpuint (position + 1, <, g_list_model_get_n_items (messages));
  next = g_list_model_get_item (messages, position + 1);
  g_assert_cmpstr (rumble_message_get_text (next), ==, "during the cut");

  next_row = row_of (f, rumble_message_get_id (next));
  g_assert_nonnull (next_row);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (row), GTK_WIDGET (view_of (f)), &a));
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (next_row), GTK_WIDGET (view_of (f)), &b));
  g_assert_cmpfloat (a.origin.y + a.size.height, <=, b.origin.y + 0.5);
  /* The divider adds its own height to the row, under the message. */
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (row)), >,
                   gtk_widget_get_height (GTK_WIDGET (next_row)));
}

static void
test_gap_recovered (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *before = NULL;
  const char *text;

  SKIP_WITHOUT_DISPLAY ();

  before = open_with_message (f);
  text = cut_and_reconnect (f, before, 4);
  g_assert_true (g_regex_match_simple ("^Connection lost at \\d\\d:\\d\\d:\\d\\d\\n"
                                       "Reconnected after \\d+ s — 4 messages recovered from the "
                                       "backlog$", text, 0, 0));
  assert_between (f, before);
}

static void
test_gap_backlog_short (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *before = NULL;
  const char *text;

  SKIP_WITHOUT_DISPLAY ();

  before = open_with_message (f);
  /* Six messages during the cut, three in the backlog: it cannot reach back. */
  rumble_fake_server_set_backlog_len (f->fake, 3);
  text = cut_and_reconnect (f, before, 6);
  rumble_fake_server_set_backlog_len (f->fake, 50);
  g_assert_true (g_regex_match_simple ("\\nReconnected after \\d+ s — 3 messages recovered; "
                                       "messages sent during the gap may be missing$",
                                       text, 0, 0));
}

/* The divider's wording: plural-correct, local time. */
static void
test_gap_describe (void)
{
  gint64 lost_at = G_GINT64_CONSTANT (1776708251) * G_USEC_PER_SEC;
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (1776708251);
  g_autofree char *hms = g_date_time_format (local, "%H:%M:%S");
  g_autofree char *open = moderato_chat_gap_describe (lost_at, 0, 0, TRUE);
  g_autofree char *one = moderato_chat_gap_describe (lost_at, lost_at + 29 * G_USEC_PER_SEC, 1,
                                                     TRUE);
  g_autofree char *none = moderato_chat_gap_describe (lost_at, lost_at + 125 * G_USEC_PER_SEC, 0,
                                                      TRUE);
  g_autofree char *lost = moderato_chat_gap_describe (lost_at, lost_at + 2 * G_USEC_PER_SEC, 0,
                                                      FALSE);
  g_autofree char *expected = g_strdup_printf ("Connection lost at %s", hms);

  g_assert_cmpstr (open, ==, expected);
  g_assert_true (g_str_has_suffix (one, "\nReconnected after 29 s — 1 message recovered from "
                                   "the backlog"));
  g_assert_true (g_str_has_suffix (none, "\nReconnected after 2 min 5 s — no messages were "
                                   "missed"));
  g_assert_true (g_str_has_suffix (lost, "\nReconnected after 2 s — messages sent during the "
                                   "gap may be missing"));
}

/* Gaps keyed by message: a trimmed message takes its gap along; an empty chat's gap waits. */
static void
test_gap_table (void)
{
  g_autoptr(ModeratoChatGaps) gaps = moderato_chat_gaps_new ();
  g_autoptr(RumbleChatApi) chat = rumble_chat_api_new (STREAM);
  gboolean above = TRUE;

  g_assert_null (moderato_chat_gaps_lost (gaps, G_USEC_PER_SEC, NULL));
  g_assert_true (moderato_chat_gaps_has_waiting (gaps));
  g_assert_null (moderato_chat_gaps_reconnected (gaps, G_USEC_PER_SEC, 2, TRUE,
                                                 5 * G_USEC_PER_SEC));
  g_assert_true (moderato_chat_gaps_place_waiting (gaps, "7"));
  g_assert_false (moderato_chat_gaps_has_waiting (gaps));
  g_assert_nonnull (strstr (moderato_chat_gaps_lookup (gaps, "7", &above),
                            "4 s — 2 messages recovered"));
  g_assert_true (above);

  g_assert_cmpstr (moderato_chat_gaps_lost (gaps, 9 * G_USEC_PER_SEC, "8"), ==, "8");
  g_assert_nonnull (moderato_chat_gaps_lookup (gaps, "8", &above));
  g_assert_false (above);
  g_assert_cmpuint (moderato_chat_gaps_get_n_placed (gaps), ==, 2);

  /* Neither message is in this chat: both go, and the open gap is closed by no one. */
  moderato_chat_gaps_prune (gaps, chat);
  g_assert_cmpuint (moderato_chat_gaps_get_n_placed (gaps), ==, 0);
  g_assert_null (moderato_chat_gaps_reconnected (gaps, 9 * G_USEC_PER_SEC, 0, TRUE,
                                                 10 * G_USEC_PER_SEC));
}

/* The status line under the list */

static gboolean
has_class (GtkWidget     *widget,
           gconstpointer  data)
{
  return gtk_widget_has_css_class (widget, data);
}

static GtkWidget *
status_line (Fixture *f)
{
  GtkWidget *box = test_ui_find_matching (GTK_WIDGET (view_of (f)), has_class, "chat-status");

  g_assert_nonnull (box);
  return box;
}

static gboolean
status_shown (gpointer data)
{
  GtkWidget *revealer = gtk_widget_get_parent (status_line (data));

  return gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)) &&
         gtk_widget_get_mapped (status_line (data));
}

static gboolean
status_gone (gpointer data)
{
  return !status_shown (data);
}

static gboolean
status_hidden (gpointer data)
{
  return !gtk_widget_get_visible (gtk_widget_get_parent (status_line (data)));
}

static const char *
status_text (Fixture *f)
{
  GtkWidget *label = test_ui_find_widget (status_line (f), GTK_TYPE_LABEL);

  return gtk_label_get_text (GTK_LABEL (label));
}

static void
test_status_line (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *before = NULL;
  GtkWidget *list;
  graphene_rect_t list_bounds, status_bounds;

  SKIP_WITHOUT_DISPLAY ();

  before = open_with_message (f);
  test_wait_until (status_hidden, f, 5000);
  g_assert_true (status_gone (f));

  /* Every reconnect fails for a while: the chat says so under its list. */
  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = RUMBLE_FAKE_ROUTE_STREAM, .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 503,
    .count = 1000 });
  rumble_fake_server_close_streams (f->fake, STREAM);
  test_wait_until (status_shown, f, 5000);
  test_iterate_for (300);
  g_assert_true (g_str_has_prefix (status_text (f), "Reconnecting…"));

  /* It never covers the newest message: the list ends where it starts. */
  list = GTK_WIDGET (moderato_chat_view_get_list_view (view_of (f)));
  g_assert_true (gtk_widget_compute_bounds (gtk_widget_get_parent (list),
                                            GTK_WIDGET (view_of (f)), &list_bounds));
  g_assert_true (gtk_widget_compute_bounds (status_line (f), GTK_WIDGET (view_of (f)),
                                            &status_bounds));
  g_assert_cmpfloat (status_bounds.size.height, >, 0);
  g_assert_cmpfloat (list_bounds.origin.y + list_bounds.size.height, <=,
                     status_bounds.origin.y + 0.5);

  /* Retry from the line itself, now that the server answers again: it goes. */
  rumble_fake_server_clear_faults (f->fake, NULL);
  gtk_widget_activate (test_ui_find_widget (status_line (f), GTK_TYPE_BUTTON));
  test_wait_until (status_gone, f, 10000);
  g_assert_cmpint (rumble_chat_api_get_state (chat_of (f)), ==, RUMBLE_CONNECTION_CONNECTED);
  /* Once faded out, it takes no height from the list. */
  test_wait_until (status_hidden, f, 5000);
}

static gboolean
status_not_live (gpointer data)
{
  return status_shown (data) &&
         g_strcmp0 (status_text (data), "The stream is not live; waiting for it to start") == 0;
}

static void
test_status_not_live (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *before = NULL;

  SKIP_WITHOUT_DISPLAY ();

  before = open_with_message (f);
  /* The stream ends: reconnecting first, then the server says it is not live. */
  rumble_fake_server_set_live (f->fake, STREAM, FALSE);
  test_wait_until (status_not_live, f, 10000);
  g_assert_true (status_shown (f));
  rumble_fake_server_set_live (f->fake, STREAM, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view_of (f)), "win.retry-connect",
                                             NULL));
  test_wait_until (status_gone, f, 10000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  test_ui_init ();

  g_test_add_func ("/moderato/chat-gaps/describe", test_gap_describe);
  g_test_add_func ("/moderato/chat-gaps/table", test_gap_table);
#define ADD(path, func) \
  g_test_add ("/moderato/chat-gaps/" path, Fixture, NULL, test_ui_fixture_setup, func, \
              test_ui_fixture_teardown)
  ADD ("recovered", test_gap_recovered);
  ADD ("backlog-short", test_gap_backlog_short);
  ADD ("status-line", test_status_line);
  ADD ("status-not-live", test_status_not_live);

  return g_test_run ();
}
