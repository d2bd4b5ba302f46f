/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The error ch_search_row() stops a statement with once it has tested
 * more rows than its budget allowed. */
#define CH_SEARCH_ROW_TOO_FAR "ch_search_row: walked too far"

/*
 * ch_search_row (match, budget, text, …): whether one row of member_fts (the
 * folded texts its content table keeps, one argument per column) matches
 * @match, a MATCH expression made by ch_search_match_expression(), exactly
 * as "member_fts MATCH @match" would for that row: the row's texts and the
 * expression's words are cut into tokens by the index's own tokenizer
 * (FTS5's unicode61 with remove_diacritics 2, found through the
 * connection's fts5_api), every quoted phrase must occur in one column as
 * consecutive tokens, its last token as a prefix.
 *
 * The member list uses it to walk the order's index and test each row
 * (ChMemberQueryPlan WALK) instead of building the set of every match of a
 * short prefix.  With @budget > 0 the statement fails with
 * CH_SEARCH_ROW_TOO_FAR at the row after the first @budget ones tested
 * (the walk then costs more than the set would).  Registered on every
 * store connection.
 */
void ch_search_row_register (sqlite3 *db);

/*
 * ch_search_initials (text, …): a row's initials, 64 bits that tell which
 * tokens its texts (member_fts's folded columns) hold, cut as the index
 * cuts them: bit 0–25 a token starting with a–z,
 * CH_SEARCH_ROW_OTHER_BIT with anything else (a digit too: every member's
 * e-mail holds a number, so ten bits of digits told little), and one of
 * CH_SEARCH_ROW_N_PAIRS bits from CH_SEARCH_ROW_PAIR_FIRST for each
 * token's first two bytes (a hash: several pairs share a bit).  Also
 * registered by ch_search_row_register().
 */
#define CH_SEARCH_ROW_OTHER_BIT  26
#define CH_SEARCH_ROW_PAIR_FIRST 27
#define CH_SEARCH_ROW_N_PAIRS    37

/* The initials every row matching @expr (made by
 * ch_search_match_expression()) has, or 0 when @expr is not of plain
 * words (ASCII letters and digits: one token each).  @exact tells whether
 * a row with them is a match (every word is one letter a–z). */
guint64 ch_search_row_wanted (const char *expr,
                              gboolean   *exact);

G_END_DECLS
