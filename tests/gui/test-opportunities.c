/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "ch-gui-test.h"
#include "ch-member-dialog-private.h"
#include "ch-member-opportunities-panel.h"
#include "ch-member.h"
#include "ch-opportunities-page-private.h"
#include "ch-opportunities.h"
#include "ch-opportunity-dialog-private.h"
#include "ch-specialties.h"

/*
 * The givers' game as a president plays it: give an opportunity from a
 * member's page, move it to won, and read it out on the Givers' Board;
 * find who can help with a specialty.
 */

static char *
add_member (Fixture    *f,
            const char *given,
            const char *family,
            const char *company,
            const char *specialty)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  const char *list[] = { specialty, NULL };
  char *id;

  json_object_set_string_member (fields, "given_name", given);
  json_object_set_string_member (fields, "family_name", family);
  json_object_set_string_member (fields, "company", company);
  json_object_set_string_member (fields, "tier", "network");
  json_object_set_string_member (fields, "joined_on", "2024-01-10");
  id = fixture_add_member (f, fields);
  g_assert_true (ch_specialties_set (fixture_store (f), id, list, &error));
  g_assert_no_error (error);

  return id;
}

static const char *
picked (ChOpportunityDialog *dialog,
        const char          *name)
{
  ChMember *member = gtk_drop_down_get_selected_item (
    GTK_DROP_DOWN (ch_opportunity_dialog_get_widget (dialog, name)));

  return member ? ch_member_get_id (member) : NULL;
}

static char *
panel_titles (ChMemberOpportunitiesPanel *panel,
              gboolean                    given)
{
  WAIT_FOR (!ch_member_opportunities_panel_get_loading (panel));
  return ch_member_opportunities_panel_dup_titles (panel, given);
}

static void
test_give_win_board (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *anna = NULL;
  g_autofree char *bo = NULL;
  g_autofree char *id = NULL;
  g_autofree char *titles = NULL;
  g_autofree char *board = NULL;
  g_autofree char *ledger = NULL;
  g_autofree char *helpers = NULL;
  g_autoptr(GPtrArray) list = NULL;
  ChMemberDialog *member;
  ChMemberOpportunitiesPanel *panel;
  ChOpportunityDialog *give;
  ChOpportunitiesPage *page;
  GtkWidget *stack;

  create_chapter (f);
  anna = add_member (f, "Anna", "Berg", "Nordlys AB", "modern-work");
  bo = add_member (f, "Bo", "Ek", "Ek Cloud", "azure");
  WAIT_FOR (fixture_n_shown (f) == 2);

  /* An empty ledger says what to do. */
  page = ch_window_get_opportunities_page (f->window);
  stack = gtk_widget_get_ancestor (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "opportunities");
  WAIT_FOR (!ch_opportunities_page_get_loading (page));
  gui_test_save_shot (GTK_WIDGET (f->window), "opportunities-empty");
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "members");

  /* The member's page: nothing yet, and it says what to do. */
  ch_members_page_open_member (ch_window_get_members_page (f->window), anna);
  member = CH_MEMBER_DIALOG (find_toplevel (CH_TYPE_MEMBER_DIALOG));
  g_assert_nonnull (member);
  ch_member_dialog_show_page (member, "opportunities");
  panel = ch_member_dialog_get_opportunities_panel (member);
  titles = panel_titles (panel, TRUE);
  g_assert_cmpstr (titles, ==, "");

  /* Give an Opportunity: Anna is the giver already. */
  give = CH_OPPORTUNITY_DIALOG (open_toplevel (member, "member.give-opportunity",
                                               CH_TYPE_OPPORTUNITY_DIALOG));
  WAIT_FOR (g_strcmp0 (picked (give, "giver"), anna) == 0);
  gtk_editable_set_text (GTK_EDITABLE (ch_opportunity_dialog_get_widget (give, "title")),
                         "Azure landing zone for a retailer");

  /* Saving without a receiver says what is missing, and keeps what was typed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (give), "opportunity.save", NULL));
  g_assert_cmpstr (ch_opportunity_dialog_get_error (give), ==,
                   "Choose the member who received it, or turn on “Given to the Chapter”.");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ch_opportunity_dialog_get_widget (
                     give, "title"))), ==, "Azure landing zone for a retailer");

  g_assert_true (ch_opportunity_dialog_pick_member (give, FALSE, bo));
  adw_combo_row_set_selected (ADW_COMBO_ROW (ch_opportunity_dialog_get_widget (give, "value")),
                              2);
  gui_test_save_shot (GTK_WIDGET (give), "opportunity-give");
  activate_and_wait_closed (give, "opportunity.save", CH_TYPE_OPPORTUNITY_DIALOG);

  WAIT_FOR ((g_free (titles), titles = panel_titles (panel, TRUE),
             g_strcmp0 (titles, "Azure landing zone for a retailer\n") == 0));
  list = ch_opportunities_list (fixture_store (f), fixture_chapter_id (f), NULL, NULL);
  g_assert_cmpuint (list->len, ==, 1);
  id = g_strdup (ch_opportunity_get_id (list->pdata[0]));
  g_assert_cmpstr (ch_opportunity_get_receiver_id (list->pdata[0]), ==, bo);
  g_assert_cmpstr (ch_opportunity_get_value_band (list->pdata[0]), ==, "10k-50k");
  gui_test_save_shot (GTK_WIDGET (member), "member-opportunities-tab");

  /* Move it to won, with the day it was accepted. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (member), "member.edit-opportunity",
                                             "s", id));
  give = CH_OPPORTUNITY_DIALOG (find_toplevel (CH_TYPE_OPPORTUNITY_DIALOG));
  g_assert_nonnull (give);
  WAIT_FOR (g_strcmp0 (picked (give, "receiver"), bo) == 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (ch_opportunity_dialog_get_widget (give, "status")),
                              2);
  /* Won straight from given: refused until the accepted day is there. */
  gtk_editable_set_text (GTK_EDITABLE (ch_opportunity_dialog_get_widget (give, "accepted")), "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (give), "opportunity.save", NULL));
  g_assert_cmpstr (ch_opportunity_dialog_get_error (give), ==,
                   "An opportunity is won only after it was accepted; enter the day it was "
                   "accepted.");
  {
    g_autoptr(ChOpportunity) still = ch_opportunities_get (fixture_store (f), id, NULL);

    g_assert_cmpstr (ch_opportunity_get_status (still), ==, "given");
  }
  gtk_editable_set_text (GTK_EDITABLE (ch_opportunity_dialog_get_widget (give, "accepted")),
                         gtk_editable_get_text (GTK_EDITABLE (ch_opportunity_dialog_get_widget (
                           give, "given"))));
  gui_test_save_shot (GTK_WIDGET (give), "opportunity-won");
  activate_and_wait_closed (give, "opportunity.save", CH_TYPE_OPPORTUNITY_DIALOG);
  {
    g_autoptr(ChOpportunity) won = ch_opportunities_get (fixture_store (f), id, NULL);

    g_assert_cmpstr (ch_opportunity_get_status (won), ==, "won");
  }
  gtk_window_close (GTK_WINDOW (member));

  /* The Opportunities page: the ledger and this quarter's board. */
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "opportunities");
  WAIT_FOR (!ch_opportunities_page_get_loading (page));
  ledger = ch_opportunities_page_dup_ledger (page);
  g_assert_cmpstr (ledger, ==, "Azure landing zone for a retailer\n");
  gui_test_save_shot (GTK_WIDGET (f->window), "opportunities-ledger");
  board = ch_opportunities_page_dup_board (page);
  g_assert_cmpstr (board, ==, "1 Anna Berg 1/1\n");
  ch_opportunities_page_show (page, "board");
  gui_test_save_shot (GTK_WIDGET (f->window), "opportunities-board");

  /* Last year's board is empty. */
  ch_opportunities_page_set_board_period (page, 3);
  WAIT_FOR (!ch_opportunities_page_get_loading (page));
  g_free (board);
  board = ch_opportunities_page_dup_board (page);
  g_assert_cmpstr (board, ==, "");
  ch_opportunities_page_set_board_period (page, 0);
  WAIT_FOR (!ch_opportunities_page_get_loading (page));

  /* Who can help with Azure: Bo, who won it. */
  ch_opportunities_page_search_helpers (page, "azure");
  WAIT_FOR (!ch_opportunities_page_get_loading (page));
  helpers = ch_opportunities_page_dup_helpers (page);
  g_assert_cmpstr (helpers, ==, "Bo Ek\n");
  ch_opportunities_page_show (page, "helpers");
  gui_test_save_shot (GTK_WIDGET (f->window), "opportunities-helpers");
}

/* The demo chapter has a ledger, a board for this year and people who
 * can help with Azure. */
static void
test_demo (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *ledger = NULL;
  g_autofree char *board = NULL;
  g_autofree char *helpers = NULL;
  ChOpportunitiesPage *page;
  GtkWidget *stack;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-demo", NULL));
  WAIT_FOR (g_strcmp0 (ch_window_get_page (f->window), "chapter") == 0);
  WAIT_FOR (fixture_member_list (f) != NULL && fixture_n_shown (f) >= 200);

  page = ch_window_get_opportunities_page (f->window);
  stack = gtk_widget_get_ancestor (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "opportunities");
  WAIT_FOR (!ch_opportunities_page_get_loading (page));
  ledger = ch_opportunities_page_dup_ledger (page);
  {
    g_auto(GStrv) lines = g_strsplit (ledger, "\n", -1);

    /* 60 titles and the empty string after the last newline. */
    g_assert_cmpuint (g_strv_length (lines), ==, 61);
  }

  ch_opportunities_page_set_board_period (page, 2);
  WAIT_FOR (!ch_opportunities_page_get_loading (page));
  board = ch_opportunities_page_dup_board (page);
  g_assert_true (g_str_has_prefix (board, "1"));
  ch_opportunities_page_show (page, "board");
  gui_test_save_shot (GTK_WIDGET (f->window), "opportunities-demo-board");
  ch_opportunities_page_show (page, "ledger");
  gui_test_save_shot (GTK_WIDGET (f->window), "opportunities-demo-ledger");

  ch_opportunities_page_search_helpers (page, "Azure");
  WAIT_FOR (!ch_opportunities_page_get_loading (page));
  helpers = ch_opportunities_page_dup_helpers (page);
  g_assert_cmpstr (helpers, !=, "");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/gui/opportunities/give-win-board", Fixture, NULL, fixture_set_up,
              test_give_win_board, fixture_tear_down);
  g_test_add ("/gui/opportunities/demo", Fixture, NULL, fixture_set_up,
              test_demo, fixture_tear_down);

  return g_test_run ();
}
