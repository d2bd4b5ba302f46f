/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-member-list"

#include "config.h"

#include <gio/gio.h>
#ifdef __linux__
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "ch-member-list-private.h"
#include "ch-store-private.h"
#include "ch-tsan.h"

/* The list's name order in memory (ChMemberRank): built on a worker
 * thread with a connection of its own, after the list is made and again
 * after the members change (a little later, so that a burst of changes, a
 * sync's pages, builds it once).  Until it is current again the list's
 * questions are read as they were without it. */

typedef struct
{
  ChMemberQueryReader *reader;  /* for rank_latest alone */
  sqlite3      *db;
  char         *chapter_id;
  guint         serial;
  ChMemberRank *rank;
} Build;

static void
build_free (Build *build)
{
  CH_TSAN_ACQUIRE (build);
  g_clear_pointer (&build->reader, ch_member_query_reader_unref);
  if (build->db != NULL)
    sqlite3_close (build->db);
  g_free (build->chapter_id);
  g_clear_pointer (&build->rank, ch_member_rank_unref);
  g_free (build);
}

/* A build that is no longer the newest stops at SQLite's next progress
 * call. */
static int
on_progress (void *data)
{
  Build *build = data;

  return (guint) g_atomic_int_get (&build->reader->rank_latest) != build->serial;
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Build *build = task_data;
  GError *error = NULL;

  CH_TSAN_ACQUIRE (build);
  sqlite3_progress_handler (build->db, 1000, on_progress, build);
  build->rank = ch_member_rank_build (build->db, build->chapter_id, &error);
  sqlite3_progress_handler (build->db, 0, NULL, NULL);
  CH_TSAN_RELEASE (build);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* A thread of its own at the lowest priority, not the pool: the first
 * build runs while the window that made the list is built and drawn, and
 * took CPU that window waited for (bench/BENCHMARKS.md, first_frame_ms_100k);
 * a pool thread's priority, once lowered, cannot be raised again. */
static gpointer
build_thread_main (gpointer data)
{
  g_autoptr(GTask) task = data;

#ifdef __linux__
  /* On Linux the nice value is a thread's own. */
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 19) != 0)
    g_debug ("could not lower the name order's priority: %s", g_strerror (errno));
#endif
  build_thread (task, NULL, g_task_get_task_data (task), NULL);

  return NULL;
}

static void schedule (ChMemberList *self);

/* On the list's thread; the list may be gone (see query_done). */
static void
build_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(ChMemberList) self = g_weak_ref_get (weak);
  Build *build = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (weak);
  g_free (weak);

  CH_TSAN_ACQUIRE (build);
  /* Only ever a way to read faster: without it the list reads as before.
   * (A build may still run when its list is gone and its file is closed,
   * moved or upgraded under it.) */
  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("the name order was not read: %s", error->message);
  if (self == NULL)
    {
      CH_TSAN_RELEASE (build);
      return;
    }

  self->rank_building = FALSE;
  if (build->serial == self->rank_serial && build->rank != NULL &&
      g_strcmp0 (build->chapter_id, self->chapter_id) == 0)
    {
      g_clear_pointer (&self->rank, ch_member_rank_unref);
      self->rank = g_steal_pointer (&build->rank);
      g_debug ("the name order of %u members is in memory (%zu bytes)",
               ch_member_rank_get_n (self->rank), ch_member_rank_get_size (self->rank));
    }
  else if (build->serial != self->rank_serial)
    schedule (self);
  CH_TSAN_RELEASE (build);
}

static void
start_build (ChMemberList *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Build *build;
  GWeakRef *weak;
  sqlite3 *db;

  if (self->rank_building || self->rank != NULL || self->rank_off || self->chapter_id == NULL ||
      self->reader == NULL)
    return;
  if (!(db = ch_store_open_reader (self->store, &error)))
    {
      g_debug ("the name order was not read: %s", error->message);
      return;
    }

  build = g_new0 (Build, 1);
  build->reader = ch_member_query_reader_ref (self->reader);
  build->db = db;
  build->chapter_id = g_strdup (self->chapter_id);
  build->serial = self->rank_serial;
  /* Commits of other connections (a sync) after this are seen by
   * ch_member_list_rank_for() as a change. */
  self->rank_data_version = ch_store_query_int (self->store, -1, "PRAGMA data_version",
                                                ch_store_sql_end);
  self->rank_building = TRUE;
  g_atomic_int_set (&self->reader->rank_latest, self->rank_serial);
  CH_TSAN_RELEASE (build);

  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  task = g_task_new (NULL, NULL, build_done, weak);
  g_task_set_source_tag (task, start_build);
  g_task_set_task_data (task, build, (GDestroyNotify) build_free);
  g_thread_unref (g_thread_new ("ch-member-rank", build_thread_main, g_object_ref (task)));
}

static void
stop_timer (ChMemberList *self)
{
  if (self->rank_source != NULL)
    {
      g_source_destroy (self->rank_source);
      g_clear_pointer (&self->rank_source, g_source_unref);
    }
}

static gboolean
on_rebuild (gpointer data)
{
  ChMemberList *self = data;

  g_clear_pointer (&self->rank_source, g_source_unref);
  start_build (self);

  return G_SOURCE_REMOVE;
}

static void
schedule (ChMemberList *self)
{
  stop_timer (self);
  if (self->rank_off || self->chapter_id == NULL)
    return;
  if (self->rank_delay_ms == 0)
    {
      start_build (self);
      return;
    }
  /* On the list's own thread, like its answers. */
  self->rank_source = g_timeout_source_new (self->rank_delay_ms);
  g_source_set_callback (self->rank_source, on_rebuild, self, NULL);
  g_source_attach (self->rank_source, g_main_context_get_thread_default ());
}

void
ch_member_list_rank_changed (ChMemberList *self)
{
  self->rank_serial++;
  if (self->reader != NULL)
    g_atomic_int_set (&self->reader->rank_latest, self->rank_serial);
  g_clear_pointer (&self->rank, ch_member_rank_unref);
  /* The window shown was read through it: the next windows are read as
   * they were without one. */
  if (self->query != NULL)
    {
      g_clear_pointer (&self->query->rank, ch_member_rank_unref);
      g_clear_pointer (&self->query->rank_bits, g_free);
    }
  if (self->plan == CH_MEMBER_QUERY_PLAN_RANK)
    self->plan = CH_MEMBER_QUERY_PLAN_SET;
  schedule (self);
}

void
ch_member_list_rank_start (ChMemberList *self)
{
  start_build (self);
}

/* Whether the rank still describes the file: no commit of another
 * connection since it was read, and no transaction of the store's own
 * under way (its changes are told when it ends). */
static gboolean
still_current (ChMemberList *self)
{
  return sqlite3_get_autocommit (ch_store_get_db (self->store)) &&
         ch_store_query_int (self->store, -1, "PRAGMA data_version", ch_store_sql_end) ==
         self->rank_data_version;
}

void
ch_member_list_rank_check (ChMemberList *self)
{
  if ((self->rank != NULL || (self->query != NULL && self->query->rank != NULL)) &&
      !still_current (self))
    ch_member_list_rank_changed (self);
}

ChMemberRank *
ch_member_list_rank_for (ChMemberList        *self,
                         const ChMemberQuery *q)
{
  if (q->match == NULL || !q->by_name || self->chapter_id == NULL)
    return NULL;
  for (guint i = 0; i < CH_MEMBER_QUERY_N_FILTERS; i++)
    if (q->filters[i] != NULL)
      return NULL;

  ch_member_list_rank_check (self);
  if (self->rank == NULL ||
      g_strcmp0 (ch_member_rank_get_chapter_id (self->rank), self->chapter_id) != 0)
    return NULL;

  return ch_member_rank_ref (self->rank);
}

void
ch_member_list_rank_stop (ChMemberList *self)
{
  stop_timer (self);
  self->rank_serial++;
  if (self->reader != NULL)
    g_atomic_int_set (&self->reader->rank_latest, self->rank_serial);
  g_clear_pointer (&self->rank, ch_member_rank_unref);
}
