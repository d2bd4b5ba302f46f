/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The IANA zones of the system's tz database, one per country as people
 * look for them, sorted; the local zone and UTC are always present.  Read
 * once, shared by every form that offers a zone. */
GtkStringList *ch_time_zones_get_list   (void);
/* An event row's day and times in its own zone, short and translated,
 * without padded day numbers: "Tue 8 Dec, 18:00–20:00". */
char          *ch_time_zones_format_event_short (JsonObject *event);

G_END_DECLS
