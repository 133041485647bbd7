/* test-mute-records.c — the muted-users page of a channel (rumble-mute-records.c)
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rumble-error.h"
#include "rumble-mute-records.h"

static void
test_mute_records_parse (void)
{
  const char *html =
    "<table><tr><td>Quillback_Tom</td><td><button class=\"unmute_action button-small\" "
    "data-username=\"Quillback_Tom\" data-record-id=\"4410021\">Unmute</button></td></tr>\n"
    "<tr><td>Northwind</td><td><button class=\"unmute_action button-small\" "
    "data-username=\"Northwind\" data-record-id=\"4410022\">Unmute</button></td></tr></table>"
    "<button class=\"other\" data-username=\"x\" data-record-id=\"1\">No</button>"
    "<button class=\"button-small unmute_action\" data-username=\"Am&amp;p\" "
    "data-record-id=\"77\">Unmute</button>"
    "<button class=\"unmute_action\" data-username=\"bad\" data-record-id=\"12abc\">Unmute</button>"
    "<button class=\"unmute_action\" data-record-id=\"5\">Unmute</button>"
    "<div><p><button class=\"unmute_action\" data-username=\"  Spaced  \" data-record-id=\" 9 \">";
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  const RumbleMuteRecord *record;

  records = rumble_mute_records_parse (html, strlen (html), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 4);

  record = g_ptr_array_index (records, 0);
  g_assert_cmpstr (record->username, ==, "Quillback_Tom");
  g_assert_cmpstr (record->record_id, ==, "4410021");
  record = g_ptr_array_index (records, 2);
  g_assert_cmpstr (record->username, ==, "Am&p");
  g_assert_cmpstr (record->record_id, ==, "77");
  record = g_ptr_array_index (records, 3);
  g_assert_cmpstr (record->username, ==, "Spaced");
  g_assert_cmpstr (record->record_id, ==, "9");

  record = rumble_mute_records_find (records, "Northwind");
  g_assert_cmpstr (record->record_id, ==, "4410022");
  record = rumble_mute_records_find (records, "quillback_tom");
  g_assert_cmpstr (record->record_id, ==, "4410021");
  g_assert_null (rumble_mute_records_find (records, "x"));
}

static void
test_mute_records_edge_cases (void)
{
  static const char *pages[] = {
    "",
    "<html><body><p>No muted users.</p></body></html>",
    "<<<>>> garbage \x01\x02 <button",
    "<button class=\"unmute_action button-small\" data-username=\"a\" data-record-id=\"\">",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *huge = NULL;
  GPtrArray *records;

  for (gsize i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      records = rumble_mute_records_parse (pages[i], strlen (pages[i]), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (records->len, ==, 0);
      g_ptr_array_unref (records);
    }

  huge = g_malloc0 (RUMBLE_MUTE_RECORDS_MAX_HTML + 2);
  memset (huge, 'a', RUMBLE_MUTE_RECORDS_MAX_HTML + 1);
  records = rumble_mute_records_parse (huge, RUMBLE_MUTE_RECORDS_MAX_HTML + 1, &error);
  g_assert_null (records);
  g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_TOO_LARGE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rumble/mute-records/parse", test_mute_records_parse);
  g_test_add_func ("/rumble/mute-records/edge-cases", test_mute_records_edge_cases);

  return g_test_run ();
}
