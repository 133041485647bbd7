/* moderato-login-dialog.c — the login window: password, then the second factor
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "moderato-login-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rumble-error.h"

#include "moderato-login-dialog.h"

typedef enum {
  STEP_PASSWORD,
  STEP_SECOND_FACTOR,
} Step;

struct _ModeratoLoginDialog
{
  AdwWindow        parent_instance;

  ModeratoAccount *account;
  GCancellable    *cancellable;
  Step             step;
  guint            busy;
  gboolean         demo_hint;
  gboolean         code_requested;

  AdwWindowTitle  *window_title;
  GtkSpinner      *spinner;
  GtkStack        *stack;
  GtkWidget       *demo_hint_label;
  AdwEntryRow     *username_row;
  AdwEntryRow     *password_row;
  GtkWidget       *authenticator_row;
  GtkWidget       *email_row;
  GtkWidget       *sms_row;
  GtkCheckButton  *authenticator_check;
  GtkCheckButton  *email_check;
  GtkCheckButton  *sms_check;
  GtkWidget       *send_code_box;
  GtkWidget       *send_code_button;
  GtkLabel        *sent_to_label;
  AdwEntryRow     *code_row;
  GtkLabel        *error_label;
  GtkWidget       *submit_button;
};

G_DEFINE_FINAL_TYPE (ModeratoLoginDialog, moderato_login_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_DEMO_HINT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static RumbleSecondFactor
selected_method (ModeratoLoginDialog *self)
{
  if (gtk_check_button_get_active (self->email_check) && gtk_widget_get_visible (self->email_row))
    return RUMBLE_SECOND_FACTOR_EMAIL;
  if (gtk_check_button_get_active (self->sms_check) && gtk_widget_get_visible (self->sms_row))
    return RUMBLE_SECOND_FACTOR_PHONE;
  if (gtk_check_button_get_active (self->authenticator_check) &&
      gtk_widget_get_visible (self->authenticator_row))
    return RUMBLE_SECOND_FACTOR_AUTHENTICATOR;
  return RUMBLE_SECOND_FACTOR_NONE;
}

static gboolean
has_text (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  return text != NULL && text[0] != '\0';
}

static void
update_sensitivity (ModeratoLoginDialog *self)
{
  gboolean idle = self->busy == 0;
  gboolean can_submit;
  RumbleSecondFactor method = selected_method (self);

  if (self->step == STEP_PASSWORD)
    can_submit = has_text (self->username_row) && has_text (self->password_row);
  else
    can_submit = has_text (self->code_row) && method != RUMBLE_SECOND_FACTOR_NONE;

  gtk_widget_set_sensitive (self->submit_button, idle && can_submit);
  /* Not insensitive: that would take the focus from a typing user (and upsets GtkText's
   * cursor blink); read-only is enough while a request is out. */
  gtk_editable_set_editable (GTK_EDITABLE (self->username_row), idle);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_row), idle);
  gtk_editable_set_editable (GTK_EDITABLE (self->code_row), idle);
  gtk_widget_set_sensitive (self->send_code_button, idle);

  /* Authenticator codes need no request. */
  gtk_widget_set_visible (self->send_code_box,
                          method == RUMBLE_SECOND_FACTOR_EMAIL ||
                          method == RUMBLE_SECOND_FACTOR_PHONE);

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), !idle);
  gtk_spinner_set_spinning (self->spinner, !idle);
}

static void
busy_push (ModeratoLoginDialog *self)
{
  self->busy++;
  update_sensitivity (self);
}

static void
busy_pop (ModeratoLoginDialog *self)
{
  g_assert (self->busy > 0);
  self->busy--;
  update_sensitivity (self);
}

static void
show_error (ModeratoLoginDialog *self,
            const char          *text)
{
  /* Plain text: the reason often comes from the server. */
  gtk_label_set_text (self->error_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
}

static void
show_failure (ModeratoLoginDialog *self,
              const char          *what,
              const GError        *error)
{
  g_autofree char *text = NULL;

  if (g_error_matches (error, RUMBLE_ERROR, RUMBLE_ERROR_INVALID_INPUT))
    text = g_strdup (error->message);
  else
    text = g_strdup_printf ("%s %s", what, error->message);
  show_error (self, text);
}

static void
show_password_step (ModeratoLoginDialog *self)
{
  self->step = STEP_PASSWORD;
  self->code_requested = FALSE;
  gtk_stack_set_visible_child_name (self->stack, "password");
  adw_window_title_set_subtitle (self->window_title, NULL);
  gtk_button_set_label (GTK_BUTTON (self->submit_button), _("Log In"));
  update_sensitivity (self);
}

static void
show_second_factor_step (ModeratoLoginDialog *self)
{
  RumbleSecondFactor factors = moderato_account_get_second_factors (self->account);

  self->step = STEP_SECOND_FACTOR;
  self->code_requested = FALSE;

  gtk_widget_set_visible (self->authenticator_row, factors & RUMBLE_SECOND_FACTOR_AUTHENTICATOR);
  gtk_widget_set_visible (self->email_row, factors & RUMBLE_SECOND_FACTOR_EMAIL);
  gtk_widget_set_visible (self->sms_row, factors & RUMBLE_SECOND_FACTOR_PHONE);

  /* Preselect the first method offered. */
  if (factors & RUMBLE_SECOND_FACTOR_AUTHENTICATOR)
    gtk_check_button_set_active (self->authenticator_check, TRUE);
  else if (factors & RUMBLE_SECOND_FACTOR_EMAIL)
    gtk_check_button_set_active (self->email_check, TRUE);
  else if (factors & RUMBLE_SECOND_FACTOR_PHONE)
    gtk_check_button_set_active (self->sms_check, TRUE);

  gtk_label_set_text (self->sent_to_label, "");
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
  gtk_stack_set_visible_child_name (self->stack, "second-factor");
  adw_window_title_set_subtitle (self->window_title, _("Two-Factor Authentication"));
  gtk_button_set_label (GTK_BUTTON (self->submit_button), _("Verify"));
  update_sensitivity (self);

  if (factors == RUMBLE_SECOND_FACTOR_NONE)
    show_error (self, _("Rumble asks for a second factor but offers no way to get a code. "
                        "Log in on the website once, then try again."));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
}

static void
on_login_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ModeratoLoginDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  RumbleLoginStep step = RUMBLE_LOGIN_DONE;

  if (!moderato_account_login_finish (MODERATO_ACCOUNT (source), result, &step, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* The window may have been destroyed meanwhile. */
  if (self->account == NULL)
    return;

  busy_pop (self);
  if (error != NULL)
    {
      show_failure (self, _("Could not log in:"), error);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  if (step == RUMBLE_LOGIN_NEEDS_SECOND_FACTOR)
    show_second_factor_step (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
on_verify_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ModeratoLoginDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!moderato_account_verify_code_finish (MODERATO_ACCOUNT (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->account == NULL)
    return;

  busy_pop (self);
  if (error != NULL)
    {
      show_failure (self, _("Could not verify the code:"), error);
      /* An expired user key means starting over from the password. */
      if (g_error_matches (error, RUMBLE_ERROR, RUMBLE_ERROR_AUTH) &&
          moderato_account_get_second_factors (self->account) == RUMBLE_SECOND_FACTOR_NONE)
        show_password_step (self);
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
on_submit (ModeratoLoginDialog *self)
{
  if (self->busy > 0 || !gtk_widget_get_sensitive (self->submit_button))
    return;

  show_error (self, NULL);
  busy_push (self);

  if (self->step == STEP_PASSWORD)
    moderato_account_login_async (self->account,
                                  gtk_editable_get_text (GTK_EDITABLE (self->username_row)),
                                  gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                  self->cancellable, on_login_done, g_object_ref (self));
  else
    {
      g_autofree char *code =
        g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->code_row))));

      moderato_account_verify_code_async (self->account, code, self->cancellable,
                                          on_verify_done, g_object_ref (self));
    }
}

static void
on_username_activated (ModeratoLoginDialog *self)
{
  if (has_text (self->password_row))
    on_submit (self);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
on_input_changed (ModeratoLoginDialog *self)
{
  update_sensitivity (self);
}

static void
on_method_toggled (ModeratoLoginDialog *self)
{
  gtk_label_set_text (self->sent_to_label, "");
  self->code_requested = FALSE;
  update_sensitivity (self);
}

static void
on_code_requested (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ModeratoLoginDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *sent_to = NULL;

  sent_to = moderato_account_request_code_finish (MODERATO_ACCOUNT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->account == NULL)
    return;

  busy_pop (self);
  if (error != NULL)
    {
      show_failure (self, _("Could not send the code:"), error);
      return;
    }

  self->code_requested = TRUE;
  if (sent_to != NULL && sent_to[0] != '\0')
    {
      g_autofree char *text = g_strdup_printf (_("Code sent to %s"), sent_to);

      gtk_label_set_text (self->sent_to_label, text);
    }
  else
    gtk_label_set_text (self->sent_to_label, _("Code sent"));
  gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
}

static void
on_send_code_clicked (ModeratoLoginDialog *self)
{
  RumbleSecondFactor method = selected_method (self);

  if (self->busy > 0 ||
      (method != RUMBLE_SECOND_FACTOR_EMAIL && method != RUMBLE_SECOND_FACTOR_PHONE))
    return;

  show_error (self, NULL);
  busy_push (self);
  moderato_account_request_code_async (self->account, method, self->cancellable,
                                       on_code_requested, g_object_ref (self));
}

static gboolean
moderato_login_dialog_close_request (GtkWindow *window)
{
  ModeratoLoginDialog *self = MODERATO_LOGIN_DIALOG (window);

  g_cancellable_cancel (self->cancellable);
  if (self->account != NULL)
    moderato_account_cancel_login (self->account);

  if (GTK_WINDOW_CLASS (moderato_login_dialog_parent_class)->close_request != NULL)
    return GTK_WINDOW_CLASS (moderato_login_dialog_parent_class)->close_request (window);
  return FALSE;
}

static void
moderato_login_dialog_constructed (GObject *object)
{
  ModeratoLoginDialog *self = MODERATO_LOGIN_DIALOG (object);
  const char *last;

  G_OBJECT_CLASS (moderato_login_dialog_parent_class)->constructed (object);

  g_assert (MODERATO_IS_ACCOUNT (self->account));

  last = moderato_account_get_last_username (self->account);
  if (last != NULL && last[0] != '\0')
    {
      gtk_editable_set_text (GTK_EDITABLE (self->username_row), last);
      gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->password_row));
    }
  else
    gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->username_row));

  show_password_step (self);
}

static void
moderato_login_dialog_dispose (GObject *object)
{
  ModeratoLoginDialog *self = MODERATO_LOGIN_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MODERATO_TYPE_LOGIN_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (moderato_login_dialog_parent_class)->dispose (object);
}

static void
moderato_login_dialog_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ModeratoLoginDialog *self = MODERATO_LOGIN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_DEMO_HINT:
      g_value_set_boolean (value, self->demo_hint);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_login_dialog_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ModeratoLoginDialog *self = MODERATO_LOGIN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;
    case PROP_DEMO_HINT:
      moderato_login_dialog_set_demo_hint (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_login_dialog_class_init (ModeratoLoginDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = moderato_login_dialog_constructed;
  object_class->dispose = moderato_login_dialog_dispose;
  object_class->get_property = moderato_login_dialog_get_property;
  object_class->set_property = moderato_login_dialog_set_property;

  window_class->close_request = moderato_login_dialog_close_request;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         MODERATO_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEMO_HINT] =
    g_param_spec_boolean ("demo-hint", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/moderato-login-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ModeratoLoginDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, ModeratoLoginDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, ModeratoLoginDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, ModeratoLoginDialog, demo_hint_label);
  gtk_widget_class_bind_template_child (widget_class, ModeratoLoginDialog, username_row);
  gtk_widget_class_bind_template_child (widget_class, ModeratoLoginDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, ModeratoLoginDialog, authenticator_row);
  gtk_widget_class_bind_template_child (widget_class, ModeratoLoginDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, ModeratoLoginDialog, sms_row);
  gtk_widget_class_bind_template_child (widget_class, ModeratoLoginDialog, authenticator_check);
  gtk_widget_class_bind_template_child (widget_class, ModeratoLoginDialog, email_check);
  gtk_widget_class_bind_template_child (widget_class, ModeratoLoginDialog, sms_check);
  gtk_widget_class_bind_template_child (widget_class, ModeratoLoginDialog, send_code_box);
  gtk_widget_class_bind_template_child (widget_class, ModeratoLoginDialog, send_code_button);
  gtk_widget_class_bind_template_child (widget_class, ModeratoLoginDialog, sent_to_label);
  gtk_widget_class_bind_template_child (widget_class, ModeratoLoginDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, ModeratoLoginDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, ModeratoLoginDialog, submit_button);
  gtk_widget_class_bind_template_callback (widget_class, on_submit);
  gtk_widget_class_bind_template_callback (widget_class, on_username_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_method_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_send_code_clicked);

  /* Escape cancels. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
moderato_login_dialog_init (ModeratoLoginDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

ModeratoLoginDialog *
moderato_login_dialog_new (GtkWindow       *parent,
                           ModeratoAccount *account)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MODERATO_IS_ACCOUNT (account), NULL);

  return g_object_new (MODERATO_TYPE_LOGIN_DIALOG,
                       "transient-for", parent,
                       "account", account,
                       NULL);
}

ModeratoAccount *
moderato_login_dialog_get_account (ModeratoLoginDialog *self)
{
  g_return_val_if_fail (MODERATO_IS_LOGIN_DIALOG (self), NULL);

  return self->account;
}

gboolean
moderato_login_dialog_get_demo_hint (ModeratoLoginDialog *self)
{
  g_return_val_if_fail (MODERATO_IS_LOGIN_DIALOG (self), FALSE);

  return self->demo_hint;
}

void
moderato_login_dialog_set_demo_hint (ModeratoLoginDialog *self,
                                     gboolean             demo_hint)
{
  g_return_if_fail (MODERATO_IS_LOGIN_DIALOG (self));

  demo_hint = !!demo_hint;
  if (self->demo_hint == demo_hint)
    return;

  self->demo_hint = demo_hint;
  gtk_widget_set_visible (self->demo_hint_label, demo_hint);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO_HINT]);
}
