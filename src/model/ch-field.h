/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CH_FIELD_TEXT,
  CH_FIELD_INT,
  CH_FIELD_BOOL,
} ChFieldType;

typedef struct
{
  const char  *name;
  ChFieldType  type;
  /* Fields with the same non-NULL group are compared and set together. */
  const char  *group;
  guint        max_len;   /* for text, in bytes; 0 = default limit */
  gboolean     required;  /* must be non-empty on insert */
  /* Derived from other synced rows and only ever meant to rise (e.g. a
   * member's dues_paid_until, the latest covers_until of their payments):
   * when two devices change it from the same value, the server keeps the
   * later (greater) value instead of reporting a conflict. */
  gboolean     keep_latest;
} ChFieldInfo;

G_END_DECLS
