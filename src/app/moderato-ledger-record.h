/* moderato-ledger-record.h — what the app's moderation records in the ledger
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "moderato-ledger.h"
#include "rumble-chat-api.h"

G_BEGIN_DECLS

/* The ledger of the running ModeratoApplication, or NULL (none, still opening, recording
 * off). Widgets and the moderation functions record and query through it. */
ModeratoLedger *moderato_ledger_record_get_default (void);

/* Records an action this client is about to send on @chat (the account, the stream, the
 * target's id and name as far as the chat knows them) and returns the handle for
 * moderato_ledger_record_end(); 0 when there is no ledger. @message_id for delete, pin and
 * unpin (NULL for unpin: the pinned message); @user_name for mute and unmute. */
gint64          moderato_ledger_record_begin       (RumbleChatApi        *chat,
                                                    ModeratoLedgerAction  action,
                                                    const char           *message_id,
                                                    const char           *user_name,
                                                    guint                 duration_s,
                                                    const char           *scope);
/* The outcome of @handle: done (@error NULL), ambiguous or refused with Rumble's reason. */
void            moderato_ledger_record_end         (gint64                handle,
                                                    const GError         *error);

G_END_DECLS
