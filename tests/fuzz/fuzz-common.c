/* fuzz-common.c — the log policy and small input helpers shared by the harnesses
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fuzz"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib-object.h>

#include "fuzz-common.h"

static gboolean verbose;

static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  /* A critical is a broken precondition: on input from the network that is always a bug
   * in the caller, whichever library's check caught it. */
  if (log_level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR))
    {
      g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
      abort ();
    }

  if (verbose)
    return g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

void
fuzz_init (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;

  verbose = g_getenv ("FUZZ_VERBOSE") != NULL;
  /* Hostile input is expected to warn; only criticals count (see above). */
  g_log_set_always_fatal (G_LOG_FATAL_MASK);
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
}

guint64
fuzz_take_uint (const uint8_t **data,
                size_t         *size,
                guint           n_bytes)
{
  guint64 value = 0;

  for (guint i = 0; i < n_bytes && *size > 0; i++)
    {
      value |= (guint64) (*data)[0] << (8 * i);
      (*data)++;
      (*size)--;
    }
  return value;
}

char *
fuzz_dup_string (const uint8_t *data,
                 size_t         size)
{
  char *copy = g_malloc (size + 1);

  if (size > 0)
    memcpy (copy, data, size);
  copy[size] = '\0';
  return copy;
}

gboolean
fuzz_object_strings_valid (gpointer object)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs = 0;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      if (!(pspecs[i]->flags & G_PARAM_READABLE))
        continue;
      if (pspecs[i]->value_type == G_TYPE_STRING)
        {
          const char *text;

          g_value_init (&value, G_TYPE_STRING);
          g_object_get_property (object, pspecs[i]->name, &value);
          text = g_value_get_string (&value);
          if (text != NULL && !g_utf8_validate (text, -1, NULL))
            {
              g_printerr ("%s:%s is not valid UTF-8\n", G_OBJECT_TYPE_NAME (object), pspecs[i]->name);
              return FALSE;
            }
        }
      else if (pspecs[i]->value_type == G_TYPE_STRV)
        {
          const char * const *strv;

          g_value_init (&value, G_TYPE_STRV);
          g_object_get_property (object, pspecs[i]->name, &value);
          strv = g_value_get_boxed (&value);
          for (guint j = 0; strv != NULL && strv[j] != NULL; j++)
            if (!g_utf8_validate (strv[j], -1, NULL))
              {
                g_printerr ("%s:%s[%u] is not valid UTF-8\n", G_OBJECT_TYPE_NAME (object),
                            pspecs[i]->name, j);
                return FALSE;
              }
        }
    }
  return TRUE;
}
