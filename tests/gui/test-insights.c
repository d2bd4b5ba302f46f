/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ch-chart-view.h"
#include "ch-insights-card.h"
#include "ch-insights-page-private.h"
#include "ch-mail-compose-dialog-private.h"
#include "ch-window.h"
#include "ch-gui-test.h"

/* The first widget of @type under @widget, or NULL. */
static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static ChInsightsCard *
card_for (ChInsightsPage *page,
          const char     *key)
{
  GPtrArray *cards = ch_insights_page_get_cards (page);

  for (guint i = 0; i < cards->len; i++)
    if (g_strcmp0 (ch_insights_table_get_key (ch_insights_card_get_table (cards->pdata[i])),
                   key) == 0)
      return cards->pdata[i];

  return NULL;
}

/* The demo chapter's Insights: charts with something to say, the same
 * figures as tables at the flip of the switch, a tooltip per bar. */
static void
test_insights_demo (Fixture       *f,
                    gconstpointer  data)
{
  ChInsightsPage *page;
  ChInsightsCard *growth;
  AdwViewStack *stack;
  ChInsightsTable *tiers;
  ChInsights *insights;
  GtkWidget *chart;
  GPtrArray *cards;
  g_autofree char *tip = NULL;
  guint last;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-demo", NULL));
  WAIT_FOR (g_strcmp0 (ch_window_get_page (f->window), "chapter") == 0);
  WAIT_FOR (fixture_member_list (f) != NULL && fixture_n_shown (f) >= 200);

  stack = ADW_VIEW_STACK (find_widget (GTK_WIDGET (f->window), ADW_TYPE_VIEW_STACK));
  page = CH_INSIGHTS_PAGE (find_widget (GTK_WIDGET (f->window), CH_TYPE_INSIGHTS_PAGE));
  g_assert_nonnull (page);
  adw_view_stack_set_visible_child_name (stack, "insights");
  WAIT_FOR (ch_insights_page_get_insights (page) != NULL);
  insights = ch_insights_page_get_insights (page);
  cards = ch_insights_page_get_cards (page);
  g_assert_cmpuint (cards->len, >=, 10);

  /* Every chart of the demo says something. */
  tiers = ch_insights_get_table (insights, "growth-tiers");
  last = ch_insights_table_get_n_rows (tiers) - 1;
  g_assert_cmpfloat (ch_insights_table_get_value (tiers, last, 1), >, 50);
  g_assert_cmpuint (ch_insights_table_get_n_rows (ch_insights_get_table (insights,
                                                                          "events-attendance")),
                    >=, 6);
  g_assert_cmpfloat (ch_insights_table_get_value (ch_insights_get_table (insights,
                                                                          "growth-flow"), 0, 0),
                     >=, 0);
  g_assert_cmpstr (ch_insights_get_figure (insights, "conversion"), !=, "0 %");
  g_assert_cmpuint (ch_insights_table_get_n_rows (ch_insights_get_table (insights,
                                                                          "retention-reasons")),
                    >, 0);

  growth = card_for (page, "growth-tiers");
  g_assert_nonnull (growth);
  g_assert_false (ch_insights_card_get_show_table (growth));
  gui_test_save_shot (GTK_WIDGET (f->window), "insights-light");
  gui_test_save_shot (gtk_widget_get_ancestor (GTK_WIDGET (growth), ADW_TYPE_CLAMP),
                      "insights-all-light");

  /* The chart answers a hover over its last month. */
  chart = find_widget (GTK_WIDGET (growth), CH_TYPE_CHART_VIEW);
  WAIT_FOR (gtk_widget_get_width (chart) > 100);
  tip = ch_chart_view_dup_tooltip (CH_CHART_VIEW (chart), gtk_widget_get_width (chart) - 10,
                                   gtk_widget_get_height (chart) / 2.0);
  g_assert_nonnull (tip);
  g_assert_true (g_str_has_prefix (tip, ch_insights_table_get_row (tiers, last)));
  g_assert_nonnull (strstr (tip, ch_insights_table_get_text (tiers, last, 1)));

  /* Show as Table: the same figures as text. */
  gtk_switch_set_active (ch_insights_page_get_table_switch (page), TRUE);
  for (guint i = 0; i < cards->len; i++)
    g_assert_true (ch_insights_card_get_show_table (cards->pdata[i]));
  g_assert_cmpstr (ch_insights_card_get_cell_text (growth, last + 1, 0), ==,
                   ch_insights_table_get_row (tiers, last));
  g_assert_cmpstr (ch_insights_card_get_cell_text (growth, last + 1, 2), ==,
                   ch_insights_table_get_text (tiers, last, 1));
  gui_test_save_shot (GTK_WIDGET (f->window), "insights-table");

  gtk_switch_set_active (ch_insights_page_get_table_switch (page), FALSE);
  g_assert_false (ch_insights_card_get_show_table (growth));

  /* The demo's opportunities: given and won per quarter, a bar each. */
  {
    ChInsightsTable *quarters = ch_insights_get_table (insights, "opportunities-quarters");
    ChInsightsCard *card = card_for (page, "opportunities-quarters");
    GtkWidget *bars;
    g_autofree char *bar_tip = NULL;
    guint n;

    g_assert_nonnull (quarters);
    g_assert_nonnull (card);
    g_assert_nonnull (card_for (page, "opportunities-specialties"));
    g_assert_cmpstr (ch_insights_get_figure (insights, "opportunities-given"), !=, "0");
    g_assert_cmpstr (ch_insights_get_figure (insights, "opportunities-won"), !=, "0");
    n = ch_insights_table_get_n_rows (quarters);
    g_assert_cmpuint (n, >=, 4);

    gtk_widget_grab_focus (GTK_WIDGET (card));
    bars = find_widget (GTK_WIDGET (card), CH_TYPE_CHART_VIEW);
    WAIT_FOR (gtk_widget_get_width (bars) > 100);
    bar_tip = ch_chart_view_dup_tooltip (CH_CHART_VIEW (bars), gtk_widget_get_width (bars) - 10,
                                         gtk_widget_get_height (bars) / 2.0);
    g_assert_nonnull (bar_tip);
    g_assert_true (g_str_has_prefix (bar_tip, ch_insights_table_get_row (quarters, n - 1)));
    gui_test_save_shot (GTK_WIDGET (card), "insights-opportunities");

    gtk_switch_set_active (ch_insights_page_get_table_switch (page), TRUE);
    g_assert_cmpstr (ch_insights_card_get_cell_text (card, n, 0), ==,
                     ch_insights_table_get_row (quarters, n - 1));
    g_assert_cmpstr (ch_insights_card_get_cell_text (card, n, 1), ==,
                     ch_insights_table_get_text (quarters, n - 1, 0));
    g_assert_cmpstr (ch_insights_card_get_cell_text (card, n, 2), ==,
                     ch_insights_table_get_text (quarters, n - 1, 1));
    gtk_switch_set_active (ch_insights_page_get_table_switch (page), FALSE);
  }

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  gui_test_save_shot (GTK_WIDGET (f->window), "insights-dark");
  {
    GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (
      GTK_WIDGET (growth), GTK_TYPE_SCROLLED_WINDOW));
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (scrolled);

    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    gui_test_save_shot (GTK_WIDGET (f->window), "insights-dark-end");
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) / 2);
    gui_test_save_shot (GTK_WIDGET (f->window), "insights-dark-middle");
  }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);

  /* Write to Them: the e-mail window, for every member at risk. */
  g_assert_cmpuint (ch_insights_get_n_at_risk (insights), >, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "insights.write-at-risk", NULL));
  WAIT_FOR (find_toplevel (CH_TYPE_MAIL_COMPOSE_DIALOG) != NULL);
  {
    ChMailComposeDialog *compose = CH_MAIL_COMPOSE_DIALOG (
      find_toplevel (CH_TYPE_MAIL_COMPOSE_DIALOG));

    /* No mail account in the test: the way out (copy the addresses). */
    g_assert_true (ch_mail_compose_dialog_is_fallback (compose));
    gui_test_save_shot (GTK_WIDGET (compose), "insights-write-to-them");
    gtk_window_destroy (GTK_WINDOW (compose));
  }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/gui/insights/demo", Fixture, NULL, fixture_set_up, test_insights_demo,
              fixture_tear_down);

  return g_test_run ();
}
