/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "chapterhouse-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ch-chapters.h"
#include "ch-country.h"
#include "ch-entity.h"
#include "ch-events.h"
#include "ch-registrations.h"
#include "ch-member-list.h"
#include "ch-secret.h"
#include "ch-store-sync.h"
#include "ch-sync.h"
#include "ch-sync-round.h"
#include "ch-uuid.h"

#include "ch-cli.h"

/* ----------------------------------------------------------------------- */
/* connect, sync, status                                                     */

/* How a sync's pull goes, on stderr: one line rewritten on a terminal;
 * otherwise a plain line per page, and only for a pull of several pages
 * (a download), so that small syncs stay quiet in scripts. */
typedef struct
{
  Cli      *cli;
  gboolean  tty;
  gboolean  lines;     /* not a terminal, and a pull of several pages */
  gboolean  shown;     /* a terminal line is open */
} SyncProgress;

static void
on_sync_progress (gboolean  first_download,
                  guint64   received,
                  guint64   total,
                  gpointer  user_data)
{
  SyncProgress *p = user_data;
  g_autofree char *done = NULL;
  g_autofree char *all = NULL;
  g_autofree char *text = NULL;
  gulong n = (gulong) MIN (total, G_MAXULONG);

  if (p->cli->json)
    return;
  if (!p->tty && !p->lines)
    {
      if (received >= total)
        return;
      p->lines = TRUE;
    }

  done = g_strdup_printf ("%'" G_GUINT64_FORMAT, received);
  all = g_strdup_printf ("%'" G_GUINT64_FORMAT, total);
  if (total == 0)
    text = g_strdup_printf (first_download
                            ? ngettext ("Downloading the chapter: %s row",
                                        "Downloading the chapter: %s rows",
                                        (gulong) MIN (received, G_MAXULONG))
                            : ngettext ("Receiving changes: %s row", "Receiving changes: %s rows",
                                        (gulong) MIN (received, G_MAXULONG)),
                            done);
  else
    /* Translators: rows of the chapter received so far, of how many */
    text = g_strdup_printf (first_download
                            ? ngettext ("Downloading the chapter: %s of %s",
                                        "Downloading the chapter: %s of %s", n)
                            : ngettext ("Receiving changes: %s of %s",
                                        "Receiving changes: %s of %s", n),
                            done, all);

  if (p->tty)
    {
      g_printerr ("\r%s\033[K", text);
      p->shown = TRUE;
    }
  else
    g_printerr ("%s\n", text);
}

/* Ends the terminal's progress line. */
static void
sync_progress_end (SyncProgress *p)
{
  if (p->shown)
    g_printerr ("\n");
  p->shown = FALSE;
}

static char *
token_for (Cli        *cli,
           const char *server_url,
           GError    **error)
{
  g_autofree char *meta_key = NULL;
  g_autofree char *path = NULL;
  char *token;

  if (ch_cli_flag (cli, "token-file") != NULL)
    return ch_secret_read_token_file (ch_cli_flag (cli, "token-file"), error);

  token = ch_secret_lookup_token (server_url, cli->chapter_id, NULL, NULL);
  if (token != NULL)
    return token;

  /* No keyring (a server, a script): the file named at connect time is read
   * again; its path is kept, never the token. */
  meta_key = g_strconcat ("token_file:", cli->chapter_id, NULL);
  path = ch_store_get_meta (cli->store, meta_key);
  if (path != NULL)
    return ch_secret_read_token_file (path, error);

  g_set_error (error, CH_SYNC_ERROR, CH_SYNC_ERROR_AUTH,
               _("no access token is stored for this chapter; run “connect” again "
                 "or pass --token-file"));
  return NULL;
}

int
ch_cli_cmd_connect (Cli *cli)
{
  static const char *allowed[] = { "token-file", NULL };
  const char *url = ch_cli_arg (cli, 0);
  const char *server_chapter = cli->chapter_id;
  g_autofree char *token = NULL;
  g_autofree char *local_chapter = NULL;
  g_autoptr(ChSyncAccount) me = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) secret_error = NULL;
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GError) sync_error = NULL;
  g_autoptr(ChChapter) chapter = NULL;
  g_autoptr(ChSyncRound) round = NULL;
  SyncProgress progress = { 0 };
  ChSyncReport report = { 0 };
  gboolean synced;
  guint members;
  int rc;

  if ((rc = ch_cli_check_flags (cli, allowed)))
    return rc;
  if (url == NULL || server_chapter == NULL || ch_cli_flag (cli, "token-file") == NULL)
    return ch_cli_fail (EXIT_USAGE, _("usage: connect URL --token-file FILE --chapter ID"));
  /* Refused before anything is sent: no token over plain http:// to another computer. */
  if (!ch_sync_check_url (url, &error))
    return ch_cli_fail (EXIT_USAGE, "%s", error->message);
  if (!ch_uuid_is_valid (server_chapter))
    return ch_cli_fail (EXIT_USAGE, _("“%s” is not a chapter id"), server_chapter);

  if ((rc = ch_cli_open_store (cli)))
    return rc;

  if (!(token = ch_secret_read_token_file (ch_cli_flag (cli, "token-file"), &error)))
    return ch_cli_fail (EXIT_USAGE, "%s", error->message);

  me = ch_sync_verify (url, token, NULL, &error);
  if (me == NULL)
    return ch_cli_fail (EXIT_FAILED, "%s", error->message);

  if (!ch_sync_account_has_chapter (me, server_chapter))
    return ch_cli_fail (EXIT_FAILED, _("this token does not give access to chapter %s"),
                        server_chapter);

  /* A single local chapter that is not linked yet is the one to link, with
   * everything made in it offline. */
  chapters = ch_store_list_chapters (cli->store, NULL);
  for (guint i = 0; chapters && i < chapters->len; i++)
    {
      const char *cid = ch_chapter_get_id (g_ptr_array_index (chapters, i));

      if (g_strcmp0 (cid, server_chapter) == 0)
        {
          g_clear_pointer (&local_chapter, g_free);
          break;
        }
      if (!ch_store_get_sync_state (cli->store, cid, NULL, NULL, NULL) && local_chapter == NULL &&
          chapters->len == 1)
        local_chapter = g_strdup (cid);
    }

  if (!ch_sync_link (cli->store, local_chapter, url, server_chapter, &error))
    return ch_cli_fail (EXIT_FAILED, "%s", error->message);

  ch_store_set_meta (cli->store, "last_linked_chapter", server_chapter, NULL);

  if (!ch_secret_store_token (url, server_chapter, token, NULL, &secret_error))
    {
      g_autofree char *meta_key = g_strconcat ("token_file:", server_chapter, NULL);
      g_autofree char *abs = g_canonicalize_filename (ch_cli_flag (cli, "token-file"), NULL);

      g_debug ("No keyring: %s", secret_error->message);
      ch_store_set_meta (cli->store, meta_key, abs, NULL);
      g_printerr (_("No keyring is available: the token will be read from %s at every sync.\n"),
                  abs);
    }

  /* The first sync, so that the chapter is here when connect ends. */
  g_clear_object (&cli->store);
  progress.cli = cli;
  progress.tty = isatty (STDERR_FILENO);
  round = ch_sync_round_run_with_progress (cli->db_path, server_chapter, token, on_sync_progress,
                                           &progress, NULL, &sync_error);
  sync_progress_end (&progress);
  synced = round != NULL && ch_sync_round_get_resend_error (round) == NULL;
  if (round != NULL)
    report = *ch_sync_round_get_report (round);
  if (round != NULL && !synced)
    sync_error = g_error_copy (ch_sync_round_get_resend_error (round));
  if ((rc = ch_cli_open_store (cli)))
    return rc;
  chapter = ch_store_get_chapter (cli->store, server_chapter, NULL);
  members = chapter ? ch_store_count_members (cli->store, server_chapter) : 0;

  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();

      json_object_set_string_member (out, "chapter_id", server_chapter);
      json_object_set_string_member (out, "server", url);
      json_object_set_boolean_member (out, "linked_local_chapter", local_chapter != NULL);
      json_object_set_boolean_member (out, "synced", synced);
      json_object_set_int_member (out, "pushed", report.pushed);
      json_object_set_int_member (out, "pulled", report.pulled);
      json_object_set_string_member (out, "name", chapter ? ch_chapter_get_name (chapter) : NULL);
      json_object_set_int_member (out, "members", members);
      ch_cli_print_json_object (out);
    }
  else
    {
      g_print (_("Connected chapter %s to %s.\n"), server_chapter, url);
      if (synced && chapter != NULL)
        g_print (g_dngettext (GETTEXT_PACKAGE,
                              "Downloaded “%s”: %u member, %u changes received, %u sent.\n",
                              "Downloaded “%s”: %u members, %u changes received, %u sent.\n",
                              members),
                 ch_chapter_get_name (chapter), members, report.pulled, report.pushed);
    }

  if (!synced)
    return ch_cli_fail (EXIT_FAILED,
                     _("connected, but the first sync failed: %s\n"
                       "Nothing is lost. Run “chapterhouse-cli sync” to try again."),
                     sync_error->message);

  return EXIT_OK;
}

int
ch_cli_cmd_sync (Cli *cli)
{
  static const char *allowed[] = { "token-file", NULL };
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ChSyncRound) round = NULL;
  SyncProgress progress = { 0 };
  g_autoptr(JsonArray) moved_rows = NULL;
  const ChSyncReport *report;
  GPtrArray *moves;
  int rc;

  if ((rc = ch_cli_check_flags (cli, allowed)) || (rc = ch_cli_open_store (cli)))
    return rc;

  if (cli->chapter_id == NULL)
    {
      g_autoptr(GPtrArray) chapters = ch_store_list_chapters (cli->store, NULL);

      /* A chapter only known on the server has no row yet: take the link. */
      for (guint i = 0; chapters && i < chapters->len && cli->chapter_id == NULL; i++)
        if (ch_store_get_sync_state (cli->store,
                                     ch_chapter_get_id (g_ptr_array_index (chapters, i)),
                                     NULL, NULL, NULL))
          cli->chapter_id = g_strdup (ch_chapter_get_id (g_ptr_array_index (chapters, i)));
    }
  if (cli->chapter_id == NULL)
    {
      g_autofree char *linked = ch_store_get_meta (cli->store, "last_linked_chapter");
      cli->chapter_id = g_steal_pointer (&linked);
    }
  if (cli->chapter_id == NULL ||
      !ch_store_get_sync_state (cli->store, cli->chapter_id, &url, NULL, NULL))
    return ch_cli_fail (EXIT_USAGE,
                        _("this chapter is not connected to a server; run “connect” first"));

  if (!(token = token_for (cli, url, &error)))
    return ch_cli_fail (EXIT_USAGE, "%s", error->message);

  /* The round opens its own connections; close ours so nothing waits. */
  g_clear_object (&cli->store);

  /* Sync, then who the server put on the waitlist (another device took
   * the seat first) and free seats for the people waiting, sent at once. */
  progress.cli = cli;
  progress.tty = isatty (STDERR_FILENO);
  round = ch_sync_round_run_with_progress (cli->db_path, cli->chapter_id, token, on_sync_progress,
                                           &progress, NULL, &error);
  sync_progress_end (&progress);
  if (round == NULL)
    return ch_cli_fail (EXIT_FAILED, "%s", error->message);
  report = ch_sync_round_get_report (round);
  moves = ch_sync_round_get_moves (round);

  moved_rows = json_array_new ();
  for (guint i = 0; i < moves->len; i++)
    {
      ChSyncRoundMove *move = g_ptr_array_index (moves, i);
      JsonObject *row = json_object_new ();

      json_object_set_string_member (row, "id", ch_sync_round_move_get_registration_id (move));
      json_object_set_string_member (row, "event_id", ch_sync_round_move_get_event_id (move));
      json_object_set_string_member (row, "display_name", ch_sync_round_move_get_name (move));
      json_object_set_string_member (row, "state", ch_sync_round_move_get_waitlisted (move)
                                                   ? CH_REG_WAITLISTED : CH_REG_REGISTERED);
      json_array_add_object_element (moved_rows, row);
    }

  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();

      json_object_set_array_member (out, "reconciled", json_array_ref (moved_rows));

      json_object_set_int_member (out, "pushed", report->pushed);
      json_object_set_int_member (out, "conflicts", report->conflicts);
      json_object_set_int_member (out, "rejected", report->rejected);
      json_object_set_int_member (out, "overridden", report->overridden);
      json_object_set_int_member (out, "pulled", report->pulled);
      json_object_set_boolean_member (out, "full_resync", report->full_resync);
      json_object_set_int_member (out, "resent", report->resent);
      json_object_set_int_member (out, "removed", report->removed);
      ch_cli_print_json_object (out);
    }
  else
    {
      g_print (g_dngettext (GETTEXT_PACKAGE, "Sent %u change.\n", "Sent %u changes.\n",
                            report->pushed), report->pushed);
      if (report->conflicts > 0)
        /* Translators: after “Sent %u changes.” */
        g_print (g_dngettext (GETTEXT_PACKAGE, "%u of the changes sent was in conflict.\n",
                              "%u of the changes sent were in conflict.\n", report->conflicts),
                 report->conflicts);
      if (report->rejected > 0)
        /* Translators: after “Sent %u changes.” */
        g_print (g_dngettext (GETTEXT_PACKAGE, "%u of the changes sent was refused.\n",
                              "%u of the changes sent were refused.\n", report->rejected),
                 report->rejected);
      if (report->overridden > 0)
        g_print (g_dngettext (GETTEXT_PACKAGE,
                              "The server kept its own value in %u of them; "
                              "“status” says which.\n",
                              "The server kept its own value in %u of them; "
                              "“status” says which.\n",
                              report->overridden), report->overridden);
      g_print (g_dngettext (GETTEXT_PACKAGE, "Received %u change.\n", "Received %u changes.\n",
                            report->pulled), report->pulled);
      if (report->resent > 0)
        g_print (g_dngettext (GETTEXT_PACKAGE,
                              "The server had lost %u record (it was restored from a backup); "
                              "this computer sent it back.\n",
                              "The server had lost %u records (it was restored from a backup); "
                              "this computer sent them back.\n", report->resent),
                 report->resent);
      if (report->removed > 0)
        g_print (g_dngettext (GETTEXT_PACKAGE,
                              "%u record deleted on the server was removed from this computer.\n",
                              "%u records deleted on the server were removed from this "
                              "computer.\n", report->removed),
                 report->removed);
      for (guint i = 0; i < moves->len; i++)
        {
          ChSyncRoundMove *move = g_ptr_array_index (moves, i);

          g_print (ch_sync_round_move_get_waitlisted (move)
                   /* Translators: after a sync, when two officers gave away the same seat; %s
                    * is a person's name, then the registration's id */
                   ? _("%s (registration %s) was moved to the waiting list: the last seat was "
                       "taken on another device first.\n")
                   : _("%s (registration %s) moved up from the waiting list.\n"),
                   ch_sync_round_move_get_name (move),
                   ch_sync_round_move_get_registration_id (move));
        }
    }

  /* The moves are made and kept here; only sending them failed. */
  if (ch_sync_round_get_resend_error (round) != NULL)
    return ch_cli_fail (EXIT_FAILED,
                        _("the seats above could not be sent to the server yet: %s\n"
                          "Nothing is lost. Run “chapterhouse-cli sync” to try again."),
                        ch_sync_round_get_resend_error (round)->message);

  return EXIT_OK;
}

int
ch_cli_cmd_status (Cli *cli)
{
  static const char *allowed[] = { NULL };
  g_autofree char *url = NULL;
  g_autofree char *epoch = NULL;
  g_autofree char *last_sync = NULL;
  g_autofree char *last_error = NULL;
  g_autoptr(JsonObject) out = json_object_new ();
  g_autoptr(ChChapter) chapter = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  gint64 cursor = 0;
  gboolean linked;
  int rc;

  if ((rc = ch_cli_open_chapter (cli, allowed)))
    return rc;

  linked = ch_store_get_sync_state (cli->store, cli->chapter_id, &url, &epoch, &cursor);
  ch_store_get_sync_result (cli->store, cli->chapter_id, &last_sync, &last_error);

  chapter = ch_store_get_chapter (cli->store, cli->chapter_id, NULL);
  json_object_set_string_member (out, "chapter_id", cli->chapter_id);
  json_object_set_string_member (out, "name", chapter ? ch_chapter_get_name (chapter) : NULL);
  json_object_set_int_member (out, "members", ch_store_count_members (cli->store, cli->chapter_id));
  json_object_set_string_member (out, "server", url);
  json_object_set_int_member (out, "pending", ch_store_outbox_count (cli->store, cli->chapter_id));
  json_object_set_int_member (out, "cursor", cursor);
  json_object_set_string_member (out, "last_sync", last_sync);
  json_object_set_string_member (out, "last_error", last_error);
  json_object_set_int_member (out, "conflicts",
                              ch_store_count_open_conflicts (cli->store, cli->chapter_id));
  json_object_set_int_member (out, "rejected",
                              ch_store_count_rejections (cli->store, cli->chapter_id));
  if (!(issues = ch_cli_list_sync_issues (cli, &rc)))
    return rc;

  if (cli->json)
    {
      ch_cli_add_sync_issues (out, issues);
      ch_cli_print_json_object (out);
    }
  else
    {
      if (chapter != NULL)
        g_print (_("Chapter:     %s\n"), ch_chapter_get_name (chapter));
      g_print (_("Members:     %u\n"), ch_store_count_members (cli->store, cli->chapter_id));
      g_print (_("Server:      %s\n"), linked ? url : _("not connected"));
      {
        guint pending = ch_store_outbox_count (cli->store, cli->chapter_id);

        g_print (g_dngettext (GETTEXT_PACKAGE, "Pending:     %u change\n",
                              "Pending:     %u changes\n", pending), pending);
      }
      g_print (_("Last sync:   %s\n"), last_sync ? last_sync : _("never"));
      {
        g_autofree char *cursor_text = g_strdup_printf ("%" G_GINT64_FORMAT, cursor);
        g_print (_("Cursor:      %s\n"), cursor_text);
      }
      g_print (_("Conflicts:   %u\n"), ch_store_count_open_conflicts (cli->store, cli->chapter_id));
      g_print (_("Refused:     %u\n"), ch_store_count_rejections (cli->store, cli->chapter_id));
      if (last_error)
        g_print (_("Last error:  %s\n"), last_error);
      ch_cli_print_sync_issues (issues);
    }

  return EXIT_OK;
}
