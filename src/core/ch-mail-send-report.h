/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint sent;
  guint waiting;    /* "try later": queued again */
  guint failed;     /* refused for good */
  guint unsure;     /* found half-sent from a run that was killed */
} ChMailSendReport;

G_END_DECLS
