/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-gender.h"
#include "ch-store.h"

G_BEGIN_DECLS

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

/* What the Leadership page says: "4 women · 3 men · 1 not shared — 57 %
 * women, goal 50 %"; a small group is "fewer than 3 men", never its
 * number, and then the share is left out too. */
char       *ch_board_balance_describe    (const ChBoardBalance *balance);


/* The gender balance of the chapter's leadership today: every person who
 * holds a role counts once, however many roles they hold. */
gboolean ch_board_balance_compute (ChStore        *store,
                                   const char     *chapter_id,
                                   ChBoardBalance *balance,
                                   GError        **error);

G_END_DECLS
