/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-chapter.h"
#include "ch-member-list.h"
#include "ch-sliced-list.h"
#include "ch-members-page.h"
#include "ch-store.h"

G_BEGIN_DECLS

/* A large answer is shown this many rows at first, then this many rows
 * at a time, as many times a frame as building them takes less than
 * CH_MEMBERS_PAGE_GROW_BUDGET_US, up to CH_MEMBERS_PAGE_ROWS_SLICED rows
 * (past them GTK builds no row before it is scrolled to). */
#define CH_MEMBERS_PAGE_ROWS_PER_FRAME 2
#define CH_MEMBERS_PAGE_ROWS_SLICED    256
#define CH_MEMBERS_PAGE_GROW_BUDGET_US 1000
/* Rows built past the rows in view that go in a frame once the user is
 * back in the search (0.3 ms each on the development VM). */
#define CH_MEMBERS_PAGE_ROWS_TRIMMED   24
/* The wide table's columns; the width they leave unused (px, the view's
 * borders and scroll bar); the least width of a column that shares the
 * table's width (px). */
#define CH_MEMBERS_PAGE_N_COLUMNS        6
#define CH_MEMBERS_PAGE_TABLE_SLACK      24
#define CH_MEMBERS_PAGE_MIN_COLUMN_WIDTH 60
/* The least height of a row when counting the rows in view (px). */
#define CH_MEMBERS_PAGE_MIN_ROW_HEIGHT 16

/* What the files of the members page share (ch-members-page.c: the list,
 * its columns and filters; ch-members-page-actions.c: the page's actions).
 * Only those files include this header; tests use ch-members-page-private.h. */

struct _ChMembersPage
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkWidget          *add_button;
  GtkWidget          *box;
  GtkColumnView      *column_view;
  GtkLabel           *count_label;
  GtkWidget          *export_button;
  GtkBox             *filter_box;
  GtkWidget          *filter_button;
  GtkLabel           *filter_count_label;
  GtkBox             *filter_popover_box;
  GtkWidget          *filter_scroller;
  GtkStack           *layout_stack;
  GtkListView        *line_view;
  GtkStack           *list_stack;
  GtkWidget          *narrow_add_button;
  GtkLabel           *narrow_count_label;
  GtkWidget          *narrow_menu_button;
  GtkSearchEntry     *search_entry;
  GtkBox             *toolbar;
  GtkWidget          *write_button;

  ChStore            *store;
  ChChapter          *chapter;
  ChMemberList       *list;
  ChSlicedList       *sliced;          /* the list, a large answer a few rows a frame */
  GtkSingleSelection *selection;       /* of sliced */
  guint               grow_tick_id;
  gboolean            exploring;       /* the user turned to the results: build them all */
  gboolean            laid_out;        /* given a height once (see size_allocate) */
  char               *select_when_shown;
  char               *selected_id;     /* the member selected, or NULL */
  guint               select_idle_id;
  guint               state_idle_id;

  GtkDropDown        *filters[5];      /* parallel to filter_keys */
  GtkWidget          *clear_button;
  gboolean            filling_filters;

  /* Which column's sorter GTK asked first while probing the sort order. */
  const char         *probe_hit;
  gboolean            restoring_sort;

  /* The wide table's columns (ch_members_page_fit_columns()). */
  int                 columns_width;   /* the page's width they were given for */
  int                 column_widths[CH_MEMBERS_PAGE_N_COLUMNS];
  gboolean            columns_theirs;  /* the user resized one */

  /* Below CH_MEMBERS_PAGE_NARROW_WIDTH: two-line rows, filters in a popover. */
  gboolean            narrow;
  int                 narrow_minimum;  /* the narrow layout's last minimum width */
};

/* The page's width under which it shows the narrow layout. */
#define CH_MEMBERS_PAGE_NARROW_WIDTH 600

/* Installs "members.undo-delete", "members.export", … on the page's class. */
void
ch_members_page_install_actions (GtkWidgetClass *widget_class);

/* ch-members-page-layout.c: the wide table and the narrow two-line list. */
void     ch_members_page_install_layout      (GtkWidgetClass *widget_class);
void     ch_members_page_init_layout         (ChMembersPage  *self);
void     ch_members_page_fit_columns         (ChMembersPage  *self,
                                              int             width);
void     ch_members_page_set_layout_model    (ChMembersPage  *self,
                                              GtkSelectionModel *model);
void     ch_members_page_set_n_active_filters (ChMembersPage *self,
                                               guint          n_active);
void     ch_members_page_set_count_text      (ChMembersPage  *self,
                                              const char     *text);
/* Grows the sliced list once a frame while it holds rows back. */
void     ch_members_page_on_holding_cb       (ChMembersPage  *self);
void     ch_members_page_stop_growing        (ChMembersPage  *self);
/* The user turned away from the results: few rows built for the next answer. */
void     ch_members_page_leave_results      (ChMembersPage  *self);

G_END_DECLS
