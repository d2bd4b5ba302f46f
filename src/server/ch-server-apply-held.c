/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-apply"

#include "config.h"

#include <string.h>

#include "ch-json.h"
#include "ch-server-apply-private.h"

/* Not pulling back one's own changes (issue 17; docs/sync-protocol.md,
 * "Not pulling back one's own changes").  A mutation is *exact* when the
 * row it wrote is the row the device held with "set" laid over it and
 * nothing else: then the device may take the new version as its own, and
 * its pulls may leave that version out.  Every condition below errs on
 * the side of "not exact", which only costs the row coming back.
 *
 * The mark goes with the row's write (ch_server_apply_held_predict(),
 * from ch_server_apply_write_record()), so that the common case costs no
 * statement of its own; ch_server_apply_held_decide(), once the mutation
 * is done, takes it back if the mutation was not exact after all. */

/* b->held_here: "entity id" of the rows this request touched, with the
 * version of this device's exact write that is the row's latest (a
 * chain: the device takes them in order), or TAINTED once a mutation of
 * the row in this request was not exact (the device then fetches the
 * row again: ch_store_refetch_row()). */
#define TAINTED (-1)

static char *
row_key (const ChMutation *m)
{
  return g_strconcat (m->entity, " ", m->id, NULL);
}

static void
note (Batch  *b,
      char   *key,
      gint64  version)
{
  gint64 *boxed = g_new (gint64, 1);

  *boxed = version;
  g_hash_table_replace (b->held_here, key, boxed);
}

/* Whether the device held the row's previous version, @previous: it said
 * so (held_version), or the previous version is its own exact write of
 * this request. */
static gboolean
device_held (Batch            *b,
             const ChMutation *m,
             gint64            previous)
{
  g_autofree char *key = row_key (m);
  const gint64 *chained = g_hash_table_lookup (b->held_here, key);

  if (chained != NULL)
    return *chained != TAINTED && *chained == previous;

  return m->held_version == previous;
}

/* The end of the JSON value that starts at @p (a stored row's field: a
 * string, a number, a literal; objects and arrays are skipped whole), or
 * NULL when the text is not what it should be. */
const char *
ch_server_apply_skip_value (const char *p)
{
  int depth = 0;

  do
    {
      if (*p == '"')
        {
          for (p++; *p != '"'; p++)
            {
              if (*p == '\0')
                return NULL;
              if (*p == '\\' && *++p == '\0')
                return NULL;
            }
          p++;
        }
      else if (*p == '{' || *p == '[')
        depth++, p++;
      else if (*p == '}' || *p == ']')
        {
          if (depth == 0)
            return p;
          depth--, p++;
        }
      else if (*p == ',' && depth == 0)
        return p;
      else if (*p == '\0')
        return NULL;
      else
        p++;
    }
  while (depth > 0 || (*p != ',' && *p != '}' && *p != ']'));

  return p;
}

/* The stored form of @before's row with @set laid over it, made from the
 * stored text without parsing it (stored rows are in the descriptor's
 * order, every field, as ch_server_apply_fields_to_json() writes them);
 * NULL when the text is not in that form or lacks a field of @set. */
static char *
expected_json (const ChEntityInfo   *entity,
               const ChServerRecord *before,
               JsonObject           *set)
{
  g_autoptr(GString) out = NULL;
  const char *p;
  guint found = 0;

  if (before == NULL)
    return ch_server_apply_fields_to_json (entity, set);

  p = before->fields;
  if (p == NULL || *p++ != '{')
    return NULL;

  out = g_string_sized_new (strlen (before->fields) + 64);
  g_string_append_c (out, '{');
  while (*p != '}')
    {
      const char *name = p + 1;
      const char *name_end;
      const char *value_end;
      char field[128];
      JsonNode *mine;

      if (*p != '"' || (name_end = strchr (name, '"')) == NULL ||
          (gsize) (name_end - name) >= sizeof field || name_end[1] != ':' ||
          memchr (name, '\\', (gsize) (name_end - name)) != NULL ||
          (value_end = ch_server_apply_skip_value (name_end + 2)) == NULL)
        return NULL;

      memcpy (field, name, (gsize) (name_end - name));
      field[name_end - name] = '\0';
      if (out->len > 1)
        g_string_append_c (out, ',');
      g_string_append_len (out, p, name_end + 2 - p);
      if ((mine = json_object_get_member (set, field)) != NULL)
        {
          ch_json_append_node (out, mine);
          found++;
        }
      else
        g_string_append_len (out, name_end + 2, value_end - (name_end + 2));

      p = value_end;
      if (*p == ',')
        p++;
      else if (*p != '}')
        return NULL;
    }

  if (found != json_object_get_size (set))
    return NULL;
  g_string_append_c (out, '}');

  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
ch_server_apply_held_predict (Batch              *b,
                              const ChEntityInfo *entity,
                              const char         *id,
                              gboolean            deleted,
                              const char         *json)
{
  const ChMutation *m = b->current;
  const ChServerRecord *before = b->current_before;
  g_autofree char *expected = NULL;

  /* The mutation's own row, written once, live, by an insert or update
   * of the row the device held. */
  if (m == NULL || m->invalid != NULL || m->held_version < 0 || deleted ||
      (m->op != CH_OP_INSERT && m->op != CH_OP_UPDATE) ||
      m->set == NULL || json_object_get_size (m->set) == 0 ||
      g_strcmp0 (m->entity, entity->name) != 0 || g_strcmp0 (m->id, id) != 0 ||
      b->current_written ||
      (before != NULL && before->deleted) ||
      !device_held (b, m, before != NULL ? before->version : 0))
    return FALSE;

  if (b->set_over_before)
    return TRUE;
  expected = expected_json (entity, before, m->set);
  return expected != NULL && strcmp (expected, json) == 0;
}

gboolean
ch_server_apply_held_decide (Batch                *b,
                             const ChMutation     *m,
                             const ChServerRecord *before,
                             ChMutationResult     *result,
                             GError              **error)
{
  const ChEntityInfo *entity;
  g_autofree char *key = NULL;

  if (m->invalid != NULL || m->entity == NULL || m->id == NULL ||
      (entity = ch_entity_lookup (m->entity)) == NULL)
    return TRUE;

  key = row_key (m);
  /* Marked when written; still the mutation's last write, and the
   * server took every value (not overridden, no conflict). */
  if (b->held_written && result->status == CH_RESULT_APPLIED &&
      b->written_entity == entity && b->written_id != NULL &&
      strcmp (b->written_id, m->id) == 0 && result->version == b->version)
    {
      result->previous_version = before != NULL ? before->version : 0;
      note (b, g_steal_pointer (&key), result->version);
      return TRUE;
    }

  note (b, g_steal_pointer (&key), TAINTED);
  /* A refused or partly taken change makes the device fetch the row
   * again, so an earlier exact write of it may no longer be left out. */
  if ((before != NULL || b->held_written) &&
      !ch_server_store_clear_held (b->store, b->chapter_id, entity->name, m->id, error))
    return FALSE;

  return TRUE;
}

void
ch_server_apply_held_replayed (Batch                  *b,
                               const ChMutation       *m,
                               const ChMutationResult *result)
{
  g_autofree char *key = NULL;
  const gint64 *chained;

  if (m->invalid != NULL || m->entity == NULL || m->id == NULL)
    return;

  key = row_key (m);
  chained = g_hash_table_lookup (b->held_here, key);
  note (b, g_steal_pointer (&key),
        result->previous_version >= 0 && (chained == NULL || *chained != TAINTED)
        ? result->version : TAINTED);
}
