/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-token"

#include "config.h"

#include "ch-server-token.h"

void
ch_server_token_free (ChServerToken *token)
{
  if (token == NULL)
    return;

  g_free (token->name);
  g_free (token->chapter_id);
  g_free (token->created_at);
  g_free (token->revoked_at);
  g_free (token);
}
