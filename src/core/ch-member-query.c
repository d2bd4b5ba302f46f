/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-member-list"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-member-list.h"
#include "ch-member-query.h"
#include "ch-store-private.h"
#include "ch-tsan.h"

/* SQL of each filter; parameters ?5 to ?10 (see bind_filters). */
static const char *const filter_sql[CH_MEMBER_QUERY_N_FILTERS] = {
  " AND m.tier = ?5",
  /* The status rule's one SQL function, as the sort and the member shown. */
  " AND ch_member_status (?1, m.tier, m.joined_on, m.left_on, m.dues_paid_until, ?4, ?3) = ?6",
  /* By rowid: the name index holds it, so no row is read to test it. */
  " AND m.rowid IN (SELECT sm.rowid FROM member_specialty s JOIN member sm ON sm.id = s.member_id "
  "WHERE s.specialty = ?7 AND s.deleted = 0)",
  " AND m.partner_kind = ?8",
  " AND m.rowid IN (SELECT rm.rowid FROM role r JOIN member rm ON rm.id = r.member_id "
  "WHERE r.role = ?9 AND r.deleted = 0 AND r.starts_on <= ?10 "
  "AND (r.ends_on IS NULL OR r.ends_on >= ?10))",
};

void
ch_member_query_free (ChMemberQuery *q)
{
  g_free (q->chapter_id);
  g_free (q->match);
  g_free (q->order);
  for (guint i = 0; i < CH_MEMBER_QUERY_N_FILTERS; i++)
    g_free (q->filters[i]);
  g_free (q->today);
  g_free (q);
}

ChMemberQueryReader *
ch_member_query_reader_open (ChStore  *store,
                       GError  **error)
{
  sqlite3 *db = ch_store_open_reader (store, error);
  ChMemberQueryReader *reader;

  if (db == NULL)
    return NULL;

  reader = g_new0 (ChMemberQueryReader, 1);
  g_atomic_ref_count_init (&reader->ref);
  g_mutex_init (&reader->lock);
  reader->db = db;

  return reader;
}

ChMemberQueryReader *
ch_member_query_reader_ref (ChMemberQueryReader *reader)
{
  g_atomic_ref_count_inc (&reader->ref);
  return reader;
}

void
ch_member_query_reader_unref (ChMemberQueryReader *reader)
{
  CH_TSAN_RELEASE (reader);
  if (!g_atomic_ref_count_dec (&reader->ref))
    return;
  CH_TSAN_ACQUIRE (reader);

  sqlite3_close (reader->db);
  g_mutex_clear (&reader->lock);
  g_free (reader);
}

void
ch_member_query_job_free (ChMemberQueryJob *job)
{
  /* Freed by whichever thread lets go of the task last. */
  CH_TSAN_ACQUIRE (job);
  g_clear_pointer (&job->query, ch_member_query_free);
  g_clear_pointer (&job->reader, ch_member_query_reader_unref);
  g_clear_pointer (&job->rowids, g_array_unref);
  g_free (job);
}

const char *
ch_member_query_order_for (const char *column)
{
  if (g_strcmp0 (column, CH_MEMBER_SORT_COMPANY) == 0)
    return "m.company COLLATE NOCASE %1$s, m.name_key %1$s, m.rowid %1$s";
  if (g_strcmp0 (column, CH_MEMBER_SORT_TIER) == 0)
    return "m.tier %1$s, m.name_key %1$s, m.rowid %1$s";
  if (g_strcmp0 (column, CH_MEMBER_SORT_CITY) == 0)
    return "m.city COLLATE NOCASE %1$s, m.name_key %1$s, m.rowid %1$s";
  if (g_strcmp0 (column, CH_MEMBER_SORT_EMAIL) == 0)
    return "m.email_key %1$s, m.rowid %1$s";
  if (g_strcmp0 (column, CH_MEMBER_SORT_STATUS) == 0)
    return "ch_member_status (?1, m.tier, m.joined_on, m.left_on, m.dues_paid_until, ?4, ?3) %1$s, "
           "m.name_key %1$s, m.rowid %1$s";

  return "m.name_key %1$s, m.rowid %1$s";
}

static gboolean
run_query (sqlite3      *db,
           const ChMemberQuery  *q,
           GArray       *rowids,
           guint        *n_total,
           GError      **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *st = NULL;
  int rc;

  if (q->chapter_id == NULL)
    return TRUE;

  {
    GString *where = g_string_new (NULL);

    /* Only constant SQL is added here; the values are bound below. */
    for (guint i = 0; i < CH_MEMBER_QUERY_N_FILTERS; i++)
      if (q->filters[i] != NULL)
        g_string_append (where, filter_sql[i]);

    if (q->match != NULL)
      sql = g_strdup_printf ("SELECT m.rowid FROM member m "
                             "WHERE m.chapter_id = ?1 AND m.deleted = 0 "
                             "AND m.rowid IN (SELECT rowid FROM member_fts "
                             "WHERE member_fts MATCH ?2)"
                             "%s ORDER BY %s", where->str, q->order);
    else
      sql = g_strdup_printf ("SELECT m.rowid FROM member m "
                             "WHERE m.chapter_id = ?1 AND m.deleted = 0"
                             "%s ORDER BY %s", where->str, q->order);
    g_string_free (where, TRUE);
  }

  if (sqlite3_prepare_v2 (db, sql, -1, &st, NULL) != SQLITE_OK)
    goto fail;

  sqlite3_bind_text (st, 1, q->chapter_id, -1, SQLITE_STATIC);
  if (q->match != NULL)
    sqlite3_bind_text (st, 2, q->match, -1, SQLITE_STATIC);
  if (sqlite3_bind_parameter_index (st, "?3") > 0)
    sqlite3_bind_int (st, 3, q->today_days);
  if (sqlite3_bind_parameter_index (st, "?4") > 0)
    sqlite3_bind_int (st, 4, q->grace_days);
  if (q->filters[CH_MEMBER_QUERY_FILTER_TIER] != NULL)
    sqlite3_bind_text (st, 5, q->filters[CH_MEMBER_QUERY_FILTER_TIER], -1, SQLITE_STATIC);
  if (q->filters[CH_MEMBER_QUERY_FILTER_STATUS] != NULL)
    {
      ChMemberStatus status;

      /* An unknown status matches nobody. */
      if (ch_member_status_from_string (q->filters[CH_MEMBER_QUERY_FILTER_STATUS], &status))
        sqlite3_bind_int (st, 6, status);
      else
        sqlite3_bind_int (st, 6, -1);
    }
  if (q->filters[CH_MEMBER_QUERY_FILTER_SPECIALTY] != NULL)
    sqlite3_bind_text (st, 7, q->filters[CH_MEMBER_QUERY_FILTER_SPECIALTY], -1, SQLITE_STATIC);
  if (q->filters[CH_MEMBER_QUERY_FILTER_PARTNER_KIND] != NULL)
    sqlite3_bind_text (st, 8, q->filters[CH_MEMBER_QUERY_FILTER_PARTNER_KIND], -1, SQLITE_STATIC);
  if (q->filters[CH_MEMBER_QUERY_FILTER_ROLE] != NULL)
    {
      sqlite3_bind_text (st, 9, q->filters[CH_MEMBER_QUERY_FILTER_ROLE], -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 10, q->today, -1, SQLITE_STATIC);
    }

  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (st, 0);
      g_array_append_val (rowids, rowid);
    }
  if (rc != SQLITE_DONE)
    goto fail;
  sqlite3_finalize (st);

  if (sqlite3_prepare_v2 (db, "SELECT count(*) FROM member WHERE chapter_id = ? AND deleted = 0",
                          -1, &st, NULL) != SQLITE_OK)
    goto fail;
  sqlite3_bind_text (st, 1, q->chapter_id, -1, SQLITE_STATIC);
  if (sqlite3_step (st) != SQLITE_ROW)
    goto fail;
  *n_total = sqlite3_column_int (st, 0);
  sqlite3_finalize (st);

  return TRUE;

fail:
  if (sqlite3_errcode (db) == SQLITE_INTERRUPT)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "superseded");
  else
    g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                 _("Could not search the members: %s"), sqlite3_errmsg (db));
  sqlite3_finalize (st);
  return FALSE;
}

typedef struct
{
  ChMemberQueryReader *reader;
  guint   generation;
} Progress;

/* Called by SQLite on the thread running the query: a non-zero answer
 * stops it with SQLITE_INTERRUPT when a newer query has been asked for. */
static int
on_progress (void *data)
{
  Progress *progress = data;

  return (guint) g_atomic_int_get (&progress->reader->latest) != progress->generation;
}

/* Runs @job on whatever thread calls it, its connection locked. */
gboolean
ch_member_query_job_run (ChMemberQueryJob     *job,
                   GError **error)
{
  ChMemberQueryReader *reader = job->reader;
  Progress progress = { reader, job->query->generation };
  gboolean ok;

  g_mutex_lock (&reader->lock);
  CH_TSAN_ACQUIRE (&reader->lock);

  if (on_progress (&progress))
    {
      /* A newer query is already waiting: skip the work. */
      CH_TSAN_RELEASE (&reader->lock);
      g_mutex_unlock (&reader->lock);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "superseded");
      return FALSE;
    }

  job->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_progress_handler (reader->db, 1000, on_progress, &progress);
  ok = run_query (reader->db, job->query, job->rowids, &job->n_total, error);
  sqlite3_progress_handler (reader->db, 0, NULL, NULL);

  CH_TSAN_RELEASE (&reader->lock);
  g_mutex_unlock (&reader->lock);

  return ok;
}

void
ch_member_query_job_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  GError *error = NULL;
  gboolean ok;

  CH_TSAN_ACQUIRE (task_data);
  ok = ch_member_query_job_run (task_data, &error);
  CH_TSAN_RELEASE (task_data);

  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

