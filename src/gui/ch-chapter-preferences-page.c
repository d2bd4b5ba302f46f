/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-chapter-preferences-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-chapter-preferences-page.h"
#include "ch-chapter-preferences-page-private.h"
#include "ch-chapters.h"
#include "ch-gui.h"
#include "ch-place-choices.h"

struct _ChChapterPreferencesPage
{
  AdwPreferencesPage  parent_instance;

  /* Template widgets */
  AdwEntryRow        *city_row;
  GtkDropDown        *country_drop_down;
  GtkLabel           *message_label;
  AdwEntryRow        *name_row;
  GtkDropDown        *timezone_drop_down;

  ChStore            *store;
  char               *chapter_id;
};

G_DEFINE_FINAL_TYPE (ChChapterPreferencesPage,
                     ch_chapter_preferences_page,
                     ADW_TYPE_PREFERENCES_PAGE)

static void
say (ChChapterPreferencesPage *self,
     const char               *text,
     gboolean                  is_error)
{
  ch_gui_show_message (self->message_label, text, is_error);
}

static void
fill (ChChapterPreferencesPage *self)
{
  g_autoptr(ChChapter) chapter = ch_store_get_chapter (self->store, self->chapter_id, NULL);

  if (chapter == NULL)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), ch_chapter_get_name (chapter));
  gtk_editable_set_text (GTK_EDITABLE (self->city_row),
                         ch_chapter_get_city (chapter) ? ch_chapter_get_city (chapter) : "");
  /* Older text that is no country is shown as it is. */
  ch_place_choices_set_value (self->country_drop_down, ch_chapter_get_country (chapter));
  ch_place_choices_set_value (self->timezone_drop_down, ch_chapter_get_timezone (chapter));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ChChapterPreferencesPage *self = CH_CHAPTER_PREFERENCES_PAGE (widget);
  g_autoptr(ChChapter) chapter = ch_store_get_chapter (self->store, self->chapter_id, NULL);
  g_autoptr(JsonObject) set = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->name_row));
  g_autofree char *city = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->city_row));
  const char *country = ch_place_choices_get_value (self->country_drop_down);
  const char *zone = ch_place_choices_get_value (self->timezone_drop_down);

  if (chapter == NULL)
    return;

  gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  if (*name == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      say (self, _("Give the chapter a name."), TRUE);
      return;
    }
  if (zone == NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->timezone_drop_down));
      say (self, _("Choose the chapter’s time zone."), TRUE);
      return;
    }

  json_object_set_string_member (set, "name", name);
  json_object_set_string_member (set, "city", city);
  /* Only what changed: older country text left as it is stays. */
  if (g_strcmp0 (country, ch_chapter_get_country (chapter)) != 0)
    json_object_set_string_member (set, "country", country ? country : "");
  if (g_strcmp0 (zone, ch_chapter_get_timezone (chapter)) != 0)
    json_object_set_string_member (set, "timezone", zone);

  if (!ch_chapter_update (self->store, self->chapter_id, set, &error))
    {
      say (self, error->message, TRUE);
      return;
    }

  say (self, _("Saved. Your other officers get the change at the next sync."), FALSE);
  fill (self);
}

static void
show_membership_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  GtkWidget *window = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_WINDOW);

  if (window != NULL)
    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "membership");
}

static void
ch_chapter_preferences_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CH_TYPE_CHAPTER_PREFERENCES_PAGE);

  G_OBJECT_CLASS (ch_chapter_preferences_page_parent_class)->dispose (object);
}

static void
ch_chapter_preferences_page_finalize (GObject *object)
{
  ChChapterPreferencesPage *self = CH_CHAPTER_PREFERENCES_PAGE (object);

  g_clear_object (&self->store);
  g_free (self->chapter_id);

  G_OBJECT_CLASS (ch_chapter_preferences_page_parent_class)->finalize (object);
}

static void
ch_chapter_preferences_page_class_init (ChChapterPreferencesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_chapter_preferences_page_dispose;
  object_class->finalize = ch_chapter_preferences_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-chapter-preferences-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ChChapterPreferencesPage, city_row);
  gtk_widget_class_bind_template_child (widget_class, ChChapterPreferencesPage, country_drop_down);
  gtk_widget_class_bind_template_child (widget_class, ChChapterPreferencesPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, ChChapterPreferencesPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, ChChapterPreferencesPage, timezone_drop_down);

  gtk_widget_class_install_action (widget_class, "chapter-page.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "chapter-page.show-membership", NULL,
                                   show_membership_action);
}

static void
ch_chapter_preferences_page_init (ChChapterPreferencesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  ch_place_choices_setup_country (self->country_drop_down, C_("country", "Not set"));
  ch_place_choices_setup_time_zone (self->timezone_drop_down, _("Choose…"));
}

ChChapterPreferencesPage *
ch_chapter_preferences_page_new (ChSession *session)
{
  ChChapterPreferencesPage *self;

  g_return_val_if_fail (CH_IS_SESSION (session), NULL);
  g_return_val_if_fail (ch_session_get_chapter_id (session) != NULL, NULL);

  self = g_object_new (CH_TYPE_CHAPTER_PREFERENCES_PAGE, NULL);
  self->store = g_object_ref (ch_session_get_store (session));
  self->chapter_id = g_strdup (ch_session_get_chapter_id (session));
  fill (self);

  return self;
}

GtkEditable *
ch_chapter_preferences_page_get_entry (ChChapterPreferencesPage *self,
                                       const char               *field)
{
  g_return_val_if_fail (CH_IS_CHAPTER_PREFERENCES_PAGE (self), NULL);

  if (g_strcmp0 (field, "name") == 0)
    return GTK_EDITABLE (self->name_row);
  if (g_strcmp0 (field, "city") == 0)
    return GTK_EDITABLE (self->city_row);

  return NULL;
}

gboolean
ch_chapter_preferences_page_select (ChChapterPreferencesPage *self,
                                    const char               *what,
                                    const char               *value)
{
  GtkDropDown *drop_down;

  g_return_val_if_fail (CH_IS_CHAPTER_PREFERENCES_PAGE (self), FALSE);

  drop_down =
    g_strcmp0 (what, "timezone") == 0 ? self->timezone_drop_down : self->country_drop_down;
  ch_place_choices_set_value (drop_down, value);

  return gtk_drop_down_get_selected (drop_down) != 0;
}

const char *
ch_chapter_preferences_page_get_message (ChChapterPreferencesPage *self)
{
  g_return_val_if_fail (CH_IS_CHAPTER_PREFERENCES_PAGE (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->message_label))
         ? gtk_label_get_text (self->message_label) : NULL;
}
