/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-leadership-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-gui-util.h"
#include "ch-leadership-page.h"
#include "ch-membership.h"

/* Stored in member.gender when the member chose not to answer. */
#define GENDER_PREFER_NOT "prefer-not-to-say"

struct _ChLeadershipPage
{
  GtkWidget            parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *balance_group;
  AdwPreferencesGroup *officers_group;

  ChStore             *store;
  ChChapter           *chapter;
  GPtrArray           *officer_rows;
  GPtrArray           *balance_rows;
  guint                n_officers;
  ChGuiLazyLoad        lazy;
};

G_DEFINE_FINAL_TYPE (ChLeadershipPage, ch_leadership_page, GTK_TYPE_WIDGET)

static void
open_member_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  ch_gui_open_member (widget, g_variant_get_string (param, NULL));
}

static void
add_count_row (ChLeadershipPage *self,
               const char       *title,
               guint             count)
{
  g_autofree char *text = g_strdup_printf ("%u", count);
  GtkWidget *row = ch_gui_group_add_row (self->balance_group, self->balance_rows, title, NULL);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
}

void
ch_leadership_page_refresh (ChLeadershipPage *self)
{
  g_autoptr(GPtrArray) officers = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  guint people = 0, not_shared = 0;

  g_return_if_fail (CH_IS_LEADERSHIP_PAGE (self));

  ch_gui_lazy_load_done (&self->lazy);
  ch_gui_group_clear_rows (self->officers_group, self->officer_rows);
  ch_gui_group_clear_rows (self->balance_group, self->balance_rows);
  self->n_officers = 0;

  if (self->store == NULL || self->chapter == NULL)
    return;

  officers = ch_membership_current_officers (self->store, ch_chapter_get_id (self->chapter), NULL);
  for (guint i = 0; officers != NULL && i < officers->len; i++)
    {
      ChOfficer *o = g_ptr_array_index (officers, i);
      g_autofree char *subtitle = NULL;
      GtkWidget *row, *open;

      if (o->ends_on != NULL)
        /* Translators: a name, then the term of office */
        subtitle = g_strdup_printf (_("%s · until %s"), o->member_name, o->ends_on);
      else
        /* Translators: a name, then the start of an open-ended term */
        subtitle = g_strdup_printf (_("%s · since %s"), o->member_name, o->starts_on ? o->starts_on : "?");

      row = ch_gui_group_add_row (self->officers_group, self->officer_rows, ch_role_label (o->role), subtitle);
      self->n_officers++;

      if (o->ending_soon)
        {
          GtkWidget *pill = gtk_label_new (_("Term ends soon"));

          gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (pill, "status-pill");
          gtk_widget_add_css_class (pill, "grace");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);
        }

      open = ch_gui_open_member_button_new (o->member_name, "leadership.open-member", o->member_id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);

      /* Each person counts once, however many roles they hold. */
      if (!g_hash_table_add (seen, g_strdup (o->member_id)))
        continue;
      people++;

      {
        g_autoptr(ChMember) member = ch_store_get_member (self->store, o->member_id, NULL);
        const char *gender = member ? ch_member_get_text (member, "gender") : NULL;
        g_autofree char *stripped = gender ? g_strstrip (g_strdup (gender)) : NULL;
        g_autofree char *key = NULL;

        if (stripped == NULL || *stripped == '\0' || g_strcmp0 (stripped, GENDER_PREFER_NOT) == 0)
          {
            not_shared++;
            continue;
          }

        /* Self-described: group what was written alike, however capitalised. */
        key = g_utf8_casefold (stripped, -1);
        if (!g_hash_table_contains (counts, key))
          {
            g_ptr_array_add (keys, g_strdup (key));
            g_hash_table_insert (labels, g_strdup (key), g_strdup (stripped));
          }
        g_hash_table_insert (counts, g_strdup (key),
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1));
      }
    }

  if (self->n_officers == 0)
    {
      GtkWidget *row = ch_gui_group_add_row (self->officers_group, self->officer_rows,
                                _("No officers recorded yet"),
                                _("Open a member and add their role on the Roles tab."));
      gtk_widget_add_css_class (row, "dim-label");
    }

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);

      add_count_row (self, g_hash_table_lookup (labels, key),
                     GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)));
      g_free (g_ptr_array_index (keys, i));
    }
  if (people > 0)
    add_count_row (self, _("Did not share"), not_shared);
  else
    ch_gui_group_add_row (self->balance_group, self->balance_rows, _("Nothing to count yet"), NULL);
}

static void
on_store_changed_cb (ChLeadershipPage *self)
{
  ch_gui_lazy_load_queue (&self->lazy);
}

static void
ch_leadership_page_dispose (GObject *object)
{
  ChLeadershipPage *self = CH_LEADERSHIP_PAGE (object);

  ch_gui_lazy_load_dispose_page (&self->lazy, CH_TYPE_LEADERSHIP_PAGE, &self->store, &self->chapter);
  g_clear_pointer (&self->officer_rows, g_ptr_array_unref);
  g_clear_pointer (&self->balance_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ch_leadership_page_parent_class)->dispose (object);
}

static void
ch_leadership_page_class_init (ChLeadershipPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_leadership_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ch-leadership-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ChLeadershipPage, balance_group);
  gtk_widget_class_bind_template_child (widget_class, ChLeadershipPage, officers_group);

  gtk_widget_class_install_action (widget_class, "leadership.open-member", "s", open_member_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ch_leadership_page_init (ChLeadershipPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ch_gui_lazy_load_init (&self->lazy, GTK_WIDGET (self), (ChGuiLoadFunc) ch_leadership_page_refresh, 200);

  self->officer_rows = g_ptr_array_new ();
  self->balance_rows = g_ptr_array_new ();
}

void
ch_leadership_page_set_chapter (ChLeadershipPage *self,
                                ChStore          *store,
                                ChChapter        *chapter)
{
  g_return_if_fail (CH_IS_LEADERSHIP_PAGE (self));

  /* Made when the page is shown (or asked about), not when the chapter opens. */
  ch_gui_lazy_load_set_chapter (&self->lazy, &self->store, store, G_CALLBACK (on_store_changed_cb),
                                &self->chapter, chapter);
}
