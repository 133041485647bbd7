/* moderato-moderation.c — run a moderation action and report its failure
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "moderato-moderation"

#include "config.h"

#include <glib/gi18n.h>

#include "rumble-error.h"

#include "moderato-ledger-record.h"
#include "moderato-moderation.h"

/* Longest server reason quoted in a toast, in characters. */
#define REASON_MAX_CHARS 200

typedef struct {
  ModeratoModerationKind  kind;
  char                   *name;
  guint                   duration_s;
  RumbleMuteScope         scope;
  GWeakRef                toasts;
  gint64                  ledger_handle;   /* its entry in the ledger, or 0 */
} Operation;

static void
operation_free (Operation *op)
{
  g_free (op->name);
  g_weak_ref_clear (&op->toasts);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Operation, operation_free)

static Operation *
operation_new (ModeratoModerationKind  kind,
               const char             *name,
               guint                   duration_s,
               RumbleMuteScope         scope,
               AdwToastOverlay        *toasts)
{
  Operation *op = g_new0 (Operation, 1);

  op->kind = kind;
  op->name = g_strdup (name);
  op->duration_s = duration_s;
  op->scope = scope;
  g_weak_ref_init (&op->toasts, toasts);
  return op;
}

/* "Could not …" — what failed, as a sentence fragment without final punctuation. */
static char *
describe_action (ModeratoModerationKind  kind,
                 const char             *name,
                 guint                   duration_s,
                 RumbleMuteScope         scope)
{
  switch (kind)
    {
    case MODERATO_MODERATION_DELETE:
      return g_strdup (_("Could not delete the message"));
    case MODERATO_MODERATION_PIN:
      return g_strdup (_("Could not pin the message"));
    case MODERATO_MODERATION_UNPIN:
      return g_strdup (_("Could not unpin the message"));
    case MODERATO_MODERATION_MUTE:
      if (scope == RUMBLE_MUTE_SCOPE_TOTAL)
        return g_strdup_printf (_("Could not mute “%s” forever"), name);
      if (duration_s == 0)
        return g_strdup_printf (_("Could not mute “%s” for this stream"), name);
      if (duration_s % 60 == 0)
        return g_strdup_printf (ngettext ("Could not mute “%s” for %u minute",
                                          "Could not mute “%s” for %u minutes",
                                          duration_s / 60),
                                name, duration_s / 60);
      return g_strdup_printf (ngettext ("Could not mute “%s” for %u second",
                                        "Could not mute “%s” for %u seconds",
                                        duration_s),
                              name, duration_s);
    case MODERATO_MODERATION_UNMUTE:
      return g_strdup_printf (_("Could not unmute “%s”"), name);
    default:
      g_assert_not_reached ();
    }
}

/* "The message may have been deleted" — for an ambiguous outcome. */
static char *
describe_maybe_done (ModeratoModerationKind  kind,
                     const char             *name)
{
  switch (kind)
    {
    case MODERATO_MODERATION_DELETE:
      return g_strdup (_("The message may have been deleted"));
    case MODERATO_MODERATION_PIN:
      return g_strdup (_("The message may have been pinned"));
    case MODERATO_MODERATION_UNPIN:
      return g_strdup (_("The message may have been unpinned"));
    case MODERATO_MODERATION_MUTE:
      return g_strdup_printf (_("“%s” may have been muted"), name);
    case MODERATO_MODERATION_UNMUTE:
      return g_strdup_printf (_("“%s” may have been unmuted"), name);
    default:
      g_assert_not_reached ();
    }
}

/* The server's reason, shortened and without a trailing full stop. */
static char *
reason_of (const GError *error)
{
  const char *message = error->message != NULL ? error->message : "";
  g_autofree char *valid = g_utf8_make_valid (message, -1);
  g_autofree char *reason = NULL;
  gsize len;

  g_strstrip (valid);
  if (g_utf8_strlen (valid, -1) > REASON_MAX_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (valid, 0, REASON_MAX_CHARS);
      reason = g_strconcat (cut, "…", NULL);
    }
  else
    reason = g_steal_pointer (&valid);

  len = strlen (reason);
  while (len > 0 && reason[len - 1] == '.')
    reason[--len] = '\0';
  return g_steal_pointer (&reason);
}

char *
moderato_moderation_describe_failure (ModeratoModerationKind  kind,
                                      const char             *name,
                                      guint                   duration_s,
                                      RumbleMuteScope         scope,
                                      const GError           *error)
{
  g_autofree char *reason = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return NULL;

  if (name == NULL)
    name = "";
  reason = reason_of (error);

  if (g_error_matches (error, RUMBLE_ERROR, RUMBLE_ERROR_AMBIGUOUS))
    {
      g_autofree char *maybe = describe_maybe_done (kind, name);

      /* Never suggest repeating it blindly: it may have happened. */
      if (reason[0] != '\0')
        return g_strdup_printf (_("%s: the answer was unclear (%s). "
                                  "Check the chat before trying again."),
                                maybe, reason);
      return g_strdup_printf (_("%s: the answer was unclear. Check the chat before trying again."),
                              maybe);
    }
  else
    {
      g_autofree char *action = describe_action (kind, name, duration_s, scope);

      if (g_error_matches (error, RUMBLE_ERROR, RUMBLE_ERROR_RATE_LIMIT))
        {
          /* The delay librumble read from Retry-After (0 = unknown). */
          guint retry_after = rumble_error_get_retry_after (error);

          if (retry_after > 0)
            return g_strdup_printf (ngettext ("%s: Rumble is limiting actions. "
                                              "Try again in %u second.",
                                              "%s: Rumble is limiting actions. "
                                              "Try again in %u seconds.",
                                              retry_after),
                                    action, retry_after);
          return g_strdup_printf (_("%s: Rumble is limiting actions. Try again in a minute."),
                                  action);
        }

      if (g_error_matches (error, RUMBLE_ERROR, RUMBLE_ERROR_NO_SESSION))
        return g_strdup_printf (_("%s: log in first."), action);

      if (reason[0] != '\0')
        return g_strdup_printf (_("%s: %s."), action, reason);
      return g_strdup_printf (_("%s."), action);
    }
}

static void
report (Operation    *op,
        const GError *error)
{
  g_autoptr(AdwToastOverlay) toasts = g_weak_ref_get (&op->toasts);
  g_autofree char *sentence = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  sentence = moderato_moderation_describe_failure (op->kind, op->name, op->duration_s,
                                                   op->scope, error);
  if (sentence == NULL)
    return;

  g_debug ("Moderation action failed: %s", error->message);
  if (toasts == NULL)
    return;

  /* A failure must not vanish or be cut while the moderator looks elsewhere: the window's
   * error banner shows it whole until dismissed. A toast only where there is no window. */
  if (gtk_widget_activate_action (GTK_WIDGET (toasts), "win.show-error", "s", sentence))
    return;

  /* Toast titles are Pango markup in libadwaita 1.2: the reason is network text. */
  escaped = g_markup_escape_text (sentence, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (toasts, toast);
}

static void
on_action_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RumbleChatApi *chat = RUMBLE_CHAT_API (source);
  g_autoptr(Operation) op = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  switch (op->kind)
    {
    case MODERATO_MODERATION_DELETE:
      ok = rumble_chat_api_delete_message_finish (chat, result, &error);
      break;
    case MODERATO_MODERATION_PIN:
      ok = rumble_chat_api_pin_message_finish (chat, result, &error);
      break;
    case MODERATO_MODERATION_UNPIN:
      ok = rumble_chat_api_unpin_message_finish (chat, result, &error);
      break;
    case MODERATO_MODERATION_MUTE:
      ok = rumble_chat_api_mute_finish (chat, result, &error);
      break;
    case MODERATO_MODERATION_UNMUTE:
      ok = rumble_chat_api_unmute_finish (chat, result, &error);
      break;
    default:
      g_assert_not_reached ();
    }

  moderato_ledger_record_end (op->ledger_handle, ok ? NULL : error);
  if (!ok)
    report (op, error);
}

static const ModeratoLedgerAction ledger_actions[] = {
  [MODERATO_MODERATION_DELETE] = MODERATO_LEDGER_ACTION_DELETE,
  [MODERATO_MODERATION_PIN]    = MODERATO_LEDGER_ACTION_PIN,
  [MODERATO_MODERATION_UNPIN]  = MODERATO_LEDGER_ACTION_UNPIN,
  [MODERATO_MODERATION_MUTE]   = MODERATO_LEDGER_ACTION_MUTE,
  [MODERATO_MODERATION_UNMUTE] = MODERATO_LEDGER_ACTION_UNMUTE,
};

/* Every action goes into the ledger before it is sent; on_action_done() gives its outcome. */
static Operation *
operation_start (ModeratoModerationKind  kind,
                 RumbleChatApi          *chat,
                 const char             *message_id,
                 const char             *name,
                 guint                   duration_s,
                 RumbleMuteScope         scope,
                 AdwToastOverlay        *toasts)
{
  Operation *op = operation_new (kind, name, duration_s, scope, toasts);
  gboolean mute = kind == MODERATO_MODERATION_MUTE;

  op->ledger_handle = moderato_ledger_record_begin (chat, ledger_actions[kind], message_id, name,
                                                    mute ? duration_s : 0,
                                                    mute ? rumble_mute_scope_to_string (scope)
                                                         : NULL);
  return op;
}

/* Delete, pin and unpin: an action on a message by its id. */
static void
message_action (ModeratoModerationKind  kind,
                RumbleChatApi          *chat,
                const char             *message_id,
                AdwToastOverlay        *toasts,
                GCancellable           *cancellable)
{
  void (*start) (RumbleChatApi *, const char *, GCancellable *, GAsyncReadyCallback, gpointer);

  g_return_if_fail (RUMBLE_IS_CHAT_API (chat));
  g_return_if_fail (toasts == NULL || ADW_IS_TOAST_OVERLAY (toasts));

  switch (kind)
    {
    case MODERATO_MODERATION_DELETE:
      start = rumble_chat_api_delete_message_async;
      break;
    case MODERATO_MODERATION_PIN:
      start = rumble_chat_api_pin_message_async;
      break;
    case MODERATO_MODERATION_UNPIN:
      start = rumble_chat_api_unpin_message_async;
      break;
    case MODERATO_MODERATION_MUTE:
    case MODERATO_MODERATION_UNMUTE:
    default:
      g_assert_not_reached ();
    }

  start (chat, message_id, cancellable, on_action_done,
         operation_start (kind, chat, message_id, NULL, 0, RUMBLE_MUTE_SCOPE_VIDEO, toasts));
}

void
moderato_moderation_delete_message (RumbleChatApi   *chat,
                                    const char      *message_id,
                                    AdwToastOverlay *toasts,
                                    GCancellable    *cancellable)
{
  g_return_if_fail (message_id != NULL);

  message_action (MODERATO_MODERATION_DELETE, chat, message_id, toasts, cancellable);
}

void
moderato_moderation_pin_message (RumbleChatApi   *chat,
                                 const char      *message_id,
                                 AdwToastOverlay *toasts,
                                 GCancellable    *cancellable)
{
  g_return_if_fail (message_id != NULL);

  message_action (MODERATO_MODERATION_PIN, chat, message_id, toasts, cancellable);
}

void
moderato_moderation_unpin_message (RumbleChatApi   *chat,
                                   const char      *message_id,
                                   AdwToastOverlay *toasts,
                                   GCancellable    *cancellable)
{
  if (message_id != NULL && message_id[0] == '\0')
    message_id = NULL;
  message_action (MODERATO_MODERATION_UNPIN, chat, message_id, toasts, cancellable);
}

void
moderato_moderation_mute (RumbleChatApi    *chat,
                          const char       *name,
                          RumbleMuteEntity  entity,
                          guint             duration_s,
                          RumbleMuteScope   scope,
                          AdwToastOverlay  *toasts,
                          GCancellable     *cancellable)
{
  g_return_if_fail (RUMBLE_IS_CHAT_API (chat));
  g_return_if_fail (name != NULL);
  g_return_if_fail (toasts == NULL || ADW_IS_TOAST_OVERLAY (toasts));

  rumble_chat_api_mute_async (chat, name, entity, duration_s, scope, cancellable,
                              on_action_done,
                              operation_start (MODERATO_MODERATION_MUTE, chat, NULL, name,
                                               duration_s, scope, toasts));
}

void
moderato_moderation_unmute (RumbleChatApi   *chat,
                            const char      *name,
                            AdwToastOverlay *toasts,
                            GCancellable    *cancellable)
{
  g_return_if_fail (RUMBLE_IS_CHAT_API (chat));
  g_return_if_fail (name != NULL);
  g_return_if_fail (toasts == NULL || ADW_IS_TOAST_OVERLAY (toasts));

  rumble_chat_api_unmute_async (chat, name, cancellable, on_action_done,
                                operation_start (MODERATO_MODERATION_UNMUTE, chat, NULL, name, 0,
                                                 RUMBLE_MUTE_SCOPE_VIDEO, toasts));
}

gboolean
moderato_moderation_parse_mute (const char       *entity,
                                const char       *scope,
                                RumbleMuteEntity *out_entity,
                                RumbleMuteScope  *out_scope)
{
  RumbleMuteEntity e;

  g_return_val_if_fail (out_entity != NULL, FALSE);
  g_return_val_if_fail (out_scope != NULL, FALSE);

  if (g_strcmp0 (entity, "user") == 0)
    e = RUMBLE_MUTE_ENTITY_USER;
  else if (g_strcmp0 (entity, "channel") == 0)
    e = RUMBLE_MUTE_ENTITY_CHANNEL;
  else
    return FALSE;

  if (!rumble_mute_scope_from_string (scope, out_scope))
    return FALSE;

  *out_entity = e;
  return TRUE;
}

GVariant *
moderato_moderation_mute_target (const char             *name,
                                 const char             *entity,
                                 const RumbleMuteChoice *choice)
{
  g_return_val_if_fail (name != NULL && entity != NULL && choice != NULL, NULL);

  return g_variant_new ("(ssus)", name, entity, choice->duration_s,
                        rumble_mute_scope_to_string (choice->scope));
}

GMenuItem *
moderato_moderation_mute_item (const RumbleMuteChoice *choice,
                               const char             *action,
                               GVariant               *target)
{
  GMenuItem *item;

  g_return_val_if_fail (choice != NULL && action != NULL, NULL);

  item = g_menu_item_new (_(choice->label), NULL);
  g_menu_item_set_action_and_target_value (item, action, target);
  g_menu_item_set_attribute (item, "hidden-when", "s", "action-disabled");
  return item;
}

gboolean
moderato_moderation_allowed (RumbleChatApi *chat)
{
  return chat != NULL && rumble_chat_api_get_session (chat) != NULL &&
         rumble_chat_api_get_can_moderate (chat);
}

GtkWidget *
moderato_moderation_confirm_forever_new (GtkWindow  *parent,
                                         const char *heading,
                                         const char *body)
{
  GtkWidget *dialog;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  dialog = adw_message_dialog_new (parent, heading, body);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "mute", _("_Mute Forever"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "mute",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}
