/* rumble-emotes.c — a chat's native emote catalogue, and finding `:name:` tokens in text
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PROTOCOL.md §14.5. Messages carry emotes as plain text; the web client shows an
 * image for an exact, case-sensitive `:name:` whose name is in the catalogue, and so
 * do we. The catalogue is untrusted network data: it is bounded in size, and every
 * name and URL is checked before it can reach the view or the image loader.
 */
#define G_LOG_DOMAIN "rumble"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "rumble-emotes.h"
#include "rumble-error.h"
#include "rumble-http-private.h"
#include "rumble-id.h"
#include "rumble-json-private.h"
#include "rumble-url-policy.h"

#define DEFAULT_SITE_URL "https://rumble.com"
/* Group and channel ids are short numbers; anything longer is not one. */
#define ID_MAX_LEN 64

/* RumbleEmote */

struct _RumbleEmote
{
  GObject   parent_instance;

  char     *name;
  char     *url;
  char     *group_id;
  char     *channel_id;
  guint     position;
  gboolean  subs_only;
};

G_DEFINE_FINAL_TYPE (RumbleEmote, rumble_emote, G_TYPE_OBJECT)

enum {
  EMOTE_PROP_0,
  EMOTE_PROP_NAME,
  EMOTE_PROP_URL,
  EMOTE_PROP_GROUP_ID,
  EMOTE_PROP_CHANNEL_ID,
  EMOTE_PROP_SUBS_ONLY,
  EMOTE_PROP_POSITION,
  EMOTE_N_PROPS
};

static GParamSpec *emote_properties[EMOTE_N_PROPS];

static void
rumble_emote_finalize (GObject *object)
{
  RumbleEmote *self = (RumbleEmote *) object;

  g_free (self->name);
  g_free (self->url);
  g_free (self->group_id);
  g_free (self->channel_id);

  G_OBJECT_CLASS (rumble_emote_parent_class)->finalize (object);
}

static void
rumble_emote_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  RumbleEmote *self = RUMBLE_EMOTE (object);

  switch (prop_id)
    {
    case EMOTE_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case EMOTE_PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case EMOTE_PROP_GROUP_ID:
      g_value_set_string (value, self->group_id);
      break;
    case EMOTE_PROP_CHANNEL_ID:
      g_value_set_string (value, self->channel_id);
      break;
    case EMOTE_PROP_SUBS_ONLY:
      g_value_set_boolean (value, self->subs_only);
      break;
    case EMOTE_PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rumble_emote_class_init (RumbleEmoteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rumble_emote_finalize;
  object_class->get_property = rumble_emote_get_property;

  /* Read-only: an emote never changes; a new catalogue brings new objects. */
  emote_properties[EMOTE_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  emote_properties[EMOTE_PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  emote_properties[EMOTE_PROP_GROUP_ID] =
    g_param_spec_string ("group-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  emote_properties[EMOTE_PROP_CHANNEL_ID] =
    g_param_spec_string ("channel-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  emote_properties[EMOTE_PROP_SUBS_ONLY] =
    g_param_spec_boolean ("subs-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  emote_properties[EMOTE_PROP_POSITION] =
    g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, EMOTE_N_PROPS, emote_properties);
}

static void
rumble_emote_init (RumbleEmote *self)
{
}

const char *
rumble_emote_get_name (RumbleEmote *self)
{
  g_return_val_if_fail (RUMBLE_IS_EMOTE (self), NULL);

  return self->name;
}

const char *
rumble_emote_get_url (RumbleEmote *self)
{
  g_return_val_if_fail (RUMBLE_IS_EMOTE (self), NULL);

  return self->url;
}

const char *
rumble_emote_get_group_id (RumbleEmote *self)
{
  g_return_val_if_fail (RUMBLE_IS_EMOTE (self), NULL);

  return self->group_id;
}

const char *
rumble_emote_get_channel_id (RumbleEmote *self)
{
  g_return_val_if_fail (RUMBLE_IS_EMOTE (self), NULL);

  return self->channel_id;
}

gboolean
rumble_emote_get_subs_only (RumbleEmote *self)
{
  g_return_val_if_fail (RUMBLE_IS_EMOTE (self), FALSE);

  return self->subs_only;
}

guint
rumble_emote_get_position (RumbleEmote *self)
{
  g_return_val_if_fail (RUMBLE_IS_EMOTE (self), 0);

  return self->position;
}

char *
rumble_emote_dup_token (RumbleEmote *self)
{
  g_return_val_if_fail (RUMBLE_IS_EMOTE (self), NULL);

  return g_strconcat (":", self->name, ":", NULL);
}

/* RumbleEmotes */

struct _RumbleEmotes
{
  GObject     parent_instance;

  GPtrArray  *emotes;    /* of RumbleEmote, in catalogue order */
  GHashTable *by_name;   /* name (owned by the emote) → RumbleEmote (owned by emotes) */
  char       *stream_id;
  guint       fetch_serial;
};

static void rumble_emotes_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RumbleEmotes, rumble_emotes, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      rumble_emotes_list_model_init))

enum {
  PROP_0,
  PROP_STREAM_ID,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
rumble_emotes_get_item_type (GListModel *model)
{
  return RUMBLE_TYPE_EMOTE;
}

static guint
rumble_emotes_get_n_items (GListModel *model)
{
  return RUMBLE_EMOTES (model)->emotes->len;
}

static gpointer
rumble_emotes_get_item (GListModel *model,
                        guint       position)
{
  RumbleEmotes *self = RUMBLE_EMOTES (model);

  if (position >= self->emotes->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->emotes, position));
}

static void
rumble_emotes_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = rumble_emotes_get_item_type;
  iface->get_n_items = rumble_emotes_get_n_items;
  iface->get_item = rumble_emotes_get_item;
}

static void
rumble_emotes_finalize (GObject *object)
{
  RumbleEmotes *self = (RumbleEmotes *) object;

  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_pointer (&self->emotes, g_ptr_array_unref);
  g_clear_pointer (&self->stream_id, g_free);

  G_OBJECT_CLASS (rumble_emotes_parent_class)->finalize (object);
}

static void
rumble_emotes_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RumbleEmotes *self = RUMBLE_EMOTES (object);

  switch (prop_id)
    {
    case PROP_STREAM_ID:
      g_value_set_string (value, self->stream_id);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->emotes->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rumble_emotes_class_init (RumbleEmotesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rumble_emotes_finalize;
  object_class->get_property = rumble_emotes_get_property;

  properties[PROP_STREAM_ID] =
    g_param_spec_string ("stream-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rumble_emotes_init (RumbleEmotes *self)
{
  self->emotes = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
}

RumbleEmotes *
rumble_emotes_new (void)
{
  return g_object_new (RUMBLE_TYPE_EMOTES, NULL);
}

const char *
rumble_emotes_get_stream_id (RumbleEmotes *self)
{
  g_return_val_if_fail (RUMBLE_IS_EMOTES (self), NULL);

  return self->stream_id;
}

/* Swaps in a new catalogue with a single items-changed. Takes both containers. */
static void
replace_catalogue (RumbleEmotes *self,
                   GPtrArray    *emotes,
                   GHashTable   *by_name,
                   const char   *stream_id)
{
  guint removed = self->emotes->len;
  guint added = emotes->len;
  gboolean stream_changed = g_strcmp0 (self->stream_id, stream_id) != 0;

  /* The index borrows its keys from the emotes, so it goes first. */
  g_hash_table_unref (self->by_name);
  self->by_name = by_name;
  g_ptr_array_unref (self->emotes);
  self->emotes = emotes;

  if (stream_changed)
    {
      g_free (self->stream_id);
      self->stream_id = g_strdup (stream_id);
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  if (stream_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STREAM_ID]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
rumble_emotes_clear (RumbleEmotes *self)
{
  g_return_if_fail (RUMBLE_IS_EMOTES (self));

  if (self->emotes->len == 0 && self->stream_id == NULL)
    return;

  replace_catalogue (self,
                     g_ptr_array_new_with_free_func (g_object_unref),
                     g_hash_table_new (g_str_hash, g_str_equal),
                     NULL);
}

/* Parsing */

/* The characters a name may hold. Never ':' or space, so a token cannot straddle
 * another; the `+` is for the global "r+" prefix. */
static inline gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '-' || c == '+' || c == '.';
}

static gboolean
is_valid_name (const char *name,
               gsize       len)
{
  if (len == 0 || len > RUMBLE_EMOTES_MAX_NAME_LEN)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!is_name_char (name[i]))
        return FALSE;
    }
  return TRUE;
}

/* Only an absolute https URL (http on loopback, for the fake server) may go to the
 * image loader. */
static gboolean
is_valid_image_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (strlen (url) > RUMBLE_EMOTES_MAX_URL_LEN)
    return FALSE;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (host == NULL || host[0] == '\0' || g_uri_get_userinfo (uri) != NULL)
    return FALSE;
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  return g_ascii_strcasecmp (scheme, "http") == 0 && rumble_url_policy_host_is_loopback (host);
}

/* An id that may come as a JSON number or string; NULL when absent, null or unusable. */
static char *
dup_id (JsonObject *object,
        const char *member)
{
  JsonNode *node;

  if (!json_object_has_member (object, member))
    return NULL;
  node = json_object_get_member (object, member);
  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      gsize len = strlen (text);

      if (len == 0 || len > ID_MAX_LEN)
        return NULL;
      for (gsize i = 0; i < len; i++)
        {
          if (!g_ascii_isgraph (text[i]))
            return NULL;
        }
      return g_strdup (text);
    }

  return NULL;
}

static gboolean
get_flag (JsonObject *object,
          const char *member)
{
  JsonNode *node;

  if (!json_object_has_member (object, member))
    return FALSE;
  node = json_object_get_member (object, member);
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node) != 0;
  return FALSE;
}

/* The `position`, or @fallback when it is missing or not a small non-negative integer. */
static guint
get_position (JsonObject *object,
              guint       fallback)
{
  JsonNode *node;
  gint64 value;

  if (!json_object_has_member (object, "position"))
    return fallback;
  node = json_object_get_member (object, "position");
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  value = json_node_get_int (node);
  if (value < 0 || value > G_MAXUINT)
    return fallback;
  return (guint) value;
}

static int
compare_position (gconstpointer a,
                  gconstpointer b)
{
  const RumbleEmote *ea = *(RumbleEmote * const *) a;
  const RumbleEmote *eb = *(RumbleEmote * const *) b;

  return (ea->position > eb->position) - (ea->position < eb->position);
}

static RumbleEmote *
parse_emote (JsonObject *object,
             const char *group_id,
             const char *channel_id,
             guint       index)
{
  const char *name = rumble_json_get_string (object, "name");
  const char *file = rumble_json_get_string (object, "file");
  RumbleEmote *emote;

  if (name == NULL || !is_valid_name (name, strlen (name)))
    {
      g_debug ("Skipping an emote with an unusable name");
      return NULL;
    }
  if (file == NULL || !is_valid_image_url (file))
    {
      g_debug ("Skipping emote %s: unusable image URL", name);
      return NULL;
    }

  emote = g_object_new (RUMBLE_TYPE_EMOTE, NULL);
  emote->name = g_strdup (name);
  emote->url = g_strdup (file);
  emote->group_id = g_strdup (group_id);
  emote->channel_id = g_strdup (channel_id);
  emote->subs_only = get_flag (object, "is_subs_only");
  emote->position = get_position (object, index);
  return emote;
}

/* Reads data.items[] into a new list and index; FALSE when the shape is wrong. */
static gboolean
parse_catalogue (JsonObject  *root,
                 GPtrArray  **out_emotes,
                 GHashTable **out_by_name,
                 GError     **error)
{
  g_autoptr(GPtrArray) emotes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *data = rumble_json_get_object (root, "data");
  JsonNode *items_node;
  JsonArray *items;
  guint n_groups;

  if (data == NULL || !json_object_has_member (data, "items") ||
      !JSON_NODE_HOLDS_ARRAY ((items_node = json_object_get_member (data, "items"))))
    {
      g_set_error_literal (error, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL,
                           "The emote list has no data.items.");
      return FALSE;
    }

  items = json_node_get_array (items_node);
  n_groups = json_array_get_length (items);
  if (n_groups > RUMBLE_EMOTES_MAX_GROUPS)
    {
      g_debug ("The emote list has %u groups; keeping the first %u",
               n_groups, RUMBLE_EMOTES_MAX_GROUPS);
      n_groups = RUMBLE_EMOTES_MAX_GROUPS;
    }

  for (guint g = 0; g < n_groups && emotes->len < RUMBLE_EMOTES_MAX_EMOTES; g++)
    {
      JsonNode *group_node = json_array_get_element (items, g);
      g_autoptr(GPtrArray) group_emotes = NULL;
      g_autofree char *group_id = NULL;
      g_autofree char *channel_id = NULL;
      JsonObject *group;
      JsonNode *list_node;
      JsonArray *list;
      guint n;

      if (!JSON_NODE_HOLDS_OBJECT (group_node))
        continue;
      group = json_node_get_object (group_node);
      if (!json_object_has_member (group, "emotes") ||
          !JSON_NODE_HOLDS_ARRAY ((list_node = json_object_get_member (group, "emotes"))))
        continue;

      group_id = dup_id (group, "id");
      channel_id = dup_id (group, "channel_id");
      list = json_node_get_array (list_node);
      n = json_array_get_length (list);
      group_emotes = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < n && emotes->len + group_emotes->len < RUMBLE_EMOTES_MAX_EMOTES; i++)
        {
          JsonNode *node = json_array_get_element (list, i);
          RumbleEmote *emote;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          emote = parse_emote (json_node_get_object (node), group_id ? group_id : "", channel_id,
                               i);
          if (emote != NULL)
            g_ptr_array_add (group_emotes, emote);
        }

      /* Stable, so equal positions keep the server's order. */
      g_ptr_array_sort (group_emotes, compare_position);

      for (guint i = 0; i < group_emotes->len; i++)
        {
          RumbleEmote *emote = g_ptr_array_index (group_emotes, i);

          /* A name must mean one image: the first one served wins. */
          if (g_hash_table_contains (by_name, emote->name))
            {
              g_debug ("Skipping duplicate emote name %s", emote->name);
              continue;
            }
          g_ptr_array_add (emotes, g_object_ref (emote));
          g_hash_table_insert (by_name, emote->name, emote);
        }
    }

  *out_emotes = g_steal_pointer (&emotes);
  *out_by_name = g_steal_pointer (&by_name);
  return TRUE;
}

gboolean
rumble_emotes_load_from_data (RumbleEmotes  *self,
                              const char    *stream_id_b10,
                              const char    *json,
                              gssize         len,
                              GError       **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  GPtrArray *emotes = NULL;
  GHashTable *by_name = NULL;
  JsonNode *root;

  g_return_val_if_fail (RUMBLE_IS_EMOTES (self), FALSE);
  g_return_val_if_fail (json != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (len < 0)
    len = strlen (json);

  parser = json_parser_new_immutable ();
  if (len == 0 || !rumble_json_check_text (json, (gsize) len, NULL) ||
      !json_parser_load_from_data (parser, json, len, &local_error))
    {
      g_set_error_literal (error, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL,
                           "The emote list is not JSON.");
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL,
                           "The emote list is not a JSON object.");
      return FALSE;
    }

  if (!parse_catalogue (json_node_get_object (root), &emotes, &by_name, error))
    return FALSE;

  replace_catalogue (self, emotes, by_name, stream_id_b10);
  return TRUE;
}

/* Fetching */

typedef struct {
  guint  serial;
  char  *stream_id;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_free (data->stream_id);
  g_free (data);
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RumbleEmotes *self = g_task_get_source_object (task);
  FetchData *data = g_task_get_task_data (task);
  g_autoptr(RumbleHttpReply) reply = NULL;
  g_autoptr(JsonObject) root = NULL;
  GPtrArray *emotes = NULL;
  GHashTable *by_name = NULL;
  GError *error = NULL;

  reply = rumble_http_request_finish (result, &error);

  /* A later fetch owns the catalogue now, whatever became of this one. */
  if (data->serial != self->fetch_serial)
    {
      g_clear_error (&error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "A newer emote list was requested.");
      return;
    }

  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  root = rumble_http_reply_get_object (reply, RUMBLE_ERROR_PROTOCOL, &error);
  if (root == NULL || !parse_catalogue (root, &emotes, &by_name, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_debug ("Loaded %u emotes for stream %s", emotes->len, data->stream_id);
  replace_catalogue (self, emotes, by_name, data->stream_id);
  g_task_return_boolean (task, TRUE);
}

void
rumble_emotes_fetch_async (RumbleEmotes        *self,
                           SoupSession         *session,
                           const char          *site_url,
                           const char          *stream_id_b10,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *query = NULL;
  g_autofree char *url = NULL;
  FetchData *data;

  g_return_if_fail (RUMBLE_IS_EMOTES (self));
  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rumble_emotes_fetch_async);

  if (stream_id_b10 == NULL || !rumble_id_is_b10 (stream_id_b10))
    {
      g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT,
                               "The emote list needs a decimal stream id.");
      return;
    }

  /* Another chat's emotes must not show in this one, not even until the fetch ends. */
  if (g_strcmp0 (self->stream_id, stream_id_b10) != 0)
    rumble_emotes_clear (self);

  data = g_new0 (FetchData, 1);
  data->serial = ++self->fetch_serial;
  data->stream_id = g_strdup (stream_id_b10);
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);

  /* The id is all digits: safe in a query as is. */
  query = g_strconcat ("chat_id=", stream_id_b10, NULL);
  url = rumble_http_service_url (site_url != NULL ? site_url : DEFAULT_SITE_URL,
                                 "emote.list", query);
  rumble_http_request_async (session, SOUP_METHOD_GET, url, NULL, NULL, NULL,
                             RUMBLE_HTTP_BROWSER_UA, cancellable,
                             on_fetched, g_steal_pointer (&task));
}

gboolean
rumble_emotes_fetch_finish (RumbleEmotes  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (RUMBLE_IS_EMOTES (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rumble_emotes_fetch_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Lookups */

RumbleEmote *
rumble_emotes_lookup_len (RumbleEmotes *self,
                          const char   *name,
                          gsize         len)
{
  char key[RUMBLE_EMOTES_MAX_NAME_LEN + 1];

  g_return_val_if_fail (RUMBLE_IS_EMOTES (self), NULL);
  g_return_val_if_fail (name != NULL || len == 0, NULL);

  /* Every catalogue name passed is_valid_name(), so anything else cannot match;
   * checking first also keeps a NUL in @name from matching a shorter name. */
  if (!is_valid_name (name, len))
    return NULL;

  /* A stack copy, so tokenizing a message allocates nothing per candidate. */
  memcpy (key, name, len);
  key[len] = '\0';
  return g_hash_table_lookup (self->by_name, key);
}

RumbleEmote *
rumble_emotes_lookup (RumbleEmotes *self,
                      const char   *name)
{
  g_return_val_if_fail (RUMBLE_IS_EMOTES (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return rumble_emotes_lookup_len (self, name, strlen (name));
}

char **
rumble_emotes_dup_names (RumbleEmotes *self)
{
  char **names;

  g_return_val_if_fail (RUMBLE_IS_EMOTES (self), NULL);

  names = g_new (char *, self->emotes->len + 1);
  for (guint i = 0; i < self->emotes->len; i++)
    names[i] = g_strdup (((RumbleEmote *) g_ptr_array_index (self->emotes, i))->name);
  names[self->emotes->len] = NULL;
  return names;
}

GArray *
rumble_emotes_find_spans (RumbleEmotes *self,
                          const char   *text,
                          gssize        len)
{
  GArray *spans;
  const char *p;
  const char *end;

  g_return_val_if_fail (RUMBLE_IS_EMOTES (self), NULL);
  g_return_val_if_fail (text != NULL || len <= 0, NULL);

  spans = g_array_new (FALSE, FALSE, sizeof (RumbleEmoteSpan));
  if (text == NULL || len == 0 || self->emotes->len == 0)
    return spans;
  if (len < 0)
    len = strlen (text);

  p = text;
  end = text + len;
  while (spans->len < RUMBLE_EMOTES_MAX_SPANS)
    {
      const char *open = memchr (p, ':', end - p);
      const char *name;
      const char *close;
      RumbleEmote *emote;

      if (open == NULL)
        break;
      name = open + 1;
      /* No name is longer than the maximum, so the search for the closing colon is
       * bounded and the whole scan stays linear. */
      close = memchr (name, ':', MIN ((gsize) (end - name),
                                      (gsize) RUMBLE_EMOTES_MAX_NAME_LEN + 1));
      if (close == NULL)
        {
          p = name;
          continue;
        }

      emote = rumble_emotes_lookup_len (self, name, close - name);
      if (emote == NULL)
        {
          /* That closing colon may open the next token: "a:b:smile:". */
          p = close;
          continue;
        }

      g_array_append_val (spans, ((RumbleEmoteSpan) {
        .start = open - text,
        .end = close + 1 - text,
        .url = emote->url,
        .emote = emote,
      }));
      p = close + 1;
    }

  return spans;
}
