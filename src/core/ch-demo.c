/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-demo"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-country.h"
#include "ch-demo.h"
#include "ch-demo-private.h"
#include "ch-events.h"
#include "ch-registrations.h"
#include "ch-gender.h"
#include "ch-membership.h"
#include "ch-payments.h"
#include "ch-roles.h"
#include "ch-specialties.h"
#include "ch-tier.h"
#include "ch-store-private.h"
#include "ch-date.h"
#include "ch-fold.h"
#include "ch-uuid.h"

typedef struct
{
  const char *country;
  const char *tld;
  const char *cities[5];
  const char *given[16];
  const char *family[16];
  const char *phone_prefix;
} Region;

static const Region regions[] = {
  { "Sweden", "se", { "Stockholm", "Göteborg", "Malmö", "Uppsala", "Linköping" },
    { "Åsa", "Björn", "Märta", "Linnéa", "Sören", "Ingrid", "Oskar", "Elin", "Gustav", "Maja",
      "Erik", "Karin", "Anders", "Sofia", "Johan", "Ebba" },
    { "Lindqvist", "Öberg", "Söderström", "Åkesson", "Berg", "Nyström", "Sjöberg", "Lundgren",
      "Ekström", "Holmqvist", "Dahl", "Forsberg", "Hägglund", "Wikström", "Ström",
      "Engström" },
    "+46 8" },
  { "Germany", "de", { "München", "Köln", "Düsseldorf", "Berlin", "Frankfurt am Main" },
    { "Jürgen", "Käthe", "Lukas", "Jörg", "Anna", "Günther", "Lea", "Matthias", "Sabine",
      "Tobias", "Franziska", "Stefan", "Hannah", "Uwe", "Miriam", "Björn" },
    { "Müller", "Schäfer", "Weiß", "Köhler", "Schröder", "Krüger", "Hoffmann", "Böhm",
      "Zimmermann", "Groß", "Fuchs", "Jäger", "Möller", "Bauer", "Lange", "Vogel" },
    "+49 89" },
  { "Denmark", "dk", { "København", "Aarhus", "Odense", "Aalborg", "Roskilde" },
    { "Søren", "Mette", "Jens", "Birgitte", "Rasmus", "Signe", "Morten", "Ida", "Kasper", "Freja",
      "Anders", "Camilla", "Mikkel", "Louise", "Thomas", "Astrid" },
    { "Kjær", "Ørsted", "Jørgensen", "Nørgaard", "Sørensen", "Lauridsen", "Madsen",
      "Østergaard", "Bak", "Holm", "Thygesen", "Krogh", "Vestergaard", "Dalsgaard", "Friis",
      "Lund" },
    "+45" },
  { "Norway", "no", { "Oslo", "Bergen", "Trondheim", "Stavanger", "Tromsø" },
    { "Håkon", "Ingvild", "Øyvind", "Solveig", "Eirik", "Ragnhild", "Torbjørn", "Kari", "Sindre",
      "Marit", "Vegard", "Sigrid", "Ola", "Guro", "Stian", "Tuva" },
    { "Haugen", "Bakke", "Sæther", "Løvås", "Dahle", "Strand", "Myhre", "Aas", "Brekke",
      "Solberg", "Hovland", "Ødegård", "Lien", "Bjørnstad", "Rønning", "Moen" },
    "+47" },
  { "Finland", "fi", { "Helsinki", "Espoo", "Tampere", "Turku", "Oulu" },
    { "Jukka", "Päivi", "Mikko", "Satu", "Antti", "Riikka", "Ville", "Hanna", "Janne", "Aino",
      "Sami", "Liisa", "Teemu", "Noora", "Pekka", "Eevi" },
    { "Mäkinen", "Järvinen", "Häkkinen", "Virtanen", "Nieminen", "Kärkkäinen", "Lehtonen",
      "Hämäläinen", "Koskinen", "Heikkilä", "Salminen", "Räsänen", "Laine", "Ahonen",
      "Kivelä", "Väisänen" },
    "+358 9" },
  { "Poland", "pl", { "Kraków", "Warszawa", "Wrocław", "Łódź", "Gdańsk" },
    { "Łukasz", "Małgorzata", "Paweł", "Agnieszka", "Michał", "Żaneta", "Piotr", "Katarzyna",
      "Grzegorz", "Joanna", "Tomasz", "Ewa", "Krzysztof", "Magdalena", "Wojciech", "Zofia" },
    { "Wójcik", "Kowalczyk", "Nowak", "Wiśniewska", "Zieliński", "Dąbrowski", "Lewandowska",
      "Kamiński", "Szymańska", "Woźniak", "Kozłowski", "Jabłońska", "Mazur", "Krawczyk",
      "Pawłowski", "Michalak" },
    "+48 12" },
  { "Czechia", "cz", { "Praha", "Brno", "Ostrava", "Plzeň", "Olomouc" },
    { "Jiří", "Petra", "Tomáš", "Lucie", "Ondřej", "Kateřina", "Jakub", "Tereza", "Lukáš",
      "Veronika", "Martin", "Hana", "Vojtěch", "Markéta", "Radek", "Zuzana" },
    { "Dvořák", "Nováková", "Černý", "Procházková", "Kučera", "Veselá", "Horák",
      "Němcová", "Pokorný", "Marková", "Růžička", "Benešová", "Fiala", "Šimková",
      "Král", "Říhová" },
    "+420" },
  { "France", "fr", { "Paris", "Lyon", "Toulouse", "Nantes", "Lille" },
    { "François", "Hélène", "Jérôme", "Céline", "Benoît", "Émilie", "Stéphane", "Aurélie",
      "Loïc", "Clémence", "Rémi", "Maëlle", "Thierry", "Chloé", "Gaël", "Inès" },
    { "Lefèvre", "Girard", "Moreau", "Dubois", "Fournier", "Laurent", "Rousseau", "Bérard",
      "Mercier", "Faure", "Chevalier", "Gauthier", "Perrin", "Lemaître", "Duval", "Garnier" },
    "+33 1" },
  { "Spain", "es", { "Madrid", "Barcelona", "Sevilla", "Valencia", "Málaga" },
    { "José", "María", "Ángel", "Lucía", "Jesús", "Inés", "Álvaro", "Nuria", "Sergio",
      "Belén", "Raúl", "Begoña", "Iñigo", "Pilar", "Andrés", "Marta" },
    { "Martínez", "Núñez", "García", "Fernández", "López", "Sánchez", "Gómez", "Muñoz",
      "Jiménez", "Ibáñez", "Rodríguez", "Peña", "Ortega", "Castaño", "Herrera",
      "Domínguez" },
    "+34 91" },
  { "Netherlands", "nl", { "Amsterdam", "Utrecht", "Rotterdam", "Eindhoven", "Den Haag" },
    { "Sanne", "Joost", "Femke", "Bram", "Lieke", "Thijs", "Anouk", "Sjoerd", "Marloes", "Daan",
      "Eline", "Ruud", "Noor", "Wouter", "Fleur", "Pieter" },
    { "de Vries", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "de Jong", "van den Berg",
      "Mulder", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer" },
    "+31 20" },
  { "Ireland", "ie", { "Dublin", "Cork", "Galway", "Limerick", "Waterford" },
    { "Siobhán", "Pádraig", "Aoife", "Seán", "Niamh", "Ciarán", "Róisín", "Eoin", "Sinéad",
      "Darragh", "Orla", "Cathal", "Méabh", "Colm", "Gráinne", "Fionn" },
    { "Ó Briain", "Murphy", "Ní Dhónaill", "Kelly", "O'Sullivan", "Walsh", "Byrne", "Ó Néill",
      "Ryan", "Doyle", "McCarthy", "Gallagher", "Kennedy", "Lynch", "Quinn", "Brennan" },
    "+353 1" },
  { "Türkiye", "tr", { "İstanbul", "Ankara", "İzmir", "Bursa", "Antalya" },
    { "Çağla", "Emre", "Şule", "Oğuz", "Gülşen", "Burak", "Ayşe", "Mehmet", "Elif", "Can",
      "Zeynep", "Kerem", "Özge", "Barış", "Deniz", "İlker" },
    { "Öztürk", "Yılmaz", "Şahin", "Çelik", "Aydın", "Kılıç", "Doğan", "Arslan",
      "Güneş", "Koç", "Kaya", "Özdemir", "Erdoğan", "Aktaş", "Yıldız", "Çetin" },
    "+90 212" },
  { "United States", "com", { "Seattle", "Chicago", "Atlanta", "Austin", "Boston" },
    { "Jennifer", "Marcus", "Keisha", "Daniel", "Priya", "Carlos", "Megan", "Tyrone", "Rachel",
      "Jamal", "Emily", "Hiroshi", "Ashley", "Diego", "Laura", "Kevin" },
    { "Johnson", "Williams", "Nguyen", "Patel", "Garcia", "Robinson", "O'Connor", "Kim",
      "Washington", "Reyes", "Thompson", "Chen", "Brooks", "Ramírez", "Sullivan", "Foster" },
    "+1 206" },
  { "Australia", "com.au", { "Sydney", "Melbourne", "Brisbane", "Perth", "Adelaide" },
    { "Chloe", "Lachlan", "Mia", "Jack", "Matilda", "Harrison", "Zoe", "Connor", "Isla", "Angus",
      "Ruby", "Hamish", "Grace", "Riley", "Sienna", "Mitchell" },
    { "Smith", "Nguyen", "Taylor", "Wilson", "Brown", "Anderson", "Tran", "Martin", "Kelly",
      "Campbell", "Stewart", "Mitchell", "Murray", "Papadopoulos", "Russo", "Singh" },
    "+61 2" },
  { "India", "in", { "Bengaluru", "Hyderabad", "Pune", "Chennai", "Mumbai" },
    { "Ananya", "Rahul", "Priyanka", "Arjun", "Sneha", "Vikram", "Kavya", "Rohan", "Divya",
      "Aditya", "Meera", "Karthik", "Pooja", "Siddharth", "Lakshmi", "Nikhil" },
    { "Sharma", "Iyer", "Reddy", "Nair", "Patel", "Gupta", "Menon", "Rao", "Kulkarni", "Banerjee",
      "Desai", "Krishnan", "Joshi", "Chatterjee", "Pillai", "Verma" },
    "+91 80" },
};

static const char *companies[] = {
  "Contoso", "Fabrikam", "Northwind Traders", "Tailspin Toys", "Adventure Works", "Woodgrove Bank",
  "Litware", "Proseware", "Wide World Importers", "Alpine Ski House", "Coho Winery",
  "Lamna Healthcare", "Relecloud", "Trey Research", "Fourth Coffee", "Graphic Design Institute",
  "Humongous Insurance", "Lucerne Publishing", "Margie’s Travel", "Blue Yonder Airlines",
  "City Power & Light", "Consolidated Messenger", "VanArsdel", "Wingtip Toys", "Datum Corporation",
};

static const char *company_suffixes[] = {
  "Cloud Partners", "Consulting", "Solutions", "Digital", "IT", "Systems", "Advisory", "Labs",
};

static const char *job_titles[] = {
  "Chief Executive Officer", "Managing Director", "Partner Manager", "Cloud Solution Architect",
  "Sales Director", "Head of Modern Work", "Security Consultant", "Dynamics 365 Consultant",
  "Power Platform Developer", "Data & AI Lead", "Business Development Manager", "CTO",
  "Marketing Manager", "Project Manager", "Partner Development Manager", "Founder",
};

/* Keys of the standard specialties (ch_specialties_standard ()). */
static const char *specialties[] = {
  "azure", "modern-work", "security", "dynamics-365", "power-platform", "data-ai",
  "business-applications",
};

static const char *partner_kinds[] = {
  "microsoft_partner", "microsoft_partner", "microsoft_partner", "isv", "isv", "vendor",
  "microsoft_employee", "other",
};

static const char *left_reasons[] = {
  CH_LEAVE_COST, CH_LEAVE_NO_VALUE, CH_LEAVE_MOVED, CH_LEAVE_COMPANY_CLOSED, CH_LEAVE_OTHER,
};

static const char *genders[] = {
  CH_GENDER_CODE_WOMAN, CH_GENDER_CODE_MAN, CH_GENDER_CODE_NON_BINARY, CH_GENDER_CODE_PREFER_NOT,
};

static const char *methods[] = {
  CH_PAYMENT_METHOD_BANK_TRANSFER, CH_PAYMENT_METHOD_BANK_TRANSFER, CH_PAYMENT_METHOD_CARD,
  CH_PAYMENT_METHOD_CARD, CH_PAYMENT_METHOD_INVOICE, CH_PAYMENT_METHOD_CASH,
};

static char *
slug (const char *text)
{
  g_autofree char *folded = ch_fold (text);
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, *p);
      else if (out->len > 0 && out->str[out->len - 1] != '-')
        g_string_append_c (out, '-');
    }
  while (out->len > 0 && out->str[out->len - 1] == '-')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

static char *
date_days_ago (const GDate *today,
               gint         days)
{
  GDate d = *today;

  if (days >= 0)
    g_date_subtract_days (&d, days);
  else
    g_date_add_days (&d, -days);

  return ch_date_format (&d);
}

static JsonObject *
make_member (GRand       *rand,
             guint        index,
             guint        n_members,
             const GDate *today,
             const Region *home,
             GHashTable  *used_emails,
             GPtrArray   *member_specialties)
{
  JsonObject *m = json_object_new ();
  const Region *r;
  const char *given, *family, *city;
  g_autofree char *company = NULL;
  g_autofree char *email = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *local = NULL;
  gint joined_days_ago;
  double roll;

  /* Most members live where the chapter is; some come from elsewhere. */
  if (home != NULL && g_rand_double (rand) < 0.7)
    r = home;
  else
    r = &regions[g_rand_int_range (rand, 0, G_N_ELEMENTS (regions))];

  given = r->given[g_rand_int_range (rand, 0, 16)];
  family = r->family[g_rand_int_range (rand, 0, 16)];
  city = r->cities[g_rand_int_range (rand, 0, 5)];

  if (g_rand_double (rand) < 0.55)
    company = g_strdup (companies[g_rand_int_range (rand, 0, G_N_ELEMENTS (companies))]);
  else
    {
      guint n_suffixes = G_N_ELEMENTS (company_suffixes);

      company = g_strdup_printf ("%s %s", g_rand_boolean (rand) ? city : family,
                                 company_suffixes[g_rand_int_range (rand, 0, n_suffixes)]);
    }

  {
    g_autofree char *given_slug = slug (given);
    g_autofree char *family_slug = slug (family);
    g_autofree char *company_slug = slug (company);

    domain = g_strdup_printf ("%s.%s", company_slug, r->tld);
    local = g_strdup_printf ("%s.%s", given_slug, family_slug);
  }

  email = g_strdup_printf ("%s@%s", local, domain);
  if (used_emails != NULL)
    {
      for (guint n = 2; g_hash_table_contains (used_emails, email); n++)
        {
          g_free (email);
          email = g_strdup_printf ("%s%u@%s", local, n, domain);
        }
      g_hash_table_add (used_emails, g_strdup (email));
    }
  else
    {
      g_free (email);
      email = g_strdup_printf ("%s.%u@%s", local, index, domain);
    }

  json_object_set_string_member (m, "given_name", given);
  json_object_set_string_member (m, "family_name", family);
  json_object_set_string_member (m, "email", email);
  json_object_set_string_member (m, "company", company);
  json_object_set_string_member (m, "job_title",
                                 job_titles[g_rand_int_range (rand, 0, G_N_ELEMENTS (job_titles))]);
  json_object_set_string_member (m, "city", city);
  json_object_set_string_member (m, "country", ch_country_code_from_text (r->country));
  {
    g_autofree char *phone = g_strdup_printf ("%s %03d %02d %02d", r->phone_prefix,
                                              g_rand_int_range (rand, 100, 999),
                                              g_rand_int_range (rand, 10, 99),
                                              g_rand_int_range (rand, 10, 99));
    json_object_set_string_member (m, "phone", phone);
  }
  json_object_set_string_member (m, "partner_kind",
                                 partner_kinds[g_rand_int_range (rand, 0,
                                                                 G_N_ELEMENTS (partner_kinds))]);
  json_object_set_boolean_member (m, "consent_directory", g_rand_double (rand) < 0.8);
  json_object_set_boolean_member (m, "consent_email", g_rand_double (rand) < 0.9);

  /* Joined some time in the last six years. */
  joined_days_ago = g_rand_int_range (rand, 5, 6 * 365);
  roll = g_rand_double (rand);

  if (roll < 0.03)
    {
      /* A prospect: met at an event, not joined yet. */
      json_object_set_string_member (m, "tier", CH_TIER_NETWORK);
    }
  else
    {
      g_autofree char *joined = date_days_ago (today, joined_days_ago);

      json_object_set_string_member (m, "joined_on", joined);

      if (roll < 0.36)
        json_object_set_string_member (m, "tier", CH_TIER_NETWORK);
      else if (roll < 0.39)
        json_object_set_string_member (m, "tier", CH_TIER_HONORARY);
      else
        {
          g_autofree char *paid = NULL;
          double pay = g_rand_double (rand);

          json_object_set_string_member (m, "tier", CH_TIER_CHAPTER);

          if (pay < 0.70)
            paid = date_days_ago (today, -g_rand_int_range (rand, 1, 365));      /* paid ahead */
          else if (pay < 0.80)
            paid = date_days_ago (today, g_rand_int_range (rand, 1, 29));        /* in grace */
          else
            paid = date_days_ago (today, g_rand_int_range (rand, 45,
                                                           MAX (46, MIN (joined_days_ago, 540))));

          json_object_set_string_member (m, "dues_paid_until", paid);

          if (pay > 0.95 && joined_days_ago > 400)
            {
              g_autofree char *left = date_days_ago (today, g_rand_int_range (rand, 10, 300));
              gint reason = g_rand_int_range (rand, 0, G_N_ELEMENTS (left_reasons));

              json_object_set_string_member (m, "left_on", left);
              json_object_set_string_member (m, "left_reason", left_reasons[reason]);
            }
        }
    }

  if (member_specialties != NULL)
    {
      guint n = g_rand_int_range (rand, 1, 4);
      guint first = g_rand_int_range (rand, 0, G_N_ELEMENTS (specialties));

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (member_specialties,
                         (gpointer) specialties[(first + i * 2) % G_N_ELEMENTS (specialties)]);
    }

  return m;
}

/* ----------------------------------------------------------------------- */
/* History: membership periods and payments consistent with the member    */

typedef struct
{
  ChStore    *store;
  const char *chapter_id;
  ChDemoMode  mode;
  gint64     *version;
  GRand      *rand;     /* a stream of its own: the members stay as they were */
  GDate       today;
  gint64      dues;
  const char *currency;
  gint        grace;
} History;

static gboolean
put (History     *h,
     const char  *entity,
     JsonObject  *row,
     GError     **error)
{
  g_autofree char *id = ch_uuid_new_v7 ();

  if (h->mode == CH_DEMO_LOCAL)
    return ch_store_insert (h->store, entity, h->chapter_id, id, row, NULL, error);

  return ch_store_apply_remote (h->store, h->chapter_id, entity, id, (*h->version)++, FALSE, row,
                                error);
}

char *
ch_demo_shift_date (const char *iso,
                    gint        days,
                    gint        months)
{
  GDate d;

  if (!ch_date_parse (iso, &d))
    return NULL;
  if (months > 0)
    g_date_add_months (&d, months);
  else if (months < 0)
    g_date_subtract_months (&d, -months);
  if (days > 0)
    g_date_add_days (&d, days);
  else if (days < 0)
    g_date_subtract_days (&d, -days);

  return ch_date_format (&d);
}

static JsonObject *
period_row (const char *member_id,
            const char *kind,
            const char *tier,
            const char *starts_on,
            const char *ends_on,
            const char *end_reason)
{
  JsonObject *row = json_object_new ();

  json_object_set_string_member (row, "member_id", member_id);
  json_object_set_string_member (row, "kind", kind);
  json_object_set_string_member (row, "tier", tier);
  json_object_set_string_member (row, "starts_on", starts_on);
  if (ends_on != NULL)
    json_object_set_string_member (row, "ends_on", ends_on);
  if (end_reason != NULL)
    json_object_set_string_member (row, "end_reason", end_reason);

  return row;
}

static gboolean
put_payment (History     *h,
             const char  *member_id,
             const char  *joined,
             const char  *from,
             const char  *until,
             GError     **error)
{
  g_autoptr(JsonObject) row = json_object_new ();
  g_autofree char *paid_on = ch_demo_shift_date (from, -g_rand_int_range (h->rand, 0, 20), 0);
  g_autofree char *today = ch_date_format (&h->today);
  g_autofree char *reference = NULL;

  /* Nobody pays before joining, or in the future. */
  if (strcmp (paid_on, joined) < 0)
    {
      g_free (paid_on);
      paid_on = g_strdup (joined);
    }
  if (strcmp (paid_on, today) > 0)
    {
      g_free (paid_on);
      paid_on = g_strdup (today);
    }
  reference = g_strdup_printf ("INV-%s-%04d", paid_on, g_rand_int_range (h->rand, 1, 9999));

  json_object_set_string_member (row, "member_id", member_id);
  json_object_set_int_member (row, "amount", h->dues);
  json_object_set_string_member (row, "currency", h->currency);
  json_object_set_string_member (row, "paid_on", paid_on);
  json_object_set_string_member (row, "covers_from", from);
  json_object_set_string_member (row, "covers_until", until);
  json_object_set_string_member (row, "method",
                                 methods[g_rand_int_range (h->rand, 0, G_N_ELEMENTS (methods))]);
  json_object_set_string_member (row, "reference", reference);

  return put (h, "payment", row, error);
}

/* Payments for a paid member: yearly, back from dues_paid_until to the
 * start of the paid membership, so dues_paid_until is the latest
 * covers_until.  In the local demo some joined on the free tier and were
 * upgraded, and some lapsed and came back a year later; the fast
 * (remote) mode writes only the latest payment. */
static gboolean
add_history (History     *h,
             const char  *member_id,
             JsonObject  *member,
             GError     **error)
{
  const char *tier = json_object_get_string_member_with_default (member, "tier", NULL);
  const char *joined = json_object_get_string_member_with_default (member, "joined_on", NULL);
  const char *paid_until = json_object_get_string_member_with_default (member, "dues_paid_until",
                                                                       NULL);
  const char *left = json_object_get_string_member_with_default (member, "left_on", NULL);
  const char *reason = json_object_get_string_member_with_default (member, "left_reason", NULL);
  g_autoptr(GPtrArray) froms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) untils = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *start = NULL;
  g_autofree char *upgraded = NULL;
  g_autofree char *open_kind = NULL;
  g_autofree char *open_start = NULL;
  gint rejoin_at = -1;

  if (joined == NULL)
    return TRUE;

  if (h->mode == CH_DEMO_REMOTE)
    {
      g_autofree char *from = NULL;

      if (g_strcmp0 (tier, CH_TIER_CHAPTER) != 0 || paid_until == NULL)
        return TRUE;
      from = ch_demo_shift_date (paid_until, 1, -12);
      if (strcmp (from, joined) < 0)
        {
          g_free (from);
          from = g_strdup (joined);
        }
      return put_payment (h, member_id, joined, from, paid_until, error);
    }

  if (g_strcmp0 (tier, CH_TIER_CHAPTER) != 0 || paid_until == NULL)
    {
      g_autoptr(JsonObject) row = period_row (member_id, CH_PERIOD_JOIN, tier, joined, left,
                                              reason);
      return put (h, "membership_period", row, error);
    }

  /* A third joined on the free tier and were converted later. */
  start = g_strdup (joined);
  {
    GDate j, p;
    gint span;

    ch_date_parse (joined, &j);
    ch_date_parse (paid_until, &p);
    span = MIN ((gint) g_date_days_between (&j, &h->today),
                (gint) g_date_days_between (&j, &p)) - 400;
    if (span > 60 && g_rand_double (h->rand) < 0.33)
      {
        upgraded = ch_demo_shift_date (joined, g_rand_int_range (h->rand, 30, span), 0);
        g_free (start);
        start = g_strdup (upgraded);
      }
  }

  /* Yearly payments back from dues_paid_until. */
  {
    g_autofree char *until = g_strdup (paid_until);

    for (guint i = 0; i < 8; i++)
      {
        g_autofree char *from = ch_demo_shift_date (until, 1, -12);
        char *next;

        if (strcmp (from, start) <= 0)
          {
            g_ptr_array_insert (froms, 0, g_strdup (start));
            g_ptr_array_insert (untils, 0, g_strdup (until));
            break;
          }
        g_ptr_array_insert (froms, 0, g_strdup (from));
        g_ptr_array_insert (untils, 0, g_strdup (until));
        next = ch_demo_shift_date (from, -1, 0);
        g_free (until);
        until = next;
      }
  }

  /* Some lapsed for a year and came back: drop the payment before the
   * latest one, and the gap shows in the history. */
  if (froms->len >= 3 && g_rand_double (h->rand) < 0.2)
    {
      rejoin_at = froms->len - 2;
      g_ptr_array_remove_index (froms, rejoin_at);
      g_ptr_array_remove_index (untils, rejoin_at);
    }

  {
    g_autoptr(JsonObject) row = NULL;
    g_autofree char *before = upgraded ? ch_demo_shift_date (upgraded, -1, 0) : NULL;

    row = period_row (member_id, CH_PERIOD_JOIN, upgraded ? CH_TIER_NETWORK : CH_TIER_CHAPTER,
                      joined, before, NULL);
    open_kind = g_strdup (upgraded ? CH_PERIOD_UPGRADE : CH_PERIOD_JOIN);
    open_start = g_strdup (joined);
    if (upgraded != NULL)
      {
        if (!put (h, "membership_period", row, error))
          return FALSE;
        g_clear_pointer (&row, json_object_unref);
        g_free (open_start);
        open_start = g_strdup (upgraded);
      }

    for (guint i = 0; i < froms->len; i++)
      {
        if (!put_payment (h, member_id, joined, froms->pdata[i], untils->pdata[i], error))
          return FALSE;

        if ((gint) i == rejoin_at)
          {
            /* The open period ended when the grace ran out. */
            g_autofree char *lapsed = ch_demo_shift_date (untils->pdata[i - 1], h->grace, 0);

            if (row == NULL)
              row = period_row (member_id, open_kind, CH_TIER_CHAPTER, open_start, lapsed, NULL);
            else
              json_object_set_string_member (row, "ends_on", lapsed);
            if (!put (h, "membership_period", row, error))
              return FALSE;
            g_clear_pointer (&row, json_object_unref);
            g_free (open_kind);
            open_kind = g_strdup (CH_PERIOD_REJOIN);
            g_free (open_start);
            open_start = g_strdup (froms->pdata[i]);
          }
        else if (i > 0)
          {
            g_autoptr(JsonObject) renew = period_row (member_id, CH_PERIOD_RENEW, CH_TIER_CHAPTER,
                                                      froms->pdata[i], untils->pdata[i], NULL);
            if (!put (h, "membership_period", renew, error))
              return FALSE;
          }
      }

    /* The period that is still open, or ended when the member left. */
    if (row == NULL)
      row = period_row (member_id, open_kind, CH_TIER_CHAPTER, open_start, left, reason);
    else if (left != NULL)
      {
        json_object_set_string_member (row, "ends_on", left);
        json_object_set_string_member (row, "end_reason", reason);
      }
    if (!put (h, "membership_period", row, error))
      return FALSE;
  }

  return TRUE;
}

gboolean
ch_demo_populate (ChStore     *store,
                  const char  *chapter_id,
                  guint        n_members,
                  guint32      seed,
                  ChDemoMode   mode,
                  GError     **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GRand) history_rand = g_rand_new_with_seed (seed ^ 0x5eedU);
  History h = { 0 };
  g_autoptr(GHashTable) used_emails = NULL;
  g_autoptr(ChChapter) chapter = NULL;
  const Region *home = NULL;
  gint64 version = 1;
  GDate today;

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);
  g_return_val_if_fail (chapter_id != NULL, FALSE);

  if (!(chapter = ch_store_get_chapter (store, chapter_id, error)))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    if (g_strcmp0 (ch_country_code_from_text (regions[i].country),
                   ch_chapter_get_country (chapter)) == 0)
      home = &regions[i];

  if (n_members <= 50000)
    used_emails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  ch_date_today (ch_chapter_get_timezone (chapter), &today);

  h.store = store;
  h.chapter_id = chapter_id;
  h.mode = mode;
  h.version = &version;
  h.rand = history_rand;
  h.today = today;
  h.dues = ch_chapter_get_dues_amount (chapter) > 0 ? ch_chapter_get_dues_amount (chapter) : 10000;
  h.currency = ch_chapter_get_currency (chapter);
  h.grace = MAX (ch_chapter_get_grace_days (chapter), 0);

  if (!ch_store_begin (store, error))
    return FALSE;
  /* Indexed for search once, when the batch commits. */
  ch_store_defer_search (store);

  for (guint i = 0; i < n_members; i++)
    {
      g_autoptr(JsonObject) member = NULL;
      g_autoptr(GPtrArray) tags = g_ptr_array_new ();
      g_autofree char *member_id = ch_uuid_new_v7 ();
      gboolean ok;

      member = make_member (rand, i, n_members, &today, home, used_emails, tags);

      /* Dues "paid until" before joining is a member who never paid. */
      if (g_strcmp0 (json_object_get_string_member_with_default (member, "dues_paid_until", NULL),
                     json_object_get_string_member_with_default (member, "joined_on", NULL)) < 0)
        json_object_remove_member (member, "dues_paid_until");

      /* Self-described gender and birth year: opt-in, so only some. */
      if (g_rand_double (history_rand) < 0.3)
        {
          json_object_set_string_member (member, "gender",
                                         genders[g_rand_int_range (history_rand, 0,
                                                                   G_N_ELEMENTS (genders))]);
          json_object_set_int_member (member, "birth_year",
                                      g_rand_int_range (history_rand, 1955, 2001));
        }

      if (mode == CH_DEMO_LOCAL)
        ok = ch_store_insert (store, "member", chapter_id, member_id, member, NULL, error);
      else
        ok = ch_store_apply_remote (store, chapter_id, "member", member_id, version++, FALSE,
                                    member, error);

      for (guint t = 0; ok && t < tags->len; t++)
        {
          g_autoptr(JsonObject) row = json_object_new ();
          g_autofree char *tag_id = ch_specialties_row_id (member_id, g_ptr_array_index (tags, t));

          json_object_set_string_member (row, "member_id", member_id);
          json_object_set_string_member (row, "specialty", g_ptr_array_index (tags, t));

          if (mode == CH_DEMO_LOCAL)
            ok = ch_store_insert (store, "member_specialty", chapter_id, tag_id, row, NULL, error);
          else
            ok = ch_store_apply_remote (store, chapter_id, "member_specialty", tag_id, version++,
                                        FALSE, row, error);
        }

      if (ok)
        ok = add_history (&h, member_id, member, error);

      if (!ok)
        {
          ch_store_rollback (store);
          return FALSE;
        }
    }

  return ch_store_commit (store, error);
}
