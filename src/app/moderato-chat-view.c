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
 *
 * Pausing: the view follows only while no pause reason holds (PauseReason: scrolled up, the
 * pointer over the chat, a modifier held, a menu open, keyboard focus on a row, a hold from
 * the window). While paused nothing moves it: appends only count ("Paused · 37 new"), and the
 * messages that must stay (the top row on screen, the row under the pointer, the menu's
 * target, the focused row) are held in librumble, which then defers trimming
 * (rumble_chat_api_hold_message()), so no row on screen is removed or shifted. The view holds
 * messages only while paused; resuming releases them and the deferred trim happens at once.
 *
 * Gaps: where the connection dropped, the row of the last message before the cut shows a
 * divider ("Connection lost at 21:04:11", then how the reconnect went). Dividers belong to
 * rows, not to the list's items (moderato-chat-gaps.c says why), so the list stays the
 * messages model and nothing above counts anything else. While the chat is not live, a
 * status line under the list says so ("Reconnecting… next try in 8 s"); it takes its own
 * height, so it never covers the newest message.
 */
#define G_LOG_DOMAIN "moderato-chat-view"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-chat-view.h"
#include "moderato-chat-gaps.h"
#include "moderato-chat-keys.h"
#include "moderato-link-finder.h"
#include "moderato-message-row.h"
#include "moderato-moderation.h"
#include "moderato-paced-model.h"
#include "rumble-text.h"

/* How close to the end still counts as "at the bottom", in pixels. */
#define BOTTOM_SLACK 2.0
/* Frames the follow mode keeps trying to reach the bottom after a change. */
#define MAX_SCROLL_FRAMES 30
/* While following, the list takes the chat's appends and trims at most this often (ms):
 * a calm chat shows each message at once, a flood a screenful at a time rather than a few
 * rows every frame (moderato-paced-model.c). */
#define PACE_MS 250
/* Longest text of the message shown at the top of its menu, in bytes. */
#define MENU_TEXT_MAX 160

typedef enum {
  PAUSE_SCROLLED = 1 << 0,  /* the user scrolled up: "N New Messages" */
  PAUSE_HOVER    = 1 << 1,  /* the pointer is over the chat */
  PAUSE_MODIFIER = 1 << 2,  /* the pause modifier is held */
  PAUSE_MENU     = 1 << 3,  /* the message menu is open */
  PAUSE_FOCUS    = 1 << 4,  /* keyboard focus on a row (not the newest) */
  PAUSE_HOLD     = 1 << 5,  /* moderato_chat_view_hold(), e.g. a card from the chat */
} PauseReason;

struct _ModeratoChatView
{
  GtkWidget           parent_instance;

  GtkWidget          *box;
  GtkOverlay         *overlay;
  GtkScrolledWindow  *scrolled_window;
  GtkListView        *list_view;
  GtkRevealer        *jump_revealer;
  GtkLabel           *jump_label;
  GMenuModel         *message_menu;
  GMenu              *mute_user_section;
  GMenu              *mute_channel_section;
  GtkWidget          *popover;
  GtkRevealer        *status_revealer;
  GtkLabel           *status_label;
  GtkSpinner         *status_spinner;
  GtkWidget          *status_retry;
  guint               status_countdown_id;
  gboolean            was_live;       /* the chat reached `init` once: the line may show */

  RumbleChatApi      *chat;
  ModeratoPacedModel *paced;          /* the chat's messages, as the list shows them */
  GtkNoSelection     *selection;
  gulong              items_changed_handler;
  gulong              state_handler;
  gulong              lost_handler;
  gulong              reconnected_handler;
  ModeratoChatGaps   *gaps;
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
  gboolean            following;      /* pause_reasons == 0 */
  gboolean            pinning;        /* pin_view() moves the adjustment */
  guint               n_unseen;

  PauseReason         pause_reasons;
  guint               n_holds;        /* moderato_chat_view_hold() count */
  gboolean            pause_on_hover;
  guint               resume_delay_ms;
  GdkModifierType     pause_modifier; /* 0: none */
  guint               resume_id;      /* hover resumes after the pointer left */
  gboolean            hover_suppressed; /* resumed by hand: no hover pause until it leaves */
  gboolean            focus_suppressed; /* resumed by hand: no focus pause until it moves */
  GtkWidget          *focus_row;      /* the row focus is on, not owned */
  GtkEventController *root_keys;      /* on the toplevel, for the pause modifier */
  GtkWidget          *root;           /* where root_keys is, not owned */
  gulong              root_focus_handler;
  gulong              root_active_handler;

  /* Messages held in the chat while paused, one ref and one hold each. */
  RumbleMessage      *anchor_hold;    /* the top row on screen */
  RumbleMessage      *hover_hold;     /* the row under the pointer */
  RumbleMessage      *focus_hold;     /* the focused row */
  RumbleMessage      *menu_hold;      /* the open menu's target */

  RumbleMessage      *menu_message;   /* the message the menu acts on (set at popup only) */
  ModeratoChatViewDecorateFunc decorate;  /* on each bind (the window's attention marks) */
  gpointer            decorate_data;
  guint               redecorate_id;  /* a pending redecorate of the live rows */
  GDestroyNotify      decorate_destroy;
  GtkWidget          *menu_header;    /* the menu's first item: its target */
  GtkLabel           *menu_name;
  GtkLabel           *menu_text;
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
  g_autofree char *label = NULL;

  gtk_revealer_set_reveal_child (self->jump_revealer, !self->following);

  if (!(self->pause_reasons & PAUSE_SCROLLED) && self->pause_reasons != 0)
    /* Translators: the chat stopped moving (pointer over it, a key held, a menu open);
     * %u messages arrived since. Clicking it resumes. */
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Paused · %u new", "Paused · %u new",
                                          self->n_unseen),
                             self->n_unseen);
  else if (self->n_unseen != 0)
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u New Message", "%u New Messages",
                                          self->n_unseen),
                             self->n_unseen);
  gtk_label_set_label (self->jump_label, label != NULL ? label : _("Jump to Latest"));
}

/* Holds @message in the chat in @slot instead of what it held (NULL: nothing). */
static void
set_hold (ModeratoChatView  *self,
          RumbleMessage    **slot,
          RumbleMessage     *message)
{
  g_autoptr(RumbleMessage) old = NULL;

  if (*slot == message)
    return;

  /* Releasing may trim at once, which may come back here: the slot is updated first. */
  old = g_steal_pointer (slot);
  if (message != NULL && self->chat != NULL)
    {
      *slot = g_object_ref (message);
      rumble_chat_api_hold_message (self->chat, message);
    }
  if (old != NULL && self->chat != NULL)
    rumble_chat_api_release_message (self->chat, old);
}

static void
release_all_holds (ModeratoChatView *self)
{
  set_hold (self, &self->hover_hold, NULL);
  set_hold (self, &self->focus_hold, NULL);
  set_hold (self, &self->menu_hold, NULL);
  set_hold (self, &self->anchor_hold, NULL);
}

static gboolean row_on_screen (ModeratoChatView *self,
                               GtkWidget        *row,
                               double           *y);

/* While paused, the top row on screen stays: trimming can then only remove what is above
 * the screen, and only once the chat has more than the ceiling (rumble-chat-api.h). */
static void
update_anchor_hold (ModeratoChatView *self)
{
  RumbleMessage *top = NULL;
  double top_y = G_MAXDOUBLE;
  GHashTableIter iter;
  gpointer row;
  double y;

  if (self->following)
    {
      set_hold (self, &self->anchor_hold, NULL);
      return;
    }

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    {
      RumbleMessage *message = moderato_message_row_get_message (row);

      if (message != NULL && row_on_screen (self, row, &y) && y < top_y)
        {
          top = message;
          top_y = y;
        }
    }
  /* No row on screen yet (not mapped): keep what was held. */
  if (top != NULL)
    set_hold (self, &self->anchor_hold, top);
}

static void queue_scroll_to_bottom (ModeratoChatView *self);

static gboolean is_at_bottom (ModeratoChatView *self);

/* GtkListView 4.8 keeps its anchor row at a fraction of the page, offset / page, and turns
 * it back into pixels as offset - fraction * page truncated: an offset whose fraction does
 * not come back exactly would move the view by a pixel. */
static gboolean
anchor_offset_exact (int offset,
                     int page)
{
  double align = (double) offset / page;

  return page > 0 && align * page == (double) offset;
}

/* Makes what is on screen stay there whatever arrives: the list's anchor (the row GTK keeps
 * in place) becomes the newest row's bottom edge when the view is at the bottom (the newest
 * row is scrolled to from a pixel above: GTK then anchors its end to the view's end), else
 * the topmost row wholly on screen that GTK can keep exactly. Following, the list was
 * taking a batch at a time and its anchor could be anything from the last batch. */
static void
pin_view (ModeratoChatView *self)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  int page = (int) gtk_adjustment_get_page_size (vadj);
  guint n = model != NULL ? g_list_model_get_n_items (model) : 0;
  RumbleMessage *top = NULL;
  double top_y = G_MAXDOUBLE;
  GHashTableIter iter;
  gpointer row;
  double y;

  if (n == 0)
    return;
  if (is_at_bottom (self))
    {
      self->pinning = TRUE;
      gtk_adjustment_set_value (vadj, gtk_adjustment_get_upper (vadj) - page - 1);
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", n - 1);
      self->pinning = FALSE;
      return;
    }

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    {
      RumbleMessage *message = moderato_message_row_get_message (row);

      if (message != NULL && row_on_screen (self, row, &y) && y >= 0 && y < top_y &&
          anchor_offset_exact ((int) y, page))
        {
          top = message;
          top_y = y;
        }
    }
  for (guint i = n; top != NULL && i > 0; i--)
    {
      g_autoptr(RumbleMessage) item = g_list_model_get_item (model, i - 1);

      if (item == top)
        {
          gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u",
                                      i - 1);
          return;
        }
    }
}

/* The one place pause reasons change: the view follows when none holds. */
static void
set_pause_reason (ModeratoChatView *self,
                  PauseReason       reason,
                  gboolean          active)
{
  PauseReason reasons = active ? self->pause_reasons | reason : self->pause_reasons & ~reason;
  gboolean following = reasons == 0;
  gboolean was_following = self->following;

  if (reasons == self->pause_reasons)
    return;

  self->pause_reasons = reasons;
  self->following = following;
  if (was_following && !following)
    pin_view (self);
  /* Paused, the list is the chat as it is (what waited counts as new); following, paced. */
  if (self->paced != NULL)
    moderato_paced_model_set_interval (self->paced, following ? PACE_MS : 0);
  if (following && self->n_unseen != 0)
    {
      self->n_unseen = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UNSEEN]);
    }
  if (!following && self->scroll_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
      self->scroll_tick_id = 0;
    }

  if (!(reasons & PAUSE_HOVER))
    set_hold (self, &self->hover_hold, NULL);
  if (!(reasons & PAUSE_FOCUS))
    set_hold (self, &self->focus_hold, NULL);
  if (!(reasons & PAUSE_MENU))
    set_hold (self, &self->menu_hold, NULL);
  update_anchor_hold (self);

  update_jump_button (self);
  if (following != was_following)
    {
      if (following)
        queue_scroll_to_bottom (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
    }
}

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
  if (self->following || self->pinning)
    return;
  /* Only the way back: reaching the bottom ends "scrolled up" (other reasons may stay). */
  if (is_at_bottom (self))
    set_pause_reason (self, PAUSE_SCROLLED, FALSE);
  update_anchor_hold (self);
}

static void update_gap_rows (ModeratoChatView *self,
                             const char       *message_id);

static void
items_changed_cb (ModeratoChatView *self,
                  guint             position,
                  guint             removed,
                  guint             added,
                  GListModel       *model)
{
  /* Gaps: a few table operations, only when a gap is placed or waiting. */
  if (removed > 0 && moderato_chat_gaps_get_n_placed (self->gaps) > 0)
    moderato_chat_gaps_prune (self->gaps, self->chat);
  if (added > 0 && moderato_chat_gaps_has_waiting (self->gaps))
    {
      g_autoptr(RumbleMessage) first = g_list_model_get_item (model, position);

      moderato_chat_gaps_place_waiting (self->gaps, rumble_message_get_id (first));
      update_gap_rows (self, rumble_message_get_id (first));
    }

  if (added <= removed || position + added != g_list_model_get_n_items (model))
    return;

  if (self->following)
    {
      queue_scroll_to_bottom (self);
    }
  else
    {
      /* A backlog merged into the tail replaces what it comes before: only the rest is new. */
      self->n_unseen += added - removed;
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
    set_pause_reason (self, PAUSE_SCROLLED, FALSE);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                ModeratoChatView      *self)
{
  /* Moving between rows (Up stops following), End, Escape and the row commands. */
  return moderato_chat_keys_key_pressed (self, keyval, state);
}

/* Pausing by input: the pointer over the chat, the pause modifier, focus on a row */

static RumbleMessage *
message_at_point (ModeratoChatView *self,
                  double            x,
                  double            y)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT);
  GtkWidget *row = picked != NULL ?
                   gtk_widget_get_ancestor (picked, MODERATO_TYPE_MESSAGE_ROW) : NULL;

  if (row == NULL || !gtk_widget_is_ancestor (row, GTK_WIDGET (self->list_view)))
    return NULL;
  return moderato_message_row_get_message (MODERATO_MESSAGE_ROW (row));
}

static void
pointer_moved (ModeratoChatView *self,
               double            x,
               double            y)
{
  g_clear_handle_id (&self->resume_id, g_source_remove);
  if (!self->pause_on_hover || self->hover_suppressed)
    return;

  set_pause_reason (self, PAUSE_HOVER, TRUE);
  /* The scrollbar and the indicator are no row: nothing more to hold. */
  set_hold (self, &self->hover_hold, message_at_point (self, x, y));
}

static void
pointer_enter_cb (GtkEventControllerMotion *motion,
                  double                    x,
                  double                    y,
                  ModeratoChatView         *self)
{
  pointer_moved (self, x, y);
}

static void
pointer_motion_cb (GtkEventControllerMotion *motion,
                   double                    x,
                   double                    y,
                   ModeratoChatView         *self)
{
  pointer_moved (self, x, y);
}

static gboolean
resume_cb (gpointer user_data)
{
  ModeratoChatView *self = user_data;

  self->resume_id = 0;
  set_pause_reason (self, PAUSE_HOVER, FALSE);
  return G_SOURCE_REMOVE;
}

static void
pointer_leave_cb (GtkEventControllerMotion *motion,
                  ModeratoChatView         *self)
{
  self->hover_suppressed = FALSE;
  set_hold (self, &self->hover_hold, NULL);
  g_clear_handle_id (&self->resume_id, g_source_remove);
  if (!(self->pause_reasons & PAUSE_HOVER))
    return;
  if (self->resume_delay_ms == 0)
    set_pause_reason (self, PAUSE_HOVER, FALSE);
  else
    self->resume_id = g_timeout_add (self->resume_delay_ms, resume_cb, self);
}

static gboolean
is_pause_key (ModeratoChatView *self,
              guint             keyval)
{
  switch (keyval)
    {
    case GDK_KEY_Control_L:
    case GDK_KEY_Control_R:
      return self->pause_modifier == GDK_CONTROL_MASK;
    case GDK_KEY_Alt_L:
    case GDK_KEY_Alt_R:
    case GDK_KEY_Meta_L:
    case GDK_KEY_Meta_R:
      return self->pause_modifier == GDK_ALT_MASK;
    case GDK_KEY_Shift_L:
    case GDK_KEY_Shift_R:
      return self->pause_modifier == GDK_SHIFT_MASK;
    default:
      return FALSE;
    }
}

static gboolean
root_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     ModeratoChatView      *self)
{
  if (is_pause_key (self, keyval))
    set_pause_reason (self, PAUSE_MODIFIER, TRUE);
  else if (!(state & self->pause_modifier))
    /* A release we did not see (the window lost the keyboard meanwhile). */
    set_pause_reason (self, PAUSE_MODIFIER, FALSE);
  return FALSE;
}

static void
root_key_released_cb (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      ModeratoChatView      *self)
{
  if (is_pause_key (self, keyval))
    set_pause_reason (self, PAUSE_MODIFIER, FALSE);
}

static void
root_active_cb (ModeratoChatView *self)
{
  /* Keys released in another window are never seen here. */
  if (!gtk_window_is_active (GTK_WINDOW (self->root)))
    set_pause_reason (self, PAUSE_MODIFIER, FALSE);
}

static gboolean
is_newest (ModeratoChatView *self,
           RumbleMessage    *message)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = model != NULL ? g_list_model_get_n_items (model) : 0;
  g_autoptr(RumbleMessage) last = n > 0 ? g_list_model_get_item (model, n - 1) : NULL;

  return last == message;
}

/* Focus on a row holds it and pauses, except on the newest row (where End and the first Tab
 * put it while following). */
static void
root_focus_cb (ModeratoChatView *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self->root));
  GtkWidget *row = focus != NULL ?
                   gtk_widget_get_ancestor (focus, MODERATO_TYPE_MESSAGE_ROW) : NULL;
  RumbleMessage *message = NULL;

  if (row != NULL && gtk_widget_is_ancestor (row, GTK_WIDGET (self->list_view)))
    message = moderato_message_row_get_message (MODERATO_MESSAGE_ROW (row));
  else
    row = NULL;

  if (row != self->focus_row)
    self->focus_suppressed = FALSE;
  self->focus_row = row;

  if (message == NULL || self->focus_suppressed || (self->following && is_newest (self, message)))
    {
      set_pause_reason (self, PAUSE_FOCUS, FALSE);
      return;
    }
  set_pause_reason (self, PAUSE_FOCUS, TRUE);
  set_hold (self, &self->focus_hold, message);
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
static void menu_closed_cb      (ModeratoChatView *self);

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

  self->menu_header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_add_css_class (self->menu_header, "message-menu-target");
  self->menu_name = GTK_LABEL (gtk_label_new (NULL));
  self->menu_text = GTK_LABEL (gtk_label_new (NULL));
  for (GtkLabel *label = self->menu_name; label != NULL;
       label = label == self->menu_name ? self->menu_text : NULL)
    {
      gtk_label_set_use_markup (label, FALSE);
      gtk_label_set_single_line_mode (label, TRUE);
      gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (label, 30);
      gtk_label_set_xalign (label, 0);
      gtk_box_append (GTK_BOX (self->menu_header), GTK_WIDGET (label));
    }
  gtk_widget_add_css_class (GTK_WIDGET (self->menu_name), "heading");
  gtk_widget_add_css_class (GTK_WIDGET (self->menu_text), "dim-label");
  gtk_widget_set_margin_start (self->menu_header, 12);
  gtk_widget_set_margin_end (self->menu_header, 12);
  gtk_widget_set_margin_top (self->menu_header, 6);
  gtk_widget_set_margin_bottom (self->menu_header, 6);
  gtk_popover_menu_add_child (GTK_POPOVER_MENU (self->popover), self->menu_header, "target");
  g_signal_connect_object (self->popover, "closed", G_CALLBACK (menu_closed_cb), self,
                           G_CONNECT_SWAPPED);
}

/* The menu's first item names its target: plain text (never markup), one line each. */
static void
update_menu_header (ModeratoChatView *self)
{
  RumbleMessage *message = self->menu_message;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  g_autofree char *isolated_name = NULL;
  g_autofree char *isolated_text = NULL;

  if (message != NULL)
    {
      name = rumble_text_clean (rumble_message_get_display_name (message), MENU_TEXT_MAX);
      text = rumble_text_clean (rumble_message_get_text (message), MENU_TEXT_MAX);
    }
  isolated_name = rumble_text_isolate (name);
  isolated_text = rumble_text_isolate (text);
  gtk_label_set_text (self->menu_name, isolated_name);
  gtk_label_set_text (self->menu_text, isolated_text);
  gtk_widget_set_visible (GTK_WIDGET (self->menu_text), text != NULL);
}

static void
popup_at (ModeratoChatView   *self,
          RumbleMessage      *message,
          const GdkRectangle *rect)
{
  ensure_popover (self);
  /* The only place the target is chosen: every action acts on this message's id, wherever
   * its row has gone since. */
  g_set_object (&self->menu_message, message);
  update_menu_header (self);
  update_menu_actions (self);
  set_pause_reason (self, PAUSE_MENU, TRUE);
  set_hold (self, &self->menu_hold, message);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), rect);
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static void
menu_closed_cb (ModeratoChatView *self)
{
  set_pause_reason (self, PAUSE_MENU, FALSE);
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

/* Gaps */

static void
update_row_divider (ModeratoChatView   *self,
                    ModeratoMessageRow *row)
{
  RumbleMessage *message = moderato_message_row_get_message (row);
  const char *text = NULL;
  gboolean above = FALSE;

  /* The common case, a flood without gaps: no lookup at all. */
  if (message != NULL && moderato_chat_gaps_get_n_placed (self->gaps) > 0)
    text = moderato_chat_gaps_lookup (self->gaps, rumble_message_get_id (message), &above);
  moderato_message_row_set_divider (row, text, above);
}

/* The row of @message_id, if the list made one, shows its gap as it is now. */
static void
update_gap_rows (ModeratoChatView *self,
                 const char       *message_id)
{
  GHashTableIter iter;
  gpointer row;

  if (message_id == NULL)
    return;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    {
      RumbleMessage *message = moderato_message_row_get_message (row);

      if (message != NULL && g_strcmp0 (rumble_message_get_id (message), message_id) == 0)
        update_row_divider (self, row);
    }
}

static void
connection_lost_cb (RumbleChatApi    *chat,
                    gint64            lost_at,
                    const char       *last_message_id,
                    ModeratoChatView *self)
{
  update_gap_rows (self, moderato_chat_gaps_lost (self->gaps, lost_at, last_message_id));
}

static void
reconnected_cb (RumbleChatApi    *chat,
                gint64            lost_at,
                guint             n_recovered,
                gboolean          complete,
                ModeratoChatView *self)
{
  update_gap_rows (self, moderato_chat_gaps_reconnected (self->gaps, lost_at, n_recovered,
                                                         complete, g_get_real_time ()));
}

/* The status line: what the connection does while it is not live */

static gboolean status_countdown_cb (gpointer user_data);

static void
update_status (ModeratoChatView *self)
{
  RumbleConnectionState state = self->chat != NULL ? rumble_chat_api_get_state (self->chat)
                                                   : RUMBLE_CONNECTION_DISCONNECTED;
  g_autofree char *text = NULL;
  gboolean waiting = FALSE;
  gboolean retry = FALSE;
  gboolean countdown = FALSE;
  gboolean show;
  gint64 left = 0;

  if (self->chat != NULL && rumble_chat_api_get_next_retry (self->chat) > 0)
    left = (rumble_chat_api_get_next_retry (self->chat) - g_get_monotonic_time () +
            G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;

  /* Before the first `init` the window shows a page for the state instead of the chat. */
  if (state == RUMBLE_CONNECTION_CONNECTED)
    self->was_live = TRUE;
  if (!self->was_live)
    state = RUMBLE_CONNECTION_DISCONNECTED;

  switch (state)
    {
    case RUMBLE_CONNECTION_CONNECTING:
      text = g_strdup (_("Connecting to the chat…"));
      waiting = TRUE;
      break;

    case RUMBLE_CONNECTION_RECONNECTING:
      if (left > 0)
        /* Translators: the chat's connection dropped; it is tried again in %d seconds. */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Reconnecting… next try in %d second",
                                             "Reconnecting… next try in %d seconds", (int) left),
                                (int) left);
      else
        text = g_strdup (_("Reconnecting…"));
      waiting = retry = countdown = TRUE;
      break;

    case RUMBLE_CONNECTION_OFFLINE:
      text = g_strdup (_("The stream is not live; waiting for it to start"));
      waiting = TRUE;
      break;

    case RUMBLE_CONNECTION_ERROR:
      {
        const GError *error = rumble_chat_api_get_last_error (self->chat);
        const char *reason = error != NULL ? error->message : _("unknown error");

        if (left > 0)
          /* Translators: %s is why the chat cannot connect; tried again in %d seconds. */
          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Cannot connect: %s. Next try in %d second",
                                               "Cannot connect: %s. Next try in %d seconds",
                                               (int) left),
                                  reason, (int) left);
        else
          /* Translators: %s is why the chat cannot connect. */
          text = g_strdup_printf (_("Cannot connect: %s"), reason);
        retry = countdown = TRUE;
      }
      break;

    case RUMBLE_CONNECTION_CONNECTED:
    case RUMBLE_CONNECTION_DISCONNECTED:
    default:
      break;
    }

  show = text != NULL;
  if (text != NULL)
    gtk_label_set_text (self->status_label, text);
  gtk_spinner_set_spinning (self->status_spinner, show && waiting);
  gtk_widget_set_visible (GTK_WIDGET (self->status_spinner), waiting);
  gtk_widget_set_visible (self->status_retry, retry);

  if (show != gtk_revealer_get_reveal_child (self->status_revealer))
    {
      if (show)
        gtk_widget_set_visible (GTK_WIDGET (self->status_revealer), TRUE);
      gtk_revealer_set_reveal_child (self->status_revealer, show);
      /* The list got shorter or taller: stay at the newest message. */
      if (self->following)
        queue_scroll_to_bottom (self);
    }

  /* One wake-up per second, only while a countdown is shown. */
  if (countdown && self->status_countdown_id == 0)
    self->status_countdown_id = g_timeout_add_seconds (1, status_countdown_cb, self);
  else if (!countdown)
    g_clear_handle_id (&self->status_countdown_id, g_source_remove);
}

static void
status_revealed_cb (ModeratoChatView *self)
{
  /* Faded out: give the list its height back. */
  if (!gtk_revealer_get_child_revealed (self->status_revealer) &&
      !gtk_revealer_get_reveal_child (self->status_revealer))
    gtk_widget_set_visible (GTK_WIDGET (self->status_revealer), FALSE);
}

static gboolean
status_countdown_cb (gpointer user_data)
{
  ModeratoChatView *self = user_data;

  update_status (self);
  return self->status_countdown_id != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             ModeratoChatView         *self)
{
  ModeratoMessageRow *row = MODERATO_MESSAGE_ROW (gtk_list_item_get_child (item));

  moderato_message_row_set_message (row, gtk_list_item_get_item (item));
  update_row_divider (self, row);
  if (self->decorate != NULL)
    self->decorate (row, self->decorate_data);
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

  gtk_widget_measure (self->box, orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
moderato_chat_view_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  ModeratoChatView *self = MODERATO_CHAT_VIEW (widget);

  gtk_widget_allocate (self->box, width, height, baseline, NULL);
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
moderato_chat_view_focus (GtkWidget        *widget,
                          GtkDirectionType  direction)
{
  /* The list is one tab stop (moderato-chat-keys.c). */
  return moderato_chat_keys_focus (MODERATO_CHAT_VIEW (widget), direction,
                                   GTK_WIDGET_CLASS (moderato_chat_view_parent_class)->focus);
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

/* The pause modifier counts with the pointer anywhere in the window, and its release even
 * when the focus moved meanwhile: a capture-phase key controller on the toplevel. */
static void
moderato_chat_view_root (GtkWidget *widget)
{
  ModeratoChatView *self = MODERATO_CHAT_VIEW (widget);

  GTK_WIDGET_CLASS (moderato_chat_view_parent_class)->root (widget);

  self->root = GTK_WIDGET (gtk_widget_get_root (widget));
  self->root_keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (self->root_keys, "moderato-chat-pause-keys");
  gtk_event_controller_set_propagation_phase (self->root_keys, GTK_PHASE_CAPTURE);
  g_signal_connect (self->root_keys, "key-pressed", G_CALLBACK (root_key_pressed_cb), self);
  g_signal_connect (self->root_keys, "key-released", G_CALLBACK (root_key_released_cb), self);
  gtk_widget_add_controller (self->root, self->root_keys);
  self->root_focus_handler = g_signal_connect_swapped (self->root, "notify::focus-widget",
                                                       G_CALLBACK (root_focus_cb), self);
  if (GTK_IS_WINDOW (self->root))
    self->root_active_handler = g_signal_connect_swapped (self->root, "notify::is-active",
                                                          G_CALLBACK (root_active_cb), self);
}

static void
moderato_chat_view_unroot (GtkWidget *widget)
{
  ModeratoChatView *self = MODERATO_CHAT_VIEW (widget);

  g_clear_signal_handler (&self->root_focus_handler, self->root);
  g_clear_signal_handler (&self->root_active_handler, self->root);
  gtk_widget_remove_controller (self->root, self->root_keys);
  self->root_keys = NULL;
  self->root = NULL;
  self->focus_row = NULL;
  set_pause_reason (self, PAUSE_MODIFIER | PAUSE_FOCUS, FALSE);

  GTK_WIDGET_CLASS (moderato_chat_view_parent_class)->unroot (widget);
}

/* GObject */

static void
moderato_chat_view_dispose (GObject *object)
{
  ModeratoChatView *self = MODERATO_CHAT_VIEW (object);

  moderato_chat_view_set_chat (self, NULL);
  moderato_chat_view_set_decorate_func (self, NULL, NULL, NULL);
  g_clear_handle_id (&self->clock_id, g_source_remove);
  g_clear_handle_id (&self->redecorate_id, g_source_remove);
  g_clear_handle_id (&self->status_countdown_id, g_source_remove);
  g_clear_handle_id (&self->resume_id, g_source_remove);
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
  g_clear_pointer (&self->gaps, moderato_chat_gaps_free);
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
  widget_class->root = moderato_chat_view_root;
  widget_class->unroot = moderato_chat_view_unroot;
  widget_class->focus = moderato_chat_view_focus;

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
  gtk_widget_class_bind_template_child (widget_class, ModeratoChatView, box);
  gtk_widget_class_bind_template_child (widget_class, ModeratoChatView, overlay);
  gtk_widget_class_bind_template_child (widget_class, ModeratoChatView, status_revealer);
  gtk_widget_class_bind_template_child (widget_class, ModeratoChatView, status_label);
  gtk_widget_class_bind_template_child (widget_class, ModeratoChatView, status_spinner);
  gtk_widget_class_bind_template_child (widget_class, ModeratoChatView, status_retry);
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
  gtk_widget_class_bind_template_callback (widget_class, status_revealed_cb);

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
  GtkEventController *motion;

  self->following = TRUE;
  self->show_timestamps = TRUE;
  self->pause_on_hover = TRUE;
  self->resume_delay_ms = MODERATO_CHAT_VIEW_DEFAULT_RESUME_DELAY_MS;
  self->pause_modifier = GDK_CONTROL_MASK;
  self->rows = g_hash_table_new (NULL, NULL);
  self->gaps = moderato_chat_gaps_new ();

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

  /* On the whole view: the scrollbar and the indicator count as over the chat, so that
   * reaching for the indicator does not resume (and hide it) under the pointer. */
  motion = gtk_event_controller_motion_new ();
  gtk_event_controller_set_name (motion, "moderato-chat-hover");
  g_signal_connect (motion, "enter", G_CALLBACK (pointer_enter_cb), self);
  g_signal_connect (motion, "motion", G_CALLBACK (pointer_motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (pointer_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

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
  if (self->chat != NULL)
    {
      g_clear_signal_handler (&self->state_handler, self->chat);
      g_clear_signal_handler (&self->lost_handler, self->chat);
      g_clear_signal_handler (&self->reconnected_handler, self->chat);
    }
  moderato_chat_gaps_clear (self->gaps);
  self->was_live = FALSE;
  gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->paced);
  g_clear_object (&self->menu_message);
  if (self->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->popover));
  /* The holds are in the old chat. */
  release_all_holds (self);

  g_set_object (&self->chat, chat);

  if (chat != NULL)
    {
      self->paced = moderato_paced_model_new (rumble_chat_api_get_messages (chat),
                                              self->following ? PACE_MS : 0);
      self->selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->paced)));
      self->items_changed_handler = g_signal_connect_swapped (self->selection, "items-changed",
                                                              G_CALLBACK (items_changed_cb), self);
      gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
      self->state_handler = g_signal_connect_swapped (chat, "notify::state",
                                                      G_CALLBACK (update_status), self);
      self->lost_handler = g_signal_connect (chat, "connection-lost",
                                             G_CALLBACK (connection_lost_cb), self);
      self->reconnected_handler = g_signal_connect (chat, "reconnected",
                                                    G_CALLBACK (reconnected_cb), self);
    }

  configure_all_rows (self);
  update_status (self);

  /* A new chat starts at its newest message; what the pointer and keys do still counts. */
  self->n_unseen = 0;
  set_pause_reason (self, PAUSE_SCROLLED | PAUSE_FOCUS | PAUSE_MENU, FALSE);
  update_anchor_hold (self);
  update_jump_button (self);
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

  /* Resumed by hand: the pointer and the focus stay where they are without pausing again
   * until they move on (leave the chat, another row). A menu or a hold still holds. */
  if (self->pause_reasons & PAUSE_HOVER)
    self->hover_suppressed = TRUE;
  if (self->pause_reasons & PAUSE_FOCUS)
    self->focus_suppressed = TRUE;
  g_clear_handle_id (&self->resume_id, g_source_remove);
  set_pause_reason (self, PAUSE_SCROLLED | PAUSE_HOVER | PAUSE_MODIFIER | PAUSE_FOCUS, FALSE);
  queue_scroll_to_bottom (self);
}

void
moderato_chat_view_stop_following (ModeratoChatView *self)
{
  g_return_if_fail (MODERATO_IS_CHAT_VIEW (self));

  set_pause_reason (self, PAUSE_SCROLLED, TRUE);
}

void
moderato_chat_view_hold (ModeratoChatView *self,
                         gboolean          hold)
{
  g_return_if_fail (MODERATO_IS_CHAT_VIEW (self));
  g_return_if_fail (hold || self->n_holds > 0);

  self->n_holds += hold ? 1 : -1;
  set_pause_reason (self, PAUSE_HOLD, self->n_holds > 0);
}

gboolean
moderato_chat_view_get_paused (ModeratoChatView *self)
{
  g_return_val_if_fail (MODERATO_IS_CHAT_VIEW (self), FALSE);

  return (self->pause_reasons & ~PAUSE_SCROLLED) != 0;
}

void
moderato_chat_view_set_pause_on_hover (ModeratoChatView *self,
                                       gboolean          pause_on_hover)
{
  g_return_if_fail (MODERATO_IS_CHAT_VIEW (self));

  self->pause_on_hover = !!pause_on_hover;
  if (!self->pause_on_hover)
    {
      g_clear_handle_id (&self->resume_id, g_source_remove);
      set_pause_reason (self, PAUSE_HOVER, FALSE);
    }
}

void
moderato_chat_view_set_resume_delay (ModeratoChatView *self,
                                     guint             delay_ms)
{
  g_return_if_fail (MODERATO_IS_CHAT_VIEW (self));

  self->resume_delay_ms = delay_ms;
}

void
moderato_chat_view_set_pause_modifier (ModeratoChatView *self,
                                       GdkModifierType   modifier)
{
  g_return_if_fail (MODERATO_IS_CHAT_VIEW (self));
  g_return_if_fail (modifier == 0 || modifier == GDK_CONTROL_MASK || modifier == GDK_ALT_MASK ||
                    modifier == GDK_SHIFT_MASK);

  if (self->pause_modifier == modifier)
    return;
  self->pause_modifier = modifier;
  set_pause_reason (self, PAUSE_MODIFIER, FALSE);
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

void
moderato_chat_view_set_decorate_func (ModeratoChatView             *self,
                                      ModeratoChatViewDecorateFunc  func,
                                      gpointer                      user_data,
                                      GDestroyNotify                destroy)
{
  g_return_if_fail (MODERATO_IS_CHAT_VIEW (self));

  if (self->decorate_destroy != NULL)
    self->decorate_destroy (self->decorate_data);
  self->decorate = func;
  self->decorate_data = user_data;
  self->decorate_destroy = destroy;
  moderato_chat_view_redecorate (self);
}

static gboolean
redecorate_cb (gpointer user_data)
{
  ModeratoChatView *self = user_data;
  GHashTableIter iter;
  gpointer row;

  self->redecorate_id = 0;
  if (self->decorate == NULL)
    return G_SOURCE_REMOVE;
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    self->decorate (row, self->decorate_data);
  return G_SOURCE_REMOVE;
}

void
moderato_chat_view_redecorate (ModeratoChatView *self)
{
  g_return_if_fail (MODERATO_IS_CHAT_VIEW (self));

  /* Marks change per highlight and per wave member, many times a frame on a flood: the rows
   * are decorated once, before the next frame is drawn (HIGH_IDLE runs ahead of GDK's redraw
   * priority). */
  if (self->decorate != NULL && self->redecorate_id == 0)
    self->redecorate_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, redecorate_cb, self, NULL);
}
