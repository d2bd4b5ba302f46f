/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ch-opportunity.h"
#include "ch-store.h"

G_BEGIN_DECLS

/*
 * The opportunities ledger: partners giving each other business.  Every
 * change is one synced "opportunity" row written through the store's
 * outbox; the rule of its status and dates is ch-opportunity-rule.h,
 * checked here against today in the chapter's zone (and again by the
 * server).  Dates are ISO "YYYY-MM-DD" in the chapter's time zone.
 */

#define CH_OPPORTUNITIES_ERROR (ch_opportunities_error_quark ())

typedef enum
{
  CH_OPPORTUNITIES_ERROR_INVALID,   /* a translated message says what to fix */
} ChOpportunitiesError;

GQuark      ch_opportunities_error_quark     (void);

/* Which opportunities a list shows; NULL members match everything. */
typedef struct
{
  const char *member_id;   /* given or received by this member */
  const char *specialty;   /* a key or text; compared folded */
  const char *status;      /* CH_OPPORTUNITY_STATUS_* */
  const char *from;        /* given on or after */
  const char *to;          /* given on or before */
} ChOpportunityFilter;

/* Logs an opportunity in @chapter_id.  @fields (the write format):
 * "from_member_id" (required: a member of the chapter), "to_member_id"
 * (another member; absent or null: given to the chapter), "title"
 * (required), "specialty", "value_band" (CH_OPPORTUNITY_BAND_*), "notes",
 * "given_on" (default: today).  An opportunity logged late may carry its
 * later steps: "status", "accepted_on", "closed_on".  Anything the rule
 * refuses: CH_OPPORTUNITIES_ERROR_INVALID, nothing written. */
gboolean       ch_opportunities_add          (ChStore               *store,
                                              const char            *chapter_id,
                                              JsonObject            *fields,
                                              char                 **out_id,
                                              GError               **error);
/* Changes what was logged: any of "from_member_id", "to_member_id",
 * "title", "specialty", "value_band", "notes", "given_on" (the status
 * moves only with ch_opportunities_advance()).  Fields left out keep
 * their values; only the changed ones are written. */
gboolean       ch_opportunities_update       (ChStore               *store,
                                              const char            *opportunity_id,
                                              JsonObject            *fields,
                                              GError               **error);
/* Moves the opportunity to @status on @on (NULL: today): given →
 * accepted, won or lost; accepted → won or lost.  From given straight to
 * won needs @accepted_on, the day it was accepted.  Won and lost end it. */
gboolean       ch_opportunities_advance      (ChStore               *store,
                                              const char            *opportunity_id,
                                              const char            *status,
                                              const char            *on,
                                              const char            *accepted_on,
                                              GError               **error);
gboolean       ch_opportunities_delete       (ChStore               *store,
                                              const char            *opportunity_id,
                                              GError               **error);

/* The opportunity, or NULL with CH_STORE_ERROR_NOT_FOUND. */
ChOpportunity *ch_opportunities_get          (ChStore               *store,
                                              const char            *opportunity_id,
                                              GError               **error);
/* The chapter's opportunities (element type ChOpportunity) that match
 * @filter (NULL: all), newest given first. */
GPtrArray     *ch_opportunities_list         (ChStore               *store,
                                              const char            *chapter_id,
                                              const ChOpportunityFilter *filter,
                                              GError               **error);
/* The same list read on a worker thread (its own read-only connection). */
void           ch_opportunities_list_async   (ChStore               *store,
                                              const char            *chapter_id,
                                              const ChOpportunityFilter *filter,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
GPtrArray     *ch_opportunities_list_finish  (GAsyncResult          *result,
                                              GError               **error);

/* "2026-Q3" → @from "2026-07-01", @to "2026-09-30"; "2026" → the whole
 * year.  FALSE when @period is neither. */
gboolean       ch_opportunities_period_range (const char            *period,
                                              char                 **from,
                                              char                 **to);

G_END_DECLS
