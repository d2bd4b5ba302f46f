/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Minor units of a currency (2 for EUR, 0 for JPY). */
guint        ch_money_currency_digits          (const char *currency);

/* "EUR 120.00"-style text of an amount in minor units. */
char        *ch_money_format             (gint64      minor,
                                          const char *currency);

/* Parses "120", "120.5", "120,50" into minor units; FALSE when invalid. */
gboolean     ch_money_parse              (const char *text,
                                          const char *currency,
                                          gint64     *minor);

/* An amount as people type it: "1 500,00", "1 500 kr", "1,500.00",
 * "1.500,00 €", "SEK 1500", "1500:-", "1'500.00".  Spaces, apostrophes and
 * the separator that is not the decimal one group thousands (in groups of
 * three); a lone "." or "," is the decimal separator when it is
 * @decimal_point (the user's locale's, NULL for ".") or is not followed by
 * exactly three digits.  The chapter's currency code or a common symbol may
 * stand before or after.  FALSE when it is not an amount of @currency. */
gboolean     ch_money_parse_amount             (const char *text,
                                          const char *currency,
                                          const char *decimal_point,
                                          gint64     *minor);

G_END_DECLS
