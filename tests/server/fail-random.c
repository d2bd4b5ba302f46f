/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * LD_PRELOAD'ed into chapterhouse-server by test-server-admin: a kernel that
 * gives no random bytes.  getrandom() fails, and so does opening
 * /dev/urandom or /dev/random, the older way to the same bytes.
 */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/random.h>
#include <sys/types.h>

ssize_t
getrandom (void         *buf,
           size_t        len,
           unsigned int  flags)
{
  errno = ENOSYS;
  return -1;
}

int
open (const char *path,
      int         flags,
      ...)
{
  static int (*real_open) (const char *, int, ...);
  mode_t mode = 0;

  if (flags & (O_CREAT | O_TMPFILE))
    {
      va_list args;

      va_start (args, flags);
      mode = va_arg (args, mode_t);
      va_end (args);
    }

  if ((strcmp (path, "/dev/urandom") == 0 || strcmp (path, "/dev/random") == 0))
    {
      errno = ENOENT;
      return -1;
    }

  if (real_open == NULL)
    real_open = (int (*) (const char *, int, ...)) dlsym (RTLD_NEXT, "open");

  return real_open (path, flags, mode);
}
