/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-store.h"

G_BEGIN_DECLS

#define CH_TYPE_EVENT_DIALOG (ch_event_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ChEventDialog, ch_event_dialog, CH, EVENT_DIALOG, AdwWindow)

/* @event_id: the event to edit, or NULL to plan a new one.  Emits
 * ::saved (id) and closes when saved. */
ChEventDialog *ch_event_dialog_new        (GtkWindow     *parent,
                                           ChStore       *store,
                                           ChChapter     *chapter,
                                           const char    *event_id);
/* Saves like the Save button; FALSE when the form shows an error. */
gboolean       ch_event_dialog_save       (ChEventDialog *self);

G_END_DECLS
