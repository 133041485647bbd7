/* rumble-mute-records.h — the unmute buttons of Rumble's muting pages (PROTOCOL.md §4.4)
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Pages of /account/moderation/muting?pg=N walked before giving up. */
#define RUMBLE_MUTE_RECORDS_MAX_PAGES   50
/* Buttons read from one page; the rest are ignored. */
#define RUMBLE_MUTE_RECORDS_MAX_PER_PAGE 1000
/* Largest page parsed (bytes). */
#define RUMBLE_MUTE_RECORDS_MAX_HTML    (4 * 1024 * 1024)

typedef struct {
  char *username;
  char *record_id;   /* decimal */
} RumbleMuteRecord;

void        rumble_mute_record_free   (RumbleMuteRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RumbleMuteRecord, rumble_mute_record_free)

/* Every `<button class="unmute_action …" data-username=… data-record-id=…>` of a page,
 * in document order (array of RumbleMuteRecord). Buttons without a username or with a
 * record id that is not decimal are skipped. An empty array means "no more records".
 * NULL with an error only when @html is too large. */
GPtrArray  *rumble_mute_records_parse (const char *html,
                                       gsize       length,
                                       GError    **error);

/* The record for @username in @records: an exact match first, then one that differs only
 * in ASCII case. NULL if none. */
const RumbleMuteRecord *rumble_mute_records_find (GPtrArray  *records,
                                                  const char *username);

G_END_DECLS
