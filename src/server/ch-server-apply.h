/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-entity.h"
#include "ch-server-store.h"

G_BEGIN_DECLS

/*
 * Applies one device's batch of mutations to a chapter in one store
 * transaction: idempotency by mid, per-mutation checks, per-group
 * compare-and-set, conflict rows, edit-after-delete and duplicate e-mail
 * detection. @results gets one ChMutationResult per mutation, in order.
 *
 * Returns FALSE only when the store fails; then nothing was written.
 */
gboolean ch_server_apply_batch (ChServerStore  *store,
                                const char     *chapter_id,
                                const char     *device_id,
                                const char     *author,
                                GPtrArray      *mutations,
                                GPtrArray     **results,
                                GError        **error);

/* The stored form of a row of @entity: every field, in descriptor order,
 * null when missing from @fields. */
char    *ch_server_fields_to_json (const ChEntityInfo *entity,
                                   JsonObject         *fields);

G_END_DECLS
