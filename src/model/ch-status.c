/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-status"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-status.h"
#include "ch-util.h"

static const char *status_names[] = {
  "prospect", "active", "grace", "lapsed", "left",
};

G_STATIC_ASSERT (G_N_ELEMENTS (status_names) == CH_MEMBER_STATUS_LAST + 1);

static inline gboolean
is_leap (gint32 y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

gint32
ch_iso_date_to_days (const char *iso,
                     gssize      len)
{
  static const gint16 cumulative[] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
  static const gint8 month_days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  gint32 y, m, d, yy, days;

  if (iso == NULL)
    return -1;
  if (len < 0)
    len = strlen (iso);
  if (len != 10 || iso[4] != '-' || iso[7] != '-')
    return -1;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (iso[i]))
      return -1;

  y = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 + (iso[3] - '0');
  m = (iso[5] - '0') * 10 + (iso[6] - '0');
  d = (iso[8] - '0') * 10 + (iso[9] - '0');

  if (y < 1 || m < 1 || m > 12 || d < 1)
    return -1;
  if (d > month_days[m - 1] + (m == 2 && is_leap (y) ? 1 : 0))
    return -1;

  yy = y - 1;
  days = yy * 365 + yy / 4 - yy / 100 + yy / 400;
  days += cumulative[m - 1] + (m > 2 && is_leap (y) ? 1 : 0);
  days += d - 1;

  return days;
}

char *
ch_days_to_iso_date (gint32 days)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) days + 1);
  return ch_date_format (&date);
}

gboolean
ch_tier_is_free (const char *tier)
{
  return tier != NULL && strcmp (tier, CH_TIER_NETWORK) == 0;
}

ChTierKind
ch_tier_kind_for_key (const char *tier)
{
  if (ch_tier_is_free (tier))
    return CH_TIER_KIND_FREE;
  if (g_strcmp0 (tier, CH_TIER_HONORARY) == 0)
    return CH_TIER_KIND_HONORARY;

  return CH_TIER_KIND_PAID;
}

gboolean
ch_tier_is_shipped (const char *tier)
{
  return g_strcmp0 (tier, CH_TIER_NETWORK) == 0 || g_strcmp0 (tier, CH_TIER_CHAPTER) == 0 ||
         g_strcmp0 (tier, CH_TIER_HONORARY) == 0;
}

ChTierKind
ch_tier_kind (const char *tier,
              GHashTable *own_free)
{
  if (tier == NULL || ch_tier_is_shipped (tier))
    return ch_tier_kind_for_key (tier);
  if (own_free != NULL && g_hash_table_contains (own_free, tier))
    return CH_TIER_KIND_FREE;

  return CH_TIER_KIND_PAID;
}

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
    case CH_MEMBER_STATUS_LAPSED: return _("Lapsed");
    case CH_MEMBER_STATUS_LEFT: return _("Left");
    default: g_return_val_if_reached ("");
    }
}

const char *
ch_tier_label (const char *tier)
{
  if (tier == NULL || *tier == '\0')
    return "";
  if (strcmp (tier, CH_TIER_NETWORK) == 0)
    /* Translators: the free membership tier */
    return _("Network");
  if (strcmp (tier, CH_TIER_CHAPTER) == 0)
    /* Translators: the paid membership tier */
    return _("Chapter");
  if (strcmp (tier, CH_TIER_HONORARY) == 0)
    return _("Honorary");

  return tier;
}

const char * const *
ch_partner_kinds (void)
{
  static const char * const kinds[] = {
    "microsoft_partner", "isv", "vendor", "microsoft_employee", "other", NULL,
  };

  return kinds;
}

const char *
ch_partner_kind_label (const char *kind)
{
  if (kind == NULL || *kind == '\0')
    return "";
  if (strcmp (kind, "microsoft_partner") == 0)
    return _("Microsoft partner");
  if (strcmp (kind, "isv") == 0)
    return _("ISV");
  if (strcmp (kind, "vendor") == 0)
    return _("Vendor or consultant to partners");
  if (strcmp (kind, "microsoft_employee") == 0)
    return _("Microsoft employee");
  if (strcmp (kind, "other") == 0)
    return _("Other");

  return kind;
}
