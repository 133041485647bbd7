/* moderato-moderation-button.c — the one-click buttons of moderation mode, said once
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The message rows draw them and the preferences order them; both take their icons, titles
 * and sentences from here. A button only activates the win.* action the message menu uses,
 * so its outcome and its toasts are the menu's.
 */
#define G_LOG_DOMAIN "moderato-moderation"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-moderation.h"
#include "moderato-moderation-button.h"

static const char * const message_button_ids[] = { "delete", "pin", "card" };

const char * const *
moderato_moderation_button_ids (void)
{
  static const char **ids;

  if (g_once_init_enter (&ids))
    {
      const RumbleMuteChoice *choices = rumble_mute_choices ();
      GPtrArray *all = g_ptr_array_new ();

      for (guint i = 0; i < G_N_ELEMENTS (message_button_ids); i++)
        g_ptr_array_add (all, (gpointer) message_button_ids[i]);
      for (guint i = 0; choices[i].id != NULL; i++)
        g_ptr_array_add (all, (gpointer) choices[i].id);
      g_ptr_array_add (all, NULL);

      g_once_init_leave (&ids, (const char **) g_ptr_array_free (all, FALSE));
    }

  return ids;
}

gboolean
moderato_moderation_button_is_known (const char *id)
{
  return id != NULL && g_strv_contains (moderato_moderation_button_ids (), id);
}

const char *
moderato_moderation_button_icon (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  if (g_str_equal (id, "delete"))
    return "user-trash-symbolic";
  if (g_str_equal (id, "pin"))
    return "view-pin-symbolic";
  if (g_str_equal (id, "card"))
    return "avatar-default-symbolic";
  if (g_str_equal (id, "5m"))
    return "appointment-soon-symbolic";
  if (g_str_equal (id, "forever"))
    return "action-unavailable-symbolic";
  return "microphone-sensitivity-muted-symbolic";
}

const char *
moderato_moderation_button_title (const char *id)
{
  const RumbleMuteChoice *choice;

  g_return_val_if_fail (id != NULL, NULL);

  if (g_str_equal (id, "delete"))
    return _("Delete Message");
  if (g_str_equal (id, "pin"))
    return _("Pin Message");
  if (g_str_equal (id, "card"))
    return _("Open User Card");

  choice = rumble_mute_choice_lookup (id);
  return choice != NULL ? _(choice->button_label) : id;
}

char *
moderato_moderation_button_describe (const char *id,
                                     const char *user_name)
{
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (user_name != NULL, NULL);

  /* Translators: a button's tooltip; %s is the author of the message. */
  if (g_str_equal (id, "delete"))
    return g_strdup_printf (_("Delete message from %s"), user_name);
  /* Translators: a button's tooltip; %s is the author of the message. */
  if (g_str_equal (id, "pin"))
    return g_strdup_printf (_("Pin message from %s"), user_name);
  /* Translators: a button's tooltip; %s is the author of the message. */
  if (g_str_equal (id, "card"))
    return g_strdup_printf (_("Show the card of %s"), user_name);
  /* Translators: a button's tooltip; %s is the author of the message. */
  if (g_str_equal (id, "5m"))
    return g_strdup_printf (_("Mute %s for 5 minutes"), user_name);
  /* Translators: a button's tooltip; %s is the author of the message. */
  if (g_str_equal (id, "stream"))
    return g_strdup_printf (_("Mute %s for this stream"), user_name);
  /* Translators: a button's tooltip; %s is the author of the message. */
  if (g_str_equal (id, "forever"))
    return g_strdup_printf (_("Mute %s forever"), user_name);

  /* Translators: a button's tooltip: what it does, then whom to. */
  return g_strdup_printf (_("%s: %s"), moderato_moderation_button_title (id), user_name);
}

gboolean
moderato_moderation_button_applies (const char    *id,
                                    RumbleMessage *message)
{
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (RUMBLE_IS_MESSAGE (message), FALSE);

  if (g_str_equal (id, "delete") || g_str_equal (id, "pin"))
    return !rumble_message_get_deleted (message);
  if (g_str_equal (id, "card"))
    return rumble_message_get_user_id (message) != NULL;

  return rumble_message_get_user (message) != NULL &&
         rumble_user_get_username (rumble_message_get_user (message)) != NULL;
}

void
moderato_moderation_button_activate (const char    *id,
                                     GtkWidget     *widget,
                                     RumbleMessage *message)
{
  const RumbleMuteChoice *choice;
  RumbleUser *user;
  g_autoptr(GVariant) target = NULL;

  g_return_if_fail (id != NULL);
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (RUMBLE_IS_MESSAGE (message));

  if (!moderato_moderation_button_applies (id, message))
    return;

  if (g_str_equal (id, "delete"))
    {
      gtk_widget_activate_action (widget, "win.delete-message", "s",
                                  rumble_message_get_id (message));
      return;
    }
  if (g_str_equal (id, "pin"))
    {
      gtk_widget_activate_action (widget, "win.pin-message", "s", rumble_message_get_id (message));
      return;
    }
  if (g_str_equal (id, "card"))
    {
      gtk_widget_activate_action (widget, "win.show-user", "s",
                                  rumble_message_get_user_id (message));
      return;
    }

  choice = rumble_mute_choice_lookup (id);
  user = rumble_message_get_user (message);
  if (choice == NULL)
    return;

  target = g_variant_ref_sink (moderato_moderation_mute_target (rumble_user_get_username (user),
                                                                "user", choice));
  gtk_widget_activate_action_variant (widget, "win.mute", target);
}
