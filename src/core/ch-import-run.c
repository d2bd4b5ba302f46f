/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-import"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-import-private.h"
#include "ch-entity.h"
#include "ch-gender.h"
#include "ch-membership.h"
#include "ch-membership-private.h"
#include "ch-payments.h"
#include "ch-specialties.h"
#include "ch-store-private.h"
#include "ch-clock.h"
#include "ch-uuid.h"
#include "ch-date.h"

/* How often (in rows) progress is told and cancellation looked at. */
#define PROGRESS_EVERY 250
/* From how many rows the indexes are made once at the end instead of row
 * by row (see ch_import_writer_suspend_indexes()), into a chapter with no
 * members yet: matching existing members reads the name index. */
#define SUSPEND_INDEXES_FROM 5000
/* While the indexes are suspended, the batch records of new rows are
 * written this many at a time by one statement. */
#define RECORD_ROWS 50

typedef struct
{
  const char *entity;   /* static */
  char       *row_id;
  gint64      seq;
} PendingRecord;

typedef struct
{
  ChImport       *import;
  sqlite3        *db;
  sqlite3_stmt   *record;
  char           *batch_id;
  gint64          seq;
  GHashTable     *created;   /* member ids made by this run */
  GHashTable     *tier_kinds; /* tier key ("" for none) → ChTierKind */
  ChImportWriter *writer;
  ChImportResult *result;
  GArray         *pending;   /* PendingRecord, while the indexes are suspended */
  sqlite3_stmt   *record_many;
  GHashTable     *period_starts; /* "paid until" → period_start() of it */
} Run;

static void
run_clear (Run *run)
{
  if (run->import != NULL)
    sqlite3_exec (ch_store_get_db (run->import->store), "PRAGMA cache_size = -2000",
                  NULL, NULL, NULL);
  sqlite3_finalize (run->record);
  sqlite3_finalize (run->record_many);
  if (run->pending != NULL)
    for (guint i = 0; i < run->pending->len; i++)
      g_free (g_array_index (run->pending, PendingRecord, i).row_id);
  g_clear_pointer (&run->pending, g_array_unref);
  g_free (run->batch_id);
  g_clear_pointer (&run->created, g_hash_table_unref);
  g_clear_pointer (&run->tier_kinds, g_hash_table_unref);
  g_clear_pointer (&run->period_starts, g_hash_table_unref);
  g_clear_pointer (&run->writer, ch_import_writer_free);
  g_clear_object (&run->result);
}

static gboolean
sql_error (GError     **error,
           sqlite3     *db)
{
  /* Translators: %s is the database's own message */
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

/* Gender is stored as its code (ch-gender), as ch_store_add_member()
 * does. */
static void
normalize_gender (JsonObject *fields)
{
  JsonNode *node = json_object_get_member (fields, "gender");
  g_autofree char *stored = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return;

  stored = ch_gender_normalize (json_node_get_string (node));
  if (stored != NULL)
    json_object_set_string_member (fields, "gender", stored);
  else
    json_object_set_null_member (fields, "gender");
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

/* Writes the pending batch records of new rows. */
static gboolean
flush_records (Run     *run,
               GError **error)
{
  GArray *pending = run->pending;
  guint done = 0;

  if (pending == NULL || pending->len == 0)
    return TRUE;

  if (pending->len == RECORD_ROWS)
    {
      sqlite3_stmt *st;

      if (run->record_many == NULL)
        {
          g_autoptr(GString) sql = g_string_new ("INSERT INTO import_batch_row "
                                                 "(batch_id, seq, entity, row_id, action) "
                                                 "VALUES ");

          for (guint i = 0; i < RECORD_ROWS; i++)
            g_string_append_printf (sql, "%s(?1, ?%u, ?%u, ?%u, 'insert')", i ? ", " : "",
                                    3 * i + 2, 3 * i + 3, 3 * i + 4);
          if (sqlite3_prepare_v3 (run->db, sql->str, -1, SQLITE_PREPARE_PERSISTENT,
                                  &run->record_many, NULL) != SQLITE_OK)
            return sql_error (error, run->db);
        }

      st = run->record_many;
      sqlite3_reset (st);
      sqlite3_bind_text (st, 1, run->batch_id, -1, SQLITE_STATIC);
      for (guint i = 0; i < RECORD_ROWS; i++)
        {
          PendingRecord *entry = &g_array_index (pending, PendingRecord, i);

          sqlite3_bind_int64 (st, 3 * i + 2, entry->seq);
          sqlite3_bind_text (st, 3 * i + 3, entry->entity, -1, SQLITE_STATIC);
          sqlite3_bind_text (st, 3 * i + 4, entry->row_id, -1, SQLITE_STATIC);
        }
      if (sqlite3_step (st) != SQLITE_DONE)
        return sql_error (error, run->db);
      done = RECORD_ROWS;
    }

  for (guint i = done; i < pending->len; i++)
    {
      PendingRecord *entry = &g_array_index (pending, PendingRecord, i);
      sqlite3_stmt *st = run->record;

      sqlite3_reset (st);
      sqlite3_bind_text (st, 1, run->batch_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (st, 2, entry->seq);
      sqlite3_bind_text (st, 3, entry->entity, -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 4, entry->row_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (st, 5, "insert", -1, SQLITE_STATIC);
      sqlite3_bind_null (st, 6);
      sqlite3_bind_null (st, 7);
      if (sqlite3_step (st) != SQLITE_DONE)
        return sql_error (error, run->db);
    }

  for (guint i = 0; i < pending->len; i++)
    g_free (g_array_index (pending, PendingRecord, i).row_id);
  g_array_set_size (pending, 0);
  return TRUE;
}

/* record() for a row the run inserted (@entity: a static string). */
static gboolean
record_insert (Run         *run,
               const char  *entity,
               const char  *row_id,
               GError     **error)
{
  PendingRecord entry;

  if (run->pending == NULL)
    return record (run, entity, row_id, "insert", NULL, NULL, error);

  entry.entity = entity;
  entry.row_id = g_strdup (row_id);
  entry.seq = ++run->seq;
  g_array_append_val (run->pending, entry);

  return run->pending->len < RECORD_ROWS || flush_records (run, error);
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

/* The first day of one dues period (@months) that ends on @until: the
 * day after @until, @months back (the inverse of ch-payments' coverage). */
static char *
period_start (const char *until,
              guint       months)
{
  GDate date;

  if (!ch_date_parse (until, &date))
    return NULL;

  g_date_add_days (&date, 1);
  g_date_subtract_months (&date, months);
  return ch_date_format (&date);
}

static guint
dues_months (const char *dues_period)
{
  if (g_strcmp0 (dues_period, "monthly") == 0)
    return 1;
  if (g_strcmp0 (dues_period, "quarterly") == 0)
    return 3;
  return 12;
}

/* period_start() of @until for the chapter's dues period, each day worked
 * out once per run (a file has few distinct "paid until" days, and each
 * new member with one asks once or twice). */
static char *
run_period_start (Run        *run,
                  const char *until)
{
  const char *from;

  if (run->period_starts == NULL)
    run->period_starts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!g_hash_table_lookup_extended (run->period_starts, until, NULL, (gpointer *) &from))
    {
      char *made = period_start (until, dues_months (run->import->dues_period));

      g_hash_table_insert (run->period_starts, g_strdup (until), made);
      from = made;
    }

  return g_strdup (from);
}

/* Whether members of @tier pay dues (looked up once per tier and run). */
static gboolean
tier_is_paid (Run        *run,
              const char *tier)
{
  gpointer kind;

  if (!g_hash_table_lookup_extended (run->tier_kinds, tier ? tier : "", NULL, &kind))
    {
      kind = GINT_TO_POINTER (ch_membership_tier_kind (run->import->store,
                                                       run->import->chapter_id, tier));
      g_hash_table_insert (run->tier_kinds, g_strdup (tier ? tier : ""), kind);
    }

  return GPOINTER_TO_INT (kind) == CH_TIER_KIND_PAID;
}

/* "Member since" and "paid until" as the history a member made in the
 * window would have: a join period from the day they joined to the day
 * their dues run out, in their tier; and, for a paid tier, the payment
 * that covers the last dues period up to "paid until" (with the amount
 * when the file has one), marked as imported.  A member with "paid until"
 * but no "member since" joined, as far as anyone knows, when that period
 * began: without a join day the status would say "prospect". */
static gboolean
derive_history (Run          *run,
                ChImportRow  *row,
                const char   *id,
                JsonObject   *clean,
                GError      **error)
{
  ChImport *self = run->import;
  const char *joined = json_object_get_string_member_with_default (clean, "joined_on", NULL);
  const char *until = json_object_get_string_member_with_default (clean, "dues_paid_until",
                                                                   NULL);
  const char *tier = json_object_get_string_member_with_default (clean, "tier", NULL);
  g_autofree char *from = NULL;
  gboolean paid = until != NULL && tier_is_paid (run, tier);

  if (paid)
    {
      from = run_period_start (run, until);
      if (from != NULL && joined != NULL && strcmp (joined, from) > 0)
        {
          g_free (from);
          from = g_strdup (joined);
        }
      if (from != NULL && strcmp (from, until) > 0)
        g_clear_pointer (&from, g_free);
      paid = from != NULL;
    }

  if (joined != NULL || paid)
    {
      g_autoptr(JsonObject) period = json_object_new ();
      g_autofree char *period_id = NULL;
      const char *starts = joined != NULL ? joined : from;

      json_object_set_string_member (period, "member_id", id);
      json_object_set_string_member (period, "starts_on", starts);
      if (until != NULL && strcmp (until, starts) >= 0)
        json_object_set_string_member (period, "ends_on", until);
      json_object_set_string_member (period, "kind", CH_PERIOD_JOIN);
      if (tier != NULL)
        json_object_set_string_member (period, "tier", tier);
      if (!ch_import_writer_insert (run->writer, "membership_period", NULL, period,
                                    &period_id, error) ||
          !record_insert (run, "membership_period", period_id, error))
        return FALSE;
    }

  if (paid)
    {
      g_autoptr(JsonObject) payment = json_object_new ();
      g_autofree char *payment_id = NULL;
      gint64 amount = ch_import_row_get_amount (row);

      json_object_set_string_member (payment, "member_id", id);
      if (amount > 0)
        json_object_set_int_member (payment, "amount", amount);
      else
        json_object_set_null_member (payment, "amount");
      if (self->currency != NULL)
        json_object_set_string_member (payment, "currency", self->currency);
      json_object_set_string_member (payment, "paid_on", from);
      json_object_set_string_member (payment, "covers_from", from);
      json_object_set_string_member (payment, "covers_until", until);
      json_object_set_string_member (payment, "method", CH_PAYMENT_METHOD_IMPORTED);
      if (!ch_import_writer_insert (run->writer, "payment", NULL, payment, &payment_id,
                                    error) ||
          !record_insert (run, "payment", payment_id, error))
        return FALSE;
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
  g_autoptr(JsonObject) clean = NULL;
  g_autofree char *id = NULL;
  const char * const *specialties = ch_import_row_get_specialties (row);

  if (!(clean = ch_store_normalize_set (ch_entity_lookup ("member"),
                                        ch_import_row_get_fields (row), error)))
    return FALSE;
  normalize_gender (clean);

  /* A member with "paid until" and no "member since": see derive_history(). */
  if (!json_object_has_member (clean, "joined_on") &&
      json_object_has_member (clean, "dues_paid_until"))
    {
      const char *until = json_object_get_string_member (clean, "dues_paid_until");
      const char *tier = json_object_get_string_member_with_default (clean, "tier", NULL);
      g_autofree char *from = NULL;

      if (until != NULL && tier_is_paid (run, tier) &&
          (from = run_period_start (run, until)) != NULL)
        json_object_set_string_member (clean, "joined_on", from);
    }

  if (!ch_import_writer_check_member (run->writer, clean, error))
    return FALSE;

  *fatal = TRUE;
  if (!ch_import_writer_insert (run->writer, "member", NULL, clean, &id, error) ||
      !record_insert (run, "member", id, error))
    return FALSE;

  for (guint i = 0; specialties[i]; i++)
    {
      g_autofree char *sid = ch_specialties_row_id (id, specialties[i]);
      g_autoptr(JsonObject) set = json_object_new ();

      json_object_set_string_member (set, "member_id", id);
      json_object_set_string_member (set, "specialty", specialties[i]);
      if (!ch_import_writer_insert (run->writer, "member_specialty", sid, set, NULL, error) ||
          !record_insert (run, "member_specialty", sid, error))
        return FALSE;
    }

  if (!derive_history (run, row, id, clean, error))
    return FALSE;

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

/* The chapter's currency and dues period, for the payments of the run. */
static void
load_chapter (ChImport *self)
{
  g_autoptr(ChChapter) chapter = ch_store_get_chapter (self->store, self->chapter_id, NULL);

  g_clear_pointer (&self->currency, g_free);
  g_clear_pointer (&self->dues_period, g_free);
  if (chapter == NULL)
    return;
  self->currency = g_strdup (ch_chapter_get_currency (chapter));
  self->dues_period = g_strdup (ch_chapter_get_dues_period (chapter));
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
  run.tier_kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
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
  /* A large file changes many pages of the member indexes: with the
   * default cache (2 MiB) they were written out and read back again and
   * again inside the transaction. */
  sqlite3_exec (ch_store_get_db (self->store), "PRAGMA cache_size = -65536", NULL, NULL, NULL);
  load_chapter (self);
  self->no_existing = ch_store_count_members (self->store, self->chapter_id) == 0;

  if (!begin_batch (&run, error) ||
      !(run.writer = ch_import_writer_new (self->store, self->chapter_id, error)) ||
      (n > SUSPEND_INDEXES_FROM && self->no_existing &&
       !ch_import_writer_suspend_indexes (run.writer, error)))
    goto fail;
  if (n > SUSPEND_INDEXES_FROM && self->no_existing)
    run.pending = g_array_new (FALSE, FALSE, sizeof (PendingRecord));

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
  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !flush_records (&run, error) || !end_batch (&run, error) ||
      !ch_import_writer_restore_indexes (run.writer, error))
    goto fail;

  g_clear_pointer (&run.writer, ch_import_writer_free);
  if (dry_run)
    ch_store_rollback (self->store);
  else
    {
      sqlite3_finalize (g_steal_pointer (&run.record));
      sqlite3_finalize (g_steal_pointer (&run.record_many));
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
  sqlite3_finalize (g_steal_pointer (&run.record_many));
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
