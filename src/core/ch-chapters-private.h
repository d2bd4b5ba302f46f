/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the store's schema module only: the GUI does not see SQLite. */

#include <sqlite3.h>

#include "ch-chapters.h"

G_BEGIN_DECLS

/* Registers ch_country_code(text) on @db: the ISO code of a country name
 * or code, NULL when it is not one (used by the level 9 migration). */
void       ch_chapter_register_sql_functions (sqlite3 *db);

G_END_DECLS
