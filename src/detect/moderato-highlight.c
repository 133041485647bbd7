/* moderato-highlight.c — a message that needs a moderator's eye, and why
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Immutable once made: read it with the getters.
 */
#define G_LOG_DOMAIN "moderato-detect"

#include "config.h"

#include "moderato-detect-enums.h"
#include "moderato-detect-private.h"

struct _ModeratoHighlight
{
  GObject                parent_instance;

  ModeratoHighlightKind  kind;
  ModeratoDetectRule    *rule;
  char                  *message_id;
  char                  *user_id;
  char                  *username;
  char                  *text;
  char                  *link;
  gint64                 time_us;
  gboolean               notify;
};

G_DEFINE_FINAL_TYPE (ModeratoHighlight, moderato_highlight, G_TYPE_OBJECT)

static void
moderato_highlight_finalize (GObject *object)
{
  ModeratoHighlight *self = MODERATO_HIGHLIGHT (object);

  g_clear_object (&self->rule);
  g_free (self->message_id);
  g_free (self->user_id);
  g_free (self->username);
  g_free (self->text);
  g_free (self->link);

  G_OBJECT_CLASS (moderato_highlight_parent_class)->finalize (object);
}

static void
moderato_highlight_class_init (ModeratoHighlightClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = moderato_highlight_finalize;
}

static void
moderato_highlight_init (ModeratoHighlight *self)
{
}

ModeratoHighlight *
moderato_highlight_new (ModeratoHighlightKind  kind,
                        ModeratoDetectRule    *rule,
                        gboolean               notify,
                        const char            *message_id,
                        const char            *user_id,
                        const char            *username,
                        const char            *text,
                        gint64                 time_us,
                        const char            *link)
{
  ModeratoHighlight *self = g_object_new (MODERATO_TYPE_HIGHLIGHT, NULL);

  self->kind = kind;
  self->rule = rule ? g_object_ref (rule) : NULL;
  self->notify = notify;
  self->message_id = g_strdup (message_id);
  self->user_id = g_strdup (user_id);
  self->username = g_strdup (username);
  self->text = g_strdup (text);
  self->time_us = time_us;
  self->link = g_strdup (link);
  return self;
}

ModeratoHighlightKind
moderato_highlight_get_kind (ModeratoHighlight *self)
{
  g_return_val_if_fail (MODERATO_IS_HIGHLIGHT (self), MODERATO_HIGHLIGHT_MENTION);
  return self->kind;
}

const char *
moderato_highlight_get_kind_nick (ModeratoHighlight *self)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (MODERATO_TYPE_HIGHLIGHT_KIND);
  GEnumValue *value;

  g_return_val_if_fail (MODERATO_IS_HIGHLIGHT (self), NULL);

  /* Nicks live as long as the type, which is static. */
  value = g_enum_get_value (klass, self->kind);
  return value ? value->value_nick : NULL;
}

const char *
moderato_highlight_get_message_id (ModeratoHighlight *self)
{
  g_return_val_if_fail (MODERATO_IS_HIGHLIGHT (self), NULL);
  return self->message_id;
}

const char *
moderato_highlight_get_user_id (ModeratoHighlight *self)
{
  g_return_val_if_fail (MODERATO_IS_HIGHLIGHT (self), NULL);
  return self->user_id;
}

const char *
moderato_highlight_get_username (ModeratoHighlight *self)
{
  g_return_val_if_fail (MODERATO_IS_HIGHLIGHT (self), NULL);
  return self->username;
}

const char *
moderato_highlight_get_text (ModeratoHighlight *self)
{
  g_return_val_if_fail (MODERATO_IS_HIGHLIGHT (self), NULL);
  return self->text;
}

gint64
moderato_highlight_get_time (ModeratoHighlight *self)
{
  g_return_val_if_fail (MODERATO_IS_HIGHLIGHT (self), 0);
  return self->time_us;
}

ModeratoDetectRule *
moderato_highlight_get_rule (ModeratoHighlight *self)
{
  g_return_val_if_fail (MODERATO_IS_HIGHLIGHT (self), NULL);
  return self->rule;
}

const char *
moderato_highlight_get_rule_name (ModeratoHighlight *self)
{
  g_return_val_if_fail (MODERATO_IS_HIGHLIGHT (self), NULL);
  return self->rule ? moderato_detect_rule_get_name (self->rule)
                    : moderato_highlight_get_kind_nick (self);
}

const char *
moderato_highlight_get_color (ModeratoHighlight *self)
{
  g_return_val_if_fail (MODERATO_IS_HIGHLIGHT (self), NULL);
  return self->rule ? moderato_detect_rule_get_color (self->rule) : NULL;
}

gboolean
moderato_highlight_get_notify (ModeratoHighlight *self)
{
  g_return_val_if_fail (MODERATO_IS_HIGHLIGHT (self), FALSE);
  return self->notify;
}

const char *
moderato_highlight_get_link (ModeratoHighlight *self)
{
  g_return_val_if_fail (MODERATO_IS_HIGHLIGHT (self), NULL);
  return self->link;
}
