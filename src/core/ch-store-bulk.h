/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A bulk load: the first download of a chapter into a file that holds
 * (almost) no members writes hundreds of thousands of rows, and keeping a
 * dozen secondary indexes up to date row by row was most of its cost.
 * While a bulk load runs, the indexes of the synced tables are dropped
 * (all but member_status_due, which the status computed at each commit
 * reads) and made again once (sorted) at its end; so is the search index:
 * the members stored during the load are found by a search once it ends,
 * when every member's entry is made again in one statement.
 *
 * Crash safety: the dropped indexes' texts are kept in the meta row
 * "bulk_indexes", and the meta row "bulk_search" says the search entries
 * are to be made, both written in the same transaction as the drop and
 * removed in the one that makes them again; while the load runs, its
 * program holds a lock on the file "PATH-bulk".  ch_store_open() makes
 * the indexes and the search entries again when a row is there and no
 * live program holds that lock (a program that died mid-load, or a backup
 * copied mid-load).  Another program that opens the file mid-load reads
 * correct answers without the indexes (only slower; its search misses
 * the members loaded so far), and making an index twice is harmless
 * (IF NOT EXISTS by name) as is making the search entries twice, so no
 * interleaving loses one. */

#include "ch-store.h"

G_BEGIN_DECLS

/* Starts a bulk load inside the open transaction (ch_store_begin()): FALSE
 * with no error when the file is not fit for one (it already holds more
 * than a few members, another load runs, or it has no path), and nothing
 * is changed then. */
gboolean  ch_store_bulk_begin    (ChStore  *self,
                                  GError  **error);
/* Whether this store runs a bulk load (between _begin() and _finish()). */
gboolean  ch_store_bulk_active   (ChStore  *self);
/* Makes the indexes again inside the open transaction; the load ends with
 * ch_store_bulk_finish() after the commit.  (The sync leaves this to
 * ch_store_bulk_finish(), which makes the search entries beside the
 * indexes.) */
gboolean  ch_store_bulk_end      (ChStore  *self,
                                  GError  **error);
/* Ends this store's bulk load: if the indexes are not back yet, they are
 * made again in a transaction of their own, the search entries on a
 * thread of their own beside them (ch-store-bulk-search.h); then the lock
 * is released.  Does nothing if no load runs. */
gboolean  ch_store_bulk_finish   (ChStore  *self,
                                  GError  **error);
/* For ch_store_open(), before the migrations: makes again the indexes of
 * a bulk load whose program is gone. */
gboolean  ch_store_bulk_recover  (ChStore  *self,
                                  GError  **error);

G_END_DECLS
