/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-import"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-import-private.h"
#include "ch-membership.h"
#include "ch-specialties.h"
#include "ch-store-private.h"
#include "ch-clock.h"
#include "ch-uuid.h"

/* How often (in rows) progress is told and cancellation looked at. */
#define PROGRESS_EVERY 250

typedef struct
{
  ChImport       *import;
  sqlite3        *db;
  sqlite3_stmt   *record;
  char           *batch_id;
  gint64          seq;
  GHashTable     *created;   /* member ids made by this run */
  ChImportResult *result;
} Run;

static void
run_clear (Run *run)
{
  sqlite3_finalize (run->record);
  g_free (run->batch_id);
  g_clear_pointer (&run->created, g_hash_table_unref);
  g_clear_object (&run->result);
}

static gboolean
sql_error (GError     **error,
           sqlite3     *db)
{
  g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
               _("Could not save the import: %s"), sqlite3_errmsg (db));
  return FALSE;
}

static char *
object_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = NULL;

  if (object == NULL)
    return NULL;
  node = json_node_init_object (json_node_alloc (), object);
  return json_to_string (node, FALSE);
}

/* Writes down a change of this batch, in the same transaction. */
static gboolean
record (Run         *run,
        const char  *entity,
        const char  *row_id,
        const char  *action,
        JsonObject  *before,
        JsonObject  *after,
        GError     **error)
{
  g_autofree char *before_text = object_text (before);
  g_autofree char *after_text = object_text (after);
  sqlite3_stmt *st = run->record;

  sqlite3_reset (st);
  sqlite3_bind_text (st, 1, run->batch_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st, 2, ++run->seq);
  sqlite3_bind_text (st, 3, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 4, row_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 5, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 6, before_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 7, after_text, -1, SQLITE_TRANSIENT);

  if (sqlite3_step (st) != SQLITE_DONE)
    return sql_error (error, run->db);
  return TRUE;
}

/* Adds the specialties the member lacks (restoring a removed one). */
static gboolean
add_specialties (Run                 *run,
                 const char          *member_id,
                 const char * const  *specialties,
                 GError             **error)
{
  ChStore *store = run->import->store;

  for (guint i = 0; specialties[i]; i++)
    {
      g_autofree char *id = ch_specialties_row_id (member_id, specialties[i]);
      g_autoptr(JsonObject) row = ch_store_get_row (store, "member_specialty", id, NULL);

      if (row == NULL)
        {
          g_autoptr(JsonObject) set = json_object_new ();

          json_object_set_string_member (set, "member_id", member_id);
          json_object_set_string_member (set, "specialty", specialties[i]);
          if (!ch_store_insert (store, "member_specialty", run->import->chapter_id, id, set,
                                NULL, error) ||
              !record (run, "member_specialty", id, "insert", NULL, NULL, error))
            return FALSE;
        }
      else if (json_object_get_boolean_member (row, "deleted"))
        {
          if (!ch_store_restore (store, "member_specialty", id, error) ||
              !record (run, "member_specialty", id, "restore", NULL, NULL, error))
            return FALSE;
        }
    }

  return TRUE;
}

/* Adds the member of @row.  FALSE with @error for a row the store refuses
 * (nothing written: the checks come first); a failure after the member is
 * written sets *@fatal, and the whole import is undone. */
static gboolean
create_member (Run          *run,
               ChImportRow  *row,
               gboolean     *fatal,
               GError      **error)
{
  ChImport *self = run->import;
  JsonObject *fields = ch_import_row_get_fields (row);
  g_autofree char *id = NULL;
  const char *joined = json_object_get_string_member_with_default (fields, "joined_on", NULL);

  if (!ch_store_add_member (self->store, self->chapter_id, fields, &id, error))
    return FALSE;

  *fatal = TRUE;
  if (!record (run, "member", id, "insert", NULL, NULL, error) ||
      !add_specialties (run, id, ch_import_row_get_specialties (row), error))
    return FALSE;

  /* The join as a membership period, so the history starts where the
   * file says the membership did. */
  if (joined != NULL)
    {
      g_autoptr(JsonObject) period = json_object_new ();
      g_autofree char *period_id = NULL;
      const char *tier = json_object_get_string_member_with_default (fields, "tier", NULL);

      json_object_set_string_member (period, "member_id", id);
      json_object_set_string_member (period, "starts_on", joined);
      json_object_set_string_member (period, "kind", CH_PERIOD_JOIN);
      if (tier != NULL)
        json_object_set_string_member (period, "tier", tier);
      if (!ch_store_insert (self->store, "membership_period", self->chapter_id, NULL, period,
                            &period_id, error) ||
          !record (run, "membership_period", period_id, "insert", NULL, NULL, error))
        return FALSE;
    }

  *fatal = FALSE;
  g_hash_table_add (run->created, g_steal_pointer (&id));
  return TRUE;
}

/* Fills in and changes the member @id from @row; *@changed tells whether
 * there was anything to change. */
static gboolean
update_member (Run          *run,
               ChImportRow  *row,
               const char   *id,
               gboolean     *changed,
               GError      **error)
{
  ChImport *self = run->import;
  g_autoptr(JsonObject) current = ch_store_get_row (self->store, "member", id, error);
  g_autoptr(JsonObject) before = json_object_new ();
  g_autoptr(JsonObject) after = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (current == NULL)
    return FALSE;

  json_object_iter_init (&iter, ch_import_row_get_fields (row));
  while (json_object_iter_next (&iter, &name, &node))
    {
      JsonNode *old = json_object_get_member (current, name);
      const char *old_text = json_object_get_string_member_with_default (current, name, NULL);

      if (old != NULL && !JSON_NODE_HOLDS_NULL (old) && json_node_equal (old, node))
        continue;
      /* Notes are added to, never replaced. */
      if (strcmp (name, "notes") == 0 && old_text != NULL && *old_text != '\0')
        {
          const char *value = json_node_get_string (node);
          g_autofree char *merged = NULL;

          if (strstr (old_text, value) != NULL)
            continue;
          merged = g_strconcat (old_text, "\n", value, NULL);
          json_object_set_string_member (after, name, merged);
        }
      else
        json_object_set_member (after, name, json_node_copy (node));
      json_object_set_member (before, name,
                              old ? json_node_copy (old) : json_node_new (JSON_NODE_NULL));
    }

  *changed = json_object_get_size (after) > 0;

  if (!ch_store_begin (self->store, error))
    return FALSE;
  if ((*changed && (!ch_store_update_member (self->store, id, after, error) ||
                    !record (run, "member", id, "update", before, after, error))) ||
      !add_specialties (run, id, ch_import_row_get_specialties (row), error))
    {
      ch_store_rollback (self->store);
      return FALSE;
    }

  return ch_store_commit (self->store, error);
}

/* FALSE (with @error) when the import cannot go on: the store failed. */
static gboolean
import_row (Run          *run,
            ChImportRow  *row,
            GError      **error)
{
  ChImport *self = run->import;
  guint line = ch_import_row_get_line (row);
  const char *match_id = ch_import_row_get_match_id (row);
  g_autoptr(GError) local_error = NULL;
  gboolean fatal = FALSE;

  if (ch_import_row_get_blocked (row))
    {
      g_autofree char *why = g_strjoinv (" ", (GStrv) ch_import_row_get_problems (row));

      ch_import_result_add (run->result, line, CH_IMPORT_OUTCOME_FAILED, why);
      return TRUE;
    }

  if (ch_import_row_get_duplicate_of (row) != 0)
    {
      g_autofree char *why = g_strdup_printf (_("The same person as on line %u."),
                                              ch_import_row_get_duplicate_of (row));

      ch_import_result_add (run->result, line, CH_IMPORT_OUTCOME_SKIPPED, why);
      return TRUE;
    }

  if (match_id != NULL && g_hash_table_contains (run->created, match_id))
    {
      g_autofree char *why =
        g_strdup_printf (_("The same person as %s on an earlier line."),
                         ch_import_row_get_match_name (row));

      ch_import_result_add (run->result, line, CH_IMPORT_OUTCOME_SKIPPED, why);
      return TRUE;
    }

  if (match_id != NULL)
    switch (ch_import_match_action_for_line (self, line))
      {
      case CH_IMPORT_MATCH_SKIP:
        {
          g_autofree char *why = g_strdup_printf (_("%s is already a member."),
                                                  ch_import_row_get_match_name (row));

          ch_import_result_add (run->result, line, CH_IMPORT_OUTCOME_SKIPPED, why);
          return TRUE;
        }
      case CH_IMPORT_MATCH_UPDATE:
        {
          gboolean changed = FALSE;
          gint64 seq = run->seq;

          if (!update_member (run, row, match_id, &changed, &local_error))
            ch_import_result_add (run->result, line, CH_IMPORT_OUTCOME_FAILED,
                                  local_error->message);
          else if (run->seq == seq)
            {
              g_autofree char *why =
                g_strdup_printf (_("%s is already a member with these details."),
                                 ch_import_row_get_match_name (row));

              ch_import_result_add (run->result, line, CH_IMPORT_OUTCOME_SKIPPED, why);
            }
          else
            ch_import_result_add (run->result, line, CH_IMPORT_OUTCOME_UPDATED, NULL);
          return TRUE;
        }
      case CH_IMPORT_MATCH_KEEP_BOTH:
      default:
        break;
      }

  if (create_member (run, row, &fatal, &local_error))
    ch_import_result_add (run->result, line, CH_IMPORT_OUTCOME_CREATED, NULL);
  else if (fatal)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  else
    ch_import_result_add (run->result, line, CH_IMPORT_OUTCOME_FAILED, local_error->message);

  return TRUE;
}

static gboolean
has_name_column (ChImport *self)
{
  gboolean given = FALSE, family = FALSE;

  for (guint c = 0; c < self->n_columns; c++)
    {
      given |= self->fields[c] == CH_IMPORT_FIELD_GIVEN_NAME ||
               self->fields[c] == CH_IMPORT_FIELD_FULL_NAME;
      family |= self->fields[c] == CH_IMPORT_FIELD_FAMILY_NAME ||
                self->fields[c] == CH_IMPORT_FIELD_FULL_NAME;
    }

  return given && family;
}

static gboolean
begin_batch (Run      *run,
             GError  **error)
{
  ChImport *self = run->import;
  g_autofree char *now = ch_clock_now_utc_iso ();
  sqlite3_stmt *st = NULL;
  gboolean ok;

  run->db = ch_store_get_db (self->store);
  run->batch_id = ch_uuid_new_v7 ();

  if (sqlite3_prepare_v2 (run->db,
                          "INSERT INTO import_batch (id, chapter_id, created_at) "
                          "VALUES (?1, ?2, ?3)", -1, &st, NULL) != SQLITE_OK)
    return sql_error (error, run->db);
  sqlite3_bind_text (st, 1, run->batch_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 2, self->chapter_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 3, now, -1, SQLITE_STATIC);
  ok = sqlite3_step (st) == SQLITE_DONE;
  sqlite3_finalize (st);
  if (!ok)
    return sql_error (error, run->db);

  if (sqlite3_prepare_v2 (run->db,
                          "INSERT INTO import_batch_row "
                          "(batch_id, seq, entity, row_id, action, before, after) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                          -1, &run->record, NULL) != SQLITE_OK)
    return sql_error (error, run->db);

  return TRUE;
}

static gboolean
end_batch (Run      *run,
           GError  **error)
{
  sqlite3_stmt *st = NULL;
  gboolean ok;

  if (sqlite3_prepare_v2 (run->db,
                          "UPDATE import_batch SET created = ?2, updated = ?3, skipped = ?4, "
                          "failed = ?5 WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
    return sql_error (error, run->db);
  sqlite3_bind_text (st, 1, run->batch_id, -1, SQLITE_STATIC);
  for (guint i = 0; i < CH_IMPORT_N_OUTCOMES; i++)
    sqlite3_bind_int64 (st, (int) i + 2, ch_import_result_get_count (run->result, i));
  ok = sqlite3_step (st) == SQLITE_DONE;
  sqlite3_finalize (st);

  return ok || sql_error (error, run->db);
}

ChImportResult *
ch_import_run (ChImport              *self,
               gboolean               dry_run,
               ChImportProgressFunc   progress,
               gpointer               user_data,
               GCancellable          *cancellable,
               GError               **error)
{
  Run run = { 0 };
  guint n;

  g_return_val_if_fail (CH_IS_IMPORT (self), NULL);

  if (!has_name_column (self))
    {
      g_set_error (error, CH_IMPORT_ERROR, CH_IMPORT_ERROR_NO_NAME,
                   _("No column holds the names. Choose the columns with the given and "
                     "family names, or one with the full name."));
      return NULL;
    }

  if (ch_import_needs_date_order (self))
    {
      g_set_error (error, CH_IMPORT_ERROR, CH_IMPORT_ERROR_DATE_ORDER,
                   _("Dates such as “%s” can be read two ways. Choose whether the day or "
                     "the month comes first."), self->ambiguous_example);
      return NULL;
    }

  run.import = self;
  run.created = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  run.result = ch_import_result_new (dry_run);
  n = ch_sheet_get_n_rows (self->sheet);

  /* One transaction for the file: a failed or cancelled import, or a
   * dry run, leaves the chapter as it was. */
  if (!ch_store_begin (self->store, error))
    {
      run_clear (&run);
      return NULL;
    }
  ch_store_defer_search (self->store);
  self->no_existing = ch_store_count_members (self->store, self->chapter_id) == 0;

  if (!begin_batch (&run, error))
    goto fail;

  for (guint r = 1; r < n; r++)
    {
      g_autoptr(ChImportRow) row = NULL;

      if (r % PROGRESS_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto fail;
          if (progress)
            progress (r - 1, n - 1, user_data);
        }

      row = ch_import_build_row (self, r);
      if (!import_row (&run, row, error))
        goto fail;
    }

  self->no_existing = FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error) || !end_batch (&run, error))
    goto fail;

  if (dry_run)
    ch_store_rollback (self->store);
  else
    {
      sqlite3_finalize (g_steal_pointer (&run.record));
      if (!ch_store_commit (self->store, error))
        {
          run_clear (&run);
          return NULL;
        }
      ch_import_result_set_batch_id (run.result, run.batch_id);
      ch_import_remember_mapping (self);
    }

  if (progress)
    progress (n - 1, n - 1, user_data);

  {
    ChImportResult *result = g_steal_pointer (&run.result);

    run_clear (&run);
    return result;
  }

fail:
  self->no_existing = FALSE;
  sqlite3_finalize (g_steal_pointer (&run.record));
  ch_store_rollback (self->store);
  run_clear (&run);
  return NULL;
}

ChImportResult *
ch_import_run_in_store (ChImport              *self,
                        ChStore               *store,
                        gboolean               dry_run,
                        ChImportProgressFunc   progress,
                        gpointer               user_data,
                        GCancellable          *cancellable,
                        GError               **error)
{
  ChStore *own;
  ChImportResult *result;

  g_return_val_if_fail (CH_IS_IMPORT (self), NULL);
  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  /* Every query of the run, the matching ones included, goes through
   * self->store: point it at the worker's connection for the run. */
  own = g_steal_pointer (&self->store);
  self->store = store;
  result = ch_import_run (self, dry_run, progress, user_data, cancellable, error);
  self->store = own;

  return result;
}
