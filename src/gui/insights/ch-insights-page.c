/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-insights-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-gui.h"
#include "ch-insights-card.h"
#include "ch-insights-page.h"
#include "ch-insights-page-private.h"
#include "ch-mail-compose-dialog.h"
#include "ch-member.h"
#include "ch-report.h"
#include "ch-member-status.h"
#include "ch-gui-lazy-load.h"
#include "ch-iso-date.h"
#include "ch-date-entry.h"
#include "ch-wrap-box.h"

/* The page's sections, top to bottom, and the tables each shows.  A new
 * subject is one more line here once core counts its tables. */
static const struct
{
  const char *title;
  const char *keys[5];
  gboolean    at_risk;   /* the list of members to write to comes first */
} sections[] = {
  { N_("Growth"), { "growth-tiers", "growth-flow" }, FALSE },
  { N_("Retention"), { "retention-cohorts", "retention-reasons" }, FALSE },
  { N_("Conversion"), { "conversion" }, FALSE },
  { N_("At Risk"), { NULL }, TRUE },
  { N_("Events"), { "events-attendance", "events-no-shows", "events-modes" }, FALSE },
  { N_("Leadership"), { "leadership-balance", "leadership-gender", "leadership-age",
                        "leadership-kinds" }, FALSE },
  { N_("Opportunities"), { "opportunities-quarters", "opportunities-specialties" }, FALSE },
};

struct _ChInsightsPage
{
  GtkWidget      parent_instance;

  /* Template widgets */
  GtkStack      *content_stack;
  GtkBox        *custom_box;
  AdwStatusPage *error_page;
  ChDateEntry   *from_entry;
  GtkDropDown   *period_dropdown;
  GtkLabel      *period_label;
  GtkBox        *sections_box;
  GtkSpinner    *spinner;
  GtkSwitch     *table_switch;
  ChDateEntry   *to_entry;

  ChStore       *store;
  ChChapter     *chapter;
  ChInsights    *insights;
  GCancellable  *cancellable;
  GPtrArray     *cards;
  ChGuiLazyLoad  lazy;
};

G_DEFINE_FINAL_TYPE (ChInsightsPage, ch_insights_page, GTK_TYPE_WIDGET)

static void
clear_sections (ChInsightsPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sections_box))) != NULL)
    gtk_box_remove (self->sections_box, child);
  g_ptr_array_set_size (self->cards, 0);
}

static GtkWidget *
heading_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "title-3");
  gtk_widget_set_margin_top (label, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  NULL, -1);

  return label;
}

/* The key figures as tiles: the figure large, what it is below. */
static GtkWidget *
figures_new (ChInsights *insights)
{
  ChInsightsTable *figures = ch_insights_get_table (insights, "key-figures");
  GtkWidget *box = gtk_flow_box_new ();

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (box), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (box), TRUE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (box), 2);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (box), 5);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (box), 6);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (box), 6);

  for (guint i = 0; i < ch_insights_table_get_n_rows (figures); i++)
    {
      GtkWidget *tile = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *value = gtk_label_new (ch_insights_table_get_text (figures, i, 0));
      GtkWidget *caption = gtk_label_new (ch_insights_table_get_row (figures, i));

      gtk_widget_add_css_class (tile, "card");
      gtk_widget_add_css_class (value, "title-3");
      gtk_widget_add_css_class (caption, "caption");
      gtk_widget_add_css_class (caption, "dim-label");
      gtk_label_set_wrap (GTK_LABEL (value), TRUE);
      /* A word longer than a narrow tile ("keine Veranstaltungen") breaks
       * rather than spill over the tile's edge. */
      gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_justify (GTK_LABEL (value), GTK_JUSTIFY_CENTER);
      gtk_widget_set_margin_start (value, 6);
      gtk_widget_set_margin_end (value, 6);
      gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (caption), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_justify (GTK_LABEL (caption), GTK_JUSTIFY_CENTER);
      gtk_widget_set_margin_top (value, 8);
      gtk_widget_set_margin_bottom (caption, 8);
      gtk_widget_set_margin_start (caption, 6);
      gtk_widget_set_margin_end (caption, 6);
      gtk_box_append (GTK_BOX (tile), value);
      gtk_box_append (GTK_BOX (tile), caption);
      gtk_flow_box_append (GTK_FLOW_BOX (box), tile);
    }

  return box;
}

static GtkWidget *
at_risk_new (ChInsightsPage *self)
{
  GPtrArray *members = ch_insights_get_at_risk (self->insights);
  ChInsightsTable *table = ch_insights_get_table (self->insights, "at-risk");
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *text = gtk_label_new (ch_insights_table_get_description (table));
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Write to Them…"));
  GtkWidget *list = gtk_list_box_new ();

  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "insights.write-at-risk");
  gtk_widget_set_visible (button, ch_insights_get_n_at_risk (self->insights) > 0);
  gtk_box_append (GTK_BOX (top), text);
  gtk_box_append (GTK_BOX (top), button);
  gtk_box_append (GTK_BOX (box), top);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < members->len && i < 10; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      /* Translators: a member at risk, "Renewal due 5 Nov 2026 · last attended: never";
       * the second %s is a date or "never" */
      g_autofree char *sub = g_strdup_printf (_("Renewal due %s · last attended: %s"),
                                              ch_insights_table_get_text (table, i, 0),
                                              ch_insights_table_get_text (table, i, 1));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     ch_member_get_display_name (members->pdata[i]));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sub);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 ch_gui_open_member_button_new (
                                   ch_member_get_display_name (members->pdata[i]),
                                   "insights.open-member",
                                   ch_member_get_id (members->pdata[i])));
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  if (ch_insights_get_n_at_risk (self->insights) > 10)
    {
      guint more_n = ch_insights_get_n_at_risk (self->insights) - 10;
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "and %u more: write to them all "
                                                            "with Write to Them",
                                                            "and %u more: write to them all "
                                                            "with Write to Them",
                                                            more_n),
                                               more_n);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  if (members->len > 0)
    gtk_box_append (GTK_BOX (box), list);

  return box;
}

static void
show_insights (ChInsightsPage *self)
{
  g_autofree char *period = ch_insights_dup_period_label (self->insights);
  gboolean as_table = gtk_switch_get_active (self->table_switch);

  clear_sections (self);
  gtk_label_set_text (self->period_label, period);
  gtk_box_append (self->sections_box, figures_new (self->insights));

  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    {
      GtkWidget *flow;

      gtk_box_append (self->sections_box, heading_new (_(sections[s].title)));
      if (sections[s].at_risk)
        {
          gtk_box_append (self->sections_box, at_risk_new (self));
          continue;
        }

      flow = gtk_flow_box_new ();
      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
      gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 2);
      gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 12);
      gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 12);
      for (guint k = 0; k < G_N_ELEMENTS (sections[s].keys) && sections[s].keys[k]; k++)
        {
          ChInsightsTable *table = ch_insights_get_table (self->insights, sections[s].keys[k]);
          GtkWidget *card;

          if (table == NULL)
            continue;
          card = ch_insights_card_new (table);
          ch_insights_card_set_show_table (CH_INSIGHTS_CARD (card), as_table);
          g_ptr_array_add (self->cards, card);
          gtk_flow_box_append (GTK_FLOW_BOX (flow), card);
        }
      gtk_box_append (self->sections_box, flow);
    }

  gtk_stack_set_visible_child_name (self->content_stack, "figures");
}

static void
on_computed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ChInsightsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChInsights) insights = ch_insights_compute_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_stop (self->spinner);
  if (insights == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->content_stack, "error");
      return;
    }

  g_set_object (&self->insights, insights);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "insights.export", TRUE);
  show_insights (self);
}

static void
compute (ChInsightsPage *self)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *today = NULL;
  g_autoptr(GError) error = NULL;
  guint period;

  ch_gui_lazy_load_done (&self->lazy);
  if (self->store == NULL || self->chapter == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  today = ch_iso_date_from_days (ch_store_today_days (self->store,
                                                    ch_chapter_get_id (self->chapter)));
  period = gtk_drop_down_get_selected (self->period_dropdown);
  if (period == CH_INSIGHTS_PERIOD_CUSTOM)
    {
      if (!(from = ch_date_entry_dup_iso (self->from_entry, &error)) ||
          !(to = ch_date_entry_dup_iso (self->to_entry, &error)) ||
          !ch_insights_check_period (from, to, today, &error))
        {
          ch_gui_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
          return;
        }
    }
  else
    ch_insights_period_dates (period, today, &from, &to);

  /* The figures stay while they are counted again; a spinner only the
   * first time. */
  if (self->insights == NULL)
    {
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->content_stack, "loading");
    }

  self->cancellable = g_cancellable_new ();
  ch_insights_compute_async (self->store, ch_chapter_get_id (self->chapter), from, to,
                             self->cancellable, on_computed_cb, g_object_ref (self));
}

static void
on_period_changed_cb (ChInsightsPage *self)
{
  gboolean custom = gtk_drop_down_get_selected (self->period_dropdown) ==
                    CH_INSIGHTS_PERIOD_CUSTOM;

  gtk_widget_set_visible (GTK_WIDGET (self->custom_box), custom);
  if (custom)
    {
      if (self->insights != NULL &&
          *gtk_editable_get_text (GTK_EDITABLE (self->from_entry)) == '\0')
        {
          ch_date_entry_set_iso (self->from_entry, ch_insights_get_from (self->insights));
          ch_date_entry_set_iso (self->to_entry, ch_insights_get_to (self->insights));
        }
      gtk_widget_grab_focus (GTK_WIDGET (self->from_entry));
      return;
    }
  compute (self);
}

static void
on_table_switch_cb (ChInsightsPage *self)
{
  gboolean as_table = gtk_switch_get_active (self->table_switch);

  for (guint i = 0; i < self->cards->len; i++)
    ch_insights_card_set_show_table (self->cards->pdata[i], as_table);
}

static void
on_store_changed_cb (ChInsightsPage *self)
{
  ch_gui_lazy_load_queue (&self->lazy);
}

static void
on_at_risk_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(ChInsightsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = ch_insights_load_at_risk_finish (result, &error);

  if (members == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ch_gui_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }
  if (self->store == NULL || self->chapter == NULL || members->len == 0)
    return;

  /* The compose dialog of issue 13: each their own message, consent
   * respected, a way out without an account. */
  gtk_window_present (GTK_WINDOW (ch_mail_compose_dialog_new (
    ch_gui_get_parent_window (GTK_WIDGET (self)), self->store, ch_chapter_get_id (self->chapter),
    members)));
}

static void
write_at_risk_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  ChInsightsPage *self = CH_INSIGHTS_PAGE (widget);

  if (self->insights == NULL || ch_insights_get_n_at_risk (self->insights) == 0)
    return;

  /* Every one of them, read off the main thread (a big chapter may have
   * thousands). */
  ch_insights_load_at_risk_async (self->insights, self->store, self->cancellable,
                                  on_at_risk_loaded_cb, g_object_ref (self));
}

static void
open_member_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  ch_gui_open_member (widget, g_variant_get_string (param, NULL));
}

typedef struct
{
  ChInsights     *insights;
  ChReportFormat  format;
  char           *path;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_object_unref (data->insights);
  g_free (data->path);
  g_free (data);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  GError *error = NULL;

  if (ch_report_write (data->insights, data->format, ch_report_paper_for_locale (), data->path,
                       &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_exported_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ChInsightsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  ExportData *data = g_task_get_task_data (G_TASK (result));
  g_autofree char *name = g_path_get_basename (data->path);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      ch_gui_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }

  {
    /* Translators: %s is a file name */
    g_autofree char *text = g_strdup_printf (_("Report saved as “%s”"), name);
    ch_gui_add_toast (GTK_WIDGET (self), adw_toast_new (text));
  }
}

/* Writes the report to @path, its kind from the name's ending (PDF when
 * it has none of .csv or .json). */
static void
export_to (ChInsightsPage *self,
           const char     *path)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data = g_new0 (ExportData, 1);

  data->insights = g_object_ref (self->insights);
  data->path = g_strdup (path);
  if (g_str_has_suffix (path, ".csv") || g_str_has_suffix (path, ".CSV"))
    data->format = CH_REPORT_FORMAT_CSV;
  else if (g_str_has_suffix (path, ".json") || g_str_has_suffix (path, ".JSON"))
    data->format = CH_REPORT_FORMAT_JSON;
  else
    data->format = CH_REPORT_FORMAT_PDF;

  task = g_task_new (NULL, NULL, on_exported_cb, g_object_ref (self));
  g_task_set_source_tag (task, export_to);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

static void
on_export_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       ChInsightsPage  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        export_to (self, path);
    }
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  ChInsightsPage *self = CH_INSIGHTS_PAGE (widget);
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;
  static const struct { const char *name; const char *pattern; } filters[] = {
    { N_("PDF for headquarters"), "*.pdf" },
    { N_("Every table as CSV"), "*.csv" },
    { N_("Every table as JSON"), "*.json" },
  };

  if (self->insights == NULL)
    return;

  dialog = gtk_file_chooser_native_new (_("Export Chapter Report"),
                                        ch_gui_get_parent_window (widget),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _(filters[i].name));
      gtk_file_filter_add_pattern (filter, filters[i].pattern);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
    }
  /* Translators: the report's file name; %s is the period's last day */
  name = g_strdup_printf (_("Chapter Report %s.pdf"), ch_insights_get_to (self->insights));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
ch_insights_page_dispose (GObject *object)
{
  ChInsightsPage *self = CH_INSIGHTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->cards, g_ptr_array_unref);
  ch_gui_lazy_load_dispose_page (&self->lazy, CH_TYPE_INSIGHTS_PAGE, &self->store,
                                 &self->chapter);
  g_clear_object (&self->insights);

  G_OBJECT_CLASS (ch_insights_page_parent_class)->dispose (object);
}

static void
ch_insights_page_class_init (ChInsightsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_insights_page_dispose;

  g_type_ensure (CH_TYPE_DATE_ENTRY);

  g_type_ensure (CH_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-insights-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ChInsightsPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, ChInsightsPage, custom_box);
  gtk_widget_class_bind_template_child (widget_class, ChInsightsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, ChInsightsPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, ChInsightsPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ChInsightsPage, period_label);
  gtk_widget_class_bind_template_child (widget_class, ChInsightsPage, sections_box);
  gtk_widget_class_bind_template_child (widget_class, ChInsightsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, ChInsightsPage, table_switch);
  gtk_widget_class_bind_template_child (widget_class, ChInsightsPage, to_entry);

  gtk_widget_class_install_action (widget_class, "insights.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "insights.write-at-risk", NULL,
                                   write_at_risk_action);
  gtk_widget_class_install_action (widget_class, "insights.open-member", "s", open_member_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ch_insights_page_init (ChInsightsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ch_date_entry_set_label (self->from_entry, _("First day"));
  ch_date_entry_set_label (self->to_entry, _("Last day"));
  ch_gui_lazy_load_init (&self->lazy, GTK_WIDGET (self), (ChGuiLazyLoadFunc) compute, 1000);
  self->cards = g_ptr_array_new ();

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "insights.export", FALSE);
  g_signal_connect_object (self->period_dropdown, "notify::selected",
                           G_CALLBACK (on_period_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->table_switch, "notify::active",
                           G_CALLBACK (on_table_switch_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_widget_get_last_child (GTK_WIDGET (self->custom_box)), "clicked",
                           G_CALLBACK (compute), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->from_entry, "activate", G_CALLBACK (compute), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->to_entry, "activate", G_CALLBACK (compute), self,
                           G_CONNECT_SWAPPED);
}

static void
on_session_chapter_cb (ChInsightsPage *self,
                       GParamSpec     *pspec,
                       ChSession      *session)
{
  g_clear_object (&self->insights);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "insights.export", FALSE);
  ch_gui_lazy_load_set_chapter (&self->lazy, &self->store, ch_session_get_store (session),
                                G_CALLBACK (on_store_changed_cb), &self->chapter,
                                ch_session_get_chapter (session));
}

void
ch_insights_page_set_session (ChInsightsPage *self,
                              ChSession      *session)
{
  g_return_if_fail (CH_IS_INSIGHTS_PAGE (self));
  g_return_if_fail (CH_IS_SESSION (session));

  g_signal_connect_object (session, "notify::chapter", G_CALLBACK (on_session_chapter_cb), self,
                           G_CONNECT_SWAPPED);
  on_session_chapter_cb (self, NULL, session);
}

ChInsights *
ch_insights_page_get_insights (ChInsightsPage *self)
{
  g_return_val_if_fail (CH_IS_INSIGHTS_PAGE (self), NULL);
  return self->insights;
}

GPtrArray *
ch_insights_page_get_cards (ChInsightsPage *self)
{
  g_return_val_if_fail (CH_IS_INSIGHTS_PAGE (self), NULL);
  return self->cards;
}

GtkSwitch *
ch_insights_page_get_table_switch (ChInsightsPage *self)
{
  g_return_val_if_fail (CH_IS_INSIGHTS_PAGE (self), NULL);
  return self->table_switch;
}

void
ch_insights_page_reload (ChInsightsPage *self)
{
  g_return_if_fail (CH_IS_INSIGHTS_PAGE (self));
  compute (self);
}
