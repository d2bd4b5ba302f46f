/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The tester's case with the real window: a window on a new file explores
 * the demo chapter (a second connection, on the demo thread), another
 * program opens and closes the file, a member is added in the window, and
 * the window is killed.  The member must be in the file.
 *
 * The window runs in a child process (this program with --window DB), so
 * that it can be killed as a crash would; it answers on stdout.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ch-gui-test.h"

/* ----------------------------------------------------------------------- */
/* The window process                                                      */

static int
run_window (const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *id = NULL;
  Fixture fixture = { 0 };
  Fixture *f = &fixture;
  char line[64];
  guint before;

  g_setenv ("CHAPTERHOUSE_DB", db, TRUE);
  f->app = ch_application_new ();
  g_application_set_application_id (G_APPLICATION (f->app),
                                    "io.github.chapterhouse.Chapterhouse.DataFileWindow");
  g_application_register (G_APPLICATION (f->app), NULL, &error);
  g_assert_no_error (error);
  f->window = ch_window_new (f->app);
  gtk_window_present (GTK_WINDOW (f->window));

  /* "Explore a Demo Chapter": its members are made on a worker thread with
   * a ChStore of its own, opened and closed while the window's is open. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-demo", NULL));
  WAIT_FOR (g_strcmp0 (ch_window_get_page (f->window), "chapter") == 0);
  WAIT_FOR (fixture_member_list (f) != NULL && fixture_n_shown (f) >= 200 &&
            !ch_member_list_get_loading (fixture_member_list (f)));
  g_print ("ready %u\n", fixture_n_shown (f));
  fflush (stdout);

  /* The other program runs now. */
  if (fgets (line, sizeof line, stdin) == NULL)
    return 1;

  json_object_set_string_member (fields, "given_name", "Annie");
  json_object_set_string_member (fields, "family_name", "Afterwards");
  before = fixture_n_shown (f);
  id = fixture_add_member (f, fields);
  WAIT_FOR (fixture_n_shown (f) == before + 1);
  g_print ("added %u\n", fixture_n_shown (f));
  fflush (stdout);

  /* Killed here, as in a crash or a power cut. */
  for (;;)
    g_main_context_iteration (NULL, TRUE);
}

/* ----------------------------------------------------------------------- */
/* The test                                                                */

static char *
read_line (GDataInputStream *out)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_test_message ("window: %s", line);
  return line;
}

static void
test_demo_other_program_crash (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("chapterhouse-data-file-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "chapter.db", NULL);
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GSubprocess) window = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *ready = NULL;
  g_autofree char *added = NULL;
  g_autofree char *cli_err = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(ChStore) store = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  const char *cli = g_getenv ("CH_CLI_BIN");
  const char *cli_argv[] = { cli, "--db", db, "chapter", "show", NULL };
  ChChapter *chapter;
  guint shown = 0;
  int status = 0;

  g_assert_no_error (error);
  g_assert_nonnull (cli);

  window = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                             &error, self_path, "--window", db, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (window));

  ready = read_line (out);
  g_assert_true (g_str_has_prefix (ready, "ready "));

  /* Another program opens the file and closes it: chapterhouse-cli. */
  g_spawn_sync (NULL, (char **) cli_argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &cli_err, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cli_err, ==, "");
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);

  g_output_stream_write_all (g_subprocess_get_stdin_pipe (window), "add\n", 4, NULL, NULL, &error);
  g_assert_no_error (error);
  added = read_line (out);
  g_assert_true (sscanf (added, "added %u", &shown) == 1);
  expected = g_strdup_printf ("ready %u", shown - 1);
  g_assert_cmpstr (ready, ==, expected);

  g_subprocess_send_signal (window, SIGKILL);
  g_subprocess_wait (window, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (window));

  /* What the window showed is what the file has. */
  store = ch_store_open (db, &error);
  g_assert_no_error (error);
  chapters = ch_store_list_chapters (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chapters->len, ==, 1);
  chapter = g_ptr_array_index (chapters, 0);
  g_assert_cmpuint (ch_store_count_members (store, ch_chapter_get_id (chapter)), ==, shown);
  g_clear_object (&store);

  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--window"))
    {
      gtk_init ();
      adw_init ();
      return run_window (argv[2]);
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/gui/data-file/demo-other-program-crash", test_demo_other_program_crash);

  return g_test_run ();
}
