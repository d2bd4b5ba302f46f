/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The search entries of a bulk load (ch-store-bulk.h), made on a thread of
 * their own while the load's connection makes the indexes: the thread
 * reads the committed members through a connection of its own and writes
 * their entries into a search table of the same definition in a
 * temporary file, through a page cache of bounded size (whatever the
 * members, the memory stays the same); the load's connection then puts
 * that table's rows in place of its own (a copy of rows, about a tenth of
 * the work of making them).
 *
 * The load's connection holds the write lock from before the thread
 * starts until after the copy, so no other program commits a member in
 * between: the thread's snapshot is what the entries must say. */

#include "ch-store.h"

G_BEGIN_DECLS

typedef struct _ChStoreBulkSearch ChStoreBulkSearch;

/* Starts making every member's search entry from what @self's file has
 * committed.  Call inside a write transaction of @self that changes no
 * member nor specialty before ch_store_bulk_search_finish(). */
ChStoreBulkSearch *ch_store_bulk_search_start  (ChStore            *self);
/* Waits for the thread and puts its entries in place of @self's (inside
 * the same transaction); if the thread failed, makes them on this thread
 * as ch_store_rebuild_search() does.  Frees @search. */
gboolean           ch_store_bulk_search_finish (ChStore            *self,
                                                ChStoreBulkSearch  *search,
                                                GError            **error);
/* Waits for the thread and drops what it made. */
void               ch_store_bulk_search_free   (ChStoreBulkSearch  *search);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChStoreBulkSearch, ch_store_bulk_search_free)

G_END_DECLS
