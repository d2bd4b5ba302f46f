/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-opportunity-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-gui.h"
#include "ch-member-list.h"
#include "ch-member.h"
#include "ch-opportunities.h"
#include "ch-opportunity-dialog.h"
#include "ch-opportunity-dialog-private.h"
#include "ch-opportunity-rule.h"
#include "ch-specialties.h"
#include "ch-date.h"
#include "ch-date-row.h"

struct _ChOpportunityDialog
{
  AdwWindow       parent_instance;

  /* Template widgets */
  ChDateRow      *accepted_row;
  ChDateRow      *closed_row;
  GtkLabel       *error_label;
  GtkRevealer    *error_revealer;
  GtkDropDown    *giver_dropdown;
  ChDateRow      *given_row;
  AdwEntryRow    *notes_row;
  AdwPreferencesGroup *progress_group;
  GtkDropDown    *receiver_dropdown;
  AdwActionRow   *receiver_row;
  GtkButton      *save_button;
  AdwComboRow    *specialty_row;
  AdwComboRow    *status_row;
  AdwEntryRow    *title_row;
  GtkSwitch      *to_chapter_switch;
  AdwComboRow    *value_row;
  AdwWindowTitle *window_title;

  ChStore        *store;
  ChChapter      *chapter;
  ChMemberList   *members;
  char           *opportunity_id;
  char           *status;          /* the stored status, editing */
  char           *pending_giver;   /* chosen before the list has loaded */
  char           *pending_receiver;
  GPtrArray      *specialties;     /* key of each specialty_row item; [0] NULL */
  gboolean        has_error;
};

G_DEFINE_FINAL_TYPE (ChOpportunityDialog, ch_opportunity_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_error (ChOpportunityDialog *self)
{
  self->has_error = FALSE;
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

static void
show_error (ChOpportunityDialog *self,
            GtkWidget           *row,
            const char          *message)
{
  self->has_error = TRUE;
  ch_gui_form_show_error (self->error_revealer, self->error_label, row, message);
}

static char *
today (ChOpportunityDialog *self)
{
  GDate date;

  ch_date_today (self->chapter ? ch_chapter_get_timezone (self->chapter) : NULL, &date);
  return ch_date_format (&date);
}

static const char *
picked_member_id (GtkDropDown *dropdown)
{
  ChMember *member = gtk_drop_down_get_selected_item (dropdown);

  return member != NULL ? ch_member_get_id (member) : NULL;
}

static gboolean
select_member (ChOpportunityDialog *self,
               GtkDropDown         *dropdown,
               const char          *member_id)
{
  guint pos = member_id ? ch_member_list_find (self->members, member_id) : G_MAXUINT;

  gtk_drop_down_set_selected (dropdown, pos == G_MAXUINT ? GTK_INVALID_LIST_POSITION : pos);
  return pos != G_MAXUINT;
}

/* The member list arrives from its worker: the chosen people now. */
static void
on_members_loading_cb (ChOpportunityDialog *self)
{
  if (ch_member_list_get_loading (self->members))
    return;

  select_member (self, self->giver_dropdown, self->pending_giver);
  select_member (self, self->receiver_dropdown, self->pending_receiver);
}

/* A new pick answers what the banner asked. */
static void
on_pick_changed_cb (ChOpportunityDialog *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->giver_dropdown), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->receiver_dropdown), "error");
  if (self->has_error)
    clear_error (self);
}

static void
update_receiver (ChOpportunityDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->receiver_row),
                            !gtk_switch_get_active (self->to_chapter_switch));
}

static const char *
picked_status (ChOpportunityDialog *self)
{
  guint i = adw_combo_row_get_selected (self->status_row);
  const char * const *statuses = ch_opportunity_rule_statuses ();

  return i < g_strv_length ((char **) statuses) ? statuses[i] : NULL;
}

/* The date rows of the step picked; a new step is dated today. */
static void
update_progress (ChOpportunityDialog *self)
{
  const char *status = picked_status (self);
  gboolean closed = ch_opportunity_rule_is_closed (status);
  gboolean moved = g_strcmp0 (status, self->status) != 0;
  g_autofree char *now = today (self);

  gtk_widget_set_visible (GTK_WIDGET (self->accepted_row),
                          g_strcmp0 (status, CH_OPPORTUNITY_STATUS_GIVEN) != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->closed_row), closed);

  if (!moved)
    return;
  if (g_strcmp0 (status, CH_OPPORTUNITY_STATUS_ACCEPTED) == 0 &&
      ch_date_row_is_empty (self->accepted_row))
    ch_date_row_set_iso (self->accepted_row, now);
  if (closed && ch_date_row_is_empty (self->closed_row))
    ch_date_row_set_iso (self->closed_row, now);
}

static void
set_text_or_null (JsonObject  *fields,
                  const char  *name,
                  GtkEditable *editable)
{
  g_autofree char *text = ch_gui_editable_dup_stripped (editable);

  if (*text != '\0')
    json_object_set_string_member (fields, name, text);
  else
    json_object_set_null_member (fields, name);
}

/* The ISO date of @row into *@iso ("" when empty, which core judges);
 * FALSE with the row marked when it is not a date. */
static gboolean
row_iso (ChOpportunityDialog  *self,
         ChDateRow            *row,
         char                **iso)
{
  g_autoptr(GError) error = NULL;

  if (ch_date_row_is_empty (row))
    {
      *iso = g_strdup ("");
      return TRUE;
    }
  if ((*iso = ch_date_row_dup_iso (row, &error)) != NULL)
    return TRUE;

  show_error (self, GTK_WIDGET (row), error->message);
  return FALSE;
}

static gboolean
save (ChOpportunityDialog *self)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *giver = picked_member_id (self->giver_dropdown);
  const char *receiver = picked_member_id (self->receiver_dropdown);
  gboolean to_chapter = gtk_switch_get_active (self->to_chapter_switch);
  guint specialty = adw_combo_row_get_selected (self->specialty_row);
  guint band = adw_combo_row_get_selected (self->value_row);
  const char * const *bands = ch_opportunity_rule_bands ();
  const char *status = picked_status (self);
  g_autofree char *given_on = NULL;
  g_autofree char *accepted = NULL;
  g_autofree char *closed = NULL;
  gboolean ok;

  clear_error (self);
  if (ch_member_list_get_loading (self->members))
    {
      show_error (self, NULL, _("The members are still being read; save again in a moment."));
      return FALSE;
    }

  if (giver == NULL)
    {
      show_error (self, GTK_WIDGET (self->giver_dropdown),
                  _("Choose the member who gave the opportunity."));
      return FALSE;
    }
  if (!to_chapter && receiver == NULL)
    {
      show_error (self, GTK_WIDGET (self->receiver_dropdown),
                  _("Choose the member who received it, or turn on “Given to the Chapter”."));
      return FALSE;
    }

  set_text_or_null (fields, "title", GTK_EDITABLE (self->title_row));
  json_object_set_string_member (fields, "from_member_id", giver);
  if (to_chapter)
    json_object_set_null_member (fields, "to_member_id");
  else
    json_object_set_string_member (fields, "to_member_id", receiver);
  if (specialty > 0 && specialty < self->specialties->len)
    json_object_set_string_member (fields, "specialty", self->specialties->pdata[specialty]);
  else
    json_object_set_null_member (fields, "specialty");
  if (band > 0 && band <= g_strv_length ((char **) bands))
    json_object_set_string_member (fields, "value_band", bands[band - 1]);
  else
    json_object_set_null_member (fields, "value_band");
  if (!row_iso (self, self->given_row, &given_on) ||
      !row_iso (self, self->accepted_row, &accepted) ||
      !row_iso (self, self->closed_row, &closed))
    return FALSE;
  if (*given_on != '\0')
    json_object_set_string_member (fields, "given_on", given_on);
  else
    json_object_set_null_member (fields, "given_on");
  set_text_or_null (fields, "notes", GTK_EDITABLE (self->notes_row));

  if (self->opportunity_id == NULL)
    ok = ch_opportunities_add (self->store, ch_chapter_get_id (self->chapter), fields, &id,
                               &error);
  else
    {
      id = g_strdup (self->opportunity_id);
      ok = ch_store_begin (self->store, &error);
      if (ok)
        ok = ch_opportunities_update (self->store, id, fields, &error);
      if (ok && g_strcmp0 (status, self->status) != 0)
        ok = ch_opportunities_advance (self->store, id, status,
                                       g_strcmp0 (status, CH_OPPORTUNITY_STATUS_ACCEPTED) == 0
                                       ? accepted : closed,
                                       *accepted != '\0' ? accepted : NULL, &error);
      if (ok)
        ok = ch_store_commit (self->store, &error);
      else if (self->store != NULL)
        ch_store_rollback (self->store);
    }

  if (!ok)
    {
      show_error (self, NULL, error->message);
      return FALSE;
    }

  g_signal_emit (self, signals[SAVED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  save (CH_OPPORTUNITY_DIALOG (widget));
}

static void
ch_opportunity_dialog_dispose (GObject *object)
{
  ChOpportunityDialog *self = CH_OPPORTUNITY_DIALOG (object);

  if (self->members != NULL)
    g_signal_handlers_disconnect_by_data (self->members, self);

  G_OBJECT_CLASS (ch_opportunity_dialog_parent_class)->dispose (object);
}

static void
ch_opportunity_dialog_finalize (GObject *object)
{
  ChOpportunityDialog *self = CH_OPPORTUNITY_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->chapter);
  g_clear_object (&self->members);
  g_free (self->opportunity_id);
  g_free (self->status);
  g_free (self->pending_giver);
  g_free (self->pending_receiver);
  g_clear_pointer (&self->specialties, g_ptr_array_unref);

  G_OBJECT_CLASS (ch_opportunity_dialog_parent_class)->finalize (object);
}

static void
ch_opportunity_dialog_class_init (ChOpportunityDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_opportunity_dialog_dispose;
  object_class->finalize = ch_opportunity_dialog_finalize;

  /**
   * ChOpportunityDialog::saved:
   * @opportunity_id: the opportunity given or changed
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (CH_TYPE_DATE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-opportunity-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ChOpportunityDialog, accepted_row);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunityDialog, closed_row);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunityDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunityDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunityDialog, giver_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunityDialog, given_row);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunityDialog, notes_row);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunityDialog, progress_group);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunityDialog, receiver_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunityDialog, receiver_row);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunityDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunityDialog, specialty_row);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunityDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunityDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunityDialog, to_chapter_switch);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunityDialog, value_row);
  gtk_widget_class_bind_template_child (widget_class, ChOpportunityDialog, window_title);

  gtk_widget_class_install_action (widget_class, "opportunity.save", NULL, save_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "opportunity.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "opportunity.save", NULL);
}

static void
ch_opportunity_dialog_init (ChOpportunityDialog *self)
{
  g_autoptr(GtkExpression) name = NULL;
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  name = gtk_property_expression_new (CH_TYPE_MEMBER, NULL, "display-name");
  gtk_drop_down_set_expression (self->giver_dropdown, name);
  gtk_drop_down_set_expression (self->receiver_dropdown, name);

  for (const char * const *s = ch_opportunity_rule_statuses (); *s != NULL; s++)
    gtk_string_list_append (statuses, ch_opportunity_status_label (*s));
  adw_combo_row_set_model (self->status_row, G_LIST_MODEL (statuses));

  g_signal_connect_object (self->to_chapter_switch, "notify::active",
                           G_CALLBACK (update_receiver), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->status_row, "notify::selected",
                           G_CALLBACK (update_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->giver_dropdown, "notify::selected",
                           G_CALLBACK (on_pick_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->receiver_dropdown, "notify::selected",
                           G_CALLBACK (on_pick_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->to_chapter_switch, "notify::active",
                           G_CALLBACK (on_pick_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
}

static void
fill_choices (ChOpportunityDialog *self)
{
  g_autoptr(GtkStringList) specialties = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) values = gtk_string_list_new (NULL);
  g_auto(GStrv) all = ch_specialties_all (self->store, ch_chapter_get_id (self->chapter));

  self->specialties = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->specialties, NULL);
  gtk_string_list_append (specialties, C_("specialty", "None"));
  for (guint i = 0; all != NULL && all[i] != NULL; i++)
    {
      g_ptr_array_add (self->specialties, g_strdup (all[i]));
      gtk_string_list_append (specialties, ch_specialties_label (all[i]));
    }
  adw_combo_row_set_model (self->specialty_row, G_LIST_MODEL (specialties));

  gtk_string_list_append (values, C_("opportunity value", "Not given"));
  for (const char * const *b = ch_opportunity_rule_bands (); *b != NULL; b++)
    {
      g_autofree char *label = ch_opportunity_band_label (*b, ch_chapter_get_currency (
                                                            self->chapter));

      gtk_string_list_append (values, label);
    }
  adw_combo_row_set_model (self->value_row, G_LIST_MODEL (values));
}

static void
select_specialty (ChOpportunityDialog *self,
                  const char          *specialty)
{
  for (guint i = 1; specialty != NULL && i < self->specialties->len; i++)
    if (g_strcmp0 (self->specialties->pdata[i], specialty) == 0)
      {
        adw_combo_row_set_selected (self->specialty_row, i);
        return;
      }

  adw_combo_row_set_selected (self->specialty_row, 0);
}

static void
show_opportunity (ChOpportunityDialog *self,
                  ChOpportunity       *o)
{
  const char * const *bands = ch_opportunity_rule_bands ();
  const char * const *statuses = ch_opportunity_rule_statuses ();
  gboolean closed = ch_opportunity_get_closed (o);

  adw_window_title_set_title (self->window_title, _("Opportunity"));
  gtk_button_set_label (self->save_button, _("_Save"));
  gtk_widget_set_visible (GTK_WIDGET (self->progress_group), TRUE);

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), ch_opportunity_get_title (o));
  ch_date_row_set_iso (self->given_row, ch_opportunity_get_given_on (o));
  gtk_editable_set_text (GTK_EDITABLE (self->notes_row),
                         ch_opportunity_get_notes (o) ? ch_opportunity_get_notes (o) : "");
  ch_date_row_set_iso (self->accepted_row, ch_opportunity_get_accepted_on (o));
  ch_date_row_set_iso (self->closed_row, ch_opportunity_get_closed_on (o));
  gtk_switch_set_active (self->to_chapter_switch, ch_opportunity_get_receiver_id (o) == NULL);
  select_specialty (self, ch_opportunity_get_specialty (o));
  for (guint i = 0; bands[i] != NULL; i++)
    if (g_strcmp0 (bands[i], ch_opportunity_get_value_band (o)) == 0)
      adw_combo_row_set_selected (self->value_row, i + 1);

  self->status = g_strdup (ch_opportunity_get_status (o));
  for (guint i = 0; statuses[i] != NULL; i++)
    if (g_strcmp0 (statuses[i], self->status) == 0)
      adw_combo_row_set_selected (self->status_row, i);
  update_progress (self);

  /* Won and lost end it: the steps stay as they were. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->status_row), !closed);
  gtk_widget_set_sensitive (GTK_WIDGET (self->accepted_row), !closed);
  gtk_widget_set_sensitive (GTK_WIDGET (self->closed_row), !closed);
  if (closed)
    adw_preferences_group_set_description (self->progress_group,
                                           _("Won and lost opportunities end there: their "
                                             "steps can no longer change."));
}

ChOpportunityDialog *
ch_opportunity_dialog_new (GtkWindow  *parent,
                           ChStore    *store,
                           ChChapter  *chapter,
                           const char *opportunity_id,
                           const char *giver_id,
                           const char *receiver_id)
{
  ChOpportunityDialog *self;
  g_autofree char *now = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);
  g_return_val_if_fail (CH_IS_CHAPTER (chapter), NULL);

  self = g_object_new (CH_TYPE_OPPORTUNITY_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->chapter = g_object_ref (chapter);
  self->opportunity_id = g_strdup (opportunity_id);
  self->pending_giver = g_strdup (giver_id);
  self->pending_receiver = g_strdup (receiver_id);
  fill_choices (self);

  now = today (self);
  ch_date_row_set_iso (self->given_row, now);

  if (opportunity_id != NULL)
    {
      g_autoptr(ChOpportunity) o = ch_opportunities_get (store, opportunity_id, NULL);

      if (o != NULL)
        {
          g_free (self->pending_giver);
          g_free (self->pending_receiver);
          self->pending_giver = g_strdup (ch_opportunity_get_giver_id (o));
          self->pending_receiver = g_strdup (ch_opportunity_get_receiver_id (o));
          show_opportunity (self, o);
        }
    }

  /* Everyone of the chapter, by name, read on a worker thread; the
   * pickers search what was typed. */
  self->members = ch_member_list_new (store, ch_chapter_get_id (chapter));
  g_signal_connect_object (self->members, "notify::loading",
                           G_CALLBACK (on_members_loading_cb), self, G_CONNECT_SWAPPED);
  gtk_drop_down_set_model (self->giver_dropdown, G_LIST_MODEL (self->members));
  gtk_drop_down_set_model (self->receiver_dropdown, G_LIST_MODEL (self->members));
  on_members_loading_cb (self);
  update_receiver (self);

  if (giver_id != NULL && opportunity_id == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->title_row));

  return self;
}

/* For tests */

GtkWidget *
ch_opportunity_dialog_get_widget (ChOpportunityDialog *self,
                                  const char          *name)
{
  struct { const char *name; gpointer widget; } widgets[] = {
    { "title", self->title_row }, { "giver", self->giver_dropdown },
    { "receiver", self->receiver_dropdown }, { "to-chapter", self->to_chapter_switch },
    { "specialty", self->specialty_row }, { "value", self->value_row },
    { "given", self->given_row }, { "notes", self->notes_row },
    { "status", self->status_row }, { "accepted", self->accepted_row },
    { "closed", self->closed_row }, { "save", self->save_button },
  };

  g_return_val_if_fail (CH_IS_OPPORTUNITY_DIALOG (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
    if (g_strcmp0 (widgets[i].name, name) == 0)
      return GTK_WIDGET (widgets[i].widget);

  return NULL;
}

gboolean
ch_opportunity_dialog_get_loading (ChOpportunityDialog *self)
{
  g_return_val_if_fail (CH_IS_OPPORTUNITY_DIALOG (self), FALSE);

  return ch_member_list_get_loading (self->members);
}

gboolean
ch_opportunity_dialog_pick_member (ChOpportunityDialog *self,
                                   gboolean             giver,
                                   const char          *member_id)
{
  g_return_val_if_fail (CH_IS_OPPORTUNITY_DIALOG (self), FALSE);

  return select_member (self, giver ? self->giver_dropdown : self->receiver_dropdown, member_id);
}

const char *
ch_opportunity_dialog_get_error (ChOpportunityDialog *self)
{
  g_return_val_if_fail (CH_IS_OPPORTUNITY_DIALOG (self), NULL);

  return self->has_error ? gtk_label_get_text (self->error_label) : NULL;
}
