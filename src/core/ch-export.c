/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-export"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-csv.h"
#include "ch-export.h"
#include "ch-member.h"
#include "ch-specialties.h"

G_DEFINE_QUARK (ch-export-error-quark, ch_export_error)

/* The member columns, in the order of the member form. */
static const char * const columns[] = {
  "id", "given_name", "family_name", "email", "phone", "company", "job_title", "city",
  "country", "tier", "partner_kind", "joined_on", "left_on", "left_reason", "dues_paid_until",
  "gender", "birth_year", "consent_directory", "consent_email", "notes", "specialties",
};

gboolean
ch_export_format_from_string (const char      *text,
                              ChExportFormat  *out_format,
                              GError         **error)
{
  if (g_strcmp0 (text, "csv") == 0)
    *out_format = CH_EXPORT_FORMAT_CSV;
  else if (g_strcmp0 (text, "json") == 0)
    *out_format = CH_EXPORT_FORMAT_JSON;
  else
    {
      g_set_error (error, CH_EXPORT_ERROR, CH_EXPORT_ERROR_FORMAT,
                   _("“%s” is not an export format. Choose csv or json."), text ? text : "");
      return FALSE;
    }

  return TRUE;
}

/* The value of @column as text ("" when empty). */
static char *
cell_of (ChStore    *store,
         ChMember   *member,
         const char *column)
{
  JsonNode *node;

  if (g_str_equal (column, "specialties"))
    {
      g_auto(GStrv) specialties = ch_specialties_get (store,
                                                                 ch_member_get_id (member));

      return g_strjoinv ("; ", specialties);
    }
  if (g_str_equal (column, "id"))
    return g_strdup (ch_member_get_id (member));

  node = json_object_get_member (ch_member_get_fields (member), column);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || !JSON_NODE_HOLDS_VALUE (node))
    return g_strdup ("");

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "yes" : "no");
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    default:
      return g_strdup ("");
    }
}

GBytes *
ch_export_members (ChStore         *store,
                   GListModel      *members,
                   ChExportFormat   format,
                   gboolean         bom,
                   GError         **error)
{
  guint n;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (members), NULL);

  n = g_list_model_get_n_items (members);

  if (format == CH_EXPORT_FORMAT_JSON)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) root = NULL;
      char *text;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(ChMember) member = g_list_model_get_item (members, i);
          JsonObject *object = json_object_new ();
          JsonArray *tags = json_array_new ();
          g_auto(GStrv) specialties = ch_specialties_get (store,
                                                                     ch_member_get_id (member));

          json_object_set_string_member (object, "id", ch_member_get_id (member));
          for (guint c = 1; c < G_N_ELEMENTS (columns) - 1; c++)
            {
              JsonNode *node = json_object_get_member (ch_member_get_fields (member), columns[c]);

              json_object_set_member (object, columns[c],
                                      node ? json_node_copy (node)
                                           : json_node_new (JSON_NODE_NULL));
            }
          for (guint s = 0; specialties[s]; s++)
            json_array_add_string_element (tags, specialties[s]);
          json_object_set_array_member (object, "specialties", tags);
          json_array_add_object_element (array, object);
        }

      root = json_node_init_array (json_node_alloc (), array);
      text = json_to_string (root, TRUE);
      return g_bytes_new_take (text, strlen (text));
    }
  else
    {
      GString *out = g_string_new (bom ? "\xEF\xBB\xBF" : "");

      ch_csv_append_row (out, columns, G_N_ELEMENTS (columns), ',');
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(ChMember) member = g_list_model_get_item (members, i);
          g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

          for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
            g_ptr_array_add (cells, cell_of (store, member, columns[c]));
          ch_csv_append_row (out, (const char * const *) cells->pdata, cells->len, ',');
        }

      return g_string_free_to_bytes (out);
    }
}
