/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The one rule of an opportunity (the "givers' game" ledger), shared by
 * the local store (src/core/ch-opportunities.c) and the server's data
 * rules (src/server/ch-server-apply-rules.c), so both refuse the same rows.
 *
 * Status given → accepted → won | lost, each step dated (ISO dates):
 *   given     given_on; no accepted_on, no closed_on
 *   accepted  given_on ≤ accepted_on; no closed_on
 *   won       given_on ≤ accepted_on ≤ closed_on (never won without an
 *             accepted date)
 *   lost      given_on ≤ [accepted_on ≤] closed_on (may be lost before it
 *             was accepted)
 * No date after @latest_day.  Won and lost end it: nothing moves on.
 */

#define CH_OPPORTUNITY_RULE_ERROR (ch_opportunity_rule_error_quark ())

typedef enum
{
  CH_OPPORTUNITY_RULE_ERROR_INVALID,   /* a translated message says what to fix */
} ChOpportunityRuleError;

GQuark       ch_opportunity_rule_error_quark (void);

#define CH_OPPORTUNITY_STATUS_GIVEN    "given"
#define CH_OPPORTUNITY_STATUS_ACCEPTED "accepted"
#define CH_OPPORTUNITY_STATUS_WON      "won"
#define CH_OPPORTUNITY_STATUS_LOST     "lost"

/* Value bands, in the chapter's currency. */
#define CH_OPPORTUNITY_BAND_LT_10K     "lt10k"
#define CH_OPPORTUNITY_BAND_10K_50K    "10k-50k"
#define CH_OPPORTUNITY_BAND_50K_250K   "50k-250k"
#define CH_OPPORTUNITY_BAND_GT_250K    "gt250k"

/* NULL-terminated, in order. */
const char * const *ch_opportunity_rule_statuses (void);
const char * const *ch_opportunity_rule_bands    (void);
gboolean     ch_opportunity_rule_is_status       (const char *status);
gboolean     ch_opportunity_rule_is_band         (const char *band);
/* Whether @status ends the opportunity (won or lost). */
gboolean     ch_opportunity_rule_is_closed       (const char *status);

/* Whether the row's status and dates follow the rule; @value_band may be
 * NULL; @latest_day is the last day a date may be (today in the chapter's
 * zone on a device; on the server, tomorrow in UTC, since chapters are
 * ahead of UTC by up to 14 hours). */
gboolean     ch_opportunity_rule_check           (const char  *status,
                                                  const char  *value_band,
                                                  const char  *given_on,
                                                  const char  *accepted_on,
                                                  const char  *closed_on,
                                                  const char  *latest_day,
                                                  GError     **error);

/* Whether an opportunity may move from @from to @to: given → accepted,
 * won (only with an accepted date, which the caller then sets) or lost;
 * accepted → won or lost; nothing after won or lost. */
gboolean     ch_opportunity_rule_can_advance     (const char  *from,
                                                  const char  *to,
                                                  GError     **error);

G_END_DECLS
