/* moderato-link-finder.c — http(s) links in chat text
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "moderato-link-finder"

#include "config.h"

#include <string.h>

#include "moderato-link-finder.h"

static gboolean
is_link_start (const char *text,
               gsize       len,
               gsize       pos)
{
  if (pos > 0 && g_ascii_isalnum (text[pos - 1]))
    return FALSE;

  return (len - pos > 8 && g_ascii_strncasecmp (text + pos, "https://", 8) == 0) ||
         (len - pos > 7 && g_ascii_strncasecmp (text + pos, "http://", 7) == 0);
}

static gsize
link_end (const char *text,
          gsize       len,
          gsize       pos)
{
  gsize end = pos;
  gsize scheme = text[pos + 4] == 's' || text[pos + 4] == 'S' ? 8 : 7;

  while (end < len && !g_ascii_isspace (text[end]) && text[end] != '<' &&
         text[end] != '>' && text[end] != '"')
    end++;

  /* Trailing punctuation belongs to the sentence. */
  while (end > pos && strchr (".,;:!?)]}'", text[end - 1]) != NULL)
    end--;

  /* A bare scheme is no link. */
  return end > pos + scheme ? end : pos;
}

gboolean
moderato_link_finder_next (const char *text,
                           gsize       len,
                           gsize       from,
                           gsize      *out_start,
                           gsize      *out_end)
{
  g_return_val_if_fail (text != NULL || len == 0, FALSE);
  g_return_val_if_fail (out_start != NULL && out_end != NULL, FALSE);

  for (gsize pos = from; pos < len; pos++)
    if (is_link_start (text, len, pos))
      {
        gsize end = link_end (text, len, pos);

        if (end > pos)
          {
            *out_start = pos;
            *out_end = end;
            return TRUE;
          }
      }

  return FALSE;
}

char *
moderato_link_finder_first (const char *text)
{
  gsize start, end;

  if (text == NULL || !moderato_link_finder_next (text, strlen (text), 0, &start, &end))
    return NULL;

  return g_strndup (text + start, end - start);
}
