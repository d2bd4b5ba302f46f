/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-protocol"

#include "config.h"

#include <string.h>

#include "ch-json.h"
#include "ch-protocol.h"

/* The wire codec both the desktop client and the server rely on. */

static JsonObject *
object_from (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ch_json_parse_object (json, strlen (json), &error);

  g_assert_no_error (error);
  return o;
}

static void
test_names (void)
{
  ChOp op;
  ChResultStatus status;

  for (ChOp i = CH_OP_INSERT; i <= CH_OP_RESTORE; i++)
    {
      g_assert_true (ch_op_from_string (ch_op_to_string (i), &op));
      g_assert_cmpint (op, ==, i);
    }
  g_assert_cmpstr (ch_op_to_string (CH_OP_DELETE), ==, "delete");
  g_assert_false (ch_op_from_string ("upsert", &op));
  g_assert_false (ch_op_from_string (NULL, &op));
  g_assert_null (ch_op_to_string ((ChOp) 42));

  g_assert_true (ch_result_status_from_string ("conflict", &status));
  g_assert_cmpint (status, ==, CH_RESULT_CONFLICT);
  g_assert_false (ch_result_status_from_string ("Applied", &status));
}

static void
test_mutations_round_trip (void)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) ch_mutation_free);
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(JsonObject) set = object_from ("{\"given_name\":\"Zoë \\\"Zo\\\" Ünal\","
                                           "\"birth_year\":1990,"
                                           "\"consent_email\":true,"
                                           "\"notes\":\"line1\\nline2\\t😀\"}");
  g_autoptr(JsonObject) base = object_from ("{\"given_name\":null,\"birth_year\":null}");
  g_autoptr(GError) error = NULL;
  g_autofree char *device = NULL;
  g_autofree char *data = NULL;
  gint schema = 0;
  gsize len;

  g_ptr_array_add (list, ch_mutation_new (3, "member", "0190f5c2-3b7a-7cc1-9a2e-4f1d2b3c4d5e",
                                          CH_OP_UPDATE, base, set));
  g_ptr_array_add (list, ch_mutation_new (G_MAXINT64, "member",
                                          "0190f5c2-3b7a-7cc1-9a2e-4f1d2b3c4d5e",
                                          CH_OP_DELETE, NULL, NULL));

  data = ch_protocol_build_mutations_request ("Anna’s laptop", list, &len);
  g_assert_cmpuint (len, ==, strlen (data));
  g_assert_true (ch_protocol_parse_mutations_request (data, len, &device, &schema, &parsed,
                                                      &error));
  g_assert_no_error (error);

  g_assert_cmpstr (device, ==, "Anna’s laptop");
  g_assert_cmpint (schema, ==, CH_PROTOCOL_SCHEMA_VERSION);
  g_assert_cmpuint (parsed->len, ==, 2);
  {
    ChMutation *m = g_ptr_array_index (parsed, 0);
    ChMutation *d = g_ptr_array_index (parsed, 1);

    g_assert_cmpint (m->mid, ==, 3);
    g_assert_cmpstr (m->entity, ==, "member");
    g_assert_cmpint (m->op, ==, CH_OP_UPDATE);
    g_assert_null (m->invalid);
    g_assert_cmpstr (json_object_get_string_member (m->set, "given_name"), ==, "Zoë \"Zo\" Ünal");
    g_assert_cmpstr (json_object_get_string_member (m->set, "notes"), ==, "line1\nline2\t😀");
    g_assert_cmpint (json_object_get_int_member (m->set, "birth_year"), ==, 1990);
    g_assert_true (json_object_get_boolean_member (m->set, "consent_email"));
    g_assert_true (json_object_get_null_member (m->base, "given_name"));
    g_assert_true (ch_protocol_check_mutation (m, NULL));

    g_assert_cmpint (d->mid, ==, G_MAXINT64);
    g_assert_cmpint (d->op, ==, CH_OP_DELETE);
  }
}

static void
test_results_round_trip (void)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *epoch = NULL;
  g_autofree char *data = NULL;
  gsize len;

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) ch_mutation_result_free);
  g_ptr_array_add (results, ch_mutation_result_new (1, CH_RESULT_APPLIED, 17, NULL));
  g_ptr_array_add (results, ch_mutation_result_new (2, CH_RESULT_CONFLICT, 18, NULL));
  g_ptr_array_add (results, ch_mutation_result_new (3, CH_RESULT_REJECTED, 0,
                                                    "Unknown field “x”"));
  g_ptr_array_add (results, ch_mutation_result_new_rejected (4, "member_deleted", "Deleted"));

  data = ch_protocol_build_mutations_response ("epoch-1", results, &len);
  g_assert_nonnull (strstr (data, "\"code\":\"member_deleted\""));
  g_assert_true (ch_protocol_parse_mutations_response (data, len, &epoch, &parsed, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (epoch, ==, "epoch-1");
  g_assert_cmpuint (parsed->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      ChMutationResult *a = g_ptr_array_index (results, i);
      ChMutationResult *b = g_ptr_array_index (parsed, i);

      g_assert_cmpint (a->mid, ==, b->mid);
      g_assert_cmpint (a->status, ==, b->status);
      g_assert_cmpint (a->version, ==, b->version);
      g_assert_cmpstr (a->message, ==, b->message);
      g_assert_cmpstr (a->code, ==, b->code);
    }
}

static void
test_changes_round_trip (void)
{
  g_autoptr(ChChangesPage) page = ch_changes_page_new ("e-42");
  g_autoptr(ChChangesPage) parsed = NULL;
  g_autoptr(JsonObject) fields = object_from ("{\"name\":\"Łódź \\u00e9\\u2028\","
                                              "\"n\":-9223372036854775808,"
                                              "\"b\":false,\"z\":null,\"ctl\":\"\\u0001\\u001f\"}");
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *again = NULL;
  gsize len, len2;

  page->next = 9;
  page->has_more = TRUE;
  g_ptr_array_add (page->items, ch_change_new ("member", "a", 8, FALSE, fields));
  g_ptr_array_add (page->items, ch_change_new ("member", "b", 9, TRUE, NULL));

  data = ch_protocol_build_changes_page (page, &len);
  parsed = ch_protocol_parse_changes_page (data, len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed->epoch, ==, "e-42");
  g_assert_cmpint (parsed->next, ==, 9);
  g_assert_true (parsed->has_more);
  g_assert_cmpuint (parsed->items->len, ==, 2);
  {
    ChChange *a = g_ptr_array_index (parsed->items, 0);
    ChChange *b = g_ptr_array_index (parsed->items, 1);

    g_assert_cmpstr (a->entity, ==, "member");
    g_assert_cmpint (a->version, ==, 8);
    g_assert_false (a->deleted);
    g_assert_cmpstr (json_object_get_string_member (a->fields, "name"), ==,
                     "Łódź é\xe2\x80\xa8");
    g_assert_cmpint (json_object_get_int_member (a->fields, "n"), ==, G_MININT64);
    g_assert_cmpstr (json_object_get_string_member (a->fields, "ctl"), ==, "\x01\x1f");
    g_assert_true (json_object_get_null_member (a->fields, "z"));
    g_assert_true (b->deleted);
    g_assert_nonnull (b->fields);    /* never NULL */
    g_assert_cmpuint (json_object_get_size (b->fields), ==, 0);
  }

  /* Byte-for-byte stable. */
  again = ch_protocol_build_changes_page (parsed, &len2);
  g_assert_cmpstr (data, ==, again);

  /* json-glib reads what we write. */
  {
    g_autoptr(JsonParser) parser = json_parser_new ();

    g_assert_true (json_parser_load_from_data (parser, data, len, NULL));
  }
}

static void
test_changes_writer (void)
{
  g_autoptr(ChChangesPage) parsed = NULL;
  g_autoptr(GError) error = NULL;
  ChChangesWriter *w = ch_changes_writer_new ("ep", 0);
  const char raw[] = "{\"given_name\":\"Anna\",\"birth_year\":1980}";
  char *data;
  gsize len;

  ch_changes_writer_add_raw (w, "member", "id-1", 5, FALSE, raw, strlen (raw));
  ch_changes_writer_add_raw (w, "member", "id-2", 6, TRUE, NULL, 0);
  g_assert_cmpuint (ch_changes_writer_get_n_items (w), ==, 2);
  data = ch_changes_writer_finish (w, 6, FALSE, &len);

  parsed = ch_protocol_parse_changes_page (data, len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parsed->items->len, ==, 2);
  g_assert_cmpstr (json_object_get_string_member (((ChChange *) parsed->items->pdata[0])->fields,
                                                  "given_name"), ==, "Anna");
  g_assert_false (parsed->has_more);
  g_free (data);

  /* An empty page. */
  w = ch_changes_writer_new ("ep", 0);
  data = ch_changes_writer_finish (w, 3, FALSE, &len);
  g_assert_cmpstr (data, ==, "{\"epoch\":\"ep\",\"items\":[],\"next\":3,\"has_more\":false}");
  g_free (data);
}

static void
test_errors_round_trip (void)
{
  g_autofree char *data = NULL;
  g_autofree char *extra = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autoptr(JsonObject) o = NULL;
  gsize len;

  data = ch_protocol_build_error ("forbidden", "Not “yours”", &len);
  g_assert_true (ch_protocol_parse_error (data, len, &code, &message));
  g_assert_cmpstr (code, ==, "forbidden");
  g_assert_cmpstr (message, ==, "Not “yours”");

  extra = ch_protocol_build_error_extra ("unsupported_schema", "old", &len, "min", 1, "max", 3,
                                         NULL);
  o = object_from (extra);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "error"), "max"),
                   ==, 3);

  g_assert_false (ch_protocol_parse_error ("{}", 2, NULL, NULL));
  g_assert_false (ch_protocol_parse_error ("{\"error\":\"x\"}", 13, NULL, NULL));
  g_assert_false (ch_protocol_parse_error ("<html>", 6, NULL, NULL));
}

static void
assert_parse_fails (const char *data,
                    gssize      len,
                    gint        code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) mutations = NULL;
  g_autofree char *device = NULL;

  if (len < 0)
    len = strlen (data);
  g_assert_false (ch_protocol_parse_mutations_request (data, len, &device, NULL, &mutations,
                                                       &error));
  g_assert_error (error, CH_PROTOCOL_ERROR, code);
  g_assert_cmpuint (strlen (error->message), >, 0);
  g_assert_null (device);
  g_assert_null (mutations);
}

static void
test_request_errors (void)
{
  g_autoptr(GString) many = g_string_new ("{\"device_id\":\"d\",\"schema_version\":1,"
                                          "\"mutations\":[");
  g_autofree char *long_device = g_strnfill (65, 'x');
  g_autofree char *long_body = NULL;
  g_autoptr(GError) error = NULL;

  assert_parse_fails ("{\"device_id\":\"d\",\"schema_version\":99,\"mutations\":[]}", -1,
                      CH_PROTOCOL_ERROR_UNSUPPORTED_SCHEMA);
  /* The schema is judged before anything else. */
  assert_parse_fails ("{\"schema_version\":2,\"mutations\":7}", -1,
                      CH_PROTOCOL_ERROR_UNSUPPORTED_SCHEMA);
  assert_parse_fails ("{\"device_id\":\"d\",\"schema_version\":1,\"mutations\":[{\"mid\":2},"
                      "{\"mid\":2}]}",
                      -1, CH_PROTOCOL_ERROR_MALFORMED);
  assert_parse_fails ("{\"device_id\":\"d\",\"schema_version\":1,\"mutations\":[{\"mid\":-1}]}",
                      -1, CH_PROTOCOL_ERROR_MALFORMED);
  long_body = g_strdup_printf ("{\"device_id\":\"%s\",\"schema_version\":1,\"mutations\":[]}",
                               long_device);
  assert_parse_fails (long_body, strlen (long_body), CH_PROTOCOL_ERROR_INVALID);

  for (guint i = 1; i <= CH_PROTOCOL_MAX_MUTATIONS + 1; i++)
    g_string_append_printf (many, "%s{\"mid\":%u}", i > 1 ? "," : "", i);
  g_string_append (many, "]}");
  assert_parse_fails (many->str, many->len, CH_PROTOCOL_ERROR_TOO_MANY_MUTATIONS);

  {
    char *big = g_malloc0 (CH_PROTOCOL_MAX_BODY + 1);

    memset (big, ' ', CH_PROTOCOL_MAX_BODY + 1);
    assert_parse_fails (big, CH_PROTOCOL_MAX_BODY + 1, CH_PROTOCOL_ERROR_TOO_LARGE);
    g_free (big);
  }

  g_assert_cmpstr (ch_protocol_error_to_code (NULL), ==, "internal");
  g_set_error_literal (&error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_TOO_MANY_MUTATIONS, "x");
  g_assert_cmpstr (ch_protocol_error_to_code (error), ==, "too_many_mutations");
}

/* Per-item problems are noted, not fatal for the request. */
static void
test_request_item_problems (void)
{
  const char body[] =
    "{\"device_id\":\"d\",\"schema_version\":1,\"mutations\":["
    "{\"mid\":1,\"entity\":5,\"id\":\"x\",\"op\":\"insert\"},"
    "{\"mid\":2,\"entity\":\"member\",\"id\":[],\"op\":\"insert\"},"
    "{\"mid\":3,\"entity\":\"member\",\"id\":\"x\",\"op\":\"merge\"},"
    "{\"mid\":4,\"entity\":\"member\",\"id\":\"x\",\"op\":\"update\",\"base\":\"no\"},"
    "{\"mid\":5,\"entity\":\"member\",\"id\":\"x\",\"op\":\"update\",\"set\":[1]},"
    "{\"mid\":99999999999,\"entity\":\"member\",\"id\":\"x\",\"op\":\"update\",\"set\":null}]}";
  g_autoptr(GPtrArray) mutations = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ch_protocol_parse_mutations_request (body, strlen (body), NULL, NULL, &mutations,
                                                      &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mutations->len, ==, 6);
  for (guint i = 0; i < 5; i++)
    {
      ChMutation *m = g_ptr_array_index (mutations, i);
      g_autoptr(GError) check = NULL;

      g_assert_nonnull (m->invalid);
      g_assert_false (ch_protocol_check_mutation (m, &check));
      g_assert_error (check, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID);
      g_assert_cmpstr (check->message, ==, m->invalid);
    }
  g_assert_null (((ChMutation *) mutations->pdata[5])->invalid);
  g_assert_null (((ChMutation *) mutations->pdata[5])->set);
}

static void
expect_check (const char *entity,
              ChOp        op,
              const char *set_json,
              const char *base_json,
              const char *mention)
{
  g_autoptr(JsonObject) set = set_json ? object_from (set_json) : NULL;
  g_autoptr(JsonObject) base = base_json ? object_from (base_json) : NULL;
  g_autoptr(ChMutation) m = ch_mutation_new (1, entity, "0190f5c2-3b7a-7cc1-9a2e-4f1d2b3c4d5e",
                                             op, base, set);
  g_autoptr(GError) error = NULL;
  gboolean ok = ch_protocol_check_mutation (m, &error);

  if (mention == NULL)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      return;
    }

  g_assert_false (ok);
  g_assert_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID);
  if (strstr (error->message, mention) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, mention);
}

static void
test_check (void)
{
  g_autofree char *at_limit = NULL;
  g_autofree char *over_limit = NULL;
  g_autofree char *long_notes = NULL;
  g_autofree char *too_long_notes = NULL;
  g_autofree char *n1 = g_strnfill (1024, 'a');
  g_autofree char *n2 = g_strnfill (1025, 'a');
  g_autofree char *n3 = g_strnfill (64 * 1024, 'a');
  g_autofree char *n4 = g_strnfill (64 * 1024 + 1, 'a');

  expect_check ("member", CH_OP_INSERT, "{\"given_name\":\"A\",\"family_name\":\"B\"}", NULL, NULL);
  expect_check ("member", CH_OP_INSERT, "{\"given_name\":\"A\"}", NULL, "family_name");
  expect_check ("member", CH_OP_INSERT, "{\"given_name\":\"A\",\"family_name\":null}", NULL,
                "family_name");
  expect_check ("member", CH_OP_INSERT, NULL, NULL, "given_name");
  expect_check ("member", CH_OP_UPDATE, "{\"family_name\":\"\"}", NULL, "family_name");
  expect_check ("member", CH_OP_UPDATE, "{\"phone\":null}", "{\"phone\":\"1\"}", NULL);
  expect_check ("member", CH_OP_UPDATE, "{\"phone\":7}", NULL, "phone");
  expect_check ("member", CH_OP_UPDATE, "{\"birth_year\":1.5}", NULL, "birth_year");
  expect_check ("member", CH_OP_UPDATE, "{\"birth_year\":99999999999999999999}", NULL,
                "birth_year");
  expect_check ("member", CH_OP_UPDATE, "{\"birth_year\":true}", NULL, "birth_year");
  expect_check ("member", CH_OP_UPDATE, "{\"consent_email\":\"yes\"}", NULL, "consent_email");
  expect_check ("member", CH_OP_UPDATE, "{\"consent_email\":false}", NULL, NULL);
  expect_check ("member", CH_OP_UPDATE, "{\"city\":{\"a\":1}}", NULL, "city");
  expect_check ("member", CH_OP_UPDATE, "{\"shoe_size\":44}", NULL, "shoe_size");
  expect_check ("member", CH_OP_UPDATE, "{\"city\":\"Cork\"}", "{\"shoe_size\":44}", "shoe_size");
  expect_check ("member", CH_OP_UPDATE, "{\"city\":\"Cork\"}", "{\"city\":5}", "city");
  expect_check ("member", CH_OP_DELETE, "{\"anything\":1}", NULL, NULL);
  expect_check ("spaceship", CH_OP_INSERT, "{}", NULL, "spaceship");
  expect_check ("conflict", CH_OP_INSERT,
                "{\"entity\":\"member\",\"row_id\":\"x\","
                "\"field_group\":\"name\"}", NULL, "resolved");
  expect_check ("conflict", CH_OP_DELETE, NULL, NULL, "resolved");
  expect_check ("conflict", CH_OP_UPDATE, "{\"resolved\":true,\"resolution\":\"mine\"}", NULL,
                NULL);
  expect_check ("conflict", CH_OP_UPDATE, "{\"mine\":\"{}\"}", NULL, "mine");

  at_limit = g_strdup_printf ("{\"city\":\"%s\"}", n1);
  over_limit = g_strdup_printf ("{\"city\":\"%s\"}", n2);
  long_notes = g_strdup_printf ("{\"notes\":\"%s\"}", n3);
  too_long_notes = g_strdup_printf ("{\"notes\":\"%s\"}", n4);
  expect_check ("member", CH_OP_UPDATE, at_limit, NULL, NULL);
  expect_check ("member", CH_OP_UPDATE, over_limit, NULL, "1024");
  expect_check ("member", CH_OP_UPDATE, long_notes, NULL, NULL);
  expect_check ("member", CH_OP_UPDATE, too_long_notes, NULL, "notes");

  /* Limits are in bytes: 600 two-byte letters are 1200 bytes. */
  {
    g_autoptr(GString) s = g_string_new ("{\"city\":\"");
    for (guint i = 0; i < 600; i++)
      g_string_append (s, "ü");
    g_string_append (s, "\"}");
    expect_check ("member", CH_OP_UPDATE, s->str, NULL, "city");
  }

  /* Ids are UUIDs. */
  {
    g_autoptr(ChMutation) m = ch_mutation_new (1, "member", "1; DROP TABLE records", CH_OP_DELETE,
                                               NULL, NULL);
    g_autoptr(GError) error = NULL;

    g_assert_false (ch_protocol_check_mutation (m, &error));
    g_assert_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_INVALID);
  }
}

static void
test_json_reader (void)
{
  struct { const char *in; gboolean ok; } cases[] = {
    { "{}", TRUE },
    { " [1, -0, 2.5e3, true, false, null, \"x\"] ", TRUE },
    { "\"\\ud83d\\ude00\"", TRUE },
    { "", FALSE },
    { "   ", FALSE },
    { "{", FALSE },
    { "{\"a\"}", FALSE },
    { "{\"a\":}", FALSE },
    { "{\"a\":1,}", FALSE },
    { "[1,]", FALSE },
    { "{'a':1}", FALSE },
    { "{a:1}", FALSE },
    { "01", FALSE },
    { "1.", FALSE },
    { ".5", FALSE },
    { "-", FALSE },
    { "1e", FALSE },
    { "+1", FALSE },
    { "NaN", FALSE },
    { "Infinity", FALSE },
    { "tru", FALSE },
    { "nulll", FALSE },
    { "\"abc", FALSE },
    { "\"a\\qb\"", FALSE },
    { "\"\\u12\"", FALSE },
    { "\"\\u0000\"", FALSE },
    { "\"\\ud83d\"", FALSE },
    { "\"\\ude00\"", FALSE },
    { "\"\\ud83d\\u0041\"", FALSE },
    { "\"tab\there\"", FALSE },
    { "\"\xc3\x28\"", FALSE },
    { "\"\xed\xa0\x80\"", FALSE },
    { "\"\xf4\x90\x80\x80\"", FALSE },
    { "{} {}", FALSE },
    { "[1] x", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = ch_json_parse (cases[i].in, strlen (cases[i].in), &error);

      if (cases[i].ok)
        {
          g_assert_no_error (error);
          g_assert_nonnull (node);
        }
      else
        {
          if (node != NULL)
            g_error ("“%s” should not parse", cases[i].in);
          g_assert_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED);
        }
    }

  /* Embedded NUL bytes are not JSON text. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (ch_json_parse ("\"a\0b\"", 5, &error));
    g_assert_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED);
  }

  /* Nesting is bounded (a recursive parser would overflow its stack). */
  {
    g_autoptr(GString) deep = g_string_new (NULL);
    g_autoptr(GString) ok = g_string_new (NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = NULL;

    for (guint i = 0; i < 1000000; i++)
      g_string_append (deep, "[{\"a\":");
    g_assert_null (ch_json_parse (deep->str, deep->len, &error));
    g_assert_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED);

    for (guint i = 0; i < CH_JSON_MAX_DEPTH; i++)
      g_string_append_c (ok, '[');
    for (guint i = 0; i < CH_JSON_MAX_DEPTH; i++)
      g_string_append_c (ok, ']');
    node = ch_json_parse (ok->str, ok->len, NULL);
    g_assert_nonnull (node);
  }

  /* Integers beyond 64 bits become doubles (and fail schema checks). */
  {
    g_autoptr(JsonNode) big = ch_json_parse ("123456789012345678901234567890", 30, NULL);
    g_autoptr(JsonNode) max = ch_json_parse ("9223372036854775807", 19, NULL);
    g_autoptr(JsonNode) over = ch_json_parse ("9223372036854775808", 19, NULL);

    g_assert_cmpint (json_node_get_value_type (big), ==, G_TYPE_DOUBLE);
    g_assert_cmpint (json_node_get_value_type (max), ==, G_TYPE_INT64);
    g_assert_cmpint (json_node_get_int (max), ==, G_MAXINT64);
    g_assert_cmpint (json_node_get_value_type (over), ==, G_TYPE_DOUBLE);
  }
}

static JsonNode *
member (JsonObject *o,
        const char *name)
{
  return json_object_get_member (o, name);
}

static void
test_value_equal (void)
{
  g_autoptr(JsonObject) o = object_from ("{\"a\":1,\"b\":1.0,\"c\":\"1\",\"d\":null,\"e\":true,"
                                         "\"f\":\"x\"}");

  g_assert_true (ch_json_value_equal (NULL, NULL));
  g_assert_true (ch_json_value_equal (member (o, "d"), NULL));
  g_assert_false (ch_json_value_equal (member (o, "a"), member (o, "b")));
  g_assert_false (ch_json_value_equal (member (o, "a"), member (o, "c")));
  g_assert_false (ch_json_value_equal (member (o, "f"), NULL));
  g_assert_true (ch_json_value_equal (member (o, "e"), member (o, "e")));
}

/* Whatever the network sends, every parser answers with a result or a
 * GError, never a crash (run under ASan/UBSan in CI). */
static void
test_fuzz (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240501);
  g_autoptr(GPtrArray) seeds = g_ptr_array_new_with_free_func (g_free);
  guint accepted = 0, refused = 0;

  g_ptr_array_add (seeds, g_strdup ("{\"device_id\":\"d\",\"schema_version\":1,\"mutations\":["
                                    "{\"mid\":1,\"entity\":\"member\","
                                    "\"id\":\"0190f5c2-3b7a-7cc1-9a2e-4f1d2b3c4d5e\","
                                    "\"op\":\"update\",\"base\":{\"city\":null},"
                                    "\"set\":{\"city\":\"Köln\",\"birth_year\":1970}}]}"));
  g_ptr_array_add (seeds, g_strdup ("{\"epoch\":\"e\",\"items\":[{\"entity\":\"member\","
                                    "\"id\":\"a\",\"version\":3,"
                                    "\"deleted\":false,\"fields\":{\"given_name\":\"Zoë\","
                                    "\"x\":[1,{\"y\":null}]}}],"
                                    "\"next\":3,\"has_more\":false}"));
  g_ptr_array_add (seeds, g_strdup ("{\"epoch\":\"e\",\"results\":[{\"mid\":1,"
                                    "\"status\":\"applied\",\"version\":4},"
                                    "{\"mid\":2,\"status\":\"rejected\",\"version\":0,"
                                    "\"message\":\"no\"}]}"));
  g_ptr_array_add (seeds, g_strdup ("{\"error\":{\"code\":\"forbidden\",\"message\":\"no\"}}"));

  for (guint round = 0; round < 20000; round++)
    {
      const char *seed = g_ptr_array_index (seeds, round % seeds->len);
      gsize len = strlen (seed);
      g_autofree char *data = g_memdup2 (seed, len + 1);
      guint kind = g_rand_int_range (rand, 0, 4);
      g_autoptr(GError) e1 = NULL;
      g_autoptr(GError) e2 = NULL;
      g_autoptr(GError) e3 = NULL;
      g_autoptr(GPtrArray) mutations = NULL;
      g_autoptr(GPtrArray) results = NULL;
      g_autoptr(ChChangesPage) page = NULL;
      g_autofree char *device = NULL;
      g_autofree char *epoch = NULL;
      g_autofree char *code = NULL;
      g_autofree char *message = NULL;

      if (kind == 0)        /* flip bytes */
        for (guint k = 0; k < 1 + round % 4; k++)
          data[g_rand_int_range (rand, 0, (gint32) len)] = (char) g_rand_int_range (rand, 0, 256);
      else if (kind == 1)   /* truncate */
        len = g_rand_int_range (rand, 0, (gint32) len);
      else if (kind == 2)   /* swap in a token of another type */
        {
          static const char *const tokens[] = {
            "1", "null", "\"s\"", "[]", "{}", "true", "-1", "1e999",
          };
          gsize at = g_rand_int_range (rand, 0, (gint32) len);
          const char *t = tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))];
          g_autofree char *spliced = g_strdup_printf ("%.*s%s%s", (int) at, data, t,
                                                      data + MIN (len, at + 3));

          g_free (data);
          data = g_steal_pointer (&spliced);
          len = strlen (data);
        }
      else                  /* pure noise */
        for (gsize i = 0; i < len; i++)
          data[i] = (char) g_rand_int_range (rand, 0, 256);

      if (ch_protocol_parse_mutations_request (data, len, &device, NULL, &mutations, &e1))
        {
          accepted++;
          for (guint i = 0; i < mutations->len; i++)
            ch_protocol_check_mutation (g_ptr_array_index (mutations, i), NULL);
        }
      else
        {
          g_assert_nonnull (e1);
          refused++;
        }

      page = ch_protocol_parse_changes_page (data, len, &e2);
      g_assert_true ((page != NULL) != (e2 != NULL));
      g_assert_true (ch_protocol_parse_mutations_response (data, len, &epoch, &results, &e3) ==
                     (e3 == NULL));
      ch_protocol_parse_error (data, len, &code, &message);
    }

  g_test_message ("fuzz: %u requests accepted, %u refused", accepted, refused);
  g_assert_cmpuint (accepted, >, 0);
  g_assert_cmpuint (refused, >, 0);
}

/* "overridden" with the server's reason and values survives the wire. */
static void
test_overridden_round_trip (void)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) kept = json_object_new ();
  g_autofree char *data = NULL;
  const char *bad_fields = "{\"epoch\":\"e\",\"results\":[{\"mid\":1,\"status\":\"overridden\","
                           "\"version\":2,\"fields\":[1]}]}";
  ChMutationResult *r;
  gsize len;

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) ch_mutation_result_free);
  json_object_set_string_member (kept, "dues_paid_until", "2027-12-31");
  r = ch_mutation_result_new (4, CH_RESULT_APPLIED, 9, NULL);
  ch_mutation_result_set_overridden (r, "kept_later", kept);
  g_ptr_array_add (results, r);

  data = ch_protocol_build_mutations_response ("epoch-1", results, &len);
  g_assert_nonnull (strstr (data, "\"status\":\"overridden\""));
  g_assert_true (ch_protocol_parse_mutations_response (data, len, NULL, &parsed, &error));
  g_assert_no_error (error);
  r = g_ptr_array_index (parsed, 0);
  g_assert_cmpint (r->status, ==, CH_RESULT_OVERRIDDEN);
  g_assert_cmpstr (r->reason, ==, "kept_later");
  g_assert_cmpstr (json_object_get_string_member (r->fields, "dues_paid_until"), ==, "2027-12-31");

  /* A "fields" that is not an object makes the answer unreadable. */
  g_clear_pointer (&parsed, g_ptr_array_unref);
  g_assert_false (ch_protocol_parse_mutations_response (bad_fields, strlen (bad_fields), NULL,
                                                        &parsed, &error));
  g_assert_error (error, CH_PROTOCOL_ERROR, CH_PROTOCOL_ERROR_MALFORMED);
}

/* The fingerprint ignores the order of members and sees every part of
 * the change. */
static void
test_fingerprint (void)
{
  g_autoptr(JsonObject) set_a = json_object_new ();
  g_autoptr(JsonObject) set_b = json_object_new ();
  g_autoptr(JsonObject) set_c = json_object_new ();
  g_autoptr(ChMutation) a = NULL;
  g_autoptr(ChMutation) b = NULL;
  g_autoptr(ChMutation) c = NULL;
  g_autoptr(ChMutation) d = NULL;
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;
  g_autofree char *fc = NULL;
  g_autofree char *fd = NULL;
  const char *id = "01a20840-1c2b-7d3e-8f40-5a6b7c8d9e01";

  json_object_set_string_member (set_a, "city", "Graz");
  json_object_set_string_member (set_a, "phone", "+43 1");
  json_object_set_string_member (set_b, "phone", "+43 1");
  json_object_set_string_member (set_b, "city", "Graz");
  json_object_set_string_member (set_c, "city", "Linz");
  json_object_set_string_member (set_c, "phone", "+43 1");

  a = ch_mutation_new (2, "member", id, CH_OP_UPDATE, NULL, set_a);
  b = ch_mutation_new (2, "member", id, CH_OP_UPDATE, NULL, set_b);
  c = ch_mutation_new (2, "member", id, CH_OP_UPDATE, NULL, set_c);
  d = ch_mutation_new (2, "member", id, CH_OP_RESTORE, NULL, set_a);
  fa = ch_mutation_fingerprint (a);
  fb = ch_mutation_fingerprint (b);
  fc = ch_mutation_fingerprint (c);
  fd = ch_mutation_fingerprint (d);

  g_assert_cmpuint (strlen (fa), ==, 64);
  g_assert_cmpstr (fa, ==, fb);
  g_assert_cmpstr (fa, !=, fc);
  g_assert_cmpstr (fa, !=, fd);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/protocol/names", test_names);
  g_test_add_func ("/protocol/mutations/round-trip", test_mutations_round_trip);
  g_test_add_func ("/protocol/mutations/request-errors", test_request_errors);
  g_test_add_func ("/protocol/mutations/item-problems", test_request_item_problems);
  g_test_add_func ("/protocol/results/round-trip", test_results_round_trip);
  g_test_add_func ("/protocol/changes/round-trip", test_changes_round_trip);
  g_test_add_func ("/protocol/changes/writer", test_changes_writer);
  g_test_add_func ("/protocol/errors/round-trip", test_errors_round_trip);
  g_test_add_func ("/protocol/check", test_check);
  g_test_add_func ("/protocol/json/reader", test_json_reader);
  g_test_add_func ("/protocol/json/value-equal", test_value_equal);
  g_test_add_func ("/protocol/fuzz", test_fuzz);
  g_test_add_func ("/protocol/results/overridden", test_overridden_round_trip);
  g_test_add_func ("/protocol/fingerprint", test_fingerprint);

  return g_test_run ();
}
