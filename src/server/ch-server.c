/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <libsoup/soup.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>

#include "ch-json.h"
#include "ch-protocol.h"
#include "ch-server.h"
#include "ch-server-apply.h"

struct _ChServer
{
  GObject          parent_instance;

  ChServerStore   *store;
  SoupServer      *soup;
  GSocket         *listener;
  GSource         *accept_source;
  GTlsCertificate *tls_certificate;
  guint            accept_retry_id;
};

G_DEFINE_FINAL_TYPE (ChServer, ch_server, G_TYPE_OBJECT)

#define LISTEN_BACKLOG 1024

static GQuark start_quark;
static GQuark too_large_quark;
static GQuark body_size_quark;

typedef enum
{
  ROUTE_NONE,
  ROUTE_HEALTH,
  ROUTE_ME,
  ROUTE_CHANGES,
  ROUTE_MUTATIONS,
} Route;

/* Replies */

static void
reply_take (SoupServerMessage *msg,
            guint              status,
            char              *body,
            gsize              len)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  /* One request per connection: see on_listener_incoming_cb(). */
  soup_message_headers_replace (headers, "Connection", "close");
  /* libsoup has no phrase for 426. */
  soup_server_message_set_status (msg, status, status == 426 ? "Upgrade Required" : NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, len);
}

static void
reply_string (SoupServerMessage *msg,
              guint              status,
              GString           *out)
{
  gsize len = out->len;

  reply_take (msg, status, g_string_free (out, FALSE), len);
}

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *code,
             const char        *message)
{
  gsize len;
  char *body = ch_protocol_build_error (code, message, &len);

  reply_take (msg, status, body, len);
}

static void
reply_unsupported_schema (SoupServerMessage *msg,
                          const char        *message)
{
  gsize len;
  char *body = ch_protocol_build_error_extra (CH_PROTOCOL_CODE_UNSUPPORTED_SCHEMA, message, &len,
                                              "min", CH_PROTOCOL_SCHEMA_MIN,
                                              "max", CH_PROTOCOL_SCHEMA_MAX,
                                              NULL);

  reply_take (msg, 426, body, len);
}

static void
reply_internal (SoupServerMessage *msg,
                const GError      *error)
{
  /* The details go to the log, not to the network. */
  g_warning ("%s", error->message);
  reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, CH_PROTOCOL_CODE_INTERNAL,
               _("The server could not complete the request; try again later"));
}

static void
reply_body_too_large (SoupServerMessage *msg)
{
  g_autofree char *message =
    g_strdup_printf (_("The request is larger than %d bytes; send fewer mutations at once"),
                     CH_PROTOCOL_MAX_BODY);

  reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, CH_PROTOCOL_CODE_BODY_TOO_LARGE,
               message);
}

/* A batch refused before anything was applied: another token's device
 * id (403), a mid reused or stale (409, with the mid), a mid too far
 * ahead (400). */
static void
reply_batch_refused (SoupServerMessage *msg,
                     const GError      *error,
                     gint64             mid)
{
  gsize len;
  char *body;

  switch (error->code)
    {
    case CH_SERVER_APPLY_ERROR_DEVICE_NOT_YOURS:
      reply_error (msg, SOUP_STATUS_FORBIDDEN, CH_PROTOCOL_CODE_DEVICE_NOT_YOURS, error->message);
      return;
    case CH_SERVER_APPLY_ERROR_MID_REUSED:
    case CH_SERVER_APPLY_ERROR_STALE_MID:
      body = ch_protocol_build_mid_error (error->code == CH_SERVER_APPLY_ERROR_MID_REUSED
                                          ? CH_PROTOCOL_CODE_MID_REUSED
                                          : CH_PROTOCOL_CODE_STALE_MID,
                                          error->message, mid, &len);
      reply_take (msg, SOUP_STATUS_CONFLICT, body, len);
      return;
    default:
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, CH_PROTOCOL_CODE_MID_TOO_FAR, error->message);
      return;
    }
}

/* Parsing the request */

static Route
parse_route (const char  *path,
             char       **chapter_id)
{
  const char *rest;
  const char *slash;

  *chapter_id = NULL;

  if (strcmp (path, "/v1/health") == 0)
    return ROUTE_HEALTH;
  if (strcmp (path, "/v1/me") == 0)
    return ROUTE_ME;

  if (!g_str_has_prefix (path, "/v1/chapters/"))
    return ROUTE_NONE;

  rest = path + strlen ("/v1/chapters/");
  slash = strchr (rest, '/');
  if (slash == NULL || slash == rest)
    return ROUTE_NONE;

  if (strcmp (slash, "/changes") == 0)
    {
      *chapter_id = g_strndup (rest, slash - rest);
      return ROUTE_CHANGES;
    }
  if (strcmp (slash, "/mutations") == 0)
    {
      *chapter_id = g_strndup (rest, slash - rest);
      return ROUTE_MUTATIONS;
    }

  return ROUTE_NONE;
}

/* A non-negative decimal integer; values above @max are clamped to it. */
static gboolean
parse_count (const char *str,
             gint64      max,
             gint64     *out)
{
  gint64 v = 0;

  if (str == NULL || *str == '\0')
    return FALSE;

  for (const char *p = str; *p; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      if (v <= max)
        v = v * 10 + (*p - '0');
    }

  *out = MIN (v, max);
  return TRUE;
}

char *
ch_server_hash_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

/* The token of the request, or NULL after replying 401. */
static ChServerToken *
authenticate (ChServer          *self,
              SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *token = NULL;
  ChServerToken *found;

  if (auth == NULL || g_ascii_strncasecmp (auth, "Bearer ", 7) != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer");
      reply_error (msg, SOUP_STATUS_UNAUTHORIZED, CH_PROTOCOL_CODE_UNAUTHORIZED,
                   _("This request needs a token: send “Authorization: Bearer <token>”"));
      return NULL;
    }

  token = g_strstrip (g_strdup (auth + 7));
  hash = ch_server_hash_token (token);
  found = ch_server_store_lookup_token (self->store, hash, &error);

  if (found == NULL && !g_error_matches (error, CH_SERVER_STORE_ERROR,
                                         CH_SERVER_STORE_ERROR_NOT_FOUND))
    {
      reply_internal (msg, error);
      return NULL;
    }

  if (found == NULL || found->revoked_at != NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer error=\"invalid_token\"");
      reply_error (msg, SOUP_STATUS_UNAUTHORIZED, CH_PROTOCOL_CODE_UNAUTHORIZED,
                   found == NULL
                   ? _("This token is not known to the server; "
                       "ask your administrator for a new one")
                   : _("This token was revoked; ask your administrator for a new one"));
      g_clear_pointer (&found, ch_server_token_free);
      return NULL;
    }

  return found;
}

/* The chapter the token may use, or NULL after replying 403/404. */
static ChServerChapter *
authorize (ChServer            *self,
           SoupServerMessage   *msg,
           const ChServerToken *token,
           const char          *chapter_id)
{
  g_autoptr(GError) error = NULL;
  ChServerChapter *chapter;

  if (!token->admin && g_strcmp0 (token->chapter_id, chapter_id) != 0)
    {
      reply_error (msg, SOUP_STATUS_FORBIDDEN, CH_PROTOCOL_CODE_FORBIDDEN,
                   _("This token does not give access to that chapter"));
      return NULL;
    }

  chapter = ch_server_store_get_chapter (self->store, chapter_id, &error);
  if (chapter == NULL)
    {
      if (g_error_matches (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_NOT_FOUND))
        reply_error (msg, SOUP_STATUS_NOT_FOUND, CH_PROTOCOL_CODE_NOT_FOUND,
                     _("There is no such chapter on this server"));
      else
        reply_internal (msg, error);
    }

  return chapter;
}

/* Handlers */

static void
handle_health (ChServer          *self,
               SoupServerMessage *msg)
{
  GString *out = g_string_new ("{\"status\":\"ok\",\"version\":");

  ch_json_append_string (out, CH_SERVER_VERSION);
  g_string_append (out, ",\"schema_min\":");
  ch_json_append_int (out, CH_PROTOCOL_SCHEMA_MIN);
  g_string_append (out, ",\"schema_max\":");
  ch_json_append_int (out, CH_PROTOCOL_SCHEMA_MAX);
  g_string_append (out, ",\"epoch\":");
  ch_json_append_string (out, ch_server_store_get_epoch (self->store));
  g_string_append_c (out, '}');

  reply_string (msg, SOUP_STATUS_OK, out);
}

static void
append_chapter (GString               *out,
                const ChServerChapter *chapter)
{
  g_string_append (out, "{\"id\":");
  ch_json_append_string (out, chapter->id);
  g_string_append (out, ",\"name\":");
  ch_json_append_string (out, chapter->name ? chapter->name : "");
  g_string_append_c (out, '}');
}

static void
handle_me (ChServer          *self,
           SoupServerMessage *msg)
{
  g_autoptr(ChServerToken) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  GString *out;

  if (!(token = authenticate (self, msg)))
    return;

  if (token->admin)
    chapters = ch_server_store_list_chapters (self->store, &error);
  else
    {
      ChServerChapter *chapter = ch_server_store_get_chapter (self->store, token->chapter_id,
                                                              &error);

      chapters = g_ptr_array_new_with_free_func ((GDestroyNotify) ch_server_chapter_free);
      if (chapter != NULL)
        g_ptr_array_add (chapters, chapter);
      else if (g_error_matches (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_NOT_FOUND))
        g_clear_error (&error);
    }

  if (error != NULL)
    {
      reply_internal (msg, error);
      return;
    }

  out = g_string_new ("{\"token_name\":");
  ch_json_append_string (out, token->name);
  g_string_append (out, token->admin ? ",\"admin\":true" : ",\"admin\":false");
  g_string_append (out, ",\"chapters\":[");
  for (guint i = 0; i < chapters->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_chapter (out, g_ptr_array_index (chapters, i));
    }
  g_string_append (out, "]}");

  reply_string (msg, SOUP_STATUS_OK, out);
}

typedef struct
{
  ChChangesWriter *writer;
  guint            limit;
  gint64           last_version;
  gboolean         has_more;
} ChangesState;

static void
on_change_row_cb (const char *entity,
                  const char *id,
                  gint64      version,
                  gboolean    deleted,
                  const char *fields,
                  gsize       fields_len,
                  gpointer    user_data)
{
  ChangesState *state = user_data;

  if (ch_changes_writer_get_n_items (state->writer) >= state->limit)
    {
      state->has_more = TRUE;
      return;
    }

  ch_changes_writer_add_raw (state->writer, entity, id, version, deleted, fields, fields_len);
  state->last_version = version;
}

/* Checks ?schema_version= when present; FALSE after replying. */
static gboolean
check_query_schema (SoupServerMessage *msg,
                    GHashTable        *query)
{
  const char *value = query ? g_hash_table_lookup (query, "schema_version") : NULL;
  gint64 v;

  if (value == NULL)
    return TRUE;

  if (!parse_count (value, G_MAXINT32, &v))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, CH_PROTOCOL_CODE_BAD_REQUEST,
                   _("“schema_version” must be a whole number"));
      return FALSE;
    }

  if (v < CH_PROTOCOL_SCHEMA_MIN || v > CH_PROTOCOL_SCHEMA_MAX)
    {
      g_autofree char *message =
        g_strdup_printf (_("Schema version %" PRId64 " is not supported; this server "
                           "speaks versions %d to %d. Update Chapterhouse."),
                         v, CH_PROTOCOL_SCHEMA_MIN, CH_PROTOCOL_SCHEMA_MAX);

      reply_unsupported_schema (msg, message);
      return FALSE;
    }

  return TRUE;
}

/* ?device_id= of a pull: same rule as the mutations' device_id. */
static gboolean
pull_device_id_is_valid (const char *device_id)
{
  gsize n = strlen (device_id);

  if (n == 0 || n > CH_PROTOCOL_MAX_DEVICE_ID || !g_utf8_validate (device_id, -1, NULL))
    return FALSE;

  for (const char *p = device_id; *p; p++)
    if ((unsigned char) *p < 0x20 || *p == 0x7f)
      return FALSE;

  return TRUE;
}

static void
reply_cursor_expired (SoupServerMessage *msg,
                      const char        *message)
{
  gsize len;
  char *body = ch_protocol_build_error_extra (CH_PROTOCOL_CODE_CURSOR_EXPIRED, message, &len,
                                              NULL, NULL);

  reply_take (msg, SOUP_STATUS_GONE, body, len);
}

/* After the read snapshot of a pull: a cursor ahead of the chapter's
 * counter means the database went back in time without "restore" (the
 * server never hands out a version above its counter), so every device
 * must resync: a new epoch. */
static gboolean
rotate_for_cursor_ahead (ChServer          *self,
                         SoupServerMessage *msg,
                         const char        *chapter_id,
                         gint64             since,
                         gint64             version)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason =
    g_strdup_printf ("A device asked chapter %s for changes since version %" PRId64
                     " but the database is at %" PRId64 " (the file went back in time)",
                     chapter_id, since, version);

  ch_server_store_end_read (self->store);
  g_warning ("The database went back in time without “restore”");
  if (!ch_server_store_rotate_epoch (self->store, reason, &error))
    {
      reply_internal (msg, error);
      return FALSE;
    }

  reply_cursor_expired (msg, _("The server’s data went back in time (it was restored from a "
                               "backup); sync again from the start"));
  return TRUE;
}

static void
handle_changes (ChServer          *self,
                SoupServerMessage *msg,
                const char        *chapter_id,
                GHashTable        *query)
{
  g_autoptr(ChServerToken) token = NULL;
  g_autoptr(ChServerChapter) chapter = NULL;
  g_autoptr(GError) error = NULL;
  const char *since_str = query ? g_hash_table_lookup (query, "since") : NULL;
  const char *limit_str = query ? g_hash_table_lookup (query, "limit") : NULL;
  const char *device_id = query ? g_hash_table_lookup (query, "device_id") : NULL;
  const char *device_epoch = query ? g_hash_table_lookup (query, "epoch") : NULL;
  const char *tombstones = query ? g_hash_table_lookup (query, "tombstones") : NULL;
  ChangesState state = { 0 };
  gint64 since = 0;
  gint64 limit = CH_PROTOCOL_DEFAULT_PAGE;
  gsize len;
  char *body;

  if (!(token = authenticate (self, msg)) ||
      !(chapter = authorize (self, msg, token, chapter_id)))
    return;

  if (!check_query_schema (msg, query))
    return;

  if (since_str != NULL && !parse_count (since_str, G_MAXINT64 / 2, &since))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, CH_PROTOCOL_CODE_BAD_REQUEST,
                   _("“since” must be a whole number, 0 or more"));
      return;
    }

  if (limit_str != NULL && (!parse_count (limit_str, CH_PROTOCOL_MAX_PAGE, &limit) || limit < 1))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, CH_PROTOCOL_CODE_BAD_REQUEST,
                   _("“limit” must be a whole number, 1 or more"));
      return;
    }

  if (device_id != NULL && !pull_device_id_is_valid (device_id))
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, CH_PROTOCOL_CODE_BAD_REQUEST,
                   _("“device_id” must be 1 to 64 characters without control characters"));
      return;
    }

  if (tombstones != NULL && strcmp (tombstones, "true") != 0 && strcmp (tombstones, "false") != 0)
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, CH_PROTOCOL_CODE_BAD_REQUEST,
                   _("“tombstones” must be true or false"));
      return;
    }

  if (since > 0 && since < chapter->floor)
    {
      reply_cursor_expired (msg, _("The server no longer has the changes since this cursor; "
                                   "sync again from the start"));
      return;
    }

  /* Only a device in this epoch can be ahead of the counter. */
  if (since > chapter->version &&
      (device_epoch == NULL ||
       g_strcmp0 (device_epoch, ch_server_store_get_epoch (self->store)) == 0))
    {
      rotate_for_cursor_ahead (self, msg, chapter_id, since, chapter->version);
      return;
    }

  state.limit = (guint) limit;
  state.last_version = since;
  state.writer = ch_changes_writer_new (ch_server_store_get_epoch (self->store), 4096);

  /* One more than asked tells whether there is more. */
  if (!ch_server_store_read_changes (self->store, chapter_id, since, state.limit + 1,
                                     since > 0 || g_strcmp0 (tombstones, "true") == 0,
                                     on_change_row_cb, &state, &error))
    {
      ch_changes_writer_free (state.writer);
      reply_internal (msg, error);
      return;
    }

  body = ch_changes_writer_finish (state.writer, state.last_version, state.has_more, &len);
  reply_take (msg, SOUP_STATUS_OK, body, len);

  /* Where the device stands, for compaction: what it asked from is what
   * it holds. Cursors of another epoch mean nothing here. */
  if (device_id != NULL &&
      (device_epoch == NULL ||
       g_strcmp0 (device_epoch, ch_server_store_get_epoch (self->store)) == 0))
    {
      ch_server_store_end_read (self->store);
      if (!ch_server_store_note_pull (self->store, chapter_id, device_id, since, &error))
        g_warning ("Could not note where device %s stands: %s", device_id, error->message);
    }
}

/* A push may name the epoch its device knows (?epoch=): a push for
 * another epoch is refused before anything is read, so that the device
 * resyncs first (its pending changes may be about rows the server lost).
 * FALSE after replying. */
static gboolean
push_epoch_is_current (ChServer          *self,
                       SoupServerMessage *msg,
                       GHashTable        *query)
{
  const char *epoch = query ? g_hash_table_lookup (query, "epoch") : NULL;
  gsize len;
  char *body;

  if (epoch == NULL || g_strcmp0 (epoch, ch_server_store_get_epoch (self->store)) == 0)
    return TRUE;

  body = ch_protocol_build_error_extra (CH_PROTOCOL_CODE_EPOCH_CHANGED,
                                        _("The server was restored from a backup; sync "
                                          "again from the start before sending changes"),
                                        &len, NULL, NULL);
  reply_take (msg, SOUP_STATUS_GONE, body, len);
  return FALSE;
}

static void
handle_mutations (ChServer          *self,
                  SoupServerMessage *msg,
                  const char        *chapter_id)
{
  g_autoptr(ChServerToken) token = NULL;
  g_autoptr(ChServerChapter) chapter = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) mutations = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *device_id = NULL;
  SoupMessageBody *request_body;
  gint64 error_mid = 0;
  gint schema_version;
  gsize len;
  char *body;

  if (!(token = authenticate (self, msg)) ||
      !(chapter = authorize (self, msg, token, chapter_id)))
    return;

  request_body = soup_server_message_get_request_body (msg);
  if (g_object_get_qdata (G_OBJECT (msg), too_large_quark) != NULL ||
      request_body->length > CH_PROTOCOL_MAX_BODY)
    {
      reply_body_too_large (msg);
      return;
    }

  bytes = soup_message_body_flatten (request_body);
  if (!ch_protocol_parse_mutations_request (g_bytes_get_data (bytes, NULL),
                                            g_bytes_get_size (bytes),
                                            &device_id, &schema_version, &mutations, &error))
    {
      const char *code = ch_protocol_error_to_code (error);

      if (g_error_matches (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_UNSUPPORTED_SCHEMA))
        reply_unsupported_schema (msg, error->message);
      else if (g_error_matches (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_TOO_LARGE) ||
               g_error_matches (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_TOO_MANY_MUTATIONS))
        reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, code, error->message);
      else
        reply_error (msg, SOUP_STATUS_BAD_REQUEST, code, error->message);
      return;
    }

  if (!ch_server_apply_batch (self->store, chapter_id, device_id, token->id, token->name,
                              mutations, &results, &error_mid, &error))
    {
      if (error->domain == CH_SERVER_APPLY_ERROR)
        reply_batch_refused (msg, error, error_mid);
      else
        reply_internal (msg, error);
      return;
    }

  body = ch_protocol_build_mutations_response (ch_server_store_get_epoch (self->store),
                                               results, &len);
  reply_take (msg, SOUP_STATUS_OK, body, len);
}

static gboolean
method_is (SoupServerMessage *msg,
           const char        *method)
{
  const char *m = soup_server_message_get_method (msg);

  if (strcmp (method, SOUP_METHOD_GET) == 0)
    return m == SOUP_METHOD_GET || m == SOUP_METHOD_HEAD;

  return strcmp (m, method) == 0;
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  ChServer *self = user_data;
  g_autofree char *chapter_id = NULL;
  Route route = parse_route (path, &chapter_id);
  const char *allowed = NULL;

  switch (route)
    {
    case ROUTE_HEALTH:
    case ROUTE_ME:
    case ROUTE_CHANGES:
      if (!method_is (msg, SOUP_METHOD_GET))
        allowed = "GET, HEAD";
      break;
    case ROUTE_MUTATIONS:
      if (!method_is (msg, SOUP_METHOD_POST))
        allowed = "POST";
      break;
    case ROUTE_NONE:
    default:
      reply_error (msg, SOUP_STATUS_NOT_FOUND, CH_PROTOCOL_CODE_NOT_FOUND,
                   _("There is nothing at this address; the API lives under /v1"));
      return;
    }

  if (allowed != NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", allowed);
      reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, CH_PROTOCOL_CODE_METHOD_NOT_ALLOWED,
                   _("This method is not allowed here"));
      return;
    }

  /* The reads of one request see one snapshot (and take one lock). */
  if (route == ROUTE_ME || route == ROUTE_CHANGES)
    {
      g_autoptr(GError) error = NULL;

      if (!ch_server_store_begin_read (self->store, &error))
        {
          reply_internal (msg, error);
          return;
        }
    }

  switch (route)
    {
    case ROUTE_HEALTH:
      handle_health (self, msg);
      break;
    case ROUTE_ME:
      handle_me (self, msg);
      ch_server_store_end_read (self->store);
      break;
    case ROUTE_CHANGES:
      handle_changes (self, msg, chapter_id, query);
      ch_server_store_end_read (self->store);
      break;
    case ROUTE_MUTATIONS:
      if (push_epoch_is_current (self, msg, query))
        handle_mutations (self, msg, chapter_id);
      break;
    case ROUTE_NONE:
    default:
      g_assert_not_reached ();
    }
}

/* Request bodies: never hold more than the limit in memory. */

static void
on_message_got_chunk_cb (SoupServerMessage *msg,
                         GBytes            *chunk,
                         gpointer           user_data)
{
  gsize total = GPOINTER_TO_SIZE (g_object_get_qdata (G_OBJECT (msg), body_size_quark));

  total += g_bytes_get_size (chunk);
  g_object_set_qdata (G_OBJECT (msg), body_size_quark, GSIZE_TO_POINTER (total));

  if (total > CH_PROTOCOL_MAX_BODY &&
      g_object_get_qdata (G_OBJECT (msg), too_large_quark) == NULL)
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);

      g_object_set_qdata (G_OBJECT (msg), too_large_quark, GINT_TO_POINTER (1));
      soup_message_body_set_accumulate (body, FALSE);
      soup_message_body_truncate (body);
    }
}

static void
on_early_request_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > CH_PROTOCOL_MAX_BODY)
    {
      /* Answer before the body is read; the connection is not reused. */
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      reply_body_too_large (msg);
      return;
    }

  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_message_got_chunk_cb), NULL);
}

/* One log line per request, without headers (so without tokens). */

static void
on_server_request_started_cb (SoupServer        *server,
                              SoupServerMessage *msg,
                              gpointer           user_data)
{
  g_object_set_qdata (G_OBJECT (msg), start_quark,
                      GSIZE_TO_POINTER ((gsize) g_get_monotonic_time ()));
}

static void
log_request (SoupServerMessage *msg,
             const char        *note)
{
  gint64 start = (gint64) GPOINTER_TO_SIZE (g_object_get_qdata (G_OBJECT (msg), start_quark));
  static gint64 stamp_second = -1;
  static char stamp[32];
  gint64 now = g_get_monotonic_time ();
  gint64 second = g_get_real_time () / G_USEC_PER_SEC;
  const char *method = soup_server_message_get_method (msg);
  GUri *uri = soup_server_message_get_uri (msg);

  if (second != stamp_second)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (second);
      g_autofree char *text = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");

      g_strlcpy (stamp, text ? text : "-", sizeof stamp);
      stamp_second = second;
    }

  fprintf (stderr, "%s %s %s %u %.1fms%s\n",
           stamp,
           method ? method : "-",
           uri ? g_uri_get_path (uri) : "-",
           soup_server_message_get_status (msg),
           start > 0 ? (now - start) / 1000.0 : 0.0,
           note);
}

static void
on_server_request_finished_cb (SoupServer        *server,
                               SoupServerMessage *msg,
                               gpointer           user_data)
{
  log_request (msg, "");
}

static void
on_server_request_aborted_cb (SoupServer        *server,
                              SoupServerMessage *msg,
                              gpointer           user_data)
{
  log_request (msg, " (aborted)");
}

/* Connections
 *
 * We accept connections ourselves and hand each to libsoup with
 * soup_server_accept_iostream(), rather than soup_server_listen_socket():
 * libsoup 3.2 leaks a GSocket for every connection it accepts, and never
 * closes a kept-alive connection that the client drops while idle (the
 * descriptor stays in CLOSE_WAIT; fixed upstream in 3.3, commit d20c6601).
 * A SoupServer without listeners closes each connection after its answer,
 * so nothing is ever left idle.
 */

static void start_accepting (ChServer *self);

static gboolean
on_accept_retry_cb (gpointer user_data)
{
  ChServer *self = user_data;

  self->accept_retry_id = 0;
  start_accepting (self);
  return G_SOURCE_REMOVE;
}

/* One connection per call: the source fires again while more are waiting.
 * (Draining the whole queue at once starves the connections just taken,
 * which then wait for hundreds of milliseconds under load.) */
static gboolean
on_listener_incoming_cb (GSocket      *listener,
                         GIOCondition  condition,
                         gpointer      user_data)
{
  ChServer *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_accept (listener, NULL, &error);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;

  if (socket == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;

      /* Out of descriptors, say: pause rather than spin. */
      g_warning ("Could not accept a connection: %s", error->message);
      g_clear_pointer (&self->accept_source, g_source_unref);
      self->accept_retry_id = g_timeout_add (250, on_accept_retry_cb, self);
      return G_SOURCE_REMOVE;
    }

  /* Headers and body are separate writes: no Nagle delay between. */
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);

  connection = g_socket_connection_factory_create_connection (socket);
  local = g_socket_get_local_address (socket, NULL);
  remote = g_socket_get_remote_address (socket, NULL);

  if (self->tls_certificate != NULL)
    {
      tls = g_tls_server_connection_new (G_IO_STREAM (connection), self->tls_certificate,
                                         &error);
      if (tls == NULL)
        {
          g_warning ("Could not set up TLS: %s", error->message);
          return G_SOURCE_CONTINUE;
        }
    }

  if (!soup_server_accept_iostream (self->soup,
                                    tls ? tls : G_IO_STREAM (connection),
                                    local, remote, &error))
    g_warning ("Could not serve a connection: %s", error->message);

  return G_SOURCE_CONTINUE;
}

static void
start_accepting (ChServer *self)
{
  g_assert (self->accept_source == NULL);

  self->accept_source = g_socket_create_source (self->listener, G_IO_IN, NULL);
  g_source_set_callback (self->accept_source, G_SOURCE_FUNC (on_listener_incoming_cb), self, NULL);
  g_source_attach (self->accept_source, g_main_context_get_thread_default ());
}

/* Object */

static void
ch_server_dispose (GObject *object)
{
  ChServer *self = (ChServer *) object;

  ch_server_stop (self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ch_server_parent_class)->dispose (object);
}

static void
ch_server_class_init (ChServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ch_server_dispose;

  start_quark = g_quark_from_static_string ("ch-server-start");
  too_large_quark = g_quark_from_static_string ("ch-server-too-large");
  body_size_quark = g_quark_from_static_string ("ch-server-body-size");
}

static void
ch_server_init (ChServer *self)
{
}

ChServer *
ch_server_new (ChServerStore *store)
{
  ChServer *self;

  g_return_val_if_fail (CH_IS_SERVER_STORE (store), NULL);

  self = g_object_new (CH_TYPE_SERVER, NULL);
  self->store = g_object_ref (store);

  return self;
}

gboolean
ch_server_listen (ChServer         *self,
                  const char       *address,
                  guint             port,
                  GTlsCertificate  *tls_certificate,
                  char            **uri,
                  GError          **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) sockaddr = NULL;
  g_autoptr(SoupServer) soup = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autofree char *header = NULL;
  guint actual_port;

  g_return_val_if_fail (CH_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an IP address (use e.g. 127.0.0.1, 0.0.0.0 or ::1)"),
                   address);
      return FALSE;
    }

  header = g_strdup_printf ("chapterhouse-server/%s ", CH_SERVER_VERSION);
  soup = soup_server_new ("server-header", header, NULL);

  soup_server_add_early_handler (soup, NULL, on_early_request_cb, self, NULL);
  soup_server_add_handler (soup, NULL, on_request_cb, self, NULL);
  g_signal_connect (soup, "request-started", G_CALLBACK (on_server_request_started_cb), self);
  g_signal_connect (soup, "request-finished", G_CALLBACK (on_server_request_finished_cb), self);
  g_signal_connect (soup, "request-aborted", G_CALLBACK (on_server_request_aborted_cb), self);

  /* A deep accept queue: GLib's default of 10 drops connections when
   * many devices (or a load test) connect at once. */
  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  sockaddr = g_inet_socket_address_new (inet, port);
  g_socket_set_blocking (socket, FALSE);
  if (!g_socket_bind (socket, sockaddr, TRUE, error) ||
      !g_socket_listen (socket, error))
    return FALSE;

  /* (Not soup_server_get_uris(): it leaks the address in libsoup 3.2.) */
  local = g_socket_get_local_address (socket, error);
  if (local == NULL)
    return FALSE;
  actual_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));

  if (uri != NULL)
    {
      gboolean v6 = g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6;

      *uri = g_strdup_printf ("%s://%s%s%s:%u",
                              tls_certificate ? "https" : "http",
                              v6 ? "[" : "", address, v6 ? "]" : "",
                              actual_port);
    }

  self->soup = g_steal_pointer (&soup);
  self->listener = g_steal_pointer (&socket);
  g_set_object (&self->tls_certificate, tls_certificate);
  start_accepting (self);

  return TRUE;
}

void
ch_server_stop (ChServer *self)
{
  g_return_if_fail (CH_IS_SERVER (self));

  if (self->accept_source != NULL)
    {
      g_source_destroy (self->accept_source);
      g_clear_pointer (&self->accept_source, g_source_unref);
    }
  g_clear_handle_id (&self->accept_retry_id, g_source_remove);

  if (self->listener != NULL)
    {
      g_socket_close (self->listener, NULL);
      g_clear_object (&self->listener);
    }

  if (self->soup != NULL)
    {
      soup_server_disconnect (self->soup);

      /* Let libsoup finish closing the connections it just dropped; it
       * releases them from signal handlers that die with the server. */
      while (g_main_context_iteration (g_main_context_get_thread_default (), FALSE))
        ;

      g_clear_object (&self->soup);
    }

  g_clear_object (&self->tls_certificate);
}
