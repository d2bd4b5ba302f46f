/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-store"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "ch-server-store-sqlite-admin.h"
#include "ch-server-store-sqlite-private.h"

/* Statements run once per command: prepared here, not cached. */
static sqlite3_stmt *
prepare (ChServerStoreSqlite  *self,
         const char           *sql,
         GError              **error)
{
  sqlite3_stmt *s = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &s, NULL) != SQLITE_OK)
    {
      ch_server_sql_db_error (self, error);
      return NULL;
    }
  return s;
}

/* Runs @s (no rows), finalizes it; the number of rows changed, or -1. */
static gint64
run (ChServerStoreSqlite  *self,
     sqlite3_stmt         *s,
     GError              **error)
{
  int rc = sqlite3_step (s);

  sqlite3_finalize (s);
  if (rc != SQLITE_DONE)
    {
      ch_server_sql_db_error (self, error);
      return -1;
    }
  return sqlite3_changes (self->db);
}

void
ch_server_store_sqlite_admin_device_free (ChServerStoreSqliteAdminDevice *device)
{
  g_free (device->chapter_id);
  g_free (device->device_id);
  g_free (device->token_name);
  g_free (device);
}

GPtrArray *
ch_server_store_sqlite_admin_list_devices (ChServerStore  *store,
                                           const char     *chapter_id,
                                           GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  g_autoptr(GPtrArray) devices =
    g_ptr_array_new_with_free_func ((GDestroyNotify) ch_server_store_sqlite_admin_device_free);
  sqlite3_stmt *s;
  int rc;

  s = prepare (self,
               "WITH ids AS (SELECT chapter_id, device_id FROM devices "
               "             UNION SELECT chapter_id, device_id FROM device_cursors) "
               "SELECT ids.chapter_id, ids.device_id, t.name, COALESCE (d.last_mid, 0), "
               "       COALESCE (c.cursor, -1), COALESCE (c.seen_at, 0) "
               "FROM ids "
               "LEFT JOIN devices d "
               "  ON d.chapter_id = ids.chapter_id AND d.device_id = ids.device_id "
               "LEFT JOIN tokens t ON t.id = d.token_id "
               "LEFT JOIN device_cursors c "
               "  ON c.chapter_id = ids.chapter_id AND c.device_id = ids.device_id "
               "WHERE ?1 IS NULL OR ids.chapter_id = ?1 "
               "ORDER BY ids.chapter_id, 6 DESC, ids.device_id", error);
  if (s == NULL)
    return NULL;
  ch_server_sql_bind_text (s, 1, chapter_id);

  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    {
      ChServerStoreSqliteAdminDevice *device = g_new0 (ChServerStoreSqliteAdminDevice, 1);

      device->chapter_id = ch_server_sql_column_dup (s, 0);
      device->device_id = ch_server_sql_column_dup (s, 1);
      device->token_name = ch_server_sql_column_dup (s, 2);
      device->last_mid = sqlite3_column_int64 (s, 3);
      device->cursor = sqlite3_column_int64 (s, 4);
      device->seen_at = sqlite3_column_int64 (s, 5);
      g_ptr_array_add (devices, device);
    }
  sqlite3_finalize (s);
  if (rc != SQLITE_DONE)
    {
      ch_server_sql_db_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&devices);
}

gboolean
ch_server_store_sqlite_admin_forget_device (ChServerStore  *store,
                                            const char     *chapter_id,
                                            const char     *device_id,
                                            GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  static const char *const tables[] = {
    "DELETE FROM results WHERE chapter_id = ?1 AND device_id = ?2",
    "DELETE FROM devices WHERE chapter_id = ?1 AND device_id = ?2",
    "DELETE FROM device_cursors WHERE chapter_id = ?1 AND device_id = ?2",
  };
  g_autoptr(GError) local_error = NULL;
  gint64 found = 0;

  if (!ch_server_sql_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      sqlite3_stmt *s = prepare (self, tables[i], &local_error);
      gint64 n;

      if (s == NULL)
        return ch_server_sql_rollback (self, error, g_steal_pointer (&local_error));
      ch_server_sql_bind_text (s, 1, chapter_id);
      ch_server_sql_bind_text (s, 2, device_id);
      if ((n = run (self, s, &local_error)) < 0)
        return ch_server_sql_rollback (self, error, g_steal_pointer (&local_error));
      if (i > 0)
        found += n;
    }

  if (found == 0)
    {
      g_set_error (&local_error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_NOT_FOUND,
                   _("The server knows no device “%s” in chapter %s (see “devices list”)"),
                   device_id, chapter_id);
      return ch_server_sql_rollback (self, error, g_steal_pointer (&local_error));
    }

  return ch_server_sql_exec (self, "COMMIT", error);
}

gint64
ch_server_store_sqlite_admin_rotate_token (ChServerStore  *store,
                                           gint64          id,
                                           const char     *new_hash,
                                           GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = ch_server_sql_now_iso ();
  sqlite3_stmt *s;
  gint64 new_id;

  if (!ch_server_sql_exec (self, "BEGIN IMMEDIATE", error))
    return 0;

  /* A revoked token stays revoked: rotating it would bring it back. */
  if (!(s = prepare (self, "UPDATE tokens SET revoked_at = ?2 "
                           "WHERE id = ?1 AND revoked_at IS NULL", &local_error)))
    goto fail;
  sqlite3_bind_int64 (s, 1, id);
  ch_server_sql_bind_text (s, 2, now);
  switch (run (self, s, &local_error))
    {
    case -1:
      goto fail;
    case 0:
      g_set_error (&local_error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_NOT_FOUND,
                   _("There is no valid token %" PRId64 " (see “token list”; a revoked token "
                     "cannot be rotated, create a new one)"), id);
      goto fail;
    default:
      break;
    }

  if (!(s = prepare (self, "INSERT INTO tokens (name, hash, chapter_id, admin, created_at) "
                           "SELECT name, ?2, chapter_id, admin, ?3 FROM tokens WHERE id = ?1",
                     &local_error)))
    goto fail;
  sqlite3_bind_int64 (s, 1, id);
  ch_server_sql_bind_text (s, 2, new_hash);
  ch_server_sql_bind_text (s, 3, now);
  if (run (self, s, &local_error) != 1)
    goto fail;
  new_id = sqlite3_last_insert_rowid (self->db);

  /* The devices of the old token go on working with the new one. */
  if (!(s = prepare (self, "UPDATE devices SET token_id = ?2 WHERE token_id = ?1",
                     &local_error)))
    goto fail;
  sqlite3_bind_int64 (s, 1, id);
  sqlite3_bind_int64 (s, 2, new_id);
  if (run (self, s, &local_error) < 0 ||
      !ch_server_sql_exec (self, "COMMIT", &local_error))
    goto fail;

  return new_id;

fail:
  if (local_error == NULL)
    ch_server_sql_db_error (self, &local_error);
  ch_server_sql_rollback (self, error, g_steal_pointer (&local_error));
  return 0;
}

gboolean
ch_server_store_sqlite_admin_remove_chapter (ChServerStore  *store,
                                             const char     *chapter_id,
                                             GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  static const char *const tables[] = {
    "DELETE FROM records WHERE chapter_id = ?1",
    "DELETE FROM field_authors WHERE chapter_id = ?1",
    "DELETE FROM results WHERE chapter_id = ?1",
    "DELETE FROM devices WHERE chapter_id = ?1",
    "DELETE FROM device_cursors WHERE chapter_id = ?1",
    "DELETE FROM tokens WHERE chapter_id = ?1",
    "DELETE FROM chapters WHERE id = ?1",
  };
  g_autoptr(GError) local_error = NULL;
  gint64 n = 0;

  if (!ch_server_sql_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      sqlite3_stmt *s = prepare (self, tables[i], &local_error);

      if (s == NULL)
        return ch_server_sql_rollback (self, error, g_steal_pointer (&local_error));
      ch_server_sql_bind_text (s, 1, chapter_id);
      if ((n = run (self, s, &local_error)) < 0)
        return ch_server_sql_rollback (self, error, g_steal_pointer (&local_error));
    }

  /* The last statement removed the chapter itself. */
  if (n == 0)
    {
      ch_server_sql_no_chapter_error (&local_error, chapter_id);
      return ch_server_sql_rollback (self, error, g_steal_pointer (&local_error));
    }

  return ch_server_sql_exec (self, "COMMIT", error);
}

gboolean
ch_server_store_sqlite_admin_count_devices (ChServerStore  *store,
                                            gint64          since,
                                            gint64         *total,
                                            gint64         *active,
                                            GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;
  int rc;

  s = prepare (self,
               "SELECT (SELECT count(*) FROM (SELECT chapter_id, device_id FROM devices "
               "                              UNION SELECT chapter_id, device_id "
               "                              FROM device_cursors)), "
               "       (SELECT count(*) FROM device_cursors WHERE seen_at >= ?1)", error);
  if (s == NULL)
    return FALSE;
  sqlite3_bind_int64 (s, 1, since);
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    {
      *total = sqlite3_column_int64 (s, 0);
      *active = sqlite3_column_int64 (s, 1);
    }
  sqlite3_finalize (s);
  if (rc != SQLITE_ROW)
    return ch_server_sql_db_error (self, error);
  return TRUE;
}
