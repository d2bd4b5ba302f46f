/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-chapter.h"
#include "ch-member-list.h"
#include "ch-members-page.h"
#include "ch-store.h"

G_BEGIN_DECLS

/* What the files of the members page share (ch-members-page.c: the list,
 * its columns and filters; ch-members-page-actions.c: the page's actions).
 * Only those files include this header; tests use ch-members-page-private.h. */

struct _ChMembersPage
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkWidget          *box;
  GtkColumnView      *column_view;
  GtkLabel           *count_label;
  GtkBox             *filter_box;
  GtkStack           *list_stack;
  GtkSearchEntry     *search_entry;

  ChStore            *store;
  ChChapter          *chapter;
  ChMemberList       *list;
  GtkSingleSelection *selection;
  char               *select_when_shown;
  guint               select_idle_id;

  GtkDropDown        *filters[5];      /* parallel to filter_keys */
  GtkWidget          *clear_button;
  gboolean            filling_filters;

  /* Which column's sorter GTK asked first while probing the sort order. */
  const char         *probe_hit;
  gboolean            restoring_sort;
};

/* Installs "members.undo-delete", "members.export", … on the page's class. */
void
ch_members_page_install_actions (GtkWidgetClass *widget_class);

G_END_DECLS
