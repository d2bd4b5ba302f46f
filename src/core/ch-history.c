/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-history"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-history.h"
#include "ch-iso-date.h"
#include "ch-membership-private.h"
#include "ch-membership.h"
#include "ch-money.h"
#include "ch-roles.h"
#include "ch-store-private.h"
#include "ch-tiers.h"

#define END ch_store_sql_end

/* ----------------------------------------------------------------------- */
/* ChHistoryEntry                                                          */

struct _ChHistoryEntry
{
  GObject        parent_instance;

  ChHistoryKind  kind;
  char          *date;
  char          *title;
  char          *detail;
  char          *row_id;
};

G_DEFINE_FINAL_TYPE (ChHistoryEntry, ch_history_entry, G_TYPE_OBJECT)

static void
ch_history_entry_finalize (GObject *object)
{
  ChHistoryEntry *self = CH_HISTORY_ENTRY (object);

  g_free (self->date);
  g_free (self->title);
  g_free (self->detail);
  g_free (self->row_id);

  G_OBJECT_CLASS (ch_history_entry_parent_class)->finalize (object);
}

static void
ch_history_entry_class_init (ChHistoryEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ch_history_entry_finalize;
}

static void
ch_history_entry_init (ChHistoryEntry *self)
{
}

ChHistoryKind
ch_history_entry_get_kind (ChHistoryEntry *self)
{
  g_return_val_if_fail (CH_IS_HISTORY_ENTRY (self), CH_HISTORY_JOIN);

  return self->kind;
}

const char *
ch_history_entry_get_date (ChHistoryEntry *self)
{
  g_return_val_if_fail (CH_IS_HISTORY_ENTRY (self), NULL);

  return self->date;
}

const char *
ch_history_entry_get_title (ChHistoryEntry *self)
{
  g_return_val_if_fail (CH_IS_HISTORY_ENTRY (self), NULL);

  return self->title;
}

const char *
ch_history_entry_get_detail (ChHistoryEntry *self)
{
  g_return_val_if_fail (CH_IS_HISTORY_ENTRY (self), NULL);

  return self->detail;
}

const char *
ch_history_entry_get_row_id (ChHistoryEntry *self)
{
  g_return_val_if_fail (CH_IS_HISTORY_ENTRY (self), NULL);

  return self->row_id;
}

/* ----------------------------------------------------------------------- */
/* History                                                                 */

static ChHistoryEntry *
history_add (GPtrArray     *entries,
             ChHistoryKind  kind,
             const char    *date,
             char          *title,
             char          *detail,
             const char    *row_id)
{
  ChHistoryEntry *e = g_object_new (CH_TYPE_HISTORY_ENTRY, NULL);

  e->kind = kind;
  e->date = g_strdup (date);
  e->title = title;
  e->detail = detail;
  e->row_id = g_strdup (row_id);
  g_ptr_array_add (entries, e);

  return e;
}

static char *
gap_text (gint32 days)
{
  if (days >= 60)
    {
      guint months = (guint) (days / 30.44 + 0.5);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Gap of %u month", "Gap of %u months",
                                           months), months);
    }

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Gap of %d day", "Gap of %d days", days),
                          days);
}

/* On one day: the membership starts, then what happens in it, then it ends. */
static int
kind_rank (ChHistoryKind kind)
{
  switch (kind)
    {
    case CH_HISTORY_JOIN: return 0;
    case CH_HISTORY_REJOIN: return 1;
    case CH_HISTORY_UPGRADE: return 2;
    case CH_HISTORY_ROLE_START: return 3;
    case CH_HISTORY_PAYMENT: return 4;
    case CH_HISTORY_RENEW: return 5;
    case CH_HISTORY_LAPSE: return 6;
    case CH_HISTORY_ROLE_END: return 7;
    case CH_HISTORY_LEAVE: return 8;
    default: return 9;
    }
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const ChHistoryEntry *ea = *(ChHistoryEntry * const *) a;
  const ChHistoryEntry *eb = *(ChHistoryEntry * const *) b;
  int c = g_strcmp0 (ea->date, eb->date);

  return c != 0 ? c : kind_rank (ea->kind) - kind_rank (eb->kind);
}

GPtrArray *
ch_history_list (ChStore     *store,
                 const char  *member_id,
                 GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonObject) member = NULL;
  g_autoptr(GPtrArray) periods = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  g_autoptr(GPtrArray) roles = NULL;
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (gint32));  /* lapse/leave days */
  g_autofree char *today = NULL;
  const char *chapter_id;
  gboolean any_segment = FALSE;
  g_autofree char *previous_tier = NULL;
  gint32 grace;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  if (!(member = ch_store_get_row (store, "member", member_id, error)))
    return NULL;
  chapter_id = ch_store_row_text (member, "chapter_id");
  today = ch_membership_today_iso (store, chapter_id);
  grace = MAX (ch_store_grace_days (store, chapter_id), 0);

  /* Payments, and the lapses they imply for paid tiers. */
  payments = ch_membership_query_strings (store,
                            "SELECT id FROM payment WHERE member_id = ? AND deleted = 0 "
                            "ORDER BY covers_from, paid_on, id", member_id, END);
  {
    gint32 covered = -1;  /* last day covered so far */
    const char *tier = ch_store_row_text (member, "tier");
    gboolean paid_tier = ch_membership_tier_kind (store, chapter_id, tier) == CH_TIER_KIND_PAID;

    for (guint i = 0; i < payments->len; i++)
      {
        g_autoptr(JsonObject) p = ch_store_get_row (store, "payment", payments->pdata[i], NULL);
        g_autofree char *money = NULL;
        gint32 from, until;

        if (p == NULL)
          continue;

        money = ch_money_format (json_object_get_int_member_with_default (p, "amount", 0),
                                 ch_store_row_text (p, "currency"));
        history_add (entries, CH_HISTORY_PAYMENT, ch_store_row_text (p, "paid_on"),
                     g_strdup_printf (_("Paid %s"), money),
                     ch_store_row_text (p, "covers_from") && ch_store_row_text (p, "covers_until")
                     ? g_strdup_printf (_("Covers %s to %s"), ch_store_row_text (p, "covers_from"),
                                        ch_store_row_text (p, "covers_until"))
                     : NULL,
                     payments->pdata[i]);

        from = ch_membership_date_days (ch_store_row_text (p, "covers_from"));
        until = ch_membership_date_days (ch_store_row_text (p, "covers_until"));
        if (paid_tier && covered >= 0 && from > covered + grace + 1)
          {
            g_autofree char *day = ch_iso_date_from_days (covered + grace + 1);
            g_autofree char *paid = ch_iso_date_from_days (covered);

            history_add (entries, CH_HISTORY_LAPSE, day, g_strdup (C_("history", "Lapsed")),
                         g_strdup_printf (_("Dues were paid until %s"), paid), NULL);
            g_array_append_val (ends, covered);
          }
        if (until > covered)
          covered = until;
      }

    if (paid_tier && ch_store_row_text (member, "left_on") == NULL &&
        ch_membership_member_status (store, member) == CH_MEMBER_STATUS_LAPSED)
      {
        gint32 lapsed = ch_membership_lapse_day (store, member);
        g_autofree char *pid = ch_membership_open_period (store, member_id);
        g_autoptr(JsonObject) open = NULL;
        gint32 open_start = -1;

        if (pid != NULL && (open = ch_store_get_row (store, "membership_period", pid, NULL)))
          open_start = ch_membership_date_days (ch_store_row_text (open, "starts_on"));

        /* Came back (or moved to a paid tier) and has not paid since:
         * lapsed from that day on, not from long before. */
        if (lapsed > 0 && open_start > lapsed)
          lapsed = open_start;

        if (lapsed > 0)
          {
            g_autofree char *day = ch_iso_date_from_days (lapsed);
            g_autofree char *paid = ch_iso_date_from_days (lapsed - grace - 1);
            gint32 end = lapsed - 1;

            history_add (entries, CH_HISTORY_LAPSE, day, g_strdup (C_("history", "Lapsed")),
                         g_strdup_printf (_("Dues were paid until %s"), paid), NULL);
            g_array_append_val (ends, end);
          }
      }
  }

  /* Periods: joins, renewals, upgrades, rejoins and the ends of leaves. */
  periods = ch_membership_query_strings (store,
                           "SELECT id FROM membership_period WHERE member_id = ? AND deleted = 0 "
                           "ORDER BY starts_on, id", member_id, END);
  for (guint i = 0; i < periods->len; i++)
    {
      g_autoptr(JsonObject) p = ch_store_get_row (store, "membership_period", periods->pdata[i],
                                                  NULL);
      const char *kind;
      const char *reason;
      const char *tier_name;
      g_autoptr(ChTier) t = NULL;

      if (p == NULL)
        continue;

      kind = ch_store_row_text (p, "kind");
      t = ch_tiers_find (store, chapter_id, ch_store_row_text (p, "tier"));
      tier_name = t ? ch_tier_get_name (t) : ch_tier_label (ch_store_row_text (p, "tier"));

      if (g_strcmp0 (kind, CH_PERIOD_RENEW) == 0)
        history_add (entries, CH_HISTORY_RENEW, ch_store_row_text (p, "starts_on"),
                     g_strdup (_("Renewed")),
                     ch_store_row_text (p, "ends_on")
                     ? g_strdup_printf (_("Until %s"), ch_store_row_text (p, "ends_on")) : NULL,
                     periods->pdata[i]);
      else
        {
          any_segment = TRUE;

          if (g_strcmp0 (kind, CH_PERIOD_UPGRADE) == 0)
            {
              /* The detail says when it counted as a conversion. */
              ChTierKind to = ch_membership_tier_kind (store, chapter_id,
                                                       ch_store_row_text (p, "tier"));
              gboolean conversion = previous_tier != NULL && to == CH_TIER_KIND_PAID &&
                                    ch_membership_tier_kind (store, chapter_id, previous_tier)
                                    == CH_TIER_KIND_FREE;

              history_add (entries, CH_HISTORY_UPGRADE, ch_store_row_text (p, "starts_on"),
                           g_strdup_printf (_("Moved to %s"), tier_name),
                           conversion ? g_strdup (_("From a free tier to a paid one")) : NULL,
                           periods->pdata[i]);
            }
          else if (g_strcmp0 (kind, CH_PERIOD_REJOIN) == 0)
            {
              gint32 start = ch_membership_date_days (ch_store_row_text (p, "starts_on"));
              gint32 last_end = -1;
              char *detail = NULL;

              /* The gap since the leave or lapse before this rejoin. */
              for (guint j = 0; j < i; j++)
                {
                  g_autoptr(JsonObject) q = ch_store_get_row (store, "membership_period",
                                                              periods->pdata[j], NULL);
                  gint32 e = q ? ch_membership_date_days (ch_store_row_text (q, "ends_on")) : -1;

                  if (q && g_strcmp0 (ch_store_row_text (q, "kind"), CH_PERIOD_RENEW) != 0 &&
                      e < start && e > last_end)
                    last_end = e;
                }
              for (guint j = 0; j < ends->len; j++)
                if (g_array_index (ends, gint32, j) < start &&
                    g_array_index (ends, gint32, j) > last_end)
                  last_end = g_array_index (ends, gint32, j);

              if (last_end >= 0 && start - last_end - 1 > 0)
                detail = gap_text (start - last_end - 1);

              history_add (entries, CH_HISTORY_REJOIN, ch_store_row_text (p, "starts_on"),
                           g_strdup_printf (_("Rejoined as %s"), tier_name), detail,
                           periods->pdata[i]);
            }
          else
            history_add (entries, CH_HISTORY_JOIN, ch_store_row_text (p, "starts_on"),
                         g_strdup_printf (_("Joined as %s"), tier_name), NULL, periods->pdata[i]);

          g_free (previous_tier);
          previous_tier = g_strdup (ch_store_row_text (p, "tier"));

          reason = ch_store_row_text (p, "end_reason");
          if (reason != NULL && ch_store_row_text (p, "ends_on") != NULL)
            history_add (entries, CH_HISTORY_LEAVE, ch_store_row_text (p, "ends_on"),
                         g_strdup (C_("history", "Left")),
                         g_strdup (ch_membership_leave_reason_label (reason)),
                         periods->pdata[i]);
        }
    }

  if (!any_segment && ch_membership_valid_date (ch_store_row_text (member, "joined_on")))
    {
      const char *tier = ch_store_row_text (member, "tier");
      const char *reason = ch_store_row_text (member, "left_reason");
      g_autoptr(ChTier) t = ch_tiers_find (store, chapter_id, tier);

      history_add (entries, CH_HISTORY_JOIN, ch_store_row_text (member, "joined_on"),
                   g_strdup_printf (_("Joined as %s"),
                                    t ? ch_tier_get_name (t) : ch_tier_label (tier)),
                   NULL, NULL);
      if (ch_store_row_text (member, "left_on") != NULL)
        history_add (entries, CH_HISTORY_LEAVE, ch_store_row_text (member, "left_on"),
                     g_strdup (C_("history", "Left")),
                     reason ? g_strdup (ch_membership_leave_reason_label (reason)) : NULL,
                     NULL);
    }

  /* Roles */
  roles = ch_membership_query_strings (store,
                         "SELECT id FROM role WHERE member_id = ? AND deleted = 0 "
                         "ORDER BY starts_on",
                         member_id, END);
  for (guint i = 0; i < roles->len; i++)
    {
      g_autoptr(JsonObject) r = ch_store_get_row (store, "role", roles->pdata[i], NULL);
      const char *label;

      if (r == NULL)
        continue;

      label = ch_roles_label (ch_store_row_text (r, "role"));
      if (ch_store_row_text (r, "starts_on"))
        history_add (entries, CH_HISTORY_ROLE_START, ch_store_row_text (r, "starts_on"),
                     g_strdup_printf (_("Became %s"), label), NULL, roles->pdata[i]);
      if (ch_store_row_text (r, "ends_on") && strcmp (ch_store_row_text (r, "ends_on"), today) <= 0)
        history_add (entries, CH_HISTORY_ROLE_END, ch_store_row_text (r, "ends_on"),
                     g_strdup_printf (_("Ended as %s"), label), NULL, roles->pdata[i]);
    }

  g_ptr_array_sort (entries, compare_entries);

  return g_steal_pointer (&entries);
}
