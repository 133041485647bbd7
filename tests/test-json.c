/* test-json.c — the JSON pre-scan and the timestamp parser (rumble-json.c)
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rejections are what fuzzing found json-glib 1.6 reads wrongly or dangerously
 * (tests/fuzz/corpus/…/regress-*, tests/test-hostile.c); each is a named case here, next
 * to the edges the scan must still let through.
 */
#include "config.h"

#include <string.h>

#include "rumble-json-private.h"

typedef struct {
  const char *name;
  const char *json;
  const char *error;    /* part of the message, or NULL when the text is accepted */
} CheckCase;

static const CheckCase check_cases[] = {
  /* regress-integer-wrap: json-glib reads 2^64 + 1 as 1. */
  { "integer-2p64-plus-1", "{\"id\":18446744073709551617}", "beyond 64 bits" },
  { "integer-2p63", "[9223372036854775808]", "beyond 64 bits" },
  { "negative-integer-2p63", "[-9223372036854775808]", "beyond 64 bits" },
  { "integer-20-digits", "[10000000000000000000]", "beyond 64 bits" },
  /* regress-lone-surrogate: a lone surrogate becomes invalid UTF-8 and swallows the next
   * character, even the closing quote. */
  { "lone-high-surrogate", "[\"\\ud800x\"]", "bad escape" },
  { "lone-high-surrogate-at-end", "[\"\\ud800\",\"y\"]", "bad escape" },
  { "lone-low-surrogate", "[\"\\udc00x\"]", "bad escape" },
  { "reversed-surrogates", "[\"\\udc00\\ud800x\"]", "bad escape" },
  { "high-surrogate-then-bmp", "[\"\\ud800\\u0041\"]", "bad escape" },
  { "short-unicode-escape", "[\"\\u12G4\"]", "bad escape" },
  { "truncated-unicode-escape", "[\"\\u12", "bad escape" },
  { "backslash-at-end", "[\"abc\\", "bad escape" },
  /* regress-octal-escape: \345 is taken as the byte 0xE5. */
  { "octal-escape", "[\"caf\\351\"]", "bad escape" },
  { "octal-escape-in-id", "{\"message_ids\":[\"1402937465012\\345610\"]}", "bad escape" },
  { "nul-escape-digit", "[\"\\0\"]", "bad escape" },
  { "unknown-escape", "[\"\\q\"]", "bad escape" },
  /* json-glib's extras, which could hide structure from the scan. */
  { "single-quotes", "{'type':'messages'}", "not plain JSON" },
  { "comment", "{\"type\":\"messages\",/* \" */\"data\":{}}", "not plain JSON" },
  { "line-comment", "{\"a\":1 // x\n}", "not plain JSON" },
  { "hex-number", "[0x7e2d1f0000000001]", "not plain JSON" },
  { "bare-word", "[undefined]", "not plain JSON" },
  /* Accepted: the largest integers, doubles (which cannot wrap), valid escapes. */
  { "int64-max", "[9223372036854775807]", NULL },
  { "int64-min-plus-1", "[-9223372036854775807]", NULL },
  { "leading-zeros", "[000000000000000000000000000009223372036854775807]", NULL },
  { "double-2p63", "[9223372036854775808.0,-9223372036854775808.0]", NULL },
  { "double-beyond-range", "[1e400,-1e400,18446744073709551617e0]", NULL },
  { "surrogate-pair", "[\"\\ud83d\\ude00\"]", NULL },
  { "simple-escapes", "[\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9\"]", NULL },
  { "nul-unicode-escape", "[\"a\\u0000b\"]", NULL },
  { "escaped-backslash-then-digits", "[\"\\\\345\"]", NULL },
  { "brackets-in-string", "[\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"]",
    NULL },
  { "literals", "{\"a\":true,\"b\":false,\"c\":null,\"d\":-1.5E+3}", NULL },
  { "empty", "", NULL },
};

static void
test_check_case (gconstpointer data)
{
  const CheckCase *c = data;
  g_autoptr(GError) error = NULL;
  gboolean ok = rumble_json_check_text (c->json, strlen (c->json), &error);

  if (c->error == NULL)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      return;
    }
  g_assert_false (ok);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, c->error));
}

/* The length is what is scanned, not the C string: a NUL outside a string is refused. */
static void
test_check_embedded_nul (void)
{
  static const char json[] = "[1,\0 2]";
  g_autoptr(GError) error = NULL;

  g_assert_false (rumble_json_check_text (json, sizeof json - 1, &error));
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL);
  g_assert_true (rumble_json_check_text (json, 3, NULL));
}

/* regress-deep-nesting: json-glib recurses once per level. */
static void
test_check_depth (void)
{
  g_autofree char *open = g_strnfill (RUMBLE_JSON_MAX_DEPTH, '[');
  g_autofree char *close = g_strnfill (RUMBLE_JSON_MAX_DEPTH, ']');
  g_autofree char *deepest = g_strconcat (open, close, NULL);
  g_autofree char *too_deep = g_strconcat ("{\"a\":", open, close, "}", NULL);
  g_autofree char *unclosed = g_strnfill (100000, '[');
  g_autoptr(GError) error = NULL;

  g_assert_true (rumble_json_check_text (deepest, strlen (deepest), NULL));
  g_assert_false (rumble_json_check_text (too_deep, strlen (too_deep), &error));
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "nested deeper"));
  g_clear_error (&error);
  g_assert_false (rumble_json_check_text (unclosed, strlen (unclosed), &error));
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL);
}

static char *
build_values (gsize n)
{
  GString *json = g_string_new ("[");

  for (gsize i = 0; i < n; i++)
    g_string_append (json, i == 0 ? "0" : ",0");
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

static void
test_check_values (void)
{
  g_autofree char *most = build_values (RUMBLE_JSON_MAX_VALUES);
  g_autofree char *too_many = build_values (RUMBLE_JSON_MAX_VALUES + 1);
  g_autoptr(GError) error = NULL;

  g_assert_true (rumble_json_check_text (most, strlen (most), NULL));
  g_assert_false (rumble_json_check_text (too_many, strlen (too_many), &error));
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "more than"));
}

/* regress-nul-and-bidi: json-glib hands strings out as C strings, so \u0000 would cut them. */
static void
test_replace_nul_escapes (void)
{
  static const char nul[] = "[\"admin\\u0000xyz\",\"\\u0000\"]";
  static const char escaped[] = "[\"a\\\\u0000b\"]";
  g_autofree char *replaced = rumble_json_replace_nul_escapes (nul, strlen (nul));

  g_assert_cmpstr (replaced, ==, "[\"admin\\ufffdxyz\",\"\\ufffd\"]");
  g_assert_null (rumble_json_replace_nul_escapes (escaped, strlen (escaped)));
  g_assert_null (rumble_json_replace_nul_escapes ("[\"\\u00001\"", 4));
}

typedef struct {
  const char *name;
  const char *text;
  gboolean    ok;
  gint64      unix_time;
} TimestampCase;

static const TimestampCase timestamp_cases[] = {
  { "rumble-shape", "2026-04-20T18:03:12+00:00", TRUE, 1776708192 },
  { "offset-without-colon", "2026-04-20T18:03:12+0000", TRUE, 1776708192 },
  { "zulu", "2026-04-20T18:03:12Z", TRUE, 1776708192 },
  { "no-zone", "2026-04-20T18:03:12", TRUE, 1776708192 },
  { "space-separator", "2026-04-20 18:03:12+00:00", TRUE, 1776708192 },
  { "fraction", "2026-04-20T18:03:12.123456+00:00", TRUE, 1776708192 },
  { "positive-offset", "2026-04-20T23:33:12+05:30", TRUE, 1776708192 },
  { "negative-offset", "2026-04-20T13:03:12-05:00", TRUE, 1776708192 },
  { "epoch", "1970-01-01T00:00:00Z", TRUE, 0 },
  { "before-epoch", "1969-12-31T23:59:59Z", TRUE, -1 },
  { "leap-second", "2016-12-31T23:59:60Z", TRUE, 1483228800 },
  /* regress-insane-numbers: parsed here, refused by the message's RUMBLE_TIME_MAX. */
  { "year-9999", "9999-12-31T23:59:59+00:00", TRUE, G_GINT64_CONSTANT (253402300799) },
  { "null", NULL, FALSE, 0 },
  { "empty", "", FALSE, 0 },
  { "date-only", "2026-04-20", FALSE, 0 },
  { "unix-number", "1776708192", FALSE, 0 },
  { "month-0", "2026-00-20T18:03:12Z", FALSE, 0 },
  { "month-13", "2026-13-20T18:03:12Z", FALSE, 0 },
  { "day-0", "2026-04-00T18:03:12Z", FALSE, 0 },
  { "day-32", "2026-04-32T18:03:12Z", FALSE, 0 },
  { "hour-24", "2026-04-20T24:03:12Z", FALSE, 0 },
  { "minute-60", "2026-04-20T18:60:12Z", FALSE, 0 },
  { "second-61", "2026-04-20T18:03:61Z", FALSE, 0 },
  { "letter-in-year", "2O26-04-20T18:03:12Z", FALSE, 0 },
  { "sign-in-day", "2026-04-+1T18:03:12Z", FALSE, 0 },
  { "offset-hour-24", "2026-04-20T18:03:12+24:00", FALSE, 0 },
  { "offset-minute-60", "2026-04-20T18:03:12+00:60", FALSE, 0 },
  { "offset-short", "2026-04-20T18:03:12+00:0", FALSE, 0 },
  { "offset-letters", "2026-04-20T18:03:12+ab:cd", FALSE, 0 },
  { "trailing-after-zulu", "2026-04-20T18:03:12Zx", FALSE, 0 },
  { "trailing-garbage", "2026-04-20T18:03:12 UTC", FALSE, 0 },
};

static void
test_timestamp_case (gconstpointer data)
{
  const TimestampCase *c = data;
  gint64 unix_time = -42;

  g_assert_cmpint (rumble_parse_timestamp (c->text, &unix_time), ==, c->ok);
  g_assert_cmpint (unix_time, ==, c->ok ? c->unix_time : -42);
}

/* ---- rumble_json_parse: the same tree as json-glib, or NULL ---------------------------- */

/* Strict: same kinds, same value types (an integer is not a double), members in order. */
static void
assert_same_tree (JsonNode *a,
                  JsonNode *b)
{
  g_assert_cmpint (json_node_get_node_type (a), ==, json_node_get_node_type (b));
  switch (json_node_get_node_type (a))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *oa = json_node_get_object (a), *ob = json_node_get_object (b);
        g_autoptr(GList) ma = json_object_get_members (oa);
        g_autoptr(GList) mb = json_object_get_members (ob);

        g_assert_cmpuint (g_list_length (ma), ==, g_list_length (mb));
        for (GList *la = ma, *lb = mb; la != NULL; la = la->next, lb = lb->next)
          {
            g_assert_cmpstr (la->data, ==, lb->data);
            assert_same_tree (json_object_get_member (oa, la->data),
                              json_object_get_member (ob, lb->data));
          }
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *aa = json_node_get_array (a), *ab = json_node_get_array (b);

        g_assert_cmpuint (json_array_get_length (aa), ==, json_array_get_length (ab));
        for (guint i = 0; i < json_array_get_length (aa); i++)
          assert_same_tree (json_array_get_element (aa, i), json_array_get_element (ab, i));
      }
      break;
    case JSON_NODE_VALUE:
      g_assert_true (json_node_get_value_type (a) == json_node_get_value_type (b));
      if (json_node_get_value_type (a) == G_TYPE_STRING)
        g_assert_cmpstr (json_node_get_string (a), ==, json_node_get_string (b));
      else if (json_node_get_value_type (a) == G_TYPE_INT64)
        g_assert_cmpint (json_node_get_int (a), ==, json_node_get_int (b));
      else if (json_node_get_value_type (a) == G_TYPE_DOUBLE)
        g_assert_cmpfloat (json_node_get_double (a), ==, json_node_get_double (b));
      else
        g_assert_cmpint (json_node_get_boolean (a), ==, json_node_get_boolean (b));
      break;
    case JSON_NODE_NULL:
      break;
    }
}

static const char * const parse_same_cases[] = {
  "{\"type\":\"messages\",\"data\":{\"messages\":[{\"id\":\"1500000000000000001\","
  "\"time\":\"2026-04-20T18:03:12+00:00\",\"user_id\":\"70000001\",\"text\":\"café 🔥 @x\","
  "\"blocks\":[{\"type\":\"text.1\",\"data\":{\"text\":\"café\"}}],\"type\":\"rant\","
  "\"rant\":{\"price_cents\":500,\"duration\":120}}],\"users\":[{\"id\":\"70000001\","
  "\"username\":\"AmberFox1\",\"is_follower\":true,\"color\":\"#a1b2c3\",\"image.1\":null,"
  "\"badges\":[\"premium\"]}],\"channels\":[[]]}}",
  " \t\r\n{ \"a\" : [ 1 , -2 , 0 , -0 , 3.5 , -0.25 , 1e3 , 2E-2 , 1.5e+2 ] } \n",
  "[9223372036854775807,-9223372036854775807,9223372036854775808.0,1e400,-1e400,1e-400]",
  "[0.1,0.30000000000000004,123456789012345678e-5,5e-324]",
  "[\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\u20AC \\ud83d\\ude00 \\u001f\"]",
  "[\"\xc2\x85 \xe2\x80\xae raw C1 and bidi\",\"\x7f\"]",
  "{\"a\":1,\"b\":2,\"a\":3}",
  "{\"\":1}",
  "[true,false,null,[],{},[[]],{\"x\":{}}]",
  "\"top-level string\"",
  "42",
  ("{\"a very long member name that does not fit in the small buffer of the reader at all\":"
   "{\"another very long member name that does not fit in the small buffer either, no\":7}}"),
};

static void
test_parse_same (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (parse_same_cases); i++)
    {
      const char *json = parse_same_cases[i];
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(JsonNode) root = NULL;

      g_test_message ("%s", json);
      g_assert_true (rumble_json_check_text (json, strlen (json), NULL));
      g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
      root = rumble_json_parse (json, strlen (json));
      g_assert_nonnull (root);
      assert_same_tree (root, json_parser_get_root (parser));
    }
}

static void
test_parse_nul_escape (void)
{
  const char json[] = "[\"a\\u0000b\"]";
  g_autoptr(JsonNode) root = rumble_json_parse (json, strlen (json));

  g_assert_nonnull (root);
  g_assert_cmpstr (json_array_get_string_element (json_node_get_array (root), 0), ==,
                   "a\xef\xbf\xbd" "b");
}

/* What the fast reader leaves to json-glib: not plain standard JSON, or not valid UTF-8. */
static const char * const parse_refused_cases[] = {
  "",
  "   ",
  "[007]",
  "[-01]",
  "[1.]",
  "[.5]",
  "[1e]",
  "[-]",
  "[1,]",
  "{\"a\":1,}",
  "{\"a\" 1}",
  "{a:1}",
  "[1] [2]",
  "[1",
  "{\"a\":1",
  "[\"unterminated]",
  "[\"raw\ttab\"]",
  "[\"raw\nline\"]",
  "[\"\xff\xfe\"]",
  "[\"\xc3\"]",
  "[tru]",
  "[nul]",
  "[True]",
  "[\"\\ud800\"]",
};

static void
test_parse_refused (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (parse_refused_cases); i++)
    {
      const char *json = parse_refused_cases[i];
      g_autoptr(JsonNode) root = rumble_json_parse (json, strlen (json));

      g_test_message ("%s", json);
      g_assert_null (root);
    }
}

static void
test_parse_depth (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(JsonNode) ok = NULL;
  g_autoptr(JsonNode) too_deep = NULL;

  for (guint i = 0; i < RUMBLE_JSON_MAX_DEPTH; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < RUMBLE_JSON_MAX_DEPTH; i++)
    g_string_append_c (deep, ']');
  ok = rumble_json_parse (deep->str, deep->len);
  g_assert_nonnull (ok);

  g_string_prepend_c (deep, '[');
  g_string_append_c (deep, ']');
  too_deep = rumble_json_parse (deep->str, deep->len);
  g_assert_null (too_deep);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (check_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rumble/json/check-text/%s/%s",
                                               check_cases[i].error != NULL ? "reject" : "accept",
                                               check_cases[i].name);

      g_test_add_data_func (path, &check_cases[i], test_check_case);
    }
  g_test_add_func ("/rumble/json/check-text/reject/embedded-nul", test_check_embedded_nul);
  g_test_add_func ("/rumble/json/check-text/depth", test_check_depth);
  g_test_add_func ("/rumble/json/check-text/values", test_check_values);
  g_test_add_func ("/rumble/json/replace-nul-escapes", test_replace_nul_escapes);
  g_test_add_func ("/rumble/json/parse/same-as-json-glib", test_parse_same);
  g_test_add_func ("/rumble/json/parse/nul-escape", test_parse_nul_escape);
  g_test_add_func ("/rumble/json/parse/refused", test_parse_refused);
  g_test_add_func ("/rumble/json/parse/depth", test_parse_depth);

  for (gsize i = 0; i < G_N_ELEMENTS (timestamp_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rumble/json/timestamp/%s/%s",
                                               timestamp_cases[i].ok ? "accept" : "reject",
                                               timestamp_cases[i].name);

      g_test_add_data_func (path, &timestamp_cases[i], test_timestamp_case);
    }

  return g_test_run ();
}
