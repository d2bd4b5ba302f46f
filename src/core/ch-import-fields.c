/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-import"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-import-fields.h"
#include "ch-fold.h"

static const char * const keys[CH_IMPORT_N_FIELDS] = {
  "ignore", "given_name", "family_name", "full_name", "email", "phone", "company",
  "job_title", "city", "country", "tier", "joined_on", "dues_paid_until", "specialties",
  "gender", "notes", "partner_kind", "left_on", "left_reason", "birth_year",
  "consent_directory", "consent_email", "amount",
};

/* Headers folded (no accents, lower case) and stripped of everything but
 * letters and digits: "E-mail Address" is "emailaddress". */
static const struct
{
  const char    *header;
  ChImportField  field;
} headers[] = {
  /* English, Wild Apricot, CiviCRM, Meetup */
  { "firstname", CH_IMPORT_FIELD_GIVEN_NAME },
  { "givenname", CH_IMPORT_FIELD_GIVEN_NAME },
  { "forename", CH_IMPORT_FIELD_GIVEN_NAME },
  { "first", CH_IMPORT_FIELD_GIVEN_NAME },
  { "fname", CH_IMPORT_FIELD_GIVEN_NAME },
  { "lastname", CH_IMPORT_FIELD_FAMILY_NAME },
  { "surname", CH_IMPORT_FIELD_FAMILY_NAME },
  { "familyname", CH_IMPORT_FIELD_FAMILY_NAME },
  { "last", CH_IMPORT_FIELD_FAMILY_NAME },
  { "lname", CH_IMPORT_FIELD_FAMILY_NAME },
  { "name", CH_IMPORT_FIELD_FULL_NAME },
  { "fullname", CH_IMPORT_FIELD_FULL_NAME },
  { "displayname", CH_IMPORT_FIELD_FULL_NAME },
  { "membername", CH_IMPORT_FIELD_FULL_NAME },
  { "contactname", CH_IMPORT_FIELD_FULL_NAME },
  { "email", CH_IMPORT_FIELD_EMAIL },
  { "emailaddress", CH_IMPORT_FIELD_EMAIL },
  { "primaryemail", CH_IMPORT_FIELD_EMAIL },
  { "emailprimary", CH_IMPORT_FIELD_EMAIL },
  { "mail", CH_IMPORT_FIELD_EMAIL },
  { "phone", CH_IMPORT_FIELD_PHONE },
  { "phonenumber", CH_IMPORT_FIELD_PHONE },
  { "telephone", CH_IMPORT_FIELD_PHONE },
  { "mobile", CH_IMPORT_FIELD_PHONE },
  { "mobilephone", CH_IMPORT_FIELD_PHONE },
  { "cell", CH_IMPORT_FIELD_PHONE },
  { "cellphone", CH_IMPORT_FIELD_PHONE },
  { "primaryphone", CH_IMPORT_FIELD_PHONE },
  { "company", CH_IMPORT_FIELD_COMPANY },
  { "companyname", CH_IMPORT_FIELD_COMPANY },
  { "organization", CH_IMPORT_FIELD_COMPANY },
  { "organisation", CH_IMPORT_FIELD_COMPANY },
  { "organizationname", CH_IMPORT_FIELD_COMPANY },
  { "employer", CH_IMPORT_FIELD_COMPANY },
  { "currentemployer", CH_IMPORT_FIELD_COMPANY },
  { "partner", CH_IMPORT_FIELD_COMPANY },
  { "jobtitle", CH_IMPORT_FIELD_JOB_TITLE },
  { "title", CH_IMPORT_FIELD_JOB_TITLE },
  { "position", CH_IMPORT_FIELD_JOB_TITLE },
  { "city", CH_IMPORT_FIELD_CITY },
  { "town", CH_IMPORT_FIELD_CITY },
  { "location", CH_IMPORT_FIELD_CITY },
  { "country", CH_IMPORT_FIELD_COUNTRY },
  { "membershiplevel", CH_IMPORT_FIELD_TIER },
  { "membershiptype", CH_IMPORT_FIELD_TIER },
  { "membertype", CH_IMPORT_FIELD_TIER },
  { "level", CH_IMPORT_FIELD_TIER },
  { "tier", CH_IMPORT_FIELD_TIER },
  { "membership", CH_IMPORT_FIELD_TIER },
  { "membersince", CH_IMPORT_FIELD_JOINED_ON },
  /* The dues last paid (Wild Apricot "Total paid", CiviCRM "Fee"…) */
  { "amount", CH_IMPORT_FIELD_AMOUNT },
  { "amountpaid", CH_IMPORT_FIELD_AMOUNT },
  { "totalpaid", CH_IMPORT_FIELD_AMOUNT },
  { "dues", CH_IMPORT_FIELD_AMOUNT },
  { "duespaid", CH_IMPORT_FIELD_AMOUNT },
  { "fee", CH_IMPORT_FIELD_AMOUNT },
  { "membershipfee", CH_IMPORT_FIELD_AMOUNT },
  { "belopp", CH_IMPORT_FIELD_AMOUNT },
  { "avgift", CH_IMPORT_FIELD_AMOUNT },
  { "medlemsavgift", CH_IMPORT_FIELD_AMOUNT },
  { "betrag", CH_IMPORT_FIELD_AMOUNT },
  { "beitrag", CH_IMPORT_FIELD_AMOUNT },
  { "montant", CH_IMPORT_FIELD_AMOUNT },
  { "cotisation", CH_IMPORT_FIELD_AMOUNT },
  { "importe", CH_IMPORT_FIELD_AMOUNT },
  { "cuota", CH_IMPORT_FIELD_AMOUNT },
  { "importo", CH_IMPORT_FIELD_AMOUNT },
  { "quota", CH_IMPORT_FIELD_AMOUNT },
  { "valor", CH_IMPORT_FIELD_AMOUNT },
  { "joined", CH_IMPORT_FIELD_JOINED_ON },
  { "joinedon", CH_IMPORT_FIELD_JOINED_ON },
  { "joindate", CH_IMPORT_FIELD_JOINED_ON },
  { "datejoined", CH_IMPORT_FIELD_JOINED_ON },
  { "joinedgroupon", CH_IMPORT_FIELD_JOINED_ON },
  { "renewaldue", CH_IMPORT_FIELD_PAID_UNTIL },
  { "renewaldate", CH_IMPORT_FIELD_PAID_UNTIL },
  { "paiduntil", CH_IMPORT_FIELD_PAID_UNTIL },
  { "paidthrough", CH_IMPORT_FIELD_PAID_UNTIL },
  { "duespaiduntil", CH_IMPORT_FIELD_PAID_UNTIL },
  { "enddate", CH_IMPORT_FIELD_PAID_UNTIL },
  { "expires", CH_IMPORT_FIELD_PAID_UNTIL },
  { "expiry", CH_IMPORT_FIELD_PAID_UNTIL },
  { "expirydate", CH_IMPORT_FIELD_PAID_UNTIL },
  { "expirationdate", CH_IMPORT_FIELD_PAID_UNTIL },
  { "membershipenddate", CH_IMPORT_FIELD_PAID_UNTIL },
  { "specialties", CH_IMPORT_FIELD_SPECIALTIES },
  { "specialities", CH_IMPORT_FIELD_SPECIALTIES },
  { "specialty", CH_IMPORT_FIELD_SPECIALTIES },
  { "expertise", CH_IMPORT_FIELD_SPECIALTIES },
  { "skills", CH_IMPORT_FIELD_SPECIALTIES },
  { "gender", CH_IMPORT_FIELD_GENDER },
  { "sex", CH_IMPORT_FIELD_GENDER },
  { "notes", CH_IMPORT_FIELD_NOTES },
  { "note", CH_IMPORT_FIELD_NOTES },
  { "comments", CH_IMPORT_FIELD_NOTES },
  { "comment", CH_IMPORT_FIELD_NOTES },
  { "partnerkind", CH_IMPORT_FIELD_PARTNER_KIND },
  { "partnertype", CH_IMPORT_FIELD_PARTNER_KIND },
  { "lefton", CH_IMPORT_FIELD_LEFT_ON },
  { "dateleft", CH_IMPORT_FIELD_LEFT_ON },
  { "leftreason", CH_IMPORT_FIELD_LEFT_REASON },
  { "reasonforleaving", CH_IMPORT_FIELD_LEFT_REASON },
  { "birthyear", CH_IMPORT_FIELD_BIRTH_YEAR },
  { "yearofbirth", CH_IMPORT_FIELD_BIRTH_YEAR },
  { "consentdirectory", CH_IMPORT_FIELD_CONSENT_DIRECTORY },
  { "directoryconsent", CH_IMPORT_FIELD_CONSENT_DIRECTORY },
  { "consentemail", CH_IMPORT_FIELD_CONSENT_EMAIL },
  { "emailconsent", CH_IMPORT_FIELD_CONSENT_EMAIL },
  { "subscribedtoemails", CH_IMPORT_FIELD_CONSENT_EMAIL },

  /* Swedish */
  { "fornamn", CH_IMPORT_FIELD_GIVEN_NAME },
  { "efternamn", CH_IMPORT_FIELD_FAMILY_NAME },
  { "namn", CH_IMPORT_FIELD_FULL_NAME },
  { "epost", CH_IMPORT_FIELD_EMAIL },
  { "epostadress", CH_IMPORT_FIELD_EMAIL },
  { "mejl", CH_IMPORT_FIELD_EMAIL },
  { "telefon", CH_IMPORT_FIELD_PHONE },
  { "mobil", CH_IMPORT_FIELD_PHONE },
  { "mobiltelefon", CH_IMPORT_FIELD_PHONE },
  { "foretag", CH_IMPORT_FIELD_COMPANY },
  { "titel", CH_IMPORT_FIELD_JOB_TITLE },
  { "befattning", CH_IMPORT_FIELD_JOB_TITLE },
  { "stad", CH_IMPORT_FIELD_CITY },
  { "ort", CH_IMPORT_FIELD_CITY },
  { "land", CH_IMPORT_FIELD_COUNTRY },
  { "medlemskap", CH_IMPORT_FIELD_TIER },
  { "medlemstyp", CH_IMPORT_FIELD_TIER },
  { "medlemsniva", CH_IMPORT_FIELD_TIER },
  { "medlemsedan", CH_IMPORT_FIELD_JOINED_ON },
  { "betalttill", CH_IMPORT_FIELD_PAID_UNTIL },
  { "betaldtill", CH_IMPORT_FIELD_PAID_UNTIL },
  { "specialiteter", CH_IMPORT_FIELD_SPECIALTIES },
  { "kompetenser", CH_IMPORT_FIELD_SPECIALTIES },
  { "kon", CH_IMPORT_FIELD_GENDER },
  { "fodelsear", CH_IMPORT_FIELD_BIRTH_YEAR },
  { "anteckningar", CH_IMPORT_FIELD_NOTES },

  /* German */
  { "vorname", CH_IMPORT_FIELD_GIVEN_NAME },
  { "nachname", CH_IMPORT_FIELD_FAMILY_NAME },
  { "familienname", CH_IMPORT_FIELD_FAMILY_NAME },
  { "emailadresse", CH_IMPORT_FIELD_EMAIL },
  { "telefonnummer", CH_IMPORT_FIELD_PHONE },
  { "handy", CH_IMPORT_FIELD_PHONE },
  { "firma", CH_IMPORT_FIELD_COMPANY },
  { "unternehmen", CH_IMPORT_FIELD_COMPANY },
  { "berufsbezeichnung", CH_IMPORT_FIELD_JOB_TITLE },
  { "stadt", CH_IMPORT_FIELD_CITY },
  { "mitgliedschaft", CH_IMPORT_FIELD_TIER },
  { "mitgliedsart", CH_IMPORT_FIELD_TIER },
  { "mitgliedseit", CH_IMPORT_FIELD_JOINED_ON },
  { "eintrittsdatum", CH_IMPORT_FIELD_JOINED_ON },
  { "bezahltbis", CH_IMPORT_FIELD_PAID_UNTIL },
  { "ablaufdatum", CH_IMPORT_FIELD_PAID_UNTIL },
  { "fachgebiete", CH_IMPORT_FIELD_SPECIALTIES },
  { "geschlecht", CH_IMPORT_FIELD_GENDER },
  { "geburtsjahr", CH_IMPORT_FIELD_BIRTH_YEAR },
  { "notizen", CH_IMPORT_FIELD_NOTES },
  { "bemerkungen", CH_IMPORT_FIELD_NOTES },

  /* French */
  { "prenom", CH_IMPORT_FIELD_GIVEN_NAME },
  { "nom", CH_IMPORT_FIELD_FAMILY_NAME },
  { "nomdefamille", CH_IMPORT_FIELD_FAMILY_NAME },
  { "nomcomplet", CH_IMPORT_FIELD_FULL_NAME },
  { "courriel", CH_IMPORT_FIELD_EMAIL },
  { "adresseemail", CH_IMPORT_FIELD_EMAIL },
  { "adressecourriel", CH_IMPORT_FIELD_EMAIL },
  { "portable", CH_IMPORT_FIELD_PHONE },
  { "entreprise", CH_IMPORT_FIELD_COMPANY },
  { "societe", CH_IMPORT_FIELD_COMPANY },
  { "fonction", CH_IMPORT_FIELD_JOB_TITLE },
  { "poste", CH_IMPORT_FIELD_JOB_TITLE },
  { "ville", CH_IMPORT_FIELD_CITY },
  { "pays", CH_IMPORT_FIELD_COUNTRY },
  { "adhesion", CH_IMPORT_FIELD_TIER },
  { "typedadhesion", CH_IMPORT_FIELD_TIER },
  { "niveau", CH_IMPORT_FIELD_TIER },
  { "membredepuis", CH_IMPORT_FIELD_JOINED_ON },
  { "datedadhesion", CH_IMPORT_FIELD_JOINED_ON },
  { "payejusquau", CH_IMPORT_FIELD_PAID_UNTIL },
  { "datedexpiration", CH_IMPORT_FIELD_PAID_UNTIL },
  { "specialites", CH_IMPORT_FIELD_SPECIALTIES },
  { "genre", CH_IMPORT_FIELD_GENDER },
  { "sexe", CH_IMPORT_FIELD_GENDER },
  { "remarques", CH_IMPORT_FIELD_NOTES },

  /* Spanish */
  { "nombre", CH_IMPORT_FIELD_GIVEN_NAME },
  { "apellido", CH_IMPORT_FIELD_FAMILY_NAME },
  { "apellidos", CH_IMPORT_FIELD_FAMILY_NAME },
  { "nombrecompleto", CH_IMPORT_FIELD_FULL_NAME },
  { "correo", CH_IMPORT_FIELD_EMAIL },
  { "correoelectronico", CH_IMPORT_FIELD_EMAIL },
  { "telefono", CH_IMPORT_FIELD_PHONE },
  { "movil", CH_IMPORT_FIELD_PHONE },
  { "empresa", CH_IMPORT_FIELD_COMPANY },
  { "organizacion", CH_IMPORT_FIELD_COMPANY },
  { "cargo", CH_IMPORT_FIELD_JOB_TITLE },
  { "puesto", CH_IMPORT_FIELD_JOB_TITLE },
  { "ciudad", CH_IMPORT_FIELD_CITY },
  { "pais", CH_IMPORT_FIELD_COUNTRY },
  { "membresia", CH_IMPORT_FIELD_TIER },
  { "tipodemembresia", CH_IMPORT_FIELD_TIER },
  { "nivel", CH_IMPORT_FIELD_TIER },
  { "miembrodesde", CH_IMPORT_FIELD_JOINED_ON },
  { "fechadealta", CH_IMPORT_FIELD_JOINED_ON },
  { "pagadohasta", CH_IMPORT_FIELD_PAID_UNTIL },
  { "fechadevencimiento", CH_IMPORT_FIELD_PAID_UNTIL },
  { "especialidades", CH_IMPORT_FIELD_SPECIALTIES },
  { "genero", CH_IMPORT_FIELD_GENDER },
  { "sexo", CH_IMPORT_FIELD_GENDER },
  { "notas", CH_IMPORT_FIELD_NOTES },

  /* Italian */
  { "nome", CH_IMPORT_FIELD_GIVEN_NAME },
  { "cognome", CH_IMPORT_FIELD_FAMILY_NAME },
  { "nomecompleto", CH_IMPORT_FIELD_FULL_NAME },
  { "postaelettronica", CH_IMPORT_FIELD_EMAIL },
  { "indirizzoemail", CH_IMPORT_FIELD_EMAIL },
  { "cellulare", CH_IMPORT_FIELD_PHONE },
  { "azienda", CH_IMPORT_FIELD_COMPANY },
  { "societa", CH_IMPORT_FIELD_COMPANY },
  { "qualifica", CH_IMPORT_FIELD_JOB_TITLE },
  { "ruolo", CH_IMPORT_FIELD_JOB_TITLE },
  { "citta", CH_IMPORT_FIELD_CITY },
  { "paese", CH_IMPORT_FIELD_COUNTRY },
  { "tipodiiscrizione", CH_IMPORT_FIELD_TIER },
  { "livello", CH_IMPORT_FIELD_TIER },
  { "sociodal", CH_IMPORT_FIELD_JOINED_ON },
  { "iscrittodal", CH_IMPORT_FIELD_JOINED_ON },
  { "pagatofinoal", CH_IMPORT_FIELD_PAID_UNTIL },
  { "scadenza", CH_IMPORT_FIELD_PAID_UNTIL },
  { "specializzazioni", CH_IMPORT_FIELD_SPECIALTIES },
  { "sesso", CH_IMPORT_FIELD_GENDER },

  /* Portuguese */
  { "primeironome", CH_IMPORT_FIELD_GIVEN_NAME },
  { "sobrenome", CH_IMPORT_FIELD_FAMILY_NAME },
  { "apelido", CH_IMPORT_FIELD_FAMILY_NAME },
  { "telefone", CH_IMPORT_FIELD_PHONE },
  { "celular", CH_IMPORT_FIELD_PHONE },
  { "telemovel", CH_IMPORT_FIELD_PHONE },
  { "organizacao", CH_IMPORT_FIELD_COMPANY },
  { "cidade", CH_IMPORT_FIELD_CITY },
  { "tipodeassociacao", CH_IMPORT_FIELD_TIER },
  { "plano", CH_IMPORT_FIELD_TIER },
  { "membrodesde", CH_IMPORT_FIELD_JOINED_ON },
  { "dataadesao", CH_IMPORT_FIELD_JOINED_ON },
  { "dataodeadesao", CH_IMPORT_FIELD_JOINED_ON },
  { "pagoate", CH_IMPORT_FIELD_PAID_UNTIL },
  { "datadevalidade", CH_IMPORT_FIELD_PAID_UNTIL },
  { "observacoes", CH_IMPORT_FIELD_NOTES },
};

const char *
ch_import_fields_key (ChImportField field)
{
  g_return_val_if_fail (field < CH_IMPORT_N_FIELDS, "ignore");

  return keys[field];
}

ChImportField
ch_import_fields_from_key (const char *key)
{
  for (guint i = 0; key && i < CH_IMPORT_N_FIELDS; i++)
    if (strcmp (keys[i], key) == 0)
      return (ChImportField) i;

  return CH_IMPORT_FIELD_IGNORE;
}

const char *
ch_import_fields_label (ChImportField field)
{
  switch (field)
    {
    case CH_IMPORT_FIELD_GIVEN_NAME: return _("Given name");
    case CH_IMPORT_FIELD_FAMILY_NAME: return _("Family name");
    case CH_IMPORT_FIELD_FULL_NAME: return _("Full name");
    case CH_IMPORT_FIELD_EMAIL: return _("E-mail");
    case CH_IMPORT_FIELD_PHONE: return _("Phone");
    case CH_IMPORT_FIELD_COMPANY: return _("Company");
    case CH_IMPORT_FIELD_JOB_TITLE: return _("Job title");
    case CH_IMPORT_FIELD_CITY: return _("City");
    case CH_IMPORT_FIELD_COUNTRY: return _("Country");
    case CH_IMPORT_FIELD_TIER: return _("Tier");
    case CH_IMPORT_FIELD_JOINED_ON: return _("Member since");
    case CH_IMPORT_FIELD_PAID_UNTIL: return _("Paid until");
    case CH_IMPORT_FIELD_SPECIALTIES: return _("Specialties");
    case CH_IMPORT_FIELD_GENDER: return _("Gender");
    case CH_IMPORT_FIELD_NOTES: return _("Notes");
    case CH_IMPORT_FIELD_PARTNER_KIND: return _("Kind of partner");
    case CH_IMPORT_FIELD_LEFT_ON: return _("Left on");
    case CH_IMPORT_FIELD_LEFT_REASON: return _("Reason for leaving");
    case CH_IMPORT_FIELD_BIRTH_YEAR: return _("Year of birth");
    case CH_IMPORT_FIELD_CONSENT_DIRECTORY: return _("Listed in the directory");
    case CH_IMPORT_FIELD_CONSENT_EMAIL: return _("Gets e-mail");
    case CH_IMPORT_FIELD_AMOUNT: return _("Dues paid (amount)");
    case CH_IMPORT_FIELD_IGNORE:
    case CH_IMPORT_N_FIELDS:
    default:
      return _("Not imported");
    }
}

ChImportField
ch_import_fields_guess (const char *header)
{
  g_autofree char *folded = ch_fold (header);
  g_autofree char *lower = g_utf8_strdown (folded, -1);
  g_autoptr(GString) key = g_string_new (NULL);

  for (const char *p = lower; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (key, *p);

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    if (strcmp (headers[i].header, key->str) == 0)
      return headers[i].field;

  return CH_IMPORT_FIELD_IGNORE;
}
