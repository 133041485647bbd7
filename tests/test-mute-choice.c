/* test-mute-choice.c — the ways to mute, said once for the app and the command line
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rumble-mute-choice.h"

/* The three choices the app and moderato-cli offer, in order, with what each sends. */
static void
test_choices (void)
{
  static const struct {
    const char      *id;
    guint            duration_s;
    RumbleMuteScope  scope;
    gboolean         cli_option;
  } expected[] = {
    { "5m",      RUMBLE_MUTE_FIVE_MINUTES, RUMBLE_MUTE_SCOPE_VIDEO, FALSE },
    { "stream",  0,                        RUMBLE_MUTE_SCOPE_VIDEO, TRUE },
    { "forever", 0,                        RUMBLE_MUTE_SCOPE_TOTAL, TRUE },
  };
  const RumbleMuteChoice *choices = rumble_mute_choices ();
  guint n = 0;

  for (const RumbleMuteChoice *c = choices; c->id != NULL; c++, n++)
    {
      g_assert_cmpuint (n, <, G_N_ELEMENTS (expected));
      g_assert_cmpstr (c->id, ==, expected[n].id);
      g_assert_cmpuint (c->duration_s, ==, expected[n].duration_s);
      g_assert_cmpint (c->scope, ==, expected[n].scope);
      g_assert_nonnull (c->label);
      g_assert_nonnull (c->button_label);
      g_assert_cmpint (c->description != NULL, ==, expected[n].cli_option);
      g_assert_true (rumble_mute_choice_lookup (c->id) == c);
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));

  g_assert_null (rumble_mute_choice_lookup ("10m"));
  g_assert_null (rumble_mute_choice_lookup (""));
  g_assert_null (rumble_mute_choice_lookup (NULL));
}

static void
test_scope_strings (void)
{
  RumbleMuteScope scope = RUMBLE_MUTE_SCOPE_VIDEO;

  g_assert_cmpstr (rumble_mute_scope_to_string (RUMBLE_MUTE_SCOPE_VIDEO), ==, "video");
  g_assert_cmpstr (rumble_mute_scope_to_string (RUMBLE_MUTE_SCOPE_TOTAL), ==, "total");

  g_assert_true (rumble_mute_scope_from_string ("total", &scope));
  g_assert_cmpint (scope, ==, RUMBLE_MUTE_SCOPE_TOTAL);
  g_assert_true (rumble_mute_scope_from_string ("video", &scope));
  g_assert_cmpint (scope, ==, RUMBLE_MUTE_SCOPE_VIDEO);
  g_assert_false (rumble_mute_scope_from_string ("Total", &scope));
  g_assert_false (rumble_mute_scope_from_string (NULL, &scope));
  g_assert_cmpint (scope, ==, RUMBLE_MUTE_SCOPE_VIDEO);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rumble/mute-choice/choices", test_choices);
  g_test_add_func ("/rumble/mute-choice/scope-strings", test_scope_strings);

  return g_test_run ();
}
