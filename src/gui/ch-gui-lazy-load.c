/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-gui-lazy-load"

#include "config.h"

#include "ch-gui.h"
#include "ch-gui-lazy-load.h"

static void
lazy_load_on_map_cb (ChGuiLazyLoad *lazy)
{
  ch_gui_lazy_load_ensure (lazy);
}

void
ch_gui_lazy_load_init (ChGuiLazyLoad *lazy,
                       GtkWidget     *page,
                       ChGuiLazyLoadFunc  load,
                       guint          delay_ms)
{
  g_return_if_fail (lazy != NULL);
  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (load != NULL);

  lazy->page = page;
  lazy->load = load;
  lazy->delay_ms = delay_ms;
  lazy->source_id = 0;
  lazy->dirty = FALSE;
  /* Runs after the class's map: the page is mapped by then. */
  g_signal_connect_swapped (page, "map", G_CALLBACK (lazy_load_on_map_cb), lazy);
}

void
ch_gui_lazy_load_done (ChGuiLazyLoad *lazy)
{
  g_return_if_fail (lazy != NULL);

  g_clear_handle_id (&lazy->source_id, g_source_remove);
  lazy->dirty = FALSE;
}

void
ch_gui_lazy_load_ensure (ChGuiLazyLoad *lazy)
{
  g_return_if_fail (lazy != NULL);

  if (lazy->dirty)
    lazy->load (lazy->page);
}

void
ch_gui_lazy_load_invalidate (ChGuiLazyLoad *lazy)
{
  g_return_if_fail (lazy != NULL);

  lazy->dirty = TRUE;
  if (gtk_widget_get_mapped (lazy->page))
    lazy->load (lazy->page);
}

static gboolean
lazy_load_source_cb (gpointer data)
{
  ChGuiLazyLoad *lazy = data;

  lazy->source_id = 0;
  lazy->load (lazy->page);
  return G_SOURCE_REMOVE;
}

void
ch_gui_lazy_load_queue (ChGuiLazyLoad *lazy)
{
  g_return_if_fail (lazy != NULL);

  if (!gtk_widget_get_mapped (lazy->page))
    lazy->dirty = TRUE;
  else if (lazy->source_id != 0)
    return;
  else if (lazy->delay_ms > 0)
    lazy->source_id = g_timeout_add (lazy->delay_ms, lazy_load_source_cb, lazy);
  else
    lazy->source_id = g_idle_add_full (G_PRIORITY_DEFAULT, lazy_load_source_cb, lazy, NULL);
}

void
ch_gui_lazy_load_set_chapter (ChGuiLazyLoad *lazy,
                              ChStore      **store_slot,
                              ChStore       *store,
                              GCallback      changed_cb,
                              ChChapter    **chapter_slot,
                              ChChapter     *chapter)
{
  g_return_if_fail (lazy != NULL);
  g_return_if_fail (chapter_slot != NULL);

  ch_gui_watch_store (lazy->page, store_slot, store, changed_cb);
  g_set_object (chapter_slot, chapter);
  ch_gui_lazy_load_invalidate (lazy);
}

void
ch_gui_lazy_load_dispose_page (ChGuiLazyLoad *lazy,
                               GType          type,
                               ChStore      **store_slot,
                               ChChapter    **chapter_slot)
{
  GtkWidget *page;

  g_return_if_fail (lazy != NULL);

  page = lazy->page;
  ch_gui_lazy_load_done (lazy);
  if (*store_slot != NULL)
    g_signal_handlers_disconnect_by_data (*store_slot, page);
  gtk_widget_dispose_template (page, type);
  /* The template's root has no name to bind, so let it go here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (page)) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (store_slot);
  g_clear_object (chapter_slot);
}
