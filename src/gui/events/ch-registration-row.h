/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-registration.h"

G_BEGIN_DECLS

#define CH_TYPE_REGISTRATION_ROW (ch_registration_row_get_type ())
G_DECLARE_FINAL_TYPE (ChRegistrationRow, ch_registration_row, CH, REGISTRATION_ROW, AdwActionRow)

/* A registration in an event's detail: the person, how they attend and
 * where they stand, an Attended check box ("events.set-attended") and a
 * menu ("events.switch-mode" when @can_switch_mode, then
 * "events.cancel-registration").  A cancelled one has neither. */
GtkWidget      *ch_registration_row_new              (ChRegistration    *registration,
                                                      gboolean           can_switch_mode);
ChRegistration *ch_registration_row_get_registration (ChRegistrationRow *self);
/* "Ana Müller — In person · Waitlisted (1)" */
char           *ch_registration_row_dup_text         (ChRegistrationRow *self);

G_END_DECLS
