/* moderato-user-card.c — a user's card: badges, follower, first and last seen, their messages
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "moderato-user-card"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-moderation.h"
#include "moderato-user-card.h"
#include "moderato-user-row.h"
#include "rumble-text.h"

#define MAX_BADGES 12

struct _ModeratoUserCard
{
  GtkPopover          parent_instance;

  RumbleChatApi      *chat;
  RumbleUser         *user;
  char               *user_id;
  RumbleChatApi      *held_chat;    /* holds held_user while the card shows it */
  RumbleUser         *held_user;
  gulong              user_notify_id;
  gulong              chat_moderate_id;
  gulong              chat_session_id;

  GtkCustomFilter    *filter;
  GtkFilterListModel *messages;

  GtkLabel           *name_label;
  GtkWidget          *badges_box;
  GtkLabel           *follower_label;
  GtkLabel           *first_seen_label;
  GtkLabel           *last_seen_label;
  GtkLabel           *count_label;
  GtkWidget          *muted_label;
  GtkStack           *messages_stack;
  GtkListView        *messages_view;
  GtkWidget          *moderation_box;
  GtkWidget          *mute_buttons_box;
  GPtrArray          *mute_buttons;   /* one per mute choice, in the box */
  GtkWidget          *unmute_button;
  GtkWidget          *copy_name_button;
  GtkWidget          *open_profile_button;
};

G_DEFINE_FINAL_TYPE (ModeratoUserCard, moderato_user_card, GTK_TYPE_POPOVER)

enum {
  PROP_0,
  PROP_CHAT,
  PROP_USER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Local time of @unix_s: the time alone when today, else date and time. */
static char *
format_seen (gint64 unix_s)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (unix_s <= 0)
    return g_strdup (C_("time", "Never"));

  when = g_date_time_new_from_unix_local (unix_s);
  if (when == NULL)
    return g_strdup (C_("time", "Unknown"));
  now = g_date_time_new_now_local ();

  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    return g_date_time_format (when, "%X");
  return g_date_time_format (when, "%x %X");
}

static gboolean
filter_by_user (gpointer item,
                gpointer user_data)
{
  ModeratoUserCard *self = user_data;

  return self->user_id != NULL &&
         g_strcmp0 (rumble_message_get_user_id (RUMBLE_MESSAGE (item)), self->user_id) == 0;
}

static void
update_messages_stack (ModeratoUserCard *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));

  gtk_stack_set_visible_child_name (self->messages_stack, n > 0 ? "list" : "empty");
}

/* A shown card keeps its user in the chat's users (and so in the sidebar), whatever the
 * chat evicts. */
static void
update_hold (ModeratoUserCard *self)
{
  gboolean shown = self->chat != NULL && self->user != NULL &&
                   gtk_widget_get_visible (GTK_WIDGET (self));

  if (shown && self->held_chat == self->chat && self->held_user == self->user)
    return;
  if (self->held_chat != NULL)
    rumble_chat_api_release_user (self->held_chat, self->held_user);
  g_clear_object (&self->held_chat);
  g_clear_object (&self->held_user);
  if (!shown)
    return;
  self->held_chat = g_object_ref (self->chat);
  self->held_user = g_object_ref (self->user);
  rumble_chat_api_hold_user (self->held_chat, self->held_user);
}

/* The filter runs over the whole history only while the card is visible. */
static void
attach_messages (ModeratoUserCard *self)
{
  GListModel *source = NULL;

  if (self->chat != NULL && self->user != NULL && gtk_widget_get_visible (GTK_WIDGET (self)))
    source = rumble_chat_api_get_messages (self->chat);

  if (gtk_filter_list_model_get_model (self->messages) != source)
    gtk_filter_list_model_set_model (self->messages, source);
  update_messages_stack (self);
}

static void
update_moderation (ModeratoUserCard *self)
{
  gtk_widget_set_visible (self->moderation_box, moderato_user_card_get_can_moderate (self));
}

static void
update_badges (ModeratoUserCard *self)
{
  const char * const *slugs = self->user != NULL ? rumble_user_get_badges (self->user) : NULL;
  GtkWidget *child;
  guint i;

  while ((child = gtk_widget_get_first_child (self->badges_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->badges_box), child);

  for (i = 0; slugs != NULL && slugs[i] != NULL && i < MAX_BADGES; i++)
    gtk_box_append (GTK_BOX (self->badges_box),
                    moderato_badge_widget_new (self->chat, slugs[i], NULL));
  gtk_widget_set_visible (self->badges_box, i > 0);
}

static void
update_facts (ModeratoUserCard *self)
{
  RumbleUser *user = self->user;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  char count[16];

  if (user == NULL)
    return;

  gtk_label_set_text (self->follower_label,
                      rumble_user_get_is_follower (user) ? _("Yes") : _("No"));
  first = format_seen (rumble_user_get_first_seen (user));
  last = format_seen (rumble_user_get_last_seen (user));
  gtk_label_set_text (self->first_seen_label, first);
  gtk_label_set_text (self->last_seen_label, last);
  g_snprintf (count, sizeof count, "%u", rumble_user_get_message_count (user));
  gtk_label_set_text (self->count_label, count);
  gtk_widget_set_visible (self->muted_label, rumble_user_get_muted (user));
}

static void
update_targets (ModeratoUserCard *self)
{
  const char *name = "";
  const char *id = "";
  g_autofree char *shown = NULL;

  if (self->user != NULL)
    {
      if (rumble_user_get_username (self->user) != NULL)
        name = rumble_user_get_username (self->user);
      id = rumble_user_get_id (self->user);
    }

  /* Shown in an isolate (bidi controls stay inside); the actions take the name itself. */
  shown = rumble_text_isolate (name);
  gtk_label_set_text (self->name_label, shown);

  for (guint i = 0; i < self->mute_buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->mute_buttons, i);
      const RumbleMuteChoice *choice = g_object_get_data (G_OBJECT (button),
                                                          "moderato-mute-choice");

      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              moderato_moderation_mute_target (name, "user",
                                                                               choice));
    }
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->unmute_button),
                                          g_variant_new_string (name));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->copy_name_button),
                                          g_variant_new_string (name));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->open_profile_button),
                                          g_variant_new_string (id));
}

static void
on_user_notify (RumbleUser       *user,
                GParamSpec       *pspec,
                ModeratoUserCard *self)
{
  if (g_str_equal (pspec->name, "badges"))
    update_badges (self);
  else if (g_str_equal (pspec->name, "username"))
    update_targets (self);
  else
    update_facts (self);
}

static void
on_chat_moderation_changed (RumbleChatApi    *chat,
                            GParamSpec       *pspec,
                            ModeratoUserCard *self)
{
  update_moderation (self);
}

static void
on_messages_items_changed (GListModel       *model,
                           guint             position,
                           guint             removed,
                           guint             added,
                           ModeratoUserCard *self)
{
  update_messages_stack (self);
}

/* Message list rows: "12:01:07  text", plain text; deleted ones dimmed and struck through. */
static void
update_message_label (GtkLabel      *label,
                      RumbleMessage *message)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (rumble_message_get_time (message));
  g_autofree char *time = when != NULL ? g_date_time_format (when, "%X") : g_strdup ("");
  g_autofree char *text = g_strdup_printf ("%s  " RUMBLE_TEXT_FSI "%s" RUMBLE_TEXT_PDI, time,
                                           rumble_message_get_text (message));
  gboolean deleted = rumble_message_get_deleted (message);
  g_autoptr(PangoAttrList) attrs = NULL;

  gtk_label_set_text (label, text);
  if (deleted)
    {
      attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_strikethrough_new (TRUE));
      gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (label), "deleted");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (label), "deleted");
    }
  gtk_label_set_attributes (label, attrs);
}

static void
on_message_notify_deleted (RumbleMessage *message,
                           GParamSpec    *pspec,
                           GtkLabel      *label)
{
  update_message_label (label, message);
}

static void
setup_message (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "use-markup", FALSE,
                                   "wrap", TRUE,
                                   "wrap-mode", PANGO_WRAP_WORD_CHAR,
                                   "xalign", 0.0f,
                                   "margin-start", 6,
                                   "margin-end", 6,
                                   "margin-top", 2,
                                   "margin-bottom", 2,
                                   NULL);

  gtk_list_item_set_child (item, label);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_message (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  RumbleMessage *message = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  gulong id;

  update_message_label (GTK_LABEL (label), message);
  id = g_signal_connect (message, "notify::deleted", G_CALLBACK (on_message_notify_deleted), label);
  g_object_set_data (G_OBJECT (item), "moderato-deleted-handler", GSIZE_TO_POINTER ((gsize) id));
}

static void
unbind_message (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  RumbleMessage *message = gtk_list_item_get_item (item);
  gulong id = (gulong) GPOINTER_TO_SIZE (g_object_steal_data (G_OBJECT (item),
                                                              "moderato-deleted-handler"));

  if (message != NULL && id != 0)
    g_signal_handler_disconnect (message, id);
}

static void
moderato_user_card_show (GtkWidget *widget)
{
  ModeratoUserCard *self = MODERATO_USER_CARD (widget);

  GTK_WIDGET_CLASS (moderato_user_card_parent_class)->show (widget);
  attach_messages (self);
  update_hold (self);
}

static void
moderato_user_card_hide (GtkWidget *widget)
{
  ModeratoUserCard *self = MODERATO_USER_CARD (widget);

  GTK_WIDGET_CLASS (moderato_user_card_parent_class)->hide (widget);
  attach_messages (self);
  update_hold (self);
}

static void
moderato_user_card_dispose (GObject *object)
{
  ModeratoUserCard *self = MODERATO_USER_CARD (object);

  moderato_user_card_set_user (self, NULL);
  moderato_user_card_set_chat (self, NULL);
  if (self->messages != NULL)
    gtk_filter_list_model_set_model (self->messages, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MODERATO_TYPE_USER_CARD);
  g_clear_object (&self->messages);

  G_OBJECT_CLASS (moderato_user_card_parent_class)->dispose (object);
}

static void
moderato_user_card_finalize (GObject *object)
{
  ModeratoUserCard *self = MODERATO_USER_CARD (object);

  g_free (self->user_id);
  g_ptr_array_unref (self->mute_buttons);

  G_OBJECT_CLASS (moderato_user_card_parent_class)->finalize (object);
}

static void
moderato_user_card_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ModeratoUserCard *self = MODERATO_USER_CARD (object);

  switch (prop_id)
    {
    case PROP_CHAT:
      g_value_set_object (value, self->chat);
      break;
    case PROP_USER:
      g_value_set_object (value, self->user);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_user_card_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ModeratoUserCard *self = MODERATO_USER_CARD (object);

  switch (prop_id)
    {
    case PROP_CHAT:
      moderato_user_card_set_chat (self, g_value_get_object (value));
      break;
    case PROP_USER:
      moderato_user_card_set_user (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_user_card_class_init (ModeratoUserCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moderato_user_card_dispose;
  object_class->finalize = moderato_user_card_finalize;
  object_class->get_property = moderato_user_card_get_property;
  object_class->set_property = moderato_user_card_set_property;

  widget_class->show = moderato_user_card_show;
  widget_class->hide = moderato_user_card_hide;

  properties[PROP_CHAT] =
    g_param_spec_object ("chat", NULL, NULL,
                         RUMBLE_TYPE_CHAT_API,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER] =
    g_param_spec_object ("user", NULL, NULL,
                         RUMBLE_TYPE_USER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/moderato-user-card.ui");
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, badges_box);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, follower_label);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, first_seen_label);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, last_seen_label);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, count_label);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, muted_label);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, messages_stack);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, messages_view);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, moderation_box);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, mute_buttons_box);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, unmute_button);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, copy_name_button);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserCard, open_profile_button);
}

static void
moderato_user_card_init (ModeratoUserCard *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->mute_buttons = g_ptr_array_new ();
  for (const RumbleMuteChoice *choice = rumble_mute_choices (); choice->id != NULL; choice++)
    {
      GtkWidget *button = gtk_button_new_with_label (_(choice->button_label));

      /* Forever is the one that cannot be undone by waiting. */
      if (choice->scope == RUMBLE_MUTE_SCOPE_TOTAL)
        gtk_widget_add_css_class (button, "destructive-action");
      g_object_set_data (G_OBJECT (button), "moderato-mute-choice", (gpointer) choice);
      gtk_box_insert_child_after (GTK_BOX (self->mute_buttons_box), button,
                                  gtk_widget_get_prev_sibling (self->unmute_button));
      g_ptr_array_add (self->mute_buttons, button);
    }

  self->filter = gtk_custom_filter_new (filter_by_user, self, NULL);
  self->messages = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  g_signal_connect (self->messages, "items-changed", G_CALLBACK (on_messages_items_changed), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_message), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_message), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_message), NULL);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->messages)));
  gtk_list_view_set_factory (self->messages_view, factory);
  gtk_list_view_set_model (self->messages_view, GTK_SELECTION_MODEL (selection));

  /* Targets first: an action name without its (ssus) target would warn. */
  update_targets (self);
  for (guint i = 0; i < self->mute_buttons->len; i++)
    gtk_actionable_set_action_name (g_ptr_array_index (self->mute_buttons, i), "win.mute");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->unmute_button), "win.unmute");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->copy_name_button), "win.copy-username");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->open_profile_button), "win.open-profile");

  update_moderation (self);
  update_messages_stack (self);
}

GtkWidget *
moderato_user_card_new (void)
{
  return g_object_new (MODERATO_TYPE_USER_CARD, NULL);
}

RumbleChatApi *
moderato_user_card_get_chat (ModeratoUserCard *self)
{
  g_return_val_if_fail (MODERATO_IS_USER_CARD (self), NULL);

  return self->chat;
}

void
moderato_user_card_set_chat (ModeratoUserCard *self,
                             RumbleChatApi    *chat)
{
  g_return_if_fail (MODERATO_IS_USER_CARD (self));
  g_return_if_fail (chat == NULL || RUMBLE_IS_CHAT_API (chat));

  if (self->chat == chat)
    return;

  if (self->chat != NULL)
    {
      g_clear_signal_handler (&self->chat_moderate_id, self->chat);
      g_clear_signal_handler (&self->chat_session_id, self->chat);
    }
  g_set_object (&self->chat, chat);
  if (chat != NULL)
    {
      self->chat_moderate_id = g_signal_connect (chat, "notify::can-moderate",
                                                 G_CALLBACK (on_chat_moderation_changed), self);
      self->chat_session_id = g_signal_connect (chat, "notify::session",
                                                G_CALLBACK (on_chat_moderation_changed), self);
    }

  attach_messages (self);
  update_hold (self);
  update_badges (self);
  update_moderation (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHAT]);
}

RumbleUser *
moderato_user_card_get_user (ModeratoUserCard *self)
{
  g_return_val_if_fail (MODERATO_IS_USER_CARD (self), NULL);

  return self->user;
}

void
moderato_user_card_set_user (ModeratoUserCard *self,
                             RumbleUser       *user)
{
  g_return_if_fail (MODERATO_IS_USER_CARD (self));
  g_return_if_fail (user == NULL || RUMBLE_IS_USER (user));

  if (self->user == user)
    return;

  if (self->user != NULL)
    g_clear_signal_handler (&self->user_notify_id, self->user);
  g_set_object (&self->user, user);
  g_free (self->user_id);
  self->user_id = user != NULL ? g_strdup (rumble_user_get_id (user)) : NULL;
  if (user != NULL)
    self->user_notify_id = g_signal_connect (user, "notify", G_CALLBACK (on_user_notify), self);

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  attach_messages (self);
  update_hold (self);
  update_targets (self);
  update_badges (self);
  update_facts (self);
  update_moderation (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
}

GListModel *
moderato_user_card_get_messages (ModeratoUserCard *self)
{
  g_return_val_if_fail (MODERATO_IS_USER_CARD (self), NULL);

  return G_LIST_MODEL (self->messages);
}

gboolean
moderato_user_card_get_can_moderate (ModeratoUserCard *self)
{
  g_return_val_if_fail (MODERATO_IS_USER_CARD (self), FALSE);

  return self->user != NULL && moderato_moderation_allowed (self->chat);
}
