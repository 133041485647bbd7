/* moderato-chat-view.c — the scrolling list of chat messages, its context menu and follow mode
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Floods: the model may change many times per frame. The view does no per-message work
 * beyond what GtkListView does for visible rows: an append only asks for one tick callback,
 * which scrolls to the newest item once per frame ("list.scroll-to-item" before layout, so
 * the item is placed at the bottom in that same frame). Following stops only on user input
 * (wheel or touch up, scrollbar, keys), never because the model moved the adjustment; it
 * resumes when the user reaches the bottom or jumps there.
 */
#define G_LOG_DOMAIN "moderato-chat-view"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-chat-view.h"
#include "moderato-link-finder.h"
#include "moderato-message-row.h"
#include "moderato-moderation.h"

/* How close to the end still counts as "at the bottom", in pixels. */
#define BOTTOM_SLACK 2.0
/* Frames the follow mode keeps trying to reach the bottom after a change. */
#define MAX_SCROLL_FRAMES 30

struct _ModeratoChatView
{
  GtkWidget           parent_instance;

  GtkOverlay         *overlay;
  GtkScrolledWindow  *scrolled_window;
  GtkListView        *list_view;
  GtkRevealer        *jump_revealer;
  GtkLabel           *jump_label;
  GMenuModel         *message_menu;
  GMenu              *mute_user_section;
  GMenu              *mute_channel_section;
  GtkWidget          *popover;

  RumbleChatApi      *chat;
  GtkNoSelection     *selection;
  gulong              items_changed_handler;
  ModeratoImageCache *cache;
  RumbleEmotes       *emotes;
  gulong              emotes_handler;
  char               *own_user_id;
  char               *own_username;
  gboolean            show_timestamps;
  gboolean            can_moderate;
  char              **moderation_buttons;

  GHashTable         *rows;           /* set of ModeratoMessageRow, not owned */
  guint               scroll_tick_id;
  guint               scroll_frames;
  guint               clock_id;
  gboolean            following;
  guint               n_unseen;

  RumbleMessage      *menu_message;   /* the message the open menu acts on */
};

enum {
  PROP_0,
  PROP_CHAT,
  PROP_FOLLOWING,
  PROP_N_UNSEEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ModeratoChatView, moderato_chat_view, GTK_TYPE_WIDGET)

/* Following */

static void
update_jump_button (ModeratoChatView *self)
{
  gtk_revealer_set_reveal_child (self->jump_revealer, !self->following);

  if (self->n_unseen == 0)
    {
      gtk_label_set_label (self->jump_label, _("Jump to Latest"));
    }
  else
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u New Message",
                                                             "%u New Messages", self->n_unseen),
                                                self->n_unseen);
      gtk_label_set_label (self->jump_label, label);
    }
}

static void
set_following (ModeratoChatView *self,
               gboolean          following)
{
  following = !!following;
  if (self->following == following)
    return;

  self->following = following;
  if (following && self->n_unseen != 0)
    {
      self->n_unseen = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UNSEEN]);
    }

  update_jump_button (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
}

static gboolean is_at_bottom (ModeratoChatView *self);

/* Runs once per frame while following and not yet at the bottom: it asks the list to show
 * the newest item before this frame's layout, then checks at the next frame (after that
 * layout) whether it got there. Row heights are only known once rows are measured, so a
 * big jump can take a frame or two. */
static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  ModeratoChatView *self = MODERATO_CHAT_VIEW (widget);
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n_items = model != NULL ? g_list_model_get_n_items (model) : 0;

  if (!self->following || n_items == 0 ||
      (self->scroll_frames > 0 && is_at_bottom (self)) ||
      self->scroll_frames >= MAX_SCROLL_FRAMES)
    {
      self->scroll_tick_id = 0;
      self->scroll_frames = 0;
      return G_SOURCE_REMOVE;
    }

  self->scroll_frames++;
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u",
                              n_items - 1);

  return G_SOURCE_CONTINUE;
}

static void
queue_scroll_to_bottom (ModeratoChatView *self)
{
  /* New items: check again even if the last frame was at the bottom. */
  self->scroll_frames = 0;
  if (self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_tick_cb,
                                                         NULL, NULL);
}

static gboolean
is_at_bottom (ModeratoChatView *self)
{
  /* Shared by the tick and the value-changed handler. */
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  return gtk_adjustment_get_value (vadj) + gtk_adjustment_get_page_size (vadj) >=
         gtk_adjustment_get_upper (vadj) - BOTTOM_SLACK;
}

static void
value_changed_cb (ModeratoChatView *self)
{
  /* Only the way back: reaching the bottom follows again. */
  if (!self->following && is_at_bottom (self))
    set_following (self, TRUE);
}

static void
items_changed_cb (ModeratoChatView *self,
                  guint             position,
                  guint             removed,
                  guint             added,
                  GListModel       *model)
{
  if (added == 0 || position + added != g_list_model_get_n_items (model))
    return;

  if (self->following)
    {
      queue_scroll_to_bottom (self);
    }
  else
    {
      self->n_unseen += added;
      update_jump_button (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UNSEEN]);
    }
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           ModeratoChatView         *self)
{
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  /* Only when there is somewhere to scroll to. */
  if (dy < 0 &&
      gtk_adjustment_get_upper (vadj) - gtk_adjustment_get_page_size (vadj) > BOTTOM_SLACK)
    moderato_chat_view_stop_following (self);

  return FALSE;
}

static void
drag_update_cb (GtkGestureDrag   *gesture,
                double            offset_x,
                double            offset_y,
                ModeratoChatView *self)
{
  /* A finger moving down pulls older messages into view. */
  if (offset_y > 8)
    moderato_chat_view_stop_following (self);
}

static void
scrollbar_pressed_cb (GtkGestureClick  *gesture,
                      int               n_press,
                      double            x,
                      double            y,
                      ModeratoChatView *self)
{
  moderato_chat_view_stop_following (self);
}

static void
scrollbar_released_cb (GtkGestureClick  *gesture,
                       int               n_press,
                       double            x,
                       double            y,
                       ModeratoChatView *self)
{
  if (is_at_bottom (self))
    set_following (self, TRUE);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                ModeratoChatView      *self)
{
  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      moderato_chat_view_stop_following (self);
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      moderato_chat_view_jump_to_latest (self);
      return TRUE;
    default:
      break;
    }

  return FALSE;
}

/* Rant clock: one timer for the view, only while a visible rant runs. */

static gboolean
clock_cb (gpointer user_data)
{
  ModeratoChatView *self = user_data;
  GHashTableIter iter;
  gpointer row;
  gboolean running = FALSE;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    {
      if (moderato_message_row_get_message (row) == NULL)
        continue;
      moderato_message_row_tick (row);
      running |= moderato_message_row_has_running_clock (row);
    }

  if (!running)
    {
      self->clock_id = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
ensure_clock (ModeratoChatView *self)
{
  if (self->clock_id == 0)
    self->clock_id = g_timeout_add_seconds (1, clock_cb, self);
}

/* Rows */

static void update_menu_actions (ModeratoChatView *self);

static void
ensure_popover (ModeratoChatView *self)
{
  /* Made on first use: parenting a menu popover while the template is being built trips
   * a GTK 4.8 action-muxer critical. */
  if (self->popover != NULL)
    return;

  self->popover = gtk_popover_menu_new_from_model (self->message_menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), TRUE);
  gtk_widget_set_halign (self->popover, GTK_ALIGN_START);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
}

static void
popup_at (ModeratoChatView   *self,
          RumbleMessage      *message,
          const GdkRectangle *rect)
{
  ensure_popover (self);
  g_set_object (&self->menu_message, message);
  update_menu_actions (self);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), rect);
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static void
row_context_menu_cb (ModeratoMessageRow *row,
                     double              x,
                     double              y,
                     ModeratoChatView   *self)
{
  RumbleMessage *message = moderato_message_row_get_message (row);
  graphene_point_t point;

  if (message == NULL)
    return;

  if (x < 0 || y < 0)
    {
      x = MIN (48, gtk_widget_get_width (GTK_WIDGET (row)) / 2);
      y = gtk_widget_get_height (GTK_WIDGET (row)) / 2.0;
    }

  if (!gtk_widget_compute_point (GTK_WIDGET (row), GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT (x, y), &point))
    return;

  popup_at (self, message, &(GdkRectangle) { (int) point.x, (int) point.y, 1, 1 });
}

static void
configure_row (ModeratoChatView   *self,
               ModeratoMessageRow *row)
{
  moderato_message_row_set_chat (row, self->chat);
  moderato_message_row_set_image_cache (row, self->cache);
  moderato_message_row_set_emotes (row, self->emotes);
  moderato_message_row_set_show_timestamps (row, self->show_timestamps);
  moderato_message_row_set_own_user (row, self->own_user_id, self->own_username);
  moderato_message_row_set_moderation_buttons (row,
                                               (const char * const *) self->moderation_buttons);
}

static void
configure_all_rows (ModeratoChatView *self)
{
  GHashTableIter iter;
  gpointer row;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    configure_row (self, row);
}

static void
row_finalized_cb (gpointer  data,
                  GObject  *where_the_row_was)
{
  ModeratoChatView *self = data;

  g_hash_table_remove (self->rows, where_the_row_was);
}

static void
forget_row (ModeratoChatView *self,
            GtkWidget        *row)
{
  if (g_hash_table_remove (self->rows, row))
    g_object_weak_unref (G_OBJECT (row), row_finalized_cb, self);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              ModeratoChatView         *self)
{
  GtkWidget *row = moderato_message_row_new ();

  configure_row (self, MODERATO_MESSAGE_ROW (row));
  g_signal_connect_object (row, "context-menu", G_CALLBACK (row_context_menu_cb), self, 0);
  g_hash_table_add (self->rows, row);
  g_object_weak_ref (G_OBJECT (row), row_finalized_cb, self);
  /* GTK 4.8 may clear the item's child before "teardown" is emitted. */
  g_object_set_data (G_OBJECT (item), "moderato-row", row);
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_child (item, row);
}

static void
teardown_row_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 ModeratoChatView         *self)
{
  GtkWidget *row = g_object_steal_data (G_OBJECT (item), "moderato-row");

  /* The row may be gone already (then the weak ref forgot it). */
  if (row != NULL && g_hash_table_contains (self->rows, row))
    {
      moderato_message_row_set_message (MODERATO_MESSAGE_ROW (row), NULL);
      forget_row (self, row);
    }
  gtk_list_item_set_child (item, NULL);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             ModeratoChatView         *self)
{
  ModeratoMessageRow *row = MODERATO_MESSAGE_ROW (gtk_list_item_get_child (item));

  moderato_message_row_set_message (row, gtk_list_item_get_item (item));
  if (moderato_message_row_has_running_clock (row))
    ensure_clock (self);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               ModeratoChatView         *self)
{
  /* Nothing: GTK 4.8's signal factory unbinds and binds every row again whenever an
   * item before it is removed (each history trim, hundreds of rows). Keeping the message
   * lets the rebind to the same message return at once; a different one replaces it,
   * teardown drops it. */
}

/* Context menu actions: each forwards to the window's win.* action with the message. */

static RumbleUser *
menu_user (ModeratoChatView *self)
{
  return self->menu_message != NULL ? rumble_message_get_user (self->menu_message) : NULL;
}

static void
msg_copy_text_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ModeratoChatView *self = MODERATO_CHAT_VIEW (widget);

  if (self->menu_message != NULL)
    gtk_widget_activate_action (widget, "win.copy-message-text", "s",
                                rumble_message_get_id (self->menu_message));
}

static void
msg_copy_name_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ModeratoChatView *self = MODERATO_CHAT_VIEW (widget);
  RumbleUser *user = menu_user (self);

  if (user != NULL)
    gtk_widget_activate_action (widget, "win.copy-username", "s", rumble_user_get_username (user));
}

static void
msg_open_profile_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ModeratoChatView *self = MODERATO_CHAT_VIEW (widget);

  if (self->menu_message != NULL && rumble_message_get_user_id (self->menu_message) != NULL)
    gtk_widget_activate_action (widget, "win.open-profile", "s",
                                rumble_message_get_user_id (self->menu_message));
}

static void
msg_open_link_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ModeratoChatView *self = MODERATO_CHAT_VIEW (widget);
  g_autofree char *uri = NULL;
  GtkRoot *root;

  if (self->menu_message == NULL)
    return;

  uri = moderato_link_finder_first (rumble_message_get_text (self->menu_message));
  root = gtk_widget_get_root (widget);
  if (uri != NULL)
    gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static void
msg_pin_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  ModeratoChatView *self = MODERATO_CHAT_VIEW (widget);

  if (self->menu_message != NULL)
    gtk_widget_activate_action (widget, "win.pin-message", "s",
                                rumble_message_get_id (self->menu_message));
}

static void
msg_unpin_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ModeratoChatView *self = MODERATO_CHAT_VIEW (widget);

  if (self->menu_message != NULL)
    gtk_widget_activate_action (widget, "win.unpin-message", "s",
                                rumble_message_get_id (self->menu_message));
}

static void
msg_delete_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ModeratoChatView *self = MODERATO_CHAT_VIEW (widget);

  if (self->menu_message != NULL)
    gtk_widget_activate_action (widget, "win.delete-message", "s",
                                rumble_message_get_id (self->menu_message));
}

static void
activate_mute (GtkWidget  *widget,
               const char *name,
               const char *entity,
               GVariant   *parameter)
{
  const RumbleMuteChoice *choice = rumble_mute_choice_lookup (g_variant_get_string (parameter,
                                                                                      NULL));

  g_autoptr(GVariant) target = NULL;

  if (choice == NULL)
    return;
  target = g_variant_ref_sink (moderato_moderation_mute_target (name, entity, choice));
  gtk_widget_activate_action_variant (widget, "win.mute", target);
}

static void
msg_mute_user_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RumbleUser *user = menu_user (MODERATO_CHAT_VIEW (widget));

  if (user != NULL && rumble_user_get_username (user) != NULL)
    activate_mute (widget, rumble_user_get_username (user), "user", parameter);
}

static void
msg_mute_channel_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ModeratoChatView *self = MODERATO_CHAT_VIEW (widget);
  RumbleChannel *channel = self->menu_message != NULL ?
                           rumble_message_get_channel (self->menu_message) : NULL;

  if (channel != NULL && rumble_channel_get_name (channel) != NULL)
    activate_mute (widget, rumble_channel_get_name (channel), "channel", parameter);
}

static void
msg_unmute_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RumbleUser *user = menu_user (MODERATO_CHAT_VIEW (widget));

  if (user != NULL && rumble_user_get_username (user) != NULL)
    gtk_widget_activate_action (widget, "win.unmute", "s", rumble_user_get_username (user));
}

static void
msg_submenu_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  /* Only its enabled state matters: it hides the submenu. */
}

static void
jump_to_latest_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  moderato_chat_view_jump_to_latest (MODERATO_CHAT_VIEW (widget));
}

static void
update_menu_actions (ModeratoChatView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  RumbleMessage *message = self->menu_message;
  RumbleMessage *pinned = self->chat != NULL ?
                          rumble_chat_api_get_pinned_message (self->chat) : NULL;
  gboolean have = message != NULL;
  gboolean moderate = have && self->can_moderate;
  gboolean is_pinned = have && pinned != NULL &&
                       g_strcmp0 (rumble_message_get_id (pinned),
                                  rumble_message_get_id (message)) == 0;
  gboolean has_user = have && rumble_message_get_user (message) != NULL;
  gboolean has_channel = have && rumble_message_get_channel (message) != NULL;
  gboolean has_link = FALSE;

  if (have)
    {
      g_autofree char *link = moderato_link_finder_first (rumble_message_get_text (message));

      has_link = link != NULL;
    }

  gtk_widget_action_set_enabled (widget, "msg.copy-text", have);
  gtk_widget_action_set_enabled (widget, "msg.copy-name", has_user);
  gtk_widget_action_set_enabled (widget, "msg.open-profile", has_user);
  gtk_widget_action_set_enabled (widget, "msg.open-link", has_link);
  gtk_widget_action_set_enabled (widget, "msg.pin", moderate && !is_pinned &&
                                 !rumble_message_get_deleted (message));
  gtk_widget_action_set_enabled (widget, "msg.unpin", moderate && is_pinned);
  gtk_widget_action_set_enabled (widget, "msg.delete",
                                 moderate && !rumble_message_get_deleted (message));
  gtk_widget_action_set_enabled (widget, "msg.mute-user-menu", moderate && has_user);
  gtk_widget_action_set_enabled (widget, "msg.mute-user", moderate && has_user);
  gtk_widget_action_set_enabled (widget, "msg.mute-channel-menu", moderate && has_channel);
  gtk_widget_action_set_enabled (widget, "msg.mute-channel", moderate && has_channel);
  gtk_widget_action_set_enabled (widget, "msg.unmute", moderate && has_user);
}

/* GtkWidget */

static void
moderato_chat_view_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  ModeratoChatView *self = MODERATO_CHAT_VIEW (widget);

  gtk_widget_measure (GTK_WIDGET (self->overlay), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
moderato_chat_view_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  ModeratoChatView *self = MODERATO_CHAT_VIEW (widget);

  gtk_widget_allocate (GTK_WIDGET (self->overlay), width, height, baseline, NULL);
  if (self->popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->popover));
}

/* Keyboard focus (Tab into the chat comes here too). GTK 4.8 gives it to the item the list
 * focused last, or the first one, even when that is far outside the view, and a following
 * chat is at the bottom: then the newest row on screen gets it, where the reader is. */

static gboolean
row_on_screen (ModeratoChatView *self,
               GtkWidget        *row,
               double           *y)
{
  GtkWidget *viewport = GTK_WIDGET (self->scrolled_window);
  graphene_rect_t bounds;

  if (!gtk_widget_get_mapped (row) || !gtk_widget_compute_bounds (row, viewport, &bounds))
    return FALSE;

  *y = bounds.origin.y;
  return bounds.origin.y + bounds.size.height > 0 &&
         bounds.origin.y < gtk_widget_get_height (viewport);
}

static void
focus_row_on_screen (ModeratoChatView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *list = GTK_WIDGET (self->list_view);
  GtkWidget *newest = NULL;
  double newest_y = -G_MAXDOUBLE;
  GHashTableIter iter;
  gpointer row;
  double y;

  if (focus == NULL || (focus != list && !gtk_widget_is_ancestor (focus, list)))
    return;
  if (MODERATO_IS_MESSAGE_ROW (focus) && row_on_screen (self, focus, &y))
    return;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    {
      if (moderato_message_row_get_message (row) != NULL && row_on_screen (self, row, &y) &&
          y > newest_y)
        {
          newest = row;
          newest_y = y;
        }
    }

  if (newest != NULL)
    gtk_widget_grab_focus (newest);
}

static gboolean
moderato_chat_view_grab_focus (GtkWidget *widget)
{
  ModeratoChatView *self = MODERATO_CHAT_VIEW (widget);

  if (!gtk_widget_grab_focus (GTK_WIDGET (self->list_view)))
    return FALSE;

  focus_row_on_screen (self);
  return TRUE;
}

/* GObject */

static void
moderato_chat_view_dispose (GObject *object)
{
  ModeratoChatView *self = MODERATO_CHAT_VIEW (object);

  moderato_chat_view_set_chat (self, NULL);
  g_clear_handle_id (&self->clock_id, g_source_remove);
  if (self->scroll_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
      self->scroll_tick_id = 0;
    }
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), MODERATO_TYPE_CHAT_VIEW);
  {
    GHashTableIter iter;
    gpointer row;

    g_hash_table_iter_init (&iter, self->rows);
    while (g_hash_table_iter_next (&iter, &row, NULL))
      {
        g_object_weak_unref (row, row_finalized_cb, self);
        g_hash_table_iter_remove (&iter);
      }
  }
  g_clear_object (&self->menu_message);
  g_clear_object (&self->cache);
  moderato_chat_view_set_emotes (self, NULL);

  G_OBJECT_CLASS (moderato_chat_view_parent_class)->dispose (object);
}

static void
moderato_chat_view_finalize (GObject *object)
{
  ModeratoChatView *self = MODERATO_CHAT_VIEW (object);

  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_free (self->own_user_id);
  g_free (self->own_username);
  g_strfreev (self->moderation_buttons);

  G_OBJECT_CLASS (moderato_chat_view_parent_class)->finalize (object);
}

static void
moderato_chat_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ModeratoChatView *self = MODERATO_CHAT_VIEW (object);

  switch (prop_id)
    {
    case PROP_CHAT:
      g_value_set_object (value, self->chat);
      break;
    case PROP_FOLLOWING:
      g_value_set_boolean (value, self->following);
      break;
    case PROP_N_UNSEEN:
      g_value_set_uint (value, self->n_unseen);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_chat_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ModeratoChatView *self = MODERATO_CHAT_VIEW (object);

  switch (prop_id)
    {
    case PROP_CHAT:
      moderato_chat_view_set_chat (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_chat_view_class_init (ModeratoChatViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moderato_chat_view_dispose;
  object_class->finalize = moderato_chat_view_finalize;
  object_class->get_property = moderato_chat_view_get_property;
  object_class->set_property = moderato_chat_view_set_property;

  widget_class->measure = moderato_chat_view_measure;
  widget_class->size_allocate = moderato_chat_view_size_allocate;
  widget_class->grab_focus = moderato_chat_view_grab_focus;

  properties[PROP_CHAT] =
    g_param_spec_object ("chat", NULL, NULL,
                         RUMBLE_TYPE_CHAT_API,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOWING] =
    g_param_spec_boolean ("following", NULL, NULL,
                          TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_UNSEEN] =
    g_param_spec_uint ("n-unseen", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/moderato-chat-view.ui");
  gtk_widget_class_bind_template_child (widget_class, ModeratoChatView, overlay);
  gtk_widget_class_bind_template_child (widget_class, ModeratoChatView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, ModeratoChatView, list_view);
  gtk_widget_class_bind_template_child (widget_class, ModeratoChatView, jump_revealer);
  gtk_widget_class_bind_template_child (widget_class, ModeratoChatView, jump_label);
  gtk_widget_class_bind_template_child (widget_class, ModeratoChatView, message_menu);
  gtk_widget_class_bind_template_child (widget_class, ModeratoChatView, mute_user_section);
  gtk_widget_class_bind_template_child (widget_class, ModeratoChatView, mute_channel_section);
  gtk_widget_class_bind_template_callback (widget_class, setup_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, teardown_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, unbind_row_cb);

  gtk_widget_class_install_action (widget_class, "chat.jump-to-latest", NULL, jump_to_latest_cb);
  gtk_widget_class_install_action (widget_class, "msg.copy-text", NULL, msg_copy_text_cb);
  gtk_widget_class_install_action (widget_class, "msg.copy-name", NULL, msg_copy_name_cb);
  gtk_widget_class_install_action (widget_class, "msg.open-profile", NULL, msg_open_profile_cb);
  gtk_widget_class_install_action (widget_class, "msg.open-link", NULL, msg_open_link_cb);
  gtk_widget_class_install_action (widget_class, "msg.pin", NULL, msg_pin_cb);
  gtk_widget_class_install_action (widget_class, "msg.unpin", NULL, msg_unpin_cb);
  gtk_widget_class_install_action (widget_class, "msg.delete", NULL, msg_delete_cb);
  gtk_widget_class_install_action (widget_class, "msg.mute-user-menu", NULL, msg_submenu_cb);
  gtk_widget_class_install_action (widget_class, "msg.mute-user", "s", msg_mute_user_cb);
  gtk_widget_class_install_action (widget_class, "msg.mute-channel-menu", NULL, msg_submenu_cb);
  gtk_widget_class_install_action (widget_class, "msg.mute-channel", "s", msg_mute_channel_cb);
  gtk_widget_class_install_action (widget_class, "msg.unmute", NULL, msg_unmute_cb);

  gtk_widget_class_set_css_name (widget_class, "chatview");
}

static void
moderato_chat_view_init (ModeratoChatView *self)
{
  GtkEventController *scroll;
  GtkGesture *drag;
  GtkGesture *scrollbar_click;
  GtkEventController *key;

  self->following = TRUE;
  self->show_timestamps = TRUE;
  self->rows = g_hash_table_new (NULL, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (const RumbleMuteChoice *choice = rumble_mute_choices (); choice->id != NULL; choice++)
    {
      g_autoptr(GMenuItem) user = NULL;
      g_autoptr(GMenuItem) channel = NULL;

      user = moderato_moderation_mute_item (choice, "msg.mute-user",
                                            g_variant_new_string (choice->id));
      g_menu_append_item (self->mute_user_section, user);
      channel = moderato_moderation_mute_item (choice, "msg.mute-channel",
                                               g_variant_new_string (choice->id));
      g_menu_append_item (self->mute_channel_section, channel);
    }

  g_signal_connect_swapped (gtk_scrolled_window_get_vadjustment (self->scrolled_window),
                            "value-changed", G_CALLBACK (value_changed_cb), self);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scrolled_window), scroll);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (drag), TRUE);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scrolled_window), GTK_EVENT_CONTROLLER (drag));

  scrollbar_click = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (scrollbar_click),
                                              GTK_PHASE_CAPTURE);
  g_signal_connect (scrollbar_click, "pressed", G_CALLBACK (scrollbar_pressed_cb), self);
  g_signal_connect (scrollbar_click, "released", G_CALLBACK (scrollbar_released_cb), self);
  gtk_widget_add_controller (gtk_scrolled_window_get_vscrollbar (self->scrolled_window),
                             GTK_EVENT_CONTROLLER (scrollbar_click));

  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), key);

  update_jump_button (self);
  update_menu_actions (self);
}

RumbleChatApi *
moderato_chat_view_get_chat (ModeratoChatView *self)
{
  g_return_val_if_fail (MODERATO_IS_CHAT_VIEW (self), NULL);

  return self->chat;
}

void
moderato_chat_view_set_chat (ModeratoChatView *self,
                             RumbleChatApi    *chat)
{
  g_return_if_fail (MODERATO_IS_CHAT_VIEW (self));
  g_return_if_fail (chat == NULL || RUMBLE_IS_CHAT_API (chat));

  if (self->chat == chat)
    return;

  if (self->selection != NULL)
    g_clear_signal_handler (&self->items_changed_handler, self->selection);
  gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->menu_message);

  g_set_object (&self->chat, chat);

  if (chat != NULL)
    {
      self->selection = gtk_no_selection_new (g_object_ref (rumble_chat_api_get_messages (chat)));
      self->items_changed_handler = g_signal_connect_swapped (self->selection, "items-changed",
                                                              G_CALLBACK (items_changed_cb), self);
      gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
    }

  configure_all_rows (self);

  self->n_unseen = 0;
  self->following = FALSE;
  set_following (self, TRUE);
  queue_scroll_to_bottom (self);
  update_menu_actions (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHAT]);
}

void
moderato_chat_view_set_image_cache (ModeratoChatView   *self,
                                    ModeratoImageCache *cache)
{
  g_return_if_fail (MODERATO_IS_CHAT_VIEW (self));

  if (g_set_object (&self->cache, cache))
    configure_all_rows (self);
}

static void
emotes_changed_cb (ModeratoChatView *self)
{
  GHashTableIter iter;
  gpointer row;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    moderato_message_row_invalidate (row);
}

void
moderato_chat_view_set_emotes (ModeratoChatView *self,
                               RumbleEmotes     *emotes)
{
  g_return_if_fail (MODERATO_IS_CHAT_VIEW (self));

  if (self->emotes == emotes)
    return;

  if (self->emotes != NULL)
    g_clear_signal_handler (&self->emotes_handler, self->emotes);
  g_set_object (&self->emotes, emotes);
  if (emotes != NULL)
    self->emotes_handler = g_signal_connect_swapped (emotes, "items-changed",
                                                     G_CALLBACK (emotes_changed_cb), self);
  configure_all_rows (self);
}

void
moderato_chat_view_set_show_timestamps (ModeratoChatView *self,
                                        gboolean          show_timestamps)
{
  g_return_if_fail (MODERATO_IS_CHAT_VIEW (self));

  show_timestamps = !!show_timestamps;
  if (self->show_timestamps == show_timestamps)
    return;

  self->show_timestamps = show_timestamps;
  configure_all_rows (self);
}

void
moderato_chat_view_set_own_user (ModeratoChatView *self,
                                 const char       *user_id,
                                 const char       *username)
{
  g_return_if_fail (MODERATO_IS_CHAT_VIEW (self));

  if (g_strcmp0 (self->own_user_id, user_id) == 0 && g_strcmp0 (self->own_username, username) == 0)
    return;

  g_free (self->own_user_id);
  self->own_user_id = g_strdup (user_id);
  g_free (self->own_username);
  self->own_username = g_strdup (username);
  configure_all_rows (self);
}

void
moderato_chat_view_set_can_moderate (ModeratoChatView *self,
                                     gboolean          can_moderate)
{
  g_return_if_fail (MODERATO_IS_CHAT_VIEW (self));

  self->can_moderate = !!can_moderate;
  update_menu_actions (self);
}

gboolean
moderato_chat_view_get_following (ModeratoChatView *self)
{
  g_return_val_if_fail (MODERATO_IS_CHAT_VIEW (self), FALSE);

  return self->following;
}

guint
moderato_chat_view_get_n_unseen (ModeratoChatView *self)
{
  g_return_val_if_fail (MODERATO_IS_CHAT_VIEW (self), 0);

  return self->n_unseen;
}

void
moderato_chat_view_jump_to_latest (ModeratoChatView *self)
{
  g_return_if_fail (MODERATO_IS_CHAT_VIEW (self));

  set_following (self, TRUE);
  queue_scroll_to_bottom (self);
}

void
moderato_chat_view_stop_following (ModeratoChatView *self)
{
  g_return_if_fail (MODERATO_IS_CHAT_VIEW (self));

  if (self->scroll_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
      self->scroll_tick_id = 0;
    }
  set_following (self, FALSE);
}

void
moderato_chat_view_popup_menu (ModeratoChatView *self,
                               RumbleMessage    *message,
                               GtkWidget        *row)
{
  graphene_point_t point;
  GdkRectangle rect = {
    gtk_widget_get_width (GTK_WIDGET (self)) / 2, gtk_widget_get_height (GTK_WIDGET (self)) / 2,
    1, 1
  };

  g_return_if_fail (MODERATO_IS_CHAT_VIEW (self));
  g_return_if_fail (RUMBLE_IS_MESSAGE (message));

  if (row != NULL &&
      gtk_widget_compute_point (row, GTK_WIDGET (self), &GRAPHENE_POINT_INIT (24, 0), &point))
    rect = (GdkRectangle) { (int) point.x, (int) point.y, 1, gtk_widget_get_height (row) };

  popup_at (self, message, &rect);
}

GtkPopover *
moderato_chat_view_get_menu_popover (ModeratoChatView *self)
{
  g_return_val_if_fail (MODERATO_IS_CHAT_VIEW (self), NULL);

  ensure_popover (self);
  return GTK_POPOVER (self->popover);
}

GtkListView *
moderato_chat_view_get_list_view (ModeratoChatView *self)
{
  g_return_val_if_fail (MODERATO_IS_CHAT_VIEW (self), NULL);

  return self->list_view;
}

guint
moderato_chat_view_get_n_rows (ModeratoChatView *self)
{
  g_return_val_if_fail (MODERATO_IS_CHAT_VIEW (self), 0);

  return g_hash_table_size (self->rows);
}

void
moderato_chat_view_set_moderation_buttons (ModeratoChatView   *self,
                                           const char * const *button_ids)
{
  g_return_if_fail (MODERATO_IS_CHAT_VIEW (self));

  if (button_ids != NULL && button_ids[0] == NULL)
    button_ids = NULL;
  if (button_ids == NULL && self->moderation_buttons == NULL)
    return;
  if (button_ids != NULL && self->moderation_buttons != NULL &&
      g_strv_equal (button_ids, (const char * const *) self->moderation_buttons))
    return;

  g_strfreev (self->moderation_buttons);
  self->moderation_buttons = g_strdupv ((char **) button_ids);
  configure_all_rows (self);
}
