/* moderato-cli-output.c — the one way moderato-cli writes to the terminal
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "moderato-cli"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "moderato-cli-output.h"
#include "rumble-text.h"

/* How long the main context is drained before exit. */
#define DRAIN_MS 200
/* stdout's buffer when it is not a terminal. */
#define STDOUT_BUFFER_SIZE (64 * 1024)

/* Set by moderato_cli_output_init() when stdout is a pipe or a file. */
static gboolean stdout_buffered;
static guint stdout_flush_id;

char *
moderato_cli_terminal_safe (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' || c == '\r' || c == '\t')
        g_string_append_c (out, ' ');
      else if (rumble_text_char_is_unsafe (c))
        g_string_append_unichar (out, 0xfffd);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}

void
moderato_cli_output_init (void)
{
  if (isatty (STDOUT_FILENO))
    return;
  setvbuf (stdout, NULL, _IOFBF, STDOUT_BUFFER_SIZE);
  stdout_buffered = TRUE;
}

void
moderato_cli_output_flush (void)
{
  g_clear_handle_id (&stdout_flush_id, g_source_remove);
  fflush (stdout);
}

static gboolean
flush_when_idle (gpointer data)
{
  stdout_flush_id = 0;
  fflush (stdout);
  return G_SOURCE_REMOVE;
}

static void
put_line (FILE       *stream,
          const char *text,
          gsize       length)
{
  /* What stdout said comes first, also for a reader of both. */
  if (stream != stdout && stdout_buffered)
    fflush (stdout);
  fwrite (text, 1, length, stream);
  fputc ('\n', stream);
  if (stream == stdout && stdout_buffered)
    {
      /* Per line, a flood would cost a write(2) per message: the lines go out once the
       * main loop has nothing left to do (a reader sees them as soon as the chat pauses),
       * when the buffer is full, and at exit. */
      if (stdout_flush_id == 0)
        stdout_flush_id = g_idle_add_full (G_PRIORITY_LOW, flush_when_idle, NULL, NULL);
      return;
    }
  fflush (stream);
}

void
moderato_cli_print_line (FILE       *stream,
                         const char *format,
                         ...)
{
  g_autofree char *line = NULL;
  g_autofree char *safe = NULL;
  gsize len;
  va_list args;

  g_return_if_fail (stream != NULL);
  g_return_if_fail (format != NULL);

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translated sentences may end with their line break: it is written below. */
  len = strlen (line);
  if (len > 0 && line[len - 1] == '\n')
    line[len - 1] = '\0';
  safe = moderato_cli_terminal_safe (line);
  put_line (stream, safe, strlen (safe));
}

void
moderato_cli_print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  g_autofree char *valid = NULL;
  g_autoptr(GString) out = NULL;

  g_return_if_fail (root != NULL);

  /* Compact, so that every unsafe character is inside a string and may be escaped. */
  json_generator_set_pretty (generator, FALSE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* json-glib escapes C0 and DEL itself, but writes C1 and bidi controls raw. */
      if (rumble_text_char_is_unsafe (c))
        {
          g_assert (c <= 0xffff);
          g_string_append_printf (out, "\\u%04x", c);
        }
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  put_line (stdout, out->str, out->len);
}

/* As json-glib 1.6's generator writes @text, then moderato_cli_print_json()'s escapes:
 * \" \\ \b \f \n \r \t, other C0 and DEL as \u00xx, and every unsafe character too. */
static void
append_json_string (GString    *out,
                    const char *text)
{
  g_autofree char *valid = NULL;
  const char *p, *run;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  g_string_append_c (out, '"');
  for (p = run = text; *p != '\0';)
    {
      guchar byte = *p;
      const char *next = p + 1;
      gunichar c = byte;

      if (byte >= 0x20 && byte < 0x7f && byte != '"' && byte != '\\')
        {
          p++;
          continue;
        }
      if (byte >= 0x80)
        {
          c = g_utf8_get_char (p);
          next = g_utf8_next_char (p);
          if (!rumble_text_char_is_unsafe (c))
            {
              p = next;
              continue;
            }
        }

      g_string_append_len (out, run, p - run);
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          g_assert (c <= 0xffff);
          g_string_append_printf (out, "\\u%04x", c);
          break;
        }
      p = run = next;
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

static void
append_name (GString    *line,
             const char *name)
{
  g_string_append_c (line, ',');
  append_json_string (line, name);
  g_string_append_c (line, ':');
}

void
moderato_cli_json_begin (GString    *line,
                         const char *event)
{
  g_string_assign (line, "{\"event\":");
  append_json_string (line, event);
}

void
moderato_cli_json_add_string (GString    *line,
                              const char *name,
                              const char *value)
{
  append_name (line, name);
  if (value != NULL)
    append_json_string (line, value);
  else
    g_string_append (line, "null");
}

void
moderato_cli_json_add_int (GString    *line,
                           const char *name,
                           gint64      value)
{
  append_name (line, name);
  g_string_append_printf (line, "%" G_GINT64_FORMAT, value);
}

void
moderato_cli_json_add_boolean (GString    *line,
                               const char *name,
                               gboolean    value)
{
  append_name (line, name);
  g_string_append (line, value ? "true" : "false");
}

void
moderato_cli_json_add_strv (GString            *line,
                            const char         *name,
                            const char * const *values)
{
  append_name (line, name);
  g_string_append_c (line, '[');
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (line, ',');
      append_json_string (line, values[i]);
    }
  g_string_append_c (line, ']');
}

void
moderato_cli_json_end (GString *line)
{
  g_string_append_c (line, '}');
  put_line (stdout, line->str, line->len);
}

JsonBuilder *
moderato_cli_event_begin (const char *event)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, event);
  return builder;
}

void
moderato_cli_print_event (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = NULL;

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  moderato_cli_print_json (root);
}

void
moderato_cli_add_string_or_null (JsonBuilder *builder,
                                 const char  *name,
                                 const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
moderato_cli_print_error (const char *sentence)
{
  moderato_cli_print_line (stderr, "moderato-cli: %s", sentence);
}

int
moderato_cli_usage_error (const char *command,
                          const char *sentence)
{
  moderato_cli_print_error (sentence);
  if (command != NULL)
    moderato_cli_print_line (stderr, _("Try “moderato-cli %s --help” for more information.\n"),
                             command);
  else
    moderato_cli_print_line (stderr, _("Try “moderato-cli --help” for more information.\n"));
  return MODERATO_CLI_EXIT_USAGE;
}

GLogWriterOutput
moderato_cli_log_writer (GLogLevelFlags   log_level,
                         const GLogField *fields,
                         gsize            n_fields,
                         gpointer         user_data)
{
  g_autofree char *line = NULL;
  const char *domain = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0)
      domain = fields[i].value;
  /* Debug and info only with G_MESSAGES_DEBUG, as usual. */
  if (g_log_writer_default_would_drop (log_level, domain))
    return G_LOG_WRITER_HANDLED;

  /* Messages may quote the server (a reason phrase, an event type): no colours, one path. */
  line = g_log_writer_format_fields (log_level, fields, n_fields, FALSE);
  moderato_cli_print_line (stderr, "%s", line);
  return G_LOG_WRITER_HANDLED;
}

void
moderato_cli_drain_main_context (void)
{
  gint64 deadline = g_get_monotonic_time () + DRAIN_MS * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        {
          g_usleep (1000);
          if (!g_main_context_pending (NULL))
            break;
        }
    }
}
