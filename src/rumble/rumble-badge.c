/* rumble-badge.c — a badge from the chat's `config.badges`
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rumble"

#include "config.h"

#include <string.h>

#include "rumble-badge.h"
#include "rumble-badge-private.h"

/* Longest icon path taken from the network. */
#define ICON_PATH_MAX    1024
/* Longest language tag of a label ("en", "pt-BR"…). */
#define LANGUAGE_TAG_MAX 16

struct _RumbleBadge
{
  GObject     parent_instance;

  char       *slug;
  char       *label;
  char       *icon_url;
  char       *icon_url_2x;
  GHashTable *labels;   /* lang -> label */
};

G_DEFINE_FINAL_TYPE (RumbleBadge, rumble_badge, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SLUG,
  PROP_LABEL,
  PROP_ICON_URL,
  PROP_ICON_URL_2X,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rumble_badge_finalize (GObject *object)
{
  RumbleBadge *self = (RumbleBadge *) object;

  g_free (self->slug);
  g_free (self->label);
  g_free (self->icon_url);
  g_free (self->icon_url_2x);
  g_clear_pointer (&self->labels, g_hash_table_unref);

  G_OBJECT_CLASS (rumble_badge_parent_class)->finalize (object);
}

static void
rumble_badge_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  RumbleBadge *self = RUMBLE_BADGE (object);

  switch (prop_id)
    {
    case PROP_SLUG: g_value_set_string (value, self->slug); break;
    case PROP_LABEL: g_value_set_string (value, self->label); break;
    case PROP_ICON_URL: g_value_set_string (value, self->icon_url); break;
    case PROP_ICON_URL_2X: g_value_set_string (value, self->icon_url_2x); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rumble_badge_class_init (RumbleBadgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = rumble_badge_finalize;
  object_class->get_property = rumble_badge_get_property;

  properties[PROP_SLUG] = g_param_spec_string ("slug", NULL, NULL, NULL, flags);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_ICON_URL] = g_param_spec_string ("icon-url", NULL, NULL, NULL, flags);
  properties[PROP_ICON_URL_2X] = g_param_spec_string ("icon-url-2x", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rumble_badge_init (RumbleBadge *self)
{
  self->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Badge icons are only loaded from Rumble itself (PROTOCOL.md §14.5): a path relative to
 * the site, without query or fragment. Absolute URLs are accepted only on the site's host. */
static char *
resolve_icon (const char *path,
              const char *site_url)
{
  g_autoptr(GUri) site = NULL;
  g_autoptr(GUri) uri = NULL;

  if (path == NULL || path[0] == '\0' || strlen (path) > ICON_PATH_MAX)
    return NULL;
  if (strpbrk (path, "?#") != NULL)
    return NULL;

  site = g_uri_parse (site_url, G_URI_FLAGS_NONE, NULL);
  if (site == NULL)
    return NULL;

  uri = g_uri_parse_relative (site, path, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return NULL;
  if (g_strcmp0 (g_uri_get_scheme (uri), g_uri_get_scheme (site)) != 0 ||
      g_strcmp0 (g_uri_get_host (uri), g_uri_get_host (site)) != 0 ||
      g_uri_get_port (uri) != g_uri_get_port (site))
    return NULL;

  return g_uri_to_string (uri);
}

RumbleBadge *
rumble_badge_new_from_json (const char       *slug,
                            JsonObject       *object,
                            const char       *site_url,
                            RumbleEventTally *tally)
{
  RumbleBadge *self;
  JsonObject *icons;
  JsonObject *label;
  g_autofree char *title = NULL;

  g_return_val_if_fail (slug != NULL, NULL);

  self = g_object_new (RUMBLE_TYPE_BADGE, NULL);
  self->slug = g_strdup (slug);

  if (object != NULL && (icons = rumble_json_get_object (object, "icons")) != NULL)
    {
      self->icon_url = resolve_icon (rumble_json_get_string (icons, "48"), site_url);
      self->icon_url_2x = resolve_icon (rumble_json_get_string (icons, "96"), site_url);
    }

  if (object != NULL && (label = rumble_json_get_object (object, "label")) != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (label);

      for (const GList *l = members; l != NULL; l = l->next)
        {
          char *text;

          if (strlen (l->data) > LANGUAGE_TAG_MAX)
            continue;
          text = rumble_json_dup_text (label, l->data, RUMBLE_NAME_MAX_BYTES, tally);
          if (text != NULL)
            g_hash_table_insert (self->labels, g_strdup (l->data), text);
        }
    }

  if (object != NULL)
    title = rumble_json_dup_text (object, "title", RUMBLE_NAME_MAX_BYTES, tally);
  if (title != NULL)
    self->label = g_steal_pointer (&title);
  else if (g_hash_table_contains (self->labels, "en"))
    self->label = g_strdup (g_hash_table_lookup (self->labels, "en"));
  else
    self->label = g_strdup (slug);

  return self;
}

const char *
rumble_badge_get_slug (RumbleBadge *self)
{
  g_return_val_if_fail (RUMBLE_IS_BADGE (self), NULL);
  return self->slug;
}

const char *
rumble_badge_get_label (RumbleBadge *self)
{
  g_return_val_if_fail (RUMBLE_IS_BADGE (self), NULL);
  return self->label;
}

const char *
rumble_badge_get_icon_url (RumbleBadge *self)
{
  g_return_val_if_fail (RUMBLE_IS_BADGE (self), NULL);
  return self->icon_url;
}

const char *
rumble_badge_get_icon_url_2x (RumbleBadge *self)
{
  g_return_val_if_fail (RUMBLE_IS_BADGE (self), NULL);
  return self->icon_url_2x;
}
