/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-email.h"
#include "ch-entity.h"
#include "ch-store-private.h"
#include "ch-store-sync.h"

/* A pulled row read as values (ch-field-value.h) rather than as a
 * JsonObject: when nothing is pending on this device it is bound straight
 * into the row's upsert; any other row takes ch_store_apply_remote()'s
 * path, through a JsonObject of the same values. */

static void
bind_value (sqlite3_stmt       *st,
            int                 idx,
            const ChFieldInfo  *field,
            const ChFieldValue *value)
{
  /* As ch_store_bind_field() binds a JsonNode holding the same value:
   * what is not a value (null, an object, an array) is no value. */
  if (!ch_field_value_is_scalar (value))
    {
      sqlite3_bind_null (st, idx);
      return;
    }

  switch (field->type)
    {
    case CH_FIELD_TEXT:
      /* The page's strings outlive the step. */
      sqlite3_bind_text (st, idx, ch_field_value_get_string (value), -1, SQLITE_STATIC);
      break;
    case CH_FIELD_INT:
      sqlite3_bind_int64 (st, idx, ch_field_value_get_int (value));
      break;
    case CH_FIELD_BOOL:
      sqlite3_bind_int (st, idx, ch_field_value_get_boolean (value) ? 1 : 0);
      break;
    default:
      g_assert_not_reached ();
    }
}

static const ChFieldValue *
value_of (const ChEntityInfo *info,
          const ChFieldValue *values,
          const char         *name)
{
  const ChFieldInfo *field = ch_entity_field (info, name);

  return field != NULL ? &values[field - info->fields] : NULL;
}

/* write_row() of ch-store-write.c, from values; with @newer_only, a row
 * stored at @version or later stays as it is (*@written FALSE). */
static gboolean
write_values (ChStore            *self,
              const ChEntityInfo *info,
              const char         *id,
              const char         *chapter_id,
              gint64              version,
              gboolean            deleted,
              const ChFieldValue *values,
              gboolean            newer_only,
              gboolean           *written,
              GError            **error)
{
  sqlite3_stmt *st;
  guint col;

  if (!(st = ch_store_row_stmt (self, info,
                                newer_only ? CH_STORE_ROW_SQL_UPSERT_NEWER
                                           : CH_STORE_ROW_SQL_UPSERT, error)))
    return FALSE;

  ch_store_bind_text (st, 1, id);
  ch_store_bind_text (st, 2, chapter_id);
  sqlite3_bind_int64 (st, 3, version);
  sqlite3_bind_int (st, 4, deleted ? 1 : 0);
  ch_store_bind_text (st, 5, ch_store_row_now (self));
  col = 6;
  for (guint i = 0; i < info->n_fields; i++)
    bind_value (st, col++, &info->fields[i], &values[i]);

  if (strcmp (info->name, "member") == 0)
    {
      g_autofree char *email_key =
        ch_email_normalize (ch_field_value_string_or (value_of (info, values, "email"), NULL));

      ch_store_bind_name_key_text (self, st, col++,
                                   ch_field_value_string_or (value_of (info, values,
                                                                       "family_name"), ""),
                                   ch_field_value_string_or (value_of (info, values,
                                                                       "given_name"), ""));
      ch_store_bind_text (st, col++, email_key);
    }

  /* (ch_store_step_done(), without translating its message for every row.) */
  if (sqlite3_step (st) != SQLITE_DONE)
    {
      ch_store_set_sql_error (error, ch_store_get_db (self), _("Could not save the record: %s"));
      sqlite3_reset (st);
      return FALSE;
    }
  sqlite3_reset (st);
  *written = sqlite3_changes (ch_store_get_db (self)) > 0;

  /* The chapter's time zone and grace days decide every status. */
  if (strcmp (info->name, "chapter") == 0)
    g_hash_table_remove (self->today_cache, id);

  return TRUE;
}

/* The row's values as the JsonObject ch_store_apply_remote() takes: the
 * values only, as that path keeps them. */
static JsonObject *
values_to_object (const ChEntityInfo *info,
                  const ChFieldValue *values)
{
  JsonObject *row = json_object_new ();

  for (guint i = 0; i < info->n_fields; i++)
    {
      const char *name = info->fields[i].name;
      const ChFieldValue *value = &values[i];

      switch (value->kind)
        {
        case CH_FIELD_VALUE_STRING:
          json_object_set_string_member (row, name, value->v.s);
          break;
        case CH_FIELD_VALUE_INT:
          json_object_set_int_member (row, name, value->v.i);
          break;
        case CH_FIELD_VALUE_DOUBLE:
          json_object_set_double_member (row, name, value->v.d);
          break;
        case CH_FIELD_VALUE_BOOL:
          json_object_set_boolean_member (row, name, value->v.b);
          break;
        case CH_FIELD_VALUE_ABSENT:
        case CH_FIELD_VALUE_NULL:
        case CH_FIELD_VALUE_OTHER:
        default:
          break;
        }
    }

  return row;
}

static gboolean
apply_values (ChStore            *self,
              const char         *chapter_id,
              const ChEntityInfo *info,
              const char         *id,
              gint64              version,
              gboolean            deleted,
              const ChFieldValue *values,
              gboolean            any_version,
              GError            **error)
{
  gboolean is_member = strcmp (info->name, "member") == 0;
  g_autoptr(JsonObject) fields = NULL;
  gboolean written = FALSE;

  /* The careful path: pending changes to lay over the row, a member's
   * tombstone (this device keeps its personal fields) or an erasure. */
  if (!self->pull_no_pending || (is_member && deleted) ||
      (is_member && ch_field_value_get_string (value_of (info, values, "erased_on")) != NULL))
    {
      fields = values_to_object (info, values);
      return ch_store_apply_remote_row (self, chapter_id, info->name, id, version, deleted,
                                        fields, any_version, error);
    }

  /* A page may be replayed: older versions change nothing (unless in a
   * snapshot, where the server's row replaces ours whatever its version). */
  if (!write_values (self, info, id, chapter_id, version, deleted, values, !any_version,
                     &written, error))
    return FALSE;

  if (written)
    ch_store_emit_changed (self, info->name, id);
  return TRUE;
}

gboolean
ch_store_apply_remote_values (ChStore            *self,
                              const char         *chapter_id,
                              const ChEntityInfo *info,
                              const char         *id,
                              gint64              version,
                              gboolean            deleted,
                              const ChFieldValue *values,
                              GError            **error)
{
  g_return_val_if_fail (CH_IS_STORE (self), FALSE);
  g_return_val_if_fail (info != NULL && values != NULL, FALSE);

  return apply_values (self, chapter_id, info, id, version, deleted, values, FALSE, error);
}

gboolean
ch_store_apply_snapshot_values (ChStore            *self,
                                const char         *chapter_id,
                                const ChEntityInfo *info,
                                const char         *id,
                                gint64              version,
                                gboolean            deleted,
                                const ChFieldValue *values,
                                GError            **error)
{
  g_return_val_if_fail (CH_IS_STORE (self), FALSE);
  g_return_val_if_fail (info != NULL && values != NULL, FALSE);

  return apply_values (self, chapter_id, info, id, version, deleted, values, TRUE, error);
}
