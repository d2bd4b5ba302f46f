/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-country"

#include "config.h"

#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#include "ch-country.h"
#include "ch-fold.h"

#define ISO_DOMAIN "iso_3166-1"

/* ISO 3166-1 alpha-2, sorted by code; names as in Debian's iso-codes. */
static const ChCountry countries[] = {
  { "AD", "Andorra", NULL },
  { "AE", "United Arab Emirates", NULL },
  { "AF", "Afghanistan", NULL },
  { "AG", "Antigua and Barbuda", NULL },
  { "AI", "Anguilla", NULL },
  { "AL", "Albania", NULL },
  { "AM", "Armenia", NULL },
  { "AO", "Angola", NULL },
  { "AQ", "Antarctica", NULL },
  { "AR", "Argentina", NULL },
  { "AS", "American Samoa", NULL },
  { "AT", "Austria", NULL },
  { "AU", "Australia", NULL },
  { "AW", "Aruba", NULL },
  { "AX", "Åland Islands", NULL },
  { "AZ", "Azerbaijan", NULL },
  { "BA", "Bosnia and Herzegovina", NULL },
  { "BB", "Barbados", NULL },
  { "BD", "Bangladesh", NULL },
  { "BE", "Belgium", NULL },
  { "BF", "Burkina Faso", NULL },
  { "BG", "Bulgaria", NULL },
  { "BH", "Bahrain", NULL },
  { "BI", "Burundi", NULL },
  { "BJ", "Benin", NULL },
  { "BL", "Saint Barthélemy", NULL },
  { "BM", "Bermuda", NULL },
  { "BN", "Brunei Darussalam", NULL },
  { "BO", "Bolivia", "Bolivia, Plurinational State of" },
  { "BQ", "Bonaire, Sint Eustatius and Saba", NULL },
  { "BR", "Brazil", NULL },
  { "BS", "Bahamas", NULL },
  { "BT", "Bhutan", NULL },
  { "BV", "Bouvet Island", NULL },
  { "BW", "Botswana", NULL },
  { "BY", "Belarus", NULL },
  { "BZ", "Belize", NULL },
  { "CA", "Canada", NULL },
  { "CC", "Cocos (Keeling) Islands", NULL },
  { "CD", "Congo, The Democratic Republic of the", NULL },
  { "CF", "Central African Republic", NULL },
  { "CG", "Congo", NULL },
  { "CH", "Switzerland", NULL },
  { "CI", "Côte d'Ivoire", NULL },
  { "CK", "Cook Islands", NULL },
  { "CL", "Chile", NULL },
  { "CM", "Cameroon", NULL },
  { "CN", "China", NULL },
  { "CO", "Colombia", NULL },
  { "CR", "Costa Rica", NULL },
  { "CU", "Cuba", NULL },
  { "CV", "Cabo Verde", NULL },
  { "CW", "Curaçao", NULL },
  { "CX", "Christmas Island", NULL },
  { "CY", "Cyprus", NULL },
  { "CZ", "Czechia", NULL },
  { "DE", "Germany", NULL },
  { "DJ", "Djibouti", NULL },
  { "DK", "Denmark", NULL },
  { "DM", "Dominica", NULL },
  { "DO", "Dominican Republic", NULL },
  { "DZ", "Algeria", NULL },
  { "EC", "Ecuador", NULL },
  { "EE", "Estonia", NULL },
  { "EG", "Egypt", NULL },
  { "EH", "Western Sahara", NULL },
  { "ER", "Eritrea", NULL },
  { "ES", "Spain", NULL },
  { "ET", "Ethiopia", NULL },
  { "FI", "Finland", NULL },
  { "FJ", "Fiji", NULL },
  { "FK", "Falkland Islands (Malvinas)", NULL },
  { "FM", "Micronesia, Federated States of", NULL },
  { "FO", "Faroe Islands", NULL },
  { "FR", "France", NULL },
  { "GA", "Gabon", NULL },
  { "GB", "United Kingdom", NULL },
  { "GD", "Grenada", NULL },
  { "GE", "Georgia", NULL },
  { "GF", "French Guiana", NULL },
  { "GG", "Guernsey", NULL },
  { "GH", "Ghana", NULL },
  { "GI", "Gibraltar", NULL },
  { "GL", "Greenland", NULL },
  { "GM", "Gambia", NULL },
  { "GN", "Guinea", NULL },
  { "GP", "Guadeloupe", NULL },
  { "GQ", "Equatorial Guinea", NULL },
  { "GR", "Greece", NULL },
  { "GS", "South Georgia and the South Sandwich Islands", NULL },
  { "GT", "Guatemala", NULL },
  { "GU", "Guam", NULL },
  { "GW", "Guinea-Bissau", NULL },
  { "GY", "Guyana", NULL },
  { "HK", "Hong Kong", NULL },
  { "HM", "Heard Island and McDonald Islands", NULL },
  { "HN", "Honduras", NULL },
  { "HR", "Croatia", NULL },
  { "HT", "Haiti", NULL },
  { "HU", "Hungary", NULL },
  { "ID", "Indonesia", NULL },
  { "IE", "Ireland", NULL },
  { "IL", "Israel", NULL },
  { "IM", "Isle of Man", NULL },
  { "IN", "India", NULL },
  { "IO", "British Indian Ocean Territory", NULL },
  { "IQ", "Iraq", NULL },
  { "IR", "Iran", "Iran, Islamic Republic of" },
  { "IS", "Iceland", NULL },
  { "IT", "Italy", NULL },
  { "JE", "Jersey", NULL },
  { "JM", "Jamaica", NULL },
  { "JO", "Jordan", NULL },
  { "JP", "Japan", NULL },
  { "KE", "Kenya", NULL },
  { "KG", "Kyrgyzstan", NULL },
  { "KH", "Cambodia", NULL },
  { "KI", "Kiribati", NULL },
  { "KM", "Comoros", NULL },
  { "KN", "Saint Kitts and Nevis", NULL },
  { "KP", "North Korea", "Korea, Democratic People's Republic of" },
  { "KR", "South Korea", "Korea, Republic of" },
  { "KW", "Kuwait", NULL },
  { "KY", "Cayman Islands", NULL },
  { "KZ", "Kazakhstan", NULL },
  { "LA", "Laos", "Lao People's Democratic Republic" },
  { "LB", "Lebanon", NULL },
  { "LC", "Saint Lucia", NULL },
  { "LI", "Liechtenstein", NULL },
  { "LK", "Sri Lanka", NULL },
  { "LR", "Liberia", NULL },
  { "LS", "Lesotho", NULL },
  { "LT", "Lithuania", NULL },
  { "LU", "Luxembourg", NULL },
  { "LV", "Latvia", NULL },
  { "LY", "Libya", NULL },
  { "MA", "Morocco", NULL },
  { "MC", "Monaco", NULL },
  { "MD", "Moldova", "Moldova, Republic of" },
  { "ME", "Montenegro", NULL },
  { "MF", "Saint Martin (French part)", NULL },
  { "MG", "Madagascar", NULL },
  { "MH", "Marshall Islands", NULL },
  { "MK", "North Macedonia", NULL },
  { "ML", "Mali", NULL },
  { "MM", "Myanmar", NULL },
  { "MN", "Mongolia", NULL },
  { "MO", "Macao", NULL },
  { "MP", "Northern Mariana Islands", NULL },
  { "MQ", "Martinique", NULL },
  { "MR", "Mauritania", NULL },
  { "MS", "Montserrat", NULL },
  { "MT", "Malta", NULL },
  { "MU", "Mauritius", NULL },
  { "MV", "Maldives", NULL },
  { "MW", "Malawi", NULL },
  { "MX", "Mexico", NULL },
  { "MY", "Malaysia", NULL },
  { "MZ", "Mozambique", NULL },
  { "NA", "Namibia", NULL },
  { "NC", "New Caledonia", NULL },
  { "NE", "Niger", NULL },
  { "NF", "Norfolk Island", NULL },
  { "NG", "Nigeria", NULL },
  { "NI", "Nicaragua", NULL },
  { "NL", "Netherlands", NULL },
  { "NO", "Norway", NULL },
  { "NP", "Nepal", NULL },
  { "NR", "Nauru", NULL },
  { "NU", "Niue", NULL },
  { "NZ", "New Zealand", NULL },
  { "OM", "Oman", NULL },
  { "PA", "Panama", NULL },
  { "PE", "Peru", NULL },
  { "PF", "French Polynesia", NULL },
  { "PG", "Papua New Guinea", NULL },
  { "PH", "Philippines", NULL },
  { "PK", "Pakistan", NULL },
  { "PL", "Poland", NULL },
  { "PM", "Saint Pierre and Miquelon", NULL },
  { "PN", "Pitcairn", NULL },
  { "PR", "Puerto Rico", NULL },
  { "PS", "Palestine, State of", NULL },
  { "PT", "Portugal", NULL },
  { "PW", "Palau", NULL },
  { "PY", "Paraguay", NULL },
  { "QA", "Qatar", NULL },
  { "RE", "Réunion", NULL },
  { "RO", "Romania", NULL },
  { "RS", "Serbia", NULL },
  { "RU", "Russian Federation", NULL },
  { "RW", "Rwanda", NULL },
  { "SA", "Saudi Arabia", NULL },
  { "SB", "Solomon Islands", NULL },
  { "SC", "Seychelles", NULL },
  { "SD", "Sudan", NULL },
  { "SE", "Sweden", NULL },
  { "SG", "Singapore", NULL },
  { "SH", "Saint Helena, Ascension and Tristan da Cunha", NULL },
  { "SI", "Slovenia", NULL },
  { "SJ", "Svalbard and Jan Mayen", NULL },
  { "SK", "Slovakia", NULL },
  { "SL", "Sierra Leone", NULL },
  { "SM", "San Marino", NULL },
  { "SN", "Senegal", NULL },
  { "SO", "Somalia", NULL },
  { "SR", "Suriname", NULL },
  { "SS", "South Sudan", NULL },
  { "ST", "Sao Tome and Principe", NULL },
  { "SV", "El Salvador", NULL },
  { "SX", "Sint Maarten (Dutch part)", NULL },
  { "SY", "Syria", "Syrian Arab Republic" },
  { "SZ", "Eswatini", NULL },
  { "TC", "Turks and Caicos Islands", NULL },
  { "TD", "Chad", NULL },
  { "TF", "French Southern Territories", NULL },
  { "TG", "Togo", NULL },
  { "TH", "Thailand", NULL },
  { "TJ", "Tajikistan", NULL },
  { "TK", "Tokelau", NULL },
  { "TL", "Timor-Leste", NULL },
  { "TM", "Turkmenistan", NULL },
  { "TN", "Tunisia", NULL },
  { "TO", "Tonga", NULL },
  { "TR", "Türkiye", NULL },
  { "TT", "Trinidad and Tobago", NULL },
  { "TV", "Tuvalu", NULL },
  { "TW", "Taiwan", "Taiwan, Province of China" },
  { "TZ", "Tanzania", "Tanzania, United Republic of" },
  { "UA", "Ukraine", NULL },
  { "UG", "Uganda", NULL },
  { "UM", "United States Minor Outlying Islands", NULL },
  { "US", "United States", NULL },
  { "UY", "Uruguay", NULL },
  { "UZ", "Uzbekistan", NULL },
  { "VA", "Holy See (Vatican City State)", NULL },
  { "VC", "Saint Vincent and the Grenadines", NULL },
  { "VE", "Venezuela", "Venezuela, Bolivarian Republic of" },
  { "VG", "Virgin Islands, British", NULL },
  { "VI", "Virgin Islands, U.S.", NULL },
  { "VN", "Vietnam", "Viet Nam" },
  { "VU", "Vanuatu", NULL },
  { "WF", "Wallis and Futuna", NULL },
  { "WS", "Samoa", NULL },
  { "YE", "Yemen", NULL },
  { "YT", "Mayotte", NULL },
  { "ZA", "South Africa", NULL },
  { "ZM", "Zambia", NULL },
  { "ZW", "Zimbabwe", NULL },
};

/* Names people write that are neither the code nor the English name:
 * the name in the country's own language, older or shorter names. */
static const struct
{
  const char *text;
  const char *code;
} aliases[] = {
  { "Sverige", "SE" }, { "Schweden", "SE" }, { "Suède", "SE" }, { "Suecia", "SE" },
  { "Deutschland", "DE" }, { "Allemagne", "DE" }, { "Alemania", "DE" }, { "Tyskland", "DE" },
  { "Danmark", "DK" }, { "Dänemark", "DK" },
  { "Norge", "NO" }, { "Noreg", "NO" }, { "Norwegen", "NO" },
  { "Suomi", "FI" }, { "Finnland", "FI" },
  { "Ísland", "IS" },
  { "España", "ES" }, { "Spanien", "ES" },
  { "Österreich", "AT" },
  { "Schweiz", "CH" }, { "Suisse", "CH" }, { "Svizzera", "CH" },
  { "Nederland", "NL" }, { "The Netherlands", "NL" }, { "Holland", "NL" },
  { "Belgique", "BE" }, { "België", "BE" }, { "Belgien", "BE" },
  { "Frankreich", "FR" },
  { "Italia", "IT" }, { "Italien", "IT" },
  { "Polska", "PL" }, { "Polen", "PL" },
  { "Česko", "CZ" }, { "Czech Republic", "CZ" }, { "Česká republika", "CZ" },
  { "Slovensko", "SK" },
  { "Magyarország", "HU" },
  { "România", "RO" },
  { "Turkey", "TR" }, { "Türkei", "TR" },
  { "Éire", "IE" },
  { "Ελλάδα", "GR" }, { "Hellas", "GR" },
  { "Eesti", "EE" }, { "Latvija", "LV" }, { "Lietuva", "LT" },
  { "Hrvatska", "HR" }, { "Slovenija", "SI" }, { "Srbija", "RS" },
  { "България", "BG" },
  { "Luxemburg", "LU" }, { "Lëtzebuerg", "LU" },
  { "UK", "GB" }, { "U.K.", "GB" }, { "Great Britain", "GB" }, { "Britain", "GB" },
  { "England", "GB" }, { "Scotland", "GB" }, { "Wales", "GB" }, { "Northern Ireland", "GB" },
  { "USA", "US" }, { "U.S.A.", "US" }, { "U.S.", "US" }, { "United States of America", "US" },
  { "America", "US" },
  { "Russia", "RU" }, { "Россия", "RU" },
  { "Korea", "KR" }, { "Republic of Korea", "KR" },
  { "Vietnam", "VN" }, { "Taiwan", "TW" }, { "Macedonia", "MK" },
  { "Ivory Coast", "CI" }, { "Cape Verde", "CV" }, { "Vatican", "VA" },
  { "Brasil", "BR" }, { "México", "MX" }, { "Perú", "PE" },
  { "日本", "JP" }, { "中国", "CN" }, { "भारत", "IN" },
};

static int
compare_code (const void *key,
              const void *element)
{
  const ChCountry *country = element;

  return g_ascii_strcasecmp (key, country->code);
}

const ChCountry *
ch_country_all (guint *n_countries)
{
  if (n_countries != NULL)
    *n_countries = G_N_ELEMENTS (countries);

  return countries;
}

const ChCountry *
ch_country_lookup (const char *code)
{
  if (code == NULL || strlen (code) != 2)
    return NULL;

  return bsearch (code, countries, G_N_ELEMENTS (countries), sizeof countries[0], compare_code);
}

static void
ensure_domain (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      bind_textdomain_codeset (ISO_DOMAIN, "UTF-8");
      g_once_init_leave (&done, 1);
    }
}

const char *
ch_country_get_localized_name (const ChCountry *country)
{
  g_return_val_if_fail (country != NULL, NULL);

  ensure_domain ();
  return dgettext (ISO_DOMAIN, country->name);
}

static void
add_key (GHashTable *keys,
         const char *text,
         const char *code)
{
  char *folded = ch_fold (text);

  /* The first meaning wins: an English name before a translation. */
  if (folded != NULL && *folded != '\0' && !g_hash_table_contains (keys, folded))
    g_hash_table_insert (keys, folded, (gpointer) code);
  else
    g_free (folded);
}

/* Folded name → code; built once, then only read (from any thread). */
static GHashTable *
name_keys (void)
{
  static GHashTable *keys;

  if (g_once_init_enter (&keys))
    {
      GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
        {
          add_key (table, countries[i].name, countries[i].code);
          if (countries[i].iso_name != NULL)
            add_key (table, countries[i].iso_name, countries[i].code);
        }
      for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
        add_key (table, aliases[i].text, aliases[i].code);
      for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
        add_key (table, ch_country_get_localized_name (&countries[i]), countries[i].code);

      g_once_init_leave (&keys, table);
    }

  return keys;
}

const char *
ch_country_code_from_text (const char *text)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *folded = NULL;
  const ChCountry *country;

  if (text == NULL)
    return NULL;

  trimmed = g_strstrip (g_strdup (text));
  if ((country = ch_country_lookup (trimmed)) != NULL)
    return country->code;

  folded = ch_fold (trimmed);
  if (folded == NULL || *folded == '\0')
    return NULL;

  return g_hash_table_lookup (name_keys (), folded);
}

const char *
ch_country_display_name (const char *value)
{
  const ChCountry *country = ch_country_lookup (value);

  if (country == NULL || !g_ascii_isupper (value[0]) || !g_ascii_isupper (value[1]))
    return value;

  return ch_country_get_localized_name (country);
}
