/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-partner-kind"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-partner-kind.h"

const char * const *
ch_partner_kind_list (void)
{
  static const char * const kinds[] = {
    "microsoft_partner", "isv", "vendor", "microsoft_employee", "other", NULL,
  };

  return kinds;
}

const char *
ch_partner_kind_label (const char *kind)
{
  if (kind == NULL || *kind == '\0')
    return "";
  if (strcmp (kind, "microsoft_partner") == 0)
    return _("Microsoft partner");
  if (strcmp (kind, "isv") == 0)
    return _("ISV");
  if (strcmp (kind, "vendor") == 0)
    return _("Vendor or consultant to partners");
  if (strcmp (kind, "microsoft_employee") == 0)
    return _("Microsoft employee");
  if (strcmp (kind, "other") == 0)
    return C_("partner kind", "Other");

  return kind;
}
