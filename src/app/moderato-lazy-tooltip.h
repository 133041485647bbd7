/* moderato-lazy-tooltip.h — a tooltip made only when it is shown
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void moderato_widget_set_lazy_tooltip (GtkWidget  *widget,
                                       const char *text);

G_END_DECLS
