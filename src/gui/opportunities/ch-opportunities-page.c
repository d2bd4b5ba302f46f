/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-opportunities-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-givers-board.h"
#include "ch-gui.h"
#include "ch-opportunities-page.h"
#include "ch-wrap-box.h"
#include "ch-opportunities-page-private.h"
#include "ch-opportunities.h"
#include "ch-opportunity-dialog.h"
#include "ch-opportunity-row.h"
#include "ch-opportunity-rule.h"
#include "ch-specialties.h"
#include "ch-who-can-help.h"
#include "ch-gui-lazy-load.h"
#include "ch-date.h"

struct _ChOpportunitiesPage
{
  GtkWidget            parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *board_group;
  GtkDropDown         *board_period;
  AdwPreferencesGroup *helpers_group;
  AdwPreferencesGroup *ledger_group;
  GtkStack            *ledger_stack;
  GtkDropDown         *member_filter;
  GtkDropDown         *period_filter;
  GtkFlowBox          *specialty_chips;
  AdwEntryRow         *specialty_entry;
  GtkDropDown         *specialty_filter;
  GtkDropDown         *status_filter;
  GtkStack            *stack;
  GtkWidget           *filters;

  ChStore             *store;
  ChChapter           *chapter;
  ChGuiLazyLoad        lazy;
  GCancellable        *cancellable;
  guint                pending;
  gboolean             filling;      /* the filters' choices are being made */

  GPtrArray           *ledger_rows;
  GPtrArray           *helper_rows;
  GPtrArray           *board_rows;
  GPtrArray           *member_ids;   /* id of each member_filter item; [0] NULL */
  GPtrArray           *specialties;  /* key of each specialty_filter item; [0] NULL */
  GPtrArray           *board_lines;  /* for tests */
  GPtrArray           *helper_names; /* for tests */
};

G_DEFINE_FINAL_TYPE (ChOpportunitiesPage, ch_opportunities_page, GTK_TYPE_WIDGET)

static void refresh (ChOpportunitiesPage *self);
static void search_helpers (ChOpportunitiesPage *self);

static const char *
currency (ChOpportunitiesPage *self)
{
  return self->chapter ? ch_chapter_get_currency (self->chapter) : NULL;
}

/* "2026-Q4", "2026-Q3", "2026", "2025" for 0 to 3, from today in the
 * chapter's zone. */
static char *
period_name (ChOpportunitiesPage *self,
             guint                which)
{
  GDate date;
  guint year, quarter;

  ch_date_today (self->chapter ? ch_chapter_get_timezone (self->chapter) : NULL, &date);
  year = g_date_get_year (&date);
  quarter = (g_date_get_month (&date) + 2) / 3;

  switch (which)
    {
    case 0:
      return g_strdup_printf ("%04u-Q%u", year, quarter);
    case 1:
      return quarter == 1 ? g_strdup_printf ("%04u-Q4", year - 1)
                          : g_strdup_printf ("%04u-Q%u", year, quarter - 1);
    case 2:
      return g_strdup_printf ("%04u", year);
    default:
      return g_strdup_printf ("%04u", year - 1);
    }
}

static GtkStringList *
period_choices (gboolean any_time)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  if (any_time)
    gtk_string_list_append (list, _("Any Time"));
  gtk_string_list_append (list, _("This Quarter"));
  gtk_string_list_append (list, _("Last Quarter"));
  gtk_string_list_append (list, _("This Year"));
  gtk_string_list_append (list, _("Last Year"));

  return list;
}

static void
add_note (AdwPreferencesGroup *group,
          GPtrArray           *rows,
          const char          *text)
{
  GtkWidget *row = ch_gui_group_add_row (group, rows, text, NULL);

  gtk_widget_add_css_class (row, "dim-label");
}

/* ----------------------------------------------------------------------- */
/* The ledger                                                              */

static void
ledger_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ChOpportunitiesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = ch_opportunities_list_finish (result, &error);

  self->pending--;
  if (list == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not list the opportunities: %s", error->message);
      return;
    }

  ch_gui_group_clear_rows (self->ledger_group, self->ledger_rows);
  for (guint i = 0; i < list->len; i++)
    {
      GtkWidget *row = ch_opportunity_row_new (list->pdata[i], currency (self),
                                               "opportunities.edit");

      adw_preferences_group_add (self->ledger_group, row);
      g_ptr_array_add (self->ledger_rows, row);
    }
  if (list->len == 0)
    add_note (self->ledger_group, self->ledger_rows,
              _("No opportunity matches these filters. Choose “Everyone”, “Any Status” or "
                "“Any Time” to see more."));
}

/* Everyone in the ledger, for the member filter; and whether the ledger
 * is empty (a page that says what to do instead of filters over nothing). */
static void
people_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ChOpportunitiesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = ch_opportunities_list_finish (result, &error);
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GtkStringList) names = NULL;
  g_autofree char *chosen = NULL;
  guint chosen_pos = 0;

  self->pending--;
  if (list == NULL)
    return;

  /* No filters over an empty ledger: the page says what to do instead. */
  gtk_stack_set_visible_child_name (self->ledger_stack, list->len > 0 ? "list" : "empty");
  gtk_widget_set_visible (self->filters, list->len > 0);

  chosen = g_strdup (self->member_ids->len > 0
                     ? g_ptr_array_index (self->member_ids,
                                          MIN (gtk_drop_down_get_selected (self->member_filter),
                                               self->member_ids->len - 1))
                     : NULL);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  names = gtk_string_list_new (NULL);
  g_ptr_array_set_size (self->member_ids, 0);
  g_ptr_array_add (self->member_ids, NULL);
  gtk_string_list_append (names, _("Everyone"));
  for (guint i = 0; i < list->len; i++)
    {
      ChOpportunity *o = list->pdata[i];
      const char *ids[] = { ch_opportunity_get_giver_id (o), ch_opportunity_get_receiver_id (o) };
      const char *who[] = { ch_opportunity_get_giver_name (o),
                            ch_opportunity_get_receiver_name (o) };

      for (guint k = 0; k < G_N_ELEMENTS (ids); k++)
        if (ids[k] != NULL && who[k] != NULL && g_hash_table_add (seen, (gpointer) ids[k]))
          {
            if (g_strcmp0 (ids[k], chosen) == 0)
              chosen_pos = self->member_ids->len;
            g_ptr_array_add (self->member_ids, g_strdup (ids[k]));
            gtk_string_list_append (names, who[k]);
          }
    }

  self->filling = TRUE;
  gtk_drop_down_set_model (self->member_filter, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->member_filter, chosen_pos);
  self->filling = FALSE;
}

static void
load_ledger (ChOpportunitiesPage *self)
{
  ChOpportunityFilter filter = { 0 };
  g_autofree char *period = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  guint member = gtk_drop_down_get_selected (self->member_filter);
  guint specialty = gtk_drop_down_get_selected (self->specialty_filter);
  guint status = gtk_drop_down_get_selected (self->status_filter);
  guint when = gtk_drop_down_get_selected (self->period_filter);

  if (member != GTK_INVALID_LIST_POSITION && member < self->member_ids->len)
    filter.member_id = self->member_ids->pdata[member];
  if (specialty != GTK_INVALID_LIST_POSITION && specialty < self->specialties->len)
    filter.specialty = self->specialties->pdata[specialty];
  if (status != GTK_INVALID_LIST_POSITION && status > 0)
    filter.status = ch_opportunity_rule_statuses ()[status - 1];
  if (when != GTK_INVALID_LIST_POSITION && when > 0)
    {
      period = period_name (self, when - 1);
      ch_opportunities_period_range (period, &from, &to);
      filter.from = from;
      filter.to = to;
    }

  self->pending++;
  ch_opportunities_list_async (self->store, ch_chapter_get_id (self->chapter), &filter,
                               self->cancellable, ledger_loaded_cb, g_object_ref (self));
}

static void
on_filter_changed_cb (ChOpportunitiesPage *self)
{
  if (self->filling || self->store == NULL || self->chapter == NULL)
    return;

  load_ledger (self);
}

/* ----------------------------------------------------------------------- */
/* The givers' board                                                       */

static void
board_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ChOpportunitiesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) board = ch_givers_board_compute_finish (result, &error);
  const char * const *bands = ch_opportunity_rule_bands ();

  self->pending--;
  if (board == NULL)
    return;

  ch_gui_group_clear_rows (self->board_group, self->board_rows);
  g_ptr_array_set_size (self->board_lines, 0);
  for (guint i = 0; i < board->len; i++)
    {
      ChGiversBoardEntry *e = board->pdata[i];
      guint rank = ch_givers_board_entry_get_rank (e);
      guint given = ch_givers_board_entry_get_given (e);
      guint won = ch_givers_board_entry_get_won (e);
      const char *company = ch_givers_board_entry_get_company (e);
      g_autofree char *title = NULL;
      g_autoptr(GString) subtitle = g_string_new (NULL);

      if (ch_givers_board_entry_get_tied (e))
        /* Translators: place on the board, shared with others; then a name */
        title = g_strdup_printf (_("%u. (tie) %s"), rank,
                                 ch_givers_board_entry_get_member_name (e));
      else
        /* Translators: place on the board, then a name */
        title = g_strdup_printf (_("%u. %s"), rank, ch_givers_board_entry_get_member_name (e));

      if (company != NULL)
        g_string_append_printf (subtitle, "%s · ", company);
      g_string_append_printf (subtitle, ngettext ("%u given", "%u given", given), given);
      g_string_append (subtitle, ", ");
      g_string_append_printf (subtitle, ngettext ("%u won", "%u won", won), won);
      for (guint b = 0; bands[b] != NULL; b++)
        {
          guint n = ch_givers_board_entry_get_band_count (e, bands[b]);
          g_autofree char *band = NULL;

          if (n == 0)
            continue;
          band = ch_opportunity_band_label (bands[b], currency (self));
          /* Translators: how many opportunities of a value band, e.g. "2 × Under 10,000 EUR" */
          g_string_append_printf (subtitle, _(" · %u × %s"), n, band);
        }

      ch_gui_group_add_row (self->board_group, self->board_rows, title, subtitle->str);
      g_ptr_array_add (self->board_lines,
                       g_strdup_printf ("%u%s %s %u/%u", rank,
                                        ch_givers_board_entry_get_tied (e) ? "=" : "",
                                        ch_givers_board_entry_get_member_name (e), given, won));
    }
  if (board->len == 0)
    add_note (self->board_group, self->board_rows,
              _("No opportunities were given in this period. Pick another period, or log "
                "one with “Give an Opportunity”."));
}

static void
load_board (ChOpportunitiesPage *self)
{
  g_autofree char *period = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  guint which = gtk_drop_down_get_selected (self->board_period);

  period = period_name (self, which == GTK_INVALID_LIST_POSITION ? 0 : which);
  ch_opportunities_period_range (period, &from, &to);
  self->pending++;
  ch_givers_board_compute_async (self->store, ch_chapter_get_id (self->chapter), from, to,
                                 self->cancellable, board_loaded_cb, g_object_ref (self));
}

static void
on_board_period_cb (ChOpportunitiesPage *self)
{
  if (self->store == NULL || self->chapter == NULL)
    return;

  load_board (self);
}

/* ----------------------------------------------------------------------- */
/* Who can help with…                                                      */

static void
helpers_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ChOpportunitiesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = ch_who_can_help_find_finish (result, &error);
  g_autofree char *typed = NULL;

  self->pending--;
  if (found == NULL)
    return;

  typed = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->specialty_entry));
  ch_gui_group_clear_rows (self->helpers_group, self->helper_rows);
  g_ptr_array_set_size (self->helper_names, 0);
  for (guint i = 0; i < found->len; i++)
    {
      ChWhoCanHelpEntry *e = found->pdata[i];
      guint given = ch_who_can_help_entry_get_given (e);
      guint won = ch_who_can_help_entry_get_won (e);
      const char *company = ch_who_can_help_entry_get_company (e);
      const char *kind = ch_who_can_help_entry_get_partner_kind (e);
      g_autoptr(GString) subtitle = g_string_new (NULL);
      g_autofree char *label = NULL;
      GtkWidget *row;
      GtkWidget *button;

      if (company != NULL)
        g_string_append_printf (subtitle, "%s · ", company);
      if (kind != NULL)
        g_string_append_printf (subtitle, "%s · ", ch_partner_kind_label (kind));
      g_string_append_printf (subtitle, ngettext ("gave %u", "gave %u", given), given);
      g_string_append (subtitle, ", ");
      g_string_append_printf (subtitle, ngettext ("won %u", "won %u", won), won);

      row = ch_gui_group_add_row (self->helpers_group, self->helper_rows,
                                  ch_who_can_help_entry_get_member_name (e), subtitle->str);
      button = gtk_button_new_with_mnemonic (_("_Give…"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      /* Translators: %s is a member's name */
      label = g_strdup_printf (_("Give an opportunity to %s"),
                               ch_who_can_help_entry_get_member_name (e));
      gtk_widget_set_tooltip_text (button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "opportunities.give-to");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s",
                                        ch_who_can_help_entry_get_member_id (e));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      g_ptr_array_add (self->helper_names,
                       g_strdup (ch_who_can_help_entry_get_member_name (e)));
    }

  if (*typed == '\0')
    add_note (self->helpers_group, self->helper_rows,
              _("Type a specialty and press Enter, or pick one above."));
  else if (found->len == 0)
    {
      /* Translators: %s is a specialty as typed */
      g_autofree char *text = g_strdup_printf (_("No active member lists “%s” and agreed to be "
                                                 "in the directory. Add the specialty on a "
                                                 "member’s Profile tab."), typed);

      add_note (self->helpers_group, self->helper_rows, text);
    }
}

static void
search_helpers (ChOpportunitiesPage *self)
{
  g_autofree char *typed = NULL;

  if (self->store == NULL || self->chapter == NULL)
    return;

  typed = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->specialty_entry));
  self->pending++;
  ch_who_can_help_find_async (self->store, ch_chapter_get_id (self->chapter), typed,
                              self->cancellable, helpers_loaded_cb, g_object_ref (self));
}

static void
on_chip_clicked_cb (GtkButton           *button,
                    ChOpportunitiesPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->specialty_entry), gtk_button_get_label (button));
  search_helpers (self);
}

/* ----------------------------------------------------------------------- */

static void
fill_filter_choices (ChOpportunitiesPage *self)
{
  g_autoptr(GtkStringList) specialties = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) periods = period_choices (TRUE);
  g_autoptr(GtkStringList) board_periods = period_choices (FALSE);
  g_auto(GStrv) all = NULL;
  GtkWidget *chip;

  self->filling = TRUE;

  g_ptr_array_set_size (self->specialties, 0);
  g_ptr_array_add (self->specialties, NULL);
  gtk_string_list_append (specialties, _("Any Specialty"));
  while ((chip = gtk_widget_get_first_child (GTK_WIDGET (self->specialty_chips))) != NULL)
    gtk_flow_box_remove (self->specialty_chips, chip);
  if (self->store != NULL && self->chapter != NULL)
    all = ch_specialties_all (self->store, ch_chapter_get_id (self->chapter));
  for (guint i = 0; all != NULL && all[i] != NULL; i++)
    {
      GtkWidget *button = gtk_button_new_with_label (ch_specialties_label (all[i]));

      g_ptr_array_add (self->specialties, g_strdup (all[i]));
      gtk_string_list_append (specialties, ch_specialties_label (all[i]));
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_chip_clicked_cb), self, 0);
      gtk_flow_box_append (self->specialty_chips, button);
    }
  gtk_drop_down_set_model (self->specialty_filter, G_LIST_MODEL (specialties));

  gtk_string_list_append (statuses, _("Any Status"));
  for (const char * const *s = ch_opportunity_rule_statuses (); *s != NULL; s++)
    gtk_string_list_append (statuses, ch_opportunity_status_label (*s));
  gtk_drop_down_set_model (self->status_filter, G_LIST_MODEL (statuses));
  gtk_drop_down_set_model (self->period_filter, G_LIST_MODEL (periods));
  gtk_drop_down_set_model (self->board_period, G_LIST_MODEL (board_periods));

  self->filling = FALSE;
}

static void
refresh (ChOpportunitiesPage *self)
{
  g_autofree char *typed = NULL;

  ch_gui_lazy_load_done (&self->lazy);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store == NULL || self->chapter == NULL)
    return;
  self->cancellable = g_cancellable_new ();

  self->pending++;
  ch_opportunities_list_async (self->store, ch_chapter_get_id (self->chapter), NULL,
                               self->cancellable, people_loaded_cb, g_object_ref (self));
  load_ledger (self);
  load_board (self);
  search_helpers (self);
}

static void
on_store_changed_cb (ChOpportunitiesPage *self)
{
  ch_gui_lazy_load_queue (&self->lazy);
}

static void
open_dialog (ChOpportunitiesPage *self,
             const char          *opportunity_id,
             const char          *receiver_id)
{
  ChOpportunityDialog *dialog;

  if (self->store == NULL || self->chapter == NULL)
    return;

  dialog = ch_opportunity_dialog_new (ch_gui_get_parent_window (GTK_WIDGET (self)), self->store,
                                      self->chapter, opportunity_id, NULL, receiver_id);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
give_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  open_dialog (CH_OPPORTUNITIES_PAGE (widget), NULL, NULL);
}

static void
give_to_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  open_dialog (CH_OPPORTUNITIES_PAGE (widget), NULL, g_variant_get_string (param, NULL));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  open_dialog (CH_OPPORTUNITIES_PAGE (widget), g_variant_get_string (param, NULL), NULL);
}

static void
ch_opportunities_page_dispose (GObject *object)
{
  ChOpportunitiesPage *self = CH_OPPORTUNITIES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  ch_gui_lazy_load_dispose_page (&self->lazy, CH_TYPE_OPPORTUNITIES_PAGE, &self->store,
                                 &self->chapter);
  g_clear_pointer (&self->ledger_rows, g_ptr_array_unref);
  g_clear_pointer (&self->helper_rows, g_ptr_array_unref);
  g_clear_pointer (&self->board_rows, g_ptr_array_unref);
  g_clear_pointer (&self->member_ids, g_ptr_array_unref);
  g_clear_pointer (&self->specialties, g_ptr_array_unref);
  g_clear_pointer (&self->board_lines, g_ptr_array_unref);
  g_clear_pointer (&self->helper_names, g_ptr_array_unref);

  G_OBJECT_CLASS (ch_opportunities_page_parent_class)->dispose (object);
}

static void
ch_opportunities_page_class_init (ChOpportunitiesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_opportunities_page_dispose;

  g_type_ensure (CH_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-opportunities-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ChOpportunitiesPage, board_group);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunitiesPage, board_period);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunitiesPage, helpers_group);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunitiesPage, ledger_group);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunitiesPage, ledger_stack);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunitiesPage, member_filter);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunitiesPage, period_filter);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunitiesPage, specialty_chips);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunitiesPage, specialty_entry);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunitiesPage, specialty_filter);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunitiesPage, status_filter);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunitiesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunitiesPage, filters);

  gtk_widget_class_install_action (widget_class, "opportunities.give", NULL, give_action);
  gtk_widget_class_install_action (widget_class, "opportunities.give-to", "s", give_to_action);
  gtk_widget_class_install_action (widget_class, "opportunities.edit", "s", edit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK,
                                       "opportunities.give", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ch_opportunities_page_init (ChOpportunitiesPage *self)
{
  GtkDropDown *filters[4];

  gtk_widget_init_template (GTK_WIDGET (self));
  ch_gui_lazy_load_init (&self->lazy, GTK_WIDGET (self), (ChGuiLazyLoadFunc) refresh, 200);

  filters[0] = self->member_filter;
  filters[1] = self->specialty_filter;
  filters[2] = self->status_filter;
  filters[3] = self->period_filter;

  self->ledger_rows = g_ptr_array_new ();
  self->helper_rows = g_ptr_array_new ();
  self->board_rows = g_ptr_array_new ();
  self->member_ids = g_ptr_array_new_with_free_func (g_free);
  self->specialties = g_ptr_array_new_with_free_func (g_free);
  self->board_lines = g_ptr_array_new_with_free_func (g_free);
  self->helper_names = g_ptr_array_new_with_free_func (g_free);

  fill_filter_choices (self);
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    g_signal_connect_object (filters[i], "notify::selected", G_CALLBACK (on_filter_changed_cb),
                             self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->board_period, "notify::selected",
                           G_CALLBACK (on_board_period_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->specialty_entry, "apply", G_CALLBACK (search_helpers), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->specialty_entry, "entry-activated", G_CALLBACK (search_helpers),
                           self, G_CONNECT_SWAPPED);
}

static void
on_session_chapter_cb (ChOpportunitiesPage *self,
                       GParamSpec          *pspec,
                       ChSession           *session)
{
  ch_gui_lazy_load_set_chapter (&self->lazy, &self->store, ch_session_get_store (session),
                                G_CALLBACK (on_store_changed_cb), &self->chapter,
                                ch_session_get_chapter (session));
  fill_filter_choices (self);
}

void
ch_opportunities_page_set_session (ChOpportunitiesPage *self,
                                   ChSession           *session)
{
  g_return_if_fail (CH_IS_OPPORTUNITIES_PAGE (self));
  g_return_if_fail (CH_IS_SESSION (session));

  g_signal_connect_object (session, "notify::chapter", G_CALLBACK (on_session_chapter_cb), self,
                           G_CONNECT_SWAPPED);
  on_session_chapter_cb (self, NULL, session);
}

/* For tests */

gboolean
ch_opportunities_page_get_loading (ChOpportunitiesPage *self)
{
  g_return_val_if_fail (CH_IS_OPPORTUNITIES_PAGE (self), FALSE);

  ch_gui_lazy_load_ensure (&self->lazy);
  return self->pending > 0;
}

static char *
join (GPtrArray *lines)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *) lines->pdata[i]);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
ch_opportunities_page_dup_ledger (ChOpportunitiesPage *self)
{
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();

  g_return_val_if_fail (CH_IS_OPPORTUNITIES_PAGE (self), NULL);

  for (guint i = 0; i < self->ledger_rows->len; i++)
    if (CH_IS_OPPORTUNITY_ROW (self->ledger_rows->pdata[i]))
      g_ptr_array_add (titles, (gpointer) ch_opportunity_get_title (
                         ch_opportunity_row_get_opportunity (self->ledger_rows->pdata[i])));

  return join (titles);
}

char *
ch_opportunities_page_dup_board (ChOpportunitiesPage *self)
{
  g_return_val_if_fail (CH_IS_OPPORTUNITIES_PAGE (self), NULL);

  return join (self->board_lines);
}

void
ch_opportunities_page_set_board_period (ChOpportunitiesPage *self,
                                        guint                period)
{
  g_return_if_fail (CH_IS_OPPORTUNITIES_PAGE (self));

  gtk_drop_down_set_selected (self->board_period, period);
}

void
ch_opportunities_page_search_helpers (ChOpportunitiesPage *self,
                                      const char          *specialty)
{
  g_return_if_fail (CH_IS_OPPORTUNITIES_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->specialty_entry), specialty);
  search_helpers (self);
}

char *
ch_opportunities_page_dup_helpers (ChOpportunitiesPage *self)
{
  g_return_val_if_fail (CH_IS_OPPORTUNITIES_PAGE (self), NULL);

  return join (self->helper_names);
}

void
ch_opportunities_page_show (ChOpportunitiesPage *self,
                            const char          *name)
{
  g_return_if_fail (CH_IS_OPPORTUNITIES_PAGE (self));

  gtk_stack_set_visible_child_name (self->stack, name);
}
