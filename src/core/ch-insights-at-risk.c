/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-insights"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-insights-private.h"
#include "ch-member.h"

/* At risk: members of a paid tier, active or in grace today (the status
 * rule), whose dues run out within 60 days (or ran out and they are in
 * grace), and who attended no event in the last 6 months (checked in at
 * an event that started then).  Counted for today, whatever the period. */
static const char at_risk_sql[] =
  "SELECT m.id, coalesce (m.dues_paid_until, m.joined_on), "
  "  (SELECT max (substr (e.starts_at, 1, 10)) FROM registration r "
  "   JOIN event e ON e.id = r.event_id WHERE r.member_id = m.id AND r.deleted = 0 "
  "   AND e.deleted = 0 AND r.checked_in_at IS NOT NULL), "
  "  trim (coalesce (m.given_name, '') || ' ' || coalesce (m.family_name, '')) "
  "FROM member m INDEXED BY member_insights WHERE m.chapter_id = :chapter AND m.deleted = 0 "
  "AND coalesce (m.dues_paid_until, m.joined_on) <= :due_by "
  "AND ch_tier_kind (:chapter, m.tier) = :paid "
  "AND ch_member_status (:chapter, m.tier, m.joined_on, m.left_on, m.dues_paid_until, :grace, "
  "                      :today_days) IN (:active, :in_grace) "
  "AND NOT EXISTS (SELECT 1 FROM registration r JOIN event e ON e.id = r.event_id "
  "  WHERE r.member_id = m.id AND r.deleted = 0 AND e.deleted = 0 "
  "  AND r.checked_in_at IS NOT NULL "
  "  AND substr (e.starts_at, 1, 10) BETWEEN :six_months_ago AND :today) "
  "ORDER BY 2, m.name_key";

gboolean
ch_insights_at_risk_compute (ChInsightsContext  *ctx,
                             GError            **error)
{
  const char *columns[] = { _("Renewal due"), _("Last attended"), NULL };
  g_autoptr(ChInsightsTable) table = NULL;
  sqlite3_stmt *st;
  int rc;

  table = ch_insights_table_new ("at-risk", _("Members at Risk"),
                                 CH_INSIGHTS_TABLE_CHART_NONE, FALSE,
                                 _("Member"), columns);
  if (!(st = ch_insights_prepare (ctx, at_risk_sql, error)))
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (st, 0);
      const char *last = (const char *) sqlite3_column_text (st, 2);
      g_autofree char *due = NULL;
      g_autofree char *seen = NULL;
      guint row;

      /* The first ones as members for the page; all by id for writing to
       * them (ch_insights_load_at_risk_async()). */
      if (ctx->at_risk->len < CH_INSIGHTS_AT_RISK_SHOWN)
        {
          ChMember *member = ch_store_get_member (ctx->store, id, NULL);

          if (member != NULL)
            g_ptr_array_add (ctx->at_risk, member);
        }
      g_ptr_array_add (ctx->at_risk_ids, g_strdup (id));
      due = ch_insights_date_label ((const char *) sqlite3_column_text (st, 1));
      seen = last ? ch_insights_date_label (last) : g_strdup (_("never"));
      row = ch_insights_table_add_row (table, (const char *) sqlite3_column_text (st, 3));
      ch_insights_table_set_text (table, row, 0, due);
      ch_insights_table_set_text (table, row, 1, seen);
    }
  if (!ch_insights_finish_stmt (ctx, st, rc, error))
    return FALSE;

  {
    guint n = ctx->at_risk_ids->len;
    g_autofree char *text = ch_number_format (n);
    g_autofree char *d = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "%u member whose renewal is due within "
                                                       "60 days attended nothing in 6 months.",
                                                       "%u members whose renewal is due within "
                                                       "60 days attended nothing in 6 months.",
                                                       n), n);

    ch_insights_table_set_description (table, d);
    ch_insights_add_figure (ctx, "at-risk", _("Renewal due, no event in 6 months"), n, text);
  }
  g_ptr_array_add (ctx->tables, g_object_ref (table));

  return TRUE;
}
