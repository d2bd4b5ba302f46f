/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-opportunities"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ch-givers-board.h"
#include "ch-merge.h"
#include "ch-opportunities.h"
#include "ch-store-sync.h"
#include "ch-sync-test.h"

/*
 * The opportunities ledger between officers, through the real server:
 * two officers logging opportunities for the same member offline end
 * with the same ledger and board everywhere; both moving the same one on
 * meet as one conflict; a merge carries opportunities to the survivor;
 * the server refuses rows that break the rule, with a JSON reason.
 */

static char *
give (SyncClient *client,
      const char *from,
      const char *to,
      const char *json)
{
  g_autoptr(JsonObject) fields = sync_test_json (json);
  g_autoptr(GError) error = NULL;
  char *id = NULL;

  json_object_set_string_member (fields, "from_member_id", from);
  if (to != NULL)
    json_object_set_string_member (fields, "to_member_id", to);
  g_assert_true (ch_opportunities_add (client->store, client->chapter_id, fields, &id, &error));
  g_assert_no_error (error);

  return id;
}

static void
advance (SyncClient *client,
         const char *id,
         const char *status,
         const char *on,
         const char *accepted_on)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_opportunities_advance (client->store, id, status, on, accepted_on, &error));
  g_assert_no_error (error);
}

/* "title status given_on accepted_on closed_on giver receiver" of every
 * opportunity involving @member_id, in list order. */
static char *
ledger (SyncClient *client,
        const char *member_id)
{
  ChOpportunityFilter filter = { .member_id = member_id };
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);

  list = ch_opportunities_list (client->store, client->chapter_id, &filter, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      ChOpportunity *o = list->pdata[i];

      g_string_append_printf (out, "%s %s %s %s %s %s %s\n",
                              ch_opportunity_get_title (o), ch_opportunity_get_status (o),
                              ch_opportunity_get_given_on (o),
                              ch_opportunity_get_accepted_on (o) ?: "-",
                              ch_opportunity_get_closed_on (o) ?: "-",
                              ch_opportunity_get_giver_name (o),
                              ch_opportunity_get_receiver_name (o) ?: "chapter");
    }

  return g_string_free (out, FALSE);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char **) a, *(char **) b);
}

/* The ledger with its lines sorted. */
static char *
sorted_ledger (SyncClient *client,
               const char *member_id)
{
  g_autofree char *text = ledger (client, member_id);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  qsort (lines, g_strv_length (lines), sizeof (char *), compare_lines);
  return g_strjoinv ("\n", lines);
}

static char *
board_text (SyncClient *client)
{
  g_autoptr(GPtrArray) board = NULL;
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);

  board = ch_givers_board_compute (client->store, client->chapter_id, "2025-01-01",
                                   "2025-12-31", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < board->len; i++)
    g_string_append_printf (out, "%u%s %s %u/%u\n",
                            ch_givers_board_entry_get_rank (board->pdata[i]),
                            ch_givers_board_entry_get_tied (board->pdata[i]) ? "=" : "",
                            ch_givers_board_entry_get_member_name (board->pdata[i]),
                            ch_givers_board_entry_get_given (board->pdata[i]),
                            ch_givers_board_entry_get_won (board->pdata[i]));

  return g_string_free (out, FALSE);
}

static void
test_converge (SyncFixture   *f,
               gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autofree char *ada = NULL;
  g_autofree char *ben = NULL;
  g_autofree char *cai = NULL;
  g_autofree char *shared = NULL;
  g_autofree char *ledger_anna = NULL;
  g_autofree char *ledger_bo = NULL;
  g_autofree char *board_anna = NULL;
  g_autofree char *board_bo = NULL;
  g_autofree char *status = NULL;
  g_autofree char *closed = NULL;

  sync_client_sync_ok (anna, NULL);
  ada = sync_client_add_member (anna, "Ada", "Lind", "ada@example.com");
  ben = sync_client_add_member (anna, "Ben", "Holm", "ben@example.com");
  cai = sync_client_add_member (anna, "Cai", "Sund", "cai@example.com");
  shared = give (anna, ada, ben, "{'title': 'Shared', 'given_on': '2025-03-01'}");
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);

  /* Offline: both officers log opportunities Ben received, and both move
   * the shared one on (Anna: accepted then won; Bo: lost). */
  g_free (give (anna, ada, ben, "{'title': 'Fabric', 'specialty': 'data-ai',"
                                " 'given_on': '2025-04-02', 'value_band': '50k-250k'}"));
  g_free (give (bo, cai, ben, "{'title': 'Sentinel', 'specialty': 'security',"
                              " 'given_on': '2025-04-02', 'value_band': 'lt10k'}"));
  g_free (give (bo, ben, NULL, "{'title': 'Speaker', 'given_on': '2025-05-05'}"));
  advance (anna, shared, "accepted", "2025-03-05", NULL);
  advance (anna, shared, "won", "2025-04-20", NULL);
  advance (bo, shared, "lost", "2025-03-10", NULL);

  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
  sync_client_sync_ok (anna, NULL);

  /* Anna's step came first: it stands, Bo's "lost" is a conflict both
   * officers see; nothing is left waiting or refused. */
  sync_fixture_assert_everywhere (f, anna, bo, "opportunity", shared, "status", "won");
  sync_fixture_assert_everywhere (f, anna, bo, "opportunity", shared, "closed_on",
                                  "2025-04-20");
  g_assert_cmpuint (ch_store_count_open_conflicts (anna->store, f->chapter_a), ==, 1);
  g_assert_cmpuint (ch_store_count_open_conflicts (bo->store, f->chapter_a), ==, 1);
  g_assert_cmpuint (ch_store_count_rejections (bo->store, f->chapter_a), ==, 0);
  g_assert_cmpuint (ch_store_outbox_count (anna->store, f->chapter_a), ==, 0);
  g_assert_cmpuint (ch_store_outbox_count (bo->store, f->chapter_a), ==, 0);
  status = sync_server_get_text (f->server, f->chapter_a, f->token_a, "opportunity", shared,
                                 "status");
  closed = sync_server_get_text (f->server, f->chapter_a, f->token_a, "opportunity", shared,
                                 "closed_on");
  g_assert_cmpstr (status, ==, "won");
  g_assert_cmpstr (closed, ==, "2025-04-20");

  /* The same ledger for Ben and the same board on both devices. */
  ledger_anna = sorted_ledger (anna, ben);
  ledger_bo = sorted_ledger (bo, ben);
  g_assert_cmpstr (ledger_anna, ==, ledger_bo);
  g_assert_cmpstr (ledger_anna, ==,
                   "\n"
                   "Fabric given 2025-04-02 - - Ada Lind Ben Holm\n"
                   "Sentinel given 2025-04-02 - - Cai Sund Ben Holm\n"
                   "Shared won 2025-03-01 2025-03-05 2025-04-20 Ada Lind Ben Holm\n"
                   "Speaker given 2025-05-05 - - Ben Holm chapter");
  board_anna = board_text (anna);
  board_bo = board_text (bo);
  g_assert_cmpstr (board_anna, ==, board_bo);
  g_assert_cmpstr (board_anna, ==,
                   "1 Ada Lind 2/1\n"
                   "2= Ben Holm 1/0\n"
                   "2= Cai Sund 1/0\n");
}

/* Ben is merged into Ben on Anna's device while Bo, offline, logs an
 * opportunity for the Ben that is merged away: the server gives it to
 * the survivor, on every device. */
static void
test_merge (SyncFixture   *f,
            gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autoptr(SyncClient) bo = sync_fixture_client (f, "bo", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *ada = NULL;
  g_autofree char *ben = NULL;
  g_autofree char *ben2 = NULL;
  g_autofree char *late = NULL;

  sync_client_sync_ok (anna, NULL);
  ada = sync_client_add_member (anna, "Ada", "Lind", "ada@example.com");
  ben = sync_client_add_member (anna, "Ben", "Holm", "ben@example.com");
  ben2 = sync_client_add_member (anna, "Ben", "Holm", "ben.holm@example.com");
  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);

  g_assert_true (ch_merge_members (anna->store, ben, ben2, &error));
  g_assert_no_error (error);
  late = give (bo, ben2, ada, "{'title': 'Late', 'given_on': '2025-06-01'}");

  sync_client_sync_ok (anna, NULL);
  sync_client_sync_ok (bo, NULL);
  sync_client_sync_ok (anna, NULL);

  sync_fixture_assert_everywhere (f, anna, bo, "opportunity", late, "from_member_id", ben);
  g_assert_cmpuint (ch_store_count_rejections (bo->store, f->chapter_a), ==, 0);
}

/* One mutation sent by hand; returns its result object. */
static JsonObject *
post_one (SyncFixture *f,
          const char  *mutation_json)
{
  g_autofree char *body = g_strdup_printf ("{\"device_id\":\"by-hand\",\"schema_version\":1,"
                                           "\"mutations\":[%s]}", mutation_json);
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

static void
test_server_refuses (SyncFixture   *f,
                     gconstpointer  data)
{
  g_autoptr(SyncClient) anna = sync_fixture_client (f, "anna", NULL);
  g_autofree char *ada = NULL;
  g_autofree char *ben = NULL;
  g_autofree char *good = NULL;
  static const struct
  {
    const char *set;
    const char *message;
  } bad[] = {
    { "'status':'won','given_on':'2025-01-01','closed_on':'2025-02-01'",
      "An opportunity is won only after it was accepted; enter the day it was accepted." },
    { "'status':'given','given_on':'2999-01-01'",
      "The day it was given is in the future." },
    { "'status':'accepted','given_on':'2025-01-05','accepted_on':'2025-01-01'",
      "An opportunity cannot be accepted before it was given." },
    { "'status':'pending','given_on':'2025-01-01'",
      "The status of an opportunity is given, accepted, won or lost." },
    { "'status':'given','given_on':'2025-01-01','value_band':'a lot'",
      "The value of an opportunity is one of lt10k, 10k-50k, 50k-250k or gt250k." },
  };

  sync_client_sync_ok (anna, NULL);
  ada = sync_client_add_member (anna, "Ada", "Lind", "ada@example.com");
  ben = sync_client_add_member (anna, "Ben", "Holm", "ben@example.com");
  sync_client_sync_ok (anna, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *set = g_strdup_printf ("{'from_member_id':'%s','to_member_id':'%s',"
                                              "'title':'T',%s}", ada, ben, bad[i].set);
      g_autofree char *mutation = NULL;
      g_autoptr(JsonObject) result = NULL;

      g_strdelimit (set, "'", '"');
      mutation = g_strdup_printf ("{\"mid\":%u,\"entity\":\"opportunity\","
                                  "\"id\":\"0190f5c2-3b7a-7cc1-9a2e-00000000010%u\","
                                  "\"op\":\"insert\",\"set\":%s}", i + 1, i, set);
      result = post_one (f, mutation);
      g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
      g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, "bad_opportunity");
      g_assert_cmpstr (json_object_get_string_member (result, "message"), ==, bad[i].message);
    }

  /* An update that would break the rule of the stored row is refused
   * too: won, from given, without the day it was accepted. */
  good = give (anna, ada, ben, "{'title': 'Good', 'given_on': '2025-02-01'}");
  sync_client_sync_ok (anna, NULL);
  {
    g_autofree char *mutation =
      g_strdup_printf ("{\"mid\":10,\"entity\":\"opportunity\",\"id\":\"%s\",\"op\":\"update\","
                       "\"base\":{\"status\":\"given\",\"accepted_on\":null,\"closed_on\":null},"
                       "\"set\":{\"status\":\"won\",\"accepted_on\":null,"
                       "\"closed_on\":\"2025-03-01\"}}", good);
    g_autoptr(JsonObject) result = post_one (f, mutation);
    g_autofree char *status = NULL;

    g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
    g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, "bad_opportunity");
    status = sync_server_get_text (f->server, f->chapter_a, f->token_a, "opportunity", good,
                                   "status");
    g_assert_cmpstr (status, ==, "given");
  }

  /* A row without a giver is refused by the protocol's own checks. */
  {
    g_autoptr(JsonObject) result =
      post_one (f, "{\"mid\":11,\"entity\":\"opportunity\","
                   "\"id\":\"0190f5c2-3b7a-7cc1-9a2e-000000000200\",\"op\":\"insert\","
                   "\"set\":{\"title\":\"T\",\"status\":\"given\","
                   "\"given_on\":\"2025-01-01\"}}");

    g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  }
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  g_test_add ("/sync/opportunities/converge", SyncFixture, NULL,
              sync_fixture_setup, test_converge, sync_fixture_teardown);
  g_test_add ("/sync/opportunities/merge", SyncFixture, NULL,
              sync_fixture_setup, test_merge, sync_fixture_teardown);
  g_test_add ("/sync/opportunities/server-refuses", SyncFixture, NULL,
              sync_fixture_setup, test_server_refuses, sync_fixture_teardown);

  return g_test_run ();
}
