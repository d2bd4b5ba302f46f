/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include <cairo-pdf.h>

#include "ch-chart.h"
#include "ch-insights.h"
#include "ch-insights-private.h"
#include "ch-registrations.h"
#include "ch-report.h"
#include "ch-roles.h"
#include "ch-member-status.h"
#include "ch-opportunities.h"
#include "ch-test-util.h"
#include "ch-uuid.h"
#include "ch-iso-date.h"
#include "ch-date.h"
#include "ch-demo.h"
#include "ch-membership-private.h"

/* Every answer below is worked out by hand, from the dates in the test;
 * "today" is 30 June 2026, the period the last 12 months (1 July 2025 to
 * 30 June 2026), the chapter's grace 30 days. */

#define TODAY "2026-06-30"

static char *
add (StoreFixture *f,
     const char   *name,
     const char   *more)
{
  g_autofree char *json = g_strdup_printf ("{'given_name': '%s', 'family_name': 'Test', %s}",
                                           name, more);
  g_autoptr(JsonObject) fields = test_json (json);

  return test_add_member_fields (f->store, f->chapter_id, fields);
}

static void
add_period (StoreFixture *f,
            const char   *member_id,
            const char   *kind,
            const char   *tier,
            const char   *starts_on,
            const char   *ends_on)
{
  g_autoptr(JsonObject) row = json_object_new ();
  g_autofree char *id = ch_uuid_new_v7 ();
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (row, "member_id", member_id);
  json_object_set_string_member (row, "kind", kind);
  json_object_set_string_member (row, "tier", tier);
  json_object_set_string_member (row, "starts_on", starts_on);
  if (ends_on != NULL)
    json_object_set_string_member (row, "ends_on", ends_on);
  g_assert_true (ch_store_insert (f->store, "membership_period", f->chapter_id, id, row, NULL,
                                  &error));
  g_assert_no_error (error);
}

static ChInsights *
compute (StoreFixture *f)
{
  g_autoptr(GError) error = NULL;
  ChInsights *insights = ch_insights_compute_for_day (f->store, f->chapter_id, NULL, NULL, TODAY,
                                                      &error);

  g_assert_no_error (error);
  g_assert_nonnull (insights);
  g_assert_cmpstr (ch_insights_get_from (insights), ==, "2025-07-01");
  g_assert_cmpstr (ch_insights_get_to (insights), ==, "2026-06-30");

  return insights;
}

static const char *
text (ChInsights *insights,
      const char *key,
      const char *row,
      guint       column)
{
  ChInsightsTable *table = ch_insights_get_table (insights, key);
  gint r;

  g_assert_nonnull (table);
  r = ch_insights_table_find_row (table, row);
  g_assert_cmpint (r, >=, 0);
  return ch_insights_table_get_text (table, r, column);
}

/*
 *   A  network  joined 2024-01-10                       member throughout
 *   B  chapter  joined 2024-03-01  paid to 2026-12-31   member throughout
 *   C  chapter  joined 2024-05-01  paid to 2025-12-31   lapsed 2026-01-31
 *   D  chapter  joined 2023-02-01  left 2026-02-15 (cost)
 *   E  network  joined 2025-09-01
 *   F  chapter  joined 2022-06-01  paid to 2025-05-01   lapsed 2025-06-01
 *   G  network  joined 2023-08-01  left 2025-10-01 (moved)
 */
static void
add_retention_members (StoreFixture *f)
{
  g_free (add (f, "A", "'tier': 'network', 'joined_on': '2024-01-10'"));
  g_free (add (f, "B", "'tier': 'chapter', 'joined_on': '2024-03-01', "
                       "'dues_paid_until': '2026-12-31'"));
  g_free (add (f, "C", "'tier': 'chapter', 'joined_on': '2024-05-01', "
                       "'dues_paid_until': '2025-12-31'"));
  g_free (add (f, "D", "'tier': 'chapter', 'joined_on': '2023-02-01', "
                       "'dues_paid_until': '2026-12-31', 'left_on': '2026-02-15', "
                       "'left_reason': 'cost'"));
  g_free (add (f, "E", "'tier': 'network', 'joined_on': '2025-09-01'"));
  g_free (add (f, "F", "'tier': 'chapter', 'joined_on': '2022-06-01', "
                       "'dues_paid_until': '2025-05-01'"));
  g_free (add (f, "G", "'tier': 'network', 'joined_on': '2023-08-01', "
                       "'left_on': '2025-10-01', 'left_reason': 'moved'"));
}

/* Whether @name is on the PATH (the PDF tests read back with poppler-utils). */
static gboolean
have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

static void
test_insights_retention (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autoptr(ChInsights) insights = NULL;
  ChInsightsTable *tiers;

  add_retention_members (f);
  insights = compute (f);

  /* A year before the end (30 June 2025): A, B, C, D and G (F's grace
   * ended on 31 May, E had not joined).  Still members on 30 June 2026:
   * A and B.  2 of 5. */
  g_assert_cmpstr (ch_insights_get_figure (insights, "retention"), ==, "40 %");

  /* Cohorts by join year, each member on their own anniversaries:
   * 2022  F: 1 and 2 years yes, 3 years (1 June 2025) no — lapsed the day before
   * 2023  D, G: 1 and 2 years both; 3 years only D is due (G's is in August 2026), and stayed
   * 2024  A, B, C: 1 year all; 2 years C had lapsed (May 2026 > 30 Jan 2026); 3 years none due
   * 2025  E: no anniversary yet */
  g_assert_cmpstr (text (insights, "retention-cohorts", "2022 (1 joined)", 0), ==, "100 %");
  g_assert_cmpstr (text (insights, "retention-cohorts", "2022 (1 joined)", 2), ==, "0 %");
  g_assert_cmpstr (text (insights, "retention-cohorts", "2023 (2 joined)", 1), ==, "100 %");
  g_assert_cmpstr (text (insights, "retention-cohorts", "2023 (2 joined)", 2), ==, "100 %");
  g_assert_cmpstr (text (insights, "retention-cohorts", "2024 (3 joined)", 0), ==, "100 %");
  g_assert_cmpstr (text (insights, "retention-cohorts", "2024 (3 joined)", 1), ==, "67 %");
  g_assert_cmpstr (text (insights, "retention-cohorts", "2024 (3 joined)", 2), ==, "—");
  g_assert_cmpstr (text (insights, "retention-cohorts", "2025 (1 joined)", 0), ==, "—");

  /* Left in the period: D (cost) and G (moved); joined: E. */
  g_assert_cmpstr (text (insights, "retention-reasons", "Cost", 0), ==, "1");
  g_assert_cmpstr (text (insights, "retention-reasons", "Moved away", 0), ==, "1");
  g_assert_cmpstr (ch_insights_get_figure (insights, "joined"), ==, "1");
  g_assert_cmpstr (ch_insights_get_figure (insights, "left"), ==, "2");
  g_assert_cmpstr (text (insights, "growth-flow", "Sep 2025", 0), ==, "1");
  g_assert_cmpstr (text (insights, "growth-flow", "Oct 2025", 1), ==, "1");
  g_assert_cmpstr (text (insights, "growth-flow", "Feb 2026", 1), ==, "1");

  /* Members by tier at the end of each month, from July 2024:
   * July 2024:  network A, G; chapter B, C, D, F
   * June 2025:  network A, G; chapter B, C, D (F's grace ended 31 May)
   * June 2026:  network A, E; chapter B */
  tiers = ch_insights_get_table (insights, "growth-tiers");
  g_assert_cmpuint (ch_insights_table_get_n_rows (tiers), ==, 24);
  g_assert_cmpstr (ch_insights_table_get_row (tiers, 0), ==, "Jul 2024");
  g_assert_cmpstr (ch_insights_table_get_column (tiers, 0), ==, "Network");
  g_assert_cmpstr (text (insights, "growth-tiers", "Jul 2024", 0), ==, "2");
  g_assert_cmpstr (text (insights, "growth-tiers", "Jul 2024", 1), ==, "4");
  g_assert_cmpstr (text (insights, "growth-tiers", "Jun 2025", 0), ==, "2");
  g_assert_cmpstr (text (insights, "growth-tiers", "Jun 2025", 1), ==, "3");
  g_assert_cmpstr (text (insights, "growth-tiers", "Jun 2026", 0), ==, "2");
  g_assert_cmpstr (text (insights, "growth-tiers", "Jun 2026", 1), ==, "1");
  g_assert_cmpstr (ch_insights_get_figure (insights, "members"), ==, "3");
}

/*
 *   H  network 2025-01-01, upgraded to chapter 2025-04-01   (90 days)
 *   I  network 2025-02-01, upgraded to chapter 2025-09-01   (212 days, in the period)
 *   J  network 2025-03-01, no history, still network
 *   K  network 2025-05-01, join period open
 *   L  chapter 2025-01-01, never free
 */
static void
test_insights_conversion (StoreFixture  *f,
                          gconstpointer  data)
{
  g_autoptr(ChInsights) insights = NULL;
  g_autofree char *h = NULL, *i = NULL, *k = NULL;

  h = add (f, "H", "'tier': 'chapter', 'joined_on': '2025-01-01', "
                   "'dues_paid_until': '2026-12-31'");
  add_period (f, h, "join", "network", "2025-01-01", "2025-03-31");
  add_period (f, h, "upgrade", "chapter", "2025-04-01", NULL);
  add_period (f, h, "renew", "chapter", "2025-04-01", "2026-03-31");
  i = add (f, "I", "'tier': 'chapter', 'joined_on': '2025-02-01', "
                   "'dues_paid_until': '2026-08-31'");
  add_period (f, i, "join", "network", "2025-02-01", "2025-08-31");
  add_period (f, i, "upgrade", "chapter", "2025-09-01", NULL);
  g_free (add (f, "J", "'tier': 'network', 'joined_on': '2025-03-01'"));
  k = add (f, "K", "'tier': 'network', 'joined_on': '2025-05-01'");
  add_period (f, k, "join", "network", "2025-05-01", NULL);
  g_free (add (f, "L", "'tier': 'chapter', 'joined_on': '2025-01-01', "
                       "'dues_paid_until': '2026-12-31'"));

  insights = compute (f);

  /* H, I, J, K joined free; H and I upgraded: 2 of 4.  The median of 90
   * and 212 days is 151; one upgrade (I's) in the period. */
  g_assert_cmpstr (ch_insights_get_figure (insights, "conversion"), ==, "50 %");
  g_assert_cmpstr (ch_insights_get_figure (insights, "median-upgrade"), ==, "151 days");
  g_assert_cmpstr (text (insights, "conversion", "Joined on a free tier", 0), ==, "4");
  g_assert_cmpstr (text (insights, "conversion", "Upgrades in the period", 0), ==, "1");

  /* Growth reads the periods: at the end of March 2025 H counts as
   * network, at the end of April as chapter. */
  g_assert_cmpstr (text (insights, "growth-tiers", "Mar 2025", 0), ==, "3");
  g_assert_cmpstr (text (insights, "growth-tiers", "Mar 2025", 1), ==, "1");
  g_assert_cmpstr (text (insights, "growth-tiers", "Apr 2025", 0), ==, "2");
  g_assert_cmpstr (text (insights, "growth-tiers", "Apr 2025", 1), ==, "2");
}

/*
 * Edges of the members' pass:
 *   P  network  joined 2024-02-29, left 2025-03-01 (last day 28 Feb 2025)
 *   Q  network  joined 2024-02-29, left 2025-03-02 (last day 1 Mar 2025)
 *   R  chapter  joined 2026-01-15 on network, upgraded to chapter on
 *               30 June 2026, the period's last day (166 days)
 *   S  chapter  joined 2026-02-01 on network, upgrade starting 1 July 2026,
 *               after the period
 */
static void
test_insights_edges (StoreFixture  *f,
                     gconstpointer  data)
{
  g_autoptr(ChInsights) insights = NULL;
  g_autofree char *r = NULL, *s = NULL;

  g_free (add (f, "P", "'tier': 'network', 'joined_on': '2024-02-29', "
                       "'left_on': '2025-03-01', 'left_reason': 'moved'"));
  g_free (add (f, "Q", "'tier': 'network', 'joined_on': '2024-02-29', "
                       "'left_on': '2025-03-02', 'left_reason': 'moved'"));
  r = add (f, "R", "'tier': 'chapter', 'joined_on': '2026-01-15', "
                   "'dues_paid_until': '2027-06-29'");
  add_period (f, r, "join", "network", "2026-01-15", "2026-06-29");
  add_period (f, r, "upgrade", "chapter", "2026-06-30", NULL);
  s = add (f, "S", "'tier': 'chapter', 'joined_on': '2026-02-01', "
                   "'dues_paid_until': '2027-06-30'");
  add_period (f, s, "join", "network", "2026-02-01", "2026-06-30");
  add_period (f, s, "upgrade", "chapter", "2026-07-01", NULL);

  insights = compute (f);

  /* A 29 February anniversary is 1 March (as SQLite's date (…, '+1
   * year') has it), not 28 February: on 1 March 2025 P had left and Q
   * was still a member; on 1 March 2026 neither. */
  g_assert_cmpstr (text (insights, "retention-cohorts", "2024 (2 joined)", 0), ==, "50 %");
  g_assert_cmpstr (text (insights, "retention-cohorts", "2024 (2 joined)", 1), ==, "0 %");
  g_assert_cmpstr (text (insights, "retention-cohorts", "2024 (2 joined)", 2), ==, "—");
  g_assert_cmpstr (text (insights, "retention-cohorts", "2026 (2 joined)", 0), ==, "—");
  /* Nobody was a member on 30 June 2025. */
  g_assert_cmpstr (ch_insights_get_figure (insights, "retention"), ==, "no members then");

  /* R's upgrade on the period's last day counts, in the period; S's the
   * day after does not.  P, Q, R and S joined free: 1 of 4. */
  g_assert_cmpstr (ch_insights_get_figure (insights, "conversion"), ==, "25 %");
  g_assert_cmpstr (ch_insights_get_figure (insights, "median-upgrade"), ==, "166 days");
  g_assert_cmpstr (text (insights, "conversion", "Joined on a free tier", 0), ==, "4");
  g_assert_cmpstr (text (insights, "conversion", "Upgrades in the period", 0), ==, "1");

  /* Growth: P and Q on network at the end of February 2025, neither at
   * the end of March; today R on chapter (from today) and S on network. */
  g_assert_cmpstr (text (insights, "growth-tiers", "Feb 2025", 0), ==, "2");
  g_assert_cmpstr (text (insights, "growth-tiers", "Mar 2025", 0), ==, "0");
  g_assert_cmpstr (text (insights, "growth-tiers", "May 2026", 0), ==, "2");
  g_assert_cmpstr (text (insights, "growth-tiers", "May 2026", 1), ==, "0");
  g_assert_cmpstr (text (insights, "growth-tiers", "Jun 2026", 0), ==, "1");
  g_assert_cmpstr (text (insights, "growth-tiers", "Jun 2026", 1), ==, "1");
  g_assert_cmpstr (ch_insights_get_figure (insights, "members"), ==, "2");

  /* Joined in the period: R and S; left: nobody (P and Q left before). */
  g_assert_cmpstr (ch_insights_get_figure (insights, "joined"), ==, "2");
  g_assert_cmpstr (ch_insights_get_figure (insights, "left"), ==, "0");
}

static char *
past_event (StoreFixture *f,
            const char   *day)
{
  g_autofree char *json = g_strdup_printf ("{'title': 'Meeting %s', 'starts_local': '%s 18:00', "
                                           "'ends_local': '%s 20:00', "
                                           "'timezone': 'Europe/Stockholm', "
                                           "'format': 'in-person', 'capacity_in_person': 50}",
                                           day, day, day);

  return test_add_event (f->store, f->chapter_id, json);
}

static void
attend (StoreFixture *f,
        const char   *event_id,
        const char   *member_id,
        gboolean      came)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reg = NULL;

  g_assert_true (ch_registration_add (f->store, event_id, member_id, NULL, NULL, "in-person",
                                      &reg, NULL, &error));
  g_assert_no_error (error);
  if (came)
    g_assert_true (ch_registration_check_in (f->store, reg, TRUE, "door", -1, &error));
  g_assert_no_error (error);
}

/* Renewal due within 60 days (by 29 August 2026, or in grace now) and no
 * event attended since 30 December 2025. */
static void
test_insights_at_risk (StoreFixture  *f,
                       gconstpointer  data)
{
  g_autoptr(ChInsights) insights = NULL;
  g_autofree char *m6 = NULL, *m7 = NULL, *m9 = NULL;
  g_autofree char *november = NULL, *march = NULL;
  GPtrArray *at_risk;
  const char *expected[] = { "M4 Test", "M7 Test", "M9 Test", "Al Test", "Bo Test",
                             "M1 Test", "M2 Test" };

  g_free (add (f, "M1", "'tier': 'chapter', 'joined_on': '2020-01-01', "
                        "'dues_paid_until': '2026-07-31'"));             /* due in 31 days */
  g_free (add (f, "M2", "'tier': 'chapter', 'joined_on': '2020-01-01', "
                        "'dues_paid_until': '2026-08-29'"));             /* in 60 days */
  g_free (add (f, "M3", "'tier': 'chapter', 'joined_on': '2020-01-01', "
                        "'dues_paid_until': '2026-08-30'"));             /* 61: not yet */
  g_free (add (f, "M4", "'tier': 'chapter', 'joined_on': '2020-01-01', "
                        "'dues_paid_until': '2026-06-15'"));             /* in grace */
  g_free (add (f, "M5", "'tier': 'chapter', 'joined_on': '2020-01-01', "
                        "'dues_paid_until': '2026-05-01'"));             /* lapsed */
  m6 = add (f, "M6", "'tier': 'chapter', 'joined_on': '2020-01-01', "
                     "'dues_paid_until': '2026-07-10'");                 /* came in March */
  m7 = add (f, "M7", "'tier': 'chapter', 'joined_on': '2020-01-01', "
                     "'dues_paid_until': '2026-07-10'");                 /* came in November */
  g_free (add (f, "M8", "'tier': 'network', 'joined_on': '2020-01-01'")); /* free */
  m9 = add (f, "M9", "'tier': 'chapter', 'joined_on': '2020-01-01', "
                     "'dues_paid_until': '2026-07-20'");                 /* registered, no-show */
  /* The same day: by name (the table's rows too). */
  g_free (add (f, "Bo", "'tier': 'chapter', 'joined_on': '2020-01-01', "
                        "'dues_paid_until': '2026-07-25'"));
  g_free (add (f, "Al", "'tier': 'chapter', 'joined_on': '2020-01-01', "
                        "'dues_paid_until': '2026-07-25'"));

  november = past_event (f, "2025-11-10");
  march = past_event (f, "2026-03-10");
  attend (f, november, m7, TRUE);
  attend (f, march, m6, TRUE);
  attend (f, march, m9, FALSE);

  insights = compute (f);
  at_risk = ch_insights_get_at_risk (insights);
  g_assert_cmpuint (at_risk->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < at_risk->len; i++)
    g_assert_cmpstr (ch_member_get_display_name (at_risk->pdata[i]), ==, expected[i]);
  g_assert_cmpstr (ch_insights_get_figure (insights, "at-risk"), ==, "7");
  g_assert_cmpstr (text (insights, "at-risk", "Al Test", 0), ==, "25 Jul 2026");
  g_assert_cmpstr (text (insights, "at-risk", "M7 Test", 1), ==, "10 Nov 2025");
  g_assert_cmpstr (text (insights, "at-risk", "M9 Test", 1), ==, "never");

  /* The events of the period: two, one person each in person; of three
   * registered one did not come. */
  g_assert_cmpstr (ch_insights_get_figure (insights, "events"), ==, "2");
  g_assert_cmpstr (ch_insights_get_figure (insights, "attendance"), ==, "2");
  g_assert_cmpstr (ch_insights_get_figure (insights, "no-show"), ==, "33 %");
  g_assert_cmpstr (ch_insights_get_figure (insights, "online-share"), ==, "0 %");
  g_assert_cmpstr (text (insights, "events-no-shows", "Mar 2026", 0), ==, "50 %");
  g_assert_cmpstr (text (insights, "events-no-shows", "Nov 2025", 0), ==, "0 %");
}

static char *
officer (StoreFixture *f,
         const char   *name,
         const char   *more,
         const char   *role,
         const char   *to)
{
  g_autofree char *id = add (f, name, more);
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_roles_add (f->store, id, role, "2020-01-01", to, NULL, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&id);
}

static char *
shift_today (StoreFixture *f,
             gint          months)
{
  g_autofree char *today = ch_iso_date_from_days (ch_store_today_days (f->store, f->chapter_id));
  GDate d;

  ch_date_parse (today, &d);
  g_date_add_months (&d, months);
  return ch_date_format (&d);
}

/* The leadership today (the board balance counts on the real day). */
static void
test_insights_leadership (StoreFixture  *f,
                          gconstpointer  data)
{
  g_autoptr(ChInsights) before = NULL;
  g_autoptr(ChInsights) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *soon = shift_today (f, 3);
  g_autofree char *later = shift_today (f, 24);
  g_autofree char *today = ch_iso_date_from_days (ch_store_today_days (f->store, f->chapter_id));
  g_autofree char *this_year = g_strndup (today, 4);
  gint year = atoi (this_year);
  g_autofree char *young = g_strdup_printf ("'birth_year': %d", year - 31);
  g_autofree char *younger = g_strdup_printf ("'birth_year': %d", year - 27);
  g_autofree char *old = g_strdup_printf ("'birth_year': %d", year - 56);
  g_autofree char *middle = g_strdup_printf ("'birth_year': %d", year - 46);
  g_autofree char *more = NULL;

  /*   O1 woman  31  partner             president, ends in 3 months
   *   O2 woman  56  ISV                 treasurer
   *   O3 woman  —   vendor              secretary
   *   O4 man    46  Microsoft employee  board
   *   O5 man    27  partner             board, ends in 2 years
   *   O6 prefer not to say, —, no kind  board */
  more = g_strdup_printf ("'tier': 'chapter', 'joined_on': '2019-01-01', 'gender': 'woman', "
                          "'partner_kind': 'microsoft_partner', %s", young);
  g_free (officer (f, "O1", more, CH_ROLE_PRESIDENT, soon));
  g_free (more);
  more = g_strdup_printf ("'tier': 'chapter', 'joined_on': '2019-01-01', 'gender': 'woman', "
                          "'partner_kind': 'isv', %s", old);
  g_free (officer (f, "O2", more, CH_ROLE_TREASURER, NULL));
  g_free (officer (f, "O3", "'tier': 'chapter', 'joined_on': '2019-01-01', 'gender': 'woman', "
                            "'partner_kind': 'vendor'", CH_ROLE_SECRETARY, NULL));
  g_free (more);
  more = g_strdup_printf ("'tier': 'chapter', 'joined_on': '2019-01-01', 'gender': 'man', "
                          "'partner_kind': 'microsoft_employee', %s", middle);
  g_free (officer (f, "O4", more, CH_ROLE_BOARD_MEMBER, NULL));
  g_free (more);
  more = g_strdup_printf ("'tier': 'chapter', 'joined_on': '2019-01-01', 'gender': 'man', "
                          "'partner_kind': 'microsoft_partner', %s", younger);
  g_free (officer (f, "O5", more, CH_ROLE_BOARD_MEMBER, later));
  g_free (officer (f, "O6", "'tier': 'chapter', 'joined_on': '2019-01-01', "
                            "'gender': 'prefer-not'", CH_ROLE_BOARD_MEMBER, NULL));

  before = ch_insights_compute (f->store, f->chapter_id, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Two men is a small group: the share of women would tell its size. */
  g_assert_cmpstr (text (before, "leadership-gender", "Woman", 0), ==, "3");
  g_assert_cmpstr (text (before, "leadership-gender", "Man", 0), ==, "fewer than 3");
  g_assert_cmpstr (text (before, "leadership-gender", "Not shared", 0), ==, "fewer than 3");
  g_assert_cmpstr (ch_insights_get_figure (before, "women-officers"), ==, "fewer than 3");
  g_assert_true (isnan (ch_insights_table_get_value (ch_insights_get_table (before,
                                                                             "leadership-balance"),
                                                     0, 0)));
  /* Under 35: O1, O5; 35 or older: O2, O4; not shared: O3, O6 — all small. */
  g_assert_cmpstr (text (before, "leadership-age", "Under 35", 0), ==, "fewer than 3");
  g_assert_cmpstr (text (before, "leadership-age", "35 or older", 0), ==, "fewer than 3");
  g_assert_cmpstr (ch_insights_get_figure (before, "under-35"), ==, "fewer than 3");
  /* Partners O1, O2, O5; one each of the others. */
  g_assert_cmpstr (text (before, "leadership-kinds", "Partners (Microsoft partners and ISVs)", 0),
                   ==, "3");
  g_assert_cmpstr (text (before, "leadership-kinds", "Vendors and consultants to partners", 0),
                   ==, "fewer than 3");
  g_assert_cmpstr (text (before, "leadership-kinds", "Microsoft employees", 0), ==,
                   "fewer than 3");
  g_assert_cmpstr (ch_insights_get_figure (before, "terms-ending"), ==, "1");

  /*   O7 man 61 partner, O8 man 34 partner: 3 women of 7 who shared
   * (43 %); under 35 O1, O5, O8 against O2, O4, O7 (50 %). */
  g_free (more);
  more = g_strdup_printf ("'tier': 'chapter', 'joined_on': '2019-01-01', 'gender': 'man', "
                          "'partner_kind': 'microsoft_partner', 'birth_year': %d", year - 61);
  g_free (officer (f, "O7", more, CH_ROLE_BOARD_MEMBER, NULL));
  g_free (more);
  more = g_strdup_printf ("'tier': 'chapter', 'joined_on': '2019-01-01', 'gender': 'man', "
                          "'partner_kind': 'microsoft_partner', 'birth_year': %d", year - 34);
  g_free (officer (f, "O8", more, CH_ROLE_BOARD_MEMBER, NULL));

  after = ch_insights_compute (f->store, f->chapter_id, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text (after, "leadership-gender", "Man", 0), ==, "4");
  g_assert_cmpstr (ch_insights_get_figure (after, "women-officers"), ==, "43 %");
  g_assert_cmpfloat (ch_insights_table_get_value (ch_insights_get_table (after,
                                                                          "leadership-balance"),
                                                  0, 0), ==, 43);
  g_assert_cmpstr (ch_insights_get_figure (after, "under-35"), ==, "50 %");
  g_assert_cmpstr (text (after, "leadership-kinds", "Partners (Microsoft partners and ISVs)", 0),
                   ==, "5");
}

static void
test_insights_bad_period (StoreFixture  *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChInsights) insights = NULL;

  insights = ch_insights_compute_for_day (f->store, f->chapter_id, "2026-05-01", "2026-04-01",
                                          TODAY, &error);
  g_assert_null (insights);
  g_assert_error (error, CH_INSIGHTS_ERROR, CH_INSIGHTS_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "The period starts after it ends. Pick a first day on or before the last.");
  g_clear_error (&error);

  insights = ch_insights_compute_for_day (f->store, f->chapter_id, "2026-01-01", "31/12/2026",
                                          TODAY, &error);
  g_assert_error (error, CH_INSIGHTS_ERROR, CH_INSIGHTS_ERROR_INVALID);
}

/* Opportunities in two quarters of the period and two specialties, one
 * the day before it starts:
 *
 *   2025-06-30  A -> B      Azure     won       (before the period)
 *   2025-07-01  B -> A      Security  won       Q3 2025
 *   2025-08-10  A -> B      Azure     won       Q3 2025
 *   2025-09-30  A -> B      Azure     given     Q3 2025
 *   2026-04-15  B -> A      Security  given     Q2 2026
 *   2026-05-02  A -> chapter Azure    won       Q2 2026
 *
 * Q3 2025: 3 given, 2 won; Q4 2025 and Q1 2026: none; Q2 2026: 2 given,
 * 1 won.  Azure: 3 given, 2 won; Security: 2 given, 1 won.  In all 5
 * given, 3 won. */
static void
add_opportunity (StoreFixture *f,
                 const char   *giver,
                 const char   *receiver,
                 const char   *json)
{
  g_autoptr(JsonObject) fields = test_json (json);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  json_object_set_string_member (fields, "from_member_id", giver);
  if (receiver != NULL)
    json_object_set_string_member (fields, "to_member_id", receiver);
  g_assert_true (ch_opportunities_add (f->store, f->chapter_id, fields, &id, &error));
  g_assert_no_error (error);
}

static void
add_opportunities (StoreFixture *f,
                   const char   *a,
                   const char   *b)
{
  add_opportunity (f, a, b, "{'title': 'Old', 'specialty': 'azure', 'given_on': '2025-06-30', "
                            "'status': 'won', 'accepted_on': '2025-07-01', "
                            "'closed_on': '2025-07-02'}");
  add_opportunity (f, b, a, "{'title': 'S1', 'specialty': 'security', "
                            "'given_on': '2025-07-01', 'status': 'won', "
                            "'accepted_on': '2025-07-02', 'closed_on': '2025-07-20'}");
  add_opportunity (f, a, b, "{'title': 'A1', 'specialty': 'azure', 'given_on': '2025-08-10', "
                            "'status': 'won', 'accepted_on': '2025-08-12', "
                            "'closed_on': '2025-09-01'}");
  add_opportunity (f, a, b, "{'title': 'A2', 'specialty': 'azure', 'given_on': '2025-09-30'}");
  add_opportunity (f, b, a, "{'title': 'S2', 'specialty': 'security', "
                            "'given_on': '2026-04-15'}");
  add_opportunity (f, a, NULL, "{'title': 'A3', 'specialty': 'azure', "
                               "'given_on': '2026-05-02', 'status': 'won', "
                               "'accepted_on': '2026-05-03', 'closed_on': '2026-06-01'}");
}

static void
test_insights_opportunities (StoreFixture  *f,
                             gconstpointer  data)
{
  g_autoptr(ChInsights) insights = NULL;
  g_autoptr(ChInsights) later = NULL;
  g_autoptr(GError) error = NULL;
  ChInsightsTable *quarters;
  ChInsightsTable *specialties;

  {
    g_autofree char *a = add (f, "OA", "'tier': 'network', 'joined_on': '2024-01-10'");
    g_autofree char *b = add (f, "OB", "'tier': 'network', 'joined_on': '2024-01-10'");

    add_opportunities (f, a, b);
  }
  insights = compute (f);

  quarters = ch_insights_get_table (insights, "opportunities-quarters");
  g_assert_nonnull (quarters);
  g_assert_cmpint (ch_insights_table_get_chart (quarters), ==, CH_INSIGHTS_TABLE_CHART_BAR);
  g_assert_cmpuint (ch_insights_table_get_n_rows (quarters), ==, 4);
  g_assert_cmpstr (ch_insights_table_get_row (quarters, 0), ==, "Q3 2025");
  g_assert_cmpstr (ch_insights_table_get_row (quarters, 3), ==, "Q2 2026");
  g_assert_cmpstr (ch_insights_table_get_column (quarters, 0), ==, "Given");
  g_assert_cmpstr (ch_insights_table_get_column (quarters, 1), ==, "Won");
  g_assert_cmpstr (text (insights, "opportunities-quarters", "Q3 2025", 0), ==, "3");
  g_assert_cmpstr (text (insights, "opportunities-quarters", "Q3 2025", 1), ==, "2");
  g_assert_cmpstr (text (insights, "opportunities-quarters", "Q4 2025", 0), ==, "0");
  g_assert_cmpstr (text (insights, "opportunities-quarters", "Q1 2026", 1), ==, "0");
  g_assert_cmpstr (text (insights, "opportunities-quarters", "Q2 2026", 0), ==, "2");
  g_assert_cmpstr (text (insights, "opportunities-quarters", "Q2 2026", 1), ==, "1");
  g_assert_cmpstr (ch_insights_table_get_description (quarters), ==,
                   "5 opportunities given in the period and 3 of them won, per quarter in "
                   "which they were given.");

  specialties = ch_insights_get_table (insights, "opportunities-specialties");
  g_assert_nonnull (specialties);
  g_assert_cmpuint (ch_insights_table_get_n_rows (specialties), ==, 2);
  g_assert_cmpstr (ch_insights_table_get_row (specialties, 0), ==, "Azure");
  g_assert_cmpstr (ch_insights_table_get_text (specialties, 0, 0), ==, "3");
  g_assert_cmpstr (ch_insights_table_get_text (specialties, 0, 1), ==, "2");
  g_assert_cmpstr (ch_insights_table_get_row (specialties, 1), ==, "Security");
  g_assert_cmpstr (ch_insights_table_get_text (specialties, 1, 0), ==, "2");
  g_assert_cmpstr (ch_insights_table_get_text (specialties, 1, 1), ==, "1");

  g_assert_cmpstr (ch_insights_get_figure (insights, "opportunities-given"), ==, "5");
  g_assert_cmpstr (ch_insights_get_figure (insights, "opportunities-won"), ==, "3");

  /* From 1 September 2025: of Q3 2025 only A2 (given, not won). */
  later = ch_insights_compute_for_day (f->store, f->chapter_id, "2025-09-01", "2026-06-30", TODAY,
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text (later, "opportunities-quarters", "Q3 2025", 0), ==, "1");
  g_assert_cmpstr (text (later, "opportunities-quarters", "Q3 2025", 1), ==, "0");
  g_assert_cmpstr (ch_insights_get_figure (later, "opportunities-given"), ==, "3");
  g_assert_cmpstr (ch_insights_get_figure (later, "opportunities-won"), ==, "1");
}

static gboolean
run (const char  *argv0,
     const char  *arg1,
     const char  *arg2,
     const char  *arg3,
     char       **out)
{
  const char *argv[] = { argv0, arg1, arg2, arg3, NULL };
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, out, NULL, &status, &error))
    return FALSE;

  return g_spawn_check_wait_status (status, NULL);
}

/* The report for headquarters: one page that rasterises, whose text has
 * the figures the Insights page shows; every table in the CSV. */
/* A count chart whose largest bar is 2 has the whole numbers 0, 1 and 2
 * on its axis, not 0, 0, 1, 2, 2 (steps of a half, rounded). */
static void
test_insights_chart_axis (StoreFixture  *f,
                          gconstpointer  data)
{
  g_autofree char *a = add (f, "OA", "'tier': 'network', 'joined_on': '2024-01-10'");
  g_autofree char *b = add (f, "OB", "'tier': 'network', 'joined_on': '2024-01-10'");
  g_autofree char *pdf = g_build_filename (f->dir, "chart.pdf", NULL);
  g_autofree char *words = NULL;
  g_autoptr(ChInsights) insights = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  ChChartPalette palette;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint zeros = 0, twos = 0;

  add_opportunity (f, a, b, "{'title': 'S1', 'specialty': 'azure', 'given_on': '2026-04-15'}");
  add_opportunity (f, b, a, "{'title': 'S2', 'specialty': 'azure', 'given_on': '2026-04-16'}");
  insights = compute (f);

  surface = cairo_pdf_surface_create (pdf, 300, 200);
  cr = cairo_create (surface);
  ch_chart_palette_init_paper (&palette);
  ch_chart_draw (cr, ch_insights_get_table (insights, "opportunities-quarters"), &palette,
                 "Sans 7", 300, 200);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  if (!have_program ("pdftotext"))
    {
      g_test_skip ("poppler-utils (pdftotext) is not installed");
      return;
    }
  g_assert_true (run ("pdftotext", pdf, "-", NULL, &words));
  lines = g_strsplit_set (words, "\n\f", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      zeros += g_strcmp0 (lines[i], "0") == 0;
      twos += g_strcmp0 (lines[i], "2") == 0;
    }
  if (zeros != 1 || twos != 1)
    g_error ("The axis is not 0, 1, 2:\n%s", words);
}

/* Every label stays inside the chart: the last month's name, centred
 * under its bar at the right edge, was cut off. */
static void
test_insights_chart_edges (StoreFixture  *f,
                           gconstpointer  data)
{
  g_autofree char *a = add (f, "EA", "'tier': 'network', 'joined_on': '2024-01-10'");
  g_autoptr(ChInsights) insights = NULL;
  g_autoptr(GError) error = NULL;
  const char *keys[] = { "growth-flow", "growth-tiers" };
  ChChartPalette palette;

  /* Thirteen months, June to June: every third month is named, the last
   * one too, at the right edge. */
  insights = ch_insights_compute_for_day (f->store, f->chapter_id, "2025-06-04", "2026-06-03",
                                          TODAY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ch_insights_table_get_n_rows (ch_insights_get_table (insights,
                                                                         "growth-flow")), ==, 13);
  ch_chart_palette_init_paper (&palette);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
      cairo_t *cr = cairo_create (surface);
      double x, y, w, h;

      ch_chart_draw (cr, ch_insights_get_table (insights, keys[i]), &palette, "Sans 9", 420, 200);
      cairo_destroy (cr);
      cairo_recording_surface_ink_extents (surface, &x, &y, &w, &h);
      cairo_surface_destroy (surface);
      g_test_message ("%s: ink from %.1f to %.1f", keys[i], x, x + w);
      g_assert_cmpfloat (x, >=, 0);
      g_assert_cmpfloat (x + w, <=, 420);
    }
}

static void
computed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ChInsights **insights = user_data;
  g_autoptr(GError) error = NULL;

  *insights = ch_insights_compute_finish (result, &error);
  g_assert_no_error (error);
}

/* The window's count runs the subjects that read SQL only on a second
 * connection beside the members' pass: every table and key figure comes
 * out as one connection counts them, in the same order. */
static void
test_insights_beside_the_pass (StoreFixture  *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChChapter) demo = ch_demo_create_chapter (f->store, &error);
  g_autoptr(ChInsights) one = NULL;
  g_autoptr(ChInsights) two = NULL;
  g_autofree char *today = NULL;
  g_autofree char *csv_one = NULL;
  g_autofree char *csv_two = NULL;
  g_autofree char *json_one = NULL;
  g_autofree char *json_two = NULL;

  g_assert_no_error (error);
  today = ch_membership_today_iso (f->store, ch_chapter_get_id (demo));
  one = ch_insights_compute_for_day (f->store, ch_chapter_get_id (demo), NULL, NULL, today,
                                     &error);
  g_assert_no_error (error);

  ch_insights_compute_async (f->store, ch_chapter_get_id (demo), NULL, NULL, NULL, computed_cb,
                             &two);
  while (two == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* Every subject counted something on the demo chapter. */
  g_assert_nonnull (ch_insights_get_table (two, "events-attendance"));
  g_assert_nonnull (ch_insights_get_figure (two, "at-risk"));
  g_assert_nonnull (ch_insights_get_figure (two, "opportunities-given"));

  csv_one = ch_report_to_csv (one);
  csv_two = ch_report_to_csv (two);
  g_assert_cmpstr (csv_two, ==, csv_one);
  json_one = ch_report_to_json (one);
  json_two = ch_report_to_json (two);
  g_assert_cmpstr (json_two, ==, json_one);
}

static void
test_insights_report (StoreFixture  *f,
                      gconstpointer  data)
{
  g_autoptr(ChInsights) insights = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "report.pdf", NULL);
  g_autofree char *png = g_build_filename (f->dir, "page", NULL);
  g_autofree char *info = NULL;
  g_autofree char *words = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;
  g_autofree char *page1 = NULL;
  ChInsightsTable *figures;

  add_retention_members (f);
  {
    /* Between members A and B: no other figure changes. */
    g_autofree char *a = test_query_text (f->path,
                                           "SELECT id FROM member WHERE given_name = 'A'");
    g_autofree char *b = test_query_text (f->path,
                                           "SELECT id FROM member WHERE given_name = 'B'");

    add_opportunities (f, a, b);
  }
  insights = compute (f);

  csv = ch_report_to_csv (insights);
  g_assert_nonnull (strstr (csv, "Opportunities per Quarter\r\n"
                                 "Quarter,Given,Won\r\n"
                                 "Q3 2025,3,2\r\n"
                                 "Q4 2025,0,0\r\n"));
  g_assert_nonnull (strstr (csv, "Opportunities given,5\r\n"));
  g_assert_nonnull (strstr (csv, "Opportunities won,3\r\n"));
  g_assert_nonnull (strstr (csv, "\"Still Members, by Join Year\"\r\n"
                                 "Joined,After 1 year,After 2 years,After 3 years\r\n"
                                 "2022 (1 joined),100 %,100 %,0 %\r\n"));
  g_assert_nonnull (strstr (csv, "Members still here after 12 months,40 %\r\n"));
  json = ch_report_to_json (insights);
  g_assert_nonnull (strstr (json, "\"retention\""));

  for (guint paper = CH_REPORT_PAPER_A4; paper <= CH_REPORT_PAPER_LETTER; paper++)
    {
      g_assert_true (ch_report_write_pdf (insights, paper, pdf, &error));
      g_assert_no_error (error);

      if (!have_program ("pdftotext"))
        {
          g_test_skip ("poppler-utils (pdfinfo, pdftoppm, pdftotext) are not installed");
          return;
        }
      g_clear_pointer (&info, g_free);
      g_assert_true (run ("pdfinfo", pdf, NULL, NULL, &info));
      g_assert_nonnull (strstr (info, "Pages:           1\n"));
      g_assert_nonnull (strstr (info, paper == CH_REPORT_PAPER_A4 ? "595.28 x 841.89 pts"
                                                                   : "612 x 792 pts"));
      {
        const char *argv[] = { "pdftoppm", "-r", "40", "-png", pdf, png, NULL };
        int status = -1;

        g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                     NULL, NULL, &status, &error));
        g_assert_true (g_spawn_check_wait_status (status, NULL));
      }
      page1 = g_strconcat (png, "-1.png", NULL);
      g_assert_true (g_file_test (page1, G_FILE_TEST_EXISTS));
      g_clear_pointer (&page1, g_free);

      g_clear_pointer (&words, g_free);
      g_assert_true (run ("pdftotext", pdf, "-", NULL, &words));
      g_assert_nonnull (strstr (words, "Test Chapter"));
      g_assert_nonnull (strstr (words, "1 Jul 2025 – 30 Jun 2026"));
      figures = ch_insights_get_table (insights, "key-figures");
      /* Each key figure the page shows, as the page shows it. */
      for (guint i = 0; i < ch_insights_table_get_n_rows (figures); i++)
        {
          const char *figure = ch_insights_table_get_text (figures, i, 0);

          if (strstr (words, figure) == NULL)
            g_error ("“%s” (%s) is not in the PDF:\n%s", figure,
                     ch_insights_table_get_row (figures, i), words);
        }
      g_assert_nonnull (strstr (words, "40 %"));
      g_assert_nonnull (strstr (words, "Members by Tier"));
      g_assert_nonnull (strstr (words, "Opportunities given"));
      g_assert_nonnull (strstr (words, "Opportunities won"));
      g_assert_nonnull (strstr (words, "Opportunities per Quarter"));
      g_assert_nonnull (strstr (words, "Q3 2025"));
    }
}

int
main (int   argc,
      char *argv[])
{
  test_init_c_locale (&argc, &argv);

  g_test_add ("/insights/retention", StoreFixture, NULL, store_fixture_setup,
              test_insights_retention, store_fixture_teardown);
  g_test_add ("/insights/conversion", StoreFixture, NULL, store_fixture_setup,
              test_insights_conversion, store_fixture_teardown);
  g_test_add ("/insights/edges", StoreFixture, NULL, store_fixture_setup,
              test_insights_edges, store_fixture_teardown);
  g_test_add ("/insights/at-risk", StoreFixture, NULL, store_fixture_setup,
              test_insights_at_risk, store_fixture_teardown);
  g_test_add ("/insights/leadership", StoreFixture, NULL, store_fixture_setup,
              test_insights_leadership, store_fixture_teardown);
  g_test_add ("/insights/bad-period", StoreFixture, NULL, store_fixture_setup,
              test_insights_bad_period, store_fixture_teardown);
  g_test_add ("/insights/opportunities", StoreFixture, NULL, store_fixture_setup,
              test_insights_opportunities, store_fixture_teardown);
  g_test_add ("/insights/chart-axis", StoreFixture, NULL, store_fixture_setup,
              test_insights_chart_axis, store_fixture_teardown);
  g_test_add ("/insights/chart-edges", StoreFixture, NULL, store_fixture_setup,
              test_insights_chart_edges, store_fixture_teardown);
  g_test_add ("/insights/beside-the-pass", StoreFixture, NULL, store_fixture_setup,
              test_insights_beside_the_pass, store_fixture_teardown);
  g_test_add ("/insights/report", StoreFixture, NULL, store_fixture_setup,
              test_insights_report, store_fixture_teardown);

  return g_test_run ();
}
