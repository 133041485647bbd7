/* test-util.c
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE   /* memmem */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "test-util.h"

char *
test_load_fixture (const char *name,
                   gsize      *out_len)
{
  g_autofree char *path = g_build_filename (TEST_DATA_DIR, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, out_len, &error);
  g_assert_no_error (error);
  return contents;
}

char *
test_load_fixture_compact (const char *name)
{
  g_autofree char *text = test_load_fixture (name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  json_generator_set_root (generator, json_parser_get_root (parser));
  return json_generator_to_data (generator, NULL);
}

static void
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
}

void
test_wait_for_flag (gboolean *flag,
                    guint     timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_once (timeout_ms, on_timeout, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_true (*flag);
}

void
test_wait_until (gboolean (*predicate) (gpointer data),
                 gpointer   data,
                 guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_once (timeout_ms, on_timeout, &timed_out);

  while (!predicate (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_true (predicate (data));
}

void
test_iterate_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add_once (ms, on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
test_contains (const char *data,
               gsize       len,
               const char *needle)
{
  gsize n = strlen (needle);

  return n > 0 && memmem (data, len, needle, n) != NULL;
}

void
test_assert_terminal_safe (const char *what,
                           const char *text)
{
  const char *end = NULL;

  if (!g_utf8_validate (text, -1, &end))
    g_error ("%s: invalid UTF-8 at byte %td", what, end - text);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || c == 0x061c ||
          c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
          (c >= 0x2066 && c <= 0x2069))
        g_error ("%s: U+%04X at byte %td of “%s”", what, c, p - text, g_strescape (text, NULL));
    }
}

guint
test_for_each_file (const char  *dir,
                    const char  *skip,
                    void       (*func) (const char *path,
                                        gpointer    data),
                    gpointer     data)
{
  g_autoptr(GDir) handle = NULL;
  const char *name;
  guint n = 0;

  if (g_strcmp0 (dir, skip) == 0 || (handle = g_dir_open (dir, 0, NULL)) == NULL)
    return 0;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;

      if (g_lstat (path, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        n += test_for_each_file (path, skip, func, data);
      else if (S_ISREG (st.st_mode) && st.st_size <= 64 * 1024 * 1024)
        {
          n++;
          func (path, data);
        }
    }
  return n;
}

struct _TestChanges {
  GListModel *model;
  GString    *record;
  gulong      handler;
};

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  TestChanges *self)
{
  if (self->record->len > 0)
    g_string_append_c (self->record, ',');
  g_string_append_printf (self->record, "%u-%u+%u", position, removed, added);
}

TestChanges *
test_changes_new (GListModel *model)
{
  TestChanges *self = g_new0 (TestChanges, 1);

  self->model = g_object_ref (model);
  self->record = g_string_new (NULL);
  self->handler = g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), self);
  return self;
}

char *
test_changes_take (TestChanges *self)
{
  char *ret = g_strdup (self->record->str);

  g_string_truncate (self->record, 0);
  return ret;
}

void
test_changes_clear (TestChanges *self)
{
  g_string_truncate (self->record, 0);
}

void
test_changes_free (TestChanges *self)
{
  g_clear_signal_handler (&self->handler, self->model);
  g_clear_object (&self->model);
  g_string_free (self->record, TRUE);
  g_free (self);
}
