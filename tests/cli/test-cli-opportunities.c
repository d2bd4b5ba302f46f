/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-opportunities"

#include "config.h"

#include <string.h>

#include "ch-sync-test.h"

/*
 * chapterhouse-cli opportunities add / list / update / board as an
 * officer or a script uses them: exit codes (0 done, 2 wrong command
 * line, 3 data refused), clear messages, --json.
 */

typedef struct
{
  char *dir;
  char *db;
  char *anna;
  char *bo;
  char *cia;
} Fixture;

static char *
add_member (Fixture    *f,
            const char *given,
            const char *family,
            const char *company)
{
  g_auto(SyncCliRun) run = { 0 };

  sync_cli (&run, f->db, "members", "add", "--given", given, "--family", family,
            "--company", company, "--tier", "network", "--joined", "2024-01-10",
            "--specialties", "azure", NULL);
  g_assert_cmpint (run.status, ==, 0);
  return g_strstrip (g_strdup (run.out));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_auto(SyncCliRun) run = { 0 };

  f->dir = sync_test_make_tmp_dir ();
  f->db = g_build_filename (f->dir, "officer.db", NULL);
  sync_cli (&run, f->db, "chapter", "create", "--name", "IAMCP Sweden", "--country", "SE",
            "--timezone", "Europe/Stockholm", "--currency", "SEK", NULL);
  g_assert_cmpint (run.status, ==, 0);
  f->anna = add_member (f, "Anna", "Berg", "Nordlys AB");
  f->bo = add_member (f, "Bo", "Ek", "Ek Data");
  f->cia = add_member (f, "Cia", "Lund", "Lund IT");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  sync_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->anna);
  g_free (f->bo);
  g_free (f->cia);
}

static char *
give (Fixture    *f,
      const char *from,
      const char *to,
      const char *title,
      const char *given)
{
  g_auto(SyncCliRun) run = { 0 };

  sync_cli (&run, f->db, "opportunities", "add", "--from", from, "--to", to, "--title", title,
            "--specialty", "Azure", "--value", "10k-50k", "--given", given, NULL);
  g_assert_cmpint (run.status, ==, 0);
  return g_strstrip (g_strdup (run.out));
}

static void
test_add_list_update (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *id = give (f, f->anna, f->bo, "Azure landing zone", "2025-08-01");
  g_auto(SyncCliRun) run = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o;

  sync_cli (&run, f->db, "opportunities", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "2025-08-01\tGiven\tAnna Berg → Bo Ek\tAzure landing zone"
                                     "\tAzure\t10,000–50,000 SEK"));

  /* Straight to won needs the day it was accepted: refused, exit 3. */
  sync_cli (&run, f->db, "opportunities", "update", id, "--status", "won", "--on", "2025-09-01",
            NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "An opportunity is won only after it was accepted"));

  sync_cli (&run, f->db, "--json", "opportunities", "update", id, "--status", "won",
            "--on", "2025-09-01", "--accepted", "2025-08-03", "--title", "Azure landing zone, "
            "phase 1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  node = sync_cli_json (&run);
  o = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "won");
  g_assert_cmpstr (json_object_get_string_member (o, "accepted_on"), ==, "2025-08-03");
  g_assert_cmpstr (json_object_get_string_member (o, "closed_on"), ==, "2025-09-01");
  g_assert_cmpstr (json_object_get_string_member (o, "title"), ==, "Azure landing zone, phase 1");

  /* Lost after won: refused, nothing changed. */
  sync_cli (&run, f->db, "opportunities", "update", id, "--status", "lost", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "This opportunity was won; it cannot move on."));

  /* Filters, --json. */
  g_free (give (f, f->cia, "chapter", "Speaker", "2025-05-01"));
  g_clear_pointer (&node, json_node_unref);
  sync_cli (&run, f->db, "--json", "opportunities", "list", "--status", "won", NULL);
  g_assert_cmpint (run.status, ==, 0);
  node = sync_cli_json (&run);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (node), "opportunities")), ==, 1);
  sync_cli (&run, f->db, "opportunities", "list", "--period", "2025-Q2", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Cia Lund → the chapter\tSpeaker"));
  g_assert_null (strstr (run.out, "Anna Berg"));
  sync_cli (&run, f->db, "opportunities", "list", "--member", f->bo, NULL);
  g_assert_nonnull (strstr (run.out, "Anna Berg → Bo Ek"));
  g_assert_null (strstr (run.out, "Speaker"));
}

static void
test_bad_command_lines (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(SyncCliRun) run = { 0 };

  sync_cli (&run, f->db, "opportunities", "add", "--title", "No giver", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "opportunities add needs --from MEMBER_ID and --title"));

  sync_cli (&run, f->db, "opportunities", "add", "--from", f->anna, "--title", "Self",
            "--to", f->anna, NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "A member cannot give an opportunity to themselves"));

  sync_cli (&run, f->db, "opportunities", "add", "--from", f->anna, "--title", "Big",
            "--value", "huge", NULL);
  g_assert_cmpint (run.status, ==, 3);

  sync_cli (&run, f->db, "opportunities", "board", "--period", "last year", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--period takes a year or a quarter"));

  sync_cli (&run, f->db, "opportunities", "add", "--from", f->anna, "--title", "Later",
            "--given", "2025-02-30", NULL);
  g_assert_cmpint (run.status, ==, 3);
}

/* Anna 2 given (1 won), Bo and Cia 1 given each: tied second. */
static void
test_board (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *won = give (f, f->anna, f->bo, "A", "2025-07-01");
  g_auto(SyncCliRun) run = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonArray *board;

  g_free (give (f, f->anna, f->cia, "B", "2025-07-02"));
  g_free (give (f, f->bo, f->anna, "C", "2025-07-03"));
  g_free (give (f, f->cia, f->anna, "D", "2025-08-03"));
  g_free (give (f, f->cia, f->anna, "Q1", "2025-02-03"));
  sync_cli (&run, f->db, "opportunities", "update", won, "--status", "accepted", "--on",
            "2025-07-02", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sync_cli (&run, f->db, "opportunities", "update", won, "--status", "won", "--on",
            "2025-07-20", NULL);
  g_assert_cmpint (run.status, ==, 0);

  sync_cli (&run, f->db, "opportunities", "board", "--period", "2025-Q3", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (g_strstrip (run.out), ==,
                   "1\tAnna Berg\tNordlys AB\t2 given\t1 won\n"
                   "2=\tBo Ek\tEk Data\t1 given\t0 won\n"
                   "2=\tCia Lund\tLund IT\t1 given\t0 won");

  sync_cli (&run, f->db, "--json", "opportunities", "board", "--period", "2025", NULL);
  g_assert_cmpint (run.status, ==, 0);
  node = sync_cli_json (&run);
  board = json_object_get_array_member (json_node_get_object (node), "board");
  g_assert_cmpuint (json_array_get_length (board), ==, 3);
  /* The whole year: Cia gave two. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (board, 1),
                                                  "member_name"), ==, "Cia Lund");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (board, 1),
                                               "rank"), ==, 2);

  sync_cli (&run, f->db, "opportunities", "board", "--period", "2024", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (g_strstrip (run.out), ==, "No opportunities were given in 2024.");
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/cli/opportunities/add-list-update", test_add_list_update);
  ADD ("/cli/opportunities/bad-command-lines", test_bad_command_lines);
  ADD ("/cli/opportunities/board", test_board);

  return g_test_run ();
}
