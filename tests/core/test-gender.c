/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>

#include "ch-board-balance.h"
#include "ch-gender.h"
#include "ch-roles.h"
#include "ch-test-util.h"

/* What people typed into the free-text field of older versions. */
static void
test_classify_free_text (void)
{
  struct { const char *text; ChGender gender; } cases[] = {
    { "woman", CH_GENDER_WOMAN }, { "Woman", CH_GENDER_WOMAN }, { " female ", CH_GENDER_WOMAN },
    { "F", CH_GENDER_WOMAN }, { "Kvinna", CH_GENDER_WOMAN }, { "Frau", CH_GENDER_WOMAN },
    { "weiblich", CH_GENDER_WOMAN }, { "Femme", CH_GENDER_WOMAN }, { "Mujer", CH_GENDER_WOMAN },
    { "man", CH_GENDER_MAN }, { "MALE", CH_GENDER_MAN }, { "m.", CH_GENDER_MAN },
    { "Man", CH_GENDER_MAN }, { "Mann", CH_GENDER_MAN }, { "männlich", CH_GENDER_MAN },
    { "Homme", CH_GENDER_MAN }, { "hombre", CH_GENDER_MAN },
    { "non-binary", CH_GENDER_NON_BINARY }, { "Nonbinary", CH_GENDER_NON_BINARY },
    { "icke-binär", CH_GENDER_NON_BINARY }, { "non-binaire", CH_GENDER_NON_BINARY },
    { "prefer-not", CH_GENDER_PREFER_NOT }, { "prefer-not-to-say", CH_GENDER_PREFER_NOT },
    { "genderfluid", CH_GENDER_SELF_DESCRIBED }, { "Two-spirit", CH_GENDER_SELF_DESCRIBED },
    { "", CH_GENDER_NOT_ANSWERED }, { "   ", CH_GENDER_NOT_ANSWERED },
    { NULL, CH_GENDER_NOT_ANSWERED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    if (ch_gender_classify (cases[i].text) != cases[i].gender)
      g_error ("“%s” is %d, not %d", cases[i].text, ch_gender_classify (cases[i].text),
               cases[i].gender);
}

static void
test_normalize (void)
{
  g_autofree char *kvinna = ch_gender_normalize ("Kvinna");
  g_autofree char *male = ch_gender_normalize ("male");
  g_autofree char *old_prefer = ch_gender_normalize ("prefer-not-to-say");
  g_autofree char *own = ch_gender_normalize ("  genderfluid ");

  g_assert_cmpstr (kvinna, ==, "woman");
  g_assert_cmpstr (male, ==, "man");
  g_assert_cmpstr (old_prefer, ==, "prefer-not");
  g_assert_cmpstr (own, ==, "genderfluid");
  g_assert_null (ch_gender_normalize (" "));
}

/* The issue: "man / woman / female / Kvinna" were four groups. */
static void
test_balance_numbers (void)
{
  const char *board[] = { "woman", "female", "Kvinna", "Frau", "man", "Man", "male", NULL };
  ChBoardBalance balance = { 0 };
  guint percent = 0;

  for (guint i = 0; i < G_N_ELEMENTS (board); i++)
    ch_board_balance_add (&balance, board[i]);

  g_assert_cmpuint (balance.people, ==, 8);
  g_assert_cmpuint (balance.counts[CH_GENDER_WOMAN], ==, 4);
  g_assert_cmpuint (balance.counts[CH_GENDER_MAN], ==, 3);
  g_assert_cmpuint (ch_board_balance_not_shared (&balance), ==, 1);
  g_assert_true (ch_board_balance_percent_women (&balance, &percent));
  g_assert_cmpuint (percent, ==, 57);

  /* One non-binary officer: a group of one, never a number, and no
   * percentage that would tell it. */
  ch_board_balance_add (&balance, "non-binary");
  g_assert_true (ch_board_balance_is_small (&balance, CH_GENDER_NON_BINARY));
  g_assert_false (ch_board_balance_is_small (&balance, CH_GENDER_WOMAN));
  g_assert_false (ch_board_balance_percent_women (&balance, &percent));
}

/* What the Leadership page says, worded in core: groups of three or more
 * with their number, smaller ones as "fewer than 3", and no share of
 * women once a group is that small. */
static void
test_balance_described (void)
{
  const char *board[] = { "woman", "female", "Kvinna", "Frau", "man", "Man", "male", NULL };
  ChBoardBalance balance = { 0 };
  g_autofree char *text = NULL;
  g_autofree char *small = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (board); i++)
    ch_board_balance_add (&balance, board[i]);
  text = ch_board_balance_describe (&balance);
  g_assert_cmpstr (text, ==, "4 women · 3 men · 1 not shared — 57 % women, goal 50 %");

  ch_board_balance_add (&balance, "non-binary");
  ch_board_balance_add (&balance, "prefer-not");
  small = ch_board_balance_describe (&balance);
  g_assert_cmpstr (small, ==,
                   "4 women · 3 men · fewer than 3 non-binary · 2 not shared — goal 50 %");
}

static void
add_officer (StoreFixture *f,
             const char   *given,
             const char   *gender,
             const char   *role)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  json_object_set_string_member (fields, "given_name", given);
  json_object_set_string_member (fields, "family_name", "Officer");
  if (gender != NULL)
    json_object_set_string_member (fields, "gender", gender);
  id = test_add_member_fields (f->store, f->chapter_id, fields);
  g_assert_true (ch_roles_add (f->store, id, role, "2020-01-01", NULL, NULL, &error));
  g_assert_no_error (error);
}

/* The leadership's balance from the store: each person once. */
static void
test_balance_of_officers (StoreFixture  *f,
                          gconstpointer  data)
{
  ChBoardBalance balance;
  g_autoptr(GError) error = NULL;
  guint percent;

  add_officer (f, "Anna", "woman", "president");
  add_officer (f, "Bea", "Kvinna", "treasurer");
  add_officer (f, "Cecilia", "female", "secretary");
  add_officer (f, "Dora", "Woman", "board-member");
  add_officer (f, "Erik", "man", "vice-president");
  add_officer (f, "Filip", "Male", "board-member");
  add_officer (f, "Gustav", "M", "board-member");
  add_officer (f, "Hanna", NULL, "board-member");

  g_assert_true (ch_board_balance_compute (f->store, f->chapter_id, &balance, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (balance.people, ==, 8);
  g_assert_cmpuint (balance.counts[CH_GENDER_WOMAN], ==, 4);
  g_assert_cmpuint (balance.counts[CH_GENDER_MAN], ==, 3);
  g_assert_cmpuint (ch_board_balance_not_shared (&balance), ==, 1);
  g_assert_true (ch_board_balance_percent_women (&balance, &percent));
  g_assert_cmpuint (percent, ==, 57);
}

/* A database of an older version: its free text becomes codes, each an
 * outbox change, so the server and other devices get the same. */
static void
test_migration_maps_free_text (StoreFixture  *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kvinna = test_add_member (f->store, f->chapter_id, "Bea", "Berg", NULL);
  g_autofree char *own = test_add_member (f->store, f->chapter_id, "Kim", "Lund", NULL);
  g_autofree char *code = test_add_member (f->store, f->chapter_id, "Erik", "Ek", NULL);
  g_autofree char *sql = NULL;
  guint before;
  sqlite3 *db = NULL;

  before = ch_store_outbox_count (f->store, f->chapter_id);
  g_assert_finalize_object (f->store);
  f->store = NULL;

  /* What an older version stored (it wrote what was typed). */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  sql = g_strdup_printf ("UPDATE member SET gender = 'Kvinna' WHERE id = '%s';"
                         "UPDATE member SET gender = 'genderfluid' WHERE id = '%s';"
                         "UPDATE member SET gender = 'man' WHERE id = '%s';", kvinna, own, code);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  /* Back to the level before the gender migration (011-window-gender;
   * the later levels run again, so undo what they added). */
  g_assert_cmpint (sqlite3_exec (db,
                                 "ALTER TABLE conflict DROP COLUMN kept_author;"
                                 "ALTER TABLE conflict DROP COLUMN kept_device_id;"
                                 "ALTER TABLE opportunity DROP COLUMN accepted_on;"
                                 "ALTER TABLE member DROP COLUMN erased_on;"
                                 "ALTER TABLE member DROP COLUMN erased_by;"
                                 "DROP TRIGGER member_status_au;"
                                 "DROP TRIGGER member_status_tier_ai;"
                                 "DROP TRIGGER member_status_tier_au;"
                                 "DROP TRIGGER member_status_tier_ad;"
                                 "DROP TRIGGER member_status_chapter_au;"
                                 "DROP TABLE member_status_day;"
                                 "DROP INDEX member_by_status; DROP INDEX member_status_due;"
                                 "ALTER TABLE member DROP COLUMN status_rank;"
                                 "ALTER TABLE member DROP COLUMN status_until;"
                                 "PRAGMA user_version = 10", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  f->store = ch_store_open (f->path, &error);
  g_assert_no_error (error);
  {
    g_autofree char *a = test_row_text (f->store, "member", kvinna, "gender");
    g_autofree char *b = test_row_text (f->store, "member", own, "gender");
    g_autofree char *c = test_row_text (f->store, "member", code, "gender");
    g_autoptr(ChStoreOutboxEntry) last = test_last_outbox (f->store);

    g_assert_cmpstr (a, ==, "woman");
    g_assert_cmpstr (b, ==, "genderfluid");
    g_assert_cmpstr (c, ==, "man");
    g_assert_cmpuint (ch_store_outbox_count (f->store, f->chapter_id), ==, before + 1);
    g_assert_cmpstr (last->row_id, ==, kvinna);
    g_assert_cmpstr (last->op, ==, "update");
    test_assert_json (last->base, "{'gender': 'Kvinna'}");
    test_assert_json (last->set, "{'gender': 'woman'}");
  }
}

/* The CLI and imports write through the store: "Kvinna" is stored as
 * its code there too. */
static void
test_store_writes_codes (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autofree char *id = test_add_member (f->store, f->chapter_id, "Bea", "Berg", NULL);
  g_autofree char *stored = NULL;
  g_autofree char *own = NULL;

  test_update_member (f->store, id, "{'gender': ' Kvinna '}");
  stored = test_row_text (f->store, "member", id, "gender");
  g_assert_cmpstr (stored, ==, "woman");

  test_update_member (f->store, id, "{'gender': 'two-spirit'}");
  own = test_row_text (f->store, "member", id, "gender");
  g_assert_cmpstr (own, ==, "two-spirit");
}

int
main (int   argc,
      char *argv[])
{
  test_init_c_locale (&argc, &argv);

  g_test_add_func ("/gender/classify-free-text", test_classify_free_text);
  g_test_add_func ("/gender/normalize", test_normalize);
  g_test_add_func ("/gender/balance-numbers", test_balance_numbers);
  g_test_add_func ("/gender/balance-described", test_balance_described);
  g_test_add ("/gender/balance-of-officers", StoreFixture, NULL, store_fixture_setup,
              test_balance_of_officers, store_fixture_teardown);
  g_test_add ("/gender/migration-maps-free-text", StoreFixture, NULL, store_fixture_setup,
              test_migration_maps_free_text, store_fixture_teardown);

  g_test_add ("/gender/store-writes-codes", StoreFixture, NULL, store_fixture_setup,
              test_store_writes_codes, store_fixture_teardown);

  return g_test_run ();
}
