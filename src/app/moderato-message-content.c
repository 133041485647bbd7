/* moderato-message-content.c — what a message row lays out: text, attributes, images, links
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Time, badges, name and text go into one string with a Pango attribute list. Badges and
 * emotes are U+FFFC characters carrying a PangoAttrShape of the image's size; the row draws
 * each image at its character's position. Names and texts each sit in a bidi isolate.
 */
#define G_LOG_DOMAIN "moderato-message-row"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "moderato-link-finder.h"
#include "moderato-message-content.h"
#include "moderato-name-color.h"
#include "rumble-text.h"

#define OBJECT_CHAR       "\xef\xbf\xbc"  /* U+FFFC */
#define OBJECT_CHAR_LEN   MODERATO_MESSAGE_OBJECT_CHAR_LEN
#define BADGE_SIZE        18
#define EMOTE_SIZE        24
#define ICON_SIZE         16
#define SHAPE_SPACING     3
#define MAX_BADGES        8
#define MAX_EMOTES        64
#define MAX_TEXT_BYTES    (16 * 1024)
#define MAX_BADGE_LABEL_BYTES 120

typedef struct {
  ModeratoMessageContent      *content;
  const ModeratoMessageSource *source;
  GString                     *text;
  PangoAttrList               *attrs;
  GString                     *badges;  /* their labels, for the accessible label */
} Builder;

static void
shape_clear (gpointer data)
{
  ModeratoMessageShape *shape = data;

  g_clear_pointer (&shape->url, g_free);
  g_clear_object (&shape->texture);
  g_clear_pointer (&shape->label, g_free);
}

static void
link_clear (gpointer data)
{
  ModeratoMessageLink *link = data;

  g_clear_pointer (&link->uri, g_free);
}

void
moderato_message_content_init (ModeratoMessageContent *content)
{
  content->shapes = g_array_new (FALSE, TRUE, sizeof (ModeratoMessageShape));
  g_array_set_clear_func (content->shapes, shape_clear);
  content->links = g_array_new (FALSE, TRUE, sizeof (ModeratoMessageLink));
  g_array_set_clear_func (content->links, link_clear);
  content->name_start = content->name_end = 0;
}

void
moderato_message_content_clear (ModeratoMessageContent *content)
{
  g_clear_pointer (&content->shapes, g_array_unref);
  g_clear_pointer (&content->links, g_array_unref);
}

void
moderato_message_content_reset (ModeratoMessageContent *content)
{
  g_array_set_size (content->shapes, 0);
  g_array_set_size (content->links, 0);
  content->name_start = content->name_end = 0;
}

char *
moderato_format_time_left (gint64 seconds)
{
  if (seconds < 0)
    seconds = 0;

  if (seconds >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (seconds / 3600),
                            (int) (seconds / 60 % 60), (int) (seconds % 60));
  return g_strdup_printf ("%d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

static char *
format_price (guint cents)
{
  return g_strdup_printf ("$%u.%02u", cents / 100, cents % 100);
}

static void
add_attr (PangoAttrList  *attrs,
          PangoAttribute *attr,
          guint           start,
          guint           end)
{
  attr->start_index = start;
  attr->end_index = end;
  pango_attr_list_insert (attrs, attr);
}

static void
add_color_attr (PangoAttrList *attrs,
                const GdkRGBA *color,
                guint          start,
                guint          end)
{
  add_attr (attrs,
            pango_attr_foreground_new (color->red * 65535, color->green * 65535,
                                       color->blue * 65535),
            start, end);
}

static void
add_dim_attr (PangoAttrList *attrs,
              guint          start,
              guint          end)
{
  add_attr (attrs, pango_attr_foreground_alpha_new (0.6 * 65535), start, end);
}

/* @text in an isolate: a bidi control in it cannot reorder the row. */
static void
append_isolated (GString    *text,
                 const char *part)
{
  g_string_append (text, RUMBLE_TEXT_FSI);
  g_string_append (text, part);
  g_string_append (text, RUMBLE_TEXT_PDI);
}

/* @top: where the image starts, Pango units above the baseline. */
static ModeratoMessageShape *
append_shape_at (Builder    *b,
                 int         size,
                 int         top,
                 const char *url,
                 GdkTexture *texture,
                 const char *icon_name,
                 const char *label)
{
  PangoRectangle ink, logical;
  ModeratoMessageShape shape = { 0, };

  shape.index = b->text->len;
  shape.size = size;
  shape.url = g_strdup (url);
  shape.texture = texture != NULL ? g_object_ref (texture) : NULL;
  shape.icon_name = icon_name;
  shape.label = g_strdup (label);
  g_array_append_val (b->content->shapes, shape);

  ink.x = 0;
  ink.y = -top;
  ink.width = size * PANGO_SCALE;
  ink.height = size * PANGO_SCALE;
  logical = ink;
  logical.width = (size + SHAPE_SPACING) * PANGO_SCALE;

  g_string_append_len (b->text, OBJECT_CHAR, OBJECT_CHAR_LEN);
  add_attr (b->attrs, pango_attr_shape_new (&ink, &logical), shape.index, b->text->len);
  return &g_array_index (b->content->shapes, ModeratoMessageShape,
                         b->content->shapes->len - 1);
}

static void
append_shape (Builder    *b,
              int         size,
              const char *url,
              GdkTexture *texture,
              const char *icon_name,
              const char *label)
{
  /* Centred on the text: most of it above the baseline. */
  append_shape_at (b, size, (size * 4 / 5) * PANGO_SCALE, url, texture, icon_name, label);
}

/* An emote as tall as the font's line (whole pixels, never more), centred in it: its logical
 * box stays inside the line's ascent and descent, so the line keeps its height at any text
 * size. @token: its `:name:`. */
static void
append_emote (Builder    *b,
              const char *url,
              GdkTexture *texture,
              const char *token)
{
  int ascent = b->source->line_ascent;
  int line = ascent + b->source->line_descent;
  int size, top;
  ModeratoMessageShape *shape;

  if (ascent <= 0 || line < PANGO_SCALE)
    {
      size = EMOTE_SIZE;
      top = (size * 4 / 5) * PANGO_SCALE;
    }
  else
    {
      size = line / PANGO_SCALE;
      top = ascent - (line - size * PANGO_SCALE) / 2;
    }

  shape = append_shape_at (b, size, top, url, texture, NULL, token);
  shape->emote = TRUE;
}

/* Plain text, with http(s) links underlined and remembered for clicks. */
static void
append_plain (Builder    *b,
              const char *segment,
              gsize       len)
{
  gsize run = 0, start, end;

  while (moderato_link_finder_next (segment, len, run, &start, &end))
    {
      ModeratoMessageLink link;

      g_string_append_len (b->text, segment + run, start - run);
      link.start = b->text->len;
      g_string_append_len (b->text, segment + start, end - start);
      link.end = b->text->len;
      link.uri = g_strndup (segment + start, end - start);
      g_array_append_val (b->content->links, link);

      add_color_attr (b->attrs, &b->source->link, link.start, link.end);
      add_attr (b->attrs, pango_attr_underline_new (PANGO_UNDERLINE_SINGLE),
                link.start, link.end);
      run = end;
    }

  g_string_append_len (b->text, segment + run, len - run);
}

static void
append_message_text (Builder    *b,
                     const char *body)
{
  g_autofree char *valid = NULL;
  g_autoptr(GArray) spans = NULL;
  gsize len, pos = 0;

  if (body == NULL)
    return;

  g_string_append (b->text, RUMBLE_TEXT_FSI);
  len = strlen (body);
  if (len > MAX_TEXT_BYTES || !g_utf8_validate (body, -1, NULL))
    {
      valid = g_utf8_make_valid (body, MIN (len, MAX_TEXT_BYTES));
      body = valid;
      len = strlen (body);
    }

  if (b->source->emotes != NULL)
    spans = rumble_emotes_find_spans (b->source->emotes, body, len);

  for (guint i = 0; spans != NULL && i < spans->len && i < MAX_EMOTES; i++)
    {
      const RumbleEmoteSpan *span = &g_array_index (spans, RumbleEmoteSpan, i);
      ModeratoImageState state = MODERATO_IMAGE_NONE;
      GdkTexture *texture = NULL;

      if (span->start < pos || span->end > len)
        continue;

      if (b->source->cache != NULL)
        texture = moderato_image_cache_lookup (b->source->cache, span->url, &state);

      append_plain (b, body + pos, span->start - pos);
      if (state == MODERATO_IMAGE_READY || state == MODERATO_IMAGE_LOADING)
        {
          g_autofree char *token = g_strndup (body + span->start, span->end - span->start);

          append_emote (b, span->url, texture, token);
        }
      else
        g_string_append_len (b->text, body + span->start, span->end - span->start);
      pos = span->end;
    }

  append_plain (b, body + pos, len - pos);
  g_string_append (b->text, RUMBLE_TEXT_PDI);
}

static void
append_badges (Builder *b)
{
  RumbleChatApi *chat = b->source->chat;
  const char * const *slugs;

  if (b->source->user == NULL)
    return;

  slugs = rumble_user_get_badges (b->source->user);
  for (guint i = 0; slugs[i] != NULL && i < MAX_BADGES; i++)
    {
      RumbleBadge *badge = chat != NULL ? rumble_chat_api_lookup_badge (chat, slugs[i]) : NULL;
      const char *url = badge != NULL ? rumble_badge_get_icon_url (badge) : NULL;
      const char *label = badge != NULL ? rumble_badge_get_label (badge) : NULL;
      ModeratoImageState state = MODERATO_IMAGE_NONE;
      GdkTexture *texture = NULL;
      g_autofree char *clean = NULL;

      if (url != NULL && b->source->cache != NULL)
        texture = moderato_image_cache_lookup (b->source->cache, url, &state);

      /* The network's label, as a tooltip and in the accessible label: one line, no
       * controls, short. */
      clean = rumble_text_clean (label != NULL && *label != '\0' ? label : slugs[i],
                                 MAX_BADGE_LABEL_BYTES);
      if (clean != NULL)
        g_string_append_printf (b->badges, "%s%s", b->badges->len > 0 ? ", " : "", clean);

      if (state == MODERATO_IMAGE_READY || state == MODERATO_IMAGE_LOADING)
        {
          append_shape (b, BADGE_SIZE, url, texture, NULL, clean);
        }
      else
        {
          /* No icon: the label, small. */
          guint start = b->text->len;

          label = badge != NULL ? rumble_badge_get_label (badge) : slugs[i];

          append_isolated (b->text, label);
          add_attr (b->attrs, pango_attr_scale_new (0.8), start, b->text->len);
          add_attr (b->attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD), start, b->text->len);
          add_dim_attr (b->attrs, start, b->text->len);
          g_string_append_c (b->text, ' ');
        }
    }
}

/* Who deleted it is not in the stream's event (PROTOCOL.md §5.5): only that it was, and
 * whether this account's own request did it. */
static void
append_deleted_marker (Builder *b,
                       gboolean by_us)
{
  guint start;

  g_string_append_c (b->text, ' ');
  start = b->text->len;
  if (by_us)
    /* Translators: the marker after a chat message this account deleted. */
    g_string_append (b->text, C_("message state", "deleted by you"));
  else
    /* Translators: the marker after a deleted chat message. */
    g_string_append (b->text, C_("message state", "deleted"));
  add_attr (b->attrs, pango_attr_style_new (PANGO_STYLE_ITALIC), start, b->text->len);
  add_attr (b->attrs, pango_attr_scale_new (0.85), start, b->text->len);
  add_attr (b->attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD), start, b->text->len);
}

const char *
moderato_message_content_author_name (RumbleMessage *message,
                                      RumbleUser    *user)
{
  const char *name = user != NULL ? rumble_user_get_username (user) : NULL;

  if (name == NULL || *name == '\0')
    name = rumble_message_get_display_name (message);
  if (name == NULL || *name == '\0')
    name = _("Unknown user");

  return name;
}

static const char *
user_name (const ModeratoMessageSource *source)
{
  return moderato_message_content_author_name (source->message, source->user);
}

static void
append_name (Builder *b)
{
  const char *name = user_name (b->source);
  RumbleUser *user = b->source->user;
  RumbleChannel *channel = rumble_message_get_channel (b->source->message);
  const char *channel_name = channel != NULL ? rumble_channel_get_name (channel) : NULL;
  GdkRGBA color;

  moderato_name_color_for_background (user != NULL ? rumble_user_get_color (user) : NULL,
                                      name, &b->source->name_background, &color);

  b->content->name_start = b->text->len;
  append_isolated (b->text, name);
  b->content->name_end = b->text->len;
  add_attr (b->attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD),
            b->content->name_start, b->content->name_end);
  add_color_attr (b->attrs, &color, b->content->name_start, b->content->name_end);

  if (channel_name != NULL && *channel_name != '\0')
    {
      guint start = b->text->len;

      /* Translators: "NAME as CHANNEL", a user posting as one of their channels. */
      g_string_append_printf (b->text, " %s ", C_("posted as channel", "as"));
      add_dim_attr (b->attrs, start, b->text->len);

      start = b->text->len;
      append_isolated (b->text, channel_name);
      add_attr (b->attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD), start, b->text->len);
      add_color_attr (b->attrs, &color, start, b->text->len);
    }
}

static void
append_time (Builder *b)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *formatted = NULL;
  guint start;

  time = g_date_time_new_from_unix_local (rumble_message_get_time (b->source->message));
  if (time == NULL)
    return;

  formatted = g_date_time_format (time, "%H:%M");
  if (formatted == NULL)
    return;

  start = b->text->len;
  g_string_append (b->text, formatted);
  add_attr (b->attrs, pango_attr_scale_new (0.85), start, b->text->len);
  add_attr (b->attrs, pango_attr_font_features_new ("tnum"), start, b->text->len);
  add_dim_attr (b->attrs, start, b->text->len);
  g_string_append_c (b->text, ' ');
}

void
moderato_message_content_build_header (RumbleMessage *message,
                                       gint64         seconds_left,
                                       GString       *text,
                                       PangoAttrList *attrs)
{
  g_autofree char *price = format_price (rumble_message_get_rant_price_cents (message));
  guint start = text->len;

  g_string_append (text, price);
  add_attr (attrs, pango_attr_weight_new (PANGO_WEIGHT_HEAVY), start, text->len);

  if (seconds_left > 0)
    {
      g_autofree char *formatted = moderato_format_time_left (seconds_left);

      start = text->len;
      g_string_append (text, "  ·  ");
      /* Translators: time left on a rant, e.g. "4:05 left". */
      g_string_append_printf (text, _("%s left"), formatted);
      add_attr (attrs, pango_attr_font_features_new ("tnum"), start, text->len);
      add_attr (attrs, pango_attr_scale_new (0.9), start, text->len);
    }
}

static char *
describe (const ModeratoMessageSource *source,
          const char                  *badges,
          const char                  *body)
{
  RumbleMessage *message = source->message;
  g_autoptr(GString) label = g_string_new (NULL);
  g_autofree char *name = NULL;

  /* Translators: an author and their badges in an accessible label, "Ann (Moderator)". */
  name = *badges != '\0' ? g_strdup_printf (_("%s (%s)"), user_name (source), badges)
                          : g_strdup (user_name (source));

  switch (rumble_message_get_kind (message))
    {
    case RUMBLE_MESSAGE_RANT:
      {
        g_autofree char *price = format_price (rumble_message_get_rant_price_cents (message));

        /* Translators: accessible label of a paid message: price, name, text. */
        g_string_printf (label, _("Rant of %s from %s: %s"), price, name, body);
      }
      break;
    case RUMBLE_MESSAGE_RAID:
    case RUMBLE_MESSAGE_SUBSCRIPTION:
    case RUMBLE_MESSAGE_GIFT:
      g_string_assign (label, body);
      break;
    case RUMBLE_MESSAGE_REGULAR:
    default:
      g_string_printf (label, "%s: %s", name, body);
      break;
    }

  if (rumble_message_get_deleted (message))
    g_string_append_printf (label, " (%s)", rumble_message_get_deleted_here (message) ?
                                            _("deleted by you") : _("deleted"));
  if (source->user != NULL && rumble_user_get_muted (source->user))
    g_string_append_printf (label, " (%s)", _("muted user"));

  return g_string_free (g_steal_pointer (&label), FALSE);
}

char *
moderato_message_content_build (ModeratoMessageContent      *content,
                                const ModeratoMessageSource *source,
                                GString                     *text,
                                PangoAttrList               *attrs)
{
  g_autoptr(GString) badges = g_string_new (NULL);
  Builder builder = { content, source, text, attrs, badges };
  Builder *b = &builder;
  RumbleMessage *message = source->message;
  RumbleMessageKind kind = rumble_message_get_kind (message);
  const char *body = rumble_message_get_text (message);
  gsize first = text->len;
  guint body_start;

  g_return_val_if_fail (RUMBLE_IS_MESSAGE (message), NULL);

  moderato_message_content_reset (content);

  switch (kind)
    {
    case RUMBLE_MESSAGE_RAID:
      append_shape (b, ICON_SIZE, NULL, NULL, "system-users-symbolic", NULL);
      body_start = text->len;
      if (body != NULL && *body != '\0')
        append_isolated (text, body);
      else
        /* Translators: a raid notice without text from Rumble. */
        g_string_append_printf (text, _("%s is raiding the chat"),
                                rumble_message_get_display_name (message));
      add_attr (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD), body_start, text->len);
      break;

    case RUMBLE_MESSAGE_SUBSCRIPTION:
      {
        const char *notice = rumble_message_get_notification_text (message);

        append_shape (b, ICON_SIZE, NULL, NULL, "starred-symbolic", NULL);
        append_name (b);
        g_string_append_c (text, ' ');
        if (notice != NULL && *notice != '\0')
          append_message_text (b, notice);
        else if (body != NULL && *body != '\0')
          append_message_text (b, body);
        else
          g_string_append (text, _("subscribed"));
      }
      break;

    case RUMBLE_MESSAGE_GIFT:
      {
        guint total = rumble_message_get_gift_total (message);

        append_shape (b, ICON_SIZE, NULL, NULL, "emote-love-symbolic", NULL);
        append_name (b);
        g_string_append_c (text, ' ');
        g_string_append_printf (text,
                                /* Translators: "NAME gifted 5 subscriptions". */
                                g_dngettext (GETTEXT_PACKAGE, "gifted %u subscription",
                                             "gifted %u subscriptions", MAX (total, 1)),
                                MAX (total, 1));
        if (body != NULL && *body != '\0')
          {
            g_string_append (text, " · ");
            append_message_text (b, body);
          }
      }
      break;

    case RUMBLE_MESSAGE_REGULAR:
    case RUMBLE_MESSAGE_RANT:
    default:
      if (source->show_time)
        append_time (b);
      append_badges (b);
      if (source->user != NULL && rumble_user_get_muted (source->user))
        append_shape (b, ICON_SIZE, NULL, NULL, "microphone-sensitivity-muted-symbolic",
                      _("Muted user"));
      append_name (b);
      g_string_append_c (text, ' ');
      body_start = text->len;
      append_message_text (b, body);
      if (rumble_message_get_deleted (message))
        {
          add_attr (attrs, pango_attr_strikethrough_new (TRUE), body_start, text->len);
          append_deleted_marker (b, rumble_message_get_deleted_here (message));
        }
      break;
    }

  /* Notices read as their text (after the icon); chat messages as name and text. */
  if (kind != RUMBLE_MESSAGE_REGULAR && kind != RUMBLE_MESSAGE_RANT)
    body = text->str + first + OBJECT_CHAR_LEN;
  return describe (source, badges->str, body != NULL ? body : "");
}
