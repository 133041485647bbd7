/* moderato-stream-report.c — a stream's report from the ledger, exported or copied
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The formats are the ledger's own (moderato_ledger_report_format()), as the CLI's
 * `report` prints them. GtkFileChooserNative picks the file (GTK 4.8 has no GtkFileDialog).
 */
#define G_LOG_DOMAIN "moderato-stream-report"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-stream-report.h"
#include "moderato-user-history.h"

struct _ModeratoStreamReport
{
  AdwWindow             parent_instance;

  ModeratoLedgerReport *report;
  GCancellable         *cancellable;

  GtkStack             *stack;
  GtkGrid              *grid;
  GtkLabel             *error_label;
  AdwToastOverlay      *toasts;
  GtkWidget            *buttons;
};

G_DEFINE_FINAL_TYPE (ModeratoStreamReport, moderato_stream_report, ADW_TYPE_WINDOW)

static const struct {
  ModeratoLedgerFormat  format;
  const char           *extension;
  const char           *label;
} formats[] = {
  { MODERATO_LEDGER_FORMAT_MARKDOWN, "md", N_("_Markdown") },
  { MODERATO_LEDGER_FORMAT_CSV, "csv", N_("_CSV") },
  { MODERATO_LEDGER_FORMAT_JSON, "json", N_("_JSON") },
};

/* Writing */

static void
on_replaced (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
moderato_stream_report_write_async (const ModeratoLedgerReport *report,
                                    ModeratoLedgerFormat        format,
                                    GFile                      *file,
                                    GCancellable               *cancellable,
                                    GAsyncReadyCallback         callback,
                                    gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *text;

  g_return_if_fail (report != NULL);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, moderato_stream_report_write_async);
  text = moderato_ledger_report_format (report, format);
  bytes = g_bytes_new_take (text, strlen (text));
  /* The bytes live as long as the task: replace_contents does not copy them. */
  g_task_set_task_data (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
  g_file_replace_contents_async (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable,
                                 on_replaced, g_steal_pointer (&task));
}

gboolean
moderato_stream_report_write_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The window */

static void
toast (ModeratoStreamReport *self,
       const char           *plain_text)
{
  g_autofree char *escaped = g_markup_escape_text (plain_text, -1);

  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (escaped));
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ModeratoStreamReport) self = user_data;
  g_autoptr(GError) error = NULL;

  if (moderato_stream_report_write_finish (result, &error))
    toast (self, _("Report saved"));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("Could not save the report: %s"),
                                               error->message);

      g_message ("%s", text);
      toast (self, text);
    }
}

static void
on_chooser_response (GtkNativeDialog      *chooser,
                     int                   response,
                     ModeratoStreamReport *self)
{
  ModeratoLedgerFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser),
                                                                    "moderato-format"));

  if (response == GTK_RESPONSE_ACCEPT && self->report != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      moderato_stream_report_write_async (self->report, format, file, self->cancellable,
                                          on_written, g_object_ref (self));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
on_export_clicked (GtkButton            *button,
                   ModeratoStreamReport *self)
{
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "moderato-format-index"));
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (self->report == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export the Report"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  name = g_strdup_printf ("stream-%s-report.%s", self->report->stream_id, formats[i].extension);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data (G_OBJECT (chooser), "moderato-format", GINT_TO_POINTER (formats[i].format));
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_copy_clicked (ModeratoStreamReport *self)
{
  g_autofree char *text = NULL;

  if (self->report == NULL)
    return;
  text = moderato_ledger_report_format (self->report, MODERATO_LEDGER_FORMAT_MARKDOWN);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  toast (self, _("Report copied"));
}

static void
add_row (ModeratoStreamReport *self,
         int                   row,
         const char           *title,
         const char           *value)
{
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *shown = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_add_css_class (name, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (shown), 0);
  gtk_label_set_selectable (GTK_LABEL (shown), TRUE);
  gtk_label_set_wrap (GTK_LABEL (shown), TRUE);
  gtk_grid_attach (self->grid, name, 0, row, 1, 1);
  gtk_grid_attach (self->grid, shown, 1, row, 1, 1);
}

static void
add_count (ModeratoStreamReport *self,
           int                   row,
           const char           *title,
           guint64               n)
{
  char value[32];

  g_snprintf (value, sizeof value, "%" G_GUINT64_FORMAT, n);
  add_row (self, row, title, value);
}

static void
show_report (ModeratoStreamReport *self)
{
  const ModeratoLedgerReport *r = self->report;
  g_autofree char *rants = NULL;
  g_autofree char *busiest = NULL;
  g_autofree char *from = moderato_user_history_format_time (r->first_seen);
  g_autofree char *to = moderato_user_history_format_time (r->last_seen);
  g_autofree char *seen = g_strdup_printf (_("%s – %s"), from, to);
  int row = 0;

  add_row (self, row++, _("Stream"), r->title != NULL ? r->title : r->stream_id);
  add_row (self, row++, _("Seen"), seen);
  add_count (self, row++, _("Messages"), r->n_messages);
  add_count (self, row++, _("Chatters"), r->n_chatters);
  add_count (self, row++, _("First-time chatters"), r->n_first_time);
  /* TRANSLATORS: rants and their total: "3 ($25.00)" */
  rants = g_strdup_printf (_("%" G_GUINT64_FORMAT " ($%" G_GUINT64_FORMAT ".%02u)"), r->n_rants,
                           r->rant_cents / 100, (guint) (r->rant_cents % 100));
  add_row (self, row++, _("Rants"), rants);
  add_count (self, row++, _("Messages deleted"), r->n_deleted);
  add_count (self, row++, _("Users muted"), r->n_mutes);
  if (r->busiest_minute > 0)
    {
      g_autofree char *minute = moderato_user_history_format_time (r->busiest_minute);

      busiest = g_strdup_printf (ngettext ("%s (%" G_GUINT64_FORMAT " message)",
                                           "%s (%" G_GUINT64_FORMAT " messages)",
                                           r->busiest_minute_messages),
                                 minute, r->busiest_minute_messages);
    }
  add_row (self, row++, _("Busiest minute"), busiest != NULL ? busiest : C_("minute", "None"));

  gtk_widget_set_sensitive (self->buttons, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "report");
}

static void
on_report (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ModeratoStreamReport) self = user_data;
  g_autoptr(GError) error = NULL;
  ModeratoLedgerReport *report = moderato_ledger_report_finish (MODERATO_LEDGER (source), result,
                                                                &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (report == NULL)
    {
      gtk_label_set_text (self->error_label,
                          g_error_matches (error, MODERATO_LEDGER_ERROR,
                                           MODERATO_LEDGER_ERROR_NOT_FOUND) ?
                          _("Nothing is remembered of this stream yet.") : error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  self->report = report;
  show_report (self);
}

static void
moderato_stream_report_dispose (GObject *object)
{
  ModeratoStreamReport *self = MODERATO_STREAM_REPORT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->report, moderato_ledger_report_free);

  G_OBJECT_CLASS (moderato_stream_report_parent_class)->dispose (object);
}

static void
moderato_stream_report_class_init (ModeratoStreamReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = moderato_stream_report_dispose;
}

static void
moderato_stream_report_init (ModeratoStreamReport *self)
{
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *loading = gtk_spinner_new ();
  GtkWidget *copy;

  self->cancellable = g_cancellable_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Stream Report"));
  gtk_window_set_default_size (GTK_WINDOW (self), 420, -1);

  gtk_box_append (GTK_BOX (column), header);
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, body);
  gtk_box_append (GTK_BOX (column), GTK_WIDGET (self->toasts));
  adw_window_set_content (ADW_WINDOW (self), column);

  gtk_widget_set_margin_start (body, 18);
  gtk_widget_set_margin_end (body, 18);
  gtk_widget_set_margin_top (body, 12);
  gtk_widget_set_margin_bottom (body, 18);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_vhomogeneous (self->stack, FALSE);
  gtk_spinner_start (GTK_SPINNER (loading));
  gtk_stack_add_named (self->stack, loading, "loading");
  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (self->grid, 6);
  gtk_grid_set_column_spacing (self->grid, 18);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->grid), "report");
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->error_label), "error");
  gtk_box_append (GTK_BOX (body), GTK_WIDGET (self->stack));

  /* Export as each format, then Copy; wraps in a narrow window. */
  self->buttons = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->buttons), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->buttons), 4);
  gtk_widget_set_sensitive (self->buttons, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_(formats[i].label));

      gtk_widget_set_tooltip_text (button, _("Export the report to a file"));
      g_object_set_data (G_OBJECT (button), "moderato-format-index", GUINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (on_export_clicked), self);
      gtk_flow_box_append (GTK_FLOW_BOX (self->buttons), button);
    }
  copy = gtk_button_new_with_mnemonic (_("C_opy"));
  gtk_widget_set_tooltip_text (copy, _("Copy the report as Markdown"));
  g_signal_connect_swapped (copy, "clicked", G_CALLBACK (on_copy_clicked), self);
  gtk_flow_box_append (GTK_FLOW_BOX (self->buttons), copy);
  gtk_box_append (GTK_BOX (body), gtk_label_new (_("Export")));
  gtk_widget_set_halign (gtk_widget_get_last_child (body), GTK_ALIGN_START);
  gtk_widget_add_css_class (gtk_widget_get_last_child (body), "heading");
  gtk_box_append (GTK_BOX (body), self->buttons);
}

GtkWidget *
moderato_stream_report_new (GtkWindow      *parent,
                            ModeratoLedger *ledger,
                            const char     *stream_id)
{
  ModeratoStreamReport *self;

  g_return_val_if_fail (MODERATO_IS_LEDGER (ledger), NULL);
  g_return_val_if_fail (stream_id != NULL, NULL);

  self = g_object_new (MODERATO_TYPE_STREAM_REPORT,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       NULL);
  moderato_ledger_report_async (ledger, stream_id, self->cancellable, on_report,
                                g_object_ref (self));
  return GTK_WIDGET (self);
}

const ModeratoLedgerReport *
moderato_stream_report_get_report (ModeratoStreamReport *self)
{
  g_return_val_if_fail (MODERATO_IS_STREAM_REPORT (self), NULL);

  return self->report;
}
