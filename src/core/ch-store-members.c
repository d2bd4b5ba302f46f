/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-store"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-gender.h"
#include "ch-email.h"

#include "ch-store.h"
#include "ch-store-private.h"

/* ----------------------------------------------------------------------- */
/* Members                                                                   */

ChMember *
ch_store_member_from_row (ChStore    *self,
                          JsonObject *row)
{
  const char *chapter_id = json_object_get_string_member (row, "chapter_id");
  ChStoreToday *today = ch_store_today_for (self, chapter_id);
  sqlite3_stmt *st;
  ChMemberStatus status = CH_MEMBER_STATUS_PROSPECT;

  /* The status rule's one SQL function, as the list's filter and sort. */
  st = ch_store_stmt (self, "SELECT ch_member_status (?, ?, ?, ?, ?, ?, ?)", NULL);
  if (st != NULL)
    {
      ch_store_bind_text (st, 1, chapter_id);
      ch_store_bind_text (st, 2, json_object_get_string_member_with_default (row, "tier", NULL));
      ch_store_bind_text (st, 3,
                          json_object_get_string_member_with_default (row, "joined_on", NULL));
      ch_store_bind_text (st, 4, json_object_get_string_member_with_default (row, "left_on", NULL));
      ch_store_bind_text (st, 5,
                          json_object_get_string_member_with_default (row, "dues_paid_until",
                                                                      NULL));
      sqlite3_bind_int (st, 6, today->grace_days);
      sqlite3_bind_int (st, 7, today->today_days);
      if (sqlite3_step (st) == SQLITE_ROW)
        status = sqlite3_column_int (st, 0);
      else
        g_warning ("Could not compute a member's status: %s", sqlite3_errmsg (self->db));
      sqlite3_reset (st);
    }

  return ch_member_new_from_row (row, status);
}

ChMember *
ch_store_get_member (ChStore     *self,
                     const char  *id,
                     GError     **error)
{
  g_autoptr(JsonObject) row = NULL;

  g_return_val_if_fail (CH_IS_STORE (self), NULL);

  if (!(row = ch_store_get_row (self, "member", id, error)))
    return NULL;

  return ch_store_member_from_row (self, row);
}

ChMember *
ch_store_get_member_by_rowid (ChStore *self,
                              gint64   rowid)
{
  const ChEntityInfo *info = ch_entity_lookup ("member");
  g_autoptr(JsonObject) row = NULL;
  sqlite3_stmt *st;
  GString *sql;

  g_return_val_if_fail (CH_IS_STORE (self), NULL);

  sql = g_string_new ("SELECT id, chapter_id, version, deleted");
  for (guint i = 0; i < info->n_fields; i++)
    g_string_append_printf (sql, ", %s", info->fields[i].name);
  g_string_append (sql, " FROM member WHERE rowid = ?");
  st = ch_store_stmt (self, sql->str, NULL);
  g_string_free (sql, TRUE);
  if (st == NULL)
    return NULL;

  sqlite3_bind_int64 (st, 1, rowid);
  if (sqlite3_step (st) == SQLITE_ROW)
    row = ch_store_row_from_stmt (info, st);
  sqlite3_reset (st);

  return row ? ch_store_member_from_row (self, row) : NULL;
}

char *
ch_store_find_member_by_email (ChStore    *self,
                               const char *chapter_id,
                               const char *email,
                               const char *exclude_id)
{
  g_autofree char *key = ch_email_normalize (email);
  sqlite3_stmt *st;
  char *id = NULL;

  g_return_val_if_fail (CH_IS_STORE (self), NULL);

  if (key == NULL)
    return NULL;

  st = ch_store_stmt (self,
                      "SELECT id FROM member WHERE chapter_id = ? AND deleted = 0 "
                      "AND email_key = ? "
                      "AND (?3 IS NULL OR id != ?3) LIMIT 1", NULL);
  if (st == NULL)
    return NULL;

  ch_store_bind_text (st, 1, chapter_id);
  ch_store_bind_text (st, 2, key);
  ch_store_bind_text (st, 3, exclude_id);
  if (sqlite3_step (st) == SQLITE_ROW)
    id = g_strdup ((const char *) sqlite3_column_text (st, 0));
  sqlite3_reset (st);

  return id;
}

/* With @emails (normalized address → member id), the owner of an
 * address is looked up there instead of in the chapter's e-mail index:
 * a large import drops that index for its run (ch-import-write.c). */
gboolean
ch_store_check_member (ChStore     *self,
                       const char  *chapter_id,
                       const char  *id,
                       JsonObject  *row,
                       GHashTable  *emails,
                       GError     **error)
{
  const char *given = json_object_get_string_member_with_default (row, "given_name", NULL);
  const char *family = json_object_get_string_member_with_default (row, "family_name", NULL);
  const char *email = json_object_get_string_member_with_default (row, "email", NULL);
  g_autofree char *given_trim = g_strstrip (g_strdup (given ? given : ""));
  g_autofree char *family_trim = g_strstrip (g_strdup (family ? family : ""));
  g_autofree char *email_trim = g_strstrip (g_strdup (email ? email : ""));
  g_autofree char *other = NULL;

  if (*given_trim == '\0')
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED, _("Enter a given name."));
      return FALSE;
    }
  if (*family_trim == '\0')
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED, _("Enter a family name."));
      return FALSE;
    }
  if (*email_trim != '\0' && !ch_email_is_valid (email_trim))
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
                   _("“%s” does not look like an e-mail address."), email_trim);
      return FALSE;
    }

  if (emails != NULL)
    {
      g_autofree char *key = ch_email_normalize (email_trim);

      other = key != NULL ? g_strdup (g_hash_table_lookup (emails, key)) : NULL;
    }
  else
    other = ch_store_find_member_by_email (self, chapter_id, email_trim, id);
  if (other != NULL)
    {
      g_autoptr(ChMember) existing = ch_store_get_member (self, other, NULL);

      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_DUPLICATE_EMAIL,
                   _("%s already uses the e-mail address %s."),
                   existing ? ch_member_get_display_name (existing) : _("Another member"),
                   email_trim);
      return FALSE;
    }

  return TRUE;
}

/* Gender is stored as its code (ch-gender), whoever writes it: the form,
 * the CLI, an import. */
static void
normalize_member_gender (JsonObject *fields)
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

gboolean
ch_store_add_member (ChStore     *self,
                     const char  *chapter_id,
                     JsonObject  *fields,
                     char       **out_id,
                     GError     **error)
{
  g_autoptr(JsonObject) clean = NULL;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);
  g_return_val_if_fail (chapter_id != NULL, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  /* Kinds and lengths first: the checks below read the values as text. */
  if (!(clean = ch_store_normalize_set (ch_entity_lookup ("member"), fields, error)))
    return FALSE;
  normalize_member_gender (clean);

  if (!ch_store_check_member (self, chapter_id, NULL, clean, NULL, error))
    return FALSE;

  return ch_store_insert (self, "member", chapter_id, NULL, clean, out_id, error);
}

gboolean
ch_store_update_member (ChStore     *self,
                        const char  *id,
                        JsonObject  *changes,
                        GError     **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) clean = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  if (!(clean = ch_store_normalize_set (ch_entity_lookup ("member"), changes, error)))
    return FALSE;
  normalize_member_gender (clean);

  if (!(row = ch_store_get_row (self, "member", id, error)))
    return FALSE;

  json_object_iter_init (&iter, clean);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_member (row, name, json_node_copy (node));

  if (!ch_store_check_member (self, json_object_get_string_member (row, "chapter_id"), id, row,
                              NULL, error))
    return FALSE;

  return ch_store_update (self, "member", id, clean, error);
}

gint64
ch_store_member_rowid (ChStore    *self,
                       const char *id)
{
  if (id == NULL)
    return 0;

  return ch_store_query_int_arg (self, "SELECT rowid FROM member WHERE id = ?", id);
}

guint
ch_store_count_members (ChStore    *self,
                        const char *chapter_id)
{
  return (guint) ch_store_query_int_arg (self,
                                         "SELECT count(*) FROM member "
                                         "WHERE chapter_id = ? AND deleted = 0",
                                         chapter_id);
}
