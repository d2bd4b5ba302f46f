/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-gender"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-gender.h"
#include "ch-fold.h"

/* Words older versions let people type, folded (lower case, no accents).
 * English, Swedish, German, French and Spanish. */
static const char *woman_words[] = {
  "woman", "women", "female", "f", "w", "kvinna", "kvinnlig", "k", "frau", "weiblich",
  "femme", "feminin", "feminine", "mujer", "femenino", "femenina", "lady", "girl", NULL,
};
static const char *man_words[] = {
  "man", "men", "male", "m", "manlig", "mann", "mannlich", "herr", "homme",
  "masculin", "hombre", "masculino", "gentleman", "boy", NULL,
};
static const char *non_binary_words[] = {
  "non-binary", "nonbinary", "non binary", "nb", "enby", "ickebinar", "icke-binar",
  "icke binar", "nichtbinar", "nicht-binar", "nicht binar", "non-binaire", "non binaire",
  "nonbinaire", "no binario", "no-binario", "no binaria", "genderqueer", "divers", NULL,
};
static const char *prefer_not_words[] = {
  "prefer-not", "prefer-not-to-say", "prefer not to say", "prefer not", "rather not say",
  "not stated", "vill inte uppge", "keine angabe", "ne souhaite pas repondre",
  "prefiero no decirlo", "prefiero no decir", NULL,
};

static gboolean
in_list (const char         *folded,
         const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (strcmp (folded, words[i]) == 0)
      return TRUE;

  return FALSE;
}

ChGender
ch_gender_classify (const char *stored)
{
  g_autofree char *folded = NULL;

  if (stored == NULL)
    return CH_GENDER_NOT_ANSWERED;

  folded = ch_fold (stored);
  g_strstrip (folded);
  /* "F." and "m " are answers too. */
  while (*folded != '\0' && strchr (".,;:!", folded[strlen (folded) - 1]) != NULL)
    folded[strlen (folded) - 1] = '\0';
  g_strstrip (folded);

  if (*folded == '\0')
    return CH_GENDER_NOT_ANSWERED;
  if (in_list (folded, woman_words))
    return CH_GENDER_WOMAN;
  if (in_list (folded, man_words))
    return CH_GENDER_MAN;
  if (in_list (folded, non_binary_words))
    return CH_GENDER_NON_BINARY;
  if (in_list (folded, prefer_not_words))
    return CH_GENDER_PREFER_NOT;

  return CH_GENDER_SELF_DESCRIBED;
}

char *
ch_gender_normalize (const char *text)
{
  ChGender gender = ch_gender_classify (text);

  if (gender == CH_GENDER_NOT_ANSWERED)
    return NULL;
  if (gender == CH_GENDER_SELF_DESCRIBED)
    return g_strstrip (g_strdup (text));

  return g_strdup (ch_gender_code (gender));
}

const char *
ch_gender_code (ChGender gender)
{
  switch (gender)
    {
    case CH_GENDER_WOMAN: return CH_GENDER_CODE_WOMAN;
    case CH_GENDER_MAN: return CH_GENDER_CODE_MAN;
    case CH_GENDER_NON_BINARY: return CH_GENDER_CODE_NON_BINARY;
    case CH_GENDER_PREFER_NOT: return CH_GENDER_CODE_PREFER_NOT;
    case CH_GENDER_NOT_ANSWERED:
    case CH_GENDER_SELF_DESCRIBED:
    default:
      return NULL;
    }
}

const char *
ch_gender_label (ChGender gender)
{
  switch (gender)
    {
    case CH_GENDER_WOMAN: return C_("gender", "Woman");
    case CH_GENDER_MAN: return C_("gender", "Man");
    case CH_GENDER_NON_BINARY: return C_("gender", "Non-binary");
    case CH_GENDER_SELF_DESCRIBED: return C_("gender", "Self-describe");
    case CH_GENDER_PREFER_NOT: return C_("gender", "Prefer not to say");
    case CH_GENDER_NOT_ANSWERED:
    default:
      return C_("gender", "Not answered");
    }
}
