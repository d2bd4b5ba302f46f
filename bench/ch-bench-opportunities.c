/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ch-bench-opportunities: the reads of the Opportunities page on a big
 * chapter: the ledger (all, and one member's), the givers' board of a
 * year, who can help with a specialty and the quarterly summary.
 *
 *   ch-bench-opportunities --dir DIR [--members N] [--opportunities M] [--reuse]
 *
 * Makes DIR/opportunities.db with N generated members (default 100,000)
 * and M opportunities between them (default 50,000, as if pulled from the
 * server; --reuse keeps the file of an earlier run), then times each read
 * through the core functions the window calls on its worker thread
 * (median of 5).  Prints key=value lines (milliseconds) on stdout.
 *
 * A benchmark, not a test: it never fails because something is slow.
 */
#define G_LOG_DOMAIN "ch-bench-opportunities"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "ch-demo.h"
#include "ch-givers-board.h"
#include "ch-opportunities.h"
#include "ch-opportunity-rule.h"
#include "ch-opportunity-summary.h"
#include "ch-store-private.h"
#include "ch-who-can-help.h"
#include "ch-date.h"
#include "ch-uuid.h"

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

typedef GPtrArray *(*Read) (ChStore *store, const char *chapter_id, const char *arg);

static GPtrArray *
read_ledger (ChStore *store, const char *chapter_id, const char *arg)
{
  ChOpportunityFilter filter = { .member_id = arg };

  return ch_opportunities_list (store, chapter_id, arg ? &filter : NULL, NULL);
}

static GPtrArray *
read_board (ChStore *store, const char *chapter_id, const char *arg)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  ch_opportunities_period_range (arg, &from, &to);
  return ch_givers_board_compute (store, chapter_id, from, to, NULL);
}

static GPtrArray *
read_helpers (ChStore *store, const char *chapter_id, const char *arg)
{
  return ch_who_can_help_find (store, chapter_id, arg, NULL);
}

static GPtrArray *
read_summary (ChStore *store, const char *chapter_id, const char *arg)
{
  return ch_opportunity_summary_by_quarter (store, chapter_id, NULL, NULL, NULL);
}

static void
time_read (const char *key,
           ChStore    *store,
           const char *chapter_id,
           Read        read,
           const char *arg)
{
  double ms[5];
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (ms); i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) rows = read (store, chapter_id, arg);

      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      n = rows ? rows->len : 0;
    }
  qsort (ms, G_N_ELEMENTS (ms), sizeof ms[0], compare_double);
  printf ("%s_ms=%.2f\n%s_rows=%u\n", key, ms[2], key, n);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  gint members = 100000, opportunities = 50000;
  gboolean reuse = FALSE;
  GOptionEntry entries[] = {
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Folder for the database", "DIR" },
    { "members", 0, 0, G_OPTION_ARG_INT, &members, "Members (default 100000)", "N" },
    { "opportunities", 0, 0, G_OPTION_ARG_INT, &opportunities, "Opportunities", "M" },
    { "reuse", 0, 0, G_OPTION_ARG_NONE, &reuse, "Keep the database of an earlier run", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time the opportunities' reads");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChStore) store = NULL;
  g_autoptr(ChChapter) chapter = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261203);
  g_autofree char *path = NULL;
  const char * const *bands = ch_opportunity_rule_bands ();
  const char *specialties[] = { "azure", "security", "modern-work", "data-ai", NULL };
  const char *chapter_id;
  gint64 start;
  GDate today;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || dir == NULL)
    {
      g_printerr ("ch-bench-opportunities: %s\n", error ? error->message : "--dir is needed");
      return EXIT_FAILURE;
    }

  path = g_build_filename (dir, "opportunities.db", NULL);
  if (!reuse || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      reuse = FALSE;
      g_remove (path);
    }
  if (!(store = ch_store_open (path, &error)))
    {
      g_printerr ("ch-bench-opportunities: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (reuse)
    {
      g_autoptr(GPtrArray) chapters = ch_store_list_chapters (store, NULL);

      chapter = g_object_ref (chapters->pdata[0]);
      chapter_id = ch_chapter_get_id (chapter);
      ids = ch_store_query_texts (store, NULL, "SELECT id FROM member WHERE chapter_id = ?",
                                  chapter_id, ch_store_sql_end);
      ch_date_today ("Europe/Stockholm", &today);
      goto timing;
    }

  fields = json_object_new ();
  json_object_set_string_member (fields, "name", "Bench Chapter");
  json_object_set_string_member (fields, "timezone", "Europe/Stockholm");
  json_object_set_string_member (fields, "currency", "SEK");
  chapter = ch_store_create_chapter (store, fields, &error);
  chapter_id = ch_chapter_get_id (chapter);

  start = g_get_monotonic_time ();
  if (!ch_demo_populate (store, chapter_id, members, 20261123, CH_DEMO_REMOTE, &error))
    {
      g_printerr ("ch-bench-opportunities: %s\n", error->message);
      return EXIT_FAILURE;
    }
  ids = ch_store_query_texts (store, NULL, "SELECT id FROM member WHERE chapter_id = ?",
                              chapter_id, ch_store_sql_end);
  ch_date_today ("Europe/Stockholm", &today);

  /* As if pulled from the server: one transaction, no outbox. */
  ch_store_begin (store, NULL);
  for (gint i = 0; i < opportunities; i++)
    {
      g_autoptr(JsonObject) row = json_object_new ();
      g_autofree char *id = ch_uuid_new_v7 ();
      g_autofree char *given_on = NULL;
      g_autofree char *closed_on = NULL;
      GDate day = today;

      g_date_subtract_days (&day, g_rand_int_range (rand, 30, 730));
      given_on = ch_date_format (&day);
      g_date_add_days (&day, 20);
      closed_on = ch_date_format (&day);
      json_object_set_string_member (row, "from_member_id",
                                     ids->pdata[g_rand_int_range (rand, 0, ids->len)]);
      json_object_set_string_member (row, "to_member_id",
                                     ids->pdata[g_rand_int_range (rand, 0, ids->len)]);
      json_object_set_string_member (row, "title", "Bench opportunity");
      json_object_set_string_member (row, "specialty", specialties[i % 4]);
      json_object_set_string_member (row, "value_band", bands[i % 4]);
      json_object_set_string_member (row, "given_on", given_on);
      json_object_set_string_member (row, "status", i % 3 ? "won" : "given");
      if (i % 3)
        {
          json_object_set_string_member (row, "accepted_on", given_on);
          json_object_set_string_member (row, "closed_on", closed_on);
        }
      if (!ch_store_apply_remote (store, chapter_id, "opportunity", id, i + 1, FALSE, row,
                                  &error))
        {
          g_printerr ("ch-bench-opportunities: %s\n", error->message);
          return EXIT_FAILURE;
        }
    }
  ch_store_commit (store, NULL);
  printf ("generate_s=%.1f\n", (g_get_monotonic_time () - start) / 1e6);

timing:
  time_read ("ledger_all", store, chapter_id, read_ledger, NULL);
  time_read ("ledger_member", store, chapter_id, read_ledger, ids->pdata[0]);
  {
    g_autofree char *year = g_strdup_printf ("%04u", g_date_get_year (&today));

    time_read ("board_year", store, chapter_id, read_board, year);
  }
  time_read ("who_can_help", store, chapter_id, read_helpers, "Azure");
  time_read ("summary", store, chapter_id, read_summary, NULL);

  return EXIT_SUCCESS;
}
