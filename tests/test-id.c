/* test-id.c — base 10 / base 36 id helpers
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rumble-id.h"

typedef struct {
  guint64     value;
  const char *b10;
  const char *b36;
} IdVector;

/* PROTOCOL.md §1.2, plus the edges of the 64-bit range. */
static const IdVector vectors[] = {
  { 0, "0", "0" },
  { 35, "35", "z" },
  { 36, "36", "10" },
  { 87654321, "87654321", "1g6qi9" },
  { 298765432, "298765432", "4xvkvs" },
  { G_GUINT64_CONSTANT (9007199254740993), "9007199254740993", "2gosa7pa2gx" },  /* 2^53 + 1 */
  { G_GUINT64_CONSTANT (1400000000000000123), "1400000000000000123", "amwykx736f0b" },
  { G_GUINT64_CONSTANT (1402937465012345610), "1402937465012345610", "anpvtpzsfgui" },
  { G_MAXUINT64, "18446744073709551615", "3w5e11264sgsf" },
};

static void
test_vectors (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      const IdVector *v = &vectors[i];
      g_autofree char *b10 = rumble_id_to_b10 (v->value);
      g_autofree char *b36 = rumble_id_to_b36 (v->value);
      g_autofree char *b36_from_b10 = rumble_id_b10_to_b36 (v->b10);
      g_autofree char *b10_from_b36 = rumble_id_b36_to_b10 (v->b36);
      guint64 parsed = 1;

      g_assert_cmpstr (b10, ==, v->b10);
      g_assert_cmpstr (b36, ==, v->b36);
      g_assert_cmpstr (b36_from_b10, ==, v->b36);
      g_assert_cmpstr (b10_from_b36, ==, v->b10);

      g_assert_true (rumble_id_parse_b10 (v->b10, &parsed));
      g_assert_cmpuint (parsed, ==, v->value);
      parsed = 1;
      g_assert_true (rumble_id_parse_b36 (v->b36, &parsed));
      g_assert_cmpuint (parsed, ==, v->value);
      g_assert_true (rumble_id_is_b10 (v->b10));
    }
}

/* Every value round-trips, including ones that a double would round. */
static void
test_round_trip (void)
{
  for (guint i = 0; i < 20000; i++)
    {
      guint64 value = ((guint64) g_test_rand_int () << 32) | (guint32) g_test_rand_int ();
      g_autofree char *b10 = NULL;
      g_autofree char *b36 = NULL;
      guint64 back = 0;

      value >>= g_test_rand_int_range (0, 64);
      b10 = rumble_id_to_b10 (value);
      b36 = rumble_id_to_b36 (value);
      g_assert_true (rumble_id_parse_b10 (b10, &back));
      g_assert_cmpuint (back, ==, value);
      back = 0;
      g_assert_true (rumble_id_parse_b36 (b36, &back));
      g_assert_cmpuint (back, ==, value);
    }
}

static void
test_case_and_space (void)
{
  guint64 value = 0;

  g_assert_true (rumble_id_parse_b36 ("4XVKVS", &value));
  g_assert_cmpuint (value, ==, 298765432);
  value = 0;
  g_assert_true (rumble_id_parse_b36 ("  4xVkVs\t\n", &value));
  g_assert_cmpuint (value, ==, 298765432);
  value = 0;
  g_assert_true (rumble_id_parse_b10 (" 298765432 ", &value));
  g_assert_cmpuint (value, ==, 298765432);
  value = 0;
  /* Non-canonical but unambiguous: accepted by the parser, refused by is_b10. */
  g_assert_true (rumble_id_parse_b10 ("007", &value));
  g_assert_cmpuint (value, ==, 7);
  g_assert_false (rumble_id_is_b10 ("007"));
  g_assert_false (rumble_id_is_b10 (" 7"));
}

static void
test_overflow (void)
{
  guint64 value = 42;

  g_assert_false (rumble_id_parse_b10 ("18446744073709551616", &value));
  g_assert_false (rumble_id_parse_b10 ("99999999999999999999", &value));
  g_assert_false (rumble_id_parse_b10 ("184467440737095516150", &value));
  g_assert_false (rumble_id_parse_b36 ("3w5e11264sgsg", &value));
  g_assert_false (rumble_id_parse_b36 ("zzzzzzzzzzzzz", &value));
  g_assert_false (rumble_id_parse_b36 ("10000000000000", &value));
  g_assert_cmpuint (value, ==, 42);   /* untouched on failure */

  g_assert_false (rumble_id_is_b10 ("18446744073709551616"));
  g_assert_false (rumble_id_is_b10 ("100000000000000000000"));
  g_assert_true (rumble_id_is_b10 ("9999999999999999999"));

  g_assert_null (rumble_id_b10_to_b36 ("18446744073709551616"));
  g_assert_null (rumble_id_b36_to_b10 ("3w5e11264sgsg"));
}

static void
test_garbage (void)
{
  static const char *const bad[] = {
    "", " ", "\t\n", "-1", "+1", "1 2", "12a", "0x10", "1_000", "1.5", "１２",
    "4xvkvs!", "4xv kvs", "\xc3\xa9",
  };
  guint64 value = 42;

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("input %zu: '%s'", i, bad[i]);
      g_assert_false (rumble_id_parse_b10 (bad[i], &value));
      if (i != 6 && i != 7)   /* "12a" and "0x10" are valid base 36 */
        g_assert_false (rumble_id_parse_b36 (bad[i], &value));
      g_assert_false (rumble_id_is_b10 (bad[i]));
    }
  g_assert_cmpuint (value, ==, 42);

  g_assert_false (rumble_id_parse_b10 (NULL, &value));
  g_assert_false (rumble_id_parse_b36 (NULL, &value));
  g_assert_false (rumble_id_is_b10 (NULL));
  g_assert_null (rumble_id_b10_to_b36 ("abc"));
  g_assert_null (rumble_id_b36_to_b10 (""));
  /* A NULL out pointer is allowed: a validity check only. */
  g_assert_true (rumble_id_parse_b10 ("5", NULL));
}

static void
test_zero (void)
{
  g_autofree char *b36 = rumble_id_to_b36 (0);
  g_autofree char *b10 = rumble_id_to_b10 (0);

  /* cocorum encodes 0 as "": we do not. */
  g_assert_cmpstr (b36, ==, "0");
  g_assert_cmpstr (b10, ==, "0");
  g_assert_true (rumble_id_is_b10 ("0"));
  g_assert_false (rumble_id_is_b10 ("00"));
}

static void
test_parse_any (void)
{
  guint64 value = 0;

  g_assert_true (rumble_id_parse_any ("298765432", &value));
  g_assert_cmpuint (value, ==, 298765432);
  value = 0;
  g_assert_true (rumble_id_parse_any ("4xvkvs", &value));
  g_assert_cmpuint (value, ==, 298765432);
  value = 0;
  /* "10" is ten, not thirty-six: all digits means base 10. */
  g_assert_true (rumble_id_parse_any (" 10 ", &value));
  g_assert_cmpuint (value, ==, 10);
  g_assert_false (rumble_id_parse_any ("", &value));
  g_assert_false (rumble_id_parse_any ("4xv-kvs", &value));
  g_assert_false (rumble_id_parse_any ("18446744073709551616", &value));
  g_assert_false (rumble_id_parse_any (NULL, &value));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rumble/id/vectors", test_vectors);
  g_test_add_func ("/rumble/id/round-trip", test_round_trip);
  g_test_add_func ("/rumble/id/case-and-space", test_case_and_space);
  g_test_add_func ("/rumble/id/overflow", test_overflow);
  g_test_add_func ("/rumble/id/garbage", test_garbage);
  g_test_add_func ("/rumble/id/zero", test_zero);
  g_test_add_func ("/rumble/id/parse-any", test_parse_any);

  return g_test_run ();
}
