/* rumble-fake-service-private.h — the fake's service part, shared by its units
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The state of the service.php side and the calls its units share: dispatch in
 * rumble-fake-service.c, answers in rumble-fake-replies.c, accounts, login, mutes,
 * moderation, the chat host's routes and the emote catalogue in their own units.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rumble-fake-private.h"

G_BEGIN_DECLS

/* The owner of the default stream (tests/data/sse_init.json). */
#define DEFAULT_OWNER_CHANNEL_ID   "5512345"
#define DEFAULT_OWNER_CHANNEL_NAME "CedarHollow"
#define DEFAULT_OWNER_AVATAR       "https://ak2.rmbl.ws/z0/C/h/9/z/Ch9zT.baa-CedarHollow-t9u8v7.png"
#define DEFAULT_RAID_TARGET        "https://rumble.com/v4abcde-friday-night-build.html"

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

extern const FakeAccount rumble_fake_accounts[];
extern const guint       rumble_fake_n_accounts;

typedef struct {
  guint   account;      /* index into rumble_fake_accounts[] */
  guint64 session;      /* shared by a login and all its renewals */
  gint64  issued_us;    /* monotonic time */
} FakeToken;

typedef struct {
  guint     account;
  char     *totp_id;
  gboolean  expired;
} FakePending;

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

/* Accounts and moderators (rumble-fake-accounts.c). */
const FakeAccount *rumble_fake_account_find    (const char        *username,
                                                guint             *index);
gboolean    rumble_fake_account_password_matches (const FakeAccount *account,
                                                const char        *hashes);
/* "_" and the user id in base 36. */
char       *rumble_fake_account_public_id      (const FakeAccount *account);
gboolean    rumble_fake_account_moderates      (FakeService       *svc,
                                                guint              account,
                                                const char        *stream);
gboolean    rumble_fake_account_moderates_any  (FakeService       *svc,
                                                guint              account);
/* The chat user / channel object of the account, as JSON text. */
char       *rumble_fake_account_user_json      (const FakeAccount *account);
char       *rumble_fake_account_channel_json   (const FakeAccount *account);

/* Answers (rumble-fake-replies.c). */
void        rumble_fake_respond_text           (SoupServerMessage *msg,
                                                guint              status,
                                                const char        *content_type,
                                                const char        *body,
                                                gsize              len);
void        rumble_fake_respond_builder        (SoupServerMessage *msg,
                                                guint              status,
                                                JsonBuilder       *builder);
void        rumble_fake_respond_html           (SoupServerMessage *msg,
                                                const char        *html);
/* 302 to @path on the site base. */
void        rumble_fake_call_redirect          (FakeCall          *call,
                                                const char        *path);
/* The top-level `user` object of every service.php answer (PROTOCOL.md §4.1). */
void        rumble_fake_add_user_state         (JsonBuilder       *b,
                                                FakeService       *svc,
                                                const FakeAccount *account);
/* The account of the call's live session, or NULL. */
const FakeAccount *rumble_fake_call_account    (FakeCall          *call);
/* The `errors` member: one error of @code and @message (with `type: "error"`). */
void        rumble_fake_add_errors             (JsonBuilder       *b,
                                                const char        *code,
                                                const char        *message,
                                                gboolean           with_type);
/* A service.php failure: `user`, optional `data.success: false`, `errors[]`. */
void        rumble_fake_service_error          (FakeCall          *call,
                                                guint              status,
                                                gboolean           with_data,
                                                const char        *code,
                                                const char        *message);
/* `user` and `data: {@name: @value}`, 200. */
void        rumble_fake_service_answer_flag    (FakeCall          *call,
                                                const char        *name,
                                                gboolean           value);
void        rumble_fake_service_success        (FakeCall          *call);
void        rumble_fake_chat_success           (FakeCall          *call);
/* A chat host failure (PROTOCOL.md §3.2): `{"errors":[{code, message, type}]}`. */
void        rumble_fake_chat_error             (FakeCall          *call,
                                                guint              status,
                                                const char        *code,
                                                const char        *message);
/* Sends the event @b built to the stream. */
void        rumble_fake_service_push_event     (FakeService       *svc,
                                                const char        *stream,
                                                JsonBuilder       *b);
const char *rumble_fake_call_form              (FakeCall          *call,
                                                const char        *name);
const char *rumble_fake_call_query             (FakeCall          *call,
                                                const char        *name);
gboolean    rumble_fake_is_decimal             (const char        *s);
gboolean    rumble_fake_nonempty               (const char        *s);
/* FALSE (and the error answered) when the call has no live session. */
gboolean    rumble_fake_call_require_login     (FakeCall          *call);
void        rumble_fake_call_permission_error  (FakeCall          *call);

/* The service state (rumble-fake-service.c). */
FakeService *rumble_fake_service_get           (RumbleFakeServer  *self);

/* Login and sessions (rumble-fake-login.c). */
const char *rumble_fake_service_issue_token    (FakeService       *svc,
                                                guint              account,
                                                guint64            session);
void        rumble_fake_set_session_cookie     (SoupServerMessage *msg,
                                                const char        *token);
void        rumble_fake_pending_free           (FakePending       *pending);
void        rumble_fake_handle_get_salts       (FakeCall          *call);
void        rumble_fake_handle_first_step      (FakeCall          *call);
void        rumble_fake_handle_login           (FakeCall          *call);
void        rumble_fake_handle_request_email   (FakeCall          *call);
void        rumble_fake_handle_request_sms     (FakeCall          *call);
void        rumble_fake_handle_verify_totp     (FakeCall          *call);
void        rumble_fake_handle_logout          (FakeCall          *call);
void        rumble_fake_handle_has_unread      (FakeCall          *call);
void        rumble_fake_handle_login_php       (FakeCall          *call);
void        rumble_fake_handle_front           (FakeCall          *call);
void        rumble_fake_handle_auth_page       (FakeCall          *call);

/* Mute records (rumble-fake-mutes.c). */
void        rumble_fake_mute_free              (FakeMute          *mute);
gboolean    rumble_fake_account_is_muted       (FakeService       *svc,
                                                const FakeAccount *account,
                                                gboolean           as_channel,
                                                const char        *stream);
void        rumble_fake_handle_mute            (FakeCall          *call);
void        rumble_fake_handle_unmute          (FakeCall          *call);
void        rumble_fake_handle_muting          (FakeCall          *call);

/* Pins, raids, commands (rumble-fake-moderation.c). */
/* The stream's message @message_id unless it was deleted, or NULL. */
const RumbleFakeMessage *rumble_fake_service_find_live_message (FakeService *svc,
                                                const char        *stream,
                                                const char        *message_id);
void        rumble_fake_handle_pin_message     (FakeCall          *call);
void        rumble_fake_handle_unpin_message   (FakeCall          *call);
void        rumble_fake_handle_raid_confirm    (FakeCall          *call);
void        rumble_fake_handle_command         (FakeCall          *call);

/* The chat host's message routes (rumble-fake-chat-host.c). */
void        rumble_fake_handle_options         (FakeCall          *call);
void        rumble_fake_handle_send            (FakeCall          *call);
void        rumble_fake_handle_delete          (FakeCall          *call);
void        rumble_fake_handle_chat_bad_method (FakeCall          *call);

/* The emote catalogue (rumble-fake-emotes.c). */
void        rumble_fake_handle_emote_list      (FakeCall          *call);
void        rumble_fake_handle_emote_image     (FakeCall          *call);

G_END_DECLS
