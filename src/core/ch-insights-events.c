/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-insights"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ch-insights-private.h"

/* Events of the period (started within it, not cancelled): who attended
 * each, in person and online (checked in); no-shows (registered, not
 * checked in, event over) against registrations per month; and the
 * online share of everyone who attended.  Dates are the events' UTC
 * start days. */
static const char events_sql[] =
  "SELECT e.title, substr (e.starts_at, 1, 10), "
  "  coalesce (sum (r.state = 'registered' AND r.mode = 'in-person' "
  "                 AND r.checked_in_at IS NOT NULL), 0), "
  "  coalesce (sum (r.state = 'registered' AND r.mode = 'online' "
  "                 AND r.checked_in_at IS NOT NULL), 0) "
  "FROM event e LEFT JOIN registration r ON r.event_id = e.id AND r.deleted = 0 "
  "WHERE e.chapter_id = :chapter AND e.deleted = 0 AND e.status IS NOT 'cancelled' "
  "AND substr (e.starts_at, 1, 10) BETWEEN :from AND :to "
  "GROUP BY e.id ORDER BY e.starts_at, e.id";

static const char no_show_sql[] =
  "SELECT substr (e.starts_at, 1, 7), "
  "  sum (r.state = 'registered'), "
  "  sum (r.state = 'registered' AND r.checked_in_at IS NULL) "
  "FROM event e JOIN registration r ON r.event_id = e.id AND r.deleted = 0 "
  "WHERE e.chapter_id = :chapter AND e.deleted = 0 AND e.status IS NOT 'cancelled' "
  "AND substr (e.starts_at, 1, 10) BETWEEN :from AND :to AND e.ends_at <= :now "
  "GROUP BY 1 ORDER BY 1";

gboolean
ch_insights_events_compute (ChInsightsContext  *ctx,
                            GError            **error)
{
  const char *mode_columns[] = { _("In person"), _("Online"), NULL };
  const char *rate_columns[] = { _("No-show rate"), NULL };
  const char *share_columns[] = { _("Share"), NULL };
  g_autoptr(ChInsightsTable) per_event = NULL;
  g_autoptr(ChInsightsTable) rates = NULL;
  g_autoptr(ChInsightsTable) share = NULL;
  sqlite3_stmt *st;
  double in_person = 0, online = 0, registered = 0, no_show = 0;
  guint events = 0;
  int rc;

  per_event = ch_insights_table_new ("events-attendance", _("Attendance per Event"),
                                     CH_INSIGHTS_TABLE_CHART_STACKED, FALSE,
                                     _("Event"), mode_columns);
  if (!(st = ch_insights_prepare (ctx, events_sql, error)))
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      g_autofree char *day = ch_insights_date_label ((const char *) sqlite3_column_text (st, 1));
      /* Translators: an event in a chart, "12 Mar 2026: Chapter Meeting" */
      g_autofree char *label = g_strdup_printf (_("%s: %s"), day,
                                                (const char *) sqlite3_column_text (st, 0));
      guint row = ch_insights_table_add_row (per_event, label);

      ch_insights_table_set (per_event, row, 0, sqlite3_column_int64 (st, 2));
      ch_insights_table_set (per_event, row, 1, sqlite3_column_int64 (st, 3));
      in_person += sqlite3_column_int64 (st, 2);
      online += sqlite3_column_int64 (st, 3);
      events++;
    }
  if (!ch_insights_finish_stmt (ctx, st, rc, error))
    return FALSE;
  {
    g_autofree char *d = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "Attendance at %u event: %.0f in person "
                                                       "and %.0f online.",
                                                       "Attendance at %u events: %.0f in person "
                                                       "and %.0f online.", events),
                                          events, in_person, online);
    g_autofree char *n = ch_number_format (events);
    g_autofree char *a = ch_number_format (llround (in_person + online));

    ch_insights_table_set_description (per_event, d);
    ch_insights_add_figure (ctx, "events", _("Events held"), events, n);
    ch_insights_add_figure (ctx, "attendance", _("Attendances"), in_person + online, a);
  }
  g_ptr_array_add (ctx->tables, g_object_ref (per_event));

  rates = ch_insights_table_new ("events-no-shows", _("No-Show Rate"), CH_INSIGHTS_TABLE_CHART_LINE,
                                 TRUE, _("Month"), rate_columns);
  if (!(st = ch_insights_prepare (ctx, no_show_sql, error)))
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      g_autofree char *label = ch_insights_month_label ((const char *) sqlite3_column_text (st, 0));
      double reg = sqlite3_column_int64 (st, 1);
      double ns = sqlite3_column_int64 (st, 2);
      guint row = ch_insights_table_add_row (rates, label);

      if (reg > 0)
        ch_insights_table_set (rates, row, 0, 100.0 * ns / reg);
      registered += reg;
      no_show += ns;
    }
  if (!ch_insights_finish_stmt (ctx, st, rc, error))
    return FALSE;
  ch_insights_table_set_description (rates, _("The share of registered people who did not come, "
                                              "per month, for events that are over."));
  g_ptr_array_add (ctx->tables, g_object_ref (rates));
  if (registered > 0)
    {
      g_autofree char *t = ch_insights_percent_text (100.0 * no_show / registered);

      ch_insights_add_figure (ctx, "no-show", _("No-show rate"), 100.0 * no_show / registered, t);
    }
  else
    ch_insights_add_figure (ctx, "no-show", _("No-show rate"), NAN, _("no events"));

  share = ch_insights_table_new ("events-modes", _("In Person and Online"),
                                 CH_INSIGHTS_TABLE_CHART_BAR,
                                 TRUE, _("Mode"), share_columns);
  {
    guint r0 = ch_insights_table_add_row (share, _("In person"));
    guint r1 = ch_insights_table_add_row (share, _("Online"));
    double total = in_person + online;

    if (total > 0)
      {
        g_autofree char *t = ch_insights_percent_text (100.0 * online / total);
        g_autofree char *d = g_strdup_printf (_("Of everyone who attended, %.0f %% came in "
                                                "person and %.0f %% online."),
                                              100.0 * in_person / total, 100.0 * online / total);

        ch_insights_table_set (share, r0, 0, 100.0 * in_person / total);
        ch_insights_table_set (share, r1, 0, 100.0 * online / total);
        ch_insights_table_set_description (share, d);
        ch_insights_add_figure (ctx, "online-share", _("Attended online"), 100.0 * online / total,
                                t);
      }
    else
      ch_insights_add_figure (ctx, "online-share", _("Attended online"), NAN,
                              _("nobody attended"));
  }
  g_ptr_array_add (ctx->tables, g_object_ref (share));

  return TRUE;
}
