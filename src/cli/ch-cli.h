/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ch-store.h"

G_BEGIN_DECLS

/* What every command of chapterhouse-cli shares: the parsed command line,
 * the exit codes and the small helpers of chapterhouse-cli.c. */

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
  ChStore    *store;
  GHashTable *flags;        /* --name → value */
  GPtrArray  *args;         /* positional, after the command word */
} Cli;

/* Prints "chapterhouse-cli: MESSAGE" on stderr and returns @code. */
int         cli_fail               (int                 code,
                                    const char         *format,
                                    ...) G_GNUC_PRINTF (2, 3);
void        cli_print_json         (JsonNode           *node);
void        cli_print_json_object  (JsonObject         *object);
void        cli_print_json_array   (JsonArray          *array);
/* The value of --@name, or NULL. */
const char *cli_flag               (Cli                *cli,
                                    const char         *name);
/* The @i-th positional argument after the command word, or NULL. */
const char *cli_arg                (Cli                *cli,
                                    guint               i);
/* EXIT_INPUT (with a message) when @value of --@flag is not a date
 * (YYYY-MM-DD); EXIT_OK for a date or NULL. */
int         cli_check_date         (const char         *flag,
                                    const char         *value);
/* cli_check_date() for each flag named, NULL-terminated: the first failure. */
int         cli_check_date_flags   (Cli                *cli,
                                    ...) G_GNUC_NULL_TERMINATED;
/* EXIT_USAGE (with a message) when a flag outside @allowed was given. */
int         cli_check_flags        (Cli                *cli,
                                    const char * const *allowed);
int         cli_open_store         (Cli                *cli);
/* Sets cli->chapter_id: --chapter, or the only chapter there is. */
int         cli_pick_chapter       (Cli                *cli);
/* cli_check_flags(), cli_open_store() and cli_pick_chapter(): the first
 * exit code that is not EXIT_OK. */
int         cli_open_chapter       (Cli                *cli,
                                    const char * const *allowed);

/* Commands in files of their own. */
int         cli_cmd_payments       (Cli                *cli);   /* ch-cli-membership.c */
int         cli_cmd_roles          (Cli                *cli);   /* ch-cli-membership.c */
int         cli_cmd_events         (Cli                *cli);   /* ch-cli-events.c */
int         cli_cmd_registrations  (Cli                *cli);   /* ch-cli-events.c */
int         cli_cmd_attendance     (Cli                *cli);   /* ch-cli-events.c */
int         cli_cmd_rejections     (Cli                *cli);   /* ch-cli-sync-issues.c */
/* "issues": what the server refused or overrode, into @status (status). */
int         cli_add_sync_issues    (Cli                *cli,
                                    JsonObject         *status);
void        cli_print_sync_issues  (JsonObject         *status);

G_END_DECLS
