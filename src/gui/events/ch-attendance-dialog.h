/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-attendance.h"
#include "ch-session.h"

G_BEGIN_DECLS

#define CH_TYPE_ATTENDANCE_DIALOG (ch_attendance_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ChAttendanceDialog, ch_attendance_dialog, CH, ATTENDANCE_DIALOG, AdwWindow)

/* Shows a parsed, matched report (takes @report): matched rows, and the
 * unmatched ones each with a button to choose the member by hand.  "Mark
 * Attendance" applies it and emits ::applied (number of people marked). */
ChAttendanceDialog *ch_attendance_dialog_new     (GtkWindow          *parent,
                                                  ChSession          *session,
                                                  const char         *event_id,
                                                  ChAttendanceReport *report);
/* Matches row @index of the report to @member_id by hand. */
void                ch_attendance_dialog_set_member      (ChAttendanceDialog *self,
                                                          guint               index,
                                                          const char         *member_id);
/* Applies like the button; FALSE and an error shown when it fails. */
gboolean            ch_attendance_dialog_apply           (ChAttendanceDialog *self);

G_END_DECLS
