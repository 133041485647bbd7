/* moderato-window-ledger.c — the window's side of the ledger
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The open chat is attached to the app's ledger (detached when it changes); a banner under
 * the header says when the ledger cannot record; two pages take the chat's place on
 * demand: search (win.search, Ctrl+F) and the moderation log (win.moderation-log,
 * Ctrl+Shift+L); win.stream-report opens the report of the open stream.
 */
#define G_LOG_DOMAIN "moderato-window"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-ledger-banner.h"
#include "moderato-moderation-log.h"
#include "moderato-search-page.h"
#include "moderato-stream-report.h"
#include "moderato-window-private.h"

struct _ModeratoWindowLedger
{
  ModeratoApplication *app;        /* weak: the window's application outlives it */
  ModeratoLedger      *ledger;
  RumbleChatApi       *attached;   /* the chat recorded */
  gulong               app_ledger_id;
  gulong               committed_id;
  gulong               chat_id;

  GtkWidget           *banner;
  GtkWidget           *search;
  GtkWidget           *log;
  const char          *page;       /* "search", "log" or NULL */
};

static void
update_actions (ModeratoWindow *self)
{
  ModeratoWindowLedger *ui = self->ledger_ui;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", ui->ledger != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.moderation-log", ui->ledger != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stream-report",
                                 ui->ledger != NULL && self->chat != NULL);
}

static void
attach_chat (ModeratoWindow *self)
{
  ModeratoWindowLedger *ui = self->ledger_ui;
  RumbleChatApi *chat = ui->ledger != NULL ? self->chat : NULL;

  if (ui->attached != NULL && ui->attached != chat)
    {
      if (ui->ledger != NULL)
        moderato_ledger_detach (ui->ledger, ui->attached);
      g_clear_object (&ui->attached);
    }
  if (chat != NULL && ui->attached == NULL)
    {
      ui->attached = g_object_ref (chat);
      moderato_ledger_attach (ui->ledger, chat);
      /* What the locator learnt about the stream, for the log, search and reports. */
      if (self->stream_title != NULL)
        moderato_ledger_set_stream_title (ui->ledger, rumble_chat_api_get_stream_id_b10 (chat),
                                          self->stream_title);
    }
}

static void
on_chat_changed (ModeratoWindow *self)
{
  attach_chat (self);
  moderato_search_page_set_chat (MODERATO_SEARCH_PAGE (self->ledger_ui->search), self->chat);
  update_actions (self);
}

static void
on_committed (ModeratoWindow *self)
{
  if (g_strcmp0 (self->ledger_ui->page, "log") == 0)
    moderato_moderation_log_reload_soon (MODERATO_MODERATION_LOG (self->ledger_ui->log));
}

static void
set_ledger (ModeratoWindow *self,
            ModeratoLedger *ledger)
{
  ModeratoWindowLedger *ui = self->ledger_ui;

  if (ui->ledger == ledger)
    return;

  /* Detached from the old one, attached to the new. */
  if (ui->attached != NULL && ui->ledger != NULL)
    moderato_ledger_detach (ui->ledger, ui->attached);
  g_clear_object (&ui->attached);
  if (ui->ledger != NULL)
    g_clear_signal_handler (&ui->committed_id, ui->ledger);
  g_set_object (&ui->ledger, ledger);
  if (ledger != NULL)
    ui->committed_id = g_signal_connect_swapped (ledger, "committed",
                                                 G_CALLBACK (on_committed), self);

  moderato_ledger_banner_set_ledger (MODERATO_LEDGER_BANNER (ui->banner), ledger);
  attach_chat (self);
  if (ledger == NULL && ui->page != NULL)
    {
      ui->page = NULL;
      _moderato_window_update_page (self);
    }
  update_actions (self);
}

static void
on_app_ledger (ModeratoWindow *self)
{
  ModeratoApplication *app = self->ledger_ui->app;

  set_ledger (self, app != NULL ? moderato_application_get_ledger (app) : NULL);
}

/* Pages */

static void
show_page (ModeratoWindow *self,
           const char     *page)
{
  ModeratoWindowLedger *ui = self->ledger_ui;

  ui->page = page;
  _moderato_window_update_page (self);
  if (g_strcmp0 (page, "search") == 0)
    moderato_search_page_focus (MODERATO_SEARCH_PAGE (ui->search));
  else if (g_strcmp0 (page, "log") == 0)
    moderato_moderation_log_reload (MODERATO_MODERATION_LOG (ui->log));
  else if (self->chat != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->chat_view));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  show_page (MODERATO_WINDOW (widget), "search");
}

static void
moderation_log_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ModeratoWindow *self = MODERATO_WINDOW (widget);

  show_page (self, g_strcmp0 (self->ledger_ui->page, "log") == 0 ? NULL : "log");
}

static void
close_ledger_page_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  show_page (MODERATO_WINDOW (widget), NULL);
}

static void
stream_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ModeratoWindow *self = MODERATO_WINDOW (widget);
  GtkWidget *report;

  if (self->ledger_ui->ledger == NULL || self->chat == NULL)
    return;

  report = moderato_stream_report_new (GTK_WINDOW (self), self->ledger_ui->ledger,
                                       rumble_chat_api_get_stream_id_b10 (self->chat));
  gtk_window_present (GTK_WINDOW (report));
}

void
_moderato_window_class_ledger_init (ModeratoWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (MODERATO_TYPE_LEDGER_BANNER);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.moderation-log", NULL,
                                   moderation_log_action);
  gtk_widget_class_install_action (widget_class, "win.close-ledger-page", NULL,
                                   close_ledger_page_action);
  gtk_widget_class_install_action (widget_class, "win.stream-report", NULL,
                                   stream_report_action);
}

void
_moderato_window_ledger_init (ModeratoWindow *self)
{
  ModeratoWindowLedger *ui = g_new0 (ModeratoWindowLedger, 1);
  GtkWidget *stack = GTK_WIDGET (self->stack);
  GtkWidget *column = gtk_widget_get_parent (stack);

  self->ledger_ui = ui;

  /* Above the chat, under the header (and the pinned message). */
  ui->banner = moderato_ledger_banner_new ();
  gtk_box_insert_child_after (GTK_BOX (column), ui->banner, gtk_widget_get_prev_sibling (stack));

  ui->search = moderato_search_page_new ();
  gtk_stack_add_named (self->stack, ui->search, "search");
  ui->log = moderato_moderation_log_new ();
  gtk_stack_add_named (self->stack, ui->log, "log");

  ui->chat_id = g_signal_connect (self, "notify::chat", G_CALLBACK (on_chat_changed), NULL);
  update_actions (self);
}

void
_moderato_window_ledger_setup (ModeratoWindow      *self,
                               ModeratoApplication *app)
{
  ModeratoWindowLedger *ui = self->ledger_ui;

  if (app == NULL)
    return;

  g_set_weak_pointer (&ui->app, app);
  ui->app_ledger_id = g_signal_connect_swapped (app, "notify::ledger",
                                                G_CALLBACK (on_app_ledger), self);
  on_app_ledger (self);
}

void
_moderato_window_ledger_dispose (ModeratoWindow *self)
{
  ModeratoWindowLedger *ui = self->ledger_ui;

  if (ui == NULL)
    return;

  g_clear_signal_handler (&ui->chat_id, self);
  if (ui->app != NULL)
    g_clear_signal_handler (&ui->app_ledger_id, ui->app);
  g_clear_weak_pointer (&ui->app);
  set_ledger (self, NULL);
  g_clear_pointer (&self->ledger_ui, g_free);
}

const char *
_moderato_window_ledger_page (ModeratoWindow *self)
{
  return self->ledger_ui != NULL ? self->ledger_ui->page : NULL;
}

