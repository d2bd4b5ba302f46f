/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-mail-test"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "ch-mail-test.h"

const char *
mail_test_script (void)
{
  static char *path;

  if (path == NULL)
    path = g_test_build_filename (G_TEST_DIST, "mail", "smtp-server.py", NULL);

  return path;
}

MailServer *
mail_server_start (const char *dir,
                   ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *port_file = g_build_filename (dir, "port", NULL);
  g_autofree char *port_text = NULL;
  MailServer *server = g_new0 (MailServer, 1);
  va_list args;

  server->dir = g_build_filename (dir, "received", NULL);
  g_ptr_array_add (argv, g_strdup ("/usr/bin/python3"));
  g_ptr_array_add (argv, g_strdup (mail_test_script ()));
  g_ptr_array_add (argv, g_strdup ("serve"));
  g_ptr_array_add (argv, g_strdup ("--dir"));
  g_ptr_array_add (argv, g_strdup (server->dir));
  g_ptr_array_add (argv, g_strdup ("--port-file"));
  g_ptr_array_add (argv, g_strdup (port_file));
  va_start (args, dir);
  for (const char *a = va_arg (args, const char *); a != NULL; a = va_arg (args, const char *))
    {
      if (g_str_equal (a, "--starttls"))
        server->ca_file = g_build_filename (server->dir, "ca.pem", NULL);
      g_ptr_array_add (argv, g_strdup (a));
    }
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_unlink (port_file);
  server->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                       G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);

  /* Up to 20 s for Python to start on a loaded machine. */
  for (guint i = 0; i < 2000 && !g_file_get_contents (port_file, &port_text, NULL, NULL); i++)
    {
      g_assert_nonnull (g_subprocess_get_identifier (server->process));
      g_usleep (10 * 1000);
    }
  g_assert_nonnull (port_text);
  server->port = (guint) g_ascii_strtoull (port_text, NULL, 10);
  g_assert_cmpuint (server->port, >, 0);

  return server;
}

void
mail_server_stop (MailServer *server)
{
  if (server == NULL)
    return;

  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_object_unref (server->process);
  g_free (server->dir);
  g_free (server->ca_file);
  g_free (server);
}

guint
mail_server_count (MailServer *server)
{
  guint n = 0;

  for (;;)
    {
      g_autofree char *name = g_strdup_printf ("%04u.eml", n + 1);
      g_autofree char *path = g_build_filename (server->dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return n;
      n++;
    }
}

JsonObject *
mail_server_message (MailServer *server,
                     guint       n)
{
  g_autofree char *name = g_strdup_printf ("%04u.eml", n);
  g_autofree char *path = g_build_filename (server->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) check = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *message;
  const char *text;

  check = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error, "/usr/bin/python3", mail_test_script (), "check", path,
                            NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (check, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (check))
    g_error ("smtp-server.py check %s: %s", path, err);

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  message = json_object_ref (json_node_get_object (json_parser_get_root (parser)));

  /* The text with plain line ends, for the tests' comparisons. */
  text = json_object_get_string_member_with_default (message, "text", NULL);
  if (text != NULL)
    {
      g_autoptr(GString) plain = g_string_new (text);

      g_string_replace (plain, "\r\n", "\n", 0);
      json_object_set_string_member (message, "text", plain->str);
    }

  return message;
}

guint
mail_server_count_to (MailServer *server,
                      const char *address)
{
  guint total = mail_server_count (server);
  guint n = 0;

  for (guint i = 1; i <= total; i++)
    {
      g_autofree char *name = g_strdup_printf ("%04u.json", i);
      g_autofree char *path = g_build_filename (server->dir, name, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *needle = g_strdup_printf ("\"%s\"", address);

      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      if (strstr (contents, needle) != NULL)
        n++;
    }

  return n;
}
