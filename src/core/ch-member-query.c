/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-member-list"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ch-member-list.h"
#include "ch-member-query.h"
#include "ch-member-query-private.h"
#include "ch-search-row.h"
#include "ch-store-private.h"
#include "ch-tsan.h"

/* SQL of each filter; parameters ?5 to ?10 (see bind_filters). */
static const char *const filter_sql[CH_MEMBER_QUERY_N_FILTERS] = {
  " AND m.tier = ?5",
  /* The status rule's one SQL function as stored per member (level 19,
   * ch-store-status.c): the status index serves it, in name order. */
  " AND m.status_rank = ?6",
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
  g_free (q->index_match);
  g_free (q->order);
  for (guint i = 0; i < CH_MEMBER_QUERY_N_FILTERS; i++)
    g_free (q->filters[i]);
  g_free (q->today);
  g_free (q->order_reverse);
  g_clear_pointer (&q->rank, ch_member_rank_unref);
  g_free (q->rank_bits);
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
    return "m.status_rank %1$s, m.name_key %1$s, m.rowid %1$s";

  return "m.name_key %1$s, m.rowid %1$s";
}

void
ch_member_query_set_order (ChMemberQuery *q,
                           const char    *column,
                           gboolean       descending)
{
  GString *order = g_string_new (ch_member_query_order_for (column));

  g_string_replace (order, "%1$s", descending ? "DESC" : "ASC", 0);
  q->order = g_string_free (order, FALSE);
  order = g_string_new (ch_member_query_order_for (column));
  g_string_replace (order, "%1$s", descending ? "ASC" : "DESC", 0);
  q->order_reverse = g_string_free (order, FALSE);
  q->descending = descending;
  q->by_name = column == NULL || g_strcmp0 (column, CH_MEMBER_SORT_NAME) == 0;
}

/* Parameters of every statement: ?1 chapter, ?2 search, ?3 today,
 * ?4 grace days, ?5 to ?10 filters, ?11 LIMIT, ?12 OFFSET, ?13 the row a
 * window starts after (or the member whose position is asked), ?14 its
 * name key, ?15 the rows a walk may test, ?16 the search as typed (for
 * ch_search_row(), while ?2 is what the search index is asked). */
typedef enum
{
  SHAPE_ROWS,
  SHAPE_COUNT,
  SHAPE_BEFORE,  /* count of the rows before ?13 */
  SHAPE_IS_ROW,  /* whether ?13 is among the rows */
} Shape;

/* Only constant SQL is put together here; every value is bound. */
static char *
build_sql (const ChMemberQuery *q,
           Shape                shape,
           ChMemberQueryPlan    plan,
           gboolean             reverse,
           gboolean             keyset,
           guint                bound)
{
  GString *sql = g_string_new (NULL);
  /* "after" in the direction read: name ascending read forwards is ">". */
  const char *after = (q->descending != reverse) ? "<" : ">";

  switch (shape)
    {
    case SHAPE_ROWS: g_string_append (sql, "SELECT m.rowid "); break;
    case SHAPE_COUNT:
      g_string_append (sql, bound > 0 ? "SELECT count(*) FROM (SELECT 1 " : "SELECT count(*) ");
      break;
    case SHAPE_BEFORE:
    case SHAPE_IS_ROW:
      g_string_append (sql, "SELECT count(*) ");
      break;
    }

  if (q->match != NULL && plan == CH_MEMBER_QUERY_PLAN_DRIVE)
    /* A result small enough to read whole: the index of the search drives,
     * then the rows are sorted. */
    g_string_append (sql, "FROM member_fts CROSS JOIN member m ON m.rowid = member_fts.rowid "
                          "WHERE member_fts MATCH ?2 AND m.chapter_id = ?1 AND m.deleted = 0");
  else if (q->match != NULL && plan == CH_MEMBER_QUERY_PLAN_WALK)
    /* A common word: the sort's index drives and stops after a window,
     * each row's folded text tested as MATCH would (ch-search-row.c). */
    g_string_append (sql, "FROM member m CROSS JOIN member_fts_content f ON f.id = m.rowid "
                          "WHERE m.chapter_id = ?1 AND m.deleted = 0 "
                          "AND ch_search_row (?16, ?15, f.c0, f.c1, f.c2, f.c3, f.c4, f.c5)");
  else if (q->match != NULL)
    /* The set of matches filters the sort's index, which stops after a
     * window. */
    g_string_append (sql, "FROM member m WHERE m.chapter_id = ?1 AND m.deleted = 0 "
                          "AND m.rowid IN (SELECT rowid FROM member_fts "
                          "WHERE member_fts MATCH ?2)");
  else
    g_string_append (sql, "FROM member m WHERE m.chapter_id = ?1 AND m.deleted = 0");

  for (guint i = 0; i < CH_MEMBER_QUERY_N_FILTERS; i++)
    if (q->filters[i] != NULL)
      g_string_append (sql, filter_sql[i]);

  if (keyset || shape == SHAPE_BEFORE)
    {
      /* (name_key, rowid) after (?14, ?13), written so that the name
       * index serves the range. */
      const char *op = shape == SHAPE_BEFORE ? (q->descending ? ">" : "<") : after;

      g_string_append_printf (sql, " AND m.name_key %s= ?14 "
                                   "AND (m.name_key %s ?14 OR m.rowid %s ?13)", op, op, op);
    }
  if (shape == SHAPE_IS_ROW)
    g_string_append (sql, " AND m.rowid = ?13");

  if (shape == SHAPE_ROWS)
    g_string_append_printf (sql, " ORDER BY %s LIMIT ?11 OFFSET ?12",
                            reverse ? q->order_reverse : q->order);
  else if (shape == SHAPE_COUNT && bound > 0)
    g_string_append (sql, " LIMIT ?11)");

  return g_string_free (sql, FALSE);
}

static void
bind_query (sqlite3_stmt        *st,
            const ChMemberQuery *q)
{
  sqlite3_bind_text (st, 1, q->chapter_id, -1, SQLITE_STATIC);
  if (q->match != NULL)
    sqlite3_bind_text (st, 2, CH_MEMBER_QUERY_INDEX_MATCH (q), -1, SQLITE_STATIC);
  if (sqlite3_bind_parameter_index (st, "?16") > 0)
    sqlite3_bind_text (st, 16, q->match, -1, SQLITE_STATIC);
  if (sqlite3_bind_parameter_index (st, "?3") > 0)
    sqlite3_bind_int (st, 3, q->today_days);
  if (sqlite3_bind_parameter_index (st, "?4") > 0)
    sqlite3_bind_int (st, 4, q->grace_days);
  if (sqlite3_bind_parameter_index (st, "?15") > 0)
    sqlite3_bind_int64 (st, 15, q->walk_budget);
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
}

/* Binds ?13 to @rowid and ?14 to its name_key, when the statement has them. */
static gboolean
bind_key (sqlite3      *db,
          sqlite3_stmt *st,
          gint64        rowid)
{
  sqlite3_stmt *k = NULL;
  gboolean ok;

  sqlite3_bind_int64 (st, 13, rowid);
  if (sqlite3_bind_parameter_index (st, "?14") == 0)
    return TRUE;

  if (sqlite3_prepare_v2 (db, "SELECT name_key FROM member WHERE rowid = ?", -1, &k, NULL) !=
      SQLITE_OK)
    return FALSE;
  sqlite3_bind_int64 (k, 1, rowid);
  /* A row that is gone leaves ?14 NULL: nothing comes after it. */
  ok = sqlite3_step (k) != SQLITE_ERROR;
  if (sqlite3_data_count (k) > 0)
    sqlite3_bind_value (st, 14, sqlite3_column_value (k, 0));
  sqlite3_finalize (k);

  return ok;
}

static gboolean no_filter (const ChMemberQuery *q);

gboolean
ch_member_query_fail (sqlite3       *db,
                      sqlite3_stmt  *st,
                      GError       **error)
{
  if (sqlite3_errcode (db) == SQLITE_INTERRUPT)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "superseded");
  else
    g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                 _("Could not search the members: %s"), sqlite3_errmsg (db));
  sqlite3_finalize (st);
  return FALSE;
}

/* Rows [@first, len) of @rowids the other way round. */
static void
turn_round (GArray *rowids,
            guint   first)
{
  for (guint i = first, j = rowids->len; i + 1 < j; i++, j--)
    {
      gint64 tmp = g_array_index (rowids, gint64, i);

      g_array_index (rowids, gint64, i) = g_array_index (rowids, gint64, j - 1);
      g_array_index (rowids, gint64, j - 1) = tmp;
    }
}

/* What a walk gives way to: the rank when the query has one, else the set. */
static ChMemberQueryPlan
instead_of_walk (const ChMemberQuery *q)
{
  return q->rank != NULL ? CH_MEMBER_QUERY_PLAN_RANK : CH_MEMBER_QUERY_PLAN_SET;
}

/* ch_member_query_rows(), telling in @used (if not NULL) how the rows
 * were read in the end (a walk may give way). */
static gboolean
read_rows (sqlite3             *db,
           const ChMemberQuery *q,
           ChMemberQueryPlan    plan,
           guint                offset,
           guint                limit,
           gboolean             reverse,
           gint64               after,
           GArray              *rowids,
           ChMemberQueryPlan   *used,
           GError             **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *st = NULL;
  guint first = rowids->len;
  int rc;

  if (q->chapter_id == NULL || limit == 0)
    return TRUE;

  g_return_val_if_fail (after <= 0 || q->by_name, FALSE);

  /* A walk tests every row it skips: far from where it can start, the set
   * of matches (or the rank) costs less. */
  if (plan == CH_MEMBER_QUERY_PLAN_WALK && offset > CH_MEMBER_QUERY_WALK_MAX_SKIP)
    plan = instead_of_walk (q);
  if (plan == CH_MEMBER_QUERY_PLAN_WALK && q->rank != NULL)
    {
      /* In memory, only the rows whose initials fit tested (or RANK). */
      gboolean done = FALSE;

      if (!ch_member_query_ranked_walk (db, q, offset, limit, reverse, after, rowids, &done,
                                        &plan, error))
        return FALSE;
      if (done && used != NULL)
        *used = plan;
      if (done)
        return TRUE;
    }
  if (plan == CH_MEMBER_QUERY_PLAN_RANK && (q->rank == NULL || q->match == NULL))
    plan = CH_MEMBER_QUERY_PLAN_SET;
  if (used != NULL)
    *used = plan;

  if (plan == CH_MEMBER_QUERY_PLAN_RANK)
    {
      if (!ch_member_query_ranked_rows (db, q, offset, limit, reverse, after, rowids, error))
        return FALSE;
      if (reverse)
        turn_round (rowids, first);
      return TRUE;
    }
  sql = build_sql (q, SHAPE_ROWS, plan, reverse, after > 0, 0);
  if (sqlite3_prepare_v2 (db, sql, -1, &st, NULL) != SQLITE_OK)
    return ch_member_query_fail (db, st, error);

  bind_query (st, q);
  sqlite3_bind_int64 (st, 11, MIN (limit, G_MAXINT));
  sqlite3_bind_int64 (st, 12, offset);
  if (after > 0 && !bind_key (db, st, after))
    return ch_member_query_fail (db, st, error);

  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (st, 0);
      g_array_append_val (rowids, rowid);
    }
  if (rc != SQLITE_DONE && plan == CH_MEMBER_QUERY_PLAN_WALK &&
      g_strcmp0 (sqlite3_errmsg (db), CH_SEARCH_ROW_TOO_FAR) == 0)
    {
      /* The matches are further down than the walk may go: the set (or
       * the rank). */
      g_debug ("“%s”: %u rows of a window found in %u rows walked; read otherwise",
               q->match, rowids->len - first, q->walk_budget);
      sqlite3_finalize (st);
      g_array_set_size (rowids, first);
      return read_rows (db, q, instead_of_walk (q), offset, limit, reverse, after, rowids, used,
                        error);
    }
  if (rc != SQLITE_DONE)
    return ch_member_query_fail (db, st, error);
  sqlite3_finalize (st);

  if (reverse)
    turn_round (rowids, first);

  return TRUE;
}

gboolean
ch_member_query_rows (sqlite3             *db,
                      const ChMemberQuery *q,
                      ChMemberQueryPlan    plan,
                      guint                offset,
                      guint                limit,
                      gboolean             reverse,
                      gint64               after,
                      GArray              *rowids,
                      GError             **error)
{
  return read_rows (db, q, plan, offset, limit, reverse, after, rowids, NULL, error);
}

/* The window read after or before the current one (keyset) when the
 * order allows, else from whichever end is nearer. */
GArray *
ch_member_query_window (sqlite3             *db,
                        const ChMemberQuery *q,
                        GArray              *current,
                        guint                current_start,
                        guint                n,
                        gboolean             exact,
                        ChMemberQueryPlan    plan,
                        guint                pos,
                        guint                page,
                        guint               *start_out,
                        GError             **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint len = page;
  guint start = pos > len / 4 ? pos - len / 4 : 0;
  guint old_start = current_start, old_end = old_start + current->len;
  gboolean keyset = q->by_name && current->len > 0;
  guint from_start, from_end = G_MAXUINT, after = G_MAXUINT, before = G_MAXUINT;
  gboolean ok;

  /* Scrolling on: the next window touches the current one. */
  if (current->len > 0 && pos >= old_end && pos < old_end + len)
    start = old_end;
  else if (current->len > 0 && pos < old_start && pos + len >= old_start)
    start = old_start > len ? old_start - len : 0;

  if (start + len > n)
    start = n > len ? n - len : 0;
  len = MIN (len, n - start);

  /* The fewest rows skipped: from either end, or from the current window. */
  from_start = start;
  if (exact)
    from_end = n - start - len;
  if (keyset && start >= old_end)
    after = start - old_end;
  if (keyset && start + len <= old_start)
    before = old_start - start - len;

  if (after <= MIN (before, MIN (from_start, from_end)))
    ok = ch_member_query_rows (db, q, plan, after, len, FALSE,
                               g_array_index (current, gint64, current->len - 1), rows, error);
  else if (before <= MIN (from_start, from_end))
    ok = ch_member_query_rows (db, q, plan, before, len, TRUE,
                               g_array_index (current, gint64, 0), rows, error);
  else if (from_end < from_start)
    ok = ch_member_query_rows (db, q, plan, from_end, len, TRUE, 0, rows, error);
  else
    ok = ch_member_query_rows (db, q, plan, from_start, len, FALSE, 0, rows, error);

  /* The row the window started from is gone (a merge, a compaction):
   * read by position instead. */
  if (ok && rows->len < len && q->by_name && current->len > 0)
    {
      g_array_set_size (rows, 0);
      ok = ch_member_query_rows (db, q, plan, start, len, FALSE, 0, rows, error);
    }

  if (!ok)
    return NULL;

  *start_out = start;
  return g_steal_pointer (&rows);
}

static gboolean
count_sql (sqlite3       *db,
           const char    *sql,
           const ChMemberQuery *q,
           guint          bound,
           gint64         rowid,
           guint         *n,
           GError       **error)
{
  sqlite3_stmt *st = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &st, NULL) != SQLITE_OK)
    return ch_member_query_fail (db, st, error);
  bind_query (st, q);
  if (bound > 0)
    sqlite3_bind_int64 (st, 11, bound);
  if (rowid > 0 && !bind_key (db, st, rowid))
    return ch_member_query_fail (db, st, error);
  if (sqlite3_step (st) != SQLITE_ROW)
    return ch_member_query_fail (db, st, error);
  *n = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);

  return TRUE;
}

gboolean
ch_member_query_count (sqlite3             *db,
                       const ChMemberQuery *q,
                       guint                bound,
                       guint               *n,
                       GError             **error)
{
  g_autofree char *sql = NULL;

  *n = 0;
  if (q->chapter_id == NULL)
    return TRUE;

  /* Counting reads every match once, in the search index's order. */
  sql = build_sql (q, SHAPE_COUNT, CH_MEMBER_QUERY_PLAN_DRIVE, FALSE, FALSE, bound);
  return count_sql (db, sql, q, bound, 0, n, error);
}

gboolean
ch_member_query_position (sqlite3             *db,
                          const ChMemberQuery *q,
                          ChMemberQueryPlan    plan,
                          gint64               rowid,
                          guint               *position,
                          GError             **error)
{
  g_autofree char *is_row = NULL;
  g_autofree char *before = NULL;
  guint n = 0;

  *position = G_MAXUINT;
  if (q->chapter_id == NULL || !q->by_name || rowid <= 0)
    return TRUE;

  if (q->rank != NULL && q->match != NULL)
    return ch_member_query_ranked_position (db, q, rowid, position, error);

  is_row = build_sql (q, SHAPE_IS_ROW, CH_MEMBER_QUERY_PLAN_DRIVE, FALSE, FALSE, 0);
  if (!count_sql (db, is_row, q, 0, rowid, &n, error))
    return FALSE;
  if (n == 0)
    return TRUE;

  /* Counting the rows before it reads them all: the set, not a walk. */
  if (plan == CH_MEMBER_QUERY_PLAN_WALK)
    plan = CH_MEMBER_QUERY_PLAN_SET;
  before = build_sql (q, SHAPE_BEFORE, plan, FALSE, FALSE, 0);
  return count_sql (db, before, q, 0, rowid, position, error);
}

guint
ch_member_query_walk_threshold (guint page,
                                guint n_members)
{
  double want = (double) CH_MEMBER_QUERY_WALK_RATIO * MAX (page, 1) * n_members;

  return MAX ((guint) ceil (sqrt (want)), 1);
}

/* The matches of the search of @q in the search index (of every chapter),
 * stopping at @bound: only its doclists are read, no member row. */
static gboolean
count_fts (sqlite3              *db,
           const ChMemberQuery  *q,
           guint                 bound,
           guint                *n,
           gint64               *last,
           GError              **error)
{
  sqlite3_stmt *st = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT count(*), max(rowid) FROM (SELECT rowid FROM member_fts "
                              "WHERE member_fts MATCH ?1 LIMIT ?2)", -1, &st, NULL) != SQLITE_OK)
    return ch_member_query_fail (db, st, error);
  sqlite3_bind_text (st, 1, CH_MEMBER_QUERY_INDEX_MATCH (q), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st, 2, MIN (bound, G_MAXINT));
  if (sqlite3_step (st) != SQLITE_ROW)
    return ch_member_query_fail (db, st, error);
  *n = sqlite3_column_int64 (st, 0);
  if (last != NULL)
    *last = sqlite3_column_int64 (st, 1);
  sqlite3_finalize (st);

  return TRUE;
}

/* Whether the @n first matches (in rowid order), the last of rowid
 * @last, promise at least @threshold of @n_members: whether the index
 * holds fewer than @n × @n_members / @threshold rows up to @last.  Reads
 * at most that many entries of member_fts_docsize (a few bytes each). */
static gboolean
dense_enough (sqlite3   *db,
              guint      n,
              gint64     last,
              guint      n_members,
              guint      threshold,
              gboolean  *dense,
              GError   **error)
{
  sqlite3_stmt *st = NULL;
  double cap = (double) n * n_members / MAX (threshold, 1);

  *dense = FALSE;
  if (cap < n)
    return TRUE;
  if (sqlite3_prepare_v2 (db, "SELECT count(*) FROM (SELECT 1 FROM member_fts_docsize "
                              "WHERE id <= ?1 LIMIT ?2)", -1, &st, NULL) != SQLITE_OK)
    return ch_member_query_fail (db, st, error);
  sqlite3_bind_int64 (st, 1, last);
  sqlite3_bind_int64 (st, 2, (gint64) MIN (cap, G_MAXINT));
  if (sqlite3_step (st) != SQLITE_ROW)
    return ch_member_query_fail (db, st, error);
  *dense = sqlite3_column_int64 (st, 0) < (gint64) MIN (cap, G_MAXINT);
  sqlite3_finalize (st);

  return TRUE;
}

/* The first column of @sql's row, @q's chapter bound as ?1. */
static gboolean
chapter_int (sqlite3              *db,
             const char           *sql,
             const ChMemberQuery  *q,
             gint64               *value,
             GError              **error)
{
  sqlite3_stmt *st = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &st, NULL) != SQLITE_OK)
    return ch_member_query_fail (db, st, error);
  sqlite3_bind_text (st, 1, q->chapter_id, -1, SQLITE_STATIC);
  if (sqlite3_step (st) != SQLITE_ROW)
    return ch_member_query_fail (db, st, error);
  *value = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);

  return TRUE;
}

/* Whether every member the search index holds is of @q's chapter (it
 * holds the members not deleted, of every chapter of the file). */
static gboolean
only_chapter (sqlite3              *db,
              const ChMemberQuery  *q,
              gboolean             *only,
              GError              **error)
{
  gint64 value;

  /* Two ranges of the chapter index, each stopping at its first member. */
  if (!chapter_int (db, "SELECT NOT EXISTS (SELECT 1 FROM member "
                        "WHERE chapter_id < ?1 AND deleted = 0) "
                        "AND NOT EXISTS (SELECT 1 FROM member "
                        "WHERE chapter_id > ?1 AND deleted = 0)", q, &value, error))
    return FALSE;
  *only = value != 0;
  return TRUE;
}

static gboolean
count_total (sqlite3              *db,
             const ChMemberQuery  *q,
             guint                *n_total,
             GError              **error)
{
  gint64 value;

  if (!chapter_int (db, "SELECT count(*) FROM member WHERE chapter_id = ?1 AND deleted = 0", q,
                    &value, error))
    return FALSE;
  *n_total = (guint) value;
  return TRUE;
}

/* The window of a large result from @start, read from whichever end of
 * the order is nearer when the count is known. */
gboolean
ch_member_query_read_window (sqlite3              *db,
                             ChMemberQueryJob     *job,
                             GError              **error)
{
  const ChMemberQuery *q = job->query;
  guint start = job->want_start, len = MAX (job->want_len, 1);

  if (job->exact)
    {
      if (start + len > job->n_items)
        start = job->n_items > len ? job->n_items - len : 0;
      len = MIN (len, job->n_items - start);
    }
  job->win_start = start;

  /* (A walk that gives way is not tried again for the next windows.) */
  if (job->exact && start > job->n_items / 2)
    return read_rows (db, q, job->plan, job->n_items - start - len, len, TRUE, 0, job->rowids,
                      &job->plan, error);

  return read_rows (db, q, job->plan, start, len, FALSE, 0, job->rowids, &job->plan, error);
}

static gboolean
no_filter (const ChMemberQuery *q)
{
  for (guint i = 0; i < CH_MEMBER_QUERY_N_FILTERS; i++)
    if (q->filters[i] != NULL)
      return FALSE;

  return TRUE;
}

/* A result small enough to keep whole: every row, the search index
 * driving. */
static gboolean
read_whole (sqlite3           *db,
            ChMemberQueryJob  *job,
            GError           **error)
{
  job->exact = TRUE;
  job->plan = CH_MEMBER_QUERY_PLAN_DRIVE;
  if (!ch_member_query_rows (db, job->query, CH_MEMBER_QUERY_PLAN_DRIVE, 0, G_MAXUINT, FALSE, 0,
                             job->rowids, error))
    return FALSE;
  job->n_items = job->rowids->len;

  return TRUE;
}

/* The exact count of @q's rows: for a search of the only chapter of the
 * file with no filter, in the search index alone. */
gboolean
ch_member_query_count_exactly (sqlite3              *db,
                               const ChMemberQuery  *q,
                               guint                *n,
                               GError              **error)
{
  gboolean only = FALSE;

  if (q->rank != NULL && q->match != NULL)
    return ch_member_query_ranked_count (db, q, n, error);

  if (q->match != NULL && no_filter (q) && !only_chapter (db, q, &only, error))
    return FALSE;
  if (only)
    return count_fts (db, q, G_MAXUINT, n, NULL, error);

  return ch_member_query_count (db, q, 0, n, error);
}

static gboolean
run_query (sqlite3           *db,
           ChMemberQueryJob  *job,
           GError           **error)
{
  const ChMemberQuery *q = job->query;
  guint n = 0;

  if (q->chapter_id == NULL)
    {
      job->exact = TRUE;
      return TRUE;
    }

  if (job->want_total && !count_total (db, q, &job->n_total, error))
    return FALSE;

  if (job->count_only)
    {
      job->exact = TRUE;
      job->windowed = TRUE;
      return ch_member_query_count_exactly (db, q, &job->n_items, error);
    }

  if (q->match != NULL && q->rank != NULL)
    return ch_member_query_ranked_run (db, job, error);

  job->plan = CH_MEMBER_QUERY_PLAN_SET;
  if (q->match != NULL)
    {
      /* A search: its index counts first, reading no member row, up to
       * full_limit + 1.  At most full_limit matches there means at most
       * that many rows: read whole. */
      guint walk = job->walk_min;
      guint bound = job->full_limit + 1;
      gint64 last = 0;
      gboolean only = FALSE, dense = FALSE;

      if (!count_fts (db, q, bound, &n, &last, error))
        return FALSE;
      if (n <= job->full_limit)
        return read_whole (db, job, error);

      /* Many matches: walk the order's index and test each row (a window
       * costs about page × members / matches rows, if they are spread
       * evenly; a walk that goes too far gives up for the set); fewer:
       * filter it with the set of the matches (about one step per match).
       * With a filter the set is kept: a walk would also skip every row
       * the filter leaves out. */
      if (walk == 0)
        walk = ch_member_query_walk_threshold (MAX (job->want_len, 1), job->n_total);
      if (no_filter (q) && walk != G_MAXUINT &&
          !dense_enough (db, n, last, job->n_total, walk, &dense, error))
        return FALSE;
      if (dense)
        {
          ChMemberQuery *mq = job->query;  /* the worker's own until answered */

          job->plan = CH_MEMBER_QUERY_PLAN_WALK;
          if (job->walk_budget == G_MAXUINT)
            mq->walk_budget = 0;
          else if (job->walk_budget > 0)
            mq->walk_budget = job->walk_budget;
          else
            mq->walk_budget = CH_MEMBER_QUERY_WALK_PAGES * MAX (job->want_len, 1);
        }

      /* The index's matches are the rows when the file holds no other
       * chapter's member: more than full_limit of them is a lower bound. */
      if (no_filter (q) && !only_chapter (db, q, &only, error))
        return FALSE;
      if (only)
        {
          job->windowed = TRUE;
          job->n_items = n;
        }
    }

  if (!job->windowed)
    {
      /* Small enough to read whole? Counting stops after full_limit + 1. */
      if (!ch_member_query_count (db, q, job->full_limit + 1, &n, error))
        return FALSE;
      if (n <= job->full_limit)
        return read_whole (db, job, error);

      job->windowed = TRUE;
      job->n_items = n;  /* a lower bound until counted */
    }

  if (job->want_total && q->match == NULL && no_filter (q))
    {
      /* Every member of the chapter: counted already. */
      job->n_items = job->n_total;
      job->exact = TRUE;
    }
  else if (job->count_exact)
    {
      if (!ch_member_query_count_exactly (db, q, &job->n_items, error))
        return FALSE;
      job->exact = TRUE;
    }

  return ch_member_query_read_window (db, job, error);
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
  GError *local_error = NULL;
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
  /* Long prefixes are asked as the index's terms while this job reads
   * (the query is the worker's own until answered); the list, whose later
   * windows may read another state of the file, asks them as typed. */
  job->query->index_match = ch_member_query_terms_expand (reader->db, job->query->match,
                                                          &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      ok = FALSE;
    }
  else
    ok = run_query (reader->db, job, error);
  g_clear_pointer (&job->query->index_match, g_free);
  sqlite3_progress_handler (reader->db, 0, NULL, NULL);
  /* A count reads the whole order's index (some 2 MB of pages for
   * 100,000 members), and SQLite would keep those pages in the reader's
   * cache for as long as the list lives; the next keystroke's search
   * reads other pages.  They go back now (the system's file cache still
   * has them). */
  if (job->count_only || job->want_total)
    sqlite3_db_release_memory (reader->db);

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

