/* test-users.c — RumbleChatApi keeps its users and channels bounded under a flood of new
 * accounts: held users and authors of the kept history stay, removals are precise splices
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rumble.h"
#include "rumble-fake-server.h"
#include "test-util.h"

#define STREAM      RUMBLE_FAKE_DEFAULT_STREAM
#define MAX_USERS   200
#define HISTORY_LEN 50
#define BATCH       250
#define N_BATCHES   8
/* rumble_fake_server_push_new_accounts() numbers its accounts from here. */
#define FIRST_NEW_ACCOUNT "910000000"

typedef struct _Fixture Fixture;

/* A copy of a model kept from its items-changed alone, checking each change on the way. */
typedef struct {
  Fixture    *f;
  GListModel *model;
  gboolean    users;          /* the users model, else the channels model */
  GPtrArray  *items;
  guint       peak;
  guint       removals;       /* items-changed that removed items */
  guint       evicted;
  guint       runs;           /* removals during the current event */
  guint       max_runs;       /* … and the most in one event */
  guint       last_event;
  gulong      handler;
} Mirror;

struct _Fixture {
  RumbleFakeServer *fake;
  RumbleChatApi    *api;
  GPtrArray        *held;       /* users the test holds */
  guint             received;   /* message-received count: tells events apart */
  Mirror            users;
  Mirror            channels;
};

/* The user (or channel) of @message. */
static gpointer
message_author (RumbleMessage *message,
                gboolean       is_user)
{
  if (message == NULL)
    return NULL;
  return is_user ? (gpointer) rumble_message_get_user (message)
                 : (gpointer) rumble_message_get_channel (message);
}

static gboolean
history_has (Fixture  *f,
             gpointer  item,
             gboolean  is_user)
{
  GListModel *messages = rumble_chat_api_get_messages (f->api);

  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr(RumbleMessage) m = g_list_model_get_item (messages, i);

      if (message_author (m, is_user) == item)
        return TRUE;
    }
  return FALSE;
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Mirror     *mirror)
{
  Fixture *f = mirror->f;

  /* Users and channels only ever join at the end, and leave without anything added. */
  g_assert_true (removed == 0 || added == 0);
  g_assert_cmpuint (position + removed, <=, mirror->items->len);
  if (removed > 0)
    {
      /* Never a reset: a removal takes some of the items. */
      g_assert_cmpuint (removed, <, mirror->items->len);
      for (guint i = position; i < position + removed; i++)
        {
          gpointer item = g_ptr_array_index (mirror->items, i);

          if (mirror->users)
            {
              g_assert_false (g_ptr_array_find (f->held, item, NULL));
              g_assert_null (rumble_chat_api_lookup_user (f->api, rumble_user_get_id (item)));
            }
          else
            g_assert_null (rumble_chat_api_lookup_channel (f->api, rumble_channel_get_id (item)));
          g_assert_false (history_has (f, item, mirror->users));
          g_assert_true (message_author (rumble_chat_api_get_pinned_message (f->api),
                                         mirror->users) != item);
        }
      g_ptr_array_remove_range (mirror->items, position, removed);
      mirror->removals++;
      mirror->evicted += removed;
      if (mirror->last_event != f->received)
        mirror->runs = 0;
      mirror->last_event = f->received;
      mirror->runs++;
      mirror->max_runs = MAX (mirror->max_runs, mirror->runs);
    }
  if (added > 0)
    {
      g_assert_cmpuint (position, ==, mirror->items->len);
      for (guint i = 0; i < added; i++)
        g_ptr_array_add (mirror->items, g_list_model_get_item (model, position + i));
    }
  g_assert_cmpuint (mirror->items->len, ==, g_list_model_get_n_items (model));
  mirror->peak = MAX (mirror->peak, mirror->items->len);
}

static void
mirror_init (Mirror     *mirror,
             Fixture    *f,
             GListModel *model,
             gboolean    users)
{
  mirror->f = f;
  mirror->model = model;
  mirror->users = users;
  mirror->items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (mirror->items, g_list_model_get_item (model, i));
  mirror->peak = mirror->items->len;
  mirror->handler = g_signal_connect (model, "items-changed",
                                      G_CALLBACK (on_items_changed), mirror);
}

static void
mirror_clear (Mirror *mirror)
{
  if (mirror->items == NULL)
    return;
  g_clear_signal_handler (&mirror->handler, mirror->model);
  g_clear_pointer (&mirror->items, g_ptr_array_unref);
}

/* The mirror holds exactly the model's items, in order. */
static void
assert_mirror (Mirror *mirror)
{
  g_assert_cmpuint (mirror->items->len, ==, g_list_model_get_n_items (mirror->model));
  for (guint i = 0; i < mirror->items->len; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (mirror->model, i);

      g_assert_true (item == g_ptr_array_index (mirror->items, i));
    }
}

static void
on_message (RumbleChatApi *api,
            RumbleMessage *message,
            Fixture       *f)
{
  f->received++;
}

/* Connected, and the init (the fixture chat's users) applied. */
static gboolean
has_users (gpointer data)
{
  return rumble_chat_api_get_state (data) == RUMBLE_CONNECTION_CONNECTED &&
         g_list_model_get_n_items (rumble_chat_api_get_users (data)) > 0;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->fake = rumble_fake_server_new (0, &error);
  g_assert_no_error (error);
  f->api = rumble_chat_api_new (STREAM);
  rumble_chat_api_set_chat_url (f->api, rumble_fake_server_get_chat_url (f->fake));
  rumble_chat_api_set_site_url (f->api, rumble_fake_server_get_url (f->fake));
  rumble_chat_api_set_history_len (f->api, HISTORY_LEN);
  rumble_chat_api_set_max_users (f->api, MAX_USERS);
  g_signal_connect (f->api, "message-received", G_CALLBACK (on_message), f);
  f->held = g_ptr_array_new ();

  rumble_chat_api_connect_async (f->api, NULL, NULL, NULL);
  test_wait_until (has_users, f->api, 5000);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  for (guint i = 0; i < f->held->len; i++)
    rumble_chat_api_release_user (f->api, g_ptr_array_index (f->held, i));
  g_ptr_array_unref (f->held);
  mirror_clear (&f->users);
  mirror_clear (&f->channels);
  rumble_chat_api_disconnect (f->api);
  g_assert_finalize_object (f->api);
  g_assert_finalize_object (f->fake);
}

static gboolean
received_all (gpointer data)
{
  Fixture *f = data;

  return f->received >= GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (f->api), "test-expected"));
}

/* Pushes @n messages from new accounts and waits until all arrived. */
static void
flood (Fixture *f,
       guint    n)
{
  g_object_set_data (G_OBJECT (f->api), "test-expected", GUINT_TO_POINTER (f->received + n));
  rumble_fake_server_push_new_accounts (f->fake, STREAM, n);
  test_wait_until (received_all, f, 20000);
}

static void
hold (Fixture    *f,
      RumbleUser *user)
{
  g_assert_nonnull (user);
  rumble_chat_api_hold_user (f->api, user);
  g_ptr_array_add (f->held, user);
}

static void
test_flood_bounded (Fixture       *f,
                    gconstpointer  data)
{
  GListModel *users = rumble_chat_api_get_users (f->api);
  GListModel *channels = rumble_chat_api_get_channels (f->api);
  GListModel *messages = rumble_chat_api_get_messages (f->api);
  g_autoptr(RumbleUser) first = g_list_model_get_item (users, 0);
  RumbleUser *newcomer;

  mirror_init (&f->users, f, users, TRUE);
  mirror_init (&f->channels, f, channels, FALSE);

  /* A user of the fixture chat, and the first new account, as an open card would. */
  hold (f, first);
  flood (f, 10);
  newcomer = rumble_chat_api_lookup_user (f->api, FIRST_NEW_ACCOUNT);
  hold (f, newcomer);

  for (guint b = 0; b < N_BATCHES; b++)
    {
      flood (f, BATCH);
      g_assert_cmpuint (g_list_model_get_n_items (users), <=, MAX_USERS);
      g_assert_cmpuint (g_list_model_get_n_items (channels), <=, MAX_USERS);
    }

  /* Bounded all along (the cap applies after each event, which brings one account), and
   * many went. */
  g_assert_cmpuint (f->users.peak, <=, MAX_USERS + 1);
  g_assert_cmpuint (f->channels.peak, <=, MAX_USERS + 1);
  g_assert_cmpuint (f->users.evicted, >=, N_BATCHES * BATCH - MAX_USERS);
  g_assert_cmpuint (f->channels.evicted, >, 0);
  /* Precise: a pass removes the oldest accounts as one run, split only by a held user. */
  g_assert_cmpuint (f->users.max_runs, <=, 1 + f->held->len);
  g_assert_cmpuint (f->channels.max_runs, <=, 1 + f->held->len);
  assert_mirror (&f->users);
  assert_mirror (&f->channels);

  /* Held users stay, the very same objects. */
  g_assert_true (rumble_chat_api_lookup_user (f->api, rumble_user_get_id (first)) == first);
  g_assert_true (rumble_chat_api_lookup_user (f->api, FIRST_NEW_ACCOUNT) == newcomer);
  g_assert_true (g_ptr_array_find (f->users.items, newcomer, NULL));

  /* Every message kept has its author and channel in the models. */
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, HISTORY_LEN);
  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr(RumbleMessage) m = g_list_model_get_item (messages, i);
      RumbleChannel *channel = rumble_message_get_channel (m);

      g_assert_true (rumble_chat_api_lookup_user (f->api, rumble_message_get_user_id (m)) ==
                     rumble_message_get_user (m));
      g_assert_true (g_ptr_array_find (f->users.items, rumble_message_get_user (m), NULL));
      if (channel != NULL)
        {
          g_assert_true (rumble_chat_api_lookup_channel (f->api, rumble_channel_get_id (channel)) ==
                         channel);
          g_assert_true (g_ptr_array_find (f->channels.items, channel, NULL));
        }
    }

  /* Released, the newcomer is the least recently seen: the next pass takes it. */
  rumble_chat_api_release_user (f->api, newcomer);
  g_ptr_array_remove (f->held, newcomer);
  flood (f, BATCH);
  g_assert_null (rumble_chat_api_lookup_user (f->api, FIRST_NEW_ACCOUNT));
  g_assert_true (rumble_chat_api_lookup_user (f->api, rumble_user_get_id (first)) == first);
  assert_mirror (&f->users);
}

/* Every user left is in use: held, or author of a kept or the pinned message. */
static void
assert_all_in_use (Fixture    *f,
                   RumbleUser *held)
{
  GListModel *users = rumble_chat_api_get_users (f->api);
  RumbleMessage *pinned = rumble_chat_api_get_pinned_message (f->api);

  for (guint i = 0; i < g_list_model_get_n_items (users); i++)
    {
      g_autoptr(RumbleUser) user = g_list_model_get_item (users, i);

      g_assert_true (user == held || history_has (f, user, TRUE) ||
                     (pinned != NULL && rumble_message_get_user (pinned) == user));
    }
}

static void
test_hold_count (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(RumbleUser) newcomer = NULL;
  guint max_users = 0;

  rumble_chat_api_set_max_users (f->api, 1000);
  flood (f, 300);
  newcomer = g_object_ref (rumble_chat_api_lookup_user (f->api, FIRST_NEW_ACCOUNT));
  g_assert_cmpuint (g_list_model_get_n_items (rumble_chat_api_get_users (f->api)), >, 300);
  rumble_chat_api_hold_user (f->api, newcomer);
  rumble_chat_api_hold_user (f->api, newcomer);
  rumble_chat_api_release_user (f->api, newcomer);

  /* Lowering the cap evicts at once; still held once, the newcomer stays. The authors of
   * the history are in use too, so more than the cap remain. */
  g_object_set (f->api, "max-users", 10, NULL);
  g_object_get (f->api, "max-users", &max_users, NULL);
  g_assert_cmpuint (max_users, ==, 10);
  g_assert_true (rumble_chat_api_lookup_user (f->api, FIRST_NEW_ACCOUNT) == newcomer);
  g_assert_cmpuint (g_list_model_get_n_items (rumble_chat_api_get_users (f->api)), >, 10);
  assert_all_in_use (f, newcomer);

  /* Released for good: gone at the next pass. */
  rumble_chat_api_release_user (f->api, newcomer);
  rumble_chat_api_set_max_users (f->api, 9);
  g_assert_null (rumble_chat_api_lookup_user (f->api, FIRST_NEW_ACCOUNT));
  assert_all_in_use (f, NULL);

  /* One release too many is a programming error. */
  g_test_expect_message ("rumble", G_LOG_LEVEL_CRITICAL, "*count > 0*");
  rumble_chat_api_release_user (f->api, newcomer);
  g_test_assert_expected_messages ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/rumble/users/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("flood-bounded", test_flood_bounded);
  ADD ("hold-count", test_hold_count);
#undef ADD

  return g_test_run ();
}
