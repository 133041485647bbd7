/* test-ui-appearance.c — text size (Ctrl+plus/minus/0), compact rows and the style choice
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keys go through test_ui_press_key(): the application's accelerators reach the window as
 * GTK delivers them (its shortcut manager's controllers). Sizes are read from the real rows
 * of the chat and of the user list, after a layout.
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "moderato-appearance.h"
#include "moderato-chat-view.h"
#include "moderato-message-row.h"
#include "moderato-preferences-window.h"
#include "moderato-user-row.h"
#include "moderato-window.h"
#include "rumble-chat-api.h"
#include "rumble-fake-server.h"
#include "test-ui-util.h"
#include "test-util.h"

#define STREAM RUMBLE_FAKE_DEFAULT_STREAM

static GSettings *
settings_of (Fixture *f)
{
  GSettings *settings = moderato_application_get_settings (f->app);

  g_assert_nonnull (settings);
  return settings;
}

static void
reset_appearance (Fixture *f)
{
  g_settings_reset (settings_of (f), "text-scale");
  g_settings_reset (settings_of (f), "compact-rows");
  g_settings_reset (settings_of (f), "style-variant");
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  test_ui_fixture_setup (f, data);
  if (test_ui_have_display ())
    reset_appearance (f);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  if (test_ui_have_display ())
    reset_appearance (f);
  test_ui_fixture_teardown (f, data);
}

/* The widget at or under @root that @match says TRUE of; it must be there. */
static GtkWidget *
find_one (GtkWidget     *root,
          gboolean     (*match) (GtkWidget     *widget,
                                 gconstpointer  data),
          gconstpointer  data)
{
  GtkWidget *widget = test_ui_find_matching (root, match, data);

  g_assert_nonnull (widget);
  return widget;
}

/* The chat open with one short message of @user; returns its id. */
static char *
open_chat (Fixture    *f,
           const char *user)
{
  char *id;

  test_ui_open_stream (f, STREAM);
  id = test_ui_post_and_wait (f, user, "short line");
  test_iterate_for (150);
  return id;
}

/* The chat list's row showing the message @id, laid out. */
static GtkWidget *
row_of (Fixture    *f,
        const char *id)
{
  GtkWidget *list = GTK_WIDGET (moderato_chat_view_get_list_view (
                                  moderato_window_get_chat_view (f->window)));
  GtkWidget *row = test_ui_find_message_row (list, id);

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_mapped (row));
  return row;
}

/* The size of the font the widget lays its text out with, Pango units. */
static int
font_size (GtkWidget *widget)
{
  PangoContext *context = gtk_widget_get_pango_context (widget);

  return pango_font_description_get_size (pango_context_get_font_description (context));
}

static gboolean
is_name_label (GtkWidget     *widget,
               gconstpointer  data)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, MODERATO_TYPE_USER_ROW);
  RumbleUser *user;

  if (row == NULL || !GTK_IS_LABEL (widget) || !gtk_widget_has_css_class (widget, "name"))
    return FALSE;
  user = moderato_user_row_get_user (MODERATO_USER_ROW (row));
  return user != NULL && g_strcmp0 (rumble_user_get_username (user), data) == 0;
}

typedef struct {
  Fixture    *f;
  const char *user;
} NameLabel;

static gboolean
name_label_shown (gpointer data)
{
  NameLabel *n = data;
  GtkWidget *label = test_ui_find_matching (GTK_WIDGET (n->f->window), is_name_label, n->user);

  return label != NULL && gtk_widget_get_mapped (label);
}

/* The user list's name label of @user, shown (the list is updated in batches). */
static GtkWidget *
name_label_of (Fixture    *f,
               const char *user)
{
  NameLabel n = { f, user };

  test_wait_until (name_label_shown, &n, 5000);
  return find_one (GTK_WIDGET (f->window), is_name_label, user);
}

static gboolean
is_pinned_row (GtkWidget     *widget,
               gconstpointer  data)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  return MODERATO_IS_MESSAGE_ROW (widget) && parent != NULL &&
         gtk_widget_has_css_class (parent, "pinned-bar");
}

/* The pinned-message bar's row (hidden while nothing is pinned: its style still counts). */
static GtkWidget *
pinned_row (Fixture *f)
{
  return find_one (GTK_WIDGET (f->window), is_pinned_row, NULL);
}

static gboolean
has_action (GtkWidget     *widget,
            gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), data) == 0;
}

/* The button of the main menu's zoom row for @action. */
static GtkWidget *
zoom_button (Fixture    *f,
             const char *action)
{
  return find_one (GTK_WIDGET (f->window), has_action, action);
}

/* What the main menu's zoom row shows. */
static const char *
zoom_label (Fixture *f)
{
  GtkWidget *button = zoom_button (f, "win.zoom-reset");

  g_assert_nonnull (button);
  g_assert_true (GTK_IS_POPOVER_MENU (gtk_widget_get_ancestor (button, GTK_TYPE_POPOVER_MENU)));
  return gtk_button_get_label (GTK_BUTTON (button));
}

static double
text_scale (Fixture *f)
{
  return g_settings_get_double (settings_of (f), "text-scale");
}

static void
assert_scaled (int    size,
               int    base,
               double scale)
{
  g_assert_cmpfloat_with_epsilon ((double) size / base, scale, 0.02);
}

static void
test_text_size_keys (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = NULL;
  int base_size, base_name_size, base_pinned_size, base_height;
  GtkWidget *row;

  SKIP_WITHOUT_DISPLAY ();

  id = open_chat (f, "Zoom_Tester");
  row = row_of (f, id);
  base_size = font_size (row);
  base_height = gtk_widget_get_height (row);
  base_name_size = font_size (name_label_of (f, "Zoom_Tester"));
  base_pinned_size = font_size (pinned_row (f));
  g_assert_cmpint (base_size, >, 0);
  g_assert_cmpstr (zoom_label (f), ==, "100%");

  /* Ctrl+plus, as the keyboard sends it, and its other keys. */
  g_assert_true (test_ui_press_key (f, GDK_KEY_plus, GDK_CONTROL_MASK));
  g_assert_cmpfloat_with_epsilon (text_scale (f), 1.1, 1e-9);
  g_assert_true (test_ui_press_key (f, GDK_KEY_equal, GDK_CONTROL_MASK));
  g_assert_true (test_ui_press_key (f, GDK_KEY_KP_Add, GDK_CONTROL_MASK));
  g_assert_cmpfloat_with_epsilon (text_scale (f), 1.3, 1e-9);
  test_iterate_for (100);

  /* The rows lay out with the bigger font at once: the chat's, the user list's, the
   * pinned message's. */
  row = row_of (f, id);
  assert_scaled (font_size (row), base_size, 1.3);
  g_assert_cmpint (gtk_widget_get_height (row), >, base_height);
  assert_scaled (font_size (name_label_of (f, "Zoom_Tester")), base_name_size, 1.3);
  assert_scaled (font_size (pinned_row (f)), base_pinned_size, 1.3);
  g_assert_cmpstr (zoom_label (f), ==, "130%");

  g_assert_true (test_ui_press_key (f, GDK_KEY_minus, GDK_CONTROL_MASK));
  g_assert_true (test_ui_press_key (f, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK));
  g_assert_cmpfloat_with_epsilon (text_scale (f), 1.1, 1e-9);
  test_iterate_for (100);
  assert_scaled (font_size (row_of (f, id)), base_size, 1.1);

  /* Ctrl+0: back to the system size, as before. */
  g_assert_true (test_ui_press_key (f, GDK_KEY_0, GDK_CONTROL_MASK));
  g_assert_cmpfloat_with_epsilon (text_scale (f), 1.0, 1e-9);
  test_iterate_for (100);
  row = row_of (f, id);
  g_assert_cmpint (font_size (row), ==, base_size);
  g_assert_cmpint (gtk_widget_get_height (row), ==, base_height);
  g_assert_cmpint (font_size (name_label_of (f, "Zoom_Tester")), ==, base_name_size);
  g_assert_cmpstr (zoom_label (f), ==, "100%");
}

static void
test_text_size_bounds (Fixture       *f,
                       gconstpointer  data)
{
  SKIP_WITHOUT_DISPLAY ();

  g_assert_cmpfloat_with_epsilon (moderato_appearance_step_scale (1.0, 1), 1.1, 1e-9);
  g_assert_cmpfloat_with_epsilon (moderato_appearance_step_scale (1.04, -1), 0.9, 1e-9);
  g_assert_cmpfloat_with_epsilon (moderato_appearance_step_scale (2.0, 1), 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (moderato_appearance_step_scale (0.8, -1), 0.8, 1e-9);

  g_settings_set_double (settings_of (f), "text-scale", 1.9);
  g_assert_true (test_ui_press_key (f, GDK_KEY_plus, GDK_CONTROL_MASK));
  g_assert_cmpfloat_with_epsilon (text_scale (f), 2.0, 1e-9);
  /* At the top the action is off (its menu button too): the key does nothing. */
  g_assert_false (gtk_widget_is_sensitive (zoom_button (f, "win.zoom-in")));
  g_assert_true (gtk_widget_is_sensitive (zoom_button (f, "win.zoom-out")));
  g_assert_false (test_ui_press_key (f, GDK_KEY_plus, GDK_CONTROL_MASK));
  g_assert_cmpfloat_with_epsilon (text_scale (f), 2.0, 1e-9);
  g_assert_cmpstr (zoom_label (f), ==, "200%");

  g_settings_set_double (settings_of (f), "text-scale", 0.9);
  g_assert_true (test_ui_press_key (f, GDK_KEY_minus, GDK_CONTROL_MASK));
  g_assert_false (test_ui_press_key (f, GDK_KEY_minus, GDK_CONTROL_MASK));
  g_assert_cmpfloat_with_epsilon (text_scale (f), 0.8, 1e-9);
  g_assert_false (gtk_widget_is_sensitive (zoom_button (f, "win.zoom-out")));
  g_assert_cmpstr (zoom_label (f), ==, "80%");

  g_assert_true (test_ui_press_key (f, GDK_KEY_0, GDK_CONTROL_MASK));
  g_assert_cmpfloat_with_epsilon (text_scale (f), 1.0, 1e-9);
}

static void
test_compact_rows (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *id = NULL;
  int normal, compact;

  SKIP_WITHOUT_DISPLAY ();

  id = open_chat (f, "Compact_Tester");
  normal = gtk_widget_get_height (gtk_widget_get_parent (row_of (f, id)));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (f->window), "compact-rows"));

  g_settings_set_boolean (settings_of (f), "compact-rows", TRUE);
  test_iterate_for (100);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->window), "compact-rows"));
  compact = gtk_widget_get_height (gtk_widget_get_parent (row_of (f, id)));
  g_test_message ("row height: %d px, compact %d px", normal, compact);
  g_assert_cmpint (compact, <, normal);

  g_settings_set_boolean (settings_of (f), "compact-rows", FALSE);
  test_iterate_for (100);
  g_assert_cmpint (gtk_widget_get_height (gtk_widget_get_parent (row_of (f, id))), ==, normal);
}

static void
test_style (Fixture       *f,
            gconstpointer  data)
{
  AdwStyleManager *manager;

  SKIP_WITHOUT_DISPLAY ();

  manager = adw_style_manager_get_default ();
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_DEFAULT);

  g_settings_set_string (settings_of (f), "style-variant", "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (manager));

  g_settings_set_string (settings_of (f), "style-variant", "light");
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==,
                   ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (adw_style_manager_get_dark (manager));

  g_settings_set_string (settings_of (f), "style-variant", "default");
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_DEFAULT);
}

static gboolean
has_title (GtkWidget     *widget,
           gconstpointer  data)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

static GtkWidget *
row_titled (GtkWidget  *window,
            const char *title)
{
  return find_one (window, has_title, title);
}

/* The Appearance group of the preferences: each row writes its setting and follows it. */
static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *preferences;
  GtkWidget *style_row, *spin, *toggle;

  SKIP_WITHOUT_DISPLAY ();

  preferences = GTK_WIDGET (moderato_preferences_window_new (GTK_WINDOW (f->window),
                                                             settings_of (f)));
  g_object_add_weak_pointer (G_OBJECT (preferences), (gpointer *) &preferences);
  gtk_window_present (GTK_WINDOW (preferences));
  test_iterate_for (50);

  style_row = row_titled (preferences, "Style");
  g_assert_true (ADW_IS_COMBO_ROW (style_row));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (style_row)), ==, 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (style_row), 2);
  g_assert_cmpint (adw_style_manager_get_color_scheme (adw_style_manager_get_default ()), ==,
                   ADW_COLOR_SCHEME_FORCE_DARK);
  g_settings_set_string (settings_of (f), "style-variant", "light");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (style_row)), ==, 1);

  spin = test_ui_find_widget (row_titled (preferences, "Text Size"), GTK_TYPE_SPIN_BUTTON);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 100);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 150);
  g_assert_cmpfloat_with_epsilon (text_scale (f), 1.5, 1e-9);
  g_assert_true (test_ui_press_key (f, GDK_KEY_plus, GDK_CONTROL_MASK));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 160);

  toggle = test_ui_find_widget (row_titled (preferences, "Compact Rows"), GTK_TYPE_SWITCH);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (toggle)));
  gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  g_assert_true (g_settings_get_boolean (settings_of (f), "compact-rows"));
  test_iterate_for (50);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->window), "compact-rows"));

  gtk_window_destroy (GTK_WINDOW (preferences));
  test_iterate_for (50);
  g_assert_null (preferences);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  test_ui_init ();

  g_test_add ("/ui/appearance/text-size-keys", Fixture, NULL, setup, test_text_size_keys,
              teardown);
  g_test_add ("/ui/appearance/text-size-bounds", Fixture, NULL, setup, test_text_size_bounds,
              teardown);
  g_test_add ("/ui/appearance/compact-rows", Fixture, NULL, setup, test_compact_rows, teardown);
  g_test_add ("/ui/appearance/style", Fixture, NULL, setup, test_style, teardown);
  g_test_add ("/ui/appearance/preferences", Fixture, NULL, setup, test_preferences, teardown);

  return g_test_run ();
}
