/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-store.h"

G_BEGIN_DECLS

/*
 * Import batches: what one import wrote (ch-import.h), kept on this device
 * so that Undo Import takes back exactly that batch — the members it
 * created are deleted and the fields it changed get their old values back,
 * as ordinary synced deletes and updates, also after a sync.  A field
 * someone changed since the import keeps the newer value.
 */

#define CH_IMPORT_BATCH_ERROR (ch_import_batch_error_quark ())

typedef enum
{
  CH_IMPORT_BATCH_ERROR_NOT_FOUND,
  CH_IMPORT_BATCH_ERROR_UNDONE,       /* undone already */
} ChImportBatchError;

GQuark     ch_import_batch_error_quark  (void);

/* The last import into @chapter_id not undone yet, or NULL. */
char      *ch_import_batch_latest       (ChStore     *store,
                                         const char  *chapter_id);
/* Undoes @batch_id in one transaction. */
gboolean   ch_import_batch_undo         (ChStore     *store,
                                         const char  *batch_id,
                                         GError     **error);

G_END_DECLS
