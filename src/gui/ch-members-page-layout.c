/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-members-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-member-compact-row.h"
#include "ch-members-page.h"
#include "ch-members-page-private.h"
#include "ch-members-page-class-private.h"

/*
 * The members page has two layouts.  Wide, a table with sortable columns,
 * the filters in a row above it and labelled buttons.  Narrow (below
 * CH_MEMBERS_PAGE_NARROW_WIDTH, as on a phone or a half screen), a list of
 * two-line rows (name; company and status), the filters in a popover whose
 * button says how many are active, and icon buttons.  libadwaita 1.2 has no
 * breakpoints, so the page picks its layout in size_allocate, as AdwFlap
 * and AdwLeaflet fold, before it allocates its child.
 */

/* ----------------------------------------------------------------------- */
/* The two-line rows                                                        */

static void
setup_line_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  gtk_list_item_set_child (item, ch_member_compact_row_new ());
}

static void
bind_line_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  ChMember *member = gtk_list_item_get_item (item);

  ch_member_compact_row_set_member (CH_MEMBER_COMPACT_ROW (gtk_list_item_get_child (item)),
                                    member);
  /* The row's accessible name: what a sighted user reads on it. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_list_item_get_child (item)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  ch_member_get_display_name (member), -1);
}

static void
unbind_line_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  ch_member_compact_row_set_member (CH_MEMBER_COMPACT_ROW (gtk_list_item_get_child (item)), NULL);
}

/* ----------------------------------------------------------------------- */
/* Switching layouts                                                        */

/* Moves every child of @from to the end of @to, in order. */
static void
move_children (GtkBox *from,
               GtkBox *to,
               gboolean skip_labels)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (from));

  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      /* The row's "Show" caption stays in the row. */
      if (!(skip_labels && GTK_IS_LABEL (child)))
        {
          g_object_ref (child);
          gtk_box_remove (from, child);
          gtk_box_append (to, child);
          g_object_unref (child);
        }
      child = next;
    }
}

static void
set_narrow (ChMembersPage *self,
            gboolean       narrow)
{
  GtkWidget *focus;
  gboolean had_focus;

  if (self->narrow == narrow)
    return;
  self->narrow = narrow;

  /* Keep the keyboard in the results when the layout changes under it. */
  focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  had_focus = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->layout_stack));

  gtk_widget_set_visible (GTK_WIDGET (self->count_label), !narrow);
  gtk_widget_set_visible (self->export_button, !narrow);
  gtk_widget_set_visible (self->write_button, !narrow);
  gtk_widget_set_visible (self->add_button, !narrow);
  gtk_widget_set_visible (self->filter_button, narrow);
  gtk_widget_set_visible (self->narrow_menu_button, narrow);
  gtk_widget_set_visible (self->narrow_add_button, narrow);
  gtk_widget_set_visible (GTK_WIDGET (self->narrow_count_label), narrow);
  gtk_widget_set_visible (self->filter_scroller, !narrow);
  gtk_box_set_spacing (self->toolbar, narrow ? 6 : 12);

  if (narrow)
    move_children (self->filter_box, self->filter_popover_box, TRUE);
  else
    {
      gtk_menu_button_popdown (GTK_MENU_BUTTON (self->filter_button));
      move_children (self->filter_popover_box, self->filter_box, FALSE);
    }

  gtk_stack_set_visible_child_name (self->layout_stack, narrow ? "lines" : "table");
  ch_members_page_set_layout_model (self, self->selection != NULL
                                          ? GTK_SELECTION_MODEL (self->selection) : NULL);

  if (had_focus)
    gtk_widget_grab_focus (gtk_stack_get_visible_child (self->layout_stack));
}

static void
ch_members_page_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  ChMembersPage *self = CH_MEMBERS_PAGE (widget);

  gtk_widget_measure (self->box, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);

  /* Wide, the page needs more room than a narrow window has; but given
   * less than CH_MEMBERS_PAGE_NARROW_WIDTH it turns narrow before it lays
   * out its child, and then it fits.  So wide, it asks only for what the
   * narrow layout needed when it was last measured. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      if (self->narrow)
        self->narrow_minimum = *minimum;
      else
        *minimum = MIN (*minimum, self->narrow_minimum);
    }
}

static void  start_growing (ChMembersPage *self);
static guint rows_wanted   (ChMembersPage *self);

static void
ch_members_page_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  ChMembersPage *self = CH_MEMBERS_PAGE (widget);

  set_narrow (self, width < CH_MEMBERS_PAGE_NARROW_WIDTH);
  /* Before the table is laid out, so that it is laid out once. */
  if (!self->narrow)
    ch_members_page_fit_columns (self, width);
  gtk_widget_allocate (self->box, width, height, baseline, NULL);
  self->laid_out = self->laid_out || height > 0;

  /* A taller window may show more rows than were built. */
  if (self->sliced != NULL && ch_sliced_list_get_holding (self->sliced) && !self->exploring &&
      g_list_model_get_n_items (G_LIST_MODEL (self->sliced)) < rows_wanted (self))
    start_growing (self);
}

/* ----------------------------------------------------------------------- */
/* A large answer, a few rows a frame (see set_chapter)                     */

/* The GtkListView that shows the rows: the narrow list, or the one inside
 * the column view. */
static GtkWidget *results_list_view (ChMembersPage *self);

/* The height the window will have at its first frame (0: not known):
 * the size it was given, or else its natural height. */
static int
first_height (ChMembersPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  int width = 0, height = 0;

  if (!GTK_IS_WINDOW (root) || !gtk_widget_get_realized (GTK_WIDGET (root)))
    return 0;

  gtk_window_get_default_size (GTK_WINDOW (root), &width, &height);
  if (height <= 0)
    gtk_widget_measure (GTK_WIDGET (root), GTK_ORIENTATION_VERTICAL, -1, NULL, &height, NULL,
                        NULL);
  return height;
}

/* How many rows the results view shows at its height (the rows' height
 * is that of the first row built; before there is one, a low guess).
 * Before the page is first laid out, at most as many as the window's
 * height holds (G_MAXUINT before the window is realized). */
static guint
rows_in_view (ChMembersPage *self)
{
  GtkWidget *view = results_list_view (self);
  int height = gtk_widget_get_height (view);
  int row_height = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (view);
       child != NULL && row_height <= 0; child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child) && !GTK_IS_SCROLLBAR (child))
      {
        row_height = gtk_widget_get_height (child);
        if (row_height <= 0)
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, NULL, &row_height, NULL,
                              NULL);
      }

  if (height <= 0 && !self->laid_out)
    height = first_height (self);

  if (height <= 0)
    return G_MAXUINT;

  return height / MAX (row_height, CH_MEMBERS_PAGE_MIN_ROW_HEIGHT) + 1;
}

/* The rows to build for a large answer: those in view and a step more,
 * or all of them once the user turned to the results. */
static guint
rows_wanted (ChMembersPage *self)
{
  guint in_view = rows_in_view (self);

  if (self->exploring || in_view > G_MAXUINT - CH_MEMBERS_PAGE_ROWS_PER_FRAME)
    return G_MAXUINT;

  return in_view + CH_MEMBERS_PAGE_ROWS_PER_FRAME;
}

/* How many rows GTK has built for the results view (at their top: the
 * first ones). */
static guint
rows_built (ChMembersPage *self)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (results_list_view (self));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;

  return n;
}

/* Whether the results are scrolled to their top. */
static gboolean
results_at_top (ChMembersPage *self)
{
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (results_list_view (self)));

  return adj == NULL || gtk_adjustment_get_value (adj) <= gtk_adjustment_get_lower (adj);
}

/* Once a frame while a large answer is shown a few rows at a time: a
 * step of rows (GTK builds them at once), and more steps while building
 * them took less than CH_MEMBERS_PAGE_GROW_BUDGET_US.  Laying out and
 * drawing the new rows later in the frame costs about as much again, so
 * a fast machine fills the view in a few frames and a slow one (or a
 * busy one: this is the wall clock) still keeps each frame short.
 *
 * Only the rows in view and a step more are built for a new answer until
 * the user turns to the results (the pointer moves over them, they are
 * scrolled or get the keyboard): GTK 4.8 builds some 200 rows below the
 * top, every one of them destroyed again by the next key typed, and
 * every row added makes the column view measure and place all the rows
 * it has built (its columns' width follows their cells). */
static gboolean
grow_rows_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  ChMembersPage *self = CH_MEMBERS_PAGE (widget);
  gint64 start = g_get_monotonic_time ();
  guint wanted = rows_wanted (self);
  gboolean holding = self->sliced != NULL && ch_sliced_list_get_holding (self->sliced);
  guint shown = self->sliced != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->sliced)) : 0;

  /* Back to the rows in view (the user went back to the search, the list
   * at its top): a few rows a frame, out of view, so that the next
   * answer has few to destroy. */
  if (shown > wanted && results_at_top (self))
    {
      guint built = MIN (shown, rows_built (self));

      ch_sliced_list_hold_at (self->sliced,
                              built > wanted + CH_MEMBERS_PAGE_ROWS_TRIMMED
                              ? built - CH_MEMBERS_PAGE_ROWS_TRIMMED : wanted);
      if (g_list_model_get_n_items (G_LIST_MODEL (self->sliced)) > wanted)
        return G_SOURCE_CONTINUE;
      self->grow_tick_id = 0;
      return G_SOURCE_REMOVE;
    }

  /* The page's first frame (the window's, or the page first shown): the
   * rows the window's height can show, all of them now, rather than a few
   * a frame in the moments after the window appeared, when the user
   * starts to type.  Each of those frames also measured and placed again
   * every row built before it. */
  while (holding && g_list_model_get_n_items (G_LIST_MODEL (self->sliced)) < wanted)
    {
      holding = ch_sliced_list_grow (self->sliced);
      if (g_get_monotonic_time () - start >= CH_MEMBERS_PAGE_GROW_BUDGET_US &&
          (self->laid_out || wanted == G_MAXUINT))
        break;
    }

  if (holding && g_list_model_get_n_items (G_LIST_MODEL (self->sliced)) < wanted)
    return G_SOURCE_CONTINUE;

  /* Done, or waiting for the user to turn to the results. */
  self->grow_tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
start_growing (ChMembersPage *self)
{
  if (self->sliced != NULL && self->grow_tick_id == 0 &&
      (ch_sliced_list_get_holding (self->sliced) || !self->exploring))
    self->grow_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), grow_rows_cb, NULL, NULL);
}

/* The user turns away from the results (the pointer leaves them, the
 * search gets the keyboard or its text changes): the next answer builds
 * only the rows in view, and the rows built past them go (grow_rows_cb). */
void
ch_members_page_leave_results (ChMembersPage *self)
{
  self->exploring = FALSE;
  start_growing (self);
}

void
ch_members_page_on_holding_cb (ChMembersPage *self)
{
  /* A new large answer: its rows in view first. */
  if (ch_sliced_list_get_holding (self->sliced))
    self->exploring = FALSE;
  start_growing (self);
}

/* The user turns to the results: build the rest of them. */
static void
explore_results (ChMembersPage *self)
{
  if (self->exploring)
    return;
  self->exploring = TRUE;
  start_growing (self);
}

static void
on_results_motion_cb (ChMembersPage *self)
{
  explore_results (self);
}

static gboolean
on_results_scroll_cb (ChMembersPage *self)
{
  explore_results (self);
  return GDK_EVENT_PROPAGATE;
}

void
ch_members_page_stop_growing (ChMembersPage *self)
{
  if (self->grow_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->grow_tick_id);
  self->grow_tick_id = 0;
}

/* ----------------------------------------------------------------------- */
/* Keyboard: Down in the search goes to the results                         */

/* The GtkListView that shows the rows: the narrow list, or the one inside
 * the column view. */
static GtkWidget *
results_list_view (ChMembersPage *self)
{
  if (self->narrow)
    return GTK_WIDGET (self->line_view);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;

  return GTK_WIDGET (self->column_view);
}

static gboolean
on_search_key_pressed_cb (ChMembersPage         *self,
                          guint                  keyval,
                          guint                  keycode,
                          GdkModifierType        state,
                          GtkEventControllerKey *controller)
{
  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  return ch_members_page_focus_results (self) ? GDK_EVENT_STOP : GDK_EVENT_PROPAGATE;
}

gboolean
ch_members_page_focus_results (ChMembersPage *self)
{
  GtkSelectionModel *model;
  GtkWidget *view;
  guint pos;

  g_return_val_if_fail (CH_IS_MEMBERS_PAGE (self), FALSE);

  model = self->selection != NULL ? GTK_SELECTION_MODEL (self->selection) : NULL;
  if (model == NULL || g_list_model_get_n_items (G_LIST_MODEL (model)) == 0)
    return FALSE;

  /* The row already selected, or the first one. */
  pos = gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model));
  if (pos == GTK_INVALID_LIST_POSITION)
    pos = 0;
  gtk_selection_model_select_item (model, pos, TRUE);

  view = results_list_view (self);
  gtk_widget_activate_action (view, "list.scroll-to-item", "u", pos);
  explore_results (self);

  return gtk_widget_grab_focus (view);
}

/* ----------------------------------------------------------------------- */

void
ch_members_page_set_n_active_filters (ChMembersPage *self,
                                      guint          n_active)
{
  g_autofree char *text = NULL;

  if (n_active == 0)
    text = g_strdup (_("Filters"));
  else
    /* Translators: the button that opens the member filters in a narrow
     * window, when some are in use, e.g. "2 Filters" */
    text = g_strdup_printf (ngettext ("%u Filter", "%u Filters", n_active), n_active);

  gtk_label_set_text (self->filter_count_label, text);
  gtk_widget_set_tooltip_text (self->filter_button,
                               n_active == 0 ? _("Filter the members shown")
                                             : _("Change or clear the filters in use"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->filter_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  if (n_active > 0)
    gtk_widget_add_css_class (self->filter_button, "filter-active");
  else
    gtk_widget_remove_css_class (self->filter_button, "filter-active");
}

void
ch_members_page_set_count_text (ChMembersPage *self,
                                const char    *text)
{
  gtk_label_set_text (self->count_label, text);
  gtk_label_set_text (self->narrow_count_label, text);
}

/* Only the layout on screen gets the model.  GTK 4.8's list views build
 * about 200 rows around the top whatever their height, again for every
 * answer; the view of the hidden layout is never sized and would do it
 * too (it doubled the work of each answer while typing). */
void
ch_members_page_set_layout_model (ChMembersPage     *self,
                                  GtkSelectionModel *model)
{
  if (gtk_column_view_get_model (self->column_view) != (self->narrow ? NULL : model))
    gtk_column_view_set_model (self->column_view, self->narrow ? NULL : model);
  if (gtk_list_view_get_model (self->line_view) != (self->narrow ? model : NULL))
    gtk_list_view_set_model (self->line_view, self->narrow ? model : NULL);
}

void
ch_members_page_install_layout (GtkWidgetClass *widget_class)
{
  widget_class->measure = ch_members_page_measure;
  widget_class->size_allocate = ch_members_page_size_allocate;

  gtk_widget_class_bind_template_child (widget_class, ChMembersPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, ChMembersPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, ChMembersPage, filter_button);
  gtk_widget_class_bind_template_child (widget_class, ChMembersPage, filter_count_label);
  gtk_widget_class_bind_template_child (widget_class, ChMembersPage, filter_popover_box);
  gtk_widget_class_bind_template_child (widget_class, ChMembersPage, filter_scroller);
  gtk_widget_class_bind_template_child (widget_class, ChMembersPage, layout_stack);
  gtk_widget_class_bind_template_child (widget_class, ChMembersPage, line_view);
  gtk_widget_class_bind_template_child (widget_class, ChMembersPage, narrow_add_button);
  gtk_widget_class_bind_template_child (widget_class, ChMembersPage, narrow_count_label);
  gtk_widget_class_bind_template_child (widget_class, ChMembersPage, narrow_menu_button);
  gtk_widget_class_bind_template_child (widget_class, ChMembersPage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, ChMembersPage, write_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_key_pressed_cb);
}

void
ch_members_page_init_layout (ChMembersPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkEventController *controller;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_line_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_line_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_line_cb), NULL);
  gtk_list_view_set_factory (self->line_view, factory);
  g_object_unref (factory);

  /* The user turning to the results (see grow_rows_cb): the pointer moved
   * over them, a scroll, or the keyboard in them. */
  controller = gtk_event_controller_motion_new ();
  g_signal_connect_object (controller, "motion", G_CALLBACK (on_results_motion_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "leave", G_CALLBACK (ch_members_page_leave_results), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->layout_stack), controller);
  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (on_results_scroll_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->layout_stack), controller);
  controller = gtk_event_controller_focus_new ();
  g_signal_connect_object (controller, "enter", G_CALLBACK (on_results_motion_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->layout_stack), controller);
  /* And away from them. */
  controller = gtk_event_controller_focus_new ();
  g_signal_connect_object (controller, "enter", G_CALLBACK (ch_members_page_leave_results), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), controller);

  ch_members_page_set_n_active_filters (self, 0);
}

gboolean
ch_members_page_get_narrow (ChMembersPage *self)
{
  g_return_val_if_fail (CH_IS_MEMBERS_PAGE (self), FALSE);

  return self->narrow;
}

GtkWidget *
ch_members_page_get_results_view (ChMembersPage *self)
{
  g_return_val_if_fail (CH_IS_MEMBERS_PAGE (self), NULL);

  return self->narrow ? GTK_WIDGET (self->line_view) : GTK_WIDGET (self->column_view);
}

const char *
ch_members_page_get_filter_button_text (ChMembersPage *self)
{
  g_return_val_if_fail (CH_IS_MEMBERS_PAGE (self), NULL);

  return gtk_widget_get_visible (self->filter_button)
         ? gtk_label_get_text (self->filter_count_label) : NULL;
}
