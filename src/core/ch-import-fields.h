/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The member fields a column of an imported file can fill, and the guess
 * of a column's field from its header as people and other systems name
 * it: English, Swedish, German, French, Spanish, Italian and Portuguese,
 * and the exports of Wild Apricot, CiviCRM and Meetup.
 */

typedef enum
{
  CH_IMPORT_FIELD_IGNORE,
  CH_IMPORT_FIELD_GIVEN_NAME,
  CH_IMPORT_FIELD_FAMILY_NAME,
  CH_IMPORT_FIELD_FULL_NAME,     /* "Anna Öberg": split at the last space */
  CH_IMPORT_FIELD_EMAIL,
  CH_IMPORT_FIELD_PHONE,
  CH_IMPORT_FIELD_COMPANY,
  CH_IMPORT_FIELD_JOB_TITLE,
  CH_IMPORT_FIELD_CITY,
  CH_IMPORT_FIELD_COUNTRY,
  CH_IMPORT_FIELD_TIER,
  CH_IMPORT_FIELD_JOINED_ON,
  CH_IMPORT_FIELD_PAID_UNTIL,
  CH_IMPORT_FIELD_SPECIALTIES,   /* split on "," and ";" */
  CH_IMPORT_FIELD_GENDER,
  CH_IMPORT_FIELD_NOTES,
  CH_IMPORT_FIELD_PARTNER_KIND,
  CH_IMPORT_FIELD_LEFT_ON,
  CH_IMPORT_FIELD_LEFT_REASON,
  CH_IMPORT_FIELD_BIRTH_YEAR,
  CH_IMPORT_FIELD_CONSENT_DIRECTORY,   /* yes/no, true/false, 1/0, ja/nej, … */
  CH_IMPORT_FIELD_CONSENT_EMAIL,
  CH_IMPORT_FIELD_AMOUNT,        /* the dues last paid: an imported payment */
  CH_IMPORT_N_FIELDS
} ChImportField;

/* The field's key in a saved mapping ("given_name", …; "ignore"). */
const char     *ch_import_fields_key         (ChImportField  field);
/* The field of @key, or CH_IMPORT_FIELD_IGNORE if it is none. */
ChImportField   ch_import_fields_from_key    (const char    *key);
/* What the field is called in the mapping step ("Given name"). */
const char     *ch_import_fields_label       (ChImportField  field);
/* The field a column headed @header most likely holds; IGNORE if none. */
ChImportField   ch_import_fields_guess       (const char    *header);

G_END_DECLS
