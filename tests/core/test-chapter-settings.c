/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-chapter-settings"

#include "config.h"

#include <string.h>

#include "ch-chapters.h"
#include "ch-country.h"
#include "ch-test-util.h"

/*
 * Countries as ISO codes (what a person types, what is stored, what is
 * shown), changing a chapter's settings, and taking a chapter off this
 * computer.
 */

static void
test_country_from_text (void)
{
  g_assert_cmpstr (ch_country_code_from_text ("SE"), ==, "SE");
  g_assert_cmpstr (ch_country_code_from_text ("se"), ==, "SE");
  g_assert_cmpstr (ch_country_code_from_text ("Sweden"), ==, "SE");
  g_assert_cmpstr (ch_country_code_from_text (" sweden "), ==, "SE");
  g_assert_cmpstr (ch_country_code_from_text ("Sverige"), ==, "SE");
  g_assert_cmpstr (ch_country_code_from_text ("Deutschland"), ==, "DE");
  g_assert_cmpstr (ch_country_code_from_text ("osterreich"), ==, "AT");
  g_assert_cmpstr (ch_country_code_from_text ("Korea, Republic of"), ==, "KR");
  g_assert_cmpstr (ch_country_code_from_text ("United States of America"), ==, "US");
  g_assert_cmpstr (ch_country_code_from_text ("UK"), ==, "GB");
  g_assert_null (ch_country_code_from_text ("Atlantis"));
  g_assert_null (ch_country_code_from_text ("XX"));
  g_assert_null (ch_country_code_from_text (""));
  g_assert_null (ch_country_code_from_text (NULL));

  g_assert_cmpstr (ch_country_display_name ("SE"), ==, "Sweden");
  g_assert_cmpstr (ch_country_display_name ("Atlantis"), ==, "Atlantis");
  g_assert_null (ch_country_display_name (NULL));
}

static void
test_country_stored_as_code (StoreFixture  *f,
                             gconstpointer  data)
{
  g_autoptr(JsonObject) fields = test_json ("{'given_name': 'Jörg', 'family_name': 'Müller',"
                                            " 'country': 'Deutschland'}");
  g_autofree char *id = test_add_member_fields (f->store, f->chapter_id, fields);
  g_autofree char *country = test_row_text (f->store, "member", id, "country");
  g_autofree char *chapter_country = test_row_text (f->store, "chapter", f->chapter_id, "country");
  g_autoptr(ChMember) member = NULL;

  /* The fixture's chapter was made with "Sweden". */
  g_assert_cmpstr (chapter_country, ==, "SE");
  g_assert_cmpstr (country, ==, "DE");

  test_update_member (f->store, id, "{'city': 'Köln', 'country': 'Atlantis'}");
  g_clear_pointer (&country, g_free);
  country = test_row_text (f->store, "member", id, "country");
  g_assert_cmpstr (country, ==, "Atlantis");

  test_update_member (f->store, id, "{'country': 'de'}");
  member = ch_store_get_member (f->store, id, NULL);
  g_assert_cmpstr (ch_member_get_location (member), ==, "Köln, Germany");
}

static void
test_update_chapter (StoreFixture  *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) set =
    test_json ("{'name': 'IAMCP Norway', 'city': 'Oslo', 'country': 'Norge',"
               " 'timezone': 'Europe/Oslo', 'currency': 'nok'}");
  g_autoptr(ChStoreOutboxEntry) last = NULL;
  g_autoptr(ChChapter) chapter = NULL;
  struct { const char *json; const char *message; } bad[] = {
    { "{'country': 'Atlantis'}", "“Atlantis” is not a country" },
    { "{'timezone': 'Mars/Olympus_Mons'}", "“Mars/Olympus_Mons” is not a known time zone" },
    { "{'timezone': ''}", "is not a known time zone" },
    { "{'currency': 'euro'}", "“euro” is not a currency" },
    { "{'dues_amount': -5}", "negative" },
    { "{'grace_days': 400}", "0 to 365" },
    { "{'name': '  '}", "name" },
    { "{'colour': 'red'}", "“colour” is not a setting" },
  };

  g_assert_true (ch_chapter_update (f->store, f->chapter_id, set, &error));
  g_assert_no_error (error);

  chapter = ch_store_get_chapter (f->store, f->chapter_id, NULL);
  g_assert_cmpstr (ch_chapter_get_name (chapter), ==, "IAMCP Norway");
  g_assert_cmpstr (ch_chapter_get_country (chapter), ==, "NO");
  g_assert_cmpstr (ch_chapter_get_timezone (chapter), ==, "Europe/Oslo");
  g_assert_cmpstr (ch_chapter_get_currency (chapter), ==, "NOK");

  /* A normal synced edit: from what was there to what is now. */
  last = test_last_outbox (f->store);
  g_assert_cmpstr (last->entity, ==, "chapter");
  g_assert_cmpstr (last->op, ==, "update");
  test_assert_json (last->base, "{'name': 'Test Chapter', 'city': 'Stockholm', 'country': 'SE',"
                                " 'timezone': 'Europe/Stockholm', 'currency': 'SEK'}");
  test_assert_json (last->set, "{'name': 'IAMCP Norway', 'city': 'Oslo', 'country': 'NO',"
                               " 'timezone': 'Europe/Oslo', 'currency': 'NOK'}");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) b = test_json (bad[i].json);
      guint before = ch_store_outbox_count (f->store, f->chapter_id);

      g_clear_error (&error);
      g_assert_false (ch_chapter_update (f->store, f->chapter_id, b, &error));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, bad[i].message));
      g_assert_cmpuint (ch_store_outbox_count (f->store, f->chapter_id), ==, before);
    }

  g_clear_object (&chapter);
  chapter = ch_store_get_chapter (f->store, f->chapter_id, NULL);
  g_assert_cmpstr (ch_chapter_get_country (chapter), ==, "NO");
}

static void
test_remove_local (StoreFixture  *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) fields =
    test_json ("{'name': 'IAMCP Oslo', 'country': 'NO', 'timezone': 'Europe/Oslo',"
               " 'currency': 'NOK', 'dues_amount': 0}");
  g_autoptr(ChChapter) other = ch_store_create_chapter (f->store, fields, &error);
  g_autofree char *kept = NULL;
  g_autofree char *gone = NULL;
  g_autoptr(GPtrArray) chapters = NULL;

  g_assert_no_error (error);
  gone = test_add_member (f->store, f->chapter_id, "Anna", "Berg", "anna@example.org");
  kept =
    test_add_member (f->store, ch_chapter_get_id (other), "Ola", "Nordmann", "ola@example.org");
  g_assert_cmpuint (ch_store_outbox_count (f->store, f->chapter_id), >, 0);

  g_assert_true (ch_chapter_remove_local (f->store, f->chapter_id, &error));
  g_assert_no_error (error);

  chapters = ch_store_list_chapters (f->store, NULL);
  g_assert_cmpuint (chapters->len, ==, 1);
  g_assert_cmpstr (ch_chapter_get_id (g_ptr_array_index (chapters, 0)), ==,
                   ch_chapter_get_id (other));
  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 0);
  g_assert_cmpuint (ch_store_count_members (f->store, ch_chapter_get_id (other)), ==, 1);
  /* Nothing waits to be sent about it: no deletions for the server. */
  g_assert_cmpuint (ch_store_outbox_count (f->store, f->chapter_id), ==, 0);
  g_assert_cmpint (test_query_int (f->path, "SELECT count(*) FROM outbox WHERE op = 'delete'"), ==,
                   0);
  g_assert_cmpint (test_query_int (f->path, "SELECT count(*) FROM member_fts"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  test_init_c_locale (&argc, &argv);

  g_test_add_func ("/chapter-settings/country-from-text", test_country_from_text);
  g_test_add ("/chapter-settings/country-stored-as-code", StoreFixture, NULL,
              store_fixture_setup, test_country_stored_as_code, store_fixture_teardown);
  g_test_add ("/chapter-settings/update", StoreFixture, NULL,
              store_fixture_setup, test_update_chapter, store_fixture_teardown);
  g_test_add ("/chapter-settings/remove-local", StoreFixture, NULL,
              store_fixture_setup, test_remove_local, store_fixture_teardown);

  return g_test_run ();
}
