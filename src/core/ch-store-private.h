/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-store.h"

G_BEGIN_DECLS

/* For the store's own modules only: the writer connection (main thread). */
sqlite3 *ch_store_get_db (ChStore *self);

/* Bulk writes (a pulled page, generated members): the search index is
 * brought up to date once, by ch_store_flush_search() inside the same
 * transaction, instead of row by row.  A rollback drops the queue too. */
void      ch_store_defer_search  (ChStore  *self);
gboolean  ch_store_flush_search  (ChStore  *self,
                                  GError  **error);

/* Whether this version may open @path, as ch_store_open() decides before
 * writing anything, with SQLite's quick check whatever the file's size:
 * CH_STORE_ERROR_DAMAGED, _TOO_NEW or _NOT_A_DATABASE.  A missing or
 * empty file passes. */
gboolean  ch_store_check_file          (const char  *path,
                                        GError     **error);
/* CH_STORE_ERROR_DAMAGED, with the message that names @path. */
void      ch_store_set_damaged_error   (GError     **error,
                                        const char  *path);
/* Makes @path an empty file readable by its owner only, unless it exists.
 * Only for a file no SQLite connection of this process has open. */
gboolean  ch_store_create_private_file (const char  *path,
                                        GError     **error);

/* Ends the argument list of the store's little SQL helpers. */
extern const char ch_store_sql_end[];

/* Read-only queries on the writer connection with text arguments (NULL
 * allowed) ended by ch_store_sql_end, e.g.
 *   ch_store_query_texts (store, error, "SELECT id FROM event WHERE chapter_id = ?",
 *                         chapter_id, ch_store_sql_end);
 * ch_store_query_texts() returns the first column of every row as strings
 * (NULL columns give NULL entries), or NULL with @error set. */
GPtrArray *ch_store_query_texts    (ChStore     *self,
                                    GError     **error,
                                    const char  *sql,
                                    ...);
GPtrArray *ch_store_query_texts_va (ChStore     *self,
                                    GError     **error,
                                    const char  *sql,
                                    va_list      args);
/* The first column of the first row as text (NULL if no row, a NULL
 * column or an error). */
char      *ch_store_query_text     (ChStore     *self,
                                    const char  *sql,
                                    ...);
/* The first column of the first row as an integer; @fallback if no row,
 * a NULL column or an error. */
gint64     ch_store_query_int      (ChStore     *self,
                                    gint64       fallback,
                                    const char  *sql,
                                    ...);

G_END_DECLS
