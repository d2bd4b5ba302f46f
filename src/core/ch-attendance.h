/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-store.h"

G_BEGIN_DECLS

/*
 * Online attendance: the reports Microsoft Teams and Zoom write after a
 * meeting (read in ch-attendance-report.c), matched to the event's
 * registrations and the chapter's members, and marked as attended.
 */

#define CH_ATTENDANCE_ERROR (ch_attendance_error_quark ())
typedef enum
{
  CH_ATTENDANCE_ERROR_INVALID,  /* the event takes no online attendance */
  CH_ATTENDANCE_ERROR_REPORT,   /* an attendance report that cannot be read */
} ChAttendanceError;
GQuark ch_attendance_error_quark (void);

/* Nobody attends one meeting for longer than a day. */
#define CH_ATTENDANCE_MAX_SECONDS (24 * 3600)

typedef enum
{
  CH_ATTENDANCE_MATCH_NONE,
  CH_ATTENDANCE_MATCH_EMAIL,
  CH_ATTENDANCE_MATCH_NAME,
  CH_ATTENDANCE_MATCH_MANUAL,
} ChAttendanceMatch;

typedef struct
{
  char              *name;
  char              *email;           /* may be NULL */
  guint              minutes;         /* summed over the person's joins */
  ChAttendanceMatch  match;
  char              *member_id;       /* set by matching (or by hand) */
  char              *registration_id;
  char              *refused;         /* why the row is left out (an impossible
                                       * duration), or NULL */
} ChAttendanceRow;

typedef struct
{
  char      *source;          /* "teams" or "zoom" */
  char      *meeting_title;   /* may be NULL */
  GPtrArray *rows;            /* ChAttendanceRow, one per person */
  guint      max_minutes;     /* nobody attends longer: the meeting's length, or 24 h */
} ChAttendanceReport;

void       ch_attendance_report_free  (ChAttendanceReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChAttendanceReport, ch_attendance_report_free)

/* Reads a Microsoft Teams attendance report (UTF-16 with BOM or UTF-8,
 * tab-separated, "Summary" and "Participants" sections) or a Zoom
 * participants report (CSV with its header row).  The same person on
 * several rows is one row with the minutes added; a person with more time
 * than the meeting lasted (or, when the report does not say, than 24 h) is
 * kept with row->refused saying why, and is neither matched nor marked.
 * Anything else fails with CH_ATTENDANCE_ERROR_REPORT and a translated
 * message saying what is wrong. */
ChAttendanceReport *ch_attendance_parse (GBytes     *data,
                                         GError    **error);
/* Matches rows to the event's registrations and the chapter's members: by
 * e-mail (case-insensitive), then by folded full name. */
gboolean   ch_attendance_match        (ChStore            *store,
                                       const char         *event_id,
                                       ChAttendanceReport *report,
                                       GError            **error);
/* Marks online attendance with minutes for every matched row (a matched
 * member without a registration gets an online one), in one transaction.
 * Returns the number of people marked. */
guint      ch_attendance_apply        (ChStore            *store,
                                       const char         *event_id,
                                       ChAttendanceReport *report,
                                       GError            **error);

G_END_DECLS
