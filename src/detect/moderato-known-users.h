/* moderato-known-users.h — the accounts that chatted before: a compact set of user ids
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _ModeratoKnownUsers ModeratoKnownUsers;

/* A set of the decimal user ids in @ids (guint64, any order, duplicates allowed; taken). */
ModeratoKnownUsers *moderato_known_users_new_take    (GArray             *ids)
  G_GNUC_WARN_UNUSED_RESULT;
void                moderato_known_users_free        (ModeratoKnownUsers *self);

gboolean            moderato_known_users_contains    (ModeratoKnownUsers *self,
                                                      const char         *user_id);
/* Adds @user_id; TRUE when it was not known. An id that is not a decimal number is never
 * known, and never added: FALSE. */
gboolean            moderato_known_users_add         (ModeratoKnownUsers *self,
                                                      const char         *user_id);
guint               moderato_known_users_get_size    (ModeratoKnownUsers *self);
/* Bytes held by the set (its arrays' capacity). */
gsize               moderato_known_users_get_memory  (ModeratoKnownUsers *self);

/* A ModeratoFirstTimeFunc over a ModeratoKnownUsers (@user_data): an account is new when
 * the set did not know it, and known from then on. */
gboolean            moderato_known_users_first_time  (const char         *user_id,
                                                      const char         *username,
                                                      gpointer            user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ModeratoKnownUsers, moderato_known_users_free)

G_END_DECLS
