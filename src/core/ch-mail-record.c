/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-mail-record"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-mail-record.h"
#include "ch-store-private.h"
#include "ch-date-text.h"

G_DEFINE_BOXED_TYPE (ChMailRecord, ch_mail_record, ch_mail_record_copy, ch_mail_record_free)

ChMailRecord *
ch_mail_record_copy (const ChMailRecord *self)
{
  ChMailRecord *copy = g_new0 (ChMailRecord, 1);

  copy->id = g_strdup (self->id);
  copy->member_id = g_strdup (self->member_id);
  copy->template_key = g_strdup (self->template_key);
  copy->title = g_strdup (self->title);
  copy->subject = g_strdup (self->subject);
  copy->sent_at = g_strdup (self->sent_at);
  copy->sent_by = g_strdup (self->sent_by);

  return copy;
}

void
ch_mail_record_free (ChMailRecord *self)
{
  if (self == NULL)
    return;

  g_free (self->id);
  g_free (self->member_id);
  g_free (self->template_key);
  g_free (self->title);
  g_free (self->subject);
  g_free (self->sent_at);
  g_free (self->sent_by);
  g_free (self);
}

gboolean
ch_mail_record_add (ChStore     *store,
                    const char  *chapter_id,
                    const char  *member_id,
                    const char  *template_key,
                    const char  *title,
                    const char  *subject,
                    const char  *sent_at,
                    const char  *sent_by,
                    GError     **error)
{
  g_autoptr(JsonObject) set = json_object_new ();

  json_object_set_string_member (set, "member_id", member_id);
  json_object_set_string_member (set, "template", template_key);
  json_object_set_string_member (set, "title", title);
  json_object_set_string_member (set, "subject", subject);
  json_object_set_string_member (set, "sent_at", sent_at);
  json_object_set_string_member (set, "sent_by", sent_by);

  return ch_store_insert (store, "mail_record", chapter_id, NULL, set, NULL, error);
}

static char *
dup_column (sqlite3_stmt *st,
            int           i)
{
  return g_strdup ((const char *) sqlite3_column_text (st, i));
}

/* Runs @sql (the record's columns, then @arg1 and @arg2 bound) and
 * returns its rows as ChMailRecord. */
static GPtrArray *
read_records (ChStore     *store,
              const char  *sql,
              const char  *arg1,
              const char  *arg2,
              GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (
    (GDestroyNotify) ch_mail_record_free);
  sqlite3 *db = ch_store_get_db (store);
  sqlite3_stmt *st = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not read what was e-mailed: %s"), sqlite3_errmsg (db));
      return NULL;
    }
  sqlite3_bind_text (st, 1, arg1, -1, SQLITE_TRANSIENT);
  if (arg2 != NULL)
    sqlite3_bind_text (st, 2, arg2, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      ChMailRecord *r = g_new0 (ChMailRecord, 1);

      r->id = dup_column (st, 0);
      r->member_id = dup_column (st, 1);
      r->template_key = dup_column (st, 2);
      r->title = dup_column (st, 3);
      r->subject = dup_column (st, 4);
      r->sent_at = dup_column (st, 5);
      r->sent_by = dup_column (st, 6);
      g_ptr_array_add (list, r);
    }
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not read what was e-mailed: %s"), sqlite3_errmsg (db));
      return NULL;
    }

  return g_steal_pointer (&list);
}

GPtrArray *
ch_mail_record_list (ChStore     *store,
                     const char  *member_id,
                     GError     **error)
{
  return read_records (store,
                       "SELECT id, member_id, template, title, subject, sent_at, sent_by "
                       "FROM mail_record WHERE member_id = ? AND deleted = 0 "
                       "ORDER BY sent_at DESC, id DESC", member_id, NULL, error);
}

static char *
days_ago_iso (guint days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) since = g_date_time_add_days (now, -(gint) days);

  return g_date_time_format (since, "%Y-%m-%dT%H:%M:%SZ");
}

GHashTable *
ch_mail_record_recent (ChStore     *store,
                       const char  *chapter_id,
                       guint        days,
                       GError     **error)
{
  g_autofree char *since = days_ago_iso (days);
  g_autoptr(GPtrArray) list = read_records (store,
                                            "SELECT id, member_id, template, title, subject, "
                                            "sent_at, sent_by FROM mail_record "
                                            "WHERE chapter_id = ? AND deleted = 0 "
                                            "AND sent_at >= ? ORDER BY sent_at DESC, id DESC",
                                            chapter_id, since, error);
  GHashTable *recent;

  if (list == NULL)
    return NULL;

  recent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                  (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < list->len; i++)
    {
      ChMailRecord *r = list->pdata[i];
      GPtrArray *of_member;

      if (r->member_id == NULL)
        continue;
      of_member = g_hash_table_lookup (recent, r->member_id);
      if (of_member == NULL)
        {
          of_member = g_ptr_array_new_with_free_func ((GDestroyNotify) ch_mail_record_free);
          g_hash_table_insert (recent, g_strdup (r->member_id), of_member);
        }
      g_ptr_array_add (of_member, ch_mail_record_copy (r));
    }

  return recent;
}

GHashTable *
ch_mail_record_last_reminded (ChStore     *store,
                              const char  *chapter_id,
                              GError     **error)
{
  /* The newest renewal message per member: one pass over the index. */
  g_autoptr(GPtrArray) list = read_records (store,
                                            "SELECT id, member_id, template, title, subject, "
                                            "max(sent_at), sent_by FROM mail_record "
                                            "WHERE chapter_id = ? AND deleted = 0 "
                                            "AND template LIKE 'renewal-%' "
                                            "GROUP BY member_id",
                                            chapter_id, NULL, error);
  GHashTable *last;

  if (list == NULL)
    return NULL;

  last = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) ch_mail_record_free);
  for (guint i = 0; i < list->len; i++)
    {
      ChMailRecord *r = list->pdata[i];

      if (r->member_id != NULL)
        g_hash_table_insert (last, g_strdup (r->member_id), ch_mail_record_copy (r));
    }

  return last;
}

char *
ch_mail_record_describe (const ChMailRecord *record,
                         const char         *tz_id)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (record->sent_at, NULL);
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *day = NULL;

  if (utc == NULL)
    return g_strdup (record->title);

  tz = tz_id != NULL ? g_time_zone_new_identifier (tz_id) : NULL;
  if (tz == NULL)
    tz = g_time_zone_new_local ();
  local = g_date_time_to_timezone (utc, tz);
  {
    GDate date;

    g_date_clear (&date, 1);
    g_date_set_dmy (&date, (GDateDay) g_date_time_get_day_of_month (local),
                    (GDateMonth) g_date_time_get_month (local),
                    (GDateYear) g_date_time_get_year (local));
    day = ch_date_text_format (&date);
  }

  /* Translators: what was e-mailed to a member and on which day, such as
   * "Renewal reminder, 02.12.2026" (the date in the user's form). */
  return g_strdup_printf (_("%s, %s"), record->title, day);
}

guint
ch_mail_record_count_recent (ChStore    *store,
                             const char *member_id,
                             const char *template_key,
                             guint       days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) since = g_date_time_add_days (now, -(gint) days);
  g_autofree char *since_iso = g_date_time_format (since, "%Y-%m-%dT%H:%M:%SZ");

  return (guint) ch_store_query_int (store, 0,
                                     "SELECT count(*) FROM mail_record WHERE member_id = ? "
                                     "AND deleted = 0 AND sent_at >= ? "
                                     "AND (? IS NULL OR template = ?)",
                                     member_id, since_iso, template_key, template_key,
                                     ch_store_sql_end);
}
