/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Replays a fuzz corpus through its target without libFuzzer: every file
 * of the folders given on the command line, once.  A crash or a failed
 * assertion fails the test.
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
main (int    argc,
      char **argv)
{
  guint n = 0;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GDir) dir = g_dir_open (argv[i], 0, NULL);
      const char *name;

      g_assert (dir != NULL);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (argv[i], name, NULL);
          g_autofree char *data = NULL;
          gsize len = 0;

          if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
            continue;
          g_assert (g_file_get_contents (path, &data, &len, NULL));
          LLVMFuzzerTestOneInput ((const uint8_t *) data, len);
          n++;
        }
    }

  g_print ("%u inputs replayed\n", n);
  return n > 0 ? 0 : 1;
}
