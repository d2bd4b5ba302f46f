/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "chapterhouse-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ch-cli.h"
#include "ch-insights.h"
#include "ch-report.h"
#include "ch-member-status.h"
#include "ch-iso-date.h"

/* "report": the chapter report for headquarters, as the window's
 * Export Chapter Report writes it. */
int
ch_cli_cmd_report (Cli *cli)
{
  static const char *allowed[] = { "format", "from", "to", "paper", "output", NULL };
  const char *from = ch_cli_flag (cli, "from");
  const char *to = ch_cli_flag (cli, "to");
  const char *output = ch_cli_flag (cli, "output");
  g_autoptr(ChInsights) insights = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *default_from = NULL;
  g_autofree char *default_to = NULL;
  ChReportFormat format = CH_REPORT_FORMAT_PDF;
  ChReportPaper paper = ch_report_paper_for_locale ();
  int rc;

  if (ch_cli_arg (cli, 0) != NULL)
    return ch_cli_fail (EXIT_USAGE, _("report takes no arguments, only options"));
  if ((rc = ch_cli_open_chapter (cli, allowed)))
    return rc;
  if ((rc = ch_cli_check_date_flags (cli, "from", "to", NULL)))
    return rc;
  if (ch_cli_flag (cli, "format") != NULL &&
      !ch_report_format_from_string (ch_cli_flag (cli, "format"), &format))
    return ch_cli_fail (EXIT_USAGE, _("--format is pdf, csv or json, not “%s”"),
                        ch_cli_flag (cli, "format"));
  if (ch_cli_flag (cli, "paper") != NULL &&
      !ch_report_paper_from_string (ch_cli_flag (cli, "paper"), &paper))
    return ch_cli_fail (EXIT_USAGE, _("--paper is a4 or letter, not “%s”"),
                        ch_cli_flag (cli, "paper"));
  if (format == CH_REPORT_FORMAT_PDF && (output == NULL || g_str_equal (output, "-")))
    return ch_cli_fail (EXIT_USAGE, _("A PDF needs a file: add -o FILE.pdf"));

  /* Without --from, the year up to --to (or today). */
  if (from == NULL || to == NULL)
    {
      g_autofree char *today = NULL;

      if (to == NULL)
        to = default_to = ch_iso_date_from_days (ch_store_today_days (cli->store,
                                                                    cli->chapter_id));
      if (from == NULL)
        {
          ch_insights_period_dates (CH_INSIGHTS_PERIOD_LAST_12_MONTHS, to, &default_from,
                                    &today);
          from = default_from;
        }
    }

  if (!(insights = ch_insights_compute (cli->store, cli->chapter_id, from, to, &error)))
    return ch_cli_fail (g_error_matches (error, CH_INSIGHTS_ERROR, CH_INSIGHTS_ERROR_INVALID)
                          ? EXIT_INPUT : EXIT_FAILED, "%s", error->message);

  if (output == NULL || g_str_equal (output, "-"))
    {
      g_autofree char *text = format == CH_REPORT_FORMAT_CSV ? ch_report_to_csv (insights)
                                                             : ch_report_to_json (insights);

      fputs (text, stdout);
      if (format == CH_REPORT_FORMAT_JSON)
        fputc ('\n', stdout);
      return EXIT_OK;
    }

  if (!ch_report_write (insights, format, paper, output, &error))
    return ch_cli_fail (EXIT_FAILED, "%s", error->message);

  return EXIT_OK;
}
