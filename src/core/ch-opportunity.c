/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-opportunity"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-opportunity-rule.h"
#include "ch-opportunity.h"

struct _ChOpportunity
{
  GObject  parent_instance;

  char    *id;
  char    *chapter_id;
  char    *giver_id;
  char    *giver_name;
  char    *receiver_id;
  char    *receiver_name;
  char    *title;
  char    *specialty;
  char    *value_band;
  char    *status;
  char    *given_on;
  char    *accepted_on;
  char    *closed_on;
  char    *notes;
};

G_DEFINE_FINAL_TYPE (ChOpportunity, ch_opportunity, G_TYPE_OBJECT)

static void
ch_opportunity_finalize (GObject *object)
{
  ChOpportunity *self = CH_OPPORTUNITY (object);

  g_free (self->id);
  g_free (self->chapter_id);
  g_free (self->giver_id);
  g_free (self->giver_name);
  g_free (self->receiver_id);
  g_free (self->receiver_name);
  g_free (self->title);
  g_free (self->specialty);
  g_free (self->value_band);
  g_free (self->status);
  g_free (self->given_on);
  g_free (self->accepted_on);
  g_free (self->closed_on);
  g_free (self->notes);

  G_OBJECT_CLASS (ch_opportunity_parent_class)->finalize (object);
}

static void
ch_opportunity_class_init (ChOpportunityClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ch_opportunity_finalize;
}

static void
ch_opportunity_init (ChOpportunity *self)
{
}

ChOpportunity *
ch_opportunity_new (const char *id,
                    const char *chapter_id,
                    const char *giver_id,
                    const char *giver_name,
                    const char *receiver_id,
                    const char *receiver_name,
                    const char *title,
                    const char *specialty,
                    const char *value_band,
                    const char *status,
                    const char *given_on,
                    const char *accepted_on,
                    const char *closed_on,
                    const char *notes)
{
  ChOpportunity *self = g_object_new (CH_TYPE_OPPORTUNITY, NULL);

  self->id = g_strdup (id);
  self->chapter_id = g_strdup (chapter_id);
  self->giver_id = g_strdup (giver_id);
  self->giver_name = g_strdup (giver_name);
  self->receiver_id = g_strdup (receiver_id);
  self->receiver_name = g_strdup (receiver_name);
  self->title = g_strdup (title);
  self->specialty = g_strdup (specialty);
  self->value_band = g_strdup (value_band);
  self->status = g_strdup (status ? status : CH_OPPORTUNITY_STATUS_GIVEN);
  self->given_on = g_strdup (given_on);
  self->accepted_on = g_strdup (accepted_on);
  self->closed_on = g_strdup (closed_on);
  self->notes = g_strdup (notes);

  return self;
}

#define GETTER(field)                                         \
  const char *                                                \
  ch_opportunity_get_##field (ChOpportunity *self)            \
  {                                                           \
    g_return_val_if_fail (CH_IS_OPPORTUNITY (self), NULL);    \
    return self->field;                                       \
  }

GETTER (id)
GETTER (chapter_id)
GETTER (giver_id)
GETTER (giver_name)
GETTER (receiver_id)
GETTER (receiver_name)
GETTER (title)
GETTER (specialty)
GETTER (value_band)
GETTER (status)
GETTER (given_on)
GETTER (accepted_on)
GETTER (closed_on)
GETTER (notes)

#undef GETTER

gboolean
ch_opportunity_get_closed (ChOpportunity *self)
{
  g_return_val_if_fail (CH_IS_OPPORTUNITY (self), FALSE);

  return ch_opportunity_rule_is_closed (self->status);
}

const char *
ch_opportunity_status_label (const char *status)
{
  if (g_strcmp0 (status, CH_OPPORTUNITY_STATUS_GIVEN) == 0)
    return C_("opportunity status", "Given");
  if (g_strcmp0 (status, CH_OPPORTUNITY_STATUS_ACCEPTED) == 0)
    return C_("opportunity status", "Accepted");
  if (g_strcmp0 (status, CH_OPPORTUNITY_STATUS_WON) == 0)
    return C_("opportunity status", "Won");
  if (g_strcmp0 (status, CH_OPPORTUNITY_STATUS_LOST) == 0)
    return C_("opportunity status", "Lost");

  return status ? status : "";
}

char *
ch_opportunity_band_label (const char *band,
                           const char *currency)
{
  const char *cur = currency ? currency : "";

  if (g_strcmp0 (band, CH_OPPORTUNITY_BAND_LT_10K) == 0)
    /* Translators: %s is a currency code such as EUR */
    return g_strdup_printf (_("Under 10,000 %s"), cur);
  if (g_strcmp0 (band, CH_OPPORTUNITY_BAND_10K_50K) == 0)
    /* Translators: %s is a currency code such as EUR */
    return g_strdup_printf (_("10,000–50,000 %s"), cur);
  if (g_strcmp0 (band, CH_OPPORTUNITY_BAND_50K_250K) == 0)
    /* Translators: %s is a currency code such as EUR */
    return g_strdup_printf (_("50,000–250,000 %s"), cur);
  if (g_strcmp0 (band, CH_OPPORTUNITY_BAND_GT_250K) == 0)
    /* Translators: %s is a currency code such as EUR */
    return g_strdup_printf (_("Over 250,000 %s"), cur);

  return g_strdup (band ? band : C_("opportunity value", "Not given"));
}

JsonObject *
ch_opportunity_to_json (ChOpportunity *self)
{
  JsonObject *out;

  g_return_val_if_fail (CH_IS_OPPORTUNITY (self), NULL);

  out = json_object_new ();
  json_object_set_string_member (out, "id", self->id);
  json_object_set_string_member (out, "giver_id", self->giver_id);
  json_object_set_string_member (out, "giver_name", self->giver_name);
  json_object_set_string_member (out, "receiver_id", self->receiver_id);
  json_object_set_string_member (out, "receiver_name", self->receiver_name);
  json_object_set_string_member (out, "title", self->title);
  json_object_set_string_member (out, "specialty", self->specialty);
  json_object_set_string_member (out, "value_band", self->value_band);
  json_object_set_string_member (out, "status", self->status);
  json_object_set_string_member (out, "given_on", self->given_on);
  json_object_set_string_member (out, "accepted_on", self->accepted_on);
  json_object_set_string_member (out, "closed_on", self->closed_on);
  json_object_set_string_member (out, "notes", self->notes);

  return out;
}
