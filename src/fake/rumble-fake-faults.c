/* rumble-fake-faults.c — fault injection for every route of the fake server
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One queue of faults, each for one route: the stream route and the service part's
 * endpoints look up the oldest fault of their route and spend it.
 */
#define G_LOG_DOMAIN "rumble-fake"

#include "config.h"

#include <string.h>

#include "rumble-fake-server-private.h"

static RumbleFakeFault *
fault_copy (const RumbleFakeFault *fault)
{
  RumbleFakeFault *copy = g_new (RumbleFakeFault, 1);

  *copy = *fault;
  copy->route = g_strdup (fault->route);
  copy->body = g_strdup (fault->body);
  copy->reason = g_strdup (fault->reason);
  copy->headers = (const char * const *) g_strdupv ((char **) fault->headers);
  copy->location = g_strdup (fault->location);
  return copy;
}

void
rumble_fake_fault_free (RumbleFakeFault *fault)
{
  if (fault == NULL)
    return;
  g_free ((char *) fault->route);
  g_free ((char *) fault->body);
  g_free ((char *) fault->reason);
  g_strfreev ((char **) fault->headers);
  g_free ((char *) fault->location);
  g_free (fault);
}

static gboolean
is_stream_route (const char *route)
{
  return g_str_equal (route, RUMBLE_FAKE_ROUTE_STREAM);
}

void
rumble_fake_server_add_fault (RumbleFakeServer      *self,
                              const RumbleFakeFault *fault)
{
  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  g_return_if_fail (fault != NULL && fault->route != NULL);
  g_return_if_fail (fault->kind != RUMBLE_FAKE_FAULT_NONE);
  g_return_if_fail (fault->kind != RUMBLE_FAKE_FAULT_STATUS ||
                    (fault->status >= 100 && fault->status < 600));
  /* Only the stream shapes its body; the other routes answer or stay silent. */
  g_return_if_fail (is_stream_route (fault->route) || fault->kind == RUMBLE_FAKE_FAULT_STATUS ||
                    fault->kind == RUMBLE_FAKE_FAULT_STALL);
  g_return_if_fail (fault->headers == NULL || g_strv_length ((char **) fault->headers) % 2 == 0);

  g_queue_push_tail (&self->faults, fault_copy (fault));
}

void
rumble_fake_server_clear_faults (RumbleFakeServer *self,
                                 const char       *route)
{
  GList *l = NULL;

  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));

  for (l = self->faults.head; l != NULL;)
    {
      GList *next = l->next;
      RumbleFakeFault *fault = l->data;

      if (route == NULL || g_str_equal (fault->route, route))
        {
          g_queue_delete_link (&self->faults, l);
          rumble_fake_fault_free (fault);
        }
      l = next;
    }
}

static GList *
find_fault (RumbleFakeServer *self,
            const char       *route)
{
  for (GList *l = self->faults.head; l != NULL; l = l->next)
    if (g_str_equal (((RumbleFakeFault *) l->data)->route, route))
      return l;
  return NULL;
}

const RumbleFakeFault *
rumble_fake_server_peek_fault (RumbleFakeServer *self,
                               const char       *route)
{
  GList *l = find_fault (self, route);

  return l != NULL ? l->data : NULL;
}

RumbleFakeFault *
rumble_fake_server_take_fault (RumbleFakeServer *self,
                               const char       *route)
{
  GList *l = find_fault (self, route);
  RumbleFakeFault *fault;

  if (l == NULL)
    return NULL;
  fault = l->data;
  /* count 0 stays until cleared. */
  if (fault->count == 0)
    return fault_copy (fault);
  if (--fault->count > 0)
    return fault_copy (fault);
  g_queue_delete_link (&self->faults, l);
  return fault;
}

void
rumble_fake_fault_add_headers (const RumbleFakeFault *fault,
                               SoupServerMessage     *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  for (guint i = 0; fault->headers != NULL && fault->headers[i] != NULL; i += 2)
    soup_message_headers_replace (headers, fault->headers[i], fault->headers[i + 1]);
  if (fault->location != NULL)
    soup_message_headers_replace (headers, "Location", fault->location);
}

void
rumble_fake_fault_respond (const RumbleFakeFault *fault,
                           SoupServerMessage     *msg,
                           const char            *default_body)
{
  const char *body = fault->body != NULL ? fault->body : default_body;

  soup_server_message_set_status (msg, fault->status, fault->reason);
  if (body != NULL)
    soup_server_message_set_response (msg,
                                      body[0] == '<' ? "text/html; charset=UTF-8"
                                                     : "application/json",
                                      SOUP_MEMORY_COPY, body, strlen (body));
  rumble_fake_fault_add_headers (fault, msg);
}
