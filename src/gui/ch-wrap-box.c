/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-wrap-box"

#include "config.h"

#include "ch-wrap-box.h"

struct _ChWrapBox
{
  GtkWidget parent_instance;

  int       spacing;
  int       line_spacing;
  gboolean  centered;
};

enum {
  PROP_0,
  PROP_SPACING,
  PROP_LINE_SPACING,
  PROP_CENTERED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void ch_wrap_box_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ChWrapBox, ch_wrap_box, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE,
                                                      ch_wrap_box_buildable_init))

static GtkBuildableIface *parent_buildable_iface;

/* The children laid out at @width: where each line starts (the index of
 * its first child, in the array of visible children) and, through
 * @widths, the width each child gets.  Returns the number of lines. */
static guint
break_lines (ChWrapBox *self,
             GPtrArray *children,
             int        width,
             int       *widths,
             GArray    *starts)
{
  int used = 0;

  g_array_set_size (starts, 0);
  for (guint i = 0; i < children->len; i++)
    {
      GtkWidget *child = g_ptr_array_index (children, i);
      int minimum, natural;

      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural,
                          NULL, NULL);
      widths[i] = MAX (minimum, MIN (natural, width));
      if (i == 0 || used + self->spacing + widths[i] > width)
        {
          g_array_append_val (starts, i);
          used = widths[i];
        }
      else
        {
          used += self->spacing + widths[i];
        }
    }

  return starts->len;
}

static GPtrArray *
visible_children (ChWrapBox *self)
{
  GPtrArray *children = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      g_ptr_array_add (children, child);

  return children;
}

/* Gives the extra width of each line to its children that expand, and
 * returns the height of each line in @heights. */
static void
fill_lines (ChWrapBox *self,
            GPtrArray *children,
            int        width,
            int       *widths,
            GArray    *starts,
            int       *heights)
{
  for (guint line = 0; line < starts->len; line++)
    {
      guint first = g_array_index (starts, guint, line);
      guint end = line + 1 < starts->len ? g_array_index (starts, guint, line + 1)
                                         : children->len;
      int used = 0;
      guint n_expand = 0;

      for (guint i = first; i < end; i++)
        {
          used += widths[i] + (i > first ? self->spacing : 0);
          if (gtk_widget_compute_expand (g_ptr_array_index (children, i),
                                         GTK_ORIENTATION_HORIZONTAL))
            n_expand++;
        }
      heights[line] = 0;
      for (guint i = first; i < end; i++)
        {
          GtkWidget *child = g_ptr_array_index (children, i);
          int height;

          if (n_expand > 0 && width > used &&
              gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL))
            widths[i] += (width - used) / (int) n_expand;
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, widths[i], &height, NULL,
                              NULL, NULL);
          heights[line] = MAX (heights[line], height);
        }
    }
}

static int
height_for_width (ChWrapBox *self,
                  GPtrArray *children,
                  int        width)
{
  g_autofree int *widths = g_new0 (int, children->len);
  g_autofree int *heights = NULL;
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_lines = break_lines (self, children, width, widths, starts);
  int height = 0;

  heights = g_new0 (int, MAX (n_lines, 1));
  fill_lines (self, children, width, widths, starts, heights);
  for (guint line = 0; line < n_lines; line++)
    height += heights[line] + (line > 0 ? self->line_spacing : 0);

  return height;
}

static void
ch_wrap_box_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  ChWrapBox *self = CH_WRAP_BOX (widget);
  g_autoptr(GPtrArray) children = visible_children (self);
  int min_width = 0, nat_width = 0;

  for (guint i = 0; i < children->len; i++)
    {
      int child_min, child_nat;

      gtk_widget_measure (g_ptr_array_index (children, i), GTK_ORIENTATION_HORIZONTAL, -1,
                          &child_min, &child_nat, NULL, NULL);
      min_width = MAX (min_width, child_min);
      nat_width += child_nat + (i > 0 ? self->spacing : 0);
    }

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = min_width;
      *natural = MAX (min_width, nat_width);
    }
  else if (for_size < 0)
    {
      /* All on one line at the natural width; a line each at the least. */
      *minimum = height_for_width (self, children, min_width);
      *natural = height_for_width (self, children, MAX (min_width, nat_width));
      *natural = MAX (*minimum, *natural);
    }
  else
    {
      *minimum = *natural = height_for_width (self, children, MAX (for_size, min_width));
    }
}

static GtkSizeRequestMode
ch_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
ch_wrap_box_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  ChWrapBox *self = CH_WRAP_BOX (widget);
  g_autoptr(GPtrArray) children = visible_children (self);
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree int *widths = g_new0 (int, MAX (children->len, 1));
  g_autofree int *heights = NULL;
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  guint n_lines;
  int y = 0;

  n_lines = break_lines (self, children, width, widths, starts);
  heights = g_new0 (int, MAX (n_lines, 1));
  fill_lines (self, children, width, widths, starts, heights);

  for (guint line = 0; line < n_lines; line++)
    {
      guint first = g_array_index (starts, guint, line);
      guint end = line + 1 < n_lines ? g_array_index (starts, guint, line + 1) : children->len;
      int x = 0;

      if (self->centered)
        {
          int used = 0;

          for (guint i = first; i < end; i++)
            used += widths[i] + (i > first ? self->spacing : 0);
          x = MAX (0, (width - used) / 2);
        }
      for (guint i = first; i < end; i++)
        {
          GtkAllocation allocation = { rtl ? width - x - widths[i] : x, y,
                                       widths[i], heights[line] };

          gtk_widget_size_allocate (g_ptr_array_index (children, i), &allocation, -1);
          x += widths[i] + self->spacing;
        }
      y += heights[line] + self->line_spacing;
    }
}

static void
ch_wrap_box_buildable_add_child (GtkBuildable *buildable,
                                 GtkBuilder   *builder,
                                 GObject      *child,
                                 const char   *type)
{
  if (GTK_IS_WIDGET (child) && type == NULL)
    ch_wrap_box_append (CH_WRAP_BOX (buildable), GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
ch_wrap_box_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = ch_wrap_box_buildable_add_child;
}

static void
ch_wrap_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ch_wrap_box_parent_class)->dispose (object);
}

static void
ch_wrap_box_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  ChWrapBox *self = CH_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;
    case PROP_LINE_SPACING:
      g_value_set_int (value, self->line_spacing);
      break;
    case PROP_CENTERED:
      g_value_set_boolean (value, self->centered);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_wrap_box_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  ChWrapBox *self = CH_WRAP_BOX (object);
  int *field;

  switch (prop_id)
    {
    case PROP_SPACING:
      field = &self->spacing;
      break;
    case PROP_LINE_SPACING:
      field = &self->line_spacing;
      break;
    case PROP_CENTERED:
      if (self->centered != g_value_get_boolean (value))
        {
          self->centered = g_value_get_boolean (value);
          gtk_widget_queue_allocate (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      return;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  if (*field != g_value_get_int (value))
    {
      *field = g_value_get_int (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      g_object_notify_by_pspec (object, pspec);
    }
}

static void
ch_wrap_box_class_init (ChWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ch_wrap_box_dispose;
  object_class->get_property = ch_wrap_box_get_property;
  object_class->set_property = ch_wrap_box_set_property;
  widget_class->measure = ch_wrap_box_measure;
  widget_class->get_request_mode = ch_wrap_box_get_request_mode;
  widget_class->size_allocate = ch_wrap_box_size_allocate;

  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LINE_SPACING] =
    g_param_spec_int ("line-spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CENTERED] =
    g_param_spec_boolean ("centered", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "wrapbox");
}

static void
ch_wrap_box_init (ChWrapBox *self)
{
}

GtkWidget *
ch_wrap_box_new (void)
{
  return g_object_new (CH_TYPE_WRAP_BOX, NULL);
}

void
ch_wrap_box_append (ChWrapBox *self,
                    GtkWidget *child)
{
  g_return_if_fail (CH_IS_WRAP_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child));

  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}
