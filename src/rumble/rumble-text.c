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

gsize
rumble_text_utf8_cut (const char *text,
                      gsize       length,
                      gsize       max_bytes)
{
  gsize cut;

  g_return_val_if_fail (text != NULL || length == 0, 0);

  if (length <= max_bytes)
    return length;
  /* Back over continuation bytes to the start of the character that straddles the cut. */
  cut = max_bytes;
  while (cut > 0 && ((guchar) text[cut] & 0xc0) == 0x80)
    cut--;
  return cut;
}

/* Bidi controls are all three bytes in UTF-8: E2 80 AA–AE and E2 81 A6–A9. */
#define BIDI_CONTROL_LEN 3

static gunichar
bidi_control_at (const char *p,
                 const char *end)
{
  gunichar c;

  if (end - p < BIDI_CONTROL_LEN || (guchar) p[0] != 0xe2)
    return 0;
  c = g_utf8_get_char (p);
  if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
    return c;
  return 0;
}

static gboolean
is_isolate (gunichar c)
{
  return c >= 0x2066 && c <= 0x2068;
}

static gunichar
open_char (const char *text,
           GArray     *open,
           guint       i)
{
  return g_utf8_get_char (text + g_array_index (open, gsize, i));
}

static gint
compare_offsets (gconstpointer a,
                 gconstpointer b)
{
  gsize oa = *(const gsize *) a, ob = *(const gsize *) b;

  return oa < ob ? -1 : oa > ob;
}

char *
rumble_text_balance_bidi (const char *text,
                          gssize      length)
{
  g_autoptr(GArray) open = NULL;    /* of gsize: offsets in @text of open initiators */
  g_autoptr(GArray) drop = NULL;    /* of gsize: offsets in @text of controls to leave out */
  const char *end;
  GString *out;
  gsize from = 0;

  g_return_val_if_fail (text != NULL, NULL);

  if (length < 0)
    length = strlen (text);
  end = text + length;

  /* Most text has no bidi control at all: no allocation but the copy. */
  if (memchr (text, 0xe2, length) == NULL)
    return g_strndup (text, length);

  open = g_array_new (FALSE, FALSE, sizeof (gsize));
  drop = g_array_new (FALSE, FALSE, sizeof (gsize));
  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = bidi_control_at (p, end);
      gsize offset = p - text;

      if (c == 0)
        continue;
      if (c == 0x2069 || c == 0x202c)
        {
          /* A PDI closes the innermost open isolate, and with it the embeddings opened
           * inside that isolate (those stay unbalanced); a PDF closes an embedding only
           * when one is open since the innermost isolate. */
          guint i = open->len;

          if (c == 0x2069)
            while (i > 0 && !is_isolate (open_char (text, open, i - 1)))
              i--;
          if (i > 0 && is_isolate (open_char (text, open, i - 1)) == (c == 0x2069))
            {
              for (guint j = i; j < open->len; j++)
                g_array_append_val (drop, g_array_index (open, gsize, j));
              g_array_set_size (open, i - 1);
            }
          else
            g_array_append_val (drop, offset);
        }
      else
        g_array_append_val (open, offset);
    }
  for (guint j = 0; j < open->len; j++)
    g_array_append_val (drop, g_array_index (open, gsize, j));

  g_array_sort (drop, (GCompareFunc) compare_offsets);
  out = g_string_sized_new (length);
  for (guint j = 0; j < drop->len; j++)
    {
      gsize at = g_array_index (drop, gsize, j);

      g_string_append_len (out, text + from, at - from);
      from = at + BIDI_CONTROL_LEN;
    }
  g_string_append_len (out, text + from, length - from);
  return g_string_free (out, FALSE);
}

char *
rumble_text_dup_bounded (const char *text,
                         gsize       max_bytes,
                         gboolean   *out_truncated)
{
  gsize length, cut;

  if (out_truncated != NULL)
    *out_truncated = FALSE;
  if (text == NULL)
    return NULL;

  length = strlen (text);
  cut = rumble_text_utf8_cut (text, length, max_bytes);
  if (cut < length && out_truncated != NULL)
    *out_truncated = TRUE;
  return rumble_text_balance_bidi (text, cut);
}

char *
rumble_text_isolate (const char *text)
{
  if (text == NULL || text[0] == '\0')
    return g_strdup ("");
  return g_strconcat (RUMBLE_TEXT_FSI, text, RUMBLE_TEXT_PDI, NULL);
}
