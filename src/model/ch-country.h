/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Countries as ISO 3166-1 alpha-2 codes ("SE"): the one form a country is
 * stored in, on this computer and on the server.  People see the name in
 * their language (the system's iso-codes translations, gettext domain
 * "iso_3166-1", when installed; English otherwise).  Pure model code:
 * shared by the client, the command line tool and the server.
 */

typedef struct
{
  const char *code;       /* "SE" */
  const char *name;       /* English name people use: "Sweden", "South Korea" */
  const char *iso_name;   /* the ISO short name when it differs, else NULL */
} ChCountry;

/* Every country, sorted by code. */
const ChCountry *ch_country_all            (guint      *n_countries);
/* The country of a code ("SE", or "se"), or NULL. */
const ChCountry *ch_country_lookup         (const char *code);
/* The name of @country in the user's language. */
const char      *ch_country_get_localized_name (const ChCountry *country);

/* The code of what a person typed: a code in any case, an English name,
 * a common local name ("Sverige", "Deutschland") or the name in the
 * user's language, ignoring case and accents.  NULL when nothing matches. */
const char      *ch_country_code_from_text (const char *text);

/* What to show for a stored value: a code's localised name, or the text
 * as it is when it is not a code (older data, unknown places). */
const char      *ch_country_display_name   (const char *value);

G_END_DECLS
