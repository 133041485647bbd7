/* moderato-detect-rule.c — one highlight rule: a keyword or a regular expression
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both kinds compile to a GRegex (a keyword escaped, between word boundaries). GLib 2.74
 * matches with PCRE2, whose default match limit ends a runaway backtracking match with
 * G_REGEX_ERROR_MATCH ("backtracking limit reached") after a bounded amount of work; GRegex
 * has no setter for that limit, so a rule that hits it, or that is slow three times, is
 * disabled with the reason instead of costing that much on every message.
 */
#define G_LOG_DOMAIN "moderato-detect"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "moderato-detect-enums.h"
#include "moderato-detect-rule.h"

/* A match slower than this counts as a strike; three strikes disable the rule. */
#define SLOW_MATCH_US 20000
#define SLOW_STRIKES  3

struct _ModeratoDetectRule
{
  GObject                 parent_instance;

  char                   *id;
  char                   *name;
  ModeratoDetectRuleKind  kind;
  char                   *pattern;
  char                   *color;
  GRegex                 *regex;
  GError                 *error;
  guint                   strikes;
  guint                   case_insensitive : 1;
  guint                   notify : 1;
  guint                   enabled : 1;
};

G_DEFINE_FINAL_TYPE (ModeratoDetectRule, moderato_detect_rule, G_TYPE_OBJECT)
G_DEFINE_QUARK (moderato-detect-error-quark, moderato_detect_error)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_KIND,
  PROP_PATTERN,
  PROP_CASE_INSENSITIVE,
  PROP_COLOR,
  PROP_NOTIFY,
  PROP_ENABLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
moderato_detect_rule_finalize (GObject *object)
{
  ModeratoDetectRule *self = MODERATO_DETECT_RULE (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->pattern);
  g_free (self->color);
  g_clear_pointer (&self->regex, g_regex_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (moderato_detect_rule_parent_class)->finalize (object);
}

static void
moderato_detect_rule_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ModeratoDetectRule *self = MODERATO_DETECT_RULE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_PATTERN:
      g_value_set_string (value, self->pattern);
      break;
    case PROP_CASE_INSENSITIVE:
      g_value_set_boolean (value, self->case_insensitive);
      break;
    case PROP_COLOR:
      g_value_set_string (value, self->color);
      break;
    case PROP_NOTIFY:
      g_value_set_boolean (value, self->notify);
      break;
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_detect_rule_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  ModeratoDetectRule *self = MODERATO_DETECT_RULE (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      moderato_detect_rule_set_enabled (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_detect_rule_class_init (ModeratoDetectRuleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = moderato_detect_rule_finalize;
  object_class->get_property = moderato_detect_rule_get_property;
  object_class->set_property = moderato_detect_rule_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL,
                                             MODERATO_TYPE_DETECT_RULE_KIND,
                                             MODERATO_DETECT_RULE_KEYWORD, ro);
  properties[PROP_PATTERN] = g_param_spec_string ("pattern", NULL, NULL, NULL, ro);
  properties[PROP_CASE_INSENSITIVE] = g_param_spec_boolean ("case-insensitive", NULL, NULL,
                                                            TRUE, ro);
  properties[PROP_COLOR] = g_param_spec_string ("color", NULL, NULL, NULL, ro);
  properties[PROP_NOTIFY] = g_param_spec_boolean ("notify", NULL, NULL, FALSE, ro);
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
moderato_detect_rule_init (ModeratoDetectRule *self)
{
  self->enabled = TRUE;
}

/* "#rrggbb" in lowercase, or NULL when @color is not one. */
static char *
parse_color (const char *color)
{
  if (strlen (color) != 7 || color[0] != '#')
    return NULL;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (color[i]))
      return NULL;
  return g_ascii_strdown (color, -1);
}

ModeratoDetectRule *
moderato_detect_rule_new (const char              *id,
                          const char              *name,
                          ModeratoDetectRuleKind   kind,
                          const char              *pattern,
                          gboolean                 case_insensitive,
                          const char              *color,
                          gboolean                 notify,
                          GError                 **error)
{
  g_autoptr(ModeratoDetectRule) self = NULL;
  g_autofree char *source = NULL;
  g_autofree char *parsed_color = NULL;
  GRegexCompileFlags flags = G_REGEX_OPTIMIZE;

  g_return_val_if_fail (pattern != NULL, NULL);
  g_return_val_if_fail (kind == MODERATO_DETECT_RULE_KEYWORD ||
                        kind == MODERATO_DETECT_RULE_REGEX, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (*pattern == '\0' || !g_utf8_validate (pattern, -1, NULL))
    {
      g_set_error_literal (error, MODERATO_DETECT_ERROR, MODERATO_DETECT_ERROR_INVALID,
                           _("A rule needs a pattern."));
      return NULL;
    }
  if (color != NULL && *color != '\0' && (parsed_color = parse_color (color)) == NULL)
    {
      g_set_error (error, MODERATO_DETECT_ERROR, MODERATO_DETECT_ERROR_INVALID,
                   _("“%s” is not a colour of the form #rrggbb."), color);
      return NULL;
    }

  if (kind == MODERATO_DETECT_RULE_KEYWORD)
    {
      g_autofree char *escaped = g_regex_escape_string (pattern, -1);

      source = g_strconcat ("(?<!\\w)", escaped, "(?!\\w)", NULL);
    }
  else
    source = g_strdup (pattern);
  if (case_insensitive)
    flags |= G_REGEX_CASELESS;

  self = g_object_new (MODERATO_TYPE_DETECT_RULE, NULL);
  self->regex = g_regex_new (source, flags, G_REGEX_MATCH_DEFAULT, error);
  if (self->regex == NULL)
    return NULL;

  self->kind = kind;
  self->pattern = g_strdup (pattern);
  self->id = g_strdup (id != NULL && *id != '\0' ? id : pattern);
  self->name = g_strdup (name != NULL && *name != '\0' ? name : pattern);
  self->color = g_steal_pointer (&parsed_color);
  self->case_insensitive = !!case_insensitive;
  self->notify = !!notify;
  return g_steal_pointer (&self);
}

const char *
moderato_detect_rule_get_id (ModeratoDetectRule *self)
{
  g_return_val_if_fail (MODERATO_IS_DETECT_RULE (self), NULL);
  return self->id;
}

const char *
moderato_detect_rule_get_name (ModeratoDetectRule *self)
{
  g_return_val_if_fail (MODERATO_IS_DETECT_RULE (self), NULL);
  return self->name;
}

ModeratoDetectRuleKind
moderato_detect_rule_get_kind (ModeratoDetectRule *self)
{
  g_return_val_if_fail (MODERATO_IS_DETECT_RULE (self), MODERATO_DETECT_RULE_KEYWORD);
  return self->kind;
}

const char *
moderato_detect_rule_get_pattern (ModeratoDetectRule *self)
{
  g_return_val_if_fail (MODERATO_IS_DETECT_RULE (self), NULL);
  return self->pattern;
}

gboolean
moderato_detect_rule_get_case_insensitive (ModeratoDetectRule *self)
{
  g_return_val_if_fail (MODERATO_IS_DETECT_RULE (self), FALSE);
  return self->case_insensitive;
}

const char *
moderato_detect_rule_get_color (ModeratoDetectRule *self)
{
  g_return_val_if_fail (MODERATO_IS_DETECT_RULE (self), NULL);
  return self->color;
}

gboolean
moderato_detect_rule_get_notify (ModeratoDetectRule *self)
{
  g_return_val_if_fail (MODERATO_IS_DETECT_RULE (self), FALSE);
  return self->notify;
}

gboolean
moderato_detect_rule_get_enabled (ModeratoDetectRule *self)
{
  g_return_val_if_fail (MODERATO_IS_DETECT_RULE (self), FALSE);
  return self->enabled;
}

void
moderato_detect_rule_set_enabled (ModeratoDetectRule *self,
                                  gboolean            enabled)
{
  g_return_if_fail (MODERATO_IS_DETECT_RULE (self));

  enabled = !!enabled;
  if (self->enabled == (guint) enabled)
    return;
  self->enabled = enabled;
  if (enabled)
    {
      /* Turned on again by the user: a fresh start. */
      g_clear_error (&self->error);
      self->strikes = 0;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

const GError *
moderato_detect_rule_get_error (ModeratoDetectRule *self)
{
  g_return_val_if_fail (MODERATO_IS_DETECT_RULE (self), NULL);
  return self->error;
}

static void
fail (ModeratoDetectRule *self,
      GError             *error)
{
  g_clear_error (&self->error);
  self->error = error;
  self->enabled = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

gboolean
moderato_detect_rule_match (ModeratoDetectRule *self,
                            const char         *text,
                            gboolean           *out_failed)
{
  g_autoptr(GError) error = NULL;
  gint64 start;
  gboolean matched;

  g_return_val_if_fail (MODERATO_IS_DETECT_RULE (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (out_failed != NULL)
    *out_failed = FALSE;
  if (!self->enabled)
    return FALSE;

  start = g_get_monotonic_time ();
  matched = g_regex_match_full (self->regex, text, -1, 0, G_REGEX_MATCH_DEFAULT, NULL, &error);
  if (error != NULL)
    {
      fail (self, g_steal_pointer (&error));
      if (out_failed != NULL)
        *out_failed = TRUE;
      return FALSE;
    }
  if (g_get_monotonic_time () - start > SLOW_MATCH_US && ++self->strikes >= SLOW_STRIKES)
    {
      fail (self, g_error_new (MODERATO_DETECT_ERROR, MODERATO_DETECT_ERROR_TOO_SLOW,
                               _("The rule “%s” took too long on chat messages and was turned "
                                 "off."), self->name));
      if (out_failed != NULL)
        *out_failed = TRUE;
    }
  return matched;
}

/* ---- Settings ----------------------------------------------------------------------- */

GPtrArray *
moderato_detect_rules_from_variant (GVariant *value,
                                    GStrv    *out_refused)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GStrvBuilder) refused = g_strv_builder_new ();
  GVariantIter iter;
  const char *id, *name, *kind, *pattern, *color;
  gboolean case_insensitive, notify, enabled;

  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (g_variant_is_of_type (value, G_VARIANT_TYPE (MODERATO_DETECT_RULES_TYPE)),
                        NULL);

  g_variant_iter_init (&iter, value);
  while (g_variant_iter_next (&iter, "(&s&s&s&sb&sbb)", &id, &name, &kind, &pattern,
                              &case_insensitive, &color, &notify, &enabled))
    {
      g_autoptr(GError) error = NULL;
      ModeratoDetectRule *rule = NULL;

      if (g_str_equal (kind, "keyword") || g_str_equal (kind, "regex"))
        rule = moderato_detect_rule_new (id, name,
                                         g_str_equal (kind, "regex") ? MODERATO_DETECT_RULE_REGEX
                                                                     : MODERATO_DETECT_RULE_KEYWORD,
                                         pattern, case_insensitive, color, notify, &error);
      else
        g_set_error (&error, MODERATO_DETECT_ERROR, MODERATO_DETECT_ERROR_INVALID,
                     _("“%s” is not a kind of rule."), kind);
      if (rule == NULL)
        {
          g_autofree char *why = g_strdup_printf ("%s: %s", *name ? name : pattern,
                                                  error->message);

          g_strv_builder_add (refused, why);
          continue;
        }
      rule->enabled = !!enabled;
      g_ptr_array_add (rules, rule);
    }

  if (out_refused != NULL)
    *out_refused = g_strv_builder_end (refused);
  return g_steal_pointer (&rules);
}

GVariant *
moderato_detect_rules_to_variant (GPtrArray *rules)
{
  GVariantBuilder builder;

  g_return_val_if_fail (rules != NULL, NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE (MODERATO_DETECT_RULES_TYPE));
  for (guint i = 0; i < rules->len; i++)
    {
      ModeratoDetectRule *rule = g_ptr_array_index (rules, i);

      g_variant_builder_add (&builder, "(ssssbsbb)", rule->id, rule->name,
                             rule->kind == MODERATO_DETECT_RULE_REGEX ? "regex" : "keyword",
                             rule->pattern, rule->case_insensitive,
                             rule->color ? rule->color : "", rule->notify,
                             rule->enabled || rule->error != NULL);
    }
  return g_variant_builder_end (&builder);
}
