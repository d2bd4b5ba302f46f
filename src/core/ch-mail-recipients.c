/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-mail-recipients"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ch-events.h"
#include "ch-registration.h"
#include "ch-registrations.h"
#include "ch-mail-recipients.h"
#include "ch-store-private.h"

G_DEFINE_QUARK (ch-mail-recipients-error-quark, ch_mail_recipients_error)

G_DEFINE_BOXED_TYPE (ChMailRecipients, ch_mail_recipients, ch_mail_recipients_copy,
                     ch_mail_recipients_free)

static void
left_out_free (ChMailLeftOut *l)
{
  g_free (l->name);
  g_free (l);
}

static ChMailRecipients *
recipients_new (void)
{
  ChMailRecipients *r = g_new0 (ChMailRecipients, 1);

  r->members = g_ptr_array_new_with_free_func (g_object_unref);
  r->left_out = g_ptr_array_new_with_free_func ((GDestroyNotify) left_out_free);
  return r;
}

static void
add_left_out (ChMailRecipients    *r,
              const char          *name,
              ChMailLeftOutReason  reason)
{
  ChMailLeftOut *l = g_new0 (ChMailLeftOut, 1);

  l->name = g_strdup (name);
  l->reason = reason;
  g_ptr_array_add (r->left_out, l);
}

ChMailRecipients *
ch_mail_recipients_copy (const ChMailRecipients *self)
{
  ChMailRecipients *copy = recipients_new ();

  for (guint i = 0; i < self->members->len; i++)
    g_ptr_array_add (copy->members, g_object_ref (self->members->pdata[i]));
  for (guint i = 0; i < self->left_out->len; i++)
    {
      ChMailLeftOut *l = self->left_out->pdata[i];

      add_left_out (copy, l->name, l->reason);
    }
  copy->event_id = g_strdup (self->event_id);
  copy->recent = self->recent != NULL ? g_hash_table_ref (self->recent) : NULL;

  return copy;
}

void
ch_mail_recipients_free (ChMailRecipients *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->members);
  g_ptr_array_unref (self->left_out);
  g_free (self->event_id);
  g_clear_pointer (&self->recent, g_hash_table_unref);
  g_free (self);
}

const char *
ch_mail_recipients_left_out_label (ChMailLeftOutReason reason)
{
  switch (reason)
    {
    case CH_MAIL_LEFT_OUT_NO_ADDRESS:
      return _("No e-mail address");
    case CH_MAIL_LEFT_OUT_NO_CONSENT:
      return _("Asked not to be e-mailed");
    case CH_MAIL_LEFT_OUT_GUEST:
    default:
      return _("A guest, not a member");
    }
}

gboolean
ch_mail_recipients_may_email (ChMember            *member,
                              ChMailLeftOutReason *why)
{
  const char *email = ch_member_get_email (member);

  if (email == NULL || *email == '\0')
    {
      if (why)
        *why = CH_MAIL_LEFT_OUT_NO_ADDRESS;
      return FALSE;
    }

  /* Never asked is fine, an explicit no is a refusal. */
  if (!ch_member_get_consent_email (member))
    {
      if (why)
        *why = CH_MAIL_LEFT_OUT_NO_CONSENT;
      return FALSE;
    }

  return TRUE;
}

static void
add_member (ChMailRecipients *r,
            ChMember         *member)
{
  ChMailLeftOutReason why;

  if (ch_mail_recipients_may_email (member, &why))
    g_ptr_array_add (r->members, g_object_ref (member));
  else
    add_left_out (r, ch_member_get_display_name (member), why);
}

ChMailRecipients *
ch_mail_recipients_from_members (GPtrArray *members)
{
  ChMailRecipients *r = recipients_new ();

  for (guint i = 0; members != NULL && i < members->len; i++)
    add_member (r, members->pdata[i]);

  return r;
}

ChMailRecipients *
ch_mail_recipients_for_renewals (ChStore         *store,
                                 const char      *chapter_id,
                                 ChRenewalGroup   group,
                                 GError         **error)
{
  g_autoptr(GPtrArray) members = ch_renewals_list (store, chapter_id, group, error);

  if (members == NULL)
    return NULL;

  return ch_mail_recipients_from_members (members);
}

ChMailRecipients *
ch_mail_recipients_for_event (ChStore     *store,
                              const char  *event_id,
                              const char  *who,
                              GError     **error)
{
  return ch_mail_recipients_for_event_mode (store, event_id, who, NULL, error);
}

ChMailRecipients *
ch_mail_recipients_for_event_mode (ChStore     *store,
                                   const char  *event_id,
                                   const char  *who,
                                   const char  *mode,
                                   GError     **error)
{
  static const char *const whos[] = { "registered", "waitlisted", "attended", "no-show" };
  g_autoptr(GPtrArray) regs = NULL;
  g_autoptr(ChEvent) event = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) ends = NULL;
  ChMailRecipients *r;
  gboolean known = FALSE;
  gboolean over;

  for (guint i = 0; i < G_N_ELEMENTS (whos); i++)
    known |= g_strcmp0 (who, whos[i]) == 0;
  if (!known)
    {
      g_set_error (error, CH_MAIL_RECIPIENTS_ERROR, CH_MAIL_RECIPIENTS_ERROR_INVALID,
                   _("Choose who of the event to write to: registered, waitlisted, attended "
                     "or no-show."));
      return NULL;
    }

  event = event_id != NULL ? ch_event_get (store, event_id, NULL) : NULL;
  if (event == NULL)
    {
      g_set_error (error, CH_MAIL_RECIPIENTS_ERROR, CH_MAIL_RECIPIENTS_ERROR_INVALID,
                   _("There is no event “%s”."), event_id != NULL ? event_id : "");
      return NULL;
    }
  ends = g_date_time_new_from_iso8601 (ch_event_get_ends_at (event), NULL);
  over = ends != NULL && g_date_time_compare (ends, now) <= 0;

  regs = ch_registration_list (store, event_id, error);
  if (regs == NULL)
    return NULL;

  r = recipients_new ();
  r->event_id = g_strdup (event_id);
  for (guint i = 0; i < regs->len; i++)
    {
      ChRegistration *reg = regs->pdata[i];
      const char *state = ch_registration_get_state (reg);
      gboolean checked_in = ch_registration_get_checked_in_at (reg) != NULL;
      const char *member_id = ch_registration_get_member_id (reg);
      gboolean wanted;
      g_autoptr(ChMember) member = NULL;

      if (g_str_equal (who, "registered"))
        wanted = g_strcmp0 (state, CH_REG_REGISTERED) == 0;
      else if (g_str_equal (who, "waitlisted"))
        wanted = g_strcmp0 (state, CH_REG_WAITLISTED) == 0;
      else if (g_str_equal (who, "attended"))
        wanted = g_strcmp0 (state, CH_REG_REGISTERED) == 0 && checked_in;
      else
        wanted = g_strcmp0 (state, CH_REG_REGISTERED) == 0 && !checked_in && over;
      if (!wanted || (mode != NULL && g_strcmp0 (ch_registration_get_mode (reg), mode) != 0))
        continue;

      if (member_id == NULL ||
          (member = ch_store_get_member (store, member_id, NULL)) == NULL)
        {
          add_left_out (r, ch_registration_get_display_name (reg), CH_MAIL_LEFT_OUT_GUEST);
          continue;
        }
      add_member (r, member);
    }

  return r;
}
