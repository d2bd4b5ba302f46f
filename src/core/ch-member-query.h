/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For ChMemberList only: the question it asks (immutable once made), the
 * read connection it shares with the query running for it, and running
 * that query on a worker thread.  The GUI never sees this. */

#include <gio/gio.h>
#include <sqlite3.h>

#include "ch-member-rank.h"
#include "ch-store.h"

G_BEGIN_DECLS

/* The list's filters, in the order of ch_member_query's SQL parameters. */
enum {
  CH_MEMBER_QUERY_FILTER_TIER,
  CH_MEMBER_QUERY_FILTER_STATUS,
  CH_MEMBER_QUERY_FILTER_SPECIALTY,
  CH_MEMBER_QUERY_FILTER_PARTNER_KIND,
  CH_MEMBER_QUERY_FILTER_ROLE,
  CH_MEMBER_QUERY_N_FILTERS
};

/* How a search is joined to the rows: the search index drives (a result
 * read whole), or the set of its matches filters the sort's index, which
 * stops after a window, or (a common word: the set would be large) the
 * sort's index is walked and each row's folded text, kept in member_fts's
 * content table, is tested by ch_search_row() until the window is full.
 * (Looking each row of the order up in member_fts with MATCH was measured
 * and dropped: FTS5 opens a cursor per row, 0.1–0.4 ms.)  In the name
 * order with no filter, when the list holds a current ChMemberRank, the
 * search index's row ids alone are read and put in the order in memory
 * (RANK; ch-member-rank.c), instead of the set. */
typedef enum
{
  CH_MEMBER_QUERY_PLAN_DRIVE,
  CH_MEMBER_QUERY_PLAN_SET,
  CH_MEMBER_QUERY_PLAN_WALK,
  CH_MEMBER_QUERY_PLAN_RANK,
} ChMemberQueryPlan;

/* Testing a row in a walk costs about as much as this many matches put in
 * the set (a page of member_fts_content read out of order, against a
 * doclist entry).  A search walks when its matches, if spread evenly over
 * the order, would fill a window within the walk's budget: at least
 * √(CH_MEMBER_QUERY_WALK_RATIO × page × members) of them (see
 * ch_member_query_walk_threshold()), guessed from how far into the index
 * its first 5,001 are. */
#define CH_MEMBER_QUERY_WALK_RATIO    16
/* The rows a walk tests before it gives up, in windows: matches cluster in
 * the order (a family name is one run of rows far down), and then the set
 * is read instead. */
#define CH_MEMBER_QUERY_WALK_PAGES    8
/* A window further than this many matches from where a walk can start
 * (an OFFSET) is read with the set instead: a walk would test every row
 * before it. */
#define CH_MEMBER_QUERY_WALK_MAX_SKIP 1024

/* With the rank, a walk is chosen when it should find a window within
 * matches / this many rows, else every match's row id is read (RANK).
 * Measured at 1,000,000 members: 32 gave the lowest p95 of 1, 32 and 150
 * (bench/BENCHMARKS.md, *Name order in memory*). */
#define CH_MEMBER_QUERY_RANK_WALK_RATIO 32

/* What to ask: made on the list's thread, never changed afterwards, so a
 * worker may read it without a lock. */
typedef struct
{
  guint   generation;
  char   *chapter_id;
  char   *match;
  char   *order;
  char   *filters[CH_MEMBER_QUERY_N_FILTERS];
  char   *today;
  gint32  today_days;
  gint    grace_days;
  /* The ORDER BY the other way round (a window near the end is read
   * backwards), and whether the order is by name, whose key is never NULL
   * so a window may start after a known row (keyset) instead of an OFFSET. */
  char   *order_reverse;
  gboolean descending;
  gboolean by_name;
  /* Rows a walk may test before the set is built instead (0: no limit);
   * set by the worker that chose the plan, before the list sees it. */
  guint    walk_budget;
  /* The name order of the chapter's members when the list had a current
   * one and the question is a search in the name order with no filter
   * (else NULL): RANK reads the search through it. */
  ChMemberRank *rank;
  /* Its search's matches, a bit per rank (ch_member_rank_match()), as
   * read by the worker that answered it with RANK, and their count: the
   * next windows and positions are found in them without SQL. */
  guint64      *rank_bits;
  guint         rank_matches;
  /* What the search index is asked (MATCH) while a worker runs the query:
   * @match with its long prefixes put as the index's terms
   * (ch-member-query-terms.c), true of the file only as the worker reads
   * it, so NULL again before the list sees the query; NULL: @match. */
  char         *index_match;
} ChMemberQuery;

/* The read connection, shared by the list and the query running for it:
 * refcounted, so whichever lets go last closes it (on any thread; nobody
 * else uses it by then).  @lock lets one query at a time use @db (a
 * SQLITE_OPEN_NOMUTEX connection may move between threads, not be shared
 * by two at once).  @latest is the generation of the newest query asked
 * for, written by the list's thread and read by the worker, atomically: a
 * query that is no longer the newest stops at SQLite's next progress call
 * (see on_progress) instead of being interrupted from another thread. */
typedef struct _ChMemberQueryReader
{
  gatomicrefcount ref;
  GMutex          lock;
  sqlite3        *db;
  guint           latest;
  /* The newest build of the list's ChMemberRank (ch-member-list-rank.c),
   * which stops an older one the same way. */
  guint           rank_latest;
} ChMemberQueryReader;

/* A query on its way: the question, the connection, and the answer the
 * worker fills in.  It holds no reference to the list. */
typedef struct
{
  ChMemberQuery  *query;
  ChMemberQueryReader *reader;
  GArray *rowids;
  guint   n_total;

  /* What the list asks besides the question (set before the job runs):
   * results of up to @full_limit rows are read whole into @rowids; larger
   * ones only as a window of @want_len rows from @want_start.  @count_only
   * counts and reads no row; @count_exact counts a large result exactly
   * (else @n_items is a lower bound); @want_total counts the chapter. */
  guint    full_limit;
  guint    want_start;
  guint    want_len;
  gboolean count_only;
  gboolean count_exact;
  gboolean want_total;
  /* Tests: the fewest matches a search must have to walk (0: by the rule
   * of ch_member_query_walk_threshold(), G_MAXUINT: never), and the rows
   * a walk may test (0: matches / CH_MEMBER_QUERY_WALK_RATIO, G_MAXUINT:
   * no limit). */
  guint    walk_min;
  guint    walk_budget;

  /* The answer besides @rowids and @n_total. */
  gboolean windowed;   /* @rowids is the window at @win_start */
  gboolean exact;      /* @n_items is the exact count */
  guint    n_items;
  guint    win_start;
  ChMemberQueryPlan plan;  /* of the window's rows */
} ChMemberQueryJob;

void                 ch_member_query_free         (ChMemberQuery       *query);
/* The ORDER BY of the list's sort key @column, with %1$s for ASC or DESC. */
const char          *ch_member_query_order_for    (const char          *column);

/* Sets @q's ORDER BY (both ways) for the list's sort key @column. */
void                 ch_member_query_set_order    (ChMemberQuery       *q,
                                                   const char          *column,
                                                   gboolean             descending);
/* The window of @page rows around @pos of @n (@exact or a lower bound),
 * read after or before @current (the window at @current_start) when the
 * order allows (keyset), else from whichever end is nearer.  Its start
 * goes to @start_out. */
GArray              *ch_member_query_window       (sqlite3             *db,
                                                   const ChMemberQuery *q,
                                                   GArray              *current,
                                                   guint                current_start,
                                                   guint                n,
                                                   gboolean             exact,
                                                   ChMemberQueryPlan    plan,
                                                   guint                pos,
                                                   guint                page,
                                                   guint               *start_out,
                                                   GError             **error);
/* Reads @limit rows of @q from @offset in its order, or in the reverse
 * order when @reverse (the rows are then still returned in @q's order).
 * With @after > 0 (only when @q->by_name), the rows start after the member
 * of rowid @after in the direction read.  @plan joins the search. */
gboolean             ch_member_query_rows         (sqlite3             *db,
                                                   const ChMemberQuery *q,
                                                   ChMemberQueryPlan    plan,
                                                   guint                offset,
                                                   guint                limit,
                                                   gboolean             reverse,
                                                   gint64               after,
                                                   GArray              *rowids,
                                                   GError             **error);
/* The fewest matches of a search read by walking the order's index, in a
 * chapter of @n_members read @page rows at a time. */
guint                ch_member_query_walk_threshold (guint             page,
                                                     guint             n_members);
/* Counts the rows of @q, stopping at @bound (0: no bound). */
gboolean             ch_member_query_count        (sqlite3             *db,
                                                   const ChMemberQuery *q,
                                                   guint                bound,
                                                   guint               *n,
                                                   GError             **error);
/* Position of the member of @rowid in @q's order (@q->by_name only), or
 * G_MAXUINT when it is not among the rows. */
gboolean             ch_member_query_position     (sqlite3             *db,
                                                   const ChMemberQuery *q,
                                                   ChMemberQueryPlan    plan,
                                                   gint64               rowid,
                                                   guint               *position,
                                                   GError             **error);

ChMemberQueryReader *ch_member_query_reader_open  (ChStore             *store,
                                                   GError             **error);
ChMemberQueryReader *ch_member_query_reader_ref   (ChMemberQueryReader *reader);
void                 ch_member_query_reader_unref (ChMemberQueryReader *reader);

void                 ch_member_query_job_free     (ChMemberQueryJob    *job);
/* Runs @job on whatever thread calls it, its connection locked. */
gboolean             ch_member_query_job_run      (ChMemberQueryJob    *job,
                                                   GError             **error);
/* A GTaskThreadFunc running the ChMemberQueryJob of its task data. */
void                 ch_member_query_job_thread   (GTask               *task,
                                                   gpointer             source_object,
                                                   gpointer             task_data,
                                                   GCancellable        *cancellable);

G_END_DECLS
