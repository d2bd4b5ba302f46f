/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-import"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "ch-import-private.h"
#include "ch-tiers.h"
#include "ch-email.h"
#include "ch-fold.h"

G_DEFINE_QUARK (ch-import-error-quark, ch_import_error)

G_DEFINE_FINAL_TYPE (ChImport, ch_import, G_TYPE_OBJECT)

static void
ch_import_finalize (GObject *object)
{
  ChImport *self = CH_IMPORT (object);

  g_clear_object (&self->store);
  g_clear_object (&self->sheet);
  g_free (self->chapter_id);
  g_strfreev (self->headers);
  g_free (self->fields);
  g_free (self->ambiguous_example);
  g_free (self->currency);
  g_free (self->dues_period);
  g_clear_pointer (&self->tiers, g_ptr_array_unref);
  g_clear_pointer (&self->tier_map, g_hash_table_unref);
  g_clear_pointer (&self->line_actions, g_hash_table_unref);
  g_clear_pointer (&self->first_line_by_email, g_hash_table_unref);
  g_clear_pointer (&self->first_line_by_name, g_hash_table_unref);

  G_OBJECT_CLASS (ch_import_parent_class)->finalize (object);
}

static void
ch_import_class_init (ChImportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ch_import_finalize;
}

static void
ch_import_init (ChImport *self)
{
  self->tier_map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->line_actions = g_hash_table_new (NULL, NULL);
  self->analysed = FALSE;
}

/* ----------------------------------------------------------------------- */

/* A cell as the member field gets it: trimmed, and without the apostrophe
 * an export puts before what a spreadsheet would run as a formula. */
char *
ch_import_clean_cell (const char *cell)
{
  char *copy = g_strstrip (g_strdup (cell ? cell : ""));

  if (copy[0] == '\'' && copy[1] != '\0' && strchr ("=+-@", copy[1]) != NULL)
    memmove (copy, copy + 1, strlen (copy));

  return copy;
}

/* Name + company folded, the key under which the same person is found
 * twice in one file. */
static char *
name_key (const char *given,
          const char *family,
          const char *company)
{
  g_autofree char *joined = g_strjoin ("\x1f", given ? given : "", family ? family : "",
                                       company ? company : "", NULL);
  g_autofree char *folded = ch_fold (joined);

  return g_utf8_strdown (folded, -1);
}

static const char *
guess_tier (ChImport   *self,
            const char *value)
{
  static const struct { const char *word; const char *key; } words[] = {
    { "honor", CH_TIER_HONORARY }, { "heders", CH_TIER_HONORARY },
    { "ehren", CH_TIER_HONORARY }, { "onor", CH_TIER_HONORARY },
    { "network", CH_TIER_NETWORK }, { "free", CH_TIER_NETWORK },
    { "gratis", CH_TIER_NETWORK }, { "kostenlos", CH_TIER_NETWORK },
    { "gratuit", CH_TIER_NETWORK }, { "natverk", CH_TIER_NETWORK },
    { "chapter", CH_TIER_CHAPTER }, { "member", CH_TIER_CHAPTER },
    { "full", CH_TIER_CHAPTER }, { "paid", CH_TIER_CHAPTER },
    { "medlem", CH_TIER_CHAPTER }, { "mitglied", CH_TIER_CHAPTER },
    { "membre", CH_TIER_CHAPTER }, { "miembro", CH_TIER_CHAPTER },
    { "socio", CH_TIER_CHAPTER }, { "membro", CH_TIER_CHAPTER },
  };
  g_autofree char *folded = ch_fold (value);
  g_autofree char *lower = g_utf8_strdown (folded, -1);

  g_strstrip (lower);
  for (guint i = 0; self->tiers && i < self->tiers->len; i++)
    {
      ChTier *tier = g_ptr_array_index (self->tiers, i);
      g_autofree char *name_folded = ch_fold (ch_tier_get_name (tier));
      g_autofree char *name = g_utf8_strdown (name_folded, -1);

      if (strcmp (lower, ch_tier_get_key (tier)) == 0 || strcmp (lower, name) == 0)
        return ch_tier_get_key (tier);
    }

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strstr (lower, words[i].word) != NULL)
      return words[i].key;

  return NULL;
}

static char *
mapping_meta_key (ChImport *self)
{
  g_autofree char *joined = g_strjoinv ("\x1f", self->headers);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, joined, -1);

  return g_strconcat ("import-mapping:", self->chapter_id, ":", hash, NULL);
}

ChImport *
ch_import_new (ChStore     *store,
               const char  *chapter_id,
               ChSheet     *sheet,
               GError     **error)
{
  g_autoptr(ChImport) self = NULL;
  g_autofree char *key = NULL;
  g_autofree char *saved = NULL;
  gboolean seen[CH_IMPORT_N_FIELDS] = { FALSE };

  g_return_val_if_fail (CH_IS_STORE (store), NULL);
  g_return_val_if_fail (chapter_id != NULL, NULL);
  g_return_val_if_fail (CH_IS_SHEET (sheet), NULL);

  if (ch_sheet_get_n_rows (sheet) < 2)
    {
      g_set_error (error, CH_IMPORT_ERROR, CH_IMPORT_ERROR_EMPTY,
                   ch_sheet_get_n_rows (sheet) == 0 ?
                   _("The file is empty. Choose the file with the members in it.") :
                   _("The file has a header but no members below it."));
      return NULL;
    }

  self = g_object_new (CH_TYPE_IMPORT, NULL);
  self->store = g_object_ref (store);
  self->chapter_id = g_strdup (chapter_id);
  self->sheet = g_object_ref (sheet);
  self->headers = ch_sheet_get_row (sheet, 0);
  self->n_columns = g_strv_length (self->headers);
  self->fields = g_new0 (ChImportField, self->n_columns);
  self->tiers = ch_tiers_list (store, chapter_id, NULL);

  /* Each field from its first column only: "Start Date" after "Member
   * Since" must not take the join date. */
  for (guint c = 0; c < self->n_columns; c++)
    {
      ChImportField field = ch_import_fields_guess (self->headers[c]);

      if (field != CH_IMPORT_FIELD_IGNORE && !seen[field])
        {
          self->fields[c] = field;
          seen[field] = TRUE;
        }
    }

  key = mapping_meta_key (self);
  if ((saved = ch_store_get_meta (store, key)) != NULL)
    {
      g_autoptr(JsonNode) node = json_from_string (saved, NULL);

      if (node && JSON_NODE_HOLDS_OBJECT (node))
        ch_import_apply_mapping (self, json_node_get_object (node), NULL);
    }

  return g_steal_pointer (&self);
}

guint
ch_import_get_n_columns (ChImport *self)
{
  g_return_val_if_fail (CH_IS_IMPORT (self), 0);
  return self->n_columns;
}

const char *
ch_import_get_header (ChImport *self,
                      guint     column)
{
  g_return_val_if_fail (CH_IS_IMPORT (self), NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);
  return self->headers[column];
}

ChImportField
ch_import_get_field (ChImport *self,
                     guint     column)
{
  g_return_val_if_fail (CH_IS_IMPORT (self), CH_IMPORT_FIELD_IGNORE);
  g_return_val_if_fail (column < self->n_columns, CH_IMPORT_FIELD_IGNORE);
  return self->fields[column];
}

void
ch_import_set_field (ChImport      *self,
                     guint          column,
                     ChImportField  field)
{
  g_return_if_fail (CH_IS_IMPORT (self));
  g_return_if_fail (column < self->n_columns);
  g_return_if_fail (field < CH_IMPORT_N_FIELDS);

  self->fields[column] = field;
  self->analysed = FALSE;
}

void
ch_import_set_unmapped_to_notes (ChImport *self,
                                 gboolean  to_notes)
{
  g_return_if_fail (CH_IS_IMPORT (self));
  self->unmapped_to_notes = !!to_notes;
}

gboolean
ch_import_get_unmapped_to_notes (ChImport *self)
{
  g_return_val_if_fail (CH_IS_IMPORT (self), FALSE);
  return self->unmapped_to_notes;
}

/* One pass over the file: the date order its dates prove, one date that
 * needs an order, the distinct tier values, and the first line of each
 * e-mail and name (for the same person twice in the file). */
void
ch_import_analyse (ChImport *self)
{
  guint n = ch_sheet_get_n_rows (self->sheet);
  gboolean day_first = FALSE, month_first = FALSE;

  if (self->analysed)
    return;

  g_clear_pointer (&self->ambiguous_example, g_free);
  g_clear_pointer (&self->first_line_by_email, g_hash_table_unref);
  g_clear_pointer (&self->first_line_by_name, g_hash_table_unref);
  self->first_line_by_email = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->first_line_by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint r = 1; r < n; r++)
    {
      g_auto(GStrv) cells = ch_sheet_get_row (self->sheet, r);
      guint n_cells = g_strv_length (cells);
      g_autofree char *given = NULL, *family = NULL, *company = NULL;

      for (guint c = 0; c < self->n_columns && c < n_cells; c++)
        {
          g_autofree char *value = NULL;

          switch (self->fields[c])
            {
            case CH_IMPORT_FIELD_JOINED_ON:
            case CH_IMPORT_FIELD_PAID_UNTIL:
            case CH_IMPORT_FIELD_LEFT_ON:
              {
                g_autofree char *iso = NULL;
                ChImportDateOrder proves;

                value = ch_import_clean_cell (cells[c]);
                if (ch_import_dates_parse (value, CH_IMPORT_DATE_ORDER_UNKNOWN, &iso, &proves)
                    == CH_IMPORT_DATE_AMBIGUOUS && self->ambiguous_example == NULL)
                  self->ambiguous_example = g_strdup (value);
                day_first |= proves == CH_IMPORT_DATE_ORDER_DAY_FIRST;
                month_first |= proves == CH_IMPORT_DATE_ORDER_MONTH_FIRST;
              }
              break;
            case CH_IMPORT_FIELD_TIER:
              value = ch_import_clean_cell (cells[c]);
              if (*value && !g_hash_table_contains (self->tier_map, value))
                {
                  const char *tier = guess_tier (self, value);

                  g_hash_table_insert (self->tier_map, g_strdup (value),
                                       g_strdup (tier ? tier : ""));
                }
              break;
            case CH_IMPORT_FIELD_EMAIL:
              value = ch_import_clean_cell (cells[c]);
              if (*value)
                {
                  g_autofree char *email = ch_email_normalize (value);

                  if (!g_hash_table_contains (self->first_line_by_email, email))
                    g_hash_table_insert (self->first_line_by_email, g_steal_pointer (&email),
                                         GUINT_TO_POINTER (r + 1));
                }
              break;
            case CH_IMPORT_FIELD_GIVEN_NAME:
              g_free (given);
              given = ch_import_clean_cell (cells[c]);
              break;
            case CH_IMPORT_FIELD_FAMILY_NAME:
              g_free (family);
              family = ch_import_clean_cell (cells[c]);
              break;
            case CH_IMPORT_FIELD_FULL_NAME:
              if (given == NULL && family == NULL)
                ch_import_split_name (cells[c], &given, &family);
              break;
            case CH_IMPORT_FIELD_COMPANY:
              g_free (company);
              company = ch_import_clean_cell (cells[c]);
              break;
            case CH_IMPORT_FIELD_IGNORE:
            case CH_IMPORT_FIELD_PHONE:
            case CH_IMPORT_FIELD_JOB_TITLE:
            case CH_IMPORT_FIELD_CITY:
            case CH_IMPORT_FIELD_COUNTRY:
            case CH_IMPORT_FIELD_SPECIALTIES:
            case CH_IMPORT_FIELD_GENDER:
            case CH_IMPORT_FIELD_NOTES:
            case CH_IMPORT_FIELD_PARTNER_KIND:
            case CH_IMPORT_FIELD_LEFT_REASON:
            case CH_IMPORT_FIELD_BIRTH_YEAR:
            case CH_IMPORT_FIELD_CONSENT_DIRECTORY:
            case CH_IMPORT_FIELD_CONSENT_EMAIL:
            case CH_IMPORT_N_FIELDS:
            default:
              break;
            }
        }

      if ((given && *given) || (family && *family))
        {
          g_autofree char *key = name_key (given, family, company);

          if (!g_hash_table_contains (self->first_line_by_name, key))
            g_hash_table_insert (self->first_line_by_name, g_steal_pointer (&key),
                                 GUINT_TO_POINTER (r + 1));
        }
    }

  /* Dates that prove both orders prove none. */
  if (day_first && !month_first)
    self->proven_order = CH_IMPORT_DATE_ORDER_DAY_FIRST;
  else if (month_first && !day_first)
    self->proven_order = CH_IMPORT_DATE_ORDER_MONTH_FIRST;
  else
    self->proven_order = CH_IMPORT_DATE_ORDER_UNKNOWN;

  self->analysed = TRUE;
}

ChImportDateOrder
ch_import_get_date_order (ChImport *self)
{
  g_return_val_if_fail (CH_IS_IMPORT (self), CH_IMPORT_DATE_ORDER_UNKNOWN);

  if (self->chosen_order != CH_IMPORT_DATE_ORDER_UNKNOWN)
    return self->chosen_order;
  ch_import_analyse (self);
  return self->proven_order;
}

void
ch_import_set_date_order (ChImport          *self,
                          ChImportDateOrder  order)
{
  g_return_if_fail (CH_IS_IMPORT (self));
  self->chosen_order = order;
}

gboolean
ch_import_needs_date_order (ChImport *self)
{
  g_return_val_if_fail (CH_IS_IMPORT (self), FALSE);

  ch_import_analyse (self);
  return self->ambiguous_example != NULL &&
         ch_import_get_date_order (self) == CH_IMPORT_DATE_ORDER_UNKNOWN;
}

const char *
ch_import_get_ambiguous_date (ChImport *self)
{
  g_return_val_if_fail (CH_IS_IMPORT (self), NULL);

  ch_import_analyse (self);
  return self->ambiguous_example;
}

GStrv
ch_import_dup_tier_values (ChImport *self)
{
  g_autofree gpointer *keys = NULL;
  guint n = 0;
  GStrv values;

  g_return_val_if_fail (CH_IS_IMPORT (self), NULL);

  ch_import_analyse (self);
  keys = g_hash_table_get_keys_as_array (self->tier_map, &n);
  values = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    values[i] = g_strdup (keys[i]);
  qsort (values, n, sizeof (char *), (GCompareFunc) ch_import_compare_strings);

  return values;
}

int
ch_import_compare_strings (const void *a,
                           const void *b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

const char *
ch_import_get_tier_for_value (ChImport   *self,
                              const char *value)
{
  const char *key;

  g_return_val_if_fail (CH_IS_IMPORT (self), NULL);

  ch_import_analyse (self);
  key = g_hash_table_lookup (self->tier_map, value);
  return key && *key ? key : NULL;
}

void
ch_import_set_tier_for_value (ChImport   *self,
                              const char *value,
                              const char *tier_key)
{
  g_return_if_fail (CH_IS_IMPORT (self));
  g_return_if_fail (value != NULL);

  g_hash_table_insert (self->tier_map, g_strdup (value), g_strdup (tier_key ? tier_key : ""));
}

void
ch_import_set_match_action (ChImport            *self,
                            ChImportMatchAction  action)
{
  g_return_if_fail (CH_IS_IMPORT (self));
  self->match_action = action;
}

void
ch_import_set_line_match_action (ChImport            *self,
                                 guint                line,
                                 ChImportMatchAction  action)
{
  g_return_if_fail (CH_IS_IMPORT (self));
  g_hash_table_insert (self->line_actions, GUINT_TO_POINTER (line),
                       GUINT_TO_POINTER (action + 1));
}

ChImportMatchAction
ch_import_match_action_for_line (ChImport *self,
                                 guint     line)
{
  guint action = GPOINTER_TO_UINT (g_hash_table_lookup (self->line_actions,
                                                         GUINT_TO_POINTER (line)));

  return action ? (ChImportMatchAction) (action - 1) : self->match_action;
}

ChImportMatchAction
ch_import_get_line_match_action (ChImport *self,
                                 guint     line)
{
  g_return_val_if_fail (CH_IS_IMPORT (self), CH_IMPORT_MATCH_UPDATE);
  return ch_import_match_action_for_line (self, line);
}

static const char * const order_keys[] = { NULL, "day-first", "month-first" };
static const char * const match_keys[] = { "update", "skip", "keep-both" };

JsonObject *
ch_import_dup_mapping (ChImport *self)
{
  JsonObject *mapping = json_object_new ();
  JsonObject *columns = json_object_new ();
  JsonObject *tiers = json_object_new ();
  GHashTableIter iter;
  gpointer key, value;
  ChImportDateOrder order;

  g_return_val_if_fail (CH_IS_IMPORT (self), NULL);

  for (guint c = 0; c < self->n_columns; c++)
    json_object_set_string_member (columns, self->headers[c],
                                   ch_import_fields_key (self->fields[c]));
  json_object_set_object_member (mapping, "columns", columns);
  json_object_set_string_member (mapping, "unmapped",
                                 self->unmapped_to_notes ? "notes" : "ignore");
  order = ch_import_get_date_order (self);
  if (order != CH_IMPORT_DATE_ORDER_UNKNOWN)
    json_object_set_string_member (mapping, "date_order", order_keys[order]);
  g_hash_table_iter_init (&iter, self->tier_map);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (*(const char *) value)
      json_object_set_string_member (tiers, key, value);
  json_object_set_object_member (mapping, "tiers", tiers);
  json_object_set_string_member (mapping, "matches", match_keys[self->match_action]);

  return mapping;
}

static gboolean
mapping_error (GError     **error,
               const char  *what)
{
  g_set_error (error, CH_IMPORT_ERROR, CH_IMPORT_ERROR_MAPPING,
               _("The mapping file is not valid: %s"), what);
  return FALSE;
}

gboolean
ch_import_apply_mapping (ChImport    *self,
                         JsonObject  *mapping,
                         GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (CH_IS_IMPORT (self), FALSE);
  g_return_val_if_fail (mapping != NULL, FALSE);

  if ((node = json_object_get_member (mapping, "columns")))
    {
      JsonObject *columns;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return mapping_error (error, _("“columns” must map headers to fields."));
      columns = json_node_get_object (node);
      for (guint c = 0; c < self->n_columns; c++)
        {
          JsonNode *field = json_object_get_member (columns, self->headers[c]);
          const char *key;

          if (field == NULL)
            continue;
          if (!JSON_NODE_HOLDS_VALUE (field) || json_node_get_value_type (field) != G_TYPE_STRING)
            return mapping_error (error, _("each column must map to a field name."));
          key = json_node_get_string (field);
          if (ch_import_fields_from_key (key) == CH_IMPORT_FIELD_IGNORE &&
              g_strcmp0 (key, "ignore") != 0)
            {
              g_autofree char *what = g_strdup_printf (_("“%s” is not a member field."), key);

              return mapping_error (error, what);
            }
          self->fields[c] = ch_import_fields_from_key (key);
        }
    }

  if (json_object_has_member (mapping, "unmapped"))
    self->unmapped_to_notes =
      g_strcmp0 (json_object_get_string_member_with_default (mapping, "unmapped", ""),
                 "notes") == 0;

  if (json_object_has_member (mapping, "date_order"))
    {
      const char *order = json_object_get_string_member_with_default (mapping, "date_order", "");

      if (g_strcmp0 (order, "day-first") == 0)
        self->chosen_order = CH_IMPORT_DATE_ORDER_DAY_FIRST;
      else if (g_strcmp0 (order, "month-first") == 0)
        self->chosen_order = CH_IMPORT_DATE_ORDER_MONTH_FIRST;
      else
        return mapping_error (error,
                              _("“date_order” is “day-first” or “month-first”."));
    }

  if ((node = json_object_get_member (mapping, "tiers")) && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *value;
      JsonNode *tier;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &value, &tier))
        if (JSON_NODE_HOLDS_VALUE (tier) && json_node_get_value_type (tier) == G_TYPE_STRING)
          ch_import_set_tier_for_value (self, value, json_node_get_string (tier));
    }

  if (json_object_has_member (mapping, "matches"))
    {
      const char *matches = json_object_get_string_member_with_default (mapping, "matches", "");
      guint i;

      for (i = 0; i < G_N_ELEMENTS (match_keys); i++)
        if (g_strcmp0 (matches, match_keys[i]) == 0)
          break;
      if (i == G_N_ELEMENTS (match_keys))
        return mapping_error (error,
                              _("“matches” is “update”, “skip” or “keep-both”."));
      self->match_action = (ChImportMatchAction) i;
    }

  self->analysed = FALSE;
  return TRUE;
}

void
ch_import_remember_mapping (ChImport *self)
{
  g_autofree char *key = mapping_meta_key (self);
  g_autoptr(JsonObject) mapping = ch_import_dup_mapping (self);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), mapping);
  g_autofree char *text = json_to_string (node, FALSE);

  ch_store_set_meta (self->store, key, text, NULL);
}

guint
ch_import_get_n_rows (ChImport *self)
{
  g_return_val_if_fail (CH_IS_IMPORT (self), 0);
  return ch_sheet_get_n_rows (self->sheet) - 1;
}
