/* moderato-ledger.c — the ledger object: opening, recording chats and actions, state
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here runs on the owner's thread and costs a copy of the fields into a queue
 * item; the worker (moderato-ledger-store.c) writes. The queue is bounded: past max-pending
 * rows the ledger drops new rows (counted) in PAUSED_BACKLOG until the worker has caught up
 * with half of them.
 */
#define G_LOG_DOMAIN "moderato-ledger"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-ledger-enums.h"
#include "moderato-ledger-private.h"
#include "rumble-error.h"

#define MAX_PENDING        100000
#define RETRY_SECONDS      30
#define RETENTION_SECONDS  3600
#define DEFAULT_DAYS       180
#define DEFAULT_MAX_BYTES  G_GUINT64_CONSTANT (2000000000)

struct _ModeratoLedger {
  GObject              parent_instance;

  LedgerStore         *store;
  GError              *notice;
  GPtrArray           *chats;          /* RumbleChatApi, attached */
  ModeratoLedgerState  state;
  gboolean             backlog;
  guint                max_pending;
  guint                retry_s;
  guint                retry_id;
  guint                retention_id;
  guint                retention_days;
  guint64              retention_bytes;
  gint64               last_handle;

  GMutex               hold_lock;      /* test hook */
  GCond                hold_cond;
  gboolean             held;
};

G_DEFINE_FINAL_TYPE (ModeratoLedger, moderato_ledger, G_TYPE_OBJECT)

G_DEFINE_QUARK (moderato-ledger-error-quark, moderato_ledger_error)

enum {
  PROP_0,
  PROP_PATH,
  PROP_READ_ONLY,
  PROP_STATE,
  PROP_N_DROPPED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  COMMITTED,
  WATCH_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

LedgerStore *
moderato_ledger_get_store (ModeratoLedger *self)
{
  return self->store;
}

/* ---- State -------------------------------------------------------------------------- */

static gboolean
on_retry (gpointer data)
{
  moderato_ledger_resume (data);
  return G_SOURCE_CONTINUE;
}

static void
update_state (ModeratoLedger *self)
{
  ModeratoLedgerState state = ledger_store_get_state (self->store);
  gboolean paused;

  if (state == MODERATO_LEDGER_RECORDING && self->backlog)
    state = MODERATO_LEDGER_PAUSED_BACKLOG;
  if (state == self->state)
    return;

  self->state = state;
  paused = state == MODERATO_LEDGER_PAUSED_FULL || state == MODERATO_LEDGER_PAUSED_READ_ONLY ||
           state == MODERATO_LEDGER_PAUSED_ERROR;
  if (paused && self->retry_id == 0)
    self->retry_id = g_timeout_add_seconds (self->retry_s, on_retry, self);
  else if (!paused)
    g_clear_handle_id (&self->retry_id, g_source_remove);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DROPPED]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
moderato_ledger_worker_state_changed (ModeratoLedger *self)
{
  update_state (self);
}

void
moderato_ledger_emit_committed (ModeratoLedger *self,
                                guint64         n_messages)
{
  g_signal_emit (self, signals[COMMITTED], 0, n_messages);
}

/* Whether a new row may be queued; counts it as dropped when not. */
static gboolean
may_record (ModeratoLedger *self)
{
  gint pending = ledger_store_get_pending (self->store);

  if (self->backlog && pending <= (gint) self->max_pending / 2)
    {
      g_message ("Ledger recording resumed: the worker caught up");
      self->backlog = FALSE;
      update_state (self);
    }
  else if (!self->backlog && pending >= (gint) self->max_pending)
    {
      g_message ("Ledger recording paused: %d rows wait to be written", pending);
      self->backlog = TRUE;
      update_state (self);
    }

  if (self->backlog || ledger_store_get_state (self->store) != MODERATO_LEDGER_RECORDING)
    {
      ledger_store_add_dropped (self->store, 1);
      return FALSE;
    }
  return TRUE;
}

/* ---- GObject ------------------------------------------------------------------------ */

static void
on_retention (ModeratoLedger *self)
{
  LedgerJob *job = ledger_job_new (JOB_RETENTION);

  job->duration = self->retention_days;
  job->max_bytes = self->retention_bytes;
  ledger_store_push (self->store, job);
}

static gboolean
on_retention_timeout (gpointer data)
{
  on_retention (data);
  return G_SOURCE_CONTINUE;
}

static void
moderato_ledger_dispose (GObject *object)
{
  ModeratoLedger *self = MODERATO_LEDGER (object);

  while (self->chats->len > 0)
    moderato_ledger_detach (self, g_ptr_array_index (self->chats, self->chats->len - 1));
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->retention_id, g_source_remove);
  if (self->store != NULL)
    {
      moderato_ledger_release_worker_for_test (self);
      ledger_store_stop (self->store);
      g_clear_pointer (&self->store, ledger_store_unref);
    }

  G_OBJECT_CLASS (moderato_ledger_parent_class)->dispose (object);
}

static void
moderato_ledger_finalize (GObject *object)
{
  ModeratoLedger *self = MODERATO_LEDGER (object);

  g_clear_error (&self->notice);
  g_ptr_array_unref (self->chats);
  g_mutex_clear (&self->hold_lock);
  g_cond_clear (&self->hold_cond);

  G_OBJECT_CLASS (moderato_ledger_parent_class)->finalize (object);
}

static void
moderato_ledger_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ModeratoLedger *self = MODERATO_LEDGER (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, moderato_ledger_get_path (self));
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, moderato_ledger_get_read_only (self));
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_N_DROPPED:
      g_value_set_uint64 (value, moderato_ledger_get_n_dropped (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_ledger_class_init (ModeratoLedgerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = moderato_ledger_dispose;
  object_class->finalize = moderato_ledger_finalize;
  object_class->get_property = moderato_ledger_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, MODERATO_TYPE_LEDGER_STATE,
                       MODERATO_LEDGER_RECORDING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_DROPPED] =
    g_param_spec_uint64 ("n-dropped", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[COMMITTED] =
    g_signal_new ("committed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_UINT64);
  signals[WATCH_CHANGED] =
    g_signal_new ("watch-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
}

static void
moderato_ledger_init (ModeratoLedger *self)
{
  self->chats = g_ptr_array_new_with_free_func (g_object_unref);
  self->max_pending = MAX_PENDING;
  self->retry_s = RETRY_SECONDS;
  self->retention_days = DEFAULT_DAYS;
  self->retention_bytes = DEFAULT_MAX_BYTES;
  g_mutex_init (&self->hold_lock);
  g_cond_init (&self->hold_cond);
}

/* ---- Opening ------------------------------------------------------------------------ */

char *
moderato_ledger_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "moderato", "ledger.sqlite3", NULL);
}

static ModeratoLedger *
ledger_new (LedgerStore *store,
            GError      *notice)
{
  ModeratoLedger *self = g_object_new (MODERATO_TYPE_LEDGER, NULL);
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  self->store = store;
  self->notice = notice;
  self->state = ledger_store_get_state (store);
  ledger_store_start (store, self, context);
  if (self->state == MODERATO_LEDGER_PAUSED_READ_ONLY)
    self->retry_id = g_timeout_add_seconds (self->retry_s, on_retry, self);
  if (!ledger_store_get_read_only (store))
    {
      on_retention (self);
      self->retention_id = g_timeout_add_seconds (RETENTION_SECONDS, on_retention_timeout, self);
    }
  return self;
}

ModeratoLedger *
moderato_ledger_open (const char               *path,
                      ModeratoLedgerOpenFlags   flags,
                      GError                  **error)
{
  g_autofree char *default_path = NULL;
  GError *notice = NULL;
  LedgerStore *store;

  if (path == NULL)
    path = default_path = moderato_ledger_default_path ();
  store = ledger_store_open (path, flags, &notice, error);
  if (store == NULL)
    return NULL;
  return ledger_new (store, notice);
}

typedef struct {
  char                    *path;
  ModeratoLedgerOpenFlags  flags;
  GError                  *notice;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->path);
  g_clear_error (&data->notice);
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  LedgerStore *store = ledger_store_open (data->path, data->flags, &data->notice, &error);

  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, (GDestroyNotify) ledger_store_unref);
}

void
moderato_ledger_open_async (const char               *path,
                            ModeratoLedgerOpenFlags   flags,
                            GCancellable             *cancellable,
                            GAsyncReadyCallback       callback,
                            gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  OpenData *data = g_new0 (OpenData, 1);

  g_task_set_source_tag (task, moderato_ledger_open_async);
  data->path = path != NULL ? g_strdup (path) : moderato_ledger_default_path ();
  data->flags = flags;
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

ModeratoLedger *
moderato_ledger_open_finish (GAsyncResult  *result,
                             GError       **error)
{
  OpenData *data;
  LedgerStore *store;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  store = g_task_propagate_pointer (G_TASK (result), error);
  if (store == NULL)
    return NULL;
  data = g_task_get_task_data (G_TASK (result));
  return ledger_new (store, g_steal_pointer (&data->notice));
}

const char *
moderato_ledger_get_path (ModeratoLedger *self)
{
  g_return_val_if_fail (MODERATO_IS_LEDGER (self), NULL);
  return ledger_store_get_path (self->store);
}

gboolean
moderato_ledger_get_read_only (ModeratoLedger *self)
{
  g_return_val_if_fail (MODERATO_IS_LEDGER (self), TRUE);
  return ledger_store_get_read_only (self->store);
}

const GError *
moderato_ledger_get_notice (ModeratoLedger *self)
{
  g_return_val_if_fail (MODERATO_IS_LEDGER (self), NULL);
  return self->notice;
}

const char *
moderato_ledger_get_moved_aside (ModeratoLedger *self)
{
  g_return_val_if_fail (MODERATO_IS_LEDGER (self), NULL);
  return ledger_store_get_moved_aside (self->store);
}

ModeratoLedgerState
moderato_ledger_get_state (ModeratoLedger *self)
{
  g_return_val_if_fail (MODERATO_IS_LEDGER (self), MODERATO_LEDGER_NOT_RECORDING);
  return self->state;
}

guint64
moderato_ledger_get_n_dropped (ModeratoLedger *self)
{
  g_return_val_if_fail (MODERATO_IS_LEDGER (self), 0);
  return ledger_store_get_dropped (self->store);
}

void
moderato_ledger_resume (ModeratoLedger *self)
{
  g_return_if_fail (MODERATO_IS_LEDGER (self));
  ledger_store_push (self->store, ledger_job_new (JOB_RESUME));
}

void
moderato_ledger_set_retention (ModeratoLedger *self,
                               guint           days,
                               guint64         max_bytes)
{
  g_return_if_fail (MODERATO_IS_LEDGER (self));

  if (self->retention_days == days && self->retention_bytes == max_bytes)
    return;
  self->retention_days = days;
  self->retention_bytes = max_bytes;
  if (!ledger_store_get_read_only (self->store))
    on_retention (self);
}

/* ---- Recording chats ---------------------------------------------------------------- */

static char *
join_badges (RumbleUser *user)
{
  const char * const *badges = user != NULL ? rumble_user_get_badges (user) : NULL;

  if (badges == NULL || badges[0] == NULL)
    return NULL;
  return g_strjoinv (",", (char **) badges);
}

static void
record_message (ModeratoLedger *self,
                RumbleChatApi  *chat,
                RumbleMessage  *message)
{
  RumbleUser *user = rumble_message_get_user (message);
  RumbleChannel *channel = rumble_message_get_channel (message);
  LedgerJob *job;

  if (!may_record (self))
    return;

  job = ledger_job_new (JOB_MESSAGE);
  job->message_id = g_strdup (rumble_message_get_id (message));
  job->stream_id = g_strdup (rumble_chat_api_get_stream_id_b10 (chat));
  job->time = rumble_message_get_time (message);
  job->user_id = g_strdup (rumble_message_get_user_id (message));
  job->user_name = user != NULL ? g_strdup (rumble_user_get_username (user)) : NULL;
  job->channel_id = g_strdup (rumble_message_get_channel_id (message));
  job->channel_name = channel != NULL ? g_strdup (rumble_channel_get_name (channel)) : NULL;
  job->text = g_strdup (rumble_message_get_text (message));
  job->badges = join_badges (user);
  job->rant_cents = rumble_message_get_rant_price_cents (message);
  job->sub = rumble_message_get_kind (message);
  ledger_store_push (self->store, job);
}

static void
on_message_received (RumbleChatApi  *chat,
                     RumbleMessage  *message,
                     ModeratoLedger *self)
{
  record_message (self, chat, message);
}

static void
on_messages_deleted (RumbleChatApi   *chat,
                     char           **ids,
                     gboolean         non_rant_only,
                     ModeratoLedger  *self)
{
  g_autoptr(GStrvBuilder) applied = g_strv_builder_new ();
  LedgerJob *job;

  if (ids == NULL || ids[0] == NULL || !may_record (self))
    return;

  /* Only what the model applied: "delete non-rant messages" spares the rants it lists. */
  for (guint i = 0; ids[i] != NULL; i++)
    {
      RumbleMessage *message = rumble_chat_api_lookup_message (chat, ids[i]);

      if (message == NULL || rumble_message_get_deleted (message))
        g_strv_builder_add (applied, ids[i]);
    }

  job = ledger_job_new (JOB_DELETED);
  job->ids = g_strv_builder_end (applied);
  job->stream_id = g_strdup (rumble_chat_api_get_stream_id_b10 (chat));
  job->time = g_get_real_time () / G_USEC_PER_SEC;
  ledger_store_push (self->store, job);
}

/* Action ids: microseconds since 1970, unique in this process and ordered; another process
 * (the CLI, the app) shares one only by a rare coincidence of the same microsecond. Returns
 * the first of @n consecutive ones. */
static gint64
next_handles (ModeratoLedger *self,
              guint           n)
{
  gint64 first = MAX (g_get_real_time (), self->last_handle + 1);

  self->last_handle = first + n - 1;
  return first;
}

static void
on_users_muted (RumbleChatApi   *chat,
                char           **ids,
                ModeratoLedger  *self)
{
  LedgerJob *job;

  if (ids == NULL || ids[0] == NULL || !may_record (self))
    return;

  job = ledger_job_new (JOB_MUTED);
  job->handle = next_handles (self, g_strv_length (ids));
  job->ids = g_strdupv (ids);
  job->stream_id = g_strdup (rumble_chat_api_get_stream_id_b10 (chat));
  job->time = g_get_real_time () / G_USEC_PER_SEC;
  ledger_store_push (self->store, job);
}

static void
record_stream (ModeratoLedger *self,
               const char     *stream_id,
               const char     *title)
{
  LedgerJob *job;

  if (!may_record (self))
    return;
  job = ledger_job_new (JOB_STREAM);
  job->stream_id = g_strdup (stream_id);
  job->text = g_strdup (title);
  job->time = g_get_real_time () / G_USEC_PER_SEC;
  ledger_store_push (self->store, job);
}

void
moderato_ledger_attach (ModeratoLedger *self,
                        RumbleChatApi  *chat)
{
  GListModel *messages;
  guint n;

  g_return_if_fail (MODERATO_IS_LEDGER (self));
  g_return_if_fail (RUMBLE_IS_CHAT_API (chat));

  if (g_ptr_array_find (self->chats, chat, NULL))
    return;
  g_ptr_array_add (self->chats, g_object_ref (chat));
  g_signal_connect_object (chat, "message-received", G_CALLBACK (on_message_received), self, 0);
  g_signal_connect_object (chat, "messages-deleted", G_CALLBACK (on_messages_deleted), self, 0);
  g_signal_connect_object (chat, "users-muted", G_CALLBACK (on_users_muted), self, 0);

  record_stream (self, rumble_chat_api_get_stream_id_b10 (chat), NULL);
  messages = rumble_chat_api_get_messages (chat);
  n = g_list_model_get_n_items (messages);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RumbleMessage) message = g_list_model_get_item (messages, i);

      record_message (self, chat, message);
    }
}

void
moderato_ledger_detach (ModeratoLedger *self,
                        RumbleChatApi  *chat)
{
  guint index;

  g_return_if_fail (MODERATO_IS_LEDGER (self));
  g_return_if_fail (RUMBLE_IS_CHAT_API (chat));

  if (!g_ptr_array_find (self->chats, chat, &index))
    return;
  g_signal_handlers_disconnect_by_data (chat, self);
  g_ptr_array_remove_index (self->chats, index);
}

void
moderato_ledger_set_stream_title (ModeratoLedger *self,
                                  const char     *stream_id,
                                  const char     *title)
{
  g_return_if_fail (MODERATO_IS_LEDGER (self));
  g_return_if_fail (stream_id != NULL);

  record_stream (self, stream_id, title);
}

/* ---- Actions and notes -------------------------------------------------------------- */

gint64
moderato_ledger_record_action (ModeratoLedger                 *self,
                               const ModeratoLedgerActionInfo *info)
{
  gint64 handle;
  LedgerJob *job;

  g_return_val_if_fail (MODERATO_IS_LEDGER (self), 0);
  g_return_val_if_fail (info != NULL, 0);

  handle = next_handles (self, 1);
  if (!may_record (self))
    return handle;

  job = ledger_job_new (JOB_ACTION);
  job->handle = handle;
  job->time = handle / G_USEC_PER_SEC;
  job->account = g_strdup (info->account);
  job->stream_id = g_strdup (info->stream_id);
  job->sub = info->action;
  job->message_id = g_strdup (info->message_id);
  job->user_id = g_strdup (info->user_id);
  job->user_name = g_strdup (info->user_name);
  job->duration = info->duration_s;
  job->scope = g_strdup (info->scope);
  job->text = g_strdup (info->text);
  ledger_store_push (self->store, job);
  return handle;
}

static void
record_outcome (ModeratoLedger        *self,
                gint64                 handle,
                ModeratoLedgerOutcome  outcome,
                const char            *reason)
{
  LedgerJob *job;

  g_return_if_fail (MODERATO_IS_LEDGER (self));

  if (handle == 0 || !may_record (self))
    return;
  job = ledger_job_new (JOB_OUTCOME);
  job->handle = handle;
  job->sub = outcome;
  job->text = g_strdup (reason);
  job->time = g_get_real_time () / G_USEC_PER_SEC;
  ledger_store_push (self->store, job);
}

void
moderato_ledger_action_done (ModeratoLedger *self,
                             gint64          handle)
{
  record_outcome (self, handle, MODERATO_LEDGER_OUTCOME_DONE, NULL);
}

void
moderato_ledger_action_refused (ModeratoLedger *self,
                                gint64          handle,
                                const char     *reason)
{
  record_outcome (self, handle, MODERATO_LEDGER_OUTCOME_REFUSED, reason);
}

void
moderato_ledger_action_ambiguous (ModeratoLedger *self,
                                  gint64          handle,
                                  const char     *reason)
{
  record_outcome (self, handle, MODERATO_LEDGER_OUTCOME_AMBIGUOUS, reason);
}

void
moderato_ledger_action_finish (ModeratoLedger *self,
                               gint64          handle,
                               const GError   *error)
{
  if (error == NULL)
    moderato_ledger_action_done (self, handle);
  /* A cancelled request may have reached Rumble as well. */
  else if (g_error_matches (error, RUMBLE_ERROR, RUMBLE_ERROR_AMBIGUOUS) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    moderato_ledger_action_ambiguous (self, handle, error->message);
  else
    moderato_ledger_action_refused (self, handle, error->message);
}

gint64
moderato_ledger_record_chat_action (ModeratoLedger                 *self,
                                    RumbleChatApi                  *chat,
                                    const ModeratoLedgerActionInfo *info)
{
  ModeratoLedgerActionInfo filled;
  RumbleMessage *message = NULL;
  RumbleUser *user = NULL;

  g_return_val_if_fail (MODERATO_IS_LEDGER (self), 0);
  g_return_val_if_fail (RUMBLE_IS_CHAT_API (chat), 0);
  g_return_val_if_fail (info != NULL, 0);

  filled = *info;
  if (filled.stream_id == NULL)
    filled.stream_id = rumble_chat_api_get_stream_id_b10 (chat);

  /* The target as far as the chat knows it: the log names whom an action was about. */
  if (filled.message_id == NULL && filled.action == MODERATO_LEDGER_ACTION_UNPIN)
    message = rumble_chat_api_get_pinned_message (chat);
  else if (filled.message_id != NULL)
    message = rumble_chat_api_lookup_message (chat, filled.message_id);
  if (message != NULL)
    {
      filled.message_id = rumble_message_get_id (message);
      user = rumble_message_get_user (message);
    }
  else if (filled.user_name != NULL)
    user = rumble_chat_api_lookup_user_by_name (chat, filled.user_name);
  if (user != NULL)
    {
      if (filled.user_id == NULL)
        filled.user_id = rumble_user_get_id (user);
      if (filled.user_name == NULL)
        filled.user_name = rumble_user_get_username (user);
    }

  return moderato_ledger_record_action (self, &filled);
}

void
moderato_ledger_set_note (ModeratoLedger *self,
                          const char     *user_name,
                          const char     *text)
{
  LedgerJob *job;

  g_return_if_fail (MODERATO_IS_LEDGER (self));
  g_return_if_fail (user_name != NULL);

  if (!may_record (self))
    return;
  job = ledger_job_new (JOB_NOTE);
  job->user_name = g_strdup (user_name);
  job->text = g_strdup (text);
  job->time = g_get_real_time () / G_USEC_PER_SEC;
  ledger_store_push (self->store, job);
}

void
moderato_ledger_set_watched (ModeratoLedger *self,
                             const char     *user_name,
                             gboolean        watched)
{
  LedgerJob *job;

  g_return_if_fail (MODERATO_IS_LEDGER (self));
  g_return_if_fail (user_name != NULL && *user_name != '\0');

  if (!may_record (self))
    return;
  job = ledger_job_new (JOB_WATCH);
  job->user_name = g_strdup (user_name);
  job->sub = !!watched;
  job->time = g_get_real_time () / G_USEC_PER_SEC;
  ledger_store_push (self->store, job);
  g_signal_emit (self, signals[WATCH_CHANGED], 0, user_name, !!watched);
}

void
moderato_ledger_flush_async (ModeratoLedger      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LedgerJob *job;

  g_return_if_fail (MODERATO_IS_LEDGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, moderato_ledger_flush_async);
  job = ledger_job_new (JOB_FLUSH);
  job->task = g_steal_pointer (&task);
  ledger_store_push (self->store, job);
}

gboolean
moderato_ledger_flush_finish (ModeratoLedger  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Test hooks --------------------------------------------------------------------- */

typedef struct {
  const char *sql;
  GError     *error;
  gboolean    done;
  GMutex      lock;
  GCond       cond;
} ExecCall;

static void
exec_on_worker (LedgerStore *store,
                GTask       *task,
                gpointer     data)
{
  ExecCall *call = data;
  sqlite3 *db = ledger_store_get_db (store);
  int rc = db != NULL ? sqlite3_exec (db, call->sql, NULL, NULL, NULL) : SQLITE_CANTOPEN;

  g_mutex_lock (&call->lock);
  if (rc != SQLITE_OK)
    ledger_set_sqlite_error (&call->error, db, rc, call->sql);
  call->done = TRUE;
  g_cond_signal (&call->cond);
  g_mutex_unlock (&call->lock);
}

gboolean
moderato_ledger_exec_for_test (ModeratoLedger  *self,
                               const char      *sql,
                               GError         **error)
{
  ExecCall call = { .sql = sql };
  LedgerJob *job = ledger_job_new (JOB_CALL);

  g_mutex_init (&call.lock);
  g_cond_init (&call.cond);
  job->func = exec_on_worker;
  job->data = &call;
  ledger_store_push (self->store, job);

  g_mutex_lock (&call.lock);
  while (!call.done)
    g_cond_wait (&call.cond, &call.lock);
  g_mutex_unlock (&call.lock);
  g_mutex_clear (&call.lock);
  g_cond_clear (&call.cond);

  if (call.error != NULL)
    {
      g_propagate_error (error, call.error);
      return FALSE;
    }
  return TRUE;
}

void
moderato_ledger_set_limits_for_test (ModeratoLedger *self,
                                     guint           batch_ms,
                                     guint           batch_rows,
                                     guint           max_pending,
                                     guint           retry_s)
{
  ledger_store_set_limits (self->store, batch_ms, batch_rows);
  self->max_pending = max_pending;
  self->retry_s = retry_s;
}

static void
hold_on_worker (LedgerStore *store,
                GTask       *task,
                gpointer     data)
{
  ModeratoLedger *self = data;

  g_mutex_lock (&self->hold_lock);
  while (self->held)
    g_cond_wait (&self->hold_cond, &self->hold_lock);
  g_mutex_unlock (&self->hold_lock);
}

void
moderato_ledger_hold_worker_for_test (ModeratoLedger *self)
{
  LedgerJob *job = ledger_job_new (JOB_CALL);

  g_mutex_lock (&self->hold_lock);
  self->held = TRUE;
  g_mutex_unlock (&self->hold_lock);
  job->func = hold_on_worker;
  job->data = self;
  ledger_store_push (self->store, job);
}

void
moderato_ledger_release_worker_for_test (ModeratoLedger *self)
{
  g_mutex_lock (&self->hold_lock);
  self->held = FALSE;
  g_cond_broadcast (&self->hold_cond);
  g_mutex_unlock (&self->hold_lock);
}
