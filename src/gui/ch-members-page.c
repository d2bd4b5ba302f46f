/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-members-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-application.h"
#include "ch-gui.h"
#include "ch-mail-compose-dialog.h"
#include "ch-member-dialog.h"
#include "ch-export-dialog.h"
#include "ch-members-export.h"
#include "ch-members-page.h"
#include "ch-members-page-private.h"
#include "ch-members-page-class-private.h"
#include "ch-number.h"
#include "ch-roles.h"
#include "ch-specialties.h"
#include "ch-tiers.h"


G_DEFINE_FINAL_TYPE (ChMembersPage, ch_members_page, GTK_TYPE_WIDGET)

typedef struct
{
  const char *key;         /* sort key understood by ChMemberList */
  const char *title;       /* translatable */
  const char *(*text) (ChMember *member); /* what the cell shows */
  gboolean    expand;
  int         fixed_width; /* or -1: a share of the table's width */
  int         share;       /* percent of what the fixed columns leave */
} Column;

static const Column columns[] = {
  { CH_MEMBER_SORT_NAME, N_("Name"), ch_member_get_display_name, TRUE, -1, 20 },
  { CH_MEMBER_SORT_COMPANY, N_("Company"), ch_member_get_company, TRUE, -1, 25 },
  { CH_MEMBER_SORT_TIER, N_("Tier"), ch_member_get_tier_label, FALSE, 110, 0 },
  { CH_MEMBER_SORT_STATUS, N_("Status"), ch_member_get_status_label, FALSE, 110, 0 },
  { CH_MEMBER_SORT_CITY, N_("City"), ch_member_get_location, TRUE, -1, 20 },
  { CH_MEMBER_SORT_EMAIL, N_("E-mail"), ch_member_get_email, TRUE, -1, 35 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (columns) == CH_MEMBERS_PAGE_N_COLUMNS);

/* The columns' widths follow the table's width, not what their cells
 * hold: in GTK 4.8 every row built makes a column measure all its cells
 * again, and a longer name moved every column, so each answer while
 * typing laid out and drew every row again (and the columns jumped).
 * Once the user has resized a column, the widths are theirs. */
void
ch_members_page_fit_columns (ChMembersPage *self,
                             int            width)
{
  GListModel *list = gtk_column_view_get_columns (self->column_view);
  int fixed = 0, left;

  if (self->columns_theirs || width == self->columns_width ||
      g_list_model_get_n_items (list) != G_N_ELEMENTS (columns))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (list, i);

      if (self->columns_width > 0 &&
          gtk_column_view_column_get_fixed_width (column) != self->column_widths[i])
        {
          self->columns_theirs = TRUE;
          return;
        }
      fixed += MAX (columns[i].fixed_width, 0);
    }

  /* Room for the view's borders and scroll bar; the columns that expand
   * share what is left over. */
  left = MAX (width - fixed - CH_MEMBERS_PAGE_TABLE_SLACK, 0);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (list, i);

      self->column_widths[i] = columns[i].fixed_width > 0
                               ? columns[i].fixed_width
                               : MAX (left * columns[i].share / 100,
                                      CH_MEMBERS_PAGE_MIN_COLUMN_WIDTH);
      gtk_column_view_column_set_fixed_width (column, self->column_widths[i]);
    }
  self->columns_width = width;
}

static GSettings *
settings (void)
{
  GApplication *app = g_application_get_default ();

  return CH_IS_APPLICATION (app) ? ch_application_get_settings (CH_APPLICATION (app)) : NULL;
}

/* ----------------------------------------------------------------------- */
/* Cells                                                                     */

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  const Column *column = user_data;
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (g_str_equal (column->key, CH_MEMBER_SORT_STATUS))
    {
      gtk_widget_set_halign (label, GTK_ALIGN_START);
      gtk_widget_add_css_class (label, "status-pill");
    }
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  const Column *column = user_data;
  GtkWidget *label = gtk_list_item_get_child (item);
  ChMember *member = gtk_list_item_get_item (item);
  const char *text = column->text (member);

  gtk_label_set_text (GTK_LABEL (label), text ? text : "");

  /* The pill's colour: a CSS class named as the status. */
  if (g_str_equal (column->key, CH_MEMBER_SORT_STATUS))
    {
      for (ChMemberStatus st = 0; st <= CH_MEMBER_STATUS_LAST; st++)
        gtk_widget_remove_css_class (label, ch_member_status_to_string (st));
      gtk_widget_add_css_class (label, ch_member_status_to_string (ch_member_get_status (member)));
    }
}

/* ----------------------------------------------------------------------- */
/* Sorting: the list sorts in SQL; the column headers only say how.          */

static int
probe_sort_func (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  ChMembersPage *self = g_object_get_data (G_OBJECT (user_data), "ch-page");
  const char *key = g_object_get_data (G_OBJECT (user_data), "ch-key");

  if (self != NULL && self->probe_hit == NULL)
    self->probe_hit = key;

  return GTK_ORDERING_SMALLER;
}

static void
on_sorter_changed_cb (ChMembersPage *self,
                      GtkSorterChange change,
                      GtkSorter     *sorter)
{
  g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  GtkOrdering order;
  const char *key;
  gboolean descending;

  /* GTK 4.8 does not tell which column sorts, so ask the sorter: the first
   * column sorter it consults is the primary one, and an inverted answer
   * means descending. */
  self->probe_hit = NULL;
  order = gtk_sorter_compare (sorter, a, b);
  key = self->probe_hit ? self->probe_hit : CH_MEMBER_SORT_NAME;
  descending = self->probe_hit != NULL && order == GTK_ORDERING_LARGER;
  self->probe_hit = NULL;

  if (self->list != NULL)
    ch_member_list_set_sort (self->list, key, descending);

  if (!self->restoring_sort && settings () != NULL)
    {
      g_settings_set_string (settings (), "members-sort-column", key);
      g_settings_set_boolean (settings (), "members-sort-descending", descending);
    }
}

static void
restore_sort (ChMembersPage *self)
{
  GListModel *cols = gtk_column_view_get_columns (self->column_view);
  g_autofree char *key = NULL;
  gboolean descending = FALSE;

  if (settings () != NULL)
    {
      key = g_settings_get_string (settings (), "members-sort-column");
      descending = g_settings_get_boolean (settings (), "members-sort-descending");
    }

  self->restoring_sort = TRUE;
  for (guint i = 0; i < g_list_model_get_n_items (cols); i++)
    {
      g_autoptr(GtkColumnViewColumn) col = g_list_model_get_item (cols, i);

      if (g_strcmp0 (key ? key : CH_MEMBER_SORT_NAME, columns[i].key) == 0)
        gtk_column_view_sort_by_column (self->column_view, col,
                                        descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
    }
  self->restoring_sort = FALSE;
}

/* ----------------------------------------------------------------------- */
/* Filters: each drop-down sets one ChMemberList filter; they combine with   */
/* the search in SQL.                                                        */

static const char *filter_keys[] = {
  CH_MEMBER_FILTER_TIER, CH_MEMBER_FILTER_STATUS, CH_MEMBER_FILTER_SPECIALTY,
  CH_MEMBER_FILTER_PARTNER_KIND, CH_MEMBER_FILTER_ROLE,
};

static void update_state (ChMembersPage *self);

static gboolean
any_filter (ChMembersPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (filter_keys); i++)
    if (self->filters[i] != NULL && gtk_drop_down_get_selected (self->filters[i]) > 0)
      return TRUE;

  return FALSE;
}

static const char *
filter_value (GtkDropDown *dropdown)
{
  const char * const *values = g_object_get_data (G_OBJECT (dropdown), "ch-values");
  guint pos = gtk_drop_down_get_selected (dropdown);

  if (values == NULL || pos == 0 || pos == GTK_INVALID_LIST_POSITION ||
      pos >= g_strv_length ((char **) values))
    return NULL;

  return values[pos];
}

static void
apply_filters (ChMembersPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (filter_keys); i++)
    {
      const char *value = filter_value (self->filters[i]);

      if (value != NULL)
        gtk_widget_add_css_class (GTK_WIDGET (self->filters[i]), "filter-active");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->filters[i]), "filter-active");

      if (self->list != NULL &&
          g_strcmp0 (ch_member_list_get_filter (self->list, filter_keys[i]), value) != 0)
        ch_member_list_set_filter (self->list, filter_keys[i], value);
    }

  {
    guint n_active = 0;

    for (guint i = 0; i < G_N_ELEMENTS (filter_keys); i++)
      n_active += filter_value (self->filters[i]) != NULL;
    ch_members_page_set_n_active_filters (self, n_active);
  }
  gtk_widget_set_visible (self->clear_button, any_filter (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "members.clear-filters", any_filter (self));
  update_state (self);
}

static void
on_filter_changed_cb (ChMembersPage *self)
{
  if (!self->filling_filters)
    apply_filters (self);
}

/* Replaces a drop-down's choices, keeping the chosen value if it is still there. */
static void
set_choices (ChMembersPage *self,
             guint          index,
             GStrvBuilder  *labels_builder,
             GStrvBuilder  *values_builder)
{
  GtkDropDown *dropdown = self->filters[index];
  g_auto(GStrv) labels = g_strv_builder_end (labels_builder);
  GStrv values = g_strv_builder_end (values_builder);
  g_autofree char *kept = g_strdup (filter_value (dropdown));
  g_autoptr(GtkStringList) model = gtk_string_list_new ((const char * const *) labels);
  guint selected = 0;

  for (guint i = 1; kept != NULL && values[i] != NULL; i++)
    if (g_strcmp0 (values[i], kept) == 0)
      selected = i;

  self->filling_filters = TRUE;
  g_object_set_data_full (G_OBJECT (dropdown), "ch-values", values, (GDestroyNotify) g_strfreev);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (model));
  gtk_drop_down_set_selected (dropdown, selected);
  self->filling_filters = FALSE;
}

static GStrvBuilder *
builder_with (const char *first)
{
  GStrvBuilder *builder = g_strv_builder_new ();

  g_strv_builder_add (builder, first);
  return builder;
}

static void
fill_filters (ChMembersPage *self)
{
  const char *chapter_id = self->chapter ? ch_chapter_get_id (self->chapter) : NULL;
  g_autoptr(GStrvBuilder) labels = NULL;
  g_autoptr(GStrvBuilder) values = NULL;

  /* Tier: the chapter's tiers under their names */
  labels = builder_with (_("All tiers"));
  values = builder_with ("");
  if (self->store != NULL && chapter_id != NULL)
    {
      g_autoptr(GPtrArray) tiers = ch_tiers_list (self->store, chapter_id, NULL);

      for (guint i = 0; tiers != NULL && i < tiers->len; i++)
        {
          ChTier *t = g_ptr_array_index (tiers, i);

          g_strv_builder_add (labels, ch_tier_get_name (t));
          g_strv_builder_add (values, ch_tier_get_key (t));
        }
    }
  set_choices (self, 0, labels, values);
  g_clear_pointer (&labels, g_strv_builder_unref);
  g_clear_pointer (&values, g_strv_builder_unref);

  /* Status */
  labels = builder_with (_("Any status"));
  values = builder_with ("");
  for (ChMemberStatus st = CH_MEMBER_STATUS_PROSPECT; st <= CH_MEMBER_STATUS_LAST; st++)
    {
      g_strv_builder_add (labels, ch_member_status_label (st));
      g_strv_builder_add (values, ch_member_status_to_string (st));
    }
  set_choices (self, 1, labels, values);
  g_clear_pointer (&labels, g_strv_builder_unref);
  g_clear_pointer (&values, g_strv_builder_unref);

  /* Specialty: the standard ones and those the chapter uses */
  labels = builder_with (_("Any specialty"));
  values = builder_with ("");
  if (self->store != NULL && chapter_id != NULL)
    {
      g_auto(GStrv) all = ch_specialties_all (self->store, chapter_id);

      for (guint i = 0; all != NULL && all[i] != NULL; i++)
        {
          g_strv_builder_add (labels, ch_specialties_label (all[i]));
          g_strv_builder_add (values, all[i]);
        }
    }
  set_choices (self, 2, labels, values);
  g_clear_pointer (&labels, g_strv_builder_unref);
  g_clear_pointer (&values, g_strv_builder_unref);

  /* Partner kind */
  {
    labels = builder_with (_("Any kind of partner"));
    values = builder_with ("");
    for (const char * const *k = ch_partner_kind_list (); *k != NULL; k++)
      {
        g_strv_builder_add (labels, ch_partner_kind_label (*k));
        g_strv_builder_add (values, *k);
      }
    set_choices (self, 3, labels, values);
    g_clear_pointer (&labels, g_strv_builder_unref);
    g_clear_pointer (&values, g_strv_builder_unref);
  }

  /* Role held today */
  labels = builder_with (_("Any role"));
  values = builder_with ("");
  for (const char * const *r = ch_roles_standard (); r && *r; r++)
    {
      g_strv_builder_add (labels, ch_roles_label (*r));
      g_strv_builder_add (values, *r);
    }
  set_choices (self, 4, labels, values);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  ChMembersPage *self = CH_MEMBERS_PAGE (widget);

  self->filling_filters = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (filter_keys); i++)
    gtk_drop_down_set_selected (self->filters[i], 0);
  self->filling_filters = FALSE;
  apply_filters (self);
}

static void
build_filters (ChMembersPage *self)
{
  const char *accessible[] = {
    N_("Filter by tier"), N_("Filter by status"), N_("Filter by specialty"),
    N_("Filter by kind of partner"), N_("Filter by role"),
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (accessible) == G_N_ELEMENTS (filter_keys));

  for (guint i = 0; i < G_N_ELEMENTS (filter_keys); i++)
    {
      GtkWidget *dropdown = gtk_drop_down_new (NULL, NULL);

      gtk_widget_set_tooltip_text (dropdown, _(accessible[i]));
      gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(accessible[i]), -1);
      g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (on_filter_changed_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_box_append (self->filter_box, dropdown);
      self->filters[i] = GTK_DROP_DOWN (dropdown);
    }

  self->clear_button = gtk_button_new_with_mnemonic (_("C_lear Filters"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->clear_button), "members.clear-filters");
  gtk_widget_add_css_class (self->clear_button, "flat");
  gtk_widget_set_visible (self->clear_button, FALSE);
  gtk_box_append (self->filter_box, self->clear_button);

  fill_filters (self);
}

/* ----------------------------------------------------------------------- */
/* State                                                                     */

static gboolean
select_pending_cb (gpointer data)
{
  ChMembersPage *self = data;
  guint pos;

  self->select_idle_id = 0;

  if (self->select_when_shown == NULL || self->list == NULL)
    return G_SOURCE_REMOVE;

  pos = ch_member_list_find (self->list, self->select_when_shown);
  if (pos != G_MAXUINT)
    {
      if (pos >= g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
        ch_sliced_list_show_all (self->sliced);
      gtk_single_selection_set_selected (self->selection, pos);
      g_clear_pointer (&self->select_when_shown, g_free);
    }

  return G_SOURCE_REMOVE;
}

static void
update_state (ChMembersPage *self)
{
  guint shown = 0, total = 0;
  g_autofree char *text = NULL;
  g_autofree char *shown_text = NULL;
  g_autofree char *total_text = NULL;
  const char *page;

  if (self->list != NULL)
    {
      shown = g_list_model_get_n_items (G_LIST_MODEL (self->list));
      total = ch_member_list_get_n_total (self->list);

      if (ch_member_list_get_loading (self->list) && total == 0 && shown == 0)
        return;
    }

  /* Counts grouped as the user's locale groups them ("100 000"). */
  shown_text = ch_number_format (self->list != NULL && !ch_member_list_get_exact (self->list)
                                 ? (gint64) shown - 1 : (gint64) shown);
  total_text = ch_number_format (total);
  if (self->list != NULL && !ch_member_list_get_exact (self->list))
    /* Translators: shown while a large search result is still being
     * counted, e.g. "More than 5 000 of 100 000 members"; the numbers are
     * grouped as the user's language groups them */
    text = g_strdup_printf (ngettext ("More than %s of %s member", "More than %s of %s members",
                                      total), shown_text, total_text);
  else if (shown == total)
    /* Translators: e.g. "100 000 members", the number grouped */
    text = g_strdup_printf (ngettext ("%s member", "%s members", total), total_text);
  else
    /* Translators: shown while searching, e.g. "12 of 250 members" */
    text = g_strdup_printf (ngettext ("%s of %s member", "%s of %s members", total), shown_text,
                            total_text);
  ch_members_page_set_count_text (self, text);

  if (shown == 0 && total > 0)
    {
      GtkWidget *no_results = gtk_stack_get_child_by_name (self->list_stack, "no-results");

      adw_status_page_set_description (ADW_STATUS_PAGE (no_results),
                                       any_filter (self)
                                       ? _("No member matches all the filters. Clear some of them, "
                                           "or search for something else.")
                                       : _("Try fewer letters, or another part of the name, "
                                           "company, e-mail or city."));
      gtk_widget_set_visible (adw_status_page_get_child (ADW_STATUS_PAGE (no_results)),
                              any_filter (self));
    }

  if (total == 0)
    page = "empty";
  else if (shown == 0)
    page = "no-results";
  else
    page = "list";
  gtk_stack_set_visible_child_name (self->list_stack, page);

  /* Selecting inside items-changed would run before the views have taken
   * in the change, so do it once they have. */
  if (self->select_when_shown != NULL && self->select_idle_id == 0)
    self->select_idle_id = g_idle_add (select_pending_cb, self);
}

static void
on_list_changed_cb (ChMembersPage *self)
{
  update_state (self);
}

static gboolean
update_state_cb (gpointer data)
{
  ChMembersPage *self = data;

  self->state_idle_id = 0;
  update_state (self);

  return G_SOURCE_REMOVE;
}

/* The rows changed: the count and the page (list, nothing found) follow
 * once before the next frame.  A large answer is announced as a removal
 * and then an addition; following the removal at once switched the page
 * to "nothing found" and back, unmapping and mapping the whole table for
 * every key typed. */
static void
on_rows_changed_cb (ChMembersPage *self,
                    guint          position,
                    guint          removed,
                    guint          added,
                    GListModel    *model)
{
  /* The selected row shown anew in place (the member was edited, here or
   * on another device): GtkSingleSelection lets go of a row whose object
   * is replaced; the member is selected again once the views have it. */
  if (removed == 1 && added == 1 && self->selected_id != NULL &&
      self->select_when_shown == NULL &&
      gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
    {
      g_autoptr(ChMember) member = g_list_model_get_item (model, position);

      if (member != NULL && g_strcmp0 (ch_member_get_id (member), self->selected_id) == 0)
        self->select_when_shown = g_strdup (self->selected_id);
    }

  if (self->state_idle_id == 0)
    self->state_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_state_cb, self, NULL);
}

/* (Told after items-changed, when a change made the selection move.) */
static void
on_selected_cb (ChMembersPage *self)
{
  ChMember *member = gtk_single_selection_get_selected_item (self->selection);

  g_free (self->selected_id);
  self->selected_id = member != NULL ? g_strdup (ch_member_get_id (member)) : NULL;
}

static void
on_search_changed_cb (ChMembersPage *self,
                      GtkSearchEntry *entry)
{
  /* Typing: a large answer builds only the rows in view again. */
  ch_members_page_leave_results (self);
  if (self->list != NULL)
    ch_member_list_set_search (self->list, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_search_activate_cb (ChMembersPage *self,
                       GtkSearchEntry *entry)
{
  /* Enter in the search opens the only or first match. */
  if (self->list != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0)
    {
      g_autoptr(ChMember) member = g_list_model_get_item (G_LIST_MODEL (self->list), 0);

      ch_members_page_open_member (self, ch_member_get_id (member));
    }
}

static void
on_search_stop_cb (ChMembersPage *self,
                   GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
on_column_view_activate_cb (ChMembersPage *self,
                            guint          position,
                            GtkColumnView *view)
{
  g_autoptr(ChMember) member = NULL;

  if (self->list == NULL)
    return;

  member = g_list_model_get_item (G_LIST_MODEL (self->list), position);
  if (member != NULL)
    ch_members_page_open_member (self, ch_member_get_id (member));
}

/* ----------------------------------------------------------------------- */
/* Actions                                                                   */

static void
on_member_saved_cb (ChMembersPage  *self,
                    const char     *member_id,
                    ChMemberDialog *dialog)
{
  g_free (self->select_when_shown);
  self->select_when_shown = g_strdup (member_id);
  /* A new custom specialty shows up among the filters. */
  fill_filters (self);
  update_state (self);
}

static void
on_member_delete_cb (ChMembersPage  *self,
                     const char     *member_id,
                     ChMemberDialog *dialog)
{
  ch_members_page_delete_member (self, member_id);
}

static void
on_open_other_cb (ChMembersPage  *self,
                  const char     *member_id,
                  ChMemberDialog *dialog)
{
  ch_members_page_open_member (self, member_id);
}

static void
present_dialog (ChMembersPage *self,
                const char    *member_id)
{
  ChMemberDialog *dialog;

  if (self->store == NULL || self->chapter == NULL)
    return;

  dialog = ch_member_dialog_new (ch_gui_get_parent_window (GTK_WIDGET (self)), self->store,
                                 self->chapter, member_id);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_member_saved_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "delete-requested", G_CALLBACK (on_member_delete_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "open-member", G_CALLBACK (on_open_other_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ----------------------------------------------------------------------- */

static void
ch_members_page_dispose (GObject *object)
{
  ChMembersPage *self = CH_MEMBERS_PAGE (object);

  if (self->column_view != NULL)
    ch_members_page_set_layout_model (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), CH_TYPE_MEMBERS_PAGE);

  ch_members_page_stop_growing (self);
  g_clear_handle_id (&self->state_idle_id, g_source_remove);
  g_clear_object (&self->selection);
  g_clear_object (&self->sliced);
  g_clear_object (&self->list);
  g_clear_object (&self->chapter);
  g_clear_object (&self->store);
  g_clear_pointer (&self->select_when_shown, g_free);
  g_clear_pointer (&self->selected_id, g_free);
  g_clear_handle_id (&self->select_idle_id, g_source_remove);

  G_OBJECT_CLASS (ch_members_page_parent_class)->dispose (object);
}

static void
ch_members_page_class_init (ChMembersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_members_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-members-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ChMembersPage, box);
  gtk_widget_class_bind_template_child (widget_class, ChMembersPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, ChMembersPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, ChMembersPage, filter_box);
  gtk_widget_class_bind_template_child (widget_class, ChMembersPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, ChMembersPage, search_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate_cb);

  ch_members_page_install_actions (widget_class);
  ch_members_page_install_layout (widget_class);
  gtk_widget_class_install_action (widget_class, "members.clear-filters", NULL,
                                   clear_filters_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "members.delete-selected",
                                       NULL);

  gtk_widget_class_set_css_name (widget_class, "memberspage");
}

static void
ch_members_page_init (ChMembersPage *self)
{
  GtkSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));
  ch_gui_select_on_focus (GTK_WIDGET (self->column_view));
  ch_gui_select_on_focus (GTK_WIDGET (self->line_view));

  /* Type ahead: the list's search is live from the first key. */
  gtk_search_entry_set_search_delay (self->search_entry, 0);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      GtkSorter *probe;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), (gpointer) &columns[i]);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), (gpointer) &columns[i]);

      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (columns[i].fixed_width > 0)
        gtk_column_view_column_set_fixed_width (column, columns[i].fixed_width);

      probe = GTK_SORTER (gtk_custom_sorter_new (NULL, NULL, NULL));
      g_object_set_data (G_OBJECT (probe), "ch-page", self);
      g_object_set_data (G_OBJECT (probe), "ch-key", (gpointer) columns[i].key);
      gtk_custom_sorter_set_sort_func (GTK_CUSTOM_SORTER (probe), probe_sort_func, probe, NULL);
      gtk_column_view_column_set_sorter (column, probe);
      g_object_unref (probe);

      gtk_column_view_append_column (self->column_view, column);
    }

  build_filters (self);
  ch_members_page_init_layout (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "members.clear-filters", FALSE);

  sorter = gtk_column_view_get_sorter (self->column_view);
  g_signal_connect_object (sorter, "changed", G_CALLBACK (on_sorter_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
set_chapter (ChMembersPage *self,
             ChStore       *store,
             ChChapter     *chapter)
{
  /* A new snapshot of the same chapter: after every sync, or its settings
   * changed.  The list follows the store's changes itself (the chapter's
   * rules, what another connection wrote); keeping it keeps the rows, the
   * selection and the scroll where the user left them. */
  if (self->list != NULL && store != NULL && store == self->store && chapter != NULL &&
      g_strcmp0 (ch_chapter_get_id (chapter), ch_member_list_get_chapter_id (self->list)) == 0)
    {
      g_set_object (&self->chapter, chapter);
      /* The chapter's tiers may have changed with it. */
      fill_filters (self);
      apply_filters (self);
      return;
    }

  g_set_object (&self->store, store);
  g_set_object (&self->chapter, chapter);

  ch_members_page_set_layout_model (self, NULL);
  ch_members_page_stop_growing (self);
  g_clear_object (&self->selection);
  g_clear_object (&self->sliced);
  g_clear_object (&self->list);
  g_clear_pointer (&self->selected_id, g_free);

  if (store == NULL || chapter == NULL)
    return;

  self->list = ch_member_list_new (store, ch_chapter_get_id (chapter));
  ch_member_list_set_search (self->list, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  fill_filters (self);
  for (guint i = 0; i < G_N_ELEMENTS (filter_keys); i++)
    if (filter_value (self->filters[i]) != NULL)
      ch_member_list_set_filter (self->list, filter_keys[i], filter_value (self->filters[i]));
  g_signal_connect_object (self->list, "notify::n-total", G_CALLBACK (on_list_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::exact", G_CALLBACK (on_list_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::loading", G_CALLBACK (on_list_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* GTK builds each row of a new answer for the view (GTK 4.8's list
   * views build some 200 rows, however few are seen), which took hundreds
   * of milliseconds of one frame while typing: a large answer is shown
   * CH_MEMBERS_PAGE_ROWS_PER_FRAME rows a frame (ch-members-page-layout.c). */
  self->sliced = ch_sliced_list_new (G_LIST_MODEL (self->list), CH_MEMBERS_PAGE_ROWS_PER_FRAME,
                                     CH_MEMBERS_PAGE_ROWS_SLICED);
  g_signal_connect_object (self->sliced, "notify::holding",
                           G_CALLBACK (ch_members_page_on_holding_cb), self, G_CONNECT_SWAPPED);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sliced)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  /* After the selection has taken in the change, so selecting is safe. */
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (on_rows_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (on_selected_cb), self,
                           G_CONNECT_SWAPPED);
  ch_members_page_set_layout_model (self, GTK_SELECTION_MODEL (self->selection));

  restore_sort (self);
  update_state (self);
}

static void
on_session_chapter_cb (ChMembersPage *self,
                       GParamSpec    *pspec,
                       ChSession     *session)
{
  set_chapter (self, ch_session_get_store (session), ch_session_get_chapter (session));
}

void
ch_members_page_set_session (ChMembersPage *self,
                             ChSession     *session)
{
  g_return_if_fail (CH_IS_MEMBERS_PAGE (self));
  g_return_if_fail (CH_IS_SESSION (session));

  g_signal_connect_object (session, "notify::chapter", G_CALLBACK (on_session_chapter_cb), self,
                           G_CONNECT_SWAPPED);
  on_session_chapter_cb (self, NULL, session);
}

ChMemberList *
ch_members_page_get_list (ChMembersPage *self)
{
  g_return_val_if_fail (CH_IS_MEMBERS_PAGE (self), NULL);

  return self->list;
}

void
ch_members_page_add_member (ChMembersPage *self)
{
  g_return_if_fail (CH_IS_MEMBERS_PAGE (self));

  present_dialog (self, NULL);
}

void
ch_members_page_open_member (ChMembersPage *self,
                             const char    *member_id)
{
  g_return_if_fail (CH_IS_MEMBERS_PAGE (self));

  present_dialog (self, member_id);
}

void
ch_members_page_delete_member (ChMembersPage *self,
                               const char    *member_id)
{
  g_autoptr(ChMember) member = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  g_return_if_fail (CH_IS_MEMBERS_PAGE (self));

  if (self->store == NULL || member_id == NULL)
    return;

  member = ch_store_get_member (self->store, member_id, NULL);

  if (!ch_store_delete (self->store, "member", member_id, &error))
    {
      ch_gui_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }

  /* Translators: %s is a member's name */
  title = g_strdup_printf (_("%s was deleted"),
                           member ? ch_member_get_display_name (member) : _("The member"));
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "members.undo-delete");
  adw_toast_set_action_target_value (toast, g_variant_new_string (member_id));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  ch_gui_add_toast (GTK_WIDGET (self), toast);
}

void
ch_members_page_focus_search (ChMembersPage *self)
{
  g_return_if_fail (CH_IS_MEMBERS_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

GtkEditable *
ch_members_page_get_search_entry (ChMembersPage *self)
{
  g_return_val_if_fail (CH_IS_MEMBERS_PAGE (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

const char *
ch_members_page_get_state (ChMembersPage *self)
{
  g_return_val_if_fail (CH_IS_MEMBERS_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->list_stack);
}

const char *
ch_members_page_get_count_text (ChMembersPage *self)
{
  g_return_val_if_fail (CH_IS_MEMBERS_PAGE (self), NULL);

  return gtk_label_get_text (self->count_label);
}

gboolean
ch_members_page_select_filter (ChMembersPage *self,
                               const char    *key,
                               const char    *value)
{
  g_return_val_if_fail (CH_IS_MEMBERS_PAGE (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (filter_keys); i++)
    {
      const char * const *values;

      if (g_strcmp0 (filter_keys[i], key) != 0)
        continue;

      if (value == NULL)
        {
          gtk_drop_down_set_selected (self->filters[i], 0);
          return TRUE;
        }

      values = g_object_get_data (G_OBJECT (self->filters[i]), "ch-values");
      for (guint j = 1; values != NULL && values[j] != NULL; j++)
        if (g_strcmp0 (values[j], value) == 0)
          {
            gtk_drop_down_set_selected (self->filters[i], j);
            return TRUE;
          }
    }

  return FALSE;
}
