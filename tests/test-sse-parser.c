/* test-sse-parser.c — RumbleSseParser under every chunking, line ending and malformed input
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rumble-sse-parser.h"
#include "test-util.h"

/* Every delivered event as "type|id|data" (id "-" when none). */
typedef struct {
  RumbleSseParser *parser;
  GPtrArray       *events;
  guint            reset_after;   /* reset() from the callback after this many events (0 = never) */
  gboolean         free_in_callback;
} Collector;

static void
collect (const char *event_type,
         const char *data,
         gsize       data_len,
         const char *last_event_id,
         gpointer    user_data)
{
  Collector *c = user_data;
  GString *record;

  /* The contract: NUL-terminated, correct length, never empty. */
  g_assert_nonnull (data);
  g_assert_cmpuint (data_len, >, 0);
  g_assert_cmpint (data[data_len], ==, '\0');

  record = g_string_new (NULL);
  g_string_append_printf (record, "%s|%s|", event_type, last_event_id ? last_event_id : "-");
  /* Spell out NULs so that records compare whole. */
  for (gsize i = 0; i < data_len; i++)
    {
      if (data[i] == '\0')
        g_string_append (record, "\\0");
      else
        g_string_append_c (record, data[i]);
    }
  g_ptr_array_add (c->events, g_string_free (record, FALSE));
  if (c->reset_after > 0 && c->events->len == c->reset_after)
    rumble_sse_parser_reset (c->parser);
  if (c->free_in_callback)
    {
      rumble_sse_parser_free (c->parser);
      c->parser = NULL;
    }
}

static Collector *
collector_new (void)
{
  Collector *c = g_new0 (Collector, 1);

  c->events = g_ptr_array_new_with_free_func (g_free);
  c->parser = rumble_sse_parser_new (collect, c);
  return c;
}

static void
collector_free (Collector *c)
{
  g_clear_pointer (&c->parser, rumble_sse_parser_free);
  g_ptr_array_unref (c->events);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Collector, collector_free)

static char *
collector_take (Collector *c)
{
  char *joined;

  g_ptr_array_add (c->events, NULL);
  joined = g_strjoinv ("\n~\n", (char **) c->events->pdata);
  g_ptr_array_set_size (c->events, 0);
  return joined;
}

/* Feeds @text whole and returns what was delivered. */
static char *
parse_whole (const char *text,
             gsize       len)
{
  g_autoptr(Collector) c = collector_new ();

  rumble_sse_parser_feed (c->parser, text, len);
  return collector_take (c);
}

static char *
parse_in_chunks (const char *text,
                 gsize       len,
                 gsize       max_chunk)
{
  g_autoptr(Collector) c = collector_new ();

  for (gsize pos = 0; pos < len;)
    {
      gsize n = (gsize) g_test_rand_int_range (1, max_chunk + 1);

      g_autofree char *chunk = NULL;

      n = MIN (n, len - pos);
      /* A fresh heap copy per chunk, so ASan sees any read past its end. */
      chunk = g_memdup2 (text + pos, n);

      rumble_sse_parser_feed (c->parser, chunk, n);
      pos += n;
    }
  return collector_take (c);
}

static char *
parse_str (const char *text)
{
  return parse_whole (text, strlen (text));
}

static void
assert_parses_to (const char *text,
                  const char *expected)
{
  gsize len = strlen (text);
  g_autofree char *whole = parse_whole (text, len);
  g_autofree char *bytes = parse_in_chunks (text, len, 1);

  g_assert_cmpstr (whole, ==, expected);
  g_assert_cmpstr (bytes, ==, expected);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *random = parse_in_chunks (text, len, 7);
      g_assert_cmpstr (random, ==, expected);
    }
}

/* The transcript's events, worked out independently of the parser: every event is
 * "data: JSON" followed by a blank line. */
static char *
transcript_expected (const char *transcript)
{
  g_auto(GStrv) blocks = g_strsplit (transcript, "\n\n", -1);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; blocks[i] != NULL; i++)
    {
      if (blocks[i][0] == '\0')
        continue;
      g_assert_true (g_str_has_prefix (blocks[i], "data: "));
      g_ptr_array_add (out, g_strconcat ("message|-|", blocks[i] + 6, NULL));
    }
  g_assert_cmpuint (out->len, ==, 7);
  g_ptr_array_add (out, NULL);
  return g_strjoinv ("\n~\n", (char **) out->pdata);
}

/* The transcript with its LF line endings replaced by @eol. */
static char *
transcript_with_eol (const char *transcript,
                     const char *eol)
{
  g_auto(GStrv) lines = g_strsplit (transcript, "\n", -1);

  return g_strjoinv (eol, lines);
}

static void
test_transcript_whole (void)
{
  gsize len;
  g_autofree char *transcript = test_load_fixture ("stream_transcript.txt", &len);
  g_autofree char *expected = transcript_expected (transcript);
  g_autofree char *got = parse_whole (transcript, len);

  g_assert_cmpstr (got, ==, expected);
}

static void
test_transcript_bytes (void)
{
  gsize len;
  g_autofree char *transcript = test_load_fixture ("stream_transcript.txt", &len);
  g_autofree char *expected = transcript_expected (transcript);
  g_autofree char *got = parse_in_chunks (transcript, len, 1);

  g_assert_cmpstr (got, ==, expected);
}

static void
test_transcript_random (void)
{
  gsize len;
  g_autofree char *transcript = test_load_fixture ("stream_transcript.txt", &len);
  g_autofree char *expected = transcript_expected (transcript);
  static const gsize max_chunks[] = { 2, 3, 16, 100, 1000, 5000 };

  /* g_test_rand_int() is seeded from --seed, so every run tries new splits;
   * a failure prints the seed to replay. */
  for (guint round = 0; round < 300; round++)
    {
      gsize max_chunk = max_chunks[round % G_N_ELEMENTS (max_chunks)];
      g_autofree char *got = parse_in_chunks (transcript, len, max_chunk);

      g_assert_cmpstr (got, ==, expected);
    }
}

static void
test_transcript_line_endings (void)
{
  gsize len;
  g_autofree char *transcript = test_load_fixture ("stream_transcript.txt", &len);
  g_autofree char *expected = transcript_expected (transcript);
  static const char *const eols[] = { "\r\n", "\r" };

  for (gsize i = 0; i < G_N_ELEMENTS (eols); i++)
    {
      g_autofree char *text = transcript_with_eol (transcript, eols[i]);
      gsize text_len = strlen (text);
      g_autofree char *whole = parse_whole (text, text_len);
      g_autofree char *bytes = parse_in_chunks (text, text_len, 1);

      g_assert_cmpstr (whole, ==, expected);
      g_assert_cmpstr (bytes, ==, expected);
      for (guint round = 0; round < 50; round++)
        {
          g_autofree char *got = parse_in_chunks (text, text_len, 64);
          g_assert_cmpstr (got, ==, expected);
        }
    }
}

static void
test_mixed_line_endings (void)
{
  assert_parses_to ("data: a\r\ndata: b\rdata: c\n\r\n"
                    "data: d\r\r"
                    "data: e\n\n",
                    "message|-|a\nb\nc\n~\nmessage|-|d\n~\nmessage|-|e");
}

/* CR at the end of one chunk, LF at the start of the next: one line ending, not two. */
static void
test_split_crlf (void)
{
  g_autoptr(Collector) c = collector_new ();
  g_autofree char *got = NULL;

  rumble_sse_parser_feed (c->parser, "data: a\r", 8);
  rumble_sse_parser_feed (c->parser, "\ndata: b\r", 9);
  rumble_sse_parser_feed (c->parser, "\n", 1);
  g_assert_cmpuint (c->events->len, ==, 0);
  /* A lone CR is already a blank line; the LF after it is its pair, not another line. */
  rumble_sse_parser_feed (c->parser, "\r", 1);
  g_assert_cmpuint (c->events->len, ==, 1);
  rumble_sse_parser_feed (c->parser, "\n", 1);
  rumble_sse_parser_feed (c->parser, "data: c\r", 8);
  rumble_sse_parser_feed (c->parser, "\n\r", 2);
  rumble_sse_parser_feed (c->parser, "\n", 1);
  got = collector_take (c);
  g_assert_cmpstr (got, ==, "message|-|a\nb\n~\nmessage|-|c");
}

/* CR at a chunk's end followed by something other than LF: that byte is kept. */
static void
test_split_cr_then_text (void)
{
  g_autoptr(Collector) c = collector_new ();
  g_autofree char *got = NULL;

  rumble_sse_parser_feed (c->parser, "data: a\r", 8);
  rumble_sse_parser_feed (c->parser, "data: b\r", 8);
  rumble_sse_parser_feed (c->parser, "\r", 1);
  got = collector_take (c);
  g_assert_cmpstr (got, ==, "message|-|a\nb");
}

static void
test_multiline_data (void)
{
  assert_parses_to ("data: a\ndata: b\n\n", "message|-|a\nb");
  /* "data" without a colon adds an empty line; only the very last '\n' is removed. */
  assert_parses_to ("data: a\ndata\ndata\n\n", "message|-|a\n\n");
  assert_parses_to ("data\ndata: x\n\n", "message|-|\nx");
}

static void
test_no_trailing_blank_line (void)
{
  g_autoptr(Collector) c = collector_new ();

  rumble_sse_parser_feed (c->parser, "data: x\n", 8);
  g_assert_cmpuint (c->events->len, ==, 0);
  rumble_sse_parser_feed (c->parser, "data: y", 7);
  g_assert_cmpuint (c->events->len, ==, 0);
  rumble_sse_parser_feed (c->parser, "\n", 1);
  g_assert_cmpuint (c->events->len, ==, 0);
  rumble_sse_parser_feed (c->parser, "\n", 1);
  g_assert_cmpuint (c->events->len, ==, 1);
  g_assert_cmpstr (c->events->pdata[0], ==, "message|-|x\ny");
}

static void
test_comments (void)
{
  assert_parses_to (": just a comment\n\n", "");
  assert_parses_to (":\n:\n\n: ping\n\n", "");
  assert_parses_to (": hello\ndata: x\n: between\ndata: y\n:\n\n", "message|-|x\ny");
  /* A colon-prefixed line is a comment even when it looks like a field. */
  assert_parses_to (":data: nope\n\ndata: yes\n\n", "message|-|yes");
}

static void
test_empty_data (void)
{
  assert_parses_to ("data:\n\n", "");
  assert_parses_to ("data\n\n", "");
  assert_parses_to ("data: \n\n", "");
  assert_parses_to ("event: ping\n\n", "");
  assert_parses_to ("\n\n\n\n", "");
  assert_parses_to ("", "");
  /* An empty event in between does not disturb the next one, nor leak its type. */
  assert_parses_to ("event: ping\ndata:\n\ndata: x\n\n", "message|-|x");
}

static void
test_field_without_colon (void)
{
  /* "event" alone sets an empty type, which is "message". */
  assert_parses_to ("event: a\nevent\ndata: x\n\n", "message|-|x");
  assert_parses_to ("retry\nid\nfoo\ndata: x\n\n", "message|-|x");
}

static void
test_space_after_colon (void)
{
  assert_parses_to ("data:x\n\n", "message|-|x");
  assert_parses_to ("data:  x\n\n", "message|-| x");
  assert_parses_to ("data: x \n\n", "message|-|x ");
  assert_parses_to ("data:\tx\n\n", "message|-|\tx");
  assert_parses_to ("data: a: b\n\n", "message|-|a: b");
}

static void
test_unknown_fields (void)
{
  assert_parses_to ("foo: bar\ndata: x\nDATA: y\nData: z\n data: w\ndatas: v\n\n", "message|-|x");
}

static void
test_event_type (void)
{
  assert_parses_to ("event: ping\ndata: x\n\ndata: y\n\n",
                    "ping|-|x\n~\nmessage|-|y");
  /* The last event: line wins. */
  assert_parses_to ("event: a\nevent: b\ndata: x\n\n", "b|-|x");
}

static void
test_bom (void)
{
  assert_parses_to ("\xEF\xBB\xBF" "data: x\n\n", "message|-|x");
  /* Only one BOM, and only at the start. */
  assert_parses_to ("\xEF\xBB\xBF\xEF\xBB\xBF" "data: x\n\ndata: y\n\n", "message|-|y");
  assert_parses_to ("data: x\n\n\xEF\xBB\xBF" "data: y\n\n", "message|-|x");
  /* A broken BOM is content: the first line's field name is garbage. */
  assert_parses_to ("\xEF\xBB" "data: x\n\ndata: y\n\n", "message|-|y");
  assert_parses_to ("\xEF" "data: x\n\ndata: y\n\n", "message|-|y");
  /* Bytes that start like a BOM and turn into a line ending. */
  assert_parses_to ("\xEF\n" "data: y\n\n", "message|-|y");
}

static void
test_id (void)
{
  g_autoptr(Collector) c = collector_new ();
  g_autofree char *got = NULL;
  static const char stream[] =
    "id: 1\ndata: a\n\n"
    "data: b\n\n"                 /* keeps the last id */
    "id: 2\n\n"                   /* an empty event still commits its id */
    "data: c\n\n"
    "id: 3\0x\ndata: d\n\n"       /* an id with NUL is ignored */
    "id\ndata: e\n\n";            /* an empty id clears it */

  g_assert_null (rumble_sse_parser_get_last_event_id (c->parser));
  rumble_sse_parser_feed (c->parser, stream, sizeof stream - 1);
  got = collector_take (c);
  g_assert_cmpstr (got, ==,
                   "message|1|a\n~\nmessage|1|b\n~\nmessage|2|c\n~\nmessage|2|d\n~\nmessage|-|e");
  g_assert_null (rumble_sse_parser_get_last_event_id (c->parser));

  /* The id is committed at dispatch, not when its line is read. */
  rumble_sse_parser_feed (c->parser, "id: 7\ndata: f\n", 14);
  g_assert_null (rumble_sse_parser_get_last_event_id (c->parser));
  rumble_sse_parser_feed (c->parser, "\n", 1);
  g_assert_cmpstr (rumble_sse_parser_get_last_event_id (c->parser), ==, "7");
}

static void
test_retry (void)
{
  g_autoptr(Collector) c = collector_new ();
  RumbleSseParser *p = c->parser;

  g_assert_cmpint (rumble_sse_parser_get_retry (p), ==, -1);
  rumble_sse_parser_feed (p, "retry: 3000\n", 12);
  /* Applied at once, without waiting for a blank line. */
  g_assert_cmpint (rumble_sse_parser_get_retry (p), ==, 3000);

  static const char *const ignored[] = {
    "retry: 3x\n", "retry: -1\n", "retry:\n", "retry\n", "retry:  5\n", "retry: 1.5\n",
    "retry: 99999999999999999999999\n", "Retry: 5\n",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (ignored); i++)
    {
      rumble_sse_parser_feed (p, ignored[i], strlen (ignored[i]));
      g_assert_cmpint (rumble_sse_parser_get_retry (p), ==, 3000);
    }

  rumble_sse_parser_feed (p, "retry:0\n", 8);
  g_assert_cmpint (rumble_sse_parser_get_retry (p), ==, 0);
  rumble_sse_parser_feed (p, "retry: 9223372036854775807\n\n", 28);
  g_assert_cmpint (rumble_sse_parser_get_retry (p), ==, G_MAXINT64);
  g_assert_cmpuint (c->events->len, ==, 0);
}

static void
feed_str (RumbleSseParser *parser,
          const char      *text)
{
  rumble_sse_parser_feed (parser, text, strlen (text));
}

#define OVERSIZE_WARNING "Dropped a server-sent event larger than *"

/* An oversized event is dropped with one warning, and the next event still arrives. */
static void
test_oversize (void)
{
  g_autoptr(Collector) c = collector_new ();
  g_autofree char *big = g_strnfill (200, 'x');
  g_autofree char *got = NULL;

  rumble_sse_parser_set_max_event_size (c->parser, 64);

  g_test_expect_message ("rumble", G_LOG_LEVEL_WARNING, OVERSIZE_WARNING);
  feed_str (c->parser, "data: ok1\n\ndata: ");
  feed_str (c->parser, big);
  feed_str (c->parser, "\ndata: more\n\ndata: ok2\n\n");
  g_test_assert_expected_messages ();

  got = collector_take (c);
  g_assert_cmpstr (got, ==, "message|-|ok1\n~\nmessage|-|ok2");
  g_assert_cmpuint (rumble_sse_parser_get_n_dropped (c->parser), ==, 1);
}

/* The same, fed a byte at a time: still one warning, and the next event arrives. */
static void
test_oversize_bytes (void)
{
  g_autoptr(Collector) c = collector_new ();
  g_autofree char *big = g_strnfill (500, 'y');
  g_autofree char *text = g_strconcat ("data: ", big, "\r\n\r\nid: 9\ndata: ok\r\n\r\n", NULL);
  g_autofree char *got = NULL;

  rumble_sse_parser_set_max_event_size (c->parser, 100);

  g_test_expect_message ("rumble", G_LOG_LEVEL_WARNING, OVERSIZE_WARNING);
  for (gsize i = 0; text[i] != '\0'; i++)
    rumble_sse_parser_feed (c->parser, text + i, 1);
  g_test_assert_expected_messages ();

  got = collector_take (c);
  g_assert_cmpstr (got, ==, "message|9|ok");
  g_assert_cmpuint (rumble_sse_parser_get_n_dropped (c->parser), ==, 1);
}

/* Many small data lines that add up to too much: dropped as a whole, and the
 * lines after the cap (none of which is blank) do not end the discarding. */
static void
test_oversize_many_lines (void)
{
  g_autoptr(Collector) c = collector_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *got = NULL;

  rumble_sse_parser_set_max_event_size (c->parser, 1000);
  for (guint i = 0; i < 500; i++)
    g_string_append (text, "data: 0123456789\n");
  g_string_append (text, "\ndata: next\n\n");

  g_test_expect_message ("rumble", G_LOG_LEVEL_WARNING, OVERSIZE_WARNING);
  rumble_sse_parser_feed (c->parser, text->str, text->len);
  g_test_assert_expected_messages ();

  got = collector_take (c);
  g_assert_cmpstr (got, ==, "message|-|next");
}

/* Two oversized events: two warnings, one each. */
static void
test_oversize_twice (void)
{
  g_autoptr(Collector) c = collector_new ();
  g_autofree char *big = g_strnfill (100, 'z');
  g_autofree char *text = g_strdup_printf ("data: %s\n\ndata: %s\n\ndata: fine\n\n", big, big);
  g_autofree char *got = NULL;

  rumble_sse_parser_set_max_event_size (c->parser, 50);
  g_test_expect_message ("rumble", G_LOG_LEVEL_WARNING, OVERSIZE_WARNING);
  g_test_expect_message ("rumble", G_LOG_LEVEL_WARNING, OVERSIZE_WARNING);
  rumble_sse_parser_feed (c->parser, text, strlen (text));
  g_test_assert_expected_messages ();

  got = collector_take (c);
  g_assert_cmpstr (got, ==, "message|-|fine");
  g_assert_cmpuint (rumble_sse_parser_get_n_dropped (c->parser), ==, 2);
}

/* An event right at the cap passes; one byte more is dropped. The cap counts the
 * event's data so far plus the line being read. */
static void
test_oversize_boundary (void)
{
  g_autoptr(Collector) c = collector_new ();
  g_autofree char *payload = g_strnfill (94, 'q');   /* "data: " + 94 = 100 bytes */
  g_autofree char *text = g_strdup_printf ("data: %s\n\n", payload);
  g_autofree char *text_plus = g_strdup_printf ("data: %sq\n\n", payload);

  rumble_sse_parser_set_max_event_size (c->parser, 100);
  rumble_sse_parser_feed (c->parser, text, strlen (text));
  g_assert_cmpuint (c->events->len, ==, 1);

  g_test_expect_message ("rumble", G_LOG_LEVEL_WARNING, OVERSIZE_WARNING);
  rumble_sse_parser_feed (c->parser, text_plus, strlen (text_plus));
  g_test_assert_expected_messages ();
  g_assert_cmpuint (c->events->len, ==, 1);
}

/* The default cap: a 9 MiB event among normal ones, streamed in 64 KiB chunks. */
static void
test_oversize_default (void)
{
  g_autoptr(Collector) c = collector_new ();
  gsize big_len = 9 * 1024 * 1024;
  g_autofree char *chunk = g_strnfill (64 * 1024, 'w');
  g_autofree char *got = NULL;

  feed_str (c->parser, "data: before\n\ndata: ");
  g_test_expect_message ("rumble", G_LOG_LEVEL_WARNING, OVERSIZE_WARNING);
  for (gsize sent = 0; sent < big_len; sent += 64 * 1024)
    rumble_sse_parser_feed (c->parser, chunk, 64 * 1024);
  feed_str (c->parser, "\n\ndata: after\n\n");
  g_test_assert_expected_messages ();

  got = collector_take (c);
  g_assert_cmpstr (got, ==, "message|-|before\n~\nmessage|-|after");
}

static void
test_large_event_within_cap (void)
{
  g_autoptr(Collector) c = collector_new ();
  gsize big_len = 3 * 1024 * 1024;
  g_autofree char *big = g_strnfill (big_len, 'v');
  g_autofree char *text = g_strdup_printf ("data: %s\n\ndata: small\n\n", big);

  rumble_sse_parser_feed (c->parser, text, strlen (text));
  g_assert_cmpuint (c->events->len, ==, 2);
  g_assert_cmpuint (strlen (c->events->pdata[0]), ==, strlen ("message|-|") + big_len);
  g_assert_cmpstr (c->events->pdata[1], ==, "message|-|small");
}

static void
test_reset (void)
{
  g_autoptr(Collector) c = collector_new ();
  g_autofree char *got = NULL;

  feed_str (c->parser, "retry: 500\nid: 1\ndata: a\n\nid: 2\nevent: odd\ndata: partial\ndata: par");
  rumble_sse_parser_reset (c->parser);
  /* The partial event is gone, the committed id and the retry stay. */
  g_assert_cmpstr (rumble_sse_parser_get_last_event_id (c->parser), ==, "1");
  g_assert_cmpint (rumble_sse_parser_get_retry (c->parser), ==, 500);
  feed_str (c->parser, "tial\n\ndata: b\n\n");
  got = collector_take (c);
  g_assert_cmpstr (got, ==, "message|1|a\n~\nmessage|1|b");

  /* A new connection may start with a BOM again. */
  rumble_sse_parser_reset (c->parser);
  feed_str (c->parser, "\xEF\xBB\xBF" "data: c\n\n");
  g_clear_pointer (&got, g_free);
  got = collector_take (c);
  g_assert_cmpstr (got, ==, "message|1|c");

  /* A CR that ended the old connection does not swallow the new one's LF. */
  feed_str (c->parser, "data: d\r");
  rumble_sse_parser_reset (c->parser);
  feed_str (c->parser, "\ndata: e\n\n");
  g_clear_pointer (&got, g_free);
  got = collector_take (c);
  g_assert_cmpstr (got, ==, "message|1|e");
}

static void
test_reset_clears_discarding (void)
{
  g_autoptr(Collector) c = collector_new ();
  g_autofree char *big = g_strnfill (100, 'x');
  g_autofree char *got = NULL;

  rumble_sse_parser_set_max_event_size (c->parser, 50);
  g_test_expect_message ("rumble", G_LOG_LEVEL_WARNING, OVERSIZE_WARNING);
  feed_str (c->parser, "data: ");
  feed_str (c->parser, big);
  g_test_assert_expected_messages ();
  rumble_sse_parser_reset (c->parser);
  feed_str (c->parser, "data: fresh\n\n");
  got = collector_take (c);
  g_assert_cmpstr (got, ==, "message|-|fresh");
}

/* A reset from inside the callback discards the rest of the chunk it came in. */
static void
test_reset_in_callback (void)
{
  g_autoptr(Collector) c = collector_new ();
  g_autofree char *got = NULL;

  c->reset_after = 1;
  feed_str (c->parser, "data: a\n\ndata: b\n\ndata: c");
  feed_str (c->parser, "data: d\n\n");
  got = collector_take (c);
  g_assert_cmpstr (got, ==, "message|-|a\n~\nmessage|-|d");
}

static void
test_free_in_callback (void)
{
  g_autoptr(Collector) c = collector_new ();

  c->free_in_callback = TRUE;
  feed_str (c->parser, "data: a\n\ndata: b\n\n");
  g_assert_null (c->parser);
  g_assert_cmpuint (c->events->len, ==, 1);
}

/* Arbitrary bytes from the SSE alphabet: any chunking gives what the whole gives. */
static void
test_chunking_invariance (void)
{
  static const char *const pieces[] = {
    "data", "data:", "data: ", "event: t", "id: 4", "id", "retry: 7", ":", " ", "x", "yz",
    "\n", "\n", "\r", "\r\n", "\xEF\xBB\xBF", "\0",
  };

  for (guint round = 0; round < 200; round++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *whole = NULL;
      guint n = g_test_rand_int_range (1, 80);

      for (guint i = 0; i < n; i++)
        {
          const char *piece = pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))];
          g_string_append_len (text, piece, piece[0] == '\0' ? 1 : (gssize) strlen (piece));
        }

      whole = parse_whole (text->str, text->len);
      for (guint split = 0; split < 10; split++)
        {
          g_autofree char *chunked = parse_in_chunks (text->str, text->len, 1 + split * 3);
          g_assert_cmpstr (chunked, ==, whole);
        }
    }
}

static void
test_json_payload_kept_exactly (void)
{
  g_autofree char *json = test_load_fixture_compact ("sse_messages_rant.json");
  g_autofree char *text = g_strdup_printf ("data: %s\n\n", json);
  g_autofree char *got = parse_str (text);
  g_autofree char *expected = g_strconcat ("message|-|", json, NULL);

  g_assert_cmpstr (got, ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rumble/sse-parser/transcript-whole", test_transcript_whole);
  g_test_add_func ("/rumble/sse-parser/transcript-bytes", test_transcript_bytes);
  g_test_add_func ("/rumble/sse-parser/transcript-random", test_transcript_random);
  g_test_add_func ("/rumble/sse-parser/transcript-line-endings", test_transcript_line_endings);
  g_test_add_func ("/rumble/sse-parser/mixed-line-endings", test_mixed_line_endings);
  g_test_add_func ("/rumble/sse-parser/split-crlf", test_split_crlf);
  g_test_add_func ("/rumble/sse-parser/split-cr-then-text", test_split_cr_then_text);
  g_test_add_func ("/rumble/sse-parser/multiline-data", test_multiline_data);
  g_test_add_func ("/rumble/sse-parser/no-trailing-blank-line", test_no_trailing_blank_line);
  g_test_add_func ("/rumble/sse-parser/comments", test_comments);
  g_test_add_func ("/rumble/sse-parser/empty-data", test_empty_data);
  g_test_add_func ("/rumble/sse-parser/field-without-colon", test_field_without_colon);
  g_test_add_func ("/rumble/sse-parser/space-after-colon", test_space_after_colon);
  g_test_add_func ("/rumble/sse-parser/unknown-fields", test_unknown_fields);
  g_test_add_func ("/rumble/sse-parser/event-type", test_event_type);
  g_test_add_func ("/rumble/sse-parser/bom", test_bom);
  g_test_add_func ("/rumble/sse-parser/id", test_id);
  g_test_add_func ("/rumble/sse-parser/retry", test_retry);
  g_test_add_func ("/rumble/sse-parser/oversize", test_oversize);
  g_test_add_func ("/rumble/sse-parser/oversize-bytes", test_oversize_bytes);
  g_test_add_func ("/rumble/sse-parser/oversize-many-lines", test_oversize_many_lines);
  g_test_add_func ("/rumble/sse-parser/oversize-twice", test_oversize_twice);
  g_test_add_func ("/rumble/sse-parser/oversize-boundary", test_oversize_boundary);
  g_test_add_func ("/rumble/sse-parser/oversize-default", test_oversize_default);
  g_test_add_func ("/rumble/sse-parser/large-event-within-cap", test_large_event_within_cap);
  g_test_add_func ("/rumble/sse-parser/reset", test_reset);
  g_test_add_func ("/rumble/sse-parser/reset-clears-discarding", test_reset_clears_discarding);
  g_test_add_func ("/rumble/sse-parser/reset-in-callback", test_reset_in_callback);
  g_test_add_func ("/rumble/sse-parser/free-in-callback", test_free_in_callback);
  g_test_add_func ("/rumble/sse-parser/chunking-invariance", test_chunking_invariance);
  g_test_add_func ("/rumble/sse-parser/json-payload", test_json_payload_kept_exactly);

  return g_test_run ();
}
