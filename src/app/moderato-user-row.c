/* moderato-user-row.c — one user in the sidebar: name, badges, markers, message count
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "moderato-user-row"

#include "config.h"

#include <glib/gi18n.h>

#include "moderato-image-cache.h"
#include "moderato-user-row.h"
#include "rumble-text.h"

#define BADGE_ICON_SIZE 16
/* A user carries a handful of badges; more would only be noise in a narrow sidebar. */
#define MAX_BADGES 6

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
  guint          count_shown;
};

G_DEFINE_FINAL_TYPE (ModeratoUserRow, moderato_user_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_USER,
  PROP_CHAT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

gboolean
moderato_chat_can_moderate (RumbleChatApi *chat)
{
  if (chat == NULL)
    return FALSE;
  return rumble_chat_api_get_session (chat) != NULL && rumble_chat_api_get_can_moderate (chat);
}

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

static gboolean
badge_query_tooltip (GtkWidget  *widget,
                     int         x,
                     int         y,
                     gboolean    keyboard,
                     GtkTooltip *tooltip,
                     gpointer    user_data)
{
  gtk_tooltip_set_text (tooltip, g_object_get_data (G_OBJECT (widget), "moderato-badge-label"));
  return TRUE;
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
  /* The tooltip is made when shown: setting one on a new (visible) widget would query the
   * pointer, two X server round trips per badge of every row bound. */
  g_object_set_data_full (G_OBJECT (widget), "moderato-badge-label", g_strdup (label), g_free);
  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect (widget, "query-tooltip", G_CALLBACK (badge_query_tooltip), NULL);
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
    update_count (self);
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

GMenuModel *
moderato_user_row_build_menu (ModeratoUserRow *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();
  g_autoptr(GMenuItem) item = NULL;
  const char *name;
  const char *id;

  g_return_val_if_fail (MODERATO_IS_USER_ROW (self), NULL);

  if (self->user == NULL)
    return G_MENU_MODEL (g_steal_pointer (&menu));

  name = rumble_user_get_username (self->user);
  id = rumble_user_get_id (self->user);
  if (name == NULL)
    name = "";

  item = g_menu_item_new (_("Copy Name"), NULL);
  g_menu_item_set_action_and_target_value (item, "win.copy-username", g_variant_new_string (name));
  g_menu_append_item (section, item);
  g_clear_object (&item);

  item = g_menu_item_new (_("Open Profile"), NULL);
  g_menu_item_set_action_and_target_value (item, "win.open-profile", g_variant_new_string (id));
  g_menu_append_item (section, item);
  g_clear_object (&item);

  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));

  if (moderato_chat_can_moderate (self->chat))
    {
      g_autoptr(GMenu) moderation = g_menu_new ();
      g_autoptr(GMenu) durations = g_menu_new ();
      static const struct {
        const char *label;
        guint       duration;
        const char *scope;
      } choices[] = {
        { N_("For 5 Minutes"), RUMBLE_MUTE_FIVE_MINUTES, "video" },
        { N_("For This Stream"), 0, "video" },
        { N_("Forever"), 0, "total" },
      };

      for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
        {
          item = g_menu_item_new (_(choices[i].label), NULL);
          g_menu_item_set_action_and_target_value (item, "win.mute",
                                                   g_variant_new ("(ssus)", name, "user",
                                                                  choices[i].duration,
                                                                  choices[i].scope));
          g_menu_item_set_attribute (item, "hidden-when", "s", "action-disabled");
          g_menu_append_item (durations, item);
          g_clear_object (&item);
        }

      item = g_menu_item_new_submenu (_("Mute"), G_MENU_MODEL (durations));
      g_menu_append_item (moderation, item);
      g_clear_object (&item);

      item = g_menu_item_new (_("Unmute"), NULL);
      g_menu_item_set_action_and_target_value (item, "win.unmute", g_variant_new_string (name));
      g_menu_item_set_attribute (item, "hidden-when", "s", "action-disabled");
      g_menu_append_item (moderation, item);
      g_clear_object (&item);

      g_menu_append_section (menu, NULL, G_MENU_MODEL (moderation));
    }

  return G_MENU_MODEL (g_steal_pointer (&menu));
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

  moderato_user_row_set_user (self, NULL);
  if (self->image_changed_id != 0)
    g_clear_signal_handler (&self->image_changed_id, moderato_image_cache_get_default ());
  g_clear_object (&self->chat);
  g_clear_pointer (&self->menu, gtk_widget_unparent);
  g_clear_pointer (&self->box, gtk_widget_unparent);

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

  gtk_widget_class_set_css_name (widget_class, "moderato-user-row");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
moderato_user_row_init (ModeratoUserRow *self)
{
  GtkGesture *gesture;

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (self->box, 6);
  gtk_widget_set_margin_end (self->box, 6);
  gtk_widget_set_margin_top (self->box, 3);
  gtk_widget_set_margin_bottom (self->box, 3);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->name_label = g_object_new (GTK_TYPE_LABEL,
                                   "use-markup", FALSE,
                                   "xalign", 0.0f,
                                   "ellipsize", PANGO_ELLIPSIZE_END,
                                   "hexpand", TRUE,
                                   NULL);
  gtk_widget_add_css_class (self->name_label, "name");
  gtk_box_append (GTK_BOX (self->box), self->name_label);

  self->badges_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  gtk_widget_set_valign (self->badges_box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->box), self->badges_box);

  self->follower_image = gtk_image_new_from_icon_name ("emblem-favorite-symbolic");
  gtk_widget_set_tooltip_text (self->follower_image, _("Follower"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->follower_image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Follower"),
                                  -1);
  gtk_widget_add_css_class (self->follower_image, "follower");
  gtk_box_append (GTK_BOX (self->box), self->follower_image);

  self->muted_image = gtk_image_new_from_icon_name ("microphone-sensitivity-muted-symbolic");
  gtk_widget_set_tooltip_text (self->muted_image, _("Muted"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->muted_image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Muted"),
                                  -1);
  gtk_widget_add_css_class (self->muted_image, "muted-marker");
  gtk_box_append (GTK_BOX (self->box), self->muted_image);

  self->count_label = gtk_label_new ("0");
  gtk_widget_add_css_class (self->count_label, "dim-label");
  gtk_widget_add_css_class (self->count_label, "numeric");
  gtk_widget_add_css_class (self->count_label, "caption");
  gtk_widget_set_tooltip_text (self->count_label, _("Messages"));
  gtk_box_append (GTK_BOX (self->box), self->count_label);

  self->menu = gtk_popover_menu_new_from_model (NULL);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
  gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_right_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (gesture), TRUE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_long_press), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

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
