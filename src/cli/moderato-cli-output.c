/* moderato-cli-output.c — the one way moderato-cli writes to the terminal
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "moderato-cli"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "moderato-cli-output.h"
#include "rumble-text.h"

/* How long the main context is drained before exit. */
#define DRAIN_MS 200

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

static void
put_line (FILE       *stream,
          const char *text)
{
  fputs (text, stream);
  fputc ('\n', stream);
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
  put_line (stream, safe);
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
  put_line (stdout, out->str);
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
