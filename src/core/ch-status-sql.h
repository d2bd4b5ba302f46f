/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The status rule in SQL, for the local store (the model library, shared
 * with the server, does not link SQLite). */

#include <glib.h>
#include <sqlite3.h>

#include "ch-member-status.h"
#include "ch-tier.h"

G_BEGIN_DECLS

/* The keys of the chapter's own free tiers, read from @db (a set, free
 * with g_hash_table_unref()), or NULL when the database cannot be read. */
GHashTable     *ch_status_sql_own_free_tiers      (sqlite3        *db,
                                            const char     *chapter_id);
/* ch_tier_kind() of @tier in the chapter, its own tiers read from @db. */
ChTierKind      ch_status_sql_tier_kind         (sqlite3        *db,
                                            const char     *chapter_id,
                                            const char     *tier);

/* Registers on @db the one SQL function of the status rule, used by the
 * member shown, the status filter and the status sort alike:
 *
 *   ch_member_status (chapter_id, tier, joined_on, left_on, dues_paid_until,
 *                     grace_days, today_days) → ChMemberStatus
 *
 * Pass @chapter_id as a bound parameter: the chapter's own free tiers are
 * then read once per statement run (kept as SQLite auxiliary data of that
 * argument, which belongs to the statement, so to one connection and one
 * thread), and only when a row's tier is not a shipped one.  The other
 * arguments are member columns, so an ORDER BY of it reads the name index
 * (migration 005) and no member row.
 *
 *   ch_member_status_until (the same arguments) → the day the status may
 *                     next change (ch_member_status_next_change()), NULL
 *                     when never
 *
 * Since level 19 each member row keeps ch_member_status() as
 * `status_rank` with ch_member_status_until() as `status_until`
 * (ch-store-status.c), which the member list sorts and filters by. */
void            ch_status_sql_register     (sqlite3        *db);

G_END_DECLS
