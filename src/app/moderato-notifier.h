/* moderato-notifier.h — desktop notifications for what needs a moderator
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "moderato-detector.h"

G_BEGIN_DECLS

/* At most this many notifications per period; beyond, one says how many more there are. */
#define MODERATO_NOTIFIER_DEFAULT_MAX_PER_PERIOD 4
#define MODERATO_NOTIFIER_DEFAULT_PERIOD_MS      60000

#define MODERATO_TYPE_NOTIFIER (moderato_notifier_get_type ())
G_DECLARE_FINAL_TYPE (ModeratoNotifier, moderato_notifier, MODERATO, NOTIFIER, GObject)

/* Signals, after the GNotification went to the application (tests watch them):
 *   sent       (const char *id, GNotification *notification)
 *   withdrawn  (const char *id)
 *
 * The buttons activate application actions (moderato-application.c), each with the stream
 * id first so that they act on that chat or on none:
 *   app.notification-delete (ss)  stream id, message id
 *   app.notification-mute   (ss)  stream id, user name: mutes for 5 minutes
 *   app.notification-open   (ss)  stream id, message id ("" for a wave or the summary) */

/* Notifies through @application only while @window is not the active window. */
ModeratoNotifier *moderato_notifier_new         (GApplication       *application,
                                                 GtkWindow          *window)
                                                 G_GNUC_WARN_UNUSED_RESULT;

/* Each sends a notification when wanted (highlight and rant: their notify flag), unless
 * the window is active; over the rate they are counted for one summary. @can_moderate:
 * whether Delete and Mute buttons are offered. */
void              moderato_notifier_highlight   (ModeratoNotifier   *self,
                                                 const char         *stream_id,
                                                 ModeratoHighlight  *highlight,
                                                 gboolean            can_moderate);
void              moderato_notifier_wave        (ModeratoNotifier   *self,
                                                 const char         *stream_id,
                                                 ModeratoSpamWave   *wave);
void              moderato_notifier_rant        (ModeratoNotifier   *self,
                                                 const char         *stream_id,
                                                 ModeratoDetectRant *rant);
/* The item was handled in the window: its notification, if any, goes. @item is a
 * ModeratoHighlight, ModeratoSpamWave or ModeratoDetectRant. */
void              moderato_notifier_withdraw    (ModeratoNotifier   *self,
                                                 const char         *stream_id,
                                                 gpointer            item);
/* The notification id of @item on @stream_id ("moderato-STREAM-hl-MESSAGE"…). */
char             *moderato_notifier_item_id     (const char         *stream_id,
                                                 gpointer            item)
                                                 G_GNUC_WARN_UNUSED_RESULT;

void              moderato_notifier_set_rate    (ModeratoNotifier   *self,
                                                 guint               max_per_period,
                                                 guint               period_ms);
/* Tests: -1 asks the window (the default), 0 or 1 says whether it is active. */
void              moderato_notifier_set_active_override (ModeratoNotifier *self,
                                                 int                 active);

G_END_DECLS
