/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-insights"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ch-board-balance.h"
#include "ch-insights-private.h"

/* The leadership's make-up today: every person holding a role (from on or
 * before today, to open or today or later) once.  Gender is
 * ch-board-balance's count (the rule and its wording live there); age,
 * partner kind and terms ending are counted here.  A group of 1 or 2
 * people is shown as "fewer than 3" and any share that would tell its
 * size is left out, as the board balance does. */

#define OFFICERS_SQL \
  "officers AS (SELECT DISTINCT m.id, m.birth_year, m.partner_kind FROM role r " \
  "  JOIN member m ON m.id = r.member_id WHERE r.deleted = 0 AND m.deleted = 0 " \
  "  AND r.chapter_id = :chapter AND r.starts_on <= :today " \
  "  AND (r.ends_on IS NULL OR r.ends_on >= :today)) "

/* Age from the birth year alone: under 35 when this year minus it is
 * below 35 (so some who turn 35 later this year count as 35). */
static const char age_sql[] =
  "WITH " OFFICERS_SQL
  "SELECT coalesce (sum (birth_year IS NOT NULL AND substr (:today, 1, 4) - birth_year < 35), 0), "
  "  coalesce (sum (birth_year IS NOT NULL AND substr (:today, 1, 4) - birth_year >= 35), 0), "
  "  coalesce (sum (birth_year IS NULL), 0) FROM officers";

static const char kinds_sql[] =
  "WITH " OFFICERS_SQL
  "SELECT coalesce (sum (partner_kind IN ('microsoft_partner', 'isv')), 0), "
  "  coalesce (sum (partner_kind = 'vendor'), 0), "
  "  coalesce (sum (partner_kind = 'microsoft_employee'), 0), "
  "  coalesce (sum (partner_kind IS NULL OR partner_kind NOT IN "
  "                 ('microsoft_partner', 'isv', 'vendor', 'microsoft_employee')), 0) "
  "FROM officers";

static const char terms_sql[] =
  "SELECT count(*) FROM role r JOIN member m ON m.id = r.member_id "
  "WHERE r.deleted = 0 AND m.deleted = 0 AND r.chapter_id = :chapter "
  "AND r.starts_on <= :today AND r.ends_on BETWEEN :today AND date (:today, '+6 months')";

/* Sets a count of people, or "fewer than 3". */
static void
set_people (ChInsightsTable *table,
            guint            row,
            guint            column,
            guint            n)
{
  const char *small = ch_insights_small_group_text (n);

  if (small != NULL)
    ch_insights_table_set_text (table, row, column, small);
  else
    ch_insights_table_set (table, row, column, n);
}

static gboolean
read_counts (ChInsightsContext  *ctx,
             const char         *sql,
             guint              *counts,
             guint               n,
             GError            **error)
{
  sqlite3_stmt *st;
  int rc;

  if (!(st = ch_insights_prepare (ctx, sql, error)))
    return FALSE;
  if ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      for (guint i = 0; i < n; i++)
        counts[i] = sqlite3_column_int (st, i);
      rc = sqlite3_step (st);
    }

  return ch_insights_finish_stmt (ctx, st, rc, error);
}

static gboolean
gender_tables (ChInsightsContext  *ctx,
               GError            **error)
{
  static const ChGender shown[] = {
    CH_GENDER_WOMAN, CH_GENDER_MAN, CH_GENDER_NON_BINARY, CH_GENDER_SELF_DESCRIBED,
  };
  const char *columns[] = { _("Officers"), NULL };
  const char *gauge_columns[] = { _("Women"), NULL };
  g_autoptr(ChInsightsTable) table = NULL;
  g_autoptr(ChInsightsTable) gauge = NULL;
  g_autofree char *described = NULL;
  GError *local_error = NULL;
  ChBoardBalance balance;
  guint percent, row;

  if (!ch_board_balance_compute (ctx->store, ctx->chapter_id, &balance, &local_error))
    {
      g_set_error (error, CH_INSIGHTS_ERROR, CH_INSIGHTS_ERROR_FAILED, "%s",
                   local_error->message);
      g_error_free (local_error);
      return FALSE;
    }

  table = ch_insights_table_new ("leadership-gender", _("Officers by Gender"),
                                 CH_INSIGHTS_TABLE_CHART_NONE, FALSE, _("Gender"), columns);
  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    {
      if (balance.counts[shown[i]] == 0 && shown[i] != CH_GENDER_WOMAN &&
          shown[i] != CH_GENDER_MAN)
        continue;
      row = ch_insights_table_add_row (table, ch_gender_label (shown[i]));
      set_people (table, row, 0, balance.counts[shown[i]]);
    }
  row = ch_insights_table_add_row (table, _("Not shared"));
  set_people (table, row, 0, ch_board_balance_not_shared (&balance));

  described = balance.people > 0 ? ch_board_balance_describe (&balance)
                                 : g_strdup (_("No officers recorded yet."));
  ch_insights_table_set_description (table, described);
  g_ptr_array_add (ctx->tables, g_object_ref (table));

  /* The 50/50 gauge: women among officers who shared, or nothing when
   * the board balance withholds it. */
  gauge = ch_insights_table_new ("leadership-balance", _("Women in Leadership"),
                                 CH_INSIGHTS_TABLE_CHART_GAUGE, TRUE, _("Goal"), gauge_columns);
  /* xgettext:no-c-format */
  row = ch_insights_table_add_row (gauge, _("Goal 50 %"));
  if (ch_board_balance_percent_women (&balance, &percent))
    {
      g_autofree char *t = ch_insights_percent_text (percent);

      ch_insights_table_set (gauge, row, 0, percent);
      /* xgettext:no-c-format */
      ch_insights_add_figure (ctx, "women-officers", _("Women among officers (goal 50 %)"),
                              percent, t);
    }
  else
    {
      const char *why = balance.people == 0 ? _("no officers") : _("fewer than 3");

      ch_insights_table_set_text (gauge, row, 0, why);
      /* xgettext:no-c-format */
      ch_insights_add_figure (ctx, "women-officers", _("Women among officers (goal 50 %)"), NAN,
                              why);
    }
  ch_insights_table_set_description (gauge, described);
  g_ptr_array_add (ctx->tables, g_object_ref (gauge));

  return TRUE;
}

gboolean
ch_insights_leadership_compute (ChInsightsContext  *ctx,
                                GError            **error)
{
  const char *columns[] = { _("Officers"), NULL };
  g_autoptr(ChInsightsTable) ages = NULL;
  g_autoptr(ChInsightsTable) kinds = NULL;
  guint age[3], kind[4], terms = 0;
  guint row;

  if (!gender_tables (ctx, error))
    return FALSE;

  /* Age: member.birth_year, an opt-in answer. */
  if (!read_counts (ctx, age_sql, age, 3, error))
    return FALSE;
  ages = ch_insights_table_new ("leadership-age", _("Officers by Age"),
                                CH_INSIGHTS_TABLE_CHART_NONE,
                                FALSE, _("Age"), columns);
  row = ch_insights_table_add_row (ages, _("Under 35"));
  set_people (ages, row, 0, age[0]);
  row = ch_insights_table_add_row (ages, _("35 or older"));
  set_people (ages, row, 0, age[1]);
  row = ch_insights_table_add_row (ages, _("Birth year not shared"));
  set_people (ages, row, 0, age[2]);
  if (age[0] + age[1] > 0 && !ch_insights_small_group_text (age[0]) &&
      !ch_insights_small_group_text (age[1]))
    {
      double percent = 100.0 * age[0] / (age[0] + age[1]);
      g_autofree char *t = ch_insights_percent_text (percent);
      g_autofree char *d = g_strdup_printf (_("%s of the officers who shared their birth year "
                                              "are under 35."), t);

      ch_insights_table_set_description (ages, d);
      ch_insights_add_figure (ctx, "under-35", _("Officers under 35"), percent, t);
    }
  else
    {
      const char *why = age[0] + age[1] == 0 ? _("not shared") : _("fewer than 3");

      ch_insights_table_set_description (ages, _("Officers by age, from the birth years they "
                                                 "shared; groups of fewer than 3 are not "
                                                 "counted out."));
      ch_insights_add_figure (ctx, "under-35", _("Officers under 35"), NAN, why);
    }
  g_ptr_array_add (ctx->tables, g_object_ref (ages));

  /* Seats by partner kind. */
  if (!read_counts (ctx, kinds_sql, kind, 4, error))
    return FALSE;
  kinds = ch_insights_table_new ("leadership-kinds", _("Officers by Partner Kind"),
                                 CH_INSIGHTS_TABLE_CHART_NONE, FALSE, _("Partner kind"), columns);
  row = ch_insights_table_add_row (kinds, _("Partners (Microsoft partners and ISVs)"));
  set_people (kinds, row, 0, kind[0]);
  row = ch_insights_table_add_row (kinds, _("Vendors and consultants to partners"));
  set_people (kinds, row, 0, kind[1]);
  row = ch_insights_table_add_row (kinds, _("Microsoft employees"));
  set_people (kinds, row, 0, kind[2]);
  row = ch_insights_table_add_row (kinds, _("Other or not recorded"));
  set_people (kinds, row, 0, kind[3]);
  ch_insights_table_set_description (kinds, _("Who holds the seats: partners, vendors and "
                                              "consultants, Microsoft employees."));
  g_ptr_array_add (ctx->tables, g_object_ref (kinds));

  if (!read_counts (ctx, terms_sql, &terms, 1, error))
    return FALSE;
  {
    g_autofree char *t = ch_number_format (terms);

    ch_insights_add_figure (ctx, "terms-ending", _("Terms ending within 6 months"), terms, t);
  }

  return TRUE;
}
