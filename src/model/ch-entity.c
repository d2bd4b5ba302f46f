/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-entity"

#include "config.h"

#include <string.h>

#include "ch-entity.h"

#define TEXT(n)        { n, CH_FIELD_TEXT, NULL, 0, FALSE }
#define TEXT_REQ(n)    { n, CH_FIELD_TEXT, NULL, 0, TRUE }
#define TEXT_G(n, g)   { n, CH_FIELD_TEXT, g, 0, FALSE }
#define TEXT_GR(n, g)  { n, CH_FIELD_TEXT, g, 0, TRUE }
#define LONG_TEXT(n)   { n, CH_FIELD_TEXT, NULL, CH_FIELD_LONG_MAX_LEN, FALSE }
#define LONG_TEXT_G(n, g) { n, CH_FIELD_TEXT, g, CH_FIELD_LONG_MAX_LEN, FALSE }
#define INT(n)         { n, CH_FIELD_INT, NULL, 0, FALSE }
#define BOOL(n)        { n, CH_FIELD_BOOL, NULL, 0, FALSE }
#define TEXT_LATEST(n) { n, CH_FIELD_TEXT, NULL, 0, FALSE, TRUE }

static const ChFieldInfo chapter_fields[] = {
  TEXT_REQ ("name"),
  TEXT ("country"),
  TEXT ("city"),
  TEXT_REQ ("timezone"),
  TEXT_REQ ("currency"),
  INT ("dues_amount"),
  TEXT ("dues_period"),
  INT ("grace_days"),
  TEXT ("renewal_start"),
};

static const ChFieldInfo member_fields[] = {
  TEXT_GR ("given_name", "name"),
  TEXT_GR ("family_name", "name"),
  TEXT ("email"),
  TEXT ("phone"),
  TEXT ("company"),
  TEXT ("job_title"),
  TEXT ("city"),
  TEXT ("country"),
  TEXT ("partner_kind"),
  TEXT ("tier"),
  TEXT ("joined_on"),
  TEXT ("left_on"),
  TEXT ("left_reason"),
  TEXT_LATEST ("dues_paid_until"),
  TEXT ("gender"),
  INT ("birth_year"),
  BOOL ("consent_directory"),
  BOOL ("consent_email"),
  LONG_TEXT ("notes"),
  /* On a tombstone: the member this one was merged into (the survivor);
   * rows that name the merged-away member follow it to the survivor. */
  TEXT ("merged_into"),
  /* On the tombstone of an erased member (ch-erase.h): the day and the
   * officer; every personal field is null. */
  TEXT ("erased_on"),
  TEXT ("erased_by"),
};

static const ChFieldInfo membership_period_fields[] = {
  TEXT_REQ ("member_id"),
  TEXT_REQ ("starts_on"),
  TEXT ("ends_on"),
  TEXT ("tier"),
  TEXT ("kind"),
  TEXT ("end_reason"),
};

static const ChFieldInfo payment_fields[] = {
  TEXT_REQ ("member_id"),
  INT ("amount"),
  TEXT ("currency"),
  TEXT_REQ ("paid_on"),
  TEXT ("covers_from"),
  TEXT ("covers_until"),
  TEXT ("method"),
  TEXT ("reference"),
};

static const ChFieldInfo role_fields[] = {
  TEXT_REQ ("member_id"),
  TEXT_REQ ("role"),
  TEXT ("starts_on"),
  TEXT ("ends_on"),
};

static const ChFieldInfo member_specialty_fields[] = {
  TEXT_REQ ("member_id"),
  TEXT_REQ ("specialty"),
};

/* A chapter's tier: the shipped ones ("network", "chapter", "honorary")
 * exist without rows; a row renames one or adds the chapter's own.  The
 * id is name-based (chapter + key), so two officers converge. */
static const ChFieldInfo membership_tier_fields[] = {
  TEXT_REQ ("key"),
  TEXT_REQ ("name"),
  BOOL ("paid"),
  INT ("position"),
};

static const ChFieldInfo event_fields[] = {
  TEXT_REQ ("title"),
  LONG_TEXT ("description"),
  TEXT ("kind"),
  TEXT_REQ ("starts_at"),
  TEXT_REQ ("ends_at"),
  TEXT_REQ ("timezone"),
  TEXT ("format"),
  TEXT_G ("venue_name", "venue"),
  LONG_TEXT_G ("venue_address", "venue"),
  INT ("capacity_in_person"),
  TEXT ("join_url"),
  INT ("capacity_online"),
  TEXT ("status"),
  INT ("sequence"),
};

static const ChFieldInfo registration_fields[] = {
  TEXT_REQ ("event_id"),
  TEXT ("member_id"),
  TEXT ("guest_name"),
  TEXT ("guest_email"),
  TEXT ("mode"),
  TEXT ("state"),
  TEXT ("registered_at"),
  TEXT ("checked_in_at"),
  TEXT ("check_in_method"),
  INT ("minutes_attended"),
  INT ("waitlist_position"),
  /* Set by the server only: the chapter version at which it accepted the
   * registration; seats and the waitlist go in this order. */
  INT ("accepted_seq"),
};

/* Given by a member (from) to a member (to; none: to the chapter).  The
 * status and its dates are one conflict group: two officers moving the
 * same opportunity on offline are compared as one step (see
 * ch-opportunity-rule.h for the rule both ends check). */
static const ChFieldInfo opportunity_fields[] = {
  TEXT_REQ ("from_member_id"),
  TEXT ("to_member_id"),
  TEXT_REQ ("title"),
  TEXT ("specialty"),
  TEXT ("value_band"),
  TEXT_G ("status", "status"),
  TEXT_REQ ("given_on"),
  TEXT_G ("closed_on", "status"),
  LONG_TEXT ("notes"),
  TEXT_G ("accepted_on", "status"),
};

/* Made by the server when two edits collide; officers only resolve them. */
static const ChFieldInfo conflict_fields[] = {
  TEXT_REQ ("entity"),
  TEXT_REQ ("row_id"),
  TEXT_REQ ("field_group"),
  LONG_TEXT ("theirs"),
  LONG_TEXT ("mine"),
  TEXT ("author"),             /* who made "mine" (the change not kept) */
  TEXT ("device_id"),          /* and on which device */
  TEXT ("created_at"),
  BOOL ("resolved"),
  TEXT ("resolution"),
  TEXT ("resolved_by"),
  TEXT ("kept_author"),        /* who made "theirs" (the value kept), when known */
  TEXT ("kept_device_id"),
};

/* What was e-mailed to a member and when ("Renewal reminder, 2026-12-02"),
 * so that two officers do not remind the same person twice. */
static const ChFieldInfo mail_record_fields[] = {
  TEXT_REQ ("member_id"),
  TEXT ("template"),
  TEXT ("title"),
  TEXT ("subject"),
  TEXT_REQ ("sent_at"),
  TEXT ("sent_by"),
};

#define ENTITY(n, f) { n, n, f, G_N_ELEMENTS (f) }

static const ChEntityInfo entities[] = {
  ENTITY ("chapter", chapter_fields),
  ENTITY ("member", member_fields),
  ENTITY ("membership_period", membership_period_fields),
  ENTITY ("payment", payment_fields),
  ENTITY ("role", role_fields),
  ENTITY ("member_specialty", member_specialty_fields),
  ENTITY ("event", event_fields),
  ENTITY ("registration", registration_fields),
  ENTITY ("opportunity", opportunity_fields),
  ENTITY ("conflict", conflict_fields),
  ENTITY ("membership_tier", membership_tier_fields),
  ENTITY ("mail_record", mail_record_fields),
};

static const ChEntityInfo *const entity_ptrs[] = {
  &entities[0], &entities[1], &entities[2], &entities[3], &entities[4],
  &entities[5], &entities[6], &entities[7], &entities[8], &entities[9],
  &entities[10],
  &entities[11],
};

G_STATIC_ASSERT (G_N_ELEMENTS (entity_ptrs) == G_N_ELEMENTS (entities));

const ChEntityInfo *
ch_entity_lookup (const char *name)
{
  if (name == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    if (strcmp (entities[i].name, name) == 0)
      return &entities[i];

  return NULL;
}

const ChEntityInfo *const *
ch_entity_all (guint *n_entities)
{
  if (n_entities != NULL)
    *n_entities = G_N_ELEMENTS (entities);

  return entity_ptrs;
}

const ChFieldInfo *
ch_entity_field (const ChEntityInfo *entity,
                 const char         *field)
{
  g_return_val_if_fail (entity != NULL, NULL);

  if (field == NULL)
    return NULL;

  for (guint i = 0; i < entity->n_fields; i++)
    if (strcmp (entity->fields[i].name, field) == 0)
      return &entity->fields[i];

  return NULL;
}

guint
ch_entity_field_max_len (const ChFieldInfo *field)
{
  return field->max_len ? field->max_len : CH_FIELD_DEFAULT_MAX_LEN;
}
