/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-demo"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-demo-private.h"
#include "ch-membership-private.h"
#include "ch-opportunities.h"
#include "ch-opportunity-rule.h"
#include "ch-store-private.h"

/* What partners give each other, by the specialty that wins it. */
static const struct
{
  const char *specialty;
  const char *title;
} demo_deals[] = {
  { "azure", N_("Azure landing zone for a logistics company") },
  { "azure", N_("Move a retailer’s data centre to Azure") },
  { "modern-work", N_("Copilot roll-out for a law firm") },
  { "modern-work", N_("Teams Rooms for a new head office") },
  { "security", N_("Zero-trust review for a regional bank") },
  { "security", N_("Sentinel for a hospital group") },
  { "dynamics-365", N_("Dynamics 365 Sales for a machine builder") },
  { "dynamics-365", N_("Field Service for an elevator company") },
  { "power-platform", N_("Power Apps for a municipality’s inspections") },
  { "data-ai", N_("Fabric and Power BI for a food wholesaler") },
  { "data-ai", N_("Document AI for an insurer’s claims") },
  { "business-applications", N_("Business Central for a design studio") },
};

/* The live members of @chapter_id who have @specialty, by name. */
static GPtrArray *
members_with (ChStore    *store,
              const char *chapter_id,
              const char *specialty)
{
  g_autoptr(GPtrArray) ids = NULL;

  ids = ch_store_query_texts (store, NULL,
                              "SELECT m.id FROM member m JOIN member_specialty s "
                              "  ON s.member_id = m.id AND s.deleted = 0 "
                              "WHERE m.chapter_id = ? AND m.deleted = 0 AND m.left_on IS NULL "
                              "  AND s.specialty = ? ORDER BY m.name_key, m.id",
                              chapter_id, specialty, ch_store_sql_end);

  return ids ? g_steal_pointer (&ids) : g_ptr_array_new_with_free_func (g_free);
}

gboolean
ch_demo_add_opportunities (ChStore     *store,
                           const char  *chapter_id,
                           guint        n,
                           guint32      seed,
                           GError     **error)
{
  static const char *const bands[] = {
    CH_OPPORTUNITY_BAND_LT_10K, CH_OPPORTUNITY_BAND_10K_50K, CH_OPPORTUNITY_BAND_10K_50K,
    CH_OPPORTUNITY_BAND_50K_250K, CH_OPPORTUNITY_BAND_50K_250K, CH_OPPORTUNITY_BAND_GT_250K,
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GPtrArray) givers = NULL;
  g_autofree char *today = ch_membership_today_iso (store, chapter_id);

  g_return_val_if_fail (CH_IS_STORE (store), FALSE);

  givers = ch_store_query_texts (store, error,
                                 "SELECT id FROM member WHERE chapter_id = ? AND deleted = 0 "
                                 "  AND left_on IS NULL ORDER BY name_key, id",
                                 chapter_id, ch_store_sql_end);
  if (givers == NULL)
    return FALSE;
  if (givers->len < 2)
    return TRUE;

  /* A few keen givers and many occasional ones, as in a real chapter. */
  for (guint i = 0; i < n; i++)
    {
      guint deal = g_rand_int_range (rand, 0, G_N_ELEMENTS (demo_deals));
      g_autoptr(GPtrArray) helpers = members_with (store, chapter_id,
                                                   demo_deals[deal].specialty);
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autofree char *given_on = NULL;
      g_autofree char *accepted_on = NULL;
      g_autofree char *closed_on = NULL;
      const char *giver;
      const char *receiver = NULL;
      gint age = g_rand_int_range (rand, 0, 540);
      gdouble fate = g_rand_double (rand);

      /* Twelve keen givers spread over the alphabet, and anyone else. */
      giver = givers->pdata[g_rand_boolean (rand)
                            ? g_rand_int_range (rand, 0, 12) * givers->len / 12
                            : (guint) g_rand_int_range (rand, 0, givers->len)];
      for (guint tries = 0; helpers->len > 0 && tries < 4; tries++)
        {
          receiver = helpers->pdata[g_rand_int_range (rand, 0, helpers->len)];
          if (g_strcmp0 (receiver, giver) != 0)
            break;
          receiver = NULL;
        }

      given_on = ch_demo_shift_date (today, -age, 0);
      json_object_set_string_member (fields, "from_member_id", giver);
      if (receiver != NULL && g_rand_double (rand) > 0.08)
        json_object_set_string_member (fields, "to_member_id", receiver);
      json_object_set_string_member (fields, "title", _(demo_deals[deal].title));
      json_object_set_string_member (fields, "specialty", demo_deals[deal].specialty);
      json_object_set_string_member (fields, "value_band",
                                     bands[g_rand_int_range (rand, 0, G_N_ELEMENTS (bands))]);
      json_object_set_string_member (fields, "given_on", given_on);

      /* Older ones have moved on: accepted within two weeks, closed
       * within a few months; the newest are still given. */
      if (age > 10 && fate < 0.85)
        {
          accepted_on = ch_demo_shift_date (given_on, g_rand_int_range (rand, 1, MIN (age, 14)),
                                            0);
          json_object_set_string_member (fields, "status", CH_OPPORTUNITY_STATUS_ACCEPTED);
          json_object_set_string_member (fields, "accepted_on", accepted_on);
          if (age > 60 && fate < 0.75)
            {
              closed_on = ch_demo_shift_date (accepted_on,
                                              g_rand_int_range (rand, 10, MIN (age - 14, 120)),
                                              0);
              json_object_set_string_member (fields, "status", fate < 0.5
                                             ? CH_OPPORTUNITY_STATUS_WON
                                             : CH_OPPORTUNITY_STATUS_LOST);
              json_object_set_string_member (fields, "closed_on", closed_on);
            }
        }
      else if (age > 30 && fate > 0.95)
        {
          closed_on = ch_demo_shift_date (given_on, 20, 0);
          json_object_set_string_member (fields, "status", CH_OPPORTUNITY_STATUS_LOST);
          json_object_set_string_member (fields, "closed_on", closed_on);
        }

      if (!ch_opportunities_add (store, chapter_id, fields, NULL, error))
        return FALSE;
    }

  return TRUE;
}
