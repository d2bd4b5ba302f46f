/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fuzz target of the import reader: any bytes as a file a president might
 * choose (ChSheet: CSV/TSV in any encoding, or an XLSX/ODS zip).  Every
 * row is read; nothing may crash, leak or read out of bounds.
 *
 * Built with libFuzzer when meson is set up with clang and -Dfuzzing=true
 * (see meson.build here); its corpus is replayed by the test "fuzz-sheet"
 * in every build.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "ch-sheet.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  for (guint sheet = 0; sheet < 2; sheet++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ChSheet) table = ch_sheet_new_from_data (sheet ? "fuzz.tsv" : "fuzz.csv",
                                                         (const char *) data, size, sheet,
                                                         &error);

      g_assert ((table == NULL) == (error != NULL));
      if (table == NULL)
        {
          g_assert (error->message != NULL && *error->message != '\0');
          continue;
        }

      for (guint r = 0; r < ch_sheet_get_n_rows (table); r++)
        {
          g_auto(GStrv) row = ch_sheet_get_row (table, r);

          for (guint c = 0; row[c]; c++)
            g_assert (g_utf8_validate (row[c], -1, NULL));
        }
    }

  return 0;
}
