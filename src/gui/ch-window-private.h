/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-window.h"

G_BEGIN_DECLS

/* Tests only: what a sync round does after its pull, without the sync:
 * settles seats given away twice offline and says so in a toast.  Returns
 * how many registrations moved. */
guint ch_window_reconcile_events (ChWindow *self);

G_END_DECLS
