/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-import"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-import-batch.h"
#include "ch-store-private.h"
#include "ch-clock.h"

G_DEFINE_QUARK (ch-import-batch-error-quark, ch_import_batch_error)

#define END ch_store_sql_end

char *
ch_import_batch_latest (ChStore    *store,
                        const char *chapter_id)
{
  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  return ch_store_query_text (store,
                              "SELECT id FROM import_batch WHERE chapter_id = ? "
                              "AND undone_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 1",
                              chapter_id, END);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonNode) node = text ? json_from_string (text, NULL) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

/* The fields of @after that still have the value the import gave them,
 * set back to their values in @before. */
static JsonObject *
revert_of (JsonObject *current,
           JsonObject *before,
           JsonObject *after)
{
  JsonObject *revert = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, after);
  while (json_object_iter_next (&iter, &name, &node))
    {
      JsonNode *now = json_object_get_member (current, name);
      JsonNode *old = json_object_get_member (before, name);

      if (now == NULL || old == NULL || !json_node_equal (now, node))
        continue;
      json_object_set_member (revert, name, json_node_copy (old));
    }

  return revert;
}

static gboolean
undo_row (ChStore     *store,
          const char  *entity,
          const char  *row_id,
          const char  *action,
          const char  *before_text,
          const char  *after_text,
          GError     **error)
{
  g_autoptr(JsonObject) current = ch_store_get_live_row (store, entity, row_id);
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) revert = NULL;

  /* Removed since by someone: nothing left to undo. */
  if (current == NULL)
    return TRUE;

  if (strcmp (action, "update") != 0)
    return ch_store_delete (store, entity, row_id, error);

  before = parse_object (before_text);
  after = parse_object (after_text);
  if (before == NULL || after == NULL)
    return TRUE;
  revert = revert_of (current, before, after);
  if (json_object_get_size (revert) == 0)
    return TRUE;

  return ch_store_update_member (store, row_id, revert, error);
}

gboolean
ch_import_batch_undo (ChStore     *store,
                      const char  *batch_id,
                      GError     **error)
{
  sqlite3 *db;
  sqlite3_stmt *st = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *now = ch_clock_now_utc_iso ();
  gint64 exists;
  int rc;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);
  g_return_val_if_fail (batch_id != NULL, FALSE);

  exists = ch_store_query_int (store, 0, "SELECT count(*) FROM import_batch WHERE id = ?",
                               batch_id, END);
  if (exists == 0)
    {
      g_set_error (error, CH_IMPORT_BATCH_ERROR, CH_IMPORT_BATCH_ERROR_NOT_FOUND,
                   _("There is no import “%s” to undo."), batch_id);
      return FALSE;
    }
  undone = ch_store_query_text (store, "SELECT undone_at FROM import_batch WHERE id = ?",
                                batch_id, END);
  if (undone != NULL)
    {
      g_set_error (error, CH_IMPORT_BATCH_ERROR, CH_IMPORT_BATCH_ERROR_UNDONE,
                   _("This import was undone already."));
      return FALSE;
    }

  if (!ch_store_begin (store, error))
    return FALSE;
  ch_store_defer_search (store);

  db = ch_store_get_db (store);
  if (sqlite3_prepare_v2 (db,
                          "SELECT entity, row_id, action, before, after FROM import_batch_row "
                          "WHERE batch_id = ? ORDER BY seq DESC", -1, &st, NULL) != SQLITE_OK)
    goto sql_fail;
  sqlite3_bind_text (st, 1, batch_id, -1, SQLITE_STATIC);

  /* Newest first: a member's specialties and period go before it does. */
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    if (!undo_row (store,
                   (const char *) sqlite3_column_text (st, 0),
                   (const char *) sqlite3_column_text (st, 1),
                   (const char *) sqlite3_column_text (st, 2),
                   (const char *) sqlite3_column_text (st, 3),
                   (const char *) sqlite3_column_text (st, 4), error))
      {
        sqlite3_finalize (st);
        ch_store_rollback (store);
        return FALSE;
      }
  sqlite3_finalize (g_steal_pointer (&st));
  if (rc != SQLITE_DONE)
    goto sql_fail;

  if (sqlite3_prepare_v2 (db, "UPDATE import_batch SET undone_at = ? WHERE id = ?",
                          -1, &st, NULL) != SQLITE_OK)
    goto sql_fail;
  sqlite3_bind_text (st, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 2, batch_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (st);
  sqlite3_finalize (g_steal_pointer (&st));
  if (rc != SQLITE_DONE)
    goto sql_fail;

  return ch_store_commit (store, error);

sql_fail:
  g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
               _("Could not undo the import: %s"), sqlite3_errmsg (db));
  sqlite3_finalize (st);
  ch_store_rollback (store);
  return FALSE;
}
