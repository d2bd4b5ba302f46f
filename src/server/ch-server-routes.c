/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ch-json.h"
#include "ch-protocol.h"
#include "ch-server-apply.h"
#include "ch-server-backup.h"
#include "ch-server-metrics.h"
#include "ch-server-private.h"
#include "ch-server-reply.h"
#include "ch-server-routes.h"
#include "ch-server-store-sqlite.h"
#include "ch-server-store-sqlite-admin.h"

/* The routes of the /v1 API: which address is which, the token and the
 * chapter of each request, and the handlers of /health, /me, /changes and
 * /mutations.  The HTTP plumbing (connections, body limits, the log) is in
 * ch-server.c. */

typedef enum
{
  ROUTE_NONE,
  ROUTE_HEALTH,
  ROUTE_ME,
  ROUTE_CHANGES,
  ROUTE_MUTATIONS,
  ROUTE_METRICS,
} Route;

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
  if (strcmp (path, "/metrics") == 0)
    return ROUTE_METRICS;

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

const char *
ch_server_routes_label (const char *path)
{
  g_autofree char *chapter_id = NULL;

  switch (parse_route (path, &chapter_id))
    {
    case ROUTE_HEALTH:
      return "health";
    case ROUTE_ME:
      return "me";
    case ROUTE_CHANGES:
      return "changes";
    case ROUTE_MUTATIONS:
      return "mutations";
    case ROUTE_METRICS:
      return "metrics";
    case ROUTE_NONE:
    default:
      return "other";
    }
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
      /* Too large: refused, never wrapped or cut. */
      if (v > (max - (*p - '0')) / 10)
        return FALSE;
      v = v * 10 + (*p - '0');
    }

  *out = v;
  return TRUE;
}

static gboolean
is_digits (const char *str)
{
  if (*str == '\0')
    return FALSE;
  for (const char *p = str; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* The token of the request, or NULL after replying 401. */
static ChServerToken *
authenticate (ChServer          *self,
              SoupServerMessage *msg,
              ChServerReply     *reply)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *token = NULL;
  ChServerToken *found;

  if (auth == NULL || g_ascii_strncasecmp (auth, "Bearer ", 7) != 0)
    {
      soup_message_headers_replace (ch_server_reply_get_headers (reply),
                                    "WWW-Authenticate", "Bearer");
      ch_server_reply_error (reply, SOUP_STATUS_UNAUTHORIZED, CH_PROTOCOL_CODE_UNAUTHORIZED,
                             _("This request needs a token: "
                               "send “Authorization: Bearer <token>”"));
      return NULL;
    }

  token = g_strstrip (g_strdup (auth + 7));
  hash = ch_server_hash_token (token);
  found = ch_server_store_lookup_token (self->store, hash, &error);

  if (found == NULL && !g_error_matches (error, CH_SERVER_STORE_ERROR,
                                         CH_SERVER_STORE_ERROR_NOT_FOUND))
    {
      ch_server_reply_internal (reply, error);
      return NULL;
    }

  if (found == NULL || found->revoked_at != NULL)
    {
      soup_message_headers_replace (ch_server_reply_get_headers (reply),
                                    "WWW-Authenticate", "Bearer error=\"invalid_token\"");
      ch_server_reply_error (reply, SOUP_STATUS_UNAUTHORIZED, CH_PROTOCOL_CODE_UNAUTHORIZED,
                             found == NULL
                             ? _("This token is not known to the server; "
                             "ask your administrator for a new one")
                             : _("This token was revoked; ask your administrator for a new one"));
      g_clear_pointer (&found, ch_server_token_free);
      return NULL;
    }

  /* The log names the token, never shows it. */
  g_object_set_qdata_full (G_OBJECT (msg), ch_server_token_name_quark (),
                           g_strdup (found->name), g_free);
  return found;
}

/* The chapter the token may use, or NULL after replying 403/404. */
static ChServerChapter *
authorize (ChServer            *self,
           SoupServerMessage   *msg,
           ChServerReply       *reply,
           const ChServerToken *token,
           const char          *chapter_id)
{
  g_autoptr(GError) error = NULL;
  ChServerChapter *chapter;

  if (!token->admin && g_strcmp0 (token->chapter_id, chapter_id) != 0)
    {
      ch_server_reply_error (reply, SOUP_STATUS_FORBIDDEN, CH_PROTOCOL_CODE_FORBIDDEN,
                             _("This token does not give access to that chapter"));
      return NULL;
    }

  chapter = ch_server_store_get_chapter (self->store, chapter_id, &error);
  if (chapter == NULL)
    {
      if (g_error_matches (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_NOT_FOUND))
        ch_server_reply_error (reply, SOUP_STATUS_NOT_FOUND, CH_PROTOCOL_CODE_NOT_FOUND,
                               _("There is no such chapter on this server"));
      else
        ch_server_reply_internal (reply, error);
    }

  return chapter;
}

/* Handlers */

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return path != NULL && g_stat (path, &st) == 0 ? (gint64) st.st_size : 0;
}

/* Up means the database answers: a read in a snapshot. */
static void
handle_health (ChServer          *self,
               SoupServerMessage *msg,
               ChServerReply     *reply)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  const char *path = NULL;
  g_autofree char *wal = NULL;
  GString *out;

  if (ch_server_store_begin_read (self->store, &error))
    {
      chapters = ch_server_store_list_chapters (self->store, &error);
      ch_server_store_end_read (self->store);
    }
  if (chapters == NULL)
    {
      ch_server_reply_internal (reply, error);
      return;
    }

  if (CH_IS_SERVER_STORE_SQLITE (self->store))
    path = ch_server_store_sqlite_get_path (self->store);
  wal = path ? g_strconcat (path, "-wal", NULL) : NULL;

  out = g_string_new ("{\"status\":\"ok\",\"version\":");
  ch_json_append_string (out, CH_SERVER_VERSION);
  g_string_append (out, ",\"schema_min\":");
  ch_json_append_int (out, CH_PROTOCOL_SCHEMA_MIN);
  g_string_append (out, ",\"schema_max\":");
  ch_json_append_int (out, CH_PROTOCOL_SCHEMA_MAX);
  g_string_append (out, ",\"epoch\":");
  ch_json_append_string (out, ch_server_store_get_epoch (self->store));
  g_string_append (out, ",\"chapters\":");
  ch_json_append_int (out, chapters->len);
  g_string_append (out, ",\"database_bytes\":");
  ch_json_append_int (out, file_size (path));
  g_string_append (out, ",\"wal_bytes\":");
  ch_json_append_int (out, file_size (wal));
  g_string_append_c (out, '}');

  ch_server_reply_string (reply, SOUP_STATUS_OK, out);
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
           SoupServerMessage *msg,
           ChServerReply     *reply)
{
  g_autoptr(ChServerToken) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  GString *out;

  if (!(token = authenticate (self, msg, reply)))
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
      ch_server_reply_internal (reply, error);
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

  ch_server_reply_string (reply, SOUP_STATUS_OK, out);
}

typedef struct
{
  ChChangesWriter *writer;
  guint            limit;
  gint64           last_version;
  gboolean         has_more;
  guint            n_rows;
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

  /* A page is the first "limit" rows after the cursor, less those left
   * out (fields NULL: the device's own exact writes); one more row
   * tells that there is more. */
  if (state->n_rows++ >= state->limit)
    {
      state->has_more = TRUE;
      return;
    }

  if (fields != NULL)
    ch_changes_writer_add_raw (state->writer, entity, id, version, deleted, fields, fields_len);
  state->last_version = version;
}

/* Checks ?schema_version= when present; FALSE after replying. */
static gboolean
check_query_schema (ChServerReply *reply,
                    GHashTable    *query)
{
  const char *value = query ? g_hash_table_lookup (query, "schema_version") : NULL;
  gint64 v;

  if (value == NULL)
    return TRUE;

  if (!parse_count (value, G_MAXINT32, &v))
    {
      ch_server_reply_error (reply, SOUP_STATUS_BAD_REQUEST, CH_PROTOCOL_CODE_BAD_REQUEST,
                             _("“schema_version” must be a whole number"));
      return FALSE;
    }

  if (v < CH_PROTOCOL_SCHEMA_MIN || v > CH_PROTOCOL_SCHEMA_MAX)
    {
      g_autofree char *message =
        g_strdup_printf (_("Schema version %" PRId64 " is not supported; this server "
                           "speaks versions %d to %d. Update Chapterhouse."),
                         v, CH_PROTOCOL_SCHEMA_MIN, CH_PROTOCOL_SCHEMA_MAX);

      ch_server_reply_unsupported_schema (reply, message);
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
reply_cursor_expired (ChServerReply *reply,
                      const char    *message)
{
  gsize len;
  char *body = ch_protocol_build_error_extra (CH_PROTOCOL_CODE_CURSOR_EXPIRED, message, &len,
                                              NULL, NULL);

  ch_server_reply_take (reply, SOUP_STATUS_GONE, body, len);
}

/* After the read snapshot of a pull: a cursor ahead of the chapter's
 * counter means the database went back in time without "restore" (the
 * server never hands out a version above its counter), so every device
 * must resync: a new epoch. */
static gboolean
rotate_for_cursor_ahead (ChServer          *self,
                         SoupServerMessage *msg,
                         ChServerReply     *reply,
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
      ch_server_reply_internal (reply, error);
      return FALSE;
    }

  reply_cursor_expired (reply, _("The server’s data went back in time (it was restored from a "
                               "backup); sync again from the start"));
  return TRUE;
}

static void
handle_changes (ChServer          *self,
                SoupServerMessage *msg,
                ChServerReply     *reply,
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
  const char *count = query ? g_hash_table_lookup (query, "count") : NULL;
  const char *held_mid_str = query ? g_hash_table_lookup (query, "held_mid") : NULL;
  const char *held_device = NULL;
  gint64 held_mid = -1;
  gboolean with_tombstones;
  ChangesState state = { 0 };
  gint64 since = 0;
  gint64 limit = CH_PROTOCOL_DEFAULT_PAGE;
  gsize len;
  char *body;

  if (!(token = authenticate (self, msg, reply)) ||
      !(chapter = authorize (self, msg, reply, token, chapter_id)))
    return;

  if (!check_query_schema (reply, query))
    return;

  if (since_str != NULL && !parse_count (since_str, G_MAXINT64 / 2, &since))
    {
      ch_server_reply_error (reply, SOUP_STATUS_BAD_REQUEST, CH_PROTOCOL_CODE_BAD_REQUEST,
                             _("“since” must be a whole number, 0 or more"));
      return;
    }

  /* A larger page than the maximum is clamped, however many digits
   * (docs/sync-protocol.md); "since" is never. */
  if (limit_str != NULL && is_digits (limit_str) && !parse_count (limit_str, G_MAXINT64, &limit))
    limit = CH_PROTOCOL_MAX_PAGE;
  else if (limit_str != NULL && (!parse_count (limit_str, G_MAXINT64, &limit) || limit < 1))
    {
      ch_server_reply_error (reply, SOUP_STATUS_BAD_REQUEST, CH_PROTOCOL_CODE_BAD_REQUEST,
                             _("“limit” must be a whole number, 1 or more"));
      return;
    }
  limit = MIN (limit, CH_PROTOCOL_MAX_PAGE);   /* larger pages are clamped */

  if (device_id != NULL && !pull_device_id_is_valid (device_id))
    {
      ch_server_reply_error (reply, SOUP_STATUS_BAD_REQUEST, CH_PROTOCOL_CODE_BAD_REQUEST,
                             _("“device_id” must be 1 to 64 characters "
                               "without control characters"));
      return;
    }

  if (tombstones != NULL && strcmp (tombstones, "true") != 0 && strcmp (tombstones, "false") != 0)
    {
      ch_server_reply_error (reply, SOUP_STATUS_BAD_REQUEST, CH_PROTOCOL_CODE_BAD_REQUEST,
                             _("“tombstones” must be true or false"));
      return;
    }

  if (count != NULL && strcmp (count, "true") != 0 && strcmp (count, "false") != 0)
    {
      ch_server_reply_error (reply, SOUP_STATUS_BAD_REQUEST, CH_PROTOCOL_CODE_BAD_REQUEST,
                             _("“count” must be true or false"));
      return;
    }

  if (since > 0 && since < chapter->floor)
    {
      reply_cursor_expired (reply, _("The server no longer has the changes since this cursor; "
                                   "sync again from the start"));
      return;
    }

  /* Only a device in this epoch can be ahead of the counter. */
  if (since > chapter->version &&
      (device_epoch == NULL ||
       g_strcmp0 (device_epoch, ch_server_store_get_epoch (self->store)) == 0))
    {
      rotate_for_cursor_ahead (self, msg, reply, chapter_id, since, chapter->version);
      return;
    }

  state.limit = (guint) limit;
  state.last_version = since;
  state.writer = ch_changes_writer_new (ch_server_store_get_epoch (self->store), 4096);
  with_tombstones = since > 0 || g_strcmp0 (tombstones, "true") == 0;

  /* ?held_mid=M: the device has stored the answers to its mutations up
   * to mid M, so rows whose latest write is its own exact one of such a
   * mutation are left out (docs/sync-protocol.md, "Not pulling back one's
   * own changes").  Never in a first download or a resync, nor for a
   * device of another epoch; a malformed value counts as not given. */
  if (device_id != NULL && held_mid_str != NULL && since > 0 &&
      g_strcmp0 (tombstones, "true") != 0 &&
      (device_epoch == NULL ||
       g_strcmp0 (device_epoch, ch_server_store_get_epoch (self->store)) == 0) &&
      parse_count (held_mid_str, G_MAXINT64 / 2, &held_mid))
    held_device = device_id;

  /* count=true: how many rows the pull will bring in all, for a device
   * that shows its progress (asked with the first page). */
  if (g_strcmp0 (count, "true") == 0)
    {
      gint64 total = 0;

      if (!ch_server_store_count_changes (self->store, chapter_id, since, with_tombstones,
                                          held_device, held_mid, &total, &error))
        {
          ch_changes_writer_free (state.writer);
          ch_server_reply_internal (reply, error);
          return;
        }
      ch_changes_writer_set_total (state.writer, total);
    }


  /* One more than asked tells whether there is more. */
  if (!ch_server_store_read_changes (self->store, chapter_id, since, state.limit + 1,
                                     with_tombstones, held_device, held_mid,
                                     on_change_row_cb, &state, &error))
    {
      ch_changes_writer_free (state.writer);
      ch_server_reply_internal (reply, error);
      return;
    }

  body = ch_changes_writer_finish (state.writer, state.last_version, state.has_more, &len);
  ch_server_reply_take (reply, SOUP_STATUS_OK, body, len);
  ch_server_reply_compress (reply, msg);

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
                       ChServerReply     *reply,
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
  ch_server_reply_take (reply, SOUP_STATUS_GONE, body, len);
  return FALSE;
}

static void
handle_mutations (ChServer          *self,
                  SoupServerMessage *msg,
                  ChServerReply     *reply,
                  const char        *chapter_id,
                  GHashTable        *query)
{
  const char *after_str = query ? g_hash_table_lookup (query, "after_mid") : NULL;
  gint64 after_mid = -1;
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

  /* Every answer says that a push may name the batch it follows. */
  soup_message_headers_replace (ch_server_reply_get_headers (reply),
                                CH_PROTOCOL_CAPABILITIES_HEADER,
                                CH_PROTOCOL_CAPABILITY_AFTER_MID);

  if (!(token = authenticate (self, msg, reply)) ||
      !(chapter = authorize (self, msg, reply, token, chapter_id)))
    return;

  /* ?after_mid=M: apply only right after the device's mid M. */
  if (after_str != NULL && !parse_count (after_str, G_MAXINT64, &after_mid))
    {
      ch_server_reply_error (reply, SOUP_STATUS_BAD_REQUEST, CH_PROTOCOL_CODE_BAD_REQUEST,
                             _("“after_mid” must be an integer of 0 or more"));
      return;
    }

  request_body = soup_server_message_get_request_body (msg);
  if (g_object_get_qdata (G_OBJECT (msg), ch_server_too_large_quark ()) != NULL ||
      request_body->length > CH_PROTOCOL_MAX_BODY)
    {
      ch_server_reply_body_too_large (reply);
      return;
    }

  bytes = soup_message_body_flatten (request_body);
  if (!ch_protocol_parse_mutations_request (g_bytes_get_data (bytes, NULL),
                                            g_bytes_get_size (bytes),
                                            &device_id, &schema_version, &mutations, &error))
    {
      const char *code = ch_protocol_error_to_code (error);

      if (g_error_matches (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_UNSUPPORTED_SCHEMA))
        ch_server_reply_unsupported_schema (reply, error->message);
      else if (g_error_matches (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_TOO_LARGE) ||
               g_error_matches (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_TOO_MANY_MUTATIONS))
        ch_server_reply_error (reply, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, code, error->message);
      else
        ch_server_reply_error (reply, SOUP_STATUS_BAD_REQUEST, code, error->message);
      return;
    }

  if (!ch_server_apply_batch_after (self->store, chapter_id, device_id, token->id, token->name,
                                    after_mid, mutations, &results, &error_mid, &error))
    {
      if (error->domain == CH_SERVER_APPLY_ERROR)
        ch_server_reply_batch_refused (reply, error, error_mid);
      else if (g_error_matches (error, CH_SERVER_STORE_ERROR,
                                CH_SERVER_STORE_ERROR_TOO_MANY_DEVICES))
        ch_server_reply_error (reply, SOUP_STATUS_FORBIDDEN, CH_PROTOCOL_CODE_TOO_MANY_DEVICES,
                               error->message);
      else
        ch_server_reply_internal (reply, error);
      return;
    }

  ch_server_metrics_record_results (self->metrics, results);
  body = ch_protocol_build_mutations_response (ch_server_store_get_epoch (self->store),
                                               results, &len);
  ch_server_reply_take (reply, SOUP_STATUS_OK, body, len);
}

/* Prometheus text format, for an admin token only: a reverse proxy on the
 * same machine makes every request come from loopback, so the address
 * proves nothing (docs/operations.md, "Monitoring"). */
static void
handle_metrics (ChServer          *self,
                SoupServerMessage *msg,
                ChServerReply     *reply)
{
  g_autoptr(ChServerToken) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autofree char *wal = NULL;
  const char *path = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 devices = 0, active = 0, backup = 0;
  GString *out;

  if (!(token = authenticate (self, msg, reply)))
    return;
  if (!token->admin)
    {
      ch_server_reply_error (reply, SOUP_STATUS_FORBIDDEN, CH_PROTOCOL_CODE_FORBIDDEN,
                             _("Only an admin token may read the metrics"));
      return;
    }

  if (CH_IS_SERVER_STORE_SQLITE (self->store))
    {
      path = ch_server_store_sqlite_get_path (self->store);
      wal = g_strconcat (path, "-wal", NULL);
      backup = ch_server_backup_read_stamp (path);
      if (!ch_server_store_sqlite_admin_count_devices (self->store, now - 24 * 3600, &devices,
                                                       &active, &error))
        {
          ch_server_reply_internal (reply, error);
          return;
        }
    }
  if (!(chapters = ch_server_store_list_chapters (self->store, &error)))
    {
      ch_server_reply_internal (reply, error);
      return;
    }

  out = g_string_new (NULL);
  ch_server_metrics_append (self->metrics, out);
  ch_server_metrics_append_gauge (out, "chapterhouse_database_bytes",
                                  "Size of the database file.", file_size (path));
  ch_server_metrics_append_gauge (out, "chapterhouse_database_wal_bytes",
                                  "Size of the database's write-ahead log.", file_size (wal));
  ch_server_metrics_append_gauge (out, "chapterhouse_chapters", "Chapters on the server.",
                                  chapters->len);
  ch_server_metrics_append_gauge (out, "chapterhouse_devices",
                                  "Devices the server knows (pushed or pulled once).", devices);
  ch_server_metrics_append_gauge (out, "chapterhouse_devices_active",
                                  "Devices that pulled in the last 24 hours.", active);
  ch_server_metrics_append_gauge (out, "chapterhouse_last_backup_timestamp_seconds",
                                  "When the last backup succeeded (Unix time; 0: never).",
                                  backup);
  ch_server_metrics_append_gauge (out, "chapterhouse_last_backup_age_seconds",
                                  "Seconds since the last backup (-1: never).",
                                  backup > 0 ? now - backup : -1);
  ch_server_metrics_append_gauge (out, "chapterhouse_requests_queued",
                                  "Requests waiting for or using the database thread.",
                                  ch_server_worker_get_pending (self->worker));

  ch_server_reply_text (reply, "text/plain; version=0.0.4; charset=utf-8", out);
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

void
ch_server_routes_handle (ChServer          *self,
                         SoupServerMessage *msg,
                         ChServerReply     *reply,
                         const char        *path,
                         GHashTable        *query)
{
  g_autofree char *chapter_id = NULL;
  Route route = parse_route (path, &chapter_id);
  const char *allowed = NULL;
  const char *raw_query = g_uri_get_query (soup_server_message_get_uri (msg));

  /* libsoup cuts a value at an escaped NUL ("since=1%00" reads as "1"). */
  if (raw_query != NULL && strstr (raw_query, "%00") != NULL)
    {
      ch_server_reply_error (reply, SOUP_STATUS_BAD_REQUEST, CH_PROTOCOL_CODE_BAD_REQUEST,
                             _("The query has a NUL byte in it"));
      return;
    }

  switch (route)
    {
    case ROUTE_HEALTH:
    case ROUTE_ME:
    case ROUTE_CHANGES:
    case ROUTE_METRICS:
      if (!method_is (msg, SOUP_METHOD_GET))
        allowed = "GET, HEAD";
      break;
    case ROUTE_MUTATIONS:
      if (!method_is (msg, SOUP_METHOD_POST))
        allowed = "POST";
      break;
    case ROUTE_NONE:
    default:
      ch_server_reply_error (reply, SOUP_STATUS_NOT_FOUND, CH_PROTOCOL_CODE_NOT_FOUND,
                             _("There is nothing at this address; the API lives under /v1"));
      return;
    }

  if (allowed != NULL)
    {
      soup_message_headers_replace (ch_server_reply_get_headers (reply),
                                    "Allow", allowed);
      ch_server_reply_error (reply, SOUP_STATUS_METHOD_NOT_ALLOWED,
                             CH_PROTOCOL_CODE_METHOD_NOT_ALLOWED,
                             _("This method is not allowed here"));
      return;
    }

  /* The reads of one request see one snapshot (and take one lock). */
  if (route == ROUTE_ME || route == ROUTE_CHANGES || route == ROUTE_METRICS)
    {
      g_autoptr(GError) error = NULL;

      if (!ch_server_store_begin_read (self->store, &error))
        {
          ch_server_reply_internal (reply, error);
          return;
        }
    }

  switch (route)
    {
    case ROUTE_HEALTH:
      handle_health (self, msg, reply);
      break;
    case ROUTE_ME:
      handle_me (self, msg, reply);
      ch_server_store_end_read (self->store);
      break;
    case ROUTE_CHANGES:
      handle_changes (self, msg, reply, chapter_id, query);
      ch_server_store_end_read (self->store);
      break;
    case ROUTE_METRICS:
      handle_metrics (self, msg, reply);
      ch_server_store_end_read (self->store);
      break;
    case ROUTE_MUTATIONS:
      if (push_epoch_is_current (self, msg, reply, query))
        handle_mutations (self, msg, reply, chapter_id, query);
      break;
    case ROUTE_NONE:
    default:
      g_assert_not_reached ();
    }
}
