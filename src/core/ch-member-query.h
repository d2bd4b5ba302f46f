/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For ChMemberList only: the question it asks (immutable once made), the
 * read connection it shares with the query running for it, and running
 * that query on a worker thread.  The GUI never sees this. */

#include <gio/gio.h>
#include <sqlite3.h>

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
} ChMemberQueryReader;

/* A query on its way: the question, the connection, and the answer the
 * worker fills in.  It holds no reference to the list. */
typedef struct
{
  ChMemberQuery  *query;
  ChMemberQueryReader *reader;
  GArray *rowids;
  guint   n_total;
} ChMemberQueryJob;

void                 ch_member_query_free         (ChMemberQuery       *query);
/* The ORDER BY of the list's sort key @column, with %1$s for ASC or DESC. */
const char          *ch_member_query_order_for    (const char          *column);

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
