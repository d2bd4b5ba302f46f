/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CH_TYPE_CHAPTER (ch_chapter_get_type ())

G_DECLARE_FINAL_TYPE (ChChapter, ch_chapter, CH, CHAPTER, GObject)

/* A read-only snapshot of the chapter row and its rules. */
ChChapter   *ch_chapter_new_from_row     (JsonObject *row);

const char  *ch_chapter_get_id           (ChChapter  *self);
const char  *ch_chapter_get_name         (ChChapter  *self);
const char  *ch_chapter_get_country      (ChChapter  *self);
const char  *ch_chapter_get_city         (ChChapter  *self);
const char  *ch_chapter_get_timezone     (ChChapter  *self);
const char  *ch_chapter_get_currency     (ChChapter  *self);
gint64       ch_chapter_get_dues_amount  (ChChapter  *self);
const char  *ch_chapter_get_dues_period  (ChChapter  *self);
gint         ch_chapter_get_grace_days   (ChChapter  *self);

G_END_DECLS
