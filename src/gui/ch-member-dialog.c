/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-member-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-gender.h"
#include "ch-country.h"
#include "ch-gui-util.h"
#include "ch-member-dialog.h"
#include "ch-membership.h"
#include "ch-merge-dialog.h"
#include "ch-payment-dialog.h"
#include "ch-util.h"

/* The answers offered, in this order, in the gender drop-down. */
static const ChGender gender_choices[] = {
  CH_GENDER_NOT_ANSWERED, CH_GENDER_WOMAN, CH_GENDER_MAN, CH_GENDER_NON_BINARY,
  CH_GENDER_SELF_DESCRIBED, CH_GENDER_PREFER_NOT,
};

struct _ChMemberDialog
{
  AdwWindow       parent_instance;

  /* Template widgets */
  AdwActionRow   *answered_row;
  GtkWidget      *birth_year_row;
  GtkButton      *cancel_button;
  AdwEntryRow    *city_row;
  AdwEntryRow    *company_row;
  AdwEntryRow    *country_row;
  AdwPreferencesGroup *danger_group;
  GtkSwitch      *directory_switch;
  AdwEntryRow    *email_row;
  GtkSwitch      *email_switch;
  GtkLabel       *error_label;
  GtkRevealer    *error_revealer;
  AdwEntryRow    *family_row;
  AdwComboRow    *gender_choice_row;
  AdwEntryRow    *gender_row;
  AdwEntryRow    *given_row;
  AdwPreferencesGroup *history_group;
  AdwEntryRow    *job_title_row;
  AdwEntryRow    *joined_row;
  GtkButton      *leave_button;
  AdwViewStackPage *membership_page;
  GtkTextView    *notes_view;
  GtkButton      *open_other_button;
  GtkButton      *open_similar_button;
  AdwActionRow   *paid_until_row;
  AdwComboRow    *partner_kind_row;
  GtkButton      *payment_button;
  AdwPreferencesGroup *payments_group;
  AdwEntryRow    *phone_row;
  GtkButton      *rejoin_button;
  GtkButton      *add_role_button;
  AdwEntryRow    *role_ends_row;
  AdwComboRow    *role_row;
  AdwEntryRow    *role_starts_row;
  AdwPreferencesGroup *roles_group;
  AdwViewStackPage *roles_page;
  GtkButton      *save_button;
  GtkLabel       *similar_label;
  GtkRevealer    *similar_revealer;
  AdwPreferencesGroup *specialties_group;
  AdwPreferencesGroup *status_group;
  GtkLabel       *status_label;
  AdwViewSwitcherTitle *switcher_title;
  AdwComboRow    *tier_row;
  AdwActionRow   *tier_info_row;
  AdwToastOverlay *toast_overlay;
  GtkButton      *upgrade_button;
  AdwViewStack   *view_stack;

  AdwEntryRow    *specialty_row;       /* "Add another specialty" */

  ChStore        *store;
  ChChapter      *chapter;
  char           *member_id;
  char           *other_id;
  char           *similar_id;
  char           *upgrade_tier;
  GPtrArray      *tier_keys;           /* char*, parallel to tier_row */
  GPtrArray      *specialty_checks;    /* GtkCheckButton, "ch-specialty" data */
  GPtrArray      *payment_rows;
  GPtrArray      *history_rows;
  GPtrArray      *role_rows;
  char           *snapshot;            /* the profile as filled in, to see edits */
  gboolean        discard_ok;          /* closing may drop the edits */
  gboolean        answers_hidden;      /* gender and birth year answered, not shown */
  gboolean        has_error;

  /* Roles tab: what the last "Undo" reverts, and the last toast. */
  char           *undo_new_role;
  char           *undo_old_role;
  char           *undo_old_ends;
  char           *role_toast;
};

enum {
  SAVED,
  DELETE_REQUESTED,
  OPEN_MEMBER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ChMemberDialog, ch_member_dialog, ADW_TYPE_WINDOW)

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
};

static AdwEntryRow *
row_at (ChMemberDialog *self,
        gsize           offset)
{
  return G_STRUCT_MEMBER (AdwEntryRow *, self, offset);
}

static char *
today (ChMemberDialog *self)
{
  GDate date;

  ch_date_today (self->chapter ? ch_chapter_get_timezone (self->chapter) : NULL, &date);
  return ch_date_format (&date);
}

static const char *
chapter_id (ChMemberDialog *self)
{
  return self->chapter ? ch_chapter_get_id (self->chapter) : NULL;
}

static void
toast (ChMemberDialog *self,
       const char     *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
clear_error (ChMemberDialog *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (row_at (self, text_rows[i].offset)), "error");
  gtk_widget_remove_css_class (self->birth_year_row, "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->role_starts_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->role_ends_row), "error");

  self->has_error = FALSE;
  g_clear_pointer (&self->other_id, g_free);
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->open_other_button), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.open-other", FALSE);
}

static gboolean
show_error (ChMemberDialog *self,
            GtkWidget      *row,
            const char     *message)
{
  self->has_error = TRUE;
  ch_gui_form_show_error (self->error_revealer, self->error_label, row, message);

  return FALSE;
}

/* ----------------------------------------------------------------------- */
/* Profile                                                                   */

static void
check_similar (ChMemberDialog *self)
{
  g_autofree char *given = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->given_row));
  g_autofree char *family = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->family_row));
  g_autofree char *company = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->company_row));
  g_autofree char *id = NULL;
  g_autoptr(ChMember) other = NULL;

  if (self->store != NULL && chapter_id (self) != NULL && *given != '\0' && *family != '\0')
    id = ch_membership_find_similar (self->store, chapter_id (self), given, family,
                                     company, self->member_id);
  if (id != NULL)
    other = ch_store_get_member (self->store, id, NULL);

  g_clear_pointer (&self->similar_id, g_free);
  if (other == NULL)
    {
      gtk_revealer_set_reveal_child (self->similar_revealer, FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.open-similar", FALSE);
      return;
    }

  {
    const char *company_name = ch_member_get_company (other);
    g_autofree char *text = NULL;
    g_autofree char *button = NULL;

    if (company_name != NULL && *company_name != '\0')
      /* Translators: %s is a member's name, then a company */
      text = g_strdup_printf (_("%s at %s is already a member. Is this the same person?"),
                              ch_member_get_display_name (other), company_name);
    else
      /* Translators: %s is a member's name */
      text = g_strdup_printf (_("%s is already a member. Is this the same person?"),
                              ch_member_get_display_name (other));
    /* Translators: %s is a member's name */
    button = g_strdup_printf (_("Open %s"), ch_member_get_given_name (other));
    gtk_label_set_text (self->similar_label, text);
    gtk_button_set_label (self->open_similar_button, button);
  }

  self->similar_id = g_strdup (id);
  gtk_revealer_set_reveal_child (self->similar_revealer, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.open-similar", TRUE);
}

static void
on_row_changed_cb (ChMemberDialog *self,
                   GtkEditable    *row)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");

  if (row == GTK_EDITABLE (self->given_row) || row == GTK_EDITABLE (self->family_row) ||
      row == GTK_EDITABLE (self->company_row))
    check_similar (self);
}

static ChGender
selected_gender (ChMemberDialog *self)
{
  guint pos = adw_combo_row_get_selected (self->gender_choice_row);

  return pos < G_N_ELEMENTS (gender_choices) ? gender_choices[pos] : CH_GENDER_NOT_ANSWERED;
}

static void
on_gender_selected_cb (ChMemberDialog *self)
{
  gboolean own_words = selected_gender (self) == CH_GENDER_SELF_DESCRIBED;

  gtk_widget_set_visible (GTK_WIDGET (self->gender_row), own_words && !self->answers_hidden);
}

/* The promise of the form: answers are only counted, never shown on
 * their own.  An officer opening a member who answered sees that they
 * did, not what; the answers are not even loaded into the form. */
static void
show_answers (ChMemberDialog *self,
              gboolean        hidden)
{
  self->answers_hidden = hidden;
  gtk_widget_set_visible (GTK_WIDGET (self->answered_row), hidden);
  gtk_widget_set_visible (GTK_WIDGET (self->gender_choice_row), !hidden);
  gtk_widget_set_visible (self->birth_year_row, !hidden);
  on_gender_selected_cb (self);
}

static void
change_answer_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  ChMemberDialog *self = CH_MEMBER_DIALOG (widget);

  /* Cleared, and asked again: Save stores whatever is chosen now. */
  adw_combo_row_set_selected (self->gender_choice_row, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->gender_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->birth_year_row), "");
  show_answers (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->gender_choice_row));
}

static void
add_specialty_row (ChMemberDialog *self,
                   const char     *text,
                   gboolean        active)
{
  /* "Power Platform" and "power-platform" are one specialty. */
  g_autofree char *key = ch_specialty_normalize (text);
  GtkWidget *row, *check;

  if (key == NULL)
    return;

  for (guint i = 0; i < self->specialty_checks->len; i++)
    {
      GtkCheckButton *other = g_ptr_array_index (self->specialty_checks, i);

      if (g_ascii_strcasecmp (g_object_get_data (G_OBJECT (other), "ch-specialty"), key) == 0)
        {
          gtk_check_button_set_active (other, active || gtk_check_button_get_active (other));
          return;
        }
    }

  row = adw_action_row_new ();
  check = gtk_check_button_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ch_specialty_label (key));
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
  g_object_set_data_full (G_OBJECT (check), "ch-specialty", g_strdup (key), g_free);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_ptr_array_add (self->specialty_checks, check);

  /* Keep "Add another specialty" last. */
  g_object_ref (self->specialty_row);
  if (gtk_widget_get_parent (GTK_WIDGET (self->specialty_row)) != NULL)
    adw_preferences_group_remove (self->specialties_group, GTK_WIDGET (self->specialty_row));
  adw_preferences_group_add (self->specialties_group, row);
  adw_preferences_group_add (self->specialties_group, GTK_WIDGET (self->specialty_row));
  g_object_unref (self->specialty_row);
}

static void
on_specialty_apply_cb (ChMemberDialog *self,
                       AdwEntryRow    *row)
{
  g_autofree char *typed = ch_gui_editable_dup_stripped (GTK_EDITABLE (row));
  g_autofree char *text = ch_specialty_normalize (typed);

  if (text == NULL)
    return;

  add_specialty_row (self, text, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static char **
checked_specialties (ChMemberDialog *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < self->specialty_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->specialty_checks, i);

      if (gtk_check_button_get_active (check))
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (check), "ch-specialty"));
    }

  return g_strv_builder_end (builder);
}

static char *
notes_text (ChMemberDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static const char *
selected_tier (ChMemberDialog *self)
{
  guint pos = adw_combo_row_get_selected (self->tier_row);

  return pos < self->tier_keys->len ? g_ptr_array_index (self->tier_keys, pos) : CH_TIER_NETWORK;
}

static JsonObject *
collect (ChMemberDialog *self,
         gint64          birth_year)
{
  JsonObject *fields = json_object_new ();
  g_autofree char *notes = notes_text (self);
  g_autofree char *gender = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->gender_row));
  guint kind = adw_combo_row_get_selected (self->partner_kind_row);

  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    {
      AdwEntryRow *row = row_at (self, text_rows[i].offset);
      g_autofree char *trimmed = ch_gui_editable_dup_stripped (GTK_EDITABLE (row));

      if (*trimmed == '\0')
        json_object_set_null_member (fields, text_rows[i].field);
      else
        json_object_set_string_member (fields, text_rows[i].field, trimmed);
    }

  json_object_set_string_member (fields, "tier", selected_tier (self));
  if (kind > 0 && kind < G_N_ELEMENTS (partner_kinds))
    json_object_set_string_member (fields, "partner_kind", partner_kinds[kind]);
  else
    json_object_set_null_member (fields, "partner_kind");

  /* Hidden answers stay as they are: not in the fields, not written. */
  if (!self->answers_hidden)
    {
      ChGender choice = selected_gender (self);
      g_autofree char *stored = NULL;

      if (choice == CH_GENDER_SELF_DESCRIBED)
        stored = ch_gender_normalize (gender);
      else if (ch_gender_code (choice) != NULL)
        stored = g_strdup (ch_gender_code (choice));

      if (stored != NULL)
        json_object_set_string_member (fields, "gender", stored);
      else
        json_object_set_null_member (fields, "gender");
      if (birth_year > 0)
        json_object_set_int_member (fields, "birth_year", birth_year);
      else
        json_object_set_null_member (fields, "birth_year");
    }

  json_object_set_boolean_member (fields, "consent_directory", gtk_switch_get_active (self->directory_switch));
  json_object_set_boolean_member (fields, "consent_email", gtk_switch_get_active (self->email_switch));

  if (*notes != '\0')
    json_object_set_string_member (fields, "notes", notes);
  else
    json_object_set_null_member (fields, "notes");

  return fields;
}

/* The profile as typed, in one string: what Save would write, the
 * specialties ticked, and the birth year as written (it may not parse). */
static char *
profile_snapshot (ChMemberDialog *self)
{
  g_autoptr(JsonObject) fields = collect (self, 0);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_auto(GStrv) specialties = checked_specialties (self);
  g_autofree char *json = NULL;
  g_autofree char *joined = NULL;

  json_node_set_object (node, fields);
  json = json_to_string (node, FALSE);
  joined = g_strjoinv ("\n", specialties);

  return g_strdup_printf ("%s\n%s\n%s", json,
                          gtk_editable_get_text (GTK_EDITABLE (self->birth_year_row)), joined);
}

static gboolean
has_unsaved_changes (ChMemberDialog *self)
{
  g_autofree char *now = NULL;

  if (self->snapshot == NULL)
    return FALSE;

  now = profile_snapshot (self);
  return g_strcmp0 (now, self->snapshot) != 0;
}

/* What the form shows now counts as unchanged. */
static void
take_snapshot (ChMemberDialog *self)
{
  g_free (self->snapshot);
  self->snapshot = profile_snapshot (self);
}

static gboolean
check_date (ChMemberDialog *self,
            AdwEntryRow    *row,
            GDate          *out)
{
  g_autofree char *trimmed = ch_gui_editable_dup_stripped (GTK_EDITABLE (row));
  GDate date;

  if (out == NULL)
    out = &date;
  g_date_clear (out, 1);

  if (*trimmed == '\0' || ch_date_parse (trimmed, out))
    return TRUE;

  {
    g_autofree char *message = ch_gui_dup_not_a_date_message (trimmed);
    return show_error (self, GTK_WIDGET (row), message);
  }
}

static gboolean
check_birth_year (ChMemberDialog *self,
                  gint64         *year)
{
  g_autofree char *text = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->birth_year_row));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  guint64 value = 0;

  *year = 0;
  if (*text == '\0' || self->answers_hidden)
    return TRUE;

  if (!g_ascii_string_to_unsigned (text, 10, 1900, g_date_time_get_year (now), &value, NULL))
    {
      /* Translators: %s is what was typed */
      g_autofree char *message = g_strdup_printf (_("“%s” is not a birth year. Write four digits, "
                                                    "for example 1984, or leave it empty."), text);
      return show_error (self, self->birth_year_row, message);
    }

  *year = (gint64) value;
  return TRUE;
}

gboolean
ch_member_dialog_save (ChMemberDialog *self)
{
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChMember) before = NULL;
  g_autofree char *new_id = NULL;
  g_auto(GStrv) specialties = NULL;
  const char *id;
  const char *new_tier = NULL;
  gint64 birth_year = 0;
  gboolean ok;

  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), FALSE);

  clear_error (self);

  if (!check_date (self, self->joined_row, NULL) || !check_birth_year (self, &birth_year))
    return FALSE;

  fields = collect (self, birth_year);
  specialties = checked_specialties (self);

  /* A tier change of an existing member is an upgrade (or downgrade) with
   * its own period in the history, not a plain edit. */
  if (self->member_id != NULL)
    {
      before = ch_store_get_member (self->store, self->member_id, NULL);
      if (before != NULL && g_strcmp0 (ch_member_get_tier (before), selected_tier (self)) != 0)
        new_tier = selected_tier (self);
      json_object_remove_member (fields, "tier");
    }

  ok = ch_store_begin (self->store, &error);
  if (ok)
    {
      if (self->member_id == NULL)
        ok = ch_store_add_member (self->store, chapter_id (self), fields, &new_id, &error);
      else
        ok = ch_store_update_member (self->store, self->member_id, fields, &error);

      id = self->member_id ? self->member_id : new_id;

      if (ok)
        ok = ch_membership_set_specialties (self->store, id, (const char * const *) specialties, &error);

      if (ok && new_tier != NULL)
        {
          g_autofree char *date = today (self);

          ok = ch_membership_change_tier (self->store, id, new_tier, date, &error);
        }

      if (ok)
        ok = ch_store_commit (self->store, &error);
      else
        ch_store_rollback (self->store);
    }

  if (!ok)
    {
      GtkWidget *row = NULL;

      if (g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_DUPLICATE_EMAIL))
        {
          const char *email = gtk_editable_get_text (GTK_EDITABLE (self->email_row));
          g_autofree char *other = ch_store_find_member_by_email (self->store, chapter_id (self),
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
          g_autofree char *given = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->given_row));

          row = GTK_WIDGET (*given == '\0' ? self->given_row : self->family_row);
        }
      else if (g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID))
        {
          const char *email = gtk_editable_get_text (GTK_EDITABLE (self->email_row));

          if (*email != '\0' && strstr (error->message, email) != NULL)
            row = GTK_WIDGET (self->email_row);
        }

      adw_view_stack_set_visible_child_name (self->view_stack, "profile");
      return show_error (self, row, error->message);
    }

  g_signal_emit (self, signals[SAVED], 0, self->member_id ? self->member_id : new_id);
  self->discard_ok = TRUE;
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

/* ----------------------------------------------------------------------- */
/* Membership and roles                                                      */

static const char *
history_icon (ChHistoryKind kind)
{
  switch (kind)
    {
    case CH_HISTORY_JOIN: return "list-add-symbolic";
    case CH_HISTORY_RENEW: return "view-refresh-symbolic";
    case CH_HISTORY_UPGRADE: return "go-up-symbolic";
    case CH_HISTORY_PAYMENT: return "emblem-ok-symbolic";
    case CH_HISTORY_LAPSE: return "dialog-warning-symbolic";
    case CH_HISTORY_REJOIN: return "edit-redo-symbolic";
    case CH_HISTORY_LEAVE: return "system-log-out-symbolic";
    case CH_HISTORY_ROLE_START: return "starred-symbolic";
    case CH_HISTORY_ROLE_END: return "non-starred-symbolic";
    default: return "emblem-documents-symbolic";
    }
}

static void
refresh_membership (ChMemberDialog *self)
{
  static const char *classes[] = { "prospect", "active", "grace", "lapsed", "left" };
  g_autoptr(ChMember) member = NULL;
  g_autoptr(GPtrArray) tiers = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  g_autoptr(GPtrArray) history = NULL;
  ChMemberStatus status;
  const char *paid_until;
  const char *tier;
  gboolean free_tier;
  const ChTier *upgrade = NULL;

  if (self->member_id == NULL)
    return;

  member = ch_store_get_member (self->store, self->member_id, NULL);
  if (member == NULL)
    return;

  status = ch_member_get_status (member);
  tier = ch_member_get_tier (member);
  adw_view_switcher_title_set_title (self->switcher_title, ch_member_get_display_name (member));
  adw_view_switcher_title_set_subtitle (self->switcher_title, ch_member_status_label (status));
  gtk_window_set_title (GTK_WINDOW (self), ch_member_get_display_name (member));
  /* The switcher hides the title on a wide window: say whose page this is. */
  adw_preferences_group_set_title (self->status_group, ch_member_get_display_name (member));
  adw_preferences_group_set_title (self->roles_group, ch_member_get_display_name (member));
  {
    const char *joined = ch_member_get_text (member, "joined_on");
    g_autofree char *since = joined ? g_strdup_printf (_("Member since %s"), joined) : NULL;

    adw_preferences_group_set_description (self->status_group, since);
  }

  gtk_label_set_text (self->status_label, ch_member_status_label (status));
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), ch_member_status_to_string (status));

  /* The tier under the chapter's own name, and the paid tier to upgrade to. */
  free_tier = ch_tier_is_free (tier);
  adw_action_row_set_subtitle (self->tier_info_row, ch_tier_label (tier));
  tiers = ch_membership_list_tiers (self->store, chapter_id (self), NULL);
  for (guint i = 0; tiers != NULL && i < tiers->len; i++)
    {
      const ChTier *t = g_ptr_array_index (tiers, i);

      if (g_strcmp0 (t->key, tier) == 0)
        {
          adw_action_row_set_subtitle (self->tier_info_row, t->name);
          free_tier = !t->paid && !t->honorary;
        }
      if (t->paid && !t->honorary && (upgrade == NULL || g_strcmp0 (t->key, CH_TIER_CHAPTER) == 0))
        upgrade = t;
    }

  g_clear_pointer (&self->upgrade_tier, g_free);
  if (upgrade != NULL)
    {
      /* Translators: %s is the name of the paid tier, e.g. Chapter */
      g_autofree char *label = g_strdup_printf (_("_Upgrade to %s"), upgrade->name);

      gtk_button_set_label (self->upgrade_button, label);
      self->upgrade_tier = g_strdup (upgrade->key);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->upgrade_button),
                          free_tier && upgrade != NULL && status != CH_MEMBER_STATUS_LEFT);
  gtk_widget_set_visible (GTK_WIDGET (self->payment_button), !free_tier);
  gtk_widget_set_visible (GTK_WIDGET (self->rejoin_button), status == CH_MEMBER_STATUS_LEFT);
  {
    /* The store takes a return from the day after leaving on. */
    g_autofree char *now = today (self);
    gboolean left_today = g_strcmp0 (ch_member_get_text (member, "left_on"), now) >= 0;

    gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.rejoin", !left_today);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->rejoin_button),
                                 left_today ? _("A member can rejoin from the day after they left.") : NULL);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->leave_button), status != CH_MEMBER_STATUS_LEFT);

  paid_until = ch_member_get_text (member, "dues_paid_until");
  gtk_widget_set_visible (GTK_WIDGET (self->paid_until_row), !free_tier);
  adw_action_row_set_subtitle (self->paid_until_row,
                               paid_until ? paid_until : _("No dues recorded yet"));

  /* Payments, newest first */
  ch_gui_group_clear_rows (self->payments_group, self->payment_rows);
  payments = ch_membership_list_payments (self->store, chapter_id (self), self->member_id, NULL);
  for (guint i = 0; payments != NULL && i < payments->len; i++)
    {
      JsonObject *p = g_ptr_array_index (payments, i);
      const char *cur = json_object_get_string_member_with_default (p, "currency", NULL);
      const char *method = json_object_get_string_member_with_default (p, "method", NULL);
      const char *reference = json_object_get_string_member_with_default (p, "reference", NULL);
      g_autofree char *money = ch_format_money (json_object_get_int_member_with_default (p, "amount", 0),
                                                cur ? cur : ch_chapter_get_currency (self->chapter));
      g_autofree char *title = NULL;
      GString *subtitle = g_string_new (NULL);

      /* Translators: an amount, then the day it was paid */
      title = g_strdup_printf (_("%s on %s"), money,
                               json_object_get_string_member_with_default (p, "paid_on", ""));
      /* Translators: the period a payment covers, two dates */
      g_string_append_printf (subtitle, _("Covers %s to %s"),
                              json_object_get_string_member_with_default (p, "covers_from", "?"),
                              json_object_get_string_member_with_default (p, "covers_until", "?"));
      if (method != NULL)
        g_string_append_printf (subtitle, " · %s", ch_payment_method_label (method));
      if (reference != NULL && *reference != '\0')
        g_string_append_printf (subtitle, " · %s", reference);

      {
        GtkWidget *row = ch_gui_group_add_row (self->payments_group, self->payment_rows,
                                               title, subtitle->str);
        GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
        /* Translators: %s describes a payment, e.g. "SEK 1500.00 on 2026-11-23" */
        g_autofree char *label = g_strdup_printf (_("Delete the payment of %s"), title);

        gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
        gtk_widget_add_css_class (button, "flat");
        gtk_widget_set_tooltip_text (button, _("Delete Payment…"));
        gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
        gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "member.delete-payment");
        gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s",
                                          json_object_get_string_member_with_default (p, "id", ""));
        g_object_set_data_full (G_OBJECT (button), "ch-title", g_strdup (title), g_free);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      }
      g_string_free (subtitle, TRUE);
    }
  if (self->payment_rows->len == 0)
    {
      GtkWidget *row = ch_gui_group_add_row (self->payments_group, self->payment_rows,
                                free_tier ? _("No dues on this tier") : _("No payments recorded yet"), NULL);
      gtk_widget_add_css_class (row, "dim-label");
    }

  /* History, newest first: gaps stand out */
  ch_gui_group_clear_rows (self->history_group, self->history_rows);
  history = ch_membership_history (self->store, self->member_id, NULL);
  for (guint i = history ? history->len : 0; i > 0; i--)
    {
      ChHistoryEntry *e = g_ptr_array_index (history, i - 1);
      g_autofree char *subtitle = e->detail ? g_strdup_printf ("%s · %s", e->date, e->detail)
                                            : g_strdup (e->date);
      GtkWidget *row = ch_gui_group_add_row (self->history_group, self->history_rows,
                                             e->title, subtitle);
      GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE, "icon-name", history_icon (e->kind),
                                      "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);

      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      if (e->kind == CH_HISTORY_LAPSE || e->kind == CH_HISTORY_LEAVE || e->kind == CH_HISTORY_REJOIN)
        gtk_widget_add_css_class (row, "history-gap");
    }
  if (self->history_rows->len == 0)
    ch_gui_group_add_row (self->history_group, self->history_rows, _("Nothing recorded yet"), NULL);
}

static void
refresh_roles (ChMemberDialog *self)
{
  g_autoptr(GPtrArray) roles = NULL;
  g_autofree char *now = today (self);

  if (self->member_id == NULL)
    return;

  ch_gui_group_clear_rows (self->roles_group, self->role_rows);
  roles = ch_membership_member_roles (self->store, self->member_id, NULL);
  for (guint i = 0; roles != NULL && i < roles->len; i++)
    {
      ChOfficer *o = g_ptr_array_index (roles, i);
      gboolean current = o->ends_on == NULL || g_strcmp0 (o->ends_on, now) >= 0;
      g_autofree char *term = NULL;
      GtkWidget *row;

      if (o->ends_on != NULL)
        /* Translators: a term of office, two dates */
        term = g_strdup_printf (_("%s to %s"), o->starts_on ? o->starts_on : "?", o->ends_on);
      else
        /* Translators: a term of office with no end, %s is a date */
        term = g_strdup_printf (_("Since %s"), o->starts_on ? o->starts_on : "?");

      row = ch_gui_group_add_row (self->roles_group, self->role_rows,
                                  ch_role_label (o->role), term);
      if (current)
        {
          GtkWidget *button = gtk_button_new_with_mnemonic (_("_End Today"));

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "member.end-role");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", o->role_id);
          /* Translators: %s is a role such as Treasurer */
          {
            g_autofree char *label = g_strdup_printf (_("End the role %s today"), ch_role_label (o->role));
            gtk_widget_set_tooltip_text (button, label);
          }
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
          if (o->ending_soon)
            {
              GtkWidget *pill = gtk_label_new (_("Ends soon"));

              gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
              gtk_widget_add_css_class (pill, "status-pill");
              gtk_widget_add_css_class (pill, "grace");
              adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);
            }
        }
      else
        gtk_widget_add_css_class (row, "dim-label");
    }
  if (self->role_rows->len == 0)
    ch_gui_group_add_row (self->roles_group, self->role_rows, _("No roles yet"), NULL);
}

static void
on_store_changed_cb (ChMemberDialog *self,
                     const char     *entity,
                     const char     *id,
                     ChStore        *store)
{
  refresh_membership (self);
  refresh_roles (self);
}

static void
on_payment_recorded_cb (ChMemberDialog  *self,
                        const char      *payment_id,
                        ChPaymentDialog *dialog)
{
  toast (self, _("Payment recorded"));
}

static void
record_payment_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  ChMemberDialog *self = CH_MEMBER_DIALOG (widget);
  ChPaymentDialog *dialog;

  if (self->member_id == NULL)
    return;

  dialog = ch_payment_dialog_new (GTK_WINDOW (self), self->store, self->chapter, self->member_id);
  g_signal_connect_object (dialog, "recorded", G_CALLBACK (on_payment_recorded_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_delete_payment_response_cb (AdwMessageDialog *dialog,
                               const char       *response,
                               ChMemberDialog   *self)
{
  const char *payment_id = g_object_get_data (G_OBJECT (dialog), "ch-payment");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;

  if (!ch_membership_delete_payment (self->store, payment_id, &error))
    toast (self, error->message);
  else
    toast (self, _("Payment deleted. Dues paid until was worked out again."));
}

static void
delete_payment_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  ChMemberDialog *self = CH_MEMBER_DIALOG (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Delete This Payment?"),
                                   _("Use this for a payment recorded by mistake. The dues paid until "
                                     "date is worked out again from the other payments."));
  g_object_set_data_full (G_OBJECT (dialog), "ch-payment", g_variant_dup_string (param, NULL), g_free);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_payment_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
upgrade_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  ChMemberDialog *self = CH_MEMBER_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *date = today (self);
  gboolean dirty;

  if (self->member_id == NULL || self->upgrade_tier == NULL)
    return;

  if (!ch_membership_change_tier (self->store, self->member_id, self->upgrade_tier, date, &error))
    {
      toast (self, error->message);
      return;
    }

  /* The profile's tier follows, so a later Save does not undo it; that is
   * no edit of the officer's. */
  dirty = has_unsaved_changes (self);
  for (guint i = 0; i < self->tier_keys->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->tier_keys, i), self->upgrade_tier) == 0)
      adw_combo_row_set_selected (self->tier_row, i);
  if (!dirty)
    take_snapshot (self);

  /* Upgrading usually means they paid: take the payment now (Cancel if not yet). */
  toast (self, _("Upgraded. Record the first payment now, or later from this page."));
  gtk_widget_activate_action (widget, "member.record-payment", NULL);
}

static void
rejoin_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  ChMemberDialog *self = CH_MEMBER_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *date = today (self);

  if (self->member_id == NULL)
    return;

  if (!ch_membership_rejoin (self->store, self->member_id, date, &error))
    {
      g_debug ("Rejoin refused: %s", error->message);
      toast (self, error->message);
    }
  else
    toast (self, _("Welcome back! The gap stays in the history."));
}

static void
on_leave_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      ChMemberDialog   *self)
{
  GtkDropDown *reasons = g_object_get_data (G_OBJECT (dialog), "ch-reasons");
  const char * const *keys = ch_leave_reasons ();
  g_autoptr(GError) error = NULL;
  g_autofree char *date = today (self);
  guint pos;

  if (g_strcmp0 (response, "leave") != 0 || self->member_id == NULL)
    return;

  pos = gtk_drop_down_get_selected (reasons);
  if (!ch_membership_leave (self->store, self->member_id, date,
                            pos < g_strv_length ((char **) keys) ? keys[pos] : CH_LEAVE_OTHER, &error))
    toast (self, error->message);
  else
    toast (self, _("Membership ended. Rejoin brings them back."));
}

static void
leave_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  ChMemberDialog *self = CH_MEMBER_DIALOG (widget);
  g_autoptr(ChMember) member = NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *body = NULL;
  GtkWidget *box, *label, *reasons;
  AdwMessageDialog *dialog;

  if (self->member_id == NULL || !(member = ch_store_get_member (self->store, self->member_id, NULL)))
    return;

  for (const char * const *r = ch_leave_reasons (); r && *r; r++)
    gtk_string_list_append (labels, ch_leave_reason_label (*r));

  /* Translators: %s is a member's name */
  body = g_strdup_printf (_("%s’s membership ends today. Their history and payments stay."),
                          ch_member_get_display_name (member));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Leave the Chapter?"), body));

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  label = gtk_label_new_with_mnemonic (_("_Why are they leaving?"));
  reasons = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), reasons);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (reasons), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  gtk_widget_set_hexpand (reasons, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), reasons);
  adw_message_dialog_set_extra_child (dialog, box);
  g_object_set_data (G_OBJECT (dialog), "ch-reasons", reasons);

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "leave", _("_Leave"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "leave", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_leave_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The role picker starts on "Choose a role": one click must not make a
 * second President.  Position 0 is no role. */
static const char *
picked_role (ChMemberDialog *self)
{
  const char * const *roles = ch_standard_roles ();
  guint pos = adw_combo_row_get_selected (self->role_row);

  if (pos == 0 || pos == GTK_INVALID_LIST_POSITION || pos > g_strv_length ((char **) roles))
    return NULL;

  return roles[pos - 1];
}

static void
on_role_picked_cb (ChMemberDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.add-role", picked_role (self) != NULL);
}

static void
role_toast (ChMemberDialog *self,
            const char     *text,
            gboolean        can_undo)
{
  AdwToast *t = adw_toast_new (text);

  if (can_undo)
    {
      adw_toast_set_button_label (t, _("_Undo"));
      adw_toast_set_action_name (t, "member.undo-role");
    }
  g_free (self->role_toast);
  self->role_toast = g_strdup (text);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static void
remember_undo (ChMemberDialog *self,
               char           *new_role,
               const char     *old_role,
               const char     *old_ends)
{
  g_free (self->undo_new_role);
  g_free (self->undo_old_role);
  g_free (self->undo_old_ends);
  self->undo_new_role = new_role;
  self->undo_old_role = g_strdup (old_role);
  self->undo_old_ends = g_strdup (old_ends);
}

/* The last day of a role's term as stored now, or NULL. */
static char *
role_end_day (ChMemberDialog *self,
              const char     *role_id)
{
  g_autoptr(JsonObject) row = ch_store_get_row (self->store, "role", role_id, NULL);

  return row ? g_strdup (json_object_get_string_member_with_default (row, "ends_on", NULL)) : NULL;
}

static void
role_added (ChMemberDialog *self,
            const char     *role,
            char           *new_role_id,
            ChOfficer      *previous)
{
  g_autofree char *text = NULL;

  remember_undo (self, new_role_id, previous ? previous->role_id : NULL,
                 previous ? previous->ends_on : NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->role_ends_row), "");
  adw_combo_row_set_selected (self->role_row, 0);

  if (previous != NULL)
    {
      g_autofree char *ended = role_end_day (self, previous->role_id);

      /* Translators: a role was handed over: a name, a role such as President, a date */
      text = g_strdup_printf (_("%s’s term as %s ends on %s."), previous->member_name,
                              ch_role_label (role), ended ? ended : "");
    }
  else
    /* Translators: %s is a role such as Treasurer */
    text = g_strdup_printf (_("Role added: %s"), ch_role_label (role));
  role_toast (self, text, TRUE);
}

static void
on_hand_over_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          ChMemberDialog   *self)
{
  ChOfficer *holder = g_object_get_data (G_OBJECT (dialog), "ch-holder");
  const char *starts = g_object_get_data (G_OBJECT (dialog), "ch-starts");
  const char *ends = g_object_get_data (G_OBJECT (dialog), "ch-ends");
  g_autoptr(GError) error = NULL;
  char *new_id = NULL;

  if (g_strcmp0 (response, "hand-over") != 0 || self->member_id == NULL)
    return;

  if (!ch_membership_hand_over_role (self->store, self->member_id, holder->role, starts, ends,
                                     holder->role_id, &new_id, &error))
    {
      show_error (self, NULL, error->message);
      return;
    }

  role_added (self, holder->role, new_id, holder);
}

/* A single seat that is taken: ask to end the holder's term the day
 * before this one starts. */
static void
ask_hand_over (ChMemberDialog *self,
               ChOfficer      *holder,
               const char     *starts,
               const char     *ends)
{
  g_autoptr(ChMember) member = ch_store_get_member (self->store, self->member_id, NULL);
  g_autofree char *day_before = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  GDate date;

  ch_date_parse (starts, &date);
  g_date_subtract_days (&date, 1);
  day_before = ch_date_format (&date);

  /* Translators: a member's name and a date, e.g. "End Anders Ekström’s term on 2026-12-01?" */
  heading = g_strdup_printf (_("End %s’s term on %s?"), holder->member_name, day_before);
  /* Translators: %1$s is a name, %2$s a role such as President, %3$s another name, %4$s a date */
  body = g_strdup_printf (_("%1$s is %2$s. A chapter has one %2$s at a time: "
                            "%3$s takes over on %4$s."),
                          holder->member_name, ch_role_label (holder->role),
                          member ? ch_member_get_display_name (member) : "", starts);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    "hand-over", _("_End Term and Add"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "hand-over", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "hand-over");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "ch-holder", holder, (GDestroyNotify) ch_officer_free);
  g_object_set_data_full (G_OBJECT (dialog), "ch-starts", g_strdup (starts), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "ch-ends", g_strdup (ends), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_hand_over_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_role_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  ChMemberDialog *self = CH_MEMBER_DIALOG (widget);
  const char *role = picked_role (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(ChOfficer) holder = NULL;
  g_autofree char *starts = NULL;
  g_autofree char *ends = NULL;
  char *new_id = NULL;
  GDate from, until;

  if (self->member_id == NULL || role == NULL)
    return;

  clear_error (self);
  if (!check_date (self, self->role_starts_row, &from) || !check_date (self, self->role_ends_row, &until))
    return;

  if (!g_date_valid (&from))
    {
      show_error (self, GTK_WIDGET (self->role_starts_row), _("Enter the day the role starts."));
      return;
    }
  if (g_date_valid (&until) && g_date_compare (&from, &until) > 0)
    {
      show_error (self, GTK_WIDGET (self->role_ends_row), _("The role ends before it starts. Check the two dates."));
      return;
    }

  starts = ch_date_format (&from);
  ends = g_date_valid (&until) ? ch_date_format (&until) : NULL;

  if (ch_role_is_single_seat (role) &&
      (holder = ch_membership_seat_holder (self->store, chapter_id (self), role, starts,
                                           self->member_id, NULL)) != NULL)
    {
      ask_hand_over (self, g_steal_pointer (&holder), starts, ends);
      return;
    }

  if (!ch_membership_add_role (self->store, self->member_id, role, starts, ends, &new_id, &error))
    {
      show_error (self, NULL, error->message);
      return;
    }

  role_added (self, role, new_id, NULL);
}

static void
undo_role_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  ChMemberDialog *self = CH_MEMBER_DIALOG (widget);
  g_autoptr(GError) error = NULL;

  if (self->undo_new_role == NULL)
    return;

  if (!ch_membership_undo_role (self->store, self->undo_new_role, self->undo_old_role,
                                self->undo_old_ends, &error))
    role_toast (self, error->message, FALSE);
  else
    role_toast (self, self->undo_old_role ? _("Undone: the earlier term runs on as before.")
                                          : _("Undone: the role was removed."), FALSE);
  remember_undo (self, NULL, NULL, NULL);
}

static void
end_role_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  ChMemberDialog *self = CH_MEMBER_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *date = today (self);

  if (!ch_membership_end_role (self->store, g_variant_get_string (param, NULL), date, &error))
    toast (self, error->message);
  else
    toast (self, _("Role ended today"));
}

static void
on_merged_cb (ChMemberDialog *self,
              const char     *text,
              ChMergeDialog  *dialog)
{
  g_autoptr(ChMember) member = ch_store_get_member (self->store, self->member_id, NULL);
  g_auto(GStrv) specialties = NULL;
  gboolean dirty = has_unsaved_changes (self);

  /* The merge filled empty fields: show them, or a later Save would empty
   * them again.  What was typed stays. */
  for (guint i = 0; member != NULL && i < G_N_ELEMENTS (text_rows); i++)
    {
      GtkEditable *row = GTK_EDITABLE (row_at (self, text_rows[i].offset));
      const char *value = ch_member_get_text (member, text_rows[i].field);

      if (*gtk_editable_get_text (row) == '\0' && value != NULL)
        gtk_editable_set_text (row, value);
    }

  specialties = ch_membership_get_specialties (self->store, self->member_id);
  for (guint i = 0; specialties != NULL && specialties[i] != NULL; i++)
    add_specialty_row (self, specialties[i], TRUE);
  if (!dirty)
    take_snapshot (self);

  toast (self, text);
}

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  ChMemberDialog *self = CH_MEMBER_DIALOG (widget);
  ChMergeDialog *dialog;

  if (self->member_id == NULL)
    return;

  dialog = ch_merge_dialog_new (GTK_WINDOW (self), self->store, self->chapter, self->member_id);
  g_signal_connect_object (dialog, "merged", G_CALLBACK (on_merged_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_visible_page_cb (ChMemberDialog *self)
{
  gboolean profile = g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "profile") == 0;

  /* Payments and roles take effect at once; only the profile is saved.
   * Save stays on every tab: an edit on Profile is still waiting for it. */
  gtk_button_set_label (self->cancel_button, profile || has_unsaved_changes (self) ? _("_Cancel")
                                                                                    : _("_Close"));
}

static gboolean
save_after_question_cb (gpointer data)
{
  ChMemberDialog *self = data;

  ch_member_dialog_save (self);
  return G_SOURCE_REMOVE;
}

static gboolean
discard_after_question_cb (gpointer data)
{
  ChMemberDialog *self = data;

  self->discard_ok = TRUE;
  gtk_window_close (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

static void
on_close_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      ChMemberDialog   *self)
{
  /* After the question has closed: it must not outlive its parent. */
  if (g_strcmp0 (response, "save") == 0)
    g_idle_add_full (G_PRIORITY_DEFAULT, save_after_question_cb, g_object_ref (self),
                     g_object_unref);
  else if (g_strcmp0 (response, "discard") == 0)
    g_idle_add_full (G_PRIORITY_DEFAULT, discard_after_question_cb, g_object_ref (self),
                     g_object_unref);
}

/* Closing with edits on the profile asks first: Cancel and Close never
 * throw typed work away silently. */
static gboolean
ch_member_dialog_close_request (GtkWindow *window)
{
  ChMemberDialog *self = CH_MEMBER_DIALOG (window);
  g_autofree char *heading = NULL;
  g_autofree char *given = NULL;
  g_autofree char *family = NULL;
  g_autofree char *name = NULL;
  AdwMessageDialog *dialog;

  if (self->discard_ok || !has_unsaved_changes (self))
    return GTK_WINDOW_CLASS (ch_member_dialog_parent_class)->close_request (window);

  given = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->given_row));
  family = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->family_row));
  name = g_strstrip (g_strdup_printf ("%s %s", given, family));

  if (self->member_id == NULL)
    heading = g_strdup (_("Add the New Member?"));
  else if (*name != '\0')
    /* Translators: %s is a member's name */
    heading = g_strdup_printf (_("Save changes to %s?"), name);
  else
    heading = g_strdup (_("Save Changes?"));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, heading,
                                                       _("Closing without saving loses what "
                                                         "was changed on the Profile tab.")));
  adw_message_dialog_add_responses (dialog,
                                    "discard", _("_Discard"),
                                    "cancel", _("_Cancel"),
                                    "save", self->member_id == NULL ? _("_Add") : _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

/* ----------------------------------------------------------------------- */

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
  /* Closing destroys the dialog; it still tells who asked for the deletion. */
  g_autoptr(ChMemberDialog) keep = g_object_ref (self);

  if (id == NULL)
    return;

  /* The member goes (undoably): nothing to ask about the profile's edits. */
  self->discard_ok = TRUE;
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

static void
open_similar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  ChMemberDialog *self = CH_MEMBER_DIALOG (widget);
  g_autofree char *id = g_strdup (self->similar_id);

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
fill_choices (ChMemberDialog *self)
{
  g_autoptr(GPtrArray) tiers = NULL;
  g_autoptr(GtkStringList) tier_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) role_names = gtk_string_list_new (NULL);

  tiers = ch_membership_list_tiers (self->store, chapter_id (self), NULL);
  for (guint i = 0; tiers != NULL && i < tiers->len; i++)
    {
      const ChTier *t = g_ptr_array_index (tiers, i);
      g_autofree char *label = NULL;

      if (t->honorary)
        label = g_strdup (t->name);
      else if (t->paid)
        /* Translators: a paid membership tier, %s its name */
        label = g_strdup_printf (_("%s (paid)"), t->name);
      else
        /* Translators: a free membership tier, %s its name */
        label = g_strdup_printf (_("%s (free)"), t->name);

      g_ptr_array_add (self->tier_keys, g_strdup (t->key));
      gtk_string_list_append (tier_names, label);
    }
  if (self->tier_keys->len == 0)
    {
      const char *keys[] = { CH_TIER_NETWORK, CH_TIER_CHAPTER, CH_TIER_HONORARY };

      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        {
          g_ptr_array_add (self->tier_keys, g_strdup (keys[i]));
          gtk_string_list_append (tier_names, ch_tier_label (keys[i]));
        }
    }
  adw_combo_row_set_model (self->tier_row, G_LIST_MODEL (tier_names));

  gtk_string_list_append (role_names, _("Choose a role"));
  for (const char * const *r = ch_standard_roles (); r && *r; r++)
    gtk_string_list_append (role_names, ch_role_label (*r));
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (role_names));
  adw_combo_row_set_selected (self->role_row, 0);
  on_role_picked_cb (self);
}

static void
fill (ChMemberDialog *self)
{
  g_autoptr(ChMember) member = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) all = NULL;
  g_auto(GStrv) mine = NULL;
  g_autofree char *now = today (self);
  const char *tier, *kind, *notes, *gender;
  gint64 birth_year;

  fill_choices (self);
  gtk_editable_set_text (GTK_EDITABLE (self->role_starts_row), now);

  if (self->chapter != NULL)
    all = ch_membership_all_specialties (self->store, chapter_id (self));
  if (self->member_id != NULL)
    mine = ch_membership_get_specialties (self->store, self->member_id);
  for (guint i = 0; all != NULL && all[i] != NULL; i++)
    add_specialty_row (self, all[i], mine != NULL && g_strv_contains ((const char * const *) mine, all[i]));
  for (guint i = 0; mine != NULL && mine[i] != NULL; i++)
    add_specialty_row (self, mine[i], TRUE);

  if (self->member_id == NULL)
    {
      adw_view_switcher_title_set_title (self->switcher_title, _("New Member"));
      adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
      adw_view_stack_page_set_visible (self->membership_page, FALSE);
      adw_view_stack_page_set_visible (self->roles_page, FALSE);
      gtk_button_set_label (self->save_button, _("_Add"));
      gtk_editable_set_text (GTK_EDITABLE (self->joined_row), now);
      gtk_switch_set_active (self->directory_switch, TRUE);
      gtk_switch_set_active (self->email_switch, TRUE);
      if (self->chapter != NULL)
        {
          /* The country's name, not its code; saved as the code again. */
          const char *country = ch_country_display_name (ch_chapter_get_country (self->chapter));

          gtk_editable_set_text (GTK_EDITABLE (self->country_row), country ? country : "");
          gtk_editable_set_text (GTK_EDITABLE (self->city_row),
                                 ch_chapter_get_city (self->chapter) ? ch_chapter_get_city (self->chapter) : "");
        }
      for (guint i = 0; i < self->tier_keys->len; i++)
        if (g_strcmp0 (g_ptr_array_index (self->tier_keys, i), CH_TIER_NETWORK) == 0)
          adw_combo_row_set_selected (self->tier_row, i);
      return;
    }

  gtk_button_set_label (self->save_button, _("_Save"));
  gtk_widget_set_visible (GTK_WIDGET (self->danger_group), TRUE);

  member = ch_store_get_member (self->store, self->member_id, &error);
  if (member == NULL)
    {
      show_error (self, NULL, error->message);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.save", FALSE);
      return;
    }

  adw_view_switcher_title_set_title (self->switcher_title, ch_member_get_display_name (member));

  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    {
      const char *value = ch_member_get_text (member, text_rows[i].field);

      if (g_strcmp0 (text_rows[i].field, "country") == 0)
        value = ch_country_display_name (value);
      gtk_editable_set_text (GTK_EDITABLE (row_at (self, text_rows[i].offset)), value ? value : "");
    }

  tier = ch_member_get_tier (member);
  for (guint i = 0; i < self->tier_keys->len; i++)
    if (g_strcmp0 (tier, g_ptr_array_index (self->tier_keys, i)) == 0)
      adw_combo_row_set_selected (self->tier_row, i);

  kind = ch_member_get_text (member, "partner_kind");
  adw_combo_row_set_selected (self->partner_kind_row, 0);
  for (guint i = 1; i < G_N_ELEMENTS (partner_kinds); i++)
    if (g_strcmp0 (kind, partner_kinds[i]) == 0)
      adw_combo_row_set_selected (self->partner_kind_row, i);

  gender = ch_member_get_text (member, "gender");
  birth_year = ch_member_get_int (member, "birth_year", 0);
  show_answers (self, ch_gender_classify (gender) != CH_GENDER_NOT_ANSWERED || birth_year > 0);

  gtk_switch_set_active (self->directory_switch, ch_member_get_int (member, "consent_directory", 1) != 0);
  gtk_switch_set_active (self->email_switch, ch_member_get_int (member, "consent_email", 1) != 0);

  notes = ch_member_get_text (member, "notes");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view), notes ? notes : "", -1);

  refresh_membership (self);
  refresh_roles (self);
}

static void
ch_member_dialog_dispose (GObject *object)
{
  ChMemberDialog *self = CH_MEMBER_DIALOG (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);

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
  g_free (self->similar_id);
  g_free (self->upgrade_tier);
  g_free (self->snapshot);
  g_clear_pointer (&self->tier_keys, g_ptr_array_unref);
  g_clear_pointer (&self->specialty_checks, g_ptr_array_unref);
  g_clear_pointer (&self->payment_rows, g_ptr_array_unref);
  g_clear_pointer (&self->history_rows, g_ptr_array_unref);
  g_clear_pointer (&self->role_rows, g_ptr_array_unref);
  remember_undo (self, NULL, NULL, NULL);
  g_free (self->role_toast);

  G_OBJECT_CLASS (ch_member_dialog_parent_class)->finalize (object);
}

static void
ch_member_dialog_class_init (ChMemberDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ch_member_dialog_dispose;
  object_class->finalize = ch_member_dialog_finalize;
  window_class->close_request = ch_member_dialog_close_request;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[DELETE_REQUESTED] = g_signal_new ("delete-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[OPEN_MEMBER] = g_signal_new ("open-member", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ch-member-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, answered_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, birth_year_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, city_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, company_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, country_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, danger_group);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, directory_switch);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, email_switch);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, family_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, gender_choice_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, gender_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, given_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, history_group);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, job_title_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, joined_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, leave_button);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, membership_page);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, notes_view);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, open_other_button);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, open_similar_button);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, paid_until_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, partner_kind_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, payment_button);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, payments_group);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, rejoin_button);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, add_role_button);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, role_ends_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, role_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, role_starts_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, roles_group);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, roles_page);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, similar_label);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, similar_revealer);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, specialties_group);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, status_group);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, tier_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, tier_info_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, upgrade_button);
  gtk_widget_class_bind_template_child (widget_class, ChMemberDialog, view_stack);

  gtk_widget_class_install_action (widget_class, "member.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "member.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "member.open-other", NULL, open_other_action);
  gtk_widget_class_install_action (widget_class, "member.open-similar", NULL, open_similar_action);
  gtk_widget_class_install_action (widget_class, "member.record-payment", NULL, record_payment_action);
  gtk_widget_class_install_action (widget_class, "member.upgrade", NULL, upgrade_action);
  gtk_widget_class_install_action (widget_class, "member.rejoin", NULL, rejoin_action);
  gtk_widget_class_install_action (widget_class, "member.leave", NULL, leave_action);
  gtk_widget_class_install_action (widget_class, "member.add-role", NULL, add_role_action);
  gtk_widget_class_install_action (widget_class, "member.end-role", "s", end_role_action);
  gtk_widget_class_install_action (widget_class, "member.undo-role", NULL, undo_role_action);
  gtk_widget_class_install_action (widget_class, "member.merge", NULL, merge_action);
  gtk_widget_class_install_action (widget_class, "member.delete-payment", "s", delete_payment_action);
  gtk_widget_class_install_action (widget_class, "member.change-answer", NULL,
                                   change_answer_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "member.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "member.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "member.record-payment", NULL);
}

static void
ch_member_dialog_init (ChMemberDialog *self)
{
  const char *kind_labels[] = {
    _("Not set"), _("Microsoft partner"), _("ISV"), _("Vendor or consultant to partners"),
    _("Microsoft employee"), _("Other"),
  };
  g_autoptr(GListModel) kind_model = make_list (kind_labels, G_N_ELEMENTS (kind_labels));

  gtk_widget_init_template (GTK_WIDGET (self));

  self->tier_keys = g_ptr_array_new_with_free_func (g_free);
  self->specialty_checks = g_ptr_array_new ();
  self->payment_rows = g_ptr_array_new ();
  self->history_rows = g_ptr_array_new ();
  self->role_rows = g_ptr_array_new ();

  self->specialty_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->specialty_row), _("Add another specialty"));
  adw_entry_row_set_show_apply_button (self->specialty_row, TRUE);
  g_signal_connect_object (self->specialty_row, "apply", G_CALLBACK (on_specialty_apply_cb), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_group_add (self->specialties_group, GTK_WIDGET (self->specialty_row));

  adw_combo_row_set_model (self->partner_kind_row, kind_model);
  {
    g_autoptr(GtkStringList) genders = gtk_string_list_new (NULL);

    for (guint i = 0; i < G_N_ELEMENTS (gender_choices); i++)
      gtk_string_list_append (genders, ch_gender_label (gender_choices[i]));
    adw_combo_row_set_model (self->gender_choice_row, G_LIST_MODEL (genders));
  }
  g_signal_connect_object (self->gender_choice_row, "notify::selected",
                           G_CALLBACK (on_gender_selected_cb), self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    g_signal_connect_object (row_at (self, text_rows[i].offset), "changed",
                             G_CALLBACK (on_row_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->birth_year_row, "changed", G_CALLBACK (on_row_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_stack, "notify::visible-child-name",
                           G_CALLBACK (on_visible_page_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->role_row, "notify::selected", G_CALLBACK (on_role_picked_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.open-other", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.open-similar", FALSE);
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
  take_snapshot (self);
  /* A new member starts at the name; an existing one opens without the
   * cursor in a field, so a stray key press changes nothing. */
  if (member_id == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->given_row));

  if (member_id != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);

  return self;
}

const char *
ch_member_dialog_get_member_id (ChMemberDialog *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), NULL);

  return self->member_id;
}

GtkEditable *
ch_member_dialog_get_entry (ChMemberDialog *self,
                            const char     *field)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    if (g_strcmp0 (text_rows[i].field, field) == 0)
      return GTK_EDITABLE (row_at (self, text_rows[i].offset));
  if (g_strcmp0 (field, "gender") == 0)
    return GTK_EDITABLE (self->gender_row);
  if (g_strcmp0 (field, "birth_year") == 0)
    return GTK_EDITABLE (self->birth_year_row);

  return NULL;
}

const char *
ch_member_dialog_get_about_you_text (ChMemberDialog *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), NULL);

  return self->answers_hidden ? adw_action_row_get_subtitle (self->answered_row) : NULL;
}

ChGender
ch_member_dialog_get_gender (ChMemberDialog *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), CH_GENDER_NOT_ANSWERED);

  return selected_gender (self);
}

void
ch_member_dialog_set_gender (ChMemberDialog *self,
                             ChGender        gender)
{
  g_return_if_fail (CH_IS_MEMBER_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (gender_choices); i++)
    if (gender_choices[i] == gender)
      adw_combo_row_set_selected (self->gender_choice_row, i);
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

const char *
ch_member_dialog_get_similar_id (ChMemberDialog *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), NULL);

  return gtk_revealer_get_reveal_child (self->similar_revealer) ? self->similar_id : NULL;
}

void
ch_member_dialog_show_page (ChMemberDialog *self,
                            const char     *page)
{
  g_return_if_fail (CH_IS_MEMBER_DIALOG (self));

  adw_view_stack_set_visible_child_name (self->view_stack, page);
}

const char *
ch_member_dialog_get_status_text (ChMemberDialog *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), NULL);

  return gtk_label_get_text (self->status_label);
}

guint
ch_member_dialog_get_n_history (ChMemberDialog *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), 0);

  return self->history_rows->len;
}

const char *
ch_member_dialog_get_history_title (ChMemberDialog *self,
                                    guint           i)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), NULL);
  g_return_val_if_fail (i < self->history_rows->len, NULL);

  return adw_preferences_row_get_title (g_ptr_array_index (self->history_rows, i));
}

GtkWidget *
ch_member_dialog_get_role_widget (ChMemberDialog *self,
                                  const char     *name)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), NULL);

  if (g_strcmp0 (name, "picker") == 0)
    return GTK_WIDGET (self->role_row);
  if (g_strcmp0 (name, "starts") == 0)
    return GTK_WIDGET (self->role_starts_row);
  if (g_strcmp0 (name, "ends") == 0)
    return GTK_WIDGET (self->role_ends_row);
  if (g_strcmp0 (name, "add") == 0)
    return GTK_WIDGET (self->add_role_button);

  return NULL;
}

const char *
ch_member_dialog_get_role_toast (ChMemberDialog *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_DIALOG (self), NULL);

  return self->role_toast;
}
