/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-store"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "ch-entity.h"
#include "ch-store-held.h"
#include "ch-store-private.h"

gint64
ch_store_held_row_version (ChStore    *self,
                           const char *entity,
                           const char *id)
{
  const ChEntityInfo *info = ch_entity_lookup (entity);
  sqlite3_stmt *st;
  gint64 version = -1;

  g_return_val_if_fail (CH_IS_STORE (self), -1);

  if (info == NULL || id == NULL ||
      !(st = ch_store_row_stmt (self, info, CH_STORE_ROW_SQL_VERSION, NULL)))
    return -1;

  ch_store_bind_text (st, 1, id);
  if (sqlite3_step (st) == SQLITE_ROW)
    version = sqlite3_column_int64 (st, 0);
  sqlite3_reset (st);

  return version;
}

gboolean
ch_store_held_take (ChStore     *self,
                    const char  *entity,
                    const char  *id,
                    gint64       previous,
                    gint64       version,
                    gboolean    *taken,
                    GError     **error)
{
  const ChEntityInfo *info = ch_entity_lookup (entity);
  sqlite3_stmt *st;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  *taken = FALSE;
  if (info == NULL)
    return TRUE;

  if (!(st = ch_store_row_stmt (self, info, CH_STORE_ROW_SQL_TAKE_VERSION, error)))
    return FALSE;
  sqlite3_bind_int64 (st, 1, version);
  ch_store_bind_text (st, 2, id);
  sqlite3_bind_int64 (st, 3, previous);
  /* (Stepped here: the message is translated only on a failure, not for
   * each of a push's thousand rows.) */
  if (sqlite3_step (st) != SQLITE_DONE)
    {
      /* Translators: %s is the database's own message */
      ch_store_set_sql_error (error, ch_store_get_db (self),
                              _("Could not save the sync state: %s"));
      sqlite3_reset (st);
      return FALSE;
    }
  sqlite3_reset (st);

  /* Not at @previous: a pull may have brought this version, or a later
   * one, already (the answer was lost and is sent again). */
  *taken = sqlite3_changes (ch_store_get_db (self)) > 0 ||
           ch_store_held_row_version (self, entity, id) >= version;
  return TRUE;
}

static char *
mid_key (const char *chapter_id)
{
  return g_strconcat ("held_mid:", chapter_id, NULL);
}

/* The stored "<device id> <mid>" of @chapter_id; FALSE when there is
 * none for this device id. */
static gboolean
read_mid (ChStore    *self,
          const char *chapter_id,
          gint64     *mid)
{
  g_autofree char *key = mid_key (chapter_id);
  g_autofree char *value = ch_store_get_meta (self, key);
  const char *device_id = ch_store_get_device_id (self);
  const char *space;

  if (value == NULL || device_id == NULL || (space = strchr (value, ' ')) == NULL ||
      (gsize) (space - value) != strlen (device_id) ||
      strncmp (value, device_id, (gsize) (space - value)) != 0)
    return FALSE;

  *mid = g_ascii_strtoll (space + 1, NULL, 10);
  return TRUE;
}

gint64
ch_store_held_get_mid (ChStore    *self,
                       const char *chapter_id)
{
  gint64 mid = -1;

  g_return_val_if_fail (CH_IS_STORE (self), -1);

  if (!read_mid (self, chapter_id, &mid) || mid < 0)
    return -1;

  return mid;
}

gboolean
ch_store_held_set_mid (ChStore     *self,
                       const char  *chapter_id,
                       gint64       mid,
                       GError     **error)
{
  g_autofree char *key = mid_key (chapter_id);
  g_autofree char *value = NULL;
  gint64 stored = 0;
  gboolean known;

  g_return_val_if_fail (CH_IS_STORE (self), FALSE);

  known = read_mid (self, chapter_id, &stored);
  /* Stopped stays stopped; otherwise it only rises. */
  if (known && (stored < 0 || (mid >= 0 && mid <= stored)))
    return TRUE;

  value = g_strdup_printf ("%s %" G_GINT64_FORMAT, ch_store_get_device_id (self), MAX (mid, -1));
  return ch_store_set_meta (self, key, value, error);
}
