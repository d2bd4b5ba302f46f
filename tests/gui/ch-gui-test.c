/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include <glib/gstdio.h>
#include <unistd.h>

#include "ch-chapter-dialog-private.h"
#include "ch-chapter-dialog.h"
#include "ch-gui-test.h"
#include "ch-date-text.h"

gboolean
gui_test_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return GTK_WINDOW (w);
    }

  return NULL;
}

GtkWindow *
open_toplevel (gpointer    widget,
               const char *action,
               GType       type)
{
  GtkWindow *window;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (widget), action, NULL));
  window = find_toplevel (type);
  g_assert_nonnull (window);

  return window;
}

void
activate_and_wait_closed (gpointer    widget,
                          const char *action,
                          GType       type)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (widget), action, NULL));
  WAIT_FOR (find_toplevel (type) == NULL);
}

ChStore *
fixture_store (Fixture *f)
{
  return ch_window_get_store (f->window);
}

const char *
fixture_chapter_id (Fixture *f)
{
  return ch_chapter_get_id (ch_window_get_chapter (f->window));
}

ChMemberList *
fixture_member_list (Fixture *f)
{
  return ch_members_page_get_list (ch_window_get_members_page (f->window));
}

guint
fixture_n_shown (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (fixture_member_list (f)));
}

char *
fixture_add_member (Fixture    *f,
                    JsonObject *fields)
{
  g_autoptr(GError) error = NULL;
  char *id = NULL;

  g_assert_true (ch_store_add_member (fixture_store (f), fixture_chapter_id (f), fields, &id,
                                      &error));
  g_assert_no_error (error);

  return id;
}

void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;

  /* gtk_test_init() switches to en_US.UTF-8 where that locale is
   * installed (locales-all); the tests assert dates as ISO, the C
   * locale's form, and times on the 24-hour clock, whatever the machine. */
  setlocale (LC_TIME, "C.UTF-8");
  ch_date_text_set_clock_24h (TRUE);

  f->dir = g_dir_make_tmp ("chapterhouse-gui-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (f->dir, "test.db", NULL);
  g_setenv ("CHAPTERHOUSE_DB", db, TRUE);

  f->app = ch_application_new ();
  {
    /* Every test has an application of its own on the bus. */
    static guint serial;
    g_autofree char *app_id = g_strdup_printf ("io.github.chapterhouse.Chapterhouse.Test%u_%u",
                                               (guint) getpid (), ++serial);
    g_application_set_application_id (G_APPLICATION (f->app), app_id);
  }
  g_application_register (G_APPLICATION (f->app), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ch_application_get_store (f->app));

  f->window = ch_window_new (f->app);
  gtk_window_present (GTK_WINDOW (f->window));
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i - 1);
      gtk_window_destroy (GTK_WINDOW (w));
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->app);

  {
    g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name (dir)))
      {
        g_autofree char *path = g_build_filename (f->dir, name, NULL);
        g_unlink (path);
      }
  }
  g_rmdir (f->dir);
  g_free (f->dir);
}

ChChapterDialog *
open_chapter_dialog (Fixture *f)
{
  return CH_CHAPTER_DIALOG (open_toplevel (f->window, "win.create-chapter",
                                           CH_TYPE_CHAPTER_DIALOG));
}

void
create_chapter (Fixture *f)
{
  ChChapterDialog *dialog = open_chapter_dialog (f);

  gtk_editable_set_text (ch_chapter_dialog_get_entry (dialog, "name"), "Chapter Stockholm");
  gtk_editable_set_text (ch_chapter_dialog_get_entry (dialog, "amount"), "1500");
  g_assert_true (ch_chapter_dialog_select (dialog, "country", "SE"));
  g_assert_true (ch_chapter_dialog_select (dialog, "timezone", "Europe/Stockholm"));
  g_assert_true (ch_chapter_dialog_select (dialog, "currency", "SEK"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "chapter.create", NULL));

  WAIT_FOR (g_strcmp0 (ch_window_get_page (f->window), "chapter") == 0);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "Chapter Stockholm");
}

/* With CH_SHOT_DIR set, saves what @widget shows as DIR/@name.png, to
 * look at the screens these tests drive. */
void
gui_test_save_shot (GtkWidget  *widget,
                    const char *name)
{
  const char *dir = g_getenv ("CH_SHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  graphene_rect_t bounds;

  if (dir == NULL)
    return;

  {
    gint64 until = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

    while ((!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) == 0) &&
           g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
    for (guint i = 0; i < 20; i++)
      g_main_context_iteration (NULL, FALSE);
  }
  if (gtk_widget_get_width (widget) == 0)
    return;
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;
  graphene_rect_init (&bounds, 0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &bounds);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  gdk_texture_save_to_png (texture, path);
}
