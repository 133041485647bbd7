/* rumble-password.c — Rumble's login password hashing and the chat request id
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rumble"

#include "config.h"

#include <string.h>
#include <sys/random.h>

#include "rumble-password.h"
#include "rumble-session-store.h"

/* Hex characters of an MD5 digest. */
#define MD5_HEX_LEN 32

/* MD5 of @a + @b as MD5_HEX_LEN lowercase hex characters, written into @out (with a NUL). */
static void
md5_hex_concat (const char *a,
                gsize       a_len,
                const char *b,
                gsize       b_len,
                char        out[MD5_HEX_LEN + 1])
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_MD5);

  g_checksum_update (checksum, (const guchar *) a, a_len);
  g_checksum_update (checksum, (const guchar *) b, b_len);
  /* g_checksum_get_string() is lowercase hex already. */
  memcpy (out, g_checksum_get_string (checksum), MD5_HEX_LEN);
  out[MD5_HEX_LEN] = '\0';
}

char *
rumble_password_stretch (const char *password,
                         const char *salt,
                         guint       rounds)
{
  gsize password_len;
  char h[MD5_HEX_LEN + 1];

  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (salt != NULL, NULL);

  password_len = strlen (password);
  md5_hex_concat (salt, strlen (salt), password, password_len, h);
  for (guint i = 0; i < rounds; i++)
    {
      char next[MD5_HEX_LEN + 1];

      /* The hex text of the digest is chained, not its 16 raw bytes. */
      md5_hex_concat (h, MD5_HEX_LEN, password, password_len, next);
      memcpy (h, next, sizeof h);
    }

  return g_strdup (h);
}

char *
rumble_password_hash (const char        *password,
                      const char * const salts[3])
{
  g_autofree char *stretched0 = NULL;
  g_autofree char *h2 = NULL;
  char h1[MD5_HEX_LEN + 1];
  char *ret;

  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (salts != NULL, NULL);
  g_return_val_if_fail (salts[0] != NULL && salts[1] != NULL && salts[2] != NULL, NULL);

  stretched0 = rumble_password_stretch (password, salts[0], RUMBLE_PASSWORD_ROUNDS);
  md5_hex_concat (stretched0, MD5_HEX_LEN, salts[1], strlen (salts[1]), h1);
  h2 = rumble_password_stretch (password, salts[2], RUMBLE_PASSWORD_ROUNDS);

  ret = g_strconcat (h1, ",", h2, ",", salts[1], NULL);
  /* Intermediate digests are password equivalents: do not leave them around. */
  rumble_secret_clear (&stretched0);
  rumble_secret_wipe (h1, sizeof h1);
  rumble_secret_clear (&h2);
  return ret;
}

static void
fill_random (guint8 *buffer,
             gsize   len)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = getrandom (buffer + done, len - done, 0);

      if (n <= 0)
        break;
      done += (gsize) n;
    }

  /* getrandom() cannot fail on Linux ≥ 3.17 with a small buffer; keep ids unique anyway. */
  for (; done < len; done++)
    buffer[done] = (guint8) g_random_int_range (0, 256);
}

char *
rumble_request_id_new (void)
{
  guint8 bytes[32];
  g_autofree char *encoded = NULL;

  fill_random (bytes, sizeof bytes);
  /* Two version 4 UUIDs (RFC 4122 version and variant bits), like the reference client. */
  for (guint i = 0; i < 2; i++)
    {
      guint8 *uuid = bytes + 16 * i;

      uuid[6] = (uuid[6] & 0x0f) | 0x40;
      uuid[8] = (uuid[8] & 0x3f) | 0x80;
    }

  encoded = g_base64_encode (bytes, sizeof bytes);
  g_assert (strlen (encoded) == RUMBLE_REQUEST_ID_LENGTH + 1);
  encoded[RUMBLE_REQUEST_ID_LENGTH] = '\0';
  return g_steal_pointer (&encoded);
}
