/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-session.h"

G_BEGIN_DECLS

#define CH_TYPE_PERSON_DIALOG (ch_person_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ChPersonDialog, ch_person_dialog, CH, PERSON_DIALOG, AdwWindow)

typedef enum
{
  CH_PERSON_MEMBER,       /* search the chapter's members */
  CH_PERSON_GUEST,        /* name and e-mail of a guest */
} ChPersonDialogKind;

/*
 * Chooses a person for an event: a member of @session's chapter found by
 * searching (ChMemberList) or a guest.  Emits ::chosen (member_id or NULL, guest_name, guest_email,
 * mode); the handler does the work and either closes the dialog or calls
 * ch_person_dialog_show_error().  @allow_guest FALSE hides the guest form
 * (matching a report row to a member); @modes NULL hides the mode choice.
 */
ChPersonDialog *ch_person_dialog_new          (GtkWindow      *parent,
                                               ChSession      *session,
                                               ChPersonDialogKind    kind,
                                               gboolean        allow_guest,
                                               const char     *title,
                                               const char     *accept_label,
                                               gboolean        offer_modes,
                                               const char     *mode);
void            ch_person_dialog_show_error   (ChPersonDialog *self,
                                               const char     *message);
/* For tests and keyboard use. */
GtkEditable    *ch_person_dialog_get_search_entry (ChPersonDialog *self);
/* Members shown as taken (already registered), with @reason as subtitle;
 * choosing them is still possible (the handler decides). */
void            ch_person_dialog_set_taken        (ChPersonDialog     *self,
                                                   const char * const *member_ids,
                                                   const char         *reason);

G_END_DECLS
