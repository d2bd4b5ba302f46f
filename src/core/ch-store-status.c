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

/* The chapter's rows whose status is to compute, or (@all) every row.
 * "+chapter_id": the rows to compute are found in member_status_due (a
 * few); the chapter's indexes would read every member of it. */
static const char pass_due_sql[] =
  "UPDATE member SET "
  "  status_rank = ch_member_status (?1, tier, joined_on, left_on, dues_paid_until, ?2, ?3), "
  "  status_until = ch_member_status_until (?1, tier, joined_on, left_on, dues_paid_until, "
  "                                         ?2, ?3) "
  "WHERE status_until <= ?3 AND +chapter_id = ?1";

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

  /* Translators: %s is the database's own message */
  if (!ch_store_step_done (self, st, _("Could not save the members’ status: %s"), error))
    return FALSE;

  g_debug ("Status of %d members of %s computed for day %d%s", sqlite3_changes (self->db),
           chapter_id, when->today_days, all ? " (all)" : "");
  return TRUE;
}

/* Remembers that @chapter_id's members are computed for @today, unless
 * they were for a later day (the clock was put back: the next refresh
 * computes them all). */
static gboolean
remember_day (ChStore     *self,
              const char  *chapter_id,
              gint32       today,
              GError     **error)
{
  sqlite3_stmt *st;

  if (!(st = ch_store_stmt (self, "INSERT INTO member_status_day (chapter_id, day) VALUES (?, ?) "
                                  "ON CONFLICT (chapter_id) DO UPDATE SET day = excluded.day "
                                  "WHERE day <= excluded.day", error)))
    return FALSE;
  ch_store_bind_text (st, 1, chapter_id);
  sqlite3_bind_int (st, 2, today);

  return ch_store_step_done (self, st, _("Could not save the members’ status: %s"), error);
}

gboolean
ch_store_status_remember_day (ChStore     *self,
                              const char  *chapter_id,
                              gint32       today,
                              GError     **error)
{
  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  return remember_day (self, chapter_id, today, error);
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

  /* The members whose day has come are computed too (status_until <=
   * today): the chapter is then up to date for today. */
  for (guint i = 0; i < chapters->len; i++)
    {
      const char *chapter_id = g_ptr_array_index (chapters, i);
      gint32 today;

      if (chapter_id == NULL)
        continue;

      /* The chapter's grace days and time zone as this transaction left
       * them, whoever wrote them. */
      g_hash_table_remove (self->today_cache, chapter_id);
      if (!pass (self, chapter_id, FALSE, &today, error) ||
          !remember_day (self, chapter_id, today, error))
        return FALSE;
    }

  return TRUE;
}

typedef enum
{
  TODO_NOTHING,
  TODO_DUE,    /* the members whose day has come (or marked to compute) */
  TODO_ALL,    /* every member: computed for a later day than today */
} Todo;

/* What @chapter_id needs for today, read without a write lock. */
static Todo
todo_for (ChStore    *self,
          const char *chapter_id)
{
  gint32 done = (gint32) ch_store_query_int (self, -1,
                                             "SELECT day FROM member_status_day "
                                             "WHERE chapter_id = ?",
                                             chapter_id, ch_store_sql_end);
  gint32 today = ch_store_today_days (self, chapter_id);
  g_autofree char *today_text = g_strdup_printf ("%d", today);

  /* The clock was put back: a status computed for a later day may be
   * wrong for today. */
  if (done > today)
    return TODO_ALL;

  /* Rows marked to compute, or whose day has come (a probe of
   * member_status_due); rows computed on an earlier day are right until
   * their status_until. */
  if (ch_store_query_int (self, 0, "SELECT 1 FROM member WHERE status_until <= CAST (? AS INTEGER) "
                          "AND +chapter_id = ? LIMIT 1", today_text, chapter_id,
                          ch_store_sql_end) != 0)
    return TODO_DUE;

  return TODO_NOTHING;
}

gboolean
ch_store_status_refresh (ChStore     *self,
                         const char  *chapter_id,
                         GError     **error)
{
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GPtrArray) todo = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) how = g_array_new (FALSE, FALSE, sizeof (Todo));
  g_autoptr(GError) local_error = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  if (chapter_id != NULL)
    {
      chapters = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (chapters, g_strdup (chapter_id));
    }
  else if (!(chapters = ch_store_query_texts (self, error, "SELECT id FROM chapter",
                                              ch_store_sql_end)))
    return FALSE;

  for (guint i = 0; i < chapters->len; i++)
    {
      const char *id = g_ptr_array_index (chapters, i);
      Todo t = id != NULL ? todo_for (self, id) : TODO_NOTHING;

      if (t != TODO_NOTHING)
        {
          g_ptr_array_add (todo, g_strdup (id));
          g_array_append_val (how, t);
        }
    }

  /* Nothing to write (the usual case): no write lock taken. */
  if (todo->len == 0)
    return TRUE;

  if (!ch_store_begin (self, error))
    return FALSE;

  for (guint i = 0; ok && i < todo->len; i++)
    {
      const char *id = g_ptr_array_index (todo, i);
      gint32 today;

      ok = pass (self, id, g_array_index (how, Todo, i) == TODO_ALL, &today, &local_error);
      if (ok)
        {
          /* Replaced, not only moved forwards: the clock may have been
           * put back. */
          sqlite3_stmt *st = ch_store_stmt (self, "INSERT OR REPLACE INTO member_status_day "
                                                  "(chapter_id, day) VALUES (?, ?)",
                                            &local_error);

          ok = st != NULL;
          if (ok)
            {
              ch_store_bind_text (st, 1, id);
              sqlite3_bind_int (st, 2, today);
              ok = ch_store_step_done (self, st, _("Could not save the members’ status: %s"),
                                       &local_error);
            }
        }
    }

  if (!ok)
    {
      ch_store_rollback (self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return ch_store_commit (self, error);
}
