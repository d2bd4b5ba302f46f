/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-member-list"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-member-list.h"
#include "ch-search.h"
#include "ch-specialties.h"
#include "ch-status.h"
#include "ch-tsan.h"
#include "ch-util.h"

struct _ChMemberList
{
  GObject    parent_instance;

  ChStore   *store;
  char      *chapter_id;
  char      *search;
  char      *sort_column;
  gboolean   sort_descending;
  char      *filters[5];    /* by FILTER_* */

  GArray    *rowids;        /* gint64, the current order */
  guint      hide_pos;      /* rows [hide_pos, hide_pos + hide_len) are not */
  guint      hide_len;      /* announced yet (see replace_items) */
  guint      n_total;
  guint      generation;    /* rises with every query asked for (main thread) */
  guint      running;       /* queries on their way */
  GHashTable *changed_rowids; /* gint64 rows edited since the last answer */
  gboolean   all_changed;   /* a batch or the chapter's rules changed */
  gulong     changed_id;

  /* The list's own read connection, opened on the thread that owns the
   * list; a query on a worker thread holds its own reference. */
  struct _Reader *reader;
};

enum {
  FILTER_TIER,
  FILTER_STATUS,
  FILTER_SPECIALTY,
  FILTER_PARTNER_KIND,
  FILTER_ROLE,
  N_FILTERS
};

static const char *const filter_keys[N_FILTERS] = {
  "tier", "status", "specialty", "partner_kind", "role",
};

/* SQL of each filter; parameters ?5 to ?10 (see bind_filters). */
static const char *const filter_sql[N_FILTERS] = {
  " AND m.tier = ?5",
  /* The status rule's one SQL function, as the sort and the member shown. */
  " AND ch_member_status (?1, m.tier, m.joined_on, m.left_on, m.dues_paid_until, ?4, ?3) = ?6",
  /* By rowid: the name index holds it, so no row is read to test it. */
  " AND m.rowid IN (SELECT sm.rowid FROM member_specialty s JOIN member sm ON sm.id = s.member_id "
  "WHERE s.specialty = ?7 AND s.deleted = 0)",
  " AND m.partner_kind = ?8",
  " AND m.rowid IN (SELECT rm.rowid FROM role r JOIN member rm ON rm.id = r.member_id "
  "WHERE r.role = ?9 AND r.deleted = 0 AND r.starts_on <= ?10 "
  "AND (r.ends_on IS NULL OR r.ends_on >= ?10))",
};

/* What to ask: made on the list's thread, never changed afterwards, so a
 * worker may read it without a lock. */
typedef struct
{
  guint   generation;
  char   *chapter_id;
  char   *match;
  char   *order;
  char   *filters[N_FILTERS];
  char   *today;
  gint32  today_days;
  gint    grace_days;
} Query;

/* The read connection, shared by the list and the query running for it:
 * refcounted, so whichever lets go last closes it (on any thread; nobody
 * else uses it by then).  @lock lets one query at a time use @db (a
 * SQLITE_OPEN_NOMUTEX connection may move between threads, not be shared
 * by two at once).  @latest is the generation of the newest query asked
 * for, written by the list's thread and read by the worker, atomically: a
 * query that is no longer the newest stops at SQLite's next progress call
 * (see on_progress) instead of being interrupted from another thread. */
typedef struct _Reader
{
  gatomicrefcount ref;
  GMutex          lock;
  sqlite3        *db;
  guint           latest;
} Reader;

/* A query on its way: the question, the connection, and the answer the
 * worker fills in.  It holds no reference to the list. */
typedef struct
{
  Query  *query;
  Reader *reader;
  GArray *rowids;
  guint   n_total;
} Job;

enum {
  PROP_0,
  PROP_STORE,
  PROP_CHAPTER_ID,
  PROP_SEARCH,
  PROP_N_ITEMS,
  PROP_N_TOTAL,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ChMemberList, ch_member_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static gboolean
set_str (char       **ptr,
         const char  *value)
{
  if (g_strcmp0 (*ptr, value) == 0)
    return FALSE;

  g_free (*ptr);
  *ptr = g_strdup (value);
  return TRUE;
}

static void
query_free (Query *q)
{
  g_free (q->chapter_id);
  g_free (q->match);
  g_free (q->order);
  for (guint i = 0; i < N_FILTERS; i++)
    g_free (q->filters[i]);
  g_free (q->today);
  g_free (q);
}

static Reader *
reader_open (ChStore  *store,
             GError  **error)
{
  sqlite3 *db = ch_store_open_reader (store, error);
  Reader *reader;

  if (db == NULL)
    return NULL;

  reader = g_new0 (Reader, 1);
  g_atomic_ref_count_init (&reader->ref);
  g_mutex_init (&reader->lock);
  reader->db = db;

  return reader;
}

static Reader *
reader_ref (Reader *reader)
{
  g_atomic_ref_count_inc (&reader->ref);
  return reader;
}

static void
reader_unref (Reader *reader)
{
  CH_TSAN_RELEASE (reader);
  if (!g_atomic_ref_count_dec (&reader->ref))
    return;
  CH_TSAN_ACQUIRE (reader);

  sqlite3_close (reader->db);
  g_mutex_clear (&reader->lock);
  g_free (reader);
}

static void
job_free (Job *job)
{
  /* Freed by whichever thread lets go of the task last. */
  CH_TSAN_ACQUIRE (job);
  g_clear_pointer (&job->query, query_free);
  g_clear_pointer (&job->reader, reader_unref);
  g_clear_pointer (&job->rowids, g_array_unref);
  g_free (job);
}

static const char *
order_for (const char *column)
{
  if (g_strcmp0 (column, CH_MEMBER_SORT_COMPANY) == 0)
    return "m.company COLLATE NOCASE %1$s, m.name_key %1$s, m.rowid %1$s";
  if (g_strcmp0 (column, CH_MEMBER_SORT_TIER) == 0)
    return "m.tier %1$s, m.name_key %1$s, m.rowid %1$s";
  if (g_strcmp0 (column, CH_MEMBER_SORT_CITY) == 0)
    return "m.city COLLATE NOCASE %1$s, m.name_key %1$s, m.rowid %1$s";
  if (g_strcmp0 (column, CH_MEMBER_SORT_EMAIL) == 0)
    return "m.email_key %1$s, m.rowid %1$s";
  if (g_strcmp0 (column, CH_MEMBER_SORT_STATUS) == 0)
    return "ch_member_status (?1, m.tier, m.joined_on, m.left_on, m.dues_paid_until, ?4, ?3) %1$s, "
           "m.name_key %1$s, m.rowid %1$s";

  return "m.name_key %1$s, m.rowid %1$s";
}

static Query *
query_new (ChMemberList *self)
{
  Query *q = g_new0 (Query, 1);

  q->generation = self->generation;
  q->chapter_id = g_strdup (self->chapter_id);
  q->match = ch_search_match_expression (self->search);
  {
    GString *order = g_string_new (order_for (self->sort_column));

    g_string_replace (order, "%1$s", self->sort_descending ? "DESC" : "ASC", 0);
    q->order = g_string_free (order, FALSE);
  }
  q->today_days = ch_store_today_days (self->store, self->chapter_id);
  q->grace_days = ch_store_grace_days (self->store, self->chapter_id);
  for (guint i = 0; i < N_FILTERS; i++)
    q->filters[i] = g_strdup (self->filters[i]);
  q->today = ch_days_to_iso_date (q->today_days);

  return q;
}

static gboolean
run_query (sqlite3      *db,
           const Query  *q,
           GArray       *rowids,
           guint        *n_total,
           GError      **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *st = NULL;
  int rc;

  if (q->chapter_id == NULL)
    return TRUE;

  {
    GString *where = g_string_new (NULL);

    /* Only constant SQL is added here; the values are bound below. */
    for (guint i = 0; i < N_FILTERS; i++)
      if (q->filters[i] != NULL)
        g_string_append (where, filter_sql[i]);

    if (q->match != NULL)
      sql = g_strdup_printf ("SELECT m.rowid FROM member m WHERE m.chapter_id = ?1 AND m.deleted = 0 "
                             "AND m.rowid IN (SELECT rowid FROM member_fts WHERE member_fts MATCH ?2)"
                             "%s ORDER BY %s", where->str, q->order);
    else
      sql = g_strdup_printf ("SELECT m.rowid FROM member m WHERE m.chapter_id = ?1 AND m.deleted = 0"
                             "%s ORDER BY %s", where->str, q->order);
    g_string_free (where, TRUE);
  }

  if (sqlite3_prepare_v2 (db, sql, -1, &st, NULL) != SQLITE_OK)
    goto fail;

  sqlite3_bind_text (st, 1, q->chapter_id, -1, SQLITE_STATIC);
  if (q->match != NULL)
    sqlite3_bind_text (st, 2, q->match, -1, SQLITE_STATIC);
  if (sqlite3_bind_parameter_index (st, "?3") > 0)
    sqlite3_bind_int (st, 3, q->today_days);
  if (sqlite3_bind_parameter_index (st, "?4") > 0)
    sqlite3_bind_int (st, 4, q->grace_days);
  if (q->filters[FILTER_TIER] != NULL)
    sqlite3_bind_text (st, 5, q->filters[FILTER_TIER], -1, SQLITE_STATIC);
  if (q->filters[FILTER_STATUS] != NULL)
    {
      ChMemberStatus status;

      /* An unknown status matches nobody. */
      if (ch_member_status_from_string (q->filters[FILTER_STATUS], &status))
        sqlite3_bind_int (st, 6, status);
      else
        sqlite3_bind_int (st, 6, -1);
    }
  if (q->filters[FILTER_SPECIALTY] != NULL)
    sqlite3_bind_text (st, 7, q->filters[FILTER_SPECIALTY], -1, SQLITE_STATIC);
  if (q->filters[FILTER_PARTNER_KIND] != NULL)
    sqlite3_bind_text (st, 8, q->filters[FILTER_PARTNER_KIND], -1, SQLITE_STATIC);
  if (q->filters[FILTER_ROLE] != NULL)
    {
      sqlite3_bind_text (st, 9, q->filters[FILTER_ROLE], -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 10, q->today, -1, SQLITE_STATIC);
    }

  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (st, 0);
      g_array_append_val (rowids, rowid);
    }
  if (rc != SQLITE_DONE)
    goto fail;
  sqlite3_finalize (st);

  if (sqlite3_prepare_v2 (db, "SELECT count(*) FROM member WHERE chapter_id = ? AND deleted = 0",
                          -1, &st, NULL) != SQLITE_OK)
    goto fail;
  sqlite3_bind_text (st, 1, q->chapter_id, -1, SQLITE_STATIC);
  if (sqlite3_step (st) != SQLITE_ROW)
    goto fail;
  *n_total = sqlite3_column_int (st, 0);
  sqlite3_finalize (st);

  return TRUE;

fail:
  if (sqlite3_errcode (db) == SQLITE_INTERRUPT)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "superseded");
  else
    g_set_error (error, CH_STORE_ERROR, CH_STORE_ERROR_FAILED,
                 _("Could not search the members: %s"), sqlite3_errmsg (db));
  sqlite3_finalize (st);
  return FALSE;
}

typedef struct
{
  Reader *reader;
  guint   generation;
} Progress;

/* Called by SQLite on the thread running the query: a non-zero answer
 * stops it with SQLITE_INTERRUPT when a newer query has been asked for. */
static int
on_progress (void *data)
{
  Progress *progress = data;

  return (guint) g_atomic_int_get (&progress->reader->latest) != progress->generation;
}

/* Runs @job on whatever thread calls it, its connection locked. */
static gboolean
job_run (Job     *job,
         GError **error)
{
  Reader *reader = job->reader;
  Progress progress = { reader, job->query->generation };
  gboolean ok;

  g_mutex_lock (&reader->lock);
  CH_TSAN_ACQUIRE (&reader->lock);

  if (on_progress (&progress))
    {
      /* A newer query is already waiting: skip the work. */
      CH_TSAN_RELEASE (&reader->lock);
      g_mutex_unlock (&reader->lock);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "superseded");
      return FALSE;
    }

  job->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_progress_handler (reader->db, 1000, on_progress, &progress);
  ok = run_query (reader->db, job->query, job->rowids, &job->n_total, error);
  sqlite3_progress_handler (reader->db, 0, NULL, NULL);

  CH_TSAN_RELEASE (&reader->lock);
  g_mutex_unlock (&reader->lock);

  return ok;
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  gboolean ok;

  CH_TSAN_ACQUIRE (task_data);
  ok = job_run (task_data, &error);
  CH_TSAN_RELEASE (task_data);

  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static guint
find_rowid (GArray *rowids,
            gint64  rowid)
{
  for (guint i = 0; i < rowids->len; i++)
    if (g_array_index (rowids, gint64, i) == rowid)
      return i;

  return G_MAXUINT;
}

/* Rows at [@from, @to) of the new order that were edited are shown anew:
 * the view holds snapshots (ChMember) and would keep the old ones. */
static void
emit_edited (ChMemberList *self,
             GHashTable   *changed,
             guint         from,
             guint         to)
{
  for (guint pos = from; pos < to; pos++)
    if (g_hash_table_contains (changed, &g_array_index (self->rowids, gint64, pos)))
      g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 1);
}

/* Views that keep a selection look for the selected object among every
 * added item when the selected one is in the removed range (GtkSingleSelection
 * does), which would make one row object per result on the main thread: a
 * long stall while typing a search over 100,000 members.  Large
 * replacements are therefore announced as a removal, then an addition. */
#define SPLIT_REPLACE_ABOVE 64

static void
replace_items (ChMemberList *self,
               guint         position,
               guint         removed,
               guint         added)
{
  if (removed > 0 && added > SPLIT_REPLACE_ABOVE)
    {
      /* While the removal is announced the model must look as if the new
       * rows were not there yet. */
      self->hide_pos = position;
      self->hide_len = added;
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, 0);
      self->hide_len = 0;
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added);
    }
  else
    g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
apply_result (ChMemberList *self,
              Job          *job)
{
  g_autoptr(GArray) old = self->rowids;
  g_autoptr(GHashTable) changed = self->changed_rowids;
  GArray *new = g_steal_pointer (&job->rowids);
  guint n_old = old->len, n_new = new->len;
  guint prefix = 0, suffix = 0;
  guint old_total = self->n_total;
  gboolean all_changed = self->all_changed;

  self->rowids = new;
  self->n_total = job->n_total;
  self->changed_rowids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->all_changed = FALSE;

  while (prefix < n_old && prefix < n_new &&
         g_array_index (old, gint64, prefix) == g_array_index (new, gint64, prefix))
    prefix++;
  while (suffix < n_old - prefix && suffix < n_new - prefix &&
         g_array_index (old, gint64, n_old - 1 - suffix) == g_array_index (new, gint64, n_new - 1 - suffix))
    suffix++;

  if (all_changed)
    {
      /* Which rows changed is not known (a batch, or the chapter's rules
       * that every status depends on): show them all anew. */
      if (n_old > 0 || n_new > 0)
        replace_items (self, 0, n_old, n_new);
    }
  else if (prefix == n_old && n_old == n_new)
    {
      /* Same order: rows that were edited still need to be shown anew. */
      emit_edited (self, changed, 0, n_new);
    }
  else
    {
      replace_items (self, prefix, n_old - prefix - suffix, n_new - prefix - suffix);
      emit_edited (self, changed, 0, prefix);
      emit_edited (self, changed, n_new - suffix, n_new);
    }

  if (n_old != n_new)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  if (old_total != self->n_total)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TOTAL]);
}

/* On the list's thread, whose main context the task was made in.  The
 * task's source object is NULL and the worker holds no reference to the
 * list: the list is only ever finalized on its own thread, and a list let
 * go of while a query runs is gone by the time the answer comes. */
static void
query_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(ChMemberList) self = g_weak_ref_get (weak);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_weak_ref_clear (weak);
  g_free (weak);

  CH_TSAN_ACQUIRE (job);
  ok = g_task_propagate_boolean (G_TASK (result), &error);
  if (self == NULL)
    {
      CH_TSAN_RELEASE (job);
      return;
    }

  self->running--;

  if (!ok)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("%s", error->message);
    }
  else if (job->query->generation == self->generation)
    {
      apply_result (self, job);
    }

  if (self->running == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  CH_TSAN_RELEASE (job);
}

/* Opens the read connection, on the list's thread, the first time. */
static gboolean
ensure_reader (ChMemberList  *self,
               GError       **error)
{
  if (self->reader == NULL)
    self->reader = reader_open (self->store, error);

  return self->reader != NULL;
}

/* A new question: the newest from now on, so a query still running for
 * an older one stops at its next progress call. */
static Job *
job_new (ChMemberList *self)
{
  Job *job = g_new0 (Job, 1);

  self->generation++;
  job->query = query_new (self);
  job->reader = reader_ref (self->reader);
  g_atomic_int_set (&self->reader->latest, self->generation);
  CH_TSAN_RELEASE (job);

  return job;
}

static void
refresh (ChMemberList *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  GWeakRef *weak;

  if (!ensure_reader (self, &error))
    {
      g_warning ("%s", error->message);
      return;
    }

  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  task = g_task_new (NULL, NULL, query_done, weak);
  g_task_set_source_tag (task, refresh);
  g_task_set_task_data (task, job_new (self), (GDestroyNotify) job_free);

  if (self->running++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  g_task_run_in_thread (task, query_thread);
}

gboolean
ch_member_list_refresh_sync (ChMemberList  *self,
                             GError       **error)
{
  Job *job;
  gboolean ok;

  g_return_val_if_fail (CH_IS_MEMBER_LIST (self), FALSE);

  if (!ensure_reader (self, error))
    return FALSE;

  job = job_new (self);
  ok = job_run (job, error);
  if (ok)
    apply_result (self, job);
  job_free (job);

  return ok;
}

static void
on_store_changed_cb (ChMemberList *self,
                     const char   *entity,
                     const char   *id,
                     ChStore      *store)
{
  gboolean filtered_by_it = entity != NULL &&
                            strcmp (entity, "role") == 0 && self->filters[FILTER_ROLE] != NULL;
  /* The chapter's rules, which every status (shown, filtered, sorted)
   * depends on: its grace days and time zone, and whether a tier is free. */
  gboolean rules = entity == NULL || strcmp (entity, "chapter") == 0 ||
                   strcmp (entity, "membership_tier") == 0;

  if (entity != NULL && strcmp (entity, "member") != 0 && !filtered_by_it && !rules &&
      strcmp (entity, "member_specialty") != 0)
    return;

  if (rules)
    {
      self->all_changed = TRUE;
    }
  else if (strcmp (entity, "member") == 0 && id != NULL)
    {
      gint64 rowid = ch_store_member_rowid (store, id);

      if (rowid > 0)
        g_hash_table_add (self->changed_rowids, g_memdup2 (&rowid, sizeof rowid));
    }

  refresh (self);
}

/* GListModel */

static GType
list_get_item_type (GListModel *model)
{
  return CH_TYPE_MEMBER;
}

static guint
list_get_n_items (GListModel *model)
{
  ChMemberList *self = CH_MEMBER_LIST (model);

  return self->rowids->len - self->hide_len;
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  ChMemberList *self = CH_MEMBER_LIST (model);

  if (self->hide_len > 0 && position >= self->hide_pos)
    position += self->hide_len;
  if (position >= self->rowids->len)
    return NULL;

  return ch_store_get_member_by_rowid (self->store, g_array_index (self->rowids, gint64, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

/* GObject */

static void
ch_member_list_constructed (GObject *object)
{
  ChMemberList *self = CH_MEMBER_LIST (object);

  G_OBJECT_CLASS (ch_member_list_parent_class)->constructed (object);

  self->changed_id = g_signal_connect_object (self->store, "changed",
                                              G_CALLBACK (on_store_changed_cb), self,
                                              G_CONNECT_SWAPPED);
  refresh (self);
}

static void
ch_member_list_dispose (GObject *object)
{
  ChMemberList *self = CH_MEMBER_LIST (object);

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);

  G_OBJECT_CLASS (ch_member_list_parent_class)->dispose (object);
}

static void
ch_member_list_finalize (GObject *object)
{
  ChMemberList *self = CH_MEMBER_LIST (object);

  if (self->reader != NULL)
    {
      /* A query still running for the list is of no use any more. */
      g_atomic_int_inc (&self->reader->latest);
      g_clear_pointer (&self->reader, reader_unref);
    }
  g_clear_object (&self->store);
  g_clear_pointer (&self->rowids, g_array_unref);
  g_clear_pointer (&self->changed_rowids, g_hash_table_unref);
  g_free (self->chapter_id);
  g_free (self->search);
  g_free (self->sort_column);
  for (guint i = 0; i < N_FILTERS; i++)
    g_free (self->filters[i]);

  G_OBJECT_CLASS (ch_member_list_parent_class)->finalize (object);
}

static void
ch_member_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ChMemberList *self = CH_MEMBER_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;
    case PROP_CHAPTER_ID: g_value_set_string (value, self->chapter_id); break;
    case PROP_SEARCH: g_value_set_string (value, self->search); break;
    case PROP_N_ITEMS: g_value_set_uint (value, self->rowids->len); break;
    case PROP_N_TOTAL: g_value_set_uint (value, self->n_total); break;
    case PROP_LOADING: g_value_set_boolean (value, self->running > 0); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_member_list_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ChMemberList *self = CH_MEMBER_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE: self->store = g_value_dup_object (value); break;
    case PROP_CHAPTER_ID:
      if (self->store == NULL || self->rowids == NULL)
        self->chapter_id = g_value_dup_string (value);
      else
        ch_member_list_set_chapter_id (self, g_value_get_string (value));
      break;
    case PROP_SEARCH: ch_member_list_set_search (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_member_list_class_init (ChMemberListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ch_member_list_constructed;
  object_class->dispose = ch_member_list_dispose;
  object_class->finalize = ch_member_list_finalize;
  object_class->get_property = ch_member_list_get_property;
  object_class->set_property = ch_member_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CH_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHAPTER_ID] =
    g_param_spec_string ("chapter-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_TOTAL] =
    g_param_spec_uint ("n-total", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ch_member_list_init (ChMemberList *self)
{
  self->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->changed_rowids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->sort_column = g_strdup (CH_MEMBER_SORT_NAME);
}

ChMemberList *
ch_member_list_new (ChStore    *store,
                    const char *chapter_id)
{
  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  return g_object_new (CH_TYPE_MEMBER_LIST, "store", store, "chapter-id", chapter_id, NULL);
}

const char *
ch_member_list_get_chapter_id (ChMemberList *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_LIST (self), NULL);

  return self->chapter_id;
}

void
ch_member_list_set_chapter_id (ChMemberList *self,
                               const char   *chapter_id)
{
  g_return_if_fail (CH_IS_MEMBER_LIST (self));

  if (set_str (&self->chapter_id, chapter_id))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHAPTER_ID]);
      refresh (self);
    }
}

const char *
ch_member_list_get_search (ChMemberList *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_LIST (self), NULL);

  return self->search;
}

void
ch_member_list_set_search (ChMemberList *self,
                           const char   *search)
{
  g_autofree char *old_match = NULL;
  g_autofree char *new_match = NULL;

  g_return_if_fail (CH_IS_MEMBER_LIST (self));

  old_match = ch_search_match_expression (self->search);
  if (!set_str (&self->search, search))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);

  /* "anna " and "anna" ask the same question. */
  new_match = ch_search_match_expression (self->search);
  if (g_strcmp0 (old_match, new_match) != 0)
    refresh (self);
}

const char *
ch_member_list_get_sort_column (ChMemberList *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_LIST (self), NULL);

  return self->sort_column;
}

gboolean
ch_member_list_get_sort_descending (ChMemberList *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_LIST (self), FALSE);

  return self->sort_descending;
}

void
ch_member_list_set_sort (ChMemberList *self,
                         const char   *column,
                         gboolean      descending)
{
  g_return_if_fail (CH_IS_MEMBER_LIST (self));

  if (column == NULL)
    column = CH_MEMBER_SORT_NAME;

  if (g_strcmp0 (self->sort_column, column) == 0 && self->sort_descending == !!descending)
    return;

  set_str (&self->sort_column, column);
  self->sort_descending = !!descending;
  refresh (self);
}

guint
ch_member_list_get_n_total (ChMemberList *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_LIST (self), 0);

  return self->n_total;
}

gboolean
ch_member_list_get_loading (ChMemberList *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_LIST (self), FALSE);

  return self->running > 0;
}

guint
ch_member_list_find (ChMemberList *self,
                     const char   *id)
{
  gint64 rowid;

  g_return_val_if_fail (CH_IS_MEMBER_LIST (self), G_MAXUINT);

  rowid = ch_store_member_rowid (self->store, id);
  if (rowid <= 0)
    return G_MAXUINT;

  return find_rowid (self->rowids, rowid);
}

static int
filter_index (const char *key)
{
  for (guint i = 0; i < N_FILTERS; i++)
    if (g_strcmp0 (filter_keys[i], key) == 0)
      return i;

  return -1;
}

void
ch_member_list_set_filter (ChMemberList *self,
                           const char   *key,
                           const char   *value)
{
  g_autofree char *normal = NULL;
  int i;

  g_return_if_fail (CH_IS_MEMBER_LIST (self));

  i = filter_index (key);
  g_return_if_fail (i >= 0);

  if (value != NULL && *value == '\0')
    value = NULL;
  /* "Azure" and "azure" are the same specialty. */
  if (i == FILTER_SPECIALTY && value != NULL)
    value = normal = ch_specialties_normalize (value);

  if (set_str (&self->filters[i], value))
    refresh (self);
}

const char *
ch_member_list_get_filter (ChMemberList *self,
                           const char   *key)
{
  int i;

  g_return_val_if_fail (CH_IS_MEMBER_LIST (self), NULL);

  i = filter_index (key);
  g_return_val_if_fail (i >= 0, NULL);

  return self->filters[i];
}
