/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The user's language in sorting, search folding, money and counts (issue
 * 15), through ICU.  ICU needs no system locale: each test names the
 * locale it wants, as a user of that language would have it. */

#include "config.h"

#include <string.h>

#include "ch-collate.h"
#include "ch-fold.h"
#include "ch-locale.h"
#include "ch-merge.h"
#include "ch-money.h"
#include "ch-number.h"
#include "ch-store-private.h"
#include "ch-test-util.h"

#define NBSP "\xc2\xa0"

/* ----------------------------------------------------------------------- */
/* Locale names                                                              */

static void
test_locale_names (void)
{
  static const struct { const char *posix, *icu; } cases[] = {
    { "sv_SE.UTF-8", "sv_SE" },
    { "de_DE.utf8", "de_DE" },
    { "de_DE@euro", "de_DE" },
    { "en_US", "en_US" },
    { "C", "" },
    { "C.UTF-8", "" },
    { "POSIX", "" },
    { "", "" },
    { NULL, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *icu = ch_locale_from_posix (cases[i].posix);

      g_assert_cmpstr (icu, ==, cases[i].icu);
    }
}

/* ----------------------------------------------------------------------- */
/* Folding                                                                   */

static void
test_fold (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "Þóra", "thora" },
    { "Guðrún", "gudrun" },
    { "Œuvre", "oeuvre" },
    { "œuvre", "oeuvre" },
    { "Ħamrun", "hamrun" },
    { "ﬁnance", "finance" },            /* the fi ligature */
    { "Ｆｕｌｌ", "full" },                /* full-width letters */
    { "ＡＢＣ　１２３", "abc 123" },
    { "Ĳsselmeer", "ijsselmeer" },
    { "ẞ", "ss" },
    { "Müller", "muller" },
    { "Åkesson", "akesson" },
    { "Ørsted", "orsted" },
    { "Łódź", "lodz" },
    { "Đorđević", "dordevic" },
    { "Ǆemal", "dzemal" },
    { "Σίσυφος", "σισυφοσ" },           /* final sigma as sigma */
    { "김민준", "김민준" },               /* Hangul stays whole */
    { "Plain ASCII", "plain ascii" },
    { "\xff\xfe", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = ch_fold (cases[i].in);

      g_assert_cmpstr (folded, ==, cases[i].out);
    }
}

/* Folding on several threads at once: each has its own ICU objects. */
static gpointer
fold_many (gpointer data)
{
  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *folded = ch_fold ("Þórunn Guðmundsdóttir");
      gsize len;
      g_autofree guint8 *key = ch_collate_key ("sv_SE", "Åsa Öberg", &len);

      if (strcmp (folded, "thorunn gudmundsdottir") != 0 || len == 0)
        return GINT_TO_POINTER (FALSE);
    }

  return GINT_TO_POINTER (TRUE);
}

static void
test_fold_threads (void)
{
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("fold", fold_many, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (threads[i])));
}

/* ----------------------------------------------------------------------- */
/* Collation keys                                                            */

typedef struct
{
  const char *locale;
} SortData;

static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const char *locale = user_data;
  const char *sa = *(const char * const *) a;
  const char *sb = *(const char * const *) b;
  gsize la, lb;
  g_autofree guint8 *ka = ch_collate_key (locale, sa, &la);
  g_autofree guint8 *kb = ch_collate_key (locale, sb, &lb);
  int c = memcmp (ka, kb, MIN (la, lb));

  return c != 0 ? c : (la > lb) - (la < lb);
}

/* @names sorted by their keys in @locale, joined with "|". */
static char *
sorted (const char *locale,
        const char *names)
{
  g_auto(GStrv) parts = g_strsplit (names, "|", -1);

  g_qsort_with_data (parts, g_strv_length (parts), sizeof (char *), compare_keys,
                     (gpointer) locale);
  return g_strjoinv ("|", parts);
}

static void
test_collate_keys (void)
{
  static const char names[] = "Zorn|Öberg|Andersson|Åberg|Ärlig|Berg|Ahl|Östlund";

  /* Swedish: Å Ä Ö are letters of their own, after Z. */
  {
    g_autofree char *order = sorted ("sv_SE", names);

    g_assert_cmpstr (order, ==, "Ahl|Andersson|Berg|Zorn|Åberg|Ärlig|Öberg|Östlund");
  }
  /* German and English: Ä with A, Ö with O. */
  {
    g_autofree char *order = sorted ("de_DE", names);

    g_assert_cmpstr (order, ==, "Åberg|Ahl|Andersson|Ärlig|Berg|Öberg|Östlund|Zorn");
  }
  {
    g_autofree char *order = sorted ("en_US", names);

    g_assert_cmpstr (order, ==, "Åberg|Ahl|Andersson|Ärlig|Berg|Öberg|Östlund|Zorn");
  }
  /* Case and accents only break ties between names alike. */
  {
    g_autofree char *order = sorted ("de_DE", "müller|Mueller|Muller|Müller|Mull");

    g_assert_cmpstr (order, ==, "Mueller|Mull|Muller|müller|Müller");
  }
  /* The C locale: ICU's root order, not byte order ("émile" is not last). */
  {
    g_autofree char *order = sorted ("", "zed|émile|Eva|adam");

    g_assert_cmpstr (order, ==, "adam|émile|Eva|zed");
  }
}

static void
test_collate_describe (void)
{
  g_autofree char *sv = ch_collate_describe ("sv_SE");
  g_autofree char *root = ch_collate_describe ("");

  g_assert_true (g_str_has_prefix (sv, "sv_SE "));
  g_assert_true (g_str_has_prefix (root, "root "));
}

/* ----------------------------------------------------------------------- */
/* The store's name keys                                                     */

static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* The family names the member list shows, in order, for @search. */
static char *
names_shown (StoreFixture *f,
             const char   *search)
{
  g_autoptr(ChMemberList) list = ch_member_list_new (f->store, f->chapter_id);
  GString *out = g_string_new (NULL);
  guint n;

  ch_member_list_set_search (list, search);
  test_wait_loaded (list);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChMember) m = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_string_append_printf (out, "%s%s", i ? "|" : "", ch_member_get_family_name (m));
    }
  test_finalize_list (g_steal_pointer (&list));

  return g_string_free (out, FALSE);
}

static char *
names_in_order (StoreFixture *f)
{
  return names_shown (f, NULL);
}

static void
add_names (StoreFixture *f)
{
  static const char *families[] = { "Zorn", "Öberg", "Andersson", "Åberg", "Ärlig", "Berg" };

  for (guint i = 0; i < G_N_ELEMENTS (families); i++)
    g_free (test_add_member (f->store, f->chapter_id, "Anna", families[i], NULL));
}

static void
test_store_order (StoreFixture  *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;

  /* The tests run in the C locale: ICU's root order. */
  g_assert_cmpstr (ch_store_get_collation (f->store), ==, "");

  g_assert_true (ch_store_set_collation (f->store, "sv_SE", &error));
  g_assert_no_error (error);
  add_names (f);
  {
    g_autofree char *order = names_in_order (f);

    g_assert_cmpstr (order, ==, "Andersson|Berg|Zorn|Åberg|Ärlig|Öberg");
  }
  stored = ch_store_get_meta (f->store, "name_key_collation");
  g_assert_true (g_str_has_prefix (stored, "sv_SE "));

  /* The user switches to German: every key is made again. */
  g_assert_true (ch_store_set_collation (f->store, "de_DE", &error));
  g_assert_no_error (error);
  {
    g_autofree char *order = names_in_order (f);

    g_assert_cmpstr (order, ==, "Åberg|Andersson|Ärlig|Berg|Öberg|Zorn");
  }
  g_free (stored);
  stored = ch_store_get_meta (f->store, "name_key_collation");
  g_assert_true (g_str_has_prefix (stored, "de_DE "));

  /* Opened again under the process's own locale (C): the root order, and
   * the record says so. */
  g_clear_object (&f->store);
  f->store = ch_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ch_store_get_collation (f->store), ==, "");
  g_free (stored);
  stored = ch_store_get_meta (f->store, "name_key_collation");
  g_assert_true (g_str_has_prefix (stored, "root "));
  {
    g_autofree char *order = names_in_order (f);

    g_assert_cmpstr (order, ==, "Åberg|Andersson|Ärlig|Berg|Öberg|Zorn");
  }

  /* Every key is a collation key (a BLOB), none is left folded text. */
  {
    g_autofree char *text = test_query_text (f->path, "SELECT count(*) FROM member "
                                                      "WHERE typeof (name_key) != 'blob'");
    g_assert_cmpstr (text, ==, "0");
  }
}


static void
changed_cb (ChStore    *store,
            const char *entity,
            const char *id,
            gpointer    data)
{
  guint *count = data;

  if (entity == NULL)
    (*count)++;
}

static void
collation_updated_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      data)
{
  g_autoptr(GError) error = NULL;
  gboolean *done = data;

  g_assert_true (ch_store_update_collation_finish (CH_STORE (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* The window opens a store whose keys are in another collation at once, in
 * the file's order, and makes the keys again in a worker thread: a chapter
 * of 100,000 members took seconds before its window showed. */
static void
test_store_later (StoreFixture  *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  gboolean done = FALSE;
  guint changed = 0;
  gulong handler;

  g_assert_true (ch_store_set_collation (f->store, "sv_SE", &error));
  g_assert_no_error (error);
  add_names (f);

  /* Opened under the process's locale (C, ICU's root order), later. */
  g_clear_object (&f->store);
  f->store = ch_store_open_full (f->path, CH_STORE_OPEN_COLLATION_LATER, &error);
  g_assert_no_error (error);
  g_assert_true (ch_store_has_pending_collation (f->store));
  g_assert_cmpstr (ch_store_get_collation (f->store), ==, "sv_SE");
  {
    g_autofree char *order = names_in_order (f);

    g_assert_cmpstr (order, ==, "Andersson|Berg|Zorn|Åberg|Ärlig|Öberg");
  }

  /* A member added meanwhile takes a key in the file's order. */
  g_free (test_add_member (f->store, f->chapter_id, "Anna", "Ångström", NULL));
  {
    g_autofree char *order = names_in_order (f);

    g_assert_cmpstr (order, ==, "Andersson|Berg|Zorn|Åberg|Ångström|Ärlig|Öberg");
  }

  handler = g_signal_connect (f->store, "changed", G_CALLBACK (changed_cb), &changed);
  ch_store_update_collation_async (f->store, NULL, collation_updated_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (f->store, handler);

  /* Lists were told to read again, and read the new order. */
  g_assert_cmpuint (changed, ==, 1);
  g_assert_false (ch_store_has_pending_collation (f->store));
  g_assert_cmpstr (ch_store_get_collation (f->store), ==, "");
  stored = ch_store_get_meta (f->store, "name_key_collation");
  g_assert_true (g_str_has_prefix (stored, "root "));
  {
    g_autofree char *order = names_in_order (f);

    g_assert_cmpstr (order, ==, "Åberg|Andersson|Ångström|Ärlig|Berg|Öberg|Zorn");
  }

  /* Nothing pending: the call answers at once. */
  done = FALSE;
  ch_store_update_collation_async (f->store, NULL, collation_updated_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  /* The same file with its keys already in the user's collation is opened
   * with nothing pending. */
  g_clear_object (&f->store);
  f->store = ch_store_open_full (f->path, CH_STORE_OPEN_COLLATION_LATER, &error);
  g_assert_no_error (error);
  g_assert_false (ch_store_has_pending_collation (f->store));
}

/* Two programs under different locales on one file: a store writes new keys
 * in the collation the file's keys are in, not in its own, or the list's
 * order would mix two collations. */
static void
test_store_follow (StoreFixture  *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChStore) other = NULL;

  add_names (f);
  g_assert_cmpstr (ch_store_get_collation (f->store), ==, "");

  /* Another program, in Swedish, makes every key again. */
  other = ch_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (ch_store_set_collation (other, "sv_SE", &error));
  g_assert_no_error (error);
  g_clear_object (&other);

  /* This one, still root, adds a member: its key is a Swedish one. */
  g_free (test_add_member (f->store, f->chapter_id, "Anna", "Ångström", NULL));
  g_assert_cmpstr (ch_store_get_collation (f->store), ==, "sv_SE");
  {
    g_autofree char *order = names_in_order (f);

    g_assert_cmpstr (order, ==, "Andersson|Berg|Zorn|Åberg|Ångström|Ärlig|Öberg");
  }
}

/* A store from before level 20 has folded text keys: opening it makes
 * them collation keys, and the search index is folded again. */
static void
test_store_upgrade (StoreFixture  *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  add_names (f);
  g_free (test_add_member (f->store, f->chapter_id, "Þóra", "Guðmundsdóttir", NULL));
  g_clear_object (&f->store);

  /* As level 19 left it: folded keys, no record, the old folding in the
   * index (þ and ð were kept as they are). */
  sql = g_strdup ("UPDATE member SET name_key = lower (family_name || ' ' || given_name);"
                  "DELETE FROM meta WHERE key = 'name_key_collation';"
                  "UPDATE member_fts SET given_name = 'þora', "
                  "family_name = 'guðmundsdottir' WHERE given_name = 'thora';"
                  "PRAGMA user_version = 19;");
  exec_sql (f->path, sql);

  f->store = ch_store_open (f->path, &error);
  g_assert_no_error (error);
  {
    g_autofree char *text = test_query_text (f->path, "SELECT count(*) FROM member "
                                                      "WHERE typeof (name_key) != 'blob'");
    g_assert_cmpstr (text, ==, "0");
  }
  {
    g_autofree char *order = names_in_order (f);

    g_assert_cmpstr (order, ==, "Åberg|Andersson|Ärlig|Berg|Guðmundsdóttir|Öberg|Zorn");
  }

  /* "thora" finds Þóra: the index was folded again. */
  {
    g_autofree char *shown = names_shown (f, "thora gudmunds");

    g_assert_cmpstr (shown, ==, "Guðmundsdóttir");
  }
}

/* Possible duplicates are found through the name keys: the same family
 * name, letters alike, whatever the accents and case. */
static void
test_store_similar (StoreFixture  *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *mueller = NULL;
  g_autofree char *found = NULL;

  g_assert_true (ch_store_set_collation (f->store, "de_DE", &error));
  mueller = test_add_member (f->store, f->chapter_id, "Anna", "Müller", NULL);
  g_free (test_add_member (f->store, f->chapter_id, "Anna", "Müllerson", NULL));
  g_free (test_add_member (f->store, f->chapter_id, "Anna", "Mull", NULL));

  found = ch_merge_find_similar (f->store, f->chapter_id, "Anna", "muller", NULL, NULL);
  g_assert_cmpstr (found, ==, mueller);
  g_free (found);
  found = ch_merge_find_similar (f->store, f->chapter_id, "Annalena", " MÜLLER ", NULL, NULL);
  g_assert_cmpstr (found, ==, mueller);
  g_free (found);
  found = ch_merge_find_similar (f->store, f->chapter_id, "Anna", "Mül", NULL, NULL);
  g_assert_null (found);
  found = ch_merge_find_similar (f->store, f->chapter_id, "Anna", "Müller", NULL, mueller);
  g_assert_null (found);
}

/* ----------------------------------------------------------------------- */
/* Money and counts                                                          */

static void
test_money_format (void)
{
  static const struct { const char *locale, *currency; gint64 minor; const char *text; } cases[] = {
    { "sv_SE", "SEK", 150000, "1" NBSP "500,00" NBSP "kr" },
    { "de_DE", "EUR", 150000, "1.500,00" NBSP "€" },
    { "en_US", "USD", 150000, "$1,500.00" },
    { "en_US", "USD", -150, "-$1.50" },
    { "hu_HU", "HUF", 1500, "1" NBSP "500" NBSP "Ft" },
    { "zh_TW", "TWD", 1500, "$1,500" },
    { "ja_JP", "JPY", 1500, "￥1,500" },
    { "en_US", "JPY", 1500, "¥1,500" },
    { "de_DE", "KWD", 1500, "1,500" NBSP "KWD" },
    { "sv_SE", "EUR", 12345678, "123" NBSP "456,78" NBSP "€" },
    /* The C locale keeps the neutral form scripts read. */
    { "", "SEK", 150000, "SEK 1500.00" },
    { "", "JPY", -1200, "JPY -1200" },
    { "", "EUR", G_MAXINT64, "EUR 92233720368547758.07" },
    /* A code ICU does not know. */
    { "sv_SE", "XQZ", 150000, "1" NBSP "500,00" NBSP "XQZ" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ch_money_format_for_locale (cases[i].minor, cases[i].currency,
                                                          cases[i].locale);

      g_assert_cmpstr (text, ==, cases[i].text);
    }

  /* The number alone, for an entry labelled with the currency. */
  {
    g_autofree char *text = ch_money_format_number_for_locale (150000, "SEK", "sv_SE");

    g_assert_cmpstr (text, ==, "1" NBSP "500,00");
  }
}

static void
test_money_digits (void)
{
  g_assert_cmpuint (ch_money_currency_digits ("SEK"), ==, 2);
  g_assert_cmpuint (ch_money_currency_digits ("EUR"), ==, 2);
  g_assert_cmpuint (ch_money_currency_digits ("USD"), ==, 2);
  g_assert_cmpuint (ch_money_currency_digits ("JPY"), ==, 0);
  g_assert_cmpuint (ch_money_currency_digits ("KWD"), ==, 3);
  g_assert_cmpuint (ch_money_currency_digits ("BHD"), ==, 3);
  g_assert_cmpuint (ch_money_currency_digits ("ISK"), ==, 0);
  /* Stored as whole amounts before ICU was asked; kept so. */
  g_assert_cmpuint (ch_money_currency_digits ("HUF"), ==, 0);
  g_assert_cmpuint (ch_money_currency_digits ("TWD"), ==, 0);
  g_assert_cmpuint (ch_money_currency_digits ("IQD"), ==, 3);
  /* From ICU, not a hand table: currencies it never listed. */
  g_assert_cmpuint (ch_money_currency_digits ("CLF"), ==, 4);
  g_assert_cmpuint (ch_money_currency_digits ("PYG"), ==, 0);
  g_assert_cmpuint (ch_money_currency_digits (NULL), ==, 2);
  g_assert_cmpuint (ch_money_currency_digits ("bogus"), ==, 2);
}

static void
test_money_read (void)
{
  static const struct { const char *locale, *currency, *text; gint64 minor; } good[] = {
    { "sv_SE", "SEK", "1" NBSP "500,00" NBSP "kr", 150000 },
    { "sv_SE", "SEK", "1 500,50", 150050 },
    { "sv_SE", "SEK", "1500", 150000 },
    { "sv_SE", "SEK", "1500,5", 150050 },
    { "sv_SE", "SEK", "1500:-", 150000 },
    { "de_DE", "EUR", "1.500,00" NBSP "€", 150000 },
    { "de_DE", "EUR", "1.500,00 €", 150000 },
    { "de_DE", "EUR", "1,5", 150 },
    { "de_DE", "EUR", "1.500", 150000 },
    { "en_US", "USD", "$1,500.00", 150000 },
    { "en_US", "USD", "1,500", 150000 },
    { "en_US", "USD", "1.5", 150 },
    { "hu_HU", "HUF", "1 500 Ft", 1500 },
    { "ja_JP", "JPY", "￥1,500", 1500 },
    { "", "EUR", "120.50", 12050 },
  };
  static const struct { const char *locale, *currency, *text, *message; } bad[] = {
    { "sv_SE", "SEK", "abc", "“abc” is not an amount of SEK. Write it with at most 2 decimals, "
                             "like 1" NBSP "500,50." },
    { "en_US", "USD", "1.234.5", "“1.234.5” is not an amount of USD. Write it with at most 2 "
                                 "decimals, like 1,500.50." },
    { "sv_SE", "SEK", "1,505", NULL },   /* three decimals */
    { "hu_HU", "HUF", "1500,50", "“1500,50” is not an amount of HUF. Amounts of HUF are whole: "
                                 "write it like 1" NBSP "500." },
    { "de_DE", "EUR", "", NULL },
    { "de_DE", "EUR", "12 Äpfel", NULL },
    { "de_DE", "EUR", "99999999999999999999",
      "“99999999999999999999” is too large an amount." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minor = -1;

      if (!ch_money_read_for_locale (good[i].text, good[i].currency, good[i].locale, &minor,
                                     &error))
        g_error ("“%s” (%s): %s", good[i].text, good[i].locale, error->message);
      g_assert_cmpint (minor, ==, good[i].minor);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minor = -1;
      int code;

      if (ch_money_read_for_locale (bad[i].text, bad[i].currency, bad[i].locale, &minor, &error))
        g_error ("“%s” (%s) read as %" G_GINT64_FORMAT, bad[i].text, bad[i].locale, minor);
      code = bad[i].message != NULL && strstr (bad[i].message, "large") != NULL
             ? CH_MONEY_ERROR_TOO_LARGE : CH_MONEY_ERROR_INVALID;
      g_assert_error (error, CH_MONEY_ERROR, code);
      if (bad[i].message != NULL)
        g_assert_cmpstr (error->message, ==, bad[i].message);
      g_assert_cmpint (minor, ==, -1);
    }

  /* What is shown reads back as the same amount. */
  {
    static const char *locales[] = { "sv_SE", "de_DE", "en_US", "fr_FR", "de_CH", "" };
    static const char *currencies[] = { "SEK", "EUR", "USD", "CHF", "JPY", "KWD", "HUF" };

    for (guint l = 0; l < G_N_ELEMENTS (locales); l++)
      for (guint c = 0; c < G_N_ELEMENTS (currencies); c++)
        for (gint64 minor = 1; minor < G_GINT64_CONSTANT (100000000000); minor = minor * 7 + 3)
          {
            g_autofree char *text = ch_money_format_for_locale (minor, currencies[c], locales[l]);
            g_autofree char *number = ch_money_format_number_for_locale (minor, currencies[c],
                                                                         locales[l]);
            g_autoptr(GError) error = NULL;
            gint64 back = -1;

            if (!ch_money_read_for_locale (text, currencies[c], locales[l], &back, &error))
              g_error ("“%s” (%s): %s", text, locales[l], error->message);
            g_assert_cmpint (back, ==, minor);
            if (!ch_money_read_for_locale (number, currencies[c], locales[l], &back, &error))
              g_error ("“%s” (%s): %s", number, locales[l], error->message);
            g_assert_cmpint (back, ==, minor);
          }
  }
}

static void
test_number_format (void)
{
  static const struct { const char *locale; gint64 n; const char *text; } cases[] = {
    { "sv_SE", 100000, "100" NBSP "000" },
    { "de_DE", 100000, "100.000" },
    { "en_US", 100000, "100,000" },
    { "en_US", 999, "999" },
    { "de_CH", 1234567, "1’234’567" },
    { "", 100000, "100000" },
    { "", -5, "-5" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ch_number_format_for_locale (cases[i].n, cases[i].locale);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int    argc,
      char **argv)
{
  test_init_c_locale (&argc, &argv);

  g_test_add_func ("/locale/names", test_locale_names);
  g_test_add_func ("/locale/fold", test_fold);
  g_test_add_func ("/locale/fold/threads", test_fold_threads);
  g_test_add_func ("/locale/collate/keys", test_collate_keys);
  g_test_add_func ("/locale/collate/describe", test_collate_describe);
  g_test_add ("/locale/store/order", StoreFixture, NULL,
              store_fixture_setup, test_store_order, store_fixture_teardown);
  g_test_add ("/locale/store/later", StoreFixture, NULL,
              store_fixture_setup, test_store_later, store_fixture_teardown);
  g_test_add ("/locale/store/follow", StoreFixture, NULL,
              store_fixture_setup, test_store_follow, store_fixture_teardown);
  g_test_add ("/locale/store/upgrade", StoreFixture, NULL,
              store_fixture_setup, test_store_upgrade, store_fixture_teardown);
  g_test_add ("/locale/store/similar", StoreFixture, NULL,
              store_fixture_setup, test_store_similar, store_fixture_teardown);
  g_test_add_func ("/locale/money/format", test_money_format);
  g_test_add_func ("/locale/money/digits", test_money_digits);
  g_test_add_func ("/locale/money/read", test_money_read);
  g_test_add_func ("/locale/number/format", test_number_format);

  return g_test_run ();
}
