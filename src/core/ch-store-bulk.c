/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ch-entity.h"
#include "ch-store-bulk.h"
#include "ch-store-bulk-search.h"
#include "ch-store-private.h"

#define BULK_META "bulk_indexes"
/* Set while the search entries of the loaded members wait for the end. */
#define BULK_SEARCH_META "bulk_search"

/* A file that holds more members than this is not "new": making its
 * indexes again would cost more than the load saves. */
#define BULK_MAX_MEMBERS 1000

/* Indexes a bulk load keeps: the status of the members a page wrote is
 * computed at its commit (ch-store-status.c), and this one finds them
 * (without it, every commit would read every member). */
static const char * const kept_indexes[] = {
  "member_status_due",
};

/* A bulk load's checkpoints run on a thread of their own, with its own
 * connection: at each commit that leaves CHECKPOINT_FRAMES pages or more
 * in the write-ahead log (SQLite's own threshold), the thread copies them
 * into the file and syncs it (a PASSIVE checkpoint, which never waits
 * for the writer), while the load writes the next pages.  Done by the
 * committing thread, as SQLite does by default, the copies and the
 * syncs were a sixth of a 100,000-member download's time, the syncs
 * mostly waiting for the disk (bench/BENCHMARKS.md).  The log starts
 * again from its beginning only when a write begins after a checkpoint
 * copied all of it: past CHECKPOINT_WAIT_FRAMES pages, a commit waits
 * for the checkpoint of its own pages (the earlier ones are copied by
 * then), so the log never grows much beyond that.  Each such wait is the
 * copy of the last commit's pages and two syncs (the log's, the file's)
 * on the load's thread: at 4,000 pages (16 MiB) a 100,000-member download
 * waited fifteen times, 1.0-1.4 s in all; at 16,000 (64 MiB, plus one
 * commit's pages) four times, about 0.3 s (bench/BENCHMARKS.md). */
#define CHECKPOINT_FRAMES 1000
#define CHECKPOINT_WAIT_FRAMES 16000

typedef struct _ChStoreCheckpointer
{
  char     *path;
  GMutex    lock;
  GCond     cond;
  /* Atomic as well as under the lock: ThreadSanitizer does not see
   * GMutex (tests/tsan.supp). */
  gint      asked;  /* checkpoints asked for so far */
  gint      done;   /* …of which the thread has done (at least) this many */
  gint      stop;
  gint      gone;   /* the thread could not open the file, or stopped */
  GThread  *thread;
} ChStoreCheckpointer;

static gpointer
checkpointer_run (gpointer data)
{
  ChStoreCheckpointer *cp = data;
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (cp->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) ==
      SQLITE_OK)
    {
      sqlite3_busy_timeout (db, CH_STORE_BUSY_TIMEOUT_MS);
      /* A connection knows the file is in WAL mode once it has read it:
       * until then a checkpoint does nothing. */
      if (sqlite3_exec (db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) !=
          SQLITE_OK)
        g_clear_pointer (&db, sqlite3_close);
    }
  if (db == NULL)
    g_debug ("The checkpoints of a bulk load stay on its own thread");

  g_mutex_lock (&cp->lock);
  while (db != NULL)
    {
      gint serving;
      int in_log = 0, copied = 0;

      while (g_atomic_int_get (&cp->done) == g_atomic_int_get (&cp->asked) &&
             !g_atomic_int_get (&cp->stop))
        g_cond_wait (&cp->cond, &cp->lock);
      if (g_atomic_int_get (&cp->stop))
        break;
      serving = g_atomic_int_get (&cp->asked);
      g_mutex_unlock (&cp->lock);

      if (sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, &in_log, &copied) !=
          SQLITE_OK)
        g_debug ("A bulk load's checkpoint failed: %s", sqlite3_errmsg (db));
      else
        g_debug ("A bulk load's checkpoint: %d of %d pages in the log", copied, in_log);

      g_mutex_lock (&cp->lock);
      g_atomic_int_set (&cp->done, serving);
      g_cond_broadcast (&cp->cond);
    }
  g_atomic_int_set (&cp->gone, TRUE);
  g_cond_broadcast (&cp->cond);
  g_mutex_unlock (&cp->lock);

  sqlite3_close (db);
  return NULL;
}

/* SQLite's hook after each commit of the load's connection (in place of
 * its own, which checkpoints there and then). */
static int
on_wal_commit (gpointer    data,
               sqlite3    *db,
               const char *name,
               int         frames)
{
  ChStoreCheckpointer *cp = data;
  gint asked;

  if (frames < CHECKPOINT_FRAMES)
    return SQLITE_OK;

  g_mutex_lock (&cp->lock);
  if (g_atomic_int_get (&cp->gone))
    {
      g_mutex_unlock (&cp->lock);
      /* As SQLite's own hook does. */
      sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      return SQLITE_OK;
    }
  asked = g_atomic_int_add (&cp->asked, 1) + 1;
  g_cond_broadcast (&cp->cond);
  if (frames >= CHECKPOINT_WAIT_FRAMES)
    while (g_atomic_int_get (&cp->done) < asked && !g_atomic_int_get (&cp->gone))
      g_cond_wait (&cp->cond, &cp->lock);
  g_mutex_unlock (&cp->lock);

  return SQLITE_OK;
}

static void
start_checkpoints (ChStore *self)
{
  ChStoreCheckpointer *cp;

  if (self->bulk_checkpointer != NULL)
    return;

  cp = g_new0 (ChStoreCheckpointer, 1);
  cp->path = g_strdup (self->path);
  g_mutex_init (&cp->lock);
  g_cond_init (&cp->cond);
  cp->thread = g_thread_new ("ch-store-checkpoint", checkpointer_run, cp);
  self->bulk_checkpointer = cp;
  sqlite3_wal_hook (self->db, on_wal_commit, cp);
}

void
ch_store_bulk_stop_checkpoints (ChStore *self)
{
  ChStoreCheckpointer *cp = self->bulk_checkpointer;

  if (cp == NULL)
    return;

  /* SQLite's own checkpoints again, at the same threshold. */
  if (self->db != NULL)
    sqlite3_wal_autocheckpoint (self->db, CHECKPOINT_FRAMES);
  self->bulk_checkpointer = NULL;

  g_mutex_lock (&cp->lock);
  g_atomic_int_set (&cp->stop, TRUE);
  g_cond_broadcast (&cp->cond);
  g_mutex_unlock (&cp->lock);
  g_thread_join (cp->thread);

  g_mutex_clear (&cp->lock);
  g_cond_clear (&cp->cond);
  g_free (cp->path);
  g_free (cp);
}

static char *
lock_path (ChStore *self)
{
  return g_strconcat (self->path, "-bulk", NULL);
}

/* The lock of a running load: -1 if another program holds it. */
static int
take_lock (ChStore *self)
{
  g_autofree char *path = lock_path (self);

  for (guint tries = 0; tries < 5; tries++)
    {
      struct stat by_fd, by_path;
      int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

      if (fd < 0)
        return -1;
      if (flock (fd, LOCK_EX | LOCK_NB) != 0)
        {
          close (fd);
          return -1;
        }
      /* The file may have been removed by a load that just ended: a lock
       * on a removed file locks nothing. */
      if (fstat (fd, &by_fd) == 0 && stat (path, &by_path) == 0 &&
          by_fd.st_ino == by_path.st_ino && by_fd.st_dev == by_path.st_dev)
        return fd;
      close (fd);
    }

  return -1;
}

static void
release_lock (ChStore *self)
{
  g_autofree char *path = NULL;

  if (self->bulk_lock_fd < 0)
    return;

  ch_store_bulk_stop_checkpoints (self);
  path = lock_path (self);
  g_unlink (path);
  close (self->bulk_lock_fd);
  self->bulk_lock_fd = -1;
  self->bulk_search = FALSE;
}

/* Whether a load left something to make again (its program's or another's). */
static gboolean
has_pending (ChStore *self)
{
  g_autofree char *indexes = ch_store_get_meta (self, BULK_META);
  g_autofree char *search = NULL;

  if (indexes != NULL)
    return TRUE;
  search = ch_store_get_meta (self, BULK_SEARCH_META);
  return search != NULL;
}

static gboolean
delete_meta (ChStore     *self,
             const char  *key,
             GError     **error)
{
  sqlite3_stmt *st;

  if (!(st = ch_store_stmt (self, "DELETE FROM meta WHERE key = ?", error)))
    return FALSE;
  ch_store_bind_text (st, 1, key);
  return ch_store_step_done (self, st, _("Could not save a setting: %s"), error);
}

static gboolean restore (ChStore   *self,
                         gboolean   beside,
                         GError   **error);

/* Makes again every index named in the meta row and every member's search
 * entry, and removes the rows.  Each index reads its whole table: through
 * a memory map of the file (up to 1 GiB) rather than page by page into
 * the cache, which took a sixth off this end of a 100,000-member download
 * (bench/BENCHMARKS.md).  The map is for this only.  With @beside (a
 * transaction that has written nothing yet, every row of the load
 * committed), the search entries are made on a thread of their own while
 * this one makes the indexes (ch-store-bulk-search.h). */
static gboolean
restore_indexes (ChStore   *self,
                 gboolean   beside,
                 GError   **error)
{
  gboolean ok;

  if (!has_pending (self))
    return TRUE;

  ch_store_exec (self, "PRAGMA mmap_size = 1073741824", NULL);
  ok = restore (self, beside, error);
  ch_store_exec (self, "PRAGMA mmap_size = 0", NULL);

  return ok;
}

static gboolean
restore (ChStore   *self,
         gboolean   beside,
         GError   **error)
{
  g_autofree char *text = ch_store_get_meta (self, BULK_META);
  g_autofree char *search = ch_store_get_meta (self, BULK_SEARCH_META);
  g_autoptr(ChStoreBulkSearch) beside_search = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *list;
  sqlite3_stmt *exists;

  /* The search entries need the index of the specialties by member:
   * made last on this thread, or beside the indexes on another. */
  if (search != NULL && text != NULL && beside)
    beside_search = ch_store_bulk_search_start (self);

  if (text == NULL)
    goto search;

  parser = json_parser_new ();
  if (json_parser_load_from_data (parser, text, -1, NULL) &&
      JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    list = json_node_get_array (json_parser_get_root (parser));
  else
    list = NULL;

  if (!(exists = ch_store_stmt (self,
                                "SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?",
                                error)))
    return FALSE;

  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonObject *index = json_array_get_object_element (list, i);
      const char *name = index ? json_object_get_string_member_with_default (index, "name",
                                                                             NULL) : NULL;
      const char *sql = index ? json_object_get_string_member_with_default (index, "sql",
                                                                            NULL) : NULL;
      gboolean there;

      if (name == NULL || sql == NULL)
        continue;
      ch_store_bind_text (exists, 1, name);
      there = sqlite3_step (exists) == SQLITE_ROW;
      sqlite3_reset (exists);
      if (!there && !ch_store_exec_one (self, sql, error))
        return FALSE;
    }
  if (!delete_meta (self, BULK_META, error))
    return FALSE;

search:
  /* After the indexes: the look-up of a member's specialties has its own. */
  if (search != NULL &&
      (!ch_store_bulk_search_finish (self, g_steal_pointer (&beside_search), error) ||
       !delete_meta (self, BULK_SEARCH_META, error)))
    return FALSE;

  return TRUE;
}

static gboolean
is_kept (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (kept_indexes); i++)
    if (strcmp (name, kept_indexes[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Drops the indexes of the synced tables, keeping their texts in the
 * meta row. */
static gboolean
drop_indexes (ChStore  *self,
              GError  **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;
  const ChEntityInfo *const *entities;
  guint n_entities = 0;
  sqlite3_stmt *st;
  int rc;

  if (!(st = ch_store_stmt (self,
                            "SELECT name, sql FROM sqlite_schema WHERE type = 'index' "
                            "AND sql IS NOT NULL AND tbl_name = ? ORDER BY name", error)))
    return FALSE;

  json_builder_begin_array (builder);
  entities = ch_entity_all (&n_entities);
  for (guint e = 0; e < n_entities; e++)
    {
      ch_store_bind_text (st, 1, entities[e]->table);
      while ((rc = sqlite3_step (st)) == SQLITE_ROW)
        {
          const char *name = (const char *) sqlite3_column_text (st, 0);
          const char *sql = (const char *) sqlite3_column_text (st, 1);

          /* A unique index is a rule, not a shortcut: it stays. */
          if (is_kept (name) || g_ascii_strncasecmp (sql, "CREATE UNIQUE", 13) == 0)
            continue;
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, name);
          json_builder_set_member_name (builder, "sql");
          json_builder_add_string_value (builder, sql);
          json_builder_end_object (builder);
          g_ptr_array_add (names, g_strdup (name));
        }
      sqlite3_reset (st);
      if (rc != SQLITE_DONE)
        return ch_store_set_sql_error (error, self->db, _("Could not save the record: %s"));
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  /* The texts first: the rows and the drops commit together.  The search
   * entries of the members loaded are made at the end too. */
  if (!ch_store_set_meta (self, BULK_META, text, error) ||
      !ch_store_set_meta (self, BULK_SEARCH_META, "1", error))
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *quoted = g_strdup_printf ("DROP INDEX IF EXISTS \"%s\"",
                                                 (const char *) g_ptr_array_index (names, i));

      if (!ch_store_exec (self, quoted, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
ch_store_bulk_begin (ChStore  *self,
                     GError  **error)
{
  g_return_val_if_fail (CH_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (self->bulk_lock_fd >= 0)
    return TRUE;
  if (self->path == NULL || self->path[0] == '\0' || strcmp (self->path, ":memory:") == 0)
    return FALSE;
  if (ch_store_query_int (self, BULK_MAX_MEMBERS + 1,
                          "SELECT count(*) FROM (SELECT 1 FROM member LIMIT "
                          G_STRINGIFY (BULK_MAX_MEMBERS) " + 1)",
                          ch_store_sql_end) > BULK_MAX_MEMBERS)
    return FALSE;

  self->bulk_lock_fd = take_lock (self);
  if (self->bulk_lock_fd < 0)
    return FALSE;

  /* A load whose program died left its indexes out: they come back
   * first (a no-op unless that happened just now, as ch_store_open()
   * does it too). */
  if (!restore_indexes (self, FALSE, error) || !drop_indexes (self, error))
    {
      release_lock (self);
      return FALSE;
    }
  /* From now on the triggers of the search index stand aside on this
   * connection (ch_fts_deferred()), and nothing is queued for a flush. */
  self->bulk_search = TRUE;
  start_checkpoints (self);

  return TRUE;
}

gboolean
ch_store_bulk_active (ChStore *self)
{
  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  return self->bulk_lock_fd >= 0;
}

gboolean
ch_store_bulk_end (ChStore  *self,
                   GError  **error)
{
  g_return_val_if_fail (CH_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  return restore_indexes (self, FALSE, error);
}

gboolean
ch_store_bulk_finish (ChStore  *self,
                      GError  **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  if (self->bulk_lock_fd < 0)
    return TRUE;

  /* Written from now on, a member has its search entry at once. */
  self->bulk_search = FALSE;
  if (has_pending (self))
    {
      ok = ch_store_begin (self, error);
      if (ok && !(ok = restore_indexes (self, self->depth == 1, error)))
        ch_store_rollback (self);
      else if (ok)
        ok = ch_store_commit (self, error);
    }

  /* Failed: the lock goes anyway, and the next ch_store_open() makes the
   * indexes again. */
  release_lock (self);
  return ok;
}

gboolean
ch_store_bulk_recover (ChStore  *self,
                       GError  **error)
{
  g_autofree char *path = NULL;
  gboolean ok;
  int fd;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  /* A file older than the meta table (or new) has no load to recover. */
  if (ch_store_query_int (self, 0, "SELECT count(*) FROM sqlite_schema "
                          "WHERE type = 'table' AND name = 'meta'", ch_store_sql_end) == 0)
    return TRUE;
  if (self->path == NULL || !has_pending (self))
    return TRUE;

  /* A live load holds the lock; leave it alone. */
  path = lock_path (self);
  fd = g_open (path, O_RDWR | O_CLOEXEC, 0);
  if (fd >= 0 && flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      return TRUE;
    }

  g_debug ("Making again the indexes of a download cut off in %s", self->path);
  ok = ch_store_begin (self, error);
  if (ok && !(ok = restore_indexes (self, FALSE, error)))
    ch_store_rollback (self);
  else if (ok)
    ok = ch_store_commit (self, error);

  if (fd >= 0)
    {
      g_unlink (path);
      close (fd);
    }

  return ok;
}
