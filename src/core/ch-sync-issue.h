/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A change the server refused or overrode, kept until an officer dismisses
 * it (the sync popover, "chapterhouse-cli status"); listed by
 * ch_store_list_sync_issues(). */
typedef struct
{
  gint64  id;
  char   *chapter_id;
  char   *kind;        /* "rejected" or "overridden" */
  char   *entity;
  char   *row_id;
  char   *label;       /* the row as officers know it (a member's name); may be NULL */
  char   *field;       /* overridden: the field whose value the server kept */
  char   *mine;        /* JSON: the value this device sent (overridden) */
  char   *theirs;      /* JSON: the value the server kept (overridden) */
  char   *reason;      /* the server's code: "rejected", "kept_later", "server_kept" */
  char   *text;        /* what to show an officer, translated */
  char   *created_at;  /* ISO UTC */
} ChSyncIssue;

void        ch_sync_issue_free             (ChSyncIssue   *issue);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChSyncIssue, ch_sync_issue_free)

G_END_DECLS
