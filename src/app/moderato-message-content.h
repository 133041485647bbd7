/* moderato-message-content.h — what a message row lays out: text, attributes, images, links
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "moderato-image-cache.h"
#include "rumble-chat-api.h"
#include "rumble-emotes.h"

G_BEGIN_DECLS

/* An inline image: a U+FFFC in the text carrying a PangoAttrShape of its size. */
typedef struct {
  guint       index;       /* byte offset of the U+FFFC in the text */
  int         size;
  char       *url;         /* image, or NULL for an icon */
  GdkTexture *texture;     /* NULL while loading */
  const char *icon_name;   /* static */
  char       *label;       /* what it stands for (a badge's label), for a tooltip; nullable */
  gboolean    emote;       /* an emote: @label is its `:name:`, previewed at full size */
} ModeratoMessageShape;

typedef struct {
  guint  start;            /* byte range in the text */
  guint  end;
  char  *uri;
} ModeratoMessageLink;

/* What the content is built from; all borrowed. */
typedef struct {
  RumbleMessage      *message;
  RumbleUser         *user;             /* nullable */
  RumbleChatApi      *chat;             /* nullable: badge definitions */
  ModeratoImageCache *cache;            /* nullable */
  RumbleEmotes       *emotes;           /* nullable */
  gboolean            show_time;
  GdkRGBA             link;             /* colour of links */
  GdkRGBA             name_background;  /* names stay readable on it */
  /* The row font's ascent and descent (Pango units): emotes are sized to that line, so a
   * row with an emote is no taller than one without. 0: a fixed size. */
  int                 line_ascent;
  int                 line_descent;
} ModeratoMessageSource;

/* What was built, kept by the row for drawing and hit-testing. */
typedef struct {
  GArray *shapes;          /* of ModeratoMessageShape */
  GArray *links;           /* of ModeratoMessageLink */
  guint   name_start;
  guint   name_end;
} ModeratoMessageContent;

#define MODERATO_MESSAGE_OBJECT_CHAR_LEN 3

void  moderato_message_content_init         (ModeratoMessageContent      *content);
void  moderato_message_content_clear        (ModeratoMessageContent      *content);
/* Forgets the shapes, links and name of the last build. */
void  moderato_message_content_reset        (ModeratoMessageContent      *content);

/* Appends the message's text to @text and its attributes to @attrs (network text only ever
 * as text, never markup), records its shapes, links and name; returns the accessible
 * label. */
char *moderato_message_content_build        (ModeratoMessageContent      *content,
                                             const ModeratoMessageSource *source,
                                             GString                     *text,
                                             PangoAttrList               *attrs)
                                             G_GNUC_WARN_UNUSED_RESULT;

/* A rant's header line: its price, and the time left when @seconds_left > 0. */
void  moderato_message_content_build_header (RumbleMessage               *message,
                                             gint64                       seconds_left,
                                             GString                     *text,
                                             PangoAttrList               *attrs);

/* Who wrote @message, as rows name them: @user's name (nullable), else the message's
 * display name, else "Unknown user". */
const char *moderato_message_content_author_name (RumbleMessage *message,
                                                  RumbleUser    *user);

/* Formats a countdown: "4:05", "1:02:03". */
char *moderato_format_time_left             (gint64                       seconds)
                                             G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
