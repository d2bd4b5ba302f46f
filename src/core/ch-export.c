/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-export"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-directory-pdf.h"
#include "ch-events.h"
#include "ch-export-table.h"
#include "ch-export.h"
#include "ch-member-list.h"
#include "ch-member.h"
#include "ch-payments.h"
#include "ch-registration.h"
#include "ch-registrations.h"
#include "ch-roles.h"
#include "ch-specialties.h"
#include "ch-vcard.h"

G_DEFINE_QUARK (ch-export-error-quark, ch_export_error)

/* The member columns, in the order of the member form. */
static const ChExportTableColumn member_columns[] = {
  { "id", CH_EXPORT_TABLE_CELL_TEXT },
  { "given_name", CH_EXPORT_TABLE_CELL_TEXT },
  { "family_name", CH_EXPORT_TABLE_CELL_TEXT },
  { "email", CH_EXPORT_TABLE_CELL_TEXT },
  { "phone", CH_EXPORT_TABLE_CELL_TEXT },
  { "company", CH_EXPORT_TABLE_CELL_TEXT },
  { "job_title", CH_EXPORT_TABLE_CELL_TEXT },
  { "city", CH_EXPORT_TABLE_CELL_TEXT },
  { "country", CH_EXPORT_TABLE_CELL_TEXT },
  { "tier", CH_EXPORT_TABLE_CELL_TEXT },
  { "partner_kind", CH_EXPORT_TABLE_CELL_TEXT },
  { "joined_on", CH_EXPORT_TABLE_CELL_DATE },
  { "left_on", CH_EXPORT_TABLE_CELL_DATE },
  { "left_reason", CH_EXPORT_TABLE_CELL_TEXT },
  { "dues_paid_until", CH_EXPORT_TABLE_CELL_DATE },
  { "gender", CH_EXPORT_TABLE_CELL_TEXT },
  { "birth_year", CH_EXPORT_TABLE_CELL_INT },
  { "consent_directory", CH_EXPORT_TABLE_CELL_BOOL },
  { "consent_email", CH_EXPORT_TABLE_CELL_BOOL },
  { "notes", CH_EXPORT_TABLE_CELL_TEXT },
  { "specialties", CH_EXPORT_TABLE_CELL_TEXT },
};

static const struct
{
  const char     *name;
  const char     *extension;
  ChExportFormat  format;
} formats[] = {
  { "csv", "csv", CH_EXPORT_FORMAT_CSV },
  { "json", "json", CH_EXPORT_FORMAT_JSON },
  { "xlsx", "xlsx", CH_EXPORT_FORMAT_XLSX },
  { "vcard", "vcf", CH_EXPORT_FORMAT_VCARD },
  { "pdf", "pdf", CH_EXPORT_FORMAT_PDF },
};

gboolean
ch_export_format_from_string (const char      *text,
                              ChExportFormat  *out_format,
                              GError         **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      if (g_strcmp0 (text, formats[i].name) == 0)
        {
          *out_format = formats[i].format;
          return TRUE;
        }
    }

  g_set_error (error, CH_EXPORT_ERROR, CH_EXPORT_ERROR_FORMAT,
               _("“%s” is not an export format. Choose csv, xlsx, json, vcard or pdf."),
               text ? text : "");
  return FALSE;
}

const char *
ch_export_format_extension (ChExportFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      if (formats[i].format == format)
        return formats[i].extension;
    }

  return "csv";
}

gboolean
ch_export_check_format (ChExportSubject   subject,
                        ChExportFormat    format,
                        GError          **error)
{
  gboolean ok;

  switch (subject)
    {
    case CH_EXPORT_SUBJECT_MEMBERS:
      ok = format != CH_EXPORT_FORMAT_PDF;
      if (!ok)
        g_set_error_literal (error, CH_EXPORT_ERROR, CH_EXPORT_ERROR_FORMAT,
                             _("Members can be exported as CSV, XLSX, JSON or vCard."));
      return ok;
    case CH_EXPORT_SUBJECT_DIRECTORY:
      return TRUE;
    case CH_EXPORT_SUBJECT_REGISTRATIONS:
    case CH_EXPORT_SUBJECT_PAYMENTS:
    case CH_EXPORT_SUBJECT_ROLES:
    default:
      ok = format == CH_EXPORT_FORMAT_CSV || format == CH_EXPORT_FORMAT_XLSX ||
           format == CH_EXPORT_FORMAT_JSON;
      if (!ok)
        g_set_error_literal (error, CH_EXPORT_ERROR, CH_EXPORT_ERROR_FORMAT,
                             _("Registrations, payments and roles can be exported as CSV, "
                               "XLSX or JSON."));
      return ok;
    }
}

static ChExportTableFormat
table_format (ChExportFormat format)
{
  return format == CH_EXPORT_FORMAT_XLSX ? CH_EXPORT_TABLE_XLSX :
         format == CH_EXPORT_FORMAT_JSON ? CH_EXPORT_TABLE_JSON : CH_EXPORT_TABLE_CSV;
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
      g_auto(GStrv) specialties = ch_specialties_get (store, ch_member_get_id (member));

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

static GBytes *
members_json (ChStore    *store,
              GListModel *members)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n = g_list_model_get_n_items (members);
  char *text;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChMember) member = g_list_model_get_item (members, i);
      JsonObject *object = json_object_new ();
      JsonArray *tags = json_array_new ();
      g_auto(GStrv) specialties = ch_specialties_get (store, ch_member_get_id (member));

      json_object_set_string_member (object, "id", ch_member_get_id (member));
      for (guint c = 1; c < G_N_ELEMENTS (member_columns) - 1; c++)
        {
          const char *name = member_columns[c].name;
          JsonNode *node = json_object_get_member (ch_member_get_fields (member), name);

          json_object_set_member (object, name,
                                  node ? json_node_copy (node) : json_node_new (JSON_NODE_NULL));
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

GBytes *
ch_export_members (ChStore         *store,
                   GListModel      *members,
                   ChExportFormat   format,
                   gboolean         bom,
                   GError         **error)
{
  g_autoptr(ChExportTable) table = NULL;
  guint n;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (members), NULL);

  if (!ch_export_check_format (CH_EXPORT_SUBJECT_MEMBERS, format, error))
    return NULL;
  if (format == CH_EXPORT_FORMAT_JSON)
    return members_json (store, members);
  if (format == CH_EXPORT_FORMAT_VCARD)
    return ch_vcard_write_members (store, members, NULL);

  n = g_list_model_get_n_items (members);
  table = ch_export_table_new (member_columns, G_N_ELEMENTS (member_columns), _("Members"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChMember) member = g_list_model_get_item (members, i);
      char *cells[G_N_ELEMENTS (member_columns)];

      for (guint c = 0; c < G_N_ELEMENTS (member_columns); c++)
        cells[c] = cell_of (store, member, member_columns[c].name);
      ch_export_table_add_row (table, cells);
    }

  return ch_export_table_write (table, table_format (format), bom, error);
}

GBytes *
ch_export_registrations (ChStore         *store,
                         const char      *event_id,
                         ChExportFormat   format,
                         gboolean         bom,
                         GError         **error)
{
  static const ChExportTableColumn columns[] = {
    { "name", CH_EXPORT_TABLE_CELL_TEXT },
    { "email", CH_EXPORT_TABLE_CELL_TEXT },
    { "company", CH_EXPORT_TABLE_CELL_TEXT },
    { "member_id", CH_EXPORT_TABLE_CELL_TEXT },
    { "guest", CH_EXPORT_TABLE_CELL_BOOL },
    { "mode", CH_EXPORT_TABLE_CELL_TEXT },
    { "state", CH_EXPORT_TABLE_CELL_TEXT },
    { "registered_at", CH_EXPORT_TABLE_CELL_DATETIME },
    { "checked_in_at", CH_EXPORT_TABLE_CELL_DATETIME },
    { "check_in_method", CH_EXPORT_TABLE_CELL_TEXT },
    { "minutes_attended", CH_EXPORT_TABLE_CELL_INT },
  };
  g_autoptr(ChExportTable) table = NULL;
  g_autoptr(ChEvent) event = NULL;
  g_autoptr(GPtrArray) registrations = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  if (!ch_export_check_format (CH_EXPORT_SUBJECT_REGISTRATIONS, format, error))
    return NULL;
  if (event_id == NULL || (event = ch_event_get (store, event_id, NULL)) == NULL)
    {
      g_set_error (error, CH_EXPORT_ERROR, CH_EXPORT_ERROR_NOT_FOUND,
                   _("There is no event “%s”."), event_id ? event_id : "");
      return NULL;
    }
  if (!(registrations = ch_registration_list (store, event_id, error)))
    return NULL;

  table = ch_export_table_new (columns, G_N_ELEMENTS (columns), _("Registrations"));
  for (guint i = 0; i < registrations->len; i++)
    {
      ChRegistration *r = g_ptr_array_index (registrations, i);
      gint64 minutes = ch_registration_get_minutes_attended (r);
      char *cells[] = {
        g_strdup (ch_registration_get_display_name (r)),
        g_strdup (ch_registration_get_email (r)),
        g_strdup (ch_registration_get_company (r)),
        g_strdup (ch_registration_get_member_id (r)),
        g_strdup (ch_registration_is_guest (r) ? "yes" : "no"),
        g_strdup (ch_registration_get_mode (r)),
        g_strdup (ch_registration_get_state (r)),
        g_strdup (ch_registration_get_registered_at (r)),
        g_strdup (ch_registration_get_checked_in_at (r)),
        g_strdup (ch_registration_get_check_in_method (r)),
        minutes > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, minutes) : NULL,
      };

      ch_export_table_add_row (table, cells);
    }

  return ch_export_table_write (table, table_format (format), bom, error);
}

GBytes *
ch_export_payments (ChStore         *store,
                    const char      *chapter_id,
                    const char      *from,
                    const char      *to,
                    ChExportFormat   format,
                    gboolean         bom,
                    GError         **error)
{
  static const ChExportTableColumn columns[] = {
    { "paid_on", CH_EXPORT_TABLE_CELL_DATE },
    { "member", CH_EXPORT_TABLE_CELL_TEXT },
    { "member_id", CH_EXPORT_TABLE_CELL_TEXT },
    { "amount", CH_EXPORT_TABLE_CELL_MONEY },
    { "currency", CH_EXPORT_TABLE_CELL_TEXT },
    { "covers_from", CH_EXPORT_TABLE_CELL_DATE },
    { "covers_until", CH_EXPORT_TABLE_CELL_DATE },
    { "method", CH_EXPORT_TABLE_CELL_TEXT },
    { "reference", CH_EXPORT_TABLE_CELL_TEXT },
  };
  g_autoptr(ChExportTable) table = NULL;
  g_autoptr(GPtrArray) payments = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  if (!ch_export_check_format (CH_EXPORT_SUBJECT_PAYMENTS, format, error))
    return NULL;
  if (!(payments = ch_payments_list (store, chapter_id, NULL, error)))
    return NULL;

  table = ch_export_table_new (columns, G_N_ELEMENTS (columns), _("Payments"));
  /* The list is newest first; a ledger reads oldest first. */
  for (guint i = payments->len; i-- > 0;)
    {
      ChPayment *p = g_ptr_array_index (payments, i);
      const char *paid_on = ch_payment_get_paid_on (p);

      if ((from != NULL && g_strcmp0 (paid_on, from) < 0) ||
          (to != NULL && g_strcmp0 (paid_on, to) > 0))
        continue;

      {
        char *cells[] = {
          g_strdup (paid_on),
          g_strdup (ch_payment_get_member_name (p)),
          g_strdup (ch_payment_get_member_id (p)),
          g_strdup_printf ("%" G_GINT64_FORMAT, ch_payment_get_amount (p)),
          g_strdup (ch_payment_get_currency (p)),
          g_strdup (ch_payment_get_covers_from (p)),
          g_strdup (ch_payment_get_covers_until (p)),
          g_strdup (ch_payment_get_method (p)),
          g_strdup (ch_payment_get_reference (p)),
        };

        ch_export_table_add_row (table, cells);
      }
    }

  return ch_export_table_write (table, table_format (format), bom, error);
}

GBytes *
ch_export_roles (ChStore         *store,
                 const char      *chapter_id,
                 ChExportFormat   format,
                 gboolean         bom,
                 GError         **error)
{
  static const ChExportTableColumn columns[] = {
    { "role", CH_EXPORT_TABLE_CELL_TEXT },
    { "title", CH_EXPORT_TABLE_CELL_TEXT },
    { "member", CH_EXPORT_TABLE_CELL_TEXT },
    { "member_id", CH_EXPORT_TABLE_CELL_TEXT },
    { "starts_on", CH_EXPORT_TABLE_CELL_DATE },
    { "ends_on", CH_EXPORT_TABLE_CELL_DATE },
  };
  g_autoptr(ChExportTable) table = NULL;
  g_autoptr(GPtrArray) roles = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  if (!ch_export_check_format (CH_EXPORT_SUBJECT_ROLES, format, error))
    return NULL;
  if (!(roles = ch_roles_list_current (store, chapter_id, error)))
    return NULL;

  table = ch_export_table_new (columns, G_N_ELEMENTS (columns), _("Roles"));
  for (guint i = 0; i < roles->len; i++)
    {
      ChRole *role = g_ptr_array_index (roles, i);
      char *cells[] = {
        g_strdup (ch_role_get_role (role)),
        g_strdup (ch_role_get_label (role)),
        g_strdup (ch_role_get_member_name (role)),
        g_strdup (ch_role_get_member_id (role)),
        g_strdup (ch_role_get_starts_on (role)),
        g_strdup (ch_role_get_ends_on (role)),
      };

      ch_export_table_add_row (table, cells);
    }

  return ch_export_table_write (table, table_format (format), bom, error);
}

/* The directory's members: active or in their grace period, agreed to be
 * listed, by name. */
static GPtrArray *
directory_members (ChStore     *store,
                   const char  *chapter_id,
                   GError     **error)
{
  g_autoptr(ChMemberList) list = ch_member_list_new (store, chapter_id);
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  ch_member_list_set_sort (list, CH_MEMBER_SORT_NAME, FALSE);
  if (!ch_member_list_refresh_sync (list, error))
    return NULL;

  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ChMember) member = g_list_model_get_item (G_LIST_MODEL (list), i);
      ChMemberStatus status = ch_member_get_status (member);

      if (ch_member_get_consent_directory (member) &&
          (status == CH_MEMBER_STATUS_ACTIVE || status == CH_MEMBER_STATUS_GRACE))
        g_ptr_array_add (members, g_steal_pointer (&member));
    }

  return g_steal_pointer (&members);
}

GBytes *
ch_export_directory (ChStore         *store,
                     const char      *chapter_id,
                     ChExportFormat   format,
                     gboolean         bom,
                     GError         **error)
{
  static const ChExportTableColumn columns[] = {
    { "name", CH_EXPORT_TABLE_CELL_TEXT },
    { "company", CH_EXPORT_TABLE_CELL_TEXT },
    { "job_title", CH_EXPORT_TABLE_CELL_TEXT },
    { "city", CH_EXPORT_TABLE_CELL_TEXT },
    { "email", CH_EXPORT_TABLE_CELL_TEXT },
    { "phone", CH_EXPORT_TABLE_CELL_TEXT },
    { "specialties", CH_EXPORT_TABLE_CELL_TEXT },
  };
  g_autoptr(ChExportTable) table = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(ChChapter) chapter = NULL;

  g_return_val_if_fail (CH_IS_STORE (store), NULL);

  if (!(members = directory_members (store, chapter_id, error)))
    return NULL;

  if (format == CH_EXPORT_FORMAT_PDF)
    {
      if (!(chapter = ch_store_get_chapter (store, chapter_id, error)))
        return NULL;
      return ch_directory_pdf_write (store, ch_chapter_get_name (chapter), members,
                                     ch_directory_pdf_default_paper (), error);
    }
  if (format == CH_EXPORT_FORMAT_VCARD)
    {
      g_autoptr(GListStore) model = g_list_store_new (CH_TYPE_MEMBER);

      for (guint i = 0; i < members->len; i++)
        g_list_store_append (model, g_ptr_array_index (members, i));
      return ch_vcard_write_members (store, G_LIST_MODEL (model), NULL);
    }

  table = ch_export_table_new (columns, G_N_ELEMENTS (columns), _("Directory"));
  for (guint i = 0; i < members->len; i++)
    {
      ChMember *m = g_ptr_array_index (members, i);
      g_auto(GStrv) specialties = ch_specialties_get (store, ch_member_get_id (m));
      char *cells[] = {
        g_strdup (ch_member_get_display_name (m)),
        g_strdup (ch_member_get_company (m)),
        g_strdup (ch_member_get_job_title (m)),
        g_strdup (ch_member_get_location (m)),
        g_strdup (ch_member_get_email (m)),
        g_strdup (ch_member_get_phone (m)),
        g_strjoinv ("; ", specialties),
      };

      ch_export_table_add_row (table, cells);
    }

  return ch_export_table_write (table, table_format (format), bom, error);
}
