/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-store.h"

G_BEGIN_DECLS

/* Duplicates and merging two records of one person. */

#define CH_MERGE_ERROR (ch_merge_error_quark ())

typedef enum
{
  CH_MERGE_ERROR_INVALID,   /* a translated message says what to fix */
} ChMergeError;

GQuark      ch_merge_error_quark          (void);

/* The id of a live member of the chapter with a similar name (folded given
 * + family name equal, or family equal and given names sharing a prefix of
 * 3+ letters) at the same company (folded; either company empty counts as
 * the same), other than @exclude_id; NULL if none. */
char       *ch_merge_find_similar         (ChStore      *store,
                                           const char   *chapter_id,
                                           const char   *given_name,
                                           const char   *family_name,
                                           const char   *company,
                                           const char   *exclude_id);

/* Merges @other_id into @survivor_id in one transaction: payments,
 * periods, roles, specialties (deduplicated) and event registrations move
 * to the survivor (ordinary updates, so they sync); empty fields of the
 * survivor are filled from the other; dues_paid_until becomes the later of
 * the two; the other becomes a tombstone.  Both must be live members of
 * the same chapter. */
gboolean    ch_merge_members              (ChStore      *store,
                                           const char   *survivor_id,
                                           const char   *other_id,
                                           GError      **error);

G_END_DECLS
