/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-mail-record.h"

G_BEGIN_DECLS

#define CH_TYPE_MAIL_RECORD_ROW (ch_mail_record_row_get_type ())
G_DECLARE_FINAL_TYPE (ChMailRecordRow, ch_mail_record_row, CH, MAIL_RECORD_ROW, AdwActionRow)

/* One message sent to a member, on the E-mail tab of the member dialog:
 * "Renewal reminder, 2026-12-02" (the day in @tz_id), then its subject and
 * who sent it. */
GtkWidget *ch_mail_record_row_new (const ChMailRecord *record,
                                   const char         *tz_id);

G_END_DECLS
