/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the member query's own files (ch-member-query*.c) and the name
 * order in memory (ch-member-rank.c) only. */

#include "ch-member-query.h"

G_BEGIN_DECLS

/* Sets @error from @db's last error (a superseded query is
 * G_IO_ERROR_CANCELLED) and finalizes @st; returns FALSE. */
gboolean ch_member_query_fail          (sqlite3              *db,
                                        sqlite3_stmt         *st,
                                        GError              **error);
/* The window of a large result from @job's start, read from whichever
 * end of the order is nearer when the count is known. */
gboolean ch_member_query_read_window   (sqlite3              *db,
                                        ChMemberQueryJob     *job,
                                        GError              **error);
/* The exact count of @q's rows. */
gboolean ch_member_query_count_exactly (sqlite3              *db,
                                        const ChMemberQuery  *q,
                                        guint                *n,
                                        GError              **error);

/* What @q's search asks the search index (MATCH). */
#define CH_MEMBER_QUERY_INDEX_MATCH(q) ((q)->index_match != NULL ? (q)->index_match : (q)->match)

/* ch-member-query-terms.c: @match (ch_search_match_expression()) with
 * each prefix longer than the search index's prefix indexes put as an OR
 * of the index's terms that start with it (at most 16), which FTS5 reads
 * lazily; NULL when nothing changes (or the index's terms could not be
 * read) and on an error (a superseded query). */
char    *ch_member_query_terms_expand  (sqlite3              *db,
                                        const char           *match,
                                        GError              **error);

/* ch-member-query-ranked.c: runs @job, a search in the name order with no
 * filter whose query holds the list's ChMemberRank. */
gboolean ch_member_query_ranked_run    (sqlite3              *db,
                                        ChMemberQueryJob     *job,
                                        GError              **error);
/* The rows, the position of a member and the count of a search so read
 * (as ch_member_query_rows(), ch_member_query_position() and
 * ch_member_query_count_exactly(), whose rank cases they are). */
gboolean ch_member_query_ranked_rows   (sqlite3              *db,
                                        const ChMemberQuery  *q,
                                        guint                 offset,
                                        guint                 limit,
                                        gboolean              reverse,
                                        gint64                after,
                                        GArray               *rowids,
                                        GError              **error);
/* A window of a walked search read by walking the rank's order in memory
 * (as ch_member_query_rows() with WALK, in the query's order): @done
 * when it was; else nothing is appended, and @plan is set to RANK when
 * the walk went past its budget (left alone when the search has no
 * initials to walk by). */
gboolean ch_member_query_ranked_walk   (sqlite3              *db,
                                        const ChMemberQuery  *q,
                                        guint                 offset,
                                        guint                 limit,
                                        gboolean              reverse,
                                        gint64                after,
                                        GArray               *rowids,
                                        gboolean             *done,
                                        ChMemberQueryPlan    *plan,
                                        GError              **error);
gboolean ch_member_query_ranked_position (sqlite3            *db,
                                          const ChMemberQuery *q,
                                          gint64              rowid,
                                          guint              *position,
                                          GError            **error);
gboolean ch_member_query_ranked_count  (sqlite3              *db,
                                        const ChMemberQuery  *q,
                                        guint                *n,
                                        GError              **error);

G_END_DECLS
