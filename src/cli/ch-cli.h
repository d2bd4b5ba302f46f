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
/* The value of --@name, or NULL. */
const char *cli_flag               (Cli                *cli,
                                    const char         *name);
/* EXIT_USAGE (with a message) when a flag outside @allowed was given. */
int         cli_check_flags        (Cli                *cli,
                                    const char * const *allowed);
int         cli_open_store         (Cli                *cli);
/* Sets cli->chapter_id: --chapter, or the only chapter there is. */
int         cli_pick_chapter       (Cli                *cli);

/* Commands in files of their own. */
int         cli_cmd_payments       (Cli                *cli);   /* ch-cli-membership.c */
int         cli_cmd_roles          (Cli                *cli);   /* ch-cli-membership.c */
int         cli_cmd_events         (Cli                *cli);   /* ch-cli-events.c */
int         cli_cmd_registrations  (Cli                *cli);   /* ch-cli-events.c */
int         cli_cmd_attendance     (Cli                *cli);   /* ch-cli-events.c */

G_END_DECLS
