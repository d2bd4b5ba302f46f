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
  fixture_set_up_with (f, NULL);
}

void
fixture_set_up_with (Fixture        *f,
                     FixturePrepare  prepare)
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
  if (prepare != NULL)
    prepare (db);

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

ChChapter *
gui_test_create_sweden (ChStore *store)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  ChChapter *chapter;

  json_object_set_string_member (fields, "name", "IAMCP Sweden");
  json_object_set_string_member (fields, "country", "SE");
  json_object_set_string_member (fields, "timezone", "Europe/Stockholm");
  json_object_set_string_member (fields, "currency", "SEK");
  json_object_set_int_member (fields, "dues_amount", 150000);
  chapter = ch_store_create_chapter (store, fields, &error);
  g_assert_no_error (error);
  return chapter;
}

void
gui_test_add_anna (ChStore    *store,
                   ChChapter  *chapter,
                   const char *family)
{
  g_autoptr(JsonObject) member = json_object_new ();
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (member, "given_name", "Anna");
  json_object_set_string_member (member, "family_name", family);
  json_object_set_string_member (member, "tier", "network");
  g_assert_true (ch_store_add_member (store, ch_chapter_get_id (chapter), member, NULL, &error));
  g_assert_no_error (error);
}

void
gui_test_make_chapter_file (const char *path,
                            guint       members)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ChStore) store = ch_store_open (path, &error);
  g_autoptr(ChChapter) chapter = NULL;

  g_assert_no_error (error);
  chapter = gui_test_create_sweden (store);
  g_assert_true (ch_store_begin (store, &error));
  for (guint i = 0; i < members; i++)
    {
      g_autofree char *family = g_strdup_printf ("Lindqvist%03u", i);

      gui_test_add_anna (store, chapter, family);
    }
  g_assert_true (ch_store_commit (store, &error));
  g_assert_no_error (error);
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

/* Accessible names and roles (issue 15). */

gboolean
gui_test_has_accessible_name (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);

  if (gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return TRUE;
  if (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL))
    {
      /* check_property() returns NULL when the value is the one given. */
      g_autofree char *differs = gtk_test_accessible_check_property (
        accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, "");

      return differs != NULL;
    }

  return FALSE;
}

/* Roles a user operates: each needs a name. */
static gboolean
role_needs_name (GtkAccessibleRole role)
{
  switch ((int) role)
    {
    case GTK_ACCESSIBLE_ROLE_BUTTON:
    case GTK_ACCESSIBLE_ROLE_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_COMBO_BOX:
    case GTK_ACCESSIBLE_ROLE_LINK:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM_RADIO:
    case GTK_ACCESSIBLE_ROLE_RADIO:
    case GTK_ACCESSIBLE_ROLE_SEARCH_BOX:
    case GTK_ACCESSIBLE_ROLE_SLIDER:
    case GTK_ACCESSIBLE_ROLE_SPIN_BUTTON:
    case GTK_ACCESSIBLE_ROLE_SWITCH:
    case GTK_ACCESSIBLE_ROLE_TAB:
    case GTK_ACCESSIBLE_ROLE_TEXT_BOX:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Roles that say nothing about what a widget does. */
static gboolean
role_is_generic (GtkAccessibleRole role)
{
  switch ((int) role)
    {
    case GTK_ACCESSIBLE_ROLE_GENERIC:
    case GTK_ACCESSIBLE_ROLE_GROUP:
    case GTK_ACCESSIBLE_ROLE_NONE:
    case GTK_ACCESSIBLE_ROLE_PRESENTATION:
    case GTK_ACCESSIBLE_ROLE_WIDGET:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Whether some visible label under @widget has text: what a screen reader
 * reads out for a row of a list, from its content. */
static gboolean
has_text_content (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && gtk_label_get_text (GTK_LABEL (widget))[0] != '\0')
    return TRUE;
  if (GTK_IS_WIDGET (widget) && gui_test_has_accessible_name (widget) &&
      !GTK_IS_LABEL (widget))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_text_content (child))
      return TRUE;

  return FALSE;
}

/* "GtkButton(button) #id" for one widget. */
static void
describe_widget (GString   *out,
                 GtkWidget *widget)
{
  const char *id = GTK_IS_BUILDABLE (widget)
    ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)) : NULL;

  g_string_append_printf (out, "%s(%s)", G_OBJECT_TYPE_NAME (widget),
                          gtk_widget_get_css_name (widget));
  if (id != NULL)
    g_string_append_printf (out, "#%s", id);
}

static void
add_problem (GString    *problems,
             GtkWidget  *widget,
             const char *what)
{
  g_autoptr(GPtrArray) parents = g_ptr_array_new ();
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  g_string_append (problems, "  ");
  describe_widget (problems, widget);
  g_string_append_printf (problems, " %s (role %s)", what,
                          g_enum_to_string (GTK_TYPE_ACCESSIBLE_ROLE,
                                            gtk_accessible_get_accessible_role (
                                              GTK_ACCESSIBLE (widget))));
  if (GTK_IS_BUTTON (widget) && gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL)
    g_string_append_printf (problems, " [icon %s]", gtk_button_get_icon_name (GTK_BUTTON (widget)));
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)))
    g_string_append_printf (problems, " [icon %s]",
                            gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)));
  if (tooltip != NULL)
    g_string_append_printf (problems, " [tooltip \"%s\"]", tooltip);
  g_string_append (problems, "\n    in ");
  for (GtkWidget *p = gtk_widget_get_parent (widget); p != NULL; p = gtk_widget_get_parent (p))
    g_ptr_array_add (parents, p);
  for (guint i = parents->len; i > 0; i--)
    {
      describe_widget (problems, g_ptr_array_index (parents, i - 1));
      if (i > 1)
        g_string_append (problems, " > ");
    }
  g_string_append_c (problems, '\n');
}

/* Parts GTK draws inside a widget that is itself checked: the text of an
 * entry, the buttons of a spin button, what a button shows (read as its
 * name, never focused on its own). */
static gboolean
is_inner_part (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  for (; parent != NULL; parent = gtk_widget_get_parent (parent))
    if (GTK_IS_SPIN_BUTTON (parent) || GTK_IS_ENTRY (parent) || GTK_IS_SEARCH_ENTRY (parent) ||
        GTK_IS_PASSWORD_ENTRY (parent) || GTK_IS_BUTTON (parent))
      return TRUE;

  return FALSE;
}

/* A button whose only content is an image. */
static gboolean
shows_only_icon (GtkWidget *widget)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (GTK_IS_MENU_BUTTON (widget))
    return gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)) != NULL;
  return GTK_IS_BUTTON (widget) && GTK_IS_IMAGE (child) &&
         gtk_widget_get_next_sibling (child) == NULL;
}

static guint
check_widget (GtkWidget *widget,
              GString   *problems)
{
  GtkAccessibleRole role;
  guint n = 0;

  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_mapped (widget))
    return 0;

  role = gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget));
  if (!is_inner_part (widget))
    {
      gboolean focusable = gtk_widget_get_focusable (widget) && gtk_widget_get_can_focus (widget);

      if (role_needs_name (role) && gtk_widget_get_sensitive (widget) &&
          !gui_test_has_accessible_name (widget))
        {
          add_problem (problems, widget, "has no accessible name");
          n++;
        }
      /* GTK 4.8 labels a button that shows only an icon by its image,
       * and says "GtkImage": it needs a "label" property of its own. */
      else if (role_needs_name (role) && shows_only_icon (widget) &&
               !gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                  GTK_ACCESSIBLE_PROPERTY_LABEL))
        {
          add_problem (problems, widget, "shows only an icon and has no \"label\" property");
          n++;
        }
      /* GTK 4.8 names the button of a drop-down, which takes the focus,
       * only from the drop-down's own "label" property (through the
       * relation ch_gui_init_accessibility() adds): a labelled-by
       * relation on the drop-down does not reach its button. */
      else if (GTK_IS_DROP_DOWN (widget) &&
               (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                   GTK_ACCESSIBLE_PROPERTY_LABEL)))
        {
          add_problem (problems, widget, "has no \"label\" property for its button to read");
          n++;
        }
      else if ((role == GTK_ACCESSIBLE_ROLE_LIST_ITEM || role == GTK_ACCESSIBLE_ROLE_ROW) &&
               focusable && !has_text_content (widget))
        {
          add_problem (problems, widget, "is a row with nothing to read");
          n++;
        }
      /* A scrolled window takes the focus only to pass it on to what it
       * scrolls. */
      if (focusable && role_is_generic (role) && !GTK_IS_TEXT (widget) &&
          !GTK_IS_SCROLLED_WINDOW (widget) && !GTK_IS_VIEWPORT (widget))
        {
          add_problem (problems, widget, "takes the focus but reads as a generic group");
          n++;
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += check_widget (child, problems);

  return n;
}

guint
gui_test_check_accessible (GtkWidget *root,
                           GString   *problems)
{
  return check_widget (root, problems);
}

void
gui_test_assert_accessible (GtkWidget  *root,
                            const char *where)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  guint n;

  /* Let the screen lay out and map what it shows. */
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  n = gui_test_check_accessible (root, problems);
  if (n > 0)
    {
      g_printerr ("%s: %u widgets a screen reader cannot name:\n%s", where, n, problems->str);
      g_test_fail_printf ("%s: %u widgets without an accessible name or role", where, n);
    }
}

void
gui_test_collect (GtkWidget *widget,
                  GType      type,
                  GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gui_test_collect (child, type, found);
}
