/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-store"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-country.h"
#include "ch-entity.h"
#include "ch-clock.h"
#include "ch-email.h"
#include "ch-erase.h"
#include "ch-fold.h"
#include "ch-uuid.h"

#include "ch-store.h"
#include "ch-store-private.h"
#include "ch-store-sync.h"

/* ----------------------------------------------------------------------- */
/* Validation and normalisation                                              */

JsonObject *
ch_store_normalize_set (const ChEntityInfo *info,
                        JsonObject         *set,
                        GError            **error)
{
  g_autoptr(JsonObject) out = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, set);
  while (json_object_iter_next (&iter, &name, &node))
    {
      const ChFieldInfo *field = ch_entity_field (info, name);

      if (field == NULL)
        {
          g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
                       _("“%s” is not a field of %s."), name, info->name);
          return NULL;
        }

      if (JSON_NODE_HOLDS_NULL (node))
        {
          json_object_set_null_member (out, name);
          continue;
        }

      if (!JSON_NODE_HOLDS_VALUE (node))
        goto bad_type;

      switch (field->type)
        {
        case CH_FIELD_TEXT:
          {
            g_autofree char *text = NULL;

            if (json_node_get_value_type (node) != G_TYPE_STRING)
              goto bad_type;

            text = g_strdup (json_node_get_string (node));
            if (!g_utf8_validate (text, -1, NULL))
              goto bad_type;
            if (field->max_len != CH_FIELD_LONG_MAX_LEN)
              g_strstrip (text);
            if (strlen (text) > ch_entity_field_max_len (field))
              {
                g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
                             /* Translators: %s is a field's name */
                             ngettext ("“%s” is too long (at most %u character).",
                                       "“%s” is too long (at most %u characters).",
                                       ch_entity_field_max_len (field)),
                             name, ch_entity_field_max_len (field));
                return NULL;
              }
            /* A country is kept as its ISO code, whatever name was typed. */
            if (strcmp (name, "country") == 0 && ch_country_code_from_text (text) != NULL)
              {
                char *code = g_strdup (ch_country_code_from_text (text));

                g_free (text);
                text = code;
              }
            if (*text == '\0')
              json_object_set_null_member (out, name);
            else
              json_object_set_string_member (out, name, text);
          }
          break;

        case CH_FIELD_INT:
          if (json_node_get_value_type (node) != G_TYPE_INT64)
            goto bad_type;
          json_object_set_int_member (out, name, json_node_get_int (node));
          break;

        case CH_FIELD_BOOL:
          if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
            json_object_set_boolean_member (out, name, json_node_get_boolean (node));
          else if (json_node_get_value_type (node) == G_TYPE_INT64)
            json_object_set_boolean_member (out, name, json_node_get_int (node) != 0);
          else
            goto bad_type;
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return g_steal_pointer (&out);

bad_type:
  g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID,
               _("“%s” has a value of the wrong kind."), name);
  return NULL;
}

static gboolean
check_required (const ChEntityInfo *info,
                JsonObject         *row,
                GError            **error)
{
  for (guint i = 0; i < info->n_fields; i++)
    {
      const ChFieldInfo *field = &info->fields[i];
      JsonNode *node;

      if (!field->required)
        continue;

      node = json_object_get_member (row, field->name);
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        {
          g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED,
                       _("“%s” is required."), field->name);
          return FALSE;
        }
    }

  return TRUE;
}

/* Local-only derived column (uniqueness key); the sort key is
 * ch_store_bind_name_key()'s. */
static void
derive_member_keys (JsonObject  *row,
                    char       **email_key)
{
  *email_key = ch_email_normalize (json_object_get_string_member_with_default (row, "email", NULL));
}

static gboolean
append_outbox (ChStore    *self,
               const char *chapter_id,
               const char *entity,
               const char *row_id,
               const char *op,
               JsonObject *base,
               JsonObject *set,
               GError    **error)
{
  sqlite3_stmt *st;
  g_autofree char *base_json = ch_store_object_to_json (base);
  g_autofree char *set_json = ch_store_object_to_json (set);
  g_autofree char *now = ch_clock_now_utc_iso ();

  /* A pulled row written after this one must look for it. */
  self->pull_no_pending = FALSE;

  st = ch_store_stmt (self,
                      "INSERT INTO outbox "
                      "(chapter_id, entity, row_id, op, base, \"set\", created_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (st == NULL)
    return FALSE;

  ch_store_bind_text (st, 1, chapter_id);
  ch_store_bind_text (st, 2, entity);
  ch_store_bind_text (st, 3, row_id);
  ch_store_bind_text (st, 4, op);
  ch_store_bind_text (st, 5, base_json);
  ch_store_bind_text (st, 6, set_json);
  ch_store_bind_text (st, 7, now);

  return ch_store_step_done (self, st, _("Could not record the change for syncing: %s"), error);
}

/* The SQL of write_row() and of the version look-up of a pulled row for
 * @info, made once per store: building it for every row of a pulled
 * page cost more than the write. */
static const char *
row_sql (ChStore            *self,
         const ChEntityInfo *info,
         guint               which)
{
  char **sql = g_hash_table_lookup (self->row_sql, info);
  gboolean is_member = strcmp (info->name, "member") == 0;
  GString *s;

  if (sql != NULL)
    return sql[which];

  s = g_string_new (NULL);
  g_string_append_printf (s, "INSERT INTO %s (id, chapter_id, version, deleted, updated_at",
                          info->table);
  for (guint i = 0; i < info->n_fields; i++)
    g_string_append_printf (s, ", %s", info->fields[i].name);
  if (is_member)
    g_string_append (s, ", name_key, email_key");
  g_string_append (s, ") VALUES (?, ?, ?, ?, ?");
  for (guint i = 0; i < info->n_fields; i++)
    g_string_append (s, ", ?");
  if (is_member)
    g_string_append (s, ", ?, ?");
  g_string_append (s, ") ON CONFLICT (id) DO UPDATE SET version = excluded.version, "
                      "deleted = excluded.deleted, updated_at = excluded.updated_at");
  for (guint i = 0; i < info->n_fields; i++)
    g_string_append_printf (s, ", %s = excluded.%s", info->fields[i].name, info->fields[i].name);
  if (is_member)
    g_string_append (s, ", name_key = excluded.name_key, email_key = excluded.email_key");

  sql = g_new0 (char *, CH_STORE_N_ROW_SQL + 1);
  /* A pulled row that is not newer than the stored one changes nothing:
   * the version look-up inside the upsert. */
  sql[CH_STORE_ROW_SQL_UPSERT_NEWER] = g_strdup_printf ("%s WHERE %s.version < excluded.version",
                                                        s->str, info->table);
  sql[CH_STORE_ROW_SQL_UPSERT] = g_string_free (s, FALSE);
  sql[CH_STORE_ROW_SQL_VERSION] = g_strdup_printf ("SELECT version FROM %s WHERE id = ?",
                                                    info->table);
  sql[CH_STORE_ROW_SQL_TAKE_VERSION] =
    g_strdup_printf ("UPDATE %s SET version = ?1 WHERE id = ?2 AND version = ?3", info->table);
  g_hash_table_insert (self->row_sql, (gpointer) info, sql);

  return sql[which];
}

/* The statement of row_sql() @which for @info: found by the text's
 * address, not by hashing a text of a kilobyte for every pulled row. */
sqlite3_stmt *
ch_store_row_stmt (ChStore            *self,
                   const ChEntityInfo *info,
                   guint               which,
                   GError            **error)
{
  const char *sql = row_sql (self, info, which);
  sqlite3_stmt *st = g_hash_table_lookup (self->row_stmt, sql);

  if (st != NULL)
    {
      sqlite3_reset (st);
      sqlite3_clear_bindings (st);
      return st;
    }

  /* Statements live as long as the store (ch_store_stmt()). */
  if ((st = ch_store_stmt (self, sql, error)) != NULL)
    g_hash_table_insert (self->row_stmt, (gpointer) sql, st);
  return st;
}

/* Now, for updated_at: the clock's text only changes once a second. */
const char *
ch_store_row_now (ChStore *self)
{
  gint64 second = ch_clock_now_us () / G_USEC_PER_SEC;

  if (self->row_now == NULL || second != self->row_now_s)
    {
      g_free (self->row_now);
      self->row_now = ch_clock_now_utc_iso ();
      self->row_now_s = second;
    }

  return self->row_now;
}

/* Writes every field of @row (an upsert), plus the local derived keys. */
static gboolean
write_row (ChStore            *self,
           const ChEntityInfo *info,
           const char         *id,
           const char         *chapter_id,
           gint64              version,
           gboolean            deleted,
           JsonObject         *row,
           GError            **error)
{
  const char *now = ch_store_row_now (self);
  gboolean is_member = strcmp (info->name, "member") == 0;
  sqlite3_stmt *st;
  guint col;

  if (!(st = ch_store_row_stmt (self, info, CH_STORE_ROW_SQL_UPSERT, error)))
    return FALSE;

  ch_store_bind_text (st, 1, id);
  ch_store_bind_text (st, 2, chapter_id);
  sqlite3_bind_int64 (st, 3, version);
  sqlite3_bind_int (st, 4, deleted ? 1 : 0);
  ch_store_bind_text (st, 5, now);
  col = 6;
  for (guint i = 0; i < info->n_fields; i++)
    {
      JsonNode *node = json_object_get_member (row, info->fields[i].name);

      /* A pulled row's fields are bound as they came: what is not a
       * value (an object, an array) is no value. */
      ch_store_bind_field (st, col++, &info->fields[i],
                           node != NULL && JSON_NODE_HOLDS_VALUE (node) ? node : NULL);
    }
  if (is_member)
    {
      g_autofree char *email_key = NULL;

      derive_member_keys (row, &email_key);
      ch_store_bind_name_key (self, st, col++, row);
      ch_store_bind_text (st, col++, email_key);
    }

  if (!ch_store_step_done (self, st, _("Could not save the record: %s"), error))
    return FALSE;

  /* The chapter's time zone and grace days decide every status. */
  if (strcmp (info->name, "chapter") == 0)
    g_hash_table_remove (self->today_cache, id);

  return TRUE;
}

/* Takes a savepoint and reads the row @id of @entity: NULL, with the
 * savepoint undone, if either fails. */
static JsonObject *
begin_change (ChStore     *self,
              const char  *entity,
              const char  *id,
              GError     **error)
{
  JsonObject *current;

  if (!ch_store_savepoint (self, error))
    return NULL;

  if (!(current = ch_store_get_row (self, entity, id, error)))
    {
      ch_store_undo_savepoint (self);
      return NULL;
    }

  return current;
}

/* Ends a local change inside the savepoint taken by the caller: writes
 * @row, records @op with @base and @set for syncing, releases the
 * savepoint and emits ::changed.  The savepoint is undone on failure. */
static gboolean
save_change (ChStore            *self,
             const ChEntityInfo *info,
             const char         *chapter_id,
             const char         *id,
             gint64              version,
             gboolean            deleted,
             JsonObject         *row,
             const char         *op,
             JsonObject         *base,
             JsonObject         *set,
             GError            **error)
{
  if (!write_row (self, info, id, chapter_id, version, deleted, row, error) ||
      !append_outbox (self, chapter_id, info->name, id, op, base, set, error))
    {
      ch_store_undo_savepoint (self);
      return FALSE;
    }

  if (!ch_store_release (self, error))
    return FALSE;

  ch_store_emit_changed (self, info->name, id);
  return TRUE;
}

/* Adds the other fields of every touched field group, so the server can
 * compare and set the group as a whole. */
static void
complete_groups (const ChEntityInfo *info,
                 JsonObject         *current,
                 JsonObject         *base,
                 JsonObject         *set)
{
  for (guint i = 0; i < info->n_fields; i++)
    {
      const ChFieldInfo *field = &info->fields[i];
      gboolean touched = FALSE;

      if (field->group == NULL || json_object_has_member (set, field->name))
        continue;

      for (guint j = 0; j < info->n_fields; j++)
        if (info->fields[j].group != NULL &&
            strcmp (info->fields[j].group, field->group) == 0 &&
            json_object_has_member (set, info->fields[j].name))
          touched = TRUE;

      if (touched)
        {
          JsonNode *cur = json_object_get_member (current, field->name);

          json_object_set_member (base, field->name, json_node_copy (cur));
          json_object_set_member (set, field->name, json_node_copy (cur));
        }
    }
}

gboolean
ch_store_insert (ChStore     *self,
                 const char  *entity,
                 const char  *chapter_id,
                 const char  *id,
                 JsonObject  *set,
                 char       **out_id,
                 GError     **error)
{
  const ChEntityInfo *info;
  g_autoptr(JsonObject) clean = NULL;
  g_autoptr(JsonObject) base = NULL;
  g_autofree char *new_id = NULL;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);
  g_return_val_if_fail (chapter_id != NULL, FALSE);
  g_return_val_if_fail (set != NULL, FALSE);

  if (!(info = ch_store_lookup_entity (entity, error)))
    return FALSE;
  if (!(clean = ch_store_normalize_set (info, set, error)))
    return FALSE;
  if (!check_required (info, clean, error))
    return FALSE;

  new_id = id ? g_strdup (id) : ch_uuid_new_v7 ();
  base = json_object_new ();

  if (!ch_store_savepoint (self, error))
    return FALSE;

  if (!save_change (self, info, chapter_id, new_id, 0, FALSE, clean,
                    "insert", base, clean, error))
    return FALSE;

  if (out_id != NULL)
    *out_id = g_steal_pointer (&new_id);

  return TRUE;
}

gboolean
ch_store_update (ChStore     *self,
                 const char  *entity,
                 const char  *id,
                 JsonObject  *set,
                 GError     **error)
{
  const ChEntityInfo *info;
  g_autoptr(JsonObject) clean = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(JsonObject) base = NULL;
  g_autoptr(JsonObject) patch = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (set != NULL, FALSE);

  if (!(info = ch_store_lookup_entity (entity, error)))
    return FALSE;
  if (!(clean = ch_store_normalize_set (info, set, error)))
    return FALSE;

  if (!(current = begin_change (self, entity, id, error)))
    return FALSE;

  if (json_object_get_boolean_member (current, "deleted"))
    {
      ch_store_undo_savepoint (self);
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND,
                   _("The record was deleted."));
      return FALSE;
    }

  base = json_object_new ();
  patch = json_object_new ();

  json_object_iter_init (&iter, clean);
  while (json_object_iter_next (&iter, &name, &node))
    {
      JsonNode *cur = json_object_get_member (current, name);

      if (ch_store_nodes_equal (cur, node))
        continue;

      json_object_set_member (base, name, json_node_copy (cur));
      json_object_set_member (patch, name, json_node_copy (node));
      json_object_set_member (current, name, json_node_copy (node));
    }

  if (json_object_get_size (patch) == 0)
    {
      /* Nothing changed: no row write, no outbox entry. */
      ch_store_undo_savepoint (self);
      return TRUE;
    }

  if (!check_required (info, current, error))
    {
      ch_store_undo_savepoint (self);
      return FALSE;
    }

  complete_groups (info, current, base, patch);

  return save_change (self, info,
                      json_object_get_string_member (current, "chapter_id"), id,
                      json_object_get_int_member (current, "version"),
                      FALSE, current, "update", base, patch, error);
}

/* The server keeps no personal field in a member's tombstone
 * (docs/sync-protocol.md, "Deleted members"): a restore brings this
 * device's copy of them back in @set.  A device that never had them (it
 * only ever saw the tombstone) cannot restore the member. */
static gboolean
restore_personal_fields (const ChEntityInfo  *info,
                         JsonObject          *current,
                         JsonObject          *set,
                         GError             **error)
{
  const char * const *names = ch_erase_member_fields ();
  const char *given, *family;

  if (strcmp (info->name, "member") != 0)
    return TRUE;

  given = json_object_get_string_member_with_default (current, "given_name", NULL);
  family = json_object_get_string_member_with_default (current, "family_name", NULL);
  if (given == NULL || family == NULL)
    {
      g_set_error_literal (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED,
                           _("This member’s details were removed when they were deleted; "
                             "restore them on a device that still has them."));
      return FALSE;
    }

  for (guint i = 0; names[i]; i++)
    if (json_object_has_member (current, names[i]))
      json_object_set_member (set, names[i],
                              json_node_copy (json_object_get_member (current, names[i])));

  return TRUE;
}

static gboolean
set_deleted (ChStore     *self,
             const char  *entity,
             const char  *id,
             gboolean     deleted,
             GError     **error)
{
  const ChEntityInfo *info;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(JsonObject) empty_base = json_object_new ();
  g_autoptr(JsonObject) empty_set = json_object_new ();

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!(info = ch_store_lookup_entity (entity, error)))
    return FALSE;

  if (!(current = begin_change (self, entity, id, error)))
    return FALSE;

  if (json_object_get_boolean_member (current, "deleted") == deleted)
    {
      ch_store_undo_savepoint (self);
      return TRUE;
    }

  if (!deleted && !restore_personal_fields (info, current, empty_set, error))
    {
      ch_store_undo_savepoint (self);
      return FALSE;
    }

  /* Someone else may have taken the e-mail address in the meantime. */
  if (!deleted && strcmp (info->name, "member") == 0 &&
      !ch_store_check_member (self, json_object_get_string_member (current, "chapter_id"), id,
                              current, NULL, error))
    {
      ch_store_undo_savepoint (self);
      return FALSE;
    }

  /* A restore says which version of the row it knew (the server's), so
   * that the server does not let it undo a later deletion if it is sent
   * again from a copy of this file. */
  if (!deleted)
    json_object_set_int_member (empty_base, "version",
                                json_object_get_int_member (current, "version"));

  return save_change (self, info,
                      json_object_get_string_member (current, "chapter_id"), id,
                      json_object_get_int_member (current, "version"),
                      deleted, current, deleted ? "delete" : "restore",
                      empty_base, empty_set, error);
}

gboolean
ch_store_delete (ChStore     *self,
                 const char  *entity,
                 const char  *id,
                 GError     **error)
{
  return set_deleted (self, entity, id, TRUE, error);
}

gboolean
ch_store_restore (ChStore     *self,
                  const char  *entity,
                  const char  *id,
                  GError     **error)
{
  return set_deleted (self, entity, id, FALSE, error);
}

gboolean
ch_store_delete_merged (ChStore     *self,
                        const char  *id,
                        const char  *survivor_id,
                        GError     **error)
{
  const ChEntityInfo *info = ch_entity_lookup ("member");
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(JsonObject) empty_base = json_object_new ();
  g_autoptr(JsonObject) set = json_object_new ();

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL && survivor_id != NULL, FALSE);

  if (!(current = begin_change (self, "member", id, error)))
    return FALSE;

  if (json_object_get_boolean_member (current, "deleted"))
    {
      ch_store_undo_savepoint (self);
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND,
                   _("The record was deleted."));
      return FALSE;
    }

  json_object_set_string_member (set, "merged_into", survivor_id);
  json_object_set_string_member (current, "merged_into", survivor_id);

  return save_change (self, info,
                      json_object_get_string_member (current, "chapter_id"), id,
                      json_object_get_int_member (current, "version"),
                      TRUE, current, "delete", empty_base, set, error);
}

/* ----------------------------------------------------------------------- */
/* Remote rows and the outbox                                                */

static gboolean
overlay_pending (ChStore    *self,
                 const char *entity,
                 const char *id,
                 JsonObject *fields,
                 gboolean   *deleted,
                 GError    **error)
{
  sqlite3_stmt *st;
  int rc;

  st = ch_store_stmt (self,
                      "SELECT op, \"set\" FROM outbox WHERE entity = ? AND row_id = ? ORDER BY mid",
                      error);
  if (st == NULL)
    return FALSE;

  ch_store_bind_text (st, 1, entity);
  ch_store_bind_text (st, 2, id);

  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      const char *op = (const char *) sqlite3_column_text (st, 0);
      const char *set_json = (const char *) sqlite3_column_text (st, 1);
      g_autoptr(JsonObject) set = ch_store_object_from_json (set_json);
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      if (strcmp (op, "delete") == 0)
        *deleted = TRUE;
      else if (strcmp (op, "restore") == 0)
        *deleted = FALSE;

      json_object_iter_init (&iter, set);
      while (json_object_iter_next (&iter, &name, &node))
        json_object_set_member (fields, name, json_node_copy (node));
    }

  sqlite3_reset (st);

  if (rc != SQLITE_DONE)
    /* Translators: %s is the database's own message */
    return ch_store_set_sql_error (error, self->db, _("Could not read pending changes: %s"));

  return TRUE;
}

/* Copies into @row this device's values of the member's personal fields
 * that @row holds as null or not at all. */
static gboolean
keep_personal_fields (ChStore            *self,
                      const ChEntityInfo *info,
                      const char         *id,
                      JsonObject         *row,
                      GError            **error)
{
  const char * const *names = ch_erase_member_fields ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) mine = ch_store_get_row (self, info->name, id, &local_error);

  if (mine == NULL)
    {
      if (g_error_matches (local_error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  for (guint i = 0; names[i]; i++)
    {
      JsonNode *theirs = json_object_get_member (row, names[i]);
      JsonNode *ours = json_object_get_member (mine, names[i]);

      if ((theirs == NULL || JSON_NODE_HOLDS_NULL (theirs)) &&
          ours != NULL && !JSON_NODE_HOLDS_NULL (ours))
        json_object_set_member (row, names[i], json_node_copy (ours));
    }

  return TRUE;
}

/* With @any_version (a resync snapshot), the server's row replaces ours
 * whatever our version: versions of another epoch mean nothing. */
gboolean
ch_store_apply_remote_row (ChStore     *self,
                           const char  *chapter_id,
                           const char  *entity,
                           const char  *id,
                           gint64       version,
                           gboolean     deleted,
                           JsonObject  *fields,
                           gboolean     any_version,
                           GError     **error)
{
  const ChEntityInfo *info;
  g_autoptr(JsonObject) row = NULL;
  sqlite3_stmt *st;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  const char *erased_on;
  gboolean erased;
  gboolean keep_personal;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  if (!(info = ch_store_lookup_entity (entity, error)))
    return FALSE;

  /* A page may be replayed: older versions change nothing. */
  if (!any_version)
    {
      gboolean older;

      if (!(st = ch_store_row_stmt (self, info, CH_STORE_ROW_SQL_VERSION, error)))
        return FALSE;
      ch_store_bind_text (st, 1, id);
      older = sqlite3_step (st) == SQLITE_ROW && sqlite3_column_int64 (st, 0) >= version;
      sqlite3_reset (st);
      if (older)
        return TRUE;
    }

  /* An erased member: this device's pending changes to it go, with every
   * other trace of its personal data (ch-store-erase.c). */
  node = strcmp (info->name, "member") == 0 && fields != NULL ?
         json_object_get_member (fields, "erased_on") : NULL;
  erased_on = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
  erased = erased_on != NULL;
  if (erased)
    {
      if (!ch_store_erase_remote (self, id, error))
        return FALSE;
      self->pull_no_pending = FALSE;
    }

  /* A member's tombstone comes without its personal fields (the server
   * drops them at delete time): this device keeps its own copy, so that
   * it can restore the member; that takes the careful path below. */
  keep_personal = !erased && deleted && strcmp (info->name, "member") == 0;

  if (fields != NULL && self->pull_no_pending && !keep_personal)
    {
      /* Nothing pending on this device (ch_store_begin_pull_page()): the
       * row is written as it came; write_row() takes only the fields it
       * knows, and only values. */
      if (!write_row (self, info, id, chapter_id, version, deleted, fields, error))
        return FALSE;
    }
  else
    {
      /* Keep only known fields of the right kind; the server is trusted
       * but may be newer than us. */
      row = json_object_new ();
      if (fields != NULL)
        {
          json_object_iter_init (&iter, fields);
          while (json_object_iter_next (&iter, &name, &node))
            {
              const ChFieldInfo *field = ch_entity_field (info, name);

              if (field == NULL || !JSON_NODE_HOLDS_VALUE (node))
                continue;
              json_object_set_member (row, name, json_node_copy (node));
            }
        }

      if (keep_personal && !keep_personal_fields (self, info, id, row, error))
        return FALSE;

      if (!overlay_pending (self, entity, id, row, &deleted, error))
        return FALSE;

      if (!write_row (self, info, id, chapter_id, version, deleted, row, error))
        return FALSE;
    }

  if (erased && !ch_store_erase_remote_row (self, id, error))
    return FALSE;

  ch_store_emit_changed (self, entity, id);
  return TRUE;
}

gboolean
ch_store_apply_remote (ChStore     *self,
                       const char  *chapter_id,
                       const char  *entity,
                       const char  *id,
                       gint64       version,
                       gboolean     deleted,
                       JsonObject  *fields,
                       GError     **error)
{
  return ch_store_apply_remote_row (self, chapter_id, entity, id, version, deleted, fields,
                                    FALSE, error);
}

gboolean
ch_store_apply_snapshot_row (ChStore     *self,
                             const char  *chapter_id,
                             const char  *entity,
                             const char  *id,
                             gint64       version,
                             gboolean     deleted,
                             JsonObject  *fields,
                             GError     **error)
{
  return ch_store_apply_remote_row (self, chapter_id, entity, id, version, deleted, fields,
                                    TRUE, error);
}

gboolean
ch_store_set_row_version (ChStore     *self,
                          const char  *entity,
                          const char  *id,
                          gint64       version,
                          GError     **error)
{
  const ChEntityInfo *info;
  g_autofree char *sql = NULL;
  sqlite3_stmt *st;

  if (!(info = ch_store_lookup_entity (entity, error)))
    return FALSE;

  sql = g_strdup_printf ("UPDATE %s SET version = MAX(version, ?) WHERE id = ?", info->table);
  if (!(st = ch_store_stmt (self, sql, error)))
    return FALSE;

  sqlite3_bind_int64 (st, 1, version);
  ch_store_bind_text (st, 2, id);
  return ch_store_step_done (self, st, _("Could not save the record: %s"), error);
}
