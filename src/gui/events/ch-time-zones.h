/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "ch-event.h"

G_BEGIN_DECLS

/* The IANA zones of the system's tz database, one per country as people
 * look for them, sorted; the local zone and UTC are always present.  Read
 * once, shared by every form that offers a zone. */
GtkStringList *ch_time_zones_get_list   (void);
/* A zone of the list, with what people recognise it by. */
typedef struct
{
  char *id;        /* "Europe/Stockholm": what is stored */
  char *label;     /* "Stockholm (CET/CEST)" */
  char *country;   /* "SE", or NULL */
} ChTimeZone;

/* The zones of ch_time_zones_get_list() as ChTimeZone, sorted by label. */
GPtrArray     *ch_time_zones_get_zones  (void);
/* "Stockholm (CET/CEST)": the city, then the abbreviations of a winter
 * and a summer day of this year (standard time first). */
char          *ch_time_zones_make_label (const char *id);
/* The country code of a zone ("SE" for Europe/Stockholm), or NULL. */
const char    *ch_time_zones_get_country (const char *zone_id);
/* The zone a chapter in @country (an ISO code) and @city most likely
 * uses: the zone named after the city when the country has several, else
 * the country's main zone; NULL for an unknown country. */
const char    *ch_time_zones_guess      (const char *country,
                                         const char *city);

/* An event row's day and times in its own zone, short and translated,
 * without padded day numbers: "Tue 8 Dec, 18:00–20:00". */
char          *ch_time_zones_format_event_short (ChEvent *event);

G_END_DECLS
