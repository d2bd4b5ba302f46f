/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ch-chapter-dialog.h"
#include "ch-window.h"

#include "ch-gui-test.h"

/*
 * The chapter itself in the window: Create Your Chapter, changing its
 * settings in Preferences, switching between the chapters on this
 * computer and removing one.
 */

static guint
n_chapters (Fixture *f)
{
  g_autoptr(GPtrArray) chapters = ch_store_list_chapters (fixture_store (f), NULL);

  return chapters->len;
}

/* For a person checking the screens: with CH_LOOK=STAGE the test stops
 * at that point for a while, so that /work/shared/tools/shot can take a
 * picture of the screen.  Does nothing otherwise. */
static void
look (const char *stage)
{
  gboolean done = FALSE;

  if (g_strcmp0 (g_getenv ("CH_LOOK"), stage) != 0)
    return;

  g_timeout_add_seconds (60, gui_test_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* The @n-th widget of @type under @root, depth first. */
static GtkWidget *
find_widget (GtkWidget *root,
             GType      type,
             guint     *n)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && (*n)-- == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, n);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Opens the @n-th searchable list of @root and types @text in its search. */
static void
search_in_list (GtkWidget  *root,
                guint       n,
                const char *text)
{
  guint first = 0;
  GtkWidget *drop_down = find_widget (root, GTK_TYPE_DROP_DOWN, &n);
  GtkWidget *entry;

  g_assert_nonnull (drop_down);
  g_signal_emit_by_name (drop_down, "activate");
  entry = find_widget (drop_down, GTK_TYPE_SEARCH_ENTRY, &first);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

/* Enter with the form as it opens (a name typed, nothing else chosen)
 * must not make a chapter in UTC with no dues: it says what is missing. */
static void
test_enter_with_defaults (Fixture       *f,
                          gconstpointer  data)
{
  ChChapterDialog *dialog = open_chapter_dialog (f);

  gtk_editable_set_text (ch_chapter_dialog_get_entry (dialog, "name"), "Chapter Oslo");
  /* What Enter does where no widget takes it itself. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "default.activate", NULL));
  /* The default button is "pressed" for a moment before it clicks. */
  WAIT_FOR (n_chapters (f) > 0 || ch_chapter_dialog_get_error (dialog) != NULL);

  g_assert_cmpuint (n_chapters (f), ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_nonnull (ch_chapter_dialog_get_error (dialog));
  g_assert_nonnull (strstr (ch_chapter_dialog_get_error (dialog), "country"));
  g_assert_cmpstr (ch_window_get_page (f->window), ==, "welcome");
}

/* The country picks the zone and the currency; the city picks the zone of
 * a country with several; Enter then makes the chapter. */
static void
test_guesses_from_country (Fixture       *f,
                           gconstpointer  data)
{
  ChChapterDialog *dialog = open_chapter_dialog (f);
  g_autoptr(GPtrArray) chapters = NULL;
  ChChapter *chapter;

  gtk_editable_set_text (ch_chapter_dialog_get_entry (dialog, "name"), "IAMCP Chicago");
  gtk_editable_set_text (ch_chapter_dialog_get_entry (dialog, "city"), "Chicago");
  g_assert_true (ch_chapter_dialog_select (dialog, "country", "US"));
  g_assert_cmpstr (ch_chapter_dialog_get_choice (dialog, "country", TRUE), ==, "United States");
  g_assert_cmpstr (ch_chapter_dialog_get_choice (dialog, "timezone", FALSE), ==, "America/Chicago");
  g_assert_cmpstr (ch_chapter_dialog_get_choice (dialog, "timezone", TRUE), ==, "Chicago (CST/CDT)");
  g_assert_cmpstr (ch_chapter_dialog_get_choice (dialog, "currency", FALSE), ==, "USD");

  /* Another country: its main zone, as the officer has not picked one. */
  gtk_editable_set_text (ch_chapter_dialog_get_entry (dialog, "city"), "Stockholm");
  g_assert_true (ch_chapter_dialog_select (dialog, "country", "SE"));
  g_assert_cmpstr (ch_chapter_dialog_get_choice (dialog, "timezone", TRUE), ==, "Stockholm (CET/CEST)");
  g_assert_cmpstr (ch_chapter_dialog_get_choice (dialog, "currency", FALSE), ==, "SEK");
  look ("create-dialog");
  if (g_getenv ("CH_LOOK") != NULL)
    {
      search_in_list (GTK_WIDGET (dialog), 1, "Sto");
      look ("create-dialog-search");
    }
  g_assert_true (ch_chapter_dialog_select (dialog, "country", "AU"));
  g_assert_cmpstr (ch_chapter_dialog_get_choice (dialog, "timezone", FALSE), ==, "Australia/Sydney");
  g_assert_cmpstr (ch_chapter_dialog_get_choice (dialog, "timezone", TRUE), ==, "Sydney (AEST/AEDT)");

  /* A zone picked by hand stays. */
  g_assert_true (ch_chapter_dialog_select (dialog, "timezone", "Europe/Helsinki"));
  g_assert_true (ch_chapter_dialog_select (dialog, "country", "SE"));
  g_assert_cmpstr (ch_chapter_dialog_get_choice (dialog, "timezone", FALSE), ==, "Europe/Helsinki");
  g_assert_true (ch_chapter_dialog_select (dialog, "timezone", "Europe/Stockholm"));

  /* Dues are asked for, then Enter makes the chapter. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "default.activate", NULL));
  WAIT_FOR (ch_chapter_dialog_get_error (dialog) != NULL);
  g_assert_nonnull (strstr (ch_chapter_dialog_get_error (dialog), "dues"));
  g_assert_cmpuint (n_chapters (f), ==, 0);

  gtk_editable_set_text (ch_chapter_dialog_get_entry (dialog, "amount"), "0");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "default.activate", NULL));
  WAIT_FOR (n_chapters (f) == 1);

  chapters = ch_store_list_chapters (fixture_store (f), NULL);
  chapter = g_ptr_array_index (chapters, 0);
  g_assert_cmpstr (ch_chapter_get_country (chapter), ==, "SE");
  g_assert_cmpstr (ch_chapter_get_timezone (chapter), ==, "Europe/Stockholm");
  g_assert_cmpstr (ch_chapter_get_currency (chapter), ==, "SEK");
  g_assert_cmpstr (ch_chapter_get_city (chapter), ==, "Stockholm");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/gui/chapter/enter-with-defaults", Fixture, NULL, fixture_set_up,
              test_enter_with_defaults, fixture_tear_down);

  g_test_add ("/gui/chapter/guesses-from-country", Fixture, NULL, fixture_set_up,
              test_guesses_from_country, fixture_tear_down);

  return g_test_run ();
}
