/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-apply"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#include "ch-server-apply-private.h"

static gboolean
refuse (GError     **error,
        gint64      *error_mid,
        gint64       mid,
        gint         code,
        const char  *message)
{
  if (error_mid != NULL)
    *error_mid = mid;
  g_set_error_literal (error, CH_SERVER_APPLY_ERROR, code, message);
  return FALSE;
}

/* Before anything is applied: the device is this token's (or nobody's
 * yet: then it becomes this token's), no mid jumps too far, and every mid
 * seen before is the same change as then.  @replays gets the stored
 * answer for each mutation seen before (NULL for the new ones). */
gboolean
ch_server_apply_check_device (Batch       *b,
                              gint64       token_id,
                              gint64       last_mid,
                              GPtrArray   *mutations,
                              GPtrArray   *replays,
                              gint64      *error_mid,
                              GError     **error)
{
  gint64 owner = 0;

  if (!ch_server_store_get_device_owner (b->store, b->chapter_id, b->device_id, &owner, error))
    return FALSE;

  if (owner != 0 && owner != token_id)
    return refuse (error, error_mid, 0, CH_SERVER_APPLY_ERROR_DEVICE_NOT_YOURS,
                   _("This device id belongs to another access token; use a device id of "
                     "your own"));

  for (guint i = 0; i < mutations->len; i++)
    {
      const ChMutation *m = g_ptr_array_index (mutations, i);
      g_autofree char *stored = NULL;
      g_autofree char *fingerprint = NULL;
      ChMutationResult *result = NULL;

      if (m->mid > last_mid)
        {
          /* A device's first mids may be anything (a new device id for
           * a file with a long history); after that they only creep up. */
          if (last_mid > 0 && m->mid - last_mid > CH_PROTOCOL_MAX_MID_JUMP)
            {
              g_autofree char *message =
                g_strdup_printf (_("Mutation id %" PRId64 " is too far beyond this "
                                   "device’s last one (%" PRId64 ")"), m->mid, last_mid);

              return refuse (error, error_mid, m->mid, CH_SERVER_APPLY_ERROR_MID_JUMP, message);
            }
          g_ptr_array_add (replays, NULL);
          continue;
        }

      if (!ch_server_store_get_result (b->store, b->chapter_id, b->device_id, m->mid, &result,
                                       error))
        return FALSE;
      g_ptr_array_add (replays, result);
      if (result == NULL)
        return refuse (error, error_mid, m->mid, CH_SERVER_APPLY_ERROR_STALE_MID,
                       _("The server no longer has the answer for this mutation id; send the "
                         "change again under a new device id"));

      if (!ch_server_store_get_fingerprint (b->store, b->chapter_id, b->device_id, m->mid,
                                            &stored, error))
        return FALSE;
      fingerprint = ch_mutation_fingerprint (m);
      /* Results stored before fingerprints were kept cannot be told apart. */
      if (stored != NULL && strcmp (stored, fingerprint) != 0)
        return refuse (error, error_mid, m->mid, CH_SERVER_APPLY_ERROR_MID_REUSED,
                       _("This mutation id was used before for another change; send the "
                         "change again under a new device id"));
    }

  if (owner == 0 &&
      !ch_server_store_set_device_owner (b->store, b->chapter_id, b->device_id, token_id, error))
    return FALSE;

  return TRUE;
}
