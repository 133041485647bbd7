/* moderato-wave-finder.c — groups near-identical messages of many accounts into spam waves
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every message of the window belongs to a group of similar texts. A message finds its group
 * by its normalised text (exact), else by locality-sensitive hashing: its MinHash signature
 * cut into bands, each band a key to the latest group that had it; the candidates (at most
 * one per band) are compared with the message on the whole signature, and it joins the most
 * similar one at an estimated Jaccard similarity of one half or more, else starts a group.
 * So a message costs a normalisation, a signature and a bounded number of hash lookups,
 * whatever the size of the window.
 *
 * A group collects its members of the last window; when they come from `size` accounts it
 * becomes a wave, which then takes every new member until none came for a window. The
 * window is a ring bounded in time and in count; a group leaves with its last message
 * (unless its wave is open).
 */
#define G_LOG_DOMAIN "moderato-detect"

#include "config.h"

#include <string.h>

#include "moderato-detect-private.h"
#include "moderato-detect-text.h"
#include "moderato-wave-finder.h"

#define DEFAULT_SIZE          4
#define DEFAULT_WINDOW_US     (30 * G_USEC_PER_SEC)
#define DEFAULT_MAX_MESSAGES  5000
#define DEFAULT_MIN_LENGTH    6
/* Members a group keeps before it is a wave (one account repeating itself). */
#define MAX_GROUP_MEMBERS     64
/* Signature values that must agree to join a group: an estimated Jaccard of 5/8. */
#define MIN_AGREEMENT         (MODERATO_DETECT_SIG_LEN * 5 / 8)
/* Shorter texts share too much by chance ("@name hi"): they must be the same. */
#define MIN_SIMILAR_LENGTH    16

typedef struct {
  gint64  time;
  char   *message_id;
  char   *user_id;
  char   *username;
} Member;

typedef struct {
  char              *norm;
  char              *sample;
  guint32            sig[MODERATO_DETECT_SIG_LEN];
  gboolean           has_sig;
  guint              live;          /* window entries that point here */
  Member            *members;       /* before the wave: those of the last window */
  guint              n_members;
  guint              members_cap;   /* grown as needed: most groups never get a second */
  guint              n_accounts;    /* distinct among members */
  ModeratoSpamWave  *wave;          /* open */
} Group;

typedef struct {
  Group  *group;
  gint64  time;
} Entry;

struct _ModeratoWaveFinder
{
  guint        size;
  gint64       window_us;
  guint        max_messages;
  guint        min_length;

  Entry       *ring;
  guint        ring_cap;
  guint        head;
  guint        len;

  GHashTable  *by_text;     /* norm → Group */
  GHashTable  *by_band;     /* band key → Group */
  guint        n_groups;
  GPtrArray   *open;        /* Group with an open wave */
  GPtrArray   *open_waves;  /* their waves, for get_open() */
  gint64       open_oldest; /* no open wave's last member is older (G_MAXINT64: none) */
  guint        next_id;
};

static void
member_clear (Member *member)
{
  g_free (member->message_id);
  g_free (member->user_id);
  g_free (member->username);
}

ModeratoWaveFinder *
moderato_wave_finder_new (void)
{
  ModeratoWaveFinder *self = g_new0 (ModeratoWaveFinder, 1);

  self->size = DEFAULT_SIZE;
  self->window_us = DEFAULT_WINDOW_US;
  self->max_messages = DEFAULT_MAX_MESSAGES;
  self->min_length = DEFAULT_MIN_LENGTH;
  self->by_text = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_band = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->open = g_ptr_array_new ();
  self->open_waves = g_ptr_array_new ();
  self->open_oldest = G_MAXINT64;
  return self;
}

static void
group_unregister (ModeratoWaveFinder *self,
                  Group              *group)
{
  if (g_hash_table_lookup (self->by_text, group->norm) == group)
    g_hash_table_remove (self->by_text, group->norm);
  if (group->has_sig)
    for (guint b = 0; b < MODERATO_DETECT_SIG_BANDS; b++)
      {
        gpointer key = GSIZE_TO_POINTER ((gsize) moderato_detect_text_band_key (group->sig, b));

        if (g_hash_table_lookup (self->by_band, key) == group)
          g_hash_table_remove (self->by_band, key);
      }
}

static void
group_clear_members (Group *group)
{
  for (guint i = 0; i < group->n_members; i++)
    member_clear (&group->members[i]);
  group->n_members = 0;
  group->n_accounts = 0;
}

static void
group_free (Group *group)
{
  group_clear_members (group);
  g_free (group->members);
  g_clear_object (&group->wave);
  g_free (group->norm);
  g_free (group->sample);
  g_free (group);
}

/* Frees @group once nothing needs it: no message in the window, no open wave. */
static void
group_release (ModeratoWaveFinder *self,
               Group              *group)
{
  if (group->live > 0 || group->wave != NULL)
    return;
  group_unregister (self, group);
  group_free (group);
  self->n_groups--;
}

void
moderato_wave_finder_free (ModeratoWaveFinder *self)
{
  if (self == NULL)
    return;

  /* Every group has a window entry or an open wave. */
  for (guint i = 0; i < self->open->len; i++)
    {
      Group *group = g_ptr_array_index (self->open, i);

      g_clear_object (&group->wave);
      if (group->live == 0)
        group_release (self, group);
    }
  for (guint i = 0; i < self->len; i++)
    {
      Group *group = self->ring[(self->head + i) % self->ring_cap].group;

      if (--group->live == 0)
        group_release (self, group);
    }
  g_assert (self->n_groups == 0);
  g_free (self->ring);
  g_hash_table_unref (self->by_text);
  g_hash_table_unref (self->by_band);
  g_ptr_array_unref (self->open);
  g_ptr_array_unref (self->open_waves);
  g_free (self);
}

void
moderato_wave_finder_set_size (ModeratoWaveFinder *self,
                               guint               size)
{
  self->size = MAX (size, 2);
}

void
moderato_wave_finder_set_window (ModeratoWaveFinder *self,
                                 gint64              window_us)
{
  self->window_us = MAX (window_us, 1);
}

void
moderato_wave_finder_set_max_messages (ModeratoWaveFinder *self,
                                       guint               max_messages)
{
  /* Takes effect as the window turns over: the ring is only ever grown. */
  self->max_messages = MAX (max_messages, 1);
}

void
moderato_wave_finder_set_min_length (ModeratoWaveFinder *self,
                                     guint               min_length)
{
  self->min_length = min_length;
}

static void
pop_entry (ModeratoWaveFinder *self)
{
  Group *group = self->ring[self->head].group;

  self->head = (self->head + 1) % self->ring_cap;
  self->len--;
  if (--group->live == 0)
    group_release (self, group);
}

static void
push_entry (ModeratoWaveFinder *self,
            Group              *group,
            gint64              time_us)
{
  /* Counted first: making room must not free the group it is for. */
  group->live++;
  while (self->len > 0 && self->len >= self->max_messages)
    pop_entry (self);

  if (self->len == self->ring_cap)
    {
      guint cap = MAX (64, MIN (self->ring_cap * 2, MAX (self->max_messages, 64)));
      Entry *ring = g_new (Entry, cap);

      for (guint i = 0; i < self->len; i++)
        ring[i] = self->ring[(self->head + i) % self->ring_cap];
      g_free (self->ring);
      self->ring = ring;
      self->ring_cap = cap;
      self->head = 0;
    }
  self->ring[(self->head + self->len) % self->ring_cap] = (Entry) { group, time_us };
  self->len++;
}

void
moderato_wave_finder_expire (ModeratoWaveFinder *self,
                             gint64              now_us,
                             ModeratoWaveFunc    closed,
                             gpointer            user_data)
{
  gint64 oldest = now_us - self->window_us;

  while (self->len > 0 && self->ring[self->head].time < oldest)
    pop_entry (self);

  /* Growing only makes a wave's last member newer: until then, none can be due. */
  if (self->open_oldest >= oldest)
    return;
  self->open_oldest = G_MAXINT64;
  for (guint i = 0; i < self->open->len;)
    {
      Group *group = g_ptr_array_index (self->open, i);
      g_autoptr(ModeratoSpamWave) wave = NULL;

      gint64 last = moderato_spam_wave_get_last_time (group->wave);

      if (last >= oldest)
        {
          self->open_oldest = MIN (self->open_oldest, last);
          i++;
          continue;
        }
      wave = g_steal_pointer (&group->wave);
      g_ptr_array_remove_index (self->open, i);
      g_ptr_array_remove_index (self->open_waves, i);
      moderato_spam_wave_close (wave);
      if (closed != NULL)
        closed (wave, user_data);
      group_release (self, group);
    }
}

static Group *
find_group (ModeratoWaveFinder *self,
            const guint32      *sig)
{
  Group *candidates[MODERATO_DETECT_SIG_BANDS];
  guint n_candidates = 0;
  Group *best = NULL;
  guint best_agreement = MIN_AGREEMENT - 1;

  for (guint b = 0; b < MODERATO_DETECT_SIG_BANDS; b++)
    {
      gpointer key = GSIZE_TO_POINTER ((gsize) moderato_detect_text_band_key (sig, b));
      Group *group = g_hash_table_lookup (self->by_band, key);
      gboolean seen = FALSE;
      guint agreement;

      if (group == NULL)
        continue;
      for (guint i = 0; i < n_candidates && !seen; i++)
        seen = candidates[i] == group;
      if (seen)
        continue;
      candidates[n_candidates++] = group;
      agreement = moderato_detect_text_agreement (sig, group->sig);
      if (agreement > best_agreement)
        {
          best = group;
          best_agreement = agreement;
        }
    }
  return best;
}

static Group *
group_new (ModeratoWaveFinder *self,
           char               *norm,
           const guint32      *sig,
           const char         *text,
           gboolean            similar)
{
  Group *group = g_new0 (Group, 1);

  group->norm = norm;
  group->sample = g_strdup (text);
  group->has_sig = similar;
  memcpy (group->sig, sig, sizeof group->sig);
  g_hash_table_insert (self->by_text, group->norm, group);
  for (guint b = 0; similar && b < MODERATO_DETECT_SIG_BANDS; b++)
    g_hash_table_insert (self->by_band,
                         GSIZE_TO_POINTER ((gsize) moderato_detect_text_band_key (sig, b)),
                         group);
  self->n_groups++;
  return group;
}

static gboolean
has_account (const Group *group,
             guint        n,
             const char  *user_id)
{
  for (guint i = 0; i < n; i++)
    if (g_str_equal (group->members[i].user_id, user_id))
      return TRUE;
  return FALSE;
}

static void
count_accounts (Group *group)
{
  group->n_accounts = 0;
  for (guint i = 0; i < group->n_members; i++)
    if (!has_account (group, i, group->members[i].user_id))
      group->n_accounts++;
}

/* Drops members older than @oldest, and the oldest beyond the bound. */
static void
group_prune (Group  *group,
             gint64  oldest)
{
  guint drop = 0;

  while (drop < group->n_members &&
         (group->members[drop].time < oldest || group->n_members - drop >= MAX_GROUP_MEMBERS))
    member_clear (&group->members[drop++]);
  if (drop == 0)
    return;
  memmove (group->members, group->members + drop, (group->n_members - drop) * sizeof (Member));
  group->n_members -= drop;
  count_accounts (group);
}

static void
group_add_member (Group      *group,
                  gint64      time_us,
                  const char *message_id,
                  const char *user_id,
                  const char *username)
{
  /* group_prune() left room for one: at most MAX_GROUP_MEMBERS. */
  if (group->n_members == group->members_cap)
    {
      group->members_cap = MIN (MAX (2 * group->members_cap, 2), MAX_GROUP_MEMBERS);
      group->members = g_renew (Member, group->members, group->members_cap);
    }
  if (!has_account (group, group->n_members, user_id))
    group->n_accounts++;
  group->members[group->n_members++] = (Member) {
    time_us, g_strdup (message_id), g_strdup (user_id), g_strdup (username)
  };
}

static ModeratoSpamWave *
group_start_wave (ModeratoWaveFinder *self,
                  Group              *group)
{
  g_autofree char *id = g_strdup_printf ("w%u", ++self->next_id);

  group->wave = moderato_spam_wave_new (id, group->sample);
  for (guint i = 0; i < group->n_members; i++)
    moderato_spam_wave_add_member (group->wave, group->members[i].message_id,
                                   group->members[i].user_id, group->members[i].username,
                                   group->members[i].time);
  group_clear_members (group);
  g_clear_pointer (&group->members, g_free);
  group->members_cap = 0;
  g_ptr_array_add (self->open, group);
  g_ptr_array_add (self->open_waves, group->wave);
  self->open_oldest = MIN (self->open_oldest,
                           moderato_spam_wave_get_last_time (group->wave));
  return group->wave;
}

ModeratoSpamWave *
moderato_wave_finder_add (ModeratoWaveFinder *self,
                          gint64              time_us,
                          const char         *message_id,
                          const char         *user_id,
                          const char         *username,
                          const char         *text,
                          gboolean           *out_created)
{
  g_autofree char *norm = NULL;
  gsize len;
  Group *group;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (message_id != NULL && user_id != NULL && text != NULL, NULL);

  *out_created = FALSE;
  norm = moderato_detect_text_normalize (text);
  len = strlen (norm);
  if (g_utf8_strlen (norm, (gssize) len) < self->min_length)
    return NULL;

  group = g_hash_table_lookup (self->by_text, norm);
  if (group == NULL)
    {
      guint32 sig[MODERATO_DETECT_SIG_LEN] = { 0 };
      gboolean similar = len >= MIN_SIMILAR_LENGTH;

      if (similar)
        {
          moderato_detect_text_signature (norm, len, sig);
          group = find_group (self, sig);
        }
      if (group == NULL)
        group = group_new (self, g_steal_pointer (&norm), sig, text, similar);
    }
  push_entry (self, group, time_us);

  if (group->wave != NULL)
    {
      moderato_spam_wave_add_member (group->wave, message_id, user_id, username, time_us);
      return group->wave;
    }

  group_prune (group, time_us - self->window_us);
  group_add_member (group, time_us, message_id, user_id, username);
  if (group->n_accounts < self->size)
    return NULL;

  *out_created = TRUE;
  return group_start_wave (self, group);
}

gint64
moderato_wave_finder_next_close (ModeratoWaveFinder *self)
{
  if (self->open_oldest == G_MAXINT64)
    return G_MAXINT64;
  return self->open_oldest + self->window_us;
}

GPtrArray *
moderato_wave_finder_get_open (ModeratoWaveFinder *self)
{
  return self->open_waves;
}

guint
moderato_wave_finder_get_n_window (ModeratoWaveFinder *self)
{
  return self->len;
}

guint
moderato_wave_finder_get_n_groups (ModeratoWaveFinder *self)
{
  return self->n_groups;
}
