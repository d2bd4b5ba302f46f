/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-import"

#include "config.h"

#include "ch-import-row.h"

struct _ChImportRow
{
  GObject     parent_instance;

  guint       line;
  JsonObject *fields;
  GStrv       specialties;
  GStrv       problems;
  gboolean    blocked;
  char       *match_id;
  char       *match_name;
  guint       duplicate_of;
  char       *display_name;
  gint64      amount;
};

G_DEFINE_FINAL_TYPE (ChImportRow, ch_import_row, G_TYPE_OBJECT)

static void
ch_import_row_finalize (GObject *object)
{
  ChImportRow *self = CH_IMPORT_ROW (object);

  g_clear_pointer (&self->fields, json_object_unref);
  g_strfreev (self->specialties);
  g_strfreev (self->problems);
  g_free (self->match_id);
  g_free (self->match_name);
  g_free (self->display_name);

  G_OBJECT_CLASS (ch_import_row_parent_class)->finalize (object);
}

static void
ch_import_row_class_init (ChImportRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ch_import_row_finalize;
}

static void
ch_import_row_init (ChImportRow *self)
{
  self->amount = -1;
}

static const char *
text_of (JsonObject *fields,
         const char *name)
{
  JsonNode *node = json_object_get_member (fields, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

ChImportRow *
ch_import_row_new (guint        line,
                   JsonObject  *fields,
                   GStrv        specialties,
                   GPtrArray   *problems,
                   gboolean     blocked,
                   const char  *match_id,
                   const char  *match_name,
                   guint        duplicate_of)
{
  ChImportRow *self = g_object_new (CH_TYPE_IMPORT_ROW, NULL);
  const char *given = text_of (fields, "given_name");
  const char *family = text_of (fields, "family_name");

  self->line = line;
  self->fields = json_object_ref (fields);
  self->specialties = specialties ? g_strdupv (specialties) : g_new0 (char *, 1);
  self->problems = g_new0 (char *, (problems ? problems->len : 0) + 1);
  for (guint i = 0; problems && i < problems->len; i++)
    self->problems[i] = g_strdup (g_ptr_array_index (problems, i));
  self->blocked = blocked;
  self->match_id = g_strdup (match_id);
  self->match_name = g_strdup (match_name);
  self->duplicate_of = duplicate_of;
  self->display_name = g_strstrip (g_strjoin (" ", given ? given : "", family ? family : "",
                                              NULL));

  return self;
}

guint
ch_import_row_get_line (ChImportRow *self)
{
  g_return_val_if_fail (CH_IS_IMPORT_ROW (self), 0);
  return self->line;
}

const char *
ch_import_row_get_display_name (ChImportRow *self)
{
  g_return_val_if_fail (CH_IS_IMPORT_ROW (self), NULL);
  return self->display_name;
}

const char *
ch_import_row_get_email (ChImportRow *self)
{
  g_return_val_if_fail (CH_IS_IMPORT_ROW (self), NULL);
  return text_of (self->fields, "email");
}

const char *
ch_import_row_get_company (ChImportRow *self)
{
  g_return_val_if_fail (CH_IS_IMPORT_ROW (self), NULL);
  return text_of (self->fields, "company");
}

const char * const *
ch_import_row_get_problems (ChImportRow *self)
{
  g_return_val_if_fail (CH_IS_IMPORT_ROW (self), NULL);
  return (const char * const *) self->problems;
}

gboolean
ch_import_row_get_blocked (ChImportRow *self)
{
  g_return_val_if_fail (CH_IS_IMPORT_ROW (self), TRUE);
  return self->blocked;
}

const char *
ch_import_row_get_match_id (ChImportRow *self)
{
  g_return_val_if_fail (CH_IS_IMPORT_ROW (self), NULL);
  return self->match_id;
}

const char *
ch_import_row_get_match_name (ChImportRow *self)
{
  g_return_val_if_fail (CH_IS_IMPORT_ROW (self), NULL);
  return self->match_name;
}

guint
ch_import_row_get_duplicate_of (ChImportRow *self)
{
  g_return_val_if_fail (CH_IS_IMPORT_ROW (self), 0);
  return self->duplicate_of;
}

JsonObject *
ch_import_row_get_fields (ChImportRow *self)
{
  g_return_val_if_fail (CH_IS_IMPORT_ROW (self), NULL);
  return self->fields;
}

const char * const *
ch_import_row_get_specialties (ChImportRow *self)
{
  g_return_val_if_fail (CH_IS_IMPORT_ROW (self), NULL);
  return (const char * const *) self->specialties;
}

gint64
ch_import_row_get_amount (ChImportRow *self)
{
  g_return_val_if_fail (CH_IS_IMPORT_ROW (self), -1);

  return self->amount;
}

void
ch_import_row_set_amount (ChImportRow *self,
                          gint64       amount)
{
  g_return_if_fail (CH_IS_IMPORT_ROW (self));

  self->amount = amount;
}
