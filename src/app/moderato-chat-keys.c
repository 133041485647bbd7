/* moderato-chat-keys.c — the chat list by keyboard: row focus and moderation keys
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Focus moves by message, not by list item: Up from a row looks up where that row's message
 * is in the model now and focuses the row of the message before it. GTK 4.8's own bindings
 * move from the position the list last tracked, which a history trim shifts under the
 * focus. Commands go through the same win.* actions as the message menu, so they check the
 * same rights and report failures with the same toasts.
 */
#define G_LOG_DOMAIN "moderato-chat-keys"

#include "config.h"

#include "moderato-chat-keys.h"
#include "moderato-moderation.h"

static GListModel *
list_model (ModeratoChatView *view)
{
  return G_LIST_MODEL (gtk_list_view_get_model (moderato_chat_view_get_list_view (view)));
}

static guint
n_items (ModeratoChatView *view)
{
  GListModel *model = list_model (view);

  return model != NULL ? g_list_model_get_n_items (model) : 0;
}

/* Where @message is in the list now; the focus is usually near the end. */
static guint
message_position (ModeratoChatView *view,
                  RumbleMessage    *message)
{
  GListModel *model = list_model (view);

  for (guint i = n_items (view); i > 0; i--)
    {
      g_autoptr(RumbleMessage) item = g_list_model_get_item (model, i - 1);

      if (item == message)
        return i - 1;
    }

  return GTK_INVALID_LIST_POSITION;
}

/* The list's row widget showing @message, if the list has made one. */
static ModeratoMessageRow *
find_row (ModeratoChatView *view,
          RumbleMessage    *message)
{
  GtkWidget *list = GTK_WIDGET (moderato_chat_view_get_list_view (view));

  for (GtkWidget *item = gtk_widget_get_first_child (list); item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_first_child (item);

      if (MODERATO_IS_MESSAGE_ROW (row) && gtk_widget_get_visible (item) &&
          moderato_message_row_get_message (MODERATO_MESSAGE_ROW (row)) == message)
        return MODERATO_MESSAGE_ROW (row);
    }

  return NULL;
}

static gboolean
focus_in_list (ModeratoChatView *view)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (view));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *list = GTK_WIDGET (moderato_chat_view_get_list_view (view));

  return focus != NULL && (focus == list || gtk_widget_is_ancestor (focus, list));
}

ModeratoMessageRow *
moderato_chat_keys_get_focus_row (ModeratoChatView *view)
{
  GtkRoot *root;
  GtkWidget *focus;
  GtkWidget *row;

  g_return_val_if_fail (MODERATO_IS_CHAT_VIEW (view), NULL);

  root = gtk_widget_get_root (GTK_WIDGET (view));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus == NULL ||
      !gtk_widget_is_ancestor (focus, GTK_WIDGET (moderato_chat_view_get_list_view (view))))
    return NULL;

  row = gtk_widget_get_ancestor (focus, MODERATO_TYPE_MESSAGE_ROW);
  return row != NULL ? MODERATO_MESSAGE_ROW (row) : NULL;
}

void
moderato_chat_keys_focus_position (ModeratoChatView *view,
                                   guint             position)
{
  g_autoptr(RumbleMessage) message = NULL;
  ModeratoMessageRow *row;

  g_return_if_fail (MODERATO_IS_CHAT_VIEW (view));

  if (position >= n_items (view))
    return;

  /* Scrolling there makes the item's row at once (GTK 4.8 builds the rows around the
   * anchor when it is set), however far it is. */
  message = g_list_model_get_item (list_model (view), position);
  gtk_widget_activate_action (GTK_WIDGET (moderato_chat_view_get_list_view (view)),
                              "list.scroll-to-item", "u", position);
  row = find_row (view, message);
  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

/* Rows (at least partly) on screen now: the size of a page. */
static guint
rows_on_screen (ModeratoChatView *view)
{
  GtkWidget *list = GTK_WIDGET (moderato_chat_view_get_list_view (view));
  GtkWidget *viewport = gtk_widget_get_parent (list);
  int height = gtk_widget_get_height (viewport);
  guint n = 0;

  for (GtkWidget *item = gtk_widget_get_first_child (list); item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      graphene_rect_t bounds;

      if (gtk_widget_get_mapped (item) && gtk_widget_compute_bounds (item, viewport, &bounds) &&
          bounds.origin.y + bounds.size.height > 0 && bounds.origin.y < height)
        n++;
    }

  return n;
}

/* Moves the focus @steps messages from the focused row's message (no row focused: to the
 * newest). Going up stops following, as scrolling up does; down to the newest follows
 * again, as scrolling to the bottom does. */
static void
move_focus (ModeratoChatView *view,
            int               steps)
{
  ModeratoMessageRow *row = moderato_chat_keys_get_focus_row (view);
  RumbleMessage *from = row != NULL ? moderato_message_row_get_message (row) : NULL;
  guint n = n_items (view);
  guint position = from != NULL ? message_position (view, from) : GTK_INVALID_LIST_POSITION;
  guint target;

  if (n == 0)
    return;

  if (position == GTK_INVALID_LIST_POSITION)
    target = n - 1;
  else if (steps < 0)
    target = position >= (guint) -steps ? position - (guint) -steps : 0;
  else
    target = MIN (position + (guint) steps, n - 1);

  if (steps < 0 && position != GTK_INVALID_LIST_POSITION)
    moderato_chat_view_stop_following (view);
  else if (steps > 0 && target == n - 1)
    moderato_chat_view_jump_to_latest (view);
  moderato_chat_keys_focus_position (view, target);
}

static int
page_steps (ModeratoChatView *view)
{
  guint rows = rows_on_screen (view);

  return rows > 2 ? (int) rows - 1 : 1;
}

/* The label of the submenu in @model (or its sections) whose action is @action: GTK names
 * the submenu's page after it. */
static char *
submenu_label (GMenuModel *model,
               const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
      g_autoptr(GMenuModel) submenu = g_menu_model_get_item_link (model, i, G_MENU_LINK_SUBMENU);
      g_autofree char *item_action = NULL;
      char *label = NULL;

      if (section != NULL && (label = submenu_label (section, action)) != NULL)
        return label;

      if (submenu != NULL &&
          g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &item_action) &&
          g_strcmp0 (item_action, action) == 0 &&
          g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        return label;
    }

  return NULL;
}

static GtkWidget *
find_stack (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_stack (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The message menu of @row, opened at its "Mute User" choices (Back leads to the rest). */
static void
open_mute_choices (ModeratoChatView   *view,
                   ModeratoMessageRow *row)
{
  GtkPopover *popover;
  GMenuModel *model;
  g_autofree char *name = NULL;
  GtkWidget *stack;
  GtkWidget *page;

  moderato_chat_view_popup_menu (view, moderato_message_row_get_message (row), GTK_WIDGET (row));
  popover = moderato_chat_view_get_menu_popover (view);
  model = gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (popover));
  name = model != NULL ? submenu_label (model, "msg.mute-user-menu") : NULL;
  stack = find_stack (GTK_WIDGET (popover));
  page = name != NULL && stack != NULL ? gtk_stack_get_child_by_name (GTK_STACK (stack), name)
                                       : NULL;
  if (page == NULL)
    return;

  gtk_stack_set_visible_child (GTK_STACK (stack), page);
  gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
}

static gboolean
is_pinned (RumbleChatApi *chat,
           RumbleMessage *message)
{
  RumbleMessage *pinned = rumble_chat_api_get_pinned_message (chat);

  return pinned != NULL &&
         g_strcmp0 (rumble_message_get_id (pinned), rumble_message_get_id (message)) == 0;
}

/* A moderation key on @row. FALSE (nothing happens) without the right to moderate. */
static gboolean
moderate (ModeratoChatView   *view,
          ModeratoMessageRow *row,
          guint               keyval)
{
  GtkWidget *widget = GTK_WIDGET (view);
  RumbleChatApi *chat = moderato_chat_view_get_chat (view);
  RumbleMessage *message = moderato_message_row_get_message (row);
  RumbleUser *user = rumble_message_get_user (message);
  const char *id = rumble_message_get_id (message);

  if (!moderato_moderation_allowed (chat))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
      if (!rumble_message_get_deleted (message))
        gtk_widget_activate_action (widget, "win.delete-message", "s", id);
      return TRUE;
    case GDK_KEY_p:
      if (is_pinned (chat, message))
        gtk_widget_activate_action (widget, "win.unpin-message", "s", id);
      else if (!rumble_message_get_deleted (message))
        gtk_widget_activate_action (widget, "win.pin-message", "s", id);
      return TRUE;
    case GDK_KEY_m:
      if (user != NULL && rumble_user_get_username (user) != NULL)
        open_mute_choices (view, row);
      return TRUE;
    default:
      return FALSE;
    }
}

/* A command key on the focused @row. */
static gboolean
row_command (ModeratoChatView   *view,
             ModeratoMessageRow *row,
             guint               keyval)
{
  GtkWidget *widget = GTK_WIDGET (view);
  RumbleMessage *message = moderato_message_row_get_message (row);

  if (message == NULL)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_c:
      gtk_widget_activate_action (widget, "win.copy-message-text", "s",
                                  rumble_message_get_id (message));
      return TRUE;
    case GDK_KEY_u:
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      if (rumble_message_get_user_id (message) != NULL)
        gtk_widget_activate_action (widget, "win.show-user", "s",
                                    rumble_message_get_user_id (message));
      return TRUE;
    default:
      return moderate (view, row, keyval);
    }
}

gboolean
moderato_chat_keys_key_pressed (ModeratoChatView *view,
                                guint             keyval,
                                GdkModifierType   state)
{
  GdkModifierType mods = state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK | GDK_ALT_MASK |
                                  GDK_SUPER_MASK | GDK_META_MASK);
  ModeratoMessageRow *row;

  g_return_val_if_fail (MODERATO_IS_CHAT_VIEW (view), FALSE);

  /* Moving, with or without Ctrl (the list has no selection for Shift to extend). */
  if ((mods & ~GDK_CONTROL_MASK) == 0)
    {
      switch (keyval)
        {
        case GDK_KEY_Up:
        case GDK_KEY_KP_Up:
          move_focus (view, -1);
          return TRUE;
        case GDK_KEY_Down:
        case GDK_KEY_KP_Down:
          move_focus (view, 1);
          return TRUE;
        case GDK_KEY_Page_Up:
        case GDK_KEY_KP_Page_Up:
          move_focus (view, -page_steps (view));
          return TRUE;
        case GDK_KEY_Page_Down:
        case GDK_KEY_KP_Page_Down:
          move_focus (view, page_steps (view));
          return TRUE;
        case GDK_KEY_Home:
        case GDK_KEY_KP_Home:
          moderato_chat_view_stop_following (view);
          moderato_chat_keys_focus_position (view, 0);
          return TRUE;
        case GDK_KEY_End:
        case GDK_KEY_KP_End:
          moderato_chat_view_jump_to_latest (view);
          if (n_items (view) > 0)
            moderato_chat_keys_focus_position (view, n_items (view) - 1);
          return TRUE;
        case GDK_KEY_Escape:
          /* Out of the rows, so that nothing holds the view, and follow again. */
          gtk_root_set_focus (gtk_widget_get_root (GTK_WIDGET (view)),
                              GTK_WIDGET (moderato_chat_view_get_list_view (view)));
          moderato_chat_view_jump_to_latest (view);
          return TRUE;
        default:
          break;
        }
    }

  row = moderato_chat_keys_get_focus_row (view);
  if (row == NULL)
    return FALSE;

  if (mods == GDK_CONTROL_MASK && gdk_keyval_to_lower (keyval) == GDK_KEY_c)
    return row_command (view, row, GDK_KEY_c);
  if (mods != 0)
    return FALSE;

  return row_command (view, row, gdk_keyval_to_lower (keyval));
}

gboolean
moderato_chat_keys_focus (ModeratoChatView          *view,
                          GtkDirectionType           direction,
                          ModeratoChatKeysFocusFunc  chain_up)
{
  GtkWidget *widget = GTK_WIDGET (view);
  GtkWidget *list = GTK_WIDGET (moderato_chat_view_get_list_view (view));
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean handled;

  g_return_val_if_fail (MODERATO_IS_CHAT_VIEW (view), FALSE);

  if (direction != GTK_DIR_TAB_FORWARD && direction != GTK_DIR_TAB_BACKWARD)
    return chain_up (widget, direction);

  if (focus_in_list (view))
    {
      /* One tab stop: the list refuses the focus, so it goes on past the list. */
      gtk_widget_set_can_focus (list, FALSE);
      handled = chain_up (widget, direction);
      gtk_widget_set_can_focus (list, TRUE);
      return handled;
    }

  /* Tabbing in while following: the newest row, not the one focused long ago. */
  if ((focus == NULL || !gtk_widget_is_ancestor (focus, widget)) &&
      moderato_chat_view_get_following (view) && n_items (view) > 0)
    {
      moderato_chat_keys_focus_position (view, n_items (view) - 1);
      if (focus_in_list (view))
        return TRUE;
    }

  return chain_up (widget, direction);
}
