/* fuzz-sse.c — libFuzzer harness for RumbleSseParser
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: 2 bytes of knobs, then the stream. Byte 0 picks a chunk size (1–64) and byte 1 a
 * maximum event size (0: the default 8 MiB, else 8–2040 bytes so that dropping happens).
 * The stream is parsed three ways — in one piece, split once at a data-derived point, and in
 * chunks — and every way must deliver exactly the same events: how bytes arrive from the
 * network must never change what they mean.
 */
#define G_LOG_DOMAIN "fuzz"

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "rumble-sse-parser.h"

typedef struct {
  GString *log;
  guint    n_events;
} Record;

static void
on_event (const char *event_type,
          const char *data,
          gsize       data_len,
          const char *last_event_id,
          gpointer    user_data)
{
  Record *record = user_data;

  /* The documented contract of the callback. */
  g_assert (event_type != NULL);
  g_assert (data != NULL && data_len > 0);
  g_assert (data[data_len] == '\0');
  g_assert (last_event_id == NULL || last_event_id[0] != '\0');

  record->n_events++;
  g_string_append_printf (record->log, "%s\x1f%s\x1f%" G_GSIZE_FORMAT "\x1f",
                          event_type, last_event_id != NULL ? last_event_id : "-", data_len);
  g_string_append_len (record->log, data, data_len);
  g_string_append_c (record->log, '\x1e');
}

/* Feeds @stream in pieces of @chunk bytes (0: whole), with one cut at @split first
 * (when non-zero), and returns the record of what came out plus the parser's state. */
static GBytes *
parse (const char *stream,
       gsize       len,
       gsize       max_event_size,
       gsize       split,
       gsize       chunk)
{
  Record record = { g_string_new (NULL), 0 };
  RumbleSseParser *parser = rumble_sse_parser_new (on_event, &record);
  gsize pos = 0;

  if (max_event_size > 0)
    rumble_sse_parser_set_max_event_size (parser, max_event_size);

  if (split > 0 && split < len)
    {
      rumble_sse_parser_feed (parser, stream, split);
      pos = split;
    }
  while (pos < len)
    {
      gsize n = chunk > 0 ? MIN (chunk, len - pos) : len - pos;

      rumble_sse_parser_feed (parser, stream + pos, n);
      pos += n;
    }

  g_string_append_printf (record.log, "|dropped=%u|retry=%" G_GINT64_FORMAT "|id=%s",
                          rumble_sse_parser_get_n_dropped (parser),
                          rumble_sse_parser_get_retry (parser),
                          rumble_sse_parser_get_last_event_id (parser) != NULL ?
                            rumble_sse_parser_get_last_event_id (parser) : "-");

  /* After a reset, the parser is in step again whatever it was in the middle of. */
  {
    guint before = record.n_events;
    g_autoptr(GString) tail = g_string_new (NULL);

    rumble_sse_parser_reset (parser);
    rumble_sse_parser_set_max_event_size (parser, RUMBLE_SSE_MAX_EVENT_SIZE_DEFAULT);
    rumble_sse_parser_feed (parser, "data: after-reset\n\n", 19);
    g_assert_cmpuint (record.n_events, ==, before + 1);
    g_string_append (tail, "after-reset\x1e");
    g_assert_cmpuint (record.log->len, >=, tail->len);
    g_assert_true (memcmp (record.log->str + record.log->len - tail->len, tail->str, tail->len) == 0);
  }

  rumble_sse_parser_free (parser);
  return g_string_free_to_bytes (record.log);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  guint chunk = (guint) fuzz_take_uint (&data, &size, 1) % 64 + 1;
  guint max_knob = (guint) fuzz_take_uint (&data, &size, 1);
  gsize max_event_size = max_knob == 0 ? 0 : (gsize) max_knob * 8;
  const char *stream = (const char *) data;
  gsize split;
  g_autoptr(GBytes) whole = NULL;
  g_autoptr(GBytes) halves = NULL;
  g_autoptr(GBytes) chunked = NULL;
  guint hash = 5381;

  /* A cut derived from the data itself, so it moves as the input mutates. */
  for (gsize i = 0; i < MIN (size, 16); i++)
    hash = hash * 33 + data[i];
  split = size > 0 ? hash % size : 0;

  whole = parse (stream, size, max_event_size, 0, 0);
  halves = parse (stream, size, max_event_size, split, 0);
  chunked = parse (stream, size, max_event_size, 0, chunk);

  g_assert_true (g_bytes_equal (whole, halves));
  g_assert_true (g_bytes_equal (whole, chunked));
  return 0;
}
