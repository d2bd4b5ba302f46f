/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-changes"

#include "config.h"

#include <string.h>

#include "ch-changes.h"
#include "ch-json.h"
#include "ch-protocol-private.h"

struct _ChChangesWriter
{
  GString *out;
  guint    n_items;
  gint64   total;     /* -1: not sent */
};

ChChange *
ch_change_new (const char *entity,
               const char *id,
               gint64      version,
               gboolean    deleted,
               JsonObject *fields)
{
  ChChange *c = g_new0 (ChChange, 1);

  c->entity = g_strdup (entity);
  c->id = g_strdup (id);
  c->version = version;
  c->deleted = !!deleted;
  c->fields = fields != NULL ? json_object_ref (fields) : NULL;

  return c;
}

void
ch_change_free (ChChange *change)
{
  if (change == NULL)
    return;

  g_free (change->entity);
  g_free (change->id);
  g_clear_pointer (&change->fields, json_object_unref);
  g_free (change->values);
  g_free (change);
}

ChChangesPage *
ch_changes_page_new (const char *epoch)
{
  ChChangesPage *page = g_new0 (ChChangesPage, 1);

  page->epoch = g_strdup (epoch);
  page->total = -1;
  page->items = g_ptr_array_new_with_free_func ((GDestroyNotify) ch_change_free);

  return page;
}

void
ch_changes_page_free (ChChangesPage *page)
{
  if (page == NULL)
    return;

  g_free (page->epoch);
  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_clear_pointer (&page->strings, g_string_chunk_free);
  g_free (page);
}

ChChangesWriter *
ch_changes_writer_new (const char *epoch,
                       gsize       size_hint)
{
  ChChangesWriter *w;

  g_return_val_if_fail (epoch != NULL, NULL);

  w = g_new0 (ChChangesWriter, 1);
  w->total = -1;
  w->out = g_string_sized_new (MAX (size_hint, 128));
  g_string_append_c (w->out, '{');
  ch_protocol_append_member_name (w->out, "epoch");
  ch_json_append_string (w->out, epoch);
  g_string_append_c (w->out, ',');
  ch_protocol_append_member_name (w->out, "items");
  g_string_append_c (w->out, '[');

  return w;
}

static void
writer_begin_item (ChChangesWriter *w,
                   const char      *entity,
                   const char      *id,
                   gint64           version,
                   gboolean         deleted)
{
  GString *out = w->out;

  if (w->n_items++ > 0)
    g_string_append_c (out, ',');

  g_string_append (out, "{\"entity\":");
  ch_json_append_string (out, entity);
  g_string_append (out, ",\"id\":");
  ch_json_append_string (out, id);
  g_string_append (out, ",\"version\":");
  ch_json_append_int (out, version);
  if (deleted)
    g_string_append (out, ",\"deleted\":true,\"fields\":");
  else
    g_string_append (out, ",\"deleted\":false,\"fields\":");
}

void
ch_changes_writer_add_raw (ChChangesWriter *writer,
                           const char      *entity,
                           const char      *id,
                           gint64           version,
                           gboolean         deleted,
                           const char      *fields_json,
                           gsize            fields_len)
{
  g_return_if_fail (writer != NULL);
  g_return_if_fail (entity != NULL && id != NULL);

  writer_begin_item (writer, entity, id, version, deleted);
  if (fields_json != NULL && fields_len > 0)
    g_string_append_len (writer->out, fields_json, fields_len);
  else
    g_string_append_len (writer->out, "{}", 2);
  g_string_append_c (writer->out, '}');
}

void
ch_changes_writer_add (ChChangesWriter *writer,
                       const ChChange  *change)
{
  g_return_if_fail (writer != NULL);
  g_return_if_fail (change != NULL);

  writer_begin_item (writer,
                     change->entity ? change->entity : "",
                     change->id ? change->id : "",
                     change->version, change->deleted);
  ch_protocol_append_object_or_empty (writer->out, change->fields);
  g_string_append_c (writer->out, '}');
}

guint
ch_changes_writer_get_n_items (ChChangesWriter *writer)
{
  g_return_val_if_fail (writer != NULL, 0);

  return writer->n_items;
}

void
ch_changes_writer_set_total (ChChangesWriter *writer,
                             gint64           total)
{
  g_return_if_fail (writer != NULL);
  g_return_if_fail (total >= 0);

  writer->total = total;
}

char *
ch_changes_writer_finish (ChChangesWriter *writer,
                          gint64           next,
                          gboolean         has_more,
                          gsize           *len)
{
  GString *out;

  g_return_val_if_fail (writer != NULL, NULL);

  out = g_steal_pointer (&writer->out);

  g_string_append (out, "],\"next\":");
  ch_json_append_int (out, next);
  if (writer->total >= 0)
    {
      g_string_append (out, ",\"total\":");
      ch_json_append_int (out, writer->total);
    }
  g_free (writer);
  if (has_more)
    g_string_append (out, ",\"has_more\":true}");
  else
    g_string_append (out, ",\"has_more\":false}");

  if (len != NULL)
    *len = out->len;

  return g_string_free (out, FALSE);
}

void
ch_changes_writer_free (ChChangesWriter *writer)
{
  if (writer == NULL)
    return;

  if (writer->out != NULL)
    g_string_free (writer->out, TRUE);
  g_free (writer);
}
