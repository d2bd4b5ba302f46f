/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-store.h"

G_BEGIN_DECLS

/*
 * A conflict as this device sees it.  The server writes a conflict row
 * from its own point of view: "theirs" is the value it kept, "mine" the
 * change it did not apply, "author" and "device_id" who sent that change,
 * "kept_author" and "kept_device_id" who made the kept value (when the
 * server knows).  Which of them is *your* change depends on the device
 * reading it; this is the one place that works it out.
 */

typedef struct
{
  char     *values;   /* JSON object text: the field values of this side */
  char     *author;   /* the officer as the server names them, NULL if unknown */
  gboolean  yours;    /* made on this device */
  gboolean  kept;     /* the value the server kept until someone chooses */
} ChConflictSide;

typedef struct
{
  char           *id;
  char           *entity;
  char           *row_id;
  char           *label;       /* the row as officers know it (a member's name), or NULL */
  char           *field_group;
  char           *created_at;  /* ISO 8601, UTC, as the server wrote it */
  /* This device's change first when it made one; else the kept value. */
  ChConflictSide  sides[2];
} ChConflict;

#define CH_TYPE_CONFLICT (ch_conflict_get_type ())

/* A snapshot, read-only once made: nothing changes it; a sync makes new ones. */
GType       ch_conflict_get_type (void) G_GNUC_CONST;
ChConflict *ch_conflict_copy  (const ChConflict *conflict);
void        ch_conflict_free  (ChConflict     *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChConflict, ch_conflict_free)

ChConflict *ch_conflict_get   (ChStore        *store,
                               const char     *conflict_id,
                               GError        **error);
/* The open conflicts of @chapter_id, oldest first (ChConflict*, owned by
 * the array), as the conflicts dialog lists them. */
GPtrArray  *ch_conflict_list_open (ChStore     *store,
                                   const char  *chapter_id,
                                   GError     **error);

/* Resolves @conflict with the values of @side (one of its sides). */
gboolean    ch_conflict_choose (ChStore             *store,
                                const ChConflict     *conflict,
                                const ChConflictSide *side,
                                GError              **error);

/* What an officer reads: "Anna Berg — Name" (the row and the changed
 * field group, translated). */
char       *ch_conflict_dup_title      (const ChConflict     *conflict);
/* The values of one side as one line: "Anna Berg", "(deleted)". */
char       *ch_conflict_side_dup_text  (const ChConflictSide *side);
/* Whether one side deleted the row while the other edited it. */
gboolean    ch_conflict_is_deletion    (const ChConflict     *conflict);

G_END_DECLS
