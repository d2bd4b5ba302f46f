/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-check-in-window.h"
#include "ch-event-dialog.h"
#include "ch-session.h"
#include "ch-store.h"

G_BEGIN_DECLS

#define CH_TYPE_EVENTS_PAGE (ch_events_page_get_type ())

G_DECLARE_FINAL_TYPE (ChEventsPage, ch_events_page, CH, EVENTS_PAGE, GtkWidget)

/* Shows the chapter of @session, and the one it opens next. */
void           ch_events_page_set_session       (ChEventsPage *self,
                                                 ChSession    *session);
/* Reads the events again (after a sync, an edit elsewhere). */
void           ch_events_page_reload            (ChEventsPage *self);
/* Opens the form for a new event / for an event. */
ChEventDialog *ch_events_page_new_event         (ChEventsPage *self);
ChEventDialog *ch_events_page_edit_event        (ChEventsPage *self,
                                                 const char   *event_id);
gboolean       ch_events_page_select_event      (ChEventsPage *self,
                                                 const char   *event_id);
const char    *ch_events_page_get_selected_id   (ChEventsPage *self);
/* Cancels without asking (the action asks first). */
gboolean       ch_events_page_cancel_event      (ChEventsPage *self,
                                                 const char   *event_id);
ChCheckInWindow *ch_events_page_open_check_in   (ChEventsPage *self);
/* Reads a Teams or Zoom attendance report (off the main thread) and shows
 * what matched in a ChAttendanceDialog, or the reason it cannot be read. */
void           ch_events_page_import_report     (ChEventsPage *self,
                                                 const char   *event_id,
                                                 GFile        *file);

/* Writes the selected event as an iCalendar file, as Export to Calendar
 * does after the file chooser, and says so in a toast. */
gboolean       ch_events_page_export_to_file    (ChEventsPage *self,
                                                 GFile        *file,
                                                 GError      **error);
/* After a sync moved registrations (@ids, NULL-terminated): a toast that
 * names who went to the waitlist and who moved up, and the page again.
 * When somebody went to the waitlist, its "Details" button opens
 * ch_events_page_show_seat_moves(). */
void           ch_events_page_report_reconciled (ChEventsPage       *self,
                                                 const char * const *ids);
/* The dialog about the people the last sync moved to the waitlist (Undo,
 * E-mail), presented; NULL when nobody was moved. */
GtkWidget     *ch_events_page_show_seat_moves   (ChEventsPage       *self);

G_END_DECLS
