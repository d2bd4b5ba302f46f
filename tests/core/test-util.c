/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-util"

#include "config.h"

#include <string.h>

#include "ch-chapter.h"
#include "ch-iso-date.h"
#include "ch-money.h"
#include "ch-tsan.h"
#include "ch-clock.h"
#include "ch-date.h"
#include "ch-email.h"
#include "ch-fold.h"
#include "ch-uuid.h"

/* ----------------------------------------------------------------------- */
/* Ids                                                                       */

static void
assert_uuid_layout (const char *id,
                    char        version)
{
  g_assert_nonnull (id);
  g_assert_cmpuint (strlen (id), ==, 36);
  g_assert_true (ch_uuid_is_valid (id));
  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        g_assert_cmpint (id[i], ==, '-');
      else
        g_assert_true (g_ascii_isdigit (id[i]) || (id[i] >= 'a' && id[i] <= 'f'));
    }
  g_assert_cmpint (id[14], ==, version);
  g_assert_nonnull (strchr ("89ab", id[19]));
}

static void
test_uuid7_format (void)
{
  g_autofree char *id = NULL;
  g_autofree char *hex = NULL;
  gint64 before = g_get_real_time () / 1000;
  gint64 after, ms;

  id = ch_uuid_new_v7 ();
  after = g_get_real_time () / 1000;
  assert_uuid_layout (id, '7');

  /* The first 48 bits are the Unix time in milliseconds. */
  hex = g_strndup (id, 8);
  ms = g_ascii_strtoll (hex, NULL, 16) << 16;
  g_free (hex);
  hex = g_strndup (id + 9, 4);
  ms |= g_ascii_strtoll (hex, NULL, 16);
  g_assert_cmpint (ms, >=, before);
  g_assert_cmpint (ms, <=, after + 5);
}

static void
test_uuid7_monotonic (void)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  /* Many in the same millisecond: they still sort in the order made, so
   * rows sort by creation and the server's indexes stay tight. */
  for (guint i = 0; i < 10000; i++)
    g_ptr_array_add (ids, ch_uuid_new_v7 ());

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = ids->pdata[i];

      g_assert_true (ch_uuid_is_valid (id));
      g_assert_cmpint (id[14], ==, '7');
      g_assert_nonnull (strchr ("89ab", id[19]));
      g_assert_true (g_hash_table_add (seen, (gpointer) id));
      if (i > 0 && strcmp (ids->pdata[i - 1], id) >= 0)
        g_error ("id %u (%s) does not sort after %s", i, id, (char *) ids->pdata[i - 1]);
    }
}

static void
uuid7_thread (gpointer data,
              gpointer user_data)
{
  GPtrArray *ids = data;

  /* GThreadPool hands @ids over unseen by ThreadSanitizer (ch-tsan.h). */
  CH_TSAN_ACQUIRE (ids);

  for (guint i = 0; i < 2000; i++)
    g_ptr_array_add (ids, ch_uuid_new_v7 ());
  CH_TSAN_RELEASE (ids);
}

static void
test_uuid7_threads (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *per_thread[4];
  GThreadPool *pool = g_thread_pool_new (uuid7_thread, NULL, 4, TRUE, NULL);

  for (guint t = 0; t < G_N_ELEMENTS (per_thread); t++)
    {
      per_thread[t] = g_ptr_array_new_with_free_func (g_free);
      CH_TSAN_RELEASE (per_thread[t]);
      g_thread_pool_push (pool, per_thread[t], NULL);
    }
  g_thread_pool_free (pool, FALSE, TRUE);
  for (guint t = 0; t < G_N_ELEMENTS (per_thread); t++)
    CH_TSAN_ACQUIRE (per_thread[t]);

  /* Rising within each thread, unique across all. */
  for (guint t = 0; t < G_N_ELEMENTS (per_thread); t++)
    {
      for (guint i = 0; i < per_thread[t]->len; i++)
        {
          g_assert_true (g_hash_table_add (seen, per_thread[t]->pdata[i]));
          if (i > 0)
            g_assert_cmpint (strcmp (per_thread[t]->pdata[i - 1], per_thread[t]->pdata[i]), <, 0);
        }
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 8000);

  for (guint t = 0; t < G_N_ELEMENTS (per_thread); t++)
    g_ptr_array_unref (per_thread[t]);
}

static void
test_uuid_for_name (void)
{
  const char *member = "01900000-0000-7000-8000-000000000001";
  g_autofree char *a = ch_uuid_for_name (member, "Azure");
  g_autofree char *b = ch_uuid_for_name (member, "Azure");
  g_autofree char *c = ch_uuid_for_name (member, "Security");
  g_autofree char *d = ch_uuid_for_name ("01900000-0000-7000-8000-000000000002", "Azure");
  g_autofree char *e = ch_uuid_for_name (member, "azure");

  /* Two officers tagging the same member make the same row. */
  assert_uuid_layout (a, '5');
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
  g_assert_cmpstr (a, !=, d);
  g_assert_cmpstr (a, !=, e);
  /* The same on every device and in every version: a fixed value. */
  g_assert_cmpstr (a, ==, "d031a0d4-e526-5661-a442-39eb03a29b08");
}

static void
test_uuid_is_valid (void)
{
  g_assert_true (ch_uuid_is_valid ("01900000-0000-7000-8000-000000000001"));
  g_assert_true (ch_uuid_is_valid ("01900000-0000-7000-8000-00000000000A"));
  g_assert_false (ch_uuid_is_valid (NULL));
  g_assert_false (ch_uuid_is_valid (""));
  g_assert_false (ch_uuid_is_valid ("01900000-0000-7000-8000-0000000000011"));
  g_assert_false (ch_uuid_is_valid ("01900000-0000-7000-8000-00000000000"));
  g_assert_false (ch_uuid_is_valid ("01900000_0000-7000-8000-000000000001"));
  g_assert_false (ch_uuid_is_valid ("0190000g-0000-7000-8000-000000000001"));
  g_assert_false (ch_uuid_is_valid ("'; DROP TABLE member; --aaaaaaaaaaaa"));
}

/* ----------------------------------------------------------------------- */
/* Text                                                                      */

static void
test_fold (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "Müller", "muller" },
    { "MÜLLER", "muller" },
    { "Åkesson", "akesson" },
    { "Öberg", "oberg" },
    { "Söderström", "soderstrom" },
    { "Weiß", "weiss" },
    { "Ørsted", "orsted" },
    { "Sørensen", "sorensen" },
    { "Łódź", "lodz" },
    { "Đorđević", "dordevic" },
    { "Æbeltoft", "aebeltoft" },
    { "İstanbul", "istanbul" },
    { "Yılmaz", "yilmaz" },
    { "François", "francois" },
    { "Nuñez", "nunez" },
    { "Dvořák", "dvorak" },
    { "Ó Briain", "o briain" },
    { "e\xcc\x81", "e" },  /* e + combining acute */
    { "Ångström 42", "angstrom 42" },
    { "", "" },
    { "\xff\xfe", "" },     /* not UTF-8 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = ch_fold (cases[i].in);

      g_assert_cmpstr (folded, ==, cases[i].out);
    }

  {
    g_autofree char *folded = ch_fold (NULL);

    g_assert_cmpstr (folded, ==, "");
  }

  /* Sorting by the folded key puts Å and Ö among the A and O names. */
  {
    g_autofree char *akesson = ch_fold ("Åkesson");
    g_autofree char *berg = ch_fold ("Berg");
    g_autofree char *oberg = ch_fold ("Öberg");
    g_autofree char *persson = ch_fold ("Persson");

    g_assert_cmpint (strcmp (akesson, berg), <, 0);
    g_assert_cmpint (strcmp (oberg, persson), <, 0);
  }
}

static void
test_email_is_valid (void)
{
  static const struct { const char *email; gboolean valid; } cases[] = {
    { "a@b.co", TRUE },
    { "anna.berg@example.com", TRUE },
    { "anna+chapter@example.co.uk", TRUE },
    { "o'connor@example.ie", TRUE },
    { "ÅSA@exempel.se", TRUE },
    { "anna@xn--mller-kva.de", TRUE },
    { "", FALSE },
    { "anna", FALSE },
    { "anna.example.com", FALSE },
    { "@example.com", FALSE },
    { "anna@", FALSE },
    { "anna@example", FALSE },
    { "anna@.com", FALSE },
    { "anna@example.", FALSE },
    { "anna@@example.com", FALSE },
    { "anna@b@example.com", FALSE },
    { "an na@example.com", FALSE },
    { "anna@exa mple.com", FALSE },
    { " anna@example.com", FALSE },
    { "anna@example.com ", FALSE },
    { "\tanna@example.com", FALSE },
    { "anna@example.com\n", FALSE },
    { "anna@example.com,bo@example.com", FALSE },
    { "anna@example.com;bo@example.com", FALSE },
    { "<anna@example.com>", FALSE },
    { "Anna <anna@example.com>", FALSE },
    { "\xff@example.com", FALSE },
  };

  g_assert_false (ch_email_is_valid (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = g_strescape (cases[i].email, NULL);

      g_test_message ("%s", shown);
      g_assert_cmpint (ch_email_is_valid (cases[i].email), ==, cases[i].valid);
    }
}

static void
test_email_normalize (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "anna@example.com", "anna@example.com" },
    { "  Anna.Berg@Example.COM\t", "anna.berg@example.com" },
    { "ÅSA@EXEMPEL.SE", "åsa@exempel.se" },
    { "   ", NULL },
    { "", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = ch_email_normalize (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

/* ----------------------------------------------------------------------- */
/* Money                                                                     */

static void
test_money_parse (void)
{
  static const struct { const char *text, *currency; gboolean ok; gint64 minor; } cases[] = {
    { "120", "EUR", TRUE, 12000 },
    { "120.5", "EUR", TRUE, 12050 },
    { "120,50", "EUR", TRUE, 12050 },
    { "120.05", "EUR", TRUE, 12005 },
    { " 7 ", "EUR", TRUE, 700 },
    { "0.01", "EUR", TRUE, 1 },
    { "0", "EUR", TRUE, 0 },
    { "1500", "SEK", TRUE, 150000 },
    { "1200", "JPY", TRUE, 1200 },
    { "1.234", "KWD", TRUE, 1234 },
    { "1.5", "KWD", TRUE, 1500 },
    { "92233720368547758.07", "EUR", TRUE, G_MAXINT64 },
    { "", "EUR", FALSE, 0 },
    { "   ", "EUR", FALSE, 0 },
    { ".", "EUR", FALSE, 0 },
    { "abc", "EUR", FALSE, 0 },
    { "12a", "EUR", FALSE, 0 },
    { "1.2.3", "EUR", FALSE, 0 },
    { "1,200.50", "EUR", FALSE, 0 },
    { "1.234", "EUR", FALSE, 0 },
    { "-5", "EUR", FALSE, 0 },
    { "+5", "EUR", FALSE, 0 },
    { "1 000", "EUR", FALSE, 0 },
    { "€5", "EUR", FALSE, 0 },
    { "1e3", "EUR", FALSE, 0 },
    { "1200.5", "JPY", FALSE, 0 },
    { "1,200", "JPY", FALSE, 0 },
    { "1.2345", "KWD", FALSE, 0 },
    /* Amounts too large to keep are refused, never wrapped around. */
    { "92233720368547758.08", "EUR", FALSE, 0 },
    { "92233720368547759", "EUR", FALSE, 0 },
    { "99999999999999999999", "EUR", FALSE, 0 },
    { "10000000000000000", "KWD", FALSE, 0 },
    { "9223372036854775808", "JPY", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 minor = -42;
      gboolean ok;

      g_test_message ("%s %s", cases[i].text, cases[i].currency);
      ok = ch_money_parse (cases[i].text, cases[i].currency, &minor);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        g_assert_cmpint (minor, ==, cases[i].minor);
      else
        g_assert_cmpint (minor, ==, -42);
    }

  {
    gint64 minor = -42;

    g_assert_false (ch_money_parse (NULL, "EUR", &minor));
    g_assert_cmpint (minor, ==, -42);
  }
}

/* Amounts as officers type them, in their locale (decimal "." or ","). */
static void
test_amount_parse (void)
{
  static const struct
  {
    const char *text, *currency, *decimal;
    gboolean ok;
    gint64 minor;
  } cases[] = {
    { "1 500,00", "SEK", ".", TRUE, 150000 },
    { "1 500,00", "SEK", ",", TRUE, 150000 },
    { "1 500 kr", "SEK", ",", TRUE, 150000 },
    { "1 500 kr.", "DKK", ",", TRUE, 150000 },
    { "1,500.00", "SEK", ".", TRUE, 150000 },
    { "1,500.00", "SEK", ",", TRUE, 150000 },
    { "1500", "SEK", ".", TRUE, 150000 },
    { "1500", "SEK", NULL, TRUE, 150000 },
    { "1500,50", "SEK", ",", TRUE, 150050 },
    { "1500,50", "SEK", ".", TRUE, 150050 },
    { "1500.5", "EUR", ",", TRUE, 150050 },
    { "1.500", "EUR", ",", TRUE, 150000 },
    { "1,500", "EUR", ".", TRUE, 150000 },
    { "1,500", "EUR", ",", TRUE, 150000 },
    { "1.500", "EUR", ".", TRUE, 150000 },
    { "1,234", "KWD", ",", TRUE, 1234 },
    { "1,234", "KWD", ".", TRUE, 1234000 },
    { "1.500,00 €", "EUR", ",", TRUE, 150000 },
    { "€1,500.00", "EUR", ".", TRUE, 150000 },
    { "SEK 1 500", "SEK", ",", TRUE, 150000 },
    { "1500 sek", "SEK", ",", TRUE, 150000 },
    { "1 500:-", "SEK", ",", TRUE, 150000 },
    { "1'500.00", "CHF", ".", TRUE, 150000 },
    { "1\u00a0500,00", "SEK", ",", TRUE, 150000 },
    { "1\u202f500,00", "SEK", ",", TRUE, 150000 },
    { "1 234 567,89", "EUR", ",", TRUE, 123456789 },
    { "1,234,567.89", "EUR", ".", TRUE, 123456789 },
    { "1.234.567", "EUR", ".", TRUE, 123456700 },
    { "1,200", "JPY", ",", TRUE, 1200 },
    { "1.234", "KWD", ".", TRUE, 1234 },
    { "", "SEK", ",", FALSE, 0 },
    { "kr", "SEK", ",", FALSE, 0 },
    { "1 50 0", "SEK", ",", FALSE, 0 },
    { "15 00", "SEK", ",", FALSE, 0 },
    { "1,5,00", "SEK", ",", FALSE, 0 },
    { "1.500.5", "EUR", ",", FALSE, 0 },
    { "1,500.00.00", "EUR", ".", FALSE, 0 },
    { "1.500,00,00", "EUR", ",", FALSE, 0 },
    { "1,500.00,5", "EUR", ".", FALSE, 0 },
    { "1 500 EUR", "SEK", ",", FALSE, 0 },
    { "-1500", "SEK", ",", FALSE, 0 },
    { "12a", "SEK", ",", FALSE, 0 },
    { "1500,505", "SEK", ",", FALSE, 0 },
    { "1200.5", "JPY", ".", FALSE, 0 },
    { " 1500", "SEK", ",", TRUE, 150000 },
    { "1 500 ", "SEK", ",", TRUE, 150000 },
    { "1  500", "SEK", ",", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 minor = -42;
      gboolean ok;

      g_test_message ("“%s” %s, decimal %s", cases[i].text, cases[i].currency,
                      cases[i].decimal ? cases[i].decimal : "(none)");
      ok = ch_money_parse_amount (cases[i].text, cases[i].currency, cases[i].decimal, &minor);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        g_assert_cmpint (minor, ==, cases[i].minor);
      else
        g_assert_cmpint (minor, ==, -42);
    }
}

static void
test_money_format (void)
{
  static const struct { gint64 minor; const char *currency, *text; } cases[] = {
    { 12000, "EUR", "EUR 120.00" },
    { 12050, "EUR", "EUR 120.50" },
    { 5, "EUR", "EUR 0.05" },
    { 0, "SEK", "SEK 0.00" },
    { -150, "EUR", "EUR -1.50" },
    { -5, "EUR", "EUR -0.05" },
    { 1200, "JPY", "JPY 1200" },
    { -1200, "JPY", "JPY -1200" },
    { 1234, "KWD", "KWD 1.234" },
    { 5, "KWD", "KWD 0.005" },
    { G_MAXINT64, "EUR", "EUR 92233720368547758.07" },
  };

  g_assert_cmpuint (ch_money_currency_digits ("EUR"), ==, 2);
  g_assert_cmpuint (ch_money_currency_digits ("JPY"), ==, 0);
  g_assert_cmpuint (ch_money_currency_digits ("KWD"), ==, 3);
  g_assert_cmpuint (ch_money_currency_digits (NULL), ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ch_money_format (cases[i].minor, cases[i].currency);

      g_assert_cmpstr (text, ==, cases[i].text);

      /* What is shown reads back as the same amount. */
      if (cases[i].minor >= 0)
        {
          gint64 back = -1;

          g_assert_true (ch_money_parse (text + 4, cases[i].currency, &back));
          g_assert_cmpint (back, ==, cases[i].minor);
        }
    }
}

/* ----------------------------------------------------------------------- */
/* Dates                                                                     */

static void
test_date_parse (void)
{
  static const char *valid[] = { "2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31",
                                 "2026-11-23" };
  /* What ch_date_parse() accepts, the status rule must read as a date too. */
  static const char *invalid[] = {
    "", "2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01", "2024-00-01", "2024-01-00",
    "24-01-01", "2024-1-1", "2024/01/01", "20240101", "2024-01-01T00:00", "2024-+1-05",
    "2024-01- 5", "2024- 1-05", "+024-01-05", " 024-01-05", "2024-01-+5", "0000-01-01",
    "2024-01-0/", "2024-01-0:", "/024-01-05", "2024-01-01 ", "2024-0\x01-05",
  };
  GDate date;

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autofree char *back = NULL;

      g_assert_true (ch_date_parse (valid[i], &date));
      g_assert_true (g_date_valid (&date));
      back = ch_date_format (&date);
      g_assert_cmpstr (back, ==, valid[i]);
      g_assert_cmpint (ch_iso_date_to_days (valid[i], -1), ==,
                       (gint32) g_date_get_julian (&date) - 1);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_test_message ("“%s”", invalid[i]);
      g_assert_false (ch_date_parse (invalid[i], &date));
      g_assert_false (g_date_valid (&date));
      g_assert_cmpint (ch_iso_date_to_days (invalid[i], -1), ==, -1);
    }

  /* The same count from numbers. */
  g_assert_cmpint (ch_iso_date_days_of (2024, 2, 29), ==, ch_iso_date_to_days ("2024-02-29", -1));
  g_assert_cmpint (ch_iso_date_days_of (1, 1, 1), ==, 0);
  g_assert_cmpint (ch_iso_date_days_of (2023, 2, 29), ==, -1);
  g_assert_cmpint (ch_iso_date_days_of (10000, 1, 1), ==, -1);
  g_assert_cmpint (ch_iso_date_days_of (2024, 13, 1), ==, -1);
  g_assert_cmpint (ch_iso_date_days_of (2024, 4, 31), ==, -1);

  g_assert_false (ch_date_parse (NULL, &date));
  g_assert_null (ch_date_format (NULL));
  g_date_clear (&date, 1);
  g_assert_null (ch_date_format (&date));
}

static void
test_date_today (void)
{
  GDate local, kiritimati, pago_pago, fallback;
  g_autofree char *now = ch_clock_now_utc_iso ();

  ch_date_today (NULL, &local);
  ch_date_today ("Pacific/Kiritimati", &kiritimati);
  ch_date_today ("Pacific/Pago_Pago", &pago_pago);
  ch_date_today ("Not/AZone", &fallback);

  g_assert_true (g_date_valid (&local));
  /* Kiritimati (UTC+14) is 25 hours ahead of Pago Pago (UTC-11): its
   * date is always one or two days later. */
  g_assert_cmpint (g_date_days_between (&pago_pago, &kiritimati), >=, 1);
  g_assert_cmpint (g_date_days_between (&pago_pago, &kiritimati), <=, 2);
  g_assert_cmpint (ABS (g_date_days_between (&local, &fallback)), <=, 1);

  g_assert_cmpuint (strlen (now), ==, 20);
  g_assert_cmpint (now[10], ==, 'T');
  g_assert_cmpint (now[19], ==, 'Z');
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/util/uuid7/format", test_uuid7_format);
  g_test_add_func ("/util/uuid7/monotonic", test_uuid7_monotonic);
  g_test_add_func ("/util/uuid7/threads", test_uuid7_threads);
  g_test_add_func ("/util/uuid-for-name", test_uuid_for_name);
  g_test_add_func ("/util/uuid-is-valid", test_uuid_is_valid);
  g_test_add_func ("/util/fold", test_fold);
  g_test_add_func ("/util/email/valid", test_email_is_valid);
  g_test_add_func ("/util/email/normalize", test_email_normalize);
  g_test_add_func ("/util/money/parse", test_money_parse);
  g_test_add_func ("/util/money/format", test_money_format);
  g_test_add_func ("/util/money/amount-parse", test_amount_parse);
  g_test_add_func ("/util/date/parse", test_date_parse);
  g_test_add_func ("/util/date/today", test_date_today);

  return g_test_run ();
}
