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
#include <sys/file.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "ch-demo.h"
#include "ch-member-list.h"
#include "ch-membership.h"
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

/* A load long enough for its checkpoints to run on their thread (the
 * write-ahead log passes a thousand pages several times): every row
 * written is in the file, whole, for another program and after. */
static void
test_bulk_checkpoints (StoreFixture  *f,
                       gconstpointer  data)
{
  g_autoptr(ChStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *check = NULL;
  g_autofree char *notes = g_strnfill (2000, 'n');

  g_assert_true (ch_store_begin (f->store, &error));
  g_assert_true (ch_store_bulk_begin (f->store, &error));
  g_assert_true (ch_store_commit (f->store, &error));
  g_assert_no_error (error);

  for (guint page = 0; page < 12; page++)
    {
      g_assert_true (ch_store_begin (f->store, &error));
      for (guint i = 0; i < 500; i++)
        {
          g_autoptr(JsonObject) fields = json_object_new ();
          g_autofree char *given = g_strdup_printf ("Given%u", page * 500 + i);
          g_autofree char *id = NULL;

          json_object_set_string_member (fields, "given_name", given);
          json_object_set_string_member (fields, "family_name", "Lovelace");
          json_object_set_string_member (fields, "notes", notes);
          id = test_add_member_fields (f->store, f->chapter_id, fields);
        }
      g_assert_true (ch_store_commit (f->store, &error));
      g_assert_no_error (error);
    }

  g_assert_true (ch_store_begin (f->store, &error));
  g_assert_true (ch_store_bulk_end (f->store, &error));
  g_assert_true (ch_store_commit (f->store, &error));
  g_assert_true (ch_store_bulk_finish (f->store, &error));
  g_assert_no_error (error);

  other = ch_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ch_store_count_members (other, f->chapter_id), ==, 6000);
  g_assert_cmpuint (search_count (other, "lovelace"), ==, 6000);
  g_assert_cmpuint (search_count (other, "given5999"), ==, 1);
  g_clear_object (&other);
  g_clear_object (&f->store);
  check = test_query_text (f->path, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
}

/* What a window shows of the chapter: the list in each order, a search,
 * a filter, and the upgrades counted (each query of an index level 22
 * dropped or changed). */
static char *
answers (StoreFixture *f)
{
  static const char *const sorts[] = {
    CH_MEMBER_SORT_NAME, CH_MEMBER_SORT_COMPANY, CH_MEMBER_SORT_CITY, CH_MEMBER_SORT_EMAIL,
    CH_MEMBER_SORT_TIER, CH_MEMBER_SORT_STATUS,
  };
  g_autoptr(ChMemberList) list = ch_member_list_new (f->store, f->chapter_id);
  GString *all = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sorts); i++)
    for (guint descending = 0; descending < 2; descending++)
      {
        g_autofree char *names = NULL;

        ch_member_list_set_sort (list, sorts[i], descending);
        test_wait_loaded (list);
        names = test_list_names (list);
        g_string_append_printf (all, "%s %u: %s\n", sorts[i], descending, names);
      }

  ch_member_list_set_sort (list, CH_MEMBER_SORT_NAME, FALSE);
  ch_member_list_set_search (list, "an");
  test_wait_loaded (list);
  {
    g_autofree char *names = test_list_names (list);

    g_string_append_printf (all, "search an: %s\n", names);
  }
  ch_member_list_set_search (list, NULL);
  ch_member_list_set_filter (list, CH_MEMBER_FILTER_STATUS, "lapsed");
  test_wait_loaded (list);
  {
    g_autofree char *names = test_list_names (list);

    g_string_append_printf (all, "lapsed: %s\n", names);
  }
  test_finalize_list (g_steal_pointer (&list));

  g_string_append_printf (all, "upgrades: %u, in 2024: %u\n",
                          ch_membership_count_conversions (f->store, f->chapter_id, NULL, NULL),
                          ch_membership_count_conversions (f->store, f->chapter_id,
                                                           "2024-01-01", "2024-12-31"));
  return g_string_free (all, FALSE);
}

/* A file of level 21 (the indexes level 22 dropped or changed, and the
 * note of a download another program runs still listing them) opened by
 * this Chapterhouse: the indexes are gone, the note no longer names
 * them, and the chapter answers as before. */
static void
test_bulk_level_22 (StoreFixture  *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *pending = NULL;
  g_autofree char *lock = g_strconcat (f->path, "-bulk", NULL);
  g_autofree char *indexes = NULL;
  sqlite3 *db = NULL;
  int fd;

  g_assert_true (ch_demo_populate (f->store, f->chapter_id, 300, 22, CH_DEMO_LOCAL, &error));
  g_assert_no_error (error);
  before = answers (f);
  g_assert_nonnull (strstr (before, "upgrades: "));
  g_assert_null (strstr (before, "upgrades: 0,"));
  g_clear_object (&f->store);

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
    "DROP INDEX membership_period_upgrades;"
    "CREATE INDEX member_by_name ON member (chapter_id, deleted, name_key,"
    "  tier, joined_on, left_on, dues_paid_until);"
    "CREATE INDEX member_by_joined_on ON member (chapter_id, deleted, joined_on);"
    "CREATE INDEX member_by_left_on ON member (chapter_id, deleted, left_on, left_reason);"
    "CREATE INDEX membership_period_by_member ON membership_period (member_id);"
    "CREATE INDEX membership_period_by_chapter ON membership_period (chapter_id, kind, starts_on);"
    "INSERT INTO meta (key, value) VALUES ('bulk_indexes', '["
    "{\"name\":\"member_by_email\",\"sql\":\"CREATE INDEX member_by_email ON member "
    "(chapter_id, deleted, email_key)\"},"
    "{\"name\":\"member_by_name\",\"sql\":\"CREATE INDEX member_by_name ON member "
    "(chapter_id, deleted, name_key)\"},"
    "{\"name\":\"membership_period_by_chapter\",\"sql\":\"CREATE INDEX "
    "membership_period_by_chapter ON membership_period (chapter_id, kind, starts_on)\"}]');"
    "PRAGMA user_version = 21;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  /* That other program's download still runs: it holds the lock. */
  fd = g_open (lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX | LOCK_NB), ==, 0);

  f->store = ch_store_open (f->path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 5; i++)
    {
      static const char *const gone[] = {
        "member_by_name", "member_by_joined_on", "member_by_left_on",
        "membership_period_by_member", "membership_period_by_chapter",
      };

      g_assert_false (has_index (f->store, gone[i]));
    }
  g_assert_true (has_index (f->store, "membership_period_upgrades"));
  g_assert_true (has_index (f->store, "member_by_name_key"));
  pending = ch_store_get_meta (f->store, "bulk_indexes");
  g_assert_cmpstr (pending, ==, "[{\"name\":\"member_by_email\",\"sql\":\"CREATE INDEX "
                                "member_by_email ON member (chapter_id, deleted, email_key)\"}]");
  g_unlink (lock);
  close (fd);

  after = answers (f);
  g_assert_cmpstr (after, ==, before);
  indexes = test_query_text (f->path, "PRAGMA integrity_check");
  g_assert_cmpstr (indexes, ==, "ok");
}

/* Every search entry, in rowid order, as text. */
static char *
search_entries (ChStore *store)
{
  return ch_store_query_text (store,
                              "SELECT group_concat (e, '|') FROM (SELECT rowid || ':' || "
                              "coalesce (given_name, '') || ',' || coalesce (family_name, '') "
                              "|| ',' || coalesce (company, '') || ',' || coalesce (email, '') "
                              "|| ',' || coalesce (city, '') || ',' || coalesce (specialties, '') "
                              "AS e FROM member_fts ORDER BY rowid)", ch_store_sql_end);
}

/* Asserts @store's search entries are those ch_store_rebuild_search()
 * makes from its rows. */
static void
assert_entries_as_rebuilt (ChStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *beside = search_entries (store);
  g_autofree char *again = NULL;

  g_assert_nonnull (beside);
  g_assert_true (ch_store_begin (store, &error));
  g_assert_true (ch_store_rebuild_search (store, &error));
  g_assert_true (ch_store_commit (store, &error));
  g_assert_no_error (error);
  again = search_entries (store);
  g_assert_cmpstr (beside, ==, again);
}

static void
add_specialty (StoreFixture *f,
               const char   *member_id,
               const char   *specialty)
{
  g_autoptr(JsonObject) row = test_specialty_fields (member_id, specialty);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  g_assert_true (ch_store_insert (f->store, "member_specialty", f->chapter_id, NULL, row, &id,
                                  &error));
  g_assert_no_error (error);
}

/* The end of a load makes the search entries on a thread of its own,
 * beside the indexes, and puts them in place of the file's: the same
 * entries as made on the load's thread (folded names, the specialties in
 * their order, no deleted member), a sound search index, and one that
 * the load's own connection goes on writing (its search table made
 * again, not only its rows). */
static void
test_bulk_search_beside (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autoptr(ChStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = test_add_member (f->store, f->chapter_id, "Ada", "Lovelace",
                                             "ada@example.org");
  g_autofree char *check = NULL;
  g_autofree char *zoe = NULL;
  g_autofree char *gone = NULL;

  g_assert_true (ch_store_begin (f->store, &error));
  g_assert_true (ch_store_bulk_begin (f->store, &error));
  g_assert_true (ch_store_commit (f->store, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *given = g_strdup_printf ("Åsa%u", i);
      g_autofree char *email = g_strdup_printf ("m%u@example.org", i);
      g_autofree char *id = test_add_member (f->store, f->chapter_id, given, "Müller", email);

      if (i % 3 == 0)
        {
          add_specialty (f, id, "Azure");
          add_specialty (f, id, "Dynamics 365");
        }
    }
  zoe = test_add_member (f->store, f->chapter_id, "Zoë", "Ndiaye", "zoe@example.org");
  add_specialty (f, zoe, "Security");
  gone = test_add_member (f->store, f->chapter_id, "Gone", "Away", "gone@example.org");
  g_assert_true (ch_store_delete (f->store, "member", gone, &error));
  g_assert_no_error (error);

  g_assert_true (ch_store_bulk_finish (f->store, &error));
  g_assert_no_error (error);
  check = test_query_text (f->path, "SELECT count(*) FROM member_fts");
  g_assert_cmpstr (check, ==, "302");
  g_assert_cmpuint (search_count (f->store, "muller"), ==, 300);
  g_assert_cmpuint (search_count (f->store, "dyn*"), ==, 100);
  g_assert_cmpuint (search_count (f->store, "zoe security"), ==, 1);
  g_assert_cmpuint (search_count (f->store, "away"), ==, 0);

  /* The same entries as the load's own thread makes. */
  assert_entries_as_rebuilt (f->store);

  /* Written on after the load, by its connection and another. */
  g_clear_pointer (&zoe, g_free);
  zoe = test_add_member (f->store, f->chapter_id, "Zoë", "Okafor", "okafor@example.org");
  other = ch_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (search_count (other, "okafor"), ==, 1);
  g_assert_cmpuint (search_count (other, "ada"), ==, 1);
  g_assert_true (ch_store_exec (f->store, "INSERT INTO member_fts (member_fts) "
                                "VALUES ('integrity-check')", &error));
  g_assert_no_error (error);
  g_clear_pointer (&check, g_free);
  check = test_query_text (f->path, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
}

/* The search entries a load makes beside its indexes are built through a
 * page cache of bounded size, not held whole in memory: with the cache
 * made small, entries many times its size are made right while the
 * thread's caches stay within it.  (Held in memory, the entries of
 * 1,000,000 members took half a gigabyte on top of the load's cache.) */
static void
test_bulk_search_memory (StoreFixture  *f,
                         gconstpointer  data)
{
  const gint cache_kib = 32;
  g_autoptr(GError) error = NULL;
  g_autofree char *check = NULL;
  gint64 entry_bytes;

  f->store->bulk_search_cache_kib = cache_kib;
  g_assert_true (ch_store_begin (f->store, &error));
  g_assert_true (ch_store_bulk_begin (f->store, &error));
  g_assert_true (ch_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_true (ch_store_begin (f->store, &error));
  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *given = g_strdup_printf ("Given%u", i);
      g_autofree char *family = g_strdup_printf ("Family%u", i * 7919 % 3000);
      g_autofree char *email = g_strdup_printf ("member%u@example%u.org", i, i % 97);
      g_autofree char *id = test_add_member (f->store, f->chapter_id, given, family, email);
      g_autofree char *specialty = g_strdup_printf ("Specialty%u", i % 500);

      add_specialty (f, id, specialty);
    }
  g_assert_true (ch_store_commit (f->store, &error));
  g_assert_no_error (error);

  f->store->bulk_search_cache_used = 0;
  g_assert_true (ch_store_bulk_finish (f->store, &error));
  g_assert_no_error (error);

  /* Made on the thread (not on the load's, after it failed)… */
  g_assert_cmpint (f->store->bulk_search_cache_used, >, 0);
  /* …within its caches (one for the entries, one for reading the
   * members), while the entries are many times that. */
  entry_bytes = ch_store_query_int (f->store, 0, "SELECT sum (length (block)) "
                                    "FROM member_fts_data", ch_store_sql_end);
  g_assert_cmpint (entry_bytes, >, 8 * cache_kib * 1024);
  g_assert_cmpint (f->store->bulk_search_cache_used, <=, 3 * cache_kib * 1024);

  g_assert_cmpuint (search_count (f->store, "given1234"), ==, 1);
  g_assert_cmpuint (search_count (f->store, "specialty7"), ==, 6);
  assert_entries_as_rebuilt (f->store);
  check = test_query_text (f->path, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
}

/* Appends a second statement to @name's text in the file's schema (SQLite
 * reads only the first), opens the file again and starts a load with one
 * member written into it. */
static void
smuggle_and_load (StoreFixture *f,
                  const char   *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("PRAGMA writable_schema = ON; "
                                          "UPDATE sqlite_schema SET sql = sql || "
                                          "'; CREATE TEMP TABLE smuggled (x)' "
                                          "WHERE name = '%s'; "
                                          "PRAGMA writable_schema = OFF;", name);
  sqlite3 *db;

  g_clear_object (&f->store);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_total_changes (db), ==, 1);
  sqlite3_close (db);
  f->store = ch_store_open (f->path, &error);
  g_assert_no_error (error);

  g_assert_true (ch_store_begin (f->store, &error));
  g_assert_true (ch_store_bulk_begin (f->store, &error));
  g_assert_true (ch_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_free (test_add_member (f->store, f->chapter_id, "Grace", "Hopper", "grace@example.org"));
}

/* The search table's text is taken from the file and run again at the
 * end of a load: a file whose text carries a second statement after the
 * table's (SQLite reads only the first) has it ignored, not run. */
static void
test_bulk_search_schema_alone (StoreFixture  *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ada = test_add_member (f->store, f->chapter_id, "Ada", "Lovelace",
                                          "ada@example.org");
  g_autofree char *check = NULL;

  smuggle_and_load (f, "member_fts");
  g_assert_true (ch_store_bulk_finish (f->store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (ch_store_query_int (f->store, -1, "SELECT count(*) FROM temp.sqlite_schema "
                                       "WHERE name = 'smuggled'", ch_store_sql_end), ==, 0);
  g_assert_cmpuint (search_count (f->store, "hopper"), ==, 1);
  g_assert_cmpuint (search_count (f->store, "ada"), ==, 1);
  check = test_query_text (f->path, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
}

/* The same for the indexes a load drops and makes again from the texts
 * the file kept of them. */
static void
test_bulk_index_schema_alone (StoreFixture  *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ada = test_add_member (f->store, f->chapter_id, "Ada", "Lovelace",
                                          "ada@example.org");

  smuggle_and_load (f, "member_by_name_key");
  /* Refused (the text is not one statement), or done without it. */
  ch_store_bulk_finish (f->store, NULL);

  g_assert_cmpint (ch_store_query_int (f->store, -1, "SELECT count(*) FROM temp.sqlite_schema "
                                       "WHERE name = 'smuggled'", ch_store_sql_end), ==, 0);
  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 2);
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
  g_test_add ("/store/bulk/checkpoints", StoreFixture, NULL, store_fixture_setup,
              test_bulk_checkpoints, store_fixture_teardown);
  g_test_add ("/store/bulk/level-22", StoreFixture, NULL, store_fixture_setup,
              test_bulk_level_22, store_fixture_teardown);
  g_test_add ("/store/bulk/search-beside", StoreFixture, NULL, store_fixture_setup,
              test_bulk_search_beside, store_fixture_teardown);
  g_test_add ("/store/bulk/search-memory", StoreFixture, NULL, store_fixture_setup,
              test_bulk_search_memory, store_fixture_teardown);
  g_test_add ("/store/bulk/search-schema-alone", StoreFixture, NULL, store_fixture_setup,
              test_bulk_search_schema_alone, store_fixture_teardown);
  g_test_add ("/store/bulk/index-schema-alone", StoreFixture, NULL, store_fixture_setup,
              test_bulk_index_schema_alone, store_fixture_teardown);

  return g_test_run ();
}
