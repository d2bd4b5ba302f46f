/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-record"

#include "config.h"

#include "ch-server-record.h"

void
ch_server_record_free (ChServerRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->entity);
  g_free (record->id);
  g_free (record->fields);
  g_free (record);
}
