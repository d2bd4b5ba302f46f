/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-time-zones"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ch-event.h"
#include "ch-time-zones.h"
#include "ch-fold.h"
#include "ch-date-text.h"

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static GtkStringList *
load_zones (void)
{
  g_autoptr(GPtrArray) zones = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  const char *local_id = g_time_zone_get_identifier (local);
  GtkStringList *list = gtk_string_list_new (NULL);
  /* zone1970.tab merges zones of countries that share a clock since 1970
   * (Stockholm into Berlin); zone.tab still has one per country, which is
   * what people look for. */
  const char *files[] = { "/usr/share/zoneinfo/zone.tab", "/usr/share/zoneinfo/zone1970.tab" };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;

      if (!g_file_get_contents (files[f], &contents, NULL, NULL))
        continue;

      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i]; i++)
        {
          g_auto(GStrv) cols = NULL;

          if (lines[i][0] == '#' || lines[i][0] == '\0')
            continue;
          cols = g_strsplit (lines[i], "\t", 4);
          if (g_strv_length (cols) >= 3 && !g_hash_table_contains (seen, cols[2]))
            {
              char *zone = g_strdup (cols[2]);

              g_ptr_array_add (zones, zone);
              g_hash_table_add (seen, zone);
            }
        }
    }

  if (local_id != NULL && strchr (local_id, '/') != NULL && !g_hash_table_contains (seen, local_id))
    g_ptr_array_add (zones, g_strdup (local_id));
  if (!g_hash_table_contains (seen, "UTC"))
    g_ptr_array_add (zones, g_strdup ("UTC"));

  g_ptr_array_sort (zones, compare_strings);
  for (guint i = 0; i < zones->len; i++)
    gtk_string_list_append (list, g_ptr_array_index (zones, i));

  return list;
}

/* ----------------------------------------------------------------------- */
/* Zones by country, with labels people recognise                            */

typedef struct
{
  GPtrArray  *zones;          /* ChTimeZone*, sorted by label */
  GHashTable *by_id;          /* id → ChTimeZone* */
  GHashTable *by_country;     /* code → GPtrArray of ids, in zone.tab order */
} ZoneTable;

static void
time_zone_free (ChTimeZone *zone)
{
  g_free (zone->id);
  g_free (zone->label);
  g_free (zone->country);
  g_free (zone);
}

/* "CET" or, for zones that have no letters, "UTC+05:30". */
static char *
abbreviation (GTimeZone *tz,
              gint64     instant,
              gboolean  *is_dst)
{
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, instant);
  const char *abbrev;

  if (interval < 0)
    return NULL;

  *is_dst = g_time_zone_is_dst (tz, interval);
  abbrev = g_time_zone_get_abbreviation (tz, interval);
  if (abbrev == NULL || *abbrev == '\0')
    return NULL;
  if (abbrev[0] == '+' || abbrev[0] == '-')
    {
      if (strlen (abbrev) == 5)
        return g_strdup_printf ("UTC%.3s:%s", abbrev, abbrev + 3);
      return g_strdup_printf ("UTC%s", abbrev);
    }

  return g_strdup (abbrev);
}

char *
ch_time_zones_make_label (const char *id)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (id);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) january = NULL;
  g_autoptr(GDateTime) july = NULL;
  g_autofree char *city = NULL;
  g_autofree char *winter = NULL;
  g_autofree char *summer = NULL;
  const char *slash = strrchr (id, '/');
  gboolean winter_dst = FALSE, summer_dst = FALSE;

  city = g_strdup (slash ? slash + 1 : id);
  g_strdelimit (city, "_", ' ');
  if (tz == NULL || strchr (id, '/') == NULL || g_str_has_prefix (id, "Etc/"))
    return g_steal_pointer (&city);

  january = g_date_time_new_utc (g_date_time_get_year (now), 1, 15, 12, 0, 0);
  july = g_date_time_new_utc (g_date_time_get_year (now), 7, 15, 12, 0, 0);
  winter = abbreviation (tz, g_date_time_to_unix (january), &winter_dst);
  summer = abbreviation (tz, g_date_time_to_unix (july), &summer_dst);

  if (winter == NULL || summer == NULL || g_strcmp0 (winter, summer) == 0)
    {
      const char *one = winter ? winter : summer;

      /* Translators: a time zone: its main city and its abbreviation,
       * e.g. "Tokyo (JST)" */
      return one ? g_strdup_printf (_("%s (%s)"), city, one) : g_steal_pointer (&city);
    }

  /* Standard time first, then summer time, also south of the equator. */
  /* Translators: a time zone: its main city, its standard and its summer
   * time abbreviations, e.g. "Stockholm (CET/CEST)" */
  return g_strdup_printf (_("%s (%s/%s)"), city, winter_dst ? summer : winter,
                          winter_dst ? winter : summer);
}

static int
compare_zone_labels (gconstpointer a,
                     gconstpointer b)
{
  const ChTimeZone *za = *(const ChTimeZone * const *) a;
  const ChTimeZone *zb = *(const ChTimeZone * const *) b;

  return g_utf8_collate (za->label, zb->label);
}

static ZoneTable *
zone_table (void)
{
  static ZoneTable *table;
  GtkStringList *ids;
  g_autofree char *contents = NULL;

  if (table != NULL)
    return table;

  table = g_new0 (ZoneTable, 1);
  table->zones = g_ptr_array_new_with_free_func ((GDestroyNotify) time_zone_free);
  table->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  table->by_country = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_ptr_array_unref);

  /* zone.tab: one country per line, the country's main zone first. */
  if (g_file_get_contents ("/usr/share/zoneinfo/zone.tab", &contents, NULL, NULL))
    {
      g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

      for (guint i = 0; lines[i]; i++)
        {
          g_auto(GStrv) cols = NULL;
          GPtrArray *zones;

          if (lines[i][0] == '#' || lines[i][0] == '\0')
            continue;
          cols = g_strsplit (lines[i], "\t", 4);
          if (g_strv_length (cols) < 3)
            continue;
          zones = g_hash_table_lookup (table->by_country, cols[0]);
          if (zones == NULL)
            {
              zones = g_ptr_array_new_with_free_func (g_free);
              g_hash_table_insert (table->by_country, g_strdup (cols[0]), zones);
            }
          g_ptr_array_add (zones, g_strdup (cols[2]));
        }
    }

  ids = ch_time_zones_get_list ();
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (ids)); i++)
    {
      ChTimeZone *zone = g_new0 (ChTimeZone, 1);

      zone->id = g_strdup (gtk_string_list_get_string (ids, i));
      zone->label = ch_time_zones_make_label (zone->id);
      g_ptr_array_add (table->zones, zone);
      g_hash_table_insert (table->by_id, zone->id, zone);
    }

  {
    GHashTableIter iter;
    const char *code;
    GPtrArray *zones;

    g_hash_table_iter_init (&iter, table->by_country);
    while (g_hash_table_iter_next (&iter, (gpointer *) &code, (gpointer *) &zones))
      for (guint i = 0; i < zones->len; i++)
        {
          ChTimeZone *zone = g_hash_table_lookup (table->by_id, g_ptr_array_index (zones, i));

          if (zone != NULL && zone->country == NULL)
            zone->country = g_strdup (code);
        }
  }

  g_ptr_array_sort (table->zones, compare_zone_labels);
  return table;
}

GPtrArray *
ch_time_zones_get_zones (void)
{
  return zone_table ()->zones;
}

const char *
ch_time_zones_get_country (const char *zone_id)
{
  ChTimeZone *zone = zone_id ? g_hash_table_lookup (zone_table ()->by_id, zone_id) : NULL;

  return zone ? zone->country : NULL;
}

const char *
ch_time_zones_guess (const char *country,
                     const char *city)
{
  /* Where zone.tab does not list the most populous zone first. */
  static const char *main_zone[][2] = {
    { "AU", "Australia/Sydney" }, { "BR", "America/Sao_Paulo" }, { "CA", "America/Toronto" },
    { "RU", "Europe/Moscow" },
  };
  GPtrArray *zones;

  if (country == NULL || !(zones = g_hash_table_lookup (zone_table ()->by_country, country)) ||
      zones->len == 0)
    return NULL;

  if (zones->len > 1 && city != NULL && *city != '\0')
    {
      g_autofree char *wanted = ch_fold (city);

      g_strstrip (wanted);
      for (guint i = 0; i < zones->len; i++)
        {
          const char *id = g_ptr_array_index (zones, i);
          const char *slash = strrchr (id, '/');
          g_autofree char *name = g_strdelimit (g_strdup (slash ? slash + 1 : id), "_", ' ');
          g_autofree char *folded = ch_fold (name);

          if (g_strcmp0 (folded, wanted) == 0)
            return id;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (main_zone); i++)
    if (g_strcmp0 (main_zone[i][0], country) == 0)
      return main_zone[i][1];

  return g_ptr_array_index (zones, 0);
}

GtkStringList *
ch_time_zones_get_list (void)
{
  static GtkStringList *list;

  /* GTK objects live on the main thread only; no lock needed. */
  if (list == NULL)
    list = load_zones ();

  return list;
}

char *
ch_time_zones_format_event_short (ChEvent *event)
{
  g_autofree char *starts = ch_event_dup_starts_local (event);
  g_autofree char *ends = ch_event_dup_ends_local (event);
  g_autoptr(GDateTime) start = NULL;
  g_autofree char *weekday = NULL;
  g_autofree char *month = NULL;
  g_autofree char *day = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  int y, mo, d, h, mi;

  if (starts == NULL || sscanf (starts, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi) != 5 ||
      !(start = g_date_time_new_utc (y, mo, d, h, mi, 0)))
    return g_strdup ("");

  /* The day number is printed here, not by strftime: "%e" pads it with a
   * space and "%-d" is not understood everywhere. */
  weekday = g_date_time_format (start, "%a");
  month = g_date_time_format (start, "%b");
  /* Translators: a short date in the list of events: weekday, day of the
   * month and month, e.g. "Tue 8 Dec"; reorder with %1$s, %2$d, %3$s */
  day = g_strdup_printf (_("%1$s %2$d %3$s"), weekday, d, month);
  from = ch_date_text_format_time (h, mi);
  if (ends != NULL && sscanf (ends, "%*d-%*d-%*d %d:%d", &h, &mi) == 2 && h >= 0 && h < 24 &&
      mi >= 0 && mi < 60)
    to = ch_date_text_format_time (h, mi);
  /* Translators: day, start time and end time of an event (on the desktop's
   * clock: 18:00–20:00 or 6:00 PM–8:00 PM) */
  return g_strdup_printf (_("%s, %s–%s"), day, from, to ? to : "");
}
