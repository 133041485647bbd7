/* moderato-chat-gaps.c — where the chat's connection was cut, as the chat view marks it
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A gap is not an item of the list: it is attached to the row of the message it follows
 * (a table keyed by message id), and that row draws it as a divider under its text. Items
 * in the list stay exactly the chat's messages, so everything that counts positions in the
 * messages model keeps working unchanged: the keyboard (moderato-chat-keys.c moves by
 * message position), the holds and pause logic (they hold messages), follow mode (scrolls to
 * the last item), and a flood costs nothing more (no wrapper model re-mapping positions on
 * every append and trim). A gap goes when its message is trimmed, since the row it lives in
 * is gone. When the chat was empty at the cut, the gap waits for the next message and sits
 * above it.
 */
#define G_LOG_DOMAIN "moderato-chat-view"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-chat-gaps.h"

typedef struct {
  gint64    lost_at;
  gint64    back_at;       /* 0 while the gap is open */
  guint     n_recovered;
  gboolean  complete;
  gboolean  above;         /* over its message (the chat was empty at the cut) */
  char     *text;
} Gap;

struct _ModeratoChatGaps
{
  GHashTable *by_message;  /* message id → Gap, owned */
  Gap        *waiting;     /* owned: no message to go with yet */
  Gap        *open;        /* not owned: the gap the next reconnect closes */
  char       *open_id;     /* where it is, NULL while waiting */
};

static void
gap_free (gpointer data)
{
  Gap *gap = data;

  g_free (gap->text);
  g_free (gap);
}

static void
gap_update_text (Gap *gap)
{
  g_free (gap->text);
  gap->text = moderato_chat_gap_describe (gap->lost_at, gap->back_at, gap->n_recovered,
                                          gap->complete);
}

ModeratoChatGaps *
moderato_chat_gaps_new (void)
{
  ModeratoChatGaps *self = g_new0 (ModeratoChatGaps, 1);

  self->by_message = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, gap_free);
  return self;
}

void
moderato_chat_gaps_clear (ModeratoChatGaps *self)
{
  g_return_if_fail (self != NULL);

  g_hash_table_remove_all (self->by_message);
  g_clear_pointer (&self->waiting, gap_free);
  self->open = NULL;
  g_clear_pointer (&self->open_id, g_free);
}

void
moderato_chat_gaps_free (ModeratoChatGaps *self)
{
  if (self == NULL)
    return;

  moderato_chat_gaps_clear (self);
  g_hash_table_unref (self->by_message);
  g_free (self);
}

const char *
moderato_chat_gaps_lost (ModeratoChatGaps *self,
                         gint64            lost_at,
                         const char       *last_message_id)
{
  Gap *gap;

  g_return_val_if_fail (self != NULL, NULL);

  gap = g_new0 (Gap, 1);
  gap->lost_at = lost_at;
  gap->complete = TRUE;
  gap_update_text (gap);

  g_clear_pointer (&self->open_id, g_free);
  self->open = gap;
  if (last_message_id == NULL)
    {
      g_clear_pointer (&self->waiting, gap_free);
      gap->above = TRUE;
      self->waiting = gap;
      return NULL;
    }

  g_hash_table_replace (self->by_message, g_strdup (last_message_id), gap);
  self->open_id = g_strdup (last_message_id);
  return self->open_id;
}

const char *
moderato_chat_gaps_reconnected (ModeratoChatGaps *self,
                                gint64            lost_at,
                                guint             n_recovered,
                                gboolean          complete,
                                gint64            now)
{
  Gap *gap;

  g_return_val_if_fail (self != NULL, NULL);

  gap = self->open;
  self->open = NULL;
  /* Not the gap we saw open (it was pruned with its message, or the chat changed). */
  if (gap == NULL || gap->lost_at != lost_at)
    {
      g_clear_pointer (&self->open_id, g_free);
      return NULL;
    }

  gap->back_at = MAX (now, lost_at);
  gap->n_recovered = n_recovered;
  gap->complete = complete;
  gap_update_text (gap);
  /* Handed to the caller; valid until the next call that changes the gaps. */
  return self->open_id;
}

gboolean
moderato_chat_gaps_place_waiting (ModeratoChatGaps *self,
                                  const char       *message_id)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (message_id != NULL, FALSE);

  if (self->waiting == NULL)
    return FALSE;

  if (self->open == self->waiting)
    {
      g_free (self->open_id);
      self->open_id = g_strdup (message_id);
    }
  g_hash_table_replace (self->by_message, g_strdup (message_id),
                        g_steal_pointer (&self->waiting));
  return TRUE;
}

gboolean
moderato_chat_gaps_has_waiting (ModeratoChatGaps *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->waiting != NULL;
}

void
moderato_chat_gaps_prune (ModeratoChatGaps *self,
                          RumbleChatApi    *chat)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (self != NULL);

  g_hash_table_iter_init (&iter, self->by_message);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (chat != NULL && rumble_chat_api_lookup_message (chat, key) != NULL)
        continue;
      if (value == self->open)
        {
          self->open = NULL;
          g_clear_pointer (&self->open_id, g_free);
        }
      g_hash_table_iter_remove (&iter);
    }
}

guint
moderato_chat_gaps_get_n_placed (ModeratoChatGaps *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return g_hash_table_size (self->by_message);
}

const char *
moderato_chat_gaps_lookup (ModeratoChatGaps *self,
                           const char       *message_id,
                           gboolean         *out_above)
{
  Gap *gap;

  g_return_val_if_fail (self != NULL, NULL);

  gap = message_id != NULL ? g_hash_table_lookup (self->by_message, message_id) : NULL;
  if (out_above != NULL)
    *out_above = gap != NULL && gap->above;
  return gap != NULL ? gap->text : NULL;
}

/* "29 s", "4 min 5 s", "2 h 10 min". */
static char *
format_duration (gint64 seconds)
{
  guint s = (guint) CLAMP (seconds, 0, G_MAXUINT);

  if (s < 60)
    /* Translators: a short duration in seconds, "29 s". */
    return g_strdup_printf (C_("duration", "%u s"), s);
  if (s < 3600)
    /* Translators: a duration in minutes and seconds, "4 min 5 s". */
    return g_strdup_printf (C_("duration", "%u min %u s"), s / 60, s % 60);
  /* Translators: a duration in hours and minutes, "2 h 10 min". */
  return g_strdup_printf (C_("duration", "%u h %u min"), s / 3600, s / 60 % 60);
}

char *
moderato_chat_gap_describe (gint64   lost_at,
                            gint64   back_at,
                            guint    n_recovered,
                            gboolean complete)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (lost_at / G_USEC_PER_SEC);
  g_autofree char *when = time != NULL ? g_date_time_format (time, "%H:%M:%S") : NULL;
  g_autofree char *after = NULL;
  GString *text = g_string_new (NULL);

  /* Translators: a divider in the chat where the connection dropped; %s is a time of day. */
  g_string_printf (text, _("Connection lost at %s"), when != NULL ? when : "?");
  if (back_at == 0)
    return g_string_free (text, FALSE);

  after = format_duration ((back_at - lost_at + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC);
  g_string_append_c (text, '\n');
  if (complete && n_recovered > 0)
    g_string_append_printf (text,
                            /* Translators: the second line of the divider; %s is a duration
                             * ("29 s"), %u a number of chat messages. */
                            g_dngettext (GETTEXT_PACKAGE,
                                         "Reconnected after %s — %u message recovered from the "
                                         "backlog",
                                         "Reconnected after %s — %u messages recovered from the "
                                         "backlog", n_recovered),
                            after, n_recovered);
  else if (complete)
    /* Translators: %s is a duration ("29 s"): nothing was sent while the chat was away. */
    g_string_append_printf (text, _("Reconnected after %s — no messages were missed"), after);
  else if (n_recovered > 0)
    g_string_append_printf (text,
                            /* Translators: %s is a duration ("29 s"), %u a number of chat
                             * messages; the backlog did not reach back to the cut. */
                            g_dngettext (GETTEXT_PACKAGE,
                                         "Reconnected after %s — %u message recovered; messages "
                                         "sent during the gap may be missing",
                                         "Reconnected after %s — %u messages recovered; messages "
                                         "sent during the gap may be missing", n_recovered),
                            after, n_recovered);
  else
    /* Translators: %s is a duration ("29 s"); the backlog did not reach back to the cut. */
    g_string_append_printf (text,
                            _("Reconnected after %s — messages sent during the gap may be missing"),
                            after);

  return g_string_free (text, FALSE);
}
