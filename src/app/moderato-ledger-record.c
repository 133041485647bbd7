/* moderato-ledger-record.c — what the app's moderation records in the ledger
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One place for moderato-moderation.c and moderato-bulk-delete.c: every request they send
 * is recorded before it goes out and gets its outcome when it comes back.
 */
#define G_LOG_DOMAIN "moderato-ledger-record"

#include "config.h"

#include "moderato-application.h"
#include "moderato-ledger-record.h"

ModeratoLedger *
moderato_ledger_record_get_default (void)
{
  GApplication *app = g_application_get_default ();

  if (app == NULL || !MODERATO_IS_APPLICATION (app))
    return NULL;
  return moderato_application_get_ledger (MODERATO_APPLICATION (app));
}

static const char *
account_name (void)
{
  GApplication *app = g_application_get_default ();
  ModeratoAccount *account;

  if (app == NULL || !MODERATO_IS_APPLICATION (app))
    return NULL;
  account = moderato_application_get_account (MODERATO_APPLICATION (app));
  return moderato_account_get_logged_in (account) ? moderato_account_get_username (account)
                                                  : NULL;
}

gint64
moderato_ledger_record_begin (RumbleChatApi        *chat,
                              ModeratoLedgerAction  action,
                              const char           *message_id,
                              const char           *user_name,
                              guint                 duration_s,
                              const char           *scope)
{
  ModeratoLedger *ledger = moderato_ledger_record_get_default ();

  g_return_val_if_fail (RUMBLE_IS_CHAT_API (chat), 0);

  if (ledger == NULL)
    return 0;
  return moderato_ledger_record_chat_action (ledger, chat, &(ModeratoLedgerActionInfo) {
                                               .account = account_name (),
                                               .action = action,
                                               .message_id = message_id,
                                               .user_name = user_name,
                                               .duration_s = duration_s,
                                               .scope = scope,
                                             });
}

void
moderato_ledger_record_end (gint64        handle,
                            const GError *error)
{
  ModeratoLedger *ledger = moderato_ledger_record_get_default ();

  if (ledger != NULL && handle != 0)
    moderato_ledger_action_finish (ledger, handle, error);
}
