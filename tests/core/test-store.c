/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ch-entity.h"
#include "ch-store-private.h"
#include "ch-store.h"
#include "ch-store-backup.h"
#include "ch-store-sync.h"
#include "ch-test-util.h"
#include "ch-json-depth.h"
#include "ch-uuid.h"

#define BOOM_TRIGGER \
  "CREATE TEMP TRIGGER boom BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'boom'); END"

/* ----------------------------------------------------------------------- */
/* Opening                                                                   */

static gboolean
file_exists (const char *path,
             const char *suffix)
{
  g_autofree char *name = g_strconcat (path, suffix, NULL);

  return g_file_test (name, G_FILE_TEST_EXISTS);
}

static gboolean
table_exists (const char *path,
              const char *name)
{
  g_autofree char *sql =
    g_strdup_printf ("SELECT count(*) FROM sqlite_master WHERE name = '%s'", name);

  return test_query_int (path, sql) == 1;
}

static void
test_open_migrates (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  /* A folder that does not exist yet, as on first start. */
  g_autofree char *path = g_build_filename (dir, "profile", "chapterhouse.db", NULL);
  g_autoptr(GError) error = NULL;
  ChStore *store;
  guint n_entities;
  const ChEntityInfo *const *entities = ch_entity_all (&n_entities);

  g_assert_cmpuint (ch_store_schema_level (), >=, 1);

  store = ch_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpstr (ch_store_get_path (store), ==, path);
  g_assert_true (ch_uuid_is_valid (ch_store_get_device_id (store)));

  g_assert_cmpint (test_query_int (path, "PRAGMA user_version"), ==, ch_store_schema_level ());
  for (guint i = 0; i < n_entities; i++)
    g_assert_true (table_exists (path, entities[i]->table));
  g_assert_true (table_exists (path, "outbox"));
  g_assert_true (table_exists (path, "meta"));
  g_assert_true (table_exists (path, "sync_state"));
  g_assert_true (table_exists (path, "sync_rejection"));
  g_assert_true (table_exists (path, "member_fts"));

  /* Every field the entity descriptors know has a column. */
  for (guint i = 0; i < n_entities; i++)
    for (guint j = 0; j < entities[i]->n_fields; j++)
      {
        g_autofree char *sql =
          g_strdup_printf ("SELECT count(*) FROM pragma_table_info('%s') WHERE name = '%s'",
                           entities[i]->table, entities[i]->fields[j].name);

        g_assert_cmpint (test_query_int (path, sql), ==, 1);
      }

  {
    g_autofree char *mode = test_query_text (path, "PRAGMA journal_mode");

    g_assert_cmpstr (mode, ==, "wal");
  }

  g_assert_finalize_object (store);
  test_remove_tree (dir);
}

static void
test_open_reopen (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "chapterhouse.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *device_id = NULL;
  g_autofree char *member_id = NULL;
  g_autoptr(ChMember) member = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  ChStore *store;
  char *chapter_id;

  store = ch_store_open (path, &error);
  g_assert_no_error (error);
  device_id = g_strdup (ch_store_get_device_id (store));
  {
    g_autoptr(JsonObject) fields =
      test_json ("{'name': 'Oslo', 'timezone': 'Europe/Oslo', 'currency': 'NOK'}");
    g_autoptr(ChChapter) chapter = ch_store_create_chapter (store, fields, &error);

    g_assert_no_error (error);
    chapter_id = g_strdup (ch_chapter_get_id (chapter));
  }
  member_id = test_add_member (store, chapter_id, "Håkon", "Ødegård", "hakon@example.no");
  g_assert_finalize_object (store);
  before = test_file_checksum (path);

  /* The second start runs no migration again and keeps the device and data. */
  store = ch_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpstr (ch_store_get_device_id (store), ==, device_id);
  g_assert_cmpint (test_query_int (path, "PRAGMA user_version"), ==, ch_store_schema_level ());
  member = ch_store_get_member (store, member_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ch_member_get_display_name (member), ==, "Håkon Ødegård");
  g_assert_cmpuint (ch_store_count_members (store, chapter_id), ==, 1);
  g_assert_cmpuint (ch_store_outbox_count (store, chapter_id), ==, 2);
  g_clear_object (&member);
  g_assert_finalize_object (store);

  /* Opening and reading wrote nothing. */
  after = test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);

  g_free (chapter_id);
  test_remove_tree (dir);
}

static void
make_database (const char *path,
               const char *journal_mode,
               int         level)
{
  sqlite3 *db = NULL;
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("PRAGMA journal_mode = %s;"
                         "CREATE TABLE member (id TEXT PRIMARY KEY, future_column TEXT);"
                         "INSERT INTO member VALUES ('a', 'from the future');"
                         "PRAGMA user_version = %d;",
                         journal_mode, level);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* Watches a folder for files that appear next to the database, even ones
 * that are gone again by the time ch_store_open() returns. */
typedef struct
{
  GFileMonitor *monitor;
  GPtrArray    *created;
} FolderWatch;

static void
on_folder_changed_cb (GFileMonitor      *monitor,
                      GFile             *file,
                      GFile             *other,
                      GFileMonitorEvent  event,
                      FolderWatch       *watch)
{
  if (event == G_FILE_MONITOR_EVENT_CREATED)
    g_ptr_array_add (watch->created, g_file_get_basename (file));
}

static void
folder_watch_start (FolderWatch *watch,
                    const char  *dir)
{
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;

  watch->created = g_ptr_array_new_with_free_func (g_free);
  watch->monitor = g_file_monitor_directory (file, G_FILE_MONITOR_NONE, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (watch->monitor, "changed", G_CALLBACK (on_folder_changed_cb), watch);
}

/* Every file created since the start, joined by spaces. */
static char *
folder_watch_stop (FolderWatch *watch)
{
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  GString *names = g_string_new (NULL);

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (10000);

  g_file_monitor_cancel (watch->monitor);
  g_clear_object (&watch->monitor);
  for (guint i = 0; i < watch->created->len; i++)
    g_string_append_printf (names, "%s%s", i ? " " : "", (char *) watch->created->pdata[i]);
  g_clear_pointer (&watch->created, g_ptr_array_unref);

  return g_string_free (names, FALSE);
}

/* Opens @path (in @dir) expecting it to be refused with @code, and asserts
 * it was left alone: no file appeared next to it, not even for a moment,
 * its bytes are unchanged and no -wal, -shm or -journal is left.  Returns
 * the error. */
static GError *
open_refused_untouched (const char *dir,
                        const char *path,
                        int         code)
{
  g_autofree char *before = test_file_checksum (path);
  g_autofree char *after = NULL;
  g_autofree char *created = NULL;
  GError *error = NULL;
  FolderWatch watch = { 0 };
  ChStore *store;

  folder_watch_start (&watch, dir);
  store = ch_store_open (path, &error);
  created = folder_watch_stop (&watch);
  g_assert_cmpstr (created, ==, "");
  g_assert_null (store);
  g_assert_error (error, CH_STORE_ERROR, code);

  after = test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (file_exists (path, "-wal"));
  g_assert_false (file_exists (path, "-shm"));
  g_assert_false (file_exists (path, "-journal"));

  return error;
}

static void
test_open_too_new (gconstpointer data)
{
  const char *journal_mode = data;
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "chapterhouse.db", NULL);
  g_autoptr(GError) error = NULL;

  make_database (path, journal_mode, ch_store_schema_level () + 1);
  g_assert_false (file_exists (path, "-wal"));

  /* Not even for a moment: the newer program may have it open. */
  error = open_refused_untouched (dir, path, CH_STORE_ERROR_TOO_NEW);
  /* The message tells the person what to do. */
  g_assert_nonnull (strstr (error->message, "Update Chapterhouse"));
  g_assert_cmpint (test_query_int (path, "PRAGMA user_version"), ==, ch_store_schema_level () + 1);

  test_remove_tree (dir);
}

/* A newer Chapterhouse that is running has the new level only in its -wal
 * file so far; the header of the main file still shows the old one. */
static void
test_open_too_new_in_wal (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "chapterhouse.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *before = NULL;
  g_autofree char *wal_before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal_after = NULL;
  sqlite3 *newer = NULL;
  ChStore *store;

  g_assert_cmpint (sqlite3_open (path, &newer), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (newer, "PRAGMA journal_mode = WAL", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sql = g_strdup_printf ("CREATE TABLE member (id TEXT PRIMARY KEY); PRAGMA user_version = %u",
                         ch_store_schema_level () + 1);
  g_assert_cmpint (sqlite3_exec (newer, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  before = test_file_checksum (path);
  wal_before = test_file_checksum (wal);

  store = ch_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_TOO_NEW);

  after = test_file_checksum (path);
  wal_after = test_file_checksum (wal);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (wal_before, ==, wal_after);

  g_assert_cmpint (sqlite3_close (newer), ==, SQLITE_OK);
  test_remove_tree (dir);
}

/* An empty file (made by "touch", or a crash before the first write) is a
 * new database. */
static void
test_open_empty_file (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "chapterhouse.db", NULL);
  g_autoptr(GError) error = NULL;
  ChStore *store;

  g_file_set_contents (path, "", 0, &error);
  g_assert_no_error (error);

  store = ch_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (test_query_int (path, "PRAGMA user_version"), ==, ch_store_schema_level ());
  g_assert_finalize_object (store);

  test_remove_tree (dir);
}

static void
test_open_not_a_database (gconstpointer data)
{
  gsize size = GPOINTER_TO_SIZE (data);
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "chapterhouse.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *bytes = g_malloc (size);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (gsize i = 0; i < size; i++)
    bytes[i] = g_rand_int_range (rand, 0, 256);
  g_file_set_contents (path, (const char *) bytes, size, &error);
  g_assert_no_error (error);

  error = open_refused_untouched (dir, path, CH_STORE_ERROR_NOT_A_DATABASE);

  test_remove_tree (dir);
}

/* Overwrites @n_pages pages of @path from page @first (1 is the first)
 * with garbage, as a failing disk or a stray program would. */
static void
damage_pages (const char *path,
              guint       first,
              guint       n_pages)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree char *bytes = NULL;
  gsize size = 0;
  gsize page_size = 4096;

  g_file_get_contents (path, &bytes, &size, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (size, >=, (first + n_pages - 1) * page_size);

  for (gsize i = (first - 1) * page_size; i < (first - 1 + n_pages) * page_size; i++)
    bytes[i] = (char) g_rand_int_range (rand, 0, 256);

  g_file_set_contents (path, bytes, size, &error);
  g_assert_no_error (error);
}

/* A chapter file with 300 members, closed; returns its number of pages. */
static guint
make_chapter_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(ChChapter) chapter = NULL;
  ChStore *store = ch_store_open (path, &error);
  GStatBuf st;

  g_assert_no_error (error);
  fields = test_json ("{'name': 'Test Chapter', 'country': 'Sweden', 'city': 'Stockholm',"
                      " 'timezone': 'Europe/Stockholm', 'currency': 'SEK',"
                      " 'dues_amount': 150000, 'grace_days': 30}");
  chapter = ch_store_create_chapter (store, fields, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *family = g_strdup_printf ("Member%03u", i);
      g_autofree char *email = g_strdup_printf ("member%03u@example.com", i);
      g_autofree char *id = test_add_member (store, ch_chapter_get_id (chapter),
                                             "Some", family, email);
    }
  g_assert_finalize_object (store);

  /* Closed cleanly: everything is in the main file. */
  g_assert_false (file_exists (path, "-wal"));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (guint) (st.st_size / 4096);
}

typedef struct
{
  guint       first;   /* 0: the middle page */
  guint       n_pages; /* 0: all up to the end */
} Damage;

static const Damage damage_all_but_header = { 2, 0 };
static const Damage damage_middle_page = { 0, 1 };

/* A file whose pages were overwritten is refused with a message that names
 * it and says what to do, and not one byte of it changes. */
static void
test_open_damaged (gconstpointer data)
{
  const Damage *damage = data;
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "chapterhouse.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  guint n_pages = make_chapter_file (path);
  guint first = damage->first ? damage->first : n_pages / 2;
  ChStore *store;

  g_assert_cmpuint (n_pages, >, 4);
  damage_pages (path, first, damage->n_pages ? damage->n_pages : n_pages - first + 1);
  before = test_file_checksum (path);

  store = ch_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_assert_nonnull (strstr (error->message, "left untouched"));

  /* Again, as the window does at every start: still refused, unchanged. */
  g_clear_error (&error);
  store = ch_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_DAMAGED);

  after = test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);

  test_remove_tree (dir);
}

static guint
file_mode (const char *path,
           const char *suffix)
{
  g_autofree char *name = g_strconcat (path, suffix, NULL);
  GStatBuf st;

  g_assert_cmpint (g_stat (name, &st), ==, 0);
  return st.st_mode & 0777;
}

/* The file holds members' personal data: it and its -wal and -shm are the
 * user's alone, whatever the umask. */
static void
test_open_private_modes (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "chapterhouse.db", NULL);
  g_autoptr(GError) error = NULL;
  ChStore *store;
  mode_t old_umask = umask (022);

  store = ch_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (ch_store_set_meta (store, "test", "value", &error));
  g_assert_no_error (error);

  g_assert_cmpuint (file_mode (path, ""), ==, 0600);
  g_assert_cmpuint (file_mode (path, "-wal"), ==, 0600);
  g_assert_cmpuint (file_mode (path, "-shm"), ==, 0600);

  g_assert_finalize_object (store);
  umask (old_umask);
  test_remove_tree (dir);
}

static GDateTime *
day (int month,
     int d)
{
  return g_date_time_new_local (2026, month, d, 9, 30, 0);
}

/* Once a day the file is copied into the backups folder, readable by its
 * owner only; the last seven copies stay; a copy holds the members. */
static void
test_backup_daily (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "chapterhouse.db", NULL);
  g_autofree char *backups = g_build_filename (dir, "backups", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) first = day (11, 20);
  g_autoptr(GDateTime) later = day (11, 20);
  g_autofree char *copy = NULL;
  g_autofree char *again = NULL;
  g_autofree char *last = NULL;
  g_autofree char *date = NULL;
  g_autofree char *expected = g_build_filename (backups, "chapterhouse-2026-11-20.db", NULL);
  g_autofree char *expected_last = g_build_filename (backups, "chapterhouse-2026-11-30.db", NULL);
  g_autoptr(GDir) d = NULL;
  guint n_files = 0;
  ChStore *store;
  mode_t old_umask = umask (022);

  make_chapter_file (path);
  /* The window has the file open while the copy is made. */
  store = ch_store_open (path, &error);
  g_assert_no_error (error);

  copy = ch_store_backup_daily (path, backups, first, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (copy, ==, expected);
  g_assert_cmpuint (file_mode (copy, ""), ==, 0600);
  g_assert_cmpint (test_query_int (copy, "SELECT count(*) FROM member"), ==, 300);
  date = ch_store_backup_get_date (copy);
  g_assert_cmpstr (date, ==, "2026-11-20");

  /* The same day: nothing more. */
  again = ch_store_backup_daily (path, backups, later, &error);
  g_assert_no_error (error);
  g_assert_null (again);

  for (int i = 21; i <= 30; i++)
    {
      g_autoptr(GDateTime) when = day (11, i);
      g_autofree char *made = ch_store_backup_daily (path, backups, when, &error);

      g_assert_no_error (error);
      g_assert_nonnull (made);
    }

  d = g_dir_open (backups, 0, &error);
  g_assert_no_error (error);
  while (g_dir_read_name (d) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, CH_STORE_BACKUPS_KEPT);
  g_assert_false (file_exists (copy, ""));

  last = ch_store_backup_find_last (path, backups);
  g_assert_cmpstr (last, ==, expected_last);

  g_assert_finalize_object (store);
  umask (old_umask);
  test_remove_tree (dir);
}

/* A damaged file is not copied: the good backups stay. */
static void
test_backup_damaged (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "chapterhouse.db", NULL);
  g_autofree char *backups = g_build_filename (dir, "backups", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) monday = day (11, 23);
  g_autoptr(GDateTime) tuesday = day (11, 24);
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *last = NULL;
  guint n_pages = make_chapter_file (path);

  good = ch_store_backup_daily (path, backups, monday, &error);
  g_assert_no_error (error);

  damage_pages (path, n_pages / 2, 1);
  bad = ch_store_backup_daily (path, backups, tuesday, &error);
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_DAMAGED);
  g_assert_null (bad);

  last = ch_store_backup_find_last (path, backups);
  g_assert_cmpstr (last, ==, good);

  test_remove_tree (dir);
}

/* "Restore Last Backup": the damaged file goes aside, unchanged, and the
 * backup's members come back at the old name. */
static void
test_backup_restore (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "chapterhouse.db", NULL);
  g_autofree char *backups = g_build_filename (dir, "backups", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) today = day (12, 2);
  g_autofree char *backup = NULL;
  g_autofree char *before = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *aside_sum = NULL;
  g_autofree char *second_aside = NULL;
  g_autofree char *expected = g_strconcat (path, ".damaged-2026-12-02", NULL);
  g_autofree char *expected_second = g_strconcat (path, ".damaged-2026-12-02-2", NULL);
  g_autofree char *aside_after = NULL;
  guint n_pages = make_chapter_file (path);
  ChStore *store;

  backup = ch_store_backup_daily (path, backups, today, &error);
  g_assert_no_error (error);

  damage_pages (path, n_pages / 2, 1);
  before = test_file_checksum (path);
  store = ch_store_open (path, &error);
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_DAMAGED);
  g_assert_null (store);
  g_clear_error (&error);

  aside = ch_store_set_aside (path, today, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (aside, ==, expected);
  g_assert_false (file_exists (path, ""));
  aside_sum = test_file_checksum (aside);
  g_assert_cmpstr (aside_sum, ==, before);

  g_assert_true (ch_store_restore_backup (backup, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (file_mode (path, ""), ==, 0600);

  store = ch_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (path, "SELECT count(*) FROM member"), ==, 300);
  g_assert_finalize_object (store);

  /* Set aside again the same day: a new name, the first one is kept. */
  second_aside = ch_store_set_aside (path, today, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second_aside, ==, expected_second);
  aside_after = test_file_checksum (aside);
  g_assert_cmpstr (aside_after, ==, before);

  test_remove_tree (dir);
}

/* ----------------------------------------------------------------------- */
/* The outbox                                                                */

/* Asserts the newest outbox entry; a NULL expectation is not checked.
 * @base and @set are JSON with single quotes, as for test_json(). */
static void
assert_last_outbox (ChStore    *store,
                    const char *op,
                    const char *entity,
                    const char *row_id,
                    const char *chapter_id,
                    const char *base,
                    const char *set)
{
  g_autoptr(ChStoreOutboxEntry) entry = test_last_outbox (store);

  if (op != NULL)
    g_assert_cmpstr (entry->op, ==, op);
  if (entity != NULL)
    g_assert_cmpstr (entry->entity, ==, entity);
  if (row_id != NULL)
    g_assert_cmpstr (entry->row_id, ==, row_id);
  if (chapter_id != NULL)
    g_assert_cmpstr (entry->chapter_id, ==, chapter_id);
  if (base != NULL)
    test_assert_json (entry->base, base);
  if (set != NULL)
    test_assert_json (entry->set, set);
}

static void
test_outbox_insert (StoreFixture  *f,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) set = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *id = NULL;
  guint before = ch_store_outbox_count (f->store, NULL);

  set = test_json ("{'given_name': '  Anna ', 'family_name': 'Berg', 'email': '',"
                   " 'birth_year': 1980, 'consent_email': 1, 'notes': '  keep my spaces  '}");
  g_assert_true (ch_store_insert (f->store, "member", f->chapter_id, NULL, set, &id, &error));
  g_assert_no_error (error);
  g_assert_true (ch_uuid_is_valid (id));
  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, before + 1);

  /* Set: trimmed, empty text as null, booleans as booleans; long text kept as typed. */
  assert_last_outbox (f->store, "insert", "member", id, f->chapter_id, "{}",
                      "{'given_name': 'Anna', 'family_name': 'Berg', 'email': null,"
                      " 'birth_year': 1980, 'consent_email': true, 'notes': '  keep my spaces  '}");

  row = ch_store_get_row (f->store, "member", id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (row, "given_name"), ==, "Anna");
  g_assert_cmpint (json_object_get_int_member (row, "version"), ==, 0);
  g_assert_false (json_object_get_boolean_member (row, "deleted"));
  g_assert_true (json_object_get_null_member (row, "email"));

  /* A given id is kept (specialties use name-based ids). */
  {
    g_autofree char *tag_id = ch_uuid_for_name (id, "Azure");
    g_autoptr(JsonObject) tag = test_specialty_fields (id, "Azure");
    g_autofree char *out_id = NULL;

    g_assert_true (ch_store_insert (f->store, "member_specialty", f->chapter_id, tag_id, tag,
                                    &out_id, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (out_id, ==, tag_id);
  }

  /* A required field of the entity is checked by the generic path too. */
  {
    g_autoptr(JsonObject) tag = test_json ("{'specialty': 'Security'}");

    g_assert_false (ch_store_insert (f->store, "member_specialty", f->chapter_id, NULL, tag,
                                     NULL, &error));
    g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED);
    g_clear_error (&error);
  }

  /* An unknown entity is refused, not written. */
  g_assert_false (ch_store_insert (f->store, "membr", f->chapter_id, NULL, set, NULL, &error));
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID);
  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, before + 2);
}

static void
test_outbox_update_group (StoreFixture  *f,
                          gconstpointer  data)
{
  g_autofree char *id = test_add_member (f->store, f->chapter_id, "Anna", "Berg",
                                         "anna@example.com");
  g_autoptr(JsonObject) set = test_json ("{'given_name': 'Annika'}");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = NULL;

  g_assert_true (ch_store_update (f->store, "member", id, set, &error));
  g_assert_no_error (error);

  /* The whole "name" group, and nothing else. */
  assert_last_outbox (f->store, "update", "member", id, NULL,
                      "{'given_name': 'Anna', 'family_name': 'Berg'}",
                      "{'given_name': 'Annika', 'family_name': 'Berg'}");

  row = ch_store_get_row (f->store, "member", id, &error);
  g_assert_cmpstr (json_object_get_string_member (row, "given_name"), ==, "Annika");
  g_assert_cmpstr (json_object_get_string_member (row, "email"), ==, "anna@example.com");
  g_clear_pointer (&row, json_object_unref);
  g_clear_pointer (&set, json_object_unref);

  /* A field outside any group goes alone; unchanged fields are left out. */
  set = test_json ("{'company': 'Contoso', 'given_name': 'Annika', 'birth_year': 1984}");
  g_assert_true (ch_store_update (f->store, "member", id, set, &error));
  g_assert_no_error (error);
  assert_last_outbox (f->store, NULL, NULL, NULL, NULL,
                      "{'company': null, 'birth_year': null}",
                      "{'company': 'Contoso', 'birth_year': 1984}");
  g_clear_pointer (&set, json_object_unref);

  /* Clearing a field writes null. */
  set = test_json ("{'company': '   '}");
  g_assert_true (ch_store_update (f->store, "member", id, set, &error));
  assert_last_outbox (f->store, NULL, NULL, NULL, NULL, "{'company': 'Contoso'}",
                      "{'company': null}");
  g_clear_pointer (&set, json_object_unref);

  /* A required field cannot be emptied. */
  set = test_json ("{'family_name': ''}");
  g_assert_false (ch_store_update (f->store, "member", id, set, &error));
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED);
  g_clear_error (&error);
  g_clear_pointer (&set, json_object_unref);

  /* A row that does not exist. */
  set = test_json ("{'company': 'X'}");
  g_assert_false (ch_store_update (f->store, "member", "0190a0b0-0000-7000-8000-000000000000",
                                   set, &error));
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND);
}


typedef struct
{
  guint  n;
  char  *entity;
  char  *id;
} ChangedLog;

static void
on_store_changed_cb (ChStore    *store,
                     const char *entity,
                     const char *id,
                     ChangedLog *log)
{
  log->n++;
  g_free (log->entity);
  g_free (log->id);
  log->entity = g_strdup (entity);
  log->id = g_strdup (id);
}

static void
changed_log_clear (ChangedLog *log)
{
  g_clear_pointer (&log->entity, g_free);
  g_clear_pointer (&log->id, g_free);
  log->n = 0;
}

/* Records @store's "changed" signals in @log until changed_log_stop(). */
static void
changed_log_watch (ChangedLog *log,
                   ChStore    *store)
{
  g_signal_connect (store, "changed", G_CALLBACK (on_store_changed_cb), log);
}

static void
changed_log_stop (ChangedLog *log,
                  ChStore    *store)
{
  g_signal_handlers_disconnect_by_data (store, log);
  changed_log_clear (log);
}

/* A sync runs on its own connection (its worker thread), or another program
 * writes the file: the store tells its lists itself when asked to look, and
 * only when someone else wrote. */
static void
test_changed_outside (StoreFixture  *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChStore) other = ch_store_open (f->path, &error);
  g_autofree char *id = NULL;
  ChangedLog log = { 0 };

  g_assert_no_error (error);
  changed_log_watch (&log, f->store);

  /* Nothing written since the store was opened. */
  g_assert_false (ch_store_check_outside_changes (f->store));
  g_assert_cmpuint (log.n, ==, 0);

  /* Its own change was told at once; looking again tells nothing more. */
  id = test_add_member (f->store, f->chapter_id, "Anna", "Berg", NULL);
  g_assert_cmpuint (log.n, ==, 1);
  g_assert_false (ch_store_check_outside_changes (f->store));
  g_assert_cmpuint (log.n, ==, 1);
  changed_log_clear (&log);

  /* The other connection's change is told once, as a batch. */
  g_free (test_add_member (other, f->chapter_id, "Bo", "Ek", NULL));
  g_assert_cmpuint (log.n, ==, 0);
  g_assert_true (ch_store_check_outside_changes (f->store));
  g_assert_cmpuint (log.n, ==, 1);
  g_assert_null (log.entity);
  g_assert_null (log.id);
  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 2);
  g_assert_false (ch_store_check_outside_changes (f->store));
  g_assert_cmpuint (log.n, ==, 1);

  changed_log_stop (&log, f->store);
}

/* Signing a chapter out changes what the window shows (no more syncing):
 * the store says so, not the window. */
static void
test_changed_unlink (StoreFixture  *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  ChangedLog log = { 0 };

  g_assert_true (ch_store_set_sync_state (f->store, f->chapter_id, "http://127.0.0.1:1",
                                          "epoch-1", 0, &error));
  g_assert_no_error (error);
  changed_log_watch (&log, f->store);
  g_assert_true (ch_store_unlink_chapter (f->store, f->chapter_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.n, ==, 1);
  g_assert_false (ch_store_get_sync_state (f->store, f->chapter_id, NULL, NULL, NULL));
  changed_log_stop (&log, f->store);
}

static void
test_outbox_update_noop (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autofree char *id = test_add_member (f->store, f->chapter_id, "Anna", "Berg",
                                         "anna@example.com");
  g_autoptr(JsonObject) set = NULL;
  g_autoptr(GError) error = NULL;
  guint before = ch_store_outbox_count (f->store, NULL);
  ChangedLog log = { 0 };

  changed_log_watch (&log, f->store);

  /* The same values, typed with spaces: nothing changes, nothing to sync. */
  set = test_json ("{'given_name': ' Anna ', 'family_name': 'Berg', 'company': '',"
                   " 'email': 'anna@example.com'}");
  g_assert_true (ch_store_update (f->store, "member", id, set, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, before);
  g_assert_cmpuint (log.n, ==, 0);

  /* Deleting twice writes one entry. */
  g_assert_true (ch_store_delete (f->store, "member", id, &error));
  g_assert_true (ch_store_delete (f->store, "member", id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, before + 1);
  g_assert_cmpuint (log.n, ==, 1);

  /* A deleted row cannot be edited. */
  g_clear_pointer (&set, json_object_unref);
  set = test_json ("{'company': 'Contoso'}");
  g_assert_false (ch_store_update (f->store, "member", id, set, &error));
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND);
  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, before + 1);

  changed_log_stop (&log, f->store);
}

static void
test_outbox_delete_restore (StoreFixture  *f,
                            gconstpointer  data)
{
  g_autofree char *id = test_add_member (f->store, f->chapter_id, "Anna", "Berg",
                                         "anna@example.com");
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GError) error = NULL;
  ChangedLog log = { 0 };

  changed_log_watch (&log, f->store);

  g_assert_true (ch_store_delete (f->store, "member", id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.n, ==, 1);
  g_assert_cmpstr (log.entity, ==, "member");
  g_assert_cmpstr (log.id, ==, id);

  assert_last_outbox (f->store, "delete", "member", id, f->chapter_id, "{}", "{}");

  /* A tombstone: the row stays, marked deleted, with its data. */
  row = ch_store_get_row (f->store, "member", id, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (row, "deleted"));
  g_assert_cmpstr (json_object_get_string_member (row, "family_name"), ==, "Berg");
  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 0);
  g_clear_pointer (&row, json_object_unref);

  g_assert_true (ch_store_restore (f->store, "member", id, &error));
  g_assert_no_error (error);
  /* The restore says which version of the row it knew (0: never synced),
   * and brings this device's copy of the personal fields, which the
   * server drops from a tombstone (docs/sync-protocol.md). */
  assert_last_outbox (f->store, "restore", NULL, id, NULL, "{\"version\":0}",
                      "{\"given_name\":\"Anna\",\"family_name\":\"Berg\","
                      "\"email\":\"anna@example.com\",\"phone\":null,\"company\":null,"
                      "\"job_title\":null,\"city\":null,\"country\":null,\"gender\":null,"
                      "\"birth_year\":null,\"notes\":null}");

  row = ch_store_get_row (f->store, "member", id, &error);
  g_assert_false (json_object_get_boolean_member (row, "deleted"));
  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 1);
  g_assert_cmpuint (log.n, ==, 2);

  /* insert, delete, restore: three entries in order. */
  {
    g_autoptr(GPtrArray) entries = ch_store_outbox_list (f->store, f->chapter_id, 0, &error);
    guint n = entries->len;

    g_assert_cmpuint (n, >=, 3);
    g_assert_cmpstr (((ChStoreOutboxEntry *) entries->pdata[n - 3])->op, ==, "insert");
    g_assert_cmpstr (((ChStoreOutboxEntry *) entries->pdata[n - 2])->op, ==, "delete");
    g_assert_cmpstr (((ChStoreOutboxEntry *) entries->pdata[n - 1])->op, ==, "restore");
    g_assert_cmpint (((ChStoreOutboxEntry *) entries->pdata[n - 3])->mid, <,
                     ((ChStoreOutboxEntry *) entries->pdata[n - 2])->mid);

    /* max limits the page, oldest first. */
    g_clear_pointer (&entries, g_ptr_array_unref);
    entries = ch_store_outbox_list (f->store, f->chapter_id, 1, &error);
    g_assert_cmpuint (entries->len, ==, 1);
    g_assert_cmpstr (((ChStoreOutboxEntry *) entries->pdata[0])->entity, ==, "chapter");
    g_assert_true (ch_store_outbox_remove (f->store,
                                           ((ChStoreOutboxEntry *) entries->pdata[0])->mid,
                                           &error));
    g_assert_cmpuint (ch_store_outbox_count (f->store, f->chapter_id), ==, n - 1);
  }

  /* Missing rows. */
  g_assert_false (ch_store_delete (f->store, "member", "nope", &error));
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND);

  changed_log_stop (&log, f->store);
}

/* A failure in the middle of a change leaves neither the row change nor
 * the outbox entry, and the store goes on working. */
static void
test_outbox_failure (StoreFixture  *f,
                     gconstpointer  data)
{
  g_autofree char *id = test_add_member (f->store, f->chapter_id, "Anna", "Berg",
                                         "anna@example.com");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) set = NULL;
  g_autofree char *new_id = NULL;
  g_autofree char *later_id = NULL;
  guint outbox = ch_store_outbox_count (f->store, NULL);
  ChangedLog log = { 0 };

  g_assert_true (ch_store_exec_for_test (f->store, BOOM_TRIGGER, &error));
  g_assert_no_error (error);
  changed_log_watch (&log, f->store);

  /* Insert */
  set = test_json ("{'given_name': 'Björn', 'family_name': 'Öberg',"
                   " 'email': 'bjorn@example.se'}");
  g_assert_false (ch_store_insert (f->store, "member", f->chapter_id, NULL, set, &new_id, &error));
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "boom"));
  g_clear_error (&error);
  g_assert_null (new_id);
  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 1);
  g_assert_null (ch_store_find_member_by_email (f->store, f->chapter_id, "bjorn@example.se", NULL));
  g_assert_cmpint (test_query_int (f->path,
                                   "SELECT count(*) FROM member WHERE family_name = 'Öberg'"),
                   ==, 0);

  /* Update */
  g_clear_pointer (&set, json_object_unref);
  set = test_json ("{'given_name': 'Annika', 'company': 'Contoso'}");
  g_assert_false (ch_store_update (f->store, "member", id, set, &error));
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED);
  g_clear_error (&error);
  row = ch_store_get_row (f->store, "member", id, &error);
  g_assert_cmpstr (json_object_get_string_member (row, "given_name"), ==, "Anna");
  g_assert_true (json_object_get_null_member (row, "company"));
  g_clear_pointer (&row, json_object_unref);

  /* Delete and restore */
  g_assert_false (ch_store_delete (f->store, "member", id, &error));
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED);
  g_clear_error (&error);
  row = ch_store_get_row (f->store, "member", id, &error);
  g_assert_false (json_object_get_boolean_member (row, "deleted"));
  g_clear_pointer (&row, json_object_unref);

  /* The same, inside a batch: the batch goes on and can still commit. */
  g_assert_true (ch_store_begin (f->store, &error));
  g_assert_false (ch_store_update (f->store, "member", id, set, &error));
  g_clear_error (&error);
  g_assert_true (ch_store_commit (f->store, &error));
  g_assert_no_error (error);
  row = ch_store_get_row (f->store, "member", id, &error);
  g_assert_cmpstr (json_object_get_string_member (row, "given_name"), ==, "Anna");
  g_clear_pointer (&row, json_object_unref);

  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, outbox);
  g_assert_cmpuint (log.n, ==, 0);

  /* The store is not stuck in a transaction: later changes are saved for good. */
  g_assert_true (ch_store_exec_for_test (f->store, "DROP TRIGGER boom", &error));
  g_assert_no_error (error);
  later_id = test_add_member (f->store, f->chapter_id, "Björn", "Öberg", "bjorn@example.se");
  g_assert_cmpuint (log.n, ==, 1);
  g_assert_finalize_object (f->store);
  f->store = ch_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 2);
  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, outbox + 1);

  changed_log_clear (&log);
}

static void
test_batch (StoreFixture  *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  guint outbox = ch_store_outbox_count (f->store, NULL);
  ChangedLog log = { 0 };

  changed_log_watch (&log, f->store);

  /* Rollback leaves nothing, tells nobody. */
  g_assert_true (ch_store_begin (f->store, &error));
  a = test_add_member (f->store, f->chapter_id, "Anna", "Berg", "anna@example.com");
  b = test_add_member (f->store, f->chapter_id, "Björn", "Öberg", NULL);
  g_assert_true (ch_store_delete (f->store, "member", a, &error));
  g_assert_cmpuint (log.n, ==, 0);
  ch_store_rollback (f->store);
  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 0);
  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, outbox);
  g_assert_cmpint (test_query_int (f->path, "SELECT count(*) FROM member"), ==, 0);
  g_assert_cmpuint (log.n, ==, 0);
  g_clear_pointer (&a, g_free);
  g_clear_pointer (&b, g_free);

  /* Nested batches commit together, with one "changed" at the end. */
  g_assert_true (ch_store_begin (f->store, &error));
  a = test_add_member (f->store, f->chapter_id, "Anna", "Berg", "anna@example.com");
  g_assert_true (ch_store_begin (f->store, &error));
  b = test_add_member (f->store, f->chapter_id, "Björn", "Öberg", NULL);
  g_assert_true (ch_store_commit (f->store, &error));
  g_assert_cmpuint (log.n, ==, 0);
  /* Not visible to other connections until the outer commit. */
  g_assert_cmpint (test_query_int (f->path, "SELECT count(*) FROM member"), ==, 0);
  g_assert_true (ch_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.n, ==, 1);
  g_assert_null (log.entity);
  g_assert_null (log.id);
  g_assert_cmpint (test_query_int (f->path, "SELECT count(*) FROM member"), ==, 2);
  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, outbox + 2);

  /* An inner rollback undoes only the inner part. */
  g_assert_true (ch_store_begin (f->store, &error));
  g_assert_true (ch_store_delete (f->store, "member", a, &error));
  g_assert_true (ch_store_begin (f->store, &error));
  g_assert_true (ch_store_delete (f->store, "member", b, &error));
  ch_store_rollback (f->store);
  g_assert_true (ch_store_commit (f->store, &error));
  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 1);
  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, outbox + 3);
  g_assert_cmpuint (log.n, ==, 2);

  changed_log_stop (&log, f->store);
}

/* ----------------------------------------------------------------------- */
/* Chapters                                                                  */

static void
test_chapter_create (StoreFixture  *f,
                     gconstpointer  data)
{
  static const struct { const char *json; int code; } bad[] = {
    { "{'timezone': 'Europe/Oslo', 'currency': 'NOK'}", CH_STORE_ERROR_REQUIRED },
    { "{'name': '   ', 'timezone': 'Europe/Oslo', 'currency': 'NOK'}", CH_STORE_ERROR_REQUIRED },
    { "{'name': 'Oslo', 'currency': 'NOK'}", CH_STORE_ERROR_REQUIRED },
    { "{'name': 'Oslo', 'timezone': 'Europe/Atlantis', 'currency': 'NOK'}",
      CH_STORE_ERROR_INVALID },
    { "{'name': 'Oslo', 'timezone': 'Europe/Oslo'}", CH_STORE_ERROR_INVALID },
    { "{'name': 'Oslo', 'timezone': 'Europe/Oslo', 'currency': 'nok'}", CH_STORE_ERROR_INVALID },
    { "{'name': 'Oslo', 'timezone': 'Europe/Oslo', 'currency': 'NOKK'}", CH_STORE_ERROR_INVALID },
    { "{'name': 'Oslo', 'timezone': 'Europe/Oslo', 'currency': 'NOK', 'dues_amount': -1}",
      CH_STORE_ERROR_INVALID },
    { "{'name': 'Oslo', 'timezone': 'Europe/Oslo', 'currency': 'NOK', 'mascot': 'elk'}",
      CH_STORE_ERROR_INVALID },
    /* Wrong kinds of value are refused, not crashed on. */
    { "{'name': ['Oslo'], 'timezone': 'Europe/Oslo', 'currency': 'NOK'}", CH_STORE_ERROR_INVALID },
    { "{'name': 'Oslo', 'timezone': 42, 'currency': 'NOK'}", CH_STORE_ERROR_INVALID },
    { "{'name': 'Oslo', 'timezone': 'Europe/Oslo', 'currency': 578}", CH_STORE_ERROR_INVALID },
    { "{'name': 'Oslo', 'timezone': 'Europe/Oslo', 'currency': 'NOK', 'dues_amount': '100'}",
      CH_STORE_ERROR_INVALID },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(ChChapter) chapter = NULL;
  g_autoptr(ChStoreOutboxEntry) entry = NULL;
  guint outbox = ch_store_outbox_count (f->store, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("%s", bad[i].json);
      fields = test_json (bad[i].json);
      chapter = ch_store_create_chapter (f->store, fields, &error);
      g_assert_null (chapter);
      g_assert_error (error, CH_STORE_ERROR, bad[i].code);
      g_clear_error (&error);
      g_clear_pointer (&fields, json_object_unref);
    }
  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, outbox);

  fields = test_json ("{'name': ' Oslo ', 'timezone': 'Europe/Oslo', 'currency': 'NOK', "
                      "'dues_amount': 50000}");
  chapter = ch_store_create_chapter (f->store, fields, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ch_chapter_get_name (chapter), ==, "Oslo");
  g_assert_cmpint (ch_chapter_get_dues_amount (chapter), ==, 50000);
  /* Defaults */
  g_assert_cmpstr (ch_chapter_get_dues_period (chapter), ==, "yearly");
  g_assert_cmpint (ch_chapter_get_grace_days (chapter), ==, 30);

  /* A chapter is its own chapter, and is synced like everything else. */
  entry = test_last_outbox (f->store);
  g_assert_cmpstr (entry->op, ==, "insert");
  g_assert_cmpstr (entry->entity, ==, "chapter");
  g_assert_cmpstr (entry->row_id, ==, ch_chapter_get_id (chapter));
  g_assert_cmpstr (entry->chapter_id, ==, ch_chapter_get_id (chapter));
  g_assert_cmpstr (json_object_get_string_member (entry->set, "currency"), ==, "NOK");

  {
    g_autoptr(GPtrArray) chapters = ch_store_list_chapters (f->store, &error);

    g_assert_cmpuint (chapters->len, ==, 2);
    /* By name */
    g_assert_cmpstr (ch_chapter_get_name (chapters->pdata[0]), ==, "Oslo");
    g_assert_cmpstr (ch_chapter_get_name (chapters->pdata[1]), ==, "Test Chapter");
  }

  /* A deleted chapter is gone from the list and cannot be opened. */
  g_assert_true (ch_store_delete (f->store, "chapter", ch_chapter_get_id (chapter), &error));
  {
    g_autoptr(GPtrArray) chapters = ch_store_list_chapters (f->store, &error);
    g_autoptr(ChChapter) gone = ch_store_get_chapter (f->store, ch_chapter_get_id (chapter),
                                                       &error);

    g_assert_cmpuint (chapters->len, ==, 1);
    g_assert_null (gone);
    g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND);
  }
}

/* ----------------------------------------------------------------------- */
/* Rows from the server                                                      */

static void
test_remote_insert (StoreFixture  *f,
                    gconstpointer  data)
{
  const char *id = "01900000-0000-7000-8000-00000000000a";
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChMember) member = NULL;
  g_autofree char *found = NULL;
  guint outbox = ch_store_outbox_count (f->store, NULL);
  ChangedLog log = { 0 };

  changed_log_watch (&log, f->store);

  fields = test_json ("{'given_name': 'Søren', 'family_name': 'Kjær',"
                      " 'email': 'Soren@Example.DK', 'tier': 'network', 'joined_on': '2020-01-01',"
                      " 'birth_year': 1979, 'consent_email': true, 'field_from_the_future': 'x'}");
  g_assert_true (ch_store_apply_remote (f->store, f->chapter_id, "member", id, 5, FALSE, fields,
                                        &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, outbox);
  g_assert_cmpuint (log.n, ==, 1);

  row = ch_store_get_row (f->store, "member", id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (row, "version"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (row, "chapter_id"), ==, f->chapter_id);
  g_assert_cmpint (json_object_get_int_member (row, "birth_year"), ==, 1979);
  g_assert_true (json_object_get_boolean_member (row, "consent_email"));
  g_assert_false (json_object_has_member (row, "field_from_the_future"));

  member = ch_store_get_member (f->store, id, &error);
  g_assert_cmpstr (ch_member_get_display_name (member), ==, "Søren Kjær");
  g_assert_cmpint (ch_member_get_status (member), ==, CH_MEMBER_STATUS_ACTIVE);
  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 1);

  /* Its e-mail counts for uniqueness like any other. */
  found = ch_store_find_member_by_email (f->store, f->chapter_id, "soren@example.dk", NULL);
  g_assert_cmpstr (found, ==, id);

  /* An unknown entity is refused. */
  g_assert_false (ch_store_apply_remote (f->store, f->chapter_id, "nonsense", id, 6, FALSE,
                                         fields, &error));
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID);

  changed_log_stop (&log, f->store);
}

static void
test_remote_replay (StoreFixture  *f,
                    gconstpointer  data)
{
  const char *id = "01900000-0000-7000-8000-00000000000b";
  g_autoptr(JsonObject) v5 =
    test_json ("{'given_name': 'Anna', 'family_name': 'Berg', 'company': 'Five'}");
  g_autoptr(JsonObject) v3 =
    test_json ("{'given_name': 'Anna', 'family_name': 'Berg', 'company': 'Three'}");
  g_autoptr(JsonObject) v6 =
    test_json ("{'given_name': 'Anna', 'family_name': 'Berg', 'company': 'Six'}");
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_store_apply_remote (f->store, f->chapter_id, "member", id, 5, FALSE, v5,
                                        &error));
  /* An older version, and the same page again: no change. */
  g_assert_true (ch_store_apply_remote (f->store, f->chapter_id, "member", id, 3, FALSE, v3,
                                        &error));
  g_assert_true (ch_store_apply_remote (f->store, f->chapter_id, "member", id, 5, FALSE, v3,
                                        &error));
  g_assert_no_error (error);

  row = ch_store_get_row (f->store, "member", id, &error);
  g_assert_cmpstr (json_object_get_string_member (row, "company"), ==, "Five");
  g_assert_cmpint (json_object_get_int_member (row, "version"), ==, 5);
  g_clear_pointer (&row, json_object_unref);

  /* An older tombstone does not delete a newer row. */
  g_assert_true (ch_store_apply_remote (f->store, f->chapter_id, "member", id, 4, TRUE, NULL,
                                        &error));
  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 1);

  g_assert_true (ch_store_apply_remote (f->store, f->chapter_id, "member", id, 6, FALSE, v6,
                                        &error));
  row = ch_store_get_row (f->store, "member", id, &error);
  g_assert_cmpstr (json_object_get_string_member (row, "company"), ==, "Six");
  g_assert_cmpint (json_object_get_int_member (row, "version"), ==, 6);
  g_clear_pointer (&row, json_object_unref);

  /* set_row_version never goes back. */
  g_assert_true (ch_store_set_row_version (f->store, "member", id, 4, &error));
  g_assert_cmpint (test_row_int (f->store, "member", id, "version"), ==, 6);
  g_assert_true (ch_store_set_row_version (f->store, "member", id, 9, &error));
  g_assert_cmpint (test_row_int (f->store, "member", id, "version"), ==, 9);
  g_assert_no_error (error);
}

static void
test_remote_overlay (StoreFixture  *f,
                     gconstpointer  data)
{
  const char *id = "01900000-0000-7000-8000-00000000000c";
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GError) error = NULL;
  guint outbox = ch_store_outbox_count (f->store, NULL);

  fields = test_json ("{'given_name': 'Anna', 'family_name': 'Berg', 'company': 'Contoso',"
                      " 'city': 'Uppsala'}");
  g_assert_true (ch_store_apply_remote (f->store, f->chapter_id, "member", id, 1, FALSE, fields,
                                        &error));
  g_clear_pointer (&fields, json_object_unref);

  /* An officer edits the name and the city offline. */
  fields = test_json ("{'given_name': 'Annika', 'city': 'Malmö'}");
  g_assert_true (ch_store_update (f->store, "member", id, fields, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, outbox + 1);
  g_clear_pointer (&fields, json_object_unref);

  /* Meanwhile someone else changed the company and the city on the server. */
  fields = test_json ("{'given_name': 'Anna', 'family_name': 'Berg', 'company': 'Fabrikam',"
                      " 'city': 'Lund'}");
  g_assert_true (ch_store_apply_remote (f->store, f->chapter_id, "member", id, 2, FALSE, fields,
                                        &error));
  g_assert_no_error (error);

  /* The pending edit still shows; the server's other change arrives. */
  row = ch_store_get_row (f->store, "member", id, &error);
  g_assert_cmpstr (json_object_get_string_member (row, "given_name"), ==, "Annika");
  g_assert_cmpstr (json_object_get_string_member (row, "family_name"), ==, "Berg");
  g_assert_cmpstr (json_object_get_string_member (row, "city"), ==, "Malmö");
  g_assert_cmpstr (json_object_get_string_member (row, "company"), ==, "Fabrikam");
  g_assert_cmpint (json_object_get_int_member (row, "version"), ==, 2);
  g_clear_pointer (&row, json_object_unref);
  /* The pending change is still waiting to go out. */
  g_assert_cmpuint (ch_store_outbox_count (f->store, NULL), ==, outbox + 1);

  /* A pending delete keeps the row deleted when an update comes in. */
  g_assert_true (ch_store_delete (f->store, "member", id, &error));
  g_assert_true (ch_store_apply_remote (f->store, f->chapter_id, "member", id, 3, FALSE, fields,
                                        &error));
  row = ch_store_get_row (f->store, "member", id, &error);
  g_assert_true (json_object_get_boolean_member (row, "deleted"));
  g_assert_cmpint (json_object_get_int_member (row, "version"), ==, 3);
  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 0);
}

static void
test_remote_tombstone (StoreFixture  *f,
                       gconstpointer  data)
{
  const char *id = "01900000-0000-7000-8000-00000000000d";
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GError) error = NULL;
  ChMemberList *list = NULL;
  g_autofree char *other = NULL;

  fields = test_json ("{'given_name': 'Zofia', 'family_name': 'Wójcik',"
                      " 'email': 'zofia@example.pl'}");
  g_assert_true (ch_store_apply_remote (f->store, f->chapter_id, "member", id, 1, FALSE, fields,
                                        &error));

  list = ch_member_list_new (f->store, f->chapter_id);
  ch_member_list_set_search (list, "wojcik");
  g_assert_true (ch_member_list_refresh_sync (list, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);

  g_assert_true (ch_store_apply_remote (f->store, f->chapter_id, "member", id, 2, TRUE, fields,
                                        &error));
  g_assert_no_error (error);

  row = ch_store_get_row (f->store, "member", id, &error);
  g_assert_true (json_object_get_boolean_member (row, "deleted"));
  g_assert_cmpint (json_object_get_int_member (row, "version"), ==, 2);
  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 0);
  g_assert_true (ch_member_list_refresh_sync (list, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_cmpuint (ch_member_list_get_n_total (list), ==, 0);

  /* The e-mail is free again. */
  other = test_add_member (f->store, f->chapter_id, "Zofia", "Nowak", "zofia@example.pl");

  /* A tombstone for a row never seen: kept, so a late insert cannot revive it. */
  g_assert_true (ch_store_apply_remote (f->store, f->chapter_id, "member",
                                        "01900000-0000-7000-8000-00000000000e", 7, TRUE, NULL,
                                        &error));
  g_assert_true (ch_store_apply_remote (f->store, f->chapter_id, "member",
                                        "01900000-0000-7000-8000-00000000000e", 6, FALSE, fields,
                                        &error));
  g_clear_pointer (&row, json_object_unref);
  row = ch_store_get_row (f->store, "member", "01900000-0000-7000-8000-00000000000e", &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (row, "deleted"));
  g_assert_cmpuint (ch_store_count_members (f->store, f->chapter_id), ==, 1);

  test_finalize_list (list);
}

/* A conflict from the server whose values are nested without end: reading
 * it must not overflow the stack (json-glib recurses without a limit). */
static void
test_remote_conflict_too_deep (StoreFixture  *f,
                               gconstpointer  data)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *member = NULL;
  g_autofree char *conflict = ch_uuid_new_v7 ();
  char *deep = g_malloc (400001);

  memset (deep, '[', 400000);
  deep[400000] = '\0';
  member = test_add_member (f->store, f->chapter_id, "Karin", "Lund", "karin@contoso.se");

  json_object_set_string_member (fields, "entity", "member");
  json_object_set_string_member (fields, "row_id", member);
  json_object_set_string_member (fields, "field_group", "name");
  json_object_set_string_member (fields, "theirs", deep);
  json_object_set_string_member (fields, "mine", deep);
  g_free (deep);
  g_assert_true (ch_store_apply_remote (f->store, f->chapter_id, "conflict", conflict, 7, FALSE,
                                        fields, &error));
  g_assert_no_error (error);

  g_assert_false (ch_store_resolve_conflict (f->store, conflict, TRUE, &error));
  g_assert_error (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* Theirs needs no parsing: the conflict is settled. */
  g_assert_true (ch_store_resolve_conflict (f->store, conflict, FALSE, &error));
  g_assert_no_error (error);
}

static void
test_json_nesting (void)
{
  g_assert_true (ch_json_depth_ok ("{\"a\":[1,{\"b\":\"[[[[\"}]}", 3));
  g_assert_false (ch_json_depth_ok ("{\"a\":[1,{\"b\":[]}]}", 3));
  g_assert_true (ch_json_depth_ok ("\"\\\"[[[[\"", 1));
  g_assert_true (ch_json_depth_ok (NULL, 1));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/open/migrate", test_open_migrates);
  g_test_add_func ("/store/open/reopen", test_open_reopen);
  g_test_add_data_func ("/store/open/too-new/wal", "wal", test_open_too_new);
  g_test_add_data_func ("/store/open/too-new/rollback-journal", "delete", test_open_too_new);
  g_test_add_func ("/store/open/too-new/in-wal", test_open_too_new_in_wal);
  g_test_add_func ("/store/open/empty-file", test_open_empty_file);
  g_test_add_data_func ("/store/open/not-a-database/small", GSIZE_TO_POINTER (37),
                        test_open_not_a_database);
  g_test_add_data_func ("/store/open/not-a-database/large", GSIZE_TO_POINTER (8192),
                        test_open_not_a_database);
  g_test_add_data_func ("/store/open/damaged/all-but-header", &damage_all_but_header,
                        test_open_damaged);
  g_test_add_data_func ("/store/open/damaged/middle-page", &damage_middle_page,
                        test_open_damaged);
  g_test_add_func ("/store/open/private-modes", test_open_private_modes);
  g_test_add_func ("/store/backup/daily", test_backup_daily);
  g_test_add_func ("/store/backup/damaged", test_backup_damaged);
  g_test_add_func ("/store/backup/restore", test_backup_restore);

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, func, store_fixture_teardown)

  ADD ("/store/outbox/insert", test_outbox_insert);
  ADD ("/store/outbox/update", test_outbox_update_group);
  ADD ("/store/outbox/update-nothing", test_outbox_update_noop);
  ADD ("/store/outbox/delete-restore", test_outbox_delete_restore);
  ADD ("/store/outbox/failure", test_outbox_failure);
  ADD ("/store/batch", test_batch);
  ADD ("/store/changed/outside", test_changed_outside);
  ADD ("/store/changed/unlink", test_changed_unlink);
  ADD ("/store/chapter/create", test_chapter_create);
  ADD ("/store/remote/insert", test_remote_insert);
  ADD ("/store/remote/replay", test_remote_replay);
  ADD ("/store/remote/overlay", test_remote_overlay);
  ADD ("/store/remote/tombstone", test_remote_tombstone);
  ADD ("/store/remote/conflict-too-deep", test_remote_conflict_too_deep);
  g_test_add_func ("/store/json-nesting", test_json_nesting);

#undef ADD

  return g_test_run ();
}
