/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "ch-export.h"
#include "ch-import.h"
#include "ch-member-data.h"
#include "ch-payments.h"
#include "ch-sheet.h"
#include "ch-specialties.h"
#include "ch-store-erase.h"
#include "ch-test-util.h"

static char *
bytes_text (GBytes *bytes)
{
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static guint
count_of (const char *haystack,
          gsize       length,
          const char *needle)
{
  gsize n = strlen (needle);
  guint count = 0;

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (haystack + i, needle, n) == 0)
      count++;

  return count;
}

static char *
add_payment (StoreFixture *f,
             const char   *member_id,
             const char   *json)
{
  g_autoptr(JsonObject) fields = test_json (json);
  g_autoptr(GError) error = NULL;
  char *id = NULL;

  g_assert_true (ch_payments_record (f->store, member_id, fields, &id, &error));
  g_assert_no_error (error);
  return id;
}

/* XLSX keeps real dates, numbers and booleans, and reads back through
 * the importer into another chapter without a manual mapping. */
static void
test_xlsx_round_trip (StoreFixture  *f,
                      gconstpointer  data)
{
  static const char * const compared[] = {
    "given_name", "family_name", "email", "phone", "company", "city", "country", "tier",
    "joined_on", "dues_paid_until", "birth_year", "consent_directory", "consent_email", "notes",
  };
  g_autoptr(JsonObject) fields = test_json (
    "{'given_name': 'Åsa', 'family_name': 'Öberg', 'email': 'asa@example.se',"
    " 'phone': '+46 70 123', 'company': '=SUM(A1)', 'city': 'Malmö', 'country': 'SE',"
    " 'tier': 'chapter', 'joined_on': '2020-02-29', 'dues_paid_until': '2026-12-31',"
    " 'birth_year': 1980, 'consent_directory': true, 'consent_email': false,"
    " 'notes': 'two\\nlines'}");
  g_autoptr(JsonObject) chapter_fields = test_json (
    "{'name': 'Other Chapter', 'timezone': 'Europe/Stockholm', 'currency': 'SEK'}");
  g_autoptr(ChMemberList) list = ch_member_list_new (f->store, f->chapter_id);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) xlsx = NULL;
  g_autoptr(ChSheet) sheet = NULL;
  g_autoptr(ChImport) import = NULL;
  g_autoptr(ChImportResult) result = NULL;
  g_autoptr(ChChapter) other = ch_store_create_chapter (f->store, chapter_fields, &error);
  g_autoptr(ChMember) before = NULL;
  g_autoptr(ChMember) after = NULL;
  g_autofree char *id = NULL;
  g_autofree char *copy_id = NULL;

  g_assert_no_error (error);
  id = test_add_member_fields (f->store, f->chapter_id, fields);
  g_assert_true (ch_member_list_refresh_sync (list, &error));
  xlsx = ch_export_members (f->store, G_LIST_MODEL (list), CH_EXPORT_FORMAT_XLSX, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (xlsx, NULL), 2, "PK", 2);

  sheet = ch_sheet_new_from_data ("export.xlsx", g_bytes_get_data (xlsx, NULL),
                                  g_bytes_get_size (xlsx), 0, &error);
  g_assert_no_error (error);
  import = ch_import_new (f->store, ch_chapter_get_id (other), sheet, &error);
  g_assert_no_error (error);
  result = ch_import_run (import, FALSE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ch_import_result_get_count (result, CH_IMPORT_OUTCOME_CREATED), ==, 1);

  copy_id = ch_store_find_member_by_email (f->store, ch_chapter_get_id (other),
                                           "asa@example.se", NULL);
  g_assert_nonnull (copy_id);
  before = ch_store_get_member (f->store, id, NULL);
  after = ch_store_get_member (f->store, copy_id, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (compared); i++)
    {
      JsonNode *a = json_object_get_member (ch_member_get_fields (before), compared[i]);
      JsonNode *b = json_object_get_member (ch_member_get_fields (after), compared[i]);

      g_test_message ("%s", compared[i]);
      g_assert_true (json_node_equal (a, b));
    }
}

/* Payments of a period, oldest first, money as a decimal amount; a bad
 * format for the subject is refused with a message. */
static void
test_payments_period (StoreFixture  *f,
                      gconstpointer  data)
{
  g_autofree char *id = test_add_member (f->store, f->chapter_id, "Per", "Berg", "per@x.se");
  g_autofree char *p1 = add_payment (f, id, "{'amount': 15050, 'paid_on': '2026-01-10',"
                                            " 'reference': '@invoice'}");
  g_autofree char *p2 = add_payment (f, id, "{'amount': 20000, 'paid_on': '2026-03-10'}");
  g_autofree char *p3 = add_payment (f, id, "{'amount': 30000, 'paid_on': '2026-06-10'}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GBytes) none = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  csv = ch_export_payments (f->store, f->chapter_id, "2026-01-01", "2026-03-31",
                            CH_EXPORT_FORMAT_CSV, TRUE, &error);
  g_assert_no_error (error);
  text = bytes_text (csv);
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF" "paid_on,member,member_id,amount,"));
  lines = g_strsplit (text, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);   /* header, two rows, "" */
  g_assert_true (g_str_has_prefix (lines[1], "2026-01-10,Per Berg,"));
  g_assert_nonnull (strstr (lines[1], ",150.50,"));
  /* A reference starting with "@" is not run by a spreadsheet. */
  g_assert_nonnull (strstr (lines[1], "\"'@invoice\""));
  g_assert_true (g_str_has_prefix (lines[2], "2026-03-10,"));

  none = ch_export_payments (f->store, f->chapter_id, NULL, NULL, CH_EXPORT_FORMAT_VCARD, FALSE,
                             &error);
  g_assert_null (none);
  g_assert_error (error, CH_EXPORT_ERROR, CH_EXPORT_ERROR_FORMAT);
}

/* vCard 4.0 only of members who agreed to the directory; text escaped,
 * long lines folded. */
static void
test_vcard_consent (StoreFixture  *f,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) yes = test_json (
    "{'given_name': 'Ana', 'family_name': 'Lima; Souza', 'email': 'ana@x.pt',"
    " 'company': 'A, B and C Consulting With A Very Long Name That Goes On And On"
    " And On For Quite A While Ltd',"
    " 'consent_directory': true}");
  g_autoptr(JsonObject) no = test_json (
    "{'given_name': 'Bo', 'family_name': 'Private', 'email': 'bo@x.se',"
    " 'consent_directory': false}");
  g_autoptr(ChMemberList) list = ch_member_list_new (f->store, f->chapter_id);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cards = NULL;
  g_autofree char *text = NULL;
  g_autofree char *a = test_add_member_fields (f->store, f->chapter_id, yes);
  g_autofree char *b = test_add_member_fields (f->store, f->chapter_id, no);

  g_assert_true (ch_member_list_refresh_sync (list, &error));
  cards = ch_export_members (f->store, G_LIST_MODEL (list), CH_EXPORT_FORMAT_VCARD, FALSE,
                             &error);
  g_assert_no_error (error);
  text = bytes_text (cards);
  g_assert_cmpuint (count_of (text, strlen (text), "BEGIN:VCARD\r\nVERSION:4.0\r\n"), ==, 1);
  g_assert_nonnull (strstr (text, "N:Lima\\; Souza;Ana;;;\r\n"));
  g_assert_nonnull (strstr (text, "EMAIL:ana@x.pt\r\n"));
  g_assert_nonnull (strstr (text, "ORG:A\\, B and C Consulting"));
  g_assert_nonnull (strstr (text, "\r\n "));   /* folded */
  g_assert_null (strstr (text, "Private"));
  g_assert_null (strstr (text, "bo@x.se"));
}

/* The directory: only consenting current members, several pages of PDF
 * with the chapter's name. */
static void
test_directory (StoreFixture  *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autofree char *text = NULL;
  gsize size;
  const char *bytes;

  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{'given_name': 'Person', 'family_name': 'Number %u', 'email': 'p%u@x.se',"
        " 'company': 'Contoso', 'job_title': 'Architect', 'city': 'Lund',"
        " 'tier': 'chapter', 'joined_on': '2020-01-01', 'dues_paid_until': '2099-12-31',"
        " 'consent_directory': %s}", i, i, i % 2 == 0 ? "true" : "false");
      g_autoptr(JsonObject) fields = test_json (json);
      g_autofree char *id = test_add_member_fields (f->store, f->chapter_id, fields);
    }

  csv = ch_export_directory (f->store, f->chapter_id, CH_EXPORT_FORMAT_CSV, FALSE, &error);
  g_assert_no_error (error);
  text = bytes_text (csv);
  g_assert_cmpuint (count_of (text, strlen (text), "Person Number"), ==, 30);
  g_assert_nonnull (strstr (text, "Person Number 0,"));
  g_assert_null (strstr (text, "Person Number 1,"));

  pdf = ch_export_directory (f->store, f->chapter_id, CH_EXPORT_FORMAT_PDF, FALSE, &error);
  g_assert_no_error (error);
  bytes = g_bytes_get_data (pdf, &size);
  g_assert_cmpmem (bytes, 5, "%PDF-", 5);
  /* 30 entries of six lines in two columns take more than one page. */
  g_assert_cmpuint (count_of (bytes, size, "/Type /Page %"), >=, 2);
}

/* Everything about a member in one JSON document. */
static void
test_member_data_export (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autofree char *id = test_add_member (f->store, f->chapter_id, "Ida", "Holm", "ida@x.se");
  g_autofree char *other = test_add_member (f->store, f->chapter_id, "Jon", "Dahl", "jon@x.se");
  g_autofree char *p = add_payment (f, id, "{'amount': 1000, 'paid_on': '2026-02-01'}");
  g_autofree char *q = add_payment (f, other, "{'amount': 2000, 'paid_on': '2026-02-02'}");
  const char *specialties[] = { "azure", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) json = NULL;
  JsonObject *root;

  g_assert_true (ch_specialties_set (f->store, id, specialties, NULL));
  json = ch_member_data_export (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (json, NULL),
                                             g_bytes_get_size (json), &error));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "member"),
                                                  "email"), ==, "ida@x.se");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "payments")), ==,
                    1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "specialties")),
                    ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "periods")), >=,
                    1);
  g_assert_true (json_object_has_member (root, "history"));
  g_assert_true (json_object_has_member (root, "registrations"));
  g_assert_true (json_object_has_member (root, "mail_record"));
  g_assert_null (strstr (g_bytes_get_data (json, NULL), "jon@x.se"));

  g_assert_null (ch_member_data_export (f->store, "no-such-id", &error));
  g_assert_error (error, CH_MEMBER_DATA_ERROR, CH_MEMBER_DATA_ERROR_NOT_FOUND);
}

/* Greps the file @path after a checkpoint and VACUUM made by another
 * connection: how often @needle occurs in the main file and the WAL. */
static guint
grep_file (const char *path,
                const char *needle)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  const char *files[] = { path, wal };
  sqlite3 *db = NULL;
  guint count = 0;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (files[i], &contents, &length, NULL))
        count += count_of (contents, length, needle);
    }

  return count;
}

/* Erasing: the personal fields are gone from every table (search index,
 * outbox, sync issues, payments' references, mail) and from the file's
 * bytes; a tombstone says when and by whom; only the erasure is sent. */
static void
test_erase_local (StoreFixture  *f,
                  gconstpointer  data)
{
  g_autoptr(JsonObject) fields = test_json (
    "{'given_name': 'Zebulon', 'family_name': 'Quixotely', 'email': 'zq@erase.example',"
    " 'phone': '+99 555 0199', 'company': 'Contoso', 'tier': 'chapter',"
    " 'joined_on': '2020-01-01', 'notes': 'Zebulon likes tea'}");
  g_autofree char *id = test_add_member_fields (f->store, f->chapter_id, fields);
  g_autofree char *p = add_payment (f, id, "{'amount': 1000, 'paid_on': '2026-02-01',"
                                           " 'reference': 'Quixotely invoice'}");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChStoreOutboxEntry) last = NULL;
  g_autofree char *described = NULL;
  g_autofree char *set = NULL;
  g_autofree char *given = NULL;

  test_update_member (f->store, id, "{'given_name': 'Zebulon', 'family_name': 'Quixotely-Two'}");
  g_assert_true (ch_store_set_row_version (f->store, "member", id, 3, &error));

  g_assert_true (ch_member_data_erase (f->store, id, "Anna Officer", &error));
  g_assert_no_error (error);

  described = ch_member_data_describe_erasure (f->store, id);
  g_assert_nonnull (described);
  g_assert_true (g_str_has_prefix (described, "Erased on 20"));
  g_assert_true (g_str_has_suffix (described, " by Anna Officer"));
  given = test_row_text (f->store, "member", id, "given_name");
  g_assert_null (given);
  g_assert_cmpint (test_row_int (f->store, "member", id, "deleted"), ==, 1);
  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 0);

  last = test_last_outbox (f->store);
  g_assert_cmpstr (last->op, ==, "delete");
  set = test_json_to_string (last->set);
  g_assert_null (strstr (set, "Zebulon"));
  g_assert_nonnull (strstr (set, "erased_on"));

  /* Erasing twice changes nothing. */
  g_assert_true (ch_member_data_erase (f->store, id, "Anna Officer", &error));

  g_clear_object (&f->store);
  g_assert_cmpuint (grep_file (f->path, "Zebulon"), ==, 0);
  g_assert_cmpuint (grep_file (f->path, "zebulon"), ==, 0);
  g_assert_cmpuint (grep_file (f->path, "Quixotely"), ==, 0);
  g_assert_cmpuint (grep_file (f->path, "quixotely"), ==, 0);
  g_assert_cmpuint (grep_file (f->path, "zq@erase.example"), ==, 0);
  g_assert_cmpuint (grep_file (f->path, "555 0199"), ==, 0);
}

#define ADD(path, fn) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, fn, store_fixture_teardown)

int
main (int    argc,
      char **argv)
{
  test_init_c_locale (&argc, &argv);

  ADD ("/export/xlsx-round-trip", test_xlsx_round_trip);
  ADD ("/export/payments-period", test_payments_period);
  ADD ("/export/vcard-consent", test_vcard_consent);
  ADD ("/export/directory", test_directory);
  ADD ("/export/member-data", test_member_data_export);
  ADD ("/export/erase-local", test_erase_local);

  return g_test_run ();
}
