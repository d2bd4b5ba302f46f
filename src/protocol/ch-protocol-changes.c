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

/* Change pages */

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

/* Reads a string value into a new string, or fails.  (Here and below,
 * @what is a message id, N_(), translated only when the value is wrong:
 * not for each of thousands of items.) */
static char *
reader_take_string (ChJsonReader *r,
                    const char   *what)
{
  ChFieldValue value;

  if (!ch_json_reader_read_field_value (r, &value, NULL))
    return NULL;

  if (value.kind != CH_FIELD_VALUE_STRING)
    {
      ch_json_reader_fail (r, _(what));
      return NULL;
    }

  return g_strdup (value.v.s);
}

static gboolean
reader_take_int (ChJsonReader *r,
                 gint64       *out,
                 const char   *what)
{
  ChFieldValue value;

  if (!ch_json_reader_read_field_value (r, &value, NULL))
    return FALSE;

  if (value.kind != CH_FIELD_VALUE_INT || value.v.i < 0)
    {
      ch_json_reader_fail (r, _(what));
      return FALSE;
    }

  *out = value.v.i;
  return TRUE;
}

static gboolean
reader_take_bool (ChJsonReader *r,
                  gboolean     *out,
                  const char   *what)
{
  ChFieldValue value;

  if (!ch_json_reader_read_field_value (r, &value, NULL))
    return FALSE;

  if (value.kind != CH_FIELD_VALUE_BOOL)
    {
      ch_json_reader_fail (r, _(what));
      return FALSE;
    }

  *out = value.v.b;
  return TRUE;
}

/* The values of a change's fields from a JsonObject: for "fields" read
 * before "entity" (the server writes "entity" first). */
static void
values_from_object (ChChange     *change,
                    GStringChunk *strings)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, change->fields);
  while (json_object_iter_next (&iter, &name, &node))
    {
      const ChFieldInfo *field = ch_entity_field (change->info, name);
      ChFieldValue *value;

      if (field == NULL)
        continue;
      value = &change->values[field - change->info->fields];
      if (JSON_NODE_HOLDS_NULL (node))
        value->kind = CH_FIELD_VALUE_NULL;
      else if (!JSON_NODE_HOLDS_VALUE (node))
        value->kind = CH_FIELD_VALUE_OTHER;
      else if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          value->kind = CH_FIELD_VALUE_STRING;
          value->v.s = g_string_chunk_insert (strings, json_node_get_string (node));
        }
      else if (json_node_get_value_type (node) == G_TYPE_INT64)
        {
          value->kind = CH_FIELD_VALUE_INT;
          value->v.i = json_node_get_int (node);
        }
      else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        {
          value->kind = CH_FIELD_VALUE_DOUBLE;
          value->v.d = json_node_get_double (node);
        }
      else
        {
          value->kind = CH_FIELD_VALUE_BOOL;
          value->v.b = json_node_get_boolean (node);
        }
    }
}

/* "fields" of an item of a known entity, straight into change->values:
 * no JsonObject.  A name that comes twice keeps its last value, as in a
 * JsonObject; names that are not fields of the entity are read and left. */
static gboolean
read_values (ChJsonReader *r,
             ChChange     *change,
             GStringChunk *strings)
{
  const ChEntityInfo *info = change->info;
  gboolean first = TRUE;
  guint guess = 0;
  const char *name;

  memset (change->values, 0, sizeof (ChFieldValue) * info->n_fields);
  if (!ch_json_reader_begin_object (r))
    return FALSE;

  while ((name = ch_json_reader_next_member (r, &first)) != NULL)
    {
      const ChFieldInfo *field = NULL;

      /* Rows come with their fields in the entity's order: try the one
       * after the last first. */
      if (guess < info->n_fields && strcmp (info->fields[guess].name, name) == 0)
        field = &info->fields[guess];
      else
        field = ch_entity_field (info, name);

      if (field == NULL)
        {
          g_autoptr(JsonNode) node = ch_json_reader_read_value (r);

          if (node == NULL)
            return FALSE;
          continue;
        }

      guess = (guint) (field - info->fields) + 1;
      if (!ch_json_reader_read_field_value (r, &change->values[field - info->fields], strings))
        return FALSE;
    }

  return r->error == NULL;
}

/* One item of "items", read straight into a ChChange: its fields as a
 * JsonObject, or, with @strings, as values (ChChange.values). */
static ChChange *
read_change (ChJsonReader *r,
             GStringChunk *strings)
{
  g_autoptr(ChChange) change = g_new0 (ChChange, 1);
  gboolean have_version = FALSE;
  gboolean have_values = FALSE;
  gboolean redo = FALSE;
  const char *item_start;
  guint item_depth;
  gboolean first = TRUE;
  const char *name;

  change->version = -1;
  ch_json_reader_peek (r);
  item_start = r->p;
  item_depth = r->depth;
  if (!ch_json_reader_begin_object (r))
    return NULL;

  while ((name = ch_json_reader_next_member (r, &first)) != NULL)
    {
      if (strcmp (name, "entity") == 0)
        {
          g_free (change->entity);
          if (!(change->entity = reader_take_string (r, N_("“entity” must be a string"))))
            return NULL;
          if (strings != NULL && have_values)
            {
              /* A second "entity" after fields read for the first one. */
              redo = TRUE;
              break;
            }
          if (strings != NULL)
            {
              g_clear_pointer (&change->values, g_free);
              if ((change->info = ch_entity_lookup (change->entity)) != NULL)
                change->values = g_new0 (ChFieldValue, change->info->n_fields);
            }
        }
      else if (strcmp (name, "id") == 0)
        {
          g_free (change->id);
          if (!(change->id = reader_take_string (r, N_("“id” must be a string"))))
            return NULL;
        }
      else if (strcmp (name, "version") == 0)
        {
          if (!reader_take_int (r, &change->version, N_("“version” must be a whole number")))
            return NULL;
          have_version = TRUE;
        }
      else if (strcmp (name, "deleted") == 0)
        {
          if (!reader_take_bool (r, &change->deleted, N_("“deleted” must be true or false")))
            return NULL;
        }
      else if (strcmp (name, "fields") == 0 && change->values != NULL &&
               ch_json_reader_peek (r) == '{')
        {
          g_clear_pointer (&change->fields, json_object_unref);
          if (!read_values (r, change, strings))
            return NULL;
          have_values = TRUE;
        }
      else if (strcmp (name, "fields") == 0)
        {
          g_autoptr(JsonNode) node = ch_json_reader_read_value (r);

          if (node == NULL)
            return NULL;
          g_clear_pointer (&change->fields, json_object_unref);
          have_values = FALSE;
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

  if (redo)
    {
      /* Read the item again as a JsonObject, then take its values. */
      g_autoptr(ChChange) plain = NULL;

      r->p = item_start;
      r->depth = item_depth;
      if (!(plain = read_change (r, NULL)))
        return NULL;
      if ((plain->info = ch_entity_lookup (plain->entity)) != NULL)
        {
          plain->values = g_new0 (ChFieldValue, plain->info->n_fields);
          values_from_object (plain, strings);
          g_clear_pointer (&plain->fields, json_object_unref);
        }
      return g_steal_pointer (&plain);
    }

  if (r->error != NULL)
    return NULL;

  if (change->entity == NULL || change->id == NULL || !have_version)
    {
      ch_json_reader_fail (r, _("an item needs “entity”, “id” and “version”"));
      return NULL;
    }

  if (strings == NULL || change->info == NULL)
    {
      /* Fields as a JsonObject (or an entity this program does not
       * know, which the caller leaves). */
      g_clear_pointer (&change->values, g_free);
      change->info = NULL;
      if (change->fields == NULL)
        change->fields = json_object_new ();
    }
  else if (!have_values)
    {
      /* "fields" came before "entity", twice, or not at all. */
      memset (change->values, 0, sizeof (ChFieldValue) * change->info->n_fields);
      if (change->fields != NULL)
        values_from_object (change, strings);
      g_clear_pointer (&change->fields, json_object_unref);
    }

  return g_steal_pointer (&change);
}

static ChChangesPage *
parse_changes_page (const char  *data,
                    gsize        len,
                    gboolean     values,
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
  page->total = -1;
  page->items = g_ptr_array_new_with_free_func ((GDestroyNotify) ch_change_free);
  if (values)
    page->strings = g_string_chunk_new (MAX (len, 64));

  ch_json_reader_init (&r, data, len);
  if (!ch_json_reader_begin_object (&r))
    goto out;

  while ((name = ch_json_reader_next_member (&r, &first)) != NULL)
    {
      if (strcmp (name, "epoch") == 0)
        {
          g_free (page->epoch);
          if (!(page->epoch = reader_take_string (&r, N_("“epoch” must be a string"))))
            goto out;
        }
      else if (strcmp (name, "next") == 0)
        {
          if (!reader_take_int (&r, &page->next, N_("“next” must be a whole number")))
            goto out;
          have_next = TRUE;
        }
      else if (strcmp (name, "total") == 0)
        {
          if (!reader_take_int (&r, &page->total, N_("“total” must be a whole number")))
            goto out;
        }
      else if (strcmp (name, "has_more") == 0)
        {
          if (!reader_take_bool (&r, &page->has_more, N_("“has_more” must be true or false")))
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
              ChChange *change = read_change (&r, page->strings);

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

ChChangesPage *
ch_protocol_parse_changes_page (const char  *data,
                                gsize        len,
                                GError     **error)
{
  return parse_changes_page (data, len, FALSE, error);
}

ChChangesPage *
ch_protocol_read_changes_page (const char  *data,
                               gsize        len,
                               GError     **error)
{
  return parse_changes_page (data, len, TRUE, error);
}
