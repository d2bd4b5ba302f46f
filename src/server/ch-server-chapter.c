/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-chapter"

#include "config.h"

#include "ch-server-chapter.h"

void
ch_server_chapter_free (ChServerChapter *chapter)
{
  if (chapter == NULL)
    return;

  g_free (chapter->id);
  g_free (chapter->name);
  g_free (chapter->created_at);
  g_free (chapter);
}
