/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-random"

#include "config.h"

#include <string.h>

#include "ch-store-private.h"
#include "ch-sync-test.h"
#include "ch-clock.h"

/*
 * Three officers, hundreds of random changes each (add, edit, delete,
 * restore, resolve conflicts), long stretches offline, syncs now and then
 * (some while the officer goes on editing).
 * Once everybody syncs until nothing moves, every device and the server
 * hold the same members, field for field, and nothing waits to be sent.
 *
 * Anna's clock is a day behind, Cecilia's a day ahead: that must change
 * nothing.  The proxy loses a few requests and a few answers on purpose
 * (after the server committed them), and the engine must retry without
 * applying anything twice.
 *
 * The seed is printed; replay a failure with CH_SEED=<seed>.  CH_OPS sets
 * the number of operations per device (default 300).
 */

#define N_CLIENTS 3

typedef struct
{
  SyncClient *client;
  sqlite3    *reader;       /* to pick rows at random */
  guint       offline;      /* rounds left without syncing */
  guint       syncs;
  gint64      skew_us;      /* how wrong this device's clock is */
} Device;

typedef struct
{
  guint32  seed;
  GRand   *rand;
  guint    creates;
  guint    counter;         /* for unique e-mail addresses */
  guint    ops[7];
  Device  *edit_during_pull;  /* set while such a sync runs */
  GPtrArray *recent;        /* "<kind of change><member id>" of the last edits */
  guint    proxied;         /* requests seen while faults are on */
  gboolean faults;          /* the proxy loses requests and answers now and then */
  guint    lost_requests;
  guint    lost_replies;
} World;

static const char *given_names[] = { "Anna", "Björn", "Cecilia", "Dag", "Elin", "Fredrik", "Greta",
                                     "Hugo", "Ines", "Jonas", "Karin", "Lars", "Maja", "Nils" };
static const char *family_names[] = { "Andersson", "Berg", "Carlsson", "Dahl", "Ek", "Forsberg",
                                      "Gustafsson", "Holm", "Isaksson", "Johansson", "Lund",
                                      "Nyström" };
static const char *cities[] = { "Stockholm", "Göteborg", "Malmö", "Uppsala", "Lund", "Umeå",
                                "Kiruna" };
static const char *companies[] = { "Contoso AB", "Fabrikam", "Northwind", "Tailspin", "Woodgrove",
                                   "Litware", "Adventure Works" };
static const char *tiers[] = { "network", "chapter", "honorary" };
static const char *jobs[] = { "CEO", "CTO", "Consultant", "Architect", "Sales lead", "Developer" };

#define PICK(w, list) ((list)[g_rand_int_range ((w)->rand, 0, G_N_ELEMENTS (list))])

static guint32 seed_for_messages;

/* Fails the test, naming the seed that replays it. */
#define check(cond, ...) \
  G_STMT_START { \
    if (!(cond)) \
      { \
        g_autofree char *what_ = g_strdup_printf (__VA_ARGS__); \
        g_printerr ("\nReplay with CH_SEED=%u\n", seed_for_messages); \
        g_error ("seed %u: %s", seed_for_messages, what_); \
      } \
  } G_STMT_END

/* A random member id of the device's database: live, deleted or any. */
static char *
random_member (World      *w,
               Device     *d,
               const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM member WHERE chapter_id = ?1 AND %s "
                                          "ORDER BY id LIMIT 1 OFFSET "
                                          "(SELECT abs (?2) %% max (1, count (*)) FROM member "
                                          "WHERE chapter_id = ?1 AND %s)", where, where);
  sqlite3_stmt *st = NULL;
  char *id = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (d->reader, sql, -1, &st, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (st, 1, d->client->chapter_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st, 2, g_rand_int (w->rand));
  if (sqlite3_step (st) == SQLITE_ROW)
    id = g_strdup ((const char *) sqlite3_column_text (st, 0));
  sqlite3_finalize (st);

  return id;
}

static void
op_create (World  *w,
           Device *d)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  json_object_set_string_member (fields, "given_name", PICK (w, given_names));
  json_object_set_string_member (fields, "family_name", PICK (w, family_names));
  if (g_rand_boolean (w->rand))
    {
      g_autofree char *email = g_strdup_printf ("member%u@example.se", ++w->counter);
      json_object_set_string_member (fields, "email", email);
    }
  if (g_rand_boolean (w->rand))
    json_object_set_string_member (fields, "city", PICK (w, cities));
  json_object_set_string_member (fields, "tier", PICK (w, tiers));

  ch_store_add_member (d->client->store, d->client->chapter_id, fields, &id, &error);
  check (error == NULL, "%s could not add a member: %s", d->client->name, error->message);
  w->creates++;
  w->ops[0]++;
}

/* Change number @k of the nine kinds of edits. */
static void
add_change (World      *w,
            JsonObject *changes,
            guint       k)
{
  switch (k)
    {
    case 0:
      json_object_set_string_member (changes, "given_name", PICK (w, given_names));
      break;
    case 1:
      json_object_set_string_member (changes, "family_name", PICK (w, family_names));
      break;
    case 2:
      json_object_set_string_member (changes, "city", PICK (w, cities));
      break;
    case 3:
      json_object_set_string_member (changes, "company", PICK (w, companies));
      break;
    case 4:
      json_object_set_string_member (changes, "tier", PICK (w, tiers));
      break;
    case 5:
      json_object_set_string_member (changes, "job_title", PICK (w, jobs));
      break;
    case 6:
      {
        g_autofree char *phone = g_strdup_printf ("+46 8 %06u",
                                                  g_rand_int_range (w->rand, 0, 1000000));
        json_object_set_string_member (changes, "phone", phone);
      }
      break;
    case 7:
      {
        g_autofree char *email = g_strdup_printf ("changed%u@example.se", ++w->counter);
        json_object_set_string_member (changes, "email", email);
      }
      break;
    default:
      /* Clears an optional field. */
      json_object_set_null_member (changes, g_rand_boolean (w->rand) ? "city" : "phone");
      break;
    }
}

/* Edits a random live member, or with @hot the member and kind of change
 * some device made lately (which this one may not have yet). */
static void
op_edit (World    *w,
         Device   *d,
         gboolean  hot)
{
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(GError) error = NULL;
  guint n = g_rand_int_range (w->rand, 1, 4);
  guint first = g_rand_int_range (w->rand, 0, 9);

  if (hot && w->recent->len > 0)
    {
      const char *entry = w->recent->pdata[g_rand_int_range (w->rand, 0, w->recent->len)];

      first = entry[0] - '0';
      id = g_strdup (entry + 1);
      n = 1;
    }
  else
    id = random_member (w, d, "deleted = 0");

  if (id == NULL)
    return;

  add_change (w, changes, first);
  for (guint i = 1; i < n; i++)
    add_change (w, changes, g_rand_int_range (w->rand, 0, 9));

  /* An e-mail address another member took meanwhile is refused locally,
   * and a hot member may be gone here; the officer does something else. */
  if (ch_store_update_member (d->client->store, id, changes, &error))
    {
      w->ops[1]++;
      g_ptr_array_add (w->recent, g_strdup_printf ("%u%s", first, id));
      if (w->recent->len > 24)
        g_ptr_array_remove_index (w->recent, 0);
    }
  else
    /* A hot member may also be one this device only has as a tombstone,
     * which the server keeps without names (docs/sync-protocol.md,
     * "Deleted members"): nothing to edit. */
    check (g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_DUPLICATE_EMAIL) ||
           (hot && g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_NOT_FOUND)) ||
           (hot && g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED) &&
            sync_client_is_deleted (d->client, "member", id)),
           "%s could not edit %s: %s", d->client->name, id, error->message);
}

static void
op_delete (World  *w,
           Device *d)
{
  g_autofree char *id = random_member (w, d, "deleted = 0");
  g_autoptr(GError) error = NULL;

  if (id == NULL)
    return;

  ch_store_delete (d->client->store, "member", id, &error);
  check (error == NULL, "%s could not delete %s: %s", d->client->name, id, error->message);
  w->ops[2]++;
}

static void
op_restore (World  *w,
            Device *d)
{
  g_autofree char *id = random_member (w, d, "deleted = 1");
  g_autoptr(GError) error = NULL;

  if (id == NULL)
    return;

  if (ch_store_restore (d->client->store, "member", id, &error))
    w->ops[3]++;
  else
    /* Someone else took the e-mail address, or this device only ever saw
     * the member's tombstone, which the server keeps without the personal
     * fields: it has no details to bring back (docs/sync-protocol.md,
     * "Deleted members"). */
    check (g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_DUPLICATE_EMAIL) ||
           g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED),
           "%s could not restore %s: %s", d->client->name, id, error->message);
}

static void
op_resolve (World  *w,
            Device *d)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;

  ids = ch_store_list_open_conflicts (d->client->store, d->client->chapter_id, &error);
  g_assert_no_error (error);
  if (ids->len == 0)
    return;

  id = ids->pdata[g_rand_int_range (w->rand, 0, ids->len)];

  /* "Use mine" cannot write over a row that is gone, or take an e-mail
   * address someone else has; the officer keeps theirs then. */
  if (!ch_store_resolve_conflict (d->client->store, id, g_rand_boolean (w->rand), &error))
    {
      g_clear_error (&error);
      ch_store_resolve_conflict (d->client->store, id, FALSE, &error);
      check (error == NULL, "%s could not resolve %s: %s", d->client->name, id, error->message);
    }
  w->ops[4]++;
}

/* While a sync runs, the officer goes on working in the window: one
 * change, on a connection of its own, after the push and before the pull
 * (called on the proxy's thread while the test's thread waits). */
static SyncProxyAction
edit_during_pull (const char  *method,
                  char       **path,
                  guint        n,
                  gpointer     user_data)
{
  World *w = user_data;
  g_autoptr(GError) error = NULL;
  SyncClient client;
  Device d;

  /* Faults first: of every seventeen requests, one is lost on its way to
   * the server and one after the server answered it.  Counted, not drawn,
   * so that every run has them; the proxy's rule runs on the proxy's
   * thread, the only one that touches the counter. */
  if (w->faults)
    {
      guint k = ++w->proxied % 17;

      if (k == 0)
        {
          w->lost_requests++;
          return SYNC_PROXY_DROP_REQUEST;
        }
      if (k == 8)
        {
          w->lost_replies++;
          return SYNC_PROXY_DROP_REPLY;
        }
    }

  if (w->edit_during_pull == NULL || !g_str_equal (method, "GET") ||
      strstr (*path, "/changes") == NULL)
    return SYNC_PROXY_FORWARD;

  d = *w->edit_during_pull;
  client = *d.client;
  client.store = ch_store_open (client.path, &error);
  g_assert_no_error (error);
  d.client = &client;

  switch (g_rand_int_range (w->rand, 0, 6))
    {
    case 0:
      op_create (w, &d);
      break;
    case 1:
      op_delete (w, &d);
      break;
    case 2:
      op_edit (w, &d, FALSE);
      break;
    default:
      /* Most likely to collide with what the pull brings. */
      op_edit (w, &d, TRUE);
      break;
    }

  g_object_unref (client.store);
  w->edit_during_pull = NULL;
  w->ops[6]++;

  return SYNC_PROXY_FORWARD;
}

static gboolean
sync_device (Device       *d,
             ChSyncReport *report)
{
  g_autoptr(GError) error = NULL;

  d->syncs++;
  if (!sync_client_sync (d->client, report, &error))
    check (FALSE, "%s: sync failed: %s", d->client->name, error->message);

  return report->pushed > 0 || report->pulled > 0;
}

static void
one_step (World  *w,
          Device *d)
{
  guint r = g_rand_int_range (w->rand, 0, 100);
  ChSyncReport report = { 0 };

  /* Whatever this device stamps, it stamps with its own wrong clock. */
  ch_clock_set_offset_us (d->skew_us);

  if (r < 22)
    op_create (w, d);
  else if (r < 67)
    op_edit (w, d, g_rand_int_range (w->rand, 0, 5) == 0);
  else if (r < 78)
    op_delete (w, d);
  else if (r < 86)
    op_restore (w, d);
  else if (r < 92)
    op_resolve (w, d);
  else if (d->offline == 0)
    {
      if (g_rand_boolean (w->rand))
        w->edit_during_pull = d;
      sync_device (d, &report);
      w->edit_during_pull = NULL;
      w->ops[5]++;
    }

  if (d->offline > 0)
    d->offline--;
  else if (g_rand_int_range (w->rand, 0, 100) < 3)
    d->offline = g_rand_int_range (w->rand, 10, 60);  /* off on a trip */
}

/* id → canonical JSON of every member field and its version. */
static GHashTable *
device_members (Device   *d,
                gboolean  live_only)
{
  GHashTable *members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *st = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (d->reader, "SELECT id FROM member WHERE chapter_id = ?", -1,
                                       &st, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (st, 1, d->client->chapter_id, -1, SQLITE_STATIC);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (st, 0);
      g_autoptr(JsonObject) row = ch_store_get_row (d->client->store, "member", id, NULL);

      g_assert_nonnull (row);
      if (live_only && json_object_get_boolean_member (row, "deleted"))
        continue;

      json_object_remove_member (row, "id");
      json_object_remove_member (row, "chapter_id");
      g_hash_table_insert (members, g_strdup (id), sync_test_canonical_json (row));
    }
  sqlite3_finalize (st);

  return members;
}

static GHashTable *
server_members (SyncFixture *f,
                gboolean     live_only,
                guint       *n_rows)
{
  g_autoptr(GHashTable) rows = sync_server_rows (f->server, f->chapter_a, f->token_a, "member");
  GHashTable *members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  const char *id;
  JsonObject *row;

  *n_rows = g_hash_table_size (rows);
  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &row))
    {
      if (live_only && json_object_get_boolean_member (row, "deleted"))
        continue;
      g_hash_table_insert (members, g_strdup (id), sync_test_canonical_json (row));
    }

  return members;
}

static void
assert_same_members (GHashTable *expected,
                     GHashTable *actual,
                     const char *who)
{
  GHashTableIter iter;
  const char *id;
  const char *value;

  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &value))
    {
      const char *other = g_hash_table_lookup (actual, id);

      check (other != NULL, "member %s is live on the server but not on %s", id, who);
      check (g_str_equal (value, other), "member %s differs on %s:\n  server: %s\n  %s: %s",
             id, who, value, who, other);
    }

  check (g_hash_table_size (actual) == g_hash_table_size (expected),
         "%s has %u live members, the server %u", who, g_hash_table_size (actual),
         g_hash_table_size (expected));
}

static void
test_random (SyncFixture   *f,
             gconstpointer  data)
{
  Device devices[N_CLIENTS] = { { 0 } };
  static const char *names[N_CLIENTS] = { "anna", "bo", "cecilia" };
  World w = { 0 };
  g_autoptr(SyncProxy) proxy = sync_proxy_new (f->server->url);
  g_autoptr(GHashTable) expected = NULL;
  guint ops_per_device = 300;
  guint server_rows = 0;
  guint quiet_round = 0;
  gint64 started = g_get_monotonic_time ();

  if (g_getenv ("CH_SEED") != NULL)
    w.seed = (guint32) g_ascii_strtoull (g_getenv ("CH_SEED"), NULL, 10);
  else
    w.seed = g_test_rand_int ();
  w.seed += GPOINTER_TO_UINT (data);
  if (g_getenv ("CH_OPS") != NULL)
    ops_per_device = (guint) g_ascii_strtoull (g_getenv ("CH_OPS"), NULL, 10);
  seed_for_messages = w.seed;
  w.rand = g_rand_new_with_seed (w.seed);
  w.recent = g_ptr_array_new_with_free_func (g_free);
  sync_proxy_set_rule (proxy, edit_during_pull, &w);
  g_test_message ("seed %u (replay with CH_SEED=%u), %u operations per device", w.seed, w.seed,
                  ops_per_device);

  for (guint i = 0; i < N_CLIENTS; i++)
    {
      g_autoptr(GError) error = NULL;
      ChSyncReport report = { 0 };

      devices[i].client = sync_fixture_client (f, names[i], sync_proxy_get_url (proxy));
      devices[i].skew_us = ((gint64) i - 1) * G_USEC_PER_SEC * 60 * 60 * 24;
      devices[i].reader = ch_store_open_reader (devices[i].client->store, &error);
      g_assert_no_error (error);
      /* Everybody has the chapter before the work starts. */
      sync_device (&devices[i], &report);
    }

  w.faults = TRUE;
  for (guint round = 0; round < ops_per_device; round++)
    {
      guint first = g_rand_int_range (w.rand, 0, N_CLIENTS);

      for (guint k = 0; k < N_CLIENTS; k++)
        one_step (&w, &devices[(first + k) % N_CLIENTS]);
    }

  w.faults = FALSE;
  ch_clock_set_offset_us (0);

  g_test_message ("%u creates, %u edits, %u deletes, %u restores, %u resolutions, %u syncs "
                  "(%u with a change made during the pull), "
                  "%u requests and %u answers lost, in %.1f s",
                  w.ops[0], w.ops[1], w.ops[2], w.ops[3], w.ops[4], w.ops[5], w.ops[6],
                  w.lost_requests, w.lost_replies, (g_get_monotonic_time () - started) / 1e6);
  check (w.proxied < 17 || (w.lost_requests > 0 && w.lost_replies > 0),
         "%u requests went through the proxy, but none was lost", w.proxied);

  /* Everybody back online: sync in turns until a whole round moves
   * nothing. */
  for (guint round = 1; round <= 8 && quiet_round == 0; round++)
    {
      gboolean moved = FALSE;

      for (guint i = 0; i < N_CLIENTS; i++)
        {
          ChSyncReport report = { 0 };

          moved |= sync_device (&devices[i], &report);
          check (report.rejected == 0, "%s had %u changes refused", names[i], report.rejected);
        }
      if (!moved)
        quiet_round = round;
    }
  check (quiet_round > 0, "the devices still exchange changes after 8 rounds");

  /* The same live members everywhere, field for field, at the same
   * versions; nothing pending; every member ever made is there once. */
  expected = server_members (f, TRUE, &server_rows);
  check (server_rows == w.creates, "the server has %u member rows for %u members made", server_rows,
         w.creates);

  for (guint i = 0; i < N_CLIENTS; i++)
    {
      g_autoptr(GHashTable) live = device_members (&devices[i], TRUE);
      g_autoptr(GHashTable) all = device_members (&devices[i], FALSE);
      guint pending = ch_store_outbox_count (devices[i].client->store, f->chapter_a);

      assert_same_members (expected, live, names[i]);
      check (g_hash_table_size (all) == w.creates, "%s has %u member rows for %u members made",
             names[i], g_hash_table_size (all), w.creates);
      check (pending == 0, "%s still has %u changes to send", names[i], pending);
      check (ch_store_count_rejections (devices[i].client->store, f->chapter_a) == 0,
             "%s had changes refused", names[i]);
      check (ch_store_count_members (devices[i].client->store, f->chapter_a) ==
             g_hash_table_size (expected),
             "%s counts %u members, the server has %u", names[i],
             ch_store_count_members (devices[i].client->store, f->chapter_a),
             g_hash_table_size (expected));
    }

  g_test_message ("%u members (%u live) agree on %d devices and the server "
                  "after %u quiet-down rounds, %.1f s in all",
                  w.creates, g_hash_table_size (expected), N_CLIENTS, quiet_round,
                  (g_get_monotonic_time () - started) / 1e6);

  for (guint i = 0; i < N_CLIENTS; i++)
    {
      sqlite3_close (devices[i].reader);
      sync_client_free (devices[i].client);
    }
  g_rand_free (w.rand);
  g_ptr_array_unref (w.recent);
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  /* Three worlds of their own (seeds S, S+1, S+2); with CH_SEED, just S. */
  for (guint i = 0; i < (g_getenv ("CH_SEED") ? 1 : 3); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sync/random/three-devices/%u", i + 1);

      g_test_add (path, SyncFixture, GUINT_TO_POINTER (i),
                  sync_fixture_setup, test_random, sync_fixture_teardown);
    }

  return g_test_run ();
}
