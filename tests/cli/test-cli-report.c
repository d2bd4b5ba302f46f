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
  char *anna;
  char *bo;
} Fixture;

static char *
days_from_today (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static char *
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
  return g_strstrip (g_strdup (run.out));
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
  f->anna = add_member (f, "Anna", "chapter", "2020-03-01", ahead);
  f->bo = add_member (f, "Bo", "chapter", "2021-05-01", ahead);
  g_free (add_member (f, "Cecilia", "chapter", "2019-01-01", behind));
  g_free (add_member (f, "Dan", "network", recent, NULL));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  sync_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->anna);
  g_free (f->bo);
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
  g_autofree char *given = days_from_today (-30);
  g_autofree char *accepted = days_from_today (-20);
  g_autofree char *won = days_from_today (-10);
  JsonArray *tables;
  gboolean found = FALSE;
  gboolean found_specialty = FALSE;

  /* Two opportunities a month ago, Azure, one of them won. */
  for (guint i = 0; i < 2; i++)
    {
      g_auto(SyncCliRun) run = { 0 };

      sync_cli (&run, f->db, "opportunities", "add", "--from", f->anna, "--to", f->bo,
                "--title", i == 0 ? "Landing zone" : "Migration", "--specialty", "Azure",
                "--given", given, NULL);
      g_assert_cmpint (run.status, ==, 0);
      if (i == 0)
        {
          g_autofree char *id = g_strstrip (g_strdup (run.out));
          g_auto(SyncCliRun) update = { 0 };

          sync_cli (&update, f->db, "opportunities", "update", id, "--status", "won", "--on",
                    won, "--accepted", accepted, NULL);
          g_assert_cmpint (update.status, ==, 0);
        }
    }

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
  g_assert_cmpstr (figure (report, "opportunities-given"), ==, "2");
  g_assert_cmpstr (figure (report, "opportunities-won"), ==, "1");
  for (guint i = 0; i < json_array_get_length (tables); i++)
    {
      JsonObject *table = json_array_get_object_element (tables, i);
      JsonArray *rows = json_object_get_array_member (table, "rows");
      JsonObject *row;

      if (g_strcmp0 (json_object_get_string_member (table, "key"),
                     "opportunities-specialties") != 0)
        continue;
      g_assert_cmpuint (json_array_get_length (rows), ==, 1);
      row = json_array_get_object_element (rows, 0);
      g_assert_cmpstr (json_object_get_string_member (row, "label"), ==, "Azure");
      g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (row, "texts"),
                                                      0), ==, "2");
      g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (row, "texts"),
                                                      1), ==, "1");
      found_specialty = TRUE;
    }
  g_assert_true (found_specialty);

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
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  gsize len = 0;

  sync_cli (&run, f->db, "report", "--paper", "letter", "-o", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (pdf, &contents, &len, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  if (pdftotext != NULL)
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
