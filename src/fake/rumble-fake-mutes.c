/* rumble-fake-mutes.c — the fake service's mute records
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * moderation.mute and moderation.unmute (PROTOCOL.md §4.3), the paged list of muted users
 * at /account/moderation/muting, and what a mute does to a chat (the events it sends,
 * the messages it refuses).
 */
#define G_LOG_DOMAIN "rumble-fake"

#include "config.h"

#include <string.h>

#include "rumble-fake-service-private.h"

#define MUTES_PER_PAGE       2

static void
mute_record_clear (RumbleFakeMuteRecord *record)
{
  g_clear_pointer (&record->username, g_free);
  g_clear_pointer (&record->entity_type, g_free);
  g_clear_pointer (&record->stream_id, g_free);
  g_clear_pointer (&record->type, g_free);
}

void
rumble_fake_mute_free (FakeMute *mute)
{
  mute_record_clear (&mute->record);
  g_free (mute);
}

void
rumble_fake_mute_record_free (RumbleFakeMuteRecord *record)
{
  if (record == NULL)
    return;
  mute_record_clear (record);
  g_free (record);
}

static void
purge_expired_mutes (FakeService *svc)
{
  gint64 now = g_get_real_time ();

  for (guint i = svc->mutes->len; i > 0; i--)
    {
      FakeMute *mute = g_ptr_array_index (svc->mutes, i - 1);

      if (mute->expires_us != 0 && mute->expires_us <= now)
        g_ptr_array_remove_index (svc->mutes, i - 1);
    }
}

static FakeMute *
find_mute_by_name (FakeService *svc,
                   const char  *username,
                   const char  *entity_type)
{
  for (guint i = 0; i < svc->mutes->len; i++)
    {
      FakeMute *mute = g_ptr_array_index (svc->mutes, i);

      if (g_str_equal (mute->record.username, username) &&
          g_str_equal (mute->record.entity_type, entity_type))
        return mute;
    }
  return NULL;
}

static FakeMute *
store_mute (FakeService *svc,
            const char  *username,
            const char  *entity_type,
            const char  *stream,
            const char  *type,
            gint64       duration)
{
  FakeMute *mute = find_mute_by_name (svc, username, entity_type);

  if (mute == NULL)
    {
      mute = g_new0 (FakeMute, 1);
      mute->record.record_id = svc->next_record_id++;
      mute->record.username = g_strdup (username);
      mute->record.entity_type = g_strdup (entity_type);
      g_ptr_array_add (svc->mutes, mute);
    }

  g_free (mute->record.stream_id);
  mute->record.stream_id = g_strdup (stream);
  g_free (mute->record.type);
  mute->record.type = g_strdup (type);
  mute->record.duration = duration;
  mute->expires_us = duration > 0 ? g_get_real_time () + duration * G_USEC_PER_SEC : 0;

  return mute;
}

static gboolean
mute_applies (const FakeMute *mute,
              const char     *stream)
{
  return g_str_equal (mute->record.type, "total") ||
         mute->record.stream_id == NULL ||
         g_strcmp0 (mute->record.stream_id, stream) == 0;
}

gboolean
rumble_fake_account_is_muted (FakeService       *svc,
                              const FakeAccount *account,
                              gboolean           as_channel,
                              const char        *stream)
{
  purge_expired_mutes (svc);

  for (guint i = 0; i < svc->mutes->len; i++)
    {
      const FakeMute *mute = g_ptr_array_index (svc->mutes, i);

      if (!mute_applies (mute, stream))
        continue;
      if (g_str_equal (mute->record.entity_type, "user") &&
          g_ascii_strcasecmp (mute->record.username, account->username) == 0)
        return TRUE;
      if (as_channel && g_str_equal (mute->record.entity_type, "channel") &&
          g_ascii_strcasecmp (mute->record.username, account->channel_name) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Finds who @name is: the user id to announce, and for a channel its id. */
static gboolean
resolve_mute_target (FakeService *svc,
                     const char  *stream,
                     const char  *name,
                     gboolean     channel,
                     char       **user_id,
                     char       **channel_id)
{
  GPtrArray *messages;

  for (guint i = 0; i < rumble_fake_n_accounts; i++)
    {
      const FakeAccount *a = &rumble_fake_accounts[i];

      if (!channel && g_ascii_strcasecmp (a->username, name) == 0)
        {
          *user_id = g_strdup (a->user_id);
          return TRUE;
        }
      if (channel && a->channel_name != NULL && g_ascii_strcasecmp (a->channel_name, name) == 0)
        {
          *user_id = g_strdup (a->user_id);
          *channel_id = g_strdup (a->channel_id);
          return TRUE;
        }
    }

  messages = stream != NULL ? rumble_fake_server_get_messages (svc->server, stream) : NULL;
  for (guint i = 0; messages != NULL && i < messages->len; i++)
    {
      const RumbleFakeMessage *m = g_ptr_array_index (messages, i);

      if (!channel && g_strcmp0 (m->username, name) == 0)
        {
          *user_id = g_strdup (m->user_id);
          return TRUE;
        }
      if (channel && m->channel_id != NULL && g_strcmp0 (m->channel_name, name) == 0)
        {
          *user_id = g_strdup (m->user_id);
          *channel_id = g_strdup (m->channel_id);
          return TRUE;
        }
    }

  return FALSE;
}

static void
push_mute_events (FakeService *svc,
                  const char  *stream,
                  const char  *user_id,
                  const char  *channel_id)
{
  g_autoptr(JsonBuilder) mute = json_builder_new ();
  g_autoptr(JsonBuilder) del = json_builder_new ();
  GPtrArray *messages = rumble_fake_server_get_messages (svc->server, stream);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  json_builder_begin_object (mute);
  rumble_fake_json_member_string (mute, "type", "mute_users");
  json_builder_set_member_name (mute, "data");
  json_builder_begin_object (mute);
  json_builder_set_member_name (mute, "user_ids");
  json_builder_begin_array (mute);
  json_builder_add_string_value (mute, user_id);
  json_builder_end_array (mute);
  json_builder_end_object (mute);
  json_builder_end_object (mute);

  for (guint i = 0; messages != NULL && i < messages->len; i++)
    {
      const RumbleFakeMessage *m = g_ptr_array_index (messages, i);

      if (m->is_rant || g_strcmp0 (m->user_id, user_id) != 0)
        continue;
      if (channel_id != NULL && g_strcmp0 (m->channel_id, channel_id) != 0)
        continue;
      if (m->deleted)
        continue;
      g_ptr_array_add (ids, m->id);
    }

  json_builder_begin_object (del);
  rumble_fake_json_member_string (del, "type", "delete_non_rant_messages");
  json_builder_set_member_name (del, "data");
  json_builder_begin_object (del);
  json_builder_set_member_name (del, "message_ids");
  json_builder_begin_array (del);
  for (guint i = 0; i < ids->len; i++)
    json_builder_add_string_value (del, g_ptr_array_index (ids, i));
  json_builder_end_array (del);
  json_builder_end_object (del);
  json_builder_end_object (del);

  rumble_fake_service_push_event (svc, stream, mute);
  rumble_fake_service_push_event (svc, stream, del);
}

void
rumble_fake_handle_mute (FakeCall *call)
{
  FakeService *svc = call->svc;
  const char *name = rumble_fake_call_form (call, "user_to_mute");
  const char *entity_type = rumble_fake_call_form (call, "entity_type");
  const char *video = rumble_fake_call_form (call, "video");
  const char *duration_str = rumble_fake_call_form (call, "duration");
  const char *type = rumble_fake_call_form (call, "type");
  const char *event_stream;
  gint64 duration = 0;
  g_autofree char *user_id = NULL;
  g_autofree char *channel_id = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  gboolean channel;

  if (!rumble_fake_nonempty (name) || strlen (name) > 256)
    {
      rumble_fake_service_error (call, SOUP_STATUS_BAD_REQUEST, FALSE, "missing_field",
                                 "user_to_mute is required.");
      return;
    }
  if (g_strcmp0 (entity_type, "user") != 0 && g_strcmp0 (entity_type, "channel") != 0)
    {
      rumble_fake_service_error (call, SOUP_STATUS_BAD_REQUEST, FALSE, "invalid_field",
                                 "entity_type must be user or channel.");
      return;
    }
  if (g_strcmp0 (type, "video") != 0 && g_strcmp0 (type, "total") != 0)
    {
      rumble_fake_service_error (call, SOUP_STATUS_BAD_REQUEST, FALSE, "invalid_field",
                                 "type must be video or total.");
      return;
    }
  if (video != NULL && !rumble_fake_is_decimal (video))
    {
      rumble_fake_service_error (call, SOUP_STATUS_BAD_REQUEST, FALSE, "invalid_field",
                                 "video must be a decimal video id.");
      return;
    }
  if (duration_str != NULL)
    {
      if (!rumble_fake_is_decimal (duration_str) || strlen (duration_str) > 9 ||
          (duration = g_ascii_strtoll (duration_str, NULL, 10)) <= 0)
        {
          rumble_fake_service_error (call, SOUP_STATUS_BAD_REQUEST, FALSE, "invalid_field",
                                     "duration must be a positive number of seconds.");
          return;
        }
    }
  if (!rumble_fake_call_require_login (call))
    return;
  if (video != NULL && !rumble_fake_server_has_stream (svc->server, video))
    {
      rumble_fake_service_error (call, SOUP_STATUS_NOT_FOUND, FALSE, "not_found",
                                 "Video not found.");
      return;
    }
  if (video != NULL ? !rumble_fake_account_moderates (svc, call->token->account, video)
                    : !rumble_fake_account_moderates_any (svc, call->token->account))
    {
      rumble_fake_call_permission_error (call);
      return;
    }

  channel = g_str_equal (entity_type, "channel");
  event_stream = video;
  if (event_stream == NULL &&
      rumble_fake_server_has_stream (svc->server, RUMBLE_FAKE_DEFAULT_STREAM))
    event_stream = RUMBLE_FAKE_DEFAULT_STREAM;

  purge_expired_mutes (svc);
  store_mute (svc, name, entity_type, video, type, duration);

  b = json_builder_new ();
  json_builder_begin_object (b);
  rumble_fake_add_user_state (b, svc, rumble_fake_call_account (call));
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  rumble_fake_json_member_bool (b, "success", TRUE);
  rumble_fake_add_user_state (b, svc, rumble_fake_call_account (call));
  json_builder_end_object (b);
  json_builder_end_object (b);
  rumble_fake_respond_builder (call->msg, SOUP_STATUS_OK, b);

  /* Unknown names are accepted (Rumble mutes by name); nothing to announce for them. */
  if (event_stream != NULL &&
      resolve_mute_target (svc, event_stream, name, channel, &user_id, &channel_id))
    push_mute_events (svc, event_stream, user_id, channel_id);
}

void
rumble_fake_handle_unmute (FakeCall *call)
{
  FakeService *svc = call->svc;
  const char *record_str = rumble_fake_call_form (call, "record_id");
  gint64 record_id;

  if (!rumble_fake_is_decimal (record_str))
    {
      rumble_fake_service_error (call, SOUP_STATUS_BAD_REQUEST, FALSE, "missing_field",
                                 "A numeric record_id is required.");
      return;
    }
  if (!rumble_fake_call_require_login (call))
    return;

  purge_expired_mutes (svc);
  record_id = g_ascii_strtoll (record_str, NULL, 10);
  for (guint i = 0; i < svc->mutes->len; i++)
    {
      FakeMute *mute = g_ptr_array_index (svc->mutes, i);

      if (mute->record.record_id != record_id)
        continue;

      if (mute->record.stream_id != NULL
          ? !rumble_fake_account_moderates (svc, call->token->account, mute->record.stream_id)
          : !rumble_fake_account_moderates_any (svc, call->token->account))
        {
          rumble_fake_call_permission_error (call);
          return;
        }

      g_ptr_array_remove_index (svc->mutes, i);
      rumble_fake_service_success (call);
      return;
    }

  rumble_fake_service_error (call, SOUP_STATUS_NOT_FOUND, FALSE, "not_found",
                             "Mute record not found.");
}

void
rumble_fake_handle_muting (FakeCall *call)
{
  FakeService *svc = call->svc;
  const char *pg = rumble_fake_call_query (call, "pg");
  g_autoptr(GString) html = g_string_new (NULL);
  gint64 page = 1;
  guint64 first;
  guint n_pages;

  if (!g_str_equal (call->method, "GET"))
    {
      rumble_fake_respond_text (call->msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "text/plain", "", 0);
      return;
    }
  if (call->token == NULL)
    {
      rumble_fake_call_redirect (call, "/auth.rumble.com/login");
      return;
    }

  if (rumble_fake_is_decimal (pg) && strlen (pg) < 9)
    page = MAX (1, g_ascii_strtoll (pg, NULL, 10));

  purge_expired_mutes (svc);
  n_pages = (svc->mutes->len + MUTES_PER_PAGE - 1) / MUTES_PER_PAGE;

  g_string_append (html,
                   "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                   "<title>Muted users - Rumble</title></head>\n<body>\n"
                   "<h1>Muted users</h1>\n<table class=\"muted-users\">\n"
                   "<tr><th>Name</th><th>Type</th><th>Scope</th><th></th></tr>\n");

  first = (guint64) (page - 1) * MUTES_PER_PAGE;
  for (guint64 i = first; i < svc->mutes->len && i < first + MUTES_PER_PAGE; i++)
    {
      const FakeMute *mute = g_ptr_array_index (svc->mutes, i);
      g_autofree char *name = g_markup_escape_text (mute->record.username, -1);

      g_string_append_printf (html,
                              "<tr><td>%s</td><td>%s</td><td>%s</td><td>"
                              "<button class=\"unmute_action button-small\" data-username=\"%s\" "
                              "data-record-id=\"%" G_GINT64_FORMAT "\">Unmute</button></td></tr>\n",
                              name, mute->record.entity_type,
                              g_str_equal (mute->record.type, "total")
                                ? "All videos" : "This video",
                              name, mute->record.record_id);
    }

  g_string_append (html, "</table>\n<div class=\"paginator\">");
  if (page > 1)
    g_string_append_printf (html, "<a href=\"?pg=%" G_GINT64_FORMAT "\">Previous</a> ", page - 1);
  if ((guint64) page <= n_pages)
    g_string_append_printf (html, "<a href=\"?pg=%" G_GINT64_FORMAT "\">Next</a>", page + 1);
  g_string_append (html, "</div>\n</body></html>\n");

  rumble_fake_respond_html (call->msg, html->str);
}

gint64
rumble_fake_service_add_mute_record (RumbleFakeServer *self,
                                     const char       *username,
                                     const char       *entity_type,
                                     const char       *stream_id_b10,
                                     const char       *type)
{
  FakeService *svc = rumble_fake_service_get (self);

  g_return_val_if_fail (username != NULL, 0);

  if (svc == NULL)
    return 0;

  return store_mute (svc, username,
                     entity_type != NULL ? entity_type : "user",
                     stream_id_b10,
                     type != NULL ? type : "total",
                     0)->record.record_id;
}

GPtrArray *
rumble_fake_service_get_mute_records (RumbleFakeServer *self)
{
  FakeService *svc = rumble_fake_service_get (self);
  GPtrArray *records;

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) rumble_fake_mute_record_free);

  if (svc == NULL)
    return records;

  purge_expired_mutes (svc);
  for (guint i = 0; i < svc->mutes->len; i++)
    {
      const FakeMute *mute = g_ptr_array_index (svc->mutes, i);
      RumbleFakeMuteRecord *copy = g_new0 (RumbleFakeMuteRecord, 1);

      copy->record_id = mute->record.record_id;
      copy->username = g_strdup (mute->record.username);
      copy->entity_type = g_strdup (mute->record.entity_type);
      copy->stream_id = g_strdup (mute->record.stream_id);
      copy->type = g_strdup (mute->record.type);
      copy->duration = mute->record.duration;
      g_ptr_array_add (records, copy);
    }

  return records;
}
