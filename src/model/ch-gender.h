/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The member's optional gender, for the chapter's 50/50 leadership goal.
 * The one home of the rule: which answers there are, how what older
 * versions stored as free text maps to them, and how the leadership's
 * balance is counted.
 *
 * Stored in member.gender (a synced text field) as a stable code —
 * "woman", "man", "non-binary", "prefer-not" — or, for a member who
 * describes themself, their own words.  Free text written by older
 * versions ("Kvinna", "female", "M") is read through the same mapping,
 * so it counts the same everywhere.
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

/* The gender balance of a group of people (the chapter's officers). */
typedef struct
{
  guint people;                        /* each person once */
  guint counts[CH_GENDER_LAST + 1];    /* by answer */
} ChBoardBalance;

void        ch_board_balance_add         (ChBoardBalance       *balance,
                                          const char           *stored);
/* Who did not share: not answered or prefer not to say. */
guint       ch_board_balance_not_shared  (const ChBoardBalance *balance);
/* Who shared an answer. */
guint       ch_board_balance_shared      (const ChBoardBalance *balance);
/* A group that has someone but fewer than CH_GENDER_MIN_GROUP: shown as
 * "fewer than 3", never its number. */
gboolean    ch_board_balance_is_small    (const ChBoardBalance *balance,
                                          ChGender              gender);
/* The share of women among those who shared, rounded, in *@percent.
 * FALSE when nobody shared, or when a shared group is small (the figure
 * would tell its size). */
gboolean    ch_board_balance_percent_women (const ChBoardBalance *balance,
                                            guint                *percent);

G_END_DECLS
