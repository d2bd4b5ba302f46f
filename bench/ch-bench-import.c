/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ch-bench-import: how fast a large CSV file comes in through the core
 * path the window and the CLI use (ChSheet, ChImport and its writer: each
 * member with its join period and imported payment, and their outbox
 * entries, one transaction).
 *
 *   ch-bench-import --dir DIR [--rows N]
 *
 * Writes DIR/members.csv (N rows, default 1,000,000: names, e-mail,
 * company, city, tier, member since, paid until), imports it into a new
 * chapter of DIR/import.db, and for comparison inserts the same rows with
 * plain prepared INSERTs into a table of DIR/raw.db.  Then the floor:
 * SQLite alone storing exactly the rows the import stored (copied from
 * import.db with INSERT … SELECT into DIR/floor.db, same tables, indexes
 * and search index, the member indexes made at the end as the import's
 * bulk path does), and the least any searchable member list would store
 * (the member rows and a search index without prefix indexes; nothing for
 * sync, Undo, sorting or statuses).  Neither floor parses, checks or
 * builds anything.  Prints key=value lines on stdout (times in seconds);
 * details on stderr.
 *
 * A benchmark, not a test: it never fails because something is slow.
 */
#define G_LOG_DOMAIN "ch-bench-import"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "ch-csv.h"
#include "ch-import.h"
#include "ch-store.h"
#include "ch-store-private.h"

static const char * const given[] = {
  "Anna", "Erik", "Maja", "Lars", "Sofia", "Jean", "Chloé", "Jürgen", "Łukasz", "Ana",
  "Giulia", "João", "Søren", "Ayşe", "Mei", "Priya",
};
static const char * const family[] = {
  "Lindqvist", "Müller", "Dupré", "Nowak", "Rossi", "Silva", "Kjær", "Çelik", "Ibáñez",
  "Dvořák", "Smith", "Nyberg",
};
static const char * const companies[] = {
  "Contoso AB", "Fabrikam GmbH", "Northwind SA", "Litware, Inc.", "Proseware", "Adatum",
};
static const char * const cities[] = {
  "Stockholm", "München", "Paris", "Kraków", "Milano", "Lisboa", "København",
};
static const char * const tiers[] = { "Chapter Member", "Network", "Honorary" };

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

/* CPU time of this process (user + system) in seconds: on a machine
 * shared with other work the wall clock says as much about the others as
 * about the import; the CPU time spent is what the import itself costs. */
static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static void
write_csv (const char *path,
           guint       rows)
{
  FILE *f = fopen (path, "w");
  g_autoptr(GString) line = g_string_new (NULL);
  const char *header[] = { "First name", "Last name", "Email", "Organization", "City",
                           "Membership level", "Member since", "Renewal due" };

  g_assert (f != NULL);
  ch_csv_append_row (line, header, G_N_ELEMENTS (header), ',');
  fputs (line->str, f);

  for (guint i = 0; i < rows; i++)
    {
      g_autofree char *email = g_strdup_printf ("member%u@example.org", i);
      /* Every person another: the family name gets letters from the row. */
      g_autofree char *surname = g_strdup_printf ("%s-%c%c%c%c%c",
                                                  family[(i / 16) % G_N_ELEMENTS (family)],
                                                  'a' + i % 26, 'a' + i / 26 % 26,
                                                  'a' + i / 676 % 26, 'a' + i / 17576 % 26,
                                                  'a' + i / 456976 % 26);
      g_autofree char *since = g_strdup_printf ("%04u-%02u-%02u", 2005 + i % 20, 1 + i % 12,
                                                1 + i % 28);
      g_autofree char *until = g_strdup_printf ("%04u-%02u-%02u", 2025 + i % 3, 1 + i % 12,
                                                1 + i % 28);
      const char *cells[] = { given[i % G_N_ELEMENTS (given)], surname, email,
                              companies[i % G_N_ELEMENTS (companies)],
                              cities[i % G_N_ELEMENTS (cities)],
                              tiers[i % G_N_ELEMENTS (tiers)], since, until };

      g_string_truncate (line, 0);
      ch_csv_append_row (line, cells, G_N_ELEMENTS (cells), ',');
      fputs (line->str, f);
    }

  fclose (f);
}

/* The same rows with plain INSERTs: what SQLite itself manages here. */
static double
raw_inserts (const char *path,
             ChSheet    *sheet,
             double     *cpu_s)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  guint n = ch_sheet_get_n_rows (sheet);
  gint64 start;
  double cpu_start;

  g_assert (sqlite3_open (path, &db) == SQLITE_OK);
  sqlite3_exec (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                "CREATE TABLE m (id INTEGER PRIMARY KEY, given TEXT, family TEXT, email TEXT, "
                "company TEXT, city TEXT, tier TEXT, since TEXT, until TEXT)", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO m (given, family, email, company, city, tier, since, "
                      "until) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", -1, &st, NULL);

  start = g_get_monotonic_time ();
  cpu_start = cpu_seconds ();
  sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  for (guint r = 1; r < n; r++)
    {
      g_auto(GStrv) cells = ch_sheet_get_row (sheet, r);

      for (int c = 0; c < 8 && cells[c]; c++)
        sqlite3_bind_text (st, c + 1, cells[c], -1, SQLITE_TRANSIENT);
      sqlite3_step (st);
      sqlite3_reset (st);
    }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_finalize (st);
  sqlite3_close (db);

  *cpu_s = cpu_seconds () - cpu_start;
  return seconds_since (start);
}

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("ch-bench-import: %s: %s", sql, message);
}

/* The floor: @path gets the tables of @source (the imported chapter), and
 * the rows are copied inside one transaction.  @least: only the member
 * rows and a search index without prefix indexes.  Returns CPU seconds of
 * the copy and the commit. */
static double
floor_copy (const char *path,
            const char *source,
            gboolean    least)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) member_indexes = g_ptr_array_new_with_free_func (g_free);
  char *attach;
  double cpu_start;

  g_assert (sqlite3_open (path, &db) == SQLITE_OK);
  exec_or_die (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                   "PRAGMA cache_size=-65536");
  attach = sqlite3_mprintf ("ATTACH %Q AS src", source);
  exec_or_die (db, attach);
  sqlite3_free (attach);

  /* Tables and indexes as the store made them; no triggers (they call the
   * store's own SQL functions, and the copy is of their results). */
  g_assert (sqlite3_prepare_v2 (db, "SELECT type, name, tbl_name, sql FROM src.sqlite_master "
                                "WHERE sql IS NOT NULL AND type IN ('table', 'index') "
                                "AND name NOT LIKE 'member\\_fts%' ESCAPE '\\' "
                                "AND name <> 'sqlite_sequence' ORDER BY type DESC",
                                -1, &st, NULL) == SQLITE_OK);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      const char *type = (const char *) sqlite3_column_text (st, 0);
      const char *name = (const char *) sqlite3_column_text (st, 1);
      const char *table = (const char *) sqlite3_column_text (st, 2);
      const char *sql = (const char *) sqlite3_column_text (st, 3);

      if (least && g_strcmp0 (name, "member") != 0)
        continue;
      if (g_str_equal (type, "table"))
        {
          exec_or_die (db, sql);
          g_ptr_array_add (tables, g_strdup (name));
        }
      else if (g_str_equal (table, "member"))
        g_ptr_array_add (member_indexes, g_strdup (sql));
      else
        exec_or_die (db, sql);
    }
  sqlite3_finalize (st);

  if (least)
    exec_or_die (db, "CREATE VIRTUAL TABLE member_fts USING fts5 (given_name, family_name, "
                     "company, email, city, specialties, "
                     "tokenize = \"unicode61 remove_diacritics 2\")");
  else
    {
      g_assert (sqlite3_prepare_v2 (db, "SELECT sql FROM src.sqlite_master "
                                    "WHERE name = 'member_fts'", -1, &st, NULL) == SQLITE_OK);
      g_assert (sqlite3_step (st) == SQLITE_ROW);
      exec_or_die (db, (const char *) sqlite3_column_text (st, 0));
      sqlite3_finalize (st);
    }

  cpu_start = cpu_seconds ();
  exec_or_die (db, "BEGIN IMMEDIATE");
  for (guint i = 0; i < tables->len; i++)
    {
      char *copy = sqlite3_mprintf ("INSERT INTO main.%w SELECT * FROM src.%w",
                                    (char *) g_ptr_array_index (tables, i),
                                    (char *) g_ptr_array_index (tables, i));

      exec_or_die (db, copy);
      sqlite3_free (copy);
    }
  exec_or_die (db, "INSERT INTO member_fts (rowid, given_name, family_name, company, email, "
                   "city, specialties) SELECT rowid, given_name, family_name, company, email, "
                   "city, specialties FROM src.member_fts");
  for (guint i = 0; i < member_indexes->len; i++)
    exec_or_die (db, g_ptr_array_index (member_indexes, i));
  exec_or_die (db, "COMMIT");
  cpu_start = cpu_seconds () - cpu_start;

  sqlite3_close (db);
  return cpu_start;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  gint rows = 1000000;
  GOptionEntry entries[] = {
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Where the files go", "DIR" },
    { "rows", 0, 0, G_OPTION_ARG_INT, &rows, "Rows of the CSV file", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL, *db = NULL, *raw = NULL, *floor = NULL, *least = NULL;
  g_autoptr(ChStore) store = NULL;
  g_autoptr(ChChapter) chapter = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(ChSheet) sheet = NULL;
  g_autoptr(ChImport) import = NULL;
  g_autoptr(ChImportResult) result = NULL;
  double load_s, import_s, raw_s, import_cpu_s, raw_cpu_s, floor_cpu_s, least_cpu_s;
  gint64 start;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || dir == NULL || rows < 1)
    {
      g_printerr ("usage: ch-bench-import --dir DIR [--rows N]\n");
      return 2;
    }

  g_mkdir_with_parents (dir, 0700);
  csv = g_build_filename (dir, "members.csv", NULL);
  db = g_build_filename (dir, "import.db", NULL);
  raw = g_build_filename (dir, "raw.db", NULL);
  floor = g_build_filename (dir, "floor.db", NULL);
  least = g_build_filename (dir, "least.db", NULL);
  for (guint i = 0; i < 3; i++)
    {
      const char *suffix[] = { "", "-wal", "-shm" };
      const char *paths[] = { db, raw, floor, least };

      for (guint j = 0; j < G_N_ELEMENTS (paths); j++)
        {
          g_autofree char *a = g_strconcat (paths[j], suffix[i], NULL);

          g_unlink (a);
        }
    }

  g_printerr ("ch-bench-import: writing %d rows to %s…\n", rows, csv);
  write_csv (csv, (guint) rows);

  store = ch_store_open (db, &error);
  g_assert_no_error (error);
  json_object_set_string_member (fields, "name", "Bench Chapter");
  json_object_set_string_member (fields, "timezone", "Europe/Stockholm");
  json_object_set_string_member (fields, "currency", "SEK");
  chapter = ch_store_create_chapter (store, fields, &error);
  g_assert_no_error (error);

  g_printerr ("ch-bench-import: reading the file…\n");
  start = g_get_monotonic_time ();
  sheet = ch_sheet_new_from_file (csv, 0, &error);
  g_assert_no_error (error);
  load_s = seconds_since (start);

  g_printerr ("ch-bench-import: importing…\n");
  start = g_get_monotonic_time ();
  import_cpu_s = cpu_seconds ();
  import = ch_import_new (store, ch_chapter_get_id (chapter), sheet, &error);
  g_assert_no_error (error);
  result = ch_import_run (import, FALSE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  import_s = seconds_since (start);
  import_cpu_s = cpu_seconds () - import_cpu_s;

  g_printerr ("ch-bench-import: raw inserts for comparison…\n");
  raw_s = raw_inserts (raw, sheet, &raw_cpu_s);
  g_clear_object (&import);
  g_clear_object (&store);
  g_printerr ("ch-bench-import: the floor: the same rows copied by SQLite alone…\n");
  floor_cpu_s = floor_copy (floor, db, FALSE);
  least_cpu_s = floor_copy (least, db, TRUE);

  printf ("rows=%d\n", rows);
  printf ("created=%u\n", ch_import_result_get_count (result, CH_IMPORT_OUTCOME_CREATED));
  printf ("failed=%u\n", ch_import_result_get_count (result, CH_IMPORT_OUTCOME_FAILED));
  printf ("read_s=%.2f\n", load_s);
  printf ("import_s=%.2f\n", import_s);
  printf ("import_rows_per_s=%.0f\n", rows / import_s);
  printf ("read_and_import_rows_per_s=%.0f\n", rows / (load_s + import_s));
  printf ("raw_insert_rows_per_s=%.0f\n", rows / raw_s);
  printf ("fraction_of_raw=%.3f\n", raw_s / import_s);
  /* The same by CPU time: steadier on a loaded machine. */
  printf ("import_cpu_s=%.2f\n", import_cpu_s);
  printf ("import_rows_per_cpu_s=%.0f\n", rows / import_cpu_s);
  printf ("raw_insert_rows_per_cpu_s=%.0f\n", rows / raw_cpu_s);
  printf ("fraction_of_raw_cpu=%.3f\n", raw_cpu_s / import_cpu_s);
  /* What SQLite alone needs to store what the import stores, and the
   * least a searchable member list stores: the ceilings of any import. */
  printf ("floor_cpu_s=%.2f\n", floor_cpu_s);
  printf ("floor_rows_per_cpu_s=%.0f\n", rows / floor_cpu_s);
  printf ("fraction_of_floor_cpu=%.3f\n", floor_cpu_s / import_cpu_s);
  printf ("least_floor_rows_per_cpu_s=%.0f\n", rows / least_cpu_s);

  return 0;
}
