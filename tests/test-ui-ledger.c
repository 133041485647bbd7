/* test-ui-ledger.c — the ledger in the window, on the fake server: what is recorded, the
 * user card's history, the moderation log, search, the banner and the stream report
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "moderato-attention-lane.h"
#include "moderato-ledger-banner.h"
#include "moderato-ledger-private.h"
#include "moderato-moderation-log.h"
#include "moderato-search-page.h"
#include "moderato-stream-report.h"
#include "moderato-user-card.h"
#include "moderato-user-history.h"
#include "moderato-user-sidebar.h"
#include "rumble-fake-server.h"
#include "test-ui-util.h"
#include "test-util.h"

#define STREAM RUMBLE_FAKE_DEFAULT_STREAM
#define MODERATOR "demo:demo"

/* ---- Helpers -------------------------------------------------------------------------- */

static gboolean
have_ledger (gpointer data)
{
  Fixture *f = data;

  return moderato_application_get_ledger (f->app) != NULL;
}

static ModeratoLedger *
ledger_of (Fixture *f)
{
  test_wait_until (have_ledger, f, 10000);
  g_assert_nonnull (moderato_application_get_ledger (f->app));
  return moderato_application_get_ledger (f->app);
}

static gboolean
chat_moderates (gpointer data)
{
  Fixture *f = data;
  RumbleChatApi *chat = moderato_window_get_chat (f->window);

  return chat != NULL && rumble_chat_api_get_state (chat) == RUMBLE_CONNECTION_CONNECTED &&
         rumble_chat_api_get_can_moderate (chat);
}

static gboolean
chat_connected (gpointer data)
{
  Fixture *f = data;
  RumbleChatApi *chat = moderato_window_get_chat (f->window);

  return chat != NULL && rumble_chat_api_get_state (chat) == RUMBLE_CONNECTION_CONNECTED;
}

static RumbleChatApi *
open_stream (Fixture  *f,
             gboolean  moderate)
{
  ledger_of (f);
  moderato_window_open_stream (f->window, STREAM);
  test_wait_until (moderate ? chat_moderates : chat_connected, f, 10000);
  test_iterate_for (50);
  return moderato_window_get_chat (f->window);
}

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  test_wait_until (is_set, slot, 10000);
  g_assert_nonnull (*slot);
  return *slot;
}

static void
flush (ModeratoLedger *ledger)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  moderato_ledger_flush_async (ledger, NULL, on_result, &slot);
  result = wait_result (&slot);
  g_assert_true (moderato_ledger_flush_finish (ledger, result, &error));
  g_assert_no_error (error);
}

static GPtrArray *
search (ModeratoLedger *ledger,
        const char     *query)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *found;

  flush (ledger);
  moderato_ledger_search_async (ledger, query, NULL, 0, NULL, on_result, &slot);
  result = wait_result (&slot);
  found = moderato_ledger_search_finish (ledger, result, &error);
  g_assert_no_error (error);
  return found;
}

/* The log's entries for @action and @user_name once everything queued is written. */
static GPtrArray *
log_now (ModeratoLedger *ledger,
         const char     *action,
         const char     *user_name)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GPtrArray *entries;

  flush (ledger);
  moderato_ledger_log_async (ledger, action, user_name, NULL, 0, NULL, on_result, &slot);
  result = wait_result (&slot);
  entries = moderato_ledger_log_finish (ledger, result, NULL);
  g_assert_nonnull (entries);
  return entries;
}

/* The log entry of the action on @message_id (or on @user_name), once it has an outcome. */
static ModeratoLedgerEntry *
wait_entry (ModeratoLedger *ledger,
            const char     *action,
            const char     *message_id,
            const char     *user_name)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    {
      g_autoptr(GPtrArray) entries = log_now (ledger, action, user_name);

      for (guint i = 0; i < entries->len; i++)
        {
          ModeratoLedgerEntry *entry = g_ptr_array_index (entries, i);

          /* Ours, not the same mute seen in the stream. */
          if ((message_id == NULL || g_strcmp0 (entry->message_id, message_id) == 0) &&
              entry->outcome != MODERATO_LEDGER_OUTCOME_PENDING &&
              entry->outcome != MODERATO_LEDGER_OUTCOME_SEEN)
            return g_ptr_array_steal_index (entries, i);
        }
      test_iterate_for (50);
    }
  g_assert_not_reached ();
}

/* Waits until @n of @action on @user_name have their outcome; returns them. */
static GPtrArray *
wait_outcomes (ModeratoLedger *ledger,
               const char     *action,
               const char     *user_name,
               guint           n)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    {
      g_autoptr(GPtrArray) entries = log_now (ledger, action, user_name);
      guint finished = 0;

      for (guint i = 0; i < entries->len; i++)
        finished += ((ModeratoLedgerEntry *) g_ptr_array_index (entries, i))->outcome !=
                    MODERATO_LEDGER_OUTCOME_PENDING;
      if (finished >= n)
        {
          g_assert_cmpuint (entries->len, ==, n);
          return g_steal_pointer (&entries);
        }
      test_iterate_for (50);
    }
  g_assert_not_reached ();
}

static gboolean
label_has (GtkWidget     *widget,
           gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), data) != NULL;
}

static gboolean
window_shows_cb (gpointer data)
{
  gpointer *args = data;

  return test_ui_find_matching (args[0], label_has, args[1]) != NULL;
}

/* Waits until a drawn label under @widget contains @needle. */
static void
wait_text (GtkWidget  *widget,
           const char *needle)
{
  gpointer args[] = { widget, (gpointer) needle };

  test_wait_until (window_shows_cb, args, 10000);
  if (!window_shows_cb (args))
    g_error ("never shown: %s", needle);
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  data)
{
  const char *label;

  if (!GTK_IS_BUTTON (widget) || !gtk_widget_is_drawable (widget))
    return FALSE;
  label = gtk_button_get_label (GTK_BUTTON (widget));
  return label != NULL && g_str_equal (label, data);
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  GtkWidget *button = test_ui_find_matching (widget, is_button_labelled, label);

  g_assert_nonnull (button);
  return button;
}

static gboolean
is_named (GtkWidget     *widget,
          gconstpointer  data)
{
  return g_strcmp0 (gtk_widget_get_name (widget), data) == 0;
}

static void
assert_accel (Fixture    *f,
              const char *action,
              const char *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (f->app),
                                                                action);
  guint key, wanted_key;
  GdkModifierType mods, wanted_mods;

  g_assert_nonnull (accels[0]);
  g_assert_true (gtk_accelerator_parse (accels[0], &key, &mods));
  g_assert_true (gtk_accelerator_parse (accel, &wanted_key, &wanted_mods));
  g_assert_cmpuint (gdk_keyval_to_lower (key), ==, wanted_key);
  g_assert_cmpuint (mods, ==, wanted_mods);
}

/* A `messages` event on @chat: one message of @username (id @user_id). */
static void
post (RumbleChatApi *chat,
      const char    *message_id,
      const char    *user_id,
      const char    *username,
      const char    *text)
{
  g_autofree char *json = NULL;

  json = g_strdup_printf ("{\"type\":\"messages\",\"data\":{\"messages\":[{\"id\":\"%s\","
                          "\"time\":\"2026-04-20T18:05:00+00:00\",\"user_id\":\"%s\","
                          "\"text\":\"%s\",\"type\":\"regular\"}],"
                          "\"users\":[{\"id\":\"%s\",\"username\":\"%s\",\"badges\":[]}]}}",
                          message_id, user_id, text, user_id, username);
  g_assert_true (rumble_chat_api_dispatch_event (chat, json, -1));
}

/* Opens another ledger for the app (Remember Chats off, the path, on again). */
static void
switch_ledger (Fixture    *f,
               const char *path)
{
  GSettings *settings = moderato_application_get_settings (f->app);

  ledger_of (f);
  g_settings_set_boolean (settings, "ledger-record", FALSE);
  g_assert_null (moderato_application_get_ledger (f->app));
  moderato_application_set_ledger_path (f->app, path);
  g_settings_set_boolean (settings, "ledger-record", TRUE);
  ledger_of (f);
}

static char *
temp_path (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("moderato-ui-ledger-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (dir, name, NULL);
}

static gboolean
has_tooltip (GtkWidget     *widget,
             gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), data) == 0;
}

static ModeratoLedgerBanner *
banner_of (Fixture *f)
{
  return MODERATO_LEDGER_BANNER (test_ui_find_widget (GTK_WIDGET (f->window),
                                                      MODERATO_TYPE_LEDGER_BANNER));
}

static gboolean
banner_shown (gpointer data)
{
  return moderato_ledger_banner_get_text (banner_of (data)) != NULL;
}

/* ---- Tests ------------------------------------------------------------------------------ */

/* The app records by default, in the fixture's temporary ledger, what the window receives. */
static void
test_records_messages (Fixture       *f,
                       gconstpointer  data)
{
  ModeratoLedger *ledger;
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) found = NULL;
  ModeratoLedgerMessage *message;

  SKIP_WITHOUT_DISPLAY ();

  ledger = ledger_of (f);
  g_assert_true (g_str_has_prefix (moderato_ledger_get_path (ledger), g_get_tmp_dir ()));
  g_assert_cmpint (moderato_ledger_get_state (ledger), ==, MODERATO_LEDGER_RECORDING);

  open_stream (f, FALSE);
  id = test_ui_post_and_wait (f, "Ledger_Lark", "remembered by the ledger zanzibar");
  found = search (ledger, "zanzibar");
  g_assert_cmpuint (found->len, ==, 1);
  message = g_ptr_array_index (found, 0);
  g_assert_cmpstr (message->id, ==, id);
  g_assert_cmpstr (message->stream_id, ==, STREAM);
  g_assert_cmpstr (message->user_name, ==, "Ledger_Lark");
}

/* A stream opened from its video link: the title the locator learnt is in the ledger. */
static void
test_records_title (Fixture       *f,
                    gconstpointer  data)
{
  ModeratoLedger *ledger;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ModeratoLedgerReport) report = NULL;

  SKIP_WITHOUT_DISPLAY ();

  ledger = ledger_of (f);
  rumble_fake_server_add_video (f->fake, "v6xyz12", "v5abcde", STREAM);
  moderato_window_open_stream (f->window, "https://rumble.com/v6xyz12-friday-night-build.html");
  test_wait_until (chat_connected, f, 10000);
  g_free (test_ui_post_and_wait (f, "Ledger_Lark", "a message so the stream has a row"));
  flush (ledger);

  moderato_ledger_report_async (ledger, STREAM, NULL, on_result, &slot);
  result = wait_result (&slot);
  report = moderato_ledger_report_finish (ledger, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->title, ==, "Friday night build");
}

/* Each action from the window is in the ledger with its outcome. */
static void
test_records_actions (Fixture       *f,
                      gconstpointer  data)
{
  ModeratoLedger *ledger;
  g_autofree char *done_id = NULL;
  g_autofree char *refused_id = NULL;
  g_autofree char *maybe_id = NULL;
  g_autoptr(ModeratoLedgerEntry) done = NULL;
  g_autoptr(ModeratoLedgerEntry) refused = NULL;
  g_autoptr(ModeratoLedgerEntry) maybe = NULL;
  g_autoptr(ModeratoLedgerEntry) mute = NULL;

  SKIP_WITHOUT_DISPLAY ();

  open_stream (f, TRUE);
  ledger = ledger_of (f);
  done_id = test_ui_post_and_wait (f, "Action_Auk", "delete me, it works");
  refused_id = test_ui_post_and_wait (f, "Action_Auk", "delete me, refused");
  maybe_id = test_ui_post_and_wait (f, "Action_Auk", "delete me, maybe");

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-message", "s", done_id);
  done = wait_entry (ledger, "delete", done_id, NULL);
  g_assert_cmpint (done->outcome, ==, MODERATO_LEDGER_OUTCOME_DONE);
  g_assert_cmpstr (done->account, ==, "demo");
  g_assert_cmpstr (done->stream_id, ==, STREAM);
  g_assert_cmpstr (done->user_name, ==, "Action_Auk");

  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = "delete", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 403,
    .body = "{\"errors\":[{\"code\":\"forbidden\",\"message\":\"Not your chat\"}]}",
    .count = 1 });
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-message", "s", refused_id);
  refused = wait_entry (ledger, "delete", refused_id, NULL);
  g_assert_cmpint (refused->outcome, ==, MODERATO_LEDGER_OUTCOME_REFUSED);
  g_assert_nonnull (strstr (refused->reason, "Not your chat"));

  /* The delete happens, the answer is lost: ambiguous. */
  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = "delete", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 500, .after_action = TRUE,
    .count = 1 });
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-message", "s", maybe_id);
  maybe = wait_entry (ledger, "delete", maybe_id, NULL);
  g_assert_cmpint (maybe->outcome, ==, MODERATO_LEDGER_OUTCOME_AMBIGUOUS);

  /* A mute: its duration and scope. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.mute", "(ssus)", "Action_Auk", "user",
                              300, "video");
  mute = wait_entry (ledger, "mute", NULL, "Action_Auk");
  g_assert_cmpint (mute->outcome, ==, MODERATO_LEDGER_OUTCOME_DONE);
  g_assert_cmpuint (mute->duration_s, ==, 300);
  g_assert_cmpstr (mute->scope, ==, "video");
  rumble_fake_server_clear_faults (f->fake, NULL);
}

/* The card's History section: counts from a pre-filled ledger, and the note saves. */
static void
test_card_history (Fixture       *f,
                   gconstpointer  data)
{
  ModeratoLedger *ledger;
  g_autoptr(RumbleChatApi) past = rumble_chat_api_new ("777000");
  RumbleChatApi *chat;
  ModeratoUserSidebar *sidebar;
  ModeratoUserHistory *history;
  GtkWidget *card;
  GtkWidget *label;
  GtkEditable *note;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *saved = NULL;

  SKIP_WITHOUT_DISPLAY ();

  chat = open_stream (f, FALSE);
  ledger = ledger_of (f);

  /* An earlier stream: three messages of the user, one deleted. */
  g_assert_true (rumble_chat_api_dispatch_event (past, "{\"type\":\"init\",\"data\":{"
                                                 "\"chat\":{\"id\":\"777000\"},\"messages\":[],"
                                                 "\"users\":[],\"channels\":[[]]}}", -1));
  moderato_ledger_attach (ledger, past);
  post (past, "880001", "4242", "Historian", "first words long ago");
  post (past, "880002", "4242", "Historian", "second words long ago");
  post (past, "880003", "4242", "Historian", "third words, deleted");
  g_assert_true (rumble_chat_api_dispatch_event (past, "{\"type\":\"delete_messages\","
                                                 "\"data\":{\"message_ids\":[\"880003\"]}}", -1));
  flush (ledger);
  moderato_ledger_detach (ledger, past);

  /* Back today, in the live chat. */
  post (chat, "880010", "4242", "Historian", "hello again");
  sidebar = MODERATO_USER_SIDEBAR (test_ui_find_widget (GTK_WIDGET (f->window),
                                                        MODERATO_TYPE_USER_SIDEBAR));
  moderato_user_sidebar_show_user (sidebar, rumble_chat_api_lookup_user (chat, "4242"));
  card = test_ui_find_widget (GTK_WIDGET (sidebar), MODERATO_TYPE_USER_CARD);
  g_assert_nonnull (card);
  history = MODERATO_USER_HISTORY (test_ui_find_widget (card, MODERATO_TYPE_USER_HISTORY));
  g_assert_nonnull (history);
  /* Open at first: the history is there at a glance. */
  g_assert_true (gtk_expander_get_expanded (GTK_EXPANDER (test_ui_find_widget (GTK_WIDGET (history),
                                                                              GTK_TYPE_EXPANDER))));
  wait_text (card, "first words long ago");
  g_assert_cmpstr (moderato_user_history_get_state (history), ==, "history");

  label = test_ui_find_matching (card, is_named, "history-messages");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "4");
  label = test_ui_find_matching (card, is_named, "history-deleted");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "1");
  label = test_ui_find_matching (card, is_named, "history-streams");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "2");

  /* The note: typed, then Enter. */
  note = GTK_EDITABLE (test_ui_find_widget (GTK_WIDGET (history), GTK_TYPE_ENTRY));
  gtk_editable_set_text (note, "warned twice about links");
  g_signal_emit_by_name (note, "activate");
  flush (ledger);
  moderato_ledger_get_note_async (ledger, "historian", NULL, on_result, &slot);
  result = wait_result (&slot);
  saved = moderato_ledger_get_note_finish (ledger, result, NULL);
  g_assert_cmpstr (saved, ==, "warned twice about links");

  /* Someone the ledger never saw: "No history". */
  post (chat, "880011", "5151", "Newcomer_Nell", "first time here");
  moderato_user_sidebar_show_user (sidebar, rumble_chat_api_lookup_user (chat, "5151"));
  test_iterate_for (50);
  flush (ledger);
  moderato_user_history_set_user (history, "999999999", "Nobody_Known");
  wait_text (card, "No history");
  gtk_popover_popdown (GTK_POPOVER (card));
}

typedef struct {
  ModeratoAttentionLane *lane;
  const char            *message_id;
} ChipWanted;

static gboolean
has_chip (gpointer data)
{
  ChipWanted *wanted = data;

  return moderato_attention_lane_lookup_chip (wanted->lane, wanted->message_id) != NULL;
}

static gboolean
history_loaded (gpointer data)
{
  return g_strcmp0 (moderato_user_history_get_state (data), "history") == 0;
}

static char *
watched_names (ModeratoLedger *ledger)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_auto(GStrv) names = NULL;

  flush (ledger);
  moderato_ledger_watched_async (ledger, NULL, on_result, &slot);
  result = wait_result (&slot);
  names = moderato_ledger_watched_finish (ledger, result, NULL);
  g_assert_nonnull (names);
  return g_strjoinv (",", names);
}

/* The card's "Watch this user": ticked, the flag is in the ledger and the user's next
 * messages are highlighted in the lane; unticked, they are not. */
static void
test_card_watch (Fixture       *f,
                 gconstpointer  data)
{
  ModeratoLedger *ledger;
  ModeratoAttentionLane *lane;
  RumbleChatApi *chat;
  ModeratoUserSidebar *sidebar;
  ModeratoUserHistory *history;
  GtkWidget *card;
  GtkWidget *check;
  g_autofree char *names = NULL;
  ChipWanted wanted;

  SKIP_WITHOUT_DISPLAY ();

  chat = open_stream (f, FALSE);
  ledger = ledger_of (f);
  lane = moderato_window_get_attention_lane (f->window);
  post (chat, "890001", "4343", "Watchee", "just a message");
  flush (ledger);
  test_iterate_for (300);
  g_assert_null (moderato_attention_lane_lookup_chip (lane, "890001"));

  sidebar = MODERATO_USER_SIDEBAR (test_ui_find_widget (GTK_WIDGET (f->window),
                                                        MODERATO_TYPE_USER_SIDEBAR));
  moderato_user_sidebar_show_user (sidebar, rumble_chat_api_lookup_user (chat, "4343"));
  card = test_ui_find_widget (GTK_WIDGET (sidebar), MODERATO_TYPE_USER_CARD);
  history = MODERATO_USER_HISTORY (test_ui_find_widget (card, MODERATO_TYPE_USER_HISTORY));
  test_wait_until (history_loaded, history, 10000);
  check = test_ui_find_matching (card, is_named, "history-watch");
  g_assert_nonnull (check);
  g_assert_true (GTK_IS_CHECK_BUTTON (check));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_true (gtk_widget_is_sensitive (check));

  /* Ticked as a click or Space would: the check's own activate signal. */
  g_assert_true (gtk_widget_activate (check));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  names = watched_names (ledger);
  g_assert_cmpstr (names, ==, "Watchee");
  g_clear_pointer (&names, g_free);

  post (chat, "890002", "4343", "Watchee", "an ordinary message, now watched");
  wanted = (ChipWanted) { lane, "890002" };
  test_wait_until (has_chip, &wanted, 10000);
  g_assert_nonnull (moderato_attention_lane_lookup_chip (lane, "890002"));

  /* Unticked: no longer. */
  g_assert_true (gtk_widget_activate (check));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  names = watched_names (ledger);
  g_assert_cmpstr (names, ==, "");
  post (chat, "890003", "4343", "Watchee", "unwatched again");
  test_iterate_for (400);
  g_assert_null (moderato_attention_lane_lookup_chip (lane, "890003"));

  /* The card shows the flag as stored when it opens again. */
  moderato_ledger_set_watched (ledger, "Watchee", TRUE);
  flush (ledger);
  moderato_user_history_set_user (history, "4343", "Watchee");
  test_wait_until (history_loaded, history, 10000);
  test_iterate_for (50);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  gtk_popover_popdown (GTK_POPOVER (card));
}

/* With the ledger and "Highlight First-Time Chatters" on, only an account the ledger never
 * saw is a first-time chatter; one that chatted in an earlier stream is not. */
static void
test_first_time_from_ledger (Fixture       *f,
                             gconstpointer  data)
{
  GSettings *settings = moderato_application_get_settings (f->app);
  g_autoptr(RumbleChatApi) past = rumble_chat_api_new ("777001");
  ModeratoAttentionLane *lane;
  ModeratoLedger *ledger;
  RumbleChatApi *chat;
  ChipWanted wanted;

  SKIP_WITHOUT_DISPLAY ();

  ledger = ledger_of (f);
  g_assert_true (rumble_chat_api_dispatch_event (past, "{\"type\":\"init\",\"data\":{"
                                                 "\"chat\":{\"id\":\"777001\"},\"messages\":[],"
                                                 "\"users\":[],\"channels\":[[]]}}", -1));
  moderato_ledger_attach (ledger, past);
  post (past, "891001", "4444", "Regular_Rita", "I was here last week");
  flush (ledger);
  moderato_ledger_detach (ledger, past);

  g_settings_set_boolean (settings, "highlight-first-time", TRUE);
  chat = open_stream (f, FALSE);
  lane = moderato_window_get_attention_lane (f->window);
  test_iterate_for (300);
  post (chat, "891002", "4444", "Regular_Rita", "back again");
  post (chat, "891003", "4545", "Brand_New_Ben", "first time here");
  wanted = (ChipWanted) { lane, "891003" };
  test_wait_until (has_chip, &wanted, 10000);
  g_assert_nonnull (moderato_attention_lane_lookup_chip (lane, "891003"));
  g_assert_null (moderato_attention_lane_lookup_chip (lane, "891002"));
  g_settings_reset (settings, "highlight-first-time");
}

/* What the moderation log must show, only: entries on @user (or any) of @action (or any,
 * when negative). */
typedef struct {
  ModeratoModerationLog *log;
  const char            *user;
  int                    action;
} LogOnly;

static gboolean
log_shows_only (gpointer data)
{
  LogOnly *only = data;
  GPtrArray *entries = moderato_moderation_log_get_entries (only->log);

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      ModeratoLedgerEntry *entry = g_ptr_array_index (entries, i);

      if ((only->user != NULL && g_strcmp0 (entry->user_name, only->user) != 0) ||
          (only->action >= 0 && (int) entry->action != only->action))
        return FALSE;
    }
  return entries != NULL && entries->len > 0;
}

/* The log lists the actions; Unmute from an entry sends the request. */
static void
test_log_unmute (Fixture       *f,
                 gconstpointer  data)
{
  ModeratoLedger *ledger;
  ModeratoModerationLog *log;
  g_autoptr(ModeratoLedgerEntry) mute = NULL;
  GPtrArray *entries;
  GtkWidget *unmute;

  SKIP_WITHOUT_DISPLAY ();

  open_stream (f, TRUE);
  ledger = ledger_of (f);
  g_free (test_ui_post_and_wait (f, "Log_Loon", "mute me"));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.mute", "(ssus)", "Log_Loon", "user",
                              300, "video");
  mute = wait_entry (ledger, "mute", NULL, "Log_Loon");

  assert_accel (f, "win.moderation-log", "<Shift><Control>l");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.moderation-log", NULL);
  test_iterate_for (50);
  g_assert_cmpstr (moderato_window_get_page (f->window), ==, "log");
  log = MODERATO_MODERATION_LOG (test_ui_find_widget (GTK_WIDGET (f->window),
                                                      MODERATO_TYPE_MODERATION_LOG));
  wait_text (GTK_WIDGET (log), "Muted Log_Loon");
  entries = moderato_moderation_log_get_entries (log);
  g_assert_nonnull (entries);
  g_assert_cmpuint (entries->len, >=, 1);

  /* Filter by user: only this one's. */
  gtk_editable_set_text (GTK_EDITABLE (test_ui_find_matching (GTK_WIDGET (log), is_named,
                                                              "log-user-filter")),
                         "Log_Loon");
  test_wait_until (log_shows_only, &(LogOnly) { log, "Log_Loon", -1 }, 5000);
  entries = moderato_moderation_log_get_entries (log);
  g_assert_cmpuint (entries->len, >=, 1);
  for (guint i = 0; i < entries->len; i++)
    g_assert_cmpstr (((ModeratoLedgerEntry *) g_ptr_array_index (entries, i))->user_name, ==,
                     "Log_Loon");

  unmute = find_button (GTK_WIDGET (log), "_Unmute");
  g_signal_emit_by_name (unmute, "clicked");
  g_assert_nonnull (test_ui_wait_request (f->fake, "POST", "/service.php",
                                          "name=moderation.unmute"));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.close-ledger-page", NULL);
  g_assert_cmpstr (moderato_window_get_page (f->window), ==, "chat");
}

/* The log filtered by action: only the pin; Unpin from its entry sends the request. */
static void
test_log_unpin (Fixture       *f,
                gconstpointer  data)
{
  ModeratoLedger *ledger;
  ModeratoModerationLog *log;
  g_autoptr(ModeratoLedgerEntry) pin = NULL;
  g_autoptr(ModeratoLedgerEntry) deleted = NULL;
  g_autofree char *pin_id = NULL;
  g_autofree char *delete_id = NULL;
  GtkDropDown *actions;
  GPtrArray *entries;

  SKIP_WITHOUT_DISPLAY ();

  open_stream (f, TRUE);
  ledger = ledger_of (f);
  pin_id = test_ui_post_and_wait (f, "Pin_Plover", "pin me");
  delete_id = test_ui_post_and_wait (f, "Pin_Plover", "delete me");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.pin-message", "s", pin_id);
  pin = wait_entry (ledger, "pin", pin_id, NULL);
  g_assert_cmpint (pin->outcome, ==, MODERATO_LEDGER_OUTCOME_DONE);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-message", "s", delete_id);
  deleted = wait_entry (ledger, "delete", delete_id, NULL);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.moderation-log", NULL);
  log = MODERATO_MODERATION_LOG (test_ui_find_widget (GTK_WIDGET (f->window),
                                                      MODERATO_TYPE_MODERATION_LOG));
  wait_text (GTK_WIDGET (log), "Deleted a message");
  g_assert_false (log_shows_only (&(LogOnly) { log, NULL, MODERATO_LEDGER_ACTION_PIN }));

  actions = GTK_DROP_DOWN (test_ui_find_widget (GTK_WIDGET (log), GTK_TYPE_DROP_DOWN));
  gtk_drop_down_set_selected (actions, 2);   /* "Pins" */
  test_wait_until (log_shows_only, &(LogOnly) { log, NULL, MODERATO_LEDGER_ACTION_PIN }, 5000);
  entries = moderato_moderation_log_get_entries (log);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((ModeratoLedgerEntry *) g_ptr_array_index (entries, 0))->message_id, ==,
                   pin_id);

  g_signal_emit_by_name (find_button (GTK_WIDGET (log), "U_npin"), "clicked");
  g_assert_nonnull (test_ui_wait_request (f->fake, "POST", "/service.php",
                                          "name=chat.message.unpin"));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.close-ledger-page", NULL);
}

static gboolean
search_done (gpointer data)
{
  return !moderato_search_page_get_busy (data) &&
         (moderato_search_page_get_results (data) != NULL ||
          moderato_search_page_get_error (data) != NULL);
}

/* Search with a filter, then "Delete All Shown": one request each, one failure counted. */
static void
test_search_delete_all (Fixture       *f,
                        gconstpointer  data)
{
  ModeratoLedger *ledger;
  ModeratoSearchPage *page;
  GtkEditable *entry;
  GPtrArray *results;

  SKIP_WITHOUT_DISPLAY ();

  open_stream (f, TRUE);
  ledger = ledger_of (f);
  g_free (test_ui_post_and_wait (f, "Seeker_Sol", "the quokka one"));
  g_free (test_ui_post_and_wait (f, "Seeker_Sol", "the quokka two"));
  g_free (test_ui_post_and_wait (f, "Seeker_Sol", "the quokka three"));
  g_free (test_ui_post_and_wait (f, "Other_Otto", "the quokka four, not from Sol"));
  flush (ledger);

  assert_accel (f, "win.search", "<Control>f");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL);
  g_assert_cmpstr (moderato_window_get_page (f->window), ==, "search");
  page = MODERATO_SEARCH_PAGE (test_ui_find_widget (GTK_WIDGET (f->window),
                                                    MODERATO_TYPE_SEARCH_PAGE));
  entry = GTK_EDITABLE (test_ui_find_widget (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (entry)) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         GTK_WIDGET (entry)));

  /* A bad filter: its error in place. */
  gtk_editable_set_text (entry, "quokka before:tuesday");
  test_wait_until (search_done, page, 10000);
  g_assert_nonnull (moderato_search_page_get_error (page));
  wait_text (GTK_WIDGET (page), moderato_search_page_get_error (page));

  gtk_editable_set_text (entry, "quokka from:Seeker_Sol");
  test_iterate_for (20);
  test_wait_until (search_done, page, 10000);
  g_assert_null (moderato_search_page_get_error (page));
  results = moderato_search_page_get_results (page);
  g_assert_cmpuint (results->len, ==, 3);
  for (guint i = 0; i < results->len; i++)
    g_assert_cmpstr (((ModeratoLedgerMessage *) g_ptr_array_index (results, i))->user_name, ==,
                     "Seeker_Sol");

  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = "delete", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 403,
    .body = "{\"errors\":[{\"code\":\"forbidden\",\"message\":\"No\"}]}", .count = 1 });
  g_signal_emit_by_name (find_button (GTK_WIDGET (page), "_Delete All Shown"), "clicked");
  wait_text (GTK_WIDGET (f->window), "Messages found: 2 deleted, 1 failed");
  rumble_fake_server_clear_faults (f->fake, NULL);

  /* Each delete is in the ledger too, with its outcome. */
  {
    g_autoptr(GPtrArray) deletes = wait_outcomes (ledger, "delete", "Seeker_Sol", 3);
    guint done = 0, refused = 0;

    for (guint i = 0; i < deletes->len; i++)
      {
        ModeratoLedgerEntry *del = g_ptr_array_index (deletes, i);

        done += del->outcome == MODERATO_LEDGER_OUTCOME_DONE;
        refused += del->outcome == MODERATO_LEDGER_OUTCOME_REFUSED;
      }
    g_assert_cmpuint (done, ==, 2);
    g_assert_cmpuint (refused, ==, 1);
  }
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.close-ledger-page", NULL);
}

static gboolean
is_button_with_icon (GtkWidget     *widget,
                     gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_is_drawable (widget) &&
         g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), data) == 0;
}

static gboolean
card_shows_swift (gpointer data)
{
  Fixture *f = data;
  GtkWidget *widget = test_ui_find_widget (GTK_WIDGET (f->window), MODERATO_TYPE_USER_SIDEBAR);
  ModeratoUserSidebar *sidebar = MODERATO_USER_SIDEBAR (widget);
  GtkWidget *card = test_ui_find_widget (widget, MODERATO_TYPE_USER_CARD);
  RumbleUser *user = card != NULL ? moderato_user_card_get_user (MODERATO_USER_CARD (card))
                                  : NULL;

  return moderato_user_sidebar_get_card_open (sidebar) && user != NULL &&
         g_strcmp0 (rumble_user_get_username (user), "Single_Swift") == 0;
}

/* One result deleted by its own button; a result opens its user's card. */
static void
test_search_delete_one_and_card (Fixture       *f,
                                 gconstpointer  data)
{
  ModeratoSearchPage *page;
  GtkEditable *entry;
  GtkListBox *list;
  GtkListBoxRow *row;
  GPtrArray *results;
  GtkWidget *trash;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autoptr(ModeratoLedgerEntry) deleted = NULL;

  SKIP_WITHOUT_DISPLAY ();

  open_stream (f, TRUE);
  id = test_ui_post_and_wait (f, "Single_Swift", "the lonely wombat");
  flush (ledger_of (f));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL);
  page = MODERATO_SEARCH_PAGE (test_ui_find_widget (GTK_WIDGET (f->window),
                                                    MODERATO_TYPE_SEARCH_PAGE));
  entry = GTK_EDITABLE (test_ui_find_widget (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY));
  gtk_editable_set_text (entry, "wombat");
  test_iterate_for (20);
  test_wait_until (search_done, page, 10000);
  results = moderato_search_page_get_results (page);
  g_assert_cmpuint (results->len, ==, 1);

  list = GTK_LIST_BOX (test_ui_find_widget (GTK_WIDGET (page), GTK_TYPE_LIST_BOX));
  row = gtk_list_box_get_row_at_index (list, 0);
  g_assert_nonnull (row);
  trash = test_ui_find_matching (GTK_WIDGET (row), is_button_with_icon, "user-trash-symbolic");
  g_assert_nonnull (trash);
  g_signal_emit_by_name (trash, "clicked");
  path = g_strdup_printf ("/chat/api/chat/%s/message/%s", STREAM, id);
  g_assert_nonnull (test_ui_wait_request (f->fake, "DELETE", path, NULL));
  deleted = wait_entry (ledger_of (f), "delete", id, NULL);
  g_assert_cmpint (deleted->outcome, ==, MODERATO_LEDGER_OUTCOME_DONE);

  /* Activating the row opens Single_Swift's card. */
  row = gtk_list_box_get_row_at_index (list, 0);
  g_assert_nonnull (row);
  g_signal_emit_by_name (list, "row-activated", row);
  test_wait_until (card_shows_swift, f, 5000);
  g_assert_true (card_shows_swift (f));
  g_assert_cmpstr (moderato_window_get_page (f->window), ==, "chat");

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.close-ledger-page", NULL);
}

/* A corrupt file is moved aside, a newer schema opens read-only: the banner says so. */
static void
test_banner (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *original = g_strdup (moderato_ledger_get_path (ledger_of (f)));
  g_autofree char *corrupt = temp_path ("ledger.sqlite3");
  g_autofree char *newer = temp_path ("ledger.sqlite3");
  g_autofree char *blocked_parent = temp_path ("a-file");
  g_autofree char *blocked = g_build_filename (blocked_parent, "ledger.sqlite3", NULL);
  g_autofree char *version = NULL;
  g_autoptr(GError) error = NULL;
  ModeratoLedger *ledger;
  const char *text;

  SKIP_WITHOUT_DISPLAY ();

  g_assert_false (banner_shown (f));

  g_file_set_contents (corrupt, "this is not a database, not at all, not even close", -1, &error);
  g_assert_no_error (error);
  switch_ledger (f, corrupt);
  test_wait_until (banner_shown, f, 5000);
  text = moderato_ledger_banner_get_text (banner_of (f));
  g_assert_nonnull (strstr (text, "moved aside"));
  g_assert_nonnull (strstr (text, ".corrupt-"));
  /* Dismissed: gone. */
  g_signal_emit_by_name (test_ui_find_matching (GTK_WIDGET (banner_of (f)), has_tooltip,
                                                "Dismiss"), "clicked");
  g_assert_false (banner_shown (f));

  /* A newer schema. */
  ledger = moderato_ledger_open (newer, MODERATO_LEDGER_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  version = g_strdup_printf ("PRAGMA user_version = %u", ledger_schema_version () + 1);
  g_assert_true (moderato_ledger_exec_for_test (ledger, version, &error));
  g_assert_finalize_object (ledger);
  switch_ledger (f, newer);
  test_wait_until (banner_shown, f, 5000);
  text = moderato_ledger_banner_get_text (banner_of (f));
  g_assert_nonnull (strstr (text, "read-only"));
  g_assert_true (moderato_ledger_get_read_only (ledger_of (f)));

  /* A folder that cannot be made (its parent is a file): paused, with Retry. */
  g_file_set_contents (blocked_parent, "", 0, &error);
  g_assert_no_error (error);
  switch_ledger (f, blocked);
  test_wait_until (banner_shown, f, 5000);
  text = moderato_ledger_banner_get_text (banner_of (f));
  g_assert_nonnull (strstr (text, "not being remembered"));

  switch_ledger (f, original);
  test_iterate_for (50);
  g_assert_false (banner_shown (f));
}

static ModeratoStreamReport *
find_report (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (MODERATO_IS_STREAM_REPORT (window))
        return MODERATO_STREAM_REPORT (window);
    }
  return NULL;
}

static gboolean
report_loaded (gpointer data)
{
  ModeratoStreamReport *report = find_report ();

  return report != NULL && moderato_stream_report_get_report (report) != NULL;
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (moderato_stream_report_write_finish (result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static char *
export (const ModeratoLedgerReport *report,
        ModeratoLedgerFormat        format,
        const char                 *name)
{
  g_autofree char *path = temp_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  char *contents = NULL;

  moderato_stream_report_write_async (report, format, file, NULL, on_written, &done);
  test_wait_for_flag (&done, 10000);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* The report shows, and exports as Markdown, CSV and JSON. */
static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  ModeratoStreamReport *window;
  const ModeratoLedgerReport *report;
  g_autofree char *md = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  char count[32];

  SKIP_WITHOUT_DISPLAY ();

  open_stream (f, FALSE);
  g_free (test_ui_post_and_wait (f, "Report_Ray", "for the report"));
  flush (ledger_of (f));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.stream-report", NULL);
  test_wait_until (report_loaded, NULL, 10000);
  window = find_report ();
  report = moderato_stream_report_get_report (window);
  g_assert_cmpstr (report->stream_id, ==, STREAM);
  g_assert_cmpuint (report->n_messages, >=, 1);
  g_assert_cmpuint (report->n_chatters, >=, 1);
  g_snprintf (count, sizeof count, "%" G_GUINT64_FORMAT, report->n_messages);
  wait_text (GTK_WIDGET (window), "First-time chatters");

  md = export (report, MODERATO_LEDGER_FORMAT_MARKDOWN, "report.md");
  g_assert_true (g_str_has_prefix (md, "#"));
  g_assert_nonnull (strstr (md, STREAM));
  csv = export (report, MODERATO_LEDGER_FORMAT_CSV, "report.csv");
  g_assert_nonnull (strstr (csv, "messages,"));
  g_assert_nonnull (strstr (csv, count));
  json = export (report, MODERATO_LEDGER_FORMAT_JSON, "report.json");
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  gtk_window_destroy (GTK_WINDOW (window));
  test_iterate_for (20);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  test_ui_init ();

#define ADD(path, login, func) \
  g_test_add ("/ui/ledger/" path, Fixture, login, test_ui_fixture_setup, func, \
              test_ui_fixture_teardown)

  ADD ("records-messages", NULL, test_records_messages);
  ADD ("records-title", NULL, test_records_title);
  ADD ("records-actions", MODERATOR, test_records_actions);
  ADD ("card-history", NULL, test_card_history);
  ADD ("card-watch", NULL, test_card_watch);
  ADD ("first-time-from-ledger", NULL, test_first_time_from_ledger);
  ADD ("log-unmute", MODERATOR, test_log_unmute);
  ADD ("log-unpin", MODERATOR, test_log_unpin);
  ADD ("search-delete-all", MODERATOR, test_search_delete_all);
  ADD ("search-delete-one-card", MODERATOR, test_search_delete_one_and_card);
  ADD ("banner", NULL, test_banner);
  ADD ("report", NULL, test_report);

#undef ADD

  return g_test_run ();
}
