/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Building a ChInsightsTable: core only.  Once handed out, a table does
 * not change. */

#include "ch-insights-table.h"

G_BEGIN_DECLS

/* @columns: NULL-terminated column headings. */
ChInsightsTable *ch_insights_table_new       (const char          *key,
                                              const char          *title,
                                              ChInsightsTableChart      chart,
                                              gboolean             percent,
                                              const char          *row_heading,
                                              const char * const  *columns);
/* Appends a row; its cells are NAN with the text "—" until set. */
guint            ch_insights_table_add_row   (ChInsightsTable     *self,
                                              const char          *label);
/* Sets a cell to @value, shown as a count or a rounded percentage. */
void             ch_insights_table_set       (ChInsightsTable     *self,
                                              guint                row,
                                              guint                column,
                                              double               value);
/* Sets a cell to NAN and its text to @text ("fewer than 3"). */
void             ch_insights_table_set_text  (ChInsightsTable     *self,
                                              guint                row,
                                              guint                column,
                                              const char          *text);
/* Sets a cell to @value shown as @text ("41 days"). */
void             ch_insights_table_set_full  (ChInsightsTable     *self,
                                              guint                row,
                                              guint                column,
                                              double               value,
                                              const char          *text);
void             ch_insights_table_set_description (ChInsightsTable *self,
                                                    const char      *description);

G_END_DECLS
