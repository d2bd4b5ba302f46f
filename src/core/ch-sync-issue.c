/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-sync-issue"

#include "config.h"

#include "ch-sync-issue.h"

void
ch_sync_issue_free (ChSyncIssue *issue)
{
  if (issue == NULL)
    return;

  g_free (issue->chapter_id);
  g_free (issue->kind);
  g_free (issue->entity);
  g_free (issue->row_id);
  g_free (issue->label);
  g_free (issue->field);
  g_free (issue->mine);
  g_free (issue->theirs);
  g_free (issue->reason);
  g_free (issue->text);
  g_free (issue->created_at);
  g_free (issue);
}
