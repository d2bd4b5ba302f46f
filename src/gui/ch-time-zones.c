/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-time-zones"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ch-events.h"
#include "ch-gui-util.h"
#include "ch-time-zones.h"

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
ch_time_zones_format_event_short (JsonObject *event)
{
  const char *zone = ch_gui_json_get_string (event, "timezone");
  g_autofree char *starts = ch_event_utc_to_local (zone,
                                                   ch_gui_json_get_string (event, "starts_at"));
  g_autofree char *ends = ch_event_utc_to_local (zone, ch_gui_json_get_string (event, "ends_at"));
  g_autoptr(GDateTime) start = NULL;
  g_autofree char *weekday = NULL;
  g_autofree char *month = NULL;
  g_autofree char *day = NULL;
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
  /* Translators: day, start time and end time of an event */
  return g_strdup_printf (_("%s, %s–%s"), day, starts + 11, ends != NULL && strlen (ends) >= 16 ? ends + 11 : "");
}
