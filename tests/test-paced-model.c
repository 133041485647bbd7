/* test-paced-model.c — the chat view's paced model (no display needed)
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "moderato-beat.h"
#include "moderato-paced-model.h"
#include "test-util.h"

/* A copy of the paced model kept only from its items-changed signals: if a signal lies
 * about what changed, the copy and the model part ways. */
typedef struct {
  GListModel *model;
  GPtrArray  *mirror;
  guint       n_signals;
} Watch;

static void
watch_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Watch      *watch)
{
  g_assert_cmpuint (position + removed, <=, watch->mirror->len);
  g_ptr_array_remove_range (watch->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (watch->mirror, position + i, g_list_model_get_item (model, position + i));
  watch->n_signals++;
}

static void
watch_init (Watch      *watch,
            GListModel *model)
{
  watch->model = model;
  watch->n_signals = 0;
  watch->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (watch->mirror, g_list_model_get_item (model, i));
  g_signal_connect (model, "items-changed", G_CALLBACK (watch_changed_cb), watch);
}

static void
watch_clear (Watch *watch)
{
  g_signal_handlers_disconnect_by_data (watch->model, watch);
  g_ptr_array_unref (watch->mirror);
}

static void
assert_same (GListModel *a,
             GListModel *b)
{
  g_assert_cmpuint (g_list_model_get_n_items (a), ==, g_list_model_get_n_items (b));
  for (guint i = 0; i < g_list_model_get_n_items (a); i++)
    {
      g_autoptr(GObject) x = g_list_model_get_item (a, i);
      g_autoptr(GObject) y = g_list_model_get_item (b, i);

      g_assert_true (x == y);
    }
}

static void
assert_mirrors (Watch *watch)
{
  g_assert_cmpuint (watch->mirror->len, ==, g_list_model_get_n_items (watch->model));
  for (guint i = 0; i < watch->mirror->len; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (watch->model, i);

      g_assert_true (item == g_ptr_array_index (watch->mirror, i));
    }
}

static void
append (GListStore *store,
        guint       n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_object_new (G_TYPE_OBJECT, NULL);

      g_list_store_append (store, item);
    }
}

static void
trim (GListStore *store,
      guint       n)
{
  g_list_store_splice (store, 0, n, NULL, 0);
}

/* Interval 0: every change passes at once, as it was. */
static void
test_passthrough (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(ModeratoPacedModel) paced = NULL;
  Watch watch;

  append (store, 5);
  paced = moderato_paced_model_new (G_LIST_MODEL (store), 0);
  watch_init (&watch, G_LIST_MODEL (paced));
  assert_same (G_LIST_MODEL (paced), G_LIST_MODEL (store));

  append (store, 3);
  trim (store, 2);
  g_list_store_remove (store, 1);
  g_assert_cmpuint (watch.n_signals, ==, 5);   /* three appends, a trim, a removal */
  assert_same (G_LIST_MODEL (paced), G_LIST_MODEL (store));
  assert_mirrors (&watch);
  g_assert_cmpuint (moderato_paced_model_get_n_pending (paced), ==, 0);
  watch_clear (&watch);
}

/* A long interval: the first append passes, the next appends wait together; a trim or any
 * other change passes at once, and the appends keep waiting. */
static void
test_waits (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(ModeratoPacedModel) paced = NULL;
  Watch watch;

  append (store, 10);
  paced = moderato_paced_model_new (G_LIST_MODEL (store), 60 * 1000);
  watch_init (&watch, G_LIST_MODEL (paced));

  append (store, 1);                     /* after a quiet spell: at once */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (paced)), ==, 11);
  g_assert_cmpuint (watch.n_signals, ==, 1);

  append (store, 4);
  g_assert_cmpuint (watch.n_signals, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (paced)), ==, 11);
  g_assert_cmpuint (moderato_paced_model_get_n_pending (paced), ==, 4);

  /* The oldest go at once: no row stays on screen for a message the chat let go. */
  trim (store, 3);
  g_assert_cmpuint (watch.n_signals, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (paced)), ==, 8);
  g_assert_cmpuint (moderato_paced_model_get_n_pending (paced), ==, 4);

  /* A deletion in the middle: at once, where it is. */
  g_list_store_remove (store, 2);
  g_assert_cmpuint (watch.n_signals, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (paced)), ==, 7);
  g_assert_cmpuint (moderato_paced_model_get_n_pending (paced), ==, 4);
  assert_mirrors (&watch);
  {
    g_autoptr(GObject) shown = g_list_model_get_item (G_LIST_MODEL (paced), 2);
    g_autoptr(GObject) real = g_list_model_get_item (G_LIST_MODEL (store), 2);

    g_assert_true (shown == real);
  }

  moderato_paced_model_flush (paced);
  assert_same (G_LIST_MODEL (paced), G_LIST_MODEL (store));
  assert_mirrors (&watch);

  /* Setting 0 (the view paused) passes what waits at once. */
  append (store, 2);
  trim (store, 1);
  g_assert_cmpuint (moderato_paced_model_get_n_pending (paced), ==, 2);
  moderato_paced_model_set_interval (paced, 0);
  assert_same (G_LIST_MODEL (paced), G_LIST_MODEL (store));
  assert_mirrors (&watch);
  watch_clear (&watch);
}

/* Random changes of every kind: the signals always describe the model, and a flush makes
 * it the source. */
static void
test_random (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(ModeratoPacedModel) paced = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261203);
  Watch watch;

  append (store, 20);
  paced = moderato_paced_model_new (G_LIST_MODEL (store), 60 * 1000);
  watch_init (&watch, G_LIST_MODEL (paced));

  for (guint step = 0; step < 5000; step++)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
      guint kind = g_rand_int_range (rand, 0, 10);

      if (kind < 4)
        append (store, g_rand_int_range (rand, 1, 6));
      else if (kind < 7 && n > 0)
        trim (store, g_rand_int_range (rand, 1, MIN (n, 8) + 1));
      else if (kind < 9 && n > 0)
        {
          /* A change anywhere, also over the end of what is shown. */
          guint position = g_rand_int_range (rand, 0, n);
          guint removed = g_rand_int_range (rand, 0, MIN (n - position, 4) + 1);
          guint added = g_rand_int_range (rand, 0, 3);
          g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

          for (guint i = 0; i < added; i++)
            g_ptr_array_add (items, g_object_new (G_TYPE_OBJECT, NULL));
          g_list_store_splice (store, position, removed, items->pdata, added);
        }
      else
        moderato_paced_model_flush (paced);

      assert_mirrors (&watch);
      if (step % 97 == 0)
        {
          moderato_paced_model_flush (paced);
          assert_same (G_LIST_MODEL (paced), G_LIST_MODEL (store));
        }
    }
  moderato_paced_model_flush (paced);
  assert_same (G_LIST_MODEL (paced), G_LIST_MODEL (store));
  assert_mirrors (&watch);
  watch_clear (&watch);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* What waits passes by itself at the end of the interval. */
static void
test_timer (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(ModeratoPacedModel) paced = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  paced = moderato_paced_model_new (G_LIST_MODEL (store), 50);
  append (store, 1);
  append (store, 1);
  trim (store, 1);
  append (store, 3);
  g_assert_cmpuint (moderato_paced_model_get_n_pending (paced), ==, 4);   /* the first passed, the trim too */

  g_timeout_add (200, quit_cb, loop);
  g_main_loop_run (loop);
  g_assert_cmpuint (moderato_paced_model_get_n_pending (paced), ==, 0);
  assert_same (G_LIST_MODEL (paced), G_LIST_MODEL (store));

  /* Disposed with changes waiting: no timer is left behind. */
  append (store, 1);
  append (store, 1);
  g_clear_object (&paced);
  g_timeout_add (100, quit_cb, loop);
  g_main_loop_run (loop);
}

typedef struct
{
  gint64  last;      /* the beat's record */
  GArray *runs;      /* of gint64: the record at each run */
} Client;

static void
client_run (gpointer data)
{
  Client *c = data;

  g_array_append_val (c->runs, c->last);
}

/* A flood: both updates asked for every 10 ms. */
static gboolean
ask_both (gpointer data)
{
  Client *clients = data;

  moderato_beat_schedule (&clients[0].last, 100, client_run, &clients[0]);
  moderato_beat_schedule (&clients[1].last, 100, client_run, &clients[1]);
  return G_SOURCE_CONTINUE;
}

/* Two updates on the beat under a flood: each runs at once when quiet, then at most once per
 * interval, and soon both on the same beats (the same main-loop dispatch: one frame). */
static void
test_beat (void)
{
  Client clients[2] = {
    { 0, g_array_new (FALSE, FALSE, sizeof (gint64)) },
    { 0, g_array_new (FALSE, FALSE, sizeof (gint64)) },
  };
  guint asking;

  moderato_beat_schedule (&clients[0].last, 100, client_run, &clients[0]);
  g_assert_cmpuint (clients[0].runs->len, ==, 1);   /* quiet: at once */
  test_iterate_for (30);
  asking = g_timeout_add (10, ask_both, clients);
  test_iterate_for (800);
  g_source_remove (asking);
  g_assert_true (moderato_beat_cancel (client_run, &clients[0]) |
                 moderato_beat_cancel (client_run, &clients[1]));

  for (guint i = 0; i < 2; i++)
    {
      GArray *runs = clients[i].runs;

      g_assert_cmpuint (runs->len, >=, 5);
      g_assert_cmpuint (runs->len, <=, 10);
      /* An update may come a quarter interval early (moderato-beat.c). */
      for (guint k = 1; k < runs->len; k++)
        g_assert_cmpint (g_array_index (runs, gint64, k) - g_array_index (runs, gint64, k - 1),
                         >=, 75 * 1000);
    }
  /* The last three beats were shared. */
  for (guint k = 1; k <= 3; k++)
    g_assert_cmpint (g_array_index (clients[0].runs, gint64, clients[0].runs->len - k), ==,
                     g_array_index (clients[1].runs, gint64, clients[1].runs->len - k));

  /* Cancelled, it does not run. */
  moderato_beat_schedule (&clients[0].last, 100, client_run, &clients[0]);
  moderato_beat_cancel (client_run, &clients[0]);
  g_assert_false (moderato_beat_is_waiting (client_run, &clients[0]));
  {
    guint n = clients[0].runs->len;

    test_iterate_for (200);
    g_assert_cmpuint (clients[0].runs->len, ==, n);
  }
  g_array_unref (clients[0].runs);
  g_array_unref (clients[1].runs);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/moderato/paced-model/passthrough", test_passthrough);
  g_test_add_func ("/moderato/paced-model/waits", test_waits);
  g_test_add_func ("/moderato/paced-model/random", test_random);
  g_test_add_func ("/moderato/paced-model/timer", test_timer);
  g_test_add_func ("/moderato/beat", test_beat);

  return g_test_run ();
}
