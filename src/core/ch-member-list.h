/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ch-store.h"

G_BEGIN_DECLS

#define CH_TYPE_MEMBER_LIST (ch_member_list_get_type ())

G_DECLARE_FINAL_TYPE (ChMemberList, ch_member_list, CH, MEMBER_LIST, GObject)

/* Sort keys the list understands. */
#define CH_MEMBER_SORT_NAME    "name"
#define CH_MEMBER_SORT_COMPANY "company"
#define CH_MEMBER_SORT_TIER    "tier"
#define CH_MEMBER_SORT_STATUS  "status"
#define CH_MEMBER_SORT_CITY    "city"
#define CH_MEMBER_SORT_EMAIL   "email"

/* Filter keys the list understands (ch_member_list_set_filter()). */
#define CH_MEMBER_FILTER_TIER         "tier"
#define CH_MEMBER_FILTER_STATUS       "status"
#define CH_MEMBER_FILTER_SPECIALTY    "specialty"
#define CH_MEMBER_FILTER_PARTNER_KIND "partner_kind"
#define CH_MEMBER_FILTER_ROLE         "role"

/*
 * A GListModel of ChMember backed by SQL.  A result of up to
 * CH_MEMBER_LIST_FULL_LIMIT rows is kept as its ordered row ids; a larger
 * one only as a window of CH_MEMBER_LIST_PAGE_SIZE row ids around what was
 * last asked for, counted in the background (n_items is a lower bound
 * until the list is "exact").  A ChMember is made when asked.  Queries run
 * on a worker thread with their own read connection; a newer query
 * interrupts an older one.
 */
#define CH_MEMBER_LIST_PAGE_SIZE  256
#define CH_MEMBER_LIST_FULL_LIMIT 5000

ChMemberList *ch_member_list_new             (ChStore      *store,
                                              const char   *chapter_id);

const char   *ch_member_list_get_chapter_id  (ChMemberList *self);
void          ch_member_list_set_chapter_id  (ChMemberList *self,
                                              const char   *chapter_id);
const char   *ch_member_list_get_search      (ChMemberList *self);
void          ch_member_list_set_search      (ChMemberList *self,
                                              const char   *search);
const char   *ch_member_list_get_sort_column (ChMemberList *self);
gboolean      ch_member_list_get_sort_descending (ChMemberList *self);
void          ch_member_list_set_sort        (ChMemberList *self,
                                              const char   *column,
                                              gboolean      descending);
/* Filters, applied in SQL together with the search: "tier", "status"
 * (prospect, active, grace, lapsed, left), "specialty", "partner_kind"
 * and "role" (holds that role today).  @value NULL clears the filter. */
void          ch_member_list_set_filter      (ChMemberList *self,
                                              const char   *key,
                                              const char   *value);
const char   *ch_member_list_get_filter      (ChMemberList *self,
                                              const char   *key);
guint         ch_member_list_get_n_total     (ChMemberList *self);
gboolean      ch_member_list_get_loading     (ChMemberList *self);
/* Position of the member with @id, or G_MAXUINT. */
guint         ch_member_list_find            (ChMemberList *self,
                                              const char   *id);
/* Whether n_items is the exact count (else a count runs, see "exact"). */
gboolean      ch_member_list_get_exact       (ChMemberList *self);
/* Whether a count of a large result is on its way. */
gboolean      ch_member_list_get_counting    (ChMemberList *self);
/* Tests and benchmarks: window rows and the largest result kept whole. */
void          ch_member_list_set_window      (ChMemberList *self,
                                              guint         page_size,
                                              guint         full_limit);
/* Tests and benchmarks: the fewest matches of a search whose windows are
 * read by walking the order's index (0: the list's own rule, G_MAXUINT:
 * never), and the rows such a walk may test before it reads the set of
 * matches instead (0: the list's own rule, G_MAXUINT: no limit). */
void          ch_member_list_set_walk        (ChMemberList *self,
                                              guint         min_matches,
                                              guint         budget);
/* Whether the name order of the chapter's members is in memory and
 * current (a search in that order with no filter then reads only the
 * search index's row ids); it is read again in the background after the
 * members change. */
gboolean      ch_member_list_get_ranked      (ChMemberList *self);
/* Tests and benchmarks: whether to keep that order at all (kept by
 * default). */
void          ch_member_list_set_ranked      (ChMemberList *self,
                                              gboolean      ranked);
/* Runs the query now, on this thread (tests, benchmarks); counts exactly. */
gboolean      ch_member_list_refresh_sync    (ChMemberList *self,
                                              GError      **error);
/* The same as the window asks: the first rows and, for a large result, a
 * lower bound of the count, the exact one following in the background
 * (benchmarks). */
gboolean      ch_member_list_refresh_window_sync (ChMemberList *self,
                                                  GError      **error);

G_END_DECLS
