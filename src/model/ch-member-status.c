/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-member-status"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-iso-date.h"
#include "ch-member-status.h"

static const char *status_names[] = {
  "prospect", "active", "grace", "lapsed", "left",
};

G_STATIC_ASSERT (G_N_ELEMENTS (status_names) == CH_MEMBER_STATUS_LAST + 1);

ChMemberStatus
ch_member_status_compute_kind (ChTierKind  kind,
                               const char *joined_on,
                               const char *left_on,
                               const char *dues_paid_until,
                               gint        grace_days,
                               gint32      today_days)
{
  gint32 joined, left, paid;

  left = ch_iso_date_to_days (left_on, -1);
  if (left >= 0 && left <= today_days)
    return CH_MEMBER_STATUS_LEFT;

  joined = ch_iso_date_to_days (joined_on, -1);
  if (joined < 0 || joined > today_days)
    return CH_MEMBER_STATUS_PROSPECT;

  if (kind == CH_TIER_KIND_FREE || kind == CH_TIER_KIND_HONORARY)
    return CH_MEMBER_STATUS_ACTIVE;

  paid = ch_iso_date_to_days (dues_paid_until, -1);
  if (paid < 0)
    paid = joined;

  if (today_days <= paid)
    return CH_MEMBER_STATUS_ACTIVE;
  if (today_days <= paid + MAX (grace_days, 0))
    return CH_MEMBER_STATUS_GRACE;

  return CH_MEMBER_STATUS_LAPSED;
}

gboolean
ch_member_status_member_days (ChTierKind  kind,
                              const char *joined_on,
                              const char *left_on,
                              const char *dues_paid_until,
                              gint        grace_days,
                              gint32     *first_day,
                              gint32     *last_day)
{
  gint32 joined, left, paid, last = G_MAXINT32;

  *first_day = *last_day = -1;

  /* Read as ch_member_status_compute_kind() above reads the same dates. */
  joined = ch_iso_date_to_days (joined_on, -1);
  if (joined < 0)
    return FALSE;

  left = ch_iso_date_to_days (left_on, -1);
  if (left >= 0)
    last = left - 1;

  if (kind == CH_TIER_KIND_PAID)
    {
      paid = ch_iso_date_to_days (dues_paid_until, -1);
      if (paid < 0)
        paid = joined;
      last = MIN (last, paid + MAX (grace_days, 0));
    }

  if (last < joined)
    return FALSE;

  *first_day = joined;
  *last_day = last;
  return TRUE;
}

/* The rule above changes only on these days: the leaving day, the
 * joining day, and for a paid tier the day after the paid-until day (or
 * after joining, when never paid) and the day after the grace. */
gint32
ch_member_status_next_change (ChTierKind  kind,
                              const char *joined_on,
                              const char *left_on,
                              const char *dues_paid_until,
                              gint        grace_days,
                              gint32      today_days)
{
  gint32 days[4];
  gint32 next = G_MAXINT32;
  guint n = 0;
  gint32 joined, left, paid;

  left = ch_iso_date_to_days (left_on, -1);
  if (left >= 0 && left <= today_days)
    return G_MAXINT32;

  if (left >= 0)
    days[n++] = left;

  /* Never joined: a prospect until the leaving day, if any. */
  joined = ch_iso_date_to_days (joined_on, -1);
  if (joined < 0)
    return n > 0 ? days[0] : G_MAXINT32;

  days[n++] = joined;
  if (kind != CH_TIER_KIND_FREE && kind != CH_TIER_KIND_HONORARY)
    {
      paid = ch_iso_date_to_days (dues_paid_until, -1);
      if (paid < 0)
        paid = joined;
      days[n++] = paid + 1;
      days[n++] = paid + MAX (grace_days, 0) + 1;
    }

  for (guint i = 0; i < n; i++)
    if (days[i] > today_days && days[i] < next)
      next = days[i];

  return next;
}

const char *
ch_member_status_to_string (ChMemberStatus status)
{
  g_return_val_if_fail (status <= CH_MEMBER_STATUS_LAST, "prospect");

  return status_names[status];
}

gboolean
ch_member_status_from_string (const char     *str,
                              ChMemberStatus *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    {
      if (g_strcmp0 (str, status_names[i]) == 0)
        {
          *status = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
ch_member_status_label (ChMemberStatus status)
{
  switch (status)
    {
    case CH_MEMBER_STATUS_PROSPECT: return _("Prospect");
    case CH_MEMBER_STATUS_ACTIVE: return _("Active");
    case CH_MEMBER_STATUS_GRACE: return _("In grace");
    case CH_MEMBER_STATUS_LAPSED: return C_("member status", "Lapsed");
    case CH_MEMBER_STATUS_LEFT: return C_("member status", "Left");
    default: g_return_val_if_reached ("");
    }
}
