/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * Searchable lists for a chapter's country and time zone: a GtkDropDown
 * (with enable-search; typing finds an entry by the start of its name)
 * over what people read (“Sweden”, “Stockholm (CET/CEST)”), while the
 * value is what is stored (“SE”, “Europe/Stockholm”).  The first entry
 * says that nothing is chosen yet, or shows a stored value that is not in
 * the list (older data) as it is.
 */

void        ch_place_choices_setup_country     (GtkDropDown *drop_down,
                                            const char  *placeholder);
void        ch_place_choices_setup_time_zone   (GtkDropDown *drop_down,
                                            const char  *placeholder);

/* Selects @value (NULL or "" selects nothing). */
void        ch_place_choices_set_value  (GtkDropDown *drop_down,
                                            const char  *value);
/* The selected value, or NULL when nothing is chosen. */
const char *ch_place_choices_get_value  (GtkDropDown *drop_down);

G_END_DECLS
