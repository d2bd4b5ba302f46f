/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "ch-date-row.h"
#include "ch-store.h"

G_BEGIN_DECLS

#define CH_TYPE_MEMBER_PANEL (ch_member_panel_get_type ())

G_DECLARE_INTERFACE (ChMemberPanel, ch_member_panel, CH, MEMBER_PANEL, GtkWidget)

/* One tab of the member dialog.  The dialog (the frame) asks its panels
 * through this interface and knows none of their widgets; a panel tells
 * the frame what to show through the signals "show-error",
 * "clear-error", "toast", "offer-member" and "similar-member". */
struct _ChMemberPanelInterface
{
  GTypeInterface parent_iface;

  /* Shows @member_id (NULL while adding one) of @store. */
  void       (*set_member)    (ChMemberPanel *self,
                               ChStore       *store,
                               ChChapter     *chapter,
                               const char    *member_id);
  /* Adds the panel's actions to the frame's "member" action group. */
  void       (*add_actions)   (ChMemberPanel *self,
                               GActionMap    *map);
  /* TRUE when the panel's edits wait for Save. */
  gboolean   (*has_changes)   (ChMemberPanel *self);
  /* What the panel shows now counts as unchanged. */
  void       (*mark_unchanged) (ChMemberPanel *self);
  /* Checks the edits and puts them in @fields; FALSE after showing an error. */
  gboolean   (*apply)         (ChMemberPanel *self,
                               JsonObject    *fields);
  /* Writes what is not in the member's fields, inside Save's transaction. */
  gboolean   (*save)          (ChMemberPanel *self,
                               const char    *member_id,
                               GError       **error);
  /* Whether @error of Save is about this panel, and the row it points at. */
  gboolean   (*explain_error) (ChMemberPanel *self,
                               const GError  *error,
                               GtkWidget    **row);
  /* The member's name as typed, for the question on close, or NULL. */
  char      *(*dup_name)      (ChMemberPanel *self);
};

void       ch_member_panel_set_member     (ChMemberPanel *self,
                                           ChStore       *store,
                                           ChChapter     *chapter,
                                           const char    *member_id);
void       ch_member_panel_add_actions    (ChMemberPanel *self,
                                           GActionMap    *map);
gboolean   ch_member_panel_has_changes    (ChMemberPanel *self);
void       ch_member_panel_mark_unchanged (ChMemberPanel *self);
gboolean   ch_member_panel_apply          (ChMemberPanel *self,
                                           JsonObject    *fields);
gboolean   ch_member_panel_save           (ChMemberPanel *self,
                                           const char    *member_id,
                                           GError       **error);
gboolean   ch_member_panel_explain_error  (ChMemberPanel *self,
                                           const GError  *error,
                                           GtkWidget    **row);
char      *ch_member_panel_dup_name       (ChMemberPanel *self);
/* TRUE for a form whose edits wait for Save (it has apply()). */
gboolean   ch_member_panel_waits_for_save (ChMemberPanel *self);

/* For the panels: ask the frame to show things. */
gboolean   ch_member_panel_show_error     (ChMemberPanel *self,
                                           GtkWidget     *row,
                                           const char    *message);
void       ch_member_panel_clear_error    (ChMemberPanel *self);
void       ch_member_panel_toast          (ChMemberPanel *self,
                                           AdwToast      *toast);
void       ch_member_panel_offer_member   (ChMemberPanel *self,
                                           const char    *member_id,
                                           const char    *label);
void       ch_member_panel_similar_member (ChMemberPanel *self,
                                           const char    *member_id,
                                           const char    *text,
                                           const char    *label);

/* Helpers the panels share. */
char      *ch_member_panel_today          (ChChapter     *chapter);
gboolean   ch_member_panel_check_date     (ChMemberPanel *self,
                                           ChDateRow     *row,
                                           GDate         *out);

G_END_DECLS
