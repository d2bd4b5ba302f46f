/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ch-chapter-dialog-private.h"
#include "ch-chapter-dialog.h"
#include "ch-chapter-preferences-page-private.h"
#include "ch-chapter-preferences-page.h"
#include "ch-member-dialog-private.h"
#include "ch-member-private.h"
#include "ch-preferences-window.h"
#include "ch-store-private.h"
#include "ch-store-sync.h"
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

  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
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
  g_assert_cmpstr (ch_chapter_dialog_get_choice (dialog, "timezone", TRUE), ==,
                   "Chicago (CST/CDT)");
  g_assert_cmpstr (ch_chapter_dialog_get_choice (dialog, "currency", FALSE), ==, "USD");

  /* Another country: its main zone, as the officer has not picked one. */
  gtk_editable_set_text (ch_chapter_dialog_get_entry (dialog, "city"), "Stockholm");
  g_assert_true (ch_chapter_dialog_select (dialog, "country", "SE"));
  g_assert_cmpstr (ch_chapter_dialog_get_choice (dialog, "timezone", TRUE), ==,
                   "Stockholm (CET/CEST)");
  g_assert_cmpstr (ch_chapter_dialog_get_choice (dialog, "currency", FALSE), ==, "SEK");
  look ("create-dialog");
  if (g_getenv ("CH_LOOK") != NULL)
    {
      gboolean country = g_strcmp0 (g_getenv ("CH_LOOK"), "country-search") == 0;

      search_in_list (GTK_WIDGET (dialog), country ? 0 : 1, country ? "Swe" : "Sto");
      look ("create-dialog-search");
      look ("country-search");
    }
  g_assert_true (ch_chapter_dialog_select (dialog, "country", "AU"));
  g_assert_cmpstr (ch_chapter_dialog_get_choice (dialog, "timezone", FALSE), ==,
                   "Australia/Sydney");
  g_assert_cmpstr (ch_chapter_dialog_get_choice (dialog, "timezone", TRUE), ==,
                   "Sydney (AEST/AEDT)");

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

static ChChapterPreferencesPage *
open_chapter_preferences (Fixture *f)
{
  GtkWindow *prefs = open_toplevel (f->window, "win.preferences", CH_TYPE_PREFERENCES_WINDOW);
  guint first = 0;
  GtkWidget *page = find_widget (GTK_WIDGET (prefs), CH_TYPE_CHAPTER_PREFERENCES_PAGE, &first);

  g_assert_nonnull (page);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "chapter");
  return CH_CHAPTER_PREFERENCES_PAGE (page);
}

/* "You can change all of this later": Preferences → Chapter does, as a
 * synced edit, and the window follows. */
static void
test_preferences_page (Fixture       *f,
                       gconstpointer  data)
{
  ChChapterPreferencesPage *page;
  g_autoptr(ChChapter) chapter = NULL;
  g_autoptr(ChStoreOutboxEntry) last = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GError) error = NULL;

  create_chapter (f);
  page = open_chapter_preferences (f);
  g_assert_cmpstr (gtk_editable_get_text (ch_chapter_preferences_page_get_entry (page, "name")), ==,
                   "Chapter Stockholm");
  look ("preferences");

  gtk_editable_set_text (ch_chapter_preferences_page_get_entry (page, "name"), "IAMCP Oslo");
  gtk_editable_set_text (ch_chapter_preferences_page_get_entry (page, "city"), "Oslo");
  g_assert_true (ch_chapter_preferences_page_select (page, "country", "NO"));
  g_assert_true (ch_chapter_preferences_page_select (page, "timezone", "Europe/Oslo"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "chapter-page.save", NULL));
  g_assert_nonnull (strstr (ch_chapter_preferences_page_get_message (page), "Saved"));

  chapter = ch_store_get_chapter (fixture_store (f), fixture_chapter_id (f), NULL);
  g_assert_cmpstr (ch_chapter_get_name (chapter), ==, "IAMCP Oslo");
  g_assert_cmpstr (ch_chapter_get_city (chapter), ==, "Oslo");
  g_assert_cmpstr (ch_chapter_get_country (chapter), ==, "NO");
  g_assert_cmpstr (ch_chapter_get_timezone (chapter), ==, "Europe/Oslo");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "IAMCP Oslo");

  /* Sent like any other edit. */
  outbox = ch_store_outbox_list (fixture_store (f), fixture_chapter_id (f), 1000, &error);
  g_assert_no_error (error);
  last = g_ptr_array_steal_index (outbox, outbox->len - 1);
  g_assert_cmpstr (last->entity, ==, "chapter");
  g_assert_cmpstr (last->op, ==, "update");
  g_assert_cmpstr (json_object_get_string_member (last->set, "country"), ==, "NO");
  g_assert_cmpstr (json_object_get_string_member (last->base, "country"), ==, "SE");

  /* Dues and tiers are one click away, on the Membership page. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "chapter-page.show-membership",
                                             NULL));
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (
                     ADW_PREFERENCES_WINDOW (find_toplevel (CH_TYPE_PREFERENCES_WINDOW))), ==,
                   "membership");

  /* A name is needed. */
  gtk_editable_set_text (ch_chapter_preferences_page_get_entry (page, "name"), " ");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "chapter-page.save", NULL));
  g_assert_nonnull (strstr (ch_chapter_preferences_page_get_message (page), "name"));
  g_clear_object (&chapter);
  chapter = ch_store_get_chapter (fixture_store (f), fixture_chapter_id (f), NULL);
  g_assert_cmpstr (ch_chapter_get_name (chapter), ==, "IAMCP Oslo");
}

/* Older text that is no country is shown as it is and kept when
 * something else is saved. */
static void
test_preferences_keeps_other_country (Fixture       *f,
                                      gconstpointer  data)
{
  ChChapterPreferencesPage *page;
  g_autoptr(ChChapter) chapter = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  GtkDropDown *country;
  guint first = 0;

  create_chapter (f);
  sql = g_strdup_printf ("UPDATE chapter SET country = 'Atlantis' WHERE id = '%s'",
                         fixture_chapter_id (f));
  ch_store_exec_for_test (fixture_store (f), sql, &error);
  g_assert_no_error (error);

  page = open_chapter_preferences (f);
  country = GTK_DROP_DOWN (find_widget (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN, &first));
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (country)), ==,
                   "Atlantis");

  gtk_editable_set_text (ch_chapter_preferences_page_get_entry (page, "city"), "Poseidonia");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "chapter-page.save", NULL));
  g_assert_nonnull (strstr (ch_chapter_preferences_page_get_message (page), "Saved"));
  chapter = ch_store_get_chapter (fixture_store (f), fixture_chapter_id (f), NULL);
  g_assert_cmpstr (ch_chapter_get_country (chapter), ==, "Atlantis");
  g_assert_cmpstr (ch_chapter_get_city (chapter), ==, "Poseidonia");
}

/* The main menu of the window (its primary menu button's). */
static GMenuModel *
primary_menu (Fixture *f)
{
  for (guint n = 0;; n++)
    {
      guint i = n;
      GtkWidget *button = find_widget (GTK_WIDGET (f->window), GTK_TYPE_MENU_BUTTON, &i);

      g_assert_nonnull (button);
      if (gtk_menu_button_get_primary (GTK_MENU_BUTTON (button)))
        return gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
    }
}

/* How many chapters the first section of @menu lists. */
static int
n_listed_chapters (GMenuModel *menu)
{
  g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);

  return g_menu_model_get_n_items (section);
}

/* After Create Another Chapter… the first is one click away in the main
 * menu; removing a chapter takes it off this computer only. */
static void
test_switch_and_remove (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(JsonObject) astrid = json_object_new ();
  g_autofree char *astrid_id = NULL;
  ChChapterDialog *dialog;
  GtkWindow *confirm;
  GMenuModel *menu;

  create_chapter (f);
  first = g_strdup (fixture_chapter_id (f));
  json_object_set_string_member (astrid, "given_name", "Astrid");
  json_object_set_string_member (astrid, "family_name", "Lindgren");
  astrid_id = fixture_add_member (f, astrid);
  WAIT_FOR (fixture_n_shown (f) == 1);
  /* One chapter: nothing to switch to. */
  menu = primary_menu (f);
  g_assert_cmpint (n_listed_chapters (menu), ==, 0);

  dialog = open_chapter_dialog (f);
  gtk_editable_set_text (ch_chapter_dialog_get_entry (dialog, "name"), "IAMCP Norway");
  gtk_editable_set_text (ch_chapter_dialog_get_entry (dialog, "amount"), "0");
  g_assert_true (ch_chapter_dialog_select (dialog, "country", "NO"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "chapter.create", NULL));
  WAIT_FOR (g_strcmp0 (gtk_window_get_title (GTK_WINDOW (f->window)), "IAMCP Norway") == 0);
  second = g_strdup (fixture_chapter_id (f));
  WAIT_FOR (fixture_n_shown (f) == 0);

  /* The menu lists both chapters. */
  {
    GMenuModel *section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
    g_autofree char *label = NULL;

    g_assert_cmpint (g_menu_model_get_n_items (section), ==, 2);
    g_assert_true (
      g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
    g_assert_cmpstr (label, ==, "Chapter Stockholm");
    g_object_unref (section);
  }
  g_assert_cmpstr (fixture_chapter_id (f), ==, second);
  if (g_strcmp0 (g_getenv ("CH_LOOK"), "switcher") == 0)
    {
      for (guint n = 0;; n++)
        {
          guint i = n;
          GtkWidget *button = find_widget (GTK_WIDGET (f->window), GTK_TYPE_MENU_BUTTON, &i);

          if (!gtk_menu_button_get_primary (GTK_MENU_BUTTON (button)) &&
              gtk_widget_get_mapped (button) &&
              gtk_menu_button_get_always_show_arrow (GTK_MENU_BUTTON (button)))
            {
              gtk_menu_button_popup (GTK_MENU_BUTTON (button));
              break;
            }
        }
      look ("switcher");
    }

  /* Back to the first chapter and its members. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "chapter.open", "s", first));
  g_assert_cmpstr (fixture_chapter_id (f), ==, first);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "Chapter Stockholm");
  WAIT_FOR (fixture_n_shown (f) == 1);

  /* Remove the second: asked first, naming it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "chapter.open", "s", second));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "chapter.remove", NULL));
  confirm = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (confirm);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (confirm)), ==,
                   "Remove “IAMCP Norway” From This Computer?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (confirm)),
                            "only on this computer"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (confirm)),
                            "with the 1 change made here"));
  look ("remove");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "remove");

  g_assert_cmpuint (n_chapters (f), ==, 1);
  g_assert_cmpstr (fixture_chapter_id (f), ==, first);
  WAIT_FOR (fixture_n_shown (f) == 1);
  g_assert_cmpuint (ch_store_outbox_count (fixture_store (f), second), ==, 0);
  g_assert_cmpint (n_listed_chapters (menu), ==, 0);
}

/* For a chapter linked to a server, the question says the server keeps
 * it and how many changes would be lost; Cancel keeps everything. */
static void
test_remove_linked_asks (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonObject) member = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  GtkWindow *confirm;
  const char *body;

  create_chapter (f);
  g_assert_true (ch_store_set_sync_state (fixture_store (f), fixture_chapter_id (f),
                                          "https://sync.example.org", NULL, 0, &error));
  g_assert_no_error (error);
  json_object_set_string_member (member, "given_name", "Astrid");
  json_object_set_string_member (member, "family_name", "Lindgren");
  id = fixture_add_member (f, member);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "chapter.remove", NULL));
  confirm = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (confirm);
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (confirm));
  g_assert_nonnull (strstr (body, "stays on the server at https://sync.example.org"));
  g_assert_nonnull (strstr (body, "2 changes made here have not been sent yet and will be lost"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "cancel");

  g_assert_cmpuint (n_chapters (f), ==, 1);
  g_assert_cmpuint (ch_store_count_members (fixture_store (f), fixture_chapter_id (f)), ==, 1);
  g_assert_cmpuint (ch_store_outbox_count (fixture_store (f), fixture_chapter_id (f)), ==, 2);
}

/* A new member's form starts with the chapter's country by name, and the
 * code is what is kept. */
static void
test_member_country_shown_by_name (Fixture       *f,
                                   gconstpointer  data)
{
  GtkWindow *dialog;
  g_autoptr(ChMember) member = NULL;
  g_autofree char *id = NULL;

  create_chapter (f);
  dialog = open_toplevel (f->window, "win.add-member", CH_TYPE_MEMBER_DIALOG);
  g_assert_cmpstr (
    gtk_editable_get_text (ch_member_dialog_get_entry (CH_MEMBER_DIALOG (dialog), "country")), ==,
    "Sweden");
  gtk_editable_set_text (ch_member_dialog_get_entry (CH_MEMBER_DIALOG (dialog), "given_name"),
                         "Karin");
  gtk_editable_set_text (ch_member_dialog_get_entry (CH_MEMBER_DIALOG (dialog), "family_name"),
                         "Berg");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "member.save", NULL));
  WAIT_FOR (fixture_n_shown (f) == 1);

  member = g_list_model_get_item (G_LIST_MODEL (fixture_member_list (f)), 0);
  id = g_strdup (ch_member_get_id (member));
  g_assert_cmpstr (ch_member_get_text (member, "country"), ==, "SE");
  g_assert_cmpstr (ch_member_get_location (member), ==, "Sweden");
}

/* A computer set to Chicago's clock starts the form in the United States
 * with Chicago's zone (not the country's main one, New York), and the zone
 * still follows when the officer picks another country. */
static void
test_local_zone_first_guess (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *old_tz = g_strdup (g_getenv ("TZ"));
  ChChapterDialog *dialog;

  g_setenv ("TZ", "America/Chicago", TRUE);
  dialog = open_chapter_dialog (f);
  if (old_tz != NULL)
    g_setenv ("TZ", old_tz, TRUE);
  else
    g_unsetenv ("TZ");

  g_assert_cmpstr (ch_chapter_dialog_get_choice (dialog, "country", FALSE), ==, "US");
  g_assert_cmpstr (ch_chapter_dialog_get_choice (dialog, "timezone", FALSE), ==, "America/Chicago");
  g_assert_cmpstr (ch_chapter_dialog_get_choice (dialog, "currency", FALSE), ==, "USD");

  g_assert_true (ch_chapter_dialog_select (dialog, "country", "SE"));
  g_assert_cmpstr (ch_chapter_dialog_get_choice (dialog, "timezone", FALSE), ==,
                   "Europe/Stockholm");
  g_assert_cmpstr (ch_chapter_dialog_get_choice (dialog, "currency", FALSE), ==, "SEK");
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

  g_test_add ("/gui/chapter/preferences", Fixture, NULL, fixture_set_up,
              test_preferences_page, fixture_tear_down);
  g_test_add ("/gui/chapter/preferences-other-country", Fixture, NULL, fixture_set_up,
              test_preferences_keeps_other_country, fixture_tear_down);

  g_test_add ("/gui/chapter/switch-and-remove", Fixture, NULL, fixture_set_up,
              test_switch_and_remove, fixture_tear_down);

  g_test_add ("/gui/chapter/member-country", Fixture, NULL, fixture_set_up,
              test_member_country_shown_by_name, fixture_tear_down);

  g_test_add ("/gui/chapter/local-zone-first-guess", Fixture, NULL, fixture_set_up,
              test_local_zone_first_guess, fixture_tear_down);

  g_test_add ("/gui/chapter/remove-linked-asks", Fixture, NULL, fixture_set_up,
              test_remove_linked_asks, fixture_tear_down);

  return g_test_run ();
}
