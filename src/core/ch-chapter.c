/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-chapter"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-chapter.h"

struct _ChChapter
{
  GObject     parent_instance;
  JsonObject *row;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_COUNTRY,
  PROP_TIMEZONE,
  PROP_CURRENCY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ChChapter, ch_chapter, G_TYPE_OBJECT)

static const char *
text (ChChapter  *self,
      const char *field)
{
  JsonNode *node = json_object_get_member (self->row, field);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static void
ch_chapter_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  ChChapter *self = CH_CHAPTER (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, ch_chapter_get_id (self)); break;
    case PROP_NAME: g_value_set_string (value, ch_chapter_get_name (self)); break;
    case PROP_COUNTRY: g_value_set_string (value, ch_chapter_get_country (self)); break;
    case PROP_TIMEZONE: g_value_set_string (value, ch_chapter_get_timezone (self)); break;
    case PROP_CURRENCY: g_value_set_string (value, ch_chapter_get_currency (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_chapter_finalize (GObject *object)
{
  ChChapter *self = (ChChapter *) object;

  g_clear_pointer (&self->row, json_object_unref);

  G_OBJECT_CLASS (ch_chapter_parent_class)->finalize (object);
}

static void
ch_chapter_class_init (ChChapterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ch_chapter_finalize;
  object_class->get_property = ch_chapter_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNTRY] = g_param_spec_string ("country", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEZONE] = g_param_spec_string ("timezone", NULL, NULL, NULL,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENCY] = g_param_spec_string ("currency", NULL, NULL, NULL,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ch_chapter_init (ChChapter *self)
{
}

ChChapter *
ch_chapter_new_from_row (JsonObject *row)
{
  ChChapter *self = g_object_new (CH_TYPE_CHAPTER, NULL);

  self->row = json_object_ref (row);
  return self;
}

const char *ch_chapter_get_id (ChChapter *self) { return text (self, "id"); }
const char *ch_chapter_get_name (ChChapter *self) { return text (self, "name"); }
const char *ch_chapter_get_country (ChChapter *self) { return text (self, "country"); }
const char *ch_chapter_get_city (ChChapter *self) { return text (self, "city"); }
const char *ch_chapter_get_timezone (ChChapter *self) { return text (self, "timezone"); }
const char *ch_chapter_get_currency (ChChapter *self) { return text (self, "currency"); }

const char *
ch_chapter_get_dues_period (ChChapter *self)
{
  const char *period = text (self, "dues_period");

  return period ? period : "yearly";
}

gint64
ch_chapter_get_dues_amount (ChChapter *self)
{
  JsonNode *node = json_object_get_member (self->row, "dues_amount");

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;

  return json_node_get_int (node);
}

gint
ch_chapter_get_grace_days (ChChapter *self)
{
  JsonNode *node = json_object_get_member (self->row, "grace_days");

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return 30;

  return (gint) json_node_get_int (node);
}
