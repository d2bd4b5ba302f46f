/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ch-generate: makes a benchmark database with one chapter and N members.
 *
 *   ch-generate --db PATH --members N [--seed S] [--chapter-name TEXT] [--force]
 *
 * The members come from ch_demo_populate() in CH_DEMO_REMOTE mode, as if
 * pulled from a server: realistic names, companies, cities and specialties,
 * nothing in the outbox.  Prints key=value lines (chapter_id, members and
 * the time taken) on stdout.
 */
#define G_LOG_DOMAIN "ch-generate"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "ch-demo.h"
#include "ch-store.h"

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static gboolean
remove_database (const char  *path,
                 GError     **error)
{
  static const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      if (g_unlink (file) != 0 && errno != ENOENT)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "Could not remove %s: %s", file, g_strerror (saved));
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
parse_members (const char  *text,
               guint       *out,
               GError     **error)
{
  guint64 value;

  if (text == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--members is required");
      return FALSE;
    }

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, error))
    return FALSE;

  *out = (guint) value;
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *members_text = NULL;
  g_autofree char *chapter_name = NULL;
  gint64 seed = 20261123;
  gboolean force = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Database file to create", "PATH" },
    { "members", 0, 0, G_OPTION_ARG_STRING, &members_text, "Number of members", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed (default 20261123)", "S" },
    { "chapter-name", 0, 0, G_OPTION_ARG_STRING, &chapter_name, "Name of the chapter", "TEXT" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, "Replace PATH if it exists", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChStore) store = NULL;
  g_autoptr(ChChapter) chapter = NULL;
  g_autoptr(JsonObject) fields = NULL;
  guint n_members = 0;
  gint64 t_start, t_open, t_populate;
  double open_ms, chapter_ms, populate_ms, close_ms;

  context = g_option_context_new ("- make a Chapterhouse benchmark database");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !parse_members (members_text, &n_members, &error))
    {
      g_printerr ("ch-generate: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (db_path == NULL)
    {
      g_printerr ("ch-generate: --db is required\n");
      return EXIT_FAILURE;
    }
  if (seed < 0 || seed > G_MAXUINT32)
    {
      g_printerr ("ch-generate: --seed must be between 0 and %u\n", G_MAXUINT32);
      return EXIT_FAILURE;
    }

  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      if (!force)
        {
          g_printerr ("ch-generate: %s exists (use --force to replace it)\n", db_path);
          return EXIT_FAILURE;
        }
      if (!remove_database (db_path, &error))
        {
          g_printerr ("ch-generate: %s\n", error->message);
          return EXIT_FAILURE;
        }
    }

  t_start = g_get_monotonic_time ();

  if (!(store = ch_store_open (db_path, &error)))
    {
      g_printerr ("ch-generate: %s\n", error->message);
      return EXIT_FAILURE;
    }
  open_ms = ms_since (t_start);

  t_open = g_get_monotonic_time ();
  fields = json_object_new ();
  json_object_set_string_member (fields, "name",
                                 chapter_name ? chapter_name : "Stockholm Bench Chapter");
  json_object_set_string_member (fields, "country", "Sweden");
  json_object_set_string_member (fields, "city", "Stockholm");
  json_object_set_string_member (fields, "timezone", "Europe/Stockholm");
  json_object_set_string_member (fields, "currency", "SEK");
  json_object_set_int_member (fields, "dues_amount", 150000);
  json_object_set_string_member (fields, "dues_period", "yearly");
  json_object_set_int_member (fields, "grace_days", 30);

  if (!(chapter = ch_store_create_chapter (store, fields, &error)))
    {
      g_printerr ("ch-generate: %s\n", error->message);
      return EXIT_FAILURE;
    }
  chapter_ms = ms_since (t_open);

  t_populate = g_get_monotonic_time ();
  if (n_members > 0 &&
      !ch_demo_populate (store, ch_chapter_get_id (chapter), n_members, (guint32) seed,
                         CH_DEMO_REMOTE, &error))
    {
      g_printerr ("ch-generate: %s\n", error->message);
      return EXIT_FAILURE;
    }
  populate_ms = ms_since (t_populate);

  {
    gint64 t_close = g_get_monotonic_time ();

    /* Closing checkpoints the WAL into the main file: part of the cost. */
    g_clear_object (&store);
    close_ms = ms_since (t_close);
  }

  g_print ("chapter_id=%s\n", ch_chapter_get_id (chapter));
  g_print ("members=%u\n", n_members);
  g_print ("seed=%u\n", (guint32) seed);
  g_print ("open_ms=%.1f\n", open_ms);
  g_print ("create_chapter_ms=%.1f\n", chapter_ms);
  g_print ("populate_ms=%.1f\n", populate_ms);
  g_print ("close_ms=%.1f\n", close_ms);
  g_print ("total_ms=%.1f\n", ms_since (t_start));
  if (n_members > 0)
    g_print ("members_per_s=%.0f\n", n_members / (populate_ms / 1000.0));

  return EXIT_SUCCESS;
}
