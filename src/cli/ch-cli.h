/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ch-store.h"

G_BEGIN_DECLS

/* What every command of chapterhouse-cli shares: the parsed command line,
 * the exit codes and the small helpers of chapterhouse-cli.c (the command
 * table, the global options and the dispatch). Each noun has a file of its
 * own, with one handler per verb: ch-cli-chapter.c, ch-cli-members.c,
 * ch-cli-membership.c (payments, roles), ch-cli-events.c (events,
 * registrations, attendance), ch-cli-sync.c (connect, sync, status) and
 * ch-cli-sync-issues.c (rejections). */

/* Exit codes */
enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,    /* the operation failed (network, server, store) */
  EXIT_USAGE = 2,     /* the command line was wrong */
  EXIT_INPUT = 3,     /* the data given were refused (validation) */
};

typedef struct
{
  char       *db_path;
  char       *chapter_id;   /* --chapter, or the only chapter */
  gboolean    json;
  gboolean    read_only;    /* the command only reads: never create the store */
  ChStore    *store;
  GHashTable *flags;        /* --name → value ("1" for a switch) */
  GPtrArray  *args;         /* positional: the verb (when the noun has verbs), then the rest */
} Cli;

/* Prints "chapterhouse-cli: MESSAGE" on stderr and returns @code. */
int         ch_cli_fail              (int                 code,
                                      const char         *format,
                                      ...) G_GNUC_PRINTF (2, 3);
void        ch_cli_print_json        (JsonNode           *node);
void        ch_cli_print_json_object (JsonObject         *object);
void        ch_cli_print_json_array  (JsonArray          *array);
/* The value of --@name, or NULL. */
const char *ch_cli_flag              (Cli                *cli,
                                      const char         *name);
/* The @i-th positional argument after the noun, or NULL. */
const char *ch_cli_arg               (Cli                *cli,
                                      guint               i);
/* EXIT_INPUT (with a message) when @value of --@flag is not a date
 * (YYYY-MM-DD); EXIT_OK for a date or NULL. */
int         ch_cli_check_date        (const char         *flag,
                                      const char         *value);
/* ch_cli_check_date() for each flag named, NULL-terminated: the first failure. */
int         ch_cli_check_date_flags  (Cli                *cli,
                                      ...) G_GNUC_NULL_TERMINATED;
/* EXIT_USAGE (with a message) when a flag outside @allowed was given. */
int         ch_cli_check_flags       (Cli                *cli,
                                      const char * const *allowed);
/* Opens the store at cli->db_path; for a read-only command only when the
 * file is there (EXIT_FAILED, "… does not exist", otherwise). */
int         ch_cli_open_store        (Cli                *cli);
/* Sets cli->chapter_id: --chapter, or the only chapter there is. */
int         ch_cli_pick_chapter      (Cli                *cli);
/* ch_cli_check_flags(), ch_cli_open_store() and ch_cli_pick_chapter(): the
 * first exit code that is not EXIT_OK. */
int         ch_cli_open_chapter      (Cli                *cli,
                                      const char * const *allowed);
/* The exit code for a store error: EXIT_INPUT for refused data, else
 * EXIT_FAILED. */
int         ch_cli_store_error_code  (const GError       *error);

/* The commands: one handler per entry of the command table in
 * chapterhouse-cli.c, named after the command ("members list":
 * ch_cli_members_list).  The verb is ch_cli_arg (cli, 0), its first
 * argument ch_cli_arg (cli, 1). */
int         ch_cli_chapter_create    (Cli                *cli);   /* ch-cli-chapter.c */
int         ch_cli_chapter_show      (Cli                *cli);
int         ch_cli_chapter_update    (Cli                *cli);
int         ch_cli_members_list      (Cli                *cli);   /* ch-cli-members.c */
int         ch_cli_members_show      (Cli                *cli);
int         ch_cli_members_add       (Cli                *cli);
int         ch_cli_members_update    (Cli                *cli);
int         ch_cli_members_delete    (Cli                *cli);
int         ch_cli_members_upgrade   (Cli                *cli);
int         ch_cli_members_leave     (Cli                *cli);
int         ch_cli_members_rejoin    (Cli                *cli);
int         ch_cli_members_merge     (Cli                *cli);
int         ch_cli_payments_add      (Cli                *cli);   /* ch-cli-membership.c */
int         ch_cli_payments_list     (Cli                *cli);
int         ch_cli_roles_add         (Cli                *cli);
int         ch_cli_roles_end         (Cli                *cli);
int         ch_cli_roles_list        (Cli                *cli);
int         ch_cli_events_list       (Cli                *cli);   /* ch-cli-events.c */
int         ch_cli_events_add        (Cli                *cli);
int         ch_cli_events_update     (Cli                *cli);
int         ch_cli_events_show       (Cli                *cli);
int         ch_cli_events_cancel     (Cli                *cli);
int         ch_cli_events_duplicate  (Cli                *cli);
int         ch_cli_events_export_ics (Cli                *cli);
int         ch_cli_registrations_add      (Cli           *cli);
int         ch_cli_registrations_walk_in  (Cli           *cli);
int         ch_cli_registrations_list     (Cli           *cli);
int         ch_cli_registrations_cancel   (Cli           *cli);
int         ch_cli_registrations_check_in (Cli           *cli);
int         ch_cli_cmd_attendance    (Cli                *cli);   /* attendance import */
int         ch_cli_cmd_connect       (Cli                *cli);   /* ch-cli-sync.c */
int         ch_cli_cmd_sync          (Cli                *cli);
int         ch_cli_cmd_status        (Cli                *cli);
int         ch_cli_cmd_rejections    (Cli                *cli);   /* ch-cli-sync-issues.c */
int         ch_cli_cmd_import        (Cli                *cli);   /* ch-cli-import.c */
int         ch_cli_cmd_export        (Cli                *cli);   /* ch-cli-import.c */
int         ch_cli_cmd_backup        (Cli                *cli);   /* ch-cli-backup.c */
int         ch_cli_cmd_restore       (Cli                *cli);
int         ch_cli_members_export_data (Cli              *cli);   /* ch-cli-member-data.c */
int         ch_cli_members_erase     (Cli                *cli);
int         ch_cli_write_output      (const char         *output,
                                      GBytes             *bytes);   /* ch-cli-import.c */
int         ch_cli_cmd_report        (Cli                *cli);   /* ch-cli-report.c */
int         ch_cli_mail_account      (Cli                *cli);   /* ch-cli-mail.c */
int         ch_cli_mail_templates    (Cli                *cli);
int         ch_cli_mail_send         (Cli                *cli);
int         ch_cli_mail_outbox       (Cli                *cli);
int         ch_cli_mail_retry        (Cli                *cli);
int         ch_cli_mail_log          (Cli                *cli);
int         ch_cli_opportunities_add    (Cli             *cli);   /* ch-cli-opportunities.c */
int         ch_cli_opportunities_list   (Cli             *cli);
int         ch_cli_opportunities_update (Cli             *cli);
int         ch_cli_opportunities_board  (Cli             *cli);
extern const GOptionEntry ch_cli_opportunities_add_options[];
extern const GOptionEntry ch_cli_opportunities_list_options[];
extern const GOptionEntry ch_cli_opportunities_update_options[];
extern const GOptionEntry ch_cli_opportunities_board_options[];
/* What the server refused or overrode (ChSyncIssue*, for "status"), or
 * NULL with *@rc set to the exit code of the failure. */
GPtrArray  *ch_cli_list_sync_issues  (Cli                *cli,
                                      int                *rc);
/* @issues as the "issues" array of @status (--json), or as text. */
void        ch_cli_add_sync_issues   (JsonObject         *status,
                                      GPtrArray          *issues);
void        ch_cli_print_sync_issues (GPtrArray          *issues);

G_END_DECLS
