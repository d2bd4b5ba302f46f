/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *id;
  char   *name;
  gint64  version;
  gint64  floor;       /* cursors below this (but > 0) are expired */
  char   *created_at;
} ChServerChapter;

void ch_server_chapter_free (ChServerChapter *chapter);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChServerChapter, ch_server_chapter_free)

G_END_DECLS
