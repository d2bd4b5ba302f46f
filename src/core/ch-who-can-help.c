/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-who-can-help"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-opportunity-query.h"
#include "ch-specialties.h"
#include "ch-store-private.h"
#include "ch-who-can-help.h"

struct _ChWhoCanHelpEntry
{
  GObject  parent_instance;

  char    *member_id;
  char    *member_name;
  char    *company;
  char    *partner_kind;
  guint    given;
  guint    won;
};

G_DEFINE_FINAL_TYPE (ChWhoCanHelpEntry, ch_who_can_help_entry, G_TYPE_OBJECT)

static void
ch_who_can_help_entry_finalize (GObject *object)
{
  ChWhoCanHelpEntry *self = CH_WHO_CAN_HELP_ENTRY (object);

  g_free (self->member_id);
  g_free (self->member_name);
  g_free (self->company);
  g_free (self->partner_kind);

  G_OBJECT_CLASS (ch_who_can_help_entry_parent_class)->finalize (object);
}

static void
ch_who_can_help_entry_class_init (ChWhoCanHelpEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ch_who_can_help_entry_finalize;
}

static void
ch_who_can_help_entry_init (ChWhoCanHelpEntry *self)
{
}

#define GETTER(type, field, fallback)                                   \
  type                                                                  \
  ch_who_can_help_entry_get_##field (ChWhoCanHelpEntry *self)           \
  {                                                                     \
    g_return_val_if_fail (CH_IS_WHO_CAN_HELP_ENTRY (self), fallback);   \
    return self->field;                                                 \
  }

GETTER (const char *, member_id, NULL)
GETTER (const char *, member_name, NULL)
GETTER (const char *, company, NULL)
GETTER (const char *, partner_kind, NULL)
GETTER (guint, given, 0)
GETTER (guint, won, 0)

#undef GETTER

JsonObject *
ch_who_can_help_entry_to_json (ChWhoCanHelpEntry *self)
{
  JsonObject *out;

  g_return_val_if_fail (CH_IS_WHO_CAN_HELP_ENTRY (self), NULL);

  out = json_object_new ();
  json_object_set_string_member (out, "member_id", self->member_id);
  json_object_set_string_member (out, "member_name", self->member_name);
  json_object_set_string_member (out, "company", self->company);
  json_object_set_string_member (out, "partner_kind", self->partner_kind);
  json_object_set_int_member (out, "given", self->given);
  json_object_set_int_member (out, "won", self->won);

  return out;
}

/* ----------------------------------------------------------------------- */

/* Status through the one rule (ch_member_status), as the member list's
 * filter reads it; consent: only an explicit no hides a member. */
static const char find_sql[] =
  "SELECT m.id, trim (coalesce (m.given_name, '') || ' ' || coalesce (m.family_name, '')), "
  "       m.company, m.partner_kind, "
  "       (SELECT count (*) FROM opportunity o "
  "        WHERE o.from_member_id = m.id AND o.deleted = 0) AS given, "
  "       (SELECT count (*) FROM opportunity o "
  "        WHERE o.to_member_id = m.id AND o.deleted = 0 AND o.status = 'won') AS won "
  "FROM member m "
  "WHERE m.chapter_id = ?1 AND m.deleted = 0 AND coalesce (m.consent_directory, 1) <> 0 "
  /* The spellings of the specialty in use (one pass over the tags), then
   * its members through the specialty index. */
  "  AND m.id IN (SELECT s.member_id FROM member_specialty s "
  "               WHERE s.deleted = 0 AND s.specialty IN "
  "                 (SELECT DISTINCT specialty FROM member_specialty "
  "                  WHERE ch_fold (specialty) = ch_fold (?2))) "
  "  AND ch_member_status (?1, m.tier, m.joined_on, m.left_on, m.dues_paid_until, ?4, ?3) "
  "      IN (?5, ?6) "
  "ORDER BY won DESC, given DESC, m.name_key, m.id";

typedef struct
{
  char   *chapter_id;
  char   *specialty;
  gint32  today_days;
  gint    grace_days;
} FindJob;

static void
find_job_free (FindJob *job)
{
  g_free (job->chapter_id);
  g_free (job->specialty);
  g_free (job);
}

static FindJob *
find_job_new (ChStore    *store,
              const char *chapter_id,
              const char *specialty)
{
  FindJob *job = g_new0 (FindJob, 1);

  job->chapter_id = g_strdup (chapter_id);
  job->specialty = ch_specialties_normalize (specialty);
  job->today_days = ch_store_today_days (store, chapter_id);
  job->grace_days = ch_store_grace_days (store, chapter_id);

  return job;
}

static GPtrArray *
find_on_db (sqlite3  *db,
            gpointer  data,
            GError  **error)
{
  FindJob *job = data;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *st;
  int rc;

  if (job->specialty == NULL)
    return g_steal_pointer (&out);

  if (!(st = ch_opportunity_query_prepare (db, find_sql, error)))
    return NULL;

  sqlite3_bind_text (st, 1, job->chapter_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 2, job->specialty, -1, SQLITE_STATIC);
  sqlite3_bind_int (st, 3, job->today_days);
  sqlite3_bind_int (st, 4, job->grace_days);
  sqlite3_bind_int (st, 5, CH_MEMBER_STATUS_ACTIVE);
  sqlite3_bind_int (st, 6, CH_MEMBER_STATUS_GRACE);

  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      ChWhoCanHelpEntry *entry = g_object_new (CH_TYPE_WHO_CAN_HELP_ENTRY, NULL);

      entry->member_id = g_strdup (ch_opportunity_query_text (st, 0));
      entry->member_name = g_strdup (ch_opportunity_query_text (st, 1));
      entry->company = g_strdup (ch_opportunity_query_text (st, 2));
      entry->partner_kind = g_strdup (ch_opportunity_query_text (st, 3));
      entry->given = sqlite3_column_int (st, 4);
      entry->won = sqlite3_column_int (st, 5);
      g_ptr_array_add (out, entry);
    }

  if (rc != SQLITE_DONE)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not read the members: %s"), sqlite3_errmsg (db));
      sqlite3_finalize (st);
      return NULL;
    }
  sqlite3_finalize (st);

  return g_steal_pointer (&out);
}

GPtrArray *
ch_who_can_help_find (ChStore     *store,
                      const char  *chapter_id,
                      const char  *specialty,
                      GError     **error)
{
  g_return_val_if_fail (CH_IS_STORE (store), NULL);
  g_return_val_if_fail (chapter_id != NULL, NULL);

  return ch_opportunity_query_run (store, find_on_db, find_job_new (store, chapter_id, specialty),
                                   (GDestroyNotify) find_job_free, error);
}

void
ch_who_can_help_find_async (ChStore             *store,
                            const char          *chapter_id,
                            const char          *specialty,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (CH_IS_STORE (store));
  g_return_if_fail (chapter_id != NULL);

  ch_opportunity_query_run_async (store, find_on_db, find_job_new (store, chapter_id, specialty),
                                  (GDestroyNotify) find_job_free, ch_who_can_help_find_async,
                                  cancellable, callback, user_data);
}

GPtrArray *
ch_who_can_help_find_finish (GAsyncResult  *result,
                             GError       **error)
{
  return ch_opportunity_query_run_finish (result, ch_who_can_help_find_async, error);
}
