/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "ch-member-status.h"
#include "ch-partner-kind.h"

G_BEGIN_DECLS

#define CH_TYPE_MEMBER (ch_member_get_type ())

G_DECLARE_FINAL_TYPE (ChMember, ch_member, CH, MEMBER, GObject)

/* A read-only snapshot of one member row; a change makes a new object. */
ChMember       *ch_member_new_from_row       (JsonObject *row,
                                              ChMemberStatus status);

const char     *ch_member_get_id             (ChMember   *self);
const char     *ch_member_get_chapter_id     (ChMember   *self);
const char     *ch_member_get_display_name   (ChMember   *self);
const char     *ch_member_get_given_name     (ChMember   *self);
const char     *ch_member_get_family_name    (ChMember   *self);
const char     *ch_member_get_email          (ChMember   *self);
const char     *ch_member_get_company        (ChMember   *self);
const char     *ch_member_get_tier           (ChMember   *self);
const char     *ch_member_get_phone          (ChMember   *self);
const char     *ch_member_get_job_title      (ChMember   *self);
const char     *ch_member_get_city           (ChMember   *self);
/* An ISO 3166 code, as stored; ch_country_display_name() names it. */
const char     *ch_member_get_country        (ChMember   *self);
/* The place to show: city and country name. */
const char     *ch_member_get_location       (ChMember   *self);
/* A key such as "isv", or NULL; ch_partner_kind_label() names it. */
const char     *ch_member_get_partner_kind   (ChMember   *self);
/* As stored: a code ("woman", "prefer_not", …), a self-description or
 * NULL (not answered); ch_gender_classify() sorts it. */
const char     *ch_member_get_gender         (ChMember   *self);
/* The year, or 0 when not answered. */
gint            ch_member_get_birth_year     (ChMember   *self);
/* Whether the member may be listed in the directory, or e-mailed: only an
 * explicit "no" is a refusal; never asked counts as yes. */
gboolean        ch_member_get_consent_directory (ChMember *self);
gboolean        ch_member_get_consent_email  (ChMember   *self);
const char     *ch_member_get_notes          (ChMember   *self);
/* Whether the row is a tombstone (deleted, or merged into another). */
gboolean        ch_member_get_deleted        (ChMember   *self);
/* On a tombstone of a merge: the id of the member this one became. */
const char     *ch_member_get_merged_into    (ChMember   *self);
ChMemberStatus  ch_member_get_status         (ChMember   *self);
/* The tier and status as officers read them (translated). */
const char     *ch_member_get_tier_label     (ChMember   *self);
const char     *ch_member_get_status_label   (ChMember   *self);
JsonObject     *ch_member_get_fields         (ChMember   *self);
/* ISO dates, or NULL. */
const char     *ch_member_get_joined_on      (ChMember   *self);
const char     *ch_member_get_dues_paid_until (ChMember  *self);
const char     *ch_member_get_left_on        (ChMember   *self);
const char     *ch_member_get_left_reason    (ChMember   *self);

G_END_DECLS
