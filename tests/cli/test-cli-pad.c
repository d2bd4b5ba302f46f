/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ch-cli-pad.h"

/* chapterhouse-cli pads its columns by what a terminal shows: a translated
 * label with accents lines up with an English one. */

static void
test_cli_pad_width (void)
{
  g_assert_cmpuint (ch_cli_pad_width (""), ==, 0);
  g_assert_cmpuint (ch_cli_pad_width ("Status:"), ==, 7);
  /* Portuguese and Spanish labels: one column a letter, not a byte */
  g_assert_cmpuint (ch_cli_pad_width ("Situação:"), ==, 9);
  g_assert_cmpuint (ch_cli_pad_width ("Teléfono:"), ==, 9);
  g_assert_cmpuint (ch_cli_pad_width ("ANMÄLAN"), ==, 7);
  /* "é" written as "e" and a combining acute accent */
  g_assert_cmpuint (ch_cli_pad_width ("Te\xcc\x81le\xcc\x81" "fono:"), ==, 9);
  /* Japanese: two columns a character */
  g_assert_cmpuint (ch_cli_pad_width ("状態"), ==, 4);
}

static void
test_cli_pad_columns (void)
{
  g_autofree char *english = ch_cli_pad ("Status:", 18);
  g_autofree char *portuguese = ch_cli_pad ("Situação:", 18);
  g_autofree char *wide = ch_cli_pad ("状態", 6);
  g_autofree char *long_text = ch_cli_pad ("A label longer than the column", 10);

  g_assert_cmpstr (english, ==, "Status:           ");
  g_assert_cmpstr (portuguese, ==, "Situação:         ");
  /* Both take 18 columns, so the values after them line up */
  g_assert_cmpuint (ch_cli_pad_width (english), ==, 18);
  g_assert_cmpuint (ch_cli_pad_width (portuguese), ==, 18);
  g_assert_cmpstr (wide, ==, "状態  ");
  /* Never cut */
  g_assert_cmpstr (long_text, ==, "A label longer than the column");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/pad/width", test_cli_pad_width);
  g_test_add_func ("/cli/pad/columns", test_cli_pad_columns);
  return g_test_run ();
}
