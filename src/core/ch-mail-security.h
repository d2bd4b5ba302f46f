/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CH_MAIL_SECURITY_STARTTLS,   /* plain connection upgraded with STARTTLS (port 587) */
  CH_MAIL_SECURITY_TLS,        /* TLS from the start (port 465) */
  CH_MAIL_SECURITY_NONE,       /* no encryption: only to a server on this computer */
} ChMailSecurity;

G_END_DECLS
