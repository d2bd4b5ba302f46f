/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by the demo's own files (ch-demo.c, ch-demo-chapter.c). */

#include "ch-demo.h"

G_BEGIN_DECLS

/* The ISO date @days days and @months months from @iso (negative: back),
 * or NULL when @iso is not a date. */
char *ch_demo_shift_date (const char *iso,
                          gint        days,
                          gint        months);

/* ch-demo-opportunities.c: @n opportunities between the chapter's
 * members over the last 18 months, given, accepted, won and lost. */
gboolean ch_demo_add_opportunities (ChStore     *store,
                                    const char  *chapter_id,
                                    guint        n,
                                    guint32      seed,
                                    GError     **error);

G_END_DECLS
