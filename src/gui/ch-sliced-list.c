/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-sliced-list"

#include "config.h"

#include "ch-sliced-list.h"

struct _ChSlicedList
{
  GObject     parent_instance;

  GListModel *source;
  gulong      changed_id;
  guint       step;
  guint       limit;
  guint       shown_limit;  /* G_MAXUINT: every row */
};

enum
{
  PROP_0,
  PROP_HOLDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void ch_sliced_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ChSlicedList, ch_sliced_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      ch_sliced_list_model_init))

/* The rows shown of a source of @n rows. */
static inline guint
shown_of (ChSlicedList *self,
          guint         n)
{
  return MIN (n, self->shown_limit);
}

/* Shows the first @shown_limit rows of a source of @n rows. */
static void
set_shown_limit (ChSlicedList *self,
                 guint         n,
                 guint         shown_limit)
{
  guint before = shown_of (self, n), after;
  gboolean was_holding = self->shown_limit != G_MAXUINT;

  self->shown_limit = shown_limit;
  after = shown_of (self, n);
  if (after < before)
    g_list_model_items_changed (G_LIST_MODEL (self), after, before - after, 0);
  else if (after > before)
    g_list_model_items_changed (G_LIST_MODEL (self), before, 0, after - before);

  if (was_holding != (shown_limit != G_MAXUINT))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOLDING]);
}

static void
on_source_items_changed_cb (ChSlicedList *self,
                            guint         position,
                            guint         removed,
                            guint         added,
                            GListModel   *source)
{
  guint n_new = g_list_model_get_n_items (source);
  guint n_old = n_new - added + removed;
  guint shown_old, shown_new, pos_old, pos_new, removed_vis, added_vis, tail_old, tail_new;

  /* A large answer: hold back all but @step of its rows, first (on the
   * source as it was), so that the change below shows only those. */
  if (added > self->step && position < self->limit &&
      position + self->step < self->shown_limit)
    set_shown_limit (self, n_old, position + self->step);

  shown_old = shown_of (self, n_old);
  shown_new = shown_of (self, n_new);
  pos_old = MIN (position, shown_old);
  pos_new = MIN (position, shown_new);
  removed_vis = MIN (position + removed, shown_old) - pos_old;
  added_vis = MIN (position + added, shown_new) - pos_new;
  /* The rows after the change that are shown before and after it: the
   * same rows of the source, the first of them at the same place.  (The
   * change starts at the same row before and after: past the rows shown,
   * both are the limit.) */
  tail_old = shown_old - pos_old - removed_vis;
  tail_new = shown_new - pos_new - added_vis;

  /* One announcement, so that the model says what its listeners hold
   * while they hear it.  When as many rows follow the change before and
   * after it (always, unless rows are held back) they stay; otherwise
   * they are announced anew (only while rows are held back: a few). */
  if (tail_old == tail_new)
    {
      if (removed_vis > 0 || added_vis > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), pos_old, removed_vis, added_vis);
    }
  else
    g_list_model_items_changed (G_LIST_MODEL (self), pos_old, removed_vis + tail_old,
                                added_vis + tail_new);
}

static GType
ch_sliced_list_get_item_type (GListModel *model)
{
  return g_list_model_get_item_type (CH_SLICED_LIST (model)->source);
}

static guint
ch_sliced_list_get_n_items (GListModel *model)
{
  ChSlicedList *self = CH_SLICED_LIST (model);

  return shown_of (self, g_list_model_get_n_items (self->source));
}

static gpointer
ch_sliced_list_get_item (GListModel *model,
                         guint       position)
{
  ChSlicedList *self = CH_SLICED_LIST (model);

  if (position >= ch_sliced_list_get_n_items (model))
    return NULL;

  return g_list_model_get_item (self->source, position);
}

static void
ch_sliced_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ch_sliced_list_get_item_type;
  iface->get_n_items = ch_sliced_list_get_n_items;
  iface->get_item = ch_sliced_list_get_item;
}

static void
ch_sliced_list_dispose (GObject *object)
{
  ChSlicedList *self = CH_SLICED_LIST (object);

  g_clear_signal_handler (&self->changed_id, self->source);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (ch_sliced_list_parent_class)->dispose (object);
}

static void
ch_sliced_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ChSlicedList *self = CH_SLICED_LIST (object);

  switch (prop_id)
    {
    case PROP_HOLDING:
      g_value_set_boolean (value, ch_sliced_list_get_holding (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_sliced_list_class_init (ChSlicedListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ch_sliced_list_dispose;
  object_class->get_property = ch_sliced_list_get_property;

  properties[PROP_HOLDING] =
    g_param_spec_boolean ("holding", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ch_sliced_list_init (ChSlicedList *self)
{
  self->shown_limit = G_MAXUINT;
}

ChSlicedList *
ch_sliced_list_new (GListModel *source,
                    guint       step,
                    guint       limit)
{
  ChSlicedList *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (source), NULL);
  g_return_val_if_fail (step > 0, NULL);

  self = g_object_new (CH_TYPE_SLICED_LIST, NULL);
  self->source = g_object_ref (source);
  self->step = step;
  self->limit = limit;
  self->changed_id = g_signal_connect_swapped (source, "items-changed",
                                               G_CALLBACK (on_source_items_changed_cb), self);

  return self;
}

GListModel *
ch_sliced_list_get_source (ChSlicedList *self)
{
  g_return_val_if_fail (CH_IS_SLICED_LIST (self), NULL);

  return self->source;
}

gboolean
ch_sliced_list_get_holding (ChSlicedList *self)
{
  g_return_val_if_fail (CH_IS_SLICED_LIST (self), FALSE);

  return self->shown_limit != G_MAXUINT;
}

gboolean
ch_sliced_list_grow (ChSlicedList *self)
{
  guint n;

  g_return_val_if_fail (CH_IS_SLICED_LIST (self), FALSE);

  if (self->shown_limit == G_MAXUINT)
    return FALSE;

  n = g_list_model_get_n_items (self->source);
  /* Past @limit rows (more than a view builds) or the end: every row. */
  if (self->shown_limit + self->step >= MIN (n, self->limit))
    set_shown_limit (self, n, G_MAXUINT);
  else
    set_shown_limit (self, n, self->shown_limit + self->step);

  return self->shown_limit != G_MAXUINT;
}

void
ch_sliced_list_show_all (ChSlicedList *self)
{
  g_return_if_fail (CH_IS_SLICED_LIST (self));

  if (self->shown_limit != G_MAXUINT)
    set_shown_limit (self, g_list_model_get_n_items (self->source), G_MAXUINT);
}

void
ch_sliced_list_hold_at (ChSlicedList *self,
                        guint         n)
{
  guint n_source;

  g_return_if_fail (CH_IS_SLICED_LIST (self));

  n_source = g_list_model_get_n_items (self->source);
  n = MAX (n, self->step);
  if (n < shown_of (self, n_source))
    set_shown_limit (self, n_source, n);
}
