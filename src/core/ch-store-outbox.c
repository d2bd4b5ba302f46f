/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-store"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-store.h"
#include "ch-store-private.h"
#include "ch-store-sync.h"

/* ----------------------------------------------------------------------- */
/* The outbox: this device's changes waiting for the server                   */

/* A change's "base" or "set": by @reader when it can, else as before. */
static JsonObject *
outbox_object (sqlite3_stmt      *st,
               int                column,
               ChStoreJsonReader  reader)
{
  const char *text = (const char *) sqlite3_column_text (st, column);
  JsonObject *object;

  if (reader != NULL && text != NULL &&
      (object = reader (text, (gsize) sqlite3_column_bytes (st, column), NULL)) != NULL)
    return object;

  return ch_store_object_from_json (text);
}

GPtrArray *
ch_store_outbox_list (ChStore     *self,
                      const char  *chapter_id,
                      guint        max,
                      GError     **error)
{
  return ch_store_outbox_list_with (self, chapter_id, max, NULL, error);
}

GPtrArray *
ch_store_outbox_list_with (ChStore            *self,
                           const char         *chapter_id,
                           guint               max,
                           ChStoreJsonReader   reader,
                           GError            **error)
{
  return ch_store_outbox_list_after (self, chapter_id, 0, max, reader, error);
}

GPtrArray *
ch_store_outbox_list_after (ChStore            *self,
                            const char         *chapter_id,
                            gint64              after_mid,
                            guint               max,
                            ChStoreJsonReader   reader,
                            GError            **error)
{
  g_autoptr(GPtrArray) entries =
    g_ptr_array_new_with_free_func ((GDestroyNotify) ch_store_outbox_entry_free);
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (CH_IS_STORE (self), NULL);

  st = ch_store_stmt (self,
                      "SELECT mid, chapter_id, entity, row_id, op, base, \"set\" FROM outbox "
                      "WHERE (?1 IS NULL OR chapter_id = ?1) AND mid > ?3 ORDER BY mid LIMIT ?2",
                      error);
  if (st == NULL)
    return NULL;

  ch_store_bind_text (st, 1, chapter_id);
  sqlite3_bind_int64 (st, 2, max ? max : G_MAXINT);
  sqlite3_bind_int64 (st, 3, after_mid);

  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      ChStoreOutboxEntry *e = g_new0 (ChStoreOutboxEntry, 1);

      e->mid = sqlite3_column_int64 (st, 0);
      e->chapter_id = g_strdup ((const char *) sqlite3_column_text (st, 1));
      e->entity = g_strdup ((const char *) sqlite3_column_text (st, 2));
      e->row_id = g_strdup ((const char *) sqlite3_column_text (st, 3));
      e->op = g_strdup ((const char *) sqlite3_column_text (st, 4));
      e->base = outbox_object (st, 5, reader);
      e->set = outbox_object (st, 6, reader);
      g_ptr_array_add (entries, e);
    }

  sqlite3_reset (st);

  if (rc != SQLITE_DONE)
    {
      ch_store_set_sql_error (error, self->db, _("Could not read pending changes: %s"));
      return NULL;
    }

  return g_steal_pointer (&entries);
}

gboolean
ch_store_outbox_remove (ChStore     *self,
                        gint64       mid,
                        GError     **error)
{
  sqlite3_stmt *st;

  if (!(st = ch_store_stmt (self, "DELETE FROM outbox WHERE mid = ?", error)))
    return FALSE;

  sqlite3_bind_int64 (st, 1, mid);
  return ch_store_step_done (self, st, _("Could not remove a synced change: %s"), error);
}

guint
ch_store_outbox_count (ChStore    *self,
                       const char *chapter_id)
{
  return (guint) ch_store_query_int_arg (self,
                                         "SELECT count(*) FROM outbox "
                                         "WHERE (?1 IS NULL OR chapter_id = ?1)",
                                         chapter_id);
}
