/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-chapter-switcher"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-chapters.h"
#include "ch-chapter-switcher.h"
#include "ch-secret.h"
#include "ch-store-sync.h"

typedef struct
{
  ChSession          *session;
  GMenu              *section;
  GSimpleActionGroup *group;
  GtkMenuButton      *button;
  GtkLabel           *label;
} Switcher;

static void
switcher_free (Switcher *s)
{
  g_clear_object (&s->session);
  g_clear_object (&s->section);
  g_clear_object (&s->group);
  g_free (s);
}

static Switcher *
switcher_get (ChWindow *window)
{
  return g_object_get_data (G_OBJECT (window), "ch-chapter-switcher");
}

static void
on_open_cb (GSimpleAction *action,
            GVariant      *param,
            gpointer       user_data)
{
  ChWindow *window = user_data;
  ChSession *session = switcher_get (window)->session;
  const char *id = g_variant_get_string (param, NULL);

  if (ch_session_get_chapter (session) == NULL ||
      g_strcmp0 (ch_session_get_chapter_id (session), id) != 0)
    ch_session_set_chapter_id (session, id);
}

static void
on_remove_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       ChWindow         *window)
{
  ChSession *session = switcher_get (window)->session;
  ChStore *store = ch_session_get_store (session);
  const char *id = g_object_get_data (G_OBJECT (dialog), "ch-chapter");
  g_autofree char *url = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(ChChapter) chapter = NULL;

  if (g_strcmp0 (response, "remove") != 0 || store == NULL ||
      !(chapter = ch_store_get_chapter (store, id, NULL)))
    return;

  name = g_strdup (ch_chapter_get_name (chapter));
  if (ch_store_get_sync_state (store, id, &url, NULL, NULL))
    ch_secret_clear_token (url, id, NULL, NULL);

  if (!ch_chapter_remove_local (store, id, &error))
    {
      text = g_strdup_printf (_("The chapter could not be removed: %s"), error->message);
      ch_window_add_toast (window, adw_toast_new (text));
      return;
    }

  /* Another chapter of this computer, or the welcome page. */
  left = ch_store_list_chapters (store, NULL);
  ch_session_set_chapter_id (session, left != NULL && left->len > 0
                                      ? ch_chapter_get_id (g_ptr_array_index (left, 0)) : NULL);

  /* Translators: %s is a chapter's name */
  text = g_strdup_printf (_("“%s” was removed from this computer."), name);
  ch_window_add_toast (window, adw_toast_new (text));
}

static void
on_remove_cb (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  ChWindow *window = user_data;
  ChSession *session = switcher_get (window)->session;
  ChStore *store = ch_session_get_store (session);
  ChChapter *chapter = ch_session_get_chapter (session);
  g_autofree char *url = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  guint n;

  if (store == NULL || chapter == NULL)
    return;

  n = ch_store_outbox_count (store, ch_chapter_get_id (chapter));
  if (ch_store_get_sync_state (store, ch_chapter_get_id (chapter), &url, NULL, NULL))
    {
      if (n > 0)
        /* Translators: %1$s is the server's address, %2$u a number of changes */
        body =
          g_strdup_printf (ngettext ("The chapter stays on the server at %1$s: connect to it again "
                                     "to get it back. Nothing is deleted there. %2$u change made "
                                     "here has not been sent yet and will be lost.",
                                     "The chapter stays on the server at %1$s: connect to it again "
                                     "to get it back. Nothing is deleted there. %2$u changes made "
                                     "here have not been sent yet and will be lost.",
                                     n),
                           url, n);
      else
        /* Translators: %s is the server's address */
        body = g_strdup_printf (_("The chapter stays on the server at %s: connect to it again "
                                  "to get it back. Nothing is deleted there."), url);
    }
  else if (n > 0)
    body =
      g_strdup_printf (ngettext ("This chapter is only on this computer: its members, payments and "
                                 "events will be gone for good, with the %u change made here.",
                                 "This chapter is only on this computer: its members, payments and "
                                 "events will be gone for good, with the %u changes made here.",
                                 n),
                       n);
  else
    body = g_strdup (_("This chapter is only on this computer: its members, payments and "
                       "events will be gone for good."));

  /* Translators: %s is a chapter's name */
  heading = g_strdup_printf (_("Remove “%s” From This Computer?"),
                             ch_chapter_get_name (chapter));
  dialog = adw_message_dialog_new (GTK_WINDOW (window), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "ch-chapter", g_strdup (ch_chapter_get_id (chapter)),
                          g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), window, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Wide enough for the view switcher, the sync button and the chapter's
 * name side by side: below that the name is the title's subtitle.  By
 * the window's width, not by the switcher's mode, which the button's own
 * width would feed back into. */
#define WIDE_ENOUGH 720

static void
on_layout_cb (GtkWidget  *button,
              int         width,
              int         height,
              GdkSurface *surface)
{
  gboolean wide = width >= WIDE_ENOUGH;

  if (gtk_widget_get_visible (button) != wide)
    gtk_widget_set_visible (button, wide);
}

static void
on_realize_cb (GtkWidget *window,
               GtkWidget *button)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  g_signal_connect_object (surface, "layout", G_CALLBACK (on_layout_cb), button, G_CONNECT_SWAPPED);
  on_layout_cb (button, gdk_surface_get_width (surface), gdk_surface_get_height (surface), surface);
}

static void
update (ChWindow *window)
{
  Switcher *s = switcher_get (window);
  ChChapter *current = ch_session_get_chapter (s->session);
  ChStore *store = ch_session_get_store (s->session);
  g_autoptr(GPtrArray) chapters = NULL;
  GAction *open;
  GAction *remove;

  open = g_action_map_lookup_action (G_ACTION_MAP (s->group), "open");
  g_simple_action_set_state (G_SIMPLE_ACTION (open),
                             g_variant_new_string (current ? ch_chapter_get_id (current) : ""));
  remove = g_action_map_lookup_action (G_ACTION_MAP (s->group), "remove");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (remove), current != NULL);

  gtk_label_set_text (s->label, current ? ch_chapter_get_name (current) : "");
  /* The whole name, up to 20 characters: the switcher beside it becomes
   * narrower rather than the name "IAMCP…". */
  gtk_label_set_ellipsize (s->label,
                           current != NULL && g_utf8_strlen (ch_chapter_get_name (current), -1) > 20
                             ? PANGO_ELLIPSIZE_END
                             : PANGO_ELLIPSIZE_NONE);
  /* Translators: tooltip of the header's chapter button; %s is its name */
  if (current != NULL)
    {
      g_autofree char *tip =
        g_strdup_printf (_("%s — switch to another chapter"), ch_chapter_get_name (current));

      gtk_widget_set_tooltip_text (GTK_WIDGET (s->button), tip);
      /* What a screen reader says for the button: the same words. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (s->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      tip, -1);
    }

  g_menu_remove_all (s->section);
  chapters = ch_store_list_chapters (store, NULL);
  /* One chapter needs no switcher. */
  if (chapters == NULL || chapters->len < 2)
    return;

  for (guint i = 0; i < chapters->len; i++)
    {
      ChChapter *chapter = g_ptr_array_index (chapters, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (ch_chapter_get_name (chapter), NULL);

      g_menu_item_set_action_and_target_value (item, "chapter.open",
                                               g_variant_new_string (ch_chapter_get_id (chapter)));
      g_menu_append_item (s->section, item);
    }
}

/* Another chapter, a new one, or a chapter renamed: list them again. */
static void
on_session_chapter_cb (ChWindow   *window,
                       GParamSpec *pspec,
                       ChSession  *session)
{
  update (window);
}

void
ch_chapter_switcher_attach (ChWindow             *window,
                            ChSession            *session,
                            GMenu                *section,
                            GtkMenuButton        *button,
                            AdwViewSwitcherTitle *title)
{
  Switcher *s = g_new0 (Switcher, 1);
  g_autoptr(GSimpleAction) open = NULL;
  g_autoptr(GSimpleAction) remove = NULL;
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) manage = g_menu_new ();

  g_return_if_fail (CH_IS_WINDOW (window));
  g_return_if_fail (CH_IS_SESSION (session));
  g_return_if_fail (G_IS_MENU (section));

  s->session = g_object_ref (session);
  s->section = g_object_ref (section);
  s->group = g_simple_action_group_new ();

  open = g_simple_action_new_stateful ("open", G_VARIANT_TYPE_STRING, g_variant_new_string (""));
  g_signal_connect_object (open, "activate", G_CALLBACK (on_open_cb), window, 0);
  remove = g_simple_action_new ("remove", NULL);
  g_signal_connect_object (remove, "activate", G_CALLBACK (on_remove_cb), window, 0);
  g_action_map_add_action (G_ACTION_MAP (s->group), G_ACTION (open));
  g_action_map_add_action (G_ACTION_MAP (s->group), G_ACTION (remove));

  gtk_widget_insert_action_group (GTK_WIDGET (window), "chapter", G_ACTION_GROUP (s->group));

  /* The header's chapter button: the same chapters, then what to do. */
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_menu_append (manage, _("_Create Another Chapter…"), "win.create-chapter");
  g_menu_append (manage, _("_Remove This Chapter From This Computer…"), "chapter.remove");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (manage));
  s->button = button;
  s->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_width_chars (s->label, 10);
  gtk_label_set_max_width_chars (s->label, 20);
  gtk_menu_button_set_child (button, GTK_WIDGET (s->label));
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), NULL);
  g_signal_connect_object (window, "realize", G_CALLBACK (on_realize_cb), button, 0);
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    on_realize_cb (GTK_WIDGET (window), GTK_WIDGET (button));

  g_object_set_data_full (G_OBJECT (window), "ch-chapter-switcher", s,
                          (GDestroyNotify) switcher_free);
  g_signal_connect_object (session, "notify::chapter", G_CALLBACK (on_session_chapter_cb), window,
                           G_CONNECT_SWAPPED);
  update (window);
}
