/* rumble-sse-parser.h — incremental text/event-stream parser
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RUMBLE_SSE_MAX_EVENT_SIZE_DEFAULT (8 * 1024 * 1024)

/**
 * RumbleSseEventFunc:
 * @event_type: the `event:` field, or "message" when there was none
 * @data: the `data:` lines joined with "\n" (NUL-terminated, valid until the callback returns)
 * @data_len: length of @data
 * @last_event_id: the last `id:` seen on the stream, or NULL
 * @user_data: closure
 *
 * Called once per complete, non-empty event.
 */
typedef void (*RumbleSseEventFunc) (const char *event_type,
                                    const char *data,
                                    gsize       data_len,
                                    const char *last_event_id,
                                    gpointer    user_data);

typedef struct _RumbleSseParser RumbleSseParser;

RumbleSseParser *rumble_sse_parser_new                (RumbleSseEventFunc  func,
                                                       gpointer            user_data);
void             rumble_sse_parser_free               (RumbleSseParser    *self);
/* Feed any chunk of bytes; complete events are delivered synchronously. */
void             rumble_sse_parser_feed               (RumbleSseParser    *self,
                                                       const char         *data,
                                                       gsize               len);
/* Forget any partial line or event (e.g. on reconnect); keeps last-event-id and retry. */
void             rumble_sse_parser_reset              (RumbleSseParser    *self);
void             rumble_sse_parser_set_max_event_size (RumbleSseParser    *self,
                                                       gsize               max_bytes);
/* Last `retry:` value in milliseconds, or -1 if none was seen. */
gint64           rumble_sse_parser_get_retry          (RumbleSseParser    *self);
const char      *rumble_sse_parser_get_last_event_id  (RumbleSseParser    *self);
/* Number of events dropped because they were larger than the maximum. */
guint            rumble_sse_parser_get_n_dropped      (RumbleSseParser    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RumbleSseParser, rumble_sse_parser_free)

G_END_DECLS
