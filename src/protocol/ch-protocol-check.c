/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-protocol"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "ch-entity.h"
#include "ch-json.h"
#include "ch-protocol.h"
#include "ch-protocol-private.h"
#include "ch-uuid.h"

/* Per-mutation checks */

static gboolean
check_value (const ChEntityInfo *entity,
             const char         *name,
             JsonNode           *value,
             gboolean            is_set,
             ChOp                op,
             GError            **error)
{
  const ChFieldInfo *field = ch_entity_field (entity, name);
  GType type;

  if (field == NULL)
    {
      g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                   /* Translators: to a sync client: the first %s is a field's name, the
                    * second the protocol's entity name ("member", "event"…), both left
                    * in English */
                   _("Unknown field “%s” for %s"), name, entity->name);
      return FALSE;
    }

  if (ch_protocol_node_is_null (value))
    {
      if (is_set && field->required && op != CH_OP_INSERT)
        {
          g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                       /* Translators: to a sync client: the first %s is a field's name, the
                        * second the protocol's entity name ("member", "event"…), both left
                        * in English */
                       _("Field “%s” of %s cannot be emptied"), name, entity->name);
          return FALSE;
        }
      return TRUE;
    }

  type = JSON_NODE_HOLDS_VALUE (value) ? json_node_get_value_type (value) : G_TYPE_INVALID;

  switch (field->type)
    {
    case CH_FIELD_TEXT:
      if (type != G_TYPE_STRING)
        {
          g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                       /* Translators: to a sync client: the first %s is a field's name, the
                        * second the protocol's entity name ("member", "event"…), both left
                        * in English */
                       _("Field “%s” of %s must be text or null"), name, entity->name);
          return FALSE;
        }
      if (is_set)
        {
          const char *s = json_node_get_string (value);
          gsize n = strlen (s);

          if (n > ch_entity_field_max_len (field))
            {
              g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                           /* Translators: to a sync client: the first %s is a field's name, the
                            * second the protocol's entity name ("member", "event"…), both left
                            * in English */
                           _("Field “%s” of %s is %" PRIu64 " bytes long; "
                             "at most %u are allowed"),
                           name, entity->name, (guint64) n, ch_entity_field_max_len (field));
              return FALSE;
            }
          if (field->required && op != CH_OP_INSERT && ch_protocol_text_is_blank (s))
            {
              g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                           /* Translators: to a sync client: the first %s is a field's name, the
                            * second the protocol's entity name ("member", "event"…), both left
                            * in English */
                           _("Field “%s” of %s cannot be emptied"), name, entity->name);
              return FALSE;
            }
        }
      break;

    case CH_FIELD_INT:
      if (type != G_TYPE_INT64)
        {
          g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                       /* Translators: to a sync client: the first %s is a field's name, the
                        * second the protocol's entity name ("member", "event"…), both left
                        * in English */
                       _("Field “%s” of %s must be a whole number (64-bit) or null"),
                       name, entity->name);
          return FALSE;
        }
      break;

    case CH_FIELD_BOOL:
      if (type != G_TYPE_BOOLEAN)
        {
          g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                       /* Translators: to a sync client: the first %s is a field's name, the
                        * second the protocol's entity name ("member", "event"…), both left
                        * in English */
                       _("Field “%s” of %s must be true, false or null"),
                       name, entity->name);
          return FALSE;
        }
      break;

    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

static gboolean
check_fields (const ChEntityInfo *entity,
              JsonObject         *object,
              gboolean            is_set,
              ChOp                op,
              GError            **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (object == NULL)
    return TRUE;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &value))
    {
      /* The base of a restore may say which version of the tombstone the
       * device saw (see the server's apply_one()). */
      if (!is_set && op == CH_OP_RESTORE && strcmp (name, "version") == 0)
        {
          if (!JSON_NODE_HOLDS_VALUE (value) ||
              json_node_get_value_type (value) != G_TYPE_INT64 ||
              json_node_get_int (value) < 0)
            {
              g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                                   _("The “version” of a restore’s base must be a "
                                     "number of 0 or more"));
              return FALSE;
            }
          continue;
        }

      if (!check_value (entity, name, value, is_set, op, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
ch_protocol_check_mutation (const ChMutation  *m,
                            GError           **error)
{
  const ChEntityInfo *entity;

  g_return_val_if_fail (m != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (m->invalid != NULL)
    {
      g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID, m->invalid);
      return FALSE;
    }

  entity = ch_entity_lookup (m->entity);
  if (entity == NULL)
    {
      g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                   _("Unknown entity “%s”"), m->entity ? m->entity : "");
      return FALSE;
    }

  if (!ch_uuid_is_valid (m->id))
    {
      g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                   _("“%s” is not a valid row id (a UUID is expected)"),
                   m->id ? m->id : "");
      return FALSE;
    }

  if ((guint) m->op >= G_N_ELEMENTS (ch_protocol_op_names))
    {
      g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                           _("Unknown operation"));
      return FALSE;
    }

  /* A delete carries nothing to check: base and set are ignored. */
  if (m->op == CH_OP_DELETE && strcmp (entity->name, "conflict") != 0)
    return TRUE;

  if (strcmp (entity->name, "conflict") == 0)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      if (m->op != CH_OP_UPDATE)
        {
          g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                               _("Conflicts are made by the server; they can only be "
                                 "resolved, not created, deleted or restored"));
          return FALSE;
        }

      if (m->set != NULL)
        {
          json_object_iter_init (&iter, m->set);
          while (json_object_iter_next (&iter, &name, &value))
            if (strcmp (name, "resolved") != 0 &&
                strcmp (name, "resolution") != 0 &&
                strcmp (name, "resolved_by") != 0)
              {
                g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                             _("Only “resolved”, “resolution” and “resolved_by” of a "
                               "conflict can be changed, not “%s”"), name);
                return FALSE;
              }
        }
    }

  if (!check_fields (entity, m->set, TRUE, m->op, error) ||
      !check_fields (entity, m->base, FALSE, m->op, error))
    return FALSE;

  if (m->op == CH_OP_INSERT)
    {
      for (guint i = 0; i < entity->n_fields; i++)
        {
          const ChFieldInfo *field = &entity->fields[i];
          JsonNode *value;

          if (!field->required)
            continue;

          value = m->set ? ch_protocol_get_member (m->set, field->name) : NULL;
          if (ch_protocol_node_is_null (value) ||
              (ch_protocol_node_is_type (value, G_TYPE_STRING) &&
               ch_protocol_text_is_blank (json_node_get_string (value))))
            {
              g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                           /* Translators: to a sync client: the first %s is a field's name,
                            * the second the protocol's entity name ("member", "event"…),
                            * both left in English */
                           _("Field “%s” is required for a new %s"),
                           field->name, entity->name);
              return FALSE;
            }
        }
    }

  return TRUE;
}
