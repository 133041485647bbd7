/* moderato-user-row.c — one user in the sidebar: name, badges, markers, message count
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "moderato-user-row"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-beat.h"
#include "moderato-image-cache.h"
#include "moderato-lazy-tooltip.h"
#include "moderato-moderation.h"
#include "moderato-user-row.h"
#include "rumble-text.h"

#define BADGE_ICON_SIZE 16
/* A user carries a handful of badges; more would only be noise in a narrow sidebar. */
#define MAX_BADGES 6
/* A row's message count follows at most this often (ms). A new text in a label resizes the
 * whole window (and, on X11, asks the server about the monitor): one per message was
 * most of what a flood cost the window. The same cadence as the sidebar's moves. */
#define COUNT_INTERVAL_MS 1000

struct _ModeratoUserRow
{
  GtkWidget      parent_instance;

  RumbleUser    *user;
  RumbleChatApi *chat;
  gulong         notify_id;
  gulong         image_changed_id;

  GtkWidget     *box;
  GtkWidget     *name_label;
  GtkWidget     *badges_box;
  GtkWidget     *follower_image;
  GtkWidget     *muted_image;
  GtkWidget     *count_label;
  GtkWidget     *menu;
  GMenuModel    *menu_template;
  guint          count_shown;
};

/* Counts follow together, for all the rows, on the window's beat; when they last did (µs). */
static GHashTable *waiting_counts;
static gint64 counts_updated;

G_DEFINE_FINAL_TYPE (ModeratoUserRow, moderato_user_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_USER,
  PROP_CHAT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_count (ModeratoUserRow *self)
{
  guint count = self->user != NULL ? rumble_user_get_message_count (self->user) : 0;
  char text[16];

  if (count == self->count_shown && self->user != NULL)
    return;
  self->count_shown = count;

  /* No tooltip change here: gtk_widget_set_tooltip_text() on a shown widget queries the
   * pointer (two X server round trips on X11), too slow for every message. */
  g_snprintf (text, sizeof text, "%u", count);
  gtk_label_set_text (GTK_LABEL (self->count_label), text);
}

static void
flush_counts_cb (gpointer data)
{
  GHashTableIter iter;
  gpointer row;

  g_hash_table_iter_init (&iter, waiting_counts);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    {
      g_hash_table_iter_remove (&iter);
      update_count (row);
    }
}

/* At once after a quiet spell, else with the others on the window's beat (moderato-beat.c). */
static void
queue_count (ModeratoUserRow *self)
{
  if (waiting_counts == NULL)
    waiting_counts = g_hash_table_new (NULL, NULL);
  g_hash_table_add (waiting_counts, self);
  moderato_beat_schedule (&counts_updated, COUNT_INTERVAL_MS, flush_counts_cb, NULL);
}

static void
update_markers (ModeratoUserRow *self)
{
  gboolean follower = self->user != NULL && rumble_user_get_is_follower (self->user);
  gboolean muted = self->user != NULL && rumble_user_get_muted (self->user);

  gtk_widget_set_visible (self->follower_image, follower);
  gtk_widget_set_visible (self->muted_image, muted);
  if (muted)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "muted");
      gtk_widget_add_css_class (self->name_label, "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "muted");
      gtk_widget_remove_css_class (self->name_label, "dim-label");
    }
}

static void
update_name (ModeratoUserRow *self)
{
  g_autofree char *name = rumble_text_isolate (self->user != NULL ?
                                                rumble_user_get_username (self->user) : NULL);

  /* Plain text: a user name is network text and never markup; in an isolate, so that a
   * bidi control in it cannot reorder what the row shows next to it. */
  gtk_label_set_text (GTK_LABEL (self->name_label), name);
}

GtkWidget *
moderato_badge_widget_new (RumbleChatApi *chat,
                           const char    *slug,
                           gboolean      *out_loading)
{
  RumbleBadge *badge = chat != NULL ? rumble_chat_api_lookup_badge (chat, slug) : NULL;
  const char *label = badge != NULL ? rumble_badge_get_label (badge) : slug;
  const char *url = badge != NULL ? rumble_badge_get_icon_url (badge) : NULL;
  GdkTexture *texture = NULL;
  GtkWidget *widget;

  g_return_val_if_fail (slug != NULL, NULL);

  if (out_loading != NULL)
    *out_loading = FALSE;

  if (url != NULL && moderato_image_cache_url_allowed (moderato_image_cache_get_default (), url))
    {
      ModeratoImageState state = MODERATO_IMAGE_NONE;

      texture = moderato_image_cache_lookup (moderato_image_cache_get_default (), url, &state);
      if (state == MODERATO_IMAGE_LOADING && out_loading != NULL)
        *out_loading = TRUE;
    }

  if (texture != NULL)
    {
      widget = gtk_image_new_from_paintable (GDK_PAINTABLE (texture));
      gtk_image_set_pixel_size (GTK_IMAGE (widget), BADGE_ICON_SIZE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
    }
  else
    {
      /* A missing icon shows the label instead; never markup. */
      widget = gtk_label_new (label);
      /* Long labels would squeeze the name; the tooltip has it whole. */
      gtk_label_set_max_width_chars (GTK_LABEL (widget), 10);
      gtk_label_set_ellipsize (GTK_LABEL (widget), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (widget, "badge");
      gtk_widget_add_css_class (widget, "caption");
    }
  moderato_widget_set_lazy_tooltip (widget, label);
  return widget;
}

static void on_image_changed (ModeratoImageCache *cache,
                              const char         *url,
                              ModeratoUserRow    *self);

static void
update_badges (ModeratoUserRow *self)
{
  const char * const *slugs = NULL;
  gboolean waiting = FALSE;
  GtkWidget *child;
  guint i;

  while ((child = gtk_widget_get_first_child (self->badges_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->badges_box), child);

  if (self->user != NULL)
    slugs = rumble_user_get_badges (self->user);

  for (i = 0; slugs != NULL && slugs[i] != NULL && i < MAX_BADGES; i++)
    {
      gboolean loading = FALSE;

      gtk_box_append (GTK_BOX (self->badges_box),
                      moderato_badge_widget_new (self->chat, slugs[i], &loading));
      waiting |= loading;
    }

  gtk_widget_set_visible (self->badges_box, i > 0);

  /* Listen to the cache only while an icon is on its way. */
  if (waiting && self->image_changed_id == 0)
    self->image_changed_id = g_signal_connect_object (moderato_image_cache_get_default (),
                                                      "image-changed",
                                                      G_CALLBACK (on_image_changed),
                                                      self, G_CONNECT_DEFAULT);
  else if (!waiting && self->image_changed_id != 0)
    g_clear_signal_handler (&self->image_changed_id, moderato_image_cache_get_default ());
}

static void
on_image_changed (ModeratoImageCache *cache,
                  const char         *url,
                  ModeratoUserRow    *self)
{
  update_badges (self);
}

static void
on_user_notify (RumbleUser      *user,
                GParamSpec      *pspec,
                ModeratoUserRow *self)
{
  const char *name = pspec->name;

  if (g_str_equal (name, "message-count"))
    queue_count (self);
  else if (g_str_equal (name, "muted") || g_str_equal (name, "is-follower"))
    update_markers (self);
  else if (g_str_equal (name, "badges"))
    update_badges (self);
  else if (g_str_equal (name, "username"))
    update_name (self);
}

static void
update_all (ModeratoUserRow *self)
{
  self->count_shown = G_MAXUINT;
  update_name (self);
  update_badges (self);
  update_markers (self);
  update_count (self);
}

/* A copy of @model (the template's menu) for this user: see moderato-user-row.ui. */
static GMenuModel *
menu_for_user (GMenuModel *model,
               const char *name,
               const char *id,
               gboolean    moderate)
{
  GMenu *menu = g_menu_new ();

  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autoptr(GMenuItem) item = NULL;
      g_autoptr(GMenuModel) section = NULL;
      g_autoptr(GMenuModel) submenu = NULL;
      g_autofree char *target_of = NULL;
      g_autofree char *entity = NULL;

      if (!moderate && g_menu_model_get_item_attribute (model, i, "moderation", "s", NULL))
        continue;

      item = g_menu_item_new_from_model (model, i);
      g_menu_item_set_attribute_value (item, "moderation", NULL);
      if (g_menu_model_get_item_attribute (model, i, "target-of", "s", &target_of))
        {
          g_menu_item_set_attribute_value (item, "target-of", NULL);
          g_menu_item_set_attribute_value (item, G_MENU_ATTRIBUTE_TARGET,
                                           g_variant_new_string (g_str_equal (target_of, "id") ?
                                                                 id : name));
        }

      if (g_menu_model_get_item_attribute (model, i, "mute-choices", "s", &entity))
        {
          GMenu *choices = g_menu_new ();

          g_menu_item_set_attribute_value (item, "mute-choices", NULL);
          for (const RumbleMuteChoice *c = rumble_mute_choices (); c->id != NULL; c++)
            {
              g_autoptr(GMenuItem) choice = NULL;

              choice = moderato_moderation_mute_item (c, "win.mute",
                                                      moderato_moderation_mute_target (name, entity,
                                                                                       c));
              g_menu_append_item (choices, choice);
            }
          submenu = G_MENU_MODEL (choices);
        }
      else if ((submenu = g_menu_model_get_item_link (model, i, G_MENU_LINK_SUBMENU)) != NULL)
        {
          g_autoptr(GMenuModel) template = g_steal_pointer (&submenu);

          submenu = menu_for_user (template, name, id, moderate);
        }
      if (submenu != NULL)
        g_menu_item_set_link (item, G_MENU_LINK_SUBMENU, submenu);

      section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
      if (section != NULL)
        {
          g_autoptr(GMenuModel) copy = menu_for_user (section, name, id, moderate);

          g_menu_item_set_link (item, G_MENU_LINK_SECTION, copy);
        }

      g_menu_append_item (menu, item);
    }

  return G_MENU_MODEL (menu);
}

GMenuModel *
moderato_user_row_build_menu (ModeratoUserRow *self)
{
  const char *name;

  g_return_val_if_fail (MODERATO_IS_USER_ROW (self), NULL);

  if (self->user == NULL)
    return G_MENU_MODEL (g_menu_new ());

  name = rumble_user_get_username (self->user);
  return menu_for_user (self->menu_template, name != NULL ? name : "",
                        rumble_user_get_id (self->user), moderato_moderation_allowed (self->chat));
}

static void
popup_menu_at (ModeratoUserRow *self,
               double           x,
               double           y)
{
  g_autoptr(GMenuModel) model = NULL;

  if (self->user == NULL)
    return;

  model = moderato_user_row_build_menu (self);
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->menu), model);

  if (x >= 0 && y >= 0)
    gtk_popover_set_pointing_to (GTK_POPOVER (self->menu),
                                 &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  else
    gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), NULL);
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

void
moderato_user_row_popup_menu (ModeratoUserRow *self)
{
  g_return_if_fail (MODERATO_IS_USER_ROW (self));

  popup_menu_at (self, -1, -1);
}

static void
on_right_click (GtkGestureClick *gesture,
                int              n_press,
                double           x,
                double           y,
                ModeratoUserRow *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_menu_at (self, x, y);
}

static void
on_long_press (GtkGestureLongPress *gesture,
               double               x,
               double               y,
               ModeratoUserRow     *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_menu_at (self, x, y);
}

static void
moderato_user_row_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  ModeratoUserRow *self = MODERATO_USER_ROW (widget);

  gtk_widget_measure (self->box, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

static void
moderato_user_row_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  ModeratoUserRow *self = MODERATO_USER_ROW (widget);

  gtk_widget_allocate (self->box, width, height, baseline, NULL);
  gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
moderato_user_row_dispose (GObject *object)
{
  ModeratoUserRow *self = MODERATO_USER_ROW (object);

  if (waiting_counts != NULL)
    g_hash_table_remove (waiting_counts, self);
  moderato_user_row_set_user (self, NULL);
  if (self->image_changed_id != 0)
    g_clear_signal_handler (&self->image_changed_id, moderato_image_cache_get_default ());
  g_clear_object (&self->chat);
  g_clear_pointer (&self->menu, gtk_widget_unparent);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), MODERATO_TYPE_USER_ROW);

  G_OBJECT_CLASS (moderato_user_row_parent_class)->dispose (object);
}

static void
moderato_user_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ModeratoUserRow *self = MODERATO_USER_ROW (object);

  switch (prop_id)
    {
    case PROP_USER:
      g_value_set_object (value, self->user);
      break;
    case PROP_CHAT:
      g_value_set_object (value, self->chat);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_user_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  ModeratoUserRow *self = MODERATO_USER_ROW (object);

  switch (prop_id)
    {
    case PROP_USER:
      moderato_user_row_set_user (self, g_value_get_object (value));
      break;
    case PROP_CHAT:
      moderato_user_row_set_chat (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_user_row_class_init (ModeratoUserRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moderato_user_row_dispose;
  object_class->get_property = moderato_user_row_get_property;
  object_class->set_property = moderato_user_row_set_property;

  widget_class->measure = moderato_user_row_measure;
  widget_class->size_allocate = moderato_user_row_size_allocate;

  properties[PROP_USER] =
    g_param_spec_object ("user", NULL, NULL,
                         RUMBLE_TYPE_USER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHAT] =
    g_param_spec_object ("chat", NULL, NULL,
                         RUMBLE_TYPE_CHAT_API,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/moderato-user-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserRow, box);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserRow, badges_box);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserRow, follower_image);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserRow, muted_image);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserRow, count_label);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserRow, menu);
  gtk_widget_class_bind_template_child (widget_class, ModeratoUserRow, menu_template);
  gtk_widget_class_bind_template_callback (widget_class, on_right_click);
  gtk_widget_class_bind_template_callback (widget_class, on_long_press);

  gtk_widget_class_set_css_name (widget_class, "moderato-user-row");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
moderato_user_row_init (ModeratoUserRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Not in the template: a tooltip-text there queries the pointer for every row made. */
  moderato_widget_set_lazy_tooltip (self->follower_image, _("Follower"));
  moderato_widget_set_lazy_tooltip (self->muted_image, _("Muted"));
  moderato_widget_set_lazy_tooltip (self->count_label, _("Messages"));
  update_all (self);
}

GtkWidget *
moderato_user_row_new (void)
{
  return g_object_new (MODERATO_TYPE_USER_ROW, NULL);
}

RumbleUser *
moderato_user_row_get_user (ModeratoUserRow *self)
{
  g_return_val_if_fail (MODERATO_IS_USER_ROW (self), NULL);

  return self->user;
}

void
moderato_user_row_set_user (ModeratoUserRow *self,
                            RumbleUser      *user)
{
  g_return_if_fail (MODERATO_IS_USER_ROW (self));
  g_return_if_fail (user == NULL || RUMBLE_IS_USER (user));

  if (self->user == user)
    return;

  if (self->user != NULL)
    g_clear_signal_handler (&self->notify_id, self->user);
  g_set_object (&self->user, user);
  if (user != NULL)
    self->notify_id = g_signal_connect (user, "notify", G_CALLBACK (on_user_notify), self);

  /* A recycled row must not keep the previous user's menu open. */
  if (self->menu != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->menu));

  update_all (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
}

RumbleChatApi *
moderato_user_row_get_chat (ModeratoUserRow *self)
{
  g_return_val_if_fail (MODERATO_IS_USER_ROW (self), NULL);

  return self->chat;
}

void
moderato_user_row_set_chat (ModeratoUserRow *self,
                            RumbleChatApi   *chat)
{
  g_return_if_fail (MODERATO_IS_USER_ROW (self));
  g_return_if_fail (chat == NULL || RUMBLE_IS_CHAT_API (chat));

  if (!g_set_object (&self->chat, chat))
    return;

  update_badges (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHAT]);
}
