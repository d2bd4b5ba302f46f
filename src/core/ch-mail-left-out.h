/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CH_MAIL_LEFT_OUT_NO_ADDRESS,
  CH_MAIL_LEFT_OUT_NO_CONSENT,
  CH_MAIL_LEFT_OUT_GUEST,        /* an event's guest, not a member */
} ChMailLeftOutReason;

typedef struct
{
  char                *name;
  ChMailLeftOutReason  reason;
} ChMailLeftOut;

G_END_DECLS
