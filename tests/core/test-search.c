/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-search"

#include "config.h"

#include <string.h>

#include "ch-demo.h"
#include "ch-member-list.h"
#include "ch-member-query-private.h"
#include "ch-search-row.h"
#include "ch-search.h"
#include "ch-store-private.h"
#include "ch-test-util.h"
#include "ch-fold.h"
#include "ch-uuid.h"

/* ----------------------------------------------------------------------- */
/* The MATCH expression                                                      */

static void
test_expression (void)
{
  static const struct { const char *text, *expr; } cases[] = {
    { "anna", "\"anna\"*" },
    { "Mül Ber", "\"Mül\"* \"Ber\"*" },
    { "  anna   berg  ", "\"anna\"* \"berg\"*" },
    { "x", "\"x\"*" },
    { "2024", "\"2024\"*" },
    /* Quotes, operators and syntax are words or separators, never syntax. */
    { "\"anna berg\"", "\"anna\"* \"berg\"*" },
    { "anna\"", "\"anna\"*" },
    { "anna AND berg", "\"anna\"* \"AND\"* \"berg\"*" },
    { "anna OR berg", "\"anna\"* \"OR\"* \"berg\"*" },
    { "NOT anna", "\"NOT\"* \"anna\"*" },
    { "NEAR(anna berg, 3)", "\"NEAR\"* \"anna\"* \"berg\"* \"3\"*" },
    { "anna*", "\"anna\"*" },
    { "^anna", "\"anna\"*" },
    { "-anna +berg", "\"anna\"* \"berg\"*" },
    { "given_name:anna", "\"given\"* \"name\"* \"anna\"*" },
    { "{given_name family_name}:anna", "\"given\"* \"name\"* \"family\"* \"name\"* \"anna\"*" },
    { "o'sullivan", "\"o\"* \"sullivan\"*" },
    { "anna.berg@contoso.com", "\"anna\"* \"berg\"* \"contoso\"* \"com\"*" },
    { "(anna)", "\"anna\"*" },
    { "anna;berg", "\"anna\"* \"berg\"*" },
    { "e\xcc\x81", "\"e\xcc\x81\"*" },   /* a combining mark stays in its word */
    { "Åkesson–Öberg", "\"Åkesson\"* \"Öberg\"*" },  /* en dash */
    /* At most eight words. */
    { "a b c d e f g h i j", "\"a\"* \"b\"* \"c\"* \"d\"* \"e\"* \"f\"* \"g\"* \"h\"*" },
  };
  static const char *nothing[] = {
    "", " ", "\t\n", "\"", "\"\"", "*", "()", "-", "AND", NULL, "\xff\xfe", "anna\xff",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *expr = ch_search_match_expression (cases[i].text);
      /* Words are folded like the index: lower case, no diacritics. */
      g_autofree char *expected = ch_fold (cases[i].expr);

      g_assert_cmpstr (expr, ==, expected);
    }

  for (guint i = 0; i < G_N_ELEMENTS (nothing); i++)
    {
      g_autofree char *expr = ch_search_match_expression (nothing[i]);

      /* "AND" alone is a word: people are called Anders. */
      if (g_strcmp0 (nothing[i], "AND") == 0)
        g_assert_cmpstr (expr, ==, "\"and\"*");
      else
        g_assert_null (expr);
    }
}

/* ----------------------------------------------------------------------- */
/* Searching the members                                                     */

typedef struct
{
  StoreFixture  base;
  ChMemberList *list;
  char         *anna_berg;
  char         *anna_lindqvist;
  char         *muller;
  char         *soren;
  char         *lena;
} SearchFixture;

static char *
add (SearchFixture *f,
     const char    *json)
{
  g_autoptr(JsonObject) fields = test_json (json);
  g_autoptr(GError) error = NULL;
  char *id = NULL;

  ch_store_add_member (f->base.store, f->base.chapter_id, fields, &id, &error);
  g_assert_no_error (error);

  return id;
}

static void
search_fixture_setup (SearchFixture *f,
                      gconstpointer  data)
{
  store_fixture_setup (&f->base, data);

  f->anna_berg = add (f, "{'given_name': 'Anna', 'family_name': 'Berg', 'company': 'Contoso',"
                         " 'email': 'anna.berg@contoso.com', 'city': 'Stockholm'}");
  f->anna_lindqvist = add (f, "{'given_name': 'Anna', 'family_name': 'Lindqvist',"
                              " 'company': 'Fabrikam', 'email': 'al@fabrikam.se',"
                              " 'city': 'Göteborg'}");
  f->muller = add (f, "{'given_name': 'Jürgen', 'family_name': 'Müller',"
                      " 'company': 'Northwind Traders', 'email': 'juergen@northwind.de',"
                      " 'city': 'München'}");
  f->soren = add (f, "{'given_name': 'Søren', 'family_name': 'Kjær', 'company': 'Relecloud',"
                     " 'email': 'soren@relecloud.dk', 'city': 'Aarhus'}");
  f->lena = add (f, "{'given_name': 'Lena', 'family_name': 'Annaberg', 'company': 'Litware',"
                    " 'city': 'Malmö'}");

  f->list = ch_member_list_new (f->base.store, f->base.chapter_id);
  test_wait_loaded (f->list);
}

static void
search_fixture_teardown (SearchFixture *f,
                         gconstpointer  data)
{
  /* Let queries started by the last changes finish before closing. */
  test_finalize_list (g_steal_pointer (&f->list));
  g_free (f->anna_berg);
  g_free (f->anna_lindqvist);
  g_free (f->muller);
  g_free (f->soren);
  g_free (f->lena);
  store_fixture_teardown (&f->base, data);
}

/* Sets the search to @text and refreshes the list, asserting it works. */
static void
run_search (SearchFixture *f,
            const char    *text)
{
  g_autoptr(GError) error = NULL;

  ch_member_list_set_search (f->list, text);
  g_assert_true (ch_member_list_refresh_sync (f->list, &error));
  g_assert_no_error (error);
}

/* The names found for @text, in list order. */
static char *
search (SearchFixture *f,
        const char    *text)
{
  run_search (f, text);
  return test_list_names (f->list);
}

#define EVERYONE "Lena Annaberg|Anna Berg|Søren Kjær|Anna Lindqvist|Jürgen Müller"

#define assert_search(f, text, expected) \
  G_STMT_START { \
    g_autofree char *__names = search (f, text); \
    g_assert_cmpstr (__names, ==, expected); \
  } G_STMT_END

static void
test_search_diacritics (SearchFixture *f,
                        gconstpointer  data)
{
  assert_search (f, "muller", "Jürgen Müller");
  assert_search (f, "MULLER", "Jürgen Müller");
  assert_search (f, "Müller", "Jürgen Müller");
  assert_search (f, "mül", "Jürgen Müller");
  assert_search (f, "mu", "Jürgen Müller");
  assert_search (f, "jurgen", "Jürgen Müller");
  assert_search (f, "munch", "Jürgen Müller");
  assert_search (f, "goteb", "Anna Lindqvist");
  assert_search (f, "malmo", "Lena Annaberg");
  /* Letters without an accent form fold too (level 2 of the store). */
  assert_search (f, "soren", "Søren Kjær");
  assert_search (f, "kjaer", "Søren Kjær");
  assert_search (f, "Kjær", "Søren Kjær");
}

static void
test_search_fields (SearchFixture *f,
                    gconstpointer  data)
{
  /* Prefixes of the company, the e-mail and the city. */
  assert_search (f, "contos", "Anna Berg");
  assert_search (f, "northw", "Jürgen Müller");
  assert_search (f, "trad", "Jürgen Müller");
  assert_search (f, "relecloud.dk", "Søren Kjær");
  assert_search (f, "juergen@", "Jürgen Müller");
  assert_search (f, "anna.berg@contoso.com", "Anna Berg");
  assert_search (f, "fabrikam.se", "Anna Lindqvist");
  assert_search (f, "stock", "Anna Berg");
  assert_search (f, "aarh", "Søren Kjær");

  /* Not searched: phone and notes are nobody's business in a search box. */
  assert_search (f, "zzz", "");
  g_assert_cmpuint (ch_member_list_get_n_total (f->list), ==, 5);
}

static void
test_search_words (SearchFixture *f,
                   gconstpointer  data)
{
  /* Every word must match, each at the start of a word, in any order. */
  assert_search (f, "anna", "Lena Annaberg|Anna Berg|Anna Lindqvist");
  assert_search (f, "anna berg", "Anna Berg");
  assert_search (f, "berg anna", "Anna Berg");
  assert_search (f, "  Anna   BERG ", "Anna Berg");
  assert_search (f, "anna stockholm", "Anna Berg");
  assert_search (f, "anna gamla", "");
  assert_search (f, "nna", "");
  /* An empty search shows everyone. */
  assert_search (f, "", EVERYONE);
  assert_search (f, NULL, EVERYONE);
  assert_search (f, "  ", EVERYONE);
  g_assert_cmpuint (ch_member_list_get_n_total (f->list), ==, 5);
}

/* Whatever is typed, the query runs: no syntax error reaches the person. */
static void
test_search_hostile (SearchFixture *f,
                     gconstpointer  data)
{
  static const char *inputs[] = {
    "\"", "\"\"", "\"anna", "anna\"", "*", "anna*", "**", "AND", "OR", "NOT", "anna AND",
    "AND anna", "anna OR berg", "NOT berg", "NEAR(anna berg)", "NEAR(", ")", "(", "anna -berg",
    "^", "^anna", "+", "given_name:anna", "{given_name}:anna", "member_fts:anna", "rank:1",
    "'; DROP TABLE member; --", "\\", "%", "_", "anna%", "\xf0\x9e\xa4\x80", "²", "½", "…",
    "e\xcc\x81", "\xcc\x81", "🙂 anna", "ανν", "анна", "アンナ",
    "a b c d e f g h i j k",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_test_message ("%s", inputs[i]);
      run_search (f, inputs[i]);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), <=, 5);
    }

  assert_search (f, "anna AND", "");
  assert_search (f, "\"anna", "Lena Annaberg|Anna Berg|Anna Lindqvist");
  assert_search (f, "anna*", "Lena Annaberg|Anna Berg|Anna Lindqvist");
  assert_search (f, "NEAR(anna berg)", "");
  assert_search (f, "'; DROP TABLE member; --", "");
  assert_search (f, "", EVERYONE);
}

static void
test_search_changes (SearchFixture *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* A deleted member is not found any more. */
  g_assert_true (ch_store_delete (f->base.store, "member", f->anna_berg, &error));
  g_assert_no_error (error);
  assert_search (f, "anna", "Lena Annaberg|Anna Lindqvist");
  assert_search (f, "contoso", "");
  g_assert_cmpuint (ch_member_list_get_n_total (f->list), ==, 4);

  /* ... and is again once restored. */
  g_assert_true (ch_store_restore (f->base.store, "member", f->anna_berg, &error));
  assert_search (f, "contoso", "Anna Berg");

  /* An edited name is found by the new name only. */
  test_update_member (f->base.store, f->anna_lindqvist, "{'family_name': 'Ekström'}");
  assert_search (f, "lindqvist", "");
  assert_search (f, "ekstrom", "Anna Ekström");
  assert_search (f, "anna", "Lena Annaberg|Anna Berg|Anna Ekström");

  /* So are an edited company and e-mail. */
  test_update_member (f->base.store, f->anna_lindqvist,
                      "{'company': 'Tailspin Toys', 'email': 'anna@tailspin.se'}");
  assert_search (f, "fabrikam", "");
  assert_search (f, "tailsp", "Anna Ekström");
  assert_search (f, "anna@tailspin", "Anna Ekström");
}

static void
add_specialty (SearchFixture *f,
               const char    *member_id,
               const char    *specialty,
               char         **out_id)
{
  g_autoptr(JsonObject) row = test_specialty_fields (member_id, specialty);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = ch_uuid_for_name (member_id, specialty);

  g_assert_true (ch_store_insert (f->base.store, "member_specialty", f->base.chapter_id, id, row,
                                  out_id, &error));
  g_assert_no_error (error);
}

static void
test_search_specialties (SearchFixture *f,
                         gconstpointer  data)
{
  g_autofree char *security = NULL;
  g_autoptr(GError) error = NULL;

  add_specialty (f, f->soren, "Security", &security);
  add_specialty (f, f->soren, "Power Platform", NULL);
  add_specialty (f, f->anna_berg, "Azure", NULL);

  assert_search (f, "securi", "Søren Kjær");
  assert_search (f, "power plat", "Søren Kjær");
  assert_search (f, "platform", "Søren Kjær");
  assert_search (f, "azure", "Anna Berg");
  assert_search (f, "anna azure", "Anna Berg");

  /* Editing the member keeps the specialties searchable. */
  test_update_member (f->base.store, f->soren,
                      "{'company': 'Fourth Coffee', 'given_name': 'Sören'}");
  assert_search (f, "securi", "Sören Kjær");
  assert_search (f, "fourth securi", "Sören Kjær");

  /* A removed specialty is not found any more; the others still are. */
  g_assert_true (ch_store_delete (f->base.store, "member_specialty", security, &error));
  g_assert_no_error (error);
  assert_search (f, "securi", "");
  assert_search (f, "power", "Sören Kjær");

  /* A deleted and restored member keeps theirs. */
  g_assert_true (ch_store_delete (f->base.store, "member", f->anna_berg, &error));
  assert_search (f, "azure", "");
  g_assert_true (ch_store_restore (f->base.store, "member", f->anna_berg, &error));
  assert_search (f, "azure", "Anna Berg");

  /* A specialty that arrives from the server before its member. */
  {
    const char *member_id = "01900000-0000-7000-8000-0000000000aa";
    g_autofree char *tag_id = ch_uuid_for_name (member_id, "Dynamics 365");
    g_autoptr(JsonObject) tag = test_specialty_fields (member_id, "Dynamics 365");
    g_autoptr(JsonObject) member =
      test_json ("{'given_name': 'Ines', 'family_name': 'Peña'}");

    g_assert_true (ch_store_apply_remote (f->base.store, f->base.chapter_id, "member_specialty",
                                          tag_id, 10, FALSE, tag, &error));
    g_assert_true (ch_store_apply_remote (f->base.store, f->base.chapter_id, "member",
                                          member_id, 11, FALSE, member, &error));
    g_assert_no_error (error);
    assert_search (f, "dynamics", "Ines Peña");
    assert_search (f, "pena dyn", "Ines Peña");
  }
}

/* Bulk writes (a pulled page, the demo) index members once, when their
 * batch commits: found afterwards by name and specialty, edits included;
 * nothing is left over when the batch is rolled back, and writes after
 * it are indexed one by one again. */
static void
test_search_deferred (SearchFixture *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ida = NULL;
  g_autofree char *idb = NULL;

  g_assert_true (ch_store_begin (f->base.store, &error));
  ch_store_defer_search (f->base.store);
  ida = add (f, "{'given_name': 'Åke', 'family_name': 'Ørsted', 'company': 'Woodgrove'}");
  add_specialty (f, ida, "Power Platform", NULL);
  test_update_member (f->base.store, f->muller, "{'company': 'Adatum'}");
  g_assert_true (ch_store_commit (f->base.store, &error));
  g_assert_no_error (error);

  assert_search (f, "orsted", "Åke Ørsted");
  assert_search (f, "power", "Åke Ørsted");
  assert_search (f, "adatum", "Jürgen Müller");
  assert_search (f, "traders", "");

  /* Rolled back: neither the member nor an index entry stays. */
  g_assert_true (ch_store_begin (f->base.store, &error));
  ch_store_defer_search (f->base.store);
  idb = add (f, "{'given_name': 'Beata', 'family_name': 'Łukasik'}");
  ch_store_rollback (f->base.store);
  assert_search (f, "lukasik", "");

  /* ... and the next write outside a batch is found at once. */
  g_clear_pointer (&idb, g_free);
  idb = add (f, "{'given_name': 'Beata', 'family_name': 'Łukasik'}");
  assert_search (f, "lukasik", "Beata Łukasik");
}

/* The rowids of member_fts that @sql finds for the expression @expr. */
static GArray *
rowids_for (sqlite3    *db,
            const char *sql,
            const char *expr)
{
  GArray *rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *st = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &st, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (st, 1, expr, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (st, 0);

      g_array_append_val (rowids, rowid);
    }
  if (rc != SQLITE_DONE)
    g_error ("%s: %s", expr, sqlite3_errmsg (db));
  sqlite3_finalize (st);

  return rowids;
}

/* Members with words of every kind (phrases, diacritics, scripts, digits)
 * and 400 searches of them: the fixed ones, prefixes of 1 to 6 characters
 * of the members' own words, and pairs. */
static GPtrArray *
searches_of_members (SearchFixture *f)
{
  static const char *fixed[] = {
    "a", "an", "anna", "anna berg", "berg anna", "mül", "muller", "kjær", "soren", "o'b",
    "o'brien", "obrien", "jean-pierre", "jean pierre", "pierre-", "anna.berg@contoso.com",
    "contoso.com", "@contoso", "x", "zzqx", "2", "2024", "r2", "d2-", "e\xcc\x81", "²", "½",
    "🙂 anna", "ανν", "анна", "アンナ", "ß", "straße", "strasse", "ﬁn", "ǆ", "İst", "ı",
    "a b c d e f g h i j", "power platform", "power-platform", "\"anna", "NEAR(anna berg)",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261203);
  g_autoptr(GError) error = NULL;
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = ch_store_get_db (f->base.store);
  sqlite3_stmt *st = NULL;

  {
    g_autoptr(JsonObject) fields = test_json ("{'given_name': 'Jean-Pierre',"
                                              " 'company': 'R2-D2 Robotics 2024',"
                                              " 'city': 'Straße ﬁnal',"
                                              " 'email': 'jp.obrien@r2d2.example'}");
    g_autofree char *id = NULL;

    json_object_set_string_member (fields, "family_name", "O'Brien");
    ch_store_add_member (f->base.store, f->base.chapter_id, fields, &id, &error);
    g_assert_no_error (error);
  }
  g_free (add (f, "{'given_name': 'Ἀλέξανδρος', 'family_name': 'Анна', 'company': 'アンナ株式会社',"
                  " 'city': 'İstanbul ıslak'}"));
  g_assert_true (ch_demo_populate (f->base.store, f->base.chapter_id, 300, 5, CH_DEMO_LOCAL,
                                   &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (texts, g_strdup (fixed[i]));

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT given_name, family_name, company, city, email "
                                           "FROM member ORDER BY random ()", -1, &st, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (st) == SQLITE_ROW && texts->len < 400)
    {
      const char *value = (const char *) sqlite3_column_text (st, g_rand_int_range (rand, 0, 5));
      g_autofree char *prefix = NULL;

      if (value == NULL || *value == '\0')
        continue;
      prefix = g_utf8_substring (value, 0, MIN (g_rand_int_range (rand, 1, 7),
                                                g_utf8_strlen (value, -1)));
      if (g_rand_int_range (rand, 0, 4) == 0 && texts->len > 0)
        g_ptr_array_add (texts, g_strdup_printf ("%s %s", prefix,
                                                 (char *) texts->pdata[g_rand_int_range (
                                                   rand, 0, texts->len)]));
      else
        g_ptr_array_add (texts, g_steal_pointer (&prefix));
    }
  sqlite3_finalize (st);

  return texts;
}

/* The member list walks the name order for a common word and tests each
 * row with ch_search_row() (ch-search-row.c) instead of asking the index:
 * it must find exactly the rows MATCH finds, for whatever is typed —
 * prefixes of every length, several words, words of a phrase (hyphens,
 * apostrophes, e-mail addresses), diacritics, scripts, digits. */
static void
test_search_row_function (SearchFixture *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) texts = searches_of_members (f);
  sqlite3 *db = ch_store_get_db (f->base.store);
  guint matched = 0;

  for (guint i = 0; i < texts->len; i++)
    {
      g_autofree char *expr = ch_search_match_expression (texts->pdata[i]);
      g_autoptr(GArray) want = NULL;
      g_autoptr(GArray) got = NULL;

      if (expr == NULL)
        continue;
      want = rowids_for (db, "SELECT rowid FROM member_fts WHERE member_fts MATCH ?1 "
                             "ORDER BY rowid", expr);
      got = rowids_for (db, "SELECT id FROM member_fts_content "
                            "WHERE ch_search_row (?1, 0, c0, c1, c2, c3, c4, c5) "
                            "ORDER BY id", expr);
      /* (memcmp() of no rows: an empty GArray's data is NULL.) */
      if (want->len != got->len ||
          (want->len > 0 && memcmp (want->data, got->data, want->len * sizeof (gint64)) != 0))
        g_error ("“%s” (%s): MATCH finds %u rows, ch_search_row %u", (char *) texts->pdata[i],
                 expr, want->len, got->len);
      matched += want->len > 0;
    }

  /* Most searches found someone: the comparison was not of empty sets. */
  g_assert_cmpuint (matched, >, texts->len / 2);
}

/* A member's initials (ch_search_initials(), 64 bits of which tokens its
 * texts hold) are what a search in memory reads: every row MATCH finds
 * has the initials ch_search_row_wanted() asks for, and for words of one
 * letter or digit exactly those rows have them, for whatever is typed. */
static void
test_search_initials (SearchFixture *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) texts = searches_of_members (f);
  sqlite3 *db = ch_store_get_db (f->base.store);
  guint exact_ones = 0, fitted = 0;

  g_ptr_array_add (texts, g_strdup ("q"));
  g_ptr_array_add (texts, g_strdup ("a b"));
  g_ptr_array_add (texts, g_strdup ("2 s"));
  for (guint i = 0; i < texts->len; i++)
    {
      g_autofree char *expr = ch_search_match_expression (texts->pdata[i]);
      g_autofree char *sql = NULL;
      g_autoptr(GArray) want = NULL;
      g_autoptr(GArray) got = NULL;
      gboolean exact = FALSE;
      guint64 initials;
      guint j = 0;

      if (expr == NULL || (initials = ch_search_row_wanted (expr, &exact)) == 0)
        continue;
      want = rowids_for (db, "SELECT rowid FROM member_fts WHERE member_fts MATCH ?1 "
                             "ORDER BY rowid", expr);
      sql = g_strdup_printf ("SELECT id FROM member_fts_content "
                             "WHERE ch_search_initials (c0, c1, c2, c3, c4, c5) & %1$"
                             G_GINT64_FORMAT " = %1$" G_GINT64_FORMAT " ORDER BY id",
                             (gint64) initials);
      got = rowids_for (db, sql, NULL);
      /* Every match among the rows that fit (both in rowid order). */
      for (guint k = 0; k < got->len && j < want->len; k++)
        if (g_array_index (got, gint64, k) == g_array_index (want, gint64, j))
          j++;
      if (j != want->len || (exact && got->len != want->len))
        g_error ("“%s” (%s): MATCH finds %u rows, %u of them among the %u that fit%s",
                 (char *) texts->pdata[i], expr, want->len, j, got->len,
                 exact ? " (exact)" : "");
      exact_ones += exact;
      fitted++;
    }
  /* Words of one letter and longer words were compared. */
  g_assert_cmpuint (exact_ones, >, 10);
  g_assert_cmpuint (fitted, >, exact_ones + 100);
}

/* Whether MATCH finds the same rows for @expr and for @as. */
static void
assert_same_rows (sqlite3    *db,
                  const char *text,
                  const char *expr,
                  const char *as)
{
  g_autoptr(GArray) want = rowids_for (db, "SELECT rowid FROM member_fts "
                                           "WHERE member_fts MATCH ?1 ORDER BY rowid", expr);
  g_autoptr(GArray) got = rowids_for (db, "SELECT rowid FROM member_fts "
                                          "WHERE member_fts MATCH ?1 ORDER BY rowid", as);

  if (want->len != got->len ||
      (want->len > 0 && memcmp (want->data, got->data, want->len * sizeof (gint64)) != 0))
    g_error ("“%s”: MATCH finds %u rows for %s, %u for %s", text, want->len, expr, got->len, as);
}

/* The member list asks the search index for a prefix longer than its
 * prefix indexes as the OR of the index's terms that start with it
 * (ch-member-query-terms.c), which FTS5 reads lazily: the same rows as the
 * prefix, for whatever is typed, and the terms of the file as it is now. */
static void
test_search_terms (SearchFixture *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) texts = searches_of_members (f);
  g_autoptr(GString) many = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = ch_store_get_db (f->base.store);
  g_autofree char *json = NULL;
  guint expanded = 0;

  /* Twenty words of one prefix: more terms than are put in an OR. */
  for (char c = 'a'; c < 'a' + 20; c++)
    g_string_append_printf (many, "zyxw%c ", c);
  g_free (add (f, "{'given_name': 'Ada', 'family_name': 'Qwertyson'}"));
  json = g_strdup_printf ("{'given_name': 'Zed', 'family_name': 'Zyxwv', 'company': '%s'}",
                          many->str);
  g_free (add (f, json));
  g_ptr_array_add (texts, g_strdup ("zyxw"));
  g_ptr_array_add (texts, g_strdup ("zyxwb"));
  g_ptr_array_add (texts, g_strdup ("zyxwb qwert"));
  g_ptr_array_add (texts, g_strdup ("qqqqq"));

  for (guint i = 0; i < texts->len; i++)
    {
      g_autofree char *expr = ch_search_match_expression (texts->pdata[i]);
      g_autofree char *as = NULL;

      if (expr == NULL)
        continue;
      as = ch_member_query_terms_expand (db, expr, &error);
      g_assert_no_error (error);
      if (as == NULL)
        continue;
      assert_same_rows (db, texts->pdata[i], expr, as);
      expanded++;
    }
  /* Many of the searches were asked another way. */
  g_assert_cmpuint (expanded, >, 40);

  /* A prefix of twenty terms, of none, of three characters (its own
   * index) and a word of no plain letters are asked as typed. */
  {
    static const char *as_typed[] = { "\"zyxw\"*", "\"qqqqq\"*", "\"sto\"*", "\"mül\"*" };

    for (guint i = 0; i < G_N_ELEMENTS (as_typed); i++)
      {
        g_autofree char *as = ch_member_query_terms_expand (db, as_typed[i], &error);

        g_assert_no_error (error);
        g_assert_null (as);
      }
  }

  /* The terms are the file's as it is when asked: a new one is found. */
  {
    g_autofree char *before = ch_member_query_terms_expand (db, "\"zyxwb\"* \"qwert\"*",
                                                            &error);
    g_autofree char *after = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (before, ==, "(\"zyxwb\") AND (\"qwertyson\")");
    g_free (add (f, "{'given_name': 'Bo', 'family_name': 'Qwertmann'}"));
    after = ch_member_query_terms_expand (db, "\"zyxwb\"* \"qwert\"*", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (after, ==, "(\"zyxwb\") AND (\"qwertmann\" OR \"qwertyson\")");
    assert_same_rows (db, "qwert", "\"qwert\"*", "(\"qwertmann\" OR \"qwertyson\")");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/expression", test_expression);

#define ADD(path, func) \
  g_test_add (path, SearchFixture, NULL, search_fixture_setup, func, search_fixture_teardown)

  ADD ("/search/members/diacritics", test_search_diacritics);
  ADD ("/search/members/fields", test_search_fields);
  ADD ("/search/members/words", test_search_words);
  ADD ("/search/members/hostile-input", test_search_hostile);
  ADD ("/search/members/changes", test_search_changes);
  ADD ("/search/members/specialties", test_search_specialties);
  ADD ("/search/members/deferred", test_search_deferred);
  ADD ("/search/members/row-function", test_search_row_function);
  ADD ("/search/members/terms", test_search_terms);
  ADD ("/search/members/initials", test_search_initials);

#undef ADD

  return g_test_run ();
}
