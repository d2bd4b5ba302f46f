/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For ChMemberList's own files only: the list's state, and applying a
 * query's answer to it (ch-member-list-apply.c), which tells the view
 * exactly what changed. */

#include "ch-member-list.h"
#include "ch-member-query.h"

G_BEGIN_DECLS

struct _ChMemberList
{
  GObject    parent_instance;

  ChStore   *store;
  char      *chapter_id;
  char      *search;
  char      *sort_column;
  gboolean   sort_descending;
  char      *filters[CH_MEMBER_QUERY_N_FILTERS]; /* by CH_MEMBER_QUERY_FILTER_* */

  /* A result of up to full_limit rows is kept whole in @rowids (gint64,
   * the current order).  A larger one is windowed: @rowids holds only the
   * rows at [win_start, win_start + rowids->len) of n_items, read again
   * (on the thread of the list, a page at a time) when a row outside is
   * asked for; n_items is a lower bound until @exact. */
  GArray    *rowids;
  gboolean   windowed;
  guint      win_start;
  guint      n_items;
  gboolean   exact;
  guint      page_size;
  guint      full_limit;
  guint      walk_min;      /* see ch_member_list_set_walk() */
  guint      walk_budget;
  ChMemberQuery *query;     /* the question @rowids answers */
  ChMemberQueryPlan plan;   /* and how its search is read */
  guint      hide_pos;      /* rows [hide_pos, hide_pos + hide_len) are not */
  guint      hide_len;      /* announced yet (see replace_items) */
  guint      n_total;
  guint      generation;    /* rises with every query asked for (main thread) */
  guint      running;       /* queries on their way */
  guint      counting;      /* counts on their way */
  gboolean   total_stale;   /* n_total to be counted with the next query */
  GHashTable *changed_rowids; /* gint64 rows edited since the last answer */
  gboolean   all_changed;   /* a batch or the chapter's rules changed */
  gboolean   question_pending; /* a new question was asked, not answered yet */
  gulong     changed_id;
  /* The rows handed to views, by row id (gint64 → ChMemberListHanded):
   * when which rows changed is not known (a sync, another program, the
   * chapter's rules), only those whose snapshot a view still holds and
   * that now read differently are told (see apply_rows). */
  GHashTable *handed;
  guint      handed_prune_at;
  gint32     status_day;    /* the chapter's today of the last question */
  GSource   *day_source;    /* looks for a new day (see on_day_tick) */

  /* The list's own read connection, opened on the thread that owns the
   * list; a query on a worker thread holds its own reference. */
  struct _ChMemberQueryReader *reader;

  /* The name order in memory (ch-member-list-rank.c): current, or NULL
   * while it is read again after a change. */
  ChMemberRank *rank;
  guint      rank_serial;       /* rises with every change of the members */
  gint64     rank_data_version; /* the store's PRAGMA data_version then */
  gboolean   rank_building;
  gboolean   rank_off;          /* see ch_member_list_set_ranked() */
  guint      rank_delay_ms;     /* after a change, before it is read again */
  GSource   *rank_source;
};

/* After the last change of the members, before their order is read
 * again (a sync's pages come in bursts). */
#define CH_MEMBER_LIST_RANK_DELAY_MS 300

/* The number of rows the list holds (a lower bound until exact). */
static inline guint
ch_member_list_length (ChMemberList *self)
{
  return self->windowed ? self->n_items : self->rowids->len;
}

/* A row handed to views: the snapshots of it given out that someone
 * besides the list may still hold. */
typedef struct
{
  GPtrArray *members; /* ChMember */
} ChMemberListHanded;

void ch_member_list_handed_free  (gpointer          data);
/* @member (of row @rowid) is given to a view. */
void ch_member_list_note_handed  (ChMemberList     *self,
                                  gint64            rowid,
                                  ChMember         *member);

/* Counts a large result in the background; n_items grows when it comes. */
void ch_member_list_start_count  (ChMemberList     *self);
/* Applies the answer of @job (the newest question) and tells the view. */
void ch_member_list_apply_result (ChMemberList     *self,
                                  ChMemberQueryJob *job);

/* ch-member-list-rank.c.  Reads the name order in the background. */
void          ch_member_list_rank_start   (ChMemberList        *self);
/* The members changed: the order is dropped and read again later. */
void          ch_member_list_rank_changed (ChMemberList        *self);
/* Drops the order when another connection committed since it was read. */
void          ch_member_list_rank_check   (ChMemberList        *self);
/* The order for @q (a reference), when it is current and @q a search in
 * the name order with no filter; else NULL. */
ChMemberRank *ch_member_list_rank_for     (ChMemberList        *self,
                                           const ChMemberQuery *q);
/* Stops building (the list is going). */
void          ch_member_list_rank_stop    (ChMemberList        *self);

G_END_DECLS
