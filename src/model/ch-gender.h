/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The member's optional gender, for the chapter's 50/50 leadership goal.
 * The one home of the rule: which answers there are and how what older
 * versions stored as free text maps to them.
 *
 * Stored in member.gender (a synced text field) as a stable code —
 * "woman", "man", "non-binary", "prefer-not" — or, for a member who
 * describes themself, their own words.  Free text written by older
 * versions ("Kvinna", "female", "M") is read through the same mapping,
 * so it counts the same everywhere.  The leadership's balance is counted
 * in ch-board-balance.
 */

typedef enum
{
  CH_GENDER_NOT_ANSWERED,
  CH_GENDER_WOMAN,
  CH_GENDER_MAN,
  CH_GENDER_NON_BINARY,
  CH_GENDER_SELF_DESCRIBED,
  CH_GENDER_PREFER_NOT,
} ChGender;

#define CH_GENDER_LAST CH_GENDER_PREFER_NOT

#define CH_GENDER_CODE_WOMAN      "woman"
#define CH_GENDER_CODE_MAN        "man"
#define CH_GENDER_CODE_NON_BINARY "non-binary"
#define CH_GENDER_CODE_PREFER_NOT "prefer-not"

/* Groups smaller than this are never shown on their own. */
#define CH_GENDER_MIN_GROUP 3

/* What a stored value (a code, or free text in any of English, Swedish,
 * German, French or Spanish, any case) means. */
ChGender    ch_gender_classify    (const char *stored);
/* The value to store for @text: its code, its own trimmed words when
 * self-described, NULL when empty. */
char       *ch_gender_normalize   (const char *text);
/* The code stored for @gender; NULL for not answered and self-described
 * (whose stored value is the member's own words). */
const char *ch_gender_code        (ChGender    gender);
/* "Woman", "Man", "Non-binary", "Self-describe", "Prefer not to say", "Not answered" */
const char *ch_gender_label       (ChGender    gender);

G_END_DECLS
