/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-place-choices"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-country.h"
#include "ch-place-choices.h"
#include "ch-time-zones.h"

typedef struct
{
  GtkStringList *labels;       /* what the list shows; item 0: nothing chosen */
  GPtrArray     *values;       /* what is stored, parallel to labels; [0] unused */
  char          *placeholder;
  char          *other;        /* a stored value not in the list, shown in item 0 */
} Choices;

static void
choices_free (Choices *c)
{
  g_clear_object (&c->labels);
  g_clear_pointer (&c->values, g_ptr_array_unref);
  g_free (c->placeholder);
  g_free (c->other);
  g_free (c);
}

static Choices *
choices_get (GtkDropDown *drop_down)
{
  return g_object_get_data (G_OBJECT (drop_down), "ch-choices");
}

static Choices *
choices_attach (GtkDropDown *drop_down,
                const char  *placeholder)
{
  Choices *c = g_new0 (Choices, 1);
  g_autoptr(GtkExpression) expression = NULL;

  c->labels = gtk_string_list_new (NULL);
  c->values = g_ptr_array_new_with_free_func (g_free);
  c->placeholder = g_strdup (placeholder);
  gtk_string_list_append (c->labels, placeholder);
  g_ptr_array_add (c->values, NULL);
  g_object_set_data_full (G_OBJECT (drop_down), "ch-choices", c, (GDestroyNotify) choices_free);

  /* The search of the list matches the label. */
  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (drop_down, expression);
  gtk_drop_down_set_enable_search (drop_down, TRUE);

  return c;
}

static void
choices_done (GtkDropDown *drop_down,
              Choices     *c)
{
  gtk_drop_down_set_model (drop_down, G_LIST_MODEL (c->labels));
  gtk_drop_down_set_selected (drop_down, 0);
}

typedef struct
{
  const char *code;
  const char *name;
  char       *key;
} CountryItem;

static int
compare_country_items (gconstpointer a,
                       gconstpointer b)
{
  return g_strcmp0 (((const CountryItem *) a)->key, ((const CountryItem *) b)->key);
}

void
ch_place_choices_setup_country (GtkDropDown *drop_down,
                            const char  *placeholder)
{
  Choices *c = choices_attach (drop_down, placeholder);
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (CountryItem));
  const ChCountry *all;
  guint n;

  all = ch_country_all (&n);
  for (guint i = 0; i < n; i++)
    {
      CountryItem item = { all[i].code, ch_country_get_localized_name (&all[i]), NULL };

      item.key = g_utf8_collate_key (item.name, -1);
      g_array_append_val (items, item);
    }
  /* In the order of the user's language. */
  g_array_sort (items, compare_country_items);

  for (guint i = 0; i < items->len; i++)
    {
      CountryItem *item = &g_array_index (items, CountryItem, i);

      gtk_string_list_append (c->labels, item->name);
      g_ptr_array_add (c->values, g_strdup (item->code));
      g_free (item->key);
    }

  choices_done (drop_down, c);
}

void
ch_place_choices_setup_time_zone (GtkDropDown *drop_down,
                              const char  *placeholder)
{
  Choices *c = choices_attach (drop_down, placeholder);
  GPtrArray *zones = ch_time_zones_get_zones ();

  for (guint i = 0; i < zones->len; i++)
    {
      const ChTimeZone *zone = g_ptr_array_index (zones, i);

      gtk_string_list_append (c->labels, zone->label);
      g_ptr_array_add (c->values, g_strdup (zone->id));
    }

  choices_done (drop_down, c);
}

void
ch_place_choices_set_value (GtkDropDown *drop_down,
                               const char  *value)
{
  Choices *c = choices_get (drop_down);
  const char *first;

  g_return_if_fail (c != NULL);

  for (guint i = 1; value != NULL && i < c->values->len; i++)
    if (g_strcmp0 (g_ptr_array_index (c->values, i), value) == 0)
      {
        gtk_drop_down_set_selected (drop_down, i);
        return;
      }

  g_free (c->other);
  c->other = value != NULL && *value != '\0' ? g_strdup (value) : NULL;
  first = c->other ? c->other : c->placeholder;

  if (g_strcmp0 (gtk_string_list_get_string (c->labels, 0), first) != 0)
    {
      const char *replacement[] = { first, NULL };

      gtk_string_list_splice (c->labels, 0, 1, replacement);
    }
  gtk_drop_down_set_selected (drop_down, 0);
}

const char *
ch_place_choices_get_value (GtkDropDown *drop_down)
{
  Choices *c = choices_get (drop_down);
  guint pos = gtk_drop_down_get_selected (drop_down);

  g_return_val_if_fail (c != NULL, NULL);

  if (pos == 0 || pos >= c->values->len)
    return pos == 0 ? c->other : NULL;

  return g_ptr_array_index (c->values, pos);
}
