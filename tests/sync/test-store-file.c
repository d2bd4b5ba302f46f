/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-file"

/*
 * The data file shared by real processes: the window (here a long-lived
 * helper process on the same code path), chapterhouse-cli and plain SQLite
 * programs on one file at the same time; the modes of the files that hold
 * members' personal data.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "ch-store-private.h"
#include "ch-sync-test.h"

/* ----------------------------------------------------------------------- */
/* A long-lived process holding the store                                  */

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
  GOutputStream    *in;
} Holder;

static char *
holder_read_answer (Holder *holder)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (holder->out, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  return line;
}

static Holder *
holder_start (const char *db)
{
  const char *binary = g_getenv ("CH_STORE_HOLDER_BIN");
  Holder *holder = g_new0 (Holder, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  g_assert_nonnull (binary);
  holder->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                      G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                      &error, binary, db, NULL);
  g_assert_no_error (error);
  holder->in = g_subprocess_get_stdin_pipe (holder->process);
  holder->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (holder->process));

  answer = holder_read_answer (holder);
  g_assert_cmpstr (answer, ==, "ok open");

  return holder;
}

/* Sends @command and returns what follows "ok " in the answer, failing
 * the test on an "error" answer. */
static char *
holder_ok (Holder     *holder,
           const char *command)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_strconcat (command, "\n", NULL);
  g_autofree char *answer = NULL;

  g_output_stream_write_all (holder->in, line, strlen (line), NULL, NULL, &error);
  g_assert_no_error (error);

  answer = holder_read_answer (holder);
  g_test_message ("holder: %s → %s", command, answer);
  g_assert_true (g_str_has_prefix (answer, "ok "));
  return g_strdup (answer + 3);
}

/* SIGKILL, as a crash or a power cut: nothing is closed cleanly. */
static void
holder_kill (Holder *holder)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (holder->process, SIGKILL);
  g_subprocess_wait (holder->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (holder->process));

  g_clear_object (&holder->out);
  g_clear_object (&holder->process);
  g_free (holder);
}

static char *
make_database_with_chapter (const char *dir)
{
  char *path = g_build_filename (dir, "chapter.db", NULL);
  g_auto(SyncCliRun) run = { 0 };

  sync_cli (&run, path, "chapter", "create", "--name", "IAMCP Sweden", "--country", "SE",
            "--timezone", "Europe/Stockholm", "--currency", "SEK", "--dues", "150000", NULL);
  g_assert_cmpint (run.status, ==, 0);

  return path;
}

static guint
count_members (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChStore) store = ch_store_open (path, &error);
  g_autoptr(GPtrArray) chapters = NULL;

  g_assert_no_error (error);
  chapters = ch_store_list_chapters (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chapters->len, ==, 1);

  return ch_store_count_members (store, ch_chapter_get_id (g_ptr_array_index (chapters, 0)));
}

/* Another program opens the file and closes it again: plain SQLite in
 * this test process, then chapterhouse-cli. */
static void
other_programs_open_and_close (const char *path)
{
  g_auto(SyncCliRun) run = { 0 };
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "SELECT count(*) FROM member", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  sync_cli (&run, path, "chapter", "show", NULL);
  g_assert_cmpint (run.status, ==, 0);
}

/* The window holds the store and opens a second connection (the demo, a
 * sync) and closes it; then another program opens and closes the file.
 * A member added afterwards must survive a crash of the window.  Before,
 * the second open read the header with fopen()/fclose(), which dropped the
 * process's locks: the other program believed it was the last user and
 * deleted the -wal file under the window, which then wrote into a file
 * that no longer had a name. */
static void
test_second_connection_then_crash (void)
{
  g_autofree char *dir = sync_test_make_tmp_dir ();
  g_autofree char *path = make_database_with_chapter (dir);
  g_autofree char *id = NULL;
  g_autofree char *count = NULL;
  Holder *holder;

  holder = holder_start (path);
  g_free (holder_ok (holder, "add Before"));
  g_free (holder_ok (holder, "second"));

  other_programs_open_and_close (path);

  id = holder_ok (holder, "add After");
  count = holder_ok (holder, "count");
  g_assert_cmpstr (count, ==, "2");
  holder_kill (holder);

  g_assert_cmpuint (count_members (path), ==, 2);

  sync_test_remove_tree (dir);
}

/* The same without the second connection: the window's own writes survive
 * the other program too. */
static void
test_other_program_then_crash (void)
{
  g_autofree char *dir = sync_test_make_tmp_dir ();
  g_autofree char *path = make_database_with_chapter (dir);
  Holder *holder;

  holder = holder_start (path);
  other_programs_open_and_close (path);
  g_free (holder_ok (holder, "add After"));
  holder_kill (holder);

  g_assert_cmpuint (count_members (path), ==, 1);

  sync_test_remove_tree (dir);
}

/* ----------------------------------------------------------------------- */
/* Writers wait for each other                                             */

#define N_OPENERS 4

/* Several programs start on the same new file at once (the window and a
 * script, say): each opens it, the schema is made once, and all of them
 * agree on the file's device id. */
static void
test_concurrent_first_open (void)
{
  g_autofree char *dir = sync_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "new.db", NULL);
  const char *binary = g_getenv ("CH_STORE_HOLDER_BIN");
  GSubprocess *processes[N_OPENERS];
  g_autofree char *first_device = NULL;

  g_assert_nonnull (binary);
  for (guint i = 0; i < N_OPENERS; i++)
    {
      g_autoptr(GError) error = NULL;

      processes[i] = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                       &error, binary, path, NULL);
      g_assert_no_error (error);
    }

  for (guint i = 0; i < N_OPENERS; i++)
    {
      Holder holder = {
        .process = processes[i],
        .in = g_subprocess_get_stdin_pipe (processes[i]),
        .out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (processes[i])),
      };
      g_autofree char *answer = holder_read_answer (&holder);
      g_autofree char *device = NULL;

      g_test_message ("opener %u: %s", i, answer);
      g_assert_cmpstr (answer, ==, "ok open");
      device = holder_ok (&holder, "device");
      if (first_device == NULL)
        first_device = g_strdup (device);
      g_assert_cmpstr (device, ==, first_device);

      g_subprocess_send_signal (processes[i], SIGKILL);
      g_subprocess_wait (processes[i], NULL, NULL);
      g_clear_object (&holder.out);
      g_clear_object (&processes[i]);
    }

  sync_test_remove_tree (dir);
}

#define N_ADDERS 4
#define N_ADDS 50

typedef struct
{
  const char *db;
  guint       n;
  guint       failed;
  GString    *errors;
} Adder;

static int adders_done;

/* One chapterhouse-cli run; FALSE (with its stderr in @errors) unless it
 * exited with 0. */
static gboolean
cli_quietly (const char *db,
             GString    *errors,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  int wait_status = 0;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) sync_test_cli_binary ());
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) db);
  va_start (args, errors);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, &err, &wait_status, NULL))
    return FALSE;
  if (WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 0)
    return TRUE;

  g_string_append (errors, err);
  return FALSE;
}

static gpointer
adder_thread (gpointer data)
{
  Adder *adder = data;

  for (guint i = 0; i < N_ADDS; i++)
    {
      g_autofree char *given = g_strdup_printf ("Adder%u", adder->n);
      g_autofree char *family = g_strdup_printf ("Number%03u", i);

      if (!cli_quietly (adder->db, adder->errors, "members", "add", "--given", given,
                        "--family", family, NULL))
        adder->failed++;
    }

  g_atomic_int_inc (&adders_done);
  return NULL;
}

/* Four officers' scripts add members to one file at the same time while a
 * fifth keeps syncing it: no add may fail because another program holds
 * the file for a moment.  Before, a change began as a read (a deferred
 * transaction) and failed with "database is locked" at once when it came
 * to write, whatever the busy timeout. */
static void
test_concurrent_cli_writers (SyncFixture   *f,
                             gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "shared.db", NULL);
  g_autofree char *token_file = sync_test_write_token_file (f->dir, "token", f->token_a);
  g_autoptr(GString) sync_errors = g_string_new (NULL);
  g_auto(SyncCliRun) run = { 0 };
  Adder adders[N_ADDERS];
  GThread *threads[N_ADDERS];
  g_autoptr(GHashTable) rows = NULL;
  guint syncs = 0, syncs_failed = 0;

  sync_cli (&run, db, "--chapter", f->chapter_a, "connect", f->server->url,
            "--token-file", token_file, NULL);
  g_assert_cmpint (run.status, ==, 0);
  /* The chapter comes down with the first sync. */
  sync_cli (&run, db, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);

  for (guint i = 0; i < N_ADDERS; i++)
    {
      adders[i] = (Adder) { .db = db, .n = i, .errors = g_string_new (NULL) };
      threads[i] = g_thread_new ("adder", adder_thread, &adders[i]);
    }

  /* Sync until every adder is done (at least once). */
  do
    {
      syncs++;
      if (!cli_quietly (db, sync_errors, "sync", NULL))
        syncs_failed++;
    }
  while (g_atomic_int_get (&adders_done) < N_ADDERS);

  for (guint i = 0; i < N_ADDERS; i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < N_ADDERS; i++)
    {
      g_test_message ("adder %u: %u failed\n%s", i, adders[i].failed, adders[i].errors->str);
      g_assert_cmpstr (adders[i].errors->str, ==, "");
      g_assert_cmpuint (adders[i].failed, ==, 0);
      g_string_free (adders[i].errors, TRUE);
    }
  g_test_message ("%u syncs, %u failed: %s", syncs, syncs_failed, sync_errors->str);
  g_assert_cmpstr (sync_errors->str, ==, "");

  g_assert_cmpuint (count_members (db), ==, N_ADDERS * N_ADDS);

  /* And the server has every one of them after a last sync. */
  sync_cli (&run, db, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);
  rows = sync_server_rows (f->server, f->chapter_a, f->token_a, "member");
  g_assert_cmpuint (g_hash_table_size (rows), ==, N_ADDERS * N_ADDS);
}

/* ----------------------------------------------------------------------- */
/* A damaged file                                                          */

/* chapterhouse-cli on a file with a page of garbage: a message on stderr
 * that names the file, exit status 1, not one byte changed. */
static void
test_cli_damaged_file (void)
{
  g_autofree char *dir = sync_test_make_tmp_dir ();
  g_autofree char *path = make_database_with_chapter (dir);
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autoptr(GError) error = NULL;
  g_auto(SyncCliRun) run = { 0 };
  g_autofree char *bytes = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize size = 0, page;

  {
    g_autoptr(ChStore) store = ch_store_open (path, &error);
    g_autoptr(GPtrArray) chapters = ch_store_list_chapters (store, &error);
    const char *chapter_id = ch_chapter_get_id (g_ptr_array_index (chapters, 0));

    g_assert_no_error (error);
    for (guint i = 0; i < 200; i++)
      {
        g_autoptr(JsonObject) fields = json_object_new ();
        g_autofree char *family = g_strdup_printf ("Lindqvist%03u", i);

        json_object_set_string_member (fields, "given_name", "Anna");
        json_object_set_string_member (fields, "family_name", family);
        json_object_set_string_member (fields, "tier", "network");
        g_assert_true (ch_store_add_member (store, chapter_id, fields, NULL, &error));
      }
  }

  g_file_get_contents (path, &bytes, &size, &error);
  g_assert_no_error (error);
  page = size / 4096 / 2;
  for (gsize i = page * 4096; i < (page + 1) * 4096; i++)
    bytes[i] = (char) g_rand_int_range (rand, 0, 256);
  g_file_set_contents (path, bytes, size, &error);
  g_assert_no_error (error);
  before = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) bytes, size);

  sync_cli (&run, path, "members", "list", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, path));
  g_assert_nonnull (strstr (run.err, "is damaged"));
  g_assert_cmpstr (run.out, ==, "");

  g_clear_pointer (&bytes, g_free);
  g_file_get_contents (path, &bytes, &size, &error);
  g_assert_no_error (error);
  after = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) bytes, size);
  g_assert_cmpstr (after, ==, before);

  sync_test_remove_tree (dir);
}

/* ----------------------------------------------------------------------- */
/* Modes                                                                   */

static guint
file_mode (const char *path,
           const char *suffix)
{
  g_autofree char *name = g_strconcat (path, suffix, NULL);
  GStatBuf st;

  g_assert_cmpint (g_stat (name, &st), ==, 0);
  return st.st_mode & 0777;
}

/* Both databases hold members' personal data: the server's (made by
 * "chapter add" before it serves) and a client's made by the CLI, with
 * their -wal and -shm, are readable by their owner only.  (main() set the
 * umask to 022, the usual one.) */
static void
test_private_modes (SyncFixture   *f,
                    gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "client.db", NULL);
  g_autofree char *token_file = sync_test_write_token_file (f->dir, "token", f->token_a);
  g_auto(SyncCliRun) run = { 0 };
  Holder *holder;

  /* The server is running: its -wal and -shm are there. */
  g_assert_cmpuint (file_mode (f->server->db, ""), ==, 0600);
  g_assert_cmpuint (file_mode (f->server->db, "-wal"), ==, 0600);
  g_assert_cmpuint (file_mode (f->server->db, "-shm"), ==, 0600);

  sync_cli (&run, db, "--chapter", f->chapter_a, "connect", f->server->url,
            "--token-file", token_file, NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, db, "sync", NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* A program that holds the client's file open, as the window does. */
  holder = holder_start (db);
  g_free (holder_ok (holder, "add Private"));
  g_assert_cmpuint (file_mode (db, ""), ==, 0600);
  g_assert_cmpuint (file_mode (db, "-wal"), ==, 0600);
  g_assert_cmpuint (file_mode (db, "-shm"), ==, 0600);
  holder_kill (holder);
}

int
main (int    argc,
      char **argv)
{
  sync_test_init (&argc, &argv);
  umask (022);

  g_test_add_func ("/store-file/second-connection/crash", test_second_connection_then_crash);
  g_test_add_func ("/store-file/other-program/crash", test_other_program_then_crash);
  g_test_add ("/store-file/concurrent-cli-writers", SyncFixture, NULL,
              sync_fixture_setup, test_concurrent_cli_writers, sync_fixture_teardown);
  g_test_add_func ("/store-file/cli-damaged", test_cli_damaged_file);
  g_test_add_func ("/store-file/concurrent-first-open", test_concurrent_first_open);
  g_test_add ("/store-file/private-modes", SyncFixture, NULL,
              sync_fixture_setup, test_private_modes, sync_fixture_teardown);

  return g_test_run ();
}
