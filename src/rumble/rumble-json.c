/* rumble-json.c — reading untrusted JSON from the network: the pre-scan, member accessors
 * that never warn on a wrong type, and Rumble's timestamps
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rumble"

#include "config.h"

#include <errno.h>
#include <string.h>

#include "rumble-json-private.h"
#include "rumble-text.h"
#include "rumble-url-policy.h"

static JsonNode *
get_member (JsonObject *object,
            const char *member)
{
  return object != NULL ? json_object_get_member (object, member) : NULL;
}

const char *
rumble_json_get_string (JsonObject *object,
                        const char *member)
{
  JsonNode *node = get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gint64
rumble_json_get_int (JsonObject *object,
                     const char *member,
                     gint64      fallback)
{
  JsonNode *node = get_member (object, member);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    return json_node_get_int (node);
  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      /* (double) G_MAXINT64 is 2^63, one past the range: converting it is undefined. */
      if (d >= -9223372036854775808.0 && d < 9223372036854775808.0)
        return (gint64) d;
      return fallback;
    }
  if (type == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      gint64 v;

      if (s != NULL && g_ascii_string_to_signed (s, 10, G_MININT64, G_MAXINT64, &v, NULL))
        return v;
    }
  return fallback;
}

gboolean
rumble_json_get_bool (JsonObject *object,
                      const char *member,
                      gboolean    fallback)
{
  JsonNode *node = get_member (object, member);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (type == G_TYPE_INT64)
    return json_node_get_int (node) != 0;
  return fallback;
}

JsonObject *
rumble_json_get_object (JsonObject *object,
                        const char *member)
{
  JsonNode *node = get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
rumble_json_get_array (JsonObject *object,
                       const char *member)
{
  JsonNode *node = get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

char *
rumble_json_dup_text (JsonObject       *object,
                      const char       *member,
                      gsize             max_bytes,
                      RumbleEventTally *tally)
{
  gboolean truncated;
  char *text = rumble_text_dup_bounded (rumble_json_get_string (object, member), max_bytes,
                                        &truncated);

  if (truncated && tally != NULL)
    tally->n_truncated++;
  return text;
}

char *
rumble_json_dup_url (JsonObject       *object,
                     const char       *member,
                     RumbleEventTally *tally)
{
  const char *url = rumble_json_get_string (object, member);

  if (url == NULL)
    return NULL;
  if (strlen (url) > RUMBLE_URL_POLICY_MAX_LENGTH)
    {
      if (tally != NULL)
        tally->n_dropped++;
      return NULL;
    }
  return g_strdup (url);
}

gboolean
rumble_json_get_bounded_int (JsonObject *object,
                             const char *member,
                             gint64      min,
                             gint64      max,
                             gint64     *out_value)
{
  JsonNode *node = get_member (object, member);
  gint64 v;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      v = json_node_get_int (node);
      break;
    case G_TYPE_DOUBLE:
      {
        double d = json_node_get_double (node);

        /* Also false for NaN; ±inf (1e400) is out of any range. */
        if (!(d >= (double) min && d <= (double) max) || d != (double) (gint64) d)
          return FALSE;
        v = (gint64) d;
      }
      break;
    case G_TYPE_STRING:
      if (!g_ascii_string_to_signed (json_node_get_string (node), 10, G_MININT64, G_MAXINT64,
                                     &v, NULL))
        return FALSE;
      break;
    default:
      return FALSE;
    }

  if (v < min || v > max)
    return FALSE;
  *out_value = v;
  return TRUE;
}

/* Ids are opaque strings at the protocol boundary (PROTOCOL.md §14.3): a JSON number
 * becomes its exact decimal string, a string is kept as sent (bounded, printable). */
char *
rumble_json_node_dup_id (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      gint64 v = json_node_get_int (node);

      return v >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, v) : NULL;
    }
  if (type == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      gsize len = s != NULL ? strlen (s) : 0;

      if (len == 0 || len > RUMBLE_ID_MAX_LEN)
        return NULL;
      for (gsize i = 0; i < len; i++)
        if ((guchar) s[i] <= ' ' || s[i] == 0x7f)
          return NULL;
      return g_strdup (s);
    }
  /* Doubles lose precision above 2^53: such an id cannot be trusted. */
  return NULL;
}

char *
rumble_json_dup_id (JsonObject *object,
                    const char *member)
{
  return rumble_json_node_dup_id (get_member (object, member));
}

static int
hex4 (const char *p)
{
  int value = 0;

  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* The escapes of a string, from the character after the opening '"'. Returns the index
 * just past the closing '"' (or @length), or 0 for an escape that json-glib 1.6 reads
 * differently from the standard: one outside \" \\ \/ \b \f \n \r \t \uXXXX (it
 * takes \345 as the byte 0xE5, invalid UTF-8), a \u without four hex digits, or a UTF-16
 * surrogate that is not a high one followed by a low one (it then swallows the next
 * character, even the closing quote, and emits invalid UTF-8). */
static gsize
skip_string (const char *json,
             gsize       i,
             gsize       length)
{
  while (i < length && json[i] != '"')
    {
      int unit, low;

      if (json[i] != '\\')
        {
          i++;
          continue;
        }
      if (i + 1 < length && json[i + 1] != 'u')
        {
          if (strchr ("\"\\/bfnrt", json[i + 1]) == NULL || json[i + 1] == '\0')
            return 0;
          i += 2;
          continue;
        }
      if (i + 6 > length || (unit = hex4 (json + i + 2)) < 0)
        return 0;
      i += 6;
      if (unit >= 0xDC00 && unit <= 0xDFFF)
        return 0;
      if (unit >= 0xD800 && unit <= 0xDBFF)
        {
          if (i + 6 > length || json[i] != '\\' || json[i + 1] != 'u' ||
              (low = hex4 (json + i + 2)) < 0xDC00 || low > 0xDFFF)
            return 0;
          i += 6;
        }
    }
  return i + 1;
}

gboolean
rumble_json_check_text (const char  *json,
                        gsize        length,
                        GError     **error)
{
  static const char int64_max[] = "9223372036854775807";
  guint depth = 0;
  gsize n_values = 1;   /* in valid JSON each further value follows a ',' */
  gsize i = 0;

  while (i < length)
    {
      char c = json[i];

      if (c == '"')
        {
          i = skip_string (json, i + 1, length);
          if (i == 0)
            {
              g_set_error_literal (error, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL,
                                   "JSON string with a bad escape");
              return FALSE;
            }
        }
      else if (c == '[' || c == '{')
        {
          if (++depth > RUMBLE_JSON_MAX_DEPTH)
            {
              g_set_error (error, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL,
                           "JSON nested deeper than %d levels", RUMBLE_JSON_MAX_DEPTH);
              return FALSE;
            }
          i++;
        }
      else if (c == ']' || c == '}')
        {
          if (depth > 0)
            depth--;
          i++;
        }
      else if (c == '-' || g_ascii_isdigit (c))
        {
          gsize start, end;

          i += c == '-';
          while (i < length && json[i] == '0')
            i++;
          start = i;
          while (i < length && g_ascii_isdigit (json[i]))
            i++;
          end = i;

          /* A fraction or an exponent makes it a double, which cannot wrap. */
          if (i < length && (json[i] == '.' || json[i] == 'e' || json[i] == 'E'))
            {
              while (i < length && (g_ascii_isdigit (json[i]) || json[i] == '.' ||
                                    json[i] == 'e' || json[i] == 'E' ||
                                    json[i] == '+' || json[i] == '-'))
                i++;
              continue;
            }

          if (end - start > sizeof int64_max - 1 ||
              (end - start == sizeof int64_max - 1 &&
               memcmp (json + start, int64_max, sizeof int64_max - 1) > 0))
            {
              g_set_error_literal (error, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL,
                                   "JSON integer beyond 64 bits");
              return FALSE;
            }
        }
      else if (strchr (" \t\r\n:,+.eEtruefalsn", c) != NULL && c != '\0')
        {
          if (c == ',' && ++n_values > RUMBLE_JSON_MAX_VALUES)
            {
              g_set_error (error, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL,
                           "JSON with more than %d values", RUMBLE_JSON_MAX_VALUES);
              return FALSE;
            }
          i++;
        }
      else
        {
          /* json-glib also takes 'single quotes', comments and hex numbers: what it
           * reads differently from standard JSON could hide nesting from this scan. */
          g_set_error_literal (error, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL,
                               "not plain JSON");
          return FALSE;
        }
    }

  return TRUE;
}

char *
rumble_json_replace_nul_escapes (const char *json,
                                 gsize       length)
{
  char *copy = NULL;

  /* Checked text has backslashes only inside strings, each starting an escape. */
  for (gsize i = 0; i + 1 < length; i++)
    {
      if (json[i] != '\\')
        continue;
      if (json[i + 1] == 'u' && i + 6 <= length && memcmp (json + i + 2, "0000", 4) == 0)
        {
          if (copy == NULL)
            copy = g_strndup (json, length);
          memcpy (copy + i + 2, "fffd", 4);
        }
      i++;
    }
  return copy;
}

/* ---- The parser ----------------------------------------------------------------------- */

typedef struct {
  const char *p;
  const char *end;
  GString    *text;    /* the string being decoded */
  guint       depth;
} Reader;

static void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

/* The string at r->p (its opening '"') into r->text; FALSE when it is not plain JSON. */
static gboolean
read_string (Reader *r)
{
  const char *start;

  g_string_truncate (r->text, 0);
  r->p++;
  for (;;)
    {
      int unit;

      start = r->p;
      while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (guchar) *r->p >= 0x20)
        r->p++;
      if (r->p >= r->end || (guchar) *r->p < 0x20)
        return FALSE;
      if (r->p > start)
        {
          if (!g_utf8_validate_len (start, r->p - start, NULL))
            return FALSE;
          g_string_append_len (r->text, start, r->p - start);
        }
      if (*r->p == '"')
        {
          r->p++;
          return TRUE;
        }

      /* An escape; rumble_json_check_text let only well-formed ones through. */
      if (r->end - r->p < 2)
        return FALSE;
      switch (r->p[1])
        {
        case '"': g_string_append_c (r->text, '"'); break;
        case '\\': g_string_append_c (r->text, '\\'); break;
        case '/': g_string_append_c (r->text, '/'); break;
        case 'b': g_string_append_c (r->text, '\b'); break;
        case 'f': g_string_append_c (r->text, '\f'); break;
        case 'n': g_string_append_c (r->text, '\n'); break;
        case 'r': g_string_append_c (r->text, '\r'); break;
        case 't': g_string_append_c (r->text, '\t'); break;
        case 'u':
          if (r->end - r->p < 6 || (unit = hex4 (r->p + 2)) < 0)
            return FALSE;
          r->p += 4;
          if (unit >= 0xDC00 && unit <= 0xDFFF)
            return FALSE;
          if (unit >= 0xD800 && unit <= 0xDBFF)
            {
              int low;

              if (r->end - r->p < 8 || r->p[2] != '\\' || r->p[3] != 'u' ||
                  (low = hex4 (r->p + 4)) < 0xDC00 || low > 0xDFFF)
                return FALSE;
              unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
              r->p += 6;
            }
          /* A NUL would cut the C string json-glib hands out. */
          g_string_append_unichar (r->text, unit == 0 ? 0xFFFD : (gunichar) unit);
          break;
        default:
          return FALSE;
        }
      r->p += 2;
    }
}

static JsonNode *
read_number (Reader *r)
{
  const char *start = r->p;
  gboolean fraction = FALSE;
  char buffer[64];
  char *end;
  JsonNode *node;

  if (*r->p == '-')
    r->p++;
  if (r->p >= r->end || !g_ascii_isdigit (*r->p))
    return NULL;
  /* json-glib reads a leading zero as octal. */
  if (*r->p == '0' && r->p + 1 < r->end && g_ascii_isdigit (r->p[1]))
    return NULL;
  while (r->p < r->end && g_ascii_isdigit (*r->p))
    r->p++;
  if (r->p < r->end && *r->p == '.')
    {
      fraction = TRUE;
      if (++r->p >= r->end || !g_ascii_isdigit (*r->p))
        return NULL;
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      fraction = TRUE;
      if (++r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return NULL;
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }
  if ((gsize) (r->p - start) >= sizeof buffer)
    return NULL;
  memcpy (buffer, start, r->p - start);
  buffer[r->p - start] = '\0';

  node = json_node_alloc ();
  if (fraction)
    return json_node_init_double (node, g_ascii_strtod (buffer, NULL));

  errno = 0;
  json_node_init_int (node, g_ascii_strtoll (buffer, &end, 10));
  if (errno != 0 || *end != '\0')
    g_clear_pointer (&node, json_node_unref);
  return node;
}

static JsonNode *read_value (Reader *r);

static JsonNode *
read_array (Reader *r)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();

  json_node_take_array (node, array);
  r->p++;
  skip_space (r);
  if (r->p < r->end && *r->p == ']')
    {
      r->p++;
      return g_steal_pointer (&node);
    }
  for (;;)
    {
      JsonNode *element = read_value (r);

      if (element == NULL)
        return NULL;
      json_node_set_parent (element, node);
      json_array_add_element (array, element);
      skip_space (r);
      if (r->p >= r->end)
        return NULL;
      if (*r->p == ']')
        {
          r->p++;
          return g_steal_pointer (&node);
        }
      if (*r->p++ != ',')
        return NULL;
      skip_space (r);
    }
}

static JsonNode *
read_object (Reader *r)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  /* The member's value reuses r->text: its name waits here (or on the heap when long). */
  char name_buffer[64];
  g_autofree char *long_name = NULL;

  json_node_take_object (node, object);
  r->p++;
  skip_space (r);
  if (r->p < r->end && *r->p == '}')
    {
      r->p++;
      return g_steal_pointer (&node);
    }
  for (;;)
    {
      JsonNode *member;
      const char *name;

      if (r->p >= r->end || *r->p != '"' || !read_string (r))
        return NULL;
      if (r->text->len < sizeof name_buffer)
        name = memcpy (name_buffer, r->text->str, r->text->len + 1);
      else
        {
          g_free (long_name);
          name = long_name = g_strndup (r->text->str, r->text->len);
        }
      skip_space (r);
      if (r->p >= r->end || *r->p++ != ':')
        return NULL;
      skip_space (r);
      if ((member = read_value (r)) == NULL)
        return NULL;
      json_node_set_parent (member, node);
      json_object_set_member (object, name, member);
      skip_space (r);
      if (r->p >= r->end)
        return NULL;
      if (*r->p == '}')
        {
          r->p++;
          return g_steal_pointer (&node);
        }
      if (*r->p++ != ',')
        return NULL;
      skip_space (r);
    }
}

static gboolean
read_word (Reader     *r,
           const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (r->end - r->p) < len || memcmp (r->p, word, len) != 0)
    return FALSE;
  r->p += len;
  return TRUE;
}

static JsonNode *
read_value (Reader *r)
{
  JsonNode *node = NULL;

  if (r->p >= r->end)
    return NULL;
  switch (*r->p)
    {
    case '{':
    case '[':
      if (r->depth >= RUMBLE_JSON_MAX_DEPTH)
        return NULL;
      r->depth++;
      node = *r->p == '{' ? read_object (r) : read_array (r);
      r->depth--;
      return node;
    case '"':
      if (!read_string (r))
        return NULL;
      return json_node_init_string (json_node_alloc (), r->text->str);
    case 't':
      return read_word (r, "true") ? json_node_init_boolean (json_node_alloc (), TRUE) : NULL;
    case 'f':
      return read_word (r, "false") ? json_node_init_boolean (json_node_alloc (), FALSE) : NULL;
    case 'n':
      return read_word (r, "null") ? json_node_init_null (json_node_alloc ()) : NULL;
    default:
      return read_number (r);
    }
}

JsonNode *
rumble_json_parse (const char *json,
                   gsize       length)
{
  g_autoptr(GString) text = g_string_sized_new (128);
  Reader r = { json, json + length, text, 0 };
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (json != NULL || length == 0, NULL);

  skip_space (&r);
  root = read_value (&r);
  skip_space (&r);
  if (root == NULL || r.p != r.end)
    return NULL;
  return g_steal_pointer (&root);
}

static int
parse_digits (const char *s,
              guint       n)
{
  int v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return -1;
      v = v * 10 + (s[i] - '0');
    }
  return v;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static gint64
days_from_civil (gint64 y,
                 unsigned m,
                 unsigned d)
{
  gint64 era;
  unsigned yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (unsigned) (y - era * 400);
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (gint64) doe - 719468;
}

gboolean
rumble_parse_timestamp (const char *text,
                        gint64     *out_unix)
{
  int year, month, day, hour, min, sec, off = 0;
  const char *p;

  /* The only shape taken, Rumble's: "YYYY-MM-DDTHH:MM:SS", an optional fraction, then
   * "+00:00", "+0000", "Z" or nothing (UTC). */
  if (text != NULL && strlen (text) >= 19 && text[4] == '-' && text[7] == '-' &&
      (text[10] == 'T' || text[10] == ' ') && text[13] == ':' && text[16] == ':')
    {
      year = parse_digits (text, 4);
      month = parse_digits (text + 5, 2);
      day = parse_digits (text + 8, 2);
      hour = parse_digits (text + 11, 2);
      min = parse_digits (text + 14, 2);
      sec = parse_digits (text + 17, 2);
      p = text + 19;
      if (*p == '.')
        for (p++; g_ascii_isdigit (*p); p++)
          ;
      if (*p == 'Z' && p[1] == '\0')
        off = 0;
      else if ((*p == '+' || *p == '-') && strlen (p) >= 5)
        {
          int oh = parse_digits (p + 1, 2);
          int om = parse_digits (p + (p[3] == ':' ? 4 : 3), 2);

          if (oh < 0 || om < 0 || oh > 23 || om > 59)
            return FALSE;
          off = (oh * 60 + om) * 60 * (*p == '-' ? -1 : 1);
        }
      else if (*p != '\0')
        return FALSE;

      if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 ||
          hour < 0 || hour > 23 || min < 0 || min > 59 || sec < 0 || sec > 60)
        return FALSE;

      *out_unix = days_from_civil (year, month, day) * 86400 + hour * 3600 + min * 60 + sec - off;
      return TRUE;
    }

  return FALSE;
}
