/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-report"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ch-sync-test.h"

/*
 * chapterhouse-cli report as a president or a script runs it: the figures
 * as JSON, every table as CSV, the one-page PDF for headquarters, and
 * clear refusals of a bad period, format or paper.
 */

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static char *
days_from_today (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static void
add_member (Fixture    *f,
            const char *given,
            const char *tier,
            const char *joined,
            const char *paid_until)
{
  g_auto(SyncCliRun) run = { 0 };

  if (paid_until != NULL)
    sync_cli (&run, f->db, "members", "add", "--given", given, "--family", "Berg",
              "--tier", tier, "--joined", joined, "--paid-until", paid_until, NULL);
  else
    sync_cli (&run, f->db, "members", "add", "--given", given, "--family", "Berg",
              "--tier", tier, "--joined", joined, NULL);
  g_assert_cmpint (run.status, ==, 0);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_auto(SyncCliRun) run = { 0 };
  g_autofree char *ahead = days_from_today (200);
  g_autofree char *behind = days_from_today (-200);
  g_autofree char *recent = days_from_today (-40);

  f->dir = sync_test_make_tmp_dir ();
  f->db = g_build_filename (f->dir, "officer.db", NULL);
  sync_cli (&run, f->db, "chapter", "create", "--name", "IAMCP Sweden", "--country", "SE",
            "--timezone", "Europe/Stockholm", "--currency", "SEK", "--dues", "150000", NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* Two paid members, one lapsed long ago, one on the free tier who
   * joined six weeks ago: three members now, one joined in the year. */
  add_member (f, "Anna", "chapter", "2020-03-01", ahead);
  add_member (f, "Bo", "chapter", "2021-05-01", ahead);
  add_member (f, "Cecilia", "chapter", "2019-01-01", behind);
  add_member (f, "Dan", "network", recent, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  sync_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

static const char *
figure (JsonObject *report,
        const char *key)
{
  JsonObject *figures = json_object_get_object_member (report, "figures");

  return json_object_get_string_member (json_object_get_object_member (figures, key), "text");
}

static void
test_report_json_csv (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(SyncCliRun) json = { 0 };
  g_auto(SyncCliRun) csv = { 0 };
  g_autoptr(JsonObject) report = NULL;
  g_autofree char *today = NULL;
  JsonArray *tables;
  gboolean found = FALSE;

  sync_cli (&json, f->db, "report", "--format", "json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  report = sync_cli_json_object (&json);
  g_assert_cmpstr (json_object_get_string_member (report, "chapter"), ==, "IAMCP Sweden");
  g_assert_cmpstr (figure (report, "members"), ==, "3");
  g_assert_cmpstr (figure (report, "joined"), ==, "1");
  tables = json_object_get_array_member (report, "tables");
  for (guint i = 0; i < json_array_get_length (tables); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (tables, i),
                                                  "key"), "growth-tiers") == 0)
      found = TRUE;
  g_assert_true (found);

  /* A period of its own. */
  today = g_strdup (json_object_get_string_member (report, "to"));
  sync_cli (&csv, f->db, "report", "--format", "csv", "--from", "2021-01-01", "--to", today,
            NULL);
  g_assert_cmpint (csv.status, ==, 0);
  g_assert_nonnull (strstr (csv.out, "Key Figures\r\nFigure,Value\r\n"
                                     "Members at the end of the period,3\r\n"
                                     "Joined in the period,2\r\n"));
  g_assert_nonnull (strstr (csv.out, "Members by Tier\r\nMonth,Network,Chapter,Honorary\r\n"));
}

static void
test_report_pdf (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(SyncCliRun) run = { 0 };
  g_autofree char *pdf = g_build_filename (f->dir, "report.pdf", NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;

  sync_cli (&run, f->db, "report", "--paper", "letter", "-o", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (pdf, &contents, &len, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  if (g_find_program_in_path ("pdftotext") != NULL)
    {
      const char *argv[] = { "pdftotext", pdf, "-", NULL };
      g_autofree char *text = NULL;
      int status = -1;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                   &text, NULL, &status, NULL));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_nonnull (strstr (text, "IAMCP Sweden"));
      g_assert_nonnull (strstr (text, "Members at the end of the period"));
    }
}

static void
test_report_refuses (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(SyncCliRun) format = { 0 };
  g_auto(SyncCliRun) no_file = { 0 };
  g_auto(SyncCliRun) date = { 0 };
  g_auto(SyncCliRun) backwards = { 0 };
  g_auto(SyncCliRun) paper = { 0 };

  sync_cli (&format, f->db, "report", "--format", "xlsx", NULL);
  g_assert_cmpint (format.status, ==, 2);
  g_assert_nonnull (strstr (format.err, "--format is pdf, csv or json, not “xlsx”"));

  sync_cli (&no_file, f->db, "report", NULL);
  g_assert_cmpint (no_file.status, ==, 2);
  g_assert_nonnull (strstr (no_file.err, "A PDF needs a file: add -o FILE.pdf"));

  sync_cli (&date, f->db, "report", "--format", "json", "--from", "2026-13-01", NULL);
  g_assert_cmpint (date.status, ==, 3);

  sync_cli (&backwards, f->db, "report", "--format", "json", "--from", "2025-06-01",
            "--to", "2025-01-01", NULL);
  g_assert_cmpint (backwards.status, ==, 3);
  g_assert_nonnull (strstr (backwards.err, "The period starts after it ends."));

  sync_cli (&paper, f->db, "report", "--paper", "a3", "-o", "x.pdf", NULL);
  g_assert_cmpint (paper.status, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  g_test_add ("/cli/report/json-csv", Fixture, NULL, fixture_setup, test_report_json_csv,
              fixture_teardown);
  g_test_add ("/cli/report/pdf", Fixture, NULL, fixture_setup, test_report_pdf,
              fixture_teardown);
  g_test_add ("/cli/report/refuses", Fixture, NULL, fixture_setup, test_report_refuses,
              fixture_teardown);

  return g_test_run ();
}
