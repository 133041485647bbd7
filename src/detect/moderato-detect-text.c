/* moderato-detect-text.c — chat text reduced to what spam waves share
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "moderato-detect"

#include "config.h"

#include <string.h>

#include "moderato-detect-text.h"

/* Longest emote name (RUMBLE_EMOTES_MAX_NAME_LEN): a longer run between colons is text. */
#define EMOTE_NAME_MAX 64

/* What an emote name may hold (rumble-emotes.c): the token cannot straddle a space. */
static inline gboolean
is_emote_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '-' || c == '+' || c == '.';
}

/* The length of the `:name:` token at @p (which is ':'), or 0. */
static gsize
emote_token_len (const char *p,
                 const char *end)
{
  const char *q = p + 1;

  while (q < end && q - p <= EMOTE_NAME_MAX && is_emote_name_char (*q))
    q++;
  if (q < end && *q == ':' && q > p + 1)
    return (gsize) (q - p) + 1;
  return 0;
}

static gboolean
is_ascii (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p >= 0x80)
      return FALSE;
  return TRUE;
}

/* Drops trailing spaces and punctuation (symbols, emoji included). */
static void
trim_trailing (GString *out)
{
  while (out->len > 0)
    {
      const char *last = g_utf8_find_prev_char (out->str, out->str + out->len);
      gunichar c;

      if (last == NULL)
        last = out->str;
      c = g_utf8_get_char (last);
      if (c != ' ' && !g_unichar_ispunct (c))
        break;
      g_string_truncate (out, (gsize) (last - out->str));
    }
}

char *
moderato_detect_text_normalize (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *composed = NULL;
  g_autofree char *folded = NULL;
  const char *src = text;
  const char *p, *end;
  gboolean ascii;
  gboolean space = FALSE;
  gunichar last = 0;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  ascii = is_ascii (text);
  if (!ascii)
    {
      if (!g_utf8_validate (text, -1, NULL))
        src = valid = g_utf8_make_valid (text, -1);
      composed = g_utf8_normalize (src, -1, G_NORMALIZE_NFKC);
      if (composed != NULL)
        src = composed;
      src = folded = g_utf8_casefold (src, -1);
    }

  end = src + strlen (src);
  out = g_string_sized_new ((gsize) (end - src) + 1);
  for (p = src; p < end;)
    {
      gunichar c;
      gsize emote;

      if (*p == ':' && (emote = emote_token_len (p, end)) > 0)
        {
          p += emote;
          space = TRUE;
          continue;
        }
      /* "@name" addresses someone; what is said is the rest. */
      if (*p == '@' && (p == src || g_ascii_isspace (p[-1])) && p + 1 < end &&
          is_emote_name_char (p[1]))
        {
          for (p++; p < end && is_emote_name_char (*p); p++)
            ;
          space = TRUE;
          continue;
        }
      if ((guchar) *p < 0x80)
        c = (gunichar) g_ascii_tolower (*p++);
      else
        {
          c = g_utf8_get_char (p);
          p = g_utf8_next_char (p);
        }

      if (c < 0x80 ? (g_ascii_isspace ((char) c) || g_ascii_iscntrl ((char) c))
                   : (g_unichar_isspace (c) || g_unichar_iscntrl (c)))
        {
          space = TRUE;
          continue;
        }
      /* Zero-width and other invisible characters are how a bot varies a text. */
      if (c >= 0x80 && g_unichar_type (c) == G_UNICODE_FORMAT)
        continue;

      if (space && out->len > 0)
        {
          g_string_append_c (out, ' ');
          last = ' ';
        }
      space = FALSE;
      if (c == last)
        continue;
      if (c < 0x80)
        g_string_append_c (out, (char) c);
      else
        g_string_append_unichar (out, c);
      last = c;
    }
  trim_trailing (out);
  return g_string_free (out, FALSE);
}

/* ---- MinHash ------------------------------------------------------------------------ */

static guint64 hash_mul[MODERATO_DETECT_SIG_LEN];
static guint64 hash_add[MODERATO_DETECT_SIG_LEN];

static guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/* Fixed functions: the same text gives the same signature in every run. */
static void
init_hash_functions (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      guint64 state = 0x6d6f646572617430;

      for (guint k = 0; k < MODERATO_DETECT_SIG_LEN; k++)
        {
          hash_mul[k] = splitmix64 (&state) | 1;
          hash_add[k] = splitmix64 (&state);
        }
      g_once_init_leave (&initialized, 1);
    }
}

void
moderato_detect_text_signature (const char *norm,
                                gsize       len,
                                guint32     sig[MODERATO_DETECT_SIG_LEN])
{
  const guchar *s = (const guchar *) norm;
  gsize n_shingles = len >= 3 ? len - 2 : 1;

  init_hash_functions ();
  for (guint k = 0; k < MODERATO_DETECT_SIG_LEN; k++)
    sig[k] = G_MAXUINT32;

  for (gsize i = 0; i < n_shingles; i++)
    {
      guint32 shingle = 0;
      guint64 h;

      for (gsize j = i; j < MIN (i + 3, len); j++)
        shingle = (shingle << 8) | s[j];
      /* Spread the 24 bits over 64; each function then takes its own high bits. */
      h = (shingle + 1) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
      /* Multiply-shift: one multiplication per function. */
      for (guint k = 0; k < MODERATO_DETECT_SIG_LEN; k++)
        {
          guint32 v = (guint32) ((hash_mul[k] * h + hash_add[k]) >> 32);

          sig[k] = MIN (sig[k], v);
        }
    }
}

guint
moderato_detect_text_agreement (const guint32 *a,
                                const guint32 *b)
{
  guint same = 0;

  for (guint k = 0; k < MODERATO_DETECT_SIG_LEN; k++)
    same += a[k] == b[k];
  return same;
}

guint64
moderato_detect_text_band_key (const guint32 *sig,
                               guint          band)
{
  guint64 key = ((guint64) sig[2 * band] << 32) | sig[2 * band + 1];

  key ^= (guint64) (band + 1) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  key = (key ^ (key >> 31)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  return (key ^ (key >> 29)) | 1;
}
