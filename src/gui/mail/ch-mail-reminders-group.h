/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Preferences → Membership → "Renewal Reminders": when the window offers
 * reminders for review (days before the dues run out, at the start of
 * grace, at lapse), kept in @settings: each officer's own choice; the
 * record of what was sent syncs, so nobody is offered a reminder another
 * officer already sent. */
GtkWidget *ch_mail_reminders_group_new (GSettings *settings);

G_END_DECLS
