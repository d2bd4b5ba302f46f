/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-member"

#include "config.h"

#include <string.h>

#include "ch-entity.h"
#include "ch-iso-date.h"
#include "ch-member-private.h"
#include "ch-merge.h"
#include "ch-store.h"
#include "ch-test-util.h"
#include "ch-date.h"

/* Adds a member from JSON; returns the error (or NULL) and checks that a
 * refused member leaves no row and nothing to sync. */
static GError *
try_add (StoreFixture *f,
         const char   *json,
         char        **out_id)
{
  g_autoptr(JsonObject) fields = test_json (json);
  guint members = ch_store_count_members (f->store, f->chapter_id);
  guint outbox = ch_store_outbox_count (f->store, NULL);
  GError *error = NULL;
  gboolean ok;

  ok = ch_store_add_member (f->store, f->chapter_id, fields, out_id, &error);
  g_assert_true (ok == (error == NULL));

  if (!ok)
    {
      g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, members);
      g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, outbox);
      g_assert_cmpstr (error->message, !=, "");
    }
  else
    {
      g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, members + 1);
      g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, outbox + 1);
    }

  return error;
}

static GError *
try_update (StoreFixture *f,
            const char   *id,
            const char   *json)
{
  g_autoptr(JsonObject) changes = test_json (json);
  g_autoptr(JsonObject) before = ch_store_get_row (f->store, "member", id, NULL);
  guint outbox = ch_store_outbox_count (f->store, NULL);
  GError *error = NULL;

  if (!ch_store_update_member (f->store, id, changes, &error))
    {
      g_autoptr(JsonObject) after = ch_store_get_row (f->store, "member", id, NULL);
      g_autofree char *a = test_json_to_string (before);
      g_autofree char *b = test_json_to_string (after);

      g_assert_nonnull (error);
      g_assert_cmpstr (a, ==, b);
      g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, outbox);
    }

  return error;
}

static void
test_add_required (StoreFixture  *f,
                   gconstpointer  data)
{
  static const char *cases[] = {
    "{}",
    "{'given_name': 'Anna'}",
    "{'family_name': 'Berg'}",
    "{'given_name': '   ', 'family_name': 'Berg'}",
    "{'given_name': 'Anna', 'family_name': ''}",
    "{'given_name': 'Anna', 'family_name': null}",
    "{'given_name': '\\t\\n', 'family_name': 'Berg', 'email': 'anna@example.com'}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = try_add (f, cases[i], NULL);

      g_test_message ("%s", cases[i]);
      g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED);
    }

  {
    g_autofree char *id = NULL;
    g_autoptr(GError) error = try_add (f, "{'given_name': ' Anna ', 'family_name': ' Berg '}", &id);
    g_autoptr(ChMember) member = NULL;

    g_assert_no_error (error);
    member = ch_store_get_member (f->store, id, &error);
    g_assert_cmpstr (ch_member_get_display_name (member), ==, "Anna Berg");
    g_assert_cmpstr (ch_member_get_chapter_id (member), ==, f->chapter_id);
    g_assert_null (ch_member_get_email (member));
    /* Nobody who has not joined is a member yet. */
    g_assert_cmpint (ch_member_get_status (member), ==, CH_MEMBER_STATUS_PROSPECT);
  }
}

static void
test_add_invalid_email (StoreFixture  *f,
                        gconstpointer  data)
{
  static const char *bad[] = {
    "anna", "anna@", "@example.com", "anna@example", "anna@@example.com", "anna berg@example.com",
    "anna@example.", "anna@.com", "<anna@example.com>", "anna@example.com, bo@example.com",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *json =
        g_strdup_printf ("{'given_name': 'Anna', 'family_name': 'Berg', 'email': '%s'}", bad[i]);
      g_autoptr(GError) error = try_add (f, json, NULL);

      g_test_message ("%s", bad[i]);
      g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID);
      /* The message shows what was typed. */
      g_assert_nonnull (strstr (error->message, bad[i]));
    }

  /* No e-mail at all is fine. */
  {
    g_autoptr(GError) error =
      try_add (f, "{'given_name': 'Anna', 'family_name': 'Berg', 'email': '  '}", NULL);

    g_assert_no_error (error);
  }
}

static void
test_add_duplicate_email (StoreFixture  *f,
                          gconstpointer  data)
{
  g_autofree char *anna = test_add_member (f->store, f->chapter_id, "Anna", "Berg",
                                           "anna.berg@example.com");
  g_autofree char *found = NULL;
  static const char *same[] = {
    "anna.berg@example.com", "ANNA.BERG@EXAMPLE.COM", "  Anna.Berg@Example.com  ",
    "\\tanna.berg@example.com\\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autofree char *json =
        g_strdup_printf ("{'given_name': 'Annika', 'family_name': 'Öberg', 'email': '%s'}",
                         same[i]);
      g_autoptr(GError) error = try_add (f, json, NULL);

      g_test_message ("%s", same[i]);
      g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_DUPLICATE_EMAIL);
      /* Names the member who has it, so the officer can look them up. */
      g_assert_nonnull (strstr (error->message, "Anna Berg"));
    }

  found = ch_store_find_member_by_email (f->store, f->chapter_id, " ANNA.berg@example.COM ", NULL);
  g_assert_cmpstr (found, ==, anna);
  g_clear_pointer (&found, g_free);
  found = ch_store_find_member_by_email (f->store, f->chapter_id, "anna.berg@example.com", anna);
  g_assert_null (found);
  found = ch_store_find_member_by_email (f->store, f->chapter_id, "anna@example.com", NULL);
  g_assert_null (found);
  found = ch_store_find_member_by_email (f->store, f->chapter_id, "", NULL);
  g_assert_null (found);

  /* Another chapter is another list of members. */
  {
    g_autoptr(JsonObject) fields =
      test_json ("{'name': 'Oslo', 'timezone': 'Europe/Oslo', 'currency': 'NOK'}");
    g_autoptr(ChChapter) oslo = ch_store_create_chapter (f->store, fields, NULL);
    g_autofree char *other = test_add_member (f->store, ch_chapter_get_id (oslo), "Anna", "Berg",
                                              "anna.berg@example.com");

    g_assert_cmpstr (other, !=, anna);
  }
}

static void
test_update_duplicate_email (StoreFixture  *f,
                             gconstpointer  data)
{
  g_autofree char *anna = test_add_member (f->store, f->chapter_id, "Anna", "Berg",
                                           "anna@example.com");
  g_autofree char *bo = test_add_member (f->store, f->chapter_id, "Bo", "Ek", "bo@example.com");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChMember) member = NULL;

  error = try_update (f, bo, "{'email': ' Anna@Example.com'}");
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_DUPLICATE_EMAIL);
  g_assert_nonnull (strstr (error->message, "Anna Berg"));
  g_clear_error (&error);

  /* Changing the case of one's own address is not a clash. */
  error = try_update (f, anna, "{'email': 'ANNA@example.com'}");
  g_assert_no_error (error);
  member = ch_store_get_member (f->store, anna, &error);
  g_assert_cmpstr (ch_member_get_email (member), ==, "ANNA@example.com");
  g_clear_object (&member);

  /* Other checks apply to updates too. */
  error = try_update (f, bo, "{'email': 'bo at example.com'}");
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID);
  g_clear_error (&error);
  error = try_update (f, bo, "{'given_name': '  '}");
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED);
  g_clear_error (&error);
  error = try_update (f, bo, "{'shoe_size': 44}");
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID);
  g_clear_error (&error);
  error = try_update (f, bo, "{'given_name': ['Bo']}");
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID);
  g_clear_error (&error);
  error = try_update (f, bo, "{'given_name': 7}");
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* A good update shows. */
  error = try_update (f, bo, "{'company': ' Fabrikam ', 'city': 'Malmö', 'country': 'Sweden'}");
  g_assert_no_error (error);
  member = ch_store_get_member (f->store, bo, &error);
  g_assert_cmpstr (ch_member_get_company (member), ==, "Fabrikam");
  g_assert_cmpstr (ch_member_get_location (member), ==, "Malmö, Sweden");
  g_clear_object (&member);

  /* A member that does not exist. */
  error = try_update (f, anna, "{}");
  g_assert_no_error (error);
  {
    g_autoptr(JsonObject) changes = test_json ("{'company': 'X'}");

    g_assert_false (ch_store_update_member (f->store, "01900000-0000-7000-8000-0000000000ff",
                                            changes, &error));
    g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND);
  }
}

static void
test_deleted_email_reused (StoreFixture  *f,
                           gconstpointer  data)
{
  g_autofree char *anna = test_add_member (f->store, f->chapter_id, "Anna", "Berg",
                                           "anna@example.com");
  g_autofree char *again = NULL;
  g_autofree char *found = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_store_delete (f->store, "member", anna, &error));
  g_assert_no_error (error);
  g_assert_null (ch_store_find_member_by_email (f->store, f->chapter_id, "anna@example.com", NULL));

  again = test_add_member (f->store, f->chapter_id, "Anna", "Lind", "Anna@example.com");
  g_assert_cmpstr (again, !=, anna);
  found = ch_store_find_member_by_email (f->store, f->chapter_id, "anna@example.com", NULL);
  g_assert_cmpstr (found, ==, again);

  /* Bringing the first one back would make two members with one address. */
  {
    guint outbox = ch_store_outbox_count (f->store, NULL);

    g_assert_false (ch_store_restore (f->store, "member", anna, &error));
    g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_DUPLICATE_EMAIL);
    g_assert_nonnull (strstr (error->message, "Anna Lind"));
    g_clear_error (&error);
    g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 1);
    g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, outbox);
  }

  /* Once the other one has another address, it can come back. */
  {
    g_autoptr(JsonObject) changes = test_json ("{'email': 'anna.lind@example.com'}");

    g_assert_true (ch_store_update_member (f->store, again, changes, &error));
    g_assert_true (ch_store_restore (f->store, "member", anna, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 2);
  }
}

static void
test_too_long (StoreFixture  *f,
               gconstpointer  data)
{
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *at_limit = g_strnfill (CH_FIELD_DEFAULT_MAX_LEN, 'a');
  g_autofree char *over = g_strnfill (CH_FIELD_DEFAULT_MAX_LEN + 1, 'a');
  g_autofree char *notes_at_limit = g_strnfill (CH_FIELD_LONG_MAX_LEN, 'n');
  g_autofree char *notes_over = g_strnfill (CH_FIELD_LONG_MAX_LEN + 1, 'n');
  g_autofree char *id = NULL;
  guint outbox = ch_store_outbox_count (f->store, NULL);

  static const char *text_fields[] = { "given_name", "family_name", "company", "job_title",
                                       "city", "phone" };

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      fields = test_json ("{'given_name': 'Anna', 'family_name': 'Berg'}");
      json_object_set_string_member (fields, text_fields[i], over);
      g_assert_false (ch_store_add_member (f->store, f->chapter_id, fields, NULL, &error));
      g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID);
      /* Says which field and how long it may be. */
      g_assert_nonnull (strstr (error->message, text_fields[i]));
      g_assert_nonnull (strstr (error->message, "1024"));
      g_clear_error (&error);
      g_clear_pointer (&fields, json_object_unref);
    }

  /* Multibyte text counts in bytes: 513 × "ö" is 1026 bytes. */
  {
    GString *s = g_string_new (NULL);

    for (guint i = 0; i < 513; i++)
      g_string_append (s, "ö");
    fields = test_json ("{'given_name': 'Anna'}");
    json_object_set_string_member (fields, "family_name", s->str);
    g_assert_false (ch_store_add_member (f->store, f->chapter_id, fields, NULL, &error));
    g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID);
    g_clear_error (&error);
    g_clear_pointer (&fields, json_object_unref);
    g_string_free (s, TRUE);
  }

  fields = test_json ("{'given_name': 'Anna', 'family_name': 'Berg'}");
  json_object_set_string_member (fields, "notes", notes_over);
  g_assert_false (ch_store_add_member (f->store, f->chapter_id, fields, NULL, &error));
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 0);
  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, outbox);

  /* At the limit is fine. */
  json_object_set_string_member (fields, "notes", notes_at_limit);
  json_object_set_string_member (fields, "company", at_limit);
  g_assert_true (ch_store_add_member (f->store, f->chapter_id, fields, &id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&fields, json_object_unref);

  /* And an update over the limit is refused too. */
  fields = json_object_new ();
  json_object_set_string_member (fields, "company", over);
  g_assert_false (ch_store_update_member (f->store, id, fields, &error));
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID);
}

static void
test_unknown_field (StoreFixture  *f,
                    gconstpointer  data)
{
  static const char *cases[] = {
    "{'given_name': 'Anna', 'family_name': 'Berg', 'shoe_size': '38'}",
    "{'given_name': 'Anna', 'family_name': 'Berg', 'id': 'x'}",
    "{'given_name': 'Anna', 'family_name': 'Berg', 'version': 7}",
    "{'given_name': 'Anna', 'family_name': 'Berg', 'deleted': true}",
    "{'given_name': 'Anna', 'family_name': 'Berg', 'name_key': 'aaa'}",
    "{'given_name': 'Anna', 'family_name': 'Berg', 'family_name; DROP TABLE member': 'x'}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = try_add (f, cases[i], NULL);

      g_test_message ("%s", cases[i]);
      g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID);
    }
}

static void
test_wrong_types (StoreFixture  *f,
                  gconstpointer  data)
{
  static const char *cases[] = {
    "{'given_name': 42, 'family_name': 'Berg'}",
    "{'given_name': 'Anna', 'family_name': true}",
    "{'given_name': ['Anna'], 'family_name': 'Berg'}",
    "{'given_name': 'Anna', 'family_name': {'text': 'Berg'}}",
    "{'given_name': 'Anna', 'family_name': 'Berg', 'email': 7}",
    "{'given_name': 'Anna', 'family_name': 'Berg', 'email': ['a@example.com']}",
    "{'given_name': 'Anna', 'family_name': 'Berg', 'birth_year': '1980'}",
    "{'given_name': 'Anna', 'family_name': 'Berg', 'birth_year': 1980.5}",
    "{'given_name': 'Anna', 'family_name': 'Berg', 'consent_email': 'yes'}",
    "{'given_name': 'Anna', 'family_name': 'Berg', 'consent_directory': [true]}",
    "{'given_name': 'Anna', 'family_name': 'Berg', 'joined_on': 20240101}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", cases[i]);
      error = try_add (f, cases[i], NULL);
      g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID);
    }

  /* Integers are fine for flags. */
  {
    g_autofree char *id = NULL;
    g_autoptr(GError) error =
      try_add (f, "{'given_name': 'Anna', 'family_name': 'Berg', 'consent_email': 0,"
                  " 'consent_directory': true, 'birth_year': 1980}", &id);
    g_autoptr(ChMember) member = NULL;

    g_assert_no_error (error);
    member = ch_store_get_member (f->store, id, &error);
    g_assert_cmpint (ch_member_get_int (member, "consent_email", -1), ==, 0);
    g_assert_cmpint (ch_member_get_int (member, "consent_directory", -1), ==, 1);
    g_assert_cmpint (ch_member_get_int (member, "birth_year", -1), ==, 1980);
  }
}

static void
test_member_status (StoreFixture  *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChMember) member = NULL;
  g_autofree char *id = NULL;
  g_autofree char *today_iso = NULL;
  g_autofree char *yesterday_iso = NULL;
  g_autofree char *long_ago = NULL;
  g_autofree char *json = NULL;
  GDate today;

  /* "Today" is the chapter's today (Europe/Stockholm). */
  ch_date_today ("Europe/Stockholm", &today);
  today_iso = ch_date_format (&today);
  g_assert_cmpint (ch_store_today_days (f->store, f->chapter_id), ==,
                   ch_iso_date_to_days (today_iso, -1));
  g_assert_cmpint (ch_store_grace_days (f->store, f->chapter_id), ==, 30);
  g_date_subtract_days (&today, 1);
  yesterday_iso = ch_date_format (&today);
  g_date_subtract_days (&today, 100);
  long_ago = ch_date_format (&today);

  json = g_strdup_printf ("{'given_name': 'Anna', 'family_name': 'Berg', 'tier': 'chapter',"
                          " 'joined_on': '%s', 'dues_paid_until': '%s'}", long_ago, today_iso);
  g_clear_error (&error);
  error = try_add (f, json, &id);
  g_assert_no_error (error);
  member = ch_store_get_member (f->store, id, &error);
  g_assert_cmpint (ch_member_get_status (member), ==, CH_MEMBER_STATUS_ACTIVE);
  g_clear_object (&member);

  g_clear_pointer (&json, g_free);
  json = g_strdup_printf ("{'dues_paid_until': '%s'}", yesterday_iso);
  error = try_update (f, id, json);
  g_assert_no_error (error);
  member = ch_store_get_member (f->store, id, &error);
  g_assert_cmpint (ch_member_get_status (member), ==, CH_MEMBER_STATUS_GRACE);
  g_clear_object (&member);

  g_clear_pointer (&json, g_free);
  json = g_strdup_printf ("{'dues_paid_until': '%s'}", long_ago);
  error = try_update (f, id, json);
  g_assert_no_error (error);
  member = ch_store_get_member (f->store, id, &error);
  g_assert_cmpint (ch_member_get_status (member), ==, CH_MEMBER_STATUS_LAPSED);
  g_clear_object (&member);

  g_clear_pointer (&json, g_free);
  json = g_strdup_printf ("{'left_on': '%s'}", today_iso);
  error = try_update (f, id, json);
  g_assert_no_error (error);
  member = ch_store_get_member (f->store, id, &error);
  g_assert_cmpint (ch_member_get_status (member), ==, CH_MEMBER_STATUS_LEFT);
  {
    g_autofree char *label = NULL;

    g_object_get (member, "status-name", &label, NULL);
    g_assert_cmpstr (label, ==, "left");
  }
}

/* Each typed getter of ChMember returns what was stored, with the right
 * type: the windows and the CLI read members only through them. */
static void
test_member_getters (StoreFixture  *f,
                     gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *quiet = NULL;
  g_autofree char *other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChMember) member = NULL;
  g_autoptr(ChMember) unanswered = NULL;
  g_autoptr(ChMember) gone = NULL;

  error = try_add (f, "{'given_name': 'Astrid', 'family_name': 'Holm',"
                      " 'email': 'astrid@example.com', 'phone': '+46 70 123 45 67',"
                      " 'company': 'Holm IT AB', 'job_title': 'Chief Executive',"
                      " 'city': 'Uppsala', 'country': 'SE', 'partner_kind': 'isv',"
                      " 'tier': 'chapter', 'joined_on': '2021-03-15',"
                      " 'dues_paid_until': '2027-03-15', 'left_on': '2026-06-30',"
                      " 'left_reason': 'Moved abroad', 'gender': 'woman',"
                      " 'birth_year': 1978, 'consent_directory': false,"
                      " 'consent_email': true, 'notes': 'Founding member'}", &id);
  g_assert_no_error (error);
  member = ch_store_get_member (f->store, id, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (ch_member_get_id (member), ==, id);
  g_assert_cmpstr (ch_member_get_chapter_id (member), ==, f->chapter_id);
  g_assert_cmpstr (ch_member_get_given_name (member), ==, "Astrid");
  g_assert_cmpstr (ch_member_get_family_name (member), ==, "Holm");
  g_assert_cmpstr (ch_member_get_email (member), ==, "astrid@example.com");
  g_assert_cmpstr (ch_member_get_phone (member), ==, "+46 70 123 45 67");
  g_assert_cmpstr (ch_member_get_company (member), ==, "Holm IT AB");
  g_assert_cmpstr (ch_member_get_job_title (member), ==, "Chief Executive");
  g_assert_cmpstr (ch_member_get_city (member), ==, "Uppsala");
  g_assert_cmpstr (ch_member_get_country (member), ==, "SE");
  g_assert_cmpstr (ch_member_get_partner_kind (member), ==, "isv");
  g_assert_cmpstr (ch_member_get_tier (member), ==, "chapter");
  g_assert_cmpstr (ch_member_get_joined_on (member), ==, "2021-03-15");
  g_assert_cmpstr (ch_member_get_dues_paid_until (member), ==, "2027-03-15");
  g_assert_cmpstr (ch_member_get_left_on (member), ==, "2026-06-30");
  g_assert_cmpstr (ch_member_get_left_reason (member), ==, "Moved abroad");
  g_assert_cmpstr (ch_member_get_gender (member), ==, "woman");
  g_assert_cmpint (ch_member_get_birth_year (member), ==, 1978);
  g_assert_false (ch_member_get_consent_directory (member));
  g_assert_true (ch_member_get_consent_email (member));
  g_assert_cmpstr (ch_member_get_notes (member), ==, "Founding member");
  g_assert_false (ch_member_get_deleted (member));
  g_assert_null (ch_member_get_merged_into (member));

  /* Nothing answered: no text, no year, and never asked is no refusal;
   * an explicit no to e-mail is one. */
  error = try_add (f, "{'given_name': 'Bo', 'family_name': 'Ek', 'consent_email': false}",
                   &quiet);
  g_assert_no_error (error);
  unanswered = ch_store_get_member (f->store, quiet, &error);
  g_assert_no_error (error);
  g_assert_null (ch_member_get_phone (unanswered));
  g_assert_null (ch_member_get_job_title (unanswered));
  g_assert_null (ch_member_get_partner_kind (unanswered));
  g_assert_null (ch_member_get_left_on (unanswered));
  g_assert_null (ch_member_get_gender (unanswered));
  g_assert_null (ch_member_get_notes (unanswered));
  g_assert_cmpint (ch_member_get_birth_year (unanswered), ==, 0);
  g_assert_true (ch_member_get_consent_directory (unanswered));
  g_assert_false (ch_member_get_consent_email (unanswered));

  /* Merged away: a tombstone that names the survivor. */
  other = test_add_member (f->store, f->chapter_id, "Astrid", "Holm", NULL);
  g_assert_true (ch_merge_members (f->store, id, other, &error));
  g_assert_no_error (error);
  gone = ch_store_get_member (f->store, other, &error);
  g_assert_no_error (error);
  g_assert_true (ch_member_get_deleted (gone));
  g_assert_cmpstr (ch_member_get_merged_into (gone), ==, id);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, func, store_fixture_teardown)

  ADD ("/store/member/add/required", test_add_required);
  ADD ("/store/member/add/invalid-email", test_add_invalid_email);
  ADD ("/store/member/add/duplicate-email", test_add_duplicate_email);
  ADD ("/store/member/add/too-long", test_too_long);
  ADD ("/store/member/add/unknown-field", test_unknown_field);
  ADD ("/store/member/add/wrong-type", test_wrong_types);
  ADD ("/store/member/update", test_update_duplicate_email);
  ADD ("/store/member/deleted-email-reused", test_deleted_email_reused);
  ADD ("/store/member/status", test_member_status);
  ADD ("/store/member/getters", test_member_getters);

#undef ADD

  return g_test_run ();
}
