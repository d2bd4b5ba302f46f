/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-field-value"

#include "config.h"

#include "ch-field-value.h"

gboolean
ch_field_value_is_scalar (const ChFieldValue *value)
{
  return value != NULL &&
         (value->kind == CH_FIELD_VALUE_STRING || value->kind == CH_FIELD_VALUE_INT ||
          value->kind == CH_FIELD_VALUE_DOUBLE || value->kind == CH_FIELD_VALUE_BOOL);
}

const char *
ch_field_value_get_string (const ChFieldValue *value)
{
  return value != NULL && value->kind == CH_FIELD_VALUE_STRING ? value->v.s : NULL;
}

gint64
ch_field_value_get_int (const ChFieldValue *value)
{
  if (value == NULL)
    return 0;

  switch (value->kind)
    {
    case CH_FIELD_VALUE_INT:
      return value->v.i;
    case CH_FIELD_VALUE_DOUBLE:
      return (gint64) value->v.d;
    case CH_FIELD_VALUE_BOOL:
      return value->v.b ? 1 : 0;
    default:
      return 0;
    }
}

gboolean
ch_field_value_get_boolean (const ChFieldValue *value)
{
  if (value == NULL)
    return FALSE;

  switch (value->kind)
    {
    case CH_FIELD_VALUE_BOOL:
      return value->v.b;
    case CH_FIELD_VALUE_INT:
      return value->v.i != 0;
    case CH_FIELD_VALUE_DOUBLE:
      return value->v.d != 0.0;
    default:
      return FALSE;
    }
}

const char *
ch_field_value_string_or (const ChFieldValue *value,
                          const char         *default_value)
{
  if (value == NULL || value->kind == CH_FIELD_VALUE_ABSENT ||
      value->kind == CH_FIELD_VALUE_NULL || value->kind == CH_FIELD_VALUE_OTHER)
    return default_value;

  return ch_field_value_get_string (value);
}
