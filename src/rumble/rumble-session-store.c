/* rumble-session-store.c — the `u_s` session token in the keyring (libsecret)
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rumble-session-store"

#include "config.h"

#include <string.h>

#include <libsecret/secret.h>

#include "rumble-session-store.h"

struct _RumbleSessionStore
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (RumbleSessionStore, rumble_session_store, G_TYPE_OBJECT)

static const SecretSchema *
get_schema (void)
{
  /* Designated initializers: a positional one trips -Wmissing-field-initializers. */
  static const SecretSchema schema = {
    .name = RUMBLE_SESSION_STORE_SCHEMA,
    .flags = SECRET_SCHEMA_NONE,
    .attributes = {
      { .name = "username", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = "site", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = NULL, .type = 0 },
    },
  };

  return &schema;
}

static void
rumble_session_store_class_init (RumbleSessionStoreClass *klass)
{
}

static void
rumble_session_store_init (RumbleSessionStore *self)
{
}

RumbleSessionStore *
rumble_session_store_new (void)
{
  return g_object_new (RUMBLE_TYPE_SESSION_STORE, NULL);
}

gboolean
rumble_session_store_error_is_unavailable (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

/* The site attribute: the URL without trailing slashes, scheme and host in lowercase. */
static char *
normalize_site (const char *site_url)
{
  g_autoptr(GUri) uri = g_uri_parse (site_url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *text = NULL;
  gsize len;

  if (uri != NULL && g_uri_get_host (uri) != NULL)
    {
      g_autofree char *scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
      g_autofree char *host = g_ascii_strdown (g_uri_get_host (uri), -1);
      g_autoptr(GUri) normal = g_uri_build (G_URI_FLAGS_NONE, scheme, NULL, host,
                                            g_uri_get_port (uri), g_uri_get_path (uri),
                                            NULL, NULL);

      text = g_uri_to_string (normal);
    }
  else
    text = g_strdup (site_url);

  len = strlen (text);
  while (len > 0 && text[len - 1] == '/')
    text[--len] = '\0';
  return g_steal_pointer (&text);
}

static GHashTable *
new_attributes (const char *site_url,
                const char *username)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (gpointer) "site", normalize_site (site_url));
  if (username != NULL)
    g_hash_table_insert (attributes, (gpointer) "username", g_strdup (username));
  return attributes;
}

/* Every failure of the Secret Service (no bus, no daemon, no collection, locked…) means
 * the same to the user: the session cannot be remembered. */
static GError *
map_error (GError *error)
{
  GError *mapped;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  g_debug ("Secret Service: %s", error->message);
  mapped = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                        "The session cannot be remembered because no keyring is available (%s).",
                        error->message);
  g_error_free (error);
  return mapped;
}

/* Store */

static void
on_stored (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      g_task_return_error (task, map_error (error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
rumble_session_store_store_async (RumbleSessionStore  *self,
                                  const char          *site_url,
                                  const char          *username,
                                  const char          *token,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (RUMBLE_IS_SESSION_STORE (self));
  g_return_if_fail (site_url != NULL);
  g_return_if_fail (username != NULL);
  g_return_if_fail (token != NULL && token[0] != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rumble_session_store_store_async);

  attributes = new_attributes (site_url, username);
  label = g_strdup_printf ("Moderato: Rumble session of %s on %s", username,
                           (const char *) g_hash_table_lookup (attributes, "site"));

  secret_password_storev (get_schema (), attributes, SECRET_COLLECTION_DEFAULT, label, token,
                          cancellable, on_stored, g_steal_pointer (&task));
}

gboolean
rumble_session_store_store_finish (RumbleSessionStore  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (RUMBLE_IS_SESSION_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Lookup */

typedef struct {
  char *username;
  char *token;
} LookupResult;

static void
lookup_result_free (LookupResult *lookup)
{
  g_free (lookup->username);
  if (lookup->token != NULL)
    secret_password_free (lookup->token);
  g_free (lookup);
}

static void
on_looked_up (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LookupResult *lookup = g_task_get_task_data (task);
  GError *error = NULL;

  lookup->token = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, map_error (error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_secret_retrieved (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LookupResult *lookup = g_task_get_task_data (task);
  g_autoptr(SecretValue) value = NULL;
  GError *error = NULL;
  const char *text;

  value = secret_retrievable_retrieve_secret_finish (SECRET_RETRIEVABLE (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, map_error (error));
      return;
    }

  text = value != NULL ? secret_value_get_text (value) : NULL;
  if (text != NULL && text[0] != '\0')
    {
      g_autoptr(GHashTable) attributes =
        secret_retrievable_get_attributes (SECRET_RETRIEVABLE (object));
      gsize length = 0;

      /* Non-pageable memory, like secret_password_lookup() returns. */
      lookup->token = secret_value_unref_to_password (g_steal_pointer (&value), &length);
      lookup->username = g_strdup (g_hash_table_lookup (attributes, "username"));
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_searched (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GList *items;
  SecretRetrievable *newest = NULL;
  GError *error = NULL;

  items = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, map_error (error));
      return;
    }

  for (GList *l = items; l != NULL; l = l->next)
    {
      SecretRetrievable *item = l->data;

      if (newest == NULL ||
          secret_retrievable_get_modified (item) > secret_retrievable_get_modified (newest))
        newest = item;
    }

  if (newest == NULL)
    g_task_return_boolean (task, TRUE);
  else
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      secret_retrievable_retrieve_secret (newest, cancellable,
                                          on_secret_retrieved, g_steal_pointer (&task));
    }

  g_list_free_full (items, g_object_unref);
}

void
rumble_session_store_lookup_async (RumbleSessionStore  *self,
                                   const char          *site_url,
                                   const char          *username,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  LookupResult *lookup;

  g_return_if_fail (RUMBLE_IS_SESSION_STORE (self));
  g_return_if_fail (site_url != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rumble_session_store_lookup_async);
  lookup = g_new0 (LookupResult, 1);
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_result_free);

  attributes = new_attributes (site_url, username);
  if (username != NULL)
    {
      lookup->username = g_strdup (username);
      secret_password_lookupv (get_schema (), attributes, cancellable,
                               on_looked_up, g_steal_pointer (&task));
    }
  else
    {
      secret_password_searchv (get_schema (), attributes,
                               SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK,
                               cancellable, on_searched, g_steal_pointer (&task));
    }
}

char *
rumble_session_store_lookup_finish (RumbleSessionStore  *self,
                                    GAsyncResult        *result,
                                    char               **out_username,
                                    GError             **error)
{
  LookupResult *lookup;
  char *token;

  g_return_val_if_fail (RUMBLE_IS_SESSION_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (out_username != NULL)
    *out_username = NULL;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  lookup = g_task_get_task_data (G_TASK (result));
  if (lookup->token == NULL)
    return NULL;

  /* A plain heap copy for the caller; the task data wipes the keyring's copy. */
  token = g_strdup (lookup->token);
  if (out_username != NULL)
    *out_username = g_strdup (lookup->username);
  return token;
}

/* Clear */

static void
on_cleared (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error = there was nothing to remove. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, map_error (error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
rumble_session_store_clear_async (RumbleSessionStore  *self,
                                  const char          *site_url,
                                  const char          *username,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (RUMBLE_IS_SESSION_STORE (self));
  g_return_if_fail (site_url != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rumble_session_store_clear_async);

  attributes = new_attributes (site_url, username);
  secret_password_clearv (get_schema (), attributes, cancellable,
                          on_cleared, g_steal_pointer (&task));
}

gboolean
rumble_session_store_clear_finish (RumbleSessionStore  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (RUMBLE_IS_SESSION_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
rumble_secret_wipe (gpointer data,
                    gsize    size)
{
  /* explicit_bzero (glibc 2.25): a memset before free may be removed as a dead store. */
  if (data != NULL && size > 0)
    explicit_bzero (data, size);
}

void
rumble_secret_clear (char **secret)
{
  g_return_if_fail (secret != NULL);

  if (*secret == NULL)
    return;
  rumble_secret_wipe (*secret, strlen (*secret));
  g_clear_pointer (secret, g_free);
}
