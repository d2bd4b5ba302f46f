/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-entity.h"
#include "ch-store-private.h"
#include "ch-store-sync.h"
#include "ch-store-sync-private.h"
#include "ch-clock.h"

#define END ch_store_sql_end

/* ----------------------------------------------------------------------- */
/* Resync: a snapshot of the server                                          */

gboolean
ch_store_resync_begin (ChStore  *self,
                       GError  **error)
{
  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  return ch_store_sync_run (self, error,
                            "CREATE TEMP TABLE IF NOT EXISTS ch_resync_seen ("
                            "  entity TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (entity, id)"
                            ") WITHOUT ROWID", END) &&
         ch_store_sync_run (self, error, "DELETE FROM temp.ch_resync_seen", END);
}

gboolean
ch_store_resync_seen (ChStore     *self,
                      const char  *entity,
                      const char  *id,
                      GError     **error)
{
  return ch_store_sync_run (self, error,
                            "INSERT OR IGNORE INTO temp.ch_resync_seen (entity, id) VALUES (?, ?)",
                            entity, id, END);
}

void
ch_store_resync_end (ChStore *self)
{
  g_return_if_fail (CH_IS_STORE (self));

  ch_store_sync_run (self, NULL, "DROP TABLE IF EXISTS temp.ch_resync_seen", END);
}

typedef struct
{
  char     *id;
  gboolean  deleted;
} Unseen;

static void
unseen_free (Unseen *u)
{
  g_free (u->id);
  g_free (u);
}

/* Rows of @info in the chapter that the device had from the server
 * (version > 0) and the snapshot did not bring. */
static GPtrArray *
list_unseen (ChStore             *self,
             const ChEntityInfo  *info,
             const char          *chapter_id,
             GError             **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) unseen_free);
  sqlite3 *db = ch_store_get_db (self);
  g_autofree char *sql = NULL;
  sqlite3_stmt *st = NULL;
  int rc;

  /* Table names come from the static descriptors, never from input. */
  sql = g_strdup_printf ("SELECT id, deleted FROM %s WHERE chapter_id = ? AND version > 0 "
                         "AND id NOT IN (SELECT id FROM temp.ch_resync_seen WHERE entity = ?) "
                         "ORDER BY version, id", info->table);
  if (sqlite3_prepare_v2 (db, sql, -1, &st, NULL) != SQLITE_OK)
    goto fail;

  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 2, info->name, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      Unseen *u = g_new0 (Unseen, 1);

      u->id = g_strdup ((const char *) sqlite3_column_text (st, 0));
      u->deleted = sqlite3_column_int (st, 1) != 0;
      g_ptr_array_add (rows, u);
    }
  if (rc != SQLITE_DONE)
    goto fail;

  sqlite3_finalize (st);
  return g_steal_pointer (&rows);

fail:
  g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
               _("Could not save the sync state: %s"), sqlite3_errmsg (db));
  sqlite3_finalize (st);
  return NULL;
}

/* Queues an insert of the row as the device has it, every field that is
 * set, and marks it as not yet on the server (version 0). */
static gboolean
resend_row (ChStore             *self,
            const ChEntityInfo  *info,
            const char          *chapter_id,
            const char          *id,
            GError             **error)
{
  g_autoptr(JsonObject) row = ch_store_get_row (self, info->name, id, error);
  g_autoptr(JsonObject) set = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *set_json = NULL;
  g_autofree char *now = ch_clock_now_utc_iso ();
  g_autofree char *sql = NULL;

  if (row == NULL)
    return FALSE;

  for (guint i = 0; i < info->n_fields; i++)
    {
      JsonNode *value = json_object_get_member (row, info->fields[i].name);

      if (value != NULL && !JSON_NODE_HOLDS_NULL (value))
        json_object_set_member (set, info->fields[i].name, json_node_copy (value));
    }
  json_node_set_object (node, set);
  set_json = json_to_string (node, FALSE);

  sql = g_strdup_printf ("UPDATE %s SET version = 0 WHERE id = ?", info->table);

  return ch_store_sync_run (self, error,
                            "INSERT INTO outbox (chapter_id, entity, row_id, op, base, \"set\", "
                            "                    created_at) "
                            "VALUES (?, ?, ?, 'insert', '{}', ?, ?)",
                            chapter_id, info->name, id, set_json, now, END) &&
         ch_store_sync_run (self, error, sql, id, END);
}

gboolean
ch_store_resync_finish (ChStore     *self,
                        const char  *chapter_id,
                        gboolean     epoch_changed,
                        guint       *resent,
                        guint       *removed,
                        GError     **error)
{
  const ChEntityInfo *const *entities;
  gint64 last_mid;
  guint n;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  *resent = *removed = 0;
  entities = ch_entity_all (&n);
  last_mid = ch_store_query_int (self, 0, "SELECT max(mid) FROM outbox", END);

  for (guint i = 0; i < n; i++)
    {
      const ChEntityInfo *info = entities[i];
      g_autoptr(GPtrArray) rows = NULL;
      g_autofree char *forget = NULL;
      g_autofree char *remove = NULL;

      if (strcmp (info->name, "chapter") == 0)
        continue;
      if (!(rows = list_unseen (self, info, chapter_id, error)))
        return FALSE;

      forget = g_strdup_printf ("UPDATE %s SET version = 0 WHERE id = ?", info->table);
      remove = g_strdup_printf ("UPDATE %s SET deleted = 1, version = 0 WHERE id = ?",
                                info->table);

      for (guint j = 0; j < rows->len; j++)
        {
          Unseen *u = g_ptr_array_index (rows, j);

          if (!epoch_changed || strcmp (info->name, "conflict") == 0)
            {
              /* Same epoch: the server deleted the row and has since
               * compacted its tombstone. Conflict rows only the server
               * writes. */
              if (!ch_store_sync_run (self, error, remove, u->id, END))
                return FALSE;
              if (!u->deleted)
                (*removed)++;
            }
          else if (u->deleted)
            {
              /* Deleted here, unknown there: nothing to send. */
              if (!ch_store_sync_run (self, error,
                                      "DELETE FROM outbox WHERE entity = ? AND row_id = ?",
                                      info->name, u->id, END) ||
                  !ch_store_sync_run (self, error, forget, u->id, END))
                return FALSE;
            }
          else
            {
              /* Acknowledged once, lost by the server (restored from a
               * backup): send it back, with what is pending folded in. */
              if (!ch_store_sync_run (self, error,
                                      "DELETE FROM outbox WHERE entity = ? AND row_id = ?",
                                      info->name, u->id, END) ||
                  !resend_row (self, info, chapter_id, u->id, error))
                return FALSE;
              (*resent)++;
            }
        }
    }

  /* Pending changes of other rows may refer to the rows sent back (a
   * payment of a lost member): they go after them, in their own order,
   * with new mids (mids only ever rise). */
  if (*resent > 0 &&
      !(ch_store_sync_run (self, error, "DROP TABLE IF EXISTS temp.ch_resync_pending", END) &&
        ch_store_sync_run (self, error,
                           "CREATE TEMP TABLE ch_resync_pending AS SELECT * FROM outbox "
                           "WHERE chapter_id = ? AND mid <= ?",
                           chapter_id, "#i", last_mid, END) &&
        ch_store_sync_run (self, error,
                           "DELETE FROM outbox "
                           "WHERE mid IN (SELECT mid FROM temp.ch_resync_pending)", END) &&
        ch_store_sync_run (self, error,
                           "INSERT INTO outbox (chapter_id, entity, row_id, op, base, \"set\", "
                           "                    created_at) "
                           "SELECT chapter_id, entity, row_id, op, base, \"set\", created_at "
                           "FROM temp.ch_resync_pending ORDER BY mid", END) &&
        ch_store_sync_run (self, error, "DROP TABLE temp.ch_resync_pending", END)))
    return FALSE;

  return TRUE;
}
