/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ch-store-sync.h"
#include "ch-sync-issues-popover.h"
#include "ch-window.h"

#include "ch-gui-test.h"

/*
 * What the server refused or overrode shows beside the sync button, with
 * the reason, in the window under Xvfb, until the officer dismisses it.
 */

/* The first label under @widget whose text contains @part, or NULL. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *part)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), part) != NULL)
    return GTK_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, part);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The "Dismiss" button of the row that holds @label. */
static GtkButton *
row_dismiss_button (GtkLabel *label)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (label), GTK_TYPE_LIST_BOX_ROW);
  GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));

  return GTK_BUTTON (gtk_widget_get_last_child (box));
}

static const char *
button_label (GtkWidget *button)
{
  GtkWidget *content = gtk_menu_button_get_child (GTK_MENU_BUTTON (button));

  return adw_button_content_get_label (ADW_BUTTON_CONTENT (content));
}

static void
record (Fixture    *f,
        const char *member_id,
        const char *city,
        const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) set = json_object_new ();
  ChStoreOutboxEntry entry = { 0 };

  json_object_set_string_member (set, "city", city);
  entry.mid = 7;
  entry.chapter_id = (char *) fixture_chapter_id (f);
  entry.entity = (char *) "member";
  entry.row_id = (char *) member_id;
  entry.op = (char *) "update";
  entry.set = set;
  ch_store_record_rejection (fixture_store (f), &entry, message, &error);
  g_assert_no_error (error);
}

static void
test_refused_change_listed (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *id = NULL;
  GtkWidget *button;
  GtkPopover *popover;
  GtkLabel *reason;
  const char *label;

  create_chapter (f);
  json_object_set_string_member (fields, "given_name", "Lena");
  json_object_set_string_member (fields, "family_name", "Huber");
  id = fixture_add_member (f, fields);

  button = g_object_get_data (G_OBJECT (f->window), "ch-sync-issues-button");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_visible (button));

  /* A sync brings two refusals from the server. */
  record (f, id, "Graz", "The city “Graz” is not allowed here");
  record (f, id, "Linz", "The city “Linz” is not allowed here");
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  ch_sync_issues_popover_reload (CH_SYNC_ISSUES_POPOVER (popover));
  g_assert_true (gtk_widget_get_visible (button));
  label = button_label (button);
  g_assert_cmpstr (label, ==, "2 changes not taken");

  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (popover)));
  reason = find_label (GTK_WIDGET (popover), "“Graz” is not allowed");
  g_assert_nonnull (reason);
  g_assert_cmpstr (gtk_label_get_text (reason), ==,
                   "The server refused a change to Lena Huber: "
                   "The city “Graz” is not allowed here");
  g_assert_nonnull (find_label (GTK_WIDGET (popover), "“Linz” is not allowed"));

  /* Dismissed: gone from the list, the store and the next start. */
  g_signal_emit_by_name (row_dismiss_button (reason), "clicked");
  g_assert_null (find_label (GTK_WIDGET (popover), "“Graz” is not allowed"));
  g_assert_nonnull (find_label (GTK_WIDGET (popover), "“Linz” is not allowed"));
  g_assert_cmpuint (ch_store_count_sync_issues (fixture_store (f), fixture_chapter_id (f)), ==, 1);
  label = button_label (button);
  g_assert_cmpstr (label, ==, "1 change not taken");

  reason = find_label (GTK_WIDGET (popover), "“Linz” is not allowed");
  g_signal_emit_by_name (row_dismiss_button (reason), "clicked");
  g_assert_null (find_label (GTK_WIDGET (popover), "is not allowed"));
  g_assert_cmpuint (ch_store_count_sync_issues (fixture_store (f), fixture_chapter_id (f)), ==, 0);
  g_assert_false (gtk_widget_get_visible (button));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/gui/sync/issues", Fixture, NULL, fixture_set_up,
              test_refused_change_listed, fixture_tear_down);

  return g_test_run ();
}
