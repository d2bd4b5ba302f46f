/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-op"

#include "config.h"

#include <string.h>

#include "ch-op.h"
#include "ch-protocol-private.h"

const char *
ch_op_to_string (ChOp op)
{
  if ((guint) op >= G_N_ELEMENTS (ch_protocol_op_names))
    return NULL;

  return ch_protocol_op_names[op];
}

gboolean
ch_op_from_string (const char *s,
                   ChOp       *op)
{
  if (s == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (ch_protocol_op_names); i++)
    if (strcmp (s, ch_protocol_op_names[i]) == 0)
      {
        if (op != NULL)
          *op = (ChOp) i;
        return TRUE;
      }

  return FALSE;
}
