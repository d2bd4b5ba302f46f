/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ch-events.h"
#include "ch-session.h"

G_BEGIN_DECLS

#define CH_TYPE_EVENT_DETAIL (ch_event_detail_get_type ())
G_DECLARE_FINAL_TYPE (ChEventDetail, ch_event_detail, CH, EVENT_DETAIL, GtkWidget)

/*
 * The right-hand side of the Events page: one event (title, status, kind,
 * time, venue, link, description), a card per side with its places, and
 * its registrations, with what officers do to them.  What it did is said
 * with the "toast" signal; "changed" asks the page to read it all again.
 */

/* Shows @event (NULL: nothing) of the chapter open in @session. */
void     ch_event_detail_show                (ChEventDetail *self,
                                              ChSession     *session,
                                              ChEvent       *event);

/* Register a member / add a guest: the person dialog, for the event. */
void     ch_event_detail_add_person          (ChEventDetail *self,
                                              gboolean       guest);
void     ch_event_detail_cancel_registration (ChEventDetail *self,
                                              const char    *registration_id);
/* To the other side of a hybrid event. */
void     ch_event_detail_switch_mode         (ChEventDetail *self,
                                              const char    *registration_id);
void     ch_event_detail_set_attended        (ChEventDetail *self,
                                              const char    *registration_id,
                                              gboolean       attended);
/* Reads a Teams or Zoom report (off the main thread) and shows what
 * matched in a ChAttendanceDialog, or the reason it cannot be read. */
void     ch_event_detail_import_report       (ChEventDetail *self,
                                              const char    *event_id,
                                              GFile         *file);
/* The file chooser for a report, then ch_event_detail_import_report(). */
void     ch_event_detail_choose_report       (ChEventDetail *self);

/* Writes the event as an iCalendar file and says so in a toast. */
gboolean ch_event_detail_export_to_file      (ChEventDetail *self,
                                              GFile         *file,
                                              GError       **error);
/* The file chooser for that, then ch_event_detail_export_to_file(). */
void     ch_event_detail_choose_export_file  (ChEventDetail *self);
/* Opens the event in the calendar program. */
void     ch_event_detail_add_to_calendar     (ChEventDetail *self);

G_END_DECLS
