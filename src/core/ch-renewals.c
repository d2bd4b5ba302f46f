/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-renewals"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-membership-private.h"
#include "ch-renewals-private.h"
#include "ch-member-status.h"
#include "ch-tier.h"
#include "ch-store-private.h"

typedef struct
{
  gint32    key;
  ChMember *member;
} RenewalItem;

static int
compare_renewals (gconstpointer a,
                  gconstpointer b)
{
  const RenewalItem *ra = a, *rb = b;

  if (ra->key != rb->key)
    return ra->key < rb->key ? -1 : 1;

  return g_strcmp0 (ch_member_get_display_name (ra->member),
                    ch_member_get_display_name (rb->member));
}

gboolean
ch_renewals_row_in_group (ChRenewalGroup  group,
                          gint            tier_kind,
                          const char     *joined,
                          const char     *left,
                          const char     *paid_text,
                          gint            grace,
                          gint32          today,
                          gint32         *out_key)
{
  ChMemberStatus status;
  gint32 paid;
  gboolean take = FALSE;

  if (tier_kind != CH_TIER_KIND_PAID)
    return FALSE;

  status = ch_member_status_compute_kind (CH_TIER_KIND_PAID, joined, left, paid_text, grace,
                                          today);
  paid = ch_membership_date_days (paid_text);
  if (paid < 0)
    paid = ch_membership_date_days (joined);

  switch (group)
    {
    case CH_RENEWAL_DUE_SOON:
      take = status == CH_MEMBER_STATUS_ACTIVE && paid - today <= 30;
      break;
    case CH_RENEWAL_IN_GRACE:
      take = status == CH_MEMBER_STATUS_GRACE;
      break;
    case CH_RENEWAL_RECENTLY_LAPSED:
      take = status == CH_MEMBER_STATUS_LAPSED && today - (paid + grace) <= 90;
      break;
    default:
      g_assert_not_reached ();
    }

  if (out_key != NULL)
    *out_key = paid;
  return take;
}

GPtrArray *
ch_renewals_list (ChStore         *store,
                  const char      *chapter_id,
                  ChRenewalGroup   group,
                  GError         **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (RenewalItem));
  sqlite3_stmt *st = NULL;
  gint32 today;
  gint grace;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  today = ch_store_today_days (store, chapter_id);
  grace = MAX (ch_store_grace_days (store, chapter_id), 0);

  if (sqlite3_prepare_v2 (ch_store_get_db (store),
                          "SELECT id, tier, joined_on, left_on, dues_paid_until FROM member "
                          "WHERE chapter_id = ? AND deleted = 0 AND tier IS NOT 'network' "
                          "AND tier IS NOT 'honorary'", -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                   _("Could not read the members: %s"), sqlite3_errmsg (ch_store_get_db (store)));
      return NULL;
    }

  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      const char *tier = (const char *) sqlite3_column_text (st, 1);
      const char *joined = (const char *) sqlite3_column_text (st, 2);
      const char *left = (const char *) sqlite3_column_text (st, 3);
      const char *paid_text = (const char *) sqlite3_column_text (st, 4);
      RenewalItem item;

      if (!ch_renewals_row_in_group (group, ch_membership_tier_kind (store, chapter_id, tier),
                                     joined, left, paid_text, grace, today, &item.key))
        continue;

      item.member = ch_store_get_member (store, (const char *) sqlite3_column_text (st, 0), NULL);
      if (item.member != NULL)
        g_array_append_val (items, item);
    }
  sqlite3_finalize (st);

  g_array_sort (items, compare_renewals);
  /* Lapsed: the most recent first, the ones still easy to win back. */
  for (guint i = 0; i < items->len; i++)
    {
      guint k = group == CH_RENEWAL_RECENTLY_LAPSED ? items->len - 1 - i : i;
      g_ptr_array_add (out, g_array_index (items, RenewalItem, k).member);
    }

  return g_steal_pointer (&out);
}

gboolean
ch_renewals_can_email (ChMember *member)
{
  JsonObject *fields;
  JsonNode *consent;
  const char *email;

  g_return_val_if_fail (CH_IS_MEMBER (member), FALSE);

  fields = ch_member_get_fields (member);
  consent = json_object_get_member (fields, "consent_email");
  email = ch_member_get_email (member);
  if (email == NULL || *email == '\0')
    return FALSE;
  if (consent != NULL && JSON_NODE_HOLDS_VALUE (consent))
    {
      if (json_node_get_value_type (consent) == G_TYPE_BOOLEAN && !json_node_get_boolean (consent))
        return FALSE;
      if (json_node_get_value_type (consent) == G_TYPE_INT64 && json_node_get_int (consent) == 0)
        return FALSE;
    }

  return TRUE;
}

char *
ch_renewals_mailto_bcc (GPtrArray *members)
{
  GString *out = g_string_new ("mailto:?bcc=");
  guint n = 0;

  for (guint i = 0; members && i < members->len; i++)
    {
      g_autofree char *escaped = NULL;

      if (!ch_renewals_can_email (members->pdata[i]))
        continue;

      escaped = g_uri_escape_string (ch_member_get_email (members->pdata[i]), NULL, FALSE);
      if (n++ > 0)
        g_string_append_c (out, ',');
      g_string_append (out, escaped);
    }

  if (n == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

char *
ch_renewals_addresses (GPtrArray *members)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; members && i < members->len; i++)
    {
      if (!ch_renewals_can_email (members->pdata[i]))
        continue;
      g_string_append (out, ch_member_get_email (members->pdata[i]));
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}
