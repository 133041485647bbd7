/* rumble-text.c — what text from the network may carry into a message or a terminal
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rumble-text"

#include "config.h"

#include <string.h>

#include "rumble-text.h"

gboolean
rumble_text_char_is_unsafe (gunichar c)
{
  return c < 0x20 || (c >= 0x7f && c < 0xa0) ||
         c == 0x061c || c == 0x200e || c == 0x200f || c == 0x2028 || c == 0x2029 ||
         (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

gboolean
rumble_text_is_safe (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (rumble_text_char_is_unsafe (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

char *
rumble_text_clean (const char *text,
                   gsize       max_bytes)
{
  g_autofree char *valid = NULL;
  GString *out;
  gsize len;

  if (text == NULL)
    return NULL;

  len = strlen (text);
  valid = g_utf8_make_valid (text, MIN (len, max_bytes * 2));
  out = g_string_new (NULL);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (out->len >= max_bytes)
        {
          g_string_append (out, "…");
          break;
        }
      if (rumble_text_char_is_unsafe (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }

  g_strstrip (out->str);
  out->len = strlen (out->str);
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}
