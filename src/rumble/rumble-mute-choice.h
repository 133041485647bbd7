/* rumble-mute-choice.h — the ways to mute offered to a moderator, said once
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rumble-chat-api.h"

G_BEGIN_DECLS

/* One way to mute a user or a channel identity. The labels are untranslated (N_()):
 * translate them with the caller's gettext domain. */
typedef struct {
  const char      *id;            /* "5m", "stream", "forever": menu targets, CLI options */
  const char      *label;         /* a menu item under "Mute", with a mnemonic */
  const char      *button_label;  /* a button or a sentence of its own */
  const char      *description;   /* a command line option's help; NULL: no option */
  guint            duration_s;    /* 0 = no time limit */
  RumbleMuteScope  scope;
} RumbleMuteChoice;

/* The choices in the order they are offered, ending with an entry whose id is NULL. */
const RumbleMuteChoice *rumble_mute_choices           (void);
/* The choice called @id, or NULL. */
const RumbleMuteChoice *rumble_mute_choice_lookup     (const char      *id);

/* "video" or "total", as the win.mute action and the wire spell it. */
const char             *rumble_mute_scope_to_string   (RumbleMuteScope  scope);
/* The reverse: FALSE for anything else. */
gboolean                rumble_mute_scope_from_string (const char      *text,
                                                       RumbleMuteScope *out_scope);

G_END_DECLS
