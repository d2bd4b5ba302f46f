/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-entity.h"
#include "ch-server-store.h"

G_BEGIN_DECLS

#define CH_SERVER_APPLY_ERROR (ch_server_apply_error_quark ())

/* Why a whole batch was refused before anything was applied. */
typedef enum
{
  CH_SERVER_APPLY_ERROR_DEVICE_NOT_YOURS,  /* the device id belongs to another token (403) */
  CH_SERVER_APPLY_ERROR_MID_REUSED,        /* an old mid with other content (409) */
  CH_SERVER_APPLY_ERROR_STALE_MID,         /* an old mid with no stored answer (409) */
  CH_SERVER_APPLY_ERROR_MID_JUMP,          /* a mid too far beyond the last one (400) */
  CH_SERVER_APPLY_ERROR_OUT_OF_ORDER,      /* the device's last mid is not the batch's
                                            * @after_mid (409) */
} ChServerApplyError;

GQuark   ch_server_apply_error_quark (void);

/*
 * Applies one device's batch of mutations to a chapter in one store
 * transaction: idempotency by mid, per-mutation checks, per-group
 * compare-and-set, conflict rows, edit-after-delete and duplicate e-mail
 * detection. @results gets one ChMutationResult per mutation, in order.
 *
 * The device id is bound to the token (@token_id) that first used it; a
 * mutation whose mid was seen before gets its stored answer only if it is
 * the same change (same fingerprint).  Otherwise the whole batch is
 * refused with a CH_SERVER_APPLY_ERROR and @error_mid (may be NULL) says
 * which mid.
 *
 * Returns FALSE when the batch is refused or the store fails; then nothing
 * was written.
 */
gboolean ch_server_apply_batch (ChServerStore  *store,
                                const char     *chapter_id,
                                const char     *device_id,
                                gint64          token_id,
                                const char     *author,
                                GPtrArray      *mutations,
                                GPtrArray     **results,
                                gint64         *error_mid,
                                GError        **error);

/* ch_server_apply_batch() for a batch that follows another (a device's
 * pipelined push): applied only if the device's last mid is @after_mid,
 * else refused with CH_SERVER_APPLY_ERROR_OUT_OF_ORDER before anything is
 * read or written.  A negative @after_mid: no such condition. */
gboolean ch_server_apply_batch_after (ChServerStore  *store,
                                      const char     *chapter_id,
                                      const char     *device_id,
                                      gint64          token_id,
                                      const char     *author,
                                      gint64          after_mid,
                                      GPtrArray      *mutations,
                                      GPtrArray     **results,
                                      gint64         *error_mid,
                                      GError        **error);

/* The stored form of a row of @entity: every field, in descriptor order,
 * null when missing from @fields. */
char    *ch_server_apply_fields_to_json (const ChEntityInfo *entity,
                                   JsonObject         *fields);

G_END_DECLS
