/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-import"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-chapter.h"
#include "ch-import-private.h"
#include "ch-merge.h"
#include "ch-specialties.h"
#include "ch-email.h"
#include "ch-fold.h"
#include "ch-money.h"

void
ch_import_split_name (const char  *full,
                      char       **out_given,
                      char       **out_family)
{
  g_autofree char *name = ch_import_clean_cell (full);
  char *cut;

  g_clear_pointer (out_given, g_free);
  g_clear_pointer (out_family, g_free);

  if ((cut = strchr (name, ',')) != NULL)
    {
      *cut = '\0';
      *out_family = g_strstrip (g_strdup (name));
      *out_given = g_strstrip (g_strdup (cut + 1));
      return;
    }

  if ((cut = strrchr (name, ' ')) != NULL)
    {
      *cut = '\0';
      *out_given = g_strstrip (g_strdup (name));
      *out_family = g_strstrip (g_strdup (cut + 1));
      return;
    }

  *out_given = g_steal_pointer (&name);
  *out_family = g_strdup ("");
}

static void
set_text (JsonObject *fields,
          const char *name,
          const char *value)
{
  if (value != NULL && *value != '\0' && !json_object_has_member (fields, name))
    json_object_set_string_member (fields, name, value);
}

static const char *
text_of (JsonObject *fields,
         const char *name)
{
  return json_object_get_string_member_with_default (fields, name, NULL);
}

/* Reads a date cell into @fields; adds a problem when it is no date.
 * @label: untranslated (N_()), translated only for a problem. */
static gboolean
take_date (ChImport    *self,
           JsonObject  *fields,
           const char  *name,
           const char  *label,
           const char  *value,
           GPtrArray   *problems)
{
  g_autofree char *iso = NULL;

  switch (ch_import_dates_parse (value, ch_import_get_date_order (self), &iso, NULL))
    {
    case CH_IMPORT_DATE_EMPTY:
      return TRUE;
    case CH_IMPORT_DATE_OK:
      set_text (fields, name, iso);
      return TRUE;
    case CH_IMPORT_DATE_AMBIGUOUS:
      g_ptr_array_add (problems,
                       /* Translators: %1$s is the name of a field (a column), such as
                        * "Member since", %2$s what the file has in it, such as
                        * "03/04/2022"; reorder them as your language needs */
                       g_strdup_printf (_("%1$s “%2$s” can be read two ways: choose whether "
                                          "the day or the month comes first."), _(label), value));
      return FALSE;
    case CH_IMPORT_DATE_INVALID:
    default:
      g_ptr_array_add (problems,
                       /* Translators: %1$s is the name of a field (a column), such as
                        * "Member since", %2$s what the file has in it; reorder them as
                        * your language needs */
                       g_strdup_printf (_("%1$s “%2$s” is not a date. Write it as 2024-03-31."),
                                        _(label), value));
      return FALSE;
    }
}

/* 1 for yes, 0 for no, -1 for neither. */
static int
parse_yes_no (const char *value)
{
  static const char * const yes[] = { "yes", "y", "true", "1", "x", "ja", "j", "oui", "si",
                                      "sim", NULL };
  static const char * const no[] = { "no", "n", "false", "0", "nej", "nein", "non", "nao",
                                     NULL };
  g_autofree char *folded = ch_fold (value);
  g_autofree char *lower = g_utf8_strdown (folded, -1);

  if (g_strv_contains (yes, lower))
    return 1;
  if (g_strv_contains (no, lower))
    return 0;
  return -1;
}

/* The chapter's currency, read once. */
static const char *
chapter_currency (ChImport *self)
{
  if (self->currency == NULL)
    {
      g_autoptr(ChChapter) chapter = ch_store_get_chapter (self->store, self->chapter_id, NULL);

      if (chapter != NULL)
        {
          self->currency = g_strdup (ch_chapter_get_currency (chapter));
          g_free (self->dues_period);
          self->dues_period = g_strdup (ch_chapter_get_dues_period (chapter));
        }
    }

  return self->currency;
}

ChImportRow *
ch_import_build_row (ChImport *self,
                     guint     index)
{
  g_auto(GStrv) cells = ch_sheet_get_row (self->sheet, index);
  guint n_cells = g_strv_length (cells);
  guint line = index + 1;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) specialties = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autoptr(GString) extra = g_string_new (NULL);
  g_autofree char *full_given = NULL, *full_family = NULL;
  g_autofree char *match_id = NULL;
  g_autofree char *match_name = NULL;
  gboolean blocked = FALSE;
  guint duplicate_of = 0;
  gint64 amount = -1;
  const char *given, *family, *email;
  ChImportRow *result;

  for (guint c = 0; c < self->n_columns && c < n_cells; c++)
    {
      g_autofree char *value = ch_import_clean_cell (cells[c]);
      ChImportField field = self->fields[c];

      if (*value == '\0')
        continue;

      switch (field)
        {
        case CH_IMPORT_FIELD_GIVEN_NAME:
        case CH_IMPORT_FIELD_FAMILY_NAME:
        case CH_IMPORT_FIELD_EMAIL:
        case CH_IMPORT_FIELD_PHONE:
        case CH_IMPORT_FIELD_COMPANY:
        case CH_IMPORT_FIELD_JOB_TITLE:
        case CH_IMPORT_FIELD_CITY:
        case CH_IMPORT_FIELD_COUNTRY:
        case CH_IMPORT_FIELD_GENDER:
        case CH_IMPORT_FIELD_PARTNER_KIND:
        case CH_IMPORT_FIELD_LEFT_REASON:
          set_text (fields, ch_import_fields_key (field), value);
          break;
        case CH_IMPORT_FIELD_LEFT_ON:
          blocked |= !take_date (self, fields, "left_on", N_("Left on"), value, problems);
          break;
        case CH_IMPORT_FIELD_BIRTH_YEAR:
          {
            guint64 year = 0;

            if (g_ascii_string_to_unsigned (value, 10, 1900, 2100, &year, NULL))
              json_object_set_int_member (fields, "birth_year", (gint64) year);
            else
              g_ptr_array_add (problems,
                               g_strdup_printf (_("The year of birth “%s” is not a year; it "
                                                  "is left out."), value));
          }
          break;
        case CH_IMPORT_FIELD_CONSENT_DIRECTORY:
        case CH_IMPORT_FIELD_CONSENT_EMAIL:
          {
            int consent = parse_yes_no (value);

            if (consent >= 0)
              json_object_set_boolean_member (fields, ch_import_fields_key (field), consent);
            else
              g_ptr_array_add (problems,
                               g_strdup_printf (_("“%s” is neither yes nor no; the consent is "
                                                  "left out."), value));
          }
          break;
        case CH_IMPORT_FIELD_FULL_NAME:
          if (full_given == NULL)
            ch_import_split_name (value, &full_given, &full_family);
          break;
        case CH_IMPORT_FIELD_TIER:
          {
            const char *tier = ch_import_get_tier_for_value (self, value);

            if (tier != NULL)
              set_text (fields, "tier", tier);
            else
              g_ptr_array_add (problems,
                               g_strdup_printf (_("The tier “%s” is not one of the chapter’s "
                                                  "tiers; the member gets no tier."), value));
          }
          break;
        case CH_IMPORT_FIELD_JOINED_ON:
          blocked |= !take_date (self, fields, "joined_on", N_("Member since"), value, problems);
          break;
        case CH_IMPORT_FIELD_PAID_UNTIL:
          blocked |= !take_date (self, fields, "dues_paid_until", N_("Paid until"), value,
                                 problems);
          break;
        case CH_IMPORT_FIELD_SPECIALTIES:
          {
            g_auto(GStrv) parts = g_strsplit_set (value, ",;", -1);

            for (guint i = 0; parts[i]; i++)
              {
                char *specialty = ch_specialties_normalize (parts[i]);

                if (specialty != NULL)
                  g_ptr_array_add (specialties, specialty);
              }
          }
          break;
        case CH_IMPORT_FIELD_AMOUNT:
          {
            const char *currency = chapter_currency (self);
            gint64 minor = 0;

            if (currency != NULL && ch_money_parse_amount (value, currency, NULL, &minor) &&
                minor > 0)
              amount = minor;
            else
              g_ptr_array_add (problems,
                               g_strdup_printf (_("“%s” is not an amount in %s; the dues "
                                                  "paid are imported without one."),
                                                value, currency ? currency : ""));
          }
          break;
        case CH_IMPORT_FIELD_NOTES:
          if (notes->len)
            g_string_append_c (notes, '\n');
          g_string_append (notes, value);
          break;
        case CH_IMPORT_FIELD_IGNORE:
        case CH_IMPORT_N_FIELDS:
        default:
          if (self->unmapped_to_notes)
            g_string_append_printf (extra, "%s%s: %s", extra->len ? "\n" : "",
                                    self->headers[c], value);
          break;
        }
    }

  set_text (fields, "given_name", full_given);
  set_text (fields, "family_name", full_family);
  if (extra->len)
    g_string_append_printf (notes, "%s%s", notes->len ? "\n" : "", extra->str);
  set_text (fields, "notes", notes->str);

  given = text_of (fields, "given_name");
  family = text_of (fields, "family_name");
  email = text_of (fields, "email");

  if (given == NULL && family == NULL)
    {
      g_ptr_array_add (problems, g_strdup (_("The row has no name.")));
      blocked = TRUE;
    }
  else if (given == NULL || family == NULL)
    {
      g_ptr_array_add (problems, g_strdup (given == NULL ? _("The row has no given name.")
                                                         : _("The row has no family name.")));
      blocked = TRUE;
    }

  if (email != NULL && !ch_email_is_valid (email))
    {
      g_ptr_array_add (problems,
                       g_strdup_printf (_("“%s” is not an e-mail address."), email));
      blocked = TRUE;
    }

  /* The same person earlier in the file. */
  ch_import_analyse (self);
  if (email != NULL)
    {
      g_autofree char *normal = ch_email_normalize (email);
      guint first = GPOINTER_TO_UINT (g_hash_table_lookup (self->first_line_by_email, normal));

      if (first != 0 && first < line)
        duplicate_of = first;
    }
  if (duplicate_of == 0 && (given || family))
    {
      g_autofree char *joined = g_strjoin ("\x1f", given ? given : "", family ? family : "",
                                           text_of (fields, "company") ?
                                           text_of (fields, "company") : "", NULL);
      g_autofree char *folded = ch_fold (joined);
      g_autofree char *key = g_utf8_strdown (folded, -1);
      guint first = GPOINTER_TO_UINT (g_hash_table_lookup (self->first_line_by_name, key));

      if (first != 0 && first < line)
        duplicate_of = first;
    }
  if (duplicate_of != 0)
    g_ptr_array_add (problems, g_strdup_printf (_("The same person as on line %u."),
                                                duplicate_of));

  /* An existing member: by e-mail, then by name and company. */
  if (self->no_existing)
    ;
  else if (email != NULL && ch_email_is_valid (email))
    match_id = ch_store_find_member_by_email (self->store, self->chapter_id, email, NULL);
  if (match_id == NULL && given != NULL && family != NULL && !self->no_existing)
    match_id = ch_merge_find_similar (self->store, self->chapter_id, given, family,
                                           text_of (fields, "company"), NULL);
  if (match_id != NULL)
    {
      g_autoptr(ChMember) member = ch_store_get_member (self->store, match_id, NULL);

      match_name = g_strdup (member ? ch_member_get_display_name (member) : NULL);
    }

  g_ptr_array_add (specialties, NULL);
  result = ch_import_row_new (line, fields, (GStrv) specialties->pdata, problems, blocked,
                              match_id, match_name, duplicate_of);
  ch_import_row_set_amount (result, amount);
  return result;
}

ChImportRow *
ch_import_check_row (ChImport *self,
                     guint     index)
{
  g_return_val_if_fail (CH_IS_IMPORT (self), NULL);
  g_return_val_if_fail (index < ch_import_get_n_rows (self), NULL);

  return ch_import_build_row (self, index + 1);
}
