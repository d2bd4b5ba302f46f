/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-store"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#include "ch-server-store-sqlite-private.h"

/* Chapters and their change feed: the records, read in order of version
 * and written in batches. */

static const char *
sqlite_get_epoch (ChServerStore *store)
{
  return CH_SERVER_STORE_SQLITE (store)->epoch;
}

static ChServerChapter *
chapter_from_row (sqlite3_stmt *s)
{
  ChServerChapter *c = g_new0 (ChServerChapter, 1);

  c->id = ch_server_sql_column_dup (s, 0);
  c->name = ch_server_sql_column_dup (s, 1);
  c->version = sqlite3_column_int64 (s, 2);
  c->floor = sqlite3_column_int64 (s, 3);
  c->created_at = ch_server_sql_column_dup (s, 4);

  return c;
}

static gboolean
sqlite_add_chapter (ChServerStore  *store,
                    const char     *id,
                    const char     *fields,
                    GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  g_autofree char *now = ch_server_sql_now_iso ();
  g_autoptr(GError) local_error = NULL;
  ChServerRecord record = { (char *) "chapter", (char *) id, 1, FALSE, (char *) fields };
  sqlite3_stmt *s;
  int rc;

  if (!ch_server_sql_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!(s = ch_server_sql_stmt (self, STMT_INSERT_CHAPTER, &local_error)))
    goto fail;
  ch_server_sql_bind_text (s, 1, id);
  ch_server_sql_bind_text (s, 2, fields);
  ch_server_sql_bind_text (s, 3, now);
  rc = sqlite3_step (s);
  ch_server_sql_done (s);
  if (rc == SQLITE_CONSTRAINT)
    {
      g_set_error (&local_error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_EXISTS,
                   _("A chapter with id %s already exists"), id);
      goto fail;
    }
  if (rc != SQLITE_DONE)
    {
      ch_server_sql_db_error (self, &local_error);
      goto fail;
    }

  /* The chapter's own settings row starts the feed at version 1. */
  if (!ch_server_store_put_record (store, id, &record, NULL, NULL, 0, &local_error))
    goto fail;

  if (!ch_server_sql_exec (self, "COMMIT", &local_error))
    goto fail;

  return TRUE;

fail:
  return ch_server_sql_rollback (self, error, g_steal_pointer (&local_error));
}

static ChServerChapter *
sqlite_get_chapter (ChServerStore  *store,
                    const char     *id,
                    GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  g_autoptr(GError) local_error = NULL;
  ChServerChapter *chapter;
  sqlite3_stmt *s;

  if (!(s = ch_server_sql_stmt (self, STMT_GET_CHAPTER, error)))
    return NULL;

  ch_server_sql_bind_text (s, 1, id);
  chapter = ch_server_sql_step_one_row (self, s, (ChServerSqlRowFunc) chapter_from_row,
                                        &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (chapter == NULL)
    ch_server_sql_no_chapter_error (error, id);

  return chapter;
}

static GPtrArray *
sqlite_list_chapters (ChServerStore  *store,
                      GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  if (!(s = ch_server_sql_stmt (self, STMT_LIST_CHAPTERS, error)))
    return NULL;

  return ch_server_sql_step_all_rows (self, s, (ChServerSqlRowFunc) chapter_from_row,
                                      (GDestroyNotify) ch_server_chapter_free, error);
}

static gboolean
sqlite_compact (ChServerStore  *store,
                const char     *chapter_id,
                gint64          seen_since,
                gint64         *removed,
                gint64         *floor,
                GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *s;
  gint64 n_removed;
  gint64 horizon = 0;
  gint64 new_floor = 0;

  if (!ch_server_sql_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Only tombstones every recent device has pulled go: a device that is
   * behind still learns of each deletion. */
  if (!(s = ch_server_sql_stmt (self, STMT_COMPACT_HORIZON, &local_error)))
    goto fail;
  ch_server_sql_bind_text (s, 1, chapter_id);
  sqlite3_bind_int64 (s, 2, seen_since);
  if (!ch_server_sql_step_chapter_int64 (self, s, chapter_id, &horizon, &local_error))
    goto fail;

  if (!(s = ch_server_sql_stmt (self, STMT_COMPACT_FLOOR, &local_error)))
    goto fail;
  ch_server_sql_bind_text (s, 1, chapter_id);
  sqlite3_bind_int64 (s, 2, horizon);
  if (!ch_server_sql_step_chapter_int64 (self, s, chapter_id, &new_floor, &local_error))
    goto fail;

  if (!(s = ch_server_sql_stmt (self, STMT_COMPACT_RECORDS, &local_error)))
    goto fail;
  ch_server_sql_bind_text (s, 1, chapter_id);
  sqlite3_bind_int64 (s, 2, new_floor);
  if (!ch_server_sql_step_done (self, s, &local_error))
    goto fail;
  n_removed = sqlite3_changes64 (self->db);

  if (!(s = ch_server_sql_stmt (self, STMT_COMPACT_RESULTS, &local_error)))
    goto fail;
  ch_server_sql_bind_text (s, 1, chapter_id);
  sqlite3_bind_int64 (s, 2, CH_SERVER_STORE_KEEP_RESULT_MIDS);
  if (!ch_server_sql_step_done (self, s, &local_error))
    goto fail;

  if (!ch_server_sql_exec (self, "COMMIT", &local_error))
    goto fail;

  if (removed != NULL)
    *removed = n_removed;
  if (floor != NULL)
    *floor = new_floor;

  return TRUE;

fail:
  return ch_server_sql_rollback (self, error, g_steal_pointer (&local_error));
}

static gboolean
stored_row_is_sound (const char *entity,
                     const char *id,
                     const char *fields,
                     gsize       len)
{
  if (entity == NULL || id == NULL || fields == NULL || len < 2)
    return FALSE;
  if (!g_utf8_validate (entity, -1, NULL) || !g_utf8_validate (id, -1, NULL) ||
      !g_utf8_validate_len (fields, len, NULL))
    return FALSE;
  return fields[0] == '{' && fields[len - 1] == '}';
}

static gboolean
sqlite_read_changes (ChServerStore      *store,
                     const char         *chapter_id,
                     gint64              since,
                     guint               limit,
                     gboolean            with_tombstones,
                     const char         *held_device,
                     gint64              held_mid,
                     ChServerRecordFunc  func,
                     gpointer            user_data,
                     GError            **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;
  int rc;

  if (!(s = ch_server_sql_stmt (self, with_tombstones ? STMT_CHANGES : STMT_CHANGES_LIVE, error)))
    return FALSE;

  ch_server_sql_bind_text (s, 1, chapter_id);
  sqlite3_bind_int64 (s, 2, since);
  sqlite3_bind_int64 (s, 3, limit);

  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    {
      const char *entity = (const char *) sqlite3_column_text (s, 0);
      const char *id = (const char *) sqlite3_column_text (s, 1);
      const char *fields = (const char *) sqlite3_column_text (s, 4);
      gsize len = (gsize) sqlite3_column_bytes (s, 4);
      gint64 version = sqlite3_column_int64 (s, 2);

      /* The device's own exact write, still the row's latest, whose
       * answer it has stored: it holds this version already. */
      if (held_device != NULL && sqlite3_column_type (s, 5) == SQLITE_TEXT &&
          sqlite3_column_int64 (s, 6) == version && sqlite3_column_int64 (s, 7) <= held_mid &&
          strcmp ((const char *) sqlite3_column_text (s, 5), held_device) == 0)
        {
          func (entity, id, version, sqlite3_column_int (s, 3) != 0, NULL, 0, user_data);
          continue;
        }

      /* A damaged row must not reach devices: their whole pull would
       * fail on it. The fields were stored as a JSON object. */
      if (!stored_row_is_sound (entity, id, fields, len))
        {
          sqlite3_reset (s);
          g_set_error (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_DAMAGED,
                       _("A stored row of chapter %s (version %" PRId64 ") is "
                         "damaged; run “chapterhouse-server check” and restore a backup"),
                       chapter_id, (gint64) sqlite3_column_int64 (s, 2));
          return FALSE;
        }

      func (entity, id,
            version,
            sqlite3_column_int (s, 3) != 0,
            fields, len,
            user_data);
    }

  return ch_server_sql_step_finish (self, s, rc, error);
}

static gboolean
sqlite_count_changes (ChServerStore  *store,
                      const char     *chapter_id,
                      gint64          since,
                      gboolean        with_tombstones,
                      const char     *held_device,
                      gint64          held_mid,
                      gint64         *count,
                      GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  if (!(s = ch_server_sql_stmt (self, held_device ? STMT_COUNT_CHANGES_HELD
                                      : with_tombstones ? STMT_COUNT_CHANGES
                                                        : STMT_COUNT_CHANGES_LIVE, error)))
    return FALSE;

  ch_server_sql_bind_text (s, 1, chapter_id);
  sqlite3_bind_int64 (s, 2, since);
  if (held_device != NULL)
    {
      ch_server_sql_bind_text (s, 3, held_device);
      sqlite3_bind_int64 (s, 4, held_mid);
    }

  return ch_server_sql_step_chapter_int64 (self, s, chapter_id, count, error);
}

static void sqlite_end_read (ChServerStore *store);

static gboolean
sqlite_begin_read (ChServerStore  *store,
                   GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  g_return_val_if_fail (!self->in_batch && !self->in_read, FALSE);

  if (!(s = ch_server_sql_stmt (self, STMT_BEGIN_READ, error)) ||
      !ch_server_sql_step_done (self, s, error))
    return FALSE;

  self->in_read = TRUE;

  if (!ch_server_store_sqlite_refresh_epoch (self, error))
    {
      sqlite_end_read (store);
      return FALSE;
    }

  return TRUE;
}

static void
sqlite_end_read (ChServerStore *store)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  if (!self->in_read)
    return;

  self->in_read = FALSE;
  if (!(s = ch_server_sql_stmt (self, STMT_END_READ, NULL)) ||
      !ch_server_sql_step_done (self, s, NULL))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
sqlite_begin_batch (ChServerStore  *store,
                    const char     *chapter_id,
                    gint64         *version,
                    GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  g_return_val_if_fail (!self->in_batch && !self->in_read, FALSE);

  /* IMMEDIATE takes the write lock now, so the version read below cannot
   * change under us (an admin command may run in another process). */
  if (!ch_server_sql_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  self->in_batch = TRUE;

  if (!ch_server_store_sqlite_refresh_epoch (self, error))
    goto fail;

  if (!(s = ch_server_sql_stmt (self, STMT_CHAPTER_VERSION, error)))
    goto fail;
  ch_server_sql_bind_text (s, 1, chapter_id);
  if (!ch_server_sql_step_chapter_int64 (self, s, chapter_id, version, error))
    goto fail;

  return TRUE;

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  self->in_batch = FALSE;
  return FALSE;
}

static gboolean
sqlite_end_batch (ChServerStore  *store,
                  const char     *chapter_id,
                  gint64          version,
                  gboolean        commit,
                  GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  g_return_val_if_fail (self->in_batch, FALSE);

  self->in_batch = FALSE;

  if (!commit)
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return TRUE;
    }

  if (!(s = ch_server_sql_stmt (self, STMT_SET_CHAPTER_VERSION, error)))
    goto fail;
  ch_server_sql_bind_text (s, 1, chapter_id);
  sqlite3_bind_int64 (s, 2, version);
  if (!ch_server_sql_step_done (self, s, error))
    goto fail;

  if (!ch_server_sql_exec (self, "COMMIT", error))
    goto fail;

  ch_server_store_sqlite_note_high_water (self, chapter_id, version);

  return TRUE;

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
sqlite_get_record (ChServerStore   *store,
                   const char      *chapter_id,
                   const char      *entity,
                   const char      *id,
                   ChServerRecord **record,
                   GError         **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;
  int rc;

  *record = NULL;
  if (!(s = ch_server_sql_stmt (self, STMT_GET_RECORD, error)))
    return FALSE;

  ch_server_sql_bind_text (s, 1, chapter_id);
  ch_server_sql_bind_text (s, 2, entity);
  ch_server_sql_bind_text (s, 3, id);
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    {
      ChServerRecord *r = g_new0 (ChServerRecord, 1);

      r->entity = g_strdup (entity);
      r->id = g_strdup (id);
      r->version = sqlite3_column_int64 (s, 0);
      r->deleted = sqlite3_column_int (s, 1) != 0;
      r->fields = ch_server_sql_column_dup (s, 2);
      r->rowid = sqlite3_column_int64 (s, 3);
      *record = r;
    }

  return ch_server_sql_step_finish (self, s, rc, error);
}

/* Parameters 1-9 of STMT_PUT_RECORD and STMT_UPDATE_RECORD: the row. */
static void
bind_record (sqlite3_stmt         *s,
             const char           *chapter_id,
             const ChServerRecord *record,
             const char           *email_key,
             const char           *held_device,
             gint64                held_mid)
{
  ch_server_sql_bind_text (s, 1, chapter_id);
  ch_server_sql_bind_text (s, 2, record->entity);
  ch_server_sql_bind_text (s, 3, record->id);
  sqlite3_bind_int64 (s, 4, record->version);
  sqlite3_bind_int (s, 5, record->deleted ? 1 : 0);
  ch_server_sql_bind_text (s, 6, record->fields ? record->fields : "{}");
  ch_server_sql_bind_text (s, 7, email_key);
  ch_server_sql_bind_text (s, 8, held_device);
  sqlite3_bind_int64 (s, 9, held_mid);
}

static gboolean
sqlite_put_record (ChServerStore         *store,
                   const char            *chapter_id,
                   const ChServerRecord  *record,
                   const char            *email_key,
                   const char            *held_device,
                   gint64                 held_mid,
                   GError               **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  /* A row read in this batch, its e-mail key unchanged: the plain update. */
  if (record->rowid > 0)
    {
      if (!(s = ch_server_sql_stmt (self, STMT_UPDATE_RECORD, error)))
        return FALSE;
      bind_record (s, chapter_id, record, email_key, held_device, held_mid);
      sqlite3_bind_int64 (s, 10, record->rowid);
      if (!ch_server_sql_step_done (self, s, error))
        return FALSE;
      if (sqlite3_changes (self->db) == 1)
        return TRUE;
    }

  if (!(s = ch_server_sql_stmt (self, STMT_PUT_RECORD, error)))
    return FALSE;
  bind_record (s, chapter_id, record, email_key, held_device, held_mid);

  return ch_server_sql_step_done (self, s, error);
}

static gboolean
sqlite_find_email (ChServerStore  *store,
                   const char     *chapter_id,
                   const char     *email_key,
                   const char     *except_id,
                   char          **member_id,
                   GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;
  int rc;

  *member_id = NULL;
  if (!(s = ch_server_sql_stmt (self, STMT_FIND_EMAIL, error)))
    return FALSE;

  ch_server_sql_bind_text (s, 1, chapter_id);
  ch_server_sql_bind_text (s, 2, email_key);
  ch_server_sql_bind_text (s, 3, except_id ? except_id : "");
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    *member_id = ch_server_sql_column_dup (s, 0);

  return ch_server_sql_step_finish (self, s, rc, error);
}

static gboolean
sqlite_count_by_key (ChServerStore  *store,
                     const char     *chapter_id,
                     const char     *entity,
                     const char     *key,
                     const char     *except_id,
                     gint64         *count,
                     GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;
  int rc;

  *count = 0;
  if (!(s = ch_server_sql_stmt (self, STMT_COUNT_BY_KEY, error)))
    return FALSE;

  ch_server_sql_bind_text (s, 1, chapter_id);
  ch_server_sql_bind_text (s, 2, key);
  ch_server_sql_bind_text (s, 3, entity);
  ch_server_sql_bind_text (s, 4, except_id ? except_id : "");
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    *count = sqlite3_column_int64 (s, 0);

  return ch_server_sql_step_finish (self, s, rc, error);
}

static gboolean
sqlite_find_refs (ChServerStore  *store,
                  const char     *chapter_id,
                  const char     *entity,
                  const char     *field,
                  const char     *value,
                  GPtrArray     **ids,
                  GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  g_autofree char *path = g_strconcat ("$.", field, NULL);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *s;
  int rc;

  /* records_member_live leaves members out (they have no member_id). */
  if (!(s = ch_server_sql_stmt (self,
                                g_str_equal (field, "member_id") && !g_str_equal (entity, "member")
                                ? STMT_FIND_MEMBER_REFS : STMT_FIND_REFS,
                                error)))
    return FALSE;

  ch_server_sql_bind_text (s, 1, chapter_id);
  ch_server_sql_bind_text (s, 2, entity);
  ch_server_sql_bind_text (s, 3, path);
  ch_server_sql_bind_text (s, 4, value);
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    g_ptr_array_add (out, ch_server_sql_column_dup (s, 0));

  if (!ch_server_sql_step_finish (self, s, rc, error))
    return FALSE;

  *ids = g_steal_pointer (&out);
  return TRUE;
}

void
ch_server_store_sqlite_feed_iface_init (ChServerStoreInterface *iface)
{
  iface->find_refs = sqlite_find_refs;
  iface->get_epoch = sqlite_get_epoch;
  iface->add_chapter = sqlite_add_chapter;
  iface->get_chapter = sqlite_get_chapter;
  iface->list_chapters = sqlite_list_chapters;
  iface->compact = sqlite_compact;
  iface->read_changes = sqlite_read_changes;
  iface->count_changes = sqlite_count_changes;
  iface->begin_read = sqlite_begin_read;
  iface->end_read = sqlite_end_read;
  iface->begin_batch = sqlite_begin_batch;
  iface->end_batch = sqlite_end_batch;
  iface->get_record = sqlite_get_record;
  iface->put_record = sqlite_put_record;
  iface->find_email = sqlite_find_email;
  iface->count_by_key = sqlite_count_by_key;
}
