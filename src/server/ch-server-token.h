/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64    id;
  char     *name;
  char     *chapter_id;  /* NULL for admin tokens */
  gboolean  admin;
  char     *created_at;
  char     *revoked_at;  /* NULL while valid */
} ChServerToken;

void ch_server_token_free   (ChServerToken   *token);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChServerToken, ch_server_token_free)

G_END_DECLS
