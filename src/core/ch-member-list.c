/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-member-list"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-member-list.h"
#include "ch-member-list-private.h"
#include "ch-member-query.h"
#include "ch-specialties.h"
#include "ch-search.h"
#include "ch-specialties.h"
#include "ch-iso-date.h"
#include "ch-store-private.h"
#include "ch-store-status.h"
#include "ch-tsan.h"


static const char *const filter_keys[CH_MEMBER_QUERY_N_FILTERS] = {
  CH_MEMBER_FILTER_TIER, CH_MEMBER_FILTER_STATUS, CH_MEMBER_FILTER_SPECIALTY,
  CH_MEMBER_FILTER_PARTNER_KIND, CH_MEMBER_FILTER_ROLE,
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_CHAPTER_ID,
  PROP_SEARCH,
  PROP_N_ITEMS,
  PROP_N_TOTAL,
  PROP_LOADING,
  PROP_EXACT,
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

/* Whether the question reads the stored status (sorted or filtered by it). */
static gboolean
uses_status (ChMemberList *self)
{
  return g_strcmp0 (self->sort_column, CH_MEMBER_SORT_STATUS) == 0 ||
         self->filters[CH_MEMBER_QUERY_FILTER_STATUS] != NULL;
}

static ChMemberQuery *
query_new (ChMemberList *self)
{
  ChMemberQuery *q = g_new0 (ChMemberQuery, 1);

  /* The stored status brought to today first: on a new day, the members
   * whose day has come (nothing is written otherwise). */
  if (self->chapter_id != NULL && uses_status (self))
    {
      g_autoptr(GError) error = NULL;

      if (!ch_store_status_refresh (self->store, self->chapter_id, &error))
        g_warning ("%s", error->message);
    }

  q->generation = self->generation;
  q->chapter_id = g_strdup (self->chapter_id);
  q->match = ch_search_match_expression (self->search);
  ch_member_query_set_order (q, self->sort_column, self->sort_descending);
  q->today_days = ch_store_today_days (self->store, self->chapter_id);
  q->grace_days = ch_store_grace_days (self->store, self->chapter_id);
  self->status_day = q->today_days;
  for (guint i = 0; i < CH_MEMBER_QUERY_N_FILTERS; i++)
    q->filters[i] = g_strdup (self->filters[i]);
  q->today = ch_iso_date_from_days (q->today_days);
  q->rank = ch_member_list_rank_for (self, q);

  return q;
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
  ChMemberQueryJob *job = g_task_get_task_data (G_TASK (result));
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

  if (job->count_only)
    self->counting--;
  else
    self->running--;

  if (!ok)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("%s", error->message);
    }
  else if (job->query->generation == self->generation)
    {
      gint64 start = g_get_monotonic_time ();

      ch_member_list_apply_result (self, job);
      /* G_MESSAGES_DEBUG=ch-member-list: how long the views took to take
       * the answer in (the stall while typing lands here). */
      g_debug ("applied %s (%u rows) in %.1f ms", job->count_only ? "a count" : "an answer",
               ch_member_list_length (self), (g_get_monotonic_time () - start) / 1000.0);
    }

  if (self->running == 0 && !job->count_only)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  CH_TSAN_RELEASE (job);
}

/* Opens the read connection, on the list's thread, the first time. */
static gboolean
ensure_reader (ChMemberList  *self,
               GError       **error)
{
  if (self->reader == NULL)
    self->reader = ch_member_query_reader_open (self->store, error);

  return self->reader != NULL;
}

/* A new question: the newest from now on, so a query still running for
 * an older one stops at its next progress call. */
static ChMemberQueryJob *
job_new (ChMemberList *self,
         gboolean      count_only)
{
  ChMemberQueryJob *job = g_new0 (ChMemberQueryJob, 1);

  /* A count goes with the answer it counts, so with its generation. */
  if (!count_only)
    self->generation++;
  job->query = query_new (self);
  job->reader = ch_member_query_reader_ref (self->reader);
  job->full_limit = self->full_limit;
  job->count_only = count_only;
  job->want_len = self->page_size;
  job->want_total = self->total_stale;
  /* The chapter's size as last counted: how a search is read depends on it. */
  job->n_total = self->n_total;
  job->walk_min = self->walk_min;
  job->walk_budget = self->walk_budget;
  if (!count_only && self->windowed && !self->question_pending && !self->all_changed)
    {
      /* Asked again after an edit: the same window, counted exactly, so
       * that rows edited in place are told one by one. */
      job->want_start = self->win_start;
      job->want_len = MAX (self->rowids->len, self->page_size);
      job->count_exact = TRUE;
    }
  if (!count_only)
    g_atomic_int_set (&self->reader->latest, self->generation);
  CH_TSAN_RELEASE (job);

  return job;
}

static void
run_job (ChMemberList *self,
         gboolean      count_only)
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
  g_task_set_source_tag (task, run_job);
  g_task_set_task_data (task, job_new (self, count_only),
                        (GDestroyNotify) ch_member_query_job_free);

  if (count_only)
    self->counting++;
  else if (self->running++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  g_task_run_in_thread (task, ch_member_query_job_thread);
}

/* A new question (search, sort, filter): its first rows come from the top. */
static void
refresh (ChMemberList *self)
{
  self->question_pending = TRUE;
  run_job (self, FALSE);
}

/* The rows changed under the same question. */
static void
refresh_edited (ChMemberList *self)
{
  self->total_stale = TRUE;
  run_job (self, FALSE);
}

/* Counts a large result in the background; n_items grows when it comes. */
void
ch_member_list_start_count (ChMemberList *self)
{
  run_job (self, TRUE);
}

static gboolean
run_sync (ChMemberList  *self,
          gboolean       count_exact,
          GError       **error)
{
  ChMemberQueryJob *job;
  gboolean ok;

  if (!ensure_reader (self, error))
    return FALSE;

  self->question_pending = TRUE;
  /* Everything counted again; the window (count_exact FALSE) counts the
   * chapter only when it changed, as for a new search while typing. */
  if (count_exact)
    self->total_stale = TRUE;
  job = job_new (self, FALSE);
  job->want_start = 0;
  job->want_len = self->page_size;
  job->count_exact = count_exact;
  ok = ch_member_query_job_run (job, error);
  if (ok)
    ch_member_list_apply_result (self, job);
  ch_member_query_job_free (job);

  return ok;
}

gboolean
ch_member_list_refresh_sync (ChMemberList  *self,
                             GError       **error)
{
  g_return_val_if_fail (CH_IS_MEMBER_LIST (self), FALSE);

  return run_sync (self, TRUE, error);
}

gboolean
ch_member_list_refresh_window_sync (ChMemberList  *self,
                                    GError       **error)
{
  g_return_val_if_fail (CH_IS_MEMBER_LIST (self), FALSE);

  return run_sync (self, FALSE, error);
}

static void
on_store_changed_cb (ChMemberList *self,
                     const char   *entity,
                     const char   *id,
                     ChStore      *store)
{
  gboolean filtered_by_it = entity != NULL &&
                            strcmp (entity, "role") == 0 &&
                            self->filters[CH_MEMBER_QUERY_FILTER_ROLE] != NULL;
  /* The chapter's rules, which every status (shown, filtered, sorted)
   * depends on: its grace days and time zone, and whether a tier is free. */
  gboolean rules = entity == NULL || strcmp (entity, "chapter") == 0 ||
                   strcmp (entity, "membership_tier") == 0;

  if (entity != NULL && strcmp (entity, "member") != 0 && !filtered_by_it && !rules &&
      strcmp (entity, "member_specialty") != 0)
    return;

  /* The name order in memory: a member added, renamed or deleted, a
   * batch, the collation; its initials: a specialty too. */
  if (entity == NULL || strcmp (entity, "member") == 0 ||
      strcmp (entity, "member_specialty") == 0)
    ch_member_list_rank_changed (self);

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

  refresh_edited (self);
}

/* Once a minute: a list sorted or filtered by status asks again when the
 * chapter's day has changed since its question (at midnight). */
static gboolean
on_day_tick (gpointer data)
{
  ChMemberList *self = data;

  if (self->chapter_id != NULL && uses_status (self) &&
      ch_store_today_days (self->store, self->chapter_id) != self->status_day)
    {
      self->all_changed = TRUE;
      refresh_edited (self);
    }

  return G_SOURCE_CONTINUE;
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

  return ch_member_list_length (self) - self->hide_len;
}


/* On the list's thread, with the store's own connection. */
static gboolean
fetch_window (ChMemberList *self,
              guint         pos)
{
  g_autoptr(GError) error = NULL;
  GArray *rows;
  guint start;

  ch_member_list_rank_check (self);
  rows = ch_member_query_window (ch_store_get_db (self->store), self->query, self->rowids,
                                 self->win_start, self->n_items, self->exact, self->plan, pos,
                                 self->page_size, &start, &error);
  if (rows == NULL)
    {
      g_warning ("%s", error->message);
      return FALSE;
    }

  g_array_unref (self->rowids);
  self->rowids = rows;
  self->win_start = start;
  return TRUE;
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  ChMemberList *self = CH_MEMBER_LIST (model);
  ChMember *member;
  gint64 rowid;

  if (self->hide_len > 0 && position >= self->hide_pos)
    position += self->hide_len;
  if (position >= ch_member_list_length (self))
    return NULL;

  if (self->windowed &&
      (position < self->win_start || position >= self->win_start + self->rowids->len) &&
      !fetch_window (self, position))
    return NULL;
  position -= self->win_start;
  if (position >= self->rowids->len)
    return NULL;

  rowid = g_array_index (self->rowids, gint64, position);
  member = ch_store_get_member_by_rowid (self->store, rowid);
  if (member != NULL)
    ch_member_list_note_handed (self, rowid, member);

  return member;
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
  /* On the list's own thread, like its answers. */
  self->day_source = g_timeout_source_new_seconds (60);
  g_source_set_callback (self->day_source, on_day_tick, self, NULL);
  g_source_attach (self->day_source, g_main_context_get_thread_default ());
  refresh (self);
  ch_member_list_rank_start (self);
}

static void
ch_member_list_dispose (GObject *object)
{
  ChMemberList *self = CH_MEMBER_LIST (object);

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  if (self->day_source != NULL)
    {
      g_source_destroy (self->day_source);
      g_clear_pointer (&self->day_source, g_source_unref);
    }
  ch_member_list_rank_stop (self);

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
      g_clear_pointer (&self->reader, ch_member_query_reader_unref);
    }
  g_clear_object (&self->store);
  g_clear_pointer (&self->rowids, g_array_unref);
  g_clear_pointer (&self->query, ch_member_query_free);
  g_clear_pointer (&self->changed_rowids, g_hash_table_unref);
  g_clear_pointer (&self->handed, g_hash_table_unref);
  g_free (self->chapter_id);
  g_free (self->search);
  g_free (self->sort_column);
  for (guint i = 0; i < CH_MEMBER_QUERY_N_FILTERS; i++)
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
    case PROP_N_ITEMS: g_value_set_uint (value, ch_member_list_length (self)); break;
    case PROP_EXACT: g_value_set_boolean (value, self->exact); break;
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
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
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
  properties[PROP_EXACT] =
    g_param_spec_boolean ("exact", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ch_member_list_init (ChMemberList *self)
{
  self->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->changed_rowids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->handed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                        ch_member_list_handed_free);
  self->sort_column = g_strdup (CH_MEMBER_SORT_NAME);
  self->exact = TRUE;
  self->total_stale = TRUE;
  self->page_size = CH_MEMBER_LIST_PAGE_SIZE;
  self->full_limit = CH_MEMBER_LIST_FULL_LIMIT;
  self->rank_delay_ms = CH_MEMBER_LIST_RANK_DELAY_MS;
  self->handed_prune_at = 512;
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
      self->total_stale = TRUE;
      ch_member_list_rank_changed (self);
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
  guint pos;

  g_return_val_if_fail (CH_IS_MEMBER_LIST (self), G_MAXUINT);

  rowid = ch_store_member_rowid (self->store, id);
  if (rowid <= 0)
    return G_MAXUINT;

  pos = find_rowid (self->rowids, rowid);
  if (pos != G_MAXUINT)
    return self->win_start + pos;

  if (self->windowed && self->query != NULL)
    {
      g_autoptr(GError) error = NULL;

      ch_member_list_rank_check (self);
      /* Counted in the order's index (by name only; else not found). */
      if (!ch_member_query_position (ch_store_get_db (self->store), self->query,
                                     self->plan, rowid, &pos, &error))
        g_warning ("%s", error->message);
      else if (pos < self->n_items)
        return pos;
    }

  return G_MAXUINT;
}

gboolean
ch_member_list_get_exact (ChMemberList *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_LIST (self), TRUE);

  return self->exact;
}

gboolean
ch_member_list_get_counting (ChMemberList *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_LIST (self), FALSE);

  return self->counting > 0;
}

void
ch_member_list_set_window (ChMemberList *self,
                           guint         page_size,
                           guint         full_limit)
{
  g_return_if_fail (CH_IS_MEMBER_LIST (self));
  g_return_if_fail (page_size > 0);

  self->page_size = page_size;
  self->full_limit = full_limit;
  refresh (self);
}

void
ch_member_list_set_walk (ChMemberList *self,
                         guint         min_matches,
                         guint         budget)
{
  g_return_if_fail (CH_IS_MEMBER_LIST (self));

  self->walk_min = min_matches;
  self->walk_budget = budget;
  refresh (self);
}

static int
filter_index (const char *key)
{
  for (guint i = 0; i < CH_MEMBER_QUERY_N_FILTERS; i++)
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
  if (i == CH_MEMBER_QUERY_FILTER_SPECIALTY && value != NULL)
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

gboolean
ch_member_list_get_ranked (ChMemberList *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_LIST (self), FALSE);

  return self->rank != NULL;
}

void
ch_member_list_set_ranked (ChMemberList *self,
                           gboolean      ranked)
{
  g_return_if_fail (CH_IS_MEMBER_LIST (self));

  self->rank_off = !ranked;
  ch_member_list_rank_changed (self);
}
