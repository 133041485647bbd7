/* moderato-search-page.h — search the ledger: this stream or all history
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rumble-chat-api.h"

G_BEGIN_DECLS

#define MODERATO_TYPE_SEARCH_PAGE (moderato_search_page_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoSearchPage, moderato_search_page, MODERATO, SEARCH_PAGE, GtkWidget)

GtkWidget *moderato_search_page_new           (void) G_GNUC_WARN_UNUSED_RESULT;

/* The live chat (nullable): "this stream", and whose results can be deleted. */
void       moderato_search_page_set_chat      (ModeratoSearchPage *self,
                                               RumbleChatApi      *chat);
/* Puts the focus in the search entry. */
void       moderato_search_page_focus         (ModeratoSearchPage *self);

/* For tests: the results shown (ModeratoLedgerMessage, newest first), the inline error
 * (or NULL), and whether a search is running. */
GPtrArray  *moderato_search_page_get_results  (ModeratoSearchPage *self);
const char *moderato_search_page_get_error    (ModeratoSearchPage *self);
gboolean    moderato_search_page_get_busy     (ModeratoSearchPage *self);

G_END_DECLS
