/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What an import did (or, in a dry run, would do): counts of members
 * created, updated, skipped and failed, and a note for each row that was
 * not simply created, saying why.  Immutable once the import returns. */

typedef enum
{
  CH_IMPORT_OUTCOME_CREATED,
  CH_IMPORT_OUTCOME_UPDATED,
  CH_IMPORT_OUTCOME_SKIPPED,
  CH_IMPORT_OUTCOME_FAILED,
  CH_IMPORT_N_OUTCOMES
} ChImportResultOutcome;

typedef struct
{
  guint            line;
  ChImportResultOutcome  outcome;
  char            *message;   /* translated */
} ChImportResultNote;

#define CH_TYPE_IMPORT_RESULT (ch_import_result_get_type ())

G_DECLARE_FINAL_TYPE (ChImportResult, ch_import_result, CH, IMPORT_RESULT, GObject)

/* The batch to undo; NULL for a dry run. */
const char     *ch_import_result_get_batch_id     (ChImportResult  *self);
gboolean        ch_import_result_get_dry_run      (ChImportResult  *self);
guint           ch_import_result_get_count        (ChImportResult  *self,
                                                   ChImportResultOutcome  outcome);
/* Element type ChImportResultNote, in the order of the file. */
GPtrArray      *ch_import_result_get_notes        (ChImportResult  *self);
/* One translated sentence a count ("12 members created."), for the
 * summary page and the CLI. */
char           *ch_import_result_format_count     (ChImportResult  *self,
                                                   ChImportResultOutcome  outcome);
/* {"batch": …, "dry_run": …, "created": n, …, "notes": [{line, outcome, message}]} */
JsonObject     *ch_import_result_to_json          (ChImportResult  *self);
/* "created", "updated", "skipped", "failed" */
const char     *ch_import_result_outcome_key      (ChImportResultOutcome  outcome);

/* For ChImport only. */
ChImportResult *ch_import_result_new              (gboolean         dry_run);
void            ch_import_result_add              (ChImportResult  *self,
                                                   guint            line,
                                                   ChImportResultOutcome  outcome,
                                                   const char      *message);
void            ch_import_result_set_batch_id     (ChImportResult  *self,
                                                   const char      *batch_id);

G_END_DECLS
