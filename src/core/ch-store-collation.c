/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ch-collate.h"
#include "ch-store-private.h"

/* The member list's name order (issue 15).  member.name_key holds ICU's
 * collation key of "family given" as a BLOB, so SQLite's byte order is the
 * user's collation: Swedish Å Ä Ö after Z, German Ä with A.  The meta row
 * "name_key_collation" says which collation (locale and ICU's collation
 * version) the keys were made in; when the store is opened under another
 * one, every key is made again in one IMMEDIATE transaction. */

#define COLLATION_META "name_key_collation"

const char *
ch_store_get_collation (ChStore *self)
{
  g_return_val_if_fail (CH_IS_STORE (self), NULL);

  return self->collation != NULL ? self->collation : "";
}

void
ch_store_bind_name_key_text (ChStore      *self,
                             sqlite3_stmt *st,
                             int           col,
                             const char   *family_name,
                             const char   *given_name)
{
  gsize len;
  guint8 *key = ch_collate_name_key (ch_store_get_collation (self), family_name, given_name,
                                     &len);

  sqlite3_bind_blob (st, col, key, (int) len, g_free);
}

void
ch_store_bind_name_key (ChStore      *self,
                        sqlite3_stmt *st,
                        int           col,
                        JsonObject   *row)
{
  ch_store_bind_name_key_text (self, st, col,
                               json_object_get_string_member_with_default (row, "family_name",
                                                                           ""),
                               json_object_get_string_member_with_default (row, "given_name",
                                                                           ""));
}

typedef struct
{
  gint64  rowid;
  guint8 *key;
  gsize   len;
} NameKey;

static void
name_key_clear (gpointer data)
{
  g_free (((NameKey *) data)->key);
}

/* Makes every member's key again in @locale; inside a transaction. */
static gboolean
rebuild (ChStore     *self,
         const char  *locale,
         GError     **error)
{
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (NameKey));
  g_autoptr(GPtrArray) drops = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) creates = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *st;
  int rc;

  g_array_set_clear_func (keys, name_key_clear);

  /* Read first, then write: the scan does not run over rows it changed.
   * Erased members have no key. */
  if (!(st = ch_store_stmt (self,
                            "SELECT rowid, family_name, given_name FROM member "
                            "WHERE name_key IS NOT NULL", error)))
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      NameKey k = { sqlite3_column_int64 (st, 0), NULL, 0 };

      k.key = ch_collate_name_key (locale, (const char *) sqlite3_column_text (st, 1),
                                   (const char *) sqlite3_column_text (st, 2), &k.len);
      g_array_append_val (keys, k);
    }
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    /* Translators: %s is the database's own message */
    return ch_store_set_sql_error (error, self->db, _("Could not sort the members by name: %s"));

  /* The indexes on name_key are made again once, sorted, rather than
   * kept up to date a row at a time (every key moves). */
  if (!(st = ch_store_stmt (self,
                            "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                            "AND tbl_name = 'member' AND sql LIKE '%name_key%'", error)))
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      g_ptr_array_add (drops, g_strdup_printf ("DROP INDEX \"%s\"",
                                               (const char *) sqlite3_column_text (st, 0)));
      g_ptr_array_add (creates, g_strdup ((const char *) sqlite3_column_text (st, 1)));
    }
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    return ch_store_set_sql_error (error, self->db, _("Could not sort the members by name: %s"));
  for (guint i = 0; i < drops->len; i++)
    if (!ch_store_exec (self, drops->pdata[i], error))
      return FALSE;

  if (!(st = ch_store_stmt (self, "UPDATE member SET name_key = ?1 WHERE rowid = ?2", error)))
    return FALSE;
  for (guint i = 0; i < keys->len; i++)
    {
      NameKey *k = &g_array_index (keys, NameKey, i);

      sqlite3_bind_blob (st, 1, k->key, (int) k->len, SQLITE_STATIC);
      sqlite3_bind_int64 (st, 2, k->rowid);
      if (!ch_store_step_done (self, st, _("Could not sort the members by name: %s"), error))
        return FALSE;
    }

  for (guint i = 0; i < creates->len; i++)
    if (!ch_store_exec (self, creates->pdata[i], error))
      return FALSE;

  return TRUE;
}

gboolean
ch_store_set_collation (ChStore     *self,
                        const char  *locale,
                        GError     **error)
{
  g_autofree char *wanted = NULL;
  g_autofree char *stored = NULL;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  if (locale == NULL)
    locale = "";

  /* The usual case: the keys are already in this collation. */
  wanted = ch_collate_describe (locale);
  stored = ch_store_get_meta (self, COLLATION_META);
  if (g_strcmp0 (stored, wanted) == 0)
    {
      g_free (self->collation);
      self->collation = g_strdup (locale);
      return TRUE;
    }

  if (!ch_store_begin (self, error))
    return FALSE;

  /* Another program may have made them while this one waited for the lock. */
  g_clear_pointer (&stored, g_free);
  stored = ch_store_get_meta (self, COLLATION_META);
  if (g_strcmp0 (stored, wanted) != 0 &&
      (!rebuild (self, locale, error) || !ch_store_set_meta (self, COLLATION_META, wanted, error)))
    {
      ch_store_rollback (self);
      /* New keys go on in the order the file has. */
      g_free (self->collation);
      self->collation = stored != NULL ? g_strndup (stored, strcspn (stored, " ")) : NULL;
      if (g_strcmp0 (self->collation, "root") == 0)
        g_clear_pointer (&self->collation, g_free);
      return FALSE;
    }

  /* Lists shown in the old order read again. */
  self->batch_changed = TRUE;
  if (!ch_store_commit (self, error))
    return FALSE;

  g_free (self->collation);
  self->collation = g_strdup (locale);
  return TRUE;
}
