/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ch-store.h"

G_BEGIN_DECLS

/*
 * Leadership: terms of office.  A role is one member's term of a standard
 * role (CH_ROLE_*) or of a role the chapter named itself.
 */

#define CH_ROLES_ERROR (ch_roles_error_quark ())

typedef enum
{
  CH_ROLES_ERROR_INVALID,   /* a translated message says what to fix */
} ChRolesError;

GQuark      ch_roles_error_quark          (void);

#define CH_ROLE_PRESIDENT      "president"
#define CH_ROLE_VICE_PRESIDENT "vice-president"
#define CH_ROLE_TREASURER      "treasurer"
#define CH_ROLE_SECRETARY      "secretary"
#define CH_ROLE_BOARD_MEMBER   "board-member"
#define CH_ROLE_WIT_LEAD       "wit-lead"

/* Translated label of a standard role; a chapter-defined role is its text. */
const char *ch_roles_label                (const char   *role);
const char * const *ch_roles_standard     (void);
/* TRUE for the roles a chapter has one of at a time: president,
 * vice-president, treasurer, secretary. */
gboolean    ch_roles_is_single_seat       (const char   *role);

#define CH_TYPE_ROLE (ch_role_get_type ())

G_DECLARE_FINAL_TYPE (ChRole, ch_role, CH, ROLE, GObject)

/* The id of the role row (the term). */
const char *ch_role_get_id                (ChRole       *self);
const char *ch_role_get_member_id         (ChRole       *self);
/* "Given Family" of the holder. */
const char *ch_role_get_member_name       (ChRole       *self);
/* The role's key (CH_ROLE_*) or the chapter's own text. */
const char *ch_role_get_role              (ChRole       *self);
/* ch_roles_label() of the role. */
const char *ch_role_get_label             (ChRole       *self);
const char *ch_role_get_starts_on         (ChRole       *self);
/* NULL: open-ended. */
const char *ch_role_get_ends_on           (ChRole       *self);
/* Ends within 6 months of today (in lists of current roles). */
gboolean    ch_role_get_ending_soon       (ChRole       *self);
/* Not ended before today (open-ended, or ends today or later). */
gboolean    ch_role_get_current           (ChRole       *self);

gboolean    ch_roles_add                  (ChStore      *store,
                                           const char   *member_id,
                                           const char   *role,
                                           const char   *starts_on,
                                           const char   *ends_on,    /* may be NULL */
                                           char        **out_id,
                                           GError      **error);
/* Ends a role on @ends_on (e.g. today) or deletes it when @ends_on is NULL. */
gboolean    ch_roles_end                  (ChStore      *store,
                                           const char   *role_id,
                                           const char   *ends_on,
                                           GError      **error);
/* Who holds @role in the chapter on @date (a term that started on or
 * before it and has not ended), other than @except_member_id; NULL when
 * nobody does (or on error). */
ChRole     *ch_roles_seat_holder          (ChStore      *store,
                                           const char   *chapter_id,
                                           const char   *role,
                                           const char   *date,
                                           const char   *except_member_id,
                                           GError      **error);
/* The hand-over of a seat, in one transaction: the term @old_role_id ends
 * the day before @starts_on and @member_id's term of @role starts on it. */
gboolean    ch_roles_hand_over            (ChStore      *store,
                                           const char   *member_id,
                                           const char   *role,
                                           const char   *starts_on,
                                           const char   *ends_on,
                                           const char   *old_role_id,
                                           char        **out_id,
                                           GError      **error);
/* Undoes ch_roles_add() or a hand-over, in one transaction: the role
 * @new_role_id is deleted and, when @old_role_id is given, that term ends
 * on @old_ends_on again (NULL: open-ended). */
gboolean    ch_roles_undo                 (ChStore      *store,
                                           const char   *new_role_id,
                                           const char   *old_role_id,
                                           const char   *old_ends_on,
                                           GError      **error);

/* The term @role_id (live or not), or NULL with CH_STORE_ERROR_NOT_FOUND. */
ChRole     *ch_roles_get                  (ChStore      *store,
                                           const char   *role_id,
                                           GError      **error);
/* Roles held today in the chapter's time zone (element type ChRole),
 * standard roles first in the order of ch_roles_standard(). */
GPtrArray  *ch_roles_list_current         (ChStore      *store,
                                           const char   *chapter_id,
                                           GError      **error);
/* All roles of one member, current and past (element type ChRole). */
GPtrArray  *ch_roles_list_for_member      (ChStore      *store,
                                           const char   *member_id,
                                           GError      **error);

G_END_DECLS
