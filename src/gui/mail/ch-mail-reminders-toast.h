/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-mail-reminders.h"
#include "ch-store.h"

G_BEGIN_DECLS

/* The officer's reminder rules in @settings (Preferences → Membership). */
void ch_mail_reminders_toast_read_rules (GSettings           *settings,
                                         ChMailReminderRules *rules);

/* When @window opens @chapter_id: counts on a worker the renewal
 * reminders that are due under the rules in @settings and, if any, shows
 * "5 renewal reminders are due" with "Review", which opens the compose
 * dialog with those members and the step's template.  Nothing is sent
 * unless the president sends it there.  Once per chapter per window. */
void ch_mail_reminders_toast_check      (AdwApplicationWindow *window,
                                         ChStore              *store,
                                         const char           *chapter_id,
                                         GSettings            *settings);

/* For tests: the toast's text, or NULL when none was shown. */
const char *ch_mail_reminders_toast_get_text (AdwApplicationWindow *window);

G_END_DECLS
