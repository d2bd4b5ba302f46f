/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-opportunity-rule"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-opportunity-rule.h"
#include "ch-date.h"

G_DEFINE_QUARK (ch-opportunity-rule-error-quark, ch_opportunity_rule_error)

static const char *const statuses[] = {
  CH_OPPORTUNITY_STATUS_GIVEN, CH_OPPORTUNITY_STATUS_ACCEPTED, CH_OPPORTUNITY_STATUS_WON,
  CH_OPPORTUNITY_STATUS_LOST, NULL,
};

static const char *const bands[] = {
  CH_OPPORTUNITY_BAND_LT_10K, CH_OPPORTUNITY_BAND_10K_50K, CH_OPPORTUNITY_BAND_50K_250K,
  CH_OPPORTUNITY_BAND_GT_250K, NULL,
};

const char * const *
ch_opportunity_rule_statuses (void)
{
  return statuses;
}

const char * const *
ch_opportunity_rule_bands (void)
{
  return bands;
}

gboolean
ch_opportunity_rule_is_status (const char *status)
{
  return status != NULL && g_strv_contains (statuses, status);
}

gboolean
ch_opportunity_rule_is_band (const char *band)
{
  return band != NULL && g_strv_contains (bands, band);
}

gboolean
ch_opportunity_rule_is_closed (const char *status)
{
  return g_strcmp0 (status, CH_OPPORTUNITY_STATUS_WON) == 0 ||
         g_strcmp0 (status, CH_OPPORTUNITY_STATUS_LOST) == 0;
}

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, CH_OPPORTUNITY_RULE_ERROR, CH_OPPORTUNITY_RULE_ERROR_INVALID,
                       message);
  return FALSE;
}

static gboolean
is_date (const char *iso)
{
  GDate date;

  return iso != NULL && strlen (iso) == 10 && ch_date_parse (iso, &date);
}

/* @iso is a date, not after @latest_day; @not_a_date and @in_future are
 * the messages, whole sentences naming the step. */
static gboolean
check_date (const char  *iso,
            const char  *latest_day,
            const char  *not_a_date,
            const char  *in_future,
            GError     **error)
{
  if (!is_date (iso))
    return invalid (error, not_a_date);
  if (latest_day != NULL && strcmp (iso, latest_day) > 0)
    return invalid (error, in_future);

  return TRUE;
}

gboolean
ch_opportunity_rule_check (const char  *status,
                           const char  *value_band,
                           const char  *given_on,
                           const char  *accepted_on,
                           const char  *closed_on,
                           const char  *latest_day,
                           GError     **error)
{
  gboolean won, lost;

  if (!ch_opportunity_rule_is_status (status))
    return invalid (error, _("The status of an opportunity is given, accepted, won or lost."));
  if (value_band != NULL && !ch_opportunity_rule_is_band (value_band))
    return invalid (error, _("The value of an opportunity is one of lt10k, 10k-50k, 50k-250k "
                             "or gt250k."));
  if (given_on == NULL)
    return invalid (error, _("Enter the day the opportunity was given."));
  if (!check_date (given_on, latest_day,
                   _("The day it was given is not a date; write it as 2026-11-23."),
                   _("The day it was given is in the future."), error))
    return FALSE;

  won = strcmp (status, CH_OPPORTUNITY_STATUS_WON) == 0;
  lost = strcmp (status, CH_OPPORTUNITY_STATUS_LOST) == 0;

  if (strcmp (status, CH_OPPORTUNITY_STATUS_GIVEN) == 0 && accepted_on != NULL)
    return invalid (error, _("An opportunity that is only given has no accepted date."));
  if (!won && !lost && closed_on != NULL)
    return invalid (error, _("An opportunity that is still open has no closing date."));
  if (won && accepted_on == NULL)
    return invalid (error, _("An opportunity is won only after it was accepted; enter the day "
                             "it was accepted."));
  if ((won || lost) && closed_on == NULL)
    return invalid (error, _("Enter the day the opportunity was won or lost."));
  if (strcmp (status, CH_OPPORTUNITY_STATUS_ACCEPTED) == 0 && accepted_on == NULL)
    return invalid (error, _("Enter the day the opportunity was accepted."));

  if (accepted_on != NULL)
    {
      if (!check_date (accepted_on, latest_day,
                       _("The day it was accepted is not a date; write it as 2026-11-23."),
                       _("The day it was accepted is in the future."), error))
        return FALSE;
      if (strcmp (accepted_on, given_on) < 0)
        return invalid (error, _("An opportunity cannot be accepted before it was given."));
    }
  if (closed_on != NULL)
    {
      if (!check_date (closed_on, latest_day,
                       won ? _("The day it was won is not a date; write it as 2026-11-23.")
                           : _("The day it was lost is not a date; write it as 2026-11-23."),
                       won ? _("The day it was won is in the future.")
                           : _("The day it was lost is in the future."),
                       error))
        return FALSE;
      if (strcmp (closed_on, accepted_on ? accepted_on : given_on) < 0)
        return invalid (error, accepted_on
                        ? _("An opportunity cannot be won or lost before it was accepted.")
                        : _("An opportunity cannot be lost before it was given."));
    }

  return TRUE;
}

gboolean
ch_opportunity_rule_can_advance (const char  *from,
                                 const char  *to,
                                 GError     **error)
{
  if (!ch_opportunity_rule_is_status (to))
    return invalid (error, _("The status of an opportunity is given, accepted, won or lost."));
  if (ch_opportunity_rule_is_closed (from))
    return invalid (error, strcmp (from, CH_OPPORTUNITY_STATUS_LOST) == 0
                    ? _("This opportunity was lost; a lost opportunity ends there.")
                    : _("This opportunity was won; it cannot move on."));
  if (strcmp (to, CH_OPPORTUNITY_STATUS_GIVEN) == 0 || g_strcmp0 (from, to) == 0)
    return invalid (error, _("An opportunity only moves forward: given, accepted, then won or "
                             "lost."));

  return TRUE;
}
