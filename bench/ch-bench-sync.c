/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ch-bench-sync: how fast a device talks to a real chapterhouse-server.
 *
 *   ch-bench-sync --url URL --token-file F --chapter ID --dir DIR
 *                 [--members N] [--edits N] [--seed S] [--no-seed] [--seed-only]
 *                 [--server-pid PID]
 *
 * Three steps, all through the code the window and the CLI use (ChStore,
 * ch_demo_populate(), ch_sync_link(), ch_sync_run()):
 *
 *  1. seed: a device makes a chapter of N members offline (each member a
 *     change in its outbox), links it to the server chapter ID and syncs;
 *  2. bootstrap: a fresh device downloads the whole chapter;
 *  3. push: that device makes --edits offline edits (a different city for
 *     as many members) and syncs them.
 *
 * --no-seed leaves out step 1: the server chapter already holds the
 * members (a copy of a server database seeded before, for profiling).
 *
 * --seed-only stops after step 1 (bench/sync-scale seeds a server database
 * once so, and keeps it).
 *
 * --server-pid names the server's process (on this machine): its CPU time
 * during the bootstrap and the push is printed beside the client's, and
 * its peak memory during the bootstrap.
 *
 * Memory: the peak resident set of this process during the bootstrap
 * (VmHWM, reset before it through /proc/self/clear_refs), and the peaks of
 * its two parts, sampled every 20 ms: anonymous memory (the heap, SQLite's
 * caches) and mapped file pages (the database read through a memory map
 * while its indexes are made, pages the kernel can drop).
 *
 * Prints key=value lines on stdout; details on stderr.  A benchmark, not a
 * test: it fails only when something does not work, never when it is slow.
 */
#define G_LOG_DOMAIN "ch-bench-sync"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "ch-demo.h"
#include "ch-store.h"
#include "ch-store-private.h"
#include "ch-sync.h"
#include "ch-sync-private.h"

static const char *cities[] = { "Lisboa", "Kraków", "Göteborg", "Zürich", "Århus", "Córdoba" };

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* CPU time (user + system) of this process so far, in seconds: on a
 * shared, loaded machine the wall time says more about the neighbours. */
static double
cpu_seconds (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
         (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* CPU seconds of the calling thread: the sync's own, without the threads
 * that fetch the next page and checkpoint the file beside it. */
static double
thread_cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The peak resident set (VmHWM) of the process @pid (0: this one) since
 * it started or since reset_peak_rss(), in KiB; -1 if unknown. */
static gint64
peak_rss_kib (gint pid)
{
  g_autofree char *path = pid > 0 ? g_strdup_printf ("/proc/%d/status", pid)
                                  : g_strdup ("/proc/self/status");
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL) ||
      (line = strstr (text, "\nVmHWM:")) == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen ("\nVmHWM:"), NULL, 10);
}

static void
reset_peak_rss (gint pid)
{
  g_autofree char *path = pid > 0 ? g_strdup_printf ("/proc/%d/clear_refs", pid)
                                  : g_strdup ("/proc/self/clear_refs");

  FILE *file = fopen (path, "w");
  gboolean ok;

  /* "5": the peak resident set starts again from the present one. */
  ok = file != NULL && fputs ("5", file) >= 0;
  if (file != NULL && fclose (file) != 0)
    ok = FALSE;
  if (!ok)
    g_printerr ("cannot reset the peak memory of %s: the peak since the start is printed\n",
                path);
}

/* A thread that samples this process's anonymous and file-backed resident
 * memory, keeping the peaks (KiB). */
typedef struct
{
  gint     stop;
  gint64   anon_kib;
  gint64   file_kib;
  GThread *thread;
} Sampler;

static gint64
status_kib (const char *text,
            const char *key)
{
  const char *line = strstr (text, key);

  return line != NULL ? g_ascii_strtoll (line + strlen (key), NULL, 10) : -1;
}

static gpointer
sampler_run (gpointer data)
{
  Sampler *sampler = data;

  while (!g_atomic_int_get (&sampler->stop))
    {
      g_autofree char *text = NULL;

      if (g_file_get_contents ("/proc/self/status", &text, NULL, NULL))
        {
          sampler->anon_kib = MAX (sampler->anon_kib, status_kib (text, "\nRssAnon:"));
          sampler->file_kib = MAX (sampler->file_kib, status_kib (text, "\nRssFile:"));
        }
      g_usleep (20 * 1000);
    }
  return NULL;
}

static Sampler *
sampler_start (void)
{
  Sampler *sampler = g_new0 (Sampler, 1);

  sampler->thread = g_thread_new ("bench-sampler", sampler_run, sampler);
  return sampler;
}

static void
sampler_stop (Sampler *sampler)
{
  g_atomic_int_set (&sampler->stop, TRUE);
  g_thread_join (sampler->thread);
}

static double last_cpu;  /* the client's CPU seconds of the last timed_sync() */
static double last_thread_cpu;  /* …of which its own thread's */
static gint server_pid;  /* --server-pid: the server's process, or 0 */
static double last_server_cpu;  /* its CPU seconds during the last timed_sync(), or -1 */

/* CPU time (user + system) of the process @pid so far, from /proc, or -1. */
static double
process_cpu_seconds (gint pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (pid <= 0 || !g_file_get_contents (path, &text, NULL, NULL))
    return -1;
  /* The fields after the command name, which is in parentheses. */
  after_name = strrchr (text, ')');
  if (after_name == NULL)
    return -1;
  fields = g_strsplit (after_name + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return -1;

  /* utime and stime: fields 14 and 15 of the line, 12 and 13 here. */
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
         (double) sysconf (_SC_CLK_TCK);
}

static gboolean
timed_sync (const char    *db,
            const char    *chapter_id,
            const char    *token,
            ChSyncReport  *report,
            double        *seconds,
            GError       **error)
{
  gint64 start = g_get_monotonic_time ();
  double cpu = cpu_seconds ();
  double thread_cpu = thread_cpu_seconds ();
  double server_cpu = process_cpu_seconds (server_pid);

  if (!ch_sync_run (db, chapter_id, token, NULL, report, error))
    return FALSE;
  *seconds = seconds_since (start);
  last_cpu = cpu_seconds () - cpu;
  last_thread_cpu = thread_cpu_seconds () - thread_cpu;
  last_server_cpu = server_cpu >= 0 ? process_cpu_seconds (server_pid) - server_cpu : -1;

  return TRUE;
}

/* The ids of up to @n live members of @chapter_id, in id order. */
static GPtrArray *
some_members (ChStore    *store,
              const char *chapter_id,
              guint       n)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *st = NULL;

  if (sqlite3_prepare_v2 (ch_store_get_db (store),
                          "SELECT id FROM member WHERE chapter_id = ? AND deleted = 0 "
                          "ORDER BY id LIMIT ?",
                          -1, &st, NULL) != SQLITE_OK)
    g_error ("cannot list members: %s", sqlite3_errmsg (ch_store_get_db (store)));
  sqlite3_bind_text (st, 1, chapter_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (st, 2, n);
  while (sqlite3_step (st) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (st, 0)));
  sqlite3_finalize (st);

  return ids;
}

static ChChapter *
make_chapter (ChStore  *store,
              GError  **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();

  json_object_set_string_member (fields, "name", "Lisboa Bench Chapter");
  json_object_set_string_member (fields, "country", "Portugal");
  json_object_set_string_member (fields, "city", "Lisboa");
  json_object_set_string_member (fields, "timezone", "Europe/Lisbon");
  json_object_set_string_member (fields, "currency", "EUR");
  json_object_set_int_member (fields, "dues_amount", 12000);
  json_object_set_string_member (fields, "dues_period", "yearly");
  json_object_set_int_member (fields, "grace_days", 30);

  return ch_store_create_chapter (store, fields, error);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *url = NULL;
  g_autofree char *token_file = NULL;
  g_autofree char *chapter_id = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *token = NULL;
  g_autofree char *seed_db = NULL;
  g_autofree char *fresh_db = NULL;
  gint members = 100000;
  gint edits = 10000;
  gint64 seed = 20261123;
  gboolean no_seed = FALSE;
  gboolean seed_only = FALSE;
  Sampler *sampler = NULL;
  gint64 peak_kib, server_peak_kib;
  GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, "Server address", "URL" },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &token_file,
      "File holding the chapter's token", "F" },
    { "chapter", 0, 0, G_OPTION_ARG_STRING, &chapter_id, "Server chapter id", "ID" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Folder for the device databases", "DIR" },
    { "members", 0, 0, G_OPTION_ARG_INT, &members, "Members of the chapter (default 100000)", "N" },
    { "edits", 0, 0, G_OPTION_ARG_INT, &edits, "Offline edits to push (default 10000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed of the data", "S" },
    { "no-seed", 0, 0, G_OPTION_ARG_NONE, &no_seed,
      "The server chapter already holds the members", NULL },
    { "seed-only", 0, 0, G_OPTION_ARG_NONE, &seed_only,
      "Only seed the server chapter (step 1)", NULL },
    { "server-pid", 0, 0, G_OPTION_ARG_INT, &server_pid,
      "The server's process, whose CPU time is printed too", "PID" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time a device's sync with a server");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChStore) store = NULL;
  g_autoptr(ChChapter) chapter = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  ChSyncReport report = { 0 };
  double seconds = 0;
  guint pending = 0;
  gint64 start;

  /* CH_SYNC_COMPRESS=1: pages asked for in gzip, as from a server
   * elsewhere (from loopback they come as they are). */
  if (g_strcmp0 (g_getenv ("CH_SYNC_COMPRESS"), "1") == 0)
    ch_sync_engine_set_compress_local (TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (url == NULL || token_file == NULL || chapter_id == NULL || dir == NULL || members <= 0 ||
      edits < 0)
    g_error ("--url, --token-file, --chapter and --dir are required; counts must be positive");
  if (!g_file_get_contents (token_file, &token, NULL, &error))
    g_error ("%s", error->message);
  g_strstrip (token);

  seed_db = g_build_filename (dir, "seed.db", NULL);
  fresh_db = g_build_filename (dir, "fresh.db", NULL);

  /* 1. A chapter made offline, then linked and pushed. */
  if (no_seed)
    goto bootstrap;
  start = g_get_monotonic_time ();
  store = ch_store_open (seed_db, &error);
  if (store == NULL || (chapter = make_chapter (store, &error)) == NULL ||
      !ch_demo_populate (store, ch_chapter_get_id (chapter), (guint) members, (guint32) seed,
                         CH_DEMO_LOCAL, &error))
    g_error ("seed: %s", error->message);
  g_printerr ("seed: %d members made offline in %.1f s\n", members, seconds_since (start));

  if (!ch_sync_link (store, ch_chapter_get_id (chapter), url, chapter_id, &error) ||
      !timed_sync (seed_db, chapter_id, token, &report, &seconds, &error))
    g_error ("seed sync: %s", error->message);
  g_printerr ("seed: pushed %u changes, pulled %u rows in %.2f s\n", report.pushed, report.pulled,
              seconds);
  g_print ("seed_push_mutations=%u\n", report.pushed);
  g_print ("seed_push_s=%.2f\n", seconds);
  g_print ("seed_push_mutations_per_s=%.0f\n", report.pushed / seconds);
  g_clear_object (&chapter);
  g_clear_object (&store);
  if (seed_only)
    return EXIT_SUCCESS;

  /* 2. A fresh device downloads the chapter. */
bootstrap:
  store = ch_store_open (fresh_db, &error);
  if (store == NULL || !ch_sync_link (store, NULL, url, chapter_id, &error))
    g_error ("bootstrap: %s", error->message);
  memset (&report, 0, sizeof report);
  reset_peak_rss (0);
  if (server_pid > 0)
    reset_peak_rss (server_pid);
  sampler = sampler_start ();
  if (!timed_sync (fresh_db, chapter_id, token, &report, &seconds, &error))
    g_error ("bootstrap sync: %s", error->message);
  peak_kib = peak_rss_kib (0);
  server_peak_kib = server_pid > 0 ? peak_rss_kib (server_pid) : -1;
  sampler_stop (sampler);
  if (ch_store_count_members (store, chapter_id) != (guint) members)
    g_error ("bootstrap: %u members arrived, %d expected",
             ch_store_count_members (store, chapter_id), members);
  g_printerr ("bootstrap: pulled %u rows in %.2f s\n", report.pulled, seconds);
  g_print ("bootstrap_rows=%u\n", report.pulled);
  g_print ("bootstrap_s=%.2f\n", seconds);
  g_print ("bootstrap_rows_per_s=%.0f\n", report.pulled / seconds);
  g_print ("bootstrap_client_cpu_s=%.2f\n", last_cpu);
  g_print ("bootstrap_sync_thread_cpu_s=%.2f\n", last_thread_cpu);
  if (last_server_cpu >= 0)
    g_print ("bootstrap_server_cpu_s=%.2f\n", last_server_cpu);
  if (peak_kib >= 0)
    g_print ("bootstrap_peak_rss_mb=%.0f\n", peak_kib / 1024.0);
  g_print ("bootstrap_peak_anon_mb=%.0f\n", sampler->anon_kib / 1024.0);
  g_print ("bootstrap_peak_file_mb=%.0f\n", sampler->file_kib / 1024.0);
  if (server_peak_kib >= 0)
    g_print ("bootstrap_server_peak_rss_mb=%.0f\n", server_peak_kib / 1024.0);
  g_free (sampler);

  /* 3. Offline edits on that device, then one sync. */
  ids = some_members (store, chapter_id, (guint) edits);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonObject) changes = json_object_new ();

      /* Cities chosen by --seed too: a server copy seeded once takes
       * other edits from each --no-seed run with another seed. */
      json_object_set_string_member (changes, "city",
                                     cities[(i + (guint64) seed) % G_N_ELEMENTS (cities)]);
      if (!ch_store_update_member (store, g_ptr_array_index (ids, i), changes, &error))
        g_error ("edit: %s", error->message);
    }
  /* An edit that sets the city a member already has changes nothing. */
  pending = ch_store_outbox_count (store, chapter_id);
  g_printerr ("push: %u edits (%u changes) made offline in %.2f s\n", ids->len, pending,
              seconds_since (start));

  memset (&report, 0, sizeof report);
  if (!timed_sync (fresh_db, chapter_id, token, &report, &seconds, &error))
    g_error ("push sync: %s", error->message);
  if (report.pushed != pending || report.conflicts != 0 || report.rejected != 0)
    g_error ("push: %u acknowledged (%u conflicts, %u refused) of %u", report.pushed,
             report.conflicts, report.rejected, pending);
  g_printerr ("push: pushed %u changes (and pulled %u rows back) in %.2f s\n", report.pushed,
              report.pulled, seconds);
  g_print ("push_mutations=%u\n", report.pushed);
  /* Rows the push's sync pulled back (its own rows, before issue 17). */
  g_print ("push_rows_pulled=%u\n", report.pulled);
  g_print ("push_s=%.2f\n", seconds);
  g_print ("push_mutations_per_s=%.0f\n", report.pushed / seconds);
  g_print ("push_client_cpu_s=%.2f\n", last_cpu);
  if (last_server_cpu >= 0)
    g_print ("push_server_cpu_s=%.2f\n", last_server_cpu);

  return EXIT_SUCCESS;
}
