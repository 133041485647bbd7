/* moderato-composer.c — the message entry under the chat: counter, emote completion, send
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "moderato-composer"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-composer.h"
#include "rumble-error.h"

struct _ModeratoComposer
{
  GtkWidget      parent_instance;

  /* Template */
  GtkEntry      *entry;
  GtkLabel      *char_count;

  RumbleChatApi *chat;
  GSignalGroup  *chat_signals;
  GCancellable  *cancellable;      /* the sends to this chat */
  RumbleEmotes  *emotes;
  gulong         emotes_changed_id;
  GtkListStore  *emote_names;
  gboolean       logged_in;
  gboolean       sending;
};

enum {
  PROP_0,
  PROP_CHAT,
  PROP_EMOTES,
  PROP_LOGGED_IN,
  N_PROPS
};

enum {
  SEND_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ModeratoComposer, moderato_composer, GTK_TYPE_WIDGET)

static guint
message_length_max (ModeratoComposer *self)
{
  return self->chat != NULL ? rumble_chat_api_get_message_length_max (self->chat) : 0;
}

/* The counter, and whether composer.send may run. */
static void
update_send (ModeratoComposer *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  glong length = g_utf8_strlen (text, -1);
  guint max = message_length_max (self);
  gboolean too_long = max > 0 && length > (glong) max;

  if (max > 0)
    {
      g_autofree char *count = g_strdup_printf ("%ld/%u", length, max);

      gtk_label_set_label (self->char_count, count);
    }
  else
    {
      gtk_label_set_label (self->char_count, "");
    }

  if (too_long)
    gtk_widget_add_css_class (GTK_WIDGET (self->char_count), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->char_count), "error");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send",
                                 self->chat != NULL && self->logged_in && !self->sending &&
                                 length > 0 && !too_long);
}

/* Sending */

static char *
describe_send_failure (const GError *error,
                       gboolean      command)
{
  if (g_error_matches (error, RUMBLE_ERROR, RUMBLE_ERROR_AMBIGUOUS))
    return g_strdup_printf (command ? _("The command may have been sent: %s")
                                    : _("Your message may have been sent: %s"), error->message);
  if (g_error_matches (error, RUMBLE_ERROR, RUMBLE_ERROR_RATE_LIMIT))
    return g_strdup_printf (_("Sending too fast: %s"), error->message);
  if (g_error_matches (error, RUMBLE_ERROR, RUMBLE_ERROR_AUTH))
    return g_strdup_printf (_("Please log in again: %s"), error->message);

  return g_strdup_printf (command ? _("Could not run the command: %s")
                                  : _("Could not send the message: %s"), error->message);
}

/* Holds no reference on the composer: disposing it cancels the send. */
typedef struct {
  GWeakRef          composer;
  GCancellable     *cancellable;
  char             *text;
  gboolean          command;
} SendData;

static void
send_data_free (SendData *data)
{
  g_weak_ref_clear (&data->composer);
  g_clear_object (&data->cancellable);
  g_free (data->text);
  g_free (data);
}

static void
send_finished (SendData *data,
               gboolean  ok,
               GError   *error)
{
  g_autoptr(ModeratoComposer) self = g_weak_ref_get (&data->composer);

  /* Cancelled by a change of chat or by dispose, which already reset the composer. */
  if (self == NULL || g_cancellable_is_cancelled (data->cancellable))
    return;

  self->sending = FALSE;
  gtk_editable_set_editable (GTK_EDITABLE (self->entry), TRUE);

  if (ok)
    {
      /* Clear the draft only if the user did not type on meanwhile. */
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->entry)), data->text) == 0)
        gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = describe_send_failure (error, data->command);

      g_signal_emit (self, signals[SEND_FAILED], 0, message);
    }

  update_send (self);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SendData *data = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (data->command)
    {
      ok = rumble_chat_api_command_finish (RUMBLE_CHAT_API (object), result, &error);
    }
  else
    {
      g_autofree char *id = rumble_chat_api_send_message_finish (RUMBLE_CHAT_API (object), result,
                                                                 NULL, &error);

      ok = id != NULL;
    }

  send_finished (data, ok, error);
  send_data_free (data);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ModeratoComposer *self = MODERATO_COMPOSER (widget);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  guint max = message_length_max (self);
  SendData *data;

  if (self->chat == NULL || self->sending || text == NULL || *text == '\0')
    return;

  if (max > 0 && g_utf8_strlen (text, -1) > (glong) max)
    {
      g_autofree char *message =
        g_strdup_printf (_("Messages in this chat can have at most %u characters"), max);

      g_signal_emit (self, signals[SEND_FAILED], 0, message);
      return;
    }

  data = g_new0 (SendData, 1);
  g_weak_ref_init (&data->composer, self);
  data->cancellable = g_object_ref (self->cancellable);
  data->text = g_strdup (text);
  data->command = text[0] == '/';

  self->sending = TRUE;
  gtk_editable_set_editable (GTK_EDITABLE (self->entry), FALSE);
  update_send (self);

  if (data->command)
    rumble_chat_api_command_async (self->chat, data->text, data->cancellable, send_cb, data);
  else
    rumble_chat_api_send_message_async (self->chat, data->text, NULL, data->cancellable,
                                        send_cb, data);
}

static void
entry_activate_cb (ModeratoComposer *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "composer.send", NULL);
}

/* Emote completion: the word before the cursor starting with ':'. */

static char *
current_emote_word (GtkEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  int cursor = gtk_editable_get_position (GTK_EDITABLE (entry));
  const char *end = g_utf8_offset_to_pointer (text, cursor);
  const char *start = end;

  while (start > text && !g_ascii_isspace (start[-1]))
    start--;

  if (*start != ':' || end - start < 2)
    return NULL;

  return g_strndup (start, end - start);
}

static gboolean
completion_match_cb (GtkEntryCompletion *completion,
                     const char         *key,
                     GtkTreeIter        *iter,
                     gpointer            user_data)
{
  ModeratoComposer *self = user_data;
  g_autofree char *word = current_emote_word (self->entry);
  g_autofree char *token = NULL;

  if (word == NULL)
    return FALSE;

  gtk_tree_model_get (GTK_TREE_MODEL (self->emote_names), iter, 0, &token, -1);
  return token != NULL && g_str_has_prefix (token, word) && !g_str_equal (token, word);
}

static gboolean
completion_selected_cb (GtkEntryCompletion *completion,
                        GtkTreeModel       *model,
                        GtkTreeIter        *iter,
                        ModeratoComposer   *self)
{
  GtkEditable *editable = GTK_EDITABLE (self->entry);
  g_autofree char *word = current_emote_word (self->entry);
  g_autofree char *token = NULL;
  int cursor = gtk_editable_get_position (editable);
  int word_chars;

  if (word == NULL)
    return FALSE;

  gtk_tree_model_get (model, iter, 0, &token, -1);
  word_chars = g_utf8_strlen (word, -1);

  gtk_editable_delete_text (editable, cursor - word_chars, cursor);
  cursor -= word_chars;
  gtk_editable_insert_text (editable, token, -1, &cursor);
  gtk_editable_insert_text (editable, " ", 1, &cursor);
  gtk_editable_set_position (editable, cursor);

  return TRUE;
}

static void
emotes_changed_cb (ModeratoComposer *self)
{
  g_auto(GStrv) names = self->emotes != NULL ? rumble_emotes_dup_names (self->emotes) : NULL;

  gtk_list_store_clear (self->emote_names);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *token = g_strconcat (":", names[i], ":", NULL);

      gtk_list_store_insert_with_values (self->emote_names, NULL, -1, 0, token, -1);
    }
}

static void
setup_completion (ModeratoComposer *self)
{
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkEntryCompletion *completion = gtk_entry_completion_new ();

  self->emote_names = gtk_list_store_new (1, G_TYPE_STRING);
  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (self->emote_names));
  gtk_entry_completion_set_text_column (completion, 0);
  gtk_entry_completion_set_minimum_key_length (completion, 2);
  gtk_entry_completion_set_popup_single_match (completion, TRUE);
  gtk_entry_completion_set_match_func (completion, completion_match_cb, self, NULL);
  g_signal_connect (completion, "match-selected", G_CALLBACK (completion_selected_cb), self);
  gtk_entry_set_completion (self->entry, completion);
  g_object_unref (completion);
G_GNUC_END_IGNORE_DEPRECATIONS
}

/* GObject */

static void
moderato_composer_dispose (GObject *object)
{
  ModeratoComposer *self = MODERATO_COMPOSER (object);

  if (self->entry != NULL)
    {
      moderato_composer_set_chat (self, NULL);
      moderato_composer_set_emotes (self, NULL);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), MODERATO_TYPE_COMPOSER);

  g_clear_object (&self->chat_signals);
  g_clear_object (&self->emote_names);

  G_OBJECT_CLASS (moderato_composer_parent_class)->dispose (object);
}

static void
moderato_composer_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ModeratoComposer *self = MODERATO_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_CHAT:
      g_value_set_object (value, self->chat);
      break;
    case PROP_EMOTES:
      g_value_set_object (value, self->emotes);
      break;
    case PROP_LOGGED_IN:
      g_value_set_boolean (value, self->logged_in);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_composer_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  ModeratoComposer *self = MODERATO_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_CHAT:
      moderato_composer_set_chat (self, g_value_get_object (value));
      break;
    case PROP_EMOTES:
      moderato_composer_set_emotes (self, g_value_get_object (value));
      break;
    case PROP_LOGGED_IN:
      moderato_composer_set_logged_in (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_composer_class_init (ModeratoComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moderato_composer_dispose;
  object_class->get_property = moderato_composer_get_property;
  object_class->set_property = moderato_composer_set_property;

  properties[PROP_CHAT] =
    g_param_spec_object ("chat", NULL, NULL,
                         RUMBLE_TYPE_CHAT_API,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMOTES] =
    g_param_spec_object ("emotes", NULL, NULL,
                         RUMBLE_TYPE_EMOTES,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOGGED_IN] =
    g_param_spec_boolean ("logged-in", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ModeratoComposer::send-failed:
   * @plain_text: why the message or command was not sent, a sentence (not markup)
   */
  signals[SEND_FAILED] =
    g_signal_new ("send-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/moderato-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, ModeratoComposer, entry);
  gtk_widget_class_bind_template_child (widget_class, ModeratoComposer, char_count);
  /* Not kept in the instance, but reachable with gtk_widget_get_template_child(). */
  gtk_widget_class_bind_template_child_full (widget_class, "send_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_send);

  gtk_widget_class_install_action (widget_class, "composer.send", NULL, send_action);

  gtk_widget_class_set_css_name (widget_class, "moderato-composer");
}

static void
moderato_composer_init (ModeratoComposer *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->chat_signals = g_signal_group_new (RUMBLE_TYPE_CHAT_API);
  g_signal_group_connect_swapped (self->chat_signals, "notify::message-length-max",
                                  G_CALLBACK (update_send), self);
  setup_completion (self);
  update_send (self);
}

GtkWidget *
moderato_composer_new (void)
{
  return g_object_new (MODERATO_TYPE_COMPOSER, NULL);
}

RumbleChatApi *
moderato_composer_get_chat (ModeratoComposer *self)
{
  g_return_val_if_fail (MODERATO_IS_COMPOSER (self), NULL);

  return self->chat;
}

void
moderato_composer_set_chat (ModeratoComposer *self,
                            RumbleChatApi    *chat)
{
  g_return_if_fail (MODERATO_IS_COMPOSER (self));
  g_return_if_fail (chat == NULL || RUMBLE_IS_CHAT_API (chat));

  if (self->chat == chat)
    return;

  /* A send to the old chat is left to finish unseen. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->sending = FALSE;
  gtk_editable_set_editable (GTK_EDITABLE (self->entry), TRUE);

  g_set_object (&self->chat, chat);
  g_signal_group_set_target (self->chat_signals, chat);
  if (chat != NULL)
    self->cancellable = g_cancellable_new ();

  update_send (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHAT]);
}

RumbleEmotes *
moderato_composer_get_emotes (ModeratoComposer *self)
{
  g_return_val_if_fail (MODERATO_IS_COMPOSER (self), NULL);

  return self->emotes;
}

void
moderato_composer_set_emotes (ModeratoComposer *self,
                              RumbleEmotes     *emotes)
{
  g_return_if_fail (MODERATO_IS_COMPOSER (self));
  g_return_if_fail (emotes == NULL || RUMBLE_IS_EMOTES (emotes));

  if (self->emotes == emotes)
    return;

  if (self->emotes != NULL)
    g_clear_signal_handler (&self->emotes_changed_id, self->emotes);
  g_set_object (&self->emotes, emotes);
  if (emotes != NULL)
    self->emotes_changed_id = g_signal_connect_swapped (emotes, "items-changed",
                                                        G_CALLBACK (emotes_changed_cb), self);

  emotes_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMOTES]);
}

gboolean
moderato_composer_get_logged_in (ModeratoComposer *self)
{
  g_return_val_if_fail (MODERATO_IS_COMPOSER (self), FALSE);

  return self->logged_in;
}

void
moderato_composer_set_logged_in (ModeratoComposer *self,
                                 gboolean          logged_in)
{
  g_return_if_fail (MODERATO_IS_COMPOSER (self));

  logged_in = !!logged_in;
  if (self->logged_in == logged_in)
    return;

  self->logged_in = logged_in;
  update_send (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGGED_IN]);
}
