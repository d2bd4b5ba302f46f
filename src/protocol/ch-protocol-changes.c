/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-protocol"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "ch-entity.h"
#include "ch-json.h"
#include "ch-protocol.h"
#include "ch-protocol-private.h"
#include "ch-util.h"

struct _ChChangesWriter
{
  GString *out;
  guint    n_items;
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
  g_free (change);
}

ChChangesPage *
ch_changes_page_new (const char *epoch)
{
  ChChangesPage *page = g_new0 (ChChangesPage, 1);

  page->epoch = g_strdup (epoch);
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
  g_free (page);
}

/* Change pages */

ChChangesWriter *
ch_changes_writer_new (const char *epoch,
                       gsize       size_hint)
{
  ChChangesWriter *w;

  g_return_val_if_fail (epoch != NULL, NULL);

  w = g_new0 (ChChangesWriter, 1);
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

char *
ch_changes_writer_finish (ChChangesWriter *writer,
                          gint64           next,
                          gboolean         has_more,
                          gsize           *len)
{
  GString *out;

  g_return_val_if_fail (writer != NULL, NULL);

  out = g_steal_pointer (&writer->out);
  g_free (writer);

  g_string_append (out, "],\"next\":");
  ch_json_append_int (out, next);
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

char *
ch_protocol_build_changes_page (const ChChangesPage *page,
                                gsize               *len)
{
  ChChangesWriter *w;

  g_return_val_if_fail (page != NULL, NULL);

  w = ch_changes_writer_new (page->epoch ? page->epoch : "",
                             page->items ? 128 + page->items->len * 512 : 128);
  for (guint i = 0; page->items != NULL && i < page->items->len; i++)
    ch_changes_writer_add (w, g_ptr_array_index (page->items, i));

  return ch_changes_writer_finish (w, page->next, page->has_more, len);
}

/* Reads a string value into a new string, or fails. */
static char *
reader_take_string (ChJsonReader *r,
                    const char   *what)
{
  g_autoptr(JsonNode) node = ch_json_reader_read_value (r);

  if (node == NULL)
    return NULL;

  if (!ch_protocol_node_is_type (node, G_TYPE_STRING))
    {
      ch_json_reader_fail (r, what);
      return NULL;
    }

  return g_strdup (json_node_get_string (node));
}

static gboolean
reader_take_int (ChJsonReader *r,
                 gint64       *out,
                 const char   *what)
{
  g_autoptr(JsonNode) node = ch_json_reader_read_value (r);

  if (node == NULL)
    return FALSE;

  if (!ch_protocol_node_is_type (node, G_TYPE_INT64) || json_node_get_int (node) < 0)
    {
      ch_json_reader_fail (r, what);
      return FALSE;
    }

  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
reader_take_bool (ChJsonReader *r,
                  gboolean     *out,
                  const char   *what)
{
  g_autoptr(JsonNode) node = ch_json_reader_read_value (r);

  if (node == NULL)
    return FALSE;

  if (!ch_protocol_node_is_type (node, G_TYPE_BOOLEAN))
    {
      ch_json_reader_fail (r, what);
      return FALSE;
    }

  *out = json_node_get_boolean (node);
  return TRUE;
}

/* One item of "items", read straight into a ChChange. */
static ChChange *
read_change (ChJsonReader *r)
{
  g_autoptr(ChChange) change = g_new0 (ChChange, 1);
  gboolean have_version = FALSE;
  gboolean first = TRUE;
  const char *name;

  change->version = -1;
  if (!ch_json_reader_begin_object (r))
    return NULL;

  while ((name = ch_json_reader_next_member (r, &first)) != NULL)
    {
      if (strcmp (name, "entity") == 0)
        {
          g_free (change->entity);
          if (!(change->entity = reader_take_string (r, _("“entity” must be a string"))))
            return NULL;
        }
      else if (strcmp (name, "id") == 0)
        {
          g_free (change->id);
          if (!(change->id = reader_take_string (r, _("“id” must be a string"))))
            return NULL;
        }
      else if (strcmp (name, "version") == 0)
        {
          if (!reader_take_int (r, &change->version, _("“version” must be a whole number")))
            return NULL;
          have_version = TRUE;
        }
      else if (strcmp (name, "deleted") == 0)
        {
          if (!reader_take_bool (r, &change->deleted, _("“deleted” must be true or false")))
            return NULL;
        }
      else if (strcmp (name, "fields") == 0)
        {
          g_autoptr(JsonNode) node = ch_json_reader_read_value (r);

          if (node == NULL)
            return NULL;
          g_clear_pointer (&change->fields, json_object_unref);
          if (JSON_NODE_HOLDS_OBJECT (node))
            change->fields = json_object_ref (json_node_get_object (node));
          else if (!JSON_NODE_HOLDS_NULL (node))
            {
              ch_json_reader_fail (r, _("“fields” must be an object"));
              return NULL;
            }
        }
      else
        {
          /* Unknown members are left for newer clients. */
          g_autoptr(JsonNode) node = ch_json_reader_read_value (r);

          if (node == NULL)
            return NULL;
        }
    }

  if (r->error != NULL)
    return NULL;

  if (change->entity == NULL || change->id == NULL || !have_version)
    {
      ch_json_reader_fail (r, _("an item needs “entity”, “id” and “version”"));
      return NULL;
    }

  if (change->fields == NULL)
    change->fields = json_object_new ();

  return g_steal_pointer (&change);
}

ChChangesPage *
ch_protocol_parse_changes_page (const char  *data,
                                gsize        len,
                                GError     **error)
{
  g_autoptr(ChChangesPage) page = NULL;
  ChJsonReader r;
  gboolean have_next = FALSE;
  gboolean have_more = FALSE;
  gboolean have_items = FALSE;
  gboolean first = TRUE;
  const char *name;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  page = g_new0 (ChChangesPage, 1);
  page->items = g_ptr_array_new_with_free_func ((GDestroyNotify) ch_change_free);

  ch_json_reader_init (&r, data, len);
  if (!ch_json_reader_begin_object (&r))
    goto out;

  while ((name = ch_json_reader_next_member (&r, &first)) != NULL)
    {
      if (strcmp (name, "epoch") == 0)
        {
          g_free (page->epoch);
          if (!(page->epoch = reader_take_string (&r, _("“epoch” must be a string"))))
            goto out;
        }
      else if (strcmp (name, "next") == 0)
        {
          if (!reader_take_int (&r, &page->next, _("“next” must be a whole number")))
            goto out;
          have_next = TRUE;
        }
      else if (strcmp (name, "has_more") == 0)
        {
          if (!reader_take_bool (&r, &page->has_more, _("“has_more” must be true or false")))
            goto out;
          have_more = TRUE;
        }
      else if (strcmp (name, "items") == 0 && !have_items)
        {
          gboolean first_item = TRUE;

          if (!ch_json_reader_begin_array (&r))
            goto out;
          while (ch_json_reader_next_element (&r, &first_item))
            {
              ChChange *change = read_change (&r);

              if (change == NULL)
                goto out;
              g_ptr_array_add (page->items, change);
            }
          if (r.error != NULL)
            goto out;
          have_items = TRUE;
        }
      else
        {
          g_autoptr(JsonNode) node = ch_json_reader_read_value (&r);

          if (node == NULL)
            goto out;
        }
    }

  if (r.error == NULL && ch_json_reader_at_end (&r) &&
      (page->epoch == NULL || !have_next || !have_more || !have_items))
    g_set_error_literal (&r.error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                         _("The change page needs “epoch”, “next”, “has_more” "
                           "and “items”"));

out:
  if (r.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&r.error));
      ch_json_reader_clear (&r);
      return NULL;
    }

  ch_json_reader_clear (&r);
  return g_steal_pointer (&page);
}
