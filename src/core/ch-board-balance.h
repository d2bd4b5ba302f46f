/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-gender.h"
#include "ch-store.h"

G_BEGIN_DECLS

/* The gender balance of the chapter's leadership today: every person who
 * holds a role counts once, however many roles they hold. */
gboolean ch_board_balance_compute (ChStore        *store,
                                   const char     *chapter_id,
                                   ChBoardBalance *balance,
                                   GError        **error);

G_END_DECLS
