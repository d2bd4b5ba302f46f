/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-store.h"

G_BEGIN_DECLS

/* Not pulling back one's own changes (issue 17; docs/sync-protocol.md).
 * A push sends, per insert or update, the server version of the row the
 * device holds (ch_store_held_row_version()); an applied result with
 * "previous_version" says that the server's row at "version" is exactly
 * that row with the change laid over it, and the device takes that
 * version as its own (ch_store_held_take()).  The highest mid whose
 * answer is stored (ch_store_held_get_mid(), per chapter and device id)
 * goes with each pull, and the server leaves such rows out of it. */

/* The version of the row this device holds (0: not on the server yet),
 * or -1 when it has no such row. */
gint64    ch_store_held_row_version (ChStore     *self,
                                     const char  *entity,
                                     const char  *id);
/* Inside the transaction that stores a push's answer: the row held at
 * @previous is now held at @version.  *@taken is FALSE when this device's
 * row is neither at @previous nor at @version or later (it cannot take
 * it; ch_store_held_set_mid() must then stop). */
gboolean  ch_store_held_take        (ChStore     *self,
                                     const char  *entity,
                                     const char  *id,
                                     gint64       previous,
                                     gint64       version,
                                     gboolean    *taken,
                                     GError     **error);
/* The mid (as the server knows it, under this device id) up to which
 * every answer of @chapter_id's pushes is stored, or -1. */
gint64    ch_store_held_get_mid     (ChStore     *self,
                                     const char  *chapter_id);
/* Raises it to @mid; @mid -1 stops it for this device id (from then on
 * nothing is left out of its pulls until the device id changes). */
gboolean  ch_store_held_set_mid     (ChStore     *self,
                                     const char  *chapter_id,
                                     gint64       mid,
                                     GError     **error);

G_END_DECLS
