/* test-session-store.c — the session token in a real keyring (gnome-keyring over D-Bus)
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The suite runs in a private D-Bus session with an unlocked gnome-keyring (PLATFORM.md §4).
 * Without a reachable Secret Service the keyring tests skip; the "unavailable" test
 * needs no keyring at all.
 */
#include "config.h"

#include <string.h>

#include "rumble-session-store.h"
#include "test-util.h"

/* A loopback "site" nobody else uses, so a developer's real keyring is never touched. */
#define SITE        "http://127.0.0.1:9/moderato-session-store-test"
#define OTHER_SITE  "http://127.0.0.1:9/moderato-session-store-other"
#define TOKEN_A     "5e1f0c2a9b8d7e6f5a4b3c2d1e0f9a8b"
#define TOKEN_B     "0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a"

typedef struct {
  GAsyncResult *result;
} Waiter;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Waiter *waiter = user_data;

  g_assert_null (waiter->result);
  waiter->result = g_object_ref (result);
}

static gboolean
have_result (gpointer data)
{
  return ((Waiter *) data)->result != NULL;
}

static GAsyncResult *
wait_result (Waiter *waiter)
{
  GAsyncResult *result;

  test_wait_until (have_result, waiter, 30000);
  result = waiter->result;
  waiter->result = NULL;
  return result;
}

static gboolean
store (RumbleSessionStore  *store,
       const char          *site,
       const char          *username,
       const char          *token,
       GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  Waiter waiter = { 0 };

  rumble_session_store_store_async (store, site, username, token, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  return rumble_session_store_store_finish (store, result, error);
}

static char *
lookup (RumbleSessionStore  *store,
        const char          *site,
        const char          *username,
        char               **out_username,
        GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  Waiter waiter = { 0 };

  rumble_session_store_lookup_async (store, site, username, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  return rumble_session_store_lookup_finish (store, result, out_username, error);
}

static gboolean
clear (RumbleSessionStore  *store,
       const char          *site,
       const char          *username,
       GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  Waiter waiter = { 0 };

  rumble_session_store_clear_async (store, site, username, NULL, on_done, &waiter);
  result = wait_result (&waiter);
  return rumble_session_store_clear_finish (store, result, error);
}

/* Skips the test (TRUE) when no Secret Service answers. */
static gboolean
skip_without_keyring (RumbleSessionStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("No D-Bus session bus (run the suite under dbus-run-session with gnome-keyring)");
      return TRUE;
    }

  token = lookup (store, SITE, "probe", NULL, &error);
  if (rumble_session_store_error_is_unavailable (error))
    {
      g_autofree char *why = g_strdup_printf ("No Secret Service: %s", error->message);

      g_test_skip (why);
      return TRUE;
    }
  g_assert_no_error (error);
  return FALSE;
}

static void
test_round_trip (void)
{
  g_autoptr(RumbleSessionStore) session_store = rumble_session_store_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *username = NULL;

  if (skip_without_keyring (session_store))
    return;

  g_assert_true (clear (session_store, SITE, NULL, &error));
  g_assert_no_error (error);

  /* Nothing stored: NULL without an error. */
  token = lookup (session_store, SITE, "MarigoldFinch", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (token);
  token = lookup (session_store, SITE, NULL, &username, &error);
  g_assert_no_error (error);
  g_assert_null (token);
  g_assert_null (username);

  g_assert_true (store (session_store, SITE, "MarigoldFinch", TOKEN_A, &error));
  g_assert_no_error (error);

  token = lookup (session_store, SITE, "MarigoldFinch", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, TOKEN_A);
  g_clear_pointer (&token, g_free);

  /* The same site spelled differently. */
  token = lookup (session_store, "HTTP://127.0.0.1:9/moderato-session-store-test/", "MarigoldFinch",
                  NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, TOKEN_A);
  g_clear_pointer (&token, g_free);

  /* Any account of the site. */
  token = lookup (session_store, SITE, NULL, &username, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, TOKEN_A);
  g_assert_cmpstr (username, ==, "MarigoldFinch");
  g_clear_pointer (&token, g_free);
  g_clear_pointer (&username, g_free);

  /* Other sites and other accounts see nothing. */
  token = lookup (session_store, OTHER_SITE, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (token);
  token = lookup (session_store, SITE, "OakModerator", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (token);

  /* Storing again replaces the token. */
  g_assert_true (store (session_store, SITE, "MarigoldFinch", TOKEN_B, &error));
  g_assert_no_error (error);
  token = lookup (session_store, SITE, "MarigoldFinch", NULL, &error);
  g_assert_cmpstr (token, ==, TOKEN_B);
  g_clear_pointer (&token, g_free);

  /* Clear one account, then nothing is left. */
  g_assert_true (clear (session_store, SITE, "MarigoldFinch", &error));
  g_assert_no_error (error);
  token = lookup (session_store, SITE, "MarigoldFinch", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (token);
  token = lookup (session_store, SITE, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (token);

  /* Clearing what is not there is fine. */
  g_assert_true (clear (session_store, SITE, "MarigoldFinch", &error));
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&session_store));
}

static void
test_clear_site (void)
{
  g_autoptr(RumbleSessionStore) session_store = rumble_session_store_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  if (skip_without_keyring (session_store))
    return;

  g_assert_true (store (session_store, SITE, "MarigoldFinch", TOKEN_A, &error));
  g_assert_true (store (session_store, SITE, "OakModerator", TOKEN_B, &error));
  g_assert_true (store (session_store, OTHER_SITE, "OakModerator", TOKEN_B, &error));
  g_assert_no_error (error);

  g_assert_true (clear (session_store, SITE, NULL, &error));
  g_assert_no_error (error);
  token = lookup (session_store, SITE, NULL, NULL, &error);
  g_assert_null (token);
  token = lookup (session_store, OTHER_SITE, "OakModerator", NULL, &error);
  g_assert_cmpstr (token, ==, TOKEN_B);

  g_assert_true (clear (session_store, OTHER_SITE, NULL, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&session_store));
}

/* Stored by this process, found by another one. */
static void
test_new_process (void)
{
  g_autoptr(RumbleSessionStore) session_store = rumble_session_store_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *username = NULL;

  if (g_test_subprocess ())
    {
      token = lookup (session_store, SITE, NULL, &username, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (token, ==, TOKEN_A);
      g_assert_cmpstr (username, ==, "OakModerator");
      return;
    }

  if (skip_without_keyring (session_store))
    return;

  g_assert_true (clear (session_store, SITE, NULL, &error));
  g_assert_true (store (session_store, SITE, "OakModerator", TOKEN_A, &error));
  g_assert_no_error (error);

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  g_assert_true (clear (session_store, SITE, NULL, &error));
  g_assert_no_error (error);
  token = lookup (session_store, SITE, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (token);
  g_assert_finalize_object (g_steal_pointer (&session_store));
}

/* No Secret Service at all: one recognisable error for every operation. */
static void
test_unavailable (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(RumbleSessionStore) session_store = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *token = NULL;

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/moderato-test-bus", TRUE);
      g_unsetenv ("DISPLAY");
      session_store = rumble_session_store_new ();

      g_assert_false (store (session_store, SITE, "MarigoldFinch", TOKEN_A, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
      g_assert_true (rumble_session_store_error_is_unavailable (error));
      g_assert_nonnull (strstr (error->message, "cannot be remembered"));
      g_clear_error (&error);

      token = lookup (session_store, SITE, NULL, NULL, &error);
      g_assert_null (token);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
      g_clear_error (&error);

      g_assert_false (clear (session_store, SITE, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
      g_assert_finalize_object (g_steal_pointer (&session_store));
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* The wipe reaches every byte; clearing frees, sets NULL and takes NULL. */
static void
test_secret_clear (void)
{
  char buffer[] = TOKEN_A;
  char *secret = g_strdup (TOKEN_B);
  char *none = NULL;

  rumble_secret_wipe (buffer, sizeof buffer);
  for (gsize i = 0; i < sizeof buffer; i++)
    g_assert_cmpint (buffer[i], ==, 0);
  rumble_secret_wipe (NULL, 8);

  rumble_secret_clear (&secret);
  g_assert_null (secret);
  rumble_secret_clear (&none);
  g_assert_null (none);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rumble/session-store/round-trip", test_round_trip);
  g_test_add_func ("/rumble/session-store/clear-site", test_clear_site);
  g_test_add_func ("/rumble/session-store/new-process", test_new_process);
  g_test_add_func ("/rumble/session-store/unavailable", test_unavailable);
  g_test_add_func ("/rumble/session-store/secret-clear", test_secret_clear);

  return g_test_run ();
}
