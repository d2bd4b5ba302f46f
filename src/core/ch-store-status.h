/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The members' stored status (level 19): status_rank, the one status rule
 * (ch_member_status()) kept per member row with the day it may next change
 * (status_until), so that the member list sorts and filters by status
 * through an index.  Local and derived, never synced.  The level's
 * triggers mark a row to compute whenever what the rule reads changes; the
 * store computes the marked rows before every commit
 * (ch_store_status_flush()), and those whose day has come once a day
 * (ch_store_status_refresh(): when the store opens and when a member list
 * asks on a new day). */

#include <glib.h>

#include "ch-store.h"

G_BEGIN_DECLS

/* In each chapter with rows marked to compute, computes them and those
 * whose day has come, inside the transaction about to be committed. */
gboolean  ch_store_status_flush    (ChStore     *self,
                                    GError     **error);

/* Brings the status of @chapter_id's members (of every chapter when NULL)
 * up to date for today, in a transaction of its own (or the caller's):
 * the members whose day has come, or all of them when they were computed
 * for a later day than today (the clock was put back).  Takes no write
 * lock when nothing is to do. */
gboolean  ch_store_status_refresh  (ChStore     *self,
                                    const char  *chapter_id,
                                    GError     **error);

/* Notes that @chapter_id's members are computed for @today (unless they
 * were for a later day), as the flush does after its pass: for a writer
 * that computes the status of the rows it makes itself (an import). */
gboolean  ch_store_status_remember_day (ChStore     *self,
                                        const char  *chapter_id,
                                        gint32       today,
                                        GError     **error);

G_END_DECLS
