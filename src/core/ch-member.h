/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "ch-status.h"

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
const char     *ch_member_get_location       (ChMember   *self);
ChMemberStatus  ch_member_get_status         (ChMember   *self);
/* The tier and status as officers read them (translated). */
const char     *ch_member_get_tier_label     (ChMember   *self);
const char     *ch_member_get_status_label   (ChMember   *self);
/* Any field by its entity name, or NULL. */
const char     *ch_member_get_text           (ChMember   *self,
                                              const char *field);
gint64          ch_member_get_int            (ChMember   *self,
                                              const char *field,
                                              gint64      fallback);
JsonObject     *ch_member_get_fields         (ChMember   *self);
/* ISO dates, or NULL. */
const char     *ch_member_get_joined_on      (ChMember   *self);
const char     *ch_member_get_dues_paid_until (ChMember  *self);

G_END_DECLS
