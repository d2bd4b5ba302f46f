/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The bulk load of a new device's download (ch-store-bulk): while one
 * program loads, another that opens the file leaves the load alone and
 * still gets every stored member by list (by search once the load ends:
 * the search index is made once, at its end); the end of the load brings
 * every index back and leaves no trace.  (The sync's own use,
 * a killed download and a cancelled one are in tests/sync/
 * test-sync-bootstrap.c.)
 */

#include "config.h"

#include <string.h>

#include "ch-store.h"
#include "ch-store-bulk.h"
#include "ch-store-private.h"
#include "ch-test-util.h"

static gboolean
has_index (ChStore    *store,
           const char *name)
{
  g_autofree char *found = ch_store_query_text (store, "SELECT name FROM sqlite_schema "
                                                "WHERE type = 'index' AND name = ?",
                                                name, ch_store_sql_end);

  return found != NULL;
}

static guint
search_count (ChStore    *store,
              const char *match)
{
  return (guint) ch_store_query_int (store, 0,
                                     "SELECT count(*) FROM member_fts WHERE member_fts MATCH ?",
                                     match, ch_store_sql_end);
}

static void
test_bulk_live_load (StoreFixture  *f,
                     gconstpointer  data)
{
  g_autoptr(ChStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pending = NULL;
  g_autofree char *lock = g_strconcat (f->path, "-bulk", NULL);
  g_autofree char *ada = test_add_member (f->store, f->chapter_id, "Ada", "Lovelace",
                                          "ada@example.org");
  g_autofree char *grace = NULL;

  /* A load starts (as the first page of a download does) and commits. */
  g_assert_true (ch_store_begin (f->store, &error));
  g_assert_true (ch_store_bulk_begin (f->store, &error));
  g_assert_no_error (error);
  g_assert_true (ch_store_commit (f->store, &error));
  g_assert_true (ch_store_bulk_active (f->store));
  g_assert_false (has_index (f->store, "member_by_name_key"));
  g_assert_false (has_index (f->store, "member_specialty_by_member"));
  g_assert_true (has_index (f->store, "member_status_due"));
  g_assert_true (g_file_test (lock, G_FILE_TEST_EXISTS));

  /* Another program opens the file meanwhile: it leaves the load alone,
   * and sees every member, also those written during the load, with
   * their status; the search finds those of before the load. */
  other = ch_store_open (f->path, &error);
  g_assert_no_error (error);
  pending = ch_store_get_meta (other, "bulk_indexes");
  g_assert_nonnull (pending);
  g_clear_pointer (&pending, g_free);
  pending = ch_store_get_meta (other, "bulk_search");
  g_assert_nonnull (pending);
  g_assert_false (has_index (other, "member_by_name_key"));
  grace = test_add_member (f->store, f->chapter_id, "Grace", "Hopper", "grace@example.org");
  g_assert_cmpuint (ch_store_count_members (other, f->chapter_id), ==, 2);
  g_assert_cmpint (ch_store_query_int (other, -1, "SELECT count(*) FROM member "
                                       "WHERE status_rank IS NULL OR status_until = 0",
                                       ch_store_sql_end), ==, 0);
  g_assert_cmpuint (search_count (other, "ada*"), ==, 1);
  g_assert_cmpuint (search_count (other, "hopper"), ==, 0);

  /* The end of the load: every index back, no note, no lock file. */
  g_assert_true (ch_store_begin (f->store, &error));
  g_assert_true (ch_store_bulk_end (f->store, &error));
  g_assert_no_error (error);
  g_assert_true (ch_store_commit (f->store, &error));
  g_assert_true (ch_store_bulk_finish (f->store, &error));
  g_assert_no_error (error);
  g_assert_false (ch_store_bulk_active (f->store));
  g_assert_true (has_index (other, "member_by_name_key"));
  g_assert_true (has_index (other, "member_by_email"));
  g_assert_true (has_index (other, "member_specialty_by_member"));
  g_clear_pointer (&pending, g_free);
  pending = ch_store_get_meta (other, "bulk_indexes");
  g_assert_null (pending);
  pending = ch_store_get_meta (other, "bulk_search");
  g_assert_null (pending);
  g_assert_false (g_file_test (lock, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (ch_store_count_members (other, f->chapter_id), ==, 2);
  g_assert_cmpuint (search_count (other, "ada*"), ==, 1);
  g_assert_cmpuint (search_count (other, "hopper"), ==, 1);

  /* After the load, a member has its search entry as soon as written. */
  g_clear_pointer (&grace, g_free);
  grace = test_add_member (f->store, f->chapter_id, "Grace", "Murray", "murray@example.org");
  g_assert_cmpuint (search_count (other, "murray"), ==, 1);
}

/* A load cut off before its last page: finishing it makes the indexes
 * and the search entries of the members it wrote at once. */
static void
test_bulk_cut_off (StoreFixture  *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pending = NULL;
  g_autofree char *ada = NULL;

  g_assert_true (ch_store_begin (f->store, &error));
  g_assert_true (ch_store_bulk_begin (f->store, &error));
  g_assert_true (ch_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_false (has_index (f->store, "member_by_status"));
  ada = test_add_member (f->store, f->chapter_id, "Ada", "Lovelace", "ada@example.org");
  g_assert_cmpuint (search_count (f->store, "lovelace"), ==, 0);

  g_assert_true (ch_store_bulk_finish (f->store, &error));
  g_assert_no_error (error);
  g_assert_true (has_index (f->store, "member_by_status"));
  pending = ch_store_get_meta (f->store, "bulk_indexes");
  g_assert_null (pending);
  pending = ch_store_get_meta (f->store, "bulk_search");
  g_assert_null (pending);
  g_assert_cmpuint (search_count (f->store, "lovelace"), ==, 1);
}

/* A load that started in a transaction undone by a rollback leaves
 * nothing: the indexes were never gone. */
static void
test_bulk_rolled_back (StoreFixture  *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pending = NULL;
  g_autofree char *lock = g_strconcat (f->path, "-bulk", NULL);

  g_assert_true (ch_store_begin (f->store, &error));
  g_assert_true (ch_store_bulk_begin (f->store, &error));
  ch_store_rollback (f->store);
  g_assert_true (has_index (f->store, "member_by_name_key"));

  g_assert_true (ch_store_bulk_finish (f->store, &error));
  g_assert_no_error (error);
  pending = ch_store_get_meta (f->store, "bulk_indexes");
  g_assert_null (pending);
  g_assert_false (g_file_test (lock, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  test_init_c_locale (&argc, &argv);

  g_test_add ("/store/bulk/live-load", StoreFixture, NULL, store_fixture_setup,
              test_bulk_live_load, store_fixture_teardown);
  g_test_add ("/store/bulk/cut-off", StoreFixture, NULL, store_fixture_setup,
              test_bulk_cut_off, store_fixture_teardown);
  g_test_add ("/store/bulk/rolled-back", StoreFixture, NULL, store_fixture_setup,
              test_bulk_rolled_back, store_fixture_teardown);

  return g_test_run ();
}
