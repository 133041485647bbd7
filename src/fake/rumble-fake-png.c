/* rumble-fake-png.c — a tiny PNG encoder for the fake server's badges and emotes
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stored (uncompressed) deflate blocks: enough for small round icons.
 */
#define G_LOG_DOMAIN "rumble-fake"

#include "config.h"

#include <string.h>

#include "rumble-fake-private.h"

static guint32
crc32_update (guint32       crc,
              const guint8 *data,
              gsize         len)
{
  crc = ~crc;
  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
  return ~crc;
}

static void
put_be32 (GByteArray *out,
          guint32     v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };

  g_byte_array_append (out, b, 4);
}

static void
png_chunk (GByteArray   *out,
           const char   *type,
           const guint8 *data,
           guint32       len)
{
  guint32 crc;

  put_be32 (out, len);
  g_byte_array_append (out, (const guint8 *) type, 4);
  g_byte_array_append (out, data, len);
  crc = crc32_update (0, (const guint8 *) type, 4);
  crc = crc32_update (crc, data, len);
  put_be32 (out, crc);
}

/* A filled circle with a darker rim on transparent ground. */
GBytes *
rumble_fake_png_new (guint    size,
                     guint32  rgb,
                     gboolean face)
{
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  g_autoptr(GByteArray) z = g_byte_array_new ();
  GByteArray *out = g_byte_array_new ();
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint8 ihdr[13] = { 0 };
  double c = (size - 1) / 2.0;
  double r = size / 2.0 - 1;
  guint32 s1 = 1, s2 = 0;

  for (guint y = 0; y < size; y++)
    {
      guint8 filter = 0;

      g_byte_array_append (raw, &filter, 1);
      for (guint x = 0; x < size; x++)
        {
          double d2 = (x - c) * (x - c) + (y - c) * (y - c);
          gboolean rim = d2 > (r - size / 12.0) * (r - size / 12.0);
          guint8 px[4] = { rgb >> 16, rgb >> 8, rgb, 255 };

          double dx = x - c, dy = y - c;
          /* A face for emotes: two eyes and a smile, in a darker shade. */
          gboolean feature = face &&
            (((dx + r / 2.8) * (dx + r / 2.8) + (dy + r / 4) * (dy + r / 4) < r * r / 40) ||
             ((dx - r / 2.8) * (dx - r / 2.8) + (dy + r / 4) * (dy + r / 4) < r * r / 40) ||
             (dy > r / 8 && d2 > r * r * 0.2 && d2 < r * r * 0.36));

          if (d2 > r * r)
            memset (px, 0, sizeof px);
          else if (feature)
            for (int k = 0; k < 3; k++)
              px[k] = px[k] / 4;
          else if (rim)
            for (int k = 0; k < 3; k++)
              px[k] = px[k] * 3 / 4;
          g_byte_array_append (raw, px, 4);
        }
    }

  /* zlib stream: header, stored blocks of at most 65535 bytes, Adler-32. */
  g_byte_array_append (z, (const guint8 *) "\x78\x01", 2);
  for (guint off = 0; off < raw->len || off == 0;)
    {
      guint len = MIN (raw->len - off, 65535u);
      guint8 hdr[5] = { off + len >= raw->len, len, len >> 8, ~len, (~len) >> 8 };

      g_byte_array_append (z, hdr, 5);
      g_byte_array_append (z, raw->data + off, len);
      off += len;
      if (len == 0)
        break;
    }
  for (guint i = 0; i < raw->len; i++)
    {
      s1 = (s1 + raw->data[i]) % 65521;
      s2 = (s2 + s1) % 65521;
    }
  put_be32 (z, (s2 << 16) | s1);

  ihdr[0] = size >> 24; ihdr[1] = size >> 16; ihdr[2] = size >> 8; ihdr[3] = size;
  ihdr[4] = size >> 24; ihdr[5] = size >> 16; ihdr[6] = size >> 8; ihdr[7] = size;
  ihdr[8] = 8;   /* bit depth */
  ihdr[9] = 6;   /* RGBA */

  g_byte_array_append (out, signature, sizeof signature);
  png_chunk (out, "IHDR", ihdr, sizeof ihdr);
  png_chunk (out, "IDAT", z->data, z->len);
  png_chunk (out, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (out);
}

GBytes *
rumble_fake_png_new_emote (guint32 rgb)
{
  return rumble_fake_png_new (48, rgb, TRUE);
}
