/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ch-sync-test.h"

/* The command line itself of chapterhouse-cli: --version, the help of each
 * command, options a command does not know, and read-only commands on a
 * database file that is not there. No server needed. */

static void
test_cli_version (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ch-cli-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "cli.db", NULL);
  g_auto(SyncCliRun) run = { 0 };

  sync_cli (&run, db, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "chapterhouse-cli " PACKAGE_VERSION));
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
}

static void
test_cli_command_help (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ch-cli-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "cli.db", NULL);
  g_auto(SyncCliRun) run = { 0 };

  sync_cli (&run, db, "members", "list", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "members list"));
  g_assert_nonnull (strstr (run.out, "--search"));
  g_assert_nonnull (strstr (run.out, "--partner-kind"));
  /* Not another command's options. */
  g_assert_null (strstr (run.out, "--given"));
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));

  /* The overview lists every command with its summary. */
  sync_cli (&run, db, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "members list"));
  g_assert_nonnull (strstr (run.out, "registrations check-in"));
  g_assert_nonnull (strstr (run.out, "rejections dismiss"));
  g_assert_nonnull (strstr (run.out, "--version"));

  /* A noun without its verb: the overview too. */
  sync_cli (&run, db, "members", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "members merge SURVIVOR_ID OTHER_ID"));
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
}

static void
test_cli_read_missing_db (void)
{
  const char *commands[][3] = {
    { "status", NULL },
    { "members", "list", NULL },
    { "chapter", "show", NULL },
    { "events", "list", NULL },
    { "payments", "list", NULL },
    { "roles", "list", NULL },
    { "members", "show", NULL },
  };
  g_autofree char *dir = g_dir_make_tmp ("ch-cli-XXXXXX", NULL);
  g_autofree char *sub = g_build_filename (dir, "nonexistent", NULL);
  g_autofree char *db = g_build_filename (sub, "typo.db", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(SyncCliRun) run = { 0 };

      sync_cli (&run, db, commands[i][0], commands[i][1], NULL);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_nonnull (strstr (run.err, "does not exist"));
      g_assert_nonnull (strstr (run.err, "typo.db"));
      g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (sub, G_FILE_TEST_EXISTS));
    }
  g_rmdir (dir);
}

static void
test_cli_unknown_option (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ch-cli-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "cli.db", NULL);
  g_auto(SyncCliRun) run = { 0 };

  sync_cli (&run, db, "members", "list", "--colour", "red", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "unknown option --colour"));
  g_assert_nonnull (strstr (run.err, "chapterhouse-cli members list --help"));
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));

  /* Global options after the command work too. */
  sync_cli (&run, db, "chapter", "create", "--name", "Vienna", "--country", "AT",
            "--timezone", "Europe/Vienna", "--currency", "EUR", "--dues", "15000", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "status", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  {
    g_autoptr(JsonNode) status = sync_cli_json (&run);

    g_assert_true (JSON_NODE_HOLDS_OBJECT (status));
  }
  g_remove (db);
  g_rmdir (dir);
}

static void
test_cli_noun_help (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ch-cli-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "cli.db", NULL);
  g_auto(SyncCliRun) run = { 0 };

  /* A noun's help: its own commands and their options, no other noun's. */
  sync_cli (&run, db, "members", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "members list"));
  g_assert_nonnull (strstr (run.out, "members upgrade ID"));
  g_assert_nonnull (strstr (run.out, "--partner-kind"));
  g_assert_null (strstr (run.out, "registrations check-in"));
  g_assert_null (strstr (run.out, "chapter create"));
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));

  /* A noun that is not one. */
  sync_cli (&run, db, "memebrs", "--help", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "unknown command “memebrs”"));
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
}

/* Every command the overview lists has a help of its own, made from its
 * options, and asking for it touches no database. */
static void
test_cli_every_command_help (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ch-cli-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "cli.db", NULL);
  g_auto(SyncCliRun) overview = { 0 };
  g_auto(GStrv) lines = NULL;
  guint n_commands = 0;

  sync_cli (&overview, db, "--help", NULL);
  g_assert_cmpint (overview.status, ==, 0);
  lines = g_strsplit (overview.out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(SyncCliRun) run = { 0 };
      g_auto(GStrv) words = NULL;
      g_autofree char *synopsis = NULL;

      /* "  members list   List the members": two spaces, then a word. */
      if (!g_str_has_prefix (lines[i], "  ") || !g_ascii_islower (lines[i][2]))
        continue;
      words = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      if (words[1] != NULL && g_ascii_islower (words[1][0]) && !g_str_equal (words[1], ""))
        {
          synopsis = g_strdup_printf ("%s %s", words[0], words[1]);
          sync_cli (&run, db, words[0], words[1], "--help", NULL);
        }
      else
        {
          synopsis = g_strdup (words[0]);
          sync_cli (&run, db, words[0], "--help", NULL);
        }

      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.out, synopsis));
      g_assert_nonnull (strstr (run.out, "--db"));
      g_assert_nonnull (strstr (run.out, "--json"));
      n_commands++;
    }

  g_assert_cmpuint (n_commands, >=, 30);
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  g_test_add_func ("/cli/version", test_cli_version);
  g_test_add_func ("/cli/command-help", test_cli_command_help);
  g_test_add_func ("/cli/noun-help", test_cli_noun_help);
  g_test_add_func ("/cli/every-command-help", test_cli_every_command_help);
  g_test_add_func ("/cli/read-missing-db", test_cli_read_missing_db);
  g_test_add_func ("/cli/unknown-option", test_cli_unknown_option);

  return g_test_run ();
}
