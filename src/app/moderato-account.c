/* moderato-account.c — the logged-in Rumble account: login steps, keyring, logout
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The password only passes through to RumbleServicePhp; the token lives in the service,
 * this object and the keyring. Neither is ever logged nor written to GSettings.
 */
#define G_LOG_DOMAIN "moderato-account"

#include "config.h"

#include <glib/gi18n.h>

#include "rumble-error.h"
#include "rumble-session-store.h"

#include "moderato-account.h"

struct _ModeratoAccount
{
  GObject             parent_instance;

  char               *site_url;
  GSettings          *settings;
  RumbleServicePhp   *service;
  RumbleSessionStore *store;
  gulong              service_session_id;

  gboolean            logged_in;
  char               *username;
  char               *user_id;
  char               *session;
  char               *warning;
  char               *last_username;
  guint               busy;
};

G_DEFINE_FINAL_TYPE (ModeratoAccount, moderato_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SITE_URL,
  PROP_SETTINGS,
  PROP_LOGGED_IN,
  PROP_USERNAME,
  PROP_USER_ID,
  PROP_SESSION,
  PROP_BUSY,
  PROP_WARNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_string (ModeratoAccount  *self,
            char            **field,
            const char       *value,
            GParamSpec       *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
set_session (ModeratoAccount *self,
             const char      *session)
{
  if (g_strcmp0 (self->session, session) == 0)
    return;
  rumble_secret_clear (&self->session);
  self->session = g_strdup (session);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
set_warning (ModeratoAccount *self,
             const char      *warning)
{
  set_string (self, &self->warning, warning, properties[PROP_WARNING]);
}

static void
busy_push (ModeratoAccount *self)
{
  if (self->busy++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
busy_pop (ModeratoAccount *self)
{
  g_assert (self->busy > 0);
  if (--self->busy == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Every GTask of this object holds the busy count until it has completed. */
static void
on_task_completed (GTask           *task,
                   GParamSpec      *pspec,
                   ModeratoAccount *self)
{
  busy_pop (self);
}

static GTask *
account_task_new (ModeratoAccount     *self,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data,
                  gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  busy_push (self);
  /* The task keeps @self alive until then. */
  g_signal_connect (task, "notify::completed", G_CALLBACK (on_task_completed), self);
  return task;
}

static void
apply_logged_in (ModeratoAccount *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->username, rumble_service_php_get_username (self->service),
              properties[PROP_USERNAME]);
  set_string (self, &self->user_id, rumble_service_php_get_user_id (self->service),
              properties[PROP_USER_ID]);
  set_session (self, rumble_service_php_get_session (self->service));
  if (!self->logged_in)
    {
      self->logged_in = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGGED_IN]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
apply_logged_out (ModeratoAccount *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->logged_in)
    {
      self->logged_in = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGGED_IN]);
    }
  set_session (self, NULL);
  set_string (self, &self->user_id, NULL, properties[PROP_USER_ID]);
  set_string (self, &self->username, NULL, properties[PROP_USERNAME]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
remember_username (ModeratoAccount *self,
                   const char      *username)
{
  if (username == NULL)
    return;
  g_free (self->last_username);
  self->last_username = g_strdup (username);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-username", username);
}

/* A warning sentence for a failed keyring store. */
static void
note_store_failure (ModeratoAccount *self,
                    const GError    *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("Could not store the session: %s", error->message);
  if (rumble_session_store_error_is_unavailable (error))
    set_warning (self, _("No keyring is available, so you will have to log in again next time."));
  else
    set_warning (self, _("The session could not be saved in the keyring, so you will have to "
                         "log in again next time."));
}

/* Renewed tokens (Set-Cookie on any reply) replace the stored one. */
static void
on_renewed_session_stored (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(ModeratoAccount) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rumble_session_store_store_finish (RUMBLE_SESSION_STORE (source), result, &error))
    note_store_failure (self, error);
}

static void
on_service_session_changed (RumbleServicePhp *service,
                            GParamSpec       *pspec,
                            ModeratoAccount  *self)
{
  const char *session = rumble_service_php_get_session (service);

  if (!self->logged_in || session == NULL || g_strcmp0 (session, self->session) == 0)
    return;

  set_session (self, session);
  rumble_session_store_store_async (self->store, self->site_url, self->username, session, NULL,
                                    on_renewed_session_stored, g_object_ref (self));
}

/* ---- Finishing a login (password or second factor) ---- */

static void
on_login_stored (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ModeratoAccount *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!rumble_session_store_store_finish (RUMBLE_SESSION_STORE (source), result, &error))
    note_store_failure (self, error);
  else
    set_warning (self, NULL);

  g_task_return_int (task, RUMBLE_LOGIN_DONE);
}

static void
complete_login (GTask *task)
{
  ModeratoAccount *self = g_task_get_source_object (task);

  apply_logged_in (self);
  remember_username (self, self->username);
  rumble_session_store_store_async (self->store, self->site_url, self->username, self->session,
                                    g_task_get_cancellable (task), on_login_stored, task);
}

static void
on_login_user_id (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *user_id = NULL;

  user_id = rumble_service_php_get_user_id_finish (RUMBLE_SERVICE_PHP (source), result, &error);
  if (user_id == NULL)
    {
      /* Logged in all the same; the id only marks our own messages. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_debug ("Could not read the account id: %s", error->message);
    }
  complete_login (g_steal_pointer (&task));
}

static void
logged_in_step (GTask *task)
{
  ModeratoAccount *self = g_task_get_source_object (task);

  if (rumble_service_php_get_user_id (self->service) != NULL)
    complete_login (task);
  else
    rumble_service_php_get_user_id_async (self->service, g_task_get_cancellable (task),
                                          on_login_user_id, task);
}

/* ---- Login ---- */

static void
on_service_login (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  RumbleLoginStep step;

  step = rumble_service_php_login_finish (RUMBLE_SERVICE_PHP (source), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (step == RUMBLE_LOGIN_NEEDS_SECOND_FACTOR)
    {
      g_task_return_int (task, RUMBLE_LOGIN_NEEDS_SECOND_FACTOR);
      return;
    }

  logged_in_step (g_steal_pointer (&task));
}

void
moderato_account_login_async (ModeratoAccount     *self,
                              const char          *username,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MODERATO_IS_ACCOUNT (self));
  g_return_if_fail (username != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = account_task_new (self, cancellable, callback, user_data, moderato_account_login_async);
  rumble_service_php_login_async (self->service, username, password, cancellable,
                                  on_service_login, g_steal_pointer (&task));
}

gboolean
moderato_account_login_finish (ModeratoAccount  *self,
                               GAsyncResult     *result,
                               RumbleLoginStep  *out_step,
                               GError          **error)
{
  GError *local_error = NULL;
  gssize step;

  g_return_val_if_fail (MODERATO_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == moderato_account_login_async,
                        FALSE);

  step = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (out_step != NULL)
    *out_step = (RumbleLoginStep) step;
  return TRUE;
}

RumbleSecondFactor
moderato_account_get_second_factors (ModeratoAccount *self)
{
  g_return_val_if_fail (MODERATO_IS_ACCOUNT (self), RUMBLE_SECOND_FACTOR_NONE);

  if (!rumble_service_php_get_needs_second_factor (self->service))
    return RUMBLE_SECOND_FACTOR_NONE;
  return rumble_service_php_get_second_factors (self->service);
}

static void
on_service_request_code (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *sent_to = NULL;

  sent_to = rumble_service_php_request_code_finish (RUMBLE_SERVICE_PHP (source), result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&sent_to), g_free);
}

void
moderato_account_request_code_async (ModeratoAccount     *self,
                                     RumbleSecondFactor   method,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MODERATO_IS_ACCOUNT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = account_task_new (self, cancellable, callback, user_data,
                           moderato_account_request_code_async);
  rumble_service_php_request_code_async (self->service, method, cancellable,
                                         on_service_request_code, g_steal_pointer (&task));
}

char *
moderato_account_request_code_finish (ModeratoAccount  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  g_return_val_if_fail (MODERATO_IS_ACCOUNT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_service_verify (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!rumble_service_php_verify_code_finish (RUMBLE_SERVICE_PHP (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  logged_in_step (g_steal_pointer (&task));
}

void
moderato_account_verify_code_async (ModeratoAccount     *self,
                                    const char          *code,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MODERATO_IS_ACCOUNT (self));
  g_return_if_fail (code != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = account_task_new (self, cancellable, callback, user_data,
                           moderato_account_verify_code_async);
  rumble_service_php_verify_code_async (self->service, code, cancellable,
                                        on_service_verify, g_steal_pointer (&task));
}

gboolean
moderato_account_verify_code_finish (ModeratoAccount  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (MODERATO_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

void
moderato_account_cancel_login (ModeratoAccount *self)
{
  g_return_if_fail (MODERATO_IS_ACCOUNT (self));

  /* Only a pending second factor is abandoned; a live session stays. */
  /* Without a session, the service's logout only forgets the pending factor (no request). */
  if (!self->logged_in && rumble_service_php_get_needs_second_factor (self->service) &&
      rumble_service_php_get_session (self->service) == NULL)
    rumble_service_php_logout_async (self->service, NULL, NULL, NULL);
}

/* ---- Restore ---- */

static void
on_restore_user_id (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ModeratoAccount *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *user_id = NULL;

  user_id = rumble_service_php_get_user_id_finish (RUMBLE_SERVICE_PHP (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      rumble_service_php_set_session (self->service, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (error != NULL)
    g_debug ("Could not read the account id: %s", error->message);

  apply_logged_in (self);
  g_task_return_boolean (task, TRUE);
}

static void
on_restore_cleared (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!rumble_session_store_clear_finish (RUMBLE_SESSION_STORE (source), result, &error))
    g_debug ("Could not forget the expired session: %s", error->message);
}

static void
on_restore_tested (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ModeratoAccount *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  if (!rumble_service_php_test_session_finish (RUMBLE_SERVICE_PHP (source), result, &error))
    {
      const char *username = rumble_service_php_get_username (self->service);

      rumble_service_php_set_session (self->service, NULL);
      if (g_error_matches (error, RUMBLE_ERROR, RUMBLE_ERROR_AUTH))
        {
          /* Expired: forget it, the user logs in again. */
          g_debug ("The stored session has expired");
          rumble_session_store_clear_async (self->store, self->site_url, username, NULL,
                                            on_restore_cleared, NULL);
          g_task_return_boolean (task, FALSE);
        }
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  rumble_service_php_get_user_id_async (self->service, cancellable,
                                        on_restore_user_id, g_steal_pointer (&task));
}

static void
on_restore_lookup (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ModeratoAccount *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *username = NULL;
  GCancellable *cancellable;
  char *token;

  token = rumble_session_store_lookup_finish (RUMBLE_SESSION_STORE (source), result, &username,
                                              &error);
  if (error != NULL)
    {
      if (rumble_session_store_error_is_unavailable (error))
        {
          /* Nothing can have been remembered; not an error at start-up. */
          g_debug ("No keyring: %s", error->message);
          g_task_return_boolean (task, FALSE);
        }
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (token == NULL || username == NULL)
    {
      rumble_secret_clear (&token);
      g_task_return_boolean (task, FALSE);
      return;
    }

  rumble_service_php_set_username (self->service, username);
  rumble_service_php_set_session (self->service, token);
  rumble_secret_clear (&token);
  cancellable = g_task_get_cancellable (task);
  rumble_service_php_test_session_async (self->service, cancellable,
                                         on_restore_tested, g_steal_pointer (&task));
}

void
moderato_account_restore_async (ModeratoAccount     *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *username;

  g_return_if_fail (MODERATO_IS_ACCOUNT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = account_task_new (self, cancellable, callback, user_data, moderato_account_restore_async);
  if (self->logged_in)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* The last account used; otherwise whichever session the site has. */
  username = self->last_username != NULL && self->last_username[0] != '\0' ?
             self->last_username : NULL;
  rumble_session_store_lookup_async (self->store, self->site_url, username, cancellable,
                                     on_restore_lookup, g_steal_pointer (&task));
}

gboolean
moderato_account_restore_finish (ModeratoAccount  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (MODERATO_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Logout ---- */

typedef struct {
  guint    pending;
  GError  *error;
} LogoutData;

static void
logout_data_free (LogoutData *data)
{
  g_clear_error (&data->error);
  g_free (data);
}

static void
logout_step_done (GTask *task)
{
  LogoutData *data = g_task_get_task_data (task);

  if (--data->pending > 0)
    return;
  if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_logout_service (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* Best effort: the local session is gone whatever Rumble says. */
  if (!rumble_service_php_logout_finish (RUMBLE_SERVICE_PHP (source), result, &error))
    g_debug ("Logout request failed: %s", error->message);
  logout_step_done (task);
}

static void
on_logout_cleared (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LogoutData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!rumble_session_store_clear_finish (RUMBLE_SESSION_STORE (source), result, &error) &&
      !rumble_session_store_error_is_unavailable (error) &&
      data->error == NULL)
    data->error = g_steal_pointer (&error);
  logout_step_done (task);
}

void
moderato_account_logout_async (ModeratoAccount     *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *username = NULL;
  LogoutData *data;

  g_return_if_fail (MODERATO_IS_ACCOUNT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = account_task_new (self, cancellable, callback, user_data, moderato_account_logout_async);
  data = g_new0 (LogoutData, 1);
  data->pending = 2;
  g_task_set_task_data (task, data, (GDestroyNotify) logout_data_free);

  username = g_strdup (self->username != NULL ? self->username
                                              : rumble_service_php_get_username (self->service));
  apply_logged_out (self);
  set_warning (self, NULL);

  rumble_service_php_logout_async (self->service, cancellable, on_logout_service,
                                   g_object_ref (task));
  rumble_session_store_clear_async (self->store, self->site_url, username, cancellable,
                                    on_logout_cleared, g_object_ref (task));
}

gboolean
moderato_account_logout_finish (ModeratoAccount  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (MODERATO_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- GObject ---- */

static void
moderato_account_constructed (GObject *object)
{
  ModeratoAccount *self = MODERATO_ACCOUNT (object);

  G_OBJECT_CLASS (moderato_account_parent_class)->constructed (object);

  self->service = rumble_service_php_new (self->site_url, NULL);
  self->store = rumble_session_store_new ();
  self->service_session_id = g_signal_connect (self->service, "notify::session",
                                               G_CALLBACK (on_service_session_changed), self);

  if (self->settings != NULL)
    self->last_username = g_settings_get_string (self->settings, "last-username");
}

static void
moderato_account_dispose (GObject *object)
{
  ModeratoAccount *self = MODERATO_ACCOUNT (object);

  if (self->service != NULL)
    g_clear_signal_handler (&self->service_session_id, self->service);
  g_clear_object (&self->service);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (moderato_account_parent_class)->dispose (object);
}

static void
moderato_account_finalize (GObject *object)
{
  ModeratoAccount *self = MODERATO_ACCOUNT (object);

  g_free (self->site_url);
  g_free (self->username);
  g_free (self->user_id);
  rumble_secret_clear (&self->session);
  g_free (self->warning);
  g_free (self->last_username);

  G_OBJECT_CLASS (moderato_account_parent_class)->finalize (object);
}

static void
moderato_account_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ModeratoAccount *self = MODERATO_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_SITE_URL:
      g_value_set_string (value, self->site_url);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_LOGGED_IN:
      g_value_set_boolean (value, self->logged_in);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_USER_ID:
      g_value_set_string (value, self->user_id);
      break;
    case PROP_SESSION:
      g_value_set_string (value, self->session);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy > 0);
      break;
    case PROP_WARNING:
      g_value_set_string (value, self->warning);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_account_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ModeratoAccount *self = MODERATO_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_SITE_URL:
      self->site_url = g_value_dup_string (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_account_class_init (ModeratoAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = moderato_account_constructed;
  object_class->dispose = moderato_account_dispose;
  object_class->finalize = moderato_account_finalize;
  object_class->get_property = moderato_account_get_property;
  object_class->set_property = moderato_account_set_property;

  properties[PROP_SITE_URL] =
    g_param_spec_string ("site-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOGGED_IN] = g_param_spec_boolean ("logged-in", NULL, NULL, FALSE, ro);
  properties[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, NULL, ro);
  properties[PROP_USER_ID] = g_param_spec_string ("user-id", NULL, NULL, NULL, ro);
  properties[PROP_SESSION] = g_param_spec_string ("session", NULL, NULL, NULL, ro);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, ro);
  properties[PROP_WARNING] = g_param_spec_string ("warning", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
moderato_account_init (ModeratoAccount *self)
{
}

ModeratoAccount *
moderato_account_new (const char *site_url,
                      GSettings  *settings)
{
  g_return_val_if_fail (site_url != NULL, NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (MODERATO_TYPE_ACCOUNT,
                       "site-url", site_url,
                       "settings", settings,
                       NULL);
}

const char *
moderato_account_get_site_url (ModeratoAccount *self)
{
  g_return_val_if_fail (MODERATO_IS_ACCOUNT (self), NULL);

  return self->site_url;
}

void
moderato_account_set_soup_session (ModeratoAccount *self,
                                   SoupSession     *soup)
{
  g_autoptr(RumbleServicePhp) service = NULL;

  g_return_if_fail (MODERATO_IS_ACCOUNT (self));
  g_return_if_fail (soup == NULL || SOUP_IS_SESSION (soup));
  g_return_if_fail (self->busy == 0);

  if (soup != NULL && rumble_service_php_get_soup_session (self->service) == soup)
    return;

  /* The service's session is fixed at construction: replace the service, keeping the login. */
  service = rumble_service_php_new (self->site_url, soup);
  rumble_service_php_set_username (service, rumble_service_php_get_username (self->service));
  rumble_service_php_set_session (service, rumble_service_php_get_session (self->service));

  g_clear_signal_handler (&self->service_session_id, self->service);
  g_set_object (&self->service, service);
  self->service_session_id = g_signal_connect (self->service, "notify::session",
                                               G_CALLBACK (on_service_session_changed), self);
}

gboolean
moderato_account_get_logged_in (ModeratoAccount *self)
{
  g_return_val_if_fail (MODERATO_IS_ACCOUNT (self), FALSE);

  return self->logged_in;
}

const char *
moderato_account_get_username (ModeratoAccount *self)
{
  g_return_val_if_fail (MODERATO_IS_ACCOUNT (self), NULL);

  return self->username;
}

const char *
moderato_account_get_user_id (ModeratoAccount *self)
{
  g_return_val_if_fail (MODERATO_IS_ACCOUNT (self), NULL);

  return self->user_id;
}

/* A renewed `u_s` seen elsewhere (the chat's own requests): goes the same way as the
 * service's renewals, into the account and the keyring. */
void
moderato_account_renew_session (ModeratoAccount *self,
                                const char      *session)
{
  g_return_if_fail (MODERATO_IS_ACCOUNT (self));

  if (!self->logged_in || session == NULL || session[0] == '\0' ||
      g_strcmp0 (session, self->session) == 0)
    return;
  rumble_service_php_set_session (self->service, session);
}

const char *
moderato_account_get_session (ModeratoAccount *self)
{
  g_return_val_if_fail (MODERATO_IS_ACCOUNT (self), NULL);

  return self->session;
}

gboolean
moderato_account_get_busy (ModeratoAccount *self)
{
  g_return_val_if_fail (MODERATO_IS_ACCOUNT (self), FALSE);

  return self->busy > 0;
}

const char *
moderato_account_get_warning (ModeratoAccount *self)
{
  g_return_val_if_fail (MODERATO_IS_ACCOUNT (self), NULL);

  return self->warning;
}

const char *
moderato_account_get_last_username (ModeratoAccount *self)
{
  g_return_val_if_fail (MODERATO_IS_ACCOUNT (self), NULL);

  return self->last_username != NULL ? self->last_username : "";
}
