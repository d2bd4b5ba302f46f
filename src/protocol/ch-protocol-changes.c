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
  page->total = -1;
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
      else if (strcmp (name, "total") == 0)
        {
          if (!reader_take_int (&r, &page->total, _("“total” must be a whole number")))
            goto out;
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
