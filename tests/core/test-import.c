/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ch-import.h"
#include "ch-export.h"
#include "ch-import-batch.h"
#include "ch-import-private.h"
#include "ch-member-list.h"
#include "ch-member-private.h"
#include "ch-payments.h"
#include "ch-specialties.h"
#include "ch-test-util.h"

/*
 * Importing members from a file into a chapter: the mapping is guessed
 * from the headers of Wild Apricot, CiviCRM and people's own sheets; rows
 * with problems say why; duplicates are found; one import is one batch
 * that goes to the outbox (so it syncs) and that Undo takes back exactly.
 */

#define FIXTURES "core", "fixtures", "import"

static ChSheet *
open_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, FIXTURES, name, NULL);
  g_autoptr(GError) error = NULL;
  guint sheet = g_str_has_suffix (name, ".csv") ? 0 : 1;
  ChSheet *result = ch_sheet_new_from_file (path, sheet, &error);

  g_assert_no_error (error);
  return result;
}

static ChImport *
new_import (StoreFixture *f,
            const char   *name)
{
  g_autoptr(ChSheet) sheet = open_fixture (name);
  g_autoptr(GError) error = NULL;
  ChImport *import = ch_import_new (f->store, f->chapter_id, sheet, &error);

  g_assert_no_error (error);
  return import;
}

static ChImportResult *
run_import (ChImport *import,
            gboolean  dry_run)
{
  g_autoptr(GError) error = NULL;
  ChImportResult *result = ch_import_run (import, dry_run, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return result;
}

/* The live member with @email, or a failed test. */
static ChMember *
member_by_email (StoreFixture *f,
                 const char   *email)
{
  g_autofree char *id = ch_store_find_member_by_email (f->store, f->chapter_id, email, NULL);

  g_assert_nonnull (id);
  return ch_store_get_member (f->store, id, NULL);
}

static void
assert_counts (ChImportResult *result,
               guint           created,
               guint           updated,
               guint           skipped,
               guint           failed)
{
  g_assert_cmpuint (ch_import_result_get_count (result, CH_IMPORT_OUTCOME_CREATED), ==, created);
  g_assert_cmpuint (ch_import_result_get_count (result, CH_IMPORT_OUTCOME_UPDATED), ==, updated);
  g_assert_cmpuint (ch_import_result_get_count (result, CH_IMPORT_OUTCOME_SKIPPED), ==, skipped);
  g_assert_cmpuint (ch_import_result_get_count (result, CH_IMPORT_OUTCOME_FAILED), ==, failed);
}

static const char *
note_of_line (ChImportResult *result,
              guint           line)
{
  GPtrArray *notes = ch_import_result_get_notes (result);

  for (guint i = 0; i < notes->len; i++)
    {
      ChImportResultNote *note = g_ptr_array_index (notes, i);

      if (note->line == line)
        return note->message;
    }

  return NULL;
}

static void
test_guess_headers (void)
{
  static const struct { const char *header; ChImportField field; } cases[] = {
    { "First name", CH_IMPORT_FIELD_GIVEN_NAME },
    { "Last Name", CH_IMPORT_FIELD_FAMILY_NAME },
    { "E-mail Address", CH_IMPORT_FIELD_EMAIL },
    { "Membership level", CH_IMPORT_FIELD_TIER },
    { "Member since", CH_IMPORT_FIELD_JOINED_ON },
    { "Renewal due", CH_IMPORT_FIELD_PAID_UNTIL },
    { "Organization", CH_IMPORT_FIELD_COMPANY },
    { "Current Employer", CH_IMPORT_FIELD_COMPANY },
    { "Joined Group on", CH_IMPORT_FIELD_JOINED_ON },
    { "Förnamn", CH_IMPORT_FIELD_GIVEN_NAME },
    { "E-post", CH_IMPORT_FIELD_EMAIL },
    { "Medlem sedan", CH_IMPORT_FIELD_JOINED_ON },
    { "Nachname", CH_IMPORT_FIELD_FAMILY_NAME },
    { "Mitglied seit", CH_IMPORT_FIELD_JOINED_ON },
    { "Prénom", CH_IMPORT_FIELD_GIVEN_NAME },
    { "Société", CH_IMPORT_FIELD_COMPANY },
    { "Correo electrónico", CH_IMPORT_FIELD_EMAIL },
    { "Cognome", CH_IMPORT_FIELD_FAMILY_NAME },
    { "Telefone", CH_IMPORT_FIELD_PHONE },
    { "User ID", CH_IMPORT_FIELD_IGNORE },
    { "Membership status", CH_IMPORT_FIELD_IGNORE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].header);
      g_assert_cmpint (ch_import_fields_guess (cases[i].header), ==, cases[i].field);
    }
}

/* The outbox text the import writes itself is, byte for byte, what
 * json-glib's generator (which ch_store_insert() uses) makes of the same
 * fields: every ASCII character in names and values, UTF-8, integers,
 * booleans, null, the order the members were set in, an empty object. */
static void
test_outbox_json (void)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GString) every = g_string_new (NULL);
  g_autoptr(GPtrArray) objects =
    g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonObject *object;

  for (guint c = 1; c < 0x80; c++)
    g_string_append_c (every, (char) c);

  g_ptr_array_add (objects, json_object_new ());

  object = json_object_new ();
  json_object_set_string_member (object, "given_name", "Åsa \"Q\" Öberg\\");
  json_object_set_string_member (object, "notes", every->str);
  json_object_set_string_member (object, every->str, "key");
  json_object_set_string_member (object, "empty", "");
  json_object_set_null_member (object, "phone");
  json_object_set_int_member (object, "birth_year", 1970);
  json_object_set_int_member (object, "amount", G_MININT64);
  json_object_set_int_member (object, "zero", 0);
  json_object_set_boolean_member (object, "consent_email", TRUE);
  json_object_set_boolean_member (object, "consent_directory", FALSE);
  json_object_set_string_member (object, "city", "Kraków 東京 \xf0\x9f\x8e\x89");
  g_ptr_array_add (objects, object);

  for (guint c = 1; c < 0x80; c++)
    {
      char text[] = { 'a', (char) c, 'b', '\0' };

      object = json_object_new ();
      json_object_set_string_member (object, "value", text);
      json_object_set_string_member (object, text, "name");
      g_ptr_array_add (objects, object);
    }

  /* A double (no entity has one) still comes out as the generator's. */
  object = json_object_new ();
  json_object_set_string_member (object, "a", "b");
  json_object_set_double_member (object, "ratio", 0.5);
  g_ptr_array_add (objects, object);

  for (guint i = 0; i < objects->len; i++)
    {
      g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (),
                                                        objects->pdata[i]);
      g_autofree char *want = NULL;
      g_autoptr(GString) have = g_string_new ("x");

      json_generator_set_root (generator, root);
      want = json_generator_to_data (generator, NULL);
      ch_import_writer_append_object (have, objects->pdata[i]);
      g_assert_cmpstr (have->str + 1, ==, want);
    }
}

static void
test_dates (void)
{
  static const struct
  {
    const char        *text;
    ChImportDateOrder  order;
    ChImportDateResult result;
    const char        *iso;
  } cases[] = {
    { "2024-03-04", CH_IMPORT_DATE_ORDER_UNKNOWN, CH_IMPORT_DATE_OK, "2024-03-04" },
    { "2024-03-04T10:00:00Z", CH_IMPORT_DATE_ORDER_UNKNOWN, CH_IMPORT_DATE_OK, "2024-03-04" },
    { "04.03.2024", CH_IMPORT_DATE_ORDER_UNKNOWN, CH_IMPORT_DATE_OK, "2024-03-04" },
    { "31/12/2024", CH_IMPORT_DATE_ORDER_UNKNOWN, CH_IMPORT_DATE_OK, "2024-12-31" },
    { "12/31/2024", CH_IMPORT_DATE_ORDER_UNKNOWN, CH_IMPORT_DATE_OK, "2024-12-31" },
    { "03/04/2024", CH_IMPORT_DATE_ORDER_UNKNOWN, CH_IMPORT_DATE_AMBIGUOUS, NULL },
    { "03/04/2024", CH_IMPORT_DATE_ORDER_DAY_FIRST, CH_IMPORT_DATE_OK, "2024-04-03" },
    { "03/04/2024", CH_IMPORT_DATE_ORDER_MONTH_FIRST, CH_IMPORT_DATE_OK, "2024-03-04" },
    { "05/05/2024", CH_IMPORT_DATE_ORDER_UNKNOWN, CH_IMPORT_DATE_OK, "2024-05-05" },
    { "4 Mar 2024", CH_IMPORT_DATE_ORDER_UNKNOWN, CH_IMPORT_DATE_OK, "2024-03-04" },
    { "March 4, 2024", CH_IMPORT_DATE_ORDER_UNKNOWN, CH_IMPORT_DATE_OK, "2024-03-04" },
    { "15/13/2020", CH_IMPORT_DATE_ORDER_UNKNOWN, CH_IMPORT_DATE_INVALID, NULL },
    { "2023-02-29", CH_IMPORT_DATE_ORDER_UNKNOWN, CH_IMPORT_DATE_INVALID, NULL },
    { "soon", CH_IMPORT_DATE_ORDER_UNKNOWN, CH_IMPORT_DATE_INVALID, NULL },
    { "  ", CH_IMPORT_DATE_ORDER_UNKNOWN, CH_IMPORT_DATE_EMPTY, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *iso = NULL;

      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (ch_import_dates_parse (cases[i].text, cases[i].order, &iso, NULL), ==,
                       cases[i].result);
      g_assert_cmpstr (iso, ==, cases[i].iso);
    }
}

static void
test_wild_apricot (StoreFixture  *f,
                   gconstpointer  data)
{
  g_autoptr(ChImport) import = new_import (f, "wild-apricot.csv");
  g_autoptr(ChImportResult) result = NULL;
  g_autoptr(ChMember) astrid = NULL;
  g_autoptr(ChMember) bjorn = NULL;
  g_autoptr(ChImportRow) carla = NULL;
  g_auto(GStrv) specialties = NULL;
  guint outbox_before = ch_store_outbox_count (f->store, f->chapter_id);

  /* Mapped without a manual change. */
  g_assert_cmpint (ch_import_get_field (import, 0), ==, CH_IMPORT_FIELD_IGNORE);
  g_assert_cmpint (ch_import_get_field (import, 6), ==, CH_IMPORT_FIELD_TIER);
  g_assert_cmpstr (ch_import_get_tier_for_value (import, "Chapter Member"), ==, "chapter");
  g_assert_cmpstr (ch_import_get_tier_for_value (import, "Network"), ==, "network");
  g_assert_false (ch_import_needs_date_order (import));

  /* The preview says what is wrong with the third member. */
  carla = ch_import_check_row (import, 2);
  g_assert_true (ch_import_row_get_blocked (carla));
  g_assert_cmpstr (ch_import_row_get_problems (carla)[0], ==,
                   "Member since “15/13/2020” is not a date. Write it as 2024-03-31.");
  g_assert_cmpstr (ch_import_row_get_problems (carla)[1], ==,
                   "“not-an-email” is not an e-mail address.");

  result = run_import (import, FALSE);
  assert_counts (result, 2, 0, 0, 1);
  g_assert_cmpstr (note_of_line (result, 4), ==,
                   "Member since “15/13/2020” is not a date. Write it as 2024-03-31. "
                   "“not-an-email” is not an e-mail address.");

  astrid = member_by_email (f, "astrid@contoso.example");
  g_assert_cmpstr (ch_member_get_display_name (astrid), ==, "Astrid Lindqvist");
  g_assert_cmpstr (ch_member_get_company (astrid), ==, "Contoso AB");
  g_assert_cmpstr (ch_member_get_tier (astrid), ==, "chapter");
  g_assert_cmpstr (ch_member_get_text (astrid, "phone"), ==, "+46 70 123 45 67");
  g_assert_cmpstr (ch_member_get_text (astrid, "joined_on"), ==, "2021-03-15");
  g_assert_cmpstr (ch_member_get_text (astrid, "dues_paid_until"), ==, "2025-03-15");
  g_assert_cmpstr (ch_member_get_text (astrid, "notes"), ==, "Founding member");
  specialties = ch_specialties_get (f->store, ch_member_get_id (astrid));
  g_assert_cmpuint (g_strv_length (specialties), ==, 0);

  bjorn = member_by_email (f, "bjorn@fabrikam.example");
  g_assert_cmpstr (ch_member_get_tier (bjorn), ==, "network");

  /* Every row waits in the outbox, as one written in the window: two
   * members, their join periods and Astrid's imported payment. */
  g_assert_cmpuint (ch_store_outbox_count (f->store, f->chapter_id), ==, outbox_before + 5);
  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 2);
}

static void
test_date_order_asked_once (StoreFixture  *f,
                            gconstpointer  data)
{
  g_autoptr(ChImport) import = new_import (f, "civicrm.csv");
  g_autoptr(ChImportResult) result = NULL;
  g_autoptr(ChMember) dagmar = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_import_needs_date_order (import));
  g_assert_cmpstr (ch_import_get_ambiguous_date (import), ==, "03/04/2022");

  g_assert_null (ch_import_run (import, FALSE, NULL, NULL, NULL, &error));
  g_assert_error (error, CH_IMPORT_ERROR, CH_IMPORT_ERROR_DATE_ORDER);
  g_assert_cmpstr (error->message, ==,
                   "Dates such as “03/04/2022” can be read two ways. Choose whether the day "
                   "or the month comes first.");
  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 0);

  ch_import_set_date_order (import, CH_IMPORT_DATE_ORDER_DAY_FIRST);
  g_assert_false (ch_import_needs_date_order (import));
  result = run_import (import, FALSE);
  assert_counts (result, 2, 0, 0, 0);

  dagmar = member_by_email (f, "dagmar@litware.example");
  g_assert_cmpstr (ch_member_get_text (dagmar, "joined_on"), ==, "2022-04-03");
  g_assert_cmpstr (ch_member_get_text (dagmar, "dues_paid_until"), ==, "2025-04-03");
  g_assert_cmpstr (ch_member_get_company (dagmar), ==, "Litware GmbH");
}

static const char DUPLICATES[] =
  "First name,Last name,Email,Company,Phone\n"
  "Astrid,Lindqvist,ASTRID@contoso.example,Contoso AB,+46 70 999\n"
  "Björn,Nyberg,,Fabrikam,\n"
  "Björn,Nyberg,,Fabrikam,\n"
  "Carl,Berg,astrid@contoso.example,,\n"
  "Dana,Other,,Contoso,\n";

static ChImport *
import_from_text (StoreFixture *f,
                  const char   *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChSheet) sheet = ch_sheet_new_from_data ("m.csv", text, strlen (text), 0, &error);
  ChImport *import;

  g_assert_no_error (error);
  import = ch_import_new (f->store, f->chapter_id, sheet, &error);
  g_assert_no_error (error);
  return import;
}

static void
test_duplicates (StoreFixture  *f,
                 gconstpointer  data)
{
  g_autofree char *astrid_id = test_add_member (f->store, f->chapter_id, "Astrid", "Lindqvist",
                                                "astrid@contoso.example");
  g_autofree char *dana_id = test_add_member (f->store, f->chapter_id, "Dana", "Other", NULL);
  g_autoptr(ChImport) import = import_from_text (f, DUPLICATES);
  g_autoptr(ChImportRow) first = ch_import_check_row (import, 0);
  g_autoptr(ChImportRow) twice = ch_import_check_row (import, 2);
  g_autoptr(ChImportResult) result = NULL;
  g_autoptr(ChMember) astrid = NULL;

  g_assert_cmpstr (ch_import_row_get_match_id (first), ==, astrid_id);
  g_assert_cmpstr (ch_import_row_get_match_name (first), ==, "Astrid Lindqvist");
  g_assert_cmpuint (ch_import_row_get_duplicate_of (twice), ==, 3);
  g_assert_cmpstr (ch_import_row_get_problems (twice)[0], ==, "The same person as on line 3.");

  /* Update the match (the default), but skip Dana (matched by name and
   * company); Björn twice and Astrid's e-mail twice are flagged. */
  ch_import_set_line_match_action (import, 6, CH_IMPORT_MATCH_SKIP);
  result = run_import (import, FALSE);
  assert_counts (result, 1, 1, 3, 0);
  g_assert_cmpstr (note_of_line (result, 4), ==, "The same person as on line 3.");
  g_assert_cmpstr (note_of_line (result, 5), ==, "The same person as on line 2.");
  g_assert_cmpstr (note_of_line (result, 6), ==, "Dana Other is already a member.");

  astrid = ch_store_get_member (f->store, astrid_id, NULL);
  g_assert_cmpstr (ch_member_get_company (astrid), ==, "Contoso AB");
  g_assert_cmpstr (ch_member_get_text (astrid, "phone"), ==, "+46 70 999");
  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 3);
}

static void
test_keep_both_and_skip (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autofree char *id = test_add_member (f->store, f->chapter_id, "Astrid", "Lindqvist",
                                         "astrid@contoso.example");
  g_autoptr(ChImport) import = import_from_text (f, DUPLICATES);
  g_autoptr(ChImportResult) skipped = NULL;
  g_autoptr(ChImportResult) both = NULL;

  ch_import_set_match_action (import, CH_IMPORT_MATCH_SKIP);
  skipped = run_import (import, TRUE);
  assert_counts (skipped, 2, 0, 3, 0);

  /* Keeping both with the same e-mail address is refused by the store,
   * with its reason. */
  ch_import_set_match_action (import, CH_IMPORT_MATCH_KEEP_BOTH);
  both = run_import (import, TRUE);
  assert_counts (both, 2, 0, 2, 1);
  g_assert_cmpstr (note_of_line (both, 2), ==,
                   "Astrid Lindqvist already uses the e-mail address ASTRID@contoso.example.");
}

static void
test_dry_run_changes_nothing (StoreFixture  *f,
                              gconstpointer  data)
{
  g_autoptr(ChImport) import = new_import (f, "wild-apricot.csv");
  guint outbox_before = ch_store_outbox_count (f->store, f->chapter_id);
  g_autoptr(ChImportResult) result = run_import (import, TRUE);
  g_autofree char *text = NULL;

  assert_counts (result, 2, 0, 0, 1);
  g_assert_null (ch_import_result_get_batch_id (result));
  text = ch_import_result_format_count (result, CH_IMPORT_OUTCOME_CREATED);
  g_assert_cmpstr (text, ==, "2 members would be created.");

  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 0);
  g_assert_cmpuint (ch_store_outbox_count (f->store, f->chapter_id), ==, outbox_before);
  g_assert_null (ch_import_batch_latest (f->store, f->chapter_id));
}

static void
test_cancelled_changes_nothing (StoreFixture  *f,
                                gconstpointer  data)
{
  g_autoptr(ChImport) import = new_import (f, "wild-apricot.csv");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  guint outbox_before = ch_store_outbox_count (f->store, f->chapter_id);

  g_cancellable_cancel (cancellable);
  g_assert_null (ch_import_run (import, FALSE, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 0);
  g_assert_cmpuint (ch_store_outbox_count (f->store, f->chapter_id), ==, outbox_before);
}

/* "name: CREATE INDEX …" of every index, one a line. */
static char *
index_list (StoreFixture *f)
{
  return test_query_text (f->path, "SELECT group_concat (name || ': ' || sql, char (10)) FROM "
                                   "(SELECT name, sql FROM sqlite_schema WHERE type = 'index' "
                                   "AND sql IS NOT NULL ORDER BY name)");
}

static char *
large_file (guint rows)
{
  GString *text = g_string_new ("First name,Last name,Email,Company,Membership level,"
                                "Member since,Paid until\n");

  for (guint i = 0; i < rows; i++)
    g_string_append_printf (text, "Anna,Berg-%u,anna%u@example.se,Contoso,Chapter Member,"
                                  "2020-01-01,2099-12-31\n", i, i);
  return g_string_free (text, FALSE);
}

static void
cancel_after_rows (guint    done,
                   guint    total,
                   gpointer user_data)
{
  if (done >= 3000)
    g_cancellable_cancel (user_data);
}

/* A large file (its indexes are made once at the end): cancelled half way
 * it leaves the file as it was, indexes included; imported, every index is
 * there again as it was, the rows are found through them and sync. */
static void
test_large_file_indexes (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autofree char *text = large_file (6000);
  g_autofree char *before = index_list (f);
  g_autofree char *after_cancel = NULL;
  g_autofree char *after = NULL;
  g_autofree char *found = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  guint outbox_before = ch_store_outbox_count (f->store, f->chapter_id);

  {
    g_autoptr(ChImport) import = import_from_text (f, text);

    g_assert_null (ch_import_run (import, FALSE, cancel_after_rows, cancellable, cancellable,
                                  &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }
  after_cancel = index_list (f);
  g_assert_cmpstr (after_cancel, ==, before);
  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 0);
  g_assert_cmpuint (ch_store_outbox_count (f->store, f->chapter_id), ==, outbox_before);

  {
    g_autoptr(ChImport) import = import_from_text (f, text);
    g_autoptr(ChImportResult) result = run_import (import, FALSE);

    assert_counts (result, 6000, 0, 0, 0);
  }
  after = index_list (f);
  g_assert_cmpstr (after, ==, before);
  found = test_query_text (f->path, "SELECT count(*) FROM member INDEXED BY member_by_name_key "
                                    "WHERE chapter_id IS NOT NULL AND deleted = 0 "
                                    "AND name_key > ''");
  g_assert_cmpstr (found, ==, "6000");
  /* Member, period and payment of each row wait in the outbox. */
  g_assert_cmpuint (ch_store_outbox_count (f->store, f->chapter_id), ==, outbox_before + 18000);
  {
    g_autofree char *check = test_query_text (f->path, "PRAGMA integrity_check");

    g_assert_cmpstr (check, ==, "ok");
  }

  /* Each row's member, period and payment went into the outbox as one
   * made in the window would: an insert from {} with the fields, in the
   * order written. */
  {
    g_autofree char *entry = test_query_text (f->path,
      "SELECT group_concat (entity || ' ' || op || ' ' || base, ', ') FROM "
      "(SELECT entity, op, base FROM outbox WHERE row_id IN "
      " (SELECT id FROM member WHERE email = 'anna4321@example.se') OR row_id IN "
      " (SELECT id FROM membership_period WHERE member_id IN "
      "   (SELECT id FROM member WHERE email = 'anna4321@example.se')) OR row_id IN "
      " (SELECT id FROM payment WHERE member_id IN "
      "   (SELECT id FROM member WHERE email = 'anna4321@example.se')) ORDER BY mid)");
    g_autofree char *set = test_query_text (f->path,
      "SELECT \"set\" FROM outbox WHERE entity = 'member' AND row_id = "
      "(SELECT id FROM member WHERE email = 'anna4321@example.se')");
    g_autofree char *gaps = test_query_text (f->path,
      "SELECT max (mid) - min (mid) + 1 - count(*) FROM outbox");

    g_assert_cmpstr (entry, ==, "member insert {}, membership_period insert {}, "
                                "payment insert {}");
    g_assert_nonnull (strstr (set, "\"family_name\":\"Berg-4321\""));
    g_assert_cmpstr (gaps, ==, "0");
  }

  /* The search index has every member of the file (filled in one go at the
   * end), and the search queue works again for the next import. */
  {
    g_autofree char *hits = test_query_text (f->path,
      "SELECT count(*) FROM member_fts WHERE member_fts MATCH 'berg'");
    g_autofree char *one = test_query_text (f->path,
      "SELECT count(*) FROM member_fts WHERE member_fts MATCH 'email:anna5999'");
    g_autoptr(ChImport) import = import_from_text (f,
      "First name,Last name,Email\nZelda,Quorra,zelda@example.se\n"
      "Anna,Berg-x,anna1@example.se\n");
    g_autoptr(ChImportResult) result = run_import (import, FALSE);
    g_autofree char *zelda = NULL;

    g_assert_cmpstr (hits, ==, "6000");
    g_assert_cmpstr (one, ==, "1");
    /* anna1@ is taken by the large file's second row: it is matched. */
    g_assert_cmpuint (ch_import_result_get_count (result, CH_IMPORT_OUTCOME_CREATED), ==, 1);
    zelda = test_query_text (f->path,
                             "SELECT count(*) FROM member_fts WHERE member_fts MATCH 'quorra'");
    g_assert_cmpstr (zelda, ==, "1");
  }
}

/* The same e-mail address twice in a large file: the later line is the
 * same person, as in a small one, and the rest comes in. */
static void
test_large_file_same_email (StoreFixture  *f,
                            gconstpointer  data)
{
  g_autofree char *text = large_file (5500);
  g_autoptr(GString) more = g_string_new (text);
  g_autoptr(ChImport) import = NULL;
  g_autoptr(ChImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  g_string_append (more, "Bertil,Other,ANNA17@example.se,,,,\n");
  import = import_from_text (f, more->str);
  result = run_import (import, FALSE);
  assert_counts (result, 5500, 0, 1, 0);
  id = ch_store_find_member_by_email (f->store, f->chapter_id, "anna17@example.se", NULL);
  g_assert_nonnull (id);

  /* Undo takes the whole batch away again, through the outbox. */
  g_assert_true (ch_import_batch_undo (f->store, ch_import_result_get_batch_id (result),
                                       &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 0);
}

static void
test_undo_removes_exactly_the_batch (StoreFixture  *f,
                                     gconstpointer  data)
{
  g_autofree char *astrid_id = test_add_member (f->store, f->chapter_id, "Astrid", "Lindqvist",
                                                "astrid@contoso.example");
  g_autofree char *other_id = test_add_member (f->store, f->chapter_id, "Dana", "Other",
                                               "dana@example.com");
  g_autoptr(ChImport) import = import_from_text (f,
    "First name,Last name,Email,Company,Phone,Specialties\n"
    "Astrid,Lindqvist,astrid@contoso.example,Contoso AB,+46 70 999,\n"
    "Björn,Nyberg,bjorn@fabrikam.example,Fabrikam,,Azure; Security\n"
    "Eva,Ek,eva@example.com,,,\n");
  g_autoptr(ChImportResult) result = run_import (import, FALSE);
  g_autoptr(ChMember) astrid = NULL;
  g_autoptr(ChMember) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) later = test_json ("{'phone': '+46 70 111'}");
  g_autofree char *bjorn_id = NULL;
  g_auto(GStrv) specialties = NULL;
  g_autofree char *latest = NULL;
  g_autofree char *azure_row = NULL;
  guint outbox_before;

  assert_counts (result, 2, 1, 0, 0);
  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 4);
  bjorn_id = ch_store_find_member_by_email (f->store, f->chapter_id, "bjorn@fabrikam.example",
                                            NULL);
  specialties = ch_specialties_get (f->store, bjorn_id);
  g_assert_cmpuint (g_strv_length (specialties), ==, 2);
  latest = ch_import_batch_latest (f->store, f->chapter_id);
  g_assert_cmpstr (latest, ==, ch_import_result_get_batch_id (result));

  /* Someone changes Astrid's phone after the import: that change stays. */
  g_assert_true (ch_store_update_member (f->store, astrid_id, later, NULL));
  outbox_before = ch_store_outbox_count (f->store, f->chapter_id);

  g_assert_true (ch_import_batch_undo (f->store, ch_import_result_get_batch_id (result),
                                       &error));
  g_assert_no_error (error);

  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 2);
  g_assert_null (ch_store_find_member_by_email (f->store, f->chapter_id,
                                                "bjorn@fabrikam.example", NULL));
  azure_row = ch_specialties_row_id (bjorn_id, "azure");
  g_assert_null (ch_store_get_live_row (f->store, "member_specialty", azure_row));
  astrid = ch_store_get_member (f->store, astrid_id, NULL);
  g_assert_cmpstr (ch_member_get_company (astrid), ==, NULL);
  g_assert_cmpstr (ch_member_get_text (astrid, "phone"), ==, "+46 70 111");
  other = ch_store_get_member (f->store, other_id, NULL);
  g_assert_cmpstr (ch_member_get_display_name (other), ==, "Dana Other");

  /* As synced changes: deletes of the two members and two specialties,
   * the update of Astrid. */
  g_assert_cmpuint (ch_store_outbox_count (f->store, f->chapter_id), >, outbox_before);
  g_assert_null (ch_import_batch_latest (f->store, f->chapter_id));

  g_assert_false (ch_import_batch_undo (f->store, ch_import_result_get_batch_id (result),
                                        &error));
  g_assert_error (error, CH_IMPORT_BATCH_ERROR, CH_IMPORT_BATCH_ERROR_UNDONE);
}

static void
test_mapping_remembered (StoreFixture  *f,
                         gconstpointer  data)
{
  const char *text = "Name,Mail,Extra\nAnna Maria Öberg,anna@example.se,likes tea\n";
  g_autoptr(ChImport) first = import_from_text (f, text);
  g_autoptr(ChImport) second = NULL;
  g_autoptr(ChImportResult) result = NULL;
  g_autoptr(ChMember) anna = NULL;

  g_assert_cmpint (ch_import_get_field (first, 0), ==, CH_IMPORT_FIELD_FULL_NAME);
  g_assert_cmpint (ch_import_get_field (first, 2), ==, CH_IMPORT_FIELD_IGNORE);
  ch_import_set_field (first, 2, CH_IMPORT_FIELD_JOB_TITLE);
  ch_import_set_unmapped_to_notes (first, TRUE);
  result = run_import (first, FALSE);
  assert_counts (result, 1, 0, 0, 0);

  anna = member_by_email (f, "anna@example.se");
  g_assert_cmpstr (ch_member_get_given_name (anna), ==, "Anna Maria");
  g_assert_cmpstr (ch_member_get_family_name (anna), ==, "Öberg");
  g_assert_cmpstr (ch_member_get_text (anna, "job_title"), ==, "likes tea");

  second = import_from_text (f, text);
  g_assert_cmpint (ch_import_get_field (second, 2), ==, CH_IMPORT_FIELD_JOB_TITLE);
  g_assert_true (ch_import_get_unmapped_to_notes (second));
}

static void
test_unmapped_to_notes (StoreFixture  *f,
                        gconstpointer  data)
{
  g_autoptr(ChImport) import = new_import (f, "wild-apricot.csv");
  g_autoptr(ChImportRow) row = NULL;

  ch_import_set_unmapped_to_notes (import, TRUE);
  row = ch_import_check_row (import, 0);
  g_assert_cmpstr (json_object_get_string_member (ch_import_row_get_fields (row), "notes"), ==,
                   "Founding member\nUser ID: 1001\nMembership status: Active");
}

static void
test_workbooks (StoreFixture  *f,
                gconstpointer  data)
{
  g_autoptr(ChImport) xlsx = new_import (f, "members.xlsx");
  g_autoptr(ChImport) ods = new_import (f, "members.ods");
  g_autoptr(ChImportResult) result = NULL;
  g_autoptr(ChMember) astrid = NULL;
  g_autoptr(ChMember) sven = NULL;

  result = run_import (xlsx, FALSE);
  /* Björn has no family name in the sheet. */
  assert_counts (result, 1, 0, 0, 1);
  astrid = member_by_email (f, "astrid@contoso.example");
  g_assert_cmpstr (ch_member_get_text (astrid, "joined_on"), ==, "2021-03-15");
  g_assert_cmpstr (ch_member_get_text (astrid, "phone"), ==, "46701234567");
  g_clear_object (&result);

  result = run_import (ods, FALSE);
  assert_counts (result, 1, 0, 0, 1);
  sven = member_by_email (f, "sven@example.se");
  g_assert_cmpstr (ch_member_get_display_name (sven), ==, "Sven Ek  lund");
  g_assert_cmpstr (ch_member_get_text (sven, "joined_on"), ==, "2022-05-17");
}

static void
test_header_only (StoreFixture  *f,
                  gconstpointer  data)
{
  g_autoptr(ChSheet) sheet = open_fixture ("header-only.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChImport) import = ch_import_new (f->store, f->chapter_id, sheet, &error);

  g_assert_null (import);
  g_assert_error (error, CH_IMPORT_ERROR, CH_IMPORT_ERROR_EMPTY);
  g_assert_cmpstr (error->message, ==, "The file has a header but no members below it.");
}

/* Every field the member form has survives an export to CSV and an
 * import into another chapter, with no manual mapping. */
static void
test_export_round_trip (StoreFixture  *f,
                        gconstpointer  data)
{
  static const char * const compared[] = {
    "given_name", "family_name", "email", "phone", "company", "job_title", "city", "country",
    "tier", "partner_kind", "joined_on", "left_on", "left_reason", "dues_paid_until", "gender",
    "birth_year", "consent_directory", "consent_email", "notes",
  };
  g_autoptr(JsonObject) fields = test_json (
    "{'given_name': 'Åsa', 'family_name': 'Öberg-Smith', 'email': 'asa@example.se',"
    " 'phone': '+46 70 123', 'job_title': 'CTO',"
    " 'city': 'Malmö', 'country': 'SE', 'tier': 'chapter', 'partner_kind': 'ISV',"
    " 'joined_on': '2020-02-29', 'left_on': '2024-01-31', 'left_reason': 'moved',"
    " 'dues_paid_until': '2023-12-31', 'gender': 'woman', 'birth_year': 1980,"
    " 'consent_directory': true, 'consent_email': false}");
  const char *specialties[] = { "azure", "Quantum stuff", NULL };
  g_autofree char *id = NULL;
  g_autoptr(ChMemberList) list = ch_member_list_new (f->store, f->chapter_id);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(ChSheet) sheet = NULL;
  g_autoptr(ChImport) import = NULL;
  g_autoptr(ChImportResult) result = NULL;
  g_autoptr(JsonObject) chapter_fields = test_json (
    "{'name': 'Other Chapter', 'timezone': 'Europe/Stockholm', 'currency': 'SEK'}");
  g_autoptr(ChChapter) other = ch_store_create_chapter (f->store, chapter_fields, &error);
  g_autoptr(ChMember) before = NULL;
  g_autoptr(ChMember) after = NULL;
  g_autofree char *copy_id = NULL;
  g_auto(GStrv) copied = NULL;

  g_assert_no_error (error);
  json_object_set_string_member (fields, "company", "=Contoso, 'AB'");
  json_object_set_string_member (fields, "notes", "Line one\nline two, with \"quotes\"");
  id = test_add_member_fields (f->store, f->chapter_id, fields);
  g_assert_true (ch_specialties_set (f->store, id, specialties, NULL));
  g_assert_true (ch_member_list_refresh_sync (list, &error));
  csv = ch_export_members (f->store, G_LIST_MODEL (list), CH_EXPORT_FORMAT_CSV, TRUE, &error);
  g_assert_no_error (error);
  /* The company starts with "=": an apostrophe keeps a spreadsheet from
   * running it. */
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (csv, NULL), -1, "\"'=Contoso, 'AB'\""));

  sheet = ch_sheet_new_from_data ("export.csv", g_bytes_get_data (csv, NULL),
                                  g_bytes_get_size (csv), 0, &error);
  g_assert_no_error (error);
  import = ch_import_new (f->store, ch_chapter_get_id (other), sheet, &error);
  g_assert_no_error (error);
  result = run_import (import, FALSE);
  assert_counts (result, 1, 0, 0, 0);

  copy_id = ch_store_find_member_by_email (f->store, ch_chapter_get_id (other),
                                           "asa@example.se", NULL);
  before = ch_store_get_member (f->store, id, NULL);
  after = ch_store_get_member (f->store, copy_id, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (compared); i++)
    {
      JsonNode *a = json_object_get_member (ch_member_get_fields (before), compared[i]);
      JsonNode *b = json_object_get_member (ch_member_get_fields (after), compared[i]);

      g_test_message ("%s", compared[i]);
      g_assert_nonnull (a);
      g_assert_nonnull (b);
      g_assert_true (json_node_equal (a, b));
    }
  copied = ch_specialties_get (f->store, copy_id);
  g_assert_cmpstrv (copied, ((const char *[]) { "Quantum stuff", "azure", NULL }));
}

static ChMemberStatus
status_of (StoreFixture *f,
           const char   *email)
{
  g_autoptr(ChMember) member = member_by_email (f, email);

  return ch_member_get_status (member);
}

/* The only live payment of the member with @email, or NULL. */
static ChPayment *
payment_of (StoreFixture *f,
            const char   *email)
{
  g_autoptr(ChMember) member = member_by_email (f, email);
  g_autoptr(GPtrArray) payments = NULL;
  g_autoptr(GError) error = NULL;

  payments = ch_payments_list (f->store, f->chapter_id, ch_member_get_id (member), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (payments->len, <=, 1);
  return payments->len ? g_object_ref (g_ptr_array_index (payments, 0)) : NULL;
}

/* The member's periods as "kind starts_on..ends_on tier; …". */
static char *
periods_of (StoreFixture *f,
            const char   *email)
{
  g_autoptr(ChMember) member = member_by_email (f, email);
  g_autofree char *sql = g_strdup_printf ("SELECT group_concat (kind || ' ' || starts_on || '..' "
                                          "|| coalesce (ends_on, '') || ' ' || "
                                          "coalesce (tier, ''), '; ') FROM membership_period "
                                          "WHERE deleted = 0 AND member_id = '%s'",
                                          ch_member_get_id (member));

  return test_query_text (f->path, sql);
}

/* "Member since" and "paid until" make the history a member made in the
 * window would have: a join period to the day the dues run out, in the
 * mapped tier, and the payment for the last dues period, marked as
 * imported, with the amount when the file has one.  Undo takes them away
 * with the members. */
static void
test_paid_until_history (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autoptr(ChImport) import = new_import (f, "paid-until.csv");
  g_autoptr(ChImportResult) result = NULL;
  g_autoptr(ChPayment) anna = NULL;
  g_autoptr(ChPayment) bo = NULL;
  g_autoptr(ChPayment) none = NULL;
  g_autoptr(ChImportRow) dan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *anna_periods = NULL;
  g_autofree char *bo_periods = NULL;
  g_autofree char *eva_periods = NULL;
  g_autofree char *bo_joined = NULL;
  guint outbox_before = ch_store_outbox_count (f->store, f->chapter_id);

  g_assert_cmpint (ch_import_get_field (import, 5), ==, CH_IMPORT_FIELD_AMOUNT);
  dan = ch_import_check_row (import, 3);
  g_assert_false (ch_import_row_get_blocked (dan));
  g_assert_cmpstr (ch_import_row_get_problems (dan)[0], ==,
                   "“lots” is not an amount in SEK; the dues paid are imported without one.");

  result = run_import (import, FALSE);
  assert_counts (result, 5, 0, 0, 0);

  /* Yearly dues (the chapter's): the payment covers the last year. */
  anna = payment_of (f, "anna@example.se");
  g_assert_nonnull (anna);
  g_assert_cmpint (ch_payment_get_amount (anna), ==, 150000);
  g_assert_cmpstr (ch_payment_get_currency (anna), ==, "SEK");
  g_assert_cmpstr (ch_payment_get_covers_from (anna), ==, "2098-05-01");
  g_assert_cmpstr (ch_payment_get_covers_until (anna), ==, "2099-04-30");
  g_assert_cmpstr (ch_payment_get_paid_on (anna), ==, "2098-05-01");
  g_assert_cmpstr (ch_payment_get_method (anna), ==, CH_PAYMENT_METHOD_IMPORTED);
  g_assert_cmpstr (ch_payments_method_label (ch_payment_get_method (anna)), ==, "Imported");
  anna_periods = periods_of (f, "anna@example.se");
  g_assert_cmpstr (anna_periods, ==, "join 2019-05-01..2099-04-30 chapter");
  g_assert_cmpint (status_of (f, "anna@example.se"), ==, CH_MEMBER_STATUS_ACTIVE);

  /* No "member since": a member from the start of the period paid. */
  bo = payment_of (f, "bo@example.se");
  g_assert_cmpint (ch_payment_get_amount (bo), ==, 150000);
  g_assert_cmpstr (ch_payment_get_covers_from (bo), ==, "2098-02-01");
  bo_periods = periods_of (f, "bo@example.se");
  g_assert_cmpstr (bo_periods, ==, "join 2098-02-01..2099-01-31 chapter");
  bo_joined = test_query_text (f->path, "SELECT joined_on FROM member "
                                        "WHERE email = 'bo@example.se'");
  g_assert_cmpstr (bo_joined, ==, "2098-02-01");

  /* Honorary members pay nothing. */
  none = payment_of (f, "cecilia@example.se");
  g_assert_null (none);
  g_assert_cmpint (status_of (f, "cecilia@example.se"), ==, CH_MEMBER_STATUS_ACTIVE);

  /* Paid until long ago: lapsed from day one; a payment without amount. */
  g_clear_object (&none);
  none = payment_of (f, "dan@example.se");
  g_assert_cmpint (ch_payment_get_amount (none), ==, 0);
  g_assert_cmpstr (ch_payment_get_covers_until (none), ==, "2001-12-31");
  g_assert_cmpint (status_of (f, "dan@example.se"), ==, CH_MEMBER_STATUS_LAPSED);

  /* Nothing paid: the join period stays open, no payment. */
  g_clear_object (&none);
  none = payment_of (f, "eva@example.se");
  g_assert_null (none);
  eva_periods = periods_of (f, "eva@example.se");
  g_assert_cmpstr (eva_periods, ==, "join 2020-06-01.. chapter");

  /* 5 members, 5 periods, 3 payments: all sync. */
  g_assert_cmpuint (ch_store_outbox_count (f->store, f->chapter_id), ==, outbox_before + 13);

  g_assert_true (ch_import_batch_undo (f->store, ch_import_result_get_batch_id (result), &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (f->path, "SELECT count(*) FROM payment WHERE deleted = 0"),
                   ==, 0);
  g_assert_cmpint (test_query_int (f->path,
                                   "SELECT count(*) FROM membership_period WHERE deleted = 0"),
                   ==, 0);
  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 0);
}

/* Right after the import the statuses are those of the file's dates:
 * paid until next month is active, a week ago is in the grace days (30),
 * half a year ago is lapsed. */
static void
test_paid_until_status (StoreFixture  *f,
                        gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) next_month = g_date_time_add_days (now, 30);
  g_autoptr(GDateTime) last_week = g_date_time_add_days (now, -7);
  g_autoptr(GDateTime) half_year = g_date_time_add_days (now, -180);
  g_autofree char *a = g_date_time_format (next_month, "%Y-%m-%d");
  g_autofree char *b = g_date_time_format (last_week, "%Y-%m-%d");
  g_autofree char *c = g_date_time_format (half_year, "%Y-%m-%d");
  g_autofree char *text =
    g_strdup_printf ("Name,Email,Member since,Paid until\n"
                     "Ann Active,ann@example.org,2015-01-01,%s\n"
                     "Gus Grace,gus@example.org,2015-01-01,%s\n"
                     "Lou Lapsed,lou@example.org,2015-01-01,%s\n", a, b, c);
  g_autoptr(ChImport) import = import_from_text (f, text);
  g_autoptr(ChImportResult) result = run_import (import, FALSE);

  assert_counts (result, 3, 0, 0, 0);
  g_assert_cmpint (status_of (f, "ann@example.org"), ==, CH_MEMBER_STATUS_ACTIVE);
  g_assert_cmpint (status_of (f, "gus@example.org"), ==, CH_MEMBER_STATUS_GRACE);
  g_assert_cmpint (status_of (f, "lou@example.org"), ==, CH_MEMBER_STATUS_LAPSED);
}

#define ADD(path, fn) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, fn, store_fixture_teardown)

int
main (int    argc,
      char **argv)
{
  test_init_c_locale (&argc, &argv);

  g_test_add_func ("/import/guess-headers", test_guess_headers);
  g_test_add_func ("/import/dates", test_dates);
  g_test_add_func ("/import/outbox-json", test_outbox_json);
  ADD ("/import/wild-apricot", test_wild_apricot);
  ADD ("/import/date-order-asked-once", test_date_order_asked_once);
  ADD ("/import/duplicates", test_duplicates);
  ADD ("/import/keep-both-and-skip", test_keep_both_and_skip);
  ADD ("/import/dry-run-changes-nothing", test_dry_run_changes_nothing);
  ADD ("/import/cancelled-changes-nothing", test_cancelled_changes_nothing);
  ADD ("/import/undo-removes-exactly-the-batch", test_undo_removes_exactly_the_batch);
  ADD ("/import/mapping-remembered", test_mapping_remembered);
  ADD ("/import/unmapped-to-notes", test_unmapped_to_notes);
  ADD ("/import/workbooks", test_workbooks);
  ADD ("/import/header-only", test_header_only);
  ADD ("/import/export-round-trip", test_export_round_trip);
  ADD ("/import/paid-until-history", test_paid_until_history);
  ADD ("/import/large-file-indexes", test_large_file_indexes);
  ADD ("/import/large-file-same-email", test_large_file_same_email);
  ADD ("/import/paid-until-status", test_paid_until_status);

  return g_test_run ();
}
