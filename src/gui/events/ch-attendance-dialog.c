/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-attendance-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-attendance-dialog.h"
#include "ch-attendance-dialog-private.h"
#include "ch-person-dialog.h"

struct _ChAttendanceDialog
{
  AdwWindow            parent_instance;

  /* Template widgets */
  GtkButton           *apply_button;
  GtkLabel            *error_label;
  GtkRevealer         *error_revealer;
  AdwPreferencesGroup *matched_group;
  AdwPreferencesGroup *unmatched_group;
  AdwWindowTitle      *window_title;

  ChSession           *session;
  ChStore             *store;        /* the session's */
  char                *chapter_id;   /* the session's when opened */
  char                *event_id;
  ChAttendanceReport  *report;
  GPtrArray           *rows;        /* the widgets added, to remove them */
  guint                choosing;    /* the report row a member is being chosen for */
};

enum {
  APPLIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ChAttendanceDialog, ch_attendance_dialog, ADW_TYPE_WINDOW)

/* How a report row was matched, as one sentence: @name is the member's
 * name, or NULL for a guest's registration. */
static char *
match_text (ChAttendanceMatch  kind,
            const char        *name)
{
  switch (kind)
    {
    case CH_ATTENDANCE_MATCH_EMAIL:
      return name != NULL ? g_strdup_printf (_("Matched to %s by e-mail"), name)
                          : g_strdup (_("Matched to the guest’s registration by e-mail"));
    case CH_ATTENDANCE_MATCH_NAME:
      return name != NULL ? g_strdup_printf (_("Matched to %s by name"), name)
                          : g_strdup (_("Matched to the guest’s registration by name"));
    case CH_ATTENDANCE_MATCH_MANUAL:
      return name != NULL ? g_strdup_printf (_("Matched to %s, chosen by hand"), name)
                          : g_strdup (_("Matched to the guest’s registration, chosen by hand"));
    case CH_ATTENDANCE_MATCH_NONE:
    default:
      return name != NULL ? g_strdup_printf (_("Matched to %s"), name)
                          : g_strdup (_("Matched to the guest’s registration"));
    }
}

static gboolean
is_matched (ChAttendanceRow *row)
{
  return row->match != CH_ATTENDANCE_MATCH_NONE &&
         (row->member_id != NULL || row->registration_id != NULL);
}

static void
on_member_chosen_cb (ChPersonDialog     *dialog,
                     const char         *member_id,
                     const char         *guest_name,
                     const char         *guest_email,
                     const char         *mode,
                     ChAttendanceDialog *self)
{
  if (member_id == NULL)
    return;

  ch_attendance_dialog_set_member (self, self->choosing, member_id);
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  ChAttendanceDialog *self = CH_ATTENDANCE_DIALOG (widget);
  guint index = g_variant_get_uint32 (param);
  ChAttendanceRow *row;
  ChPersonDialog *dialog;

  if (index >= self->report->rows->len)
    return;
  row = g_ptr_array_index (self->report->rows, index);
  self->choosing = index;

  dialog = ch_person_dialog_new (GTK_WINDOW (self), self->session,
                                 CH_PERSON_MEMBER, FALSE, _("Choose the Member"), NULL, FALSE,
                                 NULL);
  gtk_editable_set_text (ch_person_dialog_get_search_entry (dialog), row->name ? row->name : "");
  g_signal_connect_object (dialog, "chosen", G_CALLBACK (on_member_chosen_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fill (ChAttendanceDialog *self)
{
  guint matched = 0, unmatched = 0;

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *w = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (w, ADW_TYPE_PREFERENCES_GROUP);

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), w);
    }
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; i < self->report->rows->len; i++)
    {
      ChAttendanceRow *row = g_ptr_array_index (self->report->rows, i);
      GtkWidget *w = adw_action_row_new ();
      g_autofree char *subtitle = NULL;
      /* Translators: minutes someone spent in an online meeting */
      g_autofree char *minutes = g_strdup_printf (ngettext ("%u minute", "%u minutes",
                                                            row->minutes), row->minutes);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (w), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (w), row->name ? row->name : row->email);
      subtitle = row->email ? g_strdup_printf ("%s · %s", row->email, minutes)
                            : g_strdup (minutes);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (w), subtitle);

      if (row->refused != NULL)
        {
          /* Not matched, not marked: the reason says why. */
          g_autofree char *two_lines = g_strdup_printf ("%s\n%s", row->email ? row->email : "",
                                                        row->refused);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (w), row->email ? two_lines : row->refused);
          gtk_widget_add_css_class (w, "error");
          adw_preferences_group_add (self->unmatched_group, w);
          unmatched++;
        }
      else if (is_matched (row))
        {
          g_autoptr(ChMember) member = NULL;
          g_autofree char *text = NULL;
          g_autofree char *two_lines = NULL;
          GtkWidget *change = gtk_button_new_from_icon_name ("document-edit-symbolic");
          g_autofree char *a11y = g_strdup_printf (_("Choose another member for %s"), row->name);

          if (row->member_id != NULL)
            member = ch_store_get_member (self->store, row->member_id, NULL);

          text = match_text (row->match,
                             member != NULL ? ch_member_get_display_name (member) : NULL);
          two_lines = g_strdup_printf ("%s\n%s", subtitle, text);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (w), two_lines);
          gtk_widget_set_valign (change, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (change, "flat");
          gtk_widget_set_tooltip_text (change, a11y);
          gtk_accessible_update_property (GTK_ACCESSIBLE (change), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          a11y, -1);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (change), "attendance.choose");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (change), "u", i);
          adw_action_row_add_suffix (ADW_ACTION_ROW (w), change);
          adw_preferences_group_add (self->matched_group, w);
          matched++;
        }
      else
        {
          GtkWidget *choose = gtk_button_new_with_mnemonic (_("_Choose Member…"));
          g_autofree char *a11y = g_strdup_printf (_("Choose the member for %s"), row->name);

          gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
          gtk_accessible_update_property (GTK_ACCESSIBLE (choose), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          a11y, -1);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (choose), "attendance.choose");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (choose), "u", i);
          adw_action_row_add_suffix (ADW_ACTION_ROW (w), choose);
          adw_preferences_group_add (self->unmatched_group, w);
          unmatched++;
        }

      g_ptr_array_add (self->rows, w);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->unmatched_group), unmatched > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->matched_group), matched > 0);
  {
    g_autofree char *subtitle = g_strdup_printf (ngettext ("%u of %u person matched",
                                                           "%u of %u people matched",
                                                           self->report->rows->len),
                                                 matched, self->report->rows->len);
    adw_window_title_set_subtitle (self->window_title, subtitle);
  }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "attendance.apply", matched > 0);
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  ch_attendance_dialog_apply (CH_ATTENDANCE_DIALOG (widget));
}

static void
ch_attendance_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CH_TYPE_ATTENDANCE_DIALOG);

  G_OBJECT_CLASS (ch_attendance_dialog_parent_class)->dispose (object);
}

static void
ch_attendance_dialog_finalize (GObject *object)
{
  ChAttendanceDialog *self = CH_ATTENDANCE_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_free (self->chapter_id);
  g_free (self->event_id);
  g_clear_pointer (&self->report, ch_attendance_report_free);
  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (ch_attendance_dialog_parent_class)->finalize (object);
}

static void
ch_attendance_dialog_class_init (ChAttendanceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_attendance_dialog_dispose;
  object_class->finalize = ch_attendance_dialog_finalize;

  signals[APPLIED] = g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-attendance-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ChAttendanceDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, ChAttendanceDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, ChAttendanceDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, ChAttendanceDialog, matched_group);
  gtk_widget_class_bind_template_child (widget_class, ChAttendanceDialog, unmatched_group);
  gtk_widget_class_bind_template_child (widget_class, ChAttendanceDialog, window_title);

  gtk_widget_class_install_action (widget_class, "attendance.apply", NULL, apply_action);
  gtk_widget_class_install_action (widget_class, "attendance.choose", "u", choose_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ch_attendance_dialog_init (ChAttendanceDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->apply_button));
}

ChAttendanceDialog *
ch_attendance_dialog_new (GtkWindow          *parent,
                          ChSession          *session,
                          const char         *event_id,
                          ChAttendanceReport *report)
{
  ChAttendanceDialog *self;

  g_return_val_if_fail (CH_IS_SESSION (session), NULL);
  g_return_val_if_fail (report != NULL, NULL);

  self = g_object_new (CH_TYPE_ATTENDANCE_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->store = g_object_ref (ch_session_get_store (session));
  self->chapter_id = g_strdup (ch_session_get_chapter_id (session));
  self->event_id = g_strdup (event_id);
  self->report = report;
  if (report->meeting_title != NULL)
    gtk_window_set_title (GTK_WINDOW (self), report->meeting_title);
  fill (self);

  return self;
}

guint
ch_attendance_dialog_get_n_matched (ChAttendanceDialog *self)
{
  guint n = 0;

  g_return_val_if_fail (CH_IS_ATTENDANCE_DIALOG (self), 0);

  for (guint i = 0; i < self->report->rows->len; i++)
    {
      ChAttendanceRow *row = g_ptr_array_index (self->report->rows, i);

      n += is_matched (row);
    }

  return n;
}

guint
ch_attendance_dialog_get_n_unmatched (ChAttendanceDialog *self)
{
  g_return_val_if_fail (CH_IS_ATTENDANCE_DIALOG (self), 0);

  return self->report->rows->len - ch_attendance_dialog_get_n_matched (self);
}

void
ch_attendance_dialog_set_member (ChAttendanceDialog *self,
                                 guint               index,
                                 const char         *member_id)
{
  ChAttendanceRow *row;

  g_return_if_fail (CH_IS_ATTENDANCE_DIALOG (self));
  g_return_if_fail (index < self->report->rows->len);

  row = g_ptr_array_index (self->report->rows, index);
  g_free (row->member_id);
  row->member_id = g_strdup (member_id);
  /* A registration found for another person no longer applies. */
  g_clear_pointer (&row->registration_id, g_free);
  row->match = member_id ? CH_ATTENDANCE_MATCH_MANUAL : CH_ATTENDANCE_MATCH_NONE;
  fill (self);
}

gboolean
ch_attendance_dialog_apply (ChAttendanceDialog *self)
{
  g_autoptr(GError) error = NULL;
  guint n;

  g_return_val_if_fail (CH_IS_ATTENDANCE_DIALOG (self), FALSE);

  n = ch_attendance_apply (self->store, self->event_id, self->report, &error);
  if (error != NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
      return FALSE;
    }

  g_signal_emit (self, signals[APPLIED], 0, n);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}
