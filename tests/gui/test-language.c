/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ch-member.h"
#include "ch-members-page.h"
#include "ch-store.h"
#include "ch-window.h"

#include "ch-gui-test.h"

/* The window in the desktop's language: on a Swedish desktop its pages
 * are named from the Swedish catalogue (build/po), the templates'
 * strings included.  The expected words are read from the catalogue, so
 * the test follows the translators' wording. */

static const char *const page_titles[] = {
  "Members", "Events", "Renewals", "Leadership", "Opportunities", "Insights",
};

static AdwViewStack *
find_view_stack (GtkWidget *widget)
{
  if (ADW_IS_VIEW_STACK (widget))
    return ADW_VIEW_STACK (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwViewStack *found = find_view_stack (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_window_in_swedish (Fixture       *f,
                        gconstpointer  data)
{
  AdwViewStack *stack;
  g_autoptr(GtkSelectionModel) pages = NULL;
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);

  create_chapter (f);
  stack = find_view_stack (GTK_WIDGET (f->window));
  g_assert_nonnull (stack);
  pages = adw_view_stack_get_pages (stack);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);

      if (adw_view_stack_page_get_title (page) != NULL)
        g_ptr_array_add (titles, g_strdup (adw_view_stack_page_get_title (page)));
    }

  for (guint i = 0; i < G_N_ELEMENTS (page_titles); i++)
    {
      const char *swedish = g_dgettext (GETTEXT_PACKAGE, page_titles[i]);
      gboolean shown = FALSE;

      /* The catalogue has it (English back would mean no catalogue)… */
      g_assert_cmpstr (swedish, !=, page_titles[i]);
      /* …and the window shows it, and not the English. */
      for (guint j = 0; j < titles->len; j++)
        {
          g_assert_cmpstr (g_ptr_array_index (titles, j), !=, page_titles[i]);
          shown |= g_strcmp0 (g_ptr_array_index (titles, j), swedish) == 0;
        }
      g_test_message ("%s: %s", page_titles[i], swedish);
      g_assert_true (shown);
    }
}

/* A chapter whose name keys are in German order, as a file left by an
 * officer's German desktop. */
static void
make_german_file (const char *path)
{
  static const char *families[] = { "Zorn", "Öberg", "Andersson", "Åberg", "Ärlig", "Berg" };
  g_autoptr(GError) error = NULL;
  g_autoptr(ChStore) store = ch_store_open (path, &error);
  g_autoptr(ChChapter) chapter = NULL;

  g_assert_no_error (error);
  g_assert_true (ch_store_set_collation (store, "de_DE", &error));
  g_assert_no_error (error);
  chapter = gui_test_create_sweden (store);
  for (guint i = 0; i < G_N_ELEMENTS (families); i++)
    gui_test_add_anna (store, chapter, families[i]);
}

static void
set_up_german_file (Fixture       *f,
                    gconstpointer  data)
{
  fixture_set_up_with (f, make_german_file);
}

/* The family names the Members page lists, in order. */
static char *
names_listed (Fixture *f)
{
  GListModel *list = G_LIST_MODEL (fixture_member_list (f));
  GString *out = g_string_new (NULL);

  if (list == NULL)
    return g_string_free (out, FALSE);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(ChMember) m = g_list_model_get_item (list, i);

      g_string_append_printf (out, "%s%s", i ? "|" : "", ch_member_get_family_name (m));
    }
  return g_string_free (out, FALSE);
}

static gboolean
listed_is (Fixture    *f,
           const char *order)
{
  g_autofree char *listed = names_listed (f);

  return g_strcmp0 (listed, order) == 0;
}

/* Opened on a Swedish desktop, the chapter's names come in Swedish order
 * (Å Ä Ö after Z): the keys are made again after the window shows. */
static void
test_swedish_order (Fixture       *f,
                    gconstpointer  data)
{
  ChStore *store = ch_application_get_store (f->app);

  WAIT_FOR (listed_is (f, "Andersson|Berg|Zorn|Åberg|Ärlig|Öberg"));
  g_assert_false (ch_store_has_pending_collation (store));
  g_assert_cmpstr (ch_store_get_collation (store), ==, "sv_SE");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *catalogues = NULL;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* A Swedish desktop, as main() reads it (ch_gettext_init()). */
  if (setlocale (LC_ALL, "sv_SE.UTF-8") == NULL)
    {
      g_test_skip ("the sv_SE.UTF-8 locale is not installed (locales-all)");
      return 77;
    }
  g_setenv ("LANGUAGE", "sv", TRUE);
  catalogues = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, catalogues);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_add ("/gui/language/window-in-swedish", Fixture, NULL, fixture_set_up,
              test_window_in_swedish, fixture_tear_down);

  g_test_add ("/gui/language/swedish-order", Fixture, NULL, set_up_german_file,
              test_swedish_order, fixture_tear_down);

  return g_test_run ();
}
