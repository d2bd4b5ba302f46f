/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-import"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ch-import-dates.h"

static const char * const months[] = {
  "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
};

/* The month of an English month name or its abbreviation, or 0. */
static guint
month_of (const char *word,
          gsize       len)
{
  g_autofree char *lower = g_ascii_strdown (word, (gssize) len);

  if (len < 3)
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    if (strncmp (lower, months[i], 3) == 0)
      return i + 1;

  return 0;
}

static ChImportDateResult
make (guint    year,
      guint    month,
      guint    day,
      char   **out_iso)
{
  if (year < 100)
    year += year < 70 ? 2000 : 1900;
  if (year < 1900 || year > 2200 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month,
                                                       (GDateYear) year))
    return CH_IMPORT_DATE_INVALID;

  /* "%04u-%02u-%02u" (1900–2200, a valid month and day), without printf:
   * two dates a row of a large file. */
  *out_iso = g_malloc (11);
  (*out_iso)[0] = (char) ('0' + year / 1000);
  (*out_iso)[1] = (char) ('0' + year / 100 % 10);
  (*out_iso)[2] = (char) ('0' + year / 10 % 10);
  (*out_iso)[3] = (char) ('0' + year % 10);
  (*out_iso)[4] = '-';
  (*out_iso)[5] = (char) ('0' + month / 10);
  (*out_iso)[6] = (char) ('0' + month % 10);
  (*out_iso)[7] = '-';
  (*out_iso)[8] = (char) ('0' + day / 10);
  (*out_iso)[9] = (char) ('0' + day % 10);
  (*out_iso)[10] = '\0';
  return CH_IMPORT_DATE_OK;
}

/* Splits @text into at most 4 numbers and words; separators are any of
 * " -/.,".  Returns how many parts; *@seps the first separator. */
static guint
split (const char  *text,
       const char **starts,
       gsize       *lens,
       char        *sep)
{
  guint n = 0;
  const char *p = text;

  *sep = 0;
  while (*p && n < 4)
    {
      const char *start = p;

      if (g_ascii_isdigit (*p))
        while (g_ascii_isdigit (*p))
          p++;
      else if (g_ascii_isalpha (*p))
        while (g_ascii_isalpha (*p))
          p++;
      else
        return 0;
      starts[n] = start;
      lens[n] = (gsize) (p - start);
      n++;

      if (*p && strchr (" -/.,", *p))
        {
          if (*sep == 0)
            *sep = *p;
          while (*p && strchr (" -/.,", *p))
            p++;
        }
      else if (*p)
        return 0;
    }

  return *p ? 0 : n;
}

ChImportDateResult
ch_import_dates_parse (const char         *text,
                       ChImportDateOrder   order,
                       char              **out_iso,
                       ChImportDateOrder  *out_proves)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));
  const char *starts[4];
  gsize lens[4];
  guint nums[4] = { 0 };
  gboolean digits[4] = { FALSE };
  char sep;
  guint n;

  g_return_val_if_fail (out_iso != NULL, CH_IMPORT_DATE_INVALID);

  *out_iso = NULL;
  if (out_proves)
    *out_proves = CH_IMPORT_DATE_ORDER_UNKNOWN;
  if (*copy == '\0')
    return CH_IMPORT_DATE_EMPTY;

  /* A time after an ISO date ("2024-03-04T10:00" or " 10:00:00") goes. */
  if (strlen (copy) > 10 && g_ascii_isdigit (copy[0]) && copy[4] == '-' &&
      (copy[10] == 'T' || copy[10] == ' '))
    copy[10] = '\0';

  n = split (copy, starts, lens, &sep);
  if (n != 3)
    return CH_IMPORT_DATE_INVALID;

  for (guint i = 0; i < n; i++)
    {
      digits[i] = g_ascii_isdigit (starts[i][0]);
      if (digits[i])
        nums[i] = lens[i] > 4 ? 100000 : (guint) atoi (starts[i]);
    }

  /* 2024-03-04, 2024/03/04 */
  if (digits[0] && digits[1] && digits[2] && lens[0] == 4)
    return make (nums[0], nums[1], nums[2], out_iso);

  /* 4 Mar 2024, Mar 4, 2024 */
  if (digits[0] && !digits[1] && digits[2])
    {
      guint month = month_of (starts[1], lens[1]);

      return month ? make (nums[2], month, nums[0], out_iso) : CH_IMPORT_DATE_INVALID;
    }
  if (!digits[0] && digits[1] && digits[2])
    {
      guint month = month_of (starts[0], lens[0]);

      return month ? make (nums[2], month, nums[1], out_iso) : CH_IMPORT_DATE_INVALID;
    }

  if (!(digits[0] && digits[1] && digits[2]) || (lens[2] != 4 && lens[2] != 2))
    return CH_IMPORT_DATE_INVALID;

  /* 04.03.2024: day first wherever dots are written. */
  if (sep == '.')
    return make (nums[2], nums[1], nums[0], out_iso);

  if (nums[0] > 12 && nums[1] <= 12)
    {
      if (out_proves)
        *out_proves = CH_IMPORT_DATE_ORDER_DAY_FIRST;
      return make (nums[2], nums[1], nums[0], out_iso);
    }
  if (nums[1] > 12 && nums[0] <= 12)
    {
      if (out_proves)
        *out_proves = CH_IMPORT_DATE_ORDER_MONTH_FIRST;
      return make (nums[2], nums[0], nums[1], out_iso);
    }
  if (nums[0] > 12 || nums[1] > 12)
    return CH_IMPORT_DATE_INVALID;

  /* Both orders read the same. */
  if (nums[0] == nums[1])
    return make (nums[2], nums[0], nums[1], out_iso);

  switch (order)
    {
    case CH_IMPORT_DATE_ORDER_DAY_FIRST:
      return make (nums[2], nums[1], nums[0], out_iso);
    case CH_IMPORT_DATE_ORDER_MONTH_FIRST:
      return make (nums[2], nums[0], nums[1], out_iso);
    case CH_IMPORT_DATE_ORDER_UNKNOWN:
    default:
      return CH_IMPORT_DATE_AMBIGUOUS;
    }
}
