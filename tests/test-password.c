/* test-password.c — the login hashing of PROTOCOL.md §2.3 and the request id of §1.4
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rumble-fake-private.h"
#include "rumble-password.h"

static const char * const vector_salts[3] = { "a1b2c3d4", "e5f6g7h8", "i9j0k1l2" };

/* Both rows of the table in PROTOCOL.md §2.3. */
static void
test_vectors (void)
{
  g_autofree char *ascii = rumble_password_hash ("hunter2", vector_salts);
  g_autofree char *utf8 = rumble_password_hash ("p\xc3\xa4ssw\xc3\xb6rd\xe2\x9c\x93", vector_salts);

  g_assert_cmpstr (ascii, ==,
                   "69e43d6252a5ac8b87fb6c0c9fee862d,02fe747aa22aaf14fcfe35f1cfb5d0fa,e5f6g7h8");
  g_assert_cmpstr (utf8, ==,
                   "10592e0e1ed3793477d88cc77a18955b,f728da391230cfbf35547fe51b0b64e9,e5f6g7h8");
}

/* Zero rounds is one MD5 of salt + password; each round chains the hex text. */
static void
test_stretch_steps (void)
{
  g_autofree char *zero = rumble_password_stretch ("hunter2", "a1b2c3d4", 0);
  g_autofree char *one = rumble_password_stretch ("hunter2", "a1b2c3d4", 1);
  g_autofree char *expected_zero = g_compute_checksum_for_string (G_CHECKSUM_MD5, "a1b2c3d4hunter2", -1);
  g_autofree char *chained = g_strconcat (expected_zero, "hunter2", NULL);
  g_autofree char *expected_one = g_compute_checksum_for_string (G_CHECKSUM_MD5, chained, -1);
  g_autofree char *full = rumble_password_stretch ("hunter2", "i9j0k1l2", RUMBLE_PASSWORD_ROUNDS);

  g_assert_cmpstr (zero, ==, expected_zero);
  g_assert_cmpstr (one, ==, expected_one);
  /* H2 of the first vector is the 128-round stretch with the third salt. */
  g_assert_cmpstr (full, ==, "02fe747aa22aaf14fcfe35f1cfb5d0fa");
}

/* The fake server hashes independently; both must agree on arbitrary input. */
static void
test_agrees_with_fake (void)
{
  GRand *rand = g_rand_new_with_seed (4242);

  for (guint i = 0; i < 50; i++)
    {
      char password[33];
      char s0[9], s1[9], s2[9];
      const char *salts[3] = { s0, s1, s2 };
      g_autofree char *ours = NULL;
      g_autofree char *theirs = NULL;
      guint len = g_rand_int_range (rand, 1, 32);

      for (guint j = 0; j < len; j++)
        password[j] = (char) g_rand_int_range (rand, 0x21, 0x7f);
      password[len] = '\0';
      for (guint j = 0; j < 8; j++)
        {
          s0[j] = "0123456789abcdef"[g_rand_int_range (rand, 0, 16)];
          s1[j] = "0123456789abcdef"[g_rand_int_range (rand, 0, 16)];
          s2[j] = "0123456789abcdef"[g_rand_int_range (rand, 0, 16)];
        }
      s0[8] = s1[8] = s2[8] = '\0';

      ours = rumble_password_hash (password, salts);
      theirs = rumble_fake_service_compute_hashes (password, s0, s1, s2);
      g_assert_cmpstr (ours, ==, theirs);
    }

  g_rand_free (rand);
}

static void
test_request_id_shape (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *id = rumble_request_id_new ();
      g_autofree char *padded = NULL;
      g_autofree guchar *bytes = NULL;
      gsize n_bytes = 0;

      g_assert_cmpuint (strlen (id), ==, 43);
      for (const char *p = id; *p != '\0'; p++)
        g_assert_true (g_ascii_isalnum (*p) || *p == '+' || *p == '/');

      /* Standard base64 of 32 bytes: two version 4 UUIDs. */
      padded = g_strconcat (id, "=", NULL);
      bytes = g_base64_decode (padded, &n_bytes);
      g_assert_cmpuint (n_bytes, ==, 32);
      g_assert_cmpuint (bytes[6] >> 4, ==, 4);
      g_assert_cmpuint (bytes[22] >> 4, ==, 4);
      g_assert_cmpuint (bytes[8] & 0xc0, ==, 0x80);
      g_assert_cmpuint (bytes[24] & 0xc0, ==, 0x80);

      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, g_steal_pointer (&id));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rumble/password/vectors", test_vectors);
  g_test_add_func ("/rumble/password/stretch-steps", test_stretch_steps);
  g_test_add_func ("/rumble/password/agrees-with-fake", test_agrees_with_fake);
  g_test_add_func ("/rumble/password/request-id-shape", test_request_id_shape);

  return g_test_run ();
}
