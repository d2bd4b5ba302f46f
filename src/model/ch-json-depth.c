/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-json-depth"

#include "config.h"

#include <string.h>

#include "ch-json-depth.h"

gboolean
ch_json_depth_ok (const char *text,
                    guint       max_depth)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (const char *p = text; p != NULL && *p; p++)
    {
      if (in_string)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          else if (*p == '"')
            in_string = FALSE;
        }
      else if (*p == '"')
        in_string = TRUE;
      else if (*p == '[' || *p == '{')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((*p == ']' || *p == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}
