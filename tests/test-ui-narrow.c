/* test-ui-narrow.c — the window at 320×1000 and 1920×1080: nothing cut or overlapping, the
 * folded stream field and sidebar, what is streaming in the header, errors shown whole
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <string.h>

#include "moderato-window.h"
#include "rumble-chat-api.h"
#include "rumble-fake-server.h"
#include "test-ui-util.h"
#include "test-util.h"

#define STREAM     RUMBLE_FAKE_DEFAULT_STREAM
#define VIDEO_LINK "https://rumble.com/v6xyz12-friday-night-build.html"

/* ---- The layout check ----
 *
 * Walks every visible, mapped widget under the window (popovers and other natives are their
 * own surfaces and left out) and reports:
 *   outside  a widget's bounds reach past the window's, except below a GtkScrollable, whose
 *            children scroll under its clip (the scrollable itself is checked), and a flap's
 *            dimming and shadow;
 *   overlap  two sibling widgets, both with an area, whose bounds intersect by more than half
 *            a pixel each way, except where the parent layers its children on purpose: toasts
 *            over the content (AdwToastOverlay, GtkOverlay), overlay scrollbars
 *            (GtkScrolledWindow), and a folded AdwFlap's sidebar over the chat;
 *   cut      a widget allocated less than its minimum width, or less than its minimum height
 *            for the width it got (a label that neither wraps nor ellipsizes gets cut so).
 * It also counts what it compared, so that a test can tell it looked at something. */

typedef struct {
  GtkWidget       *window;
  graphene_rect_t  window_bounds;   /* grown by half a pixel */
  GString         *problems;
  guint      n_widgets;
  guint      n_pairs;
} Layout;

static char *
describe (GtkWidget *widget)
{
  const char *name = gtk_widget_get_name (widget);

  if (GTK_IS_LABEL (widget))
    return g_strdup_printf ("%s “%.40s”", name, gtk_label_get_text (GTK_LABEL (widget)));
  if (gtk_widget_get_tooltip_text (widget) != NULL)
    return g_strdup_printf ("%s [%s]", name, gtk_widget_get_tooltip_text (widget));
  return g_strdup (name);
}

static gboolean
layers_children (GtkWidget *parent)
{
  return ADW_IS_TOAST_OVERLAY (parent) || GTK_IS_OVERLAY (parent) ||
         GTK_IS_SCROLLED_WINDOW (parent) ||
         (ADW_IS_FLAP (parent) && adw_flap_get_folded (ADW_FLAP (parent)));
}

static gboolean
shown (GtkWidget *widget)
{
  return gtk_widget_get_visible (widget) && gtk_widget_get_mapped (widget) &&
         !GTK_IS_NATIVE (widget);
}

static void
check_widget (Layout    *layout,
              GtkWidget *widget,
              gboolean   clipped)
{
  graphene_rect_t bounds;
  g_autofree char *what = describe (widget);
  /* What the parent gave, as gtk_widget_measure() counts it: with the margins. */
  int width = gtk_widget_get_allocated_width (widget) + gtk_widget_get_margin_start (widget) +
              gtk_widget_get_margin_end (widget);
  int height = gtk_widget_get_allocated_height (widget) + gtk_widget_get_margin_top (widget) +
               gtk_widget_get_margin_bottom (widget);
  int min_width, min_height;

  layout->n_widgets++;
  g_assert_true (gtk_widget_compute_bounds (widget, layout->window, &bounds));

  if (!clipped && !graphene_rect_contains_rect (&layout->window_bounds, &bounds))
    g_string_append_printf (layout->problems, "outside: %s at %g,%g %g×%g\n", what,
                            bounds.origin.x, bounds.origin.y, bounds.size.width,
                            bounds.size.height);

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, width, &min_height, NULL, NULL, NULL);
  if (width < min_width || height < min_height)
    g_string_append_printf (layout->problems, "cut: %s %d×%d, needs %d×%d\n", what,
                            width, height, min_width, min_height);
}

static void
check_tree (Layout    *layout,
            GtkWidget *parent,
            gboolean   scrolled)
{
  gboolean layered = layers_children (parent);

  scrolled = scrolled || GTK_IS_SCROLLABLE (parent);

  for (GtkWidget *a = gtk_widget_get_first_child (parent); a != NULL;
       a = gtk_widget_get_next_sibling (a))
    {
      graphene_rect_t ra;

      if (!shown (a))
        continue;

      /* A folded flap's dimming and shadow (AdwGizmo) slide in with it from outside. */
      check_widget (layout, a, scrolled ||
                               (ADW_IS_FLAP (parent) &&
                                g_str_equal (G_OBJECT_TYPE_NAME (a), "AdwGizmo")));
      check_tree (layout, a, scrolled);

      if (layered || !gtk_widget_compute_bounds (a, parent, &ra) ||
          ra.size.width < 1 || ra.size.height < 1)
        continue;

      for (GtkWidget *b = gtk_widget_get_next_sibling (a); b != NULL;
           b = gtk_widget_get_next_sibling (b))
        {
          graphene_rect_t rb, both;

          if (!shown (b) || !gtk_widget_compute_bounds (b, parent, &rb) ||
              rb.size.width < 1 || rb.size.height < 1)
            continue;

          layout->n_pairs++;
          if (graphene_rect_intersection (&ra, &rb, &both) &&
              both.size.width > 0.5 && both.size.height > 0.5)
            {
              g_autofree char *what_a = describe (a);
              g_autofree char *what_b = describe (b);

              g_string_append_printf (layout->problems, "overlap: %s and %s in %s by %g×%g\n",
                                      what_a, what_b, gtk_widget_get_name (parent),
                                      both.size.width, both.size.height);
            }
        }
    }
}

/* The problems found under @window ("" when none); at least @min_widgets were compared. */
static char *
check_layout (GtkWidget *window,
              guint      min_widgets)
{
  Layout layout = { window, GRAPHENE_RECT_INIT (0, 0, 0, 0), g_string_new (NULL), 0, 0 };

  /* The window's own box: its header bar may reach into the window's border. */
  g_assert_true (gtk_widget_compute_bounds (window, window, &layout.window_bounds));
  graphene_rect_inset (&layout.window_bounds, -0.5, -0.5);
  check_tree (&layout, window, FALSE);
  g_test_message ("layout: %u widgets, %u sibling pairs compared", layout.n_widgets,
                  layout.n_pairs);
  g_assert_cmpuint (layout.n_widgets, >=, min_widgets);
  g_assert_cmpuint (layout.n_pairs, >=, min_widgets / 4);

  return g_string_free (layout.problems, FALSE);
}

typedef struct {
  GtkWidget *window;
  int        width;
  int        height;
} WaitSize;

static gboolean
has_size (gpointer data)
{
  WaitSize *w = data;

  return gtk_widget_get_allocated_width (w->window) == w->width &&
         gtk_widget_get_allocated_height (w->window) == w->height;
}

/* Resizes @window and waits for the layout and its transitions (revealers, the flap, the
 * stack) to settle. */
static void
resize (GtkWidget *window,
        int        width,
        int        height)
{
  WaitSize w = { window, width, height };
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  /* As a window manager would, on the live window: GTK 4.8 applies a default size only
   * when a window is shown. */
  g_assert_true (GDK_IS_X11_SURFACE (surface));
  XResizeWindow (gdk_x11_display_get_xdisplay (gdk_surface_get_display (surface)),
                 gdk_x11_surface_get_xid (surface), width, height);
  while (!has_size (&w) && g_get_monotonic_time () < end)
    test_iterate_for (20);
  test_iterate_for (600);
  g_assert_cmpint (gtk_widget_get_allocated_width (window), ==, width);
  g_assert_cmpint (gtk_widget_get_allocated_height (window), ==, height);
}

static GtkWidget *
template_child (Fixture    *f,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (f->window), MODERATO_TYPE_WINDOW,
                                                  name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* The checker is not vacuous: it sees an overlap and a widget past the window's edge. */
static void
test_checker_catches (void)
{
  GtkWidget *window, *fixed;
  g_autofree char *problems = NULL;

  SKIP_WITHOUT_DISPLAY ();

  window = gtk_window_new ();
  fixed = gtk_fixed_new ();
  gtk_window_set_child (GTK_WINDOW (window), fixed);
  gtk_fixed_put (GTK_FIXED (fixed), gtk_button_new_with_label ("one"), 0, 0);
  gtk_fixed_put (GTK_FIXED (fixed), gtk_button_new_with_label ("two"), 10, 10);
  gtk_fixed_put (GTK_FIXED (fixed), gtk_button_new_with_label ("far"), -20, 80);
  gtk_window_present (GTK_WINDOW (window));
  test_iterate_for (300);

  problems = check_layout (window, 4);
  g_test_message ("%s", problems);
  g_assert_nonnull (strstr (problems, "overlap: GtkButton and GtkButton in GtkFixed"));
  g_assert_nonnull (strstr (problems, "outside: GtkButton at -20,80"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- The window ---- */

static void
open_video (Fixture *f)
{
  rumble_fake_server_add_video (f->fake, "v6xyz12", "v5abcde", STREAM);
  moderato_window_open_stream (f->window, VIDEO_LINK);
  test_wait_until (test_ui_chat_live, f, 10000);
}

static void
assert_layout_clean (Fixture *f)
{
  g_autofree char *problems = check_layout (GTK_WIDGET (f->window), 40);

  if (*problems != '\0')
    g_test_message ("%s", problems);
  g_assert_cmpstr (problems, ==, "");
}

static gboolean
sidebar_shown (Fixture *f)
{
  gboolean shown;

  g_object_get (f->window, "show-sidebar", &shown, NULL);
  return shown;
}

static gboolean
has_zoom_reset (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)),
                    "win.zoom-reset") == 0;
}

static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  GSettings *settings;
  AdwFlap *flap;
  GtkWidget *entry, *button, *popover, *popover_entry;

  SKIP_WITHOUT_DISPLAY ();

  settings = moderato_application_get_settings (f->app);
  g_settings_set_boolean (settings, "show-sidebar", TRUE);
  flap = ADW_FLAP (template_child (f, "flap"));
  entry = template_child (f, "stream_entry");
  button = template_child (f, "stream_button");
  popover = template_child (f, "stream_popover");
  popover_entry = template_child (f, "stream_popover_entry");

  open_video (f);
  resize (GTK_WIDGET (f->window), 320, 1000);

  /* The stream field folds into its button; the sidebar would overlay the chat, and starts
   * closed without forgetting the wide layout's choice. */
  g_assert_true (moderato_window_get_narrow (f->window));
  /* The main menu changed its model (the account joins it): the text size row is still in
   * it. */
  g_assert_true (gtk_widget_is_ancestor (
    test_ui_find_matching (GTK_WIDGET (gtk_menu_button_get_popover (
                             GTK_MENU_BUTTON (template_child (f, "main_menu_button")))),
                           has_zoom_reset, NULL), GTK_WIDGET (f->window)));
  g_assert_false (gtk_widget_get_visible (entry));
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (adw_flap_get_folded (flap));
  g_assert_false (adw_flap_get_reveal_flap (flap));
  g_assert_false (sidebar_shown (f));
  g_assert_true (g_settings_get_boolean (settings, "show-sidebar"));
  assert_layout_clean (f);

  /* F9's action opens the list over the chat; closing it there saves nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.toggle-sidebar", NULL));
  test_iterate_for (600);
  g_assert_true (adw_flap_get_reveal_flap (flap));
  g_assert_true (gtk_widget_get_mapped (template_child (f, "sidebar_slot")));
  assert_layout_clean (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.toggle-sidebar", NULL));
  test_iterate_for (600);
  g_assert_false (adw_flap_get_reveal_flap (flap));
  g_assert_true (g_settings_get_boolean (settings, "show-sidebar"));

  /* Ctrl+L's action opens the field's popover with the field focused. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.focus-stream", NULL));
  test_iterate_for (200);
  g_assert_true (gtk_widget_get_visible (popover));
  g_assert_true (gtk_widget_has_focus (popover_entry) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         popover_entry));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (popover_entry)), ==, VIDEO_LINK);

  /* Entering a stream there opens it, like the header's field. */
  gtk_editable_set_text (GTK_EDITABLE (popover_entry), "1234567");
  g_signal_emit_by_name (popover_entry, "activate");
  test_iterate_for (200);
  g_assert_cmpstr (rumble_chat_api_get_stream_id_b10 (moderato_window_get_chat (f->window)), ==,
                   "1234567");
  g_assert_false (gtk_widget_get_visible (popover));

  /* Wide again: the field and the side-by-side list come back. */
  resize (GTK_WIDGET (f->window), 900, 600);
  g_assert_false (moderato_window_get_narrow (f->window));
  g_assert_true (gtk_widget_get_mapped (entry));
  g_assert_false (gtk_widget_get_visible (button));
  g_assert_true (sidebar_shown (f));
  g_settings_reset (settings, "show-sidebar");
}

static void
test_wide (Fixture       *f,
           gconstpointer  data)
{
  AdwFlap *flap;
  GdkMonitor *monitor;
  GdkRectangle screen;
  int border;

  SKIP_WITHOUT_DISPLAY ();

  /* build-aux/dev runs Xvfb at 1920×1200; a smaller display cannot hold the window. */
  monitor = g_list_model_get_item (gdk_display_get_monitors (gdk_display_get_default ()), 0);
  gdk_monitor_get_geometry (monitor, &screen);
  g_object_unref (monitor);
  if (screen.width < 1920 || screen.height < 1080)
    {
      g_test_skip ("the display is smaller than 1920×1080");
      return;
    }

  g_settings_set_boolean (moderato_application_get_settings (f->app), "show-sidebar", TRUE);
  flap = ADW_FLAP (template_child (f, "flap"));
  open_video (f);
  resize (GTK_WIDGET (f->window), 1920, 1080);

  g_assert_false (moderato_window_get_narrow (f->window));
  g_assert_true (gtk_widget_get_mapped (template_child (f, "stream_entry")));
  g_assert_false (gtk_widget_get_visible (template_child (f, "stream_button")));
  g_assert_false (adw_flap_get_folded (flap));
  g_assert_true (adw_flap_get_reveal_flap (flap));
  g_assert_true (gtk_widget_get_mapped (template_child (f, "sidebar_slot")));
  assert_layout_clean (f);

  /* At the breakpoint (600 px of content, inside the window's border) side by side still
   * fits; a pixel less is narrow. */
  border = gtk_widget_get_allocated_width (GTK_WIDGET (f->window)) -
           gtk_widget_get_width (GTK_WIDGET (f->window));
  resize (GTK_WIDGET (f->window), 600 + border, 700);
  g_assert_false (moderato_window_get_narrow (f->window));
  g_assert_false (adw_flap_get_folded (flap));
  assert_layout_clean (f);
  resize (GTK_WIDGET (f->window), 599 + border, 700);
  g_assert_true (moderato_window_get_narrow (f->window));
  g_assert_true (adw_flap_get_folded (flap));
  assert_layout_clean (f);
}

/* The labels of the header's AdwWindowTitle, as shown. */
static void
header_labels (Fixture     *f,
               const char **title,
               const char **subtitle)
{
  GtkWidget *window_title = template_child (f, "window_title");
  GtkWidget *box = gtk_widget_get_first_child (window_title);
  GtkWidget *first = gtk_widget_get_first_child (box);
  GtkWidget *second = gtk_widget_get_next_sibling (first);

  /* Network text is never markup (libadwaita 1.2's labels are plain; this notices if not). */
  g_assert_false (gtk_label_get_use_markup (GTK_LABEL (first)));
  g_assert_false (gtk_label_get_use_markup (GTK_LABEL (second)));
  *title = gtk_label_get_text (GTK_LABEL (first));
  *subtitle = gtk_label_get_text (GTK_LABEL (second));
}

static void
test_what_is_streaming (Fixture       *f,
                        gconstpointer  data)
{
  const char *title, *subtitle;

  SKIP_WITHOUT_DISPLAY ();

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "Moderato");

  open_video (f);
  header_labels (f, &title, &subtitle);
  g_assert_cmpstr (title, ==, "Friday night build");
  g_assert_cmpstr (subtitle, ==, "Live · CedarHollow");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==,
                   "Friday night build — CedarHollow — Moderato");
  /* The state stays what it was for the rest of the window. */
  g_assert_cmpstr (moderato_window_get_state_text (f->window), ==, "Live");

  /* Narrow, the title is cut with an ellipsis, never clipped, and the tooltip has it all. */
  resize (GTK_WIDGET (f->window), 320, 1000);
  assert_layout_clean (f);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (template_child (f, "window_title")), ==,
                   "Friday night build\nLive · CedarHollow");

  /* A stream opened by its id has no title: its id, as Rumble's popup chat link writes it. */
  moderato_window_open_stream (f->window, STREAM);
  test_wait_until (test_ui_chat_live, f, 10000);
  header_labels (f, &title, &subtitle);
  g_assert_cmpstr (title, ==, "Stream " STREAM);
  g_assert_cmpstr (subtitle, ==, "Live");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==,
                   "Stream " STREAM " — Moderato");
}

static gboolean
revealed (gpointer data)
{
  return gtk_revealer_get_child_revealed (data);
}

/* @label shows @text whole: plain, not ellipsized, wrapped inside the window, as tall as the
 * wrapped text needs. */
static void
assert_shown_whole (Fixture    *f,
                    GtkLabel   *label,
                    const char *text)
{
  graphene_rect_t bounds;
  int min_height;

  g_assert_cmpstr (gtk_label_get_text (label), ==, text);
  g_assert_false (gtk_label_get_use_markup (label));
  g_assert_cmpint (gtk_label_get_ellipsize (label), ==, PANGO_ELLIPSIZE_NONE);
  g_assert_true (gtk_label_get_wrap (label));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (label)));
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (label), GTK_WIDGET (f->window), &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=,
                     gtk_widget_get_width (GTK_WIDGET (f->window)));
  gtk_widget_measure (GTK_WIDGET (label), GTK_ORIENTATION_VERTICAL,
                      gtk_widget_get_allocated_width (GTK_WIDGET (label)),
                      &min_height, NULL, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_allocated_height (GTK_WIDGET (label)), >=, min_height);
  /* Wrapped over several lines, all of them inside the window. */
  g_assert_cmpfloat (bounds.size.height, >, 3 * 14);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=,
                     gtk_widget_get_height (GTK_WIDGET (f->window)));
}

static gboolean
pinned_fails_shown (gpointer data)
{
  return g_str_has_prefix (gtk_label_get_text (data), "Could not pin the message: ");
}

static gboolean
chat_moderates (gpointer data)
{
  Fixture *f = data;

  return test_ui_chat_live (f) &&
         rumble_chat_api_get_can_moderate (moderato_window_get_chat (f->window));
}

static void
test_long_error (Fixture       *f,
                 gconstpointer  data)
{
  GString *text = g_string_new ("Rumble refused the action <b>because</b> & ");
  g_autofree char *long_text = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *filler = NULL;
  g_autofree char *body = NULL;
  GtkRevealer *revealer;
  GtkLabel *label;
  GListModel *messages;
  g_autoptr(RumbleMessage) last = NULL;

  SKIP_WITHOUT_DISPLAY ();

  revealer = GTK_REVEALER (template_child (f, "error_revealer"));
  label = GTK_LABEL (template_child (f, "error_label"));
  while (g_utf8_strlen (text->str, -1) < 290)
    g_string_append (text, "the moderation queue said no again ");
  g_string_truncate (text, 296);
  g_string_append (text, " end");
  long_text = g_string_free (text, FALSE);
  g_assert_cmpuint (g_utf8_strlen (long_text, -1), ==, 300);

  open_video (f);
  test_wait_until (chat_moderates, f, 10000);
  resize (GTK_WIDGET (f->window), 320, 1000);
  g_assert_false (gtk_revealer_get_reveal_child (revealer));

  /* 300 characters at 320 px: whole, in the banner under the header. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-error", "s",
                                             long_text));
  test_wait_until (revealed, revealer, 5000);
  test_iterate_for (300);
  assert_shown_whole (f, label, long_text);
  assert_layout_clean (f);

  /* Dismissed by its button's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.dismiss-error", NULL));
  g_assert_false (gtk_revealer_get_reveal_child (revealer));

  /* A bad link over an open chat: the locator's sentence, whole. */
  moderato_window_open_stream (f->window, "https://rumble.com/chat/popup/");
  test_wait_until (revealed, revealer, 5000);
  g_assert_nonnull (strstr (gtk_label_get_text (label), "not a video, embed, popup or channel"));
  assert_shown_whole (f, label, gtk_label_get_text (label));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.dismiss-error", NULL);

  /* A refused moderation action with a long reason. */
  reason = g_strconcat ("Pinning is off in this chat because ", filler = g_strnfill (114, 'x'),
                        NULL);
  body = g_strdup_printf ("{\"errors\":[{\"code\":\"403\",\"message\":\"%s\"}]}", reason);
  rumble_fake_server_add_fault (f->fake, &(RumbleFakeFault) {
    .route = "chat.message.pin", .kind = RUMBLE_FAKE_FAULT_STATUS, .status = 403,
    .body = body, .count = 1 });
  messages = rumble_chat_api_get_messages (moderato_window_get_chat (f->window));
  last = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.pin-message", "s",
                                             rumble_message_get_id (last)));
  test_wait_until (pinned_fails_shown, label, 10000);
  test_wait_until (revealed, revealer, 5000);
  test_iterate_for (300);
  g_assert_nonnull (strstr (gtk_label_get_text (label), reason));
  assert_shown_whole (f, label, gtk_label_get_text (label));
  assert_layout_clean (f);
  rumble_fake_server_clear_faults (f->fake, NULL);

  /* Opening a stream clears it. */
  moderato_window_open_stream (f->window, STREAM);
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  test_ui_init ();

  g_test_add_func ("/moderato/narrow/checker-catches", test_checker_catches);
  g_test_add ("/moderato/narrow/320", Fixture, "demo:demo",
              test_ui_fixture_setup, test_narrow, test_ui_fixture_teardown);
  g_test_add ("/moderato/narrow/1920", Fixture, "demo:demo",
              test_ui_fixture_setup, test_wide, test_ui_fixture_teardown);
  g_test_add ("/moderato/narrow/what-is-streaming", Fixture, NULL,
              test_ui_fixture_setup, test_what_is_streaming, test_ui_fixture_teardown);
  g_test_add ("/moderato/narrow/long-error", Fixture, "demo:demo",
              test_ui_fixture_setup, test_long_error, test_ui_fixture_teardown);

  return g_test_run ();
}
