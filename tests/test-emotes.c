/* test-emotes.c — the emote catalogue: parsing, bounds, lookups, tokens, fetching
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rumble-emotes.h"
#include "rumble-error.h"
#include "rumble-fake-server.h"
#include "test-util.h"

#define STREAM_ID "298765432"
#define ASSET "https://ak2.rmbl.ws/z12/emotes/"

/* A catalogue in the shape of emote.list, with a bad entry of every kind mixed in. */
static const char catalogue_json[] =
  "{\"user\":{\"logged_in\":false},\"data\":{\"items\":["
    "{\"id\":1,\"channel_id\":null,\"emotes\":["
      "{\"name\":\"r+wave\",\"is_subs_only\":false,\"position\":2,\"file\":\"" ASSET "wave.png\"},"
      "{\"name\":\"r+smile\",\"is_subs_only\":false,\"position\":1,\"file\":\"" ASSET "smile.png\"},"
      "{\"name\":\"r+gold\",\"is_subs_only\":true,\"position\":3,\"file\":\"" ASSET "gold.png\"},"
      "{\"name\":\"bad name\",\"position\":4,\"file\":\"" ASSET "x.png\"},"
      "{\"name\":\"colon:name\",\"position\":5,\"file\":\"" ASSET "x.png\"},"
      "{\"name\":\"\",\"position\":6,\"file\":\"" ASSET "x.png\"},"
      "{\"name\":42,\"position\":7,\"file\":\"" ASSET "x.png\"},"
      "{\"name\":\"nofile\",\"position\":8},"
      "{\"name\":\"scripted\",\"position\":9,\"file\":\"javascript:alert(1)\"},"
      "{\"name\":\"plainhttp\",\"position\":10,\"file\":\"http://example.com/x.png\"},"
      "{\"name\":\"relative\",\"position\":11,\"file\":\"/i/emotes/x.png\"},"
      "{\"name\":\"withuser\",\"position\":12,\"file\":\"https://me:pw@example.com/x.png\"},"
      "\"not an object\","
      "null"
    "]},"
    "{\"id\":\"77\",\"channel_id\":5512345,\"emotes\":["
      "{\"name\":\"cedarWave\",\"is_subs_only\":0,\"position\":0,\"file\":\"" ASSET "cw.png\"},"
      "{\"name\":\"r+smile\",\"position\":1,\"file\":\"" ASSET "impostor.png\"},"
      "{\"name\":\"cedarHeart\",\"is_subs_only\":1,\"position\":\"x\",\"file\":\"" ASSET "ch.png\"}"
    "]},"
    "{\"id\":3,\"channel_id\":null},"
    "{\"id\":4,\"channel_id\":null,\"emotes\":{}},"
    "[],"
    "7"
  "]}}";

static RumbleEmotes *
load_catalogue (void)
{
  RumbleEmotes *emotes = rumble_emotes_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (rumble_emotes_load_from_data (emotes, STREAM_ID, catalogue_json, -1, &error));
  g_assert_no_error (error);
  return emotes;
}

static void
test_parse (void)
{
  g_autoptr(RumbleEmotes) emotes = load_catalogue ();
  g_auto(GStrv) names = rumble_emotes_dup_names (emotes);
  g_autofree char *joined = g_strjoinv (" ", names);
  g_autoptr(RumbleEmote) first = NULL;
  RumbleEmote *gold;
  RumbleEmote *heart;

  /* Groups in order, each group by position; bad entries and the duplicate skipped. */
  g_assert_cmpstr (joined, ==, "r+smile r+wave r+gold cedarWave cedarHeart");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (emotes)), ==, 5);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (emotes)) == RUMBLE_TYPE_EMOTE);
  g_assert_cmpstr (rumble_emotes_get_stream_id (emotes), ==, STREAM_ID);

  first = g_list_model_get_item (G_LIST_MODEL (emotes), 0);
  g_assert_cmpstr (rumble_emote_get_name (first), ==, "r+smile");
  g_assert_cmpstr (rumble_emote_get_url (first), ==, ASSET "smile.png");
  g_assert_cmpstr (rumble_emote_get_group_id (first), ==, "1");
  g_assert_null (rumble_emote_get_channel_id (first));
  g_assert_false (rumble_emote_get_subs_only (first));
  g_assert_cmpuint (rumble_emote_get_position (first), ==, 1);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (emotes), 5));

  gold = rumble_emotes_lookup (emotes, "r+gold");
  g_assert_nonnull (gold);
  g_assert_true (rumble_emote_get_subs_only (gold));

  heart = rumble_emotes_lookup (emotes, "cedarHeart");
  g_assert_nonnull (heart);
  g_assert_cmpstr (rumble_emote_get_group_id (heart), ==, "77");
  g_assert_cmpstr (rumble_emote_get_channel_id (heart), ==, "5512345");
  g_assert_true (rumble_emote_get_subs_only (heart));
  /* A position that is not a number falls back to the index in the group. */
  g_assert_cmpuint (rumble_emote_get_position (heart), ==, 2);

  {
    g_autofree char *token = rumble_emote_dup_token (heart);
    g_autofree char *name = NULL;
    gboolean subs_only = FALSE;

    g_assert_cmpstr (token, ==, ":cedarHeart:");
    g_object_get (heart, "name", &name, "subs-only", &subs_only, NULL);
    g_assert_cmpstr (name, ==, "cedarHeart");
    g_assert_true (subs_only);
  }
  g_assert_finalize_object (g_steal_pointer (&emotes));
}

static void
test_lookup (void)
{
  g_autoptr(RumbleEmotes) emotes = load_catalogue ();

  g_assert_nonnull (rumble_emotes_lookup (emotes, "r+smile"));
  /* The first served wins over the channel group's impostor. */
  g_assert_cmpstr (rumble_emote_get_url (rumble_emotes_lookup (emotes, "r+smile")), ==,
                   ASSET "smile.png");
  /* Case-sensitive and exact. */
  g_assert_null (rumble_emotes_lookup (emotes, "R+smile"));
  g_assert_null (rumble_emotes_lookup (emotes, "r+smil"));
  g_assert_null (rumble_emotes_lookup (emotes, "r+smile "));
  g_assert_null (rumble_emotes_lookup (emotes, ":r+smile:"));
  g_assert_null (rumble_emotes_lookup (emotes, "smile"));
  g_assert_null (rumble_emotes_lookup (emotes, ""));
  g_assert_null (rumble_emotes_lookup (emotes, "bad name"));
  g_assert_null (rumble_emotes_lookup (emotes, "plainhttp"));
  g_assert_null (rumble_emotes_lookup (emotes, "relative"));

  g_assert_nonnull (rumble_emotes_lookup_len (emotes, "r+smile and more", 7));
  g_assert_null (rumble_emotes_lookup_len (emotes, "r+smile\0x", 9));
  g_assert_null (rumble_emotes_lookup_len (emotes, "r+smile", 0));
  g_assert_finalize_object (g_steal_pointer (&emotes));
}

/* Spans as "start-end:name" joined with spaces. */
static char *
spans_of (RumbleEmotes *emotes,
          const char   *text,
          gssize        len)
{
  g_autoptr(GArray) spans = rumble_emotes_find_spans (emotes, text, len);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < spans->len; i++)
    {
      const RumbleEmoteSpan *span = &g_array_index (spans, RumbleEmoteSpan, i);

      g_assert_cmpstr (span->url, ==, rumble_emote_get_url (span->emote));
      /* The span covers exactly ":name:". */
      g_assert_cmpint (text[span->start], ==, ':');
      g_assert_cmpint (text[span->end - 1], ==, ':');
      g_assert_cmpuint (span->end - span->start, ==, strlen (rumble_emote_get_name (span->emote)) + 2);
      g_assert_cmpmem (text + span->start + 1, span->end - span->start - 2,
                       rumble_emote_get_name (span->emote), strlen (rumble_emote_get_name (span->emote)));

      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "%zu-%zu:%s", span->start, span->end,
                              rumble_emote_get_name (span->emote));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_spans (RumbleEmotes *emotes,
              const char   *text,
              const char   *expected)
{
  g_autofree char *got = spans_of (emotes, text, -1);

  g_test_message ("text: %s", text);
  g_assert_cmpstr (got, ==, expected);
}

static void
test_find_spans (void)
{
  g_autoptr(RumbleEmotes) emotes = load_catalogue ();

  assert_spans (emotes, "", "");
  assert_spans (emotes, "no emotes here", "");
  assert_spans (emotes, ":r+smile:", "0-9:r+smile");
  assert_spans (emotes, "hi :r+smile: and :cedarWave::r+wave:!",
                "3-12:r+smile 17-28:cedarWave 28-36:r+wave");
  /* Not in the catalogue, or not exact: text. */
  assert_spans (emotes, ":R+SMILE: :smile: :r+smile :r+smile ::", "");
  assert_spans (emotes, ":bad name: :plainhttp:", "");
  /* A colon that closes a non-emote may open the next token. */
  assert_spans (emotes, ":unknown:r+smile:", "8-17:r+smile");
  assert_spans (emotes, "a:b:r+smile:", "3-12:r+smile");
  assert_spans (emotes, "::r+smile::", "1-10:r+smile");
  assert_spans (emotes, "12:30:r+wave: at 12:31", "5-13:r+wave");
  /* Glued to words, as the web client matches them too. */
  assert_spans (emotes, "wow:r+smile:wow", "3-12:r+smile");
  /* UTF-8 around the tokens; offsets are in bytes. */
  assert_spans (emotes, "héllo :r+gold: ✓", "7-15:r+gold");

  /* An explicit length: a token cut by it is not one. */
  {
    const char text[] = ":r+smile::r+wave:";
    g_autofree char *whole = spans_of (emotes, text, 17);
    g_autofree char *cut = spans_of (emotes, text, 16);

    g_assert_cmpstr (whole, ==, "0-9:r+smile 9-17:r+wave");
    g_assert_cmpstr (cut, ==, "0-9:r+smile");
  }
  /* An embedded NUL does not make a name match. */
  {
    const char text[] = ":r+smile\0x: :r+wave:";
    g_autofree char *got = spans_of (emotes, text, sizeof text - 1);

    g_assert_cmpstr (got, ==, "12-20:r+wave");
  }
  g_assert_finalize_object (g_steal_pointer (&emotes));
}

static void
test_find_spans_bounded (void)
{
  g_autoptr(RumbleEmotes) emotes = load_catalogue ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) spans = NULL;
  g_autofree char *colons = g_strnfill (100000, ':');
  g_autofree char *long_name = g_strnfill (200, 'a');
  g_autofree char *tricky = g_strdup_printf (":%s:r+smile:", long_name);
  g_autofree char *got = NULL;

  for (guint i = 0; i < 1000; i++)
    g_string_append (text, ":r+smile: ");
  spans = rumble_emotes_find_spans (emotes, text->str, text->len);
  g_assert_cmpuint (spans->len, ==, RUMBLE_EMOTES_MAX_SPANS);

  g_clear_pointer (&spans, g_array_unref);
  spans = rumble_emotes_find_spans (emotes, colons, -1);
  g_assert_cmpuint (spans->len, ==, 0);

  /* A candidate longer than any name is skipped without hiding what follows. */
  got = spans_of (emotes, tricky, -1);
  g_assert_cmpstr (got, ==, "201-210:r+smile");
  g_assert_finalize_object (g_steal_pointer (&emotes));
}

static void
test_empty_catalogue (void)
{
  g_autoptr(RumbleEmotes) emotes = rumble_emotes_new ();
  g_autoptr(GArray) spans = rumble_emotes_find_spans (emotes, ":r+smile:", -1);
  g_auto(GStrv) names = rumble_emotes_dup_names (emotes);

  g_assert_cmpuint (spans->len, ==, 0);
  g_assert_cmpuint (g_strv_length (names), ==, 0);
  g_assert_null (rumble_emotes_get_stream_id (emotes));
  g_assert_null (rumble_emotes_lookup (emotes, "r+smile"));

  g_clear_pointer (&spans, g_array_unref);
  spans = rumble_emotes_find_spans (emotes, NULL, 0);
  g_assert_cmpuint (spans->len, ==, 0);
  g_assert_finalize_object (g_steal_pointer (&emotes));
}

static void
test_bounds (void)
{
  g_autoptr(RumbleEmotes) emotes = rumble_emotes_new ();
  g_autoptr(GString) json = g_string_new ("{\"data\":{\"items\":[");
  g_autoptr(GError) error = NULL;
  g_autofree char *name64 = g_strnfill (64, 'n');
  g_autofree char *name65 = g_strnfill (65, 'm');
  g_autofree char *long_path = g_strnfill (2100, 'p');

  /* 100 groups of 70 emotes: no more than 4096 emotes in all. */
  for (guint g = 0; g < 100; g++)
    {
      g_string_append_printf (json, "%s{\"id\":%u,\"channel_id\":null,\"emotes\":[", g ? "," : "", g);
      for (guint e = 0; e < 70; e++)
        g_string_append_printf (json, "%s{\"name\":\"g%ue%u\",\"position\":%u,\"file\":\"" ASSET "%u.png\"}",
                                e ? "," : "", g, e, e, e);
      g_string_append (json, "]}");
    }
  g_string_append (json, "]}}");

  g_assert_true (rumble_emotes_load_from_data (emotes, STREAM_ID, json->str, json->len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (emotes)), ==, RUMBLE_EMOTES_MAX_EMOTES);
  g_assert_nonnull (rumble_emotes_lookup (emotes, "g0e0"));
  g_assert_nonnull (rumble_emotes_lookup (emotes, "g58e35"));   /* 58 * 70 + 36 = 4096 */
  g_assert_null (rumble_emotes_lookup (emotes, "g58e36"));
  g_assert_null (rumble_emotes_lookup (emotes, "g59e0"));

  /* Groups past the 64th are ignored even when there is room for their emotes. */
  g_string_assign (json, "{\"data\":{\"items\":[");
  for (guint g = 0; g < 70; g++)
    g_string_append_printf (json, "%s{\"id\":%u,\"emotes\":[{\"name\":\"only%u\",\"file\":\"" ASSET "o.png\"}]}",
                            g ? "," : "", g, g);
  g_string_append (json, "]}}");
  g_assert_true (rumble_emotes_load_from_data (emotes, STREAM_ID, json->str, -1, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (emotes)), ==, RUMBLE_EMOTES_MAX_GROUPS);
  g_assert_nonnull (rumble_emotes_lookup (emotes, "only63"));
  g_assert_null (rumble_emotes_lookup (emotes, "only64"));

  /* Name and URL lengths. */
  g_string_printf (json,
                   "{\"data\":{\"items\":[{\"id\":1,\"emotes\":["
                   "{\"name\":\"%s\",\"file\":\"" ASSET "a.png\"},"
                   "{\"name\":\"%s\",\"file\":\"" ASSET "b.png\"},"
                   "{\"name\":\"longurl\",\"file\":\"" ASSET "%s.png\"}]}]}}",
                   name64, name65, long_path);
  g_assert_true (rumble_emotes_load_from_data (emotes, STREAM_ID, json->str, -1, &error));
  g_assert_nonnull (rumble_emotes_lookup (emotes, name64));
  g_assert_null (rumble_emotes_lookup (emotes, name65));
  g_assert_null (rumble_emotes_lookup (emotes, "longurl"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (emotes)), ==, 1);
  g_assert_finalize_object (g_steal_pointer (&emotes));
}

static void
test_bad_json (void)
{
  static const char *const bad[] = {
    "", "not json", "{", "[]", "null", "{}", "{\"data\":null}", "{\"data\":{}}",
    "{\"data\":{\"items\":{}}}", "{\"data\":{\"items\":\"x\"}}", "{\"data\":[]}",
  };
  g_autoptr(RumbleEmotes) emotes = load_catalogue ();
  g_autoptr(TestChanges) changes = test_changes_new (G_LIST_MODEL (emotes));

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *record = NULL;

      g_test_message ("json: %s", bad[i]);
      g_assert_false (rumble_emotes_load_from_data (emotes, "1", bad[i], -1, &error));
      g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL);
      /* The old catalogue stays, untouched. */
      record = test_changes_take (changes);
      g_assert_cmpstr (record, ==, "");
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (emotes)), ==, 5);
      g_assert_cmpstr (rumble_emotes_get_stream_id (emotes), ==, STREAM_ID);
    }

  /* An empty list is a valid, empty catalogue. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *record = NULL;

    g_assert_true (rumble_emotes_load_from_data (emotes, "1", "{\"data\":{\"items\":[]}}", -1, &error));
    g_assert_no_error (error);
    record = test_changes_take (changes);
    g_assert_cmpstr (record, ==, "0-5+0");
  }
  g_clear_pointer (&changes, test_changes_free);
  g_assert_finalize_object (g_steal_pointer (&emotes));
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_model_changes (void)
{
  g_autoptr(RumbleEmotes) emotes = rumble_emotes_new ();
  g_autoptr(TestChanges) changes = test_changes_new (G_LIST_MODEL (emotes));
  g_autoptr(GError) error = NULL;
  g_autofree char *record = NULL;
  guint stream_notifies = 0;
  guint n_items_notifies = 0;

  g_signal_connect (emotes, "notify::stream-id", G_CALLBACK (count_notify), &stream_notifies);
  g_signal_connect (emotes, "notify::n-items", G_CALLBACK (count_notify), &n_items_notifies);

  g_assert_true (rumble_emotes_load_from_data (emotes, STREAM_ID, catalogue_json, -1, &error));
  record = test_changes_take (changes);
  g_assert_cmpstr (record, ==, "0-0+5");
  g_assert_cmpuint (stream_notifies, ==, 1);
  g_assert_cmpuint (n_items_notifies, ==, 1);

  /* Reloading the same: one replacement, no notify for what did not change. */
  g_assert_true (rumble_emotes_load_from_data (emotes, STREAM_ID, catalogue_json, -1, &error));
  g_clear_pointer (&record, g_free);
  record = test_changes_take (changes);
  g_assert_cmpstr (record, ==, "0-5+5");
  g_assert_cmpuint (stream_notifies, ==, 1);
  g_assert_cmpuint (n_items_notifies, ==, 1);

  rumble_emotes_clear (emotes);
  g_clear_pointer (&record, g_free);
  record = test_changes_take (changes);
  g_assert_cmpstr (record, ==, "0-5+0");
  g_assert_null (rumble_emotes_get_stream_id (emotes));
  g_assert_cmpuint (stream_notifies, ==, 2);
  g_assert_cmpuint (n_items_notifies, ==, 2);

  /* Clearing what is empty does nothing. */
  rumble_emotes_clear (emotes);
  g_clear_pointer (&record, g_free);
  record = test_changes_take (changes);
  g_assert_cmpstr (record, ==, "");
  g_assert_cmpuint (stream_notifies, ==, 2);
  g_clear_pointer (&changes, test_changes_free);
  g_assert_finalize_object (g_steal_pointer (&emotes));
}

/* Fetching, against a SoupServer of our own */

typedef struct {
  SoupServer *server;
  char       *url;
  guint       status;
  char       *body;          /* reply to emote.list */
  char       *last_query;
  guint       n_requests;
} Site;

static void
on_site_request (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Site *site = user_data;
  const char *raw_query = g_uri_get_query (soup_server_message_get_uri (msg));

  site->n_requests++;
  g_free (site->last_query);
  site->last_query = g_strdup (raw_query);

  if (strcmp (path, "/service.php") != 0 || query == NULL ||
      g_strcmp0 (g_hash_table_lookup (query, "name"), "emote.list") != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  soup_server_message_set_status (msg, site->status, NULL);
  if (site->body != NULL)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                      site->body, strlen (site->body));
}

static Site *
site_new (void)
{
  Site *site = g_new0 (Site, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  site->server = soup_server_new (NULL, NULL);
  site->status = SOUP_STATUS_OK;
  site->body = g_strdup (catalogue_json);
  soup_server_add_handler (site->server, NULL, on_site_request, site, NULL);
  soup_server_listen_local (site->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (site->server);
  site->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return site;
}

static void
site_free (Site *site)
{
  soup_server_disconnect (site->server);
  g_assert_finalize_object (site->server);
  g_free (site->url);
  g_free (site->body);
  g_free (site->last_query);
  g_free (site);
}

typedef struct {
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Fetched;

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetched *fetched = user_data;

  fetched->ok = rumble_emotes_fetch_finish (RUMBLE_EMOTES (object), result, &fetched->error);
  fetched->done = TRUE;
}

static void
fetch (RumbleEmotes *emotes,
       SoupSession  *session,
       Site         *site,
       const char   *stream_id,
       Fetched      *fetched)
{
  memset (fetched, 0, sizeof *fetched);
  rumble_emotes_fetch_async (emotes, session, site->url, stream_id, NULL, on_fetched, fetched);
  test_wait_for_flag (&fetched->done, 20000);
}

static void
test_fetch (void)
{
  Site *site = site_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(RumbleEmotes) emotes = rumble_emotes_new ();
  Fetched fetched;

  fetch (emotes, session, site, STREAM_ID, &fetched);
  g_assert_no_error (fetched.error);
  g_assert_true (fetched.ok);
  g_assert_cmpstr (site->last_query, ==, "name=emote.list&chat_id=" STREAM_ID);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (emotes)), ==, 5);
  g_assert_cmpstr (rumble_emotes_get_stream_id (emotes), ==, STREAM_ID);

  g_clear_object (&session);
  g_assert_finalize_object (g_steal_pointer (&emotes));
  site_free (site);
}

static void
test_fetch_errors (void)
{
  Site *site = site_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(RumbleEmotes) emotes = rumble_emotes_new ();
  g_autoptr(GString) huge = g_string_new ("{\"data\":{\"items\":[],\"pad\":\"");
  Fetched fetched;
  struct {
    guint       status;
    const char *body;
    gint        code;
  } cases[] = {
    { SOUP_STATUS_NOT_FOUND, NULL, RUMBLE_ERROR_NOT_FOUND },
    { SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL, RUMBLE_ERROR_HTTP },
    { SOUP_STATUS_OK, "<html>Just a moment...</html>", RUMBLE_ERROR_PROTOCOL },
    { SOUP_STATUS_OK, "{\"data\":{}}", RUMBLE_ERROR_PROTOCOL },
    { SOUP_STATUS_OK, "{\"errors\":[{\"code\":\"bad\",\"message\":\"Nope\"}]}", RUMBLE_ERROR_PROTOCOL },
  };

  fetch (emotes, session, site, STREAM_ID, &fetched);
  g_assert_true (fetched.ok);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %zu", i);
      site->status = cases[i].status;
      g_free (site->body);
      site->body = g_strdup (cases[i].body);
      fetch (emotes, session, site, STREAM_ID, &fetched);
      g_assert_false (fetched.ok);
      g_assert_error (fetched.error, RUMBLE_ERROR, cases[i].code);
      g_clear_error (&fetched.error);
      /* A failed refresh of the same chat keeps the catalogue it had. */
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (emotes)), ==, 5);
    }

  /* A body over 1 MiB is refused. */
  while (huge->len < 1100 * 1024)
    g_string_append (huge, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  g_string_append (huge, "\"}}");
  site->status = SOUP_STATUS_OK;
  g_free (site->body);
  site->body = g_strdup (huge->str);
  fetch (emotes, session, site, STREAM_ID, &fetched);
  g_assert_error (fetched.error, RUMBLE_ERROR, RUMBLE_ERROR_TOO_LARGE);
  g_clear_error (&fetched.error);

  /* Not a decimal id: refused before any request. */
  site->n_requests = 0;
  fetch (emotes, session, site, "4xvkvs", &fetched);
  g_assert_error (fetched.error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);
  g_clear_error (&fetched.error);
  fetch (emotes, session, site, "12&name=x", &fetched);
  g_assert_error (fetched.error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);
  g_clear_error (&fetched.error);
  g_assert_cmpuint (site->n_requests, ==, 0);

  g_clear_object (&session);
  g_assert_finalize_object (g_steal_pointer (&emotes));
  site_free (site);
}

static void
test_fetch_other_stream (void)
{
  Site *site = site_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(RumbleEmotes) emotes = rumble_emotes_new ();
  Fetched fetched;

  fetch (emotes, session, site, STREAM_ID, &fetched);
  g_assert_true (fetched.ok);

  /* Another chat: the old catalogue goes at once, before the reply. */
  site->status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  memset (&fetched, 0, sizeof fetched);
  rumble_emotes_fetch_async (emotes, session, site->url, "87654321", NULL, on_fetched, &fetched);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (emotes)), ==, 0);
  g_assert_null (rumble_emotes_get_stream_id (emotes));
  test_wait_for_flag (&fetched.done, 20000);
  g_assert_error (fetched.error, RUMBLE_ERROR, RUMBLE_ERROR_HTTP);
  g_clear_error (&fetched.error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (emotes)), ==, 0);

  g_clear_object (&session);
  g_assert_finalize_object (g_steal_pointer (&emotes));
  site_free (site);
}

static void
test_fetch_superseded (void)
{
  Site *site = site_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(RumbleEmotes) emotes = rumble_emotes_new ();
  Fetched first = { 0 };
  Fetched second = { 0 };

  rumble_emotes_fetch_async (emotes, session, site->url, STREAM_ID, NULL, on_fetched, &first);
  rumble_emotes_fetch_async (emotes, session, site->url, STREAM_ID, NULL, on_fetched, &second);
  test_wait_for_flag (&first.done, 20000);
  test_wait_for_flag (&second.done, 20000);

  g_assert_error (first.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_no_error (second.error);
  g_assert_true (second.ok);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (emotes)), ==, 5);
  g_clear_error (&first.error);

  g_clear_object (&session);
  g_assert_finalize_object (g_steal_pointer (&emotes));
  site_free (site);
}

static void
test_fetch_cancelled (void)
{
  Site *site = site_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(RumbleEmotes) emotes = rumble_emotes_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Fetched fetched = { 0 };

  rumble_emotes_fetch_async (emotes, session, site->url, STREAM_ID, cancellable, on_fetched, &fetched);
  g_cancellable_cancel (cancellable);
  test_wait_for_flag (&fetched.done, 20000);
  g_assert_error (fetched.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&fetched.error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (emotes)), ==, 0);

  g_clear_object (&session);
  g_assert_finalize_object (g_steal_pointer (&emotes));
  site_free (site);
}

/* The fake server's catalogue, fetched and used end to end. */
static void
test_fetch_from_fake (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleFakeServer) fake = rumble_fake_server_new (0, &error);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(RumbleEmotes) emotes = rumble_emotes_new ();
  g_autoptr(GArray) spans = NULL;
  const RumbleFakeRequest *request;
  Fetched fetched = { 0 };
  RumbleEmote *global;
  guint n;

  g_assert_no_error (error);
  rumble_emotes_fetch_async (emotes, session, rumble_fake_server_get_url (fake),
                             RUMBLE_FAKE_DEFAULT_STREAM, NULL, on_fetched, &fetched);
  test_wait_for_flag (&fetched.done, 20000);
  g_assert_no_error (fetched.error);
  g_assert_true (fetched.ok);

  request = rumble_fake_server_find_request (fake, "GET", "/service.php");
  g_assert_nonnull (request);
  g_assert_cmpstr (request->query, ==, "name=emote.list&chat_id=" RUMBLE_FAKE_DEFAULT_STREAM);

  /* A global group and the channel's own group. */
  n = g_list_model_get_n_items (G_LIST_MODEL (emotes));
  g_assert_cmpuint (n, >=, 2);
  global = NULL;
  for (guint i = 0; i < n && global == NULL; i++)
    {
      g_autoptr(RumbleEmote) emote = g_list_model_get_item (G_LIST_MODEL (emotes), i);

      if (rumble_emote_get_channel_id (emote) == NULL)
        global = rumble_emotes_lookup (emotes, rumble_emote_get_name (emote));
    }
  g_assert_nonnull (global);
  g_assert_true (g_str_has_prefix (rumble_emote_get_name (global), "r+"));
  g_assert_true (g_str_has_prefix (rumble_emote_get_url (global), rumble_fake_server_get_url (fake)));

  {
    g_autofree char *token = rumble_emote_dup_token (global);
    g_autofree char *text = g_strconcat ("nice ", token, "!", NULL);

    spans = rumble_emotes_find_spans (emotes, text, -1);
    g_assert_cmpuint (spans->len, ==, 1);
    g_assert_cmpuint (g_array_index (spans, RumbleEmoteSpan, 0).start, ==, 5);
    g_assert_true (g_array_index (spans, RumbleEmoteSpan, 0).emote == global);
  }

  g_clear_object (&session);
  g_assert_finalize_object (g_steal_pointer (&emotes));
  g_assert_finalize_object (g_steal_pointer (&fake));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rumble/emotes/parse", test_parse);
  g_test_add_func ("/rumble/emotes/lookup", test_lookup);
  g_test_add_func ("/rumble/emotes/find-spans", test_find_spans);
  g_test_add_func ("/rumble/emotes/find-spans-bounded", test_find_spans_bounded);
  g_test_add_func ("/rumble/emotes/empty-catalogue", test_empty_catalogue);
  g_test_add_func ("/rumble/emotes/bounds", test_bounds);
  g_test_add_func ("/rumble/emotes/bad-json", test_bad_json);
  g_test_add_func ("/rumble/emotes/model-changes", test_model_changes);
  g_test_add_func ("/rumble/emotes/fetch", test_fetch);
  g_test_add_func ("/rumble/emotes/fetch-errors", test_fetch_errors);
  g_test_add_func ("/rumble/emotes/fetch-other-stream", test_fetch_other_stream);
  g_test_add_func ("/rumble/emotes/fetch-superseded", test_fetch_superseded);
  g_test_add_func ("/rumble/emotes/fetch-cancelled", test_fetch_cancelled);
  g_test_add_func ("/rumble/emotes/fetch-from-fake", test_fetch_from_fake);

  return g_test_run ();
}
