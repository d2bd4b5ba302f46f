/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CH_TYPE_CHAPTER (ch_chapter_get_type ())

G_DECLARE_FINAL_TYPE (ChChapter, ch_chapter, CH, CHAPTER, GObject)

/* A read-only snapshot of the chapter row and its rules. */
ChChapter   *ch_chapter_new_from_row     (JsonObject *row);

const char  *ch_chapter_get_id           (ChChapter  *self);
const char  *ch_chapter_get_name         (ChChapter  *self);
const char  *ch_chapter_get_country      (ChChapter  *self);
const char  *ch_chapter_get_city         (ChChapter  *self);
const char  *ch_chapter_get_timezone     (ChChapter  *self);
const char  *ch_chapter_get_currency     (ChChapter  *self);
gint64       ch_chapter_get_dues_amount  (ChChapter  *self);
const char  *ch_chapter_get_dues_period  (ChChapter  *self);
gint         ch_chapter_get_grace_days   (ChChapter  *self);

/* Minor units of a currency (2 for EUR, 0 for JPY). */
guint        ch_currency_digits          (const char *currency);
/* "EUR 120.00"-style text of an amount in minor units. */
char        *ch_format_money             (gint64      minor,
                                          const char *currency);
/* Parses "120", "120.5", "120,50" into minor units; FALSE when invalid. */
gboolean     ch_parse_money              (const char *text,
                                          const char *currency,
                                          gint64     *minor);
/* An amount as people type it: "1 500,00", "1 500 kr", "1,500.00",
 * "1.500,00 €", "SEK 1500", "1500:-", "1'500.00".  Spaces, apostrophes and
 * the separator that is not the decimal one group thousands (in groups of
 * three); a lone "." or "," is the decimal separator when it is
 * @decimal_point (the user's locale's, NULL for ".") or is not followed by
 * exactly three digits.  The chapter's currency code or a common symbol may
 * stand before or after.  FALSE when it is not an amount of @currency. */
gboolean     ch_parse_amount             (const char *text,
                                          const char *currency,
                                          const char *decimal_point,
                                          gint64     *minor);

G_END_DECLS
