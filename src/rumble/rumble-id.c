/* rumble-id.c — Rumble's two spellings of the same 64-bit id: base 10 and base 36
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hand-written rather than g_ascii_string_to_unsigned() because that one accepts a
 * leading sign and cannot do base 36 with surrounding whitespace, and because the
 * overflow check must be exact up to G_MAXUINT64 (ids exceed 2^53).
 */
#define G_LOG_DOMAIN "rumble"

#include "config.h"

#include <string.h>

#include "rumble-id.h"

/* 36^12 < 2^64 < 36^13, so 13 digits and a NUL. */
#define B36_MAX_DIGITS 13
#define UINT64_MAX_B10 "18446744073709551615"

static const char b36_alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyz";

/* Value of an ASCII digit in base 36 (case-insensitive), or -1. */
static inline int
b36_digit_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z')
    return c - 'A' + 10;
  return -1;
}

static gboolean
parse_base (const char *text,
            guint       base,
            guint64    *out_value)
{
  const char *p;
  const char *end;
  guint64 value = 0;

  if (text == NULL)
    return FALSE;

  p = text;
  while (g_ascii_isspace (*p))
    p++;
  end = p + strlen (p);
  while (end > p && g_ascii_isspace (end[-1]))
    end--;

  if (p == end)
    return FALSE;

  for (; p < end; p++)
    {
      int digit = b36_digit_value (*p);

      if (digit < 0 || (guint) digit >= base)
        return FALSE;
      /* value * base + digit > G_MAXUINT64, rearranged so it cannot overflow itself */
      if (value > (G_MAXUINT64 - (guint) digit) / base)
        return FALSE;
      value = value * base + (guint) digit;
    }

  if (out_value != NULL)
    *out_value = value;
  return TRUE;
}

gboolean
rumble_id_parse_b10 (const char *text,
                     guint64    *out_value)
{
  return parse_base (text, 10, out_value);
}

gboolean
rumble_id_parse_b36 (const char *text,
                     guint64    *out_value)
{
  return parse_base (text, 36, out_value);
}

gboolean
rumble_id_parse_any (const char *text,
                     guint64    *out_value)
{
  if (text == NULL)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isalpha (*p))
        return parse_base (text, 36, out_value);
    }
  return parse_base (text, 10, out_value);
}

char *
rumble_id_to_b10 (guint64 value)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, value);
}

char *
rumble_id_to_b36 (guint64 value)
{
  char buf[B36_MAX_DIGITS + 1];
  char *p = buf + sizeof buf;

  *--p = '\0';
  do
    {
      *--p = b36_alphabet[value % 36];
      value /= 36;
    }
  while (value != 0);

  return g_strdup (p);
}

char *
rumble_id_b36_to_b10 (const char *text)
{
  guint64 value;

  if (!rumble_id_parse_b36 (text, &value))
    return NULL;
  return rumble_id_to_b10 (value);
}

char *
rumble_id_b10_to_b36 (const char *text)
{
  guint64 value;

  if (!rumble_id_parse_b10 (text, &value))
    return NULL;
  return rumble_id_to_b36 (value);
}

gboolean
rumble_id_is_b10 (const char *text)
{
  gsize len;

  if (text == NULL || text[0] == '\0')
    return FALSE;
  if (text[0] == '0')
    return text[1] == '\0';

  for (len = 0; text[len] != '\0'; len++)
    {
      if (!g_ascii_isdigit (text[len]))
        return FALSE;
    }

  /* Shorter always fits; as long as G_MAXUINT64, compare digit-wise. */
  if (len < sizeof UINT64_MAX_B10 - 1)
    return TRUE;
  if (len > sizeof UINT64_MAX_B10 - 1)
    return FALSE;
  return strcmp (text, UINT64_MAX_B10) <= 0;
}
