/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-session"

#include "config.h"

#include "ch-session.h"

struct _ChSession
{
  GObject    parent_instance;

  ChStore   *store;
  char      *chapter_id;
  ChChapter *chapter;
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_CHAPTER_ID,
  PROP_CHAPTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ChSession, ch_session, G_TYPE_OBJECT)

static void
read_chapter (ChSession *self)
{
  g_autoptr(ChChapter) chapter = NULL;

  if (self->chapter_id != NULL)
    chapter = ch_store_get_chapter (self->store, self->chapter_id, NULL);

  /* Always a new snapshot: the settings in it may have changed. */
  g_set_object (&self->chapter, chapter);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHAPTER]);
}

static void
on_store_changed_cb (ChSession  *self,
                     const char *entity,
                     const char *id,
                     ChStore    *store)
{
  /* The chapter's rules (dues, currency, grace) changed, e.g. in the
   * preferences: whoever follows the session gets the new snapshot. */
  if (self->chapter_id != NULL && g_strcmp0 (entity, "chapter") == 0 &&
      g_strcmp0 (id, self->chapter_id) == 0)
    read_chapter (self);
}

static void
ch_session_constructed (GObject *object)
{
  ChSession *self = CH_SESSION (object);

  G_OBJECT_CLASS (ch_session_parent_class)->constructed (object);

  g_assert (CH_IS_STORE (self->store));
  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
ch_session_finalize (GObject *object)
{
  ChSession *self = CH_SESSION (object);

  g_clear_object (&self->chapter);
  g_clear_object (&self->store);
  g_free (self->chapter_id);

  G_OBJECT_CLASS (ch_session_parent_class)->finalize (object);
}

static void
ch_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  ChSession *self = CH_SESSION (object);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;
    case PROP_CHAPTER_ID: g_value_set_string (value, self->chapter_id); break;
    case PROP_CHAPTER: g_value_set_object (value, self->chapter); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  ChSession *self = CH_SESSION (object);

  switch (prop_id)
    {
    case PROP_STORE: self->store = g_value_dup_object (value); break;
    case PROP_CHAPTER_ID: ch_session_set_chapter_id (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_session_class_init (ChSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ch_session_constructed;
  object_class->finalize = ch_session_finalize;
  object_class->get_property = ch_session_get_property;
  object_class->set_property = ch_session_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CH_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHAPTER_ID] =
    g_param_spec_string ("chapter-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHAPTER] =
    g_param_spec_object ("chapter", NULL, NULL, CH_TYPE_CHAPTER,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ch_session_init (ChSession *self)
{
}

ChSession *
ch_session_new (ChStore *store)
{
  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  return g_object_new (CH_TYPE_SESSION, "store", store, NULL);
}

ChStore *
ch_session_get_store (ChSession *self)
{
  g_return_val_if_fail (CH_IS_SESSION (self), NULL);

  return self->store;
}

const char *
ch_session_get_chapter_id (ChSession *self)
{
  g_return_val_if_fail (CH_IS_SESSION (self), NULL);

  return self->chapter_id;
}

ChChapter *
ch_session_get_chapter (ChSession *self)
{
  g_return_val_if_fail (CH_IS_SESSION (self), NULL);

  return self->chapter;
}

void
ch_session_set_chapter_id (ChSession  *self,
                           const char *chapter_id)
{
  g_return_if_fail (CH_IS_SESSION (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (chapter_id, self->chapter_id) != 0)
    {
      g_free (self->chapter_id);
      self->chapter_id = g_strdup (chapter_id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHAPTER_ID]);
    }
  read_chapter (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
ch_session_reload (ChSession *self)
{
  g_return_if_fail (CH_IS_SESSION (self));

  read_chapter (self);
}
