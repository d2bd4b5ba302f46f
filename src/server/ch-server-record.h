/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char     *entity;
  char     *id;
  gint64    version;
  gboolean  deleted;
  char     *fields;      /* JSON object text, all fields of the entity */
  gint64    rowid;       /* the store's own key of the row (read), or 0 */
} ChServerRecord;

void ch_server_record_free  (ChServerRecord  *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChServerRecord, ch_server_record_free)

/* Called for each row of the change feed; the strings are only valid
 * during the call.  @fields is NULL for a row left out of this device's
 * pull (its own exact write, see ch_server_store_read_changes()). */
typedef void (*ChServerRecordFunc) (const char *entity,
                                    const char *id,
                                    gint64      version,
                                    gboolean    deleted,
                                    const char *fields,
                                    gsize       fields_len,
                                    gpointer    user_data);

G_END_DECLS
