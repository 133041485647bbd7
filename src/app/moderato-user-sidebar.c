/* moderato-user-sidebar.c — every user seen in the chat, filterable, with their card
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "moderato-user-sidebar"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-user-card.h"
#include "moderato-user-row.h"
#include "moderato-user-sidebar.h"
#include "moderato-users-by-activity.h"

/* Users who spoke move up together, at most this often: a busy chat does not shuffle the
 * list at every message. */
#define MOVE_INTERVAL_MS 1000

struct _ModeratoUserSidebar
{
  GtkWidget                parent_instance;

  RumbleChatApi           *chat;

  ModeratoUsersByActivity *by_activity;
  GtkStringFilter         *filter;
  GtkFilterListModel      *filter_model;

  GtkWidget               *card;
  gboolean                 keep_top;   /* the view was at the top before a change */
  gboolean                 hovered;    /* the pointer is over the list */
  gboolean                 frozen;     /* by_activity is frozen by us */

  GtkWidget               *box;
  GtkSearchEntry          *search_entry;
  GtkStack                *stack;
  GtkListView             *list_view;
  GtkLabel                *empty_label;

  RumbleEmotes            *emotes;
  ModeratoImageCache      *image_cache;
};

G_DEFINE_FINAL_TYPE (ModeratoUserSidebar, moderato_user_sidebar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CHAT,
  PROP_SORT,
  PROP_CARD_OPEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_empty_state (ModeratoUserSidebar *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (n > 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }

  if (search != NULL && search[0] != '\0')
    gtk_label_set_text (self->empty_label, _("No user matches this name"));
  else
    gtk_label_set_text (self->empty_label, _("No one has written yet"));
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* Runs before the list view hears of the change. */
static void
on_sorted_items_changed (GListModel          *model,
                         guint                position,
                         guint                removed,
                         guint                added,
                         ModeratoUserSidebar *self)
{
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));

  /* The list view keeps its first row's user in view wherever it moves: when users move up
   * over it, it would follow that user down the list, away from the latest active. */
  self->keep_top = position == 0 && removed > 0 && vadjustment != NULL &&
                   gtk_adjustment_get_value (vadjustment) <= 0;
  update_empty_state (self);
}

/* Runs after the list view has taken the change. */
static void
on_shown_items_changed (GListModel          *model,
                        guint                position,
                        guint                removed,
                        guint                added,
                        ModeratoUserSidebar *self)
{
  if (!self->keep_top)
    return;
  self->keep_top = FALSE;
  if (g_list_model_get_n_items (model) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
}

/* No row moves under the pointer, nor while a card opened from the list is open: a click
 * must land on the user who was there. Arrivals are appended meanwhile; the list sorts
 * itself again when the pointer leaves and the card is closed. */
static void
update_frozen (ModeratoUserSidebar *self)
{
  gboolean frozen = self->hovered ||
                    (self->card != NULL && gtk_widget_get_visible (self->card));

  if (frozen == self->frozen || self->by_activity == NULL)
    return;
  self->frozen = frozen;
  if (frozen)
    moderato_users_by_activity_freeze (self->by_activity);
  else
    moderato_users_by_activity_thaw (self->by_activity);
}

static void
on_list_enter (GtkEventControllerMotion *motion,
               double                    x,
               double                    y,
               ModeratoUserSidebar      *self)
{
  self->hovered = TRUE;
  update_frozen (self);
}

static void
on_list_leave (GtkEventControllerMotion *motion,
               ModeratoUserSidebar      *self)
{
  self->hovered = FALSE;
  update_frozen (self);
}

static void
on_card_visible (GtkWidget           *card,
                 GParamSpec          *pspec,
                 ModeratoUserSidebar *self)
{
  update_frozen (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARD_OPEN]);
}

static void
on_search_changed (GtkSearchEntry      *entry,
                   ModeratoUserSidebar *self)
{
  gtk_string_filter_set_search (self->filter, gtk_editable_get_text (GTK_EDITABLE (entry)));
  update_empty_state (self);
}

static void
on_stop_search (GtkSearchEntry      *entry,
                ModeratoUserSidebar *self)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

/* The row widget currently showing @user, if it is on screen. */
static ModeratoUserRow *
find_row_for_user (ModeratoUserSidebar *self,
                   RumbleUser          *user)
{
  for (GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *child = gtk_widget_get_first_child (item);

      if (MODERATO_IS_USER_ROW (child) &&
          moderato_user_row_get_user (MODERATO_USER_ROW (child)) == user &&
          gtk_widget_get_mapped (child))
        return MODERATO_USER_ROW (child);
    }
  return NULL;
}

/* The card fits in the window: it scrolls inside the window's height. */
static void
fit_card (ModeratoUserSidebar *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (root != NULL && gtk_widget_get_height (GTK_WIDGET (root)) > 0)
    moderato_user_card_set_max_height (MODERATO_USER_CARD (self->card),
                                       gtk_widget_get_height (GTK_WIDGET (root)));
}

static void
open_card (ModeratoUserSidebar *self,
           RumbleUser          *user)
{
  ModeratoUserRow *row;
  graphene_rect_t bounds;

  if (self->card == NULL)
    {
      self->card = moderato_user_card_new ();
      gtk_widget_set_parent (self->card, GTK_WIDGET (self));
      moderato_user_card_set_emotes (MODERATO_USER_CARD (self->card), self->emotes);
      moderato_user_card_set_image_cache (MODERATO_USER_CARD (self->card), self->image_cache);
      g_signal_connect (self->card, "notify::visible", G_CALLBACK (on_card_visible), self);
    }

  moderato_user_card_set_chat (MODERATO_USER_CARD (self->card), self->chat);
  moderato_user_card_set_user (MODERATO_USER_CARD (self->card), user);
  fit_card (self);

  row = find_row_for_user (self, user);
  if (row != NULL && gtk_widget_compute_bounds (GTK_WIDGET (row), GTK_WIDGET (self), &bounds))
    gtk_popover_set_pointing_to (GTK_POPOVER (self->card),
                                 &(GdkRectangle) {
                                   (int) bounds.origin.x, (int) bounds.origin.y,
                                   (int) bounds.size.width, (int) bounds.size.height
                                 });
  else
    gtk_popover_set_pointing_to (GTK_POPOVER (self->card), NULL);

  gtk_popover_popup (GTK_POPOVER (self->card));
}

static void
on_list_activate (GtkListView         *list_view,
                  guint                position,
                  ModeratoUserSidebar *self)
{
  g_autoptr(RumbleUser) user = g_list_model_get_item (G_LIST_MODEL (self->filter_model), position);

  if (user != NULL)
    open_card (self, user);
}

/* Menu / Shift+F10 on the focused user row. */
static gboolean
on_menu_key (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  ModeratoUserSidebar *self = MODERATO_USER_SIDEBAR (user_data);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row = NULL;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_view)))
    return FALSE;

  /* Focus sits on the list item, whose child is our row; or inside the row. */
  if (MODERATO_IS_USER_ROW (gtk_widget_get_first_child (focus)))
    row = gtk_widget_get_first_child (focus);
  else
    row = gtk_widget_get_ancestor (focus, MODERATO_TYPE_USER_ROW);

  if (row == NULL)
    return FALSE;

  moderato_user_row_popup_menu (MODERATO_USER_ROW (row));
  return TRUE;
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           ModeratoUserSidebar      *self)
{
  gtk_list_item_set_child (item, moderato_user_row_new ());
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          ModeratoUserSidebar      *self)
{
  ModeratoUserRow *row = MODERATO_USER_ROW (gtk_list_item_get_child (item));
  RumbleUser *user = gtk_list_item_get_item (item);
  const char *name = rumble_user_get_username (user);

  moderato_user_row_set_chat (row, self->chat);
  /* GTK 4.8 unbinds and binds every row after an insertion or removal before it; a
   * rebind to the same user costs nothing. */
  if (moderato_user_row_get_user (row) == user)
    return;
  moderato_user_row_set_user (row, user);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name != NULL ? name : "",
                                  -1);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            ModeratoUserSidebar      *self)
{
  /* Nothing: the row keeps its user until it is bound to another one (see bind_row). */
}

static void
moderato_user_sidebar_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  ModeratoUserSidebar *self = MODERATO_USER_SIDEBAR (widget);

  gtk_widget_measure (self->box, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

static void
moderato_user_sidebar_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  ModeratoUserSidebar *self = MODERATO_USER_SIDEBAR (widget);

  gtk_widget_allocate (self->box, width, height, baseline, NULL);
  if (self->card != NULL)
    {
      fit_card (self);
      gtk_popover_present (GTK_POPOVER (self->card));
    }
}

static gboolean
moderato_user_sidebar_grab_focus (GtkWidget *widget)
{
  ModeratoUserSidebar *self = MODERATO_USER_SIDEBAR (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
moderato_user_sidebar_dispose (GObject *object)
{
  ModeratoUserSidebar *self = MODERATO_USER_SIDEBAR (object);

  moderato_user_sidebar_set_chat (self, NULL);
  if (self->card != NULL)
    g_signal_handlers_disconnect_by_data (self->card, self);
  g_clear_pointer (&self->card, gtk_widget_unparent);
  g_clear_object (&self->emotes);
  g_clear_object (&self->image_cache);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MODERATO_TYPE_USER_SIDEBAR);
  self->box = NULL;
  g_clear_object (&self->filter_model);
  g_clear_object (&self->by_activity);
  self->filter = NULL;

  G_OBJECT_CLASS (moderato_user_sidebar_parent_class)->dispose (object);
}

static void
moderato_user_sidebar_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ModeratoUserSidebar *self = MODERATO_USER_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_CHAT:
      g_value_set_object (value, self->chat);
      break;
    case PROP_SORT:
      g_value_set_string (value, moderato_user_sidebar_get_sort (self));
      break;
    case PROP_CARD_OPEN:
      g_value_set_boolean (value, moderato_user_sidebar_get_card_open (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_user_sidebar_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ModeratoUserSidebar *self = MODERATO_USER_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_CHAT:
      moderato_user_sidebar_set_chat (self, g_value_get_object (value));
      break;
    case PROP_SORT:
      moderato_user_sidebar_set_sort (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_user_sidebar_class_init (ModeratoUserSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moderato_user_sidebar_dispose;
  object_class->get_property = moderato_user_sidebar_get_property;
  object_class->set_property = moderato_user_sidebar_set_property;

  widget_class->measure = moderato_user_sidebar_measure;
  widget_class->size_allocate = moderato_user_sidebar_size_allocate;
  widget_class->grab_focus = moderato_user_sidebar_grab_focus;

  properties[PROP_CHAT] =
    g_param_spec_object ("chat", NULL, NULL,
                         RUMBLE_TYPE_CHAT_API,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SORT] =
    g_param_spec_string ("sort", NULL, NULL,
                         "activity",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CARD_OPEN] =
    g_param_spec_boolean ("card-open", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_property_action (widget_class, "sidebar.sort", "sort");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/moderato-user-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserSidebar, box);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserSidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserSidebar, stack);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserSidebar, list_view);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserSidebar, empty_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_list_enter);
  gtk_widget_class_bind_template_callback (widget_class, on_list_leave);

  gtk_widget_class_set_css_name (widget_class, "moderato-user-sidebar");
}

static void
moderato_user_sidebar_init (ModeratoUserSidebar *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;
  GtkEventController *shortcuts;
  GtkShortcutAction *action;
  GtkShortcutTrigger *trigger;
  GtkExpression *expression;

  /* First: the template's sort menu reads the order. */
  self->by_activity = moderato_users_by_activity_new (MOVE_INTERVAL_MS);
  gtk_widget_init_template (GTK_WIDGET (self));

  expression = gtk_property_expression_new (RUMBLE_TYPE_USER, NULL, "username");
  self->filter = gtk_string_filter_new (expression);
  gtk_string_filter_set_ignore_case (self->filter, TRUE);
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->by_activity)),
                                                  GTK_FILTER (self->filter));
  g_signal_connect (self->filter_model, "items-changed",
                    G_CALLBACK (on_sorted_items_changed), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_signal_connect (selection, "items-changed", G_CALLBACK (on_shown_items_changed), self);

  shortcuts = gtk_shortcut_controller_new ();
  action = gtk_callback_action_new (on_menu_key, self, NULL);
  trigger = gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Menu, 0),
                                         gtk_keyval_trigger_new (GDK_KEY_F10, GDK_SHIFT_MASK));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (trigger, action));
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), shortcuts);

  update_empty_state (self);
}

GtkWidget *
moderato_user_sidebar_new (void)
{
  return g_object_new (MODERATO_TYPE_USER_SIDEBAR, NULL);
}

RumbleChatApi *
moderato_user_sidebar_get_chat (ModeratoUserSidebar *self)
{
  g_return_val_if_fail (MODERATO_IS_USER_SIDEBAR (self), NULL);

  return self->chat;
}

void
moderato_user_sidebar_set_chat (ModeratoUserSidebar *self,
                                RumbleChatApi       *chat)
{
  g_return_if_fail (MODERATO_IS_USER_SIDEBAR (self));
  g_return_if_fail (chat == NULL || RUMBLE_IS_CHAT_API (chat));

  if (self->chat == chat)
    return;

  if (self->card != NULL)
    {
      gtk_popover_popdown (GTK_POPOVER (self->card));
      moderato_user_card_set_user (MODERATO_USER_CARD (self->card), NULL);
      moderato_user_card_set_chat (MODERATO_USER_CARD (self->card), chat);
    }

  g_set_object (&self->chat, chat);
  if (self->by_activity != NULL)
    moderato_users_by_activity_set_chat (self->by_activity, chat);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHAT]);
}

void
moderato_user_sidebar_focus_filter (ModeratoUserSidebar *self)
{
  g_return_if_fail (MODERATO_IS_USER_SIDEBAR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
moderato_user_sidebar_show_user (ModeratoUserSidebar *self,
                                 RumbleUser          *user)
{
  guint n;

  g_return_if_fail (MODERATO_IS_USER_SIDEBAR (self));
  g_return_if_fail (RUMBLE_IS_USER (user));

  /* Bring the row into view when it is in the (filtered) list. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RumbleUser) item = g_list_model_get_item (G_LIST_MODEL (self->filter_model), i);

      if (item == user)
        {
          gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", i);
          break;
        }
    }

  open_card (self, user);
}

gboolean
moderato_user_sidebar_get_card_open (ModeratoUserSidebar *self)
{
  g_return_val_if_fail (MODERATO_IS_USER_SIDEBAR (self), FALSE);

  return self->card != NULL && gtk_widget_get_visible (self->card);
}

GListModel *
moderato_user_sidebar_get_model (ModeratoUserSidebar *self)
{
  g_return_val_if_fail (MODERATO_IS_USER_SIDEBAR (self), NULL);

  return G_LIST_MODEL (self->filter_model);
}

const char *
moderato_user_sidebar_get_sort (ModeratoUserSidebar *self)
{
  g_return_val_if_fail (MODERATO_IS_USER_SIDEBAR (self), NULL);

  if (self->by_activity == NULL)
    return moderato_users_sort_to_string (MODERATO_USERS_SORT_ACTIVITY);
  return moderato_users_sort_to_string (moderato_users_by_activity_get_sort (self->by_activity));
}

void
moderato_user_sidebar_set_sort (ModeratoUserSidebar *self,
                                const char          *sort)
{
  ModeratoUsersSort value;

  g_return_if_fail (MODERATO_IS_USER_SIDEBAR (self));

  if (self->by_activity == NULL)
    return;
  if (!moderato_users_sort_from_string (sort, &value))
    {
      g_debug ("Unknown people order “%s”", sort != NULL ? sort : "(null)");
      return;
    }
  if (value == moderato_users_by_activity_get_sort (self->by_activity))
    return;
  moderato_users_by_activity_set_sort (self->by_activity, value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
}

gboolean
moderato_user_sidebar_get_frozen (ModeratoUserSidebar *self)
{
  g_return_val_if_fail (MODERATO_IS_USER_SIDEBAR (self), FALSE);

  return self->by_activity != NULL && moderato_users_by_activity_get_frozen (self->by_activity);
}

void
moderato_user_sidebar_set_emotes (ModeratoUserSidebar *self,
                                  RumbleEmotes        *emotes)
{
  g_return_if_fail (MODERATO_IS_USER_SIDEBAR (self));

  if (!g_set_object (&self->emotes, emotes))
    return;
  if (self->card != NULL)
    moderato_user_card_set_emotes (MODERATO_USER_CARD (self->card), emotes);
}

void
moderato_user_sidebar_set_image_cache (ModeratoUserSidebar *self,
                                       ModeratoImageCache  *cache)
{
  g_return_if_fail (MODERATO_IS_USER_SIDEBAR (self));

  if (!g_set_object (&self->image_cache, cache))
    return;
  if (self->card != NULL)
    moderato_user_card_set_image_cache (MODERATO_USER_CARD (self->card), cache);
}
