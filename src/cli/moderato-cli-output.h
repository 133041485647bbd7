/* moderato-cli-output.h — the one way moderato-cli writes to the terminal
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every line on stdout and stderr that may carry text from the network (chat text, ids, an
 * HTTP reason phrase, a Content-Type, a GError quoting any of them) goes through here, so a
 * server cannot drive the terminal: control characters, DEL, C1 (CSI), bidi controls and
 * invalid UTF-8 never reach it as they are. Shared by moderato-cli.c and the action commands.
 */
#pragma once

#include <stdio.h>

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MODERATO_CLI_EXIT_USAGE 2

/* @text made safe for a terminal: valid UTF-8, line breaks and tabs as spaces, every other
 * unsafe character (see rumble_text_char_is_unsafe()) as U+FFFD; ordinary text kept. */
char  *moderato_cli_terminal_safe        (const char   *text) G_GNUC_WARN_UNUSED_RESULT;

/* Writes one line to @stream (stdout or stderr): the formatted text without its final line
 * break, made safe by moderato_cli_terminal_safe(), then "\n"; flushed (stdout to a pipe
 * or file: see moderato_cli_output_init()). */
void   moderato_cli_print_line           (FILE         *stream,
                                          const char   *format,
                                          ...) G_GNUC_PRINTF (2, 3);

/* One JSON line on stdout: @root as compact JSON where every unsafe character (which the
 * JSON writer leaves raw for C1 and bidi controls) is \u-escaped. The value is unchanged. */
void   moderato_cli_print_json           (JsonNode     *root);

/* When stdout is not a terminal: a large buffer, written when the main loop goes idle (and
 * when full, and at exit) instead of once per line. First thing in main(). stderr always
 * gets whole lines at once, after whatever stdout had buffered. */
void   moderato_cli_output_init          (void);
/* Writes what stdout has buffered. */
void   moderato_cli_output_flush         (void);

/* A JSON line built straight into @line, byte for byte what moderato_cli_print_json()
 * writes for the same object, without a JsonBuilder and JsonGenerator per line (a flood
 * of chat messages): begin, add members, end (which writes it on stdout). */
void   moderato_cli_json_begin           (GString            *line,
                                          const char         *event);
/* Member @name: @value, or null when @value is NULL. */
void   moderato_cli_json_add_string      (GString            *line,
                                          const char         *name,
                                          const char         *value);
void   moderato_cli_json_add_int         (GString            *line,
                                          const char         *name,
                                          gint64              value);
void   moderato_cli_json_add_boolean     (GString            *line,
                                          const char         *name,
                                          gboolean            value);
/* An array of strings; empty when @values is NULL. */
void   moderato_cli_json_add_strv        (GString            *line,
                                          const char         *name,
                                          const char * const *values);
void   moderato_cli_json_end             (GString            *line);

/* A JSON line in the making: an object whose "event" member is @event. Add members, then
 * moderato_cli_print_event(). */
JsonBuilder *moderato_cli_event_begin    (const char   *event) G_GNUC_WARN_UNUSED_RESULT;
/* Closes the object of @builder and prints it with moderato_cli_print_json(). */
void   moderato_cli_print_event          (JsonBuilder  *builder);
/* Member @name: @value, or null when @value is NULL. */
void   moderato_cli_add_string_or_null   (JsonBuilder  *builder,
                                          const char   *name,
                                          const char   *value);

/* "moderato-cli: SENTENCE" on stderr. */
void   moderato_cli_print_error          (const char   *sentence);

/* The error line, then how to get help (for @command, or the program when NULL);
 * returns MODERATO_CLI_EXIT_USAGE. */
int    moderato_cli_usage_error          (const char   *command,
                                          const char   *sentence);

/* A GLogWriterFunc: each log line to stderr through moderato_cli_print_line() (so without
 * colours); debug and info only with G_MESSAGES_DEBUG. stdout is reserved for the output. */
GLogWriterOutput moderato_cli_log_writer (GLogLevelFlags   log_level,
                                          const GLogField *fields,
                                          gsize            n_fields,
                                          gpointer         user_data);

/* Lets the main context finish what cancelled operations left queued (their callbacks
 * hold the last references), so that nothing is left allocated at exit. */
void   moderato_cli_drain_main_context   (void);

G_END_DECLS
