/* test-locator.c — every form a user may paste, resolved offline or against the fake
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rumble-error.h"
#include "rumble-fake-server.h"
#include "rumble-http-private.h"
#include "rumble-locator.h"
#include "rumble-text.h"
#include "test-util.h"

#define STREAM_ID "298765432"

/* Pure classification */

typedef struct {
  const char        *input;
  RumbleLocatorKind  kind;
  const char        *value;
} ClassifyCase;

static const ClassifyCase classify_cases[] = {
  { "298765432", RUMBLE_LOCATOR_KIND_ID, "298765432" },
  { "  298765432\n", RUMBLE_LOCATOR_KIND_ID, "298765432" },
  { "4xvkvs", RUMBLE_LOCATOR_KIND_ID, "298765432" },
  { "4XVKVS", RUMBLE_LOCATOR_KIND_ID, "298765432" },
  { "18446744073709551615", RUMBLE_LOCATOR_KIND_ID, "18446744073709551615" },
  { "https://rumble.com/chat/popup/298765432", RUMBLE_LOCATOR_KIND_POPUP, "298765432" },
  { "https://www.rumble.com/chat/popup/298765432/?x=1#top", RUMBLE_LOCATOR_KIND_POPUP, "298765432" },
  { "HTTPS://RUMBLE.COM/chat/popup/298765432", RUMBLE_LOCATOR_KIND_POPUP, "298765432" },
  { "rumble.com/chat/popup/298765432", RUMBLE_LOCATOR_KIND_POPUP, "298765432" },
  { "https://rumble.com/embed/v5abcde/", RUMBLE_LOCATOR_KIND_EMBED, "v5abcde" },
  { "https://rumble.com/embed/v5abcde/?pub=4", RUMBLE_LOCATOR_KIND_EMBED, "v5abcde" },
  { "https://rumble.com/embed/v5abcde", RUMBLE_LOCATOR_KIND_EMBED, "v5abcde" },
  { "https://rumble.com/v6xyz12-some-title.html", RUMBLE_LOCATOR_KIND_VIDEO, "v6xyz12-some-title.html" },
  { "https://rumble.com/v6xyz12-some-title.html?mref=abc&mc=2", RUMBLE_LOCATOR_KIND_VIDEO, "v6xyz12-some-title.html" },
  { "www.rumble.com/v6xyz12.html", RUMBLE_LOCATOR_KIND_VIDEO, "v6xyz12.html" },
  { "https://rumble.com/c/CedarHollow", RUMBLE_LOCATOR_KIND_CHANNEL, "c/CedarHollow" },
  { "https://rumble.com/c/CedarHollow/livestreams?e9s=x", RUMBLE_LOCATOR_KIND_CHANNEL, "c/CedarHollow" },
  { "rumble.com/c/Cedar-Hollow_2/", RUMBLE_LOCATOR_KIND_CHANNEL, "c/Cedar-Hollow_2" },
  { "https://rumble.com/user/CedarHollowLive", RUMBLE_LOCATOR_KIND_CHANNEL, "user/CedarHollowLive" },
  { "https://rumble.com/c/Caf%C3%A9", RUMBLE_LOCATOR_KIND_CHANNEL, "c/Caf%C3%A9" },
  /* Loopback is accepted (a fake server's own links), plain http included. */
  { "http://127.0.0.1:8080/chat/popup/42", RUMBLE_LOCATOR_KIND_POPUP, "42" },
  { "http://localhost/embed/v5abcde/", RUMBLE_LOCATOR_KIND_EMBED, "v5abcde" },
};

static void
test_classify (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (classify_cases); i++)
    {
      const ClassifyCase *c = &classify_cases[i];
      g_autofree char *value = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("input: %s", c->input);
      g_assert_cmpint (rumble_locator_classify (c->input, &value, &error), ==, c->kind);
      g_assert_no_error (error);
      g_assert_cmpstr (value, ==, c->value);
    }
}

typedef struct {
  const char *input;
  const char *message_part;   /* a piece of the message that tells what went wrong */
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  { "", "Paste a stream id" },
  { "   \t\n", "Paste a stream id" },
  { "hello world", "not a stream id or a Rumble link" },
  { "4xv-kvs", "not a stream id or a Rumble link" },
  { "298765432!", "not a stream id or a Rumble link" },
  { "0", "0 is not a stream id" },
  { "18446744073709551616", "too large" },
  { "99999999999999999999999", "too large" },
  { "3w5e11264sgsg", "too large" },
  { "ftp://rumble.com/c/CedarHollow", "Only web links" },
  { "file:///etc/passwd", "not a valid address" },
  { "http://example.com/chat/popup/298765432", "not a rumble.com link" },
  { "https://example.com/chat/popup/298765432", "not a rumble.com link" },
  { "https://rumble.com.evil.example/c/x", "not a rumble.com link" },
  { "http://rumble.com/c/CedarHollow", "https://" },
  { "https://user:pw@rumble.com/c/CedarHollow", "user name or password" },
  { "https://rumble.com/", "home page" },
  { "https://rumble.com", "home page" },
  { "https://rumble.com/chat/popup/", "not a video, embed, popup or channel link" },
  { "https://rumble.com/chat/popup/4xvkvs", "no valid stream id" },
  { "https://rumble.com/chat/popup/0", "no valid stream id" },
  { "https://rumble.com/chat/popup/18446744073709551616", "no valid stream id" },
  { "https://rumble.com/embed/", "no valid video id" },
  { "https://rumble.com/embed/x5abcde/", "no valid video id" },
  { "https://rumble.com/embed/v5ab%20cde/", "no valid video id" },
  { "https://rumble.com/c/", "no valid channel name" },
  { "https://rumble.com/c/..", "home page" },   /* GUri removes dot segments */
  { "https://rumble.com/c/%2E%2E", "home page" },
  { "https://rumble.com/c/%2E%2E/x", "not a video, embed, popup or channel link" },
  { "https://rumble.com/c/a%2Fb", "no valid channel name" },
  { "https://rumble.com/c/a%00b", "no valid channel name" },
  { "https://rumble.com/c/a%2", "not a valid address" },
  { "https://rumble.com/videos", "not a video, embed, popup or channel link" },
  { "https://rumble.com/account/moderation/muting", "not a video, embed, popup or channel link" },
  { "https://rumble.com/v6xyz12-title.html/extra", "not a video, embed, popup or channel link" },
  { "https://[::1", "not a valid address" },
  { "javascript:alert(1)", "not a stream id or a Rumble link" },
};

static void
test_classify_invalid (void)
{
  g_autofree char *too_long = g_strnfill (5000, '1');

  for (gsize i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      const InvalidCase *c = &invalid_cases[i];
      g_autofree char *value = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("input: %s", c->input);
      g_assert_cmpint (rumble_locator_classify (c->input, &value, &error), ==,
                       RUMBLE_LOCATOR_KIND_INVALID);
      g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, c->message_part));
      /* Every message ends by saying what to paste. */
      g_assert_true (g_str_has_suffix (error->message, "Paste a stream id, or a rumble.com video, "
                                                       "embed, popup or channel link."));
      g_assert_null (value);
      g_assert_false (rumble_locator_needs_network (c->input));
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (rumble_locator_classify (too_long, NULL, &error), ==, RUMBLE_LOCATOR_KIND_INVALID);
    g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (rumble_locator_classify (NULL, NULL, &error), ==, RUMBLE_LOCATOR_KIND_INVALID);
    g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);
  }
}

static void
test_parse_local (void)
{
  static const char *const local[] = {
    "298765432", "4xvkvs", "https://rumble.com/chat/popup/298765432", " rumble.com/chat/popup/298765432 ",
  };
  static const char *const remote[] = {
    "https://rumble.com/embed/v5abcde/", "https://rumble.com/v6xyz12-some-title.html",
    "https://rumble.com/c/CedarHollow", "https://rumble.com/user/CedarHollowLive",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (local); i++)
    {
      g_autofree char *id = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (rumble_locator_parse_local (local[i], &id, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (id, ==, STREAM_ID);
      g_assert_false (rumble_locator_needs_network (local[i]));
    }

  for (gsize i = 0; i < G_N_ELEMENTS (remote); i++)
    {
      g_autofree char *id = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_false (rumble_locator_parse_local (remote[i], &id, &error));
      g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);
      g_assert_null (id);
      g_assert_true (rumble_locator_needs_network (remote[i]));
    }

  {
    g_autofree char *id = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_false (rumble_locator_parse_local ("garbage!", &id, &error));
    g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);
    g_assert_null (id);
  }
}

/* Pure page and embedJS parsing */

static void
assert_embed_in (const char *page,
                 const char *expected)
{
  g_autofree char *found = rumble_locator_find_embed_id (page, strlen (page));

  g_test_message ("page: %s", page);
  g_assert_cmpstr (found, ==, expected);
}

static void
test_find_embed_id (void)
{
  assert_embed_in ("<a href=\"https://rumble.com/embed/v5abcde/\">", "v5abcde");
  assert_embed_in ("\"embedUrl\":\"https:\\/\\/rumble.com\\/embed\\/v5abcde\\/\"", "v5abcde");
  assert_embed_in ("oembed.json?url=https%3A%2F%2Frumble.com%2Fembed%2Fv5abcde%2F\"", "v5abcde");
  assert_embed_in ("oembed.json?url=https%3a%2f%2frumble.com%2fembed%2fv5abcde%2f\"", "v5abcde");
  assert_embed_in ("/embed/v5abcde", "v5abcde");
  /* The first reference wins. */
  assert_embed_in ("x /embed/v111/ y /embed/v222/", "v111");
  /* Not references: */
  assert_embed_in ("", NULL);
  assert_embed_in ("<html><body>nothing here</body></html>", NULL);
  assert_embed_in ("\"embedUrl\":\"\"", NULL);
  assert_embed_in ("/embedJS/u3/?request=video&v=v5abcde", NULL);
  assert_embed_in ("/embed/x5abcde/", NULL);
  assert_embed_in ("/embed/v/", NULL);
  assert_embed_in ("/embed/v5ABCDE/", NULL);
  assert_embed_in ("reembed/v5abcde/", NULL);
  assert_embed_in ("/embed/v123456789012345678901234567890/", NULL);
  /* A broken first reference does not hide a good second one. */
  assert_embed_in ("/embed/vX/ then /embed/v5abcde/", "v5abcde");
  /* Cut at the end of the buffer, mid-pattern. */
  assert_embed_in ("/embed", NULL);
  assert_embed_in ("/embed/", NULL);
  assert_embed_in ("/embed\\", NULL);
  assert_embed_in ("%2Fembed%2", NULL);

  /* Not NUL-terminated: the length is what counts. */
  {
    const char page[] = { '/', 'e', 'm', 'b', 'e', 'd', '/', 'v', '1', '2' };
    g_autofree char *found = rumble_locator_find_embed_id (page, sizeof page);

    g_assert_cmpstr (found, ==, "v12");
  }
  {
    const char page[] = "/embed/v12/";
    g_autofree char *found = rumble_locator_find_embed_id (page, 9);

    g_assert_cmpstr (found, ==, "v1");
  }
}

static void
assert_embed_js (const char *json,
                 const char *expected,
                 gint        error_code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *vid = rumble_locator_parse_embed_js (json, strlen (json), &error);

  g_test_message ("json: %s", json);
  if (expected != NULL)
    {
      g_assert_no_error (error);
      g_assert_cmpstr (vid, ==, expected);
    }
  else
    {
      g_assert_null (vid);
      g_assert_error (error, RUMBLE_ERROR, error_code);
    }
}

static void
test_parse_embed_js (void)
{
  assert_embed_js ("{\"fps\":30,\"vid\":298765432,\"live\":2}", STREAM_ID, 0);
  assert_embed_js ("{\"vid\":\"298765432\"}", STREAM_ID, 0);
  assert_embed_js ("{\"vid\":9223372036854775807}", "9223372036854775807", 0);
  assert_embed_js ("false", NULL, RUMBLE_ERROR_NOT_FOUND);
  assert_embed_js ("null", NULL, RUMBLE_ERROR_NOT_FOUND);
  assert_embed_js ("[]", NULL, RUMBLE_ERROR_NOT_FOUND);
  assert_embed_js ("{}", NULL, RUMBLE_ERROR_NOT_FOUND);
  assert_embed_js ("{\"vid\":0}", NULL, RUMBLE_ERROR_NOT_FOUND);
  assert_embed_js ("{\"vid\":-5}", NULL, RUMBLE_ERROR_NOT_FOUND);
  assert_embed_js ("{\"vid\":2.98765432e8}", NULL, RUMBLE_ERROR_NOT_FOUND);
  assert_embed_js ("{\"vid\":true}", NULL, RUMBLE_ERROR_NOT_FOUND);
  assert_embed_js ("{\"vid\":null}", NULL, RUMBLE_ERROR_NOT_FOUND);
  assert_embed_js ("{\"vid\":{}}", NULL, RUMBLE_ERROR_NOT_FOUND);
  assert_embed_js ("{\"vid\":\"4xvkvs\"}", NULL, RUMBLE_ERROR_NOT_FOUND);
  assert_embed_js ("{\"vid\":\"007\"}", NULL, RUMBLE_ERROR_NOT_FOUND);
  assert_embed_js ("{\"vid\":\"\"}", NULL, RUMBLE_ERROR_NOT_FOUND);
  assert_embed_js ("", NULL, RUMBLE_ERROR_PROTOCOL);
  assert_embed_js ("<html>", NULL, RUMBLE_ERROR_PROTOCOL);
  assert_embed_js ("{\"vid\":", NULL, RUMBLE_ERROR_PROTOCOL);
}

static void
test_parse_embed_js_info (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RumbleStreamInfo) info = NULL;
  g_autoptr(RumbleStreamInfo) bare = NULL;
  g_autoptr(RumbleStreamInfo) hostile = NULL;
  g_autoptr(GString) long_title = g_string_new ("{\"vid\":5,\"title\":\"");
  g_autoptr(RumbleStreamInfo) cut = NULL;
  static const char json[] =
    "{\"vid\":298765432,\"title\":\"Friday night build\",\"author\":{\"name\":\"CedarHollow\","
    "\"url\":\"https://rumble.com/c/CedarHollow\"}}";
  static const char bare_json[] = "{\"vid\":7,\"title\":5,\"author\":\"x\"}";
  static const char hostile_json[] =
    "{\"vid\":7,\"title\":\"Live\\u202e now\\u001b[2J\",\"author\":{\"name\":\"\\u2067Evil\"}}";

  info = rumble_locator_parse_embed_js_info (json, strlen (json), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->stream_id_b10, ==, STREAM_ID);
  g_assert_cmpstr (info->title, ==, "Friday night build");
  g_assert_cmpstr (info->channel_name, ==, "CedarHollow");

  /* Missing or of the wrong type: unknown, never a failure. */
  bare = rumble_locator_parse_embed_js_info (bare_json, strlen (bare_json), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bare->stream_id_b10, ==, "7");
  g_assert_null (bare->title);
  g_assert_null (bare->channel_name);

  /* Controls and reordering characters never reach a header. */
  hostile = rumble_locator_parse_embed_js_info (hostile_json, strlen (hostile_json), &error);
  g_assert_no_error (error);
  g_assert_true (rumble_text_is_safe (hostile->title));
  g_assert_true (rumble_text_is_safe (hostile->channel_name));
  g_assert_nonnull (strstr (hostile->title, "now"));

  /* Bounded. */
  for (guint i = 0; i < 1000; i++)
    g_string_append (long_title, "long ");
  g_string_append (long_title, "\"}");
  cut = rumble_locator_parse_embed_js_info (long_title->str, long_title->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (cut->title), <=, RUMBLE_STREAM_TITLE_MAX + strlen ("…"));
  g_assert_true (g_utf8_validate (cut->title, -1, NULL));
}

static void
assert_og_title (const char *page,
                 const char *expected)
{
  g_autofree char *title = rumble_locator_find_og_title (page, strlen (page));

  g_test_message ("page: %s", page);
  g_assert_cmpstr (title, ==, expected);
}

static void
test_find_og_title (void)
{
  assert_og_title ("<html><head><meta property=\"og:title\" content=\"Friday night build\">",
                   "Friday night build");
  /* Either attribute order and quote, spacing, case, self-closing. */
  assert_og_title ("<meta content='Q&amp;A &#8212; live &#x1F600;' property='og:title' />",
                   "Q&A \u2014 live \U0001F600");
  assert_og_title ("<META  Property = \"OG:TITLE\"\n content=\"A &lt;b&gt; &quot;c&quot;\">",
                   "A <b> \"c\"");
  /* The first og:title; other metas and og:title-like names are skipped. */
  assert_og_title ("<meta property=\"og:title:x\" content=\"no\"><meta name=\"title\" "
                   "content=\"no\"><meta property=\"og:title\" content=\"yes\">"
                   "<meta property=\"og:title\" content=\"later\">", "yes");
  /* Unknown references stay as text; bad numeric ones too. */
  assert_og_title ("<meta property=\"og:title\" content=\"&nbsp;a &#0; &#x110000; &amp\">",
                   "&nbsp;a &#0; &#x110000; &amp");
  /* Nothing, unterminated, empty, or only what must not be shown. */
  assert_og_title ("<html><title>Friday</title></html>", NULL);
  assert_og_title ("<meta property=\"og:title\" content=\"never closed", NULL);
  assert_og_title ("<meta property=\"og:title\" content=\"\">", NULL);
  assert_og_title ("<meta property=\"og:title\" content=\"&#27;[2J\">", "[2J");
  assert_og_title ("<meta property=\"og:title\" content=\"\xff\xfe\">", NULL);
  assert_og_title ("", NULL);
}

/* Against the fake server */

typedef struct {
  RumbleFakeServer *fake;
  SoupSession      *session;
} Fixture;

typedef struct {
  gboolean  done;
  char     *stream_id;
  char     *title;
  char     *channel_name;
  GError   *error;
} Outcome;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->fake = rumble_fake_server_new (0, &error);
  g_assert_no_error (error);
  rumble_fake_server_add_video (f->fake, "v6xyz12", "v5abcde", STREAM_ID);
  rumble_fake_server_add_video (f->fake, "v7old99", "v5gone1", "87654321");
  rumble_fake_server_add_channel (f->fake, "CedarHollow", "v5abcde");
  rumble_fake_server_add_channel (f->fake, "QuietChannel", NULL);
  /* Live on a page, but embedJS does not know the embed: the stream just ended. */
  rumble_fake_server_add_channel (f->fake, "JustEnded", "v5zzzzz");
  f->session = soup_session_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  g_assert_finalize_object (f->fake);
}

static void
on_resolved (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Outcome *outcome = user_data;

  g_autoptr(RumbleStreamInfo) info = rumble_locator_resolve_info_finish (result,
                                                                         &outcome->error);

  if (info != NULL)
    {
      outcome->stream_id = g_steal_pointer (&info->stream_id_b10);
      outcome->title = g_steal_pointer (&info->title);
      outcome->channel_name = g_steal_pointer (&info->channel_name);
    }
  outcome->done = TRUE;
}

static void
resolve (SoupSession  *session,
         const char   *site,
         const char   *input,
         GCancellable *cancellable,
         Outcome      *outcome)
{
  memset (outcome, 0, sizeof *outcome);
  rumble_locator_resolve_async (session, site, input, cancellable, on_resolved, outcome);
  /* The result never arrives synchronously, even for local inputs. */
  g_assert_false (outcome->done);
  test_wait_for_flag (&outcome->done, 30000);
}

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->stream_id, g_free);
  g_clear_pointer (&outcome->title, g_free);
  g_clear_pointer (&outcome->channel_name, g_free);
  g_clear_error (&outcome->error);
}

static void
assert_resolves (Fixture    *f,
                 const char *input,
                 const char *expected)
{
  Outcome outcome;

  g_test_message ("input: %s", input);
  resolve (f->session, rumble_fake_server_get_url (f->fake), input, NULL, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_cmpstr (outcome.stream_id, ==, expected);
  /* An id or a popup link says nothing about the stream. */
  if (!rumble_locator_needs_network (input))
    {
      g_assert_null (outcome.title);
      g_assert_null (outcome.channel_name);
    }
  outcome_clear (&outcome);
}

static void
assert_resolves_titled (Fixture    *f,
                        const char *input,
                        const char *expected,
                        const char *title,
                        const char *channel_name)
{
  Outcome outcome;

  g_test_message ("input: %s", input);
  resolve (f->session, rumble_fake_server_get_url (f->fake), input, NULL, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_cmpstr (outcome.stream_id, ==, expected);
  g_assert_cmpstr (outcome.title, ==, title);
  g_assert_cmpstr (outcome.channel_name, ==, channel_name);
  outcome_clear (&outcome);
}

static void
assert_fails (Fixture    *f,
              const char *input,
              gint        code,
              const char *message_part)
{
  Outcome outcome;

  g_test_message ("input: %s", input);
  resolve (f->session, rumble_fake_server_get_url (f->fake), input, NULL, &outcome);
  g_assert_null (outcome.stream_id);
  g_assert_error (outcome.error, RUMBLE_ERROR, code);
  if (message_part != NULL)
    g_assert_nonnull (strstr (outcome.error->message, message_part));
  outcome_clear (&outcome);
}

/* The paths requested, in order, as "PATH?QUERY". */
static char *
take_request_paths (Fixture *f)
{
  GPtrArray *requests = rumble_fake_server_get_requests (f->fake);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < requests->len; i++)
    {
      const RumbleFakeRequest *request = g_ptr_array_index (requests, i);

      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "%s %s%s%s", request->method, request->path,
                              request->query ? "?" : "", request->query ? request->query : "");
    }
  rumble_fake_server_clear_requests (f->fake);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_resolve_local_forms (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *paths = NULL;

  assert_resolves (f, "298765432", STREAM_ID);
  assert_resolves (f, "4xvkvs", STREAM_ID);
  assert_resolves (f, "https://rumble.com/chat/popup/298765432", STREAM_ID);

  /* None of them needed the site. */
  paths = take_request_paths (f);
  g_assert_cmpstr (paths, ==, "");
}

static void
test_resolve_embed (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *paths = NULL;

  assert_resolves (f, "https://rumble.com/embed/v5abcde/", STREAM_ID);
  paths = take_request_paths (f);
  g_assert_cmpstr (paths, ==, "GET /embedJS/u3/?request=video&ver=2&v=v5abcde");

  /* The fake's own loopback link is resolved too. */
  {
    g_autofree char *own = g_strconcat (rumble_fake_server_get_url (f->fake),
                                        "/embed/v5abcde/?pub=4", NULL);
    assert_resolves (f, own, STREAM_ID);
  }
}

static void
test_resolve_video (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *paths = NULL;

  assert_resolves_titled (f, "https://rumble.com/v6xyz12-some-title.html?mref=x", STREAM_ID,
                          "Friday night build", "CedarHollow");
  paths = take_request_paths (f);
  g_assert_cmpstr (paths, ==,
                   "GET /v6xyz12-some-title.html "
                   "GET /embedJS/u3/?request=video&ver=2&v=v5abcde");

  assert_resolves (f, "rumble.com/v7old99-archive.html", "87654321");
}

static void
test_resolve_channel (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *paths = NULL;

  assert_resolves_titled (f, "https://rumble.com/c/CedarHollow", STREAM_ID, "Friday night build",
                          "CedarHollow");
  paths = take_request_paths (f);
  g_assert_cmpstr (paths, ==,
                   "GET /c/CedarHollow/live/ "
                   "GET /embedJS/u3/?request=video&ver=2&v=v5abcde");

  /* A /user/ link tries /user/ first, then the /c/ page. */
  assert_resolves (f, "https://www.rumble.com/user/CedarHollow/", STREAM_ID);
  g_clear_pointer (&paths, g_free);
  paths = take_request_paths (f);
  g_assert_cmpstr (paths, ==,
                   "GET /user/CedarHollow/live/ "
                   "GET /c/CedarHollow/live/ "
                   "GET /embedJS/u3/?request=video&ver=2&v=v5abcde");

  assert_resolves (f, "rumble.com/c/CedarHollow/livestreams", STREAM_ID);
}

static void
test_resolve_channel_not_live (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *paths = NULL;

  assert_fails (f, "https://rumble.com/c/QuietChannel", RUMBLE_ERROR_NOT_FOUND,
                "no live stream on this channel right now");
  /* The past video on the page is not taken for a live one. */
  paths = take_request_paths (f);
  g_assert_cmpstr (paths, ==, "GET /c/QuietChannel/live/");

  assert_fails (f, "https://rumble.com/c/JustEnded", RUMBLE_ERROR_NOT_FOUND,
                "no live stream on this channel right now");
}

static void
test_resolve_not_found (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *paths = NULL;

  assert_fails (f, "https://rumble.com/v9nope00-missing.html", RUMBLE_ERROR_NOT_FOUND,
                "no such video");
  assert_fails (f, "https://rumble.com/embed/v9nope00/", RUMBLE_ERROR_NOT_FOUND,
                "Paste the stream's popup chat link or its id instead.");
  rumble_fake_server_clear_requests (f->fake);
  assert_fails (f, "https://rumble.com/c/NobodyHere", RUMBLE_ERROR_NOT_FOUND,
                "no Rumble channel by that name");
  paths = take_request_paths (f);
  g_assert_cmpstr (paths, ==, "GET /c/NobodyHere/live/ GET /user/NobodyHere/live/");
}

static void
test_resolve_invalid (Fixture       *f,
                      gconstpointer  data)
{
  static const char *const inputs[] = {
    "", "garbage input", "ftp://rumble.com/c/CedarHollow", "http://example.com/c/CedarHollow",
    "https://example.com/embed/v5abcde/", "18446744073709551616", "https://rumble.com/chat/popup/x",
  };
  g_autofree char *paths = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    assert_fails (f, inputs[i], RUMBLE_ERROR_INVALID_INPUT, "Paste a stream id");

  /* Refused before any request. */
  paths = take_request_paths (f);
  g_assert_cmpstr (paths, ==, "");
}

static void
test_resolve_bad_site (Fixture       *f,
                       gconstpointer  data)
{
  static const char *const sites[] = {
    "http://example.com", "ftp://127.0.0.1/", "not a url", "https://rumble.com/?x=1",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (sites); i++)
    {
      Outcome outcome;

      g_test_message ("site: %s", sites[i]);
      resolve (f->session, sites[i], "https://rumble.com/embed/v5abcde/", NULL, &outcome);
      g_assert_error (outcome.error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);
      outcome_clear (&outcome);
    }
}

static void
test_resolve_cancelled (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Outcome outcome;

  memset (&outcome, 0, sizeof outcome);
  rumble_locator_resolve_async (f->session, rumble_fake_server_get_url (f->fake),
                                "https://rumble.com/v6xyz12-some-title.html", cancellable,
                                on_resolved, &outcome);
  g_cancellable_cancel (cancellable);
  test_wait_for_flag (&outcome.done, 10000);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (outcome.stream_id);
  outcome_clear (&outcome);
}

/* A hostile or broken site, served by a SoupServer of our own */

typedef struct {
  SoupServer *server;
  char       *url;
  guint       endless_chunks;   /* chunks sent by the endless page */
  GPtrArray  *stalled;          /* paused messages, released at the end */
} Hostile;

static void
on_endless_wrote_chunk (SoupServerMessage *msg,
                        Hostile           *h)
{
  static char chunk[64 * 1024];
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  /* A safety stop far beyond any cap, so a broken client cannot hang the test forever. */
  if (++h->endless_chunks > 4096)
    {
      soup_message_body_complete (body);
      return;
    }
  memset (chunk, 'a', sizeof chunk);
  soup_message_body_append (body, SOUP_MEMORY_COPY, chunk, sizeof chunk);
  soup_server_message_unpause (msg);
}

static void
on_hostile_request (SoupServer        *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  Hostile *h = user_data;

  if (g_str_has_prefix (path, "/v1stall"))
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (h->stalled, g_object_ref (msg));
      return;
    }

  if (g_str_has_prefix (path, "/v1endless"))
    {
      SoupMessageBody *body = soup_server_message_get_response_body (msg);

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                         SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                             "text/html", NULL);
      soup_message_body_set_accumulate (body, FALSE);
      g_signal_connect (msg, "wrote-chunk", G_CALLBACK (on_endless_wrote_chunk), h);
      soup_message_body_append (body, SOUP_MEMORY_STATIC, "<html>", 6);
      return;
    }

  if (g_str_has_prefix (path, "/v1late"))
    {
      /* The reference only after 5 MiB of filler: past the page cap. */
      GString *page = g_string_sized_new (5 * 1024 * 1024 + 64);
      gsize len;

      g_string_set_size (page, 5 * 1024 * 1024);
      memset (page->str, ' ', page->len);
      g_string_append (page, "/embed/v5abcde/");
      len = page->len;
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_TAKE,
                                        g_string_free (page, FALSE), len);
      return;
    }

  if (g_str_has_prefix (path, "/v1broken"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        "<a href=\"/embed/v5abcde/\">", 26);
      return;
    }

  if (g_str_has_prefix (path, "/embedJS/"))
    {
      /* Behind the broken page: the lookup itself fails. */
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static Hostile *
hostile_new (void)
{
  Hostile *h = g_new0 (Hostile, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  h->server = soup_server_new (NULL, NULL);
  h->stalled = g_ptr_array_new_with_free_func (g_object_unref);
  soup_server_add_handler (h->server, NULL, on_hostile_request, h, NULL);
  soup_server_listen_local (h->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (h->server);
  h->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return h;
}

static void
hostile_free (Hostile *h)
{
  for (guint i = 0; i < h->stalled->len; i++)
    soup_server_message_unpause (g_ptr_array_index (h->stalled, i));
  g_ptr_array_unref (h->stalled);
  soup_server_disconnect (h->server);
  g_assert_finalize_object (h->server);
  g_free (h->url);
  g_free (h);
}

static void
test_resolve_deadline (void)
{
  Hostile *h = hostile_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  gint64 start = g_get_monotonic_time ();
  Outcome outcome;

  rumble_http_set_timeout_for_testing (300);
  resolve (session, h->url, "https://rumble.com/v1stall-x.html", NULL, &outcome);
  rumble_http_set_timeout_for_testing (0);

  g_assert_error (outcome.error, RUMBLE_ERROR, RUMBLE_ERROR_NETWORK);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  outcome_clear (&outcome);

  g_clear_object (&session);
  hostile_free (h);
}

static void
test_resolve_endless_page (void)
{
  Hostile *h = hostile_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  Outcome outcome;

  resolve (session, h->url, "https://rumble.com/v1endless-x.html", NULL, &outcome);
  g_assert_error (outcome.error, RUMBLE_ERROR, RUMBLE_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (outcome.error->message, "Paste"));
  /* It stopped near the 4 MiB cap, not at the server's safety stop. */
  g_assert_cmpuint (h->endless_chunks, <, 1024);
  outcome_clear (&outcome);

  resolve (session, h->url, "https://rumble.com/v1late-x.html", NULL, &outcome);
  g_assert_error (outcome.error, RUMBLE_ERROR, RUMBLE_ERROR_TOO_LARGE);
  outcome_clear (&outcome);

  g_clear_object (&session);
  hostile_free (h);
}

static void
test_resolve_embed_js_fails (void)
{
  Hostile *h = hostile_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  Outcome outcome;

  resolve (session, h->url, "https://rumble.com/v1broken-x.html", NULL, &outcome);
  g_assert_error (outcome.error, RUMBLE_ERROR, RUMBLE_ERROR_HTTP);
  outcome_clear (&outcome);

  g_clear_object (&session);
  hostile_free (h);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rumble/locator/classify", test_classify);
  g_test_add_func ("/rumble/locator/classify-invalid", test_classify_invalid);
  g_test_add_func ("/rumble/locator/parse-local", test_parse_local);
  g_test_add_func ("/rumble/locator/find-embed-id", test_find_embed_id);
  g_test_add_func ("/rumble/locator/parse-embed-js", test_parse_embed_js);
  g_test_add_func ("/rumble/locator/parse-embed-js-info", test_parse_embed_js_info);
  g_test_add_func ("/rumble/locator/find-og-title", test_find_og_title);

#define ADD_FAKE_TEST(path, func) \
  g_test_add ("/rumble/locator/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD_FAKE_TEST ("resolve-local-forms", test_resolve_local_forms);
  ADD_FAKE_TEST ("resolve-embed", test_resolve_embed);
  ADD_FAKE_TEST ("resolve-video", test_resolve_video);
  ADD_FAKE_TEST ("resolve-channel", test_resolve_channel);
  ADD_FAKE_TEST ("resolve-channel-not-live", test_resolve_channel_not_live);
  ADD_FAKE_TEST ("resolve-not-found", test_resolve_not_found);
  ADD_FAKE_TEST ("resolve-invalid", test_resolve_invalid);
  ADD_FAKE_TEST ("resolve-bad-site", test_resolve_bad_site);
  ADD_FAKE_TEST ("resolve-cancelled", test_resolve_cancelled);

  g_test_add_func ("/rumble/locator/resolve-deadline", test_resolve_deadline);
  g_test_add_func ("/rumble/locator/resolve-endless-page", test_resolve_endless_page);
  g_test_add_func ("/rumble/locator/resolve-embed-js-fails", test_resolve_embed_js_fails);

  return g_test_run ();
}
