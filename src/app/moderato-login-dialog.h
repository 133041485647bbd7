/* moderato-login-dialog.h — the login window: password, then the second factor
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "moderato-account.h"

G_BEGIN_DECLS

#define MODERATO_TYPE_LOGIN_DIALOG (moderato_login_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoLoginDialog, moderato_login_dialog, MODERATO, LOGIN_DIALOG, AdwWindow)

/* Modal, transient for @parent (nullable). Closes itself once logged in. */
ModeratoLoginDialog *moderato_login_dialog_new           (GtkWindow           *parent,
                                                          ModeratoAccount     *account)
                                                          G_GNUC_WARN_UNUSED_RESULT;
ModeratoAccount     *moderato_login_dialog_get_account   (ModeratoLoginDialog *self);
/* Property "demo-hint": shows "Demo account: demo / demo". */
gboolean             moderato_login_dialog_get_demo_hint (ModeratoLoginDialog *self);
void                 moderato_login_dialog_set_demo_hint (ModeratoLoginDialog *self,
                                                          gboolean             demo_hint);

G_END_DECLS
