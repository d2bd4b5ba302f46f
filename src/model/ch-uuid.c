/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ch-uuid"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ch-clock.h"
#include "ch-email.h"
#include "ch-tsan.h"
#include "ch-uuid.h"

G_LOCK_DEFINE_STATIC (uuid7);

/* The 8-4-4-4-12 text of @b, lower case (what "%02x" gave, without the
 * printf machinery: an import makes three ids per member). */
static char *
format_uuid (const guint8 *b)
{
  static const char hex[] = "0123456789abcdef";
  char *text = g_malloc (37);
  char *p = text;

  for (guint i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        *p++ = '-';
      *p++ = hex[b[i] >> 4];
      *p++ = hex[b[i] & 0x0f];
    }
  *p = '\0';

  return text;
}

char *
ch_uuid_new_v7 (void)
{
  static guint64 last_ms;
  static guint32 counter;
  guint8 b[16];
  guint64 ms;
  guint32 seq;

  ms = (guint64) (ch_clock_now_us () / 1000);

  G_LOCK (uuid7);
  CH_TSAN_ACQUIRE (&G_LOCK_NAME (uuid7));
  if (ms <= last_ms)
    {
      /* Same millisecond or a clock that went back: keep ids rising. */
      ms = last_ms;
      counter++;
      if (counter > 0xfff)
        {
          ms = ++last_ms;
          counter = (guint32) g_random_int_range (0, 0x400);
        }
    }
  else
    {
      last_ms = ms;
      counter = (guint32) g_random_int_range (0, 0x400);
    }
  /* Read under the lock: another thread may move it on at once. */
  seq = counter;
  CH_TSAN_RELEASE (&G_LOCK_NAME (uuid7));
  G_UNLOCK (uuid7);

  b[0] = (ms >> 40) & 0xff;
  b[1] = (ms >> 32) & 0xff;
  b[2] = (ms >> 24) & 0xff;
  b[3] = (ms >> 16) & 0xff;
  b[4] = (ms >> 8) & 0xff;
  b[5] = ms & 0xff;
  b[6] = 0x70 | ((seq >> 8) & 0x0f);
  b[7] = seq & 0xff;
  for (guint i = 8; i < 16; i += 4)
    {
      guint32 r = g_random_int ();
      memcpy (&b[i], &r, 4);
    }
  b[8] = (b[8] & 0x3f) | 0x80;

  return format_uuid (b);
}

char *
ch_uuid_for_name (const char *namespace_str,
                  const char *name)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 b[20];
  gsize len = sizeof b;

  g_return_val_if_fail (namespace_str != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  g_checksum_update (sum, (const guchar *) namespace_str, -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  g_checksum_update (sum, (const guchar *) name, -1);
  g_checksum_get_digest (sum, b, &len);

  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;

  return format_uuid (b);
}

gboolean
ch_uuid_is_valid (const char *str)
{
  if (str == NULL || strlen (str) != 36)
    return FALSE;

  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (str[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isxdigit (str[i]))
        return FALSE;
    }

  return TRUE;
}

char *
ch_uuid_for_registration (const char *event_id,
                          const char *member_id,
                          const char *guest_email)
{
  g_autofree char *email = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (event_id != NULL, NULL);

  if (member_id != NULL && *member_id != '\0')
    name = g_strconcat ("registration:member:", member_id, NULL);
  else if ((email = ch_email_normalize (guest_email)) != NULL)
    name = g_strconcat ("registration:guest:", email, NULL);
  else
    return NULL;

  return ch_uuid_for_name (event_id, name);
}
