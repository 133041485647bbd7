/* moderato-lazy-tooltip.c — a tooltip made only when it is shown
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8's gtk_widget_set_tooltip_text() (and the tooltip-text property, also from a .ui
 * template) asks the display where the pointer is, at once: on X11 two round trips to the
 * server per widget. Widgets made by the hundred in a flood (sidebar rows, badges, the
 * attention lane's chips) keep their text here and hand it over on "query-tooltip".
 */
#define G_LOG_DOMAIN "moderato-lazy-tooltip"

#include "config.h"

#include "moderato-lazy-tooltip.h"

#define TEXT_KEY "moderato-lazy-tooltip"

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = g_object_get_data (G_OBJECT (widget), TEXT_KEY);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Sets (NULL: removes) @widget's tooltip @text without asking the display anything. */
void
moderato_widget_set_lazy_tooltip (GtkWidget  *widget,
                                  const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (g_object_get_data (G_OBJECT (widget), TEXT_KEY) == NULL && text != NULL)
    g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  g_object_set_data_full (G_OBJECT (widget), TEXT_KEY, g_strdup (text), g_free);
  gtk_widget_set_has_tooltip (widget, text != NULL);
}
