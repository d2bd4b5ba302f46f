/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ch-bench-insights — how long the Insights page takes to count every
 * figure of a big chapter, off the main thread as the window does it.
 *
 *   build/bench/ch-generate --db /tmp/big.db --members 100000
 *   build/bench/ch-bench-insights --db /tmp/big.db [--runs 5]
 *
 * ch-generate writes members and payments only (as pulled from a
 * server), so the first run here adds what a chapter of that size would
 * have had: a join period for every member, a free → paid upgrade for a
 * third of the paid ones, and 100 events over two years with 200
 * registrations each, most checked in.  Then it counts the figures
 * --runs times with ch_insights_compute_async() (a worker thread with its
 * own connection) and prints each run: "wall_ms" from the call to the
 * result back on the main loop, "compute_ms" the count alone (the
 * worker's wall time), "cpu_ms" the CPU time the process spent in the
 * run (the worker and the main loop; on a loaded machine the one figure
 * the other processes do not stretch much).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ch-insights.h"
#include "ch-store-private.h"
#include "ch-uuid.h"
#include "ch-date.h"
#include "ch-iso-date.h"

static gint64 version = 1000000000;

static gboolean
put (ChStore     *store,
     const char  *chapter_id,
     const char  *entity,
     JsonObject  *row,
     GError     **error)
{
  g_autofree char *id = ch_uuid_new_v7 ();

  return ch_store_apply_remote (store, chapter_id, entity, id, version++, FALSE, row, error);
}

static char *
shift (const char *iso,
       gint        days)
{
  GDate d;

  ch_date_parse (iso, &d);
  if (days >= 0)
    g_date_add_days (&d, days);
  else
    g_date_subtract_days (&d, -days);
  return ch_date_format (&d);
}

static gboolean
add_history (ChStore     *store,
             const char  *chapter_id,
             GError     **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (14);
  sqlite3_stmt *st = NULL;
  g_autofree char *today = ch_iso_date_from_days (ch_store_today_days (store, chapter_id));
  guint n = 0;

  if (sqlite3_prepare_v2 (ch_store_get_db (store),
                          "SELECT id, tier, joined_on, left_on FROM member "
                          "WHERE chapter_id = ? AND deleted = 0 AND joined_on IS NOT NULL",
                          -1, &st, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);

  if (!ch_store_begin (store, error))
    return FALSE;
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (st, 0);
      const char *tier = (const char *) sqlite3_column_text (st, 1);
      const char *joined = (const char *) sqlite3_column_text (st, 2);
      const char *left = (const char *) sqlite3_column_text (st, 3);
      g_autoptr(JsonObject) join = json_object_new ();

      g_ptr_array_add (ids, g_strdup (id));
      json_object_set_string_member (join, "member_id", id);
      json_object_set_string_member (join, "kind", "join");
      json_object_set_string_member (join, "starts_on", joined);
      if (g_strcmp0 (tier, "chapter") == 0 && n++ % 3 == 0)
        {
          g_autofree char *before = shift (joined, 99);
          g_autofree char *up = shift (joined, 100);
          g_autoptr(JsonObject) upgrade = json_object_new ();

          json_object_set_string_member (join, "tier", "network");
          json_object_set_string_member (join, "ends_on", before);
          json_object_set_string_member (upgrade, "member_id", id);
          json_object_set_string_member (upgrade, "kind", "upgrade");
          json_object_set_string_member (upgrade, "tier", "chapter");
          json_object_set_string_member (upgrade, "starts_on", up);
          if (left != NULL)
            json_object_set_string_member (upgrade, "ends_on", left);
          if (!put (store, chapter_id, "membership_period", upgrade, error))
            goto fail;
        }
      else
        {
          json_object_set_string_member (join, "tier", tier);
          if (left != NULL)
            json_object_set_string_member (join, "ends_on", left);
        }
      if (!put (store, chapter_id, "membership_period", join, error))
        goto fail;
    }
  sqlite3_finalize (st);
  st = NULL;

  for (guint e = 0; e < 100 && ids->len > 0; e++)
    {
      g_autofree char *day = shift (today, -7 * (gint) (100 - e));
      g_autofree char *starts = g_strdup_printf ("%sT16:00:00Z", day);
      g_autofree char *ends = g_strdup_printf ("%sT18:00:00Z", day);
      g_autofree char *event_id = ch_uuid_new_v7 ();
      g_autoptr(JsonObject) event = json_object_new ();

      json_object_set_string_member (event, "title", "Chapter Meeting");
      json_object_set_string_member (event, "starts_at", starts);
      json_object_set_string_member (event, "ends_at", ends);
      json_object_set_string_member (event, "timezone", "Europe/Stockholm");
      json_object_set_string_member (event, "format", "hybrid");
      json_object_set_string_member (event, "status", "published");
      if (!ch_store_apply_remote (store, chapter_id, "event", event_id, version++, FALSE, event,
                                  error))
        goto fail;
      for (guint r = 0; r < 200; r++)
        {
          g_autoptr(JsonObject) reg = json_object_new ();

          json_object_set_string_member (reg, "event_id", event_id);
          json_object_set_string_member (reg, "member_id",
                                         ids->pdata[g_rand_int_range (rand, 0, ids->len)]);
          json_object_set_string_member (reg, "mode", r % 3 == 0 ? "online" : "in-person");
          json_object_set_string_member (reg, "state", "registered");
          json_object_set_string_member (reg, "registered_at", starts);
          if (g_rand_double (rand) < 0.8)
            json_object_set_string_member (reg, "checked_in_at", starts);
          if (!put (store, chapter_id, "registration", reg, error))
            goto fail;
        }
    }

  return ch_store_commit (store, error);

fail:
  sqlite3_finalize (st);
  ch_store_rollback (store);
  return FALSE;
}

typedef struct
{
  GMainLoop  *loop;
  ChInsights *insights;
  GError     *error;
} Run;

/* The process's CPU time, in ms. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Run *run = user_data;

  run->insights = ch_insights_compute_finish (result, &run->error);
  g_main_loop_quit (run->loop);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *db_path = NULL;
  gint runs = 5;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "The database ch-generate made", "PATH" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "How many times to count (default 5)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time the Insights figures");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChStore) store = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  const char *chapter_id;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || db_path == NULL)
    {
      g_printerr ("ch-bench-insights: %s\n", error ? error->message : "--db is required");
      return EXIT_FAILURE;
    }
  if (!(store = ch_store_open_existing (db_path, &error)) ||
      !(chapters = ch_store_list_chapters (store, &error)) || chapters->len == 0)
    {
      g_printerr ("ch-bench-insights: %s\n", error ? error->message : "no chapter");
      return EXIT_FAILURE;
    }
  chapter_id = ch_chapter_get_id (chapters->pdata[0]);

  if (ch_store_query_int (store, 0, "SELECT count(*) FROM membership_period",
                          ch_store_sql_end) == 0)
    {
      gint64 t = g_get_monotonic_time ();

      if (!add_history (store, chapter_id, &error))
        {
          g_printerr ("ch-bench-insights: %s\n", error ? error->message : "history");
          return EXIT_FAILURE;
        }
      g_print ("history_ms=%.0f\n", (g_get_monotonic_time () - t) / 1000.0);
    }
  g_print ("members=%" G_GINT64_FORMAT "\n",
           ch_store_query_int (store, 0, "SELECT count(*) FROM member", ch_store_sql_end));
  g_print ("periods=%" G_GINT64_FORMAT "\n",
           ch_store_query_int (store, 0, "SELECT count(*) FROM membership_period",
                               ch_store_sql_end));
  g_print ("registrations=%" G_GINT64_FORMAT "\n",
           ch_store_query_int (store, 0, "SELECT count(*) FROM registration", ch_store_sql_end));

  for (gint i = 0; i < runs; i++)
    {
      Run run = { loop, NULL, NULL };
      gint64 t = g_get_monotonic_time ();
      double cpu = cpu_ms ();

      ch_insights_compute_async (store, chapter_id, NULL, NULL, NULL, on_done_cb, &run);
      g_main_loop_run (loop);
      if (run.insights == NULL)
        {
          g_printerr ("ch-bench-insights: %s\n", run.error->message);
          return EXIT_FAILURE;
        }
      g_print ("run=%d wall_ms=%.1f compute_ms=%.1f cpu_ms=%.1f members_now=%s at_risk=%s\n",
               i + 1, (g_get_monotonic_time () - t) / 1000.0,
               ch_insights_get_elapsed_us (run.insights) / 1000.0, cpu_ms () - cpu,
               ch_insights_get_figure (run.insights, "members"),
               ch_insights_get_figure (run.insights, "at-risk"));
      g_object_unref (run.insights);
    }

  return EXIT_SUCCESS;
}
