/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-result-status"

#include "config.h"

#include <string.h>

#include "ch-result-status.h"

static const char *const status_names[] = {
  [CH_RESULT_APPLIED] = "applied",
  [CH_RESULT_CONFLICT] = "conflict",
  [CH_RESULT_REJECTED] = "rejected",
  [CH_RESULT_OVERRIDDEN] = "overridden",
};

const char *
ch_result_status_to_string (ChResultStatus status)
{
  if ((guint) status >= G_N_ELEMENTS (status_names))
    return NULL;

  return status_names[status];
}

gboolean
ch_result_status_from_string (const char     *s,
                              ChResultStatus *status)
{
  if (s == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (strcmp (s, status_names[i]) == 0)
      {
        if (status != NULL)
          *status = (ChResultStatus) i;
        return TRUE;
      }

  return FALSE;
}
