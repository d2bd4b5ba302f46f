/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-member-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-member-dialog.h"
#include "ch-util.h"

struct _ChMemberDialog
{
  AdwWindow       parent_instance;

  /* Template widgets */
  AdwEntryRow    *city_row;
  AdwEntryRow    *company_row;
  AdwEntryRow    *country_row;
  AdwPreferencesGroup *danger_group;
  AdwEntryRow    *email_row;
  GtkLabel       *error_label;
  GtkRevealer    *error_revealer;
  AdwEntryRow    *family_row;
  AdwEntryRow    *given_row;
  AdwEntryRow    *job_title_row;
  AdwEntryRow    *joined_row;
  GtkTextView    *notes_view;
  GtkButton      *open_other_button;
  AdwEntryRow    *paid_until_row;
  AdwComboRow    *partner_kind_row;
  AdwEntryRow    *phone_row;
  GtkButton      *save_button;
  GtkLabel       *status_label;
  AdwActionRow   *status_row;
  AdwComboRow    *tier_row;
  AdwWindowTitle *window_title;

  ChStore        *store;
  ChChapter      *chapter;
  char           *member_id;
  char           *other_id;
  gboolean        has_error;
};

enum {
  SAVED,
  DELETE_REQUESTED,
  OPEN_MEMBER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ChMemberDialog, ch_member_dialog, ADW_TYPE_WINDOW)

static const char *tiers[] = { "network", "chapter", "honorary" };
static const char *partner_kinds[] = { "", "microsoft_partner", "isv", "vendor", "microsoft_employee", "other" };

typedef struct
{
  const char *field;
  gsize       offset;
} FieldRow;

#define ROW(f, m) { f, G_STRUCT_OFFSET (ChMemberDialog, m) }

static const FieldRow text_rows[] = {
  ROW ("given_name", given_row),
  ROW ("family_name", family_row),
  ROW ("email", email_row),
  ROW ("phone", phone_row),
  ROW ("company", company_row),
  ROW ("job_title", job_title_row),
  ROW ("city", city_row),
  ROW ("country", country_row),
  ROW ("joined_on", joined_row),
  ROW ("dues_paid_until", paid_until_row),
};

static AdwEntryRow *
row_at (ChMemberDialog *self,
        gsize           offset)
{
  return G_STRUCT_MEMBER (AdwEntryRow *, self, offset);
}

static void
clear_error (ChMemberDialog *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (row_at (self, text_rows[i].offset)), "error");

  self->has_error = FALSE;
  g_clear_pointer (&self->other_id, g_free);
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->open_other_button), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.open-other", FALSE);
}

static void
show_error (ChMemberDialog *self,
            GtkWidget      *row,
            const char     *message)
{
  self->has_error = TRUE;
  gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);

  if (row != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_grab_focus (row);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
    }
}

static void
on_row_changed_cb (ChMemberDialog *self,
                   GtkEditable    *row)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static char *
notes_text (ChMemberDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static JsonObject *
collect (ChMemberDialog *self)
{
  JsonObject *fields = json_object_new ();
  g_autofree char *notes = notes_text (self);
  guint tier = adw_combo_row_get_selected (self->tier_row);
  guint kind = adw_combo_row_get_selected (self->partner_kind_row);

  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (row_at (self, text_rows[i].offset)));
      g_autofree char *trimmed = g_strstrip (g_strdup (text));

      if (*trimmed == '\0')
        json_object_set_null_member (fields, text_rows[i].field);
      else
        json_object_set_string_member (fields, text_rows[i].field, trimmed);
    }

  json_object_set_string_member (fields, "tier", tier < G_N_ELEMENTS (tiers) ? tiers[tier] : "network");
  if (kind > 0 && kind < G_N_ELEMENTS (partner_kinds))
    json_object_set_string_member (fields, "partner_kind", partner_kinds[kind]);
  else
    json_object_set_null_member (fields, "partner_kind");

  if (*notes != '\0')
    json_object_set_string_member (fields, "notes", notes);
  else
    json_object_set_null_member (fields, "notes");

  return fields;
}

static gboolean
check_date (ChMemberDialog *self,
            AdwEntryRow    *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  GDate date;

  if (*trimmed == '\0' || ch_date_parse (trimmed, &date))
    return TRUE;

  {
    /* Translators: %s is what the person typed in a date field */
    g_autofree char *message = g_strdup_printf (_("“%s” is not a date. Write it as year-month-day, "
                                                  "for example 2026-11-23."), trimmed);
    show_error (self, GTK_WIDGET (row), message);
  }

  return FALSE;
}

gboolean
ch_member_dialog_save (ChMemberDialog *self)
{
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *new_id = NULL;
  gboolean ok;

  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), FALSE);

  clear_error (self);

  if (!check_date (self, self->joined_row) || !check_date (self, self->paid_until_row))
    return FALSE;

  fields = collect (self);

  if (self->member_id == NULL)
    ok = ch_store_add_member (self->store, ch_chapter_get_id (self->chapter), fields, &new_id, &error);
  else
    ok = ch_store_update_member (self->store, self->member_id, fields, &error);

  if (!ok)
    {
      GtkWidget *row = NULL;

      if (g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_DUPLICATE_EMAIL))
        {
          const char *email = gtk_editable_get_text (GTK_EDITABLE (self->email_row));
          g_autofree char *other = ch_store_find_member_by_email (self->store,
                                                                  ch_chapter_get_id (self->chapter),
                                                                  email, self->member_id);
          g_autoptr(ChMember) member = other ? ch_store_get_member (self->store, other, NULL) : NULL;

          row = GTK_WIDGET (self->email_row);
          if (member != NULL)
            {
              /* Translators: %s is the name of the member who has the e-mail address */
              g_autofree char *label = g_strdup_printf (_("Open %s"), ch_member_get_display_name (member));

              gtk_button_set_label (self->open_other_button, label);
              gtk_widget_set_visible (GTK_WIDGET (self->open_other_button), TRUE);
              gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.open-other", TRUE);
              self->other_id = g_steal_pointer (&other);
            }
        }
      else if (g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED))
        {
          g_autofree char *given = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->given_row))));

          row = GTK_WIDGET (*given == '\0' ? self->given_row : self->family_row);
        }
      else if (g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID))
        {
          const char *email = gtk_editable_get_text (GTK_EDITABLE (self->email_row));

          if (*email != '\0' && strstr (error->message, email) != NULL)
            row = GTK_WIDGET (self->email_row);
        }

      show_error (self, row, error->message);
      return FALSE;
    }

  g_signal_emit (self, signals[SAVED], 0, self->member_id ? self->member_id : new_id);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ch_member_dialog_save (CH_MEMBER_DIALOG (widget));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  ChMemberDialog *self = CH_MEMBER_DIALOG (widget);
  g_autofree char *id = g_strdup (self->member_id);

  if (id == NULL)
    return;

  gtk_window_close (GTK_WINDOW (self));
  g_signal_emit (self, signals[DELETE_REQUESTED], 0, id);
}

static void
open_other_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  ChMemberDialog *self = CH_MEMBER_DIALOG (widget);
  g_autofree char *id = g_strdup (self->other_id);

  /* This form stays open, with what was typed, underneath. */
  if (id != NULL)
    g_signal_emit (self, signals[OPEN_MEMBER], 0, id);
}

static GListModel *
make_list (const char * const *labels,
           guint               n)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, labels[i]);

  return G_LIST_MODEL (list);
}

static void
fill (ChMemberDialog *self)
{
  g_autoptr(ChMember) member = NULL;
  g_autoptr(GError) error = NULL;
  const char *tier, *kind, *notes;

  if (self->member_id == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

      adw_window_title_set_title (self->window_title, _("New Member"));
      gtk_button_set_label (self->save_button, _("_Add"));
      gtk_editable_set_text (GTK_EDITABLE (self->joined_row), today);
      if (self->chapter != NULL)
        {
          gtk_editable_set_text (GTK_EDITABLE (self->country_row),
                                 ch_chapter_get_country (self->chapter) ? ch_chapter_get_country (self->chapter) : "");
          gtk_editable_set_text (GTK_EDITABLE (self->city_row),
                                 ch_chapter_get_city (self->chapter) ? ch_chapter_get_city (self->chapter) : "");
        }
      adw_combo_row_set_selected (self->tier_row, 0);
      gtk_widget_set_visible (GTK_WIDGET (self->status_row), FALSE);
      return;
    }

  adw_window_title_set_title (self->window_title, _("Edit Member"));
  gtk_button_set_label (self->save_button, _("_Save"));
  gtk_widget_set_visible (GTK_WIDGET (self->danger_group), TRUE);

  member = ch_store_get_member (self->store, self->member_id, &error);
  if (member == NULL)
    {
      show_error (self, NULL, error->message);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.save", FALSE);
      return;
    }

  adw_window_title_set_subtitle (self->window_title, ch_member_get_display_name (member));

  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    {
      const char *value = ch_member_get_text (member, text_rows[i].field);

      gtk_editable_set_text (GTK_EDITABLE (row_at (self, text_rows[i].offset)), value ? value : "");
    }

  tier = ch_member_get_tier (member);
  for (guint i = 0; i < G_N_ELEMENTS (tiers); i++)
    if (g_strcmp0 (tier, tiers[i]) == 0)
      adw_combo_row_set_selected (self->tier_row, i);

  kind = ch_member_get_text (member, "partner_kind");
  adw_combo_row_set_selected (self->partner_kind_row, 0);
  for (guint i = 1; i < G_N_ELEMENTS (partner_kinds); i++)
    if (g_strcmp0 (kind, partner_kinds[i]) == 0)
      adw_combo_row_set_selected (self->partner_kind_row, i);

  notes = ch_member_get_text (member, "notes");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view), notes ? notes : "", -1);

  gtk_label_set_text (self->status_label, ch_member_status_label (ch_member_get_status (member)));
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label),
                            ch_member_status_to_string (ch_member_get_status (member)));
}

static void
ch_member_dialog_dispose (GObject *object)
{
  ChMemberDialog *self = CH_MEMBER_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CH_TYPE_MEMBER_DIALOG);

  G_OBJECT_CLASS (ch_member_dialog_parent_class)->dispose (object);
}

static void
ch_member_dialog_finalize (GObject *object)
{
  ChMemberDialog *self = CH_MEMBER_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->chapter);
  g_free (self->member_id);
  g_free (self->other_id);

  G_OBJECT_CLASS (ch_member_dialog_parent_class)->finalize (object);
}

static void
ch_member_dialog_class_init (ChMemberDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_member_dialog_dispose;
  object_class->finalize = ch_member_dialog_finalize;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[DELETE_REQUESTED] = g_signal_new ("delete-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[OPEN_MEMBER] = g_signal_new ("open-member", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ch-member-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, city_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, company_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, country_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, danger_group);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, family_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, given_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, job_title_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, joined_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, notes_view);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, open_other_button);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, paid_until_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, partner_kind_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, tier_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, window_title);

  gtk_widget_class_install_action (widget_class, "member.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "member.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "member.open-other", NULL, open_other_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "member.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "member.save", NULL);
}

static void
ch_member_dialog_init (ChMemberDialog *self)
{
  const char *tier_labels[] = { _("Network (free)"), _("Chapter (paid)"), _("Honorary") };
  const char *kind_labels[] = {
    _("Not set"), _("Microsoft partner"), _("ISV"), _("Vendor or consultant to partners"),
    _("Microsoft employee"), _("Other"),
  };
  g_autoptr(GListModel) tier_model = make_list (tier_labels, G_N_ELEMENTS (tier_labels));
  g_autoptr(GListModel) kind_model = make_list (kind_labels, G_N_ELEMENTS (kind_labels));

  G_STATIC_ASSERT (G_N_ELEMENTS (tiers) == 3);

  gtk_widget_init_template (GTK_WIDGET (self));

  adw_combo_row_set_model (self->tier_row, tier_model);
  adw_combo_row_set_model (self->partner_kind_row, kind_model);

  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    g_signal_connect_object (row_at (self, text_rows[i].offset), "changed",
                             G_CALLBACK (on_row_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.open-other", FALSE);
}

ChMemberDialog *
ch_member_dialog_new (GtkWindow  *parent,
                      ChStore    *store,
                      ChChapter  *chapter,
                      const char *member_id)
{
  ChMemberDialog *self;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  self = g_object_new (CH_TYPE_MEMBER_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->chapter = chapter ? g_object_ref (chapter) : NULL;
  self->member_id = g_strdup (member_id);
  fill (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->given_row));

  return self;
}

GtkEditable *
ch_member_dialog_get_entry (ChMemberDialog *self,
                            const char     *field)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    if (g_strcmp0 (text_rows[i].field, field) == 0)
      return GTK_EDITABLE (row_at (self, text_rows[i].offset));

  return NULL;
}

const char *
ch_member_dialog_get_error (ChMemberDialog *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), NULL);

  return self->has_error ? gtk_label_get_text (self->error_label) : NULL;
}

const char *
ch_member_dialog_get_other_id (ChMemberDialog *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), NULL);

  return self->other_id;
}
