/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-givers-board"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-givers-board.h"
#include "ch-opportunity-query.h"
#include "ch-opportunity-rule.h"
#include "ch-store-private.h"

#define N_BANDS 4

struct _ChGiversBoardEntry
{
  GObject  parent_instance;

  char    *member_id;
  char    *member_name;
  char    *company;
  guint    rank;
  gboolean tied;
  guint    given;
  guint    won;
  guint    bands[N_BANDS];
};

G_DEFINE_FINAL_TYPE (ChGiversBoardEntry, ch_givers_board_entry, G_TYPE_OBJECT)

static void
ch_givers_board_entry_finalize (GObject *object)
{
  ChGiversBoardEntry *self = CH_GIVERS_BOARD_ENTRY (object);

  g_free (self->member_id);
  g_free (self->member_name);
  g_free (self->company);

  G_OBJECT_CLASS (ch_givers_board_entry_parent_class)->finalize (object);
}

static void
ch_givers_board_entry_class_init (ChGiversBoardEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ch_givers_board_entry_finalize;
}

static void
ch_givers_board_entry_init (ChGiversBoardEntry *self)
{
}

const char *
ch_givers_board_entry_get_member_id (ChGiversBoardEntry *self)
{
  g_return_val_if_fail (CH_IS_GIVERS_BOARD_ENTRY (self), NULL);
  return self->member_id;
}

const char *
ch_givers_board_entry_get_member_name (ChGiversBoardEntry *self)
{
  g_return_val_if_fail (CH_IS_GIVERS_BOARD_ENTRY (self), NULL);
  return self->member_name;
}

const char *
ch_givers_board_entry_get_company (ChGiversBoardEntry *self)
{
  g_return_val_if_fail (CH_IS_GIVERS_BOARD_ENTRY (self), NULL);
  return self->company;
}

guint
ch_givers_board_entry_get_rank (ChGiversBoardEntry *self)
{
  g_return_val_if_fail (CH_IS_GIVERS_BOARD_ENTRY (self), 0);
  return self->rank;
}

gboolean
ch_givers_board_entry_get_tied (ChGiversBoardEntry *self)
{
  g_return_val_if_fail (CH_IS_GIVERS_BOARD_ENTRY (self), FALSE);
  return self->tied;
}

guint
ch_givers_board_entry_get_given (ChGiversBoardEntry *self)
{
  g_return_val_if_fail (CH_IS_GIVERS_BOARD_ENTRY (self), 0);
  return self->given;
}

guint
ch_givers_board_entry_get_won (ChGiversBoardEntry *self)
{
  g_return_val_if_fail (CH_IS_GIVERS_BOARD_ENTRY (self), 0);
  return self->won;
}

guint
ch_givers_board_entry_get_band_count (ChGiversBoardEntry *self,
                                      const char         *band)
{
  const char * const *bands = ch_opportunity_rule_bands ();

  g_return_val_if_fail (CH_IS_GIVERS_BOARD_ENTRY (self), 0);

  for (guint i = 0; i < N_BANDS; i++)
    if (g_strcmp0 (bands[i], band) == 0)
      return self->bands[i];

  return 0;
}

JsonObject *
ch_givers_board_entry_to_json (ChGiversBoardEntry *self)
{
  const char * const *bands = ch_opportunity_rule_bands ();
  JsonObject *out;
  JsonObject *by_band;

  g_return_val_if_fail (CH_IS_GIVERS_BOARD_ENTRY (self), NULL);

  out = json_object_new ();
  json_object_set_int_member (out, "rank", self->rank);
  json_object_set_boolean_member (out, "tied", self->tied);
  json_object_set_string_member (out, "member_id", self->member_id);
  json_object_set_string_member (out, "member_name", self->member_name);
  json_object_set_string_member (out, "company", self->company);
  json_object_set_int_member (out, "given", self->given);
  json_object_set_int_member (out, "won", self->won);
  by_band = json_object_new ();
  for (guint i = 0; i < N_BANDS; i++)
    json_object_set_int_member (by_band, bands[i], self->bands[i]);
  json_object_set_object_member (out, "bands", by_band);

  return out;
}

/* ----------------------------------------------------------------------- */

static const char board_sql[] =
  "SELECT m.id, CASE WHEN m.erased_on IS NOT NULL THEN ?8 "
  "       ELSE trim (coalesce (m.given_name, '') || ' ' || coalesce (m.family_name, '')) END, "
  "       m.company, count (*) AS given, "
  "       sum (o.status = 'won') AS won, "
  "       sum (o.value_band = ?4), sum (o.value_band = ?5), sum (o.value_band = ?6), "
  "       sum (o.value_band = ?7) "
  "FROM opportunity o "
  /* An erased giver still counts, as "Erased member" (?8). */
  "JOIN member m ON m.id = o.from_member_id AND (m.deleted = 0 OR m.erased_on IS NOT NULL) "
  "WHERE o.chapter_id = ?1 AND o.deleted = 0 AND o.given_on >= ?2 AND o.given_on <= ?3 "
  "GROUP BY m.id "
  "ORDER BY given DESC, won DESC, m.name_key, m.id";

typedef struct
{
  char *chapter_id;
  char *from;
  char *to;
} BoardJob;

static void
board_job_free (BoardJob *job)
{
  g_free (job->chapter_id);
  g_free (job->from);
  g_free (job->to);
  g_free (job);
}

static GPtrArray *
board_on_db (sqlite3  *db,
             gpointer  data,
             GError  **error)
{
  const char * const *bands = ch_opportunity_rule_bands ();
  BoardJob *job = data;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *st;
  int rc;

  if (!(st = ch_opportunity_query_prepare (db, board_sql, error)))
    return NULL;

  sqlite3_bind_text (st, 1, job->chapter_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 2, job->from, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 3, job->to, -1, SQLITE_STATIC);
  for (guint i = 0; i < N_BANDS; i++)
    sqlite3_bind_text (st, 4 + i, bands[i], -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 8, _("Erased member"), -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      ChGiversBoardEntry *entry = g_object_new (CH_TYPE_GIVERS_BOARD_ENTRY, NULL);
      ChGiversBoardEntry *previous = out->len > 0 ? out->pdata[out->len - 1] : NULL;

      entry->member_id = g_strdup (ch_opportunity_query_text (st, 0));
      entry->member_name = g_strdup (ch_opportunity_query_text (st, 1));
      entry->company = g_strdup (ch_opportunity_query_text (st, 2));
      entry->given = sqlite3_column_int (st, 3);
      entry->won = sqlite3_column_int (st, 4);
      for (guint i = 0; i < N_BANDS; i++)
        entry->bands[i] = sqlite3_column_int (st, 5 + i);

      /* Competition ranking: the same counts share a rank, the next
       * member after a tie of two is third. */
      if (previous != NULL && previous->given == entry->given && previous->won == entry->won)
        {
          entry->rank = previous->rank;
          entry->tied = previous->tied = TRUE;
        }
      else
        entry->rank = out->len + 1;

      g_ptr_array_add (out, entry);
    }

  return ch_opportunity_query_finish (db, st, rc, g_steal_pointer (&out), error);
}

static BoardJob *
board_job_new (const char *chapter_id,
               const char *from,
               const char *to)
{
  BoardJob *job = g_new0 (BoardJob, 1);

  job->chapter_id = g_strdup (chapter_id);
  job->from = g_strdup (from ? from : "0000-00-00");
  job->to = g_strdup (to ? to : "9999-99-99");

  return job;
}

GPtrArray *
ch_givers_board_compute (ChStore     *store,
                         const char  *chapter_id,
                         const char  *from,
                         const char  *to,
                         GError     **error)
{
  g_return_val_if_fail (CH_IS_STORE (store), NULL);
  g_return_val_if_fail (chapter_id != NULL, NULL);

  return ch_opportunity_query_run (store, board_on_db, board_job_new (chapter_id, from, to),
                                   (GDestroyNotify) board_job_free, error);
}

void
ch_givers_board_compute_async (ChStore             *store,
                               const char          *chapter_id,
                               const char          *from,
                               const char          *to,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (CH_IS_STORE (store));
  g_return_if_fail (chapter_id != NULL);

  ch_opportunity_query_run_async (store, board_on_db, board_job_new (chapter_id, from, to),
                                  (GDestroyNotify) board_job_free,
                                  ch_givers_board_compute_async, cancellable, callback,
                                  user_data);
}

GPtrArray *
ch_givers_board_compute_finish (GAsyncResult  *result,
                                GError       **error)
{
  return ch_opportunity_query_run_finish (result, ch_givers_board_compute_async, error);
}
