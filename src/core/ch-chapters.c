/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-chapters"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-chapters-private.h"
#include "ch-country.h"
#include "ch-store-private.h"

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID, message);
  return FALSE;
}

static const char *
text_member (JsonObject *set,
             const char *name)
{
  JsonNode *node = json_object_get_member (set, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

gboolean
ch_chapter_check_fields (JsonObject  *set,
                         GError     **error)
{
  static const char *known[] = { "name", "city", "country", "timezone", "currency", "dues_amount",
                                 "dues_period", "grace_days", NULL };
  g_autoptr(GList) names = NULL;
  const char *value;

  g_return_val_if_fail (set != NULL, FALSE);

  names = json_object_get_members (set);
  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      return invalid (error, _("“%s” is not a setting of a chapter."), (const char *) l->data);

  if (json_object_has_member (set, "name"))
    {
      g_autofree char *name =
        g_strstrip (g_strdup (text_member (set, "name") ? text_member (set, "name") : ""));

      if (*name == '\0')
        {
          g_set_error_literal (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED,
                               _("Give the chapter a name."));
          return FALSE;
        }
    }

  if ((value = text_member (set, "country")) != NULL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (value));
      const char *code = ch_country_code_from_text (trimmed);

      if (*trimmed == '\0')
        json_object_set_null_member (set, "country");
      else if (code == NULL)
        return invalid (error,
                        _("“%s” is not a country. Use a two-letter code such as SE, or a name "
                          "such as Sweden."),
                        value);
      else
        json_object_set_string_member (set, "country", code);
    }

  if (json_object_has_member (set, "timezone"))
    {
      g_autoptr(GTimeZone) zone = NULL;

      value = text_member (set, "timezone");
      if (value == NULL || *value == '\0' ||
          (zone = g_time_zone_new_identifier (value)) == NULL ||
          (strchr (value, '/') == NULL && g_strcmp0 (value, "UTC") != 0))
        return invalid (error,
                        _("“%s” is not a known time zone. "
                          "Use a name such as Europe/Stockholm."),
                        value ? value : "");
    }

  if (json_object_has_member (set, "currency"))
    {
      g_autofree char *upper = NULL;
      gboolean ok;

      value = text_member (set, "currency");
      upper = g_ascii_strup (value ? value : "", -1);
      g_strstrip (upper);
      ok = strlen (upper) == 3;
      for (guint i = 0; ok && i < 3; i++)
        ok = g_ascii_isupper (upper[i]);
      if (!ok)
        return invalid (error,
                        _("“%s” is not a currency. "
                          "Use a three-letter code such as EUR or SEK."),
                        value ? value : "");
      json_object_set_string_member (set, "currency", upper);
    }

  if (json_object_has_member (set, "dues_amount") &&
      (json_node_get_value_type (json_object_get_member (set, "dues_amount")) != G_TYPE_INT64 ||
       json_object_get_int_member (set, "dues_amount") < 0))
    return invalid (error, _("Dues cannot be negative."));

  if (json_object_has_member (set, "dues_period"))
    {
      value = text_member (set, "dues_period");
      if (g_strcmp0 (value, "yearly") != 0 && g_strcmp0 (value, "quarterly") != 0 &&
          g_strcmp0 (value, "monthly") != 0)
        return invalid (error, _("Dues are paid yearly, quarterly or monthly, not “%s”."),
                        value ? value : "");
    }

  if (json_object_has_member (set, "grace_days") &&
      (json_node_get_value_type (json_object_get_member (set, "grace_days")) != G_TYPE_INT64 ||
       json_object_get_int_member (set, "grace_days") < 0 ||
       json_object_get_int_member (set, "grace_days") > 365))
    return invalid (error, _("Grace days must be a whole number from 0 to 365."));

  return TRUE;
}

gboolean
ch_chapter_update (ChStore     *store,
                   const char  *chapter_id,
                   JsonObject  *set,
                   GError     **error)
{
  g_autoptr(ChChapter) chapter = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);
  g_return_val_if_fail (set != NULL, FALSE);

  if (!(chapter = ch_store_get_chapter (store, chapter_id, error)))
    return FALSE;
  if (!ch_chapter_check_fields (set, error))
    return FALSE;

  return ch_store_update (store, "chapter", chapter_id, set, error);
}

gboolean
ch_chapter_remove_local (ChStore     *store,
                         const char  *chapter_id,
                         GError     **error)
{
  g_autoptr(GPtrArray) tables = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);
  g_return_val_if_fail (chapter_id != NULL, FALSE);

  /* Every table that holds rows of a chapter, including local ones
   * (outbox, sync state, set-aside changes) and any added later. */
  tables = ch_store_query_texts (store, error,
                                 "SELECT m.name FROM sqlite_master m "
                                 "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' "
                                 "AND EXISTS (SELECT 1 FROM pragma_table_info (m.name) "
                                 "            WHERE name = 'chapter_id')",
                                 ch_store_sql_end);
  if (tables == NULL)
    return FALSE;

  if (!ch_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < tables->len; i++)
    {
      const char *table = g_ptr_array_index (tables, i);
      char *sql;
      sqlite3_stmt *st = NULL;
      int rc;

      /* The name comes from the database's own schema; quoted anyway. */
      sql = sqlite3_mprintf ("DELETE FROM \"%w\" WHERE chapter_id = ?", table);
      rc = sqlite3_prepare_v2 (ch_store_get_db (store), sql, -1, &st, NULL);
      if (rc == SQLITE_OK)
        {
          sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
          rc = sqlite3_step (st);
        }
      sqlite3_finalize (st);
      sqlite3_free (sql);

      if (rc != SQLITE_DONE && rc != SQLITE_OK)
        {
          g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                       _("Could not remove the chapter: %s"),
                       sqlite3_errmsg (ch_store_get_db (store)));
          ch_store_rollback (store);
          return FALSE;
        }
    }

  if (!ch_store_commit (store, error))
    return FALSE;

  g_signal_emit_by_name (store, "changed", "chapter", chapter_id);
  return TRUE;
}

static void
sql_country_code (sqlite3_context *ctx,
                  int              argc,
                  sqlite3_value  **argv)
{
  const char *code = NULL;

  if (sqlite3_value_type (argv[0]) == SQLITE_TEXT)
    code = ch_country_code_from_text ((const char *) sqlite3_value_text (argv[0]));

  if (code == NULL)
    sqlite3_result_null (ctx);
  else
    sqlite3_result_text (ctx, code, -1, SQLITE_STATIC);
}

void
ch_chapter_register_sql_functions (sqlite3 *db)
{
  /* Not deterministic: names in the user's language are recognised too. */
  sqlite3_create_function_v2 (db, "ch_country_code", 1, SQLITE_UTF8 | SQLITE_INNOCUOUS,
                              NULL, sql_country_code, NULL, NULL, NULL);
}
