/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ch-store.h"

G_BEGIN_DECLS

/* Opportunities given and won per quarter and specialty (for Insights and
 * the report for headquarters).  A quarter is that of given_on; won counts
 * the opportunities given in the quarter that are won by now. */
typedef struct
{
  char  *quarter;     /* "2026-Q3" */
  char  *specialty;   /* a key or text; NULL: none given */
  guint  given;
  guint  won;
} ChOpportunitySummary;

void        ch_opportunity_summary_free           (ChOpportunitySummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChOpportunitySummary, ch_opportunity_summary_free)

/* Element type ChOpportunitySummary, by quarter then specialty; @from and
 * @to (ISO dates, both included) may be NULL. */
GPtrArray  *ch_opportunity_summary_by_quarter     (ChStore             *store,
                                                   const char          *chapter_id,
                                                   const char          *from,
                                                   const char          *to,
                                                   GError             **error);
void        ch_opportunity_summary_by_quarter_async  (ChStore             *store,
                                                      const char          *chapter_id,
                                                      const char          *from,
                                                      const char          *to,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GPtrArray  *ch_opportunity_summary_by_quarter_finish (GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
