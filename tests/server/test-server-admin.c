/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-server-admin"

#include "config.h"

#include <string.h>

#include "ch-test-server.h"

/* What an operator sees from the chapterhouse-server admin commands. */

static void
test_chapter_add_list (void)
{
  g_autoptr(ChTestServer) ts = ch_test_server_new ();
  g_autofree char *id = NULL;
  g_autofree char *given = NULL;
  g_autofree char *list = NULL;

  id = ch_test_server_admin_ok (ts, "chapter", "add", "--name", "IAMCP Nederland",
                                "--country", "nl", "--timezone", "Europe/Amsterdam",
                                "--currency", "eur", NULL);
  g_assert_cmpuint (strlen (id), ==, 36);

  given = ch_test_server_admin_ok (ts, "chapter", "add", "--name", "IAMCP Österreich",
                                   "--id", "0190F5C2-3B7A-7CC1-9A2E-4F1D2B3C4D5E", NULL);
  g_assert_cmpstr (given, ==, "0190f5c2-3b7a-7cc1-9a2e-4f1d2b3c4d5e");

  list = ch_test_server_admin_ok (ts, "chapter", "list", NULL);
  g_assert_true (g_str_has_prefix (list, "ID\tNAME\tVERSION\tFLOOR\tCREATED\n"));
  g_assert_nonnull (strstr (list, id));
  g_assert_nonnull (strstr (list, "IAMCP Nederland\t1\t0\t"));
  g_assert_nonnull (strstr (list, "IAMCP Österreich"));
}

static void
test_tokens (void)
{
  g_autoptr(ChTestServer) ts = ch_test_server_new ();
  g_autofree char *chapter = NULL;
  g_autofree char *token = NULL;
  g_autofree char *admin = NULL;
  g_autofree char *list = NULL;
  g_autofree char *revoke = NULL;
  g_autofree char *after = NULL;
  g_autofree char *db = NULL;
  gsize db_len;

  chapter = ch_test_server_admin_ok (ts, "chapter", "add", "--name", "IAMCP Poland", NULL);
  token = ch_test_server_admin_ok (ts, "token", "create", "--name", "Piotr",
                                   "--chapter", chapter, NULL);
  admin = ch_test_server_admin_ok (ts, "token", "create", "--name", "ops", "--admin", NULL);

  /* chs_ + 43 url-safe characters (32 random bytes). */
  g_assert_true (g_str_has_prefix (token, "chs_"));
  g_assert_cmpuint (strlen (token), ==, 4 + 43);
  for (const char *p = token + 4; *p; p++)
    g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
  g_assert_cmpstr (token, !=, admin);

  list = ch_test_server_admin_ok (ts, "token", "list", NULL);
  g_assert_true (g_str_has_prefix (list, "ID\tNAME\tCHAPTER\tADMIN\tCREATED\tREVOKED\n"));
  g_assert_nonnull (strstr (list, "1\tPiotr\t"));
  g_assert_nonnull (strstr (list, chapter));
  g_assert_nonnull (strstr (list, "2\tops\t-\tyes\t"));
  g_assert_null (strstr (list, token));
  g_assert_null (strstr (list, token + 4));

  /* Only the hash is stored. */
  g_assert_true (g_file_get_contents (ts->db, &db, &db_len, NULL));
  g_assert_null (g_strstr_len (db, db_len, token + 4));
  {
    g_autofree char *wal_path = g_strconcat (ts->db, "-wal", NULL);
    g_autofree char *wal = NULL;
    gsize wal_len = 0;

    if (g_file_get_contents (wal_path, &wal, &wal_len, NULL))
      g_assert_null (g_strstr_len (wal, wal_len, token + 4));
  }

  revoke = ch_test_server_admin_ok (ts, "token", "revoke", "1", NULL);
  after = ch_test_server_admin_ok (ts, "token", "list", NULL);
  g_assert_null (strstr (after, "\t-\n1\tPiotr"));
  {
    g_auto(GStrv) lines = g_strsplit (after, "\n", -1);

    g_assert_true (g_str_has_prefix (lines[1], "1\tPiotr\t"));
    g_assert_false (g_str_has_suffix (lines[1], "\t-"));  /* has a revoked date */
    g_assert_true (g_str_has_suffix (lines[2], "\t-"));   /* ops still valid */
  }
}

static void
expect_failure (ChTestServer *ts,
                const char   *mention,
                ...)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) ch_test_server_binary ());
  va_start (args, mention);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), !=, 0);
  g_assert_cmpstr (out, ==, "");
  if (strstr (err, mention) == NULL)
    g_error ("“%s” does not mention “%s”", err, mention);
}

static void
test_errors (void)
{
  g_autoptr(ChTestServer) ts = ch_test_server_new ();
  g_autofree char *chapter = NULL;
  g_autofree char *nowhere = g_build_filename (ts->dir, "missing.db", NULL);

  expect_failure (ts, "Usage", NULL);
  expect_failure (ts, "frobnicate", "frobnicate", NULL);
  expect_failure (ts, "--db", "chapter", "add", "--name", "X", NULL);
  expect_failure (ts, "--name", "chapter", "add", "--db", ts->db, NULL);
  expect_failure (ts, "time zone", "chapter", "add", "--db", ts->db, "--name", "X",
                  "--timezone", "Mars/Olympus", NULL);
  expect_failure (ts, "ISO 4217", "chapter", "add", "--db", ts->db, "--name", "X",
                  "--currency", "EURO", NULL);
  expect_failure (ts, "UUID", "chapter", "add", "--db", ts->db, "--name", "X",
                  "--id", "chapter-1", NULL);

  chapter = ch_test_server_admin_ok (ts, "chapter", "add", "--name", "IAMCP Spain", NULL);
  expect_failure (ts, "already exists", "chapter", "add", "--db", ts->db, "--name", "Again",
                  "--id", chapter, NULL);

  expect_failure (ts, "no chapter", "token", "create", "--db", ts->db, "--name", "Who",
                  "--chapter", "0190f5c2-3b7a-7cc1-9a2e-4f1d2b3c4d5e", NULL);
  expect_failure (ts, "exactly one", "token", "create", "--db", ts->db, "--name", "Who", NULL);
  expect_failure (ts, "exactly one", "token", "create", "--db", ts->db, "--name", "Who",
                  "--admin", "--chapter", chapter, NULL);
  expect_failure (ts, "no token", "token", "revoke", "--db", ts->db, "99", NULL);
  expect_failure (ts, "number", "token", "revoke", "--db", ts->db, "first", NULL);
  expect_failure (ts, "no chapter", "compact", "--db", ts->db, "--chapter", "nope", NULL);
  expect_failure (ts, "--chapter", "compact", "--db", ts->db, NULL);

  /* Admin commands other than "chapter add" do not make a database. */
  expect_failure (ts, "no server database", "token", "list", "--db", nowhere, NULL);
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));

  /* A file that is not a server database is refused, not damaged. */
  {
    g_autofree char *junk = g_build_filename (ts->dir, "junk.db", NULL);
    g_autofree char *after = NULL;

    g_assert_true (g_file_set_contents (junk, "not a database at all", -1, NULL));
    expect_failure (ts, "junk.db", "chapter", "list", "--db", junk, NULL);
    g_assert_true (g_file_get_contents (junk, &after, NULL, NULL));
    g_assert_cmpstr (after, ==, "not a database at all");
  }

  /* serve: bad input fails fast with a message. */
  expect_failure (ts, "--db", "serve", NULL);
  expect_failure (ts, "IP address", "serve", "--db", ts->db, "--listen", "example.com", NULL);
  expect_failure (ts, "--tls-key", "serve", "--db", ts->db, "--tls-cert", "/nonexistent.pem", NULL);
}

/* No random bytes from the kernel: no token at all, rather than a
 * guessable one, and the operator is told why. */
static void
test_token_without_randomness (void)
{
  g_autoptr(ChTestServer) ts = ch_test_server_new ();
  g_autofree char *chapter = NULL;
  g_autofree char *list = NULL;
  const char *shim = g_getenv ("CH_FAIL_RANDOM");
  g_autofree char *asan_before = g_strdup (g_getenv ("ASAN_OPTIONS"));
  g_autofree char *asan = NULL;

  g_assert_nonnull (shim);
  chapter = ch_test_server_admin_ok (ts, "chapter", "add", "--name", "IAMCP Malta", NULL);

  /* In a sanitizer build the shim comes before ASan's runtime in the
   * list of loaded libraries, which ASan refuses unless told. */
  asan = g_strconcat (asan_before ? asan_before : "", asan_before ? ":" : "",
                      "verify_asan_link_order=0", NULL);
  g_setenv ("ASAN_OPTIONS", asan, TRUE);
  g_setenv ("LD_PRELOAD", shim, TRUE);
  expect_failure (ts, "No token was made", "token", "create", "--db", ts->db, "--name", "Who",
                  "--chapter", chapter, NULL);
  g_unsetenv ("LD_PRELOAD");
  if (asan_before)
    g_setenv ("ASAN_OPTIONS", asan_before, TRUE);
  else
    g_unsetenv ("ASAN_OPTIONS");

  list = ch_test_server_admin_ok (ts, "token", "list", NULL);
  g_assert_null (strstr (list, "Who"));
}

int
main (int    argc,
      char **argv)
{
  ch_test_server_init_args (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/admin/chapter-add-list", test_chapter_add_list);
  g_test_add_func ("/server/admin/tokens", test_tokens);
  g_test_add_func ("/server/admin/errors", test_errors);
  g_test_add_func ("/server/admin/token-without-randomness", test_token_without_randomness);

  return g_test_run ();
}
