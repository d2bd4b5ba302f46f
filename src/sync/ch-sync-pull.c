/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ch-entity.h"
#include "ch-json.h"
#include "ch-protocol.h"
#include "ch-store-sync.h"
#include "ch-sync.h"
#include "ch-sync-private.h"
#include "ch-store-erase.h"
#include "ch-store-bulk.h"
#include "ch-store-held.h"

/* ----------------------------------------------------------------------- */
/* Pull                                                                      */

/* Where a ch_sync_engine_pull stands: the ordinary cursor walk, or a resync that reads
 * the whole feed as one snapshot (see ch_store_resync_finish()). */
typedef struct
{
  gboolean  snapshot;       /* this ch_sync_engine_pull is a resync */
  gboolean  epoch_changed;  /* …because the server has another epoch */
  char     *epoch;          /* the snapshot's epoch */
  /* A bulk load's pages share a transaction (see BULK_PAGES): the pages
   * applied in the one still open, and when it began. */
  guint     open_pages;
  gint64    open_since;
  gint64    last_fetch_us;  /* how long the server took for the last page */
} PullState;

/* A bulk load commits every few pages, not every page: each commit wrote
 * the same pages of the tables' key indexes to the WAL again (and the
 * checkpoints copied them).  At most this many pages or this long a hold
 * of the write lock (the window waits for it to save an edit), whichever
 * comes first; a cut-off download loses at most the pages since. */
#define BULK_PAGES 8
#define BULK_HOLD_US (G_USEC_PER_SEC)
/* The lock is kept over the next page's request only while pages come
 * quickly: over a slow network the commits cost nothing beside the wait,
 * and the window must not wait for the network to save an edit. */
#define BULK_QUICK_FETCH_US (100 * 1000)

static void
pull_state_clear (PullState *state)
{
  g_clear_pointer (&state->epoch, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PullState, pull_state_clear)

/* What a page's address says besides its cursor, epoch and count: the
 * same for every page of a walk (a fetch ahead makes the next ones'). */
typedef struct
{
  char     *chapter_id;
  char     *device;      /* escaped */
  char     *held;        /* "&held_mid=…" or NULL */
  gboolean  tombstones;
} PagePath;

static void
page_path_clear (PagePath *parts)
{
  g_clear_pointer (&parts->chapter_id, g_free);
  g_clear_pointer (&parts->device, g_free);
  g_clear_pointer (&parts->held, g_free);
}

static void
page_path_init (PagePath   *parts,
                ChStore    *store,
                const char *chapter_id,
                gint64      cursor,
                gboolean    tombstones)
{
  gint64 held_mid = tombstones || cursor == 0 ? -1 : ch_store_held_get_mid (store, chapter_id);

  parts->chapter_id = g_strdup (chapter_id);
  parts->device = g_uri_escape_string (ch_store_get_device_id (store), NULL, FALSE);
  /* held_mid: the answers to our pushes stored so far; the server leaves
   * out rows whose latest write is our own exact one (ch-store-held.h). */
  parts->held = held_mid >= 0 ? g_strdup_printf ("&held_mid=%" G_GINT64_FORMAT, held_mid) : NULL;
  parts->tombstones = tombstones;
}

static char *
page_path (const PagePath *parts,
           gint64          cursor,
           const char     *epoch,
           gboolean        count)
{
  g_autofree char *known = epoch ? g_uri_escape_string (epoch, NULL, FALSE) : NULL;

  /* device_id: the server keeps deletions this device has not pulled;
   * epoch: a cursor of another epoch is not taken for one of this one. */
  return g_strdup_printf ("/v1/chapters/%s/changes?since=%" G_GINT64_FORMAT
                          "&limit=%u&schema_version=%d&device_id=%s%s%s%s%s%s",
                          parts->chapter_id, cursor, PULL_PAGE, CH_PROTOCOL_SCHEMA_VERSION,
                          parts->device, known ? "&epoch=" : "", known ? known : "",
                          parts->tombstones ? "&tombstones=true" : "",
                          count ? "&count=true" : "", parts->held ? parts->held : "");
}

static char *
changes_path (ChStore    *store,
              const char *chapter_id,
              gint64      cursor,
              const char *epoch,
              gboolean    tombstones,
              gboolean    count)
{
  PagePath parts = { 0 };
  char *path;

  page_path_init (&parts, store, chapter_id, cursor, tombstones);
  path = page_path (&parts, cursor, epoch, count);
  page_path_clear (&parts);
  return path;
}

/* Commits the pages a bulk load applied since its last commit: a pull
 * that stops early (cut off, cancelled, a bad answer) keeps them. */
static gboolean
commit_open_pages (ChStore    *store,
                   PullState  *state,
                   GError    **error)
{
  if (state->open_pages == 0)
    return TRUE;

  state->open_pages = 0;
  return ch_store_commit (store, error);
}

/* Starts over from 0 as a snapshot. */
static gboolean
start_resync (ChStore      *store,
              PullState    *state,
              gboolean      epoch_changed,
              ChSyncReport *report,
              GError      **error)
{
  /* (Not inside a bulk load's transaction.) */
  if (!commit_open_pages (store, state, error))
    return FALSE;

  report->full_resync = TRUE;
  state->snapshot = TRUE;
  state->epoch_changed = state->epoch_changed || epoch_changed;
  g_clear_pointer (&state->epoch, g_free);

  return ch_store_resync_begin (store, error);
}

/* Applies one page. In a snapshot, the stored cursor and epoch stay as
 * they were until the last page: a resync cut off starts over.  With
 * @start_bulk (the first of several pages of a download into a file
 * without members), the page starts a bulk load (ch-store-bulk.h), which
 * the last page ends. */
static gboolean
apply_page (ChStore       *store,
            const char    *chapter_id,
            const char    *url,
            ChChangesPage *page,
            PullState     *state,
            gboolean       start_bulk,
            ChSyncReport  *report,
            GError       **error)
{
  const ChEntityInfo *member = ch_entity_lookup ("member");
  const ChFieldInfo *merged_into = ch_entity_field (member, "merged_into");
  gboolean merges = FALSE;

  /* The page and the cursor in one transaction: a page applied twice
   * changes nothing.  (A bulk load's may be open still.) */
  if (state->open_pages == 0)
    {
      if (!ch_store_begin_pull_page (store, error))
        return FALSE;
      state->open_since = g_get_monotonic_time ();
    }

  if (start_bulk)
    {
      g_autoptr(GError) bulk_error = NULL;

      if (!ch_store_bulk_begin (store, &bulk_error) && bulk_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&bulk_error));
          goto fail;
        }
    }

  for (guint i = 0; i < page->items->len; i++)
    {
      ChChange *c = g_ptr_array_index (page->items, i);
      gboolean ok;

      if (c->info == NULL)
        continue;  /* from a newer server; not ours to keep */

      if (c->deleted && c->info == member &&
          ch_field_value_get_string (&c->values[merged_into - member->fields]) != NULL)
        merges = TRUE;

      if (state->snapshot)
        ok = ch_store_resync_seen (store, c->entity, c->id, error) &&
             ch_store_apply_snapshot_values (store, chapter_id, c->info, c->id, c->version,
                                             c->deleted, c->values, error);
      else
        ok = ch_store_apply_remote_values (store, chapter_id, c->info, c->id, c->version,
                                           c->deleted, c->values, error);
      if (!ok)
        goto fail;
    }

  if (state->snapshot && !page->has_more)
    {
      guint resent = 0, removed = 0;

      if (!ch_store_resync_finish (store, chapter_id, state->epoch_changed, &resent, &removed,
                                   error))
        goto fail;
      report->resent += resent;
      report->removed += removed;
    }

  /* Rows naming a member merged away follow it (see sync-protocol.md).
   * Only a page that brings a merge can leave such rows behind: rows the
   * server sends are already re-pointed.  (Running it for every page made
   * a 20,000-member bootstrap 2.4 times slower.) */
  if (merges && !ch_store_follow_merges (store, chapter_id, error))
    goto fail;

  /* (A complete download's indexes and search entries are made once the
   * last page is committed, by ch_store_bulk_finish(): the search entries
   * then on a thread of their own, from the committed rows, beside the
   * indexes.) */

  if ((!state->snapshot || !page->has_more) &&
      !ch_store_set_sync_state (store, chapter_id, url, page->epoch, page->next, error))
    goto fail;

  /* A bulk load's next page goes on in this transaction (not its first
   * page's: another program sees the first members at once). */
  state->open_pages++;
  if (page->has_more && !start_bulk && ch_store_bulk_active (store) &&
      state->open_pages < BULK_PAGES && state->last_fetch_us < BULK_QUICK_FETCH_US &&
      g_get_monotonic_time () - state->open_since < BULK_HOLD_US)
    return TRUE;

  state->open_pages = 0;
  return ch_store_commit (store, error);

fail:
  state->open_pages = 0;
  ch_store_rollback (store);
  return FALSE;
}

/* Pages asked for ahead, one after the other (each by the thread that
 * read the one before): at most FETCH_AHEAD read and not yet taken by
 * the writing thread, so the server's answers and their parsing go on
 * while a page is written, and a slow answer is made up by the next. */
#define FETCH_AHEAD 2

typedef struct
{
  gint      refs;
  GMutex    lock;
  GCond     cond;
  /* Atomic as well as under the lock: ThreadSanitizer does not see
   * GMutex (tests/tsan.supp). */
  gint      taken;  /* pages of this walk taken by the writing thread */
  gint      stop;   /* no more pages asked for */
  PagePath  parts;  /* …the next ones' addresses */
} FetchWalk;

static FetchWalk *
fetch_walk_ref (FetchWalk *walk)
{
  g_atomic_int_inc (&walk->refs);
  return walk;
}

static void
fetch_walk_unref (FetchWalk *walk)
{
  if (walk == NULL || !g_atomic_int_dec_and_test (&walk->refs))
    return;
  g_mutex_clear (&walk->lock);
  g_cond_clear (&walk->cond);
  page_path_clear (&walk->parts);
  g_free (walk);
}

static void
fetch_walk_set (FetchWalk *walk,
                gint      *field,
                gint       value)
{
  g_mutex_lock (&walk->lock);
  g_atomic_int_set (field, value);
  g_cond_broadcast (&walk->cond);
  g_mutex_unlock (&walk->lock);
}

/* One page asked for and read: its answer, and the page parsed when the
 * answer is a 200. */
typedef struct _Fetch Fetch;
struct _Fetch
{
  Http          *http;
  char          *path;
  GBytes        *reply;
  guint          status;
  GError        *error;        /* the request's */
  ChChangesPage *page;
  GError        *parse_error;  /* the page's, with a 200 */
  gint64         fetch_us;
  GThread       *thread;       /* while a prefetch runs */
  FetchWalk     *walk;         /* a prefetch's walk, or NULL */
  gint           number;       /* …and its place in the walk */
  Fetch         *next;         /* the page after, asked for by this thread */
};

static void
fetch_free (Fetch *fetch)
{
  if (fetch == NULL)
    return;
  /* No further page is asked for: a prefetch that is no longer wanted
   * still finishes its one request (the connection is shared). */
  if (fetch->walk != NULL)
    fetch_walk_set (fetch->walk, &fetch->walk->stop, TRUE);
  if (fetch->thread != NULL)
    g_thread_join (fetch->thread);
  g_clear_pointer (&fetch->next, fetch_free);
  g_free (fetch->path);
  g_clear_pointer (&fetch->reply, g_bytes_unref);
  g_clear_error (&fetch->error);
  g_clear_pointer (&fetch->page, ch_changes_page_free);
  g_clear_error (&fetch->parse_error);
  g_clear_pointer (&fetch->walk, fetch_walk_unref);
  g_free (fetch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fetch, fetch_free)

static Fetch *fetch_start (Http       *http,
                           const char *path,
                           FetchWalk  *walk,
                           gint        number);

/* Asks for the page after @fetch's, once no more than FETCH_AHEAD would
 * then wait for the writing thread. */
static void
fetch_ask_next (Fetch *fetch)
{
  FetchWalk *walk = fetch->walk;
  ChChangesPage *page = fetch->page;
  g_autofree char *path = NULL;
  gboolean go;

  if (page == NULL || !page->has_more)
    return;

  g_mutex_lock (&walk->lock);
  while (!g_atomic_int_get (&walk->stop) &&
         fetch->number - g_atomic_int_get (&walk->taken) >= FETCH_AHEAD)
    g_cond_wait (&walk->cond, &walk->lock);
  go = !g_atomic_int_get (&walk->stop);
  g_mutex_unlock (&walk->lock);

  if (!go)
    return;
  /* As the writing thread would ask for it: the same address or it is
   * not taken (fetch_take()). */
  path = page_path (&walk->parts, page->next, walk->parts.tombstones ? NULL : page->epoch,
                    FALSE);
  fetch->next = fetch_start (fetch->http, path, walk, fetch->number + 1);
}

static gpointer
fetch_run (gpointer data)
{
  Fetch *fetch = data;
  gint64 asked = g_get_monotonic_time ();

  fetch->reply = ch_sync_engine_http_request (fetch->http, "GET", fetch->path, NULL,
                                              &fetch->status, &fetch->error);
  fetch->fetch_us = g_get_monotonic_time () - asked;
  /* Each row's fields as values, bound as they are. */
  if (fetch->reply != NULL && fetch->status == SOUP_STATUS_OK)
    fetch->page = ch_protocol_read_changes_page (g_bytes_get_data (fetch->reply, NULL),
                                                 g_bytes_get_size (fetch->reply),
                                                 &fetch->parse_error);
  if (fetch->walk != NULL)
    fetch_ask_next (fetch);
  return NULL;
}

static Fetch *
fetch_new (Http       *http,
           const char *path)
{
  Fetch *fetch = g_new0 (Fetch, 1);

  fetch->http = http;
  fetch->path = g_strdup (path);
  return fetch;
}

/* Asks for the page at @path and reads it on a thread of its own, while
 * this one writes the page before it: the server's answer and the
 * parsing (a fifth of a download's time) overlap the writing.  That
 * thread then asks for the next page (@walk: the addresses, and how
 * many pages the writing thread took). */
static Fetch *
fetch_start (Http       *http,
             const char *path,
             FetchWalk  *walk,
             gint        number)
{
  Fetch *fetch = fetch_new (http, path);

  fetch->walk = fetch_walk_ref (walk);
  fetch->number = number;
  fetch->thread = g_thread_new ("ch-sync-fetch", fetch_run, fetch);
  return fetch;
}

/* A walk of pages asked for ahead, from the page at @cursor on. */
static Fetch *
fetch_start_walk (Http       *http,
                  ChStore    *store,
                  const char *chapter_id,
                  gint64      cursor,
                  const char *epoch,
                  gboolean    snapshot)
{
  FetchWalk *walk = g_new0 (FetchWalk, 1);
  g_autofree char *path = NULL;
  Fetch *fetch;

  walk->refs = 1;
  g_mutex_init (&walk->lock);
  g_cond_init (&walk->cond);
  page_path_init (&walk->parts, store, chapter_id, cursor, snapshot);
  path = page_path (&walk->parts, cursor, snapshot ? NULL : epoch, FALSE);
  fetch = fetch_start (http, path, walk, 1);
  fetch_walk_unref (walk);
  return fetch;
}

/* The page at @path: @ahead's, when it was asked for ahead (and for
 * that same path), else asked for now.  The page after it, if asked
 * for already, goes into @ahead. */
static Fetch *
fetch_take (Http        *http,
            const char  *path,
            Fetch      **ahead)
{
  g_autoptr(Fetch) fetch = g_steal_pointer (ahead);

  if (fetch != NULL && strcmp (fetch->path, path) == 0)
    {
      /* Its thread may ask for one more page now. */
      fetch_walk_set (fetch->walk, &fetch->walk->taken, fetch->number);
      g_thread_join (g_steal_pointer (&fetch->thread));
      *ahead = g_steal_pointer (&fetch->next);
      /* Taken: freeing it later stops nothing. */
      g_clear_pointer (&fetch->walk, fetch_walk_unref);
      return g_steal_pointer (&fetch);
    }

  g_clear_pointer (&fetch, fetch_free);
  fetch = fetch_new (http, path);
  fetch_run (fetch);
  return g_steal_pointer (&fetch);
}

static gboolean
pull_pages (Http         *http,
            ChStore      *store,
            const char   *chapter_id,
            PullState    *state,
            ChSyncReport *report,
            GError      **error)
{
  g_autofree char *epoch = NULL;
  g_autofree char *stored_epoch = NULL;
  g_autofree char *url = NULL;
  gint64 cursor = 0;
  guint restarts = 0;
  /* Progress: rows received and expected since the first page (or the
   * restart of a resync), which asks the server for the total. */
  guint64 received = 0;
  guint64 total = 0;
  gboolean first_page = TRUE;
  gboolean download = FALSE;
  g_autoptr(Fetch) ahead = NULL;

  if (!ch_store_get_sync_state (store, chapter_id, &url, &epoch, &cursor))
    {
      g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_NOT_LINKED,
                   _("This chapter is not connected to a server."));
      return FALSE;
    }
  stored_epoch = g_strdup (epoch);
  if (state->snapshot)
    cursor = 0;

  for (;;)
    {
      g_autofree char *path = NULL;
      g_autoptr(Fetch) fetch = NULL;
      ChChangesPage *page;

      if (g_cancellable_set_error_if_cancelled (http->cancellable, error))
        return FALSE;

      /* A resync asks for the tombstones too: a deletion the device
       * missed must reach it. */
      path = changes_path (store, chapter_id, cursor, state->snapshot ? NULL : epoch,
                           state->snapshot, first_page && http->progress != NULL);
      fetch = fetch_take (http, path, &ahead);
      state->last_fetch_us = fetch->fetch_us;
      if (fetch->reply == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&fetch->error));
          return FALSE;
        }

      if (fetch->status == 410 && restarts++ < 2)
        {
          /* The cursor is older than what the server keeps (or ahead of
           * what it has): start over. */
          if (!start_resync (store, state, FALSE, report, error))
            return FALSE;
          cursor = 0;
          first_page = TRUE;
          continue;
        }
      if (fetch->status != SOUP_STATUS_OK)
        return ch_sync_engine_status_error (fetch->status, fetch->reply, error);

      page = fetch->page;
      if (page == NULL)
        {
          g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_PROTOCOL,
                       _("The server’s answer could not be understood: %s"),
                       fetch->parse_error->message);
          return FALSE;
        }

      /* "More" must come from further on, or we would ask for ever. */
      if (page->has_more && page->next <= cursor)
        {
          g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_PROTOCOL,
                       _("The server’s list of changes does not move forward. "
                         "Is %s a Chapterhouse server?"),
                       http->base_url);
          return FALSE;
        }

      /* The server was restored from a backup: our cursor and our
       * versions mean nothing there any more. (So does a snapshot whose
       * pages come from two epochs.) */
      if (((!state->snapshot && epoch != NULL && cursor != 0) ||
           (state->snapshot && state->epoch != NULL)) &&
          g_strcmp0 (state->snapshot ? state->epoch : epoch, page->epoch) != 0 &&
          restarts++ < 2)
        {
          if (!start_resync (store, state, TRUE, report, error))
            return FALSE;
          cursor = 0;
          first_page = TRUE;
          continue;
        }
      if (state->snapshot && state->epoch == NULL)
        {
          /* A 410 for a cursor ahead of the server's counter comes with a
           * new epoch: the server lost rows then, too. */
          state->epoch = g_strdup (page->epoch);
          if (stored_epoch != NULL && g_strcmp0 (stored_epoch, page->epoch) != 0)
            state->epoch_changed = TRUE;
        }

      /* The next page is asked for while this one is written; it is
       * taken if the next turn asks for the same (no restart, no other
       * held rows). */
      if (page->has_more && ahead == NULL)
        ahead = fetch_start_walk (http, store, chapter_id, page->next, page->epoch,
                                  state->snapshot);

      /* A download of a whole chapter from its start. */
      if (!apply_page (store, chapter_id, url, page, state,
                       cursor == 0 && received == 0 && !state->snapshot && page->has_more,
                       report, error))
        return FALSE;

      report->pulled += page->items->len;
      if (first_page)
        {
          received = 0;
          total = page->total > 0 ? (guint64) page->total : 0;
          download = cursor == 0;
          first_page = FALSE;
        }
      received += page->items->len;
      /* Rows written after the count come too: the total grows with them. */
      total = total > 0 ? MAX (total, received) : 0;
      if (http->progress != NULL && (received > 0 || page->has_more))
        http->progress (download, received, total, http->progress_data);
      cursor = page->next;
      g_free (epoch);
      epoch = g_strdup (page->epoch);

      if (!page->has_more)
        return TRUE;
    }
}

gboolean
ch_sync_engine_pull (Http         *http,
                     ChStore      *store,
                     const char   *chapter_id,
                     gboolean      resync,
                     ChSyncReport *report,
                     GError      **error)
{
  g_auto(PullState) state = { 0 };
  gboolean ok;

  if (resync && !start_resync (store, &state, TRUE, report, error))
    return FALSE;

  ok = pull_pages (http, store, chapter_id, &state, report, error);
  if (ok)
    ok = commit_open_pages (store, &state, error);
  else
    commit_open_pages (store, &state, NULL);
  /* A download cut off (or failed) still leaves every index in place. */
  if (ch_store_bulk_active (store))
    {
      g_autoptr(GError) bulk_error = NULL;

      if (!ch_store_bulk_finish (store, &bulk_error))
        {
          if (ok)
            g_propagate_error (error, g_steal_pointer (&bulk_error));
          ok = FALSE;
        }
    }
  /* A pulled erasure: no older WAL frame keeps the erased data. */
  ch_store_erase_checkpoint (store);
  if (state.snapshot)
    ch_store_resync_end (store);

  return ok;
}
