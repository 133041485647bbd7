/* fuzz-responses.c — libFuzzer harness for the replies of every action
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: 1 byte of knobs, then a reply body. The knobs give the HTTP status (low 4 bits),
 * whether the request was a mutation and carried a cookie, and the content type. The body
 * then goes through everything librumble does with a reply without the network:
 *  - rumble_http_reply_get_object() / _check_status() and the server's message,
 *  - what each action reads from the object (send: data.id and data.user; login: data.session
 *    and user.id in base 36; the salts and the password hash; 2FA: totp_id, user_key),
 *  - the emote catalogue (rumble_emotes_load_from_data) and its token scanner,
 *  - Set-Cookie (one header per line), Retry-After and the URL policy on the body as text.
 * The per-action readers in rumble-service-php.c and rumble-chat-api-actions.c are static;
 * the same helpers are driven here the way those readers call them.
 */
#define G_LOG_DOMAIN "fuzz"

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "rumble-emotes.h"
#include "rumble-http-private.h"
#include "rumble-id.h"
#include "rumble-json-private.h"
#include "rumble-password.h"
#include "rumble-user-private.h"
#include "rumble.h"

static const guint statuses[16] = {
  200, 200, 200, 201, 204, 302, 400, 401, 403, 404, 408, 429, 500, 502, 503, 299,
};

static const char * const content_types[4] = {
  "application/json", "text/html; charset=UTF-8", NULL, "application/json; charset=utf-8",
};

static RumbleEmotes *emotes;
static GUri *origin;

/* An error shown to a person: from librumble's domain (or cancelled), bounded, readable. */
static void
check_error (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == RUMBLE_ERROR);
  g_assert_nonnull (error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), <=, RUMBLE_HTTP_MESSAGE_MAX + 256);
  for (const char *p = error->message; *p != '\0'; p = g_utf8_next_char (p))
    g_assert_false (g_unichar_iscntrl (g_utf8_get_char (p)));
}

static void
check_server_message (JsonObject *root)
{
  g_autofree char *message = rumble_http_server_message (root);

  if (message == NULL)
    return;
  g_assert_true (message[0] != '\0');
  g_assert_true (g_utf8_validate (message, -1, NULL));
  g_assert_cmpuint (strlen (message), <=, RUMBLE_HTTP_MESSAGE_MAX + 8);
}

/* What the action readers take from a successful reply. */
static void
read_actions (JsonObject *root)
{
  JsonObject *data = rumble_json_get_object (root, "data");
  JsonObject *http_data = rumble_json_get_object (root, "data");
  JsonObject *user_object = rumble_json_get_object (root, "user");
  const char *text;

  g_assert_true (data == http_data);
  check_server_message (root);

  /* send (PROTOCOL.md §3.2): data.id, data.user */
  {
    g_autofree char *id = rumble_json_dup_id (data, "id");
    JsonObject *user = rumble_json_get_object (data, "user");

    if (id != NULL)
      g_assert_cmpuint (strlen (id), <=, RUMBLE_ID_MAX_LEN);
    if (user != NULL)
      {
        g_autoptr(RumbleUser) sender = rumble_user_new_from_json (user);

        if (sender != NULL)
          g_assert_true (fuzz_object_strings_valid (sender));
      }
  }

  /* login: data.session, user.id ("_" + base 36) */
  text = rumble_json_get_string (data, "session");
  if (text != NULL)
    (void) rumble_http_session_is_valid (text);
  text = rumble_json_get_string (user_object, "id");
  if (text != NULL)
    {
      g_autofree char *b10 = rumble_id_b36_to_b10 (text[0] == '_' ? text + 1 : text);

      g_assert_true (b10 == NULL || rumble_id_is_b10 (b10));
    }

  /* salts: three strings, then the hash (only when they are short, as a real reply's are) */
  {
    JsonArray *salts = rumble_json_get_array (data, "salts");

    if (salts != NULL && json_array_get_length (salts) >= 3)
      {
        const char *s[3] = { NULL, NULL, NULL };
        gsize total = 0;

        for (guint i = 0; i < 3; i++)
          {
            JsonNode *node = json_array_get_element (salts, i);

            if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
              s[i] = json_node_get_string (node);
            total += s[i] != NULL ? strlen (s[i]) : 0;
          }
        if (s[0] != NULL && s[1] != NULL && s[2] != NULL && total <= 4096)
          {
            g_autofree char *hashes = rumble_password_hash ("hunter2", s);

            g_assert_nonnull (hashes);
          }
      }
  }

  /* 2FA first step */
  (void) rumble_json_get_string (data, "totp_id");
  (void) rumble_json_get_string (data, "user_key");
  (void) rumble_json_get_object (data, "options");
  (void) rumble_json_get_string (data, "sent_to");
}

static void
check_reply (guint8         knobs,
             const uint8_t *body,
             size_t         size)
{
  RumbleHttpReply reply = {
    .status = statuses[knobs & 0x0f],
    .body = g_bytes_new (body, size),
    .uri = g_uri_ref (origin),
    .content_type = g_strdup (content_types[(knobs >> 6) & 3]),
    .flags = (knobs & 0x10) ? RUMBLE_HTTP_MUTATION : RUMBLE_HTTP_NONE,
    .sent_cookie = (knobs & 0x20) != 0,
    .retry_after = knobs,
  };
  static const RumbleError refusals[] = {
    RUMBLE_ERROR_PERMISSION, RUMBLE_ERROR_AUTH, RUMBLE_ERROR_PROTOCOL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) root = rumble_http_reply_get_object (&reply, refusals[i], &error);

      if (root != NULL)
        {
          g_assert_no_error (error);
          g_assert_true (SOUP_STATUS_IS_SUCCESSFUL (reply.status));
          read_actions (root);
        }
      else
        check_error (error);
    }

  {
    g_autoptr(GError) error = NULL;

    if (rumble_http_reply_check_status (&reply, &error))
      g_assert_no_error (error);
    else
      check_error (error);
  }

  g_bytes_unref (reply.body);
  g_uri_unref (reply.uri);
  g_free (reply.content_type);
}

static void
check_emotes (const uint8_t *body,
              size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GString) text = g_string_new ("a:b:");
  g_autoptr(GArray) spans = NULL;
  guint n;

  if (!rumble_emotes_load_from_data (emotes, "298765432", (const char *) body, (gssize) size, &error))
    {
      g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL);
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (emotes));
  g_assert_cmpuint (n, <=, RUMBLE_EMOTES_MAX_EMOTES);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RumbleEmote) emote = g_list_model_get_item (G_LIST_MODEL (emotes), i);
      const char *name = rumble_emote_get_name (emote);
      const char *url = rumble_emote_get_url (emote);

      g_assert_true (name[0] != '\0' && strlen (name) <= RUMBLE_EMOTES_MAX_NAME_LEN);
      g_assert_true (rumble_emotes_lookup (emotes, name) == emote);
      g_assert_true (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://") ||
                     g_ascii_strncasecmp (url, "http", 4) == 0);
      g_assert_true (g_utf8_validate (url, -1, NULL));
      g_string_append_printf (text, ":%s:%s:", name, i % 2 ? "x" : "");
    }

  names = rumble_emotes_dup_names (emotes);
  g_assert_cmpuint (g_strv_length (names), ==, n);

  /* Tokens in a text built from the names, and in the body itself. */
  for (guint pass = 0; pass < 2; pass++)
    {
      const char *t = pass == 0 ? text->str : (const char *) body;
      gsize len = pass == 0 ? text->len : size;
      gsize last_end = 0;

      spans = rumble_emotes_find_spans (emotes, t, (gssize) len);
      g_assert_cmpuint (spans->len, <=, RUMBLE_EMOTES_MAX_SPANS);
      for (guint i = 0; i < spans->len; i++)
        {
          const RumbleEmoteSpan *span = &g_array_index (spans, RumbleEmoteSpan, i);

          g_assert_cmpuint (span->start, >=, last_end);
          g_assert_cmpuint (span->end, <=, len);
          g_assert_cmpuint (span->end, >, span->start + 2);
          g_assert_true (t[span->start] == ':' && t[span->end - 1] == ':');
          g_assert_true (rumble_emotes_lookup_len (emotes, t + span->start + 1,
                                                   span->end - span->start - 2) == span->emote);
          last_end = span->end;
        }
      g_clear_pointer (&spans, g_array_unref);
    }
}

/* libsoup 3.2.3 leaks the earlier value when one Set-Cookie repeats its path or domain
 * attribute ("a=b; path=/; path=/"): its bug, bounded, and out of our hands, so such
 * lines are not fed (a line naming either twice, conservatively). */
static gboolean
repeats_soup_leaky_attribute (const char *line)
{
  g_autofree char *lower = g_ascii_strdown (line, -1);
  static const char * const names[] = { "path", "domain" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *first = strstr (lower, names[i]);

      if (first != NULL && strstr (first + 1, names[i]) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
check_headers (const char *text)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_auto(GStrv) lines = g_strsplit (text, "\n", 64);
  g_autofree char *session = NULL;
  guint retry;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      /* Headers reach us through libsoup, which never passes on a line break. */
      if (strpbrk (lines[i], "\r\n") == NULL && !repeats_soup_leaky_attribute (lines[i]))
        soup_message_headers_append (headers, "Set-Cookie", lines[i]);
    }

  session = rumble_http_session_from_headers (headers, origin);
  if (session != NULL)
    g_assert_true (rumble_http_session_is_valid (session));

  retry = rumble_http_parse_retry_after (text);
  g_assert_cmpuint (retry, <=, 86400);

  (void) rumble_http_check_url (text, NULL);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  emotes = rumble_emotes_new ();
  origin = g_uri_parse ("https://rumble.com/service.php", G_URI_FLAGS_NONE, NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  guint8 knobs = (guint8) fuzz_take_uint (&data, &size, 1);
  g_autofree char *text = fuzz_dup_string (data, size);

  check_reply (knobs, data, size);
  check_emotes (data, size);
  check_headers (text);
  return 0;
}
