/* moderato-rants-strip.c — the rants on top of the chat, their time left, the stream's total
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One label per rant on top ("$5.00 · Name · 1:23") and the total so far. One timer for
 * the whole strip, once a second and only while a rant is on top: an idle chat wakes
 * nothing up. The detector drops a rant when its time is up.
 */
#define G_LOG_DOMAIN "moderato-rants-strip"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-rants-strip.h"

#include "moderato-beat.h"
#include "rumble-text.h"

struct _ModeratoRantsStrip
{
  GtkWidget         parent_instance;

  GtkWidget        *box;          /* the newest rants, oldest first */
  GtkLabel         *total_label;
  GtkLabel         *more_label;   /* how many older ones have no chip */

  ModeratoDetector *detector;
  GListModel       *rants;
  gulong            items_handler;
  gulong            total_handler;
  guint             tick_id;
  gint64            synced;       /* monotonic µs of the last sync */
};

G_DEFINE_FINAL_TYPE (ModeratoRantsStrip, moderato_rants_strip, GTK_TYPE_WIDGET)

/* Under a flood of rants, the strip changes at most this often. */
#define SYNC_INTERVAL_MS 250
/* Chips for at most this many rants (the newest); the others are counted. A strip of a hundred
 * chips is unreadable, and relabelling them every second is a hundred layouts. */
#define MAX_CHIPS 12

/* The index of the oldest rant with a chip. */
static guint
first_chip (ModeratoRantsStrip *self)
{
  guint n = self->rants != NULL ? g_list_model_get_n_items (self->rants) : 0;

  return n > MAX_CHIPS ? n - MAX_CHIPS : 0;
}

static char *
format_money (guint64 cents)
{
  return g_strdup_printf ("$%" G_GUINT64_FORMAT ".%02u", cents / 100, (guint) (cents % 100));
}

static void
update_label (GtkLabel           *label,
              ModeratoDetectRant *rant,
              gint64              now_us)
{
  gint64 left_s = (moderato_detect_rant_get_time_left (rant, now_us) + G_USEC_PER_SEC - 1) /
                  G_USEC_PER_SEC;
  g_autofree char *money = format_money (moderato_detect_rant_get_amount_cents (rant));
  g_autofree char *name = rumble_text_isolate (moderato_detect_rant_get_username (rant));
  g_autofree char *text = NULL;

  /* Translators: a rant on top: amount, name, minutes:seconds left. */
  text = g_strdup_printf (_("%s · %s · %" G_GINT64_FORMAT ":%02d"), money, name,
                          left_s / 60, (int) (left_s % 60));
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}

static gboolean
tick_cb (gpointer data)
{
  ModeratoRantsStrip *self = data;
  gint64 now = g_get_real_time ();
  guint i = first_chip (self);

  for (GtkWidget *child = gtk_widget_get_first_child (self->box); child != NULL;
       child = gtk_widget_get_next_sibling (child), i++)
    {
      g_autoptr(ModeratoDetectRant) rant = g_list_model_get_item (self->rants, i);

      if (rant != NULL)
        update_label (GTK_LABEL (child), rant, now);
    }
  return G_SOURCE_CONTINUE;
}

static void
update_visibility (ModeratoRantsStrip *self)
{
  guint n = self->rants != NULL ? g_list_model_get_n_items (self->rants) : 0;
  guint64 total = self->detector != NULL ?
                  moderato_detector_get_rant_total_cents (self->detector) : 0;

  gtk_widget_set_visible (GTK_WIDGET (self), n > 0 || total > 0);
  if (n > 0 && self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  else if (n == 0)
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

/* The strip as the detector has it now: the chips (kept, relabelled), the total. */
static void
sync_strip (gpointer data)
{
  ModeratoRantsStrip *self = data;
  guint n = self->rants != NULL ? g_list_model_get_n_items (self->rants) : 0;
  g_autofree char *money = format_money (self->detector != NULL ?
                                         moderato_detector_get_rant_total_cents (self->detector) :
                                         0);
  /* Translators: the rants of this stream so far, e.g. "Rants: $12.50". */
  g_autofree char *text = g_strdup_printf (_("Rants: %s"), money);
  gint64 now = g_get_real_time ();
  GtkWidget *child = gtk_widget_get_first_child (self->box);
  guint first = first_chip (self);

  if (first > 0)
    {
      /* Translators: older rants on top without a chip of their own. */
      g_autofree char *more = g_strdup_printf (ngettext ("%u more", "%u more", first), first);

      if (g_strcmp0 (gtk_label_get_text (self->more_label), more) != 0)
        gtk_label_set_text (self->more_label, more);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->more_label), first > 0);

  for (guint i = first; i < n; i++)
    {
      g_autoptr(ModeratoDetectRant) rant = g_list_model_get_item (self->rants, i);

      if (child == NULL)
        {
          child = gtk_label_new (NULL);
          gtk_widget_add_css_class (child, "rant-chip");
          gtk_box_append (GTK_BOX (self->box), child);
        }
      update_label (GTK_LABEL (child), rant, now);
      child = gtk_widget_get_next_sibling (child);
    }
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      gtk_box_remove (GTK_BOX (self->box), child);
      child = next;
    }

  if (g_strcmp0 (gtk_label_get_text (self->total_label), text) != 0)
    gtk_label_set_text (self->total_label, text);
  update_visibility (self);
}

/* A rant or the total changed: on the window's beat (moderato-beat.c), with the chat. */
static void
queue_sync (ModeratoRantsStrip *self)
{
  moderato_beat_schedule (&self->synced, SYNC_INTERVAL_MS, sync_strip, self);
}

static void
moderato_rants_strip_dispose (GObject *object)
{
  ModeratoRantsStrip *self = MODERATO_RANTS_STRIP (object);
  GtkWidget *child;

  moderato_rants_strip_set_detector (self, NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (moderato_rants_strip_parent_class)->dispose (object);
}

static void
moderato_rants_strip_class_init (ModeratoRantsStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moderato_rants_strip_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rantsstrip");
}

static void
moderato_rants_strip_init (ModeratoRantsStrip *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                              8);
  self->total_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->total_label), "dim-label");
  gtk_widget_set_parent (GTK_WIDGET (self->total_label), GTK_WIDGET (self));

  self->more_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->more_label), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->more_label), FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->more_label), GTK_WIDGET (self));

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_NEVER);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->box);
  gtk_widget_set_hexpand (scroller, TRUE);
  gtk_widget_set_parent (scroller, GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
moderato_rants_strip_new (void)
{
  return g_object_new (MODERATO_TYPE_RANTS_STRIP, NULL);
}

void
moderato_rants_strip_set_detector (ModeratoRantsStrip *self,
                                   ModeratoDetector   *detector)
{
  g_return_if_fail (MODERATO_IS_RANTS_STRIP (self));
  g_return_if_fail (detector == NULL || MODERATO_IS_DETECTOR (detector));

  if (self->detector == detector)
    return;

  if (self->detector != NULL)
    {
      g_clear_signal_handler (&self->items_handler, self->rants);
      g_clear_signal_handler (&self->total_handler, self->detector);
      self->rants = NULL;
      g_clear_object (&self->detector);
    }

  if (detector != NULL)
    {
      self->detector = g_object_ref (detector);
      self->rants = moderato_detector_get_rants (detector);
      self->items_handler = g_signal_connect_swapped (self->rants, "items-changed",
                                                      G_CALLBACK (queue_sync), self);
      self->total_handler = g_signal_connect_swapped (detector, "notify::rant-total-cents",
                                                      G_CALLBACK (queue_sync), self);
    }
  moderato_beat_cancel (sync_strip, self);
  sync_strip (self);
}

gboolean
moderato_rants_strip_get_ticking (ModeratoRantsStrip *self)
{
  g_return_val_if_fail (MODERATO_IS_RANTS_STRIP (self), FALSE);

  return self->tick_id != 0;
}

const char *
moderato_rants_strip_get_total_text (ModeratoRantsStrip *self)
{
  g_return_val_if_fail (MODERATO_IS_RANTS_STRIP (self), NULL);

  return gtk_label_get_text (self->total_label);
}
