/* moderato-users-by-activity.c — a chat's users, staff first, then by activity, name or count
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8's GtkSortListModel handles every items-changed of its source in time linear in
 * the whole list, and activity changes no item, so it also needed a full re-sort to follow
 * it: with one new user per message that made the sidebar cost grow with every user seen.
 * Here the users sit in a GSequence (a balanced tree) under a snapshot of their sort key,
 * so an arrival, a departure or a move is a logarithmic step. The three orders share it:
 * in name order a message moves no one, in count order it moves its author like activity.
 * Frozen, arrivals wait in a second sequence shown after the tree, and departures and
 * moves are only noted: no row changes place until the thaw.
 *
 * Arrivals, unfrozen, wait for the next move too (at once after a quiet spell): a flood
 * brings a new account with many messages, and a row inserted per account resized the
 * window as often. They join with the moves, where their first message put them.
 */
#define G_LOG_DOMAIN "moderato-users-by-activity"

#include "config.h"

#include "moderato-users-by-activity.h"

#include "moderato-beat.h"

/* Users who left while frozen are removed anyway past this many (a pointer resting on the
 * list during a flood must not keep thousands of departed users). */
#define FROZEN_GONE_MAX 1000

/* A user's sort key, as read when it was last placed: keys read afresh from the user could
 * change (a new message) while it sits in the tree, which would break the order. */
typedef struct {
  gboolean  staff;
  gint64    last_seen;   /* ACTIVITY */
  guint     count;       /* COUNT */
  char     *name_key;    /* NAME: collation key of the case-folded name */
} Key;

typedef struct {
  RumbleUser *user;
  Key         key;
  guint64     appearance;   /* order of first appearance, for ties */
} Entry;

struct _ModeratoUsersByActivity
{
  GObject            parent_instance;

  RumbleChatApi     *chat;
  GListModel        *users;         /* the chat's */
  gulong             users_changed_id;
  gulong             message_id;

  GPtrArray         *source;        /* the chat's users as its model has them: tells who left */
  GSequence         *sorted;        /* of Entry, in the order shown */
  GSequence         *tail;          /* of Entry: arrived while frozen, shown after sorted */
  GPtrArray         *gone;          /* GSequenceIter of users who left while frozen */
  GHashTable        *iters;         /* RumbleUser -> its GSequenceIter in sorted or tail */
  GHashTable        *spoke;         /* users who spoke since the last move */
  GPtrArray         *arriving;      /* of RumbleUser, owned: not shown before the next move */
  guint64            next_appearance;
  guint              interval_ms;
  ModeratoUsersSort  sort;
  guint              freeze_count;
  gboolean           resort;        /* the order changed while frozen */
  gint64             moved;         /* monotonic µs of the last move */
};

static void moderato_users_by_activity_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ModeratoUsersByActivity, moderato_users_by_activity, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      moderato_users_by_activity_list_model_init))

static const char * const sort_names[] = { "activity", "name", "count" };

const char *
moderato_users_sort_to_string (ModeratoUsersSort sort)
{
  g_return_val_if_fail (sort < G_N_ELEMENTS (sort_names), NULL);

  return sort_names[sort];
}

gboolean
moderato_users_sort_from_string (const char        *text,
                                 ModeratoUsersSort *out_sort)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (sort_names); i++)
    {
      if (g_str_equal (text, sort_names[i]))
        {
          *out_sort = (ModeratoUsersSort) i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
key_clear (Key *key)
{
  g_clear_pointer (&key->name_key, g_free);
}

static void
entry_free (Entry *entry)
{
  key_clear (&entry->key);
  g_object_unref (entry->user);
  g_free (entry);
}

/* The user's key under @sort now. */
static void
read_key (RumbleUser        *user,
          ModeratoUsersSort  sort,
          Key               *out)
{
  *out = (Key) { .staff = rumble_user_get_is_staff (user) };

  switch (sort)
    {
    case MODERATO_USERS_SORT_ACTIVITY:
      out->last_seen = rumble_user_get_last_seen (user);
      break;
    case MODERATO_USERS_SORT_COUNT:
      out->count = rumble_user_get_message_count (user);
      break;
    case MODERATO_USERS_SORT_NAME:
      {
        const char *name = rumble_user_get_username (user);
        g_autofree char *folded = g_utf8_casefold (name != NULL ? name : "", -1);

        out->name_key = g_utf8_collate_key (folded, -1);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
key_equal (const Key *a,
           const Key *b)
{
  return a->staff == b->staff && a->last_seen == b->last_seen && a->count == b->count &&
         g_strcmp0 (a->name_key, b->name_key) == 0;
}

static void
entry_take_key (Entry *entry,
                Key   *key)
{
  key_clear (&entry->key);
  entry->key = *key;
  *key = (Key) { 0 };
}

/* Staff first, then the order chosen, then first come. */
static int
compare_entries (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const Key *ka = &((const Entry *) a)->key;
  const Key *kb = &((const Entry *) b)->key;
  guint64 appear_a = ((const Entry *) a)->appearance;
  guint64 appear_b = ((const Entry *) b)->appearance;
  int by_name;

  if (ka->staff != kb->staff)
    return ka->staff ? -1 : 1;
  if (ka->last_seen != kb->last_seen)
    return ka->last_seen > kb->last_seen ? -1 : 1;
  if (ka->count != kb->count)
    return ka->count > kb->count ? -1 : 1;
  by_name = g_strcmp0 (ka->name_key, kb->name_key);
  if (by_name != 0)
    return by_name;
  return appear_a < appear_b ? -1 : appear_a > appear_b;
}

static guint
n_shown (ModeratoUsersByActivity *self)
{
  return (guint) (g_sequence_get_length (self->sorted) + g_sequence_get_length (self->tail));
}

/* The place shown of an entry of sorted or tail. */
static guint
iter_position (ModeratoUsersByActivity *self,
               GSequenceIter           *iter)
{
  guint position = (guint) g_sequence_iter_get_position (iter);

  if (g_sequence_iter_get_sequence (iter) == self->tail)
    position += (guint) g_sequence_get_length (self->sorted);
  return position;
}

static Entry *
entry_new (ModeratoUsersByActivity *self,
           RumbleUser              *user)
{
  Entry *entry = g_new0 (Entry, 1);
  Key key;

  entry->user = g_object_ref (user);
  entry->appearance = self->next_appearance++;
  read_key (user, self->sort, &key);
  entry_take_key (entry, &key);
  return entry;
}

/* Adds @user to the tree (or, frozen, to the tail) without telling anyone; its position. */
static guint
insert_user (ModeratoUsersByActivity *self,
             RumbleUser              *user)
{
  Entry *entry = entry_new (self, user);
  GSequenceIter *iter;

  if (self->freeze_count > 0)
    iter = g_sequence_append (self->tail, entry);
  else
    iter = g_sequence_insert_sorted (self->sorted, entry, compare_entries, self);
  g_hash_table_insert (self->iters, user, iter);
  return iter_position (self, iter);
}

typedef struct {
  guint          position;
  GSequenceIter *iter;
} Leaving;

static gint
compare_leaving (gconstpointer a,
                 gconstpointer b)
{
  const Leaving *la = a, *lb = b;

  return la->position < lb->position ? -1 : la->position > lb->position;
}

/* One items-changed per run of neighbours, from the last run back so that the positions
 * of the earlier ones hold. The chat evicts the least recently active: one run at the end. */
static void
remove_iters (ModeratoUsersByActivity  *self,
              GSequenceIter           **iters,
              guint                     n)
{
  g_autoptr(GArray) leaving = g_array_sized_new (FALSE, FALSE, sizeof (Leaving), n);
  guint end;

  for (guint i = 0; i < n; i++)
    g_array_append_val (leaving, ((Leaving) { iter_position (self, iters[i]), iters[i] }));
  g_array_sort (leaving, compare_leaving);

  end = leaving->len;
  while (end > 0)
    {
      guint start = end - 1;

      while (start > 0 &&
             g_array_index (leaving, Leaving, start - 1).position + 1 ==
             g_array_index (leaving, Leaving, start).position)
        start--;
      for (guint i = start; i < end; i++)
        g_sequence_remove (g_array_index (leaving, Leaving, i).iter);
      g_list_model_items_changed (G_LIST_MODEL (self),
                                  g_array_index (leaving, Leaving, start).position, end - start, 0);
      end = start;
    }
}

/* Unfrozen, users who leave go at once; frozen, they stay in place until the thaw. */
static void
remove_users (ModeratoUsersByActivity *self,
              RumbleUser             **users,
              guint                    n)
{
  g_autoptr(GPtrArray) leaving = g_ptr_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    {
      GSequenceIter *iter = g_hash_table_lookup (self->iters, users[i]);

      if (iter == NULL)
        {
          g_ptr_array_remove (self->arriving, users[i]);
          continue;
        }
      g_ptr_array_add (self->freeze_count > 0 ? self->gone : leaving, iter);
      g_hash_table_remove (self->iters, users[i]);
      g_hash_table_remove (self->spoke, users[i]);
    }

  if (self->gone->len > FROZEN_GONE_MAX)
    {
      remove_iters (self, (GSequenceIter **) self->gone->pdata, self->gone->len);
      g_ptr_array_set_size (self->gone, 0);
    }
  if (leaving->len > 0)
    remove_iters (self, (GSequenceIter **) leaving->pdata, leaving->len);
}

static void move_now (gpointer user_data);

/* Arrivals that waited join the tail (frozen): one insertion at the end. */
static void
show_arrivals_in_tail (ModeratoUsersByActivity *self)
{
  guint old_n = n_shown (self);

  if (self->arriving->len == 0)
    return;
  for (guint i = 0; i < self->arriving->len; i++)
    insert_user (self, g_ptr_array_index (self->arriving, i));
  g_ptr_array_set_size (self->arriving, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, n_shown (self) - old_n);
}

static void
on_users_changed (GListModel              *users,
                  guint                    position,
                  guint                    removed,
                  guint                    added,
                  ModeratoUsersByActivity *self)
{
  guint old_n, first = G_MAXUINT;

  if (removed > 0)
    {
      remove_users (self, (RumbleUser **) self->source->pdata + position, removed);
      g_ptr_array_remove_range (self->source, position, removed);
    }
  if (added == 0)
    return;

  if (self->interval_ms > 0 && self->freeze_count == 0)
    {
      for (guint i = 0; i < added; i++)
        {
          RumbleUser *user = g_list_model_get_item (users, position + i);

          g_ptr_array_insert (self->source, (int) (position + i), user);
          g_ptr_array_add (self->arriving, g_object_ref (user));
        }
      moderato_beat_schedule (&self->moved, self->interval_ms, move_now, self);
      return;
    }

  /* All added first, then one change from the first new place to the end. New users have
   * not spoken yet (their message follows), so they go last: one insertion at the end. */
  old_n = n_shown (self);
  for (guint i = 0; i < added; i++)
    {
      RumbleUser *user = g_list_model_get_item (users, position + i);
      guint at;

      g_ptr_array_insert (self->source, (int) (position + i), user);
      at = insert_user (self, user);
      first = MIN (first, at);
    }
  g_list_model_items_changed (G_LIST_MODEL (self), first, old_n - first, n_shown (self) - first);
}

static void
move_now (gpointer user_data)
{
  ModeratoUsersByActivity *self = user_data;

  moderato_users_by_activity_flush (self);
}

static void
on_message_received (RumbleChatApi           *chat,
                     RumbleMessage           *message,
                     ModeratoUsersByActivity *self)
{
  RumbleUser *user = rumble_message_get_user (message);

  /* A message does not change a name: nothing to move in that order. */
  if (self->sort == MODERATO_USERS_SORT_NAME)
    return;
  if (user == NULL || !g_hash_table_contains (self->iters, user))
    return;
  g_hash_table_add (self->spoke, user);
  if (self->freeze_count > 0)
    return;
  /* On the window's beat (moderato-beat.c): at once if it was an interval ago. */
  moderato_beat_schedule (&self->moved, self->interval_ms, move_now, self);
}

/* Everything in the tree again under the current order: one change of the whole list. */
static void
resort_all (ModeratoUsersByActivity *self)
{
  guint old_n = n_shown (self);
  GSequenceIter *iter;

  for (guint i = 0; i < self->arriving->len; i++)
    insert_user (self, g_ptr_array_index (self->arriving, i));
  g_ptr_array_set_size (self->arriving, 0);

  for (guint i = 0; i < self->gone->len; i++)
    g_sequence_remove (g_ptr_array_index (self->gone, i));
  g_ptr_array_set_size (self->gone, 0);
  if (g_sequence_get_length (self->tail) > 0)
    g_sequence_move_range (g_sequence_get_end_iter (self->sorted),
                           g_sequence_get_begin_iter (self->tail),
                           g_sequence_get_end_iter (self->tail));
  for (iter = g_sequence_get_begin_iter (self->sorted);
       !g_sequence_iter_is_end (iter);
       iter = g_sequence_iter_next (iter))
    {
      Entry *entry = g_sequence_get (iter);
      Key key;

      read_key (entry->user, self->sort, &key);
      entry_take_key (entry, &key);
    }
  g_sequence_sort (self->sorted, compare_entries, self);
  g_hash_table_remove_all (self->spoke);
  self->resort = FALSE;

  if (old_n > 0 || n_shown (self) > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, n_shown (self));
}

typedef struct {
  GSequenceIter *iter;
  Key            key;
} Move;

/* Applies what waited (departures, arrivals at the tail, users who spoke) in one change:
 * from the first place that changed to the last, the rows of users who did not move are
 * kept by the list view, not bound again. */
static void
apply_pending (ModeratoUsersByActivity *self)
{
  g_autoptr(GArray) moves = g_array_new (FALSE, FALSE, sizeof (Move));
  g_autoptr(GPtrArray) placed = g_ptr_array_new ();
  guint old_n = n_shown (self);
  guint n_sorted = (guint) g_sequence_get_length (self->sorted);
  guint first = G_MAXUINT;
  gint64 last_old = -1, last_new = -1;
  GHashTableIter spoke;
  gpointer user;
  guint new_n, keep;

  if (self->resort)
    {
      resort_all (self);
      return;
    }

  /* The places before: of who leaves, of the tail, of who moves (a key that changed). */
  for (guint i = 0; i < self->gone->len; i++)
    {
      guint at = iter_position (self, g_ptr_array_index (self->gone, i));

      first = MIN (first, at);
      last_old = MAX (last_old, (gint64) at);
    }
  if (n_sorted < old_n)
    {
      first = MIN (first, n_sorted);
      last_old = old_n - 1;
    }
  g_hash_table_iter_init (&spoke, self->spoke);
  while (g_hash_table_iter_next (&spoke, &user, NULL))
    {
      GSequenceIter *iter = g_hash_table_lookup (self->iters, user);
      Move move = { iter };
      guint at;

      if (g_sequence_iter_get_sequence (iter) == self->tail)
        continue;
      read_key (user, self->sort, &move.key);
      if (key_equal (&move.key, &((Entry *) g_sequence_get (iter))->key))
        {
          key_clear (&move.key);
          continue;
        }
      at = iter_position (self, iter);
      first = MIN (first, at);
      last_old = MAX (last_old, (gint64) at);
      g_array_append_val (moves, move);
    }
  g_hash_table_remove_all (self->spoke);

  /* Then the changes: one user at a time, so that the tree is sorted but for that one. */
  for (guint i = 0; i < self->gone->len; i++)
    g_sequence_remove (g_ptr_array_index (self->gone, i));
  g_ptr_array_set_size (self->gone, 0);
  for (guint i = 0; i < moves->len; i++)
    {
      Move *move = &g_array_index (moves, Move, i);

      entry_take_key (g_sequence_get (move->iter), &move->key);
      g_sequence_sort_changed (move->iter, compare_entries, self);
      g_ptr_array_add (placed, move->iter);
    }
  while (g_sequence_get_length (self->tail) > 0)
    {
      GSequenceIter *iter = g_sequence_get_begin_iter (self->tail);
      Entry *entry = g_sequence_get (iter);
      Key key;

      read_key (entry->user, self->sort, &key);
      entry_take_key (entry, &key);
      g_sequence_move (iter, g_sequence_search (self->sorted, entry, compare_entries, self));
      g_ptr_array_add (placed, iter);
    }
  for (guint i = 0; i < self->arriving->len; i++)
    {
      RumbleUser *arrival = g_ptr_array_index (self->arriving, i);

      insert_user (self, arrival);
      g_ptr_array_add (placed, g_hash_table_lookup (self->iters, arrival));
    }
  g_ptr_array_set_size (self->arriving, 0);
  for (guint i = 0; i < placed->len; i++)
    {
      guint at = iter_position (self, g_ptr_array_index (placed, i));

      first = MIN (first, at);
      last_new = MAX (last_new, (gint64) at);
    }

  if (first == G_MAXUINT)
    return;
  /* Rows after the last place touched, before and after, are the same users. */
  new_n = n_shown (self);
  keep = MIN (old_n - (guint) (last_old + 1), new_n - (guint) (last_new + 1));
  g_list_model_items_changed (G_LIST_MODEL (self), first, old_n - keep - first,
                              new_n - keep - first);
}

static GType
moderato_users_by_activity_get_item_type (GListModel *model)
{
  return RUMBLE_TYPE_USER;
}

static guint
moderato_users_by_activity_get_n_items (GListModel *model)
{
  ModeratoUsersByActivity *self = MODERATO_USERS_BY_ACTIVITY (model);

  return n_shown (self);
}

static gpointer
moderato_users_by_activity_get_item (GListModel *model,
                                     guint       position)
{
  ModeratoUsersByActivity *self = MODERATO_USERS_BY_ACTIVITY (model);
  guint n_sorted = (guint) g_sequence_get_length (self->sorted);
  GSequenceIter *iter;

  if (position < n_sorted)
    iter = g_sequence_get_iter_at_pos (self->sorted, (gint) position);
  else
    iter = g_sequence_get_iter_at_pos (self->tail, (gint) (position - n_sorted));
  if (g_sequence_iter_is_end (iter))
    return NULL;
  return g_object_ref (((Entry *) g_sequence_get (iter))->user);
}

static void
moderato_users_by_activity_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = moderato_users_by_activity_get_item_type;
  iface->get_n_items = moderato_users_by_activity_get_n_items;
  iface->get_item = moderato_users_by_activity_get_item;
}

static void
moderato_users_by_activity_dispose (GObject *object)
{
  ModeratoUsersByActivity *self = MODERATO_USERS_BY_ACTIVITY (object);

  moderato_users_by_activity_set_chat (self, NULL);

  G_OBJECT_CLASS (moderato_users_by_activity_parent_class)->dispose (object);
}

static void
moderato_users_by_activity_finalize (GObject *object)
{
  ModeratoUsersByActivity *self = MODERATO_USERS_BY_ACTIVITY (object);

  g_ptr_array_unref (self->source);
  g_ptr_array_unref (self->gone);
  g_sequence_free (self->tail);
  g_sequence_free (self->sorted);
  g_hash_table_unref (self->iters);
  g_hash_table_unref (self->spoke);
  g_ptr_array_unref (self->arriving);

  G_OBJECT_CLASS (moderato_users_by_activity_parent_class)->finalize (object);
}

static void
moderato_users_by_activity_class_init (ModeratoUsersByActivityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = moderato_users_by_activity_dispose;
  object_class->finalize = moderato_users_by_activity_finalize;
}

static void
moderato_users_by_activity_init (ModeratoUsersByActivity *self)
{
  self->source = g_ptr_array_new_with_free_func (g_object_unref);
  self->sorted = g_sequence_new ((GDestroyNotify) entry_free);
  self->tail = g_sequence_new ((GDestroyNotify) entry_free);
  self->gone = g_ptr_array_new ();
  self->iters = g_hash_table_new (NULL, NULL);
  self->spoke = g_hash_table_new (NULL, NULL);
  self->arriving = g_ptr_array_new_with_free_func (g_object_unref);
}

ModeratoUsersByActivity *
moderato_users_by_activity_new (guint interval_ms)
{
  ModeratoUsersByActivity *self = g_object_new (MODERATO_TYPE_USERS_BY_ACTIVITY, NULL);

  self->interval_ms = interval_ms;
  return self;
}

RumbleChatApi *
moderato_users_by_activity_get_chat (ModeratoUsersByActivity *self)
{
  g_return_val_if_fail (MODERATO_IS_USERS_BY_ACTIVITY (self), NULL);

  return self->chat;
}

void
moderato_users_by_activity_set_chat (ModeratoUsersByActivity *self,
                                     RumbleChatApi           *chat)
{
  guint old_n;
  guint n;

  g_return_if_fail (MODERATO_IS_USERS_BY_ACTIVITY (self));
  g_return_if_fail (chat == NULL || RUMBLE_IS_CHAT_API (chat));

  if (self->chat == chat)
    return;

  if (self->chat != NULL)
    {
      g_clear_signal_handler (&self->users_changed_id, self->users);
      g_clear_signal_handler (&self->message_id, self->chat);
    }
  moderato_beat_cancel (move_now, self);
  g_hash_table_remove_all (self->spoke);
  g_hash_table_remove_all (self->iters);
  g_ptr_array_set_size (self->source, 0);
  g_ptr_array_set_size (self->gone, 0);
  g_ptr_array_set_size (self->arriving, 0);
  old_n = n_shown (self);
  g_sequence_remove_range (g_sequence_get_begin_iter (self->sorted),
                           g_sequence_get_end_iter (self->sorted));
  g_sequence_remove_range (g_sequence_get_begin_iter (self->tail),
                           g_sequence_get_end_iter (self->tail));
  self->resort = FALSE;

  g_set_object (&self->chat, chat);
  self->users = chat != NULL ? rumble_chat_api_get_users (chat) : NULL;
  n = self->users != NULL ? g_list_model_get_n_items (self->users) : 0;
  for (guint i = 0; i < n; i++)
    {
      RumbleUser *user = g_list_model_get_item (self->users, i);

      g_ptr_array_add (self->source, user);
      insert_user (self, user);
    }
  if (chat != NULL)
    {
      self->users_changed_id = g_signal_connect (self->users, "items-changed",
                                                 G_CALLBACK (on_users_changed), self);
      self->message_id = g_signal_connect (chat, "message-received",
                                           G_CALLBACK (on_message_received), self);
    }

  if (old_n > 0 || n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, n);
}

void
moderato_users_by_activity_flush (ModeratoUsersByActivity *self)
{
  g_return_if_fail (MODERATO_IS_USERS_BY_ACTIVITY (self));

  moderato_beat_cancel (move_now, self);
  if (self->freeze_count == 0)
    {
      self->moved = g_get_monotonic_time ();
      apply_pending (self);
    }
}

ModeratoUsersSort
moderato_users_by_activity_get_sort (ModeratoUsersByActivity *self)
{
  g_return_val_if_fail (MODERATO_IS_USERS_BY_ACTIVITY (self), MODERATO_USERS_SORT_ACTIVITY);

  return self->sort;
}

void
moderato_users_by_activity_set_sort (ModeratoUsersByActivity *self,
                                     ModeratoUsersSort        sort)
{
  g_return_if_fail (MODERATO_IS_USERS_BY_ACTIVITY (self));
  g_return_if_fail (sort <= MODERATO_USERS_SORT_COUNT);

  if (self->sort == sort)
    return;
  self->sort = sort;
  self->resort = TRUE;
  moderato_users_by_activity_flush (self);
}

void
moderato_users_by_activity_freeze (ModeratoUsersByActivity *self)
{
  g_return_if_fail (MODERATO_IS_USERS_BY_ACTIVITY (self));

  self->freeze_count++;
  moderato_beat_cancel (move_now, self);
  show_arrivals_in_tail (self);
}

void
moderato_users_by_activity_thaw (ModeratoUsersByActivity *self)
{
  g_return_if_fail (MODERATO_IS_USERS_BY_ACTIVITY (self));
  g_return_if_fail (self->freeze_count > 0);

  if (--self->freeze_count == 0)
    moderato_users_by_activity_flush (self);
}

gboolean
moderato_users_by_activity_get_frozen (ModeratoUsersByActivity *self)
{
  g_return_val_if_fail (MODERATO_IS_USERS_BY_ACTIVITY (self), FALSE);

  return self->freeze_count > 0;
}
