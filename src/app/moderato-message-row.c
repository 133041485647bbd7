/* moderato-message-row.c — one chat message, drawn as one layout with inline images
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row owns one PangoLayout for time, badges, name and text (plus a one-line header for
 * rants), built by moderato-message-content.c. Badges and emotes are U+FFFC characters
 * carrying a PangoAttrShape of the image's size; snapshot draws the layout, then each image
 * at its character's position. Network text only ever goes through pango_layout_set_text()
 * and attribute lists: never markup.
 *
 * In moderation mode a row also has a box of small buttons (moderato-moderation-button.c),
 * made when the mode is turned on, never before. The box floats over the end of the row's
 * first line and shows while the pointer is on the row or the row has the focus: it takes
 * no width from the text, so the mode never changes a line break, and the row's height is
 * the text's, so rows never move when it shows.
 *
 * Emotes are as tall as the font's line (from the row font's metrics, at whatever text size
 * CSS gives the row), so a row with an emote is exactly as tall as one without; the row's
 * query-tooltip previews the emote under the pointer at its own size, with its `:name:`.
 *
 * A row may carry a divider (moderato_message_row_set_divider()): a line of dim text between
 * thin rules, under or above the message, that the chat view uses to mark a gap in the chat.
 */
#define G_LOG_DOMAIN "moderato-message-row"

#include "config.h"

#include <string.h>

#include "moderato-message-content.h"
#include "moderato-message-row.h"
#include "moderato-moderation-button.h"
#include "moderato-name-color.h"
#include "moderato-rant-palette.h"
#include "rumble-text.h"

#define RANT_PAD_X        10
#define RANT_PAD_Y        6
#define RANT_RADIUS       8
#define DIVIDER_PAD_Y     6
#define DIVIDER_RULE_MIN  24   /* the least length of each rule beside the divider's text */
#define DIVIDER_RULE_GAP  10   /* between a rule and the text */
#define PREVIEW_MAX       160  /* the largest emote preview, px */
/* The start padding of chatmessage.highlighted (style.css), the bar and the marker in it. */
#define HIGHLIGHT_GUTTER  24
#define HIGHLIGHT_BAR     3
#define HIGHLIGHT_MARKER  12

struct _ModeratoMessageRow
{
  GtkWidget           parent_instance;

  RumbleMessage      *message;
  RumbleUser         *user;
  gulong              deleted_handler;
  gulong              muted_handler;

  RumbleChatApi      *chat;
  ModeratoImageCache *cache;
  gulong              cache_handler;
  RumbleEmotes       *emotes;
  char               *own_user_id;
  char               *own_username;
  guint               show_timestamps : 1;
  guint               compact : 1;
  guint               dirty : 1;
  guint               pressed_on_link : 1;
  guint               accessible_dirty : 1;
  guint               colors_valid : 1;
  guint               hovered : 1;
  guint               focused : 1;
  guint               buttons_shown : 1;
  guint               divider_above : 1;
  guint               has_highlight : 1;

  GdkRGBA             highlight;     /* a rule's colour: the bar, the marker and a tint */
  char                highlight_color[8];  /* the same as "#rrggbb" */
  char               *collapsed;     /* a one-line stub instead of the message, or NULL */

  char              **button_ids;   /* moderation mode: the buttons, in order; else NULL */
  GtkWidget          *button_box;   /* made when the mode is turned on */

  PangoLayout        *layout;
  PangoLayout        *header;       /* rants only */
  int                 layout_width; /* content width the layouts were wrapped to, px */
  int                 known_width;  /* the last width we were measured or drawn at */
  PangoFontDescription *font;       /* to notice font changes */
  int                 line_ascent;  /* of that font (Pango units): the emotes' line */
  int                 line_descent;
  ModeratoMessageContent content;   /* shapes, links and name of the layout */
  char               *accessible_text;

  char               *divider_text; /* nullable */
  PangoLayout        *divider;      /* while there is a divider */

  GtkWidget          *preview;      /* the emote preview, made on first hover */
  GtkPicture         *preview_picture;
  GtkLabel           *preview_label;

  gboolean            rant;         /* drawn as a rant, with these colours */
  ModeratoRantColors  rant_colors;
  gint64              rant_expires;
  GdkRGBA             fg;
  GdkRGBA             bg;
  GdkRGBA             link;
};


enum {
  PROP_0,
  PROP_MESSAGE,
  N_PROPS
};

enum {
  CONTEXT_MENU,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];
static guint n_instances;

G_DEFINE_FINAL_TYPE (ModeratoMessageRow, moderato_message_row, GTK_TYPE_WIDGET)

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}


static void
update_header (ModeratoMessageRow *self)
{
  g_autoptr(GString) text = NULL;
  PangoAttrList *attrs;

  if (!self->rant)
    return;

  if (self->header == NULL)
    self->header = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);

  text = g_string_new (NULL);
  attrs = pango_attr_list_new ();
  moderato_message_content_build_header (self->message, self->rant_expires - now_seconds (),
                                         text, attrs);
  pango_layout_set_text (self->header, text->str, text->len);
  pango_layout_set_attributes (self->header, attrs);
  pango_attr_list_unref (attrs);
}

static void
update_css_classes (ModeratoMessageRow *self)
{
  const char *classes[10];
  guint n = 0;

  if (self->message != NULL)
    {
      switch (rumble_message_get_kind (self->message))
        {
        case RUMBLE_MESSAGE_RANT:
          classes[n++] = "rant";
          break;
        case RUMBLE_MESSAGE_RAID:
          classes[n++] = "raid";
          break;
        case RUMBLE_MESSAGE_SUBSCRIPTION:
          classes[n++] = "subscription";
          break;
        case RUMBLE_MESSAGE_GIFT:
          classes[n++] = "gift";
          break;
        case RUMBLE_MESSAGE_REGULAR:
        default:
          break;
        }

      if (rumble_message_get_deleted (self->message))
        classes[n++] = "deleted";
      if (self->user != NULL && rumble_user_get_muted (self->user))
        classes[n++] = "muted";
      if (self->own_user_id != NULL &&
          g_strcmp0 (rumble_message_get_user_id (self->message), self->own_user_id) == 0)
        classes[n++] = "own";
      else if (self->own_username != NULL && *self->own_username != '\0')
        {
          g_autofree char *needle = g_utf8_casefold (self->own_username, -1);
          g_autofree char *haystack = g_utf8_casefold (rumble_message_get_text (self->message), -1);
          g_autofree char *mention = g_strconcat ("@", needle, NULL);

          if (strstr (haystack, mention) != NULL)
            classes[n++] = "mention";
        }
    }
  if (self->compact)
    classes[n++] = "compact";
  if (self->has_highlight && self->collapsed == NULL)
    classes[n++] = "highlighted";
  if (self->collapsed != NULL)
    classes[n++] = "collapsed";

  classes[n] = NULL;

  /* Most rows of a flood have the same classes: restyling is not free, skip it then. */
  {
    g_auto(GStrv) current = gtk_widget_get_css_classes (GTK_WIDGET (self));

    if (g_strv_equal ((const char * const *) current, classes))
      return;
  }
  gtk_widget_set_css_classes (GTK_WIDGET (self), classes);
}

/* Pushing a label to the accessibility bus costs an IPC message: done when the row gets
 * the keyboard focus (how a screen reader reaches it), not for every row of a flood. */
static void
push_accessible_label (ModeratoMessageRow *self)
{
  if (!self->accessible_dirty || self->accessible_text == NULL)
    return;

  self->accessible_dirty = FALSE;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->accessible_text,
                                  -1);
}

static void
lookup_colors (ModeratoMessageRow *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (context, &self->fg);
  if (!gtk_style_context_lookup_color (context, "view_bg_color", &self->bg))
    self->bg = (GdkRGBA) { 1, 1, 1, 1 };
  if (!gtk_style_context_lookup_color (context, "accent_color", &self->link))
    self->link = (GdkRGBA) { 0.11, 0.44, 0.85, 1 };
G_GNUC_END_IGNORE_DEPRECATIONS

  /* The link colour must stay readable like the names. */
  moderato_name_color_adjust (&self->link, &self->bg, MODERATO_NAME_COLOR_MIN_CONTRAST,
                              &self->link);
  self->colors_valid = TRUE;
}

static void
update_accessible (ModeratoMessageRow *self,
                   char               *label)
{
  g_free (self->accessible_text);
  self->accessible_text = label;
  self->accessible_dirty = TRUE;
  if (gtk_widget_has_focus (GTK_WIDGET (self)))
    push_accessible_label (self);
}

/* Notices a new font (a text size change): the emotes' size follows it. TRUE if changed. */
static gboolean
update_font (ModeratoMessageRow *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *font = pango_context_get_font_description (context);
  PangoFontMetrics *metrics;

  if (self->font != NULL && font != NULL && pango_font_description_equal (self->font, font))
    return FALSE;

  g_clear_pointer (&self->font, pango_font_description_free);
  self->font = font != NULL ? pango_font_description_copy (font) : NULL;
  metrics = pango_context_get_metrics (context, NULL, NULL);
  self->line_ascent = pango_font_metrics_get_ascent (metrics);
  self->line_descent = pango_font_metrics_get_descent (metrics);
  pango_font_metrics_unref (metrics);

  if (self->layout != NULL)
    pango_layout_context_changed (self->layout);
  if (self->header != NULL)
    pango_layout_context_changed (self->header);
  if (self->divider != NULL)
    pango_layout_context_changed (self->divider);
  self->layout_width = -1;
  return TRUE;
}

static void
rebuild (ModeratoMessageRow *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  ModeratoMessageSource source = { 0, };
  PangoAttrList *attrs;

  self->dirty = FALSE;
  moderato_message_content_reset (&self->content);
  self->rant = FALSE;
  self->rant_expires = 0;

  if (self->layout == NULL)
    self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);

  if (self->message == NULL)
    {
      pango_layout_set_text (self->layout, "", 0);
      pango_layout_set_attributes (self->layout, NULL);
      return;
    }

  if (!self->colors_valid)
    lookup_colors (self);

  /* A member of an open spam wave: one line saying so; the wave's card shows the rest. */
  if (self->collapsed != NULL)
    {
      attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_style_new (PANGO_STYLE_ITALIC));
      pango_layout_set_text (self->layout, self->collapsed, -1);
      pango_layout_set_attributes (self->layout, attrs);
      pango_attr_list_unref (attrs);
      update_accessible (self, g_strdup (self->collapsed));
      self->layout_width = -1;
      return;
    }

  source.message = self->message;
  source.user = self->user;
  source.chat = self->chat;
  source.cache = self->cache;
  source.emotes = self->emotes;
  source.show_time = self->show_timestamps && !self->compact;
  source.link = self->link;
  source.name_background = self->bg;
  update_font (self);
  source.line_ascent = self->line_ascent;
  source.line_descent = self->line_descent;

  if (rumble_message_get_kind (self->message) == RUMBLE_MESSAGE_RANT)
    {
      guint price = rumble_message_get_rant_price_cents (self->message);
      const RumbleRantLevel *chat_level = NULL;

      if (self->chat != NULL)
        chat_level = rumble_chat_api_get_rant_level (self->chat, price);
      moderato_rant_palette_lookup (chat_level, price, &self->rant_colors);
      self->rant = TRUE;
      self->rant_expires = rumble_message_get_rant_expires_on (self->message);
      /* On a rant, names and links are on its body, in its text colour. */
      source.name_background = self->rant_colors.body;
      source.link = self->rant_colors.fg;
    }

  attrs = pango_attr_list_new ();
  update_accessible (self, moderato_message_content_build (&self->content, &source, text, attrs));
  pango_layout_set_text (self->layout, text->str, text->len);
  pango_layout_set_attributes (self->layout, attrs);
  pango_attr_list_unref (attrs);
  self->layout_width = -1;
  update_header (self);
}



static void
ensure_layout (ModeratoMessageRow *self,
               int                 width)
{
  /* The emotes are sized to the line. */
  if (update_font (self) && self->content.shapes->len > 0)
    self->dirty = TRUE;

  if (self->dirty || self->layout == NULL)
    rebuild (self);

  if (width != self->layout_width)
    {
      int text_width = width;

      if (self->rant)
        text_width -= 2 * RANT_PAD_X;
      text_width = MAX (text_width, 1);

      pango_layout_set_wrap (self->layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_width (self->layout, text_width * PANGO_SCALE);
      if (self->compact || self->collapsed != NULL)
        {
          pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
          pango_layout_set_height (self->layout, -2);
        }
      else
        {
          pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_NONE);
          pango_layout_set_height (self->layout, -1);
        }
      if (self->header != NULL)
        {
          pango_layout_set_width (self->header, text_width * PANGO_SCALE);
          pango_layout_set_ellipsize (self->header, PANGO_ELLIPSIZE_END);
        }
      if (self->divider != NULL)
        pango_layout_set_width (self->divider,
                                MAX (width - 2 * DIVIDER_RULE_MIN, 1) * PANGO_SCALE);
      self->layout_width = width;
    }
}

static int
header_height (ModeratoMessageRow *self)
{
  int height = 0;

  if (!self->rant || self->header == NULL)
    return 0;

  pango_layout_get_pixel_size (self->header, NULL, &height);
  return height + 2 * RANT_PAD_Y;
}

static int
divider_height (ModeratoMessageRow *self)
{
  int height = 0;

  if (self->divider == NULL)
    return 0;

  pango_layout_get_pixel_size (self->divider, NULL, &height);
  return height + 2 * DIVIDER_PAD_Y;
}

/* Where the message starts: under a divider above it. */
static int
message_top (ModeratoMessageRow *self)
{
  return self->divider_above ? divider_height (self) : 0;
}

static void
body_origin (ModeratoMessageRow *self,
             double             *x,
             double             *y)
{
  *x = 0;
  *y = message_top (self);
  if (self->rant)
    {
      *x = RANT_PAD_X;
      *y += header_height (self) + RANT_PAD_Y;
    }
}

static void
mark_dirty (ModeratoMessageRow *self)
{
  self->dirty = TRUE;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* Moderation buttons */

static gboolean
buttons_apply (ModeratoMessageRow *self)
{
  RumbleMessageKind kind;

  if (self->button_box == NULL || self->message == NULL || self->compact ||
      self->collapsed != NULL || rumble_message_get_user (self->message) == NULL)
    return FALSE;

  kind = rumble_message_get_kind (self->message);
  return kind == RUMBLE_MESSAGE_REGULAR || kind == RUMBLE_MESSAGE_RANT;
}

/* Names the target in each button: done when they show, for the one row that shows them. */
static void
label_buttons (ModeratoMessageRow *self)
{
  const char *author = moderato_message_content_author_name (self->message, self->user);
  g_autofree char *name = rumble_text_isolate (author);

  for (GtkWidget *button = gtk_widget_get_first_child (self->button_box);
       button != NULL;
       button = gtk_widget_get_next_sibling (button))
    {
      const char *id = g_object_get_data (G_OBJECT (button), "moderato-button");
      g_autofree char *text = moderato_moderation_button_describe (id, name);

      gtk_widget_set_tooltip_text (button, text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                      -1);
      gtk_widget_set_sensitive (button, moderato_moderation_button_applies (id, self->message));
    }
}

static void
update_buttons (ModeratoMessageRow *self)
{
  gboolean show = (self->hovered || self->focused) && buttons_apply (self);

  /* Even when already shown: the row may have been given another message under them. */
  if (show)
    label_buttons (self);

  if (show == self->buttons_shown)
    return;

  self->buttons_shown = show;
  gtk_widget_set_child_visible (self->button_box, show);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
button_clicked_cb (GtkButton          *button,
                   ModeratoMessageRow *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "moderato-button");
  g_autoptr(RumbleMessage) message = NULL;

  if (self->message == NULL)
    return;

  /* The action may rebind this row (a delete updates the model): keep the target. */
  message = g_object_ref (self->message);
  moderato_moderation_button_activate (id, GTK_WIDGET (self), message);
}

static void
make_buttons (ModeratoMessageRow *self)
{
  const char * const *known = moderato_moderation_button_ids ();

  self->button_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (self->button_box, "moderation-buttons");
  gtk_widget_set_child_visible (self->button_box, FALSE);
  gtk_widget_set_parent (self->button_box, GTK_WIDGET (self));

  for (guint i = 0; self->button_ids[i] != NULL; i++)
    for (guint k = 0; known[k] != NULL; k++)
      if (g_str_equal (known[k], self->button_ids[i]))
        {
          const char *icon = moderato_moderation_button_icon (known[k]);
          GtkWidget *button = gtk_button_new_from_icon_name (icon);

          gtk_widget_add_css_class (button, "flat");
          /* The keyboard has the row's own keys; Tab must not walk every row's buttons. */
          gtk_widget_set_focusable (button, FALSE);
          gtk_widget_set_focus_on_click (button, FALSE);
          g_object_set_data (G_OBJECT (button), "moderato-button", (gpointer) known[k]);
          g_signal_connect_object (button, "clicked", G_CALLBACK (button_clicked_cb), self, 0);
          gtk_box_append (GTK_BOX (self->button_box), button);
          break;
        }
}

/* Signal handlers */

static void
message_deleted_cb (ModeratoMessageRow *self)
{
  update_css_classes (self);
  mark_dirty (self);
  if (self->buttons_shown)
    update_buttons (self);
}

static void
user_muted_cb (ModeratoMessageRow *self)
{
  update_css_classes (self);
  mark_dirty (self);
}

static void
image_changed_cb (ModeratoMessageRow *self,
                  const char         *url)
{
  for (guint i = 0; i < self->content.shapes->len; i++)
    {
      ModeratoMessageShape *shape = &g_array_index (self->content.shapes, ModeratoMessageShape, i);

      if (shape->texture == NULL && g_strcmp0 (shape->url, url) == 0)
        {
          mark_dirty (self);
          return;
        }
    }
}

/* GtkWidget */

static GtkSizeRequestMode
moderato_message_row_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
moderato_message_row_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  ModeratoMessageRow *self = MODERATO_MESSAGE_ROW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 60;
      *natural = 300;
      return;
    }

  {
    int height = 0;

    /* Without a width (a natural-size query), keep the last one: a relayout means
     * shaping the text again. */
    if (for_size >= 0)
      self->known_width = for_size;
    ensure_layout (self,
                   for_size >= 0 ? for_size : self->known_width > 0 ? self->known_width : 300);
    pango_layout_get_pixel_size (self->layout, NULL, &height);
    if (self->rant)
      height += header_height (self) + 2 * RANT_PAD_Y;
    height += divider_height (self);

    *minimum = *natural = height;
  }
}

/* Where @shape is drawn; FALSE when it is not laid out. */
static gboolean
shape_position (ModeratoMessageRow         *self,
                const ModeratoMessageShape *shape,
                double                      x0,
                double                      y0,
                double                     *x,
                double                     *y)
{
  PangoRectangle pos;

  pango_layout_index_to_pos (self->layout, shape->index, &pos);
  if (pos.width == 0 && pos.height == 0)
    return FALSE;

  *x = x0 + (double) pos.x / PANGO_SCALE;
  *y = y0 + (double) pos.y / PANGO_SCALE + ((double) pos.height / PANGO_SCALE - shape->size) / 2.0;
  return TRUE;
}

static void
snapshot_shape (ModeratoMessageRow         *self,
                GtkSnapshot                *snapshot,
                const ModeratoMessageShape *shape,
                double                      x0,
                double                      y0,
                const GdkRGBA              *fg)
{
  double x, y;

  if (!shape_position (self, shape, x0, y0, &x, &y))
    return;

  if (shape->texture != NULL)
    {
      double w = gdk_texture_get_width (shape->texture);
      double h = gdk_texture_get_height (shape->texture);
      double scale = shape->size / MAX (w, h);

      gtk_snapshot_append_texture (snapshot, shape->texture,
                                   &GRAPHENE_RECT_INIT (x + (shape->size - w * scale) / 2,
                                                        y + (shape->size - h * scale) / 2,
                                                        w * scale, h * scale));
    }
  else if (shape->icon_name != NULL)
    {
      GtkIconTheme *theme =
        gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));
      g_autoptr(GtkIconPaintable) icon = NULL;

      icon = gtk_icon_theme_lookup_icon (theme, shape->icon_name, NULL, shape->size,
                                         gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                                         gtk_widget_get_direction (GTK_WIDGET (self)), 0);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
      gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot,
                                                shape->size, shape->size, fg, 1);
      gtk_snapshot_restore (snapshot);
    }
  else
    {
      /* Still loading: a faint placeholder of the same size. */
      GdkRGBA faint = *fg;
      GskRoundedRect rect;

      faint.alpha = 0.12f;
      gsk_rounded_rect_init_from_rect (&rect,
                                       &GRAPHENE_RECT_INIT (x, y, shape->size, shape->size), 4);
      gtk_snapshot_push_rounded_clip (snapshot, &rect);
      gtk_snapshot_append_color (snapshot, &faint, &rect.bounds);
      gtk_snapshot_pop (snapshot);
    }
}

/* The divider: its text centred, dim, between two thin rules across the row. */
static void
snapshot_divider (ModeratoMessageRow *self,
                  GtkSnapshot        *snapshot,
                  int                 width,
                  int                 y)
{
  PangoRectangle logical;
  GdkRGBA text_color = self->fg;
  GdkRGBA rule_color = self->fg;
  double text_x = DIVIDER_RULE_MIN;
  double middle = y + divider_height (self) / 2.0;
  double left, right;

  text_color.alpha *= 0.55f;  /* libadwaita's dim-label */
  rule_color.alpha *= 0.15f;
  pango_layout_get_pixel_extents (self->divider, NULL, &logical);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (text_x, y + DIVIDER_PAD_Y));
  gtk_snapshot_append_layout (snapshot, self->divider, &text_color);
  gtk_snapshot_restore (snapshot);

  left = text_x + logical.x - DIVIDER_RULE_GAP;
  right = text_x + logical.x + logical.width + DIVIDER_RULE_GAP;
  if (left > 0)
    gtk_snapshot_append_color (snapshot, &rule_color,
                               &GRAPHENE_RECT_INIT (0, (int) middle, left, 1));
  if (right < width)
    gtk_snapshot_append_color (snapshot, &rule_color,
                               &GRAPHENE_RECT_INIT (right, (int) middle, width - right, 1));
}

static double first_line_middle (ModeratoMessageRow *self,
                                 int                 height);

/* In the start padding the "highlighted" class makes (HIGHLIGHT_GUTTER px): a bar at the
 * edge and the marker next to it, in the rule's colour, and a faint tint of the row. */
static void
snapshot_highlight (ModeratoMessageRow *self,
                    GtkSnapshot        *snapshot,
                    int                 width,
                    int                 height)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  g_autoptr(GtkIconPaintable) icon = NULL;
  GdkRGBA tint = self->highlight;
  double bar_x = rtl ? width + HIGHLIGHT_GUTTER - HIGHLIGHT_BAR : -HIGHLIGHT_GUTTER;
  double marker_x = rtl ? width + HIGHLIGHT_GUTTER - HIGHLIGHT_BAR - 2 - HIGHLIGHT_MARKER :
                          -HIGHLIGHT_GUTTER + HIGHLIGHT_BAR + 2;
  double marker_y = first_line_middle (self, height) - HIGHLIGHT_MARKER / 2.0;

  tint.alpha = 0.1f;
  gtk_snapshot_append_color (snapshot, &tint,
                             &GRAPHENE_RECT_INIT (rtl ? 0 : -HIGHLIGHT_GUTTER, -2,
                                                  width + HIGHLIGHT_GUTTER, height + 4));
  gtk_snapshot_append_color (snapshot, &self->highlight,
                             &GRAPHENE_RECT_INIT (bar_x, -2, HIGHLIGHT_BAR, height + 4));

  icon = gtk_icon_theme_lookup_icon (theme, "starred-symbolic", NULL, HIGHLIGHT_MARKER,
                                     gtk_widget_get_scale_factor (widget),
                                     gtk_widget_get_direction (widget), 0);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (marker_x, marker_y));
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot,
                                            HIGHLIGHT_MARKER, HIGHLIGHT_MARKER,
                                            &self->highlight, 1);
  gtk_snapshot_restore (snapshot);
}

static void
moderato_message_row_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  ModeratoMessageRow *self = MODERATO_MESSAGE_ROW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA fg;
  double x0, y0;
  int top, divider;

  self->known_width = width;
  ensure_layout (self, width);
  fg = self->fg;
  divider = divider_height (self);
  top = message_top (self);
  if (divider > 0)
    snapshot_divider (self, snapshot, width, self->divider_above ? 0 : height - divider);

  if (self->rant)
    {
      GdkRGBA main_color = self->rant_colors.main;
      GdkRGBA body_color = self->rant_colors.body;
      GskRoundedRect box;
      int header = header_height (self);

      fg = self->rant_colors.fg;

      gsk_rounded_rect_init_from_rect (&box,
                                       &GRAPHENE_RECT_INIT (0, top, width, height - divider),
                                       RANT_RADIUS);
      gtk_snapshot_push_rounded_clip (snapshot, &box);
      gtk_snapshot_append_color (snapshot, &body_color, &box.bounds);
      gtk_snapshot_append_color (snapshot, &main_color,
                                 &GRAPHENE_RECT_INIT (0, top, width, header));
      gtk_snapshot_pop (snapshot);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (RANT_PAD_X, top + RANT_PAD_Y));
      gtk_snapshot_append_layout (snapshot, self->header, &fg);
      gtk_snapshot_restore (snapshot);
    }

  if (self->has_highlight && self->collapsed == NULL)
    snapshot_highlight (self, snapshot, width, height);

  body_origin (self, &x0, &y0);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x0, y0));
  gtk_snapshot_append_layout (snapshot, self->layout, &fg);
  gtk_snapshot_restore (snapshot);

  for (guint i = 0; i < self->content.shapes->len; i++)
    snapshot_shape (self, snapshot,
                    &g_array_index (self->content.shapes, ModeratoMessageShape, i), x0, y0, &fg);

  if (self->button_box != NULL)
    gtk_widget_snapshot_child (widget, self->button_box, snapshot);
}

/* The middle of the first line: the header's on a rant. */
static double
first_line_middle (ModeratoMessageRow *self,
                   int                 height)
{
  PangoLayoutIter *iter;
  int top, bottom;

  if (self->rant)
    return message_top (self) + header_height (self) / 2.0;
  if (self->layout == NULL || self->dirty)
    return height / 2.0;

  iter = pango_layout_get_iter (self->layout);
  pango_layout_iter_get_line_yrange (iter, &top, &bottom);
  pango_layout_iter_free (iter);
  return message_top (self) + (top + bottom) / 2.0 / PANGO_SCALE;
}

/* The buttons float over the end of the first line, centred on it; they may reach into
 * the row's padding, never into the text's width or the row's height. */
static void
moderato_message_row_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  ModeratoMessageRow *self = MODERATO_MESSAGE_ROW (widget);
  int box_width, box_height;
  double middle;

  if (self->button_box == NULL)
    return;

  gtk_widget_measure (self->button_box, GTK_ORIENTATION_HORIZONTAL, -1,
                      NULL, &box_width, NULL, NULL);
  box_width = MIN (box_width, width);
  gtk_widget_measure (self->button_box, GTK_ORIENTATION_VERTICAL, box_width,
                      NULL, &box_height, NULL, NULL);
  middle = first_line_middle (self, height);

  gtk_widget_size_allocate (self->button_box,
                            &(GtkAllocation) {
                              gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL ?
                                0 : width - box_width,
                              (int) (middle - box_height / 2.0),
                              box_width, box_height
                            }, -1);
}

/* The drawn image with a label at @x, @y, and its area; NULL if none. */
static const ModeratoMessageShape *
shape_at (ModeratoMessageRow *self,
          double              x,
          double              y,
          GdkRectangle       *out_area)
{
  double x0, y0;

  if (self->layout == NULL || self->dirty)
    return NULL;

  body_origin (self, &x0, &y0);
  for (guint i = 0; i < self->content.shapes->len; i++)
    {
      const ModeratoMessageShape *shape = &g_array_index (self->content.shapes,
                                                          ModeratoMessageShape, i);
      double sx, sy;

      if (shape->label == NULL || !shape_position (self, shape, x0, y0, &sx, &sy))
        continue;
      if (x < sx || y < sy || x >= sx + shape->size || y >= sy + shape->size)
        continue;

      if (out_area != NULL)
        *out_area = (GdkRectangle) { (int) sx, (int) sy, shape->size, shape->size };
      return shape;
    }

  return NULL;
}

/* The emote at its own size (up to PREVIEW_MAX) and its `:name:`: one widget per row, made
 * on the first hover and given to the tooltip each time, never one per emote. */
static GtkWidget *
emote_preview (ModeratoMessageRow         *self,
               const ModeratoMessageShape *shape)
{
  int w = gdk_texture_get_width (shape->texture);
  int h = gdk_texture_get_height (shape->texture);
  double scale = MIN (1.0, (double) PREVIEW_MAX / MAX (MAX (w, h), 1));

  if (self->preview == NULL)
    {
      self->preview = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 4));
      gtk_widget_add_css_class (self->preview, "emote-preview");
      self->preview_picture = GTK_PICTURE (gtk_picture_new ());
      gtk_picture_set_can_shrink (self->preview_picture, TRUE);
      gtk_widget_set_halign (GTK_WIDGET (self->preview_picture), GTK_ALIGN_CENTER);
      self->preview_label = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_use_markup (self->preview_label, FALSE);
      gtk_box_append (GTK_BOX (self->preview), GTK_WIDGET (self->preview_picture));
      gtk_box_append (GTK_BOX (self->preview), GTK_WIDGET (self->preview_label));
    }

  gtk_picture_set_paintable (self->preview_picture, GDK_PAINTABLE (shape->texture));
  gtk_widget_set_size_request (GTK_WIDGET (self->preview_picture),
                               (int) (w * scale), (int) (h * scale));
  gtk_label_set_text (self->preview_label, shape->label);
  return self->preview;
}

static gboolean
moderato_message_row_query_tooltip (GtkWidget  *widget,
                                    int         x,
                                    int         y,
                                    gboolean    keyboard_tooltip,
                                    GtkTooltip *tooltip)
{
  ModeratoMessageRow *self = MODERATO_MESSAGE_ROW (widget);
  const ModeratoMessageShape *shape;
  GdkRectangle area;

  if (keyboard_tooltip)
    return FALSE;

  shape = shape_at (self, x, y, &area);
  if (shape == NULL)
    return FALSE;

  if (shape->emote && shape->texture != NULL)
    gtk_tooltip_set_custom (tooltip, emote_preview (self, shape));
  else
    gtk_tooltip_set_text (tooltip, shape->label);
  gtk_tooltip_set_tip_area (tooltip, &area);
  return TRUE;
}

static void
moderato_message_row_css_changed (GtkWidget         *widget,
                                  GtkCssStyleChange *change)
{
  ModeratoMessageRow *self = MODERATO_MESSAGE_ROW (widget);
  GdkRGBA old_fg = self->fg, old_bg = self->bg, old_link = self->link;

  GTK_WIDGET_CLASS (moderato_message_row_parent_class)->css_changed (widget, change);

  if (self->message == NULL || self->dirty)
    {
      self->colors_valid = FALSE;
      return;
    }

  /* Hover and focus restyle the row too; only colour changes need new attributes. */
  lookup_colors (self);
  if (!gdk_rgba_equal (&old_fg, &self->fg) || !gdk_rgba_equal (&old_bg, &self->bg) ||
      !gdk_rgba_equal (&old_link, &self->link))
    mark_dirty (self);
}

/* Input */

static const ModeratoMessageLink *
link_at (ModeratoMessageRow *self,
         double              x,
         double              y,
         gboolean           *out_on_name)
{
  double x0, y0;
  int index, trailing;

  if (out_on_name != NULL)
    *out_on_name = FALSE;

  if (self->layout == NULL || self->dirty)
    return NULL;

  body_origin (self, &x0, &y0);
  if (!pango_layout_xy_to_index (self->layout,
                                 (int) ((x - x0) * PANGO_SCALE), (int) ((y - y0) * PANGO_SCALE),
                                 &index, &trailing))
    return NULL;

  for (guint i = 0; i < self->content.links->len; i++)
    {
      const ModeratoMessageLink *link = &g_array_index (self->content.links,
                                                        ModeratoMessageLink, i);

      if ((guint) index >= link->start && (guint) index < link->end)
        return link;
    }

  if (out_on_name != NULL && (guint) index >= self->content.name_start &&
      (guint) index < self->content.name_end)
    *out_on_name = TRUE;

  return NULL;
}

static void
open_uri (ModeratoMessageRow *self,
          const char         *uri)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  /* Only what we recognised as a link: http(s). */
  if (g_ascii_strncasecmp (uri, "http://", 7) != 0 && g_ascii_strncasecmp (uri, "https://", 8) != 0)
    return;

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static void
click_pressed_cb (GtkGestureClick    *gesture,
                  int                 n_press,
                  double              x,
                  double              y,
                  ModeratoMessageRow *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  gboolean on_name;

  if (button == GDK_BUTTON_SECONDARY)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      g_signal_emit (self, signals[CONTEXT_MENU], 0, x, y);
      return;
    }

  self->pressed_on_link = button == GDK_BUTTON_PRIMARY && n_press == 1 &&
                          (link_at (self, x, y, &on_name) != NULL || on_name);
}

static void
click_released_cb (GtkGestureClick    *gesture,
                   int                 n_press,
                   double              x,
                   double              y,
                   ModeratoMessageRow *self)
{
  const ModeratoMessageLink *link;
  gboolean on_name;

  if (!self->pressed_on_link)
    return;
  self->pressed_on_link = FALSE;

  link = link_at (self, x, y, &on_name);
  if (link != NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      open_uri (self, link->uri);
    }
  else if (on_name && self->message != NULL && rumble_message_get_user_id (self->message) != NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-user", "s",
                                  rumble_message_get_user_id (self->message));
    }
}

static void
long_press_cb (GtkGestureLongPress *gesture,
               double               x,
               double               y,
               ModeratoMessageRow  *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  g_signal_emit (self, signals[CONTEXT_MENU], 0, x, y);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           ModeratoMessageRow       *self)
{
  gboolean on_name;
  gboolean pointer = link_at (self, x, y, &on_name) != NULL || on_name;

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), pointer ? "pointer" : NULL);
}

static void
motion_enter_cb (GtkEventControllerMotion *controller,
                 double                    x,
                 double                    y,
                 ModeratoMessageRow       *self)
{
  self->hovered = TRUE;
  if (self->button_box != NULL)
    update_buttons (self);
}

static void
motion_leave_cb (GtkEventControllerMotion *controller,
                 ModeratoMessageRow       *self)
{
  self->hovered = FALSE;
  if (self->button_box != NULL)
    update_buttons (self);
}

static void
focus_enter_cb (ModeratoMessageRow *self)
{
  if (self->dirty)
    rebuild (self);
  push_accessible_label (self);
  self->focused = TRUE;
  if (self->button_box != NULL)
    update_buttons (self);
}

static void
focus_leave_cb (ModeratoMessageRow *self)
{
  self->focused = FALSE;
  if (self->button_box != NULL)
    update_buttons (self);
}

static gboolean
popup_menu_cb (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  g_signal_emit (widget, signals[CONTEXT_MENU], 0, -1.0, -1.0);
  return TRUE;
}

/* GObject */

static void
moderato_message_row_dispose (GObject *object)
{
  ModeratoMessageRow *self = MODERATO_MESSAGE_ROW (object);

  moderato_message_row_set_message (self, NULL);
  moderato_message_row_set_image_cache (self, NULL);
  g_clear_pointer (&self->button_box, gtk_widget_unparent);
  g_clear_object (&self->chat);
  g_clear_object (&self->emotes);
  g_clear_object (&self->preview);

  G_OBJECT_CLASS (moderato_message_row_parent_class)->dispose (object);
}

static void
moderato_message_row_finalize (GObject *object)
{
  ModeratoMessageRow *self = MODERATO_MESSAGE_ROW (object);

  g_clear_object (&self->layout);
  g_clear_object (&self->header);
  g_clear_object (&self->divider);
  g_free (self->divider_text);
  g_clear_pointer (&self->font, pango_font_description_free);
  moderato_message_content_clear (&self->content);
  g_free (self->accessible_text);
  g_free (self->own_user_id);
  g_free (self->own_username);
  g_strfreev (self->button_ids);
  g_free (self->collapsed);
  n_instances--;

  G_OBJECT_CLASS (moderato_message_row_parent_class)->finalize (object);
}

static void
moderato_message_row_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ModeratoMessageRow *self = MODERATO_MESSAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      g_value_set_object (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_message_row_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  ModeratoMessageRow *self = MODERATO_MESSAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      moderato_message_row_set_message (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moderato_message_row_class_init (ModeratoMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moderato_message_row_dispose;
  object_class->finalize = moderato_message_row_finalize;
  object_class->get_property = moderato_message_row_get_property;
  object_class->set_property = moderato_message_row_set_property;

  widget_class->get_request_mode = moderato_message_row_get_request_mode;
  widget_class->measure = moderato_message_row_measure;
  widget_class->snapshot = moderato_message_row_snapshot;
  widget_class->css_changed = moderato_message_row_css_changed;
  widget_class->size_allocate = moderato_message_row_size_allocate;
  widget_class->query_tooltip = moderato_message_row_query_tooltip;

  properties[PROP_MESSAGE] =
    g_param_spec_object ("message", NULL, NULL,
                         RUMBLE_TYPE_MESSAGE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ModeratoMessageRow::context-menu:
   * @x: where it was asked for, or -1 from the keyboard
   * @y: likewise
   */
  signals[CONTEXT_MENU] =
    g_signal_new ("context-menu",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, popup_menu_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, popup_menu_cb, NULL);

  gtk_widget_class_set_css_name (widget_class, "chatmessage");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
moderato_message_row_init (ModeratoMessageRow *self)
{
  GtkGesture *click;
  GtkGesture *long_press;
  GtkEventController *motion;
  GtkEventController *focus;

  n_instances++;

  moderato_message_content_init (&self->content);
  self->show_timestamps = TRUE;
  self->layout_width = -1;
  self->dirty = TRUE;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  /* One answer for the whole row (its badges' labels), not a tooltip per badge. */
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), self);
  g_signal_connect (click, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  long_press = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (long_press), TRUE);
  g_signal_connect (long_press, "pressed", G_CALLBACK (long_press_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (long_press));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "enter", G_CALLBACK (motion_enter_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (motion_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (focus_enter_cb), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
}

GtkWidget *
moderato_message_row_new (void)
{
  return g_object_new (MODERATO_TYPE_MESSAGE_ROW, NULL);
}

RumbleMessage *
moderato_message_row_get_message (ModeratoMessageRow *self)
{
  g_return_val_if_fail (MODERATO_IS_MESSAGE_ROW (self), NULL);

  return self->message;
}

void
moderato_message_row_set_message (ModeratoMessageRow *self,
                                  RumbleMessage      *message)
{
  g_return_if_fail (MODERATO_IS_MESSAGE_ROW (self));
  g_return_if_fail (message == NULL || RUMBLE_IS_MESSAGE (message));

  if (self->message == message)
    return;

  if (self->message != NULL)
    {
      g_clear_signal_handler (&self->deleted_handler, self->message);
      g_clear_object (&self->message);
    }
  if (self->user != NULL)
    {
      g_clear_signal_handler (&self->muted_handler, self->user);
      g_clear_object (&self->user);
    }

  if (message != NULL)
    {
      RumbleUser *user = rumble_message_get_user (message);

      self->message = g_object_ref (message);
      /* "deleted" and "deleted-here" (its own request may answer after the stream's event):
       * the other properties do not change once a message is shown. */
      self->deleted_handler = g_signal_connect_swapped (message, "notify",
                                                        G_CALLBACK (message_deleted_cb), self);
      if (user != NULL)
        {
          self->user = g_object_ref (user);
          self->muted_handler = g_signal_connect_swapped (user, "notify::muted",
                                                          G_CALLBACK (user_muted_cb), self);
        }
    }

  update_css_classes (self);
  mark_dirty (self);
  if (self->button_box != NULL)
    update_buttons (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

void
moderato_message_row_set_chat (ModeratoMessageRow *self,
                               RumbleChatApi      *chat)
{
  g_return_if_fail (MODERATO_IS_MESSAGE_ROW (self));

  if (g_set_object (&self->chat, chat))
    mark_dirty (self);
}

void
moderato_message_row_set_image_cache (ModeratoMessageRow *self,
                                      ModeratoImageCache *cache)
{
  g_return_if_fail (MODERATO_IS_MESSAGE_ROW (self));

  if (self->cache == cache)
    return;

  if (self->cache != NULL)
    {
      g_clear_signal_handler (&self->cache_handler, self->cache);
      g_clear_object (&self->cache);
    }
  if (cache != NULL)
    {
      self->cache = g_object_ref (cache);
      self->cache_handler = g_signal_connect_swapped (cache, "image-changed",
                                                      G_CALLBACK (image_changed_cb), self);
    }

  mark_dirty (self);
}

void
moderato_message_row_set_emotes (ModeratoMessageRow *self,
                                 RumbleEmotes       *emotes)
{
  g_return_if_fail (MODERATO_IS_MESSAGE_ROW (self));

  if (g_set_object (&self->emotes, emotes))
    mark_dirty (self);
}

void
moderato_message_row_invalidate (ModeratoMessageRow *self)
{
  g_return_if_fail (MODERATO_IS_MESSAGE_ROW (self));

  mark_dirty (self);
}

void
moderato_message_row_set_show_timestamps (ModeratoMessageRow *self,
                                          gboolean            show_timestamps)
{
  g_return_if_fail (MODERATO_IS_MESSAGE_ROW (self));

  show_timestamps = !!show_timestamps;
  if (self->show_timestamps == show_timestamps)
    return;

  self->show_timestamps = show_timestamps;
  mark_dirty (self);
}

void
moderato_message_row_set_own_user (ModeratoMessageRow *self,
                                   const char         *user_id,
                                   const char         *username)
{
  g_return_if_fail (MODERATO_IS_MESSAGE_ROW (self));

  if (g_strcmp0 (self->own_user_id, user_id) == 0 && g_strcmp0 (self->own_username, username) == 0)
    return;

  g_free (self->own_user_id);
  self->own_user_id = g_strdup (user_id);
  g_free (self->own_username);
  self->own_username = g_strdup (username);
  update_css_classes (self);
}

void
moderato_message_row_set_compact (ModeratoMessageRow *self,
                                  gboolean            compact)
{
  g_return_if_fail (MODERATO_IS_MESSAGE_ROW (self));

  compact = !!compact;
  if (self->compact == compact)
    return;

  self->compact = compact;
  update_css_classes (self);
  mark_dirty (self);
  if (self->button_box != NULL)
    update_buttons (self);
}

gboolean
moderato_message_row_has_running_clock (ModeratoMessageRow *self)
{
  g_return_val_if_fail (MODERATO_IS_MESSAGE_ROW (self), FALSE);

  if (self->message == NULL || rumble_message_get_kind (self->message) != RUMBLE_MESSAGE_RANT)
    return FALSE;

  return rumble_message_get_rant_expires_on (self->message) > now_seconds ();
}

void
moderato_message_row_tick (ModeratoMessageRow *self)
{
  g_return_if_fail (MODERATO_IS_MESSAGE_ROW (self));

  if (!self->rant || self->dirty)
    return;

  update_header (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
moderato_message_row_get_layout_text (ModeratoMessageRow *self)
{
  g_return_val_if_fail (MODERATO_IS_MESSAGE_ROW (self), NULL);

  if (self->dirty || self->layout == NULL)
    rebuild (self);

  return pango_layout_get_text (self->layout);
}

const char *
moderato_message_row_get_accessible_text (ModeratoMessageRow *self)
{
  g_return_val_if_fail (MODERATO_IS_MESSAGE_ROW (self), NULL);

  if (self->dirty || self->layout == NULL)
    rebuild (self);

  return self->accessible_text;
}

guint
moderato_message_row_get_n_instances (void)
{
  return n_instances;
}

void
moderato_message_row_set_moderation_buttons (ModeratoMessageRow *self,
                                             const char * const *button_ids)
{
  g_return_if_fail (MODERATO_IS_MESSAGE_ROW (self));

  if (button_ids != NULL && button_ids[0] == NULL)
    button_ids = NULL;
  if (button_ids == NULL && self->button_ids == NULL)
    return;
  if (button_ids != NULL && self->button_ids != NULL &&
      g_strv_equal (button_ids, (const char * const *) self->button_ids))
    return;

  g_clear_pointer (&self->button_ids, g_strfreev);
  g_clear_pointer (&self->button_box, gtk_widget_unparent);
  self->buttons_shown = FALSE;

  if (button_ids != NULL)
    {
      self->button_ids = g_strdupv ((char **) button_ids);
      make_buttons (self);
      update_buttons (self);
    }

  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

GtkWidget *
moderato_message_row_get_moderation_button (ModeratoMessageRow *self,
                                            const char         *button_id)
{
  g_return_val_if_fail (MODERATO_IS_MESSAGE_ROW (self), NULL);
  g_return_val_if_fail (button_id != NULL, NULL);

  if (self->button_box == NULL)
    return NULL;

  for (GtkWidget *button = gtk_widget_get_first_child (self->button_box);
       button != NULL;
       button = gtk_widget_get_next_sibling (button))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (button), "moderato-button"), button_id) == 0)
      return button;

  return NULL;
}

const char *
moderato_message_row_get_tooltip_at (ModeratoMessageRow *self,
                                     double              x,
                                     double              y,
                                     GdkRectangle       *out_area)
{
  const ModeratoMessageShape *shape;

  g_return_val_if_fail (MODERATO_IS_MESSAGE_ROW (self), NULL);

  shape = shape_at (self, x, y, out_area);
  return shape != NULL ? shape->label : NULL;
}

GtkWidget *
moderato_message_row_get_emote_preview (ModeratoMessageRow *self)
{
  g_return_val_if_fail (MODERATO_IS_MESSAGE_ROW (self), NULL);

  return self->preview;
}

void
moderato_message_row_set_divider (ModeratoMessageRow *self,
                                  const char         *text,
                                  gboolean            above)
{
  g_return_if_fail (MODERATO_IS_MESSAGE_ROW (self));

  above = text != NULL && above;
  if (g_strcmp0 (self->divider_text, text) == 0 && self->divider_above == above)
    return;

  g_free (self->divider_text);
  self->divider_text = g_strdup (text);
  self->divider_above = above;

  if (text == NULL)
    {
      g_clear_object (&self->divider);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
  else
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      if (self->divider == NULL)
        self->divider = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
      pango_attr_list_insert (attrs, pango_attr_scale_new (0.85));
      pango_layout_set_text (self->divider, text, -1);
      pango_layout_set_attributes (self->divider, attrs);
      pango_attr_list_unref (attrs);
      pango_layout_set_alignment (self->divider, PANGO_ALIGN_CENTER);
      pango_layout_set_wrap (self->divider, PANGO_WRAP_WORD_CHAR);
      /* Rare (a gap in the chat): told to the accessibility bus at once. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                      -1);
    }

  self->layout_width = -1;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

const char *
moderato_message_row_get_divider (ModeratoMessageRow *self,
                                  gboolean           *out_above)
{
  g_return_val_if_fail (MODERATO_IS_MESSAGE_ROW (self), NULL);

  if (out_above != NULL)
    *out_above = self->divider_above;
  return self->divider_text;
}

int
moderato_message_row_get_text_width (ModeratoMessageRow *self)
{
  g_return_val_if_fail (MODERATO_IS_MESSAGE_ROW (self), -1);

  if (self->layout == NULL)
    return -1;

  return pango_layout_get_width (self->layout) / PANGO_SCALE;
}

/* Only "#rrggbb": colours come from rules, never from the network. */
static gboolean
parse_highlight_color (const char *color,
                       GdkRGBA    *out_rgba)
{
  if (color == NULL || color[0] != '#' || strlen (color) != 7)
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (color[i]))
      return FALSE;
  return gdk_rgba_parse (out_rgba, color);
}

void
moderato_message_row_set_highlight (ModeratoMessageRow *self,
                                    const char         *color)
{
  GdkRGBA rgba;
  gboolean valid;

  g_return_if_fail (MODERATO_IS_MESSAGE_ROW (self));

  valid = parse_highlight_color (color, &rgba);
  if (!valid && !self->has_highlight)
    return;
  if (valid && self->has_highlight && g_ascii_strcasecmp (self->highlight_color, color) == 0)
    return;

  self->has_highlight = valid;
  if (valid)
    {
      self->highlight = rgba;
      for (guint i = 0; i < 7; i++)
        self->highlight_color[i] = g_ascii_tolower (color[i]);
      self->highlight_color[7] = '\0';
    }
  else
    self->highlight_color[0] = '\0';
  update_css_classes (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
moderato_message_row_get_highlight (ModeratoMessageRow *self)
{
  g_return_val_if_fail (MODERATO_IS_MESSAGE_ROW (self), NULL);

  return self->has_highlight ? self->highlight_color : NULL;
}

void
moderato_message_row_set_collapsed (ModeratoMessageRow *self,
                                    const char         *stub)
{
  g_return_if_fail (MODERATO_IS_MESSAGE_ROW (self));

  if (g_strcmp0 (self->collapsed, stub) == 0)
    return;

  g_free (self->collapsed);
  self->collapsed = g_strdup (stub);
  update_css_classes (self);
  mark_dirty (self);
  if (self->button_box != NULL)
    update_buttons (self);
}

const char *
moderato_message_row_get_collapsed (ModeratoMessageRow *self)
{
  g_return_val_if_fail (MODERATO_IS_MESSAGE_ROW (self), NULL);

  return self->collapsed;
}
