/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-registration"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-registration.h"
#include "ch-row-private.h"

const char *
ch_registration_mode_label (const char *mode)
{
  if (g_strcmp0 (mode, CH_MODE_IN_PERSON) == 0)
    return _("In person");
  if (g_strcmp0 (mode, CH_MODE_ONLINE) == 0)
    return _("Online");

  return NULL;
}

struct _ChRegistration
{
  GObject     parent_instance;

  JsonObject *row;
  char       *display_name;
  char       *email;
  char       *company;
  gint64      waitlist_rank;
};

G_DEFINE_FINAL_TYPE (ChRegistration, ch_registration, G_TYPE_OBJECT)

static void
ch_registration_finalize (GObject *object)
{
  ChRegistration *self = (ChRegistration *) object;

  g_clear_pointer (&self->row, json_object_unref);
  g_free (self->display_name);
  g_free (self->email);
  g_free (self->company);

  G_OBJECT_CLASS (ch_registration_parent_class)->finalize (object);
}

static void
ch_registration_class_init (ChRegistrationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ch_registration_finalize;
}

static void
ch_registration_init (ChRegistration *self)
{
}

static const char *
text (ChRegistration *self,
      const char     *field)
{
  g_return_val_if_fail (CH_IS_REGISTRATION (self), NULL);

  return ch_row_get_text (self->row, field);
}

static gint64
number (ChRegistration *self,
        const char     *field,
        gint64          fallback)
{
  g_return_val_if_fail (CH_IS_REGISTRATION (self), fallback);

  return ch_row_get_int (self->row, field, fallback);
}

static char *
dup_or_null (const char *value)
{
  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

ChRegistration *
ch_registration_new_from_row (JsonObject *row,
                              const char *display_name,
                              const char *email,
                              const char *company,
                              gint64      waitlist_rank)
{
  ChRegistration *self;

  g_return_val_if_fail (row != NULL, NULL);

  self = g_object_new (CH_TYPE_REGISTRATION, NULL);
  self->row = json_object_ref (row);
  self->display_name = g_strdup (display_name != NULL ? display_name
                                                      : text (self, "guest_name"));
  if (self->display_name == NULL)
    self->display_name = g_strdup ("");
  self->email = dup_or_null (email != NULL ? email : text (self, "guest_email"));
  self->company = dup_or_null (company);
  self->waitlist_rank = waitlist_rank > 0 ? waitlist_rank
                                            : number (self, "waitlist_position", 0);
  return self;
}

const char *
ch_registration_get_id (ChRegistration *self)
{
  return text (self, "id");
}

const char *
ch_registration_get_event_id (ChRegistration *self)
{
  return text (self, "event_id");
}

const char *
ch_registration_get_chapter_id (ChRegistration *self)
{
  return text (self, "chapter_id");
}

const char *
ch_registration_get_member_id (ChRegistration *self)
{
  return text (self, "member_id");
}

const char *
ch_registration_get_guest_name (ChRegistration *self)
{
  return text (self, "guest_name");
}

const char *
ch_registration_get_guest_email (ChRegistration *self)
{
  return text (self, "guest_email");
}

const char *
ch_registration_get_display_name (ChRegistration *self)
{
  g_return_val_if_fail (CH_IS_REGISTRATION (self), NULL);

  return self->display_name;
}

const char *
ch_registration_get_email (ChRegistration *self)
{
  g_return_val_if_fail (CH_IS_REGISTRATION (self), NULL);

  return self->email;
}

const char *
ch_registration_get_company (ChRegistration *self)
{
  g_return_val_if_fail (CH_IS_REGISTRATION (self), NULL);

  return self->company;
}

const char *
ch_registration_get_mode (ChRegistration *self)
{
  return text (self, "mode");
}

const char *
ch_registration_get_state (ChRegistration *self)
{
  return text (self, "state");
}

const char *
ch_registration_get_registered_at (ChRegistration *self)
{
  return text (self, "registered_at");
}

gint64
ch_registration_get_waitlist_position (ChRegistration *self)
{
  g_return_val_if_fail (CH_IS_REGISTRATION (self), 0);

  return ch_registration_is_waitlisted (self) ? self->waitlist_rank : 0;
}

const char *
ch_registration_get_checked_in_at (ChRegistration *self)
{
  return text (self, "checked_in_at");
}

const char *
ch_registration_get_check_in_method (ChRegistration *self)
{
  return text (self, "check_in_method");
}

gint64
ch_registration_get_minutes_attended (ChRegistration *self)
{
  return number (self, "minutes_attended", -1);
}

gboolean
ch_registration_is_guest (ChRegistration *self)
{
  return ch_registration_get_member_id (self) == NULL;
}

gboolean
ch_registration_is_registered (ChRegistration *self)
{
  return g_strcmp0 (ch_registration_get_state (self), CH_REG_REGISTERED) == 0;
}

gboolean
ch_registration_is_waitlisted (ChRegistration *self)
{
  return g_strcmp0 (ch_registration_get_state (self), CH_REG_WAITLISTED) == 0;
}

gboolean
ch_registration_is_cancelled (ChRegistration *self)
{
  return g_strcmp0 (ch_registration_get_state (self), CH_REG_CANCELLED) == 0;
}

gboolean
ch_registration_is_attended (ChRegistration *self)
{
  return ch_registration_get_checked_in_at (self) != NULL;
}

gboolean
ch_registration_is_online (ChRegistration *self)
{
  return g_strcmp0 (ch_registration_get_mode (self), CH_MODE_ONLINE) == 0;
}

static void
set_text_or_null (JsonObject *o,
                  const char *name,
                  const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (o, name, value);
  else
    json_object_set_null_member (o, name);
}

JsonObject *
ch_registration_to_json (ChRegistration *self)
{
  JsonObject *out = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_return_val_if_fail (CH_IS_REGISTRATION (self), out);

  json_object_iter_init (&iter, self->row);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_member (out, name, json_node_copy (node));
  json_object_set_string_member (out, "display_name", self->display_name);
  set_text_or_null (out, "email", self->email);
  set_text_or_null (out, "company", self->company);
  if (ch_registration_is_waitlisted (self))
    json_object_set_int_member (out, "waitlist_position", self->waitlist_rank);

  return out;
}
