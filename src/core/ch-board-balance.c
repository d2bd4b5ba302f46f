/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-board-balance"

#include "config.h"

#include <string.h>

#include "ch-board-balance.h"
#include "ch-roles.h"

gboolean
ch_board_balance_compute (ChStore        *store,
                          const char     *chapter_id,
                          ChBoardBalance *balance,
                          GError        **error)
{
  g_autoptr(GPtrArray) officers = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GError *local_error = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);
  g_return_val_if_fail (balance != NULL, FALSE);

  memset (balance, 0, sizeof *balance);

  officers = ch_roles_list_current (store, chapter_id, &local_error);
  if (officers == NULL && local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  for (guint i = 0; officers != NULL && i < officers->len; i++)
    {
      ChRole *o = g_ptr_array_index (officers, i);
      g_autoptr(ChMember) member = NULL;

      if (!g_hash_table_add (seen, (gpointer) ch_role_get_member_id (o)))
        continue;

      member = ch_store_get_member (store, ch_role_get_member_id (o), NULL);
      ch_board_balance_add (balance, member ? ch_member_get_text (member, "gender") : NULL);
    }

  return TRUE;
}
