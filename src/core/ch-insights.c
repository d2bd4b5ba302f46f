/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-insights"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <time.h>

#include "ch-gender.h"
#include "ch-insights.h"
#include "ch-insights-private.h"
#include "ch-membership-private.h"
#include "ch-store-private.h"
#include "ch-date.h"
#include "ch-iso-date.h"
#include "ch-member-status.h"
#include "ch-clock.h"
#include "ch-tsan.h"

struct _ChInsights
{
  GObject    parent_instance;

  char      *chapter_name;
  char      *from;
  char      *to;
  char      *today;
  GPtrArray *tables;
  GPtrArray *figure_keys;
  GPtrArray *at_risk;
  GStrv      at_risk_ids;
  gint64     elapsed_us;
};

G_DEFINE_FINAL_TYPE (ChInsights, ch_insights, G_TYPE_OBJECT)
G_DEFINE_QUARK (ch-insights-error-quark, ch_insights_error)

static void
ch_insights_finalize (GObject *object)
{
  ChInsights *self = CH_INSIGHTS (object);

  g_free (self->chapter_name);
  g_free (self->from);
  g_free (self->to);
  g_free (self->today);
  g_clear_pointer (&self->tables, g_ptr_array_unref);
  g_clear_pointer (&self->figure_keys, g_ptr_array_unref);
  g_clear_pointer (&self->at_risk, g_ptr_array_unref);
  g_strfreev (self->at_risk_ids);

  G_OBJECT_CLASS (ch_insights_parent_class)->finalize (object);
}

static void
ch_insights_class_init (ChInsightsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ch_insights_finalize;
}

static void
ch_insights_init (ChInsights *self)
{
}

/* ----------------------------------------------------------------------- */

static char *
shift (const char *iso,
       gint        days,
       gint        months)
{
  GDate d;

  if (!ch_date_parse (iso, &d))
    return NULL;
  if (months > 0)
    g_date_add_months (&d, months);
  else if (months < 0)
    g_date_subtract_months (&d, -months);
  if (days > 0)
    g_date_add_days (&d, days);
  else if (days < 0)
    g_date_subtract_days (&d, -days);

  return ch_date_format (&d);
}

void
ch_insights_period_dates (ChInsightsPeriod   period,
                          const char        *today,
                          char             **from,
                          char             **to)
{
  g_return_if_fail (today != NULL && from != NULL && to != NULL);

  *to = g_strdup (today);
  if (period == CH_INSIGHTS_PERIOD_THIS_YEAR)
    *from = g_strdup_printf ("%.4s-01-01", today);
  else
    *from = shift (today, 1, -12);
}

gboolean
ch_insights_check_period (const char  *from,
                          const char  *to,
                          const char  *today,
                          GError     **error)
{
  if (!ch_membership_valid_date (from))
    {
      g_set_error (error, CH_INSIGHTS_ERROR, CH_INSIGHTS_ERROR_INVALID,
                   _("“%s” is not a date. Write the first day as YYYY-MM-DD."),
                   from ? from : "");
      return FALSE;
    }
  if (!ch_membership_valid_date (to))
    {
      g_set_error (error, CH_INSIGHTS_ERROR, CH_INSIGHTS_ERROR_INVALID,
                   _("“%s” is not a date. Write the last day as YYYY-MM-DD."), to ? to : "");
      return FALSE;
    }
  if (strcmp (from, to) > 0)
    {
      g_set_error (error, CH_INSIGHTS_ERROR, CH_INSIGHTS_ERROR_INVALID,
                   _("The period starts after it ends. Pick a first day on or before the last."));
      return FALSE;
    }
  if (today != NULL && strcmp (to, today) > 0)
    {
      g_set_error (error, CH_INSIGHTS_ERROR, CH_INSIGHTS_ERROR_INVALID,
                   _("The period ends in the future. Pick a last day no later than today."));
      return FALSE;
    }

  return TRUE;
}

sqlite3_stmt *
ch_insights_prepare (ChInsightsContext *ctx,
                     const char        *sql,
                     GError           **error)
{
  const struct { const char *name; const char *text; } texts[] = {
    { ":chapter", ctx->chapter_id }, { ":from", ctx->from }, { ":to", ctx->to },
    { ":today", ctx->today }, { ":year_ago", ctx->year_ago }, { ":start24", ctx->start24 },
    { ":now", ctx->now_utc }, { ":due_by", ctx->due_by },
    { ":six_months_ago", ctx->six_months_ago }, { ":cohort_start", ctx->cohort_start },
  };
  const struct { const char *name; gint64 value; } ints[] = {
    { ":today_days", ch_iso_date_to_days (ctx->today, -1) }, { ":grace", ctx->grace },
    { ":paid", CH_TIER_KIND_PAID }, { ":free", CH_TIER_KIND_FREE },
    { ":active", CH_MEMBER_STATUS_ACTIVE }, { ":in_grace", CH_MEMBER_STATUS_GRACE },
  };
  sqlite3_stmt *st = NULL;

  ctx->prepared_at = g_get_monotonic_time ();
  if (sqlite3_prepare_v2 (ctx->db, sql, -1, &st, NULL) != SQLITE_OK)
    {
      g_set_error (error, CH_INSIGHTS_ERROR, CH_INSIGHTS_ERROR_FAILED,
                   _("Could not count the chapter’s figures: %s"), sqlite3_errmsg (ctx->db));
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      int k = sqlite3_bind_parameter_index (st, texts[i].name);

      if (k > 0)
        sqlite3_bind_text (st, k, texts[i].text, -1, SQLITE_TRANSIENT);
    }
  for (guint i = 0; i < G_N_ELEMENTS (ints); i++)
    {
      int k = sqlite3_bind_parameter_index (st, ints[i].name);

      if (k > 0)
        sqlite3_bind_int64 (st, k, ints[i].value);
    }

  return st;
}

gboolean
ch_insights_finish_stmt (ChInsightsContext *ctx,
                         sqlite3_stmt      *st,
                         int                rc,
                         GError           **error)
{
  if (rc != SQLITE_DONE)
    g_set_error (error, CH_INSIGHTS_ERROR, CH_INSIGHTS_ERROR_FAILED,
                 _("Could not count the chapter’s figures: %s"), sqlite3_errmsg (ctx->db));
  g_debug ("%.1f ms, %d steps, %d full-scan steps: %.60s",
           (g_get_monotonic_time () - ctx->prepared_at) / 1000.0,
           sqlite3_stmt_status (st, SQLITE_STMTSTATUS_VM_STEP, FALSE),
           sqlite3_stmt_status (st, SQLITE_STMTSTATUS_FULLSCAN_STEP, FALSE), sqlite3_sql (st));
  sqlite3_finalize (st);

  return rc == SQLITE_DONE;
}

void
ch_insights_add_figure (ChInsightsContext *ctx,
                        const char        *key,
                        const char        *label,
                        double             value,
                        const char        *text)
{
  guint row = ch_insights_table_add_row (ctx->figures, label);

  ch_insights_table_set_full (ctx->figures, row, 0, value, text);
  g_ptr_array_add (ctx->figure_keys, g_strdup (key));
}

char *
ch_insights_month_label (const char *month)
{
  g_autofree char *iso = g_strdup_printf ("%.7s-01", month);
  GDate d;
  char buf[64];

  if (!ch_date_parse (iso, &d))
    return g_strdup (month);
  /* Translators: a month on a chart axis and in tables, strftime format */
  if (g_date_strftime (buf, sizeof buf, _("%b %Y"), &d) == 0)
    return g_strdup (month);

  return g_locale_to_utf8 (buf, -1, NULL, NULL, NULL);
}

char *
ch_insights_date_label (const char *iso)
{
  GDate d;
  char buf[64];

  if (iso == NULL || !ch_date_parse (iso, &d))
    return g_strdup (iso ? iso : "");
  /* Translators: a day in the insights and the report, strftime format */
  if (g_date_strftime (buf, sizeof buf, _("%-d %b %Y"), &d) == 0)
    return g_strdup (iso);

  return g_locale_to_utf8 (buf, -1, NULL, NULL, NULL);
}

const char *
ch_insights_small_group_text (guint people)
{
  if (people > 0 && people < CH_GENDER_MIN_GROUP)
    return _("fewer than 3");

  return NULL;
}

char *
ch_insights_percent_text (double percent)
{
  /* Translators: a percentage; "%%" is a percent sign */
  return g_strdup_printf (_("%.0f %%"), percent);
}

/* ----------------------------------------------------------------------- */

/* For the debug log: the time this thread has run, which a loaded
 * machine does not stretch as it does the wall time. */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0;
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
context_clear (ChInsightsContext *ctx)
{
  g_free (ctx->from);
  g_free (ctx->to);
  g_free (ctx->today);
  g_free (ctx->year_ago);
  g_free (ctx->start24);
  g_free (ctx->now_utc);
  g_free (ctx->due_by);
  g_free (ctx->six_months_ago);
  g_free (ctx->cohort_start);
  g_clear_pointer (&ctx->tables, g_ptr_array_unref);
  g_clear_object (&ctx->figures);
  g_clear_pointer (&ctx->figure_keys, g_ptr_array_unref);
  g_clear_pointer (&ctx->at_risk, g_ptr_array_unref);
  g_clear_pointer (&ctx->at_risk_ids, g_ptr_array_unref);
  g_clear_pointer (&ctx->own_free, g_hash_table_unref);
  g_clear_pointer (&ctx->members, g_array_unref);
  g_clear_pointer (&ctx->periods, g_array_unref);
  g_clear_pointer (&ctx->attended, g_hash_table_unref);
  if (ctx->strings != NULL)
    g_string_chunk_free (g_steal_pointer (&ctx->strings));
}

typedef gboolean (*SubjectFunc) (ChInsightsContext *ctx,
                                 GError           **error);

typedef struct
{
  const char  *name;
  SubjectFunc  compute;
} Subject;

/* In the order of the page: the members' pass first, then those that
 * count from it; the second list reads SQL only and may run on a thread
 * of its own beside the first (read_side()). */
static const Subject pass_subjects[] = {
  { "members' pass", ch_insights_members_read },
  { "growth", ch_insights_growth_compute },
  { "retention", ch_insights_retention_compute },
  { "conversion", ch_insights_conversion_compute },
  { "at-risk", ch_insights_at_risk_compute },
};

static const Subject side_subjects[] = {
  { "attended", ch_insights_at_risk_read },
  { "events", ch_insights_events_compute },
  { "leadership", ch_insights_leadership_compute },
  { "opportunities", ch_insights_opportunities_compute },
};

static gboolean
run_subjects (ChInsightsContext *ctx,
              const Subject     *subjects,
              guint              n,
              GError           **error)
{
  for (guint i = 0; i < n; i++)
    {
      gint64 t = g_get_monotonic_time ();
      double cpu = thread_cpu_ms ();
      gboolean ok = subjects[i].compute (ctx, error);

      g_debug ("%s: %.1f ms (CPU %.1f ms)", subjects[i].name,
               (g_get_monotonic_time () - t) / 1000.0, thread_cpu_ms () - cpu);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static ChInsightsTable *
figures_table_new (void)
{
  static const char *value_column[] = { N_("Value"), NULL };
  const char *columns[] = { _(value_column[0]), NULL };

  return ch_insights_table_new ("key-figures", _("Key Figures"), CH_INSIGHTS_TABLE_CHART_NONE,
                                FALSE, _("Figure"), columns);
}

static void
context_init_results (ChInsightsContext *ctx)
{
  ctx->tables = g_ptr_array_new_with_free_func (g_object_unref);
  ctx->figures = figures_table_new ();
  ctx->figure_keys = g_ptr_array_new_with_free_func (g_free);
  ctx->at_risk = g_ptr_array_new_with_free_func (g_object_unref);
  ctx->at_risk_ids = g_ptr_array_new_with_free_func (g_free);
}

/* The side's context: the same chapter, day and period, its own
 * connection and results. */
static void
context_init_side (ChInsightsContext *side,
                   ChInsightsContext *ctx,
                   ChStore           *store)
{
  side->store = store;
  side->db = ch_store_get_db (store);
  side->chapter_id = ctx->chapter_id;
  side->from = g_strdup (ctx->from);
  side->to = g_strdup (ctx->to);
  side->today = g_strdup (ctx->today);
  side->year_ago = g_strdup (ctx->year_ago);
  side->start24 = g_strdup (ctx->start24);
  side->now_utc = g_strdup (ctx->now_utc);
  side->due_by = g_strdup (ctx->due_by);
  side->six_months_ago = g_strdup (ctx->six_months_ago);
  side->cohort_start = g_strdup (ctx->cohort_start);
  side->grace = ctx->grace;
  context_init_results (side);
}

/* The side's tables and key figures after the pass's, as if counted by
 * one thread; who attended what goes to at risk. */
static void
context_take_side (ChInsightsContext *ctx,
                   ChInsightsContext *side)
{
  for (guint r = 0; r < ch_insights_table_get_n_rows (side->figures); r++)
    ch_insights_add_figure (ctx, side->figure_keys->pdata[r],
                            ch_insights_table_get_row (side->figures, r),
                            ch_insights_table_get_value (side->figures, r, 0),
                            ch_insights_table_get_text (side->figures, r, 0));
  for (guint i = 0; i < side->tables->len; i++)
    g_ptr_array_add (ctx->tables, g_object_ref (side->tables->pdata[i]));
}

/* Starts a read transaction on @a and one on @b that see the same
 * commit: a third connection holds the write lock meanwhile, so that no
 * writer commits between the two (SQLite 3.40 as Debian builds it has no
 * sqlite3_snapshot_open()).  It waits at most a moment for a writer;
 * FALSE, with neither begun, when it could not. */
static gboolean
begin_together (const char *path,
                sqlite3    *a,
                sqlite3    *b)
{
  static const char read_sql[] = "BEGIN; SELECT count(*) FROM sqlite_schema";
  sqlite3 *lock = NULL;
  gboolean a_begun = FALSE, b_begun = FALSE;

  if (sqlite3_open_v2 (path, &lock, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) ==
      SQLITE_OK)
    {
      sqlite3_busy_timeout (lock, 250);
      if (sqlite3_exec (lock, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK)
        {
          a_begun = sqlite3_exec (a, read_sql, NULL, NULL, NULL) == SQLITE_OK;
          b_begun = a_begun && sqlite3_exec (b, read_sql, NULL, NULL, NULL) == SQLITE_OK;
          sqlite3_exec (lock, "ROLLBACK", NULL, NULL, NULL);
        }
    }
  sqlite3_close (lock);

  if (a_begun && b_begun)
    return TRUE;
  if (a_begun)
    sqlite3_exec (a, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

typedef struct
{
  ChInsightsContext *ctx;
  GError            *error;
} Side;

static gpointer
side_thread (gpointer data)
{
  Side *side = data;

  return GINT_TO_POINTER (run_subjects (side->ctx, side_subjects, G_N_ELEMENTS (side_subjects),
                                        &side->error));
}

/* Every subject in one read transaction: every figure counts the same
 * snapshot, even while the window or a sync writes.  With @side_store (a
 * second connection to the same file) the SQL-only subjects count on a
 * thread of their own, in a transaction that sees the same commit. */
static gboolean
count_all (ChInsightsContext  *ctx,
           ChStore            *side_store,
           GError            **error)
{
  gboolean own = sqlite3_get_autocommit (ctx->db) != 0;
  ChInsightsContext side_ctx = { 0 };
  Side side = { &side_ctx, NULL };
  GThread *thread = NULL;
  gboolean ok = TRUE;

  if (own && side_store != NULL)
    {
      context_init_side (&side_ctx, ctx, side_store);
      if (begin_together (ch_store_get_path (ctx->store), ctx->db, side_ctx.db))
        thread = g_thread_new ("ch-insights-side", side_thread, &side);
    }
  if (thread == NULL)
    ok = !own || ch_store_exec (ctx->store, "BEGIN", error);

  /* At risk, the pass's last, needs who attended what from the side. */
  if (ok)
    ok = run_subjects (ctx, pass_subjects, G_N_ELEMENTS (pass_subjects) - 1, error);
  if (thread != NULL)
    {
      gboolean side_ok = GPOINTER_TO_INT (g_thread_join (thread));

      ch_store_exec (side_ctx.store, "COMMIT", NULL);
      if (ok && !side_ok)
        {
          g_propagate_error (error, g_steal_pointer (&side.error));
          ok = FALSE;
        }
      g_clear_error (&side.error);
      if (ok)
        {
          ctx->attended = g_steal_pointer (&side_ctx.attended);
          ok = run_subjects (ctx, &pass_subjects[G_N_ELEMENTS (pass_subjects) - 1], 1, error);
        }
      if (ok)
        context_take_side (ctx, &side_ctx);
    }
  else if (ok)
    ok = run_subjects (ctx, &pass_subjects[G_N_ELEMENTS (pass_subjects) - 1], 1, error) &&
         run_subjects (ctx, side_subjects, G_N_ELEMENTS (side_subjects), error);

  if (own)
    ch_store_exec (ctx->store, ok ? "COMMIT" : "ROLLBACK", NULL);
  context_clear (&side_ctx);
  return ok;
}

static ChInsights *
compute_for_day (ChStore     *store,
                 ChStore     *side_store,
                 const char  *chapter_id,
                 const char  *from,
                 const char  *to,
                 const char  *today,
                 GError     **error)
{
  g_autoptr(ChChapter) chapter = NULL;
  g_autoptr(ChInsights) self = NULL;
  g_autoptr(GDateTime) now = NULL;
  ChInsightsContext ctx = { 0 };
  gint64 started = g_get_monotonic_time ();

  if (!(chapter = ch_store_get_chapter (store, chapter_id, error)))
    return NULL;

  ctx.store = store;
  ctx.db = ch_store_get_db (store);
  ctx.chapter_id = chapter_id;
  ctx.today = g_strdup (today);
  if (from == NULL && to == NULL)
    ch_insights_period_dates (CH_INSIGHTS_PERIOD_LAST_12_MONTHS, today, &ctx.from, &ctx.to);
  else
    {
      ctx.from = g_strdup (from);
      ctx.to = g_strdup (to);
    }
  if (!ch_insights_check_period (ctx.from, ctx.to, today, error))
    {
      context_clear (&ctx);
      return NULL;
    }
  ctx.year_ago = shift (ctx.to, 0, -12);
  {
    g_autofree char *first = g_strdup_printf ("%.7s-01", ctx.to);
    ctx.start24 = shift (first, 0, -23);
  }
  ctx.due_by = shift (today, 60, 0);
  ctx.six_months_ago = shift (today, 0, -6);
  ctx.cohort_start = g_strdup_printf ("%04d-01-01", atoi (ctx.to) - 4);
  now = g_date_time_new_from_unix_utc (ch_clock_now_us () / G_USEC_PER_SEC);
  ctx.now_utc = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  ctx.grace = MAX (ch_chapter_get_grace_days (chapter), 0);
  context_init_results (&ctx);
  g_ptr_array_add (ctx.tables, g_object_ref (ctx.figures));

  if (!count_all (&ctx, side_store, error))
    {
      context_clear (&ctx);
      return NULL;
    }

  self = g_object_new (CH_TYPE_INSIGHTS, NULL);
  self->chapter_name = g_strdup (ch_chapter_get_name (chapter));
  self->from = g_steal_pointer (&ctx.from);
  self->to = g_steal_pointer (&ctx.to);
  self->today = g_steal_pointer (&ctx.today);
  self->tables = g_steal_pointer (&ctx.tables);
  self->figure_keys = g_steal_pointer (&ctx.figure_keys);
  self->at_risk = g_steal_pointer (&ctx.at_risk);
  g_ptr_array_add (ctx.at_risk_ids, NULL);
  self->at_risk_ids = (GStrv) g_ptr_array_free (g_steal_pointer (&ctx.at_risk_ids), FALSE);
  self->elapsed_us = g_get_monotonic_time () - started;
  context_clear (&ctx);

  return g_steal_pointer (&self);
}

ChInsights *
ch_insights_compute_for_day (ChStore     *store,
                             const char  *chapter_id,
                             const char  *from,
                             const char  *to,
                             const char  *today,
                             GError     **error)
{
  g_return_val_if_fail (CH_IS_STORE (store), NULL);
  g_return_val_if_fail (chapter_id != NULL, NULL);
  g_return_val_if_fail (today != NULL, NULL);

  return compute_for_day (store, NULL, chapter_id, from, to, today, error);
}

ChInsights *
ch_insights_compute (ChStore     *store,
                     const char  *chapter_id,
                     const char  *from,
                     const char  *to,
                     GError     **error)
{
  g_autofree char *today = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  today = ch_membership_today_iso (store, chapter_id);
  return ch_insights_compute_for_day (store, chapter_id, from, to, today, error);
}

typedef struct
{
  char *path;
  char *chapter_id;
  char *from;
  char *to;
} ComputeData;

static void
compute_data_free (ComputeData *data)
{
  g_free (data->path);
  g_free (data->chapter_id);
  g_free (data->from);
  g_free (data->to);
  g_free (data);
}

/* The worker's connection reads a big chapter's indexes once per count:
 * a larger page cache than the store's default keeps them in memory. */
static void
widen_cache (ChStore *store)
{
  ch_store_exec (store, "PRAGMA cache_size = -65536", NULL);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeData *data = task_data;
  g_autoptr(ChStore) store = NULL;
  g_autoptr(ChStore) side_store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *today = NULL;
  ChInsights *insights;

  /* A connection of its own: the worker never touches the window's. */
  if (!(store = ch_store_open_existing (data->path, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  widen_cache (store);
  /* And a second one for the subjects that count beside the members'
   * pass; without it they count after it. */
  side_store = ch_store_open_existing (data->path, NULL);
  today = ch_membership_today_iso (store, data->chapter_id);
  insights = compute_for_day (store, side_store, data->chapter_id, data->from, data->to, today,
                              &error);
  if (insights == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      /* Handed to the main thread through GTask (ch-tsan.h). */
      CH_TSAN_RELEASE (insights);
      g_task_return_pointer (task, insights, g_object_unref);
    }
}

void
ch_insights_compute_async (ChStore             *store,
                           const char          *chapter_id,
                           const char          *from,
                           const char          *to,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ComputeData *data;

  g_return_if_fail (CH_IS_STORE (store));
  g_return_if_fail (chapter_id != NULL);

  data = g_new0 (ComputeData, 1);
  data->path = g_strdup (ch_store_get_path (store));
  data->chapter_id = g_strdup (chapter_id);
  data->from = g_strdup (from);
  data->to = g_strdup (to);

  /* No source object: the worker sees only the copied strings. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ch_insights_compute_async);
  g_task_set_task_data (task, data, (GDestroyNotify) compute_data_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, compute_thread);
}

ChInsights *
ch_insights_compute_finish (GAsyncResult  *result,
                            GError       **error)
{
  ChInsights *insights;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  insights = g_task_propagate_pointer (G_TASK (result), error);
  if (insights != NULL)
    CH_TSAN_ACQUIRE (insights);
  return insights;
}

const char *
ch_insights_get_chapter_name (ChInsights *self)
{
  g_return_val_if_fail (CH_IS_INSIGHTS (self), NULL);
  return self->chapter_name;
}

const char *
ch_insights_get_from (ChInsights *self)
{
  g_return_val_if_fail (CH_IS_INSIGHTS (self), NULL);
  return self->from;
}

const char *
ch_insights_get_to (ChInsights *self)
{
  g_return_val_if_fail (CH_IS_INSIGHTS (self), NULL);
  return self->to;
}

const char *
ch_insights_get_today (ChInsights *self)
{
  g_return_val_if_fail (CH_IS_INSIGHTS (self), NULL);
  return self->today;
}

char *
ch_insights_dup_period_label (ChInsights *self)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_return_val_if_fail (CH_IS_INSIGHTS (self), NULL);

  from = ch_insights_date_label (self->from);
  to = ch_insights_date_label (self->to);
  /* Translators: a period, "1 Dec 2025 – 30 Nov 2026" */
  return g_strdup_printf (_("%s – %s"), from, to);
}

GPtrArray *
ch_insights_get_tables (ChInsights *self)
{
  g_return_val_if_fail (CH_IS_INSIGHTS (self), NULL);
  return self->tables;
}

ChInsightsTable *
ch_insights_get_table (ChInsights *self,
                       const char *key)
{
  g_return_val_if_fail (CH_IS_INSIGHTS (self), NULL);

  for (guint i = 0; i < self->tables->len; i++)
    if (g_strcmp0 (ch_insights_table_get_key (self->tables->pdata[i]), key) == 0)
      return self->tables->pdata[i];

  return NULL;
}

const char *
ch_insights_get_figure (ChInsights *self,
                        const char *key)
{
  g_return_val_if_fail (CH_IS_INSIGHTS (self), NULL);

  for (guint i = 0; i < self->figure_keys->len; i++)
    if (g_strcmp0 (self->figure_keys->pdata[i], key) == 0)
      return ch_insights_table_get_text (self->tables->pdata[0], i, 0);

  return NULL;
}

GPtrArray *
ch_insights_get_figure_keys (ChInsights *self)
{
  g_return_val_if_fail (CH_IS_INSIGHTS (self), NULL);
  return self->figure_keys;
}

GPtrArray *
ch_insights_get_at_risk (ChInsights *self)
{
  g_return_val_if_fail (CH_IS_INSIGHTS (self), NULL);
  return self->at_risk;
}

guint
ch_insights_get_n_at_risk (ChInsights *self)
{
  g_return_val_if_fail (CH_IS_INSIGHTS (self), 0);
  return g_strv_length (self->at_risk_ids);
}

typedef struct
{
  char  *path;
  GStrv  ids;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  g_strfreev (data->ids);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(ChStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *members;

  if (!(store = ch_store_open_existing (data->path, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  members = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; data->ids[i] != NULL; i++)
    {
      ChMember *member = ch_store_get_member (store, data->ids[i], NULL);

      if (member != NULL)
        g_ptr_array_add (members, member);
    }
  g_task_return_pointer (task, members, (GDestroyNotify) g_ptr_array_unref);
}

void
ch_insights_load_at_risk_async (ChInsights          *self,
                                ChStore             *store,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (CH_IS_INSIGHTS (self));
  g_return_if_fail (CH_IS_STORE (store));

  data = g_new0 (LoadData, 1);
  data->path = g_strdup (ch_store_get_path (store));
  data->ids = g_strdupv (self->at_risk_ids);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ch_insights_load_at_risk_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

GPtrArray *
ch_insights_load_at_risk_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gint64
ch_insights_get_elapsed_us (ChInsights *self)
{
  g_return_val_if_fail (CH_IS_INSIGHTS (self), 0);
  return self->elapsed_us;
}
