/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-store-bulk-search.h"
#include "ch-store-private.h"

/* The search table's shadow tables that hold its entries (FTS5's own
 * layout; "member_fts_config" holds only its settings and stays). */
static const char * const entry_tables[] = {
  "member_fts_data",
  "member_fts_idx",
  "member_fts_content",
  "member_fts_docsize",
};

/* FTS5 writes its entries out each time its pending entries in memory
 * reach this size: 16 MiB instead of 1 MiB, fewer and larger segments to
 * merge (a sixth less work for 100,000 members; bench/BENCHMARKS.md). Set
 * on the thread's table only. */
#define BUILD_HASH_SIZE (16 * 1024 * 1024)

/* The thread's table is in a temporary file (deleted when the thread's
 * connection closes), not in memory: held whole in memory, it grew with
 * the chapter (about 500 bytes a member, half a gigabyte for 1,000,000
 * members, on top of the load's own cache).  Pages beyond this many KiB
 * go to the file and are read back from it; 100,000 members' entries fit
 * (bench/BENCHMARKS.md).  The members read from the file go through a
 * cache of SQLite's usual size. */
#define BUILD_CACHE_KIB (64 * 1024)
#define READ_CACHE_KIB 2000

/* The thread's statements: every member's entry as ch_store_rebuild_search()
 * makes it (the same values in the same order), the specialties read from
 * a sorted copy, since the file's index of them is being made beside. */
static const char build_sql[] =
  "BEGIN;"
  "CREATE TABLE build.spec AS "
  "  SELECT member_id, specialty FROM main.member_specialty "
  "  WHERE deleted = 0 ORDER BY member_id, rowid;"
  "CREATE INDEX build.spec_by_member ON spec (member_id);"
  "INSERT INTO build.member_fts "
  "  (rowid, given_name, family_name, company, email, city, specialties) "
  "SELECT m.rowid, ch_fold (m.given_name), ch_fold (m.family_name), ch_fold (m.company), "
  "       ch_fold (m.email), ch_fold (m.city), "
  "       (SELECT ch_fold (group_concat (s.specialty, ' ')) FROM build.spec s "
  "         WHERE s.member_id = m.id) "
  "FROM main.member m WHERE m.deleted = 0 ORDER BY m.rowid;"
  "COMMIT;";

struct _ChStoreBulkSearch
{
  char     *path;
  char     *table_sql;  /* the file's CREATE VIRTUAL TABLE member_fts */
  sqlite3  *db;         /* the thread's: the file, and "build" in a temporary file */
  gint      cache_kib;  /* the largest page cache of each of them */
  gboolean  ok;         /* set by the thread before it ends */
  gint64    cache_used; /* …and the bytes of its page caches then */
  GThread  *thread;
};

static gboolean
build_exec (sqlite3    *db,
            const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) == SQLITE_OK)
    return TRUE;
  g_debug ("The search entries of a bulk load stay on its thread: %s", message);
  sqlite3_free (message);
  return FALSE;
}

static gpointer
build_run (gpointer data)
{
  ChStoreBulkSearch *search = data;
  g_autofree char *create = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *build_cache = NULL;
  g_autofree char *read_cache = NULL;
  int used = 0, highwater = 0;

  if (sqlite3_open_v2 (search->path, &search->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_debug ("The search entries of a bulk load stay on its thread: %s",
               search->db ? sqlite3_errmsg (search->db) : "no memory");
      return NULL;
    }
  sqlite3_busy_timeout (search->db, CH_STORE_BUSY_TIMEOUT_MS);
  ch_store_register_functions (search->db, NULL);

  /* "CREATE VIRTUAL TABLE member_fts …" (checked by _start()), in "build". */
  create = g_strconcat ("CREATE VIRTUAL TABLE build.",
                        search->table_sql + strlen ("CREATE VIRTUAL TABLE "), NULL);
  hash = g_strdup_printf ("INSERT INTO build.member_fts (member_fts, rank) "
                          "VALUES ('hashsize', %d)", BUILD_HASH_SIZE);
  build_cache = g_strdup_printf ("PRAGMA build.cache_size = -%d", search->cache_kib);
  read_cache = g_strdup_printf ("PRAGMA main.cache_size = -%d",
                                MIN (search->cache_kib, READ_CACHE_KIB));
  /* "build" is thrown away after the copy, and made again from the
   * start if anything fails: no journal. */
  search->ok = build_exec (search->db, "PRAGMA temp_store = FILE") &&
               build_exec (search->db, "ATTACH '' AS build") &&
               build_exec (search->db, build_cache) &&
               build_exec (search->db, read_cache) &&
               build_exec (search->db, "PRAGMA build.journal_mode = OFF") &&
               build_exec (search->db, create) &&
               build_exec (search->db, hash) &&
               build_exec (search->db, build_sql);
  /* A failed build lets go of its read transaction at once. */
  if (!search->ok && !sqlite3_get_autocommit (search->db))
    sqlite3_exec (search->db, "ROLLBACK", NULL, NULL, NULL);
  if (sqlite3_db_status (search->db, SQLITE_DBSTATUS_CACHE_USED, &used, &highwater, FALSE) ==
      SQLITE_OK)
    search->cache_used = used;

  return NULL;
}

ChStoreBulkSearch *
ch_store_bulk_search_start (ChStore *self)
{
  g_autoptr(ChStoreBulkSearch) search = NULL;
  g_autofree char *table_sql = NULL;

  g_return_val_if_fail (CH_IS_STORE (self), NULL);
  g_return_val_if_fail (self->depth > 0, NULL);

  table_sql = ch_store_query_text (self, "SELECT sql FROM sqlite_schema "
                                   "WHERE type = 'table' AND name = 'member_fts'",
                                   ch_store_sql_end);
  /* The text is the file's own and is run again below (on this thread's
   * connection and on the load's): one statement only.  SQLite reads a
   * schema entry's first statement and ignores the rest, so a made-up
   * file could carry more after a ';' (never there in a text SQLite
   * keeps); such a file has its entries made the usual way. */
  if (self->path == NULL || strcmp (self->path, ":memory:") == 0 || table_sql == NULL ||
      !g_str_has_prefix (table_sql, "CREATE VIRTUAL TABLE member_fts ") ||
      strchr (table_sql, ';') != NULL)
    return NULL;

  search = g_new0 (ChStoreBulkSearch, 1);
  search->path = g_strdup (self->path);
  search->table_sql = g_steal_pointer (&table_sql);
  search->cache_kib = self->bulk_search_cache_kib > 0 ? self->bulk_search_cache_kib
                                                      : BUILD_CACHE_KIB;
  search->thread = g_thread_new ("ch-store-search", build_run, search);

  return g_steal_pointer (&search);
}

static void
join (ChStoreBulkSearch *search)
{
  if (search->thread != NULL)
    g_thread_join (g_steal_pointer (&search->thread));
}

void
ch_store_bulk_search_free (ChStoreBulkSearch *search)
{
  if (search == NULL)
    return;

  join (search);
  sqlite3_close (search->db);
  g_free (search->table_sql);
  g_free (search->path);
  g_free (search);
}

/* Every row of @table in the thread's "build" into @self's (empty) table. */
static gboolean
copy_rows (ChStore            *self,
           ChStoreBulkSearch  *search,
           const char         *table,
           GError            **error)
{
  g_autofree char *select = g_strdup_printf ("SELECT * FROM build.\"%s\"", table);
  g_autoptr(GString) insert = g_string_new (NULL);
  sqlite3_stmt *from = NULL, *to = NULL;
  gboolean ok = TRUE;
  int columns, rc;

  if (sqlite3_prepare_v2 (search->db, select, -1, &from, NULL) != SQLITE_OK)
    return ch_store_set_sql_error (error, search->db, _("Could not save the record: %s"));

  columns = sqlite3_column_count (from);
  g_string_printf (insert, "INSERT INTO main.\"%s\" VALUES (?", table);
  for (int i = 1; i < columns; i++)
    g_string_append (insert, ", ?");
  g_string_append_c (insert, ')');
  if (sqlite3_prepare_v2 (self->db, insert->str, -1, &to, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (from);
      return ch_store_set_sql_error (error, self->db, _("Could not save the record: %s"));
    }

  while (ok && (rc = sqlite3_step (from)) == SQLITE_ROW)
    {
      for (int i = 0; i < columns; i++)
        sqlite3_bind_value (to, i + 1, sqlite3_column_value (from, i));
      if (sqlite3_step (to) != SQLITE_DONE)
        ok = ch_store_set_sql_error (error, self->db, _("Could not save the record: %s"));
      sqlite3_reset (to);
    }
  if (ok && rc != SQLITE_DONE)
    ok = ch_store_set_sql_error (error, search->db, _("Could not save the record: %s"));

  sqlite3_finalize (to);
  sqlite3_finalize (from);
  return ok;
}

gboolean
ch_store_bulk_search_finish (ChStore            *self,
                             ChStoreBulkSearch  *search,
                             GError            **error)
{
  g_autoptr(ChStoreBulkSearch) owned = search;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (owned != NULL)
    {
      join (owned);
      self->bulk_search_cache_used = owned->cache_used;
    }
  if (owned == NULL || !owned->ok)
    return ch_store_rebuild_search (self, error);

  /* The table made again, not only emptied: FTS5 keeps what it read of
   * its entries with the connection's table (until another connection
   * writes), which the rows copied under it would contradict. */
  if (!ch_store_exec (self, "DROP TABLE member_fts", error) ||
      !ch_store_exec_one (self, owned->table_sql, error) ||
      !ch_store_exec (self, "DELETE FROM member_fts_data; DELETE FROM member_fts_idx;", error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (entry_tables); i++)
    if (!copy_rows (self, owned, entry_tables[i], error))
      return FALSE;

  return TRUE;
}
