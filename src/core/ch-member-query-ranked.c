/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-member-list"

/* A search of the list read through its ChMemberRank: the plans RANK and
 * (when cheaper) WALK, chosen from the search index's first matches. */

#include "config.h"

#include "ch-member-query.h"
#include "ch-member-query-private.h"
#include "ch-search-row.h"

/* The matches of @q's search, a bit per rank: those the worker kept with
 * the query, else read now into @read. */
static const guint64 *
matches_of (sqlite3              *db,
            const ChMemberQuery  *q,
            guint64             **read,
            GError              **error)
{
  if (q->rank_bits != NULL)
    return q->rank_bits;

  *read = ch_member_rank_match (q->rank, db, CH_MEMBER_QUERY_INDEX_MATCH (q), NULL, NULL,
                                error);
  return *read;
}

gboolean
ch_member_query_ranked_rows (sqlite3              *db,
                             const ChMemberQuery  *q,
                             guint                 offset,
                             guint                 limit,
                             gboolean              reverse,
                             gint64                after,
                             GArray               *rowids,
                             GError              **error)
{
  g_autofree guint64 *read = NULL;
  const guint64 *bits = matches_of (db, q, &read, error);

  /* The search index's row ids, put in the name order in memory. */
  if (bits == NULL)
    return FALSE;
  ch_member_rank_rows (q->rank, bits, q->descending, offset, limit, reverse, after, rowids);

  return TRUE;
}

gboolean
ch_member_query_ranked_walk (sqlite3              *db,
                             const ChMemberQuery  *q,
                             guint                 offset,
                             guint                 limit,
                             gboolean              reverse,
                             gint64                after,
                             GArray               *rowids,
                             gboolean             *done,
                             ChMemberQueryPlan    *plan,
                             GError              **error)
{
  gboolean exact = FALSE, descending = q->descending != reverse;
  guint64 want = ch_search_row_wanted (q->match, &exact);
  guint first = rowids->len, from = 0;

  *done = FALSE;
  if (want == 0)
    return TRUE;
  if (after > 0)
    {
      guint r = ch_member_rank_of (q->rank, after);

      if (r == G_MAXUINT)
        return TRUE;
      /* After it in the direction read. */
      from = descending ? ch_member_rank_get_n (q->rank) - r : r + 1;
    }

  if (!ch_member_rank_walk (q->rank, db, q->match, want, descending, from, offset, limit,
                            q->walk_budget, rowids, done, error))
    return FALSE;
  if (!*done)
    {
      /* Further down than the walk may go: through the rank, not again
       * in SQL. */
      *plan = CH_MEMBER_QUERY_PLAN_RANK;
      return TRUE;
    }
  /* Read backwards from the other end: in the query's order. */
  for (guint i = first, j = rowids->len; reverse && i + 1 < j; i++, j--)
    {
      gint64 tmp = g_array_index (rowids, gint64, i);

      g_array_index (rowids, gint64, i) = g_array_index (rowids, gint64, j - 1);
      g_array_index (rowids, gint64, j - 1) = tmp;
    }

  return TRUE;
}

gboolean
ch_member_query_ranked_position (sqlite3              *db,
                                 const ChMemberQuery  *q,
                                 gint64                rowid,
                                 guint                *position,
                                 GError              **error)
{
  g_autofree guint64 *read = NULL;
  const guint64 *bits = matches_of (db, q, &read, error);

  /* Counted among the search index's row ids, in memory. */
  if (bits == NULL)
    return FALSE;
  *position = ch_member_rank_position (q->rank, bits, q->descending, rowid);

  return TRUE;
}

gboolean
ch_member_query_ranked_count (sqlite3              *db,
                              const ChMemberQuery  *q,
                              guint                *n,
                              GError              **error)
{
  /* The chapter's matches, counted in memory from the search index. */
  g_autofree guint64 *bits = ch_member_rank_match (q->rank, db, CH_MEMBER_QUERY_INDEX_MATCH (q),
                                                    NULL, n, error);

  return bits != NULL;
}

/* The first @bound row ids of the search index's matches of @q (in rowid
 * order, of every chapter): its doclists only, no member row. */
static gboolean
sample_fts (sqlite3              *db,
            const ChMemberQuery  *q,
            guint                 bound,
            GArray               *rowids,
            GError              **error)
{
  sqlite3_stmt *st = NULL;
  int rc;

  /* In one step (an aggregate), not a row at a time. */
  if (sqlite3_prepare_v2 (db, "SELECT ch_member_rank_collect (?3, rowid) FROM "
                              "(SELECT rowid FROM member_fts WHERE member_fts MATCH ?1 LIMIT ?2)",
                          -1, &st, NULL) != SQLITE_OK)
    return ch_member_query_fail (db, st, error);
  sqlite3_bind_text (st, 1, CH_MEMBER_QUERY_INDEX_MATCH (q), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st, 2, MIN (bound, G_MAXINT));
  sqlite3_bind_pointer (st, 3, rowids, CH_MEMBER_RANK_ROWIDS_TYPE, NULL);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    return ch_member_query_fail (db, st, error);
  sqlite3_finalize (st);

  return TRUE;
}

/* How many of the chapter's members match, guessed from @sample (the
 * first matches in rowid order, @n_sample of them the chapter's): as many
 * as the rest of the rows hold if they hold them as densely as the
 * sample's part of the rowid order.  Row ids are about as many as members
 * (deletes are soft). */
static double
guess_matches (const ChMemberRank *rank,
               GArray             *sample,
               guint              *n_sample)
{
  guint n_members = ch_member_rank_get_n (rank);
  gint64 last = g_array_index (sample, gint64, sample->len - 1);
  gint64 base = G_MAXINT64;
  double spread;

  *n_sample = 0;
  for (guint i = 0; i < sample->len; i++)
    if (ch_member_rank_of (rank, g_array_index (sample, gint64, i)) != G_MAXUINT)
      {
        base = MIN (base, g_array_index (sample, gint64, i));
        (*n_sample)++;
      }
  if (*n_sample == 0 || n_members == 0)
    return 0.0;

  spread = (double) (last - base + 1) / n_members;
  return CLAMP (*n_sample / MAX (spread, 1e-9), (double) *n_sample, (double) n_members);
}

/* Whether a window of @q's search is read sooner by walking the name
 * index than by reading every match's row id (RANK), judged from
 * @sample, the first of its matches in rowid order (about a random
 * sample of them in the name order): the walk tests rows until the
 * window's last match, which is about where the sample's
 * (page × sample / matches)th is.  Sets @budget to the rows a walk may
 * test before it costs more than the rank would. */
static gboolean
walk_sooner (const ChMemberQuery *q,
             GArray              *sample,
             guint                page,
             guint64              want,
             guint               *budget)
{
  guint n_sample, k, reach, tested;
  double matches = guess_matches (q->rank, sample, &n_sample);

  if (n_sample == 0)
    return FALSE;

  k = (guint) CLAMP ((double) page * n_sample / matches + 0.5, 1.0, (double) n_sample);
  reach = ch_member_rank_kth (q->rank, sample, q->descending, k);
  *budget = (guint) MIN (matches / CH_MEMBER_QUERY_RANK_WALK_RATIO,
                         (double) CH_MEMBER_QUERY_WALK_PAGES * page);
  /* With the initials, only the rows whose initials fit are tested
   * (counted in memory). */
  tested = reach != G_MAXUINT && want != 0 ?
           ch_member_rank_count_initials (q->rank, want, q->descending, reach, *budget) : reach;
  g_debug ("“%s”: about %.0f matches, a window walked in about %u rows (%u tested), at most %u",
           q->match, matches, reach, tested, *budget);

  return reach != G_MAXUINT && tested < *budget;
}

/* A search in the name order with no filter, the list holding the order
 * in memory: a small one is its matches put in order, a large one a window
 * of them (RANK, counted exactly on the way), or a walk of the name index
 * when its matches are dense where the window starts. */
gboolean
ch_member_query_ranked_run (sqlite3           *db,
                            ChMemberQueryJob  *job,
                            GError           **error)
{
  ChMemberQuery *q = job->query;  /* the worker's own until answered */
  g_autoptr(GArray) sample = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint len = MAX (job->want_len, 1);
  guint budget = 0, n = 0;
  gboolean walk = FALSE, exact = FALSE, found = FALSE;
  guint64 want;

  want = ch_search_row_wanted (q->match, &exact);
  if (want != 0 && exact)
    {
      /* Words of one letter: the members with those initials are
       * the matches, found in memory (no member row, no doclist), the
       * count exact at once. */
      job->plan = CH_MEMBER_QUERY_PLAN_RANK;
      job->exact = TRUE;
      q->rank_bits = ch_member_rank_match_initials (q->rank, want, &q->rank_matches);
      job->n_items = q->rank_matches;
      job->windowed = job->n_items > job->full_limit;
      if (!job->windowed)
        len = job->n_items;
      job->win_start = MIN (job->want_start, job->n_items > len ? job->n_items - len : 0);
      ch_member_rank_rows (q->rank, q->rank_bits, q->descending, job->win_start, len, FALSE, 0,
                           job->rowids);
      if (!job->windowed)
        g_clear_pointer (&q->rank_bits, g_free);
      return TRUE;
    }

  if (!sample_fts (db, q, job->full_limit + 1, sample, error))
    return FALSE;
  if (sample->len <= job->full_limit)
    {
      /* Every match is here: no member row is read. */
      ch_member_rank_sort (q->rank, sample, q->descending);
      g_array_append_vals (job->rowids, sample->data, sample->len);
      job->exact = TRUE;
      job->plan = CH_MEMBER_QUERY_PLAN_RANK;
      job->n_items = job->rowids->len;
      return TRUE;
    }

  job->windowed = TRUE;
  if (job->walk_min == 0)
    walk = walk_sooner (q, sample, len, want, &budget);
  else if (job->walk_min != G_MAXUINT)
    walk = guess_matches (q->rank, sample, &n) >= job->walk_min;

  if (walk && job->want_start <= CH_MEMBER_QUERY_WALK_MAX_SKIP)
    {
      g_autoptr(GArray) ours = NULL;

      job->plan = CH_MEMBER_QUERY_PLAN_WALK;
      if (job->walk_budget == G_MAXUINT)
        q->walk_budget = 0;
      else if (job->walk_budget > 0)
        q->walk_budget = job->walk_budget;
      else
        q->walk_budget = MAX (budget, len);

      /* The sample's members of the chapter are a lower bound, counted
       * exactly in the background (or now, when asked for). */
      ours = g_array_copy (sample);
      ch_member_rank_sort (q->rank, ours, FALSE);
      job->n_items = ours->len;
      if (job->count_exact)
        {
          if (!ch_member_query_count_exactly (db, q, &job->n_items, error))
            return FALSE;
          job->exact = TRUE;
        }
      if (want == 0)
        {
          if (!ch_member_query_read_window (db, job, error))
            return FALSE;
          job->n_items = MAX (job->n_items, job->win_start + job->rowids->len);
          return TRUE;
        }

      /* The order walked in memory, only the rows whose initials fit
       * read and tested; further than the budget, the rank's way. */
      if (!ch_member_rank_walk (q->rank, db, q->match, want, q->descending, 0, job->want_start,
                                len, q->walk_budget, job->rowids, &found, error))
        return FALSE;
      if (found)
        {
          job->win_start = job->want_start;
          job->n_items = MAX (job->n_items, job->win_start + job->rowids->len);
          return TRUE;
        }
      g_debug ("“%s”: not found within %u rows tested; read through the rank", q->match,
               q->walk_budget);
      job->exact = FALSE;
    }

  /* Every match's row id is read: the exact count comes with the window,
   * and the matches stay with the query for the next windows. */
  job->plan = CH_MEMBER_QUERY_PLAN_RANK;
  job->exact = TRUE;
  if (!(q->rank_bits = ch_member_rank_match (q->rank, db, CH_MEMBER_QUERY_INDEX_MATCH (q),
                                             sample, &q->rank_matches, error)))
    return FALSE;
  job->n_items = q->rank_matches;
  job->win_start = MIN (job->want_start, job->n_items > len ? job->n_items - len : 0);
  ch_member_rank_rows (q->rank, q->rank_bits, q->descending, job->win_start, len, FALSE, 0,
                       job->rowids);

  return TRUE;
}
