/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For ChMemberList only: where each member of a chapter stands in the
 * list's name order, kept in memory, so that a search reads the search
 * index's row ids alone and puts them in that order without reading a
 * member row (ChMemberQueryPlan RANK).  A rank is immutable once built and
 * refcounted; it describes one snapshot of the file, and the list lets go
 * of it when the members change (see ch-member-list-rank.c). */

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _ChMemberRank ChMemberRank;

/* Builds the rank of every member of @chapter_id (not deleted) by one scan
 * of the name index in the list's exact order (name key, then rowid), in
 * one read transaction of @db.  NULL without an error when the file's row
 * ids are too sparse to keep in an array (the list then reads as before). */
ChMemberRank *ch_member_rank_build        (sqlite3             *db,
                                           const char          *chapter_id,
                                           GError             **error);
ChMemberRank *ch_member_rank_ref          (ChMemberRank        *self);
void          ch_member_rank_unref        (ChMemberRank        *self);

const char   *ch_member_rank_get_chapter_id (const ChMemberRank *self);
/* The members ranked: the chapter's members not deleted. */
guint         ch_member_rank_get_n        (const ChMemberRank  *self);
/* The memory the rank holds, in bytes. */
gsize         ch_member_rank_get_size     (const ChMemberRank  *self);
/* The position of the member of @rowid in the name order (ascending), or
 * G_MAXUINT when it is not one of the chapter's members. */
guint         ch_member_rank_of           (const ChMemberRank  *self,
                                           gint64               rowid);

/* Registers on @db the aggregates that read the search index's row ids
 * in one step (every connection of the store has them; see
 * ch_store_register_functions()): ch_member_rank_mark (marks, rowid),
 * which ch_member_rank_match() uses, and ch_member_rank_collect (array,
 * rowid), which appends each row id to a GArray of gint64 bound with
 * sqlite3_bind_pointer() as CH_MEMBER_RANK_ROWIDS_TYPE. */
#define CH_MEMBER_RANK_ROWIDS_TYPE "ch-member-rank-rowids"
void          ch_member_rank_register     (sqlite3             *db);

/* Reads the matches of @match (a MATCH expression of member_fts) from the
 * search index of @db (its row ids alone) and returns the chapter's
 * members among them as a bit per rank (g_free() it; n / 8 bytes), their
 * count in @n_matches (if not NULL).  @known (or NULL) holds the first
 * matches in rowid order, read already: the index is read after them. */
guint64      *ch_member_rank_match        (const ChMemberRank  *self,
                                           sqlite3             *db,
                                           const char          *match,
                                           GArray              *known,
                                           guint               *n_matches,
                                           GError             **error);
/* Appends to @rowids @limit of the matches @bits in the name order,
 * descending when @descending, after skipping @offset; from the other
 * end, in that order read backwards, when @reverse (as
 * ch_member_query_rows() does: the caller turns them round).  With
 * @after > 0 only the matches after the member of rowid @after in the
 * direction read are taken. */
void          ch_member_rank_rows         (const ChMemberRank  *self,
                                           const guint64       *bits,
                                           gboolean             descending,
                                           guint                offset,
                                           guint                limit,
                                           gboolean             reverse,
                                           gint64               after,
                                           GArray              *rowids);
/* The position of the member of @rowid among the matches @bits in the
 * name order (descending when @descending), or G_MAXUINT when it is not
 * among them. */
guint         ch_member_rank_position     (const ChMemberRank  *self,
                                           const guint64       *bits,
                                           gboolean             descending,
                                           gint64               rowid);
/* Keeps the chapter's members among @rowids and puts them in the name
 * order (descending when @descending). */
void          ch_member_rank_sort         (const ChMemberRank  *self,
                                           GArray              *rowids,
                                           gboolean             descending);
/* How far into the order (in @descending's direction) the @k-th of the
 * matches @rowids (a sample of a search's matches) is, G_MAXUINT when
 * fewer of them are the chapter's members. */
guint         ch_member_rank_kth          (const ChMemberRank  *self,
                                           GArray              *rowids,
                                           gboolean             descending,
                                           guint                k);


/* The members whose initials (ch_search_initials(), ch-search-row.h)
 * include @want, a bit per rank, and their count: a search's matches when
 * ch_search_row_wanted() called it exact. */
guint64      *ch_member_rank_match_initials (const ChMemberRank *self,
                                             guint64             want,
                                             guint              *n_matches);
/* How many of the first @reach members of the order (in @descending's
 * direction) have the initials @want: the rows a walk would test.  The
 * count stops past @limit (then it is @limit + 1). */
guint         ch_member_rank_count_initials (const ChMemberRank *self,
                                             guint64             want,
                                             gboolean            descending,
                                             guint               reach,
                                             guint               limit);
/* Walks the order (descending when @descending) in memory from its
 * @from-th member and tests the rows of the members with the initials
 * @want (@match's, see ch_search_row_wanted()) with ch_search_row(), a
 * batch at a time, until @limit matches after the first @offset are in
 * @rowids.  @found is FALSE (and nothing appended) when more than @budget
 * rows (0: no limit) would be tested: the matches are further down than a
 * walk should go. */
gboolean      ch_member_rank_walk         (const ChMemberRank  *self,
                                           sqlite3             *db,
                                           const char          *match,
                                           guint64              want,
                                           gboolean             descending,
                                           guint                from,
                                           guint                offset,
                                           guint                limit,
                                           guint                budget,
                                           GArray              *rowids,
                                           gboolean            *found,
                                           GError             **error);

G_END_DECLS
