/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ch-gui.h"
#include "ch-member-panel.h"
#include "ch-date.h"

G_DEFINE_INTERFACE (ChMemberPanel, ch_member_panel, GTK_TYPE_WIDGET)

enum {
  SHOW_ERROR,
  CLEAR_ERROR,
  TOAST,
  OFFER_MEMBER,
  SIMILAR_MEMBER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
ch_member_panel_default_init (ChMemberPanelInterface *iface)
{
  GType type = G_TYPE_FROM_INTERFACE (iface);

  signals[SHOW_ERROR] = g_signal_new ("show-error", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 2, GTK_TYPE_WIDGET, G_TYPE_STRING);
  signals[CLEAR_ERROR] = g_signal_new ("clear-error", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                       NULL, G_TYPE_NONE, 0);
  signals[TOAST] = g_signal_new ("toast", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, ADW_TYPE_TOAST);
  signals[OFFER_MEMBER] = g_signal_new ("offer-member", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIMILAR_MEMBER] = g_signal_new ("similar-member", type, G_SIGNAL_RUN_LAST, 0, NULL,
                                          NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING,
                                          G_TYPE_STRING, G_TYPE_STRING);
}

void
ch_member_panel_set_member (ChMemberPanel *self,
                            ChStore       *store,
                            ChChapter     *chapter,
                            const char    *member_id)
{
  g_return_if_fail (CH_IS_MEMBER_PANEL (self));

  CH_MEMBER_PANEL_GET_IFACE (self)->set_member (self, store, chapter, member_id);
}

void
ch_member_panel_add_actions (ChMemberPanel *self,
                             GActionMap    *map)
{
  ChMemberPanelInterface *iface = CH_MEMBER_PANEL_GET_IFACE (self);

  if (iface->add_actions != NULL)
    iface->add_actions (self, map);
}

gboolean
ch_member_panel_has_changes (ChMemberPanel *self)
{
  ChMemberPanelInterface *iface = CH_MEMBER_PANEL_GET_IFACE (self);

  return iface->has_changes != NULL && iface->has_changes (self);
}

void
ch_member_panel_mark_unchanged (ChMemberPanel *self)
{
  ChMemberPanelInterface *iface = CH_MEMBER_PANEL_GET_IFACE (self);

  if (iface->mark_unchanged != NULL)
    iface->mark_unchanged (self);
}

gboolean
ch_member_panel_apply (ChMemberPanel *self,
                       JsonObject    *fields)
{
  ChMemberPanelInterface *iface = CH_MEMBER_PANEL_GET_IFACE (self);

  return iface->apply == NULL || iface->apply (self, fields);
}

gboolean
ch_member_panel_save (ChMemberPanel *self,
                      const char    *member_id,
                      GError       **error)
{
  ChMemberPanelInterface *iface = CH_MEMBER_PANEL_GET_IFACE (self);

  return iface->save == NULL || iface->save (self, member_id, error);
}

gboolean
ch_member_panel_explain_error (ChMemberPanel *self,
                               const GError  *error,
                               GtkWidget    **row)
{
  ChMemberPanelInterface *iface = CH_MEMBER_PANEL_GET_IFACE (self);

  *row = NULL;
  return iface->explain_error != NULL && iface->explain_error (self, error, row);
}

char *
ch_member_panel_dup_name (ChMemberPanel *self)
{
  ChMemberPanelInterface *iface = CH_MEMBER_PANEL_GET_IFACE (self);

  return iface->dup_name != NULL ? iface->dup_name (self) : NULL;
}

gboolean
ch_member_panel_show_error (ChMemberPanel *self,
                            GtkWidget     *row,
                            const char    *message)
{
  g_signal_emit (self, signals[SHOW_ERROR], 0, row, message);

  return FALSE;
}

void
ch_member_panel_clear_error (ChMemberPanel *self)
{
  g_signal_emit (self, signals[CLEAR_ERROR], 0);
}

void
ch_member_panel_toast (ChMemberPanel *self,
                       AdwToast      *toast)
{
  g_autoptr(AdwToast) sunk = g_object_ref_sink (toast);

  g_signal_emit (self, signals[TOAST], 0, sunk);
}

void
ch_member_panel_offer_member (ChMemberPanel *self,
                              const char    *member_id,
                              const char    *label)
{
  g_signal_emit (self, signals[OFFER_MEMBER], 0, member_id, label);
}

void
ch_member_panel_similar_member (ChMemberPanel *self,
                                const char    *member_id,
                                const char    *text,
                                const char    *label)
{
  g_signal_emit (self, signals[SIMILAR_MEMBER], 0, member_id, text, label);
}

char *
ch_member_panel_today (ChChapter *chapter)
{
  GDate date;

  ch_date_today (chapter ? ch_chapter_get_timezone (chapter) : NULL, &date);
  return ch_date_format (&date);
}

gboolean
ch_member_panel_check_date (ChMemberPanel *self,
                            ChDateRow     *row,
                            GDate         *out)
{
  g_autoptr(GError) error = NULL;
  GDate date;

  if (out == NULL)
    out = &date;
  g_date_clear (out, 1);

  /* Empty is allowed here (no date); the caller says when it is not. */
  if (ch_date_row_is_empty (row) || ch_date_row_get_date (row, out, &error))
    return TRUE;

  return ch_member_panel_show_error (self, GTK_WIDGET (row), error->message);
}

gboolean
ch_member_panel_waits_for_save (ChMemberPanel *self)
{
  return CH_MEMBER_PANEL_GET_IFACE (self)->apply != NULL;
}
