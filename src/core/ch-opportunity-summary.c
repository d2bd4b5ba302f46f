/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-opportunity-summary"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-opportunity-query.h"
#include "ch-opportunity-summary.h"
#include "ch-store-private.h"

void
ch_opportunity_summary_free (ChOpportunitySummary *summary)
{
  if (summary == NULL)
    return;

  g_free (summary->quarter);
  g_free (summary->specialty);
  g_free (summary);
}

static const char summary_sql[] =
  "SELECT substr (given_on, 1, 4) || '-Q' || "
  "       ((CAST (substr (given_on, 6, 2) AS INTEGER) + 2) / 3) AS quarter, "
  "       specialty, count (*), sum (status = 'won') "
  "FROM opportunity "
  "WHERE chapter_id = ?1 AND deleted = 0 AND given_on IS NOT NULL "
  "  AND (?2 IS NULL OR given_on >= ?2) AND (?3 IS NULL OR given_on <= ?3) "
  "GROUP BY quarter, specialty "
  "ORDER BY quarter, specialty";

typedef struct
{
  char *chapter_id;
  char *from;
  char *to;
} SummaryJob;

static void
summary_job_free (SummaryJob *job)
{
  g_free (job->chapter_id);
  g_free (job->from);
  g_free (job->to);
  g_free (job);
}

static SummaryJob *
summary_job_new (const char *chapter_id,
                 const char *from,
                 const char *to)
{
  SummaryJob *job = g_new0 (SummaryJob, 1);

  job->chapter_id = g_strdup (chapter_id);
  job->from = g_strdup (from);
  job->to = g_strdup (to);

  return job;
}

static GPtrArray *
summary_on_db (sqlite3  *db,
               gpointer  data,
               GError  **error)
{
  SummaryJob *job = data;
  g_autoptr(GPtrArray) out =
    g_ptr_array_new_with_free_func ((GDestroyNotify) ch_opportunity_summary_free);
  sqlite3_stmt *st;
  int rc;

  if (!(st = ch_opportunity_query_prepare (db, summary_sql, error)))
    return NULL;

  sqlite3_bind_text (st, 1, job->chapter_id, -1, SQLITE_STATIC);
  ch_store_bind_text (st, 2, job->from);
  ch_store_bind_text (st, 3, job->to);

  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      ChOpportunitySummary *row = g_new0 (ChOpportunitySummary, 1);

      row->quarter = g_strdup (ch_opportunity_query_text (st, 0));
      row->specialty = g_strdup (ch_opportunity_query_text (st, 1));
      row->given = sqlite3_column_int (st, 2);
      row->won = sqlite3_column_int (st, 3);
      g_ptr_array_add (out, row);
    }

  return ch_opportunity_query_finish (db, st, rc, g_steal_pointer (&out), error);
}

GPtrArray *
ch_opportunity_summary_by_quarter (ChStore     *store,
                                   const char  *chapter_id,
                                   const char  *from,
                                   const char  *to,
                                   GError     **error)
{
  g_return_val_if_fail (CH_IS_STORE (store), NULL);
  g_return_val_if_fail (chapter_id != NULL, NULL);

  return ch_opportunity_query_run (store, summary_on_db, summary_job_new (chapter_id, from, to),
                                   (GDestroyNotify) summary_job_free, error);
}

void
ch_opportunity_summary_by_quarter_async (ChStore             *store,
                                         const char          *chapter_id,
                                         const char          *from,
                                         const char          *to,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (CH_IS_STORE (store));
  g_return_if_fail (chapter_id != NULL);

  ch_opportunity_query_run_async (store, summary_on_db, summary_job_new (chapter_id, from, to),
                                  (GDestroyNotify) summary_job_free,
                                  ch_opportunity_summary_by_quarter_async, cancellable,
                                  callback, user_data);
}

GPtrArray *
ch_opportunity_summary_by_quarter_finish (GAsyncResult  *result,
                                          GError       **error)
{
  return ch_opportunity_query_run_finish (result, ch_opportunity_summary_by_quarter_async,
                                          error);
}
