/* rumble-sse-parser.c — incremental text/event-stream parser
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Follows the WHATWG "event stream interpretation" algorithm, fed with bytes in
 * arbitrary chunks. Complete lines are processed straight out of the caller's chunk;
 * only a line that straddles two chunks is copied into a carry-over buffer, and only
 * `data:` values are copied into the event being built. Every buffer grows
 * geometrically, so feeding one byte at a time costs no allocation per byte.
 *
 * Memory is bounded by max_event_size: once the event being built (its data so far
 * plus the current line) would exceed it, the event is dropped, and the rest of it is
 * scanned for the next blank line without being stored.
 *
 * The bytes are not UTF-8-decoded here: the payload is JSON, whose parser validates it.
 */
#define G_LOG_DOMAIN "rumble"

#include "config.h"

#include <string.h>

#include "rumble-sse-parser.h"

/* Past a dispatched event (or a carried line) this large, give the memory back rather
 * than keep it for the rest of the stream (the `init` event is large, the events after
 * it are small). */
#define DATA_KEEP_ALLOCATED (1024 * 1024)
/* What the line and data buffers start with (and start over with after shrinking). */
#define LINE_INITIAL_SIZE   256
#define DATA_INITIAL_SIZE   4096

static const guchar utf8_bom[3] = { 0xEF, 0xBB, 0xBF };

struct _RumbleSseParser
{
  RumbleSseEventFunc func;
  gpointer           user_data;

  GString  *line;          /* start of a line that began in an earlier chunk */
  GString  *data;          /* the data buffer: each `data:` value followed by '\n' */
  GString  *event_type;    /* the event type buffer; empty means "message" */
  GString  *id_buffer;     /* the last event ID buffer: set by `id:`, survives events */
  GString  *last_event_id; /* the id as of the last dispatch; empty means none */

  gsize     max_event_size;
  gint64    retry;
  guint     n_dropped;

  guint     bom_matched;      /* bytes of a leading BOM seen so far */
  guint     at_stream_start : 1;
  guint     skip_lf : 1;      /* the previous chunk ended in CR: a leading LF is its pair */
  guint     discarding : 1;   /* inside an oversized event, waiting for a blank line */
  guint     discard_line_nonempty : 1;
  guint     free_pending : 1; /* freed from inside the callback */

  guint     feeding;          /* depth of feed() calls, so the callback may free us */
  guint     serial;           /* bumped by reset(), so feed() notices a reset from the callback */
};

RumbleSseParser *
rumble_sse_parser_new (RumbleSseEventFunc func,
                       gpointer           user_data)
{
  RumbleSseParser *self;

  g_return_val_if_fail (func != NULL, NULL);

  self = g_new0 (RumbleSseParser, 1);
  self->func = func;
  self->user_data = user_data;
  self->line = g_string_sized_new (LINE_INITIAL_SIZE);
  self->data = g_string_sized_new (DATA_INITIAL_SIZE);
  self->event_type = g_string_new (NULL);
  self->id_buffer = g_string_new (NULL);
  self->last_event_id = g_string_new (NULL);
  self->max_event_size = RUMBLE_SSE_MAX_EVENT_SIZE_DEFAULT;
  self->retry = -1;
  self->at_stream_start = TRUE;

  return self;
}

static void
rumble_sse_parser_destroy (RumbleSseParser *self)
{
  g_string_free (self->line, TRUE);
  g_string_free (self->data, TRUE);
  g_string_free (self->event_type, TRUE);
  g_string_free (self->id_buffer, TRUE);
  g_string_free (self->last_event_id, TRUE);
  g_free (self);
}

void
rumble_sse_parser_free (RumbleSseParser *self)
{
  if (self == NULL)
    return;

  /* Freeing from the event callback is allowed: feed() finishes the job on its way out. */
  if (self->feeding > 0)
    {
      self->free_pending = TRUE;
      return;
    }

  rumble_sse_parser_destroy (self);
}

/* Empties @buffer, and frees its memory when it grew past DATA_KEEP_ALLOCATED. Never
 * while a callback may still read it. */
static void
shrink_buffer (GString **buffer,
               gsize     initial_size)
{
  if ((*buffer)->allocated_len > DATA_KEEP_ALLOCATED)
    {
      g_string_free (*buffer, TRUE);
      *buffer = g_string_sized_new (initial_size);
    }
  else
    g_string_truncate (*buffer, 0);
}

static void
clear_event (RumbleSseParser *self)
{
  g_string_truncate (self->data, 0);
  g_string_truncate (self->event_type, 0);
}

void
rumble_sse_parser_reset (RumbleSseParser *self)
{
  g_return_if_fail (self != NULL);

  clear_event (self);
  g_string_truncate (self->line, 0);
  /* An `id:` of the unfinished event must not leak into the next connection. */
  g_string_assign (self->id_buffer, self->last_event_id->str);
  self->bom_matched = 0;
  self->at_stream_start = TRUE;
  self->skip_lf = FALSE;
  self->discarding = FALSE;
  self->discard_line_nonempty = FALSE;
  self->serial++;
}

void
rumble_sse_parser_set_max_event_size (RumbleSseParser *self,
                                      gsize            max_bytes)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (max_bytes > 0);

  self->max_event_size = max_bytes;
}

gint64
rumble_sse_parser_get_retry (RumbleSseParser *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->retry;
}

const char *
rumble_sse_parser_get_last_event_id (RumbleSseParser *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->last_event_id->len > 0 ? self->last_event_id->str : NULL;
}

guint
rumble_sse_parser_get_n_dropped (RumbleSseParser *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_dropped;
}

/* Whether an event holding @line_len more bytes than it has now stays within the cap. */
static inline gboolean
fits (RumbleSseParser *self,
      gsize            line_len)
{
  return line_len <= self->max_event_size &&
         self->data->len <= self->max_event_size - line_len;
}

static void
drop_event (RumbleSseParser *self,
            gboolean         mid_line)
{
  g_warning ("Dropped a server-sent event larger than %" G_GSIZE_FORMAT " bytes",
             self->max_event_size);
  self->n_dropped++;
  self->discarding = TRUE;
  self->discard_line_nonempty = mid_line;
  shrink_buffer (&self->line, LINE_INITIAL_SIZE);
  clear_event (self);
}

static void
dispatch (RumbleSseParser *self)
{
  /* Per the spec the id is committed even when the event itself turns out empty. */
  if (!g_string_equal (self->last_event_id, self->id_buffer))
    g_string_assign (self->last_event_id, self->id_buffer->str);

  /* Every `data:` line appended a '\n'; the last one is not part of the data. */
  if (self->data->len > 0)
    g_string_truncate (self->data, self->data->len - 1);

  /* The spec would dispatch "data:" alone as an empty message; Rumble's clients
   * skip those, and so do we. */
  if (self->data->len > 0)
    {
      self->func (self->event_type->len > 0 ? self->event_type->str : "message",
                  self->data->str,
                  self->data->len,
                  self->last_event_id->len > 0 ? self->last_event_id->str : NULL,
                  self->user_data);
      if (self->free_pending)
        return;
    }

  shrink_buffer (&self->data, DATA_INITIAL_SIZE);
  clear_event (self);
}

static void
set_retry (RumbleSseParser *self,
           const char      *value,
           gsize            len)
{
  gint64 retry = 0;

  if (len == 0)
    return;

  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (value[i]))
        return;
      if (retry > (G_MAXINT64 - (value[i] - '0')) / 10)
        return;
      retry = retry * 10 + (value[i] - '0');
    }

  self->retry = retry;
}

/* One complete line, without its terminator. */
static void
process_line (RumbleSseParser *self,
              const char      *line,
              gsize            len)
{
  const char *colon;
  const char *value;
  gsize name_len;
  gsize value_len;

  if (len == 0)
    {
      dispatch (self);
      return;
    }

  if (line[0] == ':')
    return;

  colon = memchr (line, ':', len);
  if (colon != NULL)
    {
      name_len = colon - line;
      value = colon + 1;
      value_len = len - name_len - 1;
      if (value_len > 0 && value[0] == ' ')
        {
          value++;
          value_len--;
        }
    }
  else
    {
      name_len = len;
      value = "";
      value_len = 0;
    }

  /* Field names are case-sensitive; anything unknown is ignored. */
  switch (name_len)
    {
    case 2:
      if (memcmp (line, "id", 2) == 0 && memchr (value, '\0', value_len) == NULL)
        {
          g_string_truncate (self->id_buffer, 0);
          g_string_append_len (self->id_buffer, value, value_len);
        }
      break;

    case 4:
      if (memcmp (line, "data", 4) == 0)
        {
          g_string_append_len (self->data, value, value_len);
          g_string_append_c (self->data, '\n');
        }
      break;

    case 5:
      if (memcmp (line, "event", 5) == 0)
        {
          g_string_truncate (self->event_type, 0);
          g_string_append_len (self->event_type, value, value_len);
        }
      else if (memcmp (line, "retry", 5) == 0)
        {
          set_retry (self, value, value_len);
        }
      break;

    default:
      break;
    }
}

/* The line ends here; @tail/@len is its part within the current chunk. */
static void
end_line (RumbleSseParser *self,
          const char      *tail,
          gsize            len)
{
  if (self->discarding)
    {
      if (len == 0 && !self->discard_line_nonempty)
        {
          /* The blank line that ends the oversized event: back in step. */
          self->discarding = FALSE;
          clear_event (self);
        }
      self->discard_line_nonempty = FALSE;
      return;
    }

  if (self->line->len == 0)
    {
      if (!fits (self, len))
        {
          drop_event (self, FALSE);
          return;
        }
      process_line (self, tail, len);
      return;
    }

  if (!fits (self, self->line->len + len))
    {
      drop_event (self, FALSE);
      return;
    }
  g_string_append_len (self->line, tail, len);
  /* Never blank (it was non-empty before), so this cannot dispatch into a callback
   * that resets the buffer we are reading. */
  process_line (self, self->line->str, self->line->len);
  shrink_buffer (&self->line, LINE_INITIAL_SIZE);
}

/* The chunk ended mid-line: keep the start of the line for the next chunk. */
static void
carry_line (RumbleSseParser *self,
            const char      *start,
            gsize            len)
{
  if (self->discarding)
    {
      self->discard_line_nonempty = TRUE;
      return;
    }

  if (!fits (self, self->line->len + len))
    {
      drop_event (self, TRUE);
      return;
    }
  g_string_append_len (self->line, start, len);
}

/* Returns FALSE when the callback reset or freed the parser: the rest of the chunk
 * belongs to a stream that no longer exists. */
static gboolean
process_bytes (RumbleSseParser *self,
               const char      *p,
               const char      *end)
{
  const char *next_lf = NULL;
  const char *next_cr = NULL;
  guint serial = self->serial;

  if (p < end && self->skip_lf)
    {
      self->skip_lf = FALSE;
      if (*p == '\n')
        p++;
    }

  while (p < end)
    {
      const char *eol;

      /* Two memchr passes with remembered results: each byte is looked at about
       * twice in total, whatever the mix of line endings. */
      if (next_lf == NULL || next_lf < p)
        {
          next_lf = memchr (p, '\n', end - p);
          if (next_lf == NULL)
            next_lf = end;
        }
      if (next_cr == NULL || next_cr < p)
        {
          next_cr = memchr (p, '\r', end - p);
          if (next_cr == NULL)
            next_cr = end;
        }
      eol = MIN (next_lf, next_cr);

      if (eol == end)
        {
          carry_line (self, p, end - p);
          break;
        }

      end_line (self, p, eol - p);
      if (self->free_pending || self->serial != serial)
        return FALSE;

      p = eol + 1;
      if (*eol == '\r')
        {
          if (p == end)
            self->skip_lf = TRUE;
          else if (*p == '\n')
            p++;
        }
    }

  return TRUE;
}

void
rumble_sse_parser_feed (RumbleSseParser *self,
                        const char      *data,
                        gsize            len)
{
  const char *p = data;
  const char *end;

  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || len == 0);

  if (len == 0)
    return;
  end = data + len;

  self->feeding++;

  /* One UTF-8 BOM is skipped at the start of the stream, even if it arrives a byte at a time. */
  if (self->at_stream_start)
    {
      while (p < end && self->bom_matched < sizeof utf8_bom &&
             (guchar) *p == utf8_bom[self->bom_matched])
        {
          self->bom_matched++;
          p++;
        }

      if (self->bom_matched == sizeof utf8_bom)
        {
          self->at_stream_start = FALSE;
        }
      else if (p < end)
        {
          /* Not a BOM after all: the bytes held back are ordinary content. */
          self->at_stream_start = FALSE;
          if (self->bom_matched > 0)
            {
              const char *bom = (const char *) utf8_bom;

              if (!process_bytes (self, bom, bom + self->bom_matched))
                goto out;
            }
        }
    }

  if (p < end)
    process_bytes (self, p, end);

out:
  self->feeding--;
  if (self->feeding == 0 && self->free_pending)
    rumble_sse_parser_destroy (self);
}
