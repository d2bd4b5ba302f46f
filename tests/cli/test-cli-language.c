/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "ch-sync-test.h"

/* chapterhouse-cli speaks the user's language: run with the environment of
 * a Swedish, German, French, Spanish, Italian, Brazilian, Danish, Norwegian
 * or Finnish desktop, its messages are the catalogue's, not English.  The
 * expected text is read from the same catalogue (build/po), so the test
 * does not depend on a translator's wording, only on the program following
 * the language. */

typedef struct
{
  const char *language;
  const char *locale;
} Language;

static const Language languages[] = {
  { "sv", "sv_SE.UTF-8" },
  { "de", "de_DE.UTF-8" },
  { "fr", "fr_FR.UTF-8" },
  { "es", "es_ES.UTF-8" },
  { "it", "it_IT.UTF-8" },
  { "pt_BR", "pt_BR.UTF-8" },
  { "da", "da_DK.UTF-8" },
  { "nb", "nb_NO.UTF-8" },
  { "fi", "fi_FI.UTF-8" },
};

static char *
catalogue_dir (void)
{
  return g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);
}

/* The translation of @msgid in @language, from the build tree's catalogue. */
static char *
translate (const Language *language,
           const char     *msgid)
{
  g_autofree char *dir = catalogue_dir ();
  g_autofree char *old = g_strdup (setlocale (LC_MESSAGES, NULL));
  char *text;

  if (setlocale (LC_MESSAGES, language->locale) == NULL)
    return NULL;
  g_setenv ("LANGUAGE", language->language, TRUE);
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  text = g_strdup (g_dgettext (GETTEXT_PACKAGE, msgid));
  g_unsetenv ("LANGUAGE");
  setlocale (LC_MESSAGES, old);

  return text;
}

static void
run_in (const Language  *language,
        const char      *db,
        char           **out,
        char           **err,
        int             *status)
{
  g_autofree char *dir = catalogue_dir ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  const char *argv[] = { sync_test_cli_binary (), "--db", db, "members", "list", NULL };

  env = g_environ_setenv (env, "LANGUAGE", language->language, TRUE);
  env = g_environ_setenv (env, "LC_ALL", language->locale, TRUE);
  env = g_environ_setenv (env, "CHAPTERHOUSE_LOCALEDIR", dir, TRUE);
  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, out, err, status,
                &error);
  g_assert_no_error (error);
}

static void
test_cli_follows_language (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ch-cli-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "missing.db", NULL);
  guint checked = 0;

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      const Language *language = &languages[i];
      const char *english = "The database “%s” does not exist";
      g_autofree char *format = translate (language, english);
      GString *expected = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status;

      if (format == NULL)
        {
          /* locales-all (build-aux/debian-packages.txt) has them all. */
          g_test_message ("no locale %s here", language->locale);
          continue;
        }
      /* The catalogue translates it: a missing .mo would give English. */
      g_assert_cmpstr (format, !=, english);

      run_in (language, db, &out, &err, &status);
      g_assert_false (g_spawn_check_wait_status (status, NULL));
      /* The format with the path in it (not printf: a format read at run
       * time). */
      expected = g_string_new (format);
      g_string_replace (expected, "%s", db, 1);
      g_test_message ("%s: %s", language->language, err);
      g_assert_nonnull (strstr (err, expected->str));
      g_string_free (expected, TRUE);
      checked++;
    }
  g_assert_cmpuint (checked, >, 0);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  g_test_add_func ("/cli/language/follows-the-desktop", test_cli_follows_language);

  return g_test_run ();
}
