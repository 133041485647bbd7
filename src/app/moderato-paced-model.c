/* moderato-paced-model.c — a list model that passes on appends at most so often
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chat view shows the chat's messages through this model. A flood of 300 messages a
 * second appends five messages per frame; shown one by one, every frame binds, measures,
 * lays out and paints new rows nobody can read at that speed. Here appends at the end are
 * passed on at most once per interval: the first after a quiet spell at once (a calm chat
 * shows each message as it comes), the rest together at the end of the interval.
 *
 * Every other change (a trim, a deletion's replacement, a backlog merged in the middle) is
 * passed on at once, so a row on screen is never one the chat has already let go; an
 * interval of 0 passes on everything at once (the view sets 0 while paused, so what the
 * moderator looks at is always the chat as it is).
 *
 * Invariant: the source is the items shown, then its last n_appended items.
 */
#define G_LOG_DOMAIN "moderato-paced-model"

#include "config.h"

#include "moderato-paced-model.h"

#include "moderato-beat.h"

struct _ModeratoPacedModel
{
  GObject     parent_instance;

  GListModel *source;
  gulong      changed_id;
  GPtrArray  *shown;         /* of GObject, owned: what this model exposes */
  guint       n_appended;    /* at the end of the source, not yet shown */
  guint       interval_ms;
  gint64      last_flush;    /* monotonic µs */
};

static void list_model_iface_init (GListModelInterface *iface);
static void flush_cb (gpointer user_data);

G_DEFINE_FINAL_TYPE_WITH_CODE (ModeratoPacedModel, moderato_paced_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
moderato_paced_model_get_item_type (GListModel *model)
{
  ModeratoPacedModel *self = MODERATO_PACED_MODEL (model);

  return self->source != NULL ? g_list_model_get_item_type (self->source) : G_TYPE_OBJECT;
}

static guint
moderato_paced_model_get_n_items (GListModel *model)
{
  return MODERATO_PACED_MODEL (model)->shown->len;
}

static gpointer
moderato_paced_model_get_item (GListModel *model,
                               guint       position)
{
  ModeratoPacedModel *self = MODERATO_PACED_MODEL (model);

  if (position >= self->shown->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->shown, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = moderato_paced_model_get_item_type;
  iface->get_n_items = moderato_paced_model_get_n_items;
  iface->get_item = moderato_paced_model_get_item;
}

/* Replaces shown[@position, @position + @removed) by source[@from, @from + @added). */
static void
splice_shown (ModeratoPacedModel *self,
              guint               position,
              guint               removed,
              guint               from,
              guint               added)
{
  g_ptr_array_remove_range (self->shown, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (self->shown, position + i, g_list_model_get_item (self->source, from + i));
}

void
moderato_paced_model_flush (ModeratoPacedModel *self)
{
  guint position, n;

  g_return_if_fail (MODERATO_IS_PACED_MODEL (self));

  moderato_beat_cancel (flush_cb, self);
  self->last_flush = g_get_monotonic_time ();
  if (self->n_appended == 0)
    return;

  n = self->n_appended;
  position = self->shown->len;
  self->n_appended = 0;
  splice_shown (self, position, 0, position, n);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, n);
}

static void
flush_cb (gpointer user_data)
{
  moderato_paced_model_flush (user_data);
}

static void
source_items_changed_cb (GListModel         *source,
                         guint               position,
                         guint               removed,
                         guint               added,
                         ModeratoPacedModel *self)
{
  guint n_prefix = self->shown->len;                     /* of the source, shown */
  guint n_before = n_prefix + self->n_appended;          /* the source's length before */

  if (self->interval_ms > 0 && removed == 0 && position == n_before)
    {
      self->n_appended += added;
      /* On the window's beat (moderato-beat.c): at once if it was an interval ago. */
      moderato_beat_schedule (&self->last_flush, self->interval_ms, flush_cb, self);
      return;
    }

  /* Anything else, now. */
  if (position + removed <= n_prefix)
    {
      /* Within what is shown: the waiting appends still wait. */
      splice_shown (self, position, removed, position, added);
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
    }
  else
    {
      /* It reaches into what waits: everything from where it starts is taken afresh. */
      guint from = MIN (position, n_prefix);
      guint n_after = g_list_model_get_n_items (source) - from;

      self->n_appended = 0;
      splice_shown (self, from, n_prefix - from, from, n_after);
      g_list_model_items_changed (G_LIST_MODEL (self), from, n_prefix - from, n_after);
    }
}

static void
moderato_paced_model_dispose (GObject *object)
{
  ModeratoPacedModel *self = MODERATO_PACED_MODEL (object);

  moderato_beat_cancel (flush_cb, self);
  if (self->source != NULL)
    g_clear_signal_handler (&self->changed_id, self->source);
  g_clear_object (&self->source);
  g_ptr_array_set_size (self->shown, 0);

  G_OBJECT_CLASS (moderato_paced_model_parent_class)->dispose (object);
}

static void
moderato_paced_model_finalize (GObject *object)
{
  ModeratoPacedModel *self = MODERATO_PACED_MODEL (object);

  g_ptr_array_unref (self->shown);

  G_OBJECT_CLASS (moderato_paced_model_parent_class)->finalize (object);
}

static void
moderato_paced_model_class_init (ModeratoPacedModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = moderato_paced_model_dispose;
  object_class->finalize = moderato_paced_model_finalize;
}

static void
moderato_paced_model_init (ModeratoPacedModel *self)
{
  self->shown = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * moderato_paced_model_new:
 * @source: the model to follow
 * @interval_ms: appends passed on at most once per this many ms (0: all at once)
 *
 * Returns: (transfer full): a model showing @source
 */
ModeratoPacedModel *
moderato_paced_model_new (GListModel *source,
                          guint       interval_ms)
{
  ModeratoPacedModel *self;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (source), NULL);

  self = g_object_new (MODERATO_TYPE_PACED_MODEL, NULL);
  self->source = g_object_ref (source);
  self->interval_ms = interval_ms;
  n = g_list_model_get_n_items (source);
  splice_shown (self, 0, 0, 0, n);
  self->changed_id = g_signal_connect (source, "items-changed",
                                       G_CALLBACK (source_items_changed_cb), self);
  return self;
}

/* Setting 0 passes on what waits at once. */
void
moderato_paced_model_set_interval (ModeratoPacedModel *self,
                                   guint               interval_ms)
{
  g_return_if_fail (MODERATO_IS_PACED_MODEL (self));

  self->interval_ms = interval_ms;
  if (interval_ms == 0)
    moderato_paced_model_flush (self);
}

/* Items appended to the source, not shown yet. */
guint
moderato_paced_model_get_n_pending (ModeratoPacedModel *self)
{
  g_return_val_if_fail (MODERATO_IS_PACED_MODEL (self), 0);

  return self->n_appended;
}
