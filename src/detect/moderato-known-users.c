/* moderato-known-users.c — the accounts that chatted before: a compact set of user ids
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A ledger of a busy channel knows 100,000 accounts and more. As a GHashTable of id strings
 * that measured 3.2 MB of heap (bucket arrays of 2^17 and a malloc'd string each); as a
 * sorted array of guint64 it is 800 kB and a lookup is 17 comparisons. Lookups happen once per
 * account and stream (the detector remembers whom it saw), so the binary search costs
 * nothing that matters. Accounts met later go to a small sorted array that is merged into the
 * big one when it grows past MAX_RECENT, so an insert never moves the whole set.
 */
#define G_LOG_DOMAIN "moderato-detect"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "moderato-known-users.h"

#define MAX_RECENT 4096

struct _ModeratoKnownUsers
{
  guint64 *ids;     /* sorted, unique, allocated to n_ids exactly */
  guint    n_ids;
  GArray  *recent;  /* guint64, sorted, unique, not in ids */
};

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/* The index of @id in @array, or where it would go (*@out_found FALSE). */
static guint
search (const guint64 *data,
        guint          len,
        guint64        id,
        gboolean      *out_found)
{
  guint lo = 0, hi = len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (data[mid] < id)
        lo = mid + 1;
      else
        hi = mid;
    }
  *out_found = lo < len && data[lo] == id;
  return lo;
}

ModeratoKnownUsers *
moderato_known_users_new_take (GArray *ids)
{
  ModeratoKnownUsers *self;
  guint64 *data;
  guint n = 0;

  g_return_val_if_fail (ids != NULL && g_array_get_element_size (ids) == sizeof (guint64),
                        NULL);

  g_array_sort (ids, compare_ids);
  data = (guint64 *) (gpointer) ids->data;
  for (guint i = 0; i < ids->len; i++)
    if (n == 0 || data[i] != data[n - 1])
      data[n++] = data[i];

  self = g_new0 (ModeratoKnownUsers, 1);
  self->ids = g_memdup2 (data, (gsize) n * sizeof (guint64));
  self->n_ids = n;
  g_array_unref (ids);
  self->recent = g_array_new (FALSE, FALSE, sizeof (guint64));
  return self;
}

void
moderato_known_users_free (ModeratoKnownUsers *self)
{
  if (self == NULL)
    return;
  g_free (self->ids);
  g_array_unref (self->recent);
  g_free (self);
}

static gboolean
parse_id (const char *user_id,
          guint64    *out_id)
{
  return user_id != NULL && *user_id != '\0' &&
         g_ascii_string_to_unsigned (user_id, 10, 0, G_MAXUINT64, out_id, NULL);
}

static gboolean
contains_id (ModeratoKnownUsers *self,
             guint64             id)
{
  gboolean found;

  search (self->ids, self->n_ids, id, &found);
  if (!found)
    search ((const guint64 *) (gpointer) self->recent->data, self->recent->len, id, &found);
  return found;
}

gboolean
moderato_known_users_contains (ModeratoKnownUsers *self,
                               const char         *user_id)
{
  guint64 id;

  g_return_val_if_fail (self != NULL, FALSE);

  return parse_id (user_id, &id) && contains_id (self, id);
}

/* Merges the recent ids into the big array, from the end so that nothing moves twice. */
static void
merge_recent (ModeratoKnownUsers *self)
{
  guint n_old = self->n_ids, n_new = self->recent->len;
  const guint64 *recent = (const guint64 *) (gpointer) self->recent->data;
  guint i = n_old, j = n_new, k = n_old + n_new;

  self->ids = g_renew (guint64, self->ids, n_old + n_new);
  self->n_ids = n_old + n_new;
  while (j > 0)
    {
      if (i > 0 && self->ids[i - 1] > recent[j - 1])
        self->ids[--k] = self->ids[--i];
      else
        self->ids[--k] = recent[--j];
    }
  g_array_set_size (self->recent, 0);
}

gboolean
moderato_known_users_add (ModeratoKnownUsers *self,
                          const char         *user_id)
{
  guint64 id;
  gboolean found;
  guint index;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!parse_id (user_id, &id))
    return FALSE;
  search (self->ids, self->n_ids, id, &found);
  if (found)
    return FALSE;
  index = search ((const guint64 *) (gpointer) self->recent->data, self->recent->len, id,
                  &found);
  if (found)
    return FALSE;
  g_array_insert_val (self->recent, index, id);
  if (self->recent->len >= MAX_RECENT)
    merge_recent (self);
  return TRUE;
}

guint
moderato_known_users_get_size (ModeratoKnownUsers *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_ids + self->recent->len;
}

gsize
moderato_known_users_get_memory (ModeratoKnownUsers *self)
{
  g_return_val_if_fail (self != NULL, 0);

  /* The recent array is small: at most MAX_RECENT ids, its capacity a power of two. */
  return sizeof *self + (gsize) self->n_ids * sizeof (guint64) +
         sizeof (GArray) + MAX (16, (gsize) 1 << g_bit_storage (self->recent->len)) *
                           sizeof (guint64);
}

gboolean
moderato_known_users_first_time (const char *user_id,
                                 const char *username,
                                 gpointer    user_data)
{
  return moderato_known_users_add (user_data, user_id);
}
