/* test-ui-sidebar.c — the user sidebar, its rows, context menu and user card
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "rumble-chat-api.h"
#include "rumble-text.h"
#include "moderato-user-card.h"
#include "moderato-user-row.h"
#include "moderato-user-sidebar.h"
#include "moderato-users-by-activity.h"
#include "test-util.h"

#define MARKUP_NAME "<b>bold</b> &amp; <span foreground=\"red\">x</span>"
/* Names show inside an isolate, so that a bidi control in one cannot reorder the row. */
#define SHOWN_MARKUP_NAME RUMBLE_TEXT_FSI MARKUP_NAME RUMBLE_TEXT_PDI

static gboolean have_display;

/* A `messages` event of one message; @badges NULL-terminated or NULL. */
static char *
message_event (const char         *message_id,
               const char         *user_id,
               const char         *username,
               const char         *time,
               const char         *text,
               const char * const *badges)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
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
  json_builder_add_string_value (b, message_id);
  json_builder_set_member_name (b, "time");
  json_builder_add_string_value (b, time);
  json_builder_set_member_name (b, "user_id");
  json_builder_add_string_value (b, user_id);
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, text);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "regular");
  json_builder_end_object (b);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "users");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, user_id);
  json_builder_set_member_name (b, "username");
  json_builder_add_string_value (b, username);
  json_builder_set_member_name (b, "is_follower");
  json_builder_add_boolean_value (b, g_str_has_prefix (username, "Fan"));
  if (badges != NULL)
    {
      json_builder_set_member_name (b, "badges");
      json_builder_begin_array (b);
      for (guint i = 0; badges[i] != NULL; i++)
        json_builder_add_string_value (b, badges[i]);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  json_builder_end_array (b);

  json_builder_end_object (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static void
post (RumbleChatApi      *chat,
      const char         *message_id,
      const char         *user_id,
      const char         *username,
      const char         *time,
      const char         *text,
      const char * const *badges)
{
  g_autofree char *json = message_event (message_id, user_id, username, time, text, badges);

  g_assert_true (rumble_chat_api_dispatch_event (chat, json, -1));
}

static RumbleChatApi *
make_chat (void)
{
  RumbleChatApi *chat = rumble_chat_api_new ("298765432");
  g_autofree char *init = test_load_fixture_compact ("sse_init.json");

  /* Badge icons resolve against the site: keep them on an unreachable loopback port. */
  rumble_chat_api_set_site_url (chat, "http://127.0.0.1:9");
  g_assert_true (rumble_chat_api_dispatch_event (chat, init, -1));
  return chat;
}

typedef struct {
  GtkWindow           *window;
  ModeratoUserSidebar *sidebar;
  RumbleChatApi       *chat;
  GSimpleActionGroup  *actions;
  GPtrArray           *activations;   /* "name param" strings */
} Fixture;

static void
on_action_activate (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  Fixture *f = user_data;
  g_autofree char *param = parameter != NULL ? g_variant_print (parameter, FALSE) : g_strdup ("");

  g_ptr_array_add (f->activations,
                   g_strdup_printf ("%s %s", g_action_get_name (G_ACTION (action)), param));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static const struct {
    const char *name;
    const char *type;
  } actions[] = {
    { "mute", "(ssus)" },
    { "unmute", "s" },
    { "copy-username", "s" },
    { "open-profile", "s" },
  };

  if (!have_display)
    return;

  f->activations = g_ptr_array_new_with_free_func (g_free);
  f->chat = make_chat ();
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 360, 600);
  f->sidebar = MODERATO_USER_SIDEBAR (moderato_user_sidebar_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->sidebar));
  moderato_user_sidebar_set_chat (f->sidebar, f->chat);

  /* Stand-ins for the window's win.* actions, recording what is activated. */
  f->actions = g_simple_action_group_new ();
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autoptr(GSimpleAction) action =
        g_simple_action_new (actions[i].name, G_VARIANT_TYPE (actions[i].type));

      g_signal_connect (action, "activate", G_CALLBACK (on_action_activate), f);
      g_action_map_add_action (G_ACTION_MAP (f->actions), G_ACTION (action));
    }
  gtk_widget_insert_action_group (GTK_WIDGET (f->window), "win", G_ACTION_GROUP (f->actions));

  gtk_window_present (f->window);
  test_iterate_for (100);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (!have_display)
    return;

  gtk_window_destroy (f->window);
  test_iterate_for (20);
  g_clear_object (&f->actions);
  g_assert_finalize_object (f->chat);
  g_ptr_array_unref (f->activations);
}

static char *
model_names (GListModel *model)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RumbleUser) user = g_list_model_get_item (model, i);

      if (s->len > 0)
        g_string_append_c (s, ',');
      g_string_append (s, rumble_user_get_username (user));
    }
  return g_string_free (s, FALSE);
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (MODERATO_IS_USER_ROW (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

static ModeratoUserRow *
find_row (Fixture    *f,
          const char *username)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (f->sidebar), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      RumbleUser *user = moderato_user_row_get_user (rows->pdata[i]);

      if (user != NULL && g_strcmp0 (rumble_user_get_username (user), username) == 0)
        return rows->pdata[i];
    }
  return NULL;
}

/* The first GtkLabel under @widget (depth first) whose text is @text. */
static GtkLabel *
find_label_with_text (GtkWidget  *widget,
                      const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label_with_text (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button_with_label (GtkWidget  *widget,
                        const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_with_label (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_widget_of_type (GtkWidget *widget,
                     GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct {
  GListModel *model;
  const char *expected;
} OrderWait;

static gboolean
order_is (gpointer data)
{
  OrderWait *w = data;
  g_autofree char *names = model_names (w->model);

  return g_str_equal (names, w->expected);
}

static void
assert_order (GListModel *model,
              const char *expected)
{
  g_autofree char *names = model_names (model);

  g_assert_cmpstr (names, ==, expected);
}

static void
wait_order (OrderWait *wait)
{
  gint64 end = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

  while (!order_is (wait) && g_get_monotonic_time () < end)
    test_iterate_for (20);
  assert_order (wait->model, wait->expected);
}

static void
test_sort_and_filter (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const mod_badges[] = { "moderator", NULL };
  GListModel *model;
  g_autofree char *names = NULL;
  GtkSearchEntry *entry;
  OrderWait wait;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  model = moderato_user_sidebar_get_model (f->sidebar);
  /* The init carries MarigoldFinch and CedarHollowLive (admin): staff first. */
  names = model_names (model);
  g_assert_cmpstr (names, ==, "CedarHollowLive,MarigoldFinch");
  g_clear_pointer (&names, g_free);

  post (f->chat, "1402937465012345701", "100", "AlderQuiet", "2026-04-20T18:05:00+00:00", "hi", NULL);
  post (f->chat, "1402937465012345702", "101", "BirchLoud", "2026-04-20T18:06:00+00:00", "hello", NULL);
  post (f->chat, "1402937465012345703", "102", "OakModerator", "2026-04-20T18:04:00+00:00", "evening",
        mod_badges);

  /* New users join the list with the next (coalesced) move, in their place (the first at
   * once if nothing moved for a while). */
  wait = (OrderWait) { model, "OakModerator,CedarHollowLive,BirchLoud,AlderQuiet,MarigoldFinch" };
  wait_order (&wait);

  /* AlderQuiet speaks again: the order follows activity, but coalesced (not at once). */
  post (f->chat, "1402937465012345704", "100", "AlderQuiet", "2026-04-20T18:07:00+00:00", "me again", NULL);
  assert_order (model, wait.expected);
  wait.expected = "OakModerator,CedarHollowLive,AlderQuiet,BirchLoud,MarigoldFinch";
  wait_order (&wait);

  /* Filter by name, ignoring case. */
  entry = GTK_SEARCH_ENTRY (find_widget_of_type (GTK_WIDGET (f->sidebar), GTK_TYPE_SEARCH_ENTRY));
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "oa");
  wait.expected = "OakModerator";
  wait_order (&wait);

  gtk_editable_set_text (GTK_EDITABLE (entry), "ZZZ-nobody");
  wait.expected = "";
  wait_order (&wait);
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (f->sidebar), "No user matches this name"));

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  wait.expected = "OakModerator,CedarHollowLive,AlderQuiet,BirchLoud,MarigoldFinch";
  wait_order (&wait);
}

static void
test_focus_filter (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *entry;
  GtkWidget *focus;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  entry = find_widget_of_type (GTK_WIDGET (f->sidebar), GTK_TYPE_SEARCH_ENTRY);
  moderato_user_sidebar_focus_filter (f->sidebar);
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));
}

static void
test_rows (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *mute = NULL;
  ModeratoUserRow *row;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  post (f->chat, "1402937465012345701", "61234567", MARKUP_NAME, "2026-04-20T18:05:00+00:00", "hi", NULL);
  post (f->chat, "1402937465012345702", "61234567", MARKUP_NAME, "2026-04-20T18:05:01+00:00", "again", NULL);
  post (f->chat, "1402937465012345703", "200", "FanOfTheShow", "2026-04-20T18:05:02+00:00", "<i>hey</i>", NULL);
  test_iterate_for (100);

  /* The markup-laden name shows literally. */
  row = find_row (f, MARKUP_NAME);
  g_assert_nonnull (row);
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (row), SHOWN_MARKUP_NAME));
  g_assert_false (gtk_label_get_use_markup (find_label_with_text (GTK_WIDGET (row), SHOWN_MARKUP_NAME)));
  /* Message count: the second of two messages in a row shows within the count's interval
   * (a second), not at once. */
  for (guint waited = 0; find_label_with_text (GTK_WIDGET (row), "2") == NULL && waited < 3000;
       waited += 50)
    test_iterate_for (50);
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (row), "2"));

  /* Badges as labels (icons cannot load here). */
  row = find_row (f, "CedarHollowLive");
  g_assert_nonnull (row);
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (row), "Admin"));

  /* Follower marker; muted marker appears with the mute_users event. */
  row = find_row (f, "FanOfTheShow");
  g_assert_nonnull (row);
  {
    GtkWidget *heart = NULL;

    for (GtkWidget *w = find_widget_of_type (GTK_WIDGET (row), GTK_TYPE_IMAGE); w != NULL; w = gtk_widget_get_next_sibling (w))
      if (GTK_IS_IMAGE (w) && gtk_widget_has_css_class (w, "follower"))
        heart = w;
    g_assert_nonnull (heart);
    g_assert_true (gtk_widget_get_visible (heart));
  }

  row = find_row (f, MARKUP_NAME);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "muted"));
  mute = test_load_fixture_compact ("sse_mute_users.json");
  g_assert_true (rumble_chat_api_dispatch_event (f->chat, mute, -1));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "muted"));
}

static gboolean
menu_has_action (GMenuModel *menu,
                 const char *action,
                 const char *target_text)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *a = NULL;
      g_autoptr(GVariant) target = NULL;
      g_autoptr(GMenuModel) section = NULL;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &a) &&
          g_str_equal (a, action))
        {
          g_autofree char *printed = NULL;

          target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET, NULL);
          printed = target != NULL ? g_variant_print (target, FALSE) : g_strdup ("");
          if (target_text == NULL || g_str_equal (printed, target_text))
            return TRUE;
        }

      section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      if (section != NULL && menu_has_action (section, action, target_text))
        return TRUE;
      g_clear_object (&section);
      section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SUBMENU);
      if (section != NULL && menu_has_action (section, action, target_text))
        return TRUE;
    }
  return FALSE;
}

static void
test_context_menu (Fixture       *f,
                   gconstpointer  data)
{
  ModeratoUserRow *row;
  g_autoptr(GMenuModel) menu = NULL;
  GtkWidget *popover;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  row = find_row (f, "MarigoldFinch");
  g_assert_nonnull (row);

  /* Not logged in (though the init said can_moderate): copy name and open profile only. */
  g_assert_true (rumble_chat_api_get_can_moderate (f->chat));
  menu = moderato_user_row_build_menu (row);
  g_assert_true (menu_has_action (menu, "win.copy-username", "'MarigoldFinch'"));
  g_assert_true (menu_has_action (menu, "win.open-profile", "'87654321'"));
  g_assert_false (menu_has_action (menu, "win.mute", NULL));
  g_assert_false (menu_has_action (menu, "win.unmute", NULL));
  g_clear_object (&menu);

  /* A session but no moderator rights: still hidden. */
  rumble_chat_api_set_session (f->chat, "test-session-token");
  g_assert_true (rumble_chat_api_dispatch_event (f->chat,
                                                 "{\"type\":\"can_moderate\",\"data\":{\"can_moderate\":false}}",
                                                 -1));
  menu = moderato_user_row_build_menu (row);
  g_assert_false (menu_has_action (menu, "win.mute", NULL));
  g_clear_object (&menu);

  /* A moderator: mute ▸ 5 minutes / this stream / forever, and unmute. */
  g_assert_true (rumble_chat_api_dispatch_event (f->chat,
                                                 "{\"type\":\"can_moderate\",\"data\":{\"can_moderate\":true}}",
                                                 -1));
  g_assert_true (rumble_chat_api_get_can_moderate (f->chat));
  menu = moderato_user_row_build_menu (row);
  g_assert_true (menu_has_action (menu, "win.mute", "('MarigoldFinch', 'user', 300, 'video')"));
  g_assert_true (menu_has_action (menu, "win.mute", "('MarigoldFinch', 'user', 0, 'video')"));
  g_assert_true (menu_has_action (menu, "win.mute", "('MarigoldFinch', 'user', 0, 'total')"));
  g_assert_true (menu_has_action (menu, "win.unmute", "'MarigoldFinch'"));
  g_clear_object (&menu);

  /* Shift+F10 on the focused row opens its menu. */
  gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row)));
  popover = find_widget_of_type (GTK_WIDGET (row), GTK_TYPE_POPOVER_MENU);
  g_assert_nonnull (popover);
  g_assert_false (gtk_widget_get_visible (popover));
  {
    GtkWidget *list = find_widget_of_type (GTK_WIDGET (f->sidebar), GTK_TYPE_LIST_VIEW);
    GtkEventController *controller = NULL;
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (list);

    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

        if (GTK_IS_SHORTCUT_CONTROLLER (c))
          {
            g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (c), 0);
            GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
            g_autofree char *text = gtk_shortcut_trigger_to_string (trigger);

            if (strstr (text, "F10") != NULL)
              {
                controller = c;
                g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                             list, NULL));
              }
          }
      }
    g_assert_nonnull (controller);
  }
  g_assert_true (gtk_widget_get_visible (popover));
  gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
test_card (Fixture       *f,
           gconstpointer  data)
{
  RumbleUser *user;
  GtkWidget *card;
  GListModel *messages;
  GtkWidget *button;
  g_autofree char *del = NULL;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  post (f->chat, "1402937465012345610", "61234567", MARKUP_NAME, "2026-04-20T18:05:00+00:00",
        "<b>not bold</b>", NULL);
  post (f->chat, "1402937465012345611", "300", "Someone", "2026-04-20T18:05:01+00:00", "other", NULL);
  post (f->chat, "1402937465012345612", "61234567", MARKUP_NAME, "2026-04-20T18:05:02+00:00",
        "second", NULL);

  user = rumble_chat_api_lookup_user (f->chat, "61234567");
  g_assert_nonnull (user);
  moderato_user_sidebar_show_user (f->sidebar, user);
  test_iterate_for (100);

  card = find_widget_of_type (GTK_WIDGET (f->sidebar), MODERATO_TYPE_USER_CARD);
  g_assert_nonnull (card);
  g_assert_true (gtk_widget_get_visible (card));
  g_assert_true (moderato_user_card_get_user (MODERATO_USER_CARD (card)) == user);

  /* Name shown literally; their messages only. */
  g_assert_nonnull (find_label_with_text (card, SHOWN_MARKUP_NAME));
  messages = moderato_user_card_get_messages (MODERATO_USER_CARD (card));
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 2);
  post (f->chat, "1402937465012345613", "61234567", MARKUP_NAME, "2026-04-20T18:05:03+00:00",
        "third", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 3);

  /* A deleted message stays, flagged. */
  del = test_load_fixture_compact ("sse_delete_messages.json");
  g_assert_true (rumble_chat_api_dispatch_event (f->chat, del, -1));
  {
    g_autoptr(RumbleMessage) first = g_list_model_get_item (messages, 0);

    g_assert_true (rumble_message_get_deleted (first));
  }

  /* Not logged in: no moderation buttons. */
  g_assert_false (moderato_user_card_get_can_moderate (MODERATO_USER_CARD (card)));
  g_assert_false (gtk_widget_get_mapped (find_button_with_label (card, "Mute Forever")));

  rumble_chat_api_set_session (f->chat, "test-session-token");
  g_assert_true (moderato_user_card_get_can_moderate (MODERATO_USER_CARD (card)));
  g_assert_true (rumble_chat_api_dispatch_event (f->chat,
                                                 "{\"type\":\"can_moderate\",\"data\":{\"can_moderate\":false}}",
                                                 -1));
  g_assert_false (moderato_user_card_get_can_moderate (MODERATO_USER_CARD (card)));
  g_assert_true (rumble_chat_api_dispatch_event (f->chat,
                                                 "{\"type\":\"can_moderate\",\"data\":{\"can_moderate\":true}}",
                                                 -1));
  g_assert_true (moderato_user_card_get_can_moderate (MODERATO_USER_CARD (card)));
  test_iterate_for (50);

  /* Each button activates the window action with the user's name. */
  g_ptr_array_set_size (f->activations, 0);
  button = find_button_with_label (card, "Mute for 5 Minutes");
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  g_signal_emit_by_name (find_button_with_label (card, "Mute for This Stream"), "clicked");
  g_signal_emit_by_name (find_button_with_label (card, "Mute Forever"), "clicked");
  g_signal_emit_by_name (find_button_with_label (card, "Unmute"), "clicked");
  g_assert_cmpuint (f->activations->len, ==, 4);
  g_assert_cmpstr (f->activations->pdata[0], ==, "mute ('" MARKUP_NAME "', 'user', 300, 'video')");
  g_assert_cmpstr (f->activations->pdata[1], ==, "mute ('" MARKUP_NAME "', 'user', 0, 'video')");
  g_assert_cmpstr (f->activations->pdata[2], ==, "mute ('" MARKUP_NAME "', 'user', 0, 'total')");
  g_assert_cmpstr (f->activations->pdata[3], ==, "unmute '" MARKUP_NAME "'");

  /* The muted flag from the stream shows on the card. */
  {
    g_autofree char *mute = test_load_fixture_compact ("sse_mute_users.json");
    GtkLabel *muted_label = find_label_with_text (card, "Muted in this chat");

    g_assert_nonnull (muted_label);
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (muted_label)));
    g_assert_true (rumble_chat_api_dispatch_event (f->chat, mute, -1));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (muted_label)));
  }

  /* Hidden, the card stops filtering the history. */
  gtk_popover_popdown (GTK_POPOVER (card));
  test_iterate_for (50);
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 0);
}

static void
test_activate_opens_card (Fixture       *f,
                          gconstpointer  data)
{
  GtkWidget *list;
  GtkWidget *card;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  list = find_widget_of_type (GTK_WIDGET (f->sidebar), GTK_TYPE_LIST_VIEW);
  g_signal_emit_by_name (list, "activate", 0u);
  test_iterate_for (50);
  card = find_widget_of_type (GTK_WIDGET (f->sidebar), MODERATO_TYPE_USER_CARD);
  g_assert_nonnull (card);
  g_assert_true (gtk_widget_get_visible (card));
  g_assert_cmpstr (rumble_user_get_username (moderato_user_card_get_user (MODERATO_USER_CARD (card))),
                   ==, "CedarHollowLive");

  /* Changing the chat closes it. */
  moderato_user_sidebar_set_chat (f->sidebar, NULL);
  g_assert_false (gtk_widget_get_visible (card));
  g_assert_cmpuint (g_list_model_get_n_items (moderato_user_sidebar_get_model (f->sidebar)), ==, 0);
}

/* @n messages, each from a new account. */
static void
post_newcomers (RumbleChatApi *chat,
                guint          first,
                guint          n)
{
  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *message_id = g_strdup_printf ("14029374650124%05u", i);
      g_autofree char *user_id = g_strdup_printf ("%u", 500000 + i);
      g_autofree char *name = g_strdup_printf ("Newcomer%u", i);

      post (chat, message_id, user_id, name, "2026-04-20T18:10:00+00:00", "hello", NULL);
    }
}

static gboolean
model_has (GListModel *model,
           gpointer    item)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) other = g_list_model_get_item (model, i);

      if (other == item)
        return TRUE;
    }
  return FALSE;
}

static void
test_card_holds_user (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RumbleUser) user = NULL;
  GListModel *model;
  GtkWidget *card;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  rumble_chat_api_set_history_len (f->chat, 10);
  rumble_chat_api_set_max_users (f->chat, 20);
  model = moderato_user_sidebar_get_model (f->sidebar);
  post (f->chat, "1402937465012345901", "4242", "OpenCard", "2026-04-20T18:09:00+00:00",
        "look at me", NULL);
  user = g_object_ref (rumble_chat_api_lookup_user (f->chat, "4242"));
  moderato_user_sidebar_show_user (f->sidebar, user);
  test_iterate_for (50);
  card = find_widget_of_type (GTK_WIDGET (f->sidebar), MODERATO_TYPE_USER_CARD);
  g_assert_true (gtk_widget_get_visible (card));

  /* A flood of new accounts pushes their message out of the history and the chat evicts
   * hundreds of users, but not the one the open card shows. */
  post_newcomers (f->chat, 0, 300);
  test_iterate_for (50);
  g_assert_true (rumble_chat_api_lookup_user (f->chat, "4242") == user);
  g_assert_true (model_has (model, user));
  g_assert_cmpuint (g_list_model_get_n_items (rumble_chat_api_get_users (f->chat)), <=, 20 + 1);
  g_assert_true (gtk_widget_get_visible (card));
  g_assert_true (moderato_user_card_get_user (MODERATO_USER_CARD (card)) == user);

  /* Closed, the card lets go: the list catches up with the evictions (the card froze
   * it), and the next eviction takes the user. */
  gtk_popover_popdown (GTK_POPOVER (card));
  test_iterate_for (50);
  g_assert_cmpuint (g_list_model_get_n_items (model), <=, 20 + 1);
  post_newcomers (f->chat, 300, 40);
  test_iterate_for (50);
  g_assert_null (rumble_chat_api_lookup_user (f->chat, "4242"));
  g_assert_false (model_has (model, user));
}

/* The people list's own pointer controller (GtkEventControllerMotion "people-hover"). */
static GtkEventController *
find_hover_controller (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_MOTION (controller) &&
          g_strcmp0 (gtk_event_controller_get_name (controller), "people-hover") == 0)
        return controller;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkEventController *found = find_hover_controller (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Three talkers after the init's two, settled in activity order (staff first). */
static void
post_talkers (Fixture *f)
{
  static const char * const mod_badges[] = { "moderator", NULL };
  OrderWait wait;

  post (f->chat, "1402937465012345701", "100", "AlderQuiet", "2026-04-20T18:05:00+00:00", "hi", NULL);
  post (f->chat, "1402937465012345702", "101", "BirchLoud", "2026-04-20T18:06:00+00:00", "hello", NULL);
  post (f->chat, "1402937465012345703", "102", "OakModerator", "2026-04-20T18:04:00+00:00", "evening",
        mod_badges);
  wait = (OrderWait) { moderato_user_sidebar_get_model (f->sidebar),
                       "OakModerator,CedarHollowLive,BirchLoud,AlderQuiet,MarigoldFinch" };
  wait_order (&wait);
}

static void
test_frozen_under_pointer (Fixture       *f,
                           gconstpointer  data)
{
  GListModel *model;
  GtkEventController *hover;
  GtkWidget *card;
  OrderWait wait;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  model = moderato_user_sidebar_get_model (f->sidebar);
  post_talkers (f);
  hover = find_hover_controller (GTK_WIDGET (f->sidebar));
  g_assert_nonnull (hover);

  /* The pointer comes over the list: others speak, someone new arrives, time passes;
   * no row moves, the newcomer is appended. */
  g_signal_emit_by_name (hover, "enter", 20.0, 20.0);
  g_assert_true (moderato_user_sidebar_get_frozen (f->sidebar));
  post (f->chat, "1402937465012345711", "100", "AlderQuiet", "2026-04-20T18:08:00+00:00", "up", NULL);
  post (f->chat, "1402937465012345712", "300", "ElmNew", "2026-04-20T18:09:00+00:00", "new", NULL);
  post (f->chat, "1402937465012345713", "300", "ElmNew", "2026-04-20T18:09:30+00:00", "again", NULL);
  test_iterate_for (1300);
  assert_order (model, "OakModerator,CedarHollowLive,BirchLoud,AlderQuiet,MarigoldFinch,ElmNew");

  /* It leaves: the list sorts itself again. */
  g_signal_emit_by_name (hover, "leave");
  g_assert_false (moderato_user_sidebar_get_frozen (f->sidebar));
  assert_order (model, "OakModerator,CedarHollowLive,ElmNew,AlderQuiet,BirchLoud,MarigoldFinch");

  /* A card opened from the list holds it still too, until it closes. */
  moderato_user_sidebar_show_user (f->sidebar, rumble_chat_api_lookup_user (f->chat, "101"));
  test_iterate_for (50);
  card = find_widget_of_type (GTK_WIDGET (f->sidebar), MODERATO_TYPE_USER_CARD);
  g_assert_true (gtk_widget_get_visible (card));
  g_assert_true (moderato_user_sidebar_get_frozen (f->sidebar));
  post (f->chat, "1402937465012345714", "101", "BirchLoud", "2026-04-20T18:10:00+00:00", "me", NULL);
  test_iterate_for (1300);
  assert_order (model, "OakModerator,CedarHollowLive,ElmNew,AlderQuiet,BirchLoud,MarigoldFinch");
  gtk_popover_popdown (GTK_POPOVER (card));
  test_iterate_for (50);
  g_assert_false (moderato_user_sidebar_get_frozen (f->sidebar));
  wait = (OrderWait) { model, "OakModerator,CedarHollowLive,BirchLoud,ElmNew,AlderQuiet,MarigoldFinch" };
  wait_order (&wait);
}

static void
test_sort_choice (Fixture       *f,
                  gconstpointer  data)
{
  GListModel *model;
  OrderWait wait;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  model = moderato_user_sidebar_get_model (f->sidebar);
  post_talkers (f);
  post (f->chat, "1402937465012345721", "101", "BirchLoud", "2026-04-20T18:07:00+00:00", "two", NULL);
  post (f->chat, "1402937465012345722", "101", "BirchLoud", "2026-04-20T18:07:10+00:00", "three", NULL);
  post (f->chat, "1402937465012345723", "100", "AlderQuiet", "2026-04-20T18:07:20+00:00", "two", NULL);

  /* The header's menu: staff first, then by name… */
  gtk_widget_activate_action (GTK_WIDGET (f->sidebar), "sidebar.sort", "s", "name");
  g_assert_cmpstr (moderato_user_sidebar_get_sort (f->sidebar), ==, "name");
  assert_order (model, "CedarHollowLive,OakModerator,AlderQuiet,BirchLoud,MarigoldFinch");
  /* …where a message moves no one. */
  post (f->chat, "1402937465012345724", "87654321", "MarigoldFinch", "2026-04-20T18:08:00+00:00", "x", NULL);
  test_iterate_for (1300);
  assert_order (model, "CedarHollowLive,OakModerator,AlderQuiet,BirchLoud,MarigoldFinch");

  /* By message count (ties: first come; MarigoldFinch spoke in the init too). */
  gtk_widget_activate_action (GTK_WIDGET (f->sidebar), "sidebar.sort", "s", "count");
  g_assert_cmpstr (moderato_user_sidebar_get_sort (f->sidebar), ==, "count");
  assert_order (model, "CedarHollowLive,OakModerator,BirchLoud,MarigoldFinch,AlderQuiet");
  post (f->chat, "1402937465012345725", "87654321", "MarigoldFinch", "2026-04-20T18:08:10+00:00", "y", NULL);
  post (f->chat, "1402937465012345726", "87654321", "MarigoldFinch", "2026-04-20T18:08:20+00:00", "z", NULL);
  wait = (OrderWait) { model, "CedarHollowLive,OakModerator,MarigoldFinch,BirchLoud,AlderQuiet" };
  wait_order (&wait);

  /* Unknown orders are ignored; back to activity. */
  moderato_user_sidebar_set_sort (f->sidebar, "shoe-size");
  g_assert_cmpstr (moderato_user_sidebar_get_sort (f->sidebar), ==, "count");
  gtk_widget_activate_action (GTK_WIDGET (f->sidebar), "sidebar.sort", "s", "activity");
  assert_order (model, "OakModerator,CedarHollowLive,MarigoldFinch,AlderQuiet,BirchLoud");
}

/* Frozen, the model only grows at its end; the thaw is one change. */
static void
test_freeze_changes (void)
{
  g_autoptr(RumbleChatApi) chat = make_chat ();
  g_autoptr(ModeratoUsersByActivity) model = moderato_users_by_activity_new (0);
  g_autoptr(TestChanges) changes = NULL;
  g_autofree char *record = NULL;
  g_autofree char *expected = NULL;
  guint n;

  moderato_users_by_activity_set_chat (model, chat);
  post_newcomers (chat, 0, 10);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  changes = test_changes_new (G_LIST_MODEL (model));

  moderato_users_by_activity_freeze (model);
  post_newcomers (chat, 10, 2);
  post (chat, "1402937465012348888", "500003", "Newcomer3", "2026-04-20T18:11:00+00:00",
        "again", NULL);
  /* The chat lets two of the first go. */
  rumble_chat_api_set_history_len (chat, 10);
  rumble_chat_api_set_max_users (chat, 10);
  record = test_changes_take (changes);
  expected = g_strdup_printf ("%u-0+1,%u-0+1", n, n + 1);
  g_assert_cmpstr (record, ==, expected);
  g_clear_pointer (&record, g_free);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n + 2);

  moderato_users_by_activity_thaw (model);
  record = test_changes_take (changes);
  g_assert_null (strchr (record, ','));   /* one change */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==,
                    g_list_model_get_n_items (rumble_chat_api_get_users (chat)));
  moderato_users_by_activity_set_chat (model, NULL);
}

/* The sidebar's order changes by precise steps, never by a re-sort of every user. */
static void
test_activity_changes (void)
{
  g_autoptr(RumbleChatApi) chat = make_chat ();
  g_autoptr(ModeratoUsersByActivity) model = moderato_users_by_activity_new (G_MAXUINT);
  g_autoptr(TestChanges) changes = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *record = NULL;
  guint n;

  moderato_users_by_activity_set_chat (model, chat);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  changes = test_changes_new (G_LIST_MODEL (model));

  /* New accounts wait for the next move (a flood of them must not change the list at
   * every message), then join after the staff, where their message put them, all in one
   * insertion. */
  post_newcomers (chat, 0, 100);
  record = test_changes_take (changes);
  g_assert_cmpstr (record, ==, "");
  g_clear_pointer (&record, g_free);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);

  moderato_users_by_activity_flush (model);
  record = test_changes_take (changes);
  g_assert_cmpstr (record, ==, "1-0+100");
  g_clear_pointer (&record, g_free);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n + 100);

  /* One of them speaks again: one change, from the top to where it was, nothing below. */
  post (chat, "1402937465012349999", "500050", "Newcomer50", "2026-04-20T18:11:00+00:00",
        "again", NULL);
  record = test_changes_take (changes);
  g_assert_cmpstr (record, ==, "");
  g_clear_pointer (&record, g_free);
  moderato_users_by_activity_flush (model);
  record = test_changes_take (changes);
  g_assert_cmpstr (record, ==, "1-51+51");
  g_clear_pointer (&record, g_free);

  /* The chat evicts the least recently seen down to 7/8 of 50, keeping the authors of the
   * last 10 messages: a removal for each of its splices, MarigoldFinch (last here) and the
   * oldest newcomers on either side of Newcomer50 (one run here, two in the chat's order). */
  rumble_chat_api_set_history_len (chat, 10);
  rumble_chat_api_set_max_users (chat, 50);
  record = test_changes_take (changes);
  g_assert_cmpstr (record, ==, "101-1+0,2-50+0,2-7+0");
  g_clear_pointer (&record, g_free);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==,
                    g_list_model_get_n_items (rumble_chat_api_get_users (chat)));

  moderato_users_by_activity_set_chat (model, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();

#define ADD(path, func) \
  g_test_add ("/ui/sidebar/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("sort-and-filter", test_sort_and_filter);
  ADD ("focus-filter", test_focus_filter);
  ADD ("rows", test_rows);
  ADD ("context-menu", test_context_menu);
  ADD ("card", test_card);
  ADD ("activate-opens-card", test_activate_opens_card);
  ADD ("card-holds-user", test_card_holds_user);
  ADD ("frozen-under-pointer", test_frozen_under_pointer);
  ADD ("sort-choice", test_sort_choice);
#undef ADD
  g_test_add_func ("/ui/sidebar/activity-changes", test_activity_changes);
  g_test_add_func ("/ui/sidebar/freeze-changes", test_freeze_changes);

  return g_test_run ();
}
