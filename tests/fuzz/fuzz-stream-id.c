/* fuzz-stream-id.c — libFuzzer harness for ids and locators: whatever a user pastes
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same input goes to every id parser, the locator's classifier, the page and embedJS
 * scanners and rumble_chat_api_new(); the checks are round trips and the documented
 * shapes of each result.
 */
#define G_LOG_DOMAIN "fuzz"

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "rumble-locator.h"
#include "rumble-text.h"
#include "rumble.h"

static void
check_ids (const char *text)
{
  guint64 v10, v36, vany, again;
  gboolean ok10 = rumble_id_parse_b10 (text, &v10);
  gboolean ok36 = rumble_id_parse_b36 (text, &v36);
  gboolean okany = rumble_id_parse_any (text, &vany);

  if (ok10)
    {
      g_autofree char *b10 = rumble_id_to_b10 (v10);
      g_autofree char *b36 = rumble_id_b10_to_b36 (text);

      g_assert_true (rumble_id_is_b10 (b10));
      g_assert_true (rumble_id_parse_b10 (b10, &again) && again == v10);
      g_assert_nonnull (b36);
      g_assert_true (rumble_id_parse_b36 (b36, &again) && again == v10);
      /* Decimal digits are base-36 digits too, worth at least as much (or overflowing). */
      g_assert_true (!ok36 || v36 >= v10);
    }
  else
    g_assert_null (rumble_id_b10_to_b36 (text));

  if (ok36)
    {
      g_autofree char *b36 = rumble_id_to_b36 (v36);
      g_autofree char *b10 = rumble_id_b36_to_b10 (text);

      g_assert_true (rumble_id_parse_b36 (b36, &again) && again == v36);
      g_assert_nonnull (b10);
      g_assert_true (rumble_id_is_b10 (b10));
      g_assert_true (rumble_id_parse_b10 (b10, &again) && again == v36);
    }
  else
    g_assert_null (rumble_id_b36_to_b10 (text));

  /* parse_any is one of the two, and fails only when both do. */
  if (okany)
    g_assert_true ((ok10 && vany == v10) || (ok36 && vany == v36));
  else
    g_assert_true (!ok10 && !ok36);

  if (rumble_id_is_b10 (text))
    {
      g_autofree char *b10 = NULL;

      g_assert_true (ok10);
      b10 = rumble_id_to_b10 (v10);
      g_assert_cmpstr (b10, ==, text);
    }
}

static void
check_locator (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = NULL;
  g_autofree char *stream_id = NULL;
  RumbleLocatorKind kind;
  gboolean local;

  kind = rumble_locator_classify (text, &value, &error);
  if (kind == RUMBLE_LOCATOR_KIND_INVALID)
    {
      g_assert_null (value);
      g_assert_error (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
  else
    {
      g_assert_no_error (error);
      g_assert_nonnull (value);
      g_assert_true (value[0] != '\0');
    }

  switch (kind)
    {
    case RUMBLE_LOCATOR_KIND_ID:
    case RUMBLE_LOCATOR_KIND_POPUP:
      g_assert_true (rumble_id_is_b10 (value));
      break;
    case RUMBLE_LOCATOR_KIND_EMBED:
      g_assert_true (value[0] == 'v');
      break;
    case RUMBLE_LOCATOR_KIND_VIDEO:
    case RUMBLE_LOCATOR_KIND_CHANNEL:
    case RUMBLE_LOCATOR_KIND_INVALID:
    default:
      break;
    }

  local = rumble_locator_parse_local (text, &stream_id, &local_error);
  if (local)
    {
      g_assert_no_error (local_error);
      g_assert_true (kind == RUMBLE_LOCATOR_KIND_ID || kind == RUMBLE_LOCATOR_KIND_POPUP);
      g_assert_cmpstr (stream_id, ==, value);
    }
  else
    {
      g_assert_null (stream_id);
      g_assert_error (local_error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT);
    }

  g_assert_true (rumble_locator_needs_network (text) ==
                 (kind == RUMBLE_LOCATOR_KIND_EMBED || kind == RUMBLE_LOCATOR_KIND_VIDEO ||
                  kind == RUMBLE_LOCATOR_KIND_CHANNEL));
}

static void
check_chat_api (const char *text)
{
  RumbleChatApi *api = rumble_chat_api_new (text);
  guint64 value;

  if (api == NULL)
    return;

  g_object_add_weak_pointer (G_OBJECT (api), (gpointer *) &api);
  g_assert_true (rumble_id_is_b10 (rumble_chat_api_get_stream_id_b10 (api)));
  g_assert_true (rumble_id_parse_b10 (rumble_chat_api_get_stream_id_b10 (api), &value));
  {
    g_autofree char *b36 = rumble_id_to_b36 (value);

    g_assert_cmpstr (rumble_chat_api_get_stream_id_b36 (api), ==, b36);
  }
  g_object_unref (api);
  g_assert_null (api);
}

static void
check_pages (const uint8_t *data,
             size_t         size)
{
  g_autofree char *embed_id = rumble_locator_find_embed_id ((const char *) data, size);
  g_autofree char *og_title = rumble_locator_find_og_title ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autofree char *vid = NULL;

  /* A page's title is shown in the header: safe text or nothing. */
  if (og_title != NULL)
    g_assert_true (rumble_text_is_safe (og_title) && og_title[0] != '\0');

  if (embed_id != NULL)
    {
      g_assert_true (embed_id[0] == 'v' && embed_id[1] != '\0');
      for (const char *p = embed_id; *p != '\0'; p++)
        g_assert_true (g_ascii_isalnum (*p));
    }

  vid = rumble_locator_parse_embed_js ((const char *) data, size, &error);
  if (vid != NULL)
    {
      guint64 value;

      g_assert_no_error (error);
      g_assert_true (rumble_id_is_b10 (vid));
      g_assert_true (rumble_id_parse_b10 (vid, &value) && value > 0);
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (g_error_matches (error, RUMBLE_ERROR, RUMBLE_ERROR_NOT_FOUND) ||
                     g_error_matches (error, RUMBLE_ERROR, RUMBLE_ERROR_PROTOCOL));
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_dup_string (data, size);

  check_ids (text);
  check_locator (text);
  check_chat_api (text);
  check_pages (data, size);
  return 0;
}
