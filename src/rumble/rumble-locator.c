/* rumble-locator.c — from whatever a user pastes to the decimal chat id
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PROTOCOL.md §14.1. Ids and popup links are resolved here without the network; embed,
 * video and channel links need the site (embedJS, and a page for the last two). Pasted
 * rumble.com links are only ever used for their path: the request goes to the
 * configured site, so nothing a user pastes can point the client at another host.
 *
 * Rumble's page HTML and embedJS are not a contract, so this is kept small: find the
 * first `/embed/v…` reference (plain, JSON-escaped or percent-encoded), ask embedJS
 * for its `vid`, and say clearly what to paste instead when that fails.
 */
#define G_LOG_DOMAIN "rumble"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "rumble-error.h"
#include "rumble-http-private.h"
#include "rumble-id.h"
#include "rumble-json-private.h"
#include "rumble-locator.h"
#include "rumble-text.h"
#include "rumble-url-policy.h"

#define HINT "Paste a stream id, or a rumble.com video, embed, popup or channel link."

/* Generous bounds on what a user may paste; real links are far shorter. */
#define INPUT_MAX        2048
#define EMBED_ID_MAX     24
#define PATH_SEGMENT_MAX 512

#define has_prefix_ascii_case(text, prefix) \
  (g_ascii_strncasecmp ((text), (prefix), sizeof (prefix) - 1) == 0)

static gboolean
is_rumble_host (const char *host)
{
  return g_ascii_strcasecmp (host, "rumble.com") == 0 ||
         g_ascii_strcasecmp (host, "www.rumble.com") == 0;
}

static gboolean
is_base36_char (char c)
{
  return g_ascii_isdigit (c) || (c >= 'a' && c <= 'z');
}

/* "v" and 1… lowercase base-36 digits. */
static gboolean
is_embed_id (const char *text,
             gsize       len)
{
  if (len < 2 || len > EMBED_ID_MAX || text[0] != 'v')
    return FALSE;
  for (gsize i = 1; i < len; i++)
    {
      if (!is_base36_char (text[i]))
        return FALSE;
    }
  return TRUE;
}

/* A path segment as it stands in a URL: unreserved characters and %XX escapes only,
 * so it can be put back into a URL unchanged and cannot climb out of its directory. */
static gboolean
is_safe_segment (const char *segment)
{
  g_autofree char *decoded = NULL;
  gsize len = strlen (segment);

  if (len == 0 || len > PATH_SEGMENT_MAX)
    return FALSE;

  /* NULL for a bad escape, an escaped '/' or an escaped NUL. */
  decoded = g_uri_unescape_string (segment, "/");
  if (decoded == NULL || strcmp (decoded, ".") == 0 || strcmp (decoded, "..") == 0)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = segment[i];

      if (g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.' || c == '~')
        continue;
      if (c == '%' && i + 2 < len && g_ascii_isxdigit (segment[i + 1]) &&
          g_ascii_isxdigit (segment[i + 2]))
        {
          i += 2;
          continue;
        }
      return FALSE;
    }
  return TRUE;
}

/* "v6xyz12-some-title.html" or "v6xyz12.html": a page path, never "/videos" and the like. */
static gboolean
is_video_page_segment (const char *segment)
{
  gsize id_len = 1;

  if (segment[0] != 'v' || !is_safe_segment (segment) || !g_str_has_suffix (segment, ".html"))
    return FALSE;
  while (is_base36_char (segment[id_len]))
    id_len++;
  return id_len > 1 && (segment[id_len] == '-' || segment[id_len] == '.');
}

static RumbleLocatorKind
invalid (GError    **error,
         const char *why)
{
  g_set_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT, "%s" HINT, why);
  return RUMBLE_LOCATOR_KIND_INVALID;
}

/* A bare id: decimal, or base 36 when it has a letter. */
static RumbleLocatorKind
classify_id (const char  *text,
             char       **out_value,
             GError     **error)
{
  guint64 value;

  if (!rumble_id_parse_any (text, &value))
    return invalid (error, "That id is too large to be a stream id. ");
  if (value == 0)
    return invalid (error, "0 is not a stream id. ");

  if (out_value != NULL)
    *out_value = rumble_id_to_b10 (value);
  return RUMBLE_LOCATOR_KIND_ID;
}

static RumbleLocatorKind
classify_url (const char  *text,
              char       **out_value,
              GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_auto(GStrv) raw_segments = NULL;
  g_autoptr(GPtrArray) segments = NULL;
  const char *scheme;
  const char *host;
  const char *first;

  /* Keep the path %-encoded: it is validated, then reused as is. */
  uri = g_uri_parse (text, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL)
    return invalid (error, "That link is not a valid address. ");

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (host == NULL || host[0] == '\0')
    return invalid (error, "That link is not a valid address. ");

  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    return invalid (error, "Only web links can be opened. ");
  if (!is_rumble_host (host) && !rumble_url_policy_host_is_loopback (host))
    return invalid (error, "That is not a rumble.com link. ");
  if (g_ascii_strcasecmp (scheme, "http") == 0 && !rumble_url_policy_host_is_loopback (host))
    return invalid (error, "Plain http:// links are not used; paste the https:// link. ");
  if (g_uri_get_userinfo (uri) != NULL)
    return invalid (error, "That link carries a user name or password; links to Rumble do not. ");

  /* Empty segments ("//", a trailing "/") carry no meaning on Rumble. */
  raw_segments = g_strsplit (g_uri_get_path (uri), "/", -1);
  segments = g_ptr_array_new ();
  for (guint i = 0; raw_segments[i] != NULL; i++)
    {
      if (raw_segments[i][0] != '\0')
        g_ptr_array_add (segments, raw_segments[i]);
    }

  if (segments->len == 0)
    return invalid (error, "That is Rumble's home page, not a stream. ");
  first = g_ptr_array_index (segments, 0);

  if (strcmp (first, "chat") == 0 && segments->len >= 3 &&
      strcmp (g_ptr_array_index (segments, 1), "popup") == 0)
    {
      const char *id = g_ptr_array_index (segments, 2);
      guint64 value;

      /* The popup carries the decimal id, never base 36. */
      if (!rumble_id_parse_b10 (id, &value) || value == 0)
        return invalid (error, "That popup link has no valid stream id. ");
      if (out_value != NULL)
        *out_value = rumble_id_to_b10 (value);
      return RUMBLE_LOCATOR_KIND_POPUP;
    }

  if (strcmp (first, "embed") == 0)
    {
      const char *embed = segments->len >= 2 ? g_ptr_array_index (segments, 1) : "";

      if (!is_embed_id (embed, strlen (embed)))
        return invalid (error, "That embed link has no valid video id. ");
      if (out_value != NULL)
        *out_value = g_strdup (embed);
      return RUMBLE_LOCATOR_KIND_EMBED;
    }

  if (strcmp (first, "c") == 0 || strcmp (first, "user") == 0)
    {
      const char *name = segments->len >= 2 ? g_ptr_array_index (segments, 1) : "";

      if (!is_safe_segment (name))
        return invalid (error, "That channel link has no valid channel name. ");
      if (out_value != NULL)
        *out_value = g_strconcat (first, "/", name, NULL);
      return RUMBLE_LOCATOR_KIND_CHANNEL;
    }

  if (segments->len == 1 && is_video_page_segment (first))
    {
      if (out_value != NULL)
        *out_value = g_strdup (first);
      return RUMBLE_LOCATOR_KIND_VIDEO;
    }

  return invalid (error, "That rumble.com link is not a video, embed, popup or channel link. ");
}

RumbleLocatorKind
rumble_locator_classify (const char  *input,
                         char       **out_value,
                         GError     **error)
{
  g_autofree char *text = NULL;
  gboolean alnum = TRUE;

  g_return_val_if_fail (error == NULL || *error == NULL, RUMBLE_LOCATOR_KIND_INVALID);

  if (out_value != NULL)
    *out_value = NULL;

  if (input == NULL)
    return invalid (error, "");
  if (strlen (input) > INPUT_MAX)
    return invalid (error, "That is too long to be a stream id or link. ");

  text = g_strstrip (g_strdup (input));
  if (text[0] == '\0')
    return invalid (error, "");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p))
        {
          alnum = FALSE;
          break;
        }
    }
  if (alnum)
    return classify_id (text, out_value, error);

  if (strstr (text, "://") != NULL)
    return classify_url (text, out_value, error);

  /* People copy links without their scheme, e.g. "rumble.com/c/NAME". */
  if (has_prefix_ascii_case (text, "rumble.com/") ||
      has_prefix_ascii_case (text, "www.rumble.com/"))
    {
      g_autofree char *url = g_strconcat ("https://", text, NULL);

      return classify_url (url, out_value, error);
    }

  return invalid (error, "That is not a stream id or a Rumble link. ");
}

gboolean
rumble_locator_parse_local (const char  *input,
                            char       **out_stream_id_b10,
                            GError     **error)
{
  g_autofree char *value = NULL;
  RumbleLocatorKind kind;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_stream_id_b10 != NULL)
    *out_stream_id_b10 = NULL;

  kind = rumble_locator_classify (input, &value, error);
  switch (kind)
    {
    case RUMBLE_LOCATOR_KIND_ID:
    case RUMBLE_LOCATOR_KIND_POPUP:
      if (out_stream_id_b10 != NULL)
        *out_stream_id_b10 = g_steal_pointer (&value);
      return TRUE;

    case RUMBLE_LOCATOR_KIND_EMBED:
    case RUMBLE_LOCATOR_KIND_VIDEO:
    case RUMBLE_LOCATOR_KIND_CHANNEL:
      g_set_error_literal (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT,
                           "This link has to be looked up on Rumble first.");
      return FALSE;

    case RUMBLE_LOCATOR_KIND_INVALID:
    default:
      return FALSE;
    }
}

gboolean
rumble_locator_needs_network (const char *input)
{
  RumbleLocatorKind kind = rumble_locator_classify (input, NULL, NULL);

  return kind == RUMBLE_LOCATOR_KIND_EMBED ||
         kind == RUMBLE_LOCATOR_KIND_VIDEO ||
         kind == RUMBLE_LOCATOR_KIND_CHANNEL;
}

/* Pages */

/* Matches "embed" + separator + "v…" at @p, where the separator is "/", "\/" (JSON)
 * or "%2F"; returns the length of the id ("v…") and sets *@id, or 0. @p points at
 * the "e" of "embed"; @start bounds the look-behind. */
static gsize
match_embed_at (const char  *start,
                const char  *p,
                const char  *end,
                const char **id)
{
  const char *q;
  gsize len = 0;

  /* What precedes "embed" must be a path separator, or "embedUrl" and the like
   * would match too. */
  if (p > start && p[-1] == '/')
    ;
  else if (p - start >= 3 && p[-3] == '%' && p[-2] == '2' && (p[-1] == 'F' || p[-1] == 'f'))
    ;
  else
    return 0;

  q = p + 5;
  if (q < end && *q == '/')
    q += 1;
  else if (end - q >= 2 && q[0] == '\\' && q[1] == '/')
    q += 2;
  else if (end - q >= 3 && q[0] == '%' && q[1] == '2' && (q[2] == 'F' || q[2] == 'f'))
    q += 3;
  else
    return 0;

  if (q >= end || *q != 'v')
    return 0;
  for (len = 1; q + len < end && len <= EMBED_ID_MAX && is_base36_char (q[len]); len++)
    ;
  /* Ending in another letter or digit means the id is longer than any real one. */
  if (q + len < end && g_ascii_isalnum (q[len]))
    return 0;
  if (!is_embed_id (q, len))
    return 0;

  *id = q;
  return len;
}

char *
rumble_locator_find_embed_id (const char *page,
                              gsize       len)
{
  const char *end;
  const char *p;

  g_return_val_if_fail (page != NULL || len == 0, NULL);

  if (len < 7)
    return NULL;

  end = page + len;
  p = page;
  /* memchr for the rare 'e' that starts "embed", then a cheap comparison. */
  while ((p = memchr (p, 'e', end - p)) != NULL)
    {
      if (end - p >= 5 && memcmp (p, "embed", 5) == 0)
        {
          const char *id = NULL;
          gsize id_len = match_embed_at (page, p, end, &id);

          if (id_len > 0)
            return g_strndup (id, id_len);
        }
      p++;
    }

  return NULL;
}

static void
set_unknown_video_error (GError **error)
{
  g_set_error_literal (error, RUMBLE_ERROR, RUMBLE_ERROR_NOT_FOUND,
                       "Rumble does not know this video, or it has no live chat. "
                       "Paste the stream's popup chat link or its id instead.");
}

void
rumble_stream_info_free (RumbleStreamInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->stream_id_b10);
  g_free (info->title);
  g_free (info->channel_name);
  g_free (info);
}

/* A name or title from the site, fit for a header; NULL when nothing is left. */
static char *
dup_site_text (const char *text)
{
  return text != NULL ? rumble_text_clean (text, RUMBLE_STREAM_TITLE_MAX) : NULL;
}

RumbleStreamInfo *
rumble_locator_parse_embed_js_info (const char  *json,
                                    gsize        len,
                                    GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  RumbleStreamInfo *info;
  JsonNode *root;
  JsonObject *object;
  JsonNode *vid;
  guint64 value = 0;

  g_return_val_if_fail (json != NULL || len == 0, NULL);

  if (len == 0 || !rumble_json_check_text (json, len, NULL) ||
      !json_parser_load_from_data (parser, json, (gssize) len, &local_error))
    {
      g_set_error_literal (error, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL,
                           "Rumble's video lookup sent a reply that is not JSON.");
      return NULL;
    }

  /* Rumble answers `false` for an embed id it does not know. */
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto not_found;

  object = json_node_get_object (root);
  if (!json_object_has_member (object, "vid"))
    goto not_found;
  vid = json_object_get_member (object, "vid");
  if (!JSON_NODE_HOLDS_VALUE (vid))
    goto not_found;

  /* An integer, or (tolerated) a decimal string; a double could have lost digits. */
  if (json_node_get_value_type (vid) == G_TYPE_INT64)
    {
      gint64 number = json_node_get_int (vid);

      if (number <= 0)
        goto not_found;
      value = (guint64) number;
    }
  else if (json_node_get_value_type (vid) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (vid);

      if (!rumble_id_is_b10 (text) || !rumble_id_parse_b10 (text, &value) || value == 0)
        goto not_found;
    }
  else
    goto not_found;

  info = g_new0 (RumbleStreamInfo, 1);
  info->stream_id_b10 = rumble_id_to_b10 (value);
  info->title = dup_site_text (rumble_json_get_string (object, "title"));
  info->channel_name = dup_site_text (rumble_json_get_string (rumble_json_get_object (object,
                                                                                       "author"),
                                                              "name"));
  return info;

not_found:
  set_unknown_video_error (error);
  return NULL;
}

char *
rumble_locator_parse_embed_js (const char  *json,
                               gsize        len,
                               GError     **error)
{
  g_autoptr(RumbleStreamInfo) info = rumble_locator_parse_embed_js_info (json, len, error);

  return info != NULL ? g_steal_pointer (&info->stream_id_b10) : NULL;
}

/* og:title */

#define OG_TITLE_SEARCH_MAX (1024 * 1024)

/* The value of attribute @name in the tag [@tag, @tag_end), or NULL. Values are quoted
 * with ' or " (Rumble's pages quote them). */
static char *
tag_attribute (const char *tag,
               const char *tag_end,
               const char *name)
{
  gsize name_len = strlen (name);

  for (const char *p = tag; p + name_len + 2 < tag_end; p++)
    {
      const char *q;
      const char *close;

      if ((p > tag && !g_ascii_isspace (p[-1])) ||
          g_ascii_strncasecmp (p, name, name_len) != 0)
        continue;
      q = p + name_len;
      while (q < tag_end && g_ascii_isspace (*q))
        q++;
      if (q >= tag_end || *q != '=')
        continue;
      q++;
      while (q < tag_end && g_ascii_isspace (*q))
        q++;
      if (q >= tag_end || (*q != '"' && *q != '\''))
        continue;
      close = memchr (q + 1, *q, tag_end - (q + 1));
      if (close == NULL)
        return NULL;
      return g_strndup (q + 1, close - (q + 1));
    }
  return NULL;
}

/* HTML character references: the five named ones and numeric ones; others stay as text. */
static char *
decode_references (const char *text)
{
  static const struct { const char *name; gunichar c; } named[] = {
    { "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' }, { "quot;", '"' }, { "apos;", '\'' },
  };
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0';)
    {
      gboolean done = FALSE;

      if (*p == '&' && p[1] == '#')
        {
          const char *digits = p + 2;
          gboolean hex = *digits == 'x' || *digits == 'X';
          char *end = NULL;
          guint64 c;

          if (hex)
            digits++;
          c = g_ascii_strtoull (digits, &end, hex ? 16 : 10);
          if (end != digits && *end == ';' && c > 0 && c <= 0x10FFFF &&
              g_unichar_validate ((gunichar) c))
            {
              g_string_append_unichar (out, (gunichar) c);
              p = end + 1;
              done = TRUE;
            }
        }
      else if (*p == '&')
        {
          for (guint i = 0; i < G_N_ELEMENTS (named) && !done; i++)
            if (g_str_has_prefix (p + 1, named[i].name))
              {
                g_string_append_unichar (out, named[i].c);
                p += 1 + strlen (named[i].name);
                done = TRUE;
              }
        }
      if (!done)
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

char *
rumble_locator_find_og_title (const char *page,
                              gsize       len)
{
  const char *end;
  const char *p;

  g_return_val_if_fail (page != NULL || len == 0, NULL);

  end = page + MIN (len, OG_TITLE_SEARCH_MAX);
  for (p = page; (p = memchr (p, '<', end - p)) != NULL; p++)
    {
      const char *tag_end = memchr (p, '>', end - p);
      g_autofree char *property = NULL;
      g_autofree char *content = NULL;
      g_autofree char *decoded = NULL;

      if (tag_end == NULL)
        return NULL;
      if (tag_end - p < 5 || g_ascii_strncasecmp (p + 1, "meta", 4) != 0 ||
          !g_ascii_isspace (p[5]))
        continue;
      property = tag_attribute (p + 5, tag_end, "property");
      if (property == NULL || g_ascii_strcasecmp (property, "og:title") != 0)
        continue;
      content = tag_attribute (p + 5, tag_end, "content");
      if (content == NULL || !g_utf8_validate (content, -1, NULL))
        return NULL;
      decoded = decode_references (content);
      return dup_site_text (decoded);
    }
  return NULL;
}

/* Resolution */

typedef struct {
  SoupSession       *session;
  char              *site;
  char              *value;
  RumbleLocatorKind  kind;
  guint              channel_attempt;   /* 0: the prefix as pasted, 1: the other one */
  char              *page_title;        /* the video page's og:title, if any */
} ResolveData;

static void
resolve_data_free (ResolveData *data)
{
  g_clear_object (&data->session);
  g_clear_pointer (&data->site, g_free);
  g_clear_pointer (&data->value, g_free);
  g_clear_pointer (&data->page_title, g_free);
  g_free (data);
}

/* Network failures keep their own message; a page too large gets a hint. */
static void
return_request_error (GTask  *task,
                      GError *error)
{
  if (g_error_matches (error, RUMBLE_ERROR, RUMBLE_ERROR_TOO_LARGE))
    {
      g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_TOO_LARGE,
                               "Rumble's page was too large to look for the stream in. "
                               "Paste the stream's popup chat link or its id instead.");
      g_error_free (error);
      return;
    }
  g_task_return_error (task, error);
}

static void
on_embed_js (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ResolveData *data = g_task_get_task_data (task);
  g_autoptr(RumbleHttpReply) reply = NULL;
  GError *error = NULL;
  const char *body;
  gsize len;
  RumbleStreamInfo *info;

  reply = rumble_http_request_finish (result, &error);
  if (reply == NULL)
    {
      return_request_error (task, error);
      return;
    }

  body = g_bytes_get_data (reply->body, &len);
  if (reply->status == SOUP_STATUS_NOT_FOUND)
    {
      set_unknown_video_error (&error);
      info = NULL;
    }
  else if (!rumble_http_reply_check_status (reply, &error))
    info = NULL;
  else
    info = rumble_locator_parse_embed_js_info (body, len, &error);

  if (info == NULL)
    {
      /* For a channel, an embed without a chat means the stream is over. */
      if (data->kind == RUMBLE_LOCATOR_KIND_CHANNEL &&
          g_error_matches (error, RUMBLE_ERROR, RUMBLE_ERROR_NOT_FOUND))
        {
          g_clear_error (&error);
          g_set_error_literal (&error, RUMBLE_ERROR, RUMBLE_ERROR_NOT_FOUND,
                               "There is no live stream on this channel right now. "
                               "Paste a stream id or a video link instead.");
        }
      g_task_return_error (task, error);
      return;
    }

  /* A live channel page's og:title names the channel, not the stream: only a video's. */
  if (info->title == NULL && data->kind == RUMBLE_LOCATOR_KIND_VIDEO)
    info->title = g_steal_pointer (&data->page_title);
  g_debug ("Resolved embed to stream %s", info->stream_id_b10);
  g_task_return_pointer (task, info, (GDestroyNotify) rumble_stream_info_free);
}

static void
request_embed_js (GTask      *task,
                  const char *embed_id)
{
  ResolveData *data = g_task_get_task_data (task);
  g_autofree char *url = NULL;

  /* embed_id is [v0-9a-z]+, safe in a query as is. */
  url = rumble_http_build_url (data->site, "/embedJS/u3/?request=video&ver=2&v=%s", embed_id);
  rumble_http_request_async (data->session, SOUP_METHOD_GET, url, NULL, NULL, NULL,
                             RUMBLE_HTTP_BROWSER_UA | RUMBLE_HTTP_FOLLOW_REDIRECTS,
                             g_task_get_cancellable (task), on_embed_js, task);
}

static void request_channel_page (GTask *task);

static void
on_page (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ResolveData *data = g_task_get_task_data (task);
  g_autoptr(RumbleHttpReply) reply = NULL;
  g_autofree char *embed_id = NULL;
  gboolean channel = data->kind == RUMBLE_LOCATOR_KIND_CHANNEL;
  GError *error = NULL;
  const char *body;
  gsize len;

  reply = rumble_http_request_finish (result, &error);
  if (reply == NULL)
    {
      return_request_error (task, error);
      return;
    }

  if (reply->status == SOUP_STATUS_NOT_FOUND || reply->status == SOUP_STATUS_GONE)
    {
      if (channel && data->channel_attempt == 0)
        {
          /* Channels live under /c/, older accounts under /user/: try the other. */
          data->channel_attempt++;
          request_channel_page (g_steal_pointer (&task));
          return;
        }
      if (channel)
        g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_NOT_FOUND,
                                 "There is no Rumble channel by that name. "
                                 "Check the link, or paste a stream id.");
      else
        g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_NOT_FOUND,
                                 "There is no such video on Rumble. "
                                 "Check the link, or paste a stream id.");
      return;
    }

  if (!rumble_http_reply_check_status (reply, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  body = g_bytes_get_data (reply->body, &len);
  embed_id = rumble_locator_find_embed_id (body, len);
  if (embed_id == NULL)
    {
      if (channel)
        g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_NOT_FOUND,
                                 "There is no live stream on this channel right now. "
                                 "Paste a stream id or a video link instead.");
      else
        g_task_return_new_error (task, RUMBLE_ERROR, RUMBLE_ERROR_NOT_FOUND,
                                 "Could not find the stream in the video's page. "
                                 "Paste the stream's popup chat link or its id instead.");
      return;
    }

  if (!channel)
    data->page_title = rumble_locator_find_og_title (body, len);
  g_debug ("Found embed %s in the page", embed_id);
  request_embed_js (g_steal_pointer (&task), embed_id);
}

static void
request_page (GTask      *task,
              const char *path)
{
  ResolveData *data = g_task_get_task_data (task);
  g_autofree char *url = rumble_http_build_url (data->site, "/%s", path);

  rumble_http_request_async (data->session, SOUP_METHOD_GET, url, NULL, NULL, NULL,
                             RUMBLE_HTTP_BROWSER_UA | RUMBLE_HTTP_HTML |
                             RUMBLE_HTTP_FOLLOW_REDIRECTS,
                             g_task_get_cancellable (task), on_page, task);
}

static void
request_channel_page (GTask *task)
{
  ResolveData *data = g_task_get_task_data (task);
  const char *name = strchr (data->value, '/') + 1;
  gboolean pasted_c = g_str_has_prefix (data->value, "c/");
  const char *prefix;
  g_autofree char *path = NULL;

  if (data->channel_attempt == 0)
    prefix = pasted_c ? "c" : "user";
  else
    prefix = pasted_c ? "user" : "c";

  path = g_strdup_printf ("%s/%s/live/", prefix, name);
  request_page (task, path);
}

/* The site must itself be an acceptable base: https, or http on loopback. */
static char *
normalize_site (const char  *site_url,
                GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  gsize len;

  if (!rumble_http_check_url (site_url, error))
    return NULL;

  uri = g_uri_parse (site_url, G_URI_FLAGS_NONE, NULL);
  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT,
                   "The site address “%s” must not have a query or fragment.", site_url);
      return NULL;
    }

  len = strlen (site_url);
  while (len > 0 && site_url[len - 1] == '/')
    len--;
  return g_strndup (site_url, len);
}

void
rumble_locator_resolve_async (SoupSession         *session,
                              const char          *site_url,
                              const char          *input,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *value = NULL;
  g_autofree char *site = NULL;
  ResolveData *data;
  RumbleLocatorKind kind;
  GError *error = NULL;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rumble_locator_resolve_async);

  kind = rumble_locator_classify (input, &value, &error);
  if (kind == RUMBLE_LOCATOR_KIND_INVALID)
    {
      g_task_return_error (task, error);
      return;
    }
  if (kind == RUMBLE_LOCATOR_KIND_ID || kind == RUMBLE_LOCATOR_KIND_POPUP)
    {
      RumbleStreamInfo *info = g_new0 (RumbleStreamInfo, 1);

      info->stream_id_b10 = g_steal_pointer (&value);
      g_task_return_pointer (task, info, (GDestroyNotify) rumble_stream_info_free);
      return;
    }

  site = normalize_site (site_url != NULL ? site_url : RUMBLE_LOCATOR_DEFAULT_SITE_URL, &error);
  if (site == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_new0 (ResolveData, 1);
  data->session = g_object_ref (session);
  data->site = g_steal_pointer (&site);
  data->value = g_steal_pointer (&value);
  data->kind = kind;
  g_task_set_task_data (task, data, (GDestroyNotify) resolve_data_free);

  switch (kind)
    {
    case RUMBLE_LOCATOR_KIND_EMBED:
      request_embed_js (g_steal_pointer (&task), data->value);
      break;

    case RUMBLE_LOCATOR_KIND_VIDEO:
      request_page (g_steal_pointer (&task), data->value);
      break;

    case RUMBLE_LOCATOR_KIND_CHANNEL:
      request_channel_page (g_steal_pointer (&task));
      break;

    case RUMBLE_LOCATOR_KIND_INVALID:
    case RUMBLE_LOCATOR_KIND_ID:
    case RUMBLE_LOCATOR_KIND_POPUP:
    default:
      g_assert_not_reached ();
    }
}

RumbleStreamInfo *
rumble_locator_resolve_info_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rumble_locator_resolve_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
rumble_locator_resolve_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_autoptr(RumbleStreamInfo) info = rumble_locator_resolve_info_finish (result, error);

  return info != NULL ? g_steal_pointer (&info->stream_id_b10) : NULL;
}
