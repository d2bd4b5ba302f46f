/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ch-entity.h"
#include "ch-json.h"
#include "ch-protocol.h"
#include "ch-store-held.h"
#include "ch-store-sync.h"
#include "ch-sync.h"
#include "ch-sync-account-private.h"
#include "ch-sync-private.h"
#include "ch-tsan.h"

/* A push sends up to the protocol's 1000 mutations, in at most
 * PUSH_MAX_BYTES of JSON (the server takes 4 MiB): small edits go 1000 at
 * a time, long texts in fewer. */
#define PUSH_BATCH      push_batch_max
#define PUSH_MAX_BYTES  (2 * 1024 * 1024)

G_DEFINE_QUARK (ch-sync-error-quark, ch_sync_error)

/* CH_PROTOCOL_MAX_MUTATIONS, but for tests (ch_sync_engine_set_push_batch()). */
static guint push_batch_max = CH_PROTOCOL_MAX_MUTATIONS;

void
ch_sync_engine_set_push_batch (guint max)
{
  push_batch_max = CLAMP (max, 1, CH_PROTOCOL_MAX_MUTATIONS);
}

gboolean
ch_sync_engine_is_this_computer (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0 || g_ascii_strcasecmp (host, "localhost.") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
ch_sync_check_url (const char  *server_url,
                   GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  g_return_val_if_fail (server_url != NULL, FALSE);

  uri = g_uri_parse (server_url, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  host = uri ? g_uri_get_host (uri) : NULL;

  if (host == NULL || *host == '\0' ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    {
      g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_INSECURE,
                   _("“%s” is not a server address. It starts with https://, "
                     "for example https://sync.example.org."), server_url);
      return FALSE;
    }

  if (g_ascii_strcasecmp (scheme, "http") == 0 && !ch_sync_engine_is_this_computer (host))
    {
      g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_INSECURE,
                   _("Chapterhouse will not send your access token over plain http:// to %s: "
                     "anyone on the way could read it and use it. Use the server’s https:// "
                     "address (plain http:// is only for a server on this computer)."), host);
      return FALSE;
    }

  return TRUE;
}

/* ----------------------------------------------------------------------- */

ChSyncAccount *
ch_sync_verify (const char    *server_url,
                const char    *token,
                GCancellable  *cancellable,
                GError       **error)
{
  Http http = { 0 };
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonObject) root = NULL;
  ChSyncAccount *account = NULL;
  guint status = 0;

  g_return_val_if_fail (server_url != NULL, NULL);

  if (!ch_sync_check_url (server_url, error))
    return NULL;

  ch_sync_engine_http_init (&http, server_url, token, cancellable);
  http.max_reply = CH_SYNC_MAX_SMALL_REPLY;
  reply = ch_sync_engine_http_request (&http, "GET", "/v1/me", NULL, &status, error);
  ch_sync_engine_http_clear (&http);

  if (reply == NULL)
    return NULL;
  if (status != SOUP_STATUS_OK)
    {
      ch_sync_engine_status_error (status, reply, error);
      return NULL;
    }

  /* The bounded reader: nesting from a hostile server cannot overflow the stack. */
  root = ch_json_parse_object (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), NULL);
  if (root != NULL)
    account = ch_sync_account_new_from_me (root);
  if (account == NULL)
    {
      g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_PROTOCOL,
                   _("The server’s answer could not be understood. Is %s a Chapterhouse server?"),
                   server_url);
      return NULL;
    }

  return account;
}

gboolean
ch_sync_link (ChStore     *store,
              const char  *local_chapter_id,
              const char  *server_url,
              const char  *server_chapter_id,
              GError     **error)
{
  g_return_val_if_fail (CH_IS_STORE (store), FALSE);
  g_return_val_if_fail (server_url != NULL, FALSE);
  g_return_val_if_fail (server_chapter_id != NULL, FALSE);

  if (!ch_store_begin (store, error))
    return FALSE;

  if (local_chapter_id != NULL && g_strcmp0 (local_chapter_id, server_chapter_id) != 0 &&
      !ch_store_relink_chapter (store, local_chapter_id, server_chapter_id, error))
    goto fail;

  if (!ch_store_set_sync_state (store, server_chapter_id, server_url, NULL, 0, error))
    goto fail;

  return ch_store_commit (store, error);

fail:
  ch_store_rollback (store);
  return FALSE;
}

/* ----------------------------------------------------------------------- */
/* Push                                                                      */

/* The server has seen this device's mids for other changes (a restored or
 * copied data file: 409 mid_reused or stale_mid), the next mid is too far
 * beyond the last one (400 mid_too_far), or the device id is another
 * token's (403 device_not_yours): only a new device id helps. */
static gboolean
must_renew_device (guint   status,
                   GBytes *reply)
{
  g_autofree char *code = NULL;

  if (status != SOUP_STATUS_CONFLICT && status != SOUP_STATUS_FORBIDDEN &&
      status != SOUP_STATUS_BAD_REQUEST)
    return FALSE;
  if (!ch_protocol_parse_error (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply),
                                &code, NULL))
    return FALSE;

  return g_strcmp0 (code, CH_PROTOCOL_CODE_MID_REUSED) == 0 ||
         g_strcmp0 (code, CH_PROTOCOL_CODE_STALE_MID) == 0 ||
         g_strcmp0 (code, CH_PROTOCOL_CODE_MID_TOO_FAR) == 0 ||
         g_strcmp0 (code, CH_PROTOCOL_CODE_DEVICE_NOT_YOURS) == 0;
}

/* What the officer reads about a refused change: the device's own words,
 * in the officer's language, for the reasons it knows; the server's
 * message otherwise. */
static const char *
rejection_text (const ChMutationResult *r)
{
  if (g_strcmp0 (r->code, "member_deleted") == 0)
    return _("The member was deleted on another device, so this change was not saved.");
  if (g_strcmp0 (r->code, "join_period_exists") == 0)
    return _("The member already has a join period; this second one was not saved.");
  if (g_strcmp0 (r->code, "bad_merge") == 0)
    return _("A member can only be merged into another member.");
  if (g_strcmp0 (r->code, "restore_needs_fields") == 0)
    return _("This member’s details were removed when they were deleted; "
             "restore them on a device that still has them.");

  return r->message;
}

/* The server applied @e but holds other values of some of its fields
 * (@r->fields): one visible issue per field, and the row comes again with
 * the server's values at the ch_sync_engine_pull that follows. */
static gboolean
record_override (ChStore             *store,
                 const char          *chapter_id,
                 ChStoreOutboxEntry  *e,
                 ChMutationResult    *r,
                 GError             **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (r->fields != NULL)
    {
      json_object_iter_init (&iter, r->fields);
      while (json_object_iter_next (&iter, &name, &value))
        if (!ch_store_record_override (store, e, name, value, r->reason, error))
          return FALSE;
    }

  return ch_store_refetch_row (store, chapter_id, e->entity, e->row_id, r->version, error);
}

/* With the epoch the device knows: a server restored since refuses the
 * push (410 epoch_changed) and the device resyncs first.  @after_mid ≥ 0:
 * the batch follows the one whose last mid (as the server sees it) that
 * is, and the server applies it only right after that one. */
static char *
push_path (ChStore    *store,
           const char *chapter_id,
           gint64      after_mid)
{
  g_autofree char *epoch = NULL;
  g_autofree char *escaped = NULL;
  GString *path = g_string_new (NULL);

  g_string_printf (path, "/v1/chapters/%s/mutations", chapter_id);
  if (ch_store_get_sync_state (store, chapter_id, NULL, &epoch, NULL) && epoch != NULL)
    {
      escaped = g_uri_escape_string (epoch, NULL, FALSE);
      g_string_append_printf (path, "?epoch=%s", escaped);
    }
  if (after_mid >= 0)
    g_string_append_printf (path, "%cafter_mid=%" G_GINT64_FORMAT, escaped ? '&' : '?',
                            after_mid);

  return g_string_free (path, FALSE);
}

/* A refused change may already be laid over the server's row at the
 * version this device holds (a ch_sync_engine_pull ran while it waited, e.g. a merge
 * laid over another officer's tombstone): ch_sync_engine_pull that row again, so the
 * device ends with the server's values (see ch_store_refetch_row()). */
static gboolean
refetch_refused (ChStore             *store,
                 const char          *chapter_id,
                 ChStoreOutboxEntry  *e,
                 GError             **error)
{
  g_autoptr(JsonObject) row = ch_store_get_row (store, e->entity, e->row_id, NULL);
  gint64 version = row ? json_object_get_int_member_with_default (row, "version", 0) : 0;

  return ch_store_refetch_row (store, chapter_id, e->entity, e->row_id, version, error);
}

/* One push request: the outbox entries it carries, its body, and once
 * sent (on a lane's thread when another batch may go meanwhile) the
 * answer. */
typedef struct
{
  Http       *http;
  GPtrArray  *entries;
  guint       n;          /* the first n of @entries are sent */
  gint64      offset;     /* outbox mid − the mid the server sees */
  gint64      after_mid;  /* the batch it follows (server mids), or -1 */
  char       *path;
  GBytes     *body;
  gboolean    started;    /* handed to a lane */
  GMutex      lock;
  GCond       cond;
  gboolean    done;       /* under @lock once started */
  gboolean    sent;       /* the whole request written (under @lock) */
  /* The answer */
  GBytes     *reply;
  guint       status;
  gboolean    capable;
  GError     *error;
} Flight;

/* @f's lock, told to ThreadSanitizer (GLib's locks are invisible to it:
 * ch-tsan.h). */
static void
flight_lock (Flight *f)
{
  g_mutex_lock (&f->lock);
  CH_TSAN_ACQUIRE (f);
}

static void
flight_unlock (Flight *f)
{
  CH_TSAN_RELEASE (f);
  g_mutex_unlock (&f->lock);
}

static void
flight_wait (Flight *f)
{
  CH_TSAN_RELEASE (f);
  g_cond_wait (&f->cond, &f->lock);
  CH_TSAN_ACQUIRE (f);
}

/* On the lane's thread, as the request's last byte goes. */
static void
flight_wrote_body (Flight *f)
{
  flight_lock (f);
  f->sent = TRUE;
  g_cond_broadcast (&f->cond);
  flight_unlock (f);
}

static void
flight_run (Flight *f)
{
  f->reply = ch_sync_engine_http_request_full (f->http, "POST", f->path, f->body, &f->status,
                                               &f->capable, G_CALLBACK (flight_wrote_body), f,
                                               &f->error);
}

/* Waits until the whole of @f's request is on its way (or it is over):
 * a batch sent ahead of its answer then reaches the server after it, as
 * a rule (else the server refuses it as out of order, and it goes again). */
static void
flight_wait_sent (Flight *f)
{
  if (!f->started)
    return;
  flight_lock (f);
  while (!f->sent && !f->done)
    flight_wait (f);
  flight_unlock (f);
}

/* Waits for the answer (sends the request first if no lane does). */
static void
flight_join (Flight *f)
{
  if (f->started)
    {
      flight_lock (f);
      while (!f->done)
        flight_wait (f);
      flight_unlock (f);
    }
  else if (!f->done)
    {
      flight_run (f);
      f->done = TRUE;
    }
}

/* The two threads a push sends on while it goes on with the next batch:
 * batches take them in turn (at most two are on their way), and no thread
 * is made a batch.  (The server answers one request a connection, so each
 * batch has a connection of its own either way.) */
typedef struct
{
  GThread     *thread[2];
  GAsyncQueue *queue[2];
  guint        next;
} Lanes;

static gpointer
lane_main (gpointer data)
{
  GAsyncQueue *queue = data;
  Flight *f;

  /* The queue itself is the sign to stop. */
  while ((f = g_async_queue_pop (queue)) != (gpointer) queue)
    {
      /* (GLib's queue is invisible to ThreadSanitizer: ch-tsan.h.) */
      CH_TSAN_ACQUIRE (f);
      flight_run (f);
      flight_lock (f);
      f->done = TRUE;
      g_cond_signal (&f->cond);
      flight_unlock (f);
    }

  return NULL;
}

/* Sends @f on a lane: the caller goes on meanwhile. */
static void
lanes_send (Lanes  *lanes,
            Flight *f)
{
  guint i = lanes->next++ % 2;

  if (lanes->thread[i] == NULL)
    {
      lanes->queue[i] = g_async_queue_new ();
      lanes->thread[i] = g_thread_new ("ch-sync-push", lane_main, lanes->queue[i]);
    }
  f->started = TRUE;
  CH_TSAN_RELEASE (f);
  g_async_queue_push (lanes->queue[i], f);
}

static void
lanes_clear (Lanes *lanes)
{
  for (guint i = 0; i < 2; i++)
    if (lanes->thread[i] != NULL)
      {
        g_async_queue_push (lanes->queue[i], lanes->queue[i]);
        g_thread_join (g_steal_pointer (&lanes->thread[i]));
        g_clear_pointer (&lanes->queue[i], g_async_queue_unref);
      }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Lanes, lanes_clear)

static void
flight_free (Flight *f)
{
  if (f == NULL)
    return;
  /* Never leave a request running with our buffers; one never handed to
   * a lane is not sent from here (freeing must not block on a POST). */
  if (f->started)
    flight_join (f);
  g_mutex_clear (&f->lock);
  g_cond_clear (&f->cond);
  g_ptr_array_unref (f->entries);
  g_free (f->path);
  g_clear_pointer (&f->body, g_bytes_unref);
  g_clear_pointer (&f->reply, g_bytes_unref);
  g_clear_error (&f->error);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Flight, flight_free)

static gint64
flight_last_mid (Flight *f)
{
  return ((ChStoreOutboxEntry *) g_ptr_array_index (f->entries, f->n - 1))->mid - f->offset;
}

/* The request for @entries (the first of them that fit), to apply after
 * the device's mid @after_mid or (-1) unconditionally. */
static Flight *
flight_new (Http       *http,
            ChStore    *store,
            const char *chapter_id,
            GPtrArray  *entries,
            gint64      after_mid)
{
  g_autoptr(GPtrArray) mutations =
    g_ptr_array_new_with_free_func ((GDestroyNotify) ch_mutation_free);
  g_autofree char *json = NULL;
  const char *device_id = ch_store_get_device_id (store);
  Flight *f = g_new0 (Flight, 1);
  gsize len = 0;

  g_mutex_init (&f->lock);
  g_cond_init (&f->cond);
  f->http = http;
  f->entries = g_ptr_array_ref (entries);
  f->n = entries->len;
  /* The mids of this batch as the server sees them (see
   * ch_store_get_device_mid_offset()), under this device id. */
  f->offset = ch_store_get_device_mid_offset (store);
  f->after_mid = after_mid;

  for (guint i = 0; i < f->n; i++)
    {
      ChStoreOutboxEntry *e = g_ptr_array_index (entries, i);
      ChOp op = CH_OP_UPDATE;
      ChMutation *m;

      ch_op_from_string (e->op, &op);
      m = ch_mutation_new (e->mid - f->offset, e->entity, e->row_id, op, e->base, e->set);
      /* The version of the row we hold: if the server takes the change
       * exactly on it, we need not pull the row back (ch-store-held.h). */
      if (op == CH_OP_INSERT || op == CH_OP_UPDATE)
        m->held_version = ch_store_held_row_version (store, e->entity, e->row_id);
      g_ptr_array_add (mutations, m);
    }

  /* Batches are sized by bytes too: the first entries that fit go now,
   * the others with the next request. */
  json = ch_protocol_build_mutations_request (device_id, mutations, &len);
  while (len > PUSH_MAX_BYTES && f->n > 1)
    {
      f->n = MAX (1, (guint) ((guint64) f->n * PUSH_MAX_BYTES / len * 9 / 10));
      g_ptr_array_set_size (mutations, f->n);
      g_free (json);
      json = ch_protocol_build_mutations_request (device_id, mutations, &len);
    }
  f->body = g_bytes_new_take (g_steal_pointer (&json), len);
  f->path = push_path (store, chapter_id, after_mid);

  return f;
}

/* The batch that goes while the server works on @current: the changes
 * after it, up to the first one of a row @current also changes.  What
 * applying @current's answer does to the device (a refused insert takes
 * the row's later changes out of the outbox, a kept value or a conflict
 * fetches the row again, a version taken) touches only @current's rows,
 * so this is the batch a push one request at a time would send next.
 * NULL when there is none (or the outbox could not be read: the next
 * round reads it again and says why). */
static Flight *
flight_next (Http       *http,
             ChStore    *store,
             const char *chapter_id,
             Flight     *current)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) rows = g_hash_table_new (g_str_hash, g_str_equal);
  ChStoreOutboxEntry *last = g_ptr_array_index (current->entries, current->n - 1);
  guint keep = 0;

  entries = ch_store_outbox_list_after (store, chapter_id, last->mid, PUSH_BATCH,
                                        ch_json_parse_object, NULL);
  if (entries == NULL)
    return NULL;

  for (guint i = 0; i < current->n; i++)
    {
      ChStoreOutboxEntry *e = g_ptr_array_index (current->entries, i);

      /* Row ids are UUIDs: the same id in two entities is the same row
       * for this purpose (at worst a batch cut short). */
      g_hash_table_add (rows, e->row_id);
    }
  while (keep < entries->len &&
         !g_hash_table_contains (rows,
                                 ((ChStoreOutboxEntry *) g_ptr_array_index (entries, keep))->row_id))
    keep++;
  if (keep == 0)
    return NULL;
  g_ptr_array_set_size (entries, keep);

  return flight_new (http, store, chapter_id, entries, flight_last_mid (current));
}

/* The server refused a batch sent ahead because the one it follows is not
 * applied: it goes again, in order. */
static gboolean
is_out_of_order (Flight *f)
{
  g_autofree char *code = NULL;

  return f->after_mid >= 0 && f->reply != NULL && f->status == SOUP_STATUS_CONFLICT &&
         ch_protocol_parse_error (g_bytes_get_data (f->reply, NULL),
                                  g_bytes_get_size (f->reply), &code, NULL) &&
         g_strcmp0 (code, CH_PROTOCOL_CODE_OUT_OF_ORDER) == 0;
}

/* Takes the answer to @f: the acknowledged changes leave the outbox. */
static gboolean
push_answer (Http         *http,
             ChStore      *store,
             const char   *chapter_id,
             Flight       *f,
             ChSyncReport *report,
             guint        *status_out,
             gboolean     *refused_out,
             gboolean     *renew_out,
             GError      **error)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *epoch = NULL;
  GPtrArray *entries = f->entries;
  GBytes *reply = f->reply;
  guint n = f->n;
  guint status = f->status;
  guint acknowledged = 0;
  g_autoptr(GArray) applied = NULL;
  g_autoptr(GHashTable) by_mid = NULL;
  gboolean held_lost = FALSE;
  gint64 held_mid = -1;
  gint64 offset = f->offset;

  *refused_out = FALSE;
  *renew_out = FALSE;
  *status_out = status;

  if (reply == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&f->error));
      return FALSE;
    }
  if (status != SOUP_STATUS_OK && must_renew_device (status, reply))
    {
      *renew_out = TRUE;
      return ch_sync_engine_status_error (status, reply, error);
    }
  if (status != SOUP_STATUS_OK)
    {
      /* Only a Chapterhouse server's own error body says that the batch
       * holds a change it cannot take; a stray 400 from anything else
       * must not get changes set aside. */
      *refused_out = (status == SOUP_STATUS_BAD_REQUEST || status == 413) &&
                     ch_protocol_parse_error (g_bytes_get_data (reply, NULL),
                                              g_bytes_get_size (reply), NULL, NULL);
      if (status == SOUP_STATUS_BAD_REQUEST && !*refused_out)
        {
          g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_PROTOCOL,
                       _("The server’s answer could not be understood. "
                         "Is %s a Chapterhouse server?"),
                       http->base_url);
          return FALSE;
        }
      return ch_sync_engine_status_error (status, reply, error);
    }

  if (!ch_protocol_parse_mutations_response (g_bytes_get_data (reply, NULL),
                                             g_bytes_get_size (reply), &epoch, &results,
                                             &parse_error))
    {
      g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_PROTOCOL,
                   _("The server’s answer could not be understood: %s"), parse_error->message);
      return FALSE;
    }

  /* Acknowledged entries leave the outbox, all in one transaction; those
   * applied as sent in one statement.  (Before anything else is done for
   * an entry, those before it are gone, as when each went on its own.) */
  if (!ch_store_begin (store, error))
    return FALSE;

  applied = g_array_sized_new (FALSE, FALSE, sizeof (gint64), results->len);
  by_mid = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint j = 0; j < n; j++)
    {
      ChStoreOutboxEntry *e = g_ptr_array_index (entries, j);

      g_hash_table_insert (by_mid, &e->mid, e);
    }

  for (guint i = 0; i < results->len; i++)
    {
      ChMutationResult *r = g_ptr_array_index (results, i);
      gint64 mid = r->mid + offset;
      ChStoreOutboxEntry *e = g_hash_table_lookup (by_mid, &mid);

      if (e == NULL)
        continue;  /* not ours: ignore */
      /* Each entry once, whatever the answer repeats. */
      g_hash_table_remove (by_mid, &mid);

      if (r->status == CH_RESULT_APPLIED && r->previous_version >= 0)
        {
          gboolean taken = FALSE;

          /* The server's row is ours with this change: take its version. */
          if (!ch_store_held_take (store, e->entity, e->row_id, r->previous_version, r->version,
                                   &taken, error))
            goto fail;
          held_lost = held_lost || !taken;
        }

      if (r->status == CH_RESULT_APPLIED)
        {
          g_array_append_val (applied, e->mid);
          report->pushed++;
          acknowledged++;
          continue;
        }

      if (!ch_store_outbox_remove_mids (store, (gint64 *) (gpointer) applied->data,
                                        applied->len, error))
        goto fail;
      g_array_set_size (applied, 0);

      if (r->status == CH_RESULT_REJECTED)
        {
          report->rejected++;
          if (!ch_store_record_rejection (store, e, rejection_text (r), error) ||
              !ch_store_undo_rejected (store, e, error) ||
              !refetch_refused (store, chapter_id, e, error))
            goto fail;
        }
      else if (r->status == CH_RESULT_OVERRIDDEN)
        {
          report->overridden++;
          if (!record_override (store, chapter_id, e, r, error))
            goto fail;
        }
      else if (r->status == CH_RESULT_CONFLICT)
        {
          report->conflicts++;
          /* The server kept its value; if a ch_sync_engine_pull already brought that
           * version with this change laid over it, fetch the row again. */
          if (!ch_store_refetch_row (store, chapter_id, e->entity, e->row_id, r->version, error))
            goto fail;
        }

      /* The row's version is left alone: the server's row may differ from
       * ours (a conflict, or other officers' fields), and only the ch_sync_engine_pull that
       * follows brings it, with a higher version than we hold. */

      if (!ch_store_outbox_remove (store, e->mid, error))
        goto fail;
      report->pushed++;
      acknowledged++;
    }

  if (!ch_store_outbox_remove_mids (store, (gint64 *) (gpointer) applied->data, applied->len,
                                    error))
    goto fail;

  /* Every answer up to here is stored (the mids of the entries before the
   * first one the server did not answer): pulls may leave out our exact
   * writes up to it.  A version we could not take stops that. */
  for (guint j = 0; j < n; j++)
    {
      ChStoreOutboxEntry *e = g_ptr_array_index (entries, j);

      if (g_hash_table_contains (by_mid, &e->mid))
        break;
      held_mid = e->mid - offset;
    }
  if ((held_lost || held_mid > 0) &&
      !ch_store_held_set_mid (store, chapter_id, held_lost ? -1 : held_mid, error))
    goto fail;

  /* An answer that acknowledges none of our changes would have us send
   * the same batch for ever. */
  if (acknowledged == 0)
    {
      g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_PROTOCOL,
                   _("The server answered without acknowledging any of the changes sent. "
                     "Is %s a Chapterhouse server?"), http->base_url);
      goto fail;
    }

  return ch_store_commit (store, error);

fail:
  ch_store_rollback (store);
  return FALSE;
}

static gboolean
push (Http         *http,
      ChStore      *store,
      const char   *chapter_id,
      ChSyncReport *report,
      gboolean     *epoch_changed,
      GError      **error)
{
  guint batch = PUSH_BATCH;
  guint renewals = 0;
  /* The server takes a batch that names the one it follows: the next batch
   * may go while it works on this one (docs/sync-protocol.md, *Sending
   * ahead*).  Learnt from each answer; an older server never says so. */
  gboolean ahead_ok = FALSE;
  /* (Declared before the flights: they are freed, so answered, first.) */
  g_auto(Lanes) lanes = { 0 };
  g_autoptr(Flight) ahead = NULL;

  *epoch_changed = FALSE;

  for (;;)
    {
      g_autoptr(Flight) flight = NULL;
      g_autoptr(GError) local_error = NULL;
      guint status = 0;
      gboolean refused = FALSE;
      gboolean renew = FALSE;

      if (g_cancellable_set_error_if_cancelled (http->cancellable, error))
        return FALSE;

      if (ahead != NULL)
        flight = g_steal_pointer (&ahead);
      else
        {
          g_autoptr(GPtrArray) entries = NULL;

          entries = ch_store_outbox_list_with (store, chapter_id, batch, ch_json_parse_object,
                                               error);
          if (entries == NULL)
            return FALSE;
          if (entries->len == 0)
            return TRUE;

          /* Every mid must go out as a positive one under this device id. */
          if (((ChStoreOutboxEntry *) g_ptr_array_index (entries, 0))->mid <=
              ch_store_get_device_mid_offset (store) &&
              !ch_store_renew_device_id (store, error))
            return FALSE;

          flight = flight_new (http, store, chapter_id, entries, -1);
          if (ahead_ok && batch == PUSH_BATCH)
            lanes_send (&lanes, flight);
        }

      /* While the server works on this batch, the next one goes: the
       * server applies it only right after this one. */
      if (ahead_ok && batch == PUSH_BATCH &&
          (ahead = flight_next (http, store, chapter_id, flight)) != NULL)
        {
          flight_wait_sent (flight);
          lanes_send (&lanes, ahead);
        }

      flight_join (flight);

      /* The batch it follows was not applied (lost on the way, or not
       * there yet): it goes again, in order, with whatever follows it. */
      if (is_out_of_order (flight))
        {
          g_clear_pointer (&ahead, flight_free);
          continue;
        }

      if (push_answer (http, store, chapter_id, flight, report, &status, &refused, &renew,
                       &local_error))
        {
          ahead_ok = flight->capable;
          batch = PUSH_BATCH;
          continue;
        }

      /* Whatever went ahead of an answer that went wrong goes again, in
       * order, once that is settled: its answer is not taken (the server
       * has it, if it applied it, and gives it again). */
      g_clear_pointer (&ahead, flight_free);

      /* A restored or copied data file, or another officer's device id:
       * everything pending goes again under a new device id.  (Twice at
       * most per sync: a server that keeps refusing is an error.) */
      if (renew && renewals++ < 2)
        {
          g_debug ("The server refused device %s (%s); taking a new device id",
                   ch_store_get_device_id (store), local_error->message);
          if (!ch_store_renew_device_id (store, error))
            return FALSE;
          continue;
        }

      /* A batch the server refuses as a whole (too large, malformed) must
       * not block the queue: halve it until the one bad change is alone,
       * then set that one aside as rejected. */
      if (status == SOUP_STATUS_BAD_REQUEST || status == 413)
        {
          if (batch > 1)
            {
              batch = MAX (1, MIN (batch, flight->entries->len) / 2);
              continue;
            }
          else if (refused)
            {
              ChStoreOutboxEntry *e = g_ptr_array_index (flight->entries, 0);

              if (!ch_store_record_rejection (store, e, local_error->message, error) ||
                  !ch_store_undo_rejected (store, e, error) ||
                  !ch_store_outbox_remove (store, e->mid, error))
                return FALSE;
              report->rejected++;
              batch = PUSH_BATCH;
              continue;
            }
        }

      *epoch_changed = status == SOUP_STATUS_GONE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
}

gboolean
ch_sync_run (const char    *db_path,
             const char    *chapter_id,
             const char    *token,
             GCancellable  *cancellable,
             ChSyncReport  *report,
             GError       **error)
{
  return ch_sync_run_with_progress (db_path, chapter_id, token, NULL, NULL, cancellable, report,
                                    error);
}

gboolean
ch_sync_run_with_progress (const char         *db_path,
                           const char         *chapter_id,
                           const char         *token,
                           ChSyncProgressFunc  progress,
                           gpointer            progress_data,
                           GCancellable       *cancellable,
                           ChSyncReport       *report,
                           GError            **error)
{
  g_autoptr(ChStore) store = NULL;
  g_autofree char *url = NULL;
  g_autofree char *epoch = NULL;
  g_autoptr(GError) local_error = NULL;
  ChSyncReport dummy = { 0 };
  Http http = { 0 };
  gint64 cursor;
  gboolean epoch_changed = FALSE;
  gboolean ok;

  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (chapter_id != NULL, FALSE);

  if (report == NULL)
    report = &dummy;
  memset (report, 0, sizeof *report);

  if (!(store = ch_store_open_full (db_path, CH_STORE_OPEN_COLLATION_LATER, error)))
    return FALSE;

  if (!ch_store_get_sync_state (store, chapter_id, &url, &epoch, &cursor))
    {
      g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_NOT_LINKED,
                   _("This chapter is not connected to a server."));
      return FALSE;
    }

  if (!ch_sync_check_url (url, &local_error))
    {
      ch_store_set_sync_result (store, chapter_id, local_error->message, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  ch_sync_engine_http_init (&http, url, token, cancellable);
  http.progress = progress;
  http.progress_data = progress_data;
  ok = push (&http, store, chapter_id, report, &epoch_changed, &local_error);
  if (!ok && epoch_changed)
    {
      /* Restored server: first the snapshot, which turns changes to rows
       * the server lost into inserts; then those go. */
      g_clear_error (&local_error);
      ok = ch_sync_engine_pull (&http, store, chapter_id, TRUE, report, &local_error) &&
           push (&http, store, chapter_id, report, &epoch_changed, &local_error);
    }
  ok = ok && ch_sync_engine_pull (&http, store, chapter_id, FALSE, report, &local_error);
  if (ok && report->full_resync && ch_store_outbox_count (store, chapter_id) > 0)
    {
      /* What the resync queued again (rows the server lost) goes now,
       * and comes back with this epoch's versions. */
      ok = push (&http, store, chapter_id, report, &epoch_changed, &local_error) &&
           ch_sync_engine_pull (&http, store, chapter_id, FALSE, report, &local_error);
    }
  ch_sync_engine_http_clear (&http);

  /* A sync stopped on purpose (its window closed) is not a failure to
   * report ("Last error" in the CLI's status). */
  if (ok || !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ch_store_set_sync_result (store, chapter_id, ok ? NULL : local_error->message, NULL);

  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}
