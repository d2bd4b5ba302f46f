/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-apply"

#include "config.h"

#include <string.h>

#include "ch-server-apply-private.h"

/* Not pulling back one's own changes (issue 17; docs/sync-protocol.md,
 * "Not pulling back one's own changes").  A mutation is *exact* when the
 * row it wrote is the row the device held with "set" laid over it and
 * nothing else: then the device may take the new version as its own, and
 * its pulls may leave that version out.  Every condition below errs on
 * the side of "not exact", which only costs the row coming back. */

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
note (Batch      *b,
      char       *key,
      gint64      version)
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
             const char       *key,
             gint64            previous)
{
  const gint64 *chained = g_hash_table_lookup (b->held_here, key);

  if (chained != NULL)
    return *chained != TAINTED && *chained == previous;

  return m->held_version == previous;
}

/* Whether the row written last is @before's fields with @m's set laid
 * over them, compared in stored form. */
static gboolean
wrote_exactly (Batch                *b,
               const ChEntityInfo   *entity,
               const ChMutation     *m,
               const ChServerRecord *before)
{
  g_autoptr(JsonObject) expected = NULL;
  g_autofree char *json = NULL;

  if (before != NULL)
    {
      if (!(expected = ch_server_apply_load_fields (before, NULL)))
        return FALSE;
    }
  else
    expected = json_object_new ();

  ch_server_apply_overlay (expected, m->set);
  json = ch_server_apply_fields_to_json (entity, expected);

  return strcmp (json, b->written_json) == 0;
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
  gint64 previous = before != NULL ? before->version : 0;
  gboolean exact;

  if (m->invalid != NULL || m->entity == NULL || m->id == NULL ||
      (entity = ch_entity_lookup (m->entity)) == NULL)
    return TRUE;

  key = row_key (m);
  exact = result->status == CH_RESULT_APPLIED &&
          (m->op == CH_OP_INSERT || m->op == CH_OP_UPDATE) &&
          m->set != NULL && json_object_get_size (m->set) > 0 &&
          (before == NULL || !before->deleted) &&
          /* The last row this mutation wrote is this one, live, at the
           * latest version: no data rule wrote another row after it. */
          b->written_entity == entity && b->written_id != NULL &&
          strcmp (b->written_id, m->id) == 0 && b->written_json != NULL &&
          !b->written_deleted && result->version == b->version && previous < result->version &&
          device_held (b, m, key, previous) &&
          wrote_exactly (b, entity, m, before);

  if (exact)
    {
      if (!ch_server_store_set_held (b->store, b->chapter_id, entity->name, m->id, b->device_id,
                                     result->version, m->mid, error))
        return FALSE;
      result->previous_version = previous;
      note (b, g_steal_pointer (&key), result->version);
      return TRUE;
    }

  note (b, g_steal_pointer (&key), TAINTED);
  /* A refused or partly taken change makes the device fetch the row
   * again, so an earlier exact write of it may no longer be left out. */
  if (before != NULL &&
      !ch_server_store_set_held (b->store, b->chapter_id, entity->name, m->id, NULL, 0, 0, error))
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
