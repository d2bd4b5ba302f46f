/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ch-entity.h"
#include "ch-json.h"
#include "ch-protocol.h"
#include "ch-store-private.h"
#include "ch-store-sync.h"
#include "ch-sync-engine.h"

#define PUSH_BATCH      500
#define PULL_PAGE       CH_PROTOCOL_MAX_PAGE
#define MAX_ATTEMPTS    4
#define FIRST_BACKOFF_MS 250
#define READ_CHUNK      (64 * 1024)

G_DEFINE_QUARK (ch-sync-error-quark, ch_sync_error)

typedef struct
{
  SoupSession  *session;
  char         *base_url;
  char         *token;
  GCancellable *cancellable;
  gsize         max_reply;  /* the longest 200 answer read */
} Http;

static void
http_clear (Http *http)
{
  g_clear_object (&http->session);
  g_clear_pointer (&http->base_url, g_free);
  if (http->token != NULL)
    {
      memset (http->token, 0, strlen (http->token));
      g_clear_pointer (&http->token, g_free);
    }
}

static void
http_init (Http         *http,
           const char   *server_url,
           const char   *token,
           GCancellable *cancellable)
{
  g_autofree char *ua = g_strdup_printf ("Chapterhouse/%s", PACKAGE_VERSION);
  gsize len = strlen (server_url);

  while (len > 0 && server_url[len - 1] == '/')
    len--;

  http->session = soup_session_new_with_options ("timeout", 60, "idle-timeout", 60,
                                                 "user-agent", ua, NULL);
  http->base_url = g_strndup (server_url, len);
  http->token = g_strdup (token);
  http->cancellable = cancellable;
  http->max_reply = CH_SYNC_MAX_REPLY;
}

static gboolean
is_this_computer (const char *host)
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

  if (g_ascii_strcasecmp (scheme, "http") == 0 && !is_this_computer (host))
    {
      g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_INSECURE,
                   _("Chapterhouse will not send your access token over plain http:// to %s: "
                     "anyone on the way could read it and use it. Use the server’s https:// "
                     "address (plain http:// is only for a server on this computer)."), host);
      return FALSE;
    }

  return TRUE;
}

/* The answer to @msg, at most @max bytes (an error body at most
 * CH_SYNC_MAX_SMALL_REPLY): a larger one is not read, whatever its
 * Content-Length says.  *too_large tells that failure from a network one. */
static GBytes *
read_reply (Http        *http,
            SoupMessage *msg,
            gboolean    *too_large,
            GError     **error)
{
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GByteArray) buffer = NULL;
  gsize max;
  goffset declared;
  gsize len = 0;

  *too_large = FALSE;

  in = soup_session_send (http->session, msg, http->cancellable, error);
  if (in == NULL)
    return NULL;

  max = soup_message_get_status (msg) == SOUP_STATUS_OK ? http->max_reply : CH_SYNC_MAX_SMALL_REPLY;
  declared = soup_message_headers_get_content_length (soup_message_get_response_headers (msg));
  buffer = g_byte_array_new ();

  while (declared <= (goffset) max)
    {
      gssize n;

      g_byte_array_set_size (buffer, len + READ_CHUNK);
      n = g_input_stream_read (in, buffer->data + len, READ_CHUNK, http->cancellable, error);
      if (n < 0)
        return NULL;
      if (n == 0)
        {
          g_byte_array_set_size (buffer, len);
          g_input_stream_close (in, NULL, NULL);
          return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
        }
      len += (gsize) n;
      if (len > max)
        break;
    }

  *too_large = TRUE;
  {
    g_autofree char *size = g_format_size (max);

    g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_PROTOCOL,
                 _("The server’s answer is larger than %s. Is %s a Chapterhouse server?"),
                 size, http->base_url);
  }
  return NULL;
}

static char *
server_message (GBytes *body)
{
  g_autofree char *code = NULL;
  char *message = NULL;

  if (body != NULL &&
      ch_protocol_parse_error (g_bytes_get_data (body, NULL), g_bytes_get_size (body), &code, &message))
    return message;

  return NULL;
}

static gboolean
status_error (guint    status,
              GBytes  *body,
              GError **error)
{
  g_autofree char *why = server_message (body);

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_AUTH,
                   _("The server did not accept the access token. It may have been revoked: "
                     "ask your association for a new one."));
      return FALSE;
    case SOUP_STATUS_FORBIDDEN:
      g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_FORBIDDEN,
                   _("This access token is not for this chapter."));
      return FALSE;
    case 426:
      g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_SCHEMA,
                   _("The server speaks another version of the sync protocol. "
                     "Update Chapterhouse."));
      return FALSE;
    case SOUP_STATUS_NOT_FOUND:
      g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_SERVER,
                   _("The server does not know this chapter (%s)."), why ? why : _("not found"));
      return FALSE;
    default:
      g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_SERVER,
                   _("The server refused the request (HTTP %u): %s"), status,
                   why ? why : soup_status_get_phrase (status));
      return FALSE;
    }
}

static gboolean
is_transient (guint status)
{
  return status == 0 || status == 408 || status == 429 || status >= 500;
}

/* One request, retried with exponential backoff and jitter while the
 * failure is transient.  Returns the body; *status is the HTTP status. */
static GBytes *
http_request (Http        *http,
              const char  *method,
              const char  *path,
              GBytes      *body,
              guint       *status,
              GError     **error)
{
  g_autofree char *uri = g_strconcat (http->base_url, path, NULL);
  g_autofree char *auth = NULL;
  guint delay = FIRST_BACKOFF_MS;

  if (http->token != NULL)
    auth = g_strconcat ("Bearer ", http->token, NULL);

  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GBytes) reply = NULL;
      gboolean too_large = FALSE;

      msg = soup_message_new (method, uri);
      if (msg == NULL)
        {
          g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_NETWORK,
                       _("“%s” is not a valid server address."), http->base_url);
          return NULL;
        }

      if (auth != NULL)
        soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      if (body != NULL)
        soup_message_set_request_body_from_bytes (msg, "application/json", body);

      reply = read_reply (http, msg, &too_large, &local_error);
      *status = reply ? soup_message_get_status (msg) : 0;

      if (too_large || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      if (reply != NULL && !is_transient (*status))
        return g_steal_pointer (&reply);

      if (attempt >= MAX_ATTEMPTS)
        {
          if (reply == NULL)
            g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_NETWORK,
                         _("Could not reach the server at %s: %s"), http->base_url,
                         local_error ? local_error->message : _("no answer"));
          else
            status_error (*status, reply, error);
          return NULL;
        }

      g_debug ("%s %s failed (%u%s%s), retrying in %u ms", method, path, *status,
               local_error ? ": " : "", local_error ? local_error->message : "", delay);

      /* Jitter: between half and one and a half of the delay. */
      g_usleep ((gulong) (delay * (0.5 + g_random_double ())) * 1000);
      delay *= 2;

      if (g_cancellable_set_error_if_cancelled (http->cancellable, error))
        return NULL;
    }
}

/* ----------------------------------------------------------------------- */

/* {"chapters": [{"id": "…", "name": "…"}, …], …}: what the callers read. */
static gboolean
me_is_well_formed (JsonObject *me)
{
  JsonNode *chapters = json_object_get_member (me, "chapters");
  JsonArray *list;

  if (chapters == NULL || !JSON_NODE_HOLDS_ARRAY (chapters))
    return FALSE;

  list = json_node_get_array (chapters);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *item = json_array_get_element (list, i);
      JsonNode *id, *name;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        return FALSE;
      id = json_object_get_member (json_node_get_object (item), "id");
      name = json_object_get_member (json_node_get_object (item), "name");
      if (id == NULL || json_node_get_value_type (id) != G_TYPE_STRING ||
          (name != NULL && !JSON_NODE_HOLDS_NULL (name) &&
           json_node_get_value_type (name) != G_TYPE_STRING))
        return FALSE;
    }

  return TRUE;
}

JsonObject *
ch_sync_verify (const char    *server_url,
                const char    *token,
                GCancellable  *cancellable,
                GError       **error)
{
  Http http = { 0 };
  g_autoptr(GBytes) reply = NULL;
  JsonObject *root;
  guint status = 0;

  g_return_val_if_fail (server_url != NULL, NULL);

  if (!ch_sync_check_url (server_url, error))
    return NULL;

  http_init (&http, server_url, token, cancellable);
  http.max_reply = CH_SYNC_MAX_SMALL_REPLY;
  reply = http_request (&http, "GET", "/v1/me", NULL, &status, error);
  http_clear (&http);

  if (reply == NULL)
    return NULL;
  if (status != SOUP_STATUS_OK)
    {
      status_error (status, reply, error);
      return NULL;
    }

  /* The bounded reader: nesting from a hostile server cannot overflow the stack. */
  root = ch_json_parse_object (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), NULL);
  if (root != NULL && !me_is_well_formed (root))
    g_clear_pointer (&root, json_object_unref);
  if (root == NULL)
    {
      g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_PROTOCOL,
                   _("The server’s answer could not be understood. Is %s a Chapterhouse server?"),
                   server_url);
      return NULL;
    }

  return root;
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

static gboolean
push_batch (Http         *http,
            ChStore      *store,
            const char   *chapter_id,
            GPtrArray    *entries,
            guint         n,
            ChSyncReport *report,
            guint        *status_out,
            gboolean     *refused_out,
            GError      **error)
{
  g_autoptr(GPtrArray) mutations = g_ptr_array_new_with_free_func ((GDestroyNotify) ch_mutation_free);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *epoch = NULL;
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;
  gsize len = 0;
  guint status = 0;
  guint acknowledged = 0;

  *refused_out = FALSE;

  for (guint i = 0; i < n; i++)
    {
      ChOutboxEntry *e = g_ptr_array_index (entries, i);
      ChOp op = CH_OP_UPDATE;

      ch_op_from_string (e->op, &op);
      g_ptr_array_add (mutations, ch_mutation_new (e->mid, e->entity, e->row_id, op, e->base, e->set));
    }

  json = ch_protocol_build_mutations_request (ch_store_get_device_id (store), mutations, &len);
  body = g_bytes_new_take (g_steal_pointer (&json), len);
  path = g_strdup_printf ("/v1/chapters/%s/mutations", chapter_id);

  reply = http_request (http, "POST", path, body, &status, error);
  *status_out = status;
  if (reply == NULL)
    return FALSE;
  if (status != SOUP_STATUS_OK)
    {
      /* Only a Chapterhouse server's own error body says that the batch
       * holds a change it cannot take; a stray 400 from anything else
       * must not get changes set aside. */
      *refused_out = (status == SOUP_STATUS_BAD_REQUEST || status == 413) &&
                     ch_protocol_parse_error (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply),
                                              NULL, NULL);
      if (status == SOUP_STATUS_BAD_REQUEST && !*refused_out)
        {
          g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_PROTOCOL,
                       _("The server’s answer could not be understood. Is %s a Chapterhouse server?"),
                       http->base_url);
          return FALSE;
        }
      return status_error (status, reply, error);
    }

  if (!ch_protocol_parse_mutations_response (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply),
                                             &epoch, &results, &parse_error))
    {
      g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_PROTOCOL,
                   _("The server’s answer could not be understood: %s"), parse_error->message);
      return FALSE;
    }

  /* Acknowledged entries leave the outbox, all in one transaction. */
  if (!ch_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < results->len; i++)
    {
      ChMutationResult *r = g_ptr_array_index (results, i);
      ChOutboxEntry *e = NULL;

      for (guint j = 0; j < n && e == NULL; j++)
        if (((ChOutboxEntry *) g_ptr_array_index (entries, j))->mid == r->mid)
          e = g_ptr_array_index (entries, j);

      if (e == NULL)
        continue;  /* not ours: ignore */

      if (r->status == CH_RESULT_REJECTED)
        {
          report->rejected++;
          if (!ch_store_record_rejection (store, e, r->message, error))
            goto fail;
        }
      else if (r->status == CH_RESULT_CONFLICT)
        {
          report->conflicts++;
          /* The server kept its value; if a pull already brought that
           * version with this change laid over it, fetch the row again. */
          if (!ch_store_refetch_row (store, chapter_id, e->entity, e->row_id, r->version, error))
            goto fail;
        }

      /* The row's version is left alone: the server's row may differ from
       * ours (a conflict, or other officers' fields), and only the pull that
       * follows brings it, with a higher version than we hold. */

      if (!ch_store_outbox_remove (store, e->mid, error))
        goto fail;
      report->pushed++;
      acknowledged++;
    }

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
      GError      **error)
{
  guint batch = PUSH_BATCH;

  for (;;)
    {
      g_autoptr(GPtrArray) entries = NULL;
      g_autoptr(GError) local_error = NULL;
      guint status = 0;
      gboolean refused = FALSE;

      if (g_cancellable_set_error_if_cancelled (http->cancellable, error))
        return FALSE;

      entries = ch_store_outbox_list (store, chapter_id, batch, error);
      if (entries == NULL)
        return FALSE;
      if (entries->len == 0)
        return TRUE;

      if (push_batch (http, store, chapter_id, entries, entries->len, report, &status, &refused, &local_error))
        {
          batch = PUSH_BATCH;
          continue;
        }

      /* A batch the server refuses as a whole (too large, malformed) must
       * not block the queue: halve it until the one bad change is alone,
       * then set that one aside as rejected. */
      if (status == SOUP_STATUS_BAD_REQUEST || status == 413)
        {
          if (batch > 1)
            {
              batch = MAX (1, MIN (batch, entries->len) / 2);
              continue;
            }
          else if (refused)
            {
              ChOutboxEntry *e = g_ptr_array_index (entries, 0);

              if (!ch_store_record_rejection (store, e, local_error->message, error) ||
                  !ch_store_outbox_remove (store, e->mid, error))
                return FALSE;
              report->rejected++;
              batch = PUSH_BATCH;
              continue;
            }
        }

      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
}

/* ----------------------------------------------------------------------- */
/* Pull                                                                      */

static gboolean
pull (Http         *http,
      ChStore      *store,
      const char   *chapter_id,
      ChSyncReport *report,
      GError      **error)
{
  g_autofree char *epoch = NULL;
  g_autofree char *url = NULL;
  gint64 cursor = 0;
  guint restarts = 0;

  if (!ch_store_get_sync_state (store, chapter_id, &url, &epoch, &cursor))
    {
      g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_NOT_LINKED,
                   _("This chapter is not connected to a server."));
      return FALSE;
    }

  for (;;)
    {
      g_autofree char *path = NULL;
      g_autoptr(GBytes) reply = NULL;
      g_autoptr(ChChangesPage) page = NULL;
      g_autoptr(GError) parse_error = NULL;
      guint status = 0;

      if (g_cancellable_set_error_if_cancelled (http->cancellable, error))
        return FALSE;

      path = g_strdup_printf ("/v1/chapters/%s/changes?since=%" G_GINT64_FORMAT "&limit=%u&schema_version=%d",
                              chapter_id, cursor, PULL_PAGE, CH_PROTOCOL_SCHEMA_VERSION);
      reply = http_request (http, "GET", path, NULL, &status, error);
      if (reply == NULL)
        return FALSE;

      if (status == 410 && restarts++ < 2)
        {
          /* The cursor is older than what the server keeps: start over. */
          report->full_resync = TRUE;
          cursor = 0;
          continue;
        }
      if (status != SOUP_STATUS_OK)
        return status_error (status, reply, error);

      page = ch_protocol_parse_changes_page (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply),
                                             &parse_error);
      if (page == NULL)
        {
          g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_PROTOCOL,
                       _("The server’s answer could not be understood: %s"), parse_error->message);
          return FALSE;
        }

      /* "More" must come from further on, or we would ask for ever. */
      if (page->has_more && page->next <= cursor)
        {
          g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_PROTOCOL,
                       _("The server’s list of changes does not move forward. Is %s a Chapterhouse server?"),
                       http->base_url);
          return FALSE;
        }

      if (epoch != NULL && g_strcmp0 (epoch, page->epoch) != 0 && cursor != 0 && restarts++ < 2)
        {
          /* The server was restored from a backup: our cursor means
           * nothing there any more. */
          report->full_resync = TRUE;
          g_free (epoch);
          epoch = g_strdup (page->epoch);
          cursor = 0;
          continue;
        }

      /* The page and the cursor in one transaction: a page applied twice
       * changes nothing. */
      if (!ch_store_begin (store, error))
        return FALSE;
      /* The search index is updated once for the page, at the commit. */
      ch_store_defer_search (store);

      for (guint i = 0; i < page->items->len; i++)
        {
          ChChange *c = g_ptr_array_index (page->items, i);

          if (ch_entity_lookup (c->entity) == NULL)
            continue;  /* from a newer server; not ours to keep */

          if (!ch_store_apply_remote (store, chapter_id, c->entity, c->id, c->version, c->deleted, c->fields, error))
            {
              ch_store_rollback (store);
              return FALSE;
            }
        }

      if (!ch_store_set_sync_state (store, chapter_id, url, page->epoch, page->next, error))
        {
          ch_store_rollback (store);
          return FALSE;
        }

      if (!ch_store_commit (store, error))
        return FALSE;

      report->pulled += page->items->len;
      cursor = page->next;
      g_free (epoch);
      epoch = g_strdup (page->epoch);

      if (!page->has_more)
        return TRUE;
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
  g_autoptr(ChStore) store = NULL;
  g_autofree char *url = NULL;
  g_autofree char *epoch = NULL;
  g_autoptr(GError) local_error = NULL;
  ChSyncReport dummy = { 0 };
  Http http = { 0 };
  gint64 cursor;
  gboolean ok;

  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (chapter_id != NULL, FALSE);

  if (report == NULL)
    report = &dummy;
  memset (report, 0, sizeof *report);

  if (!(store = ch_store_open (db_path, error)))
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

  http_init (&http, url, token, cancellable);
  ok = push (&http, store, chapter_id, report, &local_error) &&
       pull (&http, store, chapter_id, report, &local_error);
  http_clear (&http);

  ch_store_set_sync_result (store, chapter_id, ok ? NULL : local_error->message, NULL);

  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  char         *db_path;
  char         *chapter_id;
  char         *token;
  ChSyncReport  report;
} RunData;

static void
run_data_free (RunData *data)
{
  g_free (data->db_path);
  g_free (data->chapter_id);
  if (data->token != NULL)
    memset (data->token, 0, strlen (data->token));
  g_free (data->token);
  g_free (data);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *data = task_data;
  GError *error = NULL;

  if (ch_sync_run (data->db_path, data->chapter_id, data->token, cancellable, &data->report, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ch_sync_run_async (const char          *db_path,
                   const char          *chapter_id,
                   const char          *token,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *data = g_new0 (RunData, 1);

  data->db_path = g_strdup (db_path);
  data->chapter_id = g_strdup (chapter_id);
  data->token = g_strdup (token);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ch_sync_run_async);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  g_task_run_in_thread (task, run_thread);
}

gboolean
ch_sync_run_finish (GAsyncResult  *result,
                    ChSyncReport  *report,
                    GError       **error)
{
  RunData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (report != NULL)
    *report = data->report;

  return g_task_propagate_boolean (G_TASK (result), error);
}
