/* moderato-ledger-banner.c — a non-modal bar that says what is wrong with the ledger
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkRevealer with a wrapping label and Retry/Dismiss (libadwaita 1.2 has no AdwBanner).
 */
#define G_LOG_DOMAIN "moderato-ledger-banner"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-ledger-banner.h"

struct _ModeratoLedgerBanner
{
  GtkWidget       parent_instance;

  ModeratoLedger *ledger;
  gulong          state_id;
  char           *text;        /* shown, or NULL */
  char           *dismissed;   /* the text the user dismissed */

  GtkRevealer    *revealer;
  GtkLabel       *label;
  GtkWidget      *retry_button;
};

G_DEFINE_FINAL_TYPE (ModeratoLedgerBanner, moderato_ledger_banner, GTK_TYPE_WIDGET)

/* The sentence for what the ledger says now, or NULL; *retry when resuming may help. */
static char *
describe (ModeratoLedger *ledger,
          gboolean       *retry)
{
  const GError *notice = moderato_ledger_get_notice (ledger);

  *retry = TRUE;
  switch (moderato_ledger_get_state (ledger))
    {
    case MODERATO_LEDGER_PAUSED_FULL:
      return g_strdup (_("Chats are not being remembered: the disk is full. "
                         "The chat goes on; free some space and retry."));
    case MODERATO_LEDGER_PAUSED_READ_ONLY:
      return g_strdup_printf (_("Chats are not being remembered: %s cannot be written. "
                                "The chat goes on."), moderato_ledger_get_path (ledger));
    case MODERATO_LEDGER_PAUSED_ERROR:
      return g_strdup (_("Chats are not being remembered: the ledger cannot be written. "
                         "The chat goes on."));
    case MODERATO_LEDGER_PAUSED_BACKLOG:
      *retry = FALSE;
      return g_strdup (_("Chats are not being remembered for a moment: "
                         "the ledger is catching up."));
    case MODERATO_LEDGER_NOT_RECORDING:
    case MODERATO_LEDGER_RECORDING:
    default:
      break;
    }

  *retry = FALSE;
  if (notice == NULL)
    return NULL;
  if (g_error_matches (notice, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_CORRUPT))
    return g_strdup_printf (_("The ledger was damaged and has been moved aside to %s. "
                              "A new one was started."),
                            moderato_ledger_get_moved_aside (ledger) != NULL ?
                            moderato_ledger_get_moved_aside (ledger) : "");
  if (g_error_matches (notice, MODERATO_LEDGER_ERROR, MODERATO_LEDGER_ERROR_NEWER_SCHEMA))
    return g_strdup (_("The ledger comes from a newer version of Moderato. It is open "
                       "read-only: history can be read, nothing new is remembered."));
  return g_strdup_printf (_("The ledger: %s"), notice->message);
}

static void
update (ModeratoLedgerBanner *self)
{
  g_autofree char *text = NULL;
  gboolean retry = FALSE;

  if (self->ledger != NULL)
    text = describe (self->ledger, &retry);
  if (text != NULL && g_strcmp0 (text, self->dismissed) == 0)
    g_clear_pointer (&text, g_free);

  if (text != NULL && g_strcmp0 (text, self->text) != 0)
    g_message ("%s", text);
  g_free (self->text);
  self->text = g_steal_pointer (&text);

  if (self->text != NULL)
    gtk_label_set_text (self->label, self->text);
  gtk_widget_set_visible (self->retry_button, retry);
  gtk_revealer_set_reveal_child (self->revealer, self->text != NULL);
}

static void
on_retry (ModeratoLedgerBanner *self)
{
  if (self->ledger != NULL)
    moderato_ledger_resume (self->ledger);
}

static void
on_dismiss (ModeratoLedgerBanner *self)
{
  g_free (self->dismissed);
  self->dismissed = g_strdup (self->text);
  update (self);
}

static void
moderato_ledger_banner_dispose (GObject *object)
{
  ModeratoLedgerBanner *self = MODERATO_LEDGER_BANNER (object);

  moderato_ledger_banner_set_ledger (self, NULL);
  g_clear_pointer ((GtkWidget **) &self->revealer, gtk_widget_unparent);

  G_OBJECT_CLASS (moderato_ledger_banner_parent_class)->dispose (object);
}

static void
moderato_ledger_banner_finalize (GObject *object)
{
  ModeratoLedgerBanner *self = MODERATO_LEDGER_BANNER (object);

  g_free (self->text);
  g_free (self->dismissed);

  G_OBJECT_CLASS (moderato_ledger_banner_parent_class)->finalize (object);
}

static void
moderato_ledger_banner_class_init (ModeratoLedgerBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moderato_ledger_banner_dispose;
  object_class->finalize = moderato_ledger_banner_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ledgerbanner");
}

static void
moderato_ledger_banner_init (ModeratoLedgerBanner *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *dismiss;

  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_widget_set_parent (GTK_WIDGET (self->revealer), GTK_WIDGET (self));

  gtk_widget_add_css_class (box, "ledger-banner");
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_wrap_mode (self->label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (self->label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));

  self->retry_button = gtk_button_new_with_mnemonic (_("_Retry"));
  gtk_widget_set_valign (self->retry_button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->retry_button, "clicked", G_CALLBACK (on_retry), self);
  gtk_box_append (GTK_BOX (box), self->retry_button);

  dismiss = gtk_button_new_from_icon_name ("window-close-symbolic");
  gtk_widget_set_valign (dismiss, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (dismiss, _("Dismiss"));
  gtk_widget_add_css_class (dismiss, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (dismiss), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Dismiss"), -1);
  g_signal_connect_swapped (dismiss, "clicked", G_CALLBACK (on_dismiss), self);
  gtk_box_append (GTK_BOX (box), dismiss);

  gtk_revealer_set_child (self->revealer, box);
}

GtkWidget *
moderato_ledger_banner_new (void)
{
  return g_object_new (MODERATO_TYPE_LEDGER_BANNER, NULL);
}

void
moderato_ledger_banner_set_ledger (ModeratoLedgerBanner *self,
                                   ModeratoLedger       *ledger)
{
  g_return_if_fail (MODERATO_IS_LEDGER_BANNER (self));
  g_return_if_fail (ledger == NULL || MODERATO_IS_LEDGER (ledger));

  if (self->ledger == ledger)
    return;
  if (self->ledger != NULL)
    g_clear_signal_handler (&self->state_id, self->ledger);
  g_set_object (&self->ledger, ledger);
  if (ledger != NULL)
    self->state_id = g_signal_connect_swapped (ledger, "notify::state", G_CALLBACK (update), self);
  update (self);
}

const char *
moderato_ledger_banner_get_text (ModeratoLedgerBanner *self)
{
  g_return_val_if_fail (MODERATO_IS_LEDGER_BANNER (self), NULL);

  return self->text;
}
