/* test-ui-attention.c — highlights, the attention lane, spam wave cards, notifications
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's detector fed from the fake server: highlighted rows and lane items, one card
 * for a wave with its Delete All and Mute All, the notification actions and when
 * notifications are sent.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "moderato-attention-lane.h"
#include "moderato-message-row.h"
#include "moderato-notifier.h"
#include "moderato-highlight-prefs.h"
#include "moderato-preferences-window.h"
#include "moderato-rants-strip.h"
#include "moderato-wave-card.h"
#include "moderato-window.h"
#include "rumble-chat-api.h"
#include "rumble-fake-server.h"
#include "test-ui-util.h"
#include "test-util.h"

#define STREAM RUMBLE_FAKE_DEFAULT_STREAM
#define MODERATOR "demo:demo"

static const char * const wave_texts[] = {
  "Free crypto at scam.example",
  "FREE CRYPTO AT SCAM.EXAMPLE!!!",
  "free crypto at scam.example",
  "Freeeee crypto at   scam.example",
  "free crypto at scam.example?!",
  "free CRYPTO at scam.example",
  "FrEe CrYpTo At ScAm.ExAmPlE.",
  "free crypto at scam.example :)",
  "free  crypto  at  scam.example",
  "freee cryptooo at scam.example !!",
  "Free crypto at scam.example...",
  "free crypto at scam.example!",
};

/* No backlog: a test's wave must not meet the last test's messages. */
static RumbleChatApi *
open_stream (Fixture *f)
{
  rumble_fake_server_set_backlog_len (f->fake, 0);
  return test_ui_open_moderated_stream (f);
}

static gboolean
row_of_message (GtkWidget     *widget,
                gconstpointer  data)
{
  RumbleMessage *message;

  if (!MODERATO_IS_MESSAGE_ROW (widget))
    return FALSE;
  message = moderato_message_row_get_message (MODERATO_MESSAGE_ROW (widget));
  return message != NULL && g_strcmp0 (rumble_message_get_id (message), data) == 0;
}

static ModeratoMessageRow *
find_row (Fixture    *f,
          const char *message_id)
{
  GtkWidget *view = GTK_WIDGET (moderato_window_get_chat_view (f->window));

  return (ModeratoMessageRow *) test_ui_find_matching (view, row_of_message, message_id);
}

static gboolean
label_containing (GtkWidget     *widget,
                  gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), data) != NULL;
}

static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text)
{
  return (GtkLabel *) test_ui_find_matching (widget, label_containing, text);
}

static gboolean
toast_shown (gpointer data)
{
  const char * const *args = data;

  return find_label (GTK_WIDGET (args[0]), args[1]) != NULL;
}

static void
wait_toast (Fixture    *f,
            const char *text)
{
  gconstpointer args[] = { moderato_window_get_toast_overlay (f->window), text };

  test_wait_until (toast_shown, args, 15000);
}

static gboolean
button_labelled (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

static guint
count_requests (Fixture    *f,
                const char *method,
                const char *path,
                const char *needle)
{
  GPtrArray *requests = rumble_fake_server_get_requests (f->fake);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      const RumbleFakeRequest *r = g_ptr_array_index (requests, i);

      n += g_str_equal (r->method, method) && g_strcmp0 (r->path, path) == 0 &&
           (needle == NULL || (r->query != NULL && strstr (r->query, needle) != NULL) ||
            (r->body != NULL && g_bytes_get_size (r->body) > 0 &&
             g_strstr_len (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body),
                           needle) != NULL));
    }
  return n;
}

static void
set_keyword_rule (Fixture    *f,
                  const char *pattern,
                  const char *color,
                  gboolean    notify)
{
  GSettings *settings = moderato_application_get_settings (f->app);
  GVariantBuilder rules;

  g_variant_builder_init (&rules, G_VARIANT_TYPE ("a(ssssbsbb)"));
  g_variant_builder_add (&rules, "(ssssbsbb)", "r1", "Giveaway", "keyword", pattern, TRUE,
                         color, notify, TRUE);
  g_settings_set_value (settings, "highlight-rules", g_variant_builder_end (&rules));
}

static void
reset_settings (Fixture *f)
{
  GSettings *settings = moderato_application_get_settings (f->app);

  g_settings_reset (settings, "highlight-rules");
}

/* A mention and a keyword rule: each row gets its colour, each message a chip. */
static void
test_highlight_rows (Fixture       *f,
                     gconstpointer  data)
{
  ModeratoAttentionLane *lane;
  g_autofree char *mention = NULL;
  g_autofree char *keyword = NULL;
  g_autofree char *plain = NULL;

  SKIP_WITHOUT_DISPLAY ();

  set_keyword_rule (f, "giveaway", "#C01C28", FALSE);
  open_stream (f);
  lane = moderato_window_get_attention_lane (f->window);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (lane)));

  mention = test_ui_post_and_wait (f, "Quillback_Tom", "hey @demo, look at this");
  keyword = test_ui_post_and_wait (f, "MarigoldFinch", "Join the GIVEAWAY now");
  plain = test_ui_post_and_wait (f, "MarigoldFinch", "nothing to see here");
  test_iterate_for (200);

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (lane)));
  g_assert_cmpuint (moderato_attention_lane_get_n_items (lane), ==, 2);
  g_assert_nonnull (moderato_attention_lane_lookup_chip (lane, mention));
  g_assert_nonnull (moderato_attention_lane_lookup_chip (lane, keyword));
  g_assert_null (moderato_attention_lane_lookup_chip (lane, plain));

  g_assert_nonnull (find_row (f, mention));
  g_assert_cmpstr (moderato_message_row_get_highlight (find_row (f, mention)), ==, "#3584e4");
  g_assert_cmpstr (moderato_message_row_get_highlight (find_row (f, keyword)), ==, "#c01c28");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (find_row (f, keyword)), "highlighted"));
  g_assert_null (moderato_message_row_get_highlight (find_row (f, plain)));

  /* The chip's close button dismisses it; the row keeps its colour. */
  g_signal_emit_by_name (gtk_widget_get_last_child (moderato_attention_lane_lookup_chip (lane,
                                                                                        keyword)),
                         "clicked");
  g_assert_null (moderato_attention_lane_lookup_chip (lane, keyword));
  g_assert_cmpuint (moderato_attention_lane_get_n_items (lane), ==, 1);
  g_assert_cmpstr (moderato_message_row_get_highlight (find_row (f, keyword)), ==, "#c01c28");

  /* Acting on it: the deleted message leaves the lane. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-message", "s", mention);
  while (moderato_attention_lane_lookup_chip (lane, mention) != NULL)
    test_iterate_for (20);
  g_assert_cmpuint (moderato_attention_lane_get_n_items (lane), ==, 0);

  reset_settings (f);
}

static guint
count_class (GtkWidget  *widget,
             const char *css_class)
{
  guint n = gtk_widget_has_css_class (widget, css_class) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_class (child, css_class);
  return n;
}

static guint
count_chips (GtkWidget *widget)
{
  return count_class (widget, "attention-chip");
}

/* Many highlights in a burst: the lane counts them all but shows only the newest as chips,
 * rebuilt at most a few times a second. */
static void
test_chips_bounded (Fixture       *f,
                    gconstpointer  data)
{
  ModeratoAttentionLane *lane;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  SKIP_WITHOUT_DISPLAY ();

  set_keyword_rule (f, "giveaway", "#C01C28", FALSE);
  open_stream (f);
  lane = moderato_window_get_attention_lane (f->window);
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *text = g_strdup_printf ("giveaway number %u", i);
      g_autofree char *id = rumble_fake_server_push_message (f->fake, RUMBLE_FAKE_DEFAULT_STREAM,
                                                             "MarigoldFinch", text);

      if (i == 0)
        first = g_steal_pointer (&id);
      else if (i == 29)
        last = g_steal_pointer (&id);
    }
  test_ui_wait_message (f, last, 10000);
  test_iterate_for (400);

  g_assert_cmpuint (moderato_attention_lane_get_n_items (lane), ==, 30);
  g_assert_cmpuint (count_chips (GTK_WIDGET (lane)), ==, 12);
  g_assert_null (moderato_attention_lane_lookup_chip (lane, first));
  g_assert_nonnull (moderato_attention_lane_lookup_chip (lane, last));

  /* More arrive: the chips that stay are the same widgets, the new ones follow in order. */
  {
    GtkWidget *kept = moderato_attention_lane_lookup_chip (lane, last);
    g_autofree char *next = rumble_fake_server_push_message (f->fake, RUMBLE_FAKE_DEFAULT_STREAM,
                                                             "MarigoldFinch", "giveaway again");
    g_autofree char *newest = rumble_fake_server_push_message (f->fake, RUMBLE_FAKE_DEFAULT_STREAM,
                                                               "MarigoldFinch", "giveaway once more");
    GtkWidget *newest_chip;

    test_ui_wait_message (f, newest, 10000);
    test_iterate_for (400);
    g_assert_true (moderato_attention_lane_lookup_chip (lane, last) == kept);
    g_assert_true (gtk_widget_get_next_sibling (kept) ==
                   moderato_attention_lane_lookup_chip (lane, next));
    newest_chip = moderato_attention_lane_lookup_chip (lane, newest);
    g_assert_true (gtk_widget_get_next_sibling (moderato_attention_lane_lookup_chip (lane, next)) ==
                   newest_chip);
    g_assert_cmpuint (count_chips (GTK_WIDGET (lane)), ==, 12);

    /* Dismissing the newest brings the next older one back, first in the row. */
    g_signal_emit_by_name (gtk_widget_get_last_child (newest_chip), "clicked");
    test_iterate_for (50);
    g_assert_null (moderato_attention_lane_lookup_chip (lane, newest));
    g_assert_cmpuint (count_chips (GTK_WIDGET (lane)), ==, 12);
    g_assert_true (gtk_widget_get_last_child (gtk_widget_get_parent (kept)) ==
                   moderato_attention_lane_lookup_chip (lane, next));
  }

  reset_settings (f);
}

/* Twelve accounts post the same text, cased and punctuated differently: one card. */
static GPtrArray *
push_wave (Fixture *f)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (wave_texts); i++)
    {
      g_autofree char *user = g_strdup_printf ("Spammer%02u", i + 1);

      g_ptr_array_add (ids, test_ui_post_and_wait (f, user, wave_texts[i]));
    }
  /* A growing wave's card follows at most four times a second. */
  test_iterate_for (400);
  return ids;
}

static ModeratoWaveCard *
only_card (Fixture *f)
{
  ModeratoAttentionLane *lane = moderato_window_get_attention_lane (f->window);
  ModeratoWaveCard *card = moderato_attention_lane_lookup_wave_card (lane, "w1");

  g_assert_nonnull (card);
  g_assert_null (moderato_attention_lane_lookup_wave_card (lane, "w2"));
  g_assert_cmpuint (moderato_attention_lane_get_n_items (lane), ==, 1);
  return card;
}

static void
test_wave_card (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = NULL;
  ModeratoWaveCard *card;
  ModeratoSpamWave *wave;

  SKIP_WITHOUT_DISPLAY ();

  open_stream (f);
  ids = push_wave (f);
  card = only_card (f);
  wave = moderato_wave_card_get_wave (card);
  g_assert_cmpuint (moderato_spam_wave_get_size (wave), ==, 12);
  g_assert_cmpuint (g_strv_length ((char **) moderato_spam_wave_get_usernames (wave)), ==, 12);
  g_assert_true (g_str_has_prefix (moderato_wave_card_get_title (card), "12 accounts posted ‘"));
  g_assert_nonnull (find_label (GTK_WIDGET (card), "12 members"));
  /* The members, once expanded. */
  g_assert_null (find_label (GTK_WIDGET (card), "Spammer07"));
  gtk_expander_set_expanded (GTK_EXPANDER (test_ui_find_widget (GTK_WIDGET (card),
                                                                GTK_TYPE_EXPANDER)),
                             TRUE);
  g_assert_nonnull (find_label (GTK_WIDGET (card), "Spammer07"));

  /* The lane with a card fits a narrow window. */
  {
    int minimum = 0;

    gtk_widget_measure (GTK_WIDGET (moderato_window_get_attention_lane (f->window)),
                        GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, <=, 320);
  }

  /* Its members' rows fold into one line each while the card is open. */
  g_assert_nonnull (moderato_message_row_get_collapsed (find_row (f, g_ptr_array_index (ids, 11))));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (find_row (f, g_ptr_array_index (ids, 11))),
                                           "collapsed"));

  /* Dismissed: the rows come back. */
  gtk_widget_activate_action (GTK_WIDGET (card), "wave.dismiss", NULL);
  test_iterate_for (100);
  g_assert_null (moderato_attention_lane_lookup_wave_card (
                   moderato_window_get_attention_lane (f->window), "w1"));
  g_assert_null (moderato_message_row_get_collapsed (find_row (f, g_ptr_array_index (ids, 11))));
}

/* Whether a row of @message_id would show as folded into a wave's card. */
static gboolean
folded (Fixture       *f,
        RumbleChatApi *chat,
        const char    *message_id)
{
  g_autoptr(GtkWidget) row = g_object_ref_sink (moderato_message_row_new ());

  moderato_message_row_set_message (MODERATO_MESSAGE_ROW (row),
                                    rumble_chat_api_lookup_message (chat, message_id));
  moderato_attention_lane_decorate_row (moderato_window_get_attention_lane (f->window),
                                        MODERATO_MESSAGE_ROW (row));
  return moderato_message_row_get_collapsed (MODERATO_MESSAGE_ROW (row)) != NULL;
}

/* A flood of look-alike texts opens one wave after another: the lane keeps a bounded number
 * of cards, the oldest (and the stubs of its rows) giving way. */
static void
test_wave_cards_bounded (Fixture       *f,
                         gconstpointer  data)
{
  const guint n_waves = MODERATO_ATTENTION_LANE_MAX_WAVE_CARDS + 3;
  GSettings *settings = moderato_application_get_settings (f->app);
  ModeratoAttentionLane *lane;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  RumbleChatApi *chat;
  guint n_cards = 0;

  SKIP_WITHOUT_DISPLAY ();

  g_settings_set_uint (settings, "wave-size", 2);
  chat = open_stream (f);
  lane = moderato_window_get_attention_lane (f->window);
  for (guint w = 0; w < n_waves; w++)
    {
      g_autofree char *text = g_strdup_printf ("%08x %08x %08x %08x", g_test_rand_int (),
                                               g_test_rand_int (), g_test_rand_int (),
                                               g_test_rand_int ());

      for (guint a = 0; a < 2; a++)
        {
          g_autofree char *user = g_strdup_printf ("Flooder%02u%c", w, 'a' + a);

          g_free (last);
          last = rumble_fake_server_push_message (f->fake, STREAM, user, text);
          if (first == NULL)
            first = g_strdup (last);
        }
    }
  test_ui_wait_message (f, last, 10000);
  test_iterate_for (400);

  for (guint w = 1; w <= n_waves; w++)
    {
      g_autofree char *id = g_strdup_printf ("w%u", w);

      n_cards += moderato_attention_lane_lookup_wave_card (lane, id) != NULL;
    }
  g_assert_cmpuint (n_cards, ==, MODERATO_ATTENTION_LANE_MAX_WAVE_CARDS);
  g_assert_null (moderato_attention_lane_lookup_wave_card (lane, "w1"));
  g_assert_null (moderato_attention_lane_lookup_wave_card (lane, "w3"));
  g_assert_nonnull (moderato_attention_lane_lookup_wave_card (lane, "w4"));
  {
    g_autofree char *newest = g_strdup_printf ("w%u", n_waves);

    g_assert_nonnull (moderato_attention_lane_lookup_wave_card (lane, newest));
  }
  /* The rows of an evicted wave are shown again; those of a kept one stay folded. */
  g_assert_true (rumble_chat_api_lookup_message (chat, first) != NULL);
  g_assert_false (folded (f, chat, first));
  g_assert_true (folded (f, chat, last));

  /* The oldest card, w4, has the focus: the next wave takes w5's place instead. */
  {
    GtkWidget *oldest = GTK_WIDGET (moderato_attention_lane_lookup_wave_card (lane, "w4"));

    g_assert_true (gtk_widget_child_focus (oldest, GTK_DIR_TAB_FORWARD));
  }
  {
    g_autofree char *text = g_strdup_printf ("%08x %08x %08x %08x", g_test_rand_int (),
                                             g_test_rand_int (), g_test_rand_int (),
                                             g_test_rand_int ());

    g_free (last);
    last = rumble_fake_server_push_message (f->fake, STREAM, "FlooderLastA", text);
    g_free (last);
    last = rumble_fake_server_push_message (f->fake, STREAM, "FlooderLastB", text);
  }
  test_ui_wait_message (f, last, 10000);
  test_iterate_for (400);
  g_assert_nonnull (moderato_attention_lane_lookup_wave_card (lane, "w4"));
  g_assert_null (moderato_attention_lane_lookup_wave_card (lane, "w5"));

  g_settings_reset (settings, "wave-size");
}

/* Delete All: one request per message, the failed one never again, a summary toast. */
static void
test_wave_delete_all (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = NULL;
  ModeratoWaveCard *card;
  GtkWidget *button;

  SKIP_WITHOUT_DISPLAY ();

  open_stream (f);
  ids = push_wave (f);
  card = only_card (f);

  rumble_fake_server_clear_requests (f->fake);
  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = "delete", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 403, .count = 1,
  });
  button = test_ui_find_matching (GTK_WIDGET (card), button_labelled, "_Delete All");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  wait_toast (f, "11 deleted, 1 failed");

  test_iterate_for (300);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/chat/api/chat/%s/message/%s", STREAM,
                                               (char *) g_ptr_array_index (ids, i));

      g_assert_cmpuint (count_requests (f, "DELETE", path, NULL), ==, 1);
    }
  /* Acted on: the card is gone. */
  g_assert_null (moderato_attention_lane_lookup_wave_card (
                   moderato_window_get_attention_lane (f->window), "w1"));
  rumble_fake_server_clear_faults (f->fake, NULL);
}

/* Mute All Senders for 5 minutes: one mute per member. */
static void
test_wave_mute_all (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = NULL;
  ModeratoWaveCard *card;

  SKIP_WITHOUT_DISPLAY ();

  open_stream (f);
  ids = push_wave (f);
  card = only_card (f);

  rumble_fake_server_clear_requests (f->fake);
  gtk_widget_activate_action (GTK_WIDGET (card), "wave.mute-all", "s", "5m");
  wait_toast (f, "12 muted");

  g_assert_cmpuint (count_requests (f, "POST", "/service.php", "moderation.mute"), ==, 12);
  for (guint i = 0; i < G_N_ELEMENTS (wave_texts); i++)
    {
      g_autofree char *field = g_strdup_printf ("user_to_mute=Spammer%02u", i + 1);

      g_assert_cmpuint (count_requests (f, "POST", "/service.php", field), ==, 1);
    }
}

/* The notification's Delete button reaches the message of its own stream, and only there. */
static void
test_notification_delete (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;

  SKIP_WITHOUT_DISPLAY ();

  open_stream (f);
  id = test_ui_post_and_wait (f, "Quillback_Tom", "hello @demo");
  path = g_strdup_printf ("/chat/api/chat/%s/message/%s", STREAM, id);
  rumble_fake_server_clear_requests (f->fake);

  /* Another stream: refused, nothing sent. */
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "notification-delete",
                                  g_variant_new ("(ss)", "123456", id));
  wait_toast (f, "no longer open");
  g_assert_cmpuint (count_requests (f, "DELETE", path, NULL), ==, 0);

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "notification-delete",
                                  g_variant_new ("(ss)", STREAM, id));
  g_assert_nonnull (test_ui_wait_request (f->fake, "DELETE", path, NULL));
  test_iterate_for (100);
  g_assert_cmpuint (count_requests (f, "DELETE", path, NULL), ==, 1);
}

typedef struct {
  GPtrArray *sent;
  GPtrArray *withdrawn;
} Notifications;

/* The test's own org.gtk.Notifications (the server GApplication's "gtk" backend talks to):
 * what reached it through g_application_send_notification(), by notification id. */
static GHashTable *shell_notifications;   /* id → GVariant a{sv} */
static guint shell_removed;

static const char shell_xml[] =
  "<node><interface name='org.gtk.Notifications'>"
  "<method name='AddNotification'><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='a{sv}' direction='in'/></method>"
  "<method name='RemoveNotification'><arg type='s' direction='in'/>"
  "<arg type='s' direction='in'/></method>"
  "</interface></node>";

static void
shell_method_call (GDBusConnection       *connection,
                   const char            *sender,
                   const char            *object_path,
                   const char            *interface_name,
                   const char            *method_name,
                   GVariant              *parameters,
                   GDBusMethodInvocation *invocation,
                   gpointer               user_data)
{
  const char *app_id, *id;

  if (g_str_equal (method_name, "AddNotification"))
    {
      GVariant *notification = NULL;

      g_variant_get (parameters, "(&s&s@a{sv})", &app_id, &id, &notification);
      g_hash_table_insert (shell_notifications, g_strdup (id), notification);
    }
  else
    {
      g_variant_get (parameters, "(&s&s)", &app_id, &id);
      shell_removed += g_hash_table_remove (shell_notifications, id);
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
shell_name_acquired (GDBusConnection *connection,
                     const char      *name,
                     gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
start_shell (void)
{
  static const GDBusInterfaceVTable vtable = { shell_method_call, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (shell_xml, NULL);
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  gboolean acquired = FALSE;

  if (bus == NULL)
    return;
  shell_notifications = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) g_variant_unref);
  g_dbus_connection_register_object (bus, "/org/gtk/Notifications", info->interfaces[0],
                                     &vtable, NULL, NULL, NULL);
  g_bus_own_name_on_connection (bus, "org.gtk.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                shell_name_acquired, NULL, &acquired, NULL);
  test_wait_for_flag (&acquired, 10000);
}

static gboolean
shell_has (gpointer id)
{
  return g_hash_table_contains (shell_notifications, id);
}

static gboolean
shell_lacks (gpointer id)
{
  return !shell_has (id);
}

static void
on_sent (ModeratoNotifier *notifier,
         const char       *id,
         GNotification    *notification,
         Notifications    *n)
{
  g_assert_true (G_IS_NOTIFICATION (notification));
  g_ptr_array_add (n->sent, g_strdup (id));
}

static void
on_withdrawn (ModeratoNotifier *notifier,
              const char       *id,
              Notifications    *n)
{
  g_ptr_array_add (n->withdrawn, g_strdup (id));
}

static gboolean
has_string (gpointer data)
{
  gpointer *args = data;

  return g_ptr_array_find_with_equal_func (args[0], args[1], g_str_equal, NULL);
}

/* Only while the window is not active, at most the rate, the rest summed up; withdrawn once
 * the message is handled in the window. */
static void
test_notifications (Fixture       *f,
                    gconstpointer  data)
{
  ModeratoNotifier *notifier;
  Notifications n = {
    g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func (g_free)
  };
  g_autofree char *first = NULL;
  g_autofree char *first_id = NULL;
  gpointer args[2];

  SKIP_WITHOUT_DISPLAY ();

  open_stream (f);
  notifier = moderato_window_get_notifier (f->window);
  g_signal_connect (notifier, "sent", G_CALLBACK (on_sent), &n);
  g_signal_connect (notifier, "withdrawn", G_CALLBACK (on_withdrawn), &n);
  /* The window is long enough for six posts, each waited for on the chat's beat. */
  moderato_notifier_set_rate (notifier, 4, 3000);

  /* Active: the lane is enough. */
  moderato_notifier_set_active_override (notifier, 1);
  g_free (test_ui_post_and_wait (f, "Quillback_Tom", "@demo are you there?"));
  test_iterate_for (100);
  g_assert_cmpuint (n.sent->len, ==, 0);

  /* Not active: four, then one summary for the other two. */
  moderato_notifier_set_active_override (notifier, 0);
  first = test_ui_post_and_wait (f, "Quillback_Tom", "@demo one");
  for (guint i = 0; i < 5; i++)
    g_free (test_ui_post_and_wait (f, "Quillback_Tom", "@demo again"));
  test_iterate_for (100);
  g_assert_cmpuint (n.sent->len, ==, 4);
  first_id = g_strdup_printf ("moderato-%s-hl-%s", STREAM, first);
  g_assert_cmpstr (g_ptr_array_index (n.sent, 0), ==, first_id);

  args[0] = n.sent;
  args[1] = "moderato-more";
  test_wait_until (has_string, args, 5000);
  g_assert_cmpuint (n.sent->len, ==, 5);

  /* Through the application to the notification server: the text, and buttons that carry
   * the stream and the message. */
  if (shell_notifications != NULL)
    {
      GVariant *sent;
      g_autoptr(GVariant) buttons = NULL;
      const char *title = NULL, *body = NULL;
      g_autofree char *printed = NULL;
      g_autofree char *expected = NULL;

      test_wait_until (shell_has, first_id, 10000);
      sent = g_hash_table_lookup (shell_notifications, first_id);
      g_assert_true (g_variant_lookup (sent, "title", "&s", &title));
      g_assert_cmpstr (title, ==, "Quillback_Tom mentioned you");
      g_assert_true (g_variant_lookup (sent, "body", "&s", &body));
      g_assert_cmpstr (body, ==, "@demo one");
      buttons = g_variant_lookup_value (sent, "buttons", NULL);
      g_assert_nonnull (buttons);
      printed = g_variant_print (buttons, FALSE);
      expected = g_strdup_printf ("'action': <'app.notification-delete'>, "
                                  "'target': <('%s', '%s')>", STREAM, first);
      g_assert_nonnull (strstr (printed, expected));
      g_assert_nonnull (strstr (printed, "'app.notification-mute'"));
      g_assert_nonnull (strstr (printed, "('" STREAM "', 'Quillback_Tom')"));
    }

  /* Handled in the window: deleted, its notification goes. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-message", "s", first);
  args[0] = n.withdrawn;
  args[1] = first_id;
  test_wait_until (has_string, args, 10000);
  if (shell_notifications != NULL)
    test_wait_until (shell_lacks, first_id, 10000);

  g_signal_handlers_disconnect_by_data (notifier, &n);
  moderato_notifier_set_active_override (notifier, -1);
  g_ptr_array_unref (n.sent);
  g_ptr_array_unref (n.withdrawn);
}

/* A rule whose regular expression does not compile is refused where it is typed, with
 * GRegex's reason; a good one is stored. */
static void
test_preferences_rules (Fixture       *f,
                        gconstpointer  data)
{
  GSettings *settings = moderato_application_get_settings (f->app);
  ModeratoPreferencesWindow *prefs;
  ModeratoHighlightPrefs *page;
  g_autoptr(GVariant) stored = NULL;
  const char *id, *name, *kind, *pattern, *color;
  gboolean ci, notify, enabled;

  SKIP_WITHOUT_DISPLAY ();

  prefs = moderato_preferences_window_new (GTK_WINDOW (f->window), settings);
  gtk_window_present (GTK_WINDOW (prefs));
  page = MODERATO_HIGHLIGHT_PREFS (test_ui_find_widget (GTK_WIDGET (prefs),
                                                        MODERATO_TYPE_HIGHLIGHT_PREFS));
  g_assert_nonnull (page);

  g_assert_false (moderato_highlight_prefs_submit (page, TRUE, "free (crypto", NULL));
  g_assert_nonnull (moderato_highlight_prefs_get_error (page));
  g_assert_nonnull (strstr (moderato_highlight_prefs_get_error (page), "missing"));
  stored = g_settings_get_value (settings, "highlight-rules");
  g_assert_cmpuint (g_variant_n_children (stored), ==, 0);
  g_clear_pointer (&stored, g_variant_unref);

  g_assert_true (moderato_highlight_prefs_submit (page, TRUE, "free (crypto|coins)", "#1c71d8"));
  g_assert_null (moderato_highlight_prefs_get_error (page));
  stored = g_settings_get_value (settings, "highlight-rules");
  g_assert_cmpuint (g_variant_n_children (stored), ==, 1);
  g_variant_get_child (stored, 0, "(&s&s&s&sb&sbb)", &id, &name, &kind, &pattern, &ci, &color,
                       &notify, &enabled);
  g_assert_cmpstr (kind, ==, "regex");
  g_assert_cmpstr (pattern, ==, "free (crypto|coins)");
  g_assert_cmpstr (color, ==, "#1c71d8");
  g_assert_true (enabled);

  gtk_window_destroy (GTK_WINDOW (prefs));
  reset_settings (f);
}

static void
post_rant (RumbleChatApi *chat,
           const char    *message_id,
           guint          cents)
{
  g_autofree char *expires = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 120);

  expires = g_date_time_format_iso8601 (later);
  json = g_strdup_printf ("{\"type\":\"messages\",\"data\":{\"messages\":[{\"id\":\"%s\","
                          "\"time\":\"%s\",\"user_id\":\"88000001\",\"text\":\"thanks!\","
                          "\"type\":\"regular\",\"rant\":{\"price_cents\":%u,\"duration\":120,"
                          "\"expires_on\":\"%s\"}}],"
                          "\"users\":[{\"id\":\"88000001\",\"username\":\"Generous\"}]}}",
                          message_id, expires, cents, expires);
  g_assert_true (rumble_chat_api_dispatch_event (chat, json, -1));
}

static gboolean
strip_total_shown (gpointer data)
{
  return g_strcmp0 (moderato_rants_strip_get_total_text (data), "Rants: $17.50") == 0;
}

/* Rants on top with their time, the total so far; the strip's timer runs only meanwhile.
 * Two rants within a beat: the strip shows them together, at the latest a beat later. */
static void
test_rants_strip (Fixture       *f,
                  gconstpointer  data)
{
  RumbleChatApi *chat;
  ModeratoRantsStrip *strip;

  SKIP_WITHOUT_DISPLAY ();

  chat = open_stream (f);
  strip = MODERATO_RANTS_STRIP (test_ui_find_widget (GTK_WIDGET (f->window),
                                                     MODERATO_TYPE_RANTS_STRIP));
  g_assert_nonnull (strip);
  g_assert_false (moderato_rants_strip_get_ticking (strip));

  post_rant (chat, "1402937465012399001", 500);
  post_rant (chat, "1402937465012399002", 1250);
  test_wait_until (strip_total_shown, strip, 2000);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (strip)));
  g_assert_true (moderato_rants_strip_get_ticking (strip));
  g_assert_cmpstr (moderato_rants_strip_get_total_text (strip), ==, "Rants: $17.50");
  g_assert_nonnull (find_label (GTK_WIDGET (strip), "$12.50 · \u2068Generous\u2069 · "));

  /* Fifteen on top: chips for the newest twelve, the three oldest counted. */
  for (guint i = 3; i <= 15; i++)
    {
      g_autofree char *id = g_strdup_printf ("14029374650123990%02u", i);

      post_rant (chat, id, 2000 + i);
    }
  {
    gconstpointer args[] = { strip, "3 more" };

    test_wait_until (toast_shown, args, 2000);
  }
  g_assert_cmpuint (count_class (GTK_WIDGET (strip), "rant-chip"), ==, 12);
  g_assert_null (find_label (GTK_WIDGET (strip), "$5.00 · "));        /* the oldest three */
  g_assert_null (find_label (GTK_WIDGET (strip), "$12.50 · "));
  g_assert_null (find_label (GTK_WIDGET (strip), "$20.03 · "));
  g_assert_nonnull (find_label (GTK_WIDGET (strip), "$20.04 · "));
  g_assert_nonnull (find_label (GTK_WIDGET (strip), "$20.15 · "));    /* the newest */
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  if (f->fake != NULL)
    rumble_fake_server_set_backlog_len (f->fake, 50);
  test_ui_fixture_teardown (f, data);
}

int
main (int   argc,
      char *argv[])
{
  /* GApplication's "gtk" notification backend, to the test's own server. */
  g_setenv ("GNOTIFICATION_BACKEND", "gtk", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (test_ui_init ())
    start_shell ();

#define ADD(path, login, func) \
  g_test_add ("/ui/attention/" path, Fixture, login, test_ui_fixture_setup, func, teardown)
  ADD ("highlight-rows", MODERATOR, test_highlight_rows);
  ADD ("chips-bounded", MODERATOR, test_chips_bounded);
  ADD ("wave-card", MODERATOR, test_wave_card);
  ADD ("wave-delete-all", MODERATOR, test_wave_delete_all);
  ADD ("wave-mute-all", MODERATOR, test_wave_mute_all);
  ADD ("wave-cards-bounded", MODERATOR, test_wave_cards_bounded);
  ADD ("notification-delete", MODERATOR, test_notification_delete);
  ADD ("notifications", MODERATOR, test_notifications);
  ADD ("preferences-rules", MODERATOR, test_preferences_rules);
  ADD ("rants-strip", MODERATOR, test_rants_strip);
#undef ADD

  return g_test_run ();
}
