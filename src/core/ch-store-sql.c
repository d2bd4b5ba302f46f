/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-store"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-store.h"
#include "ch-store-private.h"

/* ----------------------------------------------------------------------- */
/* SQL helpers                                                               */

gboolean
ch_store_set_sql_error (GError    **error,
                        sqlite3    *db,
                        const char *message)
{
  /* @message is a translated sentence with one %s (see the header): every
   * caller passes a literal _("…: %s"), which gettext checks as c-format. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED, message, sqlite3_errmsg (db));
#pragma GCC diagnostic pop
  return FALSE;
}

sqlite3_stmt *
ch_store_stmt (ChStore    *self,
               const char *sql,
               GError    **error)
{
  sqlite3_stmt *st = g_hash_table_lookup (self->statements, sql);

  if (st != NULL)
    {
      sqlite3_reset (st);
      sqlite3_clear_bindings (st);
      return st;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
    {
      /* Translators: %s is the database's own message */
      ch_store_set_sql_error (error, self->db, _("Could not prepare a query: %s"));
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), st);
  return st;
}

gboolean
ch_store_exec (ChStore    *self,
               const char *sql,
               GError    **error)
{
  char *msg = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      /* Translators: %s is the database's own message */
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not save the change: %s"), msg ? msg : "");
      sqlite3_free (msg);
      return FALSE;
    }

  return TRUE;
}

/* Runs @sql, which must be exactly one statement, on @db: for texts read
 * from the file itself (sqlite_schema, or saved from it), of which SQLite
 * reads only the first statement, so that a made-up file cannot have more
 * run.  Returns an SQLite result code (SQLITE_MISUSE for more than one). */
int
ch_store_exec_one_on (sqlite3    *db,
                      const char *sql)
{
  sqlite3_stmt *st = NULL;
  const char *tail = NULL;
  int rc;

  if ((rc = sqlite3_prepare_v2 (db, sql, -1, &st, &tail)) != SQLITE_OK)
    return rc;
  while (tail != NULL && g_ascii_isspace (*tail))
    tail++;
  if (st == NULL || (tail != NULL && *tail != '\0'))
    {
      sqlite3_finalize (st);
      return SQLITE_MISUSE;
    }
  rc = sqlite3_step (st);
  sqlite3_finalize (st);

  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* ch_store_exec_one_on() on @self's connection, with @error set as
 * ch_store_exec() sets it. */
gboolean
ch_store_exec_one (ChStore    *self,
                   const char *sql,
                   GError    **error)
{
  int rc = ch_store_exec_one_on (self->db, sql);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not save the change: %s"),
                   rc == SQLITE_MISUSE ? sqlite3_errstr (rc) : sqlite3_errmsg (self->db));
      return FALSE;
    }

  return TRUE;
}

void
ch_store_bind_text (sqlite3_stmt *st,
                    int           idx,
                    const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (st, idx);
  else
    sqlite3_bind_text (st, idx, text, -1, SQLITE_TRANSIENT);
}

/* Runs @st, a statement that returns no rows, and resets it; on failure
 * sets @error to @message, as ch_store_set_sql_error() does. */
gboolean
ch_store_step_done (ChStore      *self,
                    sqlite3_stmt *st,
                    const char   *message,
                    GError      **error)
{
  if (sqlite3_step (st) != SQLITE_DONE)
    {
      ch_store_set_sql_error (error, self->db, message);
      sqlite3_reset (st);
      return FALSE;
    }

  sqlite3_reset (st);
  return TRUE;
}

/* Runs the cached statement @sql with @arg (NULL binds NULL) as its only
 * parameter: the first column of the first row as an integer, or 0 if
 * there is no row or the query fails. */
gint64
ch_store_query_int_arg (ChStore    *self,
                        const char *sql,
                        const char *arg)
{
  sqlite3_stmt *st;
  gint64 result = 0;

  if (!(st = ch_store_stmt (self, sql, NULL)))
    return 0;

  ch_store_bind_text (st, 1, arg);
  if (sqlite3_step (st) == SQLITE_ROW)
    result = sqlite3_column_int64 (st, 0);
  sqlite3_reset (st);

  return result;
}

void
ch_store_bind_field (sqlite3_stmt      *st,
                     int                idx,
                     const ChFieldInfo *field,
                     JsonNode          *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      sqlite3_bind_null (st, idx);
      return;
    }

  switch (field->type)
    {
    case CH_FIELD_TEXT:
      sqlite3_bind_text (st, idx, json_node_get_string (node), -1, SQLITE_TRANSIENT);
      break;
    case CH_FIELD_INT:
      sqlite3_bind_int64 (st, idx, json_node_get_int (node));
      break;
    case CH_FIELD_BOOL:
      sqlite3_bind_int (st, idx, json_node_get_boolean (node) ? 1 : 0);
      break;
    default:
      g_assert_not_reached ();
    }
}

JsonNode *
ch_store_column_node (sqlite3_stmt      *st,
                      int                col,
                      const ChFieldInfo *field)
{
  if (sqlite3_column_type (st, col) == SQLITE_NULL)
    return json_node_new (JSON_NODE_NULL);

  switch (field->type)
    {
    case CH_FIELD_TEXT:
      return json_node_init_string (json_node_alloc (),
                                    (const char *) sqlite3_column_text (st, col));
    case CH_FIELD_INT:
      return json_node_init_int (json_node_alloc (), sqlite3_column_int64 (st, col));
    case CH_FIELD_BOOL:
      return json_node_init_boolean (json_node_alloc (), sqlite3_column_int (st, col) != 0);
    default:
      g_assert_not_reached ();
    }
}

gboolean
ch_store_nodes_equal (JsonNode *a,
                      JsonNode *b)
{
  gboolean a_null = a == NULL || JSON_NODE_HOLDS_NULL (a);
  gboolean b_null = b == NULL || JSON_NODE_HOLDS_NULL (b);

  if (a_null || b_null)
    return a_null == b_null;

  return json_node_equal (a, b);
}

char *
ch_store_object_to_json (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

JsonObject *
ch_store_object_from_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return json_object_new ();

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return json_object_new ();

  return json_object_ref (json_node_get_object (root));
}

/* ----------------------------------------------------------------------- */
/* Rows                                                                      */

char *
ch_store_select_sql (const ChEntityInfo *info)
{
  GString *sql = g_string_new ("SELECT id, chapter_id, version, deleted");

  for (guint i = 0; i < info->n_fields; i++)
    g_string_append_printf (sql, ", %s", info->fields[i].name);
  g_string_append_printf (sql, " FROM %s WHERE id = ?", info->table);

  return g_string_free (sql, FALSE);
}

JsonObject *
ch_store_row_from_stmt (const ChEntityInfo *info,
                        sqlite3_stmt       *st)
{
  JsonObject *row = json_object_new ();

  json_object_set_string_member (row, "id", (const char *) sqlite3_column_text (st, 0));
  json_object_set_string_member (row, "chapter_id", (const char *) sqlite3_column_text (st, 1));
  json_object_set_int_member (row, "version", sqlite3_column_int64 (st, 2));
  json_object_set_boolean_member (row, "deleted", sqlite3_column_int (st, 3) != 0);

  for (guint i = 0; i < info->n_fields; i++)
    json_object_set_member (row, info->fields[i].name,
                            ch_store_column_node (st, 4 + i, &info->fields[i]));

  return row;
}

const ChEntityInfo *
ch_store_lookup_entity (const char  *entity,
                        GError     **error)
{
  const ChEntityInfo *info = ch_entity_lookup (entity);

  if (info == NULL)
    g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
                 _("Unknown kind of record “%s”."), entity);

  return info;
}

JsonObject *
ch_store_get_row (ChStore     *self,
                  const char  *entity,
                  const char  *id,
                  GError     **error)
{
  const ChEntityInfo *info;
  g_autofree char *sql = NULL;
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (CH_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (!(info = ch_store_lookup_entity (entity, error)))
    return NULL;

  sql = ch_store_select_sql (info);
  if (!(st = ch_store_stmt (self, sql, error)))
    return NULL;

  ch_store_bind_text (st, 1, id);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    {
      JsonObject *row = ch_store_row_from_stmt (info, st);
      sqlite3_reset (st);
      return row;
    }

  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    /* Translators: %s is the database's own message */
    ch_store_set_sql_error (error, self->db, _("Could not read a record: %s"));
  else
    g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND,
                 _("The record no longer exists."));

  return NULL;
}

const char ch_store_sql_end[] = "";

/* Prepares @sql on the writer connection and binds the text arguments of
 * @args (NULL binds NULL) up to ch_store_sql_end. */
static sqlite3_stmt *
prepare_texts (ChStore     *self,
               GError     **error,
               const char  *sql,
               va_list      args)
{
  sqlite3_stmt *st = NULL;
  int idx = 1;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &st, NULL) != SQLITE_OK)
    {
      /* Translators: %s is the database's own message */
      ch_store_set_sql_error (error, self->db, _("Could not read the records: %s"));
      sqlite3_finalize (st);
      return NULL;
    }

  for (;;)
    {
      const char *arg = va_arg (args, const char *);

      if (arg == (const char *) ch_store_sql_end)
        break;
      ch_store_bind_text (st, idx++, arg);
    }

  return st;
}

GPtrArray *
ch_store_query_texts_va (ChStore     *self,
                         GError     **error,
                         const char  *sql,
                         va_list      args)
{
  g_autoptr(GPtrArray) out = NULL;
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (CH_IS_STORE (self), NULL);

  if (!(st = prepare_texts (self, error, sql, args)))
    return NULL;

  out = g_ptr_array_new_with_free_func (g_free);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    g_ptr_array_add (out, g_strdup ((const char *) sqlite3_column_text (st, 0)));

  if (rc != SQLITE_DONE)
    {
      ch_store_set_sql_error (error, self->db, _("Could not read the records: %s"));
      sqlite3_finalize (st);
      return NULL;
    }

  sqlite3_finalize (st);
  return g_steal_pointer (&out);
}

GPtrArray *
ch_store_query_texts (ChStore     *self,
                      GError     **error,
                      const char  *sql,
                      ...)
{
  GPtrArray *out;
  va_list args;

  va_start (args, sql);
  out = ch_store_query_texts_va (self, error, sql, args);
  va_end (args);

  return out;
}

/* Runs @sql (see prepare_texts()) to its first row: NULL when there is
 * none or the query fails. */
static sqlite3_stmt *
first_row (ChStore     *self,
           const char  *sql,
           va_list      args)
{
  sqlite3_stmt *st = prepare_texts (self, NULL, sql, args);

  if (st != NULL && sqlite3_step (st) != SQLITE_ROW)
    g_clear_pointer (&st, sqlite3_finalize);

  return st;
}

char *
ch_store_query_text (ChStore    *self,
                     const char *sql,
                     ...)
{
  char *result;
  sqlite3_stmt *st;
  va_list args;

  g_return_val_if_fail (CH_IS_STORE (self), NULL);

  va_start (args, sql);
  st = first_row (self, sql, args);
  va_end (args);
  if (st == NULL)
    return NULL;

  result = g_strdup ((const char *) sqlite3_column_text (st, 0));
  sqlite3_finalize (st);
  return result;
}

gint64
ch_store_query_int (ChStore    *self,
                    gint64      fallback,
                    const char *sql,
                    ...)
{
  gint64 result = fallback;
  sqlite3_stmt *st;
  va_list args;

  g_return_val_if_fail (CH_IS_STORE (self), fallback);

  va_start (args, sql);
  st = first_row (self, sql, args);
  va_end (args);
  if (st == NULL)
    return fallback;

  if (sqlite3_column_type (st, 0) != SQLITE_NULL)
    result = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  return result;
}

JsonObject *
ch_store_get_live_row (ChStore    *self,
                       const char *entity,
                       const char *id)
{
  g_autoptr(JsonObject) row = NULL;

  g_return_val_if_fail (CH_IS_STORE (self), NULL);

  if (id == NULL || !(row = ch_store_get_row (self, entity, id, NULL)) ||
      json_object_get_boolean_member_with_default (row, "deleted", FALSE))
    return NULL;

  return g_steal_pointer (&row);
}

const char *
ch_store_row_text (JsonObject *row,
                   const char *name)
{
  JsonNode *node = row != NULL ? json_object_get_member (row, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}
