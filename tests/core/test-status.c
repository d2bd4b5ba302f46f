/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-status"

#include "config.h"

#include "ch-iso-date.h"
#include "ch-member-status.h"
#include "ch-partner-kind.h"
#include "ch-tier.h"

#define P CH_MEMBER_STATUS_PROSPECT
#define A CH_MEMBER_STATUS_ACTIVE
#define G CH_MEMBER_STATUS_GRACE
#define L CH_MEMBER_STATUS_LAPSED
#define X CH_MEMBER_STATUS_LEFT

typedef struct
{
  const char     *what;
  const char     *today;
  const char     *tier;
  const char     *joined_on;
  const char     *left_on;
  const char     *paid_until;
  gint            grace;
  ChMemberStatus  expected;
} StatusCase;

static const StatusCase status_cases[] = {
  /* Paid tier around the end of the paid period, grace 30 */
  { "paid until today", "2024-06-15", "chapter", "2020-01-01", NULL, "2024-06-15", 30, A },
  { "paid until next year", "2024-06-15", "chapter", "2020-01-01", NULL, "2025-06-14", 30, A },
  { "grace day 1", "2024-06-15", "chapter", "2020-01-01", NULL, "2024-06-14", 30, G },
  { "grace last day", "2024-06-15", "chapter", "2020-01-01", NULL, "2024-05-16", 30, G },
  { "grace + 1", "2024-06-15", "chapter", "2020-01-01", NULL, "2024-05-15", 30, L },
  { "long lapsed", "2024-06-15", "chapter", "2010-01-01", NULL, "2015-12-31", 30, L },
  /* Grace 0 and nonsense grace */
  { "grace 0, paid today", "2024-06-15", "chapter", "2020-01-01", NULL, "2024-06-15", 0, A },
  { "grace 0, day after", "2024-06-15", "chapter", "2020-01-01", NULL, "2024-06-14", 0, L },
  { "negative grace is none", "2024-06-15", "chapter", "2020-01-01", NULL, "2024-06-14", -5, L },
  { "grace 1 day", "2024-06-15", "chapter", "2020-01-01", NULL, "2024-06-14", 1, G },
  /* Month and year ends */
  { "31 Jan to 1 Feb", "2024-02-01", "chapter", "2020-01-01", NULL, "2024-01-31", 0, L },
  { "31 Dec to 1 Jan", "2025-01-01", "chapter", "2020-01-01", NULL, "2024-12-31", 0, L },
  { "31 Dec, grace over new year",
    "2025-01-30", "chapter", "2020-01-01", NULL, "2024-12-31", 30, G },
  { "31 Dec, grace ended", "2025-01-31", "chapter", "2020-01-01", NULL, "2024-12-31", 30, L },
  { "30 Apr to 30 May, grace 30",
    "2024-05-30", "chapter", "2020-01-01", NULL, "2024-04-30", 30, G },
  { "30 Apr to 31 May, grace 30",
    "2024-05-31", "chapter", "2020-01-01", NULL, "2024-04-30", 30, L },
  /* Leap years */
  { "paid until 29 Feb, on 29 Feb",
    "2024-02-29", "chapter", "2020-01-01", NULL, "2024-02-29", 0, A },
  { "paid until 28 Feb, on 29 Feb",
    "2024-02-29", "chapter", "2020-01-01", NULL, "2024-02-28", 0, L },
  { "paid until 29 Feb, on 1 Mar",
    "2024-03-01", "chapter", "2020-01-01", NULL, "2024-02-29", 1, G },
  { "grace 30 across 29 Feb", "2024-03-29", "chapter", "2020-01-01", NULL, "2024-02-28", 30, G },
  { "grace 30 across 29 Feb, ended",
    "2024-03-30", "chapter", "2020-01-01", NULL, "2024-02-28", 30, L },
  { "grace 30 in a common year", "2023-03-30", "chapter", "2020-01-01", NULL, "2023-02-28", 30, G },
  { "grace 30 in a common year, ended",
    "2023-03-31", "chapter", "2020-01-01", NULL, "2023-02-28", 30, L },
  { "29 Feb 2000 is a date", "2000-03-01", "chapter", "1999-01-01", NULL, "2000-02-29", 1, G },
  { "29 Feb 1900 is not: joined never", "2000-03-01", "chapter", "1900-02-29", NULL, NULL, 30, P },
  { "29 Feb 2023 is not: never paid",
    "2023-03-01", "chapter", "2023-01-01", NULL, "2023-02-29", 0, L },
  /* Joining */
  { "joins tomorrow", "2024-06-15", "chapter", "2024-06-16", NULL, "2025-06-16", 30, P },
  { "joins today, never paid", "2024-06-15", "chapter", "2024-06-15", NULL, NULL, 30, A },
  { "never paid, joined 30 days ago", "2024-06-15", "chapter", "2024-05-16", NULL, NULL, 30, G },
  { "never paid, joined 31 days ago", "2024-06-15", "chapter", "2024-05-15", NULL, NULL, 30, L },
  { "no join date", "2024-06-15", "chapter", NULL, NULL, "2025-01-01", 30, P },
  { "empty join date", "2024-06-15", "chapter", "", NULL, "2025-01-01", 30, P },
  { "network, future join", "2024-06-15", "network", "2024-07-01", NULL, NULL, 30, P },
  /* Leaving */
  { "left today", "2024-06-15", "chapter", "2020-01-01", "2024-06-15", "2025-01-01", 30, X },
  { "leaves tomorrow", "2024-06-15", "chapter", "2020-01-01", "2024-06-16", "2025-01-01", 30, A },
  { "leaves tomorrow, lapsed now",
    "2024-06-15", "chapter", "2020-01-01", "2024-06-16", "2023-01-01", 30, L },
  { "left last year", "2024-06-15", "chapter", "2020-01-01", "2023-06-15", "2023-01-01", 30, X },
  { "left before joining again", "2024-06-15", "chapter", "2024-07-01", "2023-06-15", NULL, 30, X },
  { "network member left", "2024-06-15", "network", "2020-01-01", "2024-01-01", NULL, 30, X },
  { "honorary member left", "2024-06-15", "honorary", "2020-01-01", "2024-06-15", NULL, 30, X },
  /* Free tiers never lapse */
  { "network never paid", "2024-06-15", "network", "2010-01-01", NULL, NULL, 30, A },
  { "network paid long ago", "2024-06-15", "network", "2010-01-01", NULL, "2011-01-01", 0, A },
  { "honorary never paid", "2024-06-15", "honorary", "2010-01-01", NULL, NULL, 0, A },
  { "honorary joins next week", "2024-06-15", "honorary", "2024-06-22", NULL, NULL, 0, P },
  /* Other tiers count as paid */
  { "custom tier lapses", "2024-06-15", "gold", "2020-01-01", NULL, "2024-01-01", 30, L },
  { "no tier lapses", "2024-06-15", NULL, "2020-01-01", NULL, "2024-01-01", 30, L },
  { "tier names are exact", "2024-06-15", "Network", "2020-01-01", NULL, "2024-01-01", 30, L },
  /* Dates that are not dates */
  { "join date 2024-13-01", "2024-06-15", "chapter", "2024-13-01", NULL, NULL, 30, P },
  { "join date with time", "2024-06-15", "chapter", "2024-01-01T10:00", NULL, NULL, 30, P },
  { "join date 2024-1-1", "2024-06-15", "chapter", "2024-1-1", NULL, NULL, 30, P },
  { "left on nonsense", "2024-06-15", "chapter", "2020-01-01", "soon", "2025-01-01", 30, A },
  { "left on 31 June", "2024-06-15", "chapter", "2020-01-01", "2024-06-31", "2025-01-01", 30, A },
  { "paid until nonsense counts from joining",
    "2024-06-15", "chapter", "2024-06-01", NULL, "paid", 30, G },
  { "paid until 0000-01-01", "2024-06-15", "chapter", "2024-06-10", NULL, "0000-01-01", 30, G },
};

static void
test_status_compute (void)
{
  guint counts[CH_MEMBER_STATUS_LAST + 1] = { 0 };

  g_assert_cmpuint (G_N_ELEMENTS (status_cases), >=, 25);

  for (guint i = 0; i < G_N_ELEMENTS (status_cases); i++)
    {
      const StatusCase *c = &status_cases[i];
      gint32 today = ch_iso_date_to_days (c->today, -1);
      ChMemberStatus status;

      g_assert_cmpint (today, >, 0);
      status = ch_member_status_compute_kind (ch_tier_kind_for_key (c->tier), c->joined_on,
                                              c->left_on, c->paid_until, c->grace, today);
      if (status != c->expected)
        g_error ("%s: expected %s, got %s", c->what,
                 ch_member_status_to_string (c->expected), ch_member_status_to_string (status));
      counts[status]++;
    }

  /* The table exercises every status. */
  for (guint s = 0; s <= CH_MEMBER_STATUS_LAST; s++)
    g_assert_cmpuint (counts[s], >, 0);
}

/* Tiers whose kind the chapter decides (membership_tier rows). */
typedef struct
{
  const char     *what;
  const char     *today;
  ChTierKind      kind;
  const char     *joined_on;
  const char     *left_on;
  const char     *paid_until;
  gint            grace;
  ChMemberStatus  expected;
} KindCase;

#define PAID CH_TIER_KIND_PAID
#define FREE CH_TIER_KIND_FREE
#define HON  CH_TIER_KIND_HONORARY

static const KindCase kind_cases[] = {
  { "custom paid tier, paid", "2024-06-15", PAID, "2020-01-01", NULL, "2024-12-31", 30, A },
  { "custom paid tier, grace last day",
    "2024-03-30", PAID, "2020-01-01", NULL, "2024-02-29", 30, G },
  { "custom paid tier, day after grace",
    "2024-03-31", PAID, "2020-01-01", NULL, "2024-02-29", 30, L },
  { "custom free tier never lapses", "2024-06-15", FREE, "2010-01-01", NULL, "2011-01-01", 0, A },
  { "custom free tier, future join", "2024-06-15", FREE, "2024-06-16", NULL, NULL, 30, P },
  { "custom free tier, left", "2024-06-15", FREE, "2010-01-01", "2024-06-01", NULL, 30, X },
  { "honorary, paid 20 years ago", "2024-06-15", HON, "2000-01-01", NULL, "2004-01-01", 0, A },
  { "honorary, leaves next month", "2024-06-15", HON, "2000-01-01", "2024-07-15", NULL, 0, A },
  { "rejoined after lapse: paid again",
    "2024-06-15", PAID, "2019-01-01", NULL, "2025-06-14", 30, A },
  { "rejoined after leaving: left_on cleared, paid",
    "2024-06-15", PAID, "2019-01-01", NULL, "2024-06-15", 30, A },
  { "rejoin without paying stays lapsed",
    "2024-06-15", PAID, "2019-01-01", NULL, "2022-06-14", 30, L },
  { "leap day paid, on 1 March, no grace",
    "2024-03-01", PAID, "2020-01-01", NULL, "2024-02-29", 0, L },
  { "paid until 31 Jan, 1 March, grace 29",
    "2024-02-29", PAID, "2020-01-01", NULL, "2024-01-31", 29, G },
  { "paid until 31 Jan, 1 March, grace 29, ended",
    "2024-03-01", PAID, "2020-01-01", NULL, "2024-01-31", 29, L },
};

static void
test_status_compute_kind (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_cases); i++)
    {
      const KindCase *c = &kind_cases[i];
      gint32 today = ch_iso_date_to_days (c->today, -1);
      ChMemberStatus status;

      status = ch_member_status_compute_kind (c->kind, c->joined_on, c->left_on, c->paid_until,
                                              c->grace, today);
      if (status != c->expected)
        g_error ("%s: expected %s, got %s", c->what,
                 ch_member_status_to_string (c->expected), ch_member_status_to_string (status));
    }

  g_assert_cmpint (ch_tier_kind_for_key ("network"), ==, CH_TIER_KIND_FREE);
  g_assert_cmpint (ch_tier_kind_for_key ("honorary"), ==, CH_TIER_KIND_HONORARY);
  g_assert_cmpint (ch_tier_kind_for_key ("chapter"), ==, CH_TIER_KIND_PAID);
  g_assert_cmpint (ch_tier_kind_for_key ("gold"), ==, CH_TIER_KIND_PAID);
}

static void
test_status_strings (void)
{
  for (ChMemberStatus s = 0; s <= CH_MEMBER_STATUS_LAST; s++)
    {
      ChMemberStatus back = CH_MEMBER_STATUS_LAST + 1;
      const char *name = ch_member_status_to_string (s);

      g_assert_true (ch_member_status_from_string (name, &back));
      g_assert_cmpint (back, ==, s);
      g_assert_cmpstr (ch_member_status_label (s), !=, "");
    }

  {
    ChMemberStatus back = CH_MEMBER_STATUS_ACTIVE;

    g_assert_false (ch_member_status_from_string ("expired", &back));
    g_assert_false (ch_member_status_from_string (NULL, &back));
    g_assert_cmpint (back, ==, CH_MEMBER_STATUS_ACTIVE);
  }

  g_assert_cmpstr (ch_member_status_to_string (CH_MEMBER_STATUS_GRACE), ==, "grace");
  g_assert_true (ch_tier_is_free ("network"));
  g_assert_false (ch_tier_is_free ("chapter"));
  g_assert_false (ch_tier_is_free ("honorary"));
  g_assert_false (ch_tier_is_free (NULL));
  g_assert_cmpstr (ch_tier_label ("gold"), ==, "gold");
  g_assert_cmpstr (ch_tier_label (NULL), ==, "");
  g_assert_cmpstr (ch_partner_kind_label ("isv"), ==, "ISV");
}

static void
assert_days_match_gdate (const GDate *date)
{
  g_autofree char *iso = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date),
                                          g_date_get_month (date), g_date_get_day (date));
  gint32 days = ch_iso_date_to_days (iso, -1);

  if (days != (gint32) g_date_get_julian (date) - 1)
    g_error ("%s: %d days, GDate says %u", iso, days, g_date_get_julian (date) - 1);
}

/* The member days are the days the rule says active or grace, day by day. */
static void
test_status_member_days (void)
{
  static const struct {
    ChTierKind  kind;
    const char *joined, *left, *paid;
    gint        grace;
  } cases[] = {
    { CH_TIER_KIND_PAID, "2025-01-10", NULL, "2025-03-01", 30 },
    { CH_TIER_KIND_PAID, "2025-01-10", "2025-02-01", "2025-03-01", 30 },
    { CH_TIER_KIND_PAID, "2025-01-10", NULL, NULL, 5 },
    { CH_TIER_KIND_PAID, "2025-01-10", NULL, "2024-12-01", 0 },
    { CH_TIER_KIND_FREE, "2025-01-10", NULL, NULL, 30 },
    { CH_TIER_KIND_FREE, "2025-01-10", "2025-04-02", NULL, 30 },
    { CH_TIER_KIND_HONORARY, "2025-01-10", NULL, NULL, 0 },
    { CH_TIER_KIND_FREE, NULL, NULL, NULL, 0 },
    { CH_TIER_KIND_FREE, "2025-01-10", "2025-01-10", NULL, 0 },
  };
  gint32 start = ch_iso_date_to_days ("2024-12-01", -1);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint32 first, last;
      gboolean any = ch_member_status_member_days (cases[i].kind, cases[i].joined, cases[i].left,
                                                   cases[i].paid, cases[i].grace, &first, &last);

      for (gint32 d = start; d < start + 200; d++)
        {
          ChMemberStatus s = ch_member_status_compute_kind (cases[i].kind, cases[i].joined,
                                                            cases[i].left, cases[i].paid,
                                                            cases[i].grace, d);
          gboolean member = s == CH_MEMBER_STATUS_ACTIVE || s == CH_MEMBER_STATUS_GRACE;

          g_assert_cmpint (member, ==, any && first <= d && d <= last);
        }
    }
}

/* The next change is a day on which the rule may say something else, and
 * it says the same on every day before it: checked day by day for random
 * dates, tiers and grace days. */
static void
test_status_next_change (void)
{
  static const ChTierKind kinds[] = {
    CH_TIER_KIND_PAID, CH_TIER_KIND_FREE, CH_TIER_KIND_HONORARY,
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261203);
  gint32 base = ch_iso_date_to_days ("2025-01-01", -1);

  for (guint i = 0; i < 2000; i++)
    {
      ChTierKind kind = kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds))];
      g_autofree char *joined = g_rand_int_range (rand, 0, 8) == 0
                                ? NULL
                                : ch_iso_date_from_days (base + g_rand_int_range (rand, 0, 120));
      g_autofree char *left = g_rand_int_range (rand, 0, 3) != 0
                              ? NULL
                              : ch_iso_date_from_days (base + g_rand_int_range (rand, 0, 200));
      g_autofree char *paid = g_rand_int_range (rand, 0, 4) == 0
                              ? NULL
                              : ch_iso_date_from_days (base + g_rand_int_range (rand, -30, 200));
      gint grace = g_rand_int_range (rand, 0, 3) == 0 ? 0 : g_rand_int_range (rand, 1, 60);
      gint32 today = base + g_rand_int_range (rand, -10, 250);
      ChMemberStatus now = ch_member_status_compute_kind (kind, joined, left, paid, grace, today);
      gint32 next = ch_member_status_next_change (kind, joined, left, paid, grace, today);

      g_assert_cmpint (next, >, today);
      for (gint32 d = today + 1; d < MIN (next, today + 400); d++)
        if (ch_member_status_compute_kind (kind, joined, left, paid, grace, d) != now)
          g_error ("%s..%s paid %s grace %d: changes on day %d, before %d",
                   joined, left, paid, grace, d - today, next - today);
      if (next == G_MAXINT32)
        g_assert_cmpint (ch_member_status_compute_kind (kind, joined, left, paid, grace,
                                                        today + 100000), ==, now);
    }
}

static void
test_iso_date_to_days (void)
{
  GDate date;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240229);

  /* Every day from 1899 to 2101 (leap rules for 1900, 2000, 2100). */
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, 1899);
  while (g_date_get_year (&date) <= 2101)
    {
      assert_days_match_gdate (&date);
      g_date_add_days (&date, 1);
    }

  /* Random days over all the years GDate and ISO dates share. */
  for (guint i = 0; i < 20000; i++)
    {
      g_date_set_julian (&date, g_rand_int_range (rand, 1, 3652059 + 1));
      assert_days_match_gdate (&date);
    }

  g_assert_cmpint (ch_iso_date_to_days ("0001-01-01", -1), ==, 0);
  g_assert_cmpint (ch_iso_date_to_days ("0001-12-31", -1), ==, 364);
  g_assert_cmpint (ch_iso_date_to_days ("9999-12-31", -1), ==, 3652058);
  g_assert_cmpint (ch_iso_date_to_days ("2024-03-01", -1) - ch_iso_date_to_days ("2024-02-28", -1),
                   ==, 2);
  g_assert_cmpint (ch_iso_date_to_days ("2023-03-01", -1) - ch_iso_date_to_days ("2023-02-28", -1),
                   ==, 1);

  /* A length: the date at the start of a longer text. */
  g_assert_cmpint (ch_iso_date_to_days ("2024-02-29T12:00:00Z", 10), ==,
                   ch_iso_date_to_days ("2024-02-29", -1));
  g_assert_cmpint (ch_iso_date_to_days ("2024-02-29", 9), ==, -1);

  {
    static const char *invalid[] = {
      "", "2024", "2024-02-30", "2023-02-29", "1900-02-29", "2100-02-29", "2024-04-31",
      "2024-00-10", "2024-13-01", "2024-01-00", "2024-01-32", "0000-01-01", "2024-1-01",
      "2024/01/01", "20240101", "2024-01-01T", " 2024-01-1", "abcd-ef-gh", "2024-+1-01",
      "2024- 1-01", "-024-01-01", "２０２４-01-01",
    };

    g_assert_cmpint (ch_iso_date_to_days (NULL, -1), ==, -1);
    for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
      {
        g_test_message ("%s", invalid[i]);
        g_assert_cmpint (ch_iso_date_to_days (invalid[i], -1), ==, -1);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/status/compute", test_status_compute);
  g_test_add_func ("/status/compute-kind", test_status_compute_kind);
  g_test_add_func ("/status/strings", test_status_strings);
  g_test_add_func ("/status/iso-date-to-days", test_iso_date_to_days);
  g_test_add_func ("/status/member-days", test_status_member_days);
  g_test_add_func ("/status/next-change", test_status_next_change);

  return g_test_run ();
}
