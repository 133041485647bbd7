/* rumble-fake-service.c — the fake's service.php, login, chat mutations and account pages
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Imitates the rumble.com side of PROTOCOL.md §2–§4 and the chat host's send/delete routes
 * (§3), with state: fixed accounts, session tokens, pending two-factor logins, moderators,
 * the pinned message, mute records. Every route is answered from the server's
 * "request-read" signal, so the core's own handlers never see these requests and the
 * order in which handlers are registered does not matter.
 *
 * It shares no code with the client library: its hashing, cookie handling and JSON are
 * written here independently.
 */
#define G_LOG_DOMAIN "rumble-fake"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "rumble-fake-private.h"

#define MAX_REQUEST_BODY     (64 * 1024)
#define MAX_TEXT_CHARS       200
#define MAX_REQUEST_ID_LEN   128
#define MUTES_PER_PAGE       2
#define FIRST_MUTE_RECORD_ID 4410021
#define HASH_ROUNDS          128
#define COOKIE_MAX_AGE       (30 * 24 * 3600)
#define RENEW_AFTER_US       (10 * G_TIME_SPAN_MINUTE)
#define VALID_2FA_CODE       "123456"

/* The owner of the default stream (tests/data/sse_init.json). */
#define DEFAULT_OWNER_CHANNEL_ID   "5512345"
#define DEFAULT_OWNER_CHANNEL_NAME "CedarHollow"
#define DEFAULT_OWNER_AVATAR       "https://ak2.rmbl.ws/z0/C/h/9/z/Ch9zT.baa-CedarHollow-t9u8v7.png"
#define DEFAULT_RAID_TARGET        "https://rumble.com/v4abcde-friday-night-build.html"

/* ---- Accounts ---- */

typedef struct {
  const char *username;
  const char *password;
  const char *salts[3];
  const char *user_id;           /* decimal */
  const char *color;
  const char *image;             /* NULL = no avatar */
  const char *badges[3];         /* NULL-terminated */
  gboolean    is_follower;
  gboolean    two_factor;
  gboolean    has_phone;
  gboolean    moderates_default; /* of RUMBLE_FAKE_DEFAULT_STREAM */
  gboolean    moderates_all;
  const char *channel_id;        /* NULL = no channel */
  const char *channel_name;
  const char *email_masked;
  const char *phone_masked;
} FakeAccount;

static const FakeAccount accounts[] = {
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

/* ---- Emote catalogue ---- */

typedef struct {
  const char *name;
  const char *file;      /* under /i/emotes/ */
  gboolean    is_subs_only;
} FakeEmote;

static const FakeEmote global_emotes[] = {
  { "r+rumble", "r_rumble.png", FALSE },
  { "r+heart",  "r_heart.png",  FALSE },
  { "r+laugh",  "r_laugh.png",  FALSE },
  { "r+fire",   "r_fire.png",   FALSE },
};

static const FakeEmote channel_emotes[] = {
  { "cedarwave", "cedarwave.png", FALSE },
  { "cedarhype", "cedarhype.png", TRUE },
};



/* ---- State ---- */

typedef struct {
  guint   account;      /* index into accounts[] */
  guint64 session;      /* shared by a login and all its renewals */
  gint64  issued_us;    /* monotonic time */
} FakeToken;

typedef struct {
  guint     account;
  char     *totp_id;
  gboolean  expired;
} FakePending;

typedef struct {
  char     *endpoint;
  guint     status;
  char     *body;
  char     *header_name;
  char     *header_value;
  gboolean  stall;
  gboolean  after_action;
} FakeFault;

typedef struct {
  RumbleFakeMuteRecord record;
  gint64               expires_us;   /* real time; 0 = never */
} FakeMute;

typedef struct {
  RumbleFakeServer *server;      /* unowned: the service lives inside it */
  SoupServer       *soup;        /* owned while installed */
  gulong            request_read_id;

  GHashTable       *tokens;      /* token → FakeToken */
  GHashTable       *pending;     /* user_key → FakePending */
  GHashTable       *moderation;  /* "account-index/stream" → GINT_TO_POINTER (1 = yes, 2 = no) */
  GHashTable       *pinned;      /* stream → message id */
  GHashTable       *raids;       /* stream → raid target URL from "/raid URL" */
  GPtrArray        *mutes;       /* of FakeMute, by record id */
  gint64            next_record_id;
  guint64           next_session;
  GQueue            faults;      /* of FakeFault */
  GPtrArray        *stalled;     /* of SoupServerMessage (refs) */
  gboolean          renew_next;
  char             *latest_token;
} FakeService;

/* One request being answered. */
typedef struct {
  FakeService       *svc;
  SoupServerMessage *msg;
  const char        *method;
  const char        *endpoint;
  char              *stream;       /* chat host routes */
  char              *message_id;   /* delete route */
  GHashTable        *query;        /* may be NULL */
  GHashTable        *form;         /* may be NULL */
  char              *token_str;    /* the request's u_s cookie, or NULL */
  FakeToken         *token;        /* its live session, or NULL */
  gboolean           logged_out;   /* the call ended the session */
} FakeCall;

static void
fake_fault_free (FakeFault *fault)
{
  g_free (fault->endpoint);
  g_free (fault->body);
  g_free (fault->header_name);
  g_free (fault->header_value);
  g_free (fault);
}

static void
fake_pending_free (FakePending *pending)
{
  g_free (pending->totp_id);
  g_free (pending);
}

static void
mute_record_clear (RumbleFakeMuteRecord *record)
{
  g_clear_pointer (&record->username, g_free);
  g_clear_pointer (&record->entity_type, g_free);
  g_clear_pointer (&record->stream_id, g_free);
  g_clear_pointer (&record->type, g_free);
}

static void
fake_mute_free (FakeMute *mute)
{
  mute_record_clear (&mute->record);
  g_free (mute);
}

void
rumble_fake_mute_record_free (RumbleFakeMuteRecord *record)
{
  if (record == NULL)
    return;
  mute_record_clear (record);
  g_free (record);
}

static void
on_stalled_finished (SoupServerMessage *msg,
                     FakeService       *svc)
{
  g_signal_handlers_disconnect_by_data (msg, svc);
  g_ptr_array_remove_fast (svc->stalled, msg);
}

static void
release_stalled (FakeService *svc)
{
  /* A stalled request never gets an answer; the connection goes away with the server. */
  while (svc->stalled->len > 0)
    {
      SoupServerMessage *msg = g_ptr_array_index (svc->stalled, svc->stalled->len - 1);

      g_signal_handlers_disconnect_by_data (msg, svc);
      g_ptr_array_remove_index (svc->stalled, svc->stalled->len - 1);
    }
}

static void
fake_service_disconnect (FakeService *svc)
{
  if (svc->soup != NULL)
    {
      g_clear_signal_handler (&svc->request_read_id, svc->soup);
      g_clear_object (&svc->soup);
    }
  release_stalled (svc);
}

static void
fake_service_free (gpointer data)
{
  FakeService *svc = data;

  fake_service_disconnect (svc);
  g_hash_table_unref (svc->tokens);
  g_hash_table_unref (svc->pending);
  g_hash_table_unref (svc->moderation);
  g_hash_table_unref (svc->pinned);
  g_hash_table_unref (svc->raids);
  g_ptr_array_unref (svc->mutes);
  g_queue_clear_full (&svc->faults, (GDestroyNotify) fake_fault_free);
  g_ptr_array_unref (svc->stalled);
  g_free (svc->latest_token);
  g_free (svc);
}

static FakeService *
get_service (RumbleFakeServer *self)
{
  g_return_val_if_fail (RUMBLE_IS_FAKE_SERVER (self), NULL);

  return rumble_fake_server_get_service_data (self);
}

/* ---- Helpers ---- */

static const FakeAccount *
find_account (const char *username,
              guint      *index)
{
  if (username == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      if (g_ascii_strcasecmp (accounts[i].username, username) == 0)
        {
          if (index != NULL)
            *index = i;
          return &accounts[i];
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

static gboolean
account_password_matches (const FakeAccount *account,
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

static char *
account_public_id (const FakeAccount *account)
{
  g_autofree char *b36 = to_base36 (g_ascii_strtoull (account->user_id, NULL, 10));

  return g_strconcat ("_", b36, NULL);
}

static gboolean
is_decimal (const char *s)
{
  if (s == NULL || *s == '\0' || strlen (s) > 19)
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static char *
random_hex (guint n_chars)
{
  GString *s = g_string_sized_new (n_chars);

  while (s->len < n_chars)
    g_string_append_printf (s, "%08x", g_random_int ());
  g_string_truncate (s, n_chars);

  return g_string_free (s, FALSE);
}

static const char *
form_get (FakeCall   *call,
          const char *name)
{
  return call->form != NULL ? g_hash_table_lookup (call->form, name) : NULL;
}

static const char *
query_get (FakeCall   *call,
           const char *name)
{
  return call->query != NULL ? g_hash_table_lookup (call->query, name) : NULL;
}

static gboolean
nonempty (const char *s)
{
  return s != NULL && *s != '\0';
}

/* ---- Moderators ---- */

static char *
moderation_key (guint       account,
                const char *stream)
{
  return g_strdup_printf ("%u/%s", account, stream);
}

static gboolean
account_moderates (FakeService *svc,
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

  if (accounts[account].moderates_all)
    return TRUE;
  return accounts[account].moderates_default && g_str_equal (stream, RUMBLE_FAKE_DEFAULT_STREAM);
}

static gboolean
account_moderates_any (FakeService *svc,
                       guint        account)
{
  GHashTableIter iter;
  gpointer key, value;
  g_autofree char *prefix = g_strdup_printf ("%u/", account);

  if (accounts[account].moderates_all ||
      account_moderates (svc, account, RUMBLE_FAKE_DEFAULT_STREAM))
    return TRUE;

  g_hash_table_iter_init (&iter, svc->moderation);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_has_prefix (key, prefix) && GPOINTER_TO_INT (value) == 1)
      return TRUE;

  return FALSE;
}

/* ---- Tokens ---- */

static const char *
issue_token (FakeService *svc,
             guint        account,
             guint64      session)
{
  FakeToken *token = g_new0 (FakeToken, 1);
  char *str = random_hex (32);

  token->account = account;
  token->session = session;
  token->issued_us = g_get_monotonic_time ();
  g_hash_table_insert (svc->tokens, str, token);

  g_free (svc->latest_token);
  svc->latest_token = g_strdup (str);

  return str;
}

static const char *
new_session (FakeService *svc,
             guint        account)
{
  return issue_token (svc, account, ++svc->next_session);
}

static void
end_session (FakeService *svc,
             guint64      session)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, svc->tokens);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((FakeToken *) value)->session == session)
      g_hash_table_iter_remove (&iter);
}

static void
set_session_cookie (SoupServerMessage *msg,
                    const char        *token)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expires = g_date_time_add_seconds (now, COOKIE_MAX_AGE);
  g_autofree char *date = soup_date_time_to_string (expires, SOUP_DATE_COOKIE);
  g_autofree char *value = NULL;

  value = g_strdup_printf ("u_s=%s; expires=%s; Max-Age=%d; path=/; HttpOnly",
                           token, date, COOKIE_MAX_AGE);
  soup_message_headers_append (headers, "Set-Cookie", value);
}

static void
clear_session_cookie (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_append (headers, "Set-Cookie",
                               "u_s=deleted; expires=Thu, 01-Jan-1970 00:00:01 GMT; "
                               "Max-Age=0; path=/; HttpOnly");
}

static char *
request_session_cookie (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *cookie = soup_message_headers_get_list (headers, "Cookie");
  g_auto(GStrv) parts = NULL;

  if (cookie == NULL || strlen (cookie) > 8192)
    return NULL;

  parts = g_strsplit (cookie, ";", 64);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = g_strstrip (parts[i]);

      if (g_str_has_prefix (part, "u_s="))
        return g_strdup (part + strlen ("u_s="));
    }

  return NULL;
}

/* ---- JSON answers ---- */

static void
respond_text (SoupServerMessage *msg,
              guint              status,
              const char        *content_type,
              const char        *body,
              gsize              len)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, len);
}

static void
respond_builder (SoupServerMessage *msg,
                 guint              status,
                 JsonBuilder       *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  gsize len = 0;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);
  respond_text (msg, status, "application/json", text, len);
}

static char *
builder_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
add_string_member (JsonBuilder *b,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_bool_member (JsonBuilder *b,
                 const char  *name,
                 gboolean     value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_boolean_value (b, value);
}

/* The top-level `user` object of every service.php answer (PROTOCOL.md §4.1). */
static void
add_user_state (JsonBuilder       *b,
                FakeService       *svc,
                const FakeAccount *account)
{
  json_builder_set_member_name (b, "user");
  json_builder_begin_object (b);
  if (account != NULL)
    {
      g_autofree char *id = account_public_id (account);

      add_string_member (b, "id", id);
      add_bool_member (b, "logged_in", TRUE);
      json_builder_set_member_name (b, "chat");
      json_builder_begin_object (b);
      add_string_member (b, "endpoint", rumble_fake_server_get_chat_url (svc->server));
      json_builder_end_object (b);
    }
  else
    {
      add_string_member (b, "id", NULL);
      add_bool_member (b, "logged_in", FALSE);
    }
  json_builder_end_object (b);
}

static const FakeAccount *
call_account (FakeCall *call)
{
  if (call->token == NULL || call->logged_out)
    return NULL;
  return &accounts[call->token->account];
}

static void
add_errors (JsonBuilder *b,
            const char  *code,
            const char  *message,
            gboolean     with_type)
{
  json_builder_set_member_name (b, "errors");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  add_string_member (b, "code", code);
  add_string_member (b, "message", message);
  if (with_type)
    add_string_member (b, "type", "error");
  json_builder_end_object (b);
  json_builder_end_array (b);
}

/* A service.php failure: `user`, optional `data.success: false`, `errors[]`. */
static void
service_error (FakeCall   *call,
               guint       status,
               gboolean    with_data,
               const char *code,
               const char *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_user_state (b, call->svc, call_account (call));
  if (with_data)
    {
      json_builder_set_member_name (b, "data");
      json_builder_begin_object (b);
      add_bool_member (b, "success", FALSE);
      json_builder_end_object (b);
    }
  add_errors (b, code, message, FALSE);
  json_builder_end_object (b);
  respond_builder (call->msg, status, b);
}

static void
service_success (FakeCall *call)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_user_state (b, call->svc, call_account (call));
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  add_bool_member (b, "success", TRUE);
  json_builder_end_object (b);
  json_builder_end_object (b);
  respond_builder (call->msg, SOUP_STATUS_OK, b);
}

/* A chat host failure (PROTOCOL.md §3.2): `{"errors":[{code, message, type}]}`. */
static void
chat_error (FakeCall   *call,
            guint       status,
            const char *code,
            const char *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_errors (b, code, message, TRUE);
  json_builder_end_object (b);
  respond_builder (call->msg, status, b);
}

static void
push_event (FakeService *svc,
            const char  *stream,
            JsonBuilder *b)
{
  g_autofree char *json = builder_to_string (b);

  rumble_fake_server_push_event (svc->server, stream, json);
}

/* ---- Messages ---- */

static const RumbleFakeMessage *
find_message (FakeService *svc,
              const char  *stream,
              const char  *message_id)
{
  GPtrArray *messages = rumble_fake_server_get_messages (svc->server, stream);

  if (messages == NULL || message_id == NULL)
    return NULL;

  for (guint i = messages->len; i > 0; i--)
    {
      const RumbleFakeMessage *m = g_ptr_array_index (messages, i - 1);

      if (g_strcmp0 (m->id, message_id) == 0)
        return m;
    }

  return NULL;
}

static const RumbleFakeMessage *
find_live_message (FakeService *svc,
                   const char  *stream,
                   const char  *message_id)
{
  const RumbleFakeMessage *m = find_message (svc, stream, message_id);

  if (m == NULL || m->deleted)
    return NULL;
  return m;
}

/* The message object (PROTOCOL.md §5.6.1) as the stream carried it, for pin/unpin events. */
static void
add_message_object (JsonBuilder             *b,
                    FakeService             *svc,
                    const char              *stream,
                    const RumbleFakeMessage *m)
{
  g_autofree char *json = rumble_fake_server_get_message_json (svc->server, stream, m->id);
  g_autoptr(JsonNode) node = json != NULL ? json_from_string (json, NULL) : NULL;

  if (node != NULL)
    {
      json_builder_add_value (b, g_steal_pointer (&node));
      return;
    }

  json_builder_begin_object (b);
  add_string_member (b, "id", m->id);
  add_string_member (b, "user_id", m->user_id);
  add_string_member (b, "text", m->text);
  add_string_member (b, "type", m->is_rant ? "rant" : "regular");
  if (m->channel_id != NULL)
    {
      json_builder_set_member_name (b, "channel_id");
      json_builder_add_int_value (b, g_ascii_strtoll (m->channel_id, NULL, 10));
    }
  json_builder_end_object (b);
}

static char *
account_user_json (const FakeAccount *account)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string_member (b, "id", account->user_id);
  add_string_member (b, "username", account->username);
  {
    g_autofree char *link = g_strconcat ("/user/", account->username, NULL);
    add_string_member (b, "link", link);
  }
  add_bool_member (b, "is_follower", account->is_follower);
  if (account->image != NULL)
    add_string_member (b, "image.1", account->image);
  add_string_member (b, "color", account->color);
  if (account->badges[0] != NULL)
    {
      json_builder_set_member_name (b, "badges");
      json_builder_begin_array (b);
      for (guint i = 0; i < G_N_ELEMENTS (account->badges) && account->badges[i] != NULL; i++)
        json_builder_add_string_value (b, account->badges[i]);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);

  return builder_to_string (b);
}

static char *
account_channel_json (const FakeAccount *account)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *link = g_strconcat ("/c/", account->channel_name, NULL);

  json_builder_begin_object (b);
  add_string_member (b, "id", account->channel_id);
  add_string_member (b, "username", account->channel_name);
  add_string_member (b, "link", link);
  json_builder_end_object (b);

  return builder_to_string (b);
}

/* ---- Mute records ---- */

static void
purge_expired_mutes (FakeService *svc)
{
  gint64 now = g_get_real_time ();

  for (guint i = svc->mutes->len; i > 0; i--)
    {
      FakeMute *mute = g_ptr_array_index (svc->mutes, i - 1);

      if (mute->expires_us != 0 && mute->expires_us <= now)
        g_ptr_array_remove_index (svc->mutes, i - 1);
    }
}

static FakeMute *
find_mute_by_name (FakeService *svc,
                   const char  *username,
                   const char  *entity_type)
{
  for (guint i = 0; i < svc->mutes->len; i++)
    {
      FakeMute *mute = g_ptr_array_index (svc->mutes, i);

      if (g_str_equal (mute->record.username, username) &&
          g_str_equal (mute->record.entity_type, entity_type))
        return mute;
    }
  return NULL;
}

static FakeMute *
store_mute (FakeService *svc,
            const char  *username,
            const char  *entity_type,
            const char  *stream,
            const char  *type,
            gint64       duration)
{
  FakeMute *mute = find_mute_by_name (svc, username, entity_type);

  if (mute == NULL)
    {
      mute = g_new0 (FakeMute, 1);
      mute->record.record_id = svc->next_record_id++;
      mute->record.username = g_strdup (username);
      mute->record.entity_type = g_strdup (entity_type);
      g_ptr_array_add (svc->mutes, mute);
    }

  g_free (mute->record.stream_id);
  mute->record.stream_id = g_strdup (stream);
  g_free (mute->record.type);
  mute->record.type = g_strdup (type);
  mute->record.duration = duration;
  mute->expires_us = duration > 0 ? g_get_real_time () + duration * G_USEC_PER_SEC : 0;

  return mute;
}

static gboolean
mute_applies (const FakeMute *mute,
              const char     *stream)
{
  return g_str_equal (mute->record.type, "total") ||
         mute->record.stream_id == NULL ||
         g_strcmp0 (mute->record.stream_id, stream) == 0;
}

static gboolean
account_is_muted (FakeService       *svc,
                  const FakeAccount *account,
                  gboolean           as_channel,
                  const char        *stream)
{
  purge_expired_mutes (svc);

  for (guint i = 0; i < svc->mutes->len; i++)
    {
      const FakeMute *mute = g_ptr_array_index (svc->mutes, i);

      if (!mute_applies (mute, stream))
        continue;
      if (g_str_equal (mute->record.entity_type, "user") &&
          g_ascii_strcasecmp (mute->record.username, account->username) == 0)
        return TRUE;
      if (as_channel && g_str_equal (mute->record.entity_type, "channel") &&
          g_ascii_strcasecmp (mute->record.username, account->channel_name) == 0)
        return TRUE;
    }

  return FALSE;
}

/* ---- service.php: login ---- */

static void
handle_get_salts (FakeCall *call)
{
  const FakeAccount *account = find_account (form_get (call, "username"), NULL);
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_user_state (b, call->svc, call_account (call));
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "salts");
  json_builder_begin_array (b);
  /* An unknown username gets no salts (fewer than three = wrong username). */
  if (account != NULL)
    for (guint i = 0; i < 3; i++)
      json_builder_add_string_value (b, account->salts[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  respond_builder (call->msg, SOUP_STATUS_OK, b);
}

static void
credentials_error (FakeCall *call)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_user_state (b, call->svc, NULL);
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  add_bool_member (b, "success", FALSE);
  add_string_member (b, "reason", "Invalid username or password");
  json_builder_end_object (b);
  add_errors (b, "credentials", "Invalid username or password", FALSE);
  json_builder_end_object (b);
  respond_builder (call->msg, SOUP_STATUS_OK, b);
}

static void
handle_first_step (FakeCall *call)
{
  FakeService *svc = call->svc;
  const char *legacy = form_get (call, "legacy_password");
  const char *login = form_get (call, "login");
  const char *password = form_get (call, "password");
  const char *redirect_url = form_get (call, "redirect_url");
  const FakeAccount *account;
  g_autoptr(JsonBuilder) b = NULL;
  guint index = 0;

  if (g_strcmp0 (legacy, "1") != 0 || !nonempty (login) || !nonempty (password) ||
      !nonempty (redirect_url))
    {
      service_error (call, SOUP_STATUS_BAD_REQUEST, TRUE, "missing_field",
                     "The fields legacy_password=1, login, password and redirect_url "
                     "are required.");
      return;
    }

  account = find_account (login, &index);
  if (account == NULL || !account_password_matches (account, password))
    {
      credentials_error (call);
      return;
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  add_user_state (b, svc, NULL);
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  if (!account->two_factor)
    {
      add_string_member (b, "totp_id", NULL);
    }
  else
    {
      FakePending *pending = g_new0 (FakePending, 1);
      g_autofree char *totp_hex = random_hex (8);
      g_autofree char *key_hex = random_hex (16);
      char *user_key = g_strconcat ("uk_", key_hex, NULL);

      pending->account = index;
      pending->totp_id = g_strconcat ("tp_", totp_hex, NULL);
      g_hash_table_insert (svc->pending, user_key, pending);

      add_string_member (b, "totp_id", pending->totp_id);
      add_string_member (b, "user_key", user_key);
      json_builder_set_member_name (b, "options");
      json_builder_begin_object (b);
      add_bool_member (b, "authenticator", TRUE);
      add_bool_member (b, "email", account->email_masked != NULL);
      add_bool_member (b, "phone", account->has_phone);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  respond_builder (call->msg, SOUP_STATUS_OK, b);
}

static void
handle_login (FakeCall *call)
{
  FakeService *svc = call->svc;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const FakeAccount *account;
  const char *token;
  guint index = 0;

  if (g_str_equal (call->method, "GET"))
    {
      /* "Who am I" probe (PROTOCOL.md §2.5). */
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "data");
      json_builder_begin_object (b);
      add_string_member (b, "username", call_account (call) ? call_account (call)->username : NULL);
      json_builder_end_object (b);
      add_user_state (b, svc, call_account (call));
      json_builder_end_object (b);
      respond_builder (call->msg, SOUP_STATUS_OK, b);
      return;
    }

  account = find_account (form_get (call, "username"), &index);
  if (account == NULL || !account_password_matches (account, form_get (call, "password_hashes")))
    {
      json_builder_begin_object (b);
      add_user_state (b, svc, NULL);
      json_builder_set_member_name (b, "data");
      json_builder_begin_object (b);
      add_bool_member (b, "session", FALSE);
      add_string_member (b, "reason", "Invalid username or password");
      json_builder_end_object (b);
      json_builder_end_object (b);
      respond_builder (call->msg, SOUP_STATUS_OK, b);
      return;
    }

  if (account->two_factor)
    {
      json_builder_begin_object (b);
      add_user_state (b, svc, NULL);
      json_builder_set_member_name (b, "data");
      json_builder_begin_object (b);
      add_bool_member (b, "session", FALSE);
      add_string_member (b, "reason", "Two-factor authentication is required for this account");
      json_builder_end_object (b);
      json_builder_end_object (b);
      respond_builder (call->msg, SOUP_STATUS_OK, b);
      return;
    }

  token = new_session (svc, index);
  json_builder_begin_object (b);
  add_user_state (b, svc, account);
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  add_string_member (b, "session", token);
  json_builder_end_object (b);
  json_builder_end_object (b);
  respond_builder (call->msg, SOUP_STATUS_OK, b);
  set_session_cookie (call->msg, token);
}

static void
expired_key_error (FakeCall *call)
{
  service_error (call, SOUP_STATUS_OK, TRUE, "user_key", "Invalid or expired user key");
}

static FakePending *
lookup_pending (FakeCall *call)
{
  const char *user_key = form_get (call, "user_key");
  const char *totp_id = form_get (call, "totp_id");
  FakePending *pending;

  if (user_key == NULL || totp_id == NULL)
    return NULL;
  pending = g_hash_table_lookup (call->svc->pending, user_key);
  if (pending == NULL || pending->expired || !g_str_equal (pending->totp_id, totp_id))
    return NULL;
  return pending;
}

static void
handle_request_code (FakeCall *call,
                     gboolean  sms)
{
  g_autoptr(JsonBuilder) b = NULL;
  const FakeAccount *account;
  FakePending *pending;

  if (call->token_str != NULL)
    {
      /* Rumble rejects code requests that carry a (stale) session cookie (PROTOCOL.md §2.6). */
      service_error (call, SOUP_STATUS_BAD_REQUEST, TRUE, "cookie",
                     "This request must be sent without a session cookie.");
      return;
    }

  if (!nonempty (form_get (call, "totp_id")) || !nonempty (form_get (call, "user_key")))
    {
      service_error (call, SOUP_STATUS_BAD_REQUEST, TRUE, "missing_field",
                     "The fields totp_id and user_key are required.");
      return;
    }

  pending = lookup_pending (call);
  if (pending == NULL)
    {
      expired_key_error (call);
      return;
    }

  account = &accounts[pending->account];
  if ((sms && !account->has_phone) || (!sms && account->email_masked == NULL))
    {
      service_error (call, SOUP_STATUS_BAD_REQUEST, TRUE, "option",
                     "This verification method is not available for this account.");
      return;
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  add_user_state (b, call->svc, NULL);
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  add_bool_member (b, "success", TRUE);
  add_string_member (b, "sent_to", sms ? account->phone_masked : account->email_masked);
  json_builder_end_object (b);
  json_builder_end_object (b);
  respond_builder (call->msg, SOUP_STATUS_OK, b);
}

static void
handle_verify_totp (FakeCall *call)
{
  FakeService *svc = call->svc;
  const char *code = form_get (call, "code");
  const char *redirect_url = form_get (call, "redirect_url");
  g_autoptr(JsonBuilder) b = NULL;
  FakePending *pending;
  const char *token;
  guint account;

  if (!nonempty (code) || !nonempty (redirect_url) ||
      !nonempty (form_get (call, "totp_id")) || !nonempty (form_get (call, "user_key")))
    {
      service_error (call, SOUP_STATUS_BAD_REQUEST, TRUE, "missing_field",
                     "The fields code, redirect_url, totp_id and user_key are required.");
      return;
    }

  pending = lookup_pending (call);
  if (pending == NULL)
    {
      expired_key_error (call);
      return;
    }

  if (!g_str_equal (code, VALID_2FA_CODE))
    {
      service_error (call, SOUP_STATUS_OK, TRUE, "code", "Invalid verification code");
      return;
    }

  account = pending->account;
  g_hash_table_remove (svc->pending, form_get (call, "user_key"));

  /* The token travels only in Set-Cookie (PROTOCOL.md §2.6, H5a). */
  token = new_session (svc, account);
  b = json_builder_new ();
  json_builder_begin_object (b);
  add_user_state (b, svc, &accounts[account]);
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  add_bool_member (b, "success", TRUE);
  add_string_member (b, "redirect_url", redirect_url);
  json_builder_end_object (b);
  json_builder_end_object (b);
  respond_builder (call->msg, SOUP_STATUS_OK, b);
  set_session_cookie (call->msg, token);
}

static void
handle_logout (FakeCall *call)
{
  if (call->token != NULL)
    {
      end_session (call->svc, call->token->session);
      call->token = NULL;
      call->logged_out = TRUE;
    }

  service_success (call);
  clear_session_cookie (call->msg);
}

static void
handle_has_unread (FakeCall *call)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_user_state (b, call->svc, call_account (call));
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  add_bool_member (b, "has_unread", FALSE);
  json_builder_end_object (b);
  json_builder_end_object (b);
  respond_builder (call->msg, SOUP_STATUS_OK, b);
}

/* ---- service.php: moderation ---- */

static gboolean
require_login (FakeCall *call)
{
  if (call->token != NULL)
    return TRUE;

  service_error (call, SOUP_STATUS_OK, TRUE, "login", "You must be logged in to do that.");
  return FALSE;
}

static void
permission_error (FakeCall *call)
{
  service_error (call, SOUP_STATUS_FORBIDDEN, FALSE, "permission",
                 "You do not have permission to moderate this chat.");
}

/* Common checks of pin/unpin/raid: a known stream the account moderates. */
static gboolean
check_moderated_stream (FakeCall   *call,
                        const char *stream)
{
  if (!is_decimal (stream))
    {
      service_error (call, SOUP_STATUS_BAD_REQUEST, FALSE, "missing_field",
                     "A decimal video_id is required.");
      return FALSE;
    }
  if (!require_login (call))
    return FALSE;
  if (!rumble_fake_server_has_stream (call->svc->server, stream))
    {
      service_error (call, SOUP_STATUS_NOT_FOUND, FALSE, "not_found", "Video not found.");
      return FALSE;
    }
  if (!account_moderates (call->svc, call->token->account, stream))
    {
      permission_error (call);
      return FALSE;
    }
  return TRUE;
}

static void
handle_pin (FakeCall *call,
            gboolean  pin)
{
  FakeService *svc = call->svc;
  const char *stream = form_get (call, "video_id");
  const char *message_id = form_get (call, "message_id");
  const RumbleFakeMessage *m;
  g_autoptr(JsonBuilder) event = NULL;

  if (!is_decimal (message_id))
    {
      service_error (call, SOUP_STATUS_BAD_REQUEST, FALSE, "missing_field",
                     "A decimal message_id is required.");
      return;
    }
  if (!check_moderated_stream (call, stream))
    return;

  m = find_live_message (svc, stream, message_id);
  if (m == NULL)
    {
      service_error (call, SOUP_STATUS_NOT_FOUND, FALSE, "not_found", "Message not found.");
      return;
    }

  if (pin)
    g_hash_table_replace (svc->pinned, g_strdup (stream), g_strdup (message_id));
  else if (g_strcmp0 (g_hash_table_lookup (svc->pinned, stream), message_id) == 0)
    g_hash_table_remove (svc->pinned, stream);

  service_success (call);

  event = json_builder_new ();
  json_builder_begin_object (event);
  add_string_member (event, "type", pin ? "pin_message" : "unpin_message");
  json_builder_set_member_name (event, "data");
  json_builder_begin_object (event);
  json_builder_set_member_name (event, "message");
  add_message_object (event, svc, stream, m);
  json_builder_end_object (event);
  json_builder_end_object (event);
  push_event (svc, stream, event);
}

/* Finds who @name is: the user id to announce, and for a channel its id. */
static gboolean
resolve_mute_target (FakeService *svc,
                     const char  *stream,
                     const char  *name,
                     gboolean     channel,
                     char       **user_id,
                     char       **channel_id)
{
  GPtrArray *messages;

  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      const FakeAccount *a = &accounts[i];

      if (!channel && g_ascii_strcasecmp (a->username, name) == 0)
        {
          *user_id = g_strdup (a->user_id);
          return TRUE;
        }
      if (channel && a->channel_name != NULL && g_ascii_strcasecmp (a->channel_name, name) == 0)
        {
          *user_id = g_strdup (a->user_id);
          *channel_id = g_strdup (a->channel_id);
          return TRUE;
        }
    }

  messages = stream != NULL ? rumble_fake_server_get_messages (svc->server, stream) : NULL;
  for (guint i = 0; messages != NULL && i < messages->len; i++)
    {
      const RumbleFakeMessage *m = g_ptr_array_index (messages, i);

      if (!channel && g_strcmp0 (m->username, name) == 0)
        {
          *user_id = g_strdup (m->user_id);
          return TRUE;
        }
      if (channel && m->channel_id != NULL && g_strcmp0 (m->channel_name, name) == 0)
        {
          *user_id = g_strdup (m->user_id);
          *channel_id = g_strdup (m->channel_id);
          return TRUE;
        }
    }

  return FALSE;
}

static void
push_mute_events (FakeService *svc,
                  const char  *stream,
                  const char  *user_id,
                  const char  *channel_id)
{
  g_autoptr(JsonBuilder) mute = json_builder_new ();
  g_autoptr(JsonBuilder) del = json_builder_new ();
  GPtrArray *messages = rumble_fake_server_get_messages (svc->server, stream);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  json_builder_begin_object (mute);
  add_string_member (mute, "type", "mute_users");
  json_builder_set_member_name (mute, "data");
  json_builder_begin_object (mute);
  json_builder_set_member_name (mute, "user_ids");
  json_builder_begin_array (mute);
  json_builder_add_string_value (mute, user_id);
  json_builder_end_array (mute);
  json_builder_end_object (mute);
  json_builder_end_object (mute);

  for (guint i = 0; messages != NULL && i < messages->len; i++)
    {
      const RumbleFakeMessage *m = g_ptr_array_index (messages, i);

      if (m->is_rant || g_strcmp0 (m->user_id, user_id) != 0)
        continue;
      if (channel_id != NULL && g_strcmp0 (m->channel_id, channel_id) != 0)
        continue;
      if (m->deleted)
        continue;
      g_ptr_array_add (ids, m->id);
    }

  json_builder_begin_object (del);
  add_string_member (del, "type", "delete_non_rant_messages");
  json_builder_set_member_name (del, "data");
  json_builder_begin_object (del);
  json_builder_set_member_name (del, "message_ids");
  json_builder_begin_array (del);
  for (guint i = 0; i < ids->len; i++)
    json_builder_add_string_value (del, g_ptr_array_index (ids, i));
  json_builder_end_array (del);
  json_builder_end_object (del);
  json_builder_end_object (del);

  push_event (svc, stream, mute);
  push_event (svc, stream, del);
}

static void
handle_mute (FakeCall *call)
{
  FakeService *svc = call->svc;
  const char *name = form_get (call, "user_to_mute");
  const char *entity_type = form_get (call, "entity_type");
  const char *video = form_get (call, "video");
  const char *duration_str = form_get (call, "duration");
  const char *type = form_get (call, "type");
  const char *event_stream;
  gint64 duration = 0;
  g_autofree char *user_id = NULL;
  g_autofree char *channel_id = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  gboolean channel;

  if (!nonempty (name) || strlen (name) > 256)
    {
      service_error (call, SOUP_STATUS_BAD_REQUEST, FALSE, "missing_field",
                     "user_to_mute is required.");
      return;
    }
  if (g_strcmp0 (entity_type, "user") != 0 && g_strcmp0 (entity_type, "channel") != 0)
    {
      service_error (call, SOUP_STATUS_BAD_REQUEST, FALSE, "invalid_field",
                     "entity_type must be user or channel.");
      return;
    }
  if (g_strcmp0 (type, "video") != 0 && g_strcmp0 (type, "total") != 0)
    {
      service_error (call, SOUP_STATUS_BAD_REQUEST, FALSE, "invalid_field",
                     "type must be video or total.");
      return;
    }
  if (video != NULL && !is_decimal (video))
    {
      service_error (call, SOUP_STATUS_BAD_REQUEST, FALSE, "invalid_field",
                     "video must be a decimal video id.");
      return;
    }
  if (duration_str != NULL)
    {
      if (!is_decimal (duration_str) || strlen (duration_str) > 9 ||
          (duration = g_ascii_strtoll (duration_str, NULL, 10)) <= 0)
        {
          service_error (call, SOUP_STATUS_BAD_REQUEST, FALSE, "invalid_field",
                         "duration must be a positive number of seconds.");
          return;
        }
    }
  if (!require_login (call))
    return;
  if (video != NULL && !rumble_fake_server_has_stream (svc->server, video))
    {
      service_error (call, SOUP_STATUS_NOT_FOUND, FALSE, "not_found", "Video not found.");
      return;
    }
  if (video != NULL ? !account_moderates (svc, call->token->account, video)
                    : !account_moderates_any (svc, call->token->account))
    {
      permission_error (call);
      return;
    }

  channel = g_str_equal (entity_type, "channel");
  event_stream = video;
  if (event_stream == NULL &&
      rumble_fake_server_has_stream (svc->server, RUMBLE_FAKE_DEFAULT_STREAM))
    event_stream = RUMBLE_FAKE_DEFAULT_STREAM;

  purge_expired_mutes (svc);
  store_mute (svc, name, entity_type, video, type, duration);

  b = json_builder_new ();
  json_builder_begin_object (b);
  add_user_state (b, svc, call_account (call));
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  add_bool_member (b, "success", TRUE);
  add_user_state (b, svc, call_account (call));
  json_builder_end_object (b);
  json_builder_end_object (b);
  respond_builder (call->msg, SOUP_STATUS_OK, b);

  /* Unknown names are accepted (Rumble mutes by name); nothing to announce for them. */
  if (event_stream != NULL &&
      resolve_mute_target (svc, event_stream, name, channel, &user_id, &channel_id))
    push_mute_events (svc, event_stream, user_id, channel_id);
}

static void
handle_unmute (FakeCall *call)
{
  FakeService *svc = call->svc;
  const char *record_str = form_get (call, "record_id");
  gint64 record_id;

  if (!is_decimal (record_str))
    {
      service_error (call, SOUP_STATUS_BAD_REQUEST, FALSE, "missing_field",
                     "A numeric record_id is required.");
      return;
    }
  if (!require_login (call))
    return;

  purge_expired_mutes (svc);
  record_id = g_ascii_strtoll (record_str, NULL, 10);
  for (guint i = 0; i < svc->mutes->len; i++)
    {
      FakeMute *mute = g_ptr_array_index (svc->mutes, i);

      if (mute->record.record_id != record_id)
        continue;

      if (mute->record.stream_id != NULL
          ? !account_moderates (svc, call->token->account, mute->record.stream_id)
          : !account_moderates_any (svc, call->token->account))
        {
          permission_error (call);
          return;
        }

      g_ptr_array_remove_index (svc->mutes, i);
      service_success (call);
      return;
    }

  service_error (call, SOUP_STATUS_NOT_FOUND, FALSE, "not_found", "Mute record not found.");
}

static void
handle_raid_confirm (FakeCall *call)
{
  FakeService *svc = call->svc;
  const char *stream = form_get (call, "video_id");
  g_autoptr(JsonBuilder) event = NULL;
  const char *target;
  gboolean own_stream;

  if (!check_moderated_stream (call, stream))
    return;

  service_success (call);

  target = g_hash_table_lookup (svc->raids, stream);
  own_stream = g_str_equal (stream, RUMBLE_FAKE_DEFAULT_STREAM);

  event = json_builder_new ();
  json_builder_begin_object (event);
  add_string_member (event, "type", "raid_confirmed");
  json_builder_set_member_name (event, "data");
  json_builder_begin_object (event);
  add_string_member (event, "current_channel_name",
                     own_stream ? DEFAULT_OWNER_CHANNEL_NAME
                                : accounts[call->token->account].username);
  add_string_member (event, "current_channel_avatar_url", own_stream ? DEFAULT_OWNER_AVATAR : NULL);
  add_string_member (event, "target_url", target != NULL ? target : DEFAULT_RAID_TARGET);
  add_string_member (event, "target_channel_name", "Northwind");
  add_string_member (event, "target_channel_avatar_url", NULL);
  add_string_member (event, "target_video_title", "Friday night build");
  json_builder_set_member_name (event, "start_ts");
  json_builder_add_int_value (event, g_get_real_time () / G_USEC_PER_SEC + 30);
  json_builder_set_member_name (event, "redirection_steps");
  json_builder_begin_object (event);
  json_builder_set_member_name (event, "0.5");
  json_builder_begin_array (event);
  json_builder_add_int_value (event, 10);
  json_builder_add_int_value (event, 30);
  json_builder_end_array (event);
  json_builder_set_member_name (event, "1");
  json_builder_begin_array (event);
  json_builder_add_int_value (event, 20);
  json_builder_add_int_value (event, 60);
  json_builder_end_array (event);
  json_builder_end_object (event);
  json_builder_end_object (event);
  json_builder_end_object (event);

  g_hash_table_remove (svc->raids, stream);
  push_event (svc, stream, event);
}

static void
add_emote_group (JsonBuilder     *b,
                 FakeService     *svc,
                 gint64           id,
                 const char      *channel_id,
                 const FakeEmote *emotes,
                 guint            n_emotes)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, id);
  json_builder_set_member_name (b, "channel_id");
  if (channel_id != NULL)
    json_builder_add_int_value (b, g_ascii_strtoll (channel_id, NULL, 10));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "emotes");
  json_builder_begin_array (b);
  for (guint i = 0; i < n_emotes; i++)
    {
      g_autofree char *file = g_strconcat (rumble_fake_server_get_url (svc->server),
                                           "/i/emotes/", emotes[i].file, NULL);

      json_builder_begin_object (b);
      add_string_member (b, "name", emotes[i].name);
      add_bool_member (b, "is_subs_only", emotes[i].is_subs_only);
      json_builder_set_member_name (b, "position");
      json_builder_add_int_value (b, i);
      add_string_member (b, "file", file);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
handle_emote_list (FakeCall *call)
{
  FakeService *svc = call->svc;
  const char *chat_id = query_get (call, "chat_id");
  g_autoptr(JsonBuilder) b = NULL;

  if (!is_decimal (chat_id))
    {
      service_error (call, SOUP_STATUS_BAD_REQUEST, FALSE, "missing_field",
                     "A decimal chat_id is required.");
      return;
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  add_user_state (b, svc, call_account (call));
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  add_emote_group (b, svc, 1, NULL, global_emotes, G_N_ELEMENTS (global_emotes));
  if (g_str_equal (chat_id, RUMBLE_FAKE_DEFAULT_STREAM))
    add_emote_group (b, svc, 2, DEFAULT_OWNER_CHANNEL_ID, channel_emotes,
                     G_N_ELEMENTS (channel_emotes));
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  respond_builder (call->msg, SOUP_STATUS_OK, b);
}

typedef struct {
  const char *name;
  const char *method;
  void      (*handler) (FakeCall *call);
} FakeMethod;

static void handle_request_email (FakeCall *call) { handle_request_code (call, FALSE); }
static void handle_request_sms (FakeCall *call) { handle_request_code (call, TRUE); }
static void handle_pin_message (FakeCall *call) { handle_pin (call, TRUE); }
static void handle_unpin_message (FakeCall *call) { handle_pin (call, FALSE); }

static const FakeMethod service_methods[] = {
  { "user.get_salts",                "POST", handle_get_salts },
  { "user.2fa.first_step",           "POST", handle_first_step },
  { "user.login",                    NULL,   handle_login },
  { "user.2fa.request_email_code",   "POST", handle_request_email },
  { "user.2fa.request_sms_code",     "POST", handle_request_sms },
  { "user.2fa.verify_totp",          "POST", handle_verify_totp },
  { "user.logout",                   "GET",  handle_logout },
  { "user.has_unread_notifications", "GET",  handle_has_unread },
  { "chat.message.pin",              "POST", handle_pin_message },
  { "chat.message.unpin",            "POST", handle_unpin_message },
  { "moderation.mute",               "POST", handle_mute },
  { "moderation.unmute",             "POST", handle_unmute },
  { "raid.confirm",                  "POST", handle_raid_confirm },
  { "emote.list",                    "GET",  handle_emote_list },
};

static void
handle_service (FakeCall *call)
{
  const FakeMethod *method = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (service_methods); i++)
    if (g_strcmp0 (service_methods[i].name, call->endpoint) == 0)
      method = &service_methods[i];

  if (method == NULL)
    {
      service_error (call, SOUP_STATUS_BAD_REQUEST, FALSE, "unknown_method", "Unknown method.");
      return;
    }

  if (method->method != NULL && !g_str_equal (method->method, call->method))
    {
      service_error (call, SOUP_STATUS_METHOD_NOT_ALLOWED, FALSE, "method",
                     "This method is not allowed here.");
      return;
    }

  method->handler (call);

  /* Rumble extends sessions by re-sending the cookie now and then (PROTOCOL.md §1.6). */
  if (call->token != NULL && !call->logged_out &&
      g_str_equal (call->endpoint, "user.has_unread_notifications") &&
      g_get_monotonic_time () - call->token->issued_us > RENEW_AFTER_US)
    call->svc->renew_next = TRUE;
}

/* ---- Chat host routes ---- */

static void
add_cors_headers (FakeCall *call)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (call->msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (call->msg);
  const char *origin = soup_message_headers_get_one (request, "Origin");

  if (origin == NULL || strlen (origin) > 256)
    origin = "https://rumble.com";
  soup_message_headers_replace (response, "Access-Control-Allow-Origin", origin);
  soup_message_headers_replace (response, "Access-Control-Allow-Credentials", "true");
  soup_message_headers_replace (response, "Vary", "Origin");
}

static void
handle_options (FakeCall *call)
{
  SoupMessageHeaders *response = soup_server_message_get_response_headers (call->msg);

  add_cors_headers (call);
  soup_message_headers_replace (response, "Access-Control-Allow-Methods",
                                "GET, POST, DELETE, OPTIONS");
  soup_message_headers_replace (response, "Access-Control-Allow-Headers", "content-type");
  soup_message_headers_replace (response, "Access-Control-Max-Age", "600");
  respond_text (call->msg, SOUP_STATUS_OK, "text/plain", "", 0);
}

static gboolean
json_object_has_exactly (JsonObject         *object,
                         const char * const *members)
{
  guint n = 0;

  for (; members[n] != NULL; n++)
    if (!json_object_has_member (object, members[n]))
      return FALSE;

  return json_object_get_size (object) == n;
}

static gboolean
node_is_null (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_NULL (node);
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_int (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_INT64;
}

static void
handle_send (FakeCall *call)
{
  static const char * const root_members[] = { "data", NULL };
  static const char * const data_members[] = {
    "request_id", "message", "rant", "channel_id", NULL
  };
  static const char * const message_members[] = { "text", NULL };
  FakeService *svc = call->svc;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (call->msg);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autofree char *user_json = NULL;
  g_autofree char *channel_json = NULL;
  g_autofree char *channel_id = NULL;
  g_autofree char *new_id = NULL;
  const FakeAccount *account;
  const char *content_type;
  const char *request_id;
  const char *text;
  JsonNode *root;
  JsonObject *data;
  JsonObject *message;
  JsonNode *channel_node;

  add_cors_headers (call);

  if (!rumble_fake_server_has_stream (svc->server, call->stream))
    {
      chat_error (call, SOUP_STATUS_NOT_FOUND, "not_found", "Chat not found.");
      return;
    }
  if (call->token == NULL)
    {
      chat_error (call, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "You must be logged in to chat.");
      return;
    }
  account = &accounts[call->token->account];

  content_type = soup_message_headers_get_content_type (request, NULL);
  if (g_strcmp0 (content_type, "application/json") != 0)
    {
      chat_error (call, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                  "The request body must be JSON (Content-Type: application/json).");
      return;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (call->msg));
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                   g_bytes_get_size (body), NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_exactly (json_node_get_object (root), root_members) ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (root), "data")))
    {
      chat_error (call, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                  "The body must be {\"data\": {request_id, message, rant, channel_id}}.");
      return;
    }

  data = json_object_get_object_member (json_node_get_object (root), "data");
  if (!json_object_has_exactly (data, data_members) ||
      !node_is_string (json_object_get_member (data, "request_id")) ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (data, "message")) ||
      !node_is_null (json_object_get_member (data, "rant")) ||
      !(node_is_null (json_object_get_member (data, "channel_id")) ||
        node_is_int (json_object_get_member (data, "channel_id"))))
    {
      chat_error (call, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                  "data must hold exactly request_id (string), message (object), rant (null) "
                  "and channel_id (null or integer).");
      return;
    }

  message = json_object_get_object_member (data, "message");
  if (!json_object_has_exactly (message, message_members) ||
      !node_is_string (json_object_get_member (message, "text")))
    {
      chat_error (call, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                  "message must hold exactly a text string.");
      return;
    }

  request_id = json_object_get_string_member (data, "request_id");
  if (*request_id == '\0' || strlen (request_id) > MAX_REQUEST_ID_LEN)
    {
      chat_error (call, SOUP_STATUS_BAD_REQUEST, "invalid_request", "Invalid request_id.");
      return;
    }

  text = json_object_get_string_member (message, "text");
  if (!g_utf8_validate (text, -1, NULL))
    {
      chat_error (call, SOUP_STATUS_BAD_REQUEST, "invalid_request", "The text is not valid UTF-8.");
      return;
    }
  {
    g_autofree char *stripped = g_strstrip (g_strdup (text));

    if (*stripped == '\0')
      {
        chat_error (call, SOUP_STATUS_BAD_REQUEST, "empty", "The message is empty.");
        return;
      }
  }
  if (g_utf8_strlen (text, -1) > MAX_TEXT_CHARS)
    {
      chat_error (call, SOUP_STATUS_BAD_REQUEST, "too_long",
                  "The message is longer than 200 characters.");
      return;
    }

  channel_node = json_object_get_member (data, "channel_id");
  if (node_is_int (channel_node))
    {
      channel_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (channel_node));
      if (account->channel_id == NULL || !g_str_equal (channel_id, account->channel_id))
        {
          chat_error (call, SOUP_STATUS_FORBIDDEN, "channel",
                      "You cannot post as this channel.");
          return;
        }
    }

  if (account_is_muted (svc, account, channel_id != NULL, call->stream))
    {
      chat_error (call, SOUP_STATUS_BAD_REQUEST, "muted", "You are muted in this chat.");
      return;
    }

  user_json = account_user_json (account);
  if (channel_id != NULL)
    channel_json = account_channel_json (account);

  new_id = rumble_fake_server_post_as (svc->server, call->stream, user_json, channel_id,
                                       channel_json, text, request_id);
  if (new_id == NULL)
    {
      chat_error (call, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                  "The message was not posted.");
      return;
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  add_string_member (b, "id", new_id);
  json_builder_set_member_name (b, "user");
  {
    g_autoptr(JsonNode) user = json_from_string (user_json, NULL);

    json_builder_add_value (b, g_steal_pointer (&user));
  }
  json_builder_end_object (b);
  json_builder_end_object (b);
  respond_builder (call->msg, SOUP_STATUS_OK, b);
}

static void
handle_delete (FakeCall *call)
{
  FakeService *svc = call->svc;
  const RumbleFakeMessage *m;
  g_autoptr(JsonBuilder) event = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  const FakeAccount *account;

  add_cors_headers (call);

  if (!rumble_fake_server_has_stream (svc->server, call->stream))
    {
      chat_error (call, SOUP_STATUS_NOT_FOUND, "not_found", "Chat not found.");
      return;
    }
  if (call->token == NULL)
    {
      chat_error (call, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "You must be logged in.");
      return;
    }
  account = &accounts[call->token->account];

  m = NULL;
  if (is_decimal (call->message_id))
    m = find_live_message (svc, call->stream, call->message_id);
  if (m == NULL)
    {
      chat_error (call, SOUP_STATUS_NOT_FOUND, "not_found", "Message not found.");
      return;
    }

  if (!account_moderates (svc, call->token->account, call->stream) &&
      g_strcmp0 (m->user_id, account->user_id) != 0)
    {
      chat_error (call, SOUP_STATUS_FORBIDDEN, "permission",
                  "You do not have permission to moderate this chat.");
      return;
    }

  event = json_builder_new ();
  json_builder_begin_object (event);
  add_string_member (event, "type", "delete_messages");
  json_builder_set_member_name (event, "data");
  json_builder_begin_object (event);
  json_builder_set_member_name (event, "message_ids");
  json_builder_begin_array (event);
  json_builder_add_string_value (event, m->id);
  json_builder_end_array (event);
  json_builder_end_object (event);
  json_builder_end_object (event);

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  add_bool_member (b, "success", TRUE);
  json_builder_end_object (b);
  json_builder_end_object (b);
  respond_builder (call->msg, SOUP_STATUS_OK, b);

  push_event (svc, call->stream, event);
}

/* ---- rumble.com routes ---- */

static void
command_success (FakeCall *call)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  add_bool_member (b, "success", TRUE);
  json_builder_end_object (b);
  json_builder_end_object (b);
  respond_builder (call->msg, SOUP_STATUS_OK, b);
}

static void
handle_command (FakeCall *call)
{
  FakeService *svc = call->svc;
  const char *stream = form_get (call, "video_id");
  const char *text = form_get (call, "message");

  if (!g_str_equal (call->method, "POST"))
    {
      chat_error (call, SOUP_STATUS_METHOD_NOT_ALLOWED, "method", "Use POST.");
      return;
    }
  if (!is_decimal (stream) || text == NULL)
    {
      chat_error (call, SOUP_STATUS_BAD_REQUEST, "missing_field",
                  "The fields video_id (decimal) and message are required.");
      return;
    }
  if (call->token == NULL)
    {
      chat_error (call, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "You must be logged in.");
      return;
    }
  if (!rumble_fake_server_has_stream (svc->server, stream))
    {
      chat_error (call, SOUP_STATUS_NOT_FOUND, "not_found", "Chat not found.");
      return;
    }
  if (text[0] != '/' || text[1] == '\0' || g_ascii_isspace (text[1]))
    {
      chat_error (call, SOUP_STATUS_BAD_REQUEST, "invalid_command", "Commands start with \"/\".");
      return;
    }

  if (g_str_has_prefix (text, "/raid") && (text[5] == '\0' || g_ascii_isspace (text[5])))
    {
      g_autofree char *target = g_strstrip (g_strdup (text + 5));

      if (*target == '\0' || strlen (target) > 2048)
        {
          chat_error (call, SOUP_STATUS_BAD_REQUEST, "invalid_command", "Usage: /raid URL");
          return;
        }
      if (!account_moderates (svc, call->token->account, stream))
        {
          chat_error (call, SOUP_STATUS_FORBIDDEN, "permission",
                      "You do not have permission to moderate this chat.");
          return;
        }
      g_hash_table_replace (svc->raids, g_strdup (stream), g_steal_pointer (&target));
    }

  command_success (call);
}

static void
respond_html (SoupServerMessage *msg,
              const char        *html)
{
  respond_text (msg, SOUP_STATUS_OK, "text/html; charset=UTF-8", html, strlen (html));
}

static void
redirect_to (FakeCall   *call,
             const char *path)
{
  g_autofree char *url = g_strconcat (rumble_fake_server_get_url (call->svc->server), path, NULL);

  soup_server_message_set_redirect (call->msg, SOUP_STATUS_FOUND, url);
}

static void
handle_login_php (FakeCall *call)
{
  if (!g_str_equal (call->method, "GET"))
    {
      respond_text (call->msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "text/plain", "", 0);
      return;
    }

  redirect_to (call, call->token != NULL ? "/" : "/auth.rumble.com/login");
}

static void
handle_front (FakeCall *call)
{
  respond_html (call->msg,
                "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                "<title>Rumble</title></head>\n"
                "<body><h1>Rumble</h1><p>Welcome back.</p></body></html>\n");
}

static void
handle_auth_page (FakeCall *call)
{
  respond_html (call->msg,
                "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                "<title>Login - Rumble</title></head>\n"
                "<body><h1>Login</h1><form method=\"post\" action=\"/login.php\">"
                "<input name=\"username\"><input name=\"password\" type=\"password\">"
                "<button type=\"submit\">Sign in</button></form></body></html>\n");
}

static void
handle_muting (FakeCall *call)
{
  FakeService *svc = call->svc;
  const char *pg = query_get (call, "pg");
  g_autoptr(GString) html = g_string_new (NULL);
  gint64 page = 1;
  guint64 first;
  guint n_pages;

  if (!g_str_equal (call->method, "GET"))
    {
      respond_text (call->msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "text/plain", "", 0);
      return;
    }
  if (call->token == NULL)
    {
      redirect_to (call, "/auth.rumble.com/login");
      return;
    }

  if (is_decimal (pg) && strlen (pg) < 9)
    page = MAX (1, g_ascii_strtoll (pg, NULL, 10));

  purge_expired_mutes (svc);
  n_pages = (svc->mutes->len + MUTES_PER_PAGE - 1) / MUTES_PER_PAGE;

  g_string_append (html,
                   "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                   "<title>Muted users - Rumble</title></head>\n<body>\n"
                   "<h1>Muted users</h1>\n<table class=\"muted-users\">\n"
                   "<tr><th>Name</th><th>Type</th><th>Scope</th><th></th></tr>\n");

  first = (guint64) (page - 1) * MUTES_PER_PAGE;
  for (guint64 i = first; i < svc->mutes->len && i < first + MUTES_PER_PAGE; i++)
    {
      const FakeMute *mute = g_ptr_array_index (svc->mutes, i);
      g_autofree char *name = g_markup_escape_text (mute->record.username, -1);

      g_string_append_printf (html,
                              "<tr><td>%s</td><td>%s</td><td>%s</td><td>"
                              "<button class=\"unmute_action button-small\" data-username=\"%s\" "
                              "data-record-id=\"%" G_GINT64_FORMAT "\">Unmute</button></td></tr>\n",
                              name, mute->record.entity_type,
                              g_str_equal (mute->record.type, "total")
                                ? "All videos" : "This video",
                              name, mute->record.record_id);
    }

  g_string_append (html, "</table>\n<div class=\"paginator\">");
  if (page > 1)
    g_string_append_printf (html, "<a href=\"?pg=%" G_GINT64_FORMAT "\">Previous</a> ", page - 1);
  if ((guint64) page <= n_pages)
    g_string_append_printf (html, "<a href=\"?pg=%" G_GINT64_FORMAT "\">Next</a>", page + 1);
  g_string_append (html, "</div>\n</body></html>\n");

  respond_html (call->msg, html->str);
}

static void
handle_emote_image (FakeCall *call)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (call->msg));
  const char *file = path + strlen ("/i/emotes/");

  /* Faces: gold for Rumble's global emotes, a colour of its own for each channel emote. */
  static const guint32 channel_colors[] = { 0x33d17a, 0xe66100 };
  guint32 color = 0;

  for (guint i = 0; i < G_N_ELEMENTS (global_emotes); i++)
    if (g_str_equal (file, global_emotes[i].file))
      color = 0xf6d32d;
  for (guint i = 0; i < G_N_ELEMENTS (channel_emotes); i++)
    if (g_str_equal (file, channel_emotes[i].file))
      color = channel_colors[i % G_N_ELEMENTS (channel_colors)];

  if (color != 0)
    {
      g_autoptr(GBytes) png = rumble_fake_server_make_emote_png (color);
      gsize len;
      const char *data = g_bytes_get_data (png, &len);

      respond_text (call->msg, SOUP_STATUS_OK, "image/png", data, len);
      return;
    }

  respond_text (call->msg, SOUP_STATUS_NOT_FOUND, "text/plain", "not found", 9);
}

/* ---- Dispatch ---- */

typedef enum {
  ROUTE_NONE,
  ROUTE_SERVICE,
  ROUTE_LOGIN_PHP,
  ROUTE_FRONT,
  ROUTE_AUTH_PAGE,
  ROUTE_COMMAND,
  ROUTE_MUTING,
  ROUTE_EMOTE_IMAGE,
  ROUTE_CHAT_OPTIONS,
  ROUTE_CHAT_SEND,
  ROUTE_CHAT_DELETE,
  ROUTE_CHAT_BAD_METHOD,
} FakeRoute;

/* /chat/api/chat/{id}/message[/{mid}] */
static FakeRoute
route_chat (const char  *path,
            const char  *method,
            char       **stream,
            char       **message_id)
{
  g_auto(GStrv) parts = NULL;
  guint n;

  if (!g_str_has_prefix (path, "/chat/api/chat/"))
    return ROUTE_NONE;

  parts = g_strsplit (path + strlen ("/chat/api/chat/"), "/", 4);
  n = g_strv_length (parts);
  if (n < 2 || n > 3 || !g_str_equal (parts[1], "message") || !is_decimal (parts[0]))
    return ROUTE_NONE;
  if (n == 3 && parts[2][0] == '\0')
    return ROUTE_NONE;

  *stream = g_strdup (parts[0]);
  if (n == 3)
    *message_id = g_strdup (parts[2]);

  if (g_str_equal (method, "OPTIONS"))
    return ROUTE_CHAT_OPTIONS;
  if (n == 2 && g_str_equal (method, "POST"))
    return ROUTE_CHAT_SEND;
  if (n == 3 && g_str_equal (method, "DELETE"))
    return ROUTE_CHAT_DELETE;
  return ROUTE_CHAT_BAD_METHOD;
}

static FakeRoute
route_request (const char  *path,
               const char  *method,
               char       **stream,
               char       **message_id)
{
  FakeRoute route;

  if (g_str_equal (path, "/service.php"))
    return ROUTE_SERVICE;
  if (g_str_equal (path, "/login.php"))
    return ROUTE_LOGIN_PHP;
  if (g_str_equal (path, "/") && g_str_equal (method, "GET"))
    return ROUTE_FRONT;
  if (g_str_has_prefix (path, "/auth.rumble.com/") && g_str_equal (method, "GET"))
    return ROUTE_AUTH_PAGE;
  if (g_str_equal (path, "/chat/command"))
    return ROUTE_COMMAND;
  if (g_str_equal (path, "/account/moderation/muting") ||
      g_str_equal (path, "/account/moderation/muting/"))
    return ROUTE_MUTING;
  if (g_str_has_prefix (path, "/i/emotes/") && g_str_equal (method, "GET"))
    return ROUTE_EMOTE_IMAGE;

  route = route_chat (path, method, stream, message_id);
  return route;
}

static const char *
route_endpoint (FakeRoute   route,
                GHashTable *query)
{
  const char *name;

  switch (route)
    {
    case ROUTE_SERVICE:
      name = query != NULL ? g_hash_table_lookup (query, "name") : NULL;
      return name != NULL ? name : "";
    case ROUTE_LOGIN_PHP:       return "login.php";
    case ROUTE_FRONT:           return "front";
    case ROUTE_AUTH_PAGE:       return "auth";
    case ROUTE_COMMAND:         return "command";
    case ROUTE_MUTING:          return "muting";
    case ROUTE_EMOTE_IMAGE:     return "emote.image";
    case ROUTE_CHAT_OPTIONS:    return "options";
    case ROUTE_CHAT_SEND:       return "send";
    case ROUTE_CHAT_DELETE:     return "delete";
    case ROUTE_CHAT_BAD_METHOD: return "chat";
    case ROUTE_NONE:
    default:
      return NULL;
    }
}

static FakeFault *
take_fault (FakeService *svc,
            const char  *endpoint)
{
  for (GList *l = svc->faults.head; l != NULL; l = l->next)
    {
      FakeFault *fault = l->data;

      if (g_str_equal (fault->endpoint, endpoint))
        {
          g_queue_delete_link (&svc->faults, l);
          return fault;
        }
    }
  return NULL;
}

static void
apply_fault (SoupServerMessage *msg,
             const FakeFault   *fault)
{
  const char *body = fault->body != NULL ? fault->body : "";
  const char *content_type = body[0] == '<' ? "text/html; charset=UTF-8" : "application/json";

  respond_text (msg, fault->status, content_type, body, strlen (body));
  if (fault->header_name != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  fault->header_name,
                                  fault->header_value != NULL ? fault->header_value : "");
}

/* Decodes an urlencoded body into call->form; FALSE when a POST body is not a form. */
static gboolean
parse_form_body (FakeCall *call)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (call->msg);
  SoupMessageBody *body = soup_server_message_get_request_body (call->msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;

  /* The chat host's send route takes JSON, checked by its handler. */
  if (body->length == 0 || g_str_equal (call->endpoint, "send"))
    return TRUE;
  if (g_strcmp0 (content_type, "application/x-www-form-urlencoded") != 0)
    return FALSE;

  bytes = soup_message_body_flatten (body);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  call->form = soup_form_decode (text);
  return TRUE;
}

static void
dispatch (FakeCall  *call,
          FakeRoute  route)
{
  switch (route)
    {
    case ROUTE_SERVICE:         handle_service (call); break;
    case ROUTE_LOGIN_PHP:       handle_login_php (call); break;
    case ROUTE_FRONT:           handle_front (call); break;
    case ROUTE_AUTH_PAGE:       handle_auth_page (call); break;
    case ROUTE_COMMAND:         handle_command (call); break;
    case ROUTE_MUTING:          handle_muting (call); break;
    case ROUTE_EMOTE_IMAGE:     handle_emote_image (call); break;
    case ROUTE_CHAT_OPTIONS:    handle_options (call); break;
    case ROUTE_CHAT_SEND:       handle_send (call); break;
    case ROUTE_CHAT_DELETE:     handle_delete (call); break;
    case ROUTE_CHAT_BAD_METHOD:
      add_cors_headers (call);
      chat_error (call, SOUP_STATUS_METHOD_NOT_ALLOWED, "method", "Method not allowed.");
      break;
    case ROUTE_NONE:
    default:
      g_assert_not_reached ();
    }
}

static void
on_request_read (SoupServer        *soup,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  FakeService *svc = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  const char *path = g_uri_get_path (uri);
  const char *query = g_uri_get_query (uri);
  g_autofree char *stream = NULL;
  g_autofree char *message_id = NULL;
  FakeCall call = { 0 };
  FakeFault *fault;
  FakeRoute route;

  if (soup_server_message_get_status (msg) != 0 || path == NULL)
    return;

  route = route_request (path, soup_server_message_get_method (msg), &stream, &message_id);
  if (route == ROUTE_NONE)
    return;

  call.svc = svc;
  call.msg = msg;
  call.method = soup_server_message_get_method (msg);
  call.stream = stream;
  call.message_id = message_id;
  call.query = query != NULL ? soup_form_decode (query) : NULL;
  call.endpoint = route_endpoint (route, call.query);
  call.token_str = request_session_cookie (msg);
  call.token = call.token_str != NULL ? g_hash_table_lookup (svc->tokens, call.token_str) : NULL;

  fault = take_fault (svc, call.endpoint);
  if (fault != NULL && fault->stall)
    {
      /* Never answer: the client's own deadline has to fire. */
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_pause (msg);
      g_ptr_array_add (svc->stalled, g_object_ref (msg));
      g_signal_connect (msg, "finished", G_CALLBACK (on_stalled_finished), svc);
    }
  else if (fault != NULL && !fault->after_action)
    {
      apply_fault (msg, fault);
    }
  else if (soup_server_message_get_request_body (msg)->length > MAX_REQUEST_BODY)
    {
      respond_text (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "text/plain", "", 0);
    }
  else if (!parse_form_body (&call))
    {
      if (route == ROUTE_SERVICE)
        service_error (&call, SOUP_STATUS_BAD_REQUEST, FALSE, "content_type",
                       "Form fields must be sent as application/x-www-form-urlencoded.");
      else
        chat_error (&call, SOUP_STATUS_BAD_REQUEST, "content_type",
                    "Form fields must be sent as application/x-www-form-urlencoded.");
    }
  else
    {
      dispatch (&call, route);

      if (fault != NULL)
        apply_fault (msg, fault);

      if (call.token != NULL && !call.logged_out && svc->renew_next)
        {
          const char *fresh = issue_token (svc, call.token->account, call.token->session);

          svc->renew_next = FALSE;
          set_session_cookie (msg, fresh);
        }
    }

  if (fault != NULL)
    fake_fault_free (fault);
  g_clear_pointer (&call.query, g_hash_table_unref);
  g_clear_pointer (&call.form, g_hash_table_unref);
  g_free (call.token_str);
}

/* ---- Seam with the core ---- */

void
rumble_fake_service_install (RumbleFakeServer *self,
                             SoupServer       *soup)
{
  FakeService *svc;

  g_return_if_fail (RUMBLE_IS_FAKE_SERVER (self));
  g_return_if_fail (SOUP_IS_SERVER (soup));

  svc = rumble_fake_server_get_service_data (self);
  if (svc == NULL)
    {
      svc = g_new0 (FakeService, 1);
      svc->server = self;
      svc->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      svc->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) fake_pending_free);
      svc->moderation = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      svc->pinned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      svc->raids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      svc->mutes = g_ptr_array_new_with_free_func ((GDestroyNotify) fake_mute_free);
      svc->next_record_id = FIRST_MUTE_RECORD_ID;
      g_queue_init (&svc->faults);
      svc->stalled = g_ptr_array_new_with_free_func (g_object_unref);
      rumble_fake_server_set_service_data (self, svc, fake_service_free);
    }

  fake_service_disconnect (svc);
  svc->soup = g_object_ref (soup);
  svc->request_read_id = g_signal_connect (soup, "request-read", G_CALLBACK (on_request_read), svc);
}

void
rumble_fake_service_uninstall (RumbleFakeServer *self)
{
  FakeService *svc = get_service (self);

  if (svc != NULL)
    fake_service_disconnect (svc);
}

gboolean
rumble_fake_service_can_moderate (RumbleFakeServer *self,
                                  const char       *token,
                                  const char       *stream_id_b10)
{
  FakeService *svc = get_service (self);
  FakeToken *t;

  if (svc == NULL || token == NULL || stream_id_b10 == NULL)
    return FALSE;

  t = g_hash_table_lookup (svc->tokens, token);
  return t != NULL && account_moderates (svc, t->account, stream_id_b10);
}

/* ---- Test hooks ---- */

static void
queue_fault (RumbleFakeServer *self,
             FakeFault        *fault)
{
  FakeService *svc = get_service (self);

  if (svc == NULL)
    {
      g_critical ("%s: the service part is not installed", G_STRFUNC);
      fake_fault_free (fault);
      return;
    }
  g_queue_push_tail (&svc->faults, fault);
}

void
rumble_fake_service_fail_next (RumbleFakeServer *self,
                               const char       *endpoint,
                               guint             status,
                               const char       *body,
                               const char       *header_name,
                               const char       *header_value)
{
  FakeFault *fault;

  g_return_if_fail (endpoint != NULL);
  g_return_if_fail (status >= 100 && status < 600);

  fault = g_new0 (FakeFault, 1);
  fault->endpoint = g_strdup (endpoint);
  fault->status = status;
  fault->body = g_strdup (body);
  fault->header_name = g_strdup (header_name);
  fault->header_value = g_strdup (header_value);
  queue_fault (self, fault);
}

void
rumble_fake_service_fail_next_after_action (RumbleFakeServer *self,
                                            const char       *endpoint,
                                            guint             status,
                                            const char       *body)
{
  FakeFault *fault;

  g_return_if_fail (endpoint != NULL);
  g_return_if_fail (status >= 100 && status < 600);

  fault = g_new0 (FakeFault, 1);
  fault->endpoint = g_strdup (endpoint);
  fault->status = status;
  fault->body = g_strdup (body);
  fault->after_action = TRUE;
  queue_fault (self, fault);
}

void
rumble_fake_service_stall_next (RumbleFakeServer *self,
                                const char       *endpoint)
{
  FakeFault *fault;

  g_return_if_fail (endpoint != NULL);

  fault = g_new0 (FakeFault, 1);
  fault->endpoint = g_strdup (endpoint);
  fault->status = SOUP_STATUS_OK;
  fault->stall = TRUE;
  queue_fault (self, fault);
}

void
rumble_fake_service_clear_faults (RumbleFakeServer *self)
{
  FakeService *svc = get_service (self);

  if (svc != NULL)
    g_queue_clear_full (&svc->faults, (GDestroyNotify) fake_fault_free);
}

void
rumble_fake_service_expire_user_keys (RumbleFakeServer *self)
{
  FakeService *svc = get_service (self);
  GHashTableIter iter;
  gpointer value;

  if (svc == NULL)
    return;

  g_hash_table_iter_init (&iter, svc->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((FakePending *) value)->expired = TRUE;
}

void
rumble_fake_service_renew_next (RumbleFakeServer *self)
{
  FakeService *svc = get_service (self);

  if (svc != NULL)
    svc->renew_next = TRUE;
}

char *
rumble_fake_service_dup_latest_token (RumbleFakeServer *self)
{
  FakeService *svc = get_service (self);

  return svc != NULL ? g_strdup (svc->latest_token) : NULL;
}

guint
rumble_fake_service_get_n_tokens (RumbleFakeServer *self)
{
  FakeService *svc = get_service (self);

  return svc != NULL ? g_hash_table_size (svc->tokens) : 0;
}

gboolean
rumble_fake_service_token_is_valid (RumbleFakeServer *self,
                                    const char       *token)
{
  FakeService *svc = get_service (self);

  return svc != NULL && token != NULL && g_hash_table_contains (svc->tokens, token);
}

char *
rumble_fake_service_login (RumbleFakeServer *self,
                           const char       *username)
{
  FakeService *svc = get_service (self);
  guint index = 0;

  if (svc == NULL || find_account (username, &index) == NULL)
    return NULL;

  return g_strdup (new_session (svc, index));
}

gint64
rumble_fake_service_add_mute_record (RumbleFakeServer *self,
                                     const char       *username,
                                     const char       *entity_type,
                                     const char       *stream_id_b10,
                                     const char       *type)
{
  FakeService *svc = get_service (self);

  g_return_val_if_fail (username != NULL, 0);

  if (svc == NULL)
    return 0;

  return store_mute (svc, username,
                     entity_type != NULL ? entity_type : "user",
                     stream_id_b10,
                     type != NULL ? type : "total",
                     0)->record.record_id;
}

GPtrArray *
rumble_fake_service_get_mute_records (RumbleFakeServer *self)
{
  FakeService *svc = get_service (self);
  GPtrArray *records;

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) rumble_fake_mute_record_free);

  if (svc == NULL)
    return records;

  purge_expired_mutes (svc);
  for (guint i = 0; i < svc->mutes->len; i++)
    {
      const FakeMute *mute = g_ptr_array_index (svc->mutes, i);
      RumbleFakeMuteRecord *copy = g_new0 (RumbleFakeMuteRecord, 1);

      copy->record_id = mute->record.record_id;
      copy->username = g_strdup (mute->record.username);
      copy->entity_type = g_strdup (mute->record.entity_type);
      copy->stream_id = g_strdup (mute->record.stream_id);
      copy->type = g_strdup (mute->record.type);
      copy->duration = mute->record.duration;
      g_ptr_array_add (records, copy);
    }

  return records;
}

void
rumble_fake_service_set_moderator (RumbleFakeServer *self,
                                   const char       *username,
                                   const char       *stream_id_b10,
                                   gboolean          moderator)
{
  FakeService *svc = get_service (self);
  guint index = 0;

  g_return_if_fail (stream_id_b10 != NULL);

  if (svc == NULL)
    return;
  if (find_account (username, &index) == NULL)
    {
      g_critical ("%s: no account named %s", G_STRFUNC, username);
      return;
    }

  g_hash_table_replace (svc->moderation, moderation_key (index, stream_id_b10),
                        GINT_TO_POINTER (moderator ? 1 : 2));
}

char *
rumble_fake_service_dup_pinned (RumbleFakeServer *self,
                                const char       *stream_id_b10)
{
  FakeService *svc = get_service (self);

  g_return_val_if_fail (stream_id_b10 != NULL, NULL);

  return svc != NULL ? g_strdup (g_hash_table_lookup (svc->pinned, stream_id_b10)) : NULL;
}

