/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-import.h"

G_BEGIN_DECLS

/* ChImport is one class over three files: ch-import.c (the mapping),
 * ch-import-check.c (a row as it would be written) and ch-import-run.c
 * (the transaction). */
struct _ChImport
{
  GObject              parent_instance;

  ChStore             *store;
  char                *chapter_id;
  ChSheet             *sheet;
  GStrv                headers;
  guint                n_columns;
  ChImportField       *fields;              /* per column */
  gboolean             unmapped_to_notes;
  GPtrArray           *tiers;               /* ChTier of the chapter */
  GHashTable          *tier_map;            /* value → tier key ("" for none) */
  ChImportMatchAction  match_action;
  GHashTable          *line_actions;        /* line → action + 1 */
  ChImportDateOrder    chosen_order;
  /* During a run into a chapter that had no members: nobody to match, and
   * the file's own rows are found by first_line_by_*, so the per-row
   * queries (a range scan per family name, quadratic in a large file of
   * common names) are left out. */
  gboolean             no_existing;

  /* ch_import_analyse() */
  gboolean             analysed;
  ChImportDateOrder    proven_order;
  char                *ambiguous_example;
  GHashTable          *first_line_by_email; /* normalised e-mail → line */
  GHashTable          *first_line_by_name;  /* folded name + company → line */

  /* The chapter's currency and dues period, for imported payments. */
  char                *currency;
  char                *dues_period;
};

/* ch-import-write.c: the rows of a run, written with statements prepared
 * once, inside the run's one transaction (no savepoint per row: a failure
 * after a row is written undoes the whole run).  Every row goes into the
 * outbox as ch_store_insert() would write it, so it syncs. */
typedef struct _ChImportWriter ChImportWriter;

ChImportWriter     *ch_import_writer_new             (ChStore         *store,
                                                      const char      *chapter_id,
                                                      GError         **error);
void                ch_import_writer_free            (ChImportWriter  *writer);
/* Inserts a row of @entity (@clean: normalised, as by
 * ch_store_normalize_set()) under @id, or a new id when NULL. */
gboolean            ch_import_writer_insert          (ChImportWriter  *writer,
                                                      const char      *entity,
                                                      const char      *id,
                                                      JsonObject      *clean,
                                                      char           **out_id,
                                                      GError         **error);
/* For a large file: the indexes of the rows a run adds that the run does
 * not read are dropped, and made again (sorted once, much faster than
 * row by row) by _restore_indexes() before the commit, in the same
 * transaction: a rollback brings them back as they were. */
gboolean            ch_import_writer_suspend_indexes (ChImportWriter  *writer,
                                                      GError         **error);
gboolean            ch_import_writer_restore_indexes (ChImportWriter  *writer,
                                                      GError         **error);
/* ch_store_check_member() for a new member of the run; while the indexes
 * are suspended it reads the members of the run from memory. */
gboolean            ch_import_writer_check_member    (ChImportWriter  *writer,
                                                      JsonObject      *row,
                                                      GError         **error);
/* Appends the text of @object that json-glib's generator makes (not
 * pretty), which is what an outbox entry holds. */
void                ch_import_writer_append_object   (GString         *out,
                                                      JsonObject      *object);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChImportWriter, ch_import_writer_free)

void                ch_import_analyse                (ChImport    *self);
char               *ch_import_clean_cell             (const char  *cell);
/* "Anna Maria Öberg" → "Anna Maria", "Öberg"; "Öberg, Anna" → "Anna", "Öberg". */
void                ch_import_split_name             (const char  *full,
                                                      char       **out_given,
                                                      char       **out_family);
int                 ch_import_compare_strings        (const void  *a,
                                                      const void  *b);
ChImportMatchAction ch_import_match_action_for_line  (ChImport    *self,
                                                      guint        line);
void                ch_import_remember_mapping       (ChImport    *self);
/* Row @index of the sheet (1 is the first below the header), checked. */
ChImportRow        *ch_import_build_row              (ChImport    *self,
                                                      guint        index);

G_END_DECLS
