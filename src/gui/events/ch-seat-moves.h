/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-store.h"

G_BEGIN_DECLS

/*
 * What the window says after a sync moved registrations
 * (ch_events_reconcile()): the people, by name, and for those the server
 * put on the waitlist (another device gave the last seat away first) a
 * dialog that offers to give the seat back or to e-mail them.
 */

/* The toast text for the registrations @ids (NULL-terminated), e.g.
 * "Maria Svensson was moved to the waitlist: the last seat was taken on
 * another device first."; NULL when none of them moved.  The ids of the
 * people now waiting are added to @waitlisted (if not NULL). */
char      *ch_seat_moves_describe   (ChStore            *store,
                                     const char * const *ids,
                                     GPtrArray          *waitlisted);

/* "mailto:" the people of @ids that have an e-mail address, with the
 * event's title as the subject; NULL when none has one. */
char      *ch_seat_moves_mailto     (ChStore            *store,
                                     GPtrArray          *ids);

/* An AdwMessageDialog that names the people of @ids (moved to the
 * waitlist) and offers "_Undo" (while possible: they get their seats
 * back, ch_registration_take_seat_back()) and "_E-mail" (opens the mail
 * program).  What it did is said in a toast on @toast_widget. */
GtkWidget *ch_seat_moves_dialog_new (GtkWindow          *parent,
                                     GtkWidget          *toast_widget,
                                     ChStore            *store,
                                     GPtrArray          *ids);

G_END_DECLS
