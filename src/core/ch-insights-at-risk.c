/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-insights"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-insights-private.h"
#include "ch-member.h"
#include "ch-member-status.h"
#include "ch-iso-date.h"

/* At risk: members of a paid tier, active or in grace today (the status
 * rule), whose dues run out within 60 days (or ran out and they are in
 * grace), and who attended no event in the last 6 months (checked in at
 * an event that started then).  Counted for today, whatever the period.
 * The members' pass (ch-insights-members.c) gives those whose dues and
 * status fit.  Who attended what is read once, event by event (every
 * check-in: the day of its event), and kept per member: the last event
 * attended, and whether one was in the last 6 months.  The names come
 * from the members' pass too. */
static const char attended_sql[] =
  "SELECT r.member_id, substr (e.starts_at, 1, 10) "
  "FROM event e CROSS JOIN registration r ON r.event_id = e.id "
  "WHERE e.deleted = 0 AND r.deleted = 0 AND r.checked_in_at IS NOT NULL";

/* A member's attendance, from attended_sql. */
typedef struct
{
  char     *last;       /* the last event attended */
  gboolean  recent;     /* one in the last 6 months */
} Attended;

static void
attended_free (Attended *a)
{
  g_free (a->last);
  g_free (a);
}

typedef struct
{
  const char *id;
  const char *due;      /* dues_paid_until, or joined_on when never paid */
  const char *name;     /* these three in the members' pass's strings */
  const char *name_key;
  const char *last;     /* the last event attended, or NULL */
  guint       order;    /* in the members' pass, by id */
} AtRisk;

/* By renewal day, then name (NULL first, as SQLite orders), then id. */
static gint
at_risk_compare (gconstpointer pa,
                 gconstpointer pb)
{
  const AtRisk *a = pa;
  const AtRisk *b = pb;
  int c;

  if ((c = strcmp (a->due, b->due)) != 0)
    return c;
  if (a->name_key == NULL || b->name_key == NULL)
    {
      if (a->name_key != b->name_key)
        return a->name_key == NULL ? -1 : 1;
    }
  else if ((c = strcmp (a->name_key, b->name_key)) != 0)
    return c;
  return a->order < b->order ? -1 : a->order > b->order;
}

/* ch_insights_date_label() of @iso, made once per day. */
static const char *
date_label (GHashTable *labels,
            const char *iso)
{
  char *label = g_hash_table_lookup (labels, iso);

  if (label == NULL)
    {
      label = ch_insights_date_label (iso);
      g_hash_table_insert (labels, g_strdup (iso), label);
    }
  return label;
}

/* Member id → Attended, for every member who ever checked in. */
gboolean
ch_insights_at_risk_read (ChInsightsContext  *ctx,
                          GError            **error)
{
  g_autoptr(GHashTable) attended = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) attended_free);
  sqlite3_stmt *st;
  int rc;

  if (!(st = ch_insights_prepare (ctx, attended_sql, error)))
    return FALSE;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (st, 0);
      const char *day = (const char *) sqlite3_column_text (st, 1);
      Attended *a;

      if (id == NULL || day == NULL)
        continue;
      if (!(a = g_hash_table_lookup (attended, id)))
        {
          a = g_new0 (Attended, 1);
          g_hash_table_insert (attended, g_strdup (id), a);
        }
      /* The last one, and one between six months ago and today. */
      if (a->last == NULL || strcmp (day, a->last) > 0)
        {
          g_free (a->last);
          a->last = g_strdup (day);
        }
      if (strcmp (day, ctx->six_months_ago) >= 0 && strcmp (day, ctx->today) <= 0)
        a->recent = TRUE;
    }
  if (!ch_insights_finish_stmt (ctx, st, rc, error))
    return FALSE;

  g_clear_pointer (&ctx->attended, g_hash_table_unref);
  ctx->attended = g_steal_pointer (&attended);
  return TRUE;
}

gboolean
ch_insights_at_risk_compute (ChInsightsContext  *ctx,
                             GError            **error)
{
  const char *columns[] = { _("Renewal due"), _("Last attended"), NULL };
  g_autoptr(ChInsightsTable) table = NULL;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (AtRisk));
  g_autoptr(GHashTable) labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gint32 today = ch_iso_date_to_days (ctx->today, -1);

  table = ch_insights_table_new ("at-risk", _("Members at Risk"),
                                 CH_INSIGHTS_TABLE_CHART_NONE, FALSE,
                                 _("Member"), columns);
  /* Read beside the members' pass, or now. */
  if (ctx->attended == NULL && !ch_insights_at_risk_read (ctx, error))
    return FALSE;
  for (guint i = 0; i < ctx->members->len; i++)
    {
      const ChInsightsMember *m = &g_array_index (ctx->members, ChInsightsMember, i);
      const char *due = m->dues_paid_until ? m->dues_paid_until : m->joined_on;
      const Attended *went;
      ChMemberStatus status;
      AtRisk a = { 0 };

      /* The pass kept the names of those whose dues run out by then. */
      if (m->name == NULL)
        continue;
      status = ch_member_status_compute_kind (CH_TIER_KIND_PAID, m->joined_on, m->left_on,
                                              m->dues_paid_until, ctx->grace, today);
      if (status != CH_MEMBER_STATUS_ACTIVE && status != CH_MEMBER_STATUS_GRACE)
        continue;
      went = g_hash_table_lookup (ctx->attended, m->id);
      if (went != NULL && went->recent)
        continue;
      a.id = m->id;
      a.due = due;
      a.name = m->name;
      a.name_key = m->name_key;
      a.last = went != NULL ? went->last : NULL;
      a.order = i;
      g_array_append_val (found, a);
    }

  g_array_sort (found, at_risk_compare);
  for (guint i = 0; i < found->len; i++)
    {
      const AtRisk *a = &g_array_index (found, AtRisk, i);
      guint row;

      /* The first ones as members for the page; all by id for writing to
       * them (ch_insights_load_at_risk_async()). */
      if (ctx->at_risk->len < CH_INSIGHTS_AT_RISK_SHOWN)
        {
          ChMember *member = ch_store_get_member (ctx->store, a->id, NULL);

          if (member != NULL)
            g_ptr_array_add (ctx->at_risk, member);
        }
      g_ptr_array_add (ctx->at_risk_ids, g_strdup (a->id));
      row = ch_insights_table_add_row (table, a->name);
      ch_insights_table_set_text (table, row, 0, date_label (labels, a->due));
      ch_insights_table_set_text (table, row, 1,
                                  a->last ? date_label (labels, a->last) : _("never"));
    }

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
