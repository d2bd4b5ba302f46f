/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ch-bench-members: how fast the Members list answers on a given database.
 *
 *   ch-bench-members --db PATH [--label 100k] [--chapter ID] [--repeat N]
 *                    [--no-search] [--no-sort] [--no-filters] [--list-queries]
 *
 * Everything goes through the code the window uses: ChStore, and ChMemberList
 * with ch_member_list_set_search () / ch_member_list_set_sort () followed by
 * ch_member_list_refresh_window_sync (), whose time is what is measured.  Prints
 * key=value lines on stdout (times in milliseconds); details on stderr.
 *
 * This is a benchmark, not a test: it never fails because something is slow.
 */
#define G_LOG_DOMAIN "ch-bench-members"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>

#include "ch-member-list.h"
#include "ch-member-list-private.h"
#include "ch-store-private.h"
#include "ch-store.h"
#include "ch-fold.h"

/* How many rows the query set is drawn from (the demo data repeats). */
#define SAMPLE_ROWS 50000

/* Per prefix length (1–6) and per kind of value. */
#define QUERIES_PER_CELL 9
#define TWO_WORD_QUERIES 48

typedef enum
{
  KIND_FAMILY,
  KIND_GIVEN,
  KIND_COMPANY,
  KIND_CITY,
  N_KINDS
} Kind;

static const char *kind_columns[N_KINDS] = {
  "family_name", "given_name", "company", "city",
};

/* Typed by hand: the cases the design names, and their folded twins. */
static const char *fixed_queries[] = {
  "mül", "muller", "müller", "lindq", "lindqvist", "kobenh", "københ", "göte", "gote",
  "sjöb", "sjob", "ørst", "orst", "łuk", "luk", "dvoř", "dvor", "çel", "cel", "ibáñ",
  "iban", "northw", "contoso", "stockh", "anna", "anna mül", "erik lind", "lindqvist stockholm",
  "søren kj", "malmö", "malmo",
};

/* Family names and cities of tens of thousands of members far down the
 * name order at 1,000,000 (the slow searches of h/search1m), timed apart
 * from the query set. */
static const char *slow_queries[] = {
  "wik", "sjöb", "sjob", "lindqvist", "lindq", "holm", "engst", "eks", "for",
  "lindqvist stockholm",
};

typedef struct
{
  char    *text;
  guint    length;    /* prefix length in characters, 0 for several words */
  gboolean fixed;
  double   ms;
  double   cpu_ms;
  guint    n_results;
  ChMemberQueryPlan plan;  /* how the list read its window */
} Query;

static void
query_free (gpointer data)
{
  Query *q = data;

  g_free (q->text);
  g_free (q);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* CPU time of the calling thread (the synchronous refresh runs on it). */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static double last_cpu_ms;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Nearest-rank percentile of @values (sorted in place). */
static double
percentile (GArray *values,
            guint   p)
{
  guint rank;

  if (values->len == 0)
    return 0.0;

  g_array_sort (values, compare_doubles);
  rank = MAX (1, (p * values->len + 99) / 100);

  return g_array_index (values, double, MIN (rank, values->len) - 1);
}

static int
compare_queries_slowest_first (gconstpointer a,
                               gconstpointer b)
{
  const Query *x = *(Query * const *) a;
  const Query *y = *(Query * const *) b;

  return (x->ms < y->ms) - (x->ms > y->ms);
}

/* How the list read a window (ChMemberQueryPlan), for the slow lines. */
static const char *
plan_name (ChMemberQueryPlan plan)
{
  static const char *names[] = { "drive", "set", "walk", "rank" };

  return plan < G_N_ELEMENTS (names) ? names[plan] : "?";
}

static void
print_ms (const char *key,
          const char *label,
          double      ms)
{
  g_print ("%s_%s=%.2f\n", key, label, ms);
}

/* Runs the main context until the list has no query on its way. */
static void
wait_idle (ChMemberList *list)
{
  while (ch_member_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/*
 * The setters start a query on the worker thread.  If ch_member_list_refresh_sync ()
 * were called right away, that query could take the reader first (it often
 * does on two cores) and the time measured would be two queries, one waiting
 * for the other.  So: let the worker's query land first (that is the time
 * the window waits for its rows, returned here), then time refresh_sync ()
 * running the same query alone.
 */
static double
wait_async (ChMemberList *list,
            double        start)
{
  wait_idle (list);

  return now_ms () - start;
}

static double
timed_refresh (ChMemberList *list)
{
  g_autoptr(GError) error = NULL;
  double start = now_ms ();
  double cpu = thread_cpu_ms ();
  double ms;

  /* What the window waits for: the first rows (a large result is counted
   * afterwards, in the background). */
  if (!ch_member_list_refresh_window_sync (list, &error))
    {
      g_printerr ("ch-bench-members: %s\n", error->message);
      exit (EXIT_FAILURE);
    }
  ms = now_ms () - start;
  last_cpu_ms = thread_cpu_ms () - cpu;
  wait_idle (list);

  return ms;
}

/* ---------------------------------------------------------------------- */
/* The query set                                                            */

static GPtrArray *
sample_values (sqlite3    *db,
               const char *chapter_id,
               Kind        kind)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = NULL;
  sqlite3_stmt *st = NULL;

  sql = g_strdup_printf ("SELECT DISTINCT %1$s FROM (SELECT %1$s FROM member "
                         "WHERE chapter_id = ?1 AND deleted = 0 AND %1$s IS NOT NULL LIMIT %2$d) "
                         "ORDER BY 1",
                         kind_columns[kind], SAMPLE_ROWS);
  if (sqlite3_prepare_v2 (db, sql, -1, &st, NULL) != SQLITE_OK)
    {
      g_printerr ("ch-bench-members: %s\n", sqlite3_errmsg (db));
      exit (EXIT_FAILURE);
    }
  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_STATIC);
  while (sqlite3_step (st) == SQLITE_ROW)
    g_ptr_array_add (values, g_strdup ((const char *) sqlite3_column_text (st, 0)));
  sqlite3_finalize (st);

  return g_steal_pointer (&values);
}

/* The words of @value as the search splits them (letters, marks, digits). */
static GPtrArray *
split_words (const char *value)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) word = g_string_new (NULL);

  for (const char *p = value; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && (g_unichar_isalnum (c) || g_unichar_ismark (c)))
        {
          g_string_append_unichar (word, c);
          continue;
        }
      if (g_utf8_strlen (word->str, -1) >= 2)
        g_ptr_array_add (words, g_strdup (word->str));
      g_string_truncate (word, 0);
      if (c == 0)
        break;
    }

  return words;
}

/* A prefix of one word of a random value of @values, lower-case, with its
 * diacritics or (half of the time, when it has any) without, as people type
 * both.  NULL when @values is empty. */
static char *
random_prefix (GRand     *rand,
               GPtrArray *values,
               guint      length)
{
  g_autoptr(GPtrArray) words = NULL;
  const char *word;
  g_autofree char *lower = NULL;
  g_autofree char *folded = NULL;
  glong n_chars;

  if (values->len == 0)
    return NULL;

  words = split_words (g_ptr_array_index (values, g_rand_int_range (rand, 0, values->len)));
  if (words->len == 0)
    return NULL;

  word = g_ptr_array_index (words, g_rand_int_range (rand, 0, words->len));
  lower = g_utf8_strdown (word, -1);
  folded = ch_fold (word);

  /* Keep the diacritics half of the time, when there are any. */
  if (strcmp (lower, folded) != 0 && g_rand_boolean (rand))
    g_clear_pointer (&lower, g_free);
  else
    g_clear_pointer (&folded, g_free);

  word = lower ? lower : folded;
  n_chars = g_utf8_strlen (word, -1);

  return g_utf8_substring (word, 0, MIN ((glong) length, n_chars));
}

static void
add_query (GPtrArray  *queries,
           const char *text,
           guint       length,
           gboolean    fixed)
{
  Query *q;

  if (text == NULL || *text == '\0')
    return;

  q = g_new0 (Query, 1);
  q->text = g_strdup (text);
  q->length = length;
  q->fixed = fixed;
  g_ptr_array_add (queries, q);
}

static GPtrArray *
make_queries (ChStore    *store,
              const char *chapter_id)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1123);
  GPtrArray *queries = g_ptr_array_new_with_free_func (query_free);
  GPtrArray *values[N_KINDS];
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  if (!(db = ch_store_open_reader (store, &error)))
    {
      g_printerr ("ch-bench-members: %s\n", error->message);
      exit (EXIT_FAILURE);
    }
  for (guint k = 0; k < N_KINDS; k++)
    values[k] = sample_values (db, chapter_id, k);
  sqlite3_close (db);

  for (guint i = 0; i < G_N_ELEMENTS (fixed_queries); i++)
    add_query (queries, fixed_queries[i],
               strchr (fixed_queries[i], ' ') ? 0 : g_utf8_strlen (fixed_queries[i], -1), TRUE);

  /* Every length as a person types it, one letter after the other. */
  for (guint length = 1; length <= 6; length++)
    for (guint k = 0; k < N_KINDS; k++)
      for (guint i = 0; i < QUERIES_PER_CELL; i++)
        {
          g_autofree char *prefix = random_prefix (rand, values[k], length);

          if (prefix != NULL)
            add_query (queries, prefix, g_utf8_strlen (prefix, -1), FALSE);
        }

  /* Two words: "given family", "family city", "company city". */
  for (guint i = 0; i < TWO_WORD_QUERIES; i++)
    {
      static const Kind pairs[][2] = {
        { KIND_GIVEN, KIND_FAMILY },
        { KIND_FAMILY, KIND_CITY },
        { KIND_COMPANY, KIND_CITY },
      };
      const Kind *pair = pairs[i % G_N_ELEMENTS (pairs)];
      g_autofree char *first = random_prefix (rand, values[pair[0]], g_rand_int_range (rand, 3, 7));
      g_autofree char *second = random_prefix (rand, values[pair[1]],
                                               g_rand_int_range (rand, 1, 7));

      if (first != NULL && second != NULL)
        {
          g_autofree char *text = g_strdup_printf ("%s %s", first, second);
          add_query (queries, text, 0, FALSE);
        }
    }

  for (guint k = 0; k < N_KINDS; k++)
    g_ptr_array_unref (values[k]);

  return queries;
}

/* ---------------------------------------------------------------------- */
/* The benchmarks                                                           */

static void
bench_search (ChMemberList *list,
              GPtrArray    *queries,
              const char   *label,
              guint         repeat)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) slow = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) slow_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) async = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) two_words = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *by_length[7];
  g_autoptr(GArray) cpu_len1 = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) slowest = NULL;
  double total = 0.0;

  for (guint i = 0; i < G_N_ELEMENTS (by_length); i++)
    by_length[i] = g_array_new (FALSE, FALSE, sizeof (double));

  /* One pass to warm the caches, as in a window that has been open a while. */
  for (guint i = 0; i < queries->len; i++)
    {
      ch_member_list_set_search (list, ((Query *) g_ptr_array_index (queries, i))->text);
      wait_idle (list);
    }

  for (guint r = 0; r < repeat; r++)
    for (guint i = 0; i < queries->len; i++)
      {
        Query *q = g_ptr_array_index (queries, i);
        double start, ms, async_ms;

        /* From the previous query to this one, as when typing on. */
        start = now_ms ();
        ch_member_list_set_search (list, q->text);
        async_ms = wait_async (list, start);
        ms = timed_refresh (list);

        q->ms = r == 0 ? ms : MAX (q->ms, ms);
        q->cpu_ms = r == 0 ? last_cpu_ms : MAX (q->cpu_ms, last_cpu_ms);
        q->n_results = g_list_model_get_n_items (G_LIST_MODEL (list));
        q->plan = list->plan;

        g_array_append_val (all, ms);
        g_array_append_val (cpu, last_cpu_ms);
        g_array_append_val (async, async_ms);
        if (q->length == 1)
          g_array_append_val (cpu_len1, last_cpu_ms);
        if (q->length == 0)
          g_array_append_val (two_words, ms);
        else
          g_array_append_val (by_length[MIN (q->length, 6)], ms);
        total += ms;
      }

  /* The slow family names and cities, warmed once, then timed. */
  for (guint i = 0; i < G_N_ELEMENTS (slow_queries); i++)
    {
      ch_member_list_set_search (list, slow_queries[i]);
      wait_idle (list);
    }
  for (guint r = 0; r < repeat; r++)
    for (guint i = 0; i < G_N_ELEMENTS (slow_queries); i++)
      {
        double ms;

        ch_member_list_set_search (list, slow_queries[i]);
        wait_idle (list);
        ms = timed_refresh (list);
        g_array_append_val (slow, ms);
        g_array_append_val (slow_cpu, last_cpu_ms);
        fprintf (stderr, "# slow name [%s]: \"%s\" %.2f ms (CPU %.2f), %u results, %s\n",
                 label, slow_queries[i], ms, last_cpu_ms,
                 g_list_model_get_n_items (G_LIST_MODEL (list)), plan_name (list->plan));
      }

  ch_member_list_set_search (list, NULL);
  wait_idle (list);

  g_print ("search_queries_%s=%u\n", label, all->len);
  print_ms ("search_query_ms", label, percentile (all, 95));
  print_ms ("search_query_p50_ms", label, percentile (all, 50));
  print_ms ("search_query_cpu_ms", label, percentile (cpu, 95));
  print_ms ("search_query_cpu_p50_ms", label, percentile (cpu, 50));
  print_ms ("search_slow_names_max_ms", label, percentile (slow, 100));
  print_ms ("search_slow_names_p50_ms", label, percentile (slow, 50));
  print_ms ("search_slow_names_cpu_max_ms", label, percentile (slow_cpu, 100));
  print_ms ("search_query_max_ms", label, percentile (all, 100));
  print_ms ("search_query_mean_ms", label, all->len ? total / all->len : 0.0);
  print_ms ("search_async_ms", label, percentile (async, 95));
  for (guint length = 1; length <= 6; length++)
    {
      g_autofree char *key = g_strdup_printf ("search_query_ms_len%u", length);
      print_ms (key, label, percentile (by_length[length], 95));
    }
  print_ms ("search_query_ms_two_words", label, percentile (two_words, 95));
  print_ms ("search_query_cpu_ms_len1", label, percentile (cpu_len1, 95));

  /* The copy would free the queries too: it shares the free function. */
  slowest = g_ptr_array_copy (queries, NULL, NULL);
  g_ptr_array_set_free_func (slowest, NULL);
  g_ptr_array_sort (slowest, compare_queries_slowest_first);
  for (guint i = 0; i < MIN (slowest->len, 20); i++)
    {
      Query *q = g_ptr_array_index (slowest, i);
      /* stdio, not g_printerr (): the text is UTF-8 whatever the locale. */
      fprintf (stderr, "# slow search [%s]: \"%s\" %.2f ms (CPU %.2f), %u results, %s\n",
               label, q->text, q->ms, q->cpu_ms, q->n_results, plan_name (q->plan));
    }

  for (guint i = 0; i < G_N_ELEMENTS (by_length); i++)
    g_array_unref (by_length[i]);
}

static void
bench_sort (ChMemberList *list,
            const char   *label,
            guint         repeat)
{
  static const char *columns[] = {
    CH_MEMBER_SORT_NAME, CH_MEMBER_SORT_COMPANY, CH_MEMBER_SORT_CITY,
    CH_MEMBER_SORT_EMAIL, CH_MEMBER_SORT_TIER, CH_MEMBER_SORT_STATUS,
  };
  double worst = 0.0;
  double worst_async = 0.0;

  ch_member_list_set_search (list, NULL);
  wait_idle (list);

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      double column_worst = 0.0;

      for (guint desc = 0; desc <= 1; desc++)
        {
          g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
          g_autofree char *key = NULL;
          double median;

          for (guint r = 0; r < repeat; r++)
            {
              double start, ms, async_ms;

              /* Come from another order each time, as a click on a header does. */
              ch_member_list_set_sort (list, c == 0 ? CH_MEMBER_SORT_EMAIL : CH_MEMBER_SORT_NAME,
                                       FALSE);
              wait_idle (list);

              start = now_ms ();
              ch_member_list_set_sort (list, columns[c], desc);
              async_ms = wait_async (list, start);
              ms = timed_refresh (list);
              g_array_append_val (times, ms);
              worst_async = MAX (worst_async, async_ms);
            }

          median = percentile (times, 50);
          key = g_strdup_printf ("sort_ms_%s_%s", columns[c], desc ? "desc" : "asc");
          print_ms (key, label, median);
          column_worst = MAX (column_worst, median);
        }

      {
        g_autofree char *key = g_strdup_printf ("sort_ms_%s", columns[c]);
        print_ms (key, label, column_worst);
      }
      worst = MAX (worst, column_worst);
    }

  print_ms ("sort_ms", label, worst);
  print_ms ("sort_async_max_ms", label, worst_async);

  ch_member_list_set_sort (list, CH_MEMBER_SORT_NAME, FALSE);
  wait_idle (list);
}

/* Typing with a filter on (was the slow test /member-list/filters/speed):
 * per filter, the slowest of the typed prefixes, and the same typing
 * without a filter to compare with.  Budget: typing answers in 100 ms. */
static void
bench_filters (ChMemberList *list,
               const char   *label)
{
  static const char *typed[] = { "a", "an", "ann", "anna", "anna s" };
  static const struct {
    const char *key, *value;
  } filters[] = {
    { "tier", "chapter" }, { "status", "lapsed" }, { "specialty", "azure" },
    { "partner_kind", "isv" }, { "role", "board-member" },
  };
  double worst = 0.0;

  for (int i = -1; i < (int) G_N_ELEMENTS (filters); i++)
    {
      g_autofree char *key = g_strdup_printf ("filter_ms_%s", i < 0 ? "none" : filters[i].key);
      double filter_worst = 0.0;

      if (i >= 0)
        ch_member_list_set_filter (list, filters[i].key, filters[i].value);
      for (guint j = 0; j < G_N_ELEMENTS (typed); j++)
        {
          ch_member_list_set_search (list, typed[j]);
          wait_idle (list);
          filter_worst = MAX (filter_worst, timed_refresh (list));
        }
      print_ms (key, label, filter_worst);
      if (i >= 0)
        {
          worst = MAX (worst, filter_worst);
          ch_member_list_set_filter (list, filters[i].key, NULL);
        }
      ch_member_list_set_search (list, NULL);
      wait_idle (list);
    }

  print_ms ("filter_ms", label, worst);
}

static char *
label_for (guint n_members)
{
  if (n_members == 0)
    return g_strdup ("empty");
  if (n_members % 1000000 == 0)
    return g_strdup_printf ("%um", n_members / 1000000);
  if (n_members % 1000 == 0)
    return g_strdup_printf ("%uk", n_members / 1000);

  return g_strdup_printf ("%u", n_members);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *label = NULL;
  g_autofree char *chapter_id = NULL;
  gint repeat = 1;
  gboolean no_search = FALSE;
  gboolean no_sort = FALSE;
  gboolean no_filters = FALSE;
  gboolean list_queries = FALSE;
  gboolean no_rank = FALSE;
  g_auto(GStrv) only = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Database to measure", "PATH" },
    { "label", 0, 0, G_OPTION_ARG_STRING, &label,
      "Suffix of the keys (default: from the member count, e.g. 100k)", "TEXT" },
    { "chapter", 0, 0, G_OPTION_ARG_STRING, &chapter_id,
      "Chapter id (default: the first one)", "ID" },
    { "repeat", 0, 0, G_OPTION_ARG_INT, &repeat,
      "Timed passes over the queries; sort runs (default 1; sort uses 3 at least)", "N" },
    { "no-search", 0, 0, G_OPTION_ARG_NONE, &no_search, "Skip the search benchmark", NULL },
    { "no-sort", 0, 0, G_OPTION_ARG_NONE, &no_sort, "Skip the sort benchmark", NULL },
    { "no-filters", 0, 0, G_OPTION_ARG_NONE, &no_filters,
      "Skip the filtered typing benchmark", NULL },
    { "list-queries", 0, 0, G_OPTION_ARG_NONE, &list_queries,
      "Print the search queries and stop", NULL },
    { "no-rank", 0, 0, G_OPTION_ARG_NONE, &no_rank,
      "Do not keep the name order in memory (the plans before it, to compare)", NULL },
    { "query", 0, 0, G_OPTION_ARG_STRING_ARRAY, &only,
      "Time only this search (repeatable; for profiles, with --repeat)", "TEXT" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChStore) store = NULL;
  g_autoptr(ChMemberList) list = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(GArray) count_times = g_array_new (FALSE, FALSE, sizeof (double));
  double start, open_ms, load_ms;
  guint n_members = 0;

  context = g_option_context_new ("- measure the Members list of a Chapterhouse database");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("ch-bench-members: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (db_path == NULL || !g_file_test (db_path, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("ch-bench-members: --db must name an existing database\n");
      return EXIT_FAILURE;
    }
  repeat = MAX (repeat, 1);

  start = now_ms ();
  if (!(store = ch_store_open (db_path, &error)))
    {
      g_printerr ("ch-bench-members: %s\n", error->message);
      return EXIT_FAILURE;
    }
  open_ms = now_ms () - start;

  if (chapter_id == NULL)
    {
      g_autoptr(GPtrArray) chapters = ch_store_list_chapters (store, &error);

      if (chapters == NULL || chapters->len == 0)
        {
          g_printerr ("ch-bench-members: no chapter in %s\n", db_path);
          return EXIT_FAILURE;
        }
      chapter_id = g_strdup (ch_chapter_get_id (g_ptr_array_index (chapters, 0)));
    }

  for (guint i = 0; i < 5; i++)
    {
      double ms;

      start = now_ms ();
      n_members = ch_store_count_members (store, chapter_id);
      ms = now_ms () - start;
      g_array_append_val (count_times, ms);
    }

  if (label == NULL)
    label = label_for (n_members);

  if (list_queries)
    {
      queries = make_queries (store, chapter_id);
      for (guint i = 0; i < queries->len; i++)
        printf ("%s\n", ((Query *) g_ptr_array_index (queries, i))->text);
      return EXIT_SUCCESS;
    }

  g_print ("members_%s=%u\n", label, n_members);
  print_ms ("open_ms", label, open_ms);
  /* The first count reads from disk, the others from the cache. */
  print_ms ("count_ms", label, percentile (count_times, 50));
  print_ms ("count_first_ms", label, g_array_index (count_times, double, 0));

  /* What the window does first: a new list, filled by its worker thread. */
  start = now_ms ();
  list = ch_member_list_new (store, chapter_id);
  if (no_rank)
    ch_member_list_set_ranked (list, FALSE);
  wait_idle (list);
  load_ms = now_ms () - start;
  print_ms ("list_load_ms", label, load_ms);
  while (ch_member_list_get_counting (list))
    g_main_context_iteration (NULL, TRUE);
  print_ms ("list_count_ms", label, now_ms () - start);
  /* The name order in memory, read in the background from the start. */
  while (!no_rank && !ch_member_list_get_ranked (list))
    g_main_context_iteration (NULL, TRUE);
  if (!no_rank)
    {
      print_ms ("rank_ready_ms", label, now_ms () - start);
      g_print ("rank_bytes_%s=%zu\n", label, ch_member_rank_get_size (list->rank));
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (list)) != n_members)
    g_printerr ("ch-bench-members: the list has %u rows, the store counts %u\n",
                g_list_model_get_n_items (G_LIST_MODEL (list)), n_members);

  /* Making the row objects GTK asks for (one screenful). */
  {
    guint n = MIN (g_list_model_get_n_items (G_LIST_MODEL (list)), 50);

    start = now_ms ();
    for (guint i = 0; i < n; i++)
      g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
    print_ms ("rows_50_ms", label, now_ms () - start);
  }

  /* Scrolling: the last row (read backwards), the middle one (the longest
   * OFFSET) and the next window down while scrolling (keyset). */
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

    if (n > 0)
      {
        start = now_ms ();
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), n - 1));
        print_ms ("scroll_end_ms", label, now_ms () - start);
        start = now_ms ();
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), n / 2));
        print_ms ("scroll_middle_ms", label, now_ms () - start);
        start = now_ms ();
        for (guint i = n / 2; i < MIN (n, n / 2 + 10 * CH_MEMBER_LIST_PAGE_SIZE); i += 16)
          g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
        print_ms ("scroll_page_ms", label, (now_ms () - start) / 10);
      }
  }

  if (!no_sort)
    bench_sort (list, label, MAX (repeat, 3));
  if (!no_filters)
    bench_filters (list, label);

  if (!no_search)
    {
      if (only != NULL)
        {
          queries = g_ptr_array_new_with_free_func (query_free);
          for (guint i = 0; only[i] != NULL; i++)
            add_query (queries, only[i], 0, TRUE);
        }
      else
        queries = make_queries (store, chapter_id);
      bench_search (list, queries, label, repeat);
    }

  return EXIT_SUCCESS;
}
