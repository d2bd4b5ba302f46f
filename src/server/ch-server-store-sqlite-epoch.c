/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-store"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ch-server-store-sqlite-private.h"

/* Devices whose cursor or last-seen time did not change need no write. */
#define SEEN_RESOLUTION_S 3600

/* Epoch and high-water mark
 *
 * The epoch lives in the database file, so a file copied back from a
 * backup brings its old epoch along. The high-water mark, PATH.epoch
 * (0600), lives beside it: the epoch and each chapter's highest committed
 * version, rewritten after committed batches. A database whose counters
 * are below it (or whose epoch differs) went back in time; the server then
 * gives it a new epoch, and every device resyncs.
 */

#define HIGH_WATER_MAGIC "chapterhouse-server high-water 1"

/* The mark is rewritten at most this often (and at the end): a rename
 * next to the database costs a few milliseconds of the next commit, and a
 * backup is hours older than the mark anyway. */
#define HIGH_WATER_INTERVAL_US G_USEC_PER_SEC

/* Every chapter's version, read from the database. */
static GHashTable *
read_versions (ChServerStoreSqlite  *self,
               GError              **error)
{
  g_autoptr(GHashTable) versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *s;
  int rc;

  if (!(s = ch_server_sql_stmt (self, STMT_CHAPTER_VERSIONS, error)))
    return NULL;

  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    g_hash_table_insert (versions, ch_server_sql_column_dup (s, 0),
                         GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (s, 1)));
  if (!ch_server_sql_step_finish (self, s, rc, error))
    return NULL;

  return g_steal_pointer (&versions);
}

void
ch_server_store_sqlite_write_high_water (ChServerStoreSqlite *self)
{
  g_autoptr(GString) out = g_string_new (HIGH_WATER_MAGIC "\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) ids = NULL;
  g_autofree char *tmp = NULL;

  if (self->high_water == NULL)
    return;

  self->high_water_written = g_get_monotonic_time ();
  self->high_water_dirty = FALSE;

  g_string_append_printf (out, "epoch %s\n", self->epoch);
  ids = g_list_sort (g_hash_table_get_keys (self->high_water), (GCompareFunc) strcmp);
  for (GList *l = ids; l != NULL; l = l->next)
    g_string_append_printf (out, "%s %" G_GSIZE_FORMAT "\n", (const char *) l->data,
                            GPOINTER_TO_SIZE (g_hash_table_lookup (self->high_water, l->data)));

  /* Written after the commit: a crash in between leaves a mark that is
   * lower than the database, which is harmless. A new file renamed over
   * the old one, without fsync (one per batch would double the cost of a
   * small push): after a power cut the mark may be older, or empty and
   * then ignored, never higher than what was committed. */
  tmp = g_strconcat (self->high_water_path, ".tmp", NULL);
  if (!g_file_set_contents_full (tmp, out->str, out->len, G_FILE_SET_CONTENTS_NONE, 0600,
                                 &error) ||
      g_rename (tmp, self->high_water_path) != 0)
    {
      g_warning ("Could not write %s: %s", self->high_water_path,
                 error ? error->message : g_strerror (errno));
      g_unlink (tmp);
    }
}

/* Takes the database's versions as the mark and writes it. */
static gboolean
reset_high_water (ChServerStoreSqlite  *self,
                  GError              **error)
{
  GHashTable *versions = read_versions (self, error);

  if (versions == NULL)
    return FALSE;

  g_clear_pointer (&self->high_water, g_hash_table_unref);
  self->high_water = versions;
  ch_server_store_sqlite_write_high_water (self);
  return TRUE;
}

void
ch_server_store_sqlite_note_high_water (ChServerStoreSqlite *self,
                                        const char          *chapter_id,
                                        gint64               version)
{
  gsize old;

  if (self->high_water == NULL)
    return;  /* not serving: admin commands leave the mark to the server */

  old = GPOINTER_TO_SIZE (g_hash_table_lookup (self->high_water, chapter_id));
  if (version > 0 && (gsize) version > old)
    {
      g_hash_table_insert (self->high_water, g_strdup (chapter_id),
                           GSIZE_TO_POINTER ((gsize) version));
      self->high_water_dirty = TRUE;
    }

  if (self->high_water_dirty &&
      g_get_monotonic_time () - self->high_water_written >= HIGH_WATER_INTERVAL_US)
    ch_server_store_sqlite_write_high_water (self);
}

/* Picks up an epoch that another process (restore) wrote; inside a
 * transaction. */
gboolean
ch_server_store_sqlite_refresh_epoch (ChServerStoreSqlite  *self,
                                      GError              **error)
{
  g_autofree char *epoch = NULL;
  sqlite3_stmt *s;
  int rc;

  if (!(s = ch_server_sql_stmt (self, STMT_GET_EPOCH, error)))
    return FALSE;
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    epoch = ch_server_sql_column_dup (s, 0);
  if (!ch_server_sql_step_finish (self, s, rc, error))
    return FALSE;

  if (epoch == NULL || g_strcmp0 (epoch, self->epoch) == 0)
    return TRUE;

  g_message ("The database %s has a new epoch %s (it was restored)", self->path, epoch);
  g_free (self->epoch);
  self->epoch = g_steal_pointer (&epoch);

  if (self->high_water != NULL)
    return reset_high_water (self, error);

  return TRUE;
}

static gboolean
sqlite_rotate_epoch (ChServerStore  *store,
                     const char     *reason,
                     GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *epoch = g_uuid_string_random ();
  sqlite3_stmt *s;

  g_return_val_if_fail (!self->in_batch && !self->in_read, FALSE);

  if (!ch_server_sql_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!(s = ch_server_sql_stmt (self, STMT_SET_EPOCH, &local_error)))
    goto fail;
  ch_server_sql_bind_text (s, 1, epoch);
  if (!ch_server_sql_step_done (self, s, &local_error) ||
      !ch_server_sql_exec (self, "COMMIT", &local_error))
    goto fail;

  g_message ("%s: new epoch %s (was %s); every device syncs again from the start",
             reason, epoch, self->epoch);
  g_free (self->epoch);
  self->epoch = g_steal_pointer (&epoch);

  if (self->high_water != NULL)
    return reset_high_water (self, error);

  return TRUE;

fail:
  return ch_server_sql_rollback (self, error, g_steal_pointer (&local_error));
}

static gboolean
sqlite_note_pull (ChServerStore  *store,
                  const char     *chapter_id,
                  const char     *device_id,
                  gint64          cursor,
                  GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  g_return_val_if_fail (!self->in_batch && !self->in_read, FALSE);

  if (!(s = ch_server_sql_stmt (self, STMT_NOTE_PULL, error)))
    return FALSE;

  ch_server_sql_bind_text (s, 1, chapter_id);
  ch_server_sql_bind_text (s, 2, device_id);
  sqlite3_bind_int64 (s, 3, cursor);
  sqlite3_bind_int64 (s, 4, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int64 (s, 5, SEEN_RESOLUTION_S);

  return ch_server_sql_step_done (self, s, error);
}

/* Reads PATH.epoch; FALSE if there is none or it cannot be read. */
static gboolean
read_high_water (ChServerStoreSqlite  *self,
                 char                **epoch,
                 GHashTable          **versions)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (self->high_water_path, &text, NULL, NULL))
    return FALSE;

  lines = g_strsplit (text, "\n", -1);
  if (lines[0] == NULL || strcmp (lines[0], HIGH_WATER_MAGIC) != 0 ||
      lines[1] == NULL || !g_str_has_prefix (lines[1], "epoch "))
    {
      g_warning ("%s is not a high-water mark of chapterhouse-server; it is replaced",
                 self->high_water_path);
      return FALSE;
    }

  *epoch = g_strdup (lines[1] + strlen ("epoch "));
  *versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (lines[i], " ", 2);
      guint64 v;

      if (parts[0] == NULL || parts[1] == NULL ||
          !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXINT64, &v, NULL))
        continue;
      g_hash_table_insert (*versions, g_strdup (parts[0]), GSIZE_TO_POINTER ((gsize) v));
    }

  return TRUE;
}

gboolean
ch_server_store_sqlite_check_epoch (ChServerStore  *store,
                                    gboolean       *rotated,
                                    GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  g_autoptr(GHashTable) marks = NULL;
  g_autoptr(GHashTable) versions = NULL;
  g_autofree char *epoch = NULL;
  g_autofree char *reason = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (CH_IS_SERVER_STORE_SQLITE (store), FALSE);

  if (rotated != NULL)
    *rotated = FALSE;

  if (!(versions = read_versions (self, error)))
    return FALSE;

  if (read_high_water (self, &epoch, &marks))
    {
      if (g_strcmp0 (epoch, self->epoch) != 0)
        reason = g_strdup_printf ("The database has epoch %s but %s says %s",
                                  self->epoch, self->high_water_path, epoch);

      g_hash_table_iter_init (&iter, marks);
      while (reason == NULL && g_hash_table_iter_next (&iter, &key, &value))
        {
          gsize have = GPOINTER_TO_SIZE (g_hash_table_lookup (versions, key));

          /* A chapter the operator removed ("chapter remove"): its devices
           * get 404 whatever the epoch, the others need not resync. */
          if (!g_hash_table_contains (versions, key))
            continue;
          if (have < GPOINTER_TO_SIZE (value))
            reason = g_strdup_printf ("Chapter %s is at version %" G_GSIZE_FORMAT
                                      " in the database but was at %" G_GSIZE_FORMAT
                                      " (the file went back in time)",
                                      (const char *) key, have, GPOINTER_TO_SIZE (value));
        }
    }

  /* From now on this process keeps the mark. */
  self->high_water = g_steal_pointer (&versions);

  if (reason != NULL)
    {
      g_warning ("%s went back in time without “restore”", self->path);
      if (!sqlite_rotate_epoch (store, reason, error))
        return FALSE;
      if (rotated != NULL)
        *rotated = TRUE;
      return TRUE;
    }

  ch_server_store_sqlite_write_high_water (self);
  return TRUE;
}

gboolean
ch_server_store_sqlite_take_mark (ChServerStore  *store,
                                  GError        **error)
{
  g_return_val_if_fail (CH_IS_SERVER_STORE_SQLITE (store), FALSE);

  return reset_high_water (CH_SERVER_STORE_SQLITE (store), error);
}

void
ch_server_store_sqlite_epoch_iface_init (ChServerStoreInterface *iface)
{
  iface->note_pull = sqlite_note_pull;
  iface->rotate_epoch = sqlite_rotate_epoch;
}
