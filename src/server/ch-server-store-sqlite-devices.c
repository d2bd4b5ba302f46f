/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-server-store"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#include "ch-json.h"
#include "ch-server-store-sqlite-private.h"

/* Tokens, what each device sent last (its mids and the stored results),
 * which token a device id belongs to, and who changed a field group. */

static ChServerToken *
token_from_row (sqlite3_stmt *s)
{
  ChServerToken *t = g_new0 (ChServerToken, 1);

  t->id = sqlite3_column_int64 (s, 0);
  t->name = ch_server_sql_column_dup (s, 1);
  t->chapter_id = ch_server_sql_column_dup (s, 2);
  t->admin = sqlite3_column_int (s, 3) != 0;
  t->created_at = ch_server_sql_column_dup (s, 4);
  t->revoked_at = ch_server_sql_column_dup (s, 5);

  return t;
}

static gint64
sqlite_add_token (ChServerStore  *store,
                  const char     *name,
                  const char     *hash,
                  const char     *chapter_id,
                  gboolean        admin,
                  GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  g_autofree char *now = ch_server_sql_now_iso ();
  sqlite3_stmt *s;

  if (!(s = ch_server_sql_stmt (self, STMT_ADD_TOKEN, error)))
    return 0;

  ch_server_sql_bind_text (s, 1, name);
  ch_server_sql_bind_text (s, 2, hash);
  ch_server_sql_bind_text (s, 3, chapter_id);
  sqlite3_bind_int (s, 4, admin ? 1 : 0);
  ch_server_sql_bind_text (s, 5, now);
  if (!ch_server_sql_step_done (self, s, error))
    return 0;

  return sqlite3_last_insert_rowid (self->db);
}

static ChServerToken *
sqlite_lookup_token (ChServerStore  *store,
                     const char     *hash,
                     GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  g_autoptr(GError) local_error = NULL;
  ChServerToken *token;
  sqlite3_stmt *s;

  if (!(s = ch_server_sql_stmt (self, STMT_LOOKUP_TOKEN, error)))
    return NULL;

  ch_server_sql_bind_text (s, 1, hash);
  token = ch_server_sql_step_one_row (self, s, (ChServerSqlRowFunc) token_from_row, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (token == NULL)
    g_set_error_literal (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_NOT_FOUND,
                         _("Unknown token"));

  return token;
}

static GPtrArray *
sqlite_list_tokens (ChServerStore  *store,
                    GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  if (!(s = ch_server_sql_stmt (self, STMT_LIST_TOKENS, error)))
    return NULL;

  return ch_server_sql_step_all_rows (self, s, (ChServerSqlRowFunc) token_from_row,
                                      (GDestroyNotify) ch_server_token_free, error);
}

static gboolean
sqlite_revoke_token (ChServerStore  *store,
                     gint64          id,
                     GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  g_autofree char *now = ch_server_sql_now_iso ();
  sqlite3_stmt *s;

  if (!(s = ch_server_sql_stmt (self, STMT_REVOKE_TOKEN, error)))
    return FALSE;

  sqlite3_bind_int64 (s, 1, id);
  ch_server_sql_bind_text (s, 2, now);
  if (!ch_server_sql_step_done (self, s, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_NOT_FOUND,
                   _("There is no token with id %" PRId64), id);
      return FALSE;
    }

  return TRUE;
}

/* Reads the one integer @stmt selects for (@chapter_id, @device_id) into
 * @value; 0 when the device has no row. */
static gboolean
get_device_int64 (ChServerStoreSqlite  *self,
                  ChServerSqlStmt       stmt,
                  const char           *chapter_id,
                  const char           *device_id,
                  gint64               *value,
                  GError              **error)
{
  sqlite3_stmt *s;
  int rc;

  *value = 0;
  if (!(s = ch_server_sql_stmt (self, stmt, error)))
    return FALSE;

  ch_server_sql_bind_text (s, 1, chapter_id);
  ch_server_sql_bind_text (s, 2, device_id);
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int64 (s, 0);

  return ch_server_sql_step_finish (self, s, rc, error);
}

static gboolean
sqlite_get_last_mid (ChServerStore  *store,
                     const char     *chapter_id,
                     const char     *device_id,
                     gint64         *last_mid,
                     GError        **error)
{
  return get_device_int64 (CH_SERVER_STORE_SQLITE (store), STMT_GET_LAST_MID, chapter_id, device_id,
                           last_mid, error);
}

static gboolean
sqlite_set_last_mid (ChServerStore  *store,
                     const char     *chapter_id,
                     const char     *device_id,
                     gint64          last_mid,
                     GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  if (!(s = ch_server_sql_stmt (self, STMT_SET_LAST_MID, error)))
    return FALSE;

  ch_server_sql_bind_text (s, 1, chapter_id);
  ch_server_sql_bind_text (s, 2, device_id);
  sqlite3_bind_int64 (s, 3, last_mid);

  return ch_server_sql_step_done (self, s, error);
}

static gboolean
sqlite_get_result (ChServerStore      *store,
                   const char         *chapter_id,
                   const char         *device_id,
                   gint64              mid,
                   ChMutationResult  **result,
                   GError            **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;
  int rc;

  *result = NULL;
  if (!(s = ch_server_sql_stmt (self, STMT_GET_RESULT, error)))
    return FALSE;

  ch_server_sql_bind_text (s, 1, chapter_id);
  ch_server_sql_bind_text (s, 2, device_id);
  sqlite3_bind_int64 (s, 3, mid);
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    {
      ChResultStatus status = CH_RESULT_REJECTED;

      const char *fields = (const char *) sqlite3_column_text (s, 4);

      ch_result_status_from_string ((const char *) sqlite3_column_text (s, 0), &status);
      *result = ch_mutation_result_new (mid, status,
                                        sqlite3_column_int64 (s, 1),
                                        (const char *) sqlite3_column_text (s, 2));
      (*result)->reason = ch_server_sql_column_dup (s, 3);
      if (sqlite3_column_type (s, 5) == SQLITE_INTEGER)
        (*result)->previous_version = sqlite3_column_int64 (s, 5);
      if (fields != NULL)
        (*result)->fields = ch_json_parse_object (fields, strlen (fields), NULL);
    }

  return ch_server_sql_step_finish (self, s, rc, error);
}

static gboolean
sqlite_put_result (ChServerStore           *store,
                   const char              *chapter_id,
                   const char              *device_id,
                   const ChMutationResult  *result,
                   const char              *fingerprint,
                   GError                 **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  if (!(s = ch_server_sql_stmt (self, STMT_PUT_RESULT, error)))
    return FALSE;

  ch_server_sql_bind_text (s, 1, chapter_id);
  ch_server_sql_bind_text (s, 2, device_id);
  sqlite3_bind_int64 (s, 3, result->mid);
  ch_server_sql_bind_text (s, 4, ch_result_status_to_string (result->status));
  sqlite3_bind_int64 (s, 5, result->version);
  ch_server_sql_bind_text (s, 6, result->message);
  ch_server_sql_bind_text (s, 7, result->reason);
  if (result->fields != NULL)
    {
      g_autofree char *fields = ch_json_object_to_string (result->fields, NULL);

      sqlite3_bind_text (s, 8, fields, -1, SQLITE_TRANSIENT);
    }
  else
    sqlite3_bind_null (s, 8);
  ch_server_sql_bind_text (s, 9, fingerprint);
  if (result->previous_version >= 0)
    sqlite3_bind_int64 (s, 10, result->previous_version);
  else
    sqlite3_bind_null (s, 10);

  return ch_server_sql_step_done (self, s, error);
}

static gboolean
sqlite_clear_held (ChServerStore  *store,
                   const char     *chapter_id,
                   const char     *entity,
                   const char     *id,
                   GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  if (!(s = ch_server_sql_stmt (self, STMT_CLEAR_HELD, error)))
    return FALSE;

  ch_server_sql_bind_text (s, 1, chapter_id);
  ch_server_sql_bind_text (s, 2, entity);
  ch_server_sql_bind_text (s, 3, id);

  return ch_server_sql_step_done (self, s, error);
}

static gboolean
sqlite_get_device_owner (ChServerStore  *store,
                         const char     *chapter_id,
                         const char     *device_id,
                         gint64         *token_id,
                         GError        **error)
{
  return get_device_int64 (CH_SERVER_STORE_SQLITE (store), STMT_GET_DEVICE_OWNER, chapter_id,
                           device_id, token_id, error);
}

static gboolean
sqlite_set_device_owner (ChServerStore  *store,
                         const char     *chapter_id,
                         const char     *device_id,
                         gint64          token_id,
                         GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;
  gint64 n = 0;
  int rc;

  /* Any number of device ids would mean any number of rows. */
  if (!(s = ch_server_sql_stmt (self, STMT_COUNT_TOKEN_DEVICES, error)))
    return FALSE;
  sqlite3_bind_int64 (s, 1, token_id);
  if ((rc = sqlite3_step (s)) == SQLITE_ROW)
    n = sqlite3_column_int64 (s, 0);
  if (!ch_server_sql_step_finish (self, s, rc, error))
    return FALSE;
  if (n >= CH_SERVER_STORE_MAX_DEVICES)
    {
      g_set_error (error, CH_SERVER_STORE_ERROR, CH_SERVER_STORE_ERROR_TOO_MANY_DEVICES,
                   _("This token has already been used on %d devices. Ask the server's "
                     "operator for a new token."), CH_SERVER_STORE_MAX_DEVICES);
      return FALSE;
    }

  if (!(s = ch_server_sql_stmt (self, STMT_SET_DEVICE_OWNER, error)))
    return FALSE;

  ch_server_sql_bind_text (s, 1, chapter_id);
  ch_server_sql_bind_text (s, 2, device_id);
  sqlite3_bind_int64 (s, 3, token_id);

  return ch_server_sql_step_done (self, s, error);
}

static gboolean
sqlite_get_fingerprint (ChServerStore  *store,
                        const char     *chapter_id,
                        const char     *device_id,
                        gint64          mid,
                        char          **fingerprint,
                        GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;
  int rc;

  *fingerprint = NULL;
  if (!(s = ch_server_sql_stmt (self, STMT_GET_FINGERPRINT, error)))
    return FALSE;

  ch_server_sql_bind_text (s, 1, chapter_id);
  ch_server_sql_bind_text (s, 2, device_id);
  sqlite3_bind_int64 (s, 3, mid);
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    *fingerprint = ch_server_sql_column_dup (s, 0);

  return ch_server_sql_step_finish (self, s, rc, error);
}

static gboolean
sqlite_get_author (ChServerStore  *store,
                   const char     *chapter_id,
                   const char     *entity,
                   const char     *id,
                   const char     *field_group,
                   char          **author,
                   char          **device_id,
                   GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;
  int rc;

  *author = NULL;
  *device_id = NULL;
  if (!(s = ch_server_sql_stmt (self, STMT_GET_AUTHOR, error)))
    return FALSE;

  ch_server_sql_bind_text (s, 1, chapter_id);
  ch_server_sql_bind_text (s, 2, entity);
  ch_server_sql_bind_text (s, 3, id);
  ch_server_sql_bind_text (s, 4, field_group);
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    {
      *author = ch_server_sql_column_dup (s, 0);
      *device_id = ch_server_sql_column_dup (s, 1);
    }

  return ch_server_sql_step_finish (self, s, rc, error);
}

static gboolean
sqlite_put_author (ChServerStore  *store,
                   const char     *chapter_id,
                   const char     *entity,
                   const char     *id,
                   const char     *field_group,
                   const char     *author,
                   const char     *device_id,
                   GError        **error)
{
  ChServerStoreSqlite *self = CH_SERVER_STORE_SQLITE (store);
  sqlite3_stmt *s;

  if (!(s = ch_server_sql_stmt (self, STMT_PUT_AUTHOR, error)))
    return FALSE;

  ch_server_sql_bind_text (s, 1, chapter_id);
  ch_server_sql_bind_text (s, 2, entity);
  ch_server_sql_bind_text (s, 3, id);
  ch_server_sql_bind_text (s, 4, field_group);
  ch_server_sql_bind_text (s, 5, author);
  ch_server_sql_bind_text (s, 6, device_id);

  return ch_server_sql_step_done (self, s, error);
}

void
ch_server_store_sqlite_devices_iface_init (ChServerStoreInterface *iface)
{
  iface->add_token = sqlite_add_token;
  iface->lookup_token = sqlite_lookup_token;
  iface->list_tokens = sqlite_list_tokens;
  iface->revoke_token = sqlite_revoke_token;
  iface->get_last_mid = sqlite_get_last_mid;
  iface->set_last_mid = sqlite_set_last_mid;
  iface->get_result = sqlite_get_result;
  iface->put_result = sqlite_put_result;
  iface->clear_held = sqlite_clear_held;
  iface->get_device_owner = sqlite_get_device_owner;
  iface->set_device_owner = sqlite_set_device_owner;
  iface->get_fingerprint = sqlite_get_fingerprint;
  iface->get_author = sqlite_get_author;
  iface->put_author = sqlite_put_author;
}
