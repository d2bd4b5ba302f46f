/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-member"

#include "config.h"

#include <glib/gi18n.h>

#include "ch-country.h"
#include "ch-member.h"
#include "ch-member-private.h"

struct _ChMember
{
  GObject         parent_instance;

  JsonObject     *row;
  ChMemberStatus  status;
  char           *display_name;
  char           *location;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_DISPLAY_NAME,
  PROP_GIVEN_NAME,
  PROP_FAMILY_NAME,
  PROP_EMAIL,
  PROP_PHONE,
  PROP_COMPANY,
  PROP_JOB_TITLE,
  PROP_CITY,
  PROP_COUNTRY,
  PROP_LOCATION,
  PROP_TIER,
  PROP_TIER_LABEL,
  PROP_STATUS,
  PROP_STATUS_NAME,
  PROP_STATUS_LABEL,
  PROP_JOINED_ON,
  PROP_DUES_PAID_UNTIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ChMember, ch_member, G_TYPE_OBJECT)

static const char *prop_fields[N_PROPS] = {
  [PROP_ID] = "id",
  [PROP_GIVEN_NAME] = "given_name",
  [PROP_FAMILY_NAME] = "family_name",
  [PROP_EMAIL] = "email",
  [PROP_PHONE] = "phone",
  [PROP_COMPANY] = "company",
  [PROP_JOB_TITLE] = "job_title",
  [PROP_CITY] = "city",
  [PROP_COUNTRY] = "country",
  [PROP_TIER] = "tier",
  [PROP_JOINED_ON] = "joined_on",
  [PROP_DUES_PAID_UNTIL] = "dues_paid_until",
};

static void
ch_member_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  ChMember *self = CH_MEMBER (object);

  switch (prop_id)
    {
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_TIER_LABEL:
      g_value_set_string (value, ch_member_get_tier_label (self));
      break;
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    case PROP_STATUS_NAME:
      g_value_set_string (value, ch_member_status_to_string (self->status));
      break;
    case PROP_STATUS_LABEL:
      g_value_set_string (value, ch_member_get_status_label (self));
      break;
    default:
      if (prop_id < N_PROPS && prop_fields[prop_id] != NULL)
        g_value_set_string (value, ch_member_get_text (self, prop_fields[prop_id]));
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ch_member_finalize (GObject *object)
{
  ChMember *self = (ChMember *) object;

  g_clear_pointer (&self->row, json_object_unref);
  g_free (self->display_name);
  g_free (self->location);

  G_OBJECT_CLASS (ch_member_parent_class)->finalize (object);
}

static GParamSpec *
string_prop (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
ch_member_class_init (ChMemberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ch_member_finalize;
  object_class->get_property = ch_member_get_property;

  properties[PROP_ID] = string_prop ("id");
  properties[PROP_DISPLAY_NAME] = string_prop ("display-name");
  properties[PROP_GIVEN_NAME] = string_prop ("given-name");
  properties[PROP_FAMILY_NAME] = string_prop ("family-name");
  properties[PROP_EMAIL] = string_prop ("email");
  properties[PROP_PHONE] = string_prop ("phone");
  properties[PROP_COMPANY] = string_prop ("company");
  properties[PROP_JOB_TITLE] = string_prop ("job-title");
  properties[PROP_CITY] = string_prop ("city");
  properties[PROP_COUNTRY] = string_prop ("country");
  properties[PROP_LOCATION] = string_prop ("location");
  properties[PROP_TIER] = string_prop ("tier");
  properties[PROP_TIER_LABEL] = string_prop ("tier-label");
  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL, 0, CH_MEMBER_STATUS_LAST, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_NAME] = string_prop ("status-name");
  properties[PROP_STATUS_LABEL] = string_prop ("status-label");
  properties[PROP_JOINED_ON] = string_prop ("joined-on");
  properties[PROP_DUES_PAID_UNTIL] = string_prop ("dues-paid-until");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ch_member_init (ChMember *self)
{
}

ChMember *
ch_member_new_from_row (JsonObject     *row,
                        ChMemberStatus  status)
{
  ChMember *self;
  const char *given, *family, *city, *country;

  g_return_val_if_fail (row != NULL, NULL);

  self = g_object_new (CH_TYPE_MEMBER, NULL);
  self->row = json_object_ref (row);
  self->status = status;

  given = ch_member_get_given_name (self);
  family = ch_member_get_family_name (self);
  if (given && family)
    /* Translators: a person's full name: %1$s given name, %2$s family name */
    self->display_name = g_strdup_printf (C_("full name", "%1$s %2$s"), given, family);
  else
    self->display_name = g_strdup (given ? given : family ? family : "");

  city = ch_member_get_city (self);
  /* Stored as an ISO code: shown as the name in the user's language. */
  country = ch_country_display_name (ch_member_get_country (self));
  if (city && country)
    /* Translators: a place: %1$s city, %2$s country */
    self->location = g_strdup_printf (C_("location", "%1$s, %2$s"), city, country);
  else
    self->location = g_strdup (city ? city : country ? country : "");

  return self;
}

const char *
ch_member_get_text (ChMember   *self,
                    const char *field)
{
  JsonNode *node;

  g_return_val_if_fail (CH_IS_MEMBER (self), NULL);

  node = json_object_get_member (self->row, field);
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

gint64
ch_member_get_int (ChMember   *self,
                   const char *field,
                   gint64      fallback)
{
  JsonNode *node;

  g_return_val_if_fail (CH_IS_MEMBER (self), fallback);

  node = json_object_get_member (self->row, field);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;

  return json_node_get_int (node);
}

/* The text fields, each by its own getter. */
#define TEXT_GETTER(name, field) \
  const char * \
  ch_member_get_##name (ChMember *self) \
  { \
    g_return_val_if_fail (CH_IS_MEMBER (self), NULL); \
    return ch_member_get_text (self, field); \
  }

TEXT_GETTER (id, "id")
TEXT_GETTER (chapter_id, "chapter_id")
TEXT_GETTER (given_name, "given_name")
TEXT_GETTER (family_name, "family_name")
TEXT_GETTER (email, "email")
TEXT_GETTER (phone, "phone")
TEXT_GETTER (company, "company")
TEXT_GETTER (job_title, "job_title")
TEXT_GETTER (city, "city")
TEXT_GETTER (country, "country")
TEXT_GETTER (partner_kind, "partner_kind")
TEXT_GETTER (tier, "tier")
TEXT_GETTER (joined_on, "joined_on")
TEXT_GETTER (dues_paid_until, "dues_paid_until")
TEXT_GETTER (left_on, "left_on")
TEXT_GETTER (left_reason, "left_reason")
TEXT_GETTER (gender, "gender")
TEXT_GETTER (notes, "notes")
TEXT_GETTER (merged_into, "merged_into")

#undef TEXT_GETTER

gint
ch_member_get_birth_year (ChMember *self)
{
  gint64 year;

  g_return_val_if_fail (CH_IS_MEMBER (self), 0);

  year = ch_member_get_int (self, "birth_year", 0);
  return year > 0 && year <= G_MAXINT ? (gint) year : 0;
}

gboolean
ch_member_get_consent_directory (ChMember *self)
{
  g_return_val_if_fail (CH_IS_MEMBER (self), FALSE);

  /* NULL (never asked) is a yes; 0 or false is a refusal. */
  return ch_member_get_int (self, "consent_directory", 1) != 0;
}

gboolean
ch_member_get_consent_email (ChMember *self)
{
  g_return_val_if_fail (CH_IS_MEMBER (self), FALSE);

  return ch_member_get_int (self, "consent_email", 1) != 0;
}

gboolean
ch_member_get_deleted (ChMember *self)
{
  g_return_val_if_fail (CH_IS_MEMBER (self), FALSE);

  return ch_member_get_int (self, "deleted", 0) != 0;
}

const char *
ch_member_get_display_name (ChMember *self)
{
  g_return_val_if_fail (CH_IS_MEMBER (self), NULL);

  return self->display_name;
}

const char *
ch_member_get_location (ChMember *self)
{
  g_return_val_if_fail (CH_IS_MEMBER (self), NULL);

  return self->location;
}

ChMemberStatus
ch_member_get_status (ChMember *self)
{
  g_return_val_if_fail (CH_IS_MEMBER (self), CH_MEMBER_STATUS_PROSPECT);

  return self->status;
}

JsonObject *
ch_member_get_fields (ChMember *self)
{
  g_return_val_if_fail (CH_IS_MEMBER (self), NULL);

  return self->row;
}

const char *
ch_member_get_tier_label (ChMember *self)
{
  g_return_val_if_fail (CH_IS_MEMBER (self), NULL);

  return ch_tier_label (ch_member_get_tier (self));
}

const char *
ch_member_get_status_label (ChMember *self)
{
  g_return_val_if_fail (CH_IS_MEMBER (self), NULL);

  return ch_member_status_label (self->status);
}
