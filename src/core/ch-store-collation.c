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
 * one, every key is made again in one IMMEDIATE transaction.
 *
 * That takes seconds for a large chapter, so the window opens the store with
 * CH_STORE_OPEN_COLLATION_LATER: the list keeps the file's order, and
 * ch_store_update_collation_async() makes the keys again on a connection of
 * its own, in a worker thread.  Whatever the store wants, it writes new keys
 * in the collation the file says (looked at as each write transaction
 * begins), so two programs under different locales never mix keys. */

#define COLLATION_META "name_key_collation"

/* The locale a value of COLLATION_META was made in ("sv_SE 153.120.42" →
 * "sv_SE"), NULL for ICU's root order. */
static char *
locale_of_description (const char *described)
{
  char *locale;

  if (described == NULL)
    return NULL;
  locale = g_strndup (described, strcspn (described, " "));
  if (g_strcmp0 (locale, "root") == 0)
    g_clear_pointer (&locale, g_free);
  return locale;
}

static void
take_collation (ChStore    *self,
                char       *locale,
                char       *described)
{
  g_free (self->collation);
  self->collation = locale;
  g_free (self->collation_described);
  self->collation_described = described;
}

/* @locale as the store keeps it: NULL for ICU's root order (""). */
static char *
locale_or_root (const char *locale)
{
  return *locale != '\0' ? g_strdup (locale) : NULL;
}

/* The keys are in the collation the store waited for: nothing is pending. */
static void
drop_pending_if_met (ChStore *self)
{
  if (self->pending_collation != NULL &&
      g_strcmp0 (self->collation_described, self->pending_described) == 0)
    {
      g_clear_pointer (&self->pending_collation, g_free);
      g_clear_pointer (&self->pending_described, g_free);
    }
}

gboolean
ch_store_follow_file_collation (ChStore  *self,
                                GError  **error)
{
  sqlite3_stmt *st;
  gboolean same;
  int rc;

  /* A file not made yet (no meta table before the first migration) has no
   * keys to follow. */
  if (!(st = ch_store_stmt (self, "SELECT value FROM meta WHERE key = '" COLLATION_META "'",
                            NULL)))
    return TRUE;
  rc = sqlite3_step (st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      sqlite3_reset (st);
      /* Translators: %s is the database's own message */
      return ch_store_set_sql_error (error, self->db, _("Could not sort the members by name: %s"));
    }
  /* No record (a file of before level 20, or a new one): nothing to follow. */
  same = rc == SQLITE_DONE ||
         g_strcmp0 ((const char *) sqlite3_column_text (st, 0), self->collation_described) == 0;
  if (!same)
    {
      const char *described = (const char *) sqlite3_column_text (st, 0);

      take_collation (self, locale_of_description (described), g_strdup (described));
    }
  sqlite3_reset (st);

  /* Another connection may have made the keys the store waited for. */
  drop_pending_if_met (self);
  /* Lists shown in the other order read again (ch-store.c says so when the
   * transaction ends). */
  if (!same)
    self->collation_moved = TRUE;

  return TRUE;
}

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
    if (!ch_store_exec_one (self, drops->pdata[i], error))
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
    if (!ch_store_exec_one (self, creates->pdata[i], error))
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
      take_collation (self, locale_or_root (locale), g_steal_pointer (&wanted));
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
      take_collation (self, locale_of_description (stored), g_strdup (stored));
      return FALSE;
    }

  /* Lists shown in the old order read again. */
  self->batch_changed = TRUE;
  if (!ch_store_commit (self, error))
    return FALSE;

  take_collation (self, locale_or_root (locale), g_steal_pointer (&wanted));
  drop_pending_if_met (self);
  return TRUE;
}

gboolean
ch_store_defer_collation (ChStore     *self,
                          const char  *locale,
                          GError     **error)
{
  g_autofree char *wanted = NULL;
  g_autofree char *stored = NULL;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  if (locale == NULL)
    locale = "";

  wanted = ch_collate_describe (locale);
  stored = ch_store_get_meta (self, COLLATION_META);
  /* A file without the record has keys of no known collation (or none):
   * they are made now, as they were made before there was a choice. */
  if (stored == NULL)
    return ch_store_set_collation (self, locale, error);
  if (strcmp (stored, wanted) == 0)
    {
      take_collation (self, locale_or_root (locale), g_steal_pointer (&wanted));
      return TRUE;
    }

  take_collation (self, locale_of_description (stored), g_strdup (stored));
  g_free (self->pending_collation);
  self->pending_collation = g_strdup (locale);
  g_free (self->pending_described);
  self->pending_described = g_steal_pointer (&wanted);
  return TRUE;
}

gboolean
ch_store_has_pending_collation (ChStore *self)
{
  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  return self->pending_collation != NULL;
}

gboolean
ch_store_update_collation (ChStore  *self,
                           GError  **error)
{
  g_autofree char *locale = NULL;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  if (self->pending_collation == NULL)
    return TRUE;
  locale = g_strdup (self->pending_collation);
  return ch_store_set_collation (self, locale, error);
}

static void
update_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  char **job = task_data; /* path, locale */
  g_autoptr(ChStore) store = NULL;
  GError *error = NULL;

  /* A connection of its own: the window's stays free on the main thread,
   * and reads the old order meanwhile (WAL). */
  if (!(store = ch_store_open_full (job[0], CH_STORE_OPEN_COLLATION_LATER, &error)) ||
      !ch_store_set_collation (store, job[1], &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
ch_store_update_collation_async (ChStore             *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CH_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ch_store_update_collation_async);
  if (self->pending_collation == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  g_task_set_task_data (task, g_strdupv ((char *[]) { self->path, self->pending_collation, NULL }),
                        (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, update_thread);
}

gboolean
ch_store_update_collation_finish (ChStore       *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (CH_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  /* Take the new keys' collation now, not at the next write, and show the
   * lists in the new order. */
  if (self->savepoints == 0 && !ch_store_follow_file_collation (self, error))
    return FALSE;
  if (self->collation_moved && self->savepoints == 0)
    {
      self->collation_moved = FALSE;
      ch_store_emit_changed (self, NULL, NULL);
    }
  return TRUE;
}
