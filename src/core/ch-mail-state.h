/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CH_MAIL_STATE_QUEUED,
  CH_MAIL_STATE_SENDING,
  CH_MAIL_STATE_SENT,
  CH_MAIL_STATE_FAILED,
  CH_MAIL_STATE_UNSURE,
} ChMailState;

G_END_DECLS
