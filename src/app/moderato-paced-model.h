/* moderato-paced-model.h — a list model that passes on appends at most so often
 *
 * Copyright 2026 The Moderato authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MODERATO_TYPE_PACED_MODEL (moderato_paced_model_get_type ())

G_DECLARE_FINAL_TYPE (ModeratoPacedModel, moderato_paced_model, MODERATO, PACED_MODEL, GObject)

ModeratoPacedModel *moderato_paced_model_new          (GListModel         *source,
                                                       guint               interval_ms);
void                moderato_paced_model_set_interval (ModeratoPacedModel *self,
                                                       guint               interval_ms);
guint               moderato_paced_model_get_n_pending (ModeratoPacedModel *self);
void                moderato_paced_model_flush        (ModeratoPacedModel *self);

G_END_DECLS
