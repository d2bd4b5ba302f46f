/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-board-balance"

#include "config.h"

#include <glib/gi18n.h>
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
      ch_board_balance_add (balance, member ? ch_member_get_gender (member) : NULL);
    }

  return TRUE;
}

void
ch_board_balance_add (ChBoardBalance *balance,
                      const char     *stored)
{
  g_return_if_fail (balance != NULL);

  balance->people++;
  balance->counts[ch_gender_classify (stored)]++;
}

guint
ch_board_balance_not_shared (const ChBoardBalance *balance)
{
  return balance->counts[CH_GENDER_NOT_ANSWERED] + balance->counts[CH_GENDER_PREFER_NOT];
}

guint
ch_board_balance_shared (const ChBoardBalance *balance)
{
  return balance->people - ch_board_balance_not_shared (balance);
}

gboolean
ch_board_balance_is_small (const ChBoardBalance *balance,
                           ChGender              gender)
{
  guint n = balance->counts[gender];

  return n > 0 && n < CH_GENDER_MIN_GROUP;
}

gboolean
ch_board_balance_percent_women (const ChBoardBalance *balance,
                                guint                *percent)
{
  static const ChGender shared[] = {
    CH_GENDER_WOMAN, CH_GENDER_MAN, CH_GENDER_NON_BINARY, CH_GENDER_SELF_DESCRIBED,
  };
  guint total = ch_board_balance_shared (balance);

  *percent = 0;
  if (total == 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (shared); i++)
    if (ch_board_balance_is_small (balance, shared[i]))
      return FALSE;

  *percent = (balance->counts[CH_GENDER_WOMAN] * 100 + total / 2) / total;
  return TRUE;
}

/* "4 women", or "fewer than 3 women" for a small group (never its size). */
static char *
group_text (const ChBoardBalance *balance,
            ChGender              gender)
{
  guint n = balance->counts[gender];
  gboolean small = ch_board_balance_is_small (balance, gender);

  switch (gender)
    {
    case CH_GENDER_WOMAN:
      return small ? g_strdup (_("fewer than 3 women"))
                   : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u woman", "%u women", n),
                                      n);
    case CH_GENDER_MAN:
      return small ? g_strdup (_("fewer than 3 men"))
                   : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u man", "%u men", n), n);
    case CH_GENDER_NON_BINARY:
      return small ? g_strdup (_("fewer than 3 non-binary"))
                   : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u non-binary",
                                                   "%u non-binary", n), n);
    case CH_GENDER_SELF_DESCRIBED:
      return small ? g_strdup (_("fewer than 3 self-described"))
                   : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u self-described",
                                                   "%u self-described", n), n);
    case CH_GENDER_NOT_ANSWERED:
    case CH_GENDER_PREFER_NOT:
    default:
      g_assert_not_reached ();
    }
}

char *
ch_board_balance_describe (const ChBoardBalance *balance)
{
  static const ChGender groups[] = {
    CH_GENDER_WOMAN, CH_GENDER_MAN, CH_GENDER_NON_BINARY, CH_GENDER_SELF_DESCRIBED,
  };
  g_autoptr(GString) list = g_string_new (NULL);
  guint not_shared = ch_board_balance_not_shared (balance);
  guint percent;

  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      g_autofree char *piece = NULL;

      if (balance->counts[groups[i]] == 0)
        continue;
      piece = group_text (balance, groups[i]);
      if (list->len > 0)
        /* Translators: separates the groups in "4 women · 3 men" */
        g_string_append (list, C_("list", " · "));
      g_string_append (list, piece);
    }
  if (not_shared > 0)
    {
      g_autofree char *piece = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u not shared",
                                                             "%u not shared", not_shared),
                                                not_shared);

      if (list->len > 0)
        g_string_append (list, C_("list", " · "));
      g_string_append (list, piece);
    }

  if (ch_board_balance_percent_women (balance, &percent))
    /* Translators: %1$s the groups ("4 women · 3 men"), %2$u the percentage of
     * women among those who shared; "%%" is a percent sign */
    return g_strdup_printf (_("%1$s — %2$u %% women, goal 50 %%"), list->str, percent);

  /* Translators: %s the groups ("4 women · fewer than 3 men"); "%%" is a percent sign */
  return g_strdup_printf (_("%s — goal 50 %%"), list->str);
}
