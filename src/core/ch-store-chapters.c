/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-store"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-date.h"
#include "ch-iso-date.h"
#include "ch-uuid.h"

#include "ch-store.h"
#include "ch-store-private.h"

/* ----------------------------------------------------------------------- */
/* Chapters                                                                  */

GPtrArray *
ch_store_list_chapters (ChStore  *self,
                        GError  **error)
{
  g_autoptr(GPtrArray) chapters = g_ptr_array_new_with_free_func (g_object_unref);
  const ChEntityInfo *info = ch_entity_lookup ("chapter");
  sqlite3_stmt *st;
  GString *sql;
  int rc;

  sql = g_string_new ("SELECT id, chapter_id, version, deleted");
  for (guint i = 0; i < info->n_fields; i++)
    g_string_append_printf (sql, ", %s", info->fields[i].name);
  g_string_append (sql, " FROM chapter WHERE deleted = 0 ORDER BY name COLLATE NOCASE");

  st = ch_store_stmt (self, sql->str, error);
  g_string_free (sql, TRUE);
  if (st == NULL)
    return NULL;

  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) row = ch_store_row_from_stmt (info, st);
      g_ptr_array_add (chapters, ch_chapter_new_from_row (row));
    }
  sqlite3_reset (st);

  if (rc != SQLITE_DONE)
    {
      /* Translators: %s is the database's own message */
      ch_store_set_sql_error (error, self->db, _("Could not read the chapters: %s"));
      return NULL;
    }

  return g_steal_pointer (&chapters);
}

ChChapter *
ch_store_get_chapter (ChStore     *self,
                      const char  *id,
                      GError     **error)
{
  g_autoptr(JsonObject) row = NULL;

  g_return_val_if_fail (CH_IS_STORE (self), NULL);

  if (id == NULL || !(row = ch_store_get_row (self, "chapter", id, error)))
    {
      if (id == NULL)
        g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND, _("No chapter was chosen."));
      return NULL;
    }

  if (json_object_get_boolean_member (row, "deleted"))
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND, _("The chapter was deleted."));
      return NULL;
    }

  return ch_chapter_new_from_row (row);
}

ChChapter *
ch_store_create_chapter (ChStore     *self,
                         JsonObject  *fields,
                         GError     **error)
{
  g_autofree char *id = ch_uuid_new_v7 ();
  g_autoptr(JsonObject) set = NULL;
  const char *tz;

  g_return_val_if_fail (CH_IS_STORE (self), NULL);
  g_return_val_if_fail (fields != NULL, NULL);

  /* Kinds and lengths first: the checks below read the values as text. */
  if (!(set = ch_store_normalize_set (ch_entity_lookup ("chapter"), fields, error)))
    return NULL;

  {
    const char *chapter_name = json_object_get_string_member_with_default (set, "name", NULL);
    g_autofree char *trimmed = g_strstrip (g_strdup (chapter_name ? chapter_name : ""));

    if (*trimmed == '\0')
      {
        g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED,
                     _("Give the chapter a name."));
        return NULL;
      }
  }

  tz = json_object_get_string_member_with_default (set, "timezone", NULL);
  if (tz == NULL || *tz == '\0')
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED,
                   _("Choose the chapter’s time zone."));
      return NULL;
    }
  else
    {
      g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (tz);

      if (zone == NULL)
        {
          g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
                       _("“%s” is not a known time zone. Use a name such as Europe/Stockholm."),
                       tz);
          return NULL;
        }
    }

  {
    const char *currency = json_object_get_string_member_with_default (set, "currency", "");
    gboolean ok = strlen (currency) == 3;

    for (guint i = 0; ok && i < 3; i++)
      ok = g_ascii_isupper (currency[i]);

    if (!ok)
      {
        g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
                     _("The currency must be a three-letter code such as EUR or USD."));
        return NULL;
      }
  }

  if (json_object_has_member (set, "dues_amount") &&
      json_object_get_int_member (set, "dues_amount") < 0)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
                   _("Dues cannot be negative."));
      return NULL;
    }

  if (!json_object_has_member (set, "dues_period"))
    json_object_set_string_member (set, "dues_period", "yearly");
  if (!json_object_has_member (set, "grace_days"))
    json_object_set_int_member (set, "grace_days", 30);

  if (!ch_store_insert (self, "chapter", id, id, set, NULL, error))
    return NULL;

  return ch_store_get_chapter (self, id, error);
}

ChStoreToday *
ch_store_today_for (ChStore    *self,
                    const char *chapter_id)
{
  ChStoreToday *cache = g_hash_table_lookup (self->today_cache, chapter_id ? chapter_id : "");
  gint64 now = g_get_monotonic_time ();

  if (cache == NULL || cache->expires_at < now)
    {
      g_autoptr(JsonObject) row = NULL;
      g_autofree char *iso = NULL;
      GDate today;

      if (chapter_id != NULL)
        row = ch_store_get_row (self, "chapter", chapter_id, NULL);

      if (cache == NULL)
        {
          cache = g_new0 (ChStoreToday, 1);
          g_hash_table_insert (self->today_cache, g_strdup (chapter_id ? chapter_id : ""), cache);
        }

      ch_date_today (row ? json_object_get_string_member_with_default (row, "timezone", NULL)
                         : NULL,
                     &today);
      iso = ch_date_format (&today);
      cache->today_days = ch_iso_date_to_days (iso, -1);
      cache->grace_days = row && !json_object_get_null_member (row, "grace_days")
                          ? (gint) json_object_get_int_member (row, "grace_days") : 30;
      cache->expires_at = now + 30 * G_USEC_PER_SEC;
    }

  return cache;
}

gint32
ch_store_today_days (ChStore    *self,
                     const char *chapter_id)
{
  g_return_val_if_fail (CH_IS_STORE (self), 0);

  return ch_store_today_for (self, chapter_id)->today_days;
}

gint
ch_store_grace_days (ChStore    *self,
                     const char *chapter_id)
{
  g_return_val_if_fail (CH_IS_STORE (self), 0);

  return ch_store_today_for (self, chapter_id)->grace_days;
}
