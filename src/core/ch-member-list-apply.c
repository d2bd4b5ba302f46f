/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-member-list"

#include "config.h"

#include <string.h>

#include "ch-member-list-private.h"
#include "ch-store.h"

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
      g_list_model_items_changed (G_LIST_MODEL (self), self->win_start + pos, 1, 1);
}

/* ----------------------------------------------------------------------- */
/* Rows handed to views                                                      */

void
ch_member_list_handed_free (gpointer data)
{
  ChMemberListHanded *handed = data;

  g_ptr_array_unref (handed->members);
  g_free (handed);
}

/* Whether @a and @b read the same: every stored field, and the status. */
static gboolean
same_member (ChMember *a,
             ChMember *b)
{
  JsonObject *fa = ch_member_get_fields (a);
  JsonObject *fb = ch_member_get_fields (b);
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (ch_member_get_status (a) != ch_member_get_status (b) ||
      json_object_get_size (fa) != json_object_get_size (fb))
    return FALSE;

  json_object_iter_init (&iter, fa);
  while (json_object_iter_next (&iter, &name, &node))
    {
      JsonNode *other = json_object_get_member (fb, name);

      if (other == NULL || !json_node_equal (node, other))
        return FALSE;
    }

  return TRUE;
}

/* Drops the snapshots of @handed only the list holds (no view has them
 * any more); whether any is left.  GObject's reference count is read
 * directly (a field GLib documents as its own, stable in 2.74): a weak
 * or toggle reference per row handed out would cost more than the
 * comparison it spares, on every row a view asks for. */
static gboolean
prune_handed (ChMemberListHanded *handed)
{
  for (guint i = handed->members->len; i > 0; i--)
    {
      GObject *member = g_ptr_array_index (handed->members, i - 1);

      if (g_atomic_int_get (&member->ref_count) == 1)
        g_ptr_array_remove_index_fast (handed->members, i - 1);
    }

  return handed->members->len > 0;
}

static gboolean
prune_cb (gpointer key,
          gpointer value,
          gpointer user_data)
{
  return !prune_handed (value);
}

void
ch_member_list_note_handed (ChMemberList *self,
                            gint64        rowid,
                            ChMember     *member)
{
  ChMemberListHanded *handed = g_hash_table_lookup (self->handed, &rowid);

  if (handed == NULL)
    {
      if (g_hash_table_size (self->handed) >= self->handed_prune_at)
        {
          g_hash_table_foreach_remove (self->handed, prune_cb, NULL);
          self->handed_prune_at = MAX (2 * g_hash_table_size (self->handed), 512);
        }
      handed = g_new0 (ChMemberListHanded, 1);
      handed->members = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->handed, g_memdup2 (&rowid, sizeof rowid), handed);
    }
  else
    prune_handed (handed);

  g_ptr_array_add (handed->members, g_object_ref (member));
}

/* Adds to @changed the rows at [@from, @to) of the new order of which a
 * view holds a snapshot that reads differently now.  Rows no view holds
 * are read anew when a view asks for them. */
static void
add_stale (ChMemberList *self,
           GHashTable   *changed,
           guint         from,
           guint         to)
{
  for (guint pos = from; pos < to; pos++)
    {
      gint64 rowid = g_array_index (self->rowids, gint64, pos);
      ChMemberListHanded *handed = g_hash_table_lookup (self->handed, &rowid);
      g_autoptr(ChMember) now = NULL;
      gboolean stale = FALSE;

      if (handed == NULL)
        continue;

      if (!prune_handed (handed))
        {
          g_hash_table_remove (self->handed, &rowid);
          continue;
        }

      now = ch_store_get_member_by_rowid (self->store, rowid);
      for (guint i = 0; i < handed->members->len && !stale; i++)
        stale = now == NULL || !same_member (g_ptr_array_index (handed->members, i), now);

      if (stale)
        {
          /* Told below: the views ask for the row again. */
          g_hash_table_remove (self->handed, &rowid);
          if (!g_hash_table_contains (changed, &rowid))
            g_hash_table_add (changed, g_memdup2 (&rowid, sizeof rowid));
        }
    }
}

/* Whether every row of which a view may still hold a snapshot is among
 * @rows (the list's window). */
static gboolean
handed_within (ChMemberList *self,
               GArray       *rows)
{
  g_autoptr(GHashTable) in_rows = g_hash_table_new (g_int64_hash, g_int64_equal);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < rows->len; i++)
    g_hash_table_add (in_rows, &g_array_index (rows, gint64, i));

  g_hash_table_iter_init (&iter, self->handed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!prune_handed (value))
        g_hash_table_iter_remove (&iter);
      else if (!g_hash_table_contains (in_rows, key))
        return FALSE;
    }

  return TRUE;
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

static gboolean
same_rows (GArray *a,
           GArray *b)
{
  /* (An empty GArray's data may be NULL, which memcmp() must not get.) */
  return a->len == b->len &&
         (a->len == 0 || memcmp (a->data, b->data, a->len * sizeof (gint64)) == 0);
}

/* Whether every row of @changed is among @rows. */
static gboolean
all_in (GHashTable *changed,
        GArray     *rows)
{
  guint found = 0;

  for (guint i = 0; i < rows->len; i++)
    if (g_hash_table_contains (changed, &g_array_index (rows, gint64, i)))
      found++;

  return found == g_hash_table_size (changed);
}

static void
apply_count (ChMemberList     *self,
             ChMemberQueryJob *job)
{
  guint old = self->n_items, n = job->n_items;

  if (!self->windowed)
    return;

  self->exact = TRUE;
  self->n_items = n;
  /* The count is of the same snapshot of the same question: only rows at
   * the end were not announced yet. */
  if (self->win_start + self->rowids->len > n)
    {
      self->win_start = MIN (self->win_start, n);
      g_array_set_size (self->rowids, n - self->win_start);
    }
  if (n > old)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n - old);
  else if (n < old)
    g_list_model_items_changed (G_LIST_MODEL (self), n, old - n, 0);

  if (n != old)
    g_object_notify (G_OBJECT (self), "n-items");
  g_object_notify (G_OBJECT (self), "exact");
}

static void apply_rows (ChMemberList     *self,
                        ChMemberQueryJob *job);

void
ch_member_list_apply_result (ChMemberList     *self,
                             ChMemberQueryJob *job)
{
  guint old_total = self->n_total;

  if (!job->count_only)
    {
      apply_rows (self, job);
      return;
    }

  if (job->want_total)
    {
      self->n_total = job->n_total;
      self->total_stale = FALSE;
    }
  apply_count (self, job);
  if (old_total != self->n_total)
    g_object_notify (G_OBJECT (self), "n-total");
}

static void
apply_rows (ChMemberList     *self,
            ChMemberQueryJob *job)
{
  g_autoptr(GArray) old = self->rowids;
  g_autoptr(GHashTable) changed = self->changed_rowids;
  GArray *new = g_steal_pointer (&job->rowids);
  guint n_old = ch_member_list_length (self);
  guint old_start = self->win_start;
  gboolean old_windowed = self->windowed, old_exact = self->exact;
  guint prefix = 0, suffix = 0;
  guint old_total = self->n_total;
  gboolean all_changed = self->all_changed;
  guint n_new;

  g_clear_pointer (&self->query, ch_member_query_free);
  self->query = g_steal_pointer (&job->query);
  self->plan = job->plan;
  self->rowids = new;
  self->windowed = job->windowed;
  self->win_start = job->windowed ? job->win_start : 0;
  self->n_items = job->n_items;
  self->exact = job->exact;
  if (job->want_total)
    {
      self->n_total = job->n_total;
      self->total_stale = FALSE;
    }
  self->question_pending = FALSE;
  self->changed_rowids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->all_changed = FALSE;
  n_new = ch_member_list_length (self);

  if (old_windowed || self->windowed)
    {
      /* Only a window of the rows is known.  Edits of rows in the window
       * that moved nothing are told row by row; anything else (a row
       * elsewhere may have moved) replaces the whole list, which a view
       * answers by building only the rows it shows. */
      gboolean same_window = old_windowed && self->windowed && old_exact && self->exact &&
                             n_old == n_new && old_start == self->win_start &&
                             same_rows (old, new);

      if (same_window && !all_changed && all_in (changed, new))
        emit_edited (self, changed, 0, new->len);
      else if (same_window && all_changed && handed_within (self, new))
        {
          /* Every row a view holds is in the window, at the place it had:
           * the rows past the window that a sync may have moved are in no
           * view, which reads them when it needs them. */
          add_stale (self, changed, 0, new->len);
          emit_edited (self, changed, 0, new->len);
        }
      else if (n_old > 0 || n_new > 0)
        replace_items (self, 0, n_old, n_new);
    }
  else
    {
      while (prefix < n_old && prefix < n_new &&
             g_array_index (old, gint64, prefix) == g_array_index (new, gint64, prefix))
        prefix++;
      while (suffix < n_old - prefix && suffix < n_new - prefix &&
             g_array_index (old, gint64, n_old - 1 - suffix) ==
             g_array_index (new, gint64, n_new - 1 - suffix))
        suffix++;

      if (all_changed)
        {
          /* Which rows changed is not known (a sync or another program
           * wrote, a batch, or the chapter's rules that every status
           * depends on).  The rows that kept their place are compared
           * with what the views hold, so that a view keeps its scroll and
           * selection when little or nothing changed. */
          add_stale (self, changed, 0, prefix);
          add_stale (self, changed, n_new - suffix, n_new);
        }

      if (prefix == n_old && n_old == n_new)
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
    }

  if (n_old != n_new)
    g_object_notify (G_OBJECT (self), "n-items");
  if (old_total != self->n_total)
    g_object_notify (G_OBJECT (self), "n-total");
  if (old_exact != self->exact)
    g_object_notify (G_OBJECT (self), "exact");

  if (!self->exact)
    ch_member_list_start_count (self);
}

