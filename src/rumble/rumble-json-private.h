/* rumble-json-private.h — reading untrusted JSON from the network, for librumble only
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rumble-error.h"

G_BEGIN_DECLS

/* Longest id string accepted from the network. */
#define RUMBLE_ID_MAX_LEN 64
/* Deepest nesting of arrays and objects accepted in JSON from the network. */
#define RUMBLE_JSON_MAX_DEPTH 64
/* The most values (strings, numbers, literals, arrays, objects) the pre-scan lets through in
 * one JSON text from the network. json-glib builds a tree of some 60 to 200 bytes per
 * value, which GLib 2.74's slice allocator keeps for reuse after it is freed: a million
 * `{}` would hold 200 MB. A chat event of 10 000 messages has some 50 000 to 150 000. */
#define RUMBLE_JSON_MAX_VALUES (256 * 1024)

/* Longest strings kept from the network, in bytes. Longer ones are cut on a character
 * boundary; a URL is dropped instead (RUMBLE_URL_POLICY_MAX_LENGTH), since a cut one
 * would be wrong, and so is an id (RUMBLE_ID_MAX_LEN). */
#define RUMBLE_NAME_MAX_BYTES       256  /* user and channel names, badge labels, gift types */
/* Message and notice text: this many bytes per character of the chat's
 * message_length_max (four per UTF-8 character, twice over for what Rumble adds). */
#define RUMBLE_TEXT_BYTES_PER_CHAR  8

/* Sane bounds of the numbers in chat items; outside them an item is malformed. */
#define RUMBLE_TIME_MAX             G_GINT64_CONSTANT (4102444800)  /* 2100-01-01 */
#define RUMBLE_PRICE_CENTS_MAX      100000000                       /* $1 000 000 */
#define RUMBLE_DURATION_MAX         (7 * 86400)                     /* a week */
#define RUMBLE_GIFT_TOTAL_MAX       1000000

/* What the items of one event lost, logged as one line when the event is done. */
typedef struct {
  guint n_truncated;       /* strings cut to their maximum */
  guint n_dropped;         /* URLs dropped as too long */
  guint n_bad_messages;    /* items skipped as malformed */
  guint n_bad_users;
  guint n_bad_channels;
  guint n_bad_levels;
} RumbleEventTally;

/* To be called on network JSON before json-glib 1.6 parses it, which recurses once per
 * nesting level (100 000 '[' overflow the stack), silently wraps integers beyond 64 bits
 * (18446744073709551617 reads as 1), and turns the escapes "\345" and a lone "\ud800"
 * into invalid UTF-8 (the latter swallowing the next character). FALSE with
 * RUMBLE_ERROR_PROTOCOL for text
 * nested deeper than RUMBLE_JSON_MAX_DEPTH, with more than RUMBLE_JSON_MAX_VALUES values,
 * such an integer or escape, or anything but
 * standard JSON outside strings (json-glib's extras could hide structure from the scan).
 * One pass, no allocation. */
gboolean       rumble_json_check_text     (const char  *json,
                                           gsize        length,
                                           GError     **error);

/* A copy of @json (checked by rumble_json_check_text) in which every \u0000 escape reads
 * \ufffd, or NULL when it has none: json-glib hands strings out as C strings, so a NUL
 * would cut "admin\u0000xyz" to "admin". */
char          *rumble_json_replace_nul_escapes (const char *json,
                                                gsize       length);

/* @json (checked by rumble_json_check_text) as a tree of json-glib nodes, read by one
 * strict pass that skips json-glib's scanner, its per-value signals and the sealing of an
 * immutable tree. Strings come out as json-glib reads them, except that \u0000 reads \ufffd
 * (see rumble_json_replace_nul_escapes). NULL for anything but plain standard JSON in
 * valid UTF-8 (leading zeros, raw control characters in a string, a trailing comma, text
 * after the value…): json-glib then decides, and its answer stands. */
JsonNode      *rumble_json_parse          (const char  *json,
                                           gsize        length) G_GNUC_WARN_UNUSED_RESULT;

/* An id field as Rumble sends it (decimal string, number, or an opaque string): a newly
 * allocated string, or NULL when missing / unusable. */
char          *rumble_json_dup_id         (JsonObject  *object,
                                           const char  *member);
/* The same for an id as a node (an element of an id array); NULL for a NULL node. */
char          *rumble_json_node_dup_id    (JsonNode    *node);
/* Member accessors that never warn on a wrong type. */
const char    *rumble_json_get_string     (JsonObject  *object,
                                           const char  *member);
gint64         rumble_json_get_int        (JsonObject  *object,
                                           const char  *member,
                                           gint64       fallback);
gboolean       rumble_json_get_bool       (JsonObject  *object,
                                           const char  *member,
                                           gboolean     fallback);
JsonObject    *rumble_json_get_object     (JsonObject  *object,
                                           const char  *member);
JsonArray     *rumble_json_get_array      (JsonObject  *object,
                                           const char  *member);
/* A string member for a model: at most @max_bytes (cut on a character boundary, counted
 * in @tally, which may be NULL) and bidi-balanced (rumble_text_balance_bidi). NULL when
 * missing or not a string. */
char          *rumble_json_dup_text       (JsonObject       *object,
                                           const char       *member,
                                           gsize             max_bytes,
                                           RumbleEventTally *tally);
/* A URL member: NULL when missing, not a string, or longer than
 * RUMBLE_URL_POLICY_MAX_LENGTH (then counted in @tally). */
char          *rumble_json_dup_url        (JsonObject       *object,
                                           const char       *member,
                                           RumbleEventTally *tally);
/* A whole number member within [@min, @max], as an integer, an integral double or a
 * decimal string. TRUE and *out_value set when it is one; TRUE with *out_value untouched
 * when the member is missing or null; FALSE for anything else (a fraction, infinity,
 * out of range, another type): the item is malformed. */
gboolean       rumble_json_get_bounded_int (JsonObject *object,
                                            const char *member,
                                            gint64      min,
                                            gint64      max,
                                            gint64     *out_value);
/* "2026-04-20T18:03:12+00:00" -> Unix seconds; FALSE when it does not parse. */
gboolean       rumble_parse_timestamp     (const char  *text,
                                           gint64      *out_unix);

G_END_DECLS
