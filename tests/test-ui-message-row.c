/* test-ui-message-row.c — the message row
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "moderato-image-cache.h"
#include "moderato-message-content.h"
#include "moderato-message-row.h"
#include "rumble-chat-api.h"
#include "rumble-emotes.h"
#include "rumble-fake-server.h"
#include "rumble-message-private.h"
#include "rumble-text.h"
#include "test-ui-util.h"
#include "test-util.h"

static gboolean have_display;

/* Rows need no window on the fake: only a display. */
#undef SKIP_WITHOUT_DISPLAY
#define SKIP_WITHOUT_DISPLAY() \
  G_STMT_START { if (!have_display) { g_test_skip ("no display"); return; } } G_STMT_END

/* Small helpers */

static void
test_time_left (void)
{
  g_autofree char *a = moderato_format_time_left (0);
  g_autofree char *b = moderato_format_time_left (65);
  g_autofree char *c = moderato_format_time_left (3723);
  g_autofree char *d = moderato_format_time_left (-5);

  g_assert_cmpstr (a, ==, "0:00");
  g_assert_cmpstr (b, ==, "1:05");
  g_assert_cmpstr (c, ==, "1:02:03");
  g_assert_cmpstr (d, ==, "0:00");
}

/* Rows over messages made by the real event dispatch */

static RumbleChatApi *
chat_with (const char * const *fixtures)
{
  RumbleChatApi *chat = rumble_chat_api_new ("298765432");

  for (guint i = 0; fixtures[i] != NULL; i++)
    {
      g_autofree char *json = test_load_fixture_compact (fixtures[i]);

      g_assert_true (rumble_chat_api_dispatch_event (chat, json, -1));
    }

  return chat;
}

static RumbleMessage *
find_message (RumbleChatApi *chat,
              const char    *id)
{
  RumbleMessage *message = rumble_chat_api_lookup_message (chat, id);

  g_assert_nonnull (message);
  return message;
}

static void
test_row_regular (void)
{
  static const char *fixtures[] = { "sse_init.json", "sse_messages_plain.json", NULL };
  g_autoptr(RumbleChatApi) chat = NULL;
  GListModel *messages;
  RumbleMessage *message;
  GtkWidget *row;
  const char *text;

  SKIP_WITHOUT_DISPLAY ();

  chat = chat_with (fixtures);
  messages = rumble_chat_api_get_messages (chat);
  g_assert_cmpuint (g_list_model_get_n_items (messages), >, 0);
  message = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);
  g_object_unref (message);

  row = g_object_ref_sink (moderato_message_row_new ());
  moderato_message_row_set_chat (MODERATO_MESSAGE_ROW (row), chat);
  moderato_message_row_set_message (MODERATO_MESSAGE_ROW (row), message);

  text = moderato_message_row_get_layout_text (MODERATO_MESSAGE_ROW (row));
  g_assert_nonnull (strstr (text, rumble_user_get_username (rumble_message_get_user (message))));
  g_assert_nonnull (strstr (text, rumble_message_get_text (message)));
  g_assert_nonnull (strstr (moderato_message_row_get_accessible_text (MODERATO_MESSAGE_ROW (row)),
                            rumble_message_get_text (message)));
  g_assert_false (gtk_widget_has_css_class (row, "deleted"));

  /* Timestamps on and off change the text. */
  g_assert_true (g_ascii_isdigit (text[0]));
  moderato_message_row_set_show_timestamps (MODERATO_MESSAGE_ROW (row), FALSE);
  g_assert_false (g_ascii_isdigit (moderato_message_row_get_layout_text (MODERATO_MESSAGE_ROW (row))[0]));

  /* Deleted: the stream event marks it, the row follows. */
  {
    g_autofree char *event = g_strdup_printf ("{\"type\":\"delete_messages\",\"data\":{\"message_ids\":[\"%s\"]}}",
                                              rumble_message_get_id (message));

    g_assert_true (rumble_chat_api_dispatch_event (chat, event, -1));
  }
  g_assert_true (rumble_message_get_deleted (message));
  g_assert_true (gtk_widget_has_css_class (row, "deleted"));
  g_assert_nonnull (strstr (moderato_message_row_get_accessible_text (MODERATO_MESSAGE_ROW (row)), "deleted"));
  /* Struck through, and says so after the text (who deleted it is not known). */
  text = moderato_message_row_get_layout_text (MODERATO_MESSAGE_ROW (row));
  g_assert_true (g_str_has_suffix (text, RUMBLE_TEXT_PDI " deleted"));
  g_assert_false (rumble_message_get_deleted_here (message));
  /* This account's delete request went through (it may answer after the event). */
  rumble_message_set_deleted_here (message);
  text = moderato_message_row_get_layout_text (MODERATO_MESSAGE_ROW (row));
  g_assert_true (g_str_has_suffix (text, RUMBLE_TEXT_PDI " deleted by you"));
  g_assert_nonnull (strstr (moderato_message_row_get_accessible_text (MODERATO_MESSAGE_ROW (row)),
                            "(deleted by you)"));

  /* Own message. */
  moderato_message_row_set_own_user (MODERATO_MESSAGE_ROW (row), rumble_message_get_user_id (message), "x");
  g_assert_true (gtk_widget_has_css_class (row, "own"));
  moderato_message_row_set_own_user (MODERATO_MESSAGE_ROW (row), NULL, NULL);
  g_assert_false (gtk_widget_has_css_class (row, "own"));

  moderato_message_row_set_message (MODERATO_MESSAGE_ROW (row), NULL);
  g_assert_finalize_object (row);
  g_assert_finalize_object (g_steal_pointer (&chat));
}

static void
test_row_muted (void)
{
  static const char *fixtures[] = { "sse_init.json", "sse_messages_plain.json", NULL };
  g_autoptr(RumbleChatApi) chat = NULL;
  g_autoptr(RumbleMessage) message = NULL;
  GListModel *messages;
  GtkWidget *row;

  SKIP_WITHOUT_DISPLAY ();

  chat = chat_with (fixtures);
  messages = rumble_chat_api_get_messages (chat);
  message = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);

  row = g_object_ref_sink (moderato_message_row_new ());
  moderato_message_row_set_message (MODERATO_MESSAGE_ROW (row), message);
  g_assert_false (gtk_widget_has_css_class (row, "muted"));

  {
    g_autofree char *event = g_strdup_printf ("{\"type\":\"mute_users\",\"data\":{\"user_ids\":[\"%s\"]}}",
                                              rumble_message_get_user_id (message));

    g_assert_true (rumble_chat_api_dispatch_event (chat, event, -1));
  }
  g_assert_true (rumble_user_get_muted (rumble_message_get_user (message)));
  g_assert_true (gtk_widget_has_css_class (row, "muted"));
  g_assert_false (gtk_widget_has_css_class (row, "deleted"));
  g_assert_nonnull (strstr (moderato_message_row_get_accessible_text (MODERATO_MESSAGE_ROW (row)),
                            "muted user"));

  /* A muted marker before the name, which says what it is under the pointer. */
  {
    const char *text = moderato_message_row_get_layout_text (MODERATO_MESSAGE_ROW (row));
    const char *name = strstr (text, rumble_user_get_username (rumble_message_get_user (message)));
    const char *label = NULL;

    g_assert_nonnull (name);
    g_assert_true (name - text >= 6);
    g_assert_cmpstr (name - 6, ==, strstr (text, "\xef\xbf\xbc" RUMBLE_TEXT_FSI));
    for (int x = 0; x < 300 && label == NULL; x++)
      label = moderato_message_row_get_tooltip_at (MODERATO_MESSAGE_ROW (row), x, 8, NULL);
    g_assert_cmpstr (label, ==, "Muted user");
  }

  g_assert_finalize_object (row);
  g_assert_finalize_object (g_steal_pointer (&chat));
}

static void
test_row_kinds (void)
{
  static const char *fixtures[] = {
    "sse_init.json", "sse_messages_rant.json", "sse_messages_raid_notice.json",
    "sse_messages_subscription_notice.json", "sse_messages_gift_notice.json",
    "sse_messages_as_channel.json", NULL
  };
  g_autoptr(RumbleChatApi) chat = NULL;
  GtkWidget *row;
  ModeratoMessageRow *r;

  SKIP_WITHOUT_DISPLAY ();

  chat = chat_with (fixtures);
  row = g_object_ref_sink (moderato_message_row_new ());
  r = MODERATO_MESSAGE_ROW (row);

  /* Rant: its own style and its price in the accessible label. The fixture's rant has
   * expired long ago, so no clock runs. */
  moderato_message_row_set_message (r, find_message (chat, "1402937465012345611"));
  g_assert_true (gtk_widget_has_css_class (row, "rant"));
  g_assert_nonnull (strstr (moderato_message_row_get_accessible_text (r), "$5.00"));
  g_assert_false (moderato_message_row_has_running_clock (r));

  /* Raid notice. */
  moderato_message_row_set_message (r, find_message (chat, "1402937465012345615"));
  g_assert_true (gtk_widget_has_css_class (row, "raid"));
  g_assert_false (gtk_widget_has_css_class (row, "rant"));
  g_assert_nonnull (strstr (moderato_message_row_get_layout_text (r), "raiding"));

  /* Gift notice: who gifted how many. */
  moderato_message_row_set_message (r, find_message (chat, "1402937465012345614"));
  g_assert_true (gtk_widget_has_css_class (row, "gift"));
  g_assert_nonnull (strstr (moderato_message_row_get_layout_text (r), "MarigoldFinch"));
  g_assert_nonnull (strstr (moderato_message_row_get_layout_text (r), "5"));

  g_assert_finalize_object (row);
  g_assert_finalize_object (g_steal_pointer (&chat));
}

static void
test_row_channel_identity (void)
{
  static const char *fixtures[] = { "sse_init.json", "sse_messages_as_channel.json", NULL };
  g_autoptr(RumbleChatApi) chat = NULL;
  g_autoptr(RumbleMessage) message = NULL;
  GListModel *messages;
  GtkWidget *row;
  RumbleChannel *channel;

  SKIP_WITHOUT_DISPLAY ();

  chat = chat_with (fixtures);
  messages = rumble_chat_api_get_messages (chat);
  message = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);
  channel = rumble_message_get_channel (message);
  g_assert_nonnull (channel);

  row = g_object_ref_sink (moderato_message_row_new ());
  moderato_message_row_set_message (MODERATO_MESSAGE_ROW (row), message);
  g_assert_nonnull (strstr (moderato_message_row_get_layout_text (MODERATO_MESSAGE_ROW (row)),
                            rumble_channel_get_name (channel)));
  g_assert_nonnull (strstr (moderato_message_row_get_layout_text (MODERATO_MESSAGE_ROW (row)),
                            rumble_user_get_username (rumble_message_get_user (message))));
  g_assert_finalize_object (row);
  g_assert_finalize_object (g_steal_pointer (&chat));
}

/* A name with a right-to-left override (balanced, so the library keeps it) and a text
 * with an isolate are each drawn inside an isolate of their own: neither can reorder the
 * rest of the row. */
static void
test_row_bidi_isolated (void)
{
  static const char *fixtures[] = { "sse_init.json", NULL };
  g_autoptr(RumbleChatApi) chat = NULL;
  RumbleMessage *message;
  GtkWidget *row;
  const char *text;

  SKIP_WITHOUT_DISPLAY ();

  chat = chat_with (fixtures);
  g_assert_true (rumble_chat_api_dispatch_event (chat,
    "{\"type\":\"messages\",\"data\":{\"messages\":[{\"id\":\"9002\","
    "\"time\":\"2026-04-20T18:05:00+00:00\",\"user_id\":\"61234567\",\"text\":\"\\u2067hi\\u2069 there\"}],"
    "\"users\":[{\"id\":\"61234567\",\"username\":\"nimda\\u202etxt\\u202c.exe\"}]}}", -1));
  message = rumble_chat_api_lookup_message (chat, "9002");
  g_assert_nonnull (message);

  row = g_object_ref_sink (moderato_message_row_new ());
  moderato_message_row_set_show_timestamps (MODERATO_MESSAGE_ROW (row), FALSE);
  moderato_message_row_set_message (MODERATO_MESSAGE_ROW (row), message);
  text = moderato_message_row_get_layout_text (MODERATO_MESSAGE_ROW (row));
  g_assert_nonnull (strstr (text, RUMBLE_TEXT_FSI "nimda\u202etxt\u202c.exe" RUMBLE_TEXT_PDI " "
                                  RUMBLE_TEXT_FSI "\u2067hi\u2069 there" RUMBLE_TEXT_PDI));
  g_assert_finalize_object (row);
  g_assert_finalize_object (g_steal_pointer (&chat));
}

static void
test_row_running_rant (void)
{
  g_autoptr(RumbleChatApi) chat = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 120);
  g_autofree char *now_text = g_date_time_format_iso8601 (now);
  g_autofree char *later_text = g_date_time_format_iso8601 (later);
  g_autofree char *init = test_load_fixture_compact ("sse_init.json");
  g_autofree char *event = NULL;
  GtkWidget *row;

  SKIP_WITHOUT_DISPLAY ();

  chat = rumble_chat_api_new ("298765432");
  g_assert_true (rumble_chat_api_dispatch_event (chat, init, -1));
  event = g_strdup_printf ("{\"type\":\"messages\",\"data\":{\"messages\":[{\"id\":\"77\",\"time\":\"%s\","
                           "\"user_id\":\"1\",\"text\":\"big thanks\",\"rant\":{\"price_cents\":2000,"
                           "\"duration\":120,\"expires_on\":\"%s\"}}],\"users\":[{\"id\":\"1\","
                           "\"username\":\"Giver\"}],\"channels\":[]}}", now_text, later_text);
  g_assert_true (rumble_chat_api_dispatch_event (chat, event, -1));

  row = g_object_ref_sink (moderato_message_row_new ());
  moderato_message_row_set_message (MODERATO_MESSAGE_ROW (row), find_message (chat, "77"));
  g_assert_true (moderato_message_row_has_running_clock (MODERATO_MESSAGE_ROW (row)));
  g_assert_nonnull (strstr (moderato_message_row_get_accessible_text (MODERATO_MESSAGE_ROW (row)), "$20.00"));
  moderato_message_row_tick (MODERATO_MESSAGE_ROW (row));
  g_assert_finalize_object (row);
  g_assert_finalize_object (g_steal_pointer (&chat));
}

/* Badges and emotes drawn as images, labels when the icon is missing */

static void
on_image_changed (ModeratoImageCache *cache,
                  const char         *url,
                  gboolean           *changed)
{
  *changed = TRUE;
}

static void
test_row_images (void)
{
  g_autoptr(RumbleFakeServer) fake = NULL;
  g_autoptr(ModeratoImageCache) cache = NULL;
  g_autoptr(RumbleChatApi) chat = NULL;
  g_autoptr(RumbleEmotes) emotes = rumble_emotes_new ();
  g_autofree char *catalogue = NULL;
  g_autofree char *init = NULL;
  g_autofree char *event = NULL;
  g_autofree char *emote_url = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row;
  ModeratoMessageRow *r;
  const char *text;
  gboolean changed = FALSE;
  ModeratoImageState state;

  SKIP_WITHOUT_DISPLAY ();

  fake = rumble_fake_server_new (0, &error);
  g_assert_no_error (error);
  cache = moderato_image_cache_new (NULL);
  moderato_image_cache_set_allow_loopback_http (cache, TRUE);
  g_signal_connect (cache, "image-changed", G_CALLBACK (on_image_changed), &changed);
  emote_url = g_strconcat (rumble_fake_server_get_url (fake), "/i/badges/admin_48.png", NULL);
  catalogue = g_strdup_printf ("{\"data\":{\"items\":[{\"id\":1,\"channel_id\":null,\"emotes\":["
                               "{\"name\":\"r+wave\",\"is_subs_only\":false,\"position\":0,"
                               "\"file\":\"%s\"}]}]}}", emote_url);
  g_assert_true (rumble_emotes_load_from_data (emotes, "298765432", catalogue, -1, &error));
  g_assert_no_error (error);

  chat = rumble_chat_api_new ("298765432");
  init = test_load_fixture_compact ("sse_init.json");
  g_assert_true (rumble_chat_api_dispatch_event (chat, init, -1));
  event = g_strdup ("{\"type\":\"messages\",\"data\":{\"messages\":[{\"id\":\"501\","
                    "\"time\":\"2026-04-20T18:04:00+00:00\",\"user_id\":\"9\","
                    "\"text\":\"hi :r+wave: and :r+nope: bye\"}],\"users\":[{\"id\":\"9\","
                    "\"username\":\"Waver\",\"badges\":[\"no-such-badge\"]}],\"channels\":[]}}");
  g_assert_true (rumble_chat_api_dispatch_event (chat, event, -1));

  row = g_object_ref_sink (moderato_message_row_new ());
  r = MODERATO_MESSAGE_ROW (row);
  moderato_message_row_set_chat (r, chat);
  moderato_message_row_set_image_cache (r, cache);
  moderato_message_row_set_emotes (r, emotes);
  moderato_message_row_set_show_timestamps (r, FALSE);
  moderato_message_row_set_message (r, find_message (chat, "501"));

  /* The catalogue emote becomes an object character; the unknown one stays text. An
   * unknown badge shows its slug as a label. */
  text = moderato_message_row_get_layout_text (r);
  g_assert_nonnull (strstr (text, "hi \xef\xbf\xbc and :r+nope: bye"));
  g_assert_null (strstr (text, ":r+wave:"));
  g_assert_true (g_str_has_prefix (text, RUMBLE_TEXT_FSI "no-such-badge" RUMBLE_TEXT_PDI " "));

  /* The image arrives; the row keeps its object character. */
  test_wait_for_flag (&changed, 5000);
  moderato_image_cache_lookup (cache, emote_url, &state);
  g_assert_cmpint (state, ==, MODERATO_IMAGE_READY);
  g_assert_nonnull (strstr (moderato_message_row_get_layout_text (r), "hi \xef\xbf\xbc and"));

  g_assert_finalize_object (row);
  g_assert_finalize_object (g_steal_pointer (&cache));
  g_assert_finalize_object (g_steal_pointer (&chat));
  g_assert_finalize_object (g_steal_pointer (&emotes));
  g_assert_finalize_object (g_steal_pointer (&fake));
}

/* A badge drawn as an image says its label under the pointer: the row answers
 * query-tooltip by hit-testing, and the label is in the accessible label too. */
static void
test_row_badge_tooltip (void)
{
  g_autoptr(RumbleFakeServer) fake = NULL;
  g_autoptr(ModeratoImageCache) cache = NULL;
  g_autoptr(RumbleChatApi) chat = NULL;
  g_autoptr(GtkTooltip) tooltip = NULL;
  g_autofree char *init = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  GtkWidget *row;
  ModeratoMessageRow *r;
  gboolean shown = FALSE;
  GdkRectangle area;
  int y;

  SKIP_WITHOUT_DISPLAY ();

  fake = rumble_fake_server_new (0, &error);
  g_assert_no_error (error);
  cache = moderato_image_cache_new (NULL);
  moderato_image_cache_set_allow_loopback_http (cache, TRUE);

  chat = rumble_chat_api_new ("298765432");
  rumble_chat_api_set_site_url (chat, rumble_fake_server_get_url (fake));
  init = test_load_fixture_compact ("sse_init.json");
  g_assert_true (rumble_chat_api_dispatch_event (chat, init, -1));
  g_assert_true (rumble_chat_api_dispatch_event (chat,
    "{\"type\":\"messages\",\"data\":{\"messages\":[{\"id\":\"601\","
    "\"time\":\"2026-04-20T18:04:00+00:00\",\"user_id\":\"19\",\"text\":\"hello\"}],"
    "\"users\":[{\"id\":\"19\",\"username\":\"Badged\",\"badges\":[\"moderator\"]}],"
    "\"channels\":[]}}", -1));

  row = moderato_message_row_new ();
  r = MODERATO_MESSAGE_ROW (row);
  moderato_message_row_set_chat (r, chat);
  moderato_message_row_set_image_cache (r, cache);
  moderato_message_row_set_show_timestamps (r, FALSE);
  moderato_message_row_set_message (r, find_message (chat, "601"));
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 100);
  gtk_widget_set_valign (row, GTK_ALIGN_START);
  gtk_window_set_child (GTK_WINDOW (window), row);
  gtk_window_present (GTK_WINDOW (window));
  test_iterate_for (100);

  /* The badge is an image at the start of the line (loading or loaded). */
  g_assert_true (g_str_has_prefix (moderato_message_row_get_layout_text (r), "\xef\xbf\xbc"));
  g_assert_nonnull (strstr (moderato_message_row_get_accessible_text (r),
                            "Badged (Moderator): hello"));

  y = gtk_widget_get_height (row) / 2;
  tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  g_signal_emit_by_name (row, "query-tooltip", 9, y, FALSE, tooltip, &shown);
  g_assert_true (shown);
  g_assert_cmpstr (moderato_message_row_get_tooltip_at (r, 9, y, &area), ==, "Moderator");
  g_assert_cmpint (area.x, <=, 9);
  g_assert_cmpint (area.x + area.width, >, 9);

  /* Over the text: nothing. */
  shown = TRUE;
  g_signal_emit_by_name (row, "query-tooltip", gtk_widget_get_width (row) - 2, y, FALSE, tooltip,
                         &shown);
  g_assert_false (shown);

  g_object_ref (row);
  gtk_window_destroy (GTK_WINDOW (window));
  moderato_message_row_set_message (r, NULL);
  g_assert_finalize_object (row);
  g_assert_finalize_object (g_steal_pointer (&cache));
  g_assert_finalize_object (g_steal_pointer (&chat));
  g_assert_finalize_object (g_steal_pointer (&fake));
}

/* Rows of equal rhythm: an emote is as tall as the line at any text size, so a row with one
 * is exactly as tall as a row without; under the pointer it shows at its own size with its
 * name, answered by the row's query-tooltip like a badge's label. */

typedef struct {
  RumbleFakeServer   *fake;
  ModeratoImageCache *cache;
  RumbleChatApi      *chat;
  RumbleEmotes       *emotes;
  char               *emote_url;
  GtkWidget          *window;
  GtkWidget          *with_emote;
  GtkWidget          *without;
  int                 grown_above;   /* rows_grown(): taller than this */
} EmoteRows;

static void
emote_rows_setup (EmoteRows *t)
{
  g_autofree char *catalogue = NULL;
  g_autofree char *init = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *box;
  gboolean changed = FALSE;
  ModeratoImageState state = MODERATO_IMAGE_NONE;

  t->fake = rumble_fake_server_new (0, &error);
  g_assert_no_error (error);
  t->cache = moderato_image_cache_new (NULL);
  moderato_image_cache_set_allow_loopback_http (t->cache, TRUE);
  g_signal_connect (t->cache, "image-changed", G_CALLBACK (on_image_changed), &changed);
  t->emote_url = g_strconcat (rumble_fake_server_get_url (t->fake), "/i/badges/admin_48.png", NULL);
  catalogue = g_strdup_printf ("{\"data\":{\"items\":[{\"id\":1,\"channel_id\":null,\"emotes\":["
                               "{\"name\":\"r+wave\",\"is_subs_only\":false,\"position\":0,"
                               "\"file\":\"%s\"}]}]}}", t->emote_url);
  t->emotes = rumble_emotes_new ();
  g_assert_true (rumble_emotes_load_from_data (t->emotes, "298765432", catalogue, -1, &error));
  g_assert_no_error (error);
  /* Loaded before the rows are made: they draw the image, not a placeholder. */
  moderato_image_cache_lookup (t->cache, t->emote_url, &state);
  test_wait_for_flag (&changed, 5000);
  g_signal_handlers_disconnect_by_func (t->cache, on_image_changed, &changed);

  t->chat = rumble_chat_api_new ("298765432");
  init = test_load_fixture_compact ("sse_init.json");
  g_assert_true (rumble_chat_api_dispatch_event (t->chat, init, -1));
  g_assert_true (rumble_chat_api_dispatch_event (t->chat,
    "{\"type\":\"messages\",\"data\":{\"messages\":["
    "{\"id\":\"701\",\"time\":\"2026-04-20T18:04:00+00:00\",\"user_id\":\"29\","
    "\"text\":\"hi :r+wave: bye\"},"
    "{\"id\":\"702\",\"time\":\"2026-04-20T18:04:01+00:00\",\"user_id\":\"29\","
    "\"text\":\"hi there bye\"}],"
    "\"users\":[{\"id\":\"29\",\"username\":\"Waver\"}],\"channels\":[]}}", -1));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_valign (box, GTK_ALIGN_START);
  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *row = moderato_message_row_new ();
      ModeratoMessageRow *r = MODERATO_MESSAGE_ROW (row);

      moderato_message_row_set_chat (r, t->chat);
      moderato_message_row_set_image_cache (r, t->cache);
      moderato_message_row_set_emotes (r, t->emotes);
      moderato_message_row_set_show_timestamps (r, FALSE);
      moderato_message_row_set_message (r, find_message (t->chat, i == 0 ? "701" : "702"));
      gtk_box_append (GTK_BOX (box), row);
      *(i == 0 ? &t->with_emote : &t->without) = row;
    }
  t->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (t->window), 400, 200);
  gtk_window_set_child (GTK_WINDOW (t->window), box);
  gtk_window_present (GTK_WINDOW (t->window));
  test_iterate_for (150);
  g_assert_nonnull (strstr (moderato_message_row_get_layout_text (
                              MODERATO_MESSAGE_ROW (t->with_emote)), "hi \xef\xbf\xbc bye"));
}

static void
emote_rows_teardown (EmoteRows *t)
{
  g_object_ref (t->with_emote);
  g_object_ref (t->without);
  gtk_window_destroy (GTK_WINDOW (t->window));
  moderato_message_row_set_message (MODERATO_MESSAGE_ROW (t->with_emote), NULL);
  moderato_message_row_set_message (MODERATO_MESSAGE_ROW (t->without), NULL);
  g_assert_finalize_object (t->with_emote);
  g_assert_finalize_object (t->without);
  g_assert_finalize_object (t->cache);
  g_assert_finalize_object (t->chat);
  g_assert_finalize_object (t->emotes);
  g_assert_finalize_object (t->fake);
  g_free (t->emote_url);
}

/* Where the emote of @row is drawn, found by hit-testing across its first line. */
static gboolean
find_emote (GtkWidget    *row,
            GdkRectangle *area)
{
  for (int x = 0; x < gtk_widget_get_width (row); x++)
    for (int y = 0; y < gtk_widget_get_height (row); y += 2)
      if (g_strcmp0 (moderato_message_row_get_tooltip_at (MODERATO_MESSAGE_ROW (row), x, y, area),
                     ":r+wave:") == 0)
        return TRUE;
  return FALSE;
}

static gboolean
rows_grown (gpointer data)
{
  EmoteRows *t = data;

  return gtk_widget_get_height (t->without) > t->grown_above &&
         gtk_widget_get_height (t->with_emote) > t->grown_above;
}

static void
test_row_emote_rhythm (void)
{
  EmoteRows t = { 0 };
  g_autoptr(GtkCssProvider) large = gtk_css_provider_new ();
  GdkRectangle area, large_area;
  int height;

  SKIP_WITHOUT_DISPLAY ();

  emote_rows_setup (&t);
  height = gtk_widget_get_height (t.without);
  g_assert_cmpint (height, >, 0);
  g_assert_cmpint (gtk_widget_get_height (t.with_emote), ==, height);
  g_assert_true (find_emote (t.with_emote, &area));
  /* Not a token: as tall as the line. */
  g_assert_cmpint (area.height, >=, height * 2 / 3);
  g_assert_cmpint (area.height, <=, height);

  /* Twice the text size (as the text-size setting does, by CSS): the emote follows the
   * font, the rows stay level. */
  gtk_css_provider_load_from_data (large, "chatmessage { font-size: 200%; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (large),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  /* Restyled and laid out again (slower under ASan than a fixed wait allows). */
  t.grown_above = height * 3 / 2;
  test_wait_until (rows_grown, &t, 10000);
  test_iterate_for (50);
  g_assert_cmpint (gtk_widget_get_height (t.without), >, height * 3 / 2);
  g_assert_cmpint (gtk_widget_get_height (t.with_emote), ==, gtk_widget_get_height (t.without));
  g_assert_true (find_emote (t.with_emote, &large_area));
  g_assert_cmpint (large_area.height, >, area.height * 3 / 2);
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (large));

  emote_rows_teardown (&t);
}

static void
test_row_emote_preview (void)
{
  EmoteRows t = { 0 };
  g_autoptr(GtkTooltip) tooltip = NULL;
  GtkWidget *preview;
  GtkWidget *picture;
  GtkWidget *label;
  GdkRectangle area;
  gboolean shown = FALSE;
  ModeratoImageState state;
  GdkTexture *texture;

  SKIP_WITHOUT_DISPLAY ();

  emote_rows_setup (&t);
  g_assert_true (find_emote (t.with_emote, &area));
  g_assert_null (moderato_message_row_get_emote_preview (MODERATO_MESSAGE_ROW (t.with_emote)));

  tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  g_signal_emit_by_name (t.with_emote, "query-tooltip", area.x + area.width / 2,
                         area.y + area.height / 2, FALSE, tooltip, &shown);
  g_assert_true (shown);

  /* One preview widget: the image at its own size, and the name. */
  preview = moderato_message_row_get_emote_preview (MODERATO_MESSAGE_ROW (t.with_emote));
  g_assert_nonnull (preview);
  picture = test_ui_find_widget (preview, GTK_TYPE_PICTURE);
  label = test_ui_find_widget (preview, GTK_TYPE_LABEL);
  texture = moderato_image_cache_lookup (t.cache, t.emote_url, &state);
  g_assert_true (gtk_picture_get_paintable (GTK_PICTURE (picture)) == GDK_PAINTABLE (texture));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, ":r+wave:");
  {
    int natural;

    gtk_widget_measure (picture, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
    g_assert_cmpint (natural, ==, gdk_texture_get_width (texture));
    g_assert_cmpint (natural, >, area.width);
  }

  /* Over the text: nothing; over the same emote again: the same widget. */
  shown = TRUE;
  g_signal_emit_by_name (t.without, "query-tooltip", area.x + area.width / 2,
                         area.y + area.height / 2, FALSE, tooltip, &shown);
  g_assert_false (shown);
  g_signal_emit_by_name (t.with_emote, "query-tooltip", area.x + 1, area.y + 1, FALSE, tooltip,
                         &shown);
  g_assert_true (shown);
  g_assert_true (moderato_message_row_get_emote_preview (MODERATO_MESSAGE_ROW (t.with_emote)) ==
                 preview);

  g_clear_object (&tooltip);
  emote_rows_teardown (&t);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();

  g_test_add_func ("/moderato/message-row/time-left", test_time_left);
  g_test_add_func ("/moderato/message-row/regular", test_row_regular);
  g_test_add_func ("/moderato/message-row/muted", test_row_muted);
  g_test_add_func ("/moderato/message-row/kinds", test_row_kinds);
  g_test_add_func ("/moderato/message-row/channel-identity", test_row_channel_identity);
  g_test_add_func ("/moderato/message-row/running-rant", test_row_running_rant);
  g_test_add_func ("/moderato/message-row/bidi-isolated", test_row_bidi_isolated);
  g_test_add_func ("/moderato/message-row/images", test_row_images);
  g_test_add_func ("/moderato/message-row/badge-tooltip", test_row_badge_tooltip);
  g_test_add_func ("/moderato/message-row/emote-rhythm", test_row_emote_rhythm);
  g_test_add_func ("/moderato/message-row/emote-preview", test_row_emote_preview);

  return g_test_run ();
}
