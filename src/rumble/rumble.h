/* rumble.h — librumble, Rumble's live chat protocol for GLib
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rumble-badge.h"
#include "rumble-channel.h"
#include "rumble-chat-api.h"
#include "rumble-enums.h"
#include "rumble-error.h"
#include "rumble-emotes.h"
#include "rumble-id.h"
#include "rumble-locator.h"
#include "rumble-message.h"
#include "rumble-mute-choice.h"
#include "rumble-service-php.h"
#include "rumble-session-store.h"
#include "rumble-sse-parser.h"
#include "rumble-text.h"
#include "rumble-url-policy.h"
#include "rumble-user.h"
