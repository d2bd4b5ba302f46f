/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-attendance-dialog.h"

G_BEGIN_DECLS

/* What the dialog shows, for tests. */

guint               ch_attendance_dialog_get_n_matched   (ChAttendanceDialog *self);
guint               ch_attendance_dialog_get_n_unmatched (ChAttendanceDialog *self);

G_END_DECLS
