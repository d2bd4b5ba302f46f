/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * One opportunity of the ledger as the window and the CLI see it: an
 * immutable snapshot made in core (ch-opportunities.h reads them).  The
 * rule of its status and dates is ch-opportunity-rule.h (src/model).
 */

#define CH_TYPE_OPPORTUNITY (ch_opportunity_get_type ())

G_DECLARE_FINAL_TYPE (ChOpportunity, ch_opportunity, CH, OPPORTUNITY, GObject)

const char *ch_opportunity_get_id             (ChOpportunity *self);
const char *ch_opportunity_get_chapter_id     (ChOpportunity *self);
/* The member who gave it, and "Given Family" (NULL when that member is
 * no longer in the chapter). */
const char *ch_opportunity_get_giver_id       (ChOpportunity *self);
const char *ch_opportunity_get_giver_name     (ChOpportunity *self);
/* The member who received it; NULL: given to the chapter. */
const char *ch_opportunity_get_receiver_id    (ChOpportunity *self);
const char *ch_opportunity_get_receiver_name  (ChOpportunity *self);
const char *ch_opportunity_get_title          (ChOpportunity *self);
/* A specialty key or text (ch_specialties_label() names it), or NULL. */
const char *ch_opportunity_get_specialty      (ChOpportunity *self);
/* One of CH_OPPORTUNITY_BAND_*, or NULL. */
const char *ch_opportunity_get_value_band     (ChOpportunity *self);
/* One of CH_OPPORTUNITY_STATUS_*. */
const char *ch_opportunity_get_status         (ChOpportunity *self);
const char *ch_opportunity_get_given_on       (ChOpportunity *self);
const char *ch_opportunity_get_accepted_on    (ChOpportunity *self);
/* The day it was won or lost; NULL while open. */
const char *ch_opportunity_get_closed_on      (ChOpportunity *self);
const char *ch_opportunity_get_notes          (ChOpportunity *self);
gboolean    ch_opportunity_get_closed         (ChOpportunity *self);

/* "Given", "Accepted", "Won", "Lost" (translated). */
const char *ch_opportunity_status_label       (const char    *status);
/* The band in @currency (ISO 4217, NULL: none), e.g. "Under 10,000 EUR",
 * "10,000–50,000 EUR", "Over 250,000 EUR"; "Not given" for NULL. */
char       *ch_opportunity_band_label         (const char    *band,
                                               const char    *currency);

/* The opportunity in the format of the CLI's --json output: id,
 * giver_id, giver_name, receiver_id, receiver_name, title, specialty,
 * value_band, status, given_on, accepted_on, closed_on, notes. */
JsonObject *ch_opportunity_to_json            (ChOpportunity *self);

/* For the store's own readers: a new snapshot; every argument is copied. */
ChOpportunity *ch_opportunity_new             (const char    *id,
                                               const char    *chapter_id,
                                               const char    *giver_id,
                                               const char    *giver_name,
                                               const char    *receiver_id,
                                               const char    *receiver_name,
                                               const char    *title,
                                               const char    *specialty,
                                               const char    *value_band,
                                               const char    *status,
                                               const char    *given_on,
                                               const char    *accepted_on,
                                               const char    *closed_on,
                                               const char    *notes);

G_END_DECLS
