/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-store"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-store-private.h"
#include "ch-store-status.h"

/* Each member row keeps its status as status_rank, computed by the one
 * status rule (ch_member_status(), ch-status-sql.c), with the day it may
 * next change as status_until (level 19).  status_until = 0 marks a row to
 * compute: new rows start so, and the level's triggers set it when a date,
 * a tier, the chapter's grace days or time zone, or whether a tier is
 * free change, whoever writes (a local edit, a pulled page, an import, its
 * undo).  Today and the grace days are those of ch_store_today_for(), the
 * same as the member list's query binds. */

/* The chapter's rows whose status is to compute, or (@all) every row. */
static const char pass_due_sql[] =
  "UPDATE member SET "
  "  status_rank = ch_member_status (?1, tier, joined_on, left_on, dues_paid_until, ?2, ?3), "
  "  status_until = ch_member_status_until (?1, tier, joined_on, left_on, dues_paid_until, "
  "                                         ?2, ?3) "
  "WHERE status_until <= ?3 AND chapter_id = ?1";

static const char pass_all_sql[] =
  "UPDATE member SET "
  "  status_rank = ch_member_status (?1, tier, joined_on, left_on, dues_paid_until, ?2, ?3), "
  "  status_until = ch_member_status_until (?1, tier, joined_on, left_on, dues_paid_until, "
  "                                         ?2, ?3) "
  "WHERE chapter_id = ?1";

static gboolean
pass (ChStore     *self,
      const char  *chapter_id,
      gboolean     all,
      gint32      *today,
      GError     **error)
{
  ChStoreToday *when = ch_store_today_for (self, chapter_id);
  sqlite3_stmt *st;

  if (!(st = ch_store_stmt (self, all ? pass_all_sql : pass_due_sql, error)))
    return FALSE;

  ch_store_bind_text (st, 1, chapter_id);
  sqlite3_bind_int (st, 2, when->grace_days);
  sqlite3_bind_int (st, 3, when->today_days);
  if (today != NULL)
    *today = when->today_days;

  if (!ch_store_step_done (self, st, _("save the members’ status"), error))
    return FALSE;

  g_debug ("Status of %d members of %s computed for day %d%s", sqlite3_changes (self->db),
           chapter_id, when->today_days, all ? " (all)" : "");
  return TRUE;
}

gboolean
ch_store_status_flush (ChStore  *self,
                       GError  **error)
{
  g_autoptr(GPtrArray) chapters = NULL;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  /* One probe of the index when nothing is to compute. */
  chapters = ch_store_query_texts (self, error,
                                   "SELECT DISTINCT chapter_id FROM member "
                                   "WHERE status_until = 0", ch_store_sql_end);
  if (chapters == NULL)
    return FALSE;

  for (guint i = 0; i < chapters->len; i++)
    if (g_ptr_array_index (chapters, i) != NULL &&
        !pass (self, g_ptr_array_index (chapters, i), FALSE, NULL, error))
      return FALSE;

  return TRUE;
}

/* Brings one chapter up to date for today, in the caller's transaction. */
static gboolean
refresh_chapter (ChStore     *self,
                 const char  *chapter_id,
                 GError     **error)
{
  gint32 done = (gint32) ch_store_query_int (self, -1,
                                             "SELECT day FROM member_status_day "
                                             "WHERE chapter_id = ?",
                                             chapter_id, ch_store_sql_end);
  gint32 today = ch_store_today_days (self, chapter_id);
  sqlite3_stmt *st;

  if (done == today)
    return TRUE;

  /* A status computed for a later day (the clock was put back, or a
   * chapter never brought up to date) may be wrong for today: all again. */
  if (!pass (self, chapter_id, done < 0 || done > today, &today, error))
    return FALSE;

  if (!(st = ch_store_stmt (self, "INSERT OR REPLACE INTO member_status_day (chapter_id, day) "
                                  "VALUES (?, ?)", error)))
    return FALSE;
  ch_store_bind_text (st, 1, chapter_id);
  sqlite3_bind_int (st, 2, today);

  return ch_store_step_done (self, st, _("save the members’ status"), error);
}

gboolean
ch_store_status_refresh (ChStore     *self,
                         const char  *chapter_id,
                         GError     **error)
{
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  if (chapter_id != NULL)
    {
      /* Nothing to write (the usual case): no write lock taken. */
      if (ch_store_query_int (self, -1, "SELECT day FROM member_status_day WHERE chapter_id = ?",
                              chapter_id, ch_store_sql_end) ==
          ch_store_today_days (self, chapter_id))
        return TRUE;
      chapters = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (chapters, g_strdup (chapter_id));
    }
  else
    {
      g_autoptr(GPtrArray) all = NULL;

      all = ch_store_query_texts (self, error, "SELECT id FROM chapter", ch_store_sql_end);
      if (all == NULL)
        return FALSE;
      chapters = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < all->len; i++)
        {
          const char *id = g_ptr_array_index (all, i);

          if (id != NULL &&
              ch_store_query_int (self, -1, "SELECT day FROM member_status_day "
                                  "WHERE chapter_id = ?", id, ch_store_sql_end) !=
              ch_store_today_days (self, id))
            g_ptr_array_add (chapters, g_strdup (id));
        }
    }

  /* Rows left to compute by a writer that did not (the commit does). */
  if (chapters->len == 0 &&
      ch_store_query_int (self, 0, "SELECT 1 FROM member WHERE status_until = 0 LIMIT 1",
                          ch_store_sql_end) == 0)
    return TRUE;

  if (!ch_store_begin (self, error))
    return FALSE;

  for (guint i = 0; ok && i < chapters->len; i++)
    if (g_ptr_array_index (chapters, i) != NULL)
      ok = refresh_chapter (self, g_ptr_array_index (chapters, i), &local_error);

  if (!ok)
    {
      ch_store_rollback (self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return ch_store_commit (self, error);
}
