/* rumble-chat-api-events.c — applying the chat's SSE events to the models
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every event is untrusted: a wrong type anywhere skips that part with a log line and
 * keeps the rest (and the connection). Each event changes a model with at most one
 * splice per model (plus one for trimming the history), never a reset.
 */
#define G_LOG_DOMAIN "rumble"

#include "config.h"

#include <string.h>

#include "rumble-chat-api-private.h"

#define MAX_ITEMS_PER_EVENT 10000
#define SEEN_IDS_MIN        4096
/* Most rant levels and badges kept from an init. */
#define MAX_RANT_LEVELS     64
#define MAX_BADGES          256
/* Longest colour kept ("#rrggbb", "white"…). */
#define COLOR_MAX_LEN       20
#define CENTS_PER_DOLLAR    100
/* Bounds of message_length_max from the network. */
#define MESSAGE_LENGTH_MAX_LIMIT 100000

/* ---- Models ------------------------------------------------------------------------- */

static void
rant_level_clear (gpointer data)
{
  RumbleRantLevel *level = data;

  g_clear_pointer (&level->fg, g_free);
  g_clear_pointer (&level->main, g_free);
  g_clear_pointer (&level->bg2, g_free);
}

void
rumble_chat_api_events_init (RumbleChatApi *self)
{
  self->rant_levels = g_array_new (FALSE, TRUE, sizeof (RumbleRantLevel));
  g_array_set_clear_func (self->rant_levels, rant_level_clear);
  self->messages = g_list_store_new (RUMBLE_TYPE_MESSAGE);
  self->users = g_list_store_new (RUMBLE_TYPE_USER);
  self->channels = g_list_store_new (RUMBLE_TYPE_CHANNEL);
  self->badges = g_list_store_new (RUMBLE_TYPE_BADGE);
  self->message_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->user_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->channel_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->badge_by_slug = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->user_holds = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->message_holds = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->max_users = RUMBLE_DEFAULT_MAX_USERS;
  self->users_limit = self->channels_limit = self->max_users;
  self->seen_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->seen_order);
  self->message_length_max = RUMBLE_DEFAULT_MESSAGE_LENGTH_MAX;
}

void
rumble_chat_api_events_clear (RumbleChatApi *self)
{
  g_clear_pointer (&self->message_by_id, g_hash_table_unref);
  g_clear_pointer (&self->user_by_id, g_hash_table_unref);
  g_clear_pointer (&self->channel_by_id, g_hash_table_unref);
  g_clear_pointer (&self->badge_by_slug, g_hash_table_unref);
  g_clear_pointer (&self->user_holds, g_hash_table_unref);
  g_clear_pointer (&self->message_holds, g_hash_table_unref);
  g_queue_clear (&self->seen_order);
  g_clear_pointer (&self->seen_ids, g_hash_table_unref);
  g_clear_pointer (&self->rant_levels, g_array_unref);
  g_clear_object (&self->messages);
  g_clear_object (&self->users);
  g_clear_object (&self->channels);
  g_clear_object (&self->badges);
  g_clear_object (&self->pinned_message);
}

static void
remember_id (RumbleChatApi *self,
             const char    *id)
{
  char *key = g_strdup (id);
  guint bound = MAX (SEEN_IDS_MIN, self->history_len * 2);

  g_hash_table_add (self->seen_ids, key);
  g_queue_push_tail (&self->seen_order, key);
  while (self->seen_order.length > bound)
    g_hash_table_remove (self->seen_ids, g_queue_pop_head (&self->seen_order));
}

/* users → channels → messages, in that order, so a message finds its user (§5.7). */
static void
apply_users (RumbleChatApi *self,
             JsonArray     *users)
{
  g_autoptr(GPtrArray) added = NULL;
  guint n;

  if (users == NULL)
    return;

  n = MIN (json_array_get_length (users), MAX_ITEMS_PER_EVENT);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (users, i);
      g_autofree char *id = NULL;
      RumbleUser *user;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          (id = rumble_json_dup_id (json_node_get_object (node), "id")) == NULL)
        {
          self->tally.n_bad_users++;
          continue;
        }

      user = g_hash_table_lookup (self->user_by_id, id);
      if (user != NULL)
        {
          rumble_user_update_from_json (user, json_node_get_object (node), &self->tally);
          rumble_user_set_touched (user, ++self->touch_clock);
          continue;
        }

      user = rumble_user_new (id);
      rumble_user_update_from_json (user, json_node_get_object (node), &self->tally);
      rumble_user_set_touched (user, ++self->touch_clock);
      g_hash_table_insert (self->user_by_id, (gpointer) rumble_user_get_id (user), user);
      if (added == NULL)
        added = g_ptr_array_new ();
      g_ptr_array_add (added, user);
    }

  if (added != NULL)
    g_list_store_splice (self->users, g_list_model_get_n_items (G_LIST_MODEL (self->users)),
                         0, added->pdata, added->len);
}

static void
apply_channels (RumbleChatApi *self,
                JsonArray     *channels)
{
  g_autoptr(GPtrArray) added = NULL;
  guint n;

  if (channels == NULL)
    return;

  n = MIN (json_array_get_length (channels), MAX_ITEMS_PER_EVENT);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (channels, i);
      g_autofree char *id = NULL;
      RumbleChannel *channel;

      /* `channels: [[]]` when there are none (PROTOCOL.md §5.6.7): not a malformed one. */
      if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) == 0)
        continue;
      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          (id = rumble_json_dup_id (json_node_get_object (node), "id")) == NULL)
        {
          self->tally.n_bad_channels++;
          continue;
        }

      channel = g_hash_table_lookup (self->channel_by_id, id);
      if (channel != NULL)
        {
          rumble_channel_update_from_json (channel, json_node_get_object (node), &self->tally);
          rumble_channel_set_touched (channel, ++self->touch_clock);
          continue;
        }

      channel = rumble_channel_new_from_json (json_node_get_object (node), &self->tally);
      rumble_channel_set_touched (channel, ++self->touch_clock);
      g_hash_table_insert (self->channel_by_id, (gpointer) rumble_channel_get_id (channel),
                           channel);
      if (added == NULL)
        added = g_ptr_array_new ();
      g_ptr_array_add (added, channel);
    }

  if (added != NULL)
    g_list_store_splice (self->channels, g_list_model_get_n_items (G_LIST_MODEL (self->channels)),
                         0, added->pdata, added->len);
}

/* ---- Bounding users and channels ---------------------------------------------------- */

/* A pass brings each model down to this share of max-users, so that its linear cost is
 * spread over the many additions before the next one. */
#define EVICT_TO(max) ((max) - (max) / 8)

typedef struct {
  guint    position;
  guint64  touched;
} Candidate;

static gint
compare_touched (gconstpointer a,
                 gconstpointer b)
{
  const Candidate *ca = a, *cb = b;

  return ca->touched < cb->touched ? -1 : ca->touched > cb->touched;
}

static gint
compare_position (gconstpointer a,
                  gconstpointer b)
{
  const Candidate *ca = a, *cb = b;

  return ca->position < cb->position ? -1 : ca->position > cb->position;
}

/* Removes the least recently touched items of @store that are not in @in_use until at most
 * @target remain (or none is left to remove), from @store and from @by_id (keyed by the
 * item's id). One splice per run of neighbours: a flood's oldest accounts sit together at
 * the front. Returns the number of items left. */
static guint
evict_least_recent (GListStore   *store,
                    GHashTable   *by_id,
                    GHashTable   *in_use,
                    guint         target,
                    guint64     (*get_touched) (gpointer item),
                    const char *(*get_id) (gpointer item))
{
  GListModel *model = G_LIST_MODEL (store);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(GArray) candidates = NULL;
  guint excess, removed = 0;

  if (n <= target)
    return n;

  candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (!g_hash_table_contains (in_use, item))
        g_array_append_val (candidates, ((Candidate) { i, get_touched (item) }));
    }

  excess = MIN (n - target, candidates->len);
  if (excess < candidates->len)
    {
      g_array_sort (candidates, compare_touched);
      g_array_set_size (candidates, excess);
      g_array_sort (candidates, compare_position);
    }

  for (guint i = 0; i < excess;)
    {
      guint first = g_array_index (candidates, Candidate, i).position;
      guint run = 1;

      while (i + run < excess &&
             g_array_index (candidates, Candidate, i + run).position == first + run)
        run++;
      /* The index first, so that lookups from an items-changed handler agree with the model. */
      for (guint k = 0; k < run; k++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (model, first - removed + k);

          g_hash_table_remove (by_id, get_id (item));
        }
      g_list_store_splice (store, first - removed, run, NULL, 0);
      removed += run;
      i += run;
    }

  return n - removed;
}

static guint64
user_touched (gpointer item)
{
  return rumble_user_get_touched (item);
}

static const char *
user_id (gpointer item)
{
  return rumble_user_get_id (item);
}

static guint64
channel_touched (gpointer item)
{
  return rumble_channel_get_touched (item);
}

static const char *
channel_id (gpointer item)
{
  return rumble_channel_get_id (item);
}

static void
mark_message_in_use (RumbleMessage *message,
                     GHashTable    *users,
                     GHashTable    *channels)
{
  if (rumble_message_get_user (message) != NULL)
    g_hash_table_add (users, rumble_message_get_user (message));
  if (rumble_message_get_channel (message) != NULL)
    g_hash_table_add (channels, rumble_message_get_channel (message));
}

/* In use: held users, the authors (and channels) of the messages kept and of the pinned
 * message, and the channels of those users. The rest may go, least recently seen first. */
void
rumble_chat_api_bound_users (RumbleChatApi *self,
                             gboolean       force)
{
  g_autoptr(GHashTable) users = NULL;
  g_autoptr(GHashTable) channels = NULL;
  GListModel *messages = G_LIST_MODEL (self->messages);
  guint n = g_list_model_get_n_items (messages);
  GHashTableIter iter;
  gpointer item;
  guint kept_users, kept_channels;

  if (!force &&
      g_list_model_get_n_items (G_LIST_MODEL (self->users)) <= self->users_limit &&
      g_list_model_get_n_items (G_LIST_MODEL (self->channels)) <= self->channels_limit)
    return;

  users = g_hash_table_new (NULL, NULL);
  channels = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RumbleMessage) message = g_list_model_get_item (messages, i);

      mark_message_in_use (message, users, channels);
    }
  if (self->pinned_message != NULL)
    mark_message_in_use (self->pinned_message, users, channels);
  g_hash_table_iter_init (&iter, self->user_holds);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    g_hash_table_add (users, item);

  g_hash_table_iter_init (&iter, self->channel_by_id);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    {
      const char *owner_id = rumble_channel_get_user_id (item);
      RumbleUser *owner = owner_id != NULL ?
        g_hash_table_lookup (self->user_by_id, owner_id) : NULL;

      if (owner != NULL && g_hash_table_contains (users, owner))
        g_hash_table_add (channels, item);
    }

  kept_users = evict_least_recent (self->users, self->user_by_id, users,
                                   EVICT_TO (self->max_users), user_touched, user_id);
  kept_channels = evict_least_recent (self->channels, self->channel_by_id, channels,
                                      EVICT_TO (self->max_users), channel_touched, channel_id);

  /* When more are in use than allowed, the next pass waits for an eighth more. */
  self->users_limit = MAX (self->max_users, kept_users + kept_users / 8);
  self->channels_limit = MAX (self->max_users, kept_channels + kept_channels / 8);
}

static RumbleUser *
ensure_user (RumbleChatApi *self,
             const char    *user_id)
{
  RumbleUser *user;

  if (user_id == NULL)
    return NULL;

  user = g_hash_table_lookup (self->user_by_id, user_id);
  if (user == NULL)
    {
      /* Not in this event nor seen before: keep the message, with a placeholder author. */
      user = rumble_user_new (user_id);
      g_hash_table_insert (self->user_by_id, (gpointer) rumble_user_get_id (user), user);
      g_list_store_append (self->users, user);
    }
  rumble_user_set_touched (user, ++self->touch_clock);
  return user;
}

/* Builds the message objects of an event, resolving authors and channel identities. */
static RumbleMessage *
build_message (RumbleChatApi *self,
               JsonObject    *object,
               const char    *request_id)
{
  /* The chat's limit is for what we send; others' messages (older ones, a limit lowered since)
   * may be longer, so a small limit does not shrink the cap below the default one. */
  guint length_max = MAX (self->message_length_max, RUMBLE_DEFAULT_MESSAGE_LENGTH_MAX);
  RumbleMessage *message = rumble_message_new_from_json (object, request_id,
                                                         (gsize) length_max *
                                                         RUMBLE_TEXT_BYTES_PER_CHAR,
                                                         &self->tally);
  const char *channel_id;
  RumbleUser *user;

  if (message == NULL)
    {
      self->tally.n_bad_messages++;
      return NULL;
    }

  user = ensure_user (self, rumble_message_get_user_id (message));
  if (user != NULL)
    rumble_message_set_user (message, user);

  channel_id = rumble_message_get_channel_id (message);
  if (channel_id != NULL)
    {
      RumbleChannel *channel = g_hash_table_lookup (self->channel_by_id, channel_id);

      if (channel != NULL)
        {
          rumble_channel_set_touched (channel, ++self->touch_clock);
          rumble_message_set_channel (message, channel);
          if (user != NULL)
            rumble_channel_set_owner (channel, rumble_user_get_id (user), TRUE);
        }
    }

  return message;
}

static gint
compare_message_time (gconstpointer a,
                      gconstpointer b)
{
  RumbleMessage *ma = *(RumbleMessage **) a;
  RumbleMessage *mb = *(RumbleMessage **) b;
  gint64 ta = rumble_message_get_time (ma);
  gint64 tb = rumble_message_get_time (mb);

  return ta < tb ? -1 : ta > tb;
}

/* Index where a message of @time goes so that the store stays in time order, searching
 * from the end (new messages almost always belong there). */
static guint
insertion_point (RumbleChatApi *self,
                 gint64         time)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  guint lo = 0, hi = n;

  if (n == 0)
    return 0;
  {
    g_autoptr(RumbleMessage) last = g_list_model_get_item (G_LIST_MODEL (self->messages), n - 1);

    if (rumble_message_get_time (last) <= time)
      return n;
  }
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      g_autoptr(RumbleMessage) m = g_list_model_get_item (G_LIST_MODEL (self->messages), mid);

      if (rumble_message_get_time (m) <= time)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Removes @count messages at @position in one splice, and from the index. */
static void
remove_messages (RumbleChatApi *self,
                 guint          position,
                 guint          count)
{
  for (guint i = position; i < position + count; i++)
    {
      g_autoptr(RumbleMessage) m = g_list_model_get_item (G_LIST_MODEL (self->messages), i);

      g_hash_table_remove (self->message_by_id, rumble_message_get_id (m));
    }
  g_list_store_splice (self->messages, position, count, NULL, 0);
}

/* Past the ceiling with messages held: first everything older than the oldest held message
 * (one splice, off screen above a view that holds its top row), then, only if still over the
 * ceiling, the oldest messages that are not held, one splice per run between held ones. */
static void
trim_around_holds (RumbleChatApi *self,
                   guint          excess)
{
  GListModel *messages = G_LIST_MODEL (self->messages);
  guint n = g_list_model_get_n_items (messages);
  guint ceiling = self->history_len + self->trim_slack + RUMBLE_HOLD_HEADROOM;
  guint run = 0;
  guint i;

  for (run = 0; run < excess; run++)
    {
      g_autoptr(RumbleMessage) m = g_list_model_get_item (messages, run);

      if (g_hash_table_contains (self->message_holds, m))
        break;
    }
  if (run > 0)
    remove_messages (self, 0, run);
  excess -= run;
  n -= run;
  if (n <= ceiling)
    return;

  i = 0;
  while (excess > 0 && i < n)
    {
      g_autoptr(RumbleMessage) m = g_list_model_get_item (messages, i);

      if (g_hash_table_contains (self->message_holds, m))
        {
          i++;
          continue;
        }
      for (run = 1; run < excess && i + run < n; run++)
        {
          g_autoptr(RumbleMessage) next = g_list_model_get_item (messages, i + run);

          if (g_hash_table_contains (self->message_holds, next))
            break;
        }
      remove_messages (self, i, run);
      excess -= run;
      n -= run;
    }
}

void
rumble_chat_api_trim_history (RumbleChatApi *self,
                              gboolean       force)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  guint excess;

  if (n <= self->history_len || (!force && n - self->history_len <= self->trim_slack))
    return;

  excess = n - self->history_len;
  if (g_hash_table_size (self->message_holds) == 0)
    remove_messages (self, 0, excess);
  else if (n > self->history_len + self->trim_slack + RUMBLE_HOLD_HEADROOM)
    trim_around_holds (self, excess);
}

/* Adds new messages (already de-duplicated). Appended as given unless @merge_by_time: then the
 * batch is sorted by time and merged so that the store stays in time order. */
static void
add_messages (RumbleChatApi *self,
              GPtrArray     *batch,
              gboolean       merge_by_time)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  guint position = n;

  if (batch->len == 0)
    return;

  for (guint i = 0; i < batch->len; i++)
    {
      RumbleMessage *m = g_ptr_array_index (batch, i);

      g_hash_table_insert (self->message_by_id, (gpointer) rumble_message_get_id (m), m);
      if (rumble_message_get_user (m) != NULL)
        rumble_user_record_message (rumble_message_get_user (m), rumble_message_get_time (m));
    }

  if (merge_by_time)
    {
      g_ptr_array_sort (batch, compare_message_time);
      position = insertion_point (self, rumble_message_get_time (g_ptr_array_index (batch, 0)));
    }

  if (position == n)
    {
      g_list_store_splice (self->messages, n, 0, batch->pdata, batch->len);
    }
  else
    {
      /* Some reconnect backlog belongs before messages we already show: replace the tail
       * from that point with the merged run, as one change. */
      g_autoptr(GPtrArray) merged = g_ptr_array_new_with_free_func (g_object_unref);
      guint b = 0;

      for (guint i = position; i < n; i++)
        {
          RumbleMessage *old = g_list_model_get_item (G_LIST_MODEL (self->messages), i);

          while (b < batch->len &&
                 rumble_message_get_time (g_ptr_array_index (batch, b)) <=
                 rumble_message_get_time (old))
            g_ptr_array_add (merged, g_object_ref (g_ptr_array_index (batch, b++)));
          g_ptr_array_add (merged, old);
        }
      while (b < batch->len)
        g_ptr_array_add (merged, g_object_ref (g_ptr_array_index (batch, b++)));

      g_list_store_splice (self->messages, position, n - position, merged->pdata, merged->len);
    }

  rumble_chat_api_trim_history (self, FALSE);

  for (guint i = 0; i < batch->len; i++)
    g_signal_emit (self, rumble_chat_api_signals[RUMBLE_CHAT_API_SIGNAL_MESSAGE_RECEIVED], 0,
                   g_ptr_array_index (batch, i));
}

static void
apply_messages (RumbleChatApi *self,
                JsonArray     *messages,
                const char    *request_id,
                gboolean       is_backlog)
{
  g_autoptr(GPtrArray) batch = NULL;
  guint n;

  if (messages == NULL)
    return;

  n = MIN (json_array_get_length (messages), MAX_ITEMS_PER_EVENT);
  batch = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (messages, i);
      g_autofree char *id = NULL;
      RumbleMessage *message;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          (id = rumble_json_dup_id (json_node_get_object (node), "id")) == NULL)
        {
          self->tally.n_bad_messages++;
          continue;
        }
      /* A reconnect's backlog that holds the last message seen covers the gap. */
      if (is_backlog && self->gap_anchor_id != NULL && g_str_equal (id, self->gap_anchor_id))
        self->gap_anchor_seen = TRUE;
      /* Nothing twice: a re-sent init repeats what we already have. seen_ids is bounded,
       * so a message still shown may have left it: ask the index of shown messages too. */
      if (g_hash_table_contains (self->seen_ids, id) ||
          g_hash_table_contains (self->message_by_id, id))
        continue;

      message = build_message (self, json_node_get_object (node), request_id);
      if (message == NULL)
        continue;

      /* Remembered now, so a repeat within the same batch is caught too. */
      remember_id (self, id);
      g_ptr_array_add (batch, message);
    }

  if (is_backlog && self->gap_lost_at != 0)
    self->gap_recovered += batch->len;
  add_messages (self, batch, is_backlog);
}

static GStrv
dup_id_array (JsonArray *array)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = MIN (json_array_get_length (array), MAX_ITEMS_PER_EVENT);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = rumble_json_node_dup_id (json_array_get_element (array, i));

      if (id != NULL)
        g_strv_builder_add (builder, id);
    }
  return g_strv_builder_end (builder);
}

/* A colour from the network, kept only when it is plainly "#hex" or a short name. */
static char *
dup_color (JsonObject *colors,
           const char *member)
{
  const char *text = rumble_json_get_string (colors, member);
  gsize len;

  if (text == NULL || (len = strlen (text)) == 0 || len > COLOR_MAX_LEN)
    return NULL;
  for (gsize i = text[0] == '#'; i < len; i++)
    if (!g_ascii_isalnum (text[i]))
      return NULL;
  return g_strdup (text);
}

static gint
compare_level_price (gconstpointer a,
                     gconstpointer b)
{
  const RumbleRantLevel *la = a, *lb = b;

  return la->price_cents < lb->price_cents ? -1 : la->price_cents > lb->price_cents;
}

static void
apply_rant_levels (RumbleChatApi *self,
                   JsonArray     *levels)
{
  guint n = levels != NULL ? MIN (json_array_get_length (levels), MAX_RANT_LEVELS) : 0;

  g_array_set_size (self->rant_levels, 0);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (levels, i);
      JsonObject *object, *colors;
      RumbleRantLevel level = { 0 };
      JsonNode *price;
      gint64 duration = 0;
      double dollars;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          self->tally.n_bad_levels++;
          continue;
        }
      object = json_node_get_object (node);
      price = json_object_get_member (object, "price_dollars");
      if (price == NULL || !JSON_NODE_HOLDS_VALUE (price) ||
          (json_node_get_value_type (price) != G_TYPE_INT64 &&
           json_node_get_value_type (price) != G_TYPE_DOUBLE) ||
          /* Dollars, possibly fractional; also false for ±inf (1e400). */
          !((dollars = json_node_get_double (price)) >= 0 &&
            dollars * CENTS_PER_DOLLAR <= RUMBLE_PRICE_CENTS_MAX) ||
          !rumble_json_get_bounded_int (object, "duration", 0, RUMBLE_DURATION_MAX, &duration))
        {
          self->tally.n_bad_levels++;
          continue;
        }
      /* Kept in cents like the message's price. */
      level.price_cents = (guint) (dollars * CENTS_PER_DOLLAR + 0.5);
      level.duration = (guint) duration;
      colors = rumble_json_get_object (object, "colors");
      level.fg = dup_color (colors, "fg");
      level.main = dup_color (colors, "main");
      level.bg2 = dup_color (colors, "bg2");
      g_array_append_val (self->rant_levels, level);
    }
  g_array_sort (self->rant_levels, compare_level_price);
}

static void
apply_init (RumbleChatApi *self,
            JsonObject    *data)
{
  JsonObject *config = rumble_json_get_object (data, "config");
  JsonObject *rants = rumble_json_get_object (config, "rants");
  JsonObject *badges = rumble_json_get_object (config, "badges");
  JsonObject *pinned;
  gboolean first_init = !self->have_init;

  g_object_freeze_notify (G_OBJECT (self));

  /* A missing key never aborts the connection (cocorum defect §10.18). */
  self->message_length_max = (guint) CLAMP (rumble_json_get_int (config, "message_length_max",
                                                                 RUMBLE_DEFAULT_MESSAGE_LENGTH_MAX),
                                            1, MESSAGE_LENGTH_MAX_LIMIT);
  self->rants_enabled = rumble_json_get_bool (rants, "enable", FALSE);
  apply_rant_levels (self, rumble_json_get_array (rants, "levels"));

  if (badges != NULL)
    {
      g_autoptr(GList) slugs = json_object_get_members (badges);
      g_autoptr(GPtrArray) table = g_ptr_array_new_with_free_func (g_object_unref);
      guint old_n = g_list_model_get_n_items (G_LIST_MODEL (self->badges));
      gboolean same = TRUE;

      slugs = g_list_sort (slugs, (GCompareFunc) g_strcmp0);
      for (const GList *l = slugs; l != NULL && table->len < MAX_BADGES; l = l->next)
        {
          const char *slug = l->data;

          if (slug[0] == '\0' || strlen (slug) > RUMBLE_BADGE_SLUG_MAX_LEN)
            continue;
          g_ptr_array_add (table,
                           rumble_badge_new_from_json (slug, rumble_json_get_object (badges, slug),
                                                       self->site_url, &self->tally));
        }

      if (table->len != old_n)
        same = FALSE;
      for (guint i = 0; same && i < table->len; i++)
        {
          g_autoptr(RumbleBadge) old = g_list_model_get_item (G_LIST_MODEL (self->badges), i);

          same = g_strcmp0 (rumble_badge_get_slug (old),
                            rumble_badge_get_slug (g_ptr_array_index (table, i))) == 0 &&
                 g_strcmp0 (rumble_badge_get_icon_url (old),
                            rumble_badge_get_icon_url (g_ptr_array_index (table, i))) == 0 &&
                 g_strcmp0 (rumble_badge_get_label (old),
                            rumble_badge_get_label (g_ptr_array_index (table, i))) == 0;
        }

      if (!same)
        {
          g_hash_table_remove_all (self->badge_by_slug);
          for (guint i = 0; i < table->len; i++)
            {
              RumbleBadge *badge = g_ptr_array_index (table, i);

              g_hash_table_insert (self->badge_by_slug, (gpointer) rumble_badge_get_slug (badge),
                                   g_object_ref (badge));
            }
          g_list_store_splice (self->badges, 0, old_n, table->pdata, table->len);
        }
    }

  apply_users (self, rumble_json_get_array (data, "users"));
  apply_channels (self, rumble_json_get_array (data, "channels"));

  /* The backlog: dropped on the first init when asked (cocorum's clear_mailbox), but
   * always merged after a reconnect, since those are messages we missed. */
  if (!(first_init && self->skip_backlog))
    apply_messages (self, rumble_json_get_array (data, "messages"), NULL, TRUE);
  else
    {
      JsonArray *backlog = rumble_json_get_array (data, "messages");
      guint n = backlog != NULL ? MIN (json_array_get_length (backlog), MAX_ITEMS_PER_EVENT) : 0;

      /* Remember them so a later reconnect does not bring them back. */
      for (guint i = 0; i < n; i++)
        {
          JsonNode *node = json_array_get_element (backlog, i);
          g_autofree char *id = JSON_NODE_HOLDS_OBJECT (node) ?
            rumble_json_dup_id (json_node_get_object (node), "id") : NULL;

          if (id != NULL && !g_hash_table_contains (self->seen_ids, id))
            remember_id (self, id);
        }
    }

  pinned = rumble_json_get_object (data, "pinned_message");
  if (pinned != NULL)
    {
      g_autofree char *id = rumble_json_dup_id (pinned, "id");
      RumbleMessage *known = id != NULL ? g_hash_table_lookup (self->message_by_id, id) : NULL;

      if (known != NULL)
        rumble_chat_api_set_pinned_internal (self, known);
      else
        {
          g_autoptr(RumbleMessage) message = build_message (self, pinned, NULL);

          rumble_chat_api_set_pinned_internal (self, message);
        }
    }
  else
    rumble_chat_api_set_pinned_internal (self, NULL);

  rumble_chat_api_set_can_moderate_internal (self, rumble_json_get_bool (data, "can_moderate",
                                                                         FALSE));

  self->have_init = TRUE;
  rumble_chat_api_notify_config (self);
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
apply_delete (RumbleChatApi *self,
              JsonObject    *data,
              gboolean       non_rant_only)
{
  JsonArray *ids = rumble_json_get_array (data, "message_ids");
  g_auto(GStrv) strv = NULL;

  if (ids == NULL)
    {
      g_message ("Skipping a delete event without message_ids");
      return FALSE;
    }

  strv = dup_id_array (ids);
  for (guint i = 0; strv[i] != NULL; i++)
    {
      RumbleMessage *message = g_hash_table_lookup (self->message_by_id, strv[i]);

      if (message == NULL)
        continue;
      if (non_rant_only && rumble_message_get_is_rant (message))
        continue;
      rumble_message_set_deleted (message, TRUE);
    }

  g_signal_emit (self, rumble_chat_api_signals[RUMBLE_CHAT_API_SIGNAL_MESSAGES_DELETED], 0,
                 strv, non_rant_only);
  return TRUE;
}

static gboolean
apply_mute (RumbleChatApi *self,
            JsonObject    *data)
{
  JsonArray *ids = rumble_json_get_array (data, "user_ids");
  g_auto(GStrv) strv = NULL;

  if (ids == NULL)
    {
      g_message ("Skipping a mute_users event without user_ids");
      return FALSE;
    }

  strv = dup_id_array (ids);
  for (guint i = 0; strv[i] != NULL; i++)
    {
      RumbleUser *user = g_hash_table_lookup (self->user_by_id, strv[i]);

      if (user != NULL)
        rumble_user_set_muted (user, TRUE);
    }

  g_signal_emit (self, rumble_chat_api_signals[RUMBLE_CHAT_API_SIGNAL_USERS_MUTED], 0, strv);
  return TRUE;
}

static gboolean
apply_pin (RumbleChatApi *self,
           JsonObject    *data,
           gboolean       pin)
{
  JsonObject *object = rumble_json_get_object (data, "message");
  g_autofree char *id = object != NULL ? rumble_json_dup_id (object, "id") : NULL;
  RumbleMessage *known;

  if (id == NULL)
    {
      g_message ("Skipping a %s event without a message", pin ? "pin_message" : "unpin_message");
      return FALSE;
    }

  if (!pin)
    {
      /* Only clear when the unpinned message is the pinned one (or we know none). */
      if (self->pinned_message == NULL ||
          g_strcmp0 (rumble_message_get_id (self->pinned_message), id) == 0)
        rumble_chat_api_set_pinned_internal (self, NULL);
      return TRUE;
    }

  known = g_hash_table_lookup (self->message_by_id, id);
  if (known != NULL)
    rumble_chat_api_set_pinned_internal (self, known);
  else
    {
      g_autoptr(RumbleMessage) message = build_message (self, object, NULL);

      if (message == NULL)
        return FALSE;
      rumble_chat_api_set_pinned_internal (self, message);
    }
  return TRUE;
}

static void
apply_can_moderate (RumbleChatApi *self,
                    JsonObject    *data)
{
  JsonArray *ids = rumble_json_get_array (data, "user_ids");
  gboolean applies = ids == NULL || json_array_get_length (ids) == 0;

  /* Rumble's app applies it only when its own user id is listed (§5.5). */
  if (!applies && self->user_id != NULL)
    {
      g_auto(GStrv) strv = dup_id_array (ids);

      applies = g_strv_contains ((const char * const *) strv, self->user_id);
    }
  if (applies)
    rumble_chat_api_set_can_moderate_internal (self, rumble_json_get_bool (data, "can_moderate",
                                                                           FALSE));
}

static void
apply_gift (RumbleChatApi *self,
            JsonObject    *data)
{
  g_autofree char *buyer_id = rumble_json_dup_id (data, "user_id");
  RumbleUser *buyer;

  apply_users (self, rumble_json_get_array (data, "users"));
  apply_channels (self, rumble_json_get_array (data, "channels"));

  buyer = buyer_id != NULL ? g_hash_table_lookup (self->user_by_id, buyer_id) : NULL;
  g_signal_emit (self, rumble_chat_api_signals[RUMBLE_CHAT_API_SIGNAL_GIFT_PURCHASED], 0,
                 buyer, (guint) CLAMP (rumble_json_get_int (data, "total_gifts", 0), 0, G_MAXUINT));
  rumble_chat_api_bound_users (self, FALSE);
}

static gboolean
apply_event (RumbleChatApi *self,
             JsonNode      *root,
             const char   **out_type,
             gboolean      *out_was_init)
{
  JsonObject *event, *data;
  const char *type;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_message ("Skipping a chat event that is not a JSON object");
      return FALSE;
    }

  event = json_node_get_object (root);
  type = rumble_json_get_string (event, "type");
  data = rumble_json_get_object (event, "data");
  *out_type = type;
  if (type == NULL)
    {
      g_message ("Skipping a chat event without a type");
      return FALSE;
    }
  if (data == NULL)
    {
      g_message ("Skipping a “%.32s” event without a data object", type);
      return FALSE;
    }

  if (g_str_equal (type, "messages"))
    {
      apply_users (self, rumble_json_get_array (data, "users"));
      apply_channels (self, rumble_json_get_array (data, "channels"));
      apply_messages (self, rumble_json_get_array (data, "messages"),
                      rumble_json_get_string (event, "request_id"), FALSE);
      rumble_chat_api_bound_users (self, FALSE);
    }
  else if (g_str_equal (type, "init"))
    {
      apply_init (self, data);
      rumble_chat_api_bound_users (self, FALSE);
      *out_was_init = TRUE;
    }
  else if (g_str_equal (type, "delete_messages"))
    return apply_delete (self, data, FALSE);
  else if (g_str_equal (type, "delete_non_rant_messages"))
    return apply_delete (self, data, TRUE);
  else if (g_str_equal (type, "mute_users"))
    return apply_mute (self, data);
  else if (g_str_equal (type, "pin_message"))
    return apply_pin (self, data, TRUE);
  else if (g_str_equal (type, "unpin_message"))
    return apply_pin (self, data, FALSE);
  else if (g_str_equal (type, "can_moderate"))
    apply_can_moderate (self, data);
  else if (g_str_equal (type, "raid_confirmed"))
    {
      g_autofree char *name = rumble_json_dup_text (data, "target_channel_name",
                                                    RUMBLE_NAME_MAX_BYTES, &self->tally);
      g_autofree char *url = rumble_json_dup_url (data, "target_url", &self->tally);

      g_signal_emit (self, rumble_chat_api_signals[RUMBLE_CHAT_API_SIGNAL_RAID_CONFIRMED], 0,
                     name, url);
    }
  else if (g_str_equal (type, "gift_purchased") || g_str_equal (type, "gift_received"))
    apply_gift (self, data);
  else if (g_str_equal (type, "live_gate"))
    g_signal_emit (self, rumble_chat_api_signals[RUMBLE_CHAT_API_SIGNAL_LIVE_GATE], 0,
                   (gint) CLAMP (rumble_json_get_int (data, "countdown_seconds", 0), 0, G_MAXINT));
  else
    {
      g_debug ("Ignoring chat event of unknown type “%.32s”", type);
      return FALSE;
    }

  return TRUE;
}

static void
append_count (GString    *line,
              guint       n,
              const char *what)
{
  if (n == 0)
    return;
  g_string_append_printf (line, "%s%u %s%s", line->len > 0 ? ", " : "", n, what, n == 1 ? "" : "s");
}

/* One line for everything the items of an event lost, however many they were:
 * "init: skipped 9999 malformed messages, 2 malformed users; cut 1 overlong string". */
static void
log_tally (const RumbleEventTally *tally,
           const char             *type)
{
  g_autoptr(GString) skipped = g_string_new (NULL);
  g_autoptr(GString) cut = g_string_new (NULL);

  append_count (skipped, tally->n_bad_messages, "malformed message");
  append_count (skipped, tally->n_bad_users, "malformed user");
  append_count (skipped, tally->n_bad_channels, "malformed channel");
  append_count (skipped, tally->n_bad_levels, "malformed rant level");
  append_count (cut, tally->n_truncated, "overlong string");
  if (tally->n_dropped > 0)
    g_string_append_printf (cut, "%sdropped %u overlong URL%s", cut->len > 0 ? ", " : "",
                            tally->n_dropped, tally->n_dropped == 1 ? "" : "s");
  if (skipped->len == 0 && cut->len == 0)
    return;

  /* Counted only in events of a known type: no control characters reach the log. */
  g_message ("%s: %s%s%s%s%s", type != NULL ? type : "event",
             skipped->len > 0 ? "skipped " : "", skipped->str,
             skipped->len > 0 && cut->len > 0 ? "; " : "",
             tally->n_truncated > 0 ? "cut " : "", cut->str);
}

gboolean
rumble_chat_api_apply_event (RumbleChatApi *self,
                             JsonNode      *root,
                             gboolean      *out_was_init)
{
  RumbleEventTally outer = self->tally;
  const char *type = NULL;
  gboolean applied;

  *out_was_init = FALSE;
  /* Saved and restored: a signal handler may dispatch an event of its own. */
  self->tally = (RumbleEventTally) { 0 };
  applied = apply_event (self, root, &type, out_was_init);
  log_tally (&self->tally, type);
  self->tally = outer;
  return applied;
}
