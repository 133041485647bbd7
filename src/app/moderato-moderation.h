/* moderato-moderation.h — run a moderation action and report its failure
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rumble-chat-api.h"
#include "rumble-mute-choice.h"

G_BEGIN_DECLS

typedef enum {
  MODERATO_MODERATION_DELETE,
  MODERATO_MODERATION_PIN,
  MODERATO_MODERATION_UNPIN,
  MODERATO_MODERATION_MUTE,
  MODERATO_MODERATION_UNMUTE,
} ModeratoModerationKind;

/* Each function starts the action on @chat and returns at once. Success shows nothing: the
 * stream's event updates the view. A failure is a sentence naming the action and the
 * server's reason, shown by the win.show-error action of @toasts' window (its error banner)
 * or, without one, as a toast on @toasts (if it still exists); an ambiguous failure says the
 * action may have happened; a rate limit says when to try again; cancellation is silent.
 * @cancellable may be NULL. */
void     moderato_moderation_delete_message (RumbleChatApi    *chat,
                                             const char       *message_id,
                                             AdwToastOverlay  *toasts,
                                             GCancellable     *cancellable);
void     moderato_moderation_pin_message    (RumbleChatApi    *chat,
                                             const char       *message_id,
                                             AdwToastOverlay  *toasts,
                                             GCancellable     *cancellable);
/* @message_id: NULL or "" = the currently pinned message. */
void     moderato_moderation_unpin_message  (RumbleChatApi    *chat,
                                             const char       *message_id,
                                             AdwToastOverlay  *toasts,
                                             GCancellable     *cancellable);
/* @name: user name, or channel name when @entity is RUMBLE_MUTE_ENTITY_CHANNEL.
 * 5 minutes: (RUMBLE_MUTE_FIVE_MINUTES, VIDEO); this stream: (0, VIDEO); forever: (0, TOTAL). */
void     moderato_moderation_mute           (RumbleChatApi    *chat,
                                             const char       *name,
                                             RumbleMuteEntity  entity,
                                             guint             duration_s,
                                             RumbleMuteScope   scope,
                                             AdwToastOverlay  *toasts,
                                             GCancellable     *cancellable);
void     moderato_moderation_unmute         (RumbleChatApi    *chat,
                                             const char       *name,
                                             AdwToastOverlay  *toasts,
                                             GCancellable     *cancellable);

/* Parses the strings of the win.mute parameter (ssus): entity "user"/"channel", scope
 * "video"/"total". FALSE when either is unknown. */
gboolean moderato_moderation_parse_mute     (const char       *entity,
                                             const char       *scope,
                                             RumbleMuteEntity *out_entity,
                                             RumbleMuteScope  *out_scope);

/* The win.mute parameter (ssus) that mutes @name (@entity "user" or "channel") as @choice
 * says; floating. */
GVariant *moderato_moderation_mute_target (const char             *name,
                                           const char             *entity,
                                           const RumbleMuteChoice *choice);

/* A menu item for @choice: its label, @action with @target (floating, nullable), hidden
 * while @action is disabled. */
GMenuItem *moderato_moderation_mute_item  (const RumbleMuteChoice *choice,
                                           const char             *action,
                                           GVariant               *target)
                                           G_GNUC_WARN_UNUSED_RESULT;

/* Whether the account may moderate @chat (nullable) now: the chat has the session and its
 * `init` said can_moderate. Every menu, button and win.* action asks this. */
gboolean moderato_moderation_allowed      (RumbleChatApi          *chat);

/* The plain-text sentence shown for a failure, or NULL when @error is a cancellation.
 * @name: the user/channel name for mute and unmute (ignored otherwise). */
char    *moderato_moderation_describe_failure (ModeratoModerationKind  kind,
                                               const char             *name,
                                               guint                   duration_s,
                                               RumbleMuteScope         scope,
                                               const GError           *error)
                                               G_GNUC_WARN_UNUSED_RESULT;

/* The question asked before muting forever (@heading and @body plain text): responses
 * "cancel" (the default, also on close) and a destructive "mute". Not yet presented. */
GtkWidget *moderato_moderation_confirm_forever_new (GtkWindow  *parent,
                                                    const char *heading,
                                                    const char *body)
                                                    G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
