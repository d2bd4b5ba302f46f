/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "ch-chapter.h"
#include "ch-store.h"

G_BEGIN_DECLS

/* Lists a page fills from the store, made when the page is shown (or
 * asked about) rather than when the chapter opens, so that the window's
 * first frame does not wait for them.  Embed one in the page, set it up in
 * init with the page's load function; the load function, and dispose,
 * call ch_gui_lazy_load_done() first. */
typedef void (*ChGuiLazyLoadFunc) (GtkWidget *page);

typedef struct
{
  GtkWidget     *page;
  ChGuiLazyLoadFunc  load;
  guint          delay_ms;   /* store changes wait this long; 0: an idle */
  guint          source_id;
  gboolean       dirty;      /* to load when next shown */
} ChGuiLazyLoad;

/* Loads @page when it is mapped and something changed since. */
void         ch_gui_lazy_load_init                (ChGuiLazyLoad *lazy,
                                                   GtkWidget     *page,
                                                   ChGuiLazyLoadFunc  load,
                                                   guint          delay_ms);
/* Nothing is pending any more. */
void         ch_gui_lazy_load_done                (ChGuiLazyLoad *lazy);
/* Loads now if a load is owed (for getters and actions). */
void         ch_gui_lazy_load_ensure              (ChGuiLazyLoad *lazy);
/* The data changed (a new chapter): loads now when shown, else later. */
void         ch_gui_lazy_load_invalidate          (ChGuiLazyLoad *lazy);
/* The store changed: one load for a batch of changes when shown, a hidden
 * page only marks itself to load when next shown. */
void         ch_gui_lazy_load_queue               (ChGuiLazyLoad *lazy);
/* Shows @chapter of @store: watches @store as ch_gui_watch_store() does
 * (with the page as instance), keeps @chapter in *@chapter_slot and
 * invalidates the lists. */
void         ch_gui_lazy_load_set_chapter         (ChGuiLazyLoad *lazy,
                                                   ChStore      **store_slot,
                                                   ChStore       *store,
                                                   GCallback      changed_cb,
                                                   ChChapter    **chapter_slot,
                                                   ChChapter     *chapter);
/* What a page's dispose shares: nothing pending, off the store, the
 * template of @type and its unnamed root gone, store and chapter let go. */
void         ch_gui_lazy_load_dispose_page        (ChGuiLazyLoad *lazy,
                                                   GType          type,
                                                   ChStore      **store_slot,
                                                   ChChapter    **chapter_slot);

G_END_DECLS
