/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CH_MONEY_ERROR (ch_money_error_quark ())
GQuark       ch_money_error_quark        (void);

typedef enum
{
  CH_MONEY_ERROR_INVALID,
  CH_MONEY_ERROR_TOO_LARGE,
} ChMoneyError;

/* Minor units an amount of @currency is stored in: ICU's fraction digits
 * (2 for EUR, 0 for JPY, 3 for KWD), except HUF and TWD (0) and IQD (3),
 * which Chapterhouse stored so before it asked ICU. */
guint        ch_money_currency_digits          (const char *currency);

/* An amount in minor units as the user's locale (LC_MONETARY) writes it,
 * formatted by ICU: "1 500,00 kr" (sv_SE, SEK), "1.500,00 €" (de_DE, EUR),
 * "$1,500.00" (en_US, USD); "SEK 1500.00" in the C locale.  The
 * _for_locale() variants take an ICU locale ("sv_SE"; "" for C). */
char        *ch_money_format             (gint64      minor,
                                          const char *currency);
char        *ch_money_format_for_locale  (gint64      minor,
                                          const char *currency,
                                          const char *locale);

/* The same amount without the currency ("1 500,00"), for an entry that is
 * labelled with it. */
char        *ch_money_format_number      (gint64      minor,
                                          const char *currency);
char        *ch_money_format_number_for_locale (gint64      minor,
                                                const char *currency,
                                                const char *locale);

/* An amount typed by the user: as the locale writes amounts (with or
 * without the currency), or any way ch_money_parse_amount() reads, with
 * the locale's decimal separator.  FALSE with a translated
 * CH_MONEY_ERROR that shows how to write it. */
gboolean     ch_money_read               (const char  *text,
                                          const char  *currency,
                                          gint64      *minor,
                                          GError     **error);
gboolean     ch_money_read_for_locale    (const char  *text,
                                          const char  *currency,
                                          const char  *locale,
                                          gint64      *minor,
                                          GError     **error);

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
