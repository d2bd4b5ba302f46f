/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-erase"

#include "config.h"

#include <string.h>

#include "ch-erase.h"

static const char * const member_fields[] = {
  "given_name", "family_name", "email", "phone", "company", "job_title", "city", "country",
  "gender", "birth_year", "notes", NULL,
};

static const struct
{
  const char        *entity;
  const char * const fields[3];
} related[] = {
  { "payment", { "reference", NULL } },
  { "mail_record", { "subject", NULL } },
  { "conflict", { "theirs", "mine", NULL } },
  { "registration", { "guest_name", "guest_email", NULL } },
};

static const char * const none[] = { NULL };

const char * const *
ch_erase_member_fields (void)
{
  return member_fields;
}

const char * const *
ch_erase_related_fields (const char *entity)
{
  if (g_strcmp0 (entity, "member") == 0)
    return member_fields;

  for (guint i = 0; i < G_N_ELEMENTS (related); i++)
    if (g_strcmp0 (entity, related[i].entity) == 0)
      return related[i].fields;

  return none;
}

const char * const *
ch_erase_member_flags (void)
{
  static const char * const flags[] = { "consent_directory", "consent_email", NULL };

  return flags;
}
