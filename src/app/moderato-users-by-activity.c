/* moderato-users-by-activity.c — a chat's users, staff first, then the latest active first
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8's GtkSortListModel handles every items-changed of its source in time linear in
 * the whole list, and activity changes no item, so it also needed a full re-sort to follow
 * it: with one new user per message that made the sidebar cost grow with every user seen.
 * Here the users sit in a GSequence (a balanced tree) under a snapshot of their sort key,
 * so an arrival, a departure or a move is a logarithmic step.
 */
#define G_LOG_DOMAIN "moderato-users-by-activity"

#include "config.h"

#include "moderato-users-by-activity.h"

/* A user's place, under the key it was sorted by: keys read afresh from the user could
 * change (a new message) while it sits in the tree, which would break the order. */
typedef struct {
  RumbleUser *user;
  gint64      last_seen;
  guint64     appearance;   /* order of first appearance, for ties */
  gboolean    staff;
} Entry;

struct _ModeratoUsersByActivity
{
  GObject        parent_instance;

  RumbleChatApi *chat;
  GListModel    *users;         /* the chat's */
  gulong         users_changed_id;
  gulong         message_id;

  GPtrArray     *source;        /* the chat's users as its model has them: tells who left */
  GSequence     *sorted;        /* of Entry, in the order shown */
  GHashTable    *iters;         /* RumbleUser -> its GSequenceIter in sorted */
  GHashTable    *spoke;         /* users who spoke since the last move */
  guint64        next_appearance;
  guint          interval_ms;
  guint          move_id;
};

static void moderato_users_by_activity_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ModeratoUsersByActivity, moderato_users_by_activity, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      moderato_users_by_activity_list_model_init))

static void
entry_free (Entry *entry)
{
  g_object_unref (entry->user);
  g_free (entry);
}

/* Staff (admins, moderators) first, then the latest active first, then first come. */
static int
compare_entries (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const Entry *ea = a;
  const Entry *eb = b;

  if (ea->staff != eb->staff)
    return ea->staff ? -1 : 1;
  if (ea->last_seen != eb->last_seen)
    return ea->last_seen > eb->last_seen ? -1 : 1;
  return ea->appearance < eb->appearance ? -1 : ea->appearance > eb->appearance;
}

/* Takes the user's current key; FALSE when it did not change. */
static gboolean
entry_update_key (Entry *entry)
{
  gboolean staff = rumble_user_get_is_staff (entry->user);
  gint64 last_seen = rumble_user_get_last_seen (entry->user);

  if (staff == entry->staff && last_seen == entry->last_seen)
    return FALSE;
  entry->staff = staff;
  entry->last_seen = last_seen;
  return TRUE;
}

/* Adds @user to the tree without telling anyone; its position. */
static guint
insert_user (ModeratoUsersByActivity *self,
             RumbleUser              *user)
{
  Entry *entry = g_new0 (Entry, 1);
  GSequenceIter *iter;

  entry->user = g_object_ref (user);
  entry->appearance = self->next_appearance++;
  entry_update_key (entry);
  iter = g_sequence_insert_sorted (self->sorted, entry, compare_entries, NULL);
  g_hash_table_insert (self->iters, user, iter);
  return g_sequence_iter_get_position (iter);
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
remove_users (ModeratoUsersByActivity *self,
              RumbleUser             **users,
              guint                    n)
{
  g_autoptr(GArray) leaving = g_array_sized_new (FALSE, FALSE, sizeof (Leaving), n);
  guint end;

  for (guint i = 0; i < n; i++)
    {
      GSequenceIter *iter = g_hash_table_lookup (self->iters, users[i]);

      if (iter == NULL)
        continue;
      g_array_append_val (leaving, ((Leaving) { g_sequence_iter_get_position (iter), iter }));
      g_hash_table_remove (self->iters, users[i]);
      g_hash_table_remove (self->spoke, users[i]);
    }
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

  /* All added first, then one change from the first new place to the end. New users have
   * not spoken yet (their message follows), so they go last: one insertion at the end. */
  old_n = g_sequence_get_length (self->sorted);
  for (guint i = 0; i < added; i++)
    {
      RumbleUser *user = g_list_model_get_item (users, position + i);
      guint at;

      g_ptr_array_insert (self->source, (int) (position + i), user);
      at = insert_user (self, user);
      first = MIN (first, at);
        }
  g_list_model_items_changed (G_LIST_MODEL (self), first, old_n - first,
                              g_sequence_get_length (self->sorted) - first);
}

static void
move_now (gpointer user_data)
{
  moderato_users_by_activity_flush (user_data);
}

static void
on_message_received (RumbleChatApi           *chat,
                     RumbleMessage           *message,
                     ModeratoUsersByActivity *self)
{
  RumbleUser *user = rumble_message_get_user (message);

  if (user == NULL || !g_hash_table_contains (self->iters, user))
    return;
  g_hash_table_add (self->spoke, user);
  if (self->interval_ms == 0)
    moderato_users_by_activity_flush (self);
  else if (self->move_id == 0)
    self->move_id = g_timeout_add_once (self->interval_ms, move_now, self);
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

  return g_sequence_get_length (self->sorted);
}

static gpointer
moderato_users_by_activity_get_item (GListModel *model,
                                     guint       position)
{
  ModeratoUsersByActivity *self = MODERATO_USERS_BY_ACTIVITY (model);
  GSequenceIter *iter = g_sequence_get_iter_at_pos (self->sorted, (gint) position);

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
  g_sequence_free (self->sorted);
  g_hash_table_unref (self->iters);
  g_hash_table_unref (self->spoke);

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
  self->iters = g_hash_table_new (NULL, NULL);
  self->spoke = g_hash_table_new (NULL, NULL);
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
  g_clear_handle_id (&self->move_id, g_source_remove);
  g_hash_table_remove_all (self->spoke);
  g_hash_table_remove_all (self->iters);
  g_ptr_array_set_size (self->source, 0);
  old_n = g_sequence_get_length (self->sorted);
  g_sequence_remove_range (g_sequence_get_begin_iter (self->sorted),
                           g_sequence_get_end_iter (self->sorted));

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

/* Each user who spoke moves in the tree, then one change covers every place that moved:
 * the rows of users who did not move are kept by the list view, not bound again. */
void
moderato_users_by_activity_flush (ModeratoUsersByActivity *self)
{
  GHashTableIter spoke;
  gpointer user;
  guint first = G_MAXUINT;
  guint last = 0;

  g_return_if_fail (MODERATO_IS_USERS_BY_ACTIVITY (self));

  g_clear_handle_id (&self->move_id, g_source_remove);
  g_hash_table_iter_init (&spoke, self->spoke);
  while (g_hash_table_iter_next (&spoke, &user, NULL))
    {
      GSequenceIter *iter = g_hash_table_lookup (self->iters, user);
      guint from = g_sequence_iter_get_position (iter);
      guint to;

      if (!entry_update_key (g_sequence_get (iter)))
        continue;
      g_sequence_sort_changed (iter, compare_entries, NULL);
      to = g_sequence_iter_get_position (iter);
      if (to == from)
        continue;
      first = MIN (first, MIN (from, to));
      last = MAX (last, MAX (from, to));
    }
  g_hash_table_remove_all (self->spoke);

  if (first <= last)
    g_list_model_items_changed (G_LIST_MODEL (self), first, last - first + 1, last - first + 1);
}
