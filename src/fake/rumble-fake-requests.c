/* rumble-fake-requests.c — the fake server's request log
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every request received, in order, for tests to inspect.
 */
#define G_LOG_DOMAIN "rumble-fake"

#include "config.h"

#include <string.h>

#include "rumble-fake-server-private.h"

#define MAX_REQUESTS       10000     /* request log bound; the oldest half goes */

char *
rumble_fake_cookie_from_headers (SoupMessageHeaders *headers,
                                 const char         *name)
{
  SoupMessageHeadersIter iter;
  const char *hname;
  const char *value;

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &hname, &value))
    {
      g_auto(GStrv) pairs = NULL;

      if (g_ascii_strcasecmp (hname, "Cookie") != 0)
        continue;
      pairs = g_strsplit (value, ";", -1);
      for (guint i = 0; pairs[i]; i++)
        {
          char *pair = g_strstrip (pairs[i]);
          const char *eq = strchr (pair, '=');

          if (eq && (gsize) (eq - pair) == strlen (name) && strncmp (pair, name, eq - pair) == 0)
            return g_strdup (eq + 1);
        }
    }
  return NULL;
}

static SoupMessageHeaders *
copy_headers (SoupMessageHeaders *headers)
{
  SoupMessageHeaders *copy = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    soup_message_headers_append (copy, name, value);
  return copy;
}

RumbleFakeRequest *
rumble_fake_request_copy (const RumbleFakeRequest *request)
{
  RumbleFakeRequest *copy;

  g_return_val_if_fail (request != NULL, NULL);

  copy = g_new0 (RumbleFakeRequest, 1);
  copy->method = g_strdup (request->method);
  copy->path = g_strdup (request->path);
  copy->query = g_strdup (request->query);
  copy->headers = copy_headers (request->headers);
  copy->body = g_bytes_ref (request->body);
  return copy;
}

void
rumble_fake_request_free (RumbleFakeRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_clear_pointer (&request->headers, soup_message_headers_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

void
rumble_fake_server_log_request (RumbleFakeServer  *self,
                                SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  RumbleFakeRequest *request = g_new0 (RumbleFakeRequest, 1);

  request->method = g_strdup (soup_server_message_get_method (msg));
  request->path = g_strdup (g_uri_get_path (uri));
  request->query = g_strdup (g_uri_get_query (uri));
  request->headers = copy_headers (soup_server_message_get_request_headers (msg));
  request->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  if (self->requests->len >= MAX_REQUESTS)
    g_ptr_array_remove_range (self->requests, 0, MAX_REQUESTS / 2);
  g_ptr_array_add (self->requests, request);
}

GPtrArray *
rumble_fake_server_get_requests (RumbleFakeServer *self)
{
  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);
  return self->requests;
}

void
rumble_fake_server_clear_requests (RumbleFakeServer *self)
{
  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  g_ptr_array_set_size (self->requests, 0);
}

const RumbleFakeRequest *
rumble_fake_server_find_request (RumbleFakeServer *self,
                                 const char       *method,
                                 const char       *path_prefix)
{
  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);

  for (guint i = self->requests->len; i > 0; i--)
    {
      const RumbleFakeRequest *request = g_ptr_array_index (self->requests, i - 1);

      if ((method == NULL || g_strcmp0 (request->method, method) == 0) &&
          (path_prefix == NULL || g_str_has_prefix (request->path, path_prefix)))
        return request;
    }
  return NULL;
}

char *
rumble_fake_request_get_form_field (const RumbleFakeRequest *request,
                                    const char              *name)
{
  const char *content_type;
  gsize size = 0;
  const char *data;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  content_type = soup_message_headers_get_content_type (request->headers, NULL);
  data = request->body ? g_bytes_get_data (request->body, &size) : NULL;
  if (size > 0 && (content_type == NULL ||
                   g_ascii_strcasecmp (content_type, "application/x-www-form-urlencoded") == 0))
    {
      g_autofree char *text = g_strndup (data, size);
      g_autoptr(GHashTable) form = soup_form_decode (text);
      const char *value = g_hash_table_lookup (form, name);

      if (value)
        return g_strdup (value);
    }

  if (request->query)
    {
      g_autoptr(GHashTable) form = soup_form_decode (request->query);
      const char *value = g_hash_table_lookup (form, name);

      if (value)
        return g_strdup (value);
    }
  return NULL;
}

char *
rumble_fake_request_get_cookie (const RumbleFakeRequest *request,
                                const char              *name)
{
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return rumble_fake_cookie_from_headers (request->headers, name);
}
