/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-rules"

#include "config.h"

#include <string.h>

#include "ch-membership.h"
#include "ch-store-private.h"
#include "ch-merge.h"
#include "ch-payments.h"
#include "ch-roles.h"
#include "ch-sync-test.h"

/*
 * The data's rules, kept by the real server on every write (issue 9):
 * merges race with payments and with each other, a payment recorded while
 * the device pulls, the same e-mail reached through an update or an
 * undelete, a member deleted on another device, two join periods.  Every
 * test ends with the devices and the server holding the same rows.
 */

static void
set_member (SyncClient *client,
            const char *id,
            const char *json)
{
  g_autoptr(JsonObject) fields = sync_test_json (json);
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_store_update_member (client->store, id, fields, &error));
  g_assert_no_error (error);
}

static char *
pay (SyncClient *client,
     const char *member_id,
     const char *json)
{
  g_autoptr(JsonObject) fields = sync_test_json (json);
  g_autoptr(GError) error = NULL;
  char *id = NULL;

  g_assert_true (ch_payments_record (client->store, member_id, fields, &id, &error));
  g_assert_no_error (error);
  return id;
}

static gint64
count_where (SyncClient *client,
             const char *sql,
             const char *arg)
{
  sqlite3_stmt *st = NULL;
  sqlite3 *db = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (client->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &st, NULL), ==, SQLITE_OK);
  if (arg != NULL)
    sqlite3_bind_text (st, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (st) == SQLITE_ROW)
    n = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  sqlite3_close (db);

  return n;
}

static char *
text_where (SyncClient *client,
            const char *sql,
            const char *arg)
{
  sqlite3_stmt *st = NULL;
  sqlite3 *db = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (client->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &st, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (st, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (st) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (st, 0));
  sqlite3_finalize (st);
  sqlite3_close (db);

  return text;
}

#define PAYMENTS_OF "SELECT count(*) FROM payment WHERE deleted = 0 AND member_id = ?"
#define ROLES_OF "SELECT count(*) FROM role WHERE deleted = 0 AND member_id = ?"

/* Live rows of @entity on the server whose @field is @value. */
static guint
server_count (SyncFixture *f,
              const char  *entity,
              const char  *field,
              const char  *value)
{
  g_autoptr(GHashTable) rows = sync_server_rows (f->server, f->chapter_a, f->token_a, entity);
  GHashTableIter iter;
  JsonObject *row;
  guint n = 0;

  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &row))
    if (!json_object_get_boolean_member (row, "deleted") &&
        g_strcmp0 (json_object_get_string_member_with_default (row, field, NULL), value) == 0)
      n++;

  return n;
}

static gboolean
server_deleted (SyncFixture *f,
                const char  *entity,
                const char  *id)
{
  g_autoptr(GHashTable) rows = sync_server_rows (f->server, f->chapter_a, f->token_a, entity);
  JsonObject *row = g_hash_table_lookup (rows, id);

  g_assert_nonnull (row);
  return json_object_get_boolean_member (row, "deleted");
}

static void
assert_no_rejections (SyncClient *client)
{
  g_autofree char *mids = sync_client_outbox_mids (client);

  g_assert_cmpstr (mids, ==, "");
  g_assert_cmpuint (ch_store_count_rejections (client->store, client->chapter_id), ==, 0);
}

/* One mutation sent by hand; returns its result object. */
static JsonObject *
post_one (SyncFixture *f,
          const char  *device,
          const char  *mutation_json)
{
  g_autofree char *body = g_strdup_printf ("{\"device_id\":\"%s\",\"schema_version\":1,"
                                           "\"mutations\":[%s]}", device, mutation_json);
  g_autofree char *path = g_strdup_printf ("/v1/chapters/%s/mutations", f->chapter_a);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *results;
  guint status = 0;

  reply = sync_server_request (f->server, "POST", path, f->token_a, body, &status);
  g_assert_cmpuint (status, ==, 200);
  root = sync_test_parse_json (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
  results = json_object_get_array_member (json_node_get_object (root), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);

  return json_object_ref (json_array_get_object_element (results, 0));
}

/* Two members both devices know: Jonas Weber twice, the second with a
 * payment and a role. */
static void
two_members (SyncFixture *f,
             SyncClient  *anna,
             SyncClient  *bo,
             char       **a,
             char       **b)
{
  g_autoptr(GError) error = NULL;

  sync_client_sync_ok (anna, NULL);
  *a = sync_client_add_member (anna, "Jonas", "Weber", "jonas.weber@contoso.se");
  *b = sync_client_add_member (anna, "Jonas", "Weber", "jweber@gmail.com");
  set_member (anna, *a, "{'tier': 'chapter', 'joined_on': '2023-01-10', "
                       "'dues_paid_until': '2024-01-09'}");
  set_member (anna, *b, "{'tier': 'chapter', 'joined_on': '2023-01-10', "
                       "'dues_paid_until': '2024-01-09'}");
  g_free (pay (anna, *a, "{'amount': 15000, 'paid_on': '2024-01-05', 'covers_from': '2024-01-10', "
                         "'covers_until': '2025-01-09'}"));
  g_assert_true (ch_roles_add (anna->store, *b, CH_ROLE_TREASURER, "2024-01-01",
                                         NULL, NULL, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
}

/* ----------------------------------------------------------------------- */
/* 5. Merges race                                                            */

/* Anna merges B into A while Bo, offline, records a payment for B.  In
 * either order the payment ends on A, on both devices and the server. */
static void
test_merge_late_payment (SyncFixture   *f,
                         gconstpointer  data)
{
  gboolean bo_first = GPOINTER_TO_INT (data);
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *payment = NULL;
  g_autofree char *registration = NULL;
  g_autoptr(GHashTable) members = NULL;
  ChSyncReport report = { 0 };

  two_members (f, anna, bo, &a, &b);

  payment = pay (bo, b, "{'amount': 15000, 'paid_on': '2025-01-03', 'covers_from': '2025-01-10', "
                        "'covers_until': '2026-01-09'}");
  {
    g_autoptr(JsonObject) set = json_object_new ();
    g_autofree char *event_id = g_uuid_string_random ();

    json_object_set_string_member (set, "event_id", event_id);
    json_object_set_string_member (set, "member_id", b);
    json_object_set_string_member (set, "state", "registered");
    g_assert_true (ch_store_insert (bo->store, "registration", f->chapter_a, NULL, set,
                                    &registration, &error));
    g_assert_no_error (error);
  }
  if (bo_first)
    sync_client_sync_ok (bo, NULL);

  g_assert_true (ch_merge_members (anna->store, a, b, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (anna, &report);
  g_assert_cmpuint (report.rejected, ==, 0);
  sync_client_sync_ok (bo, &report);
  g_assert_cmpuint (report.rejected, ==, 0);
  sync_client_sync_ok (anna, NULL);

  /* The server: B's tombstone names A, and nothing live names B. */
  g_assert_cmpuint (server_count (f, "payment", "member_id", b), ==, 0);
  g_assert_cmpuint (server_count (f, "role", "member_id", b), ==, 0);
  g_assert_cmpuint (server_count (f, "payment", "member_id", a), ==, 2);
  g_assert_cmpuint (server_count (f, "role", "member_id", a), ==, 1);
  g_assert_cmpuint (server_count (f, "registration", "member_id", b), ==, 0);
  g_assert_cmpuint (server_count (f, "registration", "member_id", a), ==, 1);
  members = sync_server_rows (f->server, f->chapter_a, f->token_a, "member");
  g_assert_true (json_object_get_boolean_member (g_hash_table_lookup (members, b), "deleted"));
  g_assert_cmpstr (json_object_get_string_member_with_default (g_hash_table_lookup (members, b),
                                                               "merged_into", NULL), ==, a);

  for (guint i = 0; i < 2; i++)
    {
      SyncClient *c = i == 0 ? anna : bo;
      g_autofree char *owner = sync_client_get_text (c, "payment", payment, "member_id");
      g_autofree char *seat = sync_client_get_text (c, "registration", registration, "member_id");
      g_autofree char *until = sync_client_get_text (c, "member", a, "dues_paid_until");
      g_autoptr(GPtrArray) payments = ch_payments_list (c->store, f->chapter_a, a, NULL);

      g_assert_cmpstr (owner, ==, a);
      g_assert_cmpstr (seat, ==, a);
      g_assert_cmpuint (payments->len, ==, 2);
      g_assert_true (sync_client_is_deleted (c, "member", b));
      g_assert_false (sync_client_is_deleted (c, "member", a));
      g_assert_cmpint (count_where (c, PAYMENTS_OF, b),
                       ==, 0);
      g_assert_cmpint (count_where (c, ROLES_OF, a),
                       ==, 1);
      g_assert_cmpstr (until, ==, "2026-01-09");
      assert_no_rejections (c);
    }
}

/* Anna merges B into A, Bo merges A into B, both offline.  Whoever syncs
 * first decides the survivor; nobody loses both members. */
static void
test_merge_opposite (SyncFixture   *f,
                     gconstpointer  data)
{
  gboolean bo_first = GPOINTER_TO_INT (data);
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  SyncClient *first, *second;
  const char *survivor, *gone;
  ChSyncReport report = { 0 };

  two_members (f, anna, bo, &a, &b);
  g_free (pay (anna, b, "{'amount': 15000, 'paid_on': '2024-02-01', 'covers_from': '2025-01-10', "
                        "'covers_until': '2026-01-09'}"));
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);

  g_assert_true (ch_merge_members (anna->store, a, b, &error));
  g_assert_true (ch_merge_members (bo->store, b, a, &error));
  g_assert_no_error (error);

  first = bo_first ? bo : anna;
  second = bo_first ? anna : bo;
  survivor = bo_first ? b : a;
  gone = bo_first ? a : b;

  sync_client_sync_ok (first, &report);
  g_assert_cmpuint (report.rejected, ==, 0);
  sync_client_sync_ok (second, &report);
  g_assert_cmpuint (report.rejected, ==, 0);
  sync_client_sync_ok (first, NULL);

  g_assert_false (server_deleted (f, "member", survivor));
  g_assert_true (server_deleted (f, "member", gone));
  g_assert_cmpuint (server_count (f, "payment", "member_id", survivor), ==, 2);
  g_assert_cmpuint (server_count (f, "role", "member_id", survivor), ==, 1);
  g_assert_cmpuint (server_count (f, "payment", "member_id", gone), ==, 0);
  g_assert_cmpuint (server_count (f, "role", "member_id", gone), ==, 0);

  for (guint i = 0; i < 2; i++)
    {
      SyncClient *c = i == 0 ? anna : bo;

      g_assert_false (sync_client_is_deleted (c, "member", survivor));
      g_assert_true (sync_client_is_deleted (c, "member", gone));
      g_assert_cmpuint (sync_client_count_rows (c, "member", TRUE), ==, 1);
      g_assert_cmpint (count_where (c, PAYMENTS_OF, survivor), ==, 2);
      g_assert_cmpint (count_where (c, ROLES_OF, survivor), ==, 1);
      /* The merge the server did not take is no conflict either. */
      g_assert_cmpuint (ch_store_count_open_conflicts (c->store, f->chapter_a), ==, 0);
      assert_no_rejections (c);
    }
}

/* Anna deletes a member; Bo, offline, records a payment for them.  The
 * server refuses it with the reason "member_deleted", and Bo's device
 * keeps the refusal to show. */
static void
test_deleted_member (SyncFixture   *f,
                     gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *id = NULL;
  g_autofree char *payment = NULL;
  g_autofree char *mutation = NULL;
  g_autofree char *message = NULL;
  ChSyncReport report = { 0 };

  sync_client_sync_ok (anna, NULL);
  id = sync_client_add_member (anna, "Maja", "Ström", "maja@contoso.se");
  set_member (anna, id, "{'tier': 'chapter', 'joined_on': '2023-01-10'}");
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);

  g_assert_true (ch_store_delete (anna->store, "member", id, &error));
  g_assert_no_error (error);
  payment = pay (bo, id, "{'amount': 15000, 'paid_on': '2025-01-03'}");

  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, &report);
  g_assert_cmpuint (report.rejected, >=, 1);

  /* Nothing on the server names the deleted member. */
  g_assert_cmpuint (server_count (f, "payment", "member_id", id), ==, 0);
  g_assert_true (server_deleted (f, "member", id));

  /* Bo's device no longer shows the payment the server refused: it holds
   * what the server holds (the refusal below keeps what was sent). */
  {
    g_autoptr(JsonObject) row = ch_store_get_row (bo->store, "payment", payment, NULL);

    g_assert_true (row == NULL || json_object_get_boolean_member (row, "deleted"));
    g_assert_cmpuint (ch_store_outbox_count (bo->store, f->chapter_a), ==, 0);
  }

  /* Bo's device keeps the refusal, with the server's reason. */
  g_assert_cmpuint (ch_store_count_rejections (bo->store, f->chapter_a), >=, 1);
  message = text_where (bo, "SELECT message FROM sync_issue "
                            "WHERE entity = 'payment' AND row_id = ?", payment);
  g_assert_cmpstr (message, ==,
                   "The member was deleted on another device, so this change was not saved.");

  /* The answer carries the machine reason. */
  mutation = g_strdup_printf ("{\"mid\":1,\"entity\":\"payment\",\"id\":\"%s\",\"op\":\"insert\","
                              "\"set\":{\"member_id\":\"%s\",\"paid_on\":\"2025-01-04\"}}",
                              "0190f5c2-3b7a-7cc1-9a2e-000000000001", id);
  result = post_one (f, "by-hand", mutation);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, "member_deleted");
}

/* ----------------------------------------------------------------------- */
/* 6. A payment recorded while the same device is pulling                   */

typedef struct
{
  const char *db_path;
  const char *member_id;
  const char *payment;     /* fields, in sync_test_json()'s notation */
  char       *payment_id;  /* the payment recorded */
  gboolean    done;
} PayDuringPull;

static SyncProxyAction
pay_during_pull_rule (const char  *method,
                      char       **path_and_query,
                      guint        n,
                      gpointer     user_data)
{
  PayDuringPull *p = user_data;

  if (!p->done && strcmp (method, "GET") == 0 && strstr (*path_and_query, "/changes") != NULL)
    {
      g_autoptr(ChStore) store = NULL;
      g_autoptr(JsonObject) fields = sync_test_json (p->payment);
      g_autoptr(GError) error = NULL;

      /* The officer records a payment in the window while the sync's
       * request for changes is on its way. */
      p->done = TRUE;
      store = ch_store_open (p->db_path, &error);
      g_assert_no_error (error);
      g_assert_true (ch_payments_record (store, p->member_id, fields, &p->payment_id,
                                                   &error));
      g_assert_no_error (error);
    }

  return SYNC_PROXY_FORWARD;
}

static void
test_payment_during_pull (SyncFixture   *f,
                          gconstpointer  data)
{
  g_autoptr(SyncProxy) proxy = sync_proxy_new (f->server->url);
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", sync_proxy_get_url (proxy));
  g_autofree char *id = NULL;
  g_autofree char *on_server = NULL;
  g_autofree char *on_bo = NULL;
  g_autofree char *on_anna = NULL;
  PayDuringPull p = { 0 };

  sync_client_sync_ok (anna, NULL);
  id = sync_client_add_member (anna, "Erik", "Dahl", "erik@contoso.se");
  set_member (anna, id, "{'tier': 'chapter', 'joined_on': '2022-03-01', "
                        "'dues_paid_until': '2025-02-28'}");
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);

  /* Anna records two years; Bo, during his next pull, one year. */
  g_free (pay (anna, id, "{'amount': 300000, 'paid_on': '2025-02-19', 'covers_from': '2025-03-01', "
                         "'covers_until': '2027-02-28'}"));
  sync_client_sync_ok (anna, NULL);

  p.db_path = bo->path;
  p.member_id = id;
  p.payment = "{'amount': 15000, 'paid_on': '2025-02-20'}";
  sync_proxy_set_rule (proxy, pay_during_pull_rule, &p);
  sync_client_sync_ok (bo, NULL);
  g_assert_true (p.done);
  sync_proxy_set_rule (proxy, NULL, NULL);

  /* Bo's next syncs send his payment; then everybody agrees. */
  sync_client_sync_ok (bo, NULL);
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);

  on_server = sync_server_get_text (f->server, f->chapter_a, f->token_a, "member", id,
                                    "dues_paid_until");
  on_bo = sync_client_get_text (bo, "member", id, "dues_paid_until");
  on_anna = sync_client_get_text (anna, "member", id, "dues_paid_until");
  g_assert_cmpstr (on_server, ==, "2027-02-28");
  g_assert_cmpstr (on_bo, ==, on_server);
  g_assert_cmpstr (on_anna, ==, on_server);
  g_assert_cmpuint (server_count (f, "payment", "member_id", id), ==, 2);
  assert_no_rejections (bo);
  g_free (p.payment_id);
}

/* Bo records a payment for B while his pull brings Anna's merge of B
 * into A: on his device the payment moves to A at once, before it is
 * even sent, and the server puts it there too. */
static void
test_merge_during_pull (SyncFixture   *f,
                        gconstpointer  data)
{
  g_autoptr(SyncProxy) proxy = sync_proxy_new (f->server->url);
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", sync_proxy_get_url (proxy));
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *mids = NULL;
  PayDuringPull p = { 0 };

  two_members (f, anna, bo, &a, &b);
  g_assert_true (ch_merge_members (anna->store, a, b, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (anna, NULL);

  p.db_path = bo->path;
  p.member_id = b;
  p.payment = "{'amount': 15000, 'paid_on': '2025-01-03', 'covers_from': '2025-01-10', "
              "'covers_until': '2026-01-09'}";
  sync_proxy_set_rule (proxy, pay_during_pull_rule, &p);
  sync_client_sync_ok (bo, NULL);
  g_assert_true (p.done);
  sync_proxy_set_rule (proxy, NULL, NULL);

  /* Not sent yet, and already A's. */
  mids = sync_client_outbox_mids (bo);
  g_assert_cmpstr (mids, !=, "");
  owner = sync_client_get_text (bo, "payment", p.payment_id, "member_id");
  g_assert_cmpstr (owner, ==, a);
  g_assert_true (sync_client_is_deleted (bo, "member", b));

  sync_client_sync_ok (bo, NULL);
  sync_client_sync_ok (anna, NULL);
  sync_fixture_assert_everywhere (f, anna, bo, "payment", p.payment_id, "member_id", a);
  sync_fixture_assert_everywhere (f, anna, bo, "member", a, "dues_paid_until", "2026-01-09");
  assert_no_rejections (bo);
  assert_no_rejections (anna);
  g_free (p.payment_id);
}

/* Anna merges B into C in the window while her sync pulls; the pull
 * brings Bo's deletion of C and his payment for B.  The server refuses
 * the merge (C is gone): Anna's device ends with B live and the payment
 * B's, as the server has them, not C's as her refused merge would have it.
 * (Found by the chaos run, seed 2.) */
typedef struct
{
  const char *db_path;
  const char *survivor;
  const char *other;
  gboolean    done;
} MergeDuringPull;

static SyncProxyAction
merge_during_pull_rule (const char  *method,
                        char       **path_and_query,
                        guint        n,
                        gpointer     user_data)
{
  MergeDuringPull *p = user_data;

  if (!p->done && strcmp (method, "GET") == 0 && strstr (*path_and_query, "/changes") != NULL)
    {
      g_autoptr(ChStore) store = NULL;
      g_autoptr(GError) error = NULL;

      p->done = TRUE;
      store = ch_store_open (p->db_path, &error);
      g_assert_no_error (error);
      g_assert_true (ch_merge_members (store, p->survivor, p->other, &error));
      g_assert_no_error (error);
    }

  return SYNC_PROXY_FORWARD;
}

static void
test_merge_refused_during_pull (SyncFixture   *f,
                                gconstpointer  data)
{
  g_autoptr(SyncProxy) proxy = sync_proxy_new (f->server->url);
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", sync_proxy_get_url (proxy));
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *payment = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *on_server = NULL;
  MergeDuringPull p = { 0 };

  two_members (f, anna, bo, &a, &b);
  c = sync_client_add_member (anna, "Jonas", "Webber", "jonas@webber.se");
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);

  g_assert_true (ch_store_delete (bo->store, "member", c, &error));
  g_assert_no_error (error);
  payment = pay (bo, b, "{'amount': 15000, 'paid_on': '2025-01-03'}");
  sync_client_sync_ok (bo, NULL);

  p.db_path = anna->path;
  p.survivor = c;
  p.other = b;
  sync_proxy_set_rule (proxy, merge_during_pull_rule, &p);
  sync_client_sync_ok (anna, NULL);
  g_assert_true (p.done);
  sync_proxy_set_rule (proxy, NULL, NULL);

  /* The merge goes out and is refused; the next syncs settle. */
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);

  g_assert_false (server_deleted (f, "member", b));
  g_assert_true (server_deleted (f, "member", c));
  on_server = sync_server_get_text (f->server, f->chapter_a, f->token_a, "payment", payment,
                                    "member_id");
  g_assert_cmpstr (on_server, ==, b);
  owner = sync_client_get_text (anna, "payment", payment, "member_id");
  g_assert_cmpstr (owner, ==, b);
  g_assert_false (sync_client_is_deleted (anna, "member", b));
  g_assert_cmpint (count_where (anna, ROLES_OF, b), ==, 1);
  g_assert_cmpint (count_where (anna, PAYMENTS_OF, c), ==, 0);
  g_assert_cmpuint (sync_client_count_rows (anna, "member", TRUE), ==,
                    sync_client_count_rows (bo, "member", TRUE));
}

/* ----------------------------------------------------------------------- */
/* 8. The same e-mail through an update or an undelete                      */

static JsonObject *
only_conflict (SyncClient *client)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *row;

  ids = ch_store_list_open_conflicts (client->store, client->chapter_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  row = ch_store_get_row (client->store, "conflict", ids->pdata[0], &error);
  g_assert_no_error (error);

  return row;
}

/* Anna gives Yara the address shared@…; Bo, offline, gives it to Xaver.
 * The server keeps Xaver's old address and both devices see a possible
 * duplicate. */
static void
test_email_update (SyncFixture   *f,
                   gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(JsonObject) conflict = NULL;
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;
  ChSyncReport report = { 0 };

  sync_client_sync_ok (anna, NULL);
  x = sync_client_add_member (anna, "Xaver", "Huber", "xaver@contoso.de");
  y = sync_client_add_member (anna, "Yara", "Huber", "yara@contoso.de");
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);

  sync_client_set_field (anna, y, "email", "office@huber.de");
  sync_client_set_field (bo, x, "email", " Office@Huber.de");
  sync_client_set_field (bo, x, "city", "Graz");

  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, &report);
  g_assert_cmpuint (report.conflicts, ==, 1);
  g_assert_cmpuint (report.rejected, ==, 0);
  sync_client_sync_ok (anna, NULL);

  /* Never two live members with one address; the rest of Bo's change
   * went through. */
  g_assert_cmpuint (server_count (f, "member", "email", "office@huber.de"), ==, 1);
  sync_fixture_assert_everywhere (f, anna, bo, "member", x, "email", "xaver@contoso.de");
  sync_fixture_assert_everywhere (f, anna, bo, "member", y, "email", "office@huber.de");
  sync_fixture_assert_everywhere (f, anna, bo, "member", x, "city", "Graz");

  /* Bo learns why: a possible duplicate, Yara's address against his. */
  conflict = only_conflict (bo);
  g_assert_cmpstr (json_object_get_string_member (conflict, "field_group"), ==, "duplicate");
  g_assert_cmpstr (json_object_get_string_member (conflict, "row_id"), ==, x);
  g_assert_nonnull (strstr (json_object_get_string_member (conflict, "theirs"), y));
  g_assert_nonnull (strstr (json_object_get_string_member (conflict, "mine"), "Office@Huber.de"));
  g_clear_pointer (&conflict, json_object_unref);
  conflict = only_conflict (anna);
  g_assert_cmpstr (json_object_get_string_member (conflict, "field_group"), ==, "duplicate");
  assert_no_rejections (bo);
}

/* A member deleted and restored offline while the address went to a new
 * member: like the same address added twice, a possible duplicate. */
static void
test_email_undelete (SyncFixture   *f,
                     gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) conflict = NULL;
  g_autofree char *x = NULL;
  g_autofree char *x2 = NULL;
  ChSyncReport report = { 0 };

  sync_client_sync_ok (anna, NULL);
  x = sync_client_add_member (anna, "Xaver", "Huber", "xaver@contoso.de");
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
  g_assert_true (ch_store_delete (anna->store, "member", x, &error));
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
  g_assert_true (sync_client_is_deleted (bo, "member", x));

  x2 = sync_client_add_member (anna, "Xaver", "Huber", "xaver@contoso.de");
  sync_client_sync_ok (anna, NULL);
  g_assert_true (ch_store_restore (bo->store, "member", x, &error));
  g_assert_no_error (error);
  sync_client_sync_ok (bo, &report);
  g_assert_cmpuint (report.conflicts, ==, 1);
  g_assert_cmpuint (report.rejected, ==, 0);

  conflict = only_conflict (bo);
  g_assert_cmpstr (json_object_get_string_member (conflict, "field_group"), ==, "duplicate");
  g_assert_cmpstr (json_object_get_string_member (conflict, "row_id"), ==, x);
  g_assert_nonnull (strstr (json_object_get_string_member (conflict, "theirs"), x2));
  g_assert_false (server_deleted (f, "member", x));
  assert_no_rejections (bo);
}

/* ----------------------------------------------------------------------- */
/* 11. One join period                                                       */

static void
test_join_period (SyncFixture   *f,
                  gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *id = NULL;
  g_autofree char *mutation = NULL;
  const char *sql = "SELECT count(*) FROM membership_period "
                    "WHERE deleted = 0 AND kind = 'join' AND member_id = ?";

  sync_client_sync_ok (anna, NULL);
  id = sync_client_add_member (anna, "Ola", "Nord", "ola@contoso.no");
  set_member (anna, id, "{'joined_on': '2023-01-10'}");
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);

  /* Offline: Anna records that Ola left; Bo that Ola became a paying
   * member.  Each writes Ola's first history. */
  g_assert_true (ch_membership_leave (anna->store, id, "2026-01-31", CH_LEAVE_MOVED, &error));
  g_assert_no_error (error);
  g_assert_true (ch_membership_change_tier (bo->store, id, "chapter", "2025-06-01", &error));
  g_assert_no_error (error);

  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
  sync_client_sync_ok (anna, NULL);

  g_assert_cmpint (count_where (anna, sql, id), ==, 1);
  g_assert_cmpint (count_where (bo, sql, id), ==, 1);
  {
    g_autoptr(GHashTable) rows = sync_server_rows (f->server, f->chapter_a, f->token_a,
                                                   "membership_period");
    GHashTableIter iter;
    JsonObject *row;
    guint joins = 0;

    g_hash_table_iter_init (&iter, rows);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &row))
      if (!json_object_get_boolean_member (row, "deleted") &&
          g_strcmp0 (json_object_get_string_member (row, "member_id"), id) == 0 &&
          g_strcmp0 (json_object_get_string_member (row, "kind"), "join") == 0)
        joins++;
    g_assert_cmpuint (joins, ==, 1);
  }
  assert_no_rejections (anna);
  assert_no_rejections (bo);

  /* A second join period under another id is refused. */
  mutation = g_strdup_printf ("{\"mid\":1,\"entity\":\"membership_period\",\"id\":\"%s\","
                              "\"op\":\"insert\",\"set\":{\"member_id\":\"%s\",\"kind\":\"join\","
                              "\"starts_on\":\"2024-01-01\"}}",
                              "0190f5c2-3b7a-7cc1-9a2e-000000000002", id);
  result = post_one (f, "by-hand", mutation);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, "join_period_exists");
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/rules/merge-late-payment/merge-first", SyncFixture, GINT_TO_POINTER (FALSE),
              sync_fixture_setup, test_merge_late_payment, sync_fixture_teardown);
  g_test_add ("/sync/rules/merge-late-payment/payment-first", SyncFixture, GINT_TO_POINTER (TRUE),
              sync_fixture_setup, test_merge_late_payment, sync_fixture_teardown);
  g_test_add ("/sync/rules/merge-opposite/anna-first", SyncFixture, GINT_TO_POINTER (FALSE),
              sync_fixture_setup, test_merge_opposite, sync_fixture_teardown);
  g_test_add ("/sync/rules/merge-opposite/bo-first", SyncFixture, GINT_TO_POINTER (TRUE),
              sync_fixture_setup, test_merge_opposite, sync_fixture_teardown);
  g_test_add ("/sync/rules/deleted-member", SyncFixture, NULL,
              sync_fixture_setup, test_deleted_member, sync_fixture_teardown);
  g_test_add ("/sync/rules/payment-during-pull", SyncFixture, NULL,
              sync_fixture_setup, test_payment_during_pull, sync_fixture_teardown);
  g_test_add ("/sync/rules/merge-during-pull", SyncFixture, NULL,
              sync_fixture_setup, test_merge_during_pull, sync_fixture_teardown);
  g_test_add ("/sync/rules/merge-refused-during-pull", SyncFixture, NULL,
              sync_fixture_setup, test_merge_refused_during_pull, sync_fixture_teardown);
  g_test_add ("/sync/rules/email-update", SyncFixture, NULL,
              sync_fixture_setup, test_email_update, sync_fixture_teardown);
  g_test_add ("/sync/rules/email-undelete", SyncFixture, NULL,
              sync_fixture_setup, test_email_undelete, sync_fixture_teardown);
  g_test_add ("/sync/rules/join-period", SyncFixture, NULL,
              sync_fixture_setup, test_join_period, sync_fixture_teardown);

  return g_test_run ();
}
