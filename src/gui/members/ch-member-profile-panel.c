/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-member-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-country.h"
#include "ch-date-row.h"
#include "ch-gui.h"
#include "ch-member-profile-panel.h"
#include "ch-member-profile-panel-private.h"
#include "ch-membership.h"
#include "ch-merge-dialog.h"
#include "ch-merge.h"
#include "ch-specialties.h"
#include "ch-specialty-row.h"
#include "ch-tiers.h"
#include "ch-wrap-box.h"

/* The answers offered, in this order, in the gender drop-down. */
static const ChGender gender_choices[] = {
  CH_GENDER_NOT_ANSWERED, CH_GENDER_WOMAN, CH_GENDER_MAN, CH_GENDER_NON_BINARY,
  CH_GENDER_SELF_DESCRIBED, CH_GENDER_PREFER_NOT,
};

static const char *partner_kinds[] = {
  "", "microsoft_partner", "isv", "vendor", "microsoft_employee", "other",
};

struct _ChMemberProfilePanel
{
  AdwBin          parent_instance;

  /* Template widgets */
  AdwActionRow   *answered_row;
  GtkWidget      *birth_year_row;
  AdwEntryRow    *city_row;
  AdwEntryRow    *company_row;
  AdwEntryRow    *country_row;
  AdwPreferencesGroup *danger_group;
  GtkSwitch      *directory_switch;
  AdwEntryRow    *email_row;
  GtkSwitch      *email_switch;
  AdwEntryRow    *family_row;
  AdwComboRow    *gender_choice_row;
  AdwEntryRow    *gender_row;
  AdwEntryRow    *given_row;
  AdwEntryRow    *job_title_row;
  ChDateRow      *joined_row;
  GtkTextView    *notes_view;
  AdwComboRow    *partner_kind_row;
  AdwEntryRow    *phone_row;
  AdwPreferencesGroup *specialties_group;
  AdwComboRow    *tier_row;

  AdwEntryRow    *specialty_row;       /* "Add another specialty" */

  ChStore        *store;
  ChChapter      *chapter;
  char           *member_id;
  char           *stored_tier;         /* the tier as last loaded, to follow upgrades */
  char           *new_tier;            /* between apply() and save() */
  GPtrArray      *tier_keys;           /* char*, parallel to tier_row */
  GPtrArray      *specialty_rows;      /* ChSpecialtyRow */
  char           *snapshot;            /* the profile as filled in, to see edits */
  gboolean        answers_hidden;      /* gender and birth year answered, not shown */
};

static void ch_member_profile_panel_iface_init (ChMemberPanelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ChMemberProfilePanel, ch_member_profile_panel, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (CH_TYPE_MEMBER_PANEL,
                                                      ch_member_profile_panel_iface_init))

/* A text row of the form: read with the member's getter, saved under the
 * field's name. */
typedef struct
{
  const char  *field;
  const char *(*get) (ChMember *member);
  gsize        offset;
} FieldRow;

#define ROW(f, m) { #f, ch_member_get_##f, G_STRUCT_OFFSET (ChMemberProfilePanel, m) }

static const FieldRow text_rows[] = {
  ROW (given_name, given_row),
  ROW (family_name, family_row),
  ROW (email, email_row),
  ROW (phone, phone_row),
  ROW (company, company_row),
  ROW (job_title, job_title_row),
  ROW (city, city_row),
  ROW (country, country_row),
  ROW (joined_on, joined_row),
};

static AdwEntryRow *
row_at (ChMemberProfilePanel *self,
        gsize                 offset)
{
  return G_STRUCT_MEMBER (AdwEntryRow *, self, offset);
}

/* A stored value into a row: dates in the locale's form. */
static void
row_set_value (AdwEntryRow *row,
               const char  *value)
{
  if (CH_IS_DATE_ROW (row))
    ch_date_row_set_iso (CH_DATE_ROW (row), value);
  else
    gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
}

/* What a row holds as stored: dates as ISO (checked before). */
static char *
row_dup_value (AdwEntryRow *row)
{
  if (CH_IS_DATE_ROW (row) && !ch_date_row_is_empty (CH_DATE_ROW (row)))
    return ch_date_row_dup_iso (CH_DATE_ROW (row), NULL);

  return ch_gui_editable_dup_stripped (GTK_EDITABLE (row));
}

static const char *
chapter_id (ChMemberProfilePanel *self)
{
  return self->chapter ? ch_chapter_get_id (self->chapter) : NULL;
}

static gboolean
show_error (ChMemberProfilePanel *self,
            GtkWidget            *row,
            const char           *message)
{
  return ch_member_panel_show_error (CH_MEMBER_PANEL (self), row, message);
}

static void
check_similar (ChMemberProfilePanel *self)
{
  g_autofree char *given = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->given_row));
  g_autofree char *family = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->family_row));
  g_autofree char *company = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->company_row));
  g_autofree char *id = NULL;
  g_autoptr(ChMember) other = NULL;
  const char *company_name;
  g_autofree char *text = NULL;
  g_autofree char *button = NULL;

  if (self->store != NULL && chapter_id (self) != NULL && *given != '\0' && *family != '\0')
    id = ch_merge_find_similar (self->store, chapter_id (self), given, family,
                                     company, self->member_id);
  if (id != NULL)
    other = ch_store_get_member (self->store, id, NULL);

  if (other == NULL)
    {
      ch_member_panel_similar_member (CH_MEMBER_PANEL (self), NULL, NULL, NULL);
      return;
    }

  company_name = ch_member_get_company (other);
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
  ch_member_panel_similar_member (CH_MEMBER_PANEL (self), id, text, button);
}

static void
on_row_changed_cb (ChMemberProfilePanel *self,
                   GtkEditable          *row)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");

  if (row == GTK_EDITABLE (self->given_row) || row == GTK_EDITABLE (self->family_row) ||
      row == GTK_EDITABLE (self->company_row))
    check_similar (self);
}

static ChGender
selected_gender (ChMemberProfilePanel *self)
{
  guint pos = adw_combo_row_get_selected (self->gender_choice_row);

  return pos < G_N_ELEMENTS (gender_choices) ? gender_choices[pos] : CH_GENDER_NOT_ANSWERED;
}

static void
on_gender_selected_cb (ChMemberProfilePanel *self)
{
  gboolean own_words = selected_gender (self) == CH_GENDER_SELF_DESCRIBED;

  gtk_widget_set_visible (GTK_WIDGET (self->gender_row), own_words && !self->answers_hidden);
}

/* The promise of the form: answers are only counted, never shown on
 * their own.  An officer opening a member who answered sees that they
 * did, not what; the answers are not even loaded into the form. */
static void
show_answers (ChMemberProfilePanel *self,
              gboolean              hidden)
{
  self->answers_hidden = hidden;
  gtk_widget_set_visible (GTK_WIDGET (self->answered_row), hidden);
  gtk_widget_set_visible (GTK_WIDGET (self->gender_choice_row), !hidden);
  gtk_widget_set_visible (self->birth_year_row, !hidden);
  on_gender_selected_cb (self);
}

static void
change_answer_action (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       data)
{
  ChMemberProfilePanel *self = data;

  /* Cleared, and asked again: Save stores whatever is chosen now. */
  adw_combo_row_set_selected (self->gender_choice_row, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->gender_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->birth_year_row), "");
  show_answers (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->gender_choice_row));
}

static void
add_specialty_row (ChMemberProfilePanel *self,
                   const char           *text,
                   gboolean              active)
{
  /* "Power Platform" and "power-platform" are one specialty. */
  g_autofree char *key = ch_specialties_normalize (text);
  GtkWidget *row;

  if (key == NULL)
    return;

  for (guint i = 0; i < self->specialty_rows->len; i++)
    {
      ChSpecialtyRow *other = g_ptr_array_index (self->specialty_rows, i);

      if (g_ascii_strcasecmp (ch_specialty_row_get_key (other), key) == 0)
        {
          ch_specialty_row_set_active (other, active || ch_specialty_row_get_active (other));
          return;
        }
    }

  row = ch_specialty_row_new (key, active);
  g_ptr_array_add (self->specialty_rows, row);

  /* Keep "Add another specialty" last. */
  g_object_ref (self->specialty_row);
  if (gtk_widget_get_parent (GTK_WIDGET (self->specialty_row)) != NULL)
    adw_preferences_group_remove (self->specialties_group, GTK_WIDGET (self->specialty_row));
  adw_preferences_group_add (self->specialties_group, row);
  adw_preferences_group_add (self->specialties_group, GTK_WIDGET (self->specialty_row));
  g_object_unref (self->specialty_row);
}

static void
on_specialty_apply_cb (ChMemberProfilePanel *self,
                       AdwEntryRow          *row)
{
  g_autofree char *typed = ch_gui_editable_dup_stripped (GTK_EDITABLE (row));
  g_autofree char *text = ch_specialties_normalize (typed);

  if (text == NULL)
    return;

  add_specialty_row (self, text, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static char **
checked_specialties (ChMemberProfilePanel *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < self->specialty_rows->len; i++)
    {
      ChSpecialtyRow *row = g_ptr_array_index (self->specialty_rows, i);

      if (ch_specialty_row_get_active (row))
        g_strv_builder_add (builder, ch_specialty_row_get_key (row));
    }

  return g_strv_builder_end (builder);
}

static char *
notes_text (ChMemberProfilePanel *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static const char *
selected_tier (ChMemberProfilePanel *self)
{
  guint pos = adw_combo_row_get_selected (self->tier_row);

  return pos < self->tier_keys->len ? g_ptr_array_index (self->tier_keys, pos) : CH_TIER_NETWORK;
}

static void
select_tier (ChMemberProfilePanel *self,
             const char           *tier)
{
  for (guint i = 0; i < self->tier_keys->len; i++)
    if (g_strcmp0 (tier, g_ptr_array_index (self->tier_keys, i)) == 0)
      adw_combo_row_set_selected (self->tier_row, i);
}

static void
collect (ChMemberProfilePanel *self,
         JsonObject           *fields,
         gint64                birth_year)
{
  g_autofree char *notes = notes_text (self);
  g_autofree char *gender = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->gender_row));
  guint kind = adw_combo_row_get_selected (self->partner_kind_row);

  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    {
      AdwEntryRow *row = row_at (self, text_rows[i].offset);
      g_autofree char *trimmed = row_dup_value (row);

      if (trimmed == NULL || *trimmed == '\0')
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

  json_object_set_boolean_member (fields, "consent_directory",
                                  gtk_switch_get_active (self->directory_switch));
  json_object_set_boolean_member (fields, "consent_email",
                                  gtk_switch_get_active (self->email_switch));

  if (*notes != '\0')
    json_object_set_string_member (fields, "notes", notes);
  else
    json_object_set_null_member (fields, "notes");
}

/* The profile as typed, in one string: what Save would write, the
 * specialties ticked, and the birth year as written (it may not parse). */
static char *
profile_snapshot (ChMemberProfilePanel *self)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_auto(GStrv) specialties = checked_specialties (self);
  g_autofree char *json = NULL;
  g_autofree char *joined = NULL;

  collect (self, fields, 0);
  json_node_set_object (node, fields);
  json = json_to_string (node, FALSE);
  joined = g_strjoinv ("\n", specialties);

  return g_strdup_printf ("%s\n%s\n%s", json,
                          gtk_editable_get_text (GTK_EDITABLE (self->birth_year_row)), joined);
}

static gboolean
ch_member_profile_panel_has_changes (ChMemberPanel *panel)
{
  ChMemberProfilePanel *self = CH_MEMBER_PROFILE_PANEL (panel);
  g_autofree char *now = NULL;

  if (self->snapshot == NULL)
    return FALSE;

  now = profile_snapshot (self);
  return g_strcmp0 (now, self->snapshot) != 0;
}

static void
ch_member_profile_panel_mark_unchanged (ChMemberPanel *panel)
{
  ChMemberProfilePanel *self = CH_MEMBER_PROFILE_PANEL (panel);

  g_free (self->snapshot);
  self->snapshot = profile_snapshot (self);
}

static gboolean
check_birth_year (ChMemberProfilePanel *self,
                  gint64               *year)
{
  g_autofree char *text = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->birth_year_row));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  guint64 value = 0;

  *year = 0;
  if (*text == '\0' || self->answers_hidden)
    return TRUE;

  if (!g_ascii_string_to_unsigned (text, 10, 1900, g_date_time_get_year (now), &value, NULL))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is what was typed */
      message = g_strdup_printf (_("“%s” is not a birth year. Write four digits, "
                                   "for example 1984, or leave it empty."), text);
      return show_error (self, self->birth_year_row, message);
    }

  *year = (gint64) value;
  return TRUE;
}

static gboolean
ch_member_profile_panel_apply (ChMemberPanel *panel,
                               JsonObject    *fields)
{
  ChMemberProfilePanel *self = CH_MEMBER_PROFILE_PANEL (panel);
  gint64 birth_year = 0;

  g_clear_pointer (&self->new_tier, g_free);
  if (!ch_member_panel_check_date (panel, self->joined_row, NULL) ||
      !check_birth_year (self, &birth_year))
    return FALSE;

  collect (self, fields, birth_year);

  /* A tier change of an existing member is an upgrade (or downgrade) with
   * its own period in the history, not a plain edit. */
  if (self->member_id != NULL)
    {
      g_autoptr(ChMember) before = ch_store_get_member (self->store, self->member_id, NULL);

      if (before != NULL && g_strcmp0 (ch_member_get_tier (before), selected_tier (self)) != 0)
        self->new_tier = g_strdup (selected_tier (self));
      json_object_remove_member (fields, "tier");
    }

  return TRUE;
}

static gboolean
ch_member_profile_panel_save (ChMemberPanel *panel,
                              const char    *member_id,
                              GError       **error)
{
  ChMemberProfilePanel *self = CH_MEMBER_PROFILE_PANEL (panel);
  g_auto(GStrv) specialties = checked_specialties (self);

  if (!ch_specialties_set (self->store, member_id,
                                      (const char * const *) specialties, error))
    return FALSE;

  if (self->new_tier != NULL)
    {
      g_autofree char *date = ch_member_panel_today (self->chapter);

      return ch_membership_change_tier (self->store, member_id, self->new_tier, date, error);
    }

  return TRUE;
}

/* Every error of Save is about the profile: the only panel that saves. */
static gboolean
ch_member_profile_panel_explain_error (ChMemberPanel *panel,
                                       const GError  *error,
                                       GtkWidget    **row)
{
  ChMemberProfilePanel *self = CH_MEMBER_PROFILE_PANEL (panel);

  if (g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_DUPLICATE_EMAIL))
    {
      const char *email = gtk_editable_get_text (GTK_EDITABLE (self->email_row));
      g_autofree char *other = ch_store_find_member_by_email (self->store, chapter_id (self),
                                                              email, self->member_id);
      g_autoptr(ChMember) member = other ? ch_store_get_member (self->store, other, NULL) : NULL;

      *row = GTK_WIDGET (self->email_row);
      if (member != NULL)
        {
          /* Translators: %s is the name of the member who has the e-mail address */
          g_autofree char *label = g_strdup_printf (_("Open %s"),
                                                    ch_member_get_display_name (member));

          ch_member_panel_offer_member (panel, other, label);
        }
    }
  else if (g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_REQUIRED))
    {
      g_autofree char *given = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->given_row));

      *row = GTK_WIDGET (*given == '\0' ? self->given_row : self->family_row);
    }
  else if (g_error_matches (error, CH_STORE_ERROR, CH_STORE_ERROR_INVALID))
    {
      const char *email = gtk_editable_get_text (GTK_EDITABLE (self->email_row));

      if (*email != '\0' && strstr (error->message, email) != NULL)
        *row = GTK_WIDGET (self->email_row);
    }

  return TRUE;
}

static char *
ch_member_profile_panel_dup_name (ChMemberPanel *panel)
{
  ChMemberProfilePanel *self = CH_MEMBER_PROFILE_PANEL (panel);
  g_autofree char *given = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->given_row));
  g_autofree char *family = ch_gui_editable_dup_stripped (GTK_EDITABLE (self->family_row));

  return g_strstrip (g_strdup_printf ("%s %s", given, family));
}

static void
on_merged_cb (ChMemberProfilePanel *self,
              const char           *text,
              ChMergeDialog        *dialog)
{
  g_autoptr(ChMember) member = ch_store_get_member (self->store, self->member_id, NULL);
  g_auto(GStrv) specialties = NULL;
  gboolean dirty = ch_member_profile_panel_has_changes (CH_MEMBER_PANEL (self));

  /* The merge filled empty fields: show them, or a later Save would empty
   * them again.  What was typed stays. */
  for (guint i = 0; member != NULL && i < G_N_ELEMENTS (text_rows); i++)
    {
      AdwEntryRow *row = row_at (self, text_rows[i].offset);
      const char *value = text_rows[i].get (member);

      if (*gtk_editable_get_text (GTK_EDITABLE (row)) == '\0' && value != NULL)
        row_set_value (row, value);
    }

  specialties = ch_specialties_get (self->store, self->member_id);
  for (guint i = 0; specialties != NULL && specialties[i] != NULL; i++)
    add_specialty_row (self, specialties[i], TRUE);
  if (!dirty)
    ch_member_profile_panel_mark_unchanged (CH_MEMBER_PANEL (self));

  ch_member_panel_toast (CH_MEMBER_PANEL (self), adw_toast_new (text));
}

static void
merge_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       data)
{
  ChMemberProfilePanel *self = data;
  ChMergeDialog *dialog;

  if (self->member_id == NULL)
    return;

  dialog = ch_merge_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                self->store, self->chapter, self->member_id);
  g_signal_connect_object (dialog, "merged", G_CALLBACK (on_merged_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The tier changed elsewhere (an upgrade on the Membership tab): the
 * profile's tier follows, so a later Save does not undo it; that is no
 * edit of the officer's. */
static void
on_store_changed_cb (ChMemberProfilePanel *self,
                     const char           *entity,
                     const char           *id,
                     ChStore              *store)
{
  g_autoptr(ChMember) member = ch_store_get_member (self->store, self->member_id, NULL);
  gboolean dirty;

  if (member == NULL || g_strcmp0 (ch_member_get_tier (member), self->stored_tier) == 0)
    return;

  dirty = ch_member_profile_panel_has_changes (CH_MEMBER_PANEL (self));
  g_free (self->stored_tier);
  self->stored_tier = g_strdup (ch_member_get_tier (member));
  select_tier (self, self->stored_tier);
  if (!dirty)
    ch_member_profile_panel_mark_unchanged (CH_MEMBER_PANEL (self));
}

static void
fill_tiers (ChMemberProfilePanel *self)
{
  g_autoptr(GPtrArray) tiers = NULL;
  g_autoptr(GtkStringList) tier_names = gtk_string_list_new (NULL);

  tiers = ch_tiers_list (self->store, chapter_id (self), NULL);
  for (guint i = 0; tiers != NULL && i < tiers->len; i++)
    {
      ChTier *t = g_ptr_array_index (tiers, i);
      g_autofree char *label = NULL;

      if (ch_tier_get_honorary (t))
        label = g_strdup (ch_tier_get_name (t));
      else if (ch_tier_get_paid (t))
        /* Translators: a paid membership tier, %s its name */
        label = g_strdup_printf (_("%s (paid)"), ch_tier_get_name (t));
      else
        /* Translators: a free membership tier, %s its name */
        label = g_strdup_printf (_("%s (free)"), ch_tier_get_name (t));

      g_ptr_array_add (self->tier_keys, g_strdup (ch_tier_get_key (t)));
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
}

static void
ch_member_profile_panel_set_member (ChMemberPanel *panel,
                                    ChStore       *store,
                                    ChChapter     *chapter,
                                    const char    *member_id)
{
  ChMemberProfilePanel *self = CH_MEMBER_PROFILE_PANEL (panel);
  g_autoptr(ChMember) member = NULL;
  g_auto(GStrv) all = NULL;
  g_auto(GStrv) mine = NULL;
  const char *kind, *notes, *gender;
  gint birth_year;

  g_set_object (&self->store, store);
  g_set_object (&self->chapter, chapter);
  g_free (self->member_id);
  self->member_id = g_strdup (member_id);

  fill_tiers (self);

  if (self->chapter != NULL)
    all = ch_specialties_all (self->store, chapter_id (self));
  if (self->member_id != NULL)
    mine = ch_specialties_get (self->store, self->member_id);
  for (guint i = 0; all != NULL && all[i] != NULL; i++)
    add_specialty_row (self, all[i],
                       mine != NULL && g_strv_contains ((const char * const *) mine, all[i]));
  for (guint i = 0; mine != NULL && mine[i] != NULL; i++)
    add_specialty_row (self, mine[i], TRUE);

  if (self->member_id == NULL)
    {
      g_autofree char *now = ch_member_panel_today (self->chapter);

      ch_date_row_set_iso (self->joined_row, now);
      gtk_switch_set_active (self->directory_switch, TRUE);
      gtk_switch_set_active (self->email_switch, TRUE);
      if (self->chapter != NULL)
        {
          /* The country's name, not its code; saved as the code again. */
          const char *country = ch_country_display_name (ch_chapter_get_country (self->chapter));
          const char *city = ch_chapter_get_city (self->chapter);

          gtk_editable_set_text (GTK_EDITABLE (self->country_row), country ? country : "");
          gtk_editable_set_text (GTK_EDITABLE (self->city_row), city ? city : "");
        }
      select_tier (self, CH_TIER_NETWORK);
      /* A new member starts at the name. */
      gtk_widget_grab_focus (GTK_WIDGET (self->given_row));
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->danger_group), TRUE);

  member = ch_store_get_member (self->store, self->member_id, NULL);
  if (member == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    {
      const char *value = text_rows[i].get (member);

      if (text_rows[i].get == ch_member_get_country)
        value = ch_country_display_name (value);
      row_set_value (row_at (self, text_rows[i].offset), value);
    }

  self->stored_tier = g_strdup (ch_member_get_tier (member));
  select_tier (self, self->stored_tier);

  kind = ch_member_get_partner_kind (member);
  adw_combo_row_set_selected (self->partner_kind_row, 0);
  for (guint i = 1; i < G_N_ELEMENTS (partner_kinds); i++)
    if (g_strcmp0 (kind, partner_kinds[i]) == 0)
      adw_combo_row_set_selected (self->partner_kind_row, i);

  gender = ch_member_get_gender (member);
  birth_year = ch_member_get_birth_year (member);
  show_answers (self, ch_gender_classify (gender) != CH_GENDER_NOT_ANSWERED || birth_year > 0);

  gtk_switch_set_active (self->directory_switch, ch_member_get_consent_directory (member));
  gtk_switch_set_active (self->email_switch, ch_member_get_consent_email (member));

  notes = ch_member_get_notes (member);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view), notes ? notes : "", -1);

  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
ch_member_profile_panel_add_actions (ChMemberPanel *panel,
                                     GActionMap    *map)
{
  static const GActionEntry entries[] = {
    { "change-answer", change_answer_action, NULL, NULL, NULL, { 0 } },
    { "merge", merge_action, NULL, NULL, NULL, { 0 } },
  };

  g_action_map_add_action_entries (map, entries, G_N_ELEMENTS (entries), panel);
}

static void
ch_member_profile_panel_iface_init (ChMemberPanelInterface *iface)
{
  iface->set_member = ch_member_profile_panel_set_member;
  iface->add_actions = ch_member_profile_panel_add_actions;
  iface->has_changes = ch_member_profile_panel_has_changes;
  iface->mark_unchanged = ch_member_profile_panel_mark_unchanged;
  iface->apply = ch_member_profile_panel_apply;
  iface->save = ch_member_profile_panel_save;
  iface->explain_error = ch_member_profile_panel_explain_error;
  iface->dup_name = ch_member_profile_panel_dup_name;
}

static void
ch_member_profile_panel_dispose (GObject *object)
{
  ChMemberProfilePanel *self = CH_MEMBER_PROFILE_PANEL (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), CH_TYPE_MEMBER_PROFILE_PANEL);

  G_OBJECT_CLASS (ch_member_profile_panel_parent_class)->dispose (object);
}

static void
ch_member_profile_panel_finalize (GObject *object)
{
  ChMemberProfilePanel *self = CH_MEMBER_PROFILE_PANEL (object);

  g_clear_object (&self->store);
  g_clear_object (&self->chapter);
  g_free (self->member_id);
  g_free (self->stored_tier);
  g_free (self->new_tier);
  g_free (self->snapshot);
  g_clear_pointer (&self->tier_keys, g_ptr_array_unref);
  g_clear_pointer (&self->specialty_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ch_member_profile_panel_parent_class)->finalize (object);
}

static void
ch_member_profile_panel_class_init (ChMemberProfilePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_member_profile_panel_dispose;
  object_class->finalize = ch_member_profile_panel_finalize;

  g_type_ensure (CH_TYPE_DATE_ROW);
  g_type_ensure (CH_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ch-member-profile-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, ChMemberProfilePanel, answered_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberProfilePanel, birth_year_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberProfilePanel, city_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberProfilePanel, company_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberProfilePanel, country_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberProfilePanel, danger_group);
  gtk_widget_class_bind_template_child (widget_class, ChMemberProfilePanel, directory_switch);
  gtk_widget_class_bind_template_child (widget_class, ChMemberProfilePanel, email_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberProfilePanel, email_switch);
  gtk_widget_class_bind_template_child (widget_class, ChMemberProfilePanel, family_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberProfilePanel, gender_choice_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberProfilePanel, gender_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberProfilePanel, given_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberProfilePanel, job_title_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberProfilePanel, joined_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberProfilePanel, notes_view);
  gtk_widget_class_bind_template_child (widget_class, ChMemberProfilePanel, partner_kind_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberProfilePanel, phone_row);
  gtk_widget_class_bind_template_child (widget_class, ChMemberProfilePanel, specialties_group);
  gtk_widget_class_bind_template_child (widget_class, ChMemberProfilePanel, tier_row);
}

static void
ch_member_profile_panel_init (ChMemberProfilePanel *self)
{
  const char *kind_labels[] = {
    C_("partner kind", "Not set"), _("Microsoft partner"), _("ISV"),
    _("Vendor or consultant to partners"),
    _("Microsoft employee"), C_("partner kind", "Other"), NULL,
  };
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (kind_labels);
  g_autoptr(GtkStringList) genders = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->tier_keys = g_ptr_array_new_with_free_func (g_free);
  self->specialty_rows = g_ptr_array_new ();

  self->specialty_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->specialty_row),
                                 _("Add another specialty"));
  adw_entry_row_set_show_apply_button (self->specialty_row, TRUE);
  g_signal_connect_object (self->specialty_row, "apply", G_CALLBACK (on_specialty_apply_cb), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_group_add (self->specialties_group, GTK_WIDGET (self->specialty_row));

  adw_combo_row_set_model (self->partner_kind_row, G_LIST_MODEL (kinds));
  for (guint i = 0; i < G_N_ELEMENTS (gender_choices); i++)
    gtk_string_list_append (genders, ch_gender_label (gender_choices[i]));
  adw_combo_row_set_model (self->gender_choice_row, G_LIST_MODEL (genders));
  g_signal_connect_object (self->gender_choice_row, "notify::selected",
                           G_CALLBACK (on_gender_selected_cb), self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    g_signal_connect_object (row_at (self, text_rows[i].offset), "changed",
                             G_CALLBACK (on_row_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->birth_year_row, "changed", G_CALLBACK (on_row_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/* For tests */

GtkEditable *
ch_member_profile_panel_get_entry (ChMemberProfilePanel *self,
                                   const char           *field)
{
  g_return_val_if_fail (CH_IS_MEMBER_PROFILE_PANEL (self), NULL);

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
ch_member_profile_panel_get_about_you_text (ChMemberProfilePanel *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_PROFILE_PANEL (self), NULL);

  return self->answers_hidden ? adw_action_row_get_subtitle (self->answered_row) : NULL;
}

ChGender
ch_member_profile_panel_get_gender (ChMemberProfilePanel *self)
{
  g_return_val_if_fail (CH_IS_MEMBER_PROFILE_PANEL (self), CH_GENDER_NOT_ANSWERED);

  return selected_gender (self);
}

void
ch_member_profile_panel_set_gender (ChMemberProfilePanel *self,
                                    ChGender              gender)
{
  g_return_if_fail (CH_IS_MEMBER_PROFILE_PANEL (self));

  for (guint i = 0; i < G_N_ELEMENTS (gender_choices); i++)
    if (gender_choices[i] == gender)
      adw_combo_row_set_selected (self->gender_choice_row, i);
}
