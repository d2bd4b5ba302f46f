/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Folding (ch_fold) and name keys (ch_collate) of 100,000 names, the work
 * an import of 100,000 members does per row; with a chapter file made by
 * ch-generate as argument, also the time to make every name key again
 * when the user's collation changes.  Prints key=value lines. */

#include "config.h"

#include <locale.h>
#include <time.h>

#include "ch-fold.h"
#ifndef CH_BENCH_FOLD_ONLY
#include "ch-collate.h"
#include "ch-store.h"
#endif

#define N_NAMES 100000

static const char *given[] = {
  "Åsa", "Björn", "Märta", "Linnéa", "Sören", "Ingrid", "Oskar", "Elin", "Jürgen", "Käthe",
  "Lukas", "Anna", "Søren", "Mette", "Håkon", "Øyvind", "François", "Chloé", "Zoë", "Þóra",
  "Guðrún", "Łukasz", "Małgorzata", "José", "María", "John", "Emily", "Michael", "Sarah",
  "Grace", "Ahmet", "Ayşe", "Noémie", "Thomas", "Laura", "Paul", "Peter", "Marie", "Jan",
  "Eva",
};
static const char *family[] = {
  "Lindqvist", "Öberg", "Söderström", "Åkesson", "Berg", "Müller", "Schäfer", "Weiß",
  "Köhler", "Kjær", "Ørsted", "Jørgensen", "Sæther", "Ødegård", "Smith", "Johnson",
  "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Dubois", "Lefèvre", "Martínez",
  "Núñez", "Kowalski", "Wiśniewski", "Jóhannsdóttir", "Guðmundsson", "Yılmaz", "Øvergaard",
  "Taylor", "Moore", "Martin", "Bernard", "Rossi", "Russo", "Ferrari", "Esposito",
};

static double
best_of_three (char **names,
               char *(*fn) (char *name))
{
  double best = G_MAXDOUBLE;

  for (int run = 0; run < 3; run++)
    {
      gint64 start = g_get_monotonic_time ();

      for (guint i = 0; i < N_NAMES; i++)
        g_free (fn (names[i]));
      best = MIN (best, (g_get_monotonic_time () - start) / 1000.0);
    }

  return best;
}

static char *
fold_one (char *name)
{
  return ch_fold (name);
}

#ifndef CH_BENCH_FOLD_ONLY
static const char *bench_locale;

static char *
key_one (char *name)
{
  gsize len;

  return (char *) ch_collate_key (bench_locale, name, &len);
}
#endif

int
main (int    argc,
      char **argv)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  char **names = g_new0 (char *, N_NAMES + 1);
  guint ascii = 0;

  setlocale (LC_ALL, "");
  for (guint i = 0; i < N_NAMES; i++)
    {
      names[i] = g_strdup_printf ("%s %s",
                                  family[g_rand_int_range (rand, 0, G_N_ELEMENTS (family))],
                                  given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))]);
      for (const char *p = names[i]; *p && (guchar) *p < 0x80; p++)
        if (p[1] == '\0')
          ascii++;
    }

  g_print ("names=%d\n", N_NAMES);
  g_print ("ascii_names=%u\n", ascii);
  g_print ("fold_ms=%.1f\n", best_of_three (names, fold_one));
#ifndef CH_BENCH_FOLD_ONLY
  bench_locale = "sv_SE";
  g_print ("name_key_sv_ms=%.1f\n", best_of_three (names, key_one));
  bench_locale = "de_DE";
  g_print ("name_key_de_ms=%.1f\n", best_of_three (names, key_one));
  if (argc > 1)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ChStore) store = NULL;
      const char *locales[] = { "de_DE", "sv_SE" };
      gint64 start = g_get_monotonic_time ();

      store = ch_store_open (argv[1], &error);
      if (store == NULL)
        g_error ("%s", error->message);
      g_print ("open_ms=%.1f\n", (g_get_monotonic_time () - start) / 1000.0);
      for (guint i = 0; i < G_N_ELEMENTS (locales); i++)
        {
          clock_t cpu = clock ();

          start = g_get_monotonic_time ();
          if (!ch_store_set_collation (store, locales[i], &error))
            g_error ("%s", error->message);
          g_print ("rebuild_%s_ms=%.1f\n", locales[i], (g_get_monotonic_time () - start) / 1000.0);
          g_print ("rebuild_%s_cpu_ms=%.1f\n", locales[i],
                   (clock () - cpu) * 1000.0 / CLOCKS_PER_SEC);
        }
      start = g_get_monotonic_time ();
      ch_store_set_collation (store, "sv_SE", NULL);
      g_print ("unchanged_ms=%.3f\n", (g_get_monotonic_time () - start) / 1000.0);
    }
#endif
  g_strfreev (names);

  return 0;
}
