/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CH_OP_INSERT,
  CH_OP_UPDATE,
  CH_OP_DELETE,
  CH_OP_RESTORE,
} ChOp;

const char  *ch_op_to_string                (ChOp        op);

gboolean     ch_op_from_string              (const char *s,
                                             ChOp       *op);

G_END_DECLS
