/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ch-givers-board.h"
#include "ch-merge.h"
#include "ch-opportunities.h"
#include "ch-opportunity-rule.h"
#include "ch-opportunity-summary.h"
#include "ch-specialties.h"
#include "ch-store-erase.h"
#include "ch-test-util.h"
#include "ch-who-can-help.h"
#include "ch-date.h"

/* A member of the free tier who joined in 2024: active today. */
static char *
add_member (StoreFixture *f,
            const char   *given,
            const char   *family,
            const char   *company,
            const char   *specialty)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  char *id;

  json_object_set_string_member (fields, "given_name", given);
  json_object_set_string_member (fields, "family_name", family);
  json_object_set_string_member (fields, "company", company);
  json_object_set_string_member (fields, "tier", "network");
  json_object_set_string_member (fields, "joined_on", "2024-01-10");
  json_object_set_string_member (fields, "partner_kind", "isv");
  id = test_add_member_fields (f->store, f->chapter_id, fields);

  if (specialty != NULL)
    {
      const char *list[] = { specialty, NULL };

      g_assert_true (ch_specialties_set (f->store, id, list, &error));
      g_assert_no_error (error);
    }

  return id;
}

/* Adds an opportunity from @json (single quotes); fails unless saved. */
static char *
add (StoreFixture *f,
     const char   *giver,
     const char   *receiver,
     const char   *json)
{
  g_autoptr(JsonObject) fields = test_json (json);
  g_autoptr(GError) error = NULL;
  char *id = NULL;

  json_object_set_string_member (fields, "from_member_id", giver);
  if (receiver != NULL)
    json_object_set_string_member (fields, "to_member_id", receiver);
  g_assert_true (ch_opportunities_add (f->store, f->chapter_id, fields, &id, &error));
  g_assert_no_error (error);

  return id;
}

/* Whether adding @json is refused with exactly @message. */
static void
assert_add_refused (StoreFixture *f,
                    const char   *giver,
                    const char   *receiver,
                    const char   *json,
                    const char   *message)
{
  g_autoptr(JsonObject) fields = test_json (json);
  g_autoptr(GError) error = NULL;
  guint before = ch_store_outbox_count (f->store, f->chapter_id);

  json_object_set_string_member (fields, "from_member_id", giver);
  if (receiver != NULL)
    json_object_set_string_member (fields, "to_member_id", receiver);
  g_assert_false (ch_opportunities_add (f->store, f->chapter_id, fields, NULL, &error));
  g_assert_error (error, CH_OPPORTUNITIES_ERROR, CH_OPPORTUNITIES_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpuint (ch_store_outbox_count (f->store, f->chapter_id), ==, before);
}

static void
assert_advance_refused (StoreFixture *f,
                        const char   *id,
                        const char   *status,
                        const char   *on,
                        const char   *accepted_on,
                        const char   *message)
{
  g_autoptr(GError) error = NULL;
  guint before = ch_store_outbox_count (f->store, f->chapter_id);

  g_assert_false (ch_opportunities_advance (f->store, id, status, on, accepted_on, &error));
  g_assert_error (error, CH_OPPORTUNITIES_ERROR, CH_OPPORTUNITIES_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpuint (ch_store_outbox_count (f->store, f->chapter_id), ==, before);
}

static void
test_add_and_read (StoreFixture  *f,
                   gconstpointer  data)
{
  g_autofree char *anna = add_member (f, "Anna", "Berg", "Nordlys AB", "azure");
  g_autofree char *bo = add_member (f, "Bo", "Ek", "Ek Data", "data-ai");
  g_autofree char *id = NULL;
  g_autofree char *to_chapter = NULL;
  g_autofree char *today = NULL;
  g_autoptr(ChOpportunity) o = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) json = NULL;
  GDate d;

  id = add (f, anna, bo, "{'title': '  Fabric for a wholesaler ', 'specialty': 'Data & AI',"
                         " 'value_band': '50k-250k', 'notes': 'Call before Friday'}");
  to_chapter = add (f, bo, NULL, "{'title': 'Speaker for the spring meeting',"
                                 " 'given_on': '2025-03-01'}");

  o = ch_opportunities_get (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ch_opportunity_get_giver_name (o), ==, "Anna Berg");
  g_assert_cmpstr (ch_opportunity_get_receiver_name (o), ==, "Bo Ek");
  g_assert_cmpstr (ch_opportunity_get_title (o), ==, "Fabric for a wholesaler");
  g_assert_cmpstr (ch_opportunity_get_specialty (o), ==, "data-ai");
  g_assert_cmpstr (ch_opportunity_get_status (o), ==, CH_OPPORTUNITY_STATUS_GIVEN);
  ch_date_today ("Europe/Stockholm", &d);
  today = ch_date_format (&d);
  g_assert_cmpstr (ch_opportunity_get_given_on (o), ==, today);
  g_assert_null (ch_opportunity_get_accepted_on (o));
  g_assert_false (ch_opportunity_get_closed (o));

  json = ch_opportunity_to_json (o);
  g_assert_cmpstr (json_object_get_string_member (json, "value_band"), ==, "50k-250k");

  /* Newest given first; "to the chapter" has no receiver. */
  list = ch_opportunities_list (f->store, f->chapter_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (ch_opportunity_get_id (list->pdata[0]), ==, id);
  g_assert_cmpstr (ch_opportunity_get_id (list->pdata[1]), ==, to_chapter);
  g_assert_null (ch_opportunity_get_receiver_id (list->pdata[1]));
  g_assert_null (ch_opportunity_get_receiver_name (list->pdata[1]));

  /* Both went to the outbox, so they sync. */
  g_assert_cmpint (test_row_int (f->store, "opportunity", id, "version"), ==, 0);
  g_assert_cmpuint (ch_store_outbox_count (f->store, f->chapter_id), >=, 2);

  g_assert_cmpstr (ch_opportunity_status_label ("won"), ==, "Won");
  {
    g_autofree char *band = ch_opportunity_band_label ("lt10k", "SEK");

    g_assert_cmpstr (band, ==, "Under 10,000 SEK");
  }
}

static void
test_bad_input (StoreFixture  *f,
                gconstpointer  data)
{
  g_autofree char *anna = add_member (f, "Anna", "Berg", "Nordlys AB", NULL);
  g_autofree char *bo = add_member (f, "Bo", "Ek", "Ek Data", NULL);

  assert_add_refused (f, anna, NULL, "{'title': ' '}",
                      "Enter a title for the opportunity, e.g. “Azure migration for a "
                      "retailer”.");
  assert_add_refused (f, anna, anna, "{'title': 'Self'}",
                      "A member cannot give an opportunity to themselves; choose another "
                      "member or the chapter.");
  assert_add_refused (f, anna, bo, "{'title': 'Big', 'value_band': 'huge'}",
                      "The value of an opportunity is one of lt10k, 10k-50k, 50k-250k or "
                      "gt250k.");
  assert_add_refused (f, anna, bo, "{'title': 'Later', 'given_on': '2999-01-01'}",
                      "The day it was given is in the future.");
  assert_add_refused (f, anna, bo, "{'title': 'When', 'given_on': 'yesterday'}",
                      "The day it was given is not a date; write it as 2026-11-23.");
  assert_add_refused (f, "no-such-member", bo, "{'title': 'Ghost'}",
                      "The member who gave the opportunity is not in this chapter.");
  assert_add_refused (f, anna, bo, "{'title': 'Jump', 'given_on': '2025-01-10',"
                                   " 'status': 'won', 'closed_on': '2025-02-01'}",
                      "An opportunity is won only after it was accepted; enter the day it "
                      "was accepted.");
  assert_add_refused (f, anna, bo, "{'title': 'Odd', 'amount': '5'}",
                      "“amount” is not a field of an opportunity.");
}

static void
test_transitions (StoreFixture  *f,
                  gconstpointer  data)
{
  g_autofree char *anna = add_member (f, "Anna", "Berg", "Nordlys AB", NULL);
  g_autofree char *bo = add_member (f, "Bo", "Ek", "Ek Data", NULL);
  g_autofree char *a = add (f, anna, bo, "{'title': 'A', 'given_on': '2025-05-10'}");
  g_autofree char *b = add (f, anna, bo, "{'title': 'B', 'given_on': '2025-05-10'}");
  g_autofree char *c = add (f, anna, bo, "{'title': 'C', 'given_on': '2025-05-10'}");
  g_autoptr(GError) error = NULL;
  g_autoptr(ChOpportunity) o = NULL;

  /* given → won needs the day it was accepted. */
  assert_advance_refused (f, a, "won", "2025-06-01", NULL,
                          "An opportunity is won only after it was accepted; enter the day it "
                          "was accepted.");
  /* No step before the one it follows, none in the future. */
  assert_advance_refused (f, a, "accepted", "2025-05-09", NULL,
                          "An opportunity cannot be accepted before it was given.");
  assert_advance_refused (f, a, "accepted", "2999-01-01", NULL,
                          "The day it was accepted is in the future.");
  assert_advance_refused (f, a, "given", "2025-05-11", NULL,
                          "An opportunity only moves forward: given, accepted, then won or "
                          "lost.");

  g_assert_true (ch_opportunities_advance (f->store, a, "accepted", "2025-05-12", NULL, &error));
  g_assert_no_error (error);
  assert_advance_refused (f, a, "accepted", "2025-05-13", NULL,
                          "An opportunity only moves forward: given, accepted, then won or "
                          "lost.");
  assert_advance_refused (f, a, "won", "2025-05-11", NULL,
                          "An opportunity cannot be won or lost before it was accepted.");
  g_assert_true (ch_opportunities_advance (f->store, a, "won", "2025-07-01", NULL, &error));
  g_assert_no_error (error);
  o = ch_opportunities_get (f->store, a, &error);
  g_assert_cmpstr (ch_opportunity_get_status (o), ==, "won");
  g_assert_cmpstr (ch_opportunity_get_accepted_on (o), ==, "2025-05-12");
  g_assert_cmpstr (ch_opportunity_get_closed_on (o), ==, "2025-07-01");
  assert_advance_refused (f, a, "lost", "2025-07-02", NULL,
                          "This opportunity was won; it cannot move on.");

  /* given → won with the accepted day in one step. */
  g_assert_true (ch_opportunities_advance (f->store, b, "won", "2025-06-20", "2025-05-20",
                                           &error));
  g_assert_no_error (error);
  g_clear_object (&o);
  o = ch_opportunities_get (f->store, b, &error);
  g_assert_cmpstr (ch_opportunity_get_accepted_on (o), ==, "2025-05-20");

  /* Lost straight from given ends it. */
  g_assert_true (ch_opportunities_advance (f->store, c, "lost", "2025-05-30", NULL, &error));
  g_assert_no_error (error);
  assert_advance_refused (f, c, "accepted", "2025-06-01", NULL,
                          "This opportunity was lost; a lost opportunity ends there.");

  /* Editing keeps the rule: given after it was accepted is refused. */
  {
    g_autoptr(JsonObject) edit = test_json ("{'given_on': '2025-05-15'}");
    guint before = ch_store_outbox_count (f->store, f->chapter_id);

    g_assert_false (ch_opportunities_update (f->store, a, edit, &error));
    g_assert_error (error, CH_OPPORTUNITIES_ERROR, CH_OPPORTUNITIES_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==, "An opportunity cannot be accepted before it was "
                                         "given.");
    g_assert_cmpuint (ch_store_outbox_count (f->store, f->chapter_id), ==, before);
    g_clear_error (&error);
  }
  {
    g_autoptr(JsonObject) edit = test_json ("{'title': 'A, renamed', 'to_member_id': null}");

    g_assert_true (ch_opportunities_update (f->store, a, edit, &error));
    g_assert_no_error (error);
    g_clear_object (&o);
    o = ch_opportunities_get (f->store, a, &error);
    g_assert_cmpstr (ch_opportunity_get_title (o), ==, "A, renamed");
    g_assert_null (ch_opportunity_get_receiver_id (o));
    g_assert_cmpstr (ch_opportunity_get_status (o), ==, "won");
  }
}

static void
test_filters (StoreFixture  *f,
              gconstpointer  data)
{
  g_autofree char *anna = add_member (f, "Anna", "Berg", "Nordlys AB", NULL);
  g_autofree char *bo = add_member (f, "Bo", "Ek", "Ek Data", NULL);
  g_autofree char *cia = add_member (f, "Cia", "Lund", "Lund IT", NULL);
  g_autofree char *a = add (f, anna, bo, "{'title': 'A', 'specialty': 'azure',"
                                         " 'given_on': '2025-02-01'}");
  g_autofree char *b = add (f, bo, cia, "{'title': 'B', 'specialty': 'security',"
                                        " 'given_on': '2025-05-01'}");
  g_autofree char *c = add (f, cia, NULL, "{'title': 'C', 'specialty': 'Azure',"
                                          " 'given_on': '2025-08-01', 'status': 'accepted',"
                                          " 'accepted_on': '2025-08-02'}");
  ChOpportunityFilter filter = { 0 };
  g_autoptr(GPtrArray) got = NULL;

  /* Given or received by Bo. */
  filter.member_id = bo;
  got = ch_opportunities_list (f->store, f->chapter_id, &filter, NULL);
  g_assert_cmpuint (got->len, ==, 2);
  g_assert_cmpstr (ch_opportunity_get_id (got->pdata[0]), ==, b);
  g_assert_cmpstr (ch_opportunity_get_id (got->pdata[1]), ==, a);
  g_clear_pointer (&got, g_ptr_array_unref);

  /* "AZURE" as typed is the standard key. */
  memset (&filter, 0, sizeof filter);
  filter.specialty = "AZURE";
  got = ch_opportunities_list (f->store, f->chapter_id, &filter, NULL);
  g_assert_cmpuint (got->len, ==, 2);
  g_clear_pointer (&got, g_ptr_array_unref);

  memset (&filter, 0, sizeof filter);
  filter.status = "accepted";
  got = ch_opportunities_list (f->store, f->chapter_id, &filter, NULL);
  g_assert_cmpuint (got->len, ==, 1);
  g_assert_cmpstr (ch_opportunity_get_id (got->pdata[0]), ==, c);
  g_clear_pointer (&got, g_ptr_array_unref);

  memset (&filter, 0, sizeof filter);
  g_assert_true (ch_opportunities_period_range ("2025-Q2", (char **) &filter.from,
                                                (char **) &filter.to));
  g_assert_cmpstr (filter.from, ==, "2025-04-01");
  g_assert_cmpstr (filter.to, ==, "2025-06-30");
  got = ch_opportunities_list (f->store, f->chapter_id, &filter, NULL);
  g_assert_cmpuint (got->len, ==, 1);
  g_assert_cmpstr (ch_opportunity_get_id (got->pdata[0]), ==, b);
  g_free ((char *) filter.from);
  g_free ((char *) filter.to);
  g_assert_false (ch_opportunities_period_range ("2025-Q5", (char **) &filter.from,
                                                 (char **) &filter.to));
}

/* Worked out by hand, for 2025-Q3:
 *   Anna Berg    3 given, 1 won  → 1
 *   Bo Ek        2 given, 1 won  → 2 (tied)
 *   Cia Lund     2 given, 1 won  → 2 (tied; Ek before Lund)
 *   Dan Ahl      2 given, 0 won  → 4 (not tied: fewer won)
 *   Eva Nord     1 given in Q2   → not on the Q3 board; 5th on the year's
 *   a deleted opportunity of Dan's does not count. */
static void
test_board (StoreFixture  *f,
            gconstpointer  data)
{
  g_autofree char *anna = add_member (f, "Anna", "Berg", "Nordlys AB", NULL);
  g_autofree char *bo = add_member (f, "Bo", "Ek", "Ek Data", NULL);
  g_autofree char *cia = add_member (f, "Cia", "Lund", "Lund IT", NULL);
  g_autofree char *dan = add_member (f, "Dan", "Ahl", "Ahl Consulting", NULL);
  g_autofree char *eva = add_member (f, "Eva", "Nord", "Nord Cloud", NULL);
  const char *won = "{'title': 'W', 'given_on': '2025-07-03', 'status': 'won',"
                    " 'accepted_on': '2025-07-04', 'closed_on': '2025-08-01',"
                    " 'value_band': 'gt250k'}";
  const char *open = "{'title': 'O', 'given_on': '2025-09-30', 'value_band': 'lt10k'}";
  g_autofree char *gone = NULL;
  g_autoptr(GPtrArray) board = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  struct { const char *name; guint rank; gboolean tied; guint given, won; } expected[] = {
    { "Anna Berg", 1, FALSE, 3, 1 },
    { "Bo Ek", 2, TRUE, 2, 1 },
    { "Cia Lund", 2, TRUE, 2, 1 },
    { "Dan Ahl", 4, FALSE, 2, 0 },
  };

  g_free (add (f, anna, bo, won));
  g_free (add (f, anna, bo, open));
  g_free (add (f, anna, NULL, "{'title': 'X', 'given_on': '2025-07-01'}"));
  g_free (add (f, bo, cia, won));
  g_free (add (f, bo, cia, open));
  g_free (add (f, cia, anna, won));
  g_free (add (f, cia, anna, open));
  g_free (add (f, dan, anna, open));
  g_free (add (f, dan, anna, open));
  gone = add (f, dan, anna, won);
  g_assert_true (ch_opportunities_delete (f->store, gone, &error));
  g_free (add (f, eva, anna, "{'title': 'Q2', 'given_on': '2025-06-30'}"));

  g_assert_true (ch_opportunities_period_range ("2025-Q3", &from, &to));
  board = ch_givers_board_compute (f->store, f->chapter_id, from, to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (board->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      ChGiversBoardEntry *e = board->pdata[i];

      g_assert_cmpstr (ch_givers_board_entry_get_member_name (e), ==, expected[i].name);
      g_assert_cmpuint (ch_givers_board_entry_get_rank (e), ==, expected[i].rank);
      g_assert_cmpint (ch_givers_board_entry_get_tied (e), ==, expected[i].tied);
      g_assert_cmpuint (ch_givers_board_entry_get_given (e), ==, expected[i].given);
      g_assert_cmpuint (ch_givers_board_entry_get_won (e), ==, expected[i].won);
    }
  g_assert_cmpuint (ch_givers_board_entry_get_band_count (board->pdata[0], "gt250k"), ==, 1);
  g_assert_cmpuint (ch_givers_board_entry_get_band_count (board->pdata[0], "lt10k"), ==, 1);
  g_assert_cmpuint (ch_givers_board_entry_get_band_count (board->pdata[3], "lt10k"), ==, 2);
  g_assert_cmpstr (ch_givers_board_entry_get_company (board->pdata[0]), ==, "Nordlys AB");

  /* The whole year: Eva's June opportunity puts her fifth. */
  g_clear_pointer (&board, g_ptr_array_unref);
  board = ch_givers_board_compute (f->store, f->chapter_id, "2025-01-01", "2025-12-31", &error);
  g_assert_cmpuint (board->len, ==, 5);
  g_assert_cmpstr (ch_givers_board_entry_get_member_name (board->pdata[4]), ==, "Eva Nord");
  g_assert_cmpuint (ch_givers_board_entry_get_rank (board->pdata[4]), ==, 5);
  g_assert_false (ch_givers_board_entry_get_tied (board->pdata[4]));
}

/* Asks for Azure: Anna (2 won as receiver, gave 1) before Bo (gave 2);
 * Cia said no to the directory, Dan left, Eva has another specialty. */
static void
test_who_can_help (StoreFixture  *f,
                   gconstpointer  data)
{
  g_autofree char *anna = add_member (f, "Anna", "Berg", "Nordlys AB", "azure");
  g_autofree char *bo = add_member (f, "Bo", "Ek", "Ek Data", "azure");
  g_autofree char *cia = add_member (f, "Cia", "Lund", "Lund IT", "azure");
  g_autofree char *dan = add_member (f, "Dan", "Ahl", "Ahl Consulting", "azure");
  g_autofree char *eva = add_member (f, "Eva", "Nord", "Nord Cloud", "security");
  const char *won = "{'title': 'W', 'given_on': '2025-07-03', 'status': 'won',"
                    " 'accepted_on': '2025-07-04', 'closed_on': '2025-08-01'}";
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  g_free (add (f, bo, anna, won));
  g_free (add (f, bo, anna, won));
  g_free (add (f, anna, eva, "{'title': 'O'}"));
  {
    g_autoptr(JsonObject) no = test_json ("{'consent_directory': false}");
    g_autoptr(JsonObject) left = test_json ("{'left_on': '2025-01-01'}");

    g_assert_true (ch_store_update (f->store, "member", cia, no, &error));
    g_assert_true (ch_store_update (f->store, "member", dan, left, &error));
    g_assert_no_error (error);
  }

  found = ch_who_can_help_find (f->store, f->chapter_id, "Azure", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (ch_who_can_help_entry_get_member_name (found->pdata[0]), ==, "Anna Berg");
  g_assert_cmpuint (ch_who_can_help_entry_get_won (found->pdata[0]), ==, 2);
  g_assert_cmpuint (ch_who_can_help_entry_get_given (found->pdata[0]), ==, 1);
  g_assert_cmpstr (ch_who_can_help_entry_get_company (found->pdata[0]), ==, "Nordlys AB");
  g_assert_cmpstr (ch_who_can_help_entry_get_partner_kind (found->pdata[0]), ==, "isv");
  g_assert_cmpstr (ch_who_can_help_entry_get_member_name (found->pdata[1]), ==, "Bo Ek");
  g_assert_cmpuint (ch_who_can_help_entry_get_given (found->pdata[1]), ==, 2);
  g_assert_cmpuint (ch_who_can_help_entry_get_won (found->pdata[1]), ==, 0);

  g_clear_pointer (&found, g_ptr_array_unref);
  found = ch_who_can_help_find (f->store, f->chapter_id, "Quantum", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
}

static void
test_summary (StoreFixture  *f,
              gconstpointer  data)
{
  g_autofree char *anna = add_member (f, "Anna", "Berg", "Nordlys AB", NULL);
  g_autofree char *bo = add_member (f, "Bo", "Ek", "Ek Data", NULL);
  const char *won = "{'title': 'W', 'specialty': 'azure', 'given_on': '2025-07-03',"
                    " 'status': 'won', 'accepted_on': '2025-07-04', 'closed_on': '2025-08-01'}";
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  ChOpportunitySummary *s;

  g_free (add (f, anna, bo, won));
  g_free (add (f, anna, bo, "{'title': 'A', 'specialty': 'azure', 'given_on': '2025-09-30'}"));
  g_free (add (f, bo, anna, "{'title': 'S', 'specialty': 'security', 'given_on': '2025-07-01'}"));
  g_free (add (f, bo, anna, "{'title': 'Q4', 'specialty': 'azure', 'given_on': '2025-10-01'}"));
  g_free (add (f, bo, anna, "{'title': 'Q1', 'specialty': 'azure', 'given_on': '2025-03-31'}"));

  rows = ch_opportunity_summary_by_quarter (f->store, f->chapter_id, "2025-04-01", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  s = rows->pdata[0];
  g_assert_cmpstr (s->quarter, ==, "2025-Q3");
  g_assert_cmpstr (s->specialty, ==, "azure");
  g_assert_cmpuint (s->given, ==, 2);
  g_assert_cmpuint (s->won, ==, 1);
  s = rows->pdata[1];
  g_assert_cmpstr (s->quarter, ==, "2025-Q3");
  g_assert_cmpstr (s->specialty, ==, "security");
  g_assert_cmpuint (s->given, ==, 1);
  g_assert_cmpuint (s->won, ==, 0);
  s = rows->pdata[2];
  g_assert_cmpstr (s->quarter, ==, "2025-Q4");
  g_assert_cmpuint (s->given, ==, 1);
}

/* A merged member's opportunities, given and received, follow the survivor. */
static void
test_merge (StoreFixture  *f,
            gconstpointer  data)
{
  g_autofree char *anna = add_member (f, "Anna", "Berg", "Nordlys AB", NULL);
  g_autofree char *anna2 = add_member (f, "Anna", "Berg", "Nordlys", NULL);
  g_autofree char *bo = add_member (f, "Bo", "Ek", "Ek Data", NULL);
  g_autofree char *given = add (f, anna2, bo, "{'title': 'G', 'given_on': '2025-07-03'}");
  g_autofree char *received = add (f, bo, anna2, "{'title': 'R', 'given_on': '2025-07-03'}");
  g_autoptr(GPtrArray) board = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_merge_members (f->store, anna, anna2, &error));
  g_assert_no_error (error);

  {
    g_autofree char *from = test_row_text (f->store, "opportunity", given, "from_member_id");
    g_autofree char *to = test_row_text (f->store, "opportunity", received, "to_member_id");

    g_assert_cmpstr (from, ==, anna);
    g_assert_cmpstr (to, ==, anna);
  }
  board = ch_givers_board_compute (f->store, f->chapter_id, "2025-01-01", "2025-12-31", &error);
  g_assert_cmpuint (board->len, ==, 2);
  g_assert_cmpstr (ch_givers_board_entry_get_member_id (board->pdata[0]), ==, anna);
}

/* The model rule alone, as the server calls it. */
static void
test_rule (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_opportunity_rule_check ("lost", NULL, "2025-01-01", NULL, "2025-01-02",
                                            "2025-01-02", &error));
  g_assert_false (ch_opportunity_rule_check ("given", NULL, "2025-01-01", "2025-01-02", NULL,
                                             "2025-02-01", &error));
  g_assert_error (error, CH_OPPORTUNITY_RULE_ERROR, CH_OPPORTUNITY_RULE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ch_opportunity_rule_check ("accepted", NULL, "2025-01-01", "2025-01-02",
                                             "2025-01-03", "2025-02-01", &error));
  g_assert_cmpstr (error->message, ==, "An opportunity that is still open has no closing date.");
  g_clear_error (&error);
  g_assert_false (ch_opportunity_rule_check ("pending", NULL, "2025-01-01", NULL, NULL,
                                             "2025-02-01", &error));
  g_clear_error (&error);
  g_assert_false (ch_opportunity_rule_check ("won", NULL, "2025-01-01", "2025-01-02",
                                             "2025-01-01", "2025-02-01", &error));
  g_assert_cmpstr (error->message, ==, "An opportunity cannot be won or lost before it was "
                                       "accepted.");
}

/* An erased member's opportunities stay as anonymous counts: the list
 * and the board say "Erased member" (no name, no company), the summary
 * still counts them. */
static void
test_erased (StoreFixture  *f,
             gconstpointer  data)
{
  g_autofree char *anna = add_member (f, "Anna", "Berg", "Nordlys AB", NULL);
  g_autofree char *bo = add_member (f, "Bo", "Ek", "Ek Data", NULL);
  const char *won = "{'title': 'W', 'specialty': 'azure', 'given_on': '2025-07-03',"
                    " 'status': 'won', 'accepted_on': '2025-07-04', 'closed_on': '2025-08-01'}";
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) board = NULL;
  g_autoptr(GPtrArray) summary = NULL;
  g_autoptr(GError) error = NULL;
  ChOpportunityFilter filter = { 0 };
  ChGiversBoardEntry *first;

  g_free (add (f, anna, bo, won));
  g_free (add (f, anna, bo, "{'title': 'A', 'specialty': 'azure', 'given_on': '2025-07-10'}"));
  g_free (add (f, bo, anna, "{'title': 'B', 'specialty': 'azure', 'given_on': '2025-07-20'}"));

  g_assert_true (ch_store_erase_member (f->store, anna, "Officer", &error));
  g_assert_no_error (error);

  list = ch_opportunities_list (f->store, f->chapter_id, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  /* Newest first: B (Bo → Anna), then A and W (Anna → Bo). */
  g_assert_cmpstr (ch_opportunity_get_giver_name (list->pdata[0]), ==, "Bo Ek");
  g_assert_cmpstr (ch_opportunity_get_receiver_name (list->pdata[0]), ==, "Erased member");
  g_assert_cmpstr (ch_opportunity_get_giver_name (list->pdata[1]), ==, "Erased member");
  g_assert_cmpstr (ch_opportunity_get_receiver_name (list->pdata[1]), ==, "Bo Ek");
  g_assert_cmpstr (ch_opportunity_get_giver_name (list->pdata[2]), ==, "Erased member");

  board = ch_givers_board_compute (f->store, f->chapter_id, "2025-07-01", "2025-09-30", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (board->len, ==, 2);
  first = board->pdata[0];
  g_assert_cmpstr (ch_givers_board_entry_get_member_name (first), ==, "Erased member");
  g_assert_null (ch_givers_board_entry_get_company (first));
  g_assert_cmpuint (ch_givers_board_entry_get_given (first), ==, 2);
  g_assert_cmpuint (ch_givers_board_entry_get_won (first), ==, 1);
  g_assert_cmpstr (ch_givers_board_entry_get_member_name (board->pdata[1]), ==, "Bo Ek");

  summary = ch_opportunity_summary_by_quarter (f->store, f->chapter_id, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->len, ==, 1);
  g_assert_cmpuint (((ChOpportunitySummary *) summary->pdata[0])->given, ==, 3);
  g_assert_cmpuint (((ChOpportunitySummary *) summary->pdata[0])->won, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  test_init_c_locale (&argc, &argv);

#define ADD(path, fn) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, fn, store_fixture_teardown)

  ADD ("/opportunities/add-and-read", test_add_and_read);
  ADD ("/opportunities/bad-input", test_bad_input);
  ADD ("/opportunities/transitions", test_transitions);
  ADD ("/opportunities/filters", test_filters);
  ADD ("/opportunities/board-ties", test_board);
  ADD ("/opportunities/who-can-help", test_who_can_help);
  ADD ("/opportunities/summary", test_summary);
  ADD ("/opportunities/merge", test_merge);
  ADD ("/opportunities/erased", test_erased);
  g_test_add_func ("/opportunities/rule", test_rule);

  return g_test_run ();
}
