/* test-data-settings.c — the GSettings schema: keys, defaults, ranges, translated summaries
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-data-settings"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <locale.h>

/* The keys the app reads, with their types and defaults (printed GVariant text). */
static const struct {
  const char *name;
  const char *type;
  const char *default_value;
} expected_keys[] = {
  { "window-width",     "i", "960" },
  { "window-height",    "i", "720" },
  { "window-maximized", "b", "false" },
  { "last-stream",      "s", "''" },
  { "history-len",      "u", "uint32 1000" },
  { "show-timestamps",  "b", "true" },
  { "show-sidebar",     "b", "true" },
  { "last-username",    "s", "''" },
  { "pause-on-hover",   "b", "true" },
  { "pause-resume-delay-ms", "u", "uint32 1000" },
  { "pause-modifier",   "s", "'control'" },
  { "moderation-mode-streams", "as", "@as []" },
  { "moderation-buttons", "as", "['delete', '5m', 'stream']" },
  { "confirm-mute-forever", "b", "true" },
  { "people-sort",      "s", "'activity'" },
  /* Detection (src/detect/moderato-detector.c) */
  { "highlight-rules",  "a(ssssbsbb)", "@a(ssssbsbb) []" },
  { "wave-size",        "u", "uint32 4" },
  { "wave-window",      "u", "uint32 30" },
  { "notify-rant-min-cents", "u", "uint32 500" },
  { "highlight-first-time", "b", "false" },
  { "text-scale",       "d", "1.0" },
  { "compact-rows",     "b", "false" },
  { "style-variant",    "s", "'default'" },
  { "ledger-record",    "b", "true" },
  { "ledger-keep-days", "u", "uint32 180" },
  { "ledger-max-mb",    "u", "uint32 2048" },
  { "account-channel-names", "a{sas}", "@a{sas} {}" },
};

static GSettingsSchema *
lookup_schema (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  GSettingsSchema *schema;

  g_assert_nonnull (source);
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  g_assert_nonnull (schema);

  return schema;
}

static void
test_keys (void)
{
  g_autoptr(GSettingsSchema) schema = lookup_schema ();
  g_auto(GStrv) keys = g_settings_schema_list_keys (schema);

  g_assert_cmpstr (g_settings_schema_get_path (schema), ==, "/io/github/moderato/Moderato/");
  g_assert_cmpuint (g_strv_length (keys), ==, G_N_ELEMENTS (expected_keys));

  for (gsize i = 0; i < G_N_ELEMENTS (expected_keys); i++)
    {
      g_autoptr(GSettingsSchemaKey) key = NULL;
      g_autoptr(GVariant) value = NULL;
      g_autofree char *printed = NULL;

      g_test_message ("key %s", expected_keys[i].name);
      g_assert_true (g_settings_schema_has_key (schema, expected_keys[i].name));
      key = g_settings_schema_get_key (schema, expected_keys[i].name);
      g_assert_cmpstr (g_variant_type_peek_string (g_settings_schema_key_get_value_type (key)),
                       ==, expected_keys[i].type);
      value = g_settings_schema_key_get_default_value (key);
      printed = g_variant_print (value, TRUE);
      g_assert_cmpstr (printed, ==, expected_keys[i].default_value);

      /* Every key is documented for dconf-editor and translators. */
      g_assert_nonnull (g_settings_schema_key_get_summary (key));
      g_assert_nonnull (g_settings_schema_key_get_description (key));
    }
}

static gboolean
in_range (GSettingsSchemaKey *key,
          guint32             value)
{
  /* range_check does not sink a floating reference. */
  g_autoptr(GVariant) variant = g_variant_ref_sink (g_variant_new_uint32 (value));

  return g_settings_schema_key_range_check (key, variant);
}

static void
test_history_range (void)
{
  g_autoptr(GSettingsSchema) schema = lookup_schema ();
  g_autoptr(GSettingsSchemaKey) key = g_settings_schema_get_key (schema, "history-len");
  g_autoptr(GVariant) range = g_settings_schema_key_get_range (key);
  const char *kind = NULL;
  g_autoptr(GVariant) bounds = NULL;
  guint32 min = 0, max = 0;

  g_variant_get (range, "(&sv)", &kind, &bounds);
  g_assert_cmpstr (kind, ==, "range");
  g_variant_get (bounds, "(uu)", &min, &max);
  g_assert_cmpuint (min, ==, 50);
  g_assert_cmpuint (max, ==, 10000);

  g_assert_false (in_range (key, 49));
  g_assert_true (in_range (key, 50));
  g_assert_true (in_range (key, 10000));
  g_assert_false (in_range (key, 10001));
}

static void
test_round_trip (void)
{
  GSettings *settings = g_settings_new (APP_ID);
  g_autofree char *stream = NULL;

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 960);
  g_assert_true (g_settings_set_uint (settings, "history-len", 5000));
  g_assert_cmpuint (g_settings_get_uint (settings, "history-len"), ==, 5000);
  g_assert_true (g_settings_set_string (settings, "last-stream", "https://rumble.com/v1abc-x.html"));
  stream = g_settings_get_string (settings, "last-stream");
  g_assert_cmpstr (stream, ==, "https://rumble.com/v1abc-x.html");
  g_settings_reset (settings, "history-len");
  g_assert_cmpuint (g_settings_get_uint (settings, "history-len"), ==, 1000);

  g_assert_finalize_object (settings);
}

/* Secrets live in the keyring only (DESIGN.md): no key may be named as if it held one. */
static void
test_no_secret_keys (void)
{
  static const char * const forbidden[] = { "password", "token", "secret", "cookie", "session" };
  g_autoptr(GSettingsSchema) schema = lookup_schema ();
  g_auto(GStrv) keys = g_settings_schema_list_keys (schema);

  for (guint i = 0; keys[i] != NULL; i++)
    for (gsize j = 0; j < G_N_ELEMENTS (forbidden); j++)
      g_assert_null (strstr (keys[i], forbidden[j]));
}

/* The schema's gettext-domain resolves through the build tree's de catalogue. */
static void
test_translated_summary (void)
{
  g_autoptr(GSettingsSchema) schema = lookup_schema ();
  g_autoptr(GSettingsSchemaKey) width = g_settings_schema_get_key (schema, "window-width");
  g_autoptr(GSettingsSchemaKey) history = g_settings_schema_get_key (schema, "history-len");

  if (g_strcmp0 (g_getenv ("LANGUAGE"), "de") != 0 || g_getenv ("MODERATO_LOCALEDIR") == NULL)
    {
      g_test_skip ("needs LANGUAGE=de and MODERATO_LOCALEDIR");
      return;
    }

  g_assert_cmpstr (g_settings_schema_key_get_summary (width), ==, "Fensterbreite");
  g_assert_cmpstr (g_settings_schema_key_get_summary (history), ==, "Länge des Chatverlaufs");
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("MODERATO_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/data/settings/keys", test_keys);
  g_test_add_func ("/data/settings/history-range", test_history_range);
  g_test_add_func ("/data/settings/round-trip", test_round_trip);
  g_test_add_func ("/data/settings/no-secret-keys", test_no_secret_keys);
  g_test_add_func ("/data/settings/translated-summary", test_translated_summary);

  return g_test_run ();
}
