/* main.c — the moderato executable
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "moderato"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "moderato-application.h"
#include "moderato-measure.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ModeratoApplication) app = NULL;
  const char *localedir = g_getenv ("MODERATO_LOCALEDIR");

  moderato_measure_set_start_time (g_get_monotonic_time ());

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = moderato_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
