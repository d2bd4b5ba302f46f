/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-mail-fields"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-event.h"
#include "ch-event-time.h"
#include "ch-mail-fields.h"
#include "ch-money.h"
#include "ch-tier.h"
#include "ch-store.h"

static void
put (GHashTable *values,
     const char *name,
     const char *value)
{
  g_hash_table_insert (values, g_strdup (name), g_strdup (value != NULL ? value : ""));
}

GHashTable *
ch_mail_fields_for (ChChapter           *chapter,
                    const ChMailAccount *account,
                    ChMember            *member,
                    ChEvent             *event)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *tier = ch_member_get_tier (member);
  g_autofree char *amount = ch_money_format (ch_chapter_get_dues_amount (chapter),
                                             ch_chapter_get_currency (chapter));

  put (values, "given_name", ch_member_get_given_name (member));
  put (values, "family_name", ch_member_get_family_name (member));
  put (values, "tier", tier != NULL ? ch_tier_label (tier) : NULL);
  put (values, "dues_paid_until", ch_member_get_dues_paid_until (member));
  put (values, "amount_due", amount);
  put (values, "chapter", ch_chapter_get_name (chapter));
  put (values, "signature", account->signature != NULL ? account->signature
                            : account->from_name != NULL ? account->from_name
                            : ch_chapter_get_name (chapter));

  if (event != NULL)
    {
      g_autofree char *when = ch_event_time_describe (ch_event_get_timezone (event),
                                                     ch_event_get_starts_at (event),
                                                     ch_event_get_ends_at (event),
                                                     ch_chapter_get_timezone (chapter));
      const char *venue = ch_event_get_venue_name (event);
      const char *address = ch_event_get_venue_address (event);
      char *nl = when != NULL ? strchr (when, '\n') : NULL;
      g_autofree char *place = NULL;

      /* The first line: the time in the event's own zone. */
      if (nl != NULL)
        *nl = '\0';
      if (venue != NULL && address != NULL)
        place = g_strdup_printf ("%s, %s", venue, address);
      else
        place = g_strdup (venue != NULL ? venue : address != NULL ? address : _("online"));
      put (values, "event_title", ch_event_get_title (event));
      put (values, "event_start", when);
      put (values, "event_venue", place);
      put (values, "event_join_link", ch_event_get_join_url (event) != NULL
                                      ? ch_event_get_join_url (event)
                                      : _("(in person only)"));
    }

  return values;
}
