/* rumble-mute-choice.c — the ways to mute offered to a moderator, said once
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app's menus and buttons and moderato-cli's options are all made from this table, so
 * that "five minutes" means the same everywhere.
 */
#define G_LOG_DOMAIN "rumble-mute-choice"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rumble-mute-choice.h"

static const RumbleMuteChoice choices[] = {
  { "5m", N_("For _5 Minutes"), N_("Mute for 5 Minutes"),
    NULL,
    RUMBLE_MUTE_FIVE_MINUTES, RUMBLE_MUTE_SCOPE_VIDEO },
  { "stream", N_("For This _Stream"), N_("Mute for This Stream"),
    N_("Mute for the rest of this stream"),
    0, RUMBLE_MUTE_SCOPE_VIDEO },
  { "forever", N_("_Forever"), N_("Mute Forever"),
    N_("Mute everywhere, with no end"),
    0, RUMBLE_MUTE_SCOPE_TOTAL },
  { NULL, NULL, NULL, NULL, 0, RUMBLE_MUTE_SCOPE_VIDEO },
};

const RumbleMuteChoice *
rumble_mute_choices (void)
{
  return choices;
}

const RumbleMuteChoice *
rumble_mute_choice_lookup (const char *id)
{
  if (id == NULL)
    return NULL;

  for (const RumbleMuteChoice *choice = choices; choice->id != NULL; choice++)
    if (g_str_equal (choice->id, id))
      return choice;

  return NULL;
}

const char *
rumble_mute_scope_to_string (RumbleMuteScope scope)
{
  return scope == RUMBLE_MUTE_SCOPE_TOTAL ? "total" : "video";
}

gboolean
rumble_mute_scope_from_string (const char      *text,
                               RumbleMuteScope *out_scope)
{
  g_return_val_if_fail (out_scope != NULL, FALSE);

  if (g_strcmp0 (text, "video") == 0)
    *out_scope = RUMBLE_MUTE_SCOPE_VIDEO;
  else if (g_strcmp0 (text, "total") == 0)
    *out_scope = RUMBLE_MUTE_SCOPE_TOTAL;
  else
    return FALSE;

  return TRUE;
}
