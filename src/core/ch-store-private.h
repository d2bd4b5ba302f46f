/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The store's insides, for core's own modules and tests: the store is one
 * class spread over ch-store.c (opening, transactions, the changed signal),
 * ch-store-schema.c (migrations and the checks before a file is written),
 * ch-store-sql.c (statement helpers, rows by entity), ch-store-write.c (the
 * synced-row write path with its outbox), ch-store-chapters.c and
 * ch-store-members.c.  Nothing above core includes this header. */

#include <sqlite3.h>

#include "ch-entity.h"
#include "ch-store.h"

G_BEGIN_DECLS

/* How long a change waits for another program that is writing the file. */
#define CH_STORE_BUSY_TIMEOUT_MS 5000

struct _ChStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  char       *device_id;
  GHashTable *statements;  /* SQL text → sqlite3_stmt* */
  gboolean    fts_deferred; /* ch_store_defer_search() until the flush */
  guint       depth;       /* explicit ch_store_begin() nesting */
  guint       savepoints;  /* open savepoints, ch_store_begin()'s and each change's */
  gboolean    own_transaction; /* BEGIN IMMEDIATE taken by the outermost savepoint */
  gboolean    outer_is_begin;  /* …which then is that BEGIN, with no SAVEPOINT of its own */
  gboolean    counted_open;    /* in open_stores */
  gboolean    batch_changed;
  gint64      data_version;    /* PRAGMA data_version when last looked at */

  /* chapter id → ChStoreToday, so status needs no GTimeZone per row */
  GHashTable *today_cache;

  /* ChEntityInfo* → the SQL of its pulled-row write, made once (ch-store-write.c) */
  GHashTable *row_sql;
  /* row_sql's texts (by address) → their statements in @statements */
  GHashTable *row_stmt;
  /* write_row()'s updated_at, made again when the clock's second moves */
  gint64      row_now_s;
  char       *row_now;
  /* Inside ch_store_begin_pull_page(): the outbox was empty, so no pulled
   * row needs a look-up for pending changes (cleared by any outbox write). */
  gboolean    pull_no_pending;
  gboolean    pull_cache;      /* the larger page cache of a pull is set */
  char       *collation;       /* ICU locale of member.name_key, ch-store-collation.c */
  char       *collation_described; /* …and its record in meta, as ch_collate_describe() */
  char       *pending_collation;   /* the locale wanted, when the keys are made later */
  char       *pending_described;
  gboolean    collation_moved;     /* the file's collation changed under this store */
  int         bulk_lock_fd;    /* the lock of a running bulk load, ch-store-bulk.c; or -1 */
  gboolean    bulk_search;     /* …whose search entries are made at its end */
  struct _ChStoreCheckpointer *bulk_checkpointer;  /* …its checkpoints' thread, or NULL */
  /* The page cache (KiB) of each database of the thread that makes the
   * search entries at the end of a bulk load, or 0 for the usual
   * (ch-store-bulk-search.c; tests make it smaller), and the bytes its
   * caches held when its entries were made, the last time one ran. */
  gint        bulk_search_cache_kib;
  gint64      bulk_search_cache_used;
};

typedef struct
{
  gint32  today_days;
  gint    grace_days;
  gint64  expires_at;
} ChStoreToday;

/* Stops the thread of a bulk load's checkpoints (ch-store-bulk.c), if it
 * runs, once its checkpoint is done; the connection checkpoints again. */
void     ch_store_bulk_stop_checkpoints (ChStore *self);

/* For the store's own modules only: the writer connection (main thread). */
sqlite3 *ch_store_get_db (ChStore *self);

/* A read-only connection of its own, for a worker thread.  Close it with
 * sqlite3_close() on that thread. */
sqlite3       *ch_store_open_reader             (ChStore       *self,
                                                 GError       **error);

/* The search index is brought up to date by ch_store_flush_search() inside
 * the transaction of a deferred bulk write (ch_store_defer_search()). */
gboolean  ch_store_flush_search  (ChStore  *self,
                                  GError  **error);
/* Makes every member's search entry again, in the open transaction (the
 * end of a bulk load, ch-store-bulk.c). */
gboolean  ch_store_rebuild_search (ChStore  *self,
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

/* ch-store-sql.c: statements on the writer connection. */

/* Sets @error to @message, a whole translated sentence with one %s, which
 * is filled with @db's message, such as "Could not save the record: %s". */
gboolean      ch_store_set_sql_error     (GError            **error,
                                          sqlite3            *db,
                                          const char         *message);
/* The cached, reset statement for @sql. */
sqlite3_stmt *ch_store_stmt              (ChStore            *self,
                                          const char         *sql,
                                          GError            **error);
gboolean      ch_store_exec              (ChStore            *self,
                                          const char         *sql,
                                          GError            **error);
/* Exactly one statement (a text read from the file's own schema). */
int           ch_store_exec_one_on       (sqlite3            *db,
                                          const char         *sql);
gboolean      ch_store_exec_one          (ChStore            *self,
                                          const char         *sql,
                                          GError            **error);
/* Binds @text, or NULL when it is NULL. */
void          ch_store_bind_text         (sqlite3_stmt       *st,
                                          int                 idx,
                                          const char         *text);
/* Runs @st, a statement that returns no rows, and resets it; on failure
 * sets @error to @message, as ch_store_set_sql_error() does. */
gboolean      ch_store_step_done         (ChStore            *self,
                                          sqlite3_stmt       *st,
                                          const char         *message,
                                          GError            **error);
/* The cached statement @sql with @arg as its only parameter: the first
 * column of the first row as an integer, or 0. */
gint64        ch_store_query_int_arg     (ChStore            *self,
                                          const char         *sql,
                                          const char         *arg);
void          ch_store_bind_field        (sqlite3_stmt       *st,
                                          int                 idx,
                                          const ChFieldInfo  *field,
                                          JsonNode           *node);
JsonNode     *ch_store_column_node       (sqlite3_stmt       *st,
                                          int                 col,
                                          const ChFieldInfo  *field);
gboolean      ch_store_nodes_equal       (JsonNode           *a,
                                          JsonNode           *b);
char         *ch_store_object_to_json    (JsonObject         *object);
JsonObject   *ch_store_object_from_json  (const char         *text);
const ChEntityInfo *
              ch_store_lookup_entity     (const char         *entity,
                                          GError            **error);
char         *ch_store_select_sql        (const ChEntityInfo *info);
JsonObject   *ch_store_row_from_stmt     (const ChEntityInfo *info,
                                          sqlite3_stmt       *st);

/* ch-store-schema.c: the file before it is written, and its schema. */

/* Settings of SQLite for the whole program, before its first use. */
void          ch_store_configure_sqlite    (void);
/* Registers the store's SQL functions on @db; @writer is the store of
 * that connection, NULL on read-only connections. */
void          ch_store_register_functions  (sqlite3     *db,
                                            ChStore     *writer);
gboolean      ch_store_create_search_queue (ChStore     *self,
                                            GError     **error);
int           ch_store_user_version        (sqlite3     *db);
gboolean      ch_store_migrate             (ChStore     *self,
                                            GError     **error);
void          ch_store_set_not_a_database  (GError     **error,
                                            const char  *path);
void          ch_store_set_too_new         (GError     **error,
                                            gint32       version);
/* Whether @rc (or the connection's last error) says the file is damaged. */
gboolean      ch_store_is_damage           (int          rc);
/* Counts @path as open (+1) or closed (-1) in this process. */
void          ch_store_count_open          (const char  *path,
                                            int          delta);
gboolean      ch_store_check_file_full     (const char  *path,
                                            gboolean     full,
                                            GError     **error);
gboolean      ch_store_set_wal_mode        (ChStore     *self,
                                            GError     **error);
/* Sets @error for a failure of @db while opening @path: damaged or not. */
void          ch_store_set_open_error      (GError     **error,
                                            sqlite3     *db,
                                            const char  *path);

/* ch-store.c: savepoints around one change, and the changed signal. */
gboolean      ch_store_savepoint           (ChStore     *self,
                                            GError     **error);
gboolean      ch_store_release             (ChStore     *self,
                                            GError     **error);
void          ch_store_undo_savepoint      (ChStore     *self);
/* Emits ::changed now, or when the outermost ch_store_begin() commits. */
void          ch_store_emit_changed        (ChStore     *self,
                                            const char  *entity,
                                            const char  *id);

/* ch-store-collation.c: takes the collation the file's keys are in, as a
 * write transaction begins (another program may have made them again). */
gboolean       ch_store_follow_file_collation   (ChStore       *self,
                                                 GError       **error);

/* ch-store-collation.c: binds parameter @col of @st to the name key
 * (member.name_key) of the member @row, in the store's collation.  The one
 * place the key is made: the write path and the import writer use it. */
void          ch_store_bind_name_key       (ChStore      *self,
                                            sqlite3_stmt *st,
                                            int           col,
                                            JsonObject   *row);
/* The same from the member's two names (NULL is empty). */
void          ch_store_bind_name_key_text  (ChStore      *self,
                                            sqlite3_stmt *st,
                                            int           col,
                                            const char   *family_name,
                                            const char   *given_name);

/* ch-store-write.c */

/* The fields of @set that @info knows, validated and in their stored form,
 * or NULL with CH_STORE_ERROR_INVALID. */
JsonObject   *ch_store_normalize_set       (const ChEntityInfo *info,
                                            JsonObject         *set,
                                            GError            **error);

/* The statements of a pulled row's write, made once per entity
 * (ch_store_row_stmt()): the upsert of every field and the local keys,
 * the look-up of the row's version, the upsert that leaves a row of
 * the same or a later version as it is, and the move of a row from one
 * version to the next that a push's answer says it holds
 * (ch-store-held.c). */
enum
{
  CH_STORE_ROW_SQL_UPSERT,
  CH_STORE_ROW_SQL_VERSION,
  CH_STORE_ROW_SQL_UPSERT_NEWER,
  CH_STORE_ROW_SQL_TAKE_VERSION,
  CH_STORE_N_ROW_SQL
};
/* The reset statement @which (CH_STORE_ROW_SQL_*) of @info's rows. */
sqlite3_stmt *ch_store_row_stmt            (ChStore            *self,
                                            const ChEntityInfo *info,
                                            guint               which,
                                            GError            **error);
/* Now, for a written row's updated_at (made again once a second). */
const char   *ch_store_row_now             (ChStore            *self);
/* ch_store_apply_remote() (@any_version FALSE) and
 * ch_store_apply_snapshot_row() (TRUE). */
gboolean      ch_store_apply_remote_row    (ChStore            *self,
                                            const char         *chapter_id,
                                            const char         *entity,
                                            const char         *id,
                                            gint64              version,
                                            gboolean            deleted,
                                            JsonObject         *fields,
                                            gboolean            any_version,
                                            GError            **error);

/* ch-store-chapters.c */
ChStoreToday *ch_store_today_for           (ChStore     *self,
                                            const char  *chapter_id);

/* ch-store-members.c */
ChMember     *ch_store_member_from_row     (ChStore     *self,
                                            JsonObject  *row);
gboolean      ch_store_check_member        (ChStore     *self,
                                            const char  *chapter_id,
                                            const char  *id,
                                            JsonObject  *fields,
                                            GHashTable  *emails,
                                            GError     **error);

/* ch-store-erase.c: a tombstone of an erased member pulled from the server
 * (ch_store_apply_remote()): the traces before the row is written, the
 * row's local columns and the search index after. */
gboolean      ch_store_erase_remote        (ChStore     *self,
                                            const char  *member_id,
                                            GError     **error);
gboolean      ch_store_erase_remote_row    (ChStore     *self,
                                            const char  *member_id,
                                            GError     **error);

/* For tests: run SQL on the writer connection (e.g. a failing TEMP trigger). */
gboolean       ch_store_exec_for_test           (ChStore       *self,
                                                 const char    *sql,
                                                 GError       **error);

G_END_DECLS
