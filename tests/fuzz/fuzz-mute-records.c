/* fuzz-mute-records.c — libFuzzer harness for the muting-page HTML parser
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: the page. Every record found must have the documented shape, and looking up
 * each record's own name must find a record of that name.
 */
#define G_LOG_DOMAIN "fuzz"

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "rumble-id.h"
#include "rumble-mute-records.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;

  records = rumble_mute_records_parse ((const char *) data, size, &error);
  g_assert_no_error (error);
  g_assert_nonnull (records);
  g_assert_cmpuint (records->len, <=, RUMBLE_MUTE_RECORDS_MAX_PER_PAGE);

  for (guint i = 0; i < records->len; i++)
    {
      const RumbleMuteRecord *record = g_ptr_array_index (records, i);
      const RumbleMuteRecord *found;
      g_autofree char *upper = NULL;

      g_assert_nonnull (record->username);
      g_assert_true (record->username[0] != '\0');
      g_assert_true (g_utf8_validate (record->username, -1, NULL));
      g_assert_true (rumble_id_is_b10 (record->record_id));

      found = rumble_mute_records_find (records, record->username);
      g_assert_nonnull (found);
      g_assert_cmpstr (found->username, ==, record->username);

      upper = g_ascii_strup (record->username, -1);
      found = rumble_mute_records_find (records, upper);
      g_assert_nonnull (found);
      g_assert_cmpint (g_ascii_strcasecmp (found->username, upper), ==, 0);
    }

  /* Records never have an empty name. */
  g_assert_null (rumble_mute_records_find (records, ""));
  return 0;
}
