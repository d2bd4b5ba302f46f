/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A pulled page read as values (ch_protocol_read_changes_page(), bound
 * straight into the rows by ch_store_apply_remote_values(): the pull's
 * path since issue 17's bootstrap work) stores exactly what the same page
 * read as JsonObjects (ch_protocol_parse_changes_page(),
 * ch_store_apply_remote(): the path before) stores: every column of every
 * synced table, the search index and the outbox, for ordinary rows and
 * for every odd thing a page may hold (values of the wrong kind, nulls,
 * objects, unknown fields and entities, a name twice, "fields" before
 * "entity", tombstones, an erasure, an older version), with nothing
 * pending on the device (the fast path) and with a pending change (the
 * careful path).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ch-entity.h"
#include "ch-protocol.h"
#include "ch-store.h"
#include "ch-store-private.h"
#include "ch-store-sync.h"

#define CHAPTER "01930000-0000-7000-8000-00000000c0de"
#define ADA     "01930000-0000-7000-8000-000000000001"
#define GRACE   "01930000-0000-7000-8000-000000000002"
#define ODD     "01930000-0000-7000-8000-000000000003"
#define GONE    "01930000-0000-7000-8000-000000000004"
#define ERASED  "01930000-0000-7000-8000-000000000005"
#define LATE    "01930000-0000-7000-8000-000000000006"
#define SPEC    "01930000-0000-7000-8000-000000000007"
#define PAY     "01930000-0000-7000-8000-000000000008"
#define TIER    "01930000-0000-7000-8000-000000000009"

/* Single quotes stand for double ones. */
static const char page_text[] =
  "{'epoch':'e1','items':["
  "{'entity':'chapter','id':'" CHAPTER "','version':1,'deleted':false,"
  " 'fields':{'name':'Lisboa','timezone':'Europe/Lisbon','currency':'EUR',"
  "  'dues_amount':12000,'grace_days':30.7,'country':'PT'}},"
  "{'entity':'member','id':'" ADA "','version':2,'deleted':false,"
  " 'fields':{'given_name':'Ada','family_name':'Lovelace','email':' Ada@Example.ORG ',"
  "  'phone':null,'company':'Analytical \\u00c9ngines \\\"AE\\\"','city':'Lisboa',"
  "  'tier':'chapter','joined_on':'2020-01-02','birth_year':1815,"
  "  'consent_directory':true,'consent_email':false,'notes':'line\\nbreak'}},"
  /* "fields" before "entity"; a field twice; unknown fields */
  "{'fields':{'family_name':'Hopper','given_name':'G.','given_name':'Grace',"
  "  'favourite':'COBOL','extra':{'a':[1,2]}},"
  " 'id':'" GRACE "','entity':'member','version':3,'deleted':false},"
  /* values of the wrong kind for their fields */
  "{'entity':'member','id':'" ODD "','version':4,'deleted':false,"
  " 'fields':{'given_name':42,'family_name':'Odd','email':true,'company':{'x':1},"
  "  'city':['a'],'birth_year':1.9e3,'consent_directory':2,'consent_email':'yes',"
  "  'notes':-0.0,'job_title':12345678901234567890123}},"
  /* a tombstone of a member merged into another */
  "{'entity':'member','id':'" GONE "','version':5,'deleted':true,"
  " 'fields':{'merged_into':'" ADA "'}},"
  /* an erased member */
  "{'entity':'member','id':'" ERASED "','version':6,'deleted':true,"
  " 'fields':{'erased_on':'2026-11-30','erased_by':'Officer','given_name':null}},"
  /* "entity" twice: the last one counts */
  "{'entity':'payment','id':'" LATE "','version':7,'deleted':false,"
  " 'fields':{'given_name':'Late','family_name':'Comer'},'entity':'member'},"
  "{'entity':'member_specialty','id':'" SPEC "','version':8,'deleted':false,"
  " 'fields':{'member_id':'" GRACE "','specialty':'Compilers'}},"
  "{'entity':'payment','id':'" PAY "','version':9,'deleted':false,"
  " 'fields':{'member_id':'" ADA "','amount':12000,'currency':'EUR',"
  "  'paid_on':'2026-01-05','covers_until':'2026-12-31'}},"
  "{'entity':'membership_tier','id':'" TIER "','version':10,'deleted':false,"
  " 'fields':{'key':'gold','name':'Gold','paid':1,'position':'3'}},"
  /* from a newer server */
  "{'entity':'spaceship','id':'x','version':11,'deleted':false,'fields':{'a':1}},"
  /* an older version of a row this page already brought */
  "{'entity':'member','id':'" ADA "','version':1,'deleted':false,"
  " 'fields':{'given_name':'Old','family_name':'Ada'}},"
  /* a row with no fields at all, and one with null fields */
  "{'entity':'member_specialty','id':'" SPEC "1','version':12,'deleted':false},"
  "{'entity':'member_specialty','id':'" SPEC "2','version':13,'deleted':false,"
  " 'fields':null}"
  "],'next':13,'has_more':false}";

static char *
page_json (void)
{
  char *text = g_strdup (page_text);

  g_strdelimit (text, "'", '"');
  return text;
}

typedef gboolean (*ApplyFunc) (ChStore   *store,
                               ChChange  *change,
                               GError   **error);

static gboolean
apply_object (ChStore   *store,
              ChChange  *c,
              GError   **error)
{
  g_assert_null (c->values);
  return ch_store_apply_remote (store, CHAPTER, c->entity, c->id, c->version, c->deleted,
                                c->fields, error);
}

static gboolean
apply_values (ChStore   *store,
              ChChange  *c,
              GError   **error)
{
  g_assert_nonnull (c->values);
  g_assert_null (c->fields);
  return ch_store_apply_remote_values (store, CHAPTER, c->info, c->id, c->version, c->deleted,
                                       c->values, error);
}

/* A store in @dir, with a pending change when @pending, that has pulled
 * the page as @values or not. */
static ChStore *
pulled_store (const char *dir,
              const char *name,
              gboolean    pending,
              gboolean    values)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *text = page_json ();
  g_autoptr(ChStore) store = ch_store_open (path, NULL);
  g_autoptr(ChChangesPage) page = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (store);
  if (pending)
    {
      g_autoptr(JsonObject) set = json_object_new ();

      /* Grace's city, changed here before the page came. */
      json_object_set_string_member (set, "given_name", "Grace");
      json_object_set_string_member (set, "family_name", "Hopper");
      json_object_set_string_member (set, "city", "Arlington");
      g_assert_true (ch_store_insert (store, "member", CHAPTER, GRACE, set, NULL, &error));
      g_assert_no_error (error);
    }

  page = values ? ch_protocol_read_changes_page (text, strlen (text), &error)
                : ch_protocol_parse_changes_page (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_nonnull (page);
  g_assert_cmpuint (page->items->len, ==, 14);

  g_assert_true (ch_store_begin_pull_page (store, &error));
  for (guint i = 0; i < page->items->len; i++)
    {
      ChChange *c = g_ptr_array_index (page->items, i);

      if (ch_entity_lookup (c->entity) == NULL)
        {
          g_assert_null (c->info);
          continue;
        }
      g_assert_true ((values ? apply_values : apply_object) (store, c, &error));
      g_assert_no_error (error);
    }
  g_assert_true (ch_store_commit (store, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&store);
}

/* Every row of @sql in @store, as text, one line each. */
static char *
dump (ChStore    *store,
      const char *sql)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *st = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (ch_store_get_db (store), sql, -1, &st, NULL), ==,
                   SQLITE_OK);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      for (int col = 0; col < sqlite3_column_count (st); col++)
        {
          const char *name = sqlite3_column_name (st, col);

          /* The time of the write is the one thing that may differ. */
          if (strcmp (name, "updated_at") == 0)
            continue;
          switch (sqlite3_column_type (st, col))
            {
            case SQLITE_NULL:
              g_string_append_printf (out, "%s=NULL|", name);
              break;
            case SQLITE_INTEGER:
              g_string_append_printf (out, "%s=i%" G_GINT64_FORMAT "|", name,
                                      (gint64) sqlite3_column_int64 (st, col));
              break;
            case SQLITE_FLOAT:
              g_string_append_printf (out, "%s=f%.17g|", name, sqlite3_column_double (st, col));
              break;
            case SQLITE_BLOB:
              {
                g_autofree char *hex = NULL;
                const guint8 *b = sqlite3_column_blob (st, col);
                int n = sqlite3_column_bytes (st, col);
                GString *h = g_string_new (NULL);

                for (int k = 0; k < n; k++)
                  g_string_append_printf (h, "%02x", b[k]);
                hex = g_string_free (h, FALSE);
                g_string_append_printf (out, "%s=x%s|", name, hex);
              }
              break;
            default:
              g_string_append_printf (out, "%s=t%s|", name,
                                      (const char *) sqlite3_column_text (st, col));
            }
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (st);

  return g_string_free (out, FALSE);
}

static void
assert_same_stores (ChStore *a,
                    ChStore *b)
{
  const ChEntityInfo *const *entities;
  guint n = 0;

  entities = ch_entity_all (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY id",
                                              entities[i]->table);
      g_autofree char *dump_a = dump (a, sql);
      g_autofree char *dump_b = dump (b, sql);

      g_assert_cmpstr (dump_b, ==, dump_a);
    }

  {
    const char *sql_fts = "SELECT m.id, f.given_name, f.family_name, f.company, f.email, "
                          "f.city, f.specialties FROM member_fts f "
                          "JOIN member m ON m.rowid = f.rowid ORDER BY m.id";
    const char *sql_outbox = "SELECT mid, entity, row_id, op, base, \"set\" FROM outbox "
                             "ORDER BY mid";
    g_autofree char *fts_a = dump (a, sql_fts);
    g_autofree char *fts_b = dump (b, sql_fts);
    g_autofree char *outbox_a = dump (a, sql_outbox);
    g_autofree char *outbox_b = dump (b, sql_outbox);

    g_assert_cmpstr (fts_b, ==, fts_a);
    g_assert_cmpstr (outbox_b, ==, outbox_a);
  }
}

static void
test_values_as_objects (gconstpointer data)
{
  gboolean pending = GPOINTER_TO_INT (data);
  g_autofree char *dir = g_dir_make_tmp ("ch-sync-values-XXXXXX", NULL);
  g_autoptr(ChStore) objects = pulled_store (dir, "objects.db", pending, FALSE);
  g_autoptr(ChStore) values = pulled_store (dir, "values.db", pending, TRUE);
  g_autofree char *given = NULL;
  g_autofree char *city = NULL;

  assert_same_stores (objects, values);

  /* And what was stored is what the page says, where a person looks. */
  given = ch_store_query_text (values, "SELECT given_name FROM member WHERE id = ?",
                               GRACE, ch_store_sql_end);
  g_assert_cmpstr (given, ==, "Grace");
  city = ch_store_query_text (values, "SELECT city FROM member WHERE id = ?",
                              GRACE, ch_store_sql_end);
  g_assert_cmpstr (city, ==, pending ? "Arlington" : NULL);
  g_assert_cmpint (ch_store_query_int (values, -1, "SELECT count(*) FROM member_fts "
                                       "WHERE member_fts MATCH 'compilers'",
                                       ch_store_sql_end), ==, 1);
  g_assert_cmpint (ch_store_query_int (values, -1, "SELECT version FROM member WHERE id = ?",
                                       ADA, ch_store_sql_end), ==, 2);
  g_assert_cmpint (ch_store_query_int (values, -1, "SELECT count(*) FROM payment",
                                       ch_store_sql_end), ==, 1);

  g_clear_object (&objects);
  g_clear_object (&values);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_unlink (path);
      }
    g_rmdir (dir);
  }
}

/* @values (read as values) holds what @objects (the same text read as
 * JsonObjects) holds: the same items, and the same fields, kinds and
 * values. */
static void
assert_same_pages (ChChangesPage *objects,
                   ChChangesPage *values)
{
  g_assert_cmpuint (values->items->len, ==, objects->items->len);
  g_assert_cmpstr (values->epoch, ==, objects->epoch);
  g_assert_cmpint (values->next, ==, objects->next);
  g_assert_cmpint (values->has_more, ==, objects->has_more);
  g_assert_cmpint (values->total, ==, objects->total);

  for (guint i = 0; i < values->items->len; i++)
    {
      ChChange *o = g_ptr_array_index (objects->items, i);
      ChChange *v = g_ptr_array_index (values->items, i);
      const ChEntityInfo *info = ch_entity_lookup (o->entity);

      g_assert_cmpstr (v->entity, ==, o->entity);
      g_assert_cmpstr (v->id, ==, o->id);
      g_assert_cmpint (v->version, ==, o->version);
      g_assert_cmpint (v->deleted, ==, o->deleted);
      g_assert_true (v->info == info);
      if (info == NULL)
        {
          g_assert_nonnull (v->fields);
          continue;
        }

      for (guint k = 0; k < info->n_fields; k++)
        {
          JsonNode *node = json_object_get_member (o->fields, info->fields[k].name);
          const ChFieldValue *value = &v->values[k];

          if (node == NULL)
            g_assert_cmpint (value->kind, ==, CH_FIELD_VALUE_ABSENT);
          else if (JSON_NODE_HOLDS_NULL (node))
            g_assert_cmpint (value->kind, ==, CH_FIELD_VALUE_NULL);
          else if (!JSON_NODE_HOLDS_VALUE (node))
            g_assert_cmpint (value->kind, ==, CH_FIELD_VALUE_OTHER);
          else
            {
              g_assert_true (ch_field_value_is_scalar (value));
              g_assert_cmpstr (ch_field_value_get_string (value), ==,
                               json_node_get_string (node));
              g_assert_cmpint (ch_field_value_get_int (value), ==, json_node_get_int (node));
              g_assert_cmpint (ch_field_value_get_boolean (value), ==,
                               json_node_get_boolean (node));
              if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
                g_assert_cmpfloat (value->v.d, ==, json_node_get_double (node));
            }
        }
    }
}

/* The reader's values against the JsonObject of the same page, item by
 * item: the same fields, kinds and values. */
static void
test_read_page_values (void)
{
  g_autofree char *text = page_json ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ChChangesPage) objects = ch_protocol_parse_changes_page (text, strlen (text),
                                                                     &error);
  g_autoptr(ChChangesPage) values = ch_protocol_read_changes_page (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_cmpuint (values->items->len, ==, objects->items->len);
  g_assert_cmpint (values->next, ==, 13);
  g_assert_false (values->has_more);

  assert_same_pages (objects, values);
}

/* A page that is not JSON, or whose fields are not an object, is refused
 * with the same error either way. */
static void
test_read_page_errors (void)
{
  static const char *const bad[] = {
    "{\"epoch\":\"e\",\"items\":[{\"entity\":\"member\",\"id\":\"a\",\"version\":1,"
    "\"fields\":[1]}],\"next\":1,\"has_more\":false}",
    "{\"epoch\":\"e\",\"items\":[{\"entity\":\"member\",\"id\":\"a\",\"version\":1,"
    "\"fields\":{\"given_name\":\"x\\q\"}}],\"next\":1,\"has_more\":false}",
    "{\"epoch\":\"e\",\"items\":[{\"entity\":\"member\",\"id\":\"a\",\"version\":1,"
    "\"fields\":{\"birth_year\":01}}],\"next\":1,\"has_more\":false}",
    "{\"epoch\":\"e\",\"items\":[{\"entity\":\"member\",\"id\":\"a\",\"version\":1,"
    "\"fields\":{\"given_name\":\"x\"}],\"next\":1,\"has_more\":false}",
    "{\"epoch\":\"e\",\"items\":[{\"entity\":\"member\",\"id\":\"a\",\"version\":1,"
    "\"fields\":{\"given_name\":tru}}],\"next\":1,\"has_more\":false}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) e1 = NULL;
      g_autoptr(GError) e2 = NULL;
      g_autoptr(ChChangesPage) p1 = ch_protocol_parse_changes_page (bad[i], strlen (bad[i]),
                                                                    &e1);
      g_autoptr(ChChangesPage) p2 = ch_protocol_read_changes_page (bad[i], strlen (bad[i]),
                                                                   &e2);

      g_assert_null (p1);
      g_assert_null (p2);
      g_assert_nonnull (e1);
      g_assert_nonnull (e2);
      g_assert_cmpstr (e2->message, ==, e1->message);
    }
}

/* Pages damaged at random (bytes changed, cut short, a token of another
 * kind spliced in): both readers take the same pages, with the same
 * items and values, and refuse the others with the same message. */
static void
test_read_page_damaged (void)
{
  static const char *const tokens[] = {
    "1", "null", "\"s\"", "[]", "{}", "true", "-1", "1e999", "\"entity\":\"member\",",
    "\"fields\":{\"given_name\":7},", "\"\\u00e9\"", "\"\\ud800\"", "{\"a\":[{}]}",
  };
  g_autofree char *page = page_json ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261203);
  guint accepted = 0, refused = 0;

  for (guint round = 0; round < 3000; round++)
    {
      g_autofree char *data = g_strdup (page);
      gsize len = strlen (data);
      guint kind = round % 3;
      g_autoptr(GError) e1 = NULL;
      g_autoptr(GError) e2 = NULL;
      g_autoptr(ChChangesPage) p1 = NULL;
      g_autoptr(ChChangesPage) p2 = NULL;

      if (kind == 0)
        for (guint k = 0; k < 1 + round % 3; k++)
          data[g_rand_int_range (rand, 0, (gint32) len)] = (char) g_rand_int_range (rand, 1, 128);
      else if (kind == 1)
        len = g_rand_int_range (rand, 0, (gint32) len);
      else
        {
          gsize at = g_rand_int_range (rand, 0, (gint32) len);
          guint cut = g_rand_int_range (rand, 0, 8);
          const char *t = tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))];
          char *spliced = g_strdup_printf ("%.*s%s%s", (int) at, data, t,
                                           data + MIN (len, at + cut));

          g_free (data);
          data = spliced;
          len = strlen (data);
        }

      p1 = ch_protocol_parse_changes_page (data, len, &e1);
      p2 = ch_protocol_read_changes_page (data, len, &e2);
      g_assert_true ((p1 != NULL) == (p2 != NULL));
      if (p1 == NULL)
        {
          g_assert_cmpstr (e2->message, ==, e1->message);
          refused++;
          continue;
        }
      assert_same_pages (p1, p2);
      accepted++;
    }

  g_test_message ("damaged pages: %u taken, %u refused", accepted, refused);
  g_assert_cmpuint (accepted, >, 0);
  g_assert_cmpuint (refused, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/sync/values/same-rows-nothing-pending", GINT_TO_POINTER (FALSE),
                        test_values_as_objects);
  g_test_add_data_func ("/sync/values/same-rows-with-pending", GINT_TO_POINTER (TRUE),
                        test_values_as_objects);
  g_test_add_func ("/sync/values/read-page", test_read_page_values);
  g_test_add_func ("/sync/values/errors", test_read_page_errors);
  g_test_add_func ("/sync/values/damaged", test_read_page_damaged);

  return g_test_run ();
}
