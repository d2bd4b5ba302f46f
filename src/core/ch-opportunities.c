/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-opportunities"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ch-membership-private.h"
#include "ch-opportunities.h"
#include "ch-opportunity-query.h"
#include "ch-opportunity-rule.h"
#include "ch-specialties.h"
#include "ch-store-private.h"
#include "ch-date.h"

G_DEFINE_QUARK (ch-opportunities-error-quark, ch_opportunities_error)

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, CH_OPPORTUNITIES_ERROR, CH_OPPORTUNITIES_ERROR_INVALID, message);
  return FALSE;
}

/* ----------------------------------------------------------------------- */
/* Reading                                                                 */

/* An erased member (their name is gone, their opportunities stay as
 * anonymous counts) is ?8, "Erased member". */
#define MEMBER_NAME(alias)                                                        \
  "CASE WHEN " alias ".id IS NOT NULL AND " alias ".deleted = 0 THEN "            \
  "trim (coalesce (" alias ".given_name, '') || ' ' || coalesce (" alias ".family_name, '')) " \
  "WHEN " alias ".erased_on IS NOT NULL THEN ?8 "                                  \
  "END"

#define LIST_SQL(member_clause)                                                             \
  "SELECT o.id, o.chapter_id, o.from_member_id, " MEMBER_NAME ("g") ", o.to_member_id, "    \
  "       " MEMBER_NAME ("r") ", o.title, o.specialty, o.value_band, o.status, o.given_on, " \
  "       o.accepted_on, o.closed_on, o.notes "                                           \
  "FROM opportunity o "                                                                   \
  "LEFT JOIN member g ON g.id = o.from_member_id "                                        \
  "LEFT JOIN member r ON r.id = o.to_member_id "                                          \
  "WHERE o.chapter_id = ?1 AND o.deleted = 0 " member_clause                               \
  "  AND (?3 IS NULL OR ch_fold (o.specialty) = ch_fold (?3)) "                           \
  "  AND (?4 IS NULL OR o.status = ?4) "                                                  \
  "  AND (?5 IS NULL OR o.given_on >= ?5) "                                               \
  "  AND (?6 IS NULL OR o.given_on <= ?6) "                                               \
  "  AND (?7 IS NULL OR o.id = ?7) "                                                      \
  "ORDER BY o.given_on DESC, o.id DESC"

static const char list_sql[] = LIST_SQL ("AND ?2 IS NULL");
/* One member's: driven by the giver and receiver indexes, not a scan of
 * the chapter's ledger. */
static const char member_list_sql[] =
  LIST_SQL ("AND o.rowid IN (SELECT rowid FROM opportunity WHERE from_member_id = ?2 "
            "                UNION ALL "
            "                SELECT rowid FROM opportunity WHERE to_member_id = ?2) ");

typedef struct
{
  char *chapter_id;
  char *member_id;
  char *specialty;
  char *status;
  char *from;
  char *to;
  char *id;
} ListJob;

static void
list_job_free (ListJob *job)
{
  g_free (job->chapter_id);
  g_free (job->member_id);
  g_free (job->specialty);
  g_free (job->status);
  g_free (job->from);
  g_free (job->to);
  g_free (job->id);
  g_free (job);
}

static ListJob *
list_job_new (const char                *chapter_id,
              const ChOpportunityFilter *filter,
              const char                *id)
{
  ListJob *job = g_new0 (ListJob, 1);

  job->chapter_id = g_strdup (chapter_id);
  job->id = g_strdup (id);
  if (filter != NULL)
    {
      job->member_id = g_strdup (filter->member_id);
      job->specialty = ch_specialties_normalize (filter->specialty);
      job->status = g_strdup (filter->status);
      job->from = g_strdup (filter->from);
      job->to = g_strdup (filter->to);
    }

  return job;
}

static GPtrArray *
list_on_db (sqlite3  *db,
            gpointer  data,
            GError  **error)
{
  ListJob *job = data;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *st;
  int rc;

  if (!(st = ch_opportunity_query_prepare (db, job->member_id ? member_list_sql : list_sql,
                                           error)))
    return NULL;

  sqlite3_bind_text (st, 1, job->chapter_id, -1, SQLITE_STATIC);
  ch_store_bind_text (st, 2, job->member_id);
  ch_store_bind_text (st, 3, job->specialty);
  ch_store_bind_text (st, 4, job->status);
  ch_store_bind_text (st, 5, job->from);
  ch_store_bind_text (st, 6, job->to);
  ch_store_bind_text (st, 7, job->id);
  sqlite3_bind_text (st, 8, _("Erased member"), -1, SQLITE_TRANSIENT);

#define T(i) ch_opportunity_query_text (st, i)
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    g_ptr_array_add (out, ch_opportunity_new (T (0), T (1), T (2), T (3), T (4), T (5), T (6),
                                              T (7), T (8), T (9), T (10), T (11), T (12),
                                              T (13)));
#undef T

  return ch_opportunity_query_finish (db, st, rc, g_steal_pointer (&out), error);
}

GPtrArray *
ch_opportunities_list (ChStore                   *store,
                       const char                *chapter_id,
                       const ChOpportunityFilter *filter,
                       GError                   **error)
{
  g_return_val_if_fail (CH_IS_STORE (store), NULL);
  g_return_val_if_fail (chapter_id != NULL, NULL);

  return ch_opportunity_query_run (store, list_on_db, list_job_new (chapter_id, filter, NULL),
                                   (GDestroyNotify) list_job_free, error);
}

void
ch_opportunities_list_async (ChStore                   *store,
                             const char                *chapter_id,
                             const ChOpportunityFilter *filter,
                             GCancellable              *cancellable,
                             GAsyncReadyCallback        callback,
                             gpointer                   user_data)
{
  g_return_if_fail (CH_IS_STORE (store));
  g_return_if_fail (chapter_id != NULL);

  ch_opportunity_query_run_async (store, list_on_db, list_job_new (chapter_id, filter, NULL),
                                  (GDestroyNotify) list_job_free, ch_opportunities_list_async,
                                  cancellable, callback, user_data);
}

GPtrArray *
ch_opportunities_list_finish (GAsyncResult  *result,
                              GError       **error)
{
  return ch_opportunity_query_run_finish (result, ch_opportunities_list_async, error);
}

ChOpportunity *
ch_opportunities_get (ChStore     *store,
                      const char  *opportunity_id,
                      GError     **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GPtrArray) found = NULL;
  ListJob *job;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  if (!(row = ch_membership_live_row (store, "opportunity", opportunity_id, error)))
    return NULL;

  job = list_job_new (ch_store_row_text (row, "chapter_id"), NULL, opportunity_id);
  found = list_on_db (ch_store_get_db (store), job, error);
  list_job_free (job);
  if (found == NULL)
    return NULL;
  if (found->len == 0)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND,
                   _("The opportunity no longer exists."));
      return NULL;
    }

  return g_object_ref (found->pdata[0]);
}

gboolean
ch_opportunities_period_range (const char  *period,
                               char       **from,
                               char       **to)
{
  guint year = 0, quarter = 0;
  char tail = 0;
  GDate date;

  g_return_val_if_fail (from != NULL && to != NULL, FALSE);

  if (period == NULL)
    return FALSE;
  if (strlen (period) == 4 && sscanf (period, "%4u%c", &year, &tail) == 1)
    quarter = 0;
  else if (strlen (period) == 7 && sscanf (period, "%4u-Q%1u%c", &year, &quarter, &tail) == 2 &&
           quarter >= 1 && quarter <= 4)
    ;
  else
    return FALSE;
  if (year < 1900 || year > 9999)
    return FALSE;

  if (quarter == 0)
    {
      *from = g_strdup_printf ("%04u-01-01", year);
      *to = g_strdup_printf ("%04u-12-31", year);
      return TRUE;
    }

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, (GDateMonth) (quarter * 3 - 2), (GDateYear) year);
  *from = ch_date_format (&date);
  g_date_add_months (&date, 3);
  g_date_subtract_days (&date, 1);
  *to = ch_date_format (&date);

  return TRUE;
}

/* ----------------------------------------------------------------------- */
/* Writing                                                                 */

static const char *
text_of (JsonObject *fields,
         const char *name)
{
  const char *text = ch_store_row_text (fields, name);

  return text != NULL && *text != '\0' ? text : NULL;
}

/* @member_id is a live member of @chapter_id. */
static gboolean
check_member (ChStore     *store,
              const char  *chapter_id,
              const char  *member_id,
              const char  *missing,
              GError     **error)
{
  g_autoptr(JsonObject) member = ch_store_get_live_row (store, "member", member_id);

  if (member == NULL || g_strcmp0 (ch_store_row_text (member, "chapter_id"), chapter_id) != 0)
    return invalid (error, missing);

  return TRUE;
}

/* Checks the whole row @row (the write format, with every field) and
 * fills @set with its stored form. */
static gboolean
check_row (ChStore     *store,
           const char  *chapter_id,
           JsonObject  *row,
           GError     **error)
{
  g_autofree char *today = ch_membership_today_iso (store, chapter_id);
  g_autofree char *title = NULL;
  g_autofree char *specialty = NULL;
  g_autoptr(GError) rule_error = NULL;
  const char *giver = text_of (row, "from_member_id");
  const char *receiver = text_of (row, "to_member_id");

  if (giver == NULL)
    return invalid (error, _("Choose the member who gave the opportunity."));
  if (!check_member (store, chapter_id, giver,
                     _("The member who gave the opportunity is not in this chapter."), error))
    return FALSE;
  if (receiver != NULL)
    {
      if (!check_member (store, chapter_id, receiver,
                         _("The member who received the opportunity is not in this chapter."),
                         error))
        return FALSE;
      if (strcmp (giver, receiver) == 0)
        return invalid (error, _("A member cannot give an opportunity to themselves; choose "
                                 "another member or the chapter."));
    }

  title = g_strstrip (g_strdup (text_of (row, "title") ? text_of (row, "title") : ""));
  if (*title == '\0')
    return invalid (error, _("Enter a title for the opportunity, e.g. “Azure migration for a "
                             "retailer”."));
  json_object_set_string_member (row, "title", title);

  specialty = ch_specialties_normalize (text_of (row, "specialty"));
  json_object_set_string_member (row, "specialty", specialty);
  json_object_set_string_member (row, "to_member_id", receiver);
  json_object_set_string_member (row, "value_band", text_of (row, "value_band"));
  json_object_set_string_member (row, "notes", text_of (row, "notes"));

  if (!ch_opportunity_rule_check (text_of (row, "status"), text_of (row, "value_band"),
                                  text_of (row, "given_on"), text_of (row, "accepted_on"),
                                  text_of (row, "closed_on"), today, &rule_error))
    return invalid (error, rule_error->message);

  return TRUE;
}

static gboolean
check_known (JsonObject          *fields,
             const char * const  *known,
             GError             **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &name, &node))
    {
      if (!g_strv_contains (known, name))
        {
          g_set_error (error, CH_OPPORTUNITIES_ERROR, CH_OPPORTUNITIES_ERROR_INVALID,
                       _("“%s” is not a field of an opportunity."), name);
          return FALSE;
        }
      if (!JSON_NODE_HOLDS_NULL (node) &&
          (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING))
        {
          g_set_error (error, CH_OPPORTUNITIES_ERROR, CH_OPPORTUNITIES_ERROR_INVALID,
                       _("“%s” of an opportunity must be text."), name);
          return FALSE;
        }
    }

  return TRUE;
}

static const char *const row_fields[] = {
  "from_member_id", "to_member_id", "title", "specialty", "value_band", "notes", "given_on",
  "status", "accepted_on", "closed_on", NULL,
};

gboolean
ch_opportunities_add (ChStore     *store,
                      const char  *chapter_id,
                      JsonObject  *fields,
                      char       **out_id,
                      GError     **error)
{
  g_autoptr(JsonObject) row = json_object_new ();
  g_autofree char *today = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);
  g_return_val_if_fail (chapter_id != NULL, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  if (!check_known (fields, row_fields, error))
    return FALSE;

  for (guint i = 0; row_fields[i] != NULL; i++)
    json_object_set_string_member (row, row_fields[i], text_of (fields, row_fields[i]));
  if (text_of (row, "given_on") == NULL)
    {
      today = ch_membership_today_iso (store, chapter_id);
      json_object_set_string_member (row, "given_on", today);
    }
  if (text_of (row, "status") == NULL)
    json_object_set_string_member (row, "status", CH_OPPORTUNITY_STATUS_GIVEN);

  if (!check_row (store, chapter_id, row, error))
    return FALSE;

  /* Nulls are left out of an insert: nothing to say. */
  for (guint i = 0; row_fields[i] != NULL; i++)
    if (text_of (row, row_fields[i]) == NULL)
      json_object_remove_member (row, row_fields[i]);

  return ch_store_insert (store, "opportunity", chapter_id, NULL, row, out_id, error);
}

/* The stored fields of a live opportunity, as check_row() reads them. */
static JsonObject *
load_row (ChStore     *store,
          const char  *opportunity_id,
          char       **chapter_id,
          GError     **error)
{
  g_autoptr(JsonObject) stored = NULL;
  JsonObject *row;

  if (!(stored = ch_membership_live_row (store, "opportunity", opportunity_id, error)))
    return NULL;

  row = json_object_new ();
  for (guint i = 0; row_fields[i] != NULL; i++)
    json_object_set_string_member (row, row_fields[i], text_of (stored, row_fields[i]));
  *chapter_id = g_strdup (ch_store_row_text (stored, "chapter_id"));

  return row;
}

static JsonObject *
copy_row (JsonObject *row)
{
  JsonObject *copy = json_object_new ();

  for (guint i = 0; row_fields[i] != NULL; i++)
    json_object_set_string_member (copy, row_fields[i], text_of (row, row_fields[i]));

  return copy;
}

/* Writes the fields of @row that differ from @before. */
static gboolean
write_changes (ChStore     *store,
               const char  *opportunity_id,
               JsonObject  *before,
               JsonObject  *row,
               GError     **error)
{
  g_autoptr(JsonObject) set = json_object_new ();

  for (guint i = 0; row_fields[i] != NULL; i++)
    {
      const char *now = text_of (row, row_fields[i]);

      if (g_strcmp0 (now, text_of (before, row_fields[i])) == 0)
        continue;
      if (now != NULL)
        json_object_set_string_member (set, row_fields[i], now);
      else
        json_object_set_null_member (set, row_fields[i]);
    }

  if (json_object_get_size (set) == 0)
    return TRUE;

  return ch_store_update (store, "opportunity", opportunity_id, set, error);
}

gboolean
ch_opportunities_update (ChStore     *store,
                         const char  *opportunity_id,
                         JsonObject  *fields,
                         GError     **error)
{
  static const char *const editable[] = {
    "from_member_id", "to_member_id", "title", "specialty", "value_band", "notes", "given_on",
    NULL,
  };
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *chapter_id = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  if (!check_known (fields, editable, error))
    return FALSE;
  if (!(before = load_row (store, opportunity_id, &chapter_id, error)))
    return FALSE;

  row = copy_row (before);
  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_string_member (row, name, text_of (fields, name));

  if (text_of (row, "given_on") == NULL)
    return invalid (error, _("Enter the day the opportunity was given."));
  if (!check_row (store, chapter_id, row, error))
    return FALSE;

  return write_changes (store, opportunity_id, before, row, error);
}

gboolean
ch_opportunities_advance (ChStore     *store,
                          const char  *opportunity_id,
                          const char  *status,
                          const char  *on,
                          const char  *accepted_on,
                          GError     **error)
{
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GError) rule_error = NULL;
  g_autofree char *chapter_id = NULL;
  g_autofree char *day = NULL;
  const char *current;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(before = load_row (store, opportunity_id, &chapter_id, error)))
    return FALSE;
  current = text_of (before, "status");
  if (!ch_opportunity_rule_can_advance (current, status, &rule_error))
    return invalid (error, rule_error->message);
  if (!ch_membership_date_or_today (store, chapter_id, on, &day, CH_OPPORTUNITIES_ERROR,
                                    CH_OPPORTUNITIES_ERROR_INVALID, error))
    return FALSE;

  row = copy_row (before);
  json_object_set_string_member (row, "status", status);

  if (strcmp (status, CH_OPPORTUNITY_STATUS_ACCEPTED) == 0)
    json_object_set_string_member (row, "accepted_on", day);
  else
    {
      if (g_strcmp0 (current, CH_OPPORTUNITY_STATUS_GIVEN) == 0 && accepted_on != NULL &&
          *accepted_on != '\0')
        json_object_set_string_member (row, "accepted_on", accepted_on);
      json_object_set_string_member (row, "closed_on", day);
    }

  if (!check_row (store, chapter_id, row, error))
    return FALSE;

  return write_changes (store, opportunity_id, before, row, error);
}

gboolean
ch_opportunities_delete (ChStore     *store,
                         const char  *opportunity_id,
                         GError     **error)
{
  g_autoptr(JsonObject) row = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  if (!(row = ch_membership_live_row (store, "opportunity", opportunity_id, error)))
    return FALSE;

  return ch_store_delete (store, "opportunity", opportunity_id, error);
}
