/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-cli.h"

G_BEGIN_DECLS

/* "mail": the chapter's e-mail account, templates, sending and the mail
 * outbox (ch-cli-mail.c).  The options of each verb, for the command
 * table of chapterhouse-cli.c. */
extern const GOptionEntry ch_cli_mail_account_options[];
extern const GOptionEntry ch_cli_mail_templates_options[];
extern const GOptionEntry ch_cli_mail_send_options[];
extern const GOptionEntry ch_cli_mail_retry_options[];

G_END_DECLS
