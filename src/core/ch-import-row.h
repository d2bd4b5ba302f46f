/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * One row of an imported file as the import reads it: the member it
 * would make (or update), what is wrong with it, and which existing
 * member or earlier row it is the same person as.  Immutable; made by
 * ChImport.
 */

#define CH_TYPE_IMPORT_ROW (ch_import_row_get_type ())

G_DECLARE_FINAL_TYPE (ChImportRow, ch_import_row, CH, IMPORT_ROW, GObject)

/* The line of the file (the header is line 1). */
guint               ch_import_row_get_line           (ChImportRow *self);
const char         *ch_import_row_get_display_name   (ChImportRow *self);
const char         *ch_import_row_get_email          (ChImportRow *self);
const char         *ch_import_row_get_company        (ChImportRow *self);
/* Translated sentences; empty when the row is fine. */
const char * const *ch_import_row_get_problems       (ChImportRow *self);
/* Whether a problem keeps the row out (no name, an e-mail that is not one). */
gboolean            ch_import_row_get_blocked        (ChImportRow *self);
/* The existing member this row is (matched by e-mail, then by name and
 * company), or NULL. */
const char         *ch_import_row_get_match_id       (ChImportRow *self);
const char         *ch_import_row_get_match_name     (ChImportRow *self);
/* The earlier line of the file with the same person, or 0. */
guint               ch_import_row_get_duplicate_of   (ChImportRow *self);
/* The member fields the row sets (the write format of ch_store). */
JsonObject         *ch_import_row_get_fields         (ChImportRow *self);
const char * const *ch_import_row_get_specialties    (ChImportRow *self);
/* The dues last paid, in minor units of the chapter's currency, from an
 * amount column; -1 when there is none. */
gint64              ch_import_row_get_amount         (ChImportRow *self);

/* For ChImport only. */
ChImportRow        *ch_import_row_new                (guint        line,
                                                      JsonObject  *fields,
                                                      GStrv        specialties,
                                                      GPtrArray   *problems,
                                                      gboolean     blocked,
                                                      const char  *match_id,
                                                      const char  *match_name,
                                                      guint        duplicate_of);
void                ch_import_row_set_amount         (ChImportRow *self,
                                                      gint64       amount);

G_END_DECLS
