/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ch-csv.h"
#include "ch-sheet.h"
#include "ch-test-util.h"

/*
 * The files a president brings to an import, as spreadsheets and other
 * systems write them (fixtures in tests/core/fixtures/import/, made by
 * make-fixtures.py and make-xlsx.c there): every encoding and delimiter
 * gives the same rows; a broken file gives an error that says what to do.
 */

static ChSheet *
open_fixture (const char  *name,
              guint        sheet,
              GError     **error)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "core", "fixtures", "import",
                                               name, NULL);

  return ch_sheet_new_from_file (path, sheet, error);
}

/* Fails unless row @index of @sheet is exactly @expected (NULL-ended). */
static void
assert_row (ChSheet    *sheet,
            guint       index,
            ...)
{
  g_auto(GStrv) row = ch_sheet_get_row (sheet, index);
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  const char *cell;
  va_list args;

  va_start (args, index);
  while ((cell = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (expected, (gpointer) cell);
  va_end (args);
  g_ptr_array_add (expected, NULL);

  g_assert_cmpstrv (row, (const char * const *) expected->pdata);
}

static void
assert_members_sheet (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChSheet) sheet = open_fixture (name, 0, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ch_sheet_get_format (sheet), ==, "csv");
  g_assert_cmpuint (ch_sheet_get_n_rows (sheet), ==, 3);
  assert_row (sheet, 0, "First name", "Last name", "Email", "Company", NULL);
  assert_row (sheet, 1, "Anna", "Öberg", "anna@example.se", "Contoso AB", NULL);
  assert_row (sheet, 2, "Jean", "Dupré", "jean@example.fr", "Fabrikam", NULL);
}

static void
test_csv_encodings (void)
{
  assert_members_sheet ("utf8.csv");
  assert_members_sheet ("utf8-bom-semicolon.csv");
  assert_members_sheet ("utf16le.tsv");
  assert_members_sheet ("utf16be.csv");
}

static void
test_csv_windows_1252 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChSheet) sheet = open_fixture ("cp1252.csv", 0, &error);

  g_assert_no_error (error);
  assert_row (sheet, 0, "Nom", "Prénom", "Cotisation", NULL);
  assert_row (sheet, 1, "Dupré", "Zoë", "€ 50", NULL);
}

static void
test_csv_quoted (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChSheet) sheet = open_fixture ("quoted.csv", 0, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ch_sheet_get_n_rows (sheet), ==, 3);
  assert_row (sheet, 1, "Smith, Jane", "She said \"hi\"\r\nand left", "Contoso, Inc.", NULL);
  assert_row (sheet, 2, "Bob", "", "Fabrikam", NULL);
}

static void
test_csv_ragged (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChSheet) sheet = open_fixture ("ragged.csv", 0, &error);

  /* The blank line and the line of empty cells are left out. */
  g_assert_no_error (error);
  g_assert_cmpuint (ch_sheet_get_n_rows (sheet), ==, 4);
  assert_row (sheet, 0, "a", "b", "c", NULL);
  assert_row (sheet, 1, "1", NULL);
  assert_row (sheet, 2, "1", "2", "3", "4", "5", NULL);
  assert_row (sheet, 3, "x", "y", NULL);
}

static void
test_csv_empty_and_header_only (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChSheet) empty = open_fixture ("empty.csv", 0, &error);
  g_autoptr(ChSheet) header = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (ch_sheet_get_n_rows (empty), ==, 0);

  header = open_fixture ("header-only.csv", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ch_sheet_get_n_rows (header), ==, 1);
  assert_row (header, 0, "First name", "Last name", "E-mail", NULL);
}

static void
test_csv_invalid_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChSheet) sheet = open_fixture ("invalid-utf8.csv", 0, &error);

  g_assert_null (sheet);
  g_assert_error (error, CH_CSV_ERROR, CH_CSV_ERROR_ENCODING);
  g_assert_cmpstr (error->message, ==,
                   "Line 3 is not valid UTF-8 text. Save the file as “CSV UTF-8” "
                   "and import it again.");
}

static void
test_csv_unclosed_quote (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChSheet) sheet = open_fixture ("unclosed.csv", 0, &error);

  g_assert_null (sheet);
  g_assert_error (error, CH_CSV_ERROR, CH_CSV_ERROR_UNCLOSED);
  g_assert_cmpstr (error->message, ==,
                   "The quoted value that starts on line 2 is never closed. "
                   "Check the quotes in the file and import it again.");
}

static void
test_csv_megabyte_line (void)
{
  g_autoptr(GString) text = g_string_new ("Name;Notes\r\nAnna;\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChSheet) sheet = NULL;
  g_auto(GStrv) row = NULL;

  for (guint i = 0; i < 1024 * 1024 / 8; i++)
    g_string_append (text, i % 100 == 99 ? "ab;\"\"d\n" : "abcdefgh");
  g_string_append (text, "\"\r\nBob;short\r\n");

  sheet = ch_sheet_new_from_data ("long.csv", text->str, text->len, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ch_sheet_get_n_rows (sheet), ==, 3);
  row = ch_sheet_get_row (sheet, 1);
  g_assert_cmpuint (g_strv_length (row), ==, 2);
  g_assert_cmpuint (strlen (row[1]), >, 1000 * 1000);
  g_assert_true (g_str_has_prefix (row[1], "abcdefgh"));
  assert_row (sheet, 2, "Bob", "short", NULL);
}

static void
test_csv_binary (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChSheet) sheet = ch_sheet_new_from_data ("x.csv", "a,b\0c", 5, 0, &error);

  g_assert_null (sheet);
  g_assert_error (error, CH_CSV_ERROR, CH_CSV_ERROR_BINARY);
  g_assert_cmpstr (error->message, ==,
                   "This is not a text file. Choose a CSV, TSV, XLSX or ODS file.");
}

static void
test_csv_write_neutralises_formulas (void)
{
  const char *cells[] = { "=HYPERLINK(\"http://x\")", "+46 70", "-1", "@SUM(A1)",
                          "Contoso, Inc.", "say \"hi\"", "plain", NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChCsv) csv = NULL;
  g_auto(GStrv) row = NULL;

  ch_csv_append_row (out, cells, g_strv_length ((GStrv) cells), ',');
  g_assert_cmpstr (out->str, ==,
                   "\"'=HYPERLINK(\"\"http://x\"\")\",\"'+46 70\",\"'-1\",\"'@SUM(A1)\","
                   "\"Contoso, Inc.\",\"say \"\"hi\"\"\",plain\r\n");

  /* Read back, each cell is itself behind the apostrophe. */
  csv = ch_csv_new_from_data (out->str, out->len, 0, &error);
  g_assert_no_error (error);
  row = ch_csv_get_row (csv, 0);
  g_assert_cmpstr (row[0], ==, "'=HYPERLINK(\"http://x\")");
  g_assert_cmpstr (row[4], ==, "Contoso, Inc.");
  g_assert_cmpstr (row[5], ==, "say \"hi\"");
}

static void
test_xlsx (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChSheet) sheet = open_fixture ("members.xlsx", 1, &error);
  const char *names[] = { "Read me", "Membership Master Sheet", NULL };

  g_assert_no_error (error);
  g_assert_cmpstr (ch_sheet_get_format (sheet), ==, "xlsx");
  g_assert_cmpstrv (ch_sheet_get_sheet_names (sheet), names);
  g_assert_cmpuint (ch_sheet_get_n_rows (sheet), ==, 3);
  assert_row (sheet, 0, "First Name", "Last Name", "E-mail Address", "Member Since",
              "Mobile", "Dues", NULL);
  assert_row (sheet, 1, "Astrid", "Lindqvist", "astrid@contoso.example", "2021-03-15",
              "46701234567", "0.3", NULL);
  assert_row (sheet, 2, "Björn", "", "bjorn@fabrikam.example", NULL);
}

static void
test_xlsx_first_sheet_and_missing_sheet (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChSheet) first = open_fixture ("members.xlsx", 0, &error);
  g_autoptr(ChSheet) missing = NULL;

  g_assert_no_error (error);
  assert_row (first, 0, "Not the members", NULL);

  missing = open_fixture ("members.xlsx", 5, &error);
  g_assert_null (missing);
  g_assert_error (error, CH_SHEET_ERROR, CH_SHEET_ERROR_NO_SHEET);
  g_assert_cmpstr (error->message, ==, "There is no sheet 6: the workbook has 2 sheets.");
}

static void
test_ods (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChSheet) sheet = open_fixture ("members.ods", 1, &error);
  const char *names[] = { "Notes", "Members", NULL };

  g_assert_no_error (error);
  g_assert_cmpstr (ch_sheet_get_format (sheet), ==, "ods");
  g_assert_cmpstrv (ch_sheet_get_sheet_names (sheet), names);
  /* The million repeated empty rows are not made. */
  g_assert_cmpuint (ch_sheet_get_n_rows (sheet), ==, 3);
  assert_row (sheet, 0, "Förnamn", "Efternamn", "E-post", "Medlem sedan", "Telefon", NULL);
  assert_row (sheet, 1, "Sven", "Ek  lund", "sven@example.se", "2022-05-17",
              "46701234567", NULL);
  assert_row (sheet, 2, "", "", "last@example.se\nsecond line", NULL);
}

static void
test_not_a_spreadsheet (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChSheet) zip = open_fixture ("not-a-sheet.zip", 0, &error);
  g_autoptr(ChSheet) xls = NULL;

  g_assert_null (zip);
  g_assert_error (error, CH_SHEET_ERROR, CH_SHEET_ERROR_FORMAT);
  g_assert_cmpstr (error->message, ==,
                   "This file is a zip archive but not a spreadsheet. "
                   "Choose a CSV, TSV, XLSX or ODS file.");
  g_clear_error (&error);

  xls = ch_sheet_new_from_data ("old.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1....", 12, 0,
                                &error);
  g_assert_null (xls);
  g_assert_error (error, CH_SHEET_ERROR, CH_SHEET_ERROR_FORMAT);
}

int
main (int    argc,
      char **argv)
{
  test_init_c_locale (&argc, &argv);

  g_test_add_func ("/sheet/csv/encodings", test_csv_encodings);
  g_test_add_func ("/sheet/csv/windows-1252", test_csv_windows_1252);
  g_test_add_func ("/sheet/csv/quoted", test_csv_quoted);
  g_test_add_func ("/sheet/csv/ragged", test_csv_ragged);
  g_test_add_func ("/sheet/csv/empty-and-header-only", test_csv_empty_and_header_only);
  g_test_add_func ("/sheet/csv/invalid-utf8", test_csv_invalid_utf8);
  g_test_add_func ("/sheet/csv/unclosed-quote", test_csv_unclosed_quote);
  g_test_add_func ("/sheet/csv/megabyte-line", test_csv_megabyte_line);
  g_test_add_func ("/sheet/csv/binary", test_csv_binary);
  g_test_add_func ("/sheet/csv/write-neutralises-formulas", test_csv_write_neutralises_formulas);
  g_test_add_func ("/sheet/xlsx/chosen-sheet", test_xlsx);
  g_test_add_func ("/sheet/xlsx/first-and-missing-sheet", test_xlsx_first_sheet_and_missing_sheet);
  g_test_add_func ("/sheet/ods/chosen-sheet", test_ods);
  g_test_add_func ("/sheet/not-a-spreadsheet", test_not_a_spreadsheet);

  return g_test_run ();
}
