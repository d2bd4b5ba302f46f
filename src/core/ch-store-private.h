/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ch-store.h"

G_BEGIN_DECLS

/* For the store's own modules only: the writer connection (main thread). */
sqlite3 *ch_store_get_db (ChStore *self);

/* Ends the argument list of the store's little SQL helpers. */
extern const char ch_store_sql_end[];

G_END_DECLS
