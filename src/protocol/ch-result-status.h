/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CH_RESULT_APPLIED,
  CH_RESULT_CONFLICT,
  CH_RESULT_REJECTED,
  /* Applied, but the server holds another value of some field of "set"
   * (ChMutationResult.fields), e.g. the later "paid until" date. */
  CH_RESULT_OVERRIDDEN,
} ChResultStatus;

const char  *ch_result_status_to_string     (ChResultStatus  status);

gboolean     ch_result_status_from_string   (const char     *s,
                                             ChResultStatus *status);

G_END_DECLS
