/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-protocol-stream"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#include "ch-json.h"
#include "ch-protocol.h"

/* The mutations request and its answer are read as they stream by
 * (issue 17).  Each must be read exactly as the reader of the whole tree
 * did: the same mutations or results, the same refusal with the same
 * message.  Those readers are kept here, as they were, and both read the
 * same mangled documents. */

/* The reference: ch_protocol_parse_mutations_request() before issue 17's
 * streaming reader, on json-glib trees. */

static JsonNode *
ref_get_member (JsonObject *object,
                const char *name)
{
  return json_object_get_member (object, name);
}

static gboolean
ref_node_is_type (JsonNode *node,
                  GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
ref_node_is_null (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static const char *
ref_get_string (JsonObject *object,
                const char *name)
{
  JsonNode *node = ref_get_member (object, name);

  return ref_node_is_type (node, G_TYPE_STRING) ? json_node_get_string (node) : NULL;
}

static gboolean
ref_get_int (JsonObject *object,
             const char *name,
             gint64     *out)
{
  JsonNode *node = ref_get_member (object, name);

  if (!ref_node_is_type (node, G_TYPE_INT64))
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
ref_check_schema_version (JsonObject  *root,
                      gint        *schema_version,
                      GError     **error)
{
  JsonNode *node = ref_get_member (root, "schema_version");
  gint64 v;

  if (node == NULL)
    {
      g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                           _("The request has no “schema_version”"));
      return FALSE;
    }

  if (!ref_node_is_type (node, G_TYPE_INT64))
    {
      g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                           _("“schema_version” must be an integer"));
      return FALSE;
    }

  v = json_node_get_int (node);
  if (v < CH_PROTOCOL_SCHEMA_MIN || v > CH_PROTOCOL_SCHEMA_MAX)
    {
      g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_UNSUPPORTED_SCHEMA,
                   _("Schema version %" PRId64 " is not supported; this server "
                     "speaks versions %d to %d. Update Chapterhouse."),
                   v, CH_PROTOCOL_SCHEMA_MIN, CH_PROTOCOL_SCHEMA_MAX);
      return FALSE;
    }

  if (schema_version != NULL)
    *schema_version = (gint) v;

  return TRUE;
}

static gboolean
ref_device_id_is_valid (const char *device_id)
{
  gsize n = strlen (device_id);

  if (n == 0 || n > CH_PROTOCOL_MAX_DEVICE_ID)
    return FALSE;

  for (const char *p = device_id; *p; p++)
    if ((unsigned char) *p < 0x20 || *p == 0x7f)
      return FALSE;

  return TRUE;
}

/* Reads the item fields that are not needed to identify the item. Any
 * problem is noted in m->invalid and the item is rejected on its own. */
static void
ref_read_mutation_item (JsonObject *item,
                    ChMutation *m)
{
  JsonNode *node;
  const char *op;
  gint64 held;

  /* Optional; anything but an integer of 0 or more counts as not said
   * (it only lets the server leave the row out of this device's pulls). */
  if (ref_get_int (item, "held_version", &held) && held >= 0)
    m->held_version = held;

  node = ref_get_member (item, "entity");
  if (ref_node_is_type (node, G_TYPE_STRING))
    m->entity = g_strdup (json_node_get_string (node));
  else
    {
      m->invalid = g_strdup (_("“entity” must be a string"));
      return;
    }

  node = ref_get_member (item, "id");
  if (ref_node_is_type (node, G_TYPE_STRING))
    m->id = g_strdup (json_node_get_string (node));
  else
    {
      m->invalid = g_strdup (_("“id” must be a string"));
      return;
    }

  op = ref_get_string (item, "op");
  if (!ch_op_from_string (op, &m->op))
    {
      m->op = CH_OP_UPDATE;
      m->invalid = g_strdup (_("“op” must be one of insert, update, delete, restore"));
      return;
    }

  node = ref_get_member (item, "base");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    m->base = json_object_ref (json_node_get_object (node));
  else if (!ref_node_is_null (node))
    {
      m->invalid = g_strdup (_("“base” must be an object"));
      return;
    }

  node = ref_get_member (item, "set");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    m->set = json_object_ref (json_node_get_object (node));
  else if (!ref_node_is_null (node))
    {
      m->invalid = g_strdup (_("“set” must be an object"));
      return;
    }
}

static gboolean
ref_parse (const char  *data,
           gsize        len,
           char       **device_id,
           gint        *schema_version,
           GPtrArray  **mutations,
           GError     **error)
{
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GPtrArray) list = NULL;
  JsonNode *node;
  JsonArray *array;
  const char *device;
  gint64 last_mid = 0;
  guint n;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (len > CH_PROTOCOL_MAX_BODY)
    {
      g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_TOO_LARGE,
                   _("The request is larger than %d bytes; send fewer mutations at once"),
                   CH_PROTOCOL_MAX_BODY);
      return FALSE;
    }

  root = ch_json_parse_object (data, len, error);
  if (root == NULL)
    return FALSE;

  /* The schema comes first, so that a newer client hears "update"
   * rather than a complaint about a shape this server does not know. */
  if (!ref_check_schema_version (root, schema_version, error))
    return FALSE;

  node = ref_get_member (root, "device_id");
  if (node == NULL)
    {
      g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                           _("The request has no “device_id”"));
      return FALSE;
    }
  if (!ref_node_is_type (node, G_TYPE_STRING))
    {
      g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                           _("“device_id” must be a string"));
      return FALSE;
    }
  device = json_node_get_string (node);
  if (!ref_device_id_is_valid (device))
    {
      g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID,
                   _("“device_id” must be 1 to %d characters without control characters"),
                   CH_PROTOCOL_MAX_DEVICE_ID);
      return FALSE;
    }

  node = ref_get_member (root, "mutations");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                           _("“mutations” must be an array"));
      return FALSE;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n > CH_PROTOCOL_MAX_MUTATIONS)
    {
      g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_TOO_MANY_MUTATIONS,
                   ngettext ("The request has %u mutation; send at most %d at once",
                             "The request has %u mutations; send at most %d at once", n),
                   n, CH_PROTOCOL_MAX_MUTATIONS);
      return FALSE;
    }

  list = g_ptr_array_new_full (n, (GDestroyNotify) ch_mutation_free);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *item;
      ChMutation *m;
      gint64 mid;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                       _("Mutation %u is not an object"), i + 1);
          return FALSE;
        }

      item = json_node_get_object (element);
      if (!ref_get_int (item, "mid", &mid) || mid <= 0)
        {
          g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                       _("Mutation %u has no “mid” that is a positive integer"), i + 1);
          return FALSE;
        }
      if (mid <= last_mid)
        {
          g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                       _("Mutation ids must rise within a request: %" PRId64
                         " follows %" PRId64),
                       mid, last_mid);
          return FALSE;
        }
      last_mid = mid;

      m = g_new0 (ChMutation, 1);
      m->mid = mid;
      m->op = CH_OP_UPDATE;
      m->held_version = -1;
      ref_read_mutation_item (item, m);
      g_ptr_array_add (list, m);
    }

  if (device_id != NULL)
    *device_id = g_strdup (device);
  if (mutations != NULL)
    *mutations = g_steal_pointer (&list);

  return TRUE;
}

/* The reference for the answer: ch_protocol_parse_mutations_response()
 * before issue 17. */

static gboolean
ref_parse_response (const char  *data,
                    gsize        len,
                    char       **epoch,
                    GPtrArray  **results,
                    GError     **error)
{
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GPtrArray) list = NULL;
  JsonNode *node;
  JsonArray *array;
  const char *epoch_str;
  guint n;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  root = ch_json_parse_object (data, len, error);
  if (root == NULL)
    return FALSE;

  epoch_str = ref_get_string (root, "epoch");
  node = ref_get_member (root, "results");
  if (epoch_str == NULL || node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                           _("The server’s answer has no “epoch” or no “results”"));
      return FALSE;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  list = g_ptr_array_new_full (n, (GDestroyNotify) ch_mutation_result_free);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *item;
      ChResultStatus status;
      gint64 mid, version;
      JsonNode *message;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        goto bad_item;

      item = json_node_get_object (element);
      message = ref_get_member (item, "message");
      if (!ref_get_int (item, "mid", &mid) ||
          !ref_get_int (item, "version", &version) || version < 0 ||
          !ch_result_status_from_string (ref_get_string (item, "status"), &status) ||
          !(ref_node_is_null (message) ||
            ref_node_is_type (message, G_TYPE_STRING)))
        goto bad_item;

      {
        ChMutationResult *r = ch_mutation_result_new (mid, status, version,
                                                      ref_node_is_null (message)
                                                      ? NULL : json_node_get_string (message));
        JsonNode *reason = ref_get_member (item, "reason");
        JsonNode *fields = ref_get_member (item, "fields");

        g_ptr_array_add (list, r);
        if (!(ref_node_is_null (reason) ||
              ref_node_is_type (reason, G_TYPE_STRING)) ||
            !(ref_node_is_null (fields) || JSON_NODE_HOLDS_OBJECT (fields)))
          goto bad_item;
        if (!ref_node_is_null (reason))
          r->reason = g_strdup (json_node_get_string (reason));
        if (!ref_node_is_null (fields))
          r->fields = json_object_ref (json_node_get_object (fields));
        /* Optional, since the data rules (issue 9): why a change was refused. */
        if (ref_get_string (item, "code") != NULL)
          r->code = g_strdup (ref_get_string (item, "code"));
        /* Optional (issue 17): only on an applied result that the server
         * took exactly as the device held the row. */
        {
          gint64 previous;

          if (status == CH_RESULT_APPLIED &&
              ref_get_int (item, "previous_version", &previous) && previous >= 0 &&
              previous < version)
            r->previous_version = previous;
        }
      }
      continue;

    bad_item:
      g_set_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED,
                   _("Result %u in the server’s answer is not valid"), i + 1);
      return FALSE;
    }

  if (epoch != NULL)
    *epoch = g_strdup (epoch_str);
  if (results != NULL)
    *results = g_steal_pointer (&list);

  return TRUE;
}

/* The test */

static char *
object_text (JsonObject *object)
{
  return object != NULL ? ch_json_object_to_string (object, NULL) : g_strdup ("(none)");
}

/* Both readers on @data: the same answer, to the letter. */
static gboolean
assert_same (const char *data,
             gsize       len)
{
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GPtrArray) m1 = NULL;
  g_autoptr(GPtrArray) m2 = NULL;
  g_autofree char *d1 = NULL;
  g_autofree char *d2 = NULL;
  gint s1 = -1, s2 = -1;
  gboolean ok1, ok2;

  ok1 = ref_parse (data, len, &d1, &s1, &m1, &e1);
  ok2 = ch_protocol_parse_mutations_request (data, len, &d2, &s2, &m2, &e2);

  g_assert_cmpint (ok1, ==, ok2);
  if (!ok1)
    {
      g_assert_nonnull (e2);
      g_assert_cmpuint (e1->domain, ==, e2->domain);
      g_assert_cmpint (e1->code, ==, e2->code);
      g_assert_cmpstr (e1->message, ==, e2->message);
      g_assert_null (d2);
      g_assert_null (m2);
      return FALSE;
    }

  g_assert_no_error (e2);
  g_assert_cmpstr (d1, ==, d2);
  g_assert_cmpint (s1, ==, s2);
  g_assert_cmpuint (m1->len, ==, m2->len);
  for (guint i = 0; i < m1->len; i++)
    {
      const ChMutation *a = g_ptr_array_index (m1, i);
      const ChMutation *b = g_ptr_array_index (m2, i);
      g_autofree char *base1 = object_text (a->base);
      g_autofree char *base2 = object_text (b->base);
      g_autofree char *set1 = object_text (a->set);
      g_autofree char *set2 = object_text (b->set);

      g_assert_cmpint (a->mid, ==, b->mid);
      g_assert_cmpstr (a->entity, ==, b->entity);
      g_assert_cmpstr (a->id, ==, b->id);
      g_assert_cmpint (a->op, ==, b->op);
      g_assert_cmpint (a->held_version, ==, b->held_version);
      g_assert_cmpstr (a->invalid, ==, b->invalid);
      g_assert_cmpstr (base1, ==, base2);
      g_assert_cmpstr (set1, ==, set2);
    }

  return TRUE;
}

static const char *const seeds[] = {
  "{\"device_id\":\"Anna’s laptop\",\"schema_version\":1,\"mutations\":["
  "{\"mid\":1,\"entity\":\"member\",\"id\":\"0190f5c2-3b7a-7cc1-9a2e-4f1d2b3c4d5e\","
  "\"op\":\"update\",\"base\":{\"version\":3,\"city\":null},"
  "\"set\":{\"city\":\"Köln\",\"birth_year\":1970},\"held_version\":3},"
  "{\"mid\":2,\"entity\":\"payment\",\"id\":\"0190f5c2-3b7a-7cc1-9a2e-4f1d2b3c4d5f\","
  "\"op\":\"insert\",\"base\":{},\"set\":{\"amount_cents\":5000,\"paid\":true,"
  "\"note\":\"a \\\"quoted\\\" \\u00e9 \\ud83d\\ude00\"}},"
  "{\"mid\":7,\"entity\":\"member\",\"id\":\"x\",\"op\":\"delete\"}]}",
  /* members in another order, some twice, some unknown */
  "{\"mutations\":[{\"set\":{\"a\":1},\"op\":\"restore\",\"mid\":3,\"id\":\"i\","
  "\"entity\":\"member\",\"extra\":[1,{\"y\":null}],\"mid\":4,\"set\":{\"b\":[2]}}],"
  "\"schema_version\":1,\"x\":{},\"device_id\":\"d\",\"schema_version\":1}",
  "{\"schema_version\":1,\"device_id\":\"d\",\"mutations\":[{\"mid\":1}],"
  "\"mutations\":[{\"mid\":2,\"entity\":\"e\",\"id\":\"i\",\"op\":\"update\"}]}",
  "{\"schema_version\":1,\"device_id\":\"d\",\"mutations\":[{\"mid\":1,\"entity\":5},"
  "{\"mid\":2,\"entity\":\"member\",\"id\":[],\"op\":\"insert\"},"
  "{\"mid\":3,\"entity\":\"member\",\"id\":\"x\",\"op\":\"merge\"},"
  "{\"mid\":4,\"entity\":\"member\",\"id\":\"x\",\"op\":\"update\",\"base\":\"no\"},"
  "{\"mid\":5,\"entity\":\"member\",\"id\":\"x\",\"op\":\"update\",\"set\":[1]},"
  "{\"mid\":6,\"entity\":\"member\",\"id\":\"x\",\"op\":null,\"held_version\":-2},"
  "{\"mid\":99999999999,\"entity\":\"member\",\"id\":\"x\",\"op\":\"update\",\"set\":null,"
  "\"base\":null,\"held_version\":1.5}]}",
  "{\"schema_version\":1,\"device_id\":\"d\",\"mutations\":[{\"mid\":2},7,{\"mid\":1}]}",
  "{\"schema_version\":1.0,\"device_id\":\"d\",\"mutations\":[]}",
  "{\"schema_version\":1,\"device_id\":null,\"mutations\":{}}",
  "{\"schema_version\":1,\"device_id\":\"\",\"mutations\":[]}",
  "{\"schema_version\":1,\"device_id\":\"a\\u0001b\",\"mutations\":[]}",
  "{\"device_id\":\"d\",\"mutations\":[]}",
  "{\"schema_version\":1,\"mutations\":[]}",
  "{\"schema_version\":1,\"device_id\":\"d\"}",
  "{\"schema_version\":1,\"device_id\":\"d\",\"mutations\":[{\"mid\":1e3},{\"mid\":0}]}",
  "[1,2]",
  "\"x\"",
  "",
  "  {}  ",
};

static const char *const tokens[] = {
  "1", "null", "\"s\"", "[]", "{}", "true", "-1", "1e999", "\"mid\"", ",", ":", "}", "]",
  "{\"mid\":9}", "99999999999999999999", "\"\\u0000\"", "\"op\":\"insert\"",
};

static void
test_same_as_tree (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);
  guint accepted = 0, refused = 0;

  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    assert_same (seeds[i], strlen (seeds[i]));

  for (guint round = 0; round < 60000; round++)
    {
      const char *seed = seeds[round % G_N_ELEMENTS (seeds)];
      g_autofree char *data = g_strdup (seed);
      gsize len = strlen (data);
      guint kind = g_rand_int_range (rand, 0, 4);

      if (len == 0)
        continue;
      if (kind == 0)        /* flip bytes */
        for (guint k = 0; k < 1 + round % 3; k++)
          data[g_rand_int_range (rand, 0, (gint32) len)] = (char) g_rand_int_range (rand, 0, 128);
      else if (kind == 1)   /* truncate */
        len = g_rand_int_range (rand, 0, (gint32) len);
      else                  /* swap in a token, or two */
        for (guint k = 0; k < kind - 1; k++)
          {
            gsize at = g_rand_int_range (rand, 0, (gint32) len);
            gsize span = g_rand_int_range (rand, 0, 6);
            gsize cut = MIN (len, at + span);
            const char *t = tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))];
            char *spliced = g_strdup_printf ("%.*s%s%s", (int) at, data, t, data + cut);

            g_free (data);
            data = spliced;
            len = strlen (data);
          }

      if (assert_same (data, len))
        accepted++;
      else
        refused++;
    }

  g_test_message ("%u requests accepted, %u refused, alike", accepted, refused);
  g_assert_cmpuint (accepted, >, 1000);
  g_assert_cmpuint (refused, >, 1000);
}

/* Past the limit of mutations, with a bad item after it: the count is
 * what the device hears, as before. */
static void
test_same_at_limits (void)
{
  g_autoptr(GString) many = g_string_new ("{\"device_id\":\"d\",\"schema_version\":1,"
                                          "\"mutations\":[");
  g_autoptr(GString) deep = g_string_new ("{\"device_id\":\"d\",\"schema_version\":1,"
                                          "\"mutations\":[{\"mid\":1,\"set\":");

  for (guint i = 1; i <= CH_PROTOCOL_MAX_MUTATIONS; i++)
    g_string_append_printf (many, "%s{\"mid\":%u,\"entity\":\"member\",\"id\":\"x\","
                            "\"op\":\"update\",\"set\":{\"city\":\"Lisboa\"}}",
                            i > 1 ? "," : "", i);
  g_string_append (many, "]}");
  g_assert_true (assert_same (many->str, many->len));

  g_string_truncate (many, many->len - 2);
  g_string_append (many, ",7,{\"mid\":1}]}");
  g_assert_false (assert_same (many->str, many->len));

  for (guint i = 0; i < CH_JSON_MAX_DEPTH; i++)
    g_string_append (deep, "[");
  for (guint i = 0; i < CH_JSON_MAX_DEPTH; i++)
    g_string_append (deep, "]");
  g_string_append (deep, "}]}");
  g_assert_false (assert_same (deep->str, deep->len));
}

/* Both readers of the answer on @data: the same, to the letter. */
static gboolean
assert_same_response (const char *data,
                      gsize       len)
{
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GPtrArray) r1 = NULL;
  g_autoptr(GPtrArray) r2 = NULL;
  g_autofree char *p1 = NULL;
  g_autofree char *p2 = NULL;
  gboolean ok1, ok2;

  ok1 = ref_parse_response (data, len, &p1, &r1, &e1);
  ok2 = ch_protocol_parse_mutations_response (data, len, &p2, &r2, &e2);

  g_assert_cmpint (ok1, ==, ok2);
  if (!ok1)
    {
      g_assert_nonnull (e2);
      g_assert_cmpuint (e1->domain, ==, e2->domain);
      g_assert_cmpint (e1->code, ==, e2->code);
      g_assert_cmpstr (e1->message, ==, e2->message);
      g_assert_null (p2);
      g_assert_null (r2);
      return FALSE;
    }

  g_assert_no_error (e2);
  g_assert_cmpstr (p1, ==, p2);
  g_assert_cmpuint (r1->len, ==, r2->len);
  for (guint i = 0; i < r1->len; i++)
    {
      const ChMutationResult *a = g_ptr_array_index (r1, i);
      const ChMutationResult *b = g_ptr_array_index (r2, i);
      g_autofree char *f1 = object_text (a->fields);
      g_autofree char *f2 = object_text (b->fields);

      g_assert_cmpint (a->mid, ==, b->mid);
      g_assert_cmpint (a->status, ==, b->status);
      g_assert_cmpint (a->version, ==, b->version);
      g_assert_cmpint (a->previous_version, ==, b->previous_version);
      g_assert_cmpstr (a->message, ==, b->message);
      g_assert_cmpstr (a->reason, ==, b->reason);
      g_assert_cmpstr (a->code, ==, b->code);
      g_assert_cmpstr (f1, ==, f2);
    }

  return TRUE;
}

static const char *const answers[] = {
  "{\"epoch\":\"e\",\"results\":[{\"mid\":1,\"status\":\"applied\",\"version\":4,"
  "\"previous_version\":3},{\"mid\":2,\"status\":\"rejected\",\"version\":0,"
  "\"message\":\"no \\u00e9\",\"code\":\"restore_needs_fields\"},"
  "{\"mid\":3,\"status\":\"overridden\",\"version\":9,\"reason\":\"kept_later\","
  "\"fields\":{\"dues_paid_until\":\"2027-12-31\"}},"
  "{\"mid\":4,\"status\":\"conflict\",\"version\":7,\"previous_version\":6}]}",
  "{\"results\":[{\"version\":5,\"x\":[{}],\"status\":\"applied\",\"mid\":8,"
  "\"previous_version\":5,\"mid\":9,\"message\":null,\"reason\":null,\"fields\":null,"
  "\"code\":7}],\"epoch\":\"a\",\"epoch\":\"b\",\"y\":1}",
  "{\"epoch\":\"e\",\"results\":[{\"mid\":1,\"status\":\"applied\",\"version\":-1}]}",
  "{\"epoch\":\"e\",\"results\":[{\"mid\":1,\"status\":\"applied\",\"version\":1,"
  "\"fields\":[1]},7]}",
  "{\"epoch\":\"e\",\"results\":[3,{\"mid\":1.5,\"status\":\"nope\",\"version\":1}]}",
  "{\"epoch\":\"e\",\"results\":[],\"results\":{}}",
  "{\"epoch\":5,\"results\":[]}",
  "{\"epoch\":\"e\",\"results\":[{\"mid\":1,\"status\":\"applied\",\"version\":3,"
  "\"previous_version\":3,\"message\":[]}]}",
};

static void
test_response_same_as_tree (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1717);
  guint accepted = 0, refused = 0;

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    assert_same_response (answers[i], strlen (answers[i]));

  for (guint round = 0; round < 40000; round++)
    {
      g_autofree char *data = g_strdup (answers[round % G_N_ELEMENTS (answers)]);
      gsize len = strlen (data);
      guint kind = g_rand_int_range (rand, 0, 4);

      if (kind == 0)
        for (guint k = 0; k < 1 + round % 3; k++)
          data[g_rand_int_range (rand, 0, (gint32) len)] = (char) g_rand_int_range (rand, 0, 128);
      else if (kind == 1)
        len = g_rand_int_range (rand, 0, (gint32) len);
      else
        for (guint k = 0; k < kind - 1; k++)
          {
            gsize at = g_rand_int_range (rand, 0, (gint32) len);
            gsize span = g_rand_int_range (rand, 0, 6);
            gsize cut = MIN (len, at + span);
            const char *t = tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))];
            char *spliced = g_strdup_printf ("%.*s%s%s", (int) at, data, t, data + cut);

            g_free (data);
            data = spliced;
            len = strlen (data);
          }

      if (assert_same_response (data, len))
        accepted++;
      else
        refused++;
    }

  g_test_message ("%u answers accepted, %u refused, alike", accepted, refused);
  g_assert_cmpuint (accepted, >, 1000);
  g_assert_cmpuint (refused, >, 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/protocol/mutations/stream/same-as-tree", test_same_as_tree);
  g_test_add_func ("/protocol/mutations/stream/same-at-limits", test_same_at_limits);
  g_test_add_func ("/protocol/mutations/stream/answer-same-as-tree",
                   test_response_same_as_tree);

  return g_test_run ();
}
