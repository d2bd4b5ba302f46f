/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-store-holder"

/*
 * A long-lived process that keeps a ChStore open, as the window does, for
 * the tests of the data file.  "ch-store-holder DB" opens DB and then
 * answers commands read from stdin, one a line, with "ok …" or
 * "error MESSAGE" on stdout:
 *
 *   second     opens and closes a second ChStore on the same file, as the
 *              window's demo thread and every sync do
 *   add NAME   adds a member called NAME to the only chapter
 *   count      answers "ok N", the number of members of that chapter
 *   device     answers "ok ID", the store's device id
 *
 * The test ends it with SIGKILL, as a crash or a power cut would.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ch-store.h"

static char *
only_chapter (ChStore  *store,
              GError  **error)
{
  g_autoptr(GPtrArray) chapters = ch_store_list_chapters (store, error);

  if (chapters == NULL)
    return NULL;
  if (chapters->len != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%u chapters", chapters->len);
      return NULL;
    }

  return g_strdup (ch_chapter_get_id (g_ptr_array_index (chapters, 0)));
}

static char *
run_command (ChStore    *store,
             const char *line,
             GError    **error)
{
  if (g_str_equal (line, "second"))
    {
      g_autoptr(ChStore) second = ch_store_open (ch_store_get_path (store), error);

      return second != NULL ? g_strdup ("") : NULL;
    }

  if (g_str_has_prefix (line, "add "))
    {
      g_autofree char *chapter_id = only_chapter (store, error);
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autofree char *id = NULL;

      if (chapter_id == NULL)
        return NULL;

      json_object_set_string_member (fields, "given_name", line + 4);
      json_object_set_string_member (fields, "family_name", "Holder");
      json_object_set_string_member (fields, "tier", "network");
      if (!ch_store_add_member (store, chapter_id, fields, &id, error))
        return NULL;

      return g_steal_pointer (&id);
    }

  if (g_str_equal (line, "count"))
    {
      g_autofree char *chapter_id = only_chapter (store, error);

      if (chapter_id == NULL)
        return NULL;

      return g_strdup_printf ("%u", ch_store_count_members (store, chapter_id));
    }

  if (g_str_equal (line, "device"))
    return g_strdup (ch_store_get_device_id (store));

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "unknown command “%s”", line);
  return NULL;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(ChStore) store = NULL;
  g_autoptr(GError) error = NULL;
  char line[1024];

  if (argc != 2)
    {
      g_printerr ("usage: ch-store-holder DB\n");
      return 2;
    }

  if (!(store = ch_store_open (argv[1], &error)))
    {
      g_print ("error %s\n", error->message);
      return 1;
    }

  g_print ("ok open\n");
  fflush (stdout);

  while (fgets (line, sizeof line, stdin) != NULL)
    {
      g_autofree char *answer = NULL;

      g_strchomp (line);
      g_clear_error (&error);
      answer = run_command (store, line, &error);
      if (answer != NULL)
        g_print ("ok %s\n", answer);
      else
        g_print ("error %s\n", error->message);
      fflush (stdout);
    }

  return 0;
}
