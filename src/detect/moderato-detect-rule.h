/* moderato-detect-rule.h — one highlight rule: a keyword or a regular expression
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  MODERATO_DETECT_RULE_KEYWORD,   /* a word or phrase, matched at word boundaries */
  MODERATO_DETECT_RULE_REGEX,     /* a Perl-compatible regular expression (GRegex) */
} ModeratoDetectRuleKind;

#define MODERATO_DETECT_ERROR (moderato_detect_error_quark ())

typedef enum {
  MODERATO_DETECT_ERROR_INVALID,  /* a rule's field is unusable (empty pattern, bad colour) */
  MODERATO_DETECT_ERROR_TOO_SLOW, /* a rule took too long on messages and was disabled */
} ModeratoDetectError;

GQuark moderato_detect_error_quark (void);

/* The GVariant type of the `highlight-rules` key: one (id, name, kind, pattern,
 * case-insensitive, colour, notify, enabled) per rule; kind is "keyword" or "regex",
 * colour "#rrggbb" or "" for the default. */
#define MODERATO_DETECT_RULES_TYPE "a(ssssbsbb)"

#define MODERATO_TYPE_DETECT_RULE (moderato_detect_rule_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoDetectRule, moderato_detect_rule, MODERATO, DETECT_RULE, GObject)

/* A rule, or NULL with @error: a regular expression that does not compile fails with
 * GRegex's own error (G_REGEX_ERROR, its message says what and where); an empty pattern or
 * a @color that is not "#rrggbb" with MODERATO_DETECT_ERROR_INVALID. @id and @name may be
 * NULL (then made from the pattern); @color NULL or "" means the default highlight colour. */
ModeratoDetectRule *moderato_detect_rule_new          (const char              *id,
                                                       const char              *name,
                                                       ModeratoDetectRuleKind   kind,
                                                       const char              *pattern,
                                                       gboolean                 case_insensitive,
                                                       const char              *color,
                                                       gboolean                 notify,
                                                       GError                 **error)
  G_GNUC_WARN_UNUSED_RESULT;

const char            *moderato_detect_rule_get_id               (ModeratoDetectRule *self);
const char            *moderato_detect_rule_get_name             (ModeratoDetectRule *self);
ModeratoDetectRuleKind moderato_detect_rule_get_kind             (ModeratoDetectRule *self);
const char            *moderato_detect_rule_get_pattern          (ModeratoDetectRule *self);
gboolean               moderato_detect_rule_get_case_insensitive (ModeratoDetectRule *self);
/* "#rrggbb" (lowercase), or NULL for the default. */
const char            *moderato_detect_rule_get_color            (ModeratoDetectRule *self);
gboolean               moderato_detect_rule_get_notify           (ModeratoDetectRule *self);
/* FALSE when the user turned it off or when it failed (then get_error says why). */
gboolean               moderato_detect_rule_get_enabled          (ModeratoDetectRule *self);
void                   moderato_detect_rule_set_enabled          (ModeratoDetectRule *self,
                                                                  gboolean            enabled);
/* Why matching was given up: GRegex's G_REGEX_ERROR_MATCH (e.g. "backtracking limit
 * reached": PCRE2's match limit bounds every match) or MODERATO_DETECT_ERROR_TOO_SLOW;
 * NULL while the rule works. */
const GError          *moderato_detect_rule_get_error            (ModeratoDetectRule *self);

/* Whether @text matches. A match that fails (PCRE2's match limit) or that is too slow
 * three times disables the rule and sets its error: then FALSE and *@out_failed TRUE,
 * once. A disabled rule matches nothing and costs nothing. */
gboolean               moderato_detect_rule_match                (ModeratoDetectRule *self,
                                                                  const char         *text,
                                                                  gboolean           *out_failed);

/* Rules from a MODERATO_DETECT_RULES_TYPE value, in order; a rule that is refused is left
 * out and described in *@out_refused ("NAME: why", NULL-terminated, may be NULL). */
GPtrArray             *moderato_detect_rules_from_variant        (GVariant           *value,
                                                                  GStrv              *out_refused)
  G_GNUC_WARN_UNUSED_RESULT;
/* The value of @rules (ModeratoDetectRule) for the `highlight-rules` key (floating). */
GVariant              *moderato_detect_rules_to_variant          (GPtrArray          *rules);

G_END_DECLS
