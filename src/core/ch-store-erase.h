/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-store.h"

G_BEGIN_DECLS

/*
 * Erasing a member from this file (the right to erasure; ch-erase.h says
 * which fields).  One IMMEDIATE transaction wipes the member's personal
 * fields and makes the row a tombstone with erased_on/erased_by, wipes the
 * personal text of rows about them (payment references, mail subjects,
 * conflict values, guest names), drops their pending changes, sync issues,
 * queued or sent mail and import records, rewrites the search index's
 * segments without their words, and queues a "delete" whose "set" holds
 * only erased_on and erased_by.  Freed pages are zeroed (secure_delete)
 * and the WAL is truncated after the commit.
 *
 * A tombstone pulled from the server with erased_on set goes through the
 * same wipe (ch_store_apply_remote()), dropping this device's pending
 * changes to that member: the erasure wins.
 */

/* Erases member @member_id; @officer is recorded as erased_by (the
 * server replaces it with the name of the device's token); erased_on is
 * today's date.  A member already erased: TRUE, nothing changes. */
gboolean ch_store_erase_member     (ChStore     *self,
                                    const char  *member_id,
                                    const char  *officer,
                                    GError     **error);
/* Truncates the WAL if a member was erased since the last call (after a
 * sync pulled an erasure); a no-op otherwise. */
void     ch_store_erase_checkpoint (ChStore     *self);

G_END_DECLS
