/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ch-chapter.h"
#include "ch-event.h"
#include "ch-event-detail.h"
#include "ch-event-dialog.h"
#include "ch-events-page.h"
#include "ch-gui-lazy-load.h"
#include "ch-session.h"
#include "ch-store.h"

G_BEGIN_DECLS

/* What the files of the events page share (ch-events-page.c: the list,
 * the detail, the public calls; ch-events-page-actions.c: the page's
 * actions).  Only those files include this header; tests use
 * ch-events-page-private.h. */

struct _ChEventsPage
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkButton       *back_button;
  GtkLabel        *count_label;
  GtkWidget       *detail;
  ChEventDetail   *event_detail;
  GtkListBox      *event_list;
  AdwLeaflet      *leaflet;
  GtkWidget       *sidebar;
  GtkStack        *stack;

  ChSession       *session;
  ChStore         *store;        /* the session's */
  ChChapter       *chapter;      /* the session's */
  gulong           changed_id;
  ChGuiLazyLoad    lazy;
  char            *selected_id;
  ChEvent         *selected;
  char            *asked_id;        /* the event a dialog or file chooser is about */
  guint            n_events;
  GPtrArray       *event_texts;
  char            *last_toast;
  GPtrArray       *seat_moves;      /* moved to the waitlist by the last sync */
  gboolean         reloading;
};

/* Installs "events.new", "events.edit", … on the page's class. */
void
ch_events_page_install_actions (GtkWidgetClass *widget_class);

void
ch_events_page_show_toast (ChEventsPage *self,
                           const char   *text);

ChEventsPage *
ch_events_page_loaded (GtkWidget *widget);

void
ch_events_page_on_event_saved_cb (ChEventsPage  *self,
                                  const char    *event_id,
                                  ChEventDialog *dialog);

G_END_DECLS
