/* test-ui-templates.c — every .ui file in the resources builds, every template instantiates
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under G_DEBUG=fatal-warnings: an unknown property, a typo in a signal handler, a
 * missing template child or a bad menu attribute aborts the test.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "moderato-account.h"
#include "moderato-application.h"
#include "moderato-attention-lane.h"
#include "moderato-chat-view.h"
#include "moderato-composer.h"
#include "moderato-login-dialog.h"
#include "moderato-message-row.h"
#include "moderato-preferences-window.h"
#include "moderato-user-card.h"
#include "moderato-user-row.h"
#include "moderato-user-sidebar.h"
#include "moderato-window.h"

static gboolean have_display;
static ModeratoApplication *app;

#define SKIP_WITHOUT_DISPLAY() \
  G_STMT_START { if (!have_display) { g_test_skip ("no display"); return; } } G_STMT_END

static void
collect_ui_files (const char *path,
                  GPtrArray  *out)
{
  g_auto(GStrv) children = g_resources_enumerate_children (path, 0, NULL);

  for (guint i = 0; children != NULL && children[i] != NULL; i++)
    {
      g_autofree char *child = g_strconcat (path, children[i], NULL);

      if (g_str_has_suffix (children[i], "/"))
        collect_ui_files (child, out);
      else if (g_str_has_suffix (children[i], ".ui"))
        g_ptr_array_add (out, g_steal_pointer (&child));
    }
}

static char *
template_class (GBytes *bytes)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  const char *start = strstr (text, "<template class=\"");
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen ("<template class=\"");
  end = strchr (start, '"');
  g_assert_nonnull (end);

  return g_strndup (start, end - start);
}

static void
instantiate (GType type)
{
  GObject *object;

  if (type == MODERATO_TYPE_WINDOW)
    object = G_OBJECT (moderato_window_new (app));
  else if (type == MODERATO_TYPE_LOGIN_DIALOG)
    object = G_OBJECT (moderato_login_dialog_new (NULL, moderato_application_get_account (app)));
  else if (type == MODERATO_TYPE_PREFERENCES_WINDOW)
    object = G_OBJECT (moderato_preferences_window_new (NULL, moderato_application_get_settings (app)));
  else
    object = g_object_new (type, NULL);

  g_assert_nonnull (object);

  if (GTK_IS_WINDOW (object))
    {
      gtk_window_present (GTK_WINDOW (object));
      g_main_context_iteration (NULL, FALSE);
      gtk_window_destroy (GTK_WINDOW (object));
    }
  else
    {
      g_object_ref_sink (object);
      g_assert_finalize_object (object);
    }
}

static void
test_templates_build (void)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  guint n_templates = 0;

  SKIP_WITHOUT_DISPLAY ();

  /* Every type that has a template, registered before its .ui is looked at. */
  g_type_ensure (MODERATO_TYPE_WINDOW);
  g_type_ensure (MODERATO_TYPE_CHAT_VIEW);
  g_type_ensure (MODERATO_TYPE_COMPOSER);
  g_type_ensure (MODERATO_TYPE_MESSAGE_ROW);
  g_type_ensure (MODERATO_TYPE_LOGIN_DIALOG);
  g_type_ensure (MODERATO_TYPE_PREFERENCES_WINDOW);
  g_type_ensure (MODERATO_TYPE_USER_SIDEBAR);
  g_type_ensure (MODERATO_TYPE_USER_CARD);
  g_type_ensure (MODERATO_TYPE_USER_ROW);
  g_type_ensure (MODERATO_TYPE_ATTENTION_LANE);
  g_type_ensure (MODERATO_TYPE_WAVE_CARD);

  collect_ui_files (RESOURCE_PREFIX "/", files);
  g_assert_cmpuint (files->len, >=, 3);

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);
      g_autofree char *klass = NULL;

      g_assert_nonnull (bytes);
      klass = template_class (bytes);
      g_test_message ("%s: %s", path, klass != NULL ? klass : "(builder file)");

      if (klass != NULL)
        {
          GType type = g_type_from_name (klass);

          if (type == 0)
            g_error ("%s: template class %s is not registered by the test", path, klass);
          instantiate (type);
          n_templates++;
        }
      else
        {
          g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (path);
          GSList *objects = gtk_builder_get_objects (builder);

          g_assert_nonnull (objects);
          for (GSList *l = objects; l != NULL; l = l->next)
            if (GTK_IS_WINDOW (l->data))
              gtk_window_destroy (l->data);
          g_slist_free (objects);
        }
    }

  g_assert_cmpuint (n_templates, >=, 2);
}

static void
check_icon_buttons (GtkWidget *widget,
                    guint     *n_checked)
{
  const char *icon = NULL;
  const char *label = NULL;

  if (GTK_IS_BUTTON (widget))
    {
      icon = gtk_button_get_icon_name (GTK_BUTTON (widget));
      label = gtk_button_get_label (GTK_BUTTON (widget));
    }
  else if (GTK_IS_MENU_BUTTON (widget))
    {
      icon = gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget));
      label = gtk_menu_button_get_label (GTK_MENU_BUTTON (widget));
    }

  /* Icon-only controls must say what they do. */
  if (icon != NULL && label == NULL)
    {
      const char *tooltip = gtk_widget_get_tooltip_text (widget);

      if (tooltip == NULL || *tooltip == '\0')
        g_error ("%s with icon %s has no tooltip", G_OBJECT_TYPE_NAME (widget), icon);
      (*n_checked)++;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_icon_buttons (child, n_checked);
}

static void
test_window_tooltips (void)
{
  ModeratoWindow *window;
  guint n_checked = 0;

  SKIP_WITHOUT_DISPLAY ();

  window = moderato_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  g_main_context_iteration (NULL, FALSE);

  check_icon_buttons (GTK_WIDGET (window), &n_checked);
  /* Sidebar toggle, account, main menu, retry, send, at least. */
  g_assert_cmpuint (n_checked, >=, 5);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_shortcuts_window (void)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GObject *overlay;

  SKIP_WITHOUT_DISPLAY ();

  builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/gtk/help-overlay.ui");
  overlay = gtk_builder_get_object (builder, "help_overlay");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (overlay));
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
      app = moderato_application_new ();
      g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
      moderato_application_set_server (app, "http://127.0.0.1:9");
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
    }

  g_test_add_func ("/moderato/templates/build", test_templates_build);
  g_test_add_func ("/moderato/templates/tooltips", test_window_tooltips);
  g_test_add_func ("/moderato/templates/shortcuts-window", test_shortcuts_window);

  return g_test_run ();
}
