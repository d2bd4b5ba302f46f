/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-store.h"

G_BEGIN_DECLS

/* A member's specialties (profile): the standard ones and what the chapter
 * typed, one synced member_specialty row each. */

#define CH_SPECIALTIES_ERROR (ch_specialties_error_quark ())

typedef enum
{
  CH_SPECIALTIES_ERROR_INVALID,   /* a translated message says what to fix */
} ChSpecialtiesError;

GQuark      ch_specialties_error_quark    (void);

/* Standard specialty keys: "azure", "modern-work", "security",
 * "dynamics-365", "power-platform", "data-ai", "business-applications". */
const char * const *ch_specialties_standard (void);
/* Translated label of a standard specialty; a custom one is its text. */
const char *ch_specialties_label          (const char   *specialty);
/* The stored form of what was typed: a standard key for "Azure", "azure"
 * or "Data & AI", else the trimmed text; NULL when empty. */
char       *ch_specialties_normalize      (const char   *text);
/* The name-based id of the member_specialty row of @member_id and
 * @specialty (folded), the same on every device. */
char       *ch_specialties_row_id         (const char   *member_id,
                                           const char   *specialty);

/* The member's specialties become exactly @specialties (NULL-terminated):
 * rows that are missing are added with the name-based id of member +
 * specialty (restored if a tombstone exists), others are deleted.  Two
 * officers adding the same specialty offline converge to one row. */
gboolean    ch_specialties_set            (ChStore             *store,
                                           const char          *member_id,
                                           const char * const  *specialties,
                                           GError             **error);
/* Adds @specialty to @member_id (insert, or restore a tombstone) inside
 * the caller's transaction. */
gboolean    ch_specialties_add            (ChStore      *store,
                                           const char   *chapter_id,
                                           const char   *member_id,
                                           const char   *specialty,
                                           GError      **error);
/* NULL-terminated, sorted; never NULL. */
char      **ch_specialties_get            (ChStore      *store,
                                           const char   *member_id);
/* Every specialty used in the chapter plus the standard ones, sorted by label. */
char      **ch_specialties_all            (ChStore      *store,
                                           const char   *chapter_id);

G_END_DECLS
