/* rumble-mute-records.c — the unmute buttons of Rumble's muting pages (PROTOCOL.md §4.4)
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rumble"

#include "config.h"

#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "rumble-error.h"
#include "rumble-id.h"
#include "rumble-mute-records.h"

/* Depth of nested elements visited; deeper subtrees are ignored. */
#define MAX_DEPTH 256

void
rumble_mute_record_free (RumbleMuteRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->username);
  g_free (record->record_id);
  g_free (record);
}

static gboolean
has_class (const char *classes,
           const char *wanted)
{
  g_auto(GStrv) tokens = NULL;

  if (classes == NULL)
    return FALSE;

  tokens = g_strsplit_set (classes, " \t\r\n\f", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      if (strcmp (tokens[i], wanted) == 0)
        return TRUE;
    }
  return FALSE;
}

static char *
get_attribute (xmlNode    *node,
               const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *ret;

  if (value == NULL)
    return NULL;
  ret = g_strstrip (g_strdup ((const char *) value));
  xmlFree (value);
  return ret;
}

static void
collect_buttons (xmlNode   *node,
                 GPtrArray *records,
                 guint      depth)
{
  if (depth > MAX_DEPTH)
    return;

  for (; node != NULL; node = node->next)
    {
      if (records->len >= RUMBLE_MUTE_RECORDS_MAX_PER_PAGE)
        return;

      if (node->type != XML_ELEMENT_NODE)
        continue;

      if (g_ascii_strcasecmp ((const char *) node->name, "button") == 0)
        {
          g_autofree char *classes = get_attribute (node, "class");

          if (has_class (classes, "unmute_action"))
            {
              g_autofree char *username = get_attribute (node, "data-username");
              g_autofree char *record_id = get_attribute (node, "data-record-id");

              if (username != NULL && username[0] != '\0' && record_id != NULL &&
                  rumble_id_is_b10 (record_id) &&
                  g_utf8_validate (username, -1, NULL))
                {
                  RumbleMuteRecord *record = g_new0 (RumbleMuteRecord, 1);

                  record->username = g_steal_pointer (&username);
                  record->record_id = g_steal_pointer (&record_id);
                  g_ptr_array_add (records, record);
                }
            }
        }

      collect_buttons (node->children, records, depth + 1);
    }
}

GPtrArray *
rumble_mute_records_parse (const char  *html,
                           gsize        length,
                           GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  htmlDocPtr doc;

  g_return_val_if_fail (html != NULL || length == 0, NULL);

  if (length > RUMBLE_MUTE_RECORDS_MAX_HTML)
    {
      g_set_error (error, RUMBLE_ERROR, RUMBLE_ERROR_TOO_LARGE,
                   "The muting page is larger than %d bytes.", RUMBLE_MUTE_RECORDS_MAX_HTML);
      return NULL;
    }

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) rumble_mute_record_free);
  if (length == 0)
    return g_steal_pointer (&records);

  doc = htmlReadMemory (html, (int) length, NULL, "UTF-8",
                        HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        HTML_PARSE_RECOVER | HTML_PARSE_COMPACT);
  if (doc == NULL)
    return g_steal_pointer (&records);

  collect_buttons (xmlDocGetRootElement (doc), records, 0);
  xmlFreeDoc (doc);

  return g_steal_pointer (&records);
}

const RumbleMuteRecord *
rumble_mute_records_find (GPtrArray  *records,
                          const char *username)
{
  g_return_val_if_fail (records != NULL, NULL);
  g_return_val_if_fail (username != NULL, NULL);

  for (guint i = 0; i < records->len; i++)
    {
      const RumbleMuteRecord *record = g_ptr_array_index (records, i);

      if (strcmp (record->username, username) == 0)
        return record;
    }

  for (guint i = 0; i < records->len; i++)
    {
      const RumbleMuteRecord *record = g_ptr_array_index (records, i);

      if (g_ascii_strcasecmp (record->username, username) == 0)
        return record;
    }

  return NULL;
}
