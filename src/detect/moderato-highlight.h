/* moderato-highlight.h — a message that needs a moderator's eye, and why
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "moderato-detect-rule.h"

G_BEGIN_DECLS

/* Why a message is highlighted; a message that matches several gets the first in this order. */
typedef enum {
  MODERATO_HIGHLIGHT_MENTION,           /* names the logged-in account or one of its channels */
  MODERATO_HIGHLIGHT_WATCHED,           /* from a watched user */
  MODERATO_HIGHLIGHT_KEYWORD,           /* a keyword rule */
  MODERATO_HIGHLIGHT_REGEX,             /* a regular expression rule */
  MODERATO_HIGHLIGHT_NEW_ACCOUNT_LINK,  /* a link from an account new in this stream */
  MODERATO_HIGHLIGHT_FIRST_TIME,        /* an account's first message */
} ModeratoHighlightKind;

#define MODERATO_TYPE_HIGHLIGHT (moderato_highlight_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoHighlight, moderato_highlight, MODERATO, HIGHLIGHT, GObject)

ModeratoHighlightKind moderato_highlight_get_kind        (ModeratoHighlight *self);
/* "mention", "watched", "keyword", "regex", "new-account-link" or "first-time". */
const char           *moderato_highlight_get_kind_nick   (ModeratoHighlight *self);
const char           *moderato_highlight_get_message_id  (ModeratoHighlight *self);
const char           *moderato_highlight_get_user_id     (ModeratoHighlight *self);
const char           *moderato_highlight_get_username    (ModeratoHighlight *self);
const char           *moderato_highlight_get_text        (ModeratoHighlight *self);
/* The message's time, µs since the epoch. */
gint64                moderato_highlight_get_time        (ModeratoHighlight *self);
/* The rule (KEYWORD and REGEX only), or NULL. */
ModeratoDetectRule   *moderato_highlight_get_rule        (ModeratoHighlight *self);
/* The rule's name, or the kind's nick for the built-in kinds. */
const char           *moderato_highlight_get_rule_name   (ModeratoHighlight *self);
/* "#rrggbb" of the rule, or NULL: the view's colour for the kind. */
const char           *moderato_highlight_get_color       (ModeratoHighlight *self);
/* Whether a notification is wanted: mentions, watched accounts and new accounts' links do;
 * a rule says for itself; first-time chatters do not. */
gboolean              moderato_highlight_get_notify      (ModeratoHighlight *self);
/* NEW_ACCOUNT_LINK: the link; otherwise NULL. */
const char           *moderato_highlight_get_link        (ModeratoHighlight *self);

G_END_DECLS
