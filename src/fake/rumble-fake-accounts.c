/* rumble-fake-accounts.c — the fake service's accounts and who moderates what
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fixed accounts with their salts and the fake's own §2.3 hash, and the moderator table
 * that tests can change.
 */
#define G_LOG_DOMAIN "rumble-fake"

#include "config.h"

#include <string.h>

#include "rumble-fake-service-private.h"

#define HASH_ROUNDS          128

const FakeAccount rumble_fake_accounts[] = {
  {
    .username = "MarigoldFinch",
    .password = "hunter2",
    .salts = { "a1b2c3d4", "e5f6g7h8", "i9j0k1l2" },
    .user_id = "87654321",
    .color = "#c38b1b",
    .image = "https://ak2.rmbl.ws/z0/M/f/7/k/Mf7kQ.asF-MarigoldFinch-r1a2b3.jpeg",
    .badges = { "premium", "recurring_subscription", NULL },
    .is_follower = TRUE,
    .moderates_default = TRUE,
    .channel_id = "5587001",
    .channel_name = "MarigoldFinchTV",
    .email_masked = "ma*****@ex*****.com",
  },
  {
    .username = "OakModerator",
    .password = "correct horse",
    .salts = { "0a4c5e71", "b2d9f0a3", "c7e1d5b9" },
    .user_id = "77001234",
    .color = "#d2691e",
    .badges = { "moderator", NULL },
    .is_follower = TRUE,
    .two_factor = TRUE,
    .moderates_default = TRUE,
    .channel_id = "5577001",
    .channel_name = "OakModeration",
    .email_masked = "oa*****@ex*****.com",
  },
  {
    .username = "Quillback_Tom",
    .password = "tomtom",
    .salts = { "q1w2e3r4", "t5y6u7i8", "o9p0a1s2" },
    .user_id = "61234567",
    .color = "#6a5acd",
    .badges = { NULL },
    .email_masked = "qu*****@ex*****.com",
  },
  {
    .username = "demo",
    .password = "demo",
    .salts = { "d3m0a1b2", "d3m0c3d4", "d3m0e5f6" },
    .user_id = "70000001",
    .color = "#3584e4",
    .badges = { "moderator", NULL },
    .is_follower = TRUE,
    .moderates_all = TRUE,
    .channel_id = "5570001",
    .channel_name = "DemoChannel",
    .email_masked = "de*****@ex*****.com",
  },
};

const guint rumble_fake_n_accounts = G_N_ELEMENTS (rumble_fake_accounts);

const FakeAccount *
rumble_fake_account_find (const char *username,
                          guint      *index)
{
  if (username == NULL)
    return NULL;

  for (guint i = 0; i < rumble_fake_n_accounts; i++)
    {
      if (g_ascii_strcasecmp (rumble_fake_accounts[i].username, username) == 0)
        {
          if (index != NULL)
            *index = i;
          return &rumble_fake_accounts[i];
        }
    }

  return NULL;
}

static char *
md5_hex2 (const char *a,
          const char *b)
{
  GChecksum *checksum = g_checksum_new (G_CHECKSUM_MD5);
  char *hex;

  g_checksum_update (checksum, (const guchar *) a, strlen (a));
  g_checksum_update (checksum, (const guchar *) b, strlen (b));
  hex = g_strdup (g_checksum_get_string (checksum));
  g_checksum_free (checksum);

  return hex;
}

static char *
hash_stretch (const char *password,
              const char *salt)
{
  char *h = md5_hex2 (salt, password);

  for (guint i = 0; i < HASH_ROUNDS; i++)
    {
      char *next = md5_hex2 (h, password);

      g_free (h);
      h = next;
    }

  return h;
}

char *
rumble_fake_service_compute_hashes (const char *password,
                                    const char *salt0,
                                    const char *salt1,
                                    const char *salt2)
{
  g_autofree char *first = NULL;
  g_autofree char *h1 = NULL;
  g_autofree char *h2 = NULL;

  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (salt0 != NULL && salt1 != NULL && salt2 != NULL, NULL);

  first = hash_stretch (password, salt0);
  h1 = md5_hex2 (first, salt1);
  h2 = hash_stretch (password, salt2);

  return g_strconcat (h1, ",", h2, ",", salt1, NULL);
}

gboolean
rumble_fake_account_password_matches (const FakeAccount *account,
                                      const char        *hashes)
{
  g_autofree char *expected = NULL;

  if (hashes == NULL)
    return FALSE;

  expected = rumble_fake_service_compute_hashes (account->password, account->salts[0],
                                                 account->salts[1], account->salts[2]);
  return g_str_equal (expected, hashes);
}

static char *
to_base36 (guint64 n)
{
  static const char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  char buf[16];
  guint pos = sizeof buf - 1;

  buf[pos] = '\0';
  do
    {
      buf[--pos] = alphabet[n % 36];
      n /= 36;
    }
  while (n > 0 && pos > 0);

  return g_strdup (&buf[pos]);
}

char *
rumble_fake_account_public_id (const FakeAccount *account)
{
  g_autofree char *b36 = to_base36 (g_ascii_strtoull (account->user_id, NULL, 10));

  return g_strconcat ("_", b36, NULL);
}

static char *
moderation_key (guint       account,
                const char *stream)
{
  return g_strdup_printf ("%u/%s", account, stream);
}

gboolean
rumble_fake_account_moderates (FakeService *svc,
                               guint        account,
                               const char  *stream)
{
  g_autofree char *key = NULL;
  gpointer value;

  if (stream == NULL)
    return FALSE;

  key = moderation_key (account, stream);
  value = g_hash_table_lookup (svc->moderation, key);
  if (value != NULL)
    return GPOINTER_TO_INT (value) == 1;

  if (rumble_fake_accounts[account].moderates_all)
    return TRUE;
  return rumble_fake_accounts[account].moderates_default &&
         g_str_equal (stream, RUMBLE_FAKE_DEFAULT_STREAM);
}

gboolean
rumble_fake_account_moderates_any (FakeService *svc,
                                   guint        account)
{
  GHashTableIter iter;
  gpointer key, value;
  g_autofree char *prefix = g_strdup_printf ("%u/", account);

  if (rumble_fake_accounts[account].moderates_all ||
      rumble_fake_account_moderates (svc, account, RUMBLE_FAKE_DEFAULT_STREAM))
    return TRUE;

  g_hash_table_iter_init (&iter, svc->moderation);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_has_prefix (key, prefix) && GPOINTER_TO_INT (value) == 1)
      return TRUE;

  return FALSE;
}

char *
rumble_fake_account_user_json (const FakeAccount *account)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  rumble_fake_json_member_string (b, "id", account->user_id);
  rumble_fake_json_member_string (b, "username", account->username);
  {
    g_autofree char *link = g_strconcat ("/user/", account->username, NULL);
    rumble_fake_json_member_string (b, "link", link);
  }
  rumble_fake_json_member_bool (b, "is_follower", account->is_follower);
  if (account->image != NULL)
    rumble_fake_json_member_string (b, "image.1", account->image);
  rumble_fake_json_member_string (b, "color", account->color);
  if (account->badges[0] != NULL)
    {
      json_builder_set_member_name (b, "badges");
      json_builder_begin_array (b);
      for (guint i = 0; i < G_N_ELEMENTS (account->badges) && account->badges[i] != NULL; i++)
        json_builder_add_string_value (b, account->badges[i]);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);

  return rumble_fake_json_builder_to_string (b);
}

char *
rumble_fake_account_channel_json (const FakeAccount *account)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *link = g_strconcat ("/c/", account->channel_name, NULL);

  json_builder_begin_object (b);
  rumble_fake_json_member_string (b, "id", account->channel_id);
  rumble_fake_json_member_string (b, "username", account->channel_name);
  rumble_fake_json_member_string (b, "link", link);
  json_builder_end_object (b);

  return rumble_fake_json_builder_to_string (b);
}

void
rumble_fake_service_set_moderator (RumbleFakeServer *self,
                                   const char       *username,
                                   const char       *stream_id_b10,
                                   gboolean          moderator)
{
  FakeService *svc = rumble_fake_service_get (self);
  guint index = 0;

  g_return_if_fail (stream_id_b10 != NULL);

  if (svc == NULL)
    return;
  if (rumble_fake_account_find (username, &index) == NULL)
    {
      g_critical ("%s: no account named %s", G_STRFUNC, username);
      return;
    }

  g_hash_table_replace (svc->moderation, moderation_key (index, stream_id_b10),
                        GINT_TO_POINTER (moderator ? 1 : 2));
}
